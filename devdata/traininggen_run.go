package devdata

import (
	"context"
	"time"

	"congvu/training"
)

// tgBatch is a transaction's worth of rows.
type tgBatch struct {
	assignments, attendances, named, years [][]any
}

// run writes the assignments of every official, a batch of officials per
// transaction, then the rollups.
func (g *tgGen) run(ctx context.Context) error {
	const per = 20000
	offs := g.vg.officials
	for start := 0; start < len(offs); start += per {
		var b tgBatch
		for i := start; i < min(start+per, len(offs)); i++ {
			g.official(&b, &offs[i])
		}
		err := g.vg.w.tx(ctx, func(t vgTx) error {
			for _, x := range []struct {
				table string
				cols  []string
				rows  [][]any
			}{
				{"training_campaign_officials", []string{"campaign_id", "official_id"}, b.named},
				{"training_assignments", []string{"campaign_id", "official_id", "unit_id", "year", "attended_at", "passed_at", "attempts",
					"best_score", "completed_at", "hours"}, b.assignments},
				{"training_attendances", []string{"session_id", "official_id", "method", "at"}, b.attendances},
				{"training_official_years", []string{"official_id", "year", "unit_id", "required", "completed", "passed", "hours", "quizzes"}, b.years},
			} {
				if err := t.rows(x.table, x.cols, x.rows); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if g.o.Progress != nil {
			g.o.Progress(min(start+per, len(offs)), len(offs))
		}
	}
	var rows [][]any
	for k, c := range g.rollups {
		rows = append(rows, []any{k.unit, int64(g.o.Year), k.campaign, int64(c.assigned), int64(c.completed), int64(c.passed)})
	}
	g.res.RollupRows = len(rows)
	return g.vg.w.tx(ctx, func(t vgTx) error {
		return t.rows("training_rollups", []string{"unit_id", "year", "campaign_id", "assigned", "completed", "passed"}, rows)
	})
}

// official adds the year of one official to b: an assignment in each
// campaign whose audience they belong to, what they attended and passed,
// their year, and the counts of every rollup row it touches.
func (g *tgGen) official(b *tgBatch, o *vgOfficial) {
	r := g.vg.rng
	u := &g.vg.units[o.unit]
	cs := []*tgCampaign{g.national}
	if len(u.ancestors) >= 2 {
		p := u.ancestors[1]
		if c := g.province[p]; c != nil {
			cs = append(cs, c)
		}
		if c := g.named[p]; c != nil && r.IntN(500) == 0 {
			cs = append(cs, c)
			b.named = append(b.named, []any{c.id, o.id})
		}
	}
	var year struct {
		required, completed, passed, quizzes int
		hours                                float64
	}
	for _, c := range cs {
		a := g.assignment(b, c, o, u)
		year.required++
		complete := training.Complete(&training.Campaign{QuizQuestions: c.quiz}, a)
		if a.PassedAt != nil {
			year.passed++
		}
		if c.quiz > 0 {
			year.quizzes++
		}
		var completedAt any
		var hours float64
		if complete {
			year.completed++
			g.res.Completed++
			at := *a.AttendedAt
			if a.PassedAt != nil && a.PassedAt.After(at) {
				at = *a.PassedAt
			}
			completedAt, hours = at, c.hours
			year.hours += hours
		}
		b.assignments = append(b.assignments, []any{c.id, o.id, u.id, int64(g.o.Year), timeOrNil(a.AttendedAt), timeOrNil(a.PassedAt),
			int64(a.Attempts), int64(a.BestScore), completedAt, hours})
		g.res.Assignments++
		for _, anc := range u.ancestors {
			n := g.count(anc, c.id)
			n.assigned++
			if complete {
				n.completed++
			}
			if a.PassedAt != nil {
				n.passed++
			}
		}
	}
	b.years = append(b.years, []any{o.id, int64(g.o.Year), u.id, int64(year.required), int64(year.completed), int64(year.passed), year.hours,
		int64(year.quizzes)})
	g.res.OfficialYears++
	for _, anc := range u.ancestors {
		n := g.count(anc, 0)
		n.assigned++
		if training.YearComplete(year.required, year.completed) {
			n.completed++
		}
		if training.YearPassed(year.quizzes, year.passed) {
			n.passed++
		}
	}
}

func (g *tgGen) count(unit, campaign int64) *tgCount {
	k := tgKey{unit, campaign}
	n := g.rollups[k]
	if n == nil {
		n = &tgCount{}
		g.rollups[k] = n
	}
	return n
}

func timeOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

// assignment draws what official o did in campaign c by the date of the
// data: attended in person (their class: at the child unit of the
// campaign's unit they belong to) or online, and the quiz.
func (g *tgGen) assignment(b *tgBatch, c *tgCampaign, o *vgOfficial, u *vgUnit) *training.Assignment {
	r := g.vg.rng
	a := &training.Assignment{BestScore: -1}
	if r.Float64() >= c.attend {
		return a
	}
	cu := &g.vg.units[c.unit]
	key := cu.id
	if l := len(cu.ancestors); c.audience != "named" && len(u.ancestors) > l {
		key = u.ancestors[l]
	}
	var at time.Time
	var session int64
	method := "online"
	if s, ok := c.inPerson[key]; ok && r.IntN(10) < 7 && s.starts.Before(g.now) {
		at, session = s.starts.Add(time.Duration(r.IntN(40)-10)*time.Minute), s.id
		method = "qr"
		if r.IntN(7) == 0 {
			method = "marked"
		}
	} else {
		end := c.online.ends
		if g.now.Before(end) {
			end = g.now
		}
		span := end.Sub(c.online.starts)
		if span <= 0 {
			return a
		}
		at, session = c.online.starts.Add(time.Duration(r.Int64N(int64(span)))), c.online.id
	}
	at = at.UTC().Truncate(time.Second)
	a.AttendedAt = &at
	b.attendances = append(b.attendances, []any{session, o.id, method, at})
	g.res.Attendances++
	if c.quiz == 0 {
		return a
	}
	step := 100 / c.quiz
	score := func(lo, hi int) int { return min(100, (lo+r.IntN(hi-lo+1))*step) } // lo..hi correct answers
	pm := (c.passMark*c.quiz + 99) / 100                                         // correct answers to pass
	taken := at.Add(time.Duration(1+r.IntN(72*60)) * time.Minute)
	if !taken.Before(g.now) {
		return a
	}
	if r.Float64() < c.pass {
		a.Attempts = 1
		for a.Attempts < c.attempts && r.IntN(4) == 0 {
			a.Attempts++
		}
		a.BestScore = score(pm, c.quiz)
		p := taken.Add(time.Duration(a.Attempts-1) * 24 * time.Hour)
		if !p.Before(g.now) {
			a.Attempts, a.BestScore = 0, -1
			return a
		}
		a.PassedAt = &p
		g.res.Passed++
		return a
	}
	if r.IntN(10) < 3 {
		return a // attended, never tried the quiz
	}
	a.Attempts = 1 + r.IntN(c.attempts)
	a.BestScore = score(pm/3, pm-1)
	return a
}

// finish moves the id sequences past the generated rows and refreshes the
// planner's statistics.
func (g *tgGen) finish(ctx context.Context) error {
	switch w := g.vg.w.(type) {
	case *pgVG:
		for _, t := range []string{"officials", "training_campaigns", "training_sessions"} {
			if _, err := w.conn.Exec(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT GREATEST(MAX(id), 1) FROM `+t+`))`); err != nil {
				return err
			}
		}
		for _, t := range []string{"officials", "unit_official_counts", "training_campaigns", "training_campaign_officials", "training_sessions",
			"training_assignments", "training_attendances", "training_official_years", "training_rollups"} {
			if _, err := w.conn.Exec(ctx, `VACUUM (ANALYZE) `+t); err != nil {
				return err
			}
		}
		return nil
	default:
		return w.finish(ctx)
	}
}
