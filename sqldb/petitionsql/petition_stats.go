package petitionsql

import (
	"cmp"
	"congvu/feedback"
	"congvu/org"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/standardsql"
	"context"
	"database/sql"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"congvu"
)

// Petition dashboard limits.
const (
	// defaultPetitionStatsDays is the range of the petitions dashboard when
	// none is given: a year, since petitions are few.
	defaultPetitionStatsDays = 365
	// topFoundedShown is how many officials and units the most-founded
	// lists show.
	topFoundedShown = 10
)

// Stats returns the figures of the petitions about a unit subtree submitted
// in [From, To): counts by category, status and child unit, the breached
// standard items, stage timings and the most founded officials and units
// (with at least petition.MinSample concluded petitions). UnitID 0 is
// the actor's first ActPetitionView scope; a unit outside the actor's
// scopes is ENOTFOUND. Petitions that concern the actor (about their own
// record, or about a unit they work or worked in, see petition.Viewer) are
// left out of every figure, by the concealment clause of the lists.
//
// The figures are read from the rollups (petition_rollup.go), less what
// the petitions that concern the actor contribute, counted from their rows
// (few, found through the petitions' unit and official indexes): the same
// figures as statsRaw counts from the petitions. See petition.Service.
func (s *PetitionService) Stats(ctx context.Context, f petition.StatsFilter) (*petition.Stats, error) {
	q, err := s.statsQuery(ctx, f)
	if err != nil {
		return nil, err
	}
	acc, err := s.statsRollups(ctx, q)
	if err != nil {
		return nil, err
	}
	return s.statsOf(ctx, q, acc)
}

// statsRaw is Stats counted from the petitions' rows, without the
// rollups: the reference the tests and benchmarks compare Stats with.
func (s *PetitionService) statsRaw(ctx context.Context, f petition.StatsFilter) (*petition.Stats, error) {
	q, err := s.statsQuery(ctx, f)
	if err != nil {
		return nil, err
	}
	acc, err := s.statsCount(ctx, q, q.where+` AND NOT (`+q.concealed+`)`, q.cargs)
	if err != nil {
		return nil, err
	}
	return s.statsOf(ctx, q, acc)
}

// statsQuery is what a dashboard asks: its unit, range and the petitions
// counted, as SQL over petitions p JOIN units u ON u.id = p.unit_id.
type statsQuery struct {
	actor    *congvu.Actor
	unit     *org.Unit
	from, to time.Time
	now      time.Time
	moved    bool // a unit moved since from: paths are those at submission
	// where selects the petitions about the subtree as it stood when they
	// were submitted, submitted in the range, with args; concealed is the
	// condition of those that concern the actor ("1=0" for none).
	where, concealed, pathCol string
	// args are where's arguments, cargs where's and concealed's.
	args, cargs sqldb.Args
}

// statsQuery checks the actor and the filter and builds the query.
func (s *PetitionService) statsQuery(ctx context.Context, f petition.StatsFilter) (*statsQuery, error) {
	actor := congvu.ActorFromContext(ctx)
	if actor.IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin vui lòng đăng nhập.")
	}
	id := f.UnitID
	if id == 0 {
		scopes := actor.Scopes(congvu.ActPetitionView)
		if len(scopes) == 0 {
			return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền xem thống kê phản ánh.")
		}
		ids := sqldb.PathIDs(scopes[0])
		if len(ids) == 0 {
			return nil, sqldb.NotFoundUnit()
		}
		id = ids[len(ids)-1]
	}
	unit, err := sqldb.LoadUnit(ctx, s.db, s.db.Read, "u.id = $1", id)
	if err != nil {
		return nil, err
	}
	if !actor.Can(congvu.ActPetitionView, unit.Path) {
		return nil, sqldb.NotFoundUnit()
	}
	from, to, err := s.statsRange(f)
	if err != nil {
		return nil, err
	}
	q := &statsQuery{actor: actor, unit: unit, from: from, to: to, now: s.db.Now().UTC()}

	// The petitions of the figures: about a unit of the subtree as it stood
	// when they were submitted, submitted in the range, not about the actor.
	// When no unit has moved since the range starts, the tree as it stood
	// is the tree of today; else a petition counts where its unit stood on
	// the day (sqldb.PathAtExpr): a dissolved district keeps its past, a
	// successor does not take over its predecessors'.
	a := &q.args
	if q.moved, err = sqldb.MovedSince(ctx, s.db, s.db.Read, from); err != nil {
		return nil, err
	}
	lo, hi := a.Add(unit.Path), a.Add(congvu.SubtreeUpper(unit.Path))
	q.where = `u.path >= ` + lo + ` AND u.path < ` + hi
	q.pathCol = "u.path"
	if q.moved {
		q.pathCol = sqldb.PathAtExpr("p.unit_id", "p.submitted_at", "u.path")
		seg := a.Add("%" + sqldb.UnitSegment(unit.ID) + "%")
		q.where = `p.unit_id IN (SELECT id FROM units WHERE path >= ` + lo + ` AND path < ` + hi +
			` UNION SELECT unit_id FROM unit_paths_before WHERE path LIKE ` + seg + ` AND until_at > ` + a.Add(from.UTC()) + `) AND ` + q.pathCol + ` LIKE ` + seg
	}
	q.where += ` AND p.submitted_at >= ` + a.Add(from.UTC()) + ` AND p.submitted_at < ` + a.Add(to.UTC())
	// Never a petition that concerns the actor (petition.Viewer.Conflicted):
	// the figures count what the actor may open, by the clause of the lists.
	q.cargs = slices.Clone(q.args)
	if q.concealed, err = sqldb.ConcealClauseOf(ctx, s.db.Read, actor, "petition", "p.id", &q.cargs); err != nil {
		return nil, s.db.Internal("petition stats", err)
	}
	return q, nil
}

