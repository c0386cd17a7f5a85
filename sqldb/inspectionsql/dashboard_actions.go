package inspectionsql

import (
	"context"

	"congvu/inspection"
	"congvu/org"
)

// overdue lists the corrective actions of u's subtree past their deadline
// and not done, most late first, with their count.
//
// The corrective actions (table inspection_actions, migration 0024) are
// another part of the capability; until they are merged this returns none.
// The query to add then, on the actions' owner unit:
//
//	SELECT a.id, a.inspection_id, a.unit_id, u.name, a.title, a.due_on
//	FROM inspection_actions a JOIN units u ON u.id = a.unit_id
//	WHERE u.path >= $1 AND u.path < $2 AND a.status NOT IN (<done statuses>)
//	  AND a.due_on < $3 -- today
//	ORDER BY a.due_on, a.id
func (s *DashboardService) overdue(ctx context.Context, u *org.Unit) ([]inspection.OverdueAction, int, error) {
	return nil, 0, nil
}
