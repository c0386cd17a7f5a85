package inspectionsql_test

import (
	"congvu"
	"congvu/inspection"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/inspectionsql"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
	"testing"
)

// EvidenceLine resolves a breached line of a closed record for the owner
// side and the inspected unit; a line still being recorded, a kept line,
// or a reader of another unit get ENOTFOUND.
func TestEvidenceLine(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		tr := sqldbtest.MakeTree(t, db)
		off := sqldbtest.Official(t, orgsql.NewOfficialService(db), tr.D1, "AN", "Nguyễn Văn An", org.CategoryCivilServant)
		s := inspectionsql.NewInspectionService(db, standardsql.NewStandardService(db))
		var id int64
		now := db.Now().UTC()
		if err := db.Write.QueryRow(`INSERT INTO inspections (kind, unit_id, target_unit_id, origin, status, created_at, updated_at)
			VALUES ('check', $1, $2, 'adhoc', 'in_progress', $3, $3) RETURNING id`, tr.P1, tr.D1, now).Scan(&id); err != nil {
			t.Fatal(err)
		}
		line := func(res inspection.LineResult, official any) int64 {
			var l int64
			if err := db.Write.QueryRow(`INSERT INTO inspection_lines (inspection_id, position, item_code, item_title, group_code, method, result,
				official_id, recorded_at, updated_at) VALUES ($1, 1, 'TT-TT', 'Trung thành', 'TT', 'observe', $2, $3, $4, $4) RETURNING id`,
				id, string(res), official, now).Scan(&l); err != nil {
				t.Fatal(err)
			}
			return l
		}
		breached, kept, unitLine := line(inspection.ResultBreached, off.ID), line(inspection.ResultKept, off.ID), line(inspection.ResultBreached, nil)
		owner := sqldbtest.As(sqldbtest.Actor(1, congvu.RoleInspector, tr.P1, tr.P1Path))
		target := sqldbtest.As(sqldbtest.Actor(2, congvu.RoleUnitHead, tr.D1, tr.D1Path))
		sibling := sqldbtest.As(sqldbtest.Actor(3, congvu.RoleUnitHead, tr.D2, tr.D2Path))

		_, err := s.EvidenceLine(owner, breached) // the record is still open
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		if _, err := db.Write.Exec(`UPDATE inspections SET status = 'recorded' WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		ref, err := s.EvidenceLine(owner, breached)
		if err != nil || ref.Kind != congvu.EvidenceInspectionLine || ref.ID != breached || ref.OfficialID != off.ID || ref.UnitID != tr.D1 || ref.ItemCodes[0] != "TT-TT" {
			t.Fatalf("owner: %v %+v", err, ref)
		}
		if ref, err := s.EvidenceLine(target, breached); err != nil || ref.ID != breached {
			t.Fatalf("target: %v %+v", err, ref)
		}
		if ref, err := s.EvidenceLine(owner, unitLine); err != nil || ref.OfficialID != 0 {
			t.Fatalf("unit line: %v %+v", err, ref)
		}
		_, err = s.EvidenceLine(sibling, breached)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = s.EvidenceLine(owner, kept)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = s.EvidenceLine(owner, 999999)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
	})
}
