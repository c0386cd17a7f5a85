package petitionsql

import (
	"congvu/org"
	"congvu/petition"
	"congvu/sqldb"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"congvu"
)

// This file holds what the petition service, its deadline sweep, its
// statistics and the outbox share: the dated deadline rules, the stage
// rows that time each step, and queuing email in the same transaction as
// the change that causes it.

// deadlineRule returns the rule of kind's stage in force at the instant
// at: the stored rule with the latest valid_from not after at, or the
// built-in default (petition.DefaultDeadlineRules) when none is stored.
func deadlineRule(ctx context.Context, q sqldb.Querier, kind petition.Kind, stage petition.DeadlineStage, at time.Time) (petition.DeadlineRule, error) {
	if !kind.Valid() {
		kind = petition.KindReport
	}
	r := petition.DeadlineRule{Kind: kind, Stage: stage}
	var working bool
	err := q.QueryRowContext(ctx, `SELECT id, days, working_days, remind_days, escalate_days, extend_days, valid_from, legal_basis, created_at
		FROM petition_deadline_rules WHERE kind = $1 AND stage = $2 AND valid_from <= $3 ORDER BY valid_from DESC LIMIT 1`,
		string(kind), string(stage), at.UTC()).Scan(&r.ID, &r.Days, &working, &r.RemindDays, &r.EscalateDays, &r.ExtendDays, &r.ValidFrom, &r.LegalBasis, &r.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		if d, ok := petition.DefaultRule(kind, stage); ok {
			return d, nil
		}
		return r, errors.New("no default deadline rule for stage " + string(stage) + " of kind " + string(kind))
	}
	if err != nil {
		return r, err
	}
	r.WorkingDays = working
	r.ValidFrom, r.CreatedAt = sqldb.UTC(r.ValidFrom), sqldb.UTC(r.CreatedAt)
	return r, nil
}

// sqlStatuses writes statuses as an SQL list of literals (they are the
// domain's constants, never input).
func sqlStatuses(list []petition.Status) string {
	out := make([]string, len(list))
	for i, st := range list {
		out[i] = "'" + string(st) + "'"
	}
	return strings.Join(out, ", ")
}

// startStage ends the petition's open stage (if any) at tx.Now and, unless
// stage is "" (a final status), opens stage with its deadline from the rule
// of the petition's kind in force, counted on the working-day calendar,
// handled by unitID. A stage whose
// deadline runs from the acceptance decision (petition.Kind.
// CountsFromAcceptance: the settlement of a tố cáo or khiếu nại) counts
// from it, and keeps its deadline, extensions included, when the petition
// is transferred to another unit. It sets petitions.due_at and clears the
// reminder, overdue and escalation marks of the previous stage (the history
// keeps them). It returns the new deadline (zero for a final status).
func (s *PetitionService) startStage(tx *sqldb.Tx, petitionID int64, stage petition.DeadlineStage, unitID int64) (time.Time, error) {
	var kind string
	var accepted sql.NullTime
	if err := tx.QueryRowContext(tx.Ctx, `SELECT kind, accepted_at FROM petitions WHERE id = $1`, petitionID).Scan(&kind, &accepted); err != nil {
		return time.Time{}, err
	}
	var openStage string
	var openDue sql.NullTime
	err := tx.QueryRowContext(tx.Ctx, `SELECT stage, due_at FROM petition_stages WHERE petition_id = $1 AND done_at IS NULL ORDER BY id DESC LIMIT 1`,
		petitionID).Scan(&openStage, &openDue)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, err
	}
	if _, err := tx.ExecContext(tx.Ctx, `UPDATE petition_stages SET done_at = $1 WHERE petition_id = $2 AND done_at IS NULL`, tx.Now, petitionID); err != nil {
		return time.Time{}, err
	}
	if stage == "" {
		_, err := tx.ExecContext(tx.Ctx, `UPDATE petitions SET due_at = NULL, reminded_at = NULL, overdue_at = NULL, escalated_to = NULL, escalated_at = NULL WHERE id = $1`, petitionID)
		return time.Time{}, err
	}
	k := petition.Kind(kind)
	start := tx.Now
	if k.CountsFromAcceptance(stage) && accepted.Valid {
		start = sqldb.UTC(accepted.Time)
	}
	rule, err := deadlineRule(tx.Ctx, tx, k, stage, start)
	if err != nil {
		return time.Time{}, err
	}
	cal, err := s.cal.Calendar(tx.Ctx)
	if err != nil {
		return time.Time{}, err
	}
	due := rule.AddDays(cal, start).UTC()
	if k.CountsFromAcceptance(stage) && openStage == string(stage) && openDue.Valid {
		due = sqldb.UTC(openDue.Time) // a transfer: the legal period runs on
	}
	if _, err := tx.ExecContext(tx.Ctx, `INSERT INTO petition_stages (petition_id, stage, unit_id, started_at, due_at) VALUES ($1, $2, $3, $4, $5)`,
		petitionID, string(stage), sqldb.NullID(unitID), tx.Now, due); err != nil {
		return time.Time{}, err
	}
	if _, err := tx.ExecContext(tx.Ctx, `UPDATE petitions SET due_at = $1, reminded_at = NULL, overdue_at = NULL, escalated_to = NULL, escalated_at = NULL WHERE id = $2`,
		due, petitionID); err != nil {
		return time.Time{}, err
	}
	return due, nil
}

