package petition

import (
	"congvu"
	"congvu/vntext"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Text limits, in characters.
const (
	minDescription     = 20
	maxDescription     = 5000
	maxPlace           = 300
	maxSubjectText     = 200
	maxReporterName    = 120
	maxReporterAddress = 300
	maxStepReason      = 2000
	maxConclusionText  = 5000
)

// ValidateInput normalises the text of in and checks it at now (not the
// subject nor the files, which need the storage), adding field messages
// to v.
func ValidateInput(in *Input, now time.Time, v congvu.Validation) {
	in.Description = vntext.CleanParagraphs(in.Description)
	in.Place = vntext.Clean(in.Place)
	in.SubjectText = vntext.Clean(in.SubjectText)
	if !in.Category.Valid() {
		v.Add("category", "Xin chọn loại hành vi cần phản ánh.")
	}
	switch in.Channel {
	case "":
		switch {
		case strings.TrimSpace(in.BadgeToken) != "":
			in.Channel = ViaBadge
		case strings.TrimSpace(in.UnitToken) != "":
			in.Channel = ViaUnit
		default:
			in.Channel = ViaWeb
		}
	case ViaWeb, ViaBadge, ViaUnit, ViaAPI:
	default:
		v.Add("channel", "Kênh gửi phản ánh không hợp lệ.")
	}
	switch n := utf8.RuneCountInString(in.Description); {
	case n < minDescription:
		v.Add("description", fmt.Sprintf("Xin mô tả sự việc cụ thể hơn (ít nhất %d ký tự).", minDescription))
	case n > maxDescription:
		v.Add("description", fmt.Sprintf("Nội dung dài quá %d ký tự.", maxDescription))
	}
	if utf8.RuneCountInString(in.Place) > maxPlace {
		v.Add("place", fmt.Sprintf("Địa điểm dài quá %d ký tự.", maxPlace))
	}
	if utf8.RuneCountInString(in.SubjectText) > maxSubjectText {
		v.Add("subject_text", fmt.Sprintf("Phần mô tả người bị phản ánh dài quá %d ký tự.", maxSubjectText))
	}
	if in.OccurredAt != nil {
		o := in.OccurredAt.In(congvu.TimeZone)
		now := now.In(congvu.TimeZone)
		day := time.Date(o.Year(), o.Month(), o.Day(), 0, 0, 0, 0, congvu.TimeZone)
		today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, congvu.TimeZone)
		switch {
		case day.After(today):
			v.Add("occurred_at", "Ngày xảy ra sự việc không thể sau ngày hôm nay.")
		case o.Year() < 2000:
			v.Add("occurred_at", "Ngày xảy ra sự việc không hợp lệ.")
		default:
			d := day.UTC()
			in.OccurredAt = &d
		}
	}
	if in.Anonymous {
		in.Reporter, in.Consent = Reporter{}, false
		return
	}
	r := &in.Reporter
	r.Name = vntext.Clean(r.Name)
	r.Phone = vntext.Clean(r.Phone)
	r.Email = strings.ToLower(vntext.Clean(r.Email))
	r.Address = vntext.Clean(r.Address)
	switch {
	case r.Name == "":
		v.Add("reporter_name", "Xin cho biết họ và tên, hoặc chọn gửi ẩn danh.")
	case utf8.RuneCountInString(r.Name) > maxReporterName:
		v.Add("reporter_name", fmt.Sprintf("Họ và tên dài quá %d ký tự.", maxReporterName))
	}
	if r.Phone == "" && r.Email == "" {
		v.Add("reporter_phone", "Xin để lại số điện thoại hoặc email để cơ quan liên hệ khi cần.")
	}
	if r.Phone != "" && !congvu.PhoneOK(r.Phone) {
		v.Add("reporter_phone", "Số điện thoại chỉ gồm chữ số, dấu + ở đầu và khoảng trắng (6–20 ký tự).")
	}
	if r.Email != "" && !congvu.EmailOK(r.Email) {
		v.Add("reporter_email", "Địa chỉ email không hợp lệ.")
	}
	if utf8.RuneCountInString(r.Address) > maxReporterAddress {
		v.Add("reporter_address", fmt.Sprintf("Địa chỉ dài quá %d ký tự.", maxReporterAddress))
	}
	if !in.Consent {
		v.Add("consent", "Xin đồng ý với việc cơ quan xử lý thông tin cá nhân của anh/chị để giải quyết phản ánh, hoặc chọn gửi ẩn danh.")
	}
}

