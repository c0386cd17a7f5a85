package petitionsql_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"testing"

	"congvu"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// Files of a form that was refused are removed at once (row and blob), but
// never a file a petition already holds; opening a file is audited: who,
// which petition, which file.
func TestPetitionFilesDiscardedAndOpeningAudited(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		ctx := ptFrom("203.0.113.7")
		var img bytes.Buffer
		png.Encode(&img, image.NewGray(image.Rect(0, 0, 8, 8)))
		pic, err := x.ps.StoreFile(ctx, "anh.png", bytes.NewReader(img.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := x.ps.StoreFile(ctx, "don.pdf", bytes.NewReader([]byte("%PDF-1.4\n%%EOF\n")))
		if err != nil {
			t.Fatal(err)
		}
		if n := x.blobs.len(t); n != 2 {
			t.Fatalf("%d blobs stored", n)
		}
		// A guessed id without its key removes nothing.
		if err := x.ps.DiscardFiles(ctx, []*petition.Attachment{{ID: pic.ID}}); err != nil {
			t.Fatal(err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM petition_attachments`); n != 2 {
			t.Fatalf("a guessed id removed a file: %d left", n)
		}
		if err := x.ps.DiscardFiles(ctx, []*petition.Attachment{pic, doc}); err != nil {
			t.Fatal(err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM petition_attachments`); n != 0 {
			t.Errorf("%d rows left of a refused form", n)
		}
		if n := x.blobs.len(t); n != 0 {
			t.Errorf("%d blobs left of a refused form", n)
		}

		// A file a petition holds stays, whoever asks.
		kept, err := x.ps.StoreFile(ctx, "anh.png", bytes.NewReader(img.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		in := x.input()
		in.Files = []*petition.Attachment{kept}
		r := x.submit(t, in)
		if err := x.ps.DiscardFiles(ctx, []*petition.Attachment{kept}); err != nil {
			t.Fatal(err)
		}
		if n := x.blobs.len(t); n != 1 {
			t.Fatalf("a petition's file was removed: %d blobs", n)
		}

		// Opening it is audited.
		_, rc, err := x.ps.OpenFile(sqldbtest.As(x.headD1), r.Petition.ID, kept.ID)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, rc)
		rc.Close()
		var actor, entity int64
		var after string
		if err := db.Read.QueryRow(`SELECT actor_id, entity_id, CAST(after_json AS TEXT) FROM audit_events WHERE kind = 'petition.file_open' AND entity_type = 'petition'`).
			Scan(&actor, &entity, &after); err != nil {
			t.Fatalf("no audit of the opening: %v", err)
		}
		var got struct {
			AttachmentID int64  `json:"attachment_id"`
			FileName     string `json:"file_name"`
		}
		json.Unmarshal([]byte(after), &got)
		if actor != x.headD1.UserID || entity != r.Petition.ID || got.AttachmentID != kept.ID || got.FileName != kept.FileName {
			t.Errorf("audit of the opening: actor %d petition %d %s", actor, entity, after)
		}
		// A refused opening writes nothing.
		_, _, err = x.ps.OpenFile(sqldbtest.As(x.headP2), r.Petition.ID, kept.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'petition.file_open'`); n != 1 {
			t.Errorf("%d audit rows of openings, want 1", n)
		}
	})
}
