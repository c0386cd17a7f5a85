package web_test

import (
	"bytes"
	"context"
	"image/jpeg"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/internal/benchkit"
	"congvu/petition"
	"congvu/web"
)

// The public petition routes: open to everybody (a sample token or unit
// finds nothing: a friendly 404, which public pages may answer).
func init() {
	for k, v := range map[string]expectation{
		"GET /phan-anh":                 {In: everyone},
		"GET /phan-anh/gui":             {In: everyone},
		"POST /phan-anh/gui":            {In: everyone},
		"GET /phan-anh/can-bo/{token}":  {In: everyone},
		"POST /phan-anh/can-bo/{token}": {In: everyone},
		"GET /phan-anh/don-vi/{token}":  {In: everyone},
		"POST /phan-anh/don-vi/{token}": {In: everyone},
		"GET /tra-cuu":                  {In: everyone},
		"POST /tra-cuu":                 {In: everyone},
		"POST /tra-cuu/tin-nhan":        {In: everyone},
		"POST /tra-cuu/rut-don":         {In: everyone},
	} {
		authzTable[k] = v
	}
}

// testJPEG is a small real JPEG with an EXIF (APP1) segment carrying a GPS
// position (benchkit.GPSMarker), as a phone writes it.
func testJPEG(t *testing.T) []byte { return benchkit.Photo(t, 0) }

// upload is a file of a multipart form.
type upload struct {
	name string
	data []byte
}

// postMultipart posts fields (name, value pairs, in order) and then files
// as multipart/form-data, as a browser does.
func (c *client) postMultipart(path string, fields []string, files ...upload) *resp {
	c.e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	for _, f := range files {
		w, _ := mw.CreateFormFile("tep", f.name)
		w.Write(f.data)
	}
	if len(files) == 0 { // the empty file input a browser sends
		mw.CreateFormFile("tep", "")
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

var stampInput = regexp.MustCompile(`<input type="hidden" name="t" value="([^"]+)">`)

// petitionStamp returns the signed render time of the form page body.
func petitionStamp(t *testing.T, body string) string {
	t.Helper()
	m := stampInput.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the petition form has no render time:\n%s", body)
	}
	return m[1]
}

// agedStamps fetches the forms at paths and waits until they count as
// filled by a person; it returns their stamps (each files one petition,
// and may be sent again after a refusal).
func agedStamps(t *testing.T, c *client, paths ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range paths {
		out[p] = petitionStamp(t, c.get(p).want(t, http.StatusOK).Body)
	}
	time.Sleep(petition.MinFillTime + 200*time.Millisecond)
	return out
}

// agedStampList fetches the form at path n times and waits until the forms
// count as filled by a person: n stamps, each good for one petition (a
// form sent again files nothing new).
func agedStampList(t *testing.T, c *client, path string, n int) []string {
	t.Helper()
	var out []string
	for range n {
		out = append(out, petitionStamp(t, c.get(path).want(t, http.StatusOK).Body))
	}
	time.Sleep(petition.MinFillTime + 200*time.Millisecond)
	return out
}

var (
	receiptCode   = regexp.MustCompile(`<code id="pa-code">(PA-[A-Z2-7]{4}-[A-Z2-7]{4})</code>`)
	receiptSecret = regexp.MustCompile(`<code id="pa-secret">([a-z2-7 ]+)</code>`)
)

// receipt reads the tracking code and secret off a receipt page.
func receipt(t *testing.T, r *resp) (code, secret string) {
	t.Helper()
	r.want(t, http.StatusOK, "Đã nhận phản ánh của anh/chị", "chỉ hiển thị một lần", "chọn “In” trong trình đơn")
	c, s := receiptCode.FindStringSubmatch(r.Body), receiptSecret.FindStringSubmatch(r.Body)
	if c == nil || s == nil {
		t.Fatalf("no tracking code or secret on the receipt:\n%s", r.Body)
	}
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("receipt Cache-Control %q, want no-store", cc)
	}
	if !strings.Contains(r.Body, `href="/tra-cuu?ma=`+c[1]+`"`) {
		t.Fatalf("the receipt does not link to tracking:\n%s", r.Body)
	}
	return c[1], s[1]
}

// petitionByCode finds a stored petition (with its attachments) as the
// system.
func (e *env) petitionByCode(code string) *petition.Petition {
	e.t.Helper()
	list, _, err := e.svc.Petitions.FindPetitions(sysCtx(), petition.Filter{Query: code, Limit: 10})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, p := range list {
		if p.TrackingCode == code {
			full, err := e.svc.Petitions.FindPetition(handlerCtx(), p.ID)
			if err != nil {
				e.t.Fatal(err)
			}
			return full
		}
	}
	e.t.Fatalf("no petition %s stored", code)
	return nil
}

// actorCtx is a context acting as the user username.
func (e *env) actorCtx(username string) context.Context {
	e.t.Helper()
	sess, err := e.svc.Users.Authenticate(sysCtx(), username, testPassword)
	if err != nil {
		e.t.Fatal(err)
	}
	a, err := e.svc.Users.ActorBySession(sysCtx(), sess.Token)
	if err != nil {
		e.t.Fatal(err)
	}
	return congvu.NewContextWithActor(context.Background(), a)
}

