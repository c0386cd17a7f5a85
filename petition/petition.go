// Package petition is the capability of citizens' reports of misconduct
// (phản ánh, kiến nghị): their types, the Service, the step state machine,
// deadlines, tracking codes, who sees and who handles a petition, and the
// gate on replies. It holds rules, not SQL or HTTP.
package petition

import (
	"congvu"
	"congvu/org"
	"context"
	"fmt"
	"io"
	"time"
)

// Category is what a citizen reports (phản ánh, kiến nghị). Each
// maps to the standard items of Decision 1847 it breaches.
type Category string

// The categories, in the order the public form lists them.
const (
	Harassment Category = "harassment" // nhũng nhiễu
	Obstruct   Category = "obstruct"   // gây khó khăn, phiền hà
	Favours    Category = "favours"    // vòi vĩnh, tham nhũng vặt
	Delay      Category = "delay"      // chậm trễ, kéo dài thời gian
	Attitude   Category = "attitude"   // thái độ, giao tiếp
	Dress      Category = "dress"      // trang phục, thẻ công chức
	Alcohol    Category = "alcohol"    // uống rượu bia, hút thuốc trong giờ làm việc
	Other      Category = "other"      // khác
)

// Categories lists every category, in form order.
var Categories = []Category{Harassment, Obstruct, Favours,
	Delay, Attitude, Dress, Alcohol, Other}

// Label is the Vietnamese name of the category.
func (c Category) Label() string {
	switch c {
	case Harassment:
		return "Nhũng nhiễu"
	case Obstruct:
		return "Gây khó khăn, phiền hà"
	case Favours:
		return "Vòi vĩnh, tham nhũng vặt"
	case Delay:
		return "Chậm trễ, kéo dài thời gian"
	case Attitude:
		return "Thái độ, lời nói thiếu tôn trọng"
	case Dress:
		return "Trang phục, không đeo thẻ"
	case Alcohol:
		return "Uống rượu bia, hút thuốc trong giờ làm việc"
	case Other:
		return "Vấn đề khác"
	}
	return string(c)
}

// Hint is the one-line explanation the public form shows under the label.
func (c Category) Hint() string {
	switch c {
	case Harassment:
		return "Cố ý gây sức ép, hạch sách, đòi hỏi giấy tờ không có trong quy định."
	case Obstruct:
		return "Hướng dẫn không rõ, bắt đi lại nhiều lần, từ chối tiếp nhận không có lý do."
	case Favours:
		return "Gợi ý hoặc đòi tiền, quà, \"bồi dưỡng\" để làm nhanh hoặc làm được việc."
	case Delay:
		return "Để hồ sơ quá hẹn, hẹn lại nhiều lần, bỏ vị trí làm việc khi người dân chờ."
	case Attitude:
		return "Quát nạt, thờ ơ, không chào hỏi, không lắng nghe, nói năng thiếu lịch sự."
	case Dress:
		return "Ăn mặc không phù hợp, không đeo thẻ công chức hoặc phù hiệu."
	case Alcohol:
		return "Uống rượu, bia trong giờ làm việc, giờ nghỉ trưa; hút thuốc không đúng nơi quy định."
	case Other:
		return "Hành vi khác trái với quy tắc ứng xử của cán bộ, công chức, viên chức."
	}
	return ""
}

// Items are the codes of the standard items (catalog 1847-2019) that the
// category breaches; a founded conclusion starts from these.
func (c Category) Items() []string {
	switch c {
	case Harassment:
		return []string{"TT-NHN", "TT-TNV"}
	case Obstruct:
		return []string{"TT-KK", "GT-GD"}
	case Favours:
		return []string{"TT-VV", "TT-TNV"}
	case Delay:
		return []string{"TT-KD", "TT-KL"}
	case Attitude:
		return []string{"GT-LS", "GT-TD", "GT-NN", "GT-XC"}
	case Dress:
		return []string{"TP-GG", "TP-TH"}
	case Alcohol:
		return []string{"DD-RB", "DD-TL"}
	}
	return nil
}

// Valid reports whether c is a known category.
func (c Category) Valid() bool {
	for _, x := range Categories {
		if c == x {
			return true
		}
	}
	return false
}

