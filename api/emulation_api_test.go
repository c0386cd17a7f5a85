package api_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/emulation"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

func init() {
	// The 2026–2030 movement of province A, open, with a cluster of its
	// communes; commune A1 registered as a collective for 2026; a title
	// proposed for an official of A1 (Lao động tiên tiến: the commune
	// decides it, and none of the table's roles heads A1). Read by who
	// sees A's subtree (administrators and inspectors too); movements,
	// clusters and reviews managed by home-affairs staff of A;
	// registrations by supervisors and heads over A1; hand scores by
	// supervisors, never of their own unit (the insider's record lies in
	// A1); titles proposed by supervisors and heads over A1.
	viewers := azAllow(azNational, azAdmin, azSuperv, azHead, azInspect, azInsider, azSibling)
	viewA1 := azAllow(azNational, azAdmin, azSuperv, azHead, azInspect, azInsider)
	managers := azAllow(azSuperv, azInsider)
	overA1 := azAllow(azSuperv, azHead, azInsider)
	for k, v := range map[string]apiAccess{
		"GET /emulation/movements":                       {allowed: azSigned},
		"POST /emulation/movements":                      {allowed: managers},
		"GET /emulation/movements/{id}":                  {allowed: viewers, object: "movement"},
		"PUT /emulation/movements/{id}":                  {allowed: managers, object: "movement"},
		"POST /emulation/movements/{id}/open":            {allowed: managers, object: "movement"},
		"POST /emulation/movements/{id}/close":           {allowed: managers, object: "movement"},
		"GET /emulation/movements/{id}/clusters":         {allowed: viewers, object: "movement"},
		"POST /emulation/movements/{id}/clusters":        {allowed: managers, object: "movement"},
		"GET /emulation/movements/{id}/reviews":          {allowed: viewers, object: "movement"},
		"POST /emulation/movements/{id}/reviews":         {allowed: managers, object: "movement"},
		"GET /emulation/movements/{id}/reviews/{review}": {allowed: viewers, object: "movement"},
		"GET /emulation/registrations":                   {allowed: azSigned},
		"POST /emulation/registrations":                  {allowed: overA1},
		"POST /emulation/registrations/{id}/withdraw":    {allowed: overA1, object: "registration"},
		"GET /emulation/registrations/{id}/score/{year}": {allowed: viewA1, object: "registration"},
		"POST /emulation/scores":                         {allowed: azAllow(azSuperv)},
		"POST /emulation/scores/compute":                 {allowed: managers},
		"GET /emulation/ranking":                         {allowed: azSigned}, // without movement_id: 400
		"GET /emulation/titles":                          {allowed: azSigned},
		"POST /emulation/titles":                         {allowed: overA1, hidden: "unit_id"},
		"GET /emulation/titles/suggestions":              {allowed: azSigned}, // without unit_id: 400
		"GET /emulation/titles/{id}":                     {allowed: viewA1, object: "title"},
		"POST /emulation/titles/{id}/decision":           {allowed: azAllow(), object: "title"},
		"GET /emulation/title-rule-sets":                 {allowed: azSigned},
		"POST /emulation/title-rule-sets":                {allowed: azAllow(azNational)},
	} {
		apiAuthzTable[k] = v
	}
}

// movementBody is a valid movement of province A over 2026–2030 with the
// office-culture criteria.
func (f *azFixture) movementBody() map[string]any {
	return map[string]any{"unit_id": f.a.ID, "title": "Phong trào thi đua xây dựng văn hóa công vụ giai đoạn 2026–2030",
		"content": "Nâng cao chất lượng phục vụ Nhân dân.", "from_year": 2026, "to_year": 2030, "interim_year": 2028,
		"criteria": emulation.OfficeCultureCriteria()}
}

// openMovement creates and opens the movement as the holder of token.
func (f *azFixture) openMovement(t *testing.T, token string) *emulation.Movement {
	t.Helper()
	r := f.do("POST", "/api/v1/emulation/movements", token, f.movementBody())
	wantStatus(t, r, http.StatusCreated, "create movement")
	var m emulation.Movement
	r.decode(t, &m)
	if r.Header.Get("Location") != "/api/v1/emulation/movements/"+itoa(m.ID) {
		t.Errorf("Location %q", r.Header.Get("Location"))
	}
	r = f.do("POST", fmt.Sprintf("/api/v1/emulation/movements/%d/open", m.ID), token, nil)
	wantStatus(t, r, http.StatusOK, "open movement")
	r.decode(t, &m)
	return &m
}

