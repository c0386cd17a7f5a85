package violationsql

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/violation"
	"congvu/vntext"
)

// DashboardService implements violation.DashboardService. Its figures come
// from the rollups (rollup_violation_*_day, read by their primary keys, and
// unit_official_counts); only the cases past their limit are read from the
// cases, by the index of those still running. RawDashboard counts the same
// figures from the rows, as the reference of tests and benchmarks.
type DashboardService struct {
	db *sqldb.DB

	// The officials of every subtree, summed from unit_official_counts,
	// kept while its change counter (the row of unit 0) stays the same.
	mu        sync.Mutex
	officials map[int64]int
	changes   int64
	// The names of the discipline forms, by the rule sets' number and
	// newest id.
	forms    map[string]string
	formsKey [2]int64
}

// NewDashboardService returns the violation dashboard service on db.
func NewDashboardService(db *sqldb.DB) *DashboardService { return &DashboardService{db: db} }

// subtreeOfficials returns the active officials of every unit's subtree
// (today's tree): one probe of the change counter, and when it moved, one
// read of the counts of every unit (some ten thousand rows for the
// country), summed up the tree.
func (s *DashboardService) subtreeOfficials(ctx context.Context) (map[int64]int, error) {
	var changes int64
	if err := s.db.Read.QueryRowContext(ctx, `SELECT active FROM unit_official_counts WHERE unit_id = 0`).Scan(&changes); err != nil {
		return nil, s.db.Internal("official count changes", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.officials != nil && s.changes == changes {
		return s.officials, nil
	}
	type count struct {
		path string
		n    int
	}
	counts, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "officials per unit", `SELECT u.path, c.active FROM unit_official_counts c
		JOIN units u ON u.id = c.unit_id WHERE c.active <> 0`, func(sc sqldb.Scanner) (count, error) {
		var c count
		err := sc.Scan(&c.path, &c.n)
		return c, err
	})
	if err != nil {
		return nil, err
	}
	m := map[int64]int{}
	for _, c := range counts {
		for _, id := range sqldb.PathIDs(c.path) {
			m[id] += c.n
		}
	}
	s.officials, s.changes = m, changes
	return m, nil
}

var _ violation.DashboardService = (*DashboardService)(nil)

// subject loads the unit of f after checking the actor may see its
// violations, and normalizes f's range.
func (s *DashboardService) subject(ctx context.Context, f *violation.DashboardFilter) (*org.Unit, sqldb.DayRange, error) {
	u, err := sqldb.DashboardUnit(ctx, s.db, f.UnitID, congvu.ActViolationView,
		func(a *congvu.Actor, path string) bool { return a.Can(congvu.ActViolationView, path) },
		"Tài khoản của bạn không được giao xem các vi phạm.")
	if err != nil {
		return nil, sqldb.DayRange{}, err
	}
	v := congvu.Validation{}
	r := sqldb.NormalizeDayRange(v, s.db.Now(), f.From, f.To, func(to time.Time) time.Time {
		return to.AddDate(0, -violation.DefaultDashboardMonths, 0)
	}, violation.MaxDashboardDays)
	f.UnitID, f.From, f.To = u.ID, r.From, r.To
	return u, r, v.Err()
}

// Dashboard returns the violation figures of a unit subtree over a period,
// read from the rollups. See violation.DashboardService. Violations count
// by the day of the act; measures, forms and the days to decision by the
// day decided. The cases past their limit are listed by unit, step and
// limit, without the official's name (read on the case itself, an audited
// reading): the dashboard holds no personal data and is not audited.
func (s *DashboardService) Dashboard(ctx context.Context, f violation.DashboardFilter) (*violation.Dashboard, error) {
	u, rng, err := s.subject(ctx, &f)
	if err != nil {
		return nil, err
	}
	d := &violation.Dashboard{UnitID: u.ID, UnitName: u.Name, From: rng.From, To: rng.To.AddDate(0, 0, -1)}
	sp := spansOf(rng)
	// One read after the other: in parallel, on SQLite, each would take a
	// reader connection whose page cache is cold for it.
	if err := s.days(ctx, d, u.ID, rng, sp); err != nil {
		return nil, err
	}
	if d.ByItem, err = s.items(ctx, u.ID, sp); err != nil {
		return nil, err
	}
	if err := s.children(ctx, d, u, sp); err != nil {
		return nil, err
	}
	if err := s.outcomes(ctx, d, u.ID, sp); err != nil {
		return nil, err
	}
	if d.Overdue, d.OverdueTotal, err = s.overdue(ctx, u); err != nil {
		return nil, err
	}
	// The overdue cases are a list of cases (page and export): their
	// reading is audited like any list of cases; the figures are not.
	if len(d.Overdue) > 0 {
		ids := make([]int64, len(d.Overdue))
		for i, c := range d.Overdue {
			ids[i] = c.ID
		}
		if err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
			return tx.Audit("discipline.read", "discipline_case", 0, u.ID, nil, map[string]any{"dashboard": true, "ids": ids, "total": d.OverdueTotal})
		}); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// span is a part of a dashboard's range read from one grain of the
// rollups: whole months from the month tables, the days of the partial
// months at either end from the day tables.
type span struct {
	grain, col string // "_day", "day" or "_month", "month"
	from, to   string // [from, to), yyyy-mm-dd
}

// spansOf splits a range into the days before its first whole month, its
// whole months and the days after them.
func spansOf(rng sqldb.DayRange) []span {
	from, to := rng.Bounds()
	m1 := time.Date(rng.From.Year(), rng.From.Month(), 1, 0, 0, 0, 0, time.UTC)
	if rng.From.Day() != 1 {
		m1 = m1.AddDate(0, 1, 0)
	}
	m2 := time.Date(rng.To.Year(), rng.To.Month(), 1, 0, 0, 0, 0, time.UTC)
	if !m1.Before(m2) {
		return []span{{"_day", "day", from, to}}
	}
	a, b := m1.Format(time.DateOnly), m2.Format(time.DateOnly)
	var out []span
	if from < a {
		out = append(out, span{"_day", "day", from, a})
	}
	out = append(out, span{"_month", "month", a, b})
	if b < to {
		out = append(out, span{"_day", "day", b, to})
	}
	return out
}

// rollupRows is a subquery of the rows of rollup table base (without its
// grain) for unit (an argument or a column) over the spans: cols (which
// may name the date column as {date}) from each grain, UNION ALL.
func rollupRows(base, cols, unit string, sp []span, a *sqldb.Args) string {
	parts := make([]string, len(sp))
	for i, x := range sp {
		parts[i] = `SELECT ` + strings.ReplaceAll(cols, "{date}", x.col) + ` FROM ` + base + x.grain + ` WHERE unit_id = ` + unit +
			` AND ` + x.col + ` >= ` + a.Add(x.from) + ` AND ` + x.col + ` < ` + a.Add(x.to)
	}
	return `(` + strings.Join(parts, ` UNION ALL `) + `)`
}

// monthRows returns the empty months of the range, keyed yyyy-mm.
func monthRows(rng sqldb.DayRange) []violation.CountRow {
	var out []violation.CountRow
	for m := time.Date(rng.From.Year(), rng.From.Month(), 1, 0, 0, 0, 0, time.UTC); m.Before(time.Date(rng.To.Year(), rng.To.Month(), rng.To.Day(), 0, 0, 0, 0, time.UTC)); m = m.AddDate(0, 1, 0) {
		out = append(out, violation.CountRow{Key: m.Format("2006-01"), Label: fmt.Sprintf("%02d/%d", int(m.Month()), m.Year())})
	}
	return out
}

// addMonth adds n to the month of day in rows.
func addMonth(rows []violation.CountRow, day time.Time, n int) {
	k := day.Format("2006-01")
	if i, ok := slices.BinarySearchFunc(rows, k, func(r violation.CountRow, k string) int { return strings.Compare(r.Key, k) }); ok {
		rows[i].Count += n
	}
}

// days reads the totals and the months from one rollup row per month
// (and per day of the partial months).
func (s *DashboardService) days(ctx context.Context, d *violation.Dashboard, unitID int64, rng sqldb.DayRange, sp []span) error {
	d.ByMonth = monthRows(rng)
	var a sqldb.Args
	u := a.Add(unitID)
	rows, err := s.db.Read.QueryContext(ctx, `SELECT d, open, handled, dismissed FROM `+
		rollupRows("rollup_violation_unit", "{date} AS d, open, handled, dismissed", u, sp, &a)+` r`, a...)
	if err != nil {
		return s.db.Internal("violation days", err)
	}
	defer rows.Close()
	for rows.Next() {
		var day any
		var open, handled, dismissed int
		if err := rows.Scan(&day, &open, &handled, &dismissed); err != nil {
			return s.db.Internal("scan violation day", err)
		}
		dd, err := sqldb.DateOf(day)
		if err != nil {
			return s.db.Internal("violation day", err)
		}
		d.Pending += open
		d.Handled += handled
		d.Dismissed += dismissed
		addMonth(d.ByMonth, dd, open+handled)
	}
	if err := rows.Err(); err != nil {
		return s.db.Internal("violation days", err)
	}
	d.Total = d.Pending + d.Handled
	return nil
}

// items reads the violations per item, titled, most first.
func (s *DashboardService) items(ctx context.Context, unitID int64, sp []span) ([]violation.CountRow, error) {
	var a sqldb.Args
	rows, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "violation items", `SELECT item_code, SUM(n) FROM `+
		rollupRows("rollup_violation_item", "item_code, n", a.Add(unitID), sp, &a)+` r GROUP BY item_code HAVING SUM(n) <> 0`,
		func(sc sqldb.Scanner) (violation.CountRow, error) {
			var r violation.CountRow
			err := sc.Scan(&r.Key, &r.Count)
			return r, err
		}, a...)
	if err != nil {
		return nil, err
	}
	return s.titled(ctx, rows)
}

