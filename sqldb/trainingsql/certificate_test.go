package trainingsql_test

import (
	"congvu"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/training"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
)

// A certificate is issued once, to an official whose assignment is
// complete (attended and passed); the official and staff of their unit
// read it; anyone checks its number and sees the name, the campaign, the
// unit and the date only; a guessed number finds nothing, and guessing is
// cut off.
func TestCertificate(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newQuizWorld(t, db, quizCampaign())
		key := w.key(t)
		_, err := w.quiz.Certificate(as(w.actA), w.camp.ID, 0)
		sqldbtest.Code(t, err, congvu.ECONFLICT) // nothing done yet
		at, err := w.quiz.StartAttempt(as(w.actA), w.camp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.quiz.SubmitAttempt(as(w.actA), at.ID, answers(at, key, 7)); err != nil { // 87
			t.Fatal(err)
		}
		_, err = w.quiz.Certificate(as(w.actA), w.camp.ID, 0)
		sqldbtest.Code(t, err, congvu.ECONFLICT) // passed, not attended
		w.mark(t, w.a.ID)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM training_assignments WHERE official_id = $1 AND completed_at IS NOT NULL`, w.a.ID); n != 1 {
			t.Fatal("attending after passing does not complete the assignment")
		}
		// The official's phone and computer ask at once: one certificate.
		numbers := make([]string, 4)
		var wg sync.WaitGroup
		for i := range numbers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, err := w.quiz.Certificate(as(w.actA), w.camp.ID, 0)
				if err != nil {
					t.Error(err)
					return
				}
				numbers[i] = c.Number
			}()
		}
		wg.Wait()
		c, err := w.quiz.Certificate(as(w.actA), w.camp.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range numbers {
			if n != c.Number {
				t.Fatalf("concurrent issues gave %v, then %s", numbers, c.Number)
			}
		}
		if !strings.HasPrefix(c.Number, "BD-2026-") || c.OfficialName != "Nguyễn Văn An" || c.CampaignTitle != w.camp.Title ||
			c.UnitName != "Tỉnh Một" || c.OfficialUnit != "Huyện Một" || c.Score != 87 || c.Hours != 4 || c.UnitID != w.tree.P1 ||
			c.StartsOn.Format("02/01/2006") != "01/03/2026" {
			t.Fatalf("certificate %+v", c)
		}
		again, err := w.quiz.Certificate(as(w.actA), w.camp.ID, w.a.ID)
		if err != nil || again.Number != c.Number {
			t.Fatalf("second call: %+v %v", again, err)
		}
		bySup, err := w.quiz.Certificate(as(w.sup), w.camp.ID, w.a.ID)
		if err != nil || bySup.Number != c.Number {
			t.Fatalf("staff read: %+v %v", bySup, err)
		}
		_, err = w.quiz.Certificate(as(w.headP2), w.camp.ID, w.a.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = w.quiz.Certificate(as(w.actB), w.camp.ID, w.a.ID) // a colleague
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = w.quiz.Certificate(as(w.actP), w.camp.ID, 0) // not assigned
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM training_certificates`); n != 1 {
			t.Fatalf("%d certificates", n)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'training.certificate'`); n != 1 {
			t.Fatalf("%d issues audited", n)
		}

		public := congvu.NewContextWithMeta(context.Background(), congvu.RequestMeta{IP: "203.0.113.7"})
		typed := strings.ToLower(strings.ReplaceAll(c.Number, "-", " "))
		v, err := w.quiz.VerifyCertificate(public, typed)
		if err != nil {
			t.Fatal(err)
		}
		if v.Number != c.Number || v.OfficialName != "Nguyễn Văn An" || v.CampaignTitle != w.camp.Title || v.UnitName != "Tỉnh Một" || !v.IssuedAt.Equal(c.IssuedAt) {
			t.Fatalf("verification %+v", v)
		}
		b, _ := json.Marshal(v)
		if v.Score != 0 || v.Hours != 0 || v.OfficialID != 0 || v.CampaignID != 0 || v.OfficialUnit != "" || strings.Contains(string(b), "87") {
			t.Fatalf("the public check tells more than the name, campaign, unit and date: %s", b)
		}
		guessed := training.NewCertificateNumber(2026)
		_, err = w.quiz.VerifyCertificate(public, guessed)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = w.quiz.VerifyCertificate(public, c.Number[:len(c.Number)-1]+"Z")
		if c.Number[len(c.Number)-1] != 'Z' {
			sqldbtest.Code(t, err, congvu.ENOTFOUND)
		}
		_, err = w.quiz.VerifyCertificate(public, "' OR 1=1 --")
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		limited := false
		for range 40 {
			if _, err := w.quiz.VerifyCertificate(public, training.NewCertificateNumber(2026)); congvu.ErrorCode(err) == congvu.ELIMIT {
				limited = true
				break
			}
		}
		if !limited {
			t.Fatal("40 guesses from one address are not cut off")
		}
		other := congvu.NewContextWithMeta(context.Background(), congvu.RequestMeta{IP: "198.51.100.2"})
		if _, err := w.quiz.VerifyCertificate(other, c.Number); err != nil {
			t.Fatalf("another address is cut off too: %v", err)
		}
	})
}

// The results per item count the submitted answers of the officials of a
// subtree, item by item; staff outside read none, an official none.
func TestQuizItemResults(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newQuizWorld(t, db, quizCampaign())
		key := w.key(t)
		for _, x := range []struct {
			ctx   context.Context
			right int
		}{{as(w.actA), 8}, {as(w.actB), 4}, {as(w.actD), 0}} {
			at, err := w.quiz.StartAttempt(x.ctx, w.camp.ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.quiz.SubmitAttempt(x.ctx, at.ID, answers(at, key, x.right)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.quiz.StartAttempt(as(w.actD), w.camp.ID); err != nil { // not submitted: not counted
			t.Fatal(err)
		}
		sum := func(rs []training.ItemResult) (answered, correct int) {
			for _, r := range rs {
				answered += r.Answered
				correct += r.Correct
				if r.ItemTitle == "" || r.Rate != training.Rate(r.Correct, r.Answered) {
					t.Errorf("result %+v", r)
				}
			}
			return
		}
		all, err := w.quiz.ItemResults(as(w.sup), w.camp.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if a, c := sum(all); a != 24 || c != 12 {
			t.Fatalf("province: %d answered, %d right; want 24, 12", a, c)
		}
		d1, err := w.quiz.ItemResults(as(w.sup), w.camp.ID, w.tree.D1)
		if err != nil {
			t.Fatal(err)
		}
		if a, c := sum(d1); a != 16 || c != 12 {
			t.Fatalf("D1: %d answered, %d right; want 16, 12", a, c)
		}
		d2, _ := w.quiz.ItemResults(as(w.sup), w.camp.ID, w.tree.D2)
		if a, c := sum(d2); a != 8 || c != 0 {
			t.Fatalf("D2: %d answered, %d right; want 8, 0", a, c)
		}
		_, err = w.quiz.ItemResults(as(w.headP2), w.camp.ID, w.tree.D1)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = w.quiz.ItemResults(as(w.headP2), w.camp.ID, 0)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = w.quiz.ItemResults(as(w.actA), w.camp.ID, 0)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
	})
}
