package trainingsql

import (
	"congvu"
	"congvu/sqldb"
	"congvu/training"
	"context"
)

func (s *Service) ruleSets(ctx context.Context, q sqldb.Querier) ([]training.RuleSet, error) {
	return sqldb.QueryAll(ctx, s.db, q, "training rule sets", `SELECT code, basis, valid_from, valid_to, min_hours, note, verified, created_at
		FROM training_rule_sets ORDER BY valid_from DESC, code`, func(sc sqldb.Scanner) (training.RuleSet, error) {
		var r training.RuleSet
		var from, to any
		if err := sc.Scan(&r.Code, &r.Basis, &from, &to, &r.MinHours, &r.Note, &r.Verified, &r.CreatedAt); err != nil {
			return r, err
		}
		var err error
		if r.From, err = sqldb.DateOf(from); err != nil {
			return r, err
		}
		if r.To, err = nullDay(to); err != nil {
			return r, err
		}
		r.CreatedAt = r.CreatedAt.UTC()
		return r, nil
	})
}

// RuleSets lists the dated obligation rules, newest first (anyone signed
// in reads them).
func (s *Service) RuleSets(ctx context.Context) ([]training.RuleSet, error) {
	if congvu.ActorFromContext(ctx).IsAnonymous() {
		return nil, errSignIn()
	}
	return s.ruleSets(ctx, s.db.Read)
}

// AddRuleSet adds a dated rule set: national administrators
// (ActTrainingRules on the whole country), audited.
func (s *Service) AddRuleSet(ctx context.Context, rs training.RuleSet) error {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return errSignIn()
	}
	if !a.IsSystem() && !a.Can(congvu.ActTrainingRules, congvu.RootUnitPath) {
		return congvu.Errorf(congvu.EFORBIDDEN, "Chỉ quản trị viên cấp quốc gia thêm quy định về bồi dưỡng.")
	}
	if err := rs.Validate(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		rs.CreatedAt = tx.Now
		var to any
		if rs.To != nil {
			to = dayArg(*rs.To)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO training_rule_sets (code, basis, valid_from, valid_to, min_hours, note, verified, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, rs.Code, rs.Basis, dayArg(rs.From), to, rs.MinHours, rs.Note, rs.Verified, rs.CreatedAt)
		if sqldb.IsUniqueViolation(err) {
			return congvu.FieldError("code", "Ký hiệu này đã có.")
		}
		if err != nil {
			return s.db.Internal("insert training rule set", err)
		}
		return tx.Audit("training.rules", "training_rule_set", 0, 0, nil, rs)
	})
}
