package api_test

import (
	"archive/zip"
	"bytes"
	"congvu"
	"congvu/inspection"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"testing"
)

// docText is the text of a downloaded document: the words of a DOCX's
// body, or of a PDF through pdftotext when the machine has it ("" then).
func docText(t *testing.T, body []byte, docx bool) string {
	t.Helper()
	if docx {
		z, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
		if err != nil {
			t.Fatalf("not a DOCX: %v", err)
		}
		for _, f := range z.File {
			if f.Name == "word/document.xml" {
				rc, _ := f.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				return string(b)
			}
		}
		t.Fatal("DOCX without word/document.xml")
	}
	if !bytes.HasPrefix(body, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.40q", body)
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return ""
	}
	cmd := exec.Command(bin, "-", "-")
	cmd.Stdin = bytes.NewReader(body)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// The record and the conclusion of an inspection of commune A1 by province
// A download as PDF and DOCX with their titles: a draft for the inspecting
// side at every step; A1's head gets 404 for the record until it is closed
// and for the conclusion until it is issued; a sibling commune's head
// never gets them.
func TestAPIInspectionDocuments(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPetitionFixture(t, db)
		a2 := f.unit(org.UnitInput{Code: "TA-X2", Name: "Xã Tây Hòa", Kind: org.KindCommune, ParentID: f.a.ID})
		headA1 := f.staffToken("thutruong.a1", 0, congvu.Grant{Role: congvu.RoleUnitHead, UnitID: f.a1.ID})
		headA2 := f.staffToken("thutruong.a2", 0, congvu.Grant{Role: congvu.RoleUnitHead, UnitID: a2.ID})
		var x inspection.Inspection
		r := f.do("POST", "/api/v1/inspections", f.headA, map[string]any{"origin": "adhoc", "kind": "check", "unit_id": f.a.ID,
			"target_unit_id": f.a1.ID, "reason": "Phản ánh về thái độ"})
		wantStatus(t, r, http.StatusCreated, "inspection")
		r.decode(t, &x)
		r = f.do("POST", fmt.Sprintf("/api/v1/inspections/%d/checklist", x.ID), f.headA, map[string]any{"items": []map[string]any{{"item_code": "GT-XC"}}})
		wantStatus(t, r, http.StatusOK, "checklist")
		r.decode(t, &x)

		docs := []struct{ path, ct, file, title string }{
			{"record.pdf", "application/pdf", "bien-ban-%d.pdf", "BIÊN BẢN KIỂM TRA"},
			{"record.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "bien-ban-%d.docx", "BIÊN BẢN KIỂM TRA"},
			{"conclusion.pdf", "application/pdf", "ket-luan-%d.pdf", "KẾT LUẬN KIỂM TRA"},
			{"conclusion.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "ket-luan-%d.docx", "KẾT LUẬN KIỂM TRA"},
		}
		get := func(d int, tok string) response {
			return f.do("GET", fmt.Sprintf("/api/v1/inspections/%d/%s", x.ID, docs[d].path), tok, nil)
		}
		check := func(step string, d int, draft bool) {
			t.Helper()
			r := get(d, f.headA)
			if r.Status != http.StatusOK {
				t.Fatalf("%s %s: status %d: %s", step, docs[d].path, r.Status, r.Body)
			}
			if ct := r.Header.Get("Content-Type"); ct != docs[d].ct {
				t.Errorf("%s %s: content type %q", step, docs[d].path, ct)
			}
			if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, fmt.Sprintf(docs[d].file, x.ID)) {
				t.Errorf("%s %s: disposition %q", step, docs[d].path, cd)
			}
			text := docText(t, r.Body, strings.HasSuffix(docs[d].path, ".docx"))
			if text == "" {
				return
			}
			if !strings.Contains(strings.ToUpper(text), docs[d].title) {
				t.Errorf("%s %s lacks its title %q: %.300s", step, docs[d].path, docs[d].title, text)
			}
			if got := strings.Contains(text, "DỰ THẢO"); got != draft {
				t.Errorf("%s %s: marked draft %v, want %v", step, docs[d].path, got, draft)
			}
		}
		refused := func(step string, tok string, ds ...int) {
			t.Helper()
			for _, d := range ds {
				wantStatus(t, get(d, tok), http.StatusNotFound, step+" "+docs[d].path)
			}
		}
		for d := range docs {
			check("open", d, true)
		}
		refused("open, A1", headA1, 0, 1, 2, 3)
		refused("open, A2", headA2, 0, 1, 2, 3)

		line := map[string]any{"line_id": x.Lines[0].ID, "result": "breached", "note": "Không chào", "client_key": "k1"}
		wantStatus(t, f.do("POST", fmt.Sprintf("/api/v1/inspections/%d/lines", x.ID), f.headA, line), http.StatusOK, "line")
		wantStatus(t, f.do("POST", fmt.Sprintf("/api/v1/inspections/%d/record", x.ID), f.headA, nil), http.StatusOK, "record")
		wantStatus(t, f.do("PUT", fmt.Sprintf("/api/v1/inspections/%d/conclusion", x.ID), f.headA, map[string]any{"conclusion": "Cần chấn chỉnh việc chào hỏi."}), http.StatusOK, "draft")
		check("recorded", 0, false)
		check("recorded", 2, true)
		if r := get(1, headA1); r.Status != http.StatusOK || !strings.Contains(docText(t, r.Body, true), "BIÊN BẢN") {
			t.Errorf("A1's head cannot read the closed record: %d", r.Status)
		}
		refused("drafted, A1", headA1, 2, 3)
		refused("drafted, A2", headA2, 0, 1, 2, 3)

		wantStatus(t, f.do("POST", fmt.Sprintf("/api/v1/inspections/%d/conclusion/review", x.ID), f.headA, nil), http.StatusOK, "review")
		wantStatus(t, f.do("POST", fmt.Sprintf("/api/v1/inspections/%d/conclusion/issue", x.ID), f.headA, nil), http.StatusOK, "issue")
		check("issued", 2, false)
		r = get(3, headA1)
		if r.Status != http.StatusOK {
			t.Fatalf("A1 reads the issued conclusion: status %d: %s", r.Status, r.Body)
		}
		if text := docText(t, r.Body, true); !strings.Contains(text, "Cần chấn chỉnh việc chào hỏi.") {
			t.Errorf("the issued conclusion lacks its text: %.300s", text)
		}
		refused("issued, A2", headA2, 0, 1, 2, 3)
	})
}

