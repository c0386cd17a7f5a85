package inspectionsql_test

import (
	"testing"

	"congvu/inspection"
	"congvu/sqldb"
)

// axInspection stores a thanh tra of target by owner, at status, with its
// conclusion issued when concluded or closed: the state the core's
// workflow leaves it in.
func axInspection(t *testing.T, db *sqldb.DB, owner, target, lead int64, status inspection.Status) int64 {
	t.Helper()
	concl := inspection.ConclusionDraft
	if status == inspection.StatusConcluded || status == inspection.StatusClosed {
		concl = inspection.ConclusionIssued
	}
	now := db.Now().UTC()
	var id int64
	err := db.Write.QueryRow(`INSERT INTO inspections (origin, kind, unit_id, target_unit_id, status, lead_user_id, conclusion_status, created_at, updated_at)
		VALUES ('adhoc', $1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, string(inspection.KindInspection), owner, target, string(status), lead, string(concl), now).Scan(&id)
	if err != nil {
		t.Fatalf("insert inspection: %v", err)
	}
	return id
}

func inspectionStatus(t *testing.T, db *sqldb.DB, id int64) string {
	t.Helper()
	var s string
	if err := db.Read.QueryRow(`SELECT status FROM inspections WHERE id = $1`, id).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}