// ValidateStep normalises the text of a step and checks what the step
// itself needs (a reason to reject or transfer; a conclusion, its text and,
// when founded, the breached items): EINVALID with field messages. Whether
// the step may follow the petition's status, and the unit and item codes,
// are the service's to check.
func ValidateStep(in *StepInput) error {
	in.Reason, in.Note, in.Text = vntext.Clean(in.Reason), vntext.CleanParagraphs(in.Note), vntext.CleanParagraphs(in.Text)
	in.ReporterSummary = vntext.CleanParagraphs(in.ReporterSummary)
	in.KindReason = vntext.Clean(in.KindReason)
	v := congvu.Validation{}
	if _, known := StepTo[in.Step]; !known {
		v.Add("step", "Thao tác không hợp lệ.")
		return v.Err()
	}
	if utf8.RuneCountInString(in.Note) > maxStepReason {
		v.Add("note", fmt.Sprintf("Ghi chú dài quá %d ký tự.", maxStepReason))
	}
	switch in.Step {
	case StepAccept:
		if in.Kind != "" && !in.Kind.Valid() {
			v.Add("kind", "Xin chọn loại đơn: phản ánh, kiến nghị; tố cáo; hoặc khiếu nại.")
		}
		if utf8.RuneCountInString(in.KindReason) > maxStepReason {
			v.Add("kind_reason", fmt.Sprintf("Lý do dài quá %d ký tự.", maxStepReason))
		}
	case StepRefer:
		if !in.ReferTo.Valid() {
			v.Add("refer_to", "Xin chọn cơ quan nhận: cơ quan công an hoặc viện kiểm sát.")
		}
		fallthrough
	case StepReject, StepTransfer, StepExtend, StepSuspend:
		switch n := utf8.RuneCountInString(in.Reason); {
		case n == 0:
			v.Add("reason", "Xin nêu lý do.")
		case n > maxStepReason:
			v.Add("reason", fmt.Sprintf("Lý do dài quá %d ký tự.", maxStepReason))
		}
	case StepConclude:
		if !in.Conclusion.Valid() {
			v.Add("conclusion", "Xin chọn kết luận: đúng, đúng một phần hoặc không có cơ sở.")
		}
		switch n := utf8.RuneCountInString(in.Text); {
		case n == 0:
			v.Add("text", "Xin ghi nội dung kết luận.")
		case n > maxConclusionText:
			v.Add("text", fmt.Sprintf("Nội dung kết luận dài quá %d ký tự.", maxConclusionText))
		}
		// Every conclusion leaves the reporter a text: the conclusion
		// itself, written for them, or a summary of it.
		switch n := utf8.RuneCountInString(in.ReporterSummary); {
		case in.ConclusionPublic:
			in.ReporterSummary = ""
		case n == 0:
			v.Add("reporter_summary", "Người phản ánh cần được biết kết quả: xin cho người phản ánh đọc nội dung kết luận, hoặc ghi tóm tắt kết quả gửi người phản ánh.")
		case n > maxConclusionText:
			v.Add("reporter_summary", fmt.Sprintf("Tóm tắt gửi người phản ánh dài quá %d ký tự.", maxConclusionText))
		}
		if in.Conclusion.Breached() && len(in.Items) == 0 { // told with the other fields; codes are checked by the service
			v.Add("items", "Kết luận phản ánh đúng cần nêu ít nhất một chuẩn mực bị vi phạm.")
		}
	}
	return v.Err()
}

// CheckFillTime refuses a form sent less than MinFillTime after it was
// shown (fill is measured by the web layer; 0: not measured, as through
// the API): faster than a person reads and types, so a robot, or a person
// who pressed the button at once. EINVALID without fields, telling the
// person to wait a few seconds and send again.
func CheckFillTime(fill time.Duration) error {
	if fill > 0 && fill < MinFillTime {
		return congvu.Errorf(congvu.EINVALID, "Phản ánh được gửi ngay khi vừa mở biểu mẫu nên chưa được nhận (để chặn gửi tự động). "+
			"Nội dung anh/chị đã nhập vẫn còn nguyên: xin đợi vài giây rồi bấm “Gửi phản ánh” lần nữa.")
	}
	return nil
}

// ReporterNews is what a reporter who left an email address is told of a
// step (nothing for the steps absent); see ReporterNewsFor for the words
// of each kind.
var ReporterNews = map[Step]string{
	StepAccept:   "đã được thụ lý để xem xét, giải quyết",
	StepReject:   "đã được xem xét nhưng không đủ điều kiện thụ lý; lý do được ghi tại trang tra cứu",
	StepConclude: "đã có kết luận",
	StepExtend:   "được gia hạn thời hạn giải quyết; quyết định gia hạn, lý do và hạn mới được ghi tại trang tra cứu",
	StepSuspend:  "được tạm đình chỉ giải quyết; lý do được ghi tại trang tra cứu",
	StepResume:   "được tiếp tục giải quyết; hạn giải quyết mới được ghi tại trang tra cứu",
	StepRefer:    "được chuyển đến cơ quan tiến hành tố tụng có thẩm quyền do có dấu hiệu tội phạm; chi tiết tại trang tra cứu",
}

// ReporterNewsFor is ReporterNews in the words of kind k: a phản ánh is
// received and dealt with, not "thụ lý".
func ReporterNewsFor(step Step, k Kind) (string, bool) {
	if !k.Accepts() {
		switch step {
		case StepAccept:
			return "đã được tiếp nhận để xem xét, xử lý", true
		case StepReject:
			return "đã được xem xét nhưng không thuộc trường hợp được xử lý; lý do được ghi tại trang tra cứu", true
		}
	}
	news, ok := ReporterNews[step]
	return news, ok
}
