package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"congvu"
	"congvu/demo"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
)

// syncBuffer is a bytes.Buffer safe for a server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// result is what one invocation printed.
type result struct {
	code           int
	stdout, stderr string
}

// cli runs congvu with an empty environment (plus env) and the given stdin.
func cli(t *testing.T, ctx context.Context, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errb syncBuffer
	code := run(ctx, args, strings.NewReader(stdin), &out, &errb, func(k string) string { return env[k] })
	r := result{code: code, stdout: out.String(), stderr: errb.String()}
	t.Logf("congvu %s -> %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	return r
}

func TestHelp(t *testing.T) {
	ctx := context.Background()
	r := cli(t, ctx, nil, "", "help")
	if r.code != exitOK {
		t.Fatalf("help exit %d", r.code)
	}
	for _, c := range commands {
		if !strings.Contains(r.stdout, c.name) {
			t.Errorf("help does not list %q", c.name)
		}
	}
	if r := cli(t, ctx, nil, ""); r.code != exitUsage || !strings.Contains(r.stderr, "Usage: congvu") {
		t.Errorf("no arguments: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := cli(t, ctx, nil, "", "frobnicate"); r.code != exitUsage || !strings.Contains(r.stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, stderr %q", r.code, r.stderr)
	}
	for _, c := range commands {
		args := append(strings.Fields(c.name), "--help")
		r := cli(t, ctx, nil, "", args...)
		if r.code != exitOK {
			t.Errorf("%s --help: exit %d", c.name, r.code)
		}
		if !strings.Contains(r.stdout, "Usage: congvu "+c.name) {
			t.Errorf("%s --help lacks its usage line:\n%s", c.name, r.stdout)
		}
		if !c.noDB && (!strings.Contains(r.stdout, "Examples") || !strings.Contains(r.stdout, "-db")) {
			t.Errorf("%s --help lacks examples or the --db flag:\n%s", c.name, r.stdout)
		}
		if h := cli(t, ctx, nil, "", append([]string{"help"}, strings.Fields(c.name)...)...); h.stdout != r.stdout {
			t.Errorf("congvu help %s differs from congvu %s --help", c.name, c.name)
		}
	}
	for _, g := range []string{"import", "user"} {
		r := cli(t, ctx, nil, "", g)
		if r.code != exitOK || !strings.Contains(r.stdout, g+" ") {
			t.Errorf("%s alone: exit %d, %q", g, r.code, r.stdout)
		}
	}
	if r := cli(t, ctx, nil, "", "import", "cats", "x"); r.code != exitUsage {
		t.Errorf("import cats: exit %d", r.code)
	}
	if r := cli(t, ctx, nil, "", "migrate", "--bogus"); r.code != exitUsage || !strings.Contains(r.stderr, "bogus") {
		t.Errorf("bad flag: exit %d, %q", r.code, r.stderr)
	}
}

func TestVersion(t *testing.T) {
	r := cli(t, context.Background(), nil, "", "version")
	if r.code != exitOK || !strings.HasPrefix(r.stdout, "congvu "+Version) {
		t.Errorf("version: %d %q", r.code, r.stdout)
	}
}

func TestEnvironmentDefaults(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "from-env.db")
	r := cli(t, context.Background(), map[string]string{envDB: path, envLogFormat: "json"}, "", "migrate")
	if r.code != exitOK {
		t.Fatal(r.stderr)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("CONGVU_DB not used: %v", err)
	}
	if !strings.HasPrefix(strings.TrimSpace(r.stderr), "{") {
		t.Errorf("CONGVU_LOG_FORMAT=json not used: %q", r.stderr)
	}
	if r := cli(t, context.Background(), nil, "", "migrate", "--db", path, "--log-format", "xml"); r.code != exitUsage {
		t.Errorf("bad log format: exit %d", r.code)
	}
}

