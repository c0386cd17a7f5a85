package web_test

import (
	"bytes"
	"context"
	"html"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/org"
	"congvu/services"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/sqlservices/sqlservicestest"
	"congvu/web"
)

// uEnv is a web server on real services over a real database, for the
// unit and official page tests.
type uEnv struct {
	t   *testing.T
	db  *sqldb.DB
	svc services.Set
	srv *web.Server
}

func newUEnv(t *testing.T, db *sqldb.DB) *uEnv {
	t.Helper()
	if db == nil {
		db = sqldbtest.SQLite(t)
	}
	svc := sqlservicestest.Wire(t, db).Set
	srv, err := web.New(web.Options{Services: svc, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return &uEnv{t: t, db: db, svc: svc, srv: srv}
}

func uSystem() context.Context {
	return congvu.NewContextWithActor(context.Background(), congvu.SystemActor("test"))
}

// signIn creates a user with one role over the unit with code unitCode
// (linked to officialID if not 0) and returns their session cookie.
func (e *uEnv) signIn(username string, role congvu.Role, unitCode string, officialID int64) *http.Cookie {
	e.t.Helper()
	ctx := uSystem()
	u, err := e.svc.Units.FindUnitByCode(ctx, unitCode)
	if err != nil {
		e.t.Fatal(err)
	}
	const pw = "mat-khau-thu-nghiem"
	if _, err := e.svc.Users.CreateUser(ctx, org.UserInput{Username: username, FullName: "Người dùng " + username, Password: pw,
		Active: true, OfficialID: officialID, Grants: []congvu.Grant{{Role: role, UnitID: u.ID}}}); err != nil {
		e.t.Fatal(err)
	}
	sess, err := e.svc.Users.Authenticate(context.Background(), username, pw)
	if err != nil {
		e.t.Fatal(err)
	}
	return &http.Cookie{Name: web.SessionCookie, Value: sess.Token}
}

func (e *uEnv) do(c *http.Cookie, req *http.Request) *httptest.ResponseRecorder {
	if c != nil {
		req.AddCookie(c)
	}
	w := httptest.NewRecorder()
	e.srv.Handler().ServeHTTP(w, req)
	return w
}

func (e *uEnv) get(c *http.Cookie, path string) *httptest.ResponseRecorder {
	return e.do(c, httptest.NewRequest("GET", path, nil))
}

func (e *uEnv) post(c *http.Cookie, path string, form url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return e.do(c, req)
}

func (e *uEnv) postFile(c *http.Cookie, path, field, name string, data []byte) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		e.t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req := httptest.NewRequest("POST", path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return e.do(c, req)
}

// unitID returns the id of the unit with code.
func (e *uEnv) unitID(code string) int64 {
	e.t.Helper()
	u, err := e.svc.Units.FindUnitByCode(uSystem(), code)
	if err != nil {
		e.t.Fatalf("unit %s: %v", code, err)
	}
	return u.ID
}

// pageText is the visible text of a page: tags dropped, entities decoded,
// spaces collapsed, so tests can look for what a reader sees.
func pageText(body string) string {
	body = regexp.MustCompile(`(?s)<(script|style|head)\b.*?</(script|style|head)>`).ReplaceAllString(body, " ")
	body = regexp.MustCompile(`<[^>]*>`).ReplaceAllString(body, " ")
	s := strings.Join(strings.Fields(html.UnescapeString(body)), " ")
	return strings.NewReplacer(" ,", ",", " .", ".").Replace(s)
}

func uStatus(t *testing.T, w *httptest.ResponseRecorder, status int) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d; body:\n%s", w.Code, status, pageText(w.Body.String()))
	}
}

func uHas(t *testing.T, w *httptest.ResponseRecorder, wants ...string) {
	t.Helper()
	got := pageText(w.Body.String())
	for _, s := range wants {
		if !strings.Contains(got, s) {
			t.Errorf("page lacks %q; text:\n%s", s, got)
		}
	}
}

func uLacks(t *testing.T, w *httptest.ResponseRecorder, nots ...string) {
	t.Helper()
	got := pageText(w.Body.String())
	for _, s := range nots {
		if strings.Contains(got, s) {
			t.Errorf("page shows %q; text:\n%s", s, got)
		}
	}
}

