package trainingsql

import (
	"congvu"
	"congvu/sqldb"
	"congvu/training"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math/rand/v2"
)

func errNoAttempt() error {
	return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy bài kiểm tra.")
}

// quizTaker is the actor's official record, for taking a quiz.
func quizTaker(a *congvu.Actor) (int64, error) {
	if a.IsAnonymous() {
		return 0, errSignIn()
	}
	if a.OfficialID == 0 {
		return 0, congvu.Errorf(congvu.EFORBIDDEN, "Tài khoản của anh/chị chưa gắn với hồ sơ cán bộ nên không làm bài kiểm tra được.")
	}
	return a.OfficialID, nil
}

const attemptCols = `id, campaign_id, official_id, number, question_ids, answers, score, passed, started_at, submitted_at`

// storedAttempt is an attempt as stored: the drawn questions by id.
type storedAttempt struct {
	training.Attempt
	ids []int64
}

func scanAttempt(sc sqldb.Scanner) (*storedAttempt, error) {
	a := &storedAttempt{}
	var ids, answers string
	var submitted sql.NullTime
	if err := sc.Scan(&a.ID, &a.CampaignID, &a.OfficialID, &a.Number, &ids, &answers, &a.Score, &a.Passed, &a.StartedAt, &submitted); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(ids), &a.ids); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(answers), &a.Answers); err != nil {
		return nil, err
	}
	a.StartedAt = a.StartedAt.UTC()
	a.SubmittedAt = sqldb.UTCPtr(submitted)
	return a, nil
}

func (s *QuizService) loadAttempt(ctx context.Context, q sqldb.Querier, where string, args ...any) (*storedAttempt, error) {
	a, err := scanAttempt(q.QueryRowContext(ctx, `SELECT `+attemptCols+` FROM training_attempts WHERE `+where, args...))
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, s.db.Internal("load attempt", err)
	}
	return a, nil
}

// full returns the attempt with its questions (qs when the caller read
// them already, else read here), graded when submitted (Correct, and Key
// when training.KeyShown allows), else without any right answer
// (ForAnswering).
func (s *QuizService) full(ctx context.Context, q sqldb.Querier, st *storedAttempt, c *training.Campaign, qs []training.Question) (*training.Attempt, error) {
	if qs == nil {
		var err error
		if qs, err = s.questionsByID(ctx, q, st.ids); err != nil {
			return nil, err
		}
	}
	a := st.Attempt
	a.Questions, a.PassMark = qs, c.PassMark
	if a.SubmittedAt == nil {
		a.Answers = nil
		return a.ForAnswering(), nil
	}
	a.Answers = training.NormalizeAnswers(a.Answers, qs)
	a.Correct = make([]bool, len(qs))
	a.Key = make([]int, len(qs))
	for i, qu := range qs {
		a.Key[i] = qu.Answer
		a.Correct[i] = a.Answers[i] == qu.Answer
	}
	shown, err := s.keyShown(ctx, q, c, st.OfficialID)
	if err != nil {
		return nil, err
	}
	if !shown {
		return a.WithoutKey(), nil
	}
	return &a, nil
}

// keyShown applies training.KeyShown to the official's attempts of c.
func (s *QuizService) keyShown(ctx context.Context, q sqldb.Querier, c *training.Campaign, official int64) (bool, error) {
	var used, submitted, passed int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(submitted_at), COALESCE(MAX(CASE WHEN passed THEN 1 ELSE 0 END), 0)
		FROM training_attempts WHERE campaign_id = $1 AND official_id = $2`, c.ID, official).Scan(&used, &submitted, &passed); err != nil {
		return false, s.db.Internal("attempts of the official", err)
	}
	return training.KeyShown(c, passed == 1, used, used > submitted), nil
}

// assignmentState is what the quiz needs of an official's assignment.
type assignmentState struct {
	unitID   int64
	passed   bool
	leader   bool
	attended bool
}

// assignment reads the official's assignment of the campaign;
// EFORBIDDEN without one.
func (s *QuizService) assignment(ctx context.Context, q sqldb.Querier, campaignID, officialID int64) (*assignmentState, error) {
	var st assignmentState
	var passed, attended sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT a.unit_id, a.passed_at, a.attended_at, o.is_leader FROM training_assignments a
		JOIN officials o ON o.id = a.official_id WHERE a.campaign_id = $1 AND a.official_id = $2`, campaignID, officialID).
		Scan(&st.unitID, &passed, &attended, &st.leader)
	if isNoRows(err) {
		return nil, errNotAudience()
	}
	if err != nil {
		return nil, s.db.Internal("quiz assignment", err)
	}
	st.passed, st.attended = passed.Valid, attended.Valid
	return &st, nil
}

