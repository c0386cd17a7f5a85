package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/evaluation"
	"congvu/org"
	"congvu/training"
	"congvu/violation"
)

// Who may use the evaluation pages. The object "evaluation" is the 2026
// evaluation of another civil servant of 34.SNV (in scope; open, awaiting
// the self-assessment) or of an official of province 01 (out of scope);
// "evalproduct" a product assigned to them. The official role is
// a colleague of the same unit, not the one evaluated: they comment, and
// read nothing. Administrators and inspectors read no evaluation.
func init() {
	readers := allowedRoles(superv, head)
	heads := allowedRoles(head)
	for k, v := range map[string]expectation{
		"GET /evaluations":                        {In: readers},
		"POST /evaluations/open":                  {In: readers},
		"GET /evaluations/mine":                   {In: signedIn},
		"GET /evaluations/{id}":                   {In: allowedRoles(superv, head, official), Out: nobody, object: "evaluation"}, // a colleague: who, to comment
		"POST /evaluations/{id}/self":             {In: nobody, Out: nobody, object: "evaluation"},
		"POST /evaluations/{id}/comment":          {In: allowedRoles(official), Out: nobody, object: "evaluation"},
		"POST /evaluations/{id}/propose":          {In: readers, Out: nobody, object: "evaluation"},
		"POST /evaluations/{id}/decide":           {In: heads, Out: nobody, object: "evaluation"},
		"POST /evaluations/{id}/notify":           {In: heads, Out: nobody, object: "evaluation"},
		"POST /evaluations/{id}/complaint":        {In: nobody, Out: nobody, object: "evaluation"},
		"POST /evaluations/{id}/settle":           {In: heads, Out: nobody, object: "evaluation"},
		"GET /evaluations/{id}/form.pdf":          {In: readers, Out: nobody, object: "evaluation"},
		"GET /evaluations/{id}/form.docx":         {In: readers, Out: nobody, object: "evaluation"},
		"GET /evaluations/table.pdf":              {In: readers},
		"GET /evaluations/table.docx":             {In: readers},
		"GET /evaluations/table.xlsx":             {In: readers},
		"GET /evaluations/products":               {In: heads},
		"POST /evaluations/products":              {In: heads},
		"POST /evaluations/products/{id}/confirm": {In: heads, Out: nobody, object: "evalproduct"},
		"POST /evaluations/products/{id}/cancel":  {In: heads, Out: nobody, object: "evalproduct"},
		"POST /evaluations/products/{id}/report":  {In: nobody, Out: nobody, object: "evalproduct"},
		"GET /evaluations/units":                  {In: readers},
		"POST /evaluations/units":                 {In: heads},
		"GET /settings/evaluation-rules":          {In: signedIn},
		"POST /settings/evaluation-rules":         {In: nobody}, // national administrators only
	} {
		authzTable[k] = v
	}
}

// evalYear is the year the tests evaluate (Decree 335/2025 for civil
// servants).
func evalYearNow() int { return time.Now().In(congvu.TimeZone).Year() }

// headOf returns the username of the head of unit (created once).
func (e *env) headOf(unit string) string {
	e.t.Helper()
	name := "truong-" + strings.NewReplacer(".", "-").Replace(strings.ToLower(unit))
	if _, err := e.svc.Users.CreateUser(sysCtx(), org.UserInput{Username: name, FullName: "Thủ Trưởng " + unit, Password: testPassword, Active: true,
		Grants: []congvu.Grant{{Role: congvu.RoleUnitHead, UnitID: e.units[unit].ID}}}); err != nil && congvu.ErrorCode(err) != congvu.ECONFLICT {
		e.t.Fatal(err)
	}
	return name
}

