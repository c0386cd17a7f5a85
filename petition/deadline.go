package petition

import (
	"congvu/calendar"
	"time"
)

// DeadlineStage is a period of handling that has a deadline: each stage
// starts when the petition enters it and ends with the step that leaves it.
type DeadlineStage string

// The stages.
const (
	StageAccept   DeadlineStage = "accept"   // received → accepted or rejected
	StageAssign   DeadlineStage = "assign"   // accepted → assigned
	StageConclude DeadlineStage = "conclude" // assigned (incl. verifying) → concluded
	StageClose    DeadlineStage = "close"    // concluded → closed (reply sent)
)

// DeadlineStages lists the stages in order.
var DeadlineStages = []DeadlineStage{StageAccept, StageAssign, StageConclude, StageClose}

// Label is the Vietnamese name of the stage.
func (s DeadlineStage) Label() string {
	switch s {
	case StageAccept:
		return "Xem xét, thụ lý hoặc tiếp nhận" // the words of both kinds of law (LabelFor)
	case StageAssign:
		return "Giao đơn vị xử lý"
	case StageConclude:
		return "Xác minh, kết luận"
	case StageClose:
		return "Trả lời người phản ánh, đóng"
	}
	return string(s)
}

// StageOf is the deadline stage a petition in status s is in ("" for final
// statuses).
func StageOf(s Status) DeadlineStage {
	switch s {
	case Received:
		return StageAccept
	case Accepted:
		return StageAssign
	case Assigned, Verifying:
		return StageConclude
	case Concluded:
		return StageClose
	}
	return ""
}

