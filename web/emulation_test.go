package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/emulation"
	"congvu/org"
	"congvu/vntext"
	"congvu/web"
)

// emulationEnv is the inspection environment (heads of 34.SNV and of its
// sibling 34.STP) with an official of 34.SNV who has an account of their
// own ("canbo-td").
func emulationEnv(t *testing.T) (*env, *org.Official) {
	e := inspectionEnv(t)
	o := e.mkOfficial("34.SNV", "SNV-101", "Nguyễn Thị Lan", "Chuyên viên")
	e.mkUser("canbo-td", congvu.RoleOfficial, "34.SNV", o.ID)
	return e, o
}

// movementValues is the "Phát động phong trào" form as a browser posts it,
// with the office-culture criteria the form starts with.
func movementValues(unit, title string, from, to int) url.Values {
	v := url.Values{"unit": {unit}, "title": {title}, "content": {"Xây dựng văn hóa công vụ, phục vụ người dân."},
		"from_year": {strconv.Itoa(from)}, "to_year": {strconv.Itoa(to)}, "interim_year": {strconv.Itoa(from + 2)}}
	cs := emulation.OfficeCultureCriteria()
	v.Set("crit_count", strconv.Itoa(len(cs)))
	for i, c := range cs {
		n := strconv.Itoa(i)
		v.Set("crit_subject_"+n, string(c.Subject))
		v.Set("crit_code_"+n, c.Code)
		v.Set("crit_label_"+n, c.Label)
		v.Set("crit_weight_"+n, web.EmulationPoints(c.Weight))
		v.Set("crit_source_"+n, string(c.Source))
		v.Set("crit_target_"+n, web.EmulationPoints(c.Target))
		v.Set("crit_floor_"+n, web.EmulationPoints(c.Floor))
	}
	return v
}

// location is the path a redirect leads to, without its query.
func location(r *resp) string { return strings.SplitN(r.Header.Get("Location"), "?", 2)[0] }