// titled gives item rows their titles from the catalog (the latest version
// that has each code) and orders them, most first, then by code.
func (s *DashboardService) titled(ctx context.Context, rows []violation.CountRow) ([]violation.CountRow, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	codes := make([]string, len(rows))
	for i, r := range rows {
		codes[i] = r.Key
	}
	byCode, err := sqldb.ItemTitles(ctx, s.db, codes)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		if rows[i].Label = byCode[rows[i].Key]; rows[i].Label == "" {
			rows[i].Label = rows[i].Key
		}
	}
	sortCounts(rows)
	return rows, nil
}

// sortCounts orders rows most first, then by key.
func sortCounts(rows []violation.CountRow) {
	slices.SortFunc(rows, func(a, b violation.CountRow) int { return cmp.Or(b.Count-a.Count, strings.Compare(a.Key, b.Key)) })
}

// children reads the active sub-units with their violations and officials
// (per 100 officials), and the subtree's officials (today's tree, see
// subtreeOfficials).
func (s *DashboardService) children(ctx context.Context, d *violation.Dashboard, u *org.Unit, sp []span) error {
	var a sqldb.Args
	parent := a.Add(u.ID)
	rows, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "violation units", `SELECT c.id, c.name,
		COALESCE((SELECT SUM(open + handled) FROM `+rollupRows("rollup_violation_unit", "open, handled", "c.id", sp, &a)+` r), 0)
		FROM units c WHERE c.parent_id = `+parent+` AND c.active = TRUE`, func(sc sqldb.Scanner) (violation.UnitRow, error) {
		var r violation.UnitRow
		err := sc.Scan(&r.UnitID, &r.UnitName, &r.Count)
		return r, err
	}, a...)
	if err != nil {
		return err
	}
	officials, err := s.subtreeOfficials(ctx)
	if err != nil {
		return err
	}
	d.Officials = officials[u.ID]
	d.Per100 = per100(d.Total, d.Officials)
	for i := range rows {
		rows[i].Officials = officials[rows[i].UnitID]
		rows[i].Per100 = per100(rows[i].Count, rows[i].Officials)
	}
	SortUnits(rows)
	d.ByUnit = rows
	return nil
}

