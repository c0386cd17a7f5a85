package web_test

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"congvu/inspection"
)

// inspectionPhoto starts a check of target by owner (as user) with one
// line and one photo on it; it returns the inspection's id and records the
// photo's id in photoOf.
func (e *env) inspectionPhoto(user, owner, target string, photoOf map[string]string) string {
	e.t.Helper()
	x := e.fieldInspectionBy(user, owner, target, 1)
	p, err := e.svc.InspectionPhotos.AddPhoto(e.actorCtx(user), x.Lines[0].ID, "", bytes.NewReader(exifJPEG(e.t.(*testing.T), 9)))
	if err != nil {
		e.t.Fatal(err)
	}
	photoOf[itoa(x.ID)] = itoa(p.ID)
	return itoa(x.ID)
}

// The record and the conclusion download from the inspection's page as
// PDF and DOCX, a draft for the team; the inspected unit's head gets them
// only once the record is closed and the conclusion issued; a sibling's
// head never.
func TestInspectionDocumentsDownload(t *testing.T) {
	e := inspectionEnv(t)
	i := e.mkInspection(inspection.KindCheck, "34", "34.SNV", false)
	href := "/inspections/" + itoa(i.ID)
	noivu := e.client().login("noivu")
	head := e.client().login("truongsnv")
	sib := e.client().login("truongstp")
	noivu.post(href+"/checklist", url.Values{"item": {"GT-XC"}, "method_GT-XC": {"observe"}, "sample_GT-XC": {"3"}}).want(t, http.StatusSeeOther)
	noivu.get(href).want(t, http.StatusOK, `href="`+href+`/bien-ban.pdf"`, `href="`+href+`/bien-ban.docx"`)
	docs := []struct{ path, ct string }{
		{"/bien-ban.pdf", "application/pdf"},
		{"/bien-ban.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"/ket-luan.pdf", "application/pdf"},
		{"/ket-luan.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	}
	for _, d := range docs {
		r := noivu.get(href+d.path).want(t, http.StatusOK)
		if r.Header.Get("Content-Type") != d.ct || !strings.Contains(r.Header.Get("Content-Disposition"), "-"+itoa(i.ID)+".") {
			t.Errorf("%s: %q, %q", d.path, r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"))
		}
		head.get(href+d.path).want(t, http.StatusNotFound)
		sib.get(href+d.path).want(t, http.StatusNotFound)
	}
	if txt := docxText(t, []byte(noivu.get(href+"/bien-ban.docx").Body)); !strings.Contains(txt, "BIÊN BẢN KIỂM TRA") || !strings.Contains(txt, "DỰ THẢO") {
		t.Errorf("the open record is not a draft record: %.300s", txt)
	}
	head.get(href).want(t, http.StatusOK).lacks(t, "/bien-ban.pdf", "/ket-luan.pdf")

	now, _ := e.svc.Inspections.FindInspection(e.plannerCtx(), i.ID)
	vals := url.Values{"close": {"1"}}
	for _, l := range now.Lines {
		vals.Set("result_"+itoa(l.ID), "kept")
	}
	noivu.post(href+"/record", vals).want(t, http.StatusSeeOther)
	text := "Sở Nội vụ thực hiện đúng quy tắc ứng xử tại bộ phận một cửa."
	noivu.post(href+"/conclusion", url.Values{"conclusion": {text}, "step": {"save"}}).want(t, http.StatusSeeOther)
	head.get(href+"/bien-ban.docx").want(t, http.StatusOK)
	head.get(href+"/ket-luan.docx").want(t, http.StatusNotFound)
	sib.get(href+"/bien-ban.docx").want(t, http.StatusNotFound)
	if txt := docxText(t, []byte(noivu.get(href+"/ket-luan.docx").Body)); !strings.Contains(txt, "KẾT LUẬN KIỂM TRA") || !strings.Contains(txt, "DỰ THẢO") {
		t.Errorf("the drafted conclusion is not a draft: %.300s", txt)
	}
	noivu.post(href+"/conclusion", url.Values{"conclusion": {text}, "step": {"review"}}).want(t, http.StatusSeeOther)
	noivu.post(href+"/conclusion", url.Values{"conclusion": {text}, "step": {"issue"}}).want(t, http.StatusSeeOther)
	head.get(href).want(t, http.StatusOK, `href="`+href+`/ket-luan.pdf"`, `href="`+href+`/bien-ban.docx"`)
	r := head.get(href+"/ket-luan.docx").want(t, http.StatusOK)
	if txt := docxText(t, []byte(r.Body)); !strings.Contains(txt, text) || strings.Contains(txt, "DỰ THẢO") {
		t.Errorf("the issued conclusion: %.300s", txt)
	}
	head.get(href+"/ket-luan.pdf").want(t, http.StatusOK)
	for _, d := range docs {
		sib.get(href+d.path).want(t, http.StatusNotFound)
	}
}

// Photos of a line show on the page as thumbnails and open for the team;
// the inspected unit gets them once the record is closed; a sibling's
// head and a photo id taken under another inspection never.
func TestInspectionPhotosOnDetailPage(t *testing.T) {
	e := inspectionEnv(t)
	photoOf := map[string]string{}
	id := e.inspectionPhoto("thanhtra", "34", "34.SNV", photoOf)
	other := e.inspectionPhoto("thanhtra", "34", "34.STP", photoOf)
	href, photo := "/inspections/"+id, "/inspections/"+id+"/photos/"+photoOf[id]
	noivu := e.client().login("noivu")
	noivu.get(href).want(t, http.StatusOK, `<img src="`+photo+`"`, "1 ảnh chụp tại chỗ")
	r := noivu.get(photo).want(t, http.StatusOK)
	if r.Header.Get("Content-Type") != "image/jpeg" || !bytes.HasPrefix([]byte(r.Body), []byte{0xff, 0xd8}) {
		t.Fatalf("photo: %q %d bytes", r.Header.Get("Content-Type"), len(r.Body))
	}
	noivu.get("/inspections/"+id+"/photos/"+photoOf[other]).want(t, http.StatusNotFound)
	head, sib := e.client().login("truongsnv"), e.client().login("truongstp")
	head.get(photo).want(t, http.StatusNotFound)
	sib.get(photo).want(t, http.StatusNotFound)
	x, _ := e.svc.Inspections.FindInspection(e.plannerCtx(), mustID(t, href))
	noivu.post(href+"/record", url.Values{"close": {"1"}, "result_" + itoa(x.Lines[0].ID): {"kept"}}).want(t, http.StatusSeeOther)
	head.get(photo).want(t, http.StatusOK)
	sib.get(photo).want(t, http.StatusNotFound)
}

// The list filters by period: an inspection's day is its visit's, else the
// day planned; bad dates are refused in Vietnamese.
func TestInspectionListPeriod(t *testing.T) {
	e := inspectionEnv(t)
	march := e.mkInspection(inspection.KindCheck, "34", "34.SNV", false) // planned 16/03/2026
	day := time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC)
	may, err := e.svc.Inspections.CreateInspection(e.plannerCtx(), inspection.InspectionInput{Origin: inspection.OriginAdhoc, Kind: inspection.KindCheck,
		UnitID: e.units["34"].ID, TargetUnitID: e.units["34.STP"].ID, Reason: "Phản ánh về thái độ.", ScheduledOn: &day})
	if err != nil {
		t.Fatal(err)
	}
	m, y := `href="/inspections/`+itoa(march.ID)+`"`, `href="/inspections/`+itoa(may.ID)+`"`
	noivu := e.client().login("noivu")
	noivu.get("/inspections?tu=01/03/2026&den=31/03/2026").want(t, http.StatusOK, m, `value="01/03/2026"`).lacks(t, y)
	noivu.get("/inspections?tu=16/03/2026&den=16/03/2026").want(t, http.StatusOK, m).lacks(t, y)
	noivu.get("/inspections?tu=17/03/2026").want(t, http.StatusOK, y).lacks(t, m)
	noivu.get("/inspections?den=15/03/2026").want(t, http.StatusOK, "Không có đợt nào khớp bộ lọc").lacks(t, m, y)
	noivu.get("/inspections?tu=32/13/2026").want(t, http.StatusBadRequest, "Ngày bắt đầu phải có dạng ngày/tháng/năm")
	noivu.get("/inspections?den=hôm+qua").want(t, http.StatusBadRequest, "Ngày kết thúc phải có dạng ngày/tháng/năm")
	noivu.get("/inspections?tu=01/04/2026&den=01/03/2026").want(t, http.StatusBadRequest, "Ngày kết thúc phải từ ngày bắt đầu trở về sau.")
}

// The history names who acted for the team; the inspected unit's page
// never shows it.
func TestInspectionHistoryNamesActors(t *testing.T) {
	e := inspectionEnv(t)
	noivu := e.client().login("noivu")
	r := noivu.post("/inspections/new", url.Values{"kind": {"check"}, "unit": {"34"}, "target": {"34.SNV"}, "origin": {"adhoc"},
		"reason": {"Phản ánh về thái độ."}, "scheduled_on": {"16/03/2026"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", r.StatusCode, r.Body)
	}
	href := strings.SplitN(r.Header.Get("Location"), "?", 2)[0]
	noivu.post(href+"/checklist", url.Values{"item": {"GT-XC"}, "method_GT-XC": {"observe"}, "sample_GT-XC": {"3"}}).want(t, http.StatusSeeOther)
	name := e.users["noivu"].FullName
	noivu.get(href).want(t, http.StatusOK, "Người thực hiện", "Tạo đợt kiểm tra, thanh tra</td><td>"+name, "Chọn danh mục kiểm tra</td><td>"+name)
	e.client().login("truongsnv").get(href).want(t, http.StatusOK).lacks(t, "Người thực hiện", name)
}

// docxText is the body of a DOCX (word/document.xml), its words in runs.
func docxText(t *testing.T, b []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a DOCX: %v", err)
	}
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			body, _ := io.ReadAll(rc)
			return string(body)
		}
	}
	t.Fatal("a DOCX without word/document.xml")
	return ""
}
