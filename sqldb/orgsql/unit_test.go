package orgsql_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
)

// nationalFile returns the path of the real national unit file. Outside CI
// a missing file skips the test; under CI it fails.
func nationalFile(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("CONGVU_TEST_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	p := filepath.Join(dir, "dvhcvn-2025-03-01.json")
	if _, err := os.Stat(p); err != nil {
		if sqldbtest.RequirePostgres() {
			t.Fatalf("national unit file missing: %v (set CONGVU_TEST_DATA)", err)
		}
		t.Skipf("national unit file missing: %v", err)
	}
	return p
}

func systemCtx() context.Context {
	return congvu.NewContextWithActor(context.Background(), congvu.SystemActor("test"))
}

func importNational(t testing.TB, us *orgsql.UnitService) *org.ImportResult {
	t.Helper()
	f, err := os.Open(nationalFile(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var calls, lastDone, lastTotal int
	res, err := us.ImportUnits(systemCtx(), f, func(done, total int) { calls++; lastDone, lastTotal = done, total })
	if err != nil {
		t.Fatal(err)
	}
	if calls < 3 || lastDone != lastTotal {
		t.Errorf("progress reported %d times, last %d/%d", calls, lastDone, lastTotal)
	}
	return res
}

func actorWith(role congvu.Role, u *org.Unit) context.Context {
	return congvu.NewContextWithActor(context.Background(), &congvu.Actor{UserID: 99, Username: "t", FullName: "T",
		Grants: []congvu.Grant{{Role: role, UnitID: u.ID, UnitPath: u.Path, UnitName: u.Name}}})
}

func TestNationalImport(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		us := orgsql.NewUnitService(db)
		ctx := systemCtx()
		start := time.Now()
		res := importNational(t, us)
		t.Logf("%s: national import %v: %+v", db.Engine, time.Since(start), res)
		if res.Created != 63+696+10047 || res.Total != res.Created {
			t.Fatalf("created %d of %d, want 10806", res.Created, res.Total)
		}
		// Importing again changes nothing.
		again := importNational(t, us)
		if again.Created != 0 || again.Updated != 0 || again.Unchanged != res.Total {
			t.Fatalf("second import %+v", again)
		}
		var events int
		db.Read.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE kind = 'unit.import'`).Scan(&events)
		if events != 1 {
			t.Errorf("%d import audit events, want 1 (the second import wrote nothing)", events)
		}

		n, err := us.CountSubtree(ctx, 1)
		if err != nil || n != 10807 {
			t.Fatalf("whole country subtree %d, %v", n, err)
		}
		hn, err := us.FindUnitByCode(ctx, "01")
		if err != nil || hn.Name != "Thành phố Hà Nội" || hn.ChildCount != 30 {
			t.Fatalf("Hà Nội: %+v, %v", hn, err)
		}
		px, err := us.FindUnitByCode(ctx, "00001")
		if err != nil || px.Name != "Phường Phúc Xá" || len(px.Ancestors) != 3 || px.Ancestors[1].Code != "01" || px.Depth != 3 {
			t.Fatalf("Phúc Xá: %+v ancestors %v, %v", px, px.Ancestors, err)
		}
		// Search ignores diacritics.
		list, total, err := us.FindUnits(ctx, org.UnitFilter{Query: "phuc xa", UnderID: hn.ID})
		if err != nil || total != 1 || list[0].Code != "00001" {
			t.Fatalf("search phuc xa: %d %v", total, err)
		}
		list, _, _ = us.FindUnits(ctx, org.UnitFilter{Query: "Đà Nẵng", Kind: org.KindProvince})
		if len(list) != 1 || list[0].Code != "48" {
			t.Fatalf("search Đà Nẵng: %v", list)
		}
		// Scope: a supervisor of Hà Nội sees Hà Nội's subtree only.
		sup := actorWith(congvu.RoleSupervisor, hn)
		if _, total, _ := us.FindUnits(sup, org.UnitFilter{Kind: org.KindProvince}); total != 1 {
			t.Errorf("Hà Nội supervisor sees %d provinces", total)
		}
		if _, err := us.FindUnitByCode(sup, "48"); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Errorf("Hà Nội supervisor reads Đà Nẵng: %v", err)
		}
		if _, err := us.CreateUnit(sup, org.UnitInput{Code: "X1", Name: "Sở X", Kind: org.KindDepartment, ParentID: hn.ID}); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Errorf("supervisor creates unit: %v", err)
		}
		if _, err := us.FindUnitByID(actorWith(congvu.RoleOfficial, hn), hn.ID); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Errorf("official reads unit tree: %v", err)
		}
		if _, err := us.ImportUnits(actorWith(congvu.RoleAdmin, hn), strings.NewReader(`{"data":[]}`), nil); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Errorf("provincial admin imports national file: %v", err)
		}
	})
}

func TestImportRejectsBadFiles(t *testing.T) {
	us := orgsql.NewUnitService(sqldbtest.SQLite(t))
	for name, body := range map[string]string{
		"not json":   `{"data": [`,
		"no data":    `{"foo": 1}`,
		"bad code":   `{"data":[{"level1_id":"0 1","name":"Tỉnh A","type":"Tỉnh","level2s":[]}]}`,
		"no name":    `{"data":[{"level1_id":"01","name":" ","type":"Tỉnh","level2s":[]}]}`,
		"duplicates": `{"data":[{"level1_id":"01","name":"A","level2s":[{"level2_id":"01","name":"B"}]}]}`,
	} {
		_, err := us.ImportUnits(systemCtx(), strings.NewReader(body), nil)
		if congvu.ErrorCode(err) != congvu.EINVALID || congvu.ErrorMessage(err) == "" {
			t.Errorf("%s: %v", name, err)
		}
	}
	if n, _ := us.CountSubtree(systemCtx(), 1); n != 1 {
		t.Errorf("rejected files saved %d units", n-1)
	}
}

func TestCreateAndUpdateUnit(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		us := orgsql.NewUnitService(db)
		ctx := systemCtx()
		p, err := us.CreateUnit(ctx, org.UnitInput{Code: "34", Name: "  Tỉnh  Thái Bình ", Kind: org.KindProvince, ParentID: 1})
		if err != nil || p.Name != "Tỉnh Thái Bình" || p.Path != congvu.PathOf("/1/", p.ID) || p.Depth != 1 {
			t.Fatalf("create: %+v %v", p, err)
		}
		_, err = us.CreateUnit(ctx, org.UnitInput{Code: "34", Name: "Trùng", Kind: org.KindProvince, ParentID: 1})
		if congvu.ErrorCode(err) != congvu.ECONFLICT || congvu.ErrorFields(err)["code"] == "" {
			t.Fatalf("duplicate code: %v", err)
		}
		_, err = us.CreateUnit(ctx, org.UnitInput{Code: "", Name: "", Kind: "x", ParentID: p.ID})
		if f := congvu.ErrorFields(err); f["code"] == "" || f["name"] == "" || f["kind"] == "" {
			t.Fatalf("validation: %v", err)
		}
		u, err := us.UpdateUnit(ctx, p.ID, org.UnitInput{Code: "34", Name: "Tỉnh Thái Bình (cũ)", Kind: org.KindProvince})
		if err != nil || u.Name != "Tỉnh Thái Bình (cũ)" {
			t.Fatalf("update: %v", err)
		}
		var before, after string
		if err := db.Read.QueryRow(`SELECT CAST(before_json AS TEXT), CAST(after_json AS TEXT) FROM audit_events WHERE kind = 'unit.update'`).Scan(&before, &after); err != nil ||
			!strings.Contains(before, "Tỉnh Thái Bình\"") || !strings.Contains(after, "(cũ)") {
			t.Fatalf("audit before %s after %s: %v", before, after, err)
		}
		// A failed write leaves no audit event.
		us.UpdateUnit(ctx, p.ID, org.UnitInput{Code: "VN", Name: "x", Kind: org.KindProvince})
		var n int
		db.Read.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE kind = 'unit.update'`).Scan(&n)
		if n != 1 {
			t.Errorf("%d update events after a failed update", n)
		}
	})
}

// The 01/07/2025 reorganisation, in miniature: two provinces merge keeping
// one's code, districts are abolished, communes merge into a new ward
// directly under the province, and a commune is split.
func TestRestructuring2025(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		us := orgsql.NewUnitService(db)
		ctx := systemCtx()
		must := func(u *org.Unit, err error) *org.Unit {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		mk := func(code, name string, kind org.UnitKind, parent int64) *org.Unit {
			return must(us.CreateUnit(ctx, org.UnitInput{Code: code, Name: name, Kind: kind, ParentID: parent}))
		}
		tq := mk("08", "Tỉnh Tuyên Quang", org.KindProvince, 1)
		hg := mk("02", "Tỉnh Hà Giang", org.KindProvince, 1)
		tqCity := mk("070", "Thành phố Tuyên Quang", org.KindDistrict, tq.ID)
		hgCity := mk("024", "Thành phố Hà Giang", org.KindDistrict, hg.ID)
		a := mk("02212", "Phường Phan Thiết", org.KindCommune, tqCity.ID)
		b := mk("02215", "Phường Minh Xuân", org.KindCommune, tqCity.ID)
		mk("00688", "Phường Quang Trung", org.KindCommune, hgCity.ID)
		d := mk("00691", "Xã Ngọc Đường", org.KindCommune, hgCity.ID)
		// History recorded against an old unit, and officials working there.
		for i, u := range []*org.Unit{a, b, d, d} {
			if _, err := db.Write.Exec(`INSERT INTO officials (unit_id, employee_code, full_name, search_name, category, badge_token, created_at, updated_at) VALUES ($1, $2, 'Cán bộ', 'can bo', 'civil_servant', $2, $3, $3)`,
				u.ID, "E"+string(rune('0'+i)), db.Now()); err != nil {
				t.Fatal(err)
			}
		}
		plan := org.RestructuringPlan{Effective: "01/07/2025", Decision: "Nghị quyết 202/2025/QH15 ngày 12/6/2025", Operations: []org.RestructuringOp{
			{Op: org.RestructMerge, From: []string{"08", "02"}, Into: &org.NewUnitSpec{Code: "08"}},
			{Op: org.RestructMerge, From: []string{"02212", "02215"}, Into: &org.NewUnitSpec{Code: "TQ-MX", Name: "Phường Minh Xuân", Kind: org.KindCommune, TypeName: "Phường", ParentCode: "08"}},
			{Op: org.RestructSplit, From: []string{"00691"}, Parts: []org.NewUnitSpec{
				{Code: "HG-1", Name: "Phường Hà Giang 1", Kind: org.KindCommune, ParentCode: "08"},
				{Code: "HG-2", Name: "Phường Hà Giang 2", Kind: org.KindCommune, ParentCode: "08"}},
				Officials: map[string]string{"E3": "HG-2"}},
			{Op: org.RestructAbolish, From: []string{"070"}},
			{Op: org.RestructAbolish, From: []string{"024"}},
		}}
		rs, err := us.Restructure(ctx, plan)
		if err != nil || len(rs) != 5 {
			t.Fatalf("restructure: %v", err)
		}
		tq = must(us.FindUnitByID(ctx, tq.ID))
		hg = must(us.FindUnitByID(ctx, hg.ID))
		if !tq.Active || hg.Active || hg.DissolvedOn == nil || hg.DissolvedOn.Format("2006-01-02") != "2025-07-01" || hg.ParentID != tq.ID {
			t.Fatalf("Hà Giang after merge: %+v", hg)
		}
		// Predecessors of Tuyên Quang: Hà Giang (merged) and both abolished districts.
		if len(hg.Successors) != 1 || hg.Successors[0].ID != tq.ID || len(tq.Predecessors) != 3 || tq.Predecessors[0].ID != hg.ID {
			t.Fatalf("succession: %v / %v", hg.Successors, tq.Predecessors)
		}
		// The new province has no districts left: wards directly under it.
		kids, _, _ := us.FindUnits(ctx, org.UnitFilter{ParentID: tq.ID})
		var names []string
		for _, k := range kids {
			names = append(names, k.Code)
		}
		slices.Sort(names)
		if strings.Join(names, ",") != "00688,HG-1,HG-2,TQ-MX" {
			t.Errorf("active children of Tuyên Quang: %v", names)
		}
		// Officials moved; the split sent E3 to HG-2 and the rest to HG-1.
		var unitOf = func(emp string) int64 {
			var id int64
			db.Read.QueryRow(`SELECT unit_id FROM officials WHERE employee_code = $1`, emp).Scan(&id)
			return id
		}
		mx := must(us.FindUnitByCode(ctx, "TQ-MX"))
		hg1 := must(us.FindUnitByCode(ctx, "HG-1"))
		hg2 := must(us.FindUnitByCode(ctx, "HG-2"))
		if unitOf("E0") != mx.ID || unitOf("E1") != mx.ID || unitOf("E2") != hg1.ID || unitOf("E3") != hg2.ID {
			t.Errorf("officials: %d %d %d %d; want %d %d %d %d", unitOf("E0"), unitOf("E1"), unitOf("E2"), unitOf("E3"), mx.ID, mx.ID, hg1.ID, hg2.ID)
		}
		// Old units keep their identity and roll up into their successors.
		a = must(us.FindUnitByID(ctx, a.ID))
		if a.Active || !strings.HasPrefix(a.Path, mx.Path) {
			t.Errorf("old ward %+v not under its successor %s", a, mx.Path)
		}
		all, _, _ := us.FindUnits(ctx, org.UnitFilter{UnderID: tq.ID, IncludeClosed: true, Limit: 100})
		if len(all) != 11 { // 2 provinces, 2 districts, 4 old wards, 3 new ones
			t.Errorf("Tuyên Quang subtree with history: %d units, want 11", len(all))
		}
		if got, _ := us.FindRestructurings(ctx, hg.ID); len(got) != 1 || got[0].Kind != org.RestructMerge {
			t.Errorf("restructurings of Hà Giang: %v", got)
		}
		// A plan with a bad operation saves nothing.
		before, _ := us.CountSubtree(ctx, 1)
		_, err = us.Restructure(ctx, org.RestructuringPlan{Effective: "2025-07-01", Decision: "QĐ 1", Operations: []org.RestructuringOp{
			{Op: org.RestructMerge, From: []string{"00688", "HG-1"}, Into: &org.NewUnitSpec{Code: "NEW", Name: "Phường Mới", Kind: org.KindCommune}},
			{Op: org.RestructMerge, From: []string{"02"}, Into: &org.NewUnitSpec{Code: "08"}},
		}})
		if congvu.ErrorCode(err) != congvu.EINVALID || !strings.Contains(congvu.ErrorMessage(err), "Thao tác 2") {
			t.Fatalf("bad plan: %v", err)
		}
		if after, _ := us.CountSubtree(ctx, 1); after != before {
			t.Errorf("a rejected plan left %d units behind", after-before)
		}
		if _, err := us.FindUnitByCode(ctx, "NEW"); !errors.Is(err, err) || congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Errorf("unit of a rejected plan exists: %v", err)
		}
	})
}

