// Package feedback is the capability of citizens' ratings of the officials
// who served them: their types, the Service, the rules against ballot
// stuffing, tallies, periods and dashboards. It holds rules, not SQL or HTTP.
package feedback

import (
	"context"
	"time"
)

// Satisfaction is the overall rating, on the national public service
// portal's three-step scale.
type Satisfaction string

// The satisfaction levels.
const (
	VerySatisfied Satisfaction = "very_satisfied" // rất hài lòng
	Satisfied     Satisfaction = "satisfied"      // hài lòng
	Dissatisfied  Satisfaction = "dissatisfied"   // không hài lòng
)

// Satisfactions lists the levels, best first.
var Satisfactions = []Satisfaction{VerySatisfied, Satisfied, Dissatisfied}

// Label is the Vietnamese wording.
func (s Satisfaction) Label() string {
	switch s {
	case VerySatisfied:
		return "Rất hài lòng"
	case Satisfied:
		return "Hài lòng"
	case Dissatisfied:
		return "Không hài lòng"
	}
	return string(s)
}

// InvitesReport reports whether a rating at level s should be followed by
// the offer to report the official's misconduct (phản ánh): a citizen who
// was not satisfied may have met more than poor service.
func (s Satisfaction) InvitesReport() bool { return s == Dissatisfied }

// Valid reports whether s is a known level.
func (s Satisfaction) Valid() bool {
	return s == VerySatisfied || s == Satisfied || s == Dissatisfied
}

// FourXinCodes are the standard item codes of the eight "4 xin, 4 luôn"
// behaviours, in the order the rating page asks them. Each feedback answer
// is stored against one of these items.
var FourXinCodes = []string{"GT-XC", "GT-XL", "GT-XCO", "GT-XP", "GT-MC", "GT-NN", "GT-LN", "GT-GD"}

// FourXinQuestions are the plain-Vietnamese yes/no questions of the rating
// page, by item code.
var FourXinQuestions = map[string]string{
	"GT-XC":  "Cán bộ có chào hỏi anh/chị không?",
	"GT-XL":  "Khi để anh/chị chờ hoặc có sai sót, cán bộ có xin lỗi không?",
	"GT-XCO": "Cán bộ có cảm ơn anh/chị không?",
	"GT-XP":  "Cán bộ có xin phép khi cần giữ giấy tờ hoặc đề nghị anh/chị làm gì không?",
	"GT-MC":  "Cán bộ có vui vẻ, mỉm cười không?",
	"GT-NN":  "Cán bộ có nói năng nhẹ nhàng không?",
	"GT-LN":  "Cán bộ có lắng nghe anh/chị trình bày không?",
	"GT-GD":  "Cán bộ có tận tình hướng dẫn, giúp đỡ anh/chị không?",
}

// Channel is where a rating came from.
type Channel string

// The channels.
const (
	ChannelBadge   Channel = "badge"   // the QR code on an official's badge
	ChannelCounter Channel = "counter" // the QR code of a unit or counter
	ChannelKiosk   Channel = "kiosk"   // a tablet at the one-stop shop
	ChannelDossier Channel = "dossier" // a one-time link given with a returned dossier
	ChannelAPI     Channel = "api"     // an integration
	// ChannelOnline stands for ChannelDossier and ChannelAPI to those who
	// do not review feedback (see Feedback.RedactFor): it is never stored.
	ChannelOnline Channel = "online"
)

// Status says whether a rating counts in the indices.
type Status string

// The statuses. Flagged and rejected ratings are kept and counted, but left
// out of the indices until a supervisor restores them.
const (
	Accepted Status = "accepted"
	Flagged  Status = "flagged"  // suspicious: a burst, a fast fill; reviewable
	Rejected Status = "rejected" // refused by a rule (rate limit, honeypot, reuse)
)

