package orgsql_test

import (
	"os"
	"path/filepath"
	"slices"
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

// TestRestructuringReusesCodes: a new unit takes the code of an old one the
// same plan dissolves, the histories of both stay apart, and a code names
// the unit in force.
func TestRestructuringReusesCodes(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		us := orgsql.NewUnitService(db)
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
		start := time.Now()
		if _, err := us.Restructure(ctx, plan); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: the 01/07/2025 file, %d operations, applied in %v", db.Engine, len(plan.Operations), time.Since(start))
		count := func(q string) int {
			var n int
			if err := db.Read.QueryRow(q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		for q, want := range map[string]int{
			`SELECT COUNT(*) FROM units WHERE active = TRUE AND kind = 'province'`: 34,
			`SELECT COUNT(*) FROM units u JOIN units p ON p.id = u.parent_id WHERE u.active = TRUE AND u.kind = 'commune' AND p.kind = 'province' AND p.active = TRUE`: 3321,
			`SELECT COUNT(*) FROM units WHERE active = TRUE AND kind = 'commune'`:                                        3321,
			`SELECT COUNT(*) FROM units WHERE active = TRUE AND kind = 'district'`:                                       0,
			`SELECT COUNT(*) FROM units WHERE active = TRUE AND type_name NOT IN ('Xã', 'Phường', 'Đặc khu') AND kind = 'commune'`: 0,
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
