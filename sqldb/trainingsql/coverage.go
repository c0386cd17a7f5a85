package trainingsql

import (
	"congvu"
	"congvu/sqldb"
	"congvu/training"
	"context"
	"database/sql"
	"strings"
	"time"
)

const assignmentCols = `a.campaign_id, c.title, a.official_id, o.full_name, a.unit_id, u.name, c.ends_on, a.attended_at, a.passed_at,
	a.attempts, a.best_score, a.completed_at, a.hours`

const assignmentFrom = ` FROM training_assignments a JOIN training_campaigns c ON c.id = a.campaign_id
	JOIN officials o ON o.id = a.official_id JOIN units u ON u.id = a.unit_id`

func scanAssignment(sc sqldb.Scanner) (*training.Assignment, error) {
	x := &training.Assignment{}
	var ends any
	var attended, passed, completed sql.NullTime
	if err := sc.Scan(&x.CampaignID, &x.CampaignTitle, &x.OfficialID, &x.OfficialName, &x.UnitID, &x.UnitName, &ends, &attended, &passed,
		&x.Attempts, &x.BestScore, &completed, &x.Hours); err != nil {
		return nil, err
	}
	d, err := sqldb.DateOf(ends)
	if err != nil {
		return nil, err
	}
	x.EndsOn = d
	x.AttendedAt, x.PassedAt, x.CompletedAt = sqldb.UTCPtr(attended), sqldb.UTCPtr(passed), sqldb.UTCPtr(completed)
	return x, nil
}

