package web_test

import (
	"congvu/org"
	"congvu/web"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"congvu"
)

// The officials list and the session's actor are kept in memory between
// requests (issue 15); these tests show that what one user sees never
// reaches another and that a change shows at the next request.

func TestOfficialsListsStayWithTheirUser(t *testing.T) {
	e := newEnv(t)
	e.mkOfficial("34.SNV", "TB-1", "Phạm Thái Bình", "Chuyên viên")
	e.mkOfficial("01", "HN-1", "Đỗ Hà Nội", "Chuyên viên")
	noivu, hanoi := e.client().login("noivu"), e.client().login("hanoi")
	for range 2 {
		noivu.get("/officials").want(t, 200, "Phạm Thái Bình").lacks(t, "Đỗ Hà Nội")
		hanoi.get("/officials").want(t, 200, "Đỗ Hà Nội").lacks(t, "Phạm Thái Bình")
		// The same filter as another user's, from the API's form too.
		noivu.get("/officials?q=&loai=").want(t, 200, "Phạm Thái Bình").lacks(t, "Đỗ Hà Nội")
		hanoi.get("/officials?q=&loai=").want(t, 200, "Đỗ Hà Nội").lacks(t, "Phạm Thái Bình")
	}
	// The inspector of the same province sees the same officials, under
	// their own name and without the supervisor's buttons.
	thanhtra := e.client().login("thanhtra")
	for range 2 {
		noivu.get("/officials").want(t, 200, "Phạm Thái Bình", "Hoàng Thanh Thịnh", "Thêm cán bộ").lacks(t, "Lê Tiến Chiến")
		thanhtra.get("/officials").want(t, 200, "Phạm Thái Bình", "Lê Tiến Chiến").lacks(t, "Hoàng Thanh Thịnh", "Thêm cán bộ")
	}
}

func TestOfficialsListShowsAChangeAtOnce(t *testing.T) {
	e := newEnv(t)
	o := e.mkOfficial("34.SNV", "TB-1", "Phạm Thái Bình", "Chuyên viên")
	c := e.client().login("noivu")
	c.get("/officials").want(t, 200, "Phạm Thái Bình", "Chuyên viên")
	if _, err := e.svc.Officials.UpdateOfficial(sysCtx(), o.ID, org.OfficialInput{UnitID: o.UnitID, EmployeeCode: o.EmployeeCode,
		FullName: "Phạm Thái Hòa", Category: o.Category, Position: "Phó Giám đốc"}); err != nil {
		t.Fatal(err)
	}
	c.get("/officials").want(t, 200, "Phạm Thái Hòa", "Phó Giám đốc").lacks(t, "Phạm Thái Bình")
	e.mkOfficial("34.SNV", "TB-2", "Vũ Văn Mới", "Chuyên viên")
	c.get("/officials").want(t, 200, "Phạm Thái Hòa", "Vũ Văn Mới")
	// A renamed unit shows in the list at once too.
	u := e.units["34.SNV"]
	if _, err := e.svc.Units.UpdateUnit(sysCtx(), u.ID, org.UnitInput{Code: u.Code, Name: "Sở Nội vụ mới", Kind: u.Kind, ParentID: u.ParentID}); err != nil {
		t.Fatal(err)
	}
	c.get("/officials").want(t, 200, "Sở Nội vụ mới")
}

func TestRevokedGrantAndLogoutTakeEffectAtOnce(t *testing.T) {
	e := newEnv(t)
	o := e.mkOfficial("34.SNV", "TB-1", "Phạm Thái Bình", "Chuyên viên")
	c := e.client().login("noivu")
	c.get("/officials").want(t, 200, "Phạm Thái Bình")
	c.get("/officials").want(t, 200, "Phạm Thái Bình")
	// The administrator moves the supervisor to another province: the
	// next request of the session that is still open no longer lists
	// Thái Bình's officials.
	u := e.users["noivu"]
	in := org.UserInput{Username: u.Username, FullName: u.FullName, Active: true,
		Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: e.units["01"].ID}}}
	if _, err := e.svc.Users.UpdateUser(sysCtx(), u.ID, in); err != nil {
		t.Fatal(err)
	}
	c.get("/officials").want(t, 200).lacks(t, "Phạm Thái Bình")
	// Left with the role of an official, the page is refused.
	in.OfficialID, in.Grants = o.ID, []congvu.Grant{{Role: congvu.RoleOfficial, UnitID: e.units["34.SNV"].ID}}
	if _, err := e.svc.Users.UpdateUser(sysCtx(), u.ID, in); err != nil {
		t.Fatal(err)
	}
	c.get("/officials").want(t, http.StatusForbidden).lacks(t, "Phạm Thái Bình")
	in.OfficialID = 0
	in.Grants = []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: e.units["34"].ID}}
	if _, err := e.svc.Users.UpdateUser(sysCtx(), u.ID, in); err != nil {
		t.Fatal(err)
	}
	c.get("/officials").want(t, 200, "Phạm Thái Bình")

	// A stolen copy of the cookie stops working when its owner signs out.
	thief := e.client()
	ts, _ := url.Parse(e.ts.URL)
	thief.hc.Jar.SetCookies(ts, c.hc.Jar.Cookies(ts))
	thief.get("/officials").want(t, 200, "Phạm Thái Bình")
	c.post("/logout", nil).want(t, http.StatusSeeOther)
	r := thief.get("/officials")
	if r.StatusCode == 200 {
		t.Fatalf("the session's cookie still opens /officials after the logout:\n%s", r.Body)
	}
	r.lacks(t, "Phạm Thái Bình")
}

// A page served from memory is the page the template renders.
func TestKeptOfficialsPageIsTheRenderedOne(t *testing.T) {
	e := newEnv(t)
	for i := range 60 {
		e.mkOfficial("34.SNV", fmt.Sprintf("TB-%02d", i), fmt.Sprintf("Phạm <Thái> Bình & %d", i), "Chuyên viên")
	}
	fresh, err := web.New(web.Options{Services: e.svc, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	c := e.client().login("noivu")
	ts, _ := url.Parse(e.ts.URL)
	for _, path := range []string{"/officials", "/officials?trang=2", "/officials?q=binh&don-vi=34.SNV", "/officials?ok=tao-can-bo"} {
		first := c.get(path).want(t, 200, "Phạm &lt;Thái&gt; Bình &amp; ")
		kept := c.get(path).want(t, 200)
		req := httptest.NewRequest("GET", path, nil)
		for _, ck := range c.hc.Jar.Cookies(ts) {
			req.AddCookie(ck)
		}
		w := httptest.NewRecorder()
		fresh.Handler().ServeHTTP(w, req)
		if w.Code != 200 || kept.Body != first.Body || kept.Body != w.Body.String() {
			t.Fatalf("%s: the kept page differs from the rendered one (status %d)", path, w.Code)
		}
		if kept.Header.Get("Cache-Control") != "no-store" || kept.Header.Get("Content-Type") != "text/html; charset=utf-8" {
			t.Fatalf("%s: headers %v", path, kept.Header)
		}
	}
}
