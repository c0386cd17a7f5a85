package feedbacksql_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
)

func TestFeedbackReviewAndScope(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := fbSetup(t, db)
		pub := fbPublic()
		flagged, err := x.fs.Submit(pub, feedback.Input{BadgeToken: x.an.BadgeToken, Satisfaction: feedback.Dissatisfied,
			Answers: fbAllYes("GT-NN", "GT-LN"), Comment: "Cán bộ nói năng cộc lốc", Contact: "0987 654 321", FillTime: 2 * time.Second})
		if err != nil || flagged.Status != feedback.Flagged {
			t.Fatalf("%+v %v", flagged, err)
		}
		rejected, err := x.fs.Submit(pub, feedback.Input{BadgeToken: x.an.BadgeToken, Satisfaction: feedback.VerySatisfied, Answers: fbAllYes(), Honeypot: "x"})
		if err != nil || rejected.Status != feedback.Rejected {
			t.Fatalf("%+v %v", rejected, err)
		}
		if _, err := x.fs.Submit(pub, feedback.Input{BadgeToken: x.chi.BadgeToken, Satisfaction: feedback.Satisfied, Comment: "Đúng hẹn"}); err != nil {
			t.Fatal(err)
		}
		sqldbtest.NextDay(db) // non-reviewers see a rating from the next day on
		supervisor := sqldbtest.As(sqldbtest.Actor(20, congvu.RoleSupervisor, x.D1, fmt.Sprintf("%s%d/", x.P1Path, x.D1)))
		inspector := sqldbtest.As(sqldbtest.Actor(21, congvu.RoleInspector, x.P1, x.P1Path))
		otherAdmin := sqldbtest.As(sqldbtest.Actor(22, congvu.RoleAdmin, x.P2, fmt.Sprintf("/1/%d/", x.P2)))
		anSelf := &congvu.Actor{UserID: 23, Username: "an", FullName: "Nguyễn Văn An", OfficialID: x.an.ID}

		// Who sees what.
		list, total, err := x.fs.FindFeedback(supervisor, feedback.Filter{})
		if err != nil || total != 2 || len(list) != 2 || list[0].Contact != "0987 654 321" && list[1].Contact != "0987 654 321" {
			t.Fatalf("supervisor of D1: %d %v %v", total, list, err)
		}
		if list[0].IdempotencyKey != "" || len(list[0].Answers) == 0 && len(list[1].Answers) == 0 {
			t.Errorf("listed %+v", list[0])
		}
		list, total, _ = x.fs.FindFeedback(inspector, feedback.Filter{})
		if total != 3 {
			t.Errorf("inspector of P1 sees %d", total)
		}
		for _, f := range list {
			if f.Contact != "" {
				t.Errorf("contact shown to an inspector")
			}
		}
		if _, total, _ = x.fs.FindFeedback(otherAdmin, feedback.Filter{}); total != 0 {
			t.Errorf("admin of P2 sees %d", total)
		}
		if _, total, _ = x.fs.FindFeedback(pub, feedback.Filter{}); total != 0 {
			t.Errorf("the public sees %d", total)
		}
		list, total, _ = x.fs.FindFeedback(sqldbtest.As(anSelf), feedback.Filter{})
		if total != 2 || list[0].OfficialID != x.an.ID || list[0].Contact != "" {
			t.Errorf("official sees %d: %+v", total, list)
		}
		if _, total, _ = x.fs.FindFeedback(inspector, feedback.Filter{Query: "noi nang coc loc"}); total != 1 {
			t.Errorf("search without diacritics: %d", total)
		}
		if _, total, _ = x.fs.FindFeedback(inspector, feedback.Filter{Status: feedback.Flagged, UnitID: x.C1}); total != 1 {
			t.Errorf("flagged in C1: %d", total)
		}
		if _, total, _ = x.fs.FindFeedback(inspector, feedback.Filter{OfficialID: x.chi.ID}); total != 1 {
			t.Errorf("chi: %d", total)
		}
		// A reviewer's window is exact; an inspector, who does not review,
		// gets whole days (feedback.Filter.RedactFor).
		if _, total, _ = x.fs.FindFeedback(supervisor, feedback.Filter{From: x.clock.Now().Add(time.Minute)}); total != 0 {
			t.Errorf("from later: %d", total)
		}
		if _, total, _ = x.fs.FindFeedback(inspector, feedback.Filter{From: feedback.Day(x.clock.Now()).AddDate(0, 0, 1)}); total != 0 {
			t.Errorf("from the next day: %d", total)
		}

		// Who may review.
		_, err = x.fs.ReviewFeedback(inspector, flagged.ID, feedback.Accepted, "")
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, err = x.fs.ReviewFeedback(otherAdmin, flagged.ID, feedback.Accepted, "")
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = x.fs.ReviewFeedback(sqldbtest.As(anSelf), flagged.ID, feedback.Accepted, "")
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, err = x.fs.ReviewFeedback(supervisor, flagged.ID, "ok", "")
		sqldbtest.Code(t, err, congvu.EINVALID)

		before := fbRollup(t, db, "rollup_unit_day", "unit_id", x.P1)
		if before != (fbTally{total: 1, sat: 1, flagged: 1, rejected: 1}) {
			t.Fatalf("before review %+v", before)
		}
		got, err := x.fs.ReviewFeedback(supervisor, flagged.ID, feedback.Accepted, "Đã gọi điện xác minh")
		if err != nil || got.Status != feedback.Accepted {
			t.Fatalf("restore %+v %v", got, err)
		}
		if after := fbRollup(t, db, "rollup_unit_day", "unit_id", x.P1); after != (fbTally{total: 2, sat: 1, dis: 1, rejected: 1}) {
			t.Errorf("after restore %+v", after)
		}
		if items := fbItems(t, db, "rollup_official_day", "official_id", x.an.ID); items["GT-NN"] != [2]int{0, 1} || items["GT-XC"] != [2]int{1, 1} {
			t.Errorf("official items %v", items)
		}
		x.checkRollups(t)
		if _, err := x.fs.ReviewFeedback(supervisor, rejected.ID, feedback.Accepted, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := x.fs.ReviewFeedback(supervisor, flagged.ID, feedback.Rejected, "Trùng lặp"); err != nil {
			t.Fatal(err)
		}
		if again, err := x.fs.ReviewFeedback(supervisor, flagged.ID, feedback.Rejected, ""); err != nil || again.Status != feedback.Rejected {
			t.Fatalf("same status %+v %v", again, err)
		}
		x.checkRollups(t)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'feedback.review' AND entity_id = $1 AND actor_id = 20`, flagged.ID); n != 2 {
			t.Errorf("%d review events", n)
		}
		var beforeJSON, afterJSON string
		db.Read.QueryRow(`SELECT CAST(before_json AS TEXT), CAST(after_json AS TEXT) FROM audit_events WHERE kind = 'feedback.review' ORDER BY id LIMIT 1`).Scan(&beforeJSON, &afterJSON)
		if beforeJSON == "" || afterJSON == "" || beforeJSON == afterJSON {
			t.Errorf("audit before %s after %s", beforeJSON, afterJSON)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM feedback WHERE id = $1 AND reviewed_by = 20 AND reviewed_at IS NOT NULL`, flagged.ID); n != 1 {
			t.Errorf("reviewer not recorded")
		}
	})
}

