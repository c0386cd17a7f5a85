package feedbacksql_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/sqldb"
	"congvu/sqldb/feedbacksql"
	"congvu/sqldb/sqldbtest"
)

// fbRollupKey is a row of a rollup table: a unit or official, a Vietnam
// date and (item tables) a standard item code.
type fbRollupKey struct {
	id        int64
	day, code string
}

// fbDayOf reads a DATE as both engines return it.
func fbDayOf(v any) string {
	switch x := v.(type) {
	case time.Time:
		return x.Format(time.DateOnly)
	case string:
		return x[:10]
	case []byte:
		return string(x[:10])
	}
	return fmt.Sprint(v)
}

// fbCheckRollups recomputes every rollup row from the raw ratings — a
// rating counts on its Vietnam date in its unit, every ancestor and its
// official; accepted ones by satisfaction and item, the others in their
// own column — and compares with the four rollup tables, row by row.
func fbCheckRollups(t *testing.T, db *sqldb.DB) {
	t.Helper()
	paths := map[int64]string{}
	rows, err := db.Read.Query(`SELECT id, path FROM units`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var p string
		if err := rows.Scan(&id, &p); err != nil {
			t.Fatal(err)
		}
		paths[id] = p
	}
	rows.Close()
	type rating struct {
		unit, official int64
		status, sat    string
		day            string
	}
	ratings := map[int64]*rating{}
	rows, err = db.Read.Query(`SELECT id, unit_id, COALESCE(official_id, 0), status, satisfaction, submitted_at FROM feedback`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		r := &rating{}
		var at time.Time
		if err := rows.Scan(&id, &r.unit, &r.official, &r.status, &r.sat, &at); err != nil {
			t.Fatal(err)
		}
		r.day = feedbacksql.RollupDay(at).Format(time.DateOnly)
		ratings[id] = r
	}
	rows.Close()
	wantTally := map[string]map[fbRollupKey][6]int{"rollup_unit_day": {}, "rollup_official_day": {}}
	wantItems := map[string]map[fbRollupKey][2]int{"rollup_unit_day": {}, "rollup_official_day": {}}
	ids := func(r *rating) (units []int64) {
		for _, s := range strings.Split(strings.Trim(paths[r.unit], "/"), "/") {
			var id int64
			fmt.Sscan(s, &id)
			units = append(units, id)
		}
		return units
	}
	for _, r := range ratings {
		col := map[string]int{"flagged": 4, "rejected": 5}[r.status]
		if r.status == "accepted" {
			col = map[string]int{"very_satisfied": 1, "satisfied": 2, "dissatisfied": 3}[r.sat]
		}
		add := func(table string, id int64) {
			k := fbRollupKey{id: id, day: r.day}
			v := wantTally[table][k]
			v[col]++
			if r.status == "accepted" {
				v[0]++
			}
			wantTally[table][k] = v
		}
		for _, u := range ids(r) {
			add("rollup_unit_day", u)
		}
		if r.official != 0 {
			add("rollup_official_day", r.official)
		}
	}
	rows, err = db.Read.Query(`SELECT id, answers_asked, answers_yes FROM feedback`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var asked, yeses int
		if err := rows.Scan(&id, &asked, &yeses); err != nil {
			t.Fatal(err)
		}
		r := ratings[id]
		if r.status != "accepted" {
			continue
		}
		for code, yes := range feedback.UnpackAnswers(asked, yeses) {
			add := func(table string, id int64) {
				k := fbRollupKey{id, r.day, code}
				v := wantItems[table][k]
				v[1]++
				if yes {
					v[0]++
				}
				wantItems[table][k] = v
			}
			for _, u := range ids(r) {
				add("rollup_unit_day", u)
			}
			if r.official != 0 {
				add("rollup_official_day", r.official)
			}
		}
	}
	rows.Close()

	for table, want := range wantTally {
		col := "unit_id"
		if strings.Contains(table, "official") {
			col = "official_id"
		}
		got := map[fbRollupKey][6]int{}
		rows, err := db.Read.Query(`SELECT ` + col + `, day, total, very_satisfied, satisfied, dissatisfied, flagged, rejected FROM ` + table)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var k fbRollupKey
			var day any
			var v [6]int
			if err := rows.Scan(&k.id, &day, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]); err != nil {
				t.Fatal(err)
			}
			k.day = fbDayOf(day)
			if v != [6]int{} {
				got[k] = v
			}
		}
		rows.Close()
		if !maps.Equal(got, want) {
			for _, k := range slices.SortedFunc(maps.Keys(want), func(a, b fbRollupKey) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) }) {
				if got[k] != want[k] {
					t.Errorf("%s %+v: rollup %v, raw ratings %v", table, k, got[k], want[k])
				}
			}
			for k := range got {
				if _, ok := want[k]; !ok {
					t.Errorf("%s %+v: rollup %v without ratings", table, k, got[k])
				}
			}
		}
	}
	for table, want := range wantItems {
		col := "unit_id"
		if strings.Contains(table, "official") {
			col = "official_id"
		}
		got := map[fbRollupKey][2]int{}
		var cols []string
		for _, c := range feedback.FourXinCodes {
			cols = append(cols, fbItemCol(c)+"_yes", fbItemCol(c)+"_asked")
		}
		rows, err := db.Read.Query(`SELECT ` + col + `, day, ` + strings.Join(cols, ", ") + ` FROM ` + table)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			var day any
			var v [16]int
			dst := []any{&id, &day}
			for i := range v {
				dst = append(dst, &v[i])
			}
			if err := rows.Scan(dst...); err != nil {
				t.Fatal(err)
			}
			for i, code := range feedback.FourXinCodes {
				if y, a := v[2*i], v[2*i+1]; y != 0 || a != 0 {
					got[fbRollupKey{id, fbDayOf(day), code}] = [2]int{y, a}
				}
			}
		}
		rows.Close()
		if !maps.Equal(got, want) {
			t.Errorf("%s: %d rows differ from the raw answers (%d rows, want %d)", table, len(got), len(got), len(want))
		}
	}
}

