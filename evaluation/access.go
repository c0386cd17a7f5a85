package evaluation

import "congvu"

// MayReadAny reports whether a may read any evaluation or task product:
// ActEvaluationView somewhere, or an official record of their own. The
// others (system administrators, inspectors without a record) are refused
// the lists outright rather than shown an empty one.
func MayReadAny(a *congvu.Actor) bool {
	return !a.IsAnonymous() && (a.OfficialID != 0 || len(a.Scopes(congvu.ActEvaluationView)) > 0)
}
