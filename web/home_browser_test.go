package web_test

import (
	"context"
	"testing"
	"time"

	"congvu/internal/browsertest"

	"github.com/chromedp/chromedp"
)

// headerLayout is where the header's parts lie on the page.
type headerLayout struct {
	Header   float64 `json:"header"`   // height of the whole header
	NavTop   float64 `json:"navTop"`   // top of the menu
	NavBot   float64 `json:"navBot"`   // bottom of the menu
	UserTop  float64 `json:"userTop"`  // top of the user menu
	UserBot  float64 `json:"userBot"`  // bottom of the user menu
	WorkTop  float64 `json:"workTop"`  // top of the first work count
	Links    int     `json:"links"`    // menu entries
	Reach    int     `json:"reach"`    // menu entries a click reaches after scrolling them into view
	Overflow string  `json:"overflow"` // the menu list's overflow-x
}

// The staff menu leaves a phone's screen to the work: on a 390×844
// viewport an administrator's menu (the longest) takes one scrolling strip
// and the whole header stays under 120 px, with the work counts in the
// first screen; at 1366×768 the user menu stays on the menu's row.
func TestStaffMenuCompactInBrowser(t *testing.T) {
	browser := browsertest.New(t)
	e := newEnv(t)
	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelSteps := context.WithTimeout(tab, 90*time.Second)
	defer cancelSteps()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(e.ts.URL+"/login"), pageLoaded(),
		chromedp.SendKeys(chromedp.CSS("#f-username"), "admin"), chromedp.SendKeys(chromedp.CSS("#f-password"), testPassword),
		chromedp.Submit(chromedp.CSS("#f-password"))); err != nil {
		t.Fatal(err)
	}
	waitMainText(t, ctx, "Xin chào")
	measure := func(w, h int64) headerLayout {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, h), chromedp.Navigate(e.ts.URL+"/"), pageLoaded()); err != nil {
			t.Fatal(err)
		}
		l, err := chromedp.Run(ctx, chromedp.Evaluate[headerLayout](`(() => {
			const r = s => document.querySelector(s).getBoundingClientRect();
			const links = [...document.querySelectorAll(".main-nav a")];
			let reach = 0;
			for (const a of links) {
				a.scrollIntoView({block: "nearest", inline: "nearest"});
				const b = a.getBoundingClientRect();
				if (document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2)?.closest("a") === a) reach++;
			}
			window.scrollTo(0, 0);
			return {header: r(".site-header").height, navTop: r(".main-nav").top, navBot: r(".main-nav").bottom,
				userTop: r(".user-menu").top, userBot: r(".user-menu").bottom, workTop: r(".work-counts li").top,
				links: links.length, reach, overflow: getComputedStyle(document.querySelector(".main-nav ul")).overflowX};
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	phone := measure(390, 844)
	t.Logf("390×844: %+v", phone)
	if phone.Header >= 120 {
		t.Errorf("on a phone the header takes %.0f px, want under 120", phone.Header)
	}
	if phone.WorkTop > 400 {
		t.Errorf("on a phone the work counts start at %.0f px", phone.WorkTop)
	}
	if phone.Links < 9 || phone.Reach != phone.Links || phone.Overflow != "auto" {
		t.Errorf("on a phone %d of %d menu entries reachable (overflow %s)", phone.Reach, phone.Links, phone.Overflow)
	}
	shot(t, ctx, "home-390")
	desk := measure(1366, 768)
	t.Logf("1366×768: %+v", desk)
	if desk.UserTop >= desk.NavBot || desk.UserBot <= desk.NavTop {
		t.Errorf("at 1366 px the user menu (%.0f–%.0f) is not on the menu's row (%.0f–%.0f)", desk.UserTop, desk.UserBot, desk.NavTop, desk.NavBot)
	}
	if desk.Header >= 80 || desk.Reach != desk.Links {
		t.Errorf("at 1366 px the header is %.0f px high, %d of %d entries reachable", desk.Header, desk.Reach, desk.Links)
	}
	shot(t, ctx, "home-1366")
}

// The current page's entry of a long staff menu is in view when the page
// opens, on a phone and on a desk screen: a supervisor on the last entries
// (Thi đua) does not have to scroll the strip to see where they are.
func TestStaffMenuShowsCurrentEntryInBrowser(t *testing.T) {
	browser := browsertest.New(t)
	e := newEnv(t)
	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelSteps := context.WithTimeout(tab, 90*time.Second)
	defer cancelSteps()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(e.ts.URL+"/login"), pageLoaded(),
		chromedp.SendKeys(chromedp.CSS("#f-username"), "noivu"), chromedp.SendKeys(chromedp.CSS("#f-password"), testPassword),
		chromedp.Submit(chromedp.CSS("#f-password"))); err != nil {
		t.Fatal(err)
	}
	waitMainText(t, ctx, "Xin chào")
	for _, w := range []int64{390, 1024} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, 800), chromedp.Navigate(e.ts.URL+"/emulation"), pageLoaded()); err != nil {
			t.Fatal(err)
		}
		var seen bool
		deadline := time.Now().Add(5 * time.Second)
		for !seen && time.Now().Before(deadline) {
			var err error
			seen, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
				const a = document.querySelector('.main-nav a[aria-current="page"]');
				if (!a) return false;
				const r = a.getBoundingClientRect(), u = a.closest("ul").getBoundingClientRect();
				return r.left >= u.left - 1 && r.right <= u.right + 1;
			})()`))
			if err != nil || !seen {
				time.Sleep(100 * time.Millisecond)
			}
		}
		if !seen {
			t.Errorf("at %d px the current menu entry is scrolled out of the strip", w)
		}
	}
}
