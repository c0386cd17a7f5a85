package petitionsql_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/devdata"
	"congvu/org"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/calendarsql"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/petitionsql"
	"congvu/sqldb/sqldbtest"
)

func ptCodes(list []*petition.Petition) string {
	var s []string
	for _, p := range list {
		s = append(s, p.Description[:strings.Index(p.Description, ":")])
	}
	return strings.Join(s, ",")
}

func TestPetitionSearchAndFilters(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		mk := func(tag string, edit func(in *petition.Input)) *petition.Receipt { return x.submitTagged(t, tag, edit) }
		// a: about An, harassment ("nhũng nhiễu" in the text);
		// b: about Chi in D2, delay; c: about C1 as a unit, attitude, with
		// the words only in the subject text; d: about P2's unit (outside P1).
		a := mk("a", nil)
		b := mk("b", func(in *petition.Input) {
			in.BadgeToken, in.OfficialID, in.Category = "", x.chi.ID, petition.Delay
			in.Description = "b: Hồ sơ đất đai để quá hẹn ba tuần, hẹn lại nhiều lần."
		})
		c := mk("c", func(in *petition.Input) {
			in.BadgeToken, in.UnitID, in.Category = "", x.C1, petition.Attitude
			in.Description, in.SubjectText = "c: Thái độ quát nạt người dân đến làm thủ tục.", "Chị cán bộ mặc áo xanh"
		})
		d := mk("d", func(in *petition.Input) {
			in.BadgeToken, in.UnitID = "", x.P2
		})
		_ = d
		find := func(a *congvu.Actor, f petition.Filter) (string, int) {
			t.Helper()
			list, n, err := x.ps.FindPetitions(sqldbtest.As(a), f)
			if err != nil {
				t.Fatalf("find %+v: %v", f, err)
			}
			return ptCodes(list), n
		}
		check := func(a *congvu.Actor, f petition.Filter, want string) {
			t.Helper()
			got, n := find(a, f)
			if got != want || n != len(strings.Split(want, ",")) && want != "" || want == "" && n != 0 {
				t.Errorf("%s %+v: %q (%d), want %q", a.Username, f, got, n, want)
			}
		}

		// Diacritics ignored, words in any order, last word a prefix.
		check(x.admin, petition.Filter{Query: "nhung nhieu"}, "d,a")
		check(x.admin, petition.Filter{Query: "NHŨNG nhiễu"}, "d,a")
		check(x.admin, petition.Filter{Query: "nhieu nhung"}, "d,a")
		check(x.admin, petition.Filter{Query: "quat na"}, "c")
		check(x.admin, petition.Filter{Query: "ao xanh"}, "c")           // subject text
		check(x.admin, petition.Filter{Query: "nguyen van an"}, "a")     // the official's name
		check(x.admin, petition.Filter{Query: "cham tre"}, "b")          // the category's label
		check(x.admin, petition.Filter{Query: "huyen hai dat dai"}, "b") // the unit's name
		check(x.admin, petition.Filter{Query: "pham van dan"}, "")       // never the reporter
		// FTS syntax is only text. "x9x9" can be no tracking code's group
		// (base32 has no 9), so the search cannot match one by chance, as
		// "or*" once did ("PA-ORxx-…").
		check(x.admin, petition.Filter{Query: "\"*) OR x9x9"}, "")
		// A tracking code matches exactly, however it is typed.
		check(x.admin, petition.Filter{Query: b.TrackingCode}, "b")
		check(x.admin, petition.Filter{Query: strings.ToLower(strings.ReplaceAll(c.TrackingCode, "-", ""))}, "c")

		// Scope: D1's head sees petitions about C1 and those handled in D1;
		// D2's head is Chi himself: the petition about him (in D2, handled
		// by P1) is hidden from him; the subject never sees his own.
		check(x.headD1, petition.Filter{}, "c,a")
		check(x.headD2, petition.Filter{}, "")
		check(sqldbtest.Actor(9999, congvu.RoleInspector, x.D2, x.D2Path), petition.Filter{}, "b")
		check(x.headP2, petition.Filter{}, "d")
		// An's supervisor account works in C1: every petition about C1 or
		// its staff concerns it; so for C1's head, whose record (Bình) is
		// in C1.
		check(x.supAn, petition.Filter{}, "b")
		check(x.headC1, petition.Filter{}, "")
		check(sqldbtest.Actor(9998, congvu.RoleUnitHead, x.C1, x.C1Path), petition.Filter{}, "c,a") // a head with no record there

		// Filters.
		check(x.admin, petition.Filter{Category: petition.Delay}, "b")
		check(x.admin, petition.Filter{OfficialID: x.an.ID}, "a")
		check(x.admin, petition.Filter{UnitID: x.D1}, "c,a")
		check(x.admin, petition.Filter{UnitID: x.P1}, "c,b,a") // b is handled by P1 and about D2
		check(x.admin, petition.Filter{UnitID: x.P2}, "d")
		check(x.admin, petition.Filter{From: a.Petition.SubmittedAt.Add(time.Second), To: d.Petition.SubmittedAt}, "c,b")
		x.step(t, x.headD1, a.Petition.ID, petition.StepInput{Step: petition.StepAccept})
		check(x.admin, petition.Filter{Status: petition.Accepted}, "a")
		check(x.admin, petition.Filter{Status: petition.Received}, "d,c,b")
		// A UnitID outside the actor's scope narrows to nothing.
		check(x.headD2, petition.Filter{UnitID: x.P2}, "")

		// Overdue: a's assign stage (3 working days) is past before the
		// others' 10 working days.
		x.clock.Add(7 * 24 * time.Hour)
		check(x.admin, petition.Filter{Overdue: true}, "a")
		list, _, err := x.ps.FindPetitions(sqldbtest.As(x.admin), petition.Filter{Overdue: true})
		if err != nil || !list[0].Overdue {
			t.Errorf("overdue flag %v", err)
		}
		check(x.admin, petition.Filter{Sort: "due"}, "a,b,c,d")
		check(x.admin, petition.Filter{Escalated: true}, "")
		if _, err := db.Write.Exec(`UPDATE petitions SET escalated_to = $1, escalated_at = $2 WHERE id = $3`, x.P1, x.clock.Now(), a.Petition.ID); err != nil {
			t.Fatal(err)
		}
		check(x.admin, petition.Filter{Escalated: true}, "a")

		// Paging keeps the total.
		list, n, err := x.ps.FindPetitions(sqldbtest.As(x.admin), petition.Filter{Limit: 2, Offset: 1})
		if err != nil || n != 4 || ptCodes(list) != "c,b" {
			t.Errorf("page %q of %d: %v", ptCodes(list), n, err)
		}
		ids := []int64{}
		for _, p := range list {
			ids = append(ids, p.ID)
		}
		if !sort.SliceIsSorted(ids, func(i, j int) bool { return ids[i] > ids[j] }) {
			t.Errorf("newest first: %v", ids)
		}
		_, _, err = x.ps.FindPetitions(t.Context(), petition.Filter{})
		sqldbtest.Code(t, err, congvu.EUNAUTH)
	})
}