// BenchmarkNationalImport reports the seconds to import the national tree
// into an empty database, per engine.
func BenchmarkNationalImport(b *testing.B) {
	for name, mk := range map[string]func(testing.TB) *sqldb.DB{"sqlite": sqldbtest.SQLite, "postgres": sqldbtest.Postgres} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db := mk(b)
				if db == nil {
					b.Skip("CONGVU_TEST_POSTGRES not set")
				}
				b.StartTimer()
				importNational(b, orgsql.NewUnitService(db))
			}
		})
	}
}

// BenchmarkSubtree reports the latency of subtree queries on the national
// tree: counting the whole country, and listing one commune's subtree.
func BenchmarkSubtree(b *testing.B) {
	for name, mk := range map[string]func(testing.TB) *sqldb.DB{"sqlite": sqldbtest.SQLite, "postgres": sqldbtest.Postgres} {
		db := mk(b)
		if db == nil {
			continue
		}
		us := orgsql.NewUnitService(db)
		importNational(b, us)
		ctx := systemCtx()
		commune, _ := us.FindUnitByCode(ctx, "00001")
		b.Run(name+"/country_count", func(b *testing.B) {
			for b.Loop() {
				if n, err := us.CountSubtree(ctx, 1); err != nil || n < 10807 {
					b.Fatal(n, err)
				}
			}
		})
		b.Run(name+"/country_list_page", func(b *testing.B) {
			for b.Loop() {
				if _, n, err := us.FindUnits(ctx, org.UnitFilter{UnderID: 1}); err != nil || n < 10807 {
					b.Fatal(n, err)
				}
			}
		})
		b.Run(name+"/commune", func(b *testing.B) {
			for b.Loop() {
				if _, n, err := us.FindUnits(ctx, org.UnitFilter{UnderID: commune.ID}); err != nil || n != 1 {
					b.Fatal(n, err)
				}
			}
		})
	}
}

