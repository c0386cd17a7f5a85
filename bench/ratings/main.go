// Command ratings submits citizen ratings to a running Công vụ server over
// HTTP, as phones scanning badges would, and reports sustained throughput
// and latency. The server must run with --trust-proxy: each request carries
// its own X-Forwarded-For address, as many citizens behind a proxy would.
// Used by bench/ratings.sh.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"congvu/feedback"
	"congvu/sqldb"
)

var stampRe = regexp.MustCompile(`name="t" value="([^"]+)"`)

func main() {
	base := flag.String("base", "http://127.0.0.1:18080", "server URL")
	dsn := flag.String("db", "", "the server's database, to read badge tokens from")
	conns := flag.Int("c", 64, "concurrent clients")
	dur := flag.Duration("d", 10*time.Second, "how long to submit")
	nTokens := flag.Int("tokens", 300, "how many officials to rate")
	lua := flag.String("wrk-script", "", "write a wrk Lua script that posts the fetched forms to this file, instead of submitting")
	flag.Parse()
	if err := run(*base, *dsn, *conns, *dur, *nTokens, *lua); err != nil {
		fmt.Fprintln(os.Stderr, "ratings:", err)
		os.Exit(1)
	}
}

func run(base, dsn string, conns int, dur time.Duration, nTokens int, lua string) error {
	db, err := sqldb.Open(dsn)
	if err != nil {
		return err
	}
	rows, err := db.Read.Query(`SELECT badge_token FROM officials WHERE active = TRUE ORDER BY id LIMIT $1`, nTokens)
	if err != nil {
		return err
	}
	var tokens []string
	for rows.Next() {
		var t string
		rows.Scan(&t)
		tokens = append(tokens, t)
	}
	rows.Close()
	db.Close()
	if len(tokens) == 0 {
		return fmt.Errorf("no officials in %s", dsn)
	}
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	// A signed form per official, fetched once, as a phone would load it.
	stamps := make([]string, len(tokens))
	for i, t := range tokens {
		res, err := hc.Get(base + "/danh-gia/" + t)
		if err != nil {
			return err
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		m := stampRe.FindSubmatch(body)
		if res.StatusCode != 200 || m == nil {
			return fmt.Errorf("form of %s: status %d", t, res.StatusCode)
		}
		stamps[i] = string(m[1])
	}
	time.Sleep(feedback.MinFillTime + 500*time.Millisecond) // a person takes this long to answer
	if lua != "" {
		return writeWrkScript(lua, base, tokens, stamps)
	}
	levels := []string{"very_satisfied", "satisfied", "satisfied", "dissatisfied"}
	var ok, other atomic.Int64
	statuses := sync.Map{}
	lat := make([][]time.Duration, conns)
	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	var wg sync.WaitGroup
	start := time.Now()
	for w := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 42))
			for ctx.Err() == nil {
				i := r.IntN(len(tokens))
				form := url.Values{"t": {stamps[i]}, "k": {fmt.Sprintf("b%d-%d", w, r.Uint64())}, "satisfaction": {levels[r.IntN(len(levels))]}}
				for _, code := range feedback.FourXinCodes {
					if r.IntN(10) < 9 {
						form.Set("a-"+code, "co")
					} else {
						form.Set("a-"+code, "khong")
					}
				}
				if r.IntN(4) == 0 {
					form.Set("comment", "Cán bộ hướng dẫn tận tình, thủ tục nhanh gọn.")
				}
				req, _ := http.NewRequest("POST", base+"/danh-gia/"+tokens[i], strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Origin", base)
				req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", r.IntN(256), r.IntN(256), r.IntN(256)))
				t0 := time.Now()
				res, err := hc.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						other.Add(1)
					}
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				lat[w] = append(lat[w], time.Since(t0))
				if res.StatusCode == http.StatusSeeOther {
					ok.Add(1)
				} else {
					other.Add(1)
					n, _ := statuses.LoadOrStore(res.StatusCode, new(atomic.Int64))
					n.(*atomic.Int64).Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	q := func(p float64) time.Duration {
		if len(all) == 0 {
			return 0
		}
		return all[int(p*float64(len(all)-1))]
	}
	fmt.Printf("%-34s %10.0f ratings/s   p50 %8v   p99 %8v   stored %d, other %d\n", "POST rating form (HTTP)",
		float64(ok.Load())/elapsed.Seconds(), q(0.5).Round(10*time.Microsecond), q(0.99).Round(10*time.Microsecond), ok.Load(), other.Load())
	statuses.Range(func(k, v any) bool {
		fmt.Printf("   status %v: %d\n", k, v.(*atomic.Int64).Load())
		return true
	})
	return nil
}

// writeWrkScript writes a wrk script posting ratings of the fetched forms:
// each request a random official, a fresh idempotency key and its own
// client address, as run() does, with wrk's cheaper client.
func writeWrkScript(file, base string, tokens, stamps []string) error {
	var b strings.Builder
	b.WriteString("-- generated by bench/ratings -wrk-script\nlocal forms = {\n")
	for i, t := range tokens {
		fmt.Fprintf(&b, "  {%q, %q},\n", t, url.QueryEscape(stamps[i]))
	}
	b.WriteString(`}
local levels = {"very_satisfied", "satisfied", "satisfied", "dissatisfied"}
local codes = {`)
	for _, c := range feedback.FourXinCodes {
		fmt.Fprintf(&b, "%q, ", c)
	}
	fmt.Fprintf(&b, `}
local n = 0
-- Seeded from the clock: a second run against the same server sends new
-- idempotency keys, not replays of the first run's.
math.randomseed(os.time())
function setup(thread) thread:set("tid", math.random(1, 1000000000)) end
request = function()
  n = n + 1
  local f = forms[math.random(#forms)]
  local body = "t=" .. f[2] .. "&k=w" .. tid .. "-" .. n .. "&satisfaction=" .. levels[math.random(#levels)]
  for _, c in ipairs(codes) do
    body = body .. "&a-" .. c .. (math.random(10) < 10 and "=co" or "=khong")
  end
  local headers = {["Content-Type"] = "application/x-www-form-urlencoded", ["Origin"] = %q,
    ["X-Forwarded-For"] = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(0, 255)}
  return wrk.format("POST", "/danh-gia/" .. f[1], headers, body)
end
`, base)
	return os.WriteFile(file, []byte(b.String()), 0o644)
}
