package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"congvu"
	"congvu/inspection"
	"congvu/org"
)

func init() {
	// Corrective actions of a thanh tra of 34.SNV by province 34 (out of
	// scope: one of province 01): its inspector sets, verifies and sends
	// back (verify and return answer the open action with a 400: past
	// authorization); the head of 34.SNV reports.
	for k, v := range map[string]expectation{
		"GET /inspections/actions":                            {In: viewers},
		"GET /inspections/{id}/actions/{action}":              {In: viewers, Out: nobody, object: "action"},
		"POST /inspections/{id}/actions/{action}/report":      {In: allowedRoles(head), Out: nobody, object: "action"},
		"POST /inspections/{id}/actions/{action}/verify":      {In: allowedRoles(inspect), Out: nobody, object: "action"},
		"POST /inspections/{id}/actions/{action}/return":      {In: allowedRoles(inspect), Out: nobody, object: "action"},
		"GET /inspections/{id}/actions/{action}/files/{file}": {In: viewers, Out: nobody, object: "action"},
		"GET /inspections/{id}/actions/new":                   {In: allowedRoles(inspect), Out: nobody, object: "action"},
		"POST /inspections/{id}/actions/new":                  {In: allowedRoles(inspect), Out: nobody, object: "action"},
	} {
		authzTable[k] = v
	}
}

// actionFixture is a thanh tra of unit target by unit owner with its
// conclusion issued, an open action and a reported one with an evidence
// file.
type actionFixture struct {
	inspection, open, reported, file int64
}

// paths gives the route pattern's path for the fixture.
func (f actionFixture) path(pattern string, reported bool) string {
	action := f.open
	if reported {
		action = f.reported
	}
	return replaceAll(pattern, map[string]string{"{id}": itoa(f.inspection), "{action}": itoa(action), "{file}": itoa(f.file)})
}

func replaceAll(s string, m map[string]string) string {
	for k, v := range m {
		s = string(bytes.ReplaceAll([]byte(s), []byte(k), []byte(v)))
	}
	return s
}

// mkActions stores the inspection and its actions. The actors are the
// fixture's own (a user id that exists, the grants the step needs).
func (e *env) mkActions(t *testing.T, owner, target *org.Unit) actionFixture {
	t.Helper()
	now := e.db.Now().UTC()
	var f actionFixture
	if err := e.db.Write.QueryRow(`INSERT INTO inspections (origin, kind, unit_id, target_unit_id, status, conclusion_status, issued_at, created_at, updated_at)
		VALUES ('adhoc', 'inspection', $1, $2, 'concluded', 'issued', $3, $3, $3) RETURNING id`, owner.ID, target.ID, now).Scan(&f.inspection); err != nil {
		e.t.Fatal(err)
	}
	as := func(role congvu.Role, u *org.Unit) context.Context {
		return congvu.NewContextWithActor(context.Background(), &congvu.Actor{UserID: e.users["hanoi"].ID, FullName: "Người thử",
			Grants: []congvu.Grant{{Role: role, UnitID: u.ID, UnitPath: u.Path}}})
	}
	svc := e.svc.InspectionActions
	for _, id := range []*int64{&f.open, &f.reported} {
		a, err := svc.CreateAction(as(congvu.RoleInspector, owner), f.inspection, inspection.ActionInput{OwnerUnitID: target.ID, Text: "Niêm yết công khai thủ tục hành chính", Days: 10})
		if err != nil {
			e.t.Fatal(err)
		}
		*id = a.ID
	}
	if _, err := svc.ReportAction(as(congvu.RoleUnitHead, target), f.reported, inspection.ReportInput{Note: "Đã niêm yết",
		Files: []inspection.Upload{{Name: "anh.png", Body: bytes.NewReader(tinyPNG(t))}}}); err != nil {
		e.t.Fatal(err)
	}
	a, err := svc.FindActionByID(as(congvu.RoleUnitHead, target), f.reported)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, ev := range a.Events {
		for _, x := range ev.Files {
			f.file = x.ID
		}
	}
	return f
}