// bank is what the draw needs of the campaign's bank: the id and item of
// each active question on the items of its catalog version (all versions
// when it has none) that bind the official (items for leaders only to
// leaders). The drawn questions are read whole afterwards.
func (s *QuizService) bank(ctx context.Context, q sqldb.Querier, c *training.Campaign, leader bool) ([]*training.Question, error) {
	var args sqldb.Args
	items := `SELECT i.code FROM standard_items i WHERE (i.applies_to = 'all' OR ` + args.Add(leader) + `)`
	if c.CatalogVersionID > 0 {
		items += ` AND i.version_id = ` + args.Add(c.CatalogVersionID)
	}
	return sqldb.QueryAll(ctx, s.db, q, "quiz bank", `SELECT id, item_code FROM training_questions
		WHERE active = TRUE AND item_code IN (`+items+`) ORDER BY id`, func(sc sqldb.Scanner) (*training.Question, error) {
		qu := &training.Question{Active: true}
		return qu, sc.Scan(&qu.ID, &qu.ItemCode)
	}, args...)
}

// errRetry says a concurrent start took the attempt's number: read again.
var errRetry = errors.New("attempt number taken")

// StartAttempt returns the official's attempt in progress, or draws a new
// one within the attempts allowed. Reloading the page returns the same
// attempt and the same questions: a new draw needs a submission. See
// training.QuizService.
func (s *QuizService) StartAttempt(ctx context.Context, campaignID int64) (*training.Attempt, error) {
	official, err := quizTaker(congvu.ActorFromContext(ctx))
	if err != nil {
		return nil, err
	}
	if err := s.ensureBank(ctx); err != nil {
		return nil, err
	}
	for range 3 {
		a, err := s.startAttempt(ctx, campaignID, official)
		if !errors.Is(err, errRetry) {
			return a, err
		}
	}
	return nil, s.db.Internal("start attempt", errRetry)
}

