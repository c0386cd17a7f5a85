package backup

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"congvu/sqldb"
)

// Target is where a backup is restored: a new SQLite file or an empty
// PostgreSQL database, an absent or empty attachments folder, and the key
// file the server will read (which must not exist).
type Target struct {
	DB, Files, KeyFile string
	// Version names the binary in messages.
	Version string
}

// Restore checks the backup in src (every checksum, its migrations known
// to this binary, keys that open it) and that t is fresh, before writing
// anything; then restores it. keysFrom is the key file to restore when
// the backup's keys were written apart ("": those inside the backup).
func Restore(ctx context.Context, t Target, src, keysFrom string) (*Manifest, error) {
	m, err := ReadManifest(src)
	if err != nil {
		return nil, err
	}
	isPG := isPostgres(t.DB)
	if want := map[bool]string{true: sqldb.Postgres, false: sqldb.SQLite}[isPG]; m.Engine != want {
		return nil, fmt.Errorf("the backup is of a %s database; --db names a %s one", m.Engine, want)
	}
	if _, unknown := sqldb.MigrationState(m.Engine, m.Migrations); len(unknown) > 0 {
		return nil, fmt.Errorf("the backup comes from a newer version of congvu (%s): its migration %s is unknown to this binary (%s); restore it with that version or a later one",
			m.Version, unknown[0], t.Version)
	}
	// Every checksum, before anything is written.
	for _, f := range append([]FileSum{m.Database}, m.Files...) {
		if err := verifySum(src, f); err != nil {
			return nil, err
		}
	}
	keys, err := restoreKeySource(src, m, keysFrom)
	if err != nil {
		return nil, err
	}
	// The target must be fresh.
	if !isPG {
		if err := freshSQLite(sqlitePath(t.DB)); err != nil {
			return nil, err
		}
	}
	files, keyFile := t.Files, t.KeyFile
	if err := emptyOrAbsent(files); err != nil {
		return nil, err
	}
	if keys != "" {
		if _, err := os.Lstat(keyFile); err == nil {
			return nil, fmt.Errorf("the sealing key file %s exists: restore into a fresh place, or move it away first", keyFile)
		}
	}
	_, statErr := os.Stat(files)
	filesExisted := statErr == nil
	if err := restoreInto(ctx, t, src, m, keys, isPG); err != nil {
		// Take back what was written: the place was fresh.
		if filesExisted {
			entries, _ := os.ReadDir(files)
			for _, e := range entries {
				os.RemoveAll(filepath.Join(files, e.Name()))
			}
		} else {
			os.RemoveAll(files)
		}
		if keys != "" {
			os.Remove(keyFile)
		}
		if isPG {
			err = fmt.Errorf("%w (the database %s may hold part of the backup: drop it and create it again before retrying)", err, redact(t.DB))
		}
		return nil, err
	}
	return m, nil
}

// restoreInto writes the backup into the place t, checked fresh.
func restoreInto(ctx context.Context, t Target, src string, m *Manifest, keys string, isPG bool) (err error) {
	dump := filepath.Join(src, filepath.FromSlash(m.Database.Path))
	var restored dbState
	if isPG {
		restored, err = pgRestore(ctx, t.DB, dump)
	} else {
		restored, err = restoreSQLite(ctx, dump, sqlitePath(t.DB))
	}
	if err != nil {
		return err
	}
	if !isPG {
		defer func() {
			if err != nil { // the file restored is ours: take it back
				os.Remove(sqlitePath(t.DB))
			}
		}()
	}
	if strings.Join(restored.migrations, ",") != strings.Join(m.Migrations, ",") {
		return fmt.Errorf("the restored database has migrations %d, the manifest says %d: the backup is not what its manifest describes", migrationNumber(restored.migrations), m.Migration)
	}
	if err := restoreFiles(ctx, src, m.Files, t.Files); err != nil {
		return fmt.Errorf("attachments: %w", err)
	}
	if keys != "" {
		if _, err := copyFile(keys, t.KeyFile, 0o600); err != nil {
			return fmt.Errorf("sealing keys: %w", err)
		}
		if err := syncDir(filepath.Dir(t.KeyFile)); err != nil {
			return err
		}
	}
	return nil
}

// ReadManifest reads and checks the manifest of the backup in src.
func ReadManifest(src string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(src, manifestName))
	if errors.Is(err, fs.ErrNotExist) {
		if _, perr := os.Stat(src + Partial); perr == nil || strings.HasSuffix(src, Partial) {
			return nil, fmt.Errorf("%s is a backup that did not finish: take another one", src)
		}
		return nil, fmt.Errorf("%s is not a congvu backup (no %s)", src, manifestName)
	}
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", manifestName, err)
	}
	if m.Format != Format {
		return nil, fmt.Errorf("%s: format %q, this binary reads %q", manifestName, m.Format, Format)
	}
	return &m, nil
}