// The list takes a period (from, to: Vietnam days, both included) and
// refuses a bad date with a Vietnamese field error.
func TestAPIInspectionListPeriod(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPetitionFixture(t, db)
		var x inspection.Inspection
		r := f.do("POST", "/api/v1/inspections", f.headA, map[string]any{"origin": "adhoc", "kind": "check", "unit_id": f.a.ID,
			"target_unit_id": f.a1.ID, "reason": "Phản ánh về thái độ", "scheduled_on": "2026-03-16T00:00:00Z"})
		wantStatus(t, r, http.StatusCreated, "inspection")
		r.decode(t, &x)
		for q, want := range map[string]int{"?from=2026-03-01&to=2026-03-31": 1, "?from=2026-03-16&to=2026-03-16": 1, "?from=2026-03-17": 0, "?to=2026-03-15": 0} {
			var l inspectionList
			r := f.do("GET", "/api/v1/inspections"+q, f.headA, nil)
			wantStatus(t, r, http.StatusOK, q)
			r.decode(t, &l)
			if l.Total != want {
				t.Errorf("%s: %d inspections, want %d", q, l.Total, want)
			}
		}
		for q, field := range map[string]string{"?from=16/03/2026": "from", "?from=2026-04-01&to=2026-03-01": "to"} {
			r := f.do("GET", "/api/v1/inspections"+q, f.headA, nil)
			wantStatus(t, r, http.StatusBadRequest, q)
			var e apiError
			r.decode(t, &e)
			if e.Error.Fields[field] == "" {
				t.Errorf("%s: no error on %s: %s", q, field, r.Body)
			}
		}
	})
}
