// Package incident is the office incident log (sổ theo dõi sự việc tại
// cơ quan): staff record people who disturb the office and the abuse they
// suffer themselves (seed 004: coordinate with the guards or the commune
// police and report to the competent level), the unit head reviews, and a
// serious incident goes up to the parent unit with a notice. Personal data
// is kept to what the purpose needs (Law 91/2025/QH15): the people involved
// are described, not identified; no citizen's name, number or address is
// asked for.
package incident

import (
	"congvu"
	"context"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"congvu/vntext"
)

// Kind is what happened.
type Kind string

// The kinds.
const (
	KindDisturbance Kind = "disturbance" // gây rối trật tự tại trụ sở
	KindStaffAbuse  Kind = "staff_abuse" // cán bộ bị xúc phạm, đe dọa, hành hung
	KindDamage      Kind = "damage"      // làm hư hỏng tài sản
	KindOther       Kind = "other"
)

// Kinds lists the kinds in the order of the form.
var Kinds = []Kind{KindDisturbance, KindStaffAbuse, KindDamage, KindOther}

// Label is the Vietnamese name.
func (k Kind) Label() string {
	switch k {
	case KindDisturbance:
		return "Gây rối trật tự tại trụ sở"
	case KindStaffAbuse:
		return "Cán bộ bị xúc phạm, đe dọa, hành hung"
	case KindDamage:
		return "Làm hư hỏng tài sản"
	case KindOther:
		return "Sự việc khác"
	}
	return string(k)
}

// Valid reports whether k is known.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Severity is how grave an incident is.
type Severity string

// The severities: a serious one (harm to a person, a weapon, the office
// stopped) goes up to the parent unit.
const (
	SeverityMinor    Severity = "minor"
	SeverityModerate Severity = "moderate"
	SeveritySerious  Severity = "serious"
)

// Severities lists the severities, mildest first.
var Severities = []Severity{SeverityMinor, SeverityModerate, SeveritySerious}

// Label is the Vietnamese name.
func (s Severity) Label() string {
	switch s {
	case SeverityMinor:
		return "Nhẹ"
	case SeverityModerate:
		return "Đáng kể"
	case SeveritySerious:
		return "Nghiêm trọng"
	}
	return string(s)
}

// Valid reports whether s is known.
func (s Severity) Valid() bool { return slices.Contains(Severities, s) }

// Status is where an incident stands.
type Status string

// The statuses.
const (
	StatusRecorded  Status = "recorded"  // recorded, awaiting the unit head
	StatusReviewed  Status = "reviewed"  // the unit head has reviewed it
	StatusEscalated Status = "escalated" // reported to the parent unit
)

// Statuses lists the statuses.
var Statuses = []Status{StatusRecorded, StatusReviewed, StatusEscalated}

// Label is the Vietnamese name.
func (s Status) Label() string {
	switch s {
	case StatusRecorded:
		return "Chờ thủ trưởng xem xét"
	case StatusReviewed:
		return "Thủ trưởng đã xem xét"
	case StatusEscalated:
		return "Đã báo cáo cấp trên"
	}
	return string(s)
}

