package evaluationsql

import (
	"congvu"
	"congvu/evaluation"
	"congvu/org"
	"congvu/sqldb"
	"congvu/vntext"
	"context"
	"fmt"
)

// stepFn makes a step's change in tx on e (status next under rs) and
// returns what the audit event records.
type stepFn func(tx *sqldb.Tx, e *evaluation.Evaluation, rs *evaluation.RuleSet, next evaluation.Status) (any, error)

// write takes a step of the cycle on evaluation id in one transaction:
// who may (may; those who may not read the evaluation learn nothing of
// it), whether the step comes now (evaluation.Next), the change, and its
// audit event (kind); it returns the evaluation as the actor reads it.
func (s *EvaluationService) write(ctx context.Context, id int64, step evaluation.Step, kind string,
	may func(a *congvu.Actor, e *evaluation.Evaluation, tx *sqldb.Tx) error, fn stepFn) (*evaluation.Evaluation, error) {
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
		if err := may(a, e, tx); err != nil {
			if !evaluation.CanRead(a, e) {
				return errNoEvaluation()
			}
			return err
		}
		next, err := evaluation.Next(e.Status, step)
		if err != nil {
			return err
		}
		rs, err := s.ruleSetByID(ctx, e.RuleSetID)
		if err != nil {
			return err
		}
		payload, err := fn(tx, e, rs, next)
		if err != nil {
			return err
		}
		if err := tx.Audit(kind, "evaluation", e.ID, e.UnitID, nil, payload); err != nil {
			return err
		}
		if out, err = s.load(ctx, tx, id); err != nil {
			return err
		}
		if !evaluation.CanRead(a, out) {
			out = evaluation.ForColleague(out)
			return nil
		}
		out.Comments, err = s.comments(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// setStatus moves e to next with the extra assignments (from $3 on),
// unless another writer moved it first (ECONFLICT).
func setStatus(tx *sqldb.Tx, e *evaluation.Evaluation, next evaluation.Status, set string, args ...any) error {
	q := `UPDATE evaluations SET status = $1, updated_at = $2`
	if set != "" {
		q += ", " + set
	}
	all := append([]any{string(next), tx.Now}, args...)
	q += fmt.Sprintf(" WHERE id = $%d AND status = $%d", len(all)+1, len(all)+2)
	res, err := tx.ExecContext(tx.Ctx, q, append(all, e.ID, string(e.Status))...)
	if err != nil {
		return tx.DB.Internal("update evaluation", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errChanged()
	}
	return nil
}

func errChanged() error {
	return congvu.Errorf(congvu.ECONFLICT, "Phiếu đánh giá vừa được người khác cập nhật; xin tải lại trang.")
}

// OpenYear opens an evaluation of the year for every active member of the
// unit under the rule set of the year and their category (none for a
// category no set covers), idempotently; ActEvaluationPropose over the
// unit. See evaluation.Service.
func (s *EvaluationService) OpenYear(ctx context.Context, unitID int64, year int) (*evaluation.OpenResult, error) {
	a := congvu.ActorFromContext(ctx)
	unit, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, unitID)
	if err != nil {
		return nil, err
	}
	if unit == nil || !a.Can(congvu.ActEvaluationView, unit.Path) && !a.Can(congvu.ActEvaluationPropose, unit.Path) {
		return nil, sqldb.NotFoundUnit()
	}
	if err := evaluation.CanOpen(a, unit.Path); err != nil {
		return nil, err
	}
	if err := evaluation.CheckYear(year); err != nil {
		return nil, err
	}
	sets, err := s.ruleSets(ctx)
	if err != nil {
		return nil, err
	}
	res := &evaluation.OpenResult{}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		type member struct {
			id           int64
			name, code   string
			cat          string
			leader, done bool
		}
		ms, err := sqldb.QueryAll(ctx, s.db, tx, "open year", `SELECT o.id, o.full_name, o.employee_code, o.category, o.is_leader,
				EXISTS (SELECT 1 FROM evaluations x WHERE x.official_id = o.id AND x.year = $2)
			FROM officials o WHERE o.unit_id = $1 AND o.active ORDER BY o.id`, func(sc sqldb.Scanner) (member, error) {
			var m member
			return m, sc.Scan(&m.id, &m.name, &m.code, &m.cat, &m.leader, &m.done)
		}, unitID, year)
		if err != nil {
			return err
		}
		*res = evaluation.OpenResult{}
		for _, m := range ms {
			if m.done {
				res.Existing++
				continue
			}
			rs := evaluation.RuleSetFor(sets, org.Category(m.cat), year)
			if rs == nil {
				res.Skipped++
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO evaluations (official_id, unit_id, year, category, leader, rule_set_id, status, search, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $8)`, m.id, unitID, year, m.cat, m.leader, rs.ID, vntext.SearchKey(m.name, m.code), tx.Now); err != nil {
				return s.db.Internal("open evaluation", err)
			}
			res.Opened++
		}
		return tx.Audit("evaluation.open", "unit", unitID, unitID, nil, map[string]any{"year": year, "opened": res.Opened, "existing": res.Existing, "skipped": res.Skipped})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// SelfAssess records the official's self-assessment. See
// evaluation.Service.
func (s *EvaluationService) SelfAssess(ctx context.Context, id int64, in evaluation.SelfInput) (*evaluation.Evaluation, error) {
	return s.write(ctx, id, evaluation.StepSelf, "evaluation.self",
		func(a *congvu.Actor, e *evaluation.Evaluation, _ *sqldb.Tx) error {
			return evaluation.CanSelfAssess(a, e)
		},
		func(tx *sqldb.Tx, e *evaluation.Evaluation, rs *evaluation.RuleSet, next evaluation.Status) (any, error) {
			in, err := rs.CheckSelf(in)
			if err != nil {
				return nil, err
			}
			if err := setStatus(tx, e, next, "self_general = $3, self_level = $4, self_text = $5, self_at = $6",
				jsonText(in.General), string(in.Level), in.Text, tx.Now); err != nil {
				return nil, err
			}
			return map[string]any{"level": in.Level}, nil
		})
}

// Comment adds a comment of the collective. See evaluation.Service.
func (s *EvaluationService) Comment(ctx context.Context, id int64, in evaluation.CommentInput) (*evaluation.Evaluation, error) {
	return s.write(ctx, id, evaluation.StepComment, "evaluation.comment",
		func(a *congvu.Actor, e *evaluation.Evaluation, tx *sqldb.Tx) error {
			unit, err := s.officialUnit(ctx, tx, a)
			if err != nil {
				return err
			}
			return evaluation.CanComment(a, e, unit, in.Meeting)
		},
		func(tx *sqldb.Tx, e *evaluation.Evaluation, _ *evaluation.RuleSet, _ evaluation.Status) (any, error) {
			in, err := evaluation.CheckComment(in)
			if err != nil {
				return nil, err
			}
			var cid int64
			if err := tx.QueryRowContext(tx.Ctx, `INSERT INTO evaluation_comments (evaluation_id, author_id, author_name, meeting, body, created_at)
				VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, e.ID, tx.Actor.UserID, tx.Actor.FullName, in.Meeting, in.Text, tx.Now).Scan(&cid); err != nil {
				return nil, s.db.Internal("add evaluation comment", err)
			}
			if err := setStatus(tx, e, e.Status, ""); err != nil {
				return nil, err
			}
			return map[string]any{"comment_id": cid, "meeting": in.Meeting}, nil
		})
}

// capOf reads the official's year of conduct and applies the rule set to
// it. The system reads it for the actor, recorded in the audit log as the
// system acting for them: the cap is a rule the service applies, not a
// reading the actor is given, and it must not depend on what the actor
// may see (a head named in the same violation as the official reads that
// violation as an official concerned, without the other's decision).
func (s *EvaluationService) capOf(ctx context.Context, e *evaluation.Evaluation, rs *evaluation.RuleSet) ([]evaluation.Applied, evaluation.Level, error) {
	a := congvu.ActorFromContext(ctx)
	cctx := congvu.NewContextWithActor(ctx, &congvu.Actor{UserID: -1, Username: "system",
		FullName: "Hệ thống đánh giá (cho " + a.FullName + ")",
		Grants:   []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: 1, UnitPath: congvu.RootUnitPath, UnitName: "Cả nước"}}})
	y, err := s.conduct.Year(cctx, e.OfficialID, e.Year)
	if err != nil {
		return nil, "", err
	}
	applied, cap := rs.Apply(y)
	return applied, cap, nil
}

