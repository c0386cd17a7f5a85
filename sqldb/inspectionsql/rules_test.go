package inspectionsql_test

import (
	"congvu"
	"congvu/inspection"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// The stored rules start as the product's defaults; a national
// administrator adds a dated rule (audited), which changes who may own an
// inspection from its date and not before; nobody else may add one, and a
// bad rule saves nothing.
func TestInspectionRules(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		clock := sqldbtest.SetClock(db) // 05/03/2026
		rules, err := f.svc.Rules(f.headP1)
		if err != nil {
			t.Fatal(err)
		}
		if len(rules) != len(inspection.DefaultRules) {
			t.Fatalf("seeded %d rules, want %d", len(rules), len(inspection.DefaultRules))
		}
		for _, d := range inspection.DefaultRules {
			if !slices.ContainsFunc(rules, func(r inspection.Rule) bool {
				return r.Kind == d.Kind && slices.Equal(r.Levels, d.Levels) && r.From.Equal(d.From) && r.Until.Equal(d.Until) &&
					r.Basis == d.Basis && r.Verified == d.Verified
			}) {
				t.Errorf("default rule not seeded as in Go: %+v", d)
			}
		}

		from := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
		in := inspection.RuleInput{Kind: inspection.KindInspection, Levels: []org.UnitKind{org.KindNation}, From: from,
			Basis: "Nghị định giả định 99/2026/NĐ-CP, Điều 3 (hiệu lực 01/04/2026): chỉ Thanh tra Chính phủ"}
		provAdmin := sqldbtest.As(sqldbtest.Actor(21, congvu.RoleAdmin, f.x.P1, f.x.P1Path))
		for name, ctx := range map[string]context.Context{"provincial admin": provAdmin, "inspector": f.inspP1} {
			if _, err := f.svc.AddRule(ctx, in); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
				t.Errorf("%s added a rule: %v", name, err)
			}
		}
		national := sqldbtest.As(sqldbtest.Actor(22, congvu.RoleAdmin, 1, congvu.RootUnitPath))
		bad := in
		bad.Basis, bad.From = "  ", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		_, err = f.svc.AddRule(national, bad)
		if fs := congvu.ErrorFields(err); fs["basis"] == "" || fs["valid_from"] == "" {
			t.Fatalf("bad rule: %v", err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM inspection_rules`); n != len(inspection.DefaultRules) {
			t.Fatalf("bad rule saved: %d rules", n)
		}

		// Before the rule is added (cached) and after, until its date, a
		// province's inspector plans a thanh tra.
		f.plan(t, f.inspP1, inspection.KindInspection, inspection.PlanTargetInput{UnitID: f.x.D1, Month: 5})
		r, err := f.svc.AddRule(national, in)
		if err != nil {
			t.Fatal(err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'inspection.rule.add' AND entity_type = 'inspection_rule' AND entity_id = $1`, r.ID); n != 1 {
			t.Fatalf("audited %d times", n)
		}
		clock.Set(from.Add(-8 * time.Hour).Add(-time.Minute)) // 31/03/2026 23:59 in Vietnam
		f.plan(t, f.inspP1, inspection.KindInspection, inspection.PlanTargetInput{UnitID: f.x.D1, Month: 5})
		clock.Set(from.Add(-7 * time.Hour)) // 01/04/2026 00:00 in Vietnam
		_, err = f.svc.CreatePlan(f.inspP1, inspection.PlanInput{UnitID: f.x.P1, Kind: inspection.KindInspection, Year: 2026, Title: "Kế hoạch thanh tra",
			Scope: "Văn hóa công vụ", Team: []string{"Nguyễn Văn A"}, Targets: []inspection.PlanTargetInput{{UnitID: f.x.D1, Month: 5}}})
		if congvu.ErrorCode(err) != congvu.EFORBIDDEN || !strings.Contains(congvu.ErrorMessage(err), "99/2026") {
			t.Fatalf("province plans a thanh tra under the new rule: %v", err)
		}
		rules, _ = f.svc.Rules(f.headP1)
		i := slices.IndexFunc(rules, func(x inspection.Rule) bool { return x.Kind == inspection.KindInspection })
		if len(rules) != len(inspection.DefaultRules)+1 || i < 0 || rules[i].ID != r.ID || rules[i].CreatedBy != 22 {
			t.Fatalf("listed %+v", rules)
		}
	})
}
