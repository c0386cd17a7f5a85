package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"congvu/feedback"
	"congvu/internal/browsertest"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// shot saves a screenshot to $CONGVU_TEST_SCREENSHOTS, when set, to look at.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("CONGVU_TEST_SCREENSHOTS")
	if dir == "" {
		return
	}
	b, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// netLog records the requests of a tab and the bytes each took on the wire.
type netLog struct {
	mu    sync.Mutex
	urls  map[network.RequestID]string
	bytes map[network.RequestID]float64
}

func listenNet(t *testing.T, ctx context.Context) *netLog {
	t.Helper()
	n := &netLog{urls: map[network.RequestID]string{}, bytes: map[network.RequestID]float64{}}
	err := chromedp.Listen(ctx, func(ev any) {
		n.mu.Lock()
		defer n.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			n.urls[e.RequestID] = e.Request.URL
		case *network.EventLoadingFinished:
			n.bytes[e.RequestID] = e.EncodedDataLength
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// total returns the bytes received and the URLs requested since the log started.
func (n *netLog) total() (float64, map[string]float64) {
	n.mu.Lock()
	defer n.mu.Unlock()
	var sum float64
	per := map[string]float64{}
	for id, u := range n.urls {
		sum += n.bytes[id]
		per[u] += n.bytes[id]
	}
	return sum, per
}

// pageLoaded waits until the document has loaded.
func pageLoaded() chromedp.Action[chromedp.Void] {
	// A navigation can destroy the page's execution context while the poll
	// runs in it ("Cannot find context with specified id"); the check is
	// asked again in the new document until the deadline, not failed at once.
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		deadline := time.Now().Add(15 * time.Second)
		for {
			done, err := chromedp.Evaluate[bool](`document.readyState === "complete"`)(ctx, tg)
			if err == nil && done {
				return nil
			}
			if time.Now().After(deadline) || ctx.Err() != nil {
				if err == nil {
					err = errors.New("the page never finished loading")
				}
				return err
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
}

type perf struct {
	FCP        float64 `json:"fcp"`
	DCL        float64 `json:"dcl"`
	Load       float64 `json:"load"`
	Transfer   float64 `json:"transfer"`
	ScrollW    float64 `json:"scrollW"`
	ViewW      float64 `json:"viewW"`
	MinTarget  float64 `json:"minTarget"`
	Resources  int     `json:"resources"`
	ThirdParty int     `json:"thirdParty"`
}

const perfJS = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const fcp = performance.getEntriesByType('paint').find(p => p.name === 'first-contentful-paint');
  const targets = [...document.querySelectorAll('label.c, button, .pick a, .pick-unit')].map(e => e.getBoundingClientRect().height).filter(h => h > 0);
  return {
    fcp: fcp ? fcp.startTime : -1,
    dcl: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd,
    transfer: nav.transferSize + res.reduce((s, r) => s + r.transferSize, 0),
    scrollW: document.documentElement.scrollWidth,
    viewW: window.innerWidth,
    minTarget: targets.length ? Math.min(...targets) : -1,
    resources: res.length,
    thirdParty: res.filter(r => !r.name.startsWith(location.origin)).length,
  };
})()`

// fcpJS waits (up to 5 s) for the first contentful paint and returns its
// time in milliseconds since navigation start, or -1.
const fcpJS = `new Promise(resolve => {
  const done = e => resolve(e ? e.startTime : -1);
  const now = performance.getEntriesByName('first-contentful-paint')[0];
  if (now) return done(now);
  new PerformanceObserver(list => {
    const e = list.getEntriesByName('first-contentful-paint')[0];
    if (e) done(e);
  }).observe({type: 'paint', buffered: true});
  setTimeout(() => done(null), 5000);
})`

func TestRatingPageInBrowser(t *testing.T) {
	browser := browsertest.New(t)
	e := newEnv(t)
	o := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Phó Chánh Văn phòng Sở Nội vụ")
	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(tab); err != nil {
		t.Fatal(err)
	}
	ctx, cancelSteps := context.WithTimeout(tab, 90*time.Second)
	defer cancelSteps()
	net := listenNet(t, ctx)
	url := e.ts.URL + "/danh-gia/" + o.BadgeToken

	// A phone (390 × 844), cold cache.
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(3), chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait),
		chromedp.Navigate(url), pageLoaded()); err != nil {
		t.Fatal(err)
	}
	p, err := chromedp.Run(ctx, chromedp.Evaluate[perf](perfJS))
	if err != nil {
		t.Fatal(err)
	}
	// The paint entry may come a moment after the load event.
	if p.FCP, err = chromedp.Run(ctx, chromedp.Evaluate[float64](fcpJS, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	wire, per := net.total()
	for u := range per {
		if !strings.HasPrefix(u, e.ts.URL) && !strings.HasPrefix(u, "data:") {
			t.Errorf("request to another site: %s", u)
		}
	}
	t.Logf("rating page on a phone: %.0f bytes on the wire in %d requests (headers included; Performance API transferSize %.0f), first contentful paint %.0f ms, DOMContentLoaded %.0f ms, load %.0f ms",
		wire, len(per), p.Transfer, p.FCP, p.DCL, p.Load)
	for u, b := range per {
		t.Logf("  %6.0f B  %s", b, strings.TrimPrefix(u, e.ts.URL))
	}
	if wire > 30*1024 || p.Transfer > 30*1024 {
		t.Errorf("the rating page takes %.0f bytes (%.0f by the Performance API), over 30 KB", wire, p.Transfer)
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
	if p.MinTarget < 44 {
		t.Errorf("a touch target is %.0f px high, under 44", p.MinTarget)
	}
	shot(t, ctx, "rate-phone")

	// Desktop.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(url), pageLoaded()); err != nil {
		t.Fatal(err)
	}
	if p, err = chromedp.Run(ctx, chromedp.Evaluate[perf](perfJS)); err != nil {
		t.Fatal(err)
	}
	if p.ScrollW > p.ViewW {
		t.Errorf("the page scrolls sideways on a desktop: %.0f > %.0f", p.ScrollW, p.ViewW)
	}
	shot(t, ctx, "rate-desktop")

	// JavaScript off: fill in and send the form on a phone.
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait),
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS(`label.lv-satisfied`)),
		chromedp.Click(chromedp.CSS(`label.lv-satisfied`)),
		chromedp.Click(chromedp.CSS(`#f-a-GT-XC label.c:first-child`)),
		chromedp.Click(chromedp.CSS(`#f-a-GT-GD label.c:nth-child(2)`)),
		chromedp.SendKeys(chromedp.CSS(`#f-comment`), "Cán bộ hướng dẫn tận tình."),
	); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "rate-phone-filled-nojs")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`.done`))); err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.HasSuffix(loc, "/danh-gia/cam-on") {
		t.Fatalf("after submit at %q (%v)", loc, err)
	}
	shot(t, ctx, "rate-thanks-phone")
	list := e.feedbackOf("34")
	if len(list) != 1 || list[0].Satisfaction != feedback.Satisfied || !list[0].Answers["GT-XC"] || list[0].Answers["GT-GD"] ||
		list[0].Comment != "Cán bộ hướng dẫn tận tình." {
		t.Fatalf("stored %+v", list)
	}
}

