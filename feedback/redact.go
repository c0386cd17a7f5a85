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
// the exact time (rounded down to the day, in congvu.TimeZone); and the
// id, which follows submission order and so would order a day's ratings by
// time (see Filter.RedactFor). The idempotency key is shown to nobody. Storage applies it to every rating
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
		f.ID = 0
	}
	f.IdempotencyKey = ""
}

// Day is the start of t's day in congvu.TimeZone, in UTC.
func Day(t time.Time) time.Time {
	l := t.In(congvu.TimeZone)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, congvu.TimeZone).UTC()
}

// RedactFor cuts a list's filter for an actor who does not review feedback
// in every unit whose ratings the list may hold (unitPaths; none known:
// not a reviewer) at now, so that filters cannot undo what
// Feedback.RedactFor hides: From and To widen to whole days in
// congvu.TimeZone (a window narrowed to the minute would otherwise date each
// rating again). Today's ratings are held back rating by rating, not here:
// storage lists a rating only if it is before VisibleCut's cut or of a unit
// the actor reviews (a list polled after each citizen leaves would
// otherwise date each new rating, and a cap on the whole list would hide
// today's ratings from their reviewer because the list also holds others).
// It returns whether the list may be ordered by time; when not, storage
// lists newest day first and, within a day, by a keyed hash of the rating
// (an order tied to time would tell who rated before whom), and the
// rating's id, which follows submission order, is hidden by
// Feedback.RedactFor. Reviewers' filters and order are left as they are.
func (f *Filter) RedactFor(actor *congvu.Actor, unitPaths []string, now time.Time) (byTime bool) {
	if Reviews(actor, unitPaths) {
		return true
	}
	if !f.From.IsZero() {
		f.From = Day(f.From)
	}
	if !f.To.IsZero() {
		if d := Day(f.To); !d.Equal(f.To) {
			f.To = d.AddDate(0, 0, 1)
		}
	}
	return false
}

// VisibleCut is VisibleUntil rating by rating, for lists that may hold
// ratings of units actor reviews and of others: a rating of a unit in (or
// under) one of reviewed is shown whenever it was made, any other only if
// made before cut, the start of today in congvu.TimeZone at now.
func VisibleCut(actor *congvu.Actor, now time.Time) (reviewed []string, cut time.Time) {
	return actor.Scopes(congvu.ActFeedbackReview), Day(now)
}

// RedactFor cuts a dashboard's range (From and To already whole days) for
// an actor who does not review feedback in every unit whose ratings it
// counts (unitPaths), as Filter.RedactFor cuts a list: the figures stop at
// the start of today (VisibleUntil), so that a count polled after each
// citizen leaves does not move with each new rating. It reports whether
// the actor sees each day's ratings only from the next day (Dashboard.Delayed)
// and whether it held today's back (Dashboard.TodayHeld); a range of today
// alone becomes empty, From = To = today.
func (f *DashboardFilter) RedactFor(actor *congvu.Actor, unitPaths []string, now time.Time) (delayed, held bool) {
	end := VisibleUntil(actor, unitPaths, now)
	if end.IsZero() {
		return false, false
	}
	if !f.To.IsZero() && !f.To.After(end) {
		return true, false
	}
	f.To = end
	if f.From.After(f.To) {
		f.From = f.To
	}
	return true, true
}

// VisibleUntil is the end (exclusive) of the ratings of the units
// unitPaths that lists and figures show actor at now: no end (the zero
// time) for those who review feedback in all of them, else the start of
// today in congvu.TimeZone. A rating of today reaches the rated official,
// and anyone else who may not review it, the next day, among the whole
// day's ratings: its day is all they learn of when it was made (see
// Feedback.RedactFor), and watching lists or counts through the day would
// otherwise tell it to the minute, and so who the citizen was.
func VisibleUntil(actor *congvu.Actor, unitPaths []string, now time.Time) time.Time {
	if Reviews(actor, unitPaths) {
		return time.Time{}
	}
	return Day(now)
}

// Reviews reports whether actor reviews feedback in every unit of
// unitPaths (false for none).
func Reviews(actor *congvu.Actor, unitPaths []string) bool {
	if len(unitPaths) == 0 {
		return false
	}
	for _, p := range unitPaths {
		if !actor.Can(congvu.ActFeedbackReview, p) {
			return false
		}
	}
	return true
}
