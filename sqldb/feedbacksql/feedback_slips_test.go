package feedbacksql_test

import (
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// The apology slip on both engines: issued by the agency at fault only,
// once per dossier, never for a returned dossier nor on or after the due
// date; recorded, audited, listed per unit and counted.
func TestApologySlips(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := fbSetup(t, db)
		admin := fbAdmin(x)
		path := func(id int64) string {
			var p string
			if err := db.Read.QueryRow(`SELECT path FROM units WHERE id = $1`, id).Scan(&p); err != nil {
				t.Fatal(err)
			}
			return p
		}
		c1Head := sqldbtest.As(sqldbtest.Actor(11, congvu.RoleUnitHead, x.C1, x.C1Path))
		d2Head := sqldbtest.As(sqldbtest.Actor(12, congvu.RoleUnitHead, x.D2, path(x.D2)))
		now := x.clock.Now()
		recv := now.Add(-24 * time.Hour)
		register := func(code, delayUnit string, due time.Time, returned *time.Time) *feedback.Dossier {
			t.Helper()
			d, err := x.fs.RegisterDossier(admin, feedback.DossierInput{Code: code, UnitCode: "P1D1C1", ProcedureName: "Cấp giấy phép xây dựng",
				ReceivedAt: recv, DueAt: due, ReturnedAt: returned, DelayUnitCode: delayUnit})
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		d := register("HS-2", "P1D2", now.Add(72*time.Hour), nil)
		if d.DelayUnitID != x.D2 || d.DelayUnitName != "Huyện Hai" || d.AtFault() != x.D2 {
			t.Fatalf("agency at fault not recorded: %+v", d)
		}
		_, err := x.fs.RegisterDossier(admin, feedback.DossierInput{Code: "HS-X", UnitCode: "P1D1C1", ReceivedAt: recv, DueAt: now, DelayUnitCode: "KHONGCO"})
		if congvu.ErrorFields(err)["delay_unit_code"] == "" {
			t.Errorf("unknown agency at fault accepted: %v", err)
		}
		in := feedback.SlipInput{DossierID: d.ID, Recipient: "Ông Nguyễn Văn Hùng", RecipientAddress: "Thôn Đông, Xã Một",
			Reason: "Chờ ý kiến thẩm định", NewDueAt: now.Add(10 * 24 * time.Hour), Number: "05/PXL", CopiesTo: "Chủ tịch UBND xã"}

		// The receiving unit may not apologise for the agency at fault.
		in.UnitID = x.C1
		_, err = x.fs.IssueApologySlip(c1Head, in)
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		if !strings.Contains(congvu.ErrorMessage(err), "do cơ quan để chậm giải quyết lập: Huyện Hai") {
			t.Errorf("message %q", congvu.ErrorMessage(err))
		}
		in.UnitID = x.D2
		_, err = x.fs.IssueApologySlip(c1Head, in)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)

		// The agency at fault finds the dossier and issues the slip.
		if found, err := x.fs.FindDossier(d2Head, x.D2, "HS-2"); err != nil || found.ID != d.ID {
			t.Fatalf("the agency at fault cannot find the dossier: %+v %v", found, err)
		}
		s, err := x.fs.IssueApologySlip(d2Head, in)
		if err != nil {
			t.Fatal(err)
		}
		if s.UnitID != x.D2 || s.UnitName != "Huyện Hai" || s.ReceivingUnitID != x.C1 || s.DossierCode != "HS-2" || s.Form != "03/2025/TT-VPCP-04" ||
			!s.IssuedAt.Equal(now) || !s.NewDueAt.Equal(congvu.Date(in.NewDueAt)) || s.RecipientAddress != "Thôn Đông, Xã Một" {
			t.Fatalf("slip %+v", s)
		}
		if got, _ := x.fs.FindDossier(admin, x.C1, "HS-2"); got.NewDueAt == nil || !got.NewDueAt.Equal(s.NewDueAt) || got.DelayReason != "Chờ ý kiến thẩm định" {
			t.Errorf("the dossier did not take the new date: %+v", got)
		}
		// Once per dossier.
		_, err = x.fs.IssueApologySlip(d2Head, in)
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		if !strings.Contains(congvu.ErrorMessage(err), "chỉ được hẹn lại một lần") {
			t.Errorf("second slip: %q", congvu.ErrorMessage(err))
		}
		// Not for a returned dossier, not on or after the due date.
		ret := now.Add(-time.Hour)
		r := register("HS-3", "", now.Add(48*time.Hour), &ret)
		_, err = x.fs.IssueApologySlip(c1Head, feedback.SlipInput{DossierID: r.ID, UnitID: x.C1, Recipient: "A", RecipientAddress: "B", Reason: "C", NewDueAt: now.Add(96 * time.Hour)})
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		if !strings.Contains(congvu.ErrorMessage(err), "đã trả kết quả") {
			t.Errorf("returned: %q", congvu.ErrorMessage(err))
		}
		late := register("HS-4", "", now.Add(-2*time.Hour), nil)
		_, err = x.fs.IssueApologySlip(c1Head, feedback.SlipInput{DossierID: late.ID, UnitID: x.C1, Recipient: "A", RecipientAddress: "B", Reason: "C", NewDueAt: now.Add(96 * time.Hour)})
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		if !strings.Contains(congvu.ErrorMessage(err), "phải lập trước ngày hẹn trả") {
			t.Errorf("after the due date: %q", congvu.ErrorMessage(err))
		}

		// Listed and counted per unit: under the agency at fault, not the
		// receiving unit; seen only by those who see the agency.
		list, n, err := x.fs.FindApologySlips(admin, feedback.SlipFilter{UnitID: x.D2})
		if err != nil || n != 1 || len(list) != 1 || list[0].ID != s.ID {
			t.Fatalf("slips of D2: %d %v %v", n, list, err)
		}
		if _, n, _ := x.fs.FindApologySlips(admin, feedback.SlipFilter{UnitID: x.C1}); n != 0 {
			t.Errorf("%d slips listed under the receiving unit", n)
		}
		if _, n, _ := x.fs.FindApologySlips(admin, feedback.SlipFilter{UnitID: x.P1, Limit: -1, From: now.Add(-time.Hour), To: now.Add(time.Hour)}); n != 1 {
			t.Errorf("province count %d", n)
		}
		if _, n, _ := x.fs.FindApologySlips(c1Head, feedback.SlipFilter{}); n != 0 {
			t.Errorf("the receiving unit's head sees %d slips of another agency", n)
		}
		_, err = x.fs.FindApologySlipByID(c1Head, s.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		if got, err := x.fs.FindApologySlipByID(d2Head, s.ID); err != nil || got.Number != "05/PXL" {
			t.Errorf("find slip %+v %v", got, err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'apology_slip.issue' AND entity_id = $1 AND unit_id = $2`, s.ID, x.D2); n != 1 {
			t.Errorf("%d audit events of the slip", n)
		}
	})
}
