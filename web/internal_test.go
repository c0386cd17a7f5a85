package web

import (
	"congvu/org"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/sqlservices/sqlservicestest"
	"congvu/standard"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"congvu"
)

func testServer(t *testing.T) *Server {
	t.Helper()
	s, err := New(Options{Services: sqlservicestest.Wire(t, sqldbtest.SQLite(t)).Set, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var (
	sampleTime = time.Date(2025, 7, 1, 17, 30, 0, 0, time.UTC) // 02/07/2025 00:30 in Hà Nội
	sampleUnit = &org.Unit{ID: 7, Code: "34.SNV", Name: "Sở Nội vụ tỉnh Thái Bình", Path: "/1/2/7/"}
	sampleForm = func() *Form {
		f := NewForm(url.Values{"username": {"noivu"}, "q": {"Nguyễn"}})
		f.AddError("username", "Tên đăng nhập không hợp lệ.")
		f.Message = "Thông tin nhập chưa hợp lệ."
		return f
	}
)

// pageSamples gives every page template a filled page struct (and the
// zero value is tried too). Handler files add theirs in an init function
// of an internal test file.
var pageSamples = map[string][]Page{
	"error.html":    {&ErrorPage{Status: 404, Heading: "Không tìm thấy trang", Message: "Không tìm thấy.", Details: []string{"Ô A sai."}}},
	"login.html":    {&LoginPage{Form: sampleForm(), Next: "/audit"}},
	"password.html": {&PasswordPage{Form: sampleForm()}},
	"home.html": {&HomePage{Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitName: "Tỉnh Thái Bình"}}, Units: 1234,
		Officials: 56789, ShowUnits: true, ShowOfficials: true, Links: []HomeLink{{"Đơn vị", "/units", "Cây đơn vị."}}}},
	"tokens.html": {&TokensPage{Form: sampleForm(), NewToken: &org.APIToken{ID: 1, Name: "Cổng", Secret: "cv_bí_mật"},
		Tokens: []*org.APIToken{{ID: 1, Name: "Cổng", CreatedAt: sampleTime, LastUsedAt: &sampleTime},
			{ID: 2, Name: "Cũ", CreatedAt: sampleTime, RevokedAt: &sampleTime}}}},
	"standards.html": {&StandardsPage{UnitCode: "34.SNV", Unit: sampleUnit, UnitError: "Không tìm thấy.",
		Version: &standard.Version{Code: "1847-2019", Title: "Bộ chuẩn mực", EffectiveOn: sampleTime, Groups: []*standard.Group{
			{Code: "GT", Name: "Giao tiếp, ứng xử", Items: []*standard.Item{
				{Code: "GT-XC", Title: "Xin chào", FourXin: true, Basis: standard.LegalBasis{Document: "Kế hoạch 86/KH-UBND", Section: "Mục II.2.a"}},
				{Code: "GT-SNV-01", Title: "Đeo thẻ", Prohibition: true, UnitID: 7, UnitName: "Sở Nội vụ"}}},
			{Code: "TP", Name: "Trang phục"}}},
		FourXin: []*standard.Item{{Code: "GT-XC", Title: "Xin chào"}}}},
	"standards_local.html": {&LocalStandardsPage{Form: sampleForm(), UnitCode: "34.SNV", Unit: sampleUnit, CanAdd: true,
		Groups: map[string]string{"GT": "Giao tiếp, ứng xử"},
		Items:  []*standard.Item{{Code: "GT-SNV-01", GroupCode: "GT", Title: "Đeo thẻ", UnitName: "Sở Nội vụ", Prohibition: true}}}},
	"standard_local_form.html": {&LocalStandardFormPage{Form: sampleForm(), Groups: []Option{{"GT", "GT — Giao tiếp"}}}},
	"audit.html": {&AuditPage{Form: sampleForm(), Kinds: []Option{{"", "Tất cả"}, {"user.create", "Tạo tài khoản"}},
		Events: []*congvu.AuditEvent{{ID: 1, At: sampleTime, ActorName: "Quản trị", Kind: "user.create", EntityType: "user", EntityID: 3,
			UnitName: "Tỉnh Thái Bình", Before: json.RawMessage(`{"a":1}`), After: json.RawMessage(`{"a":2,"b":[1,2]}`), IP: "10.0.0.1"}},
		Pager: Pager{Page: 2, Pages: 9, Size: 50, Total: 420, From: 51, To: 100, Prev: "/audit", Next: "/audit?trang=3",
			Links: []PageLink{{Page: 1, Href: "/audit"}, {Page: 2, Href: "/audit?trang=2", Current: true}, {Gap: true}, {Page: 9, Href: "/audit?trang=9"}}}}},
	"users.html": {&UsersPage{Form: sampleForm(), Users: []*org.User{{ID: 1, Username: "noivu", FullName: "Hoàng Thanh Thịnh", Active: true,
		LastLoginAt: &sampleTime, Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitName: "Tỉnh Thái Bình"}}}, {ID: 2, Username: "cu"}},
		Pager: Pager{Page: 1, Pages: 1, Total: 2, From: 1, To: 2}}},
	"user_form.html": {
		&UserFormPage{IsNew: true, Form: sampleForm(), Roles: []Option{{"", "— Không —"}, {"admin", "Quản trị"}},
			Grants: []GrantRow{{Index: 0, Role: "admin", UnitCode: "34", UnitName: "Tỉnh Thái Bình", Error: "Sai."}, {Index: 1}}},
		&UserFormPage{User: &org.User{ID: 3, Username: "noivu", CreatedAt: sampleTime, LastLoginAt: &sampleTime}, Form: sampleForm()},
	},
	"job.html": {
		&JobPage{Job: JobView{ID: "abc", Title: "Nhập đơn vị", Status: JobRunning, Done: 5, Total: 10, Percent: 50, Started: sampleTime}},
		&JobPage{Job: JobView{ID: "abc", Title: "Nhập đơn vị", Status: JobDone, Result: JobResult{Message: "Xong.", Details: []string{"Dòng 3"},
			Link: Link{"Xem đơn vị", "/units"}}, Started: sampleTime, Finished: sampleTime}},
		&JobPage{Job: JobView{ID: "abc", Title: "Nhập đơn vị", Status: JobFailed, Error: "Tệp hỏng."}},
	},
}

