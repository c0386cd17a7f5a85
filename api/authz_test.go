package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/api"
	"congvu/org"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// The roles of the API's authorization table. Every role but the national
// administrator is scoped inside province A; commune A1 is the unit the
// petitions are about and A2 its sibling.
const (
	azAnon     = "anonymous"
	azNational = "admin@root"
	azAdmin    = "admin@A"
	azSuperv   = "supervisor@A"
	azHead     = "unit_head@A"
	azInspect  = "inspector@A"
	azOfficial = "official@A1" // the official role, own record in A1
	azInsider  = "supervisor@A, record in A1"
	azSibling  = "unit_head@A2, record in A2"
)

var azRoles = []string{azAnon, azNational, azAdmin, azSuperv, azHead, azInspect, azOfficial, azInsider, azSibling}

func azAllow(roles ...string) map[string]bool {
	m := map[string]bool{}
	for _, r := range roles {
		m[r] = true
	}
	return m
}

var (
	azEveryone = azAllow(azRoles...)
	azSigned   = azAllow(azNational, azAdmin, azSuperv, azHead, azInspect, azOfficial, azInsider, azSibling)
	azAdmins   = azAllow(azNational, azAdmin)
	// Staff who see commune A1: its petitions, officials, dashboards.
	azViewA1 = azAllow(azNational, azAdmin, azSuperv, azHead, azInspect, azInsider)
	// Staff who manage A1's officials.
	azManageA1 = azAllow(azNational, azAdmin, azSuperv, azHead, azInsider)
	// Staff who review A1's ratings.
	azReviewA1 = azAllow(azNational, azAdmin, azSuperv, azInsider)
	// Staff who open the petition about A1: not the insider, whose record
	// lies in A1.
	azOpenPetition = azAllow(azNational, azAdmin, azSuperv, azHead, azInspect)
	// Staff who handle it: a handling role over A1, the insider excluded.
	azHandlePetition = azAllow(azSuperv, azHead, azInspect)
	// Staff with a petition view role anywhere (lists and stats answer,
	// maybe empty).
	azPetitionStaff = azAllow(azNational, azAdmin, azSuperv, azHead, azInspect, azInsider, azSibling)
)

// apiAccess is who gets past authorization on a route, with its {id} or
// {code} taken in commune A1 (object names which: unit, official, feedback,
// petition, code; "" for none).
type apiAccess struct {
	allowed map[string]bool
	object  string
	// hidden is a field naming another object: a 400 on it says that
	// object is out of the role's sight, a denial.
	hidden string
}

