// Package violation is the judgement of breaches of the code of conduct: a
// violation opened from evidence, its handling below discipline (nhắc nhở,
// phê bình, chấn chỉnh) and discipline under the rule in force on the date
// of the act (Decree 112/2020 before 01/07/2025, Decree 172/2025 from then
// for cán bộ and công chức; viên chức by a rule set of its own).
//
// Violations are sensitive personal data (Law 91/2025): the service lets
// fewer roles read them than ratings, audits every reading, and never tells
// the official concerned who reported.
package violation

import (
	"congvu"
	"slices"
	"time"
)

// Status is where a violation stands.
type Status string

// The statuses: open (being handled), handled (every official named has
// an outcome: handling, discipline decided or no action), dismissed (the
// evidence did not hold; with a reason).
const (
	StatusOpen      Status = "open"
	StatusHandled   Status = "handled"
	StatusDismissed Status = "dismissed"
)

// Statuses lists the statuses in workflow order.
var Statuses = []Status{StatusOpen, StatusHandled, StatusDismissed}

// Label is the Vietnamese name of the status.
func (s Status) Label() string {
	switch s {
	case StatusOpen:
		return "Đang xử lý"
	case StatusHandled:
		return "Đã xử lý"
	case StatusDismissed:
		return "Không xử lý (không đủ căn cứ)"
	}
	return string(s)
}

// Valid reports whether s is known.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Severity is how serious the consequences of an act are (172/2025: three
// levels).
type Severity string

// The severities.
const (
	SeverityMinor   Severity = "minor"   // ít nghiêm trọng
	SeveritySerious Severity = "serious" // nghiêm trọng
	SeverityGrave   Severity = "grave"   // rất nghiêm trọng
)

// Severities lists them lightest first.
var Severities = []Severity{SeverityMinor, SeveritySerious, SeverityGrave}

// Label is the Vietnamese name.
func (s Severity) Label() string {
	switch s {
	case SeverityMinor:
		return "Ít nghiêm trọng"
	case SeveritySerious:
		return "Nghiêm trọng"
	case SeverityGrave:
		return "Rất nghiêm trọng"
	}
	return string(s)
}

// Valid reports whether s is known.
func (s Severity) Valid() bool { return slices.Contains(Severities, s) }

// Outcome is what became of one official named in a violation.
type Outcome string

// The outcomes of an official named in a violation.
const (
	OutcomePending    Outcome = "pending"    // not decided yet
	OutcomeHandled    Outcome = "handled"    // handled below discipline
	OutcomeDiscipline Outcome = "discipline" // in a discipline case (see Case)
	OutcomeNoAction   Outcome = "no_action"  // no measure, with a reason
)

// Label is the Vietnamese name.
func (o Outcome) Label() string {
	switch o {
	case OutcomePending:
		return "Chưa xử lý"
	case OutcomeHandled:
		return "Đã nhắc nhở, phê bình, chấn chỉnh"
	case OutcomeDiscipline:
		return "Xem xét kỷ luật"
	case OutcomeNoAction:
		return "Không áp dụng biện pháp"
	}
	return string(o)
}

// Evidence is one piece of evidence a violation rests on: a reference to
// another capability's record (congvu.EvidenceRef: a breached inspection
// line, a concluded petition, the unit head's observation, a pattern in
// ratings). One piece may support several violations.
type Evidence struct {
	congvu.EvidenceRef
	// Summary is a short Vietnamese description fit for the staff who
	// handle it ("Phản ánh PA-… kết luận đúng ngày …"); Official holds
	// the one shown to the official concerned, which never names the
	// reporter nor a tracking code ("Phản ánh của người dân, kết luận
	// đúng ngày …").
	Summary  string `json:"summary"`
	Official string `json:"-"`
	// Note is the text of an observation (EvidenceObservation).
	Note string `json:"note,omitempty"`
}

// Named is one official a violation names, with what became of them.
type Named struct {
	OfficialID   int64   `json:"official_id"`
	FullName     string  `json:"full_name"`
	EmployeeCode string  `json:"employee_code"`
	UnitID       int64   `json:"unit_id"` // the official's unit on the date of the act
	UnitName     string  `json:"unit_name"`
	Outcome      Outcome `json:"outcome"`
	Reason       string  `json:"reason,omitempty"` // of no_action
	CaseID       int64   `json:"case_id,omitempty"`
	// NowUnitPath is the path of the official's unit today: staff of its
	// subtree read the violation too (CanView).
	NowUnitPath string `json:"-"`
}

