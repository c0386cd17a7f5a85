package training

import (
	"congvu"
	"congvu/vntext"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"
)

// Input limits (characters, counts).
const (
	MaxTitle       = 300
	MaxText        = 4000 // a purpose, a reason, a meaning
	MaxExample     = 500
	MaxExamples    = 10
	MaxPlace       = 300
	MaxNamed       = 5000 // officials a campaign names
	MaxQuiz        = 50   // questions per attempt
	MaxAttemptsCap = 10
	MaxHours       = 400
	MaxDays        = 366 // a campaign's period
	MaxSession     = 12 * time.Hour
	MaxFileName    = 200
)

// tooLong adds the field's message when s is longer than n characters.
func tooLong(v congvu.Validation, field, s string, n int, what string) {
	if utf8.RuneCountInString(s) > n {
		v.Add(field, fmt.Sprintf("%s không được dài quá %s ký tự.", what, vntext.Number(n)))
	}
}

// Validate checks a campaign with Vietnamese messages per field and cleans
// its text.
func (in *CampaignInput) Validate() error {
	v := congvu.Validation{}
	in.Title = vntext.Clean(in.Title)
	in.Purpose = vntext.CleanParagraphs(in.Purpose)
	in.Reason = vntext.CleanParagraphs(in.Reason)
	if in.UnitID <= 0 {
		v.Add("unit_id", "Xin chọn đơn vị tổ chức.")
	}
	if in.Title == "" {
		v.Add("title", "Xin nhập tên đợt bồi dưỡng.")
	}
	tooLong(v, "title", in.Title, MaxTitle, "Tên đợt bồi dưỡng")
	tooLong(v, "purpose", in.Purpose, MaxText, "Mục đích, yêu cầu")
	tooLong(v, "reason", in.Reason, MaxText, "Lý do")
	switch in.Audience {
	case AudienceAll:
	case AudienceNew:
		if in.NewSince == nil || in.NewSince.IsZero() {
			v.Add("new_since", "Xin nhập ngày: cán bộ tuyển dụng, tiếp nhận từ ngày này.")
		}
	case AudienceNamed:
		if len(in.OfficialIDs) == 0 {
			v.Add("official_ids", "Xin chọn cán bộ được bồi dưỡng bổ sung.")
		}
		if len(in.OfficialIDs) > MaxNamed {
			v.Add("official_ids", fmt.Sprintf("Chỉ định tối đa %s cán bộ mỗi đợt.", vntext.Number(MaxNamed)))
		}
		if in.Reason == "" {
			v.Add("reason", "Xin ghi lý do chỉ định (căn cứ, bằng chứng).")
		}
	default:
		v.Add("audience", "Xin chọn đối tượng bồi dưỡng.")
	}
	if in.Audience != AudienceNamed {
		in.OfficialIDs = nil
	}
	if in.Audience != AudienceNew {
		in.NewSince = nil
	} else if in.NewSince != nil {
		d := congvu.Date(*in.NewSince)
		in.NewSince = &d
	}
	slices.Sort(in.OfficialIDs)
	in.OfficialIDs = slices.Compact(in.OfficialIDs)
	switch {
	case in.StartsOn.IsZero():
		v.Add("starts_on", "Xin nhập ngày bắt đầu.")
	case in.EndsOn.IsZero():
		v.Add("ends_on", "Xin nhập ngày kết thúc.")
	default:
		in.StartsOn, in.EndsOn = congvu.Date(in.StartsOn), congvu.Date(in.EndsOn)
		if in.EndsOn.Before(in.StartsOn) {
			v.Add("ends_on", "Ngày kết thúc không được trước ngày bắt đầu.")
		} else if in.EndsOn.Sub(in.StartsOn) > MaxDays*24*time.Hour {
			v.Add("ends_on", "Một đợt bồi dưỡng kéo dài tối đa một năm.")
		}
	}
	if in.Hours < 0 || in.Hours > MaxHours {
		v.Add("hours", fmt.Sprintf("Số giờ phải từ 0 đến %d.", MaxHours))
	}
	if in.QuizQuestions < 0 || in.QuizQuestions > MaxQuiz {
		v.Add("quiz_questions", fmt.Sprintf("Số câu hỏi mỗi lần kiểm tra phải từ 0 (không kiểm tra) đến %d.", MaxQuiz))
	}
	if in.QuizQuestions > 0 {
		if in.PassMark < 1 || in.PassMark > 100 {
			v.Add("pass_mark", "Điểm đạt phải từ 1 đến 100 (phần trăm số câu đúng).")
		}
		if in.MaxAttempts < 1 || in.MaxAttempts > MaxAttemptsCap {
			v.Add("max_attempts", fmt.Sprintf("Số lần làm bài phải từ 1 đến %d.", MaxAttemptsCap))
		}
	} else {
		in.PassMark, in.MaxAttempts = 0, 0
	}
	slices.Sort(in.MaterialIDs)
	in.MaterialIDs = slices.Compact(in.MaterialIDs)
	return v.Err()
}

