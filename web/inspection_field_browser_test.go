package web_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"congvu/inspection"
	"congvu/internal/browsertest"
	"congvu/web"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// fieldInspection starts a check of 34.SNV by province 34, led by the
// inspector "thanhtra", with a checklist of n lines from the catalog.
func (e *env) fieldInspection(n int) *inspection.Inspection {
	e.t.Helper()
	return e.fieldInspectionBy("thanhtra", "34", "34.SNV", n)
}

// fieldInspectionBy starts a check of unit target by unit owner, by user,
// with a checklist of n lines (none when n is 0).
func (e *env) fieldInspectionBy(user, owner, target string, n int) *inspection.Inspection {
	e.t.Helper()
	ctx := e.actorCtx(user)
	in, err := e.svc.Inspections.CreateInspection(ctx, inspection.InspectionInput{Origin: inspection.OriginAdhoc, Kind: inspection.KindCheck,
		UnitID: e.units[owner].ID, TargetUnitID: e.units[target].ID, Reason: "Kiểm tra đột xuất việc thực hiện văn hóa công vụ tại bộ phận một cửa."})
	if err != nil {
		e.t.Fatal(err)
	}
	if n == 0 {
		return in
	}
	v, err := e.svc.Standards.CurrentVersion(ctx, e.units[target].ID)
	if err != nil {
		e.t.Fatal(err)
	}
	var specs []inspection.LineSpec
	for _, g := range v.Groups {
		for _, it := range g.Items {
			if len(specs) < n {
				specs = append(specs, inspection.LineSpec{ItemCode: it.Code, Sample: 3})
			}
		}
	}
	if in, err = e.svc.Inspections.GenerateChecklist(ctx, in.ID, inspection.ChecklistInput{Items: specs}); err != nil {
		e.t.Fatal(err)
	}
	if len(in.Lines) != n {
		e.t.Logf("catalog: %d groups, %d specs", len(v.Groups), len(specs))
		e.t.Fatalf("checklist of %d lines, want %d", len(in.Lines), n)
	}
	return in
}

// exifJPEG is a small JPEG photo carrying an EXIF segment with a GPS
// position and a camera serial, as phones write them.
func exifJPEG(t *testing.T, shade uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := 0; x < 64; x++ {
		for y := 0; y < 48; y++ {
			img.Set(x, y, color.RGBA{shade, uint8(x * 4), uint8(y * 5), 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	payload := []byte("Exif\x00\x00MM\x00\x2a GPS 21.0285N 105.8542E SERIAL-CAM-778899")
	seg := append([]byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}, payload...)
	raw := b.Bytes()
	return append(append(append([]byte{}, raw[:2]...), seg...), raw[2:]...)
}

// fieldTab opens a phone-sized tab signed in as username.
func fieldTab(t *testing.T, e *env, browser context.Context, username string) (context.Context, func()) {
	t.Helper()
	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(tab); err != nil {
		t.Fatal(err)
	}
	ctx, cancelSteps := context.WithTimeout(tab, 240*time.Second)
	sess, err := e.svc.Users.Authenticate(sysCtx(), username, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(e.ts.URL, "http://")
	host = host[:strings.IndexByte(host, ':')]
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: web.SessionCookie, Value: sess.Token, Domain: host, Path: "/"})
			return err
		})); err != nil {
		t.Fatal(err)
	}
	return ctx, func() { cancelSteps(); cancel() }
}