// Reporter is who made a petition, when not anonymous. Only the handler
// may read it (each reading is logged with a reason); the subject never.
type Reporter struct {
	Name    string `json:"name"`
	Phone   string `json:"phone,omitempty"`
	Email   string `json:"email,omitempty"`
	Address string `json:"address,omitempty"`
}

// Channel is where a petition was made.
type Channel string

// The channels.
const (
	ViaWeb   Channel = "web"   // the public site
	ViaBadge Channel = "badge" // the QR code of an official's badge
	ViaUnit  Channel = "unit"  // the QR code or page of a unit
	ViaAPI   Channel = "api"   // an integration
)

// Petition is one citizen's report of misconduct (phản ánh, kiến nghị).
type Petition struct {
	ID           int64    `json:"id"`
	TrackingCode string   `json:"tracking_code"`
	Channel      Channel  `json:"channel"`
	Category     Category `json:"category"`
	// Kind is the legal kind (suggested at intake, confirmed at
	// acceptance); AcceptedAt when the acceptance decision was taken.
	Kind       Kind       `json:"kind"`
	AcceptedAt *time.Time `json:"accepted_at,omitempty"`
	// SuspendedAt and SuspendedFrom: a suspended petition's clock stopped
	// then, in that status; Extensions counts the settlement's extensions.
	SuspendedAt   *time.Time `json:"suspended_at,omitempty"`
	SuspendedFrom Status     `json:"suspended_from,omitempty"`
	Extensions    int        `json:"extensions"`
	// SubjectLeader: the subject official is a head or deputy.
	SubjectLeader bool `json:"subject_leader,omitempty"`
	// The subject: an official (OfficialID) of a unit, or only a unit.
	UnitID       int64  `json:"unit_id"`
	UnitName     string `json:"unit_name,omitempty"`
	OfficialID   int64  `json:"official_id,omitempty"`
	OfficialName string `json:"official_name,omitempty"`
	SubjectText  string `json:"subject_text,omitempty"` // who, in the reporter's words, when not found
	// What happened.
	Description string     `json:"description"`
	OccurredAt  *time.Time `json:"occurred_at,omitempty"` // a date
	Place       string     `json:"place,omitempty"`
	Anonymous   bool       `json:"anonymous"`
	HasContact  bool       `json:"has_contact"` // an email to notify exists (never shown)
	// Handling.
	Status Status `json:"status"`
	// UnitPath and HandlerPath are the materialized paths of the subject's
	// unit and of the handler unit: what the visibility policy (Viewer)
	// decides on.
	UnitPath    string `json:"-"`
	HandlerPath string `json:"-"`
	// CanHandle tells whether the actor who read the petition may act on
	// it (set by the service for that reader; see Viewer.CanHandle).
	CanHandle      bool       `json:"-"`
	HandlerUnitID  int64      `json:"handler_unit_id,omitempty"`
	HandlerName    string     `json:"handler_unit_name,omitempty"`
	RejectReason   string     `json:"reject_reason,omitempty"`
	Conclusion     Conclusion `json:"conclusion,omitempty"`
	ConclusionText string     `json:"conclusion_text,omitempty"`
	// ConclusionPublic: ConclusionText was written for the reporter to
	// read (StepInput.ConclusionPublic); earlier conclusions were internal.
	ConclusionPublic bool `json:"conclusion_public"`
	// ReporterSummary is what the reporter is told of a conclusion not
	// written for them (StepInput.ReporterSummary).
	ReporterSummary string        `json:"reporter_summary,omitempty"`
	BreachedItems   []string      `json:"breached_items,omitempty"` // standard item codes
	DueAt           *time.Time    `json:"due_at,omitempty"`         // of the current stage
	Overdue         bool          `json:"overdue"`
	EscalatedTo     int64         `json:"escalated_to,omitempty"` // supervising unit alerted
	SubmittedAt     time.Time     `json:"submitted_at"`
	UpdatedAt       time.Time     `json:"updated_at"`
	ClosedAt        *time.Time    `json:"closed_at,omitempty"`
	Attachments     []*Attachment `json:"attachments,omitempty"`
}

// DueSoonWithin is how close a deadline is marked "Sắp đến hạn".
const DueSoonWithin = 48 * time.Hour

