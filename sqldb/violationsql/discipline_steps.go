package violationsql

import (
	"congvu"
	"congvu/calendar"
	"congvu/sqldb"
	"congvu/violation"
	"congvu/vntext"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// discChange is one change of a case, inside its transaction: the case as
// read, its rule set and the calendar. It returns what the audit event
// records.
type discChange func(tx *sqldb.Tx, r *discRow, rs *violation.RuleSet, cal *calendar.Calendar) (any, error)

// change runs fn on case id in a transaction, audits it as kind and
// returns the case as it then stands. Who may is fn's to check (with
// s.mayRun, s.mayDecide); an actor who may not even read the case gets
// ENOTFOUND.
func (s *DisciplineService) change(ctx context.Context, id int64, kind string, fn discChange) (*violation.Case, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.")
	}
	cal, err := s.cal.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var out *violation.Case
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		r, err := s.loadCase(ctx, tx, id)
		if err != nil {
			return err
		}
		if !discMayRead(a, r) && !violation.Allowed(a, congvu.ActDisciplineRun, r.UnitPath) &&
			!violation.Allowed(a, congvu.ActDisciplineDecide, r.competentPath) && !discOwn(a, r) {
			return errCaseNotFound()
		}
		rs, err := s.ruleSetByID(ctx, r.RuleSetID)
		if err != nil {
			return err
		}
		var after any
		// The dashboards' rollups move with the decision (rollup.go).
		if err := RollupCase(ctx, tx, id, func() (err error) {
			after, err = fn(tx, r, rs, cal)
			return err
		}); err != nil {
			return err
		}
		if err := tx.Audit(kind, "discipline_case", r.ID, r.UnitID, map[string]any{"status": r.Status}, after); err != nil {
			return err
		}
		n, err := s.loadCase(ctx, tx, id)
		if err != nil {
			return err
		}
		out = n.Case
		if discOwn(a, n) {
			out = n.ForOfficial()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// mayRun checks that the actor runs the case's procedure: ActDisciplineRun
// over its unit or its competent unit, and no record of theirs concerned.
func (s *DisciplineService) mayRun(tx *sqldb.Tx, r *discRow) error {
	a := tx.Actor
	if !violation.Allowed(a, congvu.ActDisciplineRun, r.UnitPath) && !violation.Allowed(a, congvu.ActDisciplineRun, r.competentPath) {
		return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền thực hiện thủ tục xem xét kỷ luật này.")
	}
	return s.notConflicted(tx, r)
}

// mayDecide checks that the actor decides for the competent unit
// (ActDisciplineDecide there: its head, or a head above it) and that no
// record of theirs is concerned.
func (s *DisciplineService) mayDecide(tx *sqldb.Tx, r *discRow) error {
	if !violation.Allowed(tx.Actor, congvu.ActDisciplineDecide, r.competentPath) {
		return congvu.Errorf(congvu.EFORBIDDEN, "Chỉ người đứng đầu %s (cấp có thẩm quyền) quyết định kỷ luật trong vụ việc này.", r.CompetentUnitName)
	}
	return s.notConflicted(tx, r)
}

// notConflicted refuses an actor whose own official record is the case's
// or is named in one of its violations or in their evidence (see
// violation.Conflicted).
func (s *DisciplineService) notConflicted(tx *sqldb.Tx, r *discRow) error {
	if tx.Actor.OfficialID == 0 {
		return nil
	}
	named, err := sqldb.QueryAll(tx.Ctx, s.db, tx, "case named officials", `SELECT p.official_id FROM violation_officials p
		JOIN discipline_case_violations cv ON cv.violation_id = p.violation_id WHERE cv.case_id = $1
		UNION SELECT e.official_id FROM violation_evidence e
		JOIN discipline_case_violations cv ON cv.violation_id = e.violation_id WHERE cv.case_id = $1 AND e.official_id IS NOT NULL`, func(sc sqldb.Scanner) (int64, error) {
		var id int64
		return id, sc.Scan(&id)
	}, r.ID)
	if err != nil {
		return err
	}
	if violation.CaseConflicted(tx.Actor, r.OfficialID, named) {
		return congvu.Errorf(congvu.EFORBIDDEN, "Hồ sơ của chính bạn liên quan đến vụ việc này nên bạn không thực hiện; cấp trên trực tiếp thực hiện.")
	}
	return nil
}

// setStatus moves the case from r.Status to next, only if no one moved it
// meanwhile (ECONFLICT), with more columns set (col = $n, from $4 on).
func (s *DisciplineService) setStatus(tx *sqldb.Tx, r *discRow, next violation.CaseStatus, set string, args ...any) error {
	q := `UPDATE discipline_cases SET status = $1, updated_at = $2`
	if set != "" {
		q += ", " + set
	}
	res, err := tx.ExecContext(tx.Ctx, q+` WHERE id = $3 AND status = `+fmt.Sprintf("$%d", 4+len(args)),
		append(append([]any{string(next), tx.Now, r.ID}, args...), string(r.Status))...)
	if err != nil {
		return s.db.Internal("case status", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return congvu.Errorf(congvu.ECONFLICT, "Vụ việc vừa được người khác cập nhật; xin tải lại trang.")
	}
	return nil
}

// doneStep closes step st of the case on day on with note, and counts the
// deadlines of the steps not done yet again from that day.
func (s *DisciplineService) doneStep(tx *sqldb.Tx, r *discRow, rs *violation.RuleSet, cal *calendar.Calendar, st violation.Step, on time.Time, note string) error {
	at := discDoneAt(tx, on)
	if _, err := tx.ExecContext(tx.Ctx, `UPDATE discipline_case_steps SET done_at = $1, note = $2 WHERE case_id = $3 AND step = $4`,
		at, note, r.ID, string(st)); err != nil {
		return s.db.Internal("case step done", err)
	}
	return s.rechain(tx, r, rs, cal, st, at)
}

// rechain counts the deadlines of the steps after st not done yet from
// the moment from, each from the one before.
func (s *DisciplineService) rechain(tx *sqldb.Tx, r *discRow, rs *violation.RuleSet, cal *calendar.Calendar, st violation.Step, from time.Time) error {
	i := slices.Index(violation.Steps, st)
	for _, next := range violation.Steps[i+1:] {
		x := discStep(r.Case, next)
		if x == nil || x.DoneAt != nil {
			continue
		}
		due := discDue(cal, rs, next, from)
		if _, err := tx.ExecContext(tx.Ctx, `UPDATE discipline_case_steps SET due_on = $1, reminded_at = NULL, overdue_at = NULL
			WHERE case_id = $2 AND step = $3 AND done_at IS NULL`, due.Format(time.DateOnly), r.ID, string(next)); err != nil {
			return s.db.Internal("case step due", err)
		}
		from = due
	}
	return nil
}

// discDoneAt is the moment a step done on day on is recorded: now when on
// is today, else the start of that Vietnam day.
func discDoneAt(tx *sqldb.Tx, on time.Time) time.Time {
	if congvu.Date(on).Equal(congvu.Date(tx.Now)) {
		return tx.Now
	}
	return congvu.Date(on).UTC()
}

// checkDay validates a day of a step: given, not after today, not before
// since (zero: no lower bound).
func checkDay(v congvu.Validation, field string, on, since, now time.Time, what string) {
	switch {
	case on.IsZero():
		v.Add(field, "Xin nhập ngày "+what+".")
	case congvu.Date(on).After(congvu.Date(now)):
		v.Add(field, "Ngày "+what+" không được sau hôm nay.")
	case !since.IsZero() && congvu.Date(on).Before(congvu.Date(since)):
		v.Add(field, fmt.Sprintf("Ngày %s không được trước ngày %s.", what, congvu.Date(since).Format("02/01/2006")))
	}
}

// next returns the status after step, or its ECONFLICT.
func discNext(r *discRow, rs *violation.RuleSet, step violation.Step) (violation.CaseStatus, error) {
	return violation.NextCaseStatus(r.Status, step, rs.NeedsCouncil(r.Category, r.ProposedForm) && discStep(r.Case, violation.StepCouncil) != nil)
}

// RecordReview closes the review step with its minutes. See
// violation.DisciplineService.
func (s *DisciplineService) RecordReview(ctx context.Context, id int64, minutes string, on time.Time) (*violation.Case, error) {
	minutes = vntext.CleanParagraphs(minutes)
	return s.change(ctx, id, "discipline.review", func(tx *sqldb.Tx, r *discRow, rs *violation.RuleSet, cal *calendar.Calendar) (any, error) {
		if err := s.mayRun(tx, r); err != nil {
			return nil, err
		}
		next, err := discNext(r, rs, violation.StepReview)
		if err != nil {
			return nil, err
		}
		v := congvu.Validation{}
		if minutes == "" {
			v.Add("minutes", "Xin nhập biên bản họp kiểm điểm.")
		}
		violation.TooLong(v, "minutes", minutes, violation.MaxMinutes, "Biên bản họp kiểm điểm")
		checkDay(v, "on", on, r.OpenedAt, tx.Now, "họp kiểm điểm")
		if err := v.Err(); err != nil {
			return nil, err
		}
		if err := s.setStatus(tx, r, next, ""); err != nil {
			return nil, err
		}
		if err := s.doneStep(tx, r, rs, cal, violation.StepReview, on, minutes); err != nil {
			return nil, err
		}
		return map[string]any{"status": next, "on": congvu.Date(on).Format(time.DateOnly)}, nil
	})
}

// RecordCouncil records the disciplinary council, only when the form
// proposed needs one. See violation.DisciplineService.
func (s *DisciplineService) RecordCouncil(ctx context.Context, id int64, in violation.CouncilInput) (*violation.Case, error) {
	return s.change(ctx, id, "discipline.council", func(tx *sqldb.Tx, r *discRow, rs *violation.RuleSet, cal *calendar.Calendar) (any, error) {
		if err := s.mayRun(tx, r); err != nil {
			return nil, err
		}
		next, err := discNext(r, rs, violation.StepCouncil)
		if err != nil {
			return nil, err
		}
		v := congvu.Validation{}
		co := violation.Council{MeetingOn: congvu.Date(in.MeetingOn), Minutes: vntext.CleanParagraphs(in.Minutes), VotesFor: in.VotesFor,
			VotesAgainst: in.VotesAgainst, Recommended: strings.TrimSpace(in.Recommended)}
		for _, m := range in.Members {
			m.Name, m.Role = vntext.Clean(m.Name), vntext.Clean(m.Role)
			if m.Name == "" && m.Role == "" {
				continue
			}
			if m.Name == "" || m.Role == "" {
				v.Add("members", "Mỗi thành viên hội đồng cần họ tên và chức danh trong hội đồng.")
			}
			if !violation.TooLong(v, "members", m.Name, violation.MaxMemberName, "Họ tên thành viên hội đồng") {
				violation.TooLong(v, "members", m.Role, violation.MaxMemberName, "Chức danh trong hội đồng")
			}
			co.Members = append(co.Members, m)
		}
		if len(co.Members) < 3 {
			v.Add("members", "Hội đồng kỷ luật có ít nhất 3 thành viên.")
		}
		if len(co.Members) > violation.MaxCouncilMembers {
			v.Add("members", fmt.Sprintf("Hội đồng kỷ luật có tối đa %d thành viên.", violation.MaxCouncilMembers))
		}
		checkDay(v, "meeting_on", in.MeetingOn, r.OpenedAt, tx.Now, "họp hội đồng")
		if co.Minutes == "" {
			v.Add("minutes", "Xin nhập biên bản họp hội đồng kỷ luật.")
		}
		violation.TooLong(v, "minutes", co.Minutes, violation.MaxMinutes, "Biên bản họp hội đồng kỷ luật")
		if co.VotesFor < 0 || co.VotesAgainst < 0 || co.VotesFor+co.VotesAgainst > len(co.Members) {
			v.Add("votes", "Số phiếu không hợp lệ (tổng số phiếu không quá số thành viên).")
		}
		if co.Recommended != "" {
			if f := rs.FormByCode(co.Recommended); f == nil || !f.Allows(r.Category, r.Leader) {
				v.Add("recommended", "Hình thức hội đồng kiến nghị không áp dụng cho người này.")
			}
		}
		if err := v.Err(); err != nil {
			return nil, err
		}
		body, err := json.Marshal(co)
		if err != nil {
			return nil, s.db.Internal("council", err)
		}
		if err := s.setStatus(tx, r, next, "council = $4", string(body)); err != nil {
			return nil, err
		}
		if err := s.doneStep(tx, r, rs, cal, violation.StepCouncil, in.MeetingOn, ""); err != nil {
			return nil, err
		}
		return co, nil
	})
}

// Decide records the signed decision, at the competent unit, by no one
// whose own record is concerned. See violation.DisciplineService.
func (s *DisciplineService) Decide(ctx context.Context, id int64, in violation.DecisionInput) (*violation.Case, error) {
	return s.change(ctx, id, "discipline.decide", func(tx *sqldb.Tx, r *discRow, rs *violation.RuleSet, cal *calendar.Calendar) (any, error) {
		if err := s.mayDecide(tx, r); err != nil {
			return nil, err
		}
		if _, err := discNext(r, rs, violation.StepDecision); err != nil {
			return nil, err
		}
		v := congvu.Validation{}
		d := violation.Decision{Number: vntext.Clean(in.Number), SignedOn: congvu.Date(in.SignedOn), EffectiveOn: congvu.Date(in.EffectiveOn),
			Form: strings.TrimSpace(in.Form), Signer: vntext.Clean(in.Signer)}
		if d.Number == "" || len([]rune(d.Number)) > 60 {
			v.Add("number", "Xin nhập số, ký hiệu quyết định (tối đa 60 ký tự).")
		}
		checkDay(v, "signed_on", in.SignedOn, r.OpenedAt, tx.Now, "ký quyết định")
		switch {
		case in.EffectiveOn.IsZero() || (!in.SignedOn.IsZero() && d.EffectiveOn.Before(d.SignedOn)):
			v.Add("effective_on", "Ngày có hiệu lực không được trước ngày ký.")
		case d.EffectiveOn.After(congvu.Date(tx.Now).AddDate(1, 0, 0)) ||
			(!in.SignedOn.IsZero() && d.EffectiveOn.After(d.SignedOn.AddDate(1, 0, 0))):
			// A sanity bound, and the consequences' end stays a date.
			v.Add("effective_on", "Ngày có hiệu lực phải trong vòng một năm kể từ ngày ký quyết định.")
		}
		f := rs.FormByCode(d.Form)
		switch {
		case f == nil || !f.Allows(r.Category, r.Leader):
			v.Add("form", fmt.Sprintf("Hình thức kỷ luật không áp dụng cho người này theo %s.", rs.Title))
		case lighterThan(f, r.Severity):
			// Its time bar was checked for the severity the case was
			// opened with: a form for lighter acts would judge an act that
			// may be barred at that lighter severity.
			v.Add("form", fmt.Sprintf("Hình thức %s chỉ áp dụng cho vi phạm nhẹ hơn mức %s đã đánh giá khi mở vụ việc.",
				strings.ToLower(f.Label), strings.ToLower(r.Severity.Label())))
		case rs.NeedsCouncil(r.Category, d.Form) && r.Council == nil:
			v.Add("form", fmt.Sprintf("Hình thức %s phải qua Hội đồng kỷ luật; vụ việc này chưa có Hội đồng kỷ luật.", strings.ToLower(f.Label)))
		}
		if d.Signer == "" {
			v.Add("signer", "Xin nhập họ tên, chức vụ người ký.")
		}
		violation.TooLong(v, "signer", d.Signer, violation.MaxSigner, "Họ tên, chức vụ người ký")
		if err := v.Err(); err != nil {
			return nil, err
		}
		d.LastsUntil = rs.LastsUntil(d.Form, d.EffectiveOn)
		var lasts any
		if !d.LastsUntil.IsZero() {
			lasts = d.LastsUntil.Format(time.DateOnly)
		}
		err := s.setStatus(tx, r, violation.CaseDecided, `decision_number = $4, decision_signed_on = $5, decision_effective_on = $6,
			decision_form = $7, decision_lasts_until = $8, decision_signer = $9, decided_at = $2`,
			d.Number, d.SignedOn.Format(time.DateOnly), d.EffectiveOn.Format(time.DateOnly), d.Form, lasts, d.Signer)
		if err != nil {
			return nil, err
		}
		if err := s.doneStep(tx, r, rs, cal, violation.StepDecision, in.SignedOn, d.Number); err != nil {
			return nil, err
		}
		d.FormLabel = f.Label
		return d, nil
	})
}

// lighterThan reports whether form f applies only to acts lighter than
// severity sev (a heavier form, as a repetition gives, is no problem).
func lighterThan(f *violation.Form, sev violation.Severity) bool {
	top := -1
	for _, x := range f.Severities {
		top = max(top, slices.Index(violation.Severities, x))
	}
	return top >= 0 && top < slices.Index(violation.Severities, sev)
}

// Notify records the notification of the decision (recipients in note).
// See violation.DisciplineService.
func (s *DisciplineService) Notify(ctx context.Context, id int64, note string, on time.Time) (*violation.Case, error) {
	note = vntext.CleanParagraphs(note)
	return s.change(ctx, id, "discipline.notify", func(tx *sqldb.Tx, r *discRow, rs *violation.RuleSet, cal *calendar.Calendar) (any, error) {
		if err := s.mayRun(tx, r); err != nil {
			return nil, err
		}
		next, err := discNext(r, rs, violation.StepNotify)
		if err != nil {
			return nil, err
		}
		v := congvu.Validation{}
		if note == "" {
			v.Add("note", "Xin ghi nơi nhận quyết định (người bị kỷ luật, cơ quan, đơn vị liên quan).")
		}
		violation.TooLong(v, "note", note, violation.MaxNote, "Nơi nhận quyết định")
		checkDay(v, "on", on, r.Decision.SignedOn, tx.Now, "thông báo")
		if err := v.Err(); err != nil {
			return nil, err
		}
		if err := s.setStatus(tx, r, next, ""); err != nil {
			return nil, err
		}
		if err := s.doneStep(tx, r, rs, cal, violation.StepNotify, on, note); err != nil {
			return nil, err
		}
		return map[string]any{"status": next, "on": congvu.Date(on).Format(time.DateOnly)}, nil
	})
}

// FileComplaint records the official's complaint against the decision, by
// the official themself or by staff running the case, within the rule
// set's ComplaintDays from the notification. See
// violation.DisciplineService.
func (s *DisciplineService) FileComplaint(ctx context.Context, id int64, in violation.ComplaintInput) (*violation.Case, error) {
	text := vntext.CleanParagraphs(in.Text)
	return s.change(ctx, id, "discipline.complaint", func(tx *sqldb.Tx, r *discRow, rs *violation.RuleSet, cal *calendar.Calendar) (any, error) {
		if tx.Actor.OfficialID == 0 || tx.Actor.OfficialID != r.OfficialID {
			if err := s.mayRun(tx, r); err != nil {
				return nil, err
			}
		}
		if r.Status != violation.CaseNotified {
			_, err := violation.NextCaseStatus(r.Status, violation.StepComplaint, false)
			if err == nil {
				err = congvu.Errorf(congvu.ECONFLICT, "Khiếu nại đã được ghi nhận.")
			}
			return nil, err
		}
		notified := r.OpenedAt
		if st := discStep(r.Case, violation.StepNotify); st != nil && st.DoneAt != nil {
			notified = *st.DoneAt
		}
		v := congvu.Validation{}
		if text == "" {
			v.Add("text", "Xin nhập nội dung khiếu nại.")
		}
		violation.TooLong(v, "text", text, violation.MaxMinutes, "Nội dung khiếu nại")
		checkDay(v, "filed_on", in.FiledOn, notified, tx.Now, "khiếu nại")
		last := rs.ComplaintUntil(notified)
		if !in.FiledOn.IsZero() && congvu.Date(in.FiledOn).After(last) {
			v.Add("filed_on", fmt.Sprintf("Đã quá thời hiệu khiếu nại %d ngày kể từ ngày nhận quyết định (hạn cuối %s).", rs.ComplaintDays, last.Format("02/01/2006")))
		}
		if err := v.Err(); err != nil {
			return nil, err
		}
		filed := congvu.Date(in.FiledOn)
		if err := s.setStatus(tx, r, violation.CaseComplaint, "complaint_filed_on = $4, complaint_text = $5", filed.Format(time.DateOnly), text); err != nil {
			return nil, err
		}
		due := discDue(cal, rs, violation.StepComplaint, discDoneAt(tx, filed))
		if _, err := tx.ExecContext(tx.Ctx, `INSERT INTO discipline_case_steps (case_id, step, due_on) VALUES ($1, 'complaint', $2)`,
			r.ID, due.Format(time.DateOnly)); err != nil {
			return nil, s.db.Internal("complaint step", err)
		}
		return map[string]any{"filed_on": filed.Format(time.DateOnly), "by_official": tx.Actor.OfficialID == r.OfficialID}, nil
	})
}

// SettleComplaint settles the complaint at the competent level: the
// decision upheld, its form changed or annulled. See
// violation.DisciplineService.
func (s *DisciplineService) SettleComplaint(ctx context.Context, id int64, in violation.ComplaintInput) (*violation.Case, error) {
	return s.change(ctx, id, "discipline.settle", func(tx *sqldb.Tx, r *discRow, rs *violation.RuleSet, cal *calendar.Calendar) (any, error) {
		if err := s.mayDecide(tx, r); err != nil {
			return nil, err
		}
		if r.Status != violation.CaseComplaint {
			return nil, congvu.Errorf(congvu.ECONFLICT, "Vụ việc không có khiếu nại đang chờ giải quyết.")
		}
		v := congvu.Validation{}
		outcome, newForm, reply := strings.TrimSpace(in.Outcome), strings.TrimSpace(in.NewForm), vntext.CleanParagraphs(in.Reply)
		switch outcome {
		case violation.ComplaintUpheld, violation.ComplaintAnnulled:
			newForm = ""
		case violation.ComplaintChanged:
			if f := rs.FormByCode(newForm); f == nil || !f.Allows(r.Category, r.Leader) || newForm == r.Decision.Form {
				v.Add("new_form", "Xin chọn hình thức kỷ luật mới, khác hình thức đã quyết định và áp dụng cho người này.")
			}
		default:
			v.Add("outcome", "Xin chọn kết quả giải quyết: giữ nguyên, thay đổi hình thức hoặc hủy quyết định.")
		}
		if reply == "" {
			v.Add("reply", "Xin nhập nội dung quyết định giải quyết khiếu nại.")
		}
		violation.TooLong(v, "reply", reply, violation.MaxMinutes, "Nội dung giải quyết khiếu nại")
		if err := v.Err(); err != nil {
			return nil, err
		}
		today := congvu.Date(tx.Now)
		var lasts any
		switch outcome {
		case violation.ComplaintUpheld:
			if !r.Decision.LastsUntil.IsZero() {
				lasts = r.Decision.LastsUntil.Format(time.DateOnly)
			}
		case violation.ComplaintChanged:
			if l := rs.LastsUntil(newForm, r.Decision.EffectiveOn); !l.IsZero() {
				lasts = l.Format(time.DateOnly)
			}
		}
		err := s.setStatus(tx, r, violation.CaseClosed, `complaint_outcome = $4, complaint_new_form = $5, complaint_reply = $6,
			complaint_settled_on = $7, decision_lasts_until = $8`, outcome, newForm, reply, today.Format(time.DateOnly), lasts)
		if err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(tx.Ctx, `UPDATE discipline_case_steps SET done_at = $1, note = $2 WHERE case_id = $3 AND step = 'complaint'`,
			tx.Now, reply, r.ID); err != nil {
			return nil, s.db.Internal("complaint step done", err)
		}
		return map[string]any{"outcome": outcome, "new_form": newForm}, nil
	})
}

// Defer puts a case aside for a deferral of its rule set, before the
// decision. See violation.DisciplineService.
func (s *DisciplineService) Defer(ctx context.Context, id int64, code, reason string) (*violation.Case, error) {
	reason = vntext.CleanParagraphs(reason)
	return s.change(ctx, id, "discipline.defer", func(tx *sqldb.Tx, r *discRow, rs *violation.RuleSet, cal *calendar.Calendar) (any, error) {
		if err := s.mayDecide(tx, r); err != nil { // like Drop: not the official's own head when the level above decides
			return nil, err
		}
		if err := violation.CanDefer(r.Status); err != nil {
			return nil, err
		}
		v := congvu.Validation{}
		if rs.DeferralByCode(code) == nil {
			v.Add("code", fmt.Sprintf("Xin chọn một trường hợp chưa xem xét kỷ luật theo %s.", rs.Title))
		}
		if reason == "" {
			v.Add("reason", "Xin nêu căn cứ (giấy tờ xác nhận) của trường hợp chưa xem xét kỷ luật.")
		}
		violation.TooLong(v, "reason", reason, violation.MaxReason, "Căn cứ")
		if err := v.Err(); err != nil {
			return nil, err
		}
		if err := s.setStatus(tx, r, violation.CaseDeferred, "resume_status = $4, deferral_code = $5, reason = $6", string(r.Status), code, reason); err != nil {
			return nil, err
		}
		return map[string]any{"code": code, "reason": reason}, nil
	})
}

// Resume takes a deferred case back where it was; the time it stood
// aside is not counted in its handling limit, and the steps not done are
// counted again from today. See violation.DisciplineService.
func (s *DisciplineService) Resume(ctx context.Context, id int64) (*violation.Case, error) {
	return s.change(ctx, id, "discipline.resume", func(tx *sqldb.Tx, r *discRow, rs *violation.RuleSet, cal *calendar.Calendar) (any, error) {
		if err := s.mayRun(tx, r); err != nil {
			return nil, err
		}
		if err := violation.CanResume(r.Status); err != nil {
			return nil, err
		}
		back := r.resume
		if !back.Valid() || back == violation.CaseDeferred {
			back = violation.CaseReview
		}
		aside := max(tx.Now.Sub(r.UpdatedAt), 0)
		due := r.DueAt.Add(aside)
		if err := s.setStatus(tx, r, back, "resume_status = '', deferral_code = '', reason = '', due_at = $4, overdue_at = NULL", due); err != nil {
			return nil, err
		}
		// The current step starts again today.
		cur := map[violation.CaseStatus]violation.Step{violation.CaseReview: violation.StepReview, violation.CaseCouncil: violation.StepCouncil,
			violation.CaseDecision: violation.StepDecision}[back]
		i := slices.Index(violation.Steps, cur)
		if i > 0 {
			if err := s.rechain(tx, r, rs, cal, violation.Steps[i-1], tx.Now); err != nil {
				return nil, err
			}
		} else if err := s.rechainFrom(tx, r, rs, cal, tx.Now); err != nil {
			return nil, err
		}
		return map[string]any{"status": back, "due_at": due}, nil
	})
}

// rechainFrom counts every step not done again from the moment from.
func (s *DisciplineService) rechainFrom(tx *sqldb.Tx, r *discRow, rs *violation.RuleSet, cal *calendar.Calendar, from time.Time) error {
	for _, st := range violation.Steps {
		x := discStep(r.Case, st)
		if x == nil || x.DoneAt != nil {
			continue
		}
		due := discDue(cal, rs, st, from)
		if _, err := tx.ExecContext(tx.Ctx, `UPDATE discipline_case_steps SET due_on = $1, reminded_at = NULL, overdue_at = NULL
			WHERE case_id = $2 AND step = $3 AND done_at IS NULL`, due.Format(time.DateOnly), r.ID, string(st)); err != nil {
			return s.db.Internal("case step due", err)
		}
		from = due
	}
	return nil
}

// Drop ends a case without discipline, with a reason, before the
// decision: a decision of its own, taken by the head of the competent
// unit (not by those who only run the procedure). See
// violation.DisciplineService.
func (s *DisciplineService) Drop(ctx context.Context, id int64, reason string) (*violation.Case, error) {
	reason = vntext.CleanParagraphs(reason)
	return s.change(ctx, id, "discipline.drop", func(tx *sqldb.Tx, r *discRow, rs *violation.RuleSet, cal *calendar.Calendar) (any, error) {
		if err := s.mayDecide(tx, r); err != nil {
			return nil, err
		}
		if err := violation.CanDrop(r.Status); err != nil {
			return nil, err
		}
		if reason == "" {
			return nil, congvu.FieldError("reason", "Xin nêu lý do không xử lý kỷ luật.")
		}
		if v := (congvu.Validation{}); violation.TooLong(v, "reason", reason, violation.MaxReason, "Lý do") {
			return nil, v.Err()
		}
		if err := s.setStatus(tx, r, violation.CaseDropped, "reason = $4, resume_status = ''", reason); err != nil {
			return nil, err
		}
		return map[string]any{"reason": reason}, nil
	})
}
