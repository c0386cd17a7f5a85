// Package inspection is the inspection of public-service culture: annual
// plans, inspections (from a plan, ad hoc, or started from evidence),
// checklists generated from the code-of-conduct catalog, the record of each
// line, and the conclusion. Two kinds are kept apart: kiểm tra công vụ
// (internal checks of public duty, by unit heads and home-affairs staff) and
// thanh tra (inspections by the inspectorate under the Law on Inspection
// 84/2025/QH15). Who may do what is the dated rule data stored from DefaultRules; what the
// inspected unit may see is Visibility.
package inspection

import (
	"time"
)

// Kind tells an internal check of public duty from an inspection.
type Kind string

// The two kinds.
const (
	KindCheck      Kind = "check"      // kiểm tra công vụ
	KindInspection Kind = "inspection" // thanh tra
)

// Kinds lists the kinds.
var Kinds = []Kind{KindCheck, KindInspection}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == KindCheck || k == KindInspection }

// Label is the Vietnamese name of the kind.
func (k Kind) Label() string {
	switch k {
	case KindCheck:
		return "Kiểm tra công vụ"
	case KindInspection:
		return "Thanh tra"
	}
	return string(k)
}

// PlanStatus is where an annual plan stands.
type PlanStatus string

// Plan statuses: drafted, approved by the head, published to the units
// concerned.
const (
	PlanDraft     PlanStatus = "draft"
	PlanApproved  PlanStatus = "approved"
	PlanPublished PlanStatus = "published"
)

// Label is the Vietnamese name of the plan status.
func (s PlanStatus) Label() string {
	switch s {
	case PlanDraft:
		return "Dự thảo"
	case PlanApproved:
		return "Đã phê duyệt"
	case PlanPublished:
		return "Đã ban hành"
	}
	return string(s)
}

// Plan is a unit's annual plan of checks or inspections: the units to
// visit (Targets), the period (Year, and each target's month), the team
// and the scope.
type Plan struct {
	ID          int64         `json:"id"`
	UnitID      int64         `json:"unit_id"` // the unit that plans
	UnitName    string        `json:"unit_name"`
	UnitPath    string        `json:"-"`
	Kind        Kind          `json:"kind"`
	Year        int           `json:"year"`
	Title       string        `json:"title"`
	Scope       string        `json:"scope"`
	Team        []string      `json:"team"`
	Status      PlanStatus    `json:"status"`
	CreatedBy   int64         `json:"created_by,omitempty"`
	CreatedAt   time.Time     `json:"created_at"`
	UpdatedAt   time.Time     `json:"updated_at"`
	ApprovedAt  *time.Time    `json:"approved_at,omitempty"`
	PublishedAt *time.Time    `json:"published_at,omitempty"`
	Targets     []*PlanTarget `json:"targets"`
}

// PlanTarget is one unit a plan visits, in a month; an unannounced visit is
// not shown to the inspected unit before it happens.
type PlanTarget struct {
	ID          int64  `json:"id"`
	PlanID      int64  `json:"plan_id"`
	UnitID      int64  `json:"unit_id"`
	UnitName    string `json:"unit_name"`
	UnitPath    string `json:"-"`
	Month       int    `json:"month"`
	Unannounced bool   `json:"unannounced"`
	// InspectionID is the inspection started from this target, 0 if none.
	InspectionID int64 `json:"inspection_id,omitempty"`
}

// PlanInput drafts a plan or replaces a draft's content.
type PlanInput struct {
	UnitID  int64             `json:"unit_id"`
	Kind    Kind              `json:"kind"`
	Year    int               `json:"year"`
	Title   string            `json:"title"`
	Scope   string            `json:"scope"`
	Team    []string          `json:"team"`
	Targets []PlanTargetInput `json:"targets"`
}

// PlanTargetInput is one target of a PlanInput.
type PlanTargetInput struct {
	UnitID      int64 `json:"unit_id"`
	Month       int   `json:"month"`
	Unannounced bool  `json:"unannounced"`
}

