package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/evaluation"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// evalYear is the year the tests evaluate: the first under Decree
// 335/2025 for công chức (scored).
const evalYear = 2026

func init() {
	// The evaluation of 2026 of the table's official of commune A1 (a
	// civil servant, not a leader): read by those who hold
	// ActEvaluationView over A1 (supervisors and heads of A, the insider
	// too), never by administrators, inspectors, a colleague of the
	// official role nor the sibling commune's head; proposed by the
	// supervisors and heads of A, decided, notified and settled by the
	// head of A alone; commented on by colleagues (accounts whose record
	// lies in A1). Self-assessment and complaint are the official's own:
	// there the object is the official role's own evaluation.
	readers := azAllow(azSuperv, azHead, azInsider)
	for k, v := range map[string]apiAccess{
		"GET /evaluations":             {allowed: azAllow(azSuperv, azHead, azInsider, azSibling, azOfficial)},
		"POST /evaluations":            {allowed: readers},
		"GET /evaluations/mine/{year}": {allowed: azAllow(azOfficial, azInsider), object: "year"},
		// Every account may ask; the list holds only its colleagues'.
		"GET /evaluations/colleagues/{year}": {allowed: azSigned, object: "year"},
		"GET /evaluations/history/{id}":      {allowed: readers, object: "evaluation"},
		// A colleague (the official role, record in A1) reads who and
		// where, to comment (evaluation.ForColleague).
		"GET /evaluations/{id}":                  {allowed: azAllow(azSuperv, azHead, azInsider, azOfficial), object: "evaluation"},
		"POST /evaluations/{id}/self-assessment": {allowed: azAllow(azOfficial), object: "ownevaluation"},
		"POST /evaluations/{id}/comments":        {allowed: azAllow(azOfficial, azInsider), object: "evaluation"},
		"POST /evaluations/{id}/proposal":        {allowed: readers, object: "evaluation"},
		"POST /evaluations/{id}/decision":        {allowed: azAllow(azHead), object: "evaluation"},
		"POST /evaluations/{id}/notify":          {allowed: azAllow(azHead), object: "evaluation"},
		"POST /evaluations/{id}/complaint":       {allowed: azAllow(azOfficial), object: "ownevaluation"},
		"POST /evaluations/{id}/settle":          {allowed: azAllow(azHead), object: "evaluation"},
		"GET /evaluation-products":               {allowed: azAllow(azSuperv, azHead, azInsider, azSibling, azOfficial)},
		"POST /evaluation-products":              {allowed: azAllow(azHead)},
		"POST /evaluation-products/{id}/report":  {allowed: azAllow(azOfficial), object: "ownproduct"},
		"POST /evaluation-products/{id}/confirm": {allowed: azAllow(azHead), object: "product"},
		"POST /evaluation-products/{id}/cancel":  {allowed: azAllow(azHead), object: "product"},
		"GET /officials/{id}/evidence/{year}":    {allowed: readers, object: "official"},
		"GET /evaluation-quota":                  {allowed: azSigned}, // without unit: 400 for anyone signed in
		"GET /unit-evaluations":                  {allowed: azSigned}, // without unit_id: 400
		"POST /unit-evaluations":                 {allowed: azAllow(azHead)},
		"GET /evaluation-rule-sets":              {allowed: azSigned},
		"POST /evaluation-rule-sets":             {allowed: azAllow(azNational)},
	} {
		apiAuthzTable[k] = v
	}
}

// evaluationOf finds the evaluation of the year of the official with
// the employee code, as the holder of token.
func (f *azFixture) evaluationOf(t *testing.T, token, code string) *evaluation.Evaluation {
	t.Helper()
	var l struct {
		Items []*evaluation.Evaluation `json:"items"`
		Total int                      `json:"total"`
	}
	r := f.do("GET", fmt.Sprintf("/api/v1/evaluations?unit_id=%d&year=%d&q=%s", f.a1.ID, evalYear, code), token, nil)
	wantStatus(t, r, http.StatusOK, "list evaluations")
	r.decode(t, &l)
	if l.Total != 1 || len(l.Items) != 1 {
		t.Fatalf("evaluation of %s: %d found", code, l.Total)
	}
	return l.Items[0]
}

// assign gives the official a product of the month, as the head of A.
func (f *azFixture) assign(t *testing.T, officialID int64, month int, title string) *evaluation.Product {
	t.Helper()
	r := f.do("POST", "/api/v1/evaluation-products", f.headA, map[string]any{"official_id": officialID, "year": evalYear,
		"period_kind": "month", "period": month, "title": title, "points": 10})
	wantStatus(t, r, http.StatusCreated, "assign")
	var p evaluation.Product
	r.decode(t, &p)
	return &p
}

