// Package sqldb implements every Công vụ service on database/sql, once, for
// both SQLite (modernc.org/sqlite) and PostgreSQL (pgx). SQL is hand-written
// with $N placeholders, which both drivers bind by number.
package sqldb

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"sort"
	"strings"
	"time"

	"congvu"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // driver "pgx"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations
var migrations embed.FS

// Engine names.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB is a Công vụ database on either engine.
type DB struct {
	// Write is the pool used for transactions that write. On SQLite it has
	// one connection, so writers queue in Go instead of fighting for the
	// file lock; on PostgreSQL it is the same pool as Read.
	Write *sql.DB
	// Read is the pool for queries.
	Read *sql.DB
	// Engine is SQLite or Postgres.
	Engine string
	// DSN is what Open was given.
	DSN string
	// Now returns the current time; tests replace it.
	Now func() time.Time
	// Log receives internal errors.
	Log *slog.Logger

	// Seal holds the keys that seal reporters' identities, kept outside
	// the database (see LoadSealKeys); the binary sets it after Open.
	Seal *SealKeys

	days dayKeys // the pseudonym keys of the days in use (daykeys.go)
}

// Open opens a database: a postgres:// URL, or a SQLite file path (created if
// absent). It does not migrate; call Migrate.
func Open(dsn string) (*DB, error) {
	db := &DB{DSN: dsn, Now: time.Now, Log: slog.Default()}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		db.Engine = Postgres
		pool, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		pool.SetMaxOpenConns(32)
		pool.SetMaxIdleConns(32)
		pool.SetConnMaxIdleTime(5 * time.Minute)
		db.Read, db.Write = pool, pool
	} else {
		db.Engine = SQLite
		path := strings.TrimPrefix(dsn, "file:")
		if path == "" {
			return nil, errors.New("empty database path")
		}
		q := url.Values{}
		q.Add("_pragma", "busy_timeout(10000)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "foreign_keys(1)")
		q.Add("_pragma", "synchronous(FULL)")
		q.Add("_pragma", "temp_store(MEMORY)")
		q.Add("_txlock", "immediate")
		full := "file:" + path + "?" + q.Encode()
		w, err := sql.Open(sqliteCached, full)
		if err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		w.SetMaxOpenConns(1)
		r, err := sql.Open(sqliteCached, full)
		if err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		// Keep every reader open: database/sql keeps only two idle by
		// default, and reopening one costs its pragmas and its statements.
		r.SetMaxOpenConns(8)
		r.SetMaxIdleConns(8)
		r.SetConnMaxIdleTime(0)
		db.Write, db.Read = w, r
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for try := 1; ; try++ {
		err := db.Write.PingContext(ctx)
		if err == nil {
			break
		}
		// Servers opening a new SQLite file together race to turn it to
		// WAL; SQLite answers the loser BUSY at once (no busy handler for
		// that lock), and the next connection finds WAL already on.
		if !isBusy(err) || ctx.Err() != nil {
			db.Close()
			return nil, fmt.Errorf("connect to %s database: %w", db.Engine, err)
		}
		time.Sleep(time.Duration(try) * 10 * time.Millisecond)
	}
	return db, nil
}

// isBusy reports whether err is SQLite's SQLITE_BUSY (5), in any of its
// extended forms.
func isBusy(err error) bool {
	var coded interface{ Code() int }
	return errors.As(err, &coded) && coded.Code()&0xff == 5
}

// Close closes the pools.
func (db *DB) Close() error {
	err := db.Write.Close()
	if db.Read != db.Write {
		if e := db.Read.Close(); err == nil {
			err = e
		}
	}
	return err
}

// migrationLock is the PostgreSQL advisory lock key that Migrate holds, so
// that several servers starting at once migrate one after the other.
const migrationLock = 0x636f6e67767521 // "congvu!"

// renamedMigrations maps former migration names to their names now. Two
// migrations once shared the number 0003; a database that applied one under
// its old name has it recorded under the new one, not applied twice.
var renamedMigrations = map[string]string{
	"0003_feedback_dossier_code.sql": "0006_feedback_dossier_code.sql",
}

// Migrate applies the migrations not yet applied, each in its own
// transaction, and returns the names it applied. On PostgreSQL it holds an
// advisory lock meanwhile, so servers started together do not race.
func (db *DB) Migrate(ctx context.Context) ([]string, error) {
	conn, err := db.Write.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	if db.Engine == Postgres {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
			return nil, fmt.Errorf("migration lock: %w", err)
		}
		defer func() {
			if _, err := conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock); err != nil {
				// A session still holding the lock must not go back to the
				// pool, or other servers would wait on it for ever.
				conn.Raw(func(any) error { return driver.ErrBadConn })
			}
		}()
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	for old, now := range renamedMigrations {
		if _, err := conn.ExecContext(ctx, `UPDATE schema_migrations SET name = $1 WHERE name = $2`, now, old); err != nil {
			return nil, fmt.Errorf("rename migration %s: %w", old, err)
		}
	}
	names, err := fs.Glob(migrations, "migrations/"+db.Engine+"/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var applied []string
	for _, path := range names {
		name := path[strings.LastIndex(path, "/")+1:]
		body, err := migrations.ReadFile(path)
		if err != nil {
			return applied, err
		}
		// A SQLite migration that rebuilds a table others refer to says so
		// on its first line: foreign keys are off while it runs (they cannot
		// be switched inside a transaction) and checked before it commits.
		fkOff := db.Engine == SQLite && bytes.HasPrefix(body, []byte(fkOffMarker))
		if fkOff {
			if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
				return applied, err
			}
		}
		ok, err := db.migrate(ctx, conn, name, body, fkOff)
		if fkOff {
			if _, ferr := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`); ferr != nil && err == nil {
				err = ferr
			}
		}
		if err != nil {
			return applied, err
		}
		if ok {
			applied = append(applied, name)
		}
	}
	return applied, nil
}

// fkOffMarker starts a SQLite migration that runs with foreign keys off.
const fkOffMarker = "-- congvu:foreign-keys-off"

// migrate applies one migration in its own transaction unless it was
// applied already; it reports whether it applied it.
func (db *DB) migrate(ctx context.Context, conn *sql.Conn, name string, body []byte, checkKeys bool) (bool, error) {
	// Checked inside the transaction: on SQLite it holds the write lock
	// (immediate), so a second server waits and then skips.
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = $1`, name).Scan(&n); err != nil {
		tx.Rollback()
		return false, err
	}
	if n > 0 {
		tx.Rollback()
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		tx.Rollback()
		return false, fmt.Errorf("migration %s: %w", name, err)
	}
	if checkKeys {
		rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
		if err != nil {
			tx.Rollback()
			return false, fmt.Errorf("migration %s: %w", name, err)
		}
		bad := rows.Next()
		rows.Close()
		if bad {
			tx.Rollback()
			return false, fmt.Errorf("migration %s: foreign keys broken", name)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)`, name, db.Now().UTC().Format(time.RFC3339)); err != nil {
		tx.Rollback()
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, err
	}
	return true, nil
}

// MigrationNames lists the migration file names of an engine.
func MigrationNames(engine string) []string {
	names, _ := fs.Glob(migrations, "migrations/"+engine+"/*.sql")
	for i, n := range names {
		names[i] = n[strings.LastIndex(n, "/")+1:]
	}
	sort.Strings(names)
	return names
}

// Tx is a write transaction that knows its actor and collects audit events.
type Tx struct {
	*sql.Tx
	// DB is the database the transaction runs on.
	DB *DB
	// Ctx is the context the transaction began with (its actor, its
	// request's metadata).
	Ctx context.Context
	// Actor is who writes, recorded in the audit events.
	Actor *congvu.Actor
	// Now is the time of the transaction, in UTC: every row it writes and
	// every audit event carry it.
	Now time.Time
}

// Begin starts a write transaction.
func (db *DB) Begin(ctx context.Context) (*Tx, error) {
	tx, err := db.Write.BeginTx(ctx, nil)
	if err != nil {
		return nil, db.Internal("begin", err)
	}
	return &Tx{Tx: tx, DB: db, Ctx: ctx, Actor: congvu.ActorFromContext(ctx), Now: db.Now().UTC()}, nil
}

// inTx runs fn in a write transaction, committing when it returns nil.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := db.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return db.Internal("commit", err)
	}
	return nil
}

// Audit records an event in the transaction. before and after are
// marshalled to JSON (nil stays NULL).
func (tx *Tx) Audit(kind, entityType string, entityID, unitID int64, before, after any) error {
	var actorID sql.NullInt64
	name, key := "hệ thống", "system"
	if a := tx.Actor; a != nil && a.UserID > 0 {
		actorID = sql.NullInt64{Int64: a.UserID, Valid: true}
		name, key = a.FullName, a.Username
		if a.TokenID != 0 {
			key += " (API)"
		}
	} else if a != nil && a.Username != "" {
		name, key = a.FullName, a.Username
	}
	b, err := jsonOrNull(before)
	if err != nil {
		return err
	}
	af, err := jsonOrNull(after)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(tx.Ctx, `INSERT INTO audit_events (at, actor_id, actor_name, actor_key, unit_id, kind, entity_type, entity_id, before_json, after_json, ip)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		tx.Now, actorID, name, key, NullID(unitID), kind, entityType, NullID(entityID), b, af, congvu.MetaFromContext(tx.Ctx).IP)
	if err != nil {
		return tx.DB.Internal("audit", err)
	}
	return nil
}

func jsonOrNull(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	if string(b) == "null" {
		return nil, nil
	}
	return string(b), nil
}

func NullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// internal logs err and returns an EINTERNAL error that hides it.
func (db *DB) Internal(op string, err error) error {
	if err == nil {
		return nil
	}
	var ce *congvu.Error
	if errors.As(err, &ce) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &congvu.Error{Code: congvu.EINTERNAL, Message: "request cancelled"}
	}
	db.Log.Error("database error", "op", op, "engine", db.Engine, "err", err)
	return &congvu.Error{Code: congvu.EINTERNAL, Message: op + ": " + err.Error()}
}

