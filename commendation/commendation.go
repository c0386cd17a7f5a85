// Package commendation is the recognition of good conduct: biểu dương by
// the unit head, and proposals of khen thưởng to the competent level under
// the Law on Emulation and Commendation 06/2022/QH15 (forms, who decides and
// reward amounts are dated rule data), each resting on evidence: a high
// satisfaction index over a minimum sample, citizens' thanks in comments,
// inspections with every line kept, a reporter thanking the unit.
package commendation

import (
	"congvu"
	"congvu/org"
	"context"
	"slices"
	"time"
)

// Kind is what a commendation is.
type Kind string

// The kinds.
const (
	KindPraise Kind = "praise" // biểu dương: by the unit head, recorded at once
	KindAward  Kind = "award"  // khen thưởng: proposed, then decided by the competent level
)

// Label is the Vietnamese name.
func (k Kind) Label() string {
	switch k {
	case KindPraise:
		return "Biểu dương"
	case KindAward:
		return "Khen thưởng"
	}
	return string(k)
}

// Status is where a commendation stands.
type Status string

// The statuses: a praise is issued at once; an award is proposed, then
// approved (a decision) or rejected (with a reason), or withdrawn.
const (
	StatusProposed  Status = "proposed"
	StatusApproved  Status = "approved"
	StatusRejected  Status = "rejected"
	StatusWithdrawn Status = "withdrawn"
	StatusIssued    Status = "issued" // a praise
)

// Statuses lists the statuses.
var Statuses = []Status{StatusProposed, StatusApproved, StatusRejected, StatusWithdrawn, StatusIssued}

// Label is the Vietnamese name.
func (s Status) Label() string {
	switch s {
	case StatusProposed:
		return "Đã đề nghị, chờ quyết định"
	case StatusApproved:
		return "Đã quyết định khen thưởng"
	case StatusRejected:
		return "Không khen thưởng"
	case StatusWithdrawn:
		return "Đã rút đề nghị"
	case StatusIssued:
		return "Đã biểu dương"
	}
	return string(s)
}

// Valid reports whether s is known.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Form is a form of commendation of a rule set (giấy khen, bằng khen…):
// who decides it (the kind of unit whose head signs) and the reward amount
// as a coefficient of the base salary in force.
type Form struct {
	Code  string `json:"code"`  // e.g. giay_khen, bang_khen_tinh
	Label string `json:"label"` // Giấy khen, Bằng khen của Chủ tịch UBND tỉnh
	// DeciderLevels are the kinds of unit whose head decides it; the
	// competent unit is the nearest ancestor-or-self of the subject's unit
	// of one of these kinds.
	DeciderLevels []org.UnitKind `json:"decider_levels"`
	Individual    bool           `json:"individual"`
	Collective    bool           `json:"collective"`
	// Coefficient times the base salary in force on the decision date is
	// the reward for an individual; CollectiveCoefficient for a collective.
	Coefficient           float64 `json:"coefficient"`
	CollectiveCoefficient float64 `json:"collective_coefficient"`
}

// RuleSet is the commendation rule in force over a period of decision
// dates, with its citation; administrators add new ones from a date.
type RuleSet struct {
	ID       int64     `json:"id"`
	Title    string    `json:"title"`
	From     time.Time `json:"from"`
	Until    time.Time `json:"until"`
	Basis    string    `json:"basis"`
	Verified bool      `json:"verified"`
	Forms    []Form    `json:"forms"`
	// BaseSalary is the base salary (lương cơ sở) in VND by date, latest
	// first: the amount is the coefficient times the one in force on the
	// decision date.
	BaseSalary []Salary `json:"base_salary"`
	// RoundTo is what the amount is rounded up to, in VND (10.000: hàng
	// chục nghìn đồng); 0 or 1: not rounded.
	RoundTo int64 `json:"round_to"`
	// Thresholds for suggesting from evidence.
	MinSample int       `json:"min_sample"` // ratings needed before an index counts
	MinIndex  float64   `json:"min_index"`  // satisfaction index (0–100) at or above which to suggest
	CreatedBy int64     `json:"-"`
	CreatedAt time.Time `json:"created_at"`
}

// Salary is a base salary from a date.
type Salary struct {
	From   time.Time `json:"from"`
	Amount int64     `json:"amount"` // VND per month
	Basis  string    `json:"basis"`
}

