package violationsql_test

import (
	"congvu"
	"congvu/org"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/inspectionsql"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
	"congvu/sqldb/violationsql"
	"congvu/violation"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// fakePetitions serves concluded petitions to those who may view their
// unit (petitionsql has its own tests of who sees a petition).
type fakePetitions struct {
	petition.Service
	list map[int64]*petition.Petition
}

func (f *fakePetitions) FindPetition(ctx context.Context, id int64) (*petition.Petition, error) {
	p := f.list[id]
	if p == nil || !congvu.ActorFromContext(ctx).Can(congvu.ActPetitionView, p.UnitPath) {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy phản ánh.")
	}
	c := *p
	return &c, nil
}

type vFix struct {
	db                             *sqldb.DB
	clock                          *sqldbtest.Clock
	vs                             *violationsql.ViolationService
	pets                           *fakePetitions
	P1, D1, C1, D2, P2             int64
	P1Path, D1Path, C1Path, D2Path string
	P2Path                         string
	an, binh, dung, chi            *org.Official
	headD1, headD2, headC1, headP2 *congvu.Actor
	sup, admin, anSelf             *congvu.Actor
	act                            time.Time // a day all officials were in their units
}

func staff(t *testing.T, us *orgsql.UserService, username string, role congvu.Role, unitID int64, path string, official int64) *congvu.Actor {
	t.Helper()
	u, err := us.CreateUser(sqldbtest.Sys(), org.UserInput{Username: username, FullName: "Cán bộ " + username, Password: sqldbtest.Password,
		OfficialID: official, Active: true, Grants: []congvu.Grant{{Role: role, UnitID: unitID}}})
	if err != nil {
		t.Fatalf("create user %s: %v", username, err)
	}
	return &congvu.Actor{UserID: u.ID, Username: username, FullName: u.FullName, OfficialID: official,
		Grants: []congvu.Grant{{Role: role, UnitID: unitID, UnitPath: path}}}
}

func setup(t *testing.T, db *sqldb.DB) *vFix {
	t.Helper()
	x := &vFix{db: db, clock: sqldbtest.SetClock(db)}
	x.P1, x.P1Path = sqldbtest.Unit(t, db, "/1/", "P1", "Tỉnh Một")
	x.D1, x.D1Path = sqldbtest.Unit(t, db, x.P1Path, "P1D1", "Huyện Một")
	x.C1, x.C1Path = sqldbtest.Unit(t, db, x.D1Path, "P1D1C1", "Xã Một")
	x.D2, x.D2Path = sqldbtest.Unit(t, db, x.P1Path, "P1D2", "Huyện Hai")
	x.P2, x.P2Path = sqldbtest.Unit(t, db, "/1/", "P2", "Tỉnh Hai")
	offs := orgsql.NewOfficialService(db)
	x.an = sqldbtest.Official(t, offs, x.C1, "AN", "Nguyễn Văn An", org.CategoryCivilServant)
	x.binh = sqldbtest.Official(t, offs, x.C1, "BINH", "Trần Thị Bình", org.CategoryCivilServant)
	x.dung = sqldbtest.Official(t, offs, x.D1, "DUNG", "Lê Văn Dũng", org.CategoryCivilServant)
	x.chi = sqldbtest.Official(t, offs, x.D2, "CHI", "Hoàng Văn Chí", org.CategoryCivilServant)
	std := standardsql.NewStandardService(db)
	if _, err := std.EnsureCatalog(context.Background()); err != nil {
		t.Fatal(err)
	}
	us := orgsql.NewUserService(db)
	x.headD1 = staff(t, us, "truong.d1", congvu.RoleUnitHead, x.D1, x.D1Path, x.dung.ID)
	x.headD2 = staff(t, us, "truong.d2", congvu.RoleUnitHead, x.D2, x.D2Path, x.chi.ID)
	x.headC1 = staff(t, us, "truong.c1", congvu.RoleUnitHead, x.C1, x.C1Path, x.binh.ID) // Bình heads the commune
	x.headP2 = staff(t, us, "truong.p2", congvu.RoleUnitHead, x.P2, x.P2Path, 0)
	x.sup = staff(t, us, "giamsat", congvu.RoleSupervisor, x.P1, x.P1Path, 0)
	x.admin = staff(t, us, "quantri", congvu.RoleAdmin, 1, congvu.RootUnitPath, 0)
	x.anSelf = staff(t, us, "canbo.an", congvu.RoleOfficial, x.C1, x.C1Path, x.an.ID)
	x.act = congvu.Date(x.clock.Now())
	x.clock.Add(10 * 24 * time.Hour)
	x.pets = &fakePetitions{list: map[int64]*petition.Petition{}}
	x.addPetition(901, x.C1, x.C1Path, x.an.ID, petition.Concluded, petition.ConclusionFounded)
	x.addPetition(902, x.C1, x.C1Path, x.an.ID, petition.Verifying, "")
	x.addPetition(903, x.P2, x.P2Path, 0, petition.Concluded, petition.ConclusionFounded)
	x.addPetition(904, x.C1, x.C1Path, x.binh.ID, petition.Concluded, petition.ConclusionUnfounded)
	x.addPetition(905, x.C1, x.C1Path, x.binh.ID, petition.Closed, petition.ConclusionPartly)
	x.addPetition(906, x.D2, x.D2Path, x.chi.ID, petition.Concluded, petition.ConclusionFounded)
	x.vs = violationsql.NewViolationService(db, std, x.pets, inspectionsql.NewInspectionService(db, std))
	return x
}

func (x *vFix) addPetition(id, unit int64, path string, official int64, st petition.Status, c petition.Conclusion) {
	x.pets.list[id] = &petition.Petition{ID: id, TrackingCode: "PA-TEST-0" + string(rune('0'+id%10)), UnitID: unit, UnitPath: path,
		OfficialID: official, Status: st, Conclusion: c, BreachedItems: []string{"TT-TT"}, UpdatedAt: x.clock.Now()}
}

func petitionRef(id int64) congvu.EvidenceRef {
	return congvu.EvidenceRef{Kind: congvu.EvidencePetition, ID: id}
}

// input is a valid violation at the commune naming officials, resting on
// petition 901.
func (x *vFix) input(officials ...int64) violation.Input {
	return violation.Input{UnitID: x.C1, ActDate: x.act, ItemCodes: []string{"tt-tt"},
		Description: "Đòi thêm giấy tờ không có trong quy định khi tiếp nhận hồ sơ.", OfficialIDs: officials,
		Evidence: []congvu.EvidenceRef{petitionRef(901)}}
}

func (x *vFix) create(t *testing.T, a *congvu.Actor, in violation.Input) *violation.Violation {
	t.Helper()
	v, err := x.vs.CreateViolation(sqldbtest.As(a), in)
	if err != nil {
		t.Fatalf("create violation: %v (%v)", err, congvu.ErrorFields(err))
	}
	return v
}

func TestCreateViolation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := setup(t, db)
		v := x.create(t, x.headD1, x.input(x.an.ID, x.binh.ID))
		if v.Status != violation.StatusOpen || len(v.Officials) != 2 || len(v.Evidence) != 1 || v.CatalogVersionID == 0 {
			t.Fatalf("created %+v", v)
		}
		if strings.Join(v.ItemCodes, ",") != "TT-TT" || v.ItemTitles[0] == "" || !v.ActDate.Equal(x.act) {
			t.Errorf("items %v %v, act %v", v.ItemCodes, v.ItemTitles, v.ActDate)
		}
		if e := v.Evidence[0]; e.ID != 901 || !strings.Contains(e.Summary, "PA-TEST-01") || strings.Contains(e.Official, "PA-") {
			t.Errorf("evidence %+v", e)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'violation.create' AND entity_id = $1`, v.ID); n != 1 {
			t.Errorf("%d create events", n)
		}
		got, err := x.vs.FindViolation(sqldbtest.As(x.sup), v.ID)
		if err != nil || got.ID != v.ID || got.Officials[0].FullName == "" {
			t.Fatalf("find: %v %+v", err, got)
		}
		list, total, err := x.vs.FindViolations(sqldbtest.As(x.sup), violation.Filter{Query: "nguyen van an"})
		if err != nil || total != 1 || len(list) != 1 || list[0].ID != v.ID {
			t.Fatalf("search: %v %d %v", err, total, list)
		}
		if _, total, _ := x.vs.FindViolations(sqldbtest.As(x.sup), violation.Filter{Query: "Chí"}); total != 0 {
			t.Errorf("search Chí: %d", total)
		}
		if _, total, _ := x.vs.FindViolations(sqldbtest.As(x.sup), violation.Filter{ItemCode: "tt-tt", OfficialID: x.binh.ID, UnitID: x.D1}); total != 1 {
			t.Errorf("filter: %d", total)
		}
		if _, total, _ := x.vs.FindViolations(sqldbtest.As(x.sup), violation.Filter{From: x.act.AddDate(0, 0, 1)}); total != 0 {
			t.Errorf("from filter: %d", total)
		}
		national := &congvu.Actor{UserID: x.sup.UserID, FullName: "Giám sát toàn quốc", Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: 1, UnitPath: congvu.RootUnitPath}}}
		for q, want := range map[string]int{"tran thi binh": 1, "Hoàng": 0, "": 1} {
			if _, total, err := x.vs.FindViolations(sqldbtest.As(national), violation.Filter{Query: q, Status: violation.StatusOpen, UnitID: x.D1}); err != nil || total != want {
				t.Errorf("national %q: %d %v", q, total, err)
			}
		}
	})
}

// One petition may support several violations (two officials' acts judged
// apart).
func TestOnePetitionTwoViolations(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := setup(t, db)
		a := x.create(t, x.headD1, x.input(x.an.ID))
		b := x.create(t, x.headD1, x.input(x.binh.ID))
		if a.ID == b.ID || sqldbtest.Count(t, db, `SELECT COUNT(*) FROM violation_evidence WHERE kind = 'petition' AND ref_id = 901`) != 2 {
			t.Fatal("petition 901 should support both violations")
		}
		x.create(t, x.headD1, x.input(x.an.ID, x.binh.ID))
		for _, c := range []struct{ offset, limit, n, total int }{{0, 2, 2, 3}, {2, 2, 1, 3}, {0, 5, 3, 3}, {3, 2, 0, 3}} {
			list, total, err := x.vs.FindViolations(sqldbtest.As(x.headD1), violation.Filter{Offset: c.offset, Limit: c.limit})
			if err != nil || len(list) != c.n || total != c.total {
				t.Errorf("page %+v: %d of %d, %v", c, len(list), total, err)
			}
		}
	})
}

// A head of a sibling unit, of another province, or a system administrator
// learns nothing of a violation: not found, absent from lists.
func TestViolationHiddenOutsideScope(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := setup(t, db)
		v := x.create(t, x.headD1, x.input(x.an.ID))
		for _, a := range []*congvu.Actor{x.headD2, x.headP2, x.admin} {
			_, err := x.vs.FindViolation(sqldbtest.As(a), v.ID)
			sqldbtest.Code(t, err, congvu.ENOTFOUND)
			list, total, err := x.vs.FindViolations(sqldbtest.As(a), violation.Filter{})
			if err != nil || total != 0 || len(list) != 0 {
				t.Errorf("%s lists %d: %v", a.Username, total, err)
			}
			_, err = x.vs.History(sqldbtest.As(a), v.ID)
			sqldbtest.Code(t, err, congvu.ENOTFOUND)
			_, err = x.vs.Handle(sqldbtest.As(a), v.ID, violation.HandlingInput{OfficialID: x.an.ID, Kind: violation.HandlingReminder, Note: "Nhắc nhở lần đầu."})
			sqldbtest.Code(t, err, congvu.ENOTFOUND)
		}
		// Neither may open one in the district's unit.
		for _, a := range []*congvu.Actor{x.headD2, x.admin} {
			_, err := x.vs.CreateViolation(sqldbtest.As(a), x.input(x.an.ID))
			sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		}
		// The sibling head cannot use a petition of another province.
		in := x.input(x.an.ID)
		in.Evidence = []congvu.EvidenceRef{petitionRef(903)}
		_, err := x.vs.CreateViolation(sqldbtest.As(x.headD1), in)
		sqldbtest.Code(t, err, congvu.EINVALID)
	})
}

// The official concerned reads their violation without who reported, the
// tracking code, the petition id, who opened it, nor another official's
// outcome.
func TestViolationOfficialView(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := setup(t, db)
		v := x.create(t, x.headD1, x.input(x.an.ID, x.binh.ID))
		if _, err := x.vs.Handle(sqldbtest.As(x.headD1), v.ID, violation.HandlingInput{OfficialID: x.binh.ID, Kind: violation.HandlingCriticism,
			Note: "Phê bình trước cuộc họp cơ quan."}); err != nil {
			t.Fatal(err)
		}
		got, err := x.vs.FindViolation(sqldbtest.As(x.anSelf), v.ID)
		if err != nil {
			t.Fatal(err)
		}
		own, err := x.vs.Mine(sqldbtest.As(x.anSelf))
		if err != nil || len(own.Violations) != 1 {
			t.Fatalf("mine: %v %+v", err, own)
		}
		for _, seen := range []*violation.Violation{got, own.Violations[0]} {
			b, _ := json.Marshal(seen)
			s := string(b)
			for _, bad := range []string{"PA-TEST", "901", "Phê bình trước", string(violation.OutcomeHandled)} {
				if strings.Contains(s, bad) {
					t.Errorf("official sees %q in %s", bad, s)
				}
			}
			if seen.CreatedBy != 0 || seen.Evidence[0].ID != 0 || seen.Evidence[0].Summary == "" || len(seen.Handlings) != 0 {
				t.Errorf("official view %+v %+v", seen, seen.Evidence[0])
			}
			if n := seen.Named(x.an.ID); n == nil || n.Outcome != violation.OutcomePending {
				t.Errorf("own outcome %+v", n)
			}
		}
		_, err = x.vs.History(sqldbtest.As(x.anSelf), v.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		list, total, err := x.vs.FindViolations(sqldbtest.As(x.anSelf), violation.Filter{})
		if err != nil || total != 1 || list[0].Named(x.binh.ID).Outcome != "" {
			t.Errorf("official's list: %v %d %+v", err, total, list)
		}
		// Another official of the same commune sees nothing of it.
		other := &congvu.Actor{UserID: x.anSelf.UserID, FullName: "Khác", OfficialID: x.chi.ID,
			Grants: []congvu.Grant{{Role: congvu.RoleOfficial, UnitID: x.C1, UnitPath: x.C1Path}}}
		_, err = x.vs.FindViolation(sqldbtest.As(other), v.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
	})
}

// A unit head named in a violation may not handle it, nor dismiss it: the
// next level up does.
func TestViolationConflictedHead(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := setup(t, db)
		v := x.create(t, x.headD1, x.input(x.an.ID, x.binh.ID))
		as := sqldbtest.As(x.headC1) // Bình's account
		// Bình heads the commune, yet reads it as the official concerned.
		seen, err := x.vs.FindViolation(as, v.ID)
		if err != nil || seen.Evidence[0].ID != 0 || strings.Contains(seen.Evidence[0].Summary, "PA-") || seen.CreatedBy != 0 {
			t.Fatalf("named head reads %v %+v", err, seen)
		}
		list, _, err := x.vs.FindViolations(as, violation.Filter{})
		if err != nil || len(list) != 1 || list[0].Named(x.an.ID).Outcome != "" {
			t.Fatalf("named head lists %v %+v", err, list)
		}
		_, err = x.vs.History(as, v.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		for _, off := range []int64{x.an.ID, x.binh.ID} {
			_, err := x.vs.Handle(as, v.ID, violation.HandlingInput{OfficialID: off, Kind: violation.HandlingReminder, Note: "Tự nhắc nhở mình."})
			sqldbtest.Code(t, err, congvu.EFORBIDDEN)
			_, err = x.vs.NoAction(as, v.ID, off, "Không cần xử lý gì cả.")
			sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		}
		_, err = x.vs.Dismiss(as, v.ID, "Căn cứ không đủ vững chắc.")
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM violation_handlings`); n != 0 {
			t.Fatalf("%d handlings saved", n)
		}
		// The district head handles both; the violation is then handled.
		h, err := x.vs.Handle(sqldbtest.As(x.headD1), v.ID, violation.HandlingInput{OfficialID: x.binh.ID, Kind: violation.HandlingCorrection,
			Severity: violation.SeverityMinor, Note: "Chấn chỉnh việc tiếp nhận hồ sơ."})
		if err != nil {
			t.Fatal(err)
		}
		_, err = x.vs.Handle(sqldbtest.As(x.headD1), v.ID, violation.HandlingInput{OfficialID: x.binh.ID, Kind: violation.HandlingReminder, Note: "Lần thứ hai."})
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		got, err := x.vs.NoAction(sqldbtest.As(x.headD1), v.ID, x.an.ID, "Đã tự nhận lỗi và khắc phục ngay.")
		if err != nil || got.Status != violation.StatusHandled || got.ClosedAt == nil || got.Severity != violation.SeverityMinor {
			t.Fatalf("no action: %v %+v", err, got)
		}
		// Only Bình acknowledges, once.
		_, err = x.vs.Acknowledge(sqldbtest.As(x.headD1), h.ID, "")
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, err = x.vs.Acknowledge(sqldbtest.As(x.anSelf), h.ID, "") // An, named too, never learns of Bình's handling
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		ack, err := x.vs.Acknowledge(as, h.ID, "Tôi xin tiếp thu.")
		if err != nil || ack.AcknowledgedAt == nil || ack.AckNote != "Tôi xin tiếp thu." {
			t.Fatalf("ack: %v %+v", err, ack)
		}
		_, err = x.vs.Acknowledge(as, h.ID, "")
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		events, err := x.vs.History(sqldbtest.As(x.sup), v.ID)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, e := range events {
			if e.Kind != "violation.read" {
				kinds = append(kinds, e.Kind)
			}
		}
		if got := strings.Join(kinds, ","); got != "violation.create,violation.handle,violation.no_action,violation.acknowledge" {
			t.Errorf("history %s", got)
		}
	})
}

