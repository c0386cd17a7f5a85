package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
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

// backupFormat names the layout in the manifest; restore refuses others.
const backupFormat = "congvu-backup/1"

// The names inside a backup.
const (
	manifestName  = "manifest.json"
	sqliteName    = "congvu.db"
	pgdumpName    = "congvu.pgdump"
	filesDirName  = "files"
	keysInside    = "keys/congvu.seal-key"
	partialSuffix = ".partial"
)

// manifest describes a backup.
type manifest struct {
	Format    string    `json:"format"`
	Version   string    `json:"congvu_version"` // the binary that wrote it
	Engine    string    `json:"engine"`
	CreatedAt time.Time `json:"created_at"`
	// Migrations are the names applied in the copy; Migration is the
	// number of the latest.
	Migrations []string `json:"migrations"`
	Migration  int      `json:"migration"`
	// Database is the snapshot or the dump.
	Database fileSum `json:"database"`
	// Files are the attachments, under files/.
	Files []fileSum `json:"files"`
	Keys  keysInfo  `json:"keys"`
}

// fileSum is one file of a backup, its path relative to the backup.
type fileSum struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// keysInfo says where the sealing keys of a backup are.
type keysInfo struct {
	// Where is "inside" (keys/ of the backup), "apart" (the file given to
	// --keys-out) or "none" (no key file existed).
	Where string `json:"where"`
	// File is the key file copied: its checksum, and its path inside the
	// backup or the path it was written to.
	File *fileSum `json:"file,omitempty"`
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

var cmdBackup = &command{
	name:    "backup",
	summary: "copy the database, attachments and keys while serving / sao lưu",
	usage: `Usage: congvu backup [--db PATH|URL] [--files DIR] (--with-keys | --keys-out FILE) DEST

Writes a backup to the directory DEST (which must not exist), while the
servers keep running: a consistent copy of the database, the attachments
folder and the sealing keys, with a manifest of sizes and SHA-256 checksums
(see docs/deploy.md). Every write committed before the copy began is in it.
  SQLite      a snapshot taken with VACUUM INTO (one read transaction: writers
              are not stopped)
  PostgreSQL  pg_dump --format=custom, which must be installed (the
              postgresql-client package of the server's major version)
The sealing keys open reporters' identities: whoever holds both the database
and the keys can read them. --keys-out FILE writes them apart (another disk,
another custodian: recommended); --with-keys puts them inside DEST.
Sao lưu cơ sở dữ liệu, tệp đính kèm và khóa niêm phong khi máy chủ đang chạy.

Examples:
  congvu backup --db /var/lib/congvu/congvu.db --keys-out /mnt/khoa/congvu-2026-12-07.seal-key /srv/backup/congvu-2026-12-07
  congvu backup --db postgres://congvu@db.internal/congvu --files /srv/congvu-files --with-keys /srv/backup/congvu-2026-12-07
`,
	run: runBackup,
}

func runBackup(a *app, c *command, args []string) int {
	var cf common
	fs := a.flagSet(c, &cf)
	withKeys := fs.Bool("with-keys", false, "put the sealing keys inside the backup")
	keysOut := fs.String("keys-out", "", "write the sealing keys to `FILE` (must not exist), apart from the backup")
	pos, code, done := a.parse(c, fs, args)
	if done {
		return code
	}
	if len(pos) != 1 {
		return a.usageError(c, "give one destination directory")
	}
	if *withKeys == (*keysOut != "") {
		return a.usageError(c, "say where the sealing keys go: --keys-out FILE (apart from the backup, recommended) or --with-keys (inside it)")
	}
	m, err := a.backup(&cf, pos[0], *keysOut)
	if err != nil {
		return a.fail(c, err)
	}
	fmt.Fprintf(a.stdout, "Backup written to %s: %s database at migration %d, %d attachments, %s.\n", pos[0], m.Engine, m.Migration, len(m.Files), keysSaid(m.Keys))
	if m.Keys.FromEnv {
		fmt.Fprintf(a.stdout, "%s is set: its key is not in this backup; keep its value in the key backup.\n", sqldb.SealKeyEnv)
	}
	return exitOK
}

// keysSaid tells where the keys went.
func keysSaid(k keysInfo) string {
	switch k.Where {
	case "inside":
		return "sealing keys inside (keep the backup as secret as the keys)"
	case "apart":
		return "sealing keys written to " + k.File.Path
	}
	return "no sealing key file"
}

// backup writes the backup of cf to dest; keysOut "" puts the keys inside.
func (a *app) backup(cf *common, dest, keysOut string) (*manifest, error) {
	ctx := a.ctx
	if _, err := os.Lstat(dest); err == nil {
		return nil, fmt.Errorf("%s exists: a backup goes into a new directory", dest)
	}
	if keysOut != "" {
		if _, err := os.Lstat(keysOut); err == nil {
			return nil, fmt.Errorf("%s exists: the keys go into a new file", keysOut)
		}
	}
	tmp := dest + partialSuffix
	if _, err := os.Lstat(tmp); err == nil {
		return nil, fmt.Errorf("%s exists, left by a backup that did not finish: delete it first", tmp)
	}
	isPG := isPostgres(cf.db)
	if !isPG {
		// sqldb.Open would create a missing file.
		if _, err := os.Stat(sqlitePath(cf.db)); err != nil {
			return nil, fmt.Errorf("database: %w", err)
		}
	}
	db, err := sqldb.Open(cf.db)
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
	m := &manifest{Format: backupFormat, Version: buildVersion(), Engine: db.Engine, CreatedAt: time.Now().UTC()}

	// The database first, then the files: an attachment is written before
	// the row naming it commits, so every one the copy names is on disk.
	var state dbState
	if isPG {
		state, err = pgDump(ctx, db, cf.db, filepath.Join(tmp, pgdumpName))
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
	if m.Files, err = copyTree(ctx, filesDir(cf), filepath.Join(tmp, filesDirName), filesDirName); err != nil {
		return nil, fmt.Errorf("attachments: %w", err)
	}
	if m.Keys, err = backupKeys(sealKeyFile(cf), tmp, keysOut, state.sealCheck, a.getenv(sqldb.SealKeyEnv) != ""); err != nil {
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
func backupKeys(keyFile, backup, keysOut, recorded string, fromEnv bool) (keysInfo, error) {
	k := keysInfo{Where: "none", Recorded: recorded, FromEnv: fromEnv}
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
	if recorded != "" && !fromEnv && !contains(checks, recorded) {
		return k, fmt.Errorf("the sealing key file %s does not hold the key the database records (%.12s): it is not this database's", keyFile, recorded)
	}
	k.Checks = checks
	target := filepath.Join(backup, keysInside)
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
	sum.Path = keysInside
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
func copyTree(ctx context.Context, src, dst, prefix string) ([]fileSum, error) {
	if err := os.MkdirAll(dst, 0o700); err != nil {
		return nil, err
	}
	var out []fileSum
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
func copyFile(src, dst string, perm fs.FileMode) (fileSum, error) {
	in, err := os.Open(src)
	if err != nil {
		return fileSum{}, err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return fileSum{}, err
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
		return fileSum{}, err
	}
	return fileSum{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// sumFile returns the size and checksum of dir/rel.
func sumFile(dir, rel string) (fileSum, error) {
	f, err := os.Open(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		return fileSum{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return fileSum{}, err
	}
	return fileSum{Path: rel, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
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

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// isPostgres reports whether dsn is a PostgreSQL URL.
func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// sqlitePath is the file of a SQLite dsn.
func sqlitePath(dsn string) string {
	return strings.TrimPrefix(strings.SplitN(dsn, "?", 2)[0], "file:")
}
