package petitionsql

import (
	"cmp"
	"congvu"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/vntext"
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// ---- the reporter's side ----

func errTrackLimit() error {
	return congvu.Errorf(congvu.ELIMIT, "Tra cứu sai quá nhiều lần. Xin vui lòng thử lại sau một giờ.")
}

func errTrackNotFound() error {
	return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy phản ánh với mã và mã bí mật này. Xin kiểm tra lại.")
}

// reporter checks a tracking code and secret. Attempts are counted per IP
// address and per code from that address before anything is checked, in
// one statement each (so that parallel guesses cannot all pass a count made
// before any of them is recorded); a success gives its count back, so that
// only failures add up. Past the limits every lookup answers ELIMIT, even
// with the right secret.
//
// A wrong secret on a real code and an unknown code do the same work (the
// same lookup, a comparison with a hash, the same write), so their timing
// tells nobody which codes exist.
func (s *PetitionService) reporter(ctx context.Context, code, secret string) (*storedPetition, error) {
	ipHash, err := s.ipHash(ctx)
	if err != nil {
		return nil, err
	}
	code = petition.NormalizeTrackingCode(code)
	// Failures count per code from one address, known code or not (so a
	// refusal never tells which codes exist), and per address: a stranger
	// who knows a code cannot lock its reporter out from elsewhere, and the
	// 80-bit secret leaves nothing to gain from many addresses.
	type limit struct {
		key string
		max int
	}
	// The code's count first, then the address's, which so never counts
	// the attempts the code's limit refuses.
	limits := []limit{{"petition-track-code:" + code + "@" + ipHash, petition.MaxTrackFailuresPerCode}}
	if ipHash != "" {
		limits = append(limits, limit{"petition-track-ip:" + ipHash, petition.MaxTrackFailuresPerIP})
	}
	lim := sqldb.NewRateLimiter(s.db)
	counted := 0
	release := func() error {
		for _, l := range limits[:counted] {
			if err := lim.Release(ctx, l.key, petition.TrackFailureWindow); err != nil {
				return err
			}
		}
		return nil
	}
	for _, l := range limits {
		ok, err := lim.Allow(ctx, l.key, l.max, petition.TrackFailureWindow)
		if err != nil {
			return nil, err
		}
		counted++
		if !ok { // a refused attempt checks nothing and counts for nothing
			if err := release(); err != nil {
				return nil, err
			}
			return nil, errTrackLimit()
		}
	}
	// The petition of the code, or any petition (the first) when the code
	// is unknown: both paths load one row and compare one hash, and the
	// failure is already counted (by the limits, the same writes for both),
	// so that their timing is the same. (Counting it on the petition too
	// was a write only real codes made: 18% slower, enough to tell.)
	p, err := s.load(ctx, s.db.Read, `p.id = COALESCE((SELECT id FROM petitions WHERE `+petition.TrackingKeySQL("tracking_code")+` = $1 ORDER BY id LIMIT 1),
		(SELECT MIN(id) FROM petitions))`, false, code)
	if err != nil || p == nil {
		return nil, cmp.Or(err, errTrackNotFound())
	}
	known := code != "" && petition.NormalizeTrackingCode(p.TrackingCode) == code
	if secretMatches(petition.NormalizeSecret(secret), p.secretHash) && known {
		if err := release(); err != nil {
			return nil, err
		}
		return p, nil
	}
	return nil, errTrackNotFound()
}

// Track returns the reporter's view: status, deadline, public history
// (without staff names; notes only for a rejection's reason and a
// conclusion's finding) and the messages. See petition.Service.
func (s *PetitionService) Track(ctx context.Context, code, secret string) (*petition.Public, error) {
	p, err := s.reporter(ctx, code, secret)
	if err != nil {
		return nil, err
	}
	out := &petition.Public{TrackingCode: p.TrackingCode, Category: p.Category, Kind: p.Kind, UnitName: p.UnitName, Status: p.Status,
		Conclusion: p.Conclusion, RejectReason: p.RejectReason, SubmittedAt: p.SubmittedAt, Anonymous: p.Anonymous,
		Events: []*petition.Event{}, Messages: []*petition.Message{}}
	if !p.Status.Final() {
		out.DueAt = p.DueAt
	}
	out.MayWithdraw = !p.Status.Final()
	out.ConclusionText, out.ClosedAt = p.ReporterConclusionText(), p.ClosedAt
	out.MayWrite = petition.ReporterMayWrite(p.Status, p.ClosedAt, s.db.Now())
	if until := petition.WriteUntil(p.Status, p.ClosedAt); out.MayWrite && !until.IsZero() {
		out.WriteUntil = &until
	}
	if p.Status == petition.Closed {
		n, err := reopenCount(ctx, s.db.Read, p.ID)
		if err != nil {
			return nil, s.db.Internal("track petition", err)
		}
		out.MayReopen = petition.MayReopen(p.Status, p.ClosedAt, n, s.db.Now())
	}
	events, err := s.events(ctx, p.ID, true)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		note := e.Note
		e.ActorName, e.Note = "", ""
		switch e.Kind {
		case string(petition.StepReject):
			e.Note = p.RejectReason
		case string(petition.StepConclude):
			e.Note = p.Conclusion.Label()
		default:
			if petition.NoteIsPublic(e.Kind) {
				e.Note = note // written for the reporter (petition.ExtendNote and the like)
			}
		}
		out.Events = append(out.Events, e)
	}
	msgs, err := s.messages(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	out.Messages = append(out.Messages, msgs...)
	return out, nil
}

// PostReporterMessage adds the reporter's message (checked like Track) and
// notifies the handlers; a closed petition is reopened only as
// petition.MessageReopens says (the reporter contests, the first time).
// ECONFLICT once the petition is closed past petition.ReopenWindow or
// rejected; ELIMIT past 20 messages a day. See petition.Service.
func (s *PetitionService) PostReporterMessage(ctx context.Context, code, secret, body string, contest bool) error {
	body = vntext.CleanParagraphs(body)
	p, err := s.reporter(ctx, code, secret)
	if err != nil {
		return err
	}
	switch n := utf8.RuneCountInString(body); {
	case n == 0:
		return congvu.FieldError("body", "Xin nhập nội dung.")
	case n > maxReporterMessage:
		return congvu.FieldError("body", fmt.Sprintf("Nội dung dài quá %d ký tự.", maxReporterMessage))
	}
	if !petition.ReporterMayWrite(p.Status, p.ClosedAt, s.db.Now()) {
		return errNoMoreMessages(p.Status)
	}
	ok, err := sqldb.NewRateLimiter(s.db).Allow(ctx, "petition-message:"+p.TrackingCode, maxReporterMessagesDay, 24*time.Hour)
	if err != nil {
		return err
	}
	if !ok {
		return congvu.Errorf(congvu.ELIMIT, "Đã gửi quá nhiều ý kiến trong hôm nay. Xin vui lòng gửi tiếp vào ngày mai.")
	}
	return s.db.InTx(asReporter(ctx), func(tx *sqldb.Tx) error {
		cur, err := s.load(tx.Ctx, tx, "p.id = $1", true, p.ID)
		if err != nil {
			return err
		}
		if !petition.ReporterMayWrite(cur.Status, cur.ClosedAt, tx.Now) {
			return errNoMoreMessages(cur.Status)
		}
		var id int64
		if err := tx.QueryRowContext(tx.Ctx, `INSERT INTO petition_messages (petition_id, from_agency, author_id, author_name, body, created_at)
			VALUES ($1, FALSE, NULL, '', $2, $3) RETURNING id`, p.ID, body, tx.Now).Scan(&id); err != nil {
			return s.db.Internal("post message", err)
		}
		if _, err := tx.ExecContext(tx.Ctx, `UPDATE petitions SET updated_at = $2 WHERE id = $1`, p.ID, tx.Now); err != nil {
			return s.db.Internal("post message", err)
		}
		if err := tx.Audit("petition.message", "petition", p.ID, cur.HandlerUnitID, nil, map[string]any{"message_id": id, "from_agency": false}); err != nil {
			return err
		}
		h := &sqldb.UnitRef{ID: cur.HandlerUnitID, Name: cur.HandlerName, Path: cur.HandlerPath}
		if cur.Status == petition.Closed {
			n, err := reopenCount(tx.Ctx, tx, cur.ID)
			if err != nil {
				return s.db.Internal("post message", err)
			}
			if petition.MessageReopens(cur.Status, contest, n) {
				return s.reopen(tx, cur, h)
			}
		}
		if h.Path == "" {
			return nil
		}
		what := ""
		if cur.Status == petition.Closed {
			what = " (phản ánh đã đóng, không mở lại)"
		}
		return s.mailHandlers(tx, h, cur.ID, "Người phản ánh gửi thêm ý kiến: "+cur.TrackingCode,
			fmt.Sprintf("Người phản ánh vừa gửi thêm ý kiến về phản ánh %s%s.\n\nXem tại: /petitions/%d\n", cur.TrackingCode, what, cur.ID))
	})
}

// errNoMoreMessages refuses a reporter's message on a petition in status
// st that petition.ReporterMayWrite closes to them.
func errNoMoreMessages(st petition.Status) error {
	if st == petition.Closed {
		return congvu.Errorf(congvu.ECONFLICT, "Phản ánh đã đóng quá %d ngày nên không gửi thêm ý kiến được. Nếu có sự việc mới, xin anh/chị gửi phản ánh mới.",
			int(petition.ReopenWindow/(24*time.Hour)))
	}
	return congvu.Errorf(congvu.ECONFLICT, "Phản ánh đã kết thúc xử lý nên không gửi thêm ý kiến được.")
}

// reopenCount is how many times a reporter's message reopened petition id.
func reopenCount(ctx context.Context, q sqldb.Querier, id int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM petition_events WHERE petition_id = $1 AND kind = 'reopen'`, id).Scan(&n)
	return n, err
}

// reopen brings closed petition p back to petition.ReopenTo after its
// reporter wrote (within petition.ReopenWindow): the answering stage
// starts again with its deadline, a public "reopen" event tells the
// reporter, and the handlers are told to answer and close it again.
func (s *PetitionService) reopen(tx *sqldb.Tx, p *storedPetition, h *sqldb.UnitRef) error {
	to := petition.ReopenTo
	// The dashboard's rollups move with it (petition_rollup.go).
	before, err := petitionShare(tx.Ctx, tx, p.ID)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(tx.Ctx, `UPDATE petitions SET status = $2, closed_at = NULL, updated_at = $3 WHERE id = $1`, p.ID, string(to), tx.Now); err != nil {
		return s.db.Internal("reopen petition", err)
	}
	due, err := s.startStage(tx, p.ID, petition.StageOf(to), h.ID)
	if err != nil {
		return s.db.Internal("reopen petition", err)
	}
	if err := rollupAfter(tx.Ctx, tx, p.ID, before); err != nil {
		return err
	}
	if err := addEvent(tx, p.ID, "reopen", to, h.ID, "", true); err != nil {
		return s.db.Internal("reopen petition", err)
	}
	if err := tx.Audit("petition.reopen", "petition", p.ID, h.ID, stepAudit{Status: p.Status, HandlerUnitID: h.ID}, stepAudit{Status: to, HandlerUnitID: h.ID}); err != nil {
		return err
	}
	if h.Path == "" {
		return nil
	}
	return s.mailHandlers(tx, h, p.ID, "Phản ánh "+p.TrackingCode+" được mở lại: người phản ánh gửi thêm ý kiến",
		fmt.Sprintf("Người phản ánh vừa gửi thêm ý kiến về phản ánh %s, đã đóng ngày %s; phản ánh được mở lại để trả lời.\nHạn trả lời người phản ánh: %s\n\nXem và xử lý tại: /petitions/%d\n",
			p.TrackingCode, p.ClosedAt.In(congvu.TimeZone).Format("02/01/2006"), due.In(congvu.TimeZone).Format("02/01/2006"), p.ID))
}

// maxWithdrawReason bounds the reason of a withdrawal, in characters.
const maxWithdrawReason = 2000

// Withdraw records the reporter's withdrawal (checked like Track): the
// petition ends as Withdrawn, its stage closes, a public "withdraw" event
// carries the reporter's reason, and the handlers are told. ECONFLICT once
// final. See petition.Service.
func (s *PetitionService) Withdraw(ctx context.Context, code, secret, reason string) error {
	reason = vntext.CleanParagraphs(reason)
	if utf8.RuneCountInString(reason) > maxWithdrawReason {
		return congvu.FieldError("reason", fmt.Sprintf("Lý do dài quá %d ký tự.", maxWithdrawReason))
	}
	p, err := s.reporter(ctx, code, secret)
	if err != nil {
		return err
	}
	return s.db.InTx(asReporter(ctx), func(tx *sqldb.Tx) error {
		cur, err := s.load(tx.Ctx, tx, "p.id = $1", true, p.ID)
		if err != nil {
			return err
		}
		if cur.Status.Final() {
			return congvu.Errorf(congvu.ECONFLICT, "Đơn đã kết thúc xử lý (%s) nên không rút được nữa.", strings.ToLower(cur.Status.LabelFor(cur.Kind)))
		}
		to := petition.Withdrawn
		// The dashboard's rollups move with it (petition_rollup.go).
		before, err := petitionShare(tx.Ctx, tx, cur.ID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(tx.Ctx, `UPDATE petitions SET status = $2, closed_at = $3, updated_at = $3, suspended_at = NULL, suspended_from = '' WHERE id = $1`,
			cur.ID, string(to), tx.Now); err != nil {
			return s.db.Internal("withdraw petition", err)
		}
		if _, err := s.startStage(tx, cur.ID, "", cur.HandlerUnitID); err != nil {
			return s.db.Internal("withdraw petition", err)
		}
		if err := rollupAfter(tx.Ctx, tx, cur.ID, before); err != nil {
			return err
		}
		if err := addEvent(tx, cur.ID, string(petition.StepWithdraw), to, cur.HandlerUnitID, petition.WithdrawNote(reason), true); err != nil {
			return s.db.Internal("withdraw petition", err)
		}
		if err := tx.Audit("petition.withdraw", "petition", cur.ID, cur.HandlerUnitID, stepAudit{Status: cur.Status, HandlerUnitID: cur.HandlerUnitID},
			stepAudit{Status: to, HandlerUnitID: cur.HandlerUnitID, Reason: reason}); err != nil {
			return err
		}
		h := &sqldb.UnitRef{ID: cur.HandlerUnitID, Name: cur.HandlerName, Path: cur.HandlerPath}
		if h.Path == "" {
			return nil
		}
		return s.mailHandlers(tx, h, cur.ID, "Người gửi rút đơn "+cur.TrackingCode,
			fmt.Sprintf("Người gửi đơn %s (%s) đã rút đơn tại trang tra cứu; đơn kết thúc xử lý.\n\nXem tại: /petitions/%d\n", cur.TrackingCode, cur.Kind.Label(), cur.ID))
	})
}
