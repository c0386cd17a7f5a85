package inspection

import (
	"congvu"
	"congvu/calendar"
	"context"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// ActionStatus is where a corrective action stands.
type ActionStatus string

// The statuses of a corrective action: open (to do, or sent back),
// reported done by its unit, verified by the inspectors.
const (
	ActionOpen     ActionStatus = "open"
	ActionReported ActionStatus = "reported"
	ActionVerified ActionStatus = "verified"
)

// ActionStatuses lists the statuses in workflow order.
var ActionStatuses = []ActionStatus{ActionOpen, ActionReported, ActionVerified}

// Label is the Vietnamese name of the status.
func (s ActionStatus) Label() string {
	switch s {
	case ActionOpen:
		return "Đang thực hiện"
	case ActionReported:
		return "Đã báo cáo, chờ xác nhận"
	case ActionVerified:
		return "Đã xác nhận hoàn thành"
	}
	return string(s)
}

// Valid reports whether s is a known status.
func (s ActionStatus) Valid() bool { return slices.Contains(ActionStatuses, s) }

// ActionStep is what someone does to an action.
type ActionStep string

// The steps. Each is allowed from the statuses of actionSteps.
const (
	ActionStepReport ActionStep = "report" // the owner unit reports it done, with evidence
	ActionStepVerify ActionStep = "verify" // the inspectors confirm it done
	ActionStepReturn ActionStep = "return" // the inspectors send it back, with a reason
)

// actionSteps is the state machine: a step, the statuses it starts from and
// the status it leads to.
var actionSteps = map[ActionStep]struct {
	from []ActionStatus
	to   ActionStatus
}{
	ActionStepReport: {[]ActionStatus{ActionOpen}, ActionReported},
	ActionStepVerify: {[]ActionStatus{ActionReported}, ActionVerified},
	ActionStepReturn: {[]ActionStatus{ActionReported}, ActionOpen},
}

// NextActionStatus is the status an action reaches by step from status, or
// ECONFLICT when the step is not allowed from it (a second report, a
// verification of an action not reported).
func NextActionStatus(from ActionStatus, step ActionStep) (ActionStatus, error) {
	t, ok := actionSteps[step]
	if !ok || !slices.Contains(t.from, from) {
		switch {
		case from == ActionVerified:
			return "", congvu.Errorf(congvu.ECONFLICT, "Biện pháp khắc phục này đã được xác nhận hoàn thành.")
		case step == ActionStepReport:
			return "", congvu.Errorf(congvu.ECONFLICT, "Biện pháp khắc phục này đã được báo cáo, đang chờ đoàn kiểm tra xác nhận.")
		default:
			return "", congvu.Errorf(congvu.ECONFLICT, "Đơn vị chưa báo cáo kết quả thực hiện biện pháp khắc phục này.")
		}
	}
	return t.to, nil
}

// ActionEventKind names an entry of an action's history.
type ActionEventKind string

// The kinds of history entry.
const (
	EventCreated  ActionEventKind = "create"
	EventReported ActionEventKind = "report"
	EventVerified ActionEventKind = "verify"
	EventReturned ActionEventKind = "return"
	EventReminded ActionEventKind = "remind"
	EventOverdue  ActionEventKind = "overdue"
)

// Label is the Vietnamese name of the history entry.
func (k ActionEventKind) Label() string {
	switch k {
	case EventCreated:
		return "Giao biện pháp khắc phục"
	case EventReported:
		return "Đơn vị báo cáo kết quả"
	case EventVerified:
		return "Xác nhận hoàn thành"
	case EventReturned:
		return "Trả lại, yêu cầu thực hiện tiếp"
	case EventReminded:
		return "Nhắc hạn"
	case EventOverdue:
		return "Quá hạn"
	}
	return string(k)
}

// CorrectiveAction is a corrective action (biện pháp khắc phục) of an inspection's
// issued conclusion: what its owner unit must do, by when.
type CorrectiveAction struct {
	ID                 int64        `json:"id"`
	InspectionID       int64        `json:"inspection_id"`
	InspectionKind     Kind         `json:"inspection_kind"`
	InspectingUnitID   int64        `json:"inspecting_unit_id"`
	InspectingUnitName string       `json:"inspecting_unit_name"`
	InspectingUnitPath string       `json:"-"`
	LeadUserID         int64        `json:"-"`
	OwnerUnitID        int64        `json:"owner_unit_id"`
	OwnerUnitName      string       `json:"owner_unit_name"`
	OwnerUnitPath      string       `json:"-"`
	Text               string       `json:"text"`
	Days               int          `json:"days"` // working days from when it was set
	DueAt              time.Time    `json:"due_at"`
	Status             ActionStatus `json:"status"`
	Overdue            bool         `json:"overdue"` // set by the service from IsOverdue
	ReportedAt         *time.Time   `json:"reported_at,omitempty"`
	ReportedBy         int64        `json:"-"`
	VerifiedAt         *time.Time   `json:"verified_at,omitempty"`
	CreatedAt          time.Time    `json:"created_at"`
	UpdatedAt          time.Time    `json:"updated_at"`
	// Events is the history, oldest first (FindActionByID only).
	Events []*ActionEvent `json:"events,omitempty"`
}

// IsOverdue is the one overdue rule of corrective actions: past its
// deadline and not verified (a report waiting for verification does not
// stop the clock: the inspectors may send it back).
func (a *CorrectiveAction) IsOverdue(now time.Time) bool {
	return a.Status != ActionVerified && now.After(a.DueAt)
}

// IsDueSoon reports whether an action still to do falls due by the end of
// the DueSoonDays-th working day after now (see DueSoonUntil).
func (a *CorrectiveAction) IsDueSoon(cal *calendar.Calendar, now time.Time) bool {
	return a.Status == ActionOpen && !now.After(a.DueAt) && !a.DueAt.After(DueSoonUntil(cal, now))
}

// DueSoonUntil is the end of the "due soon" window that starts at now:
// the end of the DueSoonDays-th working day after now's day.
func DueSoonUntil(cal *calendar.Calendar, now time.Time) time.Time {
	return cal.WorkingDaysAfter(now, DueSoonDays).UTC()
}

// ActionEvent is one entry of an action's history.
type ActionEvent struct {
	ID        int64           `json:"id"`
	Kind      ActionEventKind `json:"kind"`
	Status    ActionStatus    `json:"status"` // the status after the event
	Note      string          `json:"note,omitempty"`
	UserName  string          `json:"user_name,omitempty"`
	CreatedAt time.Time       `json:"created_at"`
	Files     []*ActionFile   `json:"files,omitempty"`
}

// ActionFile is an evidence file of a report, cleaned like a petition
// attachment (metadata stripped).
type ActionFile struct {
	ID          int64     `json:"id"`
	FileName    string    `json:"file_name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	Key         string    `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
}

// Limits of actions.
const (
	MaxActionText     = 2000
	MaxActionNote     = 4000
	MinReturnReason   = 10
	MinActionDays     = 1
	MaxActionDays     = 250 // about a year of working days
	MaxActionFiles    = 5
	MaxActionFileSize = 10 << 20
	// RemindDays is how many working days before its deadline the owner
	// unit is reminded of an action not yet reported.
	RemindDays = 3
	// DueSoonDays is the window of the "due soon" filter, in working days.
	DueSoonDays = 5
)

// ActionInput sets a corrective action.
type ActionInput struct {
	OwnerUnitID int64  `json:"owner_unit_id"`
	Text        string `json:"text"`
	Days        int    `json:"days"` // working days, counted from the day after it is set
}

// Validate trims in and checks its fields; EINVALID with a message per
// field. The owner unit must lie Within the inspected unit's subtree.
func (in *ActionInput) Validate() error {
	in.Text = strings.TrimSpace(in.Text)
	v := congvu.Validation{}
	if in.OwnerUnitID <= 0 {
		v.Add("owner_unit_id", "Xin chọn đơn vị chịu trách nhiệm thực hiện.")
	}
	switch n := utf8.RuneCountInString(in.Text); {
	case n == 0:
		v.Add("text", "Xin nhập nội dung biện pháp khắc phục.")
	case n > MaxActionText:
		v.Add("text", "Nội dung biện pháp khắc phục không được dài quá 2000 ký tự.")
	}
	if in.Days < MinActionDays || in.Days > MaxActionDays {
		v.Add("days", "Thời hạn thực hiện phải từ 1 đến 250 ngày làm việc.")
	}
	return v.Err()
}

// ActionDue is the deadline of an action set at set for days working days:
// the end of the days-th working day after it, on cal.
func ActionDue(cal *calendar.Calendar, set time.Time, days int) time.Time {
	return cal.WorkingDaysAfter(set, days).UTC()
}

// RemindAt is when the owner unit is reminded of an action due at due:
// from the start of the day RemindDays working days before.
func RemindAt(cal *calendar.Calendar, due time.Time) time.Time {
	return congvu.Date(cal.ShiftWorkingDays(due, -RemindDays)).UTC()
}

// ShouldRemind reports whether the sweep reminds the owner unit of a at
// now: still open, not reminded, between RemindAt and the deadline.
func (a *CorrectiveAction) ShouldRemind(cal *calendar.Calendar, now time.Time, reminded bool) bool {
	return !reminded && a.Status == ActionOpen && !now.Before(RemindAt(cal, a.DueAt)) && !now.After(a.DueAt)
}

// Upload is an evidence file as received.
type Upload struct {
	Name string
	Body io.Reader
}

// ReportInput is the owner unit's report that an action is done.
type ReportInput struct {
	Note  string   `json:"note"`
	Files []Upload `json:"-"`
}

// Validate trims the note and checks it and the number of files.
func (in *ReportInput) Validate() error {
	in.Note = strings.TrimSpace(in.Note)
	v := congvu.Validation{}
	switch n := utf8.RuneCountInString(in.Note); {
	case n == 0:
		v.Add("note", "Xin nêu kết quả đã thực hiện biện pháp khắc phục.")
	case n > MaxActionNote:
		v.Add("note", "Nội dung báo cáo không được dài quá 4000 ký tự.")
	}
	if len(in.Files) > MaxActionFiles {
		v.Add("files", "Chỉ được gửi kèm tối đa 5 tệp minh chứng.")
	}
	return v.Err()
}

// ValidateReturnReason trims and checks the reason an action is sent back.
func ValidateReturnReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	switch n := utf8.RuneCountInString(reason); {
	case n < MinReturnReason:
		return reason, congvu.FieldError("reason", "Xin nêu rõ lý do trả lại (ít nhất 10 ký tự) để đơn vị biết cần làm gì thêm.")
	case n > MaxActionNote:
		return reason, congvu.FieldError("reason", "Lý do trả lại không được dài quá 4000 ký tự.")
	}
	return reason, nil
}