func (e *env) petitionCount() int {
	e.t.Helper()
	_, n, err := e.svc.Petitions.FindPetitions(sysCtx(), petition.Filter{Limit: 1})
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// citizenPage checks what every public petition page must be: no script,
// no style attribute, no inline style but the hashed citizen stylesheets,
// no other site, no cookie.
func citizenPage(t *testing.T, e *env, r *resp) {
	t.Helper()
	r.lacks(t, "<script", "style=", "https://", "app.")
	onlyHashedStyles(t, r)
	if strings.Contains(strings.ReplaceAll(r.Body, e.ts.URL, ""), "http://") {
		t.Fatalf("%s names another site", r.Request.URL.Path)
	}
	if r.Header.Get("Set-Cookie") != "" {
		t.Fatalf("%s sets a cookie", r.Request.URL.Path)
	}
}

func TestPetitionStartPage(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.get("/").want(t, http.StatusOK, `href="/phan-anh"`)
	r := c.get("/phan-anh")
	r.want(t, http.StatusOK, "Phản ánh hành vi của cán bộ, công chức", "gửi ẩn danh", "không được xem", `role="search"`,
		`<label for="f-q">`, `name="q"`, `href="/tra-cuu"`)
	for _, cat := range petition.Categories {
		r.want(t, http.StatusOK, cat.Label(), htmlText(cat.Hint()))
	}
	citizenPage(t, e, r)

	// Units are found by name, diacritics ignored, or by code; each shows
	// its parent; inactive and non-matching units never.
	c.get("/phan-anh?q="+url.QueryEscape("so noi vu")).want(t, http.StatusOK, `href="/phan-anh/gui?don-vi=34.SNV"`, "Sở Nội vụ tỉnh Thái Bình",
		"Tỉnh Thái Bình · Mã 34.SNV").lacks(t, "Thành phố Hà Nội")
	c.get("/phan-anh?q=34.SNV").want(t, http.StatusOK, `href="/phan-anh/gui?don-vi=34.SNV"`)
	c.get("/phan-anh?q=khong-co-don-vi-nay").want(t, http.StatusOK, "Không tìm thấy đơn vị nào khớp").lacks(t, "/phan-anh/gui?")
}

// htmlText escapes s as html/template prints text.
func htmlText(s string) string { return strings.ReplaceAll(s, `"`, "&#34;") }

func TestPetitionFromBadge(t *testing.T) {
	e := newEnv(t)
	o := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Phó Chánh Văn phòng")
	c := e.client()
	path := "/phan-anh/can-bo/" + o.BadgeToken
	// The badge's rating page leads here.
	c.get("/danh-gia/"+o.BadgeToken).want(t, http.StatusOK, `<a href="`+path+`">Phản ánh hành vi của cán bộ này</a>`)
	r := c.get(path)
	r.want(t, http.StatusOK, "Anh/chị đang phản ánh về cán bộ", "Nguyễn Thị Thu Hà", "Phó Chánh Văn phòng", "Sở Nội vụ tỉnh Thái Bình",
		`enctype="multipart/form-data"`, `action="`+path+`"`, `accept="image/jpeg,image/png,application/pdf"`, "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15",
		"cán bộ bị phản ánh và đơn vị của họ không được xem", "Lưu những gì, đến khi nào", `name="consent"`,
		`<input type="text" id="f-website" name="website" value="" tabindex="-1" autocomplete="off">`, "không quá 10 MB")
	r.lacks(t, `name="subject_text"`) // the badge names the official
	citizenPage(t, e, r)
	// Every input is labelled (radios by their enclosing label), and the
	// file input comes last.
	for _, m := range regexp.MustCompile(`<(?:input type="(?:text|date|email|tel|file|checkbox|search)"|textarea) id="([^"]+)"`).FindAllStringSubmatch(r.Body, -1) {
		if !strings.Contains(r.Body, `<label for="`+m[1]+`">`) {
			t.Errorf("input %s has no label", m[1])
		}
	}
	names := regexp.MustCompile(`<(?:input|textarea|select)[^>]* name="([^"]+)"`).FindAllStringSubmatch(r.Body, -1)
	if last := names[len(names)-1][1]; last != "tep" {
		t.Fatalf("the last input is %q, want the file input", last)
	}

	stamps := agedStampList(t, c, path, 2)
	stamp := stamps[0]
	jpg := testJPEG(t)
	r = c.postMultipart(path, []string{"t", stamp, "website", "", "category", "favours",
		"description", "Cán bộ gợi ý phải “bồi dưỡng” thì mới nhận hồ sơ trong ngày.\r\nTôi đã từ chối.",
		"occurred_at", "2026-01-15", "place", "Bộ phận một cửa, tầng 1", "anonymous", "co"},
		upload{"IMG_2041.jpg", jpg})
	code, secret := receipt(t, r)
	citizenPage(t, e, r)
	if len(strings.ReplaceAll(secret, " ", "")) != 16 || !strings.Contains(secret, " ") {
		t.Fatalf("secret %q, want 16 characters in groups", secret)
	}

	p := e.petitionByCode(code)
	if p.OfficialID != o.ID || p.Channel != petition.ViaBadge || p.Category != petition.Favours || !p.Anonymous ||
		p.Place != "Bộ phận một cửa, tầng 1" || !strings.Contains(p.Description, "Tôi đã từ chối.") || p.OccurredAt == nil ||
		p.OccurredAt.In(congvu.TimeZone).Format("2006-01-02") != "2026-01-15" || len(p.Attachments) != 1 {
		t.Fatalf("stored %+v", p)
	}
	a := p.Attachments[0]
	if a.FileName != "anh-"+a.SHA256[:8]+".jpg" || a.ContentType != "image/jpeg" {
		t.Fatalf("attachment %+v", a)
	}
	_, rc, err := e.svc.Petitions.OpenFile(handlerCtx(), p.ID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := io.ReadAll(rc)
	rc.Close()
	if bytes.Contains(stored, []byte("GPS")) || bytes.Contains(stored, []byte("SN-4411")) || bytes.Contains(stored, []byte("Exif")) {
		t.Fatal("the stored photo still holds its EXIF position")
	}
	if _, err := jpeg.Decode(bytes.NewReader(stored)); err != nil || len(stored) >= len(jpg) {
		t.Fatalf("stored photo: %d bytes (sent %d), decode: %v", len(stored), len(jpg), err)
	}

	// Tracking: the code as typed (lower case, no dashes), the secret with
	// its spaces; the secret never in a URL.
	t1 := e.client()
	t1.get("/tra-cuu?ma="+strings.ToLower(code)).want(t, http.StatusOK, `value="`+code+`"`, `action="/tra-cuu"`, `method="post"`)
	// A code that cannot be one is said so, kept as typed, and costs no
	// lookup; an empty secret is asked for.
	t1.post("/tra-cuu", url.Values{"ma": {"PA-12"}, "ma-bi-mat": {""}}).want(t, http.StatusBadRequest,
		"Mã phản ánh có dạng PA-XXXX-XXXX", `value="PA-12"`, "Xin nhập mã bí mật.")
	r = t1.post("/tra-cuu", url.Values{"ma": {strings.ToLower(strings.ReplaceAll(code, "-", ""))}, "ma-bi-mat": {secret}})
	r.want(t, http.StatusOK, "Phản ánh "+code, "Vòi vĩnh, tham nhũng vặt", "Sở Nội vụ tỉnh Thái Bình", "Tình trạng: Mới tiếp nhận",
		`aria-current="step"`, "Hạn hoàn thành bước này", "Đã gửi phản ánh", "Chưa có tin nhắn nào", `action="/tra-cuu/tin-nhan"`, "ẩn danh")
	r.lacks(t, "Nguyễn Thị Thu Hà") // the reporter's view names no official
	citizenPage(t, e, r)
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("tracking view Cache-Control %q", cc)
	}
	if regexp.MustCompile(`(href|action)="[^"]*` + strings.ReplaceAll(secret, " ", "")).MatchString(r.Body) {
		t.Fatal("the secret appears in a URL")
	}

	// Wrong secret, wrong code: the same words, the code kept, the secret not.
	bad := t1.post("/tra-cuu", url.Values{"ma": {code}, "ma-bi-mat": {"aaaa bbbb cccc dddd"}})
	bad.want(t, http.StatusNotFound, "Mã phản ánh hoặc mã bí mật không đúng", `value="`+code+`"`).lacks(t, "aaaa bbbb")
	t1.post("/tra-cuu", url.Values{"ma": {"PA-AAAA-BBBB"}, "ma-bi-mat": {secret}}).want(t, http.StatusNotFound, "Mã phản ánh hoặc mã bí mật không đúng")
	t1.post("/tra-cuu", url.Values{"ma": {""}, "ma-bi-mat": {""}}).want(t, http.StatusBadRequest, "Xin nhập mã phản ánh.", "Xin nhập mã bí mật.")

	// Messages: the reporter writes, the agency answers, both show.
	form := url.Values{"ma": {code}, "ma-bi-mat": {strings.ReplaceAll(secret, " ", "")}}
	empty := url.Values{"ma": form["ma"], "ma-bi-mat": form["ma-bi-mat"], "noi-dung": {"  "}}
	t1.post("/tra-cuu/tin-nhan", empty).want(t, http.StatusBadRequest, "Xin nhập nội dung tin nhắn.", `id="f-noi-dung-error"`)
	msg := url.Values{"ma": form["ma"], "ma-bi-mat": form["ma-bi-mat"], "noi-dung": {"Tôi có thể đến làm chứng vào thứ Hai."}}
	r = t1.post("/tra-cuu/tin-nhan", msg)
	r.want(t, http.StatusOK, "Đã gửi tin nhắn của anh/chị", "Tôi có thể đến làm chứng vào thứ Hai.", "Anh/chị ·")
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("message view Cache-Control %q", cc)
	}
	bad = t1.post("/tra-cuu/tin-nhan", url.Values{"ma": {code}, "ma-bi-mat": {"sai"}, "noi-dung": {"x"}})
	bad.want(t, http.StatusNotFound, "Mã phản ánh hoặc mã bí mật không đúng")
	inspector := e.actorCtx("thanhtra")
	if _, err := e.svc.Petitions.Step(inspector, p.ID, petition.StepInput{Step: petition.StepAccept}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Petitions.Reply(inspector, p.ID, "Cảm ơn anh/chị, chúng tôi đã thụ lý và sẽ xác minh."); err != nil {
		t.Fatal(err)
	}
	r = t1.post("/tra-cuu", form)
	// Anonymous: handled as a phản ánh (received and dealt with, not "thụ lý").
	r.want(t, http.StatusOK, "Tình trạng: Đã tiếp nhận, đang xử lý", "Cảm ơn anh/chị, chúng tôi đã thụ lý và sẽ xác minh.", "Tôi có thể đến làm chứng", "<strong>Đã tiếp nhận, đang xử lý</strong>")
	if strings.Index(r.Body, "Tôi có thể đến làm chứng") > strings.Index(r.Body, "chúng tôi đã thụ lý và sẽ xác minh") {
		t.Fatal("messages are not in the order they were sent")
	}

	// Rejected: the reason shows, no message form.
	r = c.postMultipart(path, []string{"t", stamps[1], "category", "other", "description", "Một phản ánh khác, để thử việc không thụ lý.", "anonymous", "co"})
	code2, secret2 := receipt(t, r)
	if _, err := e.svc.Petitions.Step(inspector, e.petitionByCode(code2).ID, petition.StepInput{Step: petition.StepReject, Reason: "Nội dung đã được giải quyết trước đây."}); err != nil {
		t.Fatal(err)
	}
	e.client().post("/tra-cuu", url.Values{"ma": {code2}, "ma-bi-mat": {secret2}}).
		want(t, http.StatusOK, "Tình trạng: Không xử lý", "Lý do không xử lý:", "Nội dung đã được giải quyết trước đây.").
		lacks(t, `action="/tra-cuu/tin-nhan"`)
}

func TestPetitionTrackingLimit(t *testing.T) {
	e := newEnv(t)
	o := e.mkOfficial("34.SNV", "SNV-1", "Trần Văn Minh", "")
	c := e.client()
	path := "/phan-anh/can-bo/" + o.BadgeToken
	stamp := agedStamps(t, c, path)[path]
	code, secret := receipt(t, c.postMultipart(path, []string{"t", stamp, "category", "delay", "description", "Hồ sơ hẹn ba lần vẫn chưa trả kết quả.", "anonymous", "co"}))
	for i := 0; i < petition.MaxTrackFailuresPerCode; i++ {
		c.post("/tra-cuu", url.Values{"ma": {code}, "ma-bi-mat": {"sai-" + itoa(int64(i))}}).want(t, http.StatusNotFound, "Mã phản ánh hoặc mã bí mật không đúng")
	}
	// Past the limit, even the right secret is refused, politely.
	r := c.post("/tra-cuu", url.Values{"ma": {code}, "ma-bi-mat": {secret}})
	r.want(t, http.StatusTooManyRequests, "Anh/chị đã nhập sai quá nhiều lần. Xin vui lòng thử lại sau một giờ.")
	if ra := r.Header.Get("Retry-After"); ra != "3600" {
		t.Fatalf("tracking lockout Retry-After %q, want an hour", ra)
	}
	r = c.post("/tra-cuu/tin-nhan", url.Values{"ma": {code}, "ma-bi-mat": {secret}, "noi-dung": {"Xin trả lời."}})
	r.want(t, http.StatusTooManyRequests, "Anh/chị đã nhập sai quá nhiều lần")
	if ra := r.Header.Get("Retry-After"); ra != "3600" {
		t.Fatalf("message lockout Retry-After %q, want an hour", ra)
	}
}

func TestPetitionValidation(t *testing.T) {
	e := newEnv(t)
	tok, err := e.svc.Feedback.UnitToken(sysCtx(), e.units["34.SNV"].ID)
	if err != nil {
		t.Fatal(err)
	}
	c := e.client()
	path := "/phan-anh/don-vi/" + tok
	c.get("/danh-gia/don-vi/"+tok).want(t, http.StatusOK, `<a href="`+path+`">Phản ánh hành vi của cán bộ tại đơn vị này</a>`)
	page := c.get(path).want(t, http.StatusOK, "Anh/chị đang phản ánh về cán bộ của", "Sở Nội vụ tỉnh Thái Bình", `name="subject_text"`,
		"Họ tên, chức vụ hoặc vị trí của cán bộ (nếu biết)", "gửi kết quả qua thư điện tử (email).", "số điện thoại hoặc email.",
		">Thư điện tử (email) <span", `aria-describedby="f-tep-hint f-tep-privacy"`,
		`<p class="hint" id="f-tep-privacy">Tệp PDF được lưu nguyên như anh/chị gửi, kể cả thông tin ẩn trong tệp`).Body
	stamp := petitionStamp(t, page)

	// Everything wrong at once (for the service): no category, too short,
	// contact chosen without a phone or email nor consent. The typed input
	// comes back; the photo must be chosen again.
	time.Sleep(petition.MinFillTime + 200*time.Millisecond)
	r := c.postMultipart(path, []string{"t", stamp, "subject_text", "Anh bảo vệ áo xanh", "description", "Quát mắng tôi.",
		"occurred_at", "14/01/2026", "place", "Cổng trụ sở", "anonymous", "khong", "name", "Trần Thị Bích", "address", "Thôn Đông, xã Vũ Phúc"},
		upload{"anh.jpg", testJPEG(t)})
	r.want(t, http.StatusBadRequest, "Chưa gửi được phản ánh", "Xin chọn loại hành vi", `id="f-category-error"`, `href="#f-category"`,
		"ít nhất 20 ký tự", `aria-describedby="f-description-hint f-description-error"`, "số điện thoại hoặc email", `id="f-phone-error"`,
		`id="f-consent-error"`, "Xin chọn lại tệp đính kèm",
		`value="Anh bảo vệ áo xanh"`, ">Quát mắng tôi.</textarea>", `value="14/01/2026"`, `value="Cổng trụ sở"`, `value="Trần Thị Bích"`,
		`value="Thôn Đông, xã Vũ Phúc"`, `value="khong" id="f-anonymous-no" checked`, `value="`+stamp+`"`)
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("re-rendered form Cache-Control %q", cc)
	}

	// Web-level checks: no choice about identity, a date that is not one.
	c.postMultipart(path, []string{"t", stamp, "category", "attitude", "description", "Cán bộ quát nạt người dân đến nộp hồ sơ.", "occurred_at", "32/13/2026"}).
		want(t, http.StatusBadRequest, "Xin chọn gửi ẩn danh hoặc để lại thông tin liên hệ", "Ngày không hợp lệ", `value="attitude" checked`).
		lacks(t, "Xin chọn lại tệp đính kèm")
	// Both kinds at once: the form's own problems and the service's are
	// shown together, and the contact details are not asked for before
	// the choice is made.
	c.postMultipart(path, []string{"t", stamp, "description", "Ngắn quá.", "occurred_at", "32/13/2026"}).
		want(t, http.StatusBadRequest, "Xin chọn gửi ẩn danh hoặc để lại thông tin liên hệ", "Ngày không hợp lệ", "Xin chọn loại hành vi", "ít nhất 20 ký tự").
		lacks(t, `id="f-phone-error"`, `id="f-consent-error"`)

	// A file that is no photo nor PDF; too many files.
	ok := []string{"t", stamp, "category", "attitude", "description", "Cán bộ quát nạt người dân đến nộp hồ sơ.", "anonymous", "co"}
	c.postMultipart(path, ok, upload{"bieu-do.gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")}).
		want(t, http.StatusBadRequest, "Tệp “bieu-do.gif”: Chỉ nhận ảnh JPEG, PNG hoặc tệp PDF.", `id="f-tep-error"`, "Xin chọn lại tệp đính kèm")
	pdf := upload{"bien-ban.pdf", []byte("%PDF-1.4\n%%EOF\n")}
	c.postMultipart(path, ok, pdf, pdf, pdf, pdf, pdf, pdf).want(t, http.StatusBadRequest, "Chỉ gửi kèm được tối đa 5 tệp.")
	// A file over 10 MB.
	big := upload{"lon.pdf", append([]byte("%PDF-1.4\n"), make([]byte, petition.MaxAttachmentSize)...)}
	c.postMultipart(path, ok, big).want(t, http.StatusBadRequest, "Tệp “lon.pdf”: Tệp lớn hơn 10 MB")
	// More than the request limit in all (six files of 9 MB): the sixth
	// file is refused, the rest of the body drained up to the limit, and the
	// text is kept all the same.
	part := upload{"phan.pdf", append([]byte("%PDF-1.4\n"), make([]byte, petition.MaxAttachmentSize-1<<20)...)}
	c.postMultipart(path, ok, part, part, part, part, part, part).want(t, http.StatusBadRequest, "Chỉ gửi kèm được tối đa 5 tệp.", "Cán bộ quát nạt người dân")
	// Not a multipart form; a robot's instant post.
	c.post(path, url.Values{"category": {"attitude"}}).want(t, http.StatusBadRequest, "không đúng dạng")
	c.postMultipart(path, []string{"t", "1.AAAA", "category", "attitude", "description", "Cán bộ quát nạt người dân đến nộp hồ sơ.", "anonymous", "co"}).
		want(t, http.StatusBadRequest, "xin đợi vài giây")
	if n := e.petitionCount(); n != 0 {
		t.Fatalf("%d petitions stored from invalid forms", n)
	}

	// Fixed: with contact and consent, from the unit's QR code.
	r = c.postMultipart(path, append(append([]string{}, ok[:len(ok)-1]...), "khong", "name", "Trần Thị Bích", "phone", "0912 345 678", "email", "bich@example.vn", "consent", "on",
		"subject_text", "Anh bảo vệ áo xanh"), pdf)
	code, _ := receipt(t, r)
	p := e.petitionByCode(code)
	if p.Anonymous || !p.HasContact || p.Channel != petition.ViaUnit || p.UnitID != e.units["34.SNV"].ID || p.OfficialID != 0 ||
		p.SubjectText != "Anh bảo vệ áo xanh" || len(p.Attachments) != 1 || p.Attachments[0].ContentType != "application/pdf" {
		t.Fatalf("stored %+v", p)
	}
}

