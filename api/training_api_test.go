package api_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/training"
)

// Who may use the training endpoints. The objects: "tcampaign" an open
// campaign of commune A1 by the head of A (every official of A1 assigned:
// the official role, the insider), "tsession" its in-person session under
// way now, "tattempt" the official role's own attempt at its quiz,
// "tquestion" a question of the bank. Staff read and manage in their
// subtree (ActTrainingView: administrators, supervisors, heads,
// inspectors; ActTrainingManage: supervisors and heads); an official
// attends, studies and takes the quiz as themselves.
func init() {
	viewA := azAllow(azNational, azAdmin, azSuperv, azHead, azInspect, azInsider)
	manageA := azAllow(azSuperv, azHead, azInsider)
	assigned := azAllow(azOfficial, azInsider)
	for k, v := range map[string]apiAccess{
		"GET /training/campaigns":                   {allowed: azAllow(azNational, azAdmin, azSuperv, azHead, azInspect, azInsider, azSibling)},
		"POST /training/campaigns":                  {allowed: manageA},
		"GET /training/campaigns/{id}":              {allowed: azAllow(azNational, azAdmin, azSuperv, azHead, azInspect, azOfficial, azInsider), object: "tcampaign"},
		"PUT /training/campaigns/{id}":              {allowed: manageA, object: "tcampaign"}, // open: 409, past authorization
		"POST /training/campaigns/{id}/open":        {allowed: manageA, object: "tcampaign"},
		"POST /training/campaigns/{id}/close":       {allowed: manageA, object: "tcampaign"},
		"GET /training/campaigns/{id}/sessions":     {allowed: azAllow(azNational, azAdmin, azSuperv, azHead, azInspect, azOfficial, azInsider), object: "tcampaign"},
		"POST /training/campaigns/{id}/sessions":    {allowed: manageA, object: "tcampaign"},
		"GET /training/campaigns/{id}/assignments":  {allowed: viewA, object: "tcampaign"},
		"GET /training/campaigns/{id}/item-results": {allowed: viewA, object: "tcampaign"},
		"GET /training/campaigns/{id}/certificate":  {allowed: azAllow(azNational, azAdmin, azSuperv, azHead, azInspect, azOfficial, azInsider), object: "tcampaign"}, // staff: 400 without official_id; the official: 409 not complete
		"GET /training/suggestions":                 {allowed: azSigned},                                                                                              // without unit_id: 400
		"GET /training/sessions/{id}":               {allowed: azAllow(azNational, azAdmin, azSuperv, azHead, azInspect, azOfficial, azInsider), object: "tsession"},
		"GET /training/sessions/{id}/attendances":   {allowed: azAllow(azNational, azAdmin, azSuperv, azHead, azInspect, azOfficial, azInsider), object: "tsession"}, // the official: an empty list
		"POST /training/sessions/{id}/attend":       {allowed: azAllow(azOfficial, azInsider, azSibling), object: "tsession"},                                        // a wrong code is said the same for any session
		"POST /training/sessions/{id}/marks":        {allowed: manageA, object: "tsession"},
		"POST /training/sessions/{id}/study":        {allowed: assigned, object: "tsession"},
		"GET /training/mine":                        {allowed: azAllow(azOfficial, azInsider, azSibling)},                                       // accounts with an official record
		"GET /training/coverage":                    {allowed: azAllow(azNational, azAdmin, azSuperv, azHead, azInspect, azInsider, azSibling)}, // its own scope
		"GET /training/officials/{id}/years/{year}": {allowed: viewA, object: "official"},
		"GET /training/materials":                   {allowed: azSigned},
		"GET /training/questions":                   {allowed: azSigned},                       // without item_code: 400
		"POST /training/questions":                  {allowed: azAllow()},                      // the bank is national: national managers only
		"PUT /training/questions/{id}":              {allowed: azAllow(), object: "tquestion"}, // a question of the national bank: national managers only
		"POST /training/attempts":                   {allowed: assigned},
		"GET /training/attempts/{id}":               {allowed: azAllow(azNational, azAdmin, azSuperv, azHead, azInspect, azOfficial, azInsider), object: "tattempt"}, // staff in scope read it
		"POST /training/attempts/{id}/submit":       {allowed: azAllow(azOfficial), object: "tattempt"},
		"GET /training/certificates/{number}":       {allowed: azAllow()}, // the table's "{number}" is no certificate
		"GET /training/rule-sets":                   {allowed: azSigned},
		"POST /training/rule-sets":                  {allowed: azAllow(azNational)},
	} {
		apiAuthzTable[k] = v
	}
}

