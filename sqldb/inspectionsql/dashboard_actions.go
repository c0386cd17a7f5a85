package inspectionsql

import (
	"context"

	"congvu/inspection"
	"congvu/org"
)

// overdue lists the corrective actions of u's subtree past their deadline
// and not verified, most late first, with their count.
//
// The corrective actions (table inspection_actions, migration 0024 of the
// "actions" part of the capability, branch i11-actions) are not merged
// here yet: until they are, this returns none. The query to put here then,
// the SQL form of inspection.CorrectiveAction.IsOverdue (past due_at and
// not verified; a report waiting for verification does not stop the clock),
// on the owner unit's subtree, along the index inspection_actions_open:
//
//	SELECT a.id, a.inspection_id, a.owner_unit_id, u.name, a.text, a.due_at
//	FROM inspection_actions a JOIN units u ON u.id = a.owner_unit_id
//	WHERE a.status <> 'verified' AND a.due_at < $3 -- now
//	  AND u.path >= $1 AND u.path < $2             -- u.Path, congvu.SubtreeUpper(u.Path)
//	ORDER BY a.due_at, a.id
//
// with DaysLate the whole days from due_at to now, the count the rows'
// number, and the first inspection.StaleShown of them listed.
func (s *DashboardService) overdue(ctx context.Context, u *org.Unit) ([]inspection.OverdueAction, int, error) {
	return nil, 0, nil
}
