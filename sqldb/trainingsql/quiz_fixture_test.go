package trainingsql_test

import (
	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
	"congvu/sqldb/trainingsql"
	"congvu/training"
	"context"
	"testing"
	"time"
)

// quizWorld is a campaign of P1 with a quiz (8 questions, pass mark 75,
// two attempts), opened for the officials of P1's subtree, with an online
// session the organiser marks attendance at.
type quizWorld struct {
	db    *sqldb.DB
	svc   *trainingsql.Service
	quiz  *trainingsql.QuizService
	tree  sqldbtest.Tree
	clock *sqldbtest.Clock
	camp  *training.Campaign
	sess  *training.Session
	// Officials: a and b of D1, d of D2 (all assigned), p of P2 (not).
	a, b, d, p *org.Official
	// Their accounts, the supervisor of P1 (the organiser), the head of P2.
	actA, actB, actD, actP, sup, headP2 *congvu.Actor
}

// quizAccount inserts a user for the foreign keys of the audit and
// returns its actor: linked to official (0: none), with role over unit.
func quizAccount(t *testing.T, db *sqldb.DB, name string, official int64, role congvu.Role, unitID int64, path string) *congvu.Actor {
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

func newQuizWorld(t *testing.T, db *sqldb.DB, in training.CampaignInput) *quizWorld {
	t.Helper()
	w := &quizWorld{db: db, clock: sqldbtest.SetClock(db)}
	if _, err := standardsql.NewStandardService(db).EnsureCatalog(sqldbtest.Sys()); err != nil {
		t.Fatal(err)
	}
	w.svc = trainingsql.NewService(db, nil)
	w.quiz = trainingsql.NewQuizService(db, w.svc)
	w.tree = sqldbtest.MakeTree(t, db)
	offs := orgsql.NewOfficialService(db)
	w.a = sqldbtest.Official(t, offs, w.tree.D1, "A1", "Nguyễn Văn An", org.CategoryCivilServant)
	w.b = sqldbtest.Official(t, offs, w.tree.D1, "B1", "Trần Thị Bình", org.CategoryCivilServant)
	w.d = sqldbtest.Official(t, offs, w.tree.D2, "D1", "Lê Văn Dũng", org.CategoryCivilServant)
	w.p = sqldbtest.Official(t, offs, w.tree.P2, "P1", "Phạm Thị Phương", org.CategoryCivilServant)
	w.actA = quizAccount(t, db, "an", w.a.ID, "", 0, "")
	w.actB = quizAccount(t, db, "binh", w.b.ID, "", 0, "")
	w.actD = quizAccount(t, db, "dung", w.d.ID, "", 0, "")
	w.actP = quizAccount(t, db, "phuong", w.p.ID, "", 0, "")
	w.sup = quizAccount(t, db, "noivu", 0, congvu.RoleSupervisor, w.tree.P1, w.tree.P1Path)
	w.headP2 = quizAccount(t, db, "thutruong2", 0, congvu.RoleUnitHead, w.tree.P2, w.tree.P2Path)

	in.UnitID = w.tree.P1
	if in.Title == "" {
		in.Title = "Quán triệt Đề án văn hóa công vụ năm 2026"
	}
	in.Audience = training.AudienceAll
	in.StartsOn = time.Date(2026, 3, 1, 0, 0, 0, 0, congvu.TimeZone)
	in.EndsOn = time.Date(2026, 6, 30, 0, 0, 0, 0, congvu.TimeZone)
	ctx := sqldbtest.As(w.sup)
	c, err := w.svc.CreateCampaign(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if c, err = w.svc.OpenCampaign(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	w.camp = c
	if w.sess, err = w.svc.CreateSession(ctx, training.SessionInput{CampaignID: c.ID, Title: "Tự học trực tuyến", Mode: training.ModeOnline}); err != nil {
		t.Fatal(err)
	}
	return w
}

// quizCampaign is the usual campaign's quiz.
func quizCampaign() training.CampaignInput {
	return training.CampaignInput{Hours: 4, QuizQuestions: 8, PassMark: 75, MaxAttempts: 2}
}

// key is the right answer of every question of the bank, by id, read as
// the organiser (who may read the bank).
func (w *quizWorld) key(t *testing.T) map[int64]int {
	t.Helper()
	qs, err := w.quiz.Questions(sqldbtest.As(w.sup), "")
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]int{}
	for _, q := range qs {
		out[q.ID] = q.Answer
	}
	return out
}

// answers answers attempt at right of its questions correctly (the first
// right ones), the others wrongly.
func answers(at *training.Attempt, key map[int64]int, right int) []int {
	out := make([]int, len(at.Questions))
	for i, q := range at.Questions {
		if i < right {
			out[i] = key[q.ID]
		} else {
			out[i] = (key[q.ID] + 1) % len(q.Choices)
		}
	}
	return out
}

func (w *quizWorld) mark(t *testing.T, officials ...int64) {
	t.Helper()
	if _, err := w.svc.Mark(sqldbtest.As(w.sup), w.sess.ID, officials); err != nil {
		t.Fatal(err)
	}
}

func as(a *congvu.Actor) context.Context { return sqldbtest.As(a) }