// testUnitFile is a small national file in the dvhcvn format: two
// provinces, two districts, three communes.
const testUnitFile = `{"data": [
 {"level1_id": "01", "name": "Thành phố Hà Nội", "type": "Thành phố Trung ương", "level2s": [
  {"level2_id": "001", "name": "Quận Ba Đình", "type": "Quận", "level3s": [
   {"level3_id": "00001", "name": "Phường Phúc Xá", "type": "Phường"},
   {"level3_id": "00004", "name": "Phường Trúc Bạch", "type": "Phường"}]}]},
 {"level1_id": "79", "name": "Thành phố Hồ Chí Minh", "type": "Thành phố Trung ương", "level2s": [
  {"level2_id": "760", "name": "Quận 1", "type": "Quận", "level3s": [
   {"level3_id": "26734", "name": "Phường Tân Định", "type": "Phường"}]}]}
]}`

func (e *uEnv) importTestUnits() {
	e.t.Helper()
	if _, err := e.svc.Units.ImportUnits(uSystem(), strings.NewReader(testUnitFile), nil); err != nil {
		e.t.Fatal(err)
	}
}

// location returns the Location header of a redirect.
func uRedirect(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	if w.Code != http.StatusSeeOther {
		t.Fatalf("status %d, want 303; body:\n%s", w.Code, pageText(w.Body.String()))
	}
	return w.Header().Get("Location")
}

func TestUnitsEmptyState(t *testing.T) {
	e := newUEnv(t, nil)
	admin := e.signIn("admin", congvu.RoleAdmin, congvu.RootUnitCode, 0)
	w := e.get(admin, "/units")
	uStatus(t, w, 200)
	uHas(t, w, "Chưa có đơn vị nào.", "Nhập danh mục đơn vị hành chính")
	if !strings.Contains(w.Body.String(), `href="/units/import"`) {
		t.Error("the empty state does not link to the import page")
	}
}

func TestUnitsTreeAndSearch(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newUEnv(t, db)
		e.importTestUnits()
		admin := e.signIn("admin", congvu.RoleAdmin, congvu.RootUnitCode, 0)

		// The national administrator starts at the root and its provinces.
		w := e.get(admin, "/units")
		uStatus(t, w, 200)
		uHas(t, w, "Cả nước", "Thành phố Hà Nội", "Thành phố Hồ Chí Minh", "Đơn vị trực thuộc Cả nước")
		uLacks(t, w, "Quận Ba Đình", "Phường Phúc Xá")

		// Children of a province, with breadcrumbs back up.
		hn := e.unitID("01")
		w = e.get(admin, "/units?parent="+strconv.FormatInt(hn, 10))
		uStatus(t, w, 200)
		uHas(t, w, "Quận Ba Đình", "Đơn vị trực thuộc Thành phố Hà Nội")
		uLacks(t, w, "Phường Phúc Xá", "Quận 1")
		if !strings.Contains(w.Body.String(), `<nav class="crumbs"`) || !strings.Contains(w.Body.String(), `href="/units?parent=1"`) {
			t.Error("no breadcrumbs up to the root")
		}

		// Search without diacritics, across the scope, with the location.
		w = e.get(admin, "/units?q=phuc+xa")
		uStatus(t, w, 200)
		uHas(t, w, "Phường Phúc Xá", "Quận Ba Đình, Thành phố Hà Nội")
		uLacks(t, w, "Phường Trúc Bạch", "Phường Tân Định")
		w = e.get(admin, "/units?q=ha+noi")
		uHas(t, w, "Thành phố Hà Nội")
		uLacks(t, w, "Hồ Chí Minh")
		// By code.
		w = e.get(admin, "/units?q=26734")
		uHas(t, w, "Phường Tân Định")
		// Kind filter.
		w = e.get(admin, "/units?loai=commune")
		uHas(t, w, "Phường Phúc Xá", "Phường Trúc Bạch", "Phường Tân Định")
		uLacks(t, w, "001 Quận Ba Đình", "Thành phố Hà Nội Tỉnh, thành phố")
		// Nothing found says so.
		w = e.get(admin, "/units?q=khong+co+dau")
		uHas(t, w, "Không tìm thấy đơn vị nào khớp với “khong co dau”")

		// A supervisor of Hà Nội sees Hà Nội only.
		sup := e.signIn("giamsat", congvu.RoleSupervisor, "01", 0)
		w = e.get(sup, "/units")
		uStatus(t, w, 200)
		uHas(t, w, "Quận Ba Đình")
		uLacks(t, w, "Hồ Chí Minh")
		w = e.get(sup, "/units?q=tan+dinh")
		uHas(t, w, "Không tìm thấy đơn vị nào")
		uStatus(t, e.get(sup, "/units/"+strconv.FormatInt(e.unitID("79"), 10)), 404)
		uStatus(t, e.get(sup, "/units?parent="+strconv.FormatInt(e.unitID("79"), 10)), 404)
		// Not a manager: no management buttons, and the forms are refused.
		w = e.get(sup, "/units/"+strconv.FormatInt(hn, 10))
		uStatus(t, w, 200)
		uLacks(t, w, "Thêm đơn vị trực thuộc", "Sửa")
		uStatus(t, e.get(sup, "/units/new"), 403)
		uStatus(t, e.get(sup, "/units/restructure"), 403)
	})
}