// Ratings recorded in a commune from the effective date of a restructuring
// on follow it when its province is merged into another: the new
// province's subtree rollups include them, the old province keeps none it
// no longer contains, and the root is unchanged. (Ratings before the date
// stay with the tree as it stood: TestDashboardKeepsTheTreeAsItStood.)
func TestFeedbackRollupsFollowRestructuring(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := fbSetup(t, db)
		pub := fbPublic()
		for i, o := range []*org.Official{x.an, x.binh, x.chi, x.an} {
			x.clock.Add(time.Duration(i) * 13 * time.Hour)
			if _, err := x.fs.Submit(pub, feedback.Input{BadgeToken: o.BadgeToken, Satisfaction: feedback.Satisfactions[i%3], Answers: fbAllYes("GT-XP")}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := x.fs.Submit(pub, feedback.Input{BadgeToken: x.an.BadgeToken, Satisfaction: feedback.Satisfied, Honeypot: "x"}); err != nil {
			t.Fatal(err)
		}
		// A rating in P2 too, so the merge adds to existing rows.
		ofP2 := sqldbtest.Official(t, x.offs, x.P2, "DUNG", "Phạm Dũng", org.CategoryCadre)
		if _, err := x.fs.Submit(pub, feedback.Input{BadgeToken: ofP2.BadgeToken, Satisfaction: feedback.Dissatisfied, Answers: fbAllYes()}); err != nil {
			t.Fatal(err)
		}
		root := fbRollup(t, db, "rollup_unit_day", "unit_id", 1)
		p1 := fbRollup(t, db, "rollup_unit_day", "unit_id", x.P1)
		p2 := fbRollup(t, db, "rollup_unit_day", "unit_id", x.P2)
		if p1.total != 4 || p1.rejected != 1 || p2.total != 1 {
			t.Fatalf("before: P1 %+v P2 %+v", p1, p2)
		}
		us := orgsql.NewUnitService(db)
		_, err := us.Restructure(sqldbtest.Sys(), org.RestructuringPlan{Effective: "2026-03-05", Decision: "Nghị quyết thử nghiệm", Operations: []org.RestructuringOp{
			{Op: org.RestructMerge, From: []string{"P1", "P2"}, Into: &org.NewUnitSpec{Code: "P2"}},
		}})
		if err != nil {
			t.Fatal(err)
		}
		if got := fbRollup(t, db, "rollup_unit_day", "unit_id", x.P2); got.total != p1.total+p2.total || got.rejected != 1 || got.dis != p1.dis+p2.dis {
			t.Errorf("new province %+v, want P1 %+v + P2 %+v", got, p1, p2)
		}
		if got := fbRollup(t, db, "rollup_unit_day", "unit_id", 1); got != root {
			t.Errorf("root %+v, was %+v", got, root)
		}
		x.checkRollups(t)

		// And a move of a district between provinces, both ways.
		x2, _ := sqldbtest.Unit(t, db, "/1/", "P3", "Tỉnh Ba")
		_ = x2
		if _, err := us.Restructure(sqldbtest.Sys(), org.RestructuringPlan{Effective: "2026-03-05", Decision: "Quyết định thử", Operations: []org.RestructuringOp{
			{Op: org.RestructMove, From: []string{"P1D1"}, Parent: "P3"},
		}}); err != nil {
			t.Fatal(err)
		}
		if got := fbRollup(t, db, "rollup_unit_day", "unit_id", x2); got.total != 3 {
			t.Errorf("P3 after the move %+v", got)
		}
		x.checkRollups(t)
		// New ratings after the move count under the new ancestors.
		if _, err := x.fs.Submit(pub, feedback.Input{BadgeToken: x.binh.BadgeToken, Satisfaction: feedback.Satisfied}); err != nil {
			t.Fatal(err)
		}
		if got := fbRollup(t, db, "rollup_unit_day", "unit_id", x2); got.total != 4 {
			t.Errorf("P3 after a new rating %+v", got)
		}
		x.checkRollups(t)
	})
}

