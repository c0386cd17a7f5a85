package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/commendation"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// addOfficial creates an official in the unit with code, as the system.
func (e *uEnv) addOfficial(unitCode, code, name string, cat org.Category) *org.Official {
	e.t.Helper()
	o, err := e.svc.Officials.CreateOfficial(uSystem(), org.OfficialInput{UnitID: e.unitID(unitCode), EmployeeCode: code, FullName: name, Category: cat})
	if err != nil {
		e.t.Fatal(err)
	}
	return o
}

func officialPath(o *org.Official, suffix string) string {
	return "/officials/" + strconv.FormatInt(o.ID, 10) + suffix
}

func TestOfficialsSearch(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newUEnv(t, db)
		e.importTestUnits()
		admin := e.signIn("admin", congvu.RoleAdmin, congvu.RootUnitCode, 0)
		uStatus(t, e.get(admin, "/officials"), 200)
		uHas(t, e.get(admin, "/officials"), "Chưa có cán bộ nào trong phạm vi của bạn.", "Nhập danh sách từ tệp CSV")

		e.addOfficial("00001", "HN-1", "Nguyễn Văn Ân", org.CategoryCivilServant)
		e.addOfficial("001", "HN-2", "Trần Thị Bình", org.CategoryCadre)
		e.addOfficial("26734", "HCM-1", "Nguyễn Văn An", org.CategoryPublicEmployee)
		w := e.get(admin, "/officials?q=nguyen+van+an")
		uStatus(t, w, 200)
		uHas(t, w, "Nguyễn Văn Ân", "Nguyễn Văn An", "Phường Phúc Xá", "Công chức", "Viên chức")
		uLacks(t, w, "Trần Thị Bình")
		// By employee code.
		uHas(t, e.get(admin, "/officials?q=hcm-1"), "Nguyễn Văn An")
		// By unit code: the unit itself, or with its sub-units.
		w = e.get(admin, "/officials?don-vi=001")
		uHas(t, w, "Trần Thị Bình", "Cán bộ của Quận Ba Đình")
		uLacks(t, w, "Nguyễn Văn Ân")
		w = e.get(admin, "/officials?don-vi=001&gom=on")
		uHas(t, w, "Trần Thị Bình", "Nguyễn Văn Ân")
		uLacks(t, w, "Nguyễn Văn An")
		// By unit id, as the unit pages link.
		w = e.get(admin, "/officials?unit="+strconv.FormatInt(e.unitID("00001"), 10))
		uHas(t, w, "Nguyễn Văn Ân")
		uLacks(t, w, "Trần Thị Bình")
		// By category.
		w = e.get(admin, "/officials?loai=cadre")
		uHas(t, w, "Trần Thị Bình")
		uLacks(t, w, "Nguyễn Văn")
		// An unknown unit code is an error on the field.
		w = e.get(admin, "/officials?don-vi=XYZ")
		uStatus(t, w, 400)
		uHas(t, w, "Không tìm thấy đơn vị có mã “XYZ” trong phạm vi của bạn.")
		// Nothing found.
		uHas(t, e.get(admin, "/officials?q=le+van+tam"), "Không có cán bộ nào khớp với “le van tam”")

		// The unit page lists its officials.
		w = e.get(admin, "/units/"+strconv.FormatInt(e.unitID("00001"), 10))
		uHas(t, w, "Cán bộ của đơn vị (1)", "Nguyễn Văn Ân")

		// A supervisor of Hà Nội does not see Hồ Chí Minh's officials.
		sup := e.signIn("giamsat", congvu.RoleSupervisor, "01", 0)
		w = e.get(sup, "/officials?q=nguyen+van+an")
		uHas(t, w, "Nguyễn Văn Ân")
		uLacks(t, w, "Nguyễn Văn An", "HCM-1")
	})
}

