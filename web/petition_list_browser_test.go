package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"congvu/internal/browsertest"
	"congvu/petition"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// keyboardTo presses Tab until the element matching sel has the focus, and
// checks the focus is visible (a keyboard user sees where they are).
func keyboardTo(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	for i := 0; i < 150; i++ {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.activeElement && document.activeElement.matches(`+jsString(sel)+`)`))
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			visible, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
				const e = document.activeElement, s = getComputedStyle(e);
				return e.matches(":focus-visible") && (s.outlineStyle !== "none" || s.boxShadow !== "none");
			})()`))
			if err != nil || !visible {
				t.Fatalf("%s has the focus but does not show it (%v)", sel, err)
			}
			return
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatalf("Tab never reaches %s", sel)
}

// waitMainText waits until the page's main content contains s (through
// navigations, which interrupt an evaluation).
func waitMainText(t *testing.T, ctx context.Context, s string) {
	t.Helper()
	expr := `document.readyState === "complete" && !!document.querySelector("main") && document.querySelector("main").textContent.includes(` + jsString(s) + `)`
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr)); err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	t.Fatalf("the page never says %q:\n%s", s, body)
}

// A supervisor takes a petition through accept → assign → verify with the
// keyboard only: Tab to each control, Enter to act.
func TestPetitionHandlingByKeyboardInBrowser(t *testing.T) {
	browser := browsertest.New(t)
	e := petitionEnv(t)
	ha := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Chuyên viên")
	rc := e.submitPetition(petitionIn{official: ha, category: petition.Obstruct, text: "Cán bộ bắt tôi đi lại bốn lần để bổ sung giấy tờ."})
	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(tab); err != nil {
		t.Fatal(err)
	}
	ctx, cancelSteps := context.WithTimeout(tab, 120*time.Second)
	defer cancelSteps()

	// Sign in: the name field has the focus; type, Tab, type, Enter.
	if err := chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/login?next=/petitions"), pageLoaded()); err != nil {
		t.Fatal(err)
	}
	keyboardTo(t, ctx, "#f-username")
	if err := chromedp.Do(ctx, chromedp.KeyEvent("noivu"), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(testPassword), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	waitMainText(t, ctx, rc.TrackingCode)
	shot(t, ctx, "petition-list")

	// Open the petition from the list.
	keyboardTo(t, ctx, `a[href="/petitions/`+pid(rc)+`"]`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	waitMainText(t, ctx, "Cán bộ bắt tôi đi lại bốn lần")
	shot(t, ctx, "petition-received")

	step := func(name, flash string, status petition.Status) {
		t.Helper()
		keyboardTo(t, ctx, `form:has(input[name="step"][value="`+name+`"]) button[type="submit"]`)
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatal(err)
		}
		waitMainText(t, ctx, flash)
		if p := e.petitionNow(rc.Petition.ID); p.Status != status {
			t.Fatalf("after %s: %s, want %s", name, p.Status, status)
		}
	}
	step("accept", "Đã ghi nhận quyết định thụ lý", petition.Accepted)

	// Assign: the unit select defaults to the supervising unit; the
	// keyboard picks the Department of Justice instead.
	keyboardTo(t, ctx, "#f-assign-unit")
	sel, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.selectedOptions[0].textContent`))
	if err != nil || !strings.Contains(sel, "Tỉnh Thái Bình") {
		t.Fatalf("the assign select starts at %q (%v)", sel, err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	sel, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.selectedOptions[0].textContent`))
	if err != nil || !strings.Contains(sel, "Sở Tư pháp") {
		t.Fatalf("after ArrowDown the assign select shows %q (%v)", sel, err)
	}
	shot(t, ctx, "petition-accepted")
	step("assign", "Đã giao phản ánh cho đơn vị xử lý", petition.Assigned)
	if p := e.petitionNow(rc.Petition.ID); p.HandlerUnitID != e.units["34.STP"].ID {
		t.Fatalf("assigned to unit %d, want Sở Tư pháp", p.HandlerUnitID)
	}
	step("verify", "Đã bắt đầu xác minh phản ánh.", petition.Verifying)
	waitMainText(t, ctx, "Đang xác minh")
	shot(t, ctx, "petition-verifying")
}
