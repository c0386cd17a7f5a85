package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"congvu/demo"
	"congvu/internal/browsertest"

	"github.com/chromedp/chromedp"
)

// TestDemoInBrowser runs `congvu demo` and signs in with every demo account
// through the real login page in Chromium.
func TestDemoInBrowser(t *testing.T) {
	browser := browsertest.New(t)
	base, stop := serveUntil(t, "demo", "--db", filepath.Join(t.TempDir(), "demo.db"))
	defer func() {
		if r := stop(); r.code != exitOK {
			t.Errorf("demo exit %d: %s", r.code, r.stderr)
		}
	}()
	for _, a := range demo.Accounts() {
		t.Run(a.Username, func(t *testing.T) {
			// A fresh browser context per account: no shared cookies.
			tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
			defer cancel()
			if err := chromedp.Do(tab); err != nil { // open the tab
				t.Fatal(err)
			}
			// Bound the steps, not the tab: a failed sign-in must fail the
			// test rather than wait forever for the user menu.
			ctx, cancelSteps := context.WithTimeout(tab, 30*time.Second)
			defer cancelSteps()
			if err := chromedp.Do(ctx,
				chromedp.Navigate(base+"/login"),
				chromedp.WaitVisible(chromedp.CSS(`input[name="username"]`)),
				chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), a.Username),
				chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), a.Password),
				chromedp.Submit(chromedp.CSS(`input[name="password"]`)),
				chromedp.WaitReady(chromedp.CSS(`.user-menu-who`)),
			); err != nil {
				t.Fatalf("sign in as %s: %v", a.Username, err)
			}
			who, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(`.user-menu-who`)))
			if err != nil {
				t.Fatal(err)
			}
			if strings.TrimSpace(who) != a.Username {
				t.Errorf("signed in as %q, want %q", who, a.Username)
			}
			name, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(`.user-menu summary`)))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(name, a.FullName) {
				t.Errorf("user menu %q lacks %q", name, a.FullName)
			}
			banner, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(`.demo-banner`)))
			if err != nil || !strings.Contains(banner, "dữ liệu mẫu") {
				t.Errorf("demo banner %q, %v", banner, err)
			}
		})
	}
}
