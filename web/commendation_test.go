package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/commendation"
	"congvu/org"
	"congvu/web"
)

// commendationObjects proposes, as the operator, a Giấy khen for an
// official of 34.SNV (decided by 34.SNV) and a Bằng khen of the province
// for one of province 01.
func commendationObjects(t *testing.T, e *env, in, out *org.Official) (string, string) {
	t.Helper()
	year := time.Now().In(congvu.TimeZone).Year()
	a, err := e.svc.Commendations.Propose(sysCtx(), commendation.ProposalInput{OfficialID: in.ID, Year: year, Form: commendation.FormGiayKhen,
		Reason: "Hoàn thành xuất sắc nhiệm vụ tiếp công dân"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.svc.Commendations.Propose(sysCtx(), commendation.ProposalInput{OfficialID: out.ID, Year: year, Form: commendation.FormBangKhenTinh,
		Reason: "Hoàn thành xuất sắc nhiệm vụ tiếp công dân"})
	if err != nil {
		t.Fatal(err)
	}
	return itoa(a.ID), itoa(b.ID)
}

// commendationEnv is the inspection environment (heads of 34.SNV and of
// its sibling 34.STP) with an official of 34.SNV rated very well this
// year: 120 ratings, 118 satisfied.
func commendationEnv(t *testing.T) (*env, *org.Official, int) {
	e := inspectionEnv(t)
	o, err := e.svc.Officials.CreateOfficial(sysCtx(), org.OfficialInput{UnitID: e.units["34.SNV"].ID, EmployeeCode: "SNV-077",
		FullName: "Phạm Thị Hồng Nhung", Category: org.CategoryCivilServant})
	if err != nil {
		t.Fatal(err)
	}
	year := time.Now().In(congvu.TimeZone).Year()
	if _, err := e.db.Write.Exec(`INSERT INTO rollup_official_day (official_id, day, total, very_satisfied, satisfied) VALUES ($1, $2, 120, 100, 18)`,
		o.ID, fmt.Sprintf("%d-01-15", year)); err != nil {
		t.Fatal(err)
	}
	return e, o, year
}

// The main task over HTTP: the unit head sees the suggestion, praises the
// official from it, proposes a Giấy khen (a bad form keeps its input and
// saves nothing), the sibling unit's head cannot decide it, the competent
// head approves it; the amount follows the base salary of the day; the
// documents are served.
func TestCommendationPraiseProposeDecide(t *testing.T) {
	e, o, year := commendationEnv(t)
	head := e.client().login("truongsnv")
	y := strconv.Itoa(year)
	head.get("/commendations").want(t, http.StatusOK, "Gợi ý năm "+y, o.FullName, "Chỉ số hài lòng 98,3% trên 120 lượt đánh giá")
	key := "o" + itoa(o.ID)
	head.get("/commendations/new?loai=praise&tu-goi-y="+key+"&nam="+y).want(t, http.StatusOK, `value="SNV-077"`, `value="ratings:0:`+itoa(o.ID)+`"`)
	r := head.post("/commendations/new", url.Values{"kind": {"praise"}, "official": {"SNV-077"}, "year": {y},
		"reason": {"Chỉ số hài lòng cao, tận tình với người dân"}, "evidence": {"ratings:0"}})
	r.want(t, http.StatusSeeOther)
	praise := strings.SplitN(r.Header.Get("Location"), "?", 2)[0]
	head.get(r.Header.Get("Location")).want(t, http.StatusOK, "Đã ghi nhận biểu dương", "Chỉ số hài lòng 98,3% trên 120 lượt đánh giá năm "+y)
	head.get("/commendations").want(t, http.StatusOK).lacks(t, "tu-goi-y="+key)

	count := func() int {
		var n int
		if err := e.db.Read.QueryRow(`SELECT COUNT(*) FROM commendations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	head.post("/commendations/new", url.Values{"kind": {"award"}, "official": {"SNV-077"}, "year": {"năm nay"}, "form": {"giay_khen"},
		"reason": {"Tận tụy"}}).want(t, http.StatusBadRequest, "Năm thành tích phải là một số", `value="năm nay"`, "Tận tụy",
		"Xin nêu thành tích") // every error at once, the domain's with the form's
	head.post("/commendations/new", url.Values{"kind": {"praise"}, "official": {"KHONG-CO"}, "year": {y}, "reason": {"x"}}).
		want(t, http.StatusBadRequest, "Không tìm thấy cán bộ có mã “KHONG-CO”", "Xin nêu thành tích")
	if count() != before {
		t.Fatal("a bad proposal was saved")
	}
	r = head.post("/commendations/new", url.Values{"kind": {"award"}, "official": {"SNV-077"}, "year": {y}, "form": {"giay_khen"},
		"reason": {"Hoàn thành xuất sắc nhiệm vụ tiếp công dân"}, "evidence": {"ratings:0"}})
	r.want(t, http.StatusSeeOther)
	href := strings.SplitN(r.Header.Get("Location"), "?", 2)[0]
	head.get(href).want(t, http.StatusOK, "Đã đề nghị, chờ quyết định", "Giấy khen", "to-trinh.pdf", "Khen thưởng")

	sibling := e.client().login("truongstp")
	sibling.post(href+"/decide", url.Values{"decision": {"approve"}, "number": {"9/QĐ-STP"}, "date": {time.Now().In(congvu.TimeZone).Format("02/01/2006")}}).
		want(t, http.StatusNotFound)
	head.post(href+"/decide", url.Values{"decision": {"approve"}, "number": {"12/QĐ-SNV"}, "date": {"31/02/2026"}}).
		want(t, http.StatusBadRequest, "Ngày không hợp lệ")
	head.post(href+"/decide", url.Values{"decision": {"approve"}, "number": {"12/QĐ-SNV"}, "date": {time.Now().In(congvu.TimeZone).Format("02/01/2006")}}).
		want(t, http.StatusSeeOther)
	head.get(href).want(t, http.StatusOK, "Đã quyết định khen thưởng", "12/QĐ-SNV", "710.000 đồng", "quyet-dinh.pdf")
	for _, doc := range []string{"to-trinh.pdf", "quyet-dinh.pdf", "to-trinh.docx", "quyet-dinh.docx"} {
		d := head.get(href+"/docs/"+doc).want(t, http.StatusOK)
		if !strings.HasPrefix(d.Body, "%PDF") && !strings.HasPrefix(d.Body, "PK") {
			t.Fatalf("%s: not a document", doc)
		}
	}
	head.get(href+"/docs/bao-cao.pdf").want(t, http.StatusNotFound)
	head.get(praise+"/docs/quyet-dinh.pdf").want(t, http.StatusNotFound)
	head.get("/settings/commendation-rules").want(t, http.StatusOK, "Nghị định 73/2024/NĐ-CP", "Chưa đối chiếu văn bản").lacks(t, "Thêm bộ quy định</h2>")
	head.get("/commendations?q=tiep+cong+dan").want(t, http.StatusOK, o.FullName)
}

// ParseEvidenceRef reads only what the form writes.
func FuzzParseEvidenceRef(f *testing.F) {
	for _, s := range []string{"ratings:0", "thanks:12", "petition:7", "inspection_kept:3", "thanks:0", "ratings:5", "x:1", ":", "thanks:-1", "thanks:01", "thanks:9223372036854775808"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, ok := web.ParseEvidenceRef(s)
		if !ok {
			return
		}
		if !commendation.EvidenceKindValid(e.Kind) || e.ID < 0 || (e.ID == 0) != (e.Kind == congvu.EvidenceRatings) {
			t.Fatalf("%q → %+v", s, e)
		}
		if back := e.Kind + ":" + strconv.FormatInt(e.ID, 10); back != s {
			t.Fatalf("%q read as %q", s, back)
		}
	})
}

// ParseRuleSetForm never panics on what an administrator posts, and a set
// it reads without complaint has the forms it was given.
func FuzzParseRuleSetForm(f *testing.F) {
	f.Add(`[{"code":"giay_khen","label":"Giấy khen","decider_levels":["commune"],"individual":true,"coefficient":0.3}]`, "2.340.000", "95,5", "100")
	f.Add(`{`, "x", "", "-1")
	f.Add(`[] []`, "1", "1e400", "1")
	f.Fuzz(func(t *testing.T, forms, salary, index, sample string) {
		form := web.NewForm(url.Values{"title": {"Mới"}, "valid_from": {"01/01/2030"}, "basis": {"Căn cứ"}, "forms": {forms},
			"salary": {salary}, "salary_from": {"01/07/2029"}, "min_index": {index}, "min_sample": {sample}, "round_to": {"10000"}})
		prev := commendation.DefaultRuleSets()[0]
		rs := web.ParseRuleSetForm(form, &prev)
		if form.Error("forms") == "" && strings.TrimSpace(forms) != "" && rs.Forms == nil && strings.TrimSpace(forms) != "null" && strings.TrimSpace(forms) != "[]" {
			t.Fatalf("forms %q read as nothing without an error", forms)
		}
		_ = rs.Validate(time.Time{})
	})
}
