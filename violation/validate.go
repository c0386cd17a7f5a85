package violation

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
	MinDescription = 20
	MaxDescription = 5000
	MinNote        = 10
	MaxNote        = 5000
	MinReason      = 10
	MaxReason      = 2000
	MaxOfficials   = 20
	MaxEvidence    = 20
	MaxItems       = 20
	// The texts of a discipline case's steps: minutes of a review or a
	// council, a complaint and its settlement, at most MaxMinutes; the
	// signer of a decision at most MaxSigner; a council at most
	// MaxCouncilMembers members, each name and role at most MaxMemberName.
	MaxMinutes        = 20000
	MaxSigner         = 200
	MaxCouncilMembers = 15
	MaxMemberName     = 100
)

// TooLong adds to v, on field, that what may not pass max characters
// when text does; it reports whether it did.
func TooLong(v congvu.Validation, field, text string, max int, what string) bool {
	if utf8.RuneCountInString(text) <= max {
		return false
	}
	v.Add(field, fmt.Sprintf("%s không được dài quá %s ký tự.", what, groupThousands(max)))
	return true
}

// groupThousands writes n with dots between thousands (20.000).
func groupThousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

// EarliestAct is the earliest date of an act the product records.
var EarliestAct = time.Date(2000, 1, 1, 0, 0, 0, 0, congvu.TimeZone)

// Validate normalises the text of in and checks it at now (Vietnam day):
// the act date neither in the future nor before 2000, the description's
// length, at least one official unless the violation is about the unit,
// at least one piece of evidence of a known kind, the item codes
// non-empty, a note for each observation and ratings pattern. What needs
// storage (the items in force, the officials of the unit, the evidence
// itself) is checked by the service.
func (in *Input) Validate(now time.Time) error {
	v := congvu.Validation{}
	in.Description = vntext.CleanParagraphs(in.Description)
	if in.UnitID <= 0 {
		v.Add("unit_id", "Xin chọn đơn vị nơi xảy ra vi phạm.")
	}
	switch act := congvu.Date(in.ActDate); {
	case in.ActDate.IsZero():
		v.Add("act_date", "Xin nhập ngày xảy ra hành vi vi phạm.")
	case act.After(congvu.Date(now)):
		v.Add("act_date", "Ngày xảy ra hành vi không được sau ngày hôm nay.")
	case act.Before(EarliestAct):
		v.Add("act_date", "Ngày xảy ra hành vi không được trước ngày 01/01/2000.")
	}
	switch n := utf8.RuneCountInString(in.Description); {
	case n < MinDescription:
		v.Add("description", fmt.Sprintf("Xin mô tả hành vi vi phạm cụ thể hơn (ít nhất %d ký tự).", MinDescription))
	case n > MaxDescription:
		v.Add("description", fmt.Sprintf("Mô tả dài quá %d ký tự.", MaxDescription))
	}
	var codes []string
	seen := map[string]bool{}
	for _, c := range in.ItemCodes {
		c = strings.ToUpper(vntext.Clean(c))
		if c != "" && !seen[c] {
			seen[c] = true
			codes = append(codes, c)
		}
	}
	in.ItemCodes = codes
	switch {
	case len(codes) == 0:
		v.Add("item_codes", "Xin chọn ít nhất một chuẩn mực bị vi phạm.")
	case len(codes) > MaxItems:
		v.Add("item_codes", fmt.Sprintf("Chọn tối đa %d chuẩn mực.", MaxItems))
	}
	var ids []int64
	for _, id := range in.OfficialIDs {
		if id > 0 && !containsID(ids, id) {
			ids = append(ids, id)
		}
	}
	in.OfficialIDs = ids
	switch {
	case in.AboutUnit && len(ids) > 0:
		v.Add("official_ids", "Vi phạm của tập thể đơn vị không nêu tên cán bộ; xin bỏ chọn cán bộ hoặc bỏ đánh dấu vi phạm của tập thể.")
	case !in.AboutUnit && len(ids) == 0:
		v.Add("official_ids", "Xin chọn ít nhất một cán bộ vi phạm (hoặc đánh dấu đây là vi phạm của tập thể đơn vị).")
	case len(ids) > MaxOfficials:
		v.Add("official_ids", fmt.Sprintf("Chọn tối đa %d cán bộ.", MaxOfficials))
	}
	switch {
	case len(in.Evidence) == 0:
		v.Add("evidence", "Xin nêu ít nhất một căn cứ (phản ánh đã kết luận, kết quả kiểm tra, ghi nhận của thủ trưởng).")
	case len(in.Evidence) > MaxEvidence:
		v.Add("evidence", fmt.Sprintf("Nêu tối đa %d căn cứ.", MaxEvidence))
	}
	for i, ev := range in.Evidence {
		note := ""
		if in.Notes != nil {
			note = vntext.CleanParagraphs(in.Notes[i])
			in.Notes[i] = note
		}
		if msg := EvidenceProblem(ev, note); msg != "" {
			v.Add(fmt.Sprintf("evidence.%d", i), msg)
		}
	}
	return v.Err()
}

