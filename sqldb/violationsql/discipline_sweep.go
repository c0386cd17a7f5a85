package violationsql

import (
	"congvu"
	"congvu/sqldb"
	"congvu/violation"
	"context"
	"slices"
	"strconv"
	"time"
)

var _ violation.CaseSweeper = (*DisciplineService)(nil)

// discNotice is one notice the sweep may send: a step of a case (step
// set) or the case itself past its handling limit.
type discNotice struct {
	caseID  int64
	step    violation.Step
	dueOn   time.Time
	overdue bool // past the deadline; else nearing it
}

// SweepCases reminds those who run a case of a step due within
// violation.RemindDays working days, flags a step past its deadline and a
// case past its handling limit, each once: every notice is a conditional
// mark (reminded_at, overdue_at) set in the notice's own transaction, so
// sweeps running at once, or again, send nothing twice. The mail names
// the case by its number and unit, never the official (the outbox is read
// by administrators, who may not read cases): the link leads those who may. Deferred, closed
// and dropped cases are left alone, and decided ones for their handling
// limit. See violation.CaseSweeper.
func (s *DisciplineService) SweepCases(ctx context.Context, now time.Time) (violation.CaseSweepResult, error) {
	var res violation.CaseSweepResult
	ctx = congvu.NewContextWithActor(ctx, congvu.SystemActor("Hệ thống nhắc hạn"))
	now = now.UTC()
	cal, err := s.cal.Calendar(ctx)
	if err != nil {
		return res, err
	}
	today := congvu.Date(now)
	limit := congvu.Date(cal.ShiftWorkingDays(now, violation.RemindDays))
	open := `c.status NOT IN ('closed', 'dropped', 'deferred')`
	steps, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "sweep case steps", `SELECT x.case_id, x.step, x.due_on, x.due_on < $1
		FROM discipline_case_steps x JOIN discipline_cases c ON c.id = x.case_id
		WHERE `+open+` AND x.done_at IS NULL AND x.due_on <= $2
			AND NOT (c.status = 'notified' AND x.step = 'complaint') -- the official's right, nobody's task
			AND ((x.reminded_at IS NULL AND x.due_on >= $1) OR (x.overdue_at IS NULL AND x.due_on < $1))
		ORDER BY x.due_on, x.case_id`, func(sc sqldb.Scanner) (discNotice, error) {
		var n discNotice
		var due any
		if err := sc.Scan(&n.caseID, &n.step, &due, &n.overdue); err != nil {
			return n, err
		}
		d, err := sqldb.DateOf(due)
		n.dueOn = d
		return n, err
	}, today.Format(time.DateOnly), limit.Format(time.DateOnly))
	if err != nil {
		return res, err
	}
	// The handling limit runs until the decision.
	late, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "sweep late cases", `SELECT c.id, c.due_at FROM discipline_cases c
		WHERE c.status IN ('review', 'council', 'decision') AND c.overdue_at IS NULL AND c.due_at < $1 ORDER BY c.due_at, c.id`, func(sc sqldb.Scanner) (discNotice, error) {
		n := discNotice{overdue: true}
		err := sc.Scan(&n.caseID, &n.dueOn)
		return n, err
	}, now)
	if err != nil {
		return res, err
	}
	// A notified decision whose complaint window has passed without a
	// complaint is final: the case closes (closeFinal checks the window of
	// its rule set; the query only skips those notified in the last days).
	final, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "sweep final cases", `SELECT c.id FROM discipline_cases c
		JOIN discipline_case_steps x ON x.case_id = c.id AND x.step = 'notify'
		WHERE c.status = 'notified' AND x.done_at < $1 ORDER BY c.id`, func(sc sqldb.Scanner) (int64, error) {
		var id int64
		return id, sc.Scan(&id)
	}, now.AddDate(0, 0, -1))
	if err != nil {
		return res, err
	}
	var firstErr error
	for _, id := range final {
		if err := s.closeFinal(ctx, id, now, &res); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	for _, n := range append(steps, late...) {
		if err := ctx.Err(); err != nil {
			return res, s.db.Internal("sweep cases", err)
		}
		if err := s.sweepOne(ctx, n, now, &res); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return res, firstErr
}

// sweepOne sends one notice, in its own transaction, if its mark was not
// set meanwhile.
func (s *DisciplineService) sweepOne(ctx context.Context, n discNotice, now time.Time, res *violation.CaseSweepResult) error {
	var done violation.CaseSweepResult
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		tx.Now = now
		r, err := s.loadCase(ctx, tx, n.caseID)
		if err != nil {
			return err
		}
		var q string
		var args []any
		switch {
		case n.step == "":
			q, args = `UPDATE discipline_cases SET overdue_at = $1 WHERE id = $2 AND overdue_at IS NULL`, []any{now, r.ID}
		case n.overdue:
			q, args = `UPDATE discipline_case_steps SET overdue_at = $1 WHERE case_id = $2 AND step = $3 AND overdue_at IS NULL AND done_at IS NULL`, []any{now, r.ID, string(n.step)}
		default:
			q, args = `UPDATE discipline_case_steps SET reminded_at = $1 WHERE case_id = $2 AND step = $3 AND reminded_at IS NULL AND done_at IS NULL`, []any{now, r.ID, string(n.step)}
		}
		m, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return s.db.Internal("sweep case mark", err)
		}
		if k, _ := m.RowsAffected(); k != 1 {
			return nil
		}
		due := n.dueOn.In(congvu.TimeZone).Format("02/01/2006")
		link := "/discipline/" + strconv.FormatInt(r.ID, 10)
		var subject, body, kind string
		switch {
		case n.step == "":
			done.Late++
			kind, subject = "discipline.overdue", "Vụ việc xem xét kỷ luật đã quá thời hạn xử lý"
			body = "Vụ việc xem xét kỷ luật số " + strconv.FormatInt(r.ID, 10) + " tại " + r.UnitName + " đã quá thời hạn xử lý kỷ luật (hạn " + due +
				") theo " + r.RuleSetTitle + ".\nTrạng thái: " + r.Status.Label() + "\n\nXem tại: " + link + "\n"
		case n.overdue:
			done.Overdue++
			kind, subject = "discipline.overdue", "Bước thủ tục kỷ luật đã quá hạn"
			body = "Bước \"" + n.step.Label() + "\" của vụ việc xem xét kỷ luật số " + strconv.FormatInt(r.ID, 10) + " tại " + r.UnitName + " đã quá hạn " + due +
				".\n\nXem tại: " + link + "\n"
		default:
			done.Reminded++
			kind, subject = "discipline.remind", "Sắp đến hạn bước thủ tục kỷ luật"
			body = "Bước \"" + n.step.Label() + "\" của vụ việc xem xét kỷ luật số " + strconv.FormatInt(r.ID, 10) + " tại " + r.UnitName + " đến hạn " + due +
				".\n\nXem tại: " + link + "\n"
		}
		if err := tx.Audit(kind, "discipline_case", r.ID, r.UnitID, nil, map[string]any{"step": n.step, "due": n.dueOn.Format(time.DateOnly)}); err != nil {
			return err
		}
		to, err := s.headEmails(ctx, tx, r.UnitPath, r.OfficialID)
		if err != nil {
			return err
		}
		if n.step == "" || n.step == violation.StepDecision || n.step == violation.StepComplaint {
			more, err := s.headEmails(ctx, tx, r.competentPath, r.OfficialID)
			if err != nil {
				return err
			}
			for _, e := range more {
				if !slices.Contains(to, e) {
					to = append(to, e)
				}
			}
		}
		for _, addr := range to {
			if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (to_addr, subject, body, unit_id, created_at) VALUES ($1, $2, $3, $4, $5)`,
				addr, subject, body, sqldb.NullID(r.UnitID), tx.Now); err != nil {
				return s.db.Internal("enqueue mail", err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	res.Reminded += done.Reminded
	res.Overdue += done.Overdue
	res.Late += done.Late
	return nil
}

// headEmails are the addresses of the active unit heads of the unit at
// path or, when it has none with an address, of its nearest ancestor that
// has. The reminders never go to the official concerned's own address.
func (s *DisciplineService) headEmails(ctx context.Context, q sqldb.Querier, path string, officialID int64) ([]string, error) {
	ids := sqldb.PathIDs(path)
	for i := len(ids) - 1; i >= 0; i-- {
		out, err := sqldb.QueryAll(ctx, s.db, q, "case head emails", `SELECT DISTINCT u.email FROM users u JOIN user_grants g ON g.user_id = u.id
			WHERE u.active AND u.email <> '' AND g.unit_id = $1 AND g.role = $2 AND (u.official_id IS NULL OR u.official_id <> $3)
			ORDER BY u.email`, func(sc sqldb.Scanner) (string, error) {
			var e string
			return e, sc.Scan(&e)
		}, ids[i], string(congvu.RoleUnitHead), officialID)
		if err != nil || len(out) > 0 {
			return out, err
		}
	}
	return nil, nil
}

// closeFinal closes a notified case whose complaint window has passed,
// in its own transaction, unless a complaint came meanwhile.
func (s *DisciplineService) closeFinal(ctx context.Context, id int64, now time.Time, res *violation.CaseSweepResult) error {
	closed := false
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		tx.Now = now
		r, err := s.loadCase(ctx, tx, id)
		if err != nil {
			return err
		}
		rs, err := s.ruleSetByID(ctx, r.RuleSetID)
		if err != nil {
			return err
		}
		st := discStep(r.Case, violation.StepNotify)
		if r.Status != violation.CaseNotified || st == nil || st.DoneAt == nil || !congvu.Date(now).After(rs.ComplaintUntil(*st.DoneAt)) {
			return nil // still open to a complaint
		}
		m, err := tx.ExecContext(ctx, `UPDATE discipline_cases SET status = 'closed', reason = $1, updated_at = $2 WHERE id = $3 AND status = 'notified'`,
			violation.NoComplaintNote, now, id)
		if err != nil {
			return s.db.Internal("close final case", err)
		}
		if k, _ := m.RowsAffected(); k != 1 {
			return nil
		}
		closed = true
		return tx.Audit("discipline.close", "discipline_case", id, r.UnitID, nil, map[string]any{"reason": violation.NoComplaintNote})
	})
	if err == nil && closed {
		res.Closed++
	}
	return err
}
