package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"congvu"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// testMergesFile is the 01/07/2025 file's format (dvhcvn merges) over
// testUnitFile: Phúc Xá and Trúc Bạch become the new Phường Ba Đình, which
// keeps Trúc Bạch's code 00004; Tân Định goes on, directly under the city.
const testMergesFile = `{"data":[
 {"level1_id":"01","name":"Thành phố Hà Nội","merges":[{"old_id":"01","name":"Thành phố Hà Nội","type":"full"}],
  "level2s":[{"level2_id":"00004","name":"Phường Ba Đình","merges":[{"old_id":"00001","name":"Phường Phúc Xá","type":"full"},{"old_id":"00004","name":"Phường Trúc Bạch","type":"full"}]}]},
 {"level1_id":"79","name":"Thành phố Hồ Chí Minh","merges":[{"old_id":"79","name":"Thành phố Hồ Chí Minh","type":"full"}],
  "level2s":[{"level2_id":"26734","name":"Phường Tân Định","merges":[{"old_id":"26734","name":"Phường Tân Định","type":"full"}]}]}
],"stats":{"level1_count":2,"level2_count":2}}`

// postPlan uploads a plan file, with "Xem trước" pressed when preview.
func (e *uEnv) postPlan(c *http.Cookie, data []byte, preview bool) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if preview {
		mw.WriteField("xem_truoc", "1")
	}
	fw, _ := mw.CreateFormFile("plan_file", "dvhcvn-merges.json")
	fw.Write(data)
	mw.Close()
	req := httptest.NewRequest("POST", "/units/restructure/plan", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return e.do(c, req)
}

// TestRestructurePlanPreview: "Xem trước" on the admin page lists what a
// plan would do, the officials and records that follow, and saves nothing.
func TestRestructurePlanPreview(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newUEnv(t, db)
		e.importTestUnits()
		px := e.unitID("00001")
		now := db.Now()
		if _, err := db.Write.Exec(`INSERT INTO officials (unit_id, employee_code, full_name, search_name, category, badge_token, created_at, updated_at) VALUES ($1, 'PX-1', 'Cán bộ', 'can bo', 'civil_servant', 'PX-1', $2, $2)`, px, now); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := db.Write.Exec(`INSERT INTO feedback (unit_id, channel, satisfaction, status, submitted_at) VALUES ($1, 'web', 'satisfied', 'published', $2)`, px, now); err != nil {
				t.Fatal(err)
			}
		}
		admin := e.signIn("admin", congvu.RoleAdmin, congvu.RootUnitCode, 0)
		uHas(t, e.get(admin, "/units/restructure"), "Xem trước", "dvhcvn-merges-2025-07-01.json")

		count := func(q string) int {
			var n int
			db.Read.QueryRow(q).Scan(&n)
			return n
		}
		units := count(`SELECT COUNT(*) FROM units`)
		w := e.postPlan(admin, []byte(testMergesFile), true)
		uStatus(t, w, 200)
		uHas(t, w, "Xem trước kế hoạch “dvhcvn-merges.json”", "Chưa có thay đổi nào được lưu.", "hiệu lực từ 01/07/2025",
			"1 đơn vị thành lập mới; 4 đơn vị giải thể, sáp nhập; 1 đơn vị chuyển cấp trên; 0 đơn vị đổi tên.",
			"Căn cứ: Các nghị quyết năm 2025 của Ủy ban Thường vụ Quốc hội",
			"Đơn vị thành lập mới Mã Tên Trực thuộc 00004 Phường Ba Đình Thành phố Hà Nội",
			"00001 Phường Phúc Xá Phường Ba Đình", "00004 Phường Trúc Bạch Phường Ba Đình", "001 Quận Ba Đình Thành phố Hà Nội",
			"26734 Phường Tân Định Quận 1 Thành phố Hồ Chí Minh",
			"1 cán bộ chuyển sang đơn vị mới, từ 1 đơn vị.", "Phường Phúc Xá (00001) Phường Ba Đình 1",
			"đi theo đơn vị (vẫn thuộc đơn vị cũ, được tính vào đơn vị kế thừa): đánh giá 2")
		// Nothing saved.
		if n := count(`SELECT COUNT(*) FROM units`); n != units || count(`SELECT COUNT(*) FROM restructurings`) != 0 ||
			count(`SELECT COUNT(*) FROM units WHERE active = FALSE`) != 0 || count(`SELECT COUNT(*) FROM officials WHERE unit_id = `+itoa(px)) != 1 {
			t.Fatal("the preview saved something")
		}
		if u, _ := e.svc.Units.FindUnitByCode(uSystem(), "00004"); u.Name != "Phường Trúc Bạch" {
			t.Fatalf("00004 after the preview: %s", u.Name)
		}
		// A plan that fails shows its error, in the preview as when applying.
		w = e.postPlan(admin, []byte(`{"effective":"2025-07-01","decision":"NQ","operations":[{"op":"abolish","from":["nope"]}]}`), true)
		uStatus(t, w, 400)
		uHas(t, w, `Không tìm thấy đơn vị mã "nope".`)
		// Then applied: 00004 names the new ward.
		uRedirect(t, e.postPlan(admin, []byte(testMergesFile), false))
		if u, _ := e.svc.Units.FindUnitByCode(uSystem(), "00004"); u.Name != "Phường Ba Đình" || u.ID == e.unitID("00001") {
			t.Fatalf("00004 after applying: %+v", u)
		}
	})
}
