package incidentsql_test

import (
	"bytes"
	"congvu"
	"congvu/blob"
	"congvu/incident"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/incidentsql"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"context"
	"image"
	"image/jpeg"
	"io"
	"testing"
	"time"
)

// fixture: province P1 with communes D1 and D2, province P2; an official
// of D1 who records (staffD1), an official of D2, heads of P1, D1, D2, P2,
// a supervisor of P1.
type fixture struct {
	db                               *sqldb.DB
	svc                              *incidentsql.Service
	x                                sqldbtest.Tree
	staffD1, staffD2, headD1, headD2 context.Context
	headP1, headP2, supP1, outsider  context.Context
}

func newFixture(t *testing.T, db *sqldb.DB) *fixture {
	t.Helper()
	blobs, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, svc: incidentsql.NewService(db, blobs)}
	sqldbtest.SetClock(db)
	f.x = sqldbtest.MakeTree(t, db)
	us := orgsql.NewUserService(db)
	offs := orgsql.NewOfficialService(db)
	as := func(name string, role congvu.Role, unit int64, path string) context.Context {
		in := org.UserInput{Username: name, FullName: "Người dùng " + name, Password: sqldbtest.Password, Active: true,
			Grants: []congvu.Grant{{Role: role, UnitID: unit}}}
		if role == congvu.RoleOfficial {
			in.OfficialID = sqldbtest.Official(t, offs, unit, "O"+name, "Cán bộ "+name, org.CategoryCivilServant).ID
		}
		u, err := us.CreateUser(sqldbtest.Sys(), in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Write.Exec(`UPDATE users SET email = $1 WHERE id = $2`, name+"@congvu.test", u.ID); err != nil {
			t.Fatal(err)
		}
		a := sqldbtest.Actor(u.ID, role, unit, path)
		a.FullName = "Người dùng " + name
		return sqldbtest.As(a)
	}
	f.staffD1 = as("staffd1", congvu.RoleOfficial, f.x.D1, f.x.D1Path)
	f.staffD2 = as("staffd2", congvu.RoleOfficial, f.x.D2, f.x.D2Path)
	f.headD1 = as("headd1", congvu.RoleUnitHead, f.x.D1, f.x.D1Path)
	f.headD2 = as("headd2", congvu.RoleUnitHead, f.x.D2, f.x.D2Path)
	f.headP1 = as("headp1", congvu.RoleUnitHead, f.x.P1, f.x.P1Path)
	f.headP2 = as("headp2", congvu.RoleUnitHead, f.x.P2, f.x.P2Path)
	f.supP1 = as("supp1", congvu.RoleSupervisor, f.x.P1, f.x.P1Path)
	f.outsider = sqldbtest.As(nil)
	return f
}

func (f *fixture) input(sev incident.Severity) incident.Input {
	return incident.Input{UnitID: f.x.D1, OccurredAt: f.db.Now().Add(-2 * time.Hour), Place: "Bộ phận một cửa, tầng 1",
		Kind: incident.KindStaffAbuse, Severity: sev, Summary: "Một người đàn ông khoảng 40 tuổi to tiếng, xúc phạm cán bộ tiếp nhận hồ sơ.",
		People: "Nam, khoảng 40 tuổi, mặc áo xanh", Harm: "Không", PoliceCalled: true, Outcome: "Công an xã đến mời ra khỏi trụ sở."}
}

func (f *fixture) record(t *testing.T, sev incident.Severity) *incident.Incident {
	t.Helper()
	x, err := f.svc.Record(f.staffD1, f.input(sev))
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func TestIncidentReadersAndRecorder(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		x := f.record(t, incident.SeverityModerate)
		for name, ctx := range map[string]context.Context{"recorder": f.staffD1, "head D1": f.headD1, "head P1": f.headP1, "supervisor P1": f.supP1} {
			if _, err := f.svc.FindIncident(ctx, x.ID); err != nil {
				t.Errorf("%s cannot read: %v", name, err)
			}
			list, total, err := f.svc.FindIncidents(ctx, incident.Filter{})
			if err != nil || total != 1 || len(list) != 1 {
				t.Errorf("%s lists %d (%v)", name, total, err)
			}
		}
		for name, ctx := range map[string]context.Context{"official D2": f.staffD2, "head D2": f.headD2, "head P2": f.headP2} {
			_, err := f.svc.FindIncident(ctx, x.ID)
			sqldbtest.Code(t, err, congvu.ENOTFOUND)
			if _, total, err := f.svc.FindIncidents(ctx, incident.Filter{}); err != nil || total != 0 {
				t.Errorf("%s lists %d (%v)", name, total, err)
			}
			if c, err := f.svc.Counts(ctx, incident.Filter{}); err != nil || len(c) != 0 {
				t.Errorf("%s counts %v (%v)", name, c, err)
			}
		}
		_, err := f.svc.FindIncident(f.outsider, x.ID)
		sqldbtest.Code(t, err, congvu.EUNAUTH)
		_, _, err = f.svc.FindIncidents(f.outsider, incident.Filter{})
		sqldbtest.Code(t, err, congvu.EUNAUTH)
		// An official of another unit may not record there either.
		in := f.input(incident.SeverityMinor)
		_, err = f.svc.Record(f.staffD2, in)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		// Nor review it: they do not even learn it exists.
		_, err = f.svc.Review(f.headD2, x.ID, incident.ReviewInput{Severity: incident.SeverityMinor})
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		// The recorder reads but does not review.
		_, err = f.svc.Review(f.staffD1, x.ID, incident.ReviewInput{Severity: incident.SeverityMinor})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		// The audit log hides the incident's events from those who do not read it.
		// A national supervisor who reads the whole log but holds a grant
		// elsewhere... here: a supervisor of the root sees them (they read
		// the incidents); an administrator of the root, who does not read
		// incidents, does not.
		us := orgsql.NewUserService(db)
		adm := sqldbtest.User(t, us, "admroot", congvu.RoleAdmin, 1)
		audit := sqldb.NewAuditService(db)
		evs, _, err := audit.FindAuditEvents(sqldbtest.As(sqldbtest.Actor(adm.ID, congvu.RoleAdmin, 1, congvu.RootUnitPath)), congvu.AuditFilter{Kind: "incident."})
		if err != nil || len(evs) != 0 {
			t.Errorf("the administrator sees %d incident events (%v)", len(evs), err)
		}
		evs, _, err = audit.FindAuditEvents(f.supP1, congvu.AuditFilter{Kind: "incident."})
		if err != nil || len(evs) != 1 {
			t.Errorf("supervisor P1 sees %d incident events (%v)", len(evs), err)
		}
	})
}

