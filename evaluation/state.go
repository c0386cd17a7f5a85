package evaluation

import (
	"congvu"
	"slices"
)

// Step is a step of the cycle.
type Step string

const (
	StepSelf     Step = "self"     // the official's self-assessment
	StepComment  Step = "comment"  // a comment of the collective
	StepPropose  Step = "propose"  // the head's proposal
	StepDecide   Step = "decide"   // the decision
	StepNotify   Step = "notify"   // the notification to the official
	StepComplain Step = "complain" // the official's complaint
	StepSettle   Step = "settle"   // the settlement of the complaint
)

// Label is the Vietnamese name of the step.
func (s Step) Label() string {
	switch s {
	case StepSelf:
		return "tự đánh giá"
	case StepComment:
		return "nhận xét của tập thể"
	case StepPropose:
		return "đề xuất xếp loại"
	case StepDecide:
		return "quyết định xếp loại"
	case StepNotify:
		return "thông báo kết quả"
	case StepComplain:
		return "khiếu nại"
	case StepSettle:
		return "giải quyết khiếu nại"
	}
	return string(s)
}

// transition is which statuses a step may be taken from and the status it
// leads to ("" : unchanged).
type transition struct {
	from []Status
	to   Status
}

// cycle is the state machine of an evaluation: the self-assessment and
// the comments before the proposal (the self-assessment again until
// then), the proposal again until the decision, then one way.
var cycle = map[Step]transition{
	StepSelf:     {from: []Status{StatusOpen, StatusSelfAssessed}, to: StatusSelfAssessed},
	StepComment:  {from: []Status{StatusOpen, StatusSelfAssessed}},
	StepPropose:  {from: []Status{StatusSelfAssessed, StatusProposed}, to: StatusProposed},
	StepDecide:   {from: []Status{StatusProposed}, to: StatusDecided},
	StepNotify:   {from: []Status{StatusDecided}, to: StatusNotified},
	StepComplain: {from: []Status{StatusNotified}, to: StatusComplained},
	StepSettle:   {from: []Status{StatusComplained}, to: StatusSettled},
}

// Next returns the status an evaluation in from reaches by step, or
// ECONFLICT in Vietnamese when the step may not be taken now.
func Next(from Status, step Step) (Status, error) {
	t, ok := cycle[step]
	if !ok {
		return from, congvu.Errorf(congvu.EINVALID, "Bước không hợp lệ.")
	}
	if slices.Contains(t.from, from) {
		if t.to == "" {
			return from, nil
		}
		return t.to, nil
	}
	switch {
	case step == StepPropose && from == StatusOpen:
		return from, congvu.Errorf(congvu.ECONFLICT, "Cán bộ chưa tự đánh giá; chưa thể đề xuất xếp loại.")
	case step == StepDecide && from.Before(StatusProposed):
		return from, congvu.Errorf(congvu.ECONFLICT, "Chưa có đề xuất xếp loại; chưa thể quyết định.")
	case (step == StepSelf || step == StepComment) && !from.Before(StatusProposed):
		return from, congvu.Errorf(congvu.ECONFLICT, "Đã đề xuất xếp loại; không thể %s nữa.", step.Label())
	case step == StepComplain && from == StatusComplained:
		return from, congvu.Errorf(congvu.ECONFLICT, "Khiếu nại đã được ghi nhận.")
	}
	return from, congvu.Errorf(congvu.ECONFLICT, "Không thể %s khi đánh giá đang ở trạng thái: %s.", step.Label(), from.Label())
}

// Before reports whether s comes before t in the cycle.
func (s Status) Before(t Status) bool { return slices.Index(Statuses, s) < slices.Index(Statuses, t) }

// Decided reports whether a level has been decided (decided or later).
func (s Status) Decided() bool { return !s.Before(StatusDecided) }

// ProductStep is a step of a product's tracking.
type ProductStep string

const (
	ProductStepReport  ProductStep = "report"
	ProductStepConfirm ProductStep = "confirm"
	ProductStepCancel  ProductStep = "cancel"
)

// productCycle: reported again until confirmed; confirmed and cancelled
// are final.
var productCycle = map[ProductStep]struct {
	from []ProductStatus
	to   ProductStatus
}{
	ProductStepReport:  {from: []ProductStatus{ProductAssigned, ProductReported}, to: ProductReported},
	ProductStepConfirm: {from: []ProductStatus{ProductReported}, to: ProductConfirmed},
	ProductStepCancel:  {from: []ProductStatus{ProductAssigned, ProductReported}, to: ProductCancelled},
}

// NextProduct returns the status a product in from reaches by step, or
// ECONFLICT in Vietnamese.
func NextProduct(from ProductStatus, step ProductStep) (ProductStatus, error) {
	t, ok := productCycle[step]
	if !ok {
		return from, congvu.Errorf(congvu.EINVALID, "Bước không hợp lệ.")
	}
	if slices.Contains(t.from, from) {
		return t.to, nil
	}
	switch from {
	case ProductConfirmed:
		return from, congvu.Errorf(congvu.ECONFLICT, "Sản phẩm đã được xác nhận; không thay đổi được nữa.")
	case ProductCancelled:
		return from, congvu.Errorf(congvu.ECONFLICT, "Sản phẩm đã bị hủy.")
	}
	return from, congvu.Errorf(congvu.ECONFLICT, "Sản phẩm chưa được báo cáo hoàn thành; chưa thể xác nhận.")
}
