package web_test

import (
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/org"
	"congvu/training"

	"github.com/xuri/excelize/v2"
)

// Who may use the training pages. The object "campaign" is an open
// campaign of 34.SNV with a quiz (in scope; the official role is in its
// audience) or of province 01 (out of scope); "session" an in-person
// session of each, now; "attempt" the official role's own attempt at the
// quiz (in) or an official of 01's (out). Staff read and manage in their
// subtree; an official attends, studies and takes the quiz as themselves.
func init() {
	mgrs := allowedRoles(superv, head)
	own := allowedRoles(official)
	for k, v := range map[string]expectation{
		"GET /training":                           {In: viewers},
		"GET /training/campaigns/new":             {In: mgrs},
		"POST /training/campaigns/new":            {In: mgrs},
		"GET /training/campaigns/{id}":            {In: viewers, Out: nobody, object: "campaign"},
		"GET /training/campaigns/{id}/edit":       {In: mgrs, Out: nobody, object: "campaign"}, // opened: 409, no longer a draft
		"POST /training/campaigns/{id}/edit":      {In: mgrs, Out: nobody, object: "campaign"},
		"POST /training/campaigns/{id}/open":      {In: mgrs, Out: nobody, object: "campaign"},
		"POST /training/campaigns/{id}/close":     {In: mgrs, Out: nobody, object: "campaign"},
		"POST /training/campaigns/{id}/sessions":  {In: mgrs, Out: nobody, object: "campaign"},
		"GET /training/campaigns/{id}/report.pdf": {In: viewers, Out: nobody, object: "campaign"},
		"GET /training/sessions/{id}":             {In: viewers, Out: nobody, object: "session"},
		"POST /training/sessions/{id}/mark":       {In: mgrs, Out: nobody, object: "session"},
		"GET /training/sessions/{id}/qr":          {In: mgrs, Out: nobody, object: "session"},
		"POST /training/sessions/{id}/study":      {In: own, Out: nobody, object: "session"}, // in person: refused in words
		"GET /training/attend/{sid}/{code}":       {In: signedIn},                            // the confirm button; the POST decides
		// A wrong code is said in words, the same for any session.
		"POST /training/attend/{sid}/{code}":      {In: own, Out: own, object: "session"},
		"GET /training/mine":                      {In: signedIn},
		"GET /training/quiz/{id}":                 {In: own, Out: nobody, object: "campaign"},
		"POST /training/quiz/{id}":                {In: own, Out: nobody, object: "campaign"},
		"GET /training/attempts/{id}":             {In: signedIn, Out: nobody, object: "attempt"}, // staff in scope read it
		"POST /training/attempts/{id}":            {In: own, Out: nobody, object: "attempt"},
		"GET /training/mine/{id}/certificate.pdf": {In: own, Out: nobody, object: "campaign"}, // not complete: said in words
		"GET /training/materials":                 {In: signedIn},
		"POST /training/materials/upload":         {In: mgrs},
		"POST /training/materials/{id}":           {In: nobody}, // the catalog's items: national managers only
		"GET /training/materials/{id}/file":       {In: nobody}, // no document uploaded
		"GET /training/questions":                 {In: mgrs},
		"POST /training/questions":                {In: mgrs},
		"POST /training/questions/{id}":           {In: mgrs},
		"GET /training/coverage":                  {In: viewers},
		"GET /training/coverage.xlsx":             {In: viewers},
		"GET /settings/training-rules":            {In: signedIn},
		"POST /settings/training-rules":           {In: nobody}, // national administrators only
		"GET /training/certificates/{number}":     {In: everyone},
	} {
		authzTable[k] = v
	}
}

// trainingSessionTimes is an in-person session under way now, within
// today (Vietnam).
func trainingSessionTimes() (from, to time.Time) {
	now := time.Now().In(congvu.TimeZone)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, congvu.TimeZone)
	from = now.Add(-time.Hour)
	if from.Before(today) {
		from = today
	}
	return from, now.Add(time.Hour)
}

// trainingToday is today in Vietnam.
func trainingToday() time.Time {
	now := time.Now().In(congvu.TimeZone)
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, congvu.TimeZone)
}

// openCampaign creates and opens a campaign of unit (today to a month on,
// a quiz of two questions passed at 50%) with an in-person session now.
func (e *env) openCampaign(unit *org.Unit, title string) (*training.Campaign, *training.Session) {
	e.t.Helper()
	ctx := sysCtx()
	today := trainingToday()
	c, err := e.svc.Training.CreateCampaign(ctx, training.CampaignInput{UnitID: unit.ID, Title: title, Audience: training.AudienceAll,
		StartsOn: today, EndsOn: today.AddDate(0, 1, 0), Hours: 4, QuizQuestions: 2, PassMark: 50, MaxAttempts: 3})
	if err != nil {
		e.t.Fatalf("campaign: %v %v", err, congvu.ErrorFields(err))
	}
	if c, err = e.svc.Training.OpenCampaign(ctx, c.ID); err != nil {
		e.t.Fatal(err)
	}
	from, to := trainingSessionTimes()
	s, err := e.svc.Training.CreateSession(ctx, training.SessionInput{CampaignID: c.ID, Title: "Lớp quán triệt " + unit.Code, Mode: training.ModeInPerson,
		Place: "Hội trường tầng 3", StartsAt: from, EndsAt: to})
	if err != nil {
		e.t.Fatalf("session: %v %v", err, congvu.ErrorFields(err))
	}
	return c, s
}