// zeroPage returns a new zero value of the same type as p.
func zeroPage(p Page) Page {
	switch p.(type) {
	case *ErrorPage:
		return &ErrorPage{}
	case *LoginPage:
		return &LoginPage{}
	case *PasswordPage:
		return &PasswordPage{}
	case *HomePage:
		return &HomePage{}
	case *TokensPage:
		return &TokensPage{}
	case *StandardsPage:
		return &StandardsPage{}
	case *LocalStandardsPage:
		return &LocalStandardsPage{}
	case *LocalStandardFormPage:
		return &LocalStandardFormPage{}
	case *AuditPage:
		return &AuditPage{}
	case *UsersPage:
		return &UsersPage{}
	case *UserFormPage:
		return &UserFormPage{}
	case *JobPage:
		return &JobPage{}
	}
	return nil
}

// myPages are the templates of this file's author; the others (units,
// officials) are checked when they register samples.
var myPages = []string{"error.html", "login.html", "password.html", "home.html", "tokens.html", "standards.html",
	"standards_local.html", "standard_local_form.html", "audit.html", "users.html", "user_form.html", "job.html"}

func TestEveryTemplateRenders(t *testing.T) {
	s := testServer(t)
	for _, name := range myPages {
		if _, ok := s.tmpl.pages[name]; !ok {
			t.Errorf("template %s is missing", name)
		}
		if len(pageSamples[name]) == 0 {
			t.Errorf("no sample page for %s", name)
		}
	}
	actors := []*congvu.Actor{nil, {UserID: 1, Username: "noivu", FullName: "Hoàng Thanh Thịnh",
		Grants: []congvu.Grant{{Role: congvu.RoleAdmin, UnitPath: "/1/", UnitName: "Cả nước"}}}}
	for _, name := range s.Pages() {
		samples := pageSamples[name]
		if len(samples) == 0 {
			t.Logf("no sample page for %s: add one to pageSamples", name)
			continue
		}
		for i, p := range samples {
			for _, variant := range []Page{p, zeroPage(p)} {
				if variant == nil {
					continue
				}
				for _, a := range actors {
					r := httptest.NewRequest("GET", "/x?ok=dang-xuat", nil)
					r = r.WithContext(congvu.NewContextWithActor(r.Context(), a))
					w := httptest.NewRecorder()
					if err := s.Render(w, r, 200, name, variant); err != nil {
						t.Errorf("%s sample %d (%T, actor %v): %v", name, i, variant, a != nil, err)
						continue
					}
					body := w.Body.String()
					for _, want := range []string{`<html lang="vi">`, "</html>", `href="#main"`, "Bạn đã đăng xuất."} {
						if !strings.Contains(body, want) {
							t.Errorf("%s: page lacks %q", name, want)
						}
					}
					if strings.Contains(body, "<no value>") || strings.Contains(body, "%!") {
						t.Errorf("%s: template printed a missing value:\n%s", name, body)
					}
				}
			}
		}
	}
	// Details worth checking on the filled samples.
	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/audit", nil)
	if err := s.Render(w, r, 200, "audit.html", pageSamples["audit.html"][0]); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"02/07/2025 00:30", "<dt>b</dt><dd><pre>[", "Tài khoản #3", "Hiển thị 51–100 trong tổng số 420", `aria-current="page"`} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("audit page lacks %q", want)
		}
	}
	w = httptest.NewRecorder()
	s.Render(w, r, 200, "job.html", pageSamples["job.html"][0])
	if !strings.Contains(w.Body.String(), `<meta http-equiv="refresh" content="1">`) || !strings.Contains(w.Body.String(), `<progress`) {
		t.Errorf("running job page does not refresh itself")
	}
	w = httptest.NewRecorder()
	s.Render(w, r, 200, "job.html", pageSamples["job.html"][1])
	if strings.Contains(w.Body.String(), `http-equiv="refresh"`) {
		t.Errorf("finished job page still refreshes")
	}
}

