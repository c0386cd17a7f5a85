package violationsql_test

import (
	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/calendarsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/violationsql"
	"congvu/violation"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

// discJSON is a rule set as JSON without what storage adds (id, author,
// time), to compare stored sets with the Go defaults.
func discJSON(t *testing.T, r violation.RuleSet) string {
	t.Helper()
	r.ID, r.CreatedBy, r.CreatedAt = 0, 0, time.Time{}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Storage holds exactly violation.DefaultRuleSets (migration 0031) and
// judges an act by the set of its date; a national administrator adds a
// set from a later date (audited); nobody else may; a bad set, or one
// that starts in the past, saves nothing.
func TestDisciplineRuleSets(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db) // 05/03/2026
		svc := violationsql.NewDisciplineService(db, calendarsql.NewCalendarService(db))
		head := sqldbtest.As(sqldbtest.Actor(30, congvu.RoleUnitHead, 1, congvu.RootUnitPath))
		sets, err := svc.RuleSets(head)
		if err != nil {
			t.Fatal(err)
		}
		if len(sets) != len(violation.DefaultRuleSets) {
			t.Fatalf("stored %d rule sets, want %d", len(sets), len(violation.DefaultRuleSets))
		}
		for _, d := range violation.DefaultRuleSets {
			want := discJSON(t, d)
			if !slices.ContainsFunc(sets, func(r violation.RuleSet) bool { return discJSON(t, r) == want }) {
				t.Errorf("default rule set %s not stored as in Go", d.Code)
			}
		}
		if _, err := svc.RuleSets(sqldbtest.As(&congvu.Actor{})); congvu.ErrorCode(err) != congvu.EUNAUTH {
			t.Errorf("anonymous read the rule sets: %v", err)
		}
		for act, want := range map[time.Time]string{
			time.Date(2025, 6, 15, 9, 0, 0, 0, congvu.TimeZone): "112/2020-cbcc",
			time.Date(2025, 7, 1, 0, 5, 0, 0, congvu.TimeZone):  "172/2025-cbcc",
		} {
			r, err := svc.RuleSetFor(head, org.CategoryCivilServant, act)
			if err != nil || r.Code != want {
				t.Errorf("act %s: %v %v", act, r, err)
			}
		}
		if _, err := svc.RuleSetFor(head, org.CategoryWorker, time.Now()); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Errorf("người lao động: %v", err)
		}

		in := violation.DefaultRuleSets[1]
		in.Code, in.Title = "99/2026-cbcc", "Nghị định giả định 99/2026/NĐ-CP — cán bộ, công chức"
		in.From = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
		in.Basis = "Nghị định giả định 99/2026/NĐ-CP, hiệu lực 01/04/2026"
		provAdmin := sqldbtest.As(sqldbtest.Actor(21, congvu.RoleAdmin, 2, "/1/2/"))
		if _, err := svc.AddRuleSet(provAdmin, in); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Errorf("a provincial admin added a rule set: %v", err)
		}
		if _, err := svc.AddRuleSet(head, in); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Errorf("a unit head added a rule set: %v", err)
		}
		national := sqldbtest.As(sqldbtest.Actor(22, congvu.RoleAdmin, 1, congvu.RootUnitPath))
		bad := in
		bad.From = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		bad.Forms = nil
		_, err = svc.AddRuleSet(national, bad)
		if fs := congvu.ErrorFields(err); fs["valid_from"] == "" || fs["forms"] == "" {
			t.Fatalf("bad set: %v", err)
		}
		dup := in
		dup.Code = "172/2025-cbcc"
		if _, err := svc.AddRuleSet(national, dup); congvu.ErrorFields(err)["code"] == "" {
			t.Fatalf("duplicate code: %v", err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM discipline_rule_sets`); n != len(violation.DefaultRuleSets) {
			t.Fatalf("bad set saved: %d sets", n)
		}
		r, err := svc.AddRuleSet(national, in)
		if err != nil {
			t.Fatal(err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'discipline.rules' AND entity_id = $1 AND actor_id = 22`, r.ID); n != 1 {
			t.Fatalf("audited %d times", n)
		}
		for act, want := range map[time.Time]string{
			time.Date(2026, 3, 31, 23, 0, 0, 0, congvu.TimeZone): "172/2025-cbcc",
			time.Date(2026, 4, 1, 0, 5, 0, 0, congvu.TimeZone):   "99/2026-cbcc",
		} {
			got, err := svc.RuleSetFor(head, org.CategoryCadre, act)
			if err != nil || got.Code != want {
				t.Errorf("act %s after adding: %v %v", act, got, err)
			}
		}
		sets, _ = svc.RuleSets(head)
		if len(sets) != len(violation.DefaultRuleSets)+1 || sets[0].ID != r.ID || sets[0].CreatedBy != 22 || !strings.Contains(sets[0].Title, "99/2026") {
			t.Fatalf("listed %+v", sets[0])
		}
	})
}

// BenchmarkRuleSetFor is the stored rule lookup for an act's date and
// category, per call, through the service (cached sets, copied out).
func BenchmarkRuleSetFor(b *testing.B) {
	sqldbtest.EachBench(b, func(b *testing.B, db *sqldb.DB) {
		svc := violationsql.NewDisciplineService(db, calendarsql.NewCalendarService(db))
		ctx := sqldbtest.As(sqldbtest.Actor(30, congvu.RoleUnitHead, 1, congvu.RootUnitPath))
		acts := []time.Time{time.Date(2024, 5, 1, 9, 0, 0, 0, congvu.TimeZone), time.Date(2026, 5, 1, 9, 0, 0, 0, congvu.TimeZone)}
		cats := []org.Category{org.CategoryCivilServant, org.CategoryPublicEmployee}
		if _, err := svc.RuleSetFor(ctx, cats[0], acts[0]); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		for i := 0; b.Loop(); i++ {
			if _, err := svc.RuleSetFor(ctx, cats[i%2], acts[i/2%2]); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N), "ns/lookup")
	})
}
