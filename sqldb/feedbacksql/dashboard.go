package feedbacksql

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/org"
	"congvu/sqldb"
	"congvu/vntext"
)

// DashboardService implements congvu.DashboardService. Its figures come
// only from the rollup tables (rollup_unit_day, which holds a unit's whole
// subtree with the eight behaviours as columns, and its per-official twin,
// migration 0043); only
// the comment feed reads raw ratings, by index, newest first.
type DashboardService struct{ db *sqldb.DB }

// NewDashboardService returns the dashboard service on db.
func NewDashboardService(db *sqldb.DB) *DashboardService { return &DashboardService{db: db} }

var _ feedback.DashboardService = (*DashboardService)(nil)

// subject is whom a dashboard is about: a unit subtree or an official.
type subject struct {
	unit     *org.Unit
	official *org.Official
}

func errNoDashboardSubject() error {
	return congvu.Errorf(congvu.EINVALID, "Xin chọn đơn vị hoặc cán bộ cần xem.")
}

// unitFor loads a unit the actor may view, else ENOTFOUND.
func (s *DashboardService) unitFor(ctx context.Context, id int64) (*org.Unit, error) {
	u, err := sqldb.LoadUnit(ctx, s.db, s.db.Read, "u.id = $1", id)
	if err != nil {
		return nil, err
	}
	if !congvu.ActorFromContext(ctx).Can(congvu.ActUnitView, u.Path) {
		return nil, sqldb.NotFoundUnit()
	}
	return u, nil
}

// officialFor loads an official whose dashboard the actor may see: their
// own, or one in their official-view scope; else ENOTFOUND.
func (s *DashboardService) officialFor(ctx context.Context, id int64) (*org.Official, error) {
	o, err := sqldb.LoadOfficial(ctx, s.db, s.db.Read, id)
	if err != nil {
		return nil, err
	}
	if !sqldb.CanViewOfficial(congvu.ActorFromContext(ctx), o) {
		return nil, sqldb.ErrNoOfficial()
	}
	o.BadgeToken = ""
	return o, nil
}

// normalize fills the defaults of f and checks it.
func (s *DashboardService) normalize(f *feedback.DashboardFilter) (sqldb.DayRange, error) {
	v := congvu.Validation{}
	if f.Period == "" {
		f.Period = feedback.PeriodMonth
	}
	if !f.Period.Valid() {
		v.Add("period", "Kỳ thống kê phải là tuần, tháng hoặc quý.")
		f.Period = feedback.PeriodMonth
	}
	r := sqldb.NormalizeDayRange(v, s.db.Now(), f.From, f.To, func(to time.Time) time.Time {
		return to.AddDate(0, 0, -feedback.DefaultDashboardDays)
	}, feedback.MaxDashboardDays)
	f.From, f.To = r.From, r.To
	return r, v.Err()
}