func TestUnitDetail(t *testing.T) {
	e := newUEnv(t, nil)
	e.importTestUnits()
	admin := e.signIn("admin", congvu.RoleAdmin, congvu.RootUnitCode, 0)
	id := e.unitID("001")
	w := e.get(admin, "/units/"+strconv.FormatInt(id, 10))
	uStatus(t, w, 200)
	uHas(t, w, "Quận Ba Đình", "Mã đơn vị 001", "Cấp trên Thành phố Hà Nội", "Phường Phúc Xá", "Phường Trúc Bạch",
		"Đơn vị trực thuộc (2)", "Đơn vị chưa có cán bộ trực tiếp.")
	uStatus(t, e.get(admin, "/units/999999"), 404)
	uStatus(t, e.get(admin, "/units/abc"), 404)
}

func TestUnitCreateAndEdit(t *testing.T) {
	e := newUEnv(t, nil)
	e.importTestUnits()
	admin := e.signIn("admin", congvu.RoleAdmin, congvu.RootUnitCode, 0)
	hn := e.unitID("01")

	w := e.get(admin, "/units/new?parent="+strconv.FormatInt(hn, 10))
	uStatus(t, w, 200)
	if !strings.Contains(w.Body.String(), `name="parent_code" value="01"`) {
		t.Error("the parent code is not filled in from ?parent=")
	}

	// Bad input: shown again as typed, with Vietnamese messages by field.
	w = e.post(admin, "/units/new", url.Values{"parent_code": {"01"}, "code": {"sở nội vụ"}, "name": {"  "}, "kind": {""}, "type_name": {"Sở"}})
	uStatus(t, w, 400)
	body := w.Body.String()
	uHas(t, w, "Chưa tạo được đơn vị", "Mã đơn vị bắt buộc, gồm chữ cái không dấu", "Tên đơn vị không được để trống.", "Xin chọn loại đơn vị.")
	for _, s := range []string{`value="sở nội vụ"`, `value="Sở"`, `value="01"`, `id="f-code-error"`, `aria-invalid="true"`, `href="#f-name"`} {
		if !strings.Contains(body, s) {
			t.Errorf("form lacks %s", s)
		}
	}
	// An unknown parent code.
	w = e.post(admin, "/units/new", url.Values{"parent_code": {"XX"}, "code": {"01.SNV"}, "name": {"Sở Nội vụ"}, "kind": {"department"}})
	uStatus(t, w, 400)
	uHas(t, w, "Không tìm thấy đơn vị có mã “XX” trong phạm vi của bạn.")

	// Good input: created, then shown with a confirmation.
	w = e.post(admin, "/units/new", url.Values{"parent_code": {"01"}, "code": {"01.SNV"}, "name": {"Sở  Nội vụ   Hà Nội"}, "kind": {"department"}})
	loc := uRedirect(t, w)
	w = e.get(admin, loc)
	uStatus(t, w, 200)
	uHas(t, w, "Đã tạo đơn vị.", "Sở Nội vụ Hà Nội", "Sở, ban, ngành, phòng", "Cấp trên Thành phố Hà Nội")
	// A taken code.
	w = e.post(admin, "/units/new", url.Values{"parent_code": {"01"}, "code": {"01.SNV"}, "name": {"Sở khác"}, "kind": {"department"}})
	uStatus(t, w, 400)
	uHas(t, w, "Mã \"01.SNV\" đã được dùng cho đơn vị khác.")

	// Edit.
	editPath := strings.SplitN(loc, "?", 2)[0] + "/edit"
	w = e.get(admin, editPath)
	uStatus(t, w, 200)
	if !strings.Contains(w.Body.String(), `value="Sở Nội vụ Hà Nội"`) {
		t.Error("edit form is not filled in")
	}
	w = e.post(admin, editPath, url.Values{"code": {"01.SNV"}, "name": {""}, "kind": {"department"}})
	uStatus(t, w, 400)
	uHas(t, w, "Tên đơn vị không được để trống.")
	w = e.post(admin, editPath, url.Values{"code": {"01.SNV"}, "name": {"Sở Nội vụ thành phố Hà Nội"}, "kind": {"department"}, "type_name": {"Sở"}})
	w = e.get(admin, uRedirect(t, w))
	uHas(t, w, "Đã lưu thay đổi của đơn vị.", "Sở Nội vụ thành phố Hà Nội")
	// The root cannot be edited.
	uStatus(t, e.get(admin, "/units/1/edit"), 409)
}