func TestPetitionPickedUnitAndLimits(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	path := "/phan-anh/gui?don-vi=34.SNV"
	r := c.get(path)
	r.want(t, http.StatusOK, "Sở Nội vụ tỉnh Thái Bình", `action="/phan-anh/gui?don-vi=34.SNV"`, `name="subject_text"`)
	c.get("/phan-anh/gui?don-vi=99.XYZ").want(t, http.StatusNotFound, "Không tìm thấy đơn vị", `href="/phan-anh"`)
	c.get("/phan-anh/gui").want(t, http.StatusNotFound, "Không tìm thấy đơn vị")
	c.get("/phan-anh/can-bo/khong-co-ma-nay").want(t, http.StatusNotFound, "Mã QR không còn hiệu lực")
	c.get("/phan-anh/don-vi/khong-co-ma-nay").want(t, http.StatusNotFound, "Mã QR không còn hiệu lực")

	stamps := agedStampList(t, c, path, petition.MaxPerIPPerDay+1)
	form := func(i int) []string {
		return []string{"t", stamps[i], "category", "obstruct", "description", "Bắt đi lại bốn lần để bổ sung giấy tờ không có trong quy định.", "anonymous", "co"}
	}
	code, _ := receipt(t, c.postMultipart(path, form(0)))
	if p := e.petitionByCode(code); p.Channel != petition.ViaWeb || p.UnitID != e.units["34.SNV"].ID {
		t.Fatalf("stored %+v", p)
	}
	// Past the daily limit of the network: a polite page.
	for i := 1; i < petition.MaxPerIPPerDay; i++ {
		receipt(t, c.postMultipart(path, form(i)))
	}
	r = c.postMultipart(path, form(petition.MaxPerIPPerDay))
	r.want(t, http.StatusTooManyRequests, "Xin vui lòng thử lại sau", "quá nhiều phản ánh")
	wantUntilTomorrow(t, r)
	citizenPage(t, e, r)
}