// evaluationObjects opens the year of commune A1 (as the head of A) and
// gives the table its evaluations and products.
func (f *azFixture) evaluationObjects(t *testing.T) map[string]string {
	t.Helper()
	wantStatus(t, f.do("POST", "/api/v1/evaluations", f.headA, map[string]any{"unit_id": f.a1.ID, "year": evalYear}), http.StatusOK, "open the year")
	obj := f.evaluationOf(t, f.headA, "A1-OBJ")
	own := f.evaluationOf(t, f.headA, "A1-OWN")
	return map[string]string{"evaluation": itoa(obj.ID), "ownevaluation": itoa(own.ID), "year": itoa(evalYear),
		"product":    itoa(f.assign(t, obj.OfficialID, 1, "Tiếp nhận hồ sơ một cửa tháng 1").ID),
		"ownproduct": itoa(f.assign(t, own.OfficialID, 1, "Báo cáo tổng hợp phản ánh tháng 1").ID)}
}

// general335 gives every general criterion of Decree 335/2025 its points.
func general335(points float64) []map[string]any {
	var out []map[string]any
	for _, c := range []string{evaluation.CritPolitics, evaluation.CritEthics, evaluation.CritCulture, evaluation.CritDiscipline,
		evaluation.CritService, evaluation.CritInnovation} {
		out = append(out, map[string]any{"code": c, "points": points})
	}
	return out
}

// evaluationBodies pass validation, so that authorization decides.
func (f *azFixture) evaluationBodies() map[string]any {
	return map[string]any{
		"POST /evaluations":                      map[string]any{"unit_id": f.a1.ID, "year": evalYear},
		"POST /evaluations/{id}/self-assessment": map[string]any{"general": general335(5), "level": "good", "text": "Hoàn thành các sản phẩm được giao đúng hạn."},
		"POST /evaluations/{id}/comments":        map[string]any{"text": "Đồng chí luôn tận tình hướng dẫn người dân."},
		"POST /evaluations/{id}/proposal":        map[string]any{"general": general335(5), "level": "good", "note": "Đề xuất hoàn thành tốt nhiệm vụ."},
		"POST /evaluations/{id}/decision":        map[string]any{"level": "good"},
		"POST /evaluations/{id}/complaint":       map[string]any{"text": "Tôi đề nghị xem xét lại mức xếp loại."},
		"POST /evaluations/{id}/settle":          map[string]any{"kept": true, "answer": "Giữ nguyên mức xếp loại."},
		"POST /evaluation-products": map[string]any{"official_id": f.object.ID, "year": evalYear, "period_kind": "month", "period": 2,
			"title": "Tiếp nhận hồ sơ một cửa tháng 2", "points": 10},
		"POST /evaluation-products/{id}/report":  map[string]any{"note": "Đã hoàn thành."},
		"POST /evaluation-products/{id}/confirm": map[string]any{"note": "Đạt."},
		"POST /evaluation-products/{id}/cancel":  map[string]any{"reason": "Nhiệm vụ chuyển cho bộ phận khác."},
		"POST /unit-evaluations":                 map[string]any{"unit_id": f.a1.ID, "year": evalYear, "level": "good", "basis": "Hoàn thành các chỉ tiêu năm."},
	}
}

