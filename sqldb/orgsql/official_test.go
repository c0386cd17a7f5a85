package orgsql_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"

	"golang.org/x/text/unicode/norm"
)

func TestOfficialCreateUpdateValidation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clock := sqldbtest.SetClock(db)
		tr := sqldbtest.MakeTree(t, db)
		offs := orgsql.NewOfficialService(db)
		sys := sqldbtest.Sys()

		_, err := offs.CreateOfficial(sys, org.OfficialInput{EmployeeCode: "mã có dấu", FullName: " ", Category: "sếp",
			Position: strings.Repeat("x", 201), Email: "khong@", Phone: "gọi tôi"})
		sqldbtest.Code(t, err, congvu.EINVALID)
		for _, f := range []string{"unit_id", "employee_code", "full_name", "category", "position", "email", "phone"} {
			if congvu.ErrorFields(err)[f] == "" {
				t.Errorf("no message on %s: %v", f, err)
			}
		}
		_, err = offs.CreateOfficial(sys, org.OfficialInput{UnitID: 9999, EmployeeCode: "A1", FullName: "A", Category: org.CategoryCadre})
		sqldbtest.Code(t, err, congvu.EINVALID)
		if congvu.ErrorFields(err)["unit_id"] == "" {
			t.Fatalf("unknown unit: %v", err)
		}

		nfd := norm.NFD.String("  Nguyễn   Văn Ân ")
		o, err := offs.CreateOfficial(sys, org.OfficialInput{UnitID: tr.D1, EmployeeCode: "CB-001", FullName: nfd, Category: org.CategoryCivilServant,
			Position: "Chuyên viên", Email: "An.NV@Example.VN", Phone: "+84 912 345 678"})
		if err != nil {
			t.Fatal(err)
		}
		if o.FullName != "Nguyễn Văn Ân" || o.Email != "an.nv@example.vn" || o.UnitName != "Huyện Một" || !o.Active || len(o.BadgeToken) != 32 {
			t.Fatalf("created %+v", o)
		}
		_, err = offs.CreateOfficial(sys, org.OfficialInput{UnitID: tr.D2, EmployeeCode: "CB-001", FullName: "Người Khác", Category: org.CategoryCadre})
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		if congvu.ErrorFields(err)["employee_code"] == "" {
			t.Fatalf("conflict not on employee_code: %v", err)
		}
		// The failed write left no audit row; the good one left one.
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'official.create'`); n != 1 {
			t.Fatalf("%d official.create events, want 1", n)
		}

		// A closed unit takes no new officials.
		if _, err := db.Write.Exec(`UPDATE units SET active = FALSE WHERE id = $1`, tr.D2); err != nil {
			t.Fatal(err)
		}
		_, err = offs.CreateOfficial(sys, org.OfficialInput{UnitID: tr.D2, EmployeeCode: "CB-002", FullName: "B", Category: org.CategoryCadre})
		sqldbtest.Code(t, err, congvu.EINVALID)

		clock.Add(time.Hour)
		in := org.OfficialInput{UnitID: tr.P1, EmployeeCode: "CB-001", FullName: "Nguyễn Văn Ân", Category: org.CategoryCadre,
			Position: "Phó Chủ tịch", IsLeader: true, Email: "an.nv@example.vn", Phone: "+84 912 345 678"}
		up, err := offs.UpdateOfficial(sys, o.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if up.UnitID != tr.P1 || !up.IsLeader || up.Category != org.CategoryCadre || !up.UpdatedAt.Equal(clock.Now()) || up.BadgeToken != o.BadgeToken {
			t.Fatalf("updated %+v", up)
		}
		if _, err := offs.UpdateOfficial(sys, o.ID, in); err != nil {
			t.Fatal(err)
		}
		var before, after string
		if err := db.Read.QueryRow(`SELECT CAST(before_json AS TEXT), CAST(after_json AS TEXT) FROM audit_events WHERE kind = 'official.update'`).Scan(&before, &after); err != nil {
			t.Fatalf("exactly one official.update event expected: %v", err)
		}
		if !strings.Contains(before, "Chuyên viên") || !strings.Contains(after, "Phó Chủ tịch") || strings.Contains(before+after, o.BadgeToken) {
			t.Fatalf("audit before %s after %s", before, after)
		}
		_, err = offs.UpdateOfficial(sys, 12345, in)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
	})
}

func TestOfficialSearchAndFilters(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		tr := sqldbtest.MakeTree(t, db)
		offs := orgsql.NewOfficialService(db)
		sys := sqldbtest.Sys()
		sqldbtest.Official(t, offs, tr.D1, "CB1", "Nguyễn Văn Ân", org.CategoryCivilServant)
		sqldbtest.Official(t, offs, tr.P1, "CB2", "Đặng Thị Đào", org.CategoryCadre)
		sqldbtest.Official(t, offs, tr.D2, "CB3", "Nguyễn Văn Bình", org.CategoryPublicEmployee)
		retired := sqldbtest.Official(t, offs, tr.D1, "CB4", "Lê Văn Cũ", org.CategoryCivilServant)
		sqldbtest.Official(t, offs, tr.P2, "CB5", "Nguyễn Thị Ánh", org.CategoryCivilServant)
		if _, err := offs.SetOfficialActive(sys, retired.ID, false); err != nil {
			t.Fatal(err)
		}

		for _, c := range []struct {
			f    org.OfficialFilter
			want string
			n    int
		}{
			{org.OfficialFilter{Query: "nguyen van an"}, "CB1", 1},
			{org.OfficialFilter{Query: "Nguyễn Văn Ân"}, "CB1", 1},
			{org.OfficialFilter{Query: norm.NFD.String("NGUYỄN VĂN ÂN")}, "CB1", 1},
			{org.OfficialFilter{Query: "Đào"}, "CB2", 1},
			{org.OfficialFilter{Query: "dang dao"}, "CB2", 1},
			{org.OfficialFilter{Query: "cb3"}, "CB3", 1},
			{org.OfficialFilter{Query: "nguyen"}, "CB5,CB1,CB3", 3},
			{org.OfficialFilter{Query: "100%_"}, "", 0},
			{org.OfficialFilter{UnitID: tr.P1}, "CB2,CB1,CB3", 3},
			{org.OfficialFilter{UnitID: tr.P1, DirectOnly: true}, "CB2", 1},
			{org.OfficialFilter{UnitID: tr.D1}, "CB1", 1},
			{org.OfficialFilter{UnitID: tr.D1, IncludeRetired: true}, "CB4,CB1", 2},
			{org.OfficialFilter{Category: org.CategoryCivilServant}, "CB5,CB1", 2},
			{org.OfficialFilter{Limit: 2, Offset: 1}, "CB5,CB1", 4},
		} {
			list, total, err := offs.FindOfficials(sys, c.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := sqldbtest.Names(list); got != c.want || total != c.n {
				t.Errorf("%+v: got %s (total %d), want %s (%d)", c.f, got, total, c.want, c.n)
			}
		}
	})
}

func TestOfficialScope(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		tr := sqldbtest.MakeTree(t, db)
		offs := orgsql.NewOfficialService(db)
		an := sqldbtest.Official(t, offs, tr.D1, "CB1", "Nguyễn Văn Ân", org.CategoryCivilServant)
		dao := sqldbtest.Official(t, offs, tr.P1, "CB2", "Đặng Thị Đào", org.CategoryCadre)
		sqldbtest.Official(t, offs, tr.D2, "CB3", "Nguyễn Văn Bình", org.CategoryPublicEmployee)
		other := sqldbtest.Official(t, offs, tr.P2, "CB5", "Nguyễn Thị Ánh", org.CategoryCivilServant)
		move := func(o *org.Official, unit int64) org.OfficialInput {
			return org.OfficialInput{UnitID: unit, EmployeeCode: o.EmployeeCode, FullName: o.FullName, Category: o.Category}
		}

		sup := sqldbtest.As(sqldbtest.Actor(100, congvu.RoleSupervisor, tr.P1, tr.P1Path))
		list, total, err := offs.FindOfficials(sup, org.OfficialFilter{})
		if err != nil || total != 3 || sqldbtest.Names(list) != "CB2,CB1,CB3" {
			t.Fatalf("supervisor of P1 sees %s (%d), %v", sqldbtest.Names(list), total, err)
		}
		if _, total, _ := offs.FindOfficials(sup, org.OfficialFilter{UnitID: tr.P2}); total != 0 {
			t.Fatalf("unit filter outside scope shows %d", total)
		}
		_, err = offs.FindOfficialByID(sup, other.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		if _, err := offs.UpdateOfficial(sup, an.ID, move(an, tr.D2)); err != nil {
			t.Fatalf("supervisor moves within scope: %v", err)
		}
		_, err = offs.UpdateOfficial(sup, an.ID, move(an, tr.P2))
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, err = offs.UpdateOfficial(sup, other.ID, move(other, tr.P1))
		sqldbtest.Code(t, err, congvu.ENOTFOUND)

		insp := sqldbtest.As(sqldbtest.Actor(101, congvu.RoleInspector, tr.P1, tr.P1Path))
		got, err := offs.FindOfficialByID(insp, dao.ID)
		if err != nil || got.BadgeToken != "" {
			t.Fatalf("inspector view: %+v, %v (badge token must be hidden)", got, err)
		}
		_, err = offs.UpdateOfficial(insp, dao.ID, move(dao, tr.P1))
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, err = offs.ReissueBadge(insp, dao.ID)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, err = offs.CreateOfficial(insp, move(&org.Official{EmployeeCode: "N1", FullName: "N", Category: org.CategoryCadre}, tr.P1))
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)

		// A unit head of D2 (where Ân now is) cannot move him to D1.
		head := sqldbtest.As(sqldbtest.Actor(102, congvu.RoleUnitHead, tr.D2, tr.D2Path))
		_, err = offs.UpdateOfficial(head, an.ID, move(an, tr.D1))
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, err = offs.CreateOfficial(head, move(&org.Official{EmployeeCode: "N1", FullName: "N", Category: org.CategoryCadre}, tr.P1))
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)

		// An official sees only their own record.
		self := sqldbtest.Actor(103, congvu.RoleOfficial, tr.D2, tr.D2Path)
		self.OfficialID = an.ID
		list, total, err = offs.FindOfficials(sqldbtest.As(self), org.OfficialFilter{})
		if err != nil || total != 1 || list[0].ID != an.ID || list[0].BadgeToken == "" {
			t.Fatalf("official sees %s (%d), %v", sqldbtest.Names(list), total, err)
		}
		if _, total, _ := offs.FindOfficials(sqldbtest.As(self), org.OfficialFilter{Query: "binh"}); total != 0 {
			t.Fatalf("official finds %d others by name", total)
		}
		if _, err := offs.FindOfficialByID(sqldbtest.As(self), an.ID); err != nil {
			t.Fatal(err)
		}
		_, err = offs.FindOfficialByID(sqldbtest.As(self), dao.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = offs.UpdateOfficial(sqldbtest.As(self), an.ID, move(an, tr.D2))
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)

		// Nobody signed in sees nothing.
		if list, total, err := offs.FindOfficials(context.Background(), org.OfficialFilter{}); err != nil || total != 0 || len(list) != 0 {
			t.Fatalf("anonymous sees %d, %v", total, err)
		}
		_, err = offs.FindOfficialByID(context.Background(), an.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
	})
}

func TestOfficialBadgeAndActive(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		tr := sqldbtest.MakeTree(t, db)
		offs := orgsql.NewOfficialService(db)
		ctx := context.Background()
		o := sqldbtest.Official(t, offs, tr.D1, "CB1", "Nguyễn Văn Ân", org.CategoryCivilServant)

		got, err := offs.FindOfficialByBadge(ctx, strings.ToUpper(o.BadgeToken))
		if err != nil || got.ID != o.ID || got.UnitName != "Huyện Một" {
			t.Fatalf("by badge: %+v, %v", got, err)
		}
		admin := sqldbtest.As(sqldbtest.Actor(100, congvu.RoleAdmin, tr.P1, tr.P1Path))
		re, err := offs.ReissueBadge(admin, o.ID)
		if err != nil || re.BadgeToken == o.BadgeToken || len(re.BadgeToken) != 32 {
			t.Fatalf("reissue: %+v, %v", re, err)
		}
		_, err = offs.FindOfficialByBadge(ctx, o.BadgeToken)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		if _, err := offs.FindOfficialByBadge(ctx, re.BadgeToken); err != nil {
			t.Fatal(err)
		}
		off, err := offs.SetOfficialActive(admin, o.ID, false)
		if err != nil || off.Active {
			t.Fatalf("deactivate: %+v, %v", off, err)
		}
		_, err = offs.FindOfficialByBadge(ctx, re.BadgeToken)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		if _, err := offs.SetOfficialActive(admin, o.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := offs.SetOfficialActive(admin, o.ID, true); err != nil {
			t.Fatal(err)
		}
		for kind, want := range map[string]int{"official.badge_reissue": 1, "official.deactivate": 1, "official.activate": 1} {
			if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = $1 AND unit_id = $2`, kind, tr.D1); n != want {
				t.Errorf("%d %s events, want %d", n, kind, want)
			}
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE CAST(after_json AS TEXT) LIKE $1 OR CAST(before_json AS TEXT) LIKE $1`, "%"+re.BadgeToken+"%"); n != 0 {
			t.Fatal("badge token written to the audit log")
		}
		_, err = offs.FindOfficialByBadge(ctx, "")
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
	})
}

// fxFailAudit makes inserting an audit event of the given kind fail, so a
// test can check the write it belongs to is undone with it.
func fxFailAudit(t *testing.T, db *sqldb.DB, kind string) {
	t.Helper()
	var stmts []string
	if db.Engine == sqldb.SQLite {
		stmts = []string{`CREATE TRIGGER fx_fail_audit BEFORE INSERT ON audit_events WHEN NEW.kind = '` + kind + `' BEGIN SELECT RAISE(ABORT, 'audit refused'); END`}
	} else {
		stmts = []string{
			`CREATE FUNCTION fx_fail_audit() RETURNS trigger AS $$ BEGIN IF NEW.kind = '` + kind + `' THEN RAISE EXCEPTION 'audit refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
			`CREATE TRIGGER fx_fail_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION fx_fail_audit()`,
		}
	}
	for _, s := range stmts {
		if _, err := db.Write.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAuditIsPartOfTheWrite(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		tr := sqldbtest.MakeTree(t, db)
		offs := orgsql.NewOfficialService(db)
		us := orgsql.NewUserService(db)
		db.Log = sqldbtest.DiscardLog()
		fxFailAudit(t, db, "official.create")
		_, err := offs.CreateOfficial(sqldbtest.Sys(), org.OfficialInput{UnitID: tr.D1, EmployeeCode: "CB1", FullName: "A", Category: org.CategoryCadre})
		sqldbtest.Code(t, err, congvu.EINTERNAL)
		_, err = offs.ImportOfficialsCSV(sqldbtest.Sys(), strings.NewReader("ma_don_vi,ma_can_bo,ho_ten,loai,chuc_vu,lanh_dao,email,dien_thoai\nP1D1,CB2,B,cán bộ,,,,\n"))
		sqldbtest.Code(t, err, congvu.EINTERNAL)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM officials`); n != 0 {
			t.Fatalf("%d officials saved although their audit event failed", n)
		}
		// Other kinds still work, in the same database.
		if _, err := us.CreateUser(sqldbtest.Sys(), org.UserInput{Username: "ok.user", FullName: "A", Password: sqldbtest.Password, Active: true,
			Grants: []congvu.Grant{{Role: congvu.RoleInspector, UnitID: tr.P1}}}); err != nil {
			t.Fatal(err)
		}
	})
}

const fxHeader = "ma_don_vi,ma_can_bo,ho_ten,loai,chuc_vu,lanh_dao,email,dien_thoai\n"

func TestImportOfficialsCSVRejectsBadRows(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		tr := sqldbtest.MakeTree(t, db)
		offs := orgsql.NewOfficialService(db)
		sqldbtest.Official(t, offs, tr.P2, "CB900", "Ở Tỉnh Hai", org.CategoryCadre)
		if _, err := db.Write.Exec(`UPDATE units SET active = FALSE WHERE id = $1`, tr.D2); err != nil {
			t.Fatal(err)
		}
		auditBefore := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events`)
		admin := sqldbtest.As(sqldbtest.Actor(100, congvu.RoleAdmin, tr.P1, tr.P1Path))

		file := "\xEF\xBB\xBF" + fxHeader +
			"P1D1,CB100,Nguyễn Văn Mới,công chức,Chuyên viên,không,moi@example.vn,0912 345 678\n" + // 2 ok
			"XX,CB101,Trần Văn X,cong chuc,,,,\n" + // 3 unknown unit
			"P2,CB102,Lê Thị Y,vien chuc,,,,\n" + // 4 outside scope
			"P1D1,CB100,Trùng Mã,cán bộ,,,,\n" + // 5 duplicate of line 2
			"P1D1,CB103,Phạm Z,giám đốc,,có,,\n" + // 6 bad category
			"P1D1,CB104,,cán bộ,,maybe,bad-email,abc\n" + // 7 several problems
			"P1D1,CB105,\"Hồ Văn\nXuống Dòng\",Người lao động,,x,,\n" + // 8-9 ok (quoted new line)
			"P1D1,CB106,Đủ Cột\n" + // 10 column count
			"\n" + // 11 empty: skipped
			"P1,CB900,Ở Tỉnh Hai,cán bộ,,,,\n" + // 12 existing official outside scope
			"P1D2,CB107,Đơn Vị Đóng,cán bộ,,,,\n" + // 13 closed unit
			"P1D1,CB 108,Mã Có Cách,cán bộ,,,,\n" // 14 bad code
		_, err := offs.ImportOfficialsCSV(admin, strings.NewReader(file))
		var ce *org.CSVImportError
		if !errors.As(err, &ce) {
			t.Fatalf("error %v is not a *CSVImportError", err)
		}
		sqldbtest.Code(t, err, congvu.EINVALID)
		var lines []string
		for _, r := range ce.Rows {
			lines = append(lines, fmt.Sprint(r.Line))
			if r.Message == "" {
				t.Errorf("line %d without a message", r.Line)
			}
		}
		if got := strings.Join(lines, ","); got != "3,4,5,6,7,10,12,13,14" {
			t.Fatalf("bad lines %s, want 3,4,5,6,7,10,12,13,14: %+v", got, ce.Rows)
		}
		byLine := map[int]string{}
		for _, r := range ce.Rows {
			byLine[r.Line] = r.Message
		}
		for line, want := range map[int]string{3: "XX", 4: "phạm vi", 5: "dòng 2", 6: "giám đốc", 7: "họ và tên", 12: "phạm vi", 13: "ngừng hoạt động"} {
			if !strings.Contains(byLine[line], want) {
				t.Errorf("line %d: %q does not mention %q", line, byLine[line], want)
			}
		}
		if !strings.Contains(byLine[7], "email") || !strings.Contains(byLine[7], "lanh_dao") || !strings.Contains(byLine[7], "điện thoại") {
			t.Errorf("line 7 does not list every problem: %q", byLine[7])
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM officials`); n != 1 {
			t.Fatalf("%d officials after a rejected import, want the 1 fixture", n)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events`); n != auditBefore {
			t.Fatalf("rejected import wrote %d audit events", n-auditBefore)
		}

		for name, bad := range map[string]string{
			"header":   "don_vi,ma,ten\nP1D1,CB1,A\n",
			"empty":    "",
			"no-utf-8": fxHeader + "P1D1,CB1,Nguy\xe1n,cán bộ,,,,\n",
		} {
			_, err := offs.ImportOfficialsCSV(admin, strings.NewReader(bad))
			sqldbtest.Code(t, err, congvu.EINVALID)
			if name != "no-utf-8" && (!errors.As(err, &ce) || ce.Rows[0].Line != 1) {
				t.Errorf("%s: %v", name, err)
			}
		}
		_, err = offs.ImportOfficialsCSV(sqldbtest.As(sqldbtest.Actor(101, congvu.RoleInspector, tr.P1, tr.P1Path)), strings.NewReader(fxHeader))
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
	})
}

