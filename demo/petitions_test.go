package demo_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/courtesy"
	"congvu/demo"
	"congvu/devdata"
	"congvu/petition"
	"congvu/services"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// signIn returns the context of a demo account, signed in for real.
func signIn(t *testing.T, s services.Set, username string) context.Context {
	t.Helper()
	sess, err := s.Users.Authenticate(context.Background(), username, demo.Password)
	if err != nil {
		t.Fatalf("%s signs in: %v", username, err)
	}
	a, err := s.Users.ActorBySession(context.Background(), sess.Token)
	if err != nil {
		t.Fatal(err)
	}
	return congvu.NewContextWithActor(context.Background(), a)
}

func allPetitions(t *testing.T, ctx context.Context, s services.Set, f petition.Filter) []*petition.Petition {
	t.Helper()
	f.Limit = congvu.MaxPageSize
	list, total, err := s.Petitions.FindPetitions(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if total > len(list) {
		t.Fatalf("%d petitions, more than a page", total)
	}
	return list
}

func count(t *testing.T, db *sqldb.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Read.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestLoadPetitions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newServices(t, db)
		ctx := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("test"))
		before := time.Now()
		res, err := demo.Load(ctx, s, demo.Options{Clock: &db.Now, Logf: t.Logf, SkipRatings: true, SkipTraining: true})
		if err != nil {
			t.Fatal(err)
		}
		pr := res.Petitions
		if pr == nil {
			t.Fatal("no petitions loaded")
		}
		t.Logf("petitions loaded in %v: %+v", pr.Elapsed, *pr)
		if n := demo.PetitionCount(); pr.Created != n || n < 60 || n > 120 || pr.Skipped != 0 {
			t.Errorf("created %d petitions (skipped %d), plan holds %d (want 60-120)", pr.Created, pr.Skipped, n)
		}
		if d := time.Until(db.Now()); d < -time.Minute || d > time.Minute {
			t.Errorf("the clock was not restored: off by %v", d)
		}

		// Every status, some overdue, some escalated, some reminded.
		all := allPetitions(t, ctx, s, petition.Filter{})
		if len(all) != pr.Created {
			t.Errorf("%d petitions stored, %d created", len(all), pr.Created)
		}
		byStatus := map[petition.Status]int{}
		oldest := before
		for _, p := range all {
			byStatus[p.Status]++
			if p.SubmittedAt.Before(oldest) {
				oldest = p.SubmittedAt
			}
			if !p.SubmittedAt.Before(before) {
				t.Errorf("petition %s submitted in the future: %v", p.TrackingCode, p.SubmittedAt)
			}
		}
		for _, st := range petition.Statuses {
			// The demo does not stage suspension, withdrawal or referral yet.
			staged := st != petition.Suspended && st != petition.Withdrawn && st != petition.Referred
			if (byStatus[st] == 0 && staged) || pr.ByStatus[st] != byStatus[st] {
				t.Errorf("status %s: %d petitions (result says %d)", st, byStatus[st], pr.ByStatus[st])
			}
		}
		if age := before.Sub(oldest); age < 120*24*time.Hour || age > 200*24*time.Hour {
			t.Errorf("oldest petition %v old, want about six months", age)
		}
		overdue := allPetitions(t, ctx, s, petition.Filter{Overdue: true})
		escalated := allPetitions(t, ctx, s, petition.Filter{Escalated: true})
		openEscalated := 0
		for _, p := range escalated {
			if p.EscalatedTo == 0 {
				t.Errorf("escalated petition %s: escalated to %d", p.TrackingCode, p.EscalatedTo)
			}
			if !p.Status.Final() {
				openEscalated++
				if !p.Overdue {
					t.Errorf("open escalated petition %s is not overdue", p.TrackingCode)
				}
			}
		}
		if len(overdue) < 3 || openEscalated < 1 || pr.Overdue != len(overdue) || pr.Escalated != len(escalated) {
			t.Errorf("%d overdue, %d escalated (%d open; result %d, %d)", len(overdue), len(escalated), openEscalated, pr.Overdue, pr.Escalated)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM petition_events WHERE kind = 'remind'`); n < 3 {
			t.Errorf("%d reminders", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM petition_events WHERE kind = 'overdue'`); n <= len(overdue) {
			t.Errorf("%d overdue events: the history should hold late stages that were later completed too", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM petition_stages WHERE done_at IS NOT NULL AND done_at > due_at`); n < 3 {
			t.Errorf("%d stages completed late", n)
		}

		// The handling left its traces: transfers, notes, reporter
		// messages, identity readings, photos, emails.
		for _, c := range []struct {
			what  string
			query string
			min   int
		}{
			{"transfers", `SELECT COUNT(*) FROM petition_events WHERE kind = 'transfer'`, 1},
			{"internal notes", `SELECT COUNT(*) FROM petition_notes`, 20},
			{"reporters' messages", `SELECT COUNT(*) FROM petition_messages WHERE from_agency = FALSE`, 5},
			{"identity readings", `SELECT COUNT(*) FROM petition_identity_views`, 2},
			{"anonymous petitions", `SELECT COUNT(*) FROM petitions WHERE anonymous = TRUE`, 10},
			{"petitions through a badge", `SELECT COUNT(*) FROM petitions WHERE channel = 'badge'`, 5},
			{"petitions about a unit only", `SELECT COUNT(*) FROM petitions WHERE official_id IS NULL`, 10},
			{"attachments", `SELECT COUNT(*) FROM petition_attachments WHERE petition_id IS NOT NULL AND content_type = 'image/jpeg'`, 3},
			{"emails to handlers", `SELECT COUNT(*) FROM outbox WHERE to_addr LIKE '%@hungyen.example'`, 50},
			{"emails to reporters", `SELECT COUNT(*) FROM outbox WHERE to_addr LIKE '%@hopthu.example'`, 10},
			{"founded conclusions with items", `SELECT COUNT(DISTINCT petition_id) FROM petition_items`, 10},
		} {
			if n := count(t, db, c.query); n < c.min {
				t.Errorf("%d %s, want at least %d", n, c.what, c.min)
			}
		}
		// The petitions are of the months since the reform, about units
		// in force and handled by them.
		if n := count(t, db, `SELECT COUNT(*) FROM petitions p JOIN units u ON u.id = p.unit_id OR u.id = p.handler_unit_id WHERE u.active = FALSE`); n != 0 {
			t.Errorf("%d petitions about or handled by a dissolved unit", n)
		}
		for _, p := range allPetitions(t, ctx, s, petition.Filter{}) {
			if p.SubmittedAt.Format(time.DateOnly) < demo.ReformDate {
				t.Errorf("petition %s submitted on %v, before the units it is about", p.TrackingCode, p.SubmittedAt)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM petitions WHERE status IN ('concluded', 'closed') AND conclusion = 'unfounded'`); n == 0 {
			t.Error("no unfounded conclusion")
		}

		// Every reply to a reporter is courteous; the photos open.
		// Attachments are for those who handle petitions: a supervisor of
		// the whole tree with no official record of their own.
		handler := congvu.NewContextWithActor(context.Background(), &congvu.Actor{UserID: -1, Username: "system", FullName: "test",
			Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: 1, UnitPath: congvu.RootUnitPath}}})
		replies, photos := 0, 0
		for _, p := range all {
			events, msgs, _, err := s.Petitions.History(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			var concluded time.Time
			for _, e := range events {
				if e.Kind == string(petition.StepConclude) {
					concluded = e.At
				}
			}
			for _, m := range msgs {
				if !m.FromAgency {
					continue
				}
				replies++
				// A reply after a founded conclusion must apologise.
				fault := p.Conclusion.Breached() && !concluded.IsZero() && !m.CreatedAt.Before(concluded)
				if r := courtesy.CheckWith(m.Body, courtesy.Context{AgencyAtFault: fault}); !r.Ready() {
					t.Errorf("reply to %s not ready: %+v\n%s", p.TrackingCode, r.Failed(), m.Body)
				}
			}
			full, err := s.Petitions.FindPetition(handler, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range full.Attachments {
				_, rc, err := s.Petitions.OpenFile(handler, p.ID, a.ID)
				if err != nil {
					t.Fatal(err)
				}
				b, err := io.ReadAll(rc)
				rc.Close()
				if err != nil || !bytes.HasPrefix(b, []byte{0xFF, 0xD8}) || int64(len(b)) != a.Size || a.Size < 5000 {
					t.Errorf("attachment %s of %s: %d bytes (%v)", a.FileName, p.TrackingCode, len(b), err)
				}
				photos++
			}
		}
		if replies < byStatus[petition.Closed] || photos < 3 {
			t.Errorf("%d replies, %d photos", replies, photos)
		}

		// The handlers find work waiting in their scope.
		noivu := signIn(t, s, "noivu")
		open := 0
		for _, p := range allPetitions(t, noivu, s, petition.Filter{}) {
			if !p.Status.Final() {
				open++
			}
		}
		if open < 20 {
			t.Errorf("noivu sees %d open petitions", open)
		}
		if n := len(allPetitions(t, noivu, s, petition.Filter{Overdue: true})); n < 3 {
			t.Errorf("noivu sees %d overdue petitions", n)
		}
		city, err := s.Units.FindUnitByCode(ctx, demo.CityWard)
		if err != nil {
			t.Fatal(err)
		}
		thutruong := signIn(t, s, "thutruong")
		waiting := 0
		for _, p := range allPetitions(t, thutruong, s, petition.Filter{}) {
			if !p.Status.Final() && p.HandlerUnitID != 0 {
				if h, err := s.Units.FindUnitByID(ctx, p.HandlerUnitID); err == nil && strings.HasPrefix(h.Path, city.Path) {
					waiting++
				}
			}
		}
		if waiting < 3 {
			t.Errorf("thutruong has %d open petitions handled in the ward", waiting)
		}
		thanhtra := signIn(t, s, "thanhtra")
		if n := len(allPetitions(t, thanhtra, s, petition.Filter{Status: petition.Verifying})); n < 3 {
			t.Errorf("thanhtra sees %d petitions being verified", n)
		}

		// A second load finds the petitions and writes nothing.
		before2 := auditCount(t, ctx, s)
		again, err := demo.Load(ctx, s, demo.Options{Clock: &db.Now, SkipRatings: true, SkipTraining: true})
		if err != nil {
			t.Fatal(err)
		}
		if !again.AlreadyLoaded || again.Petitions != nil {
			t.Errorf("second load: already %v, petitions %+v", again.AlreadyLoaded, again.Petitions)
		}
		if after := auditCount(t, ctx, s); after != before2 {
			t.Errorf("second load wrote %d audit events", after-before2)
		}
		if n := len(allPetitions(t, ctx, s, petition.Filter{})); n != len(all) {
			t.Errorf("%d petitions after the second load, want %d", n, len(all))
		}

		// noivu works at the Department of Home Affairs: the petition
		// about it is not hers to see, let alone handle; thanhtra, of the
		// provincial inspectorate, sees it.
		snv, err := s.Units.FindUnitByCode(ctx, "33.SNV")
		if err != nil {
			t.Fatal(err)
		}
		about := allPetitions(t, ctx, s, petition.Filter{UnitID: snv.ID, Status: petition.Received})
		if len(about) == 0 {
			t.Fatal("no new petition about the Department of Home Affairs")
		}
		if mine := allPetitions(t, noivu, s, petition.Filter{UnitID: snv.ID, Status: petition.Received}); len(mine) != 0 {
			t.Errorf("noivu sees %d petitions about the department she works in", len(mine))
		}
		if _, err := s.Petitions.Step(noivu, about[0].ID, petition.StepInput{Step: petition.StepAccept}); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Errorf("a handler working at the Department accepts a petition about it: %v", err)
		}
		if theirs := allPetitions(t, thanhtra, s, petition.Filter{UnitID: snv.ID, Status: petition.Received}); len(theirs) != len(about) {
			t.Errorf("thanhtra sees %d of the %d new petitions about the Department", len(theirs), len(about))
		}
	})
}

