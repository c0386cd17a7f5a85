package feedbacksql

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

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

// newestFirst is the order of a comment feed whose reader sees the
// ratings' times.
const newestFirst = "f.submitted_at DESC, f.id DESC"

// smallSubtree is the most units a subtree may hold for its comment feed to
// be read unit by unit (then sorted); larger subtrees are read newest first
// along the time index, where their comments are frequent.
var smallSubtree = 64

// Comments lists recent comments of accepted ratings about a unit subtree
// or an official, newest first; a search matches the words of Query, in
// order, without diacritics, the last one as a prefix ("tan tin" finds
// "tận tình"). The total counts at most congvu.MaxCommentCount+1 ratings.
// See congvu.DashboardService.
//
// It reads raw ratings by index only: an official's or a small subtree's
// through feedback_comments_official/_unit (a few hundred rows a quarter,
// sorted), a large subtree's newest first along feedback_comments_at,
// stopping at the page; a search in a large subtree walks the search index
// newest first (SQLite; rating ids follow submission order) or uses its
// GIN index (PostgreSQL).
func (s *DashboardService) Comments(ctx context.Context, f feedback.Filter) ([]*feedback.Feedback, int, error) {
	actor := congvu.ActorFromContext(ctx)
	if actor.IsAnonymous() {
		return nil, 0, congvu.Errorf(congvu.EUNAUTH, "Xin vui lòng đăng nhập.")
	}
	var q sqldb.Args
	where := []string{"f.status = 'accepted'", "f.comment <> ''"}
	small, inUnits := true, false // inUnits: restricted to some units by unit_id
	var listed []string           // the units whose ratings the feed may hold
	switch {
	case f.OfficialID != 0:
		o, err := s.officialFor(ctx, f.OfficialID)
		if err != nil {
			return nil, 0, err
		}
		where = append(where, "f.official_id = "+q.Add(o.ID))
		if listed, err = ratedUnitPaths(ctx, s.db, o.ID); err != nil {
			return nil, 0, err
		}
	case f.UnitID != 0:
		u, err := s.unitFor(ctx, f.UnitID)
		if err != nil {
			return nil, 0, err
		}
		listed = []string{u.Path}
		if u.Path == congvu.RootUnitPath {
			small = false
			break
		}
		var n int
		if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM units WHERE path >= $1 AND path < $2 LIMIT $3) c`,
			u.Path, congvu.SubtreeUpper(u.Path), max(smallSubtree, 1)+1).Scan(&n); err != nil {
			return nil, 0, s.db.Internal("count subtree", err)
		}
		small, inUnits = n <= smallSubtree, true
		// The subtree as it stood when each rating was made, once a unit
		// has moved since the range starts (sqldb.PathAtExpr): a dissolved
		// district keeps its comments, a successor does not take over its
		// predecessors'.
		moved, err := sqldb.MovedSince(ctx, s.db, s.db.Read, f.From)
		if err != nil {
			return nil, 0, err
		}
		if moved {
			seg := q.Add("%" + sqldb.UnitSegment(u.ID) + "%")
			where = append(where, "f.unit_id IN (SELECT id FROM units WHERE "+sqldb.ScopeClause("path", []string{u.Path}, &q)+
				" UNION SELECT unit_id FROM unit_paths_before WHERE path LIKE "+seg+")",
				sqldb.PathAtExpr("f.unit_id", "f.submitted_at", "(SELECT cu.path FROM units cu WHERE cu.id = f.unit_id)")+" LIKE "+seg)
			break
		}
		if n == 1 {
			// A unit without units under it: its comment index's own
			// order, with no sort of the range's comments.
			where = append(where, "f.unit_id = "+q.Add(u.ID))
			break
		}
		where = append(where, "f.unit_id IN (SELECT id FROM units WHERE "+sqldb.ScopeClause("path", []string{u.Path}, &q)+")")
	default:
		scopes := actor.Scopes(congvu.ActUnitView)
		if len(scopes) == 0 {
			return nil, 0, nil
		}
		small, listed = false, scopes
		if !slices.Contains(scopes, congvu.RootUnitPath) {
			inUnits = true
			where = append(where, "f.unit_id IN (SELECT id FROM units WHERE "+sqldb.ScopeClause("path", scopes, &q)+")")
		}
	}
	now := s.db.Now()
	byTime := f.RedactFor(actor, listed, now)
	if !byTime {
		// Today's ratings only of the units the actor reviews
		// (feedback.VisibleCut).
		visible, _ := visibleClause(actor, now, "path", true, &q)
		where = append(where, visible)
	}
	if !f.From.IsZero() {
		where = append(where, "f.submitted_at >= "+q.Add(f.From.UTC()))
	}
	if !f.To.IsZero() {
		where = append(where, "f.submitted_at < "+q.Add(f.To.UTC()))
	}
	from, countFrom := "feedback f", "feedback f"
	order := newestFirst
	if !byTime {
		var err error
		if order, err = hiddenOrder(ctx, s.db, ""); err != nil {
			return nil, 0, err
		}
	}
	if s.db.Engine == sqldb.SQLite {
		// SQLite's planner would rather walk feedback_status_at (every
		// rating, not only those with a comment): name the index. A large
		// subtree is listed along the time index but counted unit by unit
		// (the count stops at MaxCommentCount+1 either way).
		switch {
		case f.OfficialID != 0:
			from = "feedback f INDEXED BY feedback_comments_official"
			countFrom = from
		case small:
			from = "feedback f INDEXED BY feedback_comments_unit"
			countFrom = from
		case inUnits:
			from = "feedback f INDEXED BY feedback_comments_at"
			countFrom = "feedback f INDEXED BY feedback_comments_unit"
		default: // the whole tree
			from = "feedback f INDEXED BY feedback_comments_at"
			countFrom = from
		}
	}
	words := vntext.SearchWords(f.Query)
	countOrder := "" // the count walks the list's order when it must stop early
	bigSearch := false
	if len(words) > 0 {
		switch {
		case s.db.Engine == sqldb.Postgres:
			// The phrase is checked row by row (ts_match_vq is @@ in a form
			// no index takes): a phrase makes the GIN index lossy. A subtree
			// or an official is read through its unit index; the whole tree
			// finds its candidates in the GIN index with the words alone
			// (exact), given memory enough for an exact bitmap.
			pre := slices.Clone(words)
			pre[len(pre)-1] += ":*"
			where = append(where, "ts_match_vq(to_tsvector('simple', f.search_comment), to_tsquery('simple', "+q.Add(strings.Join(pre, " <-> "))+"))")
			if !small && !inUnits {
				where = append(where, "to_tsvector('simple', f.search_comment) @@ to_tsquery('simple', "+q.Add(strings.Join(pre, " & "))+")")
				bigSearch = true
			}
		case small:
			// A small subtree's comments are few: match them here, the
			// way FTS5 would, instead of probing the index row by row.
			return s.matchComments(ctx, from, strings.Join(where, " AND "), order, q, words, f)
		default:
			// Walk the search index newest first (rating ids follow
			// submission order), from the first rating of the range on;
			// in a subtree, only the index rows of its units (scopeMatch).
			from = "feedback_fts CROSS JOIN feedback f ON f.id = feedback_fts.rowid"
			countFrom = from
			match := "search_comment : " + ftsPhrase(words)
			if inUnits {
				units, err := s.scopeMatch(ctx, listed)
				if err != nil {
					return nil, 0, err
				}
				if units != "" {
					// The units first: FTS5 then skips along the
					// subtree's rows (10-25% faster than the other way).
					match = "units : " + units + " AND " + match
				}
			}
			where = append(where, "feedback_fts MATCH "+q.Add(match))
			if !f.From.IsZero() {
				where = append(where, "feedback_fts.rowid >= COALESCE((SELECT id FROM feedback WHERE submitted_at >= "+q.Add(f.From.UTC())+" ORDER BY submitted_at LIMIT 1), 0)")
			}
			if byTime {
				order = "feedback_fts.rowid DESC"
			}
			countOrder = " ORDER BY feedback_fts.rowid DESC"
		}
	}
	cond := strings.Join(where, " AND ")
	var db sqldb.Querier = s.db.Read
	if bigSearch {
		// A national search on PostgreSQL: a read-only transaction with the
		// memory for an exact bitmap of the words' matches.
		tx, err := s.db.Read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return nil, 0, s.db.Internal("search comments", err)
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, `SELECT set_config('work_mem', '64MB', true)`); err != nil {
			return nil, 0, s.db.Internal("search comments", err)
		}
		db = tx
		// One pass: the newest matches up to the count's bound, then the page.
		rows, err := tx.QueryContext(ctx, fmt.Sprintf(`SELECT f.id FROM %s WHERE %s ORDER BY %s LIMIT %d`, from, cond, order, max(feedback.MaxCommentCount+1, max(f.Offset, 0)+congvu.ClampLimit(f.Limit))), q...)
		if err != nil {
			return nil, 0, s.db.Internal("search comments", err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, 0, s.db.Internal("search comments", err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, 0, s.db.Internal("search comments", err)
		}
		total := min(len(ids), feedback.MaxCommentCount+1)
		page := ids[min(max(f.Offset, 0), len(ids)):min(max(f.Offset, 0)+congvu.ClampLimit(f.Limit), len(ids))]
		out, err := s.commentsByID(ctx, tx, page, order)
		return out, total, err
	}
	if s.db.Engine == sqldb.SQLite && len(words) == 0 && (small || f.OfficialID != 0) && order == newestFirst {
		// An official's or a small subtree's feed: its comment index holds
		// all the list needs, so one walk of it gives the count and the
		// page's ids, and only the page's rows are read (sorting the
		// range's whole rows made a busy commune's feed grow with its
		// comments).
		ids, err := sqldb.QueryAll(ctx, s.db, db, "list comments", fmt.Sprintf(`SELECT f.id FROM %s WHERE %s ORDER BY %s LIMIT %d`,
			from, cond, order, max(feedback.MaxCommentCount+1, max(f.Offset, 0)+congvu.ClampLimit(f.Limit))), func(sc sqldb.Scanner) (int64, error) {
			var id int64
			return id, sc.Scan(&id)
		}, q...)
		if err != nil {
			return nil, 0, err
		}
		page := ids[min(max(f.Offset, 0), len(ids)):min(max(f.Offset, 0)+congvu.ClampLimit(f.Limit), len(ids))]
		out, err := s.commentsByID(ctx, db, page, order)
		return out, min(len(ids), feedback.MaxCommentCount+1), err
	}
	var total int
	if err := db.QueryRowContext(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT 1 FROM %s WHERE %s%s LIMIT %d) c`, countFrom, cond, countOrder, feedback.MaxCommentCount+1), q...).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("count comments", err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	out, err := s.scanComments(ctx, db, from, fmt.Sprintf(`%s ORDER BY %s LIMIT %d OFFSET %d`, cond, order, congvu.ClampLimit(f.Limit), max(f.Offset, 0)), q)
	return out, total, err
}

