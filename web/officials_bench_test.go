package web_test

// BenchmarkSignedInOfficials is the signed-in GET /officials in process
// (no network), with as many officials in scope as the demo has: profile it
// with -cpuprofile to see where a request goes. cpu-µs/op is the process's
// CPU time per request (user + system), steadier than ns/op on a machine
// that others load.

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"syscall"
	"testing"
	"time"
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
	cpu0 := cpuTime()
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
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N), "cpu-µs/op")
}

// benchOfficials is about the demo's officials (562), eleven pages of 50.
var benchOfficials = 560

// cpuTime is the CPU time the process has used (user + system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