// Assignments lists the assignments of the actor's scopes (by the unit the
// official was assigned in), narrowed by f; f.Behind lists those not
// complete. Lists of others are not personal-data readings.
func (s *Service) Assignments(ctx context.Context, f training.Filter) ([]*training.Assignment, int, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, 0, errSignIn()
	}
	scopes := training.ViewScopes(a)
	if len(scopes) == 0 {
		return nil, 0, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền xem kết quả bồi dưỡng.")
	}
	var args sqldb.Args
	w := []string{sqldb.ScopeClause("u.path", scopes, &args)}
	total, offset := -1, max(f.Offset, 0)
	if f.UnitID > 0 {
		u, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, f.UnitID)
		if err != nil {
			return nil, 0, err
		}
		if u == nil {
			return nil, 0, sqldb.NotFoundUnit()
		}
		w = append(w, sqldb.ScopeClause("u.path", []string{u.Path}, &args))
		if f.Status == "" && within(u.Path, scopes) { // the count and the page's units from the rollups
			var units []int64
			if total, units, offset, err = s.pageUnits(ctx, u.ID, u.Path, f); err != nil {
				return nil, 0, err
			}
			if len(units) == 0 {
				return nil, total, nil
			}
			w = append(w, "a.unit_id IN ("+idList(units)+")")
		}
	}
	if f.CampaignID > 0 {
		w = append(w, "a.campaign_id = "+args.Add(f.CampaignID))
	}
	if f.Year > 0 {
		w = append(w, "a.year = "+args.Add(f.Year))
	}
	if f.Status != "" {
		w = append(w, "c.status = "+args.Add(string(f.Status)))
	}
	if f.Behind {
		w = append(w, "a.completed_at IS NULL")
	}
	where := " WHERE " + strings.Join(w, " AND ")
	if total < 0 {
		if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*)`+assignmentFrom+where, args...).Scan(&total); err != nil {
			return nil, 0, s.db.Internal("count training assignments", err)
		}
	}
	q := `SELECT ` + assignmentCols + assignmentFrom + where + ` ORDER BY u.path, o.full_name, a.campaign_id, a.official_id LIMIT ` + args.Add(page(f.Limit)) +
		` OFFSET ` + args.Add(offset)
	list, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "training assignments", q, scanAssignment, args...)
	return list, total, err
}

// Mine lists the signed-in official's assignments, newest campaign first.
func (s *Service) Mine(ctx context.Context) ([]*training.Assignment, error) {
	off, err := officialOf(congvu.ActorFromContext(ctx))
	if err != nil {
		return nil, err
	}
	return sqldb.QueryAll(ctx, s.db, s.db.Read, "my training", `SELECT `+assignmentCols+assignmentFrom+`
		WHERE a.official_id = $1 AND c.status <> 'draft' ORDER BY c.ends_on DESC, a.campaign_id DESC`, scanAssignment, off)
}

// Coverage is f's unit (the actor's first scope when 0) and each of its
// children, in a year or a campaign, read from the rollups; Overdue counts
// the assignments not complete in campaigns whose period ended.
func (s *Service) Coverage(ctx context.Context, f training.CoverageFilter) (*training.Coverage, []training.Coverage, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, nil, errSignIn()
	}
	unitID := f.UnitID
	if unitID == 0 {
		scopes := training.ViewScopes(a)
		if len(scopes) == 0 {
			return nil, nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền xem kết quả bồi dưỡng.")
		}
		ids := sqldb.PathIDs(scopes[0])
		unitID = ids[len(ids)-1]
	}
	u, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, unitID)
	if err != nil {
		return nil, nil, err
	}
	if u == nil || !training.CanView(a, u.Path) {
		return nil, nil, sqldb.NotFoundUnit()
	}
	year, campaign := f.Year, f.CampaignID
	if campaign > 0 {
		c, err := s.loadCampaign(ctx, s.db.Read, campaign)
		if err != nil {
			return nil, nil, err
		}
		// A campaign the actor does not see is not found, unless it
		// trained staff of the unit (a district moved to another province
		// takes its figures of the old province's campaign with it).
		ok, err := s.canSee(ctx, a, c)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			var n int
			if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM training_rollups WHERE unit_id = $1 AND campaign_id = $2`, u.ID, c.ID).Scan(&n); err != nil {
				return nil, nil, s.db.Internal("training coverage campaign", err)
			}
			if n == 0 {
				return nil, nil, errNoCampaign()
			}
		}
		year = c.Year()
	} else if year == 0 {
		year = s.today().Year()
	}
	today := dayArg(s.today())
	rows, err := s.db.Read.QueryContext(ctx, `SELECT x.id, x.name, COALESCE(r.assigned, 0), COALESCE(r.completed, 0), COALESCE(r.passed, 0),
		COALESCE((SELECT SUM(o.assigned - o.completed) FROM training_rollups o JOIN training_campaigns c ON c.id = o.campaign_id
			WHERE o.unit_id = x.id AND o.year = $1 AND o.campaign_id > 0 AND ($2 = 0 OR o.campaign_id = $2) AND c.ends_on < $3), 0)
		FROM units x LEFT JOIN training_rollups r ON r.unit_id = x.id AND r.year = $1 AND r.campaign_id = $2
		WHERE x.id = $4 OR (x.parent_id = $4 AND (x.active OR r.unit_id IS NOT NULL))
		ORDER BY CASE WHEN x.id = $4 THEN 0 ELSE 1 END, x.name, x.id`, year, campaign, today, u.ID)
	if err != nil {
		return nil, nil, s.db.Internal("training coverage", err)
	}
	defer rows.Close()
	var self *training.Coverage
	var children []training.Coverage
	for rows.Next() {
		var c training.Coverage
		if err := rows.Scan(&c.UnitID, &c.UnitName, &c.Assigned, &c.Completed, &c.Passed, &c.Overdue); err != nil {
			return nil, nil, s.db.Internal("training coverage", err)
		}
		c.Rate = training.Rate(c.Completed, c.Assigned)
		if c.UnitID == u.ID && self == nil {
			self = &c
		} else {
			children = append(children, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, s.db.Internal("training coverage", err)
	}
	return self, children, nil
}

// OfficialYear is an official's training in a year: the official
// themselves, or staff reading training or evaluations of their unit (a
// reading of personal data, audited as training.read).
func (s *Service) OfficialYear(ctx context.Context, officialID int64, year int) (*training.OfficialYear, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	o, err := sqldb.LoadOfficial(ctx, s.db, s.db.Read, officialID)
	if err != nil {
		return nil, err
	}
	self := a.OfficialID != 0 && a.OfficialID == o.ID
	if !self && !training.CanView(a, o.UnitPath) && !a.Can(congvu.ActEvaluationView, o.UnitPath) {
		return nil, sqldb.ErrNoOfficial()
	}
	ys, err := s.years(ctx, s.db.Read, "y.official_id = $1", []any{officialID}, year)
	if err != nil {
		return nil, err
	}
	y, ok := ys[officialID]
	if !ok {
		y = training.OfficialYear{OfficialID: officialID, Year: year}
		if y.MinHours, err = s.minHours(ctx, s.db.Read, year); err != nil {
			return nil, err
		}
	}
	lines, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "training year lines", `SELECT `+assignmentCols+assignmentFrom+`
		WHERE a.official_id = $1 AND a.year = $2 ORDER BY c.ends_on, a.campaign_id`, scanAssignment, officialID, year)
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		y.Lines = append(y.Lines, *l)
	}
	if !self {
		err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
			return tx.Audit("training.read", "official", o.ID, o.UnitID, nil, map[string]any{"year": year})
		})
		if err != nil {
			return nil, err
		}
	}
	return &y, nil
}