// statsScoped is the FROM of the queries over the petitions of a dashboard.
const statsScoped = ` FROM petitions p JOIN units u ON u.id = p.unit_id`

// statsAcc holds what the figures of a dashboard are made of: counts that
// add up, so that those of the petitions concerning the actor can be taken
// out of the rollups'.
type statsAcc struct {
	counts    map[[3]string]int // category, status, conclusion
	children  map[int64]int     // by the child of the unit (the unit itself for its own)
	items     map[string]int    // breached by founded conclusions
	stages    map[petition.DeadlineStage]map[int64][2]int
	overdue   int
	units     map[int64][2]int // concluded, founded at the petition's own unit
	officials map[int64][2]int // concluded, founded per official named
}

func newStatsAcc() *statsAcc {
	return &statsAcc{counts: map[[3]string]int{}, children: map[int64]int{}, items: map[string]int{},
		stages: map[petition.DeadlineStage]map[int64][2]int{}, units: map[int64][2]int{}, officials: map[int64][2]int{}}
}

func (c *statsAcc) stage(stage petition.DeadlineStage, tenths int64, n, onTime int) {
	m := c.stages[stage]
	if m == nil {
		m = map[int64][2]int{}
		c.stages[stage] = m
	}
	v := m[tenths]
	m[tenths] = [2]int{v[0] + n, v[1] + onTime}
}

func addPair(m map[int64][2]int, id int64, a, b int) {
	v := m[id]
	m[id] = [2]int{v[0] + a, v[1] + b}
}

// sub takes o out of c.
func (c *statsAcc) sub(o *statsAcc) {
	for k, n := range o.counts {
		c.counts[k] -= n
	}
	for k, n := range o.children {
		c.children[k] -= n
	}
	for k, n := range o.items {
		c.items[k] -= n
	}
	for stage, m := range o.stages {
		for t, v := range m {
			c.stage(stage, t, -v[0], -v[1])
		}
	}
	c.overdue -= o.overdue
	for id, v := range o.units {
		addPair(c.units, id, -v[0], -v[1])
	}
	for id, v := range o.officials {
		addPair(c.officials, id, -v[0], -v[1])
	}
}

