package feedbacksql_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/feedbacksql"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
	"congvu/vntext"
)

// seedRating is one rating of the dashboard fixture.
type seedRating struct {
	unit     *org.Unit
	official int64
	day      time.Time // a Vietnam date (midnight, congvu.TimeZone)
	sat      feedback.Satisfaction
	status   feedback.Status
	answers  map[string]bool
	comment  string
}

// dashFixture is a small tree with ratings:
//
//	VN ─ P (Thái Bình) ─ D (Đông Hưng) ─ C1 (Xã An), C2 (Xã Bình), C3 (closed)
//	   └ Q (Hà Nội) ─ QC
//
// officials O1, O2 in C1, O3 in QC.
type dashFixture struct {
	db         *sqldb.DB
	svc        *feedbacksql.DashboardService
	units      map[string]*org.Unit
	o1, o2, o3 *org.Official
	ratings    []seedRating
	rollupDays int // rollup_unit_day rows written
}

var fixtureNow = time.Date(2026, 3, 31, 10, 0, 0, 0, congvu.TimeZone)

func vnDay(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, congvu.TimeZone)
}

func newDashFixture(t *testing.T, db *sqldb.DB) *dashFixture {
	t.Helper()
	db.Now = func() time.Time { return fixtureNow }
	fx := newDashTree(t, db)
	fx.seedRatings()
	fx.seedRollups(t)
	fx.seedFeedback(t)
	return fx
}

