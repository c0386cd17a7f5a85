package demo

import (
	"congvu"
	"congvu/calendar"
	"congvu/petition"
	"fmt"
	"time"
)

// ---- the moments ----

// inOffice reports whether t is within office hours (7:30 to 16:45, Monday
// to Friday).
func inOffice(t time.Time) bool {
	l := t.In(congvu.TimeZone)
	m := l.Hour()*60 + l.Minute()
	return workday(l) && m >= 7*60+30 && m <= 16*60+45
}

func workday(t time.Time) bool {
	wd := t.In(congvu.TimeZone).Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

func midnight(t time.Time) time.Time {
	l := t.In(congvu.TimeZone)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, congvu.TimeZone)
}

// staffAfter is the office moment `days` working days after t, at minute
// of the working day (from 7:30), and always after t.
func staffAfter(t time.Time, days, minute int) time.Time {
	day := midnight(t)
	for !workday(day) {
		day = day.AddDate(0, 0, 1)
	}
	for n := days; n > 0; {
		day = day.AddDate(0, 0, 1)
		if workday(day) {
			n--
		}
	}
	at := day.Add(7*time.Hour + 30*time.Minute + time.Duration(minute)*time.Minute)
	if !at.After(t) {
		at = t.Add(time.Duration(10+minute%50) * time.Minute)
		if !inOffice(at) {
			return staffAfter(t, 1, minute%120)
		}
	}
	return at
}

// staffBefore is the office moment `days` working days before t, at minute
// of the working day, and always before t.
func staffBefore(t time.Time, days, minute int) time.Time {
	day := midnight(t)
	for !workday(day) {
		day = day.AddDate(0, 0, -1)
	}
	for n := days; n > 0; {
		day = day.AddDate(0, 0, -1)
		if workday(day) {
			n--
		}
	}
	at := day.Add(7*time.Hour + 30*time.Minute + time.Duration(minute)*time.Minute)
	if !at.Before(t) {
		at = t.Add(-time.Duration(10+minute%50) * time.Minute)
		if !inOffice(at) {
			return staffBefore(t, 1, minute%120)
		}
	}
	return at
}

func defaultRule(stage petition.DeadlineStage) petition.DeadlineRule {
	for _, d := range petition.DefaultDeadlineRules {
		if d.Stage == stage {
			return petition.DeadlineRule{Stage: stage, Days: d.Days, WorkingDays: d.WorkingDays, RemindDays: d.RemindDays, EscalateDays: d.EscalateDays}
		}
	}
	panic("demo: no deadline rule for " + string(stage))
}

// holds reports whether a stage due at due stands at now as tm says.
func (tm timing) holds(now, due time.Time, rule petition.DeadlineRule) bool {
	remind := due.AddDate(0, 0, -rule.RemindDays)
	escalate := due.AddDate(0, 0, rule.EscalateDays)
	switch tm {
	case onTime:
		return now.Before(remind.Add(-time.Hour))
	case nearDue:
		return now.After(remind.Add(time.Hour)) && now.Before(due.Add(-time.Hour))
	case late:
		return now.After(due.Add(time.Hour)) && now.Before(escalate.Add(-time.Hour))
	}
	return now.After(escalate.Add(24*time.Hour)) && now.Before(escalate.AddDate(0, 0, 15))
}

// fallback is the timing to use when none fits tm: late and escalated
// stay overdue, the others stay in time.
func (tm timing) fallback() timing {
	return [...]timing{onTime: nearDue, nearDue: onTime, late: escalated, escalated: late}[tm]
}

// schedule returns the moment of each action of sp for a load at now;
// first holds the moments of the petition sp repeats, if any. Deadlines are
// counted on cal, as the petition service counts them.
func (sp *petitionSpec) schedule(cal *calendar.Calendar, now time.Time, first []time.Time) ([]time.Time, error) {
	acts := sp.actions
	times := make([]time.Time, len(acts))
	forward := func(t0 time.Time) {
		times[0] = t0
		for i := 1; i < len(acts); i++ {
			if acts[i].kind == actMessage {
				times[i] = times[i-1].Add(time.Duration(acts[i].days)*time.Hour + time.Duration(acts[i].minute)*time.Minute)
			} else {
				times[i] = staffAfter(times[i-1], acts[i].days, acts[i].minute)
			}
		}
	}
	citizen := func(day time.Time) time.Time {
		return midnight(day).Add(time.Duration(sp.hour)*time.Hour + time.Duration(sp.minute)*time.Minute)
	}
	if sp.target.Final() {
		if sp.dupOf != 0 {
			forward(citizen(first[0].AddDate(0, 0, sp.dupDays)))
			if !times[len(times)-1].Before(now) {
				return nil, fmt.Errorf("demo: petition %q repeats one too recent", sp.description)
			}
			return times, nil
		}
		t0 := citizen(now.AddDate(0, 0, -sp.ageDays))
		for forward(t0); !times[len(times)-1].Before(now.Add(-time.Hour)); forward(t0) {
			t0 = t0.AddDate(0, 0, -7) // whole weeks keep the weekdays
		}
		return times, nil
	}

	// An open petition: find when its current stage started, so that its
	// deadline stands as sp.timing says; the steps before it go backward
	// from there, the notes and messages after it forward, up to now.
	k := 0
	for i, a := range acts {
		if a.stage() != "" {
			k = i
		}
	}
	rule := defaultRule(acts[k].stage())
	minSpan := time.Duration(len(acts)-1-k) * 26 * time.Hour
	var cands []time.Time
	// A short stage may have no deadline in the window at some hours (the
	// days to assign end on working days, two days of escalation after a
	// Friday end on Sunday): then the timing next to it will do.
	for _, tm := range []timing{sp.timing, sp.timing.fallback()} {
		if len(cands) > 0 {
			break
		}
		for h := 1; h < 24*(rule.Days*7/5+rule.EscalateDays+20); h++ {
			s := now.Add(-time.Duration(h)*time.Hour - time.Duration(sp.minute)*time.Minute)
			if k == 0 {
				if l := s.In(congvu.TimeZone); l.Hour() < 6 || l.Hour() >= 23 {
					continue
				}
			} else if !inOffice(s) {
				continue
			}
			if now.Sub(s) < minSpan || !tm.holds(now, rule.AddDays(cal, s), rule) {
				continue
			}
			cands = append(cands, s)
		}
	}
	if len(cands) == 0 {
		return nil, fmt.Errorf("demo: no moment fits petition %q", sp.description)
	}
	s := cands[int(sp.pick*float64(len(cands)))]
	times[k] = s
	for i := k; i > 0; i-- {
		times[i-1] = staffBefore(times[i], acts[i].days, acts[i-1].minute)
	}
	if k > 0 { // the citizen wrote in the evening or early morning
		times[0] = times[0].Add(-time.Duration(30+sp.minute*9) * time.Minute)
	}
	span := now.Sub(s)
	prev := s
	for j := k + 1; j < len(acts); j++ {
		t := s.Add(time.Duration(float64(span) * acts[j].frac))
		if acts[j].kind != actMessage && !inOffice(t) {
			t = staffAfter(t, 0, acts[j].minute%240)
		}
		if !t.After(prev) {
			t = prev.Add(10 * time.Minute)
		}
		if !t.Before(now.Add(-15 * time.Minute)) {
			t = prev.Add(now.Sub(prev) / 2)
		}
		times[j], prev = t, t
	}
	return times, nil
}