// trainingFixture is the authorization table's training objects.
type trainingFixture struct {
	campIn, campOut, sessIn, sessOut string
	attempt                          func(in bool) string
}

// trainingObjects opens a campaign in 34.SNV and one in 01 (after far,
// an official of 01, exists), builds the materials, and starts attempts
// lazily: the official role's own (its user exists only later) and one by
// an official of 01 with an account.
func trainingObjects(t *testing.T, e *env, far *org.Official, ownUser func() string) trainingFixture {
	cin, sin := e.openCampaign(e.units["34.SNV"], "Quán triệt văn hóa công vụ 34.SNV")
	cout, sout := e.openCampaign(e.units["01"], "Quán triệt văn hóa công vụ Hà Nội")
	v, err := e.svc.Standards.CurrentVersion(sysCtx(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Training.Materials(sysCtx(), v.ID); err != nil { // material 1 exists
		t.Fatal(err)
	}
	e.mkUser("cb-hanoi", congvu.RoleOfficial, "01", far.ID)
	attempts := map[bool]string{}
	return trainingFixture{campIn: itoa(cin.ID), campOut: itoa(cout.ID), sessIn: itoa(sin.ID), sessOut: itoa(sout.ID),
		attempt: func(in bool) string {
			if id, ok := attempts[in]; ok {
				return id
			}
			user, camp := ownUser(), cin.ID
			if !in {
				user, camp = "cb-hanoi", cout.ID
			}
			at, err := e.svc.TrainingQuiz.StartAttempt(e.actorCtx(user), camp)
			if err != nil {
				t.Fatalf("attempt: %v", err)
			}
			attempts[in] = itoa(at.ID)
			return attempts[in]
		}}
}

var attendURL = regexp.MustCompile(`/training/attend/(\d+)/([A-Z2-7]+)`)

// The whole training path on the real services: a supervisor creates a
// campaign (a refused form keeps what was typed), opens it after the
// confirmation, adds a session and shows its QR screen; an official not
// signed in scans the code, signs in and lands back on the same address,
// confirms, sees what is left, takes the quiz without script and reads the
// result with the right answers; the certificate is downloaded and checked
// publicly; coverage, the campaign's figures and its closing follow.
func TestTrainingPath(t *testing.T) {
	e := newEnv(t)
	lan := e.mkOfficial("34.SNV", "SNV-31", "Nguyễn Thị Lan", "Chuyên viên")
	e.mkUser("lan", congvu.RoleOfficial, "34.SNV", lan.ID)
	far := e.mkOfficial("01", "HN-31", "Trần Văn Xa", "Chuyên viên")
	e.mkUser("cb-xa", congvu.RoleOfficial, "01", far.ID)
	boss := e.client().login("noivu")

	boss.get("/training").want(t, http.StatusOK, "Chưa có đợt bồi dưỡng nào", "Đợt bồi dưỡng mới")
	boss.get("/training/campaigns/new").want(t, http.StatusOK, "Đối tượng", "Cán bộ được chỉ định")
	today := trainingToday()
	form := url.Values{"unit": {itoa(e.units["34.SNV"].ID)}, "title": {""}, "audience": {"all"},
		"starts_on": {today.Format("02/01/2006")}, "ends_on": {today.AddDate(0, 1, 0).Format("02/01/2006")},
		"hours": {"2,5"}, "quiz_questions": {"2"}, "pass_mark": {"50"}, "max_attempts": {"3"}, "purpose": {"Nắm vững bốn xin, bốn luôn"}}
	boss.post("/training/campaigns/new", form).want(t, http.StatusBadRequest, "Xin nhập tên đợt bồi dưỡng", "Nắm vững bốn xin, bốn luôn")
	form.Set("title", "Quán triệt Đề án văn hóa công vụ 2026")
	r := boss.post("/training/campaigns/new", form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", r.StatusCode, r.Body)
	}
	camp := strings.SplitN(r.Header.Get("Location"), "?", 2)[0]
	cid := strings.TrimPrefix(camp, "/training/campaigns/")
	boss.get(camp).want(t, http.StatusOK, "Dự thảo", "Triển khai đợt bồi dưỡng", "2,5")
	boss.get(camp+"/edit").want(t, http.StatusOK, "Sửa dự thảo", `value="Quán triệt Đề án văn hóa công vụ 2026"`, `value="2,5"`)
	form.Set("hours", "3")
	if r = boss.post(camp+"/edit", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit the draft: %d\n%s", r.StatusCode, r.Body)
	}
	boss.post(camp+"/open", url.Values{}).want(t, http.StatusBadRequest, "Xin đánh dấu ô xác nhận")
	r = boss.post(camp+"/open", url.Values{"confirm": {"on"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("open: %d\n%s", r.StatusCode, r.Body)
	}
	boss.get(camp).want(t, http.StatusOK, "Đang triển khai", "Nguyễn Thị Lan", "Chưa tham dự", "Kết thúc đợt bồi dưỡng", "<dd>3</dd>")
	boss.get(camp+"/edit").want(t, http.StatusConflict, "Chỉ sửa được đợt bồi dưỡng còn là dự thảo")
	boss.get("/training").want(t, http.StatusOK, "Quán triệt Đề án văn hóa công vụ 2026", "<meter", "0/1 người")

	from, to := trainingSessionTimes()
	sf := url.Values{"title": {"Lớp quán triệt tại hội trường"}, "mode": {"in_person"}, "place": {""}, "date": {from.Format("02/01/2006")},
		"from": {from.Format("15:04")}, "to": {to.Format("15:04")}}
	if to.Day() != from.Day() {
		sf.Set("to", "23:59")
	}
	boss.post(camp+"/sessions", sf).want(t, http.StatusBadRequest, "Xin nhập địa điểm của lớp", "Lớp quán triệt tại hội trường")
	sf.Set("place", "Hội trường Sở Nội vụ")
	r = boss.post(camp+"/sessions", sf)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("session: %d\n%s", r.StatusCode, r.Body)
	}
	sess := strings.SplitN(r.Header.Get("Location"), "?", 2)[0]
	boss.get(sess).want(t, http.StatusOK, "Chưa có ai tham dự", "Điểm danh thay", "Nguyễn Thị Lan")
	qr := boss.get(sess+"/qr").want(t, http.StatusOK, `http-equiv="refresh" content="30"`, "Lớp quán triệt tại hội trường", "Đã điểm danh", "data:image/png;base64,")
	m := attendURL.FindStringSubmatch(qr.Body)
	if m == nil {
		t.Fatalf("no attendance address on the QR screen\n%s", qr.Body)
	}
	attend := m[0]

	// The official scans the code without being signed in: sign in, then
	// back to the same address; confirm.
	phone := e.client()
	r = phone.get(attend)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login?next=") {
		t.Fatalf("anonymous scan: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	r = phone.post("/login", url.Values{"username": {"lan"}, "password": {testPassword}, "next": {attend}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != attend {
		t.Fatalf("sign in from the scan: %d %q, want back to %s", r.StatusCode, r.Header.Get("Location"), attend)
	}
	phone.get(attend).want(t, http.StatusOK, "Xác nhận có mặt", "Lớp quán triệt tại hội trường")
	phone.post(strings.Replace(attend, m[2], "AAAAAAAAAA", 1), url.Values{}).want(t, http.StatusBadRequest, "Mã điểm danh không đúng hoặc đã hết hạn")
	outsider := e.client().login("cb-xa")
	outsider.post(attend, url.Values{}).want(t, http.StatusForbidden, "không thuộc đối tượng")
	phone.post(attend, url.Values{}).want(t, http.StatusOK, "Anh/chị đã được ghi nhận có mặt")
	boss.get(sess).want(t, http.StatusOK, "Nguyễn Thị Lan", "Quét mã QR")
	// A session of tomorrow: the right code, outside the window.
	campID, _ := strconv.ParseInt(cid, 10, 64)
	tomorrow := trainingToday().AddDate(0, 0, 1).Add(8 * time.Hour)
	later, err := e.svc.Training.CreateSession(sysCtx(), training.SessionInput{CampaignID: campID, Title: "Lớp ngày mai", Mode: training.ModeInPerson,
		Place: "Phòng họp", StartsAt: tomorrow, EndsAt: tomorrow.Add(2 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	laterCode, err := e.svc.Training.SessionCode(sysCtx(), later.ID)
	if err != nil {
		t.Fatal(err)
	}
	phone.post("/training/attend/"+itoa(later.ID)+"/"+laterCode, url.Values{}).want(t, http.StatusConflict, "chưa bắt đầu")

	// What is left: the quiz. Without script: radio buttons, then the
	// result: which answers were right; the right answers themselves only
	// once passed (or no attempt left), so a retry does not meet known
	// questions.
	phone.get("/training/mine").want(t, http.StatusOK, "Quán triệt Đề án văn hóa công vụ 2026", "Đã tham dự", "Làm bài kiểm tra")
	phone.get("/training/quiz/"+cid).want(t, http.StatusOK, "Bắt đầu làm bài", "Từ 50%")
	start := func() (string, url.Values, url.Values) {
		t.Helper()
		r := phone.post("/training/quiz/"+cid, url.Values{})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("start: %d\n%s", r.StatusCode, r.Body)
		}
		attempt := r.Header.Get("Location")
		aid, _ := strconv.ParseInt(strings.TrimPrefix(attempt, "/training/attempts/"), 10, 64)
		at, err := e.svc.TrainingQuiz.FindAttempt(e.actorCtx("lan"), aid)
		if err != nil {
			t.Fatal(err)
		}
		right, wrong := url.Values{}, url.Values{}
		for i, q := range at.Questions {
			bank, err := e.svc.TrainingQuiz.Questions(e.actorCtx("noivu"), q.ItemCode)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range bank {
				if b.ID == q.ID {
					right.Set("q"+strconv.Itoa(i), strconv.Itoa(b.Answer))
					wrong.Set("q"+strconv.Itoa(i), strconv.Itoa((b.Answer+1)%len(b.Choices)))
				}
			}
		}
		if len(right) != len(at.Questions) {
			t.Fatalf("answers %v for %d questions", right, len(at.Questions))
		}
		return attempt, right, wrong
	}
	attempt, _, wrong := start()
	page := phone.get(attempt).want(t, http.StatusOK, `type="radio" name="q0"`, `type="radio" name="q1"`, "Nộp bài")
	if main := page.Body[strings.Index(page.Body, "<main"):]; strings.Contains(main, "<script") || strings.Contains(main, " onclick") {
		t.Error("the quiz needs a script")
	}
	phone.post(attempt, url.Values{}).want(t, http.StatusBadRequest, "Còn 2 câu chưa trả lời")
	if r = phone.post(attempt, wrong); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%s", r.StatusCode, r.Body)
	}
	phone.get(attempt).want(t, http.StatusOK, "Chưa đạt: 0%", "Chưa đúng", "làm lại", "Đáp án đúng sẽ hiện").lacks(t, "tag-ok\">Đáp án đúng", "Giải thích:")
	attempt, answers, _ := start()
	if r = phone.post(attempt, answers); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%s", r.StatusCode, r.Body)
	}
	phone.get(attempt).want(t, http.StatusOK, "Đạt: 100%", "Đáp án đúng", "Theo chuẩn mực")
	outsider.get(attempt).want(t, http.StatusNotFound)

	// Complete: the certificate, checked by anyone.
	phone.get("/training/mine").want(t, http.StatusOK, "Đã hoàn thành", "Tải giấy chứng nhận")
	pdf := phone.get("/training/mine/"+cid+"/certificate.pdf").want(t, http.StatusOK)
	if ct := pdf.Header.Get("Content-Type"); ct != "application/pdf" || !strings.HasPrefix(pdf.Body, "%PDF") {
		t.Fatalf("certificate: %s %.20q", ct, pdf.Body)
	}
	if txt := trainingPDFText(t, pdf.Body); !strings.Contains(txt, "Thái Bình, ngày") {
		t.Errorf("the certificate's date line has no place: %s", txt)
	}
	lanCamp, _ := strconv.ParseInt(cid, 10, 64)
	cert, err := e.svc.TrainingQuiz.Certificate(e.actorCtx("lan"), lanCamp, lan.ID)
	if err != nil {
		t.Fatal(err)
	}
	anon := e.client()
	v := anon.get("/training/certificates/"+cert.Number).want(t, http.StatusOK, "là hợp lệ", "Nguyễn Thị Lan", "Quán triệt Đề án văn hóa công vụ 2026")
	onlyHashedStyles(t, v)
	if text := regexp.MustCompile(`(?s)<style>.*?</style>`).ReplaceAllString(v.Body, ""); strings.Contains(text, "<script") || strings.Contains(text, "100%") {
		t.Error("the public check shows a script or the score")
	}
	anon.get("/training/certificates/BD-2026-AAAA-AAAA").want(t, http.StatusNotFound, "Không có giấy chứng nhận nào mang số này")

	// The figures: coverage, the campaign's results per item, closing.
	boss.get("/training/coverage?don-vi=34&nam="+strconv.Itoa(today.AddDate(0, 1, 0).Year())).want(t, http.StatusOK, "Sở Nội vụ tỉnh Thái Bình", "100%", "Tải bảng (Excel)")
	x := boss.get("/training/coverage.xlsx?don-vi-id="+itoa(e.units["34"].ID)+"&dot="+cid).want(t, http.StatusOK)
	if ct := x.Header.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
		t.Errorf("coverage workbook: %s", ct)
	}
	boss.get(camp).want(t, http.StatusOK, "Mọi cán bộ thuộc đối tượng đã hoàn thành", "<svg", "Kết quả bài kiểm tra theo chuẩn mực")
	if rp := boss.get(camp+"/report.pdf").want(t, http.StatusOK); !strings.HasPrefix(rp.Body, "%PDF") {
		t.Error("the campaign report is not a PDF")
	}
	if r = boss.post(camp+"/close", url.Values{"confirm": {"on"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d\n%s", r.StatusCode, r.Body)
	}
	boss.get(camp).want(t, http.StatusOK, "Đã kết thúc")
}

// The official's own page says what to do next when there is nothing
// yet, and an account without an official record is told so.
func TestTrainingMineEmptyStates(t *testing.T) {
	e := newEnv(t)
	o := e.mkOfficial("34.SNV", "SNV-41", "Phạm Thu Trang", "Chuyên viên")
	e.mkUser("trang", congvu.RoleOfficial, "34.SNV", o.ID)
	e.client().login("trang").get("/training/mine").want(t, http.StatusOK, "chưa được giao đợt bồi dưỡng nào", "đọc tài liệu bồi dưỡng")
	e.client().login("noivu").get("/training/mine").want(t, http.StatusOK, "chưa được gắn với hồ sơ cán bộ")
	e.client().login("trang").get("/training/materials").want(t, http.StatusOK, "Ứng xử đúng").lacks(t, "Sửa tài liệu")
}

// Staff pages refuse what the actor may not do, in Vietnamese and without
// internal text: a session out of scope, a form of another province, the
// rules for a provincial administrator, the public check beyond its limit.
func TestTrainingRefusals(t *testing.T) {
	e := newEnv(t)
	_, sOut := e.openCampaign(e.units["01"], "Quán triệt Hà Nội")
	boss := e.client().login("noivu")
	boss.get("/training/sessions/"+itoa(sOut.ID)).want(t, http.StatusNotFound)
	boss.get("/training/sessions/"+itoa(sOut.ID)+"/qr").want(t, http.StatusNotFound)
	boss.post("/training/sessions/"+itoa(sOut.ID)+"/mark", url.Values{"official": {"1"}}).want(t, http.StatusNotFound)
	e.mkUser("qt-tinh", congvu.RoleAdmin, "34", 0)
	admin := e.client().login("qt-tinh")
	admin.get("/settings/training-rules").want(t, http.StatusOK, "Quy định về nghĩa vụ bồi dưỡng").lacks(t, "Thêm quy định")
	admin.post("/settings/training-rules", url.Values{"code": {"X"}}).want(t, http.StatusForbidden, "quản trị hệ thống cấp quốc gia")
	nat := e.client().login("admin")
	nat.post("/settings/training-rules", url.Values{"code": {"01/2027"}, "basis": {"Nghị định mẫu"}, "from": {"31/02/2027"}}).
		want(t, http.StatusBadRequest, "Ngày hiệu lực phải có dạng ngày/tháng/năm")
	if r := nat.post("/settings/training-rules", url.Values{"code": {"01/2030"}, "basis": {"Nghị định mẫu về bồi dưỡng"}, "from": {"01/01/2030"},
		"min_hours": {"40"}, "note": {"Số giờ tối thiểu mỗi năm"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add a rule: %d\n%s", r.StatusCode, r.Body)
	}
	admin.get("/settings/training-rules").want(t, http.StatusOK, "01/2030", "Nghị định mẫu về bồi dưỡng", "01/01/2030", "Cần đối chiếu văn bản")
	// Scanning codes in bulk stops after a few tries.
	o := e.mkOfficial("34.SNV", "SNV-71", "Lê Thị Hoa", "Chuyên viên")
	e.mkUser("hoa", congvu.RoleOfficial, "34.SNV", o.ID)
	hoa := e.client().login("hoa")
	var tries *resp
	for range 11 {
		tries = hoa.post("/training/attend/"+itoa(sOut.ID)+"/AAAAAAAAAA", url.Values{})
	}
	tries.want(t, http.StatusTooManyRequests, "thử quá nhiều lần")
	// A scan posted from another site is refused (cross-origin
	// protection on every POST).
	e.client().login("hoa").post("/training/attend/"+itoa(sOut.ID)+"/AAAAAAAAAA", url.Values{}, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site").
		want(t, http.StatusForbidden, "được gửi từ một trang web khác")
	anon := e.client()
	var last *resp
	for range 31 {
		last = anon.get("/training/certificates/BD-2026-AAAA-AAAA")
	}
	last.want(t, http.StatusTooManyRequests, "tra cứu quá nhiều lần")
}

// The nav of a supervisor has "Bồi dưỡng"; an official's nav and user
// menu have "Bồi dưỡng của tôi".
func TestTrainingNav(t *testing.T) {
	e := newEnv(t)
	e.client().login("noivu").get("/").want(t, http.StatusOK, `href="/training">Bồi dưỡng</a>`)
	o := e.mkOfficial("34.SNV", "SNV-51", "Vũ Minh", "Chuyên viên")
	e.mkUser("minh", congvu.RoleOfficial, "34.SNV", o.ID)
	r := e.client().login("minh").get("/").want(t, http.StatusOK, `<li><a href="/training/mine">Bồi dưỡng của tôi</a></li>`)
	if strings.Count(r.Body, `href="/training/mine"`) != 2 {
		t.Error("an official finds their training in the nav and in the user menu")
	}
	if strings.Contains(r.Body, `href="/training">`) {
		t.Error("an official's nav links the staff training pages")
	}
}

// A head names officials for remedial training from the suggestions: the
// evidence is shown in words, nobody is ticked beforehand, the choice of
// unit is made without script (the form comes back by GET keeping what was
// typed), and the campaign keeps the officials ticked and the reason.
func TestTrainingSuggestionsNeverPreselected(t *testing.T) {
	e := newEnv(t)
	minh := e.mkOfficial("34.SNV", "SNV-81", "Trần Văn Minh", "Chuyên viên")
	occurred := time.Now().AddDate(0, -1, 0).UTC()
	if _, err := e.db.Write.Exec(`INSERT INTO petitions (tracking_code, secret_hash, channel, category, unit_id, official_id, description,
		occurred_at, anonymous, reporter_sealed, has_contact, status, conclusion, submitted_at, updated_at, closed_at)
		VALUES ('PA-WEB-1', 'x', 'web', 'attitude', $1, $2, 'Cán bộ quát tháo', $3, FALSE, 'Người báo', TRUE, 'closed', 'founded', $4, $4, $4)`,
		minh.UnitID, minh.ID, occurred, occurred.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	boss := e.client().login("noivu")
	q := url.Values{"goi-y": {"1"}, "unit": {itoa(e.units["34.SNV"].ID)}, "title": {"Bồi dưỡng bổ sung về giao tiếp"}, "audience": {"named"}}
	r := boss.get("/training/campaigns/new?"+q.Encode()).want(t, http.StatusOK, "Trần Văn Minh", "1 phản ánh có cơ sở trong 12 tháng", "Bồi dưỡng bổ sung về giao tiếp")
	box := regexp.MustCompile(`<input type="checkbox" name="official" value="` + itoa(minh.ID) + `"[^>]*>`).FindString(r.Body)
	if box == "" || strings.Contains(box, "checked") {
		t.Fatalf("the suggestion's box %q: missing or ticked beforehand", box)
	}
	today := trainingToday()
	form := url.Values{"unit": {itoa(e.units["34.SNV"].ID)}, "title": {"Bồi dưỡng bổ sung về giao tiếp"}, "audience": {"named"},
		"starts_on": {today.Format("02/01/2006")}, "ends_on": {today.AddDate(0, 0, 14).Format("02/01/2006")}, "official": {itoa(minh.ID)}}
	boss.post("/training/campaigns/new", form).want(t, http.StatusBadRequest, "Xin ghi lý do chỉ định", `value="`+itoa(minh.ID)+`" id="f-official" checked`)
	form.Set("reason", "Phản ánh có cơ sở về thái độ tháng trước")
	// A second official, named without evidence (not among the suggestions).
	khac := e.mkOfficial("34.SNV", "SNV-82", "Lê Văn Khác", "Chuyên viên")
	form.Add("official", itoa(khac.ID))
	if r = boss.post("/training/campaigns/new", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("named campaign: %d\n%s", r.StatusCode, r.Body)
	}
	camp := strings.SplitN(r.Header.Get("Location"), "?", 2)[0]
	boss.get(camp).want(t, http.StatusOK, "Cán bộ được chỉ định", "Phản ánh có cơ sở về thái độ tháng trước")
	// Editing the draft keeps both ticked; saving it unchanged keeps both.
	r = boss.get(camp+"/edit").want(t, http.StatusOK, "Trần Văn Minh", "Lê Văn Khác")
	for _, o := range []*org.Official{minh, khac} {
		box := regexp.MustCompile(`<input type="checkbox" name="official" value="` + itoa(o.ID) + `"[^>]*>`).FindString(r.Body)
		if !strings.Contains(box, "checked") {
			t.Fatalf("editing the draft: %s not ticked (%q)", o.FullName, box)
		}
	}
	if r = boss.post(camp+"/edit", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", r.StatusCode, r.Body)
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(camp, "/training/campaigns/"), 10, 64)
	if c, err := e.svc.Training.FindCampaign(e.actorCtx("noivu"), id); err != nil || len(c.Named) != 2 {
		t.Fatalf("named after the edit: %v %v", c, err)
	}
}

// A campaign whose period ended with officials not complete is marked
// overdue in the list and counted on the coverage page.
func TestTrainingOverdueMark(t *testing.T) {
	e := newEnv(t)
	e.mkOfficial("34.SNV", "SNV-91", "Đỗ Thị Hằng", "Chuyên viên")
	c, _ := e.openCampaign(e.units["34.SNV"], "Quán triệt quý I")
	boss := e.client().login("noivu")
	boss.get("/training").want(t, http.StatusOK, "Quán triệt quý I").lacks(t, "Quá hạn")
	if _, err := e.db.Write.Exec(`UPDATE training_campaigns SET ends_on = $1 WHERE id = $2`, trainingToday().AddDate(0, 0, -1), c.ID); err != nil {
		t.Fatal(err)
	}
	boss.get("/training").want(t, http.StatusOK, "Quán triệt quý I", `<span class="tag tag-danger">Quá hạn</span>`)
	boss.get("/training/campaigns/"+itoa(c.ID)).want(t, http.StatusOK, "Quá hạn", "Đỗ Thị Hằng")
}

// A campaign without a quiz studied online: the official reads the
// materials, says so, and is complete with a certificate to download.
func TestTrainingStudyOnline(t *testing.T) {
	e := newEnv(t)
	o := e.mkOfficial("34.SNV", "SNV-95", "Hà Văn Nam", "Chuyên viên")
	e.mkUser("nam", congvu.RoleOfficial, "34.SNV", o.ID)
	ctx, today := sysCtx(), trainingToday()
	c, err := e.svc.Training.CreateCampaign(ctx, training.CampaignInput{UnitID: e.units["34.SNV"].ID, Title: "Tự học chuẩn mực giao tiếp",
		Audience: training.AudienceAll, StartsOn: today, EndsOn: today.AddDate(0, 0, 10), Hours: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Training.OpenCampaign(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	s, err := e.svc.Training.CreateSession(ctx, training.SessionInput{CampaignID: c.ID, Title: "Tự học trực tuyến", Mode: training.ModeOnline})
	if err != nil {
		t.Fatal(err)
	}
	nam := e.client().login("nam")
	nam.get("/training/mine").want(t, http.StatusOK, "Tự học chuẩn mực giao tiếp", "Tôi đã học xong: Tự học trực tuyến").lacks(t, "Làm bài kiểm tra")
	if r := nam.post("/training/sessions/"+itoa(s.ID)+"/study", url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("study: %d\n%s", r.StatusCode, r.Body)
	}
	nam.get("/training/mine?ok=bd-tu-hoc").want(t, http.StatusOK, "Đã ghi nhận anh/chị đã học tài liệu trực tuyến", "Đã hoàn thành", "Tải giấy chứng nhận")
	if r := nam.get("/training/mine/"+itoa(c.ID)+"/certificate.pdf").want(t, http.StatusOK); !strings.HasPrefix(r.Body, "%PDF") {
		t.Error("the certificate is not a PDF")
	}
}

// The question bank is national: a province's manager reads it (with the
// right answers) without the forms, and is refused if they post anyway; a
// national manager adds a question (a wrong answer number is refused and
// keeps what was typed) and edits it.
func TestTrainingQuestionBank(t *testing.T) {
	e := newEnv(t)
	boss := e.client().login("noivu")
	boss.get("/training/questions?muc=GT-XC").want(t, http.StatusOK, "Ngân hàng câu hỏi", "Đáp án đúng", "dùng chung cả nước").
		lacks(t, "Thêm câu hỏi", `action="/training/questions/`)
	q := url.Values{"item": {"GT-XC"}, "text": {"Người dân chào trước, cán bộ đáp lại thế nào?"}, "choices": {"Chào lại, mời ngồi\nGật đầu\nIm lặng"}, "answer": {"1"}, "active": {"on"}}
	boss.post("/training/questions", q).want(t, http.StatusForbidden)
	e.mkUser("bo-noivu", congvu.RoleSupervisor, congvu.RootUnitCode, 0)
	nat := e.client().login("bo-noivu")
	r := nat.get("/training/questions?muc=GT-XC").want(t, http.StatusOK, "Thêm câu hỏi")
	seeded := regexp.MustCompile(`action="/training/questions/(\d+)"`).FindStringSubmatch(r.Body)
	if seeded == nil {
		t.Fatal("no question of the national bank to edit")
	}
	boss.post("/training/questions/"+seeded[1], q).want(t, http.StatusForbidden)
	q.Set("answer", "5")
	nat.post("/training/questions", q).want(t, http.StatusBadRequest, "số thứ tự của đáp án đúng", "Người dân chào trước")
	q.Set("answer", "1")
	if r = nat.post("/training/questions", q); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d\n%s", r.StatusCode, r.Body)
	}
	r = nat.get("/training/questions?muc=GT-XC").want(t, http.StatusOK, "Người dân chào trước, cán bộ đáp lại thế nào?")
	q.Set("text", "Người dân chào trước: cán bộ đáp lại thế nào?")
	mine := regexp.MustCompile(`action="/training/questions/(\d+)"`).FindAllStringSubmatch(r.Body, -1)
	last := mine[len(mine)-1][1]
	if r = nat.post("/training/questions/"+last, q); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", r.StatusCode, r.Body)
	}
	nat.get("/training/questions?muc=GT-XC").want(t, http.StatusOK, "Người dân chào trước: cán bộ đáp lại thế nào?")
}

// Materials: a manager uploads a document for their subtree, which an
// official of it reads and downloads; a form without a file is refused in
// words; the catalog's items are edited by national managers only.
func TestTrainingMaterials(t *testing.T) {
	e := newEnv(t)
	boss := e.client().login("noivu")
	boss.get("/training/materials").want(t, http.StatusOK, "Ứng xử đúng", "Tải lên tài liệu").lacks(t, "Sửa tài liệu của chuẩn mực")
	boss.post("/training/materials/upload", url.Values{"title": {"Bài giảng"}}).want(t, http.StatusBadRequest, "Xin chọn tệp tài liệu")
	var body strings.Builder
	mw := multipart.NewWriter(&body)
	mw.WriteField("unit", itoa(e.units["34.SNV"].ID))
	mw.WriteField("title", "Bài giảng quán triệt Đề án")
	fw, _ := mw.CreateFormFile("file", "bai-giang.pdf")
	fw.Write([]byte("%PDF-1.4\n%%EOF\n"))
	mw.Close()
	req, _ := http.NewRequest("POST", e.ts.URL+"/training/materials/upload", strings.NewReader(body.String()))
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if r := boss.do(req); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d\n%s", r.StatusCode, r.Body)
	}
	o := e.mkOfficial("34.SNV", "SNV-97", "Bùi Thị Thu", "Chuyên viên")
	e.mkUser("thu", congvu.RoleOfficial, "34.SNV", o.ID)
	thu := e.client().login("thu")
	page := thu.get("/training/materials").want(t, http.StatusOK, "Bài giảng quán triệt Đề án", "bai-giang.pdf")
	page.lacks(t, "Tải lên tài liệu")
	link := regexp.MustCompile(`href="(/training/materials/\d+/file)"`).FindStringSubmatch(page.Body)
	if link == nil {
		t.Fatal("no link to the document")
	}
	if r := thu.get(link[1]).want(t, http.StatusOK); !strings.HasPrefix(r.Body, "%PDF") || !strings.Contains(r.Header.Get("Content-Disposition"), "bai-giang.pdf") {
		t.Errorf("download: %q %s", r.Header.Get("Content-Disposition"), r.Body)
	}
	// Administrators hold no training management: the items' forms stay
	// hidden. A national supervisor edits an item's meaning and examples.
	e.client().login("admin").get("/training/materials").want(t, http.StatusOK).lacks(t, "Sửa tài liệu của chuẩn mực")
	e.mkUser("bo-noivu", congvu.RoleSupervisor, congvu.RootUnitCode, 0)
	nat := e.client().login("bo-noivu")
	page = nat.get("/training/materials").want(t, http.StatusOK, "Sửa tài liệu của chuẩn mực")
	item := regexp.MustCompile(`action="(/training/materials/\d+)"`).FindStringSubmatch(page.Body)
	if item == nil {
		t.Fatal("no item form")
	}
	if r := nat.post(item[1], url.Values{"title": {"Chào hỏi"}, "meaning": {"Chào hỏi trước là tôn trọng người dân."}, "good": {"Chào và mời ngồi\nHỏi việc cần làm"},
		"bad": {"Không nhìn người dân"}, "legal_source": {"Quyết định 1847/QĐ-TTg"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit item: %d\n%s", r.StatusCode, r.Body)
	}
	thu.get("/training/materials").want(t, http.StatusOK, "Chào hỏi trước là tôn trọng người dân.", "<li>Hỏi việc cần làm</li>", "<li>Không nhìn người dân</li>")
}

// The documents come from export/trainingdoc: the coverage workbook lists
// everyone behind, beyond a page of 200; the certificate's date line
// carries the place.
func TestTrainingDocuments(t *testing.T) {
	e := newEnv(t)
	unit := e.units["34.SNV"]
	now := time.Now().UTC()
	if _, err := e.db.Write.Exec(`WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 230)
		INSERT INTO officials (unit_id, employee_code, full_name, search_name, category, badge_token, created_at, updated_at)
		SELECT $1, 'DOC-' || CAST(k AS TEXT), 'Cán bộ ' || CAST(k AS TEXT), 'can bo', 'civil_servant', 'doc-' || CAST(k AS TEXT), $2, $2 FROM n`,
		unit.ID, now); err != nil {
		t.Fatal(err)
	}
	c, _ := e.openCampaign(unit, "Quán triệt quý II")
	if c.Assigned < 230 {
		t.Fatalf("assigned %d", c.Assigned)
	}
	boss := e.client().login("noivu")
	x := boss.get("/training/coverage.xlsx?don-vi-id="+itoa(unit.ID)+"&dot="+itoa(c.ID)).want(t, http.StatusOK)
	book, err := excelize.OpenReader(strings.NewReader(x.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := book.GetRows("Chưa hoàn thành")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rows {
		if len(r) > 0 && strings.HasPrefix(r[0], "Cán bộ ") {
			n++
		}
	}
	if n < 230 {
		t.Fatalf("the workbook lists %d of those behind, want all %d", n, c.Assigned)
	}
}

// trainingPDFText is a PDF's text by pdftotext, one space between words;
// the test is skipped without the tool.
func trainingPDFText(t *testing.T, body string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext missing")
	}
	p := filepath.Join(t.TempDir(), "f.pdf")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, p, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