// prepare reads the evaluation outside any transaction for the steps that
// read the official's conduct first (Propose, Decide): the actor must
// pass may, and the rule set and the cap are returned.
func (s *EvaluationService) prepare(ctx context.Context, id int64, may func(*congvu.Actor, *evaluation.Evaluation) error) (*evaluation.Evaluation, *evaluation.RuleSet, evaluation.Level, string, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, nil, "", "", errNoEvaluation()
	}
	e, err := s.load(ctx, s.db.Read, id)
	if err != nil {
		return nil, nil, "", "", err
	}
	if err := may(a, e); err != nil {
		if !evaluation.CanRead(a, e) {
			return nil, nil, "", "", errNoEvaluation()
		}
		return nil, nil, "", "", err
	}
	rs, err := s.ruleSetByID(ctx, e.RuleSetID)
	if err != nil {
		return nil, nil, "", "", err
	}
	applied, cap, err := s.capOf(ctx, e, rs)
	if err != nil {
		return nil, nil, "", "", err
	}
	reason := ""
	if len(applied) > 0 {
		reason = applied[0].Text
	}
	return e, rs, cap, reason, nil
}

// Propose records the head's proposal: the general points, the task
// points from the year's products (scored sets), the level under the cap
// and the total. See evaluation.Service.
func (s *EvaluationService) Propose(ctx context.Context, id int64, in evaluation.ProposalInput) (*evaluation.Evaluation, error) {
	pre, _, cap, reason, err := s.prepare(ctx, id, evaluation.CanPropose)
	if err != nil {
		return nil, err
	}
	return s.write(ctx, id, evaluation.StepPropose, "evaluation.propose",
		func(a *congvu.Actor, e *evaluation.Evaluation, _ *sqldb.Tx) error { return evaluation.CanPropose(a, e) },
		func(tx *sqldb.Tx, e *evaluation.Evaluation, rs *evaluation.RuleSet, next evaluation.Status) (any, error) {
			if !e.UpdatedAt.Equal(pre.UpdatedAt) {
				return nil, errChanged()
			}
			in, err := rs.CheckProposal(in)
			if err != nil {
				return nil, err
			}
			var task, total float64
			if rs.Scored {
				ps, err := s.products(tx.Ctx, tx, "p.official_id = $1 AND p.year = $2", "", e.OfficialID, e.Year)
				if err != nil {
					return nil, err
				}
				task, _ = rs.TaskScore(ps)
				total = evaluation.Round2(evaluation.GeneralPoints(in.General) + task)
			}
			if err := rs.CheckLevel(in.Level, total, cap, reason); err != nil {
				return nil, err
			}
			if err := s.checkLeave(tx, e, rs, in.Level, in.TaskGroup); err != nil {
				return nil, err
			}
			if err := setStatus(tx, e, next, `general = $3, task_points = $4, total = $5, proposed = $6, proposal_note = $7, proposed_by = $8,
				proposed_at = $9, cap = $10, cap_reason = $11, task_group = $12`, jsonText(in.General), task, total, string(in.Level), in.Note,
				sqldb.NullID(max(tx.Actor.UserID, 0)), tx.Now, string(cap), reason, in.TaskGroup); err != nil {
				return nil, err
			}
			return map[string]any{"level": in.Level, "total": total, "task_points": task, "cap": cap, "task_group": in.TaskGroup}, nil
		})
}