func TestIncidentBadInputSavesNothing(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		in := f.input(incident.SeverityMinor)
		in.Summary, in.Place, in.Kind = "  \x00 ", "", "nope"
		in.OccurredAt = db.Now().Add(48 * time.Hour)
		_, err := f.svc.Record(f.staffD1, in)
		sqldbtest.Code(t, err, congvu.EINVALID)
		fields := congvu.ErrorFields(err)
		for _, k := range []string{"summary", "place", "kind", "occurred_at"} {
			if fields[k] == "" {
				t.Errorf("no message for %s: %v", k, fields)
			}
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM incidents`); n != 0 {
			t.Fatalf("%d incidents saved", n)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE entity_type = 'incident'`); n != 0 {
			t.Fatalf("%d events", n)
		}
	})
}

func TestIncidentEscalationNoticeOnce(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		minor := f.record(t, incident.SeverityMinor)
		_, err := f.svc.Escalate(f.headD1, minor.ID, "")
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		x := f.record(t, incident.SeveritySerious)
		_, err = f.svc.Escalate(f.staffD1, x.ID, "")
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		got, err := f.svc.Escalate(f.headD1, x.ID, "Đề nghị tỉnh chỉ đạo công an tăng cường bảo vệ.")
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != incident.StatusEscalated || got.EscalatedToID != f.x.P1 {
			t.Fatalf("%+v", got)
		}
		_, err = f.svc.Escalate(f.headD1, x.ID, "")
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		_, err = f.svc.Escalate(f.headP1, x.ID, "")
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM outbox WHERE to_addr = 'headp1@congvu.test'`); n != 1 {
			t.Fatalf("%d notices to the parent's head", n)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM outbox`); n != 1 {
			t.Fatalf("%d notices in all", n)
		}
		var body string
		if err := db.Read.QueryRow(`SELECT body FROM outbox`).Scan(&body); err != nil {
			t.Fatal(err)
		}
		if want := "áo xanh"; contains(body, want) {
			t.Fatalf("the notice describes the people involved: %s", body)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'incident.escalate'`); n != 1 {
			t.Fatalf("%d escalation events", n)
		}
		// The parent's head reads it; the counts of P1 show it under D1.
		counts, err := f.svc.Counts(f.headP1, incident.Filter{UnitID: f.x.P1})
		if err != nil || len(counts) != 1 || counts[0].UnitID != f.x.D1 || counts[0].Total != 2 || counts[0].Serious != 1 || counts[0].Abuse != 2 {
			t.Fatalf("%+v %v", counts, err)
		}
	})
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// photoJPEG is a small JPEG with an EXIF segment holding a GPS position.
func photoJPEG(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 16, 16)), nil); err != nil {
		t.Fatal(err)
	}
	payload := []byte("Exif\x00\x00MM\x00\x2a GPS 20.4463N 106.3366E")
	raw := b.Bytes()
	seg := append([]byte{0xFF, 0xE1, 0, byte(len(payload) + 2)}, payload...)
	return append(append(append([]byte{}, raw[:2]...), seg...), raw[2:]...)
}

// A photo is stored without its metadata, added only by the recorder or a
// head, and opened only by those who read the incident.
func TestIncidentPhotosClean(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		x := f.record(t, incident.SeverityMinor)
		p, err := f.svc.AddPhoto(f.staffD1, x.ID, bytes.NewReader(photoJPEG(t)))
		if err != nil {
			t.Fatal(err)
		}
		_, rc, err := f.svc.OpenPhoto(f.headP1, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if p.ContentType != "image/jpeg" || bytes.Contains(b, []byte("GPS")) || len(b) == 0 {
			t.Fatalf("stored %s, %d bytes, GPS kept: %v", p.ContentType, len(b), bytes.Contains(b, []byte("GPS")))
		}
		_, _, err = f.svc.OpenPhoto(f.headD2, p.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = f.svc.AddPhoto(f.staffD2, x.ID, bytes.NewReader(photoJPEG(t)))
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = f.svc.AddPhoto(f.supP1, x.ID, bytes.NewReader(photoJPEG(t)))
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, err = f.svc.AddPhoto(f.staffD1, x.ID, bytes.NewReader([]byte("not an image at all")))
		sqldbtest.Code(t, err, congvu.EINVALID)
		if list, err := f.svc.ListPhotos(f.headD1, x.ID); err != nil || len(list) != 1 {
			t.Fatalf("%d photos (%v)", len(list), err)
		}
	})
}