// The dossier code of a rating points to the citizen's case, and so to the
// citizen: the rated official (and anyone else who may only view ratings)
// never sees it, in lists or in answers; reviewers of the unit do.
func TestFeedbackDossierCodeOnlyForReviewers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := fbSetup(t, db)
		const code = "000.00.34.H57-0099"
		fb, err := x.fs.Submit(fbPublic(), feedback.Input{BadgeToken: x.an.BadgeToken, Satisfaction: feedback.Dissatisfied,
			Comment: "Trễ hẹn", DossierCode: code, FillTime: 2 * time.Second})
		if err != nil || fb.Status != feedback.Flagged {
			t.Fatalf("%+v %v", fb, err)
		}
		sqldbtest.NextDay(db) // non-reviewers see a rating from the next day on
		supervisor := sqldbtest.As(sqldbtest.Actor(20, congvu.RoleSupervisor, x.D1, fmt.Sprintf("%s%d/", x.P1Path, x.D1)))
		inspector := sqldbtest.As(sqldbtest.Actor(21, congvu.RoleInspector, x.P1, x.P1Path))
		anSelf := sqldbtest.As(&congvu.Actor{UserID: 23, Username: "an", FullName: "Nguyễn Văn An", OfficialID: x.an.ID})
		for _, c := range []struct {
			name string
			ctx  context.Context
			want string
		}{{"the rated official", anSelf, ""}, {"an inspector", inspector, ""}, {"a reviewer", supervisor, code}} {
			list, total, err := x.fs.FindFeedback(c.ctx, feedback.Filter{})
			if err != nil || total != 1 {
				t.Fatalf("%s: %d %v", c.name, total, err)
			}
			if list[0].DossierCode != c.want {
				t.Errorf("%s sees dossier code %q in the list, want %q", c.name, list[0].DossierCode, c.want)
			}
		}
		got, err := x.fs.ReviewFeedback(supervisor, fb.ID, feedback.Accepted, "")
		if err != nil || got.DossierCode != code {
			t.Errorf("reviewer's answer %+v %v", got, err)
		}
	})
}