// TestCommands runs the operator's commands against each engine.
func TestCommands(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		dir := t.TempDir()
		env := map[string]string{envDB: db.DSN, envFiles: filepath.Join(dir, "files")} // the files and the sealing key, not in the checkout
		units := filepath.Join(dir, "hungyen-thaibinh.json")
		if err := os.WriteFile(units, demo.ProvinceFile(), 0o644); err != nil {
			t.Fatal(err)
		}

		r := cli(t, ctx, env, "", "migrate")
		if r.code != exitOK || !strings.Contains(r.stdout, "up to date") {
			t.Fatalf("migrate: %d %q", r.code, r.stdout)
		}

		r = cli(t, ctx, env, "", "import", "units", units)
		if r.code != exitOK || !strings.Contains(r.stdout, "401 created") || !strings.Contains(r.stderr, "\r401/401\n") {
			t.Fatalf("import units: %d %q %q", r.code, r.stdout, r.stderr)
		}
		// Flags may follow the file; importing again changes nothing.
		r = cli(t, ctx, map[string]string{envFiles: env[envFiles]}, "", "import", "units", units, "--db", db.DSN)
		if r.code != exitOK || !strings.Contains(r.stdout, "401 unchanged") {
			t.Fatalf("import units again: %d %q", r.code, r.stdout)
		}
		if r := cli(t, ctx, env, "", "import", "units", filepath.Join(dir, "missing.json")); r.code != exitError {
			t.Errorf("missing file: exit %d", r.code)
		}
		if r := cli(t, ctx, env, "", "import", "units"); r.code != exitUsage {
			t.Errorf("no file: exit %d", r.code)
		}

		csv := filepath.Join(dir, "officials.csv")
		body := strings.Join(org.OfficialCSVColumns, ",") + "\n" +
			"12433,TB-900001,Nguyễn Văn An,Cán bộ,Chủ tịch UBND phường,có,,\n" +
			"12433,TB-900002,Trần Thị Bình,công chức,Công chức Tư pháp - Hộ tịch,không,binhtt@thaibinh.example,\n"
		if err := os.WriteFile(csv, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		r = cli(t, ctx, env, "", "import", "officials", csv)
		if r.code != exitOK || !strings.Contains(r.stdout, "2 created") {
			t.Fatalf("import officials: %d %q", r.code, r.stdout)
		}
		bad := filepath.Join(dir, "bad.csv")
		if err := os.WriteFile(bad, []byte(strings.Join(org.OfficialCSVColumns, ",")+"\n99999,TB-1,X,nobody,,,,\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		r = cli(t, ctx, env, "", "import", "officials", bad)
		if r.code != exitError || !strings.Contains(r.stderr, "dòng 2") {
			t.Errorf("bad CSV: %d %q", r.code, r.stderr)
		}

		plan := filepath.Join(dir, "plan.json")
		if err := os.WriteFile(plan, []byte(`{"effective": "2025-07-01", "decision": "Quyết định thử nghiệm",
			"operations": [{"op": "rename", "from": ["12433"], "name": "Phường Lê Hồng Phong mới"}]}`), 0o644); err != nil {
			t.Fatal(err)
		}
		r = cli(t, ctx, env, "", "import", "restructuring", plan)
		if r.code != exitOK || !strings.Contains(r.stdout, "rename") {
			t.Fatalf("import restructuring: %d %q", r.code, r.stdout)
		}

		const pw = "mật khẩu đủ dài 2026"
		r = cli(t, ctx, env, pw+"\n", "user", "create", "--username", "quantri", "--name", "Quản trị viên", "--role", "admin", "--unit", "VN", "--password-stdin")
		if r.code != exitOK || !strings.Contains(r.stdout, "admin @ ") {
			t.Fatalf("user create: %d %q", r.code, r.stdout)
		}
		r = cli(t, ctx, env, "ngắn\n", "user", "create", "--username", "ngan", "--name", "Mật khẩu ngắn", "--role", "admin", "--password-stdin")
		if r.code != exitError || !strings.Contains(r.stderr, "password") && !strings.Contains(r.stderr, "Mật khẩu") {
			t.Errorf("short password: %d %q", r.code, r.stderr)
		}
		r = cli(t, ctx, env, pw+"\n", "user", "create", "--username", "hotich", "--name", "Trần Thị Bình", "--role", "official", "--unit", "12433", "--official", "TB-900002", "--password-stdin")
		if r.code != exitOK {
			t.Fatalf("user create linked: %d %q", r.code, r.stderr)
		}
		if r := cli(t, ctx, env, "", "user", "create", "--username", "x"); r.code != exitUsage {
			t.Errorf("user create without role: exit %d", r.code)
		}
		r = cli(t, ctx, env, "", "user", "grant", "--username", "hotich", "--role", "inspector", "--unit", "34")
		if r.code != exitOK || !strings.Contains(r.stdout, "inspector @ Tỉnh Thái Bình") {
			t.Fatalf("user grant: %d %q", r.code, r.stdout)
		}
		r = cli(t, ctx, env, "", "user", "grant", "--username", "hotich", "--role", "inspector", "--unit", "34", "--revoke")
		if r.code != exitOK || strings.Contains(r.stdout, "inspector") {
			t.Fatalf("user grant --revoke: %d %q", r.code, r.stdout)
		}
		r = cli(t, ctx, env, "", "user", "list")
		if r.code != exitOK || !strings.Contains(r.stdout, "quantri") || !strings.Contains(r.stdout, "hotich") || !strings.Contains(r.stdout, "2 accounts") {
			t.Fatalf("user list: %d %q", r.code, r.stdout)
		}
		const newPW = "một mật khẩu mới hơn"
		r = cli(t, ctx, env, newPW+"\n", "user", "passwd", "--username", "quantri", "--password-stdin")
		if r.code != exitOK {
			t.Fatalf("user passwd: %d %q", r.code, r.stderr)
		}
		if r := cli(t, ctx, env, "x\n", "user", "passwd", "--username", "nobody", "--password-stdin"); r.code != exitError {
			t.Errorf("passwd of unknown user: exit %d", r.code)
		}

		users := orgsql.NewUserService(db)
		if _, err := users.Authenticate(ctx, "quantri", pw); congvu.ErrorCode(err) != congvu.EUNAUTH {
			t.Errorf("old password still works: %v", err)
		}
		if _, err := users.Authenticate(ctx, "quantri", newPW); err != nil {
			t.Errorf("new password: %v", err)
		}
		// Command-line writes are audited as the system operator.
		sys := congvu.NewContextWithActor(ctx, congvu.SystemActor("test"))
		events, _, err := sqldb.NewAuditService(db).FindAuditEvents(sys, congvu.AuditFilter{Kind: "user.create", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 2 {
			t.Errorf("%d user.create events, want 2", len(events))
		}
		for _, e := range events {
			if !strings.HasPrefix(e.ActorName, "congvu user create") {
				t.Errorf("user.create audited as %q, want the command-line operator", e.ActorName)
			}
		}
		// The DSN is shown without its password.
		if strings.Contains(db.DSN, "@") {
			r := cli(t, ctx, map[string]string{envDB: strings.Replace(db.DSN, "congvu@", "congvu:sekret@", 1), envFiles: env[envFiles]}, "", "migrate")
			if strings.Contains(r.stdout+r.stderr, "sekret") {
				t.Errorf("password of the database URL printed: %s %s", r.stdout, r.stderr)
			}
		}
	})
}

func TestDemoLoadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	ctx := context.Background()
	r := cli(t, ctx, nil, "", "demo", "--load-only", "--db", path)
	if r.code != exitOK || !strings.Contains(r.stdout, "Demo loaded") {
		t.Fatalf("demo: %d %q %q", r.code, r.stdout, r.stderr)
	}
	for _, a := range demo.Accounts() {
		if !strings.Contains(r.stdout, a.Username) || !strings.Contains(r.stdout, a.UnitName) {
			t.Errorf("account %s (%s) not printed", a.Username, a.UnitName)
		}
	}
	if !strings.Contains(r.stdout, demo.Password) {
		t.Error("password not printed")
	}
	// Where to rate and where to see the results, on every run.
	wantLinks := func(out string) {
		t.Helper()
		for _, want := range []string{"ratings (", "http://localhost:8080/danh-gia/", "http://localhost:8080/danh-gia/don-vi/", "http://localhost:8080/kiosk/",
			"http://localhost:8080/danh-gia/ho-so/", "http://localhost:8080/dashboards/units/", "http://localhost:8080/dashboards/officials/", "/badges.pdf",
			"http://localhost:8080/inspections ", "http://localhost:8080/inspection-plans/", "/field ",
			"http://localhost:8080/evaluations?don-vi=", "http://localhost:8080/evaluations/mine ", "http://localhost:8080/emulation/", "/reviews/",
			"http://localhost:8080/training/campaigns/", "/qr ", "http://localhost:8080/training/mine "} {
			if want == "ratings (" && strings.Contains(out, "already") {
				continue
			}
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
	}
	wantLinks(r.stdout)
	r = cli(t, ctx, nil, "", "demo", "--load-only", "--db", path)
	if r.code != exitOK || !strings.Contains(r.stdout, "already") {
		t.Fatalf("demo again: %d %q", r.code, r.stdout)
	}
	wantLinks(r.stdout)
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// serveUntil starts congvu with args and waits until /healthz answers; the
// returned stop cancels the context and returns the exit code.
func serveUntil(t *testing.T, args ...string) (base string, stop func() result) {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append(args, "--addr", addr), strings.NewReader(""), &out, &errb, func(string) string { return "" })
	}()
	base = "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case code := <-done:
			cancel()
			t.Fatalf("server exited with %d: %s", code, errb.String())
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("server did not come up: %s", errb.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	return base, func() result {
		cancel()
		select {
		case code := <-done:
			return result{code: code, stdout: out.String(), stderr: errb.String()}
		case <-time.After(20 * time.Second):
			t.Fatal("server did not stop within 20 s of the signal")
		}
		return result{}
	}
}

func TestServeStopsGracefully(t *testing.T) {
	path := filepath.Join(t.TempDir(), "serve.db")
	base, stop := serveUntil(t, "serve", "--db", path)
	resp, err := http.Get(base + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("API not mounted: %d", resp.StatusCode)
	}
	r := stop()
	if r.code != exitOK {
		t.Errorf("serve exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "listening") || !strings.Contains(r.stderr, "stopped") {
		t.Errorf("log lacks start or stop: %s", r.stderr)
	}
}

func TestBaseURL(t *testing.T) {
	for in, want := range map[string]string{
		"localhost:8080": "http://localhost:8080",
		":8080":          "http://localhost:8080",
		"0.0.0.0:80":     "http://localhost:80",
		"[::1]:8080":     "http://[::1]:8080",
	} {
		if got := baseURL(in); got != want {
			t.Errorf("baseURL(%q) = %q, want %q", in, got, want)
		}
	}
}
