package feedback_test

import (
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/feedback"
)

func at(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, congvu.TimeZone)
}

func TestCheckSlip(t *testing.T) {
	due := at(2026, 12, 10, 17)
	d := &feedback.Dossier{ID: 1, Code: "H57-1", UnitID: 10, DelayUnitID: 20, ReceivedAt: at(2026, 12, 1, 9), DueAt: due}
	good := func() *feedback.SlipInput {
		return &feedback.SlipInput{DossierID: 1, UnitID: 20, Recipient: " Ông Nguyễn Văn Hùng ", RecipientAddress: "Thôn Đông, xã Đông Hưng",
			Reason: "Chờ xác minh nơi cư trú", NewDueAt: at(2026, 12, 15, 10)}
	}
	in := good()
	if err := feedback.CheckSlip(d, nil, "Sở Tư pháp", "Sở Tư pháp", in, at(2026, 12, 9, 16)); err != nil {
		t.Fatalf("a slip the day before the due date: %v", err)
	}
	if in.Recipient != "Ông Nguyễn Văn Hùng" || !in.NewDueAt.Equal(at(2026, 12, 15, 0)) {
		t.Errorf("not normalised: %+v", in)
	}
	refused := func(name string, d *feedback.Dossier, prior *feedback.ApologySlip, in *feedback.SlipInput, now time.Time, code, msg string) {
		t.Helper()
		err := feedback.CheckSlip(d, prior, "Bộ phận Một cửa", "Sở Tư pháp", in, now)
		if congvu.ErrorCode(err) != code || !strings.Contains(congvu.ErrorMessage(err), msg) {
			t.Errorf("%s: %v, want %s with %q", name, err, code, msg)
		}
	}
	// Dated on or after the due date.
	refused("on the due date", d, nil, good(), at(2026, 12, 10, 8), congvu.ECONFLICT, "phải lập trước ngày hẹn trả, chậm nhất ngày 09/12/2026")
	refused("after the due date", d, nil, good(), at(2026, 12, 12, 8), congvu.ECONFLICT, "phải lập trước ngày hẹn trả")
	// Rescheduled once.
	prior := &feedback.ApologySlip{ID: 7, DossierID: 1, IssuedAt: at(2026, 12, 5, 9), NewDueAt: at(2026, 12, 15, 0)}
	refused("second slip", d, prior, good(), at(2026, 12, 6, 9), congvu.ECONFLICT, "mỗi hồ sơ chỉ được hẹn lại một lần")
	// Returned already.
	ret := *d
	r := at(2026, 12, 8, 9)
	ret.ReturnedAt = &r
	refused("returned", &ret, nil, good(), at(2026, 12, 8, 10), congvu.ECONFLICT, "đã trả kết quả ngày 08/12/2026")
	// By the agency at fault only.
	other := good()
	other.UnitID = 10
	refused("receiving unit", d, nil, other, at(2026, 12, 5, 9), congvu.ECONFLICT, "do cơ quan để chậm giải quyết lập: Sở Tư pháp")
	noFault := *d
	noFault.DelayUnitID = 0
	if err := feedback.CheckSlip(&noFault, nil, "x", "x", other, at(2026, 12, 5, 9)); err != nil {
		t.Errorf("no agency recorded: the receiving unit apologises: %v", err)
	}
	// Fields.
	bad := good()
	bad.Reason, bad.RecipientAddress, bad.NewDueAt = "", "", at(2026, 12, 10, 20)
	err := feedback.CheckSlip(d, nil, "x", "x", bad, at(2026, 12, 5, 9))
	for _, f := range []string{"reason", "recipient_address", "new_due_at"} {
		if congvu.ErrorFields(err)[f] == "" {
			t.Errorf("field %s not refused: %v", f, err)
		}
	}
}

func TestSlipFormAndDistribution(t *testing.T) {
	f := feedback.SlipFormOn(at(2026, 12, 7, 9))
	if f.Key != "03/2025/TT-VPCP-04" || !strings.Contains(f.Basis, "118/2025/NĐ-CP") || f.NamesOfficial {
		t.Errorf("form in force %+v", f)
	}
	if f := feedback.SlipFormOn(at(2025, 6, 30, 9)); !strings.Contains(f.Basis, "61/2018") {
		t.Errorf("form of 30/06/2025 %+v", f)
	}
	s := &feedback.ApologySlip{UnitID: 20, ReceivingUnitID: 10, ReceivingUnitName: "Bộ phận Một cửa xã Đông Hưng", CopiesTo: "- Chủ tịch UBND xã;\n\n"}
	got := strings.Join(s.Distribution(), "|")
	if got != "Như trên|Bộ phận Một cửa xã Đông Hưng (nơi tiếp nhận hồ sơ)|Chủ tịch UBND xã|Lưu: VT" {
		t.Errorf("Nơi nhận %q", got)
	}
}
