package petitionsql

import (
	"congvu"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/vntext"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// ---- handling ----

// stepAudit is what the audit log records of a step.
type stepAudit struct {
	Status        petition.Status     `json:"status"`
	HandlerUnitID int64               `json:"handler_unit_id,omitempty"`
	Reason        string              `json:"reason,omitempty"`
	Conclusion    petition.Conclusion `json:"conclusion,omitempty"`
	Text          string              `json:"text,omitempty"`
	Items         []string            `json:"items,omitempty"`
	Note          string              `json:"note,omitempty"`
}

// targetUnit checks the unit a petition is assigned or transferred to: it
// exists, is active and lies outside the subject's subtree.
func (s *PetitionService) targetUnit(ctx context.Context, q sqldb.Querier, p *storedPetition, id int64) (*unitRef, error) {
	var u *unitRef
	var err error
	if id == 0 {
		u, err = s.defaultHandler(ctx, q, p.UnitPath)
	} else {
		u, err = s.unitRef(ctx, q, id)
	}
	if err != nil {
		return nil, err
	}
	if u == nil || !u.Active {
		return nil, congvu.FieldError("unit_id", "Không tìm thấy đơn vị được chọn hoặc đơn vị đã ngừng hoạt động.")
	}
	if !p.MayBeHandledBy(u.Path) {
		return nil, congvu.FieldError("unit_id", "Không thể giao phản ánh cho chính đơn vị bị phản ánh hoặc đơn vị trực thuộc đơn vị đó.")
	}
	return u, nil
}

// checkItems returns the codes, normalised and deduplicated, when each is
// an item of the standard version in force (national, or local to the
// subject's unit or an ancestor).
func (s *PetitionService) checkItems(ctx context.Context, q sqldb.Querier, p *storedPetition, codes []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, c := range codes {
		c = sqldb.NormalizeStdCode(c)
		if c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return nil, congvu.FieldError("items", "Kết luận phản ánh đúng cần nêu ít nhất một chuẩn mực bị vi phạm.")
	}
	n := s.db.Now().In(congvu.TimeZone)
	today := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
	var a sqldb.Args
	var codePH, unitPH []string
	for _, c := range out {
		codePH = append(codePH, a.Add(c))
	}
	for _, id := range sqldb.PathIDs(p.UnitPath) {
		unitPH = append(unitPH, a.Add(id))
	}
	found, err := sqldb.QueryAll(ctx, s.db, q, "check standard items", `SELECT DISTINCT i.code FROM standard_items i
		WHERE i.version_id = (SELECT id FROM standard_versions WHERE effective_on <= `+a.Add(today)+` ORDER BY effective_on DESC, id DESC LIMIT 1)
		AND i.code IN (`+strings.Join(codePH, ", ")+`) AND (i.unit_id IS NULL OR i.unit_id IN (`+strings.Join(unitPH, ", ")+`))`,
		func(sc sqldb.Scanner) (string, error) {
			var c string
			return c, sc.Scan(&c)
		}, a...)
	if err != nil {
		return nil, err
	}
	ok := map[string]bool{}
	for _, c := range found {
		ok[c] = true
	}
	var bad []string
	for _, c := range out {
		if !ok[c] {
			bad = append(bad, c)
		}
	}
	if len(bad) > 0 {
		return nil, congvu.FieldError("items", "Không có trong bộ chuẩn mực đang áp dụng: "+strings.Join(bad, ", ")+".")
	}
	return out, nil
}

// Step takes a workflow step. Order of checks: the actor sees the petition
// (ENOTFOUND), may handle it and works outside the subject's subtree
// (EFORBIDDEN), the status allows the step (ECONFLICT), the input is
// complete (EINVALID on reason, unit_id, conclusion, text, items, note,
// step). A step that changes the deadline stage (and every transfer) starts
// a new deadline; handlers of a new unit and the reporter (accept, reject,
// conclude; when they gave an email and are not anonymous) are emailed.
// See petition.Service.
func (s *PetitionService) Step(ctx context.Context, id int64, in petition.StepInput) (*petition.Petition, error) {
	in.Reason, in.Note, in.Text = vntext.Clean(in.Reason), vntext.CleanParagraphs(in.Note), vntext.CleanParagraphs(in.Text)
	idKey, _, err := s.keys(ctx)
	if err != nil {
		return nil, err
	}
	var out *storedPetition
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		p, _, err := s.handling(ctx, tx, id)
		if err != nil {
			return err
		}
		to, known := petition.StepTo[in.Step]
		if !known {
			return congvu.FieldError("step", "Thao tác không hợp lệ.")
		}
		if !in.Step.Allowed(p.Status) {
			return congvu.Errorf(congvu.ECONFLICT, "Phản ánh đang ở trạng thái “%s” nên không thể “%s”.", p.Status.Label(), in.Step.Label())
		}
		v := congvu.Validation{}
		if utf8.RuneCountInString(in.Note) > maxPetitionReason {
			v.Add("note", fmt.Sprintf("Ghi chú dài quá %d ký tự.", maxPetitionReason))
		}
		switch in.Step {
		case petition.StepReject, petition.StepTransfer:
			switch n := utf8.RuneCountInString(in.Reason); {
			case n == 0:
				v.Add("reason", "Xin nêu lý do.")
			case n > maxPetitionReason:
				v.Add("reason", fmt.Sprintf("Lý do dài quá %d ký tự.", maxPetitionReason))
			}
		case petition.StepConclude:
			if !in.Conclusion.Valid() {
				v.Add("conclusion", "Xin chọn kết luận: đúng, đúng một phần hoặc không có cơ sở.")
			}
			switch n := utf8.RuneCountInString(in.Text); {
			case n == 0:
				v.Add("text", "Xin ghi nội dung kết luận.")
			case n > maxPetitionText:
				v.Add("text", fmt.Sprintf("Nội dung kết luận dài quá %d ký tự.", maxPetitionText))
			}
			if in.Conclusion.Breached() && len(in.Items) == 0 { // told with the other fields; codes are checked below
				v.Add("items", "Kết luận phản ánh đúng cần nêu ít nhất một chuẩn mực bị vi phạm.")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		handler := &unitRef{ID: p.HandlerUnitID, Name: p.HandlerName, Path: p.HandlerPath}
		reject, concl, text := p.RejectReason, p.Conclusion, p.ConclusionText
		var items []string
		notes := []string{}
		switch in.Step {
		case petition.StepAssign, petition.StepTransfer:
			if in.Step == petition.StepTransfer && in.UnitID == 0 {
				return congvu.FieldError("unit_id", "Xin chọn đơn vị nhận phản ánh.")
			}
			u, err := s.targetUnit(ctx, tx, p, in.UnitID)
			if err != nil {
				return err
			}
			if in.Step == petition.StepTransfer && u.ID == p.HandlerUnitID {
				return congvu.FieldError("unit_id", "Phản ánh đang do đơn vị này xử lý; xin chọn đơn vị khác.")
			}
			handler = u
			if in.Step == petition.StepTransfer {
				notes = append(notes, "Lý do chuyển: "+in.Reason)
			}
		case petition.StepReject:
			reject = in.Reason
			notes = append(notes, "Lý do: "+in.Reason)
		case petition.StepConclude:
			if in.Conclusion.Breached() {
				if items, err = s.checkItems(ctx, tx, p, in.Items); err != nil {
					return err
				}
			}
			concl, text = in.Conclusion, in.Text
			notes = append(notes, in.Conclusion.Label()+": "+in.Text)
		case petition.StepClose:
			var agency, reporter int
			// A reply about the result: sent since the conclusion (the
			// start of the close stage).
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN from_agency AND created_at >= (SELECT MAX(started_at) FROM petition_stages
					WHERE petition_id = $1 AND stage = 'close') THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN from_agency THEN 0 ELSE 1 END), 0)
				FROM petition_messages WHERE petition_id = $1`, id).Scan(&agency, &reporter); err != nil {
				return s.db.Internal("count messages", err)
			}
			if agency == 0 && !(p.Anonymous && reporter == 0) {
				return congvu.Errorf(congvu.ECONFLICT, "Cần gửi trả lời kết quả giải quyết cho người phản ánh trước khi đóng phản ánh.")
			}
		}
		if in.Note != "" {
			notes = append(notes, in.Note)
		}
		var closed sql.NullTime
		if to.Final() {
			closed = sql.NullTime{Time: tx.Now, Valid: true}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE petitions SET status = $2, handler_unit_id = $3, reject_reason = $4, conclusion = $5, conclusion_text = $6,
			updated_at = $7, closed_at = $8 WHERE id = $1`, id, string(to), handler.ID, reject, string(concl), text, tx.Now, closed); err != nil {
			return s.db.Internal("petition step", err)
		}
		if in.Step == petition.StepConclude {
			if _, err := tx.ExecContext(ctx, `DELETE FROM petition_items WHERE petition_id = $1`, id); err != nil {
				return s.db.Internal("petition step", err)
			}
			for _, c := range items {
				if _, err := tx.ExecContext(ctx, `INSERT INTO petition_items (petition_id, item_code) VALUES ($1, $2)`, id, c); err != nil {
					return s.db.Internal("petition step", err)
				}
			}
		}
		var due time.Time
		if stage := petition.StageOf(to); stage != petition.StageOf(p.Status) || in.Step == petition.StepTransfer {
			if due, err = startStage(tx, id, stage, handler.ID); err != nil {
				return s.db.Internal("petition step", err)
			}
		}
		if err := addEvent(tx, id, string(in.Step), to, handler.ID, strings.Join(notes, "\n"), true); err != nil {
			return s.db.Internal("petition step", err)
		}
		if err := tx.Audit("petition."+string(in.Step), "petition", id, handler.ID,
			stepAudit{Status: p.Status, HandlerUnitID: p.HandlerUnitID},
			stepAudit{Status: to, HandlerUnitID: handler.ID, Reason: in.Reason, Conclusion: in.Conclusion, Text: in.Text, Items: items, Note: in.Note}); err != nil {
			return err
		}
		p.HandlerUnitID = handler.ID
		switch in.Step {
		case petition.StepAssign, petition.StepTransfer:
			deadline := ""
			if !due.IsZero() {
				deadline = "\nHạn xác minh, kết luận: " + due.In(congvu.TimeZone).Format("02/01/2006")
			}
			if err := s.mailHandlers(tx, handler, id, "Phản ánh "+p.TrackingCode+" được giao cho "+handler.Name,
				fmt.Sprintf("Phản ánh %s (%s) được giao cho %s để xác minh, kết luận.%s\n\nXem và xử lý tại: /petitions/%d\n",
					p.TrackingCode, p.Category.Label(), handler.Name, deadline, id)); err != nil {
				return err
			}
		case petition.StepAccept:
			sub, body := reporterMail(p.TrackingCode, "đã được thụ lý để xem xét, giải quyết")
			if err := s.mailReporter(tx, idKey, p, sub, body); err != nil {
				return err
			}
		case petition.StepReject:
			sub, body := reporterMail(p.TrackingCode, "đã được xem xét nhưng không đủ điều kiện thụ lý; lý do được ghi tại trang tra cứu")
			if err := s.mailReporter(tx, idKey, p, sub, body); err != nil {
				return err
			}
		case petition.StepConclude:
			sub, body := reporterMail(p.TrackingCode, "đã có kết luận")
			if err := s.mailReporter(tx, idKey, p, sub, body); err != nil {
				return err
			}
		}
		out, err = s.load(ctx, tx, "p.id = $1", false, id)
		if err != nil {
			return err
		}
		return s.loadDetails(ctx, tx, out.Petition)
	})
	if err != nil {
		return nil, err
	}
	out.Overdue = out.IsOverdue(s.db.Now())
	return out.Petition, nil
}