// scanComments lists comments FROM from (the rating table as f, maybe
// joined) WHERE rest (conditions, order and limit).
func (s *DashboardService) scanComments(ctx context.Context, db sqldb.Querier, from, rest string, q sqldb.Args) ([]*feedback.Feedback, error) {
	actor := congvu.ActorFromContext(ctx)
	rows, err := db.QueryContext(ctx, `SELECT f.id, f.unit_id, u.name, u.path, COALESCE(f.official_id, 0), COALESCE(o.full_name, ''),
		f.channel, f.satisfaction, f.comment, f.verified, f.status, f.submitted_at
		FROM `+from+` JOIN units u ON u.id = f.unit_id LEFT JOIN officials o ON o.id = f.official_id WHERE `+rest, q...)
	if err != nil {
		return nil, s.db.Internal("list comments", err)
	}
	defer rows.Close()
	var out []*feedback.Feedback
	for rows.Next() {
		fb := &feedback.Feedback{}
		var path string
		if err := rows.Scan(&fb.ID, &fb.UnitID, &fb.UnitName, &path, &fb.OfficialID, &fb.OfficialName, &fb.Channel, &fb.Satisfaction,
			&fb.Comment, &fb.Verified, &fb.Status, &fb.SubmittedAt); err != nil {
			return nil, s.db.Internal("scan comment", err)
		}
		fb.SubmittedAt = sqldb.UTC(fb.SubmittedAt)
		fb.RedactFor(actor, path)
		out = append(out, fb)
	}
	return out, s.db.Internal("list comments", rows.Err())
}

