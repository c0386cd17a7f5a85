package trainingsql_test

import (
	"congvu"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/trainingsql"
	"congvu/training"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
)

// The national bank is there on first use, once, however many servers
// use it first together; only staff of training read it (it holds the
// right answers), and a question must be on an item of the catalog.
func TestQuizBank(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newQuizWorld(t, db, quizCampaign())
		nation := quizAccount(t, db, "bonoivu", 0, congvu.RoleSupervisor, 1, congvu.RootUnitPath)
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				q := trainingsql.NewQuizService(db, w.svc)
				if _, err := q.Questions(as(w.sup), "GT-XC"); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		all, err := w.quiz.Questions(as(w.sup), "")
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != len(training.DefaultQuestions()) {
			t.Fatalf("bank has %d questions, want %d seeded once", len(all), len(training.DefaultQuestions()))
		}
		xc, _ := w.quiz.Questions(as(w.sup), "gt-xc")
		if len(xc) < 3 || xc[0].ItemCode != "GT-XC" || xc[0].Answer < 0 {
			t.Fatalf("GT-XC questions: %+v", xc)
		}
		_, err = w.quiz.Questions(as(w.actA), "")
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)

		in := training.QuestionInput{ItemCode: "XX-KHONG", Text: "Câu hỏi?", Choices: []string{"Có", "Không"}, Answer: 1, Active: true}
		_, err = w.quiz.CreateQuestion(as(nation), in)
		if congvu.ErrorFields(err)["item_code"] != "Không có chuẩn mực mã XX-KHONG trong bộ chuẩn mực." {
			t.Fatalf("unknown item: %v", err)
		}
		_, err = w.quiz.CreateQuestion(as(w.actA), training.QuestionInput{ItemCode: "GT-XC", Text: "?", Choices: []string{"a", "b"}, Active: true})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		in.ItemCode = "GT-XC"
		q, err := w.quiz.CreateQuestion(as(nation), in)
		if err != nil || q.ItemCode != "GT-XC" || q.Answer != 1 {
			t.Fatalf("create: %+v %v", q, err)
		}
		in.Text = "Câu hỏi đã sửa?"
		if q, err = w.quiz.UpdateQuestion(as(nation), q.ID, in); err != nil || q.Text != "Câu hỏi đã sửa?" {
			t.Fatalf("the nation edits: %+v %v", q, err)
		}
		// The bank is the nation's: not a province's to edit.
		_, err = w.quiz.UpdateQuestion(as(w.sup), xc[0].ID, in)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind IN ('training.question.create', 'training.question.update')`); n != 3 {
			t.Fatalf("%d audit events for the seed, a creation and an edit", n)
		}
	})
}

// Before submission the attempt never carries a right answer nor an
// explanation — not in the struct, not in its JSON, not to the official,
// not to staff reading it; after submission it carries the key.
func TestQuizKeyNotBeforeSubmission(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newQuizWorld(t, db, quizCampaign())
		at, err := w.quiz.StartAttempt(as(w.actA), w.camp.ID)
		if err != nil {
			t.Fatal(err)
		}
		found, err := w.quiz.FindAttempt(as(w.actA), at.ID)
		if err != nil {
			t.Fatal(err)
		}
		bySup, err := w.quiz.FindAttempt(as(w.sup), at.ID)
		if err != nil {
			t.Fatal(err)
		}
		for who, x := range map[string]*training.Attempt{"start": at, "own": found, "staff": bySup} {
			if len(x.Questions) != 8 || x.Key != nil || x.Correct != nil || x.PassMark != 75 {
				t.Fatalf("%s: %d questions, key %v", who, len(x.Questions), x.Key)
			}
			for _, q := range x.Questions {
				if q.Answer != -1 || q.Explanation != "" || len(q.Choices) < 2 {
					t.Fatalf("%s: question %d shows its answer %d / %q", who, q.ID, q.Answer, q.Explanation)
				}
			}
			b, _ := json.Marshal(x)
			if strings.Contains(string(b), `"key"`) || strings.Contains(string(b), `"explanation"`) || strings.Contains(string(b), `"answer"`) {
				t.Fatalf("%s JSON leaks the key: %s", who, b)
			}
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'training.read' AND entity_id = $1`, w.a.ID); n != 1 {
			t.Fatalf("staff reading an official's attempt audited %d times, the official's own reading too?", n)
		}
		key := w.key(t)
		done, err := w.quiz.SubmitAttempt(as(w.actA), at.ID, answers(at, key, 8))
		if err != nil {
			t.Fatal(err)
		}
		if done.Score != 100 || !done.Passed || len(done.Key) != 8 || done.Key[0] != key[done.Questions[0].ID] || done.Questions[0].Explanation == "" {
			t.Fatalf("submitted: score %d passed %v key %v", done.Score, done.Passed, done.Key)
		}
	})
}

