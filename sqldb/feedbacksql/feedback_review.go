package feedbacksql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"congvu"
	"congvu/feedback"
	"congvu/sqldb"
	"congvu/vntext"
)

const feedbackCols = `f.id, f.unit_id, u.name, u.path, COALESCE(f.official_id, 0), COALESCE(o.full_name, ''), f.channel, f.satisfaction,
	f.comment, f.dossier_code, f.verified, f.contact, f.status, f.flag_reason, COALESCE(f.idempotency_key, ''), f.submitted_at,
	f.answers_asked, f.answers_yes`

const feedbackFrom = ` FROM feedback f JOIN units u ON u.id = f.unit_id LEFT JOIN officials o ON o.id = f.official_id`

// storedFeedback is a rating with the unit path authorization needs.
type storedFeedback struct {
	*feedback.Feedback
	unitPath string
}

func scanFeedback(sc sqldb.Scanner) (*storedFeedback, error) {
	f := &feedback.Feedback{}
	var path, ch, sat, status string
	var asked, yes int
	if err := sc.Scan(&f.ID, &f.UnitID, &f.UnitName, &path, &f.OfficialID, &f.OfficialName, &ch, &sat,
		&f.Comment, &f.DossierCode, &f.Verified, &f.Contact, &status, &f.FlagReason, &f.IdempotencyKey, &f.SubmittedAt, &asked, &yes); err != nil {
		return nil, err
	}
	f.Answers = feedback.UnpackAnswers(asked, yes)
	f.Channel, f.Satisfaction, f.Status = feedback.Channel(ch), feedback.Satisfaction(sat), feedback.Status(status)
	f.SubmittedAt = sqldb.UTC(f.SubmittedAt)
	return &storedFeedback{Feedback: f, unitPath: path}, nil
}

