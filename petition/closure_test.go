package petition_test

import (
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/petition"
)

// An anonymous petition closed without a reply gets one made from its
// conclusion, courteous and with the finding's text; a reporter who can be
// answered, or who wrote, needs the handler's own reply.
func TestCloseReply(t *testing.T) {
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, congvu.TimeZone)
	p := &petition.Petition{TrackingCode: "PA-ABCD-EFGH", HandlerName: "Sở Nội vụ", Anonymous: true, SubmittedAt: now.AddDate(0, 0, -20),
		Status: petition.Concluded, Conclusion: petition.ConclusionFounded, ConclusionText: "Cán bộ đã yêu cầu giấy tờ ngoài quy định; đã kiểm điểm.",
		ConclusionPublic: true}
	reply, err := petition.CloseReply(p, false, false)
	if err != nil || !strings.Contains(reply, p.ConclusionText) || !strings.Contains(reply, "kết quả giải quyết: phản ánh đúng") ||
		!strings.Contains(reply, "30 ngày") || !strings.Contains(reply, "xin lỗi") {
		t.Fatalf("anonymous, no reply: %q, %v", reply, err)
	}
	for _, c := range []petition.Conclusion{petition.ConclusionFounded, petition.ConclusionPartly, petition.ConclusionUnfounded} {
		p.Conclusion = c
		if res := petition.CheckReply(p, petition.ConclusionReply(p), now); !res.Ready() {
			t.Errorf("%s: the reply made from the conclusion misses %v", c, petition.MissingChecks(res))
		}
	}
	if reply, err := petition.CloseReply(p, true, true); err != nil || reply != "" {
		t.Errorf("replied: %q, %v", reply, err)
	}
	if _, err := petition.CloseReply(p, false, true); congvu.ErrorCode(err) != congvu.ECONFLICT {
		t.Errorf("anonymous reporter who wrote, no reply: %v", err)
	}
	p.Anonymous = false
	if _, err := petition.CloseReply(p, false, false); congvu.ErrorCode(err) != congvu.ECONFLICT {
		t.Errorf("named reporter, no reply: %v", err)
	}
}

// The reporter writes while the petition is handled and for 30 days after
// it was closed; never after a rejection.
func TestReporterMayWrite(t *testing.T) {
	closed := time.Date(2026, 3, 10, 9, 0, 0, 0, congvu.TimeZone)
	for _, c := range []struct {
		st     petition.Status
		closed *time.Time
		at     time.Time
		want   bool
	}{
		{petition.Verifying, nil, closed, true},
		{petition.Concluded, nil, closed, true},
		{petition.Closed, &closed, closed.Add(29 * 24 * time.Hour), true},
		{petition.Closed, &closed, closed.Add(petition.ReopenWindow), false},
		{petition.Closed, nil, closed, false},
		{petition.Rejected, &closed, closed, false},
	} {
		if got := petition.ReporterMayWrite(c.st, c.closed, c.at); got != c.want {
			t.Errorf("%s closed %v, at %v: %v, want %v", c.st, c.closed, c.at, got, c.want)
		}
	}
	if u := petition.WriteUntil(petition.Closed, &closed); !u.Equal(closed.AddDate(0, 0, 30)) {
		t.Errorf("write until %v", u)
	}
	if petition.ReopenTo.Final() || petition.StageOf(petition.ReopenTo) != petition.StageClose {
		t.Errorf("a reopened petition is %s", petition.ReopenTo)
	}
}

// A reporter's message reopens a closed petition only when it asks for a
// second look, and only once in the petition's life.
func TestMessageReopens(t *testing.T) {
	for _, c := range []struct {
		st       petition.Status
		contest  bool
		reopened int
		want     bool
	}{
		{petition.Closed, true, 0, true},
		{petition.Closed, false, 0, false}, // "Cảm ơn"
		{petition.Closed, true, petition.MaxReopens, false},
		{petition.Concluded, true, 0, false}, // not closed: nothing to reopen
	} {
		if got := petition.MessageReopens(c.st, c.contest, c.reopened); got != c.want {
			t.Errorf("MessageReopens(%s, %v, %d) = %v", c.st, c.contest, c.reopened, got)
		}
	}
	closed := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	if !petition.MayReopen(petition.Closed, &closed, 0, closed.Add(time.Hour)) ||
		petition.MayReopen(petition.Closed, &closed, 1, closed.Add(time.Hour)) ||
		petition.MayReopen(petition.Closed, &closed, 0, closed.Add(petition.ReopenWindow+time.Hour)) {
		t.Error("MayReopen: only within the window, and never twice")
	}
}

// A conclusion text not written for the reporter (before the form said the
// reporter reads it) stays out of the reply made from the conclusion.
func TestConclusionReplyKeepsInternalText(t *testing.T) {
	p := &petition.Petition{TrackingCode: "PA-ABCD-EFGH", HandlerName: "Sở Nội vụ", Anonymous: true, SubmittedAt: time.Now(),
		Status: petition.Concluded, Conclusion: petition.ConclusionUnfounded, ConclusionText: "Nội bộ: chuyên viên B chậm trình ký."}
	if r := petition.ConclusionReply(p); strings.Contains(r, p.ConclusionText) || !strings.Contains(r, "không có cơ sở") {
		t.Fatalf("reply from an internal conclusion: %q", r)
	}
	if p.ReporterConclusionText() != "" {
		t.Fatal("the reporter reads an internal conclusion")
	}
}

// A conclusion always leaves the reporter a text: its own, marked for the
// reporter, or a summary written for them (EINVALID on reporter_summary
// when neither); the reply made at closing and the tracking page give the
// reporter that text and never the internal one.
func TestConclusionLeavesTheReporterAText(t *testing.T) {
	in := petition.StepInput{Step: petition.StepConclude, Conclusion: petition.ConclusionUnfounded, Text: "Nội bộ: chuyên viên B chậm trình ký."}
	err := petition.ValidateStep(&in)
	if congvu.ErrorCode(err) != congvu.EINVALID || !strings.Contains(congvu.ErrorFields(err)["reporter_summary"], "người phản ánh") {
		t.Fatalf("a conclusion with no text for the reporter: %v", err)
	}
	in.ReporterSummary = "  Sau xác minh, nội dung phản ánh không có cơ sở; hồ sơ đã được trả đúng hạn.  "
	if err := petition.ValidateStep(&in); err != nil {
		t.Fatalf("with a summary: %v", err)
	}
	pub := in
	pub.ConclusionPublic, pub.ReporterSummary = true, ""
	if err := petition.ValidateStep(&pub); err != nil {
		t.Fatalf("a public conclusion: %v", err)
	}
	p := &petition.Petition{TrackingCode: "PA-ABCD-EFGH", HandlerName: "Sở Nội vụ", Anonymous: true, SubmittedAt: time.Now(),
		Status: petition.Concluded, Conclusion: in.Conclusion, ConclusionText: in.Text, ReporterSummary: in.ReporterSummary}
	r := petition.ConclusionReply(p)
	if strings.Contains(r, p.ConclusionText) || !strings.Contains(r, "hồ sơ đã được trả đúng hạn.") {
		t.Fatalf("the reply from a conclusion with a summary: %q", r)
	}
	if p.ReporterConclusionText() != "Sau xác minh, nội dung phản ánh không có cơ sở; hồ sơ đã được trả đúng hạn." {
		t.Fatalf("the reporter reads %q", p.ReporterConclusionText())
	}
}
