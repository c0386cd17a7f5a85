package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/commendation"
	"congvu/internal/browsertest"
	"congvu/org"

	"github.com/chromedp/chromedp"
)

// The main task in Chromium: the head of a one-stop shop of the
// Department of Home Affairs sees an official of the shop among the year's
// suggestions, praises her from the suggestion, then proposes a Giấy khen;
// the Department's head (the competent level for a Giấy khen of the shop)
// approves it, and the amount follows the base salary of the day.
func TestCommendationMainTaskInBrowser(t *testing.T) {
	browser := browsertest.New(t)
	e := inspectionEnv(t)
	ctxSys := sysCtx()
	shop, err := e.svc.Units.CreateUnit(ctxSys, org.UnitInput{Code: "34.SNV.MC", Name: "Bộ phận một cửa Sở Nội vụ", Kind: org.KindOneStopShop, ParentID: e.units["34.SNV"].ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Users.CreateUser(ctxSys, org.UserInput{Username: "truongmc", FullName: "Trưởng Bộ Phận Một Cửa", Password: testPassword, Active: true,
		Grants: []congvu.Grant{{Role: congvu.RoleUnitHead, UnitID: shop.ID}}}); err != nil {
		t.Fatal(err)
	}
	o, err := e.svc.Officials.CreateOfficial(ctxSys, org.OfficialInput{UnitID: shop.ID, EmployeeCode: "MC-012", FullName: "Lương Thị Thu Hà", Category: org.CategoryCivilServant})
	if err != nil {
		t.Fatal(err)
	}
	year := time.Now().In(congvu.TimeZone).Year()
	if _, err := e.db.Write.Exec(`INSERT INTO rollup_official_day (official_id, day, total, very_satisfied, satisfied) VALUES ($1, $2, 150, 140, 8)`,
		o.ID, fmt.Sprintf("%d-01-20", year)); err != nil {
		t.Fatal(err)
	}

	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelSteps := context.WithTimeout(tab, 120*time.Second)
	defer cancelSteps()
	do := func(ctx context.Context, what string, acts ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		for _, a := range acts {
			if err := chromedp.Do(ctx, a); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		}
	}
	login := func(ctx context.Context, user string) {
		do(ctx, "sign in "+user, chromedp.Navigate(e.ts.URL+"/login?next=/commendations"), pageLoaded(),
			chromedp.SendKeys(chromedp.CSS("#f-username"), user), chromedp.SendKeys(chromedp.CSS("#f-password"), testPassword),
			chromedp.Click(chromedp.CSS(`main button[type=submit]`)))
	}
	login(ctx, "truongmc")
	waitMainText(t, ctx, "Gợi ý năm")
	waitMainText(t, ctx, "Lương Thị Thu Hà")
	shot(t, ctx, "commendation-suggestions")
	// The keyboard reaches the suggestion's praise link.
	keyboardTo(t, ctx, `a[href*="loai=praise&tu-goi-y=o`+itoa(o.ID)+`"]`)
	do(ctx, "open the suggestion", chromedp.KeyEvent("\r"))
	waitMainText(t, ctx, "Theo gợi ý: Lương Thị Thu Hà")
	do(ctx, "praise", chromedp.Click(chromedp.CSS(`form[action="/commendations/new"] button[type=submit]`)))
	waitMainText(t, ctx, "Đã ghi nhận biểu dương.")
	waitMainText(t, ctx, "Chỉ số hài lòng 98,7% trên 150 lượt đánh giá")

	// A proposal: a missing form is said, and the input stays.
	do(ctx, "new proposal", chromedp.Navigate(e.ts.URL+"/commendations/new?loai=award"), pageLoaded(),
		chromedp.SendKeys(chromedp.CSS("#f-official"), "MC-012"),
		chromedp.SendKeys(chromedp.CSS("#f-reason"), "Hoàn thành xuất sắc nhiệm vụ tiếp nhận hồ sơ năm "+itoa(int64(year))),
		chromedp.Click(chromedp.CSS(`form[action="/commendations/new"] button[type=submit]`)))
	waitMainText(t, ctx, "Xin chọn hình thức khen thưởng.")
	if v, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#f-reason").value`)); !strings.Contains(v, "tiếp nhận hồ sơ") {
		t.Fatalf("the reason was lost: %q", v)
	}
	do(ctx, "choose the form", chromedp.Evaluate[chromedp.Void](`document.querySelector("#f-form").value = "giay_khen"`),
		chromedp.Click(chromedp.CSS(`form[action="/commendations/new"] button[type=submit]`)))
	waitMainText(t, ctx, "Đã gửi đề nghị khen thưởng")
	waitMainText(t, ctx, "Sở Nội vụ tỉnh Thái Bình")
	shot(t, ctx, "commendation-proposed")
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	href := strings.SplitN(loc, "?", 2)[0]
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("form[action$='/decide']").length`)); n != 0 {
		t.Fatal("the proposing head is offered the decision")
	}

	// The Department's head decides.
	tab2, cancel2 := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel2()
	ctx2, cancelSteps2 := context.WithTimeout(tab2, 120*time.Second)
	defer cancelSteps2()
	login(ctx2, "truongsnv")
	waitMainText(t, ctx2, "Khen thưởng, biểu dương")
	do(ctx2, "open", chromedp.Navigate(href), pageLoaded())
	waitMainText(t, ctx2, "Quyết định")
	do(ctx2, "approve", chromedp.SendKeys(chromedp.CSS("#f-number"), "21/QĐ-SNV"),
		chromedp.SendKeys(chromedp.CSS("#f-date"), time.Now().In(congvu.TimeZone).Format("02/01/2006")),
		chromedp.Click(chromedp.CSS(`form[action$="/decide"] button[type=submit]`)))
	waitMainText(t, ctx2, "Đã ghi quyết định.")
	waitMainText(t, ctx2, "710.000 đồng")
	shot(t, ctx2, "commendation-approved")
	list, _, err := e.svc.Commendations.FindCommendations(ctxSys, commendation.Filter{OfficialID: o.ID})
	if err != nil || len(list) != 2 {
		t.Fatalf("%d commendations (%v), want the praise and the award", len(list), err)
	}
	for _, c := range list {
		if c.Kind == commendation.KindAward && (c.Status != commendation.StatusApproved || c.CompetentUnitID != e.units["34.SNV"].ID || c.DecisionNumber != "21/QĐ-SNV") {
			t.Fatalf("award %+v", c)
		}
	}
}
