package violationsql_test

import (
	"testing"
	"time"

	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/violationsql"
	"congvu/violation"
)

// The discipline write paths keep the dashboard's rollups: a violation
// put to a case is handled, the form decided counts from the day of the
// decision, and a complaint that annuls the decision takes it out again;
// at each step the figures equal those counted from the rows.
func TestDashboardFollowsDiscipline(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newDiscFixture(t, db)
		vid := f.violation(t, "2026-01-10", f.staff)
		if err := db.InTx(sqldbtest.Sys(), func(tx *sqldb.Tx) error { return violationsql.AddViolationRollup(tx.Ctx, tx, vid) }); err != nil {
			t.Fatal(err)
		}
		ds := violationsql.NewDashboardService(db)
		check := func(step string) *violation.Dashboard {
			t.Helper()
			fl := violation.DashboardFilter{UnitID: f.x.P1, From: vdDay("2026-01-01", 0), To: vdDay("2026-12-31", 0)}
			got, err := ds.Dashboard(f.supervisorP1, fl)
			if err != nil {
				t.Fatal(err)
			}
			want, err := ds.RawDashboard(f.supervisorP1, fl)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := jsonOf(got), jsonOf(want); g != w {
				t.Errorf("%s: rollups differ from rows:\nrollups %s\nrows    %s", step, g, w)
			}
			return got
		}
		if d := check("opened"); d.Pending != 1 {
			t.Fatalf("opened: %+v", d)
		}
		c, err := f.svc.OpenCase(f.headD1, violation.CaseInput{OfficialID: f.staff.ID, ViolationIDs: []int64{vid},
			Severity: violation.SeverityMinor, ProposedForm: violation.FormReprimand})
		if err != nil {
			t.Fatal(err)
		}
		if d := check("put to a case"); d.Handled != 1 || d.Pending != 0 || len(d.ByForm) != 0 {
			t.Errorf("put to a case: handled %d pending %d forms %v", d.Handled, d.Pending, d.ByForm)
		}
		f.clock.Add(24 * time.Hour)
		if _, err := f.svc.RecordReview(f.headD1, c.ID, "Họp kiểm điểm: anh An nhận khuyết điểm.", vdDay("2026-03-06", 0)); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Decide(f.headD1, c.ID, violation.DecisionInput{Number: "15/QĐ-UBND", SignedOn: vdDay("2026-03-06", 0),
			EffectiveOn: vdDay("2026-03-06", 0), Form: violation.FormReprimand, Signer: "Lê Văn Chủ — Chủ tịch"}); err != nil {
			t.Fatal(err)
		}
		if d := check("decided"); len(d.ByForm) != 1 || d.ByForm[0].Key != violation.FormReprimand || d.ByForm[0].Label != "Khiển trách" || d.DaysToDecision.Count != 1 {
			t.Errorf("decided: forms %v days %+v", d.ByForm, d.DaysToDecision)
		}
		if _, err := f.svc.Notify(f.supervisorP1, c.ID, "Anh Nguyễn Văn An", vdDay("2026-03-06", 0)); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.FileComplaint(f.asStaff, c.ID, violation.ComplaintInput{FiledOn: vdDay("2026-03-06", 0), Text: "Tôi không đồng ý"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SettleComplaint(f.headD1, c.ID, violation.ComplaintInput{Outcome: violation.ComplaintAnnulled, Reply: "Hủy quyết định."}); err != nil {
			t.Fatal(err)
		}
		if d := check("annulled"); len(d.ByForm) != 0 || d.DaysToDecision.Count != 0 {
			t.Errorf("annulled: forms %v days %+v", d.ByForm, d.DaysToDecision)
		}
	})
}
