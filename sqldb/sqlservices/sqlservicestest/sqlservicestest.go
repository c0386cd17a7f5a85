// Package sqlservicestest wires every service on a test database.
package sqlservicestest

import (
	"congvu/blob"
	"congvu/sqldb"
	"congvu/sqldb/sqlservices"
	"context"
	"testing"
)

// Wire wires every service on db for a test: attachments in a temporary
// folder, the national catalog seeded, the feedback batcher closed before
// the database (cleanups run last first).
func Wire(t testing.TB, db *sqldb.DB) *sqlservices.Wired {
	t.Helper()
	blobs, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w := sqlservices.New(db, blobs)
	t.Cleanup(w.Feedback.Close)
	if _, err := w.Standards.EnsureCatalog(context.Background()); err != nil {
		t.Fatal(err)
	}
	return w
}
