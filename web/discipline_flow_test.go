package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/org"
	"congvu/sqldb/sqldbtest"
	"congvu/violation"
)

// disciplineEnv has an official of 34.SNV with an account of the official
// role ("canbo-kl"), the head of 34.SNV ("truong-kl") and a violation
// naming the official, opened by the head.
func disciplineEnv(t *testing.T) (*env, *org.Official, *violation.Violation) {
	e := newEnv(t)
	o, err := e.svc.Officials.CreateOfficial(sysCtx(), org.OfficialInput{UnitID: e.units["34.SNV"].ID, EmployeeCode: "KL-2",
		FullName: "Nguyễn Văn Đức", Category: org.CategoryCivilServant, Position: "Chuyên viên"})
	if err != nil {
		t.Fatal(err)
	}
	e.mkUser("canbo-kl", congvu.RoleOfficial, "34.SNV", o.ID)
	e.mkUser("truong-kl", congvu.RoleUnitHead, "34.SNV", 0)
	v, err := e.svc.Violations.CreateViolation(e.actorCtx("truong-kl"), violation.Input{UnitID: o.UnitID, ActDate: congvu.Date(time.Now()),
		ItemCodes: []string{"GT-XC"}, Description: "Quát nạt người dân đến nộp hồ sơ.", OfficialIDs: []int64{o.ID},
		Evidence: []congvu.EvidenceRef{{Kind: congvu.EvidenceObservation}}, Notes: map[int]string{0: "Ghi nhận của thủ trưởng: camera quầy số 3."}})
	if err != nil {
		t.Fatalf("violation: %v %v", err, congvu.ErrorFields(err))
	}
	return e, o, v
}

