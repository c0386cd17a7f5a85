package petitionsql

import (
	"congvu"
	"congvu/petition"
	"congvu/sqldb"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// statsSpan is a part of a dashboard's range read from one grain of the
// rollups: whole months from the month tables, days from the day tables;
// a negative span is taken out (the days of a month outside the range).
type statsSpan struct {
	grain, col string // "_day", "day" or "_month", "month"
	from, to   string // [from, to), yyyy-mm-dd
	neg        bool
}

// statsSpans splits [from, to) (Vietnam dates) into its whole months and
// its partial months at either end: each of those read as its days in the
// range, or as the whole month less its days outside the range, whichever
// reads fewer days.
func statsSpans(from, to time.Time) []statsSpan {
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	from = time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	to = time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, time.UTC)
	m1 := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	if from.Day() != 1 {
		m1 = m1.AddDate(0, 1, 0)
	}
	m2 := time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, time.UTC)
	if !m1.Before(m2) {
		return []statsSpan{{"_day", "day", day(from), day(to), false}}
	}
	var out []statsSpan
	// partial adds the days [a, b) of the month starting at month.
	partial := func(month, a, b time.Time) {
		next := month.AddDate(0, 1, 0)
		if in, outside := b.Sub(a), next.Sub(month)-b.Sub(a); in <= outside {
			out = append(out, statsSpan{"_day", "day", day(a), day(b), false})
			return
		}
		out = append(out, statsSpan{"_month", "month", day(month), day(next), false})
		if month.Before(a) {
			out = append(out, statsSpan{"_day", "day", day(month), day(a), true})
		}
		if b.Before(next) {
			out = append(out, statsSpan{"_day", "day", day(b), day(next), true})
		}
	}
	if from.Before(m1) {
		partial(m1.AddDate(0, -1, 0), from, m1)
	}
	out = append(out, statsSpan{"_month", "month", day(m1), day(m2), false})
	if m2.Before(to) {
		partial(m2, m2, to)
	}
	return out
}

// rollupRows is a subquery of the rows of rollup table base (without its
// grain) for unit (an argument) over the spans: keys and sums (negated
// for a negative span) from each grain, UNION ALL.
func rollupRows(base, keys, sums, unit string, sp []statsSpan, a *sqldb.Args) string {
	neg := make([]string, 0, 2)
	for _, c := range strings.Split(sums, ", ") {
		neg = append(neg, "-"+c+" AS "+c)
	}
	parts := make([]string, len(sp))
	for i, x := range sp {
		cols := sums
		if x.neg {
			cols = strings.Join(neg, ", ")
		}
		parts[i] = `SELECT ` + keys + `, ` + cols + ` FROM ` + base + x.grain + ` WHERE unit_id = ` + unit +
			` AND ` + x.col + ` >= ` + a.Add(x.from) + ` AND ` + x.col + ` < ` + a.Add(x.to)
	}
	return `(` + strings.Join(parts, ` UNION ALL `) + `)`
}