// IsUniqueViolation reports whether err is a unique-constraint violation,
// recognised by driver error code (PostgreSQL 23505, SQLite constraint codes).
func IsUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// scanner is a *sql.Row or *sql.Rows.
type Scanner interface{ Scan(dest ...any) error }

// querier runs queries on a pool or in a transaction.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// utc converts a time read from the database to UTC (pgx returns local time).
func UTC(t time.Time) time.Time { return t.UTC() }

func UTCPtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// args collects query arguments and hands out $N placeholders.
type Args []any

func (a *Args) Add(v any) string {
	*a = append(*a, v)
	return fmt.Sprintf("$%d", len(*a))
}

// scopeClause returns a SQL condition limiting col (a unit path column) to
// the given subtrees, or "1=0" when there are none.
func ScopeClause(col string, paths []string, a *Args) string {
	if len(paths) == 0 {
		return "1=0"
	}
	var parts []string
	for _, p := range paths {
		parts = append(parts, fmt.Sprintf("(%s >= %s AND %s < %s)", col, a.Add(p), col, a.Add(congvu.SubtreeUpper(p))))
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// Unprepared returns the arguments of a statement whose text is seldom run
// twice (it holds literal values, such as a search's words): on PostgreSQL
// it is then run in one round trip without being kept prepared on the
// connection, where each distinct text would take a slot of the driver's
// statement cache (512 a connection) and memory of the server until
// evicted.
func (db *DB) Unprepared(args []any) []any {
	if db.Engine != Postgres {
		return args
	}
	return append([]any{pgx.QueryExecModeExec}, args...)
}

// queryAll runs query on q and scans every row with scan. Errors are
// wrapped as internal, named by op.
func QueryAll[T any](ctx context.Context, db *DB, q Querier, op, query string, scan func(Scanner) (T, error), args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, db.Internal(op, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, db.Internal(op, err)
		}
		out = append(out, v)
	}
	return out, db.Internal(op, rows.Err())
}

// MigrationBody returns the text of migration name (a file name of
// MigrationNames) of engine.
func MigrationBody(engine, name string) ([]byte, error) {
	return migrations.ReadFile("migrations/" + engine + "/" + name)
}
