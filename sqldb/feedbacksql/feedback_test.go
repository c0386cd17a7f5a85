package feedbacksql_test

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/feedbacksql"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
)

// fbFix is a unit tree with officials and a running feedback service:
// P1 > D1 > C1 (a commune) and P1 > D2; P2 on its own.
type fbFix struct {
	db                 *sqldb.DB
	clock              *sqldbtest.Clock
	fs                 *feedbacksql.FeedbackService
	offs               *orgsql.OfficialService
	P1, D1, C1, D2, P2 int64
	C1Path, P1Path     string
	an, binh, chi      *org.Official // an and binh in C1, chi in D2
}

func fbSetup(t *testing.T, db *sqldb.DB) *fbFix {
	t.Helper()
	x := &fbFix{db: db, clock: sqldbtest.SetClock(db)}
	var d1Path, d2Path string
	x.P1, x.P1Path = sqldbtest.Unit(t, db, "/1/", "P1", "Tỉnh Một")
	x.D1, d1Path = sqldbtest.Unit(t, db, x.P1Path, "P1D1", "Huyện Một")
	x.C1, x.C1Path = sqldbtest.Unit(t, db, d1Path, "P1D1C1", "Xã Một")
	x.D2, d2Path = sqldbtest.Unit(t, db, x.P1Path, "P1D2", "Huyện Hai")
	x.P2, _ = sqldbtest.Unit(t, db, "/1/", "P2", "Tỉnh Hai")
	_ = d2Path
	x.offs = orgsql.NewOfficialService(db)
	x.an = sqldbtest.Official(t, x.offs, x.C1, "AN", "Nguyễn Văn An", org.CategoryCivilServant)
	x.binh = sqldbtest.Official(t, x.offs, x.C1, "BINH", "Trần Thị Bình", org.CategoryCivilServant)
	x.chi = sqldbtest.Official(t, x.offs, x.D2, "CHI", "Lê Văn Chí", org.CategoryCivilServant)
	x.fs = feedbacksql.NewFeedbackService(db)
	t.Cleanup(x.fs.Close)
	return x
}

// fbAllYes answers every "4 xin, 4 luôn" question with yes, except the
// codes given, answered no.
func fbAllYes(no ...string) map[string]bool {
	m := map[string]bool{}
	for _, c := range feedback.FourXinCodes {
		m[c] = true
	}
	for _, c := range no {
		m[c] = false
	}
	return m
}

func fbPublic() context.Context { return context.Background() }

func fbFromIP(ip string) context.Context {
	return congvu.NewContextWithMeta(context.Background(), congvu.RequestMeta{IP: ip})
}

// fbRollup reads a unit's (or an official's) day rollup summed over days.
type fbTally struct{ total, very, sat, dis, flagged, rejected int }

func fbRollup(t *testing.T, db *sqldb.DB, table, idCol string, id int64) fbTally {
	t.Helper()
	var x fbTally
	if err := db.Read.QueryRow(`SELECT COALESCE(SUM(total), 0), COALESCE(SUM(very_satisfied), 0), COALESCE(SUM(satisfied), 0), COALESCE(SUM(dissatisfied), 0),
		COALESCE(SUM(flagged), 0), COALESCE(SUM(rejected), 0) FROM `+table+` WHERE `+idCol+` = $1`, id).
		Scan(&x.total, &x.very, &x.sat, &x.dis, &x.flagged, &x.rejected); err != nil {
		t.Fatal(err)
	}
	return x
}

// fbRaw counts the same figures from the raw ratings of a subtree (or of an
// official when path is "").
func fbRaw(t *testing.T, db *sqldb.DB, path string, official int64) fbTally {
	t.Helper()
	where := `u.path >= $1 AND u.path < $2`
	args := []any{path, congvu.SubtreeUpper(path)}
	if path == "" {
		where, args = `f.official_id = $1`, []any{official}
	}
	var x fbTally
	if err := db.Read.QueryRow(`SELECT
		COALESCE(SUM(CASE WHEN f.status = 'accepted' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN f.status = 'accepted' AND f.satisfaction = 'very_satisfied' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN f.status = 'accepted' AND f.satisfaction = 'satisfied' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN f.status = 'accepted' AND f.satisfaction = 'dissatisfied' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN f.status = 'flagged' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN f.status = 'rejected' THEN 1 ELSE 0 END), 0)
		FROM feedback f JOIN units u ON u.id = f.unit_id WHERE `+where, args...).
		Scan(&x.total, &x.very, &x.sat, &x.dis, &x.flagged, &x.rejected); err != nil {
		t.Fatal(err)
	}
	return x
}

