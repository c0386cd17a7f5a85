package petitionsql

import (
	"congvu/calendar"
	"congvu/petition"
	"congvu/sqldb"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"congvu"
)

// maxLegalBasis bounds a deadline rule's legal basis, in characters.
const maxLegalBasis = 500

// DeadlineRules lists the stored dated rules and, as the base of each
// kind's stage, its built-in default (ID 0, no ValidFrom): by kind, then
// stage in workflow order, newest ValidFrom first. The rules are public
// law, so anyone may read them. See petition.Service.
func (s *PetitionService) DeadlineRules(ctx context.Context) ([]*petition.DeadlineRule, error) {
	list, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "deadline rules", `SELECT id, kind, stage, days, working_days, remind_days, escalate_days, extend_days, valid_from, legal_basis, created_at
		FROM petition_deadline_rules`, func(sc sqldb.Scanner) (*petition.DeadlineRule, error) {
		r := &petition.DeadlineRule{}
		if err := sc.Scan(&r.ID, &r.Kind, &r.Stage, &r.Days, &r.WorkingDays, &r.RemindDays, &r.EscalateDays, &r.ExtendDays, &r.ValidFrom, &r.LegalBasis, &r.CreatedAt); err != nil {
			return nil, err
		}
		r.ValidFrom, r.CreatedAt = sqldb.UTC(r.ValidFrom), sqldb.UTC(r.CreatedAt)
		return r, nil
	})
	if err != nil {
		return nil, err
	}
	for _, d := range petition.DefaultDeadlineRules {
		r := d.Rule()
		list = append(list, &r)
	}
	slices.SortStableFunc(list, func(a, b *petition.DeadlineRule) int {
		if c := slices.Index(petition.Kinds, a.Kind) - slices.Index(petition.Kinds, b.Kind); c != 0 {
			return c
		}
		if c := slices.Index(petition.DeadlineStages, a.Stage) - slices.Index(petition.DeadlineStages, b.Stage); c != 0 {
			return c
		}
		return b.ValidFrom.Compare(a.ValidFrom)
	})
	return list, nil
}

