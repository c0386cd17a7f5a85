package violationsql

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"congvu"
	"congvu/sqldb"
	"congvu/violation"
)

// RawDashboard counts the figures of a dashboard from the rows themselves
// (violations, their items, handlings, outcomes and cases, officials), in
// the tree as it stood on each figure's day, without the rollups. It is the
// reference the tests and benchmarks compare the rollups with; pages never
// call it. It does not audit.
func (s *DashboardService) RawDashboard(ctx context.Context, f violation.DashboardFilter) (*violation.Dashboard, error) {
	u, rng, err := s.subject(ctx, &f)
	if err != nil {
		return nil, err
	}
	d := &violation.Dashboard{UnitID: u.ID, UnitName: u.Name, From: rng.From, To: rng.To.AddDate(0, 0, -1)}
	from, to := rng.Bounds()
	moved, err := sqldb.MovedSince(ctx, s.db, s.db.Read, sqldb.DayStart(rng.From))
	if err != nil {
		return nil, err
	}
	var a sqldb.Args
	a.Add(from)
	a.Add(to)
	subtree := func(col string) string { return "" }
	if !moved {
		p, up := a.Add(u.Path), a.Add(congvu.SubtreeUpper(u.Path))
		subtree = func(col string) string { return ` AND ` + col + `.path >= ` + p + ` AND ` + col + `.path < ` + up }
	}
	type fact struct {
		unit int64
		day  time.Time
		key  string
		days int
		n    int
	}
	dayOf := func(v any) (time.Time, error) { return sqldb.DateOf(v) }
	var facts [4][]fact // status, item, outcome, delay
	st, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "raw violations", `SELECT v.unit_id, v.act_date, v.status, COUNT(*) FROM violations v
		JOIN units t ON t.id = v.unit_id WHERE v.act_date >= $1 AND v.act_date < $2`+subtree("t")+` GROUP BY v.unit_id, v.act_date, v.status`,
		func(sc sqldb.Scanner) (fact, error) {
			var x fact
			var day any
			if err := sc.Scan(&x.unit, &day, &x.key, &x.n); err != nil {
				return x, err
			}
			x.day, err = dayOf(day)
			return x, err
		}, a...)
	if err != nil {
		return nil, err
	}
	facts[0] = st
	items, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "raw violation items", `SELECT v.unit_id, v.act_date, i.item_code, COUNT(*) FROM violations v
		JOIN violation_items i ON i.violation_id = v.id JOIN units t ON t.id = v.unit_id
		WHERE v.status <> 'dismissed' AND v.act_date >= $1 AND v.act_date < $2`+subtree("t")+` GROUP BY v.unit_id, v.act_date, i.item_code`,
		func(sc sqldb.Scanner) (fact, error) {
			var x fact
			var day any
			if err := sc.Scan(&x.unit, &day, &x.key, &x.n); err != nil {
				return x, err
			}
			x.day, err = dayOf(day)
			return x, err
		}, a...)
	if err != nil {
		return nil, err
	}
	facts[1] = items
	// Decisions: read one by one (their days and delays are counted in Go).
	lo, hi := sqldb.DayStart(rng.From), sqldb.DayStart(rng.To)
	var b sqldb.Args
	b.Add(lo)
	b.Add(hi)
	subtreeB := func(col string) string { return "" }
	if !moved {
		p, up := b.Add(u.Path), b.Add(congvu.SubtreeUpper(u.Path))
		subtreeB = func(col string) string { return ` AND ` + col + `.path >= ` + p + ` AND ` + col + `.path < ` + up }
	}
	decision := func(sc sqldb.Scanner) (fact, error) {
		var x fact
		var at, ev sql.NullTime
		var kind, code, newForm string
		if err := sc.Scan(&x.unit, &kind, &code, &newForm, &at, &ev); err != nil {
			return x, err
		}
		if newForm != "" {
			code = newForm
		}
		x.key = kind + "\x00" + code
		x.day, _ = time.Parse(time.DateOnly, Day(at.Time))
		if ev.Valid {
			x.days = daysBetween(ev.Time, at.Time)
		}
		x.n = 1
		return x, nil
	}
	decs, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "raw handlings", `SELECT v.unit_id, 'measure', h.kind, '', h.decided_at, v.evidence_at
		FROM violation_handlings h JOIN violation_officials o ON o.violation_id = h.violation_id AND o.official_id = h.official_id AND o.outcome = 'handled'
		JOIN violations v ON v.id = h.violation_id JOIN units t ON t.id = v.unit_id
		WHERE h.decided_at >= $1 AND h.decided_at < $2`+subtreeB("t"), decision, b...)
	if err != nil {
		return nil, err
	}
	none, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "raw no action", `SELECT v.unit_id, 'measure', 'no_action', '', o.decided_at, v.evidence_at
		FROM violation_officials o JOIN violations v ON v.id = o.violation_id JOIN units t ON t.id = v.unit_id
		WHERE o.outcome = 'no_action' AND o.decided_at >= $1 AND o.decided_at < $2`+subtreeB("t"), decision, b...)
	if err != nil {
		return nil, err
	}
	// A case counts once, from its earliest evidence.
	caseRows, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "raw decisions", `SELECT c.id, c.unit_id, 'form', c.decision_form, c.complaint_new_form, c.decided_at, v.evidence_at
		FROM discipline_cases c JOIN units t ON t.id = c.unit_id
		LEFT JOIN discipline_case_violations cv ON cv.case_id = c.id LEFT JOIN violations v ON v.id = cv.violation_id
		WHERE c.decision_form <> '' AND c.complaint_outcome <> 'annulled' AND c.decided_at >= $1 AND c.decided_at < $2`+subtreeB("t")+` ORDER BY c.id, v.evidence_at`,
		func(sc sqldb.Scanner) (struct {
			id int64
			f  fact
		}, error) {
			var x struct {
				id int64
				f  fact
			}
			var err error
			x.f, err = decision(idScanner{sc, &x.id})
			return x, err
		}, b...)
	if err != nil {
		return nil, err
	}
	var cases []fact
	for i, x := range caseRows {
		if i == 0 || caseRows[i-1].id != x.id {
			cases = append(cases, x.f)
		}
	}
	facts[2] = slices.Concat(decs, none, cases)

	// Where each unit stood on each day.
	var ids []int64
	for _, fs := range facts {
		for _, x := range fs {
			if !slices.Contains(ids, x.unit) {
				ids = append(ids, x.unit)
			}
		}
	}
	hist, err := sqldb.PathsBefore(ctx, s.db, s.db.Read, ids)
	if err != nil {
		return nil, err
	}
	paths := map[int64]string{}
	for start := 0; start < len(ids); start += 500 {
		var c sqldb.Args
		ph := make([]string, 0, 500)
		for _, id := range ids[start:min(start+500, len(ids))] {
			ph = append(ph, c.Add(id))
		}
		type up struct {
			id   int64
			path string
		}
		ups, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "raw unit paths", `SELECT id, path FROM units WHERE id IN (`+strings.Join(ph, ", ")+`)`,
			func(sc sqldb.Scanner) (up, error) {
				var x up
				err := sc.Scan(&x.id, &x.path)
				return x, err
			}, c...)
		if err != nil {
			return nil, err
		}
		for _, x := range ups {
			paths[x.id] = x.path
		}
	}
	children, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "raw child units", `SELECT id, name FROM units WHERE parent_id = $1 AND active = TRUE`,
		func(sc sqldb.Scanner) (violation.UnitRow, error) {
			var r violation.UnitRow
			err := sc.Scan(&r.UnitID, &r.UnitName)
			return r, err
		}, u.ID)
	if err != nil {
		return nil, err
	}
	child := map[int64]int{}
	for i, c := range children {
		child[c.UnitID] = i
	}
	seg := sqldb.UnitSegment(u.ID)
	// in reports whether x counts in u's subtree, and the child it counts in
	// (-1: none).
	in := func(x fact) (bool, int) {
		p := sqldb.PathAt(hist[x.unit], paths[x.unit], sqldb.DayStart(x.day))
		if !strings.Contains(p, seg) {
			return false, -1
		}
		for _, id := range sqldb.PathIDs(p) {
			if i, ok := child[id]; ok {
				return true, i
			}
		}
		return true, -1
	}
	d.ByMonth = monthRows(rng)
	for _, x := range facts[0] {
		ok, c := in(x)
		if !ok {
			continue
		}
		switch x.key {
		case "open":
			d.Pending += x.n
		case "handled":
			d.Handled += x.n
		case "dismissed":
			d.Dismissed += x.n
			continue
		}
		addMonth(d.ByMonth, x.day, x.n)
		if c >= 0 {
			children[c].Count += x.n
		}
	}
	d.Total = d.Pending + d.Handled
	byItem := map[string]int{}
	for _, x := range facts[1] {
		if ok, _ := in(x); ok {
			byItem[x.key] += x.n
		}
	}
	var itemRows []violation.CountRow
	for k, n := range byItem {
		itemRows = append(itemRows, violation.CountRow{Key: k, Count: n})
	}
	if d.ByItem, err = s.titled(ctx, itemRows); err != nil {
		return nil, err
	}
	measures, forms, bins := map[string]int{}, map[string]int{}, map[int]int{}
	for _, x := range facts[2] {
		if ok, _ := in(x); !ok {
			continue
		}
		kind, code, _ := strings.Cut(x.key, "\x00")
		if kind == OutcomeForm {
			forms[code]++
		} else {
			measures[code]++
		}
		bins[DelayBin(x.days)]++
	}
	for k, n := range measures {
		d.ByMeasure = append(d.ByMeasure, violation.CountRow{Key: k, Label: MeasureLabel(k), Count: n})
	}
	sortCounts(d.ByMeasure)
	if len(forms) > 0 {
		labels, err := s.formLabels(ctx)
		if err != nil {
			return nil, err
		}
		for k, n := range forms {
			l := labels[k]
			if l == "" {
				l = k
			}
			d.ByForm = append(d.ByForm, violation.CountRow{Key: k, Label: l, Count: n})
		}
		sortCounts(d.ByForm)
	}
	var pairs [][2]int
	for k, n := range bins {
		pairs = append(pairs, [2]int{k, n})
	}
	setDelays(d, pairs)

	// Officials of today's tree, from the officials themselves.
	type count struct {
		path string
		n    int
	}
	counts, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "raw officials", `SELECT t.path, COUNT(*) FROM officials o JOIN units t ON t.id = o.unit_id
		WHERE o.active = TRUE AND t.path >= $1 AND t.path < $2 GROUP BY t.path`, func(sc sqldb.Scanner) (count, error) {
		var c count
		err := sc.Scan(&c.path, &c.n)
		return c, err
	}, u.Path, congvu.SubtreeUpper(u.Path))
	if err != nil {
		return nil, err
	}
	depth := len(sqldb.PathIDs(u.Path))
	for _, c := range counts {
		d.Officials += c.n
		if ids := sqldb.PathIDs(c.path); len(ids) > depth {
			if i, ok := child[ids[depth]]; ok {
				children[i].Officials += c.n
			}
		}
	}
	d.Per100 = per100(d.Total, d.Officials)
	for i := range children {
		children[i].Per100 = per100(children[i].Count, children[i].Officials)
	}
	SortUnits(children)
	d.ByUnit = children
	if d.Overdue, d.OverdueTotal, err = s.overdue(ctx, u); err != nil {
		return nil, err
	}
	return d, nil
}

// idScanner scans a leading id column into id, the rest with sc.
type idScanner struct {
	sc sqldb.Scanner
	id *int64
}

func (s idScanner) Scan(dest ...any) error { return s.sc.Scan(append([]any{s.id}, dest...)...) }