// trainingToday is today, a Vietnam day.
func trainingToday() time.Time {
	now := time.Now().In(congvu.TimeZone)
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, congvu.TimeZone)
}

// trainingNow is an in-person session under way now, within today.
func trainingNow() (from, to time.Time) {
	now := time.Now().In(congvu.TimeZone)
	from = now.Add(-time.Hour)
	if from.Before(trainingToday()) {
		from = trainingToday()
	}
	return from, now.Add(time.Hour)
}

func (f *fixture) campaignBody(unit int64) map[string]any {
	today := trainingToday()
	return map[string]any{"unit_id": unit, "title": "Quán triệt Đề án văn hóa công vụ", "audience": "all",
		"starts_on": today.Format(time.DateOnly), "ends_on": today.AddDate(0, 1, 0).Format(time.DateOnly),
		"hours": 4, "quiz_questions": 2, "pass_mark": 50, "max_attempts": 3}
}

func sessionBody() map[string]any {
	from, to := trainingNow()
	return map[string]any{"title": "Lớp quán triệt tại hội trường", "mode": "in_person", "place": "Hội trường xã",
		"starts_at": from.Format(time.RFC3339), "ends_at": to.Format(time.RFC3339)}
}

// trainingObjects opens a campaign of A1 with a session now, and starts
// the official role's attempt.
func (f *azFixture) trainingObjects(t *testing.T) map[string]string {
	t.Helper()
	var c training.Campaign
	r := f.do("POST", "/api/v1/training/campaigns", f.headA, f.campaignBody(f.a1.ID))
	wantStatus(t, r, http.StatusCreated, "campaign")
	r.decode(t, &c)
	wantStatus(t, f.do("POST", fmt.Sprintf("/api/v1/training/campaigns/%d/open", c.ID), f.headA, nil), http.StatusOK, "open")
	var s training.Session
	r = f.do("POST", fmt.Sprintf("/api/v1/training/campaigns/%d/sessions", c.ID), f.headA, sessionBody())
	wantStatus(t, r, http.StatusCreated, "session")
	r.decode(t, &s)
	var at training.Attempt
	r = f.do("POST", "/api/v1/training/attempts", f.tokens[azOfficial], map[string]any{"campaign_id": c.ID})
	wantStatus(t, r, http.StatusCreated, "attempt")
	r.decode(t, &at)
	var qs struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	f.do("GET", "/api/v1/training/questions?item_code=GT-XC", f.headA, nil).decode(t, &qs)
	if len(qs.Items) == 0 {
		t.Fatal("no question in the bank of GT-XC")
	}
	return map[string]string{"tcampaign": itoa(c.ID), "tsession": itoa(s.ID), "tattempt": itoa(at.ID), "tquestion": itoa(qs.Items[0].ID)}
}

// trainingBodies pass validation, so that authorization decides.
func (f *azFixture) trainingBodies(objects map[string]string) map[string]any {
	id := func(s string) int64 { n, _ := strconv.ParseInt(s, 10, 64); return n }
	return map[string]any{
		"POST /training/campaigns":               f.campaignBody(f.a1.ID),
		"PUT /training/campaigns/{id}":           f.campaignBody(f.a1.ID),
		"POST /training/campaigns/{id}/sessions": sessionBody(),
		"POST /training/sessions/{id}/attend":    map[string]any{"code": "AAAAAAAAAA"},
		"POST /training/sessions/{id}/marks":     map[string]any{"official_ids": []int64{f.offA1.ID}},
		"POST /training/questions": map[string]any{"item_code": "GT-XC", "text": "Khi người dân đến quầy, cán bộ nói gì trước?",
			"choices": []string{"Xin chào", "Đợi đấy"}, "answer": 0, "active": true},
		"PUT /training/questions/{id}": map[string]any{"item_code": "GT-XC", "text": "Khi người dân đến quầy, cán bộ nói gì trước tiên?",
			"choices": []string{"Xin chào", "Đợi đấy"}, "answer": 0, "active": true},
		"POST /training/attempts":  map[string]any{"campaign_id": id(objects["tcampaign"])},
		"POST /training/rule-sets": map[string]any{"code": "99/2030", "basis": "Nghị định mẫu", "from": "2030-01-01", "min_hours": 40},
	}
}

