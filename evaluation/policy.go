package evaluation

import (
	"congvu"
	"strings"
)

// ManagerPath is the unit whose heads track, propose and decide the
// evaluation of an official of the unit at unitPath: the unit itself, or
// for a leader (head or deputy) the parent unit. The root's leaders are
// decided at the root.
func ManagerPath(unitPath string, leader bool) string {
	if !leader {
		return unitPath
	}
	trimmed := strings.TrimSuffix(unitPath, "/")
	i := strings.LastIndex(trimmed, "/")
	if i <= 0 {
		return unitPath
	}
	return trimmed[:i+1]
}

// DeciderPath is ManagerPath of the evaluation.
func (e *Evaluation) DeciderPath() string { return ManagerPath(e.UnitPath, e.Leader) }

// Own reports whether a's official record is the one evaluated: a then
// reads and acts on it as the official, whatever grants a holds (a unit
// head evaluated reads their own form as any official does).
func Own(a *congvu.Actor, officialID int64) bool {
	return a != nil && !a.IsAnonymous() && a.OfficialID != 0 && a.OfficialID == officialID
}

// CanRead reports whether a reads e: the official, or ActEvaluationView in
// the subtree of the official's unit (not administrators nor inspectors).
func CanRead(a *congvu.Actor, e *Evaluation) bool {
	return Own(a, e.OfficialID) || a.Can(congvu.ActEvaluationView, e.UnitPath)
}

// CanReadProduct reports whether a reads p (the official, or the
// evaluation's readers).
func CanReadProduct(a *congvu.Actor, p *Product) bool {
	return Own(a, p.OfficialID) || a.Can(congvu.ActEvaluationView, p.UnitPath)
}

var (
	errNotOwn = func(what string) error {
		return congvu.Errorf(congvu.EFORBIDDEN, "Chỉ cán bộ được đánh giá mới %s.", what)
	}
	errSelf = func(what string) error {
		return congvu.Errorf(congvu.EFORBIDDEN, "Không ai tự %s đánh giá của chính mình; cấp có thẩm quyền khác thực hiện.", what)
	}
)

// CanSelfAssess returns EFORBIDDEN unless a is the official evaluated.
func CanSelfAssess(a *congvu.Actor, e *Evaluation) error {
	if !Own(a, e.OfficialID) {
		return errNotOwn("tự đánh giá")
	}
	return nil
}

// CanComplain returns EFORBIDDEN unless a is the official evaluated.
func CanComplain(a *congvu.Actor, e *Evaluation) error {
	if !Own(a, e.OfficialID) {
		return errNotOwn("khiếu nại kết quả xếp loại")
	}
	return nil
}

// CanComment returns EFORBIDDEN unless a may comment on e: a colleague
// (an account whose official record is in the evaluation's unit,
// authorUnitID) for a comment; the head of the unit (ActEvaluationDecide
// over it) for the minutes of the meeting (meeting). Never the official
// evaluated.
func CanComment(a *congvu.Actor, e *Evaluation, authorUnitID int64, meeting bool) error {
	if Own(a, e.OfficialID) {
		return congvu.Errorf(congvu.EFORBIDDEN, "Anh/chị không nhận xét đánh giá của chính mình; xin dùng phần tự đánh giá.")
	}
	if meeting {
		if !a.Can(congvu.ActEvaluationDecide, e.UnitPath) {
			return congvu.Errorf(congvu.EFORBIDDEN, "Chỉ thủ trưởng đơn vị mới ghi biên bản họp nhận xét của tập thể.")
		}
		return nil
	}
	if a.IsAnonymous() || a.OfficialID == 0 || authorUnitID != e.UnitID {
		return congvu.Errorf(congvu.EFORBIDDEN, "Chỉ đồng nghiệp cùng đơn vị mới nhận xét đánh giá của cán bộ này.")
	}
	return nil
}

// CanPropose returns EFORBIDDEN unless a may propose e's level:
// ActEvaluationPropose over the decider unit (a leader's: the parent
// unit), never their own.
func CanPropose(a *congvu.Actor, e *Evaluation) error {
	if Own(a, e.OfficialID) {
		return errSelf("đề xuất xếp loại cho")
	}
	if !a.Can(congvu.ActEvaluationPropose, e.DeciderPath()) {
		return errDecider(e, "đề xuất xếp loại")
	}
	return nil
}

