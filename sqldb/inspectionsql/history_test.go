package inspectionsql_test

import (
	"bytes"
	"congvu"
	"congvu/blob"
	"congvu/inspection"
	"congvu/sqldb"
	"congvu/sqldb/inspectionsql"
	"congvu/sqldb/sqldbtest"
	"slices"
	"testing"
	"time"
)

// The period filter takes an inspection's day from its visit (a Vietnam
// day: 23:30 UTC is the next morning), else from the day planned.
func TestInspectionsByPeriod(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		clock := sqldbtest.SetClock(db)
		april := time.Date(2026, 4, 10, 0, 0, 0, 0, time.UTC)
		mk := func(target int64) *inspection.Inspection {
			x, err := f.svc.CreateInspection(f.headP1, inspection.InspectionInput{Origin: inspection.OriginAdhoc, Kind: inspection.KindCheck,
				UnitID: f.x.P1, TargetUnitID: target, Reason: "Phản ánh về thái độ", ScheduledOn: &april})
			if err != nil {
				t.Fatal(err)
			}
			return x
		}
		planned, visited := mk(f.x.D1), mk(f.x.D2)
		clock.Set(time.Date(2026, 3, 5, 23, 30, 0, 0, time.UTC)) // 06:30 on 06/03 in Vietnam
		if _, err := f.svc.StartVisit(f.headP1, visited.ID); err != nil {
			t.Fatal(err)
		}
		vn := func(d int, m time.Month) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, congvu.TimeZone) }
		for _, c := range []struct {
			from, to time.Time
			want     []int64
		}{
			{vn(6, 3), vn(6, 3), []int64{visited.ID}},
			{vn(5, 3), vn(5, 3), nil},
			{vn(1, 4), time.Time{}, []int64{planned.ID}},
			{time.Time{}, vn(10, 4), []int64{planned.ID, visited.ID}},
			{time.Time{}, vn(9, 4), []int64{visited.ID}},
			{vn(11, 4), time.Time{}, nil},
		} {
			list, n, err := f.svc.FindInspections(f.headP1, inspection.Filter{From: c.from, To: c.to})
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, x := range list {
				got = append(got, x.ID)
			}
			slices.Sort(got)
			if !slices.Equal(got, c.want) || n != len(c.want) {
				t.Errorf("%s–%s: %v (%d), want %v", c.from.Format(time.DateOnly), c.to.Format(time.DateOnly), got, n, c.want)
			}
		}
	})
}

// History names who did each step, for the inspecting side only; photos
// are listed for the inspecting side, for the inspected unit once the
// record is closed, never for a sibling.
func TestInspectionHistoryAndPhotoList(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		blobs, err := blob.NewDir(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		ps := inspectionsql.NewPhotoService(db, blobs)
		x := f.adhoc(t, false)
		if x, err = f.svc.GenerateChecklist(f.inspP1, x.ID, inspection.ChecklistInput{Items: []inspection.LineSpec{{ItemCode: "GT-XC"}}}); err != nil {
			t.Fatal(err)
		}
		p, err := ps.AddPhoto(f.headP1, x.Lines[0].ID, "", bytes.NewReader(photoJPEG(t)))
		if err != nil {
			t.Fatal(err)
		}
		h, err := f.svc.History(f.headP1, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range h {
			got = append(got, e.Kind+" "+e.ActorName)
		}
		want := []string{"inspection.create Người thử unit_head", "inspection.checklist Người thử inspector", "inspection.photo.add Người thử unit_head"}
		if !slices.Equal(got, want) {
			t.Fatalf("history %q, want %q", got, want)
		}
		_, err = f.svc.History(f.headD1, x.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = f.svc.History(f.headD2, x.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = f.svc.History(f.supP2, x.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)

		list, err := ps.ListPhotos(f.headP1, x.ID)
		if err != nil || len(list) != 1 || list[0].ID != p.ID || list[0].LineID != x.Lines[0].ID || list[0].InspectionID != x.ID {
			t.Fatalf("photos %+v %v", list, err)
		}
		_, err = ps.ListPhotos(f.headD1, x.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		if _, err := f.svc.RecordLine(f.headP1, x.ID, inspection.LineInput{LineID: x.Lines[0].ID, Result: inspection.ResultKept}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CloseRecord(f.headP1, x.ID); err != nil {
			t.Fatal(err)
		}
		if list, err := ps.ListPhotos(f.headD1, x.ID); err != nil || len(list) != 1 {
			t.Fatalf("the inspected unit lists %v after the record closed: %v", list, err)
		}
		if _, rc, err := ps.OpenPhoto(f.headD1, p.ID); err != nil {
			t.Fatalf("the inspected unit opens the photo after the record closed: %v", err)
		} else {
			rc.Close()
		}
		_, err = ps.ListPhotos(f.headD2, x.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, _, err = ps.OpenPhoto(f.headD2, p.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = f.svc.History(f.headD1, x.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
	})
}
