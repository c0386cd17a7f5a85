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

// FindEvaluations lists the evaluations of the actor's sight (their own,
// and the subtrees where they hold ActEvaluationView), by unit and name,
// auditing the reading. See evaluation.Service.
func (s *EvaluationService) FindEvaluations(ctx context.Context, f evaluation.Filter) ([]*evaluation.Evaluation, int, error) {
	a := congvu.ActorFromContext(ctx)
	sc := a.Scopes(congvu.ActEvaluationView)
	var own int64
	if !a.IsAnonymous() {
		own = a.OfficialID
	}
	if len(sc) == 0 && own == 0 {
		return []*evaluation.Evaluation{}, 0, nil
	}
	var ar sqldb.Args
	sight := []string{}
	if len(sc) > 0 {
		sight = append(sight, sqldb.ScopeClause("u.path", sc, &ar))
	}
	if own != 0 {
		sight = append(sight, "e.official_id = "+ar.Add(own))
	}
	where := []string{"(" + strings.Join(sight, " OR ") + ")"}
	if f.UnitID != 0 {
		ref, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, f.UnitID)
		if err != nil {
			return nil, 0, err
		}
		if ref == nil {
			return []*evaluation.Evaluation{}, 0, nil
		}
		where = append(where, sqldb.ScopeClause("u.path", []string{ref.Path}, &ar))
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
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
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