// Feedback is one citizen's rating of one service encounter.
type Feedback struct {
	ID             int64           `json:"id"`
	UnitID         int64           `json:"unit_id"`
	UnitName       string          `json:"unit_name,omitempty"`
	OfficialID     int64           `json:"official_id,omitempty"` // 0: the unit as a whole
	OfficialName   string          `json:"official_name,omitempty"`
	Channel        Channel         `json:"channel"`
	Satisfaction   Satisfaction    `json:"satisfaction"`
	Answers        map[string]bool `json:"answers"` // standard item code → yes/no; unanswered items absent
	Comment        string          `json:"comment,omitempty"`
	DossierCode    string          `json:"dossier_code,omitempty"`
	Verified       bool            `json:"verified"`          // made with a dossier's one-time link
	Contact        string          `json:"contact,omitempty"` // only shown to those who handle feedback
	Status         Status          `json:"status"`
	FlagReason     string          `json:"flag_reason,omitempty"`
	IdempotencyKey string          `json:"-"`
	SubmittedAt    time.Time       `json:"submitted_at"`
}

// Input is a rating as submitted. Exactly one of BadgeToken,
// UnitToken, KioskKey or DossierToken says whom it is about (an API
// submission may give OfficialID or UnitID instead).
type Input struct {
	BadgeToken   string
	UnitToken    string // a unit's public QR token
	KioskKey     string // the device key of a kiosk; with KioskOfficialID optional
	DossierToken string // a dossier's one-time rating token
	OfficialID   int64  // kiosk (the official on duty) or API
	UnitID       int64  // API
	Satisfaction Satisfaction
	Answers      map[string]bool
	Comment      string
	DossierCode  string
	Contact      string
	// Anti-stuffing signals, set by the web layer.
	Honeypot       string        // a hidden field people leave empty
	FillTime       time.Duration // from form render to submit (0: unknown)
	DeviceID       string        // kiosk device or a cookie
	IdempotencyKey string        // kiosk queue: the same key twice stores one rating
}

// Limits against ballot stuffing (see Judge); dated rule data may replace
// them later. An address is often shared by many people (a one-stop
// centre's Wi-Fi, a carrier's shared address), so an address alone is only
// refused past a flood-sized hard cap; what looks like stuffing — a run of
// ratings of one official, or one unit, from one address — is flagged for
// review, kept and never lost.
const (
	MinFillTime = 3 * time.Second // faster submissions are flagged
	// MaxPerAddressPerHour is the hard cap per address pseudonym: beyond
	// it ratings are refused (ELIMIT), still stored as rejected.
	MaxPerAddressPerHour = 1000
	// MaxPerAddressOfficialPerHour: ratings of one official from one
	// address in an hour beyond which they are flagged (a counter serves
	// a citizen every few minutes at best).
	MaxPerAddressOfficialPerHour = 6
	// MaxPerAddressUnitPerHour: ratings of one unit as a whole (its counter
	// QR code) from one address in an hour beyond which they are flagged.
	MaxPerAddressUnitPerHour = 60
	MaxPerDevicePerHour      = 120 // a kiosk serves many people; then refused
	MaxPerBrowserPerHour     = 20  // one browser (a device id that is no kiosk); then flagged
	BurstWindow              = 10 * time.Minute
	BurstPerOfficial         = 15 // ratings of one official in a BurstWindow beyond which they are flagged
	MinRankingSample         = 30 // a unit needs this many ratings in the period to be ranked
)

// RatingTarget is what a public rating page shows about whom is rated.
type RatingTarget struct {
	OfficialID   int64  `json:"official_id,omitempty"`
	OfficialName string `json:"official_name,omitempty"`
	Position     string `json:"position,omitempty"`
	UnitID       int64  `json:"unit_id"`
	UnitName     string `json:"unit_name"`
	DossierCode  string `json:"dossier_code,omitempty"`
	Channel      Channel
}

