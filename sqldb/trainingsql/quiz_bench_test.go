package trainingsql_test

import (
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/training"
	"fmt"
	"testing"
)

// benchBank is the size of the national bank in the benchmark: it grows
// with every item's questions over the years.
const benchBank = 3000

// BenchmarkQuizAttempt starts and submits attempts (failing, so the
// official may go on) on a bank of benchBank questions: the draw reads the
// ids and items of the active questions, then the drawn ones only; the
// submission reads its questions once. The figure is ms per attempt
// (start and submit).
func BenchmarkQuizAttempt(b *testing.B) {
	sqldbtest.EachBench(b, func(b *testing.B, db *sqldb.DB) {
		// A failure in the set-up ends the benchmark without a figure.
		w := newQuizWorld(&testing.T{}, db, training.CampaignInput{Hours: 4, QuizQuestions: 10, PassMark: 80, MaxAttempts: 10})
		if _, err := w.quiz.Questions(as(w.sup), ""); err != nil { // the seed
			b.Fatal(err)
		}
		codes := []string{"GT-XC", "GT-XL", "TT-NHN", "TT-KD", "DD-RB", "DD-PN"}
		now := db.Now().UTC()
		for i := range benchBank {
			if _, err := db.Write.Exec(`INSERT INTO training_questions (item_code, text, choices, answer, explanation, active, created_at, updated_at)
				VALUES ($1, $2, '["Phương án thứ nhất khá dài để giống câu thật","Phương án thứ hai","Phương án thứ ba","Phương án thứ tư"]', 1, $3, TRUE, $4, $4)`,
				codes[i%len(codes)], fmt.Sprintf("Câu hỏi tình huống số %d về ứng xử tại bộ phận một cửa khi người dân đến sớm?", i),
				"Giải thích dài về chuẩn mực và căn cứ pháp lý của câu hỏi này, để hàng có kích thước như thật.", now); err != nil {
				b.Fatal(err)
			}
		}
		ctx := as(w.actA)
		b.ResetTimer()
		for i := range b.N {
			if i > 0 && i%10 == 0 { // the official's ten attempts are used: forget them
				b.StopTimer()
				for _, q := range []string{`DELETE FROM training_attempt_items`, `DELETE FROM training_attempts`} {
					if _, err := db.Write.Exec(q); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
			}
			at, err := w.quiz.StartAttempt(ctx, w.camp.ID)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := w.quiz.SubmitAttempt(ctx, at.ID, nil); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/attempt")
	})
}
