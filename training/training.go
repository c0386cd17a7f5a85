// Package training is training on the code of conduct (bồi dưỡng, quán
// triệt; seeds 002 and 003: "biên soạn tài liệu bồi dưỡng… tổ chức bồi
// dưỡng", "quán triệt… đến toàn thể cán bộ, công chức, viên chức").
//
// Materials are built from a catalog version: each standard item with its
// meaning, examples of good and bad conduct at a counter and its legal
// source, plus uploaded documents. A campaign trains the officials of a
// unit's subtree (everyone, new staff, or officials a head names from the
// evidence, never automatically) within a period; it has sessions in person
// (attendance by scanning the session's rotating QR code while signed in,
// or marked by the organiser) or self-paced online, and a quiz on the
// standards. Each official of the audience holds an assignment, complete
// once they attended (or read the materials online) and, when the campaign
// asks for it, passed the quiz. Coverage is counted from rollups kept in
// the same transaction as each step, for a unit, its subtree and the whole
// country. The yearly obligation of hours is dated rule data (rules.go).
package training

import (
	"slices"
	"time"
)

// Audience is whom a campaign trains within its unit's subtree.
type Audience string

// The audiences.
const (
	AudienceAll   Audience = "all"   // every active official of the subtree
	AudienceNew   Audience = "new"   // officials whose record began on or after NewSince
	AudienceNamed Audience = "named" // officials a head names (remedial training)
)

// Audiences lists the audiences in the order of the form.
var Audiences = []Audience{AudienceAll, AudienceNew, AudienceNamed}

// Label is the Vietnamese name.
func (a Audience) Label() string {
	switch a {
	case AudienceAll:
		return "Toàn thể cán bộ, công chức, viên chức"
	case AudienceNew:
		return "Cán bộ mới tuyển dụng, tiếp nhận"
	case AudienceNamed:
		return "Cán bộ được chỉ định (bồi dưỡng bổ sung)"
	}
	return string(a)
}

// Valid reports whether a is known.
func (a Audience) Valid() bool { return slices.Contains(Audiences, a) }

// CampaignStatus is where a campaign stands.
type CampaignStatus string

// The statuses: a draft is edited and has no assignments; opening it
// assigns its audience; closing it freezes its coverage.
const (
	CampaignDraft  CampaignStatus = "draft"
	CampaignOpen   CampaignStatus = "open"
	CampaignClosed CampaignStatus = "closed"
)

// Label is the Vietnamese name.
func (s CampaignStatus) Label() string {
	switch s {
	case CampaignDraft:
		return "Dự thảo"
	case CampaignOpen:
		return "Đang triển khai"
	case CampaignClosed:
		return "Đã kết thúc"
	}
	return string(s)
}

