package evaluation

import (
	"congvu"
	"congvu/vntext"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Input limits (characters).
const (
	MaxText      = 4000 // a self-assessment, a comment, a complaint, an answer
	MaxNote      = 1000 // a note on a criterion, a proposal, a decision, a product
	MaxTitle     = 300  // a product's title
	MaxTaskGroup = 100  // a group of similar tasks
	MaxBasis     = 4000 // the basis of an agency's classification, of a rule set
)

// MinYear and MaxYear bound the evaluation years the product accepts.
const (
	MinYear = 2020
	MaxYear = 2100
)

// tooLong adds the field's message when s is longer than n characters.
func tooLong(v congvu.Validation, field, s string, n int, what string) {
	if utf8.RuneCountInString(s) > n {
		v.Add(field, fmt.Sprintf("%s không được dài quá %d ký tự.", what, n))
	}
}

// checkYear adds the field's message unless year is an evaluation year.
func checkYear(v congvu.Validation, field string, year int) {
	if year < MinYear || year > MaxYear {
		v.Add(field, fmt.Sprintf("Năm đánh giá phải từ %d đến %d.", MinYear, MaxYear))
	}
}

// CheckYear returns EINVALID (field "year") unless year is an evaluation year.
func CheckYear(year int) error {
	v := congvu.Validation{}
	checkYear(v, "year", year)
	return v.Err()
}

// checkScores checks the points given per general criterion: known codes,
// once each, within 0..Max on a scored set (every criterion given), no
// points on an unscored set (notes only). It cleans the notes.
func (r *RuleSet) checkScores(v congvu.Validation, field string, scores []Score) []Score {
	out := make([]Score, 0, len(scores))
	seen := map[string]bool{}
	for _, s := range scores {
		c := r.Criterion(s.Code)
		if c == nil || seen[s.Code] {
			v.Add(field, "Tiêu chí không thuộc quy định áp dụng hoặc bị lặp lại.")
			continue
		}
		seen[s.Code] = true
		s.Note = vntext.CleanParagraphs(s.Note)
		tooLong(v, field+"."+s.Code, s.Note, MaxNote, "Nhận xét")
		if math.IsNaN(s.Points) || math.IsInf(s.Points, 0) {
			s.Points = -1
		}
		switch {
		case r.Scored && (s.Points < 0 || s.Points > c.Max):
			v.Add(field+"."+s.Code, fmt.Sprintf("Điểm \"%s\" phải từ 0 đến %s.", c.Label, trimFloat(c.Max)))
		case !r.Scored && s.Points != 0:
			v.Add(field+"."+s.Code, "Quy định áp dụng không chấm điểm tiêu chí chung; xin chỉ ghi nhận xét.")
		}
		out = append(out, s)
	}
	if r.Scored {
		for _, c := range r.General {
			if !seen[c.Code] {
				v.Add(field+"."+c.Code, fmt.Sprintf("Xin cho điểm tiêu chí \"%s\".", c.Label))
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Score) int { return r.criterionIndex(a.Code) - r.criterionIndex(b.Code) })
	return out
}

func (r *RuleSet) criterionIndex(code string) int {
	return slices.IndexFunc(r.General, func(c Criterion) bool { return c.Code == code })
}

// GeneralPoints is the sum of the points of scores, rounded.
func GeneralPoints(scores []Score) float64 {
	var s float64
	for _, x := range scores {
		s += x.Points
	}
	return Round2(s)
}

// CheckSelf validates and cleans a self-assessment under r.
func (r *RuleSet) CheckSelf(in SelfInput) (SelfInput, error) {
	v := congvu.Validation{}
	in.General = r.checkScores(v, "general", in.General)
	in.Text = vntext.CleanParagraphs(in.Text)
	if !in.Level.Valid() {
		v.Add("level", "Xin chọn mức tự xếp loại.")
	}
	if in.Text == "" {
		v.Add("text", "Xin ghi tự nhận xét: kết quả, ưu điểm, hạn chế trong năm.")
	}
	tooLong(v, "text", in.Text, MaxText, "Tự nhận xét")
	return in, v.Err()
}

// CheckProposal validates and cleans the head's proposal under r (the
// level against the cap and the total is CheckLevel's).
func (r *RuleSet) CheckProposal(in ProposalInput) (ProposalInput, error) {
	v := congvu.Validation{}
	in.General = r.checkScores(v, "general", in.General)
	in.Note = vntext.CleanParagraphs(in.Note)
	in.TaskGroup = CleanTaskGroup(in.TaskGroup)
	if !in.Level.Valid() {
		v.Add("level", "Xin chọn mức xếp loại đề xuất.")
	}
	tooLong(v, "note", in.Note, MaxNote, "Ý kiến đề xuất")
	tooLong(v, "task_group", in.TaskGroup, MaxTaskGroup, "Nhóm nhiệm vụ")
	return in, v.Err()
}

// CleanTaskGroup normalises a task group's name.
func CleanTaskGroup(s string) string { return vntext.Normalize(vntext.Clean(s)) }

// CheckDecision validates and cleans a decision.
func CheckDecision(in DecisionInput) (DecisionInput, error) {
	v := congvu.Validation{}
	in.Note = vntext.CleanParagraphs(in.Note)
	if !in.Level.Valid() {
		v.Add("level", "Xin chọn mức xếp loại.")
	}
	tooLong(v, "note", in.Note, MaxNote, "Ghi chú quyết định")
	return in, v.Err()
}

// CheckComment validates and cleans a comment of the collective.
func CheckComment(in CommentInput) (CommentInput, error) {
	v := congvu.Validation{}
	in.Text = vntext.CleanParagraphs(in.Text)
	if in.Text == "" {
		v.Add("text", "Xin nhập nội dung nhận xét.")
	}
	tooLong(v, "text", in.Text, MaxText, "Nhận xét")
	return in, v.Err()
}

// CheckComplaint validates and cleans a complaint's text.
func CheckComplaint(text string) (string, error) {
	v := congvu.Validation{}
	text = vntext.CleanParagraphs(text)
	if text == "" {
		v.Add("text", "Xin nhập nội dung khiếu nại.")
	}
	tooLong(v, "text", text, MaxText, "Nội dung khiếu nại")
	return text, v.Err()
}

// CheckSettle validates and cleans a settlement of a complaint against
// the decided level (the new level against the cap, the total and the
// quota is the caller's, as for a decision).
func CheckSettle(in SettleInput, decided Level) (SettleInput, error) {
	v := congvu.Validation{}
	in.Answer = vntext.CleanParagraphs(in.Answer)
	if in.Kept {
		in.NewLevel = ""
	} else if !in.NewLevel.Valid() || in.NewLevel == decided {
		v.Add("new_level", "Xin chọn mức xếp loại mới, khác mức đã quyết định (hoặc giữ nguyên quyết định).")
	}
	if in.Answer == "" {
		v.Add("answer", "Xin ghi nội dung trả lời khiếu nại.")
	}
	tooLong(v, "answer", in.Answer, MaxText, "Nội dung trả lời")
	return in, v.Err()
}

// CheckUnitDecision validates and cleans an agency's own classification.
func CheckUnitDecision(in UnitDecisionInput) (UnitDecisionInput, error) {
	v := congvu.Validation{}
	in.Basis = vntext.CleanParagraphs(in.Basis)
	if in.UnitID <= 0 {
		v.Add("unit_id", "Xin chọn cơ quan, đơn vị.")
	}
	checkYear(v, "year", in.Year)
	if !in.Level.Valid() {
		v.Add("level", "Xin chọn mức xếp loại.")
	}
	if in.Basis == "" {
		v.Add("basis", "Xin ghi kết quả, số liệu làm căn cứ xếp loại.")
	}
	tooLong(v, "basis", in.Basis, MaxBasis, "Căn cứ xếp loại")
	return in, v.Err()
}

// CheckProduct validates and cleans a product to assign under r (nil: no
// rule set known, any period kind); DueOn "" is the end of the period.
// It returns the due day.
func (r *RuleSet) CheckProduct(in ProductInput) (ProductInput, time.Time, error) {
	v := congvu.Validation{}
	in.Title = vntext.Normalize(vntext.Clean(in.Title))
	if in.OfficialID <= 0 {
		v.Add("official_id", "Xin chọn cán bộ được giao.")
	}
	checkYear(v, "year", in.Year)
	switch {
	case in.PeriodKind != PeriodMonth && in.PeriodKind != PeriodQuarter:
		v.Add("period_kind", "Xin chọn kỳ theo dõi: tháng hoặc quý.")
	case r != nil && !r.AllowsPeriod(in.PeriodKind):
		v.Add("period_kind", "Quy định áp dụng không theo dõi sản phẩm theo kỳ này.")
	case in.PeriodKind == PeriodMonth && (in.Period < 1 || in.Period > 12):
		v.Add("period", "Tháng phải từ 1 đến 12.")
	case in.PeriodKind == PeriodQuarter && (in.Period < 1 || in.Period > 4):
		v.Add("period", "Quý phải từ 1 đến 4.")
	}
	if in.Title == "" {
		v.Add("title", "Xin nhập tên sản phẩm, công việc được giao.")
	}
	tooLong(v, "title", in.Title, MaxTitle, "Tên sản phẩm")
	if math.IsNaN(in.Points) || in.Points <= 0 || in.Points > 1000 {
		v.Add("points", "Trọng số điểm phải lớn hơn 0 và không quá 1000.")
	}
	var due time.Time
	if s := strings.TrimSpace(in.DueOn); s != "" {
		d, ok := ParseDay(s)
		if !ok || d.Year() < in.Year || d.Year() > in.Year+1 {
			v.Add("due_on", "Hạn hoàn thành không hợp lệ (ngày/tháng/năm, trong năm đánh giá).")
		}
		due = d
	}
	if err := v.Err(); err != nil {
		return in, time.Time{}, err
	}
	if due.IsZero() {
		due = PeriodEnd(in.Year, in.PeriodKind, in.Period)
	}
	return in, due, nil
}

// ParseDay reads dd/mm/yyyy or yyyy-mm-dd as a day in Vietnam.
func ParseDay(s string) (time.Time, bool) {
	for _, layout := range []string{"02/01/2006", "2/1/2006", time.DateOnly} {
		if t, err := time.ParseInLocation(layout, s, congvu.TimeZone); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// CheckConfirm cleans a confirmation's note.
func CheckConfirm(in ConfirmInput) (ConfirmInput, error) {
	v := congvu.Validation{}
	in.Note = vntext.CleanParagraphs(in.Note)
	tooLong(v, "note", in.Note, MaxNote, "Nhận xét")
	return in, v.Err()
}

// CheckReport cleans an official's report of a product done.
func CheckReport(note string) (string, error) {
	v := congvu.Validation{}
	note = vntext.CleanParagraphs(note)
	tooLong(v, "note", note, MaxNote, "Báo cáo")
	return note, v.Err()
}

// CheckCancel cleans the reason a product is withdrawn (required).
func CheckCancel(reason string) (string, error) {
	v := congvu.Validation{}
	reason = vntext.CleanParagraphs(reason)
	if reason == "" {
		v.Add("reason", "Xin ghi lý do hủy sản phẩm.")
	}
	tooLong(v, "reason", reason, MaxNote, "Lý do")
	return reason, v.Err()
}

// Validate checks a rule set to add; from the year thisYear on (0: any
// year, the command-line operator). It says every problem at once.
func (r *RuleSet) Validate(thisYear int) error {
	v := congvu.Validation{}
	r.Code, r.Title = vntext.Normalize(r.Code), vntext.Normalize(r.Title)
	r.Basis, r.QuotaBasis, r.DisciplineBasis = vntext.CleanParagraphs(r.Basis), vntext.Normalize(r.QuotaBasis), vntext.Normalize(r.DisciplineBasis)
	if r.Code == "" || utf8.RuneCountInString(r.Code) > 40 {
		v.Add("code", "Xin nhập mã bộ quy định (tối đa 40 ký tự).")
	}
	if r.Title == "" {
		v.Add("title", "Xin nhập tên bộ quy định.")
	}
	tooLong(v, "title", r.Title, MaxTitle, "Tên bộ quy định")
	if len(r.Categories) == 0 {
		v.Add("categories", "Xin chọn đối tượng áp dụng.")
	}
	for _, c := range r.Categories {
		if !c.Valid() {
			v.Add("categories", "Đối tượng áp dụng không hợp lệ.")
		}
	}
	switch {
	case r.FromYear < MinYear || r.FromYear > MaxYear:
		v.Add("from_year", fmt.Sprintf("Năm bắt đầu áp dụng phải từ %d đến %d.", MinYear, MaxYear))
	case thisYear != 0 && r.FromYear < thisYear:
		v.Add("from_year", fmt.Sprintf("Bộ quy định mới chỉ áp dụng từ năm %d trở đi; không sửa quy định đã áp dụng.", thisYear))
	}
	if r.UntilYear != 0 && r.UntilYear < r.FromYear {
		v.Add("until_year", "Năm hết áp dụng không được trước năm bắt đầu.")
	}
	if r.Basis == "" {
		v.Add("basis", "Xin ghi căn cứ pháp lý (số văn bản, điều khoản, ngày hiệu lực).")
	}
	tooLong(v, "basis", r.Basis, MaxBasis, "Căn cứ")
	seen := map[string]bool{}
	var sum float64
	for _, c := range r.General {
		if c.Code == "" || c.Label == "" || seen[c.Code] {
			v.Add("general", "Mỗi tiêu chí chung cần mã (không trùng) và tên.")
		}
		seen[c.Code] = true
		if c.Max < 0 || (r.Scored && c.Max <= 0) || (!r.Scored && c.Max != 0) {
			v.Add("general", "Điểm tối đa của tiêu chí không hợp lệ (quy định không chấm điểm: 0).")
		}
		sum += c.Max
	}
	if len(r.General) == 0 {
		v.Add("general", "Xin nhập các tiêu chí chung.")
	}
	if r.Scored {
		if r.TaskMax <= 0 || math.Abs(sum+r.TaskMax-100) > 1e-9 {
			v.Add("task_max", "Tổng điểm tiêu chí chung và kết quả thực hiện nhiệm vụ phải bằng 100.")
		}
		if !(0 < r.Completed && r.Completed < r.Good && r.Good < r.Excellent && r.Excellent <= 100) {
			v.Add("excellent", "Ngưỡng điểm phải tăng dần: hoàn thành < hoàn thành tốt < hoàn thành xuất sắc ≤ 100.")
		}
		if r.FailurePenalty < 0 || r.FailurePenalty > 1 {
			v.Add("failure_penalty", "Mức trừ mỗi lần không bảo đảm chất lượng, tiến độ phải từ 0 đến 1.")
		}
	} else {
		r.TaskMax, r.Excellent, r.Good, r.Completed, r.FailurePenalty = 0, 0, 0, 0, 0
	}
	if len(r.Periods) == 0 {
		v.Add("periods", "Xin chọn kỳ theo dõi sản phẩm (tháng, quý).")
	}
	for _, p := range r.Periods {
		if p != PeriodMonth && p != PeriodQuarter {
			v.Add("periods", "Kỳ theo dõi không hợp lệ.")
		}
	}
	if r.QuotaPct <= 0 || r.QuotaPct > 100 {
		v.Add("quota_pct", "Tỷ lệ hoàn thành xuất sắc phải lớn hơn 0 và không quá 100%.")
	}
	if r.DisciplineCap != "" && !r.DisciplineCap.Valid() {
		v.Add("discipline_cap", "Mức xếp loại khi bị kỷ luật không hợp lệ.")
	}
	if r.ComplaintDays < 1 || r.ComplaintDays > 365 {
		v.Add("complaint_days", "Thời hạn khiếu nại phải từ 1 đến 365 ngày.")
	}
	if r.MinRatings < 0 {
		v.Add("min_ratings", "Cỡ mẫu tối thiểu không hợp lệ.")
	}
	return v.Err()
}