// PlanFilter selects plans.
type PlanFilter struct {
	UnitID int64 // plans of this unit's subtree (or aimed at it)
	Kind   Kind
	Year   int
	Status PlanStatus
	Offset int
	Limit  int
}

// Origin is why an inspection was started.
type Origin string

// Origins: a target of a published plan, an ad hoc decision, or evidence
// (low satisfaction, founded petitions, overdue actions; see Suggestion).
const (
	OriginPlan     Origin = "plan"
	OriginAdhoc    Origin = "adhoc"
	OriginEvidence Origin = "evidence"
)

// Valid reports whether o is a known origin.
func (o Origin) Valid() bool { return o == OriginPlan || o == OriginAdhoc || o == OriginEvidence }

// Label is the Vietnamese name of the origin.
func (o Origin) Label() string {
	switch o {
	case OriginPlan:
		return "Theo kế hoạch"
	case OriginAdhoc:
		return "Đột xuất"
	case OriginEvidence:
		return "Đột xuất theo dấu hiệu"
	}
	return string(o)
}

// Status is where an inspection stands: planned → in_progress (the visit
// began) → recorded (the record is closed) → concluded (the conclusion is
// issued) → closed (every corrective action is done).
type Status string

// The inspection statuses.
const (
	StatusPlanned    Status = "planned"
	StatusInProgress Status = "in_progress"
	StatusRecorded   Status = "recorded"
	StatusConcluded  Status = "concluded"
	StatusClosed     Status = "closed"
)

// Statuses lists the statuses in order.
var Statuses = []Status{StatusPlanned, StatusInProgress, StatusRecorded, StatusConcluded, StatusClosed}

// Label is the Vietnamese name of the status.
func (s Status) Label() string {
	switch s {
	case StatusPlanned:
		return "Chưa tiến hành"
	case StatusInProgress:
		return "Đang kiểm tra tại đơn vị"
	case StatusRecorded:
		return "Đã lập biên bản"
	case StatusConcluded:
		return "Đã ban hành kết luận"
	case StatusClosed:
		return "Đã hoàn thành khắc phục"
	}
	return string(s)
}

// ConclusionStatus is where the conclusion stands: draft → reviewed (for
// thanh tra: the draft is appraised, thẩm định) → issued.
type ConclusionStatus string

// The conclusion statuses.
const (
	ConclusionDraft    ConclusionStatus = "draft"
	ConclusionReviewed ConclusionStatus = "reviewed"
	ConclusionIssued   ConclusionStatus = "issued"
)

// Label is the Vietnamese name of the conclusion status for an
// inspection of kind k.
func (s ConclusionStatus) Label(k Kind) string {
	switch s {
	case ConclusionDraft:
		return "Dự thảo kết luận"
	case ConclusionReviewed:
		if k == KindInspection {
			return "Đã thẩm định dự thảo kết luận"
		}
		return "Đã rà soát dự thảo kết luận"
	case ConclusionIssued:
		return "Đã ban hành kết luận"
	}
	return string(s)
}

// Inspection is one visit to one unit, with its checklist (Lines) and its
// conclusion.
type Inspection struct {
	ID               int64            `json:"id"`
	PlanID           int64            `json:"plan_id,omitempty"`
	PlanTargetID     int64            `json:"plan_target_id,omitempty"`
	Kind             Kind             `json:"kind"`
	UnitID           int64            `json:"unit_id"` // the unit that inspects (owner)
	UnitName         string           `json:"unit_name"`
	UnitPath         string           `json:"-"`
	TargetUnitID     int64            `json:"target_unit_id"`
	TargetUnitName   string           `json:"target_unit_name"`
	TargetUnitPath   string           `json:"-"`
	Origin           Origin           `json:"origin"`
	Reason           string           `json:"reason"`
	Unannounced      bool             `json:"unannounced"`
	Status           Status           `json:"status"`
	ScheduledOn      *time.Time       `json:"scheduled_on,omitempty"` // a calendar date (midnight UTC)
	VisitedAt        *time.Time       `json:"visited_at,omitempty"`
	LeadUserID       int64            `json:"lead_user_id,omitempty"`
	CatalogVersionID int64            `json:"catalog_version_id,omitempty"`
	Conclusion       string           `json:"conclusion,omitempty"`
	ConclusionStatus ConclusionStatus `json:"conclusion_status,omitempty"`
	IssuedAt         *time.Time       `json:"issued_at,omitempty"`
	CreatedAt        time.Time        `json:"created_at"`
	UpdatedAt        time.Time        `json:"updated_at"`
	Lines            []*Line          `json:"lines,omitempty"`
}

