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

// Rotation end to end: the first start writes the key file (0600) beside
// the database; seal rotate adds a key, seal reseal seals every identity
// again under it, after which the file with the new key alone opens them
// all (a second reseal finds nothing to do and fails on nothing).
func TestSealRotateAndReseal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seal.db")
	keyFile := path + ".seal-key"
	a := &app{ctx: context.Background(), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
	o, err := a.open(&common{db: path}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("kiểm thử"))
	parent := int64(1)
	for _, u := range []org.UnitInput{{Code: "34", Name: "Tỉnh Thái Bình", Kind: org.KindProvince}, {Code: "34.D", Name: "Huyện Vũ Thư", Kind: org.KindDistrict},
		{Code: "34.D.X", Name: "Xã Vũ Hội", Kind: org.KindCommune}} {
		u.ParentID = parent
		made, err := o.services.Units.CreateUnit(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		parent = made.ID
	}
	o.feedback.Close()
	o.db.Close()
	if st, err := os.Stat(keyFile); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file beside the database: %v %v", st, err)
	}
	env := map[string]string{envDB: path}
	if r := cli(t, context.Background(), env, "", "gen-petitions", "--petitions", "60"); r.code != exitOK {
		t.Fatalf("gen-petitions: %s", r.stderr)
	}
	if r := cli(t, context.Background(), env, "", "seal", "rotate"); r.code != exitOK {
		t.Fatalf("seal rotate: %s", r.stderr)
	}
	lines := func() []string {
		b, err := os.ReadFile(keyFile)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, l := range strings.Split(string(b), "\n") {
			if l != "" && !strings.HasPrefix(l, "#") {
				keys = append(keys, l)
			}
		}
		return keys
	}
	keys := lines()
	if len(keys) != 2 {
		t.Fatalf("%d keys after rotation", len(keys))
	}
	r := cli(t, context.Background(), env, "", "seal", "reseal")
	if r.code != exitOK || strings.HasPrefix(r.stdout, "0 ") {
		t.Fatalf("seal reseal: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	if err := os.WriteFile(keyFile, []byte(keys[1]+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := cli(t, context.Background(), env, "", "seal", "reseal"); r.code != exitOK || !strings.HasPrefix(r.stdout, "0 ") {
		t.Fatalf("with the new key alone: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	if r := cli(t, context.Background(), map[string]string{envDB: path, "CONGVU_SEAL_KEY": keys[1]}, "", "seal", "rotate"); r.code == exitOK {
		t.Error("rotated the file while CONGVU_SEAL_KEY seals")
	}
}
