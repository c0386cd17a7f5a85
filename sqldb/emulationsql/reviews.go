package emulationsql

import (
	"congvu"
	"congvu/commendation"
	"congvu/emulation"
	"congvu/feedback"
	"congvu/sqldb"
	"congvu/vntext"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// figures computes a movement's figures for each year from its first to
// year, as they stand now (set-based per year over the movement's
// subtree).
func (s *EmulationService) figures(ctx context.Context, q sqldb.Querier, m *emulation.Movement, year int) (emulation.ReviewFigures, error) {
	out := emulation.ReviewFigures{Years: []emulation.YearFigures{}}
	for y := m.FromYear; y <= year; y++ {
		f := emulation.YearFigures{Year: y, Index: emulation.NoFigure, InspectionCompliance: emulation.NoFigure, Titles: map[string]int{}, Top: []emulation.Score{}}
		if err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN subject = 'collective' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN subject = 'individual' THEN 1 ELSE 0 END), 0)
			FROM emulation_registrations WHERE movement_id = $1 AND year = $2 AND withdrawn = FALSE`, m.ID, y).Scan(&f.Collectives, &f.Individuals); err != nil {
			return out, s.db.Internal("review registrations", err)
		}
		var t feedback.Tally
		if err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(total), 0), COALESCE(SUM(very_satisfied), 0), COALESCE(SUM(satisfied), 0), COALESCE(SUM(dissatisfied), 0)
			FROM rollup_unit_day WHERE unit_id = $1 AND day >= $2 AND day < $3`, m.UnitID, fmt.Sprintf("%04d-01-01", y), fmt.Sprintf("%04d-01-01", y+1)).
			Scan(&t.Total, &t.VerySatisfied, &t.Satisfied, &t.Dissatisfied); err != nil {
			return out, s.db.Internal("review ratings", err)
		}
		f.Ratings = t.Total
		if t.Total > 0 {
			f.Index = t.Index() // the feedback capability's formula
		}
		var ar sqldb.Args
		scope := sqldb.ScopeClause("u.path", []string{m.UnitPath}, &ar)
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM violations v JOIN units u ON u.id = v.unit_id WHERE `+scope+
			` AND v.status <> 'dismissed' AND v.act_date >= `+ar.Add(fmt.Sprintf("%04d-01-01", y))+` AND v.act_date < `+ar.Add(fmt.Sprintf("%04d-01-01", y+1)),
			ar...).Scan(&f.Violations); err != nil {
			return out, s.db.Internal("review violations", err)
		}
		disc, err := s.disciplinedIn(ctx, m.UnitPath, y)
		if err != nil {
			return out, err
		}
		f.Disciplined = len(disc)
		start, end := commendation.YearBounds(y)
		ar = nil
		scope = sqldb.ScopeClause("u.path", []string{m.UnitPath}, &ar)
		var kept, breached int
		if err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN l.result = 'kept' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN l.result = 'breached' THEN 1 ELSE 0 END), 0)
			FROM inspections i JOIN units u ON u.id = i.target_unit_id JOIN inspection_lines l ON l.inspection_id = i.id
			WHERE `+scope+` AND i.status IN ('recorded', 'concluded', 'closed') AND i.visited_at >= `+ar.Add(start.UTC())+` AND i.visited_at < `+ar.Add(end.UTC()),
			ar...).Scan(&kept, &breached); err != nil {
			return out, s.db.Internal("review inspections", err)
		}
		if kept+breached > 0 {
			f.InspectionCompliance = float64(int64(1000*float64(kept)/float64(kept+breached)+0.5)) / 10
		}
		ar = nil
		scope = sqldb.ScopeClause("u.path", []string{m.UnitPath}, &ar)
		type tc struct {
			title string
			n     int
		}
		titles, err := sqldb.QueryAll(ctx, s.db, q, "review titles", `SELECT p.title, COUNT(*) FROM emulation_title_proposals p JOIN units u ON u.id = p.unit_id
			WHERE `+scope+` AND p.year = `+ar.Add(y)+` AND p.status = 'approved' GROUP BY p.title`, func(sc sqldb.Scanner) (tc, error) {
			var t tc
			return t, sc.Scan(&t.title, &t.n)
		}, ar...)
		if err != nil {
			return out, err
		}
		for _, t := range titles {
			f.Titles[t.title] = t.n
		}
		top, err := sqldb.QueryAll(ctx, s.db, q, "review top", `SELECT `+scoreCols+registrationFrom+` JOIN emulation_scores sc ON sc.registration_id = r.id
			WHERE r.movement_id = $1 AND sc.year = $2 AND r.withdrawn = FALSE AND r.subject = 'collective' ORDER BY sc.total DESC, r.id LIMIT 5`, scanScore, m.ID, y)
		if err != nil {
			return out, err
		}
		for _, x := range top {
			f.Top = append(f.Top, *x)
		}
		out.Years = append(out.Years, f)
	}
	return out, nil
}