// statsCount counts the figures of the petitions in where (over
// statsScoped, with args) from their rows.
func (s *PetitionService) statsCount(ctx context.Context, q *statsQuery, where string, args sqldb.Args) (*statsAcc, error) {
	c := newStatsAcc()
	type group struct {
		unitID, official           int64
		path, cat, status, outcome string
		count, pastDue             int
	}
	ga := slices.Clone(args)
	nowArg := ga.Add(q.now)
	sel := `SELECT unit_id, path, category, status, conclusion, official_id, COUNT(*), SUM(CASE WHEN due_at < ` + nowArg + ` THEN 1 ELSE 0 END)
		FROM (SELECT u.id AS unit_id, ` + q.pathCol + ` AS path, p.category, p.status, p.conclusion, COALESCE(p.official_id, 0) AS official_id, p.due_at` +
		statsScoped + ` WHERE ` + where + `) x
		GROUP BY unit_id, path, category, status, conclusion, official_id`
	groups, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "petition stats counts", sel, func(sc sqldb.Scanner) (group, error) {
		var g group
		var pastDue sql.NullInt64
		err := sc.Scan(&g.unitID, &g.path, &g.cat, &g.status, &g.outcome, &g.official, &g.count, &pastDue)
		g.pastDue = int(pastDue.Int64)
		return g, err
	}, ga...)
	if err != nil {
		return nil, err
	}
	seg := sqldb.UnitSegment(q.unit.ID)
	for _, g := range groups {
		c.counts[[3]string{g.cat, g.status, g.outcome}] += g.count
		if i := strings.Index(g.path, seg); i >= 0 {
			// The child the petition counts in is the unit after the
			// dashboard's in the path where its unit stood.
			child := q.unit.ID
			if rest := g.path[i+len(seg):]; rest != "" {
				child, _ = strconv.ParseInt(rest[:strings.IndexByte(rest, '/')], 10, 64)
			}
			c.children[child] += g.count
		}
		if st := petition.Status(g.status); !st.ClockStopped() { // a suspension stops the clock
			c.overdue += g.pastDue
		}
		if g.outcome != "" {
			founded := 0
			if petition.Conclusion(g.outcome).Breached() {
				founded = g.count
			}
			addPair(c.units, g.unitID, g.count, founded)
			if g.official != 0 {
				addPair(c.officials, g.official, g.count, founded)
			}
		}
	}
	type item struct {
		code string
		n    int
	}
	items, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "petition stats by item", `SELECT i.item_code, COUNT(*)`+statsScoped+`
		JOIN petition_items i ON i.petition_id = p.id
		WHERE `+where+` AND p.conclusion IN ('founded', 'partly') GROUP BY i.item_code`,
		func(sc sqldb.Scanner) (item, error) {
			var r item
			return r, sc.Scan(&r.code, &r.n)
		}, args...)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		c.items[it.code] += it.n
	}
	type stageRow struct {
		stage              petition.DeadlineStage
		started, done, due time.Time
	}
	stages, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "petition stats stages", `SELECT ps.stage, ps.started_at, ps.done_at, ps.due_at`+statsScoped+`
		JOIN petition_stages ps ON ps.petition_id = p.id WHERE `+where+` AND ps.done_at IS NOT NULL`,
		func(sc sqldb.Scanner) (stageRow, error) {
			var r stageRow
			return r, sc.Scan(&r.stage, &r.started, &r.done, &r.due)
		}, args...)
	if err != nil {
		return nil, err
	}
	for _, r := range stages {
		onTime := 0
		if !r.done.After(r.due) {
			onTime = 1
		}
		c.stage(r.stage, petition.StageTenths(r.started, r.done), 1, onTime)
	}
	return c, nil
}

// statsOf makes the dashboard's figures of acc.
func (s *PetitionService) statsOf(ctx context.Context, q *statsQuery, acc *statsAcc) (*petition.Stats, error) {
	unit := q.unit
	st := &petition.Stats{UnitID: unit.ID, Title: unit.Name, From: q.from, To: q.to, MinSample: petition.MinSample, Overdue: acc.overdue}
	byCat, byStatus := map[string]int{}, map[string]int{}
	for k, n := range acc.counts {
		st.Total += n
		byCat[k[0]] += n
		byStatus[k[1]] += n
		if !petition.Status(k[1]).Final() {
			st.Open += n
		}
		if k[2] != "" {
			st.Concluded += n
			if petition.Conclusion(k[2]).Breached() {
				st.Founded += n
			}
		}
	}
	for _, c := range petition.Categories {
		st.ByCategory = append(st.ByCategory, petition.CountRow{Key: string(c), Label: c.Label(), Count: byCat[string(c)]})
	}
	for _, x := range petition.Statuses {
		st.ByStatus = append(st.ByStatus, petition.CountRow{Key: string(x), Label: x.AnyKindLabel(), Count: byStatus[string(x)]})
	}
	var err error
	if st.ByUnit, err = s.statsByUnit(ctx, unit, acc.children); err != nil {
		return nil, err
	}
	var unitRows []petition.FoundedRow
	for id, v := range acc.units {
		unitRows = append(unitRows, petition.FoundedRow{ID: id, Concluded: v[0], Founded: v[1]})
	}
	if st.TopUnits = topFounded(unitRows); len(st.TopUnits) > 0 {
		// Their names, with the parent's to tell apart communes of the same name.
		var na sqldb.Args
		var ph []string
		for _, u := range st.TopUnits {
			ph = append(ph, na.Add(u.ID))
		}
		type names struct {
			id           int64
			name, parent string
		}
		list, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "petition stats unit names", `SELECT u.id, u.name, COALESCE(up.name, '')
			FROM units u LEFT JOIN units up ON up.id = u.parent_id WHERE u.id IN (`+strings.Join(ph, ", ")+`)`,
			func(sc sqldb.Scanner) (names, error) {
				var n names
				return n, sc.Scan(&n.id, &n.name, &n.parent)
			}, na...)
		if err != nil {
			return nil, err
		}
		for _, n := range list {
			for i := range st.TopUnits {
				if st.TopUnits[i].ID == n.id {
					st.TopUnits[i].Name, st.TopUnits[i].UnitName = n.name, n.parent
				}
			}
		}
	}
	if st.ByItem, err = s.statsByItem(ctx, acc.items); err != nil {
		return nil, err
	}
	statsStages(st, acc)
	if q.actor.Can(congvu.ActOfficialView, unit.Path) {
		var rows []petition.FoundedRow
		for id, v := range acc.officials {
			rows = append(rows, petition.FoundedRow{ID: id, Concluded: v[0], Founded: v[1]})
		}
		if st.TopOfficial = topFounded(rows); len(st.TopOfficial) > 0 {
			var na sqldb.Args
			var ph []string
			for _, o := range st.TopOfficial {
				ph = append(ph, na.Add(o.ID))
			}
			type names struct {
				id         int64
				name, unit string
			}
			list, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "petition stats official names", `SELECT o.id, o.full_name, ou.name
				FROM officials o JOIN units ou ON ou.id = o.unit_id WHERE o.id IN (`+strings.Join(ph, ", ")+`)`,
				func(sc sqldb.Scanner) (names, error) {
					var n names
					return n, sc.Scan(&n.id, &n.name, &n.unit)
				}, na...)
			if err != nil {
				return nil, err
			}
			for _, n := range list {
				for i := range st.TopOfficial {
					if st.TopOfficial[i].ID == n.id {
						st.TopOfficial[i].Name, st.TopOfficial[i].UnitName = n.name, n.unit
					}
				}
			}
		}
	}
	return st, nil
}