// AllVerified is the closure rule: an inspection's conclusion is closed
// only when it has actions and every one is verified.
func AllVerified(statuses []ActionStatus) bool {
	if len(statuses) == 0 {
		return false
	}
	for _, s := range statuses {
		if s != ActionVerified {
			return false
		}
	}
	return true
}

// CanVerifyAction reports whether the actor verifies (and sets) the
// actions of an inspection: its lead, or whoever may run or conclude
// inspections of its kind over the inspecting unit (for thanh tra,
// inspectors only).
func CanVerifyAction(a *congvu.Actor, kind Kind, inspectingPath string, leadUserID int64) bool {
	if a.IsAnonymous() || inspectingPath == "" {
		return false
	}
	if leadUserID != 0 && a.UserID == leadUserID {
		return true
	}
	return a.Can(Action(kind, StepRun), inspectingPath) || a.Can(Action(kind, StepConclude), inspectingPath)
}

// CanReportAction reports whether the actor reports for the owner unit:
// the head of that unit or of a unit above it.
func CanReportAction(a *congvu.Actor, ownerPath string) bool {
	if a.IsAnonymous() || ownerPath == "" {
		return false
	}
	for _, g := range a.Grants {
		if g.Role == congvu.RoleUnitHead && Within(ownerPath, g.UnitPath) {
			return true
		}
	}
	return false
}

