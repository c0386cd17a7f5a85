package violation

import (
	"congvu"
	"congvu/org"
	"context"
	"time"
)

// Service opens violations from evidence and records their handling below
// discipline. Every method checks the actor in ctx: ActViolationView (read),
// ActViolationOpen, ActViolationHandle within the subtree of the unit of the
// act; the official concerned (Actor.OfficialID) reads the violations that
// name them without evidence detail (Evidence.Official) nor who opened
// them. Every write and every reading of a violation is audited in its
// transaction; an error saves nothing.
type Service interface {
	// CreateViolation opens a violation: items of the catalog version in
	// force on the act date for the unit, officials of that unit (or its
	// subtree) on that date, at least one piece of evidence the actor may
	// see. EINVALID with field messages, EFORBIDDEN.
	CreateViolation(ctx context.Context, in Input) (*Violation, error)
	// FindViolation returns a violation with its officials, evidence and
	// handlings (audited reading). ENOTFOUND.
	FindViolation(ctx context.Context, id int64) (*Violation, error)
	// FindViolations lists the violations the actor may see, newest act
	// first, without evidence nor handlings.
	FindViolations(ctx context.Context, f Filter) ([]*Violation, int, error)
	// AddEvidence adds a piece of evidence to an open violation.
	AddEvidence(ctx context.Context, id int64, ev congvu.EvidenceRef, note string) (*Violation, error)
	// Handle records a measure short of discipline for one official named
	// (the unit head). ECONFLICT when that official already has an outcome.
	Handle(ctx context.Context, id int64, in HandlingInput) (*Handling, error)
	// Acknowledge is the official's acknowledgement of a handling about
	// them, with an optional comment. EFORBIDDEN for anyone else.
	Acknowledge(ctx context.Context, handlingID int64, note string) (*Handling, error)
	// NoAction records that an official named gets no measure, with a
	// reason.
	NoAction(ctx context.Context, id int64, officialID int64, reason string) (*Violation, error)
	// Dismiss closes an open violation without measure (the evidence did
	// not hold), with a reason. ECONFLICT once anyone has an outcome.
	Dismiss(ctx context.Context, id int64, reason string) (*Violation, error)
	// History lists the audited events of a violation, oldest first (staff
	// only; the official concerned gets ENOTFOUND).
	History(ctx context.Context, id int64) ([]*congvu.AuditEvent, error)
	// Suggest lists evidence in the unit's subtree no violation rests on
	// yet: breached inspection lines naming an official, founded petitions
	// naming an official, officials whose ratings fall well below their
	// unit's over a minimum sample (since: the start of the period).
	Suggest(ctx context.Context, unitID int64, since time.Time) ([]*Suggestion, error)
	// Mine lists the violations naming the actor's own official record,
	// with their handlings and the cases about them (decisions included),
	// never the evidence detail nor who reported.
	Mine(ctx context.Context) (*Own, error)
}

// Own is what an official sees of their own record.
type Own struct {
	Violations []*Violation `json:"violations"`
	Cases      []*Case      `json:"cases"`
}