// Validate checks a session of campaign c with Vietnamese messages per
// field and cleans its text. An online session lasts the campaign's period
// when its times are not given.
func (in *SessionInput) Validate(c *Campaign) error {
	v := congvu.Validation{}
	in.Title = vntext.Clean(in.Title)
	in.Place = vntext.Clean(in.Place)
	in.Lecturer = vntext.Clean(in.Lecturer)
	if in.Title == "" {
		v.Add("title", "Xin nhập tên buổi bồi dưỡng.")
	}
	tooLong(v, "title", in.Title, MaxTitle, "Tên buổi bồi dưỡng")
	tooLong(v, "place", in.Place, MaxPlace, "Địa điểm")
	tooLong(v, "lecturer", in.Lecturer, MaxPlace, "Báo cáo viên")
	switch in.Mode {
	case ModeInPerson:
		if in.Place == "" {
			v.Add("place", "Xin nhập địa điểm của lớp.")
		}
	case ModeOnline:
		if in.StartsAt.IsZero() && in.EndsAt.IsZero() && c != nil {
			in.StartsAt = c.StartsOn
			in.EndsAt = c.EndsOn.Add(24*time.Hour - time.Second)
		}
	default:
		v.Add("mode", "Xin chọn hình thức: trực tiếp hoặc trực tuyến.")
	}
	switch {
	case in.StartsAt.IsZero():
		v.Add("starts_at", "Xin nhập thời gian bắt đầu.")
	case in.EndsAt.IsZero():
		v.Add("ends_at", "Xin nhập thời gian kết thúc.")
	case !in.EndsAt.After(in.StartsAt):
		v.Add("ends_at", "Thời gian kết thúc phải sau thời gian bắt đầu.")
	case in.Mode == ModeInPerson && in.EndsAt.Sub(in.StartsAt) > MaxSession:
		v.Add("ends_at", "Một buổi học trực tiếp kéo dài tối đa 12 giờ.")
	case c != nil && (congvu.Date(in.StartsAt).Before(c.StartsOn) || congvu.Date(in.EndsAt).After(c.EndsOn)):
		v.Add("starts_at", fmt.Sprintf("Buổi bồi dưỡng phải nằm trong thời gian của đợt (%s – %s).",
			c.StartsOn.Format("02/01/2006"), c.EndsOn.Format("02/01/2006")))
	}
	in.StartsAt, in.EndsAt = in.StartsAt.UTC(), in.EndsAt.UTC()
	return v.Err()
}

// cleanExamples cleans a list of examples, dropping empty ones.
func cleanExamples(v congvu.Validation, field string, list []string, what string) []string {
	out := []string{}
	for _, e := range list {
		if e = vntext.Clean(e); e != "" {
			out = append(out, e)
		}
	}
	if len(out) > MaxExamples {
		v.Add(field, fmt.Sprintf("Tối đa %d %s.", MaxExamples, what))
	}
	for _, e := range out {
		tooLong(v, field, e, MaxExample, "Mỗi ví dụ")
	}
	return out
}