// Decide classifies under the cap (read again: a discipline decision may
// have come since the proposal) and the quota of the unit and task group,
// counted in the transaction. See evaluation.Service.
func (s *EvaluationService) Decide(ctx context.Context, id int64, in evaluation.DecisionInput) (*evaluation.Evaluation, error) {
	pre, _, cap, reason, err := s.prepare(ctx, id, evaluation.CanDecide)
	if err != nil {
		return nil, err
	}
	return s.write(ctx, id, evaluation.StepDecide, "evaluation.decide",
		func(a *congvu.Actor, e *evaluation.Evaluation, _ *sqldb.Tx) error { return evaluation.CanDecide(a, e) },
		func(tx *sqldb.Tx, e *evaluation.Evaluation, rs *evaluation.RuleSet, next evaluation.Status) (any, error) {
			if !e.UpdatedAt.Equal(pre.UpdatedAt) {
				return nil, errChanged()
			}
			in, err := evaluation.CheckDecision(in)
			if err != nil {
				return nil, err
			}
			if err := rs.CheckLevel(in.Level, e.Total, cap, reason); err != nil {
				return nil, err
			}
			if err := s.checkQuota(tx, e, rs, in.Level); err != nil {
				return nil, err
			}
			if err := setStatus(tx, e, next, `level = $3, final_level = $3, decision_note = $4, decided_by = $5, decided_at = $6, cap = $7, cap_reason = $8`,
				string(in.Level), in.Note, sqldb.NullID(max(tx.Actor.UserID, 0)), tx.Now, string(cap), reason); err != nil {
				return nil, err
			}
			return map[string]any{"level": in.Level, "proposed": e.Proposed, "cap": cap}, nil
		})
}

