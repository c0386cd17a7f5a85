package trainingsql

import (
	"congvu"
	"congvu/sqldb"
	"congvu/training"
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"sync/atomic"
)

// QuizService implements training.QuizService: the question bank, the
// quizzes and the certificates. An official takes the quiz of a campaign
// they are assigned as themselves (the actor's OfficialID); a submitted
// attempt goes through the campaign service's progress step (RecordQuiz)
// in the same transaction, so the assignment, the official's year and the
// coverage rollups move with it.
type QuizService struct {
	db      *sqldb.DB
	svc     *Service
	limiter congvu.RateLimiter // the public check of certificate numbers
	// seeded is set once this process saw the national bank seeded.
	seeded atomic.Bool
}

// NewQuizService returns the quiz service on db, recording quiz progress
// through svc.
func NewQuizService(db *sqldb.DB, svc *Service) *QuizService {
	return &QuizService{db: db, svc: svc, limiter: sqldb.NewRateLimiter(db)}
}

var _ training.QuizService = (*QuizService)(nil)

func errNoQuestion() error { return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy câu hỏi.") }

func errBankEdit() error {
	return congvu.Errorf(congvu.EFORBIDDEN, "Ngân hàng câu hỏi dùng chung cả nước: chỉ cơ quan quản lý bồi dưỡng cấp trung ương được thêm, sửa câu hỏi.")
}

func errBank() error {
	return congvu.Errorf(congvu.EFORBIDDEN, "Anh/chị không có quyền xem hoặc sửa ngân hàng câu hỏi.")
}

// seedKey marks in settings that the national bank was seeded: once per
// database, whoever comes first (the insert of the mark serialises
// concurrent first uses on both engines).
const seedKey = "training.questions.seeded"

// ensureBank seeds the national question bank (training.DefaultQuestions)
// on first use, in one audited transaction.
func (s *QuizService) ensureBank(ctx context.Context) error {
	if s.seeded.Load() {
		return nil
	}
	sys := congvu.NewContextWithActor(ctx, congvu.SystemActor("Ngân hàng câu hỏi quốc gia"))
	err := s.db.InTx(sys, func(tx *sqldb.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, seedKey, tx.Now.Format("2006-01-02"))
		if err != nil {
			return s.db.Internal("seed question bank", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return s.db.Internal("seed question bank", err)
		} else if n == 0 {
			return nil // seeded already, or by another server now
		}
		qs := training.DefaultQuestions()
		for i := range qs {
			if err := training.ValidateQuestion(&qs[i]); err != nil {
				return s.db.Internal("seed question bank", err)
			}
			if _, err := s.insertQuestion(tx, qs[i]); err != nil {
				return err
			}
		}
		return tx.Audit("training.question.create", "training_question", 0, 0, nil, map[string]any{"seeded": len(qs)})
	})
	if err == nil {
		s.seeded.Store(true)
	}
	return err
}

func (s *QuizService) insertQuestion(tx *sqldb.Tx, in training.QuestionInput) (int64, error) {
	choices, _ := json.Marshal(in.Choices)
	var by sql.NullInt64
	if a := tx.Actor; a != nil && a.UserID > 0 {
		by = sql.NullInt64{Int64: a.UserID, Valid: true}
	}
	var id int64
	err := tx.QueryRowContext(tx.Ctx, `INSERT INTO training_questions (item_code, text, choices, answer, explanation, active, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
		in.ItemCode, in.Text, string(choices), in.Answer, in.Explanation, in.Active, by, tx.Now).Scan(&id)
	if err != nil {
		return 0, s.db.Internal("insert question", err)
	}
	return id, nil
}

const questionCols = `id, item_code, text, choices, answer, explanation, active, created_at`

func scanQuestion(sc sqldb.Scanner) (*training.Question, error) {
	q := &training.Question{}
	var choices string
	if err := sc.Scan(&q.ID, &q.ItemCode, &q.Text, &choices, &q.Answer, &q.Explanation, &q.Active, &q.CreatedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(choices), &q.Choices); err != nil {
		return nil, err
	}
	q.CreatedAt = q.CreatedAt.UTC()
	return q, nil
}

// Questions lists the bank (one item's questions, or all when itemCode is
// empty) with the right answers, to who manages training
// (training.CanReadBank). See
// training.QuizService.
func (s *QuizService) Questions(ctx context.Context, itemCode string) ([]*training.Question, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	if !training.CanReadBank(a) {
		return nil, errBank()
	}
	if err := s.ensureBank(ctx); err != nil {
		return nil, err
	}
	var args sqldb.Args
	where := "1=1"
	if code := training.NormalizeItemCode(itemCode); code != "" {
		where = "item_code = " + args.Add(code)
	}
	list, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "questions", `SELECT `+questionCols+` FROM training_questions WHERE `+where+
		` ORDER BY item_code, id`, scanQuestion, args...)
	if list == nil {
		list = []*training.Question{}
	}
	return list, err
}

// checkItem reports a field error when no catalog version has the item.
func (s *QuizService) checkItem(ctx context.Context, q sqldb.Querier, code string) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM standard_items WHERE code = $1`, code).Scan(&n); err != nil {
		return s.db.Internal("question item", err)
	}
	if n == 0 {
		return congvu.FieldError("item_code", "Không có chuẩn mực mã "+code+" trong bộ chuẩn mực.")
	}
	return nil
}

// CreateQuestion adds a question to the national bank: who manages
// training of the whole country (training.CanEditBank). Audited. See
// training.QuizService.
func (s *QuizService) CreateQuestion(ctx context.Context, in training.QuestionInput) (*training.Question, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	if !training.CanEditBank(a) {
		return nil, errBankEdit()
	}
	if err := training.ValidateQuestion(&in); err != nil {
		return nil, err
	}
	if err := s.ensureBank(ctx); err != nil {
		return nil, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := s.checkItem(ctx, tx, in.ItemCode); err != nil {
			return err
		}
		var err error
		if id, err = s.insertQuestion(tx, in); err != nil {
			return err
		}
		return tx.Audit("training.question.create", "training_question", id, 0, nil, auditQuestion(in))
	})
	if err != nil {
		return nil, err
	}
	return s.loadQuestion(ctx, s.db.Read, id)
}

