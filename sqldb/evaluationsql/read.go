package evaluationsql

import (
	"congvu"
	"congvu/evaluation"
	"congvu/sqldb"
	"congvu/vntext"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// FindEvaluation returns an evaluation as the actor reads it, auditing the
// reading: whole to its readers (the official, ActEvaluationView over the
// official's unit), reduced to a colleague of the unit who may comment
// (evaluation.ForColleague). See evaluation.Service.
func (s *EvaluationService) FindEvaluation(ctx context.Context, id int64) (*evaluation.Evaluation, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errNoEvaluation()
	}
	var out *evaluation.Evaluation
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		e, err := s.load(ctx, tx, id)
		if err != nil {
			return err
		}
		if !evaluation.CanRead(a, e) {
			unit, err := s.officialUnit(ctx, tx, a)
			if err != nil {
				return err
			}
			if !evaluation.IsColleague(a, e, unit) {
				return errNoEvaluation()
			}
			out = evaluation.ForColleague(e)
			return tx.Audit("evaluation.read", "evaluation", e.ID, e.UnitID, nil, map[string]any{"colleague": true})
		}
		if e.Comments, err = s.comments(ctx, tx, id); err != nil {
			return err
		}
		out = e
		return tx.Audit("evaluation.read", "evaluation", e.ID, e.UnitID, nil, nil)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Mine returns the actor's own evaluation of the year. See
// evaluation.Service.
func (s *EvaluationService) Mine(ctx context.Context, year int) (*evaluation.Evaluation, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() || a.OfficialID == 0 {
		return nil, errNoEvaluation()
	}
	var id int64
	err := s.db.Read.QueryRowContext(ctx, `SELECT id FROM evaluations WHERE official_id = $1 AND year = $2`, a.OfficialID, year).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Chưa mở đánh giá, xếp loại năm %d cho anh/chị.", year)
	}
	if err != nil {
		return nil, s.db.Internal("my evaluation", err)
	}
	return s.FindEvaluation(ctx, id)
}