// statsRollups reads the figures from the rollups, less those of the
// petitions that concern the actor.
func (s *PetitionService) statsRollups(ctx context.Context, q *statsQuery) (*statsAcc, error) {
	c := newStatsAcc()
	sp := statsSpans(q.from, q.to)
	// read sums columns sums of the rows of rollup table base grouped by
	// columns keys, and scans each group (keys then sums).
	read := func(op, base, keys, sums string, scan func(sc sqldb.Scanner) error) error {
		var a sqldb.Args
		u := a.Add(q.unit.ID)
		var outer []string
		for _, c := range strings.Split(sums, ", ") {
			outer = append(outer, "SUM("+c+")")
		}
		rows, err := s.db.Read.QueryContext(ctx, `SELECT `+keys+`, `+strings.Join(outer, ", ")+` FROM `+
			rollupRows(base, keys, sums, u, sp, &a)+` r GROUP BY `+keys, a...)
		if err != nil {
			return s.db.Internal(op, err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return s.db.Internal(op, err)
			}
		}
		return s.db.Internal(op, rows.Err())
	}
	err := read("petition rollup counts", "rollup_petition", "category, status, conclusion", "n", func(sc sqldb.Scanner) error {
		var k [3]string
		var n int
		err := sc.Scan(&k[0], &k[1], &k[2], &n)
		c.counts[k] += n
		return err
	})
	if err != nil {
		return nil, err
	}
	err = read("petition rollup children", "rollup_petition_child", "child_id", "n", func(sc sqldb.Scanner) error {
		var id int64
		var n int
		err := sc.Scan(&id, &n)
		c.children[id] += n
		return err
	})
	if err != nil {
		return nil, err
	}
	err = read("petition rollup items", "rollup_petition_item", "item_code", "n", func(sc sqldb.Scanner) error {
		var code string
		var n int
		err := sc.Scan(&code, &n)
		c.items[code] += n
		return err
	})
	if err != nil {
		return nil, err
	}
	err = read("petition rollup stages", "rollup_petition_stage", "stage, tenths", "n, on_time", func(sc sqldb.Scanner) error {
		var stage petition.DeadlineStage
		var tenths int64
		var n, onTime int
		err := sc.Scan(&stage, &tenths, &n, &onTime)
		c.stage(stage, tenths, n, onTime)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := s.statsOverdue(ctx, q, c); err != nil {
		return nil, err
	}
	err = read("petition rollup subjects", "rollup_petition_subject", "subject_id", "concluded, founded", func(sc sqldb.Scanner) error {
		var id int64
		var concluded, founded int
		err := sc.Scan(&id, &concluded, &founded)
		addPair(c.units, id, concluded, founded)
		return err
	})
	if err != nil {
		return nil, err
	}
	if q.actor.Can(congvu.ActOfficialView, q.unit.Path) { // else not shown
		err = read("petition rollup officials", "rollup_petition_official", "official_id", "concluded, founded", func(sc sqldb.Scanner) error {
			var id int64
			var concluded, founded int
			err := sc.Scan(&id, &concluded, &founded)
			addPair(c.officials, id, concluded, founded)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	if q.concealed != "1=0" {
		// The petitions that concern the actor, through the indexes of
		// their official and units alone; then those of them the figures
		// count, by their ids (a plan the same whatever the scope).
		var ca sqldb.Args
		cond, err := sqldb.ConcealClauseOf(ctx, s.db.Read, q.actor, "petition", "p.id", &ca)
		if err != nil {
			return nil, s.db.Internal("petition stats", err)
		}
		ids, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "petition stats concerns", `SELECT p.id FROM petitions p WHERE `+cond,
			func(sc sqldb.Scanner) (string, error) {
				var id int64
				err := sc.Scan(&id)
				return strconv.FormatInt(id, 10), err
			}, ca...)
		if err != nil {
			return nil, err
		}
		if len(ids) > 0 {
			// Those in the dashboard's subtree and range, told apart here
			// rather than by the scope's conditions in SQL, so that every
			// query reaches them by id.
			type concern struct {
				id        string
				path      string
				submitted time.Time
			}
			list, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "petition stats concerns", `SELECT p.id, `+q.pathCol+`, p.submitted_at`+statsScoped+`
				WHERE p.id IN (`+strings.Join(ids, ", ")+`)`, func(sc sqldb.Scanner) (concern, error) {
				var x concern
				var id int64
				err := sc.Scan(&id, &x.path, &x.submitted)
				x.id = strconv.FormatInt(id, 10)
				return x, err
			})
			if err != nil {
				return nil, err
			}
			seg := sqldb.UnitSegment(q.unit.ID)
			ids = ids[:0]
			for _, x := range list {
				if strings.Contains(x.path, seg) && !x.submitted.Before(q.from) && x.submitted.Before(q.to) {
					ids = append(ids, x.id)
				}
			}
		}
		if len(ids) > 0 {
			concerns, err := s.statsCount(ctx, q, `p.id IN (`+strings.Join(ids, ", ")+`)`, nil)
			if err != nil {
				return nil, err
			}
			c.sub(concerns)
		}
	}
	return c, nil
}

// statsOverdue counts the petitions past their deadline: those due before
// today from the rollup of deadlines, those due today before now from
// their rows (few, through the index of deadlines).
func (s *PetitionService) statsOverdue(ctx context.Context, q *statsQuery, c *statsAcc) error {
	today := congvu.Date(q.now)
	var a sqldb.Args
	err := s.db.Read.QueryRowContext(ctx, `SELECT COALESCE(SUM(n), 0) FROM rollup_petition_due_day WHERE unit_id = `+a.Add(q.unit.ID)+
		` AND day >= `+a.Add(q.from.Format(time.DateOnly))+` AND day < `+a.Add(q.to.Format(time.DateOnly))+
		` AND due_day < `+a.Add(today.Format(time.DateOnly)), a...).Scan(&c.overdue)
	if err != nil {
		return s.db.Internal("petition rollup overdue", err)
	}
	args := slices.Clone(q.args)
	stopped := make([]string, len(petition.ClockStoppedStatuses))
	for i, st := range petition.ClockStoppedStatuses {
		stopped[i] = args.Add(string(st))
	}
	var n int
	// The petitions' deadline index first (WHERE as the index's, so that
	// both engines use it), then the dashboard's conditions on those.
	err = s.db.Read.QueryRowContext(ctx, `WITH d AS MATERIALIZED (SELECT id, unit_id, submitted_at FROM petitions
			WHERE due_at >= `+args.Add(sqldb.DayStart(today))+` AND due_at < `+args.Add(q.now)+` AND status NOT IN ('rejected', 'closed')
			AND status NOT IN (`+strings.Join(stopped, ", ")+`))
		SELECT COUNT(*) FROM d p JOIN units u ON u.id = p.unit_id WHERE `+q.where, args...).Scan(&n)
	if err != nil {
		return s.db.Internal("petition overdue today", err)
	}
	c.overdue += n
	return nil
}
