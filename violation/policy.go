package violation

import "congvu"

// Allowed reports whether a may perform act on the unit with path (the
// command-line operator may do anything: it loads the demo and imports).
func Allowed(a *congvu.Actor, act congvu.Action, path string) bool {
	return a.IsSystem() || a.Can(act, path)
}

// Named returns the entry of official id in v, or nil.
func (v *Violation) Named(id int64) *Named {
	if id == 0 {
		return nil
	}
	for _, n := range v.Officials {
		if n.OfficialID == id {
			return n
		}
	}
	return nil
}

// Concerns reports whether a's own official record is named in v: then a
// reads v only as the official concerned (ForOfficial), whatever grants a
// holds.
func Concerns(a *congvu.Actor, v *Violation) bool {
	return a != nil && v.Named(a.OfficialID) != nil
}

// Conflicted reports whether a may not handle nor decide on v because a's
// own official record is named in it, or in a piece of its evidence (a
// petition about the head, resting on a violation that names a
// subordinate instead): the next level up does (a grant on a higher unit
// held by someone else).
func Conflicted(a *congvu.Actor, v *Violation) bool {
	if Concerns(a, v) {
		return true
	}
	for _, e := range v.Evidence {
		if EvidenceConcerns(a, e.EvidenceRef) {
			return true
		}
	}
	return false
}

// EvidenceConcerns reports whether a piece of evidence names a's own
// official record: a may not open a violation on it (nor handle one that
// rests on it), so that nobody turns a report about themselves into a
// measure against someone else.
func EvidenceConcerns(a *congvu.Actor, e congvu.EvidenceRef) bool {
	return a != nil && a.OfficialID != 0 && e.OfficialID == a.OfficialID
}

// CanView reports whether a reads v as staff: ActViolationView in the
// subtree of the unit of the act or of any named official's unit today.
// The official concerned reads it too, reduced (see ForOfficial); callers
// check Concerns first.
func CanView(a *congvu.Actor, v *Violation) bool {
	if Allowed(a, congvu.ActViolationView, v.UnitPath) {
		return true
	}
	for _, n := range v.Officials {
		if n.NowUnitPath != "" && Allowed(a, congvu.ActViolationView, n.NowUnitPath) {
			return true
		}
	}
	return false
}

// CanHandle reports whether a may record a measure, no action or a
// dismissal on v (for official n, or for the whole violation when n is
// nil): ActViolationHandle in the subtree of the unit of the act or of the
// official's unit today, and not Conflicted.
func CanHandle(a *congvu.Actor, v *Violation, n *Named) bool {
	if Conflicted(a, v) {
		return false
	}
	if Allowed(a, congvu.ActViolationHandle, v.UnitPath) {
		return true
	}
	return n != nil && n.NowUnitPath != "" && Allowed(a, congvu.ActViolationHandle, n.NowUnitPath)
}

// ForOfficial reduces v to what official id, named in it, may see: the
// evidence as its Official summary only (no reference id, no tracking
// code, no reporter, no note), no CreatedBy, no other official's outcome,
// reason or case, and only the handlings about them. v is not changed.
func ForOfficial(v *Violation, id int64) *Violation {
	c := *v
	c.CreatedBy = 0
	c.Evidence = nil
	for _, e := range v.Evidence {
		c.Evidence = append(c.Evidence, &Evidence{
			EvidenceRef: congvu.EvidenceRef{Kind: e.Kind, ItemCodes: e.ItemCodes, UnitID: e.UnitID, Date: e.Date,
				OfficialID: ownOnly(e.OfficialID, id)},
			Summary: e.Official, Official: e.Official,
		})
	}
	c.Officials = nil
	for _, n := range v.Officials {
		m := *n
		if n.OfficialID != id {
			m.Outcome, m.Reason, m.CaseID = "", "", 0
		}
		c.Officials = append(c.Officials, &m)
	}
	c.Handlings = nil
	for _, h := range v.Handlings {
		if h.OfficialID == id {
			k := *h
			k.DecidedBy = 0
			c.Handlings = append(c.Handlings, &k)
		}
	}
	return &c
}

func ownOnly(official, id int64) int64 {
	if official == id {
		return id
	}
	return 0
}

// SeenBy returns v as a sees it: reduced when a is named in it, whole for
// staff. Storage calls it on every violation it returns.
func SeenBy(a *congvu.Actor, v *Violation) *Violation {
	if Concerns(a, v) {
		return ForOfficial(v, a.OfficialID)
	}
	return v
}