func (s *QuizService) startAttempt(ctx context.Context, campaignID, official int64) (*training.Attempt, error) {
	var out *training.Attempt
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		c, err := s.svc.loadCampaign(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		st, err := s.assignment(ctx, tx, campaignID, official)
		if err != nil {
			if c.Status == training.CampaignDraft {
				return errNoCampaign()
			}
			return err
		}
		if err := training.QuizOpen(c); err != nil {
			return err
		}
		open, err := s.loadAttempt(ctx, tx, `campaign_id = $1 AND official_id = $2 AND submitted_at IS NULL ORDER BY number DESC LIMIT 1`, campaignID, official)
		if err != nil {
			return err
		}
		if open != nil {
			out, err = s.full(ctx, tx, open, c, nil)
			return err
		}
		var used int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM training_attempts WHERE campaign_id = $1 AND official_id = $2`, campaignID, official).Scan(&used); err != nil {
			return s.db.Internal("count attempts", err)
		}
		if err := training.CanAttempt(c, used, st.passed); err != nil {
			return err
		}
		bank, err := s.bank(ctx, tx, c, st.leader)
		if err != nil {
			return err
		}
		drawn := training.Draw(bank, c.QuizQuestions, rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())))
		if len(drawn) == 0 {
			return congvu.Errorf(congvu.ECONFLICT, "Ngân hàng câu hỏi chưa có câu hỏi cho đợt bồi dưỡng này: xin báo đơn vị tổ chức.")
		}
		ids := make([]int64, len(drawn))
		for i, q := range drawn {
			ids[i] = q.ID
		}
		idsJSON, _ := json.Marshal(ids)
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO training_attempts (campaign_id, official_id, number, question_ids, answers, started_at)
			VALUES ($1, $2, $3, $4, '[]', $5) RETURNING id`, campaignID, official, used+1, string(idsJSON), tx.Now).Scan(&id)
		if sqldb.IsUniqueViolation(err) {
			return errRetry // a start in another request won: return its attempt
		}
		if err != nil {
			return s.db.Internal("insert attempt", err)
		}
		if err := tx.Audit("training.attempt.start", "training_attempt", id, st.unitID, nil,
			map[string]any{"campaign_id": campaignID, "official_id": official, "number": used + 1, "questions": len(ids)}); err != nil {
			return err
		}
		out, err = s.full(ctx, tx, &storedAttempt{Attempt: training.Attempt{ID: id, CampaignID: campaignID, OfficialID: official,
			Number: used + 1, StartedAt: tx.Now}, ids: ids}, c, nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SubmitAttempt grades the official's own attempt while the campaign is
// open and records it through the progress step; an attempt submitted
// already is returned as it was (a second submission changes nothing).
// See training.QuizService.
func (s *QuizService) SubmitAttempt(ctx context.Context, attemptID int64, answers []int) (*training.Attempt, error) {
	official, err := quizTaker(congvu.ActorFromContext(ctx))
	if err != nil {
		return nil, err
	}
	var out *training.Attempt
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		st, err := s.loadAttempt(ctx, tx, `id = $1 AND official_id = $2`, attemptID, official)
		if err != nil {
			return err
		}
		if st == nil {
			return errNoAttempt()
		}
		c, err := s.svc.loadCampaign(ctx, tx, st.CampaignID)
		if err != nil {
			return err
		}
		if st.SubmittedAt != nil {
			out, err = s.full(ctx, tx, st, c, nil)
			return err
		}
		if err := training.QuizOpen(c); err != nil {
			return err
		}
		as, err := s.assignment(ctx, tx, st.CampaignID, official)
		if err != nil {
			return err
		}
		a := st.Attempt
		if a.Questions, err = s.questionsByID(ctx, tx, st.ids); err != nil {
			return err
		}
		a.PassMark = c.PassMark
		a.Answers = training.NormalizeAnswers(answers, a.Questions)
		score, passed := training.Grade(&a)
		answersJSON, _ := json.Marshal(a.Answers)
		res, err := tx.ExecContext(ctx, `UPDATE training_attempts SET answers = $1, score = $2, passed = $3, submitted_at = $4
			WHERE id = $5 AND submitted_at IS NULL`, string(answersJSON), score, passed, tx.Now, a.ID)
		if err != nil {
			return s.db.Internal("submit attempt", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return s.db.Internal("submit attempt", errors.New("attempt submitted concurrently"))
		}
		if err := s.insertItems(tx, &a); err != nil {
			return err
		}
		if err := tx.Audit("training.attempt.submit", "training_attempt", a.ID, as.unitID, nil,
			map[string]any{"campaign_id": a.CampaignID, "official_id": official, "number": a.Number, "score": score, "passed": passed}); err != nil {
			return err
		}
		if err := s.svc.RecordQuiz(tx, a.CampaignID, official, score, passed, tx.Now); err != nil {
			return err
		}
		now := tx.Now
		st.SubmittedAt, st.Answers, st.Score, st.Passed = &now, a.Answers, score, passed
		out, err = s.full(ctx, tx, st, c, a.Questions)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// insertItems keeps the per-item answers of a submitted attempt, for the
// results per standard (one statement).
func (s *QuizService) insertItems(tx *sqldb.Tx, a *training.Attempt) error {
	if len(a.Questions) == 0 {
		return nil
	}
	var args sqldb.Args
	sql := `INSERT INTO training_attempt_items (attempt_id, question_id, item_code, correct) VALUES `
	id := args.Add(a.ID)
	seen := map[int64]bool{}
	n := 0
	for i, q := range a.Questions {
		if seen[q.ID] {
			continue
		}
		seen[q.ID] = true
		if n > 0 {
			sql += ", "
		}
		sql += "(" + id + ", " + args.Add(q.ID) + ", " + args.Add(q.ItemCode) + ", " + args.Add(a.Correct[i]) + ")"
		n++
	}
	if _, err := tx.ExecContext(tx.Ctx, sql, args...); err != nil {
		return s.db.Internal("attempt items", err)
	}
	return nil
}

// FindAttempt returns an attempt: the official's own, or one of an
// official whose unit the actor reads training of (audited as
// training.read). Before submission it never carries the right answers. See training.QuizService.
func (s *QuizService) FindAttempt(ctx context.Context, id int64) (*training.Attempt, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	st, err := s.loadAttempt(ctx, s.db.Read, `id = $1`, id)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return nil, errNoAttempt()
	}
	if a.OfficialID == 0 || st.OfficialID != a.OfficialID {
		var path string
		var unitID int64
		err := s.db.Read.QueryRowContext(ctx, `SELECT u.id, u.path FROM training_assignments x JOIN units u ON u.id = x.unit_id
			WHERE x.campaign_id = $1 AND x.official_id = $2`, st.CampaignID, st.OfficialID).Scan(&unitID, &path)
		if err != nil && !isNoRows(err) {
			return nil, s.db.Internal("attempt unit", err)
		}
		if path == "" || !training.CanView(a, path) {
			return nil, errNoAttempt()
		}
		// Another official's answers and score: a reading of personal data.
		err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
			return tx.Audit("training.read", "official", st.OfficialID, unitID, nil, map[string]any{"attempt_id": st.ID, "campaign_id": st.CampaignID})
		})
		if err != nil {
			return nil, err
		}
	}
	c, err := s.svc.loadCampaign(ctx, s.db.Read, st.CampaignID)
	if err != nil {
		return nil, err
	}
	return s.full(ctx, s.db.Read, st, c, nil)
}
