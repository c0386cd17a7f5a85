package web_test

import (
	"congvu/feedback"
	"congvu/org"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkRatingPost reports the cost of a citizen's rating through the
// whole handler (cross-origin check, form, token, group commit), with
// 64 concurrent clients. The HTTP figure with wrk is bench/ratings.sh.
func BenchmarkRatingPost(b *testing.B) {
	e := newEnv(b)
	ctx := sysCtx()
	var tokens []string
	for i := range 50 {
		o, err := e.svc.Officials.CreateOfficial(ctx, org.OfficialInput{UnitID: e.units["34.SNV"].ID, EmployeeCode: fmt.Sprintf("RB%03d", i),
			FullName: "Cán Bộ Đo", Category: org.CategoryCivilServant})
		if err != nil {
			b.Fatal(err)
		}
		tokens = append(tokens, o.BadgeToken)
	}
	stamps := make([]string, len(tokens))
	re := regexp.MustCompile(`name="t" value="([^"]+)"`)
	c := e.client()
	for i, t := range tokens {
		stamps[i] = re.FindStringSubmatch(c.get("/danh-gia/" + t).Body)[1]
	}
	time.Sleep(feedback.MinFillTime + 100*time.Millisecond)
	var seq atomic.Int64
	b.SetParallelism(32)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		for pb.Next() {
			n := seq.Add(1)
			i := int(n) % len(tokens)
			form := url.Values{"t": {stamps[i]}, "k": {fmt.Sprint("bk", n)}, "satisfaction": {"satisfied"}, "a-GT-XC": {"co"}}
			req, _ := http.NewRequest("POST", e.ts.URL+"/danh-gia/"+tokens[i], strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", e.ts.URL)
			res, err := hc.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusTooManyRequests {
				b.Errorf("status %d", res.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ratings/s")
}