// Valid reports whether s is known.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Incident is one entry of the log.
type Incident struct {
	ID           int64      `json:"id"`
	UnitID       int64      `json:"unit_id"`
	UnitName     string     `json:"unit_name"`
	UnitPath     string     `json:"-"`
	OccurredAt   time.Time  `json:"occurred_at"`
	Place        string     `json:"place"` // e.g. "Bộ phận một cửa, tầng 1"
	Kind         Kind       `json:"kind"`
	Severity     Severity   `json:"severity"`
	Summary      string     `json:"summary"` // what happened
	People       string     `json:"people"`  // the people involved, described, not identified
	Harm         string     `json:"harm"`
	PoliceCalled bool       `json:"police_called"`
	Outcome      string     `json:"outcome"`
	Status       Status     `json:"status"`
	ReviewNote   string     `json:"review_note,omitempty"`
	ReviewedAt   *time.Time `json:"reviewed_at,omitempty"`
	// EscalatedTo is the parent unit a serious incident was reported to.
	EscalatedToID   int64      `json:"escalated_to_id,omitempty"`
	EscalatedToName string     `json:"escalated_to_name,omitempty"`
	EscalatedAt     *time.Time `json:"escalated_at,omitempty"`
	RecordedBy      int64      `json:"-"`
	RecorderName    string     `json:"recorder_name"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
}

// Input records an incident.
type Input struct {
	UnitID       int64
	OccurredAt   time.Time
	Place        string
	Kind         Kind
	Severity     Severity
	Summary      string
	People       string
	Harm         string
	PoliceCalled bool
	Outcome      string
}

// ReviewInput is the unit head's review: the severity as they judge it
// and a note.
type ReviewInput struct {
	Severity Severity
	Note     string
}

// Filter narrows a list.
type Filter struct {
	UnitID   int64
	Kind     Kind
	Severity Severity
	Status   Status
	From     time.Time // occurred on or after (a Vietnam day)
	Until    time.Time // occurred before
	Offset   int
	Limit    int
}

// Count is the number of incidents of a unit (and its subtree) in a
// period, for the dashboard.
type Count struct {
	UnitID   int64  `json:"unit_id"`
	UnitName string `json:"unit_name"`
	Total    int    `json:"total"`
	Serious  int    `json:"serious"`
	Abuse    int    `json:"staff_abuse"`
}

// Service keeps the log. ActIncidentRecord to record at a unit,
// ActIncidentView to read a subtree's incidents (the recorder reads their
// own), ActIncidentReview to review and escalate. Writes audited.
type Service interface {
	Record(ctx context.Context, in Input) (*Incident, error)
	FindIncident(ctx context.Context, id int64) (*Incident, error)
	FindIncidents(ctx context.Context, f Filter) ([]*Incident, int, error)
	// Counts are the incidents of f's period per child unit of f.UnitID
	// (the actor's widest scope when 0), in the actor's view.
	Counts(ctx context.Context, f Filter) ([]Count, error)
	Review(ctx context.Context, id int64, in ReviewInput) (*Incident, error)
	// Escalate reports a serious incident to the parent unit, whose heads
	// get a notice through the outbox, once.
	Escalate(ctx context.Context, id int64, note string) (*Incident, error)
	// AddPhoto stores a photo (JPEG or PNG) of an incident, stripped of its
	// metadata; the recorder or a reviewer adds it.
	AddPhoto(ctx context.Context, id int64, r io.Reader) (*Photo, error)
	ListPhotos(ctx context.Context, id int64) ([]*Photo, error)
	// OpenPhoto returns a photo's content to those who read the incident.
	OpenPhoto(ctx context.Context, photoID int64) (*Photo, io.ReadCloser, error)
}

// Photo is a photo of an incident, cleaned of its metadata.
type Photo struct {
	ID          int64     `json:"id"`
	IncidentID  int64     `json:"incident_id"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	BlobKey     string    `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
}

// MaxPhotos is how many photos an incident holds.
const MaxPhotos = 10

// Limits of the free text, in characters.
const (
	MaxPlace   = 200
	MaxSummary = 4000
	MaxText    = 1000
	// MaxAge is how far back an incident may be recorded.
	MaxAge = 366 * 24 * time.Hour
)

func cleanText(v congvu.Validation, field string, s *string, max int, label string) {
	*s = vntext.CleanParagraphs(*s)
	if utf8.RuneCountInString(*s) > max {
		v.Add(field, label+" quá dài (tối đa "+vntext.Number(max)+" ký tự).")
	}
}

// Validate checks an input with Vietnamese messages per field and cleans
// its text; now is the current instant.
func (in *Input) Validate(now time.Time) error {
	v := congvu.Validation{}
	if in.UnitID <= 0 {
		v.Add("unit_id", "Xin chọn đơn vị nơi xảy ra sự việc.")
	}
	switch {
	case in.OccurredAt.IsZero():
		v.Add("occurred_at", "Xin nhập thời điểm xảy ra sự việc.")
	case in.OccurredAt.After(now.Add(5 * time.Minute)):
		v.Add("occurred_at", "Thời điểm xảy ra không được ở tương lai.")
	case in.OccurredAt.Before(now.Add(-MaxAge)):
		v.Add("occurred_at", "Chỉ ghi sự việc xảy ra trong vòng một năm.")
	}
	in.Place = vntext.Clean(in.Place)
	if in.Place == "" {
		v.Add("place", "Xin nhập nơi xảy ra (ví dụ: bộ phận một cửa, tầng 1).")
	} else if utf8.RuneCountInString(in.Place) > MaxPlace {
		v.Add("place", "Nơi xảy ra quá dài (tối đa "+vntext.Number(MaxPlace)+" ký tự).")
	}
	if !in.Kind.Valid() {
		v.Add("kind", "Xin chọn loại sự việc.")
	}
	if !in.Severity.Valid() {
		v.Add("severity", "Xin chọn mức độ.")
	}
	cleanText(v, "summary", &in.Summary, MaxSummary, "Diễn biến")
	if in.Summary == "" && v["summary"] == "" {
		v.Add("summary", "Xin mô tả diễn biến sự việc.")
	}
	cleanText(v, "people", &in.People, MaxText, "Mô tả người liên quan")
	cleanText(v, "harm", &in.Harm, MaxText, "Thiệt hại")
	cleanText(v, "outcome", &in.Outcome, MaxText, "Kết quả xử lý")
	return v.Err()
}

// Validate checks a review and cleans its note.
func (in *ReviewInput) Validate() error {
	v := congvu.Validation{}
	if !in.Severity.Valid() {
		v.Add("severity", "Xin chọn mức độ.")
	}
	cleanText(v, "note", &in.Note, MaxText, "Ý kiến")
	return v.Err()
}

// CanRecord reports whether a may record an incident at the unit at path
// (the operator too: imports and the demo).
func CanRecord(a *congvu.Actor, path string) bool {
	return a.IsSystem() || a.Can(congvu.ActIncidentRecord, path)
}

// CanView reports whether a reads inc: staff of the unit's subtree with
// ActIncidentView (the parent's heads see it as of their grant), or the
// recorder.
func CanView(a *congvu.Actor, inc *Incident) bool {
	if a.IsAnonymous() {
		return false
	}
	return a.Can(congvu.ActIncidentView, inc.UnitPath) || (a.UserID > 0 && a.UserID == inc.RecordedBy)
}

// CanReview reports whether a reviews inc: a head of its unit or above.
func CanReview(a *congvu.Actor, inc *Incident) bool {
	return a.Can(congvu.ActIncidentReview, inc.UnitPath)
}

// CanAddPhoto reports whether a adds a photo to inc: the recorder, a
// reviewer, or the operator.
func CanAddPhoto(a *congvu.Actor, inc *Incident) bool {
	return a.IsSystem() || (a != nil && a.UserID > 0 && a.UserID == inc.RecordedBy) || CanReview(a, inc)
}

// EscalateError is why inc may not be escalated now, nil when it may.
func EscalateError(inc *Incident) error {
	switch {
	case inc.Status == StatusEscalated:
		return congvu.Errorf(congvu.ECONFLICT, "Sự việc đã được báo cáo cấp trên.")
	case inc.Severity != SeveritySerious:
		return congvu.Errorf(congvu.ECONFLICT, "Chỉ báo cáo cấp trên sự việc nghiêm trọng.")
	case strings.Count(inc.UnitPath, "/") <= 3: // a province reports to no one here
		return congvu.Errorf(congvu.ECONFLICT, "Đơn vị không có cấp trên để báo cáo.")
	}
	return nil
}
