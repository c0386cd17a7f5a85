package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/inspection"
	"congvu/org"
	"congvu/petition"
	"congvu/violation"
)

func init() {
	// Violations (one at 34.SNV naming an official of 34.SNV, one in
	// province 01): read by home-affairs staff, heads and inspectors of the
	// subtree (not administrators: sensitive data), handled by the unit
	// head; the official role has only their own page.
	view := allowedRoles(superv, head, inspect)
	for k, v := range map[string]expectation{
		"GET /violations":                   {In: view},
		"GET /violations/new":               {In: view},
		"POST /violations/new":              {In: view},
		"GET /violations/mine":              {In: signedIn},
		"POST /violations/mine/acknowledge": {In: signedIn},
		"GET /violations/{id}":              {In: view, Out: nobody, object: "violation"},
		"POST /violations/{id}/evidence":    {In: view, Out: nobody, object: "violation"},
		"POST /violations/{id}/handlings":   {In: allowedRoles(head), Out: nobody, object: "violation"},
		"POST /violations/{id}/no-action":   {In: allowedRoles(head), Out: nobody, object: "violation"},
		"POST /violations/{id}/dismiss":     {In: allowedRoles(head), Out: nobody, object: "violation"},
	} {
		authzTable[k] = v
	}
}

// violationObjects opens a violation about in (an official of 34.SNV) and
// one about out (an official of province 01), on an observation of the
// system, for the authorization table.
func violationObjects(e *env, in, out *org.Official) (string, string) {
	e.t.Helper()
	mk := func(o *org.Official) string {
		v, err := e.svc.Violations.CreateViolation(sysCtx(), violation.Input{UnitID: o.UnitID, ActDate: time.Now().In(congvu.TimeZone),
			ItemCodes: []string{"GT-XC"}, Description: "Cán bộ không chào hỏi người dân đến làm thủ tục.", OfficialIDs: []int64{o.ID},
			Evidence: []congvu.EvidenceRef{{Kind: congvu.EvidenceObservation}}, Notes: map[int]string{0: "Biên bản ghi nhận của thủ trưởng đơn vị."}})
		if err != nil {
			e.t.Fatal(err)
		}
		return itoa(v.ID)
	}
	return mk(in), mk(out)
}

// The reporter of the petitions of these tests: their name must never
// reach the official concerned.
const violationReporter = "Trần Thị Bích Ngọc"

// foundedPetition submits a petition (with the reporter's name) about o
// and takes it, as the province's supervisor, to a founded conclusion
// breaching GT-XC.
func (e *env) foundedPetition(o *org.Official) *petition.Receipt {
	e.t.Helper()
	rc := e.submitPetition(petitionIn{official: o, category: petition.Attitude, text: "Cán bộ quát nạt, không chào hỏi người dân.\nTôi phải chờ hai tiếng."})
	ctx := e.loginCtx("noivu")
	for _, in := range []petition.StepInput{
		{Step: petition.StepAccept, Note: "Đủ điều kiện thụ lý."},
		{Step: petition.StepAssign},
		{Step: petition.StepVerify},
		{Step: petition.StepConclude, Conclusion: petition.ConclusionFounded, Text: "Cán bộ có thái độ không đúng mực.", Items: []string{"GT-XC"}, ConclusionPublic: true},
	} {
		if _, err := e.svc.Petitions.Step(ctx, rc.Petition.ID, in); err != nil {
			e.t.Fatalf("petition step %s: %v", in.Step, err)
		}
	}
	return rc
}