// CreateReview makes an interim or final review of an open movement
// (ActEmulationManage at its unit), its figures computed and frozen. See
// emulation.Service.
func (s *EmulationService) CreateReview(ctx context.Context, in emulation.ReviewInput) (*emulation.Review, error) {
	m, err := s.manageable(ctx, in.MovementID)
	if err != nil {
		return nil, err
	}
	if m.Status != emulation.MovementOpen {
		return nil, congvu.Errorf(congvu.ECONFLICT, "Chỉ sơ kết, tổng kết được phong trào đang diễn ra.")
	}
	v := congvu.Validation{}
	if in.Kind != emulation.ReviewInterim && in.Kind != emulation.ReviewFinal {
		v.Add("kind", "Xin chọn sơ kết hoặc tổng kết.")
	}
	if !m.Covers(in.Year) {
		v.Add("year", fmt.Sprintf("Năm phải trong thời gian của phong trào (%d–%d).", m.FromYear, m.ToYear))
	}
	held, ok := congvu.ParseDate(in.HeldOn, time.UTC)
	now := commendation.DateOnly(s.db.Now())
	switch {
	case !ok:
		v.Add("held_on", "Xin nhập ngày tổ chức (dd/mm/yyyy).")
	case held.After(now):
		v.Add("held_on", "Ngày tổ chức không được sau ngày hôm nay.")
	case held.Year() < in.Year:
		v.Add("held_on", "Ngày tổ chức không được trước năm được sơ kết, tổng kết.")
	}
	in.Text = vntext.CleanParagraphs(in.Text)
	if n := utf8.RuneCountInString(in.Text); n < 10 || n > emulation.MaxReviewText {
		v.Add("text", "Xin nhập nội dung đánh giá (từ 10 đến 20.000 ký tự).")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	r := &emulation.Review{MovementID: m.ID, Kind: in.Kind, Year: in.Year, HeldOn: held, Text: in.Text}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if r.Figures, err = s.figures(ctx, tx, m, in.Year); err != nil {
			return err
		}
		body, err := json.Marshal(r.Figures)
		if err != nil {
			return s.db.Internal("review figures", err)
		}
		a := congvu.ActorFromContext(ctx)
		r.CreatedAt, r.CreatedBy = tx.Now, max(a.UserID, 0)
		err = tx.QueryRowContext(ctx, `INSERT INTO emulation_reviews (movement_id, kind, year, held_on, body, figures, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, r.MovementID, string(r.Kind), r.Year, r.HeldOn, r.Text, string(body),
			sqldb.NullID(r.CreatedBy), r.CreatedAt).Scan(&r.ID)
		if sqldb.IsUniqueViolation(err) {
			return congvu.Errorf(congvu.ECONFLICT, "Phong trào đã có %s năm %d.", kindLabel(r.Kind), r.Year)
		}
		if err != nil {
			return s.db.Internal("insert review", err)
		}
		return tx.Audit("emulation.review", "emulation_review", r.ID, m.UnitID, nil, r)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

func kindLabel(k emulation.ReviewKind) string {
	if k == emulation.ReviewFinal {
		return "bản tổng kết"
	}
	return "bản sơ kết"
}

const reviewCols = `id, movement_id, kind, year, held_on, body, figures, COALESCE(created_by, 0), created_at`

func scanReview(sc sqldb.Scanner) (*emulation.Review, error) {
	r := &emulation.Review{}
	var held sql.NullTime
	var figures string
	if err := sc.Scan(&r.ID, &r.MovementID, &r.Kind, &r.Year, &held, &r.Text, &figures, &r.CreatedBy, &r.CreatedAt); err != nil {
		return nil, err
	}
	r.HeldOn, r.CreatedAt = sqldb.NullDate(held), r.CreatedAt.UTC()
	if err := json.Unmarshal([]byte(figures), &r.Figures); err != nil {
		return nil, err
	}
	return r, nil
}

// FindReviews lists a movement's reviews, oldest first. See
// emulation.Service.
func (s *EmulationService) FindReviews(ctx context.Context, movementID int64) ([]*emulation.Review, error) {
	if _, err := s.FindMovement(ctx, movementID); err != nil {
		return nil, err
	}
	list, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "reviews", `SELECT `+reviewCols+` FROM emulation_reviews WHERE movement_id = $1 ORDER BY year, kind DESC, id`,
		scanReview, movementID)
	if list == nil && err == nil {
		list = []*emulation.Review{}
	}
	return list, err
}

// FindReview returns one review of a movement the actor reads. See
// emulation.Service.
func (s *EmulationService) FindReview(ctx context.Context, id int64) (*emulation.Review, error) {
	if congvu.ActorFromContext(ctx).IsAnonymous() {
		return nil, errUnauth()
	}
	r, err := scanReview(s.db.Read.QueryRowContext(ctx, `SELECT `+reviewCols+` FROM emulation_reviews WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy bản sơ kết, tổng kết.")
	}
	if err != nil {
		return nil, s.db.Internal("load review", err)
	}
	if _, err := s.FindMovement(ctx, r.MovementID); err != nil {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy bản sơ kết, tổng kết.")
	}
	return r, nil
}
