// Package conduct gives an official's year of conduct as the evaluation
// and the emulation read it: violations and their handling, discipline
// decisions, commendations. It compiles, never decides: the rules of the
// evaluation and the titles apply to what it returns.
package conduct

import (
	"congvu/commendation"
	"congvu/violation"
	"context"
	"time"
)

// Year is an official's year of conduct (a calendar year, Vietnam days).
type Year struct {
	OfficialID int64 `json:"official_id"`
	Year       int   `json:"year"`
	// Violations whose act falls in the year, naming the official, with
	// what became of the official.
	Violations []*violation.Violation `json:"violations"`
	// Handlings of the official recorded in the year.
	Handlings []*violation.Handling `json:"handlings"`
	// Disciplines are the decisions whose effective date falls in the
	// year (complaints annulled excluded, changed ones with their new
	// form).
	Disciplines []Discipline `json:"disciplines"`
	// Commendations of the year (praises issued and awards approved).
	Commendations []*commendation.Commendation `json:"commendations"`
}

// Discipline is one decision of the year.
type Discipline struct {
	CaseID      int64     `json:"case_id"`
	Form        string    `json:"form"`
	FormLabel   string    `json:"form_label"`
	Number      string    `json:"number"`
	SignedOn    time.Time `json:"signed_on"`
	EffectiveOn time.Time `json:"effective_on"`
	LastsUntil  time.Time `json:"lasts_until"`
	RuleSet     string    `json:"rule_set"`
}

// Disciplined reports whether the official was disciplined (any form:
// khiển trách or heavier) in the year, and the first such decision; the
// evaluation's rule ("bị kỷ luật … → không xếp loại hoàn thành nhiệm vụ trở
// lên") and the titles' ("không bị kỷ luật") read it.
func (y *Year) Disciplined() (Discipline, bool) {
	if len(y.Disciplines) == 0 {
		return Discipline{}, false
	}
	return y.Disciplines[0], true
}

// Service returns an official's year. The actor must be allowed to read the
// official's violations (ActViolationView in the subtree of the official's
// unit) or be the official; the reading is audited.
type Service interface {
	Year(ctx context.Context, officialID int64, year int) (*Year, error)
}
