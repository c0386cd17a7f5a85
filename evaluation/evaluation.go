// Package evaluation is the annual evaluation and classification of
// officials (đánh giá, xếp loại chất lượng): the dated rule of the year and
// category (Decree 335/2025 for công chức from 2026, Decree 90/2020 as
// amended before and for cán bộ and viên chức), the monthly or quarterly
// tracking of task products that makes the task points, the evidence
// summary of an official's year (compiled, never decided), and the cycle:
// self-assessment, the collective's comments, the head's proposal, the
// decision under the quota, notification and complaint.
package evaluation

import (
	"congvu/conduct"
	"congvu/org"
	"slices"
	"time"
)

// Level is a classification (mức xếp loại chất lượng).
type Level string

const (
	LevelExcellent    Level = "excellent"     // Hoàn thành xuất sắc nhiệm vụ
	LevelGood         Level = "good"          // Hoàn thành tốt nhiệm vụ
	LevelCompleted    Level = "completed"     // Hoàn thành nhiệm vụ
	LevelNotCompleted Level = "not_completed" // Không hoàn thành nhiệm vụ
)

// Levels lists the levels, best first.
var Levels = []Level{LevelExcellent, LevelGood, LevelCompleted, LevelNotCompleted}

// Label is the Vietnamese name of the level.
func (l Level) Label() string {
	switch l {
	case LevelExcellent:
		return "Hoàn thành xuất sắc nhiệm vụ"
	case LevelGood:
		return "Hoàn thành tốt nhiệm vụ"
	case LevelCompleted:
		return "Hoàn thành nhiệm vụ"
	case LevelNotCompleted:
		return "Không hoàn thành nhiệm vụ"
	}
	return string(l)
}

// Valid reports whether l is a known level.
func (l Level) Valid() bool { return slices.Contains(Levels, l) }

// Rank orders levels: 4 excellent … 1 not completed, 0 unknown or empty.
func (l Level) Rank() int {
	if i := slices.Index(Levels, l); i >= 0 {
		return len(Levels) - i
	}
	return 0
}

// AtLeast reports whether l is m or better.
func (l Level) AtLeast(m Level) bool { return l.Rank() >= m.Rank() && l.Rank() > 0 }

// Status is where an evaluation stands in the cycle.
type Status string

const (
	StatusOpen         Status = "open"          // opened for the year, awaiting the self-assessment
	StatusSelfAssessed Status = "self_assessed" // the official has assessed themself
	StatusProposed     Status = "proposed"      // the head (evaluator) has proposed a level
	StatusDecided      Status = "decided"       // the competent person has decided
	StatusNotified     Status = "notified"      // the official has been notified
	StatusComplained   Status = "complained"    // the official complains against the decision
	StatusSettled      Status = "settled"       // the complaint is settled (kept or changed)
)

// Statuses lists the statuses in order of the cycle.
var Statuses = []Status{StatusOpen, StatusSelfAssessed, StatusProposed, StatusDecided, StatusNotified, StatusComplained, StatusSettled}

// Label is the Vietnamese name of the status.
func (s Status) Label() string {
	switch s {
	case StatusOpen:
		return "Chờ tự đánh giá"
	case StatusSelfAssessed:
		return "Đã tự đánh giá"
	case StatusProposed:
		return "Đã đề xuất xếp loại"
	case StatusDecided:
		return "Đã quyết định xếp loại"
	case StatusNotified:
		return "Đã thông báo"
	case StatusComplained:
		return "Có khiếu nại"
	case StatusSettled:
		return "Đã giải quyết khiếu nại"
	}
	return string(s)
}

// Valid reports whether s is known.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Score is the points given for one general criterion of the rule set.
type Score struct {
	Code   string  `json:"code"`
	Points float64 `json:"points"`
	Note   string  `json:"note,omitempty"`
}

// Assessment is the official's self-assessment.
type Assessment struct {
	General []Score   `json:"general"`
	Level   Level     `json:"level"`
	Text    string    `json:"text"` // tự nhận xét: results, strengths, shortcomings
	At      time.Time `json:"at"`
}

// Comment is one comment of the collective (a colleague of the unit, or
// the minutes of the unit's meeting recorded by the head).
type Comment struct {
	ID         int64     `json:"id"`
	AuthorID   int64     `json:"-"`
	AuthorName string    `json:"author_name"`
	Meeting    bool      `json:"meeting"` // the minutes of the meeting, not one person's view
	Text       string    `json:"text"`
	At         time.Time `json:"at"`
}

// Complaint is the official's complaint against the decision and its
// settlement.
type Complaint struct {
	Text      string    `json:"text"`
	At        time.Time `json:"at"`
	Kept      bool      `json:"kept"`                // settled: the decision stands
	NewLevel  Level     `json:"new_level,omitempty"` // settled: the level changed to
	Answer    string    `json:"answer,omitempty"`
	SettledAt time.Time `json:"settled_at,omitzero"`
}

