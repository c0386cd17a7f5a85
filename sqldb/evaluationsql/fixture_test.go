package evaluationsql_test

import (
	"congvu"
	"congvu/conduct"
	"congvu/evaluation"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/evaluationsql"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"context"
	"sync"
	"testing"
)

// fakeConduct answers conduct.Service from a map of years by official, as
// the real one does for an actor who may read them; it records who read.
type fakeConduct struct {
	mu     sync.Mutex
	years  map[int64]*conduct.Year
	actors []*congvu.Actor
}

func (f *fakeConduct) Year(ctx context.Context, officialID int64, year int) (*conduct.Year, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.actors = append(f.actors, congvu.ActorFromContext(ctx))
	if y := f.years[officialID]; y != nil {
		return y, nil
	}
	return &conduct.Year{OfficialID: officialID, Year: year}, nil
}

// world is a small tree with officials and the accounts acting on them.
type world struct {
	db   *sqldb.DB
	svc  *evaluationsql.EvaluationService
	cond *fakeConduct
	tree sqldbtest.Tree
	offs *orgsql.OfficialService
	// Officials of D1: a and b members, h the head (leader); c of D2.
	a, b, h, c *org.Official
	// Actors: each official's own account (h holds the head's grant on
	// D1), the head of P1, a supervisor of P1, a national administrator
	// and inspector.
	actA, actB, actH, actC, parent, sup, admin, insp *congvu.Actor
}

func official(t *testing.T, offs *orgsql.OfficialService, unit int64, code, name string, cat org.Category, leader bool, email string) *org.Official {
	t.Helper()
	o, err := offs.CreateOfficial(sqldbtest.Sys(), org.OfficialInput{UnitID: unit, EmployeeCode: code, FullName: name, Category: cat, IsLeader: leader, Email: email})
	if err != nil {
		t.Fatalf("official %s: %v", code, err)
	}
	return o
}

// account inserts a user (for the foreign keys of authors) and returns
// its actor: linked to official (0: none), with role over path.
func account(t *testing.T, db *sqldb.DB, name string, official int64, role congvu.Role, unitID int64, path string) *congvu.Actor {
	t.Helper()
	var id int64
	var off any
	if official != 0 {
		off = official
	}
	if err := db.Write.QueryRow(`INSERT INTO users (username, full_name, search_name, email, password_hash, official_id, active, created_at, updated_at)
		VALUES ($1, $2, $1, '', 'x', $3, TRUE, $4, $4) RETURNING id`, name, "Người dùng "+name, off, db.Now().UTC()).Scan(&id); err != nil {
		t.Fatal(err)
	}
	a := &congvu.Actor{UserID: id, Username: name, FullName: "Người dùng " + name, OfficialID: official}
	if role != "" {
		a.Grants = []congvu.Grant{{Role: role, UnitID: unitID, UnitPath: path}}
	}
	return a
}

func newWorld(t *testing.T, db *sqldb.DB) *world {
	t.Helper()
	sqldbtest.SetClock(db) // 05/03/2026
	w := &world{db: db, cond: &fakeConduct{years: map[int64]*conduct.Year{}}, tree: sqldbtest.MakeTree(t, db), offs: orgsql.NewOfficialService(db)}
	w.svc = evaluationsql.NewEvaluationService(db, w.cond)
	x := w.tree
	w.a = official(t, w.offs, x.D1, "CC-A", "Nguyễn Văn An", org.CategoryCivilServant, false, "an@example.vn")
	w.b = official(t, w.offs, x.D1, "CC-B", "Trần Thị Bình", org.CategoryCivilServant, false, "")
	w.h = official(t, w.offs, x.D1, "CC-H", "Lê Văn Hùng", org.CategoryCivilServant, true, "")
	w.c = official(t, w.offs, x.D2, "CC-C", "Phạm Văn Cường", org.CategoryCivilServant, false, "")
	w.actA = account(t, db, "an", w.a.ID, "", 0, "")
	w.actB = account(t, db, "binh", w.b.ID, "", 0, "")
	w.actH = account(t, db, "hung", w.h.ID, congvu.RoleUnitHead, x.D1, x.D1Path)
	w.actC = account(t, db, "cuong", w.c.ID, "", 0, "")
	w.parent = account(t, db, "tinh", 0, congvu.RoleUnitHead, x.P1, x.P1Path)
	w.sup = account(t, db, "noivu", 0, congvu.RoleSupervisor, x.P1, x.P1Path)
	w.admin = account(t, db, "admin", 0, congvu.RoleAdmin, 1, congvu.RootUnitPath)
	w.insp = account(t, db, "thanhtra", 0, congvu.RoleInspector, 1, congvu.RootUnitPath)
	return w
}

// full gives every general criterion of r its maximum.
func full(r *evaluation.RuleSet) []evaluation.Score {
	var out []evaluation.Score
	for _, c := range r.General {
		out = append(out, evaluation.Score{Code: c.Code, Points: c.Max})
	}
	return out
}

func rule335() *evaluation.RuleSet {
	return evaluation.RuleSetFor(evaluation.DefaultRuleSets(), org.CategoryCivilServant, 2026)
}

// mine returns the evaluation of official o for 2026 read by its own actor.
func (w *world) evalOf(t *testing.T, as *congvu.Actor, officialID int64) *evaluation.Evaluation {
	t.Helper()
	list, _, err := w.svc.FindEvaluations(sqldbtest.As(as), evaluation.Filter{Year: 2026, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range list {
		if e.OfficialID == officialID {
			return e
		}
	}
	t.Fatalf("no evaluation of %d", officialID)
	return nil
}

// ready gives official o one product of 70 points confirmed clean (70
// task points) and their self-assessment (as own).
func (w *world) ready(t *testing.T, manager, own *congvu.Actor, o *org.Official) *evaluation.Evaluation {
	t.Helper()
	p, err := w.svc.AssignProduct(sqldbtest.As(manager), evaluation.ProductInput{OfficialID: o.ID, Year: 2026, PeriodKind: evaluation.PeriodQuarter, Period: 1, Title: "Sản phẩm quý 1", Points: 70})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.ReportProduct(sqldbtest.As(own), p.ID, "Đã xong"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.ConfirmProduct(sqldbtest.As(manager), p.ID, evaluation.ConfirmInput{}); err != nil {
		t.Fatal(err)
	}
	e, err := w.svc.Mine(sqldbtest.As(own), 2026)
	if err != nil {
		t.Fatal(err)
	}
	if e, err = w.svc.SelfAssess(sqldbtest.As(own), e.ID, evaluation.SelfInput{General: full(rule335()), Level: evaluation.LevelExcellent, Text: "Hoàn thành tốt các nhiệm vụ."}); err != nil {
		t.Fatal(err)
	}
	return e
}