// InspectionInput starts an inspection. With Origin OriginPlan it names a
// target of a published plan (PlanTargetID), which gives the kind, the
// owner, the target and the unannounced flag; otherwise those are given
// and Reason says why (required).
type InspectionInput struct {
	Origin       Origin     `json:"origin"`
	PlanTargetID int64      `json:"plan_target_id,omitempty"`
	Kind         Kind       `json:"kind"`
	UnitID       int64      `json:"unit_id"`
	TargetUnitID int64      `json:"target_unit_id"`
	Reason       string     `json:"reason"`
	Unannounced  bool       `json:"unannounced"`
	ScheduledOn  *time.Time `json:"scheduled_on,omitempty"`
}

// Filter selects inspections.
type Filter struct {
	Query        string // words of the inspected or inspecting unit's name, diacritics ignored
	UnitID       int64  // inspections by this unit's subtree or of it
	TargetUnitID int64  // inspections of this unit's subtree
	PlanID       int64
	Kind         Kind
	Status       Status
	// From and To bound the period (both days included; zero: open): an
	// inspection's day is the day of its visit, else the day planned (one
	// with neither is outside any period). Days are Vietnam calendar days.
	From, To time.Time
	Offset   int
	Limit    int
}

// LineResult is what was found on one line.
type LineResult string

// Line results; empty while not recorded.
const (
	ResultNone        LineResult = ""
	ResultKept        LineResult = "kept"
	ResultBreached    LineResult = "breached"
	ResultNotObserved LineResult = "not_observed"
)

// Valid reports whether r is a result one may record.
func (r LineResult) Valid() bool {
	return r == ResultKept || r == ResultBreached || r == ResultNotObserved
}

// Label is the Vietnamese name of the result.
func (r LineResult) Label() string {
	switch r {
	case ResultKept:
		return "Thực hiện đúng"
	case ResultBreached:
		return "Vi phạm"
	case ResultNotObserved:
		return "Không quan sát được"
	}
	return "Chưa ghi nhận"
}

// Method is how a line is checked.
type Method string

// The methods.
const (
	MethodObserve Method = "observe" // observe the counter
	MethodBadge   Method = "badge"   // check badges and dress
	MethodRecords Method = "records" // read the records
	MethodAsk     Method = "ask"     // ask citizens waiting
)

// Methods lists the methods.
var Methods = []Method{MethodObserve, MethodBadge, MethodRecords, MethodAsk}

// Valid reports whether m is a known method.
func (m Method) Valid() bool {
	for _, x := range Methods {
		if m == x {
			return true
		}
	}
	return false
}

// Label is the Vietnamese name of the method.
func (m Method) Label() string {
	switch m {
	case MethodObserve:
		return "Quan sát tại quầy"
	case MethodBadge:
		return "Kiểm tra thẻ, trang phục"
	case MethodRecords:
		return "Đọc hồ sơ, sổ sách"
	case MethodAsk:
		return "Hỏi người dân đang chờ"
	}
	return string(m)
}