// statsRange is the dashboard's range of Vietnam dates, [from, to).
func (s *PetitionService) statsRange(f petition.StatsFilter) (time.Time, time.Time, error) {
	var from, to time.Time
	if f.To.IsZero() {
		to = congvu.Date(s.db.Now()).AddDate(0, 0, 1)
	} else {
		to = congvu.Date(f.To)
		if !to.Equal(f.To) {
			to = to.AddDate(0, 0, 1) // a time of day counts its whole day
		}
	}
	if f.From.IsZero() {
		from = to.AddDate(0, 0, -defaultPetitionStatsDays)
	} else {
		from = congvu.Date(f.From)
	}
	v := congvu.Validation{}
	switch {
	case !from.Before(to):
		v.Add("to", "Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.")
	case to.Sub(from) > feedback.MaxDashboardDays*24*time.Hour:
		v.Add("from", "Chỉ xem được tối đa 5 năm một lần.")
	case from.Year() < 2000 || to.Year() > 9999:
		v.Add("from", "Ngày không hợp lệ.")
	}
	return from, to, v.Err()
}

// statsByUnit lists the petition counts by child unit of unit (children:
// by the id of the child their unit stood under, unit's own for those
// about it), with a row for those about unit itself.
func (s *PetitionService) statsByUnit(ctx context.Context, unit *org.Unit, counts map[int64]int) ([]petition.CountRow, error) {
	type child struct {
		row    petition.CountRow
		active bool
	}
	children, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "petition stats child units", `SELECT id, name, active FROM units WHERE parent_id = $1`,
		func(sc sqldb.Scanner) (*child, error) {
			c := &child{}
			var id int64
			err := sc.Scan(&id, &c.row.Label, &c.active)
			c.row.Key = strconv.FormatInt(id, 10)
			return c, err
		}, unit.ID)
	if err != nil {
		return nil, err
	}
	byKey := map[string]*child{}
	for _, c := range children {
		byKey[c.row.Key] = c
	}
	self := &child{row: petition.CountRow{Key: strconv.FormatInt(unit.ID, 10), Label: unit.Name + " (trực tiếp)"}}
	// A child a petition counts in may be a child then if no longer now (a
	// commune of a district since abolished).
	var formerly []int64
	for id, n := range counts {
		if id == unit.ID {
			self.row.Count += n
			continue
		}
		key := strconv.FormatInt(id, 10)
		c := byKey[key]
		if c == nil {
			if n == 0 {
				continue
			}
			c = &child{row: petition.CountRow{Key: key}}
			byKey[key] = c
			children = append(children, c)
			formerly = append(formerly, id)
		}
		c.row.Count += n
	}
	if len(formerly) > 0 {
		var a sqldb.Args
		ph := make([]string, len(formerly))
		for i, id := range formerly {
			ph[i] = a.Add(id)
		}
		type name struct {
			id   int64
			name string
		}
		names, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "petition stats former child units", `SELECT id, name FROM units WHERE id IN (`+strings.Join(ph, ", ")+`)`,
			func(sc sqldb.Scanner) (name, error) {
				var n name
				return n, sc.Scan(&n.id, &n.name)
			}, a...)
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			byKey[strconv.FormatInt(n.id, 10)].row.Label = n.name
		}
	}
	var out []petition.CountRow
	for _, c := range children {
		if c.active || c.row.Count > 0 {
			out = append(out, c.row)
		}
	}
	if self.row.Count > 0 {
		out = append(out, self.row)
	}
	slices.SortFunc(out, func(x, y petition.CountRow) int {
		return cmp.Or(cmp.Compare(y.Count, x.Count), cmp.Compare(x.Label, y.Label))
	})
	return out, nil
}