// Dashboard returns the figures of a unit subtree or an official, read from
// the rollups. See congvu.DashboardService.
func (s *DashboardService) Dashboard(ctx context.Context, f feedback.DashboardFilter) (*feedback.Dashboard, error) {
	if congvu.ActorFromContext(ctx).IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin vui lòng đăng nhập.")
	}
	var sub subject
	var err error
	switch {
	case f.OfficialID != 0:
		if sub.official, err = s.officialFor(ctx, f.OfficialID); err != nil {
			return nil, err
		}
	case f.UnitID != 0:
		if sub.unit, err = s.unitFor(ctx, f.UnitID); err != nil {
			return nil, err
		}
	default:
		return nil, errNoDashboardSubject()
	}
	rng, err := s.normalize(&f)
	if err != nil {
		return nil, err
	}
	// Those who do not review the ratings counted see the figures up to
	// yesterday (feedback.VisibleUntil).
	var counted []string
	if sub.official != nil {
		if counted, err = ratedUnitPaths(ctx, s.db, sub.official.ID); err != nil {
			return nil, err
		}
	} else {
		counted = []string{sub.unit.Path}
	}
	delayed, held := f.RedactFor(congvu.ActorFromContext(ctx), counted, s.db.Now())
	rng = sqldb.DayRange{From: congvu.Date(f.From), To: congvu.Date(f.To)}
	d := &feedback.Dashboard{From: rng.From, To: rng.To, Period: f.Period, MinSample: feedback.MinRankingSample, Delayed: delayed, TodayHeld: held}
	dayTable, key, id := "rollup_unit_day", "unit_id", int64(0)
	if sub.official != nil {
		dayTable, key, id = "rollup_official_day", "official_id", sub.official.ID
		d.OfficialID, d.Title = sub.official.ID, sub.official.FullName
	} else {
		id = sub.unit.ID
		d.UnitID, d.Title = sub.unit.ID, sub.unit.Name
	}
	from, to := rng.Bounds()

	// Tally, trend and the eight behaviours, from the day rows summed per
	// trend point by the database (trendSumsSQL): a few rows come back
	// whatever the number of days with ratings (scanning a row per day
	// made a busy commune's dashboard 3.4 times slower at 30M ratings than
	// at 1M).
	d.Trend = trendPoints(f.Period, rng)
	var a sqldb.Args
	rows, err := s.db.Read.QueryContext(ctx, trendSumsSQL(d.Trend, dayTable, key, id, from, to, s.db.Engine, &a), a...)
	if err != nil {
		return nil, s.db.Internal("dashboard days", err)
	}
	var sums itemSums
	for rows.Next() {
		var b int
		var t feedback.Tally
		var it itemSums
		dst := append([]any{&b, &t.Total, &t.VerySatisfied, &t.Satisfied, &t.Dissatisfied, &t.Flagged, &t.Rejected}, it.dest()...)
		if err := rows.Scan(dst...); err != nil {
			rows.Close()
			return nil, s.db.Internal("scan dashboard days", err)
		}
		d.Tally.Add(t)
		sums.add(&it)
		if b >= 0 && b < len(d.Trend) {
			d.Trend[b].Tally.Add(t)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.db.Internal("dashboard days", err)
	}
	d.Index = d.Tally.Index()
	for i := range d.Trend {
		d.Trend[i].Index = d.Trend[i].Tally.Index()
	}

	if d.Items, err = s.items(ctx, &sums); err != nil {
		return nil, err
	}
	d.Weakest = feedback.Weakest(d.Items, feedback.MinRankingSample, feedback.WeakestShown)

	if sub.unit != nil {
		if d.Children, err = s.rank(ctx, `SELECT u.id, u.name, `+sumCols+` FROM units u
			LEFT JOIN rollup_unit_day r ON r.unit_id = u.id AND r.day >= $2 AND r.day < $3
			WHERE u.parent_id = $1 AND u.active = TRUE GROUP BY u.id, u.name`, sub.unit.ID, from, to, false); err != nil {
			return nil, err
		}
		if congvu.ActorFromContext(ctx).Can(congvu.ActOfficialView, sub.unit.Path) {
			if d.Officials, err = s.rank(ctx, `SELECT o.id, o.full_name, `+sumCols+` FROM officials o
				LEFT JOIN rollup_official_day r ON r.official_id = o.id AND r.day >= $2 AND r.day < $3
				WHERE o.unit_id = $1 AND o.active = TRUE GROUP BY o.id, o.full_name`, sub.unit.ID, from, to, true); err != nil {
				return nil, err
			}
		}
	}
	return d, nil
}

// Predecessors lists the units that unit f.UnitID took over in a
// restructuring from a day after the range starts, with their figures for
// the part of the range before that day (see feedback.PredecessorRow).
// The day is sqldb.FiguresFrom of the restructuring: the one from which
// the rollups went to the new tree. Predecessors the actor may not view are
// left out. See feedback.DashboardService.
func (s *DashboardService) Predecessors(ctx context.Context, f feedback.DashboardFilter) ([]feedback.PredecessorRow, error) {
	actor := congvu.ActorFromContext(ctx)
	if actor.IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin vui lòng đăng nhập.")
	}
	if f.UnitID == 0 {
		return nil, errNoDashboardSubject()
	}
	u, err := s.unitFor(ctx, f.UnitID)
	if err != nil {
		return nil, err
	}
	if _, err := s.normalize(&f); err != nil {
		return nil, err
	}
	type pred struct {
		id         int64
		name, path string
		eff        any // a DATE
		created    time.Time
	}
	preds, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "predecessors", `SELECT p.id, p.name, p.path, r.effective_on, r.created_at
		FROM unit_successions su JOIN restructurings r ON r.id = su.restructuring_id JOIN units p ON p.id = su.from_unit_id
		WHERE su.to_unit_id = $1 AND su.from_unit_id <> su.to_unit_id AND r.effective_on > $2
		ORDER BY r.effective_on, p.name, p.id`, func(sc sqldb.Scanner) (pred, error) {
		var p pred
		err := sc.Scan(&p.id, &p.name, &p.path, &p.eff, &p.created)
		return p, err
	}, u.ID, f.From.Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	var out []feedback.PredecessorRow
	for _, p := range preds {
		if !actor.Can(congvu.ActUnitView, p.path) {
			continue
		}
		eff, err := sqldb.DateOf(p.eff)
		if err != nil {
			return nil, s.db.Internal("predecessor date", err)
		}
		from := dayOf(sqldb.FiguresFrom(eff, p.created))
		if !from.After(f.From) {
			continue
		}
		pf := feedback.DashboardFilter{UnitID: p.id, From: f.From, To: f.To}
		if from.Before(pf.To) {
			pf.To = from
		}
		pf.RedactFor(actor, []string{p.path}, s.db.Now())
		row := feedback.PredecessorRow{UnitID: p.id, Name: p.name, Effective: from, From: pf.From, To: pf.To}
		lo, hi := sqldb.DayRange{From: pf.From, To: pf.To}.Bounds()
		if err := s.db.Read.QueryRowContext(ctx, `SELECT `+sumCols+` FROM rollup_unit_day r WHERE r.unit_id = $1 AND r.day >= $2 AND r.day < $3`, p.id, lo, hi).
			Scan(&row.Tally.Total, &row.Tally.VerySatisfied, &row.Tally.Satisfied, &row.Tally.Dissatisfied, &row.Tally.Flagged, &row.Tally.Rejected); err != nil {
			return nil, s.db.Internal("predecessor figures", err)
		}
		row.Index = row.Tally.Index()
		out = append(out, row)
	}
	return out, nil
}