// AddNote adds an internal note (handlers only; the reporter never sees
// it). See petition.Service.
func (s *PetitionService) AddNote(ctx context.Context, id int64, body string) (*petition.Note, error) {
	body = vntext.CleanParagraphs(body)
	var out *petition.Note
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		p, pa, err := s.handling(ctx, tx, id)
		if err != nil {
			return err
		}
		switch n := utf8.RuneCountInString(body); {
		case n == 0:
			return congvu.FieldError("body", "Xin nhập nội dung ghi chú.")
		case n > maxPetitionMessage:
			return congvu.FieldError("body", fmt.Sprintf("Ghi chú dài quá %d ký tự.", maxPetitionMessage))
		}
		out, err = scanPetitionNote(tx.QueryRowContext(ctx, `INSERT INTO petition_notes (petition_id, author_id, author_name, body, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id, petition_id, author_name, body, created_at`, id, sqldb.NullID(max(pa.UserID, 0)), pa.FullName, body, tx.Now))
		if err != nil {
			return s.db.Internal("add note", err)
		}
		return tx.Audit("petition.note", "petition", id, p.HandlerUnitID, nil, map[string]any{"note_id": out.ID, "chars": utf8.RuneCountInString(body)}) // the text stays in petition_notes: staff may name the reporter there
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Reply sends a message to the reporter on behalf of the handler unit (its
// name, not the person's, signs it), emailed when the reporter gave an
// email and is not anonymous. ECONFLICT once closed. See
// petition.Service.
func (s *PetitionService) Reply(ctx context.Context, id int64, body string) (*petition.Message, error) {
	body = vntext.CleanParagraphs(body)
	idKey, _, err := s.keys(ctx)
	if err != nil {
		return nil, err
	}
	var out *petition.Message
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		p, pa, err := s.handling(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.Status == petition.Closed {
			return congvu.Errorf(congvu.ECONFLICT, "Phản ánh đã đóng nên không gửi thêm trả lời được.")
		}
		switch n := utf8.RuneCountInString(body); {
		case n == 0:
			return congvu.FieldError("body", "Xin nhập nội dung trả lời.")
		case n > maxPetitionMessage:
			return congvu.FieldError("body", fmt.Sprintf("Nội dung trả lời dài quá %d ký tự.", maxPetitionMessage))
		}
		out, err = scanPetitionMessage(tx.QueryRowContext(ctx, `INSERT INTO petition_messages (petition_id, from_agency, author_id, author_name, body, created_at)
			VALUES ($1, TRUE, $2, $3, $4, $5) RETURNING id, petition_id, from_agency, author_name, body, created_at`,
			id, sqldb.NullID(max(pa.UserID, 0)), p.HandlerName, body, tx.Now))
		if err != nil {
			return s.db.Internal("reply", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE petitions SET updated_at = $2 WHERE id = $1`, id, tx.Now); err != nil {
			return s.db.Internal("reply", err)
		}
		if err := tx.Audit("petition.reply", "petition", id, p.HandlerUnitID, nil, map[string]any{"message_id": out.ID, "chars": utf8.RuneCountInString(body)}); err != nil { // the text is in petition_messages
			return err
		}
		sub, mbody := reporterMail(p.TrackingCode, "có trả lời mới của cơ quan giải quyết")
		return s.mailReporter(tx, idKey, p, sub, mbody)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RevealReporter opens the reporter's identity for a handler of the
// petition who is not conflicted, with a reason of at least 10 characters,
// recording the reading (petition_identity_views, a private history event
// and the audit log, each with the reason only). See
// petition.Service.
func (s *PetitionService) RevealReporter(ctx context.Context, id int64, reason string) (*petition.Reporter, error) {
	reason = vntext.Clean(reason)
	idKey, _, err := s.keys(ctx)
	if err != nil {
		return nil, err
	}
	var out *petition.Reporter
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		p, pa, err := s.handling(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.Anonymous || p.sealed == "" {
			return congvu.Errorf(congvu.ENOTFOUND, "Người phản ánh ẩn danh.")
		}
		switch n := utf8.RuneCountInString(reason); {
		case n < minRevealReason:
			return congvu.FieldError("reason", fmt.Sprintf("Xin nêu lý do cần xem thông tin người phản ánh (ít nhất %d ký tự).", minRevealReason))
		case n > maxRevealReason:
			return congvu.FieldError("reason", fmt.Sprintf("Lý do dài quá %d ký tự.", maxRevealReason))
		}
		r, err := openReporter(idKey, p.TrackingCode, p.sealed)
		if err != nil {
			return s.db.Internal("open reporter identity", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO petition_identity_views (petition_id, user_id, user_name, reason, at) VALUES ($1, $2, $3, $4, $5)`,
			id, pa.UserID, pa.FullName, reason, tx.Now); err != nil {
			return s.db.Internal("log identity view", err)
		}
		if err := addEvent(tx, id, "reveal", p.Status, p.HandlerUnitID, reason, false); err != nil {
			return s.db.Internal("log identity view", err)
		}
		if err := tx.Audit("petition.reveal", "petition", id, p.HandlerUnitID, nil, map[string]any{"reason": reason}); err != nil {
			return err
		}
		out = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// IdentityViews lists the readings of the reporter's identity, newest
// first, to insiders (see petitionActor.insider); other viewers get none.
// See petition.Service.
func (s *PetitionService) IdentityViews(ctx context.Context, id int64) ([]*petition.IdentityView, error) {
	p, pa, err := s.visible(ctx, s.db.Read, id, false)
	if err != nil {
		return nil, err
	}
	if !pa.Insider(p.Petition) {
		return nil, nil
	}
	return sqldb.QueryAll(ctx, s.db, s.db.Read, "load identity views", `SELECT id, petition_id, user_id, user_name, reason, at
		FROM petition_identity_views WHERE petition_id = $1 ORDER BY at DESC, id DESC`, func(sc sqldb.Scanner) (*petition.IdentityView, error) {
		v := &petition.IdentityView{}
		if err := sc.Scan(&v.ID, &v.PetitionID, &v.UserID, &v.UserName, &v.Reason, &v.At); err != nil {
			return nil, err
		}
		v.At = sqldb.UTC(v.At)
		return v, nil
	}, id)
}
