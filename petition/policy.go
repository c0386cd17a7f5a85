package petition

import (
	"strings"
	"time"

	"congvu"
	"congvu/org"
)

// Viewer is a signed-in actor asking about petitions, with the path of the
// unit of their own official record ("" when they have none) and the
// earlier stays of that record. Its methods are the visibility policy of
// petitions, the one statement of who sees and who handles one; the
// storage writes the same rule in SQL for its lists from Concerns (and its
// tests check that both agree), and the edges ask the service, which
// applies it.
type Viewer struct {
	*congvu.Actor
	OfficialPath string
	// Former are the ended stays of the viewer's official record in other
	// units (see org.Membership), and the stays of the records their account
	// was linked to before, ended at the latest when the link ended: moving
	// out of a unit, or unlinking the account, does not free anyone from the
	// petitions about it submitted while they were still there.
	Former []org.Membership
}

// Concern is one unit subtree a viewer works or worked in: petitions about
// the unit with path UnitPath or any unit above it concern the viewer when
// submitted before Before (zero: whenever).
type Concern struct {
	UnitPath string
	Before   time.Time
}

// Concerns lists the units whose petitions concern the viewer, besides
// those about their own official record: the unit of their record, and
// each unit it has left, for the petitions submitted before it left.
func (v Viewer) Concerns() []Concern {
	var out []Concern
	if v.OfficialPath != "" {
		out = append(out, Concern{UnitPath: v.OfficialPath})
	}
	for _, m := range v.Former {
		if m.Ended != nil && m.UnitPath != "" {
			out = append(out, Concern{UnitPath: m.UnitPath, Before: *m.Ended})
		}
	}
	return out
}

// Conflicted reports whether the petition concerns the viewer: it is about
// their own official record, or their record lies — or lay at any time
// since the petition was submitted — in the subject's unit or below it.
// Such staff never see the petition, its history, its audit events or its
// emails, nor count it in any figure.
func (v Viewer) Conflicted(p *Petition) bool {
	if v.OfficialID != 0 && v.OfficialID == p.OfficialID {
		return true
	}
	for _, c := range v.Concerns() {
		if strings.HasPrefix(c.UnitPath, p.UnitPath) && (c.Before.IsZero() || p.SubmittedAt.Before(c.Before)) {
			return true
		}
	}
	return false
}

// CanView: the subject's unit or the handler unit lies in the viewer's
// scope of ActPetitionView, and the petition does not concern them.
func (v Viewer) CanView(p *Petition) bool {
	if v.Conflicted(p) {
		return false
	}
	return v.Can(congvu.ActPetitionView, p.UnitPath) || (p.HandlerPath != "" && v.Can(congvu.ActPetitionView, p.HandlerPath))
}

// CanHandle: the handler unit lies in the viewer's scope of
// ActPetitionHandle, and the petition does not concern them.
func (v Viewer) CanHandle(p *Petition) bool {
	return p.HandlerPath != "" && v.Can(congvu.ActPetitionHandle, p.HandlerPath) && !v.Conflicted(p)
}

// Insider: the viewer could handle the petition or holds a handling role
// strictly above the subject's unit. Only insiders read internal notes,
// staff notes in the history, attachments and the reasons of identity
// readings — staff may name the reporter there, and a file may carry its
// author's name. Viewers who only oversee (administrators) or the subject's
// own unit head see the petition, not those.
func (v Viewer) Insider(p *Petition) bool {
	if v.Conflicted(p) {
		return false
	}
	if v.CanHandle(p) {
		return true
	}
	for _, sc := range v.Scopes(congvu.ActPetitionHandle) {
		if sc != p.UnitPath && strings.HasPrefix(p.UnitPath, sc) {
			return true
		}
	}
	return false
}

// MayBeHandledBy reports whether the unit with the given path may handle p:
// never the subject's unit or a unit inside it.
func (p *Petition) MayBeHandledBy(unitPath string) bool {
	return !strings.HasPrefix(unitPath, p.UnitPath)
}
