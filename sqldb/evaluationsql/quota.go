package evaluationsql

import (
	"congvu"
	"congvu/evaluation"
	"congvu/org"
	"congvu/sqldb"
	"context"
	"database/sql"
	"errors"
	"hash/fnv"
	"strconv"
)

// quotaCountSQL counts, in a unit, year, task group and rule set, the
// evaluations rated good or better (the level in force, else the one
// proposed) and those decided excellent, leaving one evaluation out (the
// one being decided). It reads the index evaluations_unit.
const quotaCountSQL = `SELECT
	COALESCE(SUM(CASE WHEN (CASE WHEN final_level <> '' THEN final_level ELSE proposed END) IN ('excellent', 'good') THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN final_level = 'excellent' THEN 1 ELSE 0 END), 0)
	FROM evaluations WHERE unit_id = $1 AND year = $2 AND task_group = $3 AND rule_set_id = $4 AND id <> $5`

// quotaCount runs quotaCountSQL on q.
func (s *EvaluationService) quotaCount(ctx context.Context, q sqldb.Querier, unitID int64, year int, group string, ruleSetID, leaveOut int64) (base, excellent int, err error) {
	err = q.QueryRowContext(ctx, quotaCountSQL, unitID, year, group, ruleSetID, leaveOut).Scan(&base, &excellent)
	return base, excellent, s.db.Internal("count quota", err)
}

// checkQuota returns ECONFLICT (with the figures) when deciding e at
// level would put more than the quota at excellent in its unit, year,
// task group and rule set: by one more excellent, or by taking e out of
// those rated good or better under the excellent already decided
// (checkLeave).
func (s *EvaluationService) checkQuota(tx *sqldb.Tx, e *evaluation.Evaluation, rs *evaluation.RuleSet, level evaluation.Level) error {
	if err := s.checkLeave(tx, e, rs, level, e.TaskGroup); err != nil {
		return err
	}
	if level != evaluation.LevelExcellent {
		return nil
	}
	q, err := s.others(tx, e, rs)
	if err != nil {
		return err
	}
	q.Base++ // e, excellent
	if q.Allowed = rs.Allowed(q.Base); q.Excellent >= q.Allowed {
		return evaluation.QuotaError(q)
	}
	return nil
}

// checkLeave returns ECONFLICT (with the figures) when e, counted among
// those rated good or better of its task group (its level in force, else
// the one proposed), would leave them (a level below good, another task
// group) while the excellent already decided there would then pass the
// quota: the quota is not passed by rating or moving the others after the
// excellent are decided.
func (s *EvaluationService) checkLeave(tx *sqldb.Tx, e *evaluation.Evaluation, rs *evaluation.RuleSet, level evaluation.Level, group string) error {
	was := e.FinalLevel()
	if was == "" {
		was = e.Proposed
	}
	if !was.AtLeast(evaluation.LevelGood) || level.AtLeast(evaluation.LevelGood) && group == e.TaskGroup {
		return nil
	}
	q, err := s.others(tx, e, rs)
	if err != nil {
		return err
	}
	if q.Allowed = rs.Allowed(q.Base); q.Excellent > q.Allowed {
		return evaluation.QuotaLeaveError(q)
	}
	return nil
}

// others locks e's group (lockGroup) and counts in it, leaving e out,
// those rated good or better (Base) and those decided excellent.
func (s *EvaluationService) others(tx *sqldb.Tx, e *evaluation.Evaluation, rs *evaluation.RuleSet) (*evaluation.Quota, error) {
	if err := s.lockGroup(tx, e); err != nil {
		return nil, err
	}
	base, excellent, err := s.quotaCount(tx.Ctx, tx, e.UnitID, e.Year, e.TaskGroup, e.RuleSetID, e.ID)
	if err != nil {
		return nil, err
	}
	return &evaluation.Quota{UnitID: e.UnitID, UnitName: e.UnitName, TaskGroup: e.TaskGroup, Year: e.Year, Pct: rs.QuotaPct,
		Base: base, Excellent: excellent, RuleSetCode: rs.Code, Rule: rs.QuotaRule()}, nil
}

// lockGroup locks, on PostgreSQL, e's unit, year, task group and rule set
// for the transaction, so that two decisions at once cannot both take the
// last place; SQLite has one writer.
func (s *EvaluationService) lockGroup(tx *sqldb.Tx, e *evaluation.Evaluation) error {
	if s.db.Engine != sqldb.Postgres {
		return nil
	}
	h := fnv.New32a()
	h.Write([]byte(strconv.FormatInt(e.UnitID, 10) + "/" + strconv.Itoa(e.Year) + "/" + e.TaskGroup + "/" + strconv.FormatInt(e.RuleSetID, 10)))
	if _, err := tx.ExecContext(tx.Ctx, `SELECT pg_advisory_xact_lock($1, $2)`, quotaLockSpace, int32(h.Sum32())); err != nil {
		return s.db.Internal("lock quota", err)
	}
	return nil
}

// quotaLockSpace is the first key of the advisory locks of quota checks.
const quotaLockSpace = 0x0E7A

// Quota is the quota of excellent in a unit, year and task group, under
// the rule set most of the group's evaluations follow (else the set of
// công chức of the year). ActEvaluationView over the unit. See
// evaluation.Service.
func (s *EvaluationService) Quota(ctx context.Context, unitID int64, year int, taskGroup string) (*evaluation.Quota, error) {
	a := congvu.ActorFromContext(ctx)
	unit, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, unitID)
	if err != nil {
		return nil, err
	}
	if unit == nil || !a.Can(congvu.ActEvaluationView, unit.Path) {
		return nil, sqldb.NotFoundUnit()
	}
	if err := evaluation.CheckYear(year); err != nil {
		return nil, err
	}
	group := evaluation.CleanTaskGroup(taskGroup)
	var rsID int64
	err = s.db.Read.QueryRowContext(ctx, `SELECT rule_set_id FROM evaluations WHERE unit_id = $1 AND year = $2 AND task_group = $3
		GROUP BY rule_set_id ORDER BY COUNT(*) DESC, rule_set_id LIMIT 1`, unitID, year, group).Scan(&rsID)
	var rs *evaluation.RuleSet
	switch {
	case errors.Is(err, sql.ErrNoRows):
		sets, err := s.ruleSets(ctx)
		if err != nil {
			return nil, err
		}
		if rs = evaluation.RuleSetFor(sets, org.CategoryCivilServant, year); rs == nil {
			return nil, congvu.Errorf(congvu.ENOTFOUND, "Không có quy định đánh giá, xếp loại áp dụng cho năm %d.", year)
		}
	case err != nil:
		return nil, s.db.Internal("quota rule set", err)
	default:
		if rs, err = s.ruleSetByID(ctx, rsID); err != nil {
			return nil, err
		}
	}
	base, excellent, err := s.quotaCount(ctx, s.db.Read, unitID, year, group, rs.ID, 0)
	if err != nil {
		return nil, err
	}
	q := &evaluation.Quota{UnitID: unitID, UnitName: unit.Name, TaskGroup: group, Year: year, Pct: rs.QuotaPct, Base: base,
		Allowed: rs.Allowed(base), Excellent: excellent, RuleSetCode: rs.Code, Rule: rs.QuotaRule()}
	q.Remaining = max(q.Allowed-q.Excellent, 0)
	return q, nil
}