// setOffline cuts the tab's network (and navigator.onLine) or restores it.
func setOffline(t *testing.T, ctx context.Context, off bool) {
	t.Helper()
	// Raw parameters: newer Chromium takes "offline" beside the rules, and
	// refuses the field inside a rule that older protocol versions had.
	byRule := cdp.Command[map[string]any, map[string]any]{Method: network.CommandEmulateNetworkConditionsByRule}
	if _, err := chromedp.Call(ctx, byRule, map[string]any{"offline": off, "matchedNetworkConditions": []map[string]any{
		{"urlPattern": "", "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}}}); err != nil {
		t.Fatalf("emulate network conditions: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		t.Fatalf("override network state: %v", err)
	}
}

func TestKioskOfflineQueueInBrowser(t *testing.T) {
	browser := browsertest.New(t)
	e := newEnv(t)
	ha := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Chuyên viên")
	e.mkOfficial("34.SNV", "SNV-2", "Trần Văn Minh", "Phó Giám đốc")
	k, err := e.svc.Feedback.CreateKiosk(sysCtx(), e.units["34.SNV"].ID, "Quầy số 1")
	if err != nil {
		t.Fatal(err)
	}
	base := e.ts.URL + "/kiosk/" + k.DeviceKey
	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(tab); err != nil {
		t.Fatal(err)
	}
	ctx, cancelSteps := context.WithTimeout(tab, 120*time.Second)
	defer cancelSteps()
	queue := func() int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`JSON.parse(localStorage.getItem("congvu.kiosk.queue:/kiosk/`+k.DeviceKey+`") || "[]").length`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	stored := func() int { return len(e.feedbackOf("34")) }

	// A tablet in portrait.
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(800, 1280, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait),
		chromedp.Navigate(base), pageLoaded(), chromedp.WaitVisible(chromedp.CSS(`#kiosk-pick`))); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "kiosk-start")

	// The network drops; two people rate.
	setOffline(t, ctx, true)
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[data-official="`+itoa(ha.ID)+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`main form label.lv-very_satisfied`)),
	); err != nil {
		t.Fatal(err)
	}
	who, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(`main .who`)))
	if err != nil || !strings.Contains(who, "Nguyễn Thị Thu Hà") || !strings.Contains(who, "Chuyên viên") || !strings.Contains(who, "Sở Nội vụ tỉnh Thái Bình") {
		t.Fatalf("form for %q (%v)", who, err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`main form label.lv-very_satisfied`)),
		chromedp.Click(chromedp.CSS(`main form #f-a-GT-MC label.c:first-child`)),
	); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "kiosk-form")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`main form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`main .done`))); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "kiosk-thanks")
	if n := queue(); n != 1 {
		t.Fatalf("queue holds %d ratings offline, want 1", n)
	}
	// The start screen returns by itself, still offline.
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Poll[bool](`!document.getElementById("kiosk-pick").hidden && !document.querySelector("main .done")`, chromedp.WithPollingTimeout(15*time.Second))(ctx, tg)
		return err
	})); err != nil {
		t.Fatalf("the kiosk did not return to its start: %v", err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a.pick-unit`)),
		chromedp.WaitVisible(chromedp.CSS(`main form label.lv-dissatisfied`)),
		chromedp.Click(chromedp.CSS(`main form label.lv-dissatisfied`)),
		chromedp.SendKeys(chromedp.CSS(`main form #f-comment`), "Phải chờ lâu."),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`main .done`)),
	); err != nil {
		t.Fatal(err)
	}
	if n := queue(); n != 2 {
		t.Fatalf("queue holds %d ratings offline, want 2", n)
	}
	if n := stored(); n != 0 {
		t.Fatalf("%d ratings reached the server while offline", n)
	}

	// The network returns: the queue empties, each rating stored once.
	setOffline(t, ctx, false)
	deadline := time.Now().Add(45 * time.Second)
	for stored() < 2 || queue() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("after the network returned: %d stored, %d queued", stored(), queue())
		}
		time.Sleep(200 * time.Millisecond)
	}
	// A rating sent again (its answer lost) is not stored twice.
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify([{idempotency_key: "dup-1", satisfaction: "satisfied", answers: {}, fill_ms: 9000}])`))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`localStorage.setItem("congvu.kiosk.queue:/kiosk/`+k.DeviceKey+`", `+jsString(raw)+`); window.dispatchEvent(new Event("online"))`)); err != nil {
			t.Fatal(err)
		}
		deadline = time.Now().Add(20 * time.Second)
		for queue() != 0 {
			if time.Now().After(deadline) {
				t.Fatal("the queue did not empty")
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	list := e.feedbackOf("34")
	if len(list) != 3 {
		t.Fatalf("%d ratings stored, want 3 (two offline, one sent twice)", len(list))
	}
	var withOfficial, unit int
	for _, f := range list {
		if f.Channel != feedback.ChannelKiosk {
			t.Errorf("channel %s", f.Channel)
		}
		switch {
		case f.OfficialID == ha.ID && f.Satisfaction == feedback.VerySatisfied && f.Answers["GT-MC"]:
			withOfficial++
		case f.OfficialID == 0 && f.Satisfaction == feedback.Dissatisfied && f.Comment == "Phải chờ lâu.":
			unit++
		}
	}
	if withOfficial != 1 || unit != 1 {
		t.Fatalf("stored %+v", list)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
