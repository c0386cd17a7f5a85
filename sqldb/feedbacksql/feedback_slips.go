package feedbacksql

import (
	"context"
	"database/sql"
	"errors"

	"congvu"
	"congvu/feedback"
	"congvu/sqldb"
)

// Apology slips of dossiers: issued by the agency at fault (the rules are
// feedback.CheckSlip), once per dossier (also the unique dossier_id), seen
// by those who may see the issuing agency's officials.

const slipCols = `s.id, s.dossier_id, s.unit_id, u.name, u.path, d.code, d.procedure_name, d.unit_id, r.name, d.received_at, s.due_at, s.new_due_at,
	s.number, s.issued_at, s.reason, s.recipient, s.recipient_address, s.copies_to, s.signer_title, s.signer, s.form`

const slipFrom = ` FROM apology_slips s JOIN dossiers d ON d.id = s.dossier_id JOIN units u ON u.id = s.unit_id JOIN units r ON r.id = d.unit_id`

func scanSlip(sc sqldb.Scanner) (*feedback.ApologySlip, string, error) {
	s := &feedback.ApologySlip{}
	var path string
	if err := sc.Scan(&s.ID, &s.DossierID, &s.UnitID, &s.UnitName, &path, &s.DossierCode, &s.ProcedureName, &s.ReceivingUnitID, &s.ReceivingUnitName,
		&s.ReceivedAt, &s.DueAt, &s.NewDueAt, &s.Number, &s.IssuedAt, &s.Reason, &s.Recipient, &s.RecipientAddress, &s.CopiesTo,
		&s.SignerTitle, &s.Signer, &s.Form); err != nil {
		return nil, "", err
	}
	s.ReceivedAt, s.DueAt, s.NewDueAt, s.IssuedAt = sqldb.UTC(s.ReceivedAt), sqldb.UTC(s.DueAt), sqldb.UTC(s.NewDueAt), sqldb.UTC(s.IssuedAt)
	return s, path, nil
}

func errNoSlip() error {
	return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy phiếu xin lỗi.")
}

// slipViewScopes are the subtrees whose slips the actor may see.
func slipViewScopes(actor *congvu.Actor) []string {
	return append(actor.Scopes(congvu.ActOfficialView), actor.Scopes(congvu.ActOfficialManage)...)
}

// errSecondSlip is the refusal of a second slip that met the unique index
// (two issued at once).
func errSecondSlip(code string) error {
	return congvu.Errorf(congvu.ECONFLICT, "Hồ sơ %s đã được hẹn lại một lần; mỗi hồ sơ chỉ được hẹn lại một lần.", code)
}