// The cycle of an official's year through the API, on both engines: the
// head of province A opens the year of commune A1 (again: nothing more),
// assigns a product, the official reports it and the head confirms it;
// the official assesses themself, a colleague comments, the head
// proposes with full points; excellent is refused by the quota (409 with
// the figures, nothing saved); good is decided and notified; the official
// reads their own evaluation, complains, the head settles; the history
// says what happened. Another official of the unit does not find the
// evaluation, an administrator is refused the list and the evaluation.
func TestEvaluationCycleAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAZFixture(t, db)
		var opened evaluation.OpenResult
		r := f.do("POST", "/api/v1/evaluations", f.headA, map[string]any{"unit_id": f.a1.ID, "year": evalYear})
		wantStatus(t, r, http.StatusOK, "open the year")
		r.decode(t, &opened)
		if opened.Opened != 4 || opened.Existing != 0 {
			t.Fatalf("opened %+v, want the 4 officials of A1", opened)
		}
		f.do("POST", "/api/v1/evaluations", f.headA, map[string]any{"unit_id": f.a1.ID, "year": evalYear}).decode(t, &opened)
		if opened.Opened != 0 || opened.Existing != 4 {
			t.Errorf("opened again %+v", opened)
		}
		e := f.evaluationOf(t, f.headA, "A1-OBJ")
		path := fmt.Sprintf("/api/v1/evaluations/%d", e.ID)
		self := f.staffToken("canbo.tam", f.object.ID, congvu.Grant{Role: congvu.RoleOfficial, UnitID: f.a1.ID})

		p := f.assign(t, f.object.ID, 3, "Giải quyết hồ sơ một cửa tháng 3")
		ppath := fmt.Sprintf("/api/v1/evaluation-products/%d", p.ID)
		wantStatus(t, f.do("POST", ppath+"/confirm", f.tokens[azOfficial], map[string]any{"note": "Đạt."}), http.StatusNotFound, "a colleague confirms")
		wantStatus(t, f.do("POST", ppath+"/report", self, map[string]any{"note": "Đã giải quyết 120 hồ sơ đúng hạn."}), http.StatusOK, "report")
		r = f.do("POST", ppath+"/confirm", f.headA, map[string]any{"note": "Đạt chất lượng, đúng tiến độ."})
		wantStatus(t, r, http.StatusOK, "confirm")
		r.decode(t, p)
		if p.Status != evaluation.ProductConfirmed {
			t.Errorf("confirmed product %+v", p)
		}
		var products struct {
			Items []evaluation.Product `json:"items"`
			Total int                  `json:"total"`
		}
		f.do("GET", fmt.Sprintf("/api/v1/evaluation-products?year=%d", evalYear), self, nil).decode(t, &products)
		if products.Total != 1 || products.Items[0].ID != p.ID {
			t.Errorf("the official's products: %+v", products)
		}

		wantStatus(t, f.do("POST", path+"/self-assessment", self, map[string]any{"general": general335(5), "level": "excellent",
			"text": "Hoàn thành toàn bộ sản phẩm được giao đúng hạn, bảo đảm chất lượng."}), http.StatusOK, "self-assessment")
		// While the collective comments, a colleague of the unit sees who
		// and where: no points, no self-assessment, no comments.
		var seen evaluation.Evaluation
		r = f.do("GET", path, f.tokens[azOfficial], nil)
		wantStatus(t, r, http.StatusOK, "a colleague reads the evaluation")
		r.decode(t, &seen)
		if seen.Level != "" || seen.Proposed != "" || seen.Self != nil || seen.Total != 0 || len(seen.Comments) != 0 || len(seen.General) != 0 {
			t.Errorf("a colleague reads %s", r.Body)
		}
		// The colleague finds it to comment on; the official does not find
		// their own, nor the sibling commune's head.
		var col struct {
			Items []evaluation.Evaluation `json:"items"`
		}
		f.do("GET", fmt.Sprintf("/api/v1/evaluations/colleagues/%d", evalYear), f.tokens[azOfficial], nil).decode(t, &col)
		found := false
		for _, it := range col.Items {
			found = found || it.ID == e.ID
			if it.Self != nil || it.Total != 0 || len(it.Comments) != 0 || it.UnitID != e.UnitID {
				t.Errorf("a colleague's list shows more than who and where: %+v", it)
			}
		}
		if !found {
			t.Errorf("the colleague does not find the evaluation to comment on: %+v", col.Items)
		}
		for _, who := range []string{"self", azSibling} {
			tok := f.tokens[who]
			if who == "self" {
				tok = self
			}
			col.Items = nil
			f.do("GET", fmt.Sprintf("/api/v1/evaluations/colleagues/%d", evalYear), tok, nil).decode(t, &col)
			for _, it := range col.Items {
				if it.ID == e.ID {
					t.Errorf("%s finds the evaluation among their colleagues'", who)
				}
			}
		}
		wantStatus(t, f.do("POST", path+"/comments", f.tokens[azOfficial], map[string]any{"text": "Đồng chí Tâm luôn tận tình với người dân."}),
			http.StatusOK, "a colleague comments")
		wantStatus(t, f.do("POST", path+"/comments", self, map[string]any{"text": "Tôi tự nhận xét."}), http.StatusForbidden, "the official comments on themself")
		r = f.do("POST", path+"/proposal", f.headA, map[string]any{"general": general335(5), "level": "excellent", "note": "Đề xuất hoàn thành xuất sắc."})
		wantStatus(t, r, http.StatusOK, "proposal")
		r.decode(t, e)
		if e.Status != evaluation.StatusProposed || e.Total != 100 || len(e.Comments) != 1 {
			t.Fatalf("proposed %+v", e)
		}

		var q evaluation.Quota
		r = f.do("GET", fmt.Sprintf("/api/v1/evaluation-quota?unit=%d&year=%d", f.a1.ID, evalYear), f.headA, nil)
		wantStatus(t, r, http.StatusOK, "quota")
		r.decode(t, &q)
		if q.Base != 1 || q.Allowed != 0 || q.Remaining != 0 || q.Pct != 20 || q.Rule == "" {
			t.Errorf("quota %+v", q)
		}
		wantStatus(t, f.do("GET", fmt.Sprintf("/api/v1/evaluation-quota?unit=%d&year=%d", f.a1.ID, evalYear), f.admin, nil),
			http.StatusNotFound, "an administrator reads the quota")

		r = f.do("POST", path+"/decision", f.headA, map[string]any{"level": "excellent", "note": "Xuất sắc."})
		wantStatus(t, r, http.StatusConflict, "excellent above the quota")
		if e := r.err(t); e.Error.Code != congvu.ECONFLICT || !strings.Contains(e.Error.Message, "tối đa 0/1") {
			t.Errorf("quota refusal %+v", e.Error)
		}
		f.do("GET", path, f.headA, nil).decode(t, e)
		if e.Status != evaluation.StatusProposed || e.Level != "" {
			t.Fatalf("a refused decision saved something: %+v", e)
		}
		wantStatus(t, f.do("POST", path+"/decision", f.tokens[azSuperv], map[string]any{"level": "good"}), http.StatusForbidden, "a supervisor decides")
		wantStatus(t, f.do("POST", path+"/decision", f.headA, map[string]any{"level": "good", "note": "Hoàn thành tốt."}), http.StatusOK, "decide")
		wantStatus(t, f.do("POST", path+"/notify", f.headA, nil), http.StatusOK, "notify")

		r = f.do("GET", fmt.Sprintf("/api/v1/evaluations/mine/%d", evalYear), self, nil)
		wantStatus(t, r, http.StatusOK, "the official reads their own")
		r.decode(t, e)
		if e.Level != evaluation.LevelGood || e.Status != evaluation.StatusNotified {
			t.Errorf("the official's own %+v", e)
		}
		wantStatus(t, f.do("GET", path, self, nil), http.StatusOK, "the official reads their own by id")
		wantStatus(t, f.do("GET", fmt.Sprintf("/api/v1/evaluations/mine/%d", evalYear), f.tokens[azSibling], nil), http.StatusNotFound, "no evaluation open in A2")
		// Once the collective's time is over, a colleague reads nothing,
		// not even where the cycle stands.
		wantStatus(t, f.do("GET", path, f.tokens[azOfficial], nil), http.StatusNotFound, "a colleague reads the evaluation after the proposal")
		stranger := f.staffToken("canbo.b", f.offB.ID, congvu.Grant{Role: congvu.RoleOfficial, UnitID: f.b.ID})
		for who, tok := range map[string]string{"an official of province B": stranger, azSibling: f.tokens[azSibling],
			azNational: f.tokens[azNational], azAdmin: f.tokens[azAdmin], azInspect: f.tokens[azInspect]} {
			r := f.do("GET", path, tok, nil)
			wantStatus(t, r, http.StatusNotFound, who+" reads the evaluation")
			if strings.Contains(string(r.Body), f.object.FullName) {
				t.Errorf("%s: the refusal names the official", who)
			}
		}
		for _, role := range []string{azNational, azAdmin} {
			wantStatus(t, f.do("GET", "/api/v1/evaluations", f.tokens[role], nil), http.StatusForbidden, role+" lists evaluations")
			wantStatus(t, f.do("GET", "/api/v1/evaluation-products", f.tokens[role], nil), http.StatusForbidden, role+" lists products")
		}

		wantStatus(t, f.do("POST", path+"/complaint", self, map[string]any{"text": "Tôi đề nghị xem xét lại: mọi sản phẩm đều đạt."}), http.StatusOK, "complaint")
		r = f.do("POST", path+"/settle", f.headA, map[string]any{"kept": true, "answer": "Đơn vị đã đủ tỷ lệ hoàn thành xuất sắc; giữ nguyên."})
		wantStatus(t, r, http.StatusOK, "settle")
		r.decode(t, e)
		if e.Status != evaluation.StatusSettled || e.Complaint == nil || !e.Complaint.Kept {
			t.Errorf("settled %+v", e)
		}

		var hist struct {
			Items []struct {
				Kind string `json:"kind"`
			} `json:"items"`
		}
		r = f.do("GET", fmt.Sprintf("/api/v1/evaluations/history/%d", e.ID), f.headA, nil)
		wantStatus(t, r, http.StatusOK, "history")
		r.decode(t, &hist)
		var kinds []string
		for _, h := range hist.Items {
			kinds = append(kinds, h.Kind)
		}
		for _, k := range []string{"evaluation.self", "evaluation.comment", "evaluation.propose", "evaluation.decide", "evaluation.notify",
			"evaluation.complain", "evaluation.settle"} {
			if !slices.Contains(kinds, k) {
				t.Errorf("history lacks %s: %v", k, kinds)
			}
		}
		wantStatus(t, f.do("GET", fmt.Sprintf("/api/v1/evaluations/history/%d", e.ID), f.tokens[azOfficial], nil), http.StatusNotFound, "a colleague reads the history")
	})
}