// Reloading the quiz page gives the same attempt and the same questions,
// never a new draw; one start is recorded.
func TestQuizReloadSameDraw(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newQuizWorld(t, db, quizCampaign())
		first, err := w.quiz.StartAttempt(as(w.actA), w.camp.ID)
		if err != nil {
			t.Fatal(err)
		}
		ids := func(a *training.Attempt) []int64 {
			var out []int64
			for _, q := range a.Questions {
				out = append(out, q.ID)
			}
			return out
		}
		var wg sync.WaitGroup
		for range 5 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				again, err := w.quiz.StartAttempt(as(w.actA), w.camp.ID)
				if err != nil {
					t.Error(err)
					return
				}
				if again.ID != first.ID || again.Number != 1 || !slices.Equal(ids(again), ids(first)) {
					t.Errorf("reload drew again: %d %v, first %d %v", again.ID, ids(again), first.ID, ids(first))
				}
			}()
		}
		wg.Wait()
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM training_attempts`); n != 1 {
			t.Fatalf("%d attempts after reloads", n)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'training.attempt.start'`); n != 1 {
			t.Fatalf("%d starts audited", n)
		}
		// The eight questions are on eight different items.
		items := map[string]bool{}
		for _, q := range first.Questions {
			items[q.ItemCode] = true
		}
		if len(items) != 8 {
			t.Fatalf("draw not spread across items: %v", items)
		}
	})
}

// Two attempts allowed: a third is refused, whatever the official tries.
func TestQuizAttemptsLimit(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newQuizWorld(t, db, quizCampaign())
		key := w.key(t)
		for n := 1; n <= 2; n++ {
			at, err := w.quiz.StartAttempt(as(w.actA), w.camp.ID)
			if err != nil {
				t.Fatal(err)
			}
			if at.Number != n {
				t.Fatalf("attempt number %d, want %d", at.Number, n)
			}
			done, err := w.quiz.SubmitAttempt(as(w.actA), at.ID, answers(at, key, 5)) // 62 < 75
			if err != nil || done.Passed || done.Score != 62 {
				t.Fatalf("attempt %d: %+v %v", n, done, err)
			}
		}
		_, err := w.quiz.StartAttempt(as(w.actA), w.camp.ID)
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		if congvu.ErrorMessage(err) != "Anh/chị đã làm hết 2 lần kiểm tra được phép." {
			t.Fatalf("message %q", congvu.ErrorMessage(err))
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM training_attempts WHERE official_id = $1`, w.a.ID); n != 2 {
			t.Fatalf("%d attempts", n)
		}
		if n := sqldbtest.Count(t, db, `SELECT attempts FROM training_assignments WHERE official_id = $1 AND campaign_id = $2`, w.a.ID, w.camp.ID); n != 2 {
			t.Fatalf("assignment counts %d attempts", n)
		}
		// Passing ends the attempts too.
		at, err := w.quiz.StartAttempt(as(w.actB), w.camp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.quiz.SubmitAttempt(as(w.actB), at.ID, answers(at, key, 8)); err != nil {
			t.Fatal(err)
		}
		_, err = w.quiz.StartAttempt(as(w.actB), w.camp.ID)
		sqldbtest.Code(t, err, congvu.ECONFLICT)
	})
}

// Nobody submits or reads another official's attempt, nor takes the quiz
// of a campaign they are not assigned; staff outside the subtree do not
// read attempts.
func TestQuizSomeoneElsesAttempt(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newQuizWorld(t, db, quizCampaign())
		at, err := w.quiz.StartAttempt(as(w.actA), w.camp.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.quiz.SubmitAttempt(as(w.actB), at.ID, make([]int, 8))
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = w.quiz.FindAttempt(as(w.actB), at.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = w.quiz.FindAttempt(as(w.headP2), at.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = w.quiz.SubmitAttempt(as(w.sup), at.ID, make([]int, 8)) // staff without an official record
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, err = w.quiz.StartAttempt(as(w.actP), w.camp.ID)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, err = w.quiz.StartAttempt(as(w.actA), w.camp.ID+100)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = w.quiz.StartAttempt(sqldbtest.As(nil), w.camp.ID)
		sqldbtest.Code(t, err, congvu.EUNAUTH)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM training_attempts WHERE submitted_at IS NOT NULL`); n != 0 {
			t.Fatalf("%d attempts submitted by others", n)
		}
	})
}

