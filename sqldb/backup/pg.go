package backup

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"

	"congvu/sqldb"
)

// PostgreSQL backups are pg_dump's custom format, restored with
// pg_restore: both must be installed (package postgresql-client of the
// server's major version or later). The binary does not reimplement them.

// pgManualSteps is what to do by hand when pg_dump or pg_restore is missing.
const pgManualSteps = `install the PostgreSQL client tools (postgresql-client, the server's major version or later), or follow docs/deploy.md by hand:
  pg_dump --format=custom --file=DEST/congvu.pgdump 'postgres://…'      # consistent: one snapshot
  cp -a ATTACHMENTS_FOLDER DEST/files                                   # after the dump, not before
  cp -a KEY_FILE KEY_BACKUP                                             # the sealing keys, apart
and to restore, into an empty database:
  pg_restore --exit-on-error --single-transaction --no-owner --no-privileges --dbname='postgres://…' DEST/congvu.pgdump`

// pgTool finds a PostgreSQL client program.
func pgTool(name string) (string, error) {
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s is not installed: %s", name, pgManualSteps)
	}
	return p, nil
}

// pgConn turns a congvu database URL into what libpq programs take: the URL
// without its password (given in PGPASSWORD, so that it is not on a command
// line others may list) and without pgx's search_path parameter, which
// names the schema instead.
func pgConn(dsn string) (conn, password, schema string, err error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", "", "", fmt.Errorf("database URL: %w", err)
	}
	if u.User != nil {
		password, _ = u.User.Password()
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	schema = q.Get("search_path")
	q.Del("search_path")
	u.RawQuery = q.Encode()
	return u.String(), password, schema, nil
}

// runPG runs a PostgreSQL client program, its errors carrying its stderr.
func runPG(ctx context.Context, tool, password string, args ...string) error {
	p, err := pgTool(tool)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, p, args...)
	cmd.Env = os.Environ()
	if password != "" {
		cmd.Env = append(cmd.Env, "PGPASSWORD="+password)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %v: %s", tool, err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// pgDump dumps the database of dsn to out, and reads its migrations and
// recorded key check, which must be the same before and after the dump.
func pgDump(ctx context.Context, db *sqldb.DB, dsn, out string) (dbState, error) {
	if _, err := pgTool("pg_dump"); err != nil {
		return dbState{}, err
	}
	conn, password, schema, err := pgConn(dsn)
	if err != nil {
		return dbState{}, err
	}
	before, err := liveState(ctx, db)
	if err != nil {
		return dbState{}, err
	}
	args := []string{"--format=custom", "--file=" + out, "--dbname=" + conn}
	if schema != "" {
		args = append(args, "--schema="+schema)
	}
	if err := runPG(ctx, "pg_dump", password, args...); err != nil {
		return dbState{}, err
	}
	after, err := liveState(ctx, db)
	if err != nil {
		return dbState{}, err
	}
	if strings.Join(before.migrations, ",") != strings.Join(after.migrations, ",") || before.sealCheck != after.sealCheck {
		return dbState{}, errors.New("the database was migrated, or its sealing key rotated, during the backup: take it again")
	}
	return after, nil
}

// liveState reads the migrations and the key check of a database.
func liveState(ctx context.Context, db *sqldb.DB) (dbState, error) {
	var s dbState
	var err error
	if s.migrations, err = sqldb.AppliedMigrations(ctx, db.Read); err != nil {
		return s, err
	}
	s.sealCheck, err = sqldb.SealCheckOf(ctx, db.Read)
	return s, err
}

// pgRestore restores the dump into the database of dsn, which must hold no
// table in its schema, and reads back what it holds.
func pgRestore(ctx context.Context, dsn, dump string) (dbState, error) {
	if _, err := pgTool("pg_restore"); err != nil {
		return dbState{}, err
	}
	conn, password, _, err := pgConn(dsn)
	if err != nil {
		return dbState{}, err
	}
	db, err := sqldb.Open(dsn)
	if err != nil {
		return dbState{}, err
	}
	defer db.Close()
	var tables int
	if err := db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()`).Scan(&tables); err != nil {
		return dbState{}, fmt.Errorf("inspect the target database: %w", err)
	}
	if tables > 0 {
		return dbState{}, fmt.Errorf("the target database %s already holds %d tables: restore into an empty database (createdb)", redact(dsn), tables)
	}
	if err := runPG(ctx, "pg_restore", password, "--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges", "--dbname="+conn, dump); err != nil {
		return dbState{}, err
	}
	return liveState(ctx, db)
}