// TestPetitionCountStopsPastTheCap: over petition.MaxCount matches,
// the total says "more than" and every page still lists newest first.
func TestPetitionCountStopsPastTheCap(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		p, pPath := sqldbtest.Unit(t, db, "/1/", "P", "Tỉnh Một")
		d, dPath := sqldbtest.Unit(t, db, pPath, "PD", "Huyện Một")
		_, _ = sqldbtest.Unit(t, db, dPath, "PDC", "Xã Một")
		_ = d
		if _, err := db.Write.Exec(`UPDATE units SET kind = 'commune' WHERE code = 'PDC'`); err != nil {
			t.Fatal(err)
		}
		n := petition.MaxCount + 5
		if err := devdata.GeneratePetitions(sqldbtest.Sys(), db, n, nil); err != nil {
			t.Fatal(err)
		}
		ps := petitionsql.NewPetitionService(db, nil, calendarsql.NewCalendarService(db))
		sup := sqldbtest.As(sqldbtest.Actor(9990, congvu.RoleSupervisor, p, pPath))
		list, total, err := ps.FindPetitions(sup, petition.Filter{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		if total != petition.MaxCount+1 || len(list) != 50 {
			t.Fatalf("total %d, page %d", total, len(list))
		}
		for i := 1; i < len(list); i++ {
			if list[i].ID > list[i-1].ID {
				t.Fatalf("not newest first at %d", i)
			}
		}
		last, _, err := ps.FindPetitions(sup, petition.Filter{Limit: 50, Offset: n - 3})
		if err != nil || len(last) != 3 {
			t.Fatalf("last page: %d %v", len(last), err)
		}
	})
}

