package web_test

import (
	"context"
	"testing"
	"time"

	"congvu/inspection"
	"congvu/internal/browsertest"

	"github.com/chromedp/chromedp"
)

// The main task in Chromium: a supervisor opens an inspection, chooses its
// checklist from the catalog (a whole group and one item), records the
// lines on the desktop form, closes the record, and drafts, reviews and
// issues the conclusion; the Department's head then reads it.
func TestInspectionMainTaskInBrowser(t *testing.T) {
	browser := browsertest.New(t)
	e := inspectionEnv(t)
	i := e.mkInspection(inspection.KindCheck, "34", "34.SNV", false)
	href := e.ts.URL + "/inspections/" + itoa(i.ID)
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
	do("sign in", chromedp.Navigate(e.ts.URL+"/login?next=/inspections"), pageLoaded(),
		chromedp.SendKeys(chromedp.CSS("#f-username"), "noivu"), chromedp.SendKeys(chromedp.CSS("#f-password"), testPassword),
		chromedp.Click(chromedp.CSS(`main button[type=submit]`)))
	waitMainText(t, ctx, "Sở Nội vụ tỉnh Thái Bình")
	do("open", chromedp.Navigate(href), pageLoaded())
	waitMainText(t, ctx, "Chưa có danh mục kiểm tra")
	do("choose", chromedp.Click(chromedp.CSS(`a[href$="/checklist"]`)))
	waitMainText(t, ctx, "Chọn cả nhóm")
	// The keyboard reaches the group's box with a visible focus and ticks it.
	keyboardTo(t, ctx, `#f-group-TP`)
	do("tick", chromedp.KeyEvent(" "), chromedp.Click(chromedp.CSS(`#f-item-GT-XC`)),
		chromedp.Click(chromedp.CSS(`form[action$="/checklist"] button[type=submit]`)))
	waitMainText(t, ctx, "Đã lưu danh mục kiểm tra.")
	shot(t, ctx, "inspection-checklist")
	now, err := e.svc.Inspections.FindInspection(e.plannerCtx(), i.ID)
	if err != nil || len(now.Lines) < 2 {
		t.Fatalf("checklist: %v, %v", now, err)
	}
	do("record", chromedp.Click(chromedp.CSS(`a[href$="/record"]`)))
	waitMainText(t, ctx, "Lưu và lập biên bản")
	for n, l := range now.Lines {
		result := "kept"
		if n == 0 {
			result = "breached"
			do("note", chromedp.SendKeys(chromedp.CSS(`textarea[name="note_`+itoa(l.ID)+`"]`), "Không chào hỏi người dân."))
		}
		do("result", chromedp.Click(chromedp.CSS(`input[name="result_`+itoa(l.ID)+`"][value="`+result+`"]`)))
	}
	do("close", chromedp.Click(chromedp.CSS(`button[name="close"]`)))
	waitMainText(t, ctx, "Đã lập biên bản: mọi dòng đã có kết quả.")
	do("draft", chromedp.SendKeys(chromedp.CSS(`#f-conclusion`), "Chấn chỉnh việc chào hỏi tại bộ phận một cửa."),
		chromedp.Click(chromedp.CSS(`button[value="save"]`)))
	waitMainText(t, ctx, "Đã lưu dự thảo kết luận.")
	do("review", chromedp.Click(chromedp.CSS(`button[value="review"]`)))
	waitMainText(t, ctx, "Đã ghi nhận rà soát")
	do("issue", chromedp.Click(chromedp.CSS(`button[value="issue"]`)))
	waitMainText(t, ctx, "Đã ban hành kết luận; đơn vị được kiểm tra xem được kết luận từ nay.")
	shot(t, ctx, "inspection-issued")
	if got, _ := e.svc.Inspections.FindInspection(e.plannerCtx(), i.ID); got.ConclusionStatus != inspection.ConclusionIssued {
		t.Fatalf("conclusion %s, want issued", got.ConclusionStatus)
	}
}
