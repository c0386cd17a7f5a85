package violation

import (
	"congvu/org"
	"slices"
	"time"
)

// CaseStatus is where a discipline case stands.
type CaseStatus string

// The statuses of a discipline case.
const (
	CaseReview    CaseStatus = "review"    // the official's own review
	CaseCouncil   CaseStatus = "council"   // before the disciplinary council
	CaseDecision  CaseStatus = "decision"  // waiting for the competent level's decision
	CaseDecided   CaseStatus = "decided"   // decision signed, to notify
	CaseNotified  CaseStatus = "notified"  // notified; open to complaint
	CaseComplaint CaseStatus = "complaint" // a complaint is being settled
	CaseClosed    CaseStatus = "closed"    // final (complaint settled or none)
	CaseDeferred  CaseStatus = "deferred"  // not yet considered (a deferral case)
	CaseDropped   CaseStatus = "dropped"   // no discipline (time bar, council decided none), with a reason
)

// CaseStatuses lists them in workflow order.
var CaseStatuses = []CaseStatus{CaseReview, CaseCouncil, CaseDecision, CaseDecided, CaseNotified, CaseComplaint, CaseClosed, CaseDeferred, CaseDropped}

// Label is the Vietnamese name.
func (s CaseStatus) Label() string {
	switch s {
	case CaseReview:
		return "Đang kiểm điểm"
	case CaseCouncil:
		return "Hội đồng kỷ luật đang xem xét"
	case CaseDecision:
		return "Chờ quyết định"
	case CaseDecided:
		return "Đã quyết định, chờ thông báo"
	case CaseNotified:
		return "Đã thông báo"
	case CaseComplaint:
		return "Đang giải quyết khiếu nại"
	case CaseClosed:
		return "Đã kết thúc"
	case CaseDeferred:
		return "Chưa xem xét kỷ luật"
	case CaseDropped:
		return "Không kỷ luật"
	}
	return string(s)
}

// Valid reports whether s is known.
func (s CaseStatus) Valid() bool { return slices.Contains(CaseStatuses, s) }

// Case is the discipline procedure of one official for one or several
// violations (several acts reviewed at once: one decision).
type Case struct {
	ID           int64        `json:"id"`
	OfficialID   int64        `json:"official_id"`
	OfficialName string       `json:"official_name"`
	Category     org.Category `json:"category"`
	Leader       bool         `json:"leader"`
	UnitID       int64        `json:"unit_id"` // the official's unit when opened
	UnitName     string       `json:"unit_name"`
	UnitPath     string       `json:"-"`
	// CompetentUnitID is the unit whose head decides (RuleSet.Competence).
	CompetentUnitID   int64    `json:"competent_unit_id"`
	CompetentUnitName string   `json:"competent_unit_name"`
	ViolationIDs      []int64  `json:"violation_ids"`
	RuleSetID         int64    `json:"rule_set_id"` // the rule in force on the date of the (latest) act
	RuleSetTitle      string   `json:"rule_set_title"`
	Severity          Severity `json:"severity"`
	ProposedForm      string   `json:"proposed_form"` // Form.Code
	// ProposalNote explains the form proposed: combination of several
	// acts, repetition while a sanction runs (RuleSet.Propose).
	ProposalNote string      `json:"proposal_note,omitempty"`
	Status       CaseStatus  `json:"status"`
	Reason       string      `json:"reason,omitempty"` // of deferred or dropped
	DeferralCode string      `json:"deferral_code,omitempty"`
	OpenedAt     time.Time   `json:"opened_at"`
	DueAt        time.Time   `json:"due_at"` // end of the handling limit (until the decision): HandlingDays from the earliest evidence of its violations (their detection)
	Steps        []*CaseStep `json:"steps"`
	Council      *Council    `json:"council,omitempty"`
	Decision     *Decision   `json:"decision,omitempty"`
	Complaint    *Complaint  `json:"complaint,omitempty"`
	UpdatedAt    time.Time   `json:"updated_at"`
}

// CaseStep is one step of a case with its deadline (working days).
type CaseStep struct {
	Step   Step       `json:"step"`
	DueOn  time.Time  `json:"due_on"`
	DoneAt *time.Time `json:"done_at,omitempty"`
	Note   string     `json:"note,omitempty"` // the review's minutes, the notification's recipients…
}

// Council is the disciplinary council of a case.
type Council struct {
	Members      []CouncilMember `json:"members"`
	MeetingOn    time.Time       `json:"meeting_on"`
	Minutes      string          `json:"minutes"`
	VotesFor     int             `json:"votes_for"` // for the recommended form
	VotesAgainst int             `json:"votes_against"`
	Recommended  string          `json:"recommended"` // Form.Code, or "" for no discipline
}

// CouncilMember is a member of a council.
type CouncilMember struct {
	Name string `json:"name"`
	Role string `json:"role"` // Chủ tịch hội đồng, Ủy viên, Thư ký
}

// Decision is the signed discipline decision.
type Decision struct {
	Number      string    `json:"number"` // số/ký hiệu, e.g. "15/QĐ-UBND"
	SignedOn    time.Time `json:"signed_on"`
	EffectiveOn time.Time `json:"effective_on"`
	Form        string    `json:"form"` // Form.Code
	FormLabel   string    `json:"form_label"`
	// LastsUntil is the last day its consequences last (zero: none or
	// terminal).
	LastsUntil time.Time `json:"lasts_until"`
	Signer     string    `json:"signer"` // name and title of who signed
}

// Complaint is the official's complaint against the decision.
type Complaint struct {
	FiledOn   time.Time  `json:"filed_on"`
	Text      string     `json:"text"`
	Outcome   string     `json:"outcome,omitempty"` // upheld | changed | annulled
	NewForm   string     `json:"new_form,omitempty"`
	SettledOn *time.Time `json:"settled_on,omitempty"`
	Reply     string     `json:"reply,omitempty"`
}

// The outcomes of a complaint.
const (
	ComplaintUpheld   = "upheld"   // the decision stands
	ComplaintChanged  = "changed"  // the form is changed (NewForm)
	ComplaintAnnulled = "annulled" // the decision is annulled
)

// CaseInput opens a discipline case for one official from violations
// naming them.
type CaseInput struct {
	OfficialID   int64
	ViolationIDs []int64
	Severity     Severity
	ProposedForm string
}

// CouncilInput records the council.
type CouncilInput struct {
	Members      []CouncilMember
	MeetingOn    time.Time
	Minutes      string
	VotesFor     int
	VotesAgainst int
	Recommended  string
}

// DecisionInput records the signed decision.
type DecisionInput struct {
	Number      string
	SignedOn    time.Time
	EffectiveOn time.Time
	Form        string
	Signer      string
}

// ComplaintInput files or settles a complaint.
type ComplaintInput struct {
	FiledOn time.Time
	Text    string
	// Settling: Outcome, NewForm, Reply.
	Outcome string
	NewForm string
	Reply   string
}

// CaseFilter narrows a list of cases.
type CaseFilter struct {
	Query      string
	UnitID     int64
	OfficialID int64
	Status     CaseStatus
	Overdue    bool // past DueAt before the decision, or a step past its DueOn
	Offset     int
	Limit      int
}
