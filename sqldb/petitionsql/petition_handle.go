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
	Kind          petition.Kind       `json:"kind,omitempty"`
	KindReason    string              `json:"kind_reason,omitempty"`
	DueAt         *time.Time          `json:"due_at,omitempty"`
	Extensions    int                 `json:"extensions,omitempty"`
	VeryComplex   bool                `json:"very_complex,omitempty"`
	ReferTo       petition.Authority  `json:"refer_to,omitempty"`
}

// targetUnit checks the unit a petition is assigned or transferred to: it
// exists, is active and lies outside the subject's subtree.
func (s *PetitionService) targetUnit(ctx context.Context, q sqldb.Querier, p *storedPetition, id int64) (*sqldb.UnitRef, error) {
	var u *sqldb.UnitRef
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
	// National items of the version in force, or local items in force of the
	// unit's ancestors (these stay in force across national versions).
	day := a.Add(today)
	found, err := sqldb.QueryAll(ctx, s.db, q, "check standard items", `SELECT DISTINCT i.code FROM standard_items i
		LEFT JOIN standard_local_versions l ON l.id = i.local_version_id
		WHERE i.code IN (`+strings.Join(codePH, ", ")+`) AND (
			(i.unit_id IS NULL AND i.version_id = (SELECT id FROM standard_versions WHERE effective_on <= `+day+` ORDER BY effective_on DESC, id DESC LIMIT 1))
			OR (l.effective_on <= `+day+` AND i.unit_id IN (`+strings.Join(unitPH, ", ")+`)))`,
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

// stepState is what a step changes of a petition besides its status.
type stepState struct {
	handler *sqldb.UnitRef
	reject  string
	concl   petition.Conclusion
	text    string
	public  bool   // the text was written for the reporter
	summary string // else what the reporter reads of it
	items   []string
	notes   []string
	// The kind, the acceptance, the suspension and the extensions.
	kind          petition.Kind
	acceptedAt    *time.Time
	suspendedAt   *time.Time
	suspendedFrom petition.Status
	extensions    int
	// newDue: the open stage keeps running with this deadline (an
	// extension, a resumption); keepStage: the stage neither ends nor
	// restarts (a suspension).
	newDue    time.Time
	keepStage bool
	// public: the history note is the reporter's to read (petition.
	// PublicNote): the staff's optional note is left out of it.
	publicNote bool
}

// stepEffect is what one kind of step does in its transaction, beyond
// moving the status (see stepEffects).
type stepEffect func(s *PetitionService, ctx context.Context, tx *sqldb.Tx, p *storedPetition, in petition.StepInput, st *stepState) error

// stepEffects is the state machine's table of effects: a step absent from
// it only moves the status (petition.StepTo) and tells what it tells.
var stepEffects = map[petition.Step]stepEffect{
	petition.StepAssign:   (*PetitionService).handOver,
	petition.StepTransfer: (*PetitionService).handOver,
	petition.StepReject: func(_ *PetitionService, _ context.Context, _ *sqldb.Tx, _ *storedPetition, in petition.StepInput, st *stepState) error {
		st.reject = in.Reason
		st.notes = append(st.notes, "Lý do: "+in.Reason)
		return nil
	},
	petition.StepConclude: (*PetitionService).conclude,
	petition.StepClose:    (*PetitionService).closeReply,
	petition.StepAccept:   (*PetitionService).acceptKind,
	petition.StepExtend:   (*PetitionService).extend,
	petition.StepSuspend:  (*PetitionService).suspend,
	petition.StepResume:   (*PetitionService).resume,
	petition.StepRefer: func(_ *PetitionService, _ context.Context, _ *sqldb.Tx, _ *storedPetition, in petition.StepInput, st *stepState) error {
		st.notes, st.publicNote = append(st.notes, petition.ReferNote(in.ReferTo, in.Reason)), true
		return nil
	},
}

// acceptKind confirms the petition's kind at acceptance, or changes it
// with a reason (never to a tố cáo while anonymous), and dates the
// acceptance decision the settlement of a tố cáo or khiếu nại counts from.
func (s *PetitionService) acceptKind(_ context.Context, tx *sqldb.Tx, p *storedPetition, in petition.StepInput, st *stepState) error {
	to := in.Kind
	if to == "" {
		to = p.Kind
	}
	if err := petition.CheckKind(to, p.Anonymous); err != nil {
		return err
	}
	if to != p.Kind && in.KindReason == "" {
		return congvu.FieldError("kind_reason", "Xin nêu lý do đổi loại đơn từ “"+p.Kind.Label()+"” sang “"+to.Label()+"”.")
	}
	now := tx.Now
	st.kind, st.acceptedAt = to, &now
	st.notes = append(st.notes, petition.KindEvent(p.Kind, to, in.KindReason))
	return nil
}

// extend moves the settlement's deadline by the rule's ExtendDays, as many
// times as petition.CheckExtend allows.
func (s *PetitionService) extend(ctx context.Context, tx *sqldb.Tx, p *storedPetition, in petition.StepInput, st *stepState) error {
	if p.DueAt == nil {
		return congvu.Errorf(congvu.ECONFLICT, "Phản ánh không có thời hạn đang tính nên không gia hạn được.")
	}
	stage := petition.StageOf(p.Status)
	start := p.SubmittedAt
	if p.AcceptedAt != nil {
		start = *p.AcceptedAt
	}
	rule, err := deadlineRule(ctx, tx, p.Kind, stage, start)
	if err != nil {
		return s.db.Internal("extend petition", err)
	}
	if err := petition.CheckExtend(p.Kind, p.Extensions, in.VeryComplex, rule.ExtendDays); err != nil {
		return err
	}
	cal, err := s.cal.Calendar(ctx)
	if err != nil {
		return err
	}
	st.newDue = petition.DeadlineRule{Days: rule.ExtendDays, WorkingDays: rule.WorkingDays}.AddDays(cal, *p.DueAt).UTC()
	st.extensions = p.Extensions + 1
	st.notes, st.publicNote = append(st.notes, petition.ExtendNote(st.extensions, st.newDue, in.VeryComplex, in.Reason)), true
	return nil
}

// suspend stops the clock: the stage stays open, its deadline kept until
// the resumption moves it.
func (s *PetitionService) suspend(_ context.Context, tx *sqldb.Tx, p *storedPetition, in petition.StepInput, st *stepState) error {
	now := tx.Now
	st.suspendedAt, st.suspendedFrom, st.keepStage = &now, p.Status, true
	st.notes, st.publicNote = append(st.notes, petition.SuspendNote(in.Reason)), true
	return nil
}

// resume restarts the clock: the petition goes back to the status it was
// suspended from, its deadline moved by the days suspended.
func (s *PetitionService) resume(ctx context.Context, tx *sqldb.Tx, p *storedPetition, _ petition.StepInput, st *stepState) error {
	st.suspendedAt, st.suspendedFrom = nil, ""
	if p.DueAt == nil || p.SuspendedAt == nil {
		st.keepStage = true
		st.notes, st.publicNote = append(st.notes, petition.ResumeNote(time.Time{})), true
		return nil
	}
	rule, err := deadlineRule(ctx, tx, p.Kind, petition.StageOf(p.SuspendedFrom), *p.SuspendedAt)
	if err != nil {
		return s.db.Internal("resume petition", err)
	}
	cal, err := s.cal.Calendar(ctx)
	if err != nil {
		return err
	}
	st.newDue = petition.ResumeDue(cal, rule, *p.DueAt, *p.SuspendedAt, tx.Now).UTC()
	st.notes, st.publicNote = append(st.notes, petition.ResumeNote(st.newDue)), true
	return nil
}

// handOver gives the petition to the unit chosen (assign: by default the
// unit above the subject's; transfer: another one, with a reason).
func (s *PetitionService) handOver(ctx context.Context, tx *sqldb.Tx, p *storedPetition, in petition.StepInput, st *stepState) error {
	transfer := in.Step == petition.StepTransfer
	if transfer && in.UnitID == 0 {
		return congvu.FieldError("unit_id", "Xin chọn đơn vị nhận phản ánh.")
	}
	u, err := s.targetUnit(ctx, tx, p, in.UnitID)
	if err != nil {
		return err
	}
	if transfer && u.ID == p.HandlerUnitID {
		return congvu.FieldError("unit_id", "Phản ánh đang do đơn vị này xử lý; xin chọn đơn vị khác.")
	}
	st.handler = u
	if transfer {
		st.notes = append(st.notes, "Lý do chuyển: "+in.Reason)
	}
	return nil
}

// conclude records the conclusion and, when founded, the breached items
// (replacing any earlier ones).
func (s *PetitionService) conclude(ctx context.Context, tx *sqldb.Tx, p *storedPetition, in petition.StepInput, st *stepState) error {
	if in.Conclusion.Breached() {
		var err error
		if st.items, err = s.checkItems(ctx, tx, p, in.Items); err != nil {
			return err
		}
	}
	st.concl, st.text, st.public, st.summary = in.Conclusion, in.Text, in.ConclusionPublic, in.ReporterSummary
	st.notes = append(st.notes, in.Conclusion.Label()+": "+in.Text)
	if _, err := tx.ExecContext(ctx, `DELETE FROM petition_items WHERE petition_id = $1`, p.ID); err != nil {
		return s.db.Internal("petition step", err)
	}
	for _, c := range st.items {
		if _, err := tx.ExecContext(ctx, `INSERT INTO petition_items (petition_id, item_code) VALUES ($1, $2)`, p.ID, c); err != nil {
			return s.db.Internal("petition step", err)
		}
	}
	return nil
}

// closeReply applies petition.CloseReply: a petition closes with a reply
// about the result, sent since the conclusion (the start of the close
// stage); an anonymous one whose reporter never wrote gets the reply made
// from its conclusion, sent by the handler unit in the closing transaction.
func (s *PetitionService) closeReply(ctx context.Context, tx *sqldb.Tx, p *storedPetition, _ petition.StepInput, _ *stepState) error {
	var agency, reporter int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN from_agency AND created_at >= (SELECT MAX(started_at) FROM petition_stages
			WHERE petition_id = $1 AND stage = 'close') THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN from_agency THEN 0 ELSE 1 END), 0)
		FROM petition_messages WHERE petition_id = $1`, p.ID).Scan(&agency, &reporter); err != nil {
		return s.db.Internal("count messages", err)
	}
	body, err := petition.CloseReply(p.Petition, agency > 0, reporter > 0)
	if err != nil || body == "" {
		return err
	}
	var authorID sql.NullInt64
	if a := tx.Actor; a != nil && a.UserID > 0 {
		authorID = sql.NullInt64{Int64: a.UserID, Valid: true}
	}
	var msgID int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO petition_messages (petition_id, from_agency, author_id, author_name, body, created_at)
		VALUES ($1, TRUE, $2, $3, $4, $5) RETURNING id`, p.ID, authorID, p.HandlerName, body, tx.Now).Scan(&msgID); err != nil {
		return s.db.Internal("closing reply", err)
	}
	return tx.Audit("petition.reply", "petition", p.ID, p.HandlerUnitID, nil,
		map[string]any{"message_id": msgID, "chars": utf8.RuneCountInString(body), "from_conclusion": true})
}

