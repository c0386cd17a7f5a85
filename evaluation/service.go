package evaluation

import (
	"congvu"
	"context"
)

// Service runs the annual evaluation. Every method checks the actor in ctx
// in the service layer: ActEvaluationView to read the evaluations,
// products and evidence of a subtree (sensitive data: every reading is
// audited), ActEvaluationTrack to assign and confirm products,
// ActEvaluationPropose, ActEvaluationDecide (a leader's evaluation is
// decided at the parent unit; nobody proposes or decides their own),
// ActEvaluationRules; the official reads their own evaluation, products
// and summary, self-assesses, reports products done and complains; a
// colleague of the same unit comments. Every write is audited in its
// transaction; an error saves nothing.
type Service interface {
	// AssignProduct assigns a task product to an official for a period.
	AssignProduct(ctx context.Context, in ProductInput) (*Product, error)
	// ReportProduct is the official reporting a product done.
	ReportProduct(ctx context.Context, id int64, note string) (*Product, error)
	// ConfirmProduct is the manager confirming a reported product, with
	// its quality and progress failures.
	ConfirmProduct(ctx context.Context, id int64, in ConfirmInput) (*Product, error)
	// CancelProduct withdraws an assigned product, with a reason.
	CancelProduct(ctx context.Context, id int64, reason string) (*Product, error)
	// FindProducts lists products (the official: their own).
	FindProducts(ctx context.Context, f ProductFilter) ([]*Product, int, error)

	// OpenYear opens an evaluation for every active official of the unit
	// (its own members, not its subtree) for the year, under the rule set
	// of the year and each one's category; idempotent.
	OpenYear(ctx context.Context, unitID int64, year int) (*OpenResult, error)
	// FindEvaluation returns an evaluation (audited reading); the official
	// reads their own.
	FindEvaluation(ctx context.Context, id int64) (*Evaluation, error)
	// FindEvaluations lists the evaluations of a subtree (audited).
	FindEvaluations(ctx context.Context, f Filter) ([]*Evaluation, int, error)
	// Mine returns the actor's own evaluation of the year (ENOTFOUND when
	// none is open).
	Mine(ctx context.Context, year int) (*Evaluation, error)
	// SelfAssess records the official's self-assessment (open or
	// self-assessed; again until the proposal).
	SelfAssess(ctx context.Context, id int64, in SelfInput) (*Evaluation, error)
	// Comment adds a comment of the collective: a colleague of the same
	// unit, or the minutes of the meeting (Meeting, by the head).
	Comment(ctx context.Context, id int64, in CommentInput) (*Evaluation, error)
	// Propose is the head's proposal: the general points, the task points
	// computed from the products, the level; EINVALID when the level is
	// above the cap the evidence sets.
	Propose(ctx context.Context, id int64, in ProposalInput) (*Evaluation, error)
	// Decide classifies: ECONFLICT (with the quota in the message) when
	// excellent would exceed the quota of the unit and task group;
	// EINVALID above the cap.
	Decide(ctx context.Context, id int64, in DecisionInput) (*Evaluation, error)
	// Notify records that the official was notified (the outbox sends it).
	Notify(ctx context.Context, id int64) (*Evaluation, error)
	// Complain is the official's complaint within the rule's days.
	Complain(ctx context.Context, id int64, text string) (*Evaluation, error)
	// Settle settles the complaint: kept, or changed to a new level (the
	// quota and the cap still apply).
	Settle(ctx context.Context, id int64, in SettleInput) (*Evaluation, error)
	// History lists the audited events of an evaluation, oldest first.
	History(ctx context.Context, id int64) ([]*congvu.AuditEvent, error)

	// Quota is the quota of excellent in a unit and task group for a year.
	Quota(ctx context.Context, unitID int64, year int, taskGroup string) (*Quota, error)

	// DecideUnit records an agency's own classification of a year.
	DecideUnit(ctx context.Context, in UnitDecisionInput) (*UnitEvaluation, error)
	// FindUnitEvaluations lists the agencies' classifications of a subtree.
	FindUnitEvaluations(ctx context.Context, unitID int64, year int) ([]*UnitEvaluation, error)

	// RuleSets lists the rule sets, newest first; AddRuleSet adds one from
	// a year (validated, audited; ActEvaluationRules).
	RuleSets(ctx context.Context) ([]RuleSet, error)
	AddRuleSet(ctx context.Context, in RuleSet) (*RuleSet, error)
}

// EvidenceService compiles the evidence of officials' years for the
// evaluator (and the emulation's scores): it reads ratings, petitions,
// inspection findings, the year of conduct (conduct.Service) and the
// tracked products; it decides nothing but says which rules of the year's
// rule set apply (Applied, Cap). ActEvaluationView in the official's
// subtree, or the official themself; every reading is audited.
type EvidenceService interface {
	// Summary compiles the evidence of an official's year.
	Summary(ctx context.Context, officialID int64, year int) (*Summary, error)
	// Summaries is the evidence in counts of every official of a unit's
	// subtree (a province: 30,000 officials), for tables and documents.
	Summaries(ctx context.Context, unitID int64, year int) ([]*SummaryRow, error)
}

// ProductInput assigns a product.
type ProductInput struct {
	OfficialID int64
	Year       int
	PeriodKind PeriodKind
	Period     int
	Title      string
	Points     float64
	DueOn      string // dd/mm/yyyy or yyyy-mm-dd; "" : the end of the period
}

// ConfirmInput confirms a reported product.
type ConfirmInput struct {
	QualityFailed  bool
	ProgressFailed bool
	Note           string
}

// ProductFilter selects products.
type ProductFilter struct {
	UnitID     int64 // subtree; 0: the actor's sight
	OfficialID int64
	Year       int
	Period     int // 0: all
	Status     ProductStatus
	Limit      int
	Offset     int
}

// OpenResult says what OpenYear did.
type OpenResult struct {
	Opened   int `json:"opened"`
	Existing int `json:"existing"`
	// Skipped: active officials of a category no rule set of the year
	// covers (người lao động).
	Skipped int `json:"skipped"`
}

// Filter selects evaluations.
type Filter struct {
	UnitID    int64 // subtree; 0: the actor's sight
	Year      int
	Status    Status
	Level     Level
	TaskGroup string
	Query     string // name or employee code, diacritics ignored
	Limit     int
	Offset    int
}

// SelfInput is the self-assessment.
type SelfInput struct {
	General []Score
	Level   Level
	Text    string
}

// CommentInput is a comment of the collective.
type CommentInput struct {
	Text    string
	Meeting bool
}

// ProposalInput is the head's proposal.
type ProposalInput struct {
	General   []Score
	Level     Level
	TaskGroup string
	Note      string
}

// DecisionInput is the decision.
type DecisionInput struct {
	Level Level
	Note  string
}

// SettleInput settles a complaint.
type SettleInput struct {
	Kept     bool
	NewLevel Level
	Answer   string
}

// UnitDecisionInput is an agency's own classification.
type UnitDecisionInput struct {
	UnitID int64
	Year   int
	Level  Level
	Basis  string
}
