package training

import "time"

// YearComplete is the rule of an official's year: they hold assignments
// in the year and every one is complete. The year's coverage counts them
// complete then.
func YearComplete(required, completed int) bool { return required > 0 && completed >= required }

// YearPassed is the rule of an official's year of quizzes: they hold
// assignments with a quiz in the year and passed every one. An official
// whose campaigns had no quiz does not count as passed.
func YearPassed(quizzes, passed int) bool { return quizzes > 0 && passed >= quizzes }

// Event is what a step of an official's training records on their
// assignment: an attendance (in person or online), a quiz attempt, a pass.
type Event struct {
	Attended  *time.Time
	Passed    *time.Time
	Score     int // percent, with Attempted
	Attempted bool
}

// Apply returns a after ev under c's rules: the first attendance and the
// first pass stick, attempts count, the best score is kept, and the
// assignment completes (once, for good) by Complete, counting c's hours.
func Apply(c *Campaign, a Assignment, ev Event, now time.Time) Assignment {
	if ev.Attended != nil && a.AttendedAt == nil {
		t := *ev.Attended
		a.AttendedAt = &t
	}
	if ev.Passed != nil && a.PassedAt == nil {
		t := *ev.Passed
		a.PassedAt = &t
	}
	if ev.Attempted {
		a.Attempts++
		a.BestScore = max(a.BestScore, ev.Score)
	}
	if a.CompletedAt == nil && Complete(c, &a) {
		t := now
		a.CompletedAt = &t
		a.Hours = c.Hours
	}
	return a
}
