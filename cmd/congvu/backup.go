package main

import (
	"fmt"

	"congvu/sqldb"
	"congvu/sqldb/backup"
)

// The commands backup and restore (package sqldb/backup does the work).

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
func keysSaid(k backup.Keys) string {
	switch k.Where {
	case "inside":
		return "sealing keys inside (keep the backup as secret as the keys)"
	case "apart":
		return "sealing keys written to " + k.File.Path
	}
	return "no sealing key file"
}

var cmdRestore = &command{
	name:    "restore",
	summary: "restore a backup into a fresh place / khôi phục bản sao lưu",
	usage: `Usage: congvu restore [--db PATH|URL] [--files DIR] [--keys-from FILE] BACKUP

Restores the backup directory BACKUP (written by congvu backup) into a fresh
place: --db names a SQLite file that must not exist, or an empty PostgreSQL
database (restored with pg_restore); the attachments folder (--files) must
be absent or empty and the sealing key file beside them must not exist.
Nothing is written before every checksum of the manifest matches, the
backup's migrations are all known to this binary (a backup from a newer
version is refused: restore it with that version) and the keys hold the key
the database needs. The restored SQLite copy must pass PRAGMA
integrity_check. The next congvu serve (or migrate) applies the migrations
of this binary the backup does not have.
Keys written apart (congvu backup --keys-out) come back with --keys-from.
Khôi phục bản sao lưu vào nơi mới (không ghi đè dữ liệu đang có).

Examples:
  congvu restore --db /var/lib/congvu/congvu.db --keys-from /mnt/khoa/congvu-2026-12-07.seal-key /srv/backup/congvu-2026-12-07
  congvu restore --db postgres://congvu@db.internal/congvu_moi --files /srv/congvu-files /srv/backup/congvu-2026-12-07
`,
	run: runRestore,
}

func runRestore(a *app, c *command, args []string) int {
	var cf common
	fs := a.flagSet(c, &cf)
	keysFrom := fs.String("keys-from", "", "the sealing key `FILE` written by backup --keys-out (default: the keys inside the backup)")
	pos, code, done := a.parse(c, fs, args)
	if done {
		return code
	}
	if len(pos) != 1 {
		return a.usageError(c, "give one backup directory")
	}
	m, err := a.restore(&cf, pos[0], *keysFrom)
	if err != nil {
		return a.fail(c, err)
	}
	pending, _ := sqldb.MigrationState(m.Engine, m.Migrations)
	fmt.Fprintf(a.stdout, "Restored the backup of %s into %s: migration %d, %d attachments in %s", m.CreatedAt.Format("2006-01-02 15:04:05 UTC"), redact(cf.db), m.Migration, len(m.Files), filesDir(&cf))
	if m.Keys.Where != "none" {
		fmt.Fprintf(a.stdout, ", sealing keys in %s", sealKeyFile(&cf))
	}
	fmt.Fprintln(a.stdout, ".")
	if len(pending) > 0 {
		fmt.Fprintf(a.stdout, "This binary has %d newer migrations: congvu serve or congvu migrate applies them.\n", len(pending))
	}
	if m.Keys.FromEnv {
		fmt.Fprintf(a.stdout, "The backup was taken with %s set: set it to the same key to open the identities it sealed.\n", sqldb.SealKeyEnv)
	}
	return exitOK
}

// backup takes a backup of the installation cf names into dest; keysOut
// "" puts the keys inside it.
func (a *app) backup(cf *common, dest, keysOut string) (*backup.Manifest, error) {
	return backup.Take(a.ctx, backup.Source{DB: cf.db, Files: filesDir(cf), KeyFile: sealKeyFile(cf),
		EnvKey: a.getenv(sqldb.SealKeyEnv) != "", Version: buildVersion()}, dest, keysOut)
}

// restore restores the backup in src into the fresh place cf names.
func (a *app) restore(cf *common, src, keysFrom string) (*backup.Manifest, error) {
	return backup.Restore(a.ctx, backup.Target{DB: cf.db, Files: filesDir(cf), KeyFile: sealKeyFile(cf), Version: buildVersion()}, src, keysFrom)
}