// Every reading writes a violation.read event.
func TestViolationReadsAudited(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := setup(t, db)
		v := x.create(t, x.headD1, x.input(x.an.ID))
		reads := func() int {
			return sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'violation.read'`)
		}
		steps := []struct {
			name string
			read func() error
		}{
			{"detail", func() error { _, err := x.vs.FindViolation(sqldbtest.As(x.sup), v.ID); return err }},
			{"list", func() error { _, _, err := x.vs.FindViolations(sqldbtest.As(x.headD1), violation.Filter{}); return err }},
			{"official", func() error { _, err := x.vs.FindViolation(sqldbtest.As(x.anSelf), v.ID); return err }},
			{"mine", func() error { _, err := x.vs.Mine(sqldbtest.As(x.anSelf)); return err }},
			{"history", func() error { _, err := x.vs.History(sqldbtest.As(x.sup), v.ID); return err }},
		}
		for _, s := range steps {
			before := reads()
			if err := s.read(); err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if reads() != before+1 {
				t.Errorf("%s: not audited", s.name)
			}
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'violation.read' AND actor_id = $1 AND entity_id = $2`,
			x.sup.UserID, v.ID); n != 2 {
			t.Errorf("supervisor's readings of %d: %d", v.ID, n)
		}
	})
}