// Dossier is a served administrative case registered by the one-stop-shop
// system; a returned dossier gets a one-time rating token.
type Dossier struct {
	ID            int64      `json:"id"`
	Code          string     `json:"code"`
	UnitID        int64      `json:"unit_id"`
	OfficialID    int64      `json:"official_id,omitempty"`
	ProcedureName string     `json:"procedure_name,omitempty"`
	ReceivedAt    time.Time  `json:"received_at"`
	DueAt         time.Time  `json:"due_at"`
	ReturnedAt    *time.Time `json:"returned_at,omitempty"`
	RatingToken   string     `json:"rating_token,omitempty"` // shown once, to the registering system
	RatedAt       *time.Time `json:"rated_at,omitempty"`
	// Apology slip fields (Phiếu xin lỗi và hẹn lại ngày trả kết quả), for
	// a dossier returned after its due date.
	DelayReason string     `json:"delay_reason,omitempty"`
	NewDueAt    *time.Time `json:"new_due_at,omitempty"`
	// DelayUnitID is the agency responsible for the delay, which issues
	// the apology slip (0: the receiving unit; see AtFault).
	DelayUnitID   int64  `json:"delay_unit_id,omitempty"`
	DelayUnitName string `json:"delay_unit_name,omitempty"`
}

// Late reports whether the dossier was (or is) past its due date.
func (d *Dossier) Late(now time.Time) bool {
	if d.ReturnedAt != nil {
		return d.ReturnedAt.After(d.DueAt)
	}
	return now.After(d.DueAt)
}

// DossierInput registers or updates a dossier (keyed by code and unit).
type DossierInput struct {
	Code          string
	UnitCode      string
	OfficialCode  string // employee code of the official who handled it
	ProcedureName string
	ReceivedAt    time.Time
	DueAt         time.Time
	ReturnedAt    *time.Time
	DelayReason   string
	NewDueAt      *time.Time
	// DelayUnitCode is the code of the agency responsible for the delay
	// ("": the receiving unit).
	DelayUnitCode string
}

// Kiosk is a tablet at a counter, identified by a secret device key.
type Kiosk struct {
	ID        int64      `json:"id"`
	UnitID    int64      `json:"unit_id"`
	UnitName  string     `json:"unit_name"`
	Name      string     `json:"name"`
	DeviceKey string     `json:"device_key,omitempty"` // shown when created
	Active    bool       `json:"active"`
	CreatedAt time.Time  `json:"created_at"`
	LastSeen  *time.Time `json:"last_seen,omitempty"`
}

// Filter selects raw ratings (for review and drill-down).
type Filter struct {
	UnitID     int64 // subtree
	OfficialID int64
	Status     Status
	Query      string // comment text, diacritics ignored
	From, To   time.Time
	Offset     int
	Limit      int
}