// EvidenceProblem says in Vietnamese what is wrong with a piece of
// evidence as given (before the service resolves it), or "".
func EvidenceProblem(ev congvu.EvidenceRef, note string) string {
	n := utf8.RuneCountInString(note)
	switch ev.Kind {
	case congvu.EvidencePetition, congvu.EvidenceInspectionLine:
		if ev.ID <= 0 {
			return "Xin chọn hồ sơ làm căn cứ."
		}
	case congvu.EvidenceObservation:
		if n < MinNote {
			return fmt.Sprintf("Ghi nhận của thủ trưởng cần nêu nội dung biên bản (ít nhất %d ký tự).", MinNote)
		}
	case congvu.EvidenceRatings:
		if n < MinNote {
			return fmt.Sprintf("Căn cứ từ kết quả đánh giá cần nêu nhận xét (ít nhất %d ký tự).", MinNote)
		}
		if ev.OfficialID <= 0 {
			return "Căn cứ từ kết quả đánh giá cần nêu cán bộ được đánh giá."
		}
	default:
		return "Loại căn cứ không hợp lệ."
	}
	if n > MaxNote {
		return fmt.Sprintf("Nội dung căn cứ dài quá %d ký tự.", MaxNote)
	}
	return ""
}

// Validate normalises the note of in and checks it.
func (in *HandlingInput) Validate() error {
	v := congvu.Validation{}
	in.Note = vntext.CleanParagraphs(in.Note)
	if in.OfficialID <= 0 {
		v.Add("official_id", "Xin chọn cán bộ được xử lý.")
	}
	if !in.Kind.Valid() {
		v.Add("kind", "Xin chọn hình thức: nhắc nhở, phê bình hoặc chấn chỉnh.")
	}
	if in.Severity != "" && !in.Severity.Valid() {
		v.Add("severity", "Mức độ vi phạm không hợp lệ.")
	}
	switch n := utf8.RuneCountInString(in.Note); {
	case n < MinNote:
		v.Add("note", fmt.Sprintf("Xin ghi nội dung nhắc nhở, phê bình hoặc chấn chỉnh (ít nhất %d ký tự).", MinNote))
	case n > MaxNote:
		v.Add("note", fmt.Sprintf("Nội dung dài quá %d ký tự.", MaxNote))
	}
	return v.Err()
}

// ValidateReason normalises and checks the reason of a dismissal or of no
// action, on field.
func ValidateReason(reason *string, field string) error {
	*reason = vntext.CleanParagraphs(*reason)
	switch n := utf8.RuneCountInString(*reason); {
	case n < MinReason:
		return congvu.FieldError(field, fmt.Sprintf("Xin nêu lý do (ít nhất %d ký tự).", MinReason))
	case n > MaxReason:
		return congvu.FieldError(field, fmt.Sprintf("Lý do dài quá %d ký tự.", MaxReason))
	}
	return nil
}

// ValidateAckNote normalises and bounds the official's comment on a
// handling (optional).
func ValidateAckNote(note *string) error {
	*note = vntext.CleanParagraphs(*note)
	if utf8.RuneCountInString(*note) > MaxReason {
		return congvu.FieldError("note", fmt.Sprintf("Ý kiến dài quá %d ký tự.", MaxReason))
	}
	return nil
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
