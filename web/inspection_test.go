package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/inspection"
	"congvu/org"
)

// plannerCtx acts as home-affairs staff and inspectorate of the whole
// country: the fixtures' author, who may plan and run both kinds anywhere.
func (e *env) plannerCtx() context.Context {
	root := e.units[congvu.RootUnitCode]
	return congvu.NewContextWithActor(context.Background(), &congvu.Actor{UserID: -1, Username: "system", FullName: "Kiểm thử kiểm tra",
		Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: root.ID, UnitPath: root.Path, UnitName: root.Name},
			{Role: congvu.RoleInspector, UnitID: root.ID, UnitPath: root.Path, UnitName: root.Name}}})
}

// mkInspection starts an inspection of kind by owner at target.
func (e *env) mkInspection(kind inspection.Kind, owner, target string, unannounced bool) *inspection.Inspection {
	e.t.Helper()
	day := time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)
	i, err := e.svc.Inspections.CreateInspection(e.plannerCtx(), inspection.InspectionInput{Origin: inspection.OriginAdhoc, Kind: kind,
		UnitID: e.units[owner].ID, TargetUnitID: e.units[target].ID, Reason: "Chỉ số hài lòng thấp ba tháng liền.",
		Unannounced: unannounced, ScheduledOn: &day})
	if err != nil {
		e.t.Fatalf("inspection of %s by %s: %v", target, owner, err)
	}
	return i
}

// mkPlan drafts a plan of kind by owner with target in March.
func (e *env) mkPlan(kind inspection.Kind, owner, target string, unannounced bool) *inspection.Plan {
	e.t.Helper()
	p, err := e.svc.Inspections.CreatePlan(e.plannerCtx(), inspection.PlanInput{UnitID: e.units[owner].ID, Kind: kind, Year: 2026,
		Title: "Kế hoạch kiểm tra công vụ năm 2026", Scope: "Văn hóa công vụ tại bộ phận một cửa",
		Targets: []inspection.PlanTargetInput{{UnitID: e.units[target].ID, Month: 3, Unannounced: unannounced}}})
	if err != nil {
		e.t.Fatalf("plan of %s: %v", owner, err)
	}
	return p
}

// inspectionObjects are the authorization table's inspections and plans:
// in scope (by province 34, of 34.SNV) and out of scope (in province 01).
func inspectionObjects(e *env) (inspIn, inspOut, planIn, planOut string) {
	return itoa(e.mkInspection(inspection.KindCheck, "34", "34.SNV", false).ID), itoa(e.mkInspection(inspection.KindCheck, "01", "01", false).ID),
		itoa(e.mkPlan(inspection.KindCheck, "34", "34.SNV", false).ID), itoa(e.mkPlan(inspection.KindCheck, "01", "01", false).ID)
}

// inspectionEnv adds a sibling of 34.SNV (34.STP) and the heads of both.
func inspectionEnv(t *testing.T) *env {
	e := petitionEnv(t)
	for _, h := range []struct{ name, unit string }{{"truongsnv", "34.SNV"}, {"truongstp", "34.STP"}} {
		u, err := e.svc.Users.CreateUser(sysCtx(), org.UserInput{Username: h.name, FullName: "Thủ Trưởng " + h.unit, Password: testPassword, Active: true,
			Grants: []congvu.Grant{{Role: congvu.RoleUnitHead, UnitID: e.units[h.unit].ID}}})
		if err != nil {
			t.Fatal(err)
		}
		e.users[h.name] = u
	}
	return e
}