// Bad input saves nothing: no violation, item, official, evidence nor event.
func TestViolationBadInputSavesNothing(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := setup(t, db)
		cases := map[string]func(in *violation.Input){
			"future":         func(in *violation.Input) { in.ActDate = x.clock.Now().AddDate(0, 0, 2) },
			"before 2000":    func(in *violation.Input) { in.ActDate = time.Date(1999, 12, 31, 0, 0, 0, 0, congvu.TimeZone) },
			"before catalog": func(in *violation.Input) { in.ActDate = time.Date(2015, 6, 1, 0, 0, 0, 0, congvu.TimeZone) },
			"short":          func(in *violation.Input) { in.Description = "Sai." },
			"no official":    func(in *violation.Input) { in.OfficialIDs = nil },
			"unknown item":   func(in *violation.Input) { in.ItemCodes = []string{"TT-TT", "KHONG-CO"} },
			"no item":        func(in *violation.Input) { in.ItemCodes = []string{" "} },
			"no evidence":    func(in *violation.Input) { in.Evidence = nil },
			"other unit":     func(in *violation.Input) { in.OfficialIDs = []int64{x.an.ID, x.chi.ID} },
			"not yet there":  func(in *violation.Input) { in.ActDate = x.act.AddDate(0, 0, -1) },
			"not concluded":  func(in *violation.Input) { in.Evidence = []congvu.EvidenceRef{petitionRef(902)} },
			"unfounded":      func(in *violation.Input) { in.Evidence = []congvu.EvidenceRef{petitionRef(904)} },
			"no such":        func(in *violation.Input) { in.Evidence = []congvu.EvidenceRef{petitionRef(999)} },
			"twice":          func(in *violation.Input) { in.Evidence = append(in.Evidence, petitionRef(901)) },
			"bare observation": func(in *violation.Input) {
				in.Evidence = []congvu.EvidenceRef{{Kind: congvu.EvidenceObservation}}
			},
			"ratings without official": func(in *violation.Input) {
				in.Evidence, in.Notes = []congvu.EvidenceRef{{Kind: congvu.EvidenceRatings}}, map[int]string{0: "Chỉ số hài lòng thấp kéo dài."}
			},
			"unknown kind": func(in *violation.Input) { in.Evidence = []congvu.EvidenceRef{{Kind: "rumour", ID: 1}} },
			"ratings of another": func(in *violation.Input) {
				in.Evidence, in.Notes = []congvu.EvidenceRef{{Kind: congvu.EvidenceRatings, OfficialID: x.binh.ID}}, map[int]string{0: "Chỉ số hài lòng thấp kéo dài."}
			},
		}
		for name, change := range cases {
			in := x.input(x.an.ID)
			change(&in)
			_, err := x.vs.CreateViolation(sqldbtest.As(x.headD1), in)
			if congvu.ErrorCode(err) != congvu.EINVALID {
				t.Errorf("%s: %v", name, err)
			}
		}
		for _, table := range []string{"violations", "violation_items", "violation_officials", "violation_evidence"} {
			if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM `+table); n != 0 {
				t.Errorf("%s: %d rows", table, n)
			}
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind LIKE 'violation.%'`); n != 0 {
			t.Errorf("%d events", n)
		}
		// An observation with its record, about the unit, is fine.
		in := x.input()
		in.AboutUnit = true
		in.Evidence, in.Notes = []congvu.EvidenceRef{{Kind: congvu.EvidenceObservation}}, map[int]string{0: "Biên bản ghi nhận ngày 05/3: bộ phận một cửa vắng người."}
		v := x.create(t, x.headD1, in)
		if len(v.Officials) != 0 || v.Evidence[0].Note == "" {
			t.Errorf("about the unit: %+v", v)
		}
	})
}

