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
)

// TestGenTraining fills a small tree with officials and a generated year
// of training whose national rollup counts every official once.
func TestGenTraining(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gen.db")
	if r := cli(t, context.Background(), nil, "", "gen-training", "--db", path, "--year", "1999"); r.code != exitUsage {
		t.Fatalf("--year 1999: exit %d", r.code)
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
	r := cli(t, context.Background(), nil, "", "gen-training", "--db", path, "--officials", "60", "--year", "2025")
	if r.code != exitOK || !strings.Contains(r.stdout, "Generated 3 campaigns") || !strings.Contains(r.stdout, "for 60 officials (60 created)") {
		t.Fatalf("gen-training: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	if r := cli(t, context.Background(), nil, "", "gen-training", "--db", path, "--officials", "60", "--year", "2025"); r.code == exitOK {
		t.Fatalf("a second run over 2025: exit %d: %s", r.code, r.stdout)
	}
	o, err = a.open(&common{db: path}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer o.db.Close()
	defer o.feedback.Close()
	var assigned, completed int
	if err := o.db.Read.QueryRow(`SELECT assigned, completed FROM training_rollups WHERE unit_id = 1 AND year = 2025 AND campaign_id = 0`).Scan(&assigned, &completed); err != nil {
		t.Fatal(err)
	}
	if assigned != 60 || completed == 0 || completed == 60 {
		t.Errorf("the country's year 2025: %d officials, %d complete; want 60, some but not all complete", assigned, completed)
	}
}
