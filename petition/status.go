package petition

// Status is where a petition is in its handling.
type Status string

// The statuses. received → accepted | rejected; accepted → assigned;
// assigned → verifying (or transferred: assigned again); verifying →
// concluded; concluded → closed.
const (
	Received  Status = "received"  // tiếp nhận
	Accepted  Status = "accepted"  // thụ lý
	Rejected  Status = "rejected"  // không thụ lý (with a reason); final
	Assigned  Status = "assigned"  // giao đơn vị có thẩm quyền
	Verifying Status = "verifying" // đang xác minh
	Concluded Status = "concluded" // đã kết luận
	Closed    Status = "closed"    // đã đóng; final
	// Suspended (tạm đình chỉ): the clock stops until resumed, back to the
	// status it was suspended from (Petition.SuspendedFrom).
	Suspended Status = "suspended"
	Withdrawn Status = "withdrawn" // the reporter withdrew it; final
	Referred  Status = "referred"  // referred to the police or procuracy on signs of a crime; final
)

// Statuses lists every status, in workflow order.
var Statuses = []Status{Received, Accepted, Rejected,
	Assigned, Verifying, Concluded, Closed, Suspended, Withdrawn, Referred}

// Label is the Vietnamese name of the status.
func (s Status) Label() string {
	switch s {
	case Received:
		return "Mới tiếp nhận"
	case Accepted:
		return "Đã thụ lý"
	case Rejected:
		return "Không thụ lý"
	case Assigned:
		return "Đã giao xử lý"
	case Verifying:
		return "Đang xác minh"
	case Concluded:
		return "Đã kết luận"
	case Closed:
		return "Đã đóng"
	case Suspended:
		return "Tạm đình chỉ giải quyết"
	case Withdrawn:
		return "Người gửi đã rút đơn"
	case Referred:
		return "Đã chuyển cơ quan tiến hành tố tụng"
	}
	return string(s)
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if s == x {
			return true
		}
	}
	return false
}

// Final reports whether no further step can follow. (A closed petition
// may still be reopened by its reporter's message: see ReporterMayWrite.)
func (s Status) Final() bool { return s == Rejected || s == Closed || s == Withdrawn || s == Referred }

// FinalStatuses lists the statuses Final reports, for the storage's lists.
var FinalStatuses = []Status{Rejected, Closed, Withdrawn, Referred}

// ClockStopped reports whether no deadline runs in status s: a final
// status, or a suspension.
func (s Status) ClockStopped() bool { return s.Final() || s == Suspended }

// ClockStoppedStatuses lists the statuses ClockStopped reports.
var ClockStoppedStatuses = []Status{Rejected, Closed, Withdrawn, Referred, Suspended}

// Conclusion is the finding of a verification.
type Conclusion string

// The conclusions.
const (
	ConclusionFounded   Conclusion = "founded"   // đúng
	ConclusionPartly    Conclusion = "partly"    // đúng một phần
	ConclusionUnfounded Conclusion = "unfounded" // sai, không có cơ sở
)

// Conclusions lists the conclusions.
var Conclusions = []Conclusion{ConclusionFounded, ConclusionPartly, ConclusionUnfounded}

// Label is the Vietnamese wording.
func (c Conclusion) Label() string {
	switch c {
	case ConclusionFounded:
		return "Phản ánh đúng"
	case ConclusionPartly:
		return "Phản ánh đúng một phần"
	case ConclusionUnfounded:
		return "Phản ánh không có cơ sở"
	}
	return string(c)
}

// Valid reports whether c is a known conclusion.
func (c Conclusion) Valid() bool {
	return c == ConclusionFounded || c == ConclusionPartly || c == ConclusionUnfounded
}

// Breached reports whether the conclusion finds a breach (founded or partly
// founded): it must then name the breached standard items.
func (c Conclusion) Breached() bool { return c == ConclusionFounded || c == ConclusionPartly }

// Step is a workflow action on a petition.
type Step string

