package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"congvu/privacy"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// TestReadyz checks that /readyz tells a load balancer the truth on both
// engines: ready once migrated with the background work running; 503 with
// the failing check named when a migration is missing, when the database
// holds one this binary does not know, when the background work stopped,
// and when the database is closed.
func TestReadyz(t *testing.T) {
	for engine, dsn := range sqldbtest.EmptyDSNs(t) {
		t.Run(engine, func(t *testing.T) {
			a := &app{ctx: context.Background(), stdout: io.Discard, stderr: io.Discard, getenv: os.Getenv}
			o, err := a.open(&common{db: dsn, files: t.TempDir() + "/files"}, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				t.Fatal(err)
			}
			defer o.db.Close()
			defer o.feedback.Close()
			srv, err := newWebServer(context.Background(), o, "", "", false, false, false, privacy.Config{})
			if err != nil {
				t.Fatal(err)
			}
			ts := httptest.NewServer(srv.Handler())
			defer ts.Close()
			probe := func(wantCode int, want map[string]string) {
				t.Helper()
				res, err := http.Get(ts.URL + "/readyz")
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				var body struct {
					Status string            `json:"status"`
					Checks map[string]string `json:"checks"`
				}
				if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
					t.Fatal(err)
				}
				wantStatus := map[int]string{200: "ready", 503: "unavailable"}[wantCode]
				if res.StatusCode != wantCode || body.Status != wantStatus || res.Header.Get("Content-Type") != "application/json" {
					t.Errorf("readyz %d %q, want %d %q", res.StatusCode, body.Status, wantCode, wantStatus)
				}
				for k, v := range want {
					if body.Checks[k] != v {
						t.Errorf("readyz check %s = %q, want %q (all: %v)", k, body.Checks[k], v, body.Checks)
					}
				}
			}
			probe(503, map[string]string{"database": "ok", "migrations": "ok", "background": "fail"}) // not started yet
			stop := startBackground(context.Background(), o, nil, time.Hour)
			probe(200, map[string]string{"database": "ok", "migrations": "ok", "background": "ok"})

			names := sqldb.MigrationNames(o.db.Engine)
			last := names[len(names)-1]
			if _, err := o.db.Write.Exec(`DELETE FROM schema_migrations WHERE name = $1`, last); err != nil {
				t.Fatal(err)
			}
			probe(503, map[string]string{"database": "ok", "migrations": "fail"})
			if _, err := o.db.Write.Exec(`INSERT INTO schema_migrations (name, applied_at) VALUES ($1, '2026-01-01T00:00:00Z')`, last); err != nil {
				t.Fatal(err)
			}
			probe(200, nil)
			if _, err := o.db.Write.Exec(`INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_from_the_future.sql', '2030-01-01T00:00:00Z')`); err != nil {
				t.Fatal(err)
			}
			probe(503, map[string]string{"migrations": "fail"})
			if _, err := o.db.Write.Exec(`DELETE FROM schema_migrations WHERE name = '9999_from_the_future.sql'`); err != nil {
				t.Fatal(err)
			}
			stop()
			probe(503, map[string]string{"database": "ok", "migrations": "ok", "background": "fail"})

			o.db.Close()
			probe(503, map[string]string{"database": "fail", "migrations": "fail"})
		})
	}
}
