// Package browsertest starts a headless Chromium for browser tests driven by
// chromedp. The browser is the Debian package: CONGVU_TEST_CHROMIUM names its
// binary, else /usr/bin/chromium. Without it a test is skipped, except under
// CI (CI set), where a missing browser is a failure.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// EnvChromium names the variable holding the Chromium binary path.
const EnvChromium = "CONGVU_TEST_CHROMIUM"

// Binary returns the Chromium binary to use and whether it exists.
func Binary() (string, bool) {
	path := os.Getenv(EnvChromium)
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if p, err := exec.LookPath(path); err == nil {
		return p, true
	}
	return path, false
}

// New starts a fresh headless Chromium with a temporary profile and returns
// a chromedp context for it (one tab). The browser lives until the test
// ends. Without Chromium the test is skipped, or fails under CI.
//
// chromedp v0.23 has a generic API: chromedp.Do(ctx, steps...) runs actions
// without results, chromedp.Run(ctx, chromedp.Title()) returns a value. A
// plain string selector is a DOM search; use chromedp.CSS("#id") for CSS.
// To bound one step, derive a context with a timeout from the returned one
// (never bound the returned context itself: that would stop the browser).
func New(t testing.TB) context.Context {
	t.Helper()
	bin, ok := Binary()
	if !ok {
		if os.Getenv("CI") != "" {
			t.Fatalf("Chromium not found at %q: CI must run browser tests (apt-get install chromium, or set %s)", bin, EnvChromium)
		}
		t.Skipf("Chromium not found at %q; set %s to run browser tests", bin, EnvChromium)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("lang", "vi-VN"),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithErrorf(t.Logf))
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
	})
	// Start the browser now, so a broken installation fails here with a
	// clear message rather than in the first action of the test.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start Chromium %s: %v", bin, err)
	}
	return bctx
}