// register registers a subject for 2026 as the head of A.
func (f *azFixture) register(t *testing.T, movementID int64, subject emulation.Subject, officialID int64, title string) *emulation.Registration {
	t.Helper()
	r := f.do("POST", "/api/v1/emulation/registrations", f.headA, map[string]any{"movement_id": movementID, "year": evalYear,
		"subject": subject, "unit_id": f.a1.ID, "official_id": officialID, "title": title, "pledge": "Không để xảy ra vi phạm văn hóa công vụ."})
	wantStatus(t, r, http.StatusCreated, "register")
	var reg emulation.Registration
	r.decode(t, &reg)
	return &reg
}

// decideGood takes the 2026 evaluation of the official with the
// employee code (record of the account of ownToken) to "good": the year
// opened, a product done and confirmed, the self-assessment, the
// proposal and the decision of the head of A.
func (f *azFixture) decideGood(t *testing.T, officialID int64, code, ownToken string) {
	t.Helper()
	wantStatus(t, f.do("POST", "/api/v1/evaluations", f.headA, map[string]any{"unit_id": f.a1.ID, "year": evalYear}), http.StatusOK, "open the year")
	p := f.assign(t, officialID, 2, "Tiếp nhận hồ sơ tháng 2")
	wantStatus(t, f.do("POST", fmt.Sprintf("/api/v1/evaluation-products/%d/report", p.ID), ownToken, map[string]any{"note": "Xong."}), http.StatusOK, "report")
	wantStatus(t, f.do("POST", fmt.Sprintf("/api/v1/evaluation-products/%d/confirm", p.ID), f.headA, map[string]any{}), http.StatusOK, "confirm")
	path := fmt.Sprintf("/api/v1/evaluations/%d", f.evaluationOf(t, f.headA, code).ID)
	wantStatus(t, f.do("POST", path+"/self-assessment", ownToken, map[string]any{"general": general335(4), "level": "good", "text": "Hoàn thành nhiệm vụ."}),
		http.StatusOK, "self-assessment")
	wantStatus(t, f.do("POST", path+"/proposal", f.headA, map[string]any{"general": general335(4), "level": "good"}), http.StatusOK, "proposal")
	wantStatus(t, f.do("POST", path+"/decision", f.headA, map[string]any{"level": "good"}), http.StatusOK, "decision")
}

// proposeLDTT proposes Lao động tiên tiến of 2026 for the official of A1
// as the head of A.
func (f *azFixture) proposeLDTT(t *testing.T, movementID, officialID int64) *emulation.TitleProposal {
	t.Helper()
	r := f.do("POST", "/api/v1/emulation/titles", f.headA, map[string]any{"movement_id": movementID, "year": evalYear,
		"title": emulation.TitleLaoDongTienTien, "unit_id": f.a1.ID, "official_id": officialID, "reason": "Hoàn thành tốt nhiệm vụ, không vi phạm."})
	wantStatus(t, r, http.StatusCreated, "propose a title")
	var p emulation.TitleProposal
	r.decode(t, &p)
	return &p
}

// emulationObjects gives the table its movement, registration, review
// and title proposal (after evaluationObjects: the year is open).
func (f *azFixture) emulationObjects(t *testing.T) map[string]string {
	t.Helper()
	m := f.openMovement(t, f.tokens[azSuperv])
	reg := f.register(t, m.ID, emulation.Collective, 0, emulation.TitleTapTheLaoDongTienTien)
	wantStatus(t, f.do("POST", "/api/v1/emulation/scores/compute", f.tokens[azSuperv], map[string]any{"movement_id": m.ID, "year": evalYear}),
		http.StatusOK, "compute")
	r := f.do("POST", fmt.Sprintf("/api/v1/emulation/movements/%d/reviews", m.ID), f.tokens[azSuperv], f.reviewBody())
	wantStatus(t, r, http.StatusCreated, "review")
	var rv emulation.Review
	r.decode(t, &rv)
	f.decideGood(t, f.offA1.ID, "A1-001", f.subject)
	p := f.proposeLDTT(t, m.ID, f.offA1.ID)
	var manual int64
	for _, c := range m.Criteria {
		if c.Subject == emulation.Collective && c.Source == emulation.SourceManual {
			manual = c.ID
		}
	}
	return map[string]string{"movement": itoa(m.ID), "registration": itoa(reg.ID), "review": itoa(rv.ID), "title": itoa(p.ID),
		"criterion": itoa(manual)}
}

