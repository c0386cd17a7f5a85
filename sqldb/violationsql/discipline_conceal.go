package violationsql

import (
	"congvu"
	"congvu/sqldb"
	"context"
)

// The audit log shows a discipline case's events (its steps, readings,
// reminders) only to those who read the case as staff: violation view
// over its unit or its competent unit; never to the official concerned,
// whatever grants they hold, nor to a system administrator. Events of
// list readings (no entity) only to those who read the whole tree.
func init() { sqldb.RegisterConcealer("discipline_case", discConcealClause) }

// discConcealClause returns an SQL condition, true when the case whose id
// is in the column idCol must be hidden from the actor.
func discConcealClause(_ context.Context, _ sqldb.Querier, actor *congvu.Actor, idCol string, a *sqldb.Args) (string, error) {
	sc := scopes(actor)
	if len(sc) == 0 {
		return "1=1", nil
	}
	own := "1=0"
	if !actor.IsAnonymous() && actor.OfficialID != 0 {
		own = idCol + ` IN (SELECT oc.id FROM discipline_cases oc WHERE oc.official_id = ` + a.Add(actor.OfficialID) + `)`
	}
	if sqldb.HasRootScope(sc) {
		return "(" + idCol + " IS NOT NULL AND " + own + ")", nil
	}
	visible := `SELECT dc.id FROM discipline_cases dc JOIN units du ON du.id = dc.unit_id JOIN units dcu ON dcu.id = dc.competent_unit_id
		WHERE ` + sqldb.ScopeClause("du.path", sc, a) + ` OR ` + sqldb.ScopeClause("dcu.path", sc, a)
	return "(" + idCol + " IS NULL OR " + idCol + " NOT IN (" + visible + ") OR " + own + ")", nil
}
