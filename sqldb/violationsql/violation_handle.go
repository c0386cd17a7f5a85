package violationsql

import (
	"congvu"
	"congvu/sqldb"
	"congvu/violation"
	"congvu/vntext"
	"context"
	"database/sql"
	"errors"
)

func errConflicted() error {
	return congvu.Errorf(congvu.EFORBIDDEN, "Anh/chị có tên trong vụ việc này nên không được tự xử lý; cấp trên trực tiếp sẽ xem xét, xử lý.")
}

func errNotOpen() error {
	return congvu.Errorf(congvu.ECONFLICT, "Vụ việc đã kết thúc; không thể thay đổi.")
}

// forWrite loads violation id in tx for a write by the actor: ENOTFOUND
// when the actor may not read it, ECONFLICT when it is closed.
func (s *ViolationService) forWrite(ctx context.Context, tx *sqldb.Tx, id int64) (*violation.Violation, error) {
	v, err := s.load(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if !violation.Concerns(tx.Actor, v) && !violation.CanView(tx.Actor, v) {
		return nil, errNoViolation()
	}
	return v, nil
}

// named returns the official of v a decision is about, checking that the
// actor may decide on them (not conflicted, ActViolationHandle) and that
// v is open and they have no outcome yet.
func named(a *congvu.Actor, v *violation.Violation, officialID int64) (*violation.Named, error) {
	if violation.Conflicted(a, v) {
		return nil, errConflicted()
	}
	n := v.Named(officialID)
	if n == nil {
		return nil, congvu.FieldError("official_id", "Cán bộ này không có tên trong vụ việc.")
	}
	if !violation.CanHandle(a, v, n) {
		return nil, errForbidden()
	}
	if v.Status != violation.StatusOpen {
		return nil, errNotOpen()
	}
	if n.Outcome != violation.OutcomePending {
		return nil, congvu.Errorf(congvu.ECONFLICT, "Cán bộ %s đã có kết quả xử lý: %s.", n.FullName, n.Outcome.Label())
	}
	return n, nil
}

// setOutcome records the outcome of one official (from pending) and
// closes the violation once nobody is pending. ECONFLICT when someone
// decided in between.
func (s *ViolationService) setOutcome(ctx context.Context, tx *sqldb.Tx, id, officialID int64, o violation.Outcome, reason string) error {
	// The dashboards' rollups move with the outcome (rollup.go).
	return RollupViolation(ctx, tx, id, func() error {
		res, err := tx.ExecContext(ctx, `UPDATE violation_officials SET outcome = $1, reason = $2, decided_at = $3
			WHERE violation_id = $4 AND official_id = $5 AND outcome = 'pending'`, string(o), reason, tx.Now, id, officialID)
		if err != nil {
			return s.db.Internal("set outcome", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return congvu.Errorf(congvu.ECONFLICT, "Cán bộ này vừa được người khác xử lý; xin tải lại trang.")
		}
		return s.Settle(ctx, tx, id)
	})
}

// Settle marks an open violation handled once every official it names
// has an outcome other than pending (the discipline side calls it too
// when it puts an official to a case), and touches updated_at.
func (s *ViolationService) Settle(ctx context.Context, tx *sqldb.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE violations SET updated_at = $1,
		status = CASE WHEN status = 'open' AND NOT EXISTS (SELECT 1 FROM violation_officials WHERE violation_id = $2 AND outcome = 'pending')
			AND EXISTS (SELECT 1 FROM violation_officials WHERE violation_id = $2) THEN 'handled' ELSE status END,
		closed_at = CASE WHEN status = 'open' AND NOT EXISTS (SELECT 1 FROM violation_officials WHERE violation_id = $2 AND outcome = 'pending')
			AND EXISTS (SELECT 1 FROM violation_officials WHERE violation_id = $2) THEN $1 ELSE closed_at END
		WHERE id = $2`, tx.Now, id)
	return s.db.Internal("settle violation", err)
}

// Handle records a measure short of discipline. See violation.Service.
func (s *ViolationService) Handle(ctx context.Context, id int64, in violation.HandlingInput) (*violation.Handling, error) {
	if congvu.ActorFromContext(ctx).IsAnonymous() {
		return nil, errNoViolation()
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *violation.Handling
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		v, err := s.forWrite(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := named(tx.Actor, v, in.OfficialID); err != nil {
			return err
		}
		var hid int64
		err = tx.QueryRowContext(ctx, `INSERT INTO violation_handlings (violation_id, official_id, kind, note, decided_by, decider_name, decided_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, id, in.OfficialID, string(in.Kind), in.Note,
			sqldb.NullID(max(tx.Actor.UserID, 0)), tx.Actor.FullName, tx.Now).Scan(&hid)
		if sqldb.IsUniqueViolation(err) {
			return congvu.Errorf(congvu.ECONFLICT, "Cán bộ này đã được xử lý trong vụ việc.")
		}
		if err != nil {
			return s.db.Internal("insert handling", err)
		}
		if in.Severity != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE violations SET severity = $1 WHERE id = $2`, string(in.Severity), id); err != nil {
				return s.db.Internal("set severity", err)
			}
		}
		if err := s.setOutcome(ctx, tx, id, in.OfficialID, violation.OutcomeHandled, ""); err != nil {
			return err
		}
		if err := tx.Audit("violation.handle", "violation", id, v.UnitID, nil, map[string]any{"handling_id": hid,
			"official_id": in.OfficialID, "kind": in.Kind, "severity": in.Severity}); err != nil {
			return err
		}
		hs, err := s.loadHandlings(ctx, tx, "h.id = $1", hid)
		if err != nil {
			return err
		}
		out = hs[0]
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Acknowledge records the official's acknowledgement. See
// violation.Service.
func (s *ViolationService) Acknowledge(ctx context.Context, handlingID int64, note string) (*violation.Handling, error) {
	actor := congvu.ActorFromContext(ctx)
	if actor.IsAnonymous() {
		return nil, errNoHandling()
	}
	if err := violation.ValidateAckNote(&note); err != nil {
		return nil, err
	}
	var out *violation.Handling
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		h, err := scanHandling(tx.QueryRowContext(ctx, `SELECT `+handlingCols+handlingFrom+` WHERE h.id = $1`, handlingID))
		if errors.Is(err, sql.ErrNoRows) {
			return errNoHandling()
		}
		if err != nil {
			return s.db.Internal("load handling", err)
		}
		if actor.OfficialID == 0 || h.OfficialID != actor.OfficialID {
			v, err := s.load(ctx, tx, h.ViolationID)
			if err != nil {
				return err
			}
			if violation.CanView(actor, v) {
				return congvu.Errorf(congvu.EFORBIDDEN, "Chỉ cán bộ được xử lý mới xác nhận đã nhận được.")
			}
			return errNoHandling()
		}
		if h.AcknowledgedAt != nil {
			return congvu.Errorf(congvu.ECONFLICT, "Anh/chị đã xác nhận việc này.")
		}
		res, err := tx.ExecContext(ctx, `UPDATE violation_handlings SET acknowledged_at = $1, ack_note = $2 WHERE id = $3 AND acknowledged_at IS NULL`,
			tx.Now, note, handlingID)
		if err != nil {
			return s.db.Internal("acknowledge", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return congvu.Errorf(congvu.ECONFLICT, "Anh/chị đã xác nhận việc này.")
		}
		var unitID int64
		if err := tx.QueryRowContext(ctx, `SELECT unit_id FROM violations WHERE id = $1`, h.ViolationID).Scan(&unitID); err != nil {
			return s.db.Internal("acknowledge", err)
		}
		if err := tx.Audit("violation.acknowledge", "violation", h.ViolationID, unitID, nil, map[string]any{"handling_id": handlingID}); err != nil {
			return err
		}
		now := tx.Now
		h.AcknowledgedAt, h.AckNote, h.DecidedBy = &now, note, 0
		out = h
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func errNoHandling() error {
	return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy việc xử lý.")
}

// NoAction records that an official named gets no measure. See
// violation.Service.
func (s *ViolationService) NoAction(ctx context.Context, id int64, officialID int64, reason string) (*violation.Violation, error) {
	if congvu.ActorFromContext(ctx).IsAnonymous() {
		return nil, errNoViolation()
	}
	if err := violation.ValidateReason(&reason, "reason"); err != nil {
		return nil, err
	}
	var out *violation.Violation
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		v, err := s.forWrite(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := named(tx.Actor, v, officialID); err != nil {
			return err
		}
		if err := s.setOutcome(ctx, tx, id, officialID, violation.OutcomeNoAction, reason); err != nil {
			return err
		}
		if err := tx.Audit("violation.no_action", "violation", id, v.UnitID, nil, map[string]any{"official_id": officialID, "reason": reason}); err != nil {
			return err
		}
		out, err = s.load(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Dismiss closes an open violation without measure. See
// violation.Service.
func (s *ViolationService) Dismiss(ctx context.Context, id int64, reason string) (*violation.Violation, error) {
	if congvu.ActorFromContext(ctx).IsAnonymous() {
		return nil, errNoViolation()
	}
	if err := violation.ValidateReason(&reason, "reason"); err != nil {
		return nil, err
	}
	var out *violation.Violation
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		v, err := s.forWrite(ctx, tx, id)
		if err != nil {
			return err
		}
		if violation.Conflicted(tx.Actor, v) {
			return errConflicted()
		}
		if !violation.CanHandle(tx.Actor, v, nil) {
			return errForbidden()
		}
		if v.Status != violation.StatusOpen {
			return errNotOpen()
		}
		if err := RollupViolation(ctx, tx, id, func() error {
			res, err := tx.ExecContext(ctx, `UPDATE violations SET status = 'dismissed', dismiss_reason = $1, closed_at = $2, updated_at = $2
			WHERE id = $3 AND status = 'open' AND NOT EXISTS (SELECT 1 FROM violation_officials WHERE violation_id = $3 AND outcome <> 'pending')`,
				reason, tx.Now, id)
			if err != nil {
				return s.db.Internal("dismiss violation", err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return congvu.Errorf(congvu.ECONFLICT, "Đã có cán bộ được xử lý trong vụ việc; không thể kết thúc vụ việc mà không xử lý.")
			}
			return nil
		}); err != nil {
			return err
		}
		if err := tx.Audit("violation.dismiss", "violation", id, v.UnitID, nil, map[string]any{"reason": reason}); err != nil {
			return err
		}
		out, err = s.load(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AddEvidence adds a piece of evidence to an open violation. See
// violation.Service.
func (s *ViolationService) AddEvidence(ctx context.Context, id int64, ev congvu.EvidenceRef, note string) (*violation.Violation, error) {
	actor := congvu.ActorFromContext(ctx)
	if actor.IsAnonymous() {
		return nil, errNoViolation()
	}
	note = vntext.CleanParagraphs(note)
	if msg := violation.EvidenceProblem(ev, note); msg != "" {
		return nil, congvu.FieldError("evidence", msg)
	}
	cur, err := s.load(ctx, s.db.Read, id)
	if err != nil {
		return nil, err
	}
	if !violation.Concerns(actor, cur) && !violation.CanView(actor, cur) {
		return nil, errNoViolation()
	}
	if violation.Conflicted(actor, cur) {
		return nil, errConflicted()
	}
	if !violation.Allowed(actor, congvu.ActViolationOpen, cur.UnitPath) {
		return nil, errForbidden()
	}
	v := congvu.Validation{}
	e, err := s.resolve(ctx, ev, note, cur.UnitID, cur.ItemCodes, "evidence", v)
	if err != nil {
		return nil, err
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var ids []int64
	for _, n := range cur.Officials {
		ids = append(ids, n.OfficialID)
	}
	if ok, err := s.relevant(ctx, e, cur.UnitPath, ids); err != nil {
		return nil, err
	} else if !ok {
		return nil, congvu.FieldError("evidence", errIrrelevant)
	}
	var out *violation.Violation
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		v, err := s.forWrite(ctx, tx, id)
		if err != nil {
			return err
		}
		if v.Status != violation.StatusOpen {
			return errNotOpen()
		}
		if err := s.insertEvidence(ctx, tx, id, e); err != nil {
			return err
		}
		if err := RollupViolation(ctx, tx, id, func() error { // the days to decision may change
			_, err := tx.ExecContext(ctx, `UPDATE violations SET updated_at = $1, evidence_at = CASE WHEN evidence_at > $2 THEN $2 ELSE evidence_at END
			WHERE id = $3`, tx.Now, e.Date.UTC(), id)
			return s.db.Internal("add evidence", err)
		}); err != nil {
			return err
		}
		if err := tx.Audit("violation.evidence", "violation", id, v.UnitID, nil, map[string]any{"evidence": evidenceKeys([]*violation.Evidence{e})}); err != nil {
			return err
		}
		out, err = s.load(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return violation.SeenBy(actor, out), nil
}