// apiAuthzTable is the expected access of every API route.
// TestAPIAuthorizationTable fails for a route of openapi.json (which the
// OpenAPI test holds equal to the route table) missing here.
var apiAuthzTable = map[string]apiAccess{
	"GET /openapi.json": {allowed: azEveryone},
	// Tokens are their owner's alone: the object is a spare token of the
	// official's account, which no administrator may revoke.
	"GET /tokens":              {allowed: azSigned},
	"POST /tokens/{id}/revoke": {allowed: azAllow(azOfficial), object: "token"},

	"GET /units":                {allowed: azSigned}, // the official role: an empty list (checked below)
	"POST /units":               {allowed: azAdmins, hidden: "parent_id"},
	"GET /units/by-code/{code}": {allowed: azViewA1, object: "code"},
	"GET /units/{id}":           {allowed: azViewA1, object: "unit"},
	"PUT /units/{id}":           {allowed: azAdmins, object: "unit"},

	"GET /officials":                      {allowed: azSigned},
	"POST /officials":                     {allowed: azAllow(azNational, azAdmin, azSuperv, azHead, azInsider, azSibling)},
	"GET /officials/{id}":                 {allowed: azViewA1, object: "official"},
	"PUT /officials/{id}":                 {allowed: azManageA1, object: "official"},
	"POST /officials/{id}/deactivate":     {allowed: azManageA1, object: "official"},
	"POST /officials/{id}/activate":       {allowed: azManageA1, object: "official"},
	"GET /standards/current":              {allowed: azEveryone},
	"GET /standards/versions":             {allowed: azEveryone},
	"GET /standards/items/{code}":         {allowed: azEveryone, object: "item"},
	"POST /feedback":                      {allowed: azSigned},
	"GET /feedback":                       {allowed: azSigned},
	"POST /feedback/{id}/review":          {allowed: azReviewA1, object: "feedback"},
	"POST /dossiers":                      {allowed: azAllow(azNational, azAdmin, azSuperv, azHead, azInsider, azSibling)},
	"GET /dossiers/by-code":               {allowed: azSigned},
	"GET /dashboards/units/{id}":          {allowed: azViewA1, object: "unit"},
	"GET /dashboards/units/{id}/comments": {allowed: azViewA1, object: "unit"},
	"GET /dashboards/officials/{id}":      {allowed: azViewA1, object: "official"},
	// An official's year of conduct: those who may read violations in
	// A1 (administrators may not), never a stranger to the official.
	"GET /officials/{id}/conduct/{year}": {allowed: azAllow(azSuperv, azHead, azInspect, azInsider), object: "official"},

	"POST /petitions":                {allowed: azSigned},
	"POST /petitions/track":          {allowed: azEveryone},
	"POST /petitions/track/messages": {allowed: azEveryone},
	"POST /petitions/track/withdraw": {allowed: azEveryone},
	"GET /petitions":                 {allowed: azSigned},
	"GET /petitions/stats":           {allowed: azPetitionStaff},
	"GET /petitions/{id}":            {allowed: azOpenPetition, object: "petition"},
	"POST /petitions/{id}/steps":     {allowed: azHandlePetition, object: "petition"},
	"POST /petitions/{id}/notes":     {allowed: azHandlePetition, object: "petition"},
	"POST /petitions/{id}/replies":   {allowed: azHandlePetition, object: "petition"},
	"POST /petitions/{id}/reveal":    {allowed: azHandlePetition, object: "petition"},

	// Inspections: a kiểm tra công vụ of A1 by province A, and A's
	// published plan naming A1. Checks are run by heads, home-affairs staff
	// and inspectors of A, planned and concluded by heads and home-affairs
	// staff; the sibling commune sees nothing, administrators only read.
	"GET /inspections":                         {allowed: azSigned},
	"POST /inspections":                        {allowed: azInspectRunA},
	"GET /inspections/{id}":                    {allowed: azViewA1, object: "inspection"},
	"POST /inspections/{id}/checklist":         {allowed: azInspectRunA, object: "inspection"},
	"POST /inspections/{id}/visit":             {allowed: azInspectRunA, object: "inspection"},
	"POST /inspections/{id}/lines":             {allowed: azInspectRunA, object: "inspection"},
	"POST /inspections/{id}/record":            {allowed: azInspectRunA, object: "inspection"},
	"PUT /inspections/{id}/conclusion":         {allowed: azConcludeA, object: "inspection"},
	"POST /inspections/{id}/conclusion/review": {allowed: azConcludeA, object: "inspection"},
	"POST /inspections/{id}/conclusion/issue":  {allowed: azConcludeA, object: "inspection"},
	"GET /inspections/{id}/evidence":           {allowed: azViewA1, object: "inspection"},

	// The documents: drafts for the inspecting side; the inspected unit
	// (none of these roles here) only once closed or issued.
	"GET /inspections/{id}/record.pdf":       {allowed: azViewA1, object: "inspection"},
	"GET /inspections/{id}/record.docx":      {allowed: azViewA1, object: "inspection"},
	"GET /inspections/{id}/conclusion.pdf":   {allowed: azViewA1, object: "inspection"},
	"GET /inspections/{id}/conclusion.docx":  {allowed: azViewA1, object: "inspection"},
	"GET /inspection-plans":                  {allowed: azSigned},
	"POST /inspection-plans":                 {allowed: azConcludeA},
	"GET /inspection-plans/{id}":             {allowed: azViewA1, object: "plan"},
	"PUT /inspection-plans/{id}":             {allowed: azConcludeA, object: "plan"},
	"POST /inspection-plans/{id}/approve":    {allowed: azConcludeA, object: "plan"},
	"POST /inspection-plans/{id}/publish":    {allowed: azConcludeA, object: "plan"},
	"GET /inspection-units/{id}/suggestions": {allowed: azInspectRunA, object: "unitA"},
	"GET /inspection-units/{id}/templates":   {allowed: azInspectRunA, object: "unitA"},
	"POST /inspection-units/{id}/templates":  {allowed: azInspectRunA, object: "unitA"},

	// Corrective actions of a thanh tra of A1 by province A: its
	// inspectors set, verify and send back (verify and return answer 409
	// on the open action: past authorization); the head above A1 reports.
	"GET /inspections/{id}/actions":                       {allowed: azViewA1, object: "actioninspection"},
	"POST /inspections/{id}/actions":                      {allowed: azAllow(azInspect), object: "actioninspection"},
	"GET /inspections/{id}/actions/{action}":              {allowed: azViewA1, object: "actioninspection"},
	"POST /inspections/{id}/actions/{action}/report":      {allowed: azAllow(azHead), object: "actioninspection"},
	"POST /inspections/{id}/actions/{action}/verify":      {allowed: azAllow(azInspect), object: "actioninspection"},
	"POST /inspections/{id}/actions/{action}/return":      {allowed: azAllow(azInspect), object: "actioninspection"},
	"GET /inspections/{id}/actions/{action}/files/{file}": {allowed: azViewA1, object: "actioninspection"},

	// Compliance counts lines of inspections not concluded yet: not for
	// unit heads (nor the official).
	"GET /inspections/dashboard": {allowed: azAllow(azNational, azAdmin, azSuperv, azInspect, azInsider)},

	// Commendations: a proposal by province A of a Bằng khen of the
	// province for an official of A1 (the province decides). A praise of
	// that official is the province head's (ActCommend); the proposal is
	// withdrawn by those who may propose from A, decided by A's head
	// alone; the sibling commune's head sees none of it.
	"GET /commendations":                {allowed: azSigned},
	"POST /commendations":               {allowed: azAllow(azHead)},
	"GET /commendations/{id}":           {allowed: azViewA1, object: "commendation"},
	"POST /commendations/{id}/decision": {allowed: azAllow(azHead), object: "commendation"},
	"POST /commendations/{id}/withdraw": {allowed: azAllow(azSuperv, azHead, azInsider), object: "commendation"},
	"GET /commendation-suggestions":     {allowed: azAllow(azSuperv, azHead, azInsider, azSibling)},
	"GET /commendation-rule-sets":       {allowed: azSigned},
	"POST /commendation-rule-sets":      {allowed: azAllow(azNational)},
	// Violations are read by supervisors, unit heads and inspectors (the
	// sibling sees its own subtree by default; A's is 404 to it, see
	// TestViolationDashboardAPI), never by administrators nor officials.
	"GET /violation-dashboard": {allowed: azAllow(azSuperv, azHead, azInspect, azInsider, azSibling)},
	// The incident log: anyone of A1 or above who is not an administrator
	// records there; supervisors and heads of A read the incident the head
	// of A recorded at A1, the head alone reviews and escalates it; the
	// sibling commune's head sees none of it.
	"GET /incidents":                {allowed: azSigned},
	"POST /incidents":               {allowed: azAllow(azSuperv, azHead, azInspect, azOfficial, azInsider)},
	"GET /incidents/counts":         {allowed: azSigned},
	"GET /incidents/{id}":           {allowed: azAllow(azSuperv, azHead, azInsider), object: "incident"},
	"POST /incidents/{id}/review":   {allowed: azAllow(azHead), object: "incident"},
	"POST /incidents/{id}/escalate": {allowed: azAllow(azHead), object: "incident"},
	// Its photos: read by those who read it, added by its recorder (the
	// head of A) or a reviewer.
	"GET /incidents/{id}/photos":         {allowed: azAllow(azSuperv, azHead, azInsider), object: "incident"},
	"POST /incidents/{id}/photos":        {allowed: azAllow(azHead), object: "incident"},
	"GET /incidents/{id}/photos/{photo}": {allowed: azAllow(azSuperv, azHead, azInsider), object: "incident"},
}