func TestUnitImportJob(t *testing.T) {
	e := newUEnv(t, nil)
	admin := e.signIn("admin", congvu.RoleAdmin, congvu.RootUnitCode, 0)
	w := e.get(admin, "/units/import")
	uStatus(t, w, 200)
	uHas(t, w, "Bắt đầu nhập")

	// No file, or not JSON: the form says so.
	w = e.postFile(admin, "/units/import", "file", "x.json", nil)
	uStatus(t, w, 400)
	uHas(t, w, "Xin chọn tệp danh mục đơn vị")
	w = e.postFile(admin, "/units/import", "file", "x.csv", []byte("a,b,c"))
	uStatus(t, w, 400)
	uHas(t, w, "Tệp không phải JSON danh mục đơn vị hành chính")

	w = e.postFile(admin, "/units/import", "file", "dvhcvn.json", []byte(testUnitFile))
	loc := uRedirect(t, w)
	id, ok := strings.CutPrefix(loc, "/jobs/")
	if !ok {
		t.Fatalf("redirected to %s, want /jobs/{id}", loc)
	}
	job := e.srv.Jobs.Get(id)
	if job == nil {
		t.Fatal("no such job")
	}
	select {
	case <-job.Done():
	case <-time.After(30 * time.Second):
		t.Fatal("the import job did not finish")
	}
	v := job.Snapshot()
	if v.Status != web.JobDone || v.Total != 7 || v.Done != 7 {
		t.Fatalf("job %+v", v)
	}
	w = e.get(admin, loc)
	uStatus(t, w, 200)
	uHas(t, w, "Đã xong.", "Đã xử lý 7 đơn vị: 7 tạo mới, 0 cập nhật, 0 không đổi.", "Tệp: dvhcvn.json (1 KB).", "Xem cây đơn vị")

	// The job ran as the signed-in user, with the request's address.
	events, _, err := e.svc.Audit.FindAuditEvents(uSystem(), congvu.AuditFilter{Kind: "unit.import"})
	if err != nil || len(events) != 1 {
		t.Fatalf("import events %v, %v", events, err)
	}
	if events[0].ActorName != "Người dùng admin" || events[0].IP != "192.0.2.1" {
		t.Errorf("import recorded as %q from %q", events[0].ActorName, events[0].IP)
	}
	w = e.get(admin, "/units?q=phuc+xa")
	uHas(t, w, "Phường Phúc Xá")

	// The same file again changes nothing.
	loc = uRedirect(t, e.postFile(admin, "/units/import", "file", "dvhcvn.json", []byte(testUnitFile)))
	<-e.srv.Jobs.Get(strings.TrimPrefix(loc, "/jobs/")).Done()
	uHas(t, e.get(admin, loc), "0 tạo mới, 0 cập nhật, 7 không đổi.")

	// A broken file fails in the job, with the service's message.
	loc = uRedirect(t, e.postFile(admin, "/units/import", "file", "bad.json", []byte(`{"data": [{"level1_id": "!!", "name": "X"}]}`)))
	<-e.srv.Jobs.Get(strings.TrimPrefix(loc, "/jobs/")).Done()
	w = e.get(admin, loc)
	uHas(t, w, "Không thực hiện được", "mã đơn vị \"!!\" không hợp lệ")

	// Only a national administrator may import; others see why.
	sup := e.signIn("tinh", congvu.RoleAdmin, "01", 0)
	w = e.get(sup, "/units/import")
	uHas(t, w, "Chỉ quản trị hệ thống cấp toàn quốc được nhập danh mục")
	uStatus(t, e.postFile(sup, "/units/import", "file", "dvhcvn.json", []byte(testUnitFile)), 403)
	// Someone else's job is not found.
	uStatus(t, e.get(sup, loc), 404)
}