func TestErrorMapping(t *testing.T) {
	s := testServer(t)
	for _, c := range []struct {
		err    error
		status int
		shows  string
	}{
		{congvu.FieldError("name", "Tên quá dài."), 400, "Tên quá dài."},
		{congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy cán bộ."), 404, "Không tìm thấy cán bộ."},
		{congvu.Errorf(congvu.EFORBIDDEN, "Không được phép."), 403, "Không được phép."},
		{congvu.Errorf(congvu.ECONFLICT, "Mã đã dùng."), 409, "Mã đã dùng."},
		{congvu.Errorf(congvu.ELIMIT, "Chậm lại."), 429, "Chậm lại."},
		{fmt.Errorf("query units: %w", errors.New("pq: relation \"secret_table\" does not exist")), 500, "Đã có lỗi xảy ra trong hệ thống"},
		{congvu.Errorf(congvu.EINTERNAL, "lỗi nội bộ bí mật"), 500, "Đã có lỗi xảy ra trong hệ thống"},
	} {
		w := httptest.NewRecorder()
		s.renderError(w, httptest.NewRequest("GET", "/x", nil), c.err)
		body := w.Body.String()
		if w.Code != c.status || !strings.Contains(body, c.shows) {
			t.Errorf("%v: status %d, want %d showing %q\n%s", c.err, w.Code, c.status, c.shows, body)
		}
		if strings.Contains(body, "secret") || strings.Contains(body, "bí mật") {
			t.Errorf("%v: internal text shown", c.err)
		}
	}
	// EUNAUTH: to the login form, coming back afterwards.
	w := httptest.NewRecorder()
	s.renderError(w, httptest.NewRequest("GET", "/audit?trang=2", nil), congvu.Errorf(congvu.EUNAUTH, "x"))
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login?next=%2Faudit%3Ftrang%3D2" {
		t.Errorf("EUNAUTH: %d %q", w.Code, w.Header().Get("Location"))
	}
}

func TestPanicRecovery(t *testing.T) {
	s := testServer(t)
	h := s.observe(s.securityHeaders(s.recoverPanics(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic("nil map in handler: secret detail")
	}))))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/x", nil))
	if w.Code != 500 || !strings.Contains(w.Body.String(), "Đã có lỗi xảy ra") || strings.Contains(w.Body.String(), "secret") {
		t.Fatalf("panic: %d\n%s", w.Code, w.Body.String())
	}
	if w.Header().Get("Content-Security-Policy") == "" {
		t.Fatal("500 page without security headers")
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"":                      "/",
		"/audit?trang=2":        "/audit?trang=2",
		"//evil.example":        "/",
		"/\\evil.example":       "/",
		"https://evil.example/": "/",
		"evil":                  "/",
		"/a\nb":                 "/",
		"javascript:alert(1)":   "/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClientIP(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.1.2.3:5555"
	r.Header.Add("X-Forwarded-For", "6.6.6.6, 203.0.113.9")
	s := &Server{}
	if ip := s.clientIP(r); ip != "10.1.2.3" {
		t.Errorf("without TrustProxy: %s", ip)
	}
	s.TrustProxy = true
	if ip := s.clientIP(r); ip != "203.0.113.9" {
		t.Errorf("with TrustProxy: %s (must be the address our proxy appended)", ip)
	}
	r.Header.Set("X-Forwarded-For", "không phải IP")
	if ip := s.clientIP(r); ip != "10.1.2.3" {
		t.Errorf("bad header: %s", ip)
	}
}

