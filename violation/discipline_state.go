package violation

import (
	"congvu"
	"slices"
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
