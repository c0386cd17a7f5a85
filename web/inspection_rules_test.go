package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/org"
)

func init() {
	for k, v := range map[string]expectation{
		"GET /settings/inspection-rules":  {In: signedIn},
		"POST /settings/inspection-rules": {In: nobody}, // the national rules: national admins only, none in this table
	} {
		authzTable[k] = v
	}
}

// The rules of who may own an inspection: every signed-in user reads them
// per kind with their citation, "theo luật" only for a verified one; a
// provincial admin may not add one; a national admin's bad rule is
// explained with the input kept, a good one is listed and audited.
func TestInspectionRulesPage(t *testing.T) {
	e := newEnv(t)
	c := e.client().login("noivu")
	r := c.get("/settings/inspection-rules")
	r.want(t, http.StatusOK, "Thẩm quyền kiểm tra, thanh tra", `id="loai-check"`, `id="loai-inspection"`,
		"Luật Thanh tra số 84/2025/QH15", "Quyết định 1847/QĐ-TTg", "Tỉnh, thành phố", "Mọi cấp", "Đang áp dụng")
	if n := strings.Count(strings.ToLower(r.Body), "theo luật"); n != 1 {
		t.Errorf(`"theo luật" %d times, want once (only the verified rule)`, n)
	}
	if n := strings.Count(r.Body, "Chưa đối chiếu văn bản"); n != 2 {
		t.Errorf("%d unverified rules shown, want 2", n)
	}
	r.lacks(t, `action="/settings/inspection-rules"`)
	c.get("/settings/calendar").want(t, http.StatusOK, `href="/settings/inspection-rules"`)

	future := time.Now().In(congvu.TimeZone).AddDate(0, 0, 10).Format("02/01/2006")
	valid := url.Values{"kind": {"inspection"}, "levels": {"nation"}, "valid_from": {future},
		"basis": {"Nghị định thử 99/2026/NĐ-CP, Điều 3"}}
	if _, err := e.svc.Users.CreateUser(sysCtx(), org.UserInput{Username: "tinh", FullName: "Quản Trị Tỉnh", Password: testPassword, Active: true,
		Grants: []congvu.Grant{{Role: congvu.RoleAdmin, UnitID: e.units["34"].ID}}}); err != nil {
		t.Fatal(err)
	}
	e.client().login("tinh").post("/settings/inspection-rules", valid).want(t, http.StatusForbidden)
	c.post("/settings/inspection-rules", valid).want(t, http.StatusForbidden)

	admin := e.client().login("admin")
	admin.get("/settings/inspection-rules").want(t, http.StatusOK, `action="/settings/inspection-rules"`, "Thêm quy định")
	bad := url.Values{"kind": {"inspection"}, "levels": {"nation"}, "valid_from": {"01/01/2020"}, "valid_until": {"31/02/2027"}, "basis": {"Căn cứ giữ lại"}}
	admin.post("/settings/inspection-rules", bad).want(t, http.StatusBadRequest, "Ngày phải có dạng ngày/tháng/năm", `value="31/02/2027"`,
		"Căn cứ giữ lại", `id="f-levels-nation" name="levels" value="nation" checked`)
	bad = url.Values{"kind": {"inspection"}, "valid_from": {"01/01/2020"}, "basis": {""}}
	admin.post("/settings/inspection-rules", bad).want(t, http.StatusBadRequest, "không được trước ngày hôm nay", "Xin nhập căn cứ")

	admin.post("/settings/inspection-rules", valid).want(t, http.StatusSeeOther)
	admin.get("/settings/inspection-rules").want(t, http.StatusOK, "Nghị định thử 99/2026/NĐ-CP, Điều 3", "Sẽ áp dụng từ "+future)
	admin.get("/audit").want(t, http.StatusOK, "Thêm quy định về thẩm quyền kiểm tra, thanh tra")
}