// Notify records the notification and queues the notice to the official
// (without the level: the outbox is read by administrators). See
// evaluation.Service.
func (s *EvaluationService) Notify(ctx context.Context, id int64) (*evaluation.Evaluation, error) {
	return s.write(ctx, id, evaluation.StepNotify, "evaluation.notify",
		func(a *congvu.Actor, e *evaluation.Evaluation, _ *sqldb.Tx) error { return evaluation.CanDecide(a, e) },
		func(tx *sqldb.Tx, e *evaluation.Evaluation, rs *evaluation.RuleSet, next evaluation.Status) (any, error) {
			if err := setStatus(tx, e, next, "notified_at = $3", tx.Now); err != nil {
				return nil, err
			}
			until := rs.ComplaintUntil(tx.Now).Format("02/01/2006")
			n, err := s.mailOfficial(tx, e, fmt.Sprintf("Thông báo kết quả đánh giá, xếp loại chất lượng năm %d", e.Year),
				fmt.Sprintf("Kính gửi anh/chị %s,\n\nĐã có kết quả đánh giá, xếp loại chất lượng năm %d của anh/chị. "+
					"Xin đăng nhập Công vụ để xem phiếu đánh giá. Nếu không đồng ý, anh/chị có thể khiếu nại đến hết ngày %s.\n\nXem tại: /evaluations/mine\n",
					e.OfficialName, e.Year, until))
			if err != nil {
				return nil, err
			}
			return map[string]any{"notices": n, "complaint_until": until}, nil
		})
}

// Complain records the official's complaint within the rule set's days
// from the notification. See evaluation.Service.
func (s *EvaluationService) Complain(ctx context.Context, id int64, text string) (*evaluation.Evaluation, error) {
	return s.write(ctx, id, evaluation.StepComplain, "evaluation.complain",
		func(a *congvu.Actor, e *evaluation.Evaluation, _ *sqldb.Tx) error {
			return evaluation.CanComplain(a, e)
		},
		func(tx *sqldb.Tx, e *evaluation.Evaluation, rs *evaluation.RuleSet, next evaluation.Status) (any, error) {
			text, err := evaluation.CheckComplaint(text)
			if err != nil {
				return nil, err
			}
			if last := rs.ComplaintUntil(e.NotifiedAt); congvu.Date(tx.Now).After(last) {
				return nil, congvu.FieldError("text", fmt.Sprintf("Đã quá thời hạn khiếu nại %d ngày kể từ ngày được thông báo (hạn cuối %s).",
					rs.ComplaintDays, last.Format("02/01/2006")))
			}
			if err := setStatus(tx, e, next, "complaint_text = $3, complaint_at = $4", text, tx.Now); err != nil {
				return nil, err
			}
			return map[string]any{"complained": true}, nil
		})
}

