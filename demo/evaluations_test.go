package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/demo"
	"congvu/emulation"
	"congvu/evaluation"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/violation"
)

// The demo's evaluations and movements, as the demo accounts see them: the
// 2025 evaluation closed under the old rules; the year in progress under
// Decree 335/2025 with products tracked monthly, the official disciplined
// under 172/2025 capped at not completed, the quota of the ward's centre
// refusing a second excellent; the 2019–2025 movement with its reviews and
// titles decided, the 2026–2030 one open with the year's registrations.
func TestLoadEvaluations(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newServices(t, db)
		if s.Evaluations == nil || s.Emulation == nil {
			t.Skip("no evaluation or emulation service")
		}
		ctx := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("test"))
		res, err := demo.Load(ctx, s, demo.Options{Clock: &db.Now, SkipRatings: true, SkipTraining: true})
		if err != nil {
			t.Fatal(err)
		}
		er := res.Evaluations
		if er == nil || er.Emulation == nil {
			t.Fatal("no evaluations loaded")
		}
		t.Logf("evaluations and movements loaded in %v: %+v %+v", er.Elapsed, *er, *er.Emulation)
		if d := time.Until(db.Now()); d < -time.Minute || d > time.Minute {
			t.Errorf("the clock was not restored: off by %v", d)
		}
		year := demo.EvaluationYear(time.Now())
		head := signedIn(t, ctx, s, "thutruong")
		noivu := signedIn(t, ctx, s, "noivu")
		ward, err := s.Units.FindUnitByCode(ctx, demo.CityWard)
		if err != nil {
			t.Fatal(err)
		}
		centre, err := s.Units.FindUnitByCode(ctx, demo.CityWard+".TTPVHCC")
		if err != nil {
			t.Fatal(err)
		}

		// 2025: closed under Decree 90/2020, every official decided and
		// notified; a few excellent, one not completed.
		closed, total, err := s.Evaluations.FindEvaluations(head, evaluation.Filter{UnitID: ward.ID, Year: demo.ClosedYear, Limit: congvu.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		levels := map[evaluation.Level]int{}
		for _, e := range closed {
			if e.FinalLevel() == "" || e.NotifiedAt.IsZero() || strings.Contains(e.RuleSetCode, "335") {
				t.Errorf("%s's evaluation of %d: %s, level %q, notified %v, rule %s", e.OfficialName, demo.ClosedYear, e.Status, e.FinalLevel(), e.NotifiedAt, e.RuleSetCode)
			}
			levels[e.FinalLevel()]++
		}
		if total < 30 || levels[evaluation.LevelExcellent] < 2 || levels[evaluation.LevelNotCompleted] != 1 || levels[evaluation.LevelGood] < total/2 {
			t.Errorf("%d evaluations of %d: %v", total, demo.ClosedYear, levels)
		}

		// The accounts made for the officials to self-assess were issued
		// at a moment of the demo's clock, not at its zero.
		users, _, err := s.Users.FindUsers(ctx, org.UserFilter{Query: "cb.", Limit: congvu.MaxPageSize})
		if err != nil || len(users) < 30 {
			t.Fatalf("officials' accounts: %d %v", len(users), err)
		}
		for _, u := range users {
			if u.CreatedAt.Year() < 2025 {
				t.Errorf("account %s created on %v", u.Username, u.CreatedAt)
			}
		}

		// The year in progress: products tracked monthly, some failed.
		products, n, err := s.Evaluations.FindProducts(head, evaluation.ProductFilter{UnitID: centre.ID, Year: year, Limit: congvu.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		var confirmed, failed int
		for _, p := range products {
			if p.Status == evaluation.ProductConfirmed {
				confirmed++
				if p.QualityFailed || p.ProgressFailed {
					failed++
				}
			}
		}
		if n < 50 || confirmed < n/2 || failed < 3 {
			t.Errorf("products of %d at the centre: %d, %d confirmed, %d failed", year, n, confirmed, failed)
		}

		// The official disciplined under 172/2025 is capped at not
		// completed, the decision named.
		cases, _, err := s.Discipline.FindCases(noivu, violation.CaseFilter{UnitID: ward.ID, Limit: congvu.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		var capped int64
		for _, c := range cases {
			full, err := s.Discipline.FindCase(noivu, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if full.Decision != nil && strings.Contains(full.RuleSetTitle, "172/2025") && congvu.Date(full.Decision.EffectiveOn).Year() == year {
				capped = full.OfficialID
			}
		}
		if capped == 0 {
			t.Fatal("no decision under 172/2025 this year")
		}
		list, _, err := s.Evaluations.FindEvaluations(head, evaluation.Filter{UnitID: centre.ID, Year: year, Limit: congvu.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		var waiting *evaluation.Evaluation
		found := false
		for _, e := range list {
			if e.OfficialID == capped {
				found = true
				full, err := s.Evaluations.FindEvaluation(head, e.ID)
				if err != nil {
					t.Fatal(err)
				}
				if full.Cap != evaluation.LevelNotCompleted || !strings.Contains(full.CapReason, "khiển trách") || full.FinalLevel() != evaluation.LevelNotCompleted {
					t.Errorf("the disciplined official's evaluation: cap %q (%s), level %q", full.Cap, full.CapReason, full.FinalLevel())
				}
			}
			if e.Status == evaluation.StatusProposed && e.Proposed == evaluation.LevelExcellent {
				waiting = e
			}
		}
		if !found {
			t.Errorf("no evaluation of %d for the disciplined official", year)
		}

		// The quota of the centre is full: the proposed excellent waits,
		// and deciding it is refused with the quota in the message.
		q, err := s.Evaluations.Quota(head, centre.ID, year, "")
		if err != nil || q.Remaining != 0 || q.Excellent < 1 {
			t.Errorf("quota of the centre: %+v %v", q, err)
		}
		if waiting == nil || er.QuotaRefused == "" {
			t.Fatalf("no proposed excellent waiting (refusal %q)", er.QuotaRefused)
		}
		if _, err := s.Evaluations.Decide(head, waiting.ID, evaluation.DecisionInput{Level: evaluation.LevelExcellent}); congvu.ErrorCode(err) != congvu.ECONFLICT {
			t.Errorf("deciding a second excellent: %v, want a conflict", err)
		}

		// canbo sees their own form and products.
		canbo := signedIn(t, ctx, s, "canbo")
		mine, err := s.Evaluations.Mine(canbo, year)
		if err != nil || mine.Status != evaluation.StatusSelfAssessed {
			t.Errorf("canbo's evaluation: %+v %v", mine, err)
		}
		own, n, err := s.Evaluations.FindProducts(canbo, evaluation.ProductFilter{Year: year, Limit: congvu.MaxPageSize})
		if err != nil || n == 0 {
			t.Errorf("canbo's products: %d %v", n, err)
		}
		for _, p := range own {
			if p.OfficialID != congvu.ActorFromContext(canbo).OfficialID {
				t.Errorf("canbo sees the product of %s", p.OfficialName)
			}
		}

		// The movements, as noivu sees them.
		ms, _, err := s.Emulation.FindMovements(noivu, emulation.MovementFilter{Limit: congvu.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		var first, next *emulation.Movement
		for _, m := range ms {
			switch {
			case m.FromYear == 2019 && m.ToYear == 2025:
				first = m
			case m.FromYear == 2026 && m.ToYear == 2030:
				next = m
			}
		}
		if first == nil || next == nil || first.Status != emulation.MovementClosed || next.Status != emulation.MovementOpen {
			t.Fatalf("movements: %+v, %+v", first, next)
		}
		reviews, err := s.Emulation.FindReviews(noivu, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[emulation.ReviewKind]int{}
		for _, r := range reviews {
			kinds[r.Kind] = r.Year
		}
		if kinds[emulation.ReviewInterim] != 2022 || kinds[emulation.ReviewFinal] != 2025 {
			t.Errorf("reviews of the 2019–2025 movement: %v", kinds)
		}
		titles, _, err := s.Emulation.FindTitleProposals(noivu, emulation.TitleFilter{Year: 2025, Status: emulation.ProposalApproved, Limit: congvu.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		byTitle := map[string]int{}
		for _, tp := range titles {
			byTitle[tp.Title]++
			if tp.DecisionNumber == "" {
				t.Errorf("title %s approved without a decision number", tp.TitleLabel)
			}
		}
		if byTitle[emulation.TitleLaoDongTienTien] < 3 || byTitle[emulation.TitleChienSiThiDuaCoSo] != 1 || byTitle[emulation.TitleTapTheLaoDongTienTien] != 1 {
			t.Errorf("titles of 2025 decided: %v", byTitle)
		}
		for _, subject := range []emulation.Subject{emulation.Collective, emulation.Individual} {
			_, n, err := s.Emulation.FindRegistrations(noivu, emulation.RegistrationFilter{MovementID: next.ID, Year: year, Subject: subject, Limit: 1})
			if err != nil || n == 0 {
				t.Errorf("%s registrations of %d in the 2026–2030 movement: %d %v", subject, year, n, err)
			}
		}

		// Loading again adds nothing.
		before := auditCount(t, ctx, s)
		again, err := demo.Load(ctx, s, demo.Options{Clock: &db.Now, SkipRatings: true, SkipTraining: true})
		if err != nil || !again.AlreadyLoaded {
			t.Fatalf("second load: %+v %v", again, err)
		}
		if after := auditCount(t, ctx, s); after != before {
			t.Errorf("second load wrote %d audit events", after-before)
		}
		// The links the demo prints read nothing personal and write nothing.
		links, err := demo.EvaluationLinks(ctx, s)
		if err != nil || len(links) < 6 {
			t.Errorf("links: %+v %v", links, err)
		}
		if after := auditCount(t, ctx, s); after != before {
			t.Errorf("the links wrote %d audit events", after-before)
		}
	})
}