// IsOverdue reports whether the current stage is past its deadline at now,
// or was marked overdue by the sweep; a closed or rejected petition never
// is. Lists, pages, the API and the reply checks all ask this.
func (p *Petition) IsOverdue(now time.Time) bool {
	return !p.Status.ClockStopped() && p.DueAt != nil && (p.Overdue || now.After(*p.DueAt))
}

// IsDueSoon reports whether the current stage is not overdue at now but its
// deadline is within DueSoonWithin.
func (p *Petition) IsDueSoon(now time.Time) bool {
	return !p.Status.ClockStopped() && p.DueAt != nil && !p.IsOverdue(now) && p.DueAt.Sub(now) <= DueSoonWithin
}

// Attachment is a file a reporter sent with a petition, cleaned (image
// metadata stripped) and stored in the blob store under Key.
type Attachment struct {
	ID          int64     `json:"id"`
	PetitionID  int64     `json:"petition_id"`
	FileName    string    `json:"file_name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	Key         string    `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
}

// Attachment limits.
const (
	MaxAttachments    = 5
	MaxAttachmentSize = 10 << 20 // bytes per file
	// An image's declared dimensions are bounded too: a few hundred
	// kilobytes of PNG can decode to 30000×30000 pixels (3.6 GB in the
	// browser of the staff who open it). 64 million pixels keeps the photos
	// of today's phones (50 megapixels); one side at most MaxImageSide.
	MaxImageSide   = 16384
	MaxImagePixels = 64_000_000
)

// ImageSizeProblem says, in Vietnamese, why an image of w×h pixels is
// refused, or "" when it is within MaxImageSide and MaxImagePixels.
func ImageSizeProblem(w, h int64) string {
	if w > 0 && h > 0 && w <= MaxImageSide && h <= MaxImageSide && w*h <= MaxImagePixels {
		return ""
	}
	return fmt.Sprintf("Ảnh có kích thước %d × %d điểm ảnh, vượt mức cho phép (mỗi chiều tối đa %d điểm ảnh, cả ảnh tối đa %d triệu điểm ảnh); xin thu nhỏ ảnh hoặc chụp lại với độ phân giải thấp hơn.",
		w, h, MaxImageSide, MaxImagePixels/1_000_000)
}

// AttachmentTypes are the content types accepted, detected from the bytes
// (never from the name or the browser's claim).
var AttachmentTypes = []string{"image/jpeg", "image/png", "application/pdf"}

// Input is a petition as submitted. The subject is given by exactly
// one of BadgeToken, UnitToken, OfficialID or UnitID (OfficialID wins over
// UnitID; with UnitID alone, SubjectText may name the person).
type Input struct {
	Channel     Channel
	BadgeToken  string
	UnitToken   string
	UnitID      int64
	OfficialID  int64
	SubjectText string
	Category    Category
	Description string
	OccurredAt  *time.Time
	Place       string
	Anonymous   bool
	Reporter    Reporter // required (name and a phone or email) unless Anonymous
	Consent     bool     // agreed to the personal-data notice; required unless Anonymous
	// Files are already cleaned and stored (see Service.StoreFile).
	Files []*Attachment
	// Anti-abuse signals, set by the web layer.
	Honeypot string
	FillTime time.Duration
	// FormKey is the one-time key of the filled form (the web form's
	// nonce): a form sent again (a reload of the receipt, the back
	// button) files nothing new. Submit then returns the receipt of the
	// petition the form filed first, Repeated and without its secret;
	// with other content (FormContent), nothing, ECONFLICT (ErrFormUsed).
	FormKey string
	// FormExpired: the form was rendered longer ago than a form stays
	// good (the web layer's stamp says so). Submit refuses it
	// (ErrFormExpired) unless it filed a petition already: a receipt
	// reloaded the next day is still a form sent again.
	FormExpired bool
}

// Receipt is what the reporter takes away: the tracking code and
// the secret, shown once (only a hash of the secret is stored).
type Receipt struct {
	TrackingCode string    `json:"tracking_code"`
	Secret       string    `json:"secret"`
	Petition     *Petition `json:"petition"`
	// Repeated: the form (Input.FormKey) had already filed this petition;
	// nothing was stored now, and Secret is empty: it is shown once, to
	// the first sending.
	Repeated bool `json:"-"`
}