// Colleagues lists the evaluations open to the actor's comments. See
// evaluation.Service.
func (s *EvaluationService) Colleagues(ctx context.Context, year int) ([]*evaluation.Evaluation, error) {
	a := congvu.ActorFromContext(ctx)
	out := []*evaluation.Evaluation{}
	if a.IsAnonymous() || a.OfficialID == 0 {
		return out, nil
	}
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		unit, err := s.officialUnit(ctx, tx, a)
		if err != nil || unit == 0 {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+evalCols+evalFrom+`
			WHERE e.unit_id = $1 AND e.year = $2 AND e.official_id <> $3 AND e.status IN ($4, $5)
			ORDER BY o.full_name, e.id LIMIT 500`,
			unit, year, a.OfficialID, evaluation.StatusOpen, evaluation.StatusSelfAssessed)
		if err != nil {
			return s.db.Internal("colleagues' evaluations", err)
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanEval(rows)
			if err != nil {
				return s.db.Internal("scan colleague's evaluation", err)
			}
			if evaluation.IsColleague(a, e, unit) {
				out = append(out, evaluation.ForColleague(e))
			}
		}
		if err := rows.Err(); err != nil {
			return s.db.Internal("colleagues' evaluations", err)
		}
		return tx.Audit("evaluation.read", "evaluation", 0, unit, nil, map[string]any{"colleagues": len(out), "year": year})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FindEvaluations lists the evaluations of the actor's sight (their own,
// and the subtrees where they hold ActEvaluationView), by unit and name,
// auditing the reading. See evaluation.Service.
func (s *EvaluationService) FindEvaluations(ctx context.Context, f evaluation.Filter) ([]*evaluation.Evaluation, int, error) {
	var ar sqldb.Args
	where, ok, err := s.sight(ctx, "e", f.UnitID, &ar)
	if err != nil || !ok {
		return []*evaluation.Evaluation{}, 0, err
	}
	if f.Year != 0 {
		where = append(where, "e.year = "+ar.Add(f.Year))
	}
	if f.Status != "" {
		where = append(where, "e.status = "+ar.Add(string(f.Status)))
	}
	if f.Level != "" {
		where = append(where, "e.final_level = "+ar.Add(string(f.Level)))
	}
	if g := evaluation.CleanTaskGroup(f.TaskGroup); g != "" {
		where = append(where, "e.task_group = "+ar.Add(g))
	}
	if p := vntext.LikePattern(vntext.Clean(f.Query)); p != "" {
		where = append(where, `e.search LIKE `+ar.Add(p)+` ESCAPE '\'`)
	}
	from := evalFrom + ` WHERE ` + strings.Join(where, " AND ")
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*)`+from, ar...).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("count evaluations", err)
	}
	list := []*evaluation.Evaluation{}
	if total > 0 {
		var err error
		list, err = sqldb.QueryAll(ctx, s.db, s.db.Read, "find evaluations", `SELECT `+evalCols+from+
			fmt.Sprintf(` ORDER BY u.path, o.full_name, e.id LIMIT %d OFFSET %d`, congvu.ClampLimit(f.Limit), max(f.Offset, 0)), scanEval, ar...)
		if err != nil {
			return nil, 0, err
		}
	}
	ids := make([]int64, len(list))
	for i, e := range list {
		ids[i] = e.ID
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		return tx.Audit("evaluation.read", "evaluation", 0, f.UnitID, nil, map[string]any{"unit_id": f.UnitID, "year": f.Year,
			"status": f.Status, "level": f.Level, "task_group": f.TaskGroup, "query": f.Query, "ids": ids})
	})
	if err != nil {
		return nil, 0, err
	}
	if list == nil {
		list = []*evaluation.Evaluation{}
	}
	return list, total, nil
}

// History lists the audited events of an evaluation to its staff readers
// (not the official: who did what around their form is not theirs to
// read), auditing the reading. See evaluation.Service.
func (s *EvaluationService) History(ctx context.Context, id int64) ([]*congvu.AuditEvent, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errNoEvaluation()
	}
	var out []*congvu.AuditEvent
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		e, err := s.load(ctx, tx, id)
		if err != nil {
			return err
		}
		if evaluation.Own(a, e.OfficialID) || !evaluation.CanRead(a, e) {
			return errNoEvaluation()
		}
		out, err = sqldb.QueryAll(ctx, s.db, tx, "evaluation history", `SELECT ae.id, ae.at, ae.actor_id, ae.actor_name, ae.actor_key, ae.kind
			FROM audit_events ae WHERE ae.entity_type = 'evaluation' AND ae.entity_id = $1 AND ae.at >= $2 ORDER BY ae.at, ae.id`,
			func(sc sqldb.Scanner) (*congvu.AuditEvent, error) {
				ev := &congvu.AuditEvent{EntityType: "evaluation", EntityID: id, UnitID: e.UnitID, UnitName: e.UnitName}
				var actorID sql.NullInt64
				var key string
				if err := sc.Scan(&ev.ID, &ev.At, &actorID, &ev.ActorName, &key, &ev.Kind); err != nil {
					return nil, err
				}
				ev.At, ev.ActorID = ev.At.UTC(), actorID.Int64
				if strings.HasSuffix(key, " (API)") {
					ev.ActorName += " (API)"
				}
				return ev, nil
			}, id, e.CreatedAt)
		if err != nil {
			return err
		}
		return tx.Audit("evaluation.read", "evaluation", id, e.UnitID, nil, map[string]any{"history": true})
	})
	if out == nil && err == nil {
		out = []*congvu.AuditEvent{}
	}
	return out, err
}

// sight is the condition of the rows (alias: a table with official_id,
// joined to units as u) the actor reads, their own and those of the
// subtrees where they hold ActEvaluationView, within the unit unitID's
// subtree when not 0; ok is false when they read none.
func (s *EvaluationService) sight(ctx context.Context, alias string, unitID int64, ar *sqldb.Args) (where []string, ok bool, err error) {
	a := congvu.ActorFromContext(ctx)
	sc := a.Scopes(congvu.ActEvaluationView)
	var own int64
	if !a.IsAnonymous() {
		own = a.OfficialID
	}
	if len(sc) == 0 && own == 0 {
		return nil, false, nil
	}
	var either []string
	if len(sc) > 0 {
		either = append(either, sqldb.ScopeClause("u.path", sc, ar))
	}
	if own != 0 {
		either = append(either, alias+".official_id = "+ar.Add(own))
	}
	where = []string{"(" + strings.Join(either, " OR ") + ")"}
	if unitID != 0 {
		ref, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, unitID)
		if err != nil || ref == nil {
			return nil, false, err
		}
		where = append(where, sqldb.ScopeClause("u.path", []string{ref.Path}, ar))
	}
	return where, true, nil
}
