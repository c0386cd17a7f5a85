package backup

import (
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"

	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// A restore that fails half way (here: the key file cannot be written)
// takes back the database and the attachments it wrote, so that the place
// is fresh again for the next attempt.
func TestRestoreTakesBackWhatItWrote(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.SQLite(t)
	dir := t.TempDir()
	files := filepath.Join(dir, "files")
	os.MkdirAll(files, 0o700)
	os.WriteFile(filepath.Join(files, "0123456789abcdef0123456789abcdef"), []byte("ảnh"), 0o600)
	keyFile := filepath.Join(dir, "cv.seal-key")
	os.WriteFile(keyFile, []byte(base64.StdEncoding.EncodeToString(sqldb.NewSealKey())+"\n"), 0o600)
	dest := filepath.Join(dir, "sao-luu")
	if _, err := Take(ctx, Source{DB: db.DSN, Files: files, KeyFile: keyFile}, dest, ""); err != nil {
		t.Fatal(err)
	}

	place := filepath.Join(dir, "moi")
	os.MkdirAll(place, 0o700)
	os.WriteFile(filepath.Join(place, "tep"), nil, 0o600) // not a folder
	target := Target{DB: filepath.Join(place, "cv.db"), Files: filepath.Join(place, "files"), KeyFile: filepath.Join(place, "tep", "cv.seal-key")}
	if _, err := Restore(ctx, target, dest, ""); err == nil {
		t.Fatal("restore wrote a key file under a regular file")
	}
	for _, p := range []string{target.DB, target.Files} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("a failed restore left %s behind", p)
		}
	}
	// A file slipped into the backup after it was taken is not restored:
	// only what the manifest lists and its checksums vouch for is.
	os.WriteFile(filepath.Join(dest, filesDirName, "ffffffffffffffffffffffffffffffff"), []byte("lạ"), 0o600)
	target.KeyFile = filepath.Join(place, "cv.seal-key")
	if _, err := Restore(ctx, target, dest, ""); err != nil {
		t.Fatalf("restore again after a failure: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(target.Files, "0123456789abcdef0123456789abcdef")); err != nil || string(b) != "ảnh" {
		t.Errorf("attachment restored as %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(target.Files, "ffffffffffffffffffffffffffffffff")); err == nil {
		t.Error("a file the manifest does not list was restored")
	}
}
