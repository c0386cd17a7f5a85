package api

import (
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"congvu"
)

// Whatever a client sends, decoding either succeeds or returns an EINVALID
// error with a Vietnamese message; it never panics or leaks Go text.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{}`, `{"code":"X","parent_id":1}`, `{"bogus":1}`, `{"parent_id":"a"}`, `[]`, `null`,
		`{"name":"Phường"}{}`, `{"kind":1}`, `{"code":`, ``, `"x"`, `{"parent_id":1e40}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest("POST", "/api/v1/units", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
		var b unitBody
		err := decodeJSON(httptest.NewRecorder(), req, &b)
		if err == nil {
			return
		}
		if congvu.ErrorCode(err) != congvu.EINVALID {
			t.Fatalf("code %s for %q: %v", congvu.ErrorCode(err), body, err)
		}
		msg := congvu.ErrorMessage(err)
		if !utf8.ValidString(msg) || strings.Contains(msg, "json:") || strings.Contains(msg, "Go value") {
			t.Fatalf("message %q for %q", msg, body)
		}
		for field, m := range congvu.ErrorFields(err) {
			if field == "" || strings.Contains(m, "json:") {
				t.Fatalf("field %q message %q for %q", field, m, body)
			}
		}
	})
}
