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

// The main task in Chromium: the head of 34.SNV (the managing level,
// competent for a civil servant's khiển trách) opens a case under
// 172/2025 from a violation, records the review and signs the decision;
// the official concerned then signs in and reads the decision about them.
func TestDisciplineMainTaskInBrowser(t *testing.T) {
	browser := browsertest.New(t)
	e, o, v := disciplineEnv(t)
	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelSteps := context.WithTimeout(tab, 120*time.Second)
	defer cancelSteps()
	do := func(what string, acts ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		for _, a := range acts {
			if err := chromedp.Do(ctx, a); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		}
	}
	signIn := func(user, next string) {
		t.Helper()
		do("sign in "+user, chromedp.Navigate(e.ts.URL+"/login?next="+next), pageLoaded(),
			chromedp.SendKeys(chromedp.CSS("#f-username"), user), chromedp.SendKeys(chromedp.CSS("#f-password"), testPassword),
			chromedp.Click(chromedp.CSS(`main button[type=submit]`)))
	}
	signIn("truong-kl", "/discipline")
	waitMainText(t, ctx, "Chưa có hồ sơ xem xét kỷ luật nào")
	do("new", chromedp.Navigate(e.ts.URL+"/discipline/new?violation="+itoa(v.ID)+"&official="+itoa(o.ID)), pageLoaded())
	waitMainText(t, ctx, "Nghị định 172/2025/NĐ-CP")
	waitMainText(t, ctx, "Hình thức đề xuất cho hành vi vi phạm: khiển trách.")
	shot(t, ctx, "discipline-new")
	do("open", chromedp.Click(chromedp.CSS(`form[action="/discipline/new"] button:not([name])`)))
	waitMainText(t, ctx, "Đã mở thủ tục xem xét kỷ luật")
	today := congvu.Date(time.Now()).Format("02/01/2006")
	do("review", chromedp.SendKeys(chromedp.CSS("#f-on"), today),
		chromedp.SendKeys(chromedp.CSS("#f-minutes"), "Ông Đức nhận khuyết điểm; tập thể kiến nghị khiển trách."),
		chromedp.Click(chromedp.CSS(`form[action$="/review"] button[type=submit]`)))
	waitMainText(t, ctx, "Đã ghi biên bản kiểm điểm.")
	do("decide", chromedp.SendKeys(chromedp.CSS("#f-number"), "15/QĐ-SNV"), chromedp.SendKeys(chromedp.CSS("#f-signed-on"), today),
		chromedp.SendKeys(chromedp.CSS("#f-effective-on"), today), chromedp.SetValue(chromedp.CSS("#f-form"), "reprimand"),
		chromedp.SendKeys(chromedp.CSS("#f-signer"), "Trần Văn Bình, Giám đốc"),
		chromedp.Click(chromedp.CSS(`form[action$="/decision"] button[type=submit]`)))
	waitMainText(t, ctx, "Đã ghi quyết định kỷ luật.")
	shot(t, ctx, "discipline-decided")
	list, _, err := e.svc.Discipline.FindCases(e.actorCtx("truong-kl"), violation.CaseFilter{OfficialID: o.ID})
	if err != nil || len(list) != 1 || list[0].Decision == nil || list[0].Decision.Number != "15/QĐ-SNV" || list[0].Decision.Form != "reprimand" {
		t.Fatalf("the case after the decision: %+v, %v", list, err)
	}
	href := "/discipline/" + itoa(list[0].ID)

	// The official, in a browser context of their own.
	tab2, cancel2 := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel2()
	ctx, cancelSteps = context.WithTimeout(tab2, 60*time.Second)
	defer cancelSteps()
	signIn("canbo-kl", href)
	waitMainText(t, ctx, "15/QĐ-SNV")
	waitMainText(t, ctx, "Khiển trách")
	body, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main").innerText`))
	if err != nil || strings.Contains(body, "Lịch sử") || strings.Contains(body, "camera quầy số 3") || strings.Contains(body, "Ghi quyết định") {
		t.Errorf("the official's page shows staff matters (%v):\n%s", err, body)
	}
	shot(t, ctx, "discipline-official")
}