func TestOfficialCreateEdit(t *testing.T) {
	e := newUEnv(t, nil)
	e.importTestUnits()
	admin := e.signIn("admin", congvu.RoleAdmin, congvu.RootUnitCode, 0)
	w := e.get(admin, "/officials/new?unit="+strconv.FormatInt(e.unitID("001"), 10))
	uStatus(t, w, 200)
	if !strings.Contains(w.Body.String(), `name="unit_code" value="001"`) {
		t.Error("the unit code is not filled in")
	}
	// Bad input: every field message in Vietnamese, input kept.
	form := url.Values{"unit_code": {"001"}, "employee_code": {"mã có dấu"}, "full_name": {""}, "category": {""}, "email": {"không-phải-email"}, "position": {"Chuyên viên"}}
	w = e.post(admin, "/officials/new", form)
	uStatus(t, w, 400)
	uHas(t, w, "Chưa lưu được", "Mã cán bộ dài tối đa 32 ký tự", "Xin nhập họ và tên.", "Xin chọn loại", "Địa chỉ email không hợp lệ.")
	for _, s := range []string{`value="mã có dấu"`, `value="Chuyên viên"`, `value="không-phải-email"`} {
		if !strings.Contains(w.Body.String(), s) {
			t.Errorf("form lacks %s", s)
		}
	}
	// An unknown unit code.
	form = url.Values{"unit_code": {"999"}, "employee_code": {"HN-9"}, "full_name": {"Lê Văn Tám"}, "category": {"civil_servant"}}
	w = e.post(admin, "/officials/new", form)
	uStatus(t, w, 400)
	uHas(t, w, "Không tìm thấy đơn vị có mã “999” trong phạm vi của bạn.")
	if !strings.Contains(w.Body.String(), `id="f-unit-code-error"`) {
		t.Error("the unit error is not on the unit field")
	}
	// Good input.
	form.Set("unit_code", "001")
	form.Set("is_leader", "on")
	form.Set("position", "Chủ tịch")
	loc := uRedirect(t, e.post(admin, "/officials/new", form))
	w = e.get(admin, loc)
	uHas(t, w, "Đã thêm cán bộ.", "Lê Văn Tám", "HN-9", "Chủ tịch Lãnh đạo", "Quận Ba Đình", "Thẻ đánh giá của cán bộ")
	// The same employee code again.
	w = e.post(admin, "/officials/new", form)
	uStatus(t, w, 400) // a conflict is shown on the form
	uHas(t, w, "Mã cán bộ đã được dùng cho người khác.")

	// Edit: move to another unit.
	edit := strings.SplitN(loc, "?", 2)[0] + "/edit"
	w = e.get(admin, edit)
	if !strings.Contains(w.Body.String(), `value="Lê Văn Tám"`) || !strings.Contains(w.Body.String(), `name="is_leader" value="on" checked`) {
		t.Error("the edit form is not filled in")
	}
	form.Set("unit_code", "00004")
	form.Del("is_leader")
	w = e.get(admin, uRedirect(t, e.post(admin, edit, form)))
	uHas(t, w, "Đã lưu thay đổi của hồ sơ cán bộ.", "Phường Trúc Bạch")
	uLacks(t, w, "Lãnh đạo")
}