// The steps. Each is allowed from the statuses StepFrom lists.
const (
	StepAccept   Step = "accept"   // received → accepted
	StepReject   Step = "reject"   // received → rejected (Reason required)
	StepAssign   Step = "assign"   // accepted → assigned (UnitID; default: supervising unit)
	StepTransfer Step = "transfer" // assigned|verifying → assigned to another unit (UnitID, Reason)
	StepVerify   Step = "verify"   // assigned → verifying
	StepConclude Step = "conclude" // verifying → concluded (Conclusion, Text, Items)
	StepClose    Step = "close"    // concluded → closed (a reply to the reporter must exist unless anonymous)
	// StepExtend extends the settlement by the rule's ExtendDays, by a
	// decision with reasons notified to the reporter (Reason; VeryComplex
	// allows a second extension of a tố cáo); the status stays.
	StepExtend Step = "extend"
	// StepSuspend stops the clock (Reason); StepResume restarts it, the
	// deadline moved by the days suspended (ResumeDue).
	StepSuspend Step = "suspend"
	StepResume  Step = "resume"
	// StepRefer refers the petition to the police or procuracy on signs of
	// a crime (ReferTo, Reason); final.
	StepRefer Step = "refer"
)

// StepWithdraw is the reporter's withdrawal (from the tracking page, with
// the tracking code and secret): Service.Withdraw, not a handler's step.
const StepWithdraw Step = "withdraw"

// StepFrom maps each step to the statuses it may start from.
var StepFrom = map[Step][]Status{
	StepAccept:   {Received},
	StepReject:   {Received},
	StepAssign:   {Accepted},
	StepTransfer: {Assigned, Verifying},
	StepVerify:   {Assigned},
	StepConclude: {Verifying},
	StepClose:    {Concluded},
	StepExtend:   {Assigned, Verifying},
	StepSuspend:  {Accepted, Assigned, Verifying},
	StepResume:   {Suspended},
	StepRefer:    {Received, Accepted, Assigned, Verifying, Suspended},
}

// StepTo maps each step to the status it leads to.
var StepTo = map[Step]Status{
	StepAccept: Accepted, StepReject: Rejected, StepAssign: Assigned,
	StepTransfer: Assigned, StepVerify: Verifying, StepConclude: Concluded,
	StepClose: Closed, StepSuspend: Suspended, StepRefer: Referred,
	StepExtend: "", StepResume: "", // the status stays; back to the status suspended from
}

// To is the status step s leads to from status from, for a petition
// suspended from suspendedFrom (resume).
func (s Step) To(from, suspendedFrom Status) Status {
	switch s {
	case StepExtend:
		return from
	case StepResume:
		return suspendedFrom
	}
	return StepTo[s]
}

// Label is the Vietnamese name of the step, as a button says it.
func (s Step) Label() string {
	switch s {
	case StepAccept:
		return "Thụ lý"
	case StepReject:
		return "Không thụ lý"
	case StepAssign:
		return "Giao xử lý"
	case StepTransfer:
		return "Chuyển đơn vị khác"
	case StepVerify:
		return "Bắt đầu xác minh"
	case StepConclude:
		return "Kết luận"
	case StepClose:
		return "Đóng phản ánh"
	case StepExtend:
		return "Gia hạn giải quyết"
	case StepSuspend:
		return "Tạm đình chỉ"
	case StepResume:
		return "Tiếp tục giải quyết"
	case StepRefer:
		return "Chuyển cơ quan công an, viện kiểm sát"
	case StepWithdraw:
		return "Rút đơn"
	}
	return string(s)
}

// Allowed reports whether the step may be taken from status s.
func (s Step) Allowed(from Status) bool {
	for _, x := range StepFrom[s] {
		if x == from {
			return true
		}
	}
	return false
}

// StepsFrom lists the steps allowed from status s, in workflow order.
func StepsFrom(s Status) []Step {
	var out []Step
	for _, st := range []Step{StepAccept, StepReject, StepAssign, StepVerify, StepTransfer, StepConclude, StepClose,
		StepExtend, StepSuspend, StepResume, StepRefer} {
		if st.Allowed(s) {
			out = append(out, st)
		}
	}
	return out
}