func TestImportOfficialsCSVUpsert(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		tr := sqldbtest.MakeTree(t, db)
		offs := orgsql.NewOfficialService(db)
		admin := sqldbtest.As(sqldbtest.Actor(100, congvu.RoleAdmin, tr.P1, tr.P1Path))
		existing := sqldbtest.Official(t, offs, tr.D1, "CB1", "Nguyễn Văn Ân", org.CategoryCivilServant)

		file := "\xEF\xBB\xBFma_don_vi;ma_can_bo;ho_ten;loai;chuc_vu;lanh_dao;email;dien_thoai\r\n" +
			"P1D1;CB1;Nguyễn Văn Ân;Công chức;;;;\r\n" + // unchanged
			"P1D2;CB2;Đặng Thị Đào;cong chuc;Trưởng phòng, kiêm nhiệm;Có;dao@example.vn;\r\n" +
			"P1;CB3;" + norm.NFD.String("Lê Văn Bình") + ";public_employee;;1;;+84 24 1234 5678\r\n"
		res, err := offs.ImportOfficialsCSV(admin, strings.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		if *res != (org.ImportResult{Created: 2, Unchanged: 1, Total: 3}) {
			t.Fatalf("first import %+v", *res)
		}
		list, _, _ := offs.FindOfficials(admin, org.OfficialFilter{Query: "dang thi dao"})
		if len(list) != 1 || !list[0].IsLeader || list[0].Position != "Trưởng phòng, kiêm nhiệm" || list[0].UnitID != tr.D2 ||
			list[0].Category != org.CategoryCivilServant || len(list[0].BadgeToken) != 32 {
			t.Fatalf("imported %+v", list)
		}
		if l, _, _ := offs.FindOfficials(admin, org.OfficialFilter{Query: "Lê Văn Bình"}); len(l) != 1 || l[0].FullName != "Lê Văn Bình" {
			t.Fatal("NFD name not stored as NFC")
		}

		events := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events`)
		res, err = offs.ImportOfficialsCSV(admin, strings.NewReader(file))
		if err != nil || *res != (org.ImportResult{Unchanged: 3, Total: 3}) {
			t.Fatalf("re-import %+v, %v", res, err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events`); n != events+1 {
			t.Fatalf("re-import wrote %d audit events, want only the import event", n-events)
		}

		changed := strings.Replace(file, "P1D1;CB1;Nguyễn Văn Ân;Công chức;;;;", "P1D2;CB1;Nguyễn Văn Ân;Cán bộ;Phó phòng;;;", 1)
		res, err = offs.ImportOfficialsCSV(admin, strings.NewReader(changed))
		if err != nil || *res != (org.ImportResult{Updated: 1, Unchanged: 2, Total: 3}) {
			t.Fatalf("changed import %+v, %v", res, err)
		}
		got, _ := offs.FindOfficialByID(admin, existing.ID)
		if got.UnitID != tr.D2 || got.Category != org.CategoryCadre || got.Position != "Phó phòng" || got.BadgeToken != existing.BadgeToken {
			t.Fatalf("after update %+v", got)
		}
		var after string
		var unit int64
		if err := db.Read.QueryRow(`SELECT CAST(after_json AS TEXT), unit_id FROM audit_events WHERE kind = 'official.import' ORDER BY id DESC LIMIT 1`).Scan(&after, &unit); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.ReplaceAll(after, " ", ""), `"updated":1`) || unit != tr.P1 {
			t.Fatalf("import event %s under unit %d, want counts under P1 (%d)", after, unit, tr.P1)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'official.update' AND entity_id = $1`, existing.ID); n != 1 {
			t.Fatalf("%d update events for the changed official", n)
		}
	})
}

func TestImportOfficialsCSV10000Rows(t *testing.T) {
	if testing.Short() {
		t.Skip("large import")
	}
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		tr := sqldbtest.MakeTree(t, db)
		offs := orgsql.NewOfficialService(db)
		var b strings.Builder
		b.WriteString(fxHeader)
		for i := range 10000 {
			unit := []string{"P1", "P1D1", "P1D2", "P2"}[i%4]
			fmt.Fprintf(&b, "%s,CB%05d,Nguyễn Văn Số %d,công chức,Chuyên viên,,,\n", unit, i, i)
		}
		start := time.Now()
		res, err := offs.ImportOfficialsCSV(sqldbtest.Sys(), strings.NewReader(b.String()))
		took := time.Since(start)
		if err != nil || res.Created != 10000 {
			t.Fatalf("%+v, %v", res, err)
		}
		t.Logf("%s: 10,000 new officials imported in %v", db.Engine, took)
		start = time.Now()
		res, err = offs.ImportOfficialsCSV(sqldbtest.Sys(), strings.NewReader(b.String()))
		if err != nil || res.Unchanged != 10000 {
			t.Fatalf("%+v, %v", res, err)
		}
		t.Logf("%s: 10,000 unchanged officials re-imported in %v", db.Engine, time.Since(start))
		if db.Engine == sqldb.SQLite && took > 10*time.Second {
			t.Fatalf("SQLite import took %v", took)
		}
		if _, total, _ := offs.FindOfficials(sqldbtest.As(sqldbtest.Actor(100, congvu.RoleSupervisor, tr.P2, tr.P2Path)), org.OfficialFilter{Limit: 1}); total != 2500 {
			t.Fatalf("P2 holds %d officials, want 2500", total)
		}
	})
}
