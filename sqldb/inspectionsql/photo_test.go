package inspectionsql_test

import (
	"bytes"
	"congvu"
	"congvu/blob"
	"congvu/inspection"
	"congvu/sqldb"
	"congvu/sqldb/inspectionsql"
	"congvu/sqldb/sqldbtest"
	"image"
	"image/jpeg"
	"io"
	"strings"
	"testing"
)

// photoJPEG is a small JPEG with an EXIF segment holding a GPS position.
func photoJPEG(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 16, 16)), nil); err != nil {
		t.Fatal(err)
	}
	payload := []byte("Exif\x00\x00MM\x00\x2a GPS 20.4463N 106.3366E")
	raw := b.Bytes()
	seg := append([]byte{0xFF, 0xE1, 0, byte(len(payload) + 2)}, payload...)
	return append(append(append([]byte{}, raw[:2]...), seg...), raw[2:]...)
}

// A photo of a line is stored once per client key, without its metadata,
// only by who may run the inspection, and no more once the record closed.
func TestLinePhotosIdempotentAndClean(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		blobs, err := blob.NewDir(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		ps := inspectionsql.NewPhotoService(db, blobs)
		x := f.adhoc(t, false)
		if x, err = f.svc.GenerateChecklist(f.headP1, x.ID, inspection.ChecklistInput{Groups: []string{"GT"}}); err != nil {
			t.Fatal(err)
		}
		line := x.Lines[0].ID
		var first *inspection.Photo
		for range 2 { // the answer was lost: sent again with its key
			p, err := ps.AddPhoto(f.headP1, line, "photo-key-1", bytes.NewReader(photoJPEG(t)))
			if err != nil {
				t.Fatal(err)
			}
			if first != nil && p.ID != first.ID {
				t.Fatalf("second photo %d for one key (first %d)", p.ID, first.ID)
			}
			first = p
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM inspection_photos WHERE line_id = $1`, line); n != 1 {
			t.Fatalf("%d photos, want 1", n)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'inspection.photo.add' AND entity_id = $1`, x.ID); n != 1 {
			t.Fatalf("%d audit events, want 1", n)
		}
		p, rc, err := ps.OpenPhoto(f.headP1, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if p.ContentType != "image/jpeg" || bytes.Contains(b, []byte("GPS")) {
			t.Fatalf("stored %s with its metadata", p.ContentType)
		}
		counts, err := ps.PhotoCounts(f.headP1, x.ID)
		if err != nil || counts[line] != 1 {
			t.Fatalf("counts %v %v", counts, err)
		}
		// Not an image; the inspected unit; a sibling unit.
		_, err = ps.AddPhoto(f.headP1, line, "photo-key-2", strings.NewReader("%PDF-1.4\n%%EOF\n"))
		sqldbtest.Code(t, err, congvu.EINVALID)
		_, err = ps.AddPhoto(f.headD1, line, "photo-key-3", bytes.NewReader(photoJPEG(t)))
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = ps.AddPhoto(f.headD2, line, "photo-key-4", bytes.NewReader(photoJPEG(t)))
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		if _, _, err := ps.OpenPhoto(f.headD2, first.ID); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("sibling opens a photo: %v", err)
		}
		if _, err := ps.PhotoCounts(f.supP2, x.ID); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("another province counts photos: %v", err)
		}
		// The record closed: no more photos.
		for _, l := range x.Lines {
			if _, err := f.svc.RecordLine(f.headP1, x.ID, inspection.LineInput{LineID: l.ID, Result: inspection.ResultKept}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.svc.CloseRecord(f.headP1, x.ID); err != nil {
			t.Fatal(err)
		}
		_, err = ps.AddPhoto(f.headP1, line, "photo-key-5", bytes.NewReader(photoJPEG(t)))
		sqldbtest.Code(t, err, congvu.ECONFLICT)
	})
}
