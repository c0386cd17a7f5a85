package petition_test

import (
	"testing"
	"time"

	"congvu"
	"congvu/org"
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

// Moving out of a unit frees nobody from the petitions about it submitted
// while they were there; petitions submitted after they left concern them
// no longer.
func TestPolicyFormerUnits(t *testing.T) {
	submitted := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	p := &petition.Petition{UnitID: 3, UnitPath: "/1/2/3/", HandlerUnitID: 2, HandlerPath: "/1/2/", SubmittedAt: submitted}
	left := func(d time.Duration) *time.Time { t := submitted.Add(d); return &t }
	sup := func(former ...org.Membership) petition.Viewer {
		return petition.Viewer{Actor: &congvu.Actor{UserID: 1, OfficialID: 40, Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitPath: "/1/"}}},
			OfficialPath: "/1/5/", Former: former}
	}
	for _, c := range []struct {
		name       string
		v          petition.Viewer
		conflicted bool
	}{
		{"never in the unit", sup(), false},
		{"left the unit after the petition came", sup(org.Membership{UnitPath: "/1/2/3/", Ended: left(time.Hour)}), true},
		{"left a hamlet below it after", sup(org.Membership{UnitPath: "/1/2/3/9/", Ended: left(24 * time.Hour)}), true},
		{"left the unit before the petition came", sup(org.Membership{UnitPath: "/1/2/3/", Ended: left(-time.Hour)}), false},
		{"left a sibling unit after", sup(org.Membership{UnitPath: "/1/2/4/", Ended: left(time.Hour)}), false},
	} {
		if got := c.v.Conflicted(p); got != c.conflicted {
			t.Errorf("%s: conflicted %v", c.name, got)
		}
		if got := c.v.CanView(p); got == c.conflicted {
			t.Errorf("%s: can view %v", c.name, got)
		}
	}
}
