package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"congvu"
	"congvu/org"
	"congvu/violation"
)

// TestGenViolations fills a small tree with officials and generated
// violations that the dashboard then counts.
func TestGenViolations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gen.db")
	if r := cli(t, context.Background(), nil, "", "gen-violations", "--db", path, "--violations", "0"); r.code != exitUsage {
		t.Fatalf("--violations 0: exit %d", r.code)
	}
	a := &app{ctx: context.Background(), stdout: io.Discard, stderr: io.Discard, getenv: os.Getenv}
	o, err := a.open(&common{db: path}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("kiểm thử"))
	parent := int64(1)
	for _, u := range []org.UnitInput{{Code: "34", Name: "Tỉnh Thái Bình", Kind: org.KindProvince}, {Code: "34.X", Name: "Xã Vũ Hội", Kind: org.KindCommune}} {
		u.ParentID = parent
		made, err := o.services.Units.CreateUnit(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		parent = made.ID
	}
	o.feedback.Close()
	o.db.Close()
	r := cli(t, context.Background(), nil, "", "gen-violations", "--db", path, "--violations", "200", "--officials", "50", "--years", "2")
	if r.code != exitOK || !strings.Contains(r.stdout, "Generated 200 violations") {
		t.Fatalf("gen-violations: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	o, err = a.open(&common{db: path}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer o.db.Close()
	defer o.feedback.Close()
	sup := &congvu.Actor{UserID: 1, Username: "noivu", Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: 1, UnitPath: congvu.RootUnitPath}}}
	d, err := o.services.ViolationDashboards.Dashboard(congvu.NewContextWithActor(context.Background(), sup), violation.DashboardFilter{From: congvu.Date(o.db.Now()).AddDate(-2, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if d.Total+d.Dismissed != 200 || d.Officials != 50 {
		t.Errorf("dashboard of the country: %d violations, %d dismissed, %d officials; want 200 in all and 50 officials", d.Total, d.Dismissed, d.Officials)
	}
}
