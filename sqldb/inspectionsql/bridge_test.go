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
	ts := "TIMESTAMP"
	if db.Engine == sqldb.Postgres {
		ts = "TIMESTAMPTZ"
	}
	for _, q := range []string{
		`CREATE TABLE IF NOT EXISTS inspections (id ` + id + `, plan_id BIGINT, kind TEXT NOT NULL, unit_id BIGINT NOT NULL DEFAULT 1,
			target_unit_id BIGINT NOT NULL, origin TEXT NOT NULL DEFAULT 'adhoc', reason TEXT NOT NULL DEFAULT '', unannounced BOOLEAN NOT NULL DEFAULT FALSE,
			status TEXT NOT NULL DEFAULT 'in_progress', scheduled_on DATE, visited_at ` + ts + `, conclusion_status TEXT NOT NULL DEFAULT '', issued_at ` + ts + `,
			created_at ` + ts + `, updated_at ` + ts + `)`,
		`CREATE TABLE IF NOT EXISTS inspection_lines (id ` + id + `, inspection_id BIGINT NOT NULL, position INTEGER NOT NULL DEFAULT 1,
			item_code TEXT NOT NULL, item_title TEXT NOT NULL DEFAULT '', group_code TEXT NOT NULL DEFAULT '', method TEXT NOT NULL DEFAULT '',
			sample INTEGER NOT NULL DEFAULT 0, result TEXT NOT NULL DEFAULT '', recorded_at ` + ts + `, updated_at ` + ts + `)`,
	} {
		if _, err := db.Write.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

// EnsureCoreTables is ensureCoreTables for other test packages' files.
var _ = ensureCoreTables

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
