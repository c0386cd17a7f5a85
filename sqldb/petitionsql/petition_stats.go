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
	"fmt"
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
// left out of every figure, by the concealment clause of the lists. Each query reaches the
// petitions through the subtree's units (petitions_unit: unit, submitted).
// See petition.Service.
func (s *PetitionService) Stats(ctx context.Context, f petition.StatsFilter) (*petition.Stats, error) {
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
	now := s.db.Now().UTC()
	st := &petition.Stats{UnitID: unit.ID, Title: unit.Name, From: from, To: to, MinSample: petition.MinSample}

	// The petitions of the figures: about a unit of the subtree as it stood
	// when they were submitted, submitted in the range, not about the actor.
	// When no unit has moved since the range starts, the tree as it stood
	// is the tree of today; else a petition counts where its unit stood on
	// the day (sqldb.PathAtExpr): a dissolved district keeps its past, a
	// successor does not take over its predecessors'.
	var a sqldb.Args
	moved, err := sqldb.MovedSince(ctx, s.db, s.db.Read, from)
	if err != nil {
		return nil, err
	}
	lo, hi := a.Add(unit.Path), a.Add(congvu.SubtreeUpper(unit.Path))
	where := `u.path >= ` + lo + ` AND u.path < ` + hi
	pathCol := "u.path"
	if moved {
		pathCol = sqldb.PathAtExpr("p.unit_id", "p.submitted_at", "u.path")
		seg := a.Add("%" + sqldb.UnitSegment(unit.ID) + "%")
		where = `p.unit_id IN (SELECT id FROM units WHERE path >= ` + lo + ` AND path < ` + hi +
			` UNION SELECT unit_id FROM unit_paths_before WHERE path LIKE ` + seg + ` AND until_at > ` + a.Add(from.UTC()) + `) AND ` + pathCol + ` LIKE ` + seg
	}
	where += ` AND p.submitted_at >= ` + a.Add(from.UTC()) + ` AND p.submitted_at < ` + a.Add(to.UTC())
	// Never a petition that concerns the actor (petition.Viewer.Conflicted):
	// the figures count what the actor may open, by the clause of the lists.
	concealed, err := sqldb.ConcealClauseOf(ctx, s.db.Read, actor, "petition", "p.id", &a)
	if err != nil {
		return nil, s.db.Internal("petition stats", err)
	}
	where += ` AND NOT (` + concealed + `)`
	const scoped = ` FROM petitions p JOIN units u ON u.id = p.unit_id`

	// One pass over the petitions, grouped by subject unit, category,
	// status and conclusion, gives the totals, categories, statuses, child
	// units and the most founded units.
	type group struct {
		unitID                     int64
		path, cat, status, outcome string
		count, pastDue             int
	}
	ga := slices.Clone(a)
	nowArg := ga.Add(now)
	q := `SELECT u.id, u.path, p.category, p.status, p.conclusion, COUNT(*), SUM(CASE WHEN p.due_at < ` + nowArg + ` THEN 1 ELSE 0 END)` +
		scoped + ` WHERE ` + where + ` GROUP BY u.id, u.path, p.category, p.status, p.conclusion`
	if moved {
		q = `SELECT unit_id, path, category, status, conclusion, COUNT(*), SUM(CASE WHEN due_at < ` + nowArg + ` THEN 1 ELSE 0 END)
			FROM (SELECT u.id AS unit_id, ` + pathCol + ` AS path, p.category, p.status, p.conclusion, p.due_at` + scoped + ` WHERE ` + where + `) x
			GROUP BY unit_id, path, category, status, conclusion`
	}
	groups, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "petition stats counts", q, func(sc sqldb.Scanner) (group, error) {
		var g group
		var pastDue sql.NullInt64
		err := sc.Scan(&g.unitID, &g.path, &g.cat, &g.status, &g.outcome, &g.count, &pastDue)
		g.pastDue = int(pastDue.Int64)
		return g, err
	}, ga...)
	if err != nil {
		return nil, err
	}
	byCat, byStatus, byPath := map[string]int{}, map[string]int{}, map[string]int{}
	units := map[int64]*petition.FoundedRow{}
	for _, g := range groups {
		st.Total += g.count
		byCat[g.cat] += g.count
		byStatus[g.status] += g.count
		byPath[g.path] += g.count
		if !petition.Status(g.status).Final() {
			st.Open += g.count
			if !petition.Status(g.status).ClockStopped() { // a suspension stops the clock
				st.Overdue += g.pastDue
			}
		}
		if g.outcome != "" {
			u := units[g.unitID]
			if u == nil {
				u = &petition.FoundedRow{ID: g.unitID}
				units[g.unitID] = u
			}
			u.Concluded += g.count
			st.Concluded += g.count
			if petition.Conclusion(g.outcome).Breached() {
				u.Founded += g.count
				st.Founded += g.count
			}
		}
	}
	for _, c := range petition.Categories {
		st.ByCategory = append(st.ByCategory, petition.CountRow{Key: string(c), Label: c.Label(), Count: byCat[string(c)]})
	}
	for _, x := range petition.Statuses {
		st.ByStatus = append(st.ByStatus, petition.CountRow{Key: string(x), Label: x.AnyKindLabel(), Count: byStatus[string(x)]})
	}
	if st.ByUnit, err = s.statsByUnit(ctx, unit, byPath); err != nil {
		return nil, err
	}
	var unitRows []petition.FoundedRow
	for _, u := range units {
		unitRows = append(unitRows, *u)
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

	if st.ByItem, err = s.statsByItem(ctx, scoped, where, a); err != nil {
		return nil, err
	}
	if err := s.statsStages(ctx, st, scoped, where, a); err != nil {
		return nil, err
	}
	if actor.Can(congvu.ActOfficialView, unit.Path) {
		rows, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "petition stats officials", `SELECT p.official_id, o.full_name, ou.name, COUNT(*),
				SUM(CASE WHEN p.conclusion IN ('founded', 'partly') THEN 1 ELSE 0 END)`+scoped+`
			JOIN officials o ON o.id = p.official_id JOIN units ou ON ou.id = o.unit_id
			WHERE `+where+` AND p.conclusion <> '' GROUP BY p.official_id, o.full_name, ou.name`+
			fmt.Sprintf(` HAVING COUNT(*) >= %d`, petition.MinSample),
			func(sc sqldb.Scanner) (petition.FoundedRow, error) {
				var r petition.FoundedRow
				return r, sc.Scan(&r.ID, &r.Name, &r.UnitName, &r.Concluded, &r.Founded)
			}, a...)
		if err != nil {
			return nil, err
		}
		st.TopOfficial = topFounded(rows)
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

// statsByUnit rolls the petition counts per subject unit path up to the
// child units of unit, and adds a row for those about unit itself.
func (s *PetitionService) statsByUnit(ctx context.Context, unit *org.Unit, byPath map[string]int) ([]petition.CountRow, error) {
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
	// A path is where the petition's unit stood when it was submitted: the
	// child it counts in is the unit after unit's own in it, a child then
	// if no longer now (a commune of a district since abolished).
	seg := sqldb.UnitSegment(unit.ID)
	var formerly []int64
	for path, n := range byPath {
		i := strings.Index(path, seg)
		if i < 0 {
			continue
		}
		rest := path[i+len(seg):]
		if rest == "" {
			self.row.Count += n
			continue
		}
		key := rest[:strings.IndexByte(rest, '/')]
		c := byKey[key]
		if c == nil {
			c = &child{row: petition.CountRow{Key: key}}
			byKey[key] = c
			children = append(children, c)
			id, _ := strconv.ParseInt(key, 10, 64)
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

// statsByItem counts the standard items breached in founded and partly
// founded conclusions, most first, labelled with the items' titles.
func (s *PetitionService) statsByItem(ctx context.Context, scoped, where string, a sqldb.Args) ([]petition.CountRow, error) {
	rows, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "petition stats by item", `SELECT i.item_code, COUNT(*)`+scoped+`
		JOIN petition_items i ON i.petition_id = p.id
		WHERE `+where+` AND p.conclusion IN ('founded', 'partly') GROUP BY i.item_code`,
		func(sc sqldb.Scanner) (petition.CountRow, error) {
			var r petition.CountRow
			return r, sc.Scan(&r.Key, &r.Count)
		}, a...)
	if err != nil || len(rows) == 0 {
		return nil, err
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

// statsStages fills the timing of each stage from the completed stage rows
// of the petitions, and the on-time rate over all of them. PostgreSQL
// aggregates in SQL (percentile_cont is the same median); SQLite has no
// median, so the durations are taken in Go.
func (s *PetitionService) statsStages(ctx context.Context, st *petition.Stats, scoped, where string, a sqldb.Args) error {
	timing := map[petition.DeadlineStage]*petition.StageTiming{}
	for _, stage := range petition.DeadlineStages {
		timing[stage] = &petition.StageTiming{Stage: stage}
	}
	from := scoped + ` JOIN petition_stages ps ON ps.petition_id = p.id WHERE ` + where + ` AND ps.done_at IS NOT NULL`
	if s.db.Engine == sqldb.Postgres {
		type agg struct {
			stage     petition.DeadlineStage
			n, onTime int
			median    float64
		}
		rows, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "petition stats stages", `SELECT ps.stage, COUNT(*), SUM(CASE WHEN ps.done_at <= ps.due_at THEN 1 ELSE 0 END),
				percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM ps.done_at - ps.started_at)::float8) / 3600`+from+` GROUP BY ps.stage`,
			func(sc sqldb.Scanner) (agg, error) {
				var r agg
				return r, sc.Scan(&r.stage, &r.n, &r.onTime, &r.median)
			}, a...)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if t := timing[r.stage]; t != nil {
				t.Completed, t.OnTime, t.MedianHours = r.n, r.onTime, round1(r.median)
			}
		}
	} else {
		type stageRow struct {
			stage         petition.DeadlineStage
			started, done time.Time
			onTime        bool
		}
		rows, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "petition stats stages", `SELECT ps.stage, ps.started_at, ps.done_at, ps.done_at <= ps.due_at`+from,
			func(sc sqldb.Scanner) (stageRow, error) {
				var r stageRow
				return r, sc.Scan(&r.stage, &r.started, &r.done, &r.onTime)
			}, a...)
		if err != nil {
			return err
		}
		hours := map[petition.DeadlineStage][]float64{}
		for _, r := range rows {
			if t := timing[r.stage]; t != nil {
				hours[r.stage] = append(hours[r.stage], r.done.Sub(r.started).Hours())
				t.Completed++
				if r.onTime {
					t.OnTime++
				}
			}
		}
		for stage, h := range hours {
			timing[stage].MedianHours = round1(median(h))
		}
	}
	completed, timely := 0, 0
	for _, stage := range petition.DeadlineStages {
		t := timing[stage]
		st.Stages = append(st.Stages, *t)
		completed += t.Completed
		timely += t.OnTime
	}
	if completed > 0 {
		st.OnTimeRate = round1(100 * float64(timely) / float64(completed))
	}
	return nil
}

// median returns the middle of xs (the mean of the two middle values for
// an even count), 0 for none. It sorts xs.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
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
