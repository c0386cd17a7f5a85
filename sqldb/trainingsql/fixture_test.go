package trainingsql_test

import (
	"congvu"
	"congvu/blob"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
	"congvu/sqldb/trainingsql"
	"congvu/training"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// world: province P1 with districts D1 and D2, province P2; officials in
// each (two signed-in: offD1 in D1, offP2 in P2); heads of D1, P1, P2; an
// inspector of P1; the national administrator.
type world struct {
	db                          *sqldb.DB
	svc                         *trainingsql.Service
	clock                       *sqldbtest.Clock
	x                           sqldbtest.Tree
	offs                        map[string]*org.Official // by employee code
	offD1, offD2, offP2         context.Context
	headD1, headP1, headP2, sys context.Context
	inspP1, admin               context.Context
}

func newWorld(t *testing.T, db *sqldb.DB) *world {
	t.Helper()
	blobs, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w := &world{db: db, svc: trainingsql.NewService(db, blobs), offs: map[string]*org.Official{}, sys: sqldbtest.Sys()}
	w.clock = sqldbtest.SetClock(db) // 2026-03-05 09:30 in Vietnam
	if _, err := standardsql.NewStandardService(db).EnsureCatalog(context.Background()); err != nil {
		t.Fatal(err)
	}
	w.x = sqldbtest.MakeTree(t, db)
	os := orgsql.NewOfficialService(db)
	us := orgsql.NewUserService(db)
	for _, o := range []struct {
		unit int64
		code string
	}{{w.x.P1, "P1A"}, {w.x.D1, "D1A"}, {w.x.D1, "D1B"}, {w.x.D1, "D1C"}, {w.x.D2, "D2A"}, {w.x.D2, "D2B"}, {w.x.P2, "P2A"}, {w.x.P2, "P2B"}} {
		w.offs[o.code] = sqldbtest.Official(t, os, o.unit, o.code, "Cán bộ "+o.code, org.CategoryCivilServant)
	}
	as := func(name string, role congvu.Role, unit int64, path string, official string) context.Context {
		in := org.UserInput{Username: name, FullName: "Người dùng " + name, Password: sqldbtest.Password, Active: true,
			Grants: []congvu.Grant{{Role: role, UnitID: unit}}}
		if official != "" {
			in.OfficialID = w.offs[official].ID
		}
		u, err := us.CreateUser(sqldbtest.Sys(), in)
		if err != nil {
			t.Fatal(err)
		}
		a := sqldbtest.Actor(u.ID, role, unit, path)
		a.FullName = in.FullName
		if official != "" {
			a.OfficialID = w.offs[official].ID
		}
		return sqldbtest.As(a)
	}
	w.offD1 = as("d1a", congvu.RoleOfficial, w.x.D1, w.x.D1Path, "D1A")
	w.offD2 = as("d2a", congvu.RoleOfficial, w.x.D2, w.x.D2Path, "D2A")
	w.offP2 = as("p2a", congvu.RoleOfficial, w.x.P2, w.x.P2Path, "P2A")
	w.headD1 = as("headd1", congvu.RoleUnitHead, w.x.D1, w.x.D1Path, "")
	w.headP1 = as("headp1", congvu.RoleUnitHead, w.x.P1, w.x.P1Path, "")
	w.headP2 = as("headp2", congvu.RoleUnitHead, w.x.P2, w.x.P2Path, "")
	w.inspP1 = as("inspp1", congvu.RoleInspector, w.x.P1, w.x.P1Path, "")
	w.admin = as("admin", congvu.RoleAdmin, 1, congvu.RootUnitPath, "")
	return w
}

func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, congvu.TimeZone)
}

