package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// What backups, restores and readiness checks need of the database: a
// consistent copy of a SQLite file taken while the server writes, the
// migrations applied, and whether they are the binary's.

// SnapshotSQLite writes a consistent copy of the SQLite database to path
// (which must not exist) with VACUUM INTO, on a reading connection: in WAL
// mode it is one read transaction, so writers go on meanwhile and the copy
// holds exactly the transactions committed before it began.
func (db *DB) SnapshotSQLite(ctx context.Context, path string) error {
	if db.Engine != SQLite {
		return errors.New("snapshot: not a SQLite database (use pg_dump)")
	}
	if _, err := db.Read.ExecContext(ctx, `VACUUM INTO $1`, path); err != nil {
		return fmt.Errorf("snapshot into %s: %w", path, err)
	}
	return nil
}

// OpenSQLiteCopy opens a SQLite file that nothing else writes (a backup,
// or a copy just restored) for reading only, without creating a journal or
// a WAL beside it.
func OpenSQLiteCopy(path string) (*sql.DB, error) {
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("immutable", "1")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// IntegrityCheck runs SQLite's PRAGMA integrity_check on q and returns an
// error listing what it found unless it answers "ok".
func IntegrityCheck(ctx context.Context, q Querier) error {
	rows, err := q.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return fmt.Errorf("integrity check: %w", err)
		}
		found = append(found, s)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(found) != 1 || found[0] != "ok" {
		return fmt.Errorf("integrity check failed: %s", strings.Join(found, "; "))
	}
	return nil
}

// AppliedMigrations lists the names recorded in schema_migrations of q,
// sorted; none when the table does not exist yet is an error.
func AppliedMigrations(ctx context.Context, q Querier) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("read schema_migrations: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// SealCheckOf returns the check of the sealing key recorded in q ("" when
// none): the key a restored database needs (see SealKeyCheck).
func SealCheckOf(ctx context.Context, q Querier) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, sealCheckSetting).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// MigrationState compares the applied migrations with the binary's
// (MigrationNames of engine): pending are the binary's not applied yet,
// unknown the applied ones the binary does not know (a newer version
// migrated the database).
func MigrationState(engine string, applied []string) (pending, unknown []string) {
	known := MigrationNames(engine)
	for _, n := range known {
		if !slices.Contains(applied, n) {
			pending = append(pending, n)
		}
	}
	for _, n := range applied {
		if !slices.Contains(known, n) && renamedMigrations[n] == "" {
			unknown = append(unknown, n)
		}
	}
	return pending, unknown
}

// MigrationsCurrent reports, with the reason as its error, whether the
// database's migrations are exactly the binary's: none pending, none
// unknown. Readiness checks call it.
func (db *DB) MigrationsCurrent(ctx context.Context) error {
	applied, err := AppliedMigrations(ctx, db.Read)
	if err != nil {
		return err
	}
	pending, unknown := MigrationState(db.Engine, applied)
	switch {
	case len(pending) > 0:
		return fmt.Errorf("%d migrations pending, the first %s", len(pending), pending[0])
	case len(unknown) > 0:
		return fmt.Errorf("the database has %d migrations this binary does not know, the first %s: a newer version migrated it", len(unknown), unknown[0])
	}
	return nil
}

// SealKeyFileChecks returns the check (SealKeyCheck) of every key of a
// sealing key file, oldest first, refusing a file others may read as
// LoadSealKeys does.
func SealKeyFileChecks(path string) ([]string, error) {
	keys, err := readSealKeyFile(path)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = SealKeyCheck(k)
	}
	return out, nil
}
