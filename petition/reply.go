package petition

import (
	"fmt"
	"strings"
	"time"

	"congvu"
	"congvu/courtesy"
)

// The gate on replies to reporters: a reply is reviewed by the courtesy
// checks, fitted to the petition (an apology is required when the agency was
// at fault or late); one that still holds a blank of the starting draft is
// never sent, and one that fails a required check is sent only when its
// sender confirms. The web form and the API both apply it here.

// Reply placeholders: the parts of the starting draft a handler must fill
// in; a reply still holding one is not sent.
const (
	placeholderResult  = "[nêu kết quả xác minh, căn cứ và việc đã làm]"
	placeholderFix     = "[nêu biện pháp khắc phục, hình thức xử lý đối với cán bộ]"
	placeholderContact = "[số điện thoại, địa chỉ liên hệ của đơn vị]"
	placeholderSigner  = "[họ tên, chức vụ người ký]"
)

// ReplyPlaceholders are the blanks of the starting draft.
var ReplyPlaceholders = []string{placeholderResult, placeholderFix, placeholderContact, placeholderSigner}

// ReplyDraft is a courteous starting draft of a reply, fitted to where
// the petition is, with placeholders in square brackets.
func ReplyDraft(p *Petition, late bool) string {
	var b strings.Builder
	unit := p.HandlerName
	if unit == "" {
		unit = "Cơ quan chúng tôi"
	}
	b.WriteString("Kính gửi Ông/Bà,\n\n")
	fmt.Fprintf(&b, "%s xin chân thành cảm ơn Ông/Bà đã gửi phản ánh mã số %s ngày %s về việc “%s”. Chúng tôi trân trọng ý kiến của Ông/Bà và đã xem xét nội dung phản ánh theo đúng quy định.\n\n",
		unit, p.TrackingCode, p.SubmittedAt.In(congvu.TimeZone).Format("02/01/2006"), strings.ToLower(p.Category.Label()))
	switch {
	case p.Conclusion.Breached():
		what := "đúng"
		if p.Conclusion == ConclusionPartly {
			what = "đúng một phần"
		}
		fmt.Fprintf(&b, "Kết quả xác minh cho thấy nội dung phản ánh là %s. Chúng tôi thành thật xin lỗi Ông/Bà vì sự phiền hà, không hài lòng mà Ông/Bà đã gặp phải. %s. Chúng tôi cam kết chấn chỉnh để việc này không lặp lại.\n\n",
			what, placeholderFix)
	case p.Conclusion == ConclusionUnfounded:
		fmt.Fprintf(&b, "Sau khi xác minh, %s. Chúng tôi rất mong Ông/Bà thông cảm và tiếp tục góp ý để chúng tôi phục vụ tốt hơn.\n\n", placeholderResult)
	default:
		fmt.Fprintf(&b, "Hiện phản ánh đang được xem xét, giải quyết. %s. Chúng tôi sẽ thông báo kết quả để Ông/Bà được biết.\n\n", placeholderResult)
	}
	if late {
		b.WriteString("Chúng tôi xin lỗi Ông/Bà vì việc trả lời chậm hơn thời hạn quy định.\n\n")
	}
	fmt.Fprintf(&b, "Nếu cần trao đổi thêm, xin Ông/Bà vui lòng liên hệ %s hoặc gửi ý kiến qua trang tra cứu phản ánh bằng mã số trên.\n\n", placeholderContact)
	fmt.Fprintf(&b, "Trân trọng cảm ơn Ông/Bà.\n%s\n%s", placeholderSigner, unit)
	return b.String()
}

// replyContext is what the courtesy checks of a reply to p know at now.
func replyContext(p *Petition, now time.Time) courtesy.Context {
	return courtesy.Context{AgencyAtFault: p.Conclusion.Breached(), Late: p.IsOverdue(now)}
}

// CheckReply reviews a draft reply to p at now.
func CheckReply(p *Petition, body string, now time.Time) courtesy.Result {
	return courtesy.CheckWith(body, replyContext(p, now))
}

// Fields of the errors of GateReply.
const (
	ReplyBodyField    = "body"
	ReplyConfirmField = "confirm"
)

// GateReply decides whether a reply reviewed as res may be sent: EINVALID
// on the field "body" when it is empty or still holds a blank of the draft,
// and on the field "confirm" when a required check fails and the sender has
// not confirmed (the message names the missing parts).
func GateReply(body string, res courtesy.Result, confirmed bool) error {
	v := congvu.Validation{}
	if strings.TrimSpace(body) == "" {
		v.Add(ReplyBodyField, "Xin nhập nội dung trả lời.")
		return v.Err()
	}
	for _, ph := range ReplyPlaceholders {
		if strings.Contains(body, ph) {
			v.Add(ReplyBodyField, "Thư còn chỗ cần điền: "+ph+". Xin thay bằng nội dung cụ thể trước khi gửi.")
			break
		}
	}
	if !res.Ready() && !confirmed {
		v.Add(ReplyConfirmField, "Thư trả lời chưa đủ các mục bắt buộc: "+strings.Join(MissingChecks(res), "; ")+
			". Xin bổ sung theo gợi ý, hoặc xác nhận nếu chắc chắn muốn gửi.")
	}
	return v.Err()
}

// MissingChecks names the required checks a reviewed reply fails.
func MissingChecks(res courtesy.Result) []string {
	var missing []string
	for _, c := range res.Checks {
		if c.Required && !c.OK {
			missing = append(missing, c.Label)
		}
	}
	return missing
}