// campaign creates a campaign of P1 in March 2026 with a quiz when quiz.
func (w *world) campaign(t *testing.T, ctx context.Context, unit int64, quiz bool) *training.Campaign {
	t.Helper()
	in := training.CampaignInput{UnitID: unit, Title: "Quán triệt Đề án văn hóa công vụ", Audience: training.AudienceAll,
		StartsOn: day(2026, 3, 1), EndsOn: day(2026, 3, 31), Hours: 4}
	if quiz {
		in.QuizQuestions, in.PassMark, in.MaxAttempts = 5, 80, 3
	}
	c, err := w.svc.CreateCampaign(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (w *world) open(t *testing.T, ctx context.Context, c *training.Campaign) *training.Campaign {
	t.Helper()
	c, err := w.svc.OpenCampaign(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// session adds an in-person session today from 09:00 to 11:00 Vietnam.
func (w *world) session(t *testing.T, ctx context.Context, c *training.Campaign, mode training.SessionMode) *training.Session {
	t.Helper()
	in := training.SessionInput{CampaignID: c.ID, Title: "Lớp 1", Mode: mode, Place: "Hội trường UBND tỉnh",
		StartsAt: time.Date(2026, 3, 5, 2, 0, 0, 0, time.UTC), EndsAt: time.Date(2026, 3, 5, 4, 0, 0, 0, time.UTC)}
	if mode == training.ModeOnline {
		in.StartsAt, in.EndsAt, in.Place = time.Time{}, time.Time{}, ""
	}
	x, err := w.svc.CreateSession(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// checkRollups recounts the officials' years and every rollup row from the
// raw assignments and fails on any difference: the rollups kept step by
// step must equal a recount.
func checkRollups(t *testing.T, db *sqldb.DB) {
	t.Helper()
	type key struct {
		unit     int64
		year     int
		campaign int64
	}
	type yk struct {
		official int64
		year     int
	}
	type yv struct {
		unit                               int64
		required, completed, passed, quizz int
		hours                              float64
	}
	rows, err := db.Read.Query(`SELECT a.campaign_id, a.official_id, a.unit_id, u.path, a.year, a.completed_at IS NOT NULL, a.passed_at IS NOT NULL,
		c.quiz_questions > 0, a.hours FROM training_assignments a JOIN units u ON u.id = a.unit_id JOIN training_campaigns c ON c.id = a.campaign_id`)
	if err != nil {
		t.Fatal(err)
	}
	want := map[key][3]int{}
	years := map[yk]*yv{}
	for rows.Next() {
		var cid, oid, uid int64
		var path string
		var year int
		var done, passed, quiz bool
		var hours float64
		if err := rows.Scan(&cid, &oid, &uid, &path, &year, &done, &passed, &quiz, &hours); err != nil {
			t.Fatal(err)
		}
		for _, id := range sqldb.PathIDs(path) {
			k := key{id, year, cid}
			v := want[k]
			v[0]++
			if done {
				v[1]++
			}
			if passed {
				v[2]++
			}
			want[k] = v
		}
		y := years[yk{oid, year}]
		if y == nil {
			y = &yv{unit: uid}
			years[yk{oid, year}] = y
		}
		y.required++
		y.completed += map[bool]int{true: 1}[done]
		y.passed += map[bool]int{true: 1}[passed && quiz]
		y.quizz += map[bool]int{true: 1}[quiz]
		y.hours += hours
	}
	rows.Close()
	// The officials' years as stored (their unit is the first assignment's).
	stored := map[yk]yv{}
	rows, err = db.Read.Query(`SELECT official_id, year, unit_id, required, completed, passed, quizzes, hours FROM training_official_years`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k yk
		var v yv
		if err := rows.Scan(&k.official, &k.year, &v.unit, &v.required, &v.completed, &v.passed, &v.quizz, &v.hours); err != nil {
			t.Fatal(err)
		}
		stored[k] = v
	}
	rows.Close()
	if len(stored) != len(years) {
		t.Errorf("%d officials' years stored, %d recounted", len(stored), len(years))
	}
	for k, y := range years {
		s := stored[k]
		y.unit = s.unit
		if s != *y {
			t.Errorf("official %d year %d: stored %+v, recounted %+v", k.official, k.year, s, *y)
		}
		var path string
		if err := db.Read.QueryRow(`SELECT path FROM units WHERE id = $1`, s.unit).Scan(&path); err != nil {
			t.Fatal(err)
		}
		for _, id := range sqldb.PathIDs(path) {
			kk := key{id, k.year, 0}
			v := want[kk]
			v[0]++
			if training.YearComplete(y.required, y.completed) {
				v[1]++
			}
			if training.YearPassed(y.quizz, y.passed) {
				v[2]++
			}
			want[kk] = v
		}
	}
	got := map[key][3]int{}
	rows, err = db.Read.Query(`SELECT unit_id, year, campaign_id, assigned, completed, passed FROM training_rollups`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k key
		var v [3]int
		if err := rows.Scan(&k.unit, &k.year, &k.campaign, &v[0], &v[1], &v[2]); err != nil {
			t.Fatal(err)
		}
		if v != [3]int{} {
			got[k] = v
		}
	}
	rows.Close()
	var diff []string
	for k, v := range want {
		if got[k] != v {
			diff = append(diff, fmt.Sprintf("%+v: stored %v, recounted %v", k, got[k], v))
		}
	}
	for k, v := range got {
		if _, ok := want[k]; !ok {
			diff = append(diff, fmt.Sprintf("%+v: stored %v, recounted none", k, v))
		}
	}
	if len(diff) > 0 {
		t.Errorf("rollups differ from a recount:\n%s", strings.Join(diff, "\n"))
	}
}