func (f *azFixture) reviewBody() map[string]any {
	return map[string]any{"kind": "interim", "year": evalYear, "held_on": time.Now().In(congvu.TimeZone).Format(time.DateOnly),
		"text": "Sơ kết năm đầu của phong trào: kết quả, hạn chế, bài học."}
}

// emulationBodies pass validation, so that authorization decides, on the
// objects of emulationObjects.
func (f *azFixture) emulationBodies(objects map[string]string) map[string]any {
	id := func(k string) int64 {
		n, _ := strconv.ParseInt(objects[k], 10, 64)
		return n
	}
	return map[string]any{
		"POST /emulation/movements":               f.movementBody(),
		"PUT /emulation/movements/{id}":           f.movementBody(),
		"POST /emulation/movements/{id}/clusters": map[string]any{"title": "Cụm các xã", "unit_ids": []int64{f.a1.ID, f.a2.ID}},
		"POST /emulation/movements/{id}/reviews":  f.reviewBody(),
		"POST /emulation/registrations": map[string]any{"movement_id": id("movement"), "year": evalYear, "subject": "collective", "unit_id": f.a1.ID,
			"title": emulation.TitleTapTheLaoDongTienTien, "pledge": "Không để xảy ra vi phạm."},
		"POST /emulation/registrations/{id}/withdraw": map[string]any{"reason": "Đơn vị sáp nhập."},
		"POST /emulation/scores":                      map[string]any{"registration_id": id("registration"), "year": evalYear, "criterion_id": id("criterion"), "points": 5, "reason": "Có sáng kiến về một cửa."},
		"POST /emulation/scores/compute":              map[string]any{"movement_id": id("movement"), "year": evalYear},
		"POST /emulation/titles": map[string]any{"movement_id": id("movement"), "year": evalYear, "title": emulation.TitleLaoDongTienTien, "unit_id": f.a1.ID, "official_id": f.offA1.ID,
			"reason": "Hoàn thành tốt nhiệm vụ."},
		"POST /emulation/titles/{id}/decision": map[string]any{"approve": true, "number": "5/QĐ-UBND", "date": time.Now().In(congvu.TimeZone).Format(time.DateOnly)},
	}
}