// auditQuestion is what the audit keeps of a question.
func auditQuestion(in training.QuestionInput) map[string]any {
	return map[string]any{"item_code": in.ItemCode, "text": in.Text, "choices": in.Choices, "answer": in.Answer, "active": in.Active}
}

func (s *QuizService) loadQuestion(ctx context.Context, q sqldb.Querier, id int64) (*training.Question, error) {
	qu, err := scanQuestion(q.QueryRowContext(ctx, `SELECT `+questionCols+` FROM training_questions WHERE id = $1`, id))
	if isNoRows(err) {
		return nil, errNoQuestion()
	}
	if err != nil {
		return nil, s.db.Internal("load question", err)
	}
	return qu, nil
}

// UpdateQuestion edits a question of the national bank: who manages
// training of the whole country (training.CanEditBank). Attempts already drawn keep
// the question's id: they are graded on the question as it is at
// submission. Audited. See training.QuizService.
func (s *QuizService) UpdateQuestion(ctx context.Context, id int64, in training.QuestionInput) (*training.Question, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	if !training.CanEditBank(a) {
		return nil, errBankEdit()
	}
	if err := training.ValidateQuestion(&in); err != nil {
		return nil, err
	}
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		before, err := s.loadQuestion(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.checkItem(ctx, tx, in.ItemCode); err != nil {
			return err
		}
		choices, _ := json.Marshal(in.Choices)
		if _, err := tx.ExecContext(ctx, `UPDATE training_questions SET item_code = $1, text = $2, choices = $3, answer = $4, explanation = $5,
			active = $6, updated_at = $7 WHERE id = $8`, in.ItemCode, in.Text, string(choices), in.Answer, in.Explanation, in.Active, tx.Now, id); err != nil {
			return s.db.Internal("update question", err)
		}
		old := training.QuestionInput{ItemCode: before.ItemCode, Text: before.Text, Choices: before.Choices, Answer: before.Answer, Active: before.Active}
		return tx.Audit("training.question.update", "training_question", id, 0, auditQuestion(old), auditQuestion(in))
	})
	if err != nil {
		return nil, err
	}
	return s.loadQuestion(ctx, s.db.Read, id)
}

// questionsByID loads questions by id, in the order of ids (an attempt's
// draw); a question missing from the bank is an internal error.
func (s *QuizService) questionsByID(ctx context.Context, q sqldb.Querier, ids []int64) ([]training.Question, error) {
	if len(ids) == 0 {
		return []training.Question{}, nil
	}
	var args sqldb.Args
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = args.Add(id)
	}
	list, err := sqldb.QueryAll(ctx, s.db, q, "attempt questions", `SELECT `+questionCols+` FROM training_questions WHERE id IN (`+
		strings.Join(ph, ", ")+`)`, scanQuestion, args...)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*training.Question, len(list))
	for _, qu := range list {
		byID[qu.ID] = qu
	}
	out := make([]training.Question, len(ids))
	for i, id := range ids {
		qu := byID[id]
		if qu == nil {
			return nil, s.db.Internal("attempt questions", congvu.Errorf(congvu.EINTERNAL, "question %d missing", id))
		}
		out[i] = *qu
	}
	return out, nil
}
