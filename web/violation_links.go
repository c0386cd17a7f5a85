package web

import (
	"strconv"

	"congvu"
	"congvu/inspection"
)

// The links into the violation pages from the evidence pages: a founded
// petition, a breached line of an inspection record naming an official.
// Only for those who may open a violation, and only once the evidence is
// established (the conclusion given, the record closed).

// ViolationHref is where a violation is opened from this petition, or ""
// when its conclusion found no breach or the actor may not open one.
func (p *StaffPetitionPage) ViolationHref() string {
	if p.P == nil || !p.P.Conclusion.Breached() || !p.Actor.Can(congvu.ActViolationOpen, p.P.UnitPath) {
		return ""
	}
	return "/violations/new?" + violationPetitionParam + "=" + strconv.FormatInt(p.P.ID, 10)
}

// ViolationHref is where a violation is opened from line l, or "" when the
// line is not a breach naming an official of a closed record, or the
// actor may not open one.
func (p *InspectionPage) ViolationHref(l *inspection.Line) string {
	if p.I == nil || l.Result != inspection.ResultBreached || l.OfficialID == 0 || !p.Actor.Can(congvu.ActViolationOpen, p.I.TargetUnitPath) {
		return ""
	}
	switch p.I.Status {
	case inspection.StatusPlanned, inspection.StatusInProgress:
		return ""
	}
	return "/violations/new?" + violationLineParam + "=" + strconv.FormatInt(l.ID, 10) + "&" + violationInspectionParam + "=" + strconv.FormatInt(p.I.ID, 10)
}
