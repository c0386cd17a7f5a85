package web_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"congvu/web"
	"congvu/web/citizen"
)

// slowLimits shortens the petition form's upload limits for a test.
func slowLimits(t *testing.T) {
	old := citizen.SlowUpload
	citizen.SlowUpload = citizen.SlowUploadLimits{Total: 5 * time.Second, Window: 300 * time.Millisecond, MinRate: 1000}
	t.Cleanup(func() { citizen.SlowUpload = old })
}

// startPost opens a connection and sends the headers of a multipart POST
// announcing size bytes.
func startPost(t *testing.T, baseURL, path string, size int) net.Conn {
	conn, err := net.Dial("tcp", strings.TrimPrefix(baseURL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(8 * time.Second))
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: %d\r\n\r\n--XYZ\r\n", path, size)
	return conn
}

// answerWithin reads the answer on conn and fails unless it (or the end
// of the connection) comes within d; it returns the status, 0 for a
// connection closed without an answer.
func answerWithin(t *testing.T, conn net.Conn, d time.Duration, what string) int {
	t.Helper()
	start := time.Now()
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	took := time.Since(start)
	if took > d {
		t.Fatalf("%s: the server held the connection %v, want under %v", what, took.Round(time.Millisecond), d)
	}
	if err != nil {
		t.Logf("%s: no answer after %v (%v)", what, took.Round(time.Millisecond), err)
		return 0
	}
	res.Body.Close()
	t.Logf("%s: %d after %v", what, res.StatusCode, took.Round(time.Millisecond))
	return res.StatusCode
}

// Issue 9, item 10: the petition form gave any request 15 minutes to send
// its body, before even resolving the unit; 200 connections sending a
// byte every 5 s stayed open past 140 s.
func TestPetitionFormRefusesSlowBodies(t *testing.T) {
	slowLimits(t)
	e := newEnv(t)

	// A trickle, far below the minimum rate: cut within a few windows.
	conn := startPost(t, e.ts.URL, "/phan-anh/gui?don-vi=34.SNV", 1<<20)
	go func() {
		for range 100 {
			time.Sleep(100 * time.Millisecond)
			if _, err := conn.Write([]byte("a")); err != nil {
				return
			}
		}
	}()
	if st := answerWithin(t, conn, 3*time.Second, "a byte every 100 ms"); st != 0 && st != http.StatusRequestTimeout {
		t.Fatalf("trickle: status %d, want 408 or a closed connection", st)
	}

	// Silence after the headers: cut within two windows.
	conn = startPost(t, e.ts.URL, "/phan-anh/gui?don-vi=34.SNV", 1<<20)
	if st := answerWithin(t, conn, 3*time.Second, "silence"); st != 0 && st != http.StatusRequestTimeout {
		t.Fatalf("silence: status %d", st)
	}

	// An unknown unit: answered at once, without waiting for the body.
	conn = startPost(t, e.ts.URL, "/phan-anh/gui?don-vi=99.XYZ", 1<<20)
	if st := answerWithin(t, conn, time.Second, "unknown unit"); st != http.StatusNotFound {
		t.Fatalf("unknown unit: status %d, want 404", st)
	}

	// A body at a fair rate still arrives (and is refused on its merits).
	conn = startPost(t, e.ts.URL, "/phan-anh/gui?don-vi=34.SNV", 64<<10)
	go func() {
		part := "Content-Disposition: form-data; name=\"description\"\r\n\r\n" + strings.Repeat("x", 64<<10)
		for i := 0; i < len(part); i += 1 << 10 {
			time.Sleep(20 * time.Millisecond) // about 50 KB/s
			if _, err := io.WriteString(conn, part[i:min(len(part), i+1<<10)]); err != nil {
				return
			}
		}
	}()
	if st := answerWithin(t, conn, 6*time.Second, "a fair rate"); st == 0 || st == http.StatusRequestTimeout {
		t.Fatalf("fair rate: status %d, want the form's own answer", st)
	}
}

// Issue 9, item 10: one address may hold only so many connections.
func TestConnectionsCappedPerAddress(t *testing.T) {
	e := newEnv(t)
	ts := httptest.NewUnstartedServer(e.srv.Handler())
	lim := web.LimitConnsPerIP(ts.Listener, 3)
	ts.Listener, ts.Config.ConnState = lim, lim.ConnState
	ts.Start()
	t.Cleanup(ts.Close)
	addr := strings.TrimPrefix(ts.URL, "http://")
	dial := func() net.Conn {
		t.Helper()
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	healthz := func(conn net.Conn) error {
		conn.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
			return err
		}
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			return err
		}
		res.Body.Close()
		return nil
	}
	// Three phones behind one address, each keeping its connection open
	// between requests: a fourth is served, one idle connection giving way.
	for range 3 {
		if err := healthz(dial()); err != nil {
			t.Fatalf("connection within the cap: %v", err)
		}
	}
	time.Sleep(50 * time.Millisecond) // the server marks them idle
	if err := healthz(dial()); err != nil {
		t.Fatalf("a fourth connection, the others idle: %v", err)
	}

	// Three connections busy with requests that never finish (a slow
	// client's headers): a fourth is refused; when one closes, a new one
	// is served again.
	ts2 := httptest.NewUnstartedServer(e.srv.Handler())
	lim2 := web.LimitConnsPerIP(ts2.Listener, 3)
	ts2.Listener, ts2.Config.ConnState = lim2, lim2.ConnState
	ts2.Start()
	t.Cleanup(ts2.Close)
	addr = strings.TrimPrefix(ts2.URL, "http://")
	var held []net.Conn
	for range 3 {
		c := dial()
		if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\n"); err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
	}
	time.Sleep(50 * time.Millisecond) // the server reads their first bytes
	if err := healthz(dial()); err == nil {
		t.Fatal("a fourth connection from one address was served while three were busy")
	}
	held[0].Close()
	time.Sleep(100 * time.Millisecond) // the server notices the close
	if err := healthz(dial()); err != nil {
		t.Fatalf("after one closed, a new connection: %v", err)
	}
}

