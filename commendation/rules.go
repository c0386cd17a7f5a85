package commendation

import (
	"congvu"
	"congvu/org"
	"congvu/vntext"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The forms of the default rule set (codes are stable: stored proposals
// keep them).
const (
	FormGiayKhen          = "giay_khen"
	FormBangKhenTinh      = "bang_khen_tinh"
	FormBangKhenThuTuong  = "bang_khen_thu_tuong"
	DefaultMinSample      = 100  // ratings of the year before an index counts
	DefaultMinIndex       = 95.0 // satisfaction index (%) at or above which to suggest
	DefaultRoundTo        = 10000
	MaxReason             = 4000
	MaxRejectReason       = 2000
	MaxDecisionNumber     = 60
	MaxBasis              = 2000
	MaxForms              = 30
	MaxEvidencePerRequest = 50
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// DateOnly is the Vietnam day of t as midnight UTC, how rule dates are
// compared and DATE columns stored.
func DateOnly(t time.Time) time.Time {
	d := congvu.Date(t)
	return day(d.Year(), d.Month(), d.Day())
}

// DefaultRuleSets are the rule sets the product starts with: the Law on
// Emulation and Commendation 06/2022/QH15, in force 01/01/2024, with the
// decree on its details and reward amounts. What could not be checked
// against the text is said in Basis and the set is not Verified: an
// administrator checks it and adds a verified set dated as the law says.
func DefaultRuleSets() []RuleSet {
	return []RuleSet{{
		Title: "Khen thưởng theo Luật Thi đua, khen thưởng 2022",
		From:  day(2024, 1, 1),
		Basis: "Luật Thi đua, khen thưởng số 06/2022/QH15 (hiệu lực từ 01/01/2024): các hình thức Bằng khen của Thủ tướng Chính phủ, " +
			"Bằng khen cấp bộ, ngành, tỉnh, Giấy khen và thẩm quyền quyết định (điều khoản cần đối chiếu); " +
			"Nghị định quy định chi tiết Luật Thi đua, khen thưởng (Nghị định 98/2023/NĐ-CP, được thay thế bởi Nghị định 152/2025/NĐ-CP): " +
			"mức tiền thưởng theo hệ số mức lương cơ sở (cá nhân: Bằng khen của Thủ tướng 1,0; Bằng khen cấp tỉnh 1,0; Giấy khen 0,3; " +
			"tập thể gấp đôi cá nhân) và làm tròn lên hàng chục nghìn đồng. CHƯA KIỂM CHỨNG: số hiệu, ngày hiệu lực của Nghị định 152/2025/NĐ-CP, " +
			"các hệ số và quy tắc làm tròn theo nghị định này; quản trị viên cần đối chiếu văn bản và thêm bộ quy định đã kiểm chứng.",
		Verified: false,
		Forms: []Form{
			{Code: FormGiayKhen, Label: "Giấy khen",
				// Người đứng đầu cơ quan chuyên môn thuộc UBND tỉnh, Chủ tịch
				// UBND cấp huyện (đến 30/6/2025) và cấp xã, thủ trưởng cơ
				// quan, đơn vị (Luật 06/2022; điều khoản cần đối chiếu).
				DeciderLevels: []org.UnitKind{org.KindDepartment, org.KindDistrict, org.KindCommune, org.KindServiceUnit, org.KindOtherAgency},
				Individual:    true, Collective: true, Coefficient: 0.3, CollectiveCoefficient: 0.6},
			{Code: FormBangKhenTinh, Label: "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
				DeciderLevels: []org.UnitKind{org.KindProvince},
				Individual:    true, Collective: true, Coefficient: 1.0, CollectiveCoefficient: 2.0},
			{Code: FormBangKhenThuTuong, Label: "Bằng khen của Thủ tướng Chính phủ",
				DeciderLevels: []org.UnitKind{org.KindNation},
				Individual:    true, Collective: true, Coefficient: 1.0, CollectiveCoefficient: 2.0},
		},
		BaseSalary: []Salary{
			{From: day(2024, 7, 1), Amount: 2340000, Basis: "Nghị định 73/2024/NĐ-CP, Điều 3 (từ 01/7/2024)"},
			{From: day(2023, 7, 1), Amount: 1800000, Basis: "Nghị định 24/2023/NĐ-CP, Điều 3 (từ 01/7/2023)"},
		},
		RoundTo:   DefaultRoundTo,
		MinSample: DefaultMinSample,
		MinIndex:  DefaultMinIndex,
	}}
}

// RuleSetOn returns the rule set of sets in force on d (a Vietnam day),
// nil when none is. When several are, the one that started last wins,
// then the one stored last: a set an administrator adds from a date
// replaces the older one from that date.
func RuleSetOn(sets []RuleSet, d time.Time) *RuleSet {
	d = DateOnly(d)
	var best *RuleSet
	for i := range sets {
		r := &sets[i]
		if (!r.From.IsZero() && d.Before(r.From)) || (!r.Until.IsZero() && d.After(r.Until)) {
			continue
		}
		if best == nil || r.From.After(best.From) || (r.From.Equal(best.From) && r.ID > best.ID) {
			best = r
		}
	}
	return best
}

// FormByCode returns the form with code, false when the set has none.
func (rs *RuleSet) FormByCode(code string) (Form, bool) {
	for _, f := range rs.Forms {
		if f.Code == code {
			return f, true
		}
	}
	return Form{}, false
}

// Decides reports whether the head of a unit of kind k decides the form.
func (f Form) Decides(k org.UnitKind) bool { return slices.Contains(f.DeciderLevels, k) }

// UnitNode is what the competence rule needs of a unit: its id and kind.
type UnitNode struct {
	ID   int64
	Kind org.UnitKind
	Name string
}

// Competent returns the unit whose head decides the form for a subject of
// the first unit of chain: the nearest ancestor-or-self of a kind the form
// allows. chain is the subject's unit then its ancestors up to the root.
// ok is false when no unit of the chain may decide it.
func (f Form) Competent(chain []UnitNode) (UnitNode, bool) {
	for _, u := range chain {
		if f.Decides(u.Kind) {
			return u, true
		}
	}
	return UnitNode{}, false
}

// BaseSalaryOn returns the base salary in force on d, false when the set
// has none from that day.
func (rs *RuleSet) BaseSalaryOn(d time.Time) (Salary, bool) {
	d = DateOnly(d)
	var best *Salary
	for i := range rs.BaseSalary {
		s := &rs.BaseSalary[i]
		if !d.Before(s.From) && (best == nil || s.From.After(best.From)) {
			best = s
		}
	}
	if best == nil {
		return Salary{}, false
	}
	return *best, true
}

// Amount is the reward of form f decided on d for an individual (or a
// collective): the coefficient times the base salary in force on d,
// rounded UP to the set's RoundTo (hàng chục nghìn đồng: 10.000), as the
// decree says (see the set's Basis). ok is false when no base salary is in
// force on d.
func (rs *RuleSet) Amount(f Form, collective bool, d time.Time) (amount int64, salary Salary, ok bool) {
	salary, ok = rs.BaseSalaryOn(d)
	if !ok {
		return 0, salary, false
	}
	c := f.Coefficient
	if collective {
		c = f.CollectiveCoefficient
	}
	// Coefficients have at most a few decimals: compute in thousandths to
	// avoid 0.3 × 2.340.000 = 701.999,99…
	raw := int64(math.Round(c*1000)) * salary.Amount / 1000
	return RoundUp(raw, rs.RoundTo), salary, true
}

// RoundUp rounds n up to a multiple of to (to ≤ 1: n).
func RoundUp(n, to int64) int64 {
	if to <= 1 || n%to == 0 {
		return n
	}
	return (n/to + 1) * to
}

// Validate checks a new rule set, with Vietnamese messages per field;
// today is the day it is added (a set starts today or later, so that
// decisions already signed keep their rule; zero for the operator's
// imports). It trims texts and dates the days.
func (rs *RuleSet) Validate(today time.Time) error {
	v := congvu.Validation{}
	rs.Title, rs.Basis = strings.TrimSpace(rs.Title), strings.TrimSpace(rs.Basis)
	switch n := utf8.RuneCountInString(rs.Title); {
	case n == 0:
		v.Add("title", "Xin nhập tên bộ quy định.")
	case n > 200:
		v.Add("title", "Tên bộ quy định không được dài quá 200 ký tự.")
	}
	switch n := utf8.RuneCountInString(rs.Basis); {
	case n == 0:
		v.Add("basis", "Xin nhập căn cứ: văn bản, điều khoản và ngày có hiệu lực.")
	case n > MaxBasis:
		v.Add("basis", "Căn cứ không được dài quá 2.000 ký tự.")
	}
	if rs.From.IsZero() {
		v.Add("valid_from", "Xin nhập ngày bắt đầu áp dụng.")
	} else {
		rs.From = DateOnly(rs.From)
		switch {
		case rs.From.Year() < 2000 || rs.From.Year() > 9999:
			v.Add("valid_from", "Ngày bắt đầu áp dụng không hợp lệ.")
		case !today.IsZero() && rs.From.Before(DateOnly(today)):
			v.Add("valid_from", "Ngày bắt đầu áp dụng không được trước ngày hôm nay: quy định mới chỉ áp dụng từ nay về sau.")
		}
	}
	if !rs.Until.IsZero() {
		rs.Until = DateOnly(rs.Until)
		if !rs.From.IsZero() && rs.Until.Before(rs.From) {
			v.Add("valid_until", "Ngày hết hiệu lực không được trước ngày bắt đầu áp dụng.")
		}
	}
	switch {
	case len(rs.Forms) == 0:
		v.Add("forms", "Xin nhập ít nhất một hình thức khen thưởng.")
	case len(rs.Forms) > MaxForms:
		v.Add("forms", fmt.Sprintf("Một bộ quy định có tối đa %d hình thức khen thưởng.", MaxForms))
	}
	seen := map[string]bool{}
	for i := range rs.Forms {
		f := &rs.Forms[i]
		f.Code, f.Label = strings.TrimSpace(f.Code), strings.TrimSpace(f.Label)
		key := fmt.Sprintf("forms.%d", i)
		switch {
		case !validCode(f.Code):
			v.Add(key+".code", "Mã hình thức chỉ gồm chữ thường không dấu, số và dấu gạch dưới, tối đa 40 ký tự.")
		case seen[f.Code]:
			v.Add(key+".code", "Mã hình thức bị trùng: "+f.Code+".")
		}
		seen[f.Code] = true
		if f.Label == "" || utf8.RuneCountInString(f.Label) > 200 {
			v.Add(key+".label", "Xin nhập tên hình thức (tối đa 200 ký tự).")
		}
		if len(f.DeciderLevels) == 0 {
			v.Add(key+".decider_levels", "Xin chọn cấp đơn vị có thẩm quyền quyết định.")
		}
		for _, l := range f.DeciderLevels {
			if !l.Valid() {
				v.Add(key+".decider_levels", "Cấp đơn vị không hợp lệ.")
				break
			}
		}
		if !f.Individual && !f.Collective {
			v.Add(key+".individual", "Hình thức phải áp dụng cho cá nhân, tập thể hoặc cả hai.")
		}
		if f.Coefficient < 0 || f.Coefficient > 100 || f.CollectiveCoefficient < 0 || f.CollectiveCoefficient > 100 ||
			math.IsNaN(f.Coefficient) || math.IsNaN(f.CollectiveCoefficient) {
			v.Add(key+".coefficient", "Hệ số tiền thưởng phải từ 0 đến 100 lần mức lương cơ sở.")
		}
	}
	if len(rs.BaseSalary) == 0 {
		v.Add("base_salary", "Xin nhập mức lương cơ sở và ngày áp dụng.")
	}
	for i := range rs.BaseSalary {
		s := &rs.BaseSalary[i]
		s.Basis = strings.TrimSpace(s.Basis)
		if s.From.IsZero() || s.Amount <= 0 || s.Amount > 1_000_000_000 {
			v.Add(fmt.Sprintf("base_salary.%d", i), "Mức lương cơ sở phải là số đồng dương, có ngày áp dụng.")
			continue
		}
		s.From = DateOnly(s.From)
	}
	slices.SortStableFunc(rs.BaseSalary, func(a, b Salary) int { return b.From.Compare(a.From) })
	if rs.RoundTo < 0 || rs.RoundTo > 1_000_000 {
		v.Add("round_to", "Mức làm tròn phải từ 0 đến 1.000.000 đồng.")
	}
	if rs.MinSample < 1 || rs.MinSample > 1_000_000 {
		v.Add("min_sample", "Số lượt đánh giá tối thiểu phải từ 1 trở lên.")
	}
	if rs.MinIndex <= 0 || rs.MinIndex > 100 || math.IsNaN(rs.MinIndex) {
		v.Add("min_index", "Ngưỡng chỉ số hài lòng phải lớn hơn 0 và không quá 100.")
	}
	return v.Err()
}

func validCode(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// validYear reports whether a commendation may be about year y: from 2000
// to this year.
func validYear(y int, today time.Time) bool {
	return y >= 2000 && y <= congvu.Date(today).Year()
}

// Validate checks a praise, with Vietnamese messages per field; it trims
// the reason.
func (in *PraiseInput) Validate(today time.Time) error {
	v := congvu.Validation{}
	checkCommon(v, in.OfficialID, in.UnitID, in.Year, &in.Reason, in.Evidence, today)
	return v.Err()
}

// Validate checks a proposal against the rule set in force today (nil:
// none), with Vietnamese messages per field; it trims the reason.
func (in *ProposalInput) Validate(rs *RuleSet, today time.Time) error {
	v := congvu.Validation{}
	checkCommon(v, in.OfficialID, in.UnitID, in.Year, &in.Reason, in.Evidence, today)
	in.Form = strings.TrimSpace(in.Form)
	switch {
	case rs == nil:
		v.Add("form", "Chưa có quy định khen thưởng áp dụng cho ngày hôm nay; xin liên hệ quản trị viên.")
	case in.Form == "":
		v.Add("form", "Xin chọn hình thức khen thưởng.")
	default:
		f, ok := rs.FormByCode(in.Form)
		switch {
		case !ok:
			v.Add("form", "Hình thức khen thưởng không có trong quy định đang áp dụng.")
		case in.OfficialID != 0 && !f.Individual:
			v.Add("form", f.Label+" không áp dụng cho cá nhân.")
		case in.OfficialID == 0 && !f.Collective:
			v.Add("form", f.Label+" không áp dụng cho tập thể.")
		}
	}
	return v.Err()
}

func checkCommon(v congvu.Validation, officialID, unitID int64, year int, reason *string, ev []congvu.EvidenceRef, today time.Time) {
	switch {
	case officialID < 0:
		v.Add("official_id", "Không tìm thấy cán bộ.")
	case officialID == 0 && unitID <= 0:
		v.Add("unit_id", "Xin chọn cán bộ hoặc đơn vị được khen.")
	case unitID < 0:
		v.Add("unit_id", "Không tìm thấy đơn vị.")
	}
	if !validYear(year, today) {
		v.Add("year", fmt.Sprintf("Năm thành tích phải từ 2000 đến %d.", congvu.Date(today).Year()))
	}
	*reason = vntext.CleanParagraphs(*reason)
	switch n := utf8.RuneCountInString(*reason); {
	case n < 10:
		v.Add("reason", "Xin nêu thành tích (ít nhất 10 ký tự).")
	case n > MaxReason:
		v.Add("reason", "Thành tích không được dài quá 4.000 ký tự.")
	}
	if len(ev) > MaxEvidencePerRequest {
		v.Add("evidence", fmt.Sprintf("Tối đa %d căn cứ cho một đề nghị.", MaxEvidencePerRequest))
	}
	for _, e := range ev {
		if !EvidenceKindValid(e.Kind) {
			v.Add("evidence", "Loại căn cứ không hợp lệ.")
			break
		}
	}
}

// EvidenceKinds are the kinds of evidence a commendation may rest on.
// The unit head's own observation is the reason's text, not a piece of
// evidence.
var EvidenceKinds = []string{congvu.EvidenceRatings, congvu.EvidenceThanks, congvu.EvidenceInspectionKept, congvu.EvidencePetition}

// EvidenceKindValid reports whether k is a kind of commendation evidence.
func EvidenceKindValid(k string) bool { return slices.Contains(EvidenceKinds, k) }

// EvidenceKindLabel is the Vietnamese name of an evidence kind.
func EvidenceKindLabel(k string) string {
	switch k {
	case congvu.EvidenceRatings:
		return "Chỉ số hài lòng"
	case congvu.EvidenceThanks:
		return "Lời cảm ơn của người dân"
	case congvu.EvidenceInspectionKept:
		return "Kiểm tra: mọi tiêu chí đều đạt"
	case congvu.EvidencePetition:
		return "Người phản ánh cảm ơn đơn vị"
	case congvu.EvidenceObservation:
		return "Ghi nhận của thủ trưởng"
	}
	return k
}

// Validate checks a decision, with Vietnamese messages per field; the
// decision date may not be after today nor before the proposal.
func (in *DecisionInput) Validate(proposed, today time.Time) error {
	v := congvu.Validation{}
	in.Number, in.Reason = vntext.Clean(in.Number), vntext.CleanParagraphs(in.Reason)
	if in.Approve {
		switch n := utf8.RuneCountInString(in.Number); {
		case n == 0:
			v.Add("number", "Xin nhập số, ký hiệu quyết định, ví dụ 125/QĐ-UBND.")
		case n > MaxDecisionNumber:
			v.Add("number", "Số, ký hiệu quyết định không được dài quá 60 ký tự.")
		}
		if in.Date.IsZero() {
			v.Add("date", "Xin nhập ngày ký quyết định.")
		} else {
			in.Date = DateOnly(in.Date)
			switch {
			case in.Date.After(DateOnly(today)):
				v.Add("date", "Ngày ký quyết định không được sau ngày hôm nay.")
			case in.Date.Before(DateOnly(proposed)):
				v.Add("date", "Ngày ký quyết định không được trước ngày đề nghị.")
			}
		}
	} else {
		switch n := utf8.RuneCountInString(in.Reason); {
		case n < 5:
			v.Add("reason", "Xin nêu lý do không khen thưởng.")
		case n > MaxRejectReason:
			v.Add("reason", "Lý do không được dài quá 2.000 ký tự.")
		}
	}
	return v.Err()
}

// Collective reports whether the commendation is of a unit.
func (c *Commendation) Collective() bool { return c.OfficialID == 0 }

// Subject is the name of who is commended.
func (c *Commendation) Subject() string {
	if c.OfficialID != 0 {
		return c.OfficialName
	}
	return c.UnitName
}

// Open reports whether a proposal still waits for its decision.
func (c *Commendation) Open() bool { return c.Kind == KindAward && c.Status == StatusProposed }

// MayDecide reports whether the actor decides proposals whose competent
// unit is competentID: a unit head (ActCommendationDecide) of that very
// unit, not of an ancestor (the head of a province does not sign a
// commune's Giấy khen), or the operator at the command line.
func MayDecide(a *congvu.Actor, competentID int64) bool {
	if a.IsSystem() {
		return true
	}
	if a.IsAnonymous() {
		return false
	}
	for _, g := range a.Grants {
		one := congvu.Actor{UserID: a.UserID, Grants: []congvu.Grant{g}}
		if g.UnitID == competentID && one.Can(congvu.ActCommendationDecide, g.UnitPath) {
			return true
		}
	}
	return false
}

// MinThanks is how many comments of the year thanking an official make a
// suggestion on their own.
const MinThanks = 3

// ThanksWords are the folded words of a comment or a message that thanks
// (cảm ơn, cám ơn).
var ThanksWords = []string{"cam on", "cam ta"}

// YearBounds are the first instants of year and of the next, Vietnam time.
func YearBounds(year int) (time.Time, time.Time) {
	return time.Date(year, 1, 1, 0, 0, 0, 0, congvu.TimeZone), time.Date(year+1, 1, 1, 0, 0, 0, 0, congvu.TimeZone)
}

// Visible reports whether the official concerned reads the commendation:
// praises issued and awards decided, never proposals, rejections or
// withdrawals (the work of the units).
func (c *Commendation) Visible() bool { return c.Status == StatusIssued || c.Status == StatusApproved }

// SuggestUnit is the grant whose subtree an actor's suggestions are for
// when they name no unit: the first that may praise, else the first that
// may propose; ok is false when the actor may do neither.
func SuggestUnit(a *congvu.Actor) (congvu.Grant, bool) {
	if a.IsAnonymous() {
		return congvu.Grant{}, false
	}
	for _, act := range []congvu.Action{congvu.ActCommend, congvu.ActCommendationPropose} {
		for _, g := range a.Grants {
			one := congvu.Actor{UserID: a.UserID, Grants: []congvu.Grant{g}}
			if one.Can(act, g.UnitPath) {
				return g, true
			}
		}
	}
	return congvu.Grant{}, false
}

// OwnRecord reports whether official is a's own official record: a head
// neither praises, proposes nor decides a commendation of themselves (the
// next level up does), whatever grants they hold.
func OwnRecord(a *congvu.Actor, official int64) bool {
	return a != nil && !a.IsSystem() && a.OfficialID != 0 && a.OfficialID == official
}

// ErrOwnRecord is the refusal of OwnRecord.
func ErrOwnRecord() error {
	return congvu.Errorf(congvu.EFORBIDDEN, "Anh/chị không tự biểu dương, đề nghị hay quyết định khen thưởng cho chính mình; cấp trên trực tiếp xem xét.")
}

// ForOfficial returns c as the official it commends reads it (not as
// staff): each piece of evidence by its kind, date and summary only, without
// the id of the rating, petition or inspection behind it (as for a
// violation, the official never learns which citizen's record it is).
// c is not changed.
func (c *Commendation) ForOfficial() *Commendation {
	cp := *c
	cp.Evidence = make([]*Evidence, len(c.Evidence))
	for i, e := range c.Evidence {
		x := *e
		x.ID = 0
		cp.Evidence[i] = &x
	}
	return &cp
}
