package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/devdata"
	"congvu/org"

	"github.com/xuri/excelize/v2"
)

func init() {
	// Violations are sensitive: supervisors, unit heads and inspectors
	// see them, not administrators nor officials.
	viewers := allowedRoles(superv, head, inspect)
	for k, v := range map[string]expectation{
		"GET /violations/dashboard":        {In: viewers},
		"GET /violations/dashboard/export": {In: viewers}, // without a format: 400
	} {
		authzTable[k] = v
	}
}

// The violation dashboard of a province: an empty state first, then the
// totals, the months, the items and the sub-units per 100 officials, each
// an SVG chart beside its data table, and the export of the same figures
// in CSV and XLSX; a date that cannot be read is explained and kept; a
// unit head of another unit asking for the province sees only their own,
// an administrator is refused.
func TestViolationDashboard(t *testing.T) {
	e := newEnv(t)
	c := e.client().login("noivu")
	c.get("/violations/dashboard").want(t, http.StatusOK, "Vi phạm và xử lý vi phạm — Tỉnh Thái Bình", "Chưa có vi phạm nào trong khoảng thời gian này")

	if _, err := devdata.GenerateViolations(sysCtx(), e.db, devdata.ViolationGenOptions{Officials: 200, Violations: 400, Seed: 3,
		From: time.Now().AddDate(-1, 0, 0), To: time.Now()}); err != nil {
		t.Fatal(err)
	}
	r := c.get("/violations/dashboard")
	r.want(t, http.StatusOK, "Vi phạm và xử lý vi phạm — Tỉnh Thái Bình", `<svg`, `id="bieu-do-thang"`, `id="bieu-do-chuan-muc"`,
		"<caption>Số vi phạm theo tháng xảy ra hành vi</caption>", "<caption>Số vi phạm nêu từng chuẩn mực</caption>",
		"Biện pháp xử lý dưới mức kỷ luật", "Hình thức kỷ luật đã áp dụng", "trên 100 cán bộ", "Tải bảng số liệu Excel")
	r.lacks(t, "Chưa có vi phạm nào")

	r = c.get("/violations/dashboard/export?format=csv&unit=34")
	r.want(t, http.StatusOK, "Số vi phạm (theo ngày xảy ra),", "Theo chuẩn mực", "Tỉnh Thái Bình")
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
		t.Errorf("CSV export: %q", r.Header.Get("Content-Type"))
	}
	r = c.get("/violations/dashboard/export?format=xlsx&unit=34")
	r.want(t, http.StatusOK)
	x, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	if rows, err := x.GetRows("Theo chuẩn mực"); err != nil || len(rows) < 3 {
		t.Fatalf("items sheet: %v, %d rows", err, len(rows))
	}

	c.get("/violations/dashboard?from=31/02/2026").want(t, http.StatusBadRequest, "Ngày bắt đầu phải có dạng ngày/tháng/năm", `value="31/02/2026"`)
	c.get("/violations/dashboard/export?format=pdf").want(t, http.StatusBadRequest)

	if _, err := e.svc.Users.CreateUser(sysCtx(), org.UserInput{Username: "thutruong", FullName: "Thủ Trưởng", Password: testPassword, Active: true,
		Grants: []congvu.Grant{{Role: congvu.RoleUnitHead, UnitID: e.units["34.SNV"].ID}}}); err != nil {
		t.Fatal(err)
	}
	head := e.client().login("thutruong").get("/violations/dashboard?unit=34")
	head.want(t, http.StatusBadRequest, "Vi phạm và xử lý vi phạm — Sở Nội vụ tỉnh Thái Bình")
	head.lacks(t, "Vi phạm và xử lý vi phạm — Tỉnh Thái Bình")
	e.client().login("admin").get("/violations/dashboard").want(t, http.StatusForbidden)
	e.client().login("hanoi").get("/violations/dashboard?unit=34").want(t, http.StatusForbidden)
}
