package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"congvu/internal/browsertest"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The rating page on a phone over Chromium DevTools' network presets, cold
// cache: the page must render from its first response (the stylesheet is
// inlined, no other request blocks it). The first paint is logged per
// profile, as a figure, not asserted as a time.
func TestRatingPageOnSlowNetworksInBrowser(t *testing.T) {
	browser := browsertest.New(t)
	e := newEnv(t)
	o := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Phó Chánh Văn phòng Sở Nội vụ")
	for _, prof := range []struct {
		name              string
		latency, down, up float64 // ms, bytes/s
	}{
		// DevTools "Fast 3G" (named "Slow 4G" in newer Chromium): 562.5 ms, 1.6 Mbit/s × 0.9 down, 750 kbit/s × 0.9 up.
		{"Fast 3G", 562.5, 1.6 * 1000 * 1000 / 8 * 0.9, 750 * 1000 / 8 * 0.9},
		// DevTools "Slow 3G" (named "3G"): 2 s, 500 kbit/s × 0.8 each way.
		{"Slow 3G", slow3GLatency, slow3GThroughput, slow3GThroughput},
	} {
		tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
		if err := chromedp.Do(tab); err != nil {
			t.Fatal(err)
		}
		ctx, cancelSteps := context.WithTimeout(tab, 60*time.Second)
		net := listenNet(t, ctx)
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			t.Fatal(err)
		}
		throttleNet(t, ctx, prof.latency, prof.down, prof.up)
		if err := chromedp.Do(ctx,
			chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(3), chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait),
			chromedp.Navigate(e.ts.URL+"/danh-gia/"+o.BadgeToken), pageLoaded()); err != nil {
			t.Fatal(err)
		}
		p, err := chromedp.Run(ctx, chromedp.Evaluate[perf](perfJS))
		if err != nil {
			t.Fatal(err)
		}
		if p.FCP, err = chromedp.Run(ctx, chromedp.Evaluate[float64](fcpJS, chromedp.EvalAwaitPromise)); err != nil {
			t.Fatal(err)
		}
		wire, per := net.total()
		t.Logf("rating page, phone, %s (%.0f ms, %.0f B/s down), cold cache: first contentful paint %.0f ms (%.1f round trips), %.0f bytes in %d requests",
			prof.name, prof.latency, prof.down, p.FCP, p.FCP/prof.latency, wire, len(per))
		for u := range per {
			if strings.HasSuffix(u, ".css") {
				t.Errorf("%s: the page waits for a stylesheet: %s", prof.name, u)
			}
		}
		if p.FCP <= 0 {
			t.Errorf("%s: no first contentful paint recorded", prof.name)
		}
		cancelSteps()
		cancel()
	}
}
