package api_test

import (
	"bytes"
	"congvu"
	"congvu/incident"
	"congvu/internal/benchkit"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"fmt"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// postPhoto sends body to path with the content type given, as a phone app
// does.
func (f *fixture) postPhoto(path, token, contentType string, body io.Reader) response {
	f.t.Helper()
	req := httptest.NewRequest("POST", path, body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	return response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

// multipartPhoto is a multipart/form-data body with data in the part name.
func multipartPhoto(name string, data []byte) (string, *bytes.Buffer) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("note", "ảnh chụp tại quầy")
	w, _ := mw.CreateFormFile(name, "anh.png")
	w.Write(data)
	mw.Close()
	return mw.FormDataContentType(), &body
}

func smallPNG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 3, 3))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// incidentPhoto adds a photo to incident id as the head of A (its
// recorder in the authorization table) and returns its id.
func (f *azFixture) incidentPhoto(id int64) int64 {
	f.t.Helper()
	r := f.postPhoto(fmt.Sprintf("/api/v1/incidents/%d/photos", id), f.headA, "image/png", bytes.NewReader(smallPNG(f.t)))
	wantStatus(f.t, r, http.StatusCreated, "incident photo")
	var p incident.Photo
	r.decode(f.t, &p)
	return p.ID
}

// The photos of an incident through the API: a phone's JPEG sent as the raw
// body is stored without its position data and read back; a PNG in a
// multipart form too; a file that is no photo, a body past the limit and
// an eleventh photo are refused and store nothing; another province's
// incident and its photos are out of sight, and a photo is read under its
// own incident only.
func TestAPIIncidentPhotos(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		in := incident.Input{UnitID: f.a1.ID, OccurredAt: time.Now().Add(-time.Hour), Place: "Bộ phận một cửa", Kind: incident.KindStaffAbuse,
			Severity: incident.SeverityModerate, Summary: "Một người xúc phạm cán bộ tiếp nhận hồ sơ."}
		r := f.do("POST", "/api/v1/incidents", f.headA, map[string]any{"unit_id": in.UnitID, "occurred_at": in.OccurredAt.Format(time.RFC3339),
			"place": in.Place, "kind": in.Kind, "severity": in.Severity, "summary": in.Summary})
		wantStatus(t, r, http.StatusCreated, "record")
		var x incident.Incident
		r.decode(t, &x)
		in.UnitID = f.b.ID
		other, err := f.svc.Incidents.Record(f.sys, in)
		if err != nil {
			t.Fatal(err)
		}
		otherPhoto, err := f.svc.Incidents.AddPhoto(f.sys, other.ID, bytes.NewReader(smallPNG(t)))
		if err != nil {
			t.Fatal(err)
		}
		base := fmt.Sprintf("/api/v1/incidents/%d/photos", x.ID)
		count := func() int {
			return sqldbtest.Count(t, db, fmt.Sprintf(`SELECT COUNT(*) FROM incident_photos WHERE incident_id = %d`, x.ID))
		}

		// A phone's JPEG, raw: stored cleaned, read back without GPS.
		jpg := benchkit.Photo(t, 0)
		if !bytes.Contains(jpg, []byte("GPSLatitude")) {
			t.Fatal("the test photo carries no position")
		}
		r = f.postPhoto(base, f.headA, "image/jpeg", bytes.NewReader(jpg))
		wantStatus(t, r, http.StatusCreated, "raw JPEG")
		var p incident.Photo
		r.decode(t, &p)
		if p.ContentType != "image/jpeg" || p.IncidentID != x.ID || r.Header.Get("Location") != fmt.Sprintf("%s/%d", base, p.ID) {
			t.Fatalf("photo %+v at %q", p, r.Header.Get("Location"))
		}
		img := f.do("GET", r.Header.Get("Location"), f.headA, nil)
		if img.Status != http.StatusOK || img.Header.Get("Content-Type") != "image/jpeg" || bytes.Contains(img.Body, []byte("GPSLatitude")) ||
			len(img.Body) == 0 || int64(len(img.Body)) != p.Size {
			t.Fatalf("photo read back: %d %s, %d bytes, with GPS: %v", img.Status, img.Header.Get("Content-Type"), len(img.Body), bytes.Contains(img.Body, []byte("GPSLatitude")))
		}
		if f.do("GET", r.Header.Get("Location"), "", nil).Status != http.StatusUnauthorized {
			t.Error("photo read without a token")
		}

		// A PNG in a multipart form.
		ct, body := multipartPhoto("photo", smallPNG(t))
		wantStatus(t, f.postPhoto(base, f.headA, ct, body), http.StatusCreated, "multipart PNG")

		// Refusals that store nothing.
		before := count()
		r = f.postPhoto(base, f.headA, "image/png", strings.NewReader("không phải ảnh, chỉ là chữ"))
		wantStatus(t, r, http.StatusBadRequest, "text sent as a PNG")
		if e := r.err(t); e.Error.Fields["photo"] != sqldb.MsgPhotoType {
			t.Errorf("text sent as a PNG: %+v", e.Error)
		}
		ct, body = multipartPhoto("photo", []byte("%PDF-1.4 một văn bản"))
		if r = f.postPhoto(base, f.headA, ct, body); r.Status != http.StatusBadRequest || r.err(t).Error.Fields["photo"] != sqldb.MsgPhotoType {
			t.Errorf("a PDF in the form: %d %s", r.Status, r.Body)
		}
		ct, body = multipartPhoto("tep", smallPNG(t))
		if r = f.postPhoto(base, f.headA, ct, body); r.Status != http.StatusBadRequest || r.err(t).Error.Fields["photo"] == "" {
			t.Errorf("a form without the part photo: %d %s", r.Status, r.Body)
		}
		wantStatus(t, f.postPhoto(base, f.headA, "text/plain", bytes.NewReader(smallPNG(t))), http.StatusBadRequest, "a photo as text/plain")
		big := f.postPhoto(base, f.headA, "image/jpeg", bytes.NewReader(make([]byte, 11<<20)))
		if big.Status != http.StatusRequestEntityTooLarge || big.err(t).Error.Code != "too_large" {
			t.Errorf("11 MB: %d %s", big.Status, big.Body)
		}
		if n := count(); n != before {
			t.Fatalf("refused uploads stored %d photos", n-before)
		}

		// The list, then up to the limit, and one more refused.
		var l struct {
			Items []incident.Photo `json:"items"`
		}
		r = f.do("GET", base, f.headA, nil)
		wantStatus(t, r, http.StatusOK, "list")
		r.decode(t, &l)
		if len(l.Items) != 2 || l.Items[0].ID != p.ID {
			t.Fatalf("list %+v", l.Items)
		}
		for count() < incident.MaxPhotos {
			wantStatus(t, f.postPhoto(base, f.headA, "image/png", bytes.NewReader(smallPNG(t))), http.StatusCreated, "photo")
		}
		r = f.postPhoto(base, f.headA, "image/png", bytes.NewReader(smallPNG(t)))
		wantStatus(t, r, http.StatusBadRequest, "one photo too many")
		if e := r.err(t); !strings.Contains(e.Error.Fields["photo"], "tối đa 10 ảnh") {
			t.Errorf("one photo too many: %+v", e.Error)
		}
		if n := count(); n != incident.MaxPhotos {
			t.Fatalf("%d photos kept", n)
		}

		otherBase := fmt.Sprintf("/api/v1/incidents/%d/photos", other.ID)
		// Another province's incident: nothing to see or add, and its
		// photo is not read under this incident either.
		national, _ := f.token("giamsat.qg", congvu.Grant{Role: congvu.RoleSupervisor, UnitID: 1})
		if r := f.do("GET", otherBase+"/"+itoa(otherPhoto.ID), national, nil); r.Status != http.StatusOK {
			t.Fatalf("B's photo read nationally: %d %s", r.Status, r.Body)
		}
		for what, r := range map[string]response{
			"add to B's incident":      f.postPhoto(otherBase, f.headA, "image/png", bytes.NewReader(smallPNG(t))),
			"list B's photos":          f.do("GET", otherBase, f.headA, nil),
			"read B's photo":           f.do("GET", fmt.Sprintf("%s/%d", otherBase, otherPhoto.ID), f.headA, nil),
			"read B's photo under A's": f.do("GET", fmt.Sprintf("%s/%d", base, otherPhoto.ID), f.headA, nil),
			"read A's photo under B's": f.do("GET", fmt.Sprintf("%s/%d", otherBase, p.ID), national, nil),
		} {
			if r.Status != http.StatusNotFound {
				t.Errorf("%s: %d (%d bytes)", what, r.Status, len(r.Body))
			}
		}
		if n := sqldbtest.Count(t, db, fmt.Sprintf(`SELECT COUNT(*) FROM incident_photos WHERE incident_id = %d`, other.ID)); n != 1 {
			t.Errorf("B's incident has %d photos", n)
		}
	})
}