// The main task of a movement through the API, on both engines: home-
// affairs staff of province A launch the movement with its criteria and a
// cluster; the head of A registers commune A1 and one of its officials
// (twice: 409); the scores are computed; a hand score without a reason
// is a field error, by the insider (record in A1) refused, by a
// supervisor kept with its reason; the ranking and the explanation say
// the same; a title whose checks fail is refused saying which; one whose
// checks hold is proposed and decided by the commune's head with the
// reward of the day's base salary; a registration is withdrawn.
func TestEmulationAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAZFixture(t, db)
		superv := f.tokens[azSuperv]
		bad := f.movementBody()
		bad["criteria"] = emulation.OfficeCultureCriteria()[:2]
		r := f.do("POST", "/api/v1/emulation/movements", superv, bad)
		wantStatus(t, r, http.StatusBadRequest, "weights not summing to 100")
		if e := r.err(t); e.Error.Fields["criteria"] == "" {
			t.Errorf("bad criteria: %+v", e.Error)
		}
		m := f.openMovement(t, superv)
		if m.Status != emulation.MovementOpen || len(m.Criteria) != len(emulation.OfficeCultureCriteria()) {
			t.Fatalf("opened movement %+v", m)
		}
		mpath := fmt.Sprintf("/api/v1/emulation/movements/%d", m.ID)
		wantStatus(t, f.do("POST", mpath+"/clusters", superv, map[string]any{"title": "Cụm các xã", "unit_ids": []int64{f.a1.ID, f.a2.ID}}),
			http.StatusCreated, "cluster")

		reg := f.register(t, m.ID, emulation.Collective, 0, emulation.TitleTapTheLaoDongTienTien)
		r = f.do("POST", "/api/v1/emulation/registrations", f.headA, map[string]any{"movement_id": m.ID, "year": evalYear, "subject": "collective",
			"unit_id": f.a1.ID, "title": emulation.TitleTapTheLaoDongTienTien, "pledge": "Lần hai."})
		wantStatus(t, r, http.StatusConflict, "registered twice")
		ind := f.register(t, m.ID, emulation.Individual, f.object.ID, emulation.TitleLaoDongTienTien)

		var res emulation.ComputeResult
		r = f.do("POST", "/api/v1/emulation/scores/compute", superv, map[string]any{"movement_id": m.ID, "year": evalYear})
		wantStatus(t, r, http.StatusOK, "compute")
		r.decode(t, &res)
		if res.Scored != 2 {
			t.Errorf("computed %+v", res)
		}
		var manual int64
		for _, c := range m.Criteria {
			if c.Subject == emulation.Collective && c.Source == emulation.SourceManual {
				manual = c.ID
			}
		}
		hand := map[string]any{"registration_id": reg.ID, "year": evalYear, "criterion_id": manual, "points": 8}
		r = f.do("POST", "/api/v1/emulation/scores", superv, hand)
		wantStatus(t, r, http.StatusBadRequest, "a hand score without a reason")
		if e := r.err(t); e.Error.Code != congvu.EINVALID || e.Error.Fields["reason"] == "" {
			t.Errorf("no reason: %+v", e.Error)
		}
		hand["reason"] = "Mô hình một cửa thân thiện được nhân rộng."
		wantStatus(t, f.do("POST", "/api/v1/emulation/scores", f.tokens[azInsider], hand), http.StatusForbidden, "scoring one's own unit")
		r = f.do("POST", "/api/v1/emulation/scores", superv, hand)
		wantStatus(t, r, http.StatusOK, "hand score")

		var ranking struct {
			Items []emulation.Score `json:"items"`
		}
		r = f.do("GET", fmt.Sprintf("/api/v1/emulation/ranking?movement_id=%d&year=%d&subject=collective", m.ID, evalYear), superv, nil)
		wantStatus(t, r, http.StatusOK, "ranking")
		r.decode(t, &ranking)
		if len(ranking.Items) != 1 || ranking.Items[0].RegistrationID != reg.ID || ranking.Items[0].Rank != 1 {
			t.Fatalf("ranking %+v", ranking.Items)
		}
		var sc emulation.Score
		r = f.do("GET", fmt.Sprintf("/api/v1/emulation/registrations/%d/score/%d", reg.ID, evalYear), f.headA, nil)
		wantStatus(t, r, http.StatusOK, "explain")
		r.decode(t, &sc)
		found := false
		for _, l := range sc.Lines {
			if l.CriterionID == manual {
				found = l.Manual && l.Points == 8 && strings.Contains(l.Reason, "một cửa")
			}
		}
		if !found || sc.Total != ranking.Items[0].Total {
			t.Errorf("explained %+v, ranked %+v", sc, ranking.Items[0])
		}
		wantStatus(t, f.do("GET", fmt.Sprintf("/api/v1/emulation/registrations/%d/score/%d", reg.ID, evalYear), f.tokens[azSibling], nil),
			http.StatusNotFound, "the sibling commune reads A1's score")

		r = f.do("POST", "/api/v1/emulation/titles", f.headA, map[string]any{"movement_id": m.ID, "year": evalYear, "title": emulation.TitleLaoDongTienTien,
			"unit_id": f.a1.ID, "official_id": f.object.ID, "reason": "Đề nghị."})
		wantStatus(t, r, http.StatusBadRequest, "a title whose checks fail")
		if e := r.err(t); !strings.Contains(e.Error.Message, "Hoàn thành tốt") {
			t.Errorf("the refusal does not say which check fails: %+v", e.Error)
		}
		f.decideGood(t, f.offA1.ID, "A1-001", f.subject)
		var sugg struct {
			Items []emulation.TitleSuggestion `json:"items"`
		}
		r = f.do("GET", fmt.Sprintf("/api/v1/emulation/titles/suggestions?unit_id=%d&year=%d", f.a1.ID, evalYear), f.headA, nil)
		wantStatus(t, r, http.StatusOK, "suggestions")
		r.decode(t, &sugg)
		eligible := false
		for _, s := range sugg.Items {
			eligible = eligible || (s.OfficialID == f.offA1.ID && s.Title == emulation.TitleLaoDongTienTien && s.Eligible)
		}
		if !eligible {
			t.Errorf("suggestions %+v", sugg.Items)
		}
		p := f.proposeLDTT(t, m.ID, f.offA1.ID)
		if p.Status != emulation.ProposalProposed || p.CompetentUnitID != f.a1.ID {
			t.Fatalf("proposal %+v", p)
		}
		tpath := fmt.Sprintf("/api/v1/emulation/titles/%d", p.ID)
		decision := map[string]any{"approve": true, "number": "12/QĐ-UBND", "date": time.Now().In(congvu.TimeZone).Format(time.DateOnly)}
		wantStatus(t, f.do("POST", tpath+"/decision", f.headA, decision), http.StatusForbidden, "the province decides a commune's title")
		headA1 := f.staffToken("chutich.a1", 0, congvu.Grant{Role: congvu.RoleUnitHead, UnitID: f.a1.ID})
		decision["date"] = "05/01/2026"
		wantStatus(t, f.do("POST", tpath+"/decision", headA1, decision), http.StatusBadRequest, "a date not yyyy-mm-dd")
		decision["date"] = time.Now().In(congvu.TimeZone).Format(time.DateOnly)
		r = f.do("POST", tpath+"/decision", headA1, decision)
		wantStatus(t, r, http.StatusOK, "decide the title")
		r.decode(t, p)
		// 0,3 × 2.340.000 = 702.000, rounded up to the ten thousand as
		// commendations are.
		if p.Status != emulation.ProposalApproved || p.Amount != 710000 || p.DecisionNumber != "12/QĐ-UBND" {
			t.Errorf("decided %+v", p)
		}

		r = f.do("POST", fmt.Sprintf("/api/v1/emulation/registrations/%d/withdraw", ind.ID), f.headA, map[string]any{"reason": "Cán bộ chuyển công tác."})
		wantStatus(t, r, http.StatusOK, "withdraw")
		var w emulation.Registration
		r.decode(t, &w)
		if !w.Withdrawn {
			t.Errorf("withdrawn %+v", w)
		}
		var sets struct {
			Items []emulation.TitleRuleSet `json:"items"`
		}
		r = f.do("GET", "/api/v1/emulation/title-rule-sets", f.tokens[azOfficial], nil)
		wantStatus(t, r, http.StatusOK, "title rule sets")
		r.decode(t, &sets)
		if len(sets.Items) == 0 || len(sets.Items[0].Titles) != 4 {
			t.Errorf("title rule sets %+v", sets.Items)
		}
	})
}

