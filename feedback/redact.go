package feedback

import (
	"time"

	"congvu"
)

// RedactFor hides from actor what a rating of the unit at unitPath shows
// only to those who review feedback there (congvu.ActFeedbackReview): the
// rater's contact, and whatever points to the citizen's case and so to the
// citizen, for anyone who can look the case up (the rated official first of
// all) — the dossier code; that the rating came with a dossier (Verified,
// and the dossier channel, shown as ChannelOnline like the integrations');
// and the exact time (rounded down to the day, in congvu.TimeZone). The
// idempotency key is shown to nobody. Storage applies it to every rating
// it hands out, whatever the edge (web page, API, export, dashboard).
func (f *Feedback) RedactFor(actor *congvu.Actor, unitPath string) {
	if !actor.Can(congvu.ActFeedbackReview, unitPath) {
		f.Contact = ""
		f.DossierCode = ""
		f.Verified = false
		if f.Channel == ChannelDossier || f.Channel == ChannelAPI {
			f.Channel = ChannelOnline
		}
		f.SubmittedAt = Day(f.SubmittedAt)
	}
	f.IdempotencyKey = ""
}

// Day is the start of t's day in congvu.TimeZone, in UTC.
func Day(t time.Time) time.Time {
	l := t.In(congvu.TimeZone)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, congvu.TimeZone).UTC()
}