// Loading petitions into a demo loaded without them adds them once.
func TestLoadPetitionsLater(t *testing.T) {
	db := sqldbtest.SQLite(t)
	s := newServices(t, db)
	ctx := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("test"))
	res, err := demo.Load(ctx, s, demo.Options{SkipRatings: true, SkipTraining: true}) // no clock: no petitions
	if err != nil {
		t.Fatal(err)
	}
	if res.Petitions != nil || count(t, db, `SELECT COUNT(*) FROM petitions`) != 0 {
		t.Fatalf("petitions loaded without a clock: %+v", res.Petitions)
	}
	res, err = demo.Load(ctx, s, demo.Options{Clock: &db.Now, SkipRatings: true, SkipTraining: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.AlreadyLoaded || res.Petitions == nil || res.Petitions.Created != demo.PetitionCount() || res.OfficialsCreated != 0 {
		t.Fatalf("second load: already %v, officials %d, petitions %+v", res.AlreadyLoaded, res.OfficialsCreated, res.Petitions)
	}
	res, err = demo.Load(ctx, s, demo.Options{Clock: &db.Now, SkipRatings: true, SkipTraining: true})
	if err != nil || !res.AlreadyLoaded {
		t.Fatalf("third load: %+v %v", res, err)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM petitions`); n != demo.PetitionCount() {
		t.Errorf("%d petitions, want %d", n, demo.PetitionCount())
	}
}

// A demo restarted on a database holding more than petition.MaxCount
// petitions (its own and generated ones, newer) finds its own petitions
// and inserts none of them again.
func TestLoadPetitionsOnABigDatabase(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newServices(t, db)
		ctx := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("test"))
		if _, err := demo.Load(ctx, s, demo.Options{Clock: &db.Now, SkipRatings: true, SkipTraining: true}); err != nil {
			t.Fatal(err)
		}
		generated := 2 * petition.MaxCount // more than three pages of congvu.MaxPageSize
		if err := devdata.GeneratePetitions(ctx, db, generated, nil); err != nil {
			t.Fatal(err)
		}
		for restart := 1; restart <= 2; restart++ {
			res, err := demo.Load(ctx, s, demo.Options{Clock: &db.Now, SkipRatings: true, SkipTraining: true})
			if err != nil {
				t.Fatal(err)
			}
			if !res.AlreadyLoaded || (res.Petitions != nil && res.Petitions.Created != 0) {
				t.Errorf("restart %d: already loaded %v, petitions %+v", restart, res.AlreadyLoaded, res.Petitions)
			}
		}
		if n, want := count(t, db, `SELECT COUNT(*) FROM petitions`), demo.PetitionCount()+generated; n != want {
			t.Errorf("%d petitions after two restarts, want %d (%d inserted twice)", n, want, n-want)
		}
	})
}