// DeadlineRule is dated rule data: from ValidFrom, stage Stage lasts Days
// (working days of the calendar when WorkingDays), the handler is
// reminded RemindDays before the deadline, and a petition still open
// EscalateDays after it is escalated to the supervising unit of its handler.
type DeadlineRule struct {
	ID           int64         `json:"id"`
	Kind         Kind          `json:"kind"`
	Stage        DeadlineStage `json:"stage"`
	Days         int           `json:"days"`
	WorkingDays  bool          `json:"working_days"`
	RemindDays   int           `json:"remind_days"`
	EscalateDays int           `json:"escalate_days"`
	ValidFrom    time.Time     `json:"valid_from"` // a date (midnight, TimeZone)
	LegalBasis   string        `json:"legal_basis"`
	// ExtendDays is how long one extension of the stage lasts (0: none).
	ExtendDays int `json:"extend_days"`
	// Basis says how a built-in default stands to the law (stored rules
	// carry their own citation).
	Basis     Basis     `json:"basis,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Basis is how a built-in default rule stands to the law.
type Basis string

// The bases.
const (
	BasisLaw      Basis = "law"      // the law says so, checked
	BasisVerify   Basis = "verify"   // believed the law's, to be checked against the text
	BasisAnalogy  Basis = "analogy"  // taken by analogy from another law
	BasisPractice Basis = "practice" // no legal time limit: the product's own
)

// Label is how the rules page marks a built-in default.
func (b Basis) Label() string {
	switch b {
	case BasisLaw:
		return "Mặc định theo luật"
	case BasisVerify:
		return "Mặc định theo luật (cần đối chiếu văn bản)"
	case BasisAnalogy:
		return "Mặc định, áp dụng tương tự"
	}
	return "Mặc định của hệ thống (luật không quy định)"
}

// DeadlineRuleInput adds a dated rule (rules are never edited in place: a
// new rule from a later date replaces the old one from that date on).
type DeadlineRuleInput struct {
	Kind         Kind // "" = KindReport
	Stage        DeadlineStage
	Days         int
	WorkingDays  bool
	RemindDays   int
	EscalateDays int
	ValidFrom    time.Time
	LegalBasis   string
	ExtendDays   int
	Basis        Basis // of a built-in default
}

// Rule is the rule of a default, undated.
func (d DeadlineRuleInput) Rule() DeadlineRule {
	return DeadlineRule{Kind: d.Kind, Stage: d.Stage, Days: d.Days, WorkingDays: d.WorkingDays, RemindDays: d.RemindDays,
		EscalateDays: d.EscalateDays, LegalBasis: d.LegalBasis, ExtendDays: d.ExtendDays, Basis: d.Basis}
}

// DefaultRule returns the built-in default of a kind's stage.
func DefaultRule(k Kind, s DeadlineStage) (DeadlineRule, bool) {
	for _, d := range DefaultDeadlineRules {
		if d.Kind == k && d.Stage == s {
			return d.Rule(), true
		}
	}
	return DeadlineRule{}, false
}

// AddDays returns the deadline Days after start on the calendar cal (nil:
// Monday to Friday, no holidays), at the end of its day in TimeZone: Days
// working days when WorkingDays, else Days calendar days moved to the next
// working day when they end on a day off. The day of start is not counted
// (see calendar.Calendar.WorkingDaysAfter and DaysAfter).
func (r DeadlineRule) AddDays(cal *calendar.Calendar, start time.Time) time.Time {
	if r.WorkingDays {
		return cal.WorkingDaysAfter(start, r.Days)
	}
	return cal.DaysAfter(start, r.Days)
}

// Shift moves t by days on the calendar cal, forward, or back when days <
// 0: reminders fall RemindDays before a deadline, escalation EscalateDays
// after it. Working days when the rule counts them; else calendar days,
// and a moment that falls on a day off moves to the nearest working day
// away from t's side (a reminder earlier, an escalation later), so that
// neither is sent on a holiday.
func (r DeadlineRule) Shift(cal *calendar.Calendar, t time.Time, days int) time.Time {
	if r.WorkingDays {
		return cal.ShiftWorkingDays(t, days)
	}
	t = t.AddDate(0, 0, days)
	if days < 0 {
		return cal.PrevWorkingDay(t)
	}
	return cal.NextWorkingDay(t)
}

// DayWord is how the rule's days are called: "ngày làm việc" or "ngày".
func (r DeadlineRule) DayWord() string {
	if r.WorkingDays {
		return "ngày làm việc"
	}
	return "ngày"
}

// DefaultDeadlineRules are the rules in force when no admin has changed
// them, per kind, each with its citation and how it stands to the law
// (Basis: design/law.md marks what is checked and what is to verify).
var DefaultDeadlineRules = []DeadlineRuleInput{
	// Phản ánh, kiến nghị.
	{Kind: KindReport, Stage: StageAccept, Days: 10, WorkingDays: true, RemindDays: 2, EscalateDays: 3, Basis: BasisVerify,
		LegalBasis: "Nghị định 20/2008/NĐ-CP (sửa đổi bởi Nghị định 92/2017/NĐ-CP); Luật Tiếp công dân 2013, Điều 28: xem xét, xử lý đơn trong 10 ngày làm việc"},
	{Kind: KindReport, Stage: StageAssign, Days: 3, WorkingDays: true, RemindDays: 1, EscalateDays: 2, Basis: BasisPractice,
		LegalBasis: "Thông tư 05/2021/TT-TTCP: chuyển đơn đến cơ quan có thẩm quyền (thời hạn do hệ thống đặt)"},
	{Kind: KindReport, Stage: StageConclude, Days: 30, WorkingDays: false, RemindDays: 5, EscalateDays: 5, Basis: BasisAnalogy,
		LegalBasis: "Luật Tố cáo 2018, Điều 30 (áp dụng tương tự cho phản ánh): xác minh, kết luận trong 30 ngày"},
	{Kind: KindReport, Stage: StageClose, Days: 5, WorkingDays: true, RemindDays: 1, EscalateDays: 3, Basis: BasisPractice,
		LegalBasis: "Quy chế tiếp nhận, xử lý phản ánh, kiến nghị: trả lời người phản ánh trong 5 ngày làm việc"},
	// Tố cáo.
	{Kind: KindDenunciation, Stage: StageAccept, Days: 7, WorkingDays: true, RemindDays: 2, EscalateDays: 2, Basis: BasisVerify,
		LegalBasis: "Luật Tố cáo 2018, Điều 24: xử lý ban đầu thông tin tố cáo, quyết định thụ lý hoặc không thụ lý trong 07 ngày làm việc kể từ ngày nhận"},
	{Kind: KindDenunciation, Stage: StageAssign, Days: 3, WorkingDays: true, RemindDays: 1, EscalateDays: 2, Basis: BasisPractice,
		LegalBasis: "Giao xác minh sau khi thụ lý (thời hạn do hệ thống đặt; thời hạn giải quyết vẫn tính từ ngày thụ lý)"},
	{Kind: KindDenunciation, Stage: StageConclude, Days: 30, WorkingDays: false, RemindDays: 5, EscalateDays: 5, ExtendDays: 30, Basis: BasisLaw,
		LegalBasis: "Luật Tố cáo 2018, Điều 30: giải quyết trong 30 ngày kể từ ngày thụ lý; gia hạn một lần không quá 30 ngày, vụ việc đặc biệt phức tạp gia hạn hai lần, mỗi lần không quá 30 ngày"},
	{Kind: KindDenunciation, Stage: StageClose, Days: 5, WorkingDays: true, RemindDays: 1, EscalateDays: 3, Basis: BasisPractice,
		LegalBasis: "Thông báo kết quả giải quyết cho người tố cáo (thời hạn do hệ thống đặt)"},
	// Khiếu nại.
	{Kind: KindComplaint, Stage: StageAccept, Days: 10, WorkingDays: false, RemindDays: 2, EscalateDays: 2, Basis: BasisVerify,
		LegalBasis: "Luật Khiếu nại 2011, Điều 27: thụ lý trong 10 ngày kể từ ngày nhận được khiếu nại"},
	{Kind: KindComplaint, Stage: StageAssign, Days: 3, WorkingDays: true, RemindDays: 1, EscalateDays: 2, Basis: BasisPractice,
		LegalBasis: "Giao xác minh sau khi thụ lý (thời hạn do hệ thống đặt; thời hạn giải quyết vẫn tính từ ngày thụ lý)"},
	{Kind: KindComplaint, Stage: StageConclude, Days: 30, WorkingDays: false, RemindDays: 5, EscalateDays: 5, ExtendDays: 15, Basis: BasisVerify,
		LegalBasis: "Luật Khiếu nại 2011, Điều 28: giải quyết lần đầu không quá 30 ngày kể từ ngày thụ lý; vụ việc phức tạp không quá 45 ngày"},
	{Kind: KindComplaint, Stage: StageClose, Days: 5, WorkingDays: true, RemindDays: 1, EscalateDays: 3, Basis: BasisPractice,
		LegalBasis: "Gửi quyết định giải quyết khiếu nại cho người khiếu nại (thời hạn do hệ thống đặt)"},
}