// The list, a plan and an inspection render for those who plan and run;
// the nav offers the pages to the roles that may see them.
func TestInspectionPagesRender(t *testing.T) {
	e := inspectionEnv(t)
	i := e.mkInspection(inspection.KindCheck, "34", "34.SNV", false)
	p := e.mkPlan(inspection.KindCheck, "34", "34.SNV", true)
	noivu := e.client().login("noivu")
	noivu.get("/inspections").want(t, http.StatusOK, `href="/inspections" aria-current="page"`, "Sở Nội vụ tỉnh Thái Bình", "Kế hoạch kiểm tra công vụ năm 2026",
		"Gợi ý đơn vị cần kiểm tra", `href="/inspections/new"`, `href="/inspection-plans/new"`)
	noivu.get("/inspections/"+itoa(i.ID)).want(t, http.StatusOK, "Kiểm tra công vụ: Sở Nội vụ tỉnh Thái Bình", "Chọn danh mục kiểm tra",
		"Chỉ số hài lòng thấp ba tháng liền.", "<caption")
	noivu.get("/inspection-plans/"+itoa(p.ID)).want(t, http.StatusOK, "Dự thảo", "Tháng 3", "Đột xuất", "Phê duyệt kế hoạch")
	noivu.get("/inspection-plans/new").want(t, http.StatusOK, "Lập kế hoạch kiểm tra năm", `name="target_unit_0"`)
	noivu.get("/inspections/new").want(t, http.StatusOK, "Tạo đợt kiểm tra", `name="target"`)
	// A suggestion says why, and starts an inspection from evidence with
	// its reasons as the reason.
	noivu.get("/inspections").want(t, http.StatusOK, "Chưa được kiểm tra lần nào.", `href="/inspections/actions"`, `href="/inspections/dashboard"`, "/inspections/new?tu-goi-y="+itoa(e.units["34.STP"].ID))
	noivu.get("/inspections/new?tu-goi-y="+itoa(e.units["34.STP"].ID)+"&loai=check").want(t, http.StatusOK,
		"Đột xuất theo dấu hiệu tại Sở Tư pháp tỉnh Thái Bình", `value="34.STP"`, "Chưa được kiểm tra lần nào.</textarea>")
	// Filters: a kind narrows the list; a bad value is refused in Vietnamese.
	noivu.get("/inspections?loai=inspection").want(t, http.StatusOK, "Không có đợt nào khớp bộ lọc")
	// Search ignores diacritics.
	noivu.get("/inspections?q=so+noi+vu").want(t, http.StatusOK, `href="/inspections/`+itoa(i.ID)+`"`)
	noivu.get("/inspections?q=tu+phap").want(t, http.StatusOK, "Không có đợt nào khớp bộ lọc “tu phap”")
	noivu.get("/inspections?trang-thai=xyz").want(t, http.StatusBadRequest, "Xin chọn một trạng thái trong danh sách.")
	noivu.get("/inspections?don-vi=KHONG-CO").want(t, http.StatusBadRequest, "Không tìm thấy đơn vị có mã “KHONG-CO”")
	// An official sees no inspection page and no nav entry.
	e.client().login("truongsnv").get("/").want(t, http.StatusOK, `href="/inspections"`)
}

// An empty list says what to do next.
func TestInspectionListEmptyState(t *testing.T) {
	e := inspectionEnv(t)
	e.client().login("noivu").get("/inspections").want(t, http.StatusOK, "Chưa có đợt kiểm tra, thanh tra nào", "lập kế hoạch kiểm tra năm")
	e.client().login("admin").get("/inspections").want(t, http.StatusOK, "kết luận đã ban hành về đơn vị của bạn sẽ hiện ở đây")
	e.client().login("truongsnv").get("/inspections").want(t, http.StatusOK, "tạo một đợt kiểm tra đột xuất")
}

