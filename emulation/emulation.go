// Package emulation is the emulation movement (phong trào thi đua): a
// movement with its period and criteria for collectives and individuals,
// each fed by evidence or scored by hand with a reason; registration at the
// start of the year; clusters to rank within; scores explainable line by
// line; titles proposed by the dated rule (Law 06/2022, Decree 152/2025)
// and decided by the competent level; interim and final reviews.
package emulation

import (
	"congvu/evaluation"
	"congvu/org"
	"slices"
	"time"
)

// Subject is whom a criterion, a registration or a title is for.
type Subject string

const (
	Collective Subject = "collective" // a unit (tập thể)
	Individual Subject = "individual" // an official (cá nhân)
)

// Label is the Vietnamese name.
func (s Subject) Label() string {
	switch s {
	case Collective:
		return "Tập thể"
	case Individual:
		return "Cá nhân"
	}
	return string(s)
}

// Valid reports whether s is known.
func (s Subject) Valid() bool { return s == Collective || s == Individual }

// Source is what feeds a criterion.
type Source string

const (
	SourceIndex      Source = "satisfaction_index"    // the year's satisfaction index (min sample)
	SourceViolations Source = "violations"            // violations (and discipline) in the year: fewer is better
	SourceInspection Source = "inspection_compliance" // share of inspection lines kept
	SourcePetitions  Source = "founded_petitions"     // founded petitions: fewer is better
	SourceEvaluation Source = "evaluation_level"      // the year's classification (individuals) or the agency's
	SourceTraining   Source = "training"              // the year's training: a subtree's coverage, an official's share of campaigns complete
	SourceManual     Source = "manual"                // scored by hand with a reason
)

// Sources lists the sources.
var Sources = []Source{SourceIndex, SourceViolations, SourceInspection, SourcePetitions, SourceEvaluation, SourceTraining, SourceManual}

// Valid reports whether s is known.
func (s Source) Valid() bool { return slices.Contains(Sources, s) }

// Label is the Vietnamese name.
func (s Source) Label() string {
	switch s {
	case SourceIndex:
		return "Chỉ số hài lòng"
	case SourceViolations:
		return "Vi phạm, kỷ luật"
	case SourceInspection:
		return "Kết quả kiểm tra công vụ"
	case SourcePetitions:
		return "Phản ánh có cơ sở"
	case SourceEvaluation:
		return "Xếp loại chất lượng"
	case SourceTraining:
		return "Bồi dưỡng"
	case SourceManual:
		return "Chấm trực tiếp"
	}
	return string(s)
}

// MovementStatus is where a movement stands.
type MovementStatus string

const (
	MovementDraft  MovementStatus = "draft"  // being written
	MovementOpen   MovementStatus = "open"   // launched: registration and scoring
	MovementClosed MovementStatus = "closed" // ended with its final review
)

// Movement is an emulation movement of a unit (the launching level) over
// a period of years.
type Movement struct {
	ID          int64          `json:"id"`
	UnitID      int64          `json:"unit_id"`
	UnitName    string         `json:"unit_name"`
	UnitPath    string         `json:"-"`
	Title       string         `json:"title"`
	Content     string         `json:"content"` // aims and content (nội dung, chỉ tiêu)
	FromYear    int            `json:"from_year"`
	ToYear      int            `json:"to_year"`
	InterimYear int            `json:"interim_year"` // year of the interim review (sơ kết); 0: none
	Status      MovementStatus `json:"status"`
	Criteria    []Criterion    `json:"criteria"`
	CreatedBy   int64          `json:"-"`
	CreatedAt   time.Time      `json:"created_at"`
	UpdatedAt   time.Time      `json:"updated_at"`
}

// Criterion is a criterion of a movement with its weight (maximum points).
// Evidence-fed criteria turn a measured value into points by Target (the
// value earning full points) and Floor (the value earning none): for
// "fewer is better" sources Target < Floor.
type Criterion struct {
	ID      int64   `json:"id"`
	Subject Subject `json:"subject"`
	Code    string  `json:"code"`
	Label   string  `json:"label"`
	Weight  float64 `json:"weight"`
	Source  Source  `json:"source"`
	Target  float64 `json:"target"`
	Floor   float64 `json:"floor"`
	Help    string  `json:"help,omitempty"`
}

// Cluster is a cụm or khối thi đua of a movement: the units ranked
// together.
type Cluster struct {
	ID         int64   `json:"id"`
	MovementID int64   `json:"movement_id"`
	Title      string  `json:"title"`
	Units      []Unit  `json:"units"`
	UnitIDs    []int64 `json:"-"`
}

