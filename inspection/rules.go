package inspection

import (
	"congvu"
	"congvu/org"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Step is one of the three things a rule allows: to plan, to run (start,
// visit, record) and to conclude.
type Step string

// The steps.
const (
	StepPlan     Step = "plan"
	StepRun      Step = "run"
	StepConclude Step = "conclude"
)

// Action is the kernel action of step for kind: the roles allowed, within
// their subtree, are the kernel's policy (congvu auth.go).
func Action(k Kind, s Step) congvu.Action {
	if k == KindInspection {
		switch s {
		case StepPlan:
			return congvu.ActInspectPlan
		case StepRun:
			return congvu.ActInspectRun
		case StepConclude:
			return congvu.ActInspectConclude
		}
	}
	switch s {
	case StepPlan:
		return congvu.ActCheckPlan
	case StepRun:
		return congvu.ActCheckRun
	case StepConclude:
		return congvu.ActCheckConclude
	}
	return ""
}

// Rule says which levels of unit may own (plan, run and conclude) checks
// or inspections of a kind, on the days from From to Until (zero: open),
// under which text. Verified tells a rule read in the text itself from one
// inferred and still to verify (../shared/design/law.md). Stored rules
// (storage keeps them, an administrator adds them) are never edited: a new
// rule takes effect from its date.
type Rule struct {
	ID       int64
	Kind     Kind
	Levels   []org.UnitKind // kinds of the owning unit; empty: any level
	From     time.Time      // first day in force, zero: always
	Until    time.Time      // last day in force, zero: still in force
	Basis    string         // the citation: document, article, date in force
	Verified bool
	// CreatedBy and CreatedAt say who stored the rule and when (zero for
	// the seeded defaults).
	CreatedBy int64
	CreatedAt time.Time
}

// BasisLabel is how a rule stands to the law: only a verified rule is
// "theo luật", never one inferred and still to verify.
func (r *Rule) BasisLabel() string {
	if r.Verified {
		return "Theo luật (đã đối chiếu văn bản)"
	}
	return "Chưa đối chiếu văn bản"
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// DefaultRules are the rules of who may own an inspection as the product
// ships them: migration 0027 seeds storage with exactly these (a test
// checks it), and an administrator adds dated rules after them. The roles
// come from the kernel's policy (thanh tra: inspectors; kiểm tra công vụ:
// unit heads and home-affairs staff, inspectors may run), the levels from
// here.
var DefaultRules = []Rule{
	{Kind: KindInspection, Levels: []org.UnitKind{org.KindNation, org.KindProvince}, From: day(2025, 7, 1),
		Basis:    "Luật Thanh tra số 84/2025/QH15 (hiệu lực 01/07/2025): hệ thống thanh tra hai cấp — Thanh tra Chính phủ và Thanh tra tỉnh, thành phố trực thuộc trung ương; bỏ thanh tra sở và thanh tra huyện",
		Verified: true},
	{Kind: KindInspection, Levels: []org.UnitKind{org.KindNation, org.KindProvince, org.KindDepartment, org.KindDistrict}, Until: day(2025, 6, 30),
		Basis: "Luật Thanh tra số 11/2022/QH15 (đến 30/06/2025): thanh tra bộ, tỉnh, sở và huyện (cần đối chiếu văn bản)"},
	{Kind: KindCheck,
		Basis: "Quyết định 1847/QĐ-TTg ngày 27/12/2018 phê duyệt Đề án văn hóa công vụ: người đứng đầu và cơ quan nội vụ kiểm tra việc thực hiện văn hóa công vụ ở mọi cấp (cần đối chiếu điều khoản)"},
}

// RuleOn returns the rule of kind among rules in force on the date of t (in
// Vietnam), or nil when none is. When several are, the one that started
// last wins (a rule added from a date replaces the older one from that
// date; an undated rule is the oldest); among those of the same day, the
// one stored last.
func RuleOn(rules []Rule, k Kind, t time.Time) *Rule {
	d := congvu.Date(t)
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	var best *Rule
	for i := range rules {
		r := &rules[i]
		if r.Kind != k || (!r.From.IsZero() && d.Before(r.From)) || (!r.Until.IsZero() && d.After(r.Until)) {
			continue
		}
		if best == nil || r.From.After(best.From) || (r.From.Equal(best.From) && r.ID > best.ID) {
			best = r
		}
	}
	return best
}

// RuleInput is a dated rule an administrator adds.
type RuleInput struct {
	Kind     Kind
	Levels   []org.UnitKind
	From     time.Time // first day in force (required)
	Until    time.Time // last day in force, zero: open
	Basis    string
	Verified bool
}

// MaxBasis bounds a rule's citation, in characters.
const MaxBasis = 1000

// Validate checks in, with Vietnamese messages per field; today is the
// date the rule is added on (a rule starts today or later, so that acts
// already done keep the rule they were done under).
func (in *RuleInput) Validate(today time.Time) error {
	v := congvu.Validation{}
	in.Basis = strings.TrimSpace(in.Basis)
	if !slices.Contains(Kinds, in.Kind) {
		v.Add("kind", "Xin chọn loại: kiểm tra công vụ hoặc thanh tra.")
	}
	for _, l := range in.Levels {
		if !slices.Contains(org.UnitKinds, l) {
			v.Add("levels", "Cấp đơn vị không hợp lệ.")
			break
		}
	}
	today = congvu.Date(today)
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	if in.From.IsZero() {
		v.Add("valid_from", "Xin nhập ngày bắt đầu áp dụng.")
	} else {
		d := congvu.Date(in.From)
		in.From = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
		switch {
		case in.From.Year() < 2000 || in.From.Year() > 9999:
			v.Add("valid_from", "Ngày bắt đầu áp dụng không hợp lệ.")
		case in.From.Before(today):
			v.Add("valid_from", "Ngày bắt đầu áp dụng không được trước ngày hôm nay: quy định mới chỉ áp dụng từ nay về sau.")
		}
	}
	if !in.Until.IsZero() {
		d := congvu.Date(in.Until)
		in.Until = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
		if !in.From.IsZero() && in.Until.Before(in.From) {
			v.Add("valid_until", "Ngày hết hiệu lực không được trước ngày bắt đầu áp dụng.")
		}
	}
	switch n := utf8.RuneCountInString(in.Basis); {
	case n == 0:
		v.Add("basis", "Xin nhập căn cứ: văn bản, điều khoản và ngày có hiệu lực.")
	case n > MaxBasis:
		v.Add("basis", "Căn cứ không được dài quá 1.000 ký tự.")
	}
	return v.Err()
}

// Owner is what the rules need to know of the unit that plans or inspects.
type Owner struct {
	ID   int64
	Path string
	Kind org.UnitKind
}

// Allowed checks that the actor may take step for kind as owner at t:
// the kernel's role within the owner's subtree, and a rule of rules (as
// storage keeps them) in force letting
// a unit of that level own it. EFORBIDDEN with a Vietnamese message
// otherwise.
func Allowed(a *congvu.Actor, rules []Rule, k Kind, s Step, owner Owner, t time.Time) error {
	if !a.Can(Action(k, s), owner.Path) {
		return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền %s %s tại đơn vị này.", stepVerb(s, k), strings.ToLower(k.Label()))
	}
	r := RuleOn(rules, k, t)
	if r == nil {
		return congvu.Errorf(congvu.EFORBIDDEN, "Chưa có quy định cho %s vào ngày này.", strings.ToLower(k.Label()))
	}
	if len(r.Levels) > 0 && !kindIn(owner.Kind, r.Levels) {
		return congvu.Errorf(congvu.EFORBIDDEN, "Theo %s, đơn vị cấp này không được tiến hành %s.", r.Basis, strings.ToLower(k.Label()))
	}
	return nil
}

func stepVerb(s Step, k Kind) string {
	switch s {
	case StepPlan:
		return "lập kế hoạch"
	case StepConclude:
		return "kết luận"
	}
	if k == KindInspection {
		return "tiến hành"
	}
	return "tiến hành"
}

func kindIn(k org.UnitKind, ks []org.UnitKind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// Within reports whether the unit at path lies in the subtree of the unit
// at ancestor (itself included): a unit inspects only its own subtree.
func Within(path, ancestor string) bool { return ancestor != "" && strings.HasPrefix(path, ancestor) }

// Side is how an actor stands to an inspection or a plan.
type Side int

// The sides: nothing to do with it, the inspected unit, the inspecting unit.
const (
	SideNone Side = iota
	SideTarget
	SideOwner
)

// SideOf returns the actor's side: the owner side when the actor may view
// the owner unit's subtree (the inspecting unit and those above it), the
// target side when only the inspected unit's subtree, else none.
func SideOf(a *congvu.Actor, ownerPath, targetPath string) Side {
	switch {
	case a.Can(congvu.ActInspectionView, ownerPath):
		return SideOwner
	case targetPath != "" && a.Can(congvu.ActInspectionView, targetPath):
		return SideTarget
	}
	return SideNone
}

// Hidden reports whether the inspected unit may not know of the inspection
// yet: an unannounced visit that has not happened. Storage lists use the
// SQL form of this rule (see inspectionsql) and a test checks both agree.
func (i *Inspection) Hidden() bool { return i.Unannounced && i.VisitedAt == nil }

// ForSide returns what side may see of i: nil when nothing; the owner sees
// everything; the inspected unit sees it once announced or visited, the
// lines once the record is closed, and the conclusion only once issued —
// never a draft.
func (i *Inspection) ForSide(s Side) *Inspection {
	switch s {
	case SideOwner:
		return i
	case SideTarget:
		if i.Hidden() {
			return nil
		}
		c := *i
		if !i.ConclusionFor(s) {
			c.Conclusion, c.ConclusionStatus = "", ""
		}
		if !i.RecordFor(s) {
			c.Lines = nil
		}
		return &c
	}
	return nil
}

// RecordFor reports whether side s may read the visit record of i (its
// lines, their photos, the record document): the owner always (a draft
// until closed), the inspected unit once the record is closed, no one else.
func (i *Inspection) RecordFor(s Side) bool {
	switch s {
	case SideOwner:
		return true
	case SideTarget:
		return !i.Hidden() && !RecordOpen(i.Status)
	}
	return false
}

// ConclusionFor reports whether side s may read the conclusion of i: the
// owner always (drafts included), the inspected unit once issued only.
func (i *Inspection) ConclusionFor(s Side) bool {
	switch s {
	case SideOwner:
		return true
	case SideTarget:
		return !i.Hidden() && i.ConclusionStatus == ConclusionIssued
	}
	return false
}

// ForSide returns what side may see of p: the owner sees everything; the
// inspected side sees a published plan with only the announced targets in
// targetScopes (the subtrees it views); nil otherwise.
func (p *Plan) ForSide(s Side, targetScopes []string) *Plan {
	switch s {
	case SideOwner:
		return p
	case SideTarget:
		if p.Status != PlanPublished {
			return nil
		}
		c := *p
		c.Targets = nil
		c.Team = nil
		for _, t := range p.Targets {
			if t.Unannounced {
				continue
			}
			for _, sc := range targetScopes {
				if Within(t.UnitPath, sc) {
					c.Targets = append(c.Targets, t)
					break
				}
			}
		}
		if len(c.Targets) == 0 {
			return nil
		}
		return &c
	}
	return nil
}

// DefaultMethod is how an item is checked unless the checklist says
// otherwise: dress and badges are checked on the officials; the
// communication items are observed at the counter; harassment and
// petty corruption are asked of citizens waiting; delays are read in the
// records.
func DefaultMethod(groupCode, itemCode string) Method {
	switch itemCode {
	case "TT-NHN", "TT-KK", "TT-VV", "TT-TNV", "TT-VC":
		return MethodAsk
	case "TT-KL", "DD-RB", "DD-TL":
		return MethodObserve
	}
	switch groupCode {
	case "TP":
		return MethodBadge
	case "GT":
		return MethodObserve
	case "DD", "TT":
		return MethodRecords
	}
	return MethodObserve
}

// DefaultSample is how many cases a line looks at unless the checklist
// says otherwise: encounters observed, officials checked, dossiers read or
// citizens asked.
func DefaultSample(m Method) int {
	if m == MethodRecords {
		return 10
	}
	return 5
}

// MaxSample bounds a line's sample size.
const MaxSample = 1000

// ConclusionNext is the conclusion's workflow as a table: the status a
// step moves from, to the status it moves to.
var ConclusionNext = map[ConclusionStatus]ConclusionStatus{
	ConclusionDraft:    ConclusionReviewed,
	ConclusionReviewed: ConclusionIssued,
}

// Suggestion thresholds: a unit is suggested for a satisfaction index
// under LowIndex over at least MinSample ratings in the last SuggestWindow
// days, for founded petitions in that window, or when not inspected for
// StaleMonths months. These are the product's choices, not law.
const (
	LowIndex      = 80.0
	MinSample     = 30
	SuggestWindow = 180
	StaleMonths   = 12
)

// Evidence returns one evidence reference per breached line of x that names
// an official, once the record is closed (status recorded or later): the
// line, its item, the official, the inspected unit and the day recorded.
func Evidence(x *Inspection) []congvu.EvidenceRef {
	out := []congvu.EvidenceRef{}
	if x.Status == StatusPlanned || x.Status == StatusInProgress {
		return out
	}
	for _, l := range x.Lines {
		if l.Result != ResultBreached || l.OfficialID == 0 {
			continue
		}
		at := x.UpdatedAt
		if l.RecordedAt != nil {
			at = *l.RecordedAt
		}
		out = append(out, congvu.EvidenceRef{Kind: congvu.EvidenceInspectionLine, ID: l.ID, ItemCodes: []string{l.ItemCode},
			OfficialID: l.OfficialID, UnitID: x.TargetUnitID, Date: congvu.Date(at)})
	}
	return out
}

// Rank scores a suggestion and writes its reasons, in Vietnamese, from the
// evidence it carries: a low satisfaction index over enough ratings weighs
// by how low; each founded petition weighs 10; each overdue corrective
// action weighs 5; a unit never inspected, or
// not for StaleMonths months, weighs 5. The weights are the product's
// choice, shown to the user through the reasons.
func Rank(g *Suggestion, now time.Time) {
	g.Score, g.Reasons = 0, nil
	if g.Ratings >= MinSample && g.Index < LowIndex {
		g.Score += LowIndex - g.Index
		g.Reasons = append(g.Reasons, fmt.Sprintf("Chỉ số hài lòng %s%% (dưới %s%%) trên %d lượt đánh giá trong %d ngày qua.",
			decimal(g.Index), decimal(LowIndex), g.Ratings, SuggestWindow))
	}
	if g.FoundedPetition > 0 {
		g.Score += 10 * float64(g.FoundedPetition)
		g.Reasons = append(g.Reasons, fmt.Sprintf("%d phản ánh, kiến nghị được kết luận là đúng hoặc đúng một phần trong %d ngày qua.", g.FoundedPetition, SuggestWindow))
	}
	if g.OverdueActions > 0 {
		g.Score += 5 * float64(g.OverdueActions)
		g.Reasons = append(g.Reasons, fmt.Sprintf("%d biện pháp khắc phục sau kiểm tra đã quá hạn mà chưa được xác nhận hoàn thành.", g.OverdueActions))
	}
	switch {
	case g.LastInspected == nil:
		g.Score += 5
		g.Reasons = append(g.Reasons, "Chưa được kiểm tra lần nào.")
	case g.LastInspected.Before(now.AddDate(0, -StaleMonths, 0)):
		months := int(now.Sub(*g.LastInspected).Hours() / 24 / 30)
		g.Score += 5
		g.Reasons = append(g.Reasons, fmt.Sprintf("Đã %d tháng chưa được kiểm tra (lần gần nhất ngày %s).", months, g.LastInspected.In(congvu.TimeZone).Format("02/01/2006")))
	}
}

// decimal writes v with one decimal and a Vietnamese decimal comma.
func decimal(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', 1, 64), ".", ",", 1)
}
