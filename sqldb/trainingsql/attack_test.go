package trainingsql_test

import (
	"congvu"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/trainingsql"
	"congvu/training"
	"strings"
	"testing"
)

// The review's attacks on attendance: the live code of one session does
// not record attendance at another session (of the same campaign, at the
// same hour, or of another campaign the official also holds), whatever URL
// is forged; nothing is written.
func TestTrainingAttendForgedSession(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		c := w.open(t, w.headP1, w.campaign(t, w.headP1, w.x.P1, false))
		other := w.open(t, w.headD1, w.campaign(t, w.headD1, w.x.D1, false))
		s1 := w.session(t, w.headP1, c, training.ModeInPerson)
		s2 := w.session(t, w.headP1, c, training.ModeInPerson)
		s3 := w.session(t, w.headD1, other, training.ModeInPerson)
		live := must(w.svc.SessionCode(w.headP1, s1.ID))
		for _, s := range []*training.Session{s2, s3} {
			if _, err := w.svc.Attend(w.offD1, s.ID, live); congvu.ErrorCode(err) != congvu.EINVALID {
				t.Fatalf("session %d attended with the code of session %d: %v", s.ID, s1.ID, err)
			}
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM training_attendances`); n != 0 {
			t.Fatalf("%d attendances written", n)
		}
		if _, err := w.svc.Attend(w.offD1, s1.ID, live); err != nil {
			t.Fatalf("the right session: %v", err)
		}
	})
}

// The review's attacks across communes: the head of D1 sees the
// province's campaign (it trains their staff) but reads nothing of D2's
// officials — not who is behind, not an attempt, not a certificate, not
// the results per item — and marks none of them.
func TestTrainingNeighbourCommune(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		quiz := trainingsqlQuiz(w)
		c := w.open(t, w.headP1, w.campaign(t, w.headP1, w.x.P1, true))
		s := w.session(t, w.headP1, c, training.ModeInPerson)
		if _, err := w.svc.Mark(w.headP1, s.ID, []int64{w.offs["D2A"].ID}); err != nil {
			t.Fatal(err)
		}
		at := must(quiz.StartAttempt(w.offD2, c.ID))
		key := map[int64]int{}
		for _, q := range must(quiz.Questions(w.headP1, "")) {
			key[q.ID] = q.Answer
		}
		right := make([]int, len(at.Questions))
		for i, q := range at.Questions {
			right[i] = key[q.ID]
		}
		if done := must(quiz.SubmitAttempt(w.offD2, at.ID, right)); !done.Passed {
			t.Fatalf("not passed: %+v", done)
		}
		cert := must(quiz.Certificate(w.offD2, c.ID, 0))
		if cert.Number == "" {
			t.Fatal("no certificate")
		}
		if _, total, err := w.svc.Assignments(w.headD1, training.Filter{CampaignID: c.ID, UnitID: w.x.D2}); err != nil || total != 0 {
			t.Fatalf("D1's head lists %d of D2: %v", total, err)
		}
		list, total, err := w.svc.Assignments(w.headD1, training.Filter{CampaignID: c.ID, UnitID: w.x.P1})
		if err != nil || total != 3 || len(list) != 3 {
			t.Fatalf("D1's head lists %d through the province: %v", total, err)
		}
		for _, a := range list {
			if a.UnitID != w.x.D1 {
				t.Fatalf("D1's head lists %s of unit %d through the province", a.OfficialName, a.UnitID)
			}
		}
		if _, err := quiz.FindAttempt(w.headD1, at.ID); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("D1's head reads D2A's attempt: %v", err)
		}
		if _, err := quiz.Certificate(w.headD1, c.ID, w.offs["D2A"].ID); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("D1's head reads D2A's certificate: %v", err)
		}
		if _, err := quiz.ItemResults(w.headD1, c.ID, w.x.D2); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("D1's head reads D2's results per item: %v", err)
		}
		if res := must(quiz.ItemResults(w.headD1, c.ID, 0)); len(res) != 0 && res[0].Answered != 0 {
			t.Fatalf("D1's head's results count D2's answers: %+v", res)
		}
		if _, err := w.svc.Mark(w.headD1, s.ID, []int64{w.offs["D2B"].ID}); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("D1's head marks at the province's session: %v", err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'training.read'`); n != 0 {
			t.Fatalf("%d readings audited, none happened", n)
		}
	})
}

// trainingsqlQuiz is the quiz service of the world.
func trainingsqlQuiz(w *world) *trainingsql.QuizService {
	return trainingsql.NewQuizService(w.db, w.svc)
}

// The audit log of readings (training.read): a head's reading of an
// official's attempt and year shows to who audits the official's unit,
// not to a neighbouring province's auditor; the official's own readings
// are not logged; the event names the attempt, never its answers.
func TestTrainingReadAudit(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		quiz := trainingsqlQuiz(w)
		c := w.open(t, w.headP1, w.campaign(t, w.headP1, w.x.P1, true))
		at := must(quiz.StartAttempt(w.offD1, c.ID))
		must(quiz.SubmitAttempt(w.offD1, at.ID, []int{0, 0, 0, 0, 0}))
		must(quiz.FindAttempt(w.offD1, at.ID))
		must(w.svc.OfficialYear(w.offD1, w.offs["D1A"].ID, 2026))
		must(quiz.FindAttempt(w.headD1, at.ID))
		must(w.svc.OfficialYear(w.headP1, w.offs["D1A"].ID, 2026))
		audits := sqldb.NewAuditService(db)
		read := func(who *congvu.Actor) []*congvu.AuditEvent {
			t.Helper()
			list, _, err := audits.FindAuditEvents(sqldbtest.As(who), congvu.AuditFilter{Kind: "training.read"})
			if err != nil {
				t.Fatal(err)
			}
			return list
		}
		supP1 := sqldbtest.Actor(-7, congvu.RoleSupervisor, w.x.P1, w.x.P1Path)
		supP2 := sqldbtest.Actor(-8, congvu.RoleSupervisor, w.x.P2, w.x.P2Path)
		got := read(supP1)
		if len(got) != 2 {
			t.Fatalf("P1's auditor sees %d readings of D1A, want the head's two", len(got))
		}
		for _, e := range got {
			if e.EntityType != "official" || e.EntityID != w.offs["D1A"].ID || e.UnitID != w.x.D1 || strings.Contains(string(e.After), "answers") {
				t.Fatalf("reading event %+v %s", e, e.After)
			}
		}
		if got := read(supP2); len(got) != 0 {
			t.Fatalf("P2's auditor sees %d readings of P1's officials", len(got))
		}
	})
}

// Coverage for a campaign the head does not see is not found (not a
// table of zeros saying it exists and when).
func TestTrainingCoverageOfAnUnseenCampaign(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		c := w.open(t, w.headP1, w.campaign(t, w.headP1, w.x.P1, false))
		if _, _, err := w.svc.Coverage(w.headP2, training.CoverageFilter{UnitID: w.x.P2, CampaignID: c.ID}); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("P2's head reads coverage of P1's campaign: %v", err)
		}
		if _, _, err := w.svc.Coverage(w.headD1, training.CoverageFilter{UnitID: w.x.D1, CampaignID: c.ID}); err != nil {
			t.Fatalf("D1's head reads the province's campaign in D1: %v", err)
		}
	})
}
