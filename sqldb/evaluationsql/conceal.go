package evaluationsql

import (
	"congvu"
	"congvu/sqldb"
	"context"
)

// The audit log shows the events of an evaluation, and of a task product,
// only to those who read it as staff (ActEvaluationView over the
// official's unit): never to the official evaluated, whatever grants they
// hold (they read their own form, not who did what around it), nor to
// administrators and inspectors, who may not read evaluations. Events of
// list readings (no entity) only to those who read the whole tree.
func init() {
	sqldb.RegisterConcealer("evaluation", func(_ context.Context, _ sqldb.Querier, a *congvu.Actor, idCol string, ar *sqldb.Args) (string, error) {
		return concealIn(a, idCol, "evaluations", ar), nil
	})
	sqldb.RegisterConcealer("evaluation_product", func(_ context.Context, _ sqldb.Querier, a *congvu.Actor, idCol string, ar *sqldb.Args) (string, error) {
		return concealIn(a, idCol, "evaluation_products", ar), nil
	})
}

// concealIn is the condition hiding the rows of table (with official_id
// and unit_id) whose id is in idCol from the actor.
func concealIn(a *congvu.Actor, idCol, table string, ar *sqldb.Args) string {
	sc := a.Scopes(congvu.ActEvaluationView)
	if len(sc) == 0 {
		return "1=1"
	}
	own := "1=0"
	if !a.IsAnonymous() && a.OfficialID != 0 {
		own = idCol + ` IN (SELECT co.id FROM ` + table + ` co WHERE co.official_id = ` + ar.Add(a.OfficialID) + `)`
	}
	if sqldb.HasRootScope(sc) {
		return "(" + own + ")"
	}
	visible := `SELECT cv.id FROM ` + table + ` cv JOIN units cu ON cu.id = cv.unit_id WHERE ` + sqldb.ScopeClause("cu.path", sc, ar)
	return "(" + idCol + " IS NULL OR " + idCol + " NOT IN (" + visible + ") OR " + own + ")"
}
