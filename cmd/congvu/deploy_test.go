package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"congvu/privacy"
)

// TestDeployFilesMatchTheApp keeps deploy/ true to the binary: nginx lets
// through the largest body a route accepts (and not much more), proxies to
// the address the example environment gives the app, and the units run
// the commands that exist, hardened.
func TestDeployFilesMatchTheApp(t *testing.T) {
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("..", "..", "deploy", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	nginx, unit, env, backup := read("nginx.conf"), read("congvu.service"), read("congvu.env.example"), read("congvu-backup.service")

	a := &app{ctx: context.Background(), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
	o, err := a.open(&common{db: filepath.Join(t.TempDir(), "cv.db")}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer o.db.Close()
	defer o.feedback.Close()
	srv, err := newWebServer(context.Background(), o, "", "", true, false, false, privacy.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var largest int64
	for _, rt := range srv.Routes() {
		largest = max(largest, rt.BodyLimit())
	}
	m := regexp.MustCompile(`(?m)^\s*client_max_body_size (\d+)m;`).FindStringSubmatch(nginx)
	if m == nil {
		t.Fatal("nginx.conf sets no client_max_body_size")
	}
	mb, _ := strconv.ParseInt(m[1], 10, 64)
	if limit := mb << 20; limit < largest || limit > largest+2<<20 {
		t.Errorf("nginx client_max_body_size %dm, the largest route body is %.1f MiB", mb, float64(largest)/(1<<20))
	}
	addr := regexp.MustCompile(`(?m)^CONGVU_ADDR=(\S+)`).FindStringSubmatch(env)
	if addr == nil || !regexp.MustCompile(`(?m)^\s*server `+regexp.QuoteMeta(addr[1])+`;`).MatchString(nginx) {
		t.Errorf("nginx upstream does not proxy to the example CONGVU_ADDR %v", addr)
	}
	if !regexp.MustCompile(`(?m)^CONGVU_TRUST_PROXY=true`).MatchString(env) {
		t.Error("the example environment does not trust the proxy: client addresses would all be nginx's")
	}
	for _, want := range []string{"ExecStart=/usr/local/bin/congvu serve\n", "User=congvu\n", "NoNewPrivileges=yes\n", "ProtectSystem=strict\n",
		"StateDirectory=congvu\n", "EnvironmentFile=/etc/congvu/congvu.env\n", "CapabilityBoundingSet=\n", "PrivateTmp=yes\n"} {
		if !strings.Contains(unit, want) {
			t.Errorf("congvu.service lacks %q", strings.TrimSpace(want))
		}
	}
	if !strings.Contains(backup, "/usr/local/bin/congvu backup --keys-out ") {
		t.Error("congvu-backup.service does not run congvu backup with the keys apart")
	}
	for _, c := range []*command{cmdServe, cmdBackup} {
		if _, _, err := lookup([]string{c.name}); err != nil {
			t.Error(err)
		}
	}
}
