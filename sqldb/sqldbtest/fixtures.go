package sqldbtest

import (
	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// Fixtures shared by the storage tests of every capability.

// Tree is a small unit tree: two provinces, the first with two districts.
type Tree struct {
	P1, D1, D2, P2                 int64
	P1Path, D1Path, D2Path, P2Path string
}

// MakeTree inserts the small unit tree of Tree under the root.
func MakeTree(t *testing.T, db *sqldb.DB) Tree {
	var x Tree
	x.P1, x.P1Path = Unit(t, db, "/1/", "P1", "Tỉnh Một")
	x.D1, x.D1Path = Unit(t, db, x.P1Path, "P1D1", "Huyện Một")
	x.D2, x.D2Path = Unit(t, db, x.P1Path, "P1D2", "Huyện Hai")
	x.P2, x.P2Path = Unit(t, db, "/1/", "P2", "Tỉnh Hai")
	return x
}

// Official creates an official through the service, as the system.
func Official(t *testing.T, offs *orgsql.OfficialService, unit int64, code, name string, cat org.Category) *org.Official {
	t.Helper()
	o, err := offs.CreateOfficial(Sys(), org.OfficialInput{UnitID: unit, EmployeeCode: code, FullName: name, Category: cat})
	if err != nil {
		t.Fatalf("create official %s: %v", code, err)
	}
	return o
}

// Names lists the employee codes of list, comma-separated, to compare.
func Names(list []*org.Official) string {
	var s []string
	for _, o := range list {
		s = append(s, o.EmployeeCode)
	}
	return strings.Join(s, ",")
}

// Clock is a settable clock for db.Now.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now is the clock's time (use it as db.Now).
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Add moves the clock on by d.
func (c *Clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) { c.mu.Lock(); c.t = t.UTC(); c.mu.Unlock() }

// SetClock makes db use a clock starting at a fixed instant.
func SetClock(db *sqldb.DB) *Clock {
	c := &Clock{t: time.Date(2026, 3, 5, 2, 30, 0, 0, time.UTC)}
	db.Now = c.Now
	return c
}

// Unit inserts a unit under the unit with parentPath and returns its id
// and path (parent path + id + "/").
func Unit(t *testing.T, db *sqldb.DB, parentPath, code, name string) (int64, string) {
	t.Helper()
	segs := strings.Split(strings.Trim(parentPath, "/"), "/")
	var parentID int64
	if err := db.Write.QueryRow(`SELECT id FROM units WHERE path = $1`, parentPath).Scan(&parentID); err != nil {
		t.Fatalf("parent %s: %v", parentPath, err)
	}
	now := db.Now().UTC()
	var id int64
	err := db.Write.QueryRow(`INSERT INTO units (code, name, search_name, kind, parent_id, path, depth, active, created_at, updated_at)
		VALUES ($1, $2, $3, 'agency', $4, '', $5, TRUE, $6, $6) RETURNING id`, code, name, strings.ToLower(name), parentID, len(segs), now).Scan(&id)
	if err != nil {
		t.Fatalf("insert unit %s: %v", code, err)
	}
	path := congvu.PathOf(parentPath, id)
	if _, err := db.Write.Exec(`UPDATE units SET path = $1 WHERE id = $2`, path, id); err != nil {
		t.Fatal(err)
	}
	return id, path
}

// As returns a context acting as a.
func As(a *congvu.Actor) context.Context {
	return congvu.NewContextWithActor(context.Background(), a)
}

// Sys is a context acting as the system (the command line).
func Sys() context.Context { return As(congvu.SystemActor("Kiểm thử")) }

// Actor is an actor holding one role on one unit.
func Actor(id int64, role congvu.Role, unitID int64, path string) *congvu.Actor {
	return &congvu.Actor{UserID: id, Username: "actor" + string(role), FullName: "Người thử " + string(role),
		Grants: []congvu.Grant{{Role: role, UnitID: unitID, UnitPath: path}}}
}

// Code fails the test unless err carries the error code want.
func Code(t *testing.T, err error, want string) {
	t.Helper()
	if got := congvu.ErrorCode(err); got != want {
		t.Fatalf("error code %q (%v), want %q", got, err, want)
	}
}

// Count runs a query returning one number.
func Count(t *testing.T, db *sqldb.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Read.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// Password is a valid password of the users the fixtures create.
const Password = "Mật-khẩu-đủ-dài-1"

// User creates an active user with one grant through the service.
func User(t *testing.T, us *orgsql.UserService, username string, role congvu.Role, unitID int64) *org.User {
	t.Helper()
	u, err := us.CreateUser(Sys(), org.UserInput{Username: username, FullName: "Người dùng " + username, Password: Password,
		Active: true, Grants: []congvu.Grant{{Role: role, UnitID: unitID}}})
	if err != nil {
		t.Fatalf("create user %s: %v", username, err)
	}
	return u
}

// DiscardLog silences the internal-error log of tests that provoke errors.
func DiscardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// NextDay moves db's clock on by a day, whatever clock it uses: those who
// do not review feedback see a rating from the next day on
// (feedback.VisibleUntil). Call it between requests, not during one.
func NextDay(db *sqldb.DB) {
	now := db.Now
	db.Now = func() time.Time { return now().Add(24 * time.Hour) }
}