// The head of the inspected unit finds the action in the list and its
// filters, reports it with a photo; the inspector sends it back (a short
// reason is refused, the input kept), then verifies it; a sibling unit's
// head gets nothing.
func TestInspectionActionPages(t *testing.T) {
	e := newEnv(t)
	e.mkUser("truong.snv", congvu.RoleUnitHead, "34.SNV", 0)
	other, err := e.svc.Units.CreateUnit(sysCtx(), org.UnitInput{Code: "34.STP", Name: "Sở Tư pháp tỉnh Thái Bình", Kind: org.KindDepartment, ParentID: e.units["34"].ID})
	if err != nil {
		t.Fatal(err)
	}
	e.units["34.STP"] = other
	e.mkUser("truong.stp", congvu.RoleUnitHead, "34.STP", 0)
	fx := e.mkActions(t, e.units["34"], e.units["34.SNV"])
	page := fx.path("/inspections/{id}/actions/{action}", false)

	head := e.client().login("truong.snv")
	head.get("/inspections/actions").want(t, http.StatusOK, "Niêm yết công khai thủ tục hành chính", "Sở Nội vụ tỉnh Thái Bình")
	head.get("/inspections/actions?loc=qua-han").want(t, http.StatusOK, "Không có biện pháp khắc phục nào quá hạn.")
	head.get("/inspections/actions?loc=reported").want(t, http.StatusOK, page[:len(page)-len(itoa(fx.open))]+itoa(fx.reported))
	head.get(page).want(t, http.StatusOK, "Báo cáo kết quả thực hiện", `name="tep"`).lacks(t, "Xác nhận đã hoàn thành")

	sibling := e.client().login("truong.stp")
	sibling.get(page).want(t, http.StatusNotFound)
	sibling.get("/inspections/actions").want(t, http.StatusOK, "Chưa có biện pháp khắc phục nào").lacks(t, "Niêm yết công khai")
	sibling.postMultipart(page+"/report", []string{"note", "Làm thay"}).want(t, http.StatusNotFound)

	head.postMultipart(page+"/report", []string{"note", ""}).want(t, http.StatusBadRequest, "Xin nêu kết quả đã thực hiện biện pháp khắc phục.")
	r := head.postMultipart(page+"/report", []string{"note", "Đã niêm yết tại quầy số 1"}, upload{"quay-1.png", tinyPNG(t)})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("report: %d %s", r.StatusCode, r.Body)
	}

	insp := e.client().login("thanhtra")
	// The conclusion's document lists the actions it requires.
	doc := insp.get(fx.path("/inspections/{id}/ket-luan.docx", false))
	doc.want(t, http.StatusOK)
	if body := docxText(t, []byte(doc.Body)); !strings.Contains(body, "Niêm yết công khai thủ tục hành chính") {
		t.Errorf("the conclusion's document lacks its corrective actions")
	}
	// The inspection's page lists its actions, for the inspectors (who set
	// more) and for the inspected unit.
	insp.get(fx.path("/inspections/{id}", false)).want(t, http.StatusOK, `id="bien-phap"`, "Niêm yết công khai thủ tục hành chính", "Giao biện pháp khắc phục")
	head.get(fx.path("/inspections/{id}", false)).want(t, http.StatusOK, `id="bien-phap"`, "Niêm yết công khai thủ tục hành chính").lacks(t, "Giao biện pháp khắc phục")
	insp.get(page).want(t, http.StatusOK, "Xác nhận đã hoàn thành", "Đã niêm yết tại quầy số 1", "minh-chung-").lacks(t, "Gửi báo cáo")
	insp.post(page+"/return", url.Values{"reason": {"thiếu"}}).want(t, http.StatusBadRequest, "Xin nêu rõ lý do trả lại", ">thiếu</textarea>")
	if r := insp.post(page+"/return", url.Values{"reason": {"Ảnh chưa thấy bảng niêm yết"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("return: %d", r.StatusCode)
	}
	head.get(page).want(t, http.StatusOK, "Ảnh chưa thấy bảng niêm yết", "Báo cáo kết quả thực hiện")
	if r := head.postMultipart(page+"/report", []string{"note", "Đã bổ sung ảnh bảng niêm yết"}, upload{"bang.png", tinyPNG(t)}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("report again: %d", r.StatusCode)
	}
	// The unit head does not verify their own report.
	head.post(page+"/verify", url.Values{}).want(t, http.StatusForbidden)
	if r := insp.post(page+"/verify", url.Values{"note": {"Đạt"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("verify: %d", r.StatusCode)
	}
	head.get(page).want(t, http.StatusOK, "Đã xác nhận hoàn thành").lacks(t, "Gửi báo cáo")
	// The file opens for the inspector, not for the sibling.
	file := fx.path("/inspections/{id}/actions/{action}/files/{file}", true)
	if r := insp.get(file); r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "image/png" {
		t.Errorf("file: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
	sibling.get(file).want(t, http.StatusNotFound)

	// The inspector sets a new action; bad input is shown and kept.
	form := fx.path("/inspections/{id}/actions/new", false)
	insp.get(form).want(t, http.StatusOK, "Giao biện pháp khắc phục", "Sở Nội vụ tỉnh Thái Bình")
	head.get(form).want(t, http.StatusForbidden)
	insp.post(form, url.Values{"owner_unit_id": {itoa(e.units["34.SNV"].ID)}, "text": {"Bố trí ghế chờ"}, "days": {"0"}}).
		want(t, http.StatusBadRequest, "Thời hạn thực hiện phải từ 1 đến 250 ngày làm việc.", "Bố trí ghế chờ")
	if r := insp.post(form, url.Values{"owner_unit_id": {itoa(e.units["34.SNV"].ID)}, "text": {"Bố trí ghế chờ"}, "days": {"5"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.StatusCode, r.Body)
	}
}
