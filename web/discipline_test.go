package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"congvu"
	"congvu/org"
	"congvu/violation"
)

// Who may use the discipline pages. The object "case" is a khiển trách
// case (172/2025, no council) about another official of 34.SNV (in
// scope) or an official of province 01 (out of scope); the official role
// is not the one concerned. A system administrator reads no case.
func init() {
	caseReaders := allowedRoles(superv, head, inspect)
	runs := allowedRoles(superv, head)
	decides := allowedRoles(head)
	for k, v := range map[string]expectation{
		"GET /discipline":                   {In: allowedRoles(superv, head, inspect, official)}, // the official: their own cases
		"GET /discipline/new":               {In: runs},
		"POST /discipline/new":              {In: runs},
		"GET /discipline/{id}":              {In: caseReaders, Out: nobody, object: "case"},
		"POST /discipline/{id}/review":      {In: runs, Out: nobody, object: "case"},
		"POST /discipline/{id}/council":     {In: runs, Out: nobody, object: "case"},
		"POST /discipline/{id}/decision":    {In: decides, Out: nobody, object: "case"},
		"POST /discipline/{id}/notify":      {In: runs, Out: nobody, object: "case"},
		"POST /discipline/{id}/complaint":   {In: caseReaders, Out: nobody, object: "case"},
		"POST /discipline/{id}/settle":      {In: decides, Out: nobody, object: "case"},
		"POST /discipline/{id}/defer":       {In: decides, Out: nobody, object: "case"},
		"POST /discipline/{id}/resume":      {In: runs, Out: nobody, object: "case"},
		"POST /discipline/{id}/drop":        {In: decides, Out: nobody, object: "case"},
		"GET /discipline/{id}/docs/{x}.pdf": {},
	} {
		if strings.Contains(k, "{x}") {
			for _, d := range []string{"bien-ban-kiem-diem", "bien-ban-hoi-dong", "quyet-dinh", "thong-bao"} {
				for _, f := range []string{"pdf", "docx"} {
					in := caseReaders
					if d == "bien-ban-hoi-dong" {
						in = nobody // khiển trách under 172/2025: no council
					}
					authzTable["GET /discipline/{id}/docs/"+d+"."+f] = expectation{In: in, Out: nobody, object: "case"}
				}
			}
			continue
		}
		authzTable[k] = v
	}
}

// disciplineCase opens, as a supervisor of unit (o's), a violation naming
// o (act today, an observation as evidence) and a khiển trách case for
// it; it returns the case.
func (e *env) disciplineCase(o *org.Official, unit string) *violation.Case {
	e.t.Helper()
	name := "giamsat-" + strings.ReplaceAll(strings.ToLower(unit), ".", "-")
	if _, err := e.svc.Users.CreateUser(sysCtx(), org.UserInput{Username: name, FullName: "Giám Sát " + unit, Password: testPassword, Active: true,
		Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: e.units[unit].ID}}}); err != nil && congvu.ErrorCode(err) != congvu.ECONFLICT {
		e.t.Fatal(err)
	}
	ctx := e.actorCtx(name)
	v, err := e.svc.Violations.CreateViolation(ctx, violation.Input{UnitID: o.UnitID, ActDate: congvu.Date(e.db.Now()),
		ItemCodes: []string{"GT-XC"}, Description: "Không chào hỏi, quát nạt người dân đến nộp hồ sơ.", OfficialIDs: []int64{o.ID},
		Evidence: []congvu.EvidenceRef{{Kind: congvu.EvidenceObservation}}, Notes: map[int]string{0: "Biên bản ghi nhận của thủ trưởng đơn vị."}})
	if err != nil {
		e.t.Fatalf("violation: %v %v", err, congvu.ErrorFields(err))
	}
	c, err := e.svc.Discipline.OpenCase(ctx, violation.CaseInput{OfficialID: o.ID, ViolationIDs: []int64{v.ID},
		Severity: violation.SeverityMinor, ProposedForm: violation.FormReprimand})
	if err != nil {
		e.t.Fatalf("case: %v %v", err, congvu.ErrorFields(err))
	}
	return c
}

// A system administrator, national or provincial, reads no discipline
// case: not the list, not a case, not its documents.
func TestDisciplineSystemAdminReadsNoCase(t *testing.T) {
	e := newEnv(t)
	o, err := e.svc.Officials.CreateOfficial(sysCtx(), org.OfficialInput{UnitID: e.units["34.SNV"].ID, EmployeeCode: "KL-1",
		FullName: "Phạm Văn Khải", Category: org.CategoryCivilServant})
	if err != nil {
		t.Fatal(err)
	}
	c := e.disciplineCase(o, "34.SNV")
	admin := e.client().login("admin")
	admin.get("/discipline").want(t, http.StatusForbidden).lacks(t, "Phạm Văn Khải")
	admin.get("/discipline/"+itoa(c.ID)).want(t, http.StatusForbidden).lacks(t, "Phạm Văn Khải")
	admin.get("/discipline/"+itoa(c.ID)+"/docs/quyet-dinh.docx").want(t, http.StatusForbidden)
	admin.post("/discipline/"+itoa(c.ID)+"/drop", url.Values{"drop_reason": {"Thử"}}).want(t, http.StatusForbidden)
	e.client().login("noivu").get("/discipline").want(t, http.StatusOK, "Phạm Văn Khải")
}