// wantUntilTomorrow checks that r asks to come back at midnight in Vietnam,
// when the daily limits start again.
func wantUntilTomorrow(t *testing.T, r *resp) {
	t.Helper()
	now := time.Now().In(congvu.TimeZone)
	want := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, congvu.TimeZone).Sub(now)
	secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if got := time.Duration(secs) * time.Second; err != nil || got < want-time.Minute || got > want+time.Minute {
		t.Fatalf("%s %s: Retry-After %q, want about %v (until midnight in Vietnam)", r.Request.Method, r.Request.URL.Path, r.Header.Get("Retry-After"), want)
	}
}

// Past the daily number of messages on one petition, the view says so
// and when to come back.
func TestPetitionMessageLimit(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	path := "/phan-anh/gui?don-vi=34.SNV"
	stamp := agedStamps(t, c, path)[path]
	code, secret := receipt(t, c.postMultipart(path, []string{"t", stamp, "category", "delay", "description", "Hồ sơ hẹn ba lần vẫn chưa trả kết quả.", "anonymous", "co"}))
	msg := url.Values{"ma": {code}, "ma-bi-mat": {secret}, "noi-dung": {"Xin cho biết khi nào có kết quả."}}
	for i := 0; ; i++ {
		if i == 100 {
			t.Fatal("no daily limit of messages")
		}
		r := c.post("/tra-cuu/tin-nhan", msg)
		if r.StatusCode == http.StatusOK {
			continue
		}
		r.want(t, http.StatusTooManyRequests, "Tình trạng:", `role="alert"`)
		wantUntilTomorrow(t, r)
		break
	}
	// Tracking still works.
	c.post("/tra-cuu", url.Values{"ma": {code}, "ma-bi-mat": {secret}}).want(t, http.StatusOK, "Tình trạng:")
}