// fbStoredAnswers reads the answers of a stored rating.
func fbStoredAnswers(t *testing.T, db *sqldb.DB, id int64) map[string]bool {
	t.Helper()
	var asked, yes int
	if err := db.Read.QueryRow(`SELECT answers_asked, answers_yes FROM feedback WHERE id = $1`, id).Scan(&asked, &yes); err != nil {
		t.Fatal(err)
	}
	return feedback.UnpackAnswers(asked, yes)
}

// fbAnswerCount counts the answers stored, over every rating.
func fbAnswerCount(t *testing.T, db *sqldb.DB) int {
	t.Helper()
	var bits []string
	for i := range feedback.FourXinCodes {
		bits = append(bits, fmt.Sprintf("CASE WHEN (answers_asked & %d) <> 0 THEN 1 ELSE 0 END", 1<<i))
	}
	return sqldbtest.Count(t, db, `SELECT COALESCE(SUM(`+strings.Join(bits, " + ")+`), 0) FROM feedback`)
}

// fbItemCol is the rollup column prefix of a behaviour: GT-XC → gt_xc.
func fbItemCol(code string) string { return strings.ToLower(strings.ReplaceAll(code, "-", "_")) }

// fbItems reads item rollups (yes/asked per code, those not zero) of a unit
// or official from a day rollup table.
func fbItems(t *testing.T, db *sqldb.DB, table, idCol string, id int64) map[string][2]int {
	t.Helper()
	var cols []string
	for _, c := range feedback.FourXinCodes {
		cols = append(cols, "COALESCE(SUM("+fbItemCol(c)+"_yes), 0)", "COALESCE(SUM("+fbItemCol(c)+"_asked), 0)")
	}
	v := make([]int, len(cols))
	dst := make([]any, len(cols))
	for i := range v {
		dst[i] = &v[i]
	}
	if err := db.Read.QueryRow(`SELECT `+strings.Join(cols, ", ")+` FROM `+table+` WHERE `+idCol+` = $1`, id).Scan(dst...); err != nil {
		t.Fatal(err)
	}
	out := map[string][2]int{}
	for i, c := range feedback.FourXinCodes {
		if y, a := v[2*i], v[2*i+1]; y != 0 || a != 0 {
			out[c] = [2]int{y, a}
		}
	}
	return out
}

// fbRawItems counts yes/asked per code over accepted raw ratings (their
// packed answers, bit i for feedback.FourXinCodes[i]).
func fbRawItems(t *testing.T, db *sqldb.DB, path string, official int64) map[string][2]int {
	t.Helper()
	where := `u.path >= $1 AND u.path < $2`
	args := []any{path, congvu.SubtreeUpper(path)}
	if path == "" {
		where, args = `f.official_id = $1`, []any{official}
	}
	var cols []string
	for i := range feedback.FourXinCodes {
		cols = append(cols, fmt.Sprintf("COALESCE(SUM(CASE WHEN (f.answers_yes & %d) <> 0 THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN (f.answers_asked & %d) <> 0 THEN 1 ELSE 0 END), 0)", 1<<i, 1<<i))
	}
	v := make([]int, 2*len(feedback.FourXinCodes))
	dst := make([]any, len(v))
	for i := range v {
		dst[i] = &v[i]
	}
	if err := db.Read.QueryRow(`SELECT `+strings.Join(cols, ", ")+`
		FROM feedback f JOIN units u ON u.id = f.unit_id WHERE f.status = 'accepted' AND `+where, args...).Scan(dst...); err != nil {
		t.Fatal(err)
	}
	out := map[string][2]int{}
	for i, c := range feedback.FourXinCodes {
		if v[2*i+1] != 0 {
			out[c] = [2]int{v[2*i], v[2*i+1]}
		}
	}
	return out
}

