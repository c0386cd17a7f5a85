package petitionsql_test

import (
	"context"
	"testing"
	"time"

	"congvu"
	"congvu/org"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
)

// The reproduction of issue 9, item 1: a supervisor of the province whose
// own record lies in the district a petition is about cannot open it, and
// cannot escape that by moving their own record; when another administrator
// moves them, the petitions submitted while they were there still concern
// them (not the ones submitted after). Lists, figures and the audit log
// agree with the petition itself.
func TestPetitionConflictSurvivesMove(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		offs := orgsql.NewOfficialService(db)
		us := orgsql.NewUserService(db)
		thinh := sqldbtest.Official(t, offs, x.D1, "THINH", "Hoàng Thanh Thịnh", org.CategoryCivilServant)
		sup := ptStaff(t, us, "noivu", "", congvu.RoleSupervisor, x.P1, x.P1Path, thinh.ID)
		as := sqldbtest.As(sup)

		in := x.input()
		in.BadgeToken, in.UnitID = "", x.D1
		before := x.submit(t, in).Petition.ID
		x.clock.Add(time.Hour)

		// sees reports what the supervisor sees of a petition: opening,
		// revealing, the list, a search by its code, the figures, the audit.
		sees := func(id int64) (open bool, listed, counted int) {
			t.Helper()
			_, err := x.ps.FindPetition(as, id)
			open = err == nil
			if !open {
				sqldbtest.Code(t, err, congvu.ENOTFOUND)
			}
			list, n, err := x.ps.FindPetitions(as, petition.Filter{UnitID: x.D1})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range list {
				if p.ID == id {
					listed++
				}
			}
			st, err := x.ps.Stats(as, petition.StatsFilter{UnitID: x.D1})
			if err != nil {
				t.Fatal(err)
			}
			if st.Total != n {
				t.Errorf("stats count %d petitions about D1, the list %d", st.Total, n)
			}
			return open, listed, st.Total
		}
		if open, listed, _ := sees(before); open || listed != 0 {
			t.Fatalf("before any move: open %v, listed %d", open, listed)
		}

		// Moving their own record is refused.
		move := org.OfficialInput{UnitID: x.D2, EmployeeCode: thinh.EmployeeCode, FullName: thinh.FullName, Category: thinh.Category}
		_, err := offs.UpdateOfficial(as, thinh.ID, move)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)

		// Another administrator moves them: the petition still concerns them.
		x.clock.Add(time.Hour)
		if _, err := offs.UpdateOfficial(sqldbtest.As(x.admin), thinh.ID, move); err != nil {
			t.Fatal(err)
		}
		if open, listed, _ := sees(before); open || listed != 0 {
			t.Errorf("after the move: open %v, listed %d", open, listed)
		}
		_, err = x.ps.RevealReporter(as, before, "Cần liên hệ để xác minh sự việc.")
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = x.ps.Step(as, before, petition.StepInput{Step: petition.StepAccept})
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		events, _, err := sqldb.NewAuditService(db).FindAuditEvents(as, congvu.AuditFilter{Kind: "petition."})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			if e.EntityID == before {
				t.Errorf("audit shows %s of the petition", e.Kind)
			}
		}

		// A petition about D1 submitted after they left is theirs to see.
		x.clock.Add(time.Hour)
		after := x.submit(t, in).Petition.ID
		open, listed, counted := sees(after)
		if !open || listed != 1 || counted != 1 {
			t.Errorf("the petition after the move: open %v, listed %d, counted %d", open, listed, counted)
		}
		if _, err := x.ps.RevealReporter(as, after, "Cần liên hệ để xác minh sự việc."); err != nil {
			t.Errorf("reveal of the later petition: %v", err)
		}
	})
}