// Bad input through the API gets Vietnamese field errors and saves
// nothing: a level that is none, a year out of range, a product without
// a title; the agency's own classification is decided by the level
// above; the rule sets are read by anyone signed in.
func TestEvaluationAPIRefusesBadInput(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAZFixture(t, db)
		for _, c := range []struct {
			path, field string
			body        map[string]any
		}{
			{"/api/v1/evaluations", "year", map[string]any{"unit_id": f.a1.ID, "year": 1999}},
			{"/api/v1/evaluation-products", "title", map[string]any{"official_id": f.object.ID, "year": evalYear, "period_kind": "month", "period": 1, "points": 10}},
			{"/api/v1/evaluation-products", "due_on", map[string]any{"official_id": f.object.ID, "year": evalYear, "period_kind": "month", "period": 1,
				"points": 10, "title": "Sản phẩm", "due_on": "31/01/2026"}},
			{"/api/v1/unit-evaluations", "level", map[string]any{"unit_id": f.a1.ID, "year": evalYear, "level": "tot", "basis": "Hoàn thành."}},
		} {
			r := f.do("POST", c.path, f.headA, c.body)
			wantStatus(t, r, http.StatusBadRequest, c.path+" "+c.field)
			if e := r.err(t); e.Error.Fields[c.field] == "" {
				t.Errorf("%s: no error on %s: %+v", c.path, c.field, e.Error)
			}
		}
		var products struct {
			Total int `json:"total"`
		}
		f.do("GET", fmt.Sprintf("/api/v1/evaluation-products?unit_id=%d&year=%d", f.a1.ID, evalYear), f.headA, nil).decode(t, &products)
		if products.Total != 0 {
			t.Errorf("refused products saved: %d", products.Total)
		}
		r := f.do("GET", "/api/v1/evaluations?status=xong", f.headA, nil)
		wantStatus(t, r, http.StatusBadRequest, "a status that is none")
		if e := r.err(t); e.Error.Fields["status"] == "" {
			t.Errorf("bad status: %+v", e.Error)
		}

		wantStatus(t, f.do("POST", "/api/v1/unit-evaluations", f.tokens[azSibling], map[string]any{"unit_id": f.a2.ID, "year": evalYear,
			"level": "good", "basis": "Hoàn thành các chỉ tiêu năm."}), http.StatusForbidden, "an agency classifies itself")
		r = f.do("POST", "/api/v1/unit-evaluations", f.headA, map[string]any{"unit_id": f.a1.ID, "year": evalYear, "level": "good",
			"basis": "Hoàn thành các chỉ tiêu năm, không có phản ánh có cơ sở."})
		wantStatus(t, r, http.StatusCreated, "the province classifies the commune")
		var units struct {
			Items []evaluation.UnitEvaluation `json:"items"`
		}
		f.do("GET", fmt.Sprintf("/api/v1/unit-evaluations?unit_id=%d&year=%d", f.a.ID, evalYear), f.headA, nil).decode(t, &units)
		if len(units.Items) != 1 || units.Items[0].UnitID != f.a1.ID || units.Items[0].Level != evaluation.LevelGood {
			t.Errorf("unit evaluations %+v", units)
		}

		var sets struct {
			Items []evaluation.RuleSet `json:"items"`
		}
		r = f.do("GET", "/api/v1/evaluation-rule-sets", f.tokens[azOfficial], nil)
		wantStatus(t, r, http.StatusOK, "rule sets")
		r.decode(t, &sets)
		if !slices.ContainsFunc(sets.Items, func(rs evaluation.RuleSet) bool { return rs.Scored && rs.QuotaPct == 20 }) {
			t.Errorf("rule sets %+v", sets.Items)
		}
		wantStatus(t, f.do("POST", "/api/v1/evaluation-rule-sets", f.headA, map[string]any{"code": "thu", "title": "Thử"}), http.StatusForbidden,
			"a unit head adds a rule set")
	})
}

