package training

import "time"

// RuleSet is a dated rule on officials' training obligations: the yearly
// minimum of hours of compulsory training (bồi dưỡng bắt buộc tối thiểu
// hằng năm) under the decree in force from From. Stored rows, seeded from
// DefaultRuleSets; an administrator adds a set from a date when the law
// changes, and the year's rule is the set in force on 1 January.
type RuleSet struct {
	Code     string     `json:"code"` // e.g. "101/2017"
	Basis    string     `json:"basis"`
	From     time.Time  `json:"from"`
	To       *time.Time `json:"to,omitempty"` // nil: open
	MinHours float64    `json:"min_hours"`    // hours a year; 0 for none
	// Note says what the hours cover and what is still to verify.
	Note      string    `json:"note"`
	Verified  bool      `json:"verified"`
	CreatedAt time.Time `json:"created_at"`
}

// RuleSetFor returns the set in force on day, nil when none is.
func RuleSetFor(sets []RuleSet, day time.Time) *RuleSet {
	var best *RuleSet
	for i := range sets {
		s := &sets[i]
		if s.From.After(day) || (s.To != nil && !s.To.After(day)) {
			continue
		}
		if best == nil || s.From.After(best.From) {
			best = s
		}
	}
	return best
}