// CanDecide returns EFORBIDDEN unless a may decide e's level (and notify
// it, settle a complaint): ActEvaluationDecide over the decider unit,
// never their own.
func CanDecide(a *congvu.Actor, e *Evaluation) error {
	if Own(a, e.OfficialID) {
		return errSelf("quyết định xếp loại trong")
	}
	if !a.Can(congvu.ActEvaluationDecide, e.DeciderPath()) {
		return errDecider(e, "quyết định xếp loại")
	}
	return nil
}

func errDecider(e *Evaluation, what string) error {
	if e.Leader {
		return congvu.Errorf(congvu.EFORBIDDEN, "Đánh giá của lãnh đạo đơn vị do thủ trưởng đơn vị cấp trên %s.", what)
	}
	return congvu.Errorf(congvu.EFORBIDDEN, "Anh/chị không có quyền %s cho cán bộ này.", what)
}

// CanTrack returns EFORBIDDEN unless a may assign, confirm or cancel the
// products of the official (of the unit at unitPath, leader or not):
// ActEvaluationTrack over the manager unit, never their own.
func CanTrack(a *congvu.Actor, officialID int64, unitPath string, leader bool) error {
	if Own(a, officialID) {
		return congvu.Errorf(congvu.EFORBIDDEN, "Không ai tự giao hoặc tự xác nhận sản phẩm của chính mình.")
	}
	if !a.Can(congvu.ActEvaluationTrack, ManagerPath(unitPath, leader)) {
		if leader {
			return congvu.Errorf(congvu.EFORBIDDEN, "Sản phẩm của lãnh đạo đơn vị do thủ trưởng đơn vị cấp trên giao và xác nhận.")
		}
		return congvu.Errorf(congvu.EFORBIDDEN, "Anh/chị không có quyền giao, xác nhận sản phẩm của cán bộ này.")
	}
	return nil
}

// CanOpen returns EFORBIDDEN unless a may open the evaluations of the
// unit at unitPath (ActEvaluationPropose over it).
func CanOpen(a *congvu.Actor, unitPath string) error {
	if !a.Can(congvu.ActEvaluationPropose, unitPath) {
		return congvu.Errorf(congvu.EFORBIDDEN, "Anh/chị không có quyền mở đánh giá, xếp loại của đơn vị này.")
	}
	return nil
}

// CanDecideUnit returns EFORBIDDEN unless a may record the agency's own
// classification: ActEvaluationDecide over the parent unit (an agency is
// classified by the level above it).
func CanDecideUnit(a *congvu.Actor, unitPath string) error {
	if !a.Can(congvu.ActEvaluationDecide, ManagerPath(unitPath, true)) {
		return congvu.Errorf(congvu.EFORBIDDEN, "Việc xếp loại cơ quan, đơn vị do thủ trưởng cấp trên quyết định.")
	}
	return nil
}

// IsColleague reports whether a, whose official record is in the unit
// authorUnitID, is a colleague of the official evaluated in e (same unit,
// not the official) while the collective comments on it: once proposed,
// a colleague learns nothing more of it (not even that the official
// complained).
func IsColleague(a *congvu.Actor, e *Evaluation, authorUnitID int64) bool {
	if _, err := Next(e.Status, StepComment); err != nil {
		return false
	}
	return a != nil && !a.IsAnonymous() && a.OfficialID != 0 && a.OfficialID != e.OfficialID && authorUnitID == e.UnitID
}

// ForColleague reduces e to what a colleague who may not read it sees to
// comment on it: who, where, which year and where the cycle stands; no
// points, levels, self-assessment nor others' comments.
func ForColleague(e *Evaluation) *Evaluation {
	return &Evaluation{ID: e.ID, OfficialID: e.OfficialID, OfficialName: e.OfficialName, EmployeeCode: e.EmployeeCode, Position: e.Position,
		UnitID: e.UnitID, UnitName: e.UnitName, UnitPath: e.UnitPath, Year: e.Year, Category: e.Category, Leader: e.Leader,
		RuleSetID: e.RuleSetID, RuleSetCode: e.RuleSetCode, Status: e.Status, Comments: []Comment{}, General: []Score{}}
}