// moveDue gives the petition's open stage a new deadline (an extension, a
// resumption after suspension), clearing the marks of the old one.
func moveDue(tx *sqldb.Tx, petitionID int64, due time.Time) error {
	if _, err := tx.ExecContext(tx.Ctx, `UPDATE petition_stages SET due_at = $1 WHERE petition_id = $2 AND done_at IS NULL`, due.UTC(), petitionID); err != nil {
		return err
	}
	_, err := tx.ExecContext(tx.Ctx, `UPDATE petitions SET due_at = $1, reminded_at = NULL, overdue_at = NULL, escalated_to = NULL, escalated_at = NULL WHERE id = $2`,
		due.UTC(), petitionID)
	return err
}

// addEvent appends an entry to a petition's history.
func addEvent(tx *sqldb.Tx, petitionID int64, kind string, status petition.Status, unitID int64, note string, public bool) error {
	var actorID sql.NullInt64
	name := "Hệ thống"
	if a := tx.Actor; a != nil && a.UserID > 0 {
		actorID = sql.NullInt64{Int64: a.UserID, Valid: true}
		name = a.FullName
	} else if a != nil && a.FullName != "" {
		name = a.FullName // the system or the reporter (see asReporter)
	}
	_, err := tx.ExecContext(tx.Ctx, `INSERT INTO petition_events (petition_id, kind, status, unit_id, actor_id, actor_name, note, public, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		petitionID, kind, string(status), sqldb.NullID(unitID), actorID, name, note, public, tx.Now)
	return err
}

// enqueueMail queues an email in the transaction; the sender delivers it
// after commit (or the demo's outbox page shows it). An empty address is
// skipped. petitionID (0: none) ties the message to a petition, so the
// outbox page hides it from staff the petition concerns; toReporter marks
// a reporter's address, always masked on that page.
func enqueueMail(tx *sqldb.Tx, to, subject, body string, unitID, petitionID int64, toReporter bool) error {
	to = strings.TrimSpace(to)
	if to == "" {
		return nil
	}
	_, err := tx.ExecContext(tx.Ctx, `INSERT INTO outbox (to_addr, subject, body, unit_id, petition_id, to_reporter, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		to, subject, body, sqldb.NullID(unitID), sqldb.NullID(petitionID), toReporter, tx.Now)
	return err
}

// The audit log, the outbox and every list, count, statistic and export of
// petitions hide a petition from the staff it concerns, by this one clause.
func init() { sqldb.RegisterConcealer("petition", conflictClause) }

// The audit log names a petition by its tracking code.
func init() {
	sqldb.RegisterEntityRef("petition", "SELECT tracking_code FROM petitions WHERE id = %s")
}

// conflictClause returns an SQL condition, true when the petition whose id
// is in the column idCol concerns the actor (petition.Viewer.Conflicted):
// it is about their own official record, or their record lies — or lay
// since the petition was submitted — in the subject's unit or below it.
// Such staff never see the petition, its history, its audit events or its
// emails, nor count it. "1=0" when the actor has no official record and
// their account was never linked to one.
func conflictClause(ctx context.Context, q sqldb.Querier, a *congvu.Actor, idCol string, ar *sqldb.Args) (string, error) {
	if a == nil || (a.OfficialID == 0 && a.UserID == 0) {
		return "1=0", nil
	}
	v, err := loadViewer(ctx, q, a)
	if err != nil {
		return "", err
	}
	return concernsClause(v, idCol, ar), nil
}

// concernsClause writes v.Conflicted as SQL over the petition ids in idCol:
// a petition's unit lies above (or is) a unit of v.Concerns exactly when
// its id is in that unit's path, so each concern is a list of unit ids,
// searched through the petitions' (unit, submitted) index.
func concernsClause(v *petition.Viewer, idCol string, ar *sqldb.Args) string {
	var or []string
	if v.OfficialID != 0 {
		or = append(or, "cp.official_id = "+ar.Add(v.OfficialID))
	}
	for _, c := range v.Concerns() {
		ids := sqldb.PathIDs(c.UnitPath)
		if len(ids) == 0 {
			continue
		}
		list := make([]string, len(ids))
		for i, id := range ids {
			list[i] = strconv.FormatInt(id, 10) // from the database's paths
		}
		cond := "cp.unit_id IN (" + strings.Join(list, ",") + ")"
		if !c.Before.IsZero() {
			cond = "(" + cond + " AND cp.submitted_at < " + ar.Add(c.Before.UTC()) + ")"
		}
		or = append(or, cond)
	}
	if len(or) == 0 {
		return "1=0"
	}
	return idCol + " IN (SELECT cp.id FROM petitions cp WHERE " + strings.Join(or, " OR ") + ")"
}

// loadViewer returns the petition viewer of a: with the unit of their
// official record and the units it has left (official_units).
func loadViewer(ctx context.Context, q sqldb.Querier, a *congvu.Actor) (*petition.Viewer, error) {
	v := &petition.Viewer{Actor: a}
	if a.OfficialID != 0 {
		err := q.QueryRowContext(ctx, `SELECT u.path FROM officials o JOIN units u ON u.id = o.unit_id WHERE o.id = $1`, a.OfficialID).Scan(&v.OfficialPath)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		rows, err := q.QueryContext(ctx, `SELECT u.path, m.ended_at FROM official_units m JOIN units u ON u.id = m.unit_id
			WHERE m.official_id = $1 AND m.ended_at IS NOT NULL`, a.OfficialID)
		if err != nil {
			return nil, err
		}
		if err := scanFormer(v, rows, nil); err != nil {
			return nil, err
		}
	}
	if a.UserID == 0 {
		return v, nil
	}
	// The records the account was linked to before (user_officials): every
	// unit such a record lay in while linked concerns the person for the
	// petitions submitted before the link ended.
	rows, err := q.QueryContext(ctx, `SELECT u.path, m.ended_at, l.ended_at FROM user_officials l
		JOIN official_units m ON m.official_id = l.official_id AND m.started_at <= l.ended_at
		JOIN units u ON u.id = m.unit_id
		WHERE l.user_id = $1 AND l.ended_at IS NOT NULL`, a.UserID)
	if err != nil {
		return nil, err
	}
	var unlinked sql.NullTime
	return v, scanFormer(v, rows, &unlinked)
}

// scanFormer appends to v.Former the stays read from rows (unit path, end of
// the stay, and with unlinked the end of the account's link, the earlier of
// both ending the concern), and closes rows.
func scanFormer(v *petition.Viewer, rows *sql.Rows, unlinked *sql.NullTime) error {
	defer rows.Close()
	for rows.Next() {
		var path string
		var ended sql.NullTime
		dest := []any{&path, &ended}
		if unlinked != nil {
			dest = append(dest, unlinked)
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if unlinked != nil && (!ended.Valid || unlinked.Time.Before(ended.Time)) {
			ended = *unlinked
		}
		v.Former = append(v.Former, org.Membership{UnitPath: path, Ended: sqldb.UTCPtr(ended)})
	}
	return rows.Err()
}

// handlerEmails returns the email addresses of the active users who handle
// petitions in the unit with the given path: those holding a handling role
// granted on that very unit or, when there are none, on its nearest
// ancestor that has some; never a user the petition concerns
// (petition.Viewer.Conflicted: its subject, or anyone whose official record
// lies, or lay since it was submitted, in the subject's unit subtree).
func handlerEmails(ctx context.Context, q sqldb.Querier, unitPath string, petitionID int64) ([]string, error) {
	var roles []string
	for _, r := range congvu.Roles {
		probe := congvu.Actor{UserID: 1, Grants: []congvu.Grant{{Role: r, UnitPath: congvu.RootUnitPath}}}
		if probe.Can(congvu.ActPetitionHandle, "") {
			roles = append(roles, string(r))
		}
	}
	p := &petition.Petition{ID: petitionID}
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(p.official_id, 0), u.path, p.submitted_at FROM petitions p JOIN units u ON u.id = p.unit_id WHERE p.id = $1`,
		petitionID).Scan(&p.OfficialID, &p.UnitPath, &p.SubmittedAt); err != nil {
		return nil, err
	}
	var a sqldb.Args
	var ph []string
	for _, r := range roles {
		ph = append(ph, a.Add(r))
	}
	fixed := len(a)
	// The unit and its ancestors, nearest first, read from the path.
	ids := strings.Split(strings.Trim(unitPath, "/"), "/")
	for i := len(ids) - 1; i >= 0; i-- {
		id, err := strconv.ParseInt(ids[i], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("bad unit path %q", unitPath)
		}
		type handler struct {
			email    string
			official int64
			user     int64
		}
		rows, err := q.QueryContext(ctx, `SELECT DISTINCT u.email, COALESCE(u.official_id, 0), u.id FROM users u JOIN user_grants g ON g.user_id = u.id
			WHERE u.active AND u.email <> '' AND g.unit_id = `+a.Add(id)+` AND g.role IN (`+strings.Join(ph, ", ")+`) ORDER BY u.email`, a...)
		a = a[:fixed]
		if err != nil {
			return nil, err
		}
		var found []handler
		for rows.Next() {
			var h handler
			if err := rows.Scan(&h.email, &h.official, &h.user); err != nil {
				rows.Close()
				return nil, err
			}
			found = append(found, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		var out []string
		for _, h := range found {
			v, err := loadViewer(ctx, q, &congvu.Actor{UserID: h.user, OfficialID: h.official})
			if err != nil {
				return nil, err
			}
			if !v.Conflicted(p) && !slices.Contains(out, h.email) {
				out = append(out, h.email)
			}
		}
		if len(out) > 0 {
			return out, nil
		}
	}
	return nil, nil
}