// TestRestructuring2025National applies the documented 2025 province
// mergers to the real national tree, then abolishes every district: 34
// provinces remain, with every commune directly under one.
func TestRestructuring2025National(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		us := orgsql.NewUnitService(db)
		ctx := systemCtx()
		importNational(t, us)
		body, err := os.ReadFile(filepath.Join("..", "..", "docs", "examples", "restructuring-2025-provinces.json"))
		if err != nil {
			t.Fatal(err)
		}
		var plan org.RestructuringPlan
		if err := json.Unmarshal(body, &plan); err != nil {
			t.Fatal(err)
		}
		districts, total, err := us.FindUnits(ctx, org.UnitFilter{Kind: org.KindDistrict, Limit: congvu.MaxPageSize})
		if err != nil || total != 696 {
			t.Fatalf("%d districts, %v", total, err)
		}
		for off := len(districts); off < total; off += congvu.MaxPageSize {
			more, _, _ := us.FindUnits(ctx, org.UnitFilter{Kind: org.KindDistrict, Offset: off, Limit: congvu.MaxPageSize})
			districts = append(districts, more...)
		}
		for _, d := range districts {
			plan.Operations = append(plan.Operations, org.RestructuringOp{Op: org.RestructAbolish, From: []string{d.Code}})
		}
		start := time.Now()
		if _, err := us.Restructure(ctx, plan); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d operations in %v", db.Engine, len(plan.Operations), time.Since(start))
		if _, n, _ := us.FindUnits(ctx, org.UnitFilter{Kind: org.KindProvince}); n != 34 {
			t.Errorf("%d active provinces, want 34", n)
		}
		if _, n, _ := us.FindUnits(ctx, org.UnitFilter{Kind: org.KindDistrict}); n != 0 {
			t.Errorf("%d active districts remain", n)
		}
		if _, n, _ := us.FindUnits(ctx, org.UnitFilter{Kind: org.KindCommune}); n != 10047 {
			t.Errorf("%d active communes, want all 10047 (commune mergers are separate operations)", n)
		}
		// Thái Bình's former commune now lies under Hưng Yên, and so does Thái Bình.
		hy, _ := us.FindUnitByCode(ctx, "33")
		tb, _ := us.FindUnitByCode(ctx, "34")
		var directUnder int
		db.Read.QueryRow(`SELECT COUNT(*) FROM units WHERE parent_id = $1 AND kind = 'commune' AND active = TRUE`, hy.ID).Scan(&directUnder)
		if tb.Active || tb.ParentID != hy.ID || directUnder != 381 { // 139 of Hưng Yên + 242 of Thái Bình
			t.Errorf("Thái Bình %+v; %d communes directly under Hưng Yên", tb, directUnder)
		}
		if n, _ := us.CountSubtree(ctx, 1); n != 10807 {
			t.Errorf("units lost or added: %d", n)
		}
	})
}