// The end of a movement through the API, on both engines: the movement of
// the last six years cannot end before its final review (409); the final
// review freezes its figures and is read back under its movement (and
// not under another); the movement then ends; the sibling commune's head
// reads it, the official role does not manage it.
func TestEmulationReviewAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAZFixture(t, db)
		superv := f.tokens[azSuperv]
		last := time.Now().In(congvu.TimeZone).Year() - 1
		body := f.movementBody()
		body["title"], body["from_year"], body["to_year"], body["interim_year"] = "Phong trào văn hóa công vụ giai đoạn trước", last-6, last, last-3
		r := f.do("POST", "/api/v1/emulation/movements", superv, body)
		wantStatus(t, r, http.StatusCreated, "create")
		var m emulation.Movement
		r.decode(t, &m)
		mpath := fmt.Sprintf("/api/v1/emulation/movements/%d", m.ID)
		wantStatus(t, f.do("POST", mpath+"/open", superv, nil), http.StatusOK, "open")
		other := f.openMovement(t, superv)

		wantStatus(t, f.do("POST", mpath+"/close", superv, nil), http.StatusConflict, "close before the final review")
		review := map[string]any{"kind": "final", "year": last, "held_on": "15/12/2025",
			"text": "Tổng kết phong trào: kết quả, hạn chế, bài học kinh nghiệm."}
		r = f.do("POST", mpath+"/reviews", superv, review)
		wantStatus(t, r, http.StatusBadRequest, "a day not yyyy-mm-dd")
		if e := r.err(t); e.Error.Fields["held_on"] == "" {
			t.Errorf("bad day: %+v", e.Error)
		}
		review["held_on"] = time.Now().In(congvu.TimeZone).Format(time.DateOnly)
		wantStatus(t, f.do("POST", mpath+"/reviews", f.tokens[azOfficial], review), http.StatusNotFound, "the official role reviews")
		r = f.do("POST", mpath+"/reviews", superv, review)
		wantStatus(t, r, http.StatusCreated, "final review")
		var rv emulation.Review
		r.decode(t, &rv)
		if rv.Kind != emulation.ReviewFinal || len(rv.Figures.Years) == 0 || r.Header.Get("Location") != fmt.Sprintf("%s/reviews/%d", mpath, rv.ID) {
			t.Fatalf("review %+v at %q", rv, r.Header.Get("Location"))
		}
		wantStatus(t, f.do("GET", r.Header.Get("Location"), f.tokens[azSibling], nil), http.StatusOK, "the sibling reads the review")
		wantStatus(t, f.do("GET", fmt.Sprintf("/api/v1/emulation/movements/%d/reviews/%d", other.ID, rv.ID), superv, nil), http.StatusNotFound,
			"the review under another movement")
		r = f.do("POST", mpath+"/close", superv, nil)
		wantStatus(t, r, http.StatusOK, "close")
		r.decode(t, &m)
		if m.Status != emulation.MovementClosed {
			t.Errorf("closed %+v", m)
		}
		var l struct {
			Items []emulation.Movement `json:"items"`
		}
		f.do("GET", "/api/v1/emulation/movements?status=closed", f.tokens[azSibling], nil).decode(t, &l)
		if len(l.Items) != 1 || l.Items[0].ID != m.ID {
			t.Errorf("the sibling's closed movements %+v", l.Items)
		}
	})
}