// minHours is the yearly minimum of the rule set in force on 1 January.
func (s *Service) minHours(ctx context.Context, q sqldb.Querier, year int) (float64, error) {
	sets, err := s.ruleSets(ctx, q)
	if err != nil {
		return 0, err
	}
	if r := training.RuleSetFor(sets, time.Date(year, 1, 1, 0, 0, 0, 0, congvu.TimeZone)); r != nil {
		return r.MinHours, nil
	}
	return 0, nil
}

// years reads the officials' years matching where (on y, o and u, with
// args), with the year's minimum of hours.
func (s *Service) years(ctx context.Context, q sqldb.Querier, where string, args []any, year int) (map[int64]training.OfficialYear, error) {
	minH, err := s.minHours(ctx, q, year)
	if err != nil {
		return nil, err
	}
	ar := sqldb.Args(args)
	rows, err := q.QueryContext(ctx, `SELECT y.official_id, y.required, y.completed, y.passed, y.hours FROM training_official_years y
		JOIN officials o ON o.id = y.official_id JOIN units u ON u.id = o.unit_id WHERE `+where+` AND y.year = `+ar.Add(year), ar...)
	if err != nil {
		return nil, s.db.Internal("training years", err)
	}
	defer rows.Close()
	out := map[int64]training.OfficialYear{}
	for rows.Next() {
		y := training.OfficialYear{Year: year, MinHours: minH}
		if err := rows.Scan(&y.OfficialID, &y.Required, &y.Completed, &y.Passed, &y.Hours); err != nil {
			return nil, s.db.Internal("training years", err)
		}
		out[y.OfficialID] = y
	}
	return out, s.db.Internal("training years", rows.Err())
}

// Years is the training year of every official now in the subtree at
// unitPath who holds an assignment in the year, by official id, set-based,
// without authorization (the evaluation's and the emulation's summaries
// call it after their own checks). An official absent from the map has no
// training required that year.
func Years(ctx context.Context, db *sqldb.DB, unitPath string, year int) (map[int64]training.OfficialYear, error) {
	s := &Service{db: db}
	var args sqldb.Args
	where := sqldb.ScopeClause("u.path", []string{unitPath}, &args)
	return s.years(ctx, db.Read, where, args, year)
}

// UnitYear is the year's coverage of a unit's whole subtree (distinct
// officials; the rollup row campaign_id = 0), without authorization: the
// emulation's collective measure. Assigned is 0 when nobody had training
// required.
func UnitYear(ctx context.Context, db *sqldb.DB, unitID int64, year int) (training.Coverage, error) {
	m, err := UnitYears(ctx, db, []int64{unitID}, year)
	return m[unitID], err
}

// UnitYears is UnitYear for many units in one query, by unit id; every
// unit asked is in the map.
func UnitYears(ctx context.Context, db *sqldb.DB, unitIDs []int64, year int) (map[int64]training.Coverage, error) {
	out := make(map[int64]training.Coverage, len(unitIDs))
	for _, id := range unitIDs {
		out[id] = training.Coverage{UnitID: id, Rate: -1}
	}
	for len(unitIDs) > 0 {
		n := min(len(unitIDs), 500)
		var args sqldb.Args
		ph := make([]string, n)
		for i, id := range unitIDs[:n] {
			ph[i] = args.Add(id)
		}
		rows, err := db.Read.QueryContext(ctx, `SELECT unit_id, assigned, completed, passed FROM training_rollups
			WHERE campaign_id = 0 AND year = `+args.Add(year)+` AND unit_id IN (`+strings.Join(ph, ", ")+`)`, args...)
		if err != nil {
			return nil, db.Internal("training unit years", err)
		}
		for rows.Next() {
			var c training.Coverage
			if err := rows.Scan(&c.UnitID, &c.Assigned, &c.Completed, &c.Passed); err != nil {
				rows.Close()
				return nil, db.Internal("training unit years", err)
			}
			c.Rate = training.Rate(c.Completed, c.Assigned)
			out[c.UnitID] = c
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, db.Internal("training unit years", err)
		}
		unitIDs = unitIDs[n:]
	}
	return out, nil
}