// waitJS polls a JavaScript condition.
func waitJS(t *testing.T, ctx context.Context, cond string, d time.Duration) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(d))(ctx, tg)
		return err
	})); err != nil {
		bar, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.getElementById("field-status")||{}).textContent || document.body.innerText.slice(0, 300)`))
		t.Fatalf("waiting for %s: %v (page says %q)", cond, err, bar)
	}
}

func evalJS(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](js, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("%s: %v", js, err)
	}
}

// fillLinesJS answers every line of the page through its form, as the
// inspector would (the form's own submit handler, field.js), line i
// getting results[i%3]; line 1 names the official by name, line 2 by the
// scanned badge URL.
const fillLinesJS = `(async (official, badge) => {
  const results = ["kept", "breached", "not_observed"];
  const forms = [...document.querySelectorAll("form[data-line-form]")];
  for (let i = 0; i < forms.length; i++) {
    const f = forms[i];
    f.querySelector('input[name=result][value="' + results[i % 3] + '"]').checked = true;
    f.elements.note.value = "Ghi chú dòng " + (i + 1) + ": quan sát tại quầy số " + (i % 4 + 1) + ".";
    if (i === 1) f.elements.official.value = official;
    if (i === 2) f.elements.badge.value = badge;
    f.requestSubmit();
    await new Promise(r => setTimeout(r, 30));
  }
})`

// recorded returns the lines of an inspection with a result.
func (e *env) recorded(id int64) []*inspection.Line {
	e.t.Helper()
	in, err := e.svc.Inspections.FindInspection(e.actorCtx("thanhtra"), id)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []*inspection.Line
	for _, l := range in.Lines {
		if l.Result != "" {
			out = append(out, l)
		}
	}
	return out
}

func (e *env) countRows(q string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.db.Read.QueryRow(q, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func TestFieldWorkOfflineInBrowser(t *testing.T) {
	browser := browsertest.New(t)
	e := newEnv(t)
	ha := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Chuyên viên bộ phận một cửa")
	minh := e.mkOfficial("34.SNV", "SNV-2", "Trần Văn Minh", "Phó Chánh Văn phòng")
	in := e.fieldInspection(40)
	page := e.ts.URL + "/inspections/" + itoa(in.ID) + "/field"
	ctx, done := fieldTab(t, e, browser, "thanhtra")
	defer done()

	// Online: the page loads, the service worker takes it.
	if err := chromedp.Do(ctx, chromedp.Navigate(page), pageLoaded()); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.querySelector("[data-field]").getAttribute("data-ready") === "yes"`, 15*time.Second)
	evalJS(t, ctx, `navigator.serviceWorker.ready.then(() => true)`)
	if err := chromedp.Do(ctx, chromedp.Reload(), pageLoaded()); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `!!navigator.serviceWorker.controller && document.querySelector("[data-field]").getAttribute("data-ready") === "yes"`, 15*time.Second)

	// Offline: forty lines answered, photos taken on two of them.
	setOffline(t, ctx, true)
	dir := t.TempDir()
	var photos []string
	for i := range 2 {
		p := filepath.Join(dir, fmt.Sprintf("IMG_%d.jpg", i))
		if err := os.WriteFile(p, exifJPEG(t, uint8(40+i*100)), 0o644); err != nil {
			t.Fatal(err)
		}
		photos = append(photos, p)
	}
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS(`#photos-`+itoa(in.Lines[1].ID)), photos)); err != nil {
		t.Fatal(err)
	}
	evalJS(t, ctx, fillLinesJS+`(`+jsString("Nguyễn Thị Thu Hà")+`, `+jsString(e.ts.URL+"/danh-gia/"+minh.BadgeToken)+`)`)
	waitJS(t, ctx, `document.getElementById("field-status").getAttribute("data-pending") === "42"`, 30*time.Second)
	shot(t, ctx, "field-offline")
	status, _ := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(`#field-status`)))
	if !strings.Contains(status, "Lưu trên điện thoại, chưa gửi: 40 dòng, 2 ảnh") || !strings.Contains(status, "Không có mạng") {
		t.Errorf("offline status says %q", status)
	}
	if n := len(e.recorded(in.ID)); n != 0 {
		t.Fatalf("%d lines reached the server while offline", n)
	}
	// The batch the phone will send, kept to send it again later.
	batch, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Promise(res => { const r = indexedDB.open("congvu-field"); r.onsuccess = () => {
	  const q = r.result.transaction("queue").objectStore("queue").getAll(); q.onsuccess = () => res(JSON.stringify({lines: q.result.filter(x => x.kind === "line").map(x => {
	    const d = x.data; return {client_key: d.client_key, line_id: d.line_id, result: d.result, note: d.note, official_id: d.official_id, badge: d.badge, recorded_at: d.recorded_at}; })})); }; })`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	photoKey, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Promise(res => { const r = indexedDB.open("congvu-field"); r.onsuccess = () => {
	  const q = r.result.transaction("queue").objectStore("queue").getAll(); q.onsuccess = () => res(q.result.find(x => x.kind === "photo").photo_key); }; })`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}

	// Reloaded offline (a phone drops sleeping tabs): the page opens from
	// the phone, with every answer still there.
	if err := chromedp.Do(ctx, chromedp.Reload(), pageLoaded()); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.querySelector("[data-field]").getAttribute("data-ready") === "yes" && document.getElementById("field-status").getAttribute("data-pending") === "42"`, 15*time.Second)
	queuedLines, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-line][data-state="queued"]').length`))
	if queuedLines != 40 {
		t.Errorf("after reload offline, %d lines marked as saved on the phone, want 40", queuedLines)
	}

	// The network returns: everything is sent, each line once.
	setOffline(t, ctx, false)
	evalJS(t, ctx, `window.dispatchEvent(new Event("online"))`)
	waitJS(t, ctx, `document.getElementById("field-status").getAttribute("data-pending") === "0"`, 60*time.Second)
	shot(t, ctx, "field-synced")
	got := e.recorded(in.ID)
	if len(got) != 40 {
		t.Fatalf("%d lines recorded, want 40", len(got))
	}
	want := []inspection.LineResult{inspection.ResultKept, inspection.ResultBreached, inspection.ResultNotObserved}
	for i, l := range got {
		if l.Result != want[i%3] || !strings.HasPrefix(l.Note, fmt.Sprintf("Ghi chú dòng %d:", i+1)) || l.ClientKey == "" {
			t.Errorf("line %d stored as %s %q (key %q)", i+1, l.Result, l.Note, l.ClientKey)
		}
	}
	if got[1].OfficialID != ha.ID || got[2].OfficialID != minh.ID {
		t.Errorf("officials of lines 2 and 3: %d and %d, want %d (by name) and %d (by badge)", got[1].OfficialID, got[2].OfficialID, ha.ID, minh.ID)
	}
	audits := e.countRows(`SELECT COUNT(*) FROM audit_events WHERE entity_type = 'inspection' AND entity_id = $1`, in.ID)
	if n := e.countRows(`SELECT COUNT(*) FROM inspection_photos p JOIN inspection_lines l ON l.id = p.line_id WHERE l.inspection_id = $1`, in.ID); n != 2 {
		t.Fatalf("%d photos stored, want 2", n)
	}
	rows, err := e.db.Read.Query(`SELECT id FROM inspection_photos WHERE line_id = $1`, in.Lines[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		p, rc, err := e.svc.InspectionPhotos.OpenPhoto(e.actorCtx("thanhtra"), id)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if p.ContentType != "image/jpeg" || !bytes.HasPrefix(b, []byte{0xFF, 0xD8}) || bytes.Contains(b, []byte("GPS")) || bytes.Contains(b, []byte("SERIAL-CAM")) {
			t.Errorf("photo %d stored with its metadata (%s, %d bytes)", id, p.ContentType, len(b))
		}
		if _, err := jpeg.Decode(bytes.NewReader(b)); err != nil {
			t.Errorf("stored photo %d does not decode: %v", id, err)
		}
	}

	// The same batch sent again (its answer was lost): every line is
	// answered ok, nothing is recorded twice.
	again, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(location.pathname + "/sync", {method: "POST", headers: {"Content-Type": "application/json"}, body: `+jsString(batch)+`}).then(r => r.text())`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(again, `"ok":true`) != 41 {
		t.Errorf("batch sent again answered %s", again)
	}
	if len(e.recorded(in.ID)) != 40 || e.countRows(`SELECT COUNT(*) FROM audit_events WHERE entity_type = 'inspection' AND entity_id = $1`, in.ID) != audits {
		t.Errorf("the batch sent again recorded something more")
	}
	// A photo sent again with its key (its answer lost): still two.
	again, err = chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const fd = new FormData(); fd.append("line_id", `+jsString(itoa(in.Lines[1].ID))+`);
	  fd.append("photo_key", `+jsString(photoKey)+`); fd.append("photo", new Blob([Uint8Array.from(atob(`+jsString(base64.StdEncoding.EncodeToString(exifJPEG(t, 9)))+`), c => c.charCodeAt(0))], {type: "image/jpeg"}), "x.jpg");
	  return fetch(location.pathname + "/photos", {method: "POST", body: fd}).then(r => r.status + " " + r.statusText); })()`, chromedp.EvalAwaitPromise))
	if err != nil || !strings.HasPrefix(again, "200") {
		t.Errorf("photo sent again: %q %v", again, err)
	}
	if n := e.countRows(`SELECT COUNT(*) FROM inspection_photos WHERE line_id = $1`, in.Lines[1].ID); n != 2 {
		t.Errorf("%d photos after the resend, want 2", n)
	}
	// The page, reloaded online, says what the server has.
	if err := chromedp.Do(ctx, chromedp.Reload(), pageLoaded()); err != nil {
		t.Fatal(err)
	}
	sent, _ := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(`#line-`+itoa(in.Lines[1].ID)+` .fw-state`)))
	if !strings.Contains(sent, "Đã gửi: Vi phạm — Nguyễn Thị Thu Hà · 2 ảnh") {
		t.Errorf("line 2 says %q", sent)
	}
}

