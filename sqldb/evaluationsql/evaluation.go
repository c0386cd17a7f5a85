package evaluationsql

import (
	"congvu"
	"congvu/evaluation"
	"congvu/sqldb"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"
)

func errNoEvaluation() error {
	return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy phiếu đánh giá.")
}

// evalCols are an evaluation's columns. A leader is one at the opening or
// now (an official made a leader during the year is decided by the
// parent unit, as their products are confirmed there).
const evalCols = `e.id, e.official_id, o.full_name, o.employee_code, o.position, e.unit_id, u.name, u.path, e.year, e.category, (e.leader OR o.is_leader), e.task_group,
	e.rule_set_id, rs.code, e.status, e.self_general, e.self_level, e.self_text, e.self_at, e.general, e.task_points, e.total,
	e.proposed, e.proposal_note, COALESCE(e.proposed_by, 0), e.proposed_at, e.cap, e.cap_reason, e.level, e.decision_note,
	COALESCE(e.decided_by, 0), e.decided_at, e.notified_at, e.complaint_text, e.complaint_at, e.complaint_kept, e.new_level, e.answer,
	e.settled_at, e.created_at, e.updated_at`

const evalFrom = ` FROM evaluations e JOIN officials o ON o.id = e.official_id JOIN units u ON u.id = e.unit_id
	JOIN evaluation_rule_sets rs ON rs.id = e.rule_set_id`

// scanEval scans evalCols.
func scanEval(sc sqldb.Scanner) (*evaluation.Evaluation, error) {
	e := &evaluation.Evaluation{Comments: []evaluation.Comment{}, General: []evaluation.Score{}}
	var selfGeneral, selfLevel, selfText, general, complaint, newLevel, answer string
	var selfAt, proposedAt, decidedAt, notifiedAt, complaintAt, settledAt sql.NullTime
	var kept bool
	if err := sc.Scan(&e.ID, &e.OfficialID, &e.OfficialName, &e.EmployeeCode, &e.Position, &e.UnitID, &e.UnitName, &e.UnitPath, &e.Year,
		&e.Category, &e.Leader, &e.TaskGroup, &e.RuleSetID, &e.RuleSetCode, &e.Status, &selfGeneral, &selfLevel, &selfText, &selfAt,
		&general, &e.TaskPoints, &e.Total, &e.Proposed, &e.ProposalNote, &e.ProposedBy, &proposedAt, &e.Cap, &e.CapReason, &e.Level,
		&e.DecisionNote, &e.DecidedBy, &decidedAt, &notifiedAt, &complaint, &complaintAt, &kept, &newLevel, &answer, &settledAt,
		&e.CreatedAt, &e.UpdatedAt); err != nil {
		return nil, err
	}
	if selfAt.Valid {
		e.Self = &evaluation.Assessment{General: []evaluation.Score{}, Level: evaluation.Level(selfLevel), Text: selfText, At: selfAt.Time.UTC()}
		if selfGeneral != "" {
			if err := json.Unmarshal([]byte(selfGeneral), &e.Self.General); err != nil {
				return nil, err
			}
		}
	}
	if general != "" {
		if err := json.Unmarshal([]byte(general), &e.General); err != nil {
			return nil, err
		}
	}
	if complaintAt.Valid {
		e.Complaint = &evaluation.Complaint{Text: complaint, At: complaintAt.Time.UTC(), Kept: kept, NewLevel: evaluation.Level(newLevel), Answer: answer}
		if settledAt.Valid {
			e.Complaint.SettledAt = settledAt.Time.UTC()
		}
	}
	e.ProposedAt, e.DecidedAt, e.NotifiedAt = nullUTC(proposedAt), nullUTC(decidedAt), nullUTC(notifiedAt)
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return e, nil
}

func nullUTC(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// load reads an evaluation (without comments) on q, no authorization.
func (s *EvaluationService) load(ctx context.Context, q sqldb.Querier, id int64) (*evaluation.Evaluation, error) {
	e, err := scanEval(q.QueryRowContext(ctx, `SELECT `+evalCols+evalFrom+` WHERE e.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoEvaluation()
	}
	if err != nil {
		return nil, s.db.Internal("load evaluation", err)
	}
	return e, nil
}

// comments reads an evaluation's comments, oldest first.
func (s *EvaluationService) comments(ctx context.Context, q sqldb.Querier, id int64) ([]evaluation.Comment, error) {
	out, err := sqldb.QueryAll(ctx, s.db, q, "evaluation comments", `SELECT id, author_id, author_name, meeting, body, created_at
		FROM evaluation_comments WHERE evaluation_id = $1 ORDER BY id`, func(sc sqldb.Scanner) (evaluation.Comment, error) {
		var c evaluation.Comment
		err := sc.Scan(&c.ID, &c.AuthorID, &c.AuthorName, &c.Meeting, &c.Text, &c.At)
		c.At = c.At.UTC()
		return c, err
	}, id)
	if out == nil {
		out = []evaluation.Comment{}
	}
	return out, err
}

// officialUnit is the unit of the actor's own official record (0: none).
func (s *EvaluationService) officialUnit(ctx context.Context, q sqldb.Querier, a *congvu.Actor) (int64, error) {
	if a.IsAnonymous() || a.OfficialID == 0 {
		return 0, nil
	}
	var unit int64
	err := q.QueryRowContext(ctx, `SELECT unit_id FROM officials WHERE id = $1`, a.OfficialID).Scan(&unit)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return unit, s.db.Internal("actor's unit", err)
}

// jsonText is v as JSON text for a TEXT column.
func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