// Evaluation is an official's evaluation of a year.
type Evaluation struct {
	ID           int64        `json:"id"`
	OfficialID   int64        `json:"official_id"`
	OfficialName string       `json:"official_name"`
	EmployeeCode string       `json:"employee_code"`
	Position     string       `json:"position"`
	UnitID       int64        `json:"unit_id"`
	UnitName     string       `json:"unit_name"`
	UnitPath     string       `json:"-"`
	Year         int          `json:"year"`
	Category     org.Category `json:"category"`
	Leader       bool         `json:"leader"`
	// TaskGroup is the group of officials with similar tasks the quota is
	// counted in within the unit ("" : the whole unit).
	TaskGroup   string      `json:"task_group"`
	RuleSetID   int64       `json:"rule_set_id"`
	RuleSetCode string      `json:"rule_set_code"`
	Status      Status      `json:"status"`
	Self        *Assessment `json:"self,omitempty"`
	Comments    []Comment   `json:"comments"`
	// General are the evaluator's points per general criterion; TaskPoints
	// the task points from the year's tracked products (scored rule sets);
	// Total their sum.
	General    []Score `json:"general"`
	TaskPoints float64 `json:"task_points"`
	Total      float64 `json:"total"`
	// Proposed is the head's proposal; Cap the best level the rules allow
	// from the evidence (e.g. disciplined in the year), CapReason why.
	Proposed     Level     `json:"proposed,omitempty"`
	ProposalNote string    `json:"proposal_note,omitempty"`
	ProposedBy   int64     `json:"-"`
	ProposedAt   time.Time `json:"proposed_at,omitzero"`
	Cap          Level     `json:"cap,omitempty"`
	CapReason    string    `json:"cap_reason,omitempty"`
	// Level is the decided classification.
	Level        Level      `json:"level,omitempty"`
	DecisionNote string     `json:"decision_note,omitempty"`
	DecidedBy    int64      `json:"-"`
	DecidedAt    time.Time  `json:"decided_at,omitzero"`
	NotifiedAt   time.Time  `json:"notified_at,omitzero"`
	Complaint    *Complaint `json:"complaint,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// FinalLevel is the level in force: the settled one after a complaint
// that changed it, else the decided one ("" before the decision).
func (e *Evaluation) FinalLevel() Level {
	if e.Complaint != nil && !e.Complaint.SettledAt.IsZero() && !e.Complaint.Kept && e.Complaint.NewLevel != "" {
		return e.Complaint.NewLevel
	}
	return e.Level
}

// PeriodKind is how task products are tracked: by month or by quarter.
type PeriodKind string

const (
	PeriodMonth   PeriodKind = "month"
	PeriodQuarter PeriodKind = "quarter"
)

// ProductStatus is where a task product stands.
type ProductStatus string

const (
	ProductAssigned  ProductStatus = "assigned"  // assigned by the manager
	ProductReported  ProductStatus = "reported"  // the official reports it done
	ProductConfirmed ProductStatus = "confirmed" // the manager confirmed quality and progress
	ProductCancelled ProductStatus = "cancelled" // withdrawn by the manager, with a reason
)

// Product is a task product assigned to an official for a period (month
// or quarter) of a year: its points weigh it in the 70 task points.
type Product struct {
	ID           int64         `json:"id"`
	OfficialID   int64         `json:"official_id"`
	OfficialName string        `json:"official_name"`
	UnitID       int64         `json:"unit_id"`
	UnitPath     string        `json:"-"`
	Year         int           `json:"year"`
	PeriodKind   PeriodKind    `json:"period_kind"`
	Period       int           `json:"period"` // 1–12 (month) or 1–4 (quarter)
	Title        string        `json:"title"`
	Points       float64       `json:"points"` // weight, > 0
	DueOn        time.Time     `json:"due_on"`
	Status       ProductStatus `json:"status"`
	ReportNote   string        `json:"report_note,omitempty"`
	ReportedAt   time.Time     `json:"reported_at,omitzero"`
	// QualityFailed, ProgressFailed: the manager found the product short
	// on quality or late; each costs the rule set's FailurePenalty of its
	// points.
	QualityFailed  bool      `json:"quality_failed"`
	ProgressFailed bool      `json:"progress_failed"`
	ConfirmNote    string    `json:"confirm_note,omitempty"`
	ConfirmedBy    int64     `json:"-"`
	ConfirmedAt    time.Time `json:"confirmed_at,omitzero"`
	CancelReason   string    `json:"cancel_reason,omitempty"`
	AssignedBy     int64     `json:"-"`
	CreatedAt      time.Time `json:"created_at"`
}

// UnitEvaluation is an agency's own classification of a year where the
// rule provides one (Decree 335/2025 for agencies and units).
type UnitEvaluation struct {
	ID        int64     `json:"id"`
	UnitID    int64     `json:"unit_id"`
	UnitName  string    `json:"unit_name"`
	UnitPath  string    `json:"-"`
	Year      int       `json:"year"`
	Level     Level     `json:"level"`
	Basis     string    `json:"basis"` // the results and figures it rests on
	DecidedBy int64     `json:"-"`
	DecidedAt time.Time `json:"decided_at"`
}

// EvidenceItem is one piece of evidence in a summary, as staff may read it
// (never who reported).
type EvidenceItem struct {
	Kind    string    `json:"kind"` // congvu.Evidence* kinds
	RefID   int64     `json:"ref_id"`
	Date    time.Time `json:"date"`
	Summary string    `json:"summary"`
}

// Behaviour is one of the eight behaviours of the rating, for the official
// and for their unit (index 0–100; -1: no answer).
type Behaviour struct {
	Code      string  `json:"code"`
	Label     string  `json:"label"`
	Index     float64 `json:"index"`
	UnitIndex float64 `json:"unit_index"`
}

// Ratings sums up an official's ratings of the year beside their unit's.
type Ratings struct {
	Count      int         `json:"count"`
	Index      float64     `json:"index"` // satisfaction index 0–100, -1 when Count is 0
	UnitCount  int         `json:"unit_count"`
	UnitIndex  float64     `json:"unit_index"`
	MinSample  int         `json:"min_sample"` // below it the index is shown but not to be relied on
	Enough     bool        `json:"enough"`
	Behaviours []Behaviour `json:"behaviours"`
}

// Training is the official's training of the year, from the training
// capability (training.OfficialYear): the campaigns they had to complete,
// those complete, the quizzes passed, the hours counted and the yearly
// minimum of the obligation rule in force (0 when none applies). Nil when
// nothing was required of them that year.
type Training struct {
	Required  int     `json:"required"`
	Completed int     `json:"completed"`
	Passed    int     `json:"passed"`
	Hours     float64 `json:"hours"`
	MinHours  float64 `json:"min_hours"`
}

// Applied is a rule of the rule set that applies to the evidence, said in
// words ("Bị kỷ luật khiển trách ngày 12/03/2026 → không xếp loại hoàn
// thành nhiệm vụ trở lên"), with the best level it allows.
type Applied struct {
	Code string `json:"code"`
	Text string `json:"text"`
	Cap  Level  `json:"cap,omitempty"`
}

// Summary is the evidence of an official's year, compiled for the
// evaluator; it decides nothing.
type Summary struct {
	OfficialID         int64          `json:"official_id"`
	OfficialName       string         `json:"official_name"`
	UnitID             int64          `json:"unit_id"`
	UnitName           string         `json:"unit_name"`
	Year               int            `json:"year"`
	RuleSetCode        string         `json:"rule_set_code"`
	Ratings            Ratings        `json:"ratings"`
	FoundedPetitions   []EvidenceItem `json:"founded_petitions"`
	InspectionFindings []EvidenceItem `json:"inspection_findings"`
	Conduct            *conduct.Year  `json:"conduct"`
	Training           *Training      `json:"training,omitempty"`
	// TaskPoints and TaskLines from the tracked products (scored sets).
	TaskPoints float64    `json:"task_points"`
	TaskLines  []TaskLine `json:"task_lines"`
	Applied    []Applied  `json:"applied"`
	Cap        Level      `json:"cap,omitempty"` // best level allowed, "" none
}

// SummaryRow is the evidence of one official's year in counts, for a
// unit's or a province's table (the bulk form of Summary).
type SummaryRow struct {
	OfficialID       int64   `json:"official_id"`
	OfficialName     string  `json:"official_name"`
	UnitID           int64   `json:"unit_id"`
	UnitName         string  `json:"unit_name"`
	Ratings          int     `json:"ratings"`
	Index            float64 `json:"index"` // -1: none
	FoundedPetitions int     `json:"founded_petitions"`
	Breaches         int     `json:"breaches"` // breached inspection lines naming the official
	Violations       int     `json:"violations"`
	Disciplined      bool    `json:"disciplined"`
	Commendations    int     `json:"commendations"`
	// Training of the year (Summary's), nil when nothing was required.
	Training *Training `json:"training,omitempty"`
	Level    Level     `json:"level,omitempty"` // decided, if any
}

// Quota is the quota of "excellent" in a unit and task group for a year.
type Quota struct {
	UnitID    int64   `json:"unit_id"`
	UnitName  string  `json:"unit_name"`
	TaskGroup string  `json:"task_group"`
	Year      int     `json:"year"`
	Pct       float64 `json:"pct"`       // e.g. 20
	Base      int     `json:"base"`      // rated good or better (proposed or decided)
	Allowed   int     `json:"allowed"`   // excellent allowed
	Excellent int     `json:"excellent"` // decided excellent
	Remaining int     `json:"remaining"` // how many more may be excellent (≥ 0)
	Rule      string  `json:"rule"`      // the rule in words with its citation
	// RuleSetCode is the rule set the quota is counted under: officials
	// under different rule sets (công chức, viên chức) are counted apart.
	RuleSetCode string `json:"rule_set_code"`
}
