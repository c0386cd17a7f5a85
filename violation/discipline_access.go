package violation

import "congvu"

// MayReadCases reports whether a may read any discipline case at all:
// staff who view violations somewhere, and an official (their own cases).
// A system administrator reads none (cases are sensitive data, Law
// 91/2025). The service decides which cases; the edges refuse the others
// before asking.
func MayReadCases(a *congvu.Actor) bool {
	return a.Can(congvu.ActViolationView, "") || a.OfficialID != 0
}