// The petition form takes a petition's attachments (more than the 20 MB of
// a staff import); a staff import stops at 20 MB.
func TestPetitionBodyLimits(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	path := "/phan-anh/gui?don-vi=34.SNV"
	stamp := agedStamps(t, c, path)[path]
	part := upload{"phan.pdf", append([]byte("%PDF-1.4\n"), make([]byte, petition.MaxAttachmentSize-1<<20)...)}
	code, _ := receipt(t, c.postMultipart(path, []string{"t", stamp, "category", "delay", "description", "Hồ sơ hẹn ba lần vẫn chưa trả kết quả.", "anonymous", "co"},
		part, part, part))
	if p := e.petitionByCode(code); len(p.Attachments) != 3 {
		t.Fatalf("%d attachments stored, want 3", len(p.Attachments))
	}
	if web.MaxUploadBytes != 20<<20 || web.MaxPetitionBytes <= 3*(petition.MaxAttachmentSize-1<<20) {
		t.Fatalf("limits: upload %d, petition %d", web.MaxUploadBytes, web.MaxPetitionBytes)
	}
	admin := e.client().login("admin")
	admin.postMultipart("/units/import", nil, upload{"dvhc.json", bytes.Repeat([]byte(" "), web.MaxUploadBytes+1<<20)}).
		want(t, http.StatusRequestEntityTooLarge, "20 MB")
}

