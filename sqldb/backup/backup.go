// Package backup takes and restores backups of a Công vụ installation
// while it serves: a consistent copy of the database (SQLite VACUUM INTO,
// or pg_dump), the attachments folder and the sealing keys, with a manifest
// of checksums; it restores them into a fresh place only. The commands
// congvu backup and congvu restore call it; docs/deploy.md tells how.
package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"congvu/sqldb"
)

// A backup is a directory (see docs/deploy.md):
//
//	manifest.json       what follows, with sizes and SHA-256 checksums
//	congvu.db           SQLite: a consistent snapshot (VACUUM INTO)
//	congvu.pgdump       PostgreSQL: pg_dump --format=custom
//	files/              the attachments folder, file by file
//	keys/congvu.seal-key  the sealing keys, with --with-keys only
//
// It is written as DEST.partial and renamed to DEST once complete, so a
// directory named DEST is always a whole backup.

// Format names the layout in the manifest; Restore refuses others.
const Format = "congvu-backup/1"

// The names inside a backup.
const (
	manifestName = "manifest.json"
	sqliteName   = "congvu.db"
	pgdumpName   = "congvu.pgdump"
	filesDirName = "files"
	// KeysInside is where the keys are in a backup that holds them.
	KeysInside = "keys/congvu.seal-key"
	// Partial ends the name of a backup being written.
	Partial = ".partial"
)

// Manifest describes a backup (its manifest.json).
type Manifest struct {
	Format    string    `json:"format"`
	Version   string    `json:"congvu_version"` // the binary that wrote it
	Engine    string    `json:"engine"`
	CreatedAt time.Time `json:"created_at"`
	// Migrations are the names applied in the copy; Migration is the
	// number of the latest.
	Migrations []string `json:"migrations"`
	Migration  int      `json:"migration"`
	// Database is the snapshot or the dump.
	Database FileSum `json:"database"`
	// Files are the attachments, under files/.
	Files []FileSum `json:"files"`
	Keys  Keys      `json:"keys"`
}

// FileSum is one file of a backup, its path relative to the backup.
type FileSum struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Keys says where the sealing keys of a backup are.
type Keys struct {
	// Where is "inside" (keys/ of the backup), "apart" (the file given to
	// --keys-out) or "none" (no key file existed).
	Where string `json:"where"`
	// File is the key file copied: its checksum, and its path inside the
	// backup or the path it was written to.
	File *FileSum `json:"file,omitempty"`
	// Checks identify the keys of the file (sqldb.SealKeyCheck), oldest
	// first, without revealing them.
	Checks []string `json:"checks,omitempty"`
	// Recorded is the check of the key the database says seals: the key a
	// restore needs.
	Recorded string `json:"recorded,omitempty"`
	// FromEnv says that CONGVU_SEAL_KEY held a key when the backup was
	// taken: that key is not in the backup.
	FromEnv bool `json:"from_env,omitempty"`
}

// Source is what a backup copies: the database (a SQLite file path or a
// postgres:// URL), the attachments folder and the sealing key file, as the
// server finds them.
type Source struct {
	DB, Files, KeyFile string
	// EnvKey says that CONGVU_SEAL_KEY holds a key (not in any file).
	EnvKey bool
	// Version names the binary in the manifest.
	Version string
}

// Take writes a backup of src to the new directory dest, while the server
// writes: the database first (a consistent copy), then the attachments,
// then the key file — inside dest, or to the new file keysOut when not "".
func Take(ctx context.Context, src Source, dest, keysOut string) (*Manifest, error) {
	if _, err := os.Lstat(dest); err == nil {
		return nil, fmt.Errorf("%s exists: a backup goes into a new directory", dest)
	}
	if keysOut != "" {
		if _, err := os.Lstat(keysOut); err == nil {
			return nil, fmt.Errorf("%s exists: the keys go into a new file", keysOut)
		}
	}
	tmp := dest + Partial
	if _, err := os.Lstat(tmp); err == nil {
		return nil, fmt.Errorf("%s exists, left by a backup that did not finish: delete it first", tmp)
	}
	isPG := isPostgres(src.DB)
	if !isPG {
		// sqldb.Open would create a missing file.
		if _, err := os.Stat(sqlitePath(src.DB)); err != nil {
			return nil, fmt.Errorf("database: %w", err)
		}
	}
	db, err := sqldb.Open(src.DB)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if err := os.MkdirAll(tmp, 0o700); err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	m := &Manifest{Format: Format, Version: src.Version, Engine: db.Engine, CreatedAt: time.Now().UTC()}

	// The database first, then the files: an attachment is written before
	// the row naming it commits, so every one the copy names is on disk.
	var state dbState
	if isPG {
		state, err = pgDump(ctx, db, src.DB, filepath.Join(tmp, pgdumpName))
		m.Database.Path = pgdumpName
	} else {
		state, err = snapshotSQLite(ctx, db, filepath.Join(tmp, sqliteName))
		m.Database.Path = sqliteName
	}
	if err != nil {
		return nil, err
	}
	m.Migrations, m.Keys.Recorded = state.migrations, state.sealCheck
	m.Migration = migrationNumber(m.Migrations)
	if m.Database, err = sumFile(tmp, m.Database.Path); err != nil {
		return nil, err
	}
	if m.Files, err = copyTree(ctx, src.Files, filepath.Join(tmp, filesDirName), filesDirName); err != nil {
		return nil, fmt.Errorf("attachments: %w", err)
	}
	if m.Keys, err = backupKeys(src.KeyFile, tmp, keysOut, state.sealCheck, src.EnvKey); err != nil {
		return nil, err
	}
	if err := writeJSON(filepath.Join(tmp, manifestName), m); err != nil {
		return nil, err
	}
	if err := syncDir(tmp); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, dest); err != nil {
		return nil, err
	}
	ok = true
	return m, syncDir(filepath.Dir(dest))
}