// The main task on the pages: the head sees the rule of the act's date
// and the form proposed, opens a khiển trách case, records the review and
// the decision (bad input kept, explained and not saved) and the
// notification; the official then reads the decision about them and its
// document, without the history nor the evidence, and nothing of it
// reaches a sibling unit's head.
func TestDisciplineCasePages(t *testing.T) {
	e, o, v := disciplineEnv(t)
	head := e.client().login("truong-kl")
	newHref := "/discipline/new?violation=" + itoa(v.ID) + "&official=" + itoa(o.ID)
	head.get(newHref).want(t, http.StatusOK, "Nghị định 172/2025/NĐ-CP", "Khiển trách", "Cảnh cáo", "Hình thức đề xuất cho hành vi vi phạm: khiển trách.",
		"Người đứng đầu cơ quan quản lý công chức", "Nguyễn Văn Đức").lacks(t, "Cách chức") // not a leader
	head.get("/discipline/new").want(t, http.StatusOK, "Thủ tục kỷ luật được mở từ một vi phạm")
	// A form the rule does not give this official: refused, input kept.
	head.post("/discipline/new", url.Values{"violation": {itoa(v.ID)}, "official": {itoa(o.ID)}, "severity": {"minor"}, "proposed_form": {"removal"}}).
		want(t, http.StatusBadRequest, "Hình thức này không áp dụng")
	if list, _, _ := e.svc.Discipline.FindCases(e.actorCtx("truong-kl"), violation.CaseFilter{}); len(list) != 0 {
		t.Fatalf("a refused case was saved: %d", len(list))
	}
	r := head.post("/discipline/new", url.Values{"violation": {itoa(v.ID)}, "official": {itoa(o.ID)}, "severity": {"minor"}, "proposed_form": {"reprimand"}})
	r.want(t, http.StatusSeeOther)
	href := strings.SplitN(r.Header.Get("Location"), "?", 2)[0]
	if !strings.HasPrefix(href, "/discipline/") {
		t.Fatalf("opened to %q", href)
	}
	head.get(href).want(t, http.StatusOK, "Đang kiểm điểm", "Các bước và thời hạn", "ngày làm việc", "Ghi biên bản kiểm điểm",
		href+"/docs/bien-ban-kiem-diem.pdf", href+"/docs/quyet-dinh.docx", "Lịch sử", "Mở thủ tục xem xét kỷ luật").lacks(t, "bien-ban-hoi-dong")
	head.get("/discipline").want(t, http.StatusOK, "Nguyễn Văn Đức", "Nghị định 172/2025/NĐ-CP")
	head.get("/discipline?q=nguyen+van+duc&trang-thai=review").want(t, http.StatusOK, `href="`+href+`"`)
	head.get("/discipline?trang-thai=decided").want(t, http.StatusOK, "Không có hồ sơ nào khớp bộ lọc").lacks(t, `href="`+href+`"`)
	head.get("/discipline?trang-thai=bogus").want(t, http.StatusBadRequest, "Xin chọn một trạng thái trong danh sách.")

	today := congvu.Date(time.Now()).Format("02/01/2006")
	minutes := "Ông Đức nhận khuyết điểm; tập thể kiến nghị khiển trách."
	head.post(href+"/review", url.Values{"on": {"31/02/2026"}, "minutes": {minutes}}).
		want(t, http.StatusBadRequest, "Ngày họp kiểm điểm phải có dạng ngày/tháng/năm", minutes)
	head.post(href+"/review", url.Values{"on": {today}, "minutes": {minutes}}).want(t, http.StatusSeeOther)
	head.get(href).want(t, http.StatusOK, "Ghi quyết định kỷ luật", "Đã xong "+today)

	dec := url.Values{"number": {"mười lăm"}, "signed_on": {today}, "effective_on": {today}, "form": {"reprimand"}, "signer": {"Trần Văn Bình, Giám đốc"}}
	head.post(href+"/decision", dec).want(t, http.StatusBadRequest, "Số, ký hiệu phải có dạng số/ký hiệu", "Trần Văn Bình, Giám đốc")
	head.get(href).want(t, http.StatusOK, "Chờ quyết định").lacks(t, "mười lăm")
	dec.Set("number", "15/qđ-snv")
	head.post(href+"/decision", dec).want(t, http.StatusSeeOther)
	head.post(href+"/notify", url.Values{"on": {today}, "note": {"Ông Nguyễn Văn Đức\nPhòng Tổ chức cán bộ"}}).want(t, http.StatusSeeOther)
	head.get(href).want(t, http.StatusOK, "Đã thông báo", "15/QĐ-SNV", "Khiển trách", "Trần Văn Bình, Giám đốc")

	self := e.client().login("canbo-kl")
	self.get("/discipline").want(t, http.StatusOK, "Nguyễn Văn Đức", "15/QĐ-SNV").lacks(t, "Lọc hồ sơ kỷ luật")
	self.get(href).want(t, http.StatusOK, "15/QĐ-SNV", "Khiển trách", "Khiếu nại quyết định kỷ luật", href+"/docs/quyet-dinh.pdf").
		lacks(t, "Lịch sử", "camera quầy số 3", "Ghi quyết định kỷ luật", "bien-ban-kiem-diem", "truong-kl", "Người Dùng truong-kl")
	d := self.get(href+"/docs/quyet-dinh.docx").want(t, http.StatusOK)
	if txt := docxText(t, []byte(d.Body)); !strings.Contains(txt, "Số: 15/QĐ-SNV") || !strings.Contains(txt, "khiển trách") || strings.Contains(txt, "DỰ THẢO") {
		t.Errorf("the official's decision: %.400s", txt)
	}
	if p := self.get(href+"/docs/quyet-dinh.pdf").want(t, http.StatusOK); !strings.HasPrefix(p.Body, "%PDF") {
		t.Error("the decision's PDF is not a PDF")
	}
	self.get(href+"/docs/bien-ban-kiem-diem.pdf").want(t, http.StatusNotFound)
	self.post(href+"/decision", dec).want(t, http.StatusForbidden)

	sib := siblingHead(e)
	sib.get(href).want(t, http.StatusNotFound)
	sib.get("/discipline").want(t, http.StatusOK).lacks(t, "Nguyễn Văn Đức")
	head.get("/audit").want(t, http.StatusForbidden)
	e.client().login("noivu").get("/audit?loai=discipline.").want(t, http.StatusOK, "Ghi quyết định kỷ luật", "Xem hồ sơ kỷ luật")
}