// matchComments searches the comments of a small subtree or an official on
// SQLite: it reads their folded text in the feed's order, matches the
// words here (the phrase, its last word a prefix, as the FTS5 query does)
// and loads the page.
func (s *DashboardService) matchComments(ctx context.Context, from, cond, order string, q sqldb.Args, words []string, f feedback.Filter) ([]*feedback.Feedback, int, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT f.id, f.search_comment FROM `+from+` WHERE `+cond+` ORDER BY `+order, q...)
	if err != nil {
		return nil, 0, s.db.Internal("search comments", err)
	}
	offset, limit := max(f.Offset, 0), congvu.ClampLimit(f.Limit)
	var page []int64
	total := 0
	for rows.Next() && total <= feedback.MaxCommentCount {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			rows.Close()
			return nil, 0, s.db.Internal("scan comment", err)
		}
		if !phraseMatch(text, words) {
			continue
		}
		if total >= offset && len(page) < limit {
			page = append(page, id)
		}
		total++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, s.db.Internal("search comments", err)
	}
	out, err := s.commentsByID(ctx, s.db.Read, page, order)
	return out, total, err
}

// commentsByID loads the comments with the given ids in order (over the
// rating table as f).
func (s *DashboardService) commentsByID(ctx context.Context, db sqldb.Querier, ids []int64, order string) ([]*feedback.Feedback, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var a sqldb.Args
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = a.Add(id)
	}
	return s.scanComments(ctx, db, "feedback f", `f.id IN (`+strings.Join(ph, ", ")+`) ORDER BY `+order, a)
}

// phraseMatch reports whether the folded text holds words as consecutive
// tokens, the last one as a prefix: FTS5's "w1 w2 w3"* with the unicode61
// tokenizer (tokens are runs of letters and numbers).
func phraseMatch(text string, words []string) bool {
	if !strings.Contains(text, words[0]) {
		return false // most comments, without splitting them into tokens
	}
	tokens := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	n := len(words)
	for i := 0; i+n <= len(tokens); i++ {
		ok := true
		for k := 0; k < n-1 && ok; k++ {
			ok = tokens[i+k] == words[k]
		}
		if ok && strings.HasPrefix(tokens[i+n-1], words[n-1]) {
			return true
		}
	}
	return false
}

// maxScopeUnits is the most unit ids a subtree search puts in its FTS5
// query (scopeMatch); a subtree that took in or gave away more units in
// restructurings is searched without them, the scope checked row by row.
var maxScopeUnits = 32

// scopeMatch returns the FTS5 query of the units column of feedback_fts
// (migration 0048) for a search in the subtrees at paths: the ids of their
// roots, of the units in them that ever moved and of the units that ever
// stood in them; "" when they are more than maxScopeUnits.
//
// An index row holds the ids on its unit's path and on every earlier path
// of that unit when it was indexed, so every rating the exact scope check
// keeps (the unit in a subtree now, or as it stood when rated) matches:
// if no unit on the chain from its unit up to the subtree's root has moved
// since the row was indexed, the root was on the path then; else the
// lowest unit on that chain that moved was, and it is in the subtree now
// (for the tree as it is) or stood in it (as it stood), and moved (a row in
// unit_paths_before). The query keeps its exact scope check: the column
// only narrows the candidates, so a search in a province reads the
// province's matches instead of the country's.
func (s *DashboardService) scopeMatch(ctx context.Context, paths []string) (string, error) {
	var ids []string
	var a sqldb.Args
	var past []string
	for _, p := range paths {
		seg := strings.Split(strings.Trim(p, "/"), "/")
		ids = append(ids, seg[len(seg)-1])
		past = append(past, "path LIKE "+a.Add("%/"+seg[len(seg)-1]+"/%"))
	}
	if len(ids) > maxScopeUnits {
		return "", nil
	}
	moved, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "moved units", `SELECT h.unit_id FROM unit_paths_before h JOIN units u ON u.id = h.unit_id
		WHERE `+sqldb.ScopeClause("u.path", paths, &a)+` UNION SELECT unit_id FROM unit_paths_before WHERE `+strings.Join(past, " OR ")+
		fmt.Sprintf(" LIMIT %d", maxScopeUnits+1), func(sc sqldb.Scanner) (string, error) {
		var id int64
		err := sc.Scan(&id)
		return strconv.FormatInt(id, 10), err
	}, a...)
	if err != nil {
		return "", err
	}
	ids = append(ids, moved...)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) > maxScopeUnits {
		return "", nil
	}
	return `("` + strings.Join(ids, `" OR "`) + `")`, nil
}

// ftsPhrase is the FTS5 query of folded words: the phrase, its last word
// a prefix.
func ftsPhrase(words []string) string { return `"` + strings.Join(words, " ") + `"*` }