// AddDeadlineRule stores a dated rule. Only holders of ActPetitionRules on
// the whole tree may; the rule starts on a day (midnight in Vietnam) not
// before today, so stages already running keep the rule they started with
// (the command-line operator may date a rule in the past, for imports).
// EINVALID with field messages, ECONFLICT when the stage already has a rule
// from that day. See petition.Service.
func (s *PetitionService) AddDeadlineRule(ctx context.Context, in petition.DeadlineRuleInput) (*petition.DeadlineRule, error) {
	actor := congvu.ActorFromContext(ctx)
	if !actor.Can(congvu.ActPetitionRules, congvu.RootUnitPath) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền thay đổi quy định thời hạn xử lý phản ánh.")
	}
	in.LegalBasis = strings.TrimSpace(in.LegalBasis)
	v := congvu.Validation{}
	if in.Kind == "" {
		in.Kind = petition.KindReport
	}
	if !in.Kind.Valid() {
		v.Add("kind", "Xin chọn loại đơn mà quy định áp dụng.")
	}
	if in.ExtendDays < 0 || in.ExtendDays > 365 {
		v.Add("extend_days", "Số ngày mỗi lần gia hạn phải từ 0 đến 365.")
	}
	if !slices.Contains(petition.DeadlineStages, in.Stage) {
		v.Add("stage", "Xin chọn giai đoạn xử lý.")
	}
	if in.Days < 1 || in.Days > 365 {
		v.Add("days", "Thời hạn phải từ 1 đến 365 ngày.")
	}
	if in.RemindDays < 0 || in.RemindDays > max(in.Days, 0) {
		v.Add("remind_days", "Số ngày nhắc trước hạn phải từ 0 đến thời hạn của giai đoạn.")
	}
	if in.EscalateDays < 0 || in.EscalateDays > 90 {
		v.Add("escalate_days", "Số ngày quá hạn trước khi báo cấp trên phải từ 0 đến 90.")
	}
	var from time.Time
	switch {
	case in.ValidFrom.IsZero():
		v.Add("valid_from", "Xin nhập ngày bắt đầu áp dụng.")
	default:
		from = congvu.Date(in.ValidFrom)
		switch {
		case from.Year() < 2000 || from.Year() > 9999:
			v.Add("valid_from", "Ngày bắt đầu áp dụng không hợp lệ.")
		case !actor.IsSystem() && from.Before(congvu.Date(s.db.Now())):
			v.Add("valid_from", "Ngày bắt đầu áp dụng không được trước ngày hôm nay: quy định mới chỉ áp dụng từ nay về sau.")
		}
	}
	if utf8.RuneCountInString(in.LegalBasis) > maxLegalBasis {
		v.Add("legal_basis", "Căn cứ pháp lý không được dài quá 500 ký tự.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	r := &petition.DeadlineRule{Kind: in.Kind, ExtendDays: in.ExtendDays, Stage: in.Stage, Days: in.Days, WorkingDays: in.WorkingDays, RemindDays: in.RemindDays,
		EscalateDays: in.EscalateDays, ValidFrom: from.UTC(), LegalBasis: in.LegalBasis}
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		r.CreatedAt = tx.Now
		var createdBy any
		if actor.UserID > 0 {
			createdBy = actor.UserID
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO petition_deadline_rules (stage, days, working_days, remind_days, escalate_days, valid_from, legal_basis, created_by, created_at, kind, extend_days)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			string(r.Stage), r.Days, r.WorkingDays, r.RemindDays, r.EscalateDays, r.ValidFrom, r.LegalBasis, createdBy, r.CreatedAt, string(r.Kind), r.ExtendDays).Scan(&r.ID)
		if sqldb.IsUniqueViolation(err) {
			msg := "Giai đoạn «" + r.Stage.LabelFor(r.Kind) + "» của loại đơn «" + r.Kind.Label() + "» đã có quy định áp dụng từ ngày " + from.Format("02/01/2006") +
				"; quy định không sửa được, xin chọn ngày áp dụng khác."
			return &congvu.Error{Code: congvu.ECONFLICT, Message: msg, Fields: map[string]string{"valid_from": msg}}
		}
		if err != nil {
			return s.db.Internal("add deadline rule", err)
		}
		return tx.Audit("petition.rule.add", "petition_deadline_rule", r.ID, 0, nil, r)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// orphanAttachmentAge is how long an uploaded file may wait for its
// petition before the sweep deletes it.
const orphanAttachmentAge = 24 * time.Hour

// sweepCandidate is an open petition whose deadline the sweep looks at.
type sweepCandidate struct {
	id                     int64
	code                   string
	category               petition.Category
	kind                   petition.Kind
	status                 petition.Status
	subjectName            string
	due                    time.Time
	reminded, overdue      bool
	escalated              bool
	stage                  petition.DeadlineStage
	stageStart             time.Time
	handlerID              int64
	handlerPath, handler   string
	parentID               int64
	parentPath, parentName string
}

// Sweep reminds handlers of near deadlines, flags overdue petitions and
// escalates long overdue ones to the supervising unit of their handler,
// each once per stage, as the system. The rule of a petition is the one in
// force when its current stage started. Each petition is updated in its own
// transaction by conditional updates, so sweeps running at once never act
// twice. It also deletes uploads never attached to a petition within a day.
// See petition.Service.
func (s *PetitionService) Sweep(ctx context.Context, now time.Time) (petition.SweepResult, error) {
	var res petition.SweepResult
	ctx = congvu.NewContextWithActor(ctx, congvu.SystemActor("Hệ thống nhắc hạn"))
	now = now.UTC()
	// How far ahead a reminder may fall: the largest reminder of any rule.
	horizon := 0
	for _, d := range petition.DefaultDeadlineRules {
		horizon = max(horizon, d.RemindDays)
	}
	var stored int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COALESCE(MAX(remind_days), 0) FROM petition_deadline_rules`).Scan(&stored); err != nil {
		return res, s.db.Internal("sweep horizon", err)
	}
	horizon = max(horizon, stored)
	cal, err := s.cal.Calendar(ctx)
	if err != nil {
		return res, err
	}
	// A reminder falls at most horizon working days before a deadline (a
	// calendar-day rule's reminder moves back over days off to a working
	// day, which one more working day covers).
	limit := cal.ShiftWorkingDays(now, horizon+1).UTC()

	list, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "sweep candidates", `SELECT p.id, p.tracking_code, p.category, p.kind, p.status, su.name, p.due_at,
			p.reminded_at IS NOT NULL, p.overdue_at IS NOT NULL, p.escalated_to IS NOT NULL, st.stage, st.started_at, p.updated_at,
			COALESCE(h.id, 0), COALESCE(h.path, ''), COALESCE(h.name, '')
		FROM petitions p
		JOIN units su ON su.id = p.unit_id
		LEFT JOIN petition_stages st ON st.petition_id = p.id AND st.done_at IS NULL
		LEFT JOIN units h ON h.id = COALESCE(p.handler_unit_id, su.parent_id)
		WHERE p.status NOT IN (`+sqlStatuses(petition.ClockStoppedStatuses)+`) AND p.due_at <= $1
			AND (p.reminded_at IS NULL OR p.overdue_at IS NULL OR p.escalated_to IS NULL)
		ORDER BY p.due_at, p.id`, func(sc sqldb.Scanner) (*sweepCandidate, error) {
		c := &sweepCandidate{}
		var stage sql.NullString
		var started sql.NullTime
		var updated time.Time
		err := sc.Scan(&c.id, &c.code, &c.category, &c.kind, &c.status, &c.subjectName, &c.due, &c.reminded, &c.overdue, &c.escalated,
			&stage, &started, &updated, &c.handlerID, &c.handlerPath, &c.handler)
		c.due, c.stage, c.stageStart = sqldb.UTC(c.due), petition.DeadlineStage(stage.String), sqldb.UTC(started.Time)
		if !stage.Valid { // no stage row (imported data): the status tells
			c.stage, c.stageStart = petition.StageOf(c.status), sqldb.UTC(updated)
		}
		return c, err
	}, limit)
	if err != nil {
		return res, err
	}
	var firstErr error
	for _, c := range list {
		if err := ctx.Err(); err != nil {
			return res, s.db.Internal("sweep", err)
		}
		if err := s.sweepOne(ctx, cal, c, now, &res); err != nil {
			if firstErr == nil {
				firstErr = err
			}
		}
	}
	if err := s.deleteOrphans(ctx, now); err != nil && firstErr == nil {
		firstErr = err
	}
	return res, firstErr
}

// sweepOne does what is due for one petition, in one transaction.
// Reminders and escalation are counted on cal, as the deadline was.
func (s *PetitionService) sweepOne(ctx context.Context, cal *calendar.Calendar, c *sweepCandidate, now time.Time, res *petition.SweepResult) error {
	var done petition.SweepResult
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		tx.Now = now
		rule, err := deadlineRule(ctx, tx, c.kind, c.stage, c.stageStart)
		if err != nil {
			return s.db.Internal("sweep rule", err)
		}
		if now.After(c.due) && (!c.overdue || !c.escalated) && c.handlerPath != "" {
			// The supervising unit: the nearest active ancestor of the handler.
			ids := sqldb.PathIDs(c.handlerPath)
			for i := len(ids) - 2; i >= 0 && c.parentID == 0; i-- {
				err := tx.QueryRowContext(ctx, `SELECT id, path, name FROM units WHERE id = $1 AND active = TRUE`, ids[i]).
					Scan(&c.parentID, &c.parentPath, &c.parentName)
				if err != nil && !errors.Is(err, sql.ErrNoRows) {
					return s.db.Internal("sweep supervising unit", err)
				}
			}
		}
		// mark sets a mark once, only while the petition is still in the
		// stage that was read (its deadline unchanged).
		mark := func(set, unset string, a ...any) (bool, error) {
			r, err := tx.ExecContext(ctx, `UPDATE petitions SET `+set+` WHERE id = $1 AND due_at = $2 AND `+unset+` IS NULL`,
				append([]any{c.id, c.due}, a...)...)
			if err != nil {
				return false, s.db.Internal("sweep mark", err)
			}
			n, err := r.RowsAffected()
			return n == 1, s.db.Internal("sweep mark", err)
		}
		mail := func(path string, unitID int64, subject, body string) error {
			if path == "" {
				return nil
			}
			to, err := handlerEmails(ctx, tx, path, c.id)
			if err != nil {
				return s.db.Internal("sweep handlers", err)
			}
			for _, addr := range to {
				if err := enqueueMail(tx, addr, subject, body, unitID, c.id, false); err != nil {
					return s.db.Internal("sweep mail", err)
				}
			}
			return nil
		}
		due := c.due.In(congvu.TimeZone).Format("15:04 ngày 02/01/2006")
		about := "Phản ánh " + c.code + " (" + c.category.Label() + ") về " + c.subjectName
		handler := c.handler
		if handler == "" {
			handler = "chưa xác định"
		}
		upper := c.parentName
		if upper == "" {
			upper = "đơn vị cấp trên"
		}
		link := "\n\nXem và xử lý tại: /petitions/" + strconv.FormatInt(c.id, 10) + "\n"

		if !c.reminded && rule.RemindDays > 0 && !now.Before(rule.Shift(cal, c.due, -rule.RemindDays)) && now.Before(c.due) {
			ok, err := mark("reminded_at = $3", "reminded_at", now)
			if err != nil {
				return err
			}
			if ok {
				done.Reminded++
				note := "Nhắc hạn: giai đoạn «" + c.stage.LabelFor(c.kind) + "» đến hạn lúc " + due + "."
				if err := addEvent(tx, c.id, "remind", c.status, c.handlerID, note, false); err != nil {
					return s.db.Internal("sweep event", err)
				}
				body := about + " sắp đến hạn xử lý.\n\nGiai đoạn: " + c.stage.LabelFor(c.kind) + "\nHạn xử lý: " + due +
					"\nĐơn vị xử lý: " + handler + "\n\nXin xử lý phản ánh trước hạn." + link
				if err := mail(c.handlerPath, c.handlerID, "Sắp đến hạn xử lý phản ánh "+c.code, body); err != nil {
					return err
				}
			}
		}

		if !c.overdue && now.After(c.due) {
			ok, err := mark("overdue_at = $3", "overdue_at", now)
			if err != nil {
				return err
			}
			if ok {
				done.Overdue++
				note := "Quá hạn: giai đoạn «" + c.stage.LabelFor(c.kind) + "» hết hạn lúc " + due + "."
				if err := addEvent(tx, c.id, "overdue", c.status, c.handlerID, note, false); err != nil {
					return s.db.Internal("sweep event", err)
				}
				body := about + " đã quá hạn xử lý.\n\nGiai đoạn: " + c.stage.LabelFor(c.kind) + "\nHạn xử lý: " + due +
					"\nĐơn vị xử lý: " + handler
				if c.parentID != 0 && rule.EscalateDays > 0 {
					body += "\n\nNếu sau " + strconv.Itoa(rule.EscalateDays) + " " + rule.DayWord() + " phản ánh vẫn chưa được xử lý, hệ thống sẽ báo " + upper + " để đôn đốc."
				}
				body += "\n\nXin xử lý phản ánh ngay." + link
				if err := mail(c.handlerPath, c.handlerID, "Phản ánh "+c.code+" đã quá hạn xử lý", body); err != nil {
					return err
				}
			}
		}

		if !c.escalated && c.parentID != 0 && now.After(rule.Shift(cal, c.due, rule.EscalateDays)) {
			ok, err := mark("escalated_to = $3, escalated_at = $4", "escalated_to", c.parentID, now)
			if err != nil {
				return err
			}
			if ok {
				done.Escalated++
				late := "đã quá hạn"
				if rule.EscalateDays > 0 {
					late += " hơn " + strconv.Itoa(rule.EscalateDays) + " " + rule.DayWord()
				}
				note := "Phản ánh " + late + ": đã báo " + upper + " đôn đốc xử lý."
				if err := addEvent(tx, c.id, "escalate", c.status, c.handlerID, note, false); err != nil {
					return s.db.Internal("sweep event", err)
				}
				type esc struct {
					Stage       petition.DeadlineStage `json:"stage"`
					DueAt       time.Time              `json:"due_at"`
					HandlerUnit int64                  `json:"handler_unit_id,omitempty"`
					EscalatedTo int64                  `json:"escalated_to,omitempty"`
				}
				if err := tx.Audit("petition.escalate", "petition", c.id, c.handlerID,
					esc{Stage: c.stage, DueAt: c.due, HandlerUnit: c.handlerID},
					esc{Stage: c.stage, DueAt: c.due, HandlerUnit: c.handlerID, EscalatedTo: c.parentID}); err != nil {
					return err
				}
				body := about + " do " + handler + " xử lý " + late + ".\n\nGiai đoạn: " +
					c.stage.LabelFor(c.kind) + "\nHạn xử lý: " + due + "\n\nTheo quy định về thời hạn xử lý phản ánh, " + upper +
					" được báo để đôn đốc, chỉ đạo đơn vị xử lý." + link
				if err := mail(c.parentPath, c.parentID, "Đôn đốc xử lý phản ánh "+c.code+" quá hạn", body); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	res.Reminded += done.Reminded
	res.Overdue += done.Overdue
	res.Escalated += done.Escalated
	return nil
}

// deleteOrphans deletes uploads that no petition took within a day: the
// row first (only while still unattached), then its blob.
func (s *PetitionService) deleteOrphans(ctx context.Context, now time.Time) error {
	if s.blobs == nil {
		return nil
	}
	type orphan struct {
		id  int64
		key string
	}
	list, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "orphan attachments", `SELECT id, blob_key FROM petition_attachments
		WHERE petition_id IS NULL AND created_at < $1 ORDER BY id`, func(sc sqldb.Scanner) (orphan, error) {
		var o orphan
		return o, sc.Scan(&o.id, &o.key)
	}, now.Add(-orphanAttachmentAge))
	if err != nil {
		return err
	}
	deleted := 0
	for _, o := range list {
		r, err := s.db.Write.ExecContext(ctx, `DELETE FROM petition_attachments WHERE id = $1 AND petition_id IS NULL`, o.id)
		if err != nil {
			return s.db.Internal("delete orphan attachment", err)
		}
		if n, _ := r.RowsAffected(); n != 1 {
			continue
		}
		if err := s.blobs.Delete(ctx, o.key); err != nil {
			s.db.Log.Error("delete orphan attachment blob", "attachment", o.id, "err", err)
			continue
		}
		deleted++
	}
	if deleted > 0 {
		s.db.Log.Info("deleted orphan petition attachments", "count", deleted)
	}
	return nil
}