// CanViewAction reports whether the actor sees an action: those who verify
// it, and whoever views inspections over the owner unit (its head,
// home-affairs staff and inspectors above it). Sibling units see nothing.
func CanViewAction(a *congvu.Actor, x *CorrectiveAction) bool {
	return CanVerifyAction(a, x.InspectionKind, x.InspectingUnitPath, x.LeadUserID) ||
		a.Can(congvu.ActInspectionView, x.OwnerUnitPath) || a.Can(congvu.ActInspectionView, x.InspectingUnitPath)
}

// ActionFilter selects actions of a list.
type ActionFilter struct {
	InspectionID int64
	UnitID       int64 // the owner unit and its subtree
	Status       ActionStatus
	Overdue      bool // past deadline and not verified
	DueSoon      bool // open and due within DueSoonDays working days
	Offset       int
	Limit        int
}

// ActionSweepResult counts what a sweep did.
type ActionSweepResult struct {
	Reminded int
	Overdue  int
}

// ActionService keeps corrective actions. Every method checks the actor
// (EFORBIDDEN, or ENOTFOUND for an action the actor may not see) and
// audits every write in its transaction.
type ActionService interface {
	// CreateAction sets an action on an inspection whose conclusion is
	// issued and not closed; only its verifiers may. EINVALID, ECONFLICT.
	CreateAction(ctx context.Context, inspectionID int64, in ActionInput) (*CorrectiveAction, error)
	// FindActions lists the actions the actor sees, by deadline.
	FindActions(ctx context.Context, f ActionFilter) ([]*CorrectiveAction, int, error)
	// FindActionByID returns an action with its history and files.
	FindActionByID(ctx context.Context, id int64) (*CorrectiveAction, error)
	// ReportAction records the owner unit's report with its evidence.
	ReportAction(ctx context.Context, id int64, in ReportInput) (*CorrectiveAction, error)
	// VerifyAction confirms a reported action; when it is the last of its
	// inspection, the inspection is closed.
	VerifyAction(ctx context.Context, id int64, note string) (*CorrectiveAction, error)
	// ReturnAction sends a reported action back to its unit, with a reason.
	ReturnAction(ctx context.Context, id int64, reason string) (*CorrectiveAction, error)
	// OpenActionFile returns an evidence file of an action the actor sees.
	OpenActionFile(ctx context.Context, actionID, fileID int64) (*ActionFile, io.ReadCloser, error)
	// SweepActions reminds owner units of near deadlines and notifies
	// overdue actions to them and to the inspectors, each once.
	SweepActions(ctx context.Context, now time.Time) (ActionSweepResult, error)
}
