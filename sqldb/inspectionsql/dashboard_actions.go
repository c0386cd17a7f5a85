package inspectionsql

import (
	"context"
	"time"

	"congvu"
	"congvu/inspection"
	"congvu/org"
	"congvu/sqldb"
)

// overdue lists the corrective actions of u's subtree past their deadline
// and not verified (the SQL form of inspection.CorrectiveAction.IsOverdue:
// a report waiting for verification does not stop the clock), most late
// first, at most inspection.StaleShown, with their count.
func (s *DashboardService) overdue(ctx context.Context, u *org.Unit) ([]inspection.OverdueAction, int, error) {
	now := s.db.Now().UTC()
	var a sqldb.Args
	where := `FROM inspection_actions x JOIN units u ON u.id = x.owner_unit_id
		WHERE x.status <> 'verified' AND x.due_at < ` + a.Add(now) + ` AND ` + sqldb.ScopeClause("u.path", []string{u.Path}, &a)
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) `+where, a...).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("overdue actions", err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT x.id, x.inspection_id, x.owner_unit_id, u.name, x.text, x.due_at `+where+
		` ORDER BY x.due_at, x.id LIMIT `+a.Add(inspection.StaleShown), a...)
	if err != nil {
		return nil, 0, s.db.Internal("overdue actions", err)
	}
	defer rows.Close()
	var out []inspection.OverdueAction
	for rows.Next() {
		var o inspection.OverdueAction
		var due time.Time
		if err := rows.Scan(&o.ID, &o.InspectionID, &o.UnitID, &o.UnitName, &o.Title, &due); err != nil {
			return nil, 0, s.db.Internal("scan overdue action", err)
		}
		due = sqldb.UTC(due)
		o.DueOn = congvu.Date(due.In(congvu.TimeZone))
		o.DaysLate = int(now.Sub(due).Hours() / 24)
		out = append(out, o)
	}
	return out, total, s.db.Internal("overdue actions", rows.Err())
}