// The training task through the API on both engines: the head of A
// names officials from the suggestions (never preselected), opens a
// campaign of A1, adds a session; the official attends by the session's
// code (a wrong one refused the same way), takes the quiz and gets the
// certificate anyone verifies; coverage, the officials' year, item results
// and the rules follow.
func TestTrainingAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAZFixture(t, db)
		head, own := f.headA, f.tokens[azOfficial]
		var sugg struct {
			Items []training.Suggestion `json:"items"`
		}
		r := f.do("GET", fmt.Sprintf("/api/v1/training/suggestions?unit_id=%d", f.a.ID), head, nil)
		wantStatus(t, r, http.StatusOK, "suggestions")
		r.decode(t, &sugg)
		bad := f.campaignBody(f.a1.ID)
		bad["ends_on"] = "31/12/2026"
		if e := f.do("POST", "/api/v1/training/campaigns", head, bad).err(t); e.Error.Fields["ends_on"] == "" {
			t.Errorf("a day in the wrong form: %+v", e.Error)
		}
		var c training.Campaign
		r = f.do("POST", "/api/v1/training/campaigns", head, f.campaignBody(f.a1.ID))
		wantStatus(t, r, http.StatusCreated, "campaign")
		r.decode(t, &c)
		if !strings.HasSuffix(r.Header.Get("Location"), fmt.Sprintf("/training/campaigns/%d", c.ID)) || c.Status != training.CampaignDraft {
			t.Fatalf("created %+v at %s", c, r.Header.Get("Location"))
		}
		upd := f.campaignBody(f.a1.ID)
		upd["title"] = "Quán triệt Đề án văn hóa công vụ năm 2026"
		wantStatus(t, f.do("PUT", fmt.Sprintf("/api/v1/training/campaigns/%d", c.ID), head, upd), http.StatusOK, "update draft")
		wantStatus(t, f.do("POST", fmt.Sprintf("/api/v1/training/campaigns/%d/open", c.ID), own, nil), http.StatusNotFound, "the official opens a draft")
		r = f.do("POST", fmt.Sprintf("/api/v1/training/campaigns/%d/open", c.ID), head, nil)
		wantStatus(t, r, http.StatusOK, "open")
		r.decode(t, &c)
		if c.Status != training.CampaignOpen || c.Assigned == 0 {
			t.Fatalf("opened %+v", c)
		}
		var list struct {
			Items []training.Campaign
			Total int
		}
		f.do("GET", fmt.Sprintf("/api/v1/training/campaigns?unit_id=%d&status=open", f.a.ID), head, nil).decode(t, &list)
		if list.Total != 1 || list.Items[0].ID != c.ID {
			t.Errorf("campaigns of A: %+v", list)
		}
		f.do("GET", fmt.Sprintf("/api/v1/training/campaigns?unit_id=%d", f.a.ID), f.tokens[azSibling], nil).decode(t, &list)
		wantStatus(t, f.do("GET", fmt.Sprintf("/api/v1/training/campaigns/%d", c.ID), f.tokens[azSibling], nil), http.StatusNotFound, "the sibling reads")
		var got training.Campaign
		f.do("GET", fmt.Sprintf("/api/v1/training/campaigns/%d", c.ID), own, nil).decode(t, &got)
		if got.ID != c.ID || got.Title != "Quán triệt Đề án văn hóa công vụ năm 2026" {
			t.Errorf("the official reads their campaign: %+v", got)
		}
		var s training.Session
		r = f.do("POST", fmt.Sprintf("/api/v1/training/campaigns/%d/sessions", c.ID), head, sessionBody())
		wantStatus(t, r, http.StatusCreated, "session")
		r.decode(t, &s)
		if strings.Contains(string(r.Body), "secret") {
			t.Errorf("the session's secret is sent: %s", r.Body)
		}
		var ss struct{ Items []training.Session }
		f.do("GET", fmt.Sprintf("/api/v1/training/campaigns/%d/sessions", c.ID), own, nil).decode(t, &ss)
		if len(ss.Items) != 1 {
			t.Errorf("the official sees %d sessions", len(ss.Items))
		}
		wantStatus(t, f.do("GET", fmt.Sprintf("/api/v1/training/sessions/%d", s.ID), own, nil), http.StatusOK, "session")

		// Attendance: a wrong code, then the code of the moment.
		sess := fmt.Sprintf("/api/v1/training/sessions/%d", s.ID)
		if e := f.do("POST", sess+"/attend", own, map[string]any{"code": "AAAAAAAAAA"}).err(t); e.Error.Code != congvu.EINVALID || !strings.Contains(e.Error.Message, "không đúng hoặc đã hết hạn") {
			t.Errorf("wrong code: %+v", e.Error)
		}
		code, err := f.svc.Training.SessionCode(f.sys, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		var at training.Attendance
		r = f.do("POST", sess+"/attend", own, map[string]any{"code": code})
		wantStatus(t, r, http.StatusOK, "attend")
		r.decode(t, &at)
		if at.Method != training.AttendQR {
			t.Errorf("attendance %+v", at)
		}
		var marked struct{ Marked int }
		r = f.do("POST", sess+"/marks", head, map[string]any{"official_ids": []int64{f.offA1.ID}})
		wantStatus(t, r, http.StatusOK, "marks")
		r.decode(t, &marked)
		if marked.Marked != 1 {
			t.Errorf("marked %d", marked.Marked)
		}
		var atts struct{ Items []training.Attendance }
		f.do("GET", sess+"/attendances", head, nil).decode(t, &atts)
		if len(atts.Items) != 2 {
			t.Errorf("%d attendances", len(atts.Items))
		}
		if e := f.do("POST", sess+"/study", own, nil).err(t); e.Error.Code != congvu.ECONFLICT {
			t.Errorf("study of an in-person session: %+v", e.Error)
		}

		// The quiz: the drawn questions carry no answer; submitting the
		// right ones passes and completes.
		var mine struct{ Items []training.Assignment }
		f.do("GET", "/api/v1/training/mine", own, nil).decode(t, &mine)
		if len(mine.Items) != 1 || mine.Items[0].AttendedAt == nil {
			t.Fatalf("mine %+v", mine.Items)
		}
		r = f.do("POST", "/api/v1/training/attempts", own, map[string]any{"campaign_id": c.ID})
		wantStatus(t, r, http.StatusCreated, "start")
		if strings.Contains(string(r.Body), `"answer"`) || strings.Contains(string(r.Body), `"key"`) {
			t.Errorf("the drawn questions carry their answers: %s", r.Body)
		}
		var a training.Attempt
		r.decode(t, &a)
		answers := make([]int, len(a.Questions))
		for i, q := range a.Questions {
			var bank struct {
				Items []struct {
					ID     int64 `json:"id"`
					Answer int   `json:"answer"`
				} `json:"items"`
			}
			wantStatus(t, f.do("GET", "/api/v1/training/questions?item_code="+q.ItemCode, own, nil), http.StatusForbidden, "the official reads the bank")
			f.do("GET", "/api/v1/training/questions?item_code="+q.ItemCode, head, nil).decode(t, &bank)
			for _, b := range bank.Items {
				if b.ID == q.ID {
					answers[i] = b.Answer
				}
			}
		}
		wantStatus(t, f.do("GET", fmt.Sprintf("/api/v1/training/attempts/%d", a.ID), own, nil), http.StatusOK, "read attempt")
		r = f.do("POST", fmt.Sprintf("/api/v1/training/attempts/%d/submit", a.ID), own, map[string]any{"answers": answers})
		wantStatus(t, r, http.StatusOK, "submit")
		r.decode(t, &a)
		if !a.Passed || a.Score != 100 || len(a.Key) != len(a.Questions) {
			t.Fatalf("submitted %+v", a)
		}
		var cert training.Certificate
		r = f.do("GET", fmt.Sprintf("/api/v1/training/campaigns/%d/certificate", c.ID), own, nil)
		wantStatus(t, r, http.StatusOK, "certificate")
		r.decode(t, &cert)
		var pub training.Certificate
		r = f.do("GET", "/api/v1/training/certificates/"+cert.Number, "", nil)
		wantStatus(t, r, http.StatusOK, "verify")
		r.decode(t, &pub)
		if pub.OfficialName == "" || pub.CampaignTitle != "Quán triệt Đề án văn hóa công vụ năm 2026" || pub.Score != 0 || pub.OfficialID != 0 {
			t.Errorf("public check shows %+v", pub)
		}
		wantStatus(t, f.do("GET", "/api/v1/training/certificates/BD-2026-AAAA-AAAA", "", nil), http.StatusNotFound, "unknown number")

		// The figures.
		var cov struct {
			Unit     training.Coverage   `json:"unit"`
			Children []training.Coverage `json:"children"`
		}
		r = f.do("GET", fmt.Sprintf("/api/v1/training/coverage?unit_id=%d&campaign_id=%d", f.a.ID, c.ID), head, nil)
		wantStatus(t, r, http.StatusOK, "coverage")
		r.decode(t, &cov)
		if cov.Unit.Assigned != c.Assigned || cov.Unit.Completed != 1 || len(cov.Children) == 0 {
			t.Errorf("coverage %+v", cov)
		}
		var behind struct {
			Items []training.Assignment
			Total int
		}
		f.do("GET", fmt.Sprintf("/api/v1/training/campaigns/%d/assignments?behind=true", c.ID), head, nil).decode(t, &behind)
		if behind.Total != c.Assigned-1 {
			t.Errorf("behind %d of %d", behind.Total, c.Assigned)
		}
		var items struct{ Items []training.ItemResult }
		f.do("GET", fmt.Sprintf("/api/v1/training/campaigns/%d/item-results", c.ID), head, nil).decode(t, &items)
		if len(items.Items) == 0 {
			t.Error("no item results")
		}
		var me struct {
			Items []struct{ ID int64 } `json:"items"`
		}
		f.do("GET", "/api/v1/officials?q=A1-OWN", head, nil).decode(t, &me)
		var oy training.OfficialYear
		r = f.do("GET", fmt.Sprintf("/api/v1/training/officials/%d/years/%d", me.Items[0].ID, c.EndsOn.Year()), head, nil)
		wantStatus(t, r, http.StatusOK, "official year")
		r.decode(t, &oy)
		if oy.Required != 1 || oy.Completed != 1 {
			t.Errorf("official year %+v", oy)
		}
		var mats struct{ Items []training.Material }
		f.do("GET", "/api/v1/training/materials", own, nil).decode(t, &mats)
		if len(mats.Items) == 0 {
			t.Error("no materials")
		}
		// The bank is national: a head reads it, the nation's manager adds.
		var q training.Question
		wantStatus(t, f.do("POST", "/api/v1/training/questions", head, f.trainingBodies(nil)["POST /training/questions"]), http.StatusForbidden, "a head adds a question")
		nation, _ := f.token("bonoivu", congvu.Grant{Role: congvu.RoleSupervisor, UnitID: 1})
		r = f.do("POST", "/api/v1/training/questions", nation, f.trainingBodies(nil)["POST /training/questions"])
		wantStatus(t, r, http.StatusCreated, "question")
		r.decode(t, &q)
		wantStatus(t, f.do("PUT", fmt.Sprintf("/api/v1/training/questions/%d", q.ID), head, f.trainingBodies(nil)["PUT /training/questions/{id}"]), http.StatusForbidden, "a head edits a question")
		wantStatus(t, f.do("PUT", fmt.Sprintf("/api/v1/training/questions/%d", q.ID), nation, f.trainingBodies(nil)["PUT /training/questions/{id}"]), http.StatusOK, "edit question")
		wantStatus(t, f.do("GET", "/api/v1/training/questions?item_code=GT-XC", head, nil), http.StatusOK, "a head reads the bank")
		var rules struct{ Items []training.RuleSet }
		f.do("GET", "/api/v1/training/rule-sets", own, nil).decode(t, &rules)
		if len(rules.Items) == 0 {
			t.Error("no rule set")
		}
		wantStatus(t, f.do("POST", "/api/v1/training/rule-sets", head, f.trainingBodies(nil)["POST /training/rule-sets"]), http.StatusForbidden, "a head adds a rule")
		wantStatus(t, f.do("POST", "/api/v1/training/rule-sets", f.admin, f.trainingBodies(nil)["POST /training/rule-sets"]), http.StatusCreated, "the national admin adds a rule")
		r = f.do("POST", fmt.Sprintf("/api/v1/training/campaigns/%d/close", c.ID), head, nil)
		wantStatus(t, r, http.StatusOK, "close")
	})
}

// Guessing certificate numbers through the API: a malformed number and a
// number never issued get the same answer, and the guesser is stopped
// after a few tries, like on the web.
func TestTrainingAPICertificateGuess(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAZFixture(t, db)
		bad := f.do("GET", "/api/v1/training/certificates/khong-phai-so", "", nil)
		missing := f.do("GET", "/api/v1/training/certificates/BD-2026-AAAA-AAAA", "", nil)
		if bad.Status != http.StatusNotFound || missing.Status != http.StatusNotFound || bad.err(t).Error.Message != missing.err(t).Error.Message {
			t.Fatalf("malformed %d, missing %d: different answers", bad.Status, missing.Status)
		}
		var last response
		for range 30 {
			last = f.do("GET", "/api/v1/training/certificates/BD-2026-AAAA-AAAA", "", nil)
		}
		wantStatus(t, last, http.StatusTooManyRequests, "the 32nd guess")
	})
}
