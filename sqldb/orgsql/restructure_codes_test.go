package orgsql_test

import (
	"fmt"
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

// iaMoMerges is a merges file (the dvhcvn format of 01/07/2025) with the
// cases of the real one: Gia Lai takes in Bình Định; Xã Ia Ly takes in Xã
// Ia Mơ Nông (23737) and part of Xã Ia Nan; the new Xã Ia Mơ takes the code
// 23737 of Ia Mơ Nông, to which it is unrelated, with Xã Ia Púch and the
// rest of Ia Nan; Thị trấn Chư Sê goes on as Xã Chư Sê.
const iaMoMerges = `{"data":[{"level1_id":"52","name":"Tỉnh Gia Lai","merges":[{"old_id":"52","name":"Tỉnh Gia Lai","type":"full"},{"old_id":"64","name":"Tỉnh Bình Định","type":"full"}],
"level2s":[
 {"level2_id":"23737","name":"Xã Ia Mơ","merges":[{"old_id":"23740","name":"Xã Ia Púch","type":"full"},{"old_id":"23743","name":"Xã Ia Nan","type":"partial"}]},
 {"level2_id":"23734","name":"Xã Ia Ly","merges":[{"old_id":"23734","name":"Xã Ia Ly","type":"full"},{"old_id":"23737","name":"Xã Ia Mơ Nông","type":"full"},{"old_id":"23743","name":"Xã Ia Nan","type":"partial"}]},
 {"level2_id":"23800","name":"Xã Chư Sê","merges":[{"old_id":"23800","name":"Thị trấn Chư Sê","type":"full"}]},
 {"level2_id":"21550","name":"Phường Quy Nhơn","merges":[{"old_id":"21550","name":"Phường Lê Lợi","type":"full"},{"old_id":"21553","name":"Phường Trần Phú","type":"full"}]}
]}],"stats":{"level1_count":1,"level2_count":4}}`

// iaMoTree builds the old units of iaMoMerges, with an official in Ia Mơ
// Nông and one in Ia Nan.
type iaMoUnits struct{ gl, bd, iaLy, iaMoNong, iaPuch, iaNan, chuSe *org.Unit }

func iaMoTree(t *testing.T, db *sqldb.DB, us *orgsql.UnitService) iaMoUnits {
	t.Helper()
	ctx := systemCtx()
	mk := func(code, name, typ string, kind org.UnitKind, parent int64) *org.Unit {
		t.Helper()
		u, err := us.CreateUnit(ctx, org.UnitInput{Code: code, Name: name, Kind: kind, TypeName: typ, ParentID: parent})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	gl := mk("52", "Tỉnh Gia Lai", "Tỉnh", org.KindProvince, 1)
	bd := mk("64", "Tỉnh Bình Định", "Tỉnh", org.KindProvince, 1)
	cp := mk("632", "Huyện Chư Păh", "Huyện", org.KindDistrict, gl.ID)
	cs := mk("633", "Huyện Chư Sê", "Huyện", org.KindDistrict, gl.ID)
	qn := mk("540", "Thành phố Quy Nhơn", "Thành phố", org.KindDistrict, bd.ID)
	iaLy := mk("23734", "Xã Ia Ly", "Xã", org.KindCommune, cp.ID)
	iaMoNong := mk("23737", "Xã Ia Mơ Nông", "Xã", org.KindCommune, cp.ID)
	iaPuch := mk("23740", "Xã Ia Púch", "Xã", org.KindCommune, cp.ID)
	iaNan := mk("23743", "Xã Ia Nan", "Xã", org.KindCommune, cp.ID)
	chuSe := mk("23800", "Thị trấn Chư Sê", "Thị trấn", org.KindCommune, cs.ID)
	mk("21550", "Phường Lê Lợi", "Phường", org.KindCommune, qn.ID)
	mk("21553", "Phường Trần Phú", "Phường", org.KindCommune, qn.ID)
	for i, u := range []*org.Unit{iaMoNong, iaNan} {
		if _, err := db.Write.Exec(`INSERT INTO officials (unit_id, employee_code, full_name, search_name, category, badge_token, created_at, updated_at) VALUES ($1, $2, 'Cán bộ', 'can bo', 'civil_servant', $2, $3, $3)`,
			u.ID, "E"+string(rune('0'+i)), db.Now()); err != nil {
			t.Fatal(err)
		}
	}
	return iaMoUnits{gl, bd, iaLy, iaMoNong, iaPuch, iaNan, chuSe}
}

// TestRestructuringReusesCodes: a new unit takes the code of an old one the
// same plan dissolves, the histories of both stay apart, and a code names
// the unit in force.
func TestRestructuringReusesCodes(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		us := orgsql.NewUnitService(db)
		ctx := systemCtx()
		x := iaMoTree(t, db, us)
		gl, bd, iaLy, iaMoNong, iaPuch, iaNan, chuSe := x.gl, x.bd, x.iaLy, x.iaMoNong, x.iaPuch, x.iaNan, x.chuSe
		// Codes are unique among units in force.
		if _, err := us.CreateUnit(ctx, org.UnitInput{Code: "23737", Name: "Xã Khác", Kind: org.KindCommune, ParentID: gl.ID}); congvu.ErrorCode(err) != congvu.ECONFLICT {
			t.Fatalf("a second unit in force with code 23737: %v", err)
		}
		plan, err := org.ParseRestructuringFile([]byte(iaMoMerges))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := us.Restructure(ctx, plan); err != nil {
			t.Fatal(err)
		}
		get := func(id int64) *org.Unit {
			t.Helper()
			u, err := us.FindUnitByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		ids := func(list []*org.Unit) []int64 {
			var out []int64
			for _, u := range list {
				out = append(out, u.ID)
			}
			slices.Sort(out)
			return out
		}
		// The code 23737 names the new Xã Ia Mơ, a unit of its own.
		iaMo, err := us.FindUnitByCode(ctx, "23737")
		if err != nil || iaMo.ID == iaMoNong.ID || iaMo.Name != "Xã Ia Mơ" || !iaMo.Active || iaMo.ParentID != gl.ID || iaMo.TypeName != "Xã" {
			t.Fatalf("23737 after the plan: %+v, %v", iaMo, err)
		}
		newLy, _ := us.FindUnitByCode(ctx, "23734")
		if newLy.ID == iaLy.ID || newLy.Name != "Xã Ia Ly" || !newLy.Active {
			t.Fatalf("23734 after the plan: %+v", newLy)
		}
		// Ia Mơ Nông went into Ia Ly, not into the unit that took its code.
		old := get(iaMoNong.ID)
		if old.Active || old.Code != "23737" || !slices.Equal(ids(old.Successors), []int64{newLy.ID}) || old.ParentID != newLy.ID {
			t.Errorf("Ia Mơ Nông: %+v successors %v", old, ids(old.Successors))
		}
		if got := ids(iaMo.Predecessors); !slices.Equal(got, []int64{iaPuch.ID, iaNan.ID}) {
			t.Errorf("predecessors of Ia Mơ %v, want Ia Púch and Ia Nan", got)
		}
		if got := ids(newLy.Predecessors); !slices.Equal(got, []int64{iaLy.ID, iaMoNong.ID, iaNan.ID}) {
			t.Errorf("predecessors of Ia Ly %v", got)
		}
		// Ia Nan, divided, succeeded by both; its home is the first listing it.
		nan := get(iaNan.ID)
		if nan.Active || nan.ParentID != iaMo.ID || !slices.Equal(ids(nan.Successors), []int64{newLy.ID, iaMo.ID}) {
			t.Errorf("Ia Nan: parent %d successors %v", nan.ParentID, ids(nan.Successors))
		}
		var unitOf = func(emp string) int64 {
			var id int64
			db.Read.QueryRow(`SELECT unit_id FROM officials WHERE employee_code = $1`, emp).Scan(&id)
			return id
		}
		if unitOf("E0") != newLy.ID || unitOf("E1") != iaMo.ID {
			t.Errorf("officials went to %d and %d, want %d and %d", unitOf("E0"), unitOf("E1"), newLy.ID, iaMo.ID)
		}
		// Thị trấn Chư Sê goes on as a xã, directly under the province.
		cse := get(chuSe.ID)
		if !cse.Active || cse.Name != "Xã Chư Sê" || cse.TypeName != "Xã" || cse.ParentID != gl.ID {
			t.Errorf("Chư Sê: %+v", cse)
		}
		// Two tiers: no district, no thị trấn in force.
		var districts, townships int
		db.Read.QueryRow(`SELECT COUNT(*) FROM units WHERE active = TRUE AND kind = 'district'`).Scan(&districts)
		db.Read.QueryRow(`SELECT COUNT(*) FROM units WHERE active = TRUE AND type_name = 'Thị trấn'`).Scan(&townships)
		if districts != 0 || townships != 0 {
			t.Errorf("%d districts, %d thị trấn in force", districts, townships)
		}
		// The provinces: Bình Định under Gia Lai, with the decision of each level.
		if b := get(bd.ID); b.Active || b.ParentID != gl.ID {
			t.Errorf("Bình Định: %+v", b)
		}
		rs, _ := us.FindRestructurings(ctx, bd.ID)
		if len(rs) != 1 || rs[0].Decision != org.DecisionProvinces2025 {
			t.Errorf("Bình Định's restructuring: %+v", rs)
		}
		if rs, _ := us.FindRestructurings(ctx, iaMo.ID); len(rs) != 1 || rs[0].Decision != org.DecisionCommunes2025 {
			t.Errorf("Ia Mơ's restructuring: %+v", rs)
		}
		// The officials file names the unit in force with a code.
		offs := orgsql.NewOfficialService(db)
		if _, err := offs.ImportOfficialsCSV(ctx, strings.NewReader("ma_don_vi,ma_can_bo,ho_ten,loai,chuc_vu,lanh_dao,email,dien_thoai\n23737,IM-1,Cán bộ Ia Mơ,cán bộ,,,,\n")); err != nil {
			t.Fatal(err)
		}
		if unitOf("IM-1") != iaMo.ID {
			t.Errorf("an official of 23737 went to unit %d, want the new Ia Mơ %d", unitOf("IM-1"), iaMo.ID)
		}
		// A code in force is still unique.
		if _, err := us.CreateUnit(ctx, org.UnitInput{Code: "23737", Name: "Xã Khác", Kind: org.KindCommune, ParentID: gl.ID}); congvu.ErrorCode(err) != congvu.ECONFLICT {
			t.Errorf("a second unit in force with code 23737: %v", err)
		}
	})
}

// mergesFile reads the real merges file of 01/07/2025 (CONGVU_TEST_DATA).
func mergesFile(t testing.TB) []byte {
	t.Helper()
	body, err := os.ReadFile(filepath.Join(filepath.Dir(nationalFile(t)), "dvhcvn-merges-2025-07-01.json"))
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// TestRestructuring2025Merges applies the real 01/07/2025 file, as it is,
// to the real national tree, and reports the time it takes.
func TestRestructuring2025Merges(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		us := orgsql.NewUnitService(db)
		ctx := systemCtx()
		importNational(t, us)
		plan, err := org.ParseRestructuringFile(mergesFile(t))
		if err != nil {
			t.Fatal(err)
		}
		count := func(q string) int {
			var n int
			if err := db.Read.QueryRow(q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		// A dry run first: it lists everything and saves nothing.
		start := time.Now()
		p, err := us.PreviewRestructure(ctx, plan, 100)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: the 01/07/2025 file previewed in %v", db.Engine, time.Since(start))
		if p.Totals.Created != 3321-131 || p.Totals.Dissolved != 29+696+10047-131 || len(p.Created) != 100 || p.Totals.Renamed != p.Kinds["rename"] || p.Totals.Moved != 131 {
			t.Errorf("preview totals %+v", p.Totals)
		}
		if n := count(`SELECT COUNT(*) FROM units`); n != 1+63+696+10047 {
			t.Fatalf("the preview left %d units", n)
		}
		start = time.Now()
		if _, err := us.Restructure(ctx, plan); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: the 01/07/2025 file, %d operations, applied in %v", db.Engine, len(plan.Operations), time.Since(start))
		for q, want := range map[string]int{
			`SELECT COUNT(*) FROM units WHERE active = TRUE AND kind = 'province'`:                                                                                     34,
			`SELECT COUNT(*) FROM units u JOIN units p ON p.id = u.parent_id WHERE u.active = TRUE AND u.kind = 'commune' AND p.kind = 'province' AND p.active = TRUE`: 3321,
			`SELECT COUNT(*) FROM units WHERE active = TRUE AND kind = 'commune'`:                                                                                      3321,
			`SELECT COUNT(*) FROM units WHERE active = TRUE AND kind = 'district'`:                                                                                     0,
			`SELECT COUNT(*) FROM units WHERE active = TRUE AND type_name NOT IN ('Xã', 'Phường', 'Đặc khu') AND kind = 'commune'`:                                     0,
			// Every unit that left office has a successor, and lies in a unit in force.
			`SELECT COUNT(*) FROM units u WHERE u.active = FALSE AND NOT EXISTS (SELECT 1 FROM unit_successions s WHERE s.from_unit_id = u.id)`: 0,
			// Each part of a divided commune is recorded: 10,604 listings, less the 131 communes continued.
			`SELECT COUNT(*) FROM unit_successions s JOIN units t ON t.id = s.to_unit_id WHERE t.kind = 'commune' AND s.from_unit_id <> s.to_unit_id`: 10604 - 131,
			`SELECT COUNT(*) FROM units`: 1 + 63 + 696 + 10047 + 3321 - 131,
		} {
			if got := count(q); got != want {
				t.Errorf("%s: %d, want %d", q, got, want)
			}
		}
		// Xã Ia Mơ carries 23737, the code of Xã Ia Mơ Nông, now in Xã Ia Ly.
		iaMo, err := us.FindUnitByCode(ctx, "23737")
		if err != nil || iaMo.Name != "Xã Ia Mơ" || !iaMo.Active {
			t.Fatalf("23737: %+v %v", iaMo, err)
		}
		var old org.Unit
		db.Read.QueryRow(`SELECT u.id, p.name FROM units u JOIN units p ON p.id = u.parent_id WHERE u.code = '23737' AND u.active = FALSE`).Scan(&old.ID, &old.Name)
		if old.ID == 0 || old.Name != "Xã Ia Ly" {
			t.Errorf("Ia Mơ Nông lies in %q", old.Name)
		}
		// Re-importing the 2025-03 file changes nothing.
		if again := importNational(t, us); again.Created != 0 || again.Updated != 0 {
			t.Errorf("re-import after the reorganisation: %+v", again)
		}
	})
}

// TestPreviewRestructure: a dry run lists what the plan would do and saves
// nothing; the plan then applies as previewed.
func TestPreviewRestructure(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		us := orgsql.NewUnitService(db)
		ctx := systemCtx()
		x := iaMoTree(t, db, us)
		snapshot := func() string {
			var b strings.Builder
			for _, q := range []string{
				`SELECT id, code, name, COALESCE(parent_id, 0), path, active FROM units ORDER BY id`,
				`SELECT id, unit_id FROM officials ORDER BY id`,
				`SELECT COUNT(*), 0 FROM restructurings`, `SELECT COUNT(*), 0 FROM unit_successions`, `SELECT COUNT(*), 0 FROM audit_events`,
				`SELECT COUNT(*), 0 FROM official_units`,
			} {
				rows, err := db.Read.Query(q)
				if err != nil {
					t.Fatal(err)
				}
				cols, _ := rows.Columns()
				vals := make([]any, len(cols))
				for i := range vals {
					vals[i] = new(any)
				}
				for rows.Next() {
					rows.Scan(vals...)
					for _, v := range vals {
						fmt.Fprintf(&b, "%v|", *(v.(*any)))
					}
					b.WriteString("\n")
				}
				rows.Close()
			}
			return b.String()
		}
		plan, err := org.ParseRestructuringFile([]byte(iaMoMerges))
		if err != nil {
			t.Fatal(err)
		}
		before := snapshot()
		p, err := us.PreviewRestructure(ctx, plan, 2)
		if err != nil {
			t.Fatal(err)
		}
		if after := snapshot(); after != before {
			t.Fatalf("a preview saved something:\n%s\nthen\n%s", before, after)
		}
		codes := func(list []org.PreviewUnit) string {
			var out []string
			for _, u := range list {
				out = append(out, u.Code+" "+u.Name+" → "+u.To)
			}
			return strings.Join(out, "; ")
		}
		// Three new units (Ia Ly, Quy Nhơn, then Ia Mơ which waits for 23737), two listed.
		if p.Totals.Created != 3 || len(p.Created) != 2 || codes(p.Created) != "23734 Xã Ia Ly → Tỉnh Gia Lai; 21550 Phường Quy Nhơn → Tỉnh Gia Lai" {
			t.Errorf("created %d: %s", p.Totals.Created, codes(p.Created))
		}
		// Bình Định, three districts, Ia Ly, Ia Mơ Nông, Ia Púch, Ia Nan, Lê Lợi, Trần Phú.
		if p.Totals.Dissolved != 10 || codes(p.Dissolved) != "64 Tỉnh Bình Định → Tỉnh Gia Lai; 632 Huyện Chư Păh → Tỉnh Gia Lai" {
			t.Errorf("dissolved %d: %s", p.Totals.Dissolved, codes(p.Dissolved))
		}
		if p.Totals.Moved != 1 || p.Moved[0].ID != x.chuSe.ID || p.Moved[0].From != "Huyện Chư Sê" || p.Moved[0].To != "Tỉnh Gia Lai" {
			t.Errorf("moved: %+v", p.Moved)
		}
		if p.Totals.Renamed != 1 || p.Renamed[0].Name != "Xã Chư Sê" || p.Renamed[0].From != "Thị trấn Chư Sê" {
			t.Errorf("renamed: %+v", p.Renamed)
		}
		if p.Totals.Officials != 2 || codes(p.Officials) != "23737 Xã Ia Mơ Nông → Xã Ia Ly; 23743 Xã Ia Nan → Xã Ia Mơ" {
			t.Errorf("officials %d: %s", p.Totals.Officials, codes(p.Officials))
		}
		if p.Operations != len(plan.Operations) || p.Kinds["abolish"] != 3 || !slices.Equal(p.Decisions, []string{org.DecisionProvinces2025, org.DecisionCommunes2025, org.DecisionTwoTiers2025}) {
			t.Errorf("operations %d kinds %v decisions %q", p.Operations, p.Kinds, p.Decisions)
		}
		// Ia Mơ Nông's official can be found in its old unit still, and the
		// plan itself applies as previewed.
		if _, err := us.Restructure(ctx, plan); err != nil {
			t.Fatal(err)
		}
		if u, _ := us.FindUnitByCode(ctx, "23737"); u.Name != "Xã Ia Mơ" {
			t.Errorf("after applying: %+v", u)
		}
		// A preview of a plan that fails is the same error.
		if _, err := us.PreviewRestructure(ctx, plan, 0); congvu.ErrorCode(err) != congvu.EINVALID || !strings.Contains(congvu.ErrorMessage(err), "Thao tác 1") {
			t.Errorf("preview of a plan already applied: %v", err)
		}
	})
}
