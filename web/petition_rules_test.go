package web_test

import (
	"context"
	"errors"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"congvu"
	"congvu/org"
	"congvu/petition"
	"congvu/web"

	"github.com/xuri/excelize/v2"
)

func init() {
	for k, v := range map[string]expectation{
		"GET /petitions/rules": {In: viewers},
		// The rules hold for the whole country: only national admins, none
		// of whom is in this table, may add one.
		"POST /petitions/rules":           {In: nobody},
		"GET /outbox":                     {In: auditors},
		"GET /petitions/dashboard":        {In: viewers},
		"GET /petitions/dashboard/export": {In: viewers}, // without a format: 400
	} {
		authzTable[k] = v
	}
}

// paServe replaces the server of e by one built with o (and e's services).
func paServe(t *testing.T, e *env, o web.Options) {
	t.Helper()
	o.Services = e.svc
	o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := web.New(o)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.ts.Config.Handler = srv.Handler()
}

// handlerCtx is a system actor who may handle every petition.
func handlerCtx() context.Context {
	return congvu.NewContextWithActor(context.Background(), &congvu.Actor{UserID: -1, Username: "system", FullName: "Kiểm thử xử lý phản ánh",
		Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: 1, UnitPath: congvu.RootUnitPath, UnitName: "Cả nước"}}})
}

// paClock sets the database clock of e; restore with e.db.Now = time.Now.
type paClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *paClock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *paClock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// paSubmit submits an anonymous petition about unit (or official, when not
// 0) at the clock's time.
func paSubmit(t *testing.T, e *env, cat petition.Category, unitID, officialID int64) *petition.Petition {
	t.Helper()
	in := petition.Input{Category: cat, UnitID: unitID, OfficialID: officialID, Anonymous: true,
		Description: "Cán bộ hẹn lại nhiều lần, không hướng dẫn rõ thủ tục cần làm."}
	rc, err := e.svc.Petitions.Submit(context.Background(), in)
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	return rc.Petition
}

func paStep(t *testing.T, e *env, p *petition.Petition, in petition.StepInput) {
	t.Helper()
	if _, err := e.svc.Petitions.Step(handlerCtx(), p.ID, in); err != nil {
		t.Fatalf("petition %s step %s: %v", p.TrackingCode, in.Step, err)
	}
}