// Message is one message between the reporter and the agency,
// visible to both. Agency replies carry the courtesy check's result.
type Message struct {
	ID         int64     `json:"id"`
	PetitionID int64     `json:"petition_id"`
	FromAgency bool      `json:"from_agency"`
	AuthorName string    `json:"author_name,omitempty"` // agency side: the unit's name
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}

// Note is an internal note of the handlers; the reporter never sees
// it.
type Note struct {
	ID         int64     `json:"id"`
	PetitionID int64     `json:"petition_id"`
	AuthorName string    `json:"author_name"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}

// Event is one entry of a petition's history: a step, a reminder,
// an overdue flag or an escalation. Public events are shown to the reporter.
type Event struct {
	ID         int64     `json:"id"`
	PetitionID int64     `json:"petition_id"`
	Kind       string    `json:"kind"` // a step, "submit", "remind", "overdue", "escalate", "reveal"
	Status     Status    `json:"status"`
	UnitID     int64     `json:"unit_id,omitempty"` // the handler unit after the event
	UnitName   string    `json:"unit_name,omitempty"`
	ActorName  string    `json:"actor_name,omitempty"` // staff only
	Note       string    `json:"note,omitempty"`
	Public     bool      `json:"public"`
	At         time.Time `json:"at"`
}

// IdentityView records one reading of a reporter's identity.
type IdentityView struct {
	ID         int64     `json:"id"`
	PetitionID int64     `json:"petition_id"`
	UserID     int64     `json:"user_id"`
	UserName   string    `json:"user_name"`
	Reason     string    `json:"reason"`
	At         time.Time `json:"at"`
}

// StepInput is a workflow step taken by a handler.
type StepInput struct {
	Step       Step
	UnitID     int64  // assign, transfer: the competent unit (assign: 0 = the default)
	Reason     string // reject, transfer: required
	Note       string // optional note kept in the history
	Conclusion Conclusion
	Text       string   // conclude: the finding, required
	Items      []string // conclude: breached standard item codes, required when founded or partly
	// ConclusionPublic (conclude): Text was written to be read by the
	// reporter (the form said so); only then is it shown to them (see
	// Petition.ReporterConclusionText).
	ConclusionPublic bool
	// ReporterSummary (conclude): what the reporter reads instead of Text
	// when Text is not for them; one of the two is required (ValidateStep).
	ReporterSummary string
	// Kind (accept): the kind confirmed ("" keeps the suggested one); a
	// change needs KindReason.
	Kind       Kind
	KindReason string
	// VeryComplex (extend): the decision finds the case very complex.
	VeryComplex bool
	// ReferTo (refer): the police or the procuracy.
	ReferTo Authority
}

// Filter selects petitions for staff.
type Filter struct {
	Query      string // tracking code or words of the text, diacritics ignored
	Status     Status
	Category   Category
	UnitID     int64 // subtree: petitions about, or handled in, this unit and below
	OfficialID int64
	Overdue    bool
	Escalated  bool
	From, To   time.Time // submitted
	Sort       string    // "" newest first, "due" earliest deadline first
	Offset     int
	Limit      int

	// Open keeps petitions still being handled (neither closed nor
	// rejected); DueSoon those not overdue whose current stage is due within
	// DueSoonWithin; Handling those the actor may act on (the handler unit
	// in their ActPetitionHandle scope): the work of a staff home page.
	Open     bool
	DueSoon  bool
	Handling bool
}

// CountBound is where FindPetitions stops counting: past MaxCount, or past
// the page f asks for when it lies further, so that a total above
// f.Offset+len(page) always means a next page holds petitions.
func CountBound(f Filter) int {
	return max(MaxCount, max(f.Offset, 0)+congvu.ClampLimit(f.Limit)) + 1
}

// Public is what the reporter sees with the tracking code and
// secret: no handler names, no internal notes, no identity.
type Public struct {
	TrackingCode string     `json:"tracking_code"`
	Category     Category   `json:"category"`
	Kind         Kind       `json:"kind"`
	UnitName     string     `json:"unit_name"`
	Status       Status     `json:"status"`
	Conclusion   Conclusion `json:"conclusion,omitempty"`
	RejectReason string     `json:"reject_reason,omitempty"`
	DueAt        *time.Time `json:"due_at,omitempty"`
	SubmittedAt  time.Time  `json:"submitted_at"`
	Anonymous    bool       `json:"anonymous"`
	Events       []*Event   `json:"events"`   // public events only
	Messages     []*Message `json:"messages"` // both directions
	// ConclusionText is the finding, in the handler's words.
	ConclusionText string     `json:"conclusion_text,omitempty"`
	ClosedAt       *time.Time `json:"closed_at,omitempty"`
	// MayWrite: the reporter may send a message now (ReporterMayWrite);
	// after closure, until WriteUntil.
	MayWrite   bool       `json:"may_write"`
	WriteUntil *time.Time `json:"write_until,omitempty"`
	// MayReopen: a message asking for it (disagreeing with the result or
	// adding information) reopens the closed petition (MayReopen): once.
	MayReopen bool `json:"may_reopen"`
	// MayWithdraw: the reporter may withdraw it now (not yet final).
	MayWithdraw bool `json:"may_withdraw"`
}

// Tracking limits: failed lookups per IP, and per tracking code from one
// IP, before lookups are refused for the window.
const (
	MaxTrackFailuresPerIP   = 10
	MaxTrackFailuresPerCode = 5
	TrackFailureWindow      = time.Hour
	MaxPerIPPerDay          = 10
	MinFillTime             = 5 * time.Second
	MinSample               = 3 // concluded petitions an official or unit needs to be listed among the most founded
	// MaxCount bounds the count of FindPetitions: it counts at most
	// MaxCount+1 matching petitions, so a search over the whole
	// country stays fast; a total above MaxCount means "more than".
	MaxCount = 1000
)

// Stats are the figures of the petitions dashboard.
type Stats struct {
	UnitID      int64         `json:"unit_id"`
	Title       string        `json:"title"`
	From        time.Time     `json:"from"`
	To          time.Time     `json:"to"` // exclusive
	Total       int           `json:"total"`
	Open        int           `json:"open"`
	Overdue     int           `json:"overdue"`
	Concluded   int           `json:"concluded"` // petitions with a conclusion
	Founded     int           `json:"founded"`   // founded or partly founded among them
	ByCategory  []CountRow    `json:"by_category"`
	ByStatus    []CountRow    `json:"by_status"`
	ByUnit      []CountRow    `json:"by_unit"` // child units of UnitID (subjects' units rolled up)
	ByItem      []CountRow    `json:"by_item"` // breached standard items in founded/partly conclusions
	Stages      []StageTiming `json:"stages"`
	OnTimeRate  float64       `json:"on_time_rate"` // percent of completed stages done by their deadline
	TopOfficial []FoundedRow  `json:"top_officials"`
	TopUnits    []FoundedRow  `json:"top_units"`
	MinSample   int           `json:"min_sample"`
}

// CountRow is one bar of a breakdown.
type CountRow struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// StageTiming is how long a stage takes.
type StageTiming struct {
	Stage       DeadlineStage `json:"stage"`
	Completed   int           `json:"completed"`
	OnTime      int           `json:"on_time"`
	MedianHours float64       `json:"median_hours"`
}

// FoundedRow is an official or unit with founded petitions.
type FoundedRow struct {
	ID        int64   `json:"id"`
	Name      string  `json:"name"`
	UnitName  string  `json:"unit_name,omitempty"`
	Concluded int     `json:"concluded"`
	Founded   int     `json:"founded"` // founded or partly founded
	Rate      float64 `json:"rate"`    // percent
}

// StatsFilter selects a dashboard.
type StatsFilter struct {
	UnitID   int64
	From, To time.Time
}

// SweepResult counts what a deadline sweep did.
type SweepResult struct {
	Reminded  int `json:"reminded"`
	Overdue   int `json:"overdue"`
	Escalated int `json:"escalated"`
}

// Service receives and handles petitions.
//
// Authorization: staff see a petition when its subject's unit or its
// handler unit lies in their ActPetitionView scope; they act on it when
// the handler unit (before assignment: the subject's supervising unit)
// lies in their ActPetitionHandle scope. The subject official never sees
// the petition, and nobody working in the subject's unit subtree may
// handle it.
type Service interface {
	// StoreFile cleans an upload (type detected from the bytes, image
	// metadata stripped, size limited) and stores it, streaming; the
	// attachment is linked when the petition is submitted. EINVALID with a
	// Vietnamese message for a refused file.
	StoreFile(ctx context.Context, name string, r io.Reader) (*Attachment, error)
	// DiscardFiles removes files StoreFile stored for a form that was then
	// refused (public: only unclaimed files, named by id and key).
	DiscardFiles(ctx context.Context, files []*Attachment) error
	// Submit stores a petition (public). EINVALID with field messages,
	// ELIMIT when rate limited. Notifies the handlers.
	Submit(ctx context.Context, in Input) (*Receipt, error)
	// Validate checks in as Submit would, saving and counting nothing: nil
	// when Submit would accept it, else EINVALID with field messages. A
	// form that found problems of its own shows these beside them.
	Validate(ctx context.Context, in Input) error
	// Track returns the reporter's view (public). ENOTFOUND for a wrong
	// code or secret (counted); ELIMIT once too many failures.
	Track(ctx context.Context, code, secret string) (*Public, error)
	// PostReporterMessage adds the reporter's message (public, with
	// secret) and tells the handlers. contest: the reporter disagrees with
	// the result or adds information, and asks for the closed petition to
	// be looked at again; it is reopened as MessageReopens says (once),
	// else the message is only recorded and told.
	PostReporterMessage(ctx context.Context, code, secret, body string, contest bool) error
	// Withdraw records the reporter's withdrawal (public, with secret;
	// checked like Track), with their reason (optional): the petition ends
	// (Withdrawn) and the handlers are told. ECONFLICT once final.
	Withdraw(ctx context.Context, code, secret, reason string) error
	// OpenFile returns an attachment's content to staff who handle the
	// petition, and audits the opening. The caller closes it.
	OpenFile(ctx context.Context, petitionID, attachmentID int64) (*Attachment, io.ReadCloser, error)

	// FindPetitions lists petitions in the actor's scope; the total counts
	// at most CountBound(f): more than MaxCount means "more than", and
	// more than f.Offset plus the page means a next page holds some.
	FindPetitions(ctx context.Context, f Filter) ([]*Petition, int, error)
	// FindPetition returns one petition with its attachments (no identity).
	FindPetition(ctx context.Context, id int64) (*Petition, error)
	// History returns the petition's events, messages and notes (staff).
	// Only viewers from the handling side, outside the subject's unit,
	// read internal notes, staff-only event notes and identity readings.
	History(ctx context.Context, id int64) ([]*Event, []*Message, []*Note, error)
	// Step takes a workflow step. EINVALID, ECONFLICT when the status does
	// not allow it, EFORBIDDEN.
	Step(ctx context.Context, id int64, in StepInput) (*Petition, error)
	// AddNote adds an internal note.
	AddNote(ctx context.Context, id int64, body string) (*Note, error)
	// Reply sends a message to the reporter (emailed when they gave an
	// email and are not anonymous).
	Reply(ctx context.Context, id int64, body string) (*Message, error)
	// RevealReporter returns the reporter's identity to the handler, logging
	// the reading with its reason (required). EFORBIDDEN for anyone else;
	// ENOTFOUND for an anonymous petition.
	RevealReporter(ctx context.Context, id int64, reason string) (*Reporter, error)
	// IdentityViews lists who read the reporter's identity, and why (to
	// viewers from the handling side only; others get none).
	IdentityViews(ctx context.Context, id int64) ([]*IdentityView, error)
	// DefaultHandler returns the unit a petition about unitID goes to by
	// default: the supervising (parent) unit.
	DefaultHandler(ctx context.Context, unitID int64) (*org.Unit, error)

	// DeadlineRules lists every rule, newest ValidFrom first per stage.
	DeadlineRules(ctx context.Context) ([]*DeadlineRule, error)
	// AddDeadlineRule adds a dated rule (ActPetitionRules). EINVALID.
	AddDeadlineRule(ctx context.Context, in DeadlineRuleInput) (*DeadlineRule, error)
	// Sweep reminds handlers of near deadlines, flags overdue petitions and
	// escalates those long overdue, once each; safe to run repeatedly.
	Sweep(ctx context.Context, now time.Time) (SweepResult, error)

	// Stats returns the dashboard figures of a unit subtree.
	Stats(ctx context.Context, f StatsFilter) (*Stats, error)
}