// Unit names a unit of a cluster.
type Unit struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Registration is a unit's or an official's registration (đăng ký thi
// đua) in a movement for a year, with its pledge and its target title.
type Registration struct {
	ID           int64     `json:"id"`
	MovementID   int64     `json:"movement_id"`
	Year         int       `json:"year"`
	Subject      Subject   `json:"subject"`
	UnitID       int64     `json:"unit_id"`
	UnitName     string    `json:"unit_name"`
	UnitPath     string    `json:"-"`
	OfficialID   int64     `json:"official_id,omitempty"`
	OfficialName string    `json:"official_name,omitempty"`
	ClusterID    int64     `json:"cluster_id,omitempty"`
	Title        string    `json:"title"` // target title code (e.g. lao_dong_tien_tien)
	Pledge       string    `json:"pledge"`
	Initiative   string    `json:"initiative,omitempty"` // sáng kiến recognised, for Chiến sĩ thi đua cơ sở
	Withdrawn    bool      `json:"withdrawn"`
	RegisteredBy int64     `json:"-"`
	RegisteredAt time.Time `json:"registered_at"`
}

// Score is a registration's score for a year, line by line.
type Score struct {
	RegistrationID int64       `json:"registration_id"`
	Subject        Subject     `json:"subject"`
	UnitID         int64       `json:"unit_id"`
	UnitName       string      `json:"unit_name"`
	OfficialID     int64       `json:"official_id,omitempty"`
	OfficialName   string      `json:"official_name,omitempty"`
	ClusterID      int64       `json:"cluster_id,omitempty"`
	Year           int         `json:"year"`
	Lines          []ScoreLine `json:"lines"`
	Total          float64     `json:"total"`
	Max            float64     `json:"max"`
	Rank           int         `json:"rank"`    // within the cluster (or all registrations of the subject), 1 best
	RankOf         int         `json:"rank_of"` // how many ranked
	ComputedAt     time.Time   `json:"computed_at"`
}

// ScoreLine is one criterion's points with what they rest on.
type ScoreLine struct {
	CriterionID int64   `json:"criterion_id"`
	Code        string  `json:"code"`
	Label       string  `json:"label"`
	Source      Source  `json:"source"`
	Value       float64 `json:"value"` // measured value; -1: no figure
	Points      float64 `json:"points"`
	Max         float64 `json:"max"`
	// Explanation says how the points follow from the value ("Chỉ số
	// 93,4% trên 412 lượt đánh giá; đạt 90% trở lên: đủ 20 điểm").
	Explanation string `json:"explanation"`
	// Evidence links the pieces the value rests on ("kind:id", as
	// congvu.EvidenceRef.FormValue) for staff to open.
	Evidence []string `json:"evidence,omitempty"`
	Manual   bool     `json:"manual"`
	Reason   string   `json:"reason,omitempty"` // hand scores: why
	ScoredBy int64    `json:"-"`
}

// TitleRule is an emulation title (danh hiệu thi đua) of a dated rule set:
// who may get it and the reward as a coefficient of the base salary.
type TitleRule struct {
	Code    string  `json:"code"`  // lao_dong_tien_tien, chien_si_thi_dua_co_so, tap_the_lao_dong_tien_tien, tap_the_lao_dong_xuat_sac
	Label   string  `json:"label"` // Lao động tiên tiến
	Subject Subject `json:"subject"`
	// MinLevel is the least classification of the year (individuals: the
	// official's evaluation; collectives: the agency's own).
	MinLevel evaluation.Level `json:"min_level"`
	// NotDisciplined: not disciplined in the year.
	NotDisciplined bool `json:"not_disciplined"`
	// NeedsInitiative: an initiative (sáng kiến) recognised.
	NeedsInitiative bool `json:"needs_initiative"`
	// NeedsTitle: the title that must also be held the same year (e.g.
	// Chiến sĩ thi đua cơ sở needs Lao động tiên tiến).
	NeedsTitle string `json:"needs_title,omitempty"`
	// MinShareGood (collectives): the least share (%) of members rated
	// good or better; MinShareExcellent likewise for excellent.
	MinShareGood      float64 `json:"min_share_good,omitempty"`
	MinShareExcellent float64 `json:"min_share_excellent,omitempty"`
	// MinShareCompleted (collectives): the least share (%) of members
	// rated completed or better (Tập thể lao động xuất sắc: 100%).
	MinShareCompleted float64 `json:"min_share_completed,omitempty"`
	// NoMemberDisciplined (collectives): no member disciplined with
	// cảnh cáo or heavier (verify).
	NoMemberDisciplined bool `json:"no_member_disciplined,omitempty"`
	// Coefficient times the base salary in force on the decision date is
	// the reward (commendation.RuleSet.BaseSalaryOn).
	Coefficient float64 `json:"coefficient"`
	// DeciderLevels are the kinds of unit whose head decides it.
	DeciderLevels []org.UnitKind `json:"decider_levels"`
	Basis         string         `json:"basis"`
	Verified      bool           `json:"verified"`
}

// TitleRuleSet is the titles' rule over a period of years.
type TitleRuleSet struct {
	ID        int64       `json:"id"`
	Title     string      `json:"title"`
	FromYear  int         `json:"from_year"`
	UntilYear int         `json:"until_year"`
	Basis     string      `json:"basis"`
	Verified  bool        `json:"verified"`
	Titles    []TitleRule `json:"titles"`
	CreatedBy int64       `json:"-"`
	CreatedAt time.Time   `json:"created_at"`
}

// Check is one condition of a title checked against the evidence.
type Check struct {
	Text string `json:"text"` // "Xếp loại Hoàn thành tốt nhiệm vụ trở lên: Hoàn thành xuất sắc nhiệm vụ"
	OK   bool   `json:"ok"`
	// Personal marks a check stating an official's own classification or
	// discipline: RedactChecks hides its text from who may not read them.
	Personal bool `json:"personal,omitempty"`
}

// ProposalStatus is where a title proposal stands.
type ProposalStatus string

const (
	ProposalProposed ProposalStatus = "proposed"
	ProposalApproved ProposalStatus = "approved"
	ProposalRejected ProposalStatus = "rejected"
)

// TitleProposal is a title proposed for a unit or an official for a year,
// with the checks of the rule and, once decided, the decision and reward.
type TitleProposal struct {
	ID              int64          `json:"id"`
	MovementID      int64          `json:"movement_id,omitempty"`
	Year            int            `json:"year"`
	Title           string         `json:"title"`
	TitleLabel      string         `json:"title_label"`
	Subject         Subject        `json:"subject"`
	UnitID          int64          `json:"unit_id"`
	UnitName        string         `json:"unit_name"`
	UnitPath        string         `json:"-"`
	OfficialID      int64          `json:"official_id,omitempty"`
	OfficialName    string         `json:"official_name,omitempty"`
	Checks          []Check        `json:"checks"`
	Reason          string         `json:"reason"`
	Status          ProposalStatus `json:"status"`
	CompetentUnitID int64          `json:"competent_unit_id"`
	DecisionNumber  string         `json:"decision_number,omitempty"`
	DecisionDate    time.Time      `json:"decision_date,omitzero"`
	Amount          int64          `json:"amount"` // VND
	RejectReason    string         `json:"reject_reason,omitempty"`
	ProposedBy      int64          `json:"-"`
	CreatedAt       time.Time      `json:"created_at"`
	UpdatedAt       time.Time      `json:"updated_at"`
}

// TitleSuggestion is a title the rule allows for a subject, from the
// evidence, for a person to propose (never automatic).
type TitleSuggestion struct {
	Title        string  `json:"title"`
	TitleLabel   string  `json:"title_label"`
	Subject      Subject `json:"subject"`
	UnitID       int64   `json:"unit_id"`
	UnitName     string  `json:"unit_name"`
	OfficialID   int64   `json:"official_id,omitempty"`
	OfficialName string  `json:"official_name,omitempty"`
	Checks       []Check `json:"checks"`
	Eligible     bool    `json:"eligible"`
}

// ReviewKind is an interim (sơ kết) or final (tổng kết) review.
type ReviewKind string

const (
	ReviewInterim ReviewKind = "interim"
	ReviewFinal   ReviewKind = "final"
)

// Review is an interim or final review of a movement with its figures
// frozen on the day it was made.
type Review struct {
	ID         int64         `json:"id"`
	MovementID int64         `json:"movement_id"`
	Kind       ReviewKind    `json:"kind"`
	Year       int           `json:"year"` // the last year it covers
	HeldOn     time.Time     `json:"held_on"`
	Text       string        `json:"text"` // assessment: results, shortcomings, lessons, directions
	Figures    ReviewFigures `json:"figures"`
	CreatedBy  int64         `json:"-"`
	CreatedAt  time.Time     `json:"created_at"`
}

// ReviewFigures are the figures of a review, per year covered.
type ReviewFigures struct {
	Years []YearFigures `json:"years"`
}

// YearFigures are one year's figures of a movement.
type YearFigures struct {
	Year                 int            `json:"year"`
	Collectives          int            `json:"collectives"` // registered
	Individuals          int            `json:"individuals"` // registered
	Index                float64        `json:"index"`       // satisfaction index of the movement's subtree, -1 none
	Ratings              int            `json:"ratings"`
	Violations           int            `json:"violations"`
	Disciplined          int            `json:"disciplined"`
	InspectionCompliance float64        `json:"inspection_compliance"` // %, -1 none
	Titles               map[string]int `json:"titles"`                // approved titles by code
	Top                  []Score        `json:"top"`                   // best collectives of the year
}