// dbState is what a backup reads in its copy of the database.
type dbState struct {
	migrations []string
	sealCheck  string
}

// snapshotSQLite copies the database to path and checks the copy.
func snapshotSQLite(ctx context.Context, db *sqldb.DB, path string) (dbState, error) {
	if err := db.SnapshotSQLite(ctx, path); err != nil {
		return dbState{}, err
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return dbState{}, err
	}
	return readSQLiteCopy(ctx, path)
}

// readSQLiteCopy checks the integrity of a SQLite copy and reads its
// migrations and recorded key check.
func readSQLiteCopy(ctx context.Context, path string) (dbState, error) {
	cp, err := sqldb.OpenSQLiteCopy(path)
	if err != nil {
		return dbState{}, err
	}
	defer cp.Close()
	if err := sqldb.IntegrityCheck(ctx, cp); err != nil {
		return dbState{}, fmt.Errorf("%s: %w", path, err)
	}
	var s dbState
	if s.migrations, err = sqldb.AppliedMigrations(ctx, cp); err != nil {
		return dbState{}, err
	}
	if s.sealCheck, err = sqldb.SealCheckOf(ctx, cp); err != nil {
		return dbState{}, err
	}
	return s, nil
}

// backupKeys copies the key file inside the backup (keysOut "") or to
// keysOut, and checks that it holds the key the database needs.
func backupKeys(keyFile, backup, keysOut, recorded string, fromEnv bool) (Keys, error) {
	k := Keys{Where: "none", Recorded: recorded, FromEnv: fromEnv}
	checks, err := sqldb.SealKeyFileChecks(keyFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if recorded != "" && !fromEnv {
			return k, fmt.Errorf("the sealing key file %s is missing while the database records a key: nothing could open the identities of this backup", keyFile)
		}
		return k, nil
	case err != nil:
		return k, err
	}
	if recorded != "" && !fromEnv && !slices.Contains(checks, recorded) {
		return k, fmt.Errorf("the sealing key file %s does not hold the key the database records (%.12s): it is not this database's", keyFile, recorded)
	}
	k.Checks = checks
	target := filepath.Join(backup, KeysInside)
	k.Where = "inside"
	if keysOut != "" {
		target, k.Where = keysOut, "apart"
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		return k, err
	}
	sum, err := copyFile(keyFile, target, 0o600)
	if err != nil {
		return k, fmt.Errorf("copy the sealing keys: %w", err)
	}
	sum.Path = KeysInside
	if keysOut != "" {
		sum.Path = keysOut
	}
	k.File = &sum
	return k, nil
}

// migrationNumber is the number of the latest migration name ("0040_x.sql": 40).
func migrationNumber(names []string) int {
	if len(names) == 0 {
		return 0
	}
	last := names[len(names)-1]
	num, _, _ := strings.Cut(last, "_")
	n, _ := strconv.Atoi(num)
	return n
}

// copyTree copies every regular file under src into dst (created), and
// returns them with their paths under prefix; blob stores' unfinished
// ".put-*" files are left out. A missing src is an empty tree.
func copyTree(ctx context.Context, src, dst, prefix string) ([]FileSum, error) {
	if err := os.MkdirAll(dst, 0o700); err != nil {
		return nil, err
	}
	var out []FileSum
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && path == src {
			return fs.SkipAll
		}
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			if rel != "." {
				return os.MkdirAll(filepath.Join(dst, rel), 0o700)
			}
			return nil
		case !d.Type().IsRegular() || strings.HasPrefix(d.Name(), ".put-"):
			return nil
		}
		sum, err := copyFile(path, filepath.Join(dst, rel), 0o600)
		if errors.Is(err, fs.ErrNotExist) {
			// Deleted since the snapshot: only attachments never joined
			// to a petition (orphans, a discarded upload) are deleted.
			return nil
		}
		if err != nil {
			return err
		}
		sum.Path = filepath.ToSlash(filepath.Join(prefix, rel))
		out = append(out, sum)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, syncDir(dst)
}

// copyFile copies src to dst (which must not exist) with mode perm,
// synced, and returns its size and checksum.
func copyFile(src, dst string, perm fs.FileMode) (FileSum, error) {
	in, err := os.Open(src)
	if err != nil {
		return FileSum{}, err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return FileSum{}, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
		return FileSum{}, err
	}
	return FileSum{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// sumFile returns the size and checksum of dir/rel.
func sumFile(dir, rel string) (FileSum, error) {
	f, err := os.Open(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		return FileSum{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return FileSum{}, err
	}
	return FileSum{Path: rel, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// writeJSON writes v to path, synced.
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err = f.Write(append(b, '\n')); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir makes the entries of dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// redact hides the password of a database URL.
func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		return u.Redacted()
	}
	return dsn
}

// isPostgres reports whether dsn is a PostgreSQL URL.
func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// sqlitePath is the file of a SQLite dsn.
func sqlitePath(dsn string) string {
	return strings.TrimPrefix(strings.SplitN(dsn, "?", 2)[0], "file:")
}