// A province's staff search their petitions through each petition's
// top-level units (PostgreSQL, migration 0046): when a district moves to
// another province, its petitions (as subject and as handler) are found in
// the new province's scope and no longer in the old one's, exactly the
// petitions whose units' paths lie in each province, as the unit ids
// alone found them before; so are those submitted after the move.
func TestPetitionSearchFollowsAMovedUnit(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		mk := func(tag string, edit func(in *petition.Input)) *petition.Receipt { return x.submitTagged(t, tag, edit) }
		// a: about An in C1 (D1); b: about Chi in D2; c: about C1, handled
		// in P2; d: about P2's unit.
		mk("a", nil)
		mk("b", func(in *petition.Input) { in.BadgeToken, in.OfficialID = "", x.chi.ID })
		c := mk("c", func(in *petition.Input) { in.BadgeToken, in.UnitID = "", x.C1 })
		// Handled in the other province (as a transfer leaves it).
		if _, err := db.Write.Exec(`UPDATE petitions SET handler_unit_id = $1 WHERE id = $2`, x.P2, c.Petition.ID); err != nil {
			t.Fatal(err)
		}
		mk("d", func(in *petition.Input) { in.BadgeToken, in.UnitID = "", x.P2 })

		// inPaths is the scope by definition: the petitions whose subject's
		// unit or handler unit lies under path today, newest first, among
		// those the whole country finds for the query.
		inPaths := func(path, query string) string {
			t.Helper()
			all, _, err := x.ps.FindPetitions(sqldbtest.As(x.admin), petition.Filter{Query: query})
			if err != nil {
				t.Fatal(err)
			}
			var out []*petition.Petition
			for _, p := range all {
				if strings.HasPrefix(p.UnitPath, path) || p.HandlerUnitID != 0 && strings.HasPrefix(p.HandlerPath, path) {
					out = append(out, p)
				}
			}
			return ptCodes(out)
		}
		province := map[string]*congvu.Actor{
			"P1": sqldbtest.Actor(9997, congvu.RoleInspector, x.P1, x.P1Path),
			"P2": sqldbtest.Actor(9996, congvu.RoleInspector, x.P2, x.P2Path),
		}
		check := func(when string) map[string]string {
			t.Helper()
			seen := map[string]string{}
			for name, a := range province {
				path, unit := a.Grants[0].UnitPath, a.Grants[0].UnitID
				for _, q := range []string{"", "nhung nhieu", "huyen hai"} {
					want := inPaths(path, q)
					for _, f := range []struct {
						who string
						a   *congvu.Actor
						f   petition.Filter
					}{{name + " staff", a, petition.Filter{Query: q}}, {"the country's, " + name + " filter", x.admin, petition.Filter{Query: q, UnitID: unit}}} {
						list, n, err := x.ps.FindPetitions(sqldbtest.As(f.a), f.f)
						if err != nil {
							t.Fatal(err)
						}
						if got := ptCodes(list); got != want || n != len(list) {
							t.Errorf("%s, %s %q: %q (%d), want %q", when, f.who, q, got, n, want)
						}
					}
					if q == "" {
						seen[name] = want
					}
				}
			}
			return seen
		}
		if seen := check("before the move"); seen["P1"] != "c,b,a" || seen["P2"] != "d,c" {
			t.Fatalf("before the move: %v", seen)
		}
		if db.Engine == sqldb.Postgres {
			// Petitions written before migration 0046: its backfill gives
			// them their top-level units, found as before.
			body, err := os.ReadFile(filepath.Join("..", "migrations", db.Engine, "0046_petition_top_units.sql"))
			if err != nil {
				t.Fatal(err)
			}
			_, backfill, ok := strings.Cut(string(body), "-- Backfill (petitionsql tests run it again from here to the indexes).")
			backfill, _, ok2 := strings.Cut(backfill, "CREATE INDEX")
			if !ok || !ok2 {
				t.Fatal("no backfill in migration 0046")
			}
			if _, err := db.Write.Exec(`UPDATE petitions SET unit_top_id = NULL, handler_top_id = NULL`); err != nil {
				t.Fatal(err)
			}
			if list, _, err := x.ps.FindPetitions(sqldbtest.As(province["P1"]), petition.Filter{}); err != nil || len(list) != 0 {
				t.Fatalf("without top-level units, the province finds %q (%v): the scope does not read them", ptCodes(list), err)
			}
			if _, err := db.Write.Exec(backfill); err != nil {
				t.Fatalf("backfill: %v", err)
			}
			t.Run("backfilled", func(t *testing.T) { check("after the backfill") })
		}
		if _, err := orgsql.NewUnitService(db).Restructure(sqldbtest.Sys(), org.RestructuringPlan{Effective: x.clock.Now().Format(time.DateOnly),
			Decision: "Nghị quyết thử nghiệm", Operations: []org.RestructuringOp{{Op: org.RestructMove, From: []string{"P1D1"}, Parent: "P2"}}}); err != nil {
			t.Fatal(err)
		}
		if seen := check("after the move"); seen["P1"] != "b" || seen["P2"] != "d,c,a" {
			t.Errorf("after the move: %v", seen)
		}
		mk("e", nil)
		if seen := check("submitted after the move"); seen["P1"] != "b" || seen["P2"] != "e,d,c,a" {
			t.Errorf("submitted after the move: %v", seen)
		}
	})
}