// ValidateItem checks the edit of an item's material (its meaning and
// examples) and cleans it.
func (in *MaterialInput) ValidateItem() error {
	v := congvu.Validation{}
	in.Title = vntext.Clean(in.Title)
	in.Meaning = vntext.CleanParagraphs(in.Meaning)
	in.LegalSource = vntext.Clean(in.LegalSource)
	if in.Title == "" {
		v.Add("title", "Xin nhập tên chuẩn mực.")
	}
	tooLong(v, "title", in.Title, MaxTitle, "Tên")
	if in.Meaning == "" {
		v.Add("meaning", "Xin giải thích ý nghĩa của chuẩn mực bằng lời dễ hiểu.")
	}
	tooLong(v, "meaning", in.Meaning, MaxText, "Ý nghĩa")
	tooLong(v, "legal_source", in.LegalSource, MaxText, "Căn cứ")
	in.GoodExamples = cleanExamples(v, "good_examples", in.GoodExamples, "ví dụ ứng xử đúng")
	in.BadExamples = cleanExamples(v, "bad_examples", in.BadExamples, "ví dụ ứng xử sai")
	return v.Err()
}

// ValidateDocument checks the description of an uploaded document.
func (in *MaterialInput) ValidateDocument() error {
	v := congvu.Validation{}
	in.Title = vntext.Clean(in.Title)
	in.Meaning = vntext.CleanParagraphs(in.Meaning)
	in.FileName = vntext.Clean(in.FileName)
	if in.UnitID <= 0 {
		v.Add("unit_id", "Xin chọn đơn vị ban hành tài liệu.")
	}
	if in.Title == "" {
		v.Add("title", "Xin nhập tên tài liệu.")
	}
	tooLong(v, "title", in.Title, MaxTitle, "Tên tài liệu")
	tooLong(v, "meaning", in.Meaning, MaxText, "Mô tả")
	if in.FileName == "" {
		v.Add("file", "Xin chọn tệp tài liệu (PDF, DOCX hoặc PPTX).")
	}
	tooLong(v, "file", in.FileName, MaxFileName, "Tên tệp")
	in.GoodExamples, in.BadExamples = nil, nil
	return v.Err()
}

// Validate checks a rule set an administrator adds.
func (rs *RuleSet) Validate() error {
	v := congvu.Validation{}
	rs.Code = vntext.Clean(rs.Code)
	rs.Basis = vntext.CleanParagraphs(rs.Basis)
	rs.Note = vntext.CleanParagraphs(rs.Note)
	if rs.Code == "" {
		v.Add("code", "Xin nhập ký hiệu (ví dụ số văn bản).")
	}
	tooLong(v, "code", rs.Code, 50, "Ký hiệu")
	if rs.Basis == "" {
		v.Add("basis", "Xin nhập căn cứ pháp lý.")
	}
	tooLong(v, "basis", rs.Basis, MaxText, "Căn cứ")
	tooLong(v, "note", rs.Note, MaxText, "Ghi chú")
	if rs.From.IsZero() {
		v.Add("from", "Xin nhập ngày áp dụng.")
	} else {
		rs.From = congvu.Date(rs.From)
	}
	if rs.To != nil {
		t := congvu.Date(*rs.To)
		rs.To = &t
		if !rs.From.IsZero() && !t.After(rs.From) {
			v.Add("to", "Ngày hết áp dụng phải sau ngày áp dụng.")
		}
	}
	if rs.MinHours < 0 || rs.MinHours > 2000 {
		v.Add("min_hours", "Số giờ tối thiểu phải từ 0 đến 2.000.")
	}
	return v.Err()
}
