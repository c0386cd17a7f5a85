package trainingsql_test

import (
	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/training"
	"context"
	"testing"
	"time"
)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// cover reads the coverage of a unit as ctx.
func cover(t *testing.T, w *world, ctx context.Context, f training.CoverageFilter) (training.Coverage, map[int64]training.Coverage) {
	t.Helper()
	self, children, err := w.svc.Coverage(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	m := map[int64]training.Coverage{}
	for _, c := range children {
		m[c.UnitID] = c
	}
	return *self, m
}

// Opening a province's campaign assigns every active official of its
// subtree, set-based; the coverage of the province and its districts is
// the truth; attending by QR code, marking and online study complete
// assignments; the rollups equal a recount at every step.
func TestTrainingCoverageFollowsTheSteps(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		c := w.campaign(t, w.headP1, w.x.P1, false)
		if c.Status != training.CampaignDraft || c.Assigned != 0 {
			t.Fatalf("draft: %+v", c)
		}
		c = w.open(t, w.headP1, c)
		if c.Status != training.CampaignOpen || c.Assigned != 6 || c.Completed != 0 {
			t.Fatalf("opened: %+v", c)
		}
		checkRollups(t, db)
		self, kids := cover(t, w, w.headP1, training.CoverageFilter{UnitID: w.x.P1, Year: 2026})
		if self.Assigned != 6 || kids[w.x.D1].Assigned != 3 || kids[w.x.D2].Assigned != 2 || self.Rate != 0 {
			t.Fatalf("coverage after opening: %+v %+v", self, kids)
		}
		if _, ok := kids[w.x.P2]; ok {
			t.Fatal("another province among the children")
		}

		// QR attendance completes a campaign without a quiz.
		s := w.session(t, w.headP1, c, training.ModeInPerson)
		code := must(w.svc.SessionCode(w.headP1, s.ID))
		at, err := w.svc.Attend(w.offD1, s.ID, code)
		if err != nil || at.Method != training.AttendQR || at.OfficialID != w.offs["D1A"].ID {
			t.Fatalf("attend: %+v %v", at, err)
		}
		// A second scan returns the first attendance and writes nothing.
		audits := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'training.attend'`)
		w.clock.Add(time.Minute)
		again, err := w.svc.Attend(w.offD1, s.ID, must(w.svc.SessionCode(w.headP1, s.ID)))
		if err != nil || !again.At.Equal(at.At) {
			t.Fatalf("second scan: %+v %v", again, err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'training.attend'`); n != audits || audits != 1 {
			t.Fatalf("audited %d then %d", audits, n)
		}
		// The organiser marks two more, one already present is not counted.
		n, err := w.svc.Mark(w.headP1, s.ID, []int64{w.offs["D1B"].ID, w.offs["D2B"].ID, w.offs["D1A"].ID})
		if err != nil || n != 2 {
			t.Fatalf("mark: %d %v", n, err)
		}
		checkRollups(t, db)
		self, kids = cover(t, w, w.headP1, training.CoverageFilter{UnitID: w.x.P1, CampaignID: c.ID})
		if self.Completed != 3 || kids[w.x.D1].Completed != 2 || kids[w.x.D2].Completed != 1 || self.Rate != 50 {
			t.Fatalf("coverage after attendance: %+v %+v", self, kids)
		}
		behind, total, err := w.svc.Assignments(w.headD1, training.Filter{CampaignID: c.ID, Behind: true})
		if err != nil || total != 1 || behind[0].OfficialID != w.offs["D1C"].ID {
			t.Fatalf("behind in D1: %d %v", total, err)
		}

		// Online study completes a second campaign, of D1 only.
		c2 := w.open(t, w.headD1, w.campaign(t, w.headD1, w.x.D1, false))
		on := w.session(t, w.headD1, c2, training.ModeOnline)
		if _, err := w.svc.StudyOnline(w.offD1, on.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Attend(w.offD1, on.ID, "AAAAAAAAAA"); congvu.ErrorCode(err) != congvu.EINVALID {
			t.Fatalf("a QR code on an online session: %v", err)
		}
		checkRollups(t, db)
		y, err := w.svc.OfficialYear(w.offD1, w.offs["D1A"].ID, 2026)
		if err != nil || y.Required != 2 || y.Completed != 2 || y.Hours != 8 || y.MinHours != 40 || len(y.Lines) != 2 {
			t.Fatalf("official year: %+v %v", y, err)
		}
		self, _ = cover(t, w, w.headP1, training.CoverageFilter{UnitID: w.x.P1, Year: 2026})
		if self.Assigned != 6 || self.Completed != 2 { // D1A and D2B; D1B has the district's campaign to do
			t.Fatalf("the year counts officials once: %+v", self)
		}
		ys, err := trainingsqlYears(db, w.x.D1Path)
		if err != nil || len(ys) != 3 || ys[w.offs["D1A"].ID].Completed != 2 || ys[w.offs["D1C"].ID].Completed != 0 {
			t.Fatalf("years of D1: %+v %v", ys, err)
		}

		uy, err := trainingsqlUnitYears(db, []int64{w.x.P1, w.x.D1, w.x.P2})
		if err != nil || uy[w.x.P1].Assigned != 6 || uy[w.x.P1].Completed != 2 || uy[w.x.D1].Completed != 1 || uy[w.x.P2].Rate != -1 {
			t.Fatalf("unit years: %+v %v", uy, err)
		}

		// Closing freezes the campaign.
		closed, err := w.svc.CloseCampaign(w.headP1, c.ID)
		if err != nil || closed.Status != training.CampaignClosed || closed.Completed != 3 {
			t.Fatalf("close: %+v %v", closed, err)
		}
		if _, err := w.svc.CloseCampaign(w.headP1, c.ID); congvu.ErrorCode(err) != congvu.ECONFLICT {
			t.Fatalf("closed twice: %v", err)
		}
		if _, err := w.svc.Mark(w.headP1, s.ID, []int64{w.offs["D1C"].ID}); congvu.ErrorCode(err) != congvu.ECONFLICT {
			t.Fatalf("marked after closing: %v", err)
		}
		if _, err := w.svc.UpdateCampaign(w.headP1, c.ID, training.CampaignInput{UnitID: w.x.P1, Title: "x", Audience: training.AudienceAll,
			StartsOn: day(2026, 3, 1), EndsOn: day(2026, 3, 2)}); congvu.ErrorCode(err) != congvu.ECONFLICT {
			t.Fatalf("edited a closed campaign: %v", err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind IN ('training.campaign.create', 'training.campaign.open',
			'training.campaign.close', 'training.session.create', 'training.mark')`); n != 8 {
			t.Fatalf("audited %d steps", n)
		}
		checkRollups(t, db)
	})
}

// A code forwarded to someone absent stops working; a wrong code and an
// expired one get the same answer; someone outside the audience is
// refused; scanning is rate-limited; outside the session's hours the
// code does not count.
func TestTrainingAttendAttacks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		c := w.open(t, w.headP1, w.campaign(t, w.headP1, w.x.D1, false))
		s := w.session(t, w.headP1, c, training.ModeInPerson)
		code := must(w.svc.SessionCode(w.headP1, s.ID))
		if _, err := w.svc.SessionCode(w.offD1, s.ID); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("an official read the organiser's code: %v", err)
		}
		w.clock.Add(2*training.QRPeriod + time.Second)
		_, expired := w.svc.Attend(w.offD1, s.ID, code)
		_, wrong := w.svc.Attend(w.offD1, s.ID, "ABCDEFGHIJ")
		if congvu.ErrorCode(expired) != congvu.EINVALID || congvu.ErrorMessage(expired) != congvu.ErrorMessage(wrong) {
			t.Fatalf("expired %v, wrong %v", expired, wrong)
		}
		// An official of another district scans the live code.
		live := must(w.svc.SessionCode(w.headP1, s.ID))
		if _, err := w.svc.Attend(w.offD2, s.ID, live); congvu.ErrorCode(err) != congvu.EFORBIDDEN ||
			congvu.ErrorMessage(err) != "Anh/chị không thuộc đối tượng của đợt bồi dưỡng này." {
			t.Fatalf("outside the audience: %v", err)
		}
		if _, err := w.svc.Attend(sqldbtest.As(nil), s.ID, live); congvu.ErrorCode(err) != congvu.EUNAUTH {
			t.Fatalf("anonymous: %v", err)
		}
		if _, err := w.svc.Attend(w.headD1, s.ID, live); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("a user without an official record: %v", err)
		}
		// Marking an official of another province.
		if _, err := w.svc.Mark(w.headP1, s.ID, []int64{w.offs["P2A"].ID}); congvu.ErrorFields(err)["official_ids"] == "" {
			t.Fatalf("marked an official outside the audience: %v", err)
		}
		if _, err := w.svc.Mark(w.headP2, s.ID, []int64{w.offs["D1B"].ID}); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("another province's head marked: %v", err)
		}
		// After the session's hours the organiser's code does not count.
		w.clock.Add(3 * time.Hour)
		if _, err := w.svc.Attend(w.offD1, s.ID, must(w.svc.SessionCode(w.headP1, s.ID))); congvu.ErrorCode(err) != congvu.ECONFLICT {
			t.Fatalf("after the session: %v", err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM training_attendances`); n != 0 {
			t.Fatalf("%d attendances written", n)
		}
		// Guessing codes is rate-limited.
		var err error
		for range trainingsqlAttendLimit + 1 {
			_, err = w.svc.Attend(w.offD2, s.ID, "ABCDEFGHIJ")
		}
		if congvu.ErrorCode(err) != congvu.ELIMIT {
			t.Fatalf("guessing: %v", err)
		}
		checkRollups(t, db)
	})
}

