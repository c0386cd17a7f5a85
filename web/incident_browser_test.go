package web_test

import (
	"context"
	"testing"
	"time"

	"congvu"
	"congvu/internal/browsertest"
	"congvu/org"

	"github.com/chromedp/chromedp"
)

// The main task in Chromium on a phone: an official insulted at the
// counter records it (a first try with an impossible date is refused and
// keeps what was typed), and the unit head reads it in the
// list with its count per unit.
func TestIncidentRecordInBrowser(t *testing.T) {
	browser := browsertest.New(t)
	e := newEnv(t)
	snv := e.units["34.SNV"]
	o, err := e.svc.Officials.CreateOfficial(sysCtx(), org.OfficialInput{UnitID: snv.ID, EmployeeCode: "SNV-31", FullName: "Đào Thị Mai", Category: org.CategoryCivilServant})
	if err != nil {
		t.Fatal(err)
	}
	e.mkUser("daomai", congvu.RoleOfficial, "34.SNV", o.ID)
	e.mkUser("thutruong", congvu.RoleUnitHead, "34.SNV", 0)

	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelSteps := context.WithTimeout(tab, 90*time.Second)
	defer cancelSteps()
	do := func(what string, acts ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		for _, a := range acts {
			if err := chromedp.Do(ctx, a); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		}
	}
	login := func(user string) {
		do("sign in "+user, chromedp.Navigate(e.ts.URL+"/login?next=/incidents"), pageLoaded(),
			chromedp.SendKeys(chromedp.CSS("#f-username"), user), chromedp.SendKeys(chromedp.CSS("#f-password"), testPassword),
			chromedp.Click(chromedp.CSS(`main button[type=submit]`)))
	}
	do("phone", chromedp.EmulateViewport(390, 844))
	login("daomai")
	waitMainText(t, ctx, "Ghi việc cán bộ bị xúc phạm")
	do("open the form", chromedp.Click(chromedp.CSS(`a[href="/incidents/new?loai=staff_abuse"]`)), pageLoaded())
	waitMainText(t, ctx, "Diễn biến")
	do("fill", chromedp.SendKeys(chromedp.CSS("#f-place"), "Quầy số 2"),
		chromedp.SetValue(chromedp.CSS("#f-severity"), "moderate"),
		chromedp.SendKeys(chromedp.CSS("#f-summary"), "Người dân lớn tiếng xúc phạm cán bộ khi được hướng dẫn bổ sung hồ sơ."),
		chromedp.SetValue(chromedp.CSS("#f-date"), "31/02/2026"),
		chromedp.Click(chromedp.CSS(`form[action="/incidents/new"] button[type=submit]`)), pageLoaded())
	waitMainText(t, ctx, "Ngày xảy ra phải có dạng")
	shot(t, ctx, "incident-form-error")
	do("fix the date", chromedp.SetValue(chromedp.CSS("#f-date"), time.Now().In(congvu.TimeZone).Format("02/01/2006")),
		chromedp.SetValue(chromedp.CSS("#f-time"), "00:01"),
		chromedp.Click(chromedp.CSS(`form[action="/incidents/new"] button[type=submit]`)), pageLoaded())
	waitMainText(t, ctx, "Đã ghi sự việc")
	waitMainText(t, ctx, "Quầy số 2")

	tab2, cancel2 := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel2()
	ctx2, cancelSteps2 := context.WithTimeout(tab2, 60*time.Second)
	defer cancelSteps2()
	ctx = ctx2
	login("thutruong")
	waitMainText(t, ctx, "Cán bộ bị xúc phạm, đe dọa, hành hung")
	waitMainText(t, ctx, "Theo đơn vị")
	shot(t, ctx, "incident-list")
}