// The request log keeps no client address of a reporter: not for the
// petition pages, the form or tracking; other pages log it.
func TestPetitionLogKeepsNoAddress(t *testing.T) {
	e := newEnv(t)
	var buf syncBuffer
	srv, err := web.New(web.Options{Services: e.svc, Log: slog.New(slog.NewTextHandler(&buf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	e.ts = httptest.NewServer(srv.Handler()) // this test's server, with its own log
	t.Cleanup(e.ts.Close)
	c := e.client()
	c.get("/").want(t, http.StatusOK)
	path := "/phan-anh/gui?don-vi=34.SNV"
	c.get("/phan-anh?q=noi+vu").want(t, http.StatusOK)
	stamp := agedStamps(t, c, path)[path]
	code, secret := receipt(t, c.postMultipart(path, []string{"t", stamp, "category", "delay", "description", "Hồ sơ hẹn ba lần vẫn chưa trả kết quả.", "anonymous", "co"}))
	c.get("/tra-cuu").want(t, http.StatusOK)
	c.post("/tra-cuu", url.Values{"ma": {code}, "ma-bi-mat": {secret}}).want(t, http.StatusOK)
	c.post("/tra-cuu/tin-nhan", url.Values{"ma": {code}, "ma-bi-mat": {secret}, "noi-dung": {"Tôi bổ sung thông tin."}}).want(t, http.StatusOK)

	ip := strings.Split(strings.TrimPrefix(e.ts.URL, "http://"), ":")[0]
	// The log line is written once the handler returns, which may be after
	// the client has read the whole response: wait for the last one.
	for deadline := time.Now().Add(2 * time.Second); !strings.Contains(buf.String(), `path=/tra-cuu/tin-nhan`) && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(buf.String(), "\n") {
		if !strings.Contains(line, "msg=request") {
			continue
		}
		method, _, _ := strings.Cut(strings.TrimPrefix(line[strings.Index(line, "method="):], "method="), " ")
		p, _, _ := strings.Cut(strings.TrimPrefix(line[strings.Index(line, "path="):], "path="), " ")
		seen[method+" "+p] = true
		private := strings.HasPrefix(p, "/phan-anh") || strings.HasPrefix(p, "/tra-cuu")
		if private && (strings.Contains(line, ip) || strings.Contains(line, "ip=")) {
			t.Errorf("the log keeps a reporter's address:\n%s", line)
		}
		if !private && !strings.Contains(line, "ip="+ip) {
			t.Errorf("the log lacks the client address of an ordinary page:\n%s", line)
		}
	}
	for _, k := range []string{"GET /", "GET /phan-anh", "GET /phan-anh/gui", "POST /phan-anh/gui", "POST /tra-cuu", "POST /tra-cuu/tin-nhan"} {
		if !seen[k] {
			t.Errorf("no request log line for %s:\n%s", k, buf.String())
		}
	}
}

// Every public petition page, with its two stylesheets, stays under the
// rating page's budget of 30 KB.
func TestPetitionPageWeight(t *testing.T) {
	e := newEnv(t)
	o := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Phó Chánh Văn phòng Sở Nội vụ")
	c := e.client()
	path := "/phan-anh/can-bo/" + o.BadgeToken
	form := c.get(path).want(t, http.StatusOK)
	css := 0 // inlined: counted in the page
	wantInlinedStyles(t, form, "citizen.css", "petition.css")
	stamp := agedStamps(t, c, path)[path]
	long := strings.Repeat("Cán bộ yêu cầu nộp thêm giấy tờ không có trong danh mục thủ tục. ", 70)
	invalid := c.postMultipart(path, []string{"t", stamp, "description", long, "place", "Bộ phận một cửa", "anonymous", "khong"})
	invalid.want(t, http.StatusBadRequest)
	rec := c.postMultipart(path, []string{"t", stamp, "category", "harassment", "description", "Đòi nộp thêm giấy xác nhận không có trong quy định.", "anonymous", "co"})
	code, secret := receipt(t, rec)
	pages := map[string]*resp{
		"start":   c.get("/phan-anh"),
		"form":    form,
		"invalid": invalid,
		"receipt": rec,
		"track":   c.get("/tra-cuu"),
		"view":    c.post("/tra-cuu", url.Values{"ma": {code}, "ma-bi-mat": {secret}}),
	}
	for name, r := range pages {
		citizenPage(t, e, r)
		n := len(r.Body) + css
		t.Logf("%-8s %6d bytes + stylesheets %d = %d", name, len(r.Body), css, n)
		// The invalid form echoes a 4,500-character description back.
		limit := 30 * 1024
		if name == "invalid" {
			limit += len(long)
		}
		if n > limit {
			t.Errorf("%s page + stylesheets = %d bytes, over %d", name, n, limit)
		}
	}
}

// Past the daily number of files from one network, the form answers with
// the polite page, not an error.
func TestPetitionFileLimit(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	path := "/phan-anh/gui?don-vi=34.SNV"
	pdf := upload{"bien-ban.pdf", []byte("%PDF-1.4\n%%EOF\n")}
	form := []string{"t", "1.AAAA", "category", "delay", "description", "Hồ sơ hẹn ba lần vẫn chưa trả kết quả.", "anonymous", "co"}
	for i := 0; i < petition.MaxPerIPPerDay; i++ {
		c.postMultipart(path, form, pdf, pdf, pdf, pdf, pdf).want(t, http.StatusBadRequest, "xin đợi vài giây")
	}
	r := c.postMultipart(path, form, pdf)
	r.want(t, http.StatusTooManyRequests, "Xin vui lòng thử lại sau", "quá nhiều tệp", "<style>")
	citizenPage(t, e, r)
}

// Reloading the receipt posts the form again: it files no second petition
// and says the report was received, with its tracking code but not the
// secret, which is shown once.
func TestPetitionFormSentTwice(t *testing.T) {
	e := newEnv(t)
	o := e.mkOfficial("34.SNV", "SNV-1", "Trần Văn Minh", "")
	c := e.client()
	path := "/phan-anh/can-bo/" + o.BadgeToken
	stamp := agedStamps(t, c, path)[path]
	form := []string{"t", stamp, "category", "delay", "description", "Hồ sơ hẹn ba lần vẫn chưa trả kết quả.", "anonymous", "co"}
	code, secret := receipt(t, c.postMultipart(path, form))
	for range 2 {
		r := c.postMultipart(path, form)
		r.want(t, http.StatusOK, "Phản ánh này đã được gửi", `<code id="pa-code">`+code+`</code>`, "Mã bí mật không hiển thị lại",
			`href="/tra-cuu?ma=`+code+`"`).lacks(t, secret, strings.ReplaceAll(secret, " ", ""), `id="pa-secret"`)
		if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
			t.Fatalf("repeated receipt Cache-Control %q, want no-store", cc)
		}
		citizenPage(t, e, r)
	}
	if n := e.petitionCount(); n != 1 {
		t.Fatalf("%d petitions from one form sent three times", n)
	}
	// The form opened again is another form: another petition.
	fresh := agedStamps(t, c, path)[path]
	receipt(t, c.postMultipart(path, append([]string{"t", fresh}, form[2:]...)))
	if n := e.petitionCount(); n != 2 {
		t.Fatalf("%d petitions, want 2", n)
	}
}

// A form sent within seconds of opening is not received, and the page says
// to wait a few seconds and send again, with everything typed kept; a
// forged stamp is replaced by a good one.
func TestPetitionSentTooFast(t *testing.T) {
	e := newEnv(t)
	o := e.mkOfficial("34.SNV", "SNV-1", "Trần Văn Minh", "")
	c := e.client()
	path := "/phan-anh/can-bo/" + o.BadgeToken
	stamp := petitionStamp(t, c.get(path).want(t, http.StatusOK).Body)
	fields := []string{"category", "delay", "description", "Hồ sơ hẹn ba lần vẫn chưa trả kết quả.", "place", "Tầng 1, bàn số 3", "anonymous", "co"}
	kept := []string{`value="delay" checked`, ">Hồ sơ hẹn ba lần vẫn chưa trả kết quả.</textarea>", `value="Tầng 1, bàn số 3"`, `value="co" id="f-anonymous" checked`}
	wait := "xin đợi vài giây rồi bấm “Gửi phản ánh” lần nữa"
	r := c.postMultipart(path, append([]string{"t", stamp}, fields...))
	r.want(t, http.StatusBadRequest, append([]string{wait, `role="alert"`, `value="` + stamp + `"`}, kept...)...).lacks(t, "Không gửi được phản ánh")
	// A robot's made-up stamp: the same words, and a real stamp to send with.
	r = c.postMultipart(path, append([]string{"t", "1.AAAA"}, fields...))
	r.want(t, http.StatusBadRequest, append([]string{wait}, kept...)...).lacks(t, `value="1.AAAA"`)
	renewed := petitionStamp(t, r.Body)
	if n := e.petitionCount(); n != 0 {
		t.Fatalf("%d petitions stored from forms sent too fast", n)
	}
	time.Sleep(petition.MinFillTime + 200*time.Millisecond)
	receipt(t, c.postMultipart(path, append([]string{"t", renewed}, fields...)))
}

// A form left open longer than web.MaxFormAge says so, keeps what was
// typed and carries a fresh stamp to send it with.
func TestPetitionFormExpired(t *testing.T) {
	e := newEnv(t)
	o := e.mkOfficial("34.SNV", "SNV-1", "Trần Văn Minh", "")
	c := e.client()
	path := "/phan-anh/can-bo/" + o.BadgeToken
	old := e.srv.Stamp(path, time.Now().Add(-web.MaxFormAge-time.Minute))
	fields := []string{"category", "delay", "description", "Hồ sơ hẹn ba lần vẫn chưa trả kết quả.", "anonymous", "co"}
	r := c.postMultipart(path, append([]string{"t", old}, fields...))
	r.want(t, http.StatusBadRequest, "Biểu mẫu đã mở quá 24 giờ", ">Hồ sơ hẹn ba lần vẫn chưa trả kết quả.</textarea>", `value="delay" checked`).
		lacks(t, `value="`+old+`"`)
	fresh := petitionStamp(t, r.Body)
	if n := e.petitionCount(); n != 0 {
		t.Fatalf("%d petitions stored from an expired form", n)
	}
	time.Sleep(petition.MinFillTime + 200*time.Millisecond)
	receipt(t, c.postMultipart(path, append([]string{"t", fresh}, fields...)))
}

// A receipt reloaded more than web.MaxFormAge after the form was opened is
// still the form sent again: the receipt of the petition it filed, not an
// invitation to send the form a second time (which filed a duplicate).
func TestPetitionReceiptReloadedNextDay(t *testing.T) {
	e := newEnv(t)
	o := e.mkOfficial("34.SNV", "SNV-1", "Trần Văn Minh", "")
	c := e.client()
	path := "/phan-anh/can-bo/" + o.BadgeToken
	old := e.srv.Stamp(path, time.Now().Add(-web.MaxFormAge-time.Minute))
	desc := "Hồ sơ hẹn ba lần vẫn chưa trả kết quả."
	// The form as it was filed yesterday, with the key of that stamp.
	rc, err := e.svc.Petitions.Submit(context.Background(), petition.Input{Channel: petition.ViaBadge, BadgeToken: o.BadgeToken,
		Category: petition.Delay, Description: desc, Anonymous: true, FormKey: strings.Split(old, ".")[1]})
	if err != nil {
		t.Fatal(err)
	}
	fields := []string{"t", old, "category", "delay", "description", desc, "anonymous", "co"}
	for range 2 {
		c.postMultipart(path, fields).want(t, http.StatusOK, "Phản ánh này đã được gửi", `<code id="pa-code">`+rc.TrackingCode+`</code>`).
			lacks(t, "quá 24 giờ", "Gửi phản ánh</button>")
	}
	if n := e.petitionCount(); n != 1 {
		t.Fatalf("%d petitions after reloading a day-old receipt, want 1", n)
	}
}

// A form that filed a petition, sent again with other content (on a shared
// terminal, the next person went back to the form and wrote their own
// report), files nothing and shows nothing of the first petition: not its
// code, not its text; it says the form was used for another report and
// gives the form back with what this citizen typed under a fresh stamp,
// which then files their report as a new one. The form and the receipt are
// kept by no cache (back and forward show a new form).
func TestPetitionFormSentWithOtherContent(t *testing.T) {
	e := newEnv(t)
	o := e.mkOfficial("34.SNV", "SNV-1", "Trần Văn Minh", "")
	c := e.client()
	path := "/phan-anh/can-bo/" + o.BadgeToken
	if cc := c.get(path).want(t, http.StatusOK).Header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("petition form Cache-Control %q, want no-store", cc)
	}
	stamp := agedStamps(t, c, path)[path]
	mine := []string{"t", stamp, "category", "delay", "description", "Hồ sơ hẹn ba lần vẫn chưa trả kết quả.", "anonymous", "co"}
	rec := c.postMultipart(path, mine)
	code, _ := receipt(t, rec)
	if cc := rec.Header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("receipt Cache-Control %q, want no-store", cc)
	}
	theirs := []string{"t", stamp, "category", "attitude", "description", "Cán bộ quát nạt người dân đến nộp hồ sơ.", "anonymous", "co"}
	r := c.postMultipart(path, theirs)
	r.want(t, http.StatusConflict, "Biểu mẫu này đã được dùng để gửi một phản ánh khác", "gửi thành một phản ánh mới",
		"Cán bộ quát nạt người dân đến nộp hồ sơ.", `value="attitude" checked required`, "Gửi phản ánh</button>").
		lacks(t, code, `id="pa-code"`, "Hồ sơ hẹn ba lần")
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("Cache-Control %q, want no-store", cc)
	}
	citizenPage(t, e, r)
	if n := e.petitionCount(); n != 1 {
		t.Fatalf("%d petitions, want 1: a form filed twice with other content", n)
	}
	fresh := petitionStamp(t, r.Body)
	if fresh == stamp {
		t.Fatal("the form came back with the used stamp")
	}
	time.Sleep(petition.MinFillTime + 200*time.Millisecond)
	theirs[1] = fresh
	if second, _ := receipt(t, c.postMultipart(path, theirs)); second == code || e.petitionCount() != 2 {
		t.Fatalf("the form sent again as a new report: code %s (first %s), %d petitions", second, code, e.petitionCount())
	}
	// The first content sent again is still its receipt.
	c.postMultipart(path, mine).want(t, http.StatusOK, "Phản ánh này đã được gửi", `<code id="pa-code">`+code+`</code>`)
}

