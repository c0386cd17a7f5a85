package emulationsql

import (
	"congvu"
	"congvu/sqldb"
	"context"
)

// The audit log names a movement by its title; it shows the events of an
// individual's title proposal (whose checks state the official's
// classification and discipline) only to those who read evaluations over
// the official's unit (evaluation is personal: not administrators nor
// inspectors); collectives' to every reader of the log.
func init() {
	sqldb.RegisterConcealer("emulation_title_proposal", proposalConcealClause)
	sqldb.RegisterEntityRef("emulation_movement", "SELECT title FROM emulation_movements WHERE id = %s")
}

// proposalConcealClause returns an SQL condition, true when the proposal
// whose id is in the column idCol must be hidden from the actor.
func proposalConcealClause(_ context.Context, _ sqldb.Querier, actor *congvu.Actor, idCol string, a *sqldb.Args) (string, error) {
	visible := `SELECT tp.id FROM emulation_title_proposals tp JOIN units tu ON tu.id = tp.unit_id WHERE tp.subject = 'collective' OR ` +
		sqldb.ScopeClause("tu.path", actor.Scopes(congvu.ActEvaluationView), a)
	return "(" + idCol + " IS NOT NULL AND " + idCol + " NOT IN (" + visible + "))", nil
}