// Campaign is a training campaign (đợt bồi dưỡng, quán triệt) for a unit's
// subtree.
type Campaign struct {
	ID       int64          `json:"id"`
	UnitID   int64          `json:"unit_id"` // the organising unit; the audience is within its subtree
	UnitName string         `json:"unit_name"`
	UnitPath string         `json:"-"`
	Title    string         `json:"title"`
	Purpose  string         `json:"purpose"`
	Audience Audience       `json:"audience"`
	NewSince *time.Time     `json:"new_since,omitempty"` // AudienceNew: records begun on or after this day
	Reason   string         `json:"reason,omitempty"`    // AudienceNamed: why these officials (the evidence, in words)
	StartsOn time.Time      `json:"starts_on"`           // a Vietnam day
	EndsOn   time.Time      `json:"ends_on"`             // the last day; overdue after it while assignments are incomplete
	Status   CampaignStatus `json:"status"`
	// CatalogVersionID is the catalog version the materials are built from.
	CatalogVersionID int64 `json:"catalog_version_id"`
	// Hours is what completing the campaign counts toward the yearly
	// obligation of hours.
	Hours float64 `json:"hours"`
	// Quiz: when QuizQuestions > 0 the official must pass the quiz.
	QuizQuestions int `json:"quiz_questions"` // questions drawn per attempt, 0 for no quiz
	PassMark      int `json:"pass_mark"`      // percent of correct answers to pass
	MaxAttempts   int `json:"max_attempts"`
	// Figures of the campaign, from its rollup.
	Assigned  int       `json:"assigned"`
	Completed int       `json:"completed"`
	Passed    int       `json:"passed"`
	CreatedBy int64     `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Named are the officials a draft of AudienceNamed names, by name,
	// for who manages it (FindCampaign); once opened, its assignments are
	// the audience.
	Named []NamedOfficial `json:"named,omitempty"`
}

// NamedOfficial is an official a draft names.
type NamedOfficial struct {
	OfficialID   int64  `json:"official_id"`
	OfficialName string `json:"official_name"`
	UnitID       int64  `json:"unit_id"`
	UnitName     string `json:"unit_name"`
}

// Overdue reports whether the campaign's period ended on a day before
// today (a Vietnam day) with officials not complete.
func (c *Campaign) Overdue(today time.Time) bool {
	return c.Status != CampaignDraft && today.After(c.EndsOn) && c.Completed < c.Assigned
}

// Rate is the share of complete assignments in percent, -1 without any.
func Rate(done, of int) float64 {
	if of == 0 {
		return -1
	}
	return 100 * float64(done) / float64(of)
}

// CampaignInput creates a campaign or edits a draft.
type CampaignInput struct {
	UnitID           int64
	Title            string
	Purpose          string
	Audience         Audience
	NewSince         *time.Time
	Reason           string
	OfficialIDs      []int64 // AudienceNamed
	StartsOn         time.Time
	EndsOn           time.Time
	CatalogVersionID int64 // 0: the catalog version in force on StartsOn
	Hours            float64
	QuizQuestions    int
	PassMark         int
	MaxAttempts      int
	MaterialIDs      []int64 // uploaded documents added to the catalog's materials
}

// SessionMode is how a session is held.
type SessionMode string

// The modes.
const (
	ModeInPerson SessionMode = "in_person" // a class: attendance by QR code or marked by the organiser
	ModeOnline   SessionMode = "online"    // self-paced: the official reads the materials
)

// Label is the Vietnamese name.
func (m SessionMode) Label() string {
	switch m {
	case ModeInPerson:
		return "Trực tiếp"
	case ModeOnline:
		return "Trực tuyến, tự học"
	}
	return string(m)
}

// Session is a class (lớp bồi dưỡng) of a campaign, or its self-paced
// online form.
type Session struct {
	ID         int64       `json:"id"`
	CampaignID int64       `json:"campaign_id"`
	Title      string      `json:"title"`
	Mode       SessionMode `json:"mode"`
	Place      string      `json:"place,omitempty"`
	Lecturer   string      `json:"lecturer,omitempty"`
	StartsAt   time.Time   `json:"starts_at"`
	EndsAt     time.Time   `json:"ends_at"`
	// Secret derives the session's rotating QR codes (see QRCode); never
	// shown nor sent in JSON.
	Secret    []byte    `json:"-"`
	Attended  int       `json:"attended"`
	CreatedAt time.Time `json:"created_at"`
}

// SessionInput creates a session.
type SessionInput struct {
	CampaignID int64
	Title      string
	Mode       SessionMode
	Place      string
	Lecturer   string
	StartsAt   time.Time
	EndsAt     time.Time
}

// AttendanceMethod is how an attendance was taken.
type AttendanceMethod string

// The methods.
const (
	AttendQR     AttendanceMethod = "qr"     // the official scanned the session's code while signed in
	AttendMarked AttendanceMethod = "marked" // the organiser marked them present
	AttendOnline AttendanceMethod = "online" // the official read the materials online
)

// Attendance is an official's presence at a session.
type Attendance struct {
	SessionID    int64            `json:"session_id"`
	OfficialID   int64            `json:"official_id"`
	OfficialName string           `json:"official_name"`
	UnitName     string           `json:"unit_name"`
	Method       AttendanceMethod `json:"method"`
	At           time.Time        `json:"at"`
	MarkedBy     int64            `json:"-"`
}

// Assignment is an official's training in a campaign.
type Assignment struct {
	CampaignID    int64      `json:"campaign_id"`
	CampaignTitle string     `json:"campaign_title"`
	OfficialID    int64      `json:"official_id"`
	OfficialName  string     `json:"official_name"`
	UnitID        int64      `json:"unit_id"`
	UnitName      string     `json:"unit_name"`
	EndsOn        time.Time  `json:"ends_on"`
	AttendedAt    *time.Time `json:"attended_at,omitempty"` // first attendance (in person or online)
	PassedAt      *time.Time `json:"passed_at,omitempty"`   // quiz passed
	Attempts      int        `json:"attempts"`
	BestScore     int        `json:"best_score"` // percent, -1 before any attempt
	CompletedAt   *time.Time `json:"completed_at,omitempty"`
	Hours         float64    `json:"hours"` // counted once complete
}

// Complete is the rule of completion: attended and, when the campaign has
// a quiz, passed it.
func Complete(c *Campaign, a *Assignment) bool {
	return a.AttendedAt != nil && (c.QuizQuestions == 0 || a.PassedAt != nil)
}

// MaterialKind is what a material is.
type MaterialKind string

// The kinds.
const (
	MaterialItem     MaterialKind = "item"     // a standard item of the catalog with its meaning and examples
	MaterialDocument MaterialKind = "document" // an uploaded document (PDF, DOCX…)
)

// Material is a training material. Items are built from a catalog
// version (one per standard item, versioned with it); documents are
// uploaded by a unit for its subtree.
type Material struct {
	ID               int64        `json:"id"`
	Kind             MaterialKind `json:"kind"`
	CatalogVersionID int64        `json:"catalog_version_id,omitempty"`
	ItemCode         string       `json:"item_code,omitempty"`
	Title            string       `json:"title"`
	Meaning          string       `json:"meaning"`       // what the item means, in plain words
	GoodExamples     []string     `json:"good_examples"` // conduct at a counter that keeps it
	BadExamples      []string     `json:"bad_examples"`  // conduct that breaches it
	LegalSource      string       `json:"legal_source"`
	UnitID           int64        `json:"unit_id,omitempty"` // documents: the uploading unit
	UnitPath         string       `json:"-"`
	FileName         string       `json:"file_name,omitempty"`
	ContentType      string       `json:"content_type,omitempty"`
	Size             int64        `json:"size,omitempty"`
	BlobKey          string       `json:"-"`
	Position         int          `json:"position"`
	UpdatedAt        time.Time    `json:"updated_at"`
}

// MaterialInput edits an item's material (meaning and examples) or
// describes an uploaded document.
type MaterialInput struct {
	Title        string
	Meaning      string
	GoodExamples []string
	BadExamples  []string
	LegalSource  string
	UnitID       int64  // documents
	FileName     string // documents
}

// Question is a question of the bank, on one standard item.
type Question struct {
	ID       int64    `json:"id"`
	ItemCode string   `json:"item_code"`
	Text     string   `json:"text"`
	Choices  []string `json:"choices"`
	Answer   int      `json:"-"` // index of the right choice; never sent to the one answering
	// Explanation is shown after the attempt is submitted.
	Explanation string    `json:"explanation,omitempty"`
	Active      bool      `json:"active"`
	CreatedAt   time.Time `json:"created_at"`
}

// QuestionInput creates or edits a question.
type QuestionInput struct {
	ItemCode    string
	Text        string
	Choices     []string
	Answer      int
	Explanation string
	Active      bool
}

// Attempt is an official's attempt at a campaign's quiz: the questions
// drawn for it, in order, and once submitted the answers and the score.
type Attempt struct {
	ID          int64      `json:"id"`
	CampaignID  int64      `json:"campaign_id"`
	OfficialID  int64      `json:"official_id"`
	Number      int        `json:"number"` // 1, 2… up to the campaign's MaxAttempts
	Questions   []Question `json:"questions"`
	Answers     []int      `json:"answers,omitempty"` // per question, -1 unanswered
	Correct     []bool     `json:"correct,omitempty"` // after submission
	Score       int        `json:"score"`             // percent, after submission
	Passed      bool       `json:"passed"`
	StartedAt   time.Time  `json:"started_at"`
	SubmittedAt *time.Time `json:"submitted_at,omitempty"`
	// PassMark is the campaign's pass mark (percent), for the page.
	PassMark int `json:"pass_mark"`
	// Key is the right choice of each question, only once submitted and
	// when KeyShown allows it.
	Key []int `json:"key,omitempty"`
	// KeyHidden: submitted, but the right answers and explanations are
	// withheld while the official may still retry (KeyShown).
	KeyHidden bool `json:"key_hidden,omitempty"`
}

// ItemResult is how well an item's questions were answered in a subtree:
// the standards people misunderstand.
type ItemResult struct {
	ItemCode  string  `json:"item_code"`
	ItemTitle string  `json:"item_title"`
	Answered  int     `json:"answered"`
	Correct   int     `json:"correct"`
	Rate      float64 `json:"rate"` // percent correct, -1 when none answered
}

// Certificate is the proof an official completed a campaign, printed as a
// PDF with a number anyone can check at /training/certificates/{number}.
type Certificate struct {
	Number        string    `json:"number"` // unguessable, e.g. "BD-2026-7F3K-9QX2"
	CampaignID    int64     `json:"campaign_id"`
	CampaignTitle string    `json:"campaign_title"`
	UnitName      string    `json:"unit_name"` // the organising unit
	OfficialID    int64     `json:"official_id"`
	OfficialName  string    `json:"official_name"`
	Hours         float64   `json:"hours"`
	Score         int       `json:"score"` // best quiz score, -1 without a quiz
	IssuedAt      time.Time `json:"issued_at"`
	// For the printed certificate: the organising unit (its heading), the
	// campaign's period, the official's unit. Not in the public check.
	UnitID       int64     `json:"unit_id,omitempty"`
	StartsOn     time.Time `json:"starts_on"`
	EndsOn       time.Time `json:"ends_on"`
	OfficialUnit string    `json:"official_unit,omitempty"`
}

// Coverage is the training of a unit's subtree in a year or a campaign:
// the officials who must train, those complete, those who passed the
// quiz.
type Coverage struct {
	UnitID    int64   `json:"unit_id"`
	UnitName  string  `json:"unit_name"`
	Assigned  int     `json:"assigned"`
	Completed int     `json:"completed"`
	Passed    int     `json:"passed"`
	Rate      float64 `json:"rate"` // Rate(Completed, Assigned)
	Overdue   int     `json:"overdue"`
}

// CoverageFilter narrows coverage: a unit (the actor's widest scope when
// 0) and its children, in a year or one campaign.
type CoverageFilter struct {
	UnitID     int64
	Year       int
	CampaignID int64
}

// OfficialYear is an official's training in a year, for the evaluation
// and emulation: assignments required, complete, quizzes passed, hours
// counted, and the yearly minimum of the rule in force.
type OfficialYear struct {
	OfficialID int64        `json:"official_id"`
	Year       int          `json:"year"`
	Required   int          `json:"required"`
	Completed  int          `json:"completed"`
	Passed     int          `json:"passed"`
	Hours      float64      `json:"hours"`
	MinHours   float64      `json:"min_hours"` // 0 when no rule applies
	Lines      []Assignment `json:"lines,omitempty"`
}

// Suggestion is an official a head may name for remedial training, with
// the evidence in words. Never acted on automatically.
type Suggestion struct {
	OfficialID   int64    `json:"official_id"`
	OfficialName string   `json:"official_name"`
	UnitID       int64    `json:"unit_id"`
	UnitName     string   `json:"unit_name"`
	Reasons      []string `json:"reasons"` // e.g. "2 phản ánh có cơ sở trong 12 tháng"
}

// Filter narrows lists of campaigns, assignments and attendances.
type Filter struct {
	UnitID     int64
	CampaignID int64
	Year       int
	Status     CampaignStatus
	// Behind lists only assignments not complete (who has not trained).
	Behind bool
	Offset int
	Limit  int
}

// Year is the year a campaign's training counts in: the year of its last
// day.
func (c *Campaign) Year() int { return c.EndsOn.Year() }