// A form sent again with its files (a reload of the receipt re-posts them)
// leaves none of them stored: the petition holds the first sending's.
func TestPetitionFormSentTwiceKeepsNoFiles(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	path := "/phan-anh/gui?don-vi=34.SNV"
	stamp := agedStamps(t, c, path)[path]
	files := func() (all, loose int) {
		t.Helper()
		if err := e.db.Read.QueryRow(`SELECT COUNT(*), COUNT(*) - COUNT(petition_id) FROM petition_attachments`).Scan(&all, &loose); err != nil {
			t.Fatal(err)
		}
		return all, loose
	}
	form := []string{"t", stamp, "category", "delay", "description", "Hồ sơ hẹn ba lần vẫn chưa trả kết quả.", "anonymous", "co"}
	pdf := upload{"bien-ban.pdf", []byte("%PDF-1.4\n%%EOF\n")}
	receipt(t, c.postMultipart(path, form, pdf, pdf))
	for range 2 {
		c.postMultipart(path, form, pdf, pdf).want(t, http.StatusOK, "Phản ánh này đã được gửi")
	}
	if all, loose := files(); all != 2 || loose != 0 {
		t.Fatalf("%d files stored, %d of them held by no petition; want the petition's 2 only", all, loose)
	}
}

// The citizens' home page leads to reporting and to tracking a report.
func TestCitizenHomeLinksToTracking(t *testing.T) {
	e := newEnv(t)
	e.client().get("/").want(t, http.StatusOK, `href="/phan-anh"`, `href="/tra-cuu"`, "Tra cứu phản ánh đã gửi")
}