func TestRestructureMergeForm(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newUEnv(t, db)
		e.importTestUnits()
		admin := e.signIn("admin", congvu.RoleAdmin, congvu.RootUnitCode, 0)
		w := e.get(admin, "/units/restructure")
		uStatus(t, w, 200)
		uHas(t, w, "Hợp nhất, sáp nhập", "Chia tách", "Áp dụng kế hoạch sắp xếp từ tệp", "Chưa có lần sắp xếp nào được ghi nhận.")

		// A code that does not exist: nothing saved, input kept.
		form := url.Values{"merge_from": {"00001, 00077"}, "merge_mode": {"new"}, "merge_into_code": {"00099"}, "merge_into_name": {"Phường Ba Đình"},
			"merge_into_kind": {"commune"}, "merge_into_type": {"Phường"}, "merge_into_parent": {"01"},
			"merge_effective": {"01/07/2025"}, "merge_decision": {"Nghị quyết số 1656/NQ-UBTVQH15"}}
		w = e.post(admin, "/units/restructure/merge", form)
		uStatus(t, w, 400)
		uHas(t, w, `Không tìm thấy đơn vị mã "00077".`)
		uLacks(t, w, "Thao tác 1")
		if !strings.Contains(w.Body.String(), `value="Phường Ba Đình"`) || !strings.Contains(w.Body.String(), `>00001, 00077</textarea>`) {
			t.Error("the form lost its input")
		}
		if u, _ := e.svc.Units.FindUnitByCode(uSystem(), "00001"); !u.Active {
			t.Fatal("a rejected merge dissolved a unit")
		}
		// Missing date and decision: field errors from the service.
		bad := url.Values{"merge_from": {"00001 00004"}, "merge_mode": {"existing"}, "merge_into_code": {"00004"}, "merge_effective": {"sáng mai"}, "merge_decision": {"NQ"}}
		w = e.post(admin, "/units/restructure/merge", bad)
		uStatus(t, w, 400)
		uHas(t, w, "Ngày hiệu lực phải có dạng dd/mm/yyyy")
		if !strings.Contains(w.Body.String(), `id="f-merge-effective-error"`) {
			t.Error("the date error is not on the date field")
		}
		bad.Del("merge_effective")
		bad.Del("merge_decision")
		w = e.post(admin, "/units/restructure/merge", bad)
		uStatus(t, w, 400)
		uHas(t, w, "Xin nhập ngày có hiệu lực", "Xin ghi số, ngày của văn bản quyết định")
		// New unit without a name.
		w = e.post(admin, "/units/restructure/merge", url.Values{"merge_from": {"00001 00004"}, "merge_mode": {"new"}, "merge_into_code": {"00099"},
			"merge_effective": {"01/07/2025"}, "merge_decision": {"NQ"}})
		uStatus(t, w, 400)
		uHas(t, w, "Xin nhập tên đơn vị mới.", "Xin chọn loại của đơn vị mới.")

		// The real thing: two wards into a new one under the city.
		form.Set("merge_from", "00001\n00004")
		w = e.post(admin, "/units/restructure/merge", form)
		loc := uRedirect(t, w)
		w = e.get(admin, loc)
		uStatus(t, w, 200)
		uHas(t, w, "Đã ghi nhận việc hợp nhất, sáp nhập đơn vị.", "Phường Ba Đình", "Hình thành từ", "Phường Phúc Xá", "Phường Trúc Bạch",
			"Cấp trên Thành phố Hà Nội")
		// The old ward says where it went, and since when.
		w = e.get(admin, "/units/"+strconv.FormatInt(e.unitID("00001"), 10))
		uHas(t, w, "Đã sáp nhập vào Phường Ba Đình từ 01/07/2025.", "Căn cứ: Nghị quyết số 1656/NQ-UBTVQH15",
			"Lịch sử sắp xếp", "Hợp nhất, sáp nhập")
		// Dissolved units leave the tree unless asked for.
		w = e.get(admin, "/units?q=phuc+xa")
		uHas(t, w, "Không tìm thấy đơn vị nào")
		w = e.get(admin, "/units?q=phuc+xa&ca-giai-the=on")
		uHas(t, w, "Phường Phúc Xá", "Ngừng từ 01/07/2025")
		// And the page lists it among recent restructurings.
		w = e.get(admin, "/units/restructure")
		uHas(t, w, "Đã sắp xếp gần đây", "01/07/2025 Hợp nhất, sáp nhập Phường Phúc Xá, Phường Trúc Bạch Phường Ba Đình")
	})
}