// paSeed makes seven petitions about the department 34.SNV with known
// figures, through the real service:
//
//	P1 delay, official: accepted, assigned, concluded founded (TT-KD), closed
//	P2 delay, official: concluded partly founded (TT-KD, TT-KL)
//	P3 attitude, official: concluded unfounded
//	P4 attitude: accepted 20 days late
//	P5 other: rejected
//	P6 harassment: received, never handled (overdue)
//	P7 obstruct: received an hour ago (not overdue)
//
// Total 7, open 5 (P2, P3, P4, P6, P7), overdue 4. Stages completed: accept
// 5 (4 on time, median 24 h), assign 3 (24 h), conclude 3 (48, 72, 96 h:
// median 3 days), close 1: 11 of 12 on time (91,7%). The official has 3
// concluded, 2 founded (66,7%). It returns the official and the first day.
func paSeed(t *testing.T, e *env) (*org.Official, time.Time) {
	t.Helper()
	snv := e.units["34.SNV"]
	o, err := e.svc.Officials.CreateOfficial(sysCtx(), org.OfficialInput{UnitID: snv.ID, EmployeeCode: "PA-001", FullName: "Phạm Văn Bình",
		Position: "Chuyên viên", Category: org.CategoryCivilServant})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().In(congvu.TimeZone)
	t0 := time.Date(now.Year(), now.Month(), now.Day(), 9, 0, 0, 0, congvu.TimeZone).AddDate(0, 0, -40)
	clock := &paClock{}
	e.db.Now = clock.now
	defer func() { e.db.Now = time.Now }()
	at := func(d time.Duration) { clock.set(t0.Add(d)) }
	h := time.Hour

	type plan struct {
		cat      petition.Category
		official bool
		submit   time.Duration
	}
	plans := []plan{
		{petition.Delay, true, 0}, {petition.Delay, true, 1 * h}, {petition.Attitude, true, 2 * h},
		{petition.Attitude, false, 3 * h}, {petition.Other, false, 4 * h}, {petition.Harassment, false, 5 * h},
	}
	var ps []*petition.Petition
	for _, pl := range plans {
		at(pl.submit)
		var oid int64
		if pl.official {
			oid = o.ID
		}
		ps = append(ps, paSubmit(t, e, pl.cat, snv.ID, oid))
	}
	// P1–P3: accepted and assigned a day apart, concluded 48, 72, 96 hours
	// after assignment.
	concl := []petition.StepInput{
		{Step: petition.StepConclude, Conclusion: petition.ConclusionFounded, Text: "Đúng: để hồ sơ quá hạn.", Items: []string{"TT-KD"}, ConclusionPublic: true},
		{Step: petition.StepConclude, Conclusion: petition.ConclusionPartly, Text: "Đúng một phần.", Items: []string{"TT-KD", "TT-KL"}, ConclusionPublic: true},
		{Step: petition.StepConclude, Conclusion: petition.ConclusionUnfounded, Text: "Không có cơ sở.", ConclusionPublic: true},
	}
	for i, p := range ps[:3] {
		d := time.Duration(i) * h
		at(d + 24*h)
		paStep(t, e, p, petition.StepInput{Step: petition.StepAccept})
		at(d + 48*h)
		paStep(t, e, p, petition.StepInput{Step: petition.StepAssign})
		at(d + 72*h)
		paStep(t, e, p, petition.StepInput{Step: petition.StepVerify})
		at(d + 48*h + time.Duration(48+24*i)*h)
		paStep(t, e, p, concl[i])
	}
	at(120 * h)
	paStep(t, e, ps[0], petition.StepInput{Step: petition.StepClose})
	at(20*24*h + 3*h)
	paStep(t, e, ps[3], petition.StepInput{Step: petition.StepAccept})
	at(28 * h)
	paStep(t, e, ps[4], petition.StepInput{Step: petition.StepReject, Reason: "Không thuộc thẩm quyền giải quyết."})
	clock.set(time.Now().Add(-time.Hour))
	paSubmit(t, e, petition.Obstruct, snv.ID, 0)
	return o, t0
}