// DisciplineService runs discipline procedures under the rule in force on
// the date of the act. ActDisciplineRun within the official's unit subtree
// for the steps, ActDisciplineDecide at the competent unit for the
// decision; the official concerned reads their case once the review step
// starts, never the council's vote detail before the decision.
type DisciplineService interface {
	// OpenCase opens a case for one official from violations naming them
	// (outcome pending): the rule set of the latest act's date; the form
	// proposed must be one of its forms for the official's category and
	// post; combination (several acts: the heaviest) and repetition (a
	// running sanction: one level heavier) are applied and explained;
	// a time bar past refuses (EINVALID names it). Deadlines of the steps
	// by the working-day calendar.
	OpenCase(ctx context.Context, in CaseInput) (*Case, error)
	// FindCase returns a case (audited reading). ENOTFOUND.
	FindCase(ctx context.Context, id int64) (*Case, error)
	// FindCases lists the cases the actor may see.
	FindCases(ctx context.Context, f CaseFilter) ([]*Case, int, error)
	// RecordReview closes the review step with its minutes.
	RecordReview(ctx context.Context, id int64, minutes string, on time.Time) (*Case, error)
	// RecordCouncil records the council (only when the form needs one).
	RecordCouncil(ctx context.Context, id int64, in CouncilInput) (*Case, error)
	// Decide records the signed decision (at the competent unit). The
	// form must belong to the case's rule set for the category and post.
	Decide(ctx context.Context, id int64, in DecisionInput) (*Case, error)
	// Notify records the notification (recipients in note).
	Notify(ctx context.Context, id int64, note string, on time.Time) (*Case, error)
	// FileComplaint records the official's complaint (the official
	// themself or staff on their behalf), within the time allowed.
	FileComplaint(ctx context.Context, id int64, in ComplaintInput) (*Case, error)
	// SettleComplaint settles it (the competent level).
	SettleComplaint(ctx context.Context, id int64, in ComplaintInput) (*Case, error)
	// Defer puts a case aside for a deferral of its rule set; Resume takes
	// it back where it was.
	Defer(ctx context.Context, id int64, code, reason string) (*Case, error)
	Resume(ctx context.Context, id int64) (*Case, error)
	// RunningForm is the form (Form.Code) of a sanction of the official
	// still running on the day act, the heaviest when several ("" when
	// none): what repetition reads (RuleSet.Propose), so that the page that
	// opens a case previews the very form OpenCase will propose.
	// ActDisciplineRun within the subtree of the official's unit.
	RunningForm(ctx context.Context, officialID int64, act time.Time) (string, error)
	// Drop ends a case without discipline, with a reason: a decision, by
	// the head of the competent unit only.
	Drop(ctx context.Context, id int64, reason string) (*Case, error)

	// RuleSets lists the stored rule sets (seeded DefaultRuleSets and those
	// added since), newest first. Anyone signed in may read them.
	RuleSets(ctx context.Context) ([]RuleSet, error)
	// RuleSetFor returns the rule set that judges an act of date by an
	// official of category. ENOTFOUND when none does.
	RuleSetFor(ctx context.Context, c org.Category, act time.Time) (*RuleSet, error)
	// AddRuleSet stores a new dated rule set (ActDisciplineRules on the
	// whole tree), starting today or later. Audited. EINVALID, EFORBIDDEN.
	AddRuleSet(ctx context.Context, rs RuleSet) (*RuleSet, error)
}

// DashboardService gives the violation dashboards, from rollups.
type DashboardService interface {
	// Dashboard counts violations of a unit's subtree over a period: per
	// item, per child unit (per 100 officials), per month, the forms
	// applied, the handling measures, the time from evidence to decision
	// (median, p90), the cases past their limit. ActViolationView.
	Dashboard(ctx context.Context, f DashboardFilter) (*Dashboard, error)
}

// The range of a dashboard.
const (
	// DefaultDashboardMonths is the range of a dashboard when none is
	// given: the twelve months up to today.
	DefaultDashboardMonths = 12
	// MaxDashboardDays bounds the range of one dashboard (five years).
	MaxDashboardDays = 5*366 + 1
	// OverdueShown is how many cases past their limit a dashboard lists.
	OverdueShown = 50
)

// DashboardFilter chooses a dashboard: From is the first Vietnam day, To the
// end (a To at midnight is excluded, a To with a time of day counts its
// whole day, as on every dashboard); zero: the DefaultDashboardMonths up to
// today. UnitID zero: the root of the actor's first scope.
type DashboardFilter struct {
	UnitID   int64
	From, To time.Time
}

// Dashboard holds the figures of a subtree over a period.
type Dashboard struct {
	UnitID         int64      `json:"unit_id"`
	UnitName       string     `json:"unit_name"`
	From           time.Time  `json:"from"`
	To             time.Time  `json:"to"`
	Officials      int        `json:"officials"` // active officials of the subtree now
	Total          int        `json:"total"`
	Per100         float64    `json:"per_100"`
	Handled        int        `json:"handled"`
	Pending        int        `json:"pending"`
	ByItem         []CountRow `json:"by_item"`
	ByUnit         []UnitRow  `json:"by_unit"`
	ByMonth        []CountRow `json:"by_month"`
	ByForm         []CountRow `json:"by_form"`    // discipline forms decided
	ByMeasure      []CountRow `json:"by_measure"` // handling kinds
	DaysToDecision struct {
		Count  int     `json:"count"`
		Median float64 `json:"median"`
		P90    float64 `json:"p90"`
	} `json:"days_to_decision"`
	// Overdue lists the cases past their limit, not decided yet, the
	// longest overdue first (at most OverdueShown), by id, unit, severity,
	// status and dates only: no official is named (the case itself, an
	// audited reading, names them).
	Overdue []*Case `json:"overdue"`
	// OverdueTotal counts every case past its limit in the subtree.
	OverdueTotal int `json:"overdue_total"`
	// Dismissed counts the violations of the period dismissed (not in
	// Total: the evidence did not hold).
	Dismissed int `json:"dismissed"`
}

// CountRow is a labelled count.
type CountRow struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// UnitRow is a child unit's figures.
type UnitRow struct {
	UnitID    int64   `json:"unit_id"`
	UnitName  string  `json:"unit_name"`
	Officials int     `json:"officials"`
	Count     int     `json:"count"`
	Per100    float64 `json:"per_100"`
}
