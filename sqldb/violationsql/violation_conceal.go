package violationsql

import (
	"congvu"
	"congvu/sqldb"
	"context"
)

// The audit log shows a violation's events only to those who read the
// violation as staff (violation.CanView), never to the officials it names
// (they would learn who opened it and from what), and the events of list
// readings (no entity) only to those who read violations of the whole tree.
// A system administrator, who may not read violations, sees none.
func init() { sqldb.RegisterConcealer("violation", concealClause) }

// concealClause returns an SQL condition, true when the violation whose id
// is in the column idCol must be hidden from the actor.
func concealClause(_ context.Context, _ sqldb.Querier, actor *congvu.Actor, idCol string, a *sqldb.Args) (string, error) {
	sc := scopes(actor)
	if len(sc) == 0 {
		return "1=1", nil
	}
	named := "1=0"
	if !actor.IsAnonymous() && actor.OfficialID != 0 {
		named = idCol + ` IN (SELECT cm.violation_id FROM violation_officials cm WHERE cm.official_id = ` + a.Add(actor.OfficialID) + `)`
	}
	if sqldb.HasRootScope(sc) {
		return "(" + idCol + " IS NOT NULL AND " + named + ")", nil
	}
	return "(" + idCol + " IS NULL OR " + idCol + " NOT IN (" + visibleSet(sc, 0, a) + ") OR " + named + ")", nil
}