func TestOfficialBadgeAndStatus(t *testing.T) {
	e := newUEnv(t, nil)
	e.importTestUnits()
	admin := e.signIn("admin", congvu.RoleAdmin, congvu.RootUnitCode, 0)
	o := e.addOfficial("00001", "HN-1", "Nguyễn Văn Ân", org.CategoryCivilServant)
	w := e.get(admin, officialPath(o, ""))
	uStatus(t, w, 200)
	uHas(t, w, o.BadgeToken, "Cấp lại thẻ", "thẻ đang dùng sẽ hết hiệu lực")

	// Without the confirmation nothing happens.
	w = e.post(admin, officialPath(o, "/badge"), url.Values{})
	uStatus(t, w, 400)
	uHas(t, w, "Xin đánh dấu ô xác nhận trước khi cấp lại thẻ.", o.BadgeToken)
	// With it, a new token.
	w = e.get(admin, uRedirect(t, e.post(admin, officialPath(o, "/badge"), url.Values{"confirm": {"on"}})))
	uHas(t, w, "Đã cấp lại thẻ.")
	uLacks(t, w, o.BadgeToken)
	now, _ := e.svc.Officials.FindOfficialByID(uSystem(), o.ID)
	if now.BadgeToken == o.BadgeToken || !strings.Contains(w.Body.String(), now.BadgeToken) {
		t.Fatal("the badge was not reissued")
	}

	// Deactivate, list without and with retired, reactivate.
	w = e.get(admin, uRedirect(t, e.post(admin, officialPath(o, "/deactivate"), nil)))
	uHas(t, w, "Đã chuyển cán bộ sang trạng thái ngừng công tác.", "Đã nghỉ hoặc chuyển công tác.", "Kích hoạt lại hồ sơ")
	uLacks(t, e.get(admin, "/officials?q=an"), "Nguyễn Văn Ân")
	uHas(t, e.get(admin, "/officials?q=an&ca-nghi=on"), "Nguyễn Văn Ân", "Đã nghỉ")
	w = e.get(admin, uRedirect(t, e.post(admin, officialPath(o, "/activate"), nil)))
	uHas(t, w, "Đã kích hoạt lại hồ sơ cán bộ.", "Đang công tác")

	// A supervisor may see but not manage: no badge, no buttons, refused.
	sup := e.signIn("thanhtra", congvu.RoleInspector, "01", 0)
	w = e.get(sup, officialPath(o, ""))
	uStatus(t, w, 200)
	uLacks(t, w, now.BadgeToken, "Cấp lại thẻ", "Sửa hồ sơ")
	uStatus(t, e.post(sup, officialPath(o, "/badge"), url.Values{"confirm": {"on"}}), http.StatusForbidden)
	uStatus(t, e.post(sup, officialPath(o, "/deactivate"), nil), http.StatusForbidden)
}

func TestOfficialRoleSeesOnlyThemself(t *testing.T) {
	e := newUEnv(t, nil)
	e.importTestUnits()
	me := e.addOfficial("00001", "HN-1", "Nguyễn Văn Ân", org.CategoryCivilServant)
	other := e.addOfficial("00001", "HN-2", "Trần Thị Bình", org.CategoryCivilServant)
	c := e.signIn("nguyenvanan", congvu.RoleOfficial, "00001", me.ID)
	w := e.get(c, officialPath(me, ""))
	uStatus(t, w, 200)
	uHas(t, w, "Nguyễn Văn Ân", "HN-1")
	uLacks(t, w, me.BadgeToken, "Cấp lại thẻ", "Sửa hồ sơ")
	uStatus(t, e.get(c, officialPath(other, "")), http.StatusNotFound)
	uLacks(t, e.get(c, officialPath(other, "")), "Trần Thị Bình")
	uStatus(t, e.get(c, "/officials"), http.StatusForbidden)
	uStatus(t, e.get(c, officialPath(me, "/edit")), http.StatusForbidden)
	uStatus(t, e.get(c, "/units"), http.StatusForbidden)
}