func TestRestructureSplitAndPlan(t *testing.T) {
	e := newUEnv(t, nil)
	e.importTestUnits()
	admin := e.signIn("admin", congvu.RoleAdmin, congvu.RootUnitCode, 0)
	// One part only.
	w := e.post(admin, "/units/restructure/split", url.Values{"split_from": {"760"}, "split_code_1": {"760A"}, "split_name_1": {"Quận 1A"},
		"split_effective": {"2025-07-01"}, "split_decision": {"NQ 2"}})
	uStatus(t, w, 400)
	uHas(t, w, "Chia tách cần ít nhất hai đơn vị sau sắp xếp.", "Dòng 1: xin chọn loại của đơn vị mới.")
	if !strings.Contains(w.Body.String(), `value="Quận 1A"`) {
		t.Error("the split form lost its input")
	}
	form := url.Values{"split_from": {"760"}, "split_code_1": {"760A"}, "split_name_1": {"Quận 1A"}, "split_kind_1": {"district"},
		"split_code_2": {"760B"}, "split_name_2": {"Quận 1B"}, "split_kind_2": {"district"},
		"split_effective": {"01/07/2025"}, "split_decision": {"Nghị quyết số 2"}}
	w = e.get(admin, uRedirect(t, e.post(admin, "/units/restructure/split", form)))
	uHas(t, w, "Đã ghi nhận việc chia tách đơn vị.", "Đã chia tách thành Quận 1A, Quận 1B từ 01/07/2025.")
	// Phường Tân Định went to the first part.
	w = e.get(admin, "/units/"+strconv.FormatInt(e.unitID("760A"), 10))
	uHas(t, w, "Phường Tân Định", "Hình thành từ Quận 1")

	// A plan file: a broken one, a wrong one, then a good one.
	w = e.postFile(admin, "/units/restructure/plan", "plan_file", "plan.json", []byte("{\n\"effective\": \"2025-07-01\",\n\"operations\": [}"))
	uStatus(t, w, 400)
	uHas(t, w, "Tệp không phải JSON hợp lệ: lỗi ở dòng 3.", "không có thay đổi nào được lưu")
	plan := `{"effective": "2025-07-01", "decision": "NQ 3", "operations": [
		{"op": "rename", "from": ["00001"], "name": "Phường Phúc Xá Mới"},
		{"op": "merge", "from": ["00004"], "into": {"code": "nope"}}]}`
	w = e.postFile(admin, "/units/restructure/plan", "plan_file", "plan.json", []byte(plan))
	uStatus(t, w, 400)
	uHas(t, w, `Thao tác 2 (hợp nhất, sáp nhập): không tìm thấy đơn vị mã "nope".`)
	if u, _ := e.svc.Units.FindUnitByCode(uSystem(), "00001"); u.Name != "Phường Phúc Xá" {
		t.Fatal("a rejected plan renamed a unit")
	}
	plan = strings.Replace(plan, `"nope"`, `"00001"`, 1)
	w = e.postFile(admin, "/units/restructure/plan", "plan_file", "plan.json", []byte(plan))
	if loc := uRedirect(t, w); !strings.HasPrefix(loc, "/units/restructure") {
		t.Fatalf("plan redirected to %s", loc)
	}
	w = e.get(admin, "/units/restructure?ok=ke-hoach")
	uHas(t, w, "Đã áp dụng kế hoạch sắp xếp đơn vị.", "Đổi tên", "Phường Phúc Xá Mới")
}

func TestUnitPagesNeedSignIn(t *testing.T) {
	e := newUEnv(t, nil)
	for _, p := range []string{"/units", "/units/1", "/units/new", "/units/restructure", "/officials", "/officials/1", "/officials/import/template.csv"} {
		w := e.get(nil, p)
		if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/login?next=") {
			t.Errorf("GET %s anonymously: %d %s", p, w.Code, w.Header().Get("Location"))
		}
	}
	w := e.post(nil, "/units/restructure/merge", url.Values{"merge_from": {"1"}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login" {
		t.Errorf("POST anonymously: %d %s", w.Code, w.Header().Get("Location"))
	}
}