// fbCheckRollups compares every rollup of the fixture with raw counts.
func (x *fbFix) checkRollups(t *testing.T) {
	t.Helper()
	var units []struct {
		id   int64
		path string
	}
	rows, err := x.db.Read.Query(`SELECT id, path FROM units ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var u struct {
			id   int64
			path string
		}
		rows.Scan(&u.id, &u.path)
		units = append(units, u)
	}
	rows.Close()
	for _, u := range units {
		if got, want := fbRollup(t, x.db, "rollup_unit_day", "unit_id", u.id), fbRaw(t, x.db, u.path, 0); got != want {
			t.Errorf("unit %d (%s): rollup %+v, raw %+v", u.id, u.path, got, want)
		}
		if got, want := fbItems(t, x.db, "rollup_unit_day", "unit_id", u.id), fbRawItems(t, x.db, u.path, 0); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("unit %d items: rollup %v, raw %v", u.id, got, want)
		}
	}
	for _, o := range []*org.Official{x.an, x.binh, x.chi} {
		if got, want := fbRollup(t, x.db, "rollup_official_day", "official_id", o.ID), fbRaw(t, x.db, "", o.ID); got != want {
			t.Errorf("official %s: rollup %+v, raw %+v", o.EmployeeCode, got, want)
		}
		if got, want := fbItems(t, x.db, "rollup_official_day", "official_id", o.ID), fbRawItems(t, x.db, "", o.ID); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("official %s items: rollup %v, raw %v", o.EmployeeCode, got, want)
		}
	}
}

func TestFeedbackBadgeSubmitAndRollups(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := fbSetup(t, db)
		ctx := fbPublic()

		tg, err := x.fs.Target(ctx, feedback.ChannelBadge, strings.ToUpper(" "+x.an.BadgeToken+" "))
		if err != nil {
			t.Fatal(err)
		}
		if tg.OfficialID != x.an.ID || tg.OfficialName != "Nguyễn Văn An" || tg.UnitID != x.C1 || tg.UnitName != "Xã Một" || tg.Channel != feedback.ChannelBadge {
			t.Fatalf("target %+v", tg)
		}
		_, err = x.fs.Target(ctx, feedback.ChannelBadge, "khongco")
		sqldbtest.Code(t, err, congvu.ENOTFOUND)

		fb, err := x.fs.Submit(ctx, feedback.Input{BadgeToken: x.an.BadgeToken, Satisfaction: feedback.VerySatisfied,
			Answers: fbAllYes("GT-XL"), Comment: "  Cán bộ   rất tận tình  ", Contact: "0912 345 678", FillTime: 40 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		if fb.ID == 0 || fb.UnitID != x.C1 || fb.OfficialID != x.an.ID || fb.Channel != feedback.ChannelBadge || fb.Status != feedback.Accepted ||
			fb.Comment != "Cán bộ rất tận tình" || fb.Verified {
			t.Fatalf("feedback %+v", fb)
		}
		if got, want := fbStoredAnswers(t, db, fb.ID), fbAllYes("GT-XL"); !maps.Equal(got, want) || len(got) != 8 || got["GT-XL"] {
			t.Fatalf("answers stored %v, want %v", got, want)
		}
		for _, sat := range []feedback.Satisfaction{feedback.Satisfied, feedback.Dissatisfied, feedback.Satisfied} {
			if _, err := x.fs.Submit(ctx, feedback.Input{BadgeToken: x.binh.BadgeToken, Satisfaction: sat, Answers: map[string]bool{"GT-XC": sat != feedback.Dissatisfied}}); err != nil {
				t.Fatal(err)
			}
		}
		x.clock.Add(20 * time.Hour) // the next day in Vietnam
		if _, err := x.fs.Submit(ctx, feedback.Input{BadgeToken: x.chi.BadgeToken, Satisfaction: feedback.Satisfied}); err != nil {
			t.Fatal(err)
		}
		if got := fbRollup(t, db, "rollup_unit_day", "unit_id", x.P1); got != (fbTally{total: 5, very: 1, sat: 3, dis: 1}) {
			t.Errorf("province rollup %+v", got)
		}
		if got := fbRollup(t, db, "rollup_unit_day", "unit_id", 1); got.total != 5 {
			t.Errorf("root rollup %+v", got)
		}
		if got := fbRollup(t, db, "rollup_unit_day", "unit_id", x.P2); got.total != 0 {
			t.Errorf("other province %+v", got)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM rollup_unit_day WHERE unit_id = $1`, x.P1); n != 2 {
			t.Errorf("province has %d day rows, want 2", n)
		}
		day := feedbacksql.RollupDay(x.clock.Now())
		if n := sqldbtest.Count(t, db, `SELECT total FROM rollup_unit_day WHERE unit_id = $1 AND day = $2`, x.D2, day); n != 1 {
			t.Errorf("D2 on %s: %d", day.Format(time.DateOnly), n)
		}
		x.checkRollups(t)
	})
}