// The other steps on the pages: the official files a complaint against
// the decision about them, the head settles it; a cảnh cáo case goes
// before a council (a members list that cannot be read is explained, with
// the input kept), is deferred for a case of its rule set and resumed,
// then ended without discipline with a reason.
func TestDisciplineOtherSteps(t *testing.T) {
	e, o, v := disciplineEnv(t)
	head := e.client().login("truong-kl")
	today := congvu.Date(time.Now()).Format("02/01/2006")
	c, err := e.svc.Discipline.OpenCase(e.actorCtx("truong-kl"), violation.CaseInput{OfficialID: o.ID, ViolationIDs: []int64{v.ID},
		Severity: violation.SeverityMinor, ProposedForm: violation.FormReprimand})
	if err != nil {
		t.Fatal(err)
	}
	href := "/discipline/" + itoa(c.ID)
	head.post(href+"/review", url.Values{"on": {today}, "minutes": {"Kiểm điểm."}}).want(t, http.StatusSeeOther)
	head.post(href+"/decision", url.Values{"number": {"16/QĐ-SNV"}, "signed_on": {today}, "effective_on": {today}, "form": {"reprimand"},
		"signer": {"Trần Văn Bình, Giám đốc"}}).want(t, http.StatusSeeOther)
	head.post(href+"/notify", url.Values{"on": {today}, "note": {"Ông Nguyễn Văn Đức"}}).want(t, http.StatusSeeOther)
	self := e.client().login("canbo-kl")
	self.post(href+"/complaint", url.Values{"filed_on": {today}}).want(t, http.StatusBadRequest, "Xin ghi nội dung khiếu nại.")
	self.post(href+"/complaint", url.Values{"filed_on": {today}, "text": {"Tôi không quát nạt; xin xem lại camera."}}).want(t, http.StatusSeeOther)
	self.get(href).want(t, http.StatusOK, "Đang giải quyết khiếu nại", "Tôi không quát nạt").lacks(t, "Giải quyết khiếu nại</h2>")
	head.post(href+"/settle", url.Values{"outcome": {"changed"}, "reply": {"Xem lại."}}).want(t, http.StatusBadRequest, "Xin chọn hình thức kỷ luật mới.", "Xem lại.")
	head.post(href+"/settle", url.Values{"outcome": {"upheld"}, "reply": {"Camera cho thấy có quát nạt; giữ nguyên quyết định."}}).want(t, http.StatusSeeOther)
	self.get(href).want(t, http.StatusOK, "Giữ nguyên quyết định", "Đã kết thúc")

	// A cảnh cáo needs a council under 172/2025 for a civil servant.
	v2, err := e.svc.Violations.CreateViolation(e.actorCtx("truong-kl"), violation.Input{UnitID: o.UnitID, ActDate: congvu.Date(time.Now()),
		ItemCodes: []string{"GT-XC"}, Description: "Tái phạm: quát nạt người dân.", OfficialIDs: []int64{o.ID},
		Evidence: []congvu.EvidenceRef{{Kind: congvu.EvidenceObservation}}, Notes: map[int]string{0: "Ghi nhận lần hai."}})
	if err != nil {
		t.Fatal(err)
	}
	c2, err := e.svc.Discipline.OpenCase(e.actorCtx("truong-kl"), violation.CaseInput{OfficialID: o.ID, ViolationIDs: []int64{v2.ID},
		Severity: violation.SeveritySerious, ProposedForm: violation.FormWarning})
	if err != nil {
		t.Fatalf("%v %v", err, congvu.ErrorFields(err))
	}
	href = "/discipline/" + itoa(c2.ID)
	head.get(href).want(t, http.StatusOK, href+"/docs/bien-ban-hoi-dong.pdf")
	head.post(href+"/review", url.Values{"on": {today}, "minutes": {"Kiểm điểm lần hai."}}).want(t, http.StatusSeeOther)
	head.get(href).want(t, http.StatusOK, "Ghi kết quả họp Hội đồng kỷ luật")
	council := url.Values{"members": {"- Chủ tịch Hội đồng\nTrần Thị Bình, Ủy viên"}, "meeting_on": {today}, "minutes": {"Họp, bỏ phiếu kín."},
		"votes_for": {"2"}, "votes_against": {"x"}, "recommended": {"warning"}}
	head.post(href+"/council", council).want(t, http.StatusBadRequest, "Dòng 1: thiếu họ tên thành viên.", "Số phiếu phải là số nguyên", "Trần Thị Bình, Ủy viên")
	if got, _ := e.svc.Discipline.FindCase(e.actorCtx("truong-kl"), c2.ID); got.Council != nil {
		t.Fatal("a refused council was saved")
	}
	head.post(href+"/defer", url.Values{"code": {"maternity"}}).want(t, http.StatusBadRequest, "Xin ghi căn cứ")
	head.post(href+"/defer", url.Values{"code": {"illness"}, "defer_reason": {"Điều trị nội trú tại bệnh viện tỉnh, có giấy xác nhận."}}).want(t, http.StatusSeeOther)
	head.get(href).want(t, http.StatusOK, "Chưa xem xét kỷ luật", "Điều trị nội trú", "Tiếp tục từ bước đang dừng")
	head.post(href+"/resume", nil).want(t, http.StatusSeeOther)
	council.Set("members", "Nguyễn Văn An - Chủ tịch Hội đồng\nTrần Thị Bình, Ủy viên\nLê Văn Cường - Thư ký")
	council.Set("votes_against", "1")
	head.post(href+"/council", council).want(t, http.StatusSeeOther)
	head.get(href).want(t, http.StatusOK, "Nguyễn Văn An — Chủ tịch Hội đồng", "2 đồng ý, 1 không đồng ý")
	self.get(href).want(t, http.StatusOK, "Nguyễn Văn An").lacks(t, "2 đồng ý", "Họp, bỏ phiếu kín.")
	head.post(href+"/drop", url.Values{}).want(t, http.StatusBadRequest, "Xin ghi lý do không kỷ luật")
	head.post(href+"/drop", url.Values{"drop_reason": {"Người đứng đầu quyết định không kỷ luật sau khi xem xét lại chứng cứ."}}).want(t, http.StatusSeeOther)
	head.get(href).want(t, http.StatusOK, "Không kỷ luật", "xem xét lại chứng cứ")
}