func TestImportFeedback(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := fbSetup(t, db)
		sys := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("test"))
		now := x.clock.Now()
		day := func(d int, h, m int) time.Time { // d days ago, at h:m in Vietnam
			y, mo, dd := now.In(congvu.TimeZone).AddDate(0, 0, -d).Date()
			return time.Date(y, mo, dd, h, m, 0, 0, congvu.TimeZone)
		}
		ptr := func(t time.Time) *time.Time { return &t }
		const kioskKey = "kiosk0demo0key0c1000000001"
		const openToken = "dossier0open0token00000001"
		in := feedback.Import{
			Key:    "thu-nghiem",
			Kiosks: []feedback.KioskRecord{{UnitID: x.C1, Name: "Quầy  số 1", DeviceKey: kioskKey, CreatedAt: day(30, 7, 0)}},
			Dossiers: []feedback.DossierRecord{
				{Code: "HS-1", UnitID: x.C1, OfficialID: x.an.ID, ProcedureName: "Đăng ký khai sinh", ReceivedAt: day(10, 8, 0), DueAt: day(8, 17, 0),
					ReturnedAt: ptr(day(5, 9, 0)), DelayReason: "Chờ xác minh", NewDueAt: ptr(day(5, 17, 0)), RatingToken: "dossier0rated0token0000001"},
				{Code: "HS-2", UnitID: x.C1, OfficialID: x.binh.ID, ReceivedAt: day(4, 8, 0), DueAt: day(2, 17, 0), ReturnedAt: ptr(day(2, 10, 0)), RatingToken: openToken},
			},
		}
		rate := func(r feedback.Record) { in.Ratings = append(in.Ratings, r) }
		for d := 1; d <= 20; d++ {
			rate(feedback.Record{Channel: feedback.ChannelBadge, OfficialID: x.an.ID, Satisfaction: feedback.VerySatisfied, Answers: fbAllYes(),
				Comment: "Cán bộ rất tận tình", IP: fmt.Sprintf("203.0.113.%d", d), SubmittedAt: day(d, 8, d)})
			rate(feedback.Record{Channel: feedback.ChannelBadge, OfficialID: x.binh.ID, Satisfaction: feedback.Dissatisfied, Answers: fbAllYes("GT-XL", "GT-LN"),
				Comment: "Phai cho lau qua", IP: fmt.Sprintf("203.0.113.%d", d), SubmittedAt: day(d, 14, 30)})
		}
		rate(feedback.Record{Channel: feedback.ChannelCounter, UnitID: x.C1, Satisfaction: feedback.Satisfied, IP: "192.0.2.1", SubmittedAt: day(3, 9, 0)})
		rate(feedback.Record{Channel: feedback.ChannelKiosk, KioskKey: kioskKey, Satisfaction: feedback.Satisfied, Answers: fbAllYes(), SubmittedAt: day(3, 9, 5)})
		rate(feedback.Record{Channel: feedback.ChannelKiosk, KioskKey: strings.ToUpper(kioskKey), OfficialID: x.binh.ID, Satisfaction: feedback.VerySatisfied, SubmittedAt: day(2, 9, 5)})
		rate(feedback.Record{Channel: feedback.ChannelDossier, UnitID: x.C1, DossierCode: "HS-1", Satisfaction: feedback.Satisfied, Answers: fbAllYes("GT-XL"), SubmittedAt: day(5, 10, 0)})
		rate(feedback.Record{Channel: feedback.ChannelBadge, OfficialID: x.an.ID, Satisfaction: feedback.VerySatisfied, FillTime: time.Second, IP: "192.0.2.2", SubmittedAt: day(6, 10, 0)})
		rate(feedback.Record{Channel: feedback.ChannelCounter, UnitID: x.D2, Satisfaction: feedback.Satisfied, Status: feedback.Rejected, FlagReason: "nhập tay", SubmittedAt: day(6, 11, 0)})
		// A burst: 40 ratings of one official in 5 minutes from one address.
		for i := range 40 {
			rate(feedback.Record{Channel: feedback.ChannelBadge, OfficialID: x.chi.ID, Satisfaction: feedback.VerySatisfied, Answers: fbAllYes(),
				IP: "198.51.100.77", SubmittedAt: day(7, 9, 0).Add(time.Duration(i) * 7 * time.Second)})
		}

		// Only the command-line operator may import.
		admin := congvu.NewContextWithActor(context.Background(), &congvu.Actor{UserID: 5, Username: "admin",
			Grants: []congvu.Grant{{Role: congvu.RoleAdmin, UnitID: 1}}})
		if _, err := x.fs.ImportFeedback(admin, in); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("admin imports: %v", err)
		}
		// A bad record refuses the whole import.
		bad := in
		bad.Ratings = append(slices.Clone(in.Ratings), feedback.Record{Channel: feedback.ChannelBadge, OfficialID: 999999, Satisfaction: feedback.Satisfied, SubmittedAt: day(1, 9, 0)})
		if _, err := x.fs.ImportFeedback(sys, bad); congvu.ErrorCode(err) != congvu.EINVALID || !strings.Contains(congvu.ErrorMessage(err), "Đánh giá thứ") {
			t.Fatalf("bad record: %v", err)
		}
		if done, err := x.fs.FeedbackImported(sys, in.Key); err != nil || done {
			t.Fatalf("after a refused import: imported %v, %v", done, err)
		}
		if n := fbRaw(t, db, "/1/", 0); n != (fbTally{}) {
			t.Fatalf("refused import wrote %+v", n)
		}

		res, err := x.fs.ImportFeedback(sys, in)
		if err != nil {
			t.Fatal(err)
		}
		want := feedback.ImportResult{Ratings: len(in.Ratings), Kiosks: 1, Dossiers: 2, Verified: 1, Comments: 40,
			Flagged: 34 + 1, Rejected: 1, Accepted: len(in.Ratings) - 35 - 1}
		want.Answers = res.Answers
		if *res != want {
			t.Errorf("result %+v\nwant   %+v", *res, want)
		}
		if res.Answers != 20*8*2+8+8+40*8 {
			t.Errorf("answers %d", res.Answers)
		}
		fbCheckRollups(t, db)

		// The burst met the rules as Submit applies them: 6 counted, the
		// rest flagged for coming from one address (none refused: an address
		// may be shared), the 16th on as a burst too.
		list, _, err := x.fs.FindFeedback(sys, feedback.Filter{OfficialID: x.chi.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		count := map[feedback.Status]int{}
		bursts := 0
		for _, f := range list {
			count[f.Status]++
			if f.Status == feedback.Flagged && !strings.Contains(f.FlagReason, "cùng một cán bộ từ một địa chỉ mạng") {
				t.Errorf("burst flag reason %q", f.FlagReason)
			}
			if strings.Contains(f.FlagReason, "dồn dập") {
				bursts++
			}
		}
		if count[feedback.Accepted] != 6 || count[feedback.Flagged] != 34 || count[feedback.Rejected] != 0 || bursts != 40-feedback.BurstPerOfficial {
			t.Errorf("burst statuses %v", count)
		}
		if got := fbRollup(t, db, "rollup_official_day", "official_id", x.chi.ID); got != (fbTally{total: 6, very: 6, flagged: 34}) {
			t.Errorf("burst rollup %+v", got)
		}
		// IP addresses are stored as pseudonyms only.
		var clear, pseudonyms int
		if err := db.Read.QueryRow(`SELECT COUNT(*) FROM feedback WHERE ip_hash LIKE '%198.51%'`).Scan(&clear); err != nil || clear != 0 {
			t.Errorf("%d ratings with a clear address (%v)", clear, err)
		}
		if err := db.Read.QueryRow(`SELECT COUNT(DISTINCT ip_hash) FROM feedback WHERE official_id = $1`, x.chi.ID).Scan(&pseudonyms); err != nil || pseudonyms != 1 {
			t.Errorf("the burst's address has %d pseudonyms (%v)", pseudonyms, err)
		}

		// The kiosk and the open dossier work with their known secrets; the
		// rated dossier is rated.
		if k, err := x.fs.KioskByKey(context.Background(), kioskKey); err != nil || k.UnitID != x.C1 || k.LastSeen == nil {
			t.Errorf("kiosk %+v %v", k, err)
		}
		if _, err := x.fs.Target(context.Background(), feedback.ChannelDossier, "dossier0rated0token0000001"); congvu.ErrorCode(err) != congvu.ECONFLICT {
			t.Errorf("rated dossier: %v", err)
		}
		fb, err := x.fs.Submit(fbFromIP("192.0.2.50"), feedback.Input{DossierToken: openToken, Satisfaction: feedback.VerySatisfied, Answers: fbAllYes()})
		if err != nil || !fb.Verified || fb.OfficialID != x.binh.ID {
			t.Errorf("rating the open dossier: %+v %v", fb, err)
		}
		d, err := x.fs.FindDossier(sys, x.C1, "HS-1")
		if err != nil || d.RatedAt == nil || !d.Late(now) || d.DelayReason != "Chờ xác minh" {
			t.Errorf("dossier %+v %v", d, err)
		}

		// Live ratings and reviews keep the rollups right on top.
		if _, err := x.fs.Submit(fbFromIP("192.0.2.51"), feedback.Input{BadgeToken: x.an.BadgeToken, Satisfaction: feedback.Dissatisfied, Answers: fbAllYes("GT-MC")}); err != nil {
			t.Fatal(err)
		}
		if _, err := x.fs.ReviewFeedback(sys, list[len(list)-1].ID, feedback.Accepted, "đã xác minh"); err != nil {
			t.Fatal(err)
		}
		fbCheckRollups(t, db)

		// Imported ratings show in the comment search and the dashboards.
		dash := feedbacksql.NewDashboardService(db)
		cs, n, err := dash.Comments(sys, feedback.Filter{UnitID: x.P1, Query: "cho lau"})
		if err != nil || n != 20 || len(cs) == 0 {
			t.Errorf("comment search: %d (%v)", n, err)
		}
		dd, err := dash.Dashboard(sys, feedback.DashboardFilter{UnitID: x.C1})
		if err != nil || dd.Tally.Total == 0 {
			t.Errorf("dashboard %+v %v", dd, err)
		}

		// Importing the same key again writes nothing.
		var before int
		db.Read.QueryRow(`SELECT COUNT(*) FROM audit_events`).Scan(&before)
		again, err := x.fs.ImportFeedback(sys, in)
		if err != nil || !again.AlreadyImported || again.Ratings != 0 {
			t.Errorf("second import %+v %v", again, err)
		}
		var after int
		db.Read.QueryRow(`SELECT COUNT(*) FROM audit_events`).Scan(&after)
		if after != before {
			t.Errorf("second import wrote %d audit events", after-before)
		}
	})
}