// per100 is n violations per 100 officials, rounded to two decimals.
func per100(n, officials int) float64 {
	if officials == 0 {
		return 0
	}
	return math.Round(10000*float64(n)/float64(officials)) / 100
}

// SortUnits orders sub-units most violations per 100 officials first,
// then most violations, then by name.
func SortUnits(rows []violation.UnitRow) {
	type keyed struct {
		violation.UnitRow
		key string
	}
	ks := make([]keyed, len(rows))
	for i, r := range rows {
		ks[i] = keyed{r, vntext.Fold(r.UnitName)}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(b.Per100, a.Per100), b.Count-a.Count, strings.Compare(a.key, b.key))
	})
	for i := range ks {
		rows[i] = ks[i].UnitRow
	}
}

// outcomes reads the measures, the forms and the days to decision.
func (s *DashboardService) outcomes(ctx context.Context, d *violation.Dashboard, unitID int64, sp []span) error {
	type oc struct {
		kind, code string
		n          int
	}
	var a sqldb.Args
	ocs, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "violation outcomes", `SELECT kind, code, SUM(n) FROM `+
		rollupRows("rollup_violation_outcome", "kind, code, n", a.Add(unitID), sp, &a)+` r GROUP BY kind, code HAVING SUM(n) <> 0`,
		func(sc sqldb.Scanner) (oc, error) {
			var x oc
			err := sc.Scan(&x.kind, &x.code, &x.n)
			return x, err
		}, a...)
	if err != nil {
		return err
	}
	var forms map[string]string
	for _, x := range ocs {
		switch x.kind {
		case OutcomeMeasure:
			d.ByMeasure = append(d.ByMeasure, violation.CountRow{Key: x.code, Label: MeasureLabel(x.code), Count: x.n})
		case OutcomeForm:
			if forms == nil {
				if forms, err = s.formLabels(ctx); err != nil {
					return err
				}
			}
			l := forms[x.code]
			if l == "" {
				l = x.code
			}
			d.ByForm = append(d.ByForm, violation.CountRow{Key: x.code, Label: l, Count: x.n})
		}
	}
	sortCounts(d.ByMeasure)
	sortCounts(d.ByForm)
	var b sqldb.Args
	bins, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "violation delays", `SELECT days, SUM(n) FROM `+
		rollupRows("rollup_violation_delay", "days, n", b.Add(unitID), sp, &b)+` r GROUP BY days HAVING SUM(n) <> 0`,
		func(sc sqldb.Scanner) ([2]int, error) {
			var b [2]int
			err := sc.Scan(&b[0], &b[1])
			return b, err
		}, b...)
	if err != nil {
		return err
	}
	setDelays(d, bins)
	return nil
}

