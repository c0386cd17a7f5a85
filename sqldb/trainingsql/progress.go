package trainingsql

import (
	"congvu/sqldb"
	"congvu/training"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The progress step. Every step of an official's training (attendance by
// QR code, marked, online study, a quiz attempt) calls progress inside its
// transaction; it keeps three things right together:
//   - training_assignments: the official's row in the campaign (first
//     attendance, first pass, attempts, best score, completion by
//     training.Complete, once, with the campaign's hours);
//   - training_official_years: the official's year (assignments required,
//     complete, passed, with a quiz, hours);
//   - training_rollups: for the assignment's unit and every ancestor, the
//     campaign's row (campaign_id > 0: assignments) and the year's row
//     (campaign_id = 0: distinct officials, complete by
//     training.YearComplete, passed by training.YearPassed).
// Opening a campaign (assign) writes the same three set-based.

// delta is a change of a rollup row's counts.
type delta struct{ assigned, completed, passed int }

func (d delta) zero() bool { return d == delta{} }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// rollupBatch bounds the rows of one upsert statement.
const rollupBatch = 300

// addRollups adds each unit's delta (units by path) to the rows of the
// unit and of every ancestor, for the year and the campaign (0: the
// year's row), in unit id order (the order every writer locks rows in).
func addRollups(tx *sqldb.Tx, year int, campaignID int64, byPath map[string]delta) error {
	sum := map[int64]delta{}
	for path, d := range byPath {
		if d.zero() {
			continue
		}
		for _, id := range sqldb.PathIDs(path) {
			x := sum[id]
			x.assigned, x.completed, x.passed = x.assigned+d.assigned, x.completed+d.completed, x.passed+d.passed
			sum[id] = x
		}
	}
	ids := make([]int64, 0, len(sum))
	for id, d := range sum {
		if !d.zero() {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for len(ids) > 0 {
		n := min(len(ids), rollupBatch)
		var sb strings.Builder
		var args sqldb.Args
		y, c := args.Add(year), args.Add(campaignID)
		for i, id := range ids[:n] {
			if i > 0 {
				sb.WriteString(", ")
			}
			d := sum[id]
			fmt.Fprintf(&sb, "(%s, %s, %s, %s, %s, %s)", args.Add(id), y, c, args.Add(d.assigned), args.Add(d.completed), args.Add(d.passed))
		}
		if _, err := tx.ExecContext(tx.Ctx, `INSERT INTO training_rollups (unit_id, year, campaign_id, assigned, completed, passed) VALUES `+
			sb.String()+` ON CONFLICT (unit_id, year, campaign_id) DO UPDATE SET `+
			sqldb.AddExcluded("training_rollups", "assigned", "completed", "passed"), args...); err != nil {
			return tx.DB.Internal("training rollups", err)
		}
		ids = ids[n:]
	}
	return nil
}

// RecordQuiz records a submitted quiz attempt of the official in the
// campaign, in the quiz's transaction: the attempt counts, the best score
// is kept, a pass sticks and may complete the assignment (training.Apply).
// EFORBIDDEN when the official holds no assignment of the campaign.
func (s *Service) RecordQuiz(tx *sqldb.Tx, campaignID, officialID int64, score int, passed bool, at time.Time) error {
	ev := training.Event{Attempted: true, Score: score}
	if passed {
		t := at.UTC()
		ev.Passed = &t
	}
	return s.progress(tx, campaignID, officialID, ev)
}

// progress applies ev to the official's assignment in the campaign and
// keeps the official's year and the rollups right, in tx. EFORBIDDEN when
// the official holds no assignment of the campaign.
func (s *Service) progress(tx *sqldb.Tx, campaignID, officialID int64, ev training.Event) error {
	ctx := tx.Ctx
	c := &training.Campaign{ID: campaignID}
	var year int
	var path string
	var attended, passedAt, completed sql.NullTime
	before := training.Assignment{CampaignID: campaignID, OfficialID: officialID}
	// The assignment is locked (PostgreSQL; SQLite has one writer): two
	// steps of one official at once must not both complete it.
	lock := ""
	if tx.DB.Engine == sqldb.Postgres {
		lock = " FOR UPDATE OF a"
	}
	err := tx.QueryRowContext(ctx, `SELECT c.quiz_questions, c.hours, c.year, a.unit_id, u.path, a.attended_at, a.passed_at, a.attempts,
		a.best_score, a.completed_at, a.hours
		FROM training_assignments a JOIN training_campaigns c ON c.id = a.campaign_id JOIN units u ON u.id = a.unit_id
		WHERE a.campaign_id = $1 AND a.official_id = $2`+lock, campaignID, officialID).Scan(&c.QuizQuestions, &c.Hours, &year,
		&before.UnitID, &path, &attended, &passedAt, &before.Attempts, &before.BestScore, &completed, &before.Hours)
	if isNoRows(err) {
		return errNotAudience()
	}
	if err != nil {
		return s.db.Internal("load training assignment", err)
	}
	before.AttendedAt, before.PassedAt, before.CompletedAt = sqldb.UTCPtr(attended), sqldb.UTCPtr(passedAt), sqldb.UTCPtr(completed)
	after := training.Apply(c, before, ev, tx.Now)
	if _, err := tx.ExecContext(ctx, `UPDATE training_assignments SET attended_at = $1, passed_at = $2, attempts = $3, best_score = $4,
		completed_at = $5, hours = $6 WHERE campaign_id = $7 AND official_id = $8`,
		nullTime(after.AttendedAt), nullTime(after.PassedAt), after.Attempts, after.BestScore, nullTime(after.CompletedAt), after.Hours,
		campaignID, officialID); err != nil {
		return s.db.Internal("update training assignment", err)
	}
	d := delta{completed: b2i(after.CompletedAt != nil) - b2i(before.CompletedAt != nil),
		passed: b2i(after.PassedAt != nil) - b2i(before.PassedAt != nil)}
	if d.zero() {
		return nil
	}
	if err := addRollups(tx, year, campaignID, map[string]delta{path: d}); err != nil {
		return err
	}
	// The year's row is changed first and read back: the update locks it,
	// so the flags before and after are those of this step alone even when
	// the official progresses in two campaigns at once.
	var unit int64
	var req, done, passed, quizzes int
	err = tx.QueryRowContext(ctx, `UPDATE training_official_years SET completed = completed + $1, passed = passed + $2, hours = hours + $3
		WHERE official_id = $4 AND year = $5 RETURNING unit_id, required, completed, passed, quizzes`,
		d.completed, d.passed, after.Hours-before.Hours, officialID, year).Scan(&unit, &req, &done, &passed, &quizzes)
	if err != nil {
		return s.db.Internal("update training year", err)
	}
	done, passed = done-d.completed, passed-d.passed // as they were
	var yPath string
	if err := tx.QueryRowContext(ctx, `SELECT path FROM units WHERE id = $1`, unit).Scan(&yPath); err != nil {
		return s.db.Internal("training year unit", err)
	}
	yd := delta{
		completed: b2i(training.YearComplete(req, done+d.completed)) - b2i(training.YearComplete(req, done)),
		passed:    b2i(training.YearPassed(quizzes, passed+d.passed)) - b2i(training.YearPassed(quizzes, passed)),
	}
	return addRollups(tx, year, 0, map[string]delta{yPath: yd})
}

// assign opens campaign c set-based: it inserts the assignments of its
// audience (the active officials of its unit's subtree on that day: all,
// those whose record began on or after NewSince, or those named), creates
// or bumps their years and adds the rollups, and returns how many it
// assigned. A national campaign of two million officials is a handful of
// statements, not a loop.
func (s *Service) assign(tx *sqldb.Tx, c *training.Campaign) (int, error) {
	ctx := tx.Ctx
	var args sqldb.Args
	id := args.Add(c.ID)
	q := `INSERT INTO training_assignments (campaign_id, official_id, unit_id, year)
		SELECT ` + id + `, o.id, o.unit_id, ` + args.Add(c.Year()) + ` FROM officials o JOIN units u ON u.id = o.unit_id
		WHERE o.active AND ` + sqldb.ScopeClause("u.path", []string{c.UnitPath}, &args)
	switch c.Audience {
	case training.AudienceNew:
		q += ` AND o.created_at >= ` + args.Add(c.NewSince.UTC())
	case training.AudienceNamed:
		q += ` AND o.id IN (SELECT official_id FROM training_campaign_officials WHERE campaign_id = ` + id + `)`
	}
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, s.db.Internal("assign training", err)
	}
	n, _ := res.RowsAffected()
	if n == 0 {
		return 0, nil
	}
	// The year's rows, read before the years change: an official new to
	// the year is one more required; one complete (or passed every quiz)
	// is no longer, having a new assignment (with a quiz).
	quiz := c.QuizQuestions > 0
	rows, err := tx.QueryContext(ctx, `SELECT COALESCE(yu.path, u.path),
		SUM(CASE WHEN y.official_id IS NULL OR y.required = 0 THEN 1 ELSE 0 END),
		SUM(CASE WHEN y.required > 0 AND y.completed >= y.required THEN 1 ELSE 0 END),
		SUM(CASE WHEN y.quizzes > 0 AND y.passed >= y.quizzes THEN 1 ELSE 0 END)
		FROM training_assignments a JOIN units u ON u.id = a.unit_id
		LEFT JOIN training_official_years y ON y.official_id = a.official_id AND y.year = a.year
		LEFT JOIN units yu ON yu.id = y.unit_id
		WHERE a.campaign_id = $1 GROUP BY COALESCE(yu.path, u.path)`, c.ID)
	if err != nil {
		return 0, s.db.Internal("training year deltas", err)
	}
	years := map[string]delta{}
	for rows.Next() {
		var path string
		var fresh, wasComplete, wasPassed int
		if err := rows.Scan(&path, &fresh, &wasComplete, &wasPassed); err != nil {
			rows.Close()
			return 0, s.db.Internal("training year deltas", err)
		}
		d := delta{assigned: fresh, completed: -wasComplete}
		if quiz {
			d.passed = -wasPassed
		}
		years[path] = d
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, s.db.Internal("training year deltas", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO training_official_years (official_id, year, unit_id, required, completed, passed, hours, quizzes)
		SELECT a.official_id, a.year, a.unit_id, 1, 0, 0, 0, $2 FROM training_assignments a WHERE a.campaign_id = $1
		ON CONFLICT (official_id, year) DO UPDATE SET required = training_official_years.required + 1,
		quizzes = training_official_years.quizzes + excluded.quizzes`, c.ID, b2i(quiz)); err != nil {
		return 0, s.db.Internal("training years", err)
	}
	campaign := map[string]delta{}
	rows, err = tx.QueryContext(ctx, `SELECT u.path, COUNT(*) FROM training_assignments a JOIN units u ON u.id = a.unit_id
		WHERE a.campaign_id = $1 GROUP BY u.path`, c.ID)
	if err != nil {
		return 0, s.db.Internal("training campaign counts", err)
	}
	for rows.Next() {
		var path string
		var k int
		if err := rows.Scan(&path, &k); err != nil {
			rows.Close()
			return 0, s.db.Internal("training campaign counts", err)
		}
		campaign[path] = delta{assigned: k}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, s.db.Internal("training campaign counts", err)
	}
	if err := addRollups(tx, c.Year(), c.ID, campaign); err != nil {
		return 0, err
	}
	return int(n), addRollups(tx, c.Year(), 0, years)
}

func init() { sqldb.RegisterUnitMove("training", moveRollups) }

// moveRollups keeps the subtree rollups right when unit unitID (with its
// subtree) moves from under oldAncestors to under newAncestors (see
// sqldb.UnitMoveHook): the unit's rows of the years from from's year on
// are subtracted from each old ancestor that is not a new one and added to
// each new one that was not an old one. Training counts by year, so the
// year of the restructuring follows the unit whole; earlier years stay
// with the tree as it stood.
func moveRollups(ctx context.Context, tx *sqldb.Tx, unitID int64, oldAncestors, newAncestors []int64, from time.Time) error {
	for _, c := range sqldb.AncestorMoves(unitID, oldAncestors, newAncestors) {
		sg := c.Sign
		if _, err := tx.ExecContext(ctx, `INSERT INTO training_rollups (unit_id, year, campaign_id, assigned, completed, passed)
			SELECT CAST($1 AS BIGINT), year, campaign_id, `+sg+`assigned, `+sg+`completed, `+sg+`passed
			FROM training_rollups WHERE unit_id = $2 AND year >= $3
			ON CONFLICT (unit_id, year, campaign_id) DO UPDATE SET `+sqldb.AddExcluded("training_rollups", "assigned", "completed", "passed"),
			c.ID, unitID, from.Year()); err != nil {
			return tx.DB.Internal("move training rollups", err)
		}
	}
	return nil
}
