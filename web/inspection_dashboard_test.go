package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"congvu"
	"congvu/devdata"
	"congvu/org"

	"github.com/xuri/excelize/v2"
)

func init() {
	// The compliance figures count lines of inspections not concluded yet:
	// those who run or supervise inspections see them, not unit heads.
	compliance := allowedRoles(provAdmin, superv, inspect)
	for k, v := range map[string]expectation{
		"GET /inspections/dashboard":        {In: compliance},
		"GET /inspections/dashboard/export": {In: compliance}, // without a format: 400
	} {
		authzTable[k] = v
	}
}

// The compliance dashboard of a province: the rate, the trend, the items
// and the ranking of its units, each an SVG chart beside its data table;
// the export holds the same figures in XLSX and CSV; a date that cannot be
// read is explained and kept; a unit head is refused and an admin of
// another province does not see the province's figures.
func TestInspectionDashboard(t *testing.T) {
	e := newEnv(t)
	res, err := devdata.GenerateInspections(sysCtx(), e.db, devdata.InspectionGenOptions{Inspections: 60, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	var kept, checked int
	if err := e.db.Read.QueryRow(`SELECT SUM(kept), SUM(kept + breached) FROM rollup_inspection_unit_day WHERE unit_id = $1`, e.units["34"].ID).Scan(&kept, &checked); err != nil {
		t.Fatal(err)
	}
	if checked == 0 || checked >= res.Lines {
		t.Fatalf("province 34: %d lines checked of %d", checked, res.Lines)
	}
	c := e.client().login("noivu")
	r := c.get("/inspections/dashboard")
	r.want(t, http.StatusOK, "Kết quả kiểm tra văn hóa công vụ — Tỉnh Thái Bình",
		`<svg`, `id="bieu-do-xu-huong"`, `id="bieu-do-chuan-muc"`, `id="bieu-do-don-vi"`, "Tỷ lệ tuân thủ (%)",
		"<caption>Nội dung đã kiểm tra và tỷ lệ tuân thủ theo tháng</caption>", "<caption>Tỷ lệ tuân thủ từng chuẩn mực</caption>",
		"<caption>Tỷ lệ tuân thủ theo đơn vị trực thuộc</caption>", "Sở Nội vụ tỉnh Thái Bình",
		"("+congvuNumber(kept)+"/"+congvuNumber(checked)+" nội dung)",
		"Đơn vị chưa được kiểm tra trong 12 tháng", "Tải bảng số liệu Excel")

	r = c.get("/inspections/dashboard/export?format=csv&unit=34")
	r.want(t, http.StatusOK, "Nội dung đạt,"+strconv.Itoa(kept)+"\r\n", "Theo chuẩn mực", "Sở Nội vụ tỉnh Thái Bình")
	if !strings.HasPrefix(r.Body, "\uFEFFChỉ tiêu,Giá trị") || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
		t.Errorf("CSV export: %q, %q", r.Header.Get("Content-Type"), r.Body[:min(len(r.Body), 40)])
	}
	r = c.get("/inspections/dashboard/export?format=xlsx&unit=34")
	r.want(t, http.StatusOK)
	x, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows("Theo chuẩn mực")
	if err != nil || len(rows) < 3 {
		t.Fatalf("items sheet: %v, %d rows", err, len(rows))
	}

	c.get("/inspections/dashboard?from=31/02/2026").want(t, http.StatusBadRequest, "Ngày bắt đầu phải có dạng ngày/tháng/năm", `value="31/02/2026"`)
	c.get("/inspections/dashboard/export?format=pdf").want(t, http.StatusBadRequest)

	if _, err := e.svc.Users.CreateUser(sysCtx(), org.UserInput{Username: "thutruong", FullName: "Thủ Trưởng", Password: testPassword, Active: true,
		Grants: []congvu.Grant{{Role: congvu.RoleUnitHead, UnitID: e.units["34.SNV"].ID}}}); err != nil {
		t.Fatal(err)
	}
	e.client().login("thutruong").get("/inspections/dashboard").want(t, http.StatusForbidden)
	other := e.client().login("hanoi").get("/inspections/dashboard?unit=34")
	other.want(t, http.StatusBadRequest, "Thành phố Hà Nội")
	other.lacks(t, "Sở Nội vụ tỉnh Thái Bình")
}

// congvuNumber writes n with Vietnamese thousands separators.
func congvuNumber(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}