// After a "Không hài lòng" rating, the thank-you page offers to report the
// official (or the unit) rated, on the petition form of that badge or
// unit; after a good rating it does not.
func TestDissatisfiedRatingOffersReport(t *testing.T) {
	e := newEnv(t)
	o := e.mkOfficial("34.SNV", "SNV-1", "Trần Văn Minh", "Chuyên viên")
	tok, err := e.svc.Feedback.UnitToken(sysCtx(), e.units["34.SNV"].ID)
	if err != nil {
		t.Fatal(err)
	}
	c := e.client()
	for _, x := range []struct{ rate, report, who string }{
		{"/danh-gia/" + o.BadgeToken, "/phan-anh/can-bo/" + o.BadgeToken, "Trần Văn Minh"},
		{"/danh-gia/don-vi/" + tok, "/phan-anh/don-vi/" + tok, "Sở Nội vụ tỉnh Thái Bình"},
	} {
		r := c.post(x.rate, formValues(t, c.get(x.rate).Body, "satisfaction", "dissatisfied", "comment", "Chờ cả buổi không được hướng dẫn."))
		r.want(t, http.StatusSeeOther)
		thanks := c.get(r.Header.Get("Location"))
		thanks.want(t, http.StatusOK, "Xin cảm ơn!", `href="`+x.report+`"`, "Phản ánh hành vi")
		c.get(x.report).want(t, http.StatusOK, "Anh/chị đang phản ánh về cán bộ", x.who)
		r = c.post(x.rate, formValues(t, c.get(x.rate).Body, "satisfaction", "satisfied"))
		c.get(r.Header.Get("Location")).want(t, http.StatusOK, "Xin cảm ơn!").lacks(t, `href="/phan-anh/`)
	}
	// A made-up link on the thank-you page leads nowhere else.
	c.get("/danh-gia/cam-on?can-bo="+url.QueryEscape(`x"><a href="//evil.example`)).want(t, http.StatusOK, "Xin cảm ơn!").lacks(t, "evil.example", `href="/phan-anh/`)
}

// A conclusion written before the form told handlers that the reporter
// reads it (conclusion_public false) was internal text: the reporter sees
// only the result, at /tra-cuu and in the reply made from it at closing.
func TestPetitionOldConclusionStaysInternal(t *testing.T) {
	e := newEnv(t)
	rc := e.submitPetition(petitionIn{unit: "34.SNV", category: petition.Delay, text: "Hồ sơ hẹn ba lần vẫn chưa trả kết quả, không ai giải thích.", anonymous: true})
	h := e.actorCtx("thanhtra")
	internal := "Nội bộ: chuyên viên Lê Văn Bình ở phòng Một cửa chậm trình ký, đề nghị nhắc nhở riêng."
	for _, in := range []petition.StepInput{{Step: petition.StepAccept}, {Step: petition.StepAssign}, {Step: petition.StepVerify},
		{Step: petition.StepConclude, Conclusion: petition.ConclusionUnfounded, Text: internal, ConclusionPublic: true}, {Step: petition.StepClose}} {
		if in.Step == petition.StepClose { // the conclusion as an earlier version wrote it
			if _, err := e.db.Write.Exec(`UPDATE petitions SET conclusion_public = FALSE, reporter_summary = '' WHERE id = $1`, rc.Petition.ID); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.svc.Petitions.Step(h, rc.Petition.ID, in); err != nil {
			t.Fatalf("%s: %v", in.Step, err)
		}
	}
	if p := e.petitionNow(rc.Petition.ID); p.ConclusionPublic || p.ConclusionText != internal {
		t.Fatalf("the row as written before: public %v, text %q", p.ConclusionPublic, p.ConclusionText)
	}
	r := e.client().post("/tra-cuu", url.Values{"ma": {rc.TrackingCode}, "ma-bi-mat": {rc.Secret}})
	r.want(t, http.StatusOK, "Tình trạng: Đã đóng", "<strong>Kết luận:</strong> Phản ánh không có cơ sở", "Kính gửi Ông/Bà").
		lacks(t, internal, "Lê Văn Bình")
}

// A closed petition shows the conclusion's text and the reply made from it;
// for 30 days the reporter may still write: a message is received, and
// reopens the petition only when the reporter asks for a second look.
func TestPetitionTrackingAfterClosure(t *testing.T) {
	e := newEnv(t)
	rc := e.submitPetition(petitionIn{unit: "34.SNV", category: petition.Delay, text: "Hồ sơ hẹn ba lần vẫn chưa trả kết quả, không ai giải thích.", anonymous: true})
	h := e.actorCtx("thanhtra")
	finding := "Hồ sơ bị chậm do thiếu ý kiến của phòng chuyên môn; không phát hiện hành vi cố ý gây khó khăn."
	for _, in := range []petition.StepInput{{Step: petition.StepAccept}, {Step: petition.StepAssign}, {Step: petition.StepVerify},
		{Step: petition.StepConclude, Conclusion: petition.ConclusionUnfounded, Text: finding, ConclusionPublic: true}, {Step: petition.StepClose}} {
		if _, err := e.svc.Petitions.Step(h, rc.Petition.ID, in); err != nil {
			t.Fatalf("%s: %v", in.Step, err)
		}
	}
	c := e.client()
	form := url.Values{"ma": {rc.TrackingCode}, "ma-bi-mat": {rc.Secret}}
	r := c.post("/tra-cuu", form)
	r.want(t, http.StatusOK, "Tình trạng: Đã đóng", "<strong>Kết luận:</strong> Phản ánh không có cơ sở", `<p class="pa-body">`+finding+`</p>`,
		"Kính gửi Ông/Bà", `id="pa-after-close"`, "Phản ánh đã đóng.", "phản ánh sẽ được mở lại", "Nếu không chọn, tin nhắn được chuyển đến cơ quan xử lý và phản ánh vẫn đóng",
		`name="xem-xet-lai" value="co"`, `action="/tra-cuu/tin-nhan"`)
	if n := strings.Count(r.Body, finding); n < 2 {
		t.Fatalf("the finding shows %d times, want in the conclusion and in the reply", n)
	}
	// A thank-you is received; the petition stays closed.
	thanks := url.Values{"ma": form["ma"], "ma-bi-mat": form["ma-bi-mat"], "noi-dung": {"Cảm ơn cơ quan."}}
	c.post("/tra-cuu/tin-nhan", thanks).want(t, http.StatusOK, "Đã gửi tin nhắn của anh/chị", "Tình trạng: Đã đóng", "Cảm ơn cơ quan.", `name="xem-xet-lai"`)
	if p := e.petitionNow(rc.Petition.ID); p.Status != petition.Closed {
		t.Fatalf("after a thank-you: %s", p.Status)
	}
	// Asking for a second look reopens it.
	msg := url.Values{"ma": form["ma"], "ma-bi-mat": form["ma-bi-mat"], "noi-dung": {"Tôi chưa nhận lại bản gốc giấy tờ."}, "xem-xet-lai": {"co"}}
	c.post("/tra-cuu/tin-nhan", msg).want(t, http.StatusOK, "Đã gửi tin nhắn của anh/chị", "Tình trạng: Đã kết luận", "Mở lại để trả lời ý kiến mới của anh/chị").
		lacks(t, `id="pa-after-close"`)
	if p := e.petitionNow(rc.Petition.ID); p.Status != petition.ReopenTo || p.ClosedAt != nil {
		t.Fatalf("after the reporter's message: %s, closed %v", p.Status, p.ClosedAt)
	}
}
