package web_test

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"congvu/web"
)

// Issue 9, item 14: a body announced too large with "Expect: 100-continue"
// got "100 Continue" and then a reset; it gets 413 before a byte is sent.
func TestOversizeBodyWithExpectContinueGets413(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		path  string
		limit int64
	}{
		{"/login", web.MaxFormBytes},
		{"/phan-anh/gui?don-vi=34", web.MaxPetitionBytes},
	} {
		conn, err := net.Dial("tcp", strings.TrimPrefix(e.ts.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(10 * time.Second))
		fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n",
			c.path, c.limit+1)
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("%s: status %d, want 413 before the body", c.path, res.StatusCode)
		}
	}
}
