package inspectionsql_test

import (
	"congvu"
	"congvu/inspection"
	"congvu/sqldb"
	"congvu/sqldb/inspectionsql"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
	"congvu/vntext"
	"context"
	"testing"
)

// fixture is a province P1 (kind province) with districts D1 and D2, a
// second province P2, the national catalog, and actors.
type fixture struct {
	db   *sqldb.DB
	svc  *inspectionsql.InspectionService
	std  *standardsql.StandardService
	offs *orgsql.OfficialService
	x    sqldbtest.Tree
	// head of P1 (plans checks), inspector of P1 (thanh tra), head of D1
	// (the inspected unit), head of D2 (a sibling), supervisor of P2.
	headP1, inspP1, headD1, headD2, supP2 context.Context
}

func newFixture(t *testing.T, db *sqldb.DB) *fixture {
	t.Helper()
	sqldbtest.SetClock(db)
	f := &fixture{db: db, std: standardsql.NewStandardService(db), offs: orgsql.NewOfficialService(db)}
	f.svc = inspectionsql.NewInspectionService(db, f.std)
	f.x = sqldbtest.MakeTree(t, db)
	if _, err := db.Write.Exec(`UPDATE units SET kind = 'province' WHERE id IN ($1, $2)`, f.x.P1, f.x.P2); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Write.Exec(`UPDATE units SET kind = 'district' WHERE id IN ($1, $2)`, f.x.D1, f.x.D2); err != nil {
		t.Fatal(err)
	}
	// Names searchable as the unit service stores them (folded).
	for id, name := range map[int64]string{f.x.P1: "Tỉnh Một", f.x.D1: "Huyện Một", f.x.D2: "Huyện Hai", f.x.P2: "Tỉnh Hai"} {
		if _, err := db.Write.Exec(`UPDATE units SET search_name = $1 WHERE id = $2`, vntext.SearchKey(name), id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.std.EnsureCatalog(sqldbtest.Sys()); err != nil {
		t.Fatal(err)
	}
	f.headP1 = sqldbtest.As(sqldbtest.Actor(11, congvu.RoleUnitHead, f.x.P1, f.x.P1Path))
	f.inspP1 = sqldbtest.As(sqldbtest.Actor(12, congvu.RoleInspector, f.x.P1, f.x.P1Path))
	f.headD1 = sqldbtest.As(sqldbtest.Actor(13, congvu.RoleUnitHead, f.x.D1, f.x.D1Path))
	f.headD2 = sqldbtest.As(sqldbtest.Actor(14, congvu.RoleUnitHead, f.x.D2, f.x.D2Path))
	f.supP2 = sqldbtest.As(sqldbtest.Actor(15, congvu.RoleSupervisor, f.x.P2, f.x.P2Path))
	return f
}

func (f *fixture) plan(t *testing.T, ctx context.Context, kind inspection.Kind, targets ...inspection.PlanTargetInput) *inspection.Plan {
	t.Helper()
	p, err := f.svc.CreatePlan(ctx, inspection.PlanInput{UnitID: f.x.P1, Kind: kind, Year: 2026, Title: "Kế hoạch kiểm tra văn hóa công vụ năm 2026",
		Scope: "Việc thực hiện Quy tắc ứng xử", Team: []string{"Nguyễn Văn A", "Trần Thị B"}, Targets: targets})
	if err != nil {
		t.Fatalf("create plan: %v", err)
	}
	return p
}

func TestPlanLifecycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		p := f.plan(t, f.headP1, inspection.KindCheck, inspection.PlanTargetInput{UnitID: f.x.D1, Month: 3},
			inspection.PlanTargetInput{UnitID: f.x.D2, Month: 5, Unannounced: true})
		if p.Status != inspection.PlanDraft || len(p.Targets) != 2 || len(p.Team) != 2 {
			t.Fatalf("plan %+v", p)
		}
		// A draft is not the inspected unit's business.
		if _, err := f.svc.FindPlan(f.headD1, p.ID); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("draft seen by the inspected unit: %v", err)
		}
		_, err := f.svc.PublishPlan(f.headP1, p.ID)
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		if _, err := f.svc.ApprovePlan(f.headP1, p.ID); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.UpdatePlan(f.headP1, p.ID, inspection.PlanInput{Year: 2026, Title: "x", Targets: []inspection.PlanTargetInput{{UnitID: f.x.D1, Month: 1}}})
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		p, err = f.svc.PublishPlan(f.headP1, p.ID)
		if err != nil || p.Status != inspection.PlanPublished || p.PublishedAt == nil {
			t.Fatalf("publish: %+v %v", p, err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE entity_type = 'inspection_plan' AND entity_id = $1`, p.ID); n != 3 {
			t.Fatalf("%d audit events, want 3", n)
		}
		// The inspected unit sees the published plan with its own
		// announced target; D2's unannounced target is not shown to D2.
		seen, err := f.svc.FindPlan(f.headD1, p.ID)
		if err != nil || len(seen.Targets) != 1 || seen.Targets[0].UnitID != f.x.D1 {
			t.Fatalf("D1 sees %+v, %v", seen, err)
		}
		if _, err := f.svc.FindPlan(f.headD2, p.ID); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("D2 sees a plan whose only target for it is unannounced: %v", err)
		}
		list, total, err := f.svc.FindPlans(f.headD2, inspection.PlanFilter{})
		if err != nil || len(list) != 0 || total != 0 {
			t.Fatalf("D2 lists %d (%d) plans: %v", len(list), total, err)
		}
		list, _, err = f.svc.FindPlans(f.supP2, inspection.PlanFilter{})
		if err != nil || len(list) != 0 {
			t.Fatalf("another province lists %d plans: %v", len(list), err)
		}
	})
}
