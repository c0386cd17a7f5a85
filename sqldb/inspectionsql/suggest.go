package inspectionsql

import (
	"congvu"
	"congvu/inspection"
	"congvu/sqldb"
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"
)

// SuggestTargets ranks the active units of f.UnitID's subtree (the owner
// itself excepted) by evidence: a satisfaction index under
// inspection.LowIndex over at least inspection.MinSample ratings (from the
// feedback rollups, which count a unit's whole subtree), founded petitions
// about the unit, and time since the last visit. Overdue corrective actions
// join when that capability lands. See inspection.Service.
func (s *InspectionService) SuggestTargets(ctx context.Context, f inspection.SuggestFilter) ([]*inspection.Suggestion, error) {
	if !f.Kind.Valid() {
		return nil, congvu.FieldError("kind", "Xin chọn loại: kiểm tra công vụ hoặc thanh tra.")
	}
	u, err := s.owner(ctx, s.db.Read, f.UnitID, "unit_id")
	if err != nil {
		return nil, err
	}
	actor := congvu.ActorFromContext(ctx)
	now := s.db.Now()
	if err := allowed(ctx, s.db, actor, f.Kind, inspection.StepRun, ownerOf(u), now); err != nil {
		if err2 := allowed(ctx, s.db, actor, f.Kind, inspection.StepPlan, ownerOf(u), now); err2 != nil {
			return nil, err
		}
	}
	since := utcDate(now.AddDate(0, 0, -inspection.SuggestWindow))
	var a sqldb.Args
	scope := sqldb.ScopeClause("u.path", []string{u.Path}, &a)
	q := `SELECT u.id, u.name,
		COALESCE((SELECT SUM(r.total) FROM rollup_unit_day r WHERE r.unit_id = u.id AND r.day >= ` + a.Add(since) + `), 0),
		COALESCE((SELECT SUM(r.very_satisfied + r.satisfied) FROM rollup_unit_day r WHERE r.unit_id = u.id AND r.day >= ` + a.Add(since) + `), 0),
		(SELECT COUNT(*) FROM petitions p WHERE p.unit_id = u.id AND p.conclusion IN ('founded', 'partly') AND p.submitted_at >= ` + a.Add(now.AddDate(0, 0, -inspection.SuggestWindow).UTC()) + `),
		(SELECT COUNT(*) FROM inspection_actions x WHERE x.owner_unit_id = u.id AND x.status <> 'verified' AND x.due_at < ` + a.Add(now.UTC()) + `),
		(SELECT MAX(i.visited_at) FROM inspections i WHERE i.target_unit_id = u.id)
		FROM units u WHERE ` + scope + ` AND u.active = TRUE AND u.id <> ` + a.Add(u.ID)
	rows, err := s.db.Read.QueryContext(ctx, q, a...)
	if err != nil {
		return nil, s.db.Internal("suggest targets", err)
	}
	defer rows.Close()
	var out []*inspection.Suggestion
	for rows.Next() {
		g := &inspection.Suggestion{}
		var good int
		var last sql.NullTime
		if err := rows.Scan(&g.UnitID, &g.UnitName, &g.Ratings, &good, &g.FoundedPetition, &g.OverdueActions, &lastScan{&last}); err != nil {
			return nil, s.db.Internal("scan suggestion", err)
		}
		g.LastInspected = sqldb.UTCPtr(last)
		if g.Ratings > 0 {
			g.Index = 100 * float64(good) / float64(g.Ratings)
		}
		inspection.Rank(g, now)
		if g.Score > 0 {
			out = append(out, g)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, s.db.Internal("suggest targets", err)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].UnitName < out[j].UnitName
	})
	if n := congvu.ClampLimit(f.Limit); len(out) > n {
		out = out[:n]
	}
	return out, nil
}

// lastScan reads MAX(visited_at), which SQLite returns as text (an
// aggregate loses the column's declared type) and PostgreSQL as a time.
type lastScan struct{ t *sql.NullTime }

func (l *lastScan) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*l.t = sql.NullTime{}
	case time.Time:
		*l.t = sql.NullTime{Time: x, Valid: true}
	case string:
		for _, layout := range []string{"2006-01-02 15:04:05.999999999 -0700 MST", time.RFC3339Nano} {
			if t, err := time.Parse(layout, x); err == nil {
				*l.t = sql.NullTime{Time: t, Valid: true}
				return nil
			}
		}
		return fmt.Errorf("last visit %q: unknown time format", x)
	default:
		return fmt.Errorf("last visit: unexpected %T", v)
	}
	return nil
}