// The reads and edits the other tests leave aside, on both engines: a
// draft movement is edited and read, an open one keeps its criteria; the clusters, reviews, registrations
// and title proposals are listed; a proposal is read by who sees A1 and
// not by the sibling commune; a task product is cancelled with its
// reason; the national administrator adds an evaluation rule set and a
// title rule set from next year, which a unit head may not.
func TestEmulationAPIListsAndEdits(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAZFixture(t, db)
		superv := f.tokens[azSuperv]
		r := f.do("POST", "/api/v1/emulation/movements", superv, f.movementBody())
		wantStatus(t, r, http.StatusCreated, "create")
		var m emulation.Movement
		r.decode(t, &m)
		mpath := fmt.Sprintf("/api/v1/emulation/movements/%d", m.ID)
		edit := f.movementBody()
		edit["title"] = "Phong trào thi đua “Cán bộ thân thiện, vì Nhân dân phục vụ”"
		wantStatus(t, f.do("PUT", mpath, f.headA, edit), http.StatusForbidden, "a unit head edits")
		wantStatus(t, f.do("PUT", mpath, superv, edit), http.StatusOK, "edit the draft")
		f.do("GET", mpath, f.tokens[azInspect], nil).decode(t, &m)
		if m.Title != edit["title"] || m.Status != emulation.MovementDraft {
			t.Errorf("edited %+v", m)
		}
		wantStatus(t, f.do("POST", mpath+"/open", superv, nil), http.StatusOK, "open")
		// Open, its text may change, its criteria stay.
		edit["criteria"] = emulation.OfficeCultureCriteria()[:7]
		r = f.do("PUT", mpath, superv, edit)
		wantStatus(t, r, http.StatusOK, "edit an open movement")
		r.decode(t, &m)
		if len(m.Criteria) != len(emulation.OfficeCultureCriteria()) {
			t.Errorf("the criteria of an open movement changed: %d", len(m.Criteria))
		}
		wantStatus(t, f.do("POST", mpath+"/clusters", superv, map[string]any{"title": "Cụm các xã", "unit_ids": []int64{f.a1.ID, f.a2.ID}}),
			http.StatusCreated, "cluster")
		wantStatus(t, f.do("POST", mpath+"/reviews", superv, f.reviewBody()), http.StatusCreated, "interim review")
		reg := f.register(t, m.ID, emulation.Collective, 0, emulation.TitleTapTheLaoDongTienTien)
		f.decideGood(t, f.offA1.ID, "A1-001", f.subject)
		p := f.proposeLDTT(t, m.ID, f.offA1.ID)

		lists := map[string]int{
			mpath + "/clusters": 1, mpath + "/reviews": 1,
			fmt.Sprintf("/api/v1/emulation/registrations?movement_id=%d&year=%d", m.ID, evalYear): 1,
			fmt.Sprintf("/api/v1/emulation/titles?year=%d&unit_id=%d", evalYear, f.a1.ID):         1,
		}
		for path, want := range lists {
			var l struct {
				Items []struct {
					ID int64 `json:"id"`
				} `json:"items"`
			}
			r := f.do("GET", path, f.headA, nil)
			wantStatus(t, r, http.StatusOK, path)
			r.decode(t, &l)
			if len(l.Items) != want {
				t.Errorf("%s: %d items, want %d", path, len(l.Items), want)
			}
		}
		var regs struct {
			Items []emulation.Registration `json:"items"`
		}
		f.do("GET", fmt.Sprintf("/api/v1/emulation/registrations?movement_id=%d", m.ID), f.tokens[azSibling], nil).decode(t, &regs)
		for _, g := range regs.Items {
			if g.ID == reg.ID {
				t.Errorf("the sibling commune's head lists A1's registration")
			}
		}
		tpath := fmt.Sprintf("/api/v1/emulation/titles/%d", p.ID)
		var got emulation.TitleProposal
		r = f.do("GET", tpath, f.tokens[azInspect], nil)
		wantStatus(t, r, http.StatusOK, "an inspector reads the proposal")
		r.decode(t, &got)
		if got.ID != p.ID || len(got.Checks) == 0 {
			t.Errorf("proposal %+v", got)
		}
		wantStatus(t, f.do("GET", tpath, f.tokens[azSibling], nil), http.StatusNotFound, "the sibling reads the proposal")

		pr := f.assign(t, f.object.ID, 4, "Báo cáo tháng 4")
		r = f.do("POST", fmt.Sprintf("/api/v1/evaluation-products/%d/cancel", pr.ID), f.headA, map[string]any{"reason": "Nhiệm vụ chuyển cho bộ phận khác."})
		wantStatus(t, r, http.StatusOK, "cancel a product")
		r.decode(t, pr)
		if pr.Status != "cancelled" || pr.CancelReason == "" {
			t.Errorf("cancelled %+v", pr)
		}

		next := time.Now().In(congvu.TimeZone).Year() + 1
		var esets struct {
			Items []map[string]any `json:"items"`
		}
		f.do("GET", "/api/v1/evaluation-rule-sets", f.headA, nil).decode(t, &esets)
		var scored map[string]any
		for _, rs := range esets.Items {
			if rs["scored"] == true {
				scored = rs
			}
		}
		if scored == nil {
			t.Fatalf("no scored rule set: %+v", esets.Items)
		}
		scored["code"], scored["from_year"], scored["until_year"] = "thu-nghiem", next, 0
		wantStatus(t, f.do("POST", "/api/v1/evaluation-rule-sets", f.headA, scored), http.StatusForbidden, "a unit head adds an evaluation rule set")
		r = f.do("POST", "/api/v1/evaluation-rule-sets", f.admin, scored)
		wantStatus(t, r, http.StatusCreated, "the national administrator adds an evaluation rule set")
		var tsets struct {
			Items []map[string]any `json:"items"`
		}
		f.do("GET", "/api/v1/emulation/title-rule-sets", f.headA, nil).decode(t, &tsets)
		ts := tsets.Items[0]
		ts["title"], ts["from_year"], ts["until_year"] = "Danh hiệu thi đua (thử nghiệm)", next, 0
		wantStatus(t, f.do("POST", "/api/v1/emulation/title-rule-sets", f.headA, ts), http.StatusForbidden, "a unit head adds a title rule set")
		r = f.do("POST", "/api/v1/emulation/title-rule-sets", f.admin, ts)
		wantStatus(t, r, http.StatusCreated, "the national administrator adds a title rule set")
	})
}