// A head reads their subtree only: coverage, campaigns, assignments and
// an official's year outside it are not found; a district's head sees the
// province's campaign (it trains their staff) but manages only their own.
func TestTrainingScopes(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		c := w.open(t, w.headP1, w.campaign(t, w.headP1, w.x.P1, false))
		if _, _, err := w.svc.Coverage(w.headP2, training.CoverageFilter{UnitID: w.x.P1, Year: 2026}); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("P2's head read P1's coverage: %v", err)
		}
		if _, _, err := w.svc.Coverage(w.headD1, training.CoverageFilter{UnitID: w.x.D2, Year: 2026}); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("D1's head read D2's coverage: %v", err)
		}
		if _, err := w.svc.FindCampaign(w.headP2, c.ID); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("P2's head found P1's campaign: %v", err)
		}
		if _, err := w.svc.FindCampaign(w.offP2, c.ID); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("P2's official found P1's campaign: %v", err)
		}
		if _, err := w.svc.FindCampaign(w.offD1, c.ID); err != nil {
			t.Fatalf("an assigned official: %v", err)
		}
		if _, err := w.svc.FindCampaign(w.headD1, c.ID); err != nil {
			t.Fatalf("D1's head does not see the province's campaign: %v", err)
		}
		if _, err := w.svc.CloseCampaign(w.headD1, c.ID); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("D1's head closed the province's campaign: %v", err)
		}
		if _, err := w.svc.CreateCampaign(w.headD1, training.CampaignInput{UnitID: w.x.P1, Title: "x", Audience: training.AudienceAll,
			StartsOn: day(2026, 3, 1), EndsOn: day(2026, 3, 2)}); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("D1's head created a campaign of P1: %v", err)
		}
		if _, err := w.svc.CreateCampaign(w.inspP1, training.CampaignInput{UnitID: w.x.D1, Title: "x", Audience: training.AudienceAll,
			StartsOn: day(2026, 3, 1), EndsOn: day(2026, 3, 2)}); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("an inspector created a campaign: %v", err)
		}
		list, total, err := w.svc.Assignments(w.headD1, training.Filter{CampaignID: c.ID})
		if err != nil || total != 3 || len(list) != 3 {
			t.Fatalf("D1's head lists %d: %v", total, err)
		}
		for _, a := range list {
			if a.UnitID != w.x.D1 {
				t.Fatalf("D1's head lists an official of unit %d", a.UnitID)
			}
		}
		if _, total, _ := w.svc.Assignments(w.headP2, training.Filter{CampaignID: c.ID}); total != 0 {
			t.Fatalf("P2's head lists %d of P1's", total)
		}
		camps, total, err := w.svc.FindCampaigns(w.headP2, training.Filter{})
		if err != nil || total != 0 || len(camps) != 0 {
			t.Fatalf("P2's head lists P1's campaigns: %d %v", total, err)
		}
		if _, total, _ := w.svc.FindCampaigns(w.headD1, training.Filter{}); total != 1 {
			t.Fatalf("D1's head lists %d campaigns", total)
		}
		if _, err := w.svc.OfficialYear(w.headP2, w.offs["D1A"].ID, 2026); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("P2's head read D1A's year: %v", err)
		}
		if _, err := w.svc.OfficialYear(w.offD2, w.offs["D1A"].ID, 2026); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("a colleague read D1A's year: %v", err)
		}
		if _, err := w.svc.OfficialYear(w.headP1, w.offs["D1A"].ID, 2026); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.OfficialYear(w.offD1, w.offs["D1A"].ID, 2026); err != nil {
			t.Fatal(err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'training.read' AND entity_id = $1`, w.offs["D1A"].ID); n != 1 {
			t.Fatalf("the head's reading audited %d times (the official's own not)", n)
		}
		mine, err := w.svc.Mine(w.offD1)
		if err != nil || len(mine) != 1 || mine[0].CampaignID != c.ID {
			t.Fatalf("mine: %v", err)
		}
	})
}

// A quiz campaign completes on attendance and a pass; the year counts an
// official passed only when every quiz of the year is passed; remedial
// training for named officials reopens a complete year.
func TestTrainingQuizAndNamed(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		c := w.open(t, w.headP1, w.campaign(t, w.headP1, w.x.D1, true))
		s := w.session(t, w.headP1, c, training.ModeInPerson)
		d1a, d1b := w.offs["D1A"].ID, w.offs["D1B"].ID
		if _, err := w.svc.Mark(w.headP1, s.ID, []int64{d1a, d1b}); err != nil {
			t.Fatal(err)
		}
		quiz := func(off int64, score int, passed bool) {
			t.Helper()
			if err := db.InTx(w.sys, func(tx *sqldb.Tx) error { return w.svc.RecordQuiz(tx, c.ID, off, score, passed, tx.Now) }); err != nil {
				t.Fatal(err)
			}
		}
		quiz(d1a, 40, false)
		quiz(d1a, 100, true)
		quiz(d1b, 60, false)
		if err := db.InTx(w.sys, func(tx *sqldb.Tx) error {
			return w.svc.RecordQuiz(tx, c.ID, w.offs["P2A"].ID, 100, true, tx.Now)
		}); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("a quiz outside the audience: %v", err)
		}
		got := must(w.svc.FindCampaign(w.headP1, c.ID))
		if got.Assigned != 3 || got.Completed != 1 || got.Passed != 1 {
			t.Fatalf("quiz campaign: %+v", got)
		}
		list, _, _ := w.svc.Assignments(w.headP1, training.Filter{CampaignID: c.ID})
		for _, a := range list {
			if a.OfficialID == d1a && (a.Attempts != 2 || a.BestScore != 100 || a.CompletedAt == nil) {
				t.Fatalf("D1A: %+v", a)
			}
			if a.OfficialID == d1b && (a.Attempts != 1 || a.BestScore != 60 || a.CompletedAt != nil) {
				t.Fatalf("D1B: %+v", a)
			}
		}
		checkRollups(t, db)

		// Remedial training names D1A: their complete, passed year is no
		// longer complete until they train again.
		named := training.CampaignInput{UnitID: w.x.D1, Title: "Bồi dưỡng bổ sung", Audience: training.AudienceNamed,
			Reason: "Phản ánh có cơ sở", OfficialIDs: []int64{d1a, w.offs["P2A"].ID}, StartsOn: day(2026, 3, 1), EndsOn: day(2026, 4, 30)}
		if _, err := w.svc.CreateCampaign(w.headD1, named); congvu.ErrorFields(err)["official_ids"] == "" {
			t.Fatalf("named an official of another province: %v", err)
		}
		named.OfficialIDs = []int64{d1a}
		rc := w.open(t, w.headD1, must(w.svc.CreateCampaign(w.headD1, named)))
		if rc.Assigned != 1 {
			t.Fatalf("named campaign assigned %d", rc.Assigned)
		}
		self, _ := cover(t, w, w.headP1, training.CoverageFilter{UnitID: w.x.D1, Year: 2026})
		if self.Assigned != 3 || self.Completed != 0 || self.Passed != 1 {
			t.Fatalf("year after naming: %+v", self)
		}
		checkRollups(t, db)
		w.clock.Add(24 * time.Hour)
		on := w.session(t, w.headD1, rc, training.ModeOnline)
		if _, err := w.svc.StudyOnline(w.offD1, on.ID); err != nil {
			t.Fatal(err)
		}
		self, _ = cover(t, w, w.headP1, training.CoverageFilter{UnitID: w.x.D1, Year: 2026})
		if self.Completed != 1 || self.Passed != 1 {
			t.Fatalf("year after remedial training: %+v", self)
		}
		checkRollups(t, db)
	})
}

// A district moved to another province this year takes its year's
// coverage with it: the rollups still equal a recount over the tree as it
// stands.
func TestTrainingUnitMove(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		c := w.open(t, w.headP1, w.campaign(t, w.headP1, w.x.P1, false))
		s := w.session(t, w.headP1, c, training.ModeInPerson)
		if _, err := w.svc.Mark(w.headP1, s.ID, []int64{w.offs["D1A"].ID, w.offs["D2A"].ID}); err != nil {
			t.Fatal(err)
		}
		if _, err := orgsqlUnits(db).Restructure(sqldbtest.Sys(), org.RestructuringPlan{Effective: congvu.Date(db.Now()).Format(time.DateOnly),
			Decision: "Nghị quyết thử nghiệm", Operations: []org.RestructuringOp{{Op: org.RestructMove, From: []string{"P1D1"}, Parent: "P2"}}}); err != nil {
			t.Fatal(err)
		}
		checkRollups(t, db)
		p2, _ := cover(t, w, w.headP2, training.CoverageFilter{UnitID: w.x.P2, CampaignID: c.ID})
		if p2.Assigned != 3 || p2.Completed != 1 {
			t.Fatalf("P2 after the move: %+v", p2)
		}
	})
}

// Steps of one official at once (a double tap on the phone, the organiser
// marking them at another session meanwhile, a second campaign) count
// once: the rollups still equal a recount.
func TestTrainingConcurrentSteps(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		c1 := w.open(t, w.headP1, w.campaign(t, w.headP1, w.x.D1, false))
		c2 := w.open(t, w.headD1, w.campaign(t, w.headD1, w.x.D1, false))
		s1a, s1b := w.session(t, w.headP1, c1, training.ModeInPerson), w.session(t, w.headP1, c1, training.ModeInPerson)
		s2 := w.session(t, w.headD1, c2, training.ModeInPerson)
		code := must(w.svc.SessionCode(w.headP1, s1a.ID))
		d1a := w.offs["D1A"].ID
		errs := make(chan error, 4)
		go func() { _, err := w.svc.Attend(w.offD1, s1a.ID, code); errs <- err }()
		go func() { _, err := w.svc.Attend(w.offD1, s1a.ID, code); errs <- err }()
		go func() { _, err := w.svc.Mark(w.headP1, s1b.ID, []int64{d1a}); errs <- err }()
		go func() { _, err := w.svc.Mark(w.headD1, s2.ID, []int64{d1a}); errs <- err }()
		for range 4 {
			if err := <-errs; err != nil {
				t.Error(err)
			}
		}
		checkRollups(t, db)
		self, _ := cover(t, w, w.headP1, training.CoverageFilter{UnitID: w.x.D1, Year: 2026})
		if self.Assigned != 3 || self.Completed != 1 {
			t.Fatalf("year: %+v", self)
		}
	})
}

// A draft naming officials gives their names back to who manages it (to
// edit it without losing them), not to who only reads it; an opened
// campaign's audience is its assignments.
func TestTrainingDraftNamedOfficials(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		in := training.CampaignInput{UnitID: w.x.D1, Title: "Bồi dưỡng bổ sung", Audience: training.AudienceNamed, Reason: "Phản ánh có cơ sở",
			OfficialIDs: []int64{w.offs["D1B"].ID, w.offs["D1A"].ID}, StartsOn: day(2026, 3, 1), EndsOn: day(2026, 4, 30)}
		c := must(w.svc.CreateCampaign(w.headD1, in))
		for _, who := range []context.Context{w.headD1, w.headP1} {
			got := must(w.svc.FindCampaign(who, c.ID))
			if len(got.Named) != 2 || got.Named[0].OfficialName != "Cán bộ D1A" || got.Named[1].OfficialID != w.offs["D1B"].ID || got.Named[0].UnitName == "" {
				t.Fatalf("named of the draft: %+v", got.Named)
			}
		}
		if got := must(w.svc.FindCampaign(w.inspP1, c.ID)); got.Named != nil {
			t.Fatalf("a reader sees the names of a draft: %+v", got.Named)
		}
	})
}
