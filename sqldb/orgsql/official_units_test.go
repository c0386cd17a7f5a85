package orgsql_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
)

// stays returns the history of an official's units, oldest first, as
// "unit:open" or "unit:closed".
func stays(t *testing.T, db *sqldb.DB, officialID int64) string {
	t.Helper()
	rows, err := db.Read.Query(`SELECT unit_id, ended_at IS NULL FROM official_units WHERE official_id = $1 ORDER BY started_at, id`, officialID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var unit int64
		var open bool
		if err := rows.Scan(&unit, &open); err != nil {
			t.Fatal(err)
		}
		state := "closed"
		if open {
			state = "open"
		}
		out = append(out, itoa(unit)+":"+state)
	}
	return strings.Join(out, " ")
}

// Nobody moves their own official record to another unit — not by an
// edit, not by an import — while another administrator may; every move is
// kept in the history of the official's units.
func TestOfficialOwnUnitChange(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clock := sqldbtest.SetClock(db)
		tr := sqldbtest.MakeTree(t, db)
		offs := orgsql.NewOfficialService(db)
		me := sqldbtest.Official(t, offs, tr.D1, "CB-TOI", "Hoàng Thanh Thịnh", org.CategoryCivilServant)
		if got := stays(t, db, me.ID); got != itoa(tr.D1)+":open" {
			t.Fatalf("stays after creation: %s", got)
		}
		self := sqldbtest.Actor(100, congvu.RoleAdmin, tr.P1, tr.P1Path)
		self.OfficialID = me.ID
		in := org.OfficialInput{UnitID: tr.D2, EmployeeCode: me.EmployeeCode, FullName: me.FullName, Category: me.Category}

		_, err := offs.UpdateOfficial(sqldbtest.As(self), me.ID, in)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		if msg := congvu.ErrorMessage(err); !strings.Contains(msg, "chính mình") || !strings.Contains(msg, "người quản trị khác") {
			t.Errorf("message %q", msg)
		}
		file := "ma_don_vi;ma_can_bo;ho_ten;loai;chuc_vu;lanh_dao;email;dien_thoai\n" + "P1D2;CB-TOI;Hoàng Thanh Thịnh;civil_servant;;;;\n"
		_, err = offs.ImportOfficialsCSV(sqldbtest.As(self), strings.NewReader(file))
		if err == nil || !strings.Contains(err.Error(), "không dòng nào") {
			t.Fatalf("import moving the importer's own record: %v", err)
		}
		if o, _ := offs.FindOfficialByID(sqldbtest.Sys(), me.ID); o.UnitID != tr.D1 {
			t.Fatalf("own record moved to %d", o.UnitID)
		}
		// The rest of their own record they may still edit.
		in.UnitID, in.Position = tr.D1, "Chuyên viên chính"
		if _, err := offs.UpdateOfficial(sqldbtest.As(self), me.ID, in); err != nil {
			t.Fatalf("own position: %v", err)
		}

		// Another administrator moves them; then an import and a
		// restructuring move them again: every stay is kept.
		other := sqldbtest.As(sqldbtest.Actor(101, congvu.RoleAdmin, tr.P1, tr.P1Path))
		clock.Add(time.Hour)
		in.UnitID = tr.D2
		if _, err := offs.UpdateOfficial(other, me.ID, in); err != nil {
			t.Fatal(err)
		}
		clock.Add(time.Hour)
		file = strings.Replace(file, "P1D2;", "P1;", 1)
		if _, err := offs.ImportOfficialsCSV(other, strings.NewReader(file)); err != nil {
			t.Fatal(err)
		}
		want := itoa(tr.D1) + ":closed " + itoa(tr.D2) + ":closed " + itoa(tr.P1) + ":open"
		if got := stays(t, db, me.ID); got != want {
			t.Fatalf("stays %s, want %s", got, want)
		}
		// Imported new officials start a stay.
		file += "P1D1;CB-MOI;Lê Văn Mới;civil_servant;;;;\n"
		if _, err := offs.ImportOfficialsCSV(other, strings.NewReader(file)); err != nil {
			t.Fatal(err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM official_units m JOIN officials o ON o.id = m.official_id
			WHERE o.employee_code = 'CB-MOI' AND m.unit_id = $1 AND m.ended_at IS NULL`, tr.D1); n != 1 {
			t.Errorf("imported official: %d open stays in D1", n)
		}
	})
}

// A restructuring that moves officials keeps their stays: the merged
// unit's officials, and those a split sends to each part.
func TestRestructuringKeepsStays(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clock := sqldbtest.SetClock(db)
		us := orgsql.NewUnitService(db)
		offs := orgsql.NewOfficialService(db)
		ctx := sqldbtest.Sys()
		mk := func(code, name string, kind org.UnitKind, parent int64) *org.Unit {
			u, err := us.CreateUnit(ctx, org.UnitInput{Code: code, Name: name, Kind: kind, ParentID: parent})
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		p := mk("08", "Tỉnh Tuyên Quang", org.KindProvince, 1)
		a := mk("02212", "Phường Phan Thiết", org.KindCommune, p.ID)
		b := mk("02215", "Phường Minh Xuân", org.KindCommune, p.ID)
		c := mk("02218", "Xã Tràng Đà", org.KindCommune, p.ID)
		oa := sqldbtest.Official(t, offs, a.ID, "E-A", "Cán Bộ A", org.CategoryCivilServant)
		oc1 := sqldbtest.Official(t, offs, c.ID, "E-C1", "Cán Bộ C1", org.CategoryCivilServant)
		oc2 := sqldbtest.Official(t, offs, c.ID, "E-C2", "Cán Bộ C2", org.CategoryCivilServant)
		clock.Add(24 * time.Hour)
		_, err := us.Restructure(ctx, org.RestructuringPlan{Effective: "01/07/2025", Decision: "Nghị quyết 202/2025/QH15", Operations: []org.RestructuringOp{
			{Op: org.RestructMerge, From: []string{"02212", "02215"}, Into: &org.NewUnitSpec{Code: "02215"}},
			{Op: org.RestructSplit, From: []string{"02218"}, Parts: []org.NewUnitSpec{
				{Code: "TD-1", Name: "Xã Tràng Đà 1", Kind: org.KindCommune, ParentCode: "08"},
				{Code: "TD-2", Name: "Xã Tràng Đà 2", Kind: org.KindCommune, ParentCode: "08"}},
				Officials: map[string]string{"E-C2": "TD-2"}},
		}})
		if err != nil {
			t.Fatal(err)
		}
		td1, _ := us.FindUnitByCode(ctx, "TD-1")
		td2, _ := us.FindUnitByCode(ctx, "TD-2")
		for _, x := range []struct {
			o    *org.Official
			want string
		}{
			{oa, itoa(a.ID) + ":closed " + itoa(b.ID) + ":open"},
			{oc1, itoa(c.ID) + ":closed " + itoa(td1.ID) + ":open"},
			{oc2, itoa(c.ID) + ":closed " + itoa(td2.ID) + ":open"},
		} {
			if got := stays(t, db, x.o.ID); got != x.want {
				t.Errorf("%s: stays %s, want %s", x.o.EmployeeCode, got, x.want)
			}
		}
	})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