// Violation is a breach of standard items by officials (or a unit: no one
// named), on a date, at a unit.
type Violation struct {
	ID       int64  `json:"id"`
	UnitID   int64  `json:"unit_id"` // where the act happened
	UnitName string `json:"unit_name"`
	UnitPath string `json:"-"`
	// ActDate is the day of the act (Vietnam calendar day): it chooses
	// the catalog version cited and the discipline rule that judges it.
	ActDate          time.Time   `json:"act_date"`
	CatalogVersionID int64       `json:"catalog_version_id"`
	ItemCodes        []string    `json:"item_codes"`
	ItemTitles       []string    `json:"item_titles"`
	Description      string      `json:"description"`
	Severity         Severity    `json:"severity,omitempty"` // assessed when handled or put to discipline
	Status           Status      `json:"status"`
	DismissReason    string      `json:"dismiss_reason,omitempty"`
	Officials        []*Named    `json:"officials"`
	Evidence         []*Evidence `json:"evidence"`
	Handlings        []*Handling `json:"handlings,omitempty"`
	// EvidenceAt is the date of the earliest evidence: the dashboards
	// count the time from it to the decision.
	EvidenceAt time.Time  `json:"evidence_at"`
	CreatedBy  int64      `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	ClosedAt   *time.Time `json:"closed_at,omitempty"`
}

// HandlingKind is a measure short of discipline.
type HandlingKind string

// The measures short of discipline (not discipline forms).
const (
	HandlingReminder   HandlingKind = "reminder"   // nhắc nhở
	HandlingCriticism  HandlingKind = "criticism"  // phê bình
	HandlingCorrection HandlingKind = "correction" // chấn chỉnh
)

// HandlingKinds lists them lightest first.
var HandlingKinds = []HandlingKind{HandlingReminder, HandlingCriticism, HandlingCorrection}

// Label is the Vietnamese name.
func (k HandlingKind) Label() string {
	switch k {
	case HandlingReminder:
		return "Nhắc nhở"
	case HandlingCriticism:
		return "Phê bình"
	case HandlingCorrection:
		return "Chấn chỉnh"
	}
	return string(k)
}

// Valid reports whether k is known.
func (k HandlingKind) Valid() bool { return slices.Contains(HandlingKinds, k) }

// Handling is a measure short of discipline the unit head records for one
// official, which the official acknowledges (with a comment if they wish).
type Handling struct {
	ID             int64        `json:"id"`
	ViolationID    int64        `json:"violation_id"`
	OfficialID     int64        `json:"official_id"`
	OfficialName   string       `json:"official_name"`
	Kind           HandlingKind `json:"kind"`
	Note           string       `json:"note"`
	DecidedBy      int64        `json:"-"`
	DeciderName    string       `json:"decider_name"`
	DecidedAt      time.Time    `json:"decided_at"`
	AcknowledgedAt *time.Time   `json:"acknowledged_at,omitempty"`
	AckNote        string       `json:"ack_note,omitempty"`
}

// Input opens a violation.
type Input struct {
	UnitID      int64
	ActDate     time.Time
	ItemCodes   []string
	Description string
	OfficialIDs []int64
	Evidence    []congvu.EvidenceRef // at least one; observations carry their note in Notes
	// Notes holds the text of each EvidenceObservation, by its index in
	// Evidence.
	Notes map[int]string
	// AboutUnit: the violation is the unit's as a body, no official named.
	AboutUnit bool
}

// HandlingInput records a measure short of discipline.
type HandlingInput struct {
	OfficialID int64
	Kind       HandlingKind
	Severity   Severity
	Note       string
}

// Filter narrows a list of violations.
type Filter struct {
	Query      string // words of the official's name or code, of the unit, of the description; diacritics ignored
	UnitID     int64  // violations at this unit's subtree
	OfficialID int64
	ItemCode   string
	Status     Status
	From, To   time.Time // act dates, both included
	Offset     int
	Limit      int
}

// MaxCount bounds the count of FindViolations: it counts at most
// CountBound(f) matching violations, so a list over the whole country
// stays fast; a total above MaxCount means "more than".
const MaxCount = 1000

// CountBound is where FindViolations stops counting: past MaxCount, or
// past the end of the page asked for.
func CountBound(f Filter) int {
	return max(MaxCount, max(f.Offset, 0)+congvu.ClampLimit(f.Limit)) + 1
}

// Suggestion is a piece of evidence no violation rests on yet, offered to
// the unit head to open one (never opened automatically).
type Suggestion struct {
	Evidence
	OfficialName string `json:"official_name,omitempty"`
	UnitName     string `json:"unit_name"`
	Reason       string `json:"reason"` // Vietnamese: why it is suggested
}