// newDashTree builds the fixture's units and officials, without ratings.
func newDashTree(t *testing.T, db *sqldb.DB) *dashFixture {
	t.Helper()
	ctx := sqldbtest.Sys()
	if _, err := standardsql.NewStandardService(db).EnsureCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	us, os := orgsql.NewUnitService(db), orgsql.NewOfficialService(db)
	fx := &dashFixture{db: db, svc: feedbacksql.NewDashboardService(db), units: map[string]*org.Unit{}}
	root, err := us.FindUnitByCode(ctx, congvu.RootUnitCode)
	if err != nil {
		t.Fatal(err)
	}
	fx.units["VN"] = root
	for _, u := range []struct {
		code, name, parent string
		kind               org.UnitKind
	}{
		{"P", "Tỉnh Thái Bình", "VN", org.KindProvince},
		{"Q", "Thành phố Hà Nội", "VN", org.KindProvince},
		{"D", "Huyện Đông Hưng", "P", org.KindDistrict},
		{"C1", "Xã An", "D", org.KindCommune},
		{"C2", "Xã Bình", "D", org.KindCommune},
		{"C3", "Xã Cũ", "D", org.KindCommune},
		{"QC", "Phường Hàng Bạc", "Q", org.KindCommune},
	} {
		unit, err := us.CreateUnit(ctx, org.UnitInput{Code: u.code, Name: u.name, Kind: u.kind, ParentID: fx.units[u.parent].ID})
		if err != nil {
			t.Fatal(err)
		}
		fx.units[u.code] = unit
	}
	if _, err := db.Write.Exec(`UPDATE units SET active = FALSE WHERE id = $1`, fx.units["C3"].ID); err != nil {
		t.Fatal(err)
	}
	mk := func(code, name, unit string) *org.Official {
		o, err := os.CreateOfficial(ctx, org.OfficialInput{UnitID: fx.units[unit].ID, EmployeeCode: code, FullName: name, Category: org.CategoryCivilServant})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	fx.o1, fx.o2, fx.o3 = mk("O1", "Nguyễn Văn Một", "C1"), mk("O2", "Trần Thị Hai", "C1"), mk("O3", "Lê Văn Ba", "QC")
	return fx
}

// seedRatings lists the fixture's ratings.
func (fx *dashFixture) seedRatings() {
	// Ratings: C1 gets 40 over January–March through O1 and O2 (ranked),
	// C2 gets 5, all very satisfied (not ranked, however good), QC gets 12,
	// plus flagged and rejected ones that count only in their columns.
	rng := rand.New(rand.NewPCG(7, 11))
	sats := feedback.Satisfactions
	add := func(r seedRating) { fx.ratings = append(fx.ratings, r) }
	answers := func() map[string]bool {
		m := map[string]bool{}
		for i, c := range feedback.FourXinCodes {
			if rng.IntN(10) == 0 {
				continue // unanswered
			}
			// Item i is kept with probability falling with i: GT-GD weakest.
			m[c] = rng.IntN(100) < 95-8*i
		}
		return m
	}
	comments := []string{"Cán bộ rất tận tình, chu đáo", "Phải chờ lâu, cán bộ không xin lỗi", "Đúng giờ, nhanh gọn", ""}
	for i := 0; i < 40; i++ {
		off := fx.o1.ID
		if i%3 == 0 {
			off = fx.o2.ID
		}
		add(seedRating{unit: fx.units["C1"], official: off, day: vnDay(2026, 1, 1).AddDate(0, 0, i*2), sat: sats[rng.IntN(3)],
			status: feedback.Accepted, answers: answers(), comment: comments[i%4]})
	}
	for i := 0; i < 5; i++ {
		add(seedRating{unit: fx.units["C2"], day: vnDay(2026, 2, 10+i), sat: feedback.VerySatisfied, status: feedback.Accepted, answers: answers()})
	}
	for i := 0; i < 12; i++ {
		add(seedRating{unit: fx.units["QC"], official: fx.o3.ID, day: vnDay(2026, 3, 1+i), sat: sats[i%3], status: feedback.Accepted,
			answers: answers(), comment: "Hà Nội: tận tình"})
	}
	add(seedRating{unit: fx.units["C1"], official: fx.o1.ID, day: vnDay(2026, 3, 5), sat: feedback.VerySatisfied, status: feedback.Flagged, answers: answers(), comment: "tận tình tuyệt vời gắn cờ"})
	add(seedRating{unit: fx.units["C1"], official: fx.o1.ID, day: vnDay(2026, 3, 5), sat: feedback.VerySatisfied, status: feedback.Flagged, answers: answers()})
	add(seedRating{unit: fx.units["C2"], day: vnDay(2026, 3, 6), sat: feedback.Dissatisfied, status: feedback.Rejected, answers: answers()})
	// Before the usual range: only a long range sees it.
	add(seedRating{unit: fx.units["D"], day: vnDay(2025, 12, 30), sat: feedback.Dissatisfied, status: feedback.Accepted, answers: answers()})
	// A closed commune's ratings still count in D's subtree.
	add(seedRating{unit: fx.units["C3"], day: vnDay(2026, 1, 15), sat: feedback.Satisfied, status: feedback.Accepted, answers: answers()})
}

// ancestorsOf returns the ids of u and its ancestors.
func ancestorsOf(u *org.Unit) []int64 {
	var ids []int64
	for _, p := range strings.Split(strings.Trim(u.Path, "/"), "/") {
		var id int64
		fmt.Sscan(p, &id)
		ids = append(ids, id)
	}
	return ids
}

// seedRollups writes the rollup rows the ratings give, the way the feedback
// service keeps them (a unit's rows hold its subtree; flagged and rejected
// only in their columns; days as midnight UTC of the Vietnam date).
func (fx *dashFixture) seedRollups(t *testing.T) {
	t.Helper()
	type key struct {
		id   int64
		day  time.Time
		code string
	}
	unitDay, offDay := map[key]*feedback.Tally{}, map[key]*feedback.Tally{}
	unitItem, offItem := map[key]*[2]int{}, map[key]*[2]int{}
	bump := func(days map[key]*feedback.Tally, items map[key]*[2]int, id int64, r seedRating) {
		day := time.Date(r.day.Year(), r.day.Month(), r.day.Day(), 0, 0, 0, 0, time.UTC)
		k := key{id, day, ""}
		if days[k] == nil {
			days[k] = &feedback.Tally{}
		}
		d := days[k]
		switch r.status {
		case feedback.Flagged:
			d.Flagged++
			return
		case feedback.Rejected:
			d.Rejected++
			return
		}
		d.Total++
		switch r.sat {
		case feedback.VerySatisfied:
			d.VerySatisfied++
		case feedback.Satisfied:
			d.Satisfied++
		default:
			d.Dissatisfied++
		}
		for code, yes := range r.answers {
			ik := key{id, day, code}
			if items[ik] == nil {
				items[ik] = &[2]int{}
			}
			items[ik][1]++
			if yes {
				items[ik][0]++
			}
		}
	}
	for _, r := range fx.ratings {
		for _, id := range ancestorsOf(r.unit) {
			bump(unitDay, unitItem, id, r)
		}
		if r.official != 0 {
			bump(offDay, offItem, r.official, r)
		}
	}
	ins := func(table, col string, days map[key]*feedback.Tally) {
		for k, v := range days {
			if _, err := fx.db.Write.Exec(`INSERT INTO `+table+` (`+col+`, day, total, very_satisfied, satisfied, dissatisfied, flagged, rejected)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, k.id, k.day, v.Total, v.VerySatisfied, v.Satisfied, v.Dissatisfied, v.Flagged, v.Rejected); err != nil {
				t.Fatal(err)
			}
		}
	}
	// The behaviours are columns of the day rows (an item count comes only
	// with an accepted rating, so the row is there).
	insItems := func(table, col string, items map[key]*[2]int) {
		for k, v := range items {
			c := fbItemCol(k.code)
			if _, err := fx.db.Write.Exec(`UPDATE `+table+` SET `+c+`_yes = $1, `+c+`_asked = $2 WHERE `+col+` = $3 AND day = $4`, v[0], v[1], k.id, k.day); err != nil {
				t.Fatal(err)
			}
		}
	}
	ins("rollup_unit_day", "unit_id", unitDay)
	ins("rollup_official_day", "official_id", offDay)
	insItems("rollup_unit_day", "unit_id", unitItem)
	insItems("rollup_official_day", "official_id", offItem)
	fx.rollupDays = len(unitDay)
}

// seedFeedback writes the raw rating rows (for the comment feed), each at
// noon of its day plus its index in seconds, in time order (so ids follow
// submission order, as the feedback service assigns them).
func (fx *dashFixture) seedFeedback(t *testing.T) {
	t.Helper()
	order := make([]int, len(fx.ratings))
	for i := range order {
		order[i] = i
	}
	at := func(i int) time.Time { return fx.ratings[i].day.Add(12*time.Hour + time.Duration(i)*time.Second) }
	slices.SortFunc(order, func(a, b int) int { return at(a).Compare(at(b)) })
	for _, i := range order {
		r := fx.ratings[i]
		var off any
		if r.official != 0 {
			off = r.official
		}
		at := r.day.Add(12*time.Hour + time.Duration(i)*time.Second).UTC()
		if _, err := fx.db.Write.Exec(`INSERT INTO feedback (unit_id, official_id, channel, satisfaction, comment, search_comment, status, submitted_at)
			VALUES ($1, $2, 'badge', $3, $4, $5, $6, $7)`, r.unit.ID, off, string(r.sat), r.comment, vntext.Fold(r.comment), string(r.status), at); err != nil {
			t.Fatal(err)
		}
	}
}

// expected counts the fixture's ratings that match keep, in [from, to).
func (fx *dashFixture) expected(from, to time.Time, keep func(seedRating) bool) (feedback.Tally, map[string][2]int) {
	var t feedback.Tally
	items := map[string][2]int{}
	for _, r := range fx.ratings {
		if r.day.Before(from) || !r.day.Before(to) || !keep(r) {
			continue
		}
		switch r.status {
		case feedback.Flagged:
			t.Flagged++
			continue
		case feedback.Rejected:
			t.Rejected++
			continue
		}
		t.Total++
		switch r.sat {
		case feedback.VerySatisfied:
			t.VerySatisfied++
		case feedback.Satisfied:
			t.Satisfied++
		default:
			t.Dissatisfied++
		}
		for c, yes := range r.answers {
			v := items[c]
			v[1]++
			if yes {
				v[0]++
			}
			items[c] = v
		}
	}
	return t, items
}

func inSubtree(u *org.Unit) func(seedRating) bool {
	return func(r seedRating) bool { return strings.HasPrefix(r.unit.Path, u.Path) }
}

func withRole(role congvu.Role, u *org.Unit, officialID int64) context.Context {
	return congvu.NewContextWithActor(context.Background(), &congvu.Actor{UserID: 42, Username: "t", FullName: "Người Thử", OfficialID: officialID,
		Grants: []congvu.Grant{{Role: role, UnitID: u.ID, UnitPath: u.Path, UnitName: u.Name}}})
}

func TestDashboardFigures(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fx := newDashFixture(t, db)
		ctx := withRole(congvu.RoleSupervisor, fx.units["P"], 0)
		from, to := vnDay(2026, 1, 1), vnDay(2026, 4, 1)
		for _, code := range []string{"P", "D", "C1", "C2"} {
			u := fx.units[code]
			d, err := fx.svc.Dashboard(ctx, feedback.DashboardFilter{UnitID: u.ID, From: from, To: to, Period: feedback.PeriodMonth})
			if err != nil {
				t.Fatal(err)
			}
			want, items := fx.expected(from, to, inSubtree(u))
			if d.Tally != want {
				t.Errorf("%s: tally %+v, want %+v", code, d.Tally, want)
			}
			if d.Title != u.Name || d.UnitID != u.ID || d.MinSample != feedback.MinRankingSample {
				t.Errorf("%s: title %q id %d", code, d.Title, d.UnitID)
			}
			if wi := want.Index(); d.Index != wi {
				t.Errorf("%s: index %v, want %v", code, d.Index, wi)
			}
			if len(d.Items) != 8 {
				t.Fatalf("%s: %d items", code, len(d.Items))
			}
			for i, it := range d.Items {
				if it.Code != feedback.FourXinCodes[i] {
					t.Errorf("item %d is %s", i, it.Code)
				}
				w := items[it.Code]
				if it.Yes != w[0] || it.Asked != w[1] {
					t.Errorf("%s %s: %d/%d, want %d/%d", code, it.Code, it.Yes, it.Asked, w[0], w[1])
				}
				if it.Asked > 0 && it.Rate != 100*float64(w[0])/float64(w[1]) {
					t.Errorf("%s %s: rate %v", code, it.Code, it.Rate)
				}
			}
			// Trend: three months whose sums are the tally.
			if len(d.Trend) != 3 || d.Trend[0].Label != "T1/2026" || d.Trend[2].Label != "T3/2026" {
				t.Fatalf("%s: trend %+v", code, d.Trend)
			}
			var sum feedback.Tally
			for i, p := range d.Trend {
				m := vnDay(2026, time.Month(i+1), 1)
				wp, _ := fx.expected(m, m.AddDate(0, 1, 0), inSubtree(u))
				if p.Tally != wp || !p.Start.Equal(m) || p.Index != wp.Index() {
					t.Errorf("%s %s: %+v, want %+v", code, p.Label, p.Tally, wp)
				}
				sum.Add(p.Tally)
			}
			if sum != d.Tally {
				t.Errorf("%s: trend sums to %+v", code, sum)
			}
		}

		d, err := fx.svc.Dashboard(ctx, feedback.DashboardFilter{UnitID: fx.units["C1"].ID, From: from, To: to})
		if err != nil {
			t.Fatal(err)
		}
		// Titles come from the catalog; the weakest are the lowest rates
		// among items with enough answers.
		if d.Items[0].Title != "Xin chào" || d.Items[7].Title != "Luôn giúp đỡ" {
			t.Errorf("titles %q, %q", d.Items[0].Title, d.Items[7].Title)
		}
		if len(d.Weakest) != feedback.WeakestShown {
			t.Fatalf("weakest %+v", d.Weakest)
		}
		for i, w := range d.Weakest {
			if w.Asked < feedback.MinRankingSample || w.Rate >= 100 {
				t.Errorf("weakest %+v below the sample or perfect", w)
			}
			if i > 0 && w.Rate < d.Weakest[i-1].Rate {
				t.Errorf("weakest not ordered: %+v", d.Weakest)
			}
			for _, it := range d.Items {
				if it.Asked >= feedback.MinRankingSample && it.Rate < w.Rate && !slices.ContainsFunc(d.Weakest, func(x feedback.ItemRate) bool { return x.Code == it.Code }) {
					t.Errorf("%s (%v) is weaker than %s but not listed", it.Code, it.Rate, w.Code)
				}
			}
		}
		// Officials of C1: O1 has at least 26 ratings, O2 14: neither ranked
		// unless it reaches the minimum sample.
		if len(d.Officials) != 2 {
			t.Fatalf("officials %+v", d.Officials)
		}
		for _, r := range d.Officials {
			wt, _ := fx.expected(from, to, func(x seedRating) bool { return x.official == r.OfficialID })
			if r.Tally != wt || r.Ranked != (wt.Total >= feedback.MinRankingSample) {
				t.Errorf("official %s: %+v ranked %v, want %+v", r.Name, r.Tally, r.Ranked, wt)
			}
		}
		if len(d.Children) != 0 {
			t.Errorf("a commune has children %+v", d.Children)
		}
		if d.Period != feedback.PeriodMonth {
			t.Errorf("default period %q", d.Period)
		}
	})
}

func TestDashboardRanking(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fx := newDashFixture(t, db)
		ctx := withRole(congvu.RoleInspector, fx.units["P"], 0)
		from, to := vnDay(2026, 1, 1), vnDay(2026, 4, 1)
		d, err := fx.svc.Dashboard(ctx, feedback.DashboardFilter{UnitID: fx.units["D"].ID, From: from, To: to})
		if err != nil {
			t.Fatal(err)
		}
		// Active children only (C3 is closed), C1 ranked; C2 has a perfect
		// index on 5 ratings and still comes after it, unranked.
		if len(d.Children) != 2 {
			t.Fatalf("children %+v", d.Children)
		}
		c1, c2 := d.Children[0], d.Children[1]
		if c1.UnitID != fx.units["C1"].ID || !c1.Ranked || c2.UnitID != fx.units["C2"].ID || c2.Ranked {
			t.Fatalf("ranking %+v", d.Children)
		}
		if c2.Index != 100 || c2.Index <= c1.Index {
			t.Errorf("C2 index %v, C1 %v: the test needs C2 better but unranked", c2.Index, c1.Index)
		}
		w1, _ := fx.expected(from, to, inSubtree(fx.units["C1"]))
		w2, _ := fx.expected(from, to, inSubtree(fx.units["C2"]))
		if c1.Tally != w1 || c2.Tally != w2 {
			t.Errorf("children tallies %+v %+v, want %+v %+v", c1.Tally, c2.Tally, w1, w2)
		}
		// The national root, as a national admin: both provinces.
		admin := withRole(congvu.RoleAdmin, fx.units["VN"], 0)
		d, err = fx.svc.Dashboard(admin, feedback.DashboardFilter{UnitID: fx.units["VN"].ID, From: from, To: to, Period: feedback.PeriodQuarter})
		if err != nil {
			t.Fatal(err)
		}
		wantAll, _ := fx.expected(from, to, func(seedRating) bool { return true })
		if d.Tally != wantAll || len(d.Children) != 2 || len(d.Trend) != 1 || d.Trend[0].Label != "Q1/2026" {
			t.Fatalf("root: %+v, children %d, trend %+v", d.Tally, len(d.Children), d.Trend)
		}
		// P has 45+ accepted ratings: ranked, before Q (12, unranked).
		if d.Children[0].Name != "Tỉnh Thái Bình" || !d.Children[0].Ranked || d.Children[1].Ranked {
			t.Errorf("root children %+v", d.Children)
		}
		// A wider range takes in the December rating.
		d, err = fx.svc.Dashboard(ctx, feedback.DashboardFilter{UnitID: fx.units["D"].ID, From: vnDay(2025, 12, 1), To: to, Period: feedback.PeriodWeek})
		if err != nil {
			t.Fatal(err)
		}
		wd, _ := fx.expected(vnDay(2025, 12, 1), to, inSubtree(fx.units["D"]))
		if d.Tally != wd {
			t.Errorf("long range %+v, want %+v", d.Tally, wd)
		}
		// Weeks: ISO weeks from the one holding 1 December 2025 (week 49).
		if d.Trend[0].Label != "Tuần 49/2025" || !d.Trend[0].Start.Equal(vnDay(2025, 12, 1)) {
			t.Errorf("first week %+v", d.Trend[0])
		}
		labels := map[string]bool{}
		for _, p := range d.Trend {
			labels[p.Label] = true
		}
		if !labels["Tuần 1/2026"] || !labels["Tuần 14/2026"] || len(d.Trend) != 18 {
			t.Errorf("%d weeks: %v", len(d.Trend), labels)
		}
	})
}

func TestDashboardScope(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fx := newDashFixture(t, db)
		notFound := func(ctx context.Context, f feedback.DashboardFilter, who string) {
			t.Helper()
			if _, err := fx.svc.Dashboard(ctx, f); congvu.ErrorCode(err) != congvu.ENOTFOUND {
				t.Errorf("%s %+v: %v, want not found", who, f, err)
			}
			if _, _, err := fx.svc.Comments(ctx, feedback.Filter{UnitID: f.UnitID, OfficialID: f.OfficialID}); congvu.ErrorCode(err) != congvu.ENOTFOUND {
				t.Errorf("%s comments %+v: %v, want not found", who, f, err)
			}
		}
		allowed := func(ctx context.Context, f feedback.DashboardFilter, who string) {
			t.Helper()
			if _, err := fx.svc.Dashboard(ctx, f); err != nil {
				t.Errorf("%s %+v: %v", who, f, err)
			}
		}
		for _, role := range []congvu.Role{congvu.RoleAdmin, congvu.RoleSupervisor, congvu.RoleUnitHead, congvu.RoleInspector} {
			ctx := withRole(role, fx.units["D"], 0)
			allowed(ctx, feedback.DashboardFilter{UnitID: fx.units["D"].ID}, string(role))
			allowed(ctx, feedback.DashboardFilter{UnitID: fx.units["C2"].ID}, string(role))
			allowed(ctx, feedback.DashboardFilter{OfficialID: fx.o1.ID}, string(role))
			notFound(ctx, feedback.DashboardFilter{UnitID: fx.units["P"].ID}, string(role)) // above the scope
			notFound(ctx, feedback.DashboardFilter{UnitID: fx.units["QC"].ID}, string(role))
			notFound(ctx, feedback.DashboardFilter{OfficialID: fx.o3.ID}, string(role))
			notFound(ctx, feedback.DashboardFilter{UnitID: 999999}, string(role))
		}
		// An official sees their own dashboard and nothing else.
		own := withRole(congvu.RoleOfficial, fx.units["C1"], fx.o1.ID)
		d, err := fx.svc.Dashboard(own, feedback.DashboardFilter{OfficialID: fx.o1.ID, From: vnDay(2026, 1, 1), To: vnDay(2026, 4, 1)})
		if err != nil {
			t.Fatal(err)
		}
		want, items := fx.expected(vnDay(2026, 1, 1), vnDay(2026, 4, 1), func(r seedRating) bool { return r.official == fx.o1.ID })
		if d.Tally != want || d.OfficialID != fx.o1.ID || d.Title != fx.o1.FullName || d.Children != nil || d.Officials != nil {
			t.Errorf("own dashboard %+v, want %+v", d, want)
		}
		if want.Flagged != 2 {
			t.Fatalf("fixture: O1 has %d flagged", want.Flagged)
		}
		if d.Items[0].Asked != items["GT-XC"][1] {
			t.Errorf("own items %+v", d.Items[0])
		}
		notFound(own, feedback.DashboardFilter{OfficialID: fx.o2.ID}, "official")
		notFound(own, feedback.DashboardFilter{UnitID: fx.units["C1"].ID}, "official")
		// Nobody signed in.
		if _, err := fx.svc.Dashboard(context.Background(), feedback.DashboardFilter{UnitID: fx.units["VN"].ID}); congvu.ErrorCode(err) != congvu.EUNAUTH {
			t.Errorf("anonymous: %v", err)
		}
		// A unit head sees the unit's officials; the ranking is part of it.
		head := withRole(congvu.RoleUnitHead, fx.units["C1"], 0)
		if d, err := fx.svc.Dashboard(head, feedback.DashboardFilter{UnitID: fx.units["C1"].ID}); err != nil || len(d.Officials) != 2 {
			t.Errorf("unit head: %v %+v", err, d)
		}
	})
}

func TestDashboardFilterRules(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fx := newDashFixture(t, db)
		ctx := withRole(congvu.RoleSupervisor, fx.units["P"], 0)
		// Defaults: the last 90 days up to today (31/3/2026), by month.
		d, err := fx.svc.Dashboard(ctx, feedback.DashboardFilter{UnitID: fx.units["D"].ID})
		if err != nil {
			t.Fatal(err)
		}
		if !d.To.Equal(vnDay(2026, 4, 1)) || !d.From.Equal(vnDay(2026, 1, 1)) || d.Period != feedback.PeriodMonth {
			t.Errorf("default range %v – %v %s", d.From, d.To, d.Period)
		}
		// A time of day counts its whole day.
		d, err = fx.svc.Dashboard(ctx, feedback.DashboardFilter{UnitID: fx.units["D"].ID, From: vnDay(2026, 2, 10).Add(15 * time.Hour), To: vnDay(2026, 2, 14).Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if w, _ := fx.expected(vnDay(2026, 2, 10), vnDay(2026, 2, 15), inSubtree(fx.units["D"])); d.Tally != w || !d.To.Equal(vnDay(2026, 2, 15)) {
			t.Errorf("partial days %+v to %v, want %+v", d.Tally, d.To, w)
		}
		for _, bad := range []struct {
			f     feedback.DashboardFilter
			field string
		}{
			{feedback.DashboardFilter{UnitID: fx.units["D"].ID, From: vnDay(2026, 3, 1), To: vnDay(2026, 2, 1)}, "to"},
			{feedback.DashboardFilter{UnitID: fx.units["D"].ID, From: vnDay(2016, 3, 1), To: vnDay(2026, 2, 1)}, "from"},
			{feedback.DashboardFilter{UnitID: fx.units["D"].ID, Period: "day"}, "period"},
		} {
			_, err := fx.svc.Dashboard(ctx, bad.f)
			if congvu.ErrorCode(err) != congvu.EINVALID || congvu.ErrorFields(err)[bad.field] == "" {
				t.Errorf("%+v: %v, want a message on %s", bad.f, err, bad.field)
			}
		}
		if _, err := fx.svc.Dashboard(ctx, feedback.DashboardFilter{}); congvu.ErrorCode(err) != congvu.EINVALID {
			t.Errorf("no subject: %v", err)
		}
	})
}

// TestDashboardReadsRollupsOnly changes raw ratings behind the rollups'
// back: the figures must not move (they come from the rollups alone).
func TestDashboardReadsRollupsOnly(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fx := newDashFixture(t, db)
		ctx := withRole(congvu.RoleAdmin, fx.units["VN"], 0)
		f := feedback.DashboardFilter{UnitID: fx.units["VN"].ID, From: vnDay(2026, 1, 1), To: vnDay(2026, 4, 1)}
		before, err := fx.svc.Dashboard(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Write.Exec(`UPDATE feedback SET satisfaction = 'dissatisfied', status = 'accepted'`); err != nil {
			t.Fatal(err)
		}
		after, err := fx.svc.Dashboard(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if after.Tally != before.Tally || after.Index != before.Index {
			t.Errorf("figures moved with raw rows: %+v → %+v", before.Tally, after.Tally)
		}
		if _, err := db.Write.Exec(`DELETE FROM rollup_unit_day`); err != nil {
			t.Fatal(err)
		}
		after, _ = fx.svc.Dashboard(ctx, f)
		if after.Tally.Received() != 0 {
			t.Errorf("figures without rollups: %+v", after.Tally)
		}
	})
}

func TestDashboardComments(t *testing.T) {
	// Both ways of reading a feed: unit by unit (D's subtree is small) and
	// along the time and search indexes (every subtree counted large).
	for _, small := range []int{64, 0} {
		t.Run(fmt.Sprintf("small=%d", small), func(t *testing.T) {
			defer feedbacksql.SetSmallSubtree(small)()
			testDashboardComments(t)
		})
	}
}

func testDashboardComments(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fx := newDashFixture(t, db)
		ctx := withRole(congvu.RoleSupervisor, fx.units["P"], 0)
		// Accepted ratings with a comment in D's subtree: 30 of C1's 40.
		list, total, err := fx.svc.Comments(ctx, feedback.Filter{UnitID: fx.units["D"].ID, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if total != 30 || len(list) != 10 {
			t.Fatalf("total %d, page %d", total, len(list))
		}
		for i, fb := range list {
			if i > 0 && fb.SubmittedAt.After(list[i-1].SubmittedAt) {
				t.Errorf("not newest first: %v after %v", fb.SubmittedAt, list[i-1].SubmittedAt)
			}
			if fb.Status != feedback.Accepted || fb.Comment == "" || fb.UnitName != "Xã An" || fb.OfficialName == "" || fb.Contact != "" {
				t.Errorf("comment %+v", fb)
			}
		}
		if !list[0].SubmittedAt.Equal(vnDay(2026, 1, 1).AddDate(0, 0, 76).Add(12*time.Hour + 38*time.Second)) {
			t.Errorf("newest %v", list[0].SubmittedAt)
		}
		// Pages continue where the last ended.
		page2, _, err := fx.svc.Comments(ctx, feedback.Filter{UnitID: fx.units["D"].ID, Limit: 10, Offset: 10})
		if err != nil || len(page2) != 10 || !page2[0].SubmittedAt.Before(list[9].SubmittedAt) {
			t.Fatalf("page 2: %v %d", err, len(page2))
		}
		// Search without diacritics, in order, the last word a prefix; a
		// flagged rating's comment and Hà Nội's are not found.
		for q, want := range map[string]int{
			"tan tinh": 10, "TẬN TÌNH": 10, "tận tìn": 10, "tinh tan": 0, "dung gio": 10, "đúng": 10,
			"xin loi": 10, "chờ lâu": 10, "khong xin l": 10, "gắn cờ": 0, "ha noi": 0, "%": 30, "\"": 30, "nhanh OR chu": 0, "can bo": 20, "bo rat": 10, "b": 20, "gio nhanh": 10, "nhanh gon chu": 0,
		} {
			list, total, err := fx.svc.Comments(ctx, feedback.Filter{UnitID: fx.units["D"].ID, Query: q, Limit: 50})
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			if total != want || len(list) != want {
				t.Errorf("search %q: %d (%d listed), want %d", q, total, len(list), want)
			}
			for _, fb := range list {
				if w := searchWordsOf(q); len(w) > 0 && !strings.Contains(vntext.Fold(fb.Comment), w[0]) {
					t.Errorf("search %q found %q", q, fb.Comment)
				}
			}
		}
		// Range.
		_, total, err = fx.svc.Comments(ctx, feedback.Filter{UnitID: fx.units["C1"].ID, From: vnDay(2026, 2, 1), To: vnDay(2026, 3, 1)})
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, r := range fx.ratings {
			if r.unit == fx.units["C1"] && r.comment != "" && r.status == feedback.Accepted && r.day.Month() == 2 {
				want++
			}
		}
		if total != want {
			t.Errorf("February: %d, want %d", total, want)
		}
		// An official sees the comments about them only.
		own := withRole(congvu.RoleOfficial, fx.units["C1"], fx.o2.ID)
		list, total, err = fx.svc.Comments(own, feedback.Filter{OfficialID: fx.o2.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		want = 0
		for _, r := range fx.ratings {
			if r.official == fx.o2.ID && r.comment != "" && r.status == feedback.Accepted {
				want++
			}
		}
		if total != want || len(list) != want {
			t.Errorf("own comments %d, want %d", total, want)
		}
		for _, fb := range list {
			if fb.OfficialID != fx.o2.ID {
				t.Errorf("another official's comment %+v", fb)
			}
		}
		// Without a unit: everything in the actor's scopes.
		_, total, err = fx.svc.Comments(withRole(congvu.RoleAdmin, fx.units["Q"], 0), feedback.Filter{})
		if err != nil || total != 12 {
			t.Errorf("Hà Nội's admin: %d, %v", total, err)
		}
		_, total, err = fx.svc.Comments(withRole(congvu.RoleAdmin, fx.units["VN"], 0), feedback.Filter{UnitID: fx.units["VN"].ID})
		if err != nil || total != 42 {
			t.Errorf("national: %d, %v", total, err)
		}
		// A national search: C1's and Hà Nội's, newest first.
		list, total, err = fx.svc.Comments(withRole(congvu.RoleAdmin, fx.units["VN"], 0), feedback.Filter{UnitID: fx.units["VN"].ID, Query: "tan tinh", Limit: 5})
		if err != nil || total != 22 || len(list) != 5 {
			t.Fatalf("national search: %d (%d listed), %v", total, len(list), err)
		}
		for i, fb := range list {
			if !strings.Contains(fb.Comment, "tận tình") || i > 0 && fb.SubmittedAt.After(list[i-1].SubmittedAt) {
				t.Errorf("national search %d: %+v", i, fb)
			}
		}
		_, total, err = fx.svc.Comments(withRole(congvu.RoleAdmin, fx.units["Q"], 0), feedback.Filter{Query: "tan tinh"})
		if err != nil || total != 12 {
			t.Errorf("Hà Nội's admin search: %d, %v", total, err)
		}
	})
}

// searchWordsOf folds q into words the way the feed's search does.
func searchWordsOf(q string) []string {
	return strings.FieldsFunc(vntext.Fold(q), func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') })
}

// TestCommentCountIsCapped checks the bound on the count of a large feed.
func TestCommentCountIsCapped(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fx := newDashFixture(t, db)
		tx, err := db.Write.Begin()
		if err != nil {
			t.Fatal(err)
		}
		at := vnDay(2026, 3, 20).UTC()
		for i := 0; i < feedback.MaxCommentCount+20; i++ {
			if _, err := tx.Exec(`INSERT INTO feedback (unit_id, channel, satisfaction, comment, search_comment, status, submitted_at)
				VALUES ($1, 'counter', 'satisfied', 'Tốt', 'tot', 'accepted', $2)`, fx.units["C2"].ID, at.Add(time.Duration(i)*time.Second)); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		list, total, err := fx.svc.Comments(withRole(congvu.RoleSupervisor, fx.units["P"], 0), feedback.Filter{UnitID: fx.units["C2"].ID, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if total != feedback.MaxCommentCount+1 || len(list) != 5 {
			t.Errorf("total %d, page %d", total, len(list))
		}
	})
}

// TestDashboardThroughSubmit rates through the feedback service (group
// commit, rollups on write) and checks the dashboards against the ratings
// it stored.
func TestDashboardThroughSubmit(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clock := fixtureNow.Add(-80 * 24 * time.Hour)
		var mu sync.Mutex
		db.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
		fx := newDashTree(t, db)
		fs := feedbacksql.NewFeedbackService(db)
		defer fs.Close()
		c2Token, err := fs.UnitToken(sqldbtest.Sys(), fx.units["C2"].ID)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, 2))
		comments := []string{"Cán bộ tận tình, chu đáo", "Phải chờ đợi lâu", ""}
		for i := 0; i < 90; i++ {
			mu.Lock()
			clock = clock.Add(time.Duration(13+rng.IntN(20)) * time.Hour)
			mu.Unlock()
			in := feedback.Input{Satisfaction: feedback.Satisfactions[rng.IntN(3)], Comment: comments[i%3], FillTime: 30 * time.Second, Answers: map[string]bool{}}
			for j, c := range feedback.FourXinCodes {
				if rng.IntN(8) != 0 {
					in.Answers[c] = rng.IntN(100) < 97-6*j
				}
			}
			switch i % 5 {
			case 0, 1:
				in.BadgeToken = fx.o1.BadgeToken
			case 2:
				in.BadgeToken = fx.o2.BadgeToken
			case 3:
				in.UnitToken = c2Token
			default:
				in.BadgeToken = fx.o3.BadgeToken
			}
			if i%17 == 0 {
				in.FillTime = time.Second // flagged
			}
			if i%23 == 0 {
				in.Honeypot = "http://spam" // rejected
			}
			fb, err := fs.Submit(context.Background(), in)
			if err != nil {
				t.Fatalf("submit %d: %v", i, err)
			}
			unit := fx.units["QC"]
			for _, u := range fx.units {
				if u.ID == fb.UnitID {
					unit = u
				}
			}
			fx.ratings = append(fx.ratings, seedRating{unit: unit, official: fb.OfficialID, day: congvu.Date(fb.SubmittedAt), sat: fb.Satisfaction,
				status: fb.Status, answers: fb.Answers, comment: fb.Comment})
		}
		var flagged, rejected int
		for _, r := range fx.ratings {
			flagged += b2i(r.status == feedback.Flagged)
			rejected += b2i(r.status == feedback.Rejected)
		}
		if flagged == 0 || rejected == 0 {
			t.Fatalf("fixture: %d flagged, %d rejected", flagged, rejected)
		}
		from, to := vnDay(2025, 12, 1), congvu.Date(clock).AddDate(0, 0, 1)
		admin := withRole(congvu.RoleAdmin, fx.units["VN"], 0)
		for _, code := range []string{"VN", "P", "D", "C1", "C2", "QC"} {
			u := fx.units[code]
			d, err := fx.svc.Dashboard(admin, feedback.DashboardFilter{UnitID: u.ID, From: from, To: to, Period: feedback.PeriodWeek})
			if err != nil {
				t.Fatal(err)
			}
			want, items := fx.expected(from, to, inSubtree(u))
			if d.Tally != want {
				t.Errorf("%s: %+v, want %+v", code, d.Tally, want)
			}
			for _, it := range d.Items {
				if w := items[it.Code]; it.Yes != w[0] || it.Asked != w[1] {
					t.Errorf("%s %s: %d/%d, want %v", code, it.Code, it.Yes, it.Asked, w)
				}
			}
			var sum feedback.Tally
			for _, p := range d.Trend {
				sum.Add(p.Tally)
			}
			if sum != d.Tally {
				t.Errorf("%s: weeks sum to %+v", code, sum)
			}
		}
		for _, o := range []*org.Official{fx.o1, fx.o2, fx.o3} {
			d, err := fx.svc.Dashboard(admin, feedback.DashboardFilter{OfficialID: o.ID, From: from, To: to})
			if err != nil {
				t.Fatal(err)
			}
			if want, _ := fx.expected(from, to, func(r seedRating) bool { return r.official == o.ID }); d.Tally != want {
				t.Errorf("%s: %+v, want %+v", o.FullName, d.Tally, want)
			}
		}
		// The comment feed finds what Submit stored, without diacritics.
		_, total, err := fx.svc.Comments(admin, feedback.Filter{UnitID: fx.units["P"].ID, Query: "tan tinh"})
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, r := range fx.ratings {
			if strings.HasPrefix(r.unit.Path, fx.units["P"].Path) && r.status == feedback.Accepted && strings.Contains(r.comment, "tận tình") {
				want++
			}
		}
		if total != want || want == 0 {
			t.Errorf("search through Submit: %d, want %d", total, want)
		}
	})
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