// A supervisor's review queue holds today's ratings of the units they
// review even when they also hold a grant that does not review (an
// inspector's elsewhere): the cap of today is decided rating by rating
// (feedback.VisibleCut), not for the whole list.
func TestFeedbackTodayCapPerRating(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := fbSetup(t, db)
		flagged, err := x.fs.Submit(fbPublic(), feedback.Input{BadgeToken: x.an.BadgeToken, Satisfaction: feedback.Dissatisfied,
			Answers: fbAllYes("GT-NN"), Comment: "Cán bộ nói năng cộc lốc", FillTime: 2 * time.Second})
		if err != nil || flagged.Status != feedback.Flagged {
			t.Fatalf("%+v %v", flagged, err)
		}
		if _, err := x.fs.Submit(fbPublic(), feedback.Input{BadgeToken: x.chi.BadgeToken, Satisfaction: feedback.Satisfied, Comment: "Đúng hẹn"}); err != nil {
			t.Fatal(err)
		}
		sup := sqldbtest.Actor(20, congvu.RoleSupervisor, x.D1, fmt.Sprintf("%s%d/", x.P1Path, x.D1))
		list, total, err := x.fs.FindFeedback(sqldbtest.As(sup), feedback.Filter{Status: feedback.Flagged})
		if err != nil || total != 1 || len(list) != 1 || list[0].ID != flagged.ID {
			t.Fatalf("supervisor of D1: %d %+v %v", total, list, err)
		}
		sup.Grants = append(sup.Grants, congvu.Grant{Role: congvu.RoleInspector, UnitID: x.D2, UnitPath: fmt.Sprintf("%s%d/", x.P1Path, x.D2)})
		list, total, err = x.fs.FindFeedback(sqldbtest.As(sup), feedback.Filter{Status: feedback.Flagged})
		if err != nil || total != 1 || len(list) != 1 || list[0].ID != flagged.ID {
			t.Fatalf("supervisor of D1, inspector of D2: %d %+v %v", total, list, err)
		}
		// Today's rating of D2, which they only inspect, waits for tomorrow.
		list, total, err = x.fs.FindFeedback(sqldbtest.As(sup), feedback.Filter{})
		if err != nil || total != 1 || len(list) != 1 || list[0].UnitID != x.C1 {
			t.Fatalf("all: %d %+v %v", total, list, err)
		}
		sqldbtest.NextDay(db)
		if _, total, _ = x.fs.FindFeedback(sqldbtest.As(sup), feedback.Filter{}); total != 2 {
			t.Errorf("next day: %d", total)
		}
	})
}
