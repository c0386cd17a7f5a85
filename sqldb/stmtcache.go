package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"strings"

	"modernc.org/sqlite"
)

// The SQLite driver parses every query anew: on a page that runs a few
// queries that parse was a quarter of the CPU. cachingDriver keeps each
// connection's prepared statements by SQL text and reuses them, as
// PostgreSQL's driver does for its own connections.

func init() { sql.Register(sqliteCached, &cachingDriver{inner: &sqlite.Driver{}}) }

// sqliteCached is the driver name of modernc's SQLite with a statement cache.
const sqliteCached = "sqlite-cached"

// maxCachedStmts bounds each connection's cache; queries beyond it run
// uncached. The services have far fewer distinct query texts.
const maxCachedStmts = 512

type cachingDriver struct{ inner driver.Driver }

func (d *cachingDriver) Open(name string) (driver.Conn, error) {
	c, err := d.inner.Open(name)
	if err != nil {
		return nil, err
	}
	return &cachingConn{inner: c, stmts: map[string]*cachedStmt{}}, nil
}

type cachedStmt struct {
	stmt driver.Stmt
	busy bool // its rows are open: another use needs a statement of its own
}

// cachingConn is one SQLite connection. database/sql uses a connection from
// one goroutine at a time, so the cache needs no lock.
type cachingConn struct {
	inner driver.Conn
	stmts map[string]*cachedStmt
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	e := c.stmts[query]
	if e == nil && len(c.stmts) < maxCachedStmts && !strings.Contains(query, ";") {
		st, err := c.inner.(driver.ConnPrepareContext).PrepareContext(ctx, query)
		if err != nil {
			return nil, err
		}
		e = &cachedStmt{stmt: st}
		c.stmts[query] = e
	}
	if e == nil || e.busy {
		return c.inner.(driver.QueryerContext).QueryContext(ctx, query, args)
	}
	rows, err := e.stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	e.busy = true
	return &cachedRows{Rows: rows, e: e}, nil
}

// cachedRows frees its statement for reuse when closed.
type cachedRows struct {
	driver.Rows
	e *cachedStmt
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.e.busy = false
	return err
}

func (c *cachingConn) Close() error {
	var errs []error
	for _, e := range c.stmts {
		errs = append(errs, e.stmt.Close())
	}
	c.stmts = nil
	return errors.Join(append(errs, c.inner.Close())...)
}

// The rest is the inner connection's.

func (c *cachingConn) Prepare(query string) (driver.Stmt, error) { return c.inner.Prepare(query) }

// Begin is part of driver.Conn; database/sql calls BeginTx instead.
func (c *cachingConn) Begin() (driver.Tx, error) {
	return c.inner.(driver.ConnBeginTx).BeginTx(context.Background(), driver.TxOptions{})
}
func (c *cachingConn) BeginTx(ctx context.Context, o driver.TxOptions) (driver.Tx, error) {
	return c.inner.(driver.ConnBeginTx).BeginTx(ctx, o)
}
func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.inner.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}
func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.inner.(driver.ExecerContext).ExecContext(ctx, query, args)
}
func (c *cachingConn) Ping(ctx context.Context) error { return c.inner.(driver.Pinger).Ping(ctx) }
func (c *cachingConn) ResetSession(ctx context.Context) error {
	return c.inner.(driver.SessionResetter).ResetSession(ctx)
}
func (c *cachingConn) IsValid() bool { return c.inner.(driver.Validator).IsValid() }