func TestPetitionDashboard(t *testing.T) {
	e := newEnv(t)
	o, t0 := paSeed(t, e)
	c := e.client().login("noivu")
	prov := e.units["34"]

	r := c.get("/petitions/dashboard")
	r.want(t, http.StatusOK, "Thống kê phản ánh, kiến nghị — Tỉnh Thái Bình",
		`<span class="stat-number">7</span>`, `<span class="stat-number">5</span> <span class="stat-label">đang xử lý`,
		`<span class="stat-number">4</span> <span class="stat-label">`, `<span class="stat-number">91,7%</span>`, "(11/12)",
		// Breakdowns, with their tables.
		"Chậm trễ, kéo dài thời gian", "Thái độ, lời nói thiếu tôn trọng", "Đã kết luận", "Không thụ lý",
		"Sở Nội vụ tỉnh Thái Bình", "TT-KD", "TT-KL", "66,7%", "33,3%",
		// Stage times: accept median a day, conclude three.
		"24 giờ", "3 ngày", "80%",
		// The most founded, with the rule.
		"Chỉ xếp khi có ít nhất 3 phản ánh đã kết luận", "Phạm Văn Bình",
		"export?format=xlsx&amp;", "export?format=csv&amp;")
	checkSVGs(t, r.Body, 4)
	// The form shows the defaults: the actor's province, the last twelve months.
	today := time.Now().In(congvu.TimeZone)
	r.want(t, http.StatusOK, `value="34"`, `value="`+today.Format("02/01/2006")+`"`,
		`value="`+today.AddDate(0, -12, 1).Format("02/01/2006")+`"`)
	// Counts link to the filtered list.
	from := url.QueryEscape(today.AddDate(0, -12, 1).Format("02/01/2006"))
	r.want(t, http.StatusOK, "loai=delay&amp;tu="+from, "qua-han=1", "trang-thai=concluded",
		"unit="+itoa(prov.ID), "can-bo="+itoa(o.ID), `<a href="/petitions">Danh sách phản ánh</a>`)
	// Following them, the list counts the same petitions.
	for part, n := range map[string]string{"loai=delay&": "2", "qua-han=1": "4", "trang-thai=concluded": "2", "can-bo=" + itoa(o.ID): "3"} {
		m := regexp.MustCompile(`href="(/petitions\?[^"]*` + regexp.QuoteMeta(html.EscapeString(part)) + `[^"]*)"`).FindStringSubmatch(r.Body)
		if m == nil {
			t.Errorf("no link with %s", part)
			continue
		}
		c.get(html.UnescapeString(m[1])).want(t, http.StatusOK, "Có <strong>"+n+"</strong> phản ánh khớp bộ lọc")
	}
	// A child unit's dashboard: linked from the breakdown.
	r.want(t, http.StatusOK, `href="/petitions/dashboard?from=`)

	// The department, over P1–P6's day only.
	day := t0.Format("02/01/2006")
	r = c.get("/petitions/dashboard?unit=34.SNV&from=" + url.QueryEscape(day) + "&to=" + url.QueryEscape(day))
	r.want(t, http.StatusOK, "Thống kê phản ánh, kiến nghị — Sở Nội vụ tỉnh Thái Bình", `<span class="stat-number">6</span>`,
		`<li><a href="/petitions/dashboard?from=`) // the province in the crumbs
	r.lacks(t, `<span class="stat-number">7</span>`)

	// Filter errors are shown on the form, the defaults used.
	r = c.get("/petitions/dashboard?from=hom-qua")
	r.want(t, http.StatusBadRequest, "Ngày bắt đầu phải có dạng ngày/tháng/năm", `value="hom-qua"`, `<span class="stat-number">7</span>`)
	r = c.get("/petitions/dashboard?from=10/03/2026&to=01/03/2026")
	r.want(t, http.StatusBadRequest, "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu")
	r = c.get("/petitions/dashboard?unit=01")
	r.want(t, http.StatusBadRequest, "Không tìm thấy đơn vị có mã “01”", "Tỉnh Thái Bình")
}

func TestPetitionDashboardEmpty(t *testing.T) {
	e := newEnv(t)
	c := e.client().login("hanoi")
	r := c.get("/petitions/dashboard")
	r.want(t, http.StatusOK, "Thống kê phản ánh, kiến nghị — Thành phố Hà Nội", "Chưa có phản ánh, kiến nghị nào trong khoảng thời gian này")
	r.lacks(t, "<svg ", "stat-number")
}

