package inspectionsql_test

// The restructuring and generator tests record lines at chosen instants over
// months, the way RecordLine does (the line's row and its rollups in one
// transaction, see lineRecorder); TestRecordLineKeepsRollups goes through
// the service itself. These helpers write the rows.

import (
	"testing"
	"time"

	"congvu/inspection"
	"congvu/sqldb"
)

func newInspection(t *testing.T, db *sqldb.DB, kind inspection.Kind, target int64) int64 {
	t.Helper()
	var id int64
	now := db.Now().UTC()
	if err := db.Write.QueryRow(`INSERT INTO inspections (kind, unit_id, target_unit_id, origin, status, created_at, updated_at)
		VALUES ($1, 1, $2, 'adhoc', 'in_progress', $3, $3) RETURNING id`, string(kind), target, now).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func insertLine(t *testing.T, tx *sqldb.Tx, insp int64, code string, res inspection.LineResult, at time.Time) int64 {
	var id int64
	if err := tx.QueryRow(`INSERT INTO inspection_lines (inspection_id, position, item_code, item_title, group_code, method, result, recorded_at, updated_at)
		VALUES ($1, 1, $2, $2, 'GT', 'observe', $3, $4, $4) RETURNING id`,
		insp, code, string(res), at.UTC()).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