// verifySum checks one file of a backup against the manifest.
func verifySum(src string, want FileSum) error {
	clean := path.Clean(want.Path)
	if clean != want.Path || path.IsAbs(clean) || strings.HasPrefix(clean, "../") || clean == ".." {
		return fmt.Errorf("%s names a file outside the backup: %q", manifestName, want.Path)
	}
	got, err := sumFile(src, want.Path)
	if err != nil {
		return fmt.Errorf("backup file %s: %w", want.Path, err)
	}
	if got.Size != want.Size || got.SHA256 != want.SHA256 {
		return fmt.Errorf("backup file %s does not match its checksum: the backup is damaged", want.Path)
	}
	return nil
}

// restoreKeySource returns the key file to restore ("" when the backup had
// none), checked: its checksum when it is the backup's own, and in every
// case that it holds the key the database records.
func restoreKeySource(src string, m *Manifest, keysFrom string) (string, error) {
	k := m.Keys
	var file string
	switch {
	case keysFrom != "":
		// The file written then, or the key file of today: after a
		// rotation it still holds the older keys, checked below.
		file = keysFrom
	case k.Where == "inside":
		if k.File == nil {
			return "", fmt.Errorf("%s: keys inside, but no key file named", manifestName)
		}
		if err := verifySum(src, *k.File); err != nil {
			return "", err
		}
		file = filepath.Join(src, filepath.FromSlash(k.File.Path))
	case k.Where == "apart":
		return "", fmt.Errorf("this backup's sealing keys were written apart, to %s: give that file with --keys-from", k.File.Path)
	default:
		return "", nil
	}
	checks, err := sqldb.SealKeyFileChecks(file)
	if err != nil {
		return "", fmt.Errorf("sealing keys: %w", err)
	}
	if k.Recorded != "" && !k.FromEnv && !slices.Contains(checks, k.Recorded) {
		return "", fmt.Errorf("the sealing key file %s does not hold the key this database needs (%.12s): the identities could not be opened", file, k.Recorded)
	}
	return file, nil
}

// emptyOrAbsent refuses a folder that holds anything.
func emptyOrAbsent(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("the attachments folder %s is not empty: restore into a fresh place", dir)
	}
	return nil
}

// restoreSQLite copies the snapshot src to the new file dst, checks the
// copy, and returns what it holds.
func restoreSQLite(ctx context.Context, src, dst string) (dbState, error) {
	if err := freshSQLite(dst); err != nil {
		return dbState{}, err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return dbState{}, err
	}
	tmp := dst + Partial
	os.Remove(tmp)
	if _, err := copyFile(src, tmp, 0o600); err != nil {
		return dbState{}, err
	}
	s, err := readSQLiteCopy(ctx, tmp)
	if err != nil {
		os.Remove(tmp)
		return dbState{}, err
	}
	if _, err := os.Lstat(dst); err == nil {
		os.Remove(tmp)
		return dbState{}, fmt.Errorf("%s appeared meanwhile: nothing restored", dst)
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return dbState{}, err
	}
	return s, syncDir(filepath.Dir(dst))
}

// freshSQLite refuses a SQLite target that exists.
func freshSQLite(dst string) error {
	for _, p := range []string{dst, dst + "-wal", dst + "-shm", dst + "-journal"} {
		if _, err := os.Lstat(p); err == nil {
			return fmt.Errorf("%s exists: restore into a fresh place (a new file), or move it away first", p)
		}
	}
	return nil
}

// restoreFiles copies the attachments the manifest lists, and only them,
// into dst, each checked again against its checksum as it is copied.
func restoreFiles(ctx context.Context, src string, list []FileSum, dst string) error {
	if err := os.MkdirAll(dst, 0o700); err != nil {
		return err
	}
	dirs := map[string]bool{dst: true}
	for _, f := range list {
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, ok := strings.CutPrefix(f.Path, filesDirName+"/")
		if !ok {
			return fmt.Errorf("%s lists %q outside %s/", manifestName, f.Path, filesDirName)
		}
		to := filepath.Join(dst, filepath.FromSlash(rel))
		if dir := filepath.Dir(to); !dirs[dir] {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return err
			}
			dirs[dir] = true
		}
		got, err := copyFile(filepath.Join(src, filepath.FromSlash(f.Path)), to, 0o600)
		if err != nil {
			return err
		}
		if got.Size != f.Size || got.SHA256 != f.SHA256 {
			return fmt.Errorf("backup file %s changed while it was restored", f.Path)
		}
	}
	for dir := range dirs {
		if err := syncDir(dir); err != nil {
			return err
		}
	}
	return nil
}
