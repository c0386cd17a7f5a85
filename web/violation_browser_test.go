package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/internal/browsertest"
	"congvu/violation"

	"github.com/chromedp/chromedp"
)

// The main task in Chromium: the head of 34.SNV opens a violation from a
// founded petition (from the petition's page), records a nhắc nhở; the
// official signs in, reads it on their own page (never who reported) and
// acknowledges it.
func TestViolationMainTaskInBrowser(t *testing.T) {
	browser := browsertest.New(t)
	e := newEnv(t)
	ha := e.mkOfficial("34.SNV", "SNV-7", "Nguyễn Thị Thu Hà", "Chuyên viên")
	e.mkUser("thutruong", congvu.RoleUnitHead, "34.SNV", 0)
	e.mkUser("canbo", congvu.RoleOfficial, "34.SNV", ha.ID)
	rc := e.foundedPetition(ha)

	session := func() (context.Context, func(what string, acts ...chromedp.Action[chromedp.Void]), func()) {
		tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
		ctx, cancelSteps := context.WithTimeout(tab, 120*time.Second)
		do := func(what string, acts ...chromedp.Action[chromedp.Void]) {
			t.Helper()
			for _, a := range acts {
				if err := chromedp.Do(ctx, a); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
			}
		}
		return ctx, do, func() { cancelSteps(); cancel() }
	}
	signIn := func(do func(string, ...chromedp.Action[chromedp.Void]), user, next string) {
		do("sign in "+user, chromedp.Navigate(e.ts.URL+"/login?next="+next), pageLoaded(),
			chromedp.SendKeys(chromedp.CSS("#f-username"), user), chromedp.SendKeys(chromedp.CSS("#f-password"), testPassword),
			chromedp.Click(chromedp.CSS(`main button[type=submit]`)))
	}

	// The head: from the petition to an open violation, then a nhắc nhở.
	ctx, do, done := session()
	signIn(do, "thutruong", "/petitions/"+itoa(rc.Petition.ID))
	waitMainText(t, ctx, rc.TrackingCode)
	do("open from the petition", chromedp.Click(chromedp.CSS(`a[href="/violations/new?petition=`+itoa(rc.Petition.ID)+`"]`)))
	waitMainText(t, ctx, "Ghi nhận trực tiếp của thủ trưởng")
	shot(t, ctx, "violation-form")
	do("describe", chromedp.SendKeys(chromedp.CSS(`#f-description`), "Cán bộ quát nạt người dân tại bộ phận một cửa."),
		chromedp.Click(chromedp.CSS(`form[method="post"][action="/violations/new"] button[type=submit]`)))
	waitMainText(t, ctx, "Đã mở vụ vi phạm.")
	shot(t, ctx, "violation-opened")
	do("handle", chromedp.Click(chromedp.CSS(`#f-kind-reminder`)), chromedp.SetValue(chromedp.CSS(`#f-severity`), "minor"),
		chromedp.SendKeys(chromedp.CSS(`#f-note`), "Đồng chí cần chào hỏi, lắng nghe người dân; không lặp lại."),
		chromedp.Click(chromedp.CSS(`form[action$="/handlings"] button[type=submit]`)))
	waitMainText(t, ctx, "Đã ghi nhận việc xử lý")
	shot(t, ctx, "violation-handled")
	done()

	// The official: their own page, the handling, no reporter; acknowledge.
	ctx, do, done = session()
	defer done()
	signIn(do, "canbo", "/violations/mine")
	waitMainText(t, ctx, "Đồng chí cần chào hỏi")
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{rc.TrackingCode, violationReporter} {
		if strings.Contains(text, s) {
			t.Fatalf("the official's page shows %q", s)
		}
	}
	do("acknowledge", chromedp.SendKeys(chromedp.CSS(`textarea[name="ack_note"]`), "Tôi xin tiếp thu."),
		chromedp.Click(chromedp.CSS(`form[action="/violations/mine/acknowledge"] button[type=submit]`)))
	waitMainText(t, ctx, "Đã ghi nhận anh/chị đã biết việc xử lý.")
	shot(t, ctx, "violation-acknowledged")
	list, _, err := e.svc.Violations.FindViolations(sysCtx(), violation.Filter{Limit: 5})
	if err != nil || len(list) != 1 {
		t.Fatalf("violations: %v %v", list, err)
	}
	v, err := e.svc.Violations.FindViolation(sysCtx(), list[0].ID)
	if err != nil || len(v.Handlings) != 1 || v.Handlings[0].AcknowledgedAt == nil || v.Handlings[0].AckNote != "Tôi xin tiếp thu." || v.Status != violation.StatusHandled {
		t.Fatalf("after the acknowledgement: %+v %v", v, err)
	}
}