// The supervisor's year over HTTP: launches a movement from the prefilled
// form (a bad one keeps its input and says every error), opens it, makes a
// cluster of the two departments, registers them and an official, computes
// the scores, opens an explanation, scores the manual criterion (without a
// reason: the field says so; with one: kept), makes the interim review and
// downloads the documents.
func TestEmulationMovementYear(t *testing.T) {
	e, o := emulationEnv(t)
	year := time.Now().In(congvu.TimeZone).Year()
	y := strconv.Itoa(year)
	noivu := e.client().login("noivu")
	noivu.get("/emulation").want(t, http.StatusOK, "Chưa có phong trào nào đang diễn ra", `href="/emulation/new"`, `href="/emulation" aria-current="page"`)
	noivu.get("/emulation/new").want(t, http.StatusOK, "Phát động phong trào thi đua", `value="tt_hai_long"`, "Chỉ số hài lòng của người dân với đơn vị", `value="34"`)

	count := func(table string) int {
		var n int
		if err := e.db.Read.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	bad := movementValues("34", "Phong trào thi đua văn hóa công vụ "+y, year, year+4)
	bad.Set("from_year", "năm nay")
	bad.Set("crit_weight_0", "hai mươi")
	bad.Set("crit_weight_1", "50")
	noivu.post("/emulation/new", bad).want(t, http.StatusBadRequest, "Năm phải là số từ 2000 đến 2100.", "Xin nhập một số, ví dụ 20 hoặc 12,5.",
		`value="Phong trào thi đua văn hóa công vụ `+y+`"`, `value="năm nay"`)
	if count("emulation_movements") != 0 {
		t.Fatal("a bad movement was saved")
	}
	r := noivu.post("/emulation/new", movementValues("34", "Phong trào thi đua văn hóa công vụ "+y, year, year+4))
	r.want(t, http.StatusSeeOther)
	href := location(r)
	noivu.get(r.Header.Get("Location")).want(t, http.StatusOK, "Dự thảo", "Kiểm tra tiêu chí rồi bấm", "Tiêu chí thi đua của tập thể", "Tiêu chí thi đua của cá nhân")
	// The draft is edited: the form holds its criteria; a criterion's weight
	// that breaks the sum of 100 is refused.
	noivu.get(href+"/edit").want(t, http.StatusOK, `value="tt_cham_truc_tiep"`, `value="Phong trào thi đua văn hóa công vụ `+y+`"`)
	edit := movementValues("34", "Phong trào thi đua thực hiện văn hóa công vụ "+y, year, year+4)
	edit.Set("crit_weight_0", "30")
	noivu.post(href+"/edit", edit).want(t, http.StatusBadRequest, "Tổng điểm các tiêu chí cho tập thể phải bằng 100")
	edit.Set("crit_weight_0", "25")
	noivu.post(href+"/edit", edit).want(t, http.StatusSeeOther)
	noivu.post(href+"/open", nil).want(t, http.StatusSeeOther)
	noivu.get(href).want(t, http.StatusOK, "Phong trào thi đua thực hiện văn hóa công vụ "+y).lacks(t, href+"/edit")
	noivu.get("/emulation").want(t, http.StatusOK, "Đang diễn ra", `href="`+href+`"`)
	noivu.get("/emulation?trang-thai=closed").want(t, http.StatusOK, "Không có phong trào nào khớp bộ lọc").lacks(t, `href="`+href+`"`)
	noivu.get("/emulation?trang-thai=open&nam="+y).want(t, http.StatusOK, `href="`+href+`"`)
	noivu.get("/emulation?trang-thai=xyz&nam=hai").want(t, http.StatusBadRequest, "Xin chọn một tình trạng trong danh sách.", "Năm phải là số từ 2000 đến 2100.")

	// A cluster of the two departments; registrations.
	snv, stp := e.units["34.SNV"], e.units["34.STP"]
	noivu.post(href+"/clusters", url.Values{"cluster_title": {""}, "units": {itoa(snv.ID)}}).want(t, http.StatusBadRequest)
	noivu.post(href+"/clusters", url.Values{"cluster_title": {"Cụm các sở"}, "units": {itoa(snv.ID), itoa(stp.ID)}}).want(t, http.StatusSeeOther)
	clusters, err := e.svc.Emulation.FindClusters(sysCtx(), movementIDOf(t, href))
	if err != nil || len(clusters) != 1 {
		t.Fatalf("%d clusters (%v)", len(clusters), err)
	}
	noivu.get(href+"?cum="+itoa(clusters[0].ID)).want(t, http.StatusOK, `value="Cụm các sở"`, `id="cum-dv-`+itoa(stp.ID)+`" name="units" value="`+itoa(stp.ID)+`" checked`)
	for _, v := range []url.Values{
		{"reg_year": {y}, "subject": {"collective"}, "unit": {"34.SNV"}, "pledge": {"Không để người dân phải đi lại nhiều lần."}},
		{"reg_year": {y}, "subject": {"collective"}, "unit": {"34.STP"}},
		{"reg_year": {y}, "subject": {"individual"}, "official": {"SNV-101"}, "title": {"lao_dong_tien_tien"}},
	} {
		noivu.post(href+"/registrations", v).want(t, http.StatusSeeOther)
	}
	noivu.post(href+"/registrations", url.Values{"reg_year": {y}, "subject": {"individual"}, "official": {"KHONG-CO"}}).
		want(t, http.StatusBadRequest, "Không tìm thấy cán bộ có mã “KHONG-CO”", `value="KHONG-CO"`)
	page := noivu.get(href+"?year="+y).want(t, http.StatusOK, "Cụm các sở", "Không để người dân phải đi lại nhiều lần.", o.FullName, "Chưa có điểm năm "+y, "Tính điểm")

	// Scores: computed, ranked in the cluster with a chart, explained.
	_ = page
	r = noivu.post(href+"/compute", url.Values{"year": {y}})
	r.want(t, http.StatusSeeOther)
	page = noivu.get(r.Header.Get("Location")).want(t, http.StatusOK, "Đã tính điểm và xếp hạng.", `<svg`, "Xếp hạng Cụm các sở năm "+y, "Xem cách tính", "/ranking.xlsx?year="+y)
	regs, _, err := e.svc.Emulation.FindRegistrations(sysCtx(), emulation.RegistrationFilter{MovementID: movementIDOf(t, href), Year: year})
	if err != nil {
		t.Fatal(err)
	}
	var snvReg int64
	for _, g := range regs {
		if g.Subject == emulation.Collective && g.UnitID == snv.ID {
			snvReg = g.ID
		}
	}
	scoreHref := href + "/scores/" + itoa(snvReg)
	if !strings.Contains(page.Body, scoreHref+"?year="+y) {
		t.Fatalf("the ranking does not link to %s", scoreHref)
	}
	noivu.get(scoreHref+"?year="+y).want(t, http.StatusOK, "Cách tính, từng tiêu chí", "Chỉ số hài lòng của người dân với đơn vị", "Không có vi phạm văn hóa công vụ",
		"Chấm trực tiếp", `name="reason"`)
	m, err := e.svc.Emulation.FindMovement(sysCtx(), movementIDOf(t, href))
	if err != nil {
		t.Fatal(err)
	}
	var manual int64
	for _, c := range m.Criteria {
		if c.Subject == emulation.Collective && c.Source == emulation.SourceManual {
			manual = c.ID
		}
	}
	noivu.post(scoreHref, url.Values{"year": {y}, "criterion": {itoa(manual)}, "points": {"8"}, "reason": {""}}).
		want(t, http.StatusBadRequest, "Xin nêu lý do chấm điểm", `id="f-reason"`, `aria-invalid="true"`)
	noivu.post(scoreHref, url.Values{"year": {y}, "criterion": {itoa(manual)}, "points": {"80"}, "reason": {"Mô hình một cửa thân thiện"}}).
		want(t, http.StatusBadRequest, "Điểm phải từ 0 đến 10", "Mô hình một cửa thân thiện")
	noivu.post(scoreHref, url.Values{"year": {y}, "criterion": {itoa(manual)}, "points": {"7,5"}, "reason": {"Mô hình một cửa thân thiện, được nhân rộng"}}).
		want(t, http.StatusSeeOther)
	noivu.get(scoreHref+"?year="+y+"&ok=td-cham").want(t, http.StatusOK, "Đã chấm điểm tiêu chí.", "Lý do chấm:", "Mô hình một cửa thân thiện, được nhân rộng", "7,5")

	// A registration withdrawn: a reason is needed.
	var stpReg int64
	for _, g := range regs {
		if g.Subject == emulation.Collective && g.UnitID == stp.ID {
			stpReg = g.ID
		}
	}
	noivu.post(href+"/registrations/"+itoa(stpReg)+"/withdraw", url.Values{"reason": {""}}).want(t, http.StatusBadRequest, "Chưa rút được đăng ký.")
	noivu.post(href+"/registrations/"+itoa(stpReg)+"/withdraw", url.Values{"reason": {"Đơn vị sáp nhập"}}).want(t, http.StatusSeeOther)
	noivu.get(href+"?year="+y).want(t, http.StatusOK, "Đã rút")

	// Documents of the ranking.
	for _, doc := range []string{"/ranking.xlsx", "/ranking.pdf"} {
		d := noivu.get(href+doc+"?year="+y).want(t, http.StatusOK)
		if !strings.HasPrefix(d.Body, "%PDF") && !strings.HasPrefix(d.Body, "PK") {
			t.Fatalf("%s: not a document", doc)
		}
	}

	// The interim review: a bad date keeps the text; a good one freezes
	// the figures on a page of their own, with its documents.
	noivu.post(href+"/reviews", url.Values{"kind": {"interim"}, "review_year": {y}, "held_on": {"31/02/" + y}, "text": {"Kết quả bước đầu tốt."}}).
		want(t, http.StatusBadRequest, "Kết quả bước đầu tốt.")
	r = noivu.post(href+"/reviews", url.Values{"kind": {"interim"}, "review_year": {y}, "held_on": {time.Now().In(congvu.TimeZone).Format("02/01/2006")},
		"text": {"Kết quả bước đầu tốt.\nCần nhân rộng mô hình một cửa thân thiện."}})
	r.want(t, http.StatusSeeOther)
	review := location(r)
	noivu.get(review).want(t, http.StatusOK, "Sơ kết phong trào", "Số liệu từng năm", `id="bieu-do-chi-so"`, "Cần nhân rộng mô hình một cửa thân thiện.", "<caption>Số liệu của phong trào từng năm")
	for _, doc := range []string{"/bao-cao.pdf", "/bao-cao.docx"} {
		d := noivu.get(review+doc).want(t, http.StatusOK)
		if !strings.HasPrefix(d.Body, "%PDF") && !strings.HasPrefix(d.Body, "PK") {
			t.Fatalf("%s: not a document", doc)
		}
	}
	noivu.get(href+"?year="+y).want(t, http.StatusOK, `href="`+review+`"`)
	// Ending the movement needs its final review.
	noivu.post(href+"/close", nil).want(t, http.StatusBadRequest, "Xin tổng kết phong trào trước khi kết thúc.", "Đang diễn ra")
}

func movementIDOf(t *testing.T, href string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(href[strings.LastIndexByte(href, '/')+1:], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// An official cannot open the emulation pages nor launch a movement; the
// nav offers them only to staff who may read them.
func TestEmulationRefusesAnOfficial(t *testing.T) {
	e, _ := emulationEnv(t)
	official := e.client().login("canbo-td")
	official.get("/emulation").want(t, http.StatusForbidden)
	official.get("/emulation/new").want(t, http.StatusForbidden)
	official.post("/emulation/new", movementValues("34.SNV", "Phong trào của tôi", 2026, 2030)).want(t, http.StatusForbidden)
	official.get("/emulation/titles").want(t, http.StatusForbidden)
	official.get("/").want(t, http.StatusOK).lacks(t, `href="/emulation"`)
	e.client().login("truongsnv").get("/").want(t, http.StatusOK, `href="/emulation"`)
	// A head registers but does not launch movements.
	e.client().login("truongsnv").get("/emulation").want(t, http.StatusOK, "Khi cấp trên phát động phong trào").lacks(t, `href="/emulation/new"`)
	var n int
	if err := e.db.Read.QueryRow(`SELECT COUNT(*) FROM emulation_movements`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d movements (%v)", n, err)
	}
}

// Titles: the suggestion shows its checks as ✓/✗ lines, the supervisor
// proposes it, the head of a sibling unit cannot decide it, the competent
// head sees it in the queue and approves it; the amount follows the base
// salary of the day; the dossier is served.
func TestEmulationTitles(t *testing.T) {
	e, o := emulationEnv(t)
	year := time.Now().In(congvu.TimeZone).Year()
	y := strconv.Itoa(year)
	evaluatedExcellent(t, e, o, year)
	noivu := e.client().login("noivu")
	page := noivu.get("/emulation/titles?nam="+y).want(t, http.StatusOK, "Danh hiệu thi đua năm "+y, "Gợi ý từ bằng chứng", "Lao động tiên tiến: "+o.FullName, "✓")
	if !strings.Contains(page.Body, `name="official_id" value="`+itoa(o.ID)+`"`) {
		t.Fatalf("no proposal form for the official:\n%s", page.Body)
	}
	r := noivu.post("/emulation/titles/propose", url.Values{"title": {"lao_dong_tien_tien"}, "unit_id": {itoa(o.UnitID)}, "official_id": {itoa(o.ID)},
		"year": {y}, "reason": {"Hoàn thành xuất sắc nhiệm vụ tiếp nhận hồ sơ"}})
	r.want(t, http.StatusSeeOther)
	noivu.get(r.Header.Get("Location")).want(t, http.StatusOK, "Đã đề nghị công nhận danh hiệu", "Chờ quyết định").lacks(t, "Chờ bạn quyết định")
	list, _, err := e.svc.Emulation.FindTitleProposals(sysCtx(), emulation.TitleFilter{Year: year})
	if err != nil || len(list) != 1 {
		t.Fatalf("%d proposals (%v)", len(list), err)
	}
	id := itoa(list[0].ID)
	today := time.Now().In(congvu.TimeZone).Format("02/01/2006")

	// The head of the sibling unit: not in the queue, and refused.
	sibling := e.client().login("truongstp")
	sibling.get("/emulation/titles?nam="+y).want(t, http.StatusOK).lacks(t, "Chờ bạn quyết định")
	if r := sibling.post("/emulation/titles/decide", url.Values{"proposal": {id}, "decision": {"approve"}, "number": {"3/QĐ-STP"}, "date": {today}}); r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusForbidden {
		t.Fatalf("the sibling head decided: %d\n%s", r.StatusCode, r.Body)
	}
	// The competent head: a bad date is said, then the decision.
	head := e.client().login("truongsnv")
	head.get("/emulation/titles?nam="+y).want(t, http.StatusOK, "Chờ bạn quyết định", "Công nhận")
	head.post("/emulation/titles/decide", url.Values{"proposal": {id}, "decision": {"approve"}, "number": {"12/QĐ-SNV"}, "date": {"31/02/" + y}}).
		want(t, http.StatusBadRequest, "Chờ bạn quyết định", `value="12/QĐ-SNV"`)
	head.post("/emulation/titles/decide", url.Values{"proposal": {id}, "decision": {"approve"}, "number": {"12/QĐ-SNV"}, "date": {today}}).want(t, http.StatusSeeOther)
	tp, err := e.svc.Emulation.FindTitleProposal(sysCtx(), list[0].ID)
	if err != nil || tp.Status != emulation.ProposalApproved || tp.DecisionNumber != "12/QĐ-SNV" || tp.Amount <= 0 {
		t.Fatalf("%+v (%v)", tp, err)
	}
	head.get("/emulation/titles?nam="+y).want(t, http.StatusOK, "Đã công nhận", "Số 12/QĐ-SNV", vntext.Number(int(tp.Amount))+" đồng")
	head.get("/emulation/titles?nam="+y+"&trang-thai=rejected").want(t, http.StatusOK, "Chưa có đề nghị nào").lacks(t, "Số 12/QĐ-SNV")
	head.get("/emulation/titles?nam="+y+"&trang-thai=zz").want(t, http.StatusBadRequest, "Xin chọn một tình trạng trong danh sách.")
	for _, doc := range []string{"to-trinh.pdf", "to-trinh.docx"} {
		d := noivu.get("/emulation/titles/"+doc+"?nam="+y+"&don-vi=34").want(t, http.StatusOK)
		if !strings.HasPrefix(d.Body, "%PDF") && !strings.HasPrefix(d.Body, "PK") {
			t.Fatalf("%s: not a document", doc)
		}
	}
}

// The title rules: everyone signed in reads the dated sets; a national
// administrator adds one, and a bad list is refused with its input kept.
func TestEmulationTitleRules(t *testing.T) {
	e, _ := emulationEnv(t)
	e.client().login("noivu").get("/settings/title-rules").want(t, http.StatusOK, "Lao động tiên tiến", "Chiến sĩ thi đua cơ sở", "Chưa đối chiếu văn bản").
		lacks(t, "Thêm bộ quy định</h2>")
	admin := e.client().login("admin")
	admin.get("/settings/title-rules").want(t, http.StatusOK, "Thêm bộ quy định</h2>", "lao_dong_tien_tien")
	admin.post("/settings/title-rules", url.Values{"title": {"Bộ mới"}, "from_year": {"2030"}, "basis": {"Căn cứ"}, "titles": {"[{"}}).
		want(t, http.StatusBadRequest, "Danh sách danh hiệu chưa đúng định dạng JSON", `value="Bộ mới"`)
	e.client().login("noivu").post("/settings/title-rules", url.Values{"title": {"Bộ mới"}}).want(t, http.StatusForbidden)
	titles, _ := json.Marshal(emulation.DefaultTitleRuleSets()[0].Titles)
	admin.post("/settings/title-rules", url.Values{"title": {"Danh hiệu thi đua đã đối chiếu"}, "from_year": {"2030"}, "basis": {"Nghị định 152/2025/NĐ-CP, đã đối chiếu"},
		"verified": {"on"}, "titles": {string(titles)}}).want(t, http.StatusSeeOther)
	admin.get("/settings/title-rules").want(t, http.StatusOK, "Danh hiệu thi đua đã đối chiếu", "Áp dụng từ năm 2030")
}

// ParseMovementForm never panics on what a browser posts, and reads a
// row only with its number.
func FuzzParseMovementForm(f *testing.F) {
	f.Add("2026", "2030", "3", "20", "x", "12,5")
	f.Add("", "abc", "-1", "", "", "1e400")
	f.Add("2026", "2025", "999999999999", "NaN", "tt_a", "Inf")
	f.Fuzz(func(t *testing.T, from, to, count, weight, code, target string) {
		form := web.NewForm(url.Values{"title": {"P"}, "from_year": {from}, "to_year": {to}, "crit_count": {count},
			"crit_label_0": {"Tiêu chí"}, "crit_weight_0": {weight}, "crit_code_0": {code}, "crit_target_0": {target}})
		in := web.ParseMovementForm(form)
		if len(in.Criteria) > 63 {
			t.Fatalf("%d criteria read", len(in.Criteria))
		}
		if form.Error("crit_weight_0") == "" && len(in.Criteria) > 0 && strconv.FormatFloat(in.Criteria[0].Weight, 'f', -1, 64) == "NaN" {
			t.Fatalf("weight %q read as NaN", weight)
		}
		_ = in.Validate(time.Time{})
	})
}

// emulationFixture is an open movement of a province with a registration
// of a unit and an interim review, for the authorization table.
type emulationFixture struct{ movement, reg, review string }

// path fills pattern's {id}, {reg} and {rid} with the fixture's.
func (f emulationFixture) path(pattern string) string {
	return strings.NewReplacer("{id}", f.movement, "{reg}", f.reg, "{rid}", f.review).Replace(pattern)
}

// emulationObjects launches, as the operator, a movement of province
// (from this year) registering unit, and reviews it.
func emulationObjects(t *testing.T, e *env, province, unit string) emulationFixture {
	t.Helper()
	ctx := emulationOperator(e)
	year := time.Now().In(congvu.TimeZone).Year()
	m, err := e.svc.Emulation.CreateMovement(ctx, emulation.MovementInput{UnitID: e.units[province].ID, Title: "Phong trào văn hóa công vụ " + province,
		FromYear: year, ToYear: year + 4, Criteria: emulation.OfficeCultureCriteria()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Emulation.OpenMovement(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	g, err := e.svc.Emulation.Register(ctx, emulation.RegistrationInput{MovementID: m.ID, Year: year, Subject: emulation.Collective, UnitID: e.units[unit].ID})
	if err != nil {
		t.Fatal(err)
	}
	v, err := e.svc.Emulation.CreateReview(ctx, emulation.ReviewInput{MovementID: m.ID, Kind: emulation.ReviewInterim, Year: year,
		HeldOn: time.Now().In(congvu.TimeZone).Format("02/01/2006"), Text: "Sơ kết bước đầu."})
	if err != nil {
		t.Fatal(err)
	}
	return emulationFixture{movement: itoa(m.ID), reg: itoa(g.ID), review: itoa(v.ID)}
}

// emulationOperator is the operator acting as home-affairs staff of the
// whole country (the operator's own grant does not launch movements).
func emulationOperator(e *env) context.Context {
	return congvu.NewContextWithActor(context.Background(), &congvu.Actor{UserID: -1, Username: "system", FullName: "Kiểm thử web",
		Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: e.units[congvu.RootUnitCode].ID, UnitPath: congvu.RootUnitPath}}})
}

// evaluatedExcellent records the official's evaluation of year as the
// evaluation's storage writes it: excellent (its service is not needed).
func evaluatedExcellent(t *testing.T, e *env, o *org.Official, year int) {
	t.Helper()
	var rs int64
	if err := e.db.Read.QueryRow(`SELECT COALESCE(MIN(id), 0) FROM evaluation_rule_sets`).Scan(&rs); err != nil {
		t.Fatal(err)
	}
	if rs == 0 {
		rs = 1
		if _, err := e.db.Write.Exec(`INSERT INTO evaluation_rule_sets (id, code, title, categories, basis, body) VALUES (1, 'nd335', 'Nghị định 335/2025/NĐ-CP', 'civil_servant', 'Nghị định 335/2025/NĐ-CP', '{}')`); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.db.Write.Exec(`INSERT INTO evaluations (official_id, unit_id, year, category, rule_set_id, status, level, final_level, created_at, updated_at)
		VALUES ($1, $2, $3, 'civil_servant', $4, 'decided', 'excellent', 'excellent', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`, o.ID, o.UnitID, year, rs); err != nil {
		t.Fatal(err)
	}
}

// Evidence links open only where the actor may read: the supervisor opens
// the violation and the petition; an official opens nothing; a unit out
// of the actor's sight gives names, not links.
func TestEmulationEvidenceLinks(t *testing.T) {
	sup := &congvu.Actor{UserID: 2, Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: 2, UnitPath: "/1/2/"}}}
	official := &congvu.Actor{UserID: 3, OfficialID: 9, Grants: []congvu.Grant{{Role: congvu.RoleOfficial, UnitID: 5, UnitPath: "/1/2/5/"}}}
	refs := []string{"violation:12", "petition:7", "ratings:0:9", "inspection_line:44", "bogus:1"}
	got := web.EmulationEvidenceLinks(sup, "/1/2/5/", refs)
	if got[0].Href != "/violations/12" || got[1].Href != "/petitions/7" || got[2].Href != "" || got[2].Label != "Đánh giá của người dân trong năm" ||
		got[3].Href != "" || got[3].Label != "Nội dung kiểm tra không đạt số 44" || got[4].Label != "bogus:1" {
		t.Fatalf("supervisor: %+v", got)
	}
	for _, l := range web.EmulationEvidenceLinks(official, "/1/2/5/", refs) {
		if l.Href != "" {
			t.Fatalf("an official is sent to %s", l.Href)
		}
	}
	for _, l := range web.EmulationEvidenceLinks(sup, "/1/7/", refs) {
		if l.Href != "" {
			t.Fatalf("a unit out of sight links to %s", l.Href)
		}
	}
}

// ParseTitleRuleSetForm never panics on what an administrator posts, and a
// list it reads without complaint has the titles it was given.
func FuzzParseTitleRuleSetForm(f *testing.F) {
	titles, _ := json.Marshal(emulation.DefaultTitleRuleSets()[0].Titles)
	f.Add(string(titles), "2030", "")
	f.Add(`[{"code":"x","label":"X","subject":"individual","coefficient":1e400}]`, "abc", "2029")
	f.Add(`[] []`, "2030", "-1")
	f.Add(`{`, "", "")
	f.Fuzz(func(t *testing.T, list, from, until string) {
		form := web.NewForm(url.Values{"title": {"Bộ mới"}, "basis": {"Căn cứ"}, "from_year": {from}, "until_year": {until}, "titles": {list}})
		rs := web.ParseTitleRuleSetForm(form)
		if form.Error("titles") == "" && rs.Titles == nil && strings.TrimSpace(list) != "null" && strings.TrimSpace(list) != "[]" {
			t.Fatalf("titles %q read as nothing without an error", list)
		}
		if form.Error("from_year") == "" && (rs.FromYear < 2000 || rs.FromYear > 2100) {
			t.Fatalf("from year %q read as %d without an error", from, rs.FromYear)
		}
	})
}

// Who may use each emulation route: on the movements of province 34 (in
// scope) and of province 01 (out of scope), see TestAuthorizationTable.
func init() {
	for k, v := range map[string]expectation{
		"GET /emulation":                                    {In: viewers},
		"GET /emulation/new":                                {In: allowedRoles(superv)},
		"POST /emulation/new":                               {In: allowedRoles(superv)},
		"GET /emulation/titles":                             {In: viewers},
		"POST /emulation/titles/propose":                    {In: allowedRoles(superv, head)},
		"POST /emulation/titles/decide":                     {In: allowedRoles(head)},
		"GET /emulation/titles/to-trinh.pdf":                {In: viewers},
		"GET /emulation/titles/to-trinh.docx":               {In: viewers},
		"GET /emulation/{id}":                               {In: viewers, Out: nobody, object: "movement"},
		"GET /emulation/{id}/edit":                          {In: allowedRoles(superv), Out: nobody, object: "movement"},
		"POST /emulation/{id}/edit":                         {In: allowedRoles(superv), Out: nobody, object: "movement"},
		"POST /emulation/{id}/open":                         {In: allowedRoles(superv), Out: nobody, object: "movement"},
		"POST /emulation/{id}/close":                        {In: allowedRoles(superv), Out: nobody, object: "movement"},
		"POST /emulation/{id}/clusters":                     {In: allowedRoles(superv), Out: nobody, object: "movement"},
		"POST /emulation/{id}/registrations":                {In: allowedRoles(superv, head), Out: nobody, object: "movement"},
		"POST /emulation/{id}/registrations/{reg}/withdraw": {In: allowedRoles(superv, head), Out: nobody, object: "movement"},
		"POST /emulation/{id}/compute":                      {In: allowedRoles(superv), Out: nobody, object: "movement"},
		"GET /emulation/{id}/scores/{reg}":                  {In: viewers, Out: nobody, object: "movement"},
		"POST /emulation/{id}/scores/{reg}":                 {In: allowedRoles(superv), Out: nobody, object: "movement"},
		"GET /emulation/{id}/ranking.xlsx":                  {In: viewers, Out: nobody, object: "movement"},
		"GET /emulation/{id}/ranking.pdf":                   {In: viewers, Out: nobody, object: "movement"},
		"POST /emulation/{id}/reviews":                      {In: allowedRoles(superv), Out: nobody, object: "movement"},
		"GET /emulation/{id}/reviews/{rid}":                 {In: viewers, Out: nobody, object: "movement"},
		"GET /emulation/{id}/reviews/{rid}/bao-cao.pdf":     {In: viewers, Out: nobody, object: "movement"},
		"GET /emulation/{id}/reviews/{rid}/bao-cao.docx":    {In: viewers, Out: nobody, object: "movement"},
		"GET /settings/title-rules":                         {In: signedIn},
		"POST /settings/title-rules":                        {In: nobody},
	} {
		authzTable[k] = v
	}
}

// A movement of many registrations: the page lists them a hundred at a
// time, and the pages of those beyond the service's first page of 200 open
// before any score is computed.
func TestEmulationManyRegistrations(t *testing.T) {
	e, _ := emulationEnv(t)
	ctx := emulationOperator(e)
	year := time.Now().In(congvu.TimeZone).Year()
	m, err := e.svc.Emulation.CreateMovement(ctx, emulation.MovementInput{UnitID: e.units["34"].ID, Title: "Phong trào đông người",
		FromYear: year, ToYear: year + 1, Criteria: emulation.OfficeCultureCriteria()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Emulation.OpenMovement(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	var beyond, last *emulation.Registration
	for i := range 205 {
		o := e.mkOfficial("34.SNV", "DK-"+strconv.Itoa(i), "Cán Bộ Số "+strconv.Itoa(i), "Chuyên viên")
		if last, err = e.svc.Emulation.Register(ctx, emulation.RegistrationInput{MovementID: m.ID, Year: year, Subject: emulation.Individual, OfficialID: o.ID}); err != nil {
			t.Fatal(err)
		}
		if i == 99 { // last by name, so on the service's second page
			beyond = last
		}
	}
	noivu := e.client().login("noivu")
	href := movementHrefOf(m.ID)
	noivu.get(href+"/scores/"+itoa(beyond.ID)+"?year="+strconv.Itoa(year)).want(t, http.StatusOK, "Cán Bộ Số 99", "Chưa có điểm năm")
	noivu.get(href+"?year="+strconv.Itoa(year)).want(t, http.StatusOK, "Hiển thị 1–100 trong tổng số 205", "Trang sau")
	noivu.get(href+"/scores/"+itoa(last.ID)+"?year="+strconv.Itoa(year)).want(t, http.StatusOK, "Cán Bộ Số 204", "Chưa có điểm năm")
	noivu.get(href+"/scores/"+itoa(last.ID)+"?year="+strconv.Itoa(year+1)).want(t, http.StatusNotFound)
}
