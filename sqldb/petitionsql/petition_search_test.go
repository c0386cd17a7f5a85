package petitionsql_test

import (
	"sort"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/devdata"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/calendarsql"
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
		mk := func(tag string, edit func(in *petition.Input)) *petition.Receipt {
			in := x.input()
			in.Description = tag + ": " + in.Description
			if edit != nil {
				edit(&in)
			}
			x.clock.Add(time.Minute)
			return x.submit(t, in)
		}
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
		check(x.admin, petition.Filter{Query: "\"*) OR"}, "")
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