// Settle settles the complaint: the decision kept, or the level changed
// (under the cap read again, as Decide does: a discipline decision may
// have come since the decision; the total and the quota). The official is
// told. See evaluation.Service.
func (s *EvaluationService) Settle(ctx context.Context, id int64, in evaluation.SettleInput) (*evaluation.Evaluation, error) {
	pre, _, cap, reason, err := s.prepare(ctx, id, evaluation.CanDecide)
	if err != nil {
		return nil, err
	}
	return s.write(ctx, id, evaluation.StepSettle, "evaluation.settle",
		func(a *congvu.Actor, e *evaluation.Evaluation, _ *sqldb.Tx) error { return evaluation.CanDecide(a, e) },
		func(tx *sqldb.Tx, e *evaluation.Evaluation, rs *evaluation.RuleSet, next evaluation.Status) (any, error) {
			if !e.UpdatedAt.Equal(pre.UpdatedAt) {
				return nil, errChanged()
			}
			in, err := evaluation.CheckSettle(in, e.Level)
			if err != nil {
				return nil, err
			}
			final := e.Level
			if !in.Kept {
				if err := rs.CheckLevel(in.NewLevel, e.Total, cap, reason); err != nil {
					return nil, congvu.RenameFields(err, map[string]string{"level": "new_level"})
				}
				if err := s.checkQuota(tx, e, rs, in.NewLevel); err != nil {
					return nil, err
				}
				final = in.NewLevel
			}
			if err := setStatus(tx, e, next, "complaint_kept = $3, new_level = $4, answer = $5, settled_at = $6, final_level = $7",
				in.Kept, string(in.NewLevel), in.Answer, tx.Now, string(final)); err != nil {
				return nil, err
			}
			n, err := s.mailOfficial(tx, e, fmt.Sprintf("Kết quả giải quyết khiếu nại về xếp loại chất lượng năm %d", e.Year),
				fmt.Sprintf("Kính gửi anh/chị %s,\n\nKhiếu nại của anh/chị về kết quả xếp loại chất lượng năm %d đã được giải quyết. "+
					"Xin đăng nhập Công vụ để xem nội dung trả lời.\n\nXem tại: /evaluations/mine\n", e.OfficialName, e.Year))
			if err != nil {
				return nil, err
			}
			return map[string]any{"kept": in.Kept, "new_level": in.NewLevel, "cap": cap, "notices": n}, nil
		})
}

// mailOfficial queues a notice to the official's addresses (their record's
// and their accounts'), filed under their unit; it returns how many.
func (s *EvaluationService) mailOfficial(tx *sqldb.Tx, e *evaluation.Evaluation, subject, body string) (int, error) {
	to, err := sqldb.QueryAll(tx.Ctx, s.db, tx, "official emails", `SELECT email FROM officials WHERE id = $1 AND email <> ''
		UNION SELECT email FROM users WHERE official_id = $1 AND active AND email <> '' ORDER BY 1`, func(sc sqldb.Scanner) (string, error) {
		var e string
		return e, sc.Scan(&e)
	}, e.OfficialID)
	if err != nil {
		return 0, err
	}
	for _, addr := range to {
		if _, err := tx.ExecContext(tx.Ctx, `INSERT INTO outbox (to_addr, subject, body, unit_id, created_at) VALUES ($1, $2, $3, $4, $5)`,
			addr, subject, body, sqldb.NullID(e.UnitID), tx.Now); err != nil {
			return 0, s.db.Internal("enqueue mail", err)
		}
	}
	return len(to), nil
}
