package inspectionsql_test

// This file stands in for the core's tables and recording (migration 0023)
// until they are merged, and is replaced then by the core's service.

import (
	"testing"
	"time"

	"congvu/inspection"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

func ensureCoreTables(t *testing.T, db *sqldb.DB) {
	t.Helper()
	id := "INTEGER PRIMARY KEY"
	if db.Engine == sqldb.Postgres {
		id = "BIGSERIAL PRIMARY KEY"
	}
	for _, q := range []string{
		`CREATE TABLE IF NOT EXISTS inspections (id ` + id + `, kind TEXT NOT NULL, target_unit_id BIGINT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS inspection_lines (id ` + id + `, inspection_id BIGINT NOT NULL, item_code TEXT NOT NULL, result TEXT NOT NULL, recorded_at TIMESTAMP)`,
	} {
		if _, err := db.Write.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

func newInspection(t *testing.T, db *sqldb.DB, kind inspection.Kind, target int64) int64 {
	t.Helper()
	ensureCoreTables(t, db)
	var id int64
	if err := db.Write.QueryRow(`INSERT INTO inspections (kind, target_unit_id) VALUES ($1, $2) RETURNING id`, string(kind), target).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func insertLine(t *testing.T, tx *sqldb.Tx, insp int64, code string, res inspection.LineResult, at time.Time) int64 {
	var id int64
	if err := tx.QueryRow(`INSERT INTO inspection_lines (inspection_id, item_code, result, recorded_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		insp, code, string(res), at.UTC()).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

var _ = sqldbtest.Sys
