package training

import (
	"congvu"
	"time"
)

// CanManage reports whether a manages training (campaigns, sessions,
// attendance marks, materials) for the unit at path: ActTrainingManage on
// it or above, or the operator (imports, the demo).
func CanManage(a *congvu.Actor, path string) bool {
	return a.IsSystem() || a.Can(congvu.ActTrainingManage, path)
}

// CanView reports whether a reads the training of the unit at path
// (campaigns, coverage, who is behind): ActTrainingView or
// ActTrainingManage on it or above, or the operator.
func CanView(a *congvu.Actor, path string) bool {
	return CanManage(a, path) || a.Can(congvu.ActTrainingView, path)
}

// ViewScopes are the subtrees where a reads training.
func ViewScopes(a *congvu.Actor) []string {
	if a.IsSystem() {
		return []string{congvu.RootUnitPath}
	}
	return append(a.Scopes(congvu.ActTrainingView), a.Scopes(congvu.ActTrainingManage)...)
}

// CanReadBank reports whether a reads the question bank, which holds the
// right answers: who manages training somewhere (to prepare a class), or
// the operator; never who only reads training, nor an official taking a
// quiz.
func CanReadBank(a *congvu.Actor) bool {
	return a.IsSystem() || len(a.Scopes(congvu.ActTrainingManage)) > 0
}

// CanEditBank reports whether a adds to or edits the question bank: the
// bank is national (every campaign's quiz draws from it), so only who
// manages training of the whole country does, as for the catalog's items.
func CanEditBank(a *congvu.Actor) bool { return CanManage(a, congvu.RootUnitPath) }

// EditError is nil when c may be edited: only drafts are.
func EditError(c *Campaign) error {
	if c.Status != CampaignDraft {
		return congvu.Errorf(congvu.ECONFLICT, "Chỉ sửa được đợt bồi dưỡng còn là dự thảo.")
	}
	return nil
}

// OpenError is nil when c may be opened: a draft whose period has not
// ended before today (a Vietnam day, see congvu.Date).
func OpenError(c *Campaign, today time.Time) error {
	if c.Status != CampaignDraft {
		return congvu.Errorf(congvu.ECONFLICT, "Đợt bồi dưỡng đã được triển khai.")
	}
	if today.After(c.EndsOn) {
		return congvu.Errorf(congvu.ECONFLICT, "Thời gian của đợt bồi dưỡng đã qua: xin sửa thời gian trước khi triển khai.")
	}
	return nil
}

// CloseError is nil when c may be closed: only open campaigns are.
func CloseError(c *Campaign) error {
	if c.Status != CampaignOpen {
		return congvu.Errorf(congvu.ECONFLICT, "Chỉ kết thúc được đợt bồi dưỡng đang triển khai.")
	}
	return nil
}

// TrainError is nil when officials may attend, study or take the quiz of
// c: it is open.
func TrainError(c *Campaign) error {
	switch c.Status {
	case CampaignOpen:
		return nil
	case CampaignClosed:
		return congvu.Errorf(congvu.ECONFLICT, "Đợt bồi dưỡng đã kết thúc.")
	}
	return congvu.Errorf(congvu.ECONFLICT, "Đợt bồi dưỡng chưa được triển khai.")
}
