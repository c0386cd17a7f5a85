package inspection

// The names below are the shared model's (I11-MODEL.md), which the core of
// the capability defines; this file stands in for them until it is merged,
// and is deleted then.

// Kind is the kind of an inspection.
type Kind string

// The kinds, kept apart.
const (
	KindCheck      Kind = "check"      // kiểm tra công vụ
	KindInspection Kind = "inspection" // thanh tra
)

// LineResult is the result of one checklist line.
type LineResult string

// The results of a line; "" is not checked yet.
const (
	ResultKept        LineResult = "kept"
	ResultBreached    LineResult = "breached"
	ResultNotObserved LineResult = "not_observed"
)