// Step takes a workflow step. See petition.Service.
func (s *PetitionService) Step(ctx context.Context, id int64, in petition.StepInput) (*petition.Petition, error) {
	if _, known := petition.StepTo[in.Step]; !known {
		return nil, congvu.FieldError("step", "Thao tác không hợp lệ.")
	}
	idKey, err := s.sealKeys()
	if err != nil {
		return nil, err
	}
	var out *storedPetition
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		// The dashboard's rollups move by what the step changes
		// (petition_rollup.go).
		before, rerr := petitionShare(ctx, tx, id)
		if rerr != nil {
			return rerr
		}
		// Who asks and where the petition is come first: its fields are
		// only worth checking for a step that may be taken.
		p, _, err := s.handling(ctx, tx, id)
		if err != nil {
			return err
		}
		if !in.Step.Allowed(p.Status) {
			return congvu.Errorf(congvu.ECONFLICT, "Phản ánh đang ở trạng thái “%s” nên không thể “%s”.", p.Status.LabelFor(p.Kind), in.Step.LabelFor(p.Kind))
		}
		to := in.Step.To(p.Status, p.SuspendedFrom)
		if err := petition.ValidateStep(&in); err != nil {
			return err
		}
		st := &stepState{handler: &sqldb.UnitRef{ID: p.HandlerUnitID, Name: p.HandlerName, Path: p.HandlerPath},
			reject: p.RejectReason, concl: p.Conclusion, text: p.ConclusionText, public: p.ConclusionPublic, summary: p.ReporterSummary,
			kind: p.Kind, acceptedAt: p.AcceptedAt, suspendedAt: p.SuspendedAt, suspendedFrom: p.SuspendedFrom, extensions: p.Extensions}
		if effect := stepEffects[in.Step]; effect != nil {
			if err := effect(s, ctx, tx, p, in, st); err != nil {
				return err
			}
		}
		if in.Note != "" && !st.publicNote {
			st.notes = append(st.notes, in.Note)
		}
		var closed sql.NullTime
		if to.Final() {
			closed = sql.NullTime{Time: tx.Now, Valid: true}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE petitions SET status = $2, handler_unit_id = $3, reject_reason = $4, conclusion = $5, conclusion_text = $6,
			updated_at = $7, closed_at = $8, conclusion_public = $9, reporter_summary = $10,
			kind = $11, accepted_at = $12, suspended_at = $13, suspended_from = $14, extensions = $15 WHERE id = $1`,
			id, string(to), st.handler.ID, st.reject, string(st.concl), st.text, tx.Now, closed, st.public, st.summary,
			string(st.kind), nullTime(st.acceptedAt), nullTime(st.suspendedAt), string(st.suspendedFrom), st.extensions); err != nil {
			return s.db.Internal("petition step", err)
		}
		var due time.Time
		switch stage := petition.StageOf(to); {
		case !st.newDue.IsZero():
			if err := moveDue(tx, id, st.newDue); err != nil {
				return s.db.Internal("petition step", err)
			}
			due = st.newDue
		case st.keepStage:
		case stage != petition.StageOf(p.Status) || in.Step == petition.StepTransfer:
			if due, err = s.startStage(tx, id, stage, st.handler.ID); err != nil {
				return s.db.Internal("petition step", err)
			}
		}
		if err := addEvent(tx, id, string(in.Step), to, st.handler.ID, strings.Join(st.notes, "\n"), true); err != nil {
			return s.db.Internal("petition step", err)
		}
		var dueAfter *time.Time
		if !due.IsZero() {
			dueAfter = &due
		}
		if err := tx.Audit("petition."+string(in.Step), "petition", id, st.handler.ID,
			stepAudit{Status: p.Status, HandlerUnitID: p.HandlerUnitID, Kind: p.Kind, DueAt: p.DueAt, Extensions: p.Extensions},
			stepAudit{Status: to, HandlerUnitID: st.handler.ID, Reason: in.Reason, Conclusion: in.Conclusion, Text: in.Text, Items: st.items, Note: in.Note,
				Kind: st.kind, KindReason: in.KindReason, DueAt: dueAfter, Extensions: st.extensions, VeryComplex: in.VeryComplex, ReferTo: in.ReferTo}); err != nil {
			return err
		}
		p.Kind = st.kind // the reporter is told in the words of the kind confirmed
		if err := s.tellStep(tx, idKey, p, in.Step, st.handler, due); err != nil {
			return err
		}
		if err := rollupAfter(ctx, tx, id, before); err != nil {
			return err
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

// tellStep writes the emails of a step: to the handlers of a unit given the
// petition, and to the reporter what petition.ReporterNews says.
func (s *PetitionService) tellStep(tx *sqldb.Tx, idKey *sqldb.SealKeys, p *storedPetition, step petition.Step, handler *sqldb.UnitRef, due time.Time) error {
	if step == petition.StepAssign || step == petition.StepTransfer {
		deadline := ""
		if !due.IsZero() {
			deadline = "\nHạn xác minh, kết luận: " + due.In(congvu.TimeZone).Format("02/01/2006")
		}
		return s.mailHandlers(tx, handler, p.ID, "Phản ánh "+p.TrackingCode+" được giao cho "+handler.Name,
			fmt.Sprintf("Phản ánh %s (%s) được giao cho %s để xác minh, kết luận.%s\n\nXem và xử lý tại: /petitions/%d\n",
				p.TrackingCode, p.Category.Label(), handler.Name, deadline, p.ID))
	}
	if news, ok := petition.ReporterNewsFor(step, p.Kind); ok {
		sub, body := reporterMail(p.TrackingCode, news)
		return s.mailReporter(tx, idKey, p, sub, body)
	}
	return nil
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
	idKey, err := s.sealKeys()
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
	idKey, err := s.sealKeys()
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

// nullTime is t for a nullable column.
func nullTime(t *time.Time) sql.NullTime {
	if t == nil {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: t.UTC(), Valid: true}
}
