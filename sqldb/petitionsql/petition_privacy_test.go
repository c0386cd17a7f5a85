package petitionsql_test

import (
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/org"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
)

// TestPetitionNeverReachesWhomItConcerns: a petition about Em (of D1)
// goes to P1's handlers. A P1 supervisor whose own record is Em gets no
// email about it, and finds neither its audit events nor its emails; a
// reporter's address is masked on the outbox page even when it is a staff
// account's; a reporter browsing with a staff session is not named.
func TestPetitionNeverReachesWhomItConcerns(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		us := orgsql.NewUserService(db)
		em := sqldbtest.Official(t, orgsql.NewOfficialService(db), x.D1, "EM", "Phan Thị Em", org.CategoryCivilServant)
		emSup := ptStaff(t, us, "giamsat.em", "em@example.vn", congvu.RoleSupervisor, x.P1, x.P1Path, em.ID)
		otherSup := ptStaff(t, us, "giamsat.p1", "giamsat.p1@example.vn", congvu.RoleSupervisor, x.P1, x.P1Path, 0)

		in := x.input()
		in.BadgeToken, in.OfficialID = "", em.ID
		in.Reporter.Email = "giamsat.p1@example.vn" // a staff member reporting, with their work address
		// Submitted while signed in (a staff session in the browser).
		r, err := x.ps.Submit(sqldbtest.As(otherSup), in)
		if err != nil {
			t.Fatal(err)
		}
		id := r.Petition.ID
		if got := ptMailTo(t, db, "em@example.vn"); len(got) != 0 {
			t.Errorf("the subject is emailed about the petition: %v", got)
		}
		if got := ptMailTo(t, db, "giamsat.p1@example.vn"); len(got) != 1 {
			t.Errorf("the other handler got %d emails", len(got))
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM petition_events WHERE petition_id = $1 AND actor_name = 'Người phản ánh' AND actor_id IS NULL`, id); n != 1 {
			t.Errorf("the submission is not recorded as the reporter's: %d", n)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE entity_type = 'petition' AND entity_id = $1 AND (actor_id IS NOT NULL OR actor_name LIKE '%giamsat%')`, id); n != 0 {
			t.Errorf("the reporter's account is in the audit log (%d events)", n)
		}

		// Accepting emails the reporter (to_reporter).
		x.step(t, otherSup, id, petition.StepInput{Step: petition.StepAccept})
		audit := sqldb.NewAuditService(db)
		outbox := sqldb.NewOutboxService(db)
		count := func(a *congvu.Actor) (events, mails int, masked bool) {
			t.Helper()
			list, _, err := audit.FindAuditEvents(sqldbtest.As(a), congvu.AuditFilter{Limit: 200})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range list {
				if e.EntityType == "petition" && e.EntityID == id {
					events++
				}
			}
			msgs, _, err := outbox.FindOutbox(sqldbtest.As(a), 0, 200)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range msgs {
				if strings.Contains(m.Body, r.TrackingCode) || strings.Contains(m.Subject, r.TrackingCode) {
					mails++
				}
				if strings.HasPrefix(m.Subject, "Phản ánh "+r.TrackingCode) && m.To == "g***@example.vn" {
					masked = true
				}
			}
			return
		}
		if ev, ml, _ := count(emSup); ev != 0 || ml != 0 {
			t.Errorf("the subject's account reads %d audit events and %d emails of the petition", ev, ml)
		}
		ev, ml, masked := count(otherSup)
		if ev < 2 || ml < 2 {
			t.Errorf("another supervisor reads %d audit events and %d emails", ev, ml)
		}
		if !masked {
			t.Error("the reporter's (staff) address is not masked on the outbox page")
		}
	})
}

// TestPetitionCloseNeedsAReplyAboutTheResult: a reply sent before the
// conclusion does not allow closing.
func TestPetitionCloseNeedsAReplyAboutTheResult(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		r := x.submit(t, x.input())
		id := r.Petition.ID
		x.toVerifying(t, id)
		if _, err := x.ps.Reply(sqldbtest.As(x.headD1), id, "Kính gửi Ông, cơ quan đã nhận phản ánh và đang xác minh. Trân trọng."); err != nil {
			t.Fatal(err)
		}
		x.clock.Add(time.Minute)
		x.step(t, x.headD1, id, petition.StepInput{Step: petition.StepConclude, Conclusion: petition.ConclusionUnfounded, Text: "Không có căn cứ.", ConclusionPublic: true})
		_, err := x.ps.Step(sqldbtest.As(x.headD1), id, petition.StepInput{Step: petition.StepClose})
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		if _, err := x.ps.Reply(sqldbtest.As(x.headD1), id, "Kính gửi Ông, kết quả xác minh: phản ánh không có cơ sở. Trân trọng cảm ơn Ông."); err != nil {
			t.Fatal(err)
		}
		x.step(t, x.headD1, id, petition.StepInput{Step: petition.StepClose})
	})
}

// TestPetitionCheckSavesNothing: Validate answers like Submit's validation
// and stores nothing, counts nothing (not even past the daily limit).
func TestPetitionCheckSavesNothing(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		in := x.input()
		for range petition.MaxPerIPPerDay + 1 {
			if err := x.ps.Validate(ptFrom("203.0.113.7"), in); err != nil {
				t.Fatalf("validation of a valid petition: %v", err)
			}
		}
		in.Description = "Ngắn."
		err := x.ps.Validate(ptFrom("203.0.113.7"), in)
		sqldbtest.Code(t, err, congvu.EINVALID)
		if congvu.ErrorFields(err)["description"] == "" {
			t.Errorf("fields %v", congvu.ErrorFields(err))
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM petitions`) + sqldbtest.Count(t, db, `SELECT COUNT(*) FROM rate_limits`) + sqldbtest.Count(t, db, `SELECT COUNT(*) FROM outbox`); n != 0 {
			t.Errorf("a check left %d rows", n)
		}
	})
}

// TestPetitionConcludeNamesEveryMissingField: a founded conclusion without
// its text nor its items is told both at once.
func TestPetitionConcludeNamesEveryMissingField(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		r := x.submit(t, x.input())
		x.toVerifying(t, r.Petition.ID)
		_, err := x.ps.Step(sqldbtest.As(x.headD1), r.Petition.ID, petition.StepInput{Step: petition.StepConclude, Conclusion: petition.ConclusionFounded})
		sqldbtest.Code(t, err, congvu.EINVALID)
		if f := congvu.ErrorFields(err); f["text"] == "" || f["items"] == "" {
			t.Errorf("fields %v", f)
		}
	})
}