func errNoFeedback() error { return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy đánh giá.") }

// feedbackBy loads one rating, or nil when there is none.
func (s *FeedbackService) feedbackBy(ctx context.Context, q sqldb.Querier, where string, arg any) (*storedFeedback, error) {
	f, err := scanFeedback(q.QueryRowContext(ctx, `SELECT `+feedbackCols+feedbackFrom+` WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load feedback: %w", err)
	}
	return f, nil
}

// byIdemKey returns the rating stored with an idempotency key, or nil.
func (s *FeedbackService) byIdemKey(ctx context.Context, q sqldb.Querier, key string) (*feedback.Feedback, error) {
	f, err := s.feedbackBy(ctx, q, "f.idempotency_key = $1", key)
	if err != nil {
		return nil, s.db.Internal("find feedback by key", err)
	}
	if f == nil {
		return nil, nil
	}
	return f.Feedback, nil
}

// feedbackViewClause limits ratings (f joined with units u) to what the actor
// may see: the subtrees where they may view officials, and ratings about
// themself.
func feedbackViewClause(actor *congvu.Actor, a *sqldb.Args) string {
	var parts []string
	if scopes := actor.Scopes(congvu.ActOfficialView); len(scopes) > 0 {
		parts = append(parts, sqldb.ScopeClause("u.path", scopes, a))
	}
	if !actor.IsAnonymous() && actor.OfficialID != 0 {
		parts = append(parts, "f.official_id = "+a.Add(actor.OfficialID))
	}
	if len(parts) == 0 {
		return "1=0"
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

func canViewFeedback(actor *congvu.Actor, f *storedFeedback) bool {
	if actor.IsAnonymous() {
		return false
	}
	return actor.Can(congvu.ActOfficialView, f.unitPath) || (actor.OfficialID != 0 && actor.OfficialID == f.OfficialID)
}

// redactFeedback hides what the actor may not see (feedback.RedactFor).
func redactFeedback(actor *congvu.Actor, f *storedFeedback) {
	f.RedactFor(actor, f.unitPath)
}

// FindFeedback lists ratings in the actor's scope (admins, supervisors, unit
// heads and inspectors: their subtrees; an official: ratings about
// themself), newest first. Contacts and dossier codes are shown only to those
// who may review.
// See feedback.Service.
func (s *FeedbackService) FindFeedback(ctx context.Context, f feedback.Filter) ([]*feedback.Feedback, int, error) {
	actor := congvu.ActorFromContext(ctx)
	var a sqldb.Args
	where := []string{feedbackViewClause(actor, &a)}
	var listed []string // the units whose ratings the list may hold
	if f.UnitID != 0 {
		var path string
		err := s.db.Read.QueryRowContext(ctx, `SELECT path FROM units WHERE id = $1`, f.UnitID).Scan(&path)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, 0, nil
		}
		if err != nil {
			return nil, 0, s.db.Internal("find feedback", err)
		}
		where = append(where, sqldb.ScopeClause("u.path", []string{path}, &a))
		listed = []string{path}
	} else {
		listed = actor.Scopes(congvu.ActOfficialView)
		if !actor.IsAnonymous() && actor.OfficialID != 0 && feedback.Reviews(actor, listed) {
			own, err := ratedUnitPaths(ctx, s.db, actor.OfficialID)
			if err != nil {
				return nil, 0, err
			}
			listed = append(listed, own...)
		}
	}
	order := "f.submitted_at DESC, f.id DESC"
	if now := s.db.Now(); !f.RedactFor(actor, listed, now) {
		// Today's ratings only of the units the actor reviews, rating by
		// rating (feedback.VisibleCut).
		visible, reviewed := visibleClause(actor, now, "u.path", false, &a)
		where = append(where, visible)
		var err error
		if order, err = hiddenOrder(ctx, s.db, reviewed); err != nil {
			return nil, 0, err
		}
	}
	if f.OfficialID != 0 {
		where = append(where, "f.official_id = "+a.Add(f.OfficialID))
	}
	if f.Status != "" {
		where = append(where, "f.status = "+a.Add(string(f.Status)))
	}
	if p := vntext.LikePattern(f.Query); p != "" {
		where = append(where, `f.search_comment LIKE `+a.Add(p)+` ESCAPE '\'`)
	}
	if !f.From.IsZero() {
		where = append(where, "f.submitted_at >= "+a.Add(f.From.UTC()))
	}
	if !f.To.IsZero() {
		where = append(where, "f.submitted_at < "+a.Add(f.To.UTC()))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*)`+feedbackFrom+` WHERE `+cond, a...).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("count feedback", err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+feedbackCols+feedbackFrom+` WHERE `+cond+
		fmt.Sprintf(` ORDER BY %s LIMIT %d OFFSET %d`, order, congvu.ClampLimit(f.Limit), max(f.Offset, 0)), a...)
	if err != nil {
		return nil, 0, s.db.Internal("find feedback", err)
	}
	defer rows.Close()
	var out []*feedback.Feedback
	for rows.Next() {
		sf, err := scanFeedback(rows)
		if err != nil {
			return nil, 0, s.db.Internal("scan feedback", err)
		}
		redactFeedback(actor, sf)
		out = append(out, sf.Feedback)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, s.db.Internal("find feedback", err)
	}
	return out, total, nil
}

// feedbackReview is what the audit log records of a review.
type feedbackReview struct {
	Status     feedback.Status `json:"status"`
	FlagReason string          `json:"flag_reason,omitempty"`
	Note       string          `json:"note,omitempty"`
}

// ReviewFeedback moves a rating to another status (a supervisor restoring a
// flagged or rejected rating, or rejecting one) and moves its counts between
// the rollup columns of its unit, the unit's ancestors and its official, in
// one audited transaction. Needs congvu.ActFeedbackReview on the rating's
// unit; ENOTFOUND when the actor may not even see it. See
// feedback.Service.
func (s *FeedbackService) ReviewFeedback(ctx context.Context, id int64, status feedback.Status, note string) (*feedback.Feedback, error) {
	actor := congvu.ActorFromContext(ctx)
	note = vntext.Clean(note)
	v := congvu.Validation{}
	switch status {
	case feedback.Accepted, feedback.Flagged, feedback.Rejected:
	default:
		v.Add("status", "Xin chọn: chấp nhận, đánh dấu nghi vấn hoặc loại bỏ.")
	}
	if utf8.RuneCountInString(note) > 1000 {
		v.Add("note", "Ghi chú dài quá 1000 ký tự.")
	}
	var out *storedFeedback
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		old, err := s.feedbackBy(ctx, tx, "f.id = $1", id)
		if err != nil {
			return s.db.Internal("review feedback", err)
		}
		// Scope first: outside it, a rating is not found whatever was sent.
		if old == nil || !canViewFeedback(actor, old) {
			return errNoFeedback()
		}
		if !actor.Can(congvu.ActFeedbackReview, old.unitPath) {
			return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền xét lại đánh giá của đơn vị này.")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if old.Status == status {
			out = old
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE feedback SET status = $2, reviewed_by = $3, reviewed_at = $4 WHERE id = $1`,
			id, string(status), sqldb.NullID(max(actor.UserID, 0)), tx.Now); err != nil {
			return s.db.Internal("review feedback", err)
		}
		// The rating counts in the tree as it stood on its day: the unit's
		// current path, or where it stood then if a restructuring has moved
		// it since (sqldb.PathsBefore).
		var path string
		q := `SELECT path FROM units WHERE id = $1`
		if s.db.Engine == sqldb.Postgres {
			q += ` FOR SHARE`
		}
		if err := tx.QueryRowContext(ctx, q, old.UnitID).Scan(&path); err != nil {
			return s.db.Internal("review feedback", err)
		}
		before, err := sqldb.PathsBefore(ctx, s.db, tx, []int64{old.UnitID})
		if err != nil {
			return err
		}
		counted := sqldb.PathIDs(sqldb.PathAt(before[old.UnitID], path, old.SubmittedAt))
		next := *old.Feedback
		next.Status = status
		d := newRollupDelta()
		d.addFeedback(counted, old.Feedback, -1)
		d.addFeedback(counted, &next, 1)
		if err := d.flush(ctx, tx); err != nil {
			return s.db.Internal("review feedback", err)
		}
		out = &storedFeedback{Feedback: &next, unitPath: path}
		return tx.Audit("feedback.review", "feedback", id, old.UnitID,
			feedbackReview{Status: old.Status, FlagReason: old.FlagReason},
			feedbackReview{Status: status, FlagReason: old.FlagReason, Note: note})
	})
	if err != nil {
		return nil, err
	}
	redactFeedback(actor, out)
	return out.Feedback, nil
}