func TestPager(t *testing.T) {
	r := httptest.NewRequest("GET", "/audit?loai=user.login&trang=3&ok=x", nil)
	if off := PageOffset(r, 50); off != 100 {
		t.Fatalf("offset %d", off)
	}
	p := NewPager(r, 1234, 50)
	if p.Page != 3 || p.Pages != 25 || p.From != 101 || p.To != 150 {
		t.Fatalf("%+v", p)
	}
	if p.Prev != "/audit?loai=user.login&trang=2" || p.Next != "/audit?loai=user.login&trang=4" {
		t.Fatalf("prev %q next %q", p.Prev, p.Next)
	}
	var nums []string
	for _, l := range p.Links {
		if l.Gap {
			nums = append(nums, "…")
		} else {
			nums = append(nums, fmt.Sprint(l.Page))
		}
	}
	if got := strings.Join(nums, " "); got != "1 2 3 4 5 … 25" {
		t.Fatalf("links %s", got)
	}
	if p := NewPager(httptest.NewRequest("GET", "/x?trang=-4", nil), 0, 50); p.Page != 1 || p.From != 0 || p.Prev != "" || p.Next != "" || p.Links != nil {
		t.Fatalf("empty: %+v", p)
	}
	// First page link drops the parameter.
	if p := NewPager(httptest.NewRequest("GET", "/x?trang=2", nil), 60, 50); p.Prev != "/x" {
		t.Fatalf("prev %q", p.Prev)
	}
}

func TestParseDateAndFormat(t *testing.T) {
	for _, in := range []string{"01/07/2025", "1/7/2025", "2025-07-01", " 01-07-2025 "} {
		d, ok := ParseDate(in)
		if !ok || formatDate(d) != "01/07/2025" {
			t.Errorf("parseDate(%q) = %v %v", in, d, ok)
		}
	}
	for _, in := range []string{"31/02/2025", "2025/07/01", "hôm qua", ""} {
		if _, ok := ParseDate(in); ok {
			t.Errorf("parseDate(%q) accepted", in)
		}
	}
	if got := formatDateTime(time.Date(2025, 12, 31, 17, 5, 0, 0, time.UTC)); got != "01/01/2026 00:05" {
		t.Errorf("formatDateTime in ICT: %s", got)
	}
	var nilTime *time.Time
	if formatDate(nilTime) != "" || formatDate(time.Time{}) != "" {
		t.Error("empty times must print nothing")
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1.000", 1234567: "1.234.567", -4500: "-4.500"} {
		if got := formatNumber(n); got != want {
			t.Errorf("formatNumber(%d) = %s", n, got)
		}
	}
}

func TestFormHelpers(t *testing.T) {
	f := NewForm(url.Values{"name": {"  Nguyễn   Văn  An "}, "ok": {"on"}})
	if f.Get("name") != "Nguyễn Văn An" || !f.Checked("ok") || f.Checked("nope") {
		t.Fatalf("Get/Checked: %q", f.Get("name"))
	}
	if f.SetError(errors.New("db down")) || f.Failed() {
		t.Fatal("an internal error must go to the error mapper, not into the form")
	}
	v := congvu.Validation{}
	v.Add("name", "Tên trùng.")
	if !f.SetError(v.Err()) || f.Error("name") != "Tên trùng." || !f.Failed() {
		t.Fatalf("SetError: %+v", f)
	}
	if l := f.ErrorList(); len(l) != 1 || l[0].ID != "f-name" {
		t.Fatalf("ErrorList %+v", l)
	}
	fl, err := newField(f, "name", "Tên", "text", "required", "hint=Gợi ý")
	if err != nil || fl.DescribedBy() != "f-name-hint f-name-error" || !fl.Required {
		t.Fatalf("field %+v %v", fl, err)
	}
	if _, err := newField(f, "name", "Tên", "text", "bogus"); err == nil {
		t.Fatal("unknown field option accepted")
	}
	pw, _ := newField(NewForm(url.Values{"password": {"bí mật"}}), "password", "Mật khẩu", "password")
	if pw.Value != "" {
		t.Fatal("a password is echoed back")
	}
}

