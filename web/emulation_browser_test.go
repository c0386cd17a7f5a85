package web_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"congvu"
	"congvu/emulation"
	"congvu/internal/browsertest"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The supervisor's task in Chromium, by keyboard: on the open movement of
// the province, computes the year's scores, opens the explanation of the
// Department's score, then proposes the title the evidence allows an
// official of the Department.
func TestEmulationScoresAndTitleInBrowser(t *testing.T) {
	browser := browsertest.New(t)
	e, o := emulationEnv(t)
	year := time.Now().In(congvu.TimeZone).Year()
	y := strconv.Itoa(year)
	ctxOp := emulationOperator(e)
	m, err := e.svc.Emulation.CreateMovement(ctxOp, emulation.MovementInput{UnitID: e.units["34"].ID, Title: "Phong trào thi đua văn hóa công vụ",
		FromYear: year, ToYear: year + 4, Criteria: emulation.OfficeCultureCriteria()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Emulation.OpenMovement(ctxOp, m.ID); err != nil {
		t.Fatal(err)
	}
	g, err := e.svc.Emulation.Register(ctxOp, emulation.RegistrationInput{MovementID: m.ID, Year: year, Subject: emulation.Collective, UnitID: e.units["34.SNV"].ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Emulation.Register(ctxOp, emulation.RegistrationInput{MovementID: m.ID, Year: year, Subject: emulation.Individual, OfficialID: o.ID,
		Title: emulation.TitleLaoDongTienTien}); err != nil {
		t.Fatal(err)
	}
	evaluatedExcellent(t, e, o, year)

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
	href := movementHrefOf(m.ID)
	do("sign in", chromedp.Navigate(e.ts.URL+"/login?next="+href+"?year="+y), pageLoaded(),
		chromedp.SendKeys(chromedp.CSS("#f-username"), "noivu"), chromedp.SendKeys(chromedp.CSS("#f-password"), testPassword),
		chromedp.Click(chromedp.CSS(`main button[type=submit]`)))
	waitMainText(t, ctx, "Chưa có điểm năm "+y)
	everyControlLabelled(t, ctx)
	keyboardTo(t, ctx, `form[action$="/compute"] button[type=submit]`)
	do("compute", chromedp.KeyEvent(kb.Enter))
	waitMainText(t, ctx, "Đã tính điểm và xếp hạng.")
	waitMainText(t, ctx, "Xếp hạng Tập thể năm "+y)
	shot(t, ctx, "emulation-ranking")
	keyboardTo(t, ctx, `a[href^="`+href+`/scores/`+itoa(g.ID)+`?year="]`)
	do("open the explanation", chromedp.KeyEvent(kb.Enter))
	waitMainText(t, ctx, "Cách tính, từng tiêu chí")
	waitMainText(t, ctx, "Chỉ số hài lòng của người dân với đơn vị")
	shot(t, ctx, "emulation-explanation")

	do("titles", chromedp.Navigate(e.ts.URL+"/emulation/titles?nam="+y), pageLoaded())
	waitMainText(t, ctx, "Lao động tiên tiến: "+o.FullName)
	everyControlLabelled(t, ctx)
	keyboardTo(t, ctx, `form[action="/emulation/titles/propose"]:has(input[name="official_id"][value="`+itoa(o.ID)+`"]) textarea`)
	do("reason", chromedp.KeyEvent("Hoàn thành xuất sắc nhiệm vụ tiếp nhận hồ sơ"))
	keyboardTo(t, ctx, `form[action="/emulation/titles/propose"]:has(input[name="official_id"][value="`+itoa(o.ID)+`"]) button[type=submit]`)
	do("propose", chromedp.KeyEvent(kb.Enter))
	waitMainText(t, ctx, "Đã đề nghị công nhận danh hiệu")
	waitMainText(t, ctx, "Chờ quyết định")
	shot(t, ctx, "emulation-proposed")
	list, _, err := e.svc.Emulation.FindTitleProposals(sysCtx(), emulation.TitleFilter{Year: year})
	if err != nil || len(list) != 1 || list[0].OfficialID != o.ID || list[0].Title != emulation.TitleLaoDongTienTien || list[0].Reason == "" {
		t.Fatalf("proposals %+v (%v)", list, err)
	}

	// The interim review's page draws its figures.
	v, err := e.svc.Emulation.CreateReview(ctxOp, emulation.ReviewInput{MovementID: m.ID, Kind: emulation.ReviewInterim, Year: year,
		HeldOn: time.Now().In(congvu.TimeZone).Format("02/01/2006"), Text: "Kết quả bước đầu tốt.\nCần nhân rộng mô hình một cửa thân thiện."})
	if err != nil {
		t.Fatal(err)
	}
	do("review", chromedp.Navigate(e.ts.URL+href+"/reviews/"+itoa(v.ID)), pageLoaded())
	waitMainText(t, ctx, "Số liệu từng năm")
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("main svg[role=img]").length`)); n != 1 {
		t.Fatalf("the review draws %d charts", n)
	}
	shot(t, ctx, "emulation-review")

	// The form that launches a movement: a table of criteria, every input
	// named for a screen reader.
	do("new movement", chromedp.Navigate(e.ts.URL+"/emulation/new"), pageLoaded())
	waitMainText(t, ctx, "Tiêu chí thi đua")
	everyControlLabelled(t, ctx)
}

// everyControlLabelled fails unless every visible form control of the
// page's main content has a label a screen reader reads.
func everyControlLabelled(t *testing.T, ctx context.Context) {
	t.Helper()
	bare, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("main input:not([type=hidden]), main select, main textarea")]
		.filter(c => c.labels.length === 0 && !c.getAttribute("aria-label")).map(c => c.name || c.id)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(bare) > 0 {
		t.Fatalf("controls without a label: %v", bare)
	}
}

func movementHrefOf(id int64) string { return "/emulation/" + itoa(id) }
