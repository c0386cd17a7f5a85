package evaluation

import (
	"congvu/org"
	"time"
)

// RuleSet is the evaluation rule for some categories of officials over a
// period of evaluation years, with its citation (design/law.md). The
// product ships DefaultRuleSets (seeded by a migration); an administrator
// adds new ones from a year, never edits one in force; an evaluation is
// judged by the set in force for its year and the official's category
// (RuleSetFor).
type RuleSet struct {
	ID         int64          `json:"id"`
	Code       string         `json:"code"`  // e.g. "335/2025-cc", "90/2020"
	Title      string         `json:"title"` // "Nghị định 335/2025/NĐ-CP — công chức"
	Categories []org.Category `json:"categories"`
	FromYear   int            `json:"from_year"`  // first year evaluated by it; 0: always
	UntilYear  int            `json:"until_year"` // last year; 0: open
	Basis      string         `json:"basis"`
	Verified   bool           `json:"verified"`
	// Scored: classification by points (100 = General + TaskMax) with the
	// thresholds; not scored: the four levels by criteria, decided by the
	// evaluator (Decree 90/2020).
	Scored  bool        `json:"scored"`
	General []Criterion `json:"general"` // the general criteria (30 points under 335/2025)
	TaskMax float64     `json:"task_max"`
	// Thresholds: the least total for each level (scored sets).
	Excellent float64 `json:"excellent"`
	Good      float64 `json:"good"`
	Completed float64 `json:"completed"`
	// FailurePenalty is the share of a product's points lost per quality
	// or progress failure (0.25).
	FailurePenalty float64      `json:"failure_penalty"`
	Periods        []PeriodKind `json:"periods"` // how products may be tracked
	// QuotaPct: excellent at most QuotaPct % of those rated good or better
	// in the same unit and task group; QuotaBasis its citation.
	QuotaPct   float64 `json:"quota_pct"`
	QuotaBasis string  `json:"quota_basis"`
	// DisciplineCap is the best level for an official disciplined
	// (khiển trách or heavier) in the year; DisciplineBasis its citation.
	DisciplineCap   Level  `json:"discipline_cap"`
	DisciplineBasis string `json:"discipline_basis"`
	// ComplaintDays: how long after notification the official may
	// complain (calendar days).
	ComplaintDays int `json:"complaint_days"`
	// MinRatings is the sample below which the satisfaction index is shown
	// as not to be relied on.
	MinRatings int       `json:"min_ratings"`
	CreatedBy  int64     `json:"-"`
	CreatedAt  time.Time `json:"created_at"`
}

// Criterion is a general criterion with its maximum points (scored sets)
// or a criterion to comment on (unscored sets: Max 0).
type Criterion struct {
	Code  string  `json:"code"`
	Label string  `json:"label"`
	Max   float64 `json:"max"`
	// Conduct marks the criteria the evidence summary speaks to (culture
	// of public service; attitude serving people and businesses).
	Conduct bool `json:"conduct,omitempty"`
}

// TaskLine explains a product's points in the task score.
type TaskLine struct {
	ProductID int64   `json:"product_id"`
	Title     string  `json:"title"`
	Period    string  `json:"period"` // "Tháng 3" / "Quý 1"
	Points    float64 `json:"points"`
	Earned    float64 `json:"earned"`
	Why       string  `json:"why"` // "chưa hoàn thành", "trễ tiến độ: −25%"
}