func TestJobs(t *testing.T) {
	s := testServer(t)
	owner := &congvu.Actor{UserID: 7, Username: "a"}
	ctx := congvu.NewContextWithActor(context.Background(), owner)
	release, started := make(chan struct{}), make(chan struct{})
	j := s.Jobs.Start(ctx, "Nhập đơn vị", func(ctx context.Context, progress congvu.Progress) (JobResult, error) {
		if congvu.ActorFromContext(ctx) != owner {
			return JobResult{}, errors.New("the job lost its actor")
		}
		progress(3, 12)
		close(started)
		<-release
		return JobResult{Message: "Đã nhập 12 đơn vị."}, nil
	})
	if len(j.ID) != 32 {
		t.Fatalf("job id %q", j.ID)
	}
	get := func(a *congvu.Actor) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/jobs/"+j.ID, nil)
		r.SetPathValue("id", j.ID)
		r = r.WithContext(congvu.NewContextWithActor(r.Context(), a))
		w := httptest.NewRecorder()
		if err := s.job(w, r); err != nil {
			s.renderError(w, r, err)
		}
		return w
	}
	select {
	case <-started:
	case <-j.Done():
		t.Fatalf("job ended early: %+v", j.Snapshot())
	}
	w := get(owner)
	if body := w.Body.String(); w.Code != 200 || !strings.Contains(body, `content="1"`) || !strings.Contains(body, `value="25"`) || !strings.Contains(body, "3 / 12") {
		t.Fatalf("running: %d\n%s", w.Code, body)
	}
	if w := get(&congvu.Actor{UserID: 8}); w.Code != 404 {
		t.Fatalf("another user sees the job: %d", w.Code)
	}
	close(release)
	<-j.Done()
	w = get(owner)
	if body := w.Body.String(); !strings.Contains(body, "Đã nhập 12 đơn vị.") || strings.Contains(body, `http-equiv="refresh"`) {
		t.Fatalf("done:\n%s", body)
	}
	// Failures show the service message; internal errors stay hidden.
	for _, c := range []struct {
		err  error
		want string
	}{{congvu.Errorf(congvu.EINVALID, "Dòng 4 sai mã."), "Dòng 4 sai mã."}, {errors.New("disk on fire"), "Đã có lỗi xảy ra"}} {
		j := s.Jobs.Start(ctx, "x", func(context.Context, congvu.Progress) (JobResult, error) { return JobResult{}, c.err })
		<-j.Done()
		if v := j.Snapshot(); v.Status != JobFailed || !strings.Contains(v.Error, c.want) || strings.Contains(v.Error, "fire") {
			t.Errorf("failed job: %+v", v)
		}
	}
	j = s.Jobs.Start(ctx, "x", func(context.Context, congvu.Progress) (JobResult, error) { panic("boom") })
	<-j.Done()
	if j.Snapshot().Status != JobFailed {
		t.Error("a panicking job is not failed")
	}
}

// A page's own summary replaces the generic one, never a service's message.
func TestFormSummary(t *testing.T) {
	f := NewForm(nil)
	f.SetError(congvu.FieldError("x", "Sai."))
	f.Summarize("Chưa lưu được.")
	if f.Message != "Chưa lưu được." || f.Error("x") != "Sai." {
		t.Errorf("generic summary: %q", f.Message)
	}
	g := NewForm(nil)
	g.SetError(congvu.Errorf(congvu.ECONFLICT, "Đơn vị đã được sửa trong lúc bạn nhập."))
	g.Summarize("Chưa lưu được.")
	if g.Message != "Đơn vị đã được sửa trong lúc bạn nhập." {
		t.Errorf("the service's message was replaced: %q", g.Message)
	}
	// A page that tells which part failed (a restructuring plan's
	// operation) keeps it too.
	h := NewForm(nil)
	h.SetError(congvu.FieldError("effective", "Ngày hiệu lực không hợp lệ."))
	h.SetMessage("Thao tác 3 (Chuyển): đơn vị đã ngừng hoạt động.")
	h.Summarize("Chưa áp dụng kế hoạch.")
	if h.Message != "Thao tác 3 (Chuyển): đơn vị đã ngừng hoạt động." {
		t.Errorf("the operation's message was replaced: %q", h.Message)
	}
}