// dayOf is the calendar day of a date as midnight in congvu.TimeZone.
func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, congvu.TimeZone)
}

const sumCols = `COALESCE(SUM(r.total), 0), COALESCE(SUM(r.very_satisfied), 0), COALESCE(SUM(r.satisfied), 0),
	COALESCE(SUM(r.dissatisfied), 0), COALESCE(SUM(r.flagged), 0), COALESCE(SUM(r.rejected), 0)`

// itemSums are yes and asked of the eight behaviours, by index in
// feedback.FourXinCodes, as the rollup columns itemColumns hold them.
type itemSums struct{ yes, asked [8]int }

// dest are scan destinations for the itemColumns of a row.
func (x *itemSums) dest() []any {
	out := make([]any, 0, 16)
	for i := range x.yes {
		out = append(out, &x.yes[i], &x.asked[i])
	}
	return out
}

func (x *itemSums) add(y *itemSums) {
	for i := range x.yes {
		x.yes[i] += y.yes[i]
		x.asked[i] += y.asked[i]
	}
}

// itemSumCols sums the itemColumns of rollup rows r.
func itemSumCols() string {
	cols := itemColumns()
	for i, c := range cols {
		cols[i] = "COALESCE(SUM(r." + c + "), 0)"
	}
	return strings.Join(cols, ", ")
}

// items returns the compliance with the eight behaviours of sums, titled
// from the catalog version in force.
func (s *DashboardService) items(ctx context.Context, sums *itemSums) ([]feedback.ItemRate, error) {
	titles, err := s.titles(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]feedback.ItemRate, len(feedback.FourXinCodes))
	for i, c := range feedback.FourXinCodes {
		it := feedback.ItemRate{Code: c, Title: titles[c], Yes: sums.yes[i], Asked: sums.asked[i]}
		if it.Title == "" {
			it.Title = c
		}
		if it.Asked > 0 {
			it.Rate = 100 * float64(it.Yes) / float64(it.Asked)
		}
		out[i] = it
	}
	return out, nil
}