func TestPublicLookupAndHiddenSubtrees(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		us := orgsql.NewUnitService(db)
		ctx := systemCtx()
		a, _ := us.CreateUnit(ctx, org.UnitInput{Code: "A", Name: "Tỉnh A", Kind: org.KindProvince, ParentID: 1})
		b, _ := us.CreateUnit(ctx, org.UnitInput{Code: "B", Name: "Tỉnh B", Kind: org.KindProvince, ParentID: 1})
		// The public sees an active unit's name by code, nothing more.
		u, err := us.FindPublicUnitByCode(context.Background(), " A ")
		if err != nil || u.Name != "Tỉnh A" || u.Path != "" || u.ParentID != 0 {
			t.Fatalf("public lookup: %+v %v", u, err)
		}
		if _, err := us.FindUnitByCode(context.Background(), "A"); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Errorf("anonymous full lookup: %v", err)
		}
		us.Restructure(ctx, org.RestructuringPlan{Effective: "2025-07-01", Decision: "QĐ 1", Operations: []org.RestructuringOp{
			{Op: org.RestructMerge, From: []string{"B"}, Into: &org.NewUnitSpec{Code: "A"}}}})
		if _, err := us.FindPublicUnitByCode(context.Background(), "B"); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Errorf("dissolved unit found publicly: %v", err)
		}
		// Citizens search active units by name, diacritics ignored, each
		// with its parent and nothing more.
		if _, err := us.CreateUnit(ctx, org.UnitInput{Code: "A.X", Name: "Ủy ban nhân dân xã Vũ Phúc", Kind: org.KindCommune, ParentID: a.ID}); err != nil {
			t.Fatal(err)
		}
		list, err := us.FindPublicUnits(context.Background(), "xa vu phuc", 10)
		if err != nil || len(list) != 1 || list[0].Code != "A.X" || list[0].Path != "" || len(list[0].Ancestors) != 1 || list[0].Ancestors[0].Name != "Tỉnh A" {
			t.Fatalf("public search: %+v %v", list, err)
		}
		if list, _ := us.FindPublicUnits(context.Background(), "Tỉnh", 10); len(list) != 1 || list[0].Code != "A" {
			t.Errorf("public search finds a dissolved unit or misses one: %+v", list)
		}
		if list, _ := us.FindPublicUnits(context.Background(), "A.X", 10); len(list) != 1 {
			t.Errorf("public search by code: %+v", list)
		}
		// Listing under a unit outside the actor's scope says "not found",
		// exactly as for a unit that does not exist.
		c, _ := us.CreateUnit(ctx, org.UnitInput{Code: "C", Name: "Tỉnh C", Kind: org.KindProvince, ParentID: 1})
		head := actorWith(congvu.RoleSupervisor, c)
		_, _, errOut := us.FindUnits(head, org.UnitFilter{UnderID: a.ID})
		_, _, errNone := us.FindUnits(head, org.UnitFilter{UnderID: 999999})
		if congvu.ErrorCode(errOut) != congvu.ENOTFOUND || congvu.ErrorCode(errNone) != congvu.ENOTFOUND {
			t.Errorf("under out-of-scope unit: %v; under missing unit: %v", errOut, errNone)
		}
		_ = b
	})
}
