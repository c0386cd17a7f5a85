package petition

import (
	"fmt"
	"strings"
	"time"

	"congvu"
)

// Closing a petition, and what the reporter may still do after: every
// closure leaves the reporter a reply (written by the handler, or made from
// the conclusion when there is nobody to write to), the tracking page shows
// the conclusion's text when it was written for the reporter, and for
// ReopenWindow after closing the reporter may still write. A message
// reopens the petition for its handler only when the reporter says they
// disagree with the result or add information, and only once in the
// petition's life (MessageReopens); any other message ("Cảm ơn") is
// recorded and told to the handlers, the petition staying closed.

// ReopenWindow is how long after its closure the reporter of a petition
// may still write on the tracking page, to add information or contest the
// result.
const ReopenWindow = 30 * 24 * time.Hour

// MaxReopens is how many times, in a petition's life (counted from its
// first closure), a reporter's message may reopen it: once. After that
// messages are still received and told to the handlers, but the petition
// stays closed: no new deadline, no overdue flags.
const MaxReopens = 1

// MessageReopens reports whether a reporter's message on a petition in
// status st, reopened reopened times before, reopens it: only a closed
// petition, only when the reporter asked for it (disagrees with the result
// or adds information: contest), and only while reopened < MaxReopens.
// Whether the reporter may write at all is ReporterMayWrite's.
func MessageReopens(st Status, contest bool, reopened int) bool {
	return st == Closed && contest && reopened < MaxReopens
}

// MayReopen reports whether a message may still reopen a petition in
// status st, closed at closedAt, reopened reopened times, at now: what the
// tracking page tells the reporter before they write.
func MayReopen(st Status, closedAt *time.Time, reopened int, now time.Time) bool {
	return st == Closed && reopened < MaxReopens && ReporterMayWrite(st, closedAt, now)
}

// ReopenTo is the status a reporter's message after closure brings the
// petition back to: concluded, the stage of answering the reporter (with
// its deadline), so the handler answers and closes it again.
const ReopenTo = Concluded

// ReporterMayWrite reports whether the reporter of a petition in status st,
// closed at closedAt, may send a message at now: while it is handled, and
// for ReopenWindow after it was closed; never after a rejection, whose
// reason is final.
func ReporterMayWrite(st Status, closedAt *time.Time, now time.Time) bool {
	switch st {
	case Rejected:
		return false
	case Closed:
		return closedAt != nil && now.Before(closedAt.Add(ReopenWindow))
	}
	return true
}

// WriteUntil is when the reporter's window after closing ends: zero for a
// petition not closed.
func WriteUntil(st Status, closedAt *time.Time) time.Time {
	if st != Closed || closedAt == nil {
		return time.Time{}
	}
	return closedAt.Add(ReopenWindow)
}

// ReporterConclusionText is the conclusion's text as the reporter may read
// it: the text when it was written for them (ConclusionPublic), else the
// summary written for them (ReporterSummary; "" only for a conclusion
// recorded before either was required, which was internal text).
func (p *Petition) ReporterConclusionText() string {
	if !p.ConclusionPublic {
		return p.ReporterSummary
	}
	return p.ConclusionText
}

// CloseReply decides the reply a closure of p carries. agencyReplied says
// the handler replied since the conclusion, reporterWrote that the reporter
// ever wrote. With a reply sent it returns "". An anonymous petition whose
// reporter never wrote has nobody to write to but the tracking page: the
// reply is made from the conclusion (ConclusionReply) and returned, to be
// sent with the closure. Any other reporter (one who left contact details,
// or wrote) must have had a reply from the handler: ECONFLICT.
func CloseReply(p *Petition, agencyReplied, reporterWrote bool) (string, error) {
	switch {
	case agencyReplied:
		return "", nil
	case p.Anonymous && !reporterWrote:
		return ConclusionReply(p), nil
	}
	return "", congvu.Errorf(congvu.ECONFLICT, "Cần gửi trả lời kết quả giải quyết cho người phản ánh trước khi đóng phản ánh.")
}

// ConclusionReply is the reply made from p's conclusion when it is closed
// without one: the finding in the handler's words, an apology when the
// agency was at fault, and how to write back within ReopenWindow. It
// passes the courtesy checks of a reply.
func ConclusionReply(p *Petition) string {
	unit := p.HandlerName
	if unit == "" {
		unit = "Cơ quan xử lý"
	}
	var b strings.Builder
	b.WriteString("Kính gửi Ông/Bà,\n\n")
	fmt.Fprintf(&b, "%s trân trọng cảm ơn Ông/Bà đã gửi phản ánh mã số %s ngày %s và xin thông báo kết quả giải quyết: %s.\n\n",
		unit, p.TrackingCode, p.SubmittedAt.In(congvu.TimeZone).Format("02/01/2006"), strings.ToLower(p.Conclusion.Label()))
	if t := strings.TrimSpace(p.ReporterConclusionText()); t != "" {
		fmt.Fprintf(&b, "%s\n\n", t)
	}
	if p.Conclusion.Breached() {
		b.WriteString("Chúng tôi thành thật xin lỗi Ông/Bà vì sự phiền hà mà Ông/Bà đã gặp phải và cam kết chấn chỉnh để việc này không lặp lại.\n\n")
	}
	fmt.Fprintf(&b, "Nếu cần bổ sung thông tin hoặc chưa đồng ý với kết quả, xin Ông/Bà gửi ý kiến tại trang tra cứu phản ánh trong %d ngày kể từ ngày đóng phản ánh và chọn đề nghị xem xét lại; phản ánh sẽ được mở lại để xem xét, trả lời (mỗi phản ánh được mở lại một lần).\n\n",
		int(ReopenWindow/(24*time.Hour)))
	fmt.Fprintf(&b, "Trân trọng cảm ơn Ông/Bà.\n%s", unit)
	return b.String()
}
