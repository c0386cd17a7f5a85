package web_test

// BenchmarkSignedInOfficials is the signed-in GET /officials in process
// (no network): profile it with -cpuprofile to see where a request goes.

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
)

func BenchmarkSignedInOfficials(b *testing.B) {
	e := newEnv(b)
	for i := range benchOfficials {
		e.mkOfficial("34.SNV", "SNV-"+strconv.Itoa(i), "Nguyễn Văn "+strconv.Itoa(i), "Chuyên viên")
	}
	c := e.client().login("noivu")
	var cookie string
	u, _ := url.Parse(e.ts.URL)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == "congvu_session" {
			cookie = ck.Value
		}
	}
	h := e.srv.Handler()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest("GET", "/officials", nil)
		req.AddCookie(&http.Cookie{Name: "congvu_session", Value: cookie})
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}

var benchOfficials = 60