// Commendation is a praise or an award proposal of an official or a unit
// (collective: OfficialID 0).
type Commendation struct {
	ID           int64       `json:"id"`
	Kind         Kind        `json:"kind"`
	OfficialID   int64       `json:"official_id,omitempty"`
	OfficialName string      `json:"official_name,omitempty"`
	UnitID       int64       `json:"unit_id"` // the subject's unit (the collective itself when OfficialID is 0)
	UnitName     string      `json:"unit_name"`
	UnitPath     string      `json:"-"`
	Year         int         `json:"year"` // the year of the achievements
	Reason       string      `json:"reason"`
	Evidence     []*Evidence `json:"evidence"`
	Status       Status      `json:"status"`
	// Award only: the form proposed, the competent unit, the proposer, the
	// decision.
	Form              string     `json:"form,omitempty"`
	FormLabel         string     `json:"form_label,omitempty"`
	RuleSetID         int64      `json:"rule_set_id,omitempty"`
	ProposingUnitID   int64      `json:"proposing_unit_id,omitempty"`
	ProposingUnitName string     `json:"proposing_unit_name,omitempty"`
	CompetentUnitID   int64      `json:"competent_unit_id,omitempty"`
	CompetentUnitName string     `json:"competent_unit_name,omitempty"`
	DecisionNumber    string     `json:"decision_number,omitempty"`
	DecisionDate      *time.Time `json:"decision_date,omitempty"`
	Amount            int64      `json:"amount,omitempty"` // VND
	RejectReason      string     `json:"reject_reason,omitempty"`
	CreatedBy         int64      `json:"-"`
	CreatedAt         time.Time  `json:"created_at"`
	UpdatedAt         time.Time  `json:"updated_at"`
}

// Evidence is one piece of evidence a commendation rests on.
type Evidence struct {
	congvu.EvidenceRef
	Summary string `json:"summary"` // Vietnamese, e.g. "Chỉ số hài lòng 96,2% trên 340 lượt đánh giá năm 2026"
}

// PraiseInput records a biểu dương.
type PraiseInput struct {
	OfficialID int64 // 0 for the unit as a collective
	UnitID     int64
	Year       int
	Reason     string
	Evidence   []congvu.EvidenceRef
}

// ProposalInput proposes a khen thưởng.
type ProposalInput struct {
	OfficialID int64
	UnitID     int64
	Year       int
	Form       string
	Reason     string
	Evidence   []congvu.EvidenceRef
}

// DecisionInput decides a proposal.
type DecisionInput struct {
	Approve bool
	Number  string    // số/ký hiệu when approved
	Date    time.Time // date signed
	Reason  string    // when rejected
}

// Filter narrows a list.
type Filter struct {
	Query      string
	UnitID     int64
	OfficialID int64
	Kind       Kind
	Status     Status
	Year       int
	Offset     int
	Limit      int
}

// Suggestion is an official or a unit the evidence points at, for the unit
// head to praise or propose (never automatic).
type Suggestion struct {
	OfficialID   int64       `json:"official_id,omitempty"`
	OfficialName string      `json:"official_name,omitempty"`
	UnitID       int64       `json:"unit_id"`
	UnitName     string      `json:"unit_name"`
	Reason       string      `json:"reason"`
	Evidence     []*Evidence `json:"evidence"`
}

// Service records commendations. ActCommendationView to read within the
// subject's subtree (the official concerned reads their own),
// ActCommend for a praise, ActCommendationPropose at the proposing unit,
// ActCommendationDecide at the competent unit (the nearest ancestor-or-self
// of the subject's unit of a kind the form allows). Writes audited.
type Service interface {
	Praise(ctx context.Context, in PraiseInput) (*Commendation, error)
	Propose(ctx context.Context, in ProposalInput) (*Commendation, error)
	Decide(ctx context.Context, id int64, in DecisionInput) (*Commendation, error)
	Withdraw(ctx context.Context, id int64, reason string) (*Commendation, error)
	FindCommendation(ctx context.Context, id int64) (*Commendation, error)
	FindCommendations(ctx context.Context, f Filter) ([]*Commendation, int, error)
	// Suggest lists officials and units of a unit's subtree whose evidence
	// of year merits a praise or a proposal and who have none yet.
	Suggest(ctx context.Context, unitID int64, year int) ([]*Suggestion, error)
	History(ctx context.Context, id int64) ([]*congvu.AuditEvent, error)
	RuleSets(ctx context.Context) ([]RuleSet, error)
	AddRuleSet(ctx context.Context, rs RuleSet) (*RuleSet, error)
}

// DisciplineRecord tells which officials of a subtree were disciplined in a
// year (a decision of any form effective in it, not annulled on
// complaint): the violation capability answers it, and the suggestions
// leave those officials out (a head may still praise one, by their own
// judgement).
type DisciplineRecord interface {
	DisciplinedIn(ctx context.Context, unitPath string, year int) (map[int64]bool, error)
}
