package petition_test

import (
	"testing"

	"congvu"
	"congvu/petition"
)

// Who sees and who handles a petition about an official of commune /1/2/3/
// handled by its district /1/2/.
func TestPolicy(t *testing.T) {
	p := &petition.Petition{UnitID: 3, UnitPath: "/1/2/3/", OfficialID: 30, HandlerUnitID: 2, HandlerPath: "/1/2/"}
	viewer := func(role congvu.Role, scope string, official int64, officialPath string) petition.Viewer {
		return petition.Viewer{Actor: &congvu.Actor{UserID: 1, OfficialID: official,
			Grants: []congvu.Grant{{Role: role, UnitPath: scope}}}, OfficialPath: officialPath}
	}
	for _, c := range []struct {
		name                      string
		v                         petition.Viewer
		conflicted, view, handle  bool
		insider, mayHandleCommune bool
	}{
		{"district supervisor", viewer(congvu.RoleSupervisor, "/1/2/", 0, ""), false, true, true, true, false},
		{"the subject, head of their commune", viewer(congvu.RoleUnitHead, "/1/2/3/", 30, "/1/2/3/"), true, false, false, false, false},
		{"a colleague in a hamlet below", viewer(congvu.RoleSupervisor, "/1/2/", 31, "/1/2/3/9/"), true, false, false, false, false},
		{"the commune head, not an official there", viewer(congvu.RoleUnitHead, "/1/2/3/", 0, ""), false, true, false, false, false},
		{"a national administrator", viewer(congvu.RoleAdmin, "/1/", 0, ""), false, true, false, false, false},
		{"a provincial inspector above", viewer(congvu.RoleInspector, "/1/", 0, ""), false, true, true, true, false},
		{"another district's supervisor", viewer(congvu.RoleSupervisor, "/1/5/", 0, ""), false, false, false, false, false},
	} {
		if got := c.v.Conflicted(p); got != c.conflicted {
			t.Errorf("%s: conflicted %v", c.name, got)
		}
		if got := c.v.CanView(p); got != c.view {
			t.Errorf("%s: can view %v", c.name, got)
		}
		if got := c.v.CanHandle(p); got != c.handle {
			t.Errorf("%s: can handle %v", c.name, got)
		}
		if got := c.v.Insider(p); got != c.insider {
			t.Errorf("%s: insider %v", c.name, got)
		}
	}
	for path, ok := range map[string]bool{"/1/2/": true, "/1/": true, "/1/2/3/": false, "/1/2/3/9/": false, "/1/2/4/": true} {
		if p.MayBeHandledBy(path) != ok {
			t.Errorf("handled by %s: %v", path, !ok)
		}
	}
}
