package evaluationsql_test

import (
	"congvu/evaluation"
	"congvu/sqldb"
	"congvu/sqldb/evaluationsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/sqlservices"
	"testing"
)

// Wired with the real conduct service, the head's proposal reads the
// official's year (audited by the violation services as the head's
// readings, outside the evaluation's transaction) and the cycle goes on.
func TestEvaluationWiredConduct(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.svc = sqlservices.New(db, nil).Evaluations.(*evaluationsql.EvaluationService)
		head := sqldbtest.As(w.actH)
		if _, err := w.svc.OpenYear(head, w.tree.D1, 2026); err != nil {
			t.Fatal(err)
		}
		e := w.ready(t, w.actH, w.actA, w.a)
		e, err := w.svc.Propose(head, e.ID, evaluation.ProposalInput{General: full(rule335()), Level: evaluation.LevelGood})
		if err != nil || e.Cap != "" || e.Total != 100 {
			t.Fatalf("propose %+v %v", e, err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind LIKE 'violation.%' AND actor_id = $1`, w.actH.UserID); n == 0 {
			t.Errorf("the year of conduct was not read as the head")
		}
		if _, err := w.svc.Decide(head, e.ID, evaluation.DecisionInput{Level: evaluation.LevelGood}); err != nil {
			t.Fatal(err)
		}
	})
}
