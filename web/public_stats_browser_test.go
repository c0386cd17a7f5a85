package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"congvu/internal/browsertest"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Chromium DevTools' "Slow 3G" preset: 400 kbit/s each way (500 × 0.8),
// 2 s round trip.
const (
	slow3GLatency    = 2000
	slow3GThroughput = 500 * 1000 / 8 * 8 / 10
)

func throttleSlow3G(t *testing.T, ctx context.Context) {
	t.Helper()
	throttleNet(t, ctx, slow3GLatency, slow3GThroughput, slow3GThroughput)
}

// throttleNet emulates a network: round-trip latency in milliseconds,
// throughputs in bytes per second.
func throttleNet(t *testing.T, ctx context.Context, latency, down, up float64) {
	t.Helper()
	byRule := cdp.Command[map[string]any, map[string]any]{Method: network.CommandEmulateNetworkConditionsByRule}
	if _, err := chromedp.Call(ctx, byRule, map[string]any{"offline": false, "matchedNetworkConditions": []map[string]any{
		{"urlPattern": "", "latency": latency, "downloadThroughput": down, "uploadThroughput": up}}}); err != nil {
		t.Fatalf("emulate network: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: false, Latency: latency,
		DownloadThroughput: down, UploadThroughput: up}); err != nil {
		t.Fatalf("override network state: %v", err)
	}
}

// The public page of a unit on a phone over slow 3G, cold cache: bytes on
// the wire and first render, in the test log.
func TestPublicPageOnSlow3GInBrowser(t *testing.T) {
	browser := browsertest.New(t)
	e := newEnv(t)
	seedPublic(t, e, 40, "Cán bộ để người dân chờ quá lâu mà không giải thích")
	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(tab); err != nil {
		t.Fatal(err)
	}
	ctx, cancelSteps := context.WithTimeout(tab, 120*time.Second)
	defer cancelSteps()
	net := listenNet(t, ctx)
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	throttleSlow3G(t, ctx)
	url := e.ts.URL + "/cong-khai/34.SNV"
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait),
		chromedp.Navigate(url), pageLoaded()); err != nil {
		t.Fatal(err)
	}
	p, err := chromedp.Run(ctx, chromedp.Evaluate[perf](perfJS))
	if err != nil {
		t.Fatal(err)
	}
	if p.FCP, err = chromedp.Run(ctx, chromedp.Evaluate[float64](fcpJS, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	scripts, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.scripts.length`))
	if err != nil {
		t.Fatal(err)
	}
	wire, per := net.total()
	for u := range per {
		if !strings.HasPrefix(u, e.ts.URL) && !strings.HasPrefix(u, "data:") {
			t.Errorf("request to another site: %s", u)
		}
	}
	t.Logf("public page on slow 3G (DevTools preset: %d ms latency, %d B/s), phone, cold cache: %.0f bytes on the wire in %d requests (Performance API transferSize %.0f), first contentful paint %.0f ms, DOMContentLoaded %.0f ms, load %.0f ms",
		slow3GLatency, slow3GThroughput, wire, len(per), p.Transfer, p.FCP, p.DCL, p.Load)
	for u, b := range per {
		t.Logf("  %6.0f B  %s", b, strings.TrimPrefix(u, e.ts.URL))
	}
	if wire > 30*1024 || p.Transfer > 30*1024 {
		t.Errorf("the public page takes %.0f bytes (%.0f by the Performance API), over 30 KB", wire, p.Transfer)
	}
	if scripts != 0 {
		t.Errorf("%d scripts on the public page", scripts)
	}
	if p.ThirdParty != 0 {
		t.Errorf("%d third-party requests", p.ThirdParty)
	}
	if p.FCP <= 0 {
		t.Errorf("no first contentful paint recorded")
	}
	if p.ScrollW > p.ViewW {
		t.Errorf("the page scrolls sideways on a phone: %.0f > %.0f", p.ScrollW, p.ViewW)
	}
	shot(t, ctx, "public-phone-slow3g")
	// Printed: the header, footer and links' decoration go.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(url), pageLoaded()); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "public-desktop")
}