// violationsOf counts the stored violations (as the system).
func (e *env) violationsOf() int {
	e.t.Helper()
	_, n, err := e.svc.Violations.FindViolations(sysCtx(), violation.Filter{Limit: 10})
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

var violationLocation = regexp.MustCompile(`^/violations/(\d+)\?ok=vp-da-mo$`)

// The main task through the web: the head of 34.SNV opens a violation
// from a founded petition about one of their officials, records a nhắc
// nhở; the official reads it on their own page, never who reported, and
// acknowledges it. Bad input is said next to its field, keeps what was
// typed and saves nothing.
func TestViolationFromPetitionThroughTheWeb(t *testing.T) {
	e := newEnv(t)
	ha := e.mkOfficial("34.SNV", "SNV-7", "Nguyễn Thị Thu Hà", "Chuyên viên")
	e.mkUser("thutruong", congvu.RoleUnitHead, "34.SNV", 0)
	e.mkUser("canbo", congvu.RoleOfficial, "34.SNV", ha.ID)
	rc := e.foundedPetition(ha)
	pet := itoa(rc.Petition.ID)
	head := e.client().login("thutruong")

	// The petition's page links to the form, which comes filled from it.
	head.get("/petitions/"+pet).want(t, http.StatusOK, `href="/violations/new?petition=`+pet+`"`, "Mở vụ vi phạm")
	r := head.get("/violations/new?petition="+pet).want(t, http.StatusOK, rc.TrackingCode, `name="evidence" value="petition:`+pet+`:`+itoa(ha.ID)+`" checked`,
		`name="official" value="`+itoa(ha.ID)+`" checked`, `name="item" value="GT-XC" checked`, `name="unit" value="34.SNV"`)
	if !strings.Contains(r.Body, `name="act_date" value="`+today()+`"`) { // the day the petition was made (it says no other)
		t.Fatal("the act date does not come from the petition")
	}

	// An unknown unit is said on its field.
	head.get("/violations/new?don-vi=KHONG-CO").want(t, http.StatusNotFound, "Không tìm thấy đơn vị có mã “KHONG-CO”", `id="f-unit-error"`, `value="KHONG-CO"`, `href="#f-unit"`)
	// The blank form lists the evidence no violation rests on yet, to pick.
	head.get("/violations/new").want(t, http.StatusOK, rc.TrackingCode, "chưa có vụ việc nào dựa trên kết luận này", `name="unit" value="34.SNV"`)

	// Bad input: a date that does not exist, an item code that is not one,
	// too short a description. Everything typed comes back; nothing saved.
	bad := url.Values{"unit": {"34.SNV"}, "evidence": {"petition:" + pet + ":" + itoa(ha.ID)}, "official": {itoa(ha.ID)},
		"item": {"GT-XC"}, "items": {"gt-xc, không-mã"}, "act_date": {"31/02/2026"}, "description": {"Quát nạt"}}
	head.post("/violations/new", bad).want(t, http.StatusBadRequest, "Chưa mở được vụ vi phạm", "Ngày không hợp lệ",
		"không phải mã chuẩn mực", "ít nhất 20 ký tự", `value="31/02/2026"`, ">Quát nạt</textarea>", `value="gt-xc, không-mã"`,
		`value="petition:`+pet+`:`+itoa(ha.ID)+`" checked`, `name="official" value="`+itoa(ha.ID)+`" checked`)
	if n := e.violationsOf(); n != 0 {
		t.Fatalf("%d violations saved from a bad form", n)
	}
	// No evidence at all: the domain says so, nothing saved.
	head.post("/violations/new", url.Values{"unit": {"34.SNV"}, "official": {itoa(ha.ID)}, "item": {"GT-XC"}, "act_date": {today()},
		"description": {"Cán bộ quát nạt người dân tại bộ phận một cửa."}}).want(t, http.StatusBadRequest, "ít nhất một căn cứ")
	if n := e.violationsOf(); n != 0 {
		t.Fatalf("%d violations saved without evidence", n)
	}

	good := url.Values{"unit": {"34.SNV"}, "evidence": {"petition:" + pet + ":" + itoa(ha.ID)}, "official": {itoa(ha.ID)},
		"item": {"GT-XC"}, "act_date": {today()}, "description": {"Cán bộ quát nạt người dân tại bộ phận một cửa."}}
	r = head.post("/violations/new", good)
	m := violationLocation.FindStringSubmatch(r.Header.Get("Location"))
	if r.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("create: %d %q\n%s", r.StatusCode, r.Header.Get("Location"), r.Body)
	}
	href := "/violations/" + m[1]
	head.get(href+"?ok=vp-da-mo").want(t, http.StatusOK, "Đã mở vụ vi phạm", "Nguyễn Thị Thu Hà", "GT-XC", rc.TrackingCode,
		"Chưa xử lý", `action="`+href+`/handlings"`)
	// Once used, the petition is no longer suggested.
	head.get("/violations/new").want(t, http.StatusOK, "Không có căn cứ nào").lacks(t, rc.TrackingCode)
	// The list finds it without diacritics.
	head.get("/violations?q=nguyen+thi+thu+ha").want(t, http.StatusOK, href, "Nguyễn Thị Thu Hà")
	head.get("/violations?q=khong+ai+ten+nay").want(t, http.StatusOK, "Không có vụ nào khớp bộ lọc")
	head.get("/violations?tu=99/99/2026").want(t, http.StatusBadRequest, "Ngày bắt đầu phải có dạng")

	// A nhắc nhở without its note: said, kept, nothing recorded.
	r = head.post(href+"/handlings", url.Values{"official": {itoa(ha.ID)}, "kind": {"reminder"}, "severity": {"minor"}, "note": {""}})
	r.want(t, http.StatusBadRequest, "Chưa ghi nhận được việc xử lý", "Xin ghi nội dung nhắc nhở", `value="reminder" checked`)
	wantRedirect(t, head.post(href+"/handlings", url.Values{"official": {itoa(ha.ID)}, "kind": {"reminder"}, "severity": {"minor"},
		"note": {"Đồng chí cần chào hỏi, lắng nghe người dân; không lặp lại."}}), href, "vp-da-xu-ly")
	head.get(href).want(t, http.StatusOK, "Nhắc nhở", "Chưa xác nhận", "Mở vụ vi phạm", "Nhắc nhở, phê bình, chấn chỉnh cán bộ vi phạm")

	// The official: their own page, not the staff's.
	off := e.client().login("canbo")
	off.get("/").want(t, http.StatusOK, `href="/violations/mine"`).lacks(t, `href="/violations"`)
	head.get("/").want(t, http.StatusOK, `href="/violations"`)
	off.get("/violations").want(t, http.StatusForbidden)
	if r := off.get(href); r.StatusCode != http.StatusForbidden && r.StatusCode != http.StatusNotFound {
		t.Fatalf("the official opens the staff page: %d", r.StatusCode)
	}
	r = off.get("/violations/mine").want(t, http.StatusOK, "Vi phạm của tôi", "Nhắc nhở", "Đồng chí cần chào hỏi", "Phản ánh của người dân", "Tôi đã biết")
	r.lacks(t, rc.TrackingCode, violationReporter, "petition:"+pet)
	hid := regexp.MustCompile(`name="handling" value="(\d+)"`).FindStringSubmatch(r.Body)
	if hid == nil {
		t.Fatal("no acknowledgement form")
	}
	wantRedirect(t, off.post("/violations/mine/acknowledge", url.Values{"handling": {hid[1]}, "ack_note": {"Tôi xin tiếp thu."}}), "/violations/mine", "vp-da-xac-nhan")
	off.get("/violations/mine").want(t, http.StatusOK, "Anh/chị đã xác nhận", "Tôi xin tiếp thu.").lacks(t, "Tôi đã biết", rc.TrackingCode, violationReporter)
	head.get(href).want(t, http.StatusOK, "Đã biết ngày", "Tôi xin tiếp thu.")
	// Nobody else acknowledges for them.
	if r := head.post("/violations/mine/acknowledge", url.Values{"handling": {hid[1]}}); r.StatusCode != http.StatusForbidden && r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusConflict {
		t.Fatalf("the head acknowledges for the official: %d", r.StatusCode)
	}
}

