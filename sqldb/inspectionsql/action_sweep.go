package inspectionsql

import (
	"congvu"
	"congvu/calendar"
	"congvu/inspection"
	"congvu/sqldb"
	"context"
	"slices"
	"time"
)

// SweepActions reminds owner units of actions due within
// inspection.RemindDays working days and notifies overdue actions to the
// owner unit and the inspectors, each once: every notice is a conditional
// mark (reminded_at, overdue_at) set in the notice's own transaction, so
// sweeps running at once, or again, send nothing twice. See
// inspection.ActionService.
func (s *ActionService) SweepActions(ctx context.Context, now time.Time) (inspection.ActionSweepResult, error) {
	var res inspection.ActionSweepResult
	ctx = congvu.NewContextWithActor(ctx, congvu.SystemActor("Hệ thống nhắc hạn"))
	now = now.UTC()
	cal, err := s.cal.Calendar(ctx)
	if err != nil {
		return res, err
	}
	// A reminder falls at most RemindDays working days before a deadline,
	// and only before it: an action past its deadline (or reported) that
	// was never reminded is not read again once flagged overdue.
	limit := cal.ShiftWorkingDays(now, inspection.RemindDays+1).UTC()
	type candidate struct {
		a                 *inspection.CorrectiveAction
		reminded, overdue bool
	}
	rows, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "sweep actions", `SELECT a.id, a.reminded_at IS NOT NULL, a.overdue_at IS NOT NULL
		FROM inspection_actions a WHERE a.status <> 'verified' AND a.due_at <= $1
			AND ((a.reminded_at IS NULL AND a.status = 'open' AND a.due_at >= $2) OR a.overdue_at IS NULL)
		ORDER BY a.due_at, a.id`, func(sc sqldb.Scanner) (candidate, error) {
		c := candidate{a: &inspection.CorrectiveAction{}}
		return c, sc.Scan(&c.a.ID, &c.reminded, &c.overdue)
	}, limit, now)
	if err != nil {
		return res, err
	}
	var firstErr error
	for _, c := range rows {
		if err := ctx.Err(); err != nil {
			return res, s.db.Internal("sweep actions", err)
		}
		a, err := s.load(ctx, s.db.Read, c.a.ID)
		if err == nil {
			err = s.sweepOne(ctx, cal, a, c.reminded, c.overdue, now, &res)
		}
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return res, firstErr
}

// sweepOne sends what is due for one action, in one transaction.
func (s *ActionService) sweepOne(ctx context.Context, cal *calendar.Calendar, a *inspection.CorrectiveAction, reminded, overdue bool, now time.Time, res *inspection.ActionSweepResult) error {
	var done inspection.ActionSweepResult
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		tx.Now = now
		// mark sets a mark once, only while the action is not verified.
		mark := func(col string) (bool, error) {
			r, err := tx.ExecContext(ctx, `UPDATE inspection_actions SET `+col+` = $1 WHERE id = $2 AND `+col+` IS NULL AND status <> 'verified'`, now, a.ID)
			if err != nil {
				return false, s.db.Internal("sweep action mark", err)
			}
			n, err := r.RowsAffected()
			return n == 1, s.db.Internal("sweep action mark", err)
		}
		due := formatDue(a.DueAt)
		if a.ShouldRemind(cal, now, reminded) {
			ok, err := mark("reminded_at")
			if err != nil {
				return err
			}
			if ok {
				done.Reminded++
				if err := addActionEvent(tx, a.ID, inspection.EventReminded, a.Status, "Nhắc hạn: biện pháp khắc phục đến hạn "+due+"."); err != nil {
					return err
				}
				if err := tx.Audit("inspection.action.remind", "inspection_action", a.ID, a.OwnerUnitID, nil, map[string]any{"due_at": a.DueAt}); err != nil {
					return err
				}
				to, err := unitHeadEmails(ctx, tx, a.OwnerUnitPath)
				if err != nil {
					return s.db.Internal("sweep owner emails", err)
				}
				body := "Biện pháp khắc phục theo kết luận của " + a.InspectingUnitName + " giao cho " + a.OwnerUnitName + " sắp đến hạn:\n\n" + a.Text +
					"\n\nHạn thực hiện: " + due + ".\n\nXin hoàn thành và báo cáo kết quả kèm minh chứng tại: " + actionLink(a.InspectionID, a.ID) + "\n"
				if err := enqueue(tx, to, "Sắp đến hạn thực hiện biện pháp khắc phục", body, a.OwnerUnitID); err != nil {
					return err
				}
			}
		}
		if !overdue && a.IsOverdue(now) {
			ok, err := mark("overdue_at")
			if err != nil {
				return err
			}
			if ok {
				done.Overdue++
				if err := addActionEvent(tx, a.ID, inspection.EventOverdue, a.Status, "Quá hạn: biện pháp khắc phục hết hạn "+due+" mà chưa được xác nhận hoàn thành."); err != nil {
					return err
				}
				if err := tx.Audit("inspection.action.overdue", "inspection_action", a.ID, a.OwnerUnitID, nil, map[string]any{"due_at": a.DueAt}); err != nil {
					return err
				}
				owners, err := unitHeadEmails(ctx, tx, a.OwnerUnitPath)
				if err != nil {
					return s.db.Internal("sweep owner emails", err)
				}
				body := "Biện pháp khắc phục theo kết luận của " + a.InspectingUnitName + " giao cho " + a.OwnerUnitName + " đã quá hạn:\n\n" + a.Text +
					"\n\nHạn thực hiện: " + due + "\nTrạng thái: " + a.Status.Label() + "\n\nXem tại: " + actionLink(a.InspectionID, a.ID) + "\n"
				if err := enqueue(tx, owners, "Biện pháp khắc phục đã quá hạn", body, a.OwnerUnitID); err != nil {
					return err
				}
				inspectors, err := verifierEmails(ctx, tx, a)
				if err != nil {
					return s.db.Internal("sweep verifier emails", err)
				}
				var rest []string
				for _, e := range inspectors {
					if !slices.Contains(owners, e) {
						rest = append(rest, e)
					}
				}
				if err := enqueue(tx, rest, "Biện pháp khắc phục đã quá hạn", body, a.InspectingUnitID); err != nil {
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
	return nil
}
