package api_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"congvu"
	"congvu/inspection"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// concludedInspection stores a thanh tra of commune A1 by province A with
// its conclusion issued, the state the inspection workflow leaves it in.
func (f *azFixture) concludedInspection(t *testing.T) int64 {
	t.Helper()
	now := f.db.Now().UTC()
	var id int64
	if err := f.db.Write.QueryRow(`INSERT INTO inspections (origin, kind, unit_id, target_unit_id, status, conclusion_status, issued_at, created_at, updated_at)
		VALUES ('adhoc', 'inspection', $1, $2, 'concluded', 'issued', $3, $3, $3) RETURNING id`, f.a.ID, f.a1.ID, now).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// headOfA is the actor of province A's head, as a session gives it.
func (f *azFixture) headOfA(t *testing.T) *congvu.Actor {
	t.Helper()
	var id int64
	if err := f.db.Read.QueryRow(`SELECT id FROM users WHERE username = 'thutruong.a'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return &congvu.Actor{UserID: id, Username: "thutruong.a", FullName: "Người dùng thutruong.a",
		Grants: []congvu.Grant{{Role: congvu.RoleUnitHead, UnitID: f.a.ID, UnitPath: f.a.Path}}}
}

// actionObjects sets up the objects of the corrective action routes: an
// open action of A1 and a reported one with an evidence file.
func (f *azFixture) actionObjects(t *testing.T) map[string]string {
	t.Helper()
	id := f.concludedInspection(t)
	create := func() int64 {
		var a inspection.CorrectiveAction
		r := f.do("POST", fmt.Sprintf("/api/v1/inspections/%d/actions", id), f.tokens[azInspect],
			map[string]any{"owner_unit_id": f.a1.ID, "text": "Niêm yết công khai thủ tục, phí, lệ phí", "days": 10})
		wantStatus(t, r, http.StatusCreated, "create action")
		r.decode(t, &a)
		return a.ID
	}
	open, reported := create(), create()
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 2, 2)))
	head := congvu.NewContextWithActor(context.Background(), f.headOfA(t))
	if _, err := f.svc.InspectionActions.ReportAction(head, reported, inspection.ReportInput{Note: "Đã niêm yết",
		Files: []inspection.Upload{{Name: "anh.png", Body: &img}}}); err != nil {
		t.Fatal(err)
	}
	full, err := f.svc.InspectionActions.FindActionByID(head, reported)
	if err != nil {
		t.Fatal(err)
	}
	var file int64
	for _, e := range full.Events {
		for _, x := range e.Files {
			file = x.ID
		}
	}
	return map[string]string{"actioninspection": itoa(id), "action": itoa(open), "fileaction": itoa(reported), "file": itoa(file)}
}

// Through the API, the inspector sets an action (due in working days), the
// commune's superior reports it, the inspector verifies it, and the
// inspection closes; the sibling commune's head learns nothing.
func TestAPICorrectiveActionFlow(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAZFixture(t, db)
		id := f.concludedInspection(t)
		base := fmt.Sprintf("/api/v1/inspections/%d/actions", id)
		r := f.do("POST", base, f.tokens[azInspect], map[string]any{"owner_unit_id": f.a2.ID, "text": "Khắc phục", "days": 5})
		wantStatus(t, r, http.StatusBadRequest, "owner outside the inspected unit")
		r = f.do("POST", base, f.tokens[azHead], map[string]any{"owner_unit_id": f.a1.ID, "text": "Khắc phục", "days": 5})
		wantStatus(t, r, http.StatusForbidden, "the head sets an action")
		r = f.do("POST", base, f.tokens[azInspect], map[string]any{"owner_unit_id": f.a1.ID, "text": "Bố trí ghế chờ cho người dân", "days": 5})
		wantStatus(t, r, http.StatusCreated, "create")
		var a inspection.CorrectiveAction
		r.decode(t, &a)
		if a.Status != inspection.ActionOpen || a.DueAt.IsZero() || a.Days != 5 {
			t.Fatalf("created %+v", a)
		}
		one := fmt.Sprintf("%s/%d", base, a.ID)
		for _, role := range []string{azSibling, azOfficial} {
			if r := f.do("GET", one, f.tokens[role], nil); r.Status != http.StatusNotFound {
				t.Errorf("%s reads the action: %d", role, r.Status)
			}
			var l struct{ Items []inspection.CorrectiveAction }
			if r := f.do("GET", base, f.tokens[role], nil); r.Status != http.StatusNotFound {
				r.decode(t, &l)
				t.Errorf("%s lists the inspection's actions: %d, %d items", role, r.Status, len(l.Items))
			}
		}
		wantStatus(t, f.do("POST", one+"/verify", f.tokens[azInspect], map[string]any{}), http.StatusConflict, "verify before report")
		wantStatus(t, f.do("POST", one+"/report", f.tokens[azHead], map[string]any{"note": ""}), http.StatusBadRequest, "empty report")
		wantStatus(t, f.do("POST", one+"/report", f.tokens[azHead], map[string]any{"note": "Đã bố trí 10 ghế chờ"}), http.StatusOK, "report")
		wantStatus(t, f.do("POST", one+"/return", f.tokens[azInspect], map[string]any{"reason": "Chưa có ảnh chụp thực tế tại quầy"}), http.StatusOK, "return")
		wantStatus(t, f.do("POST", one+"/report", f.tokens[azHead], map[string]any{"note": "Đã bố trí ghế, kèm ảnh trên web"}), http.StatusOK, "report again")
		r = f.do("POST", one+"/verify", f.tokens[azInspect], map[string]any{"note": "Đạt"})
		wantStatus(t, r, http.StatusOK, "verify")
		r.decode(t, &a)
		if a.Status != inspection.ActionVerified {
			t.Fatalf("verified %+v", a)
		}
		var st string
		if err := db.Read.QueryRow(`SELECT status FROM inspections WHERE id = $1`, id).Scan(&st); err != nil || st != "closed" {
			t.Fatalf("inspection %s %v", st, err)
		}
		// An action is read under its own inspection only.
		other := f.concludedInspection(t)
		if r := f.do("GET", fmt.Sprintf("/api/v1/inspections/%d/actions/%d", other, a.ID), f.tokens[azInspect], nil); r.Status != http.StatusNotFound {
			t.Errorf("action under another inspection: %d", r.Status)
		}
	})
}

// postReport sends a report as multipart/form-data, as a phone app does.
func (f *azFixture) postReport(path, token, note string, files map[string][]byte) response {
	f.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("note", note)
	for name, data := range files {
		w, _ := mw.CreateFormFile("files", name)
		w.Write(data)
	}
	mw.Close()
	req := httptest.NewRequest("POST", path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	return response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

// A report sent with its evidence files through the API: a file of the
// wrong type saves nothing; a photo is stored and read back; only the
// owner unit's head may send one.
func TestAPICorrectiveActionReportWithFiles(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAZFixture(t, db)
		id := f.concludedInspection(t)
		r := f.do("POST", fmt.Sprintf("/api/v1/inspections/%d/actions", id), f.tokens[azInspect], map[string]any{"owner_unit_id": f.a1.ID, "text": "Đeo thẻ công chức", "days": 5})
		wantStatus(t, r, http.StatusCreated, "create")
		var a inspection.CorrectiveAction
		r.decode(t, &a)
		one := fmt.Sprintf("/api/v1/inspections/%d/actions/%d", id, a.ID)
		var img bytes.Buffer
		png.Encode(&img, image.NewGray(image.Rect(0, 0, 2, 2)))

		wantStatus(t, f.postReport(one+"/report", f.tokens[azSibling], "Làm thay", nil), http.StatusNotFound, "sibling reports")
		wantStatus(t, f.postReport(one+"/report", f.tokens[azInspect], "Làm thay", nil), http.StatusForbidden, "inspector reports")
		r = f.postReport(one+"/report", f.tokens[azHead], "Đã đeo thẻ", map[string][]byte{"a.png": img.Bytes(), "b.exe": []byte("MZ không phải ảnh")})
		wantStatus(t, r, http.StatusBadRequest, "wrong file type")
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM inspection_action_files`); n != 0 {
			t.Fatalf("%d files saved", n)
		}
		r = f.postReport(one+"/report", f.tokens[azHead], "Đã đeo thẻ, ảnh kèm theo", map[string][]byte{"the.png": img.Bytes()})
		wantStatus(t, r, http.StatusOK, "report with a photo")
		r = f.do("GET", one, f.tokens[azInspect], nil)
		wantStatus(t, r, http.StatusOK, "read")
		r.decode(t, &a)
		var file int64
		for _, e := range a.Events {
			for _, x := range e.Files {
				file = x.ID
			}
		}
		got := f.do("GET", fmt.Sprintf("%s/files/%d", one, file), f.tokens[azInspect], nil)
		if got.Status != http.StatusOK || got.Header.Get("Content-Type") != "image/png" || !bytes.HasPrefix(got.Body, []byte("\x89PNG")) {
			t.Fatalf("file: %d %s", got.Status, got.Header.Get("Content-Type"))
		}
		if r := f.do("GET", fmt.Sprintf("%s/files/%d", one, file), f.tokens[azSibling], nil); r.Status != http.StatusNotFound {
			t.Errorf("sibling reads the file: %d", r.Status)
		}
	})
}