// Service records ratings and manages their sources.
type Service interface {
	// Target resolves a public token (badge, unit, dossier) to whom a
	// rating page is about. ENOTFOUND for unknown or revoked tokens, ECONFLICT
	// for a dossier already rated.
	Target(ctx context.Context, channel Channel, token string) (*RatingTarget, error)
	// Submit stores a rating durably before returning (group commit).
	// EINVALID with Vietnamese field messages; ELIMIT when a rate limit
	// refuses it (the refusal is still counted); ECONFLICT for a dossier
	// already rated. A repeated idempotency key returns the first rating.
	Submit(ctx context.Context, in Input) (*Feedback, error)
	// FindFeedback lists raw ratings in the actor's scope.
	FindFeedback(ctx context.Context, f Filter) ([]*Feedback, int, error)
	// ReviewFeedback sets a flagged or rejected rating's status (a
	// supervisor restoring or rejecting it), updating the rollups.
	ReviewFeedback(ctx context.Context, id int64, status Status, note string) (*Feedback, error)
	// UnitToken issues the public QR token of a unit when it has none
	// (audited) and returns it: the explicit act of issuing the code.
	UnitToken(ctx context.Context, unitID int64) (string, error)
	// CurrentUnitToken returns a unit's QR token, "" when none was issued
	// yet. It writes nothing: pages and images that show the code use it.
	CurrentUnitToken(ctx context.Context, unitID int64) (string, error)
	// ReissueUnitToken replaces a unit's QR token (or issues the first);
	// the old one stops working.
	ReissueUnitToken(ctx context.Context, unitID int64) (string, error)
	// RegisterDossier creates or updates a dossier; a returned dossier gets
	// a one-time rating token (returned once).
	RegisterDossier(ctx context.Context, in DossierInput) (*Dossier, error)
	// FindDossier returns a dossier by code, received by the unit or
	// recording it as the agency at fault. ENOTFOUND.
	FindDossier(ctx context.Context, unitID int64, code string) (*Dossier, error)
	// IssueApologySlip records an apology slip of a dossier, dated today,
	// by the agency at fault (CheckSlip), and gives the dossier its new
	// date. EINVALID, ECONFLICT (returned, rescheduled already, another
	// agency, too late), EFORBIDDEN, ENOTFOUND.
	IssueApologySlip(ctx context.Context, in SlipInput) (*ApologySlip, error)
	// FindApologySlipByID returns a slip the actor may see. ENOTFOUND.
	FindApologySlipByID(ctx context.Context, id int64) (*ApologySlip, error)
	// FindApologySlips lists slips in the actor's scope, newest first, and
	// counts them.
	FindApologySlips(ctx context.Context, f SlipFilter) ([]*ApologySlip, int, error)
	// CreateKiosk registers a tablet for a unit; the device key is shown once.
	CreateKiosk(ctx context.Context, unitID int64, name string) (*Kiosk, error)
	// FindKiosks lists kiosks of a unit subtree.
	FindKiosks(ctx context.Context, unitID int64) ([]*Kiosk, error)
	// KioskByKey resolves a device key (public). ENOTFOUND when revoked.
	KioskByKey(ctx context.Context, key string) (*Kiosk, error)
	// RevokeKiosk disables a kiosk.
	RevokeKiosk(ctx context.Context, id int64) error
}

// Period is a dashboard's time grain.
type Period string

// The periods of a trend.
const (
	PeriodWeek    Period = "week"
	PeriodMonth   Period = "month"
	PeriodQuarter Period = "quarter"
)

// Tally counts ratings: how many, at each satisfaction level, and how many
// counted against the indices.
type Tally struct {
	Total         int `json:"total"` // accepted ratings
	VerySatisfied int `json:"very_satisfied"`
	Satisfied     int `json:"satisfied"`
	Dissatisfied  int `json:"dissatisfied"`
	Flagged       int `json:"flagged"`  // kept but not counted
	Rejected      int `json:"rejected"` // kept but not counted
}

// Index is the satisfaction index in percent: the share of accepted
// ratings that are satisfied or very satisfied (the national portal's
// measure). NaN-free: 0 when there are none.
func (t Tally) Index() float64 {
	if t.Total == 0 {
		return 0
	}
	return 100 * float64(t.VerySatisfied+t.Satisfied) / float64(t.Total)
}

// ItemRate is the compliance with one standard item: yes answers out of
// answers.
type ItemRate struct {
	Code  string  `json:"code"`
	Title string  `json:"title"`
	Yes   int     `json:"yes"`
	Asked int     `json:"asked"`
	Rate  float64 `json:"rate"` // percent
}

// TrendPoint is one period of a trend.
type TrendPoint struct {
	Start time.Time `json:"start"`
	Label string    `json:"label"` // e.g. "T10/2026", "Q3/2026", "Tuần 42"
	Tally Tally     `json:"tally"`
	Index float64   `json:"index"`
}

// RankRow is one child unit (or official) in a ranking.
type RankRow struct {
	UnitID     int64   `json:"unit_id,omitempty"`
	OfficialID int64   `json:"official_id,omitempty"`
	Name       string  `json:"name"`
	Tally      Tally   `json:"tally"`
	Index      float64 `json:"index"`
	Ranked     bool    `json:"ranked"` // false when below MinRankingSample
}