var (
	// Who runs a kiểm tra công vụ owned by province A.
	azInspectRunA = azAllow(azSuperv, azHead, azInspect, azInsider)
	// Who plans and concludes one.
	azConcludeA = azAllow(azSuperv, azHead, azInsider)
)

// azFixture is the API fixture with a token per role of the table, and the
// petitions: one about commune A1, one about an official of A1, one in
// province B.
type azFixture struct {
	*ptFixture
	a2                           *org.Unit
	tokens                       map[string]string
	object                       *org.Official // the official the table's routes act on
	unitPet, officialPet, petB   int64
	unitPetCode, officialPetCode string
	feedbackA1                   int64
	spareToken                   int64 // a second token of the official's account
}

func newAZFixture(t *testing.T, db *sqldb.DB) *azFixture {
	f := &azFixture{ptFixture: newPetitionFixture(t, db), tokens: map[string]string{}}
	f.a2 = f.unit(org.UnitInput{Code: "TA-X2", Name: "Xã Tây Hòa", Kind: org.KindCommune, ParentID: f.a.ID})
	f.object = f.official(org.OfficialInput{UnitID: f.a1.ID, EmployeeCode: "A1-OBJ", FullName: "Đỗ Văn Tâm", Category: org.CategoryCivilServant})
	own := f.official(org.OfficialInput{UnitID: f.a1.ID, EmployeeCode: "A1-OWN", FullName: "Vũ Thị Mai", Category: org.CategoryCivilServant})
	insider := f.official(org.OfficialInput{UnitID: f.a1.ID, EmployeeCode: "A1-INS", FullName: "Hoàng Thanh Thịnh", Category: org.CategoryCivilServant})
	sibling := f.official(org.OfficialInput{UnitID: f.a2.ID, EmployeeCode: "A2-001", FullName: "Phan Văn Hải", Category: org.CategoryCivilServant})
	f.tokens[azNational] = f.admin
	f.tokens[azHead] = f.headA
	for role, g := range map[string]struct {
		user     string
		official int64
		grant    congvu.Grant
	}{
		azAdmin:    {"quantri.a", 0, congvu.Grant{Role: congvu.RoleAdmin, UnitID: f.a.ID}},
		azSuperv:   {"giamsat.a", 0, congvu.Grant{Role: congvu.RoleSupervisor, UnitID: f.a.ID}},
		azInspect:  {"thanhtra.a", 0, congvu.Grant{Role: congvu.RoleInspector, UnitID: f.a.ID}},
		azOfficial: {"canbo.a1", own.ID, congvu.Grant{Role: congvu.RoleOfficial, UnitID: f.a1.ID}},
		azInsider:  {"noivu.a", insider.ID, congvu.Grant{Role: congvu.RoleSupervisor, UnitID: f.a.ID}},
		azSibling:  {"thutruong.a2", sibling.ID, congvu.Grant{Role: congvu.RoleUnitHead, UnitID: f.a2.ID}},
	} {
		f.tokens[role] = f.staffToken(g.user, g.official, g.grant)
	}
	{
		ctx := context.Background()
		sess, err := f.svc.Users.Authenticate(ctx, "canbo.a1", "mật-khẩu-thử-nghiệm-1")
		if err != nil {
			t.Fatal(err)
		}
		actor, err := f.svc.Users.ActorBySession(ctx, sess.Token)
		if err != nil {
			t.Fatal(err)
		}
		spare, err := f.svc.Users.CreateAPIToken(congvu.NewContextWithActor(ctx, actor), "dự phòng")
		if err != nil {
			t.Fatal(err)
		}
		f.spareToken = spare.ID
	}
	fb := f.do("POST", "/api/v1/feedback", f.admin, map[string]any{"badge_token": f.badge(f.object), "satisfaction": "dissatisfied",
		"comment": "Cán bộ trả lời cộc lốc."})
	wantStatus(t, fb, http.StatusCreated, "rating")
	var rated struct {
		ID int64 `json:"id"`
	}
	fb.decode(t, &rated)
	f.feedbackA1 = rated.ID

	about := petitionAbout("")
	delete(about, "badge_token")
	about["unit_id"] = f.a1.ID
	f.unitPetCode = f.submit(about).TrackingCode
	f.unitPet = f.idOf(f.unitPetCode)
	f.officialPetCode = f.submit(petitionAbout(f.badge(f.offA1))).TrackingCode
	f.officialPet = f.idOf(f.officialPetCode)
	f.petB = f.idOf(f.submit(petitionAbout(f.badge(f.offB))).TrackingCode)
	return f
}

