package emulation

import (
	"congvu"
	"congvu/commendation"
	"congvu/evaluation"
	"congvu/org"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// The titles of the default rule set (codes are stable: stored proposals
// and registrations keep them).
const (
	TitleLaoDongTienTien        = "lao_dong_tien_tien"
	TitleChienSiThiDuaCoSo      = "chien_si_thi_dua_co_so"
	TitleTapTheLaoDongTienTien  = "tap_the_lao_dong_tien_tien"
	TitleTapTheLaoDongXuatSac   = "tap_the_lao_dong_xuat_sac"
	DefaultTitleRuleSetFromYear = 2024
)

// localDeciders are the kinds of unit whose head decides the titles of
// the grassroots level: the head of an agency, a department, a public
// service unit, the chairman of a commune (and of a district until
// 30/6/2025), as commendation's Giấy khen.
var localDeciders = []org.UnitKind{org.KindDepartment, org.KindDistrict, org.KindCommune, org.KindServiceUnit, org.KindOtherAgency}

// DefaultTitleRuleSets are the title rule sets the product starts with
// (seeded by migration 0038): the Law on Emulation and Commendation
// 06/2022/QH15, in force 01/01/2024, with Decree 152/2025/NĐ-CP on its
// details and reward amounts (design/law.md). What law.md asks to verify is
// said in Basis and the title is not Verified: an administrator checks it
// and adds a verified set from a year.
func DefaultTitleRuleSets() []TitleRuleSet {
	return []TitleRuleSet{{
		Title:    "Danh hiệu thi đua theo Luật Thi đua, khen thưởng 2022",
		FromYear: DefaultTitleRuleSetFromYear,
		Basis: "Luật Thi đua, khen thưởng số 06/2022/QH15 (hiệu lực từ 01/01/2024): danh hiệu Lao động tiên tiến, Chiến sĩ thi đua cơ sở, " +
			"Tập thể lao động tiên tiến, Tập thể lao động xuất sắc và thẩm quyền quyết định; Nghị định 152/2025/NĐ-CP quy định chi tiết " +
			"(mức tiền thưởng theo hệ số mức lương cơ sở: Lao động tiên tiến 0,3; Chiến sĩ thi đua cơ sở 1,0). CHƯA KIỂM CHỨNG: ngày hiệu lực " +
			"của Nghị định 152/2025/NĐ-CP và việc thay thế Nghị định 98/2023/NĐ-CP; điều kiện không bị kỷ luật; tiêu chuẩn Chiến sĩ thi đua cơ sở; " +
			"tiêu chuẩn và hệ số tiền thưởng của các danh hiệu tập thể; quản trị viên cần đối chiếu văn bản và thêm bộ quy định đã kiểm chứng.",
		Verified: false,
		Titles: []TitleRule{
			{Code: TitleLaoDongTienTien, Label: "Lao động tiên tiến", Subject: Individual,
				MinLevel: evaluation.LevelGood, NotDisciplined: true, Coefficient: 0.3, DeciderLevels: localDeciders,
				Basis: "Luật Thi đua, khen thưởng 2022: hoàn thành tốt nhiệm vụ trở lên (đã kiểm chứng); không bị kỷ luật trong năm (cần đối chiếu); " +
					"Nghị định 152/2025/NĐ-CP: tiền thưởng 0,3 lần mức lương cơ sở (cần đối chiếu ngày hiệu lực).",
				Verified: false},
			{Code: TitleChienSiThiDuaCoSo, Label: "Chiến sĩ thi đua cơ sở", Subject: Individual,
				MinLevel: evaluation.LevelExcellent, NotDisciplined: true, NeedsInitiative: true, NeedsTitle: TitleLaoDongTienTien,
				Coefficient: 1.0, DeciderLevels: localDeciders,
				Basis: "Luật Thi đua, khen thưởng 2022: đạt danh hiệu Lao động tiên tiến, có sáng kiến được công nhận, hoàn thành xuất sắc nhiệm vụ " +
					"(cần đối chiếu); Nghị định 152/2025/NĐ-CP: tiền thưởng 1,0 lần mức lương cơ sở.",
				Verified: false},
			{Code: TitleTapTheLaoDongTienTien, Label: "Tập thể lao động tiên tiến", Subject: Collective,
				MinLevel: evaluation.LevelGood, MinShareGood: 50, NoMemberDisciplined: true, Coefficient: 0.8,
				// A commune's own collective is awarded by the province (cần đối chiếu).
				DeciderLevels: append(slices.Clone(localDeciders), org.KindProvince),
				Basis: "Luật Thi đua, khen thưởng 2022: hoàn thành tốt nhiệm vụ; trên 50% cá nhân đạt danh hiệu Lao động tiên tiến (ở đây: xếp loại " +
					"hoàn thành tốt nhiệm vụ trở lên); không có cá nhân bị kỷ luật từ cảnh cáo trở lên (ở đây: mọi hình thức) — CẦN ĐỐI CHIẾU; " +
					"tập thể cấp xã do cấp tỉnh quyết định; hệ số tiền thưởng 0,8 theo các nghị định trước (91/2017, 98/2023), cần đối chiếu Nghị định 152/2025/NĐ-CP.",
				Verified: false},
			{Code: TitleTapTheLaoDongXuatSac, Label: "Tập thể lao động xuất sắc", Subject: Collective,
				MinLevel: evaluation.LevelExcellent, MinShareGood: 70, MinShareCompleted: 100, NoMemberDisciplined: true, Coefficient: 1.5,
				DeciderLevels: []org.UnitKind{org.KindProvince},
				Basis: "Luật Thi đua, khen thưởng 2022: hoàn thành xuất sắc nhiệm vụ; 100% cá nhân hoàn thành nhiệm vụ, trong đó ít nhất 70% đạt " +
					"danh hiệu Lao động tiên tiến (ở đây: xếp loại hoàn thành tốt nhiệm vụ trở lên); không có cá nhân bị kỷ luật từ cảnh cáo trở lên " +
					"(ở đây: mọi hình thức); Chủ tịch Ủy ban nhân dân cấp tỉnh quyết định — CẦN ĐỐI CHIẾU; hệ số tiền thưởng 1,5 theo các nghị định " +
					"trước (91/2017, 98/2023), cần đối chiếu Nghị định 152/2025/NĐ-CP.",
				Verified: false},
		},
	}}
}

// TitleRuleSetFor returns the set of sets in force for year, nil when
// none is. When several are, the one that started last wins, then the one
// stored last.
func TitleRuleSetFor(sets []TitleRuleSet, year int) *TitleRuleSet {
	var best *TitleRuleSet
	for i := range sets {
		r := &sets[i]
		if (r.FromYear != 0 && year < r.FromYear) || (r.UntilYear != 0 && year > r.UntilYear) {
			continue
		}
		if best == nil || r.FromYear > best.FromYear || (r.FromYear == best.FromYear && r.ID > best.ID) {
			best = r
		}
	}
	return best
}

// TitleByCode returns the title of the set with code.
func (rs *TitleRuleSet) TitleByCode(code string) (TitleRule, bool) {
	for _, t := range rs.Titles {
		if t.Code == code {
			return t, true
		}
	}
	return TitleRule{}, false
}

// TitleEvidence is what a title's checks read of a subject's year.
type TitleEvidence struct {
	// Level is the year's classification: the official's (individuals)
	// or the agency's own (collectives); "" when none.
	Level evaluation.Level
	// Disciplined: the official was disciplined in the year;
	// DisciplineText names the decision when known.
	Disciplined    bool
	DisciplineText string
	// Initiative recognised (the registration's).
	Initiative string
	// Held are the titles held (approved or proposed) the same year.
	Held []string
	// Members (collectives): officials of the unit's subtree, how many
	// were rated (Rated), good or better, completed or better, and
	// disciplined in the year.
	Members            int
	Rated              int
	Good               int
	Excellent          int
	Completed          int
	MembersDisciplined int
}

// share writes n/of with its percentage.
func share(n, of int) (float64, string) {
	if of == 0 {
		return 0, "chưa có cá nhân được xếp loại"
	}
	p := 100 * float64(n) / float64(of)
	return p, fmt.Sprintf("%d/%d (%s%%)", n, of, num(p))
}

// Check checks the title's conditions against the subject's evidence, in
// the order of the rule; every condition gives one Check.
func (r TitleRule) Check(e TitleEvidence) []Check {
	var out []Check
	if r.MinLevel != "" {
		got := "chưa xếp loại"
		if e.Level != "" {
			got = e.Level.Label()
		}
		who := "Xếp loại"
		if r.Subject == Collective {
			who = "Tập thể xếp loại"
		}
		out = append(out, Check{Text: fmt.Sprintf("%s %s trở lên: %s", who, r.MinLevel.Label(), got), OK: e.Level.AtLeast(r.MinLevel),
			Personal: r.Subject == Individual})
	}
	if r.NotDisciplined {
		if e.Disciplined {
			t := "Không bị kỷ luật trong năm: bị kỷ luật"
			if e.DisciplineText != "" {
				t += " (" + e.DisciplineText + ")"
			}
			out = append(out, Check{Text: t, Personal: r.Subject == Individual})
		} else {
			out = append(out, Check{Text: "Không bị kỷ luật trong năm: không bị kỷ luật", OK: true, Personal: r.Subject == Individual})
		}
	}
	if r.NeedsTitle != "" {
		label := r.NeedsTitle
		if l, ok := defaultLabels[r.NeedsTitle]; ok {
			label = l
		}
		ok := slices.Contains(e.Held, r.NeedsTitle)
		out = append(out, Check{Text: fmt.Sprintf("Đạt danh hiệu %s cùng năm: %s", label, yesNo(ok, "có", "chưa")), OK: ok})
	}
	if r.NeedsInitiative {
		got := strings.TrimSpace(e.Initiative)
		t := "Có sáng kiến được công nhận: "
		if got == "" {
			t += "chưa có"
		} else {
			t += got
		}
		out = append(out, Check{Text: t, OK: got != ""})
	}
	if r.MinShareCompleted > 0 {
		p, s := share(e.Completed, e.Members)
		out = append(out, Check{Text: fmt.Sprintf("Từ %s%% cá nhân hoàn thành nhiệm vụ trở lên: %s", num(r.MinShareCompleted), s),
			OK: e.Members > 0 && p >= r.MinShareCompleted})
	}
	if r.MinShareGood > 0 {
		p, s := share(e.Good, e.Members)
		out = append(out, Check{Text: fmt.Sprintf("Từ %s%% cá nhân xếp loại Hoàn thành tốt nhiệm vụ trở lên: %s", num(r.MinShareGood), s),
			OK: e.Members > 0 && p >= r.MinShareGood})
	}
	if r.MinShareExcellent > 0 {
		p, s := share(e.Excellent, e.Members)
		out = append(out, Check{Text: fmt.Sprintf("Từ %s%% cá nhân xếp loại Hoàn thành xuất sắc nhiệm vụ: %s", num(r.MinShareExcellent), s),
			OK: e.Members > 0 && p >= r.MinShareExcellent})
	}
	if r.NoMemberDisciplined {
		ok := e.MembersDisciplined == 0
		t := "Không có cá nhân bị kỷ luật trong năm: "
		if ok {
			t += "không có"
		} else {
			t += fmt.Sprintf("%d cá nhân bị kỷ luật", e.MembersDisciplined)
		}
		out = append(out, Check{Text: t, OK: ok})
	}
	return out
}

// defaultLabels are the default titles' labels by code.
var defaultLabels = func() map[string]string {
	out := map[string]string{}
	for _, rs := range DefaultTitleRuleSets() {
		for _, t := range rs.Titles {
			out[t.Code] = t.Label
		}
	}
	return out
}()

// Passed reports whether every check holds; failed is the first that
// does not.
func Passed(checks []Check) (failed Check, ok bool) {
	for _, c := range checks {
		if !c.OK {
			return c, false
		}
	}
	return Check{}, true
}

// ErrCheckFailed is the refusal of a proposal whose check fails: EINVALID
// naming the failed check.
func ErrCheckFailed(title string, c Check) error {
	return congvu.FieldError("title", "Chưa đủ điều kiện đề nghị danh hiệu "+title+": "+c.Text+".")
}

func yesNo(b bool, y, n string) string {
	if b {
		return y
	}
	return n
}

// Competent returns the unit whose head decides the title for a subject
// of the first unit of chain (the subject's unit then its ancestors up to
// the root): the nearest of a DeciderLevels kind. A collective is never
// awarded by its own head: for collectives the chain starts at the parent.
func (r TitleRule) Competent(chain []commendation.UnitNode) (commendation.UnitNode, bool) {
	if r.Subject == Collective && len(chain) > 0 {
		chain = chain[1:]
	}
	f := commendation.Form{DeciderLevels: r.DeciderLevels}
	return f.Competent(chain)
}

// Amount is the reward of the title decided on d: the coefficient times
// the base salary in force on d under the commendation rule set cs,
// rounded as commendations are (commendation.RuleSet.Amount). ok is false
// when no base salary is in force on d.
func (r TitleRule) Amount(cs *commendation.RuleSet, d time.Time) (int64, commendation.Salary, bool) {
	if cs == nil {
		return 0, commendation.Salary{}, false
	}
	return cs.Amount(commendation.Form{Coefficient: r.Coefficient, CollectiveCoefficient: r.Coefficient}, r.Subject == Collective, d)
}

// MayDecide reports whether the actor decides titles whose competent unit
// is competentID: a head (ActEmulationDecide) of that very unit, not of an
// ancestor, or the operator.
func MayDecide(a *congvu.Actor, competentID int64) bool {
	if a.IsSystem() {
		return true
	}
	if a.IsAnonymous() {
		return false
	}
	for _, g := range a.Grants {
		one := congvu.Actor{UserID: a.UserID, Grants: []congvu.Grant{g}}
		if g.UnitID == competentID && one.Can(congvu.ActEmulationDecide, g.UnitPath) {
			return true
		}
	}
	return false
}

// OwnSubject reports whether a subject is the actor's own: the actor's
// official record (individuals), or, for a collective, the unit of the
// actor's official record (ownUnitID) or a unit the actor holds a grant
// on. Nobody scores by hand nor decides a title of their own.
func OwnSubject(a *congvu.Actor, ownUnitID int64, subject Subject, unitID, officialID int64) bool {
	if a == nil || a.IsSystem() {
		return false
	}
	if subject == Individual {
		return a.OfficialID != 0 && a.OfficialID == officialID
	}
	if ownUnitID != 0 && ownUnitID == unitID {
		return true
	}
	for _, g := range a.Grants {
		if g.UnitID == unitID {
			return true
		}
	}
	return false
}

// RedactChecks returns cs with the text of the personal checks (an
// official's classification, discipline) replaced by a notice, for a
// reader who may not read the official's evaluation nor violations
// (administrators, inspectors): whether each holds stays.
func RedactChecks(cs []Check) []Check {
	out := make([]Check, len(cs))
	for i, c := range cs {
		if c.Personal {
			c.Text = "Điều kiện về xếp loại chất lượng, kỷ luật của cá nhân: thông tin cá nhân, chỉ người có thẩm quyền xem đánh giá, xếp loại mới xem được."
		}
		out[i] = c
	}
	return out
}

// ErrOwnSubject is the refusal of OwnSubject.
func ErrOwnSubject() error {
	return congvu.Errorf(congvu.EFORBIDDEN, "Anh/chị không tự chấm điểm, đề nghị hay quyết định danh hiệu cho chính mình hoặc đơn vị mình; cấp trên xem xét.")
}

// num writes x the Vietnamese way with at most two decimals: 93,4; 20.
func num(x float64) string {
	s := fmt.Sprintf("%.2f", math.Round(x*100)/100)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		s = "0"
	}
	return strings.Replace(s, ".", ",", 1)
}

