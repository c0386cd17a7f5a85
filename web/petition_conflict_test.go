package web_test

import (
	"net/http"
	"strings"
	"testing"

	"congvu"
	"congvu/org"
)

// Issue 9, item 3: the dashboard and its export count what their reader
// may open. The head of the department whose own record lies in it sees
// none of the petitions about it — in the list, the dashboard or the CSV;
// a head of it who works elsewhere sees them all, in each.
func TestPetitionDashboardExportHidesOwnUnit(t *testing.T) {
	e := newEnv(t)
	paSeed(t, e)
	snv := e.units["34.SNV"]
	rec, err := e.svc.Officials.CreateOfficial(sysCtx(), org.OfficialInput{UnitID: snv.ID, EmployeeCode: "TT-001", FullName: "Nguyễn Thủ Trưởng",
		Category: org.CategoryCivilServant, IsLeader: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct {
		name     string
		official int64
		want     string
	}{{"thutruong", rec.ID, "0"}, {"thutruong.ngoai", 0, "7"}} {
		if _, err := e.svc.Users.CreateUser(sysCtx(), org.UserInput{Username: u.name, FullName: "Thủ Trưởng", Password: testPassword, Active: true,
			OfficialID: u.official, Grants: []congvu.Grant{{Role: congvu.RoleUnitHead, UnitID: snv.ID}}}); err != nil {
			t.Fatal(err)
		}
		c := e.client().login(u.name)
		r := c.get("/petitions/dashboard/export?format=csv")
		r.want(t, http.StatusOK)
		if !strings.Contains(r.Body, "Tổng số phản ánh,"+u.want+"\r\n") && !strings.Contains(r.Body, "Tổng số phản ánh,"+u.want+"\n") {
			t.Errorf("%s: the export does not count %s petitions:\n%s", u.name, u.want, r.Body)
		}
		if u.want == "0" && strings.Contains(r.Body, "Phạm Văn Bình") {
			t.Errorf("%s: the export names the official of a petition about his unit", u.name)
		}
		list := c.get("/petitions")
		if u.want == "0" {
			list.want(t, http.StatusOK)
			list.lacks(t, "Phạm Văn Bình", "Có <strong>")
		} else {
			list.want(t, http.StatusOK, "Có <strong>"+u.want+"</strong> phản ánh")
		}
	}
}