// openAPIRoutes lists "METHOD /path" of every operation of openapi.json.
func openAPIRoutes(t *testing.T) []string {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(api.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	for p, ops := range doc.Paths {
		for m := range ops {
			switch m {
			case "get", "post", "put", "patch", "delete":
				out = append(out, strings.ToUpper(m)+" "+p)
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestAPIAuthorizationTable requests every API route as every role, on an
// object in commune A1, and checks who gets past authorization: allowed is
// any status but 401, 403 and 404 (a 400 for the empty body counts as
// allowed). Then it checks what the lists, searches, statistics and
// dashboards contain for each role.
func TestAPIAuthorizationTable(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAZFixture(t, db)
		objects := map[string]string{
			"unit": itoa(f.a1.ID), "code": f.a1.Code, "official": itoa(f.object.ID), "feedback": itoa(f.feedbackA1),
			"petition": itoa(f.unitPet), "item": "GT-XC", "token": itoa(f.spareToken), "unitA": itoa(f.a.ID),
		}
		var plan, insp struct {
			ID int64 `json:"id"`
		}
		planBody := map[string]any{"unit_id": f.a.ID, "kind": "check", "year": 2026, "title": "Kế hoạch kiểm tra công vụ năm 2026",
			"targets": []map[string]any{{"unit_id": f.a1.ID, "month": 3}}}
		r := f.do("POST", "/api/v1/inspection-plans", f.headA, planBody)
		wantStatus(t, r, http.StatusCreated, "plan")
		r.decode(t, &plan)
		wantStatus(t, f.do("POST", fmt.Sprintf("/api/v1/inspection-plans/%d/approve", plan.ID), f.headA, nil), http.StatusOK, "approve")
		wantStatus(t, f.do("POST", fmt.Sprintf("/api/v1/inspection-plans/%d/publish", plan.ID), f.headA, nil), http.StatusOK, "publish")
		inspBody := map[string]any{"origin": "adhoc", "kind": "check", "unit_id": f.a.ID, "target_unit_id": f.a1.ID, "reason": "Phản ánh về thái độ"}
		r = f.do("POST", "/api/v1/inspections", f.headA, inspBody)
		wantStatus(t, r, http.StatusCreated, "inspection")
		r.decode(t, &insp)
		objects["plan"], objects["inspection"] = itoa(plan.ID), itoa(insp.ID)
		var prop struct {
			ID int64 `json:"id"`
		}
		year := time.Now().In(congvu.TimeZone).Year()
		r = f.do("POST", "/api/v1/commendations", f.headA, map[string]any{"kind": "award", "official_id": f.object.ID, "year": year,
			"form": "bang_khen_tinh", "reason": "Hoàn thành xuất sắc nhiệm vụ tiếp công dân"})
		wantStatus(t, r, http.StatusCreated, "commendation proposal")
		r.decode(t, &prop)
		objects["commendation"] = itoa(prop.ID)
		objects["case"] = itoa(f.openCase(f.object, f.headA))
		incidentBody := map[string]any{"unit_id": f.a1.ID, "occurred_at": time.Now().Add(-time.Hour).Format(time.RFC3339), "place": "Bộ phận một cửa",
			"kind": "disturbance", "severity": "moderate", "summary": "Một người to tiếng, đập bàn tại quầy tiếp nhận."}
		r = f.do("POST", "/api/v1/incidents", f.headA, incidentBody)
		wantStatus(t, r, http.StatusCreated, "incident")
		var inc struct {
			ID int64 `json:"id"`
		}
		r.decode(t, &inc)
		objects["incident"] = itoa(inc.ID)
		objects["photo"] = itoa(f.incidentPhoto(inc.ID))
		for k, v := range f.actionObjects(t) {
			objects[k] = v
		}
		for k, v := range f.violationObjects(t) {
			objects[k] = v
		}
		for k, v := range f.evaluationObjects(t) {
			objects[k] = v
		}
		for k, v := range f.emulationObjects(t) {
			objects[k] = v
		}
		for k, v := range f.trainingObjects(t) {
			objects[k] = v
		}
		// Bodies that pass validation where the service validates before
		// it authorizes, so that authorization decides; other writes get
		// an empty object (a 400 then counts as allowed).
		bodies := map[string]any{
			"POST /units":                           map[string]any{"code": "TA-X9", "name": "Xã Mới", "kind": "commune", "parent_id": f.a.ID},
			"PUT /units/{id}":                       map[string]any{"code": f.a1.Code, "name": f.a1.Name, "kind": f.a1.Kind},
			"POST /petitions/{id}/steps":            map[string]any{"step": "accept"},
			"POST /petitions/{id}/notes":            map[string]any{"body": "Ghi chú nội bộ."},
			"POST /petitions/{id}/replies":          map[string]any{"body": goodReply},
			"POST /petitions/{id}/reveal":           map[string]any{"reason": "Cần liên hệ để xác minh sự việc."},
			"POST /inspection-plans":                planBody,
			"POST /inspections":                     inspBody,
			"POST /inspections/{id}/lines":          map[string]any{"item_code": "GT-XC", "result": "kept", "client_key": "authz-1"},
			"POST /inspection-units/{id}/templates": map[string]any{"name": "Mẫu", "lines": []map[string]any{{"item_code": "GT-XC"}}},
			"POST /incidents":                       incidentBody,
			"POST /commendations": map[string]any{"kind": "praise", "official_id": f.object.ID, "year": time.Now().In(congvu.TimeZone).Year(),
				"reason": "Tận tình hướng dẫn người dân làm thủ tục"},
		}
		for k, v := range f.violationBodies() {
			bodies[k] = v
		}
		for k, v := range f.evaluationBodies() {
			bodies[k] = v
		}
		for k, v := range f.emulationBodies(objects) {
			bodies[k] = v
		}
		for k, v := range f.trainingBodies(objects) {
			bodies[k] = v
		}
		routes := openAPIRoutes(t)
		if len(routes) < 30 {
			t.Fatalf("only %d routes in openapi.json", len(routes))
		}
		for _, key := range routes {
			want, ok := apiAuthzTable[key]
			if !ok {
				t.Errorf("API route %s is not in the authorization table: declare who may use it", key)
				continue
			}
			method, pattern, _ := strings.Cut(key, " ")
			path := "/api/v1" + pattern
			if want.object != "" {
				// An evidence file belongs to the reported action.
				action := objects["action"]
				if strings.Contains(path, "{file}") {
					action = objects["fileaction"]
				}
				path = strings.NewReplacer("{id}", objects[want.object], "{code}", objects[want.object], "{action}", action, "{file}", objects["file"], "{review}", objects["review"], "{photo}", objects["photo"], "{year}", "2026").Replace(path)
			}
			for _, role := range azRoles {
				var body any
				if method != "GET" {
					body = map[string]any{}
				}
				if b, ok := bodies[key]; ok {
					body = b
				}
				r := f.do(method, path, f.tokens[role], body)
				denied := r.Status == http.StatusUnauthorized || r.Status == http.StatusForbidden || r.Status == http.StatusNotFound
				if r.Status == http.StatusBadRequest && want.hidden != "" {
					var e apiError
					denied = json.Unmarshal(r.Body, &e) == nil && e.Error.Fields[want.hidden] != ""
				}
				if denied == want.allowed[role] {
					t.Errorf("%s as %s → %d: allowed %v, want %v: %.200s", key, role, r.Status, !denied, want.allowed[role], r.Body)
				}
			}
		}
		for key := range apiAuthzTable {
			if !slices.Contains(routes, key) {
				t.Errorf("authorization table lists %s, which is not an API route", key)
			}
		}

		// Each role's token list holds its own tokens only: the spare
		// token (revoked above by its owner) for the official alone.
		for _, role := range azRoles[1:] {
			var l struct {
				Items []org.APIToken `json:"items"`
			}
			r := f.do("GET", "/api/v1/tokens", f.tokens[role], nil)
			wantStatus(t, r, http.StatusOK, role+" lists tokens")
			r.decode(t, &l)
			spare := false
			for _, tk := range l.Items {
				spare = spare || tk.ID == f.spareToken
				if tk.Secret != "" {
					t.Errorf("%s: token list shows a secret", role)
				}
			}
			if spare != (role == azOfficial) || len(l.Items) == 0 {
				t.Errorf("%s lists %d tokens, the official's spare among them: %v", role, len(l.Items), spare)
			}
		}

		// What the lists, searches and figures hold, per role: the
		// petitions about A1 for those who may open them, never for the
		// insider (record in A1) nor for the sibling commune's head; the
		// figures count exactly what the list holds.
		for _, role := range azRoles[1:] {
			tok := f.tokens[role]
			ids := func(query string) []int64 {
				t.Helper()
				var l petitionList
				r := f.do("GET", "/api/v1/petitions"+query, tok, nil)
				wantStatus(t, r, http.StatusOK, role+" lists "+query)
				r.decode(t, &l)
				var out []int64
				for _, p := range l.Items {
					out = append(out, p.ID)
				}
				if l.Total != len(out) {
					t.Errorf("%s %s: total %d, %d listed", role, query, l.Total, len(out))
				}
				return out
			}
			opens := azOpenPetition[role]
			all := ids("")
			inA1 := ids(fmt.Sprintf("?unit_id=%d", f.a1.ID))
			for _, c := range []struct {
				what  string
				list  []int64
				id    int64
				wants bool
			}{
				{"the list", all, f.unitPet, opens},
				{"the list", all, f.officialPet, opens},
				{"the list of A1", inA1, f.unitPet, opens},
				{"a search by code", ids("?q=" + f.unitPetCode), f.unitPet, opens},
				{"a search by words", ids("?q=giay+xac+nhan"), f.unitPet, opens},
				{"the list", all, f.petB, role == azNational},
			} {
				if got := slices.Contains(c.list, c.id); got != c.wants {
					t.Errorf("%s: %s holds petition %d: %v, want %v", role, c.what, c.id, got, c.wants)
				}
			}
			r := f.do("GET", fmt.Sprintf("/api/v1/petitions/%d", f.unitPet), tok, nil)
			if (r.Status == http.StatusOK) != opens {
				t.Errorf("%s opens the petition about A1: %d", role, r.Status)
			}
			if strings.Contains(string(r.Body), reporterEmail) {
				t.Errorf("%s reads the reporter in the petition", role)
			}
			for _, unit := range []*org.Unit{f.a, f.a1} {
				var st petition.Stats
				r := f.do("GET", fmt.Sprintf("/api/v1/petitions/stats?unit_id=%d", unit.ID), tok, nil)
				if !azViewA1[role] {
					if r.Status != http.StatusNotFound && r.Status != http.StatusForbidden {
						t.Errorf("%s: stats of %s → %d", role, unit.Code, r.Status)
					}
					continue
				}
				wantStatus(t, r, http.StatusOK, role+" stats of "+unit.Code)
				r.decode(t, &st)
				listed := ids(fmt.Sprintf("?unit_id=%d", unit.ID))
				// The list also holds petitions handled in the subtree;
				// the figures count those about it: here the same.
				if st.Total != len(listed) {
					t.Errorf("%s: stats of %s count %d petitions, the list holds %d", role, unit.Code, st.Total, len(listed))
				}
				if role == azInsider && st.Total != 0 {
					t.Errorf("the insider's stats of %s count %d petitions about A1", unit.Code, st.Total)
				}
			}
			// Units, officials and ratings: the official role lists no
			// unit; the sibling's lists hold nothing of A1.
			var ul unitList
			f.do("GET", "/api/v1/units", tok, nil).decode(t, &ul)
			for _, u := range ul.Items {
				if role == azOfficial || (role == azSibling && u.ID == f.a1.ID) {
					t.Errorf("%s lists unit %s", role, u.Code)
				}
			}
			if role == azSibling {
				var ol officialList
				f.do("GET", "/api/v1/officials", tok, nil).decode(t, &ol)
				for _, o := range ol.Items {
					if o.UnitID == f.a1.ID {
						t.Errorf("the sibling commune's head lists %s of A1", o.FullName)
					}
				}
				var fl feedbackList
				f.do("GET", "/api/v1/feedback", tok, nil).decode(t, &fl)
				if len(fl.Items) != 0 {
					t.Errorf("the sibling commune's head lists %d ratings of A1", len(fl.Items))
				}
			}
		}
	})
}

// The reproduction of issue 9, item 1, through the API: the insider cannot
// move their own record out of the unit a petition is about; when another
// administrator moves it, the petition stays closed to them, reporter and
// all.
func TestAPIOwnRecordMoveKeepsConflict(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAZFixture(t, db)
		tok := f.tokens[azInsider]
		path := fmt.Sprintf("/api/v1/petitions/%d", f.unitPet)
		wantStatus(t, f.do("GET", path, tok, nil), http.StatusNotFound, "the insider reads")

		var me struct {
			Items []org.Official `json:"items"`
		}
		f.do("GET", "/api/v1/officials?q=A1-INS", tok, nil).decode(t, &me)
		if len(me.Items) != 1 {
			t.Fatalf("the insider's record: %+v", me)
		}
		rec := me.Items[0]
		move := map[string]any{"unit_id": f.a2.ID, "employee_code": rec.EmployeeCode, "full_name": rec.FullName, "category": rec.Category}
		r := f.do("PUT", fmt.Sprintf("/api/v1/officials/%d", rec.ID), tok, move)
		wantStatus(t, r, http.StatusForbidden, "moving one's own record")
		if e := r.err(t); e.Error.Code != congvu.EFORBIDDEN || !strings.Contains(e.Error.Message, "người quản trị khác") {
			t.Errorf("refusal %+v", e.Error)
		}
		wantStatus(t, f.do("GET", path, tok, nil), http.StatusNotFound, "the insider reads after a refused move")

		wantStatus(t, f.do("PUT", fmt.Sprintf("/api/v1/officials/%d", rec.ID), f.admin, move), http.StatusOK, "another administrator moves")
		wantStatus(t, f.do("GET", path, tok, nil), http.StatusNotFound, "the moved insider reads")
		r = f.do("POST", path+"/reveal", tok, map[string]any{"reason": "Cần liên hệ để xác minh sự việc."})
		wantStatus(t, r, http.StatusNotFound, "the moved insider reveals")
		if strings.Contains(string(r.Body), reporterEmail) || strings.Contains(string(r.Body), "Phạm Thị Hoa") {
			t.Errorf("reveal shows the reporter: %s", r.Body)
		}
		var l petitionList
		f.do("GET", fmt.Sprintf("/api/v1/petitions?unit_id=%d", f.a1.ID), tok, nil).decode(t, &l)
		var st petition.Stats
		f.do("GET", fmt.Sprintf("/api/v1/petitions/stats?unit_id=%d", f.a1.ID), tok, nil).decode(t, &st)
		if l.Total != 0 || st.Total != 0 {
			t.Errorf("the moved insider lists %d and counts %d petitions about A1", l.Total, st.Total)
		}
	})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
