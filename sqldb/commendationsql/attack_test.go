package commendationsql_test

import (
	"congvu"
	"congvu/commendation"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"testing"
	"time"
)

// A unit head whose own official record is the subject neither praises
// nor proposes themselves, nor decides a proposal about themselves: the
// next level up does. Nothing is saved by the refused attempts.
func TestHeadNeverCommendsOwnRecord(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		u := sqldbtest.User(t, orgsql.NewUserService(db), "anh.head", congvu.RoleUnitHead, f.x.D1)
		a := sqldbtest.Actor(u.ID, congvu.RoleUnitHead, f.x.D1, f.x.D1Path)
		a.OfficialID = f.a.ID
		self := sqldbtest.As(a)

		_, err := f.svc.Praise(self, commendation.PraiseInput{OfficialID: f.a.ID, Year: 2026, Reason: "Tận tình hướng dẫn người dân làm thủ tục"})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, err = f.svc.Propose(self, commendation.ProposalInput{OfficialID: f.a.ID, Year: 2026, Form: commendation.FormGiayKhen, Reason: "Hoàn thành xuất sắc nhiệm vụ năm 2026"})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		if n := f.count(t, `SELECT COUNT(*) FROM commendations`); n != 0 {
			t.Fatalf("%d commendations saved by refused attempts", n)
		}
		// The same head still commends a colleague.
		if _, err := f.svc.Praise(self, commendation.PraiseInput{OfficialID: f.b.ID, Year: 2026, Reason: "Tận tình hướng dẫn người dân làm thủ tục"}); err != nil {
			t.Fatal(err)
		}
		// A proposal about them, made by someone else, is not theirs to decide.
		gk, err := f.svc.Propose(f.headD1, commendation.ProposalInput{OfficialID: f.a.ID, Year: 2026, Form: commendation.FormGiayKhen, Reason: "Hoàn thành xuất sắc nhiệm vụ năm 2026"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Decide(self, gk.ID, commendation.DecisionInput{Approve: true, Number: "15/QĐ-UBND", Date: vnDay(2026, 3, 5)})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		if n := f.count(t, `SELECT COUNT(*) FROM commendations WHERE status <> 'proposed' AND kind = 'award'`); n != 0 {
			t.Fatalf("%d proposals decided by their subject", n)
		}
	})
}

// A praise posted twice (a reload, a double click) is saved once: the
// second gets a conflict and no row.
func TestPraiseTwiceSavedOnce(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		in := commendation.PraiseInput{OfficialID: f.a.ID, Year: 2026, Reason: "Tận tình hướng dẫn người dân làm thủ tục"}
		if _, err := f.svc.Praise(f.headD1, in); err != nil {
			t.Fatal(err)
		}
		_, err := f.svc.Praise(f.headD1, in)
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		if n := f.count(t, `SELECT COUNT(*) FROM commendations`); n != 1 {
			t.Fatalf("%d praises saved", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM audit_events WHERE kind = 'commendation.praise'`); n != 1 {
			t.Fatalf("%d praise audits", n)
		}
		// Another reason is another praise.
		in.Reason = "Chủ động hỗ trợ người cao tuổi nộp hồ sơ trực tuyến"
		if _, err := f.svc.Praise(f.headD1, in); err != nil {
			t.Fatal(err)
		}
	})
}

// The official commended reads their praise with the evidence's
// summaries only: not the ids of the ratings or the petition whose
// citizens thanked them (staff read them).
func TestOfficialReadsOwnCommendationWithoutEvidenceIDs(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		var ids []int64
		for i := range 2 {
			var id int64
			if err := db.Write.QueryRow(`INSERT INTO feedback (unit_id, official_id, channel, satisfaction, comment, search_comment, status, submitted_at)
				VALUES ($1, $2, 'web', 'very_satisfied', 'Cảm ơn chị rất nhiều', 'cam on chi rat nhieu', 'accepted', $3) RETURNING id`, f.x.D2, f.c.ID,
				time.Date(2026, 2, 1+i, 3, 0, 0, 0, time.UTC)).Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		refs := []congvu.EvidenceRef{{Kind: congvu.EvidenceThanks, ID: ids[0]}, {Kind: congvu.EvidenceThanks, ID: ids[1]}}
		p, err := f.svc.Praise(f.headD2, commendation.PraiseInput{OfficialID: f.c.ID, Year: 2026, Reason: "Người dân nhiều lần cảm ơn chị", Evidence: refs})
		if err != nil {
			t.Fatal(err)
		}
		u := sqldbtest.User(t, orgsql.NewUserService(db), "cuong", congvu.RoleUnitHead, f.x.P2)
		a := &congvu.Actor{UserID: u.ID, Username: "cuong", FullName: "Lê Văn Cường", OfficialID: f.c.ID}
		own, err := f.svc.FindCommendation(sqldbtest.As(a), p.ID)
		if err != nil || len(own.Evidence) != 2 {
			t.Fatalf("own praise %+v %v", own, err)
		}
		for _, e := range own.Evidence {
			if e.ID != 0 || e.Summary == "" {
				t.Errorf("the official reads evidence %+v", e)
			}
		}
		staff, err := f.svc.FindCommendation(f.headD2, p.ID)
		if err != nil || staff.Evidence[0].ID == 0 {
			t.Fatalf("staff read %+v %v", staff, err)
		}
	})
}

// A NUL or other control character in a reason, a decision number or a
// withdrawal (JSON "\u0000" from a script) is cleaned away, not passed to
// PostgreSQL, which refuses it (a 500 before).
func TestCommendationControlCharactersCleaned(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		p, err := f.svc.Praise(f.headD1, commendation.PraiseInput{OfficialID: f.a.ID, Year: 2026, Reason: "Tận tình\x00 hướng dẫn người dân"})
		if err != nil || p.Reason != "Tận tình hướng dẫn người dân" {
			t.Fatalf("praise %q %v", p.Reason, err)
		}
		gk, err := f.svc.Propose(f.headD1, commendation.ProposalInput{OfficialID: f.a.ID, Year: 2026, Form: commendation.FormGiayKhen, Reason: "Hoàn thành xuất sắc\x00 nhiệm vụ"})
		if err != nil {
			t.Fatalf("propose: %v", err)
		}
		got, err := f.svc.Decide(f.headD1, gk.ID, commendation.DecisionInput{Approve: true, Number: "15/QĐ-UBND\x00", Date: vnDay(2026, 3, 5)})
		if err != nil || got.DecisionNumber != "15/QĐ-UBND" {
			t.Fatalf("decide %+v %v", got, err)
		}
		gk2, err := f.svc.Propose(f.headD1, commendation.ProposalInput{OfficialID: f.b.ID, Year: 2026, Form: commendation.FormGiayKhen, Reason: "Hoàn thành xuất sắc nhiệm vụ"})
		if err != nil {
			t.Fatal(err)
		}
		if w, err := f.svc.Withdraw(f.headD1, gk2.ID, "Đề nghị\x00 nhầm người"); err != nil || w.RejectReason != "Đề nghị nhầm người" {
			t.Fatalf("withdraw %+v %v", w, err)
		}
	})
}

// A NUL in a search (from "%00" in a query string) finds nothing; it is
// not an internal error.
func TestCommendationSearchWithNul(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		if _, _, err := f.svc.FindCommendations(f.headD1, commendation.Filter{Query: "a\x00b"}); err != nil {
			t.Fatalf("search with NUL: %v", err)
		}
	})
}
