package web_test

import (
	"congvu/feedback"
	"congvu/org"
	"net/http"
	"net/url"
	"testing"
	"time"

	"congvu"
)

// A too-fast rating is flagged and left out of the index; a supervisor
// finds it in the review queue and restores it, and it then counts.
func TestReviewRestoresFlaggedRating(t *testing.T) {
	e := newEnv(t)
	ctx := sysCtx()
	o, err := e.svc.Officials.CreateOfficial(ctx, org.OfficialInput{UnitID: e.units["34.SNV"].ID, EmployeeCode: "RV-1",
		FullName: "Phạm Thị Xét", Category: org.CategoryCivilServant})
	if err != nil {
		t.Fatal(err)
	}
	fb, err := e.svc.Feedback.Submit(ctx, feedback.Input{BadgeToken: o.BadgeToken, Satisfaction: feedback.VerySatisfied,
		Comment: "Rất tận tình", FillTime: time.Second})
	if err != nil || fb.Status != feedback.Flagged {
		t.Fatalf("fast rating: %+v %v", fb, err)
	}
	dash := func() feedback.Tally {
		d, err := e.svc.Dashboards.Dashboard(ctx, feedback.DashboardFilter{UnitID: e.units["34"].ID})
		if err != nil {
			t.Fatal(err)
		}
		return d.Tally
	}
	if tl := dash(); tl.Total != 0 || tl.Flagged != 1 {
		t.Fatalf("before review: %+v", tl)
	}
	c := e.client().login("noivu")
	c.get("/feedback/review").want(t, http.StatusOK, "Phạm Thị Xét", "Rất tận tình", "Nghi vấn, chờ xét")
	c.get("/feedback/review?trang-thai=bogus").want(t, http.StatusBadRequest, "Xin chọn một trạng thái")
	// A review may only send the reviewer back to the queue.
	r := c.post("/feedback/"+itoa(fb.ID)+"/review", url.Values{"trang-thai": {"accepted"}, "ghi-chu": {"Đã gọi lại xác minh"},
		"quay-lai": {"https://example.org/evil"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/feedback/review?ok=da-xet" {
		t.Fatalf("review: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if tl := dash(); tl.Total != 1 || tl.VerySatisfied != 1 || tl.Flagged != 0 {
		t.Fatalf("after review: %+v", tl)
	}
	c.get("/feedback/review").want(t, http.StatusOK, "Không có đánh giá nào cần xét")
	c.post("/feedback/"+itoa(fb.ID)+"/review", url.Values{"trang-thai": {"bogus"}}).want(t, http.StatusBadRequest)
	// An inspector sees dashboards but may not review.
	e.client().login("thanhtra").get("/feedback/review").want(t, http.StatusForbidden)
}

// An official who may not browse officials finds their own record in the nav.
func TestOfficialNavLinksOwnRecord(t *testing.T) {
	e := newEnv(t)
	ctx := sysCtx()
	o, err := e.svc.Officials.CreateOfficial(ctx, org.OfficialInput{UnitID: e.units["34.SNV"].ID, EmployeeCode: "NAV-1",
		FullName: "Đỗ Văn Mình", Category: org.CategoryCivilServant})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Users.CreateUser(ctx, org.UserInput{Username: "minh", FullName: o.FullName, Password: testPassword, Active: true,
		OfficialID: o.ID, Grants: []congvu.Grant{{Role: congvu.RoleOfficial, UnitID: e.units["34.SNV"].ID}}}); err != nil {
		t.Fatal(err)
	}
	c := e.client().login("minh")
	c.get("/").want(t, http.StatusOK, `href="/officials/`+itoa(o.ID)+`"`, "Hồ sơ của tôi")
	c.get("/officials/"+itoa(o.ID)).want(t, http.StatusOK, "Đỗ Văn Mình")
	e.client().login("noivu").get("/").lacks(t, "Hồ sơ của tôi")
}