// titles returns the titles of the eight behaviours in the catalog version
// in force today.
func (s *DashboardService) titles(ctx context.Context) (map[string]string, error) {
	var a sqldb.Args
	tomorrow := congvu.Date(s.db.Now()).AddDate(0, 0, 1).Format(time.DateOnly)
	ph := make([]string, len(feedback.FourXinCodes))
	q := `SELECT i.code, i.title FROM standard_items i WHERE i.version_id =
		(SELECT v.id FROM standard_versions v WHERE v.effective_on < ` + a.Add(tomorrow) + ` ORDER BY v.effective_on DESC, v.id DESC LIMIT 1) AND i.code IN (`
	for i, c := range feedback.FourXinCodes {
		ph[i] = a.Add(c)
	}
	rows, err := s.db.Read.QueryContext(ctx, q+strings.Join(ph, ", ")+`)`, a...)
	if err != nil {
		return nil, s.db.Internal("standard titles", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var code, title string
		if err := rows.Scan(&code, &title); err != nil {
			return nil, s.db.Internal("scan standard title", err)
		}
		out[code] = title
	}
	return out, s.db.Internal("standard titles", rows.Err())
}

// rank runs a ranking query (id, name, then the sums of sumCols) and
// orders it: rows with at least MinRankingSample accepted ratings first,
// best index first; the others after them, most rated first.
func (s *DashboardService) rank(ctx context.Context, q string, id int64, from, to string, officials bool) ([]feedback.RankRow, error) {
	rows, err := s.db.Read.QueryContext(ctx, q, id, from, to)
	if err != nil {
		return nil, s.db.Internal("dashboard ranking", err)
	}
	defer rows.Close()
	var out []feedback.RankRow
	for rows.Next() {
		var r feedback.RankRow
		var rid int64
		t := &r.Tally
		if err := rows.Scan(&rid, &r.Name, &t.Total, &t.VerySatisfied, &t.Satisfied, &t.Dissatisfied, &t.Flagged, &t.Rejected); err != nil {
			return nil, s.db.Internal("scan ranking", err)
		}
		if officials {
			r.OfficialID = rid
		} else {
			r.UnitID = rid
		}
		r.Index = t.Index()
		r.Ranked = t.Total >= feedback.MinRankingSample
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, s.db.Internal("dashboard ranking", err)
	}
	sortRanking(out)
	return out, nil
}

// sortRanking orders a ranking: ranked rows (enough ratings) first, best
// index first, then more ratings, then by name; unranked rows after every
// ranked one, most rated first, then by name.
func sortRanking(rs []feedback.RankRow) {
	slices.SortStableFunc(rs, func(a, b feedback.RankRow) int {
		switch {
		case a.Ranked != b.Ranked:
			if a.Ranked {
				return -1
			}
			return 1
		case a.Ranked && a.Index != b.Index:
			if a.Index > b.Index {
				return -1
			}
			return 1
		case a.Tally.Total != b.Tally.Total:
			return b.Tally.Total - a.Tally.Total
		}
		return strings.Compare(vntext.Fold(a.Name), vntext.Fold(b.Name))
	})
}

// trendPoints returns the empty periods covering the range.
func trendPoints(p feedback.Period, r sqldb.DayRange) []feedback.TrendPoint {
	var out []feedback.TrendPoint
	for st := feedback.PeriodStart(p, r.From); st.Before(r.To); st = feedback.NextPeriod(p, st) {
		out = append(out, feedback.TrendPoint{Start: st, Label: feedback.PeriodLabel(p, st)})
	}
	return out
}

// maxTrendParts is the most trend points whose sums trendSumsSQL reads
// as one aggregate each.
const maxTrendParts = 16

// trendSumsSQL reads the sums (b, sumCols, itemSumCols) of the rollup rows
// of one unit or official (table, key = id) in [from, to) per trend point
// b of ps. Up to maxTrendParts points, an aggregate per point, glued by
// UNION ALL: each walks its own days in key order, with no sort; beyond,
// one GROUP BY over a bucket expression (a sort of the rows).
func trendSumsSQL(ps []feedback.TrendPoint, table, key string, id int64, from, to string, engine string, a *sqldb.Args) string {
	cols := sumCols + `, ` + itemSumCols()
	idp := a.Add(id)
	if len(ps) > maxTrendParts {
		return `SELECT b, ` + cols + ` FROM (SELECT ` + trendBucketSQL(ps, engine, a) + ` AS b, r.* FROM ` + table + ` r
			WHERE r.` + key + ` = ` + idp + ` AND r.day >= ` + a.Add(from) + ` AND r.day < ` + a.Add(to) + `) r GROUP BY b`
	}
	parts := make([]string, len(ps))
	for i, p := range ps {
		lo, hi := max(from, p.Start.Format(time.DateOnly)), to
		if i+1 < len(ps) {
			hi = min(to, ps[i+1].Start.Format(time.DateOnly))
		}
		parts[i] = fmt.Sprintf(`SELECT %d AS b, %s FROM %s r WHERE r.%s = %s AND r.day >= %s AND r.day < %s`, i, cols, table, key, idp, a.Add(lo), a.Add(hi))
	}
	return strings.Join(parts, " UNION ALL ")
}

// trendBucketSQL is an expression of a rollup row's r.day that gives the
// index in ps of the point whose period holds it (ps starts on or before
// the first day asked for).
func trendBucketSQL(ps []feedback.TrendPoint, engine string, a *sqldb.Args) string {
	if len(ps) <= 1 {
		return "0"
	}
	// On SQLite, +r.day has no affinity: compared as it is stored (text)
	// rather than each start being tried as a number row by row (the
	// column's DATE type has NUMERIC affinity).
	day := "r.day"
	if engine == sqldb.SQLite {
		day = "+r.day"
	}
	var b strings.Builder
	b.WriteString("CASE")
	for i := 1; i < len(ps); i++ {
		fmt.Fprintf(&b, " WHEN %s < %s THEN %d", day, a.Add(ps[i].Start.Format(time.DateOnly)), i-1)
	}
	fmt.Fprintf(&b, " ELSE %d END", len(ps)-1)
	return b.String()
}