// Slow bodies from many networks must not hold every connection: beyond a
// cap of bodies in flight, a form is answered 503 with Retry-After before
// its body is read.
func TestPetitionBodiesInFlightCapped(t *testing.T) {
	slowLimits(t)
	e := newEnv(t)
	srv, err := web.New(web.Options{Services: e.svc, MaxBodiesInFlight: 2})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	var held []net.Conn
	for range 2 {
		c := startPost(t, ts.URL, "/phan-anh/gui?don-vi=34.SNV", 2<<20)
		go func() { // fast enough not to be cut
			for range 40 {
				time.Sleep(50 * time.Millisecond)
				if _, err := c.Write([]byte(strings.Repeat("a", 1000))); err != nil {
					return
				}
			}
		}()
		held = append(held, c)
	}
	time.Sleep(200 * time.Millisecond) // both are in the handler, reading
	conn := startPost(t, ts.URL, "/phan-anh/gui?don-vi=34.SNV", 2<<20)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("a third body in flight: no answer (%v)", err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" || !strings.Contains(string(b), "Xin anh/chị chờ") {
		t.Fatalf("a third body in flight: %d Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	// The form is served no-store (going back shows a new, empty form):
	// the advice is to reload, which sends the same form again.
	if page := string(b); !strings.Contains(page, "tải lại trang") || strings.Contains(page, "Quay lại") {
		t.Fatalf("a third body in flight: the advice is not to reload the page:\n%s", page)
	}
	for _, c := range held {
		c.Close()
	}
	time.Sleep(200 * time.Millisecond)
	conn = startPost(t, ts.URL, "/phan-anh/gui?don-vi=99.XYZ", 1<<20)
	if st := answerWithin(t, conn, 2*time.Second, "after the others ended"); st != http.StatusNotFound {
		t.Fatalf("after the others ended: %d, want the form's own answer", st)
	}
}

// A form that arrived whole but too slowly (its body never ended at the
// rate asked) comes back with what the citizen typed, to be sent again:
// 408, the text and the chosen category kept, nothing filed.
func TestPetitionFormTooSlowKeepsWhatWasTyped(t *testing.T) {
	slowLimits(t)
	e := newEnv(t)
	path := "/phan-anh/gui?don-vi=34.SNV"
	stamp := petitionStamp(t, e.client().get(path).want(t, http.StatusOK).Body)
	text := "Hồ sơ hẹn ba lần vẫn chưa trả kết quả, không ai giải thích."
	var form strings.Builder
	for _, kv := range [][2]string{{"t", stamp}, {"category", "delay"}, {"description", text}, {"anonymous", "co"}} {
		fmt.Fprintf(&form, "Content-Disposition: form-data; name=%q\r\n\r\n%s\r\n--XYZ", kv[0], kv[1])
		form.WriteString("\r\n")
	}
	body := strings.TrimSuffix(form.String(), "\r\n") + "--\r\n"
	// The whole form, then silence where the announced length says more
	// is coming.
	conn := startPost(t, e.ts.URL, path, len("--XYZ\r\n")+len(body)+100)
	if _, err := io.WriteString(conn, body); err != nil {
		t.Fatal(err)
	}
	conn.SetDeadline(time.Now().Add(4 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusRequestTimeout || !strings.Contains(string(page), text) ||
		!strings.Contains(string(page), `value="delay" checked`) || !strings.Contains(string(page), "quá chậm") {
		t.Fatalf("a whole form arrived too slowly: %d\n%s", res.StatusCode, page)
	}
	if n := e.petitionCount(); n != 0 {
		t.Fatalf("%d petitions filed", n)
	}
}

// One network may not hold every body slot: past its share of bodies in
// flight its next form is answered 503 at once, while a form from another
// network is still received.
func TestPetitionBodiesInFlightCappedPerNetwork(t *testing.T) {
	slowLimits(t)
	e := newEnv(t)
	srv, err := web.New(web.Options{Services: e.svc, TrustProxy: true, MaxBodiesInFlight: 5, MaxBodiesPerNet: 2})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	post := func(ip, path string) net.Conn {
		conn, err := net.Dial("tcp", strings.TrimPrefix(ts.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		conn.SetDeadline(time.Now().Add(8 * time.Second))
		fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: %s\r\nContent-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: %d\r\n\r\n--XYZ\r\n", path, ip, 2<<20)
		return conn
	}
	// Two addresses of one IPv6 /64 hold its share; with a third slot
	// taken, more than half of the five are (pressure).
	for _, ip := range []string{"2001:db8:1:2::10", "2001:db8:1:2::11"} {
		c := post(ip, "/phan-anh/gui?don-vi=34.SNV")
		go func() {
			for range 40 {
				time.Sleep(50 * time.Millisecond)
				if _, err := c.Write([]byte(strings.Repeat("a", 1000))); err != nil {
					return
				}
			}
		}()
	}
	time.Sleep(200 * time.Millisecond) // both are in the handler, reading
	conn := post("2001:db8:1:2::99", "/phan-anh/gui?don-vi=34.SNV")
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("a third body from one network: no answer (%v)", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Fatalf("a third body from one network: %d Retry-After %q, want 503", res.StatusCode, res.Header.Get("Retry-After"))
	}
	conn = post("203.0.113.7", "/phan-anh/gui?don-vi=99.XYZ")
	if st := answerWithin(t, conn, 2*time.Second, "another network"); st != http.StatusNotFound {
		t.Fatalf("a body from another network: %d, want the form's own answer", st)
	}
}

// While most slots are free, one network (a one-stop centre's Wi-Fi) sends
// as many bodies at once as it needs; and a form of text alone takes no
// slot at all, even when every slot is held.
func TestPetitionBodiesFromOneNetworkWithoutPressure(t *testing.T) {
	slowLimits(t)
	e := newEnv(t)
	srv, err := web.New(web.Options{Services: e.svc, MaxBodiesInFlight: 20, MaxBodiesPerNet: 2})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	for range 4 {
		c := startPost(t, ts.URL, "/phan-anh/gui?don-vi=34.SNV", 2<<20)
		go func() {
			for range 40 {
				time.Sleep(50 * time.Millisecond)
				if _, err := c.Write([]byte(strings.Repeat("a", 1000))); err != nil {
					return
				}
			}
		}()
	}
	time.Sleep(200 * time.Millisecond) // all four are in the handler, reading
	conn := startPost(t, ts.URL, "/phan-anh/gui?don-vi=99.XYZ", 2<<20)
	if st := answerWithin(t, conn, 2*time.Second, "a fifth body from one address"); st != http.StatusNotFound {
		t.Fatalf("a fifth body from one address, the pool idle: %d, want the form's own answer", st)
	}

	full, err := web.New(web.Options{Services: e.svc, MaxBodiesInFlight: 1})
	if err != nil {
		t.Fatal(err)
	}
	ts2 := httptest.NewServer(full.Handler())
	t.Cleanup(ts2.Close)
	held := startPost(t, ts2.URL, "/phan-anh/gui?don-vi=34.SNV", 2<<20)
	go func() {
		for range 40 {
			time.Sleep(50 * time.Millisecond)
			if _, err := held.Write([]byte(strings.Repeat("a", 1000))); err != nil {
				return
			}
		}
	}()
	time.Sleep(200 * time.Millisecond)
	conn = startPost(t, ts2.URL, "/phan-anh/gui?don-vi=99.XYZ", 4<<10)
	if st := answerWithin(t, conn, 2*time.Second, "a form of text while every slot is held"); st != http.StatusNotFound {
		t.Fatalf("a form of text while every slot is held: %d, want the form's own answer", st)
	}
}