// IssueApologySlip records a slip by the agency at fault, dated today, and
// gives the dossier the new date and the reason. The actor must manage the
// issuing agency. See feedback.Service.
func (s *FeedbackService) IssueApologySlip(ctx context.Context, in feedback.SlipInput) (*feedback.ApologySlip, error) {
	actor := congvu.ActorFromContext(ctx)
	var out *feedback.ApologySlip
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		issuer, err := s.manageUnit(ctx, tx, in.UnitID)
		if err != nil {
			return err
		}
		d, err := s.getDossier(ctx, tx, in.DossierID)
		if err != nil {
			return err
		}
		// A dossier neither received nor delayed by the issuer, in a unit
		// the actor may not see, does not exist for them.
		var recvPath string
		if err := tx.QueryRowContext(ctx, `SELECT path FROM units WHERE id = $1`, d.UnitID).Scan(&recvPath); err != nil {
			return s.db.Internal("issue apology slip", err)
		}
		if d.UnitID != issuer.ID && d.AtFault() != issuer.ID && !actor.Can(congvu.ActOfficialView, recvPath) && !actor.Can(congvu.ActOfficialManage, recvPath) {
			return errNoDossier()
		}
		prior, _, err := scanSlip(tx.QueryRowContext(ctx, `SELECT `+slipCols+slipFrom+` WHERE s.dossier_id = $1`, d.ID))
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return s.db.Internal("issue apology slip", err)
		}
		atFault := issuer.Name
		if d.AtFault() != issuer.ID {
			if err := tx.QueryRowContext(ctx, `SELECT name FROM units WHERE id = $1`, d.AtFault()).Scan(&atFault); err != nil {
				return s.db.Internal("issue apology slip", err)
			}
		}
		if err := feedback.CheckSlip(d, prior, issuer.Name, atFault, &in, tx.Now); err != nil {
			return err
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO apology_slips (dossier_id, unit_id, number, issued_at, due_at, new_due_at, reason, recipient,
			recipient_address, copies_to, signer_title, signer, form) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
			d.ID, issuer.ID, in.Number, tx.Now, d.DueAt, in.NewDueAt.UTC(), in.Reason, in.Recipient, in.RecipientAddress, in.CopiesTo,
			in.SignerTitle, in.Signer, feedback.SlipFormOn(tx.Now).Key).Scan(&id)
		if sqldb.IsUniqueViolation(err) {
			return errSecondSlip(d.Code)
		}
		if err != nil {
			return s.db.Internal("issue apology slip", err)
		}
		if out, _, err = scanSlip(tx.QueryRowContext(ctx, `SELECT `+slipCols+slipFrom+` WHERE s.id = $1`, id)); err != nil {
			return s.db.Internal("issue apology slip", err)
		}
		if err := tx.Audit("apology_slip.issue", "apology_slip", id, issuer.ID, nil, out); err != nil {
			return err
		}
		newDue := out.NewDueAt
		if _, err := tx.ExecContext(ctx, `UPDATE dossiers SET new_due_at = $2, delay_reason = $3, updated_at = $4 WHERE id = $1`,
			d.ID, newDue, in.Reason, tx.Now); err != nil {
			return s.db.Internal("issue apology slip", err)
		}
		after := *d
		after.NewDueAt, after.DelayReason = &newDue, in.Reason
		return tx.Audit("dossier.update", "dossier", d.ID, d.UnitID, d, &after)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FindApologySlipByID returns a slip of an agency whose officials the
// actor may see. See feedback.Service.
func (s *FeedbackService) FindApologySlipByID(ctx context.Context, id int64) (*feedback.ApologySlip, error) {
	actor := congvu.ActorFromContext(ctx)
	out, path, err := scanSlip(s.db.Read.QueryRowContext(ctx, `SELECT `+slipCols+slipFrom+` WHERE s.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !actor.Can(congvu.ActOfficialView, path) && !actor.Can(congvu.ActOfficialManage, path)) {
		return nil, errNoSlip()
	}
	if err != nil {
		return nil, s.db.Internal("find apology slip", err)
	}
	return out, nil
}

// FindApologySlips lists the slips issued in a unit's subtree (or the
// actor's whole scope), newest first. See feedback.Service.
func (s *FeedbackService) FindApologySlips(ctx context.Context, f feedback.SlipFilter) ([]*feedback.ApologySlip, int, error) {
	actor := congvu.ActorFromContext(ctx)
	var a sqldb.Args
	where := sqldb.ScopeClause("u.path", slipViewScopes(actor), &a)
	if f.UnitID != 0 {
		u, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, f.UnitID)
		if err != nil {
			return nil, 0, err
		}
		if u == nil || (!actor.Can(congvu.ActOfficialView, u.Path) && !actor.Can(congvu.ActOfficialManage, u.Path)) {
			return nil, 0, sqldb.NotFoundUnit()
		}
		where += " AND " + sqldb.ScopeClause("u.path", []string{u.Path}, &a)
	}
	if f.DossierID != 0 {
		where += " AND s.dossier_id = " + a.Add(f.DossierID)
	}
	if !f.From.IsZero() {
		where += " AND s.issued_at >= " + a.Add(f.From.UTC())
	}
	if !f.To.IsZero() {
		where += " AND s.issued_at < " + a.Add(f.To.UTC())
	}
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*)`+slipFrom+` WHERE `+where, a...).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("find apology slips", err)
	}
	if f.Limit < 0 {
		return nil, total, nil
	}
	q := `SELECT ` + slipCols + slipFrom + ` WHERE ` + where + ` ORDER BY s.issued_at DESC, s.id DESC LIMIT ` + a.Add(congvu.ClampLimit(f.Limit)) +
		` OFFSET ` + a.Add(max(f.Offset, 0))
	out, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "find apology slips", q, func(sc sqldb.Scanner) (*feedback.ApologySlip, error) {
		sl, _, err := scanSlip(sc)
		return sl, err
	}, a...)
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}