func TestOfficialsCSVImport(t *testing.T) {
	e := newUEnv(t, nil)
	e.importTestUnits()
	admin := e.signIn("admin", congvu.RoleAdmin, congvu.RootUnitCode, 0)
	w := e.get(admin, "/officials/import")
	uStatus(t, w, 200)
	uHas(t, w, "ma_don_vi", "ma_can_bo", "ho_ten", "loai", "chuc_vu", "lanh_dao", "email", "dien_thoai", "Tải tệp mẫu")

	// The template: a header and two example rows, readable by Excel.
	w = e.get(admin, "/officials/import/template.csv")
	uStatus(t, w, 200)
	if ct := w.Header().Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("template content type %q", ct)
	}
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(w.Body.String(), "\xEF\xBB\xBF")), "\n")
	if len(lines) != 3 || lines[0] != strings.Join(org.OfficialCSVColumns, ",") {
		t.Fatalf("template:\n%s", w.Body.String())
	}

	// A file with bad rows: every one listed by line, nothing saved.
	bad := "ma_don_vi,ma_can_bo,ho_ten,loai,chuc_vu,lanh_dao,email,dien_thoai\n" +
		"00001,HN-1,Nguyễn Văn Ân,Công chức,Chuyên viên,không,,\n" +
		"00077,HN-2,Trần Thị Bình,Công chức,,,,\n" +
		"00001,HN-3,Lê Văn Tám,giám đốc,,,,\n" +
		"00001,HN-1,Phạm Thị Dung,Viên chức,,có,,\n"
	w = e.postFile(admin, "/officials/import", "file", "can-bo.csv", []byte(bad))
	uStatus(t, w, 400)
	uHas(t, w, "KHÔNG có dòng nào được lưu", "Có 3 dòng cần sửa",
		"3 Không có đơn vị mã «00077».", "4 Loại «giám đốc» không hợp lệ", "5 Mã cán bộ «HN-1» trùng với dòng 2.")
	uLacks(t, w, "Đã nhập xong")
	if _, n, err := e.svc.Officials.FindOfficials(uSystem(), org.OfficialFilter{IncludeRetired: true}); err != nil || n != 0 {
		t.Fatalf("a rejected file saved %d officials (%v)", n, err)
	}
	// A wrong header.
	w = e.postFile(admin, "/officials/import", "file", "x.csv", []byte("ten,ma\nA,B\n"))
	uStatus(t, w, 400)
	uHas(t, w, "1 Dòng tiêu đề phải đúng là")
	// No file.
	w = e.postFile(admin, "/officials/import", "file", "", nil)
	uStatus(t, w, 400)
	uHas(t, w, "Xin chọn tệp CSV")

	// A good file (semicolons, as Excel writes them here).
	good := "ma_don_vi;ma_can_bo;ho_ten;loai;chuc_vu;lanh_dao;email;dien_thoai\n" +
		"00001;HN-1;Nguyễn Văn Ân;Công chức;Chuyên viên;không;;\n" +
		"001;HN-2;Trần Thị Bình;can bo;Chủ tịch;có;;\n"
	w = e.postFile(admin, "/officials/import", "file", "can-bo.csv", []byte(good))
	uStatus(t, w, 200)
	uHas(t, w, "Đã nhập xong tệp can-bo.csv: 2 dòng — 2 cán bộ mới, 0 cập nhật, 0 không đổi.")
	uHas(t, e.get(admin, "/officials?q=tran+thi+binh"), "Trần Thị Bình", "Cán bộ", "Lãnh đạo")

	// Others may not import.
	insp := e.signIn("thanhtra", congvu.RoleInspector, "01", 0)
	uStatus(t, e.get(insp, "/officials/import"), http.StatusForbidden)
	uStatus(t, e.postFile(insp, "/officials/import", "file", "can-bo.csv", []byte(good)), http.StatusForbidden)
}

// An official's page shows their year of discipline and commendations to
// the official and to staff who may read violations of their unit, never
// to an administrator (who may see the record, not the violations).
func TestOfficialConductSection(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newUEnv(t, db)
		e.importTestUnits()
		me := e.addOfficial("00001", "HN-1", "Nguyễn Văn Ân", org.CategoryCivilServant)
		mine := e.signIn("nguyenvanan", congvu.RoleOfficial, "00001", me.ID)
		head := e.signIn("truongphong", congvu.RoleUnitHead, "001", 0)
		admin := e.signIn("quantri", congvu.RoleAdmin, "001", 0)
		year := congvu.Date(time.Now()).Year()
		title := "Kỷ luật, khen thưởng năm " + strconv.Itoa(year)

		users, _, err := e.svc.Users.FindUsers(uSystem(), org.UserFilter{Query: "truongphong", Limit: 10})
		if err != nil || len(users) != 1 {
			t.Fatalf("head: %v %v", users, err)
		}
		u := users[0]
		headCtx := congvu.NewContextWithActor(context.Background(), &congvu.Actor{UserID: u.ID, Username: u.Username, FullName: u.FullName, Grants: u.Grants})
		if _, err := e.svc.Commendations.Praise(headCtx, commendation.PraiseInput{OfficialID: me.ID, UnitID: me.UnitID, Year: year,
			Reason: "Tận tình hướng dẫn người dân làm thủ tục."}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []*http.Cookie{mine, head} {
			w := e.get(c, officialPath(me, ""))
			uStatus(t, w, 200)
			uHas(t, w, title, "Biểu dương", "Tận tình hướng dẫn người dân làm thủ tục.")
		}
		w := e.get(admin, officialPath(me, ""))
		uStatus(t, w, 200)
		uHas(t, w, "Nguyễn Văn Ân")
		uLacks(t, w, title, "Tận tình hướng dẫn")
	})
}
