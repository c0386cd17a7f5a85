package petition_test

import (
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/petition"
)

// The draft itself is never sendable: it holds blanks to fill. A filled-in
// draft passes the checks, an apology included when the agency was at fault
// or late; a curt reply is held back unless its sender confirms.
func TestReplyGate(t *testing.T) {
	now := time.Date(2026, 5, 4, 3, 0, 0, 0, time.UTC)
	due := now.Add(-time.Hour)
	p := &petition.Petition{TrackingCode: "PA-7KQ3-M2XD", Category: petition.Attitude, Status: petition.Concluded,
		Conclusion: petition.ConclusionFounded, SubmittedAt: now.AddDate(0, 0, -20), DueAt: &due, HandlerName: "Sở Nội vụ tỉnh Thái Bình"}
	if !p.IsOverdue(now) || p.IsDueSoon(now) {
		t.Fatal("a petition past its deadline is overdue, not due soon")
	}
	draft := petition.ReplyDraft(p, p.IsOverdue(now))
	for _, want := range []string{"PA-7KQ3-M2XD", "xin lỗi", "chậm hơn thời hạn"} {
		if !strings.Contains(draft, want) {
			t.Errorf("draft lacks %q:\n%s", want, draft)
		}
	}
	err := petition.GateReply(draft, petition.CheckReply(p, draft, now), true)
	if congvu.ErrorFields(err)[petition.ReplyBodyField] == "" {
		t.Fatalf("the unfilled draft passes, even confirmed: %v", err)
	}
	filled := draft
	for _, ph := range petition.ReplyPlaceholders {
		filled = strings.ReplaceAll(filled, ph, "đã kiểm điểm cán bộ, liên hệ 0227 3831 234, Nguyễn Văn An, Giám đốc")
	}
	if err := petition.GateReply(filled, petition.CheckReply(p, filled, now), false); err != nil {
		t.Fatalf("the filled-in draft is held: %v", err)
	}
	curt := "Đã xử lý xong."
	err = petition.GateReply(curt, petition.CheckReply(p, curt, now), false)
	if msg := congvu.ErrorFields(err)[petition.ReplyConfirmField]; !strings.Contains(msg, "chưa đủ các mục bắt buộc") {
		t.Fatalf("a curt reply is not held: %v", err)
	}
	if err := petition.GateReply(curt, petition.CheckReply(p, curt, now), true); err != nil {
		t.Fatalf("a confirmed curt reply is held: %v", err)
	}
	if err := petition.GateReply("  ", petition.CheckReply(p, "", now), true); congvu.ErrorCode(err) != congvu.EINVALID {
		t.Fatalf("an empty reply: %v", err)
	}
	p.Status = petition.Closed
	if p.IsOverdue(now) {
		t.Fatal("a closed petition is overdue")
	}
}
