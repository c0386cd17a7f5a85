package demo_test

import (
	"bytes"
	"context"
	"testing"

	"congvu"
	"congvu/demo"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

func services(t *testing.T, db *sqldb.DB) congvu.Services {
	t.Helper()
	std := sqldb.NewStandardService(db)
	if _, err := std.EnsureCatalog(context.Background()); err != nil {
		t.Fatal(err)
	}
	return congvu.Services{
		Units:     sqldb.NewUnitService(db),
		Officials: sqldb.NewOfficialService(db),
		Users:     sqldb.NewUserService(db),
		Standards: std,
		Audit:     sqldb.NewAuditService(db),
		Limiter:   sqldb.NewRateLimiter(db),
	}
}

func auditCount(t *testing.T, ctx context.Context, s congvu.Services) int {
	t.Helper()
	_, n, err := s.Audit.FindAuditEvents(ctx, congvu.AuditFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestLoad(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := services(t, db)
		ctx := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("test"))

		res, err := demo.Load(ctx, s, demo.Options{Logf: t.Logf})
		if err != nil {
			t.Fatal(err)
		}
		if res.AlreadyLoaded {
			t.Fatal("first load reports AlreadyLoaded")
		}
		// Tỉnh Thái Bình: the province, 8 districts, 242 communes.
		if res.Units.Created != 251 {
			t.Errorf("units created = %d, want 251", res.Units.Created)
		}
		if res.UnitsCreated != 12 {
			t.Errorf("agencies created = %d, want 12", res.UnitsCreated)
		}
		if res.OfficialsCreated != demo.OfficialCount() || res.OfficialsCreated < 300 {
			t.Errorf("officials created = %d, want %d (300-400)", res.OfficialsCreated, demo.OfficialCount())
		}
		if res.UsersCreated != len(congvu.Roles) {
			t.Errorf("users created = %d, want one per role (%d)", res.UsersCreated, len(congvu.Roles))
		}
		if !res.LocalItemCreated {
			t.Error("local standard item not created")
		}

		province, err := s.Units.FindUnitByCode(ctx, demo.ProvinceCode)
		if err != nil {
			t.Fatal(err)
		}
		if province.Name != "Tỉnh Thái Bình" {
			t.Errorf("province %q", province.Name)
		}
		_, n, err := s.Officials.FindOfficials(ctx, congvu.OfficialFilter{UnitID: province.ID, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if n != demo.OfficialCount() {
			t.Errorf("%d officials in the province, want %d", n, demo.OfficialCount())
		}
		hospital, err := s.Units.FindUnitByCode(ctx, "34.SYT.BVDK")
		if err != nil {
			t.Fatal(err)
		}
		if hospital.Kind != congvu.KindServiceUnit {
			t.Errorf("hospital kind %s", hospital.Kind)
		}
		staff, _, err := s.Officials.FindOfficials(ctx, congvu.OfficialFilter{UnitID: hospital.ID, Limit: congvu.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range staff {
			if o.Category != congvu.CategoryPublicEmployee && o.Category != congvu.CategoryWorker {
				t.Errorf("hospital %s %q is %s", o.FullName, o.Position, o.Category)
			}
		}
		items, err := s.Standards.FindLocalItems(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 1 || items[0].Code != demo.LocalItemCode {
			t.Errorf("local items %+v", items)
		}

		// Every account signs in, holds its role on its scope, and is
		// linked to its official record.
		for _, a := range demo.Accounts() {
			sess, err := s.Users.Authenticate(context.Background(), a.Username, a.Password)
			if err != nil {
				t.Errorf("%s cannot sign in: %v", a.Username, err)
				continue
			}
			actor, err := s.Users.ActorBySession(context.Background(), sess.Token)
			if err != nil {
				t.Fatal(err)
			}
			if len(actor.Grants) != 1 || actor.Grants[0].Role != a.Role || actor.Grants[0].UnitName != a.UnitName {
				t.Errorf("%s grants %+v, want %s on %s", a.Username, actor.Grants, a.Role, a.UnitName)
			}
			if a.EmployeeCode != "" {
				o, err := s.Officials.FindOfficialByID(ctx, actor.OfficialID)
				if err != nil {
					t.Fatalf("%s: linked official: %v", a.Username, err)
				}
				if o.EmployeeCode != a.EmployeeCode || o.FullName != a.FullName {
					t.Errorf("%s linked to %s %s, want %s %s", a.Username, o.EmployeeCode, o.FullName, a.EmployeeCode, a.FullName)
				}
			}
		}

		// A second load finds the demo and writes nothing.
		before := auditCount(t, ctx, s)
		again, err := demo.Load(ctx, s, demo.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !again.AlreadyLoaded {
			t.Error("second load did not detect the demo")
		}
		if after := auditCount(t, ctx, s); after != before {
			t.Errorf("second load wrote %d audit events", after-before)
		}
	})
}

// An interrupted load resumes: what exists is kept, the rest is added.
func TestLoadResumes(t *testing.T) {
	db := sqldbtest.SQLite(t)
	s := services(t, db)
	ctx := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("test"))
	if _, err := s.Units.ImportUnits(ctx, bytes.NewReader(demo.ProvinceFile()), nil); err != nil {
		t.Fatal(err)
	}
	province, err := s.Units.FindUnitByCode(ctx, demo.ProvinceCode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Units.CreateUnit(ctx, congvu.UnitInput{Code: "34.SNV", Name: "Sở Nội vụ", Kind: congvu.KindDepartment, ParentID: province.ID}); err != nil {
		t.Fatal(err)
	}
	res, err := demo.Load(ctx, s, demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.AlreadyLoaded || res.Units.Created != 0 || res.Units.Unchanged != 251 {
		t.Errorf("units: %+v (already %v)", res.Units, res.AlreadyLoaded)
	}
	if res.UnitsCreated != 11 {
		t.Errorf("agencies created = %d, want 11", res.UnitsCreated)
	}
	if res.OfficialsCreated != demo.OfficialCount() {
		t.Errorf("officials created = %d", res.OfficialsCreated)
	}
}