// countingHandler counts the bytes of request bodies the server read.
type countingHandler struct {
	next http.Handler
	up   atomic.Int64
}

func (c *countingHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > 0 {
		c.up.Add(r.ContentLength)
	}
	c.next.ServeHTTP(w, r)
}

// throttle emulates a slow 3G network: 750 kbit/s down, 250 kbit/s up,
// 100 ms latency.
func throttle(t *testing.T, ctx context.Context) {
	t.Helper()
	byRule := cdp.Command[map[string]any, map[string]any]{Method: network.CommandEmulateNetworkConditionsByRule}
	if _, err := chromedp.Call(ctx, byRule, map[string]any{"offline": false, "matchedNetworkConditions": []map[string]any{
		{"urlPattern": "", "latency": 100, "downloadThroughput": 750 * 1000 / 8, "uploadThroughput": 250 * 1000 / 8}}}); err != nil {
		t.Fatalf("emulate 3G: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: false, Latency: 100, DownloadThroughput: 750 * 1000 / 8, UploadThroughput: 250 * 1000 / 8}); err != nil {
		t.Fatalf("override network state: %v", err)
	}
}

// A 40-line checklist recorded offline, then synced over a slow 3G
// network: bytes on the wire and time, in the test log.
func TestFieldWorkSyncOver3GInBrowser(t *testing.T) {
	browser := browsertest.New(t)
	e := newEnv(t)
	counter := &countingHandler{next: e.srv.Handler()}
	e.ts.Config.Handler = counter
	e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Chuyên viên")
	in := e.fieldInspection(40)
	page := e.ts.URL + "/inspections/" + itoa(in.ID) + "/field"
	ctx, done := fieldTab(t, e, browser, "thanhtra")
	defer done()
	net := listenNet(t, ctx)

	throttle(t, ctx)
	start := time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate(page), pageLoaded()); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.querySelector("[data-field]").getAttribute("data-ready") === "yes"`, 60*time.Second)
	loadTime := time.Since(start)
	loadBytes, loadPer := net.total()
	for u, b := range loadPer {
		t.Logf("  page load: %6.0f B  %s", b, strings.TrimPrefix(u, e.ts.URL))
	}
	waitJS(t, ctx, `navigator.serviceWorker.ready.then(() => true)`, 30*time.Second)

	setOffline(t, ctx, true)
	evalJS(t, ctx, fillLinesJS+`("Nguyễn Thị Thu Hà", "")`)
	waitJS(t, ctx, `document.getElementById("field-status").getAttribute("data-pending") === "40"`, 30*time.Second)

	before, _ := net.total()
	up0 := counter.up.Load()
	throttle(t, ctx)
	start = time.Now()
	evalJS(t, ctx, `window.dispatchEvent(new Event("online"))`)
	waitJS(t, ctx, `document.getElementById("field-status").getAttribute("data-pending") === "0"`, 120*time.Second)
	syncTime := time.Since(start)
	after, per := net.total()
	up := counter.up.Load() - up0
	if n := len(e.recorded(in.ID)); n != 40 {
		t.Fatalf("%d lines recorded, want 40", n)
	}
	var syncDown float64
	for u, b := range per {
		if strings.HasSuffix(u, "/field/sync") {
			syncDown += b
		}
	}
	t.Logf("3G (750 kbit/s down, 250 kbit/s up, 100 ms latency): field page with 40 lines loaded in %v, %.0f bytes received",
		loadTime.Round(time.Millisecond), loadBytes)
	t.Logf("3G: 40 lines synced in %v: %d bytes sent (request bodies), %.0f bytes received (answers, headers included; %.0f for /sync)",
		syncTime.Round(time.Millisecond), up, after-before, syncDown)
}

// With JavaScript off, the page is plain forms: one line answered and
// posted, the page comes back saying it is sent.
func TestFieldFormWithoutJavaScriptInBrowser(t *testing.T) {
	browser := browsertest.New(t)
	e := newEnv(t)
	in := e.fieldInspection(3)
	ctx, done := fieldTab(t, e, browser, "thanhtra")
	defer done()
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	line := "#line-" + itoa(in.Lines[1].ID)
	if err := chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/inspections/"+itoa(in.ID)+"/field"), pageLoaded(),
		chromedp.Click(chromedp.CSS(line+` input[value="not_observed"]`)),
		chromedp.SendKeys(chromedp.CSS(line+` textarea`), "Không có người dân chờ."),
		chromedp.Click(chromedp.CSS(line+` button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	); err != nil {
		t.Fatal(err)
	}
	state, _ := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(line+` .fw-state`)))
	if !strings.Contains(state, "Đã gửi: Không quan sát được") {
		t.Errorf("line says %q", state)
	}
	got := e.recorded(in.ID)
	if len(got) != 1 || got[0].ID != in.Lines[1].ID || got[0].Result != inspection.ResultNotObserved || got[0].Note != "Không có người dân chờ." {
		t.Fatalf("recorded %+v", got)
	}
}