func TestPetitionDashboardExport(t *testing.T) {
	e := newEnv(t)
	paSeed(t, e)
	c := e.client().login("thanhtra")

	r := c.get("/petitions/dashboard/export?format=csv")
	r.want(t, http.StatusOK)
	if !strings.HasPrefix(r.Body, "\uFEFF") {
		t.Fatalf("CSV without BOM: %q", r.Body[:10])
	}
	if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="phan-anh-tinh-thai-binh-`) || !strings.HasSuffix(cd, `.csv"`) {
		t.Errorf("disposition %q", cd)
	}
	// The header row comes first (the title is in the file name).
	if !strings.HasPrefix(r.Body, "\uFEFFChỉ tiêu,Giá trị\r\nĐơn vị,Tỉnh Thái Bình\r\n") {
		t.Errorf("the CSV does not start with its header row: %q", r.Body[:min(len(r.Body), 80)])
	}
	for _, s := range []string{"Tổng số phản ánh,7", "Đang xử lý,5", "Quá hạn,4",
		`Tỷ lệ đúng hạn,"91,7"`, "Chậm trễ, kéo dài thời gian\",2", "Đã kết luận,2", "Sở Nội vụ tỉnh Thái Bình,7",
		"TT-KD,", `Xem xét, thụ lý hoặc tiếp nhận",5,4,"80,0",24`, `Xác minh, kết luận",3,3,"100,0",72`} {
		if !strings.Contains(r.Body, s) {
			t.Errorf("CSV lacks %q\n%s", s, r.Body)
		}
	}

	r = c.get("/petitions/dashboard/export?format=xlsx&unit=34")
	r.want(t, http.StatusOK)
	x, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatalf("the XLSX does not open: %v", err)
	}
	defer x.Close()
	want := "Tổng hợp|Theo loại|Theo tình trạng|Theo đơn vị trực thuộc|Theo chuẩn mực|Thời gian xử lý|Cán bộ có phản ánh đúng|Đơn vị có phản ánh đúng"
	if got := strings.Join(x.GetSheetList(), "|"); got != want {
		t.Errorf("sheets %s, want %s", got, want)
	}
	rows, _ := x.GetRows("Tổng hợp")
	got := map[string]string{}
	for _, row := range rows {
		if len(row) == 2 {
			got[row[0]] = row[1]
		}
	}
	for k, v := range map[string]string{"Tổng số phản ánh": "7", "Đang xử lý": "5", "Quá hạn": "4", "Tỷ lệ đúng hạn": "91.7%", "Đơn vị": "Tỉnh Thái Bình"} {
		if got[k] != v {
			t.Errorf("summary %s = %q, want %q", k, got[k], v)
		}
	}
	offs, _ := x.GetRows("Cán bộ có phản ánh đúng")
	if len(offs) < 4 || offs[3][0] != "1" || offs[3][1] != "Phạm Văn Bình" || offs[3][3] != "3" || offs[3][4] != "2" {
		t.Errorf("officials sheet %q", offs)
	}

	c.get("/petitions/dashboard/export?format=pdf").want(t, http.StatusBadRequest)
	c.get("/petitions/dashboard/export?format=csv&from=sai").want(t, http.StatusBadRequest)
	c.get("/petitions/dashboard/export?format=csv&unit=01").want(t, http.StatusBadRequest, "Không tìm thấy đơn vị có mã")
}

func TestPetitionRules(t *testing.T) {
	e := newEnv(t)
	// A rule dated in the past (the operator may): in force now, the default
	// of its stage replaced.
	if _, err := e.svc.Petitions.AddDeadlineRule(sysCtx(), petition.DeadlineRuleInput{Stage: petition.StageConclude, Days: 20, RemindDays: 3,
		EscalateDays: 4, ValidFrom: time.Date(2026, 1, 1, 0, 0, 0, 0, congvu.TimeZone), LegalBasis: "Quyết định 12/2025/QĐ-UBND tỉnh Thái Bình"}); err != nil {
		t.Fatal(err)
	}

	// A supervisor reads the rules, without the form.
	c := e.client().login("noivu")
	r := c.get("/petitions/rules")
	r.want(t, http.StatusOK, "Thời hạn xử lý phản ánh, kiến nghị", "Xem xét, thụ lý", "Giao đơn vị xử lý", "Xác minh, kết luận",
		"Trả lời người phản ánh, đóng", "Mặc định theo luật", "Luật Tiếp công dân 2013", "10 ngày làm việc", "30 ngày",
		"Quy định mới chỉ áp dụng cho các bước xử lý bắt đầu từ ngày hiệu lực", "lịch sử xử lý không bao giờ bị viết lại",
		"01/01/2026", "20 ngày", "Quyết định 12/2025/QĐ-UBND", "Đã được thay thế")
	if n := strings.Count(r.Body, "Đang áp dụng"); n != 4*len(petition.Kinds) {
		t.Errorf("%d rules in force, want one per stage of each kind", n)
	}
	r.lacks(t, `action="/petitions/rules"`)
	// The service refuses a rule from anyone but a national admin.
	for _, name := range []string{"noivu", "tinh"} {
		if name == "tinh" {
			if _, err := e.svc.Users.CreateUser(sysCtx(), org.UserInput{Username: "tinh", FullName: "Quản Trị Tỉnh", Password: testPassword, Active: true,
				Grants: []congvu.Grant{{Role: congvu.RoleAdmin, UnitID: e.units["34"].ID}}}); err != nil {
				t.Fatal(err)
			}
		}
		s, err := e.svc.Users.Authenticate(sysCtx(), name, testPassword)
		if err != nil {
			t.Fatal(err)
		}
		a, err := e.svc.Users.ActorBySession(sysCtx(), s.Token)
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Petitions.AddDeadlineRule(congvu.NewContextWithActor(context.Background(), a), petition.DeadlineRuleInput{
			Stage: petition.StageAccept, Days: 5, WorkingDays: true, ValidFrom: time.Now().AddDate(0, 1, 0)})
		if congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Errorf("%s adds a rule: %v, want EFORBIDDEN", name, err)
		}
	}
	// Through the web: a provincial admin is refused too.
	future := time.Now().In(congvu.TimeZone).AddDate(0, 0, 10).Format("02/01/2006")
	valid := url.Values{"stage": {"accept"}, "days": {"7"}, "working_days": {"working"}, "remind_days": {"1"}, "escalate_days": {"2"},
		"valid_from": {future}, "legal_basis": {"Quyết định 99/2026/QĐ-UBND"}}
	e.client().login("tinh").post("/petitions/rules", valid).want(t, http.StatusForbidden)
	c.post("/petitions/rules", valid).want(t, http.StatusForbidden)

	admin := e.client().login("admin")
	r = admin.get("/petitions/rules")
	r.want(t, http.StatusOK, `action="/petitions/rules"`, "Thêm quy định thời hạn", `<option value="working" selected>`)

	// Unreadable input: errors next to the fields, input kept.
	bad := url.Values{"stage": {"conclude"}, "days": {"mười"}, "working_days": {"calendar"}, "remind_days": {""}, "escalate_days": {"2"},
		"valid_from": {"32/13/2026"}, "legal_basis": {"Công văn số 5 của Sở"}}
	r = admin.post("/petitions/rules", bad)
	r.want(t, http.StatusBadRequest, "Quy định chưa được lưu", "Xin nhập một số nguyên", "Xin nhập số ngày nhắc trước hạn",
		"Ngày áp dụng phải có dạng ngày/tháng/năm", `value="mười"`, `value="32/13/2026"`, ">Công văn số 5 của Sở</textarea>",
		`<option value="conclude" selected>`, `<option value="calendar" selected>`, `id="f-days-error"`, `aria-invalid="true"`)
	// What the service refuses: its messages, input kept.
	svcBad := url.Values{}
	for k, v := range valid {
		svcBad[k] = v
	}
	svcBad.Set("days", "0")
	svcBad.Set("valid_from", time.Now().In(congvu.TimeZone).AddDate(0, 0, -1).Format("02/01/2006"))
	r = admin.post("/petitions/rules", svcBad)
	r.want(t, http.StatusBadRequest, "Thời hạn phải từ 1 đến 365 ngày", "không được trước ngày hôm nay", `value="0"`, "Quyết định 99/2026/QĐ-UBND")

	// A valid rule: saved, shown as coming.
	r = admin.post("/petitions/rules", valid)
	r.want(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/petitions/rules?ok=them-thoi-han" {
		t.Fatalf("redirect to %q", loc)
	}
	r = admin.get("/petitions/rules?ok=them-thoi-han")
	r.want(t, http.StatusOK, "Đã thêm quy định thời hạn", "Sẽ áp dụng từ "+future, "7 ngày làm việc", "Quyết định 99/2026/QĐ-UBND")
	if n := strings.Count(r.Body, "Đang áp dụng"); n != 4*len(petition.Kinds) {
		t.Errorf("%d rules in force after adding a future one, want 4 per kind", n)
	}
	// The same stage and day again: a conflict, on the form.
	r = admin.post("/petitions/rules", valid)
	r.want(t, http.StatusBadRequest, "đã có quy định áp dụng từ ngày "+future)
}

func TestOutbox(t *testing.T) {
	e := newEnv(t)
	ctx := sysCtx()
	snv := e.units["34.SNV"]
	// A handler of the province with an email: told of every new petition.
	if _, err := e.svc.Users.CreateUser(ctx, org.UserInput{Username: "xuly", FullName: "Trần Thị Xử Lý", Email: "xuly@thaibinh.gov.vn",
		Password: testPassword, Active: true, Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: e.units["34"].ID}}}); err != nil {
		t.Fatal(err)
	}
	// A reporter with an email, told when the petition is accepted.
	rc, err := e.svc.Petitions.Submit(context.Background(), petition.Input{Category: petition.Attitude, UnitID: snv.ID,
		Description: "Cán bộ quát nạt người dân khi được hỏi về hồ sơ.", Consent: true,
		Reporter: petition.Reporter{Name: "Nguyễn Văn Dân", Email: "nguyenvandan@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	paStep(t, e, rc.Petition, petition.StepInput{Step: petition.StepAccept})
	for i := 0; i < 30; i++ {
		paSubmit(t, e, petition.Delay, snv.ID, 0)
	}
	// The first message fails five times (given up), the next is sent.
	var firstID int64
	for i := 0; i < 5; i++ {
		if _, err := e.svc.Outbox.Deliver(ctx, 2, func(m *congvu.OutboxMessage) error {
			if firstID == 0 {
				firstID = m.ID
			}
			if m.ID == firstID {
				return errors.New("550 5.1.1 hộp thư không tồn tại")
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}

	for _, name := range []string{"admin", "noivu"} {
		c := e.client().login(name)
		r := c.get("/outbox")
		r.want(t, http.StatusOK, "Hộp thư đi", "Chưa cấu hình máy chủ thư (SMTP)", "chế độ trình diễn", "email không được gửi đi mà nằm lại ở đây",
			"xuly@thaibinh.gov.vn", "Phản ánh mới PA-", "<details>", "Xem và xử lý tại: /petitions/", "Chờ gửi", `rel="next"`, "trong tổng số 32")
		r.lacks(t, "nguyenvandan@example.com") // a reporter's address is masked
		r = c.get("/outbox?trang=2")
		r.want(t, http.StatusOK, "Không gửi được", "đã thử 5 lần", "Lỗi lần gửi cuối: 550 5.1.1 hộp thư không tồn tại", "Đã gửi", "n***@example.com")
	}
	// Out of scope: none of province 34's mail.
	r := e.client().login("hanoi").get("/outbox")
	r.want(t, http.StatusOK, "Hộp thư đi chưa có email nào")
	r.lacks(t, "xuly@thaibinh.gov.vn")
	e.client().login("thanhtra").get("/outbox").want(t, http.StatusForbidden)

	// With an SMTP server configured, the page says so.
	paServe(t, e, web.Options{MailDelivery: true})
	r = e.client().login("admin").get("/outbox")
	r.want(t, http.StatusOK, "Email được gửi qua máy chủ thư (SMTP)", "tối đa 5 lần")
	r.lacks(t, "Chưa cấu hình máy chủ thư")
}
