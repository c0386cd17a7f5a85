package web_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"congvu/inspection"
)

// Without JavaScript, each line is a plain form: posted with its photos,
// recorded once even when posted twice; a bad answer shows its error and
// keeps what was typed.
func TestFieldFormsWithoutJavaScript(t *testing.T) {
	e := newEnv(t)
	ha := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Chuyên viên")
	in := e.fieldInspection(3)
	path := "/inspections/" + itoa(in.ID) + "/field"
	c := e.client().login("thanhtra")
	c.get(path).want(t, http.StatusOK, in.Lines[0].ItemTitle, `name="client_key"`, `list="field-officials"`, "Nguyễn Thị Thu Hà (SNV-1)")

	// A line with no result: the error, and the note kept.
	r := c.post(path, url.Values{"line_id": {itoa(in.Lines[0].ID)}, "client_key": {"nojs-key-0001"}, "note": {"Quầy số 2 vắng người."}})
	r.want(t, http.StatusBadRequest, "Xin chọn: thực hiện đúng, vi phạm hoặc chưa quan sát được.", "Quầy số 2 vắng người.")
	// An official not of the unit.
	c.post(path, url.Values{"line_id": {itoa(in.Lines[0].ID)}, "client_key": {"nojs-key-0001"}, "result": {"breached"}, "official": {"Lê Văn Không Có"}}).
		want(t, http.StatusBadRequest, "Không tìm thấy cán bộ “Lê Văn Không Có”")

	// Breached, naming the official by name (diacritics as typed), with a
	// photo carrying GPS data; posted twice (the answer was lost).
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range map[string]string{"line_id": itoa(in.Lines[0].ID), "client_key": "nojs-key-0002", "result": "breached",
		"note": "Không đeo thẻ công chức.", "official": "nguyen thi thu ha"} {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("photos", "IMG_0001.jpg")
	fw.Write(exifJPEG(t, 60))
	mw.Close()
	for range 2 {
		req, _ := http.NewRequest("POST", e.ts.URL+path, bytes.NewReader(body.Bytes()))
		req.Header.Set("Content-Type", mw.FormDataContentType())
		res := c.do(req)
		if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "#line-"+itoa(in.Lines[0].ID)) {
			t.Fatalf("post: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), res.Body)
		}
	}
	got := e.recorded(in.ID)
	if len(got) != 1 || got[0].Result != inspection.ResultBreached || got[0].OfficialID != ha.ID || got[0].Note != "Không đeo thẻ công chức." {
		t.Fatalf("recorded %+v", got)
	}
	if n := e.countRows(`SELECT COUNT(*) FROM inspection_photos WHERE line_id = $1`, in.Lines[0].ID); n != 1 {
		t.Fatalf("%d photos stored, want 1", n)
	}
	c.get(path).want(t, http.StatusOK, "Đã gửi: Vi phạm — Nguyễn Thị Thu Hà · 1 ảnh.")
}

// The sync endpoint answers line by line: good lines are stored even when
// another in the batch is refused, and says why; a line of another
// inspection is refused; a request from another site is refused whole.
func TestFieldSyncAnswersPerLine(t *testing.T) {
	e := newEnv(t)
	in := e.fieldInspection(2)
	other := e.fieldInspection(1)
	path := "/inspections/" + itoa(in.ID) + "/field/sync"
	c := e.client().login("thanhtra")
	post := func(body string, hdr ...string) (*resp, map[string]any) {
		req, _ := http.NewRequest("POST", e.ts.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		r := c.do(req)
		var a map[string]any
		json.Unmarshal([]byte(r.Body), &a)
		return r, a
	}
	batch := `{"lines":[
	  {"client_key":"sync-key-0001","line_id":` + itoa(in.Lines[0].ID) + `,"result":"kept","note":"Chào hỏi đầy đủ."},
	  {"client_key":"sync-key-0002","line_id":` + itoa(in.Lines[1].ID) + `,"result":"maybe"},
	  {"client_key":"sync-key-0003","line_id":` + itoa(other.Lines[0].ID) + `,"result":"kept"},
	  {"client_key":"sync-key-0004","line_id":` + itoa(in.Lines[1].ID) + `,"result":"breached","badge":"https://x/danh-gia/khongcothenaynhe"}]}`
	r, a := post(batch)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("sync: %d %s", r.StatusCode, r.Body)
	}
	res := a["results"].([]any)
	if len(res) != 4 {
		t.Fatalf("answer %s", r.Body)
	}
	ok := func(i int) bool { return res[i].(map[string]any)["ok"] == true }
	if !ok(0) || ok(1) || ok(2) || ok(3) {
		t.Fatalf("answer %s", r.Body)
	}
	if !strings.Contains(r.Body, "Mã thẻ này không thuộc cán bộ nào") {
		t.Errorf("unknown badge answered %s", r.Body)
	}
	if got := e.recorded(in.ID); len(got) != 1 || got[0].Note != "Chào hỏi đầy đủ." {
		t.Fatalf("recorded %+v", got)
	}
	if got := e.recorded(other.ID); len(got) != 0 {
		t.Fatalf("a line of another inspection was recorded through this one: %+v", got)
	}
	// Not a batch at all.
	if r, _ := post(`{"lines":[`); r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, "không đọc được") {
		t.Errorf("broken JSON: %d %s", r.StatusCode, r.Body)
	}
	// From another site (a forged request riding the session).
	if r, _ := post(batch, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"); r.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site sync: %d", r.StatusCode)
	}
}
