package violation

import (
	"congvu"
	"congvu/org"
	"slices"
	"time"
)

// RuleSet is the discipline rule for some categories of officials over a
// period of dates of the act, with its citation: the forms, the
// severities, the combination rules, the cases where discipline is
// deferred, the time bars, the handling time limits, the steps of the
// procedure and who is competent. Rule sets are dated data (design/law.md):
// the product ships DefaultRuleSets (a migration seeds them), an
// administrator adds new ones from a date (never edits one in force), and
// an act is judged by the set in force on its date (RuleSetOn).
type RuleSet struct {
	ID         int64          `json:"id"`
	Code       string         `json:"code"`  // e.g. "172/2025-cbcc"
	Title      string         `json:"title"` // "Nghị định 172/2025/NĐ-CP — cán bộ, công chức"
	Categories []org.Category `json:"categories"`
	From       time.Time      `json:"from"`  // first day of the act judged by it; zero: always
	Until      time.Time      `json:"until"` // last day; zero: open
	Basis      string         `json:"basis"` // citation: document, article, date in force
	Verified   bool           `json:"verified"`
	// Forms lists the discipline forms, lightest first (their order is the
	// scale of "one level heavier").
	Forms []Form `json:"forms"`
	// SeveralActsHeaviest: several acts reviewed at once get one
	// decision, the heaviest form. RepeatOneHeavier: a new act while a
	// sanction runs gets one level heavier than the running one when its
	// own form is lighter or equal.
	SeveralActsHeaviest bool `json:"several_acts_heaviest"`
	RepeatOneHeavier    bool `json:"repeat_one_heavier"`
	// RepeatHeavierOneMore: when the new act's own form is heavier than
	// the running one, one level heavier than its own form (false: its
	// own form).
	RepeatHeavierOneMore bool `json:"repeat_heavier_one_more,omitempty"`
	// NoCouncil lists the categories for which no disciplinary council is
	// formed whatever the form (cán bộ: the competent body votes).
	NoCouncil []org.Category `json:"no_council,omitempty"`
	// ComplaintDays is how long after the notification the official may
	// complain against the decision (calendar days), with its citation.
	ComplaintDays  int    `json:"complaint_days"`
	ComplaintBasis string `json:"complaint_basis,omitempty"`
	// Deferrals are the cases where discipline is not yet considered.
	Deferrals []Deferral `json:"deferrals"`
	// TimeBars: past them from the date of the act, discipline is barred.
	TimeBars []TimeBar `json:"time_bars"`
	// HandlingDays is the time limit of the procedure in calendar days
	// from the decision to open it; HandlingDaysMax with an extension.
	HandlingDays    int `json:"handling_days"`
	HandlingDaysMax int `json:"handling_days_max"`
	// Steps are the steps of the procedure with their time limits.
	Steps []StepRule `json:"steps"`
	// Competence says which unit decides, per category and post.
	Competence []Competence `json:"competence"`
	CreatedBy  int64        `json:"-"`
	CreatedAt  time.Time    `json:"created_at"`
}

// Form is a discipline form of a rule set.
type Form struct {
	Code       string         `json:"code"`  // reprimand, warning, salary_cut, demotion, removal, dismissal, recall
	Label      string         `json:"label"` // khiển trách, cảnh cáo, hạ bậc lương, giáng chức, cách chức, buộc thôi việc, bãi nhiệm
	Categories []org.Category `json:"categories"`
	// LeaderOnly: only for officials holding a post (leaders, managers);
	// NotLeader: only for those who hold none (e.g. hạ bậc lương).
	LeaderOnly bool `json:"leader_only,omitempty"`
	NotLeader  bool `json:"not_leader,omitempty"`
	// Severities are the severities this form answers.
	Severities []Severity `json:"severities"`
	// Council: a disciplinary council must be formed before deciding.
	Council bool `json:"council"`
	// LastsMonths is how long its consequences last from the effective
	// date (no raise, promotion or appointment), 0: none stated;
	// Terminal forms end the employment or the post.
	LastsMonths int  `json:"lasts_months"`
	Terminal    bool `json:"terminal,omitempty"`
	// Basis cites the form's article; Verified is false while its council
	// or consequences are to be checked against the text (design/law.md).
	Basis    string `json:"basis,omitempty"`
	Verified bool   `json:"verified"`
}

// Deferral is a case where discipline is not yet considered.
type Deferral struct {
	Code  string `json:"code"` // illness, maternity, prosecution
	Label string `json:"label"`
}

// TimeBar bars discipline for the forms answering Severities Years after
// the act.
type TimeBar struct {
	Severities []Severity `json:"severities"`
	Years      int        `json:"years"`
}

// Step is a step of the discipline procedure.
type Step string

// The steps of a discipline procedure, in order. StepCouncil only when the
// proposed form needs one.
const (
	StepReview    Step = "review"    // the official's own review (kiểm điểm) before the collective
	StepCouncil   Step = "council"   // the disciplinary council: members, minutes, vote
	StepDecision  Step = "decision"  // the decision by the competent level
	StepNotify    Step = "notify"    // notification to the official and the units concerned
	StepComplaint Step = "complaint" // the official's complaint against the decision, if any
)

// Steps lists the steps in order.
var Steps = []Step{StepReview, StepCouncil, StepDecision, StepNotify, StepComplaint}

// Label is the Vietnamese name.
func (s Step) Label() string {
	switch s {
	case StepReview:
		return "Kiểm điểm"
	case StepCouncil:
		return "Hội đồng kỷ luật"
	case StepDecision:
		return "Quyết định kỷ luật"
	case StepNotify:
		return "Thông báo quyết định"
	case StepComplaint:
		return "Khiếu nại quyết định"
	}
	return string(s)
}

// StepRule is the time limit of a step in working days from the end of
// the previous one (by the working-day calendar), with its citation.
type StepRule struct {
	Step        Step   `json:"step"`
	WorkingDays int    `json:"working_days"`
	Basis       string `json:"basis"`
	// CalendarDays: WorkingDays counts calendar days instead (moved to
	// the next working day when the last one is a day off).
	CalendarDays bool `json:"calendar_days,omitempty"`
}

// Competence names the unit that decides discipline for officials of a
// category (and post): Level "managing" is the official's own unit (its
// head decides), "appointing" the unit above it (the appointing level).
type Competence struct {
	Category org.Category `json:"category"`
	Leader   bool         `json:"leader"`
	Level    string       `json:"level"` // managing | appointing
	Label    string       `json:"label"` // Vietnamese: "Người đứng đầu cơ quan quản lý công chức"
}

// The competence levels.
const (
	LevelManaging   = "managing"
	LevelAppointing = "appointing"
)

// RuleSetOn returns the rule set of sets in force on the date of the act
// (Vietnam day) for the category, or nil when none is (người lao động:
// the Labour Code, outside this product). When several are, the one that
// started last wins, then the one stored last.
func RuleSetOn(sets []RuleSet, c org.Category, act time.Time) *RuleSet {
	d := congvu.Date(act)
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	var best *RuleSet
	for i := range sets {
		r := &sets[i]
		if !slices.Contains(r.Categories, c) || (!r.From.IsZero() && d.Before(r.From)) || (!r.Until.IsZero() && d.After(r.Until)) {
			continue
		}
		if best == nil || r.From.After(best.From) || (r.From.Equal(best.From) && r.ID > best.ID) {
			best = r
		}
	}
	return best
}
