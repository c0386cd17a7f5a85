package feedback

import "congvu"

// RedactFor hides from actor what a rating of the unit at unitPath shows
// only to those who review feedback there (congvu.ActFeedbackReview): the
// rater's contact, and the dossier code, which names the citizen's case and
// so the citizen to anyone who can look the dossier up (the rated official
// first of all). The idempotency key is shown to nobody. Storage applies it
// to every rating it hands out, whatever the edge (web page, API, export).
func (f *Feedback) RedactFor(actor *congvu.Actor, unitPath string) {
	if !actor.Can(congvu.ActFeedbackReview, unitPath) {
		f.Contact = ""
		f.DossierCode = ""
	}
	f.IdempotencyKey = ""
}