// Line is one line of an inspection's checklist: a standard item of the
// catalog in force, how it is checked and on how many cases, and what was
// found.
type Line struct {
	ID           int64      `json:"id"`
	InspectionID int64      `json:"inspection_id"`
	Position     int        `json:"position"`
	ItemCode     string     `json:"item_code"`
	ItemTitle    string     `json:"item_title"`
	GroupCode    string     `json:"group_code"`
	Method       Method     `json:"method"`
	Sample       int        `json:"sample"`
	Result       LineResult `json:"result"`
	Note         string     `json:"note"`
	OfficialID   int64      `json:"official_id,omitempty"`
	OfficialName string     `json:"official_name,omitempty"`
	RecordedAt   *time.Time `json:"recorded_at,omitempty"`
	ClientKey    string     `json:"client_key,omitempty"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// LineSpec is one line of a checklist to generate or of a template.
type LineSpec struct {
	ItemCode string `json:"item_code"`
	Method   Method `json:"method"`
	Sample   int    `json:"sample"`
}

// ChecklistInput chooses the lines of a checklist from the catalog in force
// for the target unit (national items and the local items of the unit and
// its ancestors): whole groups, single items, or a saved template; Method
// and Sample default per item (DefaultMethod, DefaultSample).
type ChecklistInput struct {
	Groups     []string   `json:"groups"`
	Items      []LineSpec `json:"items"`
	TemplateID int64      `json:"template_id,omitempty"`
}

// LineInput records one line of the checklist (LineID), or a finding on an
// item outside it (ItemCode, with a ClientKey). ClientKey makes it
// idempotent: a phone that syncs the same key twice updates one line, never
// adds a second; of two records of a line the one recorded last is kept.
type LineInput struct {
	LineID     int64      `json:"line_id,omitempty"`
	ItemCode   string     `json:"item_code,omitempty"`
	Result     LineResult `json:"result"`
	Note       string     `json:"note"`
	OfficialID int64      `json:"official_id,omitempty"`
	ClientKey  string     `json:"client_key,omitempty"`
	RecordedAt *time.Time `json:"recorded_at,omitempty"` // when the phone recorded it; now when empty
}

// Photo is a picture taken for a line, stored like petition attachments
// (metadata stripped by package attach).
type Photo struct {
	ID     int64 `json:"id"`
	LineID int64 `json:"line_id"`
	// InspectionID is the line's inspection (filled by OpenPhoto and
	// ListPhotos).
	InspectionID int64     `json:"inspection_id,omitempty"`
	BlobKey      string    `json:"-"`
	ContentType  string    `json:"content_type"`
	Size         int64     `json:"size"`
	CreatedAt    time.Time `json:"created_at"`
}

// Template is a checklist saved by a unit to reuse.
type Template struct {
	ID        int64      `json:"id"`
	UnitID    int64      `json:"unit_id"`
	Name      string     `json:"name"`
	Lines     []LineSpec `json:"lines"`
	CreatedAt time.Time  `json:"created_at"`
}

// TemplateInput saves a template.
type TemplateInput struct {
	UnitID int64      `json:"unit_id"`
	Name   string     `json:"name"`
	Lines  []LineSpec `json:"lines"`
}

// Suggestion is a unit Công vụ suggests to inspect, with a score to rank
// by and the reasons, in Vietnamese.
type Suggestion struct {
	UnitID          int64    `json:"unit_id"`
	UnitName        string   `json:"unit_name"`
	Score           float64  `json:"score"`
	Reasons         []string `json:"reasons"`
	Ratings         int      `json:"ratings"`
	Index           float64  `json:"index"` // satisfaction index, percent
	FoundedPetition int      `json:"founded_petitions"`
	// OverdueActions counts the unit's corrective actions past their
	// deadline and not verified.
	OverdueActions int `json:"overdue_actions"`
	// LastInspected is the last visit, nil when never inspected.
	LastInspected *time.Time `json:"last_inspected,omitempty"`
}

// SuggestFilter bounds the suggestions.
type SuggestFilter struct {
	UnitID int64 // the unit whose subtree to look in (the owner)
	Kind   Kind
	Limit  int
}
