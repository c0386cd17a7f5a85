package web_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/evaluation"
	"congvu/internal/browsertest"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// axeCheck runs axe-core (WCAG 2.1 A and AA) on the page when
// $CONGVU_TEST_AXE names axe.min.js, and fails on any violation.
func axeCheck(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	path := os.Getenv("CONGVU_TEST_AXE")
	if path == "" {
		return
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(src)+";true")); err != nil {
		t.Fatalf("load axe: %v", err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}).then(r =>
		r.violations.map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")).join("\n"))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe on %s: %v", page, err)
	}
	if out != "" {
		t.Errorf("axe on %s:\n%s", page, out)
	}
}

// The main task in Chromium, by keyboard: the head of 34.SNV opens the
// year's list, opens an evaluation, reads the evidence beside the points
// form (side by side on a desk screen), proposes "good" and decides it
// under the quota shown; the official then reads the decision.
func TestEvaluationMainTaskInBrowser(t *testing.T) {
	browser := browsertest.New(t)
	e, lan, _, evLan, _ := evalFlowEnv(t)
	self := evaluation.SelfInput{Level: evaluation.LevelExcellent, Text: "Hoàn thành 48/50 hồ sơ đúng hạn, không có phản ánh."}
	for _, c := range []string{evaluation.CritPolitics, evaluation.CritEthics, evaluation.CritCulture, evaluation.CritDiscipline, evaluation.CritService, evaluation.CritInnovation} {
		self.General = append(self.General, evaluation.Score{Code: c, Points: 5})
	}
	if _, err := e.svc.Evaluations.SelfAssess(e.actorCtx("lan"), evLan.ID, self); err != nil {
		t.Fatalf("self: %v %v", err, congvu.ErrorFields(err))
	}
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
	head := e.headOf("34.SNV")
	do("sign in", chromedp.EmulateViewport(1366, 900), chromedp.Navigate(e.ts.URL+"/login?next=/evaluations"), pageLoaded())
	keyboardTo(t, ctx, "#f-username")
	do("credentials", chromedp.KeyEvent(head), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(testPassword), chromedp.KeyEvent(kb.Enter))
	waitMainText(t, ctx, "Còn được xếp loại xuất sắc")
	waitMainText(t, ctx, lan.FullName)
	shot(t, ctx, "evaluation-list")
	axeCheck(t, ctx, "/evaluations")

	href := "/evaluations/" + itoa(evLan.ID)
	keyboardTo(t, ctx, `a[href="`+href+`"]`)
	do("open", chromedp.KeyEvent(kb.Enter))
	waitMainText(t, ctx, "Minh chứng trong năm")
	waitMainText(t, ctx, "Hoàn thành 48/50 hồ sơ đúng hạn")
	side, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const a = document.querySelector(".eval-evidence").getBoundingClientRect(), b = document.querySelector(".eval-work").getBoundingClientRect();
		return a.right <= b.left && a.top < b.bottom && b.top < a.bottom;
	})()`))
	if err != nil || !side {
		t.Errorf("the evidence is not beside the form at 1366 px (%v)", err)
	}
	shot(t, ctx, "evaluation-evidence")
	axeCheck(t, ctx, href)

	// The points come from the self-assessment; the head picks the level
	// with the keyboard and proposes.
	keyboardTo(t, ctx, `form[action$="/propose"] #f-level`)
	do("pick good", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
	if v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.value`)); err != nil || v != "good" {
		t.Fatalf("the level select holds %q (%v)", v, err)
	}
	keyboardTo(t, ctx, `form[action$="/propose"] button[type="submit"]`)
	do("propose", chromedp.KeyEvent(kb.Enter))
	waitMainText(t, ctx, "Đã ghi đề xuất xếp loại.")
	waitMainText(t, ctx, "Còn được xếp loại xuất sắc: 0")
	shot(t, ctx, "evaluation-proposed")
	keyboardTo(t, ctx, `form[action$="/decide"] button[type="submit"]`)
	do("decide", chromedp.KeyEvent(kb.Enter))
	waitMainText(t, ctx, "Đã quyết định xếp loại.")
	got, err := e.svc.Evaluations.FindEvaluation(e.actorCtx(head), evLan.ID)
	if err != nil || got.Level != evaluation.LevelGood || got.Status != evaluation.StatusDecided || got.Total != 100 {
		t.Fatalf("after the decision: %+v, %v", got, err)
	}
	shot(t, ctx, "evaluation-decided")
	axeCheck(t, ctx, href+" (decided)")
	for _, page := range []string{"/evaluations/products", "/evaluations/units", "/settings/evaluation-rules", "/evaluations"} {
		do(page, chromedp.Navigate(e.ts.URL+page), pageLoaded())
		axeCheck(t, ctx, page)
		shot(t, ctx, "evaluation"+strings.NewReplacer("/", "-").Replace(strings.TrimPrefix(page, "/evaluations")))
	}

	// The official, on a phone, in a browser context of their own.
	tab2, cancel2 := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel2()
	ctx, cancelSteps = context.WithTimeout(tab2, 60*time.Second)
	defer cancelSteps()
	do("official", chromedp.EmulateViewport(390, 844), chromedp.Navigate(e.ts.URL+"/login?next=/evaluations/mine"), pageLoaded(),
		chromedp.SendKeys(chromedp.CSS("#f-username"), "lan"), chromedp.SendKeys(chromedp.CSS("#f-password"), testPassword),
		chromedp.Submit(chromedp.CSS("#f-password")))
	waitMainText(t, ctx, "Hoàn thành tốt nhiệm vụ")
	axeCheck(t, ctx, "/evaluations/mine")
	shot(t, ctx, "evaluation-mine")
	do("own evaluation", chromedp.Navigate(e.ts.URL+href), pageLoaded())
	waitMainText(t, ctx, "Minh chứng trong năm")
	axeCheck(t, ctx, href+" (the official, on a phone)")
	shot(t, ctx, "evaluation-official")
	body, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main").innerText`))
	if err != nil || strings.Contains(body, "Lịch sử") {
		t.Errorf("the official's page shows staff matters (%v):\n%s", err, body)
	}
}