// statsByItem lists the standard items breached in founded and partly
// founded conclusions, most first, labelled with the items' titles.
func (s *PetitionService) statsByItem(ctx context.Context, counts map[string]int) ([]petition.CountRow, error) {
	var rows []petition.CountRow
	for code, n := range counts {
		if n != 0 {
			rows = append(rows, petition.CountRow{Key: code, Count: n})
		}
	}
	if len(rows) == 0 {
		return nil, nil
	}
	titles, err := s.itemTitles(ctx, rows)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		rows[i].Label = cmp.Or(titles[rows[i].Key], rows[i].Key)
	}
	slices.SortFunc(rows, func(x, y petition.CountRow) int {
		return cmp.Or(cmp.Compare(y.Count, x.Count), cmp.Compare(x.Key, y.Key))
	})
	return rows, nil
}

// itemTitles returns the titles of the standard items with the rows' codes:
// from the newest catalog version holding each, else the embedded catalog.
func (s *PetitionService) itemTitles(ctx context.Context, rows []petition.CountRow) (map[string]string, error) {
	var a sqldb.Args
	var ph []string
	for _, r := range rows {
		ph = append(ph, a.Add(r.Key))
	}
	type title struct{ code, title string }
	list, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "petition stats item titles", `SELECT code, title FROM standard_items
		WHERE code IN (`+strings.Join(ph, ", ")+`) ORDER BY version_id, id`, func(sc sqldb.Scanner) (title, error) {
		var t title
		return t, sc.Scan(&t.code, &t.title)
	}, a...)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	if seed, err := standardsql.EmbeddedCatalog(); err == nil {
		for _, g := range seed.Groups {
			for _, it := range g.Items {
				out[it.Code] = it.Title
			}
		}
	}
	for _, t := range list { // later versions win
		out[t.code] = t.title
	}
	return out, nil
}

// statsStages fills the timing of each stage from the completed stages
// counted in acc (petition.MedianTenthsHours for the median), and the
// on-time rate over all of them.
func statsStages(st *petition.Stats, acc *statsAcc) {
	completed, timely := 0, 0
	for _, stage := range petition.DeadlineStages {
		t := petition.StageTiming{Stage: stage}
		var counts []petition.TenthsCount
		for tenths, v := range acc.stages[stage] {
			t.Completed += v[0]
			t.OnTime += v[1]
			if v[0] != 0 {
				counts = append(counts, petition.TenthsCount{Tenths: tenths, N: v[0]})
			}
		}
		t.MedianHours = petition.MedianTenthsHours(counts)
		st.Stages = append(st.Stages, t)
		completed += t.Completed
		timely += t.OnTime
	}
	if completed > 0 {
		st.OnTimeRate = round1(100 * float64(timely) / float64(completed))
	}
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// topFounded keeps the rows with enough concluded petitions and some
// founded, with their rate: most founded first, then the highest rate, the
// most concluded, at most topFoundedShown; nil for none.
func topFounded(rows []petition.FoundedRow) []petition.FoundedRow {
	var out []petition.FoundedRow
	for _, r := range rows {
		if r.Concluded >= petition.MinSample && r.Founded > 0 {
			r.Rate = round1(100 * float64(r.Founded) / float64(r.Concluded))
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(x, y petition.FoundedRow) int {
		return cmp.Or(cmp.Compare(y.Founded, x.Founded), cmp.Compare(y.Rate, x.Rate), cmp.Compare(y.Concluded, x.Concluded), cmp.Compare(x.ID, y.ID))
	})
	if len(out) > topFoundedShown {
		out = out[:topFoundedShown]
	}
	return out
}
