package emulationsql

import (
	"congvu"
	"congvu/emulation"
	"congvu/sqldb"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ownUnit is the unit of the actor's official record, 0 when none.
func (s *EmulationService) ownUnit(ctx context.Context, a *congvu.Actor) (int64, error) {
	if a == nil || a.OfficialID == 0 {
		return 0, nil
	}
	var id int64
	err := s.db.Read.QueryRowContext(ctx, `SELECT unit_id FROM officials WHERE id = $1`, a.OfficialID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, s.db.Internal("own unit", err)
	}
	return id, nil
}

// ScoreByHand scores a manual criterion of a registration with a reason
// (ActEmulationScore over its unit; never one's own unit or oneself). See
// emulation.Service.
func (s *EmulationService) ScoreByHand(ctx context.Context, in emulation.HandScoreInput) (*emulation.Score, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errUnauth()
	}
	r, err := s.loadRegistration(ctx, s.db.Read, in.RegistrationID)
	if err != nil {
		return nil, err
	}
	if !a.Can(congvu.ActEmulationView, r.UnitPath) {
		return nil, errNoRegistration()
	}
	if !a.Can(congvu.ActEmulationScore, r.UnitPath) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền chấm điểm thi đua cho đơn vị, cán bộ này.")
	}
	own, err := s.ownUnit(ctx, a)
	if err != nil {
		return nil, err
	}
	if emulation.OwnSubject(a, own, r.Subject, r.UnitID, r.OfficialID) {
		return nil, emulation.ErrOwnSubject()
	}
	if in.Year == 0 {
		in.Year = r.Year
	}
	if in.Year != r.Year {
		return nil, congvu.FieldError("year", "Năm chấm điểm không khớp với năm đăng ký.")
	}
	if r.Withdrawn {
		return nil, congvu.Errorf(congvu.ECONFLICT, "Đăng ký đã được rút.")
	}
	m, err := s.loadMovement(ctx, s.db.Read, r.MovementID)
	if err != nil {
		return nil, err
	}
	if m.Status != emulation.MovementOpen {
		return nil, congvu.Errorf(congvu.ECONFLICT, "Chỉ chấm điểm được khi phong trào đang diễn ra.")
	}
	var c *emulation.Criterion
	for i := range m.Criteria {
		if m.Criteria[i].ID == in.CriterionID && m.Criteria[i].Subject == r.Subject {
			c = &m.Criteria[i]
		}
	}
	if c == nil {
		return nil, congvu.FieldError("criterion_id", "Không tìm thấy tiêu chí của phong trào cho đăng ký này.")
	}
	if err := emulation.HandScore(*c, in.Points, &in.Reason); err != nil {
		return nil, err
	}
	points := roundPoints(in.Points)
	why := fmt.Sprintf("Chấm trực tiếp: %s/%s điểm.", emulation.Num(points), emulation.Num(c.Weight))
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := s.lockMovement(ctx, tx, m.ID); err != nil {
			return err
		}
		var before any
		var old struct {
			points float64
			reason string
		}
		switch err := tx.QueryRowContext(ctx, `SELECT points, reason FROM emulation_score_lines WHERE registration_id = $1 AND year = $2 AND criterion_id = $3`,
			r.ID, in.Year, c.ID).Scan(&old.points, &old.reason); {
		case err == nil:
			before = map[string]any{"points": old.points, "reason": old.reason}
		case !errors.Is(err, sql.ErrNoRows):
			return s.db.Internal("old hand score", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO emulation_score_lines (registration_id, year, criterion_id, value, points, explanation, evidence,
			manual, reason, scored_by, scored_at) VALUES ($1, $2, $3, $4, $4, $5, '', TRUE, $6, $7, $8)
			ON CONFLICT (registration_id, year, criterion_id) DO UPDATE SET value = excluded.value, points = excluded.points,
			explanation = excluded.explanation, evidence = '', manual = TRUE, reason = excluded.reason, scored_by = excluded.scored_by, scored_at = excluded.scored_at`,
			r.ID, in.Year, c.ID, points, why, in.Reason, sqldb.NullID(max(a.UserID, 0)), tx.Now); err != nil {
			return s.db.Internal("hand score", err)
		}
		if err := s.rank(ctx, tx, m.ID, in.Year); err != nil {
			return err
		}
		return tx.Audit("emulation.score", "emulation_registration", r.ID, r.UnitID, before,
			map[string]any{"criterion": c.Code, "year": in.Year, "points": points, "reason": in.Reason})
	})
	if err != nil {
		return nil, err
	}
	return s.explain(ctx, s.db.Read, r, m, in.Year)
}

const scoreCols = `r.id, r.subject, r.unit_id, u.name, COALESCE(r.official_id, 0), COALESCE(o.full_name, ''), COALESCE(cu.cluster_id, 0),
	sc.year, sc.total, sc.max, sc.rank, sc.rank_of, sc.computed_at, u.path`

// scoreRow is a score with its unit's path, for the readers' checks.
type scoreRow struct {
	*emulation.Score
	path string
}

func scanScoreRow(sc sqldb.Scanner) (scoreRow, error) {
	x := &emulation.Score{Lines: []emulation.ScoreLine{}}
	var path string
	err := sc.Scan(&x.RegistrationID, &x.Subject, &x.UnitID, &x.UnitName, &x.OfficialID, &x.OfficialName, &x.ClusterID, &x.Year, &x.Total, &x.Max,
		&x.Rank, &x.RankOf, &x.ComputedAt, &path)
	x.ComputedAt = x.ComputedAt.UTC()
	return scoreRow{x, path}, err
}

func scanScore(sc sqldb.Scanner) (*emulation.Score, error) {
	r, err := scanScoreRow(sc)
	return r.Score, err
}

// redact hides, from a reader who may not read the official's
// evaluation (ActEvaluationView over the unit; the official themself),
// the classification an individual's line rests on: the evaluation is
// personal (administrators and inspectors read emulation, not
// evaluations). The points stay: they are the score.
// Likewise an individual's violations and discipline for a reader who may
// not read violations (ActViolationView).
func redact(a *congvu.Actor, x *emulation.Score, path string) {
	if x.Subject != emulation.Individual || (a.OfficialID != 0 && a.OfficialID == x.OfficialID) {
		return
	}
	evaluations, violations := a.Can(congvu.ActEvaluationView, path), a.Can(congvu.ActViolationView, path)
	for i := range x.Lines {
		l := &x.Lines[i]
		switch {
		case l.Source == emulation.SourceEvaluation && !evaluations:
			l.Value, l.Evidence = emulation.NoFigure, nil
			l.Explanation = "Xếp loại chất lượng là thông tin cá nhân: chỉ người có thẩm quyền xem đánh giá, xếp loại mới xem được căn cứ."
		case l.Source == emulation.SourceViolations && !violations:
			l.Value, l.Evidence = emulation.NoFigure, nil
			l.Explanation = "Vi phạm, kỷ luật là thông tin cá nhân: chỉ người có thẩm quyền xem vi phạm mới xem được căn cứ."
		}
	}
}

// lines reads the score lines of registrations of a year, by registration.
func (s *EmulationService) lines(ctx context.Context, q sqldb.Querier, where string, args ...any) (map[int64][]emulation.ScoreLine, error) {
	type row struct {
		reg int64
		l   emulation.ScoreLine
	}
	rows, err := sqldb.QueryAll(ctx, s.db, q, "score lines", `SELECT l.registration_id, l.criterion_id, c.code, c.label, c.source, l.value, l.points, c.weight,
		l.explanation, l.evidence, l.manual, l.reason, COALESCE(l.scored_by, 0)
		FROM emulation_score_lines l JOIN emulation_criteria c ON c.id = l.criterion_id WHERE `+where+` ORDER BY l.registration_id, c.position, c.id`,
		func(sc sqldb.Scanner) (row, error) {
			var r row
			var ev string
			err := sc.Scan(&r.reg, &r.l.CriterionID, &r.l.Code, &r.l.Label, &r.l.Source, &r.l.Value, &r.l.Points, &r.l.Max, &r.l.Explanation, &ev,
				&r.l.Manual, &r.l.Reason, &r.l.ScoredBy)
			r.l.Evidence = strings.Fields(ev)
			return r, err
		}, args...)
	if err != nil {
		return nil, err
	}
	out := map[int64][]emulation.ScoreLine{}
	for _, r := range rows {
		out[r.reg] = append(out[r.reg], r.l)
	}
	return out, nil
}

// withManual completes lines with the manual criteria not scored yet.
func withManual(ls []emulation.ScoreLine, cs []emulation.Criterion) []emulation.ScoreLine {
	out := []emulation.ScoreLine{}
	for _, c := range cs {
		i := slices.IndexFunc(ls, func(l emulation.ScoreLine) bool { return l.CriterionID == c.ID })
		if i >= 0 {
			out = append(out, ls[i])
			continue
		}
		why := "Chưa tính điểm."
		if c.Source == emulation.SourceManual {
			why = "Chưa chấm trực tiếp: 0/" + emulation.Num(c.Weight) + " điểm."
		}
		out = append(out, emulation.ScoreLine{CriterionID: c.ID, Code: c.Code, Label: c.Label, Source: c.Source, Value: emulation.NoFigure,
			Max: c.Weight, Explanation: why, Manual: c.Source == emulation.SourceManual})
	}
	return out
}

func (s *EmulationService) explain(ctx context.Context, q sqldb.Querier, r *emulation.Registration, m *emulation.Movement, year int) (*emulation.Score, error) {
	x, err := scanScore(q.QueryRowContext(ctx, `SELECT `+scoreCols+registrationFrom+` JOIN emulation_scores sc ON sc.registration_id = r.id
		WHERE r.id = $1 AND sc.year = $2`, r.ID, year))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Chưa tính điểm thi đua năm %d cho đăng ký này.", year)
	}
	if err != nil {
		return nil, s.db.Internal("load score", err)
	}
	ls, err := s.lines(ctx, q, "l.registration_id = $1 AND l.year = $2", r.ID, year)
	if err != nil {
		return nil, err
	}
	x.Lines = withManual(ls[r.ID], m.CriteriaOf(r.Subject))
	redact(congvu.ActorFromContext(ctx), x, r.UnitPath)
	return x, nil
}

// Explain returns a registration's score line by line (ActEmulationView
// over its unit). See emulation.Service.
func (s *EmulationService) Explain(ctx context.Context, registrationID int64, year int) (*emulation.Score, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errUnauth()
	}
	r, err := s.loadRegistration(ctx, s.db.Read, registrationID)
	if err != nil {
		return nil, err
	}
	if !a.Can(congvu.ActEmulationView, r.UnitPath) {
		return nil, errNoRegistration()
	}
	if year == 0 {
		year = r.Year
	}
	m, err := s.loadMovement(ctx, s.db.Read, r.MovementID)
	if err != nil {
		return nil, err
	}
	return s.explain(ctx, s.db.Read, r, m, year)
}

// Ranking lists the scores of a movement's year, subject and cluster the
// actor reads, best first. See emulation.Service.
func (s *EmulationService) Ranking(ctx context.Context, f emulation.RankingFilter) ([]*emulation.Score, error) {
	a := congvu.ActorFromContext(ctx)
	m, err := s.FindMovement(ctx, f.MovementID)
	if err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 1000
	}
	var ar sqldb.Args
	where := []string{"r.movement_id = " + ar.Add(m.ID), "sc.year = " + ar.Add(f.Year), "r.withdrawn = FALSE",
		sqldb.ScopeClause("u.path", a.Scopes(congvu.ActEmulationView), &ar)}
	if f.Subject != "" {
		if !f.Subject.Valid() {
			return nil, congvu.FieldError("subject", "Xin chọn tập thể hay cá nhân.")
		}
		where = append(where, "r.subject = "+ar.Add(string(f.Subject)))
	}
	if f.ClusterID != 0 {
		where = append(where, "cu.cluster_id = "+ar.Add(f.ClusterID))
	}
	rows, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "ranking", `SELECT `+scoreCols+registrationFrom+` JOIN emulation_scores sc ON sc.registration_id = r.id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY r.subject, COALESCE(cu.cluster_id, 0), sc.rank, sc.total DESC, r.id LIMIT `+ar.Add(f.Limit), scanScoreRow, ar...)
	if err != nil {
		return nil, err
	}
	ls, err := s.lines(ctx, s.db.Read, "l.year = $2 AND l.registration_id IN (SELECT id FROM emulation_registrations WHERE movement_id = $1 AND year = $2)", m.ID, f.Year)
	if err != nil {
		return nil, err
	}
	list := make([]*emulation.Score, len(rows))
	for i, x := range rows {
		x.Lines = withManual(ls[x.RegistrationID], m.CriteriaOf(x.Subject))
		redact(a, x.Score, x.path)
		list[i] = x.Score
	}
	return list, nil
}