// The head of a sibling unit (34.STP beside 34.SNV) reaches no violation
// of 34.SNV: not in the list, not by its page, not by a form.
func TestViolationHiddenFromSiblingUnit(t *testing.T) {
	e := petitionEnv(t)
	ha := e.mkOfficial("34.SNV", "SNV-8", "Phạm Văn Bình", "Chuyên viên")
	e.mkUser("thutruong", congvu.RoleUnitHead, "34.SNV", 0)
	e.mkUser("thutruong-stp", congvu.RoleUnitHead, "34.STP", 0)
	rc := e.foundedPetition(ha)
	v, err := e.svc.Violations.CreateViolation(e.loginCtx("thutruong"), violation.Input{UnitID: e.units["34.SNV"].ID, ActDate: mustDate(t, today()),
		ItemCodes: []string{"GT-XC"}, Description: "Cán bộ quát nạt người dân tại bộ phận một cửa.", OfficialIDs: []int64{ha.ID},
		Evidence: []congvu.EvidenceRef{{Kind: congvu.EvidencePetition, ID: rc.Petition.ID}}})
	if err != nil {
		t.Fatal(err)
	}
	sib := e.client().login("thutruong-stp")
	sib.get("/violations").want(t, http.StatusOK, "Chưa có vụ vi phạm nào").lacks(t, "Phạm Văn Bình")
	sib.get("/violations/new?petition="+itoa(rc.Petition.ID)).lacks(t, rc.TrackingCode)
	for _, p := range []string{"/violations/" + itoa(v.ID)} {
		if r := sib.get(p); r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusForbidden {
			t.Errorf("GET %s as a sibling head: %d", p, r.StatusCode)
		}
	}
	for _, p := range []string{"/handlings", "/no-action", "/dismiss", "/evidence"} {
		if r := sib.post("/violations/"+itoa(v.ID)+p, url.Values{"official": {itoa(ha.ID)}, "kind": {"reminder"}, "note": {"Nhắc nhở từ đơn vị khác."},
			"reason": {"Lý do từ một đơn vị khác."}, "observation": {"Ghi nhận từ một đơn vị khác."}}); r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s as a sibling head: %d", p, r.StatusCode)
		}
	}
	if got, err := e.svc.Violations.FindViolation(sysCtx(), v.ID); err != nil || len(got.Handlings) != 0 || len(got.Evidence) != 1 || got.Status != violation.StatusOpen {
		t.Fatalf("the sibling changed the violation: %+v %v", got, err)
	}
}