// evaluationOf opens the year of o's unit as its head and returns o's
// evaluation.
func (e *env) evaluationOf(o *org.Official, unit string) *evaluation.Evaluation {
	e.t.Helper()
	ctx := e.actorCtx(e.headOf(unit))
	if _, err := e.svc.Evaluations.OpenYear(ctx, o.UnitID, evalYearNow()); err != nil {
		e.t.Fatalf("open year: %v %v", err, congvu.ErrorFields(err))
	}
	list, _, err := e.svc.Evaluations.FindEvaluations(ctx, evaluation.Filter{UnitID: o.UnitID, Year: evalYearNow(), Limit: 500})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, ev := range list {
		if ev.OfficialID == o.ID {
			return ev
		}
	}
	e.t.Fatalf("no evaluation of %s", o.FullName)
	return nil
}

// productOf assigns o a product of the year as the head of unit.
func (e *env) productOf(o *org.Official, unit string, points float64) *evaluation.Product {
	e.t.Helper()
	p, err := e.svc.Evaluations.AssignProduct(e.actorCtx(e.headOf(unit)), evaluation.ProductInput{OfficialID: o.ID, Year: evalYearNow(),
		PeriodKind: evaluation.PeriodMonth, Period: 3, Title: "Báo cáo tổng hợp hồ sơ tháng 3", Points: points})
	if err != nil {
		e.t.Fatalf("assign: %v %v", err, congvu.ErrorFields(err))
	}
	return p
}

// evaluationObjects are the authorization table's evaluations and products
// of other (34.SNV) and far (01).
func evaluationObjects(e *env, other, far *org.Official) (evIn, evOut, prIn, prOut string) {
	return itoa(e.evaluationOf(other, "34.SNV").ID), itoa(e.evaluationOf(far, "01").ID),
		itoa(e.productOf(other, "34.SNV", 10).ID), itoa(e.productOf(far, "01", 10).ID)
}

// fullMarks are the posted points of every general criterion at its
// maximum, under the rule set of e.
func (e *env) fullMarks(ev *evaluation.Evaluation) url.Values {
	e.t.Helper()
	sets, err := e.svc.Evaluations.RuleSets(sysCtx())
	if err != nil {
		e.t.Fatal(err)
	}
	v := url.Values{}
	for _, rs := range sets {
		if rs.ID == ev.RuleSetID {
			for _, c := range rs.General {
				v.Set("g_"+c.Code, strings.ReplaceAll(strconv.FormatFloat(c.Max, 'f', -1, 64), ".", ","))
			}
		}
	}
	if len(v) == 0 {
		e.t.Fatalf("no criteria for rule set %d", ev.RuleSetID)
	}
	return v
}

// evalFlowEnv is 34.SNV with two civil servants, Lan (with an account)
// and Minh, their 2026 evaluations open, each with a product reported
// and confirmed (the 70 task points).
func evalFlowEnv(t *testing.T) (e *env, lan, minh *org.Official, evLan, evMinh *evaluation.Evaluation) {
	e = newEnv(t)
	lan = e.mkOfficial("34.SNV", "SNV-21", "Nguyễn Thị Lan", "Chuyên viên")
	minh = e.mkOfficial("34.SNV", "SNV-22", "Trần Văn Minh", "Chuyên viên")
	e.mkUser("lan", congvu.RoleOfficial, "34.SNV", lan.ID)
	e.mkUser("minh", congvu.RoleOfficial, "34.SNV", minh.ID)
	evLan, evMinh = e.evaluationOf(lan, "34.SNV"), e.evaluationOf(minh, "34.SNV")
	head := e.actorCtx(e.headOf("34.SNV"))
	for _, x := range []struct {
		o    *org.Official
		user string
	}{{lan, "lan"}, {minh, "minh"}} {
		p := e.productOf(x.o, "34.SNV", 10)
		if _, err := e.svc.Evaluations.ReportProduct(e.actorCtx(x.user), p.ID, "Đã nộp đúng hạn."); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Evaluations.ConfirmProduct(head, p.ID, evaluation.ConfirmInput{}); err != nil {
			t.Fatal(err)
		}
	}
	return
}

