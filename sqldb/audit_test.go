package sqldb_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
)

func fxKinds(list []*congvu.AuditEvent) string {
	var s []string
	for _, e := range list {
		s = append(s, e.Kind)
	}
	return strings.Join(s, ",")
}

func TestAuditEventsScopeAndFilters(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clock := sqldbtest.SetClock(db)
		t0 := clock.Now()
		tr := sqldbtest.MakeTree(t, db)
		offs := orgsql.NewOfficialService(db)
		us := orgsql.NewUserService(db)
		as := sqldb.NewAuditService(db)

		// 02:30 user.create (P1) by the system, then user.login (no unit).
		hoa := sqldbtest.User(t, us, "hoa.pt", congvu.RoleAdmin, tr.P1)
		if _, err := us.UpdateUser(sqldbtest.Sys(), hoa.ID, org.UserInput{Username: "hoa.pt", FullName: "Phạm Thị Hoà", Active: true,
			Grants: []congvu.Grant{{Role: congvu.RoleAdmin, UnitID: tr.P1}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := us.Authenticate(context.Background(), "hoa.pt", sqldbtest.Password); err != nil {
			t.Fatal(err)
		}
		// 04:30 official.create in D1 and P2 by the system.
		clock.Add(2 * time.Hour)
		sqldbtest.Official(t, offs, tr.D1, "CB1", "Nguyễn Văn Ân", org.CategoryCivilServant)
		sqldbtest.Official(t, offs, tr.P2, "CB2", "Lê Văn Bình", org.CategoryCivilServant)
		// 06:30 official.create in D2 by Hoà through an API token.
		clock.Add(2 * time.Hour)
		hoaActor := &congvu.Actor{UserID: hoa.ID, Username: "hoa.pt", FullName: "Phạm Thị Hoà", TokenID: 7,
			Grants: []congvu.Grant{{Role: congvu.RoleAdmin, UnitID: tr.P1, UnitPath: tr.P1Path}}}
		hoaCtx := congvu.NewContextWithMeta(sqldbtest.As(hoaActor), congvu.RequestMeta{IP: "203.0.113.9"})
		fxOfficialAs := func(ctx context.Context, unit int64, code, name string) {
			if _, err := offs.CreateOfficial(ctx, org.OfficialInput{UnitID: unit, EmployeeCode: code, FullName: name, Category: org.CategoryCadre}); err != nil {
				t.Fatal(err)
			}
		}
		fxOfficialAs(hoaCtx, tr.D2, "CB3", "Trần Văn Cường")

		find := func(ctx context.Context, f congvu.AuditFilter) ([]*congvu.AuditEvent, int) {
			t.Helper()
			list, total, err := as.FindAuditEvents(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			return list, total
		}

		// The whole tree sees everything, newest first.
		all, total := find(sqldbtest.Sys(), congvu.AuditFilter{})
		if total != 6 || fxKinds(all) != "official.create,official.create,official.create,user.login,user.update,user.create" {
			t.Fatalf("root sees %s (%d)", fxKinds(all), total)
		}
		if !all[0].At.Equal(t0.Add(4*time.Hour)) || all[0].ActorID != hoa.ID || all[0].ActorName != "Phạm Thị Hoà (API)" ||
			all[0].UnitID != tr.D2 || all[0].UnitName != "Huyện Hai" || all[0].IP != "203.0.113.9" || all[0].EntityType != "official" {
			t.Fatalf("newest event %+v", all[0])
		}
		for _, e := range all {
			if (e.Before != nil && !json.Valid(e.Before)) || (e.After != nil && !json.Valid(e.After)) {
				t.Fatalf("%s: invalid JSON before %s after %s", e.Kind, e.Before, e.After)
			}
		}
		if !strings.Contains(string(all[0].After), "Trần Văn Cường") {
			t.Fatalf("after of official.create: %s", all[0].After)
		}

		// A provincial administrator sees only events of the province;
		// sign-ins (no unit) stay with the whole tree.
		p1 := sqldbtest.As(sqldbtest.Actor(100, congvu.RoleSupervisor, tr.P1, tr.P1Path))
		list, total := find(p1, congvu.AuditFilter{})
		if total != 4 || fxKinds(list) != "official.create,official.create,user.update,user.create" {
			t.Fatalf("P1 sees %s (%d)", fxKinds(list), total)
		}
		for _, e := range list {
			if e.UnitID == tr.P2 {
				t.Fatal("P1 sees an event of P2")
			}
		}
		d1 := sqldbtest.As(sqldbtest.Actor(101, congvu.RoleAdmin, tr.D1, tr.D1Path))
		if list, total := find(d1, congvu.AuditFilter{}); total != 1 || list[0].UnitID != tr.D1 {
			t.Fatalf("D1 sees %s (%d)", fxKinds(list), total)
		}
		_, _, err := as.FindAuditEvents(sqldbtest.As(sqldbtest.Actor(102, congvu.RoleInspector, tr.P1, tr.P1Path)), congvu.AuditFilter{})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, _, err = as.FindAuditEvents(context.Background(), congvu.AuditFilter{})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)

		for _, c := range []struct {
			name string
			ctx  context.Context
			f    congvu.AuditFilter
			want int
		}{
			{"kind prefix", sqldbtest.Sys(), congvu.AuditFilter{Kind: "user."}, 3},
			{"kind exact", sqldbtest.Sys(), congvu.AuditFilter{Kind: "user.login"}, 1},
			{"kind prefix needs the dot", sqldbtest.Sys(), congvu.AuditFilter{Kind: "user"}, 0},
			{"kind prefix in scope", p1, congvu.AuditFilter{Kind: "official."}, 2},
			{"actor by id", sqldbtest.Sys(), congvu.AuditFilter{ActorID: hoa.ID}, 2},
			{"actor by folded name", sqldbtest.Sys(), congvu.AuditFilter{Actor: "pham thi hoa"}, 2},
			{"actor by name with diacritics", sqldbtest.Sys(), congvu.AuditFilter{Actor: "Phạm Thị Hoà"}, 2},
			{"actor by username", sqldbtest.Sys(), congvu.AuditFilter{Actor: "HOA.PT"}, 2},
			{"system actor", sqldbtest.Sys(), congvu.AuditFilter{Actor: "system"}, 4},
			{"unit subtree", sqldbtest.Sys(), congvu.AuditFilter{UnitID: tr.P1}, 4},
			{"unit leaf", p1, congvu.AuditFilter{UnitID: tr.D2}, 1},
			{"unit outside scope", p1, congvu.AuditFilter{UnitID: tr.P2}, 0},
			{"from", sqldbtest.Sys(), congvu.AuditFilter{From: t0.Add(time.Hour)}, 3},
			{"to (exclusive)", sqldbtest.Sys(), congvu.AuditFilter{To: t0.Add(2 * time.Hour)}, 3},
			{"from-to in Vietnam time", sqldbtest.Sys(), congvu.AuditFilter{From: t0.Add(2 * time.Hour).In(congvu.TimeZone), To: t0.Add(4 * time.Hour).In(congvu.TimeZone)}, 2},
		} {
			if _, total := find(c.ctx, c.f); total != c.want {
				t.Errorf("%s: %d events, want %d", c.name, total, c.want)
			}
		}
		if list, total := find(sqldbtest.Sys(), congvu.AuditFilter{Limit: 2, Offset: 1}); total != 6 || len(list) != 2 || list[0].ID != all[1].ID {
			t.Fatalf("page: %d events, total %d", len(list), total)
		}

		kinds, err := as.AuditKinds(p1)
		if err != nil || strings.Join(kinds, ",") != "official.create,user.create,user.login,user.update" {
			t.Fatalf("kinds %v, %v", kinds, err)
		}
		_, err = as.AuditKinds(sqldbtest.As(sqldbtest.Actor(102, congvu.RoleInspector, tr.P1, tr.P1Path)))
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
	})
}