// The cap through the API, on both engines: the official of A1 is
// disciplined with khiển trách this year; the evidence summary says the
// rule that applies, naming the decision; a proposal above the cap is
// refused (400) naming the decision and saves nothing; not completed is
// proposed.
func TestEvaluationCapAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAZFixture(t, db)
		today := time.Now().In(congvu.TimeZone)
		year, day := today.Year(), today.Format(time.DateOnly)
		cpath := "/api/v1/discipline-cases/" + itoa(f.openCase(f.object, f.headA))
		wantStatus(t, f.do("POST", cpath+"/review", f.headA, map[string]any{"minutes": "Đồng chí Tâm nhận khuyết điểm.", "on": day}), http.StatusOK, "review")
		wantStatus(t, f.do("POST", cpath+"/decision", f.headA, map[string]any{"number": "15/QĐ-UBND", "signed_on": day, "effective_on": day,
			"form": "reprimand", "signer": "Trần Văn Bình, Chủ tịch"}), http.StatusOK, "discipline decision")

		var sum evaluation.Summary
		f.do("GET", fmt.Sprintf("/api/v1/officials/%d/evidence/%d", f.object.ID, year), f.headA, nil).decode(t, &sum)
		if sum.Cap != evaluation.LevelNotCompleted || len(sum.Applied) == 0 || !strings.Contains(sum.Applied[0].Text, "15/QĐ-UBND") {
			t.Fatalf("the summary's rule: cap %q, %+v", sum.Cap, sum.Applied)
		}

		wantStatus(t, f.do("POST", "/api/v1/evaluations", f.headA, map[string]any{"unit_id": f.a1.ID, "year": year}), http.StatusOK, "open the year")
		var l struct {
			Items []*evaluation.Evaluation `json:"items"`
		}
		f.do("GET", fmt.Sprintf("/api/v1/evaluations?unit_id=%d&year=%d&q=A1-OBJ", f.a1.ID, year), f.headA, nil).decode(t, &l)
		if len(l.Items) != 1 {
			t.Fatalf("evaluation of A1-OBJ: %+v", l.Items)
		}
		path := fmt.Sprintf("/api/v1/evaluations/%d", l.Items[0].ID)
		self := f.staffToken("canbo.tam", f.object.ID, congvu.Grant{Role: congvu.RoleOfficial, UnitID: f.a1.ID})
		wantStatus(t, f.do("POST", path+"/self-assessment", self, map[string]any{"general": general335(5), "level": "completed",
			"text": "Tôi đã sửa chữa khuyết điểm."}), http.StatusOK, "self-assessment")
		r := f.do("POST", path+"/proposal", f.headA, map[string]any{"general": general335(5), "level": "completed"})
		wantStatus(t, r, http.StatusBadRequest, "a proposal above the cap")
		if e := r.err(t); e.Error.Code != congvu.EINVALID || !strings.Contains(e.Error.Message+fmt.Sprint(e.Error.Fields), "15/QĐ-UBND") {
			t.Errorf("the refusal does not name the decision: %+v", e.Error)
		}
		var e evaluation.Evaluation
		f.do("GET", path, f.headA, nil).decode(t, &e)
		if e.Status != evaluation.StatusSelfAssessed || e.Proposed != "" {
			t.Fatalf("a refused proposal saved something: %+v", e)
		}
		r = f.do("POST", path+"/proposal", f.headA, map[string]any{"general": general335(5), "level": "not_completed", "note": "Bị kỷ luật trong năm."})
		wantStatus(t, r, http.StatusOK, "proposal under the cap")
		r.decode(t, &e)
		if e.Proposed != evaluation.LevelNotCompleted || e.Cap != evaluation.LevelNotCompleted || !strings.Contains(e.CapReason, "15/QĐ-UBND") {
			t.Errorf("proposed %+v", e)
		}
	})
}