// A leader's case is decided at the appointing level: the head of the
// unit above signs it; the head of the official's own unit runs the
// review but is not offered the decision's form (nor may post it).
func TestDisciplineLeaderDecidedAbove(t *testing.T) {
	e := newEnv(t)
	o, err := e.svc.Officials.CreateOfficial(sysCtx(), org.OfficialInput{UnitID: e.units["34.SNV"].ID, EmployeeCode: "KL-3",
		FullName: "Lê Thị Hoa", Category: org.CategoryCivilServant, Position: "Phó Giám đốc", IsLeader: true})
	if err != nil {
		t.Fatal(err)
	}
	e.mkUser("truong-kl", congvu.RoleUnitHead, "34.SNV", 0)
	e.mkUser("truong-tinh", congvu.RoleUnitHead, "34", 0)
	c := e.disciplineCase(o, "34.SNV")
	if c.CompetentUnitID != e.units["34"].ID {
		t.Fatalf("competent unit %d (%s), want the province", c.CompetentUnitID, c.CompetentUnitName)
	}
	href := "/discipline/" + itoa(c.ID)
	today := congvu.Date(time.Now()).Format("02/01/2006")
	own, above := e.client().login("truong-kl"), e.client().login("truong-tinh")
	own.post(href+"/review", url.Values{"on": {today}, "minutes": {"Kiểm điểm."}}).want(t, http.StatusSeeOther)
	own.get(href).want(t, http.StatusOK, "Chờ quyết định").lacks(t, "Ghi quyết định kỷ luật")
	dec := url.Values{"number": {"3/QĐ-UBND"}, "signed_on": {today}, "effective_on": {today}, "form": {"reprimand"}, "signer": {"Chủ tịch UBND tỉnh"}}
	own.post(href+"/decision", dec).want(t, http.StatusForbidden)
	above.get(href).want(t, http.StatusOK, "Ghi quyết định kỷ luật")
	above.post(href+"/decision", dec).want(t, http.StatusSeeOther)
	above.get(href).want(t, http.StatusOK, "3/QĐ-UBND")
}