// Dashboard is everything a dashboard page shows, read from rollups.
type Dashboard struct {
	UnitID     int64        `json:"unit_id,omitempty"`
	OfficialID int64        `json:"official_id,omitempty"`
	Title      string       `json:"title"`
	From       time.Time    `json:"from"`
	To         time.Time    `json:"to"` // exclusive
	Period     Period       `json:"period"`
	Tally      Tally        `json:"tally"`
	Index      float64      `json:"index"`
	Items      []ItemRate   `json:"items"`   // the eight behaviours, in order
	Weakest    []ItemRate   `json:"weakest"` // lowest compliance first
	Trend      []TrendPoint `json:"trend"`
	Children   []RankRow    `json:"children,omitempty"`  // child units, best first
	Officials  []RankRow    `json:"officials,omitempty"` // officials of the unit, best first
	MinSample  int          `json:"min_sample"`
	// Delayed: this reader does not review every rating counted, and so
	// sees each day's ratings counted from the next day on
	// (DashboardFilter.RedactFor).
	Delayed bool `json:"delayed,omitempty"`
	// TodayHeld: the range asked reached today, whose ratings are not
	// counted yet (Delayed); To stops at the start of today. With From
	// equal to To the range asked held today alone.
	TodayHeld bool `json:"today_held,omitempty"`
}

// LastDay is the last day of d's range (To is exclusive); for a range
// emptied by TodayHeld, the day asked for.
func (d *Dashboard) LastDay() time.Time {
	if !d.To.After(d.From) {
		return d.From
	}
	return d.To.AddDate(0, 0, -1)
}

// DashboardFilter selects a dashboard.
type DashboardFilter struct {
	UnitID     int64 // a subtree (0 with OfficialID set: that official)
	OfficialID int64
	From, To   time.Time
	Period     Period
}

// DashboardService reads dashboards from rollups kept up to date on write;
// it never scans raw ratings.
type DashboardService interface {
	// Dashboard returns the figures of a unit subtree or an official.
	// ENOTFOUND outside the actor's scope; an official sees only their own.
	Dashboard(ctx context.Context, f DashboardFilter) (*Dashboard, error)
	// Comments lists recent comments (accepted ratings) in the subtree,
	// searchable without diacritics.
	Comments(ctx context.Context, f Filter) ([]*Feedback, int, error)
	// Predecessors lists the units that unit f.UnitID took over in a
	// restructuring effective after the range starts, each with its figures
	// for the part of the range before that date; ENOTFOUND as Dashboard.
	Predecessors(ctx context.Context, f DashboardFilter) ([]PredecessorRow, error)
}

// PredecessorRow is a unit another took over in a restructuring (merged
// into it, or abolished and its units moved under it). Figures are those
// of the tree as it stood: the predecessor's before the date stay its own,
// so the successor's dashboard shows them beside its figures.
type PredecessorRow struct {
	UnitID    int64     `json:"unit_id"`
	Name      string    `json:"name"`
	Effective time.Time `json:"effective"` // the date the successor took it over
	// From, To are the part of the range counted (To exclusive: the
	// effective date, or the range's end when sooner).
	From  time.Time `json:"from"`
	To    time.Time `json:"to"`
	Tally Tally     `json:"tally"`
	Index float64   `json:"index"`
}

// Label is the Vietnamese name of the channel.
func (c Channel) Label() string {
	switch c {
	case ChannelBadge:
		return "Mã QR trên thẻ"
	case ChannelCounter:
		return "Mã QR tại quầy"
	case ChannelKiosk:
		return "Máy đánh giá"
	case ChannelDossier:
		return "Đường dẫn kèm hồ sơ"
	case ChannelAPI:
		return "Hệ thống kết nối"
	case ChannelOnline:
		return "Trực tuyến"
	}
	return string(c)
}

// Label is the Vietnamese name of the status.
func (s Status) Label() string {
	switch s {
	case Accepted:
		return "Được tính"
	case Flagged:
		return "Nghi vấn, chờ xét"
	case Rejected:
		return "Bị loại"
	}
	return string(s)
}