// Num writes a figure the Vietnamese way (93,4; 20), for explanations.
func Num(x float64) string { return num(x) }

// Validate checks a new title rule set; year is the current year (a set
// starts this year or later, so titles already decided keep their rule;
// 0 for the operator's imports). It trims the texts.
func (rs *TitleRuleSet) Validate(year int) error {
	v := congvu.Validation{}
	rs.Title, rs.Basis = strings.TrimSpace(rs.Title), strings.TrimSpace(rs.Basis)
	if n := len([]rune(rs.Title)); n == 0 || n > 200 {
		v.Add("title", "Xin nhập tên bộ quy định (tối đa 200 ký tự).")
	}
	if n := len([]rune(rs.Basis)); n == 0 || n > 4000 {
		v.Add("basis", "Xin nhập căn cứ: văn bản, điều khoản và năm áp dụng (tối đa 4.000 ký tự).")
	}
	switch {
	case rs.FromYear < 2000 || rs.FromYear > 9999:
		v.Add("from_year", "Năm bắt đầu áp dụng không hợp lệ.")
	case year != 0 && rs.FromYear < year:
		v.Add("from_year", "Năm bắt đầu áp dụng không được trước năm nay: quy định mới chỉ áp dụng từ nay về sau.")
	}
	if rs.UntilYear != 0 && rs.UntilYear < rs.FromYear {
		v.Add("until_year", "Năm hết áp dụng không được trước năm bắt đầu.")
	}
	if len(rs.Titles) == 0 || len(rs.Titles) > 30 {
		v.Add("titles", "Xin nhập từ 1 đến 30 danh hiệu.")
	}
	seen := map[string]bool{}
	for i := range rs.Titles {
		t := &rs.Titles[i]
		key := fmt.Sprintf("titles.%d", i)
		t.Code, t.Label, t.Basis = strings.TrimSpace(t.Code), strings.TrimSpace(t.Label), strings.TrimSpace(t.Basis)
		switch {
		case !validCode(t.Code):
			v.Add(key+".code", "Mã danh hiệu chỉ gồm chữ thường không dấu, số và dấu gạch dưới, tối đa 40 ký tự.")
		case seen[t.Code]:
			v.Add(key+".code", "Mã danh hiệu bị trùng: "+t.Code+".")
		}
		seen[t.Code] = true
		if n := len([]rune(t.Label)); n == 0 || n > 200 {
			v.Add(key+".label", "Xin nhập tên danh hiệu (tối đa 200 ký tự).")
		}
		if !t.Subject.Valid() {
			v.Add(key+".subject", "Xin chọn danh hiệu cho tập thể hay cá nhân.")
		}
		if t.MinLevel != "" && !t.MinLevel.Valid() {
			v.Add(key+".min_level", "Mức xếp loại không hợp lệ.")
		}
		if len(t.DeciderLevels) == 0 {
			v.Add(key+".decider_levels", "Xin chọn cấp đơn vị có thẩm quyền quyết định.")
		}
		for _, l := range t.DeciderLevels {
			if !l.Valid() {
				v.Add(key+".decider_levels", "Cấp đơn vị không hợp lệ.")
				break
			}
		}
		if math.IsNaN(t.Coefficient) || t.Coefficient < 0 || t.Coefficient > 100 {
			v.Add(key+".coefficient", "Hệ số tiền thưởng phải từ 0 đến 100 lần mức lương cơ sở.")
		}
		for _, p := range []float64{t.MinShareGood, t.MinShareExcellent, t.MinShareCompleted} {
			if math.IsNaN(p) || p < 0 || p > 100 {
				v.Add(key+".min_share_good", "Tỷ lệ phải từ 0 đến 100%.")
				break
			}
		}
	}
	for i, t := range rs.Titles {
		if t.NeedsTitle != "" && (!seen[t.NeedsTitle] || t.NeedsTitle == t.Code) {
			v.Add(fmt.Sprintf("titles.%d.needs_title", i), "Danh hiệu điều kiện phải là một danh hiệu khác của bộ quy định.")
		}
	}
	return v.Err()
}