func mustDate(t *testing.T, s string) (d time.Time) {
	t.Helper()
	d, ok := congvu.ParseDate(s, congvu.TimeZone)
	if !ok {
		t.Fatalf("date %q", s)
	}
	return d
}

// today is the Vietnam calendar day, dd/mm/yyyy: the officials of the
// tests exist from today, so their acts are today's.
func today() string { return time.Now().In(congvu.TimeZone).Format("02/01/2006") }

// A breached line of a closed inspection record, naming an official, links
// to the form, which comes filled from it (unit, official, item), and opens
// a violation on it.
func TestViolationFromInspectionLine(t *testing.T) {
	e := newEnv(t)
	ha := e.mkOfficial("34.SNV", "SNV-9", "Lưu Văn Cường", "Chuyên viên")
	x := e.mkInspection(inspection.KindCheck, "34", "34.SNV", false)
	ctx := e.plannerCtx()
	x, err := e.svc.Inspections.GenerateChecklist(ctx, x.ID, inspection.ChecklistInput{Items: []inspection.LineSpec{{ItemCode: "GT-XC", Method: inspection.Methods[0]}}})
	if err != nil {
		t.Fatal(err)
	}
	line := x.Lines[0]
	if _, err := e.svc.Inspections.RecordLine(ctx, x.ID, inspection.LineInput{LineID: line.ID, Result: inspection.ResultBreached,
		Note: "Không chào hỏi người dân.", OfficialID: ha.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Inspections.CloseRecord(ctx, x.ID); err != nil {
		t.Fatal(err)
	}
	c := e.client().login("noivu")
	link := "/violations/new?line=" + itoa(line.ID) + "&amp;inspection=" + itoa(x.ID)
	c.get("/inspections/"+itoa(x.ID)).want(t, http.StatusOK, `href="`+link+`"`)
	c.get(strings.ReplaceAll(link, "&amp;", "&")).want(t, http.StatusOK, `name="evidence" value="inspection_line:`+itoa(line.ID)+`:`+itoa(ha.ID)+`" checked`,
		`name="official" value="`+itoa(ha.ID)+`" checked`, `name="item" value="GT-XC" checked`, `name="unit" value="34.SNV"`, "không đạt chuẩn mực GT-XC")
	r := c.post("/violations/new", url.Values{"unit": {"34.SNV"}, "evidence": {"inspection_line:" + itoa(line.ID) + ":" + itoa(ha.ID)},
		"official": {itoa(ha.ID)}, "item": {"GT-XC"}, "act_date": {today()}, "description": {"Cán bộ không chào hỏi người dân khi đoàn kiểm tra đến."}})
	if violationLocation.FindStringSubmatch(r.Header.Get("Location")) == nil {
		t.Fatalf("create from a line: %d %q\n%s", r.StatusCode, r.Header.Get("Location"), r.Body)
	}
	// A line not found breached, or of no one, does not link.
	c.get("/violations/new?line=999999").want(t, http.StatusNotFound)
}

// A unit head whose own official record a violation names does not handle
// it: the page says the next level up does and offers no form; a posted
// one is refused.
func TestViolationConflictedHead(t *testing.T) {
	e := newEnv(t)
	self := e.mkOfficial("34.SNV", "SNV-TT", "Đinh Quang Huy", "Giám đốc")
	e.mkUser("thutruong", congvu.RoleUnitHead, "34.SNV", self.ID)
	v, err := e.svc.Violations.CreateViolation(e.loginCtx("noivu"), violation.Input{UnitID: e.units["34.SNV"].ID, ActDate: mustDate(t, today()),
		ItemCodes: []string{"GT-XC"}, Description: "Thủ trưởng không tiếp công dân theo lịch đã công bố.", OfficialIDs: []int64{self.ID},
		Evidence: []congvu.EvidenceRef{{Kind: congvu.EvidenceObservation}}, Notes: map[int]string{0: "Biên bản của đoàn kiểm tra tỉnh."}})
	if err != nil {
		t.Fatal(err)
	}
	href := "/violations/" + itoa(v.ID)
	c := e.client().login("thutruong")
	c.get(href).want(t, http.StatusOK, "không được tự xử lý").lacks(t, `action="`+href+`/handlings"`, `action="`+href+`/dismiss"`)
	if r := c.post(href+"/handlings", url.Values{"official": {itoa(self.ID)}, "kind": {"reminder"}, "note": {"Tự nhắc nhở bản thân."}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("a conflicted head handles: %d", r.StatusCode)
	}
	c.get("/violations/mine").want(t, http.StatusOK, "Thủ trưởng không tiếp công dân")
	e.client().login("noivu").get(href).want(t, http.StatusOK, "Đinh Quang Huy").lacks(t, `action="`+href+`/handlings"`) // a supervisor does not handle
}

// No action for one official and a dismissal: a short reason is said next
// to its box and kept; a dismissal once someone has an outcome is refused
// in plain words; evidence added by observation shows in the list.
func TestViolationNoActionDismissEvidence(t *testing.T) {
	e := newEnv(t)
	a := e.mkOfficial("34.SNV", "SNV-A", "Trịnh Văn An", "Chuyên viên")
	b := e.mkOfficial("34.SNV", "SNV-B", "Mai Thị Bích", "Chuyên viên")
	e.mkUser("thutruong", congvu.RoleUnitHead, "34.SNV", 0)
	v, err := e.svc.Violations.CreateViolation(e.loginCtx("thutruong"), violation.Input{UnitID: e.units["34.SNV"].ID, ActDate: mustDate(t, today()),
		ItemCodes: []string{"GT-XC"}, Description: "Hai cán bộ không chào hỏi người dân đến nộp hồ sơ.", OfficialIDs: []int64{a.ID, b.ID},
		Evidence: []congvu.EvidenceRef{{Kind: congvu.EvidenceObservation}}, Notes: map[int]string{0: "Ghi nhận trực tiếp sáng thứ Hai."}})
	if err != nil {
		t.Fatal(err)
	}
	href := "/violations/" + itoa(v.ID)
	c := e.client().login("thutruong")
	c.post(href+"/dismiss", url.Values{"dismiss_reason": {"Ngắn"}}).want(t, http.StatusBadRequest, "Chưa đóng được vụ việc", `id="f-dismiss-reason-error"`, ">Ngắn</textarea>")
	c.post(href+"/no-action", url.Values{"na_official": {itoa(a.ID)}, "na_reason": {"Ngắn"}}).want(t, http.StatusBadRequest, `id="f-na-reason-error"`, ">Ngắn</textarea>")
	wantRedirect(t, c.post(href+"/no-action", url.Values{"na_official": {itoa(a.ID)}, "na_reason": {"Cán bộ đang nghỉ phép, không có mặt hôm đó."}}), href, "vp-khong-ap-dung")
	c.post(href+"/dismiss", url.Values{"dismiss_reason": {"Bằng chứng không đủ căn cứ kết luận."}}).want(t, http.StatusBadRequest, "Đã có cán bộ được xử lý")
	c.post(href+"/evidence", url.Values{}).want(t, http.StatusBadRequest, "Chưa thêm được bằng chứng")
	wantRedirect(t, c.post(href+"/evidence", url.Values{"observation": {"Camera bộ phận một cửa ghi lại sự việc."}}), href, "vp-da-them-bang-chung")
	c.get(href).want(t, http.StatusOK, "Không áp dụng biện pháp", "Cán bộ đang nghỉ phép", "Camera bộ phận một cửa ghi lại sự việc.", "Mai Thị Bích")
	got, err := e.svc.Violations.FindViolation(sysCtx(), v.ID)
	if err != nil || got.Status != violation.StatusOpen || len(got.Evidence) != 2 {
		t.Fatalf("after: %+v %v", got, err)
	}
}
