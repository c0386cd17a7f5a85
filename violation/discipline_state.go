package violation

import (
	"congvu"
	"context"
	"slices"
	"time"
)

// NextCaseStatus returns the status a case in from reaches when step is
// recorded (needsCouncil: the case's form needs a council), or ECONFLICT
// in Vietnamese when the step does not come next. StepComplaint files a
// complaint on a notified case and settles it on a case in complaint.
func NextCaseStatus(from CaseStatus, step Step, needsCouncil bool) (CaseStatus, error) {
	switch {
	case from == CaseReview && step == StepReview:
		if needsCouncil {
			return CaseCouncil, nil
		}
		return CaseDecision, nil
	case from == CaseCouncil && step == StepCouncil:
		return CaseDecision, nil
	case from == CaseDecision && step == StepDecision:
		return CaseDecided, nil
	case from == CaseDecided && step == StepNotify:
		return CaseNotified, nil
	case from == CaseNotified && step == StepComplaint:
		return CaseComplaint, nil
	case from == CaseComplaint && step == StepComplaint:
		return CaseClosed, nil
	}
	if step == StepCouncil && !needsCouncil {
		return from, congvu.Errorf(congvu.ECONFLICT, "Hình thức kỷ luật của vụ việc này không phải thành lập Hội đồng kỷ luật.")
	}
	switch from {
	case CaseDeferred:
		return from, congvu.Errorf(congvu.ECONFLICT, "Vụ việc đang tạm chưa xem xét kỷ luật; xin tiếp tục xem xét trước.")
	case CaseDropped, CaseClosed:
		return from, congvu.Errorf(congvu.ECONFLICT, "Vụ việc đã kết thúc (%s).", from.Label())
	}
	return from, congvu.Errorf(congvu.ECONFLICT, "Không thể ghi bước %s khi vụ việc đang ở trạng thái: %s.", step.Label(), from.Label())
}

// beforeDecision are the statuses a case may be deferred or dropped from.
var beforeDecision = []CaseStatus{CaseReview, CaseCouncil, CaseDecision}

// CanDefer returns ECONFLICT unless a case in from may be put aside:
// only before the decision.
func CanDefer(from CaseStatus) error {
	if slices.Contains(beforeDecision, from) {
		return nil
	}
	if from == CaseDeferred {
		return congvu.Errorf(congvu.ECONFLICT, "Vụ việc đã đang tạm chưa xem xét kỷ luật.")
	}
	return congvu.Errorf(congvu.ECONFLICT, "Chỉ tạm chưa xem xét kỷ luật được trước khi có quyết định (vụ việc: %s).", from.Label())
}

// CanResume returns ECONFLICT unless the case is deferred.
func CanResume(from CaseStatus) error {
	if from == CaseDeferred {
		return nil
	}
	return congvu.Errorf(congvu.ECONFLICT, "Vụ việc không ở trạng thái tạm chưa xem xét kỷ luật.")
}

// CanDrop returns ECONFLICT unless a case in from may end without
// discipline: before the decision, or while deferred.
func CanDrop(from CaseStatus) error {
	if slices.Contains(beforeDecision, from) || from == CaseDeferred {
		return nil
	}
	return congvu.Errorf(congvu.ECONFLICT, "Không thể kết thúc không kỷ luật khi vụ việc đang ở trạng thái: %s.", from.Label())
}

// Open reports whether a case still runs (not closed, dropped nor deferred).
func (s CaseStatus) Open() bool {
	return s != CaseClosed && s != CaseDropped && s != CaseDeferred
}

// CaseConflicted reports whether the actor's own official record is
// concerned by a case: they are its official, or named in one of its
// violations (named: the officials they name). Such an actor neither runs
// nor decides it; the next level up does.
func CaseConflicted(a *congvu.Actor, officialID int64, named []int64) bool {
	if a == nil || a.OfficialID == 0 {
		return false
	}
	return a.OfficialID == officialID || slices.Contains(named, a.OfficialID)
}

// ForOfficial returns what the official concerned sees of their case: the
// council's members and meeting but not its vote nor its recommendation
// before the decision.
func (c *Case) ForOfficial() *Case {
	cp := *c
	if c.Council != nil && c.Decision == nil {
		co := *c.Council
		co.VotesFor, co.VotesAgainst, co.Recommended, co.Minutes = 0, 0, "", ""
		cp.Council = &co
	}
	return &cp
}

// EffectiveForm is the form the case's decision applies once any
// complaint is settled ("" when none: not decided, or annulled).
func (c *Case) EffectiveForm() string {
	if c.Decision == nil {
		return ""
	}
	if c.Complaint != nil && c.Complaint.SettledOn != nil {
		switch c.Complaint.Outcome {
		case ComplaintAnnulled:
			return ""
		case ComplaintChanged:
			return c.Complaint.NewForm
		}
	}
	return c.Decision.Form
}

// LastsUntil is the last day the consequences of form decided with
// effect from effective last (zero: none stated, or terminal).
func (r *RuleSet) LastsUntil(form string, effective time.Time) time.Time {
	f := r.FormByCode(form)
	if f == nil || f.Terminal || f.LastsMonths <= 0 {
		return time.Time{}
	}
	return congvu.Date(effective).AddDate(0, f.LastsMonths, -1)
}

// RemindDays is how many working days before a step's deadline the sweep
// reminds those who run the case.
const RemindDays = 2

// CaseSweepResult counts what one sweep of the discipline deadlines sent.
type CaseSweepResult struct {
	Reminded int // steps nearing their deadline
	Overdue  int // steps past their deadline
	Late     int // cases past their handling limit
	Closed   int // notified cases closed when the complaint window passed without a complaint
}

// NoComplaintNote is what the complaint step of a case says when its
// window passed without a complaint: the decision is final.
const NoComplaintNote = "Hết thời hạn khiếu nại, không có khiếu nại: quyết định có hiệu lực chính thức."

// CaseSweeper reminds of the steps of discipline cases nearing or past
// their deadline and of cases past their handling limit, each once
// (storage's DisciplineService implements it; the background loop runs
// it).
type CaseSweeper interface {
	SweepCases(ctx context.Context, now time.Time) (CaseSweepResult, error)
}

// ComplaintUntil is the last day (Vietnam, 00:00) on which the official may
// complain against a decision notified at notified: ComplaintDays calendar
// days later. After it the decision is final and the sweep closes the
// case.
func (r *RuleSet) ComplaintUntil(notified time.Time) time.Time {
	return congvu.Date(notified).AddDate(0, 0, r.ComplaintDays)
}
