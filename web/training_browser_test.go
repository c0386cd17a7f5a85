package web_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/internal/browsertest"

	"github.com/chromedp/chromedp"
)

// The training path in Chromium: a supervisor creates a campaign, opens
// it after the confirmation and adds a session under way now, then shows
// its QR screen; an official's phone opens the address of the QR code,
// signs in, lands back on it and confirms, takes the quiz (radio buttons,
// no script needed) and fetches the certificate, which anyone checks.
// With $CONGVU_TEST_AXE, every page passes axe-core.
func TestTrainingPathInBrowser(t *testing.T) {
	browser := browsertest.New(t)
	e := newEnv(t)
	lan := e.mkOfficial("34.SNV", "SNV-61", "Nguyễn Thị Lan", "Chuyên viên")
	e.mkUser("lan", congvu.RoleOfficial, "34.SNV", lan.ID)

	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelSteps := context.WithTimeout(tab, 150*time.Second)
	defer cancelSteps()
	do := func(what string, acts ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		for _, a := range acts {
			if err := chromedp.Do(ctx, a); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		}
	}
	do("sign in the supervisor", chromedp.EmulateViewport(1366, 900), chromedp.Navigate(e.ts.URL+"/login?next=/training"), pageLoaded(),
		chromedp.SendKeys(chromedp.CSS("#f-username"), "noivu"), chromedp.SendKeys(chromedp.CSS("#f-password"), testPassword),
		chromedp.Click(chromedp.CSS(`main button[type=submit]`)))
	waitMainText(t, ctx, "Chưa có đợt bồi dưỡng nào")
	axeCheck(t, ctx, "/training")
	do("new campaign", chromedp.Click(chromedp.CSS(`a[href="/training/campaigns/new"]`)), pageLoaded())
	waitMainText(t, ctx, "Cán bộ được chỉ định")
	axeCheck(t, ctx, "/training/campaigns/new")
	do("fill and save", chromedp.SendKeys(chromedp.CSS("#f-title"), "Quán triệt Đề án văn hóa công vụ 2026"),
		chromedp.SetValue(chromedp.CSS("#f-quiz-questions"), "2"), chromedp.SetValue(chromedp.CSS("#f-pass-mark"), "50"),
		chromedp.Click(chromedp.CSS(`form[action="/training/campaigns/new"] button[type=submit]`)), pageLoaded())
	waitMainText(t, ctx, "Đã tạo đợt bồi dưỡng")
	do("open it", chromedp.Click(chromedp.CSS(`form[action$="/open"] #f-confirm`)),
		chromedp.Click(chromedp.CSS(`form[action$="/open"] button[type=submit]`)), pageLoaded())
	waitMainText(t, ctx, "Đã triển khai đợt bồi dưỡng")
	waitMainText(t, ctx, "Nguyễn Thị Lan")
	campPath, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	axeCheck(t, ctx, "campaign")

	from, to := trainingSessionTimes()
	toClock := to.Format("15:04")
	if to.Day() != from.Day() {
		toClock = "23:59"
	}
	do("add a session", chromedp.Click(chromedp.CSS(`main details summary`)),
		chromedp.SendKeys(chromedp.CSS("#f-title"), "Lớp quán triệt tại hội trường"), chromedp.SendKeys(chromedp.CSS("#f-place"), "Hội trường Sở Nội vụ"),
		chromedp.SetValue(chromedp.CSS("#f-date"), from.Format("02/01/2006")), chromedp.SetValue(chromedp.CSS("#f-from"), from.Format("15:04")),
		chromedp.SetValue(chromedp.CSS("#f-to"), toClock),
		chromedp.Click(chromedp.CSS(`form[action$="/sessions"] button[type=submit]`)), pageLoaded())
	waitMainText(t, ctx, "Đã thêm buổi bồi dưỡng")
	axeCheck(t, ctx, "session")
	do("QR screen", chromedp.Click(chromedp.CSS(`a[href$="/qr"]`)), pageLoaded())
	waitMainText(t, ctx, "Đã điểm danh")
	// The screen in the room reloads itself every 30 s (axe's
	// meta-refresh rule); the page offers to stop it (WCAG 2.2.1).
	axeCheckExcept(t, ctx, "qr", "meta-refresh")
	shot(t, ctx, "training-qr")
	link, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".qr-screen .code").textContent`))
	staff := ctx
	if err != nil || !strings.Contains(link, "/training/attend/") {
		t.Fatalf("attendance address %q: %v", link, err)
	}
	refresh, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('meta[http-equiv="refresh"]').content`))
	if refresh != "30" {
		t.Errorf("the QR screen refreshes every %q s", refresh)
	}
	do("stop refreshing", chromedp.Click(chromedp.CSS(`a[href$="/qr?dung=1"]`)), pageLoaded())
	waitMainText(t, ctx, "Tiếp tục tự làm mới")
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('meta[http-equiv="refresh"]').length`)); n != 0 {
		t.Error("the stopped QR screen still refreshes")
	}
	axeCheck(t, ctx, "qr stopped")

	// The other staff pages pass axe too.
	for _, page := range []string{"/training/materials", "/training/questions", "/training/coverage", "/settings/training-rules"} {
		do(page, chromedp.Navigate(e.ts.URL+page), pageLoaded())
		waitMainText(t, ctx, "")
		axeCheck(t, ctx, page)
	}

	// The official's phone: scan, sign in, back to the same address.
	ptab, pcancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer pcancel()
	pctx, pcancelSteps := context.WithTimeout(ptab, 120*time.Second)
	defer pcancelSteps()
	ctx = pctx
	do("scan", chromedp.EmulateViewport(390, 844), chromedp.Navigate(link), pageLoaded())
	waitMainText(t, ctx, "Đăng nhập")
	do("sign in on the phone", chromedp.SendKeys(chromedp.CSS("#f-username"), "lan"), chromedp.SendKeys(chromedp.CSS("#f-password"), testPassword),
		chromedp.Click(chromedp.CSS(`main button[type=submit]`)), pageLoaded())
	waitMainText(t, ctx, "Xác nhận có mặt")
	axeCheck(t, ctx, "attend")
	do("confirm", chromedp.Click(chromedp.CSS(`main form button[type=submit]`)), pageLoaded())
	waitMainText(t, ctx, "Anh/chị đã được ghi nhận có mặt")
	shot(t, ctx, "training-attended")

	do("mine", chromedp.Navigate(e.ts.URL+"/training/mine"), pageLoaded())
	waitMainText(t, ctx, "Làm bài kiểm tra")
	axeCheck(t, ctx, "/training/mine")
	do("quiz", chromedp.Click(chromedp.CSS(`a[href^="/training/quiz/"]`)), pageLoaded())
	waitMainText(t, ctx, "Bắt đầu làm bài")
	do("start", chromedp.Click(chromedp.CSS(`main form button[type=submit]`)), pageLoaded())
	waitMainText(t, ctx, "Nộp bài")
	axeCheck(t, ctx, "attempt")
	loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	aid, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/training/attempts/"), 10, 64)
	at, err := e.svc.TrainingQuiz.FindAttempt(e.actorCtx("lan"), aid)
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range at.Questions {
		bank, err := e.svc.TrainingQuiz.Questions(e.actorCtx("noivu"), q.ItemCode)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bank {
			if b.ID == q.ID {
				id := "#f-q" + strconv.Itoa(i)
				if b.Answer > 0 {
					id += "-" + strconv.Itoa(b.Answer)
				}
				do("answer", chromedp.Click(chromedp.CSS(id)))
			}
		}
	}
	do("submit", chromedp.Click(chromedp.CSS(`form.quiz-form button[type=submit]`)), pageLoaded())
	waitMainText(t, ctx, "Đạt: 100%")
	waitMainText(t, ctx, "Đáp án đúng")
	axeCheck(t, ctx, "result")
	shot(t, ctx, "training-result")

	do("certificate", chromedp.Navigate(e.ts.URL+"/training/mine"), pageLoaded())
	waitMainText(t, ctx, "Tải giấy chứng nhận")
	ct, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.querySelector('a[href$="/certificate.pdf"]').href).then(r => r.headers.get("content-type"))`,
		chromedp.EvalAwaitPromise))
	if err != nil || ct != "application/pdf" {
		t.Fatalf("certificate download: %q %v", ct, err)
	}
	var cid int64
	if list, err := e.svc.Training.Mine(e.actorCtx("lan")); err == nil && len(list) == 1 {
		cid = list[0].CampaignID
	}
	cert, err := e.svc.TrainingQuiz.Certificate(e.actorCtx("lan"), cid, lan.ID)
	if err != nil {
		t.Fatal(err)
	}
	do("check it publicly", chromedp.Navigate(e.ts.URL+"/training/certificates/"+cert.Number), pageLoaded())
	waitMainText(t, ctx, "là hợp lệ")
	axeCheck(t, ctx, "verify")

	// The supervisor reads the results: coverage per unit, the items.
	ctx = staff
	do("results", chromedp.Navigate(e.ts.URL+campPath), pageLoaded())
	waitMainText(t, ctx, "Mọi cán bộ thuộc đối tượng đã hoàn thành")
	waitMainText(t, ctx, "Kết quả bài kiểm tra theo chuẩn mực")
	axeCheck(t, ctx, "campaign results")
	shot(t, ctx, "training-campaign")
	do("coverage", chromedp.Navigate(e.ts.URL+"/training/coverage?don-vi=34&nam="+strconv.Itoa(trainingToday().AddDate(0, 1, 0).Year())), pageLoaded())
	waitMainText(t, ctx, "Sở Nội vụ tỉnh Thái Bình")
	axeCheck(t, ctx, "coverage")
}

// axeCheckExcept is axeCheck without the rules named.
func axeCheckExcept(t *testing.T, ctx context.Context, page string, rules ...string) {
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
	off := ""
	for _, r := range rules {
		off += `"` + r + `": {enabled: false},`
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"], rules: {`+off+`}}).then(r =>
		r.violations.map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")).join("\n"))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe on %s: %v", page, err)
	}
	if out != "" {
		t.Errorf("axe on %s:\n%s", page, out)
	}
}
