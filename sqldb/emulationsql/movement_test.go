package emulationsql_test

import (
	"congvu"
	"congvu/emulation"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"strings"
	"testing"
)

func TestMovementLifecycleAndReviews(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		in := emulation.MovementInput{UnitID: f.x.P1, Title: "Văn hóa công vụ", FromYear: 2026, ToYear: 2030, Criteria: emulation.OfficeCultureCriteria()}
		// Only a supervisor launches; the weights must sum to 100.
		_, err := f.svc.CreateMovement(f.headP1, in)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		bad := in
		bad.Criteria = emulation.OfficeCultureCriteria()[:3]
		_, err = f.svc.CreateMovement(f.sup, bad)
		sqldbtest.Code(t, err, congvu.EINVALID)
		m, err := f.svc.CreateMovement(f.sup, in)
		if err != nil || m.Status != emulation.MovementDraft || len(m.Criteria) != len(in.Criteria) || m.Criteria[0].ID == 0 {
			t.Fatalf("%+v %v", m, err)
		}
		// A draft takes no registration.
		_, err = f.svc.Register(f.headD1, emulation.RegistrationInput{MovementID: m.ID, Year: 2026, Subject: emulation.Collective, UnitID: f.x.D1})
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		if m, err = f.svc.OpenMovement(f.sup, m.ID); err != nil || m.Status != emulation.MovementOpen {
			t.Fatalf("%+v %v", m, err)
		}
		// Criteria of an open movement are fixed.
		edit := in
		edit.Title = "Văn hóa công vụ 2026–2030"
		edit.Criteria = nil
		if m, err = f.svc.UpdateMovement(f.sup, m.ID, edit); err != nil || m.Title != edit.Title || len(m.Criteria) != len(in.Criteria) {
			t.Fatalf("%+v %v", m, err)
		}
		// A unit head registers their unit; a sibling's head cannot; twice
		// is a conflict.
		r, err := f.svc.Register(f.headD1, emulation.RegistrationInput{MovementID: m.ID, Year: 2026, Subject: emulation.Collective, UnitID: f.x.D1, Pledge: "Không có vi phạm"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Register(f.headD2, emulation.RegistrationInput{MovementID: m.ID, Year: 2026, Subject: emulation.Collective, UnitID: f.x.D1})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, err = f.svc.Register(f.headD1, emulation.RegistrationInput{MovementID: m.ID, Year: 2026, Subject: emulation.Collective, UnitID: f.x.D1})
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		_, err = f.svc.Register(f.headD1, emulation.RegistrationInput{MovementID: m.ID, Year: 2031, Subject: emulation.Individual, OfficialID: f.a.ID})
		sqldbtest.Code(t, err, congvu.EINVALID)
		// The units taking part see the movement; another province's do not.
		list, n, err := f.svc.FindMovements(f.headD1, emulation.MovementFilter{Year: 2026})
		if err != nil || n != 1 || list[0].ID != m.ID {
			t.Fatalf("%v %d %v", list, n, err)
		}
		regs, n, err := f.svc.FindRegistrations(f.headD2, emulation.RegistrationFilter{MovementID: m.ID})
		if err != nil || n != 0 || len(regs) != 0 {
			t.Fatalf("sibling reads %d registrations", n)
		}
		// Closing needs the final review; the review freezes its figures.
		_, err = f.svc.CloseMovement(f.sup, m.ID)
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		f.evidence(t)
		rv, err := f.svc.CreateReview(f.sup, emulation.ReviewInput{MovementID: m.ID, Kind: emulation.ReviewFinal, Year: 2026, HeldOn: "05/03/2026",
			Text: "Tổng kết: các đơn vị thực hiện tốt văn hóa công vụ."})
		if err != nil {
			t.Fatal(err)
		}
		y := rv.Figures.Years[0]
		if len(rv.Figures.Years) != 1 || y.Collectives != 1 || y.Violations != 1 || y.Disciplined != 1 || y.InspectionCompliance != emulation.NoFigure {
			t.Fatalf("%+v", rv.Figures)
		}
		// Later facts do not change a review made.
		f.exec(t, `UPDATE violations SET status = 'dismissed'`)
		got, err := f.svc.FindReview(f.headD1, rv.ID)
		if err != nil || got.Figures.Years[0].Violations != 1 || !strings.Contains(got.Text, "Tổng kết") {
			t.Fatalf("%+v %v", got, err)
		}
		_, err = f.svc.FindReview(sqldbtest.As(sqldbtest.Actor(999, congvu.RoleUnitHead, f.x.P2, f.x.P2Path)), rv.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		if m, err = f.svc.CloseMovement(f.sup, m.ID); err != nil || m.Status != emulation.MovementClosed {
			t.Fatalf("%+v %v", m, err)
		}
		_, err = f.svc.Withdraw(f.headD1, r.ID, "Đơn vị xin rút đăng ký")
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		for _, k := range []string{"emulation.movement.create", "emulation.movement.open", "emulation.movement.update", "emulation.register", "emulation.review", "emulation.movement.close"} {
			if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = $1`, k); n != 1 {
				t.Errorf("%s audited %d times", k, n)
			}
		}
	})
}

func TestAddTitleRuleSet(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		rs := emulation.DefaultTitleRuleSets()[0]
		rs.FromYear, rs.Title, rs.Verified = 2027, "Danh hiệu thi đua (đã kiểm chứng)", true
		_, err := f.svc.AddTitleRuleSet(f.sup, rs)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		old := rs
		old.FromYear = 2025
		_, err = f.svc.AddTitleRuleSet(f.admin, old)
		sqldbtest.Code(t, err, congvu.EINVALID)
		got, err := f.svc.AddTitleRuleSet(f.admin, rs)
		if err != nil || got.ID == 0 {
			t.Fatalf("%+v %v", got, err)
		}
		sets, _ := f.svc.TitleRuleSets(f.headD1)
		if len(sets) != 2 || emulation.TitleRuleSetFor(sets, 2027).ID != got.ID || emulation.TitleRuleSetFor(sets, 2026).ID == got.ID {
			t.Fatalf("%+v", sets)
		}
	})
}