// Issue 9, item 1 through the account: an administrator and supervisor of
// the province whose account is linked to a record in the district a
// petition is about cannot unlink their own account, nor link it to a free
// record elsewhere; when another administrator unlinks them, the petitions
// about the district submitted while they were linked still concern them
// (opening, revealing, the list, the figures), not the later ones.
func TestPetitionConflictSurvivesUnlink(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		offs := orgsql.NewOfficialService(db)
		us := orgsql.NewUserService(db)
		thinh := sqldbtest.Official(t, offs, x.D1, "THINH", "Hoàng Thanh Thịnh", org.CategoryCivilServant)
		free := sqldbtest.Official(t, offs, x.D2, "TU", "Lê Văn Tư", org.CategoryCivilServant)
		grants := []congvu.Grant{{Role: congvu.RoleAdmin, UnitID: x.P1}, {Role: congvu.RoleSupervisor, UnitID: x.P1}}
		u, err := us.CreateUser(sqldbtest.Sys(), org.UserInput{Username: "noivu", FullName: "Hoàng Thanh Thịnh", Password: sqldbtest.Password,
			OfficialID: thinh.ID, Active: true, Grants: grants})
		if err != nil {
			t.Fatal(err)
		}
		actor := &congvu.Actor{UserID: u.ID, Username: u.Username, FullName: u.FullName, OfficialID: thinh.ID,
			Grants: []congvu.Grant{{Role: congvu.RoleAdmin, UnitID: x.P1, UnitPath: x.P1Path}, {Role: congvu.RoleSupervisor, UnitID: x.P1, UnitPath: x.P1Path}}}

		in := x.input()
		in.BadgeToken, in.UnitID = "", x.D1
		before := x.submit(t, in).Petition.ID
		x.clock.Add(time.Hour)

		sees := func(as context.Context, id int64) (open bool, listed, counted int) {
			t.Helper()
			_, err := x.ps.FindPetition(as, id)
			open = err == nil
			if !open {
				sqldbtest.Code(t, err, congvu.ENOTFOUND)
			}
			list, _, err := x.ps.FindPetitions(as, petition.Filter{UnitID: x.D1})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range list {
				if p.ID == id {
					listed++
				}
			}
			st, err := x.ps.Stats(as, petition.StatsFilter{UnitID: x.D1})
			if err != nil {
				t.Fatal(err)
			}
			return open, listed, st.Total
		}
		if open, listed, counted := sees(sqldbtest.As(actor), before); open || listed != 0 || counted != 0 {
			t.Fatalf("while linked: open %v, listed %d, counted %d", open, listed, counted)
		}

		// Unlinking their own account, or linking it elsewhere, is refused.
		edit := org.UserInput{Username: u.Username, FullName: u.FullName, Active: true, Grants: grants}
		for _, to := range []int64{0, free.ID} {
			edit.OfficialID = to
			_, err := us.UpdateUser(sqldbtest.As(actor), u.ID, edit)
			sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		}
		if got, err := us.FindUserByID(sqldbtest.As(x.admin), u.ID); err != nil || got.OfficialID != thinh.ID {
			t.Fatalf("after the refused edits: %+v, %v", got, err)
		}

		// Another administrator unlinks them: the petition still concerns them.
		x.clock.Add(time.Hour)
		edit.OfficialID = 0
		if _, err := us.UpdateUser(sqldbtest.As(x.admin), u.ID, edit); err != nil {
			t.Fatal(err)
		}
		actor.OfficialID = 0 // as their next request loads it
		as := sqldbtest.As(actor)
		if open, listed, counted := sees(as, before); open || listed != 0 || counted != 0 {
			t.Errorf("after the unlink: open %v, listed %d, counted %d", open, listed, counted)
		}
		_, err = x.ps.RevealReporter(as, before, "Cần liên hệ để xác minh sự việc.")
		sqldbtest.Code(t, err, congvu.ENOTFOUND)

		// A petition about D1 submitted after the unlink is theirs to see.
		x.clock.Add(time.Hour)
		after := x.submit(t, in).Petition.ID
		if open, listed, counted := sees(as, after); !open || listed != 1 || counted != 1 {
			t.Errorf("the petition after the unlink: open %v, listed %d, counted %d", open, listed, counted)
		}
	})
}
