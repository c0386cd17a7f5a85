package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
)

func TestGenFeedback(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "gen.db")
	// Without communes and without the national file: a clear refusal.
	r := cli(t, ctx, nil, "", "gen-feedback", "--db", path, "--ratings", "100")
	if r.code != exitError || !strings.Contains(r.stderr, "--units FILE") {
		t.Fatalf("no communes: exit %d, %q", r.code, r.stderr)
	}
	// A small tree: one province, district and two communes.
	db, err := sqldb.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	us := orgsql.NewUnitService(db)
	sys := congvu.NewContextWithActor(ctx, congvu.SystemActor("test"))
	parent := int64(1)
	for _, u := range []org.UnitInput{
		{Code: "34", Name: "Tỉnh Thái Bình", Kind: org.KindProvince},
		{Code: "336", Name: "Huyện Đông Hưng", Kind: org.KindDistrict},
		{Code: "12500", Name: "Xã Đông La", Kind: org.KindCommune},
	} {
		u.ParentID = parent
		created, err := us.CreateUnit(sys, u)
		if err != nil {
			t.Fatal(err)
		}
		parent = created.ID
	}
	if _, err := us.CreateUnit(sys, org.UnitInput{Code: "12501", Name: "Xã Đông Xá", Kind: org.KindCommune, ParentID: parent - 1}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	r = cli(t, ctx, nil, "", "gen-feedback", "--db", path, "--ratings", "500", "--months", "2", "--seed", "7")
	if r.code != exitOK || !strings.Contains(r.stdout, "Generated 500 ratings") || !strings.Contains(r.stdout, "in 2 units; 4 officials created") {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if r := cli(t, ctx, nil, "", "gen-feedback", "--db", path, "--ratings", "0"); r.code != exitUsage {
		t.Errorf("--ratings 0: exit %d", r.code)
	}
}