// setDelays fills the days to decision from (bin, count) pairs: the
// median and the 90th percentile by nearest rank, each the value of its
// bin (DelayValue).
func setDelays(d *violation.Dashboard, bins [][2]int) {
	slices.SortFunc(bins, func(a, b [2]int) int { return cmp.Compare(a[0], b[0]) })
	n := 0
	for _, b := range bins {
		n += b[1]
	}
	d.DaysToDecision.Count = n
	if n == 0 {
		return
	}
	at := func(p float64) float64 {
		rank := max(int(math.Ceil(p*float64(n))), 1)
		seen := 0
		for _, b := range bins {
			if seen += b[1]; seen >= rank {
				return DelayValue(b[0])
			}
		}
		return DelayValue(bins[len(bins)-1][0])
	}
	d.DaysToDecision.Median, d.DaysToDecision.P90 = at(0.5), at(0.9)
}

// MeasureLabel is the Vietnamese name of a measure code of the rollups.
func MeasureLabel(code string) string {
	if code == MeasureNoAction {
		return violation.OutcomeNoAction.Label()
	}
	return violation.HandlingKind(code).Label()
}

// formLabels maps discipline form codes to their names, from the stored
// rule sets (the newest name of a code wins). Rule sets are only ever
// added: the map is kept while their number and newest id stay the same.
func (s *DashboardService) formLabels(ctx context.Context) (map[string]string, error) {
	var n, last int64
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(id), 0) FROM discipline_rule_sets`).Scan(&n, &last); err != nil {
		return nil, s.db.Internal("discipline rule sets", err)
	}
	s.mu.Lock()
	if s.forms != nil && s.formsKey == [2]int64{n, last} {
		defer s.mu.Unlock()
		return s.forms, nil
	}
	s.mu.Unlock()
	bodies, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "discipline forms", `SELECT body FROM discipline_rule_sets ORDER BY id`,
		func(sc sqldb.Scanner) (string, error) {
			var b string
			return b, sc.Scan(&b)
		})
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, b := range bodies {
		var rs struct {
			Forms []violation.Form `json:"forms"`
		}
		if json.Unmarshal([]byte(b), &rs) != nil {
			continue
		}
		for _, f := range rs.Forms {
			if f.Label != "" {
				out[f.Code] = f.Label
			}
		}
	}
	s.mu.Lock()
	s.forms, s.formsKey = out, [2]int64{n, last}
	s.mu.Unlock()
	return out, nil
}

// runningUndecided is the condition on discipline cases (alias c) still
// before their decision; its first term is the predicate of the partial
// index discipline_cases_due.
const runningUndecided = `c.status NOT IN ('closed', 'dropped', 'deferred') AND c.status IN ('review', 'council', 'decision')`

// overdue lists the cases of u's subtree past their limit and not decided
// yet, the longest overdue first (at most violation.OverdueShown), and
// counts them all. Only the case's id, unit, severity, step and dates are
// filled: no official is named.
func (s *DashboardService) overdue(ctx context.Context, u *org.Unit) ([]*violation.Case, int, error) {
	now := s.db.Now().UTC()
	where := ` FROM discipline_cases c JOIN units u ON u.id = c.unit_id
		WHERE ` + runningUndecided + ` AND c.due_at < $1 AND u.path >= $2 AND u.path < $3`
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*)`+where, now, u.Path, congvu.SubtreeUpper(u.Path)).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("overdue cases", err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	cases, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "overdue cases", `SELECT c.id, c.unit_id, u.name, c.severity, c.status, c.opened_at, c.due_at`+where+`
		ORDER BY c.due_at, c.id LIMIT `+fmt.Sprint(violation.OverdueShown), func(sc sqldb.Scanner) (*violation.Case, error) {
		c := &violation.Case{}
		if err := sc.Scan(&c.ID, &c.UnitID, &c.UnitName, &c.Severity, &c.Status, &c.OpenedAt, &c.DueAt); err != nil {
			return nil, err
		}
		c.OpenedAt, c.DueAt = c.OpenedAt.UTC(), c.DueAt.UTC()
		return c, nil
	}, now, u.Path, congvu.SubtreeUpper(u.Path))
	if err != nil {
		return nil, 0, err
	}
	return cases, total, nil
}