// Evidence is added to an open violation only, relevant to it, once; a
// violation is dismissed only while nobody has an outcome.
func TestAddEvidenceAndDismiss(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := setup(t, db)
		v := x.create(t, x.headD1, x.input(x.an.ID, x.binh.ID))
		as := sqldbtest.As(x.headD1)
		got, err := x.vs.AddEvidence(as, v.ID, petitionRef(905), "")
		if err != nil || len(got.Evidence) != 2 {
			t.Fatalf("add: %v %+v", err, got)
		}
		_, err = x.vs.AddEvidence(as, v.ID, petitionRef(905), "")
		sqldbtest.Code(t, err, congvu.EINVALID)
		_, err = x.vs.AddEvidence(sqldbtest.As(x.sup), v.ID, petitionRef(906), "") // another district's petition about Chí
		sqldbtest.Code(t, err, congvu.EINVALID)
		_, err = x.vs.AddEvidence(sqldbtest.As(x.headC1), v.ID, congvu.EvidenceRef{Kind: congvu.EvidenceObservation}, "Biên bản ghi nhận thêm.")
		sqldbtest.Code(t, err, congvu.EFORBIDDEN) // Bình is named
		_, err = x.vs.AddEvidence(sqldbtest.As(x.headD2), v.ID, congvu.EvidenceRef{Kind: congvu.EvidenceObservation}, "Biên bản ghi nhận thêm.")
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'violation.evidence'`); n != 1 {
			t.Errorf("%d evidence events", n)
		}

		_, err = x.vs.Dismiss(as, v.ID, "ngắn")
		sqldbtest.Code(t, err, congvu.EINVALID)
		w := x.create(t, x.headD1, x.input(x.an.ID))
		if _, err := x.vs.NoAction(as, w.ID, x.an.ID, "Đã tự nhận lỗi và khắc phục ngay."); err != nil {
			t.Fatal(err)
		}
		_, err = x.vs.Dismiss(as, w.ID, "Căn cứ không đủ vững chắc.")
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		d, err := x.vs.Dismiss(as, v.ID, "Căn cứ không đủ vững chắc.")
		if err != nil || d.Status != violation.StatusDismissed || d.DismissReason == "" || d.ClosedAt == nil {
			t.Fatalf("dismiss: %v %+v", err, d)
		}
		_, err = x.vs.AddEvidence(as, v.ID, congvu.EvidenceRef{Kind: congvu.EvidenceObservation}, "Biên bản ghi nhận thêm.")
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		_, err = x.vs.Handle(as, v.ID, violation.HandlingInput{OfficialID: x.an.ID, Kind: violation.HandlingReminder, Note: "Nhắc nhở lần đầu."})
		sqldbtest.Code(t, err, congvu.ECONFLICT)
	})
}

// A breached inspection line is evidence for the inspected unit's head
// (through inspection.Service.EvidenceLine); its official summary names
// no line.
func TestViolationFromInspectionLine(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := setup(t, db)
		now := db.Now().UTC()
		var insp, line int64
		if err := db.Write.QueryRow(`INSERT INTO inspections (kind, unit_id, target_unit_id, origin, status, created_at, updated_at)
			VALUES ('check', $1, $2, 'adhoc', 'recorded', $3, $3) RETURNING id`, x.P1, x.C1, now).Scan(&insp); err != nil {
			t.Fatal(err)
		}
		if err := db.Write.QueryRow(`INSERT INTO inspection_lines (inspection_id, position, item_code, item_title, group_code, method, result,
			note, official_id, recorded_at, updated_at) VALUES ($1, 1, 'TT-TT', 'Trung thành', 'TT', 'observe', 'breached', 'Ghi chú nội bộ', $2, $3, $3)
			RETURNING id`, insp, x.an.ID, now).Scan(&line); err != nil {
			t.Fatal(err)
		}
		in := x.input(x.an.ID)
		in.Evidence = []congvu.EvidenceRef{{Kind: congvu.EvidenceInspectionLine, ID: line}, petitionRef(901)}
		v := x.create(t, x.headD1, in)
		if e := v.Evidence[0]; e.Kind != congvu.EvidenceInspectionLine || e.ID != line || e.OfficialID != x.an.ID {
			t.Fatalf("line evidence %+v", e)
		}
		_, err := x.vs.CreateViolation(sqldbtest.As(x.headP2), violation.Input{UnitID: x.P2, ActDate: x.act, ItemCodes: []string{"TT-TT"},
			Description: in.Description, AboutUnit: true, Evidence: []congvu.EvidenceRef{{Kind: congvu.EvidenceInspectionLine, ID: line}}})
		sqldbtest.Code(t, err, congvu.EINVALID)
		seen, err := x.vs.FindViolation(sqldbtest.As(x.anSelf), v.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(seen)
		if strings.Contains(string(b), "Ghi chú nội bộ") || strings.Contains(string(b), "dòng kiểm tra") || seen.Evidence[0].ID != 0 {
			t.Errorf("official sees %s", b)
		}
	})
}

// Suggest offers the evidence no violation rests on yet, each with its
// reason, to the heads of the subtree only.
func TestSuggest(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := setup(t, db)
		now := db.Now().UTC()
		for _, id := range []int64{901, 904, 905, 906} {
			p := x.pets.list[id]
			if _, err := db.Write.Exec(`INSERT INTO petitions (id, tracking_code, secret_hash, channel, category, unit_id, official_id, description,
				anonymous, status, conclusion, submitted_at, updated_at) VALUES ($1, $2, 'x', 'web', 'harassment', $3, $4, 'Mô tả', FALSE, $5, $6, $7, $7)`,
				id, p.TrackingCode, p.UnitID, p.OfficialID, string(p.Status), string(p.Conclusion), now); err != nil {
				t.Fatal(err)
			}
		}
		var insp, line int64
		if err := db.Write.QueryRow(`INSERT INTO inspections (kind, unit_id, target_unit_id, origin, status, created_at, updated_at)
			VALUES ('check', $1, $2, 'adhoc', 'recorded', $3, $3) RETURNING id`, x.P1, x.C1, now).Scan(&insp); err != nil {
			t.Fatal(err)
		}
		if err := db.Write.QueryRow(`INSERT INTO inspection_lines (inspection_id, position, item_code, item_title, group_code, method, result,
			official_id, recorded_at, updated_at) VALUES ($1, 1, 'TT-TT', 'Trung thành', 'TT', 'observe', 'breached', $2, $3, $3) RETURNING id`,
			insp, x.an.ID, now).Scan(&line); err != nil {
			t.Fatal(err)
		}
		today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		for _, r := range []struct {
			table   string
			id      int64
			n, good int
		}{{"rollup_official_day", x.an.ID, 40, 20}, {"rollup_official_day", x.binh.ID, 20, 0}, {"rollup_official_day", x.dung.ID, 40, 36},
			{"rollup_unit_day", x.C1, 200, 180}} {
			col := "official_id"
			if r.table == "rollup_unit_day" {
				col = "unit_id"
			}
			if _, err := db.Write.Exec(`INSERT INTO `+r.table+` (`+col+`, day, total, satisfied, dissatisfied) VALUES ($1, $2, $3, $4, $5)`,
				r.id, today, r.n, r.good, r.n-r.good); err != nil {
				t.Fatal(err)
			}
		}
		keys := func(a *congvu.Actor) string {
			t.Helper()
			list, err := x.vs.Suggest(sqldbtest.As(a), x.D1, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, g := range list {
				if g.Reason == "" || g.UnitName == "" || g.OfficialName == "" {
					t.Errorf("suggestion %+v", g)
				}
				k := g.Kind
				if g.ID != 0 {
					k += "/" + map[bool]string{true: "line", false: string(rune('0' + g.ID%10))}[g.ID == line]
				} else {
					k += "/" + g.OfficialName
				}
				out = append(out, k)
			}
			return strings.Join(out, ",")
		}
		if got := keys(x.headD1); got != "inspection_line/line,petition/5,petition/1,ratings/Nguyễn Văn An" {
			t.Errorf("suggestions %s", got)
		}
		in := x.input(x.an.ID)
		in.Evidence = []congvu.EvidenceRef{{Kind: congvu.EvidenceInspectionLine, ID: line}, petitionRef(901), {Kind: congvu.EvidenceRatings, OfficialID: x.an.ID}}
		in.Notes = map[int]string{2: "Chỉ số hài lòng thấp hơn hẳn đơn vị."}
		x.create(t, x.headD1, in)
		if got := keys(x.headD1); got != "petition/5" {
			t.Errorf("after use: %s", got)
		}
		for _, a := range []*congvu.Actor{x.headD2, x.anSelf, x.admin} {
			_, err := x.vs.Suggest(sqldbtest.As(a), x.D1, time.Time{})
			sqldbtest.Code(t, err, congvu.ENOTFOUND)
		}
	})
}

// The audit log shows a violation's events to the staff who read it, not
// to a system administrator, another province's auditor, nor to an
// auditor the violation names.
func TestViolationAuditConcealed(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := setup(t, db)
		v := x.create(t, x.headD1, x.input(x.an.ID))
		if _, err := x.vs.FindViolation(sqldbtest.As(x.sup), v.ID); err != nil {
			t.Fatal(err)
		}
		audit := sqldb.NewAuditService(db)
		count := func(a *congvu.Actor) int {
			t.Helper()
			_, n, err := audit.FindAuditEvents(sqldbtest.As(a), congvu.AuditFilter{Kind: "violation."})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		supP2 := &congvu.Actor{UserID: x.sup.UserID, FullName: "Giám sát tỉnh Hai", Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: x.P2, UnitPath: x.P2Path}}}
		supNamed := &congvu.Actor{UserID: x.sup.UserID, FullName: "Giám sát là An", OfficialID: x.an.ID, Grants: x.sup.Grants}
		national := &congvu.Actor{UserID: x.sup.UserID, FullName: "Giám sát toàn quốc", Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: 1, UnitPath: congvu.RootUnitPath}}}
		if n := count(x.sup); n != 2 {
			t.Errorf("supervisor of the province sees %d events", n)
		}
		if n := count(national); n != 2 {
			t.Errorf("national supervisor sees %d events", n)
		}
		for _, a := range []*congvu.Actor{x.admin, supP2, supNamed} {
			if n := count(a); n != 0 {
				t.Errorf("%s sees %d events", a.FullName, n)
			}
		}
	})
}

// The officials named are checked against the tree as it stood on the
// date of the act: a commune moved since to another district still
// counts under the district it was in then, not under its new one.
func TestViolationOfficialsAsTreeStood(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := setup(t, db)
		if _, err := orgsql.NewUnitService(db).Restructure(sqldbtest.Sys(), org.RestructuringPlan{Effective: congvu.Date(x.clock.Now()).Format(time.DateOnly),
			Decision: "Nghị quyết thử nghiệm", Operations: []org.RestructuringOp{{Op: org.RestructMove, From: []string{"P1D1C1"}, Parent: "P1D2"}}}); err != nil {
			t.Fatal(err)
		}
		in := violation.Input{UnitID: x.D1, ActDate: x.act, ItemCodes: []string{"TT-TT"}, Description: "Đòi thêm giấy tờ không có trong quy định.",
			OfficialIDs: []int64{x.binh.ID}, Evidence: []congvu.EvidenceRef{{Kind: congvu.EvidenceObservation}},
			Notes: map[int]string{0: "Biên bản ghi nhận của huyện Một."}}
		v := x.create(t, x.headD1, in)
		if v.Officials[0].UnitID != x.C1 {
			t.Errorf("named %+v", v.Officials[0])
		}
		in.UnitID = x.D2
		_, err := x.vs.CreateViolation(sqldbtest.As(x.headD2), in)
		if congvu.ErrorFields(err)["official_ids"] == "" {
			t.Errorf("Bình was not in Huyện Hai on the act date: %v", err)
		}
		// A restructuring's preview counts the violation that follows Huyện Một.
		pre, err := orgsql.NewUnitService(db).PreviewRestructure(sqldbtest.Sys(), org.RestructuringPlan{Effective: congvu.Date(x.clock.Now()).Format(time.DateOnly),
			Decision: "Nghị quyết thử nghiệm 2", Operations: []org.RestructuringOp{{Op: org.RestructMove, From: []string{"P1D1"}, Parent: "P2"}}}, 10)
		if err != nil || pre.RecordTotals["vụ vi phạm"] != 1 {
			t.Errorf("preview: %v %+v", err, pre)
		}
		// Today Huyện Hai's head reads it through Bình's unit.
		if _, err := x.vs.FindViolation(sqldbtest.As(x.headD2), v.ID); err != nil {
			t.Errorf("head of Bình's district today: %v", err)
		}
	})
}

// A head cannot turn a report about themselves into a measure against a
// subordinate: they may not open a violation resting on it, nor handle one
// that the supervisor opened on it; the level above handles it.
func TestViolationOnEvidenceAboutTheHead(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := setup(t, db)
		onBinh := x.input(x.an.ID)
		onBinh.Evidence = []congvu.EvidenceRef{petitionRef(905)} // partly founded, about Bình, who heads the commune
		_, err := x.vs.CreateViolation(sqldbtest.As(x.headC1), onBinh)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM violations`); n != 0 {
			t.Fatalf("%d violations saved", n)
		}
		v := x.create(t, x.sup, onBinh)
		_, err = x.vs.Handle(sqldbtest.As(x.headC1), v.ID, violation.HandlingInput{OfficialID: x.an.ID, Kind: violation.HandlingReminder, Note: "Nhắc nhở việc tiếp nhận hồ sơ."})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, err = x.vs.Dismiss(sqldbtest.As(x.headC1), v.ID, "Phản ánh không có cơ sở.")
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		if _, err := x.vs.Handle(sqldbtest.As(x.headD1), v.ID, violation.HandlingInput{OfficialID: x.an.ID, Kind: violation.HandlingReminder, Note: "Nhắc nhở việc tiếp nhận hồ sơ."}); err != nil {
			t.Fatalf("the district head handles it: %v", err)
		}
	})
}
