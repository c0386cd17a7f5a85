package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/org"
	"congvu/web"
)

// mkOfficial adds an official to a unit of the test tree.
func (e *env) mkOfficial(unit, code, name, position string) *org.Official {
	e.t.Helper()
	o, err := e.svc.Officials.CreateOfficial(sysCtx(), org.OfficialInput{UnitID: e.units[unit].ID, EmployeeCode: code, FullName: name,
		Position: position, Category: org.CategoryCivilServant})
	if err != nil {
		e.t.Fatal(err)
	}
	return o
}

// feedbackOf lists the stored ratings of a unit's subtree, newest first.
func (e *env) feedbackOf(unit string) []*feedback.Feedback {
	e.t.Helper()
	list, _, err := e.svc.Feedback.FindFeedback(sysCtx(), feedback.Filter{UnitID: e.units[unit].ID, Limit: 500})
	if err != nil {
		e.t.Fatal(err)
	}
	return list
}

var hiddenInput = regexp.MustCompile(`<input type="hidden" name="([a-z-]+)" value="([^"]*)">`)

// formValues returns the hidden fields of the rating form in body, with the
// given answers added.
func formValues(t *testing.T, body string, kv ...string) url.Values {
	t.Helper()
	v := url.Values{}
	for _, m := range hiddenInput.FindAllStringSubmatch(body, -1) {
		v.Set(m[1], m[2])
	}
	if v.Get("t") == "" || v.Get("k") == "" {
		t.Fatalf("the form lacks its stamp or idempotency key:\n%s", body)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func TestRatingPage(t *testing.T) {
	e := newEnv(t)
	o := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Phó Chánh Văn phòng")
	c := e.client()
	r := c.get("/danh-gia/" + o.BadgeToken)
	r.want(t, http.StatusOK, "Nguyễn Thị Thu Hà", "Phó Chánh Văn phòng", "Sở Nội vụ tỉnh Thái Bình",
		"Rất hài lòng", "Hài lòng", "Không hài lòng", `name="satisfaction"`, "(bắt buộc)",
		"Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15", "Địa chỉ mạng (IP) không lưu nguyên dạng", "không bắt buộc",
		`<input type="text" id="f-website" name="website" value="" tabindex="-1" autocomplete="off">`, `<label for="f-website">Xin để trống ô này</label>`,
		`name="comment"`, `name="dossier_code"`, `name="contact"`, `action="/danh-gia/`+o.BadgeToken+`"`)
	for _, code := range feedback.FourXinCodes {
		r.want(t, http.StatusOK, feedback.FourXinQuestions[code], `name="a-`+code+`" value="co"`, `name="a-`+code+`" value="khong"`)
	}
	// No script, no staff stylesheet, no third-party address, no style
	// attribute; the small citizen stylesheet is inlined so that the first
	// response renders alone, and allowed by its hash in the CSP.
	r.lacks(t, "<script", "app.", "style=", "https://", "Đăng nhập", `rel="stylesheet"`)
	if strings.Contains(strings.ReplaceAll(r.Body, e.ts.URL, ""), "http://") {
		t.Fatal("the rating page names another site")
	}
	wantInlinedStyles(t, r, "citizen.css")
	if len(r.Body) > 30*1024 {
		t.Fatalf("the rating page is %d bytes, over 30 KB", len(r.Body))
	}
	t.Logf("rating page %d bytes, citizen.css inlined", len(r.Body))
	if r.Header.Get("Set-Cookie") != "" {
		t.Fatalf("the public page sets a cookie: %s", r.Header.Get("Set-Cookie"))
	}

	// Unknown and replaced tokens: a friendly 404 in the citizen layout.
	c.get("/danh-gia/khong-co-ma-nay").want(t, http.StatusNotFound, "Mã QR không còn hiệu lực", "<style>").lacks(t, "app.", `rel="stylesheet"`)
	if _, err := e.svc.Officials.ReissueBadge(sysCtx(), o.ID); err != nil {
		t.Fatal(err)
	}
	c.get("/danh-gia/"+o.BadgeToken).want(t, http.StatusNotFound, "Mã QR không còn hiệu lực")
	c.get("/danh-gia/cam-on").want(t, http.StatusOK, "Xin cảm ơn!", "đã được ghi nhận")
}

func TestRatingSubmit(t *testing.T) {
	e := newEnv(t)
	o := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Chuyên viên")
	c := e.client()
	path := "/danh-gia/" + o.BadgeToken
	page := c.get(path).want(t, http.StatusOK).Body

	// Missing satisfaction: the form again, with the message and all that
	// was typed.
	bad := formValues(t, page, "comment", "Cán bộ rất tận tình, hướng dẫn kỹ.", "a-GT-XC", "co", "a-GT-XL", "khong",
		"contact", "0912 345 678", "dossier_code", "H57-0099")
	r := c.post(path, bad)
	r.want(t, http.StatusBadRequest, "Chưa gửi được đánh giá", "Xin chọn mức độ hài lòng", `href="#f-satisfaction"`, `id="f-satisfaction"`,
		"Cán bộ rất tận tình, hướng dẫn kỹ.", `value="0912 345 678"`, `value="H57-0099"`,
		`name="a-GT-XC" value="co" checked`, `name="a-GT-XL" value="khong" checked`, `name="a-GT-XCO" value="" checked`)
	if got := formValues(t, r.Body); got.Get("t") != bad.Get("t") || got.Get("k") != bad.Get("k") {
		t.Fatal("the re-rendered form lost its stamp or idempotency key")
	}
	// A tampered answer is refused with a message on its question.
	c.post(path, formValues(t, page, "satisfaction", "satisfied", "a-GT-GD", "có lẽ")).want(t, http.StatusBadRequest, "xin chọn Có hoặc Không", `href="#f-a-GT-GD"`)
	if n := len(e.feedbackOf("34")); n != 0 {
		t.Fatalf("%d ratings stored from invalid forms", n)
	}

	// A good rating, posted at once: stored, but flagged as filled too fast.
	good := formValues(t, page, "satisfaction", "very_satisfied", "a-GT-XC", "co", "a-GT-XL", "khong", "a-GT-LN", "co",
		"comment", "Cán bộ rất  tận tình.", "contact", "0912 345 678")
	r = c.post(path, good)
	r.want(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/danh-gia/cam-on" {
		t.Fatalf("redirect to %q", loc)
	}
	// The same form posted twice (a double tap, a back button) is one rating.
	c.post(path, good).want(t, http.StatusSeeOther)
	list := e.feedbackOf("34")
	if len(list) != 1 {
		t.Fatalf("%d ratings stored, want 1", len(list))
	}
	f := list[0]
	if f.OfficialID != o.ID || f.Channel != feedback.ChannelBadge || f.Satisfaction != feedback.VerySatisfied || f.Comment != "Cán bộ rất tận tình." ||
		f.Contact != "0912 345 678" || len(f.Answers) != 3 || !f.Answers["GT-XC"] || f.Answers["GT-XL"] || !f.Answers["GT-LN"] {
		t.Fatalf("stored %+v", f)
	}
	if f.Status != feedback.Flagged || !strings.Contains(f.FlagReason, "nhanh") {
		t.Fatalf("an instant submit is %s (%q), want flagged as too fast", f.Status, f.FlagReason)
	}

	// A forged stamp counts as too fast as well.
	forged := formValues(t, c.get(path).Body, "satisfaction", "satisfied")
	forged.Set("t", "1.AAAAAAAAAAAAAAAAAAAAAA")
	c.post(path, forged).want(t, http.StatusSeeOther)

	// The honeypot: the robot is thanked, the rating kept as rejected.
	c.post(path, formValues(t, c.get(path).Body, "satisfaction", "dissatisfied", "website", "http://spam.example")).want(t, http.StatusSeeOther)
	byStatus := map[feedback.Status]int{}
	for _, f := range e.feedbackOf("34") {
		byStatus[f.Status]++
	}
	if byStatus[feedback.Flagged] != 2 || byStatus[feedback.Rejected] != 1 {
		t.Fatalf("statuses %v, want 2 flagged and 1 rejected", byStatus)
	}

	// A form filled in at a human pace is accepted.
	slow := formValues(t, c.get(path).Body, "satisfaction", "satisfied", "a-GT-GD", "co")
	time.Sleep(feedback.MinFillTime + 100*time.Millisecond)
	c.post(path, slow).want(t, http.StatusSeeOther)
	if f := e.feedbackOf("34")[0]; f.Status != feedback.Accepted || !f.Answers["GT-GD"] {
		t.Fatalf("a slow fill is %s (%q)", f.Status, f.FlagReason)
	}
}

func TestRatingCounterAndDossier(t *testing.T) {
	e := newEnv(t)
	o := e.mkOfficial("34.SNV", "SNV-1", "Trần Văn Minh", "Chuyên viên")
	c := e.client()
	tok, err := e.svc.Feedback.UnitToken(sysCtx(), e.units["34.SNV"].ID)
	if err != nil {
		t.Fatal(err)
	}
	path := "/danh-gia/don-vi/" + tok
	page := c.get(path).want(t, http.StatusOK, "Anh/chị đang đánh giá đơn vị", "Sở Nội vụ tỉnh Thái Bình").Body
	c.post(path, formValues(t, page, "satisfaction", "satisfied", "dossier_code", "H57-7")).want(t, http.StatusSeeOther)
	if f := e.feedbackOf("34")[0]; f.Channel != feedback.ChannelCounter || f.OfficialID != 0 || f.UnitID != e.units["34.SNV"].ID || f.DossierCode != "H57-7" || f.Verified {
		t.Fatalf("counter rating %+v", f)
	}

	// A returned dossier's one-time link: verified, and only once.
	now := time.Now()
	returned := now.Add(-time.Hour)
	d, err := e.svc.Feedback.RegisterDossier(sysCtx(), feedback.DossierInput{Code: "000.00.34.H57-0012", UnitCode: "34.SNV", OfficialCode: "SNV-1",
		ProcedureName: "Cấp phép", ReceivedAt: now.Add(-72 * time.Hour), DueAt: now.Add(-24 * time.Hour), ReturnedAt: &returned})
	if err != nil {
		t.Fatal(err)
	}
	path = "/danh-gia/ho-so/" + d.RatingToken
	page = c.get(path).want(t, http.StatusOK, "Trần Văn Minh", "Hồ sơ số <strong>000.00.34.H57-0012</strong>").Body
	if strings.Contains(page, `name="dossier_code"`) {
		t.Fatal("the dossier link asks for the dossier code")
	}
	c.post(path, formValues(t, page, "satisfaction", "dissatisfied", "comment", "Trễ hẹn một ngày.")).want(t, http.StatusSeeOther)
	f := e.feedbackOf("34")[0]
	if f.Channel != feedback.ChannelDossier || !f.Verified || f.DossierCode != "000.00.34.H57-0012" || f.OfficialID != o.ID {
		t.Fatalf("dossier rating %+v", f)
	}
	c.get(path).want(t, http.StatusConflict, "Hồ sơ này đã được đánh giá")
	// The same form sent again is a double submit of that one rating...
	c.post(path, formValues(t, page, "satisfaction", "dissatisfied", "comment", "Trễ hẹn một ngày.")).want(t, http.StatusSeeOther)
	// ...but a second rating (a form from another tab, opened earlier) is refused.
	c.post(path, formValues(t, page, "satisfaction", "satisfied", "k", "tab-thu-hai")).want(t, http.StatusConflict, "Hồ sơ này đã được đánh giá")
	n := 0
	for _, f := range e.feedbackOf("34") {
		if f.Channel == feedback.ChannelDossier {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d ratings of one dossier", n)
	}
}

func TestRatingLimitsAndProtection(t *testing.T) {
	e := newEnv(t)
	o := e.mkOfficial("34.SNV", "SNV-1", "Trần Văn Minh", "")
	c := e.client()
	path := "/danh-gia/" + o.BadgeToken
	page := c.get(path).Body

	// Cross-origin posts are refused; the browser's same-origin post works.
	form := formValues(t, page, "satisfaction", "satisfied")
	c.post(path, form, "Sec-Fetch-Site", "cross-site").want(t, http.StatusForbidden)
	c.post(path, form, "Origin", "https://evil.example").want(t, http.StatusForbidden)
	c.post(path, form, "Sec-Fetch-Site", "same-origin", "Origin", e.ts.URL).want(t, http.StatusSeeOther)

	// An oversized body is refused before it is read.
	big := formValues(t, page, "satisfaction", "satisfied", "comment", strings.Repeat("ý kiến ", 20000))
	c.post(path, big).want(t, http.StatusRequestEntityTooLarge)

	// A one-stop centre's Wi-Fi: a hundred people rating a hundred
	// officials from one address are all counted.
	pages := map[string]string{}
	for i := range 100 {
		o := e.mkOfficial("34.SNV", fmt.Sprintf("SNV-W%03d", i), fmt.Sprintf("Cán Bộ Số %d", i), "")
		pages["/danh-gia/"+o.BadgeToken] = c.get("/danh-gia/" + o.BadgeToken).Body
	}
	time.Sleep(feedback.MinFillTime + 100*time.Millisecond) // filled by people
	for p, body := range pages {
		c.post(p, formValues(t, body, "satisfaction", "satisfied")).want(t, http.StatusSeeOther)
	}
	counted := 0
	for _, f := range e.feedbackOf("34") {
		if f.Status == feedback.Accepted {
			counted++
		}
	}
	if counted < 100 {
		t.Fatalf("%d of the hundred ratings from one address counted", counted)
	}

	// A flood from the address (the rest of the hour's hard cap, sent
	// straight to the service): the next form is refused politely, and
	// comes back with what was typed, to send again later.
	flood := congvu.NewContextWithMeta(context.Background(), congvu.RequestMeta{IP: "127.0.0.1"})
	for range feedback.MaxPerAddressPerHour {
		if _, err := e.svc.Feedback.Submit(flood, feedback.Input{BadgeToken: o.BadgeToken, Satisfaction: feedback.Satisfied}); congvu.ErrorCode(err) == congvu.ELIMIT {
			break
		} else if err != nil {
			t.Fatal(err)
		}
	}
	comment := "Chị Minh hướng dẫn rất tận tình, cảm ơn chị."
	r := c.post(path, formValues(t, page, "satisfaction", "very_satisfied", "comment", comment, "a-GT-XC", "co", "k", "mot-lan-qua-nhieu"))
	r.want(t, http.StatusTooManyRequests, "Xin vui lòng gửi lại sau", "quá nhiều đánh giá", ">"+comment+"</textarea>",
		`value="very_satisfied" id="f-satisfaction" checked`, `name="a-GT-XC" value="co" checked`, `<form method="post" action="`+path+`"`).lacks(t, `value="mot-lan-qua-nhieu"`)
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
	refused := 0
	for _, f := range e.feedbackOf("34") {
		if f.Status == feedback.Rejected && f.Comment == comment {
			refused++
		}
	}
	if refused != 1 {
		t.Fatalf("%d refused ratings with the comment kept, want 1 (the refusal is recorded)", refused)
	}
}

// kioskKey creates a kiosk through the staff page and returns its device
// key, read from the page that shows it once.
func kioskKey(t *testing.T, e *env, staff *client, unit string) string {
	t.Helper()
	r := staff.post("/units/"+itoa(e.units[unit].ID)+"/kiosks", url.Values{"name": {"Quầy số 1"}})
	r.want(t, http.StatusOK, "Đã tạo máy đánh giá", "chỉ hiển thị một lần", `src="data:image/png;base64,`)
	m := regexp.MustCompile(`value="http://[^/"]+/kiosk/([a-z0-9]+)"`).FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("no kiosk URL on the page:\n%s", r.Body)
	}
	if r.Header.Get("Cache-Control") != "no-store" {
		t.Fatal("the page showing a device key may be cached")
	}
	return m[1]
}

// postJSON posts a kiosk rating as kiosk.js does (same origin).
func postJSON(t *testing.T, e *env, path string, v any) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(v)
	req, _ := http.NewRequest("POST", e.ts.URL+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", e.ts.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatalf("%s: not JSON: %v", path, err)
	}
	return res.StatusCode, out
}

func TestKiosk(t *testing.T) {
	e := newEnv(t)
	ha := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Chuyên viên")
	e.mkOfficial("34.SNV", "SNV-2", "Trần Văn Minh", "Phó Giám đốc")
	far := e.mkOfficial("01", "HN-1", "Đỗ Văn Xa", "")
	staff := e.client().login("noivu")
	unitPath := "/units/" + itoa(e.units["34.SNV"].ID) + "/kiosks"
	staff.get(unitPath).want(t, http.StatusOK, "Mã QR của đơn vị", "Chưa có máy đánh giá nào", "Cấp mã QR cho đơn vị")
	staff.post("/units/"+itoa(e.units["34.SNV"].ID)+"/qr/reissue", url.Values{}).want(t, http.StatusSeeOther)
	staff.get(unitPath).want(t, http.StatusOK, "/danh-gia/don-vi/")
	staff.post(unitPath, url.Values{"name": {""}}).want(t, http.StatusBadRequest, "Xin đặt tên cho máy")
	key := kioskKey(t, e, staff, "34.SNV")
	staff.get(unitPath).want(t, http.StatusOK, "Quầy số 1", "Đang dùng").lacks(t, key)
	base := "/kiosk/" + key

	// The start screen: the unit's officials, and the counter as a whole.
	c := e.client()
	r := c.get(base)
	r.want(t, http.StatusOK, "Anh/chị vừa làm việc với cán bộ nào?", "Nguyễn Thị Thu Hà", "Trần Văn Minh", "Phó Giám đốc",
		base+"/danh-gia?can-bo="+itoa(ha.ID), "Đánh giá chung: Sở Nội vụ tỉnh Thái Bình", `<template id="kiosk-form">`, "kiosk.", `data-kiosk="`+base+`"`)
	r.lacks(t, "Đỗ Văn Xa", ha.BadgeToken, "<script>", `http-equiv="refresh"`)

	// Without JavaScript: the form page, a plain post, the thanks that
	// returns to the start by itself.
	page := c.get(base+"/danh-gia?can-bo="+itoa(ha.ID)).want(t, http.StatusOK, "Nguyễn Thị Thu Hà", "‹ Chọn lại cán bộ").Body
	c.get(base+"/danh-gia?can-bo="+itoa(far.ID)).want(t, http.StatusNotFound)
	form := formValues(t, page, "satisfaction", "very_satisfied", "a-GT-MC", "co")
	if form.Get("can-bo") != itoa(ha.ID) {
		t.Fatalf("hidden official %q", form.Get("can-bo"))
	}
	r = c.post(base+"/danh-gia", form)
	r.want(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != base+"/cam-on" {
		t.Fatalf("redirect to %q", loc)
	}
	c.get(base+"/cam-on").want(t, http.StatusOK, "Xin cảm ơn!", `<meta http-equiv="refresh" content="5; url=`+base+`">`)
	c.post(base+"/danh-gia", formValues(t, page, "can-bo", itoa(far.ID), "satisfaction", "satisfied")).want(t, http.StatusNotFound)
	list := e.feedbackOf("34")
	if len(list) != 1 || list[0].Channel != feedback.ChannelKiosk || list[0].OfficialID != ha.ID || !list[0].Answers["GT-MC"] {
		t.Fatalf("kiosk form ratings %+v", list)
	}

	// The JSON queue endpoint: the same idempotency key twice is one rating.
	rating := map[string]any{"idempotency_key": "2b0c7a4e-3f1d-4c55-9a8e-1d2f3a4b5c6d", "official_id": ha.ID, "satisfaction": "satisfied",
		"answers": map[string]bool{"GT-XC": true, "GT-XP": false}, "comment": "Nhanh gọn.", "fill_ms": 15000}
	st, first := postJSON(t, e, base+"/ratings", rating)
	if st != http.StatusOK || first["ok"] != true || first["status"] != "accepted" {
		t.Fatalf("first send: %d %v", st, first)
	}
	st, again := postJSON(t, e, base+"/ratings", rating)
	if st != http.StatusOK || again["id"] != first["id"] {
		t.Fatalf("second send: %d %v, want the first rating %v", st, again, first["id"])
	}
	if n := len(e.feedbackOf("34")); n != 2 {
		t.Fatalf("%d ratings after sending one twice, want 2", n)
	}
	// Ratings that can never be stored are answered 400 (the queue drops them).
	st, out := postJSON(t, e, base+"/ratings", map[string]any{"idempotency_key": "k-2", "satisfaction": ""})
	if st != http.StatusBadRequest || out["error"].(map[string]any)["fields"].(map[string]any)["satisfaction"] == nil {
		t.Fatalf("invalid rating: %d %v", st, out)
	}
	st, _ = postJSON(t, e, base+"/ratings", map[string]any{"satisfaction": "satisfied"})
	if st != http.StatusBadRequest {
		t.Fatalf("rating without idempotency key: %d", st)
	}
	st, _ = postJSON(t, e, base+"/ratings", map[string]any{"idempotency_key": "k-3", "satisfaction": "satisfied", "official_id": far.ID})
	if st != http.StatusBadRequest {
		t.Fatalf("official of another unit: %d", st)
	}

	// Revoked: every kiosk page and the queue answer 404 (the queue keeps
	// its ratings).
	kiosks, err := e.svc.Feedback.FindKiosks(sysCtx(), e.units["34.SNV"].ID)
	if err != nil || len(kiosks) != 1 {
		t.Fatal(kiosks, err)
	}
	staff.post(unitPath+"/revoke", url.Values{}).want(t, http.StatusBadRequest)
	staff.post(unitPath+"/revoke", url.Values{"kiosk": {itoa(kiosks[0].ID)}}).want(t, http.StatusSeeOther)
	c.get(base).want(t, http.StatusNotFound, "Máy đánh giá chưa sẵn sàng")
	rating["idempotency_key"] = "9d1e2f30-0000-4000-8000-000000000001"
	if st, _ := postJSON(t, e, base+"/ratings", rating); st != http.StatusNotFound {
		t.Fatalf("revoked kiosk JSON: %d", st)
	}
	staff.get(unitPath).want(t, http.StatusOK, "Đã thu hồi")
}

// decodeQR reads a QR code with zbarimg when it is installed ("" else).
func decodeQR(t *testing.T, img []byte) string {
	t.Helper()
	bin, err := exec.LookPath("zbarimg")
	if err != nil {
		t.Log("zbarimg not installed: QR content not checked")
		return ""
	}
	cmd := exec.Command(bin, "--quiet", "--raw", "-")
	cmd.Stdin = bytes.NewReader(img)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	return strings.TrimSpace(string(out))
}

func TestQRCodes(t *testing.T) {
	e := newEnv(t)
	o := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "")
	staff := e.client().login("noivu")
	r := staff.get("/officials/" + itoa(o.ID) + "/qr.png")
	r.want(t, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); ct != "image/png" {
		t.Fatalf("content type %q", ct)
	}
	img, err := png.Decode(strings.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 512 || b.Dy() != 512 {
		t.Fatalf("QR image %v, want 512×512", b)
	}
	if got := decodeQR(t, []byte(r.Body)); got != "" && got != e.ts.URL+"/danh-gia/"+o.BadgeToken {
		t.Fatalf("the badge QR reads %q", got)
	}
	small := staff.get("/officials/" + itoa(o.ID) + "/qr.png?size=5")
	if img, err := png.Decode(strings.NewReader(small.Body)); err != nil || img.Bounds().Dx() != 128 {
		t.Fatalf("clamped size: %v %v", err, img)
	}

	unitID := itoa(e.units["34.SNV"].ID)
	staff.post("/units/"+unitID+"/qr/reissue", url.Values{}).want(t, http.StatusSeeOther) // the first code
	r = staff.get("/units/" + unitID + "/qr.png")
	r.want(t, http.StatusOK)
	first := decodeQR(t, []byte(r.Body))
	tok, err := e.svc.Feedback.UnitToken(sysCtx(), e.units["34.SNV"].ID)
	if err != nil {
		t.Fatal(err)
	}
	if first != "" && first != e.ts.URL+"/danh-gia/don-vi/"+tok {
		t.Fatalf("the unit QR reads %q", first)
	}
	// Reissue needs the confirmation; then the old code stops working.
	staff.post("/units/"+unitID+"/qr/reissue", url.Values{}).want(t, http.StatusBadRequest, "Xin đánh dấu ô xác nhận")
	staff.post("/units/"+unitID+"/qr/reissue", url.Values{"confirm": {"on"}}).want(t, http.StatusSeeOther)
	e.client().get("/danh-gia/don-vi/"+tok).want(t, http.StatusNotFound, "Mã QR không còn hiệu lực")
	staff.get("/units/"+unitID+"/kiosks?ok=cap-lai-ma-don-vi").want(t, http.StatusOK, "Đã cấp lại mã QR").lacks(t, tok)

	// An inspector may not print codes; a supervisor of Hà Nội does not see
	// the unit.
	e.client().login("thanhtra").get("/units/"+unitID+"/qr.png").want(t, http.StatusForbidden)
	e.client().login("hanoi").get("/units/"+unitID+"/qr.png").want(t, http.StatusNotFound)

	// With a public address configured, codes and pages use it.
	srv, err := web.New(web.Options{Services: e.svc, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), PublicURL: "https://congvu.thaibinh.gov.vn/"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	e.ts.Config.Handler = srv.Handler()
	r = staff.get("/units/" + unitID + "/kiosks")
	r.want(t, http.StatusOK, "https://congvu.thaibinh.gov.vn/danh-gia/don-vi/")
	if got := decodeQR(t, []byte(staff.get("/officials/"+itoa(o.ID)+"/qr.png").Body)); got != "" && got != "https://congvu.thaibinh.gov.vn/danh-gia/"+o.BadgeToken {
		t.Fatalf("QR with a public URL reads %q", got)
	}
}

var pdfPage = regexp.MustCompile(`/Type /Page\b[^s]`)

// wantPDF checks a PDF answer: type, header, pages, embedded fonts.
func wantPDF(t *testing.T, r *resp, pages int) {
	t.Helper()
	r.want(t, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Fatalf("content type %q:\n%s", ct, r.Body)
	}
	if !strings.HasPrefix(r.Body, "%PDF-") {
		t.Fatal("not a PDF")
	}
	if n := len(pdfPage.FindAllString(r.Body, -1)); n != pages {
		t.Fatalf("%d pages, want %d", n, pages)
	}
	if !strings.Contains(r.Body, "/FontFile2") || !strings.Contains(r.Body, "/BaseFont /utf8liberation") {
		t.Fatal("fonts not embedded")
	}
}

func TestBadgeSheetAndPoster(t *testing.T) {
	e := newEnv(t)
	for i := 1; i <= 12; i++ {
		e.mkOfficial("34.SNV", fmt.Sprintf("SNV-%02d", i), fmt.Sprintf("Nguyễn Văn Số %d", i), "Chuyên viên")
	}
	gone := e.mkOfficial("34.SNV", "SNV-99", "Người Đã Nghỉ", "")
	if _, err := e.svc.Officials.SetOfficialActive(sysCtx(), gone.ID, false); err != nil {
		t.Fatal(err)
	}
	staff := e.client().login("noivu")
	snv := "/units/" + itoa(e.units["34.SNV"].ID)
	r := staff.get(snv + "/badges.pdf")
	wantPDF(t, r, 2) // 12 active officials, 10 a page
	if !strings.Contains(r.Header.Get("Content-Disposition"), "the-danh-gia-so-noi-vu-tinh-thai-binh.pdf") {
		t.Fatalf("file name %q", r.Header.Get("Content-Disposition"))
	}
	wantPDF(t, staff.get("/units/"+itoa(e.units["34"].ID)+"/badges.pdf?gom=on"), 2)
	staff.get("/units/"+itoa(e.units["34"].ID)+"/badges.pdf").want(t, http.StatusBadRequest, "chưa có cán bộ")
	staff.post(snv+"/qr/reissue", url.Values{}).want(t, http.StatusSeeOther) // the poster shows the unit's code
	wantPDF(t, staff.get(snv+"/poster.pdf"), 1)
	e.client().login("hanoi").get(snv+"/badges.pdf").want(t, http.StatusNotFound)
}

// The apology slip: issued before the due date by the agency at fault (not
// the unit that received the dossier), once per dossier, never for a
// returned one; recorded, listed per unit and printed.
func TestApologySlip(t *testing.T) {
	e := newEnv(t)
	ctx := sysCtx()
	commune, err := e.svc.Units.CreateUnit(ctx, org.UnitInput{Code: "34.DH", Name: "Xã Đông Hưng", Kind: org.KindCommune, TypeName: "Xã", ParentID: e.units["34"].ID})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	returned := now.Add(-time.Hour)
	for _, d := range []feedback.DossierInput{
		{Code: "H57-TRE", UnitCode: "34.DH", DelayUnitCode: "34.SNV", ProcedureName: "Cấp giấy phép xây dựng", ReceivedAt: now.Add(-96 * time.Hour),
			DueAt: now.Add(72 * time.Hour), DelayReason: "Chờ ý kiến thẩm định của Sở"},
		{Code: "H57-TRA", UnitCode: "34.SNV", ReceivedAt: now.Add(-96 * time.Hour), DueAt: now.Add(72 * time.Hour), ReturnedAt: &returned},
		{Code: "H57-QUA", UnitCode: "34.SNV", ReceivedAt: now.Add(-96 * time.Hour), DueAt: now.Add(-2 * time.Hour)},
	} {
		if _, err := e.svc.Feedback.RegisterDossier(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	staff := e.client().login("noivu")
	snv, dh := "/units/"+itoa(e.units["34.SNV"].ID), "/units/"+itoa(commune.ID)
	staff.get(snv+"/dossiers").want(t, http.StatusOK, "Tìm hồ sơ")
	staff.get(snv+"/dossiers?code=KHONG-CO").want(t, http.StatusNotFound, "không có hồ sơ mã")
	// The receiving commune is not the agency at fault: no form, the reason.
	staff.get(dh+"/dossiers?code=H57-TRE").want(t, http.StatusOK, "do cơ quan để chậm giải quyết lập: Sở Nội vụ tỉnh Thái Bình").lacks(t, "/dossiers/apology")
	q := url.Values{"code": {"H57-TRE"}, "recipient": {"Ông Nguyễn Văn Hùng"}, "recipient_address": {"Thôn Đông, xã Đông Hưng"},
		"reason": {"Chờ ý kiến thẩm định"}, "number": {"12/PXL"}, "new_due_at": {now.Add(10 * 24 * time.Hour).In(congvu.TimeZone).Format("2006-01-02")},
		"signer_title": {"Giám đốc"}, "signer": {"Phạm Văn Đức"}, "copies_to": {"Chủ tịch UBND xã Đông Hưng"}}
	staff.post(dh+"/dossiers/apology", q).want(t, http.StatusBadRequest, "do cơ quan để chậm giải quyết lập")
	// The agency at fault finds it, with the registered reason.
	staff.get(snv+"/dossiers?code=H57-TRE").want(t, http.StatusOK, "Chưa quá hẹn", "Sở Nội vụ tỉnh Thái Bình", "Chờ ý kiến thẩm định của Sở", `action="`+snv+`/dossiers/apology"`)
	bad := url.Values{"code": {"H57-TRE"}, "new_due_at": {"31/02/2026"}}
	staff.post(snv+"/dossiers/apology", bad).want(t, http.StatusBadRequest, "Xin nhập địa chỉ của người nộp hồ sơ", "Ngày hẹn trả mới không đúng dạng")
	r := staff.post(snv+"/dossiers/apology", q)
	r.want(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); !strings.HasPrefix(loc, snv+"/apology-slips") {
		t.Fatalf("issued: to %q", loc)
	}
	staff.get(snv+"/apology-slips?ok=lap-phieu-xin-loi").want(t, http.StatusOK, "Đã lập phiếu xin lỗi", "H57-TRE", "12/PXL", "In phiếu")
	// Once per dossier; never for a returned one, nor on or after the due date.
	staff.post(snv+"/dossiers/apology", q).want(t, http.StatusBadRequest, "mỗi hồ sơ chỉ được hẹn lại một lần")
	staff.get(snv+"/dossiers?code=H57-TRE").want(t, http.StatusOK, "Đã lập phiếu số 12/PXL", "chỉ được hẹn lại một lần").lacks(t, `action="`+snv+`/dossiers/apology"`)
	q.Set("code", "H57-TRA")
	staff.get(snv+"/dossiers?code=H57-TRA").want(t, http.StatusOK, "không lập phiếu xin lỗi và hẹn lại cho hồ sơ đã trả")
	staff.post(snv+"/dossiers/apology", q).want(t, http.StatusBadRequest, "không lập phiếu xin lỗi và hẹn lại cho hồ sơ đã trả")
	q.Set("code", "H57-QUA")
	staff.post(snv+"/dossiers/apology", q).want(t, http.StatusBadRequest, "phải lập trước ngày hẹn trả")
	e.client().login("thanhtra").post(snv+"/dossiers/apology", q).want(t, http.StatusForbidden)

	// Listed under the agency at fault and its province, not the commune;
	// printed from the record.
	var slipID int64
	if err := e.db.Read.QueryRow(`SELECT id FROM apology_slips`).Scan(&slipID); err != nil {
		t.Fatal(err)
	}
	staff.get(dh+"/apology-slips").want(t, http.StatusOK, "Chưa có phiếu nào")
	staff.get("/units/"+itoa(e.units["34"].ID)+"/apology-slips").want(t, http.StatusOK, "H57-TRE")
	e.client().login("thanhtra").get(snv+"/apology-slips").want(t, http.StatusOK, "H57-TRE")
	// Counted on the unit's satisfaction dashboard.
	staff.get("/dashboards/units/"+itoa(e.units["34"].ID)).want(t, http.StatusOK, "1 phiếu xin lỗi và hẹn lại ngày trả kết quả</a>")
	staff.get("/dashboards/units/"+itoa(commune.ID)).want(t, http.StatusOK).lacks(t, "phiếu xin lỗi và hẹn lại ngày trả kết quả</a>")
	print := snv + "/apology-slips/print?phieu=" + itoa(slipID)
	r = staff.get(print)
	wantPDF(t, r, 1)
	staff.get(dh+"/apology-slips/print?phieu="+itoa(slipID)).want(t, http.StatusNotFound)
	e.client().login("hanoi").get(print).want(t, http.StatusNotFound)
	if bin, err := exec.LookPath("pdftotext"); err == nil {
		cmd := exec.Command(bin, "-", "-")
		cmd.Stdin = strings.NewReader(r.Body)
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(out)), " ")
		for _, want := range []string{"UBND TỈNH THÁI BÌNH", "SỞ NỘI VỤ TỈNH THÁI BÌNH", "H57-TRE", "Ông Nguyễn Văn Hùng", "Địa chỉ: Thôn Đông",
			"Nơi nhận:", "Xã Đông Hưng (nơi tiếp nhận hồ sơ)", "Chủ tịch UBND xã Đông Hưng", "03/2025/TT-VPCP", "118/2025/NĐ-CP", "GIÁM ĐỐC", "Số: 12/PXL"} {
			if !strings.Contains(text, want) {
				t.Errorf("the slip lacks %q:\n%s", want, text)
			}
		}
	}
}

// Looking at a unit's QR code writes nothing: the token is created when
// staff issue the code (a POST), not by the GET of its image, poster or page.
func TestUnitQRReadsDoNotWrite(t *testing.T) {
	e := newEnv(t)
	staff := e.client().login("noivu")
	unitID := itoa(e.units["34.SNV"].ID)
	counts := func() [2]int {
		t.Helper()
		var c [2]int
		if err := e.db.Read.QueryRow(`SELECT (SELECT COUNT(*) FROM audit_events), (SELECT COUNT(*) FROM unit_tokens)`).Scan(&c[0], &c[1]); err != nil {
			t.Fatal(err)
		}
		return c
	}
	before := counts()
	staff.get("/units/"+unitID+"/kiosks").want(t, http.StatusOK, "Cấp mã QR cho đơn vị").lacks(t, "/danh-gia/don-vi/")
	staff.get("/units/" + unitID + "/qr.png")
	staff.get("/units/" + unitID + "/qr.png")
	staff.get("/units/" + unitID + "/poster.pdf")
	if got := counts(); got != before {
		t.Fatalf("reads wrote: audit rows and tokens %v, were %v", got, before)
	}
	staff.get("/units/"+unitID+"/qr.png").want(t, http.StatusNotFound, "chưa được cấp mã QR")

	// Issuing the code is the write (no confirmation needed: nothing is
	// replaced), audited once; reading it afterwards writes nothing.
	staff.post("/units/"+unitID+"/qr/reissue", url.Values{}).want(t, http.StatusSeeOther)
	issued := counts()
	if issued != [2]int{before[0] + 1, before[1] + 1} {
		t.Fatalf("issuing wrote %v, was %v", issued, before)
	}
	staff.get("/units/"+unitID+"/qr.png").want(t, http.StatusOK)
	staff.get("/units/"+unitID+"/qr.png").want(t, http.StatusOK)
	staff.get("/units/"+unitID+"/kiosks").want(t, http.StatusOK, "/danh-gia/don-vi/")
	if got := counts(); got != issued {
		t.Fatalf("reads wrote: %v, were %v", got, issued)
	}
}

// wantInlinedStyles checks that a citizen page carries the named static
// stylesheets in <style> elements, byte for byte, each allowed by its
// SHA-256 in the response's Content-Security-Policy, and links none.
func wantInlinedStyles(t *testing.T, r *resp, names ...string) {
	t.Helper()
	blocks := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindAllStringSubmatch(r.Body, -1)
	if len(blocks) != len(names) {
		t.Fatalf("%d <style> elements, want %d (%v)", len(blocks), len(names), names)
	}
	csp := r.Header.Get("Content-Security-Policy")
	for i, name := range names {
		want, err := os.ReadFile("static/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if blocks[i][1] != string(want) {
			t.Errorf("<style> %d is not %s as it is", i, name)
		}
		sum := sha256.Sum256([]byte(blocks[i][1]))
		if src := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(csp, "style-src 'self' ") || !strings.Contains(csp, src) {
			t.Errorf("the CSP %q does not allow the inlined %s (%s)", csp, name, src)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("the CSP allows any inline style: %q", csp)
	}
}

// onlyHashedStyles checks that every <style> element of a page is allowed
// by a hash in its Content-Security-Policy.
func onlyHashedStyles(t *testing.T, r *resp) {
	t.Helper()
	csp := r.Header.Get("Content-Security-Policy")
	for _, m := range regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindAllStringSubmatch(r.Body, -1) {
		sum := sha256.Sum256([]byte(m[1]))
		if !strings.Contains(csp, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") {
			t.Errorf("%s: a <style> element the CSP does not allow", r.Request.URL.Path)
		}
	}
}