// Forms refuse bad input with a Vietnamese error and keep what was typed.
func TestInspectionFormsKeepInput(t *testing.T) {
	e := inspectionEnv(t)
	noivu := e.client().login("noivu")
	r := noivu.post("/inspection-plans/new", url.Values{"kind": {"check"}, "unit": {"34"}, "year": {"hai nghìn"}, "title": {"Kế hoạch thử nghiệm riêng"},
		"target_unit_0": {"34.SNV"}, "target_month_0": {""}, "target_unit_1": {"KHONG-CO"}, "target_month_1": {"4"}})
	r.want(t, http.StatusBadRequest, "Năm phải là một số", "Xin chọn tháng kiểm tra đơn vị này.", "Không tìm thấy đơn vị có mã “KHONG-CO”",
		`value="Kế hoạch thử nghiệm riêng"`, `value="34.SNV"`)
	r = noivu.post("/inspections/new", url.Values{"kind": {"check"}, "unit": {"34"}, "target": {"34.SNV"}, "origin": {"adhoc"}, "scheduled_on": {"31/02/2026"}})
	r.want(t, http.StatusBadRequest, "Ngày không hợp lệ", `value="34.SNV"`)
	r = noivu.post("/inspections/new", url.Values{"kind": {"check"}, "unit": {"34"}, "target": {"34.SNV"}, "origin": {"adhoc"}})
	r.want(t, http.StatusBadRequest, "Xin nêu lý do kiểm tra đột xuất.", `value="34.SNV"`)
	if list, n, err := e.svc.Inspections.FindInspections(e.plannerCtx(), inspection.Filter{}); err != nil || n != 0 {
		t.Fatalf("a refused form saved %d inspections (%v, %v)", n, list, err)
	}
	// A good form creates the inspection and goes to it.
	r = noivu.post("/inspections/new", url.Values{"kind": {"check"}, "unit": {"34"}, "target": {"34.SNV"}, "origin": {"evidence"},
		"reason": {"Ba phản ánh có cơ sở trong quý."}, "scheduled_on": {"16/03/2026"}})
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/inspections/") {
		t.Fatalf("create: %d %s\n%s", r.StatusCode, r.Header.Get("Location"), r.Body)
	}
	noivu.get(r.Header.Get("Location")).want(t, http.StatusOK, "Đã tạo đợt kiểm tra", "Đột xuất theo dấu hiệu", "16/03/2026")
}

