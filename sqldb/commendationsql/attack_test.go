package commendationsql_test

import (
	"congvu"
	"congvu/commendation"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"testing"
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
