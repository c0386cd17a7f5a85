package evaluationsql

import (
	"congvu"
	"congvu/evaluation"
	"congvu/sqldb"
	"context"
)

// DecideUnit records (or replaces) an agency's own classification of a
// year: by the head of the unit above (evaluation.CanDecideUnit). Audited.
// See evaluation.Service.
func (s *EvaluationService) DecideUnit(ctx context.Context, in evaluation.UnitDecisionInput) (*evaluation.UnitEvaluation, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.")
	}
	in, err := evaluation.CheckUnitDecision(in)
	if err != nil {
		return nil, err
	}
	unit, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, in.UnitID)
	if err != nil {
		return nil, err
	}
	if unit == nil || !a.Can(congvu.ActEvaluationView, unit.Path) {
		return nil, sqldb.NotFoundUnit()
	}
	if err := evaluation.CanDecideUnit(a, unit.Path); err != nil {
		return nil, err
	}
	out := &evaluation.UnitEvaluation{UnitID: unit.ID, UnitName: unit.Name, UnitPath: unit.Path, Year: in.Year, Level: in.Level, Basis: in.Basis}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		out.DecidedAt = tx.Now
		if a.UserID > 0 {
			out.DecidedBy = a.UserID
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO unit_evaluations (unit_id, year, level, basis, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (unit_id, year) DO UPDATE SET level = excluded.level, basis = excluded.basis, decided_by = excluded.decided_by, decided_at = excluded.decided_at
			RETURNING id`, unit.ID, in.Year, string(in.Level), in.Basis, sqldb.NullID(out.DecidedBy), tx.Now).Scan(&out.ID); err != nil {
			return s.db.Internal("decide unit", err)
		}
		return tx.Audit("evaluation.unit", "unit_evaluation", out.ID, unit.ID, nil, map[string]any{"year": in.Year, "level": in.Level})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FindUnitEvaluations lists the agencies' classifications of the year in
// the unit's subtree that the actor reads (ActEvaluationView). See
// evaluation.Service.
func (s *EvaluationService) FindUnitEvaluations(ctx context.Context, unitID int64, year int) ([]*evaluation.UnitEvaluation, error) {
	a := congvu.ActorFromContext(ctx)
	sc := a.Scopes(congvu.ActEvaluationView)
	if len(sc) == 0 {
		return []*evaluation.UnitEvaluation{}, nil
	}
	unit, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, unitID)
	if err != nil {
		return nil, err
	}
	if unit == nil {
		return nil, sqldb.NotFoundUnit()
	}
	var ar sqldb.Args
	where := sqldb.ScopeClause("u.path", sc, &ar) + " AND " + sqldb.ScopeClause("u.path", []string{unit.Path}, &ar)
	if year != 0 {
		where += " AND ue.year = " + ar.Add(year)
	}
	out, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "unit evaluations", `SELECT ue.id, ue.unit_id, u.name, u.path, ue.year, ue.level, ue.basis,
		COALESCE(ue.decided_by, 0), ue.decided_at FROM unit_evaluations ue JOIN units u ON u.id = ue.unit_id WHERE `+where+` ORDER BY u.path, ue.year`,
		func(sc sqldb.Scanner) (*evaluation.UnitEvaluation, error) {
			x := &evaluation.UnitEvaluation{}
			err := sc.Scan(&x.ID, &x.UnitID, &x.UnitName, &x.UnitPath, &x.Year, &x.Level, &x.Basis, &x.DecidedBy, &x.DecidedAt)
			x.DecidedAt = x.DecidedAt.UTC()
			return x, err
		}, ar...)
	if out == nil {
		out = []*evaluation.UnitEvaluation{}
	}
	return out, err
}