// The official self-assesses on their page, a colleague comments, the
// head reads the evidence beside the form, proposes and decides; the
// official then reads the decision; the list shows the level and the
// quota; every step is in the history.
func TestEvaluationCycle(t *testing.T) {
	e, lan, _, evLan, _ := evalFlowEnv(t)
	href := "/evaluations/" + itoa(evLan.ID)
	me := e.client().login("lan")
	me.get("/evaluations/mine").want(t, http.StatusOK, "Phiếu đánh giá năm", "Tự đánh giá", "Báo cáo tổng hợp hồ sơ tháng 3", "Đã xác nhận")
	// A bad self-assessment keeps the input and names the fields.
	bad := e.fullMarks(evLan)
	for k := range bad {
		bad.Set(k, "99")
		break
	}
	bad.Set("text", "Hoàn thành 48/50 hồ sơ đúng hạn.")
	me.post(href+"/self", bad).want(t, http.StatusBadRequest, "Điểm phải là số từ 0 đến", "Xin chọn một mức xếp loại.", "Hoàn thành 48/50 hồ sơ đúng hạn.")
	good := e.fullMarks(evLan)
	good.Set("level", "excellent")
	good.Set("text", "Hoàn thành 48/50 hồ sơ đúng hạn.")
	r := me.post(href+"/self", good)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("self-assessment: %d\n%s", r.StatusCode, r.Body)
	}
	// A colleague of the same unit reads who and where, not the points,
	// and comments.
	colleague := e.client().login("minh")
	colleague.get(href).want(t, http.StatusOK, "Góp ý", "Nguyễn Thị Lan").lacks(t, "Hoàn thành 48/50", "Minh chứng trong năm", "Phiếu đánh giá, xếp loại (PDF)")
	colleague.post(href+"/comment", url.Values{}).want(t, http.StatusBadRequest, "Xin nhập nội dung nhận xét.")
	r = colleague.post(href+"/comment", url.Values{"comment": {"Chị Lan hỗ trợ đồng nghiệp tận tình."}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("colleague's comment: %d %s\n%s", r.StatusCode, r.Header.Get("Location"), r.Body)
	}
	// The colleague finds it on their own page without a link from anyone;
	// the one evaluated does not find their own there.
	colleague.get("/evaluations/mine").want(t, http.StatusOK, "Góp ý cho đồng nghiệp", `href="`+href+`#f-y-kien"`, "Nguyễn Thị Lan")
	me.get("/evaluations/mine").lacks(t, `href="`+href+`#f-y-kien"`)
	// Lan trained this year: her evidence says so.
	hctx := e.actorCtx(e.headOf("34.SNV"))
	today := congvu.Date(time.Now())
	c, err := e.svc.Training.CreateCampaign(hctx, training.CampaignInput{UnitID: lan.UnitID, Title: "Quán triệt Đề án văn hóa công vụ",
		Audience: training.AudienceNamed, OfficialIDs: []int64{lan.ID}, Reason: "Bồi dưỡng bổ sung", StartsOn: today, EndsOn: today, Hours: 4})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Training.OpenCampaign(hctx, c.ID); err != nil {
		t.Fatal(err)
	}
	sess, err := e.svc.Training.CreateSession(hctx, training.SessionInput{CampaignID: c.ID, Title: "Tự học", Mode: training.ModeOnline})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Training.Mark(hctx, sess.ID, []int64{lan.ID}); err != nil {
		t.Fatal(err)
	}
	head := e.client().login(e.headOf("34.SNV"))
	page := head.get(href).want(t, http.StatusOK, "Minh chứng trong năm", "Đánh giá của người dân", "Phản ánh có cơ sở",
		"Đã hoàn thành 1/1 đợt bồi dưỡng bắt buộc; đạt 0 bài kiểm tra; 4 giờ được tính",
		"Vi phạm, xử lý, kỷ luật", "Kết quả nhiệm vụ", "Báo cáo tổng hợp hồ sơ tháng 3", "Chấm điểm và đề xuất xếp loại",
		"Chị Lan hỗ trợ đồng nghiệp tận tình.", "Hoàn thành 48/50 hồ sơ đúng hạn.")
	page.lacks(t, "Quyết định xếp loại</h2>") // not before the proposal
	prop := e.fullMarks(evLan)
	prop.Set("level", "good")
	prop.Set("note", "Hoàn thành tốt, cần chủ động hơn.")
	if r := head.post(href+"/propose", prop); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("propose: %d\n%s", r.StatusCode, r.Body)
	}
	// Once proposed, the collective's time is over: no longer listed.
	colleague.get("/evaluations/mine").lacks(t, `href="`+href+`#f-y-kien"`)
	head.get(href+"?ok=dg-de-xuat").want(t, http.StatusOK, "Đã ghi đề xuất xếp loại.", "Quyết định xếp loại", "Còn được xếp loại xuất sắc:", "Người đánh giá chấm")
	if r := head.post(href+"/decide", url.Values{"level": {"good"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("decide: %d\n%s", r.StatusCode, r.Body)
	}
	if r := head.post(href+"/notify", url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("notify: %d\n%s", r.StatusCode, r.Body)
	}
	head.get(href).want(t, http.StatusOK, "Lịch sử", "Tự đánh giá", "Đề xuất xếp loại", "Quyết định xếp loại", "Thông báo kết quả xếp loại")
	// The official reads the decision and may complain; no history, no
	// forms of the evaluator.
	mine := me.get(href).want(t, http.StatusOK, "Hoàn thành tốt nhiệm vụ", "Khiếu nại kết quả xếp loại")
	mine.lacks(t, "Lịch sử", "Chấm điểm và đề xuất xếp loại", "Ghi kết quả giải quyết")
	// The official complains; the head settles it, changing the level.
	me.post(href+"/complaint", url.Values{}).want(t, http.StatusBadRequest, "Xin ghi nội dung khiếu nại")
	if r := me.post(href+"/complaint", url.Values{"text": {"Tôi đạt 100 điểm, đề nghị xem xét mức xuất sắc."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("complaint: %d\n%s", r.StatusCode, r.Body)
	}
	head.get(href).want(t, http.StatusOK, "Tôi đạt 100 điểm", "Giải quyết khiếu nại", "Đang giải quyết")
	// The colleagues' time is over: they learn nothing more of it, not
	// even that she complained.
	colleague.get(href).want(t, http.StatusNotFound).lacks(t, evaluation.StatusComplained.Label(), lan.FullName)
	head.post(href+"/settle", url.Values{"outcome": {"change"}}).want(t, http.StatusBadRequest, "Xin chọn mức xếp loại mới.", "Xin ghi nội dung trả lời")
	if r := head.post(href+"/settle", url.Values{"outcome": {"change"}, "new_level": {"completed"}, "answer": {"Đã xem xét lại."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("settle: %d\n%s", r.StatusCode, r.Body)
	}
	me.get(href).want(t, http.StatusOK, "Đổi thành: <strong>Hoàn thành nhiệm vụ</strong>", "Đã xem xét lại.")
	head.get("/evaluations?don-vi=34.SNV&nam="+strconv.Itoa(evalYearNow())).want(t, http.StatusOK, lan.FullName,
		"<strong>Hoàn thành nhiệm vụ</strong>", "Còn được xếp loại xuất sắc:", "Kết quả xếp loại", "<svg")
	// Filters: diacritics-insensitive search, level, a bad status.
	list := "/evaluations?don-vi=34.SNV&nam=" + strconv.Itoa(evalYearNow())
	head.get(list+"&q=nguyen+thi+lan").want(t, http.StatusOK, lan.FullName).lacks(t, "Trần Văn Minh")
	head.get(list+"&xep-loai=completed").want(t, http.StatusOK, lan.FullName).lacks(t, "Trần Văn Minh")
	head.get(list+"&trang-thai=gi-do").want(t, http.StatusBadRequest, "Xin chọn một trạng thái trong danh sách.")
	for _, ext := range []string{"pdf", "docx"} {
		r := me.get(href + "/form." + ext)
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Header.Get("Content-Disposition"), "phieu-danh-gia") {
			t.Errorf("form.%s for the official: %d %s", ext, r.StatusCode, r.Header.Get("Content-Disposition"))
		}
	}
	for _, ext := range []string{"pdf", "docx", "xlsx"} {
		r := head.get("/evaluations/table." + ext + "?unit=34.SNV&year=" + strconv.Itoa(evalYearNow()))
		if r.StatusCode != http.StatusOK || len(r.Body) < 500 {
			t.Errorf("table.%s: %d (%d bytes)", ext, r.StatusCode, len(r.Body))
		}
	}
}

// Deciding "excellent" beyond the unit's quota is refused with the quota
// in words, the input kept, and nothing saved.
func TestEvaluationQuotaMessage(t *testing.T) {
	e, _, _, evLan, evMinh := evalFlowEnv(t)
	head := e.client().login(e.headOf("34.SNV"))
	for _, ev := range []*evaluation.Evaluation{evLan, evMinh} {
		user := "lan"
		if ev == evMinh {
			user = "minh"
		}
		self := e.fullMarks(ev)
		self.Set("level", "excellent")
		self.Set("text", "Hoàn thành xuất sắc.")
		if r := e.client().login(user).post("/evaluations/"+itoa(ev.ID)+"/self", self); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("self: %d\n%s", r.StatusCode, r.Body)
		}
		prop := e.fullMarks(ev)
		prop.Set("level", "excellent")
		if r := head.post("/evaluations/"+itoa(ev.ID)+"/propose", prop); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("propose: %d\n%s", r.StatusCode, r.Body)
		}
	}
	// Two rated good or better: 20% allows none.
	href := "/evaluations/" + itoa(evLan.ID)
	head.get(href).want(t, http.StatusOK, "Còn được xếp loại xuất sắc: <strong>0</strong>")
	r := head.post(href+"/decide", url.Values{"level": {"excellent"}, "note": {"Xuất sắc nhất phòng."}})
	r.want(t, http.StatusBadRequest, "Đơn vị đã đủ chỉ tiêu hoàn thành xuất sắc nhiệm vụ", "tối đa 0/2", "Xuất sắc nhất phòng.")
	got, err := e.svc.Evaluations.FindEvaluation(e.actorCtx(e.headOf("34.SNV")), evLan.ID)
	if err != nil || got.Level != "" || got.Status != evaluation.StatusProposed {
		t.Fatalf("after the refused decision: %+v, %v", got, err)
	}
}

// An official opens only their own evaluation: another unit's official
// finds nobody's, a colleague of the unit reads neither the points nor
// the form (PDF, DOCX) and may not self-assess for another; a colleague
// of another unit may not comment; a unit head may not propose in a
// sibling unit; an administrator reads no evaluation.
func TestEvaluationRefusals(t *testing.T) {
	e, _, _, evLan, _ := evalFlowEnv(t)
	href := "/evaluations/" + itoa(evLan.ID)
	sib := siblingHead(e) // creates 34.STP
	stranger := e.mkOfficial("34.STP", "STP-1", "Lê Thị Hoa", "Chuyên viên")
	e.mkUser("hoa", congvu.RoleOfficial, "34.STP", stranger.ID)
	hoa := e.client().login("hoa")
	for _, p := range []string{href, href + "/form.pdf", href + "/form.docx"} {
		r := hoa.get(p)
		if r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusForbidden {
			t.Errorf("%s as an official of another unit: %d", p, r.StatusCode)
		}
		r.lacks(t, "Nguyễn Thị Lan")
	}
	colleague := e.client().login("minh")
	for _, p := range []string{href + "/form.pdf", href + "/form.docx"} {
		if r := colleague.get(p); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s as a colleague: %d", p, r.StatusCode)
		}
	}
	if r := colleague.post(href+"/self", e.fullMarks(evLan)); r.StatusCode != http.StatusForbidden {
		t.Errorf("a colleague self-assesses for another: %d", r.StatusCode)
	}
	colleague.get("/evaluations").want(t, http.StatusForbidden)
	// A colleague of another unit.
	r := hoa.post(href+"/comment", url.Values{"comment": {"Tôi không cùng đơn vị."}})
	if r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusForbidden {
		t.Errorf("a colleague of another unit comments: %d\n%s", r.StatusCode, r.Body)
	}
	full, err := e.svc.Evaluations.FindEvaluation(e.actorCtx(e.headOf("34.SNV")), evLan.ID)
	if err != nil || len(full.Comments) != 0 {
		t.Fatalf("comments after the refusal: %+v, %v", full, err)
	}
	// The head of the sibling unit reads and proposes nothing here.
	sib.get(href).lacks(t, "Nguyễn Thị Lan")
	if r := sib.post(href+"/propose", e.fullMarks(evLan)); r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusForbidden {
		t.Errorf("a sibling head proposes: %d", r.StatusCode)
	}
	// An administrator reads no evaluation.
	e.client().login("admin").get(href).lacks(t, "Nguyễn Thị Lan")
}

// The manager assigns a product (errors per field, input kept), the
// official reports it done, the manager confirms a progress failure and
// the page shows the 25% it costs.
func TestEvaluationProducts(t *testing.T) {
	e := newEnv(t)
	lan := e.mkOfficial("34.SNV", "SNV-21", "Nguyễn Thị Lan", "Chuyên viên")
	e.mkUser("lan", congvu.RoleOfficial, "34.SNV", lan.ID)
	head := e.client().login(e.headOf("34.SNV"))
	year := strconv.Itoa(evalYearNow())
	head.get("/evaluations/products?don-vi=34.SNV&nam="+year).want(t, http.StatusOK, "Chưa có sản phẩm nào được giao", "Giao sản phẩm", "25% số điểm")
	head.post("/evaluations/products", url.Values{"don-vi": {"34.SNV"}, "nam": {year}, "official": {itoa(lan.ID)}, "period_kind": {"quarter"},
		"period": {"7"}, "title": {"Rà soát thủ tục hành chính"}, "points": {"-1"}}).
		want(t, http.StatusBadRequest, "Một năm có 4 quý.", "Trọng số phải là số lớn hơn 0", "Rà soát thủ tục hành chính")
	head.post("/evaluations/products", url.Values{"don-vi": {"34.SNV"}, "nam": {year}, "official": {itoa(lan.ID)}, "period_kind": {"month"},
		"period": {"2"}, "title": {"Rà soát"}, "points": {"NaN"}}).want(t, http.StatusBadRequest, "Trọng số phải là số lớn hơn 0")
	r := head.post("/evaluations/products", url.Values{"don-vi": {"34.SNV"}, "nam": {year}, "official": {itoa(lan.ID)}, "period_kind": {"quarter"},
		"period": {"2"}, "title": {"Rà soát thủ tục hành chính"}, "points": {"20"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("assign: %d\n%s", r.StatusCode, r.Body)
	}
	list, _, err := e.svc.Evaluations.FindProducts(e.actorCtx(e.headOf("34.SNV")), evaluation.ProductFilter{OfficialID: lan.ID, Year: evalYearNow()})
	if err != nil || len(list) != 1 {
		t.Fatalf("products: %v %v", list, err)
	}
	pid := itoa(list[0].ID)
	me := e.client().login("lan")
	me.get("/evaluations/mine").want(t, http.StatusOK, "Rà soát thủ tục hành chính", "Quý 2", "Báo cáo hoàn thành")
	if r := me.post("/evaluations/products/"+pid+"/report", url.Values{"report_note": {"Đã rà soát 35 thủ tục."}, "nam": {year}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("report: %d\n%s", r.StatusCode, r.Body)
	}
	head.get("/evaluations/products?don-vi=34.SNV&nam="+year).want(t, http.StatusOK, "Đã rà soát 35 thủ tục.", "Chậm tiến độ (−5 điểm)")
	if r := head.post("/evaluations/products/"+pid+"/confirm", url.Values{"don-vi": {"34.SNV"}, "nam": {year}, "progress_failed": {"on"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d\n%s", r.StatusCode, r.Body)
	}
	head.get("/evaluations/products?don-vi=34.SNV&nam="+year).want(t, http.StatusOK, "Chậm tiến độ: −5")
	// Another official may not report it.
	minh := e.mkOfficial("34.SNV", "SNV-22", "Trần Văn Minh", "Chuyên viên")
	e.mkUser("minh", congvu.RoleOfficial, "34.SNV", minh.ID)
	if r := e.client().login("minh").post("/evaluations/products/"+pid+"/report", url.Values{}); r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusForbidden {
		t.Errorf("another official reports: %d", r.StatusCode)
	}
}

// The empty states say what to do next; the rule sets are readable by
// every signed-in user; the agencies' page records a classification.
func TestEvaluationEmptyStatesRulesAndUnits(t *testing.T) {
	e := newEnv(t)
	head := e.client().login(e.headOf("34.SNV"))
	year := strconv.Itoa(evalYearNow())
	head.get("/evaluations").want(t, http.StatusOK, "Chưa có phiếu đánh giá năm", "Mở đánh giá năm "+year)
	lan := e.mkOfficial("34.SNV", "SNV-21", "Nguyễn Thị Lan", "Chuyên viên")
	e.mkUser("lan", congvu.RoleOfficial, "34.SNV", lan.ID)
	e.client().login("lan").get("/evaluations/mine").want(t, http.StatusOK, "Chưa mở đánh giá năm "+year+" cho anh/chị", "Chưa có sản phẩm nào được giao")
	if r := head.post("/evaluations/open", url.Values{"don-vi": {"34.SNV"}, "nam": {year}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("open: %d\n%s", r.StatusCode, r.Body)
	}
	head.get("/evaluations?don-vi=34.SNV&nam="+year+"&ok=dg-mo-nam").want(t, http.StatusOK, "Đã mở đánh giá năm", "Nguyễn Thị Lan", "Chờ tự đánh giá")
	head.post("/evaluations/open", url.Values{"don-vi": {"KHONG-CO"}, "nam": {year}}).want(t, http.StatusBadRequest, "KHONG-CO")
	e.client().login("lan").get("/settings/evaluation-rules").want(t, http.StatusOK, "Nghị định 335/2025/NĐ-CP", "Tiêu chí chung").lacks(t, "Thêm quy định")
	admin := e.client().login("admin")
	admin.get("/settings/evaluation-rules").want(t, http.StatusOK, "Thêm quy định")
	// A national administrator adds a set from next year, from a copy.
	rs := evaluation.RuleSetFor(evaluation.DefaultRuleSets(), org.CategoryCivilServant, evalYearNow())
	body, _ := json.Marshal(struct {
		Categories []org.Category `json:"categories"`
		evaluation.RuleSetBody
	}{rs.Categories, rs.Body()})
	next := strconv.Itoa(evalYearNow() + 1)
	form := url.Values{"code": {"335/2025-cc-sua"}, "title": {"Nghị định 335/2025/NĐ-CP (sửa đổi) — công chức"}, "basis": {"Nghị định sửa đổi, Điều 1."},
		"from_year": {next}, "rules": {"{không phải JSON"}}
	admin.post("/settings/evaluation-rules", form).want(t, http.StatusBadRequest, "Nội dung không đúng cú pháp JSON", "335/2025-cc-sua")
	form.Set("rules", string(body))
	form.Set("from_year", "2001")
	admin.post("/settings/evaluation-rules", form).want(t, http.StatusBadRequest, "chỉ áp dụng từ năm nay trở đi")
	form.Set("from_year", next)
	if r := admin.post("/settings/evaluation-rules", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add rule set: %d\n%s", r.StatusCode, r.Body)
	}
	e.client().login("lan").get("/settings/evaluation-rules").want(t, http.StatusOK, "Nghị định 335/2025/NĐ-CP (sửa đổi) — công chức", "từ "+next)
	// The province's head classifies 34.SNV.
	e.mkUser("truong-tinh", congvu.RoleUnitHead, "34", 0)
	prov := e.client().login("truong-tinh")
	prov.get("/evaluations/units?nam="+year).want(t, http.StatusOK, "Chưa có cơ quan, đơn vị nào được xếp loại")
	prov.post("/evaluations/units", url.Values{"unit_code": {"34.SNV"}, "nam": {year}}).want(t, http.StatusBadRequest, "Xin chọn một mức xếp loại.", "Xin ghi kết quả")
	if r := prov.post("/evaluations/units", url.Values{"unit_code": {"34.SNV"}, "nam": {year}, "level": {"good"}, "basis": {"Chỉ số hài lòng 91%."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("decide unit: %d\n%s", r.StatusCode, r.Body)
	}
	prov.get("/evaluations/units?nam="+year).want(t, http.StatusOK, "Sở Nội vụ tỉnh Thái Bình", "Hoàn thành tốt nhiệm vụ", "Chỉ số hài lòng 91%.")
}

// An official disciplined this year: the evaluator reads the rule that
// applies in words beside the form, with the cap, and a proposal above it
// is refused with that sentence, the input kept.
func TestEvaluationDisciplineCap(t *testing.T) {
	e, lan, _, evLan, _ := evalFlowEnv(t)
	c := e.disciplineCase(lan, "34.SNV")
	headCtx := e.actorCtx(e.headOf("34.SNV"))
	today := congvu.Date(e.db.Now())
	if _, err := e.svc.Discipline.RecordReview(headCtx, c.ID, "Chị Lan nhận khuyết điểm.", today); err != nil {
		t.Fatalf("review: %v %v", err, congvu.ErrorFields(err))
	}
	if _, err := e.svc.Discipline.Decide(headCtx, c.ID, violation.DecisionInput{Number: "15/QĐ-SNV", SignedOn: today, EffectiveOn: today,
		Form: violation.FormReprimand, Signer: "Trần Văn Bình, Giám đốc"}); err != nil {
		t.Fatalf("decide: %v %v", err, congvu.ErrorFields(err))
	}
	self := e.fullMarks(evLan)
	self.Set("level", "good")
	self.Set("text", "Hoàn thành nhiệm vụ được giao.")
	if r := e.client().login("lan").post("/evaluations/"+itoa(evLan.ID)+"/self", self); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("self: %d\n%s", r.StatusCode, r.Body)
	}
	head := e.client().login(e.headOf("34.SNV"))
	href := "/evaluations/" + itoa(evLan.ID)
	head.get(href).want(t, http.StatusOK, "Quy định áp dụng với minh chứng", "Bị kỷ luật khiển trách ngày "+today.Format("02/01/2006"),
		"15/QĐ-SNV", "Mức cao nhất được xếp: <strong>Không hoàn thành nhiệm vụ</strong>")
	prop := e.fullMarks(evLan)
	prop.Set("level", "good")
	prop.Set("note", "Đề xuất tốt.")
	head.post(href+"/propose", prop).want(t, http.StatusBadRequest, "Không thể xếp loại", "khiển trách", "Đề xuất tốt.")
}
