package api_test

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

	"congvu/api"
	"congvu/sqldb/sqldbtest"
)

// Issue 9, item 14: a JSON body announced larger than MaxBodyBytes with
// "Expect: 100-continue" is refused before it is sent, not reset midway.
func TestOversizeJSONWithExpectContinueRefusedFirst(t *testing.T) {
	f := newFixture(t, sqldbtest.SQLite(t))
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	conn, err := net.Dial("tcp", strings.TrimPrefix(ts.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "POST /api/v1/units HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n",
		f.admin, api.MaxBodyBytes+1)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413 for a body too large, before the body", res.StatusCode)
	}
}

// A JSON body larger than MaxBodyBytes sent without asking is read up to
// the limit and answered 413 with the code too_large.
func TestOversizeJSONIs413(t *testing.T) {
	f := newFixture(t, sqldbtest.SQLite(t))
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	body := `{"name": "` + strings.Repeat("a", int(api.MaxBodyBytes)) + `"}`
	req, _ := http.NewRequest("POST", ts.URL+"/api/v1/units", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+f.admin)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), `"too_large"`) {
		t.Fatalf("status %d %s, want 413 too_large", res.StatusCode, b)
	}
}