// Once the campaign is closed the quiz is closed: an attempt in progress
// cannot be submitted, no new one starts.
func TestQuizAfterCampaignClosed(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newQuizWorld(t, db, quizCampaign())
		at, err := w.quiz.StartAttempt(as(w.actA), w.camp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.CloseCampaign(as(w.sup), w.camp.ID); err != nil {
			t.Fatal(err)
		}
		_, err = w.quiz.SubmitAttempt(as(w.actA), at.ID, answers(at, w.key(t), 8))
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		_, err = w.quiz.StartAttempt(as(w.actB), w.camp.ID)
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM training_assignments WHERE passed_at IS NOT NULL`); n != 0 {
			t.Fatalf("%d passes after closing", n)
		}
	})
}

// Submitting twice (a double click, a replay) changes nothing: the first
// answers stand, the attempt counts once.
func TestQuizSubmitTwice(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newQuizWorld(t, db, quizCampaign())
		key := w.key(t)
		at, err := w.quiz.StartAttempt(as(w.actA), w.camp.ID)
		if err != nil {
			t.Fatal(err)
		}
		first, err := w.quiz.SubmitAttempt(as(w.actA), at.ID, answers(at, key, 4))
		if err != nil {
			t.Fatal(err)
		}
		again, err := w.quiz.SubmitAttempt(as(w.actA), at.ID, answers(at, key, 8))
		if err != nil {
			t.Fatal(err)
		}
		if again.Score != first.Score || again.Score != 50 || again.Passed || !slices.Equal(again.Answers, first.Answers) {
			t.Fatalf("second submission changed the attempt: %d → %d", first.Score, again.Score)
		}
		for q, want := range map[string]int{
			`SELECT COUNT(*) FROM training_attempt_items`:                                   8,
			`SELECT attempts FROM training_assignments WHERE official_id = $1`:              1,
			`SELECT COUNT(*) FROM audit_events WHERE kind = 'training.attempt.submit'`:      1,
			`SELECT COUNT(*) FROM training_assignments WHERE passed_at IS NOT NULL AND 1=1`: 0,
		} {
			var args []any
			if strings.Contains(q, "$1") {
				args = append(args, w.a.ID)
			}
			if n := sqldbtest.Count(t, db, q, args...); n != want {
				t.Errorf("%s = %d, want %d", q, n, want)
			}
		}
	})
}

// A draw of the whole breadth covers every item that binds the official:
// the items of leaders and managers (TT-CT, TT-TC, GT-LD) for a leader,
// never for a member of staff.
func TestQuizLeaderItems(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newQuizWorld(t, db, training.CampaignInput{Hours: 2, QuizQuestions: training.MaxQuiz, PassMark: 80, MaxAttempts: 1})
		if _, err := db.Write.Exec(`UPDATE officials SET is_leader = TRUE WHERE id = $1`, w.b.ID); err != nil {
			t.Fatal(err)
		}
		leaderOnly := []string{"TT-CT", "TT-TC", "GT-LD"}
		items := func(a *training.Attempt) map[string]bool {
			m := map[string]bool{}
			for _, q := range a.Questions {
				m[q.ItemCode] = true
			}
			return m
		}
		staff, err := w.quiz.StartAttempt(as(w.actA), w.camp.ID)
		if err != nil {
			t.Fatal(err)
		}
		leader, err := w.quiz.StartAttempt(as(w.actB), w.camp.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, code := range leaderOnly {
			if items(staff)[code] {
				t.Errorf("a member of staff is asked about %s", code)
			}
			if !items(leader)[code] {
				t.Errorf("a leader is not asked about %s in a draw of %d", code, len(leader.Questions))
			}
		}
		if len(items(staff)) != 40 || len(staff.Questions) != training.MaxQuiz {
			t.Errorf("staff draw: %d questions on %d items", len(staff.Questions), len(items(staff)))
		}
	})
}

// The bank every quiz draws from is national: a commune's head or a
// province's supervisor who manages training may read it (to prepare
// classes) but not add to it nor edit it; only who manages training of the
// whole country does. Who only reads training (an inspector) does not see
// the right answers.
func TestQuizBankIsNational(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newQuizWorld(t, db, quizCampaign())
		nation := quizAccount(t, db, "bonoivu", 0, congvu.RoleSupervisor, 1, congvu.RootUnitPath)
		inspector := quizAccount(t, db, "thanhtra", 0, congvu.RoleInspector, w.tree.P1, w.tree.P1Path)
		in := training.QuestionInput{ItemCode: "GT-XC", Text: "Câu hỏi của xã?", Choices: []string{"Có", "Không"}, Answer: 1, Active: true}
		for who, a := range map[string]*congvu.Actor{"commune head": w.headP2, "province supervisor": w.sup} {
			_, err := w.quiz.CreateQuestion(as(a), in)
			if congvu.ErrorCode(err) != congvu.EFORBIDDEN {
				t.Fatalf("%s adds to the national bank: %v", who, err)
			}
			if _, err := w.quiz.Questions(as(a), "GT-XC"); err != nil {
				t.Fatalf("%s reads the bank: %v", who, err)
			}
		}
		_, err := w.quiz.Questions(as(inspector), "GT-XC")
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		q, err := w.quiz.CreateQuestion(as(nation), in)
		if err != nil {
			t.Fatal(err)
		}
		in.Text = "Câu hỏi đã sửa?"
		_, err = w.quiz.UpdateQuestion(as(w.headP2), q.ID, in)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		if q, err = w.quiz.UpdateQuestion(as(nation), q.ID, in); err != nil || q.Text != in.Text {
			t.Fatalf("national edit: %+v %v", q, err)
		}
	})
}

// A failed attempt with attempts left shows which answers were right or
// wrong, never the right answers nor the explanations (the retry may meet
// the same questions); they show once the official passed, or has no
// attempt left and none in progress — to the official and to staff, in
// the struct and the JSON.
func TestQuizKeyBetweenAttempts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newQuizWorld(t, db, quizCampaign())
		key := w.key(t)
		hidden := func(who string, x *training.Attempt, want bool) {
			t.Helper()
			if len(x.Correct) != len(x.Questions) || x.SubmittedAt == nil {
				t.Fatalf("%s: per question right/wrong missing: %v", who, x.Correct)
			}
			b, _ := json.Marshal(x)
			leaks := x.Key != nil || strings.Contains(string(b), `"explanation"`)
			for _, q := range x.Questions {
				leaks = leaks || q.Answer >= 0 || q.Explanation != ""
			}
			if leaks == want || x.KeyHidden != want {
				t.Fatalf("%s: key hidden %v (flag %v), want %v: %s", who, !leaks, x.KeyHidden, want, b)
			}
		}
		first, err := w.quiz.StartAttempt(as(w.actA), w.camp.ID)
		if err != nil {
			t.Fatal(err)
		}
		done, err := w.quiz.SubmitAttempt(as(w.actA), first.ID, answers(first, key, 5))
		if err != nil || done.Passed {
			t.Fatalf("%+v %v", done, err)
		}
		hidden("submitted, one attempt left", done, true)
		again, _ := w.quiz.SubmitAttempt(as(w.actA), first.ID, nil)
		hidden("submitted again", again, true)
		found, _ := w.quiz.FindAttempt(as(w.actA), first.ID)
		hidden("read again", found, true)
		bySup, _ := w.quiz.FindAttempt(as(w.sup), first.ID)
		hidden("read by staff", bySup, true)
		second, err := w.quiz.StartAttempt(as(w.actA), w.camp.ID)
		if err != nil {
			t.Fatal(err)
		}
		found, _ = w.quiz.FindAttempt(as(w.actA), first.ID)
		hidden("first read while the last is in progress", found, true)
		done, err = w.quiz.SubmitAttempt(as(w.actA), second.ID, answers(second, key, 5))
		if err != nil || done.Passed {
			t.Fatalf("%+v %v", done, err)
		}
		hidden("the last attempt failed", done, false)
		found, _ = w.quiz.FindAttempt(as(w.actA), first.ID)
		hidden("the first, no attempt left", found, false)
		// Passing shows the key at once.
		at, _ := w.quiz.StartAttempt(as(w.actB), w.camp.ID)
		done, err = w.quiz.SubmitAttempt(as(w.actB), at.ID, answers(at, key, 8))
		if err != nil || !done.Passed {
			t.Fatalf("%+v %v", done, err)
		}
		hidden("passed", done, false)
	})
}