// An act past its time bar: the page warns and offers no opening, and the
// service refuses it (the message shown, nothing saved).
func TestDisciplineTimeBarWarning(t *testing.T) {
	e := newEnv(t)
	clock := sqldbtest.SetClock(e.db)
	now := time.Now()
	clock.Set(now.AddDate(-4, 0, 0))
	o, err := e.svc.Officials.CreateOfficial(sysCtx(), org.OfficialInput{UnitID: e.units["34.SNV"].ID, EmployeeCode: "KL-4",
		FullName: "Đinh Văn Lâm", Category: org.CategoryCivilServant})
	if err != nil {
		t.Fatal(err)
	}
	clock.Set(now)
	e.mkUser("truong-kl", congvu.RoleUnitHead, "34.SNV", 0)
	v, err := e.svc.Violations.CreateViolation(e.actorCtx("truong-kl"), violation.Input{UnitID: o.UnitID, ActDate: congvu.Date(now.AddDate(-3, 0, 0)),
		ItemCodes: []string{"GT-XC"}, Description: "Quát nạt người dân tại quầy tiếp nhận.", OfficialIDs: []int64{o.ID},
		Evidence: []congvu.EvidenceRef{{Kind: congvu.EvidenceObservation}}, Notes: map[int]string{0: "Biên bản cũ."}})
	if err != nil {
		t.Fatalf("violation three years back: %v %v", err, congvu.ErrorFields(err))
	}
	head := e.client().login("truong-kl")
	head.get("/discipline/new?violation="+itoa(v.ID)+"&official="+itoa(o.ID)).want(t, http.StatusOK, "Đã hết thời hiệu xử lý kỷ luật", "thời hiệu 2 năm", "disabled")
	head.post("/discipline/new", url.Values{"violation": {itoa(v.ID)}, "official": {itoa(o.ID)}, "severity": {"minor"}, "proposed_form": {"reprimand"}}).
		want(t, http.StatusBadRequest, "đã hết thời hiệu")
	if list, _, _ := e.svc.Discipline.FindCases(e.actorCtx("truong-kl"), violation.CaseFilter{}); len(list) != 0 {
		t.Fatalf("a barred case was saved")
	}
}

// A case whose review is past its deadline is marked overdue in the list
// and on its page, and the overdue filter finds it.
func TestDisciplineOverdue(t *testing.T) {
	e := newEnv(t)
	clock := sqldbtest.SetClock(e.db)
	now := time.Now()
	clock.Set(now.AddDate(0, 0, -90))
	o, err := e.svc.Officials.CreateOfficial(sysCtx(), org.OfficialInput{UnitID: e.units["34.SNV"].ID, EmployeeCode: "KL-5",
		FullName: "Đinh Văn Lâm", Category: org.CategoryCivilServant})
	if err != nil {
		t.Fatal(err)
	}
	clock.Set(now.AddDate(0, 0, -60))
	c := e.disciplineCase(o, "34.SNV")
	clock.Set(now)
	e.mkUser("truong-kl", congvu.RoleUnitHead, "34.SNV", 0)
	head := e.client().login("truong-kl")
	head.get("/discipline?qua-han=on").want(t, http.StatusOK, "Đinh Văn Lâm", "Quá hạn")
	head.get("/discipline/"+itoa(c.ID)).want(t, http.StatusOK, `timeline-step overdue`, "Quá hạn")
}
