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

// focusedJS describes the focused element: "id|name|type|href|checked".
const focusedJS = `(() => { const a = document.activeElement; if (!a) return ""; return [a.id, a.name || "", a.type || "", a.getAttribute("href") || "", String(!!a.checked)].join("|"); })()`

// keys types on the keyboard, into whatever has the focus.
func keys(t *testing.T, ctx context.Context, s string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(s)); err != nil {
		t.Fatalf("typing %q: %v", s, err)
	}
}

// focused returns focusedJS's description of the focused element.
func focused(t *testing.T, ctx context.Context) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](focusedJS))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// tabTo presses Tab until the focused element's description contains
// want, and fails after max presses.
func tabTo(t *testing.T, ctx context.Context, want string, max int) {
	t.Helper()
	var seen []string
	for i := 0; i < max; i++ {
		keys(t, ctx, kb.Tab)
		f := focused(t, ctx)
		if strings.Contains(f, want) {
			return
		}
		seen = append(seen, f)
	}
	t.Fatalf("%d Tab presses did not reach %q; focus went through:\n%s", max, want, strings.Join(seen, "\n"))
}

// value returns the value of the element matching the CSS selector sel.
func value(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestPetitionKeyboardInBrowser fills the petition form from an official's
// badge with the keyboard only, on a phone, reaches the receipt, then
// tracks the petition and sends a message, still with the keyboard.
func TestPetitionKeyboardInBrowser(t *testing.T) {
	browser := browsertest.New(t)
	e := newEnv(t)
	o := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Phó Chánh Văn phòng Sở Nội vụ")
	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(tab); err != nil {
		t.Fatal(err)
	}
	ctx, cancelSteps := context.WithTimeout(tab, 120*time.Second)
	defer cancelSteps()
	net := listenNet(t, ctx)

	start := time.Now()
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulatePortrait),
		chromedp.Navigate(e.ts.URL+"/phan-anh/can-bo/"+o.BadgeToken), pageLoaded()); err != nil {
		t.Fatal(err)
	}
	p, err := chromedp.Run(ctx, chromedp.Evaluate[perf](perfJS))
	if err != nil {
		t.Fatal(err)
	}
	wire, per := net.total()
	for u := range per {
		if !strings.HasPrefix(u, e.ts.URL) && !strings.HasPrefix(u, "data:") {
			t.Errorf("request to another site: %s", u)
		}
	}
	t.Logf("petition form on a phone: %.0f bytes on the wire in %d requests", wire, len(per))
	if wire > 30*1024 {
		t.Errorf("the petition form takes %.0f bytes, over 30 KB", wire)
	}
	if p.ScrollW > p.ViewW {
		t.Errorf("the form scrolls sideways on a phone: %.0f > %.0f", p.ScrollW, p.ViewW)
	}
	if p.MinTarget < 44 {
		t.Errorf("a touch target is %.0f px high, under 44", p.MinTarget)
	}

	// The category: Tab into the radio group, arrows to choose.
	tabTo(t, ctx, "|category|radio|", 12)
	keys(t, ctx, kb.ArrowDown+kb.ArrowDown)
	if f := focused(t, ctx); !strings.HasPrefix(f, "|category|radio||true") {
		t.Fatalf("after two arrows the focus is on %q", f)
	}
	cat, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('input[name=category]:checked').value`))
	if err != nil || cat != "favours" {
		t.Fatalf("category %q (%v), want favours", cat, err)
	}
	// What happened, when, where.
	tabTo(t, ctx, "f-description|", 1)
	keys(t, ctx, "Cán bộ nói phải có “bồi dưỡng” thì hồ sơ mới xong trong tuần.")
	tabTo(t, ctx, "f-occurred-at|", 1)
	// The date field's segments come in the browser's order (dd/mm/yyyy
	// in Vietnamese, mm/dd/yyyy in a US build).
	order, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`new Intl.DateTimeFormat(navigator.language).formatToParts(new Date(2026, 0, 15)).filter(p => p.type !== "literal").map(p => p.type).join(",")`))
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range strings.Split(order, ",") {
		keys(t, ctx, map[string]string{"day": "15", "month": "01", "year": "2026"}[part])
	}
	if v := value(t, ctx, "#f-occurred-at"); v != "2026-01-15" {
		t.Fatalf("date typed in the order %s reads %q", order, v)
	}
	tabTo(t, ctx, "f-place|", 4) // the date field may keep the focus in its segments
	keys(t, ctx, "Bộ phận một cửa")
	// With contact details and consent.
	tabTo(t, ctx, "f-anonymous|anonymous|radio|", 1)
	keys(t, ctx, kb.ArrowDown)
	if f := focused(t, ctx); !strings.HasPrefix(f, "f-anonymous-no|anonymous|radio||true") {
		t.Fatalf("the contact choice is not checked: %q", f)
	}
	tabTo(t, ctx, "f-name|", 1)
	keys(t, ctx, "Phạm Văn Dũng")
	tabTo(t, ctx, "f-phone|", 1)
	keys(t, ctx, "0912345678")
	tabTo(t, ctx, "f-email|", 1)
	keys(t, ctx, "dung@example.vn")
	tabTo(t, ctx, "f-consent|consent|checkbox||false", 3)
	keys(t, ctx, " ")
	if f := focused(t, ctx); !strings.HasSuffix(f, "|true") {
		t.Fatalf("consent not ticked: %q", f)
	}
	tabTo(t, ctx, "f-tep|tep|file|", 1)
	tabTo(t, ctx, "|submit|", 2) // past the privacy notice's link
	// The focus is visible on the button.
	outline, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.activeElement).outlineStyle`))
	if err != nil || outline == "none" {
		t.Fatalf("the focused button shows no outline (%q, %v)", outline, err)
	}
	shot(t, ctx, "petition-form-filled")
	// A person takes longer than a robot.
	if wait := petition.MinFillTime + 500*time.Millisecond - time.Since(start); wait > 0 {
		time.Sleep(wait)
	}
	keys(t, ctx, kb.Enter)
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`#pa-code`))); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "petition-receipt")
	code, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#pa-code`)))
	if err != nil {
		t.Fatal(err)
	}
	secret, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#pa-secret`)))
	if err != nil {
		t.Fatal(err)
	}
	pet := e.petitionByCode(code)
	if pet.OfficialID != o.ID || pet.Category != petition.Favours || pet.Anonymous || !pet.HasContact || pet.Place != "Bộ phận một cửa" ||
		pet.OccurredAt == nil || !strings.Contains(pet.Description, "“bồi dưỡng”") {
		t.Fatalf("stored %+v", pet)
	}

	// Tracking: the receipt's link, the secret typed as printed.
	tabTo(t, ctx, "|/tra-cuu?ma="+code+"|", 12)
	keys(t, ctx, kb.Enter)
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`#f-ma-bi-mat`))); err != nil {
		t.Fatal(err)
	}
	if v := value(t, ctx, "#f-ma"); v != code {
		t.Fatalf("tracking form code %q, want %q", v, code)
	}
	tabTo(t, ctx, "f-ma-bi-mat|", 8)
	keys(t, ctx, secret+kb.Enter)
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`#pa-title`))); err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || strings.Contains(loc, strings.ReplaceAll(secret, " ", "")) || strings.Contains(loc, "bi-mat") {
		t.Fatalf("tracking view at %q (%v): the secret must not be in the address", loc, err)
	}
	status, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[aria-current=step]`)))
	if err != nil || !strings.Contains(status, "Mới tiếp nhận") {
		t.Fatalf("current step %q (%v)", status, err)
	}
	tabTo(t, ctx, "f-noi-dung|", 15)
	keys(t, ctx, "Tôi có ghi âm cuộc nói chuyện.")
	tabTo(t, ctx, "|submit|", 1)
	keys(t, ctx, kb.Enter)
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`.flash`))); err != nil {
		t.Fatal(err)
	}
	msgs, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.pa-messages`)))
	if err != nil || !strings.Contains(msgs, "Tôi có ghi âm cuộc nói chuyện.") {
		t.Fatalf("messages %q (%v)", msgs, err)
	}
	shot(t, ctx, "petition-tracking")
}
