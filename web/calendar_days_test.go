package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
)

func init() {
	for k, v := range map[string]expectation{
		"GET /settings/calendar": {In: signedIn},
		// The calendar holds for the whole country: only national admins,
		// none of whom is in this table, may change it.
		"POST /settings/calendar":             {In: nobody},
		"GET /settings/calendar/{id}":         {In: nobody},
		"POST /settings/calendar/{id}":        {In: nobody},
		"POST /settings/calendar/{id}/delete": {In: nobody},
	} {
		authzTable[k] = v
	}
}

func TestCalendarPage(t *testing.T) {
	e := newEnv(t)

	// Staff read the shipped calendar, with its citations, without forms.
	c := e.client().login("noivu")
	r := c.get("/settings/calendar?nam=2027")
	r.want(t, http.StatusOK, "Lịch ngày làm việc", "Năm 2027", "05/02/2027", "Thứ Sáu", "Tết Nguyên đán Đinh Mùi (29 tháng Chạp), dự kiến",
		"cần kiểm tra", "Bộ luật Lao động 2019, Điều 112", "Nghỉ bù Ngày Quốc tế lao động", "Bộ luật Dân sự 2015, Điều 148")
	r.lacks(t, `action="/settings/calendar`, "Chưa có lịch năm")
	c.get("/settings/calendar?nam=2026").want(t, http.StatusOK, "10/01/2026", "Làm việc bù", "12729/VPCP-KGVX")
	// A year without data says plainly that deadlines count Monday to Friday.
	c.get("/settings/calendar?nam=2028").want(t, http.StatusOK, "Chưa có lịch năm 2028",
		"đang được tính từ thứ Hai đến thứ Sáu, chưa trừ ngày nghỉ lễ, Tết", "Xin báo quản trị hệ thống")
	// Nobody but a national admin changes it; a provincial admin neither.
	add := url.Values{"date": {"03/01/2028"}, "kind": {"day_off"}, "name": {"Nghỉ bù Tết Dương lịch (1/1/2028 là thứ Bảy)"},
		"legal_basis": {"Bộ luật Lao động 2019, Điều 111 khoản 3"}}
	c.post("/settings/calendar", add).want(t, http.StatusForbidden)
	hanoi := e.client().login("hanoi")
	hanoi.post("/settings/calendar", add).want(t, http.StatusForbidden)
	hanoi.get("/settings/calendar?nam=2028").lacks(t, `action="/settings/calendar`)

	admin := e.client().login("admin")
	admin.get("/settings/calendar?nam=2028").want(t, http.StatusOK, "Chưa có lịch năm 2028", "Thêm ngày",
		`action="/settings/calendar?nam=2028"`, `<option value="holiday"`, `href="/settings/calendar"`)

	// Unreadable or refused input: errors by the fields, input kept.
	bad := url.Values{"date": {"31/02/2028"}, "kind": {"day_off"}, "name": {"Nghỉ bù"}, "legal_basis": {""}}
	admin.post("/settings/calendar?nam=2028", bad).want(t, http.StatusBadRequest, "Ngày chưa được lưu",
		"Ngày phải có dạng ngày/tháng/năm", `value="31/02/2028"`)
	monday := url.Values{"date": {"03/01/2028"}, "kind": {"work_day"}, "name": {"Làm bù"}, "legal_basis": {""}}
	admin.post("/settings/calendar?nam=2028", monday).want(t, http.StatusBadRequest, "Ngày làm việc bù phải là thứ Bảy hoặc Chủ nhật",
		"Xin nhập căn cứ pháp lý", `<option value="work_day" selected>`)

	// Added: the year has data, the day is listed.
	r = admin.post("/settings/calendar?nam=2028", add)
	r.want(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/settings/calendar?nam=2028&ok=them-ngay-lich" {
		t.Fatalf("redirect to %q", loc)
	}
	r = admin.get("/settings/calendar?nam=2028&ok=them-ngay-lich")
	r.want(t, http.StatusOK, "Đã thêm ngày vào lịch", "03/01/2028", "Thứ Hai", "Nghỉ bù Tết Dương lịch (1/1/2028 là thứ Bảy)")
	r.lacks(t, "Chưa có lịch năm 2028")
	m := regexp.MustCompile(`href="/settings/calendar/(\d+)"`).FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatal("no link to edit the day")
	}
	edit := "/settings/calendar/" + m[1]
	admin.post("/settings/calendar?nam=2028", add).want(t, http.StatusBadRequest, "đã có trong lịch")

	// Edited: the form shows the day; a date taken is refused.
	admin.get(edit).want(t, http.StatusOK, "Sửa ngày 03/01/2028", `value="03/01/2028"`, `<option value="day_off" selected>`, "Xóa ngày 03/01/2028")
	c.get(edit).want(t, http.StatusForbidden)
	moved := url.Values{"date": {"04/01/2028"}, "kind": {"day_off"}, "name": {"Nghỉ hoán đổi"}, "legal_basis": {"Văn bản của Văn phòng Chính phủ"}}
	r = admin.post(edit, moved)
	r.want(t, http.StatusSeeOther)
	admin.get("/settings/calendar?nam=2028").want(t, http.StatusOK, "04/01/2028", "Nghỉ hoán đổi")
	taken := url.Values{"date": {"03/05/2027"}, "kind": {"day_off"}, "name": {"Trùng"}, "legal_basis": {"Thử"}}
	admin.post(edit, taken).want(t, http.StatusBadRequest, "Ngày 03/05/2027 đã có trong lịch", `value="03/05/2027"`)

	// Deleted: the year is without data again.
	c.post(edit+"/delete", nil).want(t, http.StatusForbidden)
	r = admin.post(edit+"/delete", nil)
	r.want(t, http.StatusSeeOther)
	admin.get("/settings/calendar?nam=2028").want(t, http.StatusOK, "Chưa có lịch năm 2028")
	admin.get(edit).want(t, http.StatusNotFound)

	// Each write is in the audit log, in Vietnamese.
	admin.get("/audit").want(t, http.StatusOK, "Thêm ngày vào lịch ngày làm việc", "Sửa ngày trong lịch ngày làm việc",
		"Xóa ngày khỏi lịch ngày làm việc")
}