// A plan goes draft → approved → published from its page; only then may
// an inspection start from its target.
func TestInspectionPlanWorkflow(t *testing.T) {
	e := inspectionEnv(t)
	noivu := e.client().login("noivu")
	r := noivu.post("/inspection-plans/new", url.Values{"kind": {"check"}, "unit": {"34"}, "year": {"2026"}, "title": {"Kế hoạch kiểm tra công vụ năm 2026"},
		"team": {"Hoàng Thanh Thịnh, trưởng đoàn\nLê Văn An, thành viên"}, "target_unit_0": {"34.SNV"}, "target_month_0": {"5"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create plan: %d\n%s", r.StatusCode, r.Body)
	}
	href := strings.SplitN(r.Header.Get("Location"), "?", 2)[0]
	noivu.get(href).want(t, http.StatusOK, "Hoàng Thanh Thịnh, trưởng đoàn", "Tháng 5", "Ban hành kế hoạch trước")
	// The inspected unit does not see a draft plan.
	e.client().login("truongsnv").get(href).want(t, http.StatusNotFound)
	noivu.post(href+"/publish", nil).want(t, http.StatusBadRequest) // not approved yet
	noivu.post(href+"/approve", nil).want(t, http.StatusSeeOther)
	noivu.post(href+"/publish", nil).want(t, http.StatusSeeOther)
	page := noivu.get(href).want(t, http.StatusOK, "Đã ban hành", "Lập dự thảo kế hoạch", "Phê duyệt kế hoạch")
	if !strings.Contains(page.Body, "/inspections/new?ke-hoach=") {
		t.Fatal("a published plan offers no inspection from its target")
	}
	e.client().login("truongsnv").get(href).want(t, http.StatusOK, "Tháng 5")
	// A published plan is no longer edited; its target starts an inspection.
	noivu.post(href+"/edit", url.Values{"kind": {"check"}, "unit": {"34"}, "year": {"2026"}, "title": {"Đổi tên"}, "target_unit_0": {"34.SNV"}, "target_month_0": {"6"}}).
		want(t, http.StatusBadRequest, `value="Đổi tên"`)
	pl, err := e.svc.Inspections.FindPlan(e.plannerCtx(), mustID(t, href))
	if err != nil || len(pl.Targets) != 1 {
		t.Fatalf("plan: %v %v", pl, err)
	}
	q := "?ke-hoach=" + itoa(pl.ID) + "&muc-tieu=" + itoa(pl.Targets[0].ID)
	noivu.get("/inspections/new"+q).want(t, http.StatusOK, "Theo kế hoạch “Kế hoạch kiểm tra công vụ năm 2026”", "tháng 5")
	r = noivu.post("/inspections/new", url.Values{"plan": {itoa(pl.ID)}, "plan_target": {itoa(pl.Targets[0].ID)}, "scheduled_on": {"12/05/2026"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("from the plan: %d\n%s", r.StatusCode, r.Body)
	}
	noivu.get(r.Header.Get("Location")).want(t, http.StatusOK, "Theo kế hoạch", "xem kế hoạch", "12/05/2026")
	noivu.get(href).want(t, http.StatusOK, "Xem đợt kiểm tra")
}

// mustID reads the id at the end of a path.
func mustID(t *testing.T, path string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(path[strings.LastIndexByte(path, '/')+1:], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The inspected unit never sees an unannounced inspection before the
// visit, nor another unit's; its head sees the announced one without the
// team's forms.
func TestInspectionHiddenFromInspectedUnit(t *testing.T) {
	e := inspectionEnv(t)
	secret := e.mkInspection(inspection.KindCheck, "34", "34.SNV", true)
	open := e.mkInspection(inspection.KindInspection, "34", "34.SNV", false)
	head := e.client().login("truongsnv")
	head.get("/inspections/"+itoa(secret.ID)).want(t, http.StatusNotFound)
	list := head.get("/inspections").want(t, http.StatusOK)
	if strings.Contains(list.Body, "/inspections/"+itoa(secret.ID)+`"`) {
		t.Fatal("the inspected unit's list shows an unannounced inspection before the visit")
	}
	page := head.get("/inspections/"+itoa(open.ID)).want(t, http.StatusOK, "Kết luận chưa được ban hành")
	page.lacks(t, "Chọn danh mục kiểm tra", "Chỉ số hài lòng thấp", `action="/inspections/`+itoa(open.ID)+`/conclusion"`)
	head.get("/inspections/"+itoa(open.ID)+"/checklist").want(t, http.StatusNotFound)
	head.post("/inspections/"+itoa(open.ID)+"/conclusion", url.Values{"conclusion": {"Tự kết luận"}}).want(t, http.StatusNotFound)
	// A sibling unit's head sees neither.
	sib := e.client().login("truongstp")
	sib.get("/inspections/"+itoa(open.ID)).want(t, http.StatusNotFound)
	sib.get("/inspections/"+itoa(secret.ID)).want(t, http.StatusNotFound)
}

// siblingHead signs in the head of 34.STP, a sibling of 34.SNV.
func siblingHead(e *env) *client {
	e.t.Helper()
	u, err := e.svc.Units.CreateUnit(sysCtx(), org.UnitInput{Code: "34.STP", Name: "Sở Tư pháp tỉnh Thái Bình", Kind: org.KindDepartment, ParentID: e.units["34"].ID})
	if err != nil {
		e.t.Fatal(err)
	}
	e.units[u.Code] = u
	if _, err := e.svc.Users.CreateUser(sysCtx(), org.UserInput{Username: "truongstp", FullName: "Thủ Trưởng Sở Tư pháp", Password: testPassword, Active: true,
		Grants: []congvu.Grant{{Role: congvu.RoleUnitHead, UnitID: u.ID}}}); err != nil {
		e.t.Fatal(err)
	}
	return e.client().login("truongstp")
}

// The main task over HTTP: lines chosen from the catalog, recorded on the
// desktop form, the record closed, the conclusion drafted, reviewed and
// issued; the inspected unit sees the conclusion only once issued.
func TestInspectionChecklistRecordConclusion(t *testing.T) {
	e := inspectionEnv(t)
	i := e.mkInspection(inspection.KindCheck, "34", "34.SNV", false)
	href := "/inspections/" + itoa(i.ID)
	noivu := e.client().login("noivu")
	noivu.get(href+"/checklist").want(t, http.StatusOK, "Chọn cả nhóm", `name="sample_GT-XC"`, "Quan sát tại quầy")
	// A sample that is not a number is refused, and the choice is kept.
	noivu.post(href+"/checklist", url.Values{"item": {"GT-XC"}, "method_GT-XC": {"observe"}, "sample_GT-XC": {"năm"}}).
		want(t, http.StatusBadRequest, "Cỡ mẫu phải là một số nguyên", `value="năm"`)
	noivu.post(href+"/checklist", url.Values{}).want(t, http.StatusBadRequest, "Xin chọn ít nhất một nhóm hoặc một chuẩn mực")
	noivu.post(href+"/checklist", url.Values{"group": {"TP"}, "item": {"GT-XC"}, "method_GT-XC": {"ask"}, "sample_GT-XC": {"7"},
		"template_name": {"Một cửa cấp sở"}}).want(t, http.StatusSeeOther)
	now, err := e.svc.Inspections.FindInspection(e.plannerCtx(), i.ID)
	if err != nil || len(now.Lines) < 2 {
		t.Fatalf("checklist: %v lines, %v", now, err)
	}
	if _, err := e.svc.InspectionPhotos.AddPhoto(e.plannerCtx(), now.Lines[0].ID, "anh-1", bytes.NewReader(exifJPEG(t, 9))); err != nil {
		t.Fatal(err)
	}
	noivu.get(href).want(t, http.StatusOK, "Hỏi người dân đang chờ", "Ghi kết quả (máy tính)", `href="`+href+`/field"`, "1 ảnh chụp tại chỗ")
	noivu.get(href+"/checklist").want(t, http.StatusOK, "Một cửa cấp sở")
	// Record: a breach without a note is refused in Vietnamese, nothing saved.
	vals := url.Values{}
	for _, l := range now.Lines {
		vals.Set("result_"+itoa(l.ID), "kept")
	}
	bad := now.Lines[0].ID
	vals.Set("result_"+itoa(bad), "breached")
	noivu.post(href+"/record", vals).want(t, http.StatusBadRequest, "Xin ghi rõ hành vi vi phạm.")
	if again, _ := e.svc.Inspections.FindInspection(e.plannerCtx(), i.ID); again.Lines[1].Result != "" {
		t.Fatal("a refused record saved a line")
	}
	vals.Set("note_"+itoa(bad), "Không chào hỏi người dân đến nộp hồ sơ.")
	vals.Set("close", "1")
	noivu.post(href+"/record", vals).want(t, http.StatusSeeOther)
	noivu.get(href).want(t, http.StatusOK, "Đã lập biên bản", "Không chào hỏi người dân", "1 dòng vi phạm")
	// Conclusion: draft, review, issue; the inspected unit sees nothing before.
	text := "Sở Nội vụ cơ bản thực hiện đúng quy tắc ứng xử; chấn chỉnh việc chào hỏi tại bộ phận một cửa."
	noivu.post(href+"/conclusion", url.Values{"conclusion": {text}, "step": {"save"}}).want(t, http.StatusSeeOther)
	head := e.client().login("truongsnv")
	head.get(href).want(t, http.StatusOK, "Kết luận chưa được ban hành").lacks(t, "chấn chỉnh việc chào hỏi")
	noivu.get(href).want(t, http.StatusOK, "Rà soát dự thảo")
	noivu.post(href+"/conclusion", url.Values{"conclusion": {text}, "step": {"review"}}).want(t, http.StatusSeeOther)
	head.get(href).want(t, http.StatusOK).lacks(t, "chấn chỉnh việc chào hỏi")
	noivu.post(href+"/conclusion", url.Values{"conclusion": {text}, "step": {"issue"}}).want(t, http.StatusSeeOther)
	head.get(href).want(t, http.StatusOK, "chấn chỉnh việc chào hỏi", "Ngày ban hành kết luận")
	noivu.get(href).want(t, http.StatusOK, "Đã ban hành kết luận", "Ban hành kết luận")
}
