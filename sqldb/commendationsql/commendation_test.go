package commendationsql_test

import (
	"congvu"
	"congvu/commendation"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/commendationsql"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"context"
	"reflect"
	"testing"
	"time"
)

// fixture: province P1 with communes D1 and D2 (siblings), province P2;
// officials A, B (D1) and C (D2); heads of P1, D1, D2; a national admin.
type fixture struct {
	db                            *sqldb.DB
	svc                           *commendationsql.CommendationService
	clock                         *sqldbtest.Clock
	x                             sqldbtest.Tree
	a, b, c                       *org.Official
	headP1, headD1, headD2, admin context.Context
	ownA                          context.Context
}

func newFixture(t *testing.T, db *sqldb.DB) *fixture {
	t.Helper()
	f := &fixture{db: db, svc: commendationsql.NewCommendationService(db)}
	f.clock = sqldbtest.SetClock(db)
	f.x = sqldbtest.MakeTree(t, db)
	if _, err := db.Write.Exec(`UPDATE units SET kind = 'province' WHERE id IN ($1, $2)`, f.x.P1, f.x.P2); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Write.Exec(`UPDATE units SET kind = 'commune' WHERE id IN ($1, $2)`, f.x.D1, f.x.D2); err != nil {
		t.Fatal(err)
	}
	offs := orgsql.NewOfficialService(db)
	f.a = sqldbtest.Official(t, offs, f.x.D1, "A1", "Nguyễn Thị Ánh", org.CategoryCivilServant)
	f.b = sqldbtest.Official(t, offs, f.x.D1, "B1", "Trần Văn Bình", org.CategoryCivilServant)
	f.c = sqldbtest.Official(t, offs, f.x.D2, "C1", "Lê Văn Cường", org.CategoryCivilServant)
	us := orgsql.NewUserService(db)
	as := func(name string, role congvu.Role, unit int64, path string) context.Context {
		u := sqldbtest.User(t, us, name, role, unit)
		return sqldbtest.As(sqldbtest.Actor(u.ID, role, unit, path))
	}
	f.headP1 = as("headp1", congvu.RoleUnitHead, f.x.P1, f.x.P1Path)
	f.headD1 = as("headd1", congvu.RoleUnitHead, f.x.D1, f.x.D1Path)
	f.headD2 = as("headd2", congvu.RoleUnitHead, f.x.D2, f.x.D2Path)
	f.admin = as("admin1", congvu.RoleAdmin, 1, congvu.RootUnitPath)
	anh := sqldbtest.User(t, us, "anh", congvu.RoleUnitHead, f.x.P2)
	f.ownA = sqldbtest.As(&congvu.Actor{UserID: anh.ID, Username: "anh", FullName: "Nguyễn Thị Ánh", OfficialID: f.a.ID})
	return f
}

func vnDay(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, congvu.TimeZone)
}

func (f *fixture) count(t *testing.T, q string, args ...any) int {
	return sqldbtest.Count(t, f.db, q, args...)
}

func TestSeededRuleSetIsTheDefault(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		sets, err := f.svc.RuleSets(f.headD1)
		if err != nil || len(sets) != 1 {
			t.Fatalf("%v %d", err, len(sets))
		}
		got, want := sets[0], commendation.DefaultRuleSets()[0]
		got.ID, got.CreatedAt = 0, time.Time{}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("migration 0032 and DefaultRuleSets differ:\n%+v\n%+v", got, want)
		}
	})
}

func TestPraiseProposeDecide(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		// A praise by the head of the official's unit, issued at once.
		p, err := f.svc.Praise(f.headD1, commendation.PraiseInput{OfficialID: f.a.ID, Year: 2026, Reason: "Tận tình hướng dẫn người dân làm thủ tục"})
		if err != nil || p.Status != commendation.StatusIssued || p.UnitID != f.x.D1 {
			t.Fatalf("praise %+v %v", p, err)
		}
		// A sibling unit's head may not praise D1's official.
		_, err = f.svc.Praise(f.headD2, commendation.PraiseInput{OfficialID: f.a.ID, Year: 2026, Reason: "Tận tình hướng dẫn người dân"})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)

		// Giấy khen: the commune decides.
		gk, err := f.svc.Propose(f.headD1, commendation.ProposalInput{OfficialID: f.a.ID, Year: 2026, Form: commendation.FormGiayKhen, Reason: "Hoàn thành xuất sắc nhiệm vụ năm 2026"})
		if err != nil || gk.CompetentUnitID != f.x.D1 || gk.ProposingUnitID != f.x.D1 || gk.Status != commendation.StatusProposed {
			t.Fatalf("propose giấy khen %+v %v", gk, err)
		}
		dec := commendation.DecisionInput{Approve: true, Number: "15/QĐ-UBND", Date: vnDay(2026, 3, 5)}
		// The sibling does not even see it; the province is not competent.
		_, err = f.svc.Decide(f.headD2, gk.ID, dec)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = f.svc.Decide(f.headP1, gk.ID, dec)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		got, err := f.svc.Decide(f.headD1, gk.ID, dec)
		if err != nil || got.Status != commendation.StatusApproved || got.Amount != 710000 || got.DecisionNumber != "15/QĐ-UBND" {
			t.Fatalf("decide %+v %v", got, err)
		}
		_, err = f.svc.Decide(f.headD1, gk.ID, dec)
		sqldbtest.Code(t, err, congvu.ECONFLICT)

		// Bằng khen of the province: the province decides, not the commune.
		bk, err := f.svc.Propose(f.headD1, commendation.ProposalInput{UnitID: f.x.D1, Year: 2026, Form: commendation.FormBangKhenTinh, Reason: "Tập thể dẫn đầu về chỉ số hài lòng"})
		if err != nil || bk.CompetentUnitID != f.x.P1 || bk.OfficialID != 0 {
			t.Fatalf("propose bằng khen %+v %v", bk, err)
		}
		_, err = f.svc.Decide(f.headD1, bk.ID, dec)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		got, err = f.svc.Decide(f.headP1, bk.ID, commendation.DecisionInput{Reason: "Chưa đủ thành tích theo tiêu chuẩn"})
		if err != nil || got.Status != commendation.StatusRejected || got.Amount != 0 {
			t.Fatalf("reject %+v %v", got, err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM audit_events WHERE entity_type = 'commendation' AND kind IN ('commendation.praise', 'commendation.propose', 'commendation.decide')`); n != 5 {
			t.Fatalf("%d audit events, want 5", n)
		}
		h, err := f.svc.History(f.headD1, gk.ID)
		if err != nil || len(h) != 2 || h[0].Kind != "commendation.propose" || h[1].Kind != "commendation.decide" {
			t.Fatalf("history %v %v", h, err)
		}
	})
}

func TestAmountFromTheBaseSalaryOnTheDecisionDate(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		f.clock.Set(vnDay(2024, 6, 20).Add(9 * time.Hour))
		in := commendation.ProposalInput{OfficialID: f.a.ID, Year: 2024, Form: commendation.FormGiayKhen, Reason: "Hoàn thành xuất sắc nhiệm vụ"}
		x, err := f.svc.Propose(f.headD1, in)
		if err != nil {
			t.Fatal(err)
		}
		in.OfficialID = f.b.ID
		y, err := f.svc.Propose(f.headD1, in)
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Set(vnDay(2024, 7, 3).Add(9 * time.Hour))
		before, _ := f.svc.Decide(f.headD1, x.ID, commendation.DecisionInput{Approve: true, Number: "1/QĐ-UBND", Date: vnDay(2024, 6, 28)})
		after, _ := f.svc.Decide(f.headD1, y.ID, commendation.DecisionInput{Approve: true, Number: "2/QĐ-UBND", Date: vnDay(2024, 7, 1)})
		if before == nil || after == nil || before.Amount != 540000 || after.Amount != 710000 {
			t.Fatalf("amounts %+v %+v: want 0,3 × 1.800.000 = 540.000 then 0,3 × 2.340.000 rounded up = 710.000", before, after)
		}
	})
}

func TestBadInputSavesNothing(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		cases := []struct {
			name string
			err  error
		}{}
		_, err := f.svc.Propose(f.headD1, commendation.ProposalInput{OfficialID: f.a.ID, Year: 2026, Form: commendation.FormGiayKhen,
			Reason: "Hoàn thành xuất sắc nhiệm vụ", Evidence: []congvu.EvidenceRef{{Kind: congvu.EvidenceThanks, ID: 999}}})
		cases = append(cases, struct {
			name string
			err  error
		}{"unknown evidence", err})
		_, err = f.svc.Propose(f.headD1, commendation.ProposalInput{OfficialID: f.a.ID, Year: 2026, Form: "huan_chuong", Reason: "x"})
		cases = append(cases, struct {
			name string
			err  error
		}{"bad form", err})
		_, err = f.svc.Praise(f.headD1, commendation.PraiseInput{OfficialID: f.c.ID, UnitID: f.x.D1, Year: 2026, Reason: "Hoàn thành tốt nhiệm vụ"})
		cases = append(cases, struct {
			name string
			err  error
		}{"official of another unit", err})
		for _, c := range cases {
			if congvu.ErrorCode(c.err) != congvu.EINVALID || len(congvu.ErrorFields(c.err)) == 0 {
				t.Errorf("%s: %v", c.name, c.err)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM commendations`) + f.count(t, `SELECT COUNT(*) FROM commendation_evidence`) +
			f.count(t, `SELECT COUNT(*) FROM audit_events WHERE entity_type = 'commendation'`); n != 0 {
			t.Fatalf("%d rows saved", n)
		}
		// A rule set: only a national administrator, from today on.
		rs := commendation.DefaultRuleSets()[0]
		_, err = f.svc.AddRuleSet(f.headP1, rs)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, err = f.svc.AddRuleSet(f.admin, rs)
		sqldbtest.Code(t, err, congvu.EINVALID)
		rs.From, rs.Verified = vnDay(2026, 4, 1), true
		added, err := f.svc.AddRuleSet(f.admin, rs)
		if err != nil || added.ID == 0 {
			t.Fatal(err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM audit_events WHERE kind = 'commendation.rules'`); n != 1 {
			t.Fatalf("%d rule audits", n)
		}
	})
}

func TestReadsAreScoped(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		praise, err := f.svc.Praise(f.headD1, commendation.PraiseInput{OfficialID: f.a.ID, Year: 2026, Reason: "Được người dân khen ngợi nhiều lần"})
		if err != nil {
			t.Fatal(err)
		}
		prop, err := f.svc.Propose(f.headD1, commendation.ProposalInput{OfficialID: f.a.ID, Year: 2026, Form: commendation.FormBangKhenTinh, Reason: "Hoàn thành xuất sắc nhiệm vụ tiếp công dân"})
		if err != nil {
			t.Fatal(err)
		}
		if list, n, err := f.svc.FindCommendations(f.headD2, commendation.Filter{}); err != nil || n != 0 || len(list) != 0 {
			t.Fatalf("sibling sees %d: %v", n, err)
		}
		if list, n, _ := f.svc.FindCommendations(f.headP1, commendation.Filter{Query: "TIEP CONG DAN"}); n != 1 || list[0].ID != prop.ID {
			t.Fatalf("folded search: %d", n)
		}
		// The official concerned reads the praise, not the proposal.
		list, n, err := f.svc.FindCommendations(f.ownA, commendation.Filter{})
		if err != nil || n != 1 || list[0].ID != praise.ID {
			t.Fatalf("own list %d %v", n, err)
		}
		_, err = f.svc.FindCommendation(f.ownA, prop.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		if _, err := f.svc.History(f.ownA, praise.ID); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("official reads the history: %v", err)
		}
		// Withdrawn by the proposing unit, then closed.
		_, err = f.svc.Withdraw(f.headD2, prop.ID, "Rút để bổ sung hồ sơ")
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		w, err := f.svc.Withdraw(f.headD1, prop.ID, "Rút để bổ sung hồ sơ")
		if err != nil || w.Status != commendation.StatusWithdrawn {
			t.Fatalf("withdraw %+v %v", w, err)
		}
		_, err = f.svc.Decide(f.headP1, prop.ID, commendation.DecisionInput{Approve: true, Number: "3/QĐ-UBND", Date: vnDay(2026, 3, 5)})
		sqldbtest.Code(t, err, congvu.ECONFLICT)
	})
}

func TestSuggestFromEvidence(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		rollup := func(official int64, day string, total, good int) {
			t.Helper()
			if _, err := db.Write.Exec(`INSERT INTO rollup_official_day (official_id, day, total, very_satisfied, satisfied) VALUES ($1, $2, $3, $4, 0)`,
				official, day, total, good); err != nil {
				t.Fatal(err)
			}
		}
		rollup(f.a.ID, "2026-01-10", 80, 79)
		rollup(f.a.ID, "2026-02-10", 40, 39) // 118/120 = 98,3%
		rollup(f.b.ID, "2026-02-10", 50, 50) // too few
		rollup(f.b.ID, "2025-12-31", 90, 90) // another year
		for i := range 3 {
			if _, err := db.Write.Exec(`INSERT INTO feedback (unit_id, official_id, channel, satisfaction, comment, search_comment, status, submitted_at)
				VALUES ($1, $2, 'web', 'very_satisfied', 'Cảm ơn chị rất nhiều', 'cam on chi rat nhieu', 'accepted', $3)`, f.x.D2, f.c.ID,
				time.Date(2026, 2, 1+i, 3, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
		}
		_, err := f.svc.Suggest(f.headD2, f.x.D1, 2026)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		sg, err := f.svc.Suggest(f.headP1, f.x.P1, 2026)
		if err != nil || len(sg) != 2 {
			t.Fatalf("suggestions %v %v", sg, err)
		}
		byOfficial := map[int64]*commendation.Suggestion{}
		for _, g := range sg {
			byOfficial[g.OfficialID] = g
		}
		a, c := byOfficial[f.a.ID], byOfficial[f.c.ID]
		if a == nil || len(a.Evidence) != 1 || a.Evidence[0].Kind != congvu.EvidenceRatings || a.Evidence[0].Summary != "Chỉ số hài lòng 98,3% trên 120 lượt đánh giá năm 2026" {
			t.Fatalf("A: %+v", a)
		}
		if c == nil || len(c.Evidence) != 3 || c.Evidence[0].Kind != congvu.EvidenceThanks || c.Reason == "" {
			t.Fatalf("C: %+v", c)
		}
		// The head of C's commune praises C from the suggestion: its
		// evidence is checked and kept; C is not suggested again that year.
		refs := []congvu.EvidenceRef{}
		for _, e := range c.Evidence {
			refs = append(refs, e.EvidenceRef)
		}
		p, err := f.svc.Praise(f.headD2, commendation.PraiseInput{OfficialID: f.c.ID, Year: 2026, Reason: c.Reason, Evidence: refs})
		if err != nil || len(p.Evidence) != 3 {
			t.Fatalf("praise from suggestion %+v %v", p, err)
		}
		got, err := f.svc.FindCommendation(f.headD2, p.ID)
		if err != nil || len(got.Evidence) != 3 || got.Evidence[0].Summary == "" {
			t.Fatalf("stored evidence %+v %v", got, err)
		}
		sg, _ = f.svc.Suggest(f.headP1, f.x.P1, 2026)
		if len(sg) != 1 || sg[0].OfficialID != f.a.ID {
			t.Fatalf("after the praise: %+v", sg)
		}
		// Ratings of the year as evidence of a proposal.
		x, err := f.svc.Propose(f.headD1, commendation.ProposalInput{OfficialID: f.a.ID, Year: 2026, Form: commendation.FormGiayKhen,
			Reason: sg[0].Reason, Evidence: []congvu.EvidenceRef{{Kind: congvu.EvidenceRatings}}})
		if err != nil || len(x.Evidence) != 1 || x.Evidence[0].Summary != "Chỉ số hài lòng 98,3% trên 120 lượt đánh giá năm 2026" {
			t.Fatalf("proposal with ratings %+v %v", x, err)
		}
		if sg, _ = f.svc.Suggest(f.headP1, f.x.P1, 2026); len(sg) != 0 {
			t.Fatalf("still suggested: %+v", sg)
		}
	})
}

// A unit whose inspection kept every line, and one whose founded
// petition's reporter thanked it, are suggested as collectives; an
// inspection with a breach and a message without thanks are not evidence.
func TestSuggestCollectives(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		at := time.Date(2026, 2, 10, 3, 0, 0, 0, time.UTC)
		inspect := func(target int64, results ...string) int64 {
			t.Helper()
			var id int64
			if err := db.Write.QueryRow(`INSERT INTO inspections (kind, unit_id, target_unit_id, origin, status, visited_at, created_at, updated_at)
				VALUES ('check', $1, $2, 'adhoc', 'concluded', $3, $3, $3) RETURNING id`, f.x.P1, target, at).Scan(&id); err != nil {
				t.Fatal(err)
			}
			for i, r := range results {
				if _, err := db.Write.Exec(`INSERT INTO inspection_lines (inspection_id, position, item_code, item_title, group_code, method, result, updated_at)
					VALUES ($1, $2, 'GT-XC', 'Xưng hô', 'GT', 'observe', $3, $4)`, id, i, r, at); err != nil {
					t.Fatal(err)
				}
			}
			return id
		}
		kept := inspect(f.x.D1, "kept", "kept", "not_observed")
		inspect(f.x.D2, "kept", "breached")
		petition := func(code string, unit int64, conclusion, body string) int64 {
			t.Helper()
			var id int64
			if err := db.Write.QueryRow(`INSERT INTO petitions (tracking_code, secret_hash, channel, category, unit_id, description, anonymous, status, conclusion, submitted_at, updated_at)
				VALUES ($1, 'x', 'web', 'attitude', $2, 'Mô tả', TRUE, 'closed', $3, $4, $4) RETURNING id`, code, unit, conclusion, at).Scan(&id); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Write.Exec(`INSERT INTO petition_messages (petition_id, from_agency, body, created_at) VALUES ($1, FALSE, $2, $3)`, id, body, at.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			return id
		}
		thanked := petition("PA-1", f.x.D2, "founded", "Tôi xin CẢM ƠN cán bộ phường đã xử lý nhanh.")
		petition("PA-2", f.x.D2, "founded", "Tôi chưa đồng ý với kết quả.")
		petition("PA-3", f.x.D1, "unfounded", "Cám ơn.")
		sg, err := f.svc.Suggest(f.headP1, f.x.P1, 2026)
		if err != nil || len(sg) != 2 {
			t.Fatalf("%+v %v", sg, err)
		}
		byUnit := map[int64]*commendation.Suggestion{}
		for _, g := range sg {
			byUnit[g.UnitID] = g
		}
		if g := byUnit[f.x.D1]; g == nil || g.OfficialID != 0 || len(g.Evidence) != 1 || g.Evidence[0].Kind != congvu.EvidenceInspectionKept || g.Evidence[0].ID != kept {
			t.Fatalf("D1: %+v", g)
		}
		if g := byUnit[f.x.D2]; g == nil || len(g.Evidence) != 1 || g.Evidence[0].Kind != congvu.EvidencePetition || g.Evidence[0].ID != thanked {
			t.Fatalf("D2: %+v", g)
		}
		// Proposing the collective with that evidence keeps it; a petition
		// without thanks is refused as evidence.
		c, err := f.svc.Propose(f.headD2, commendation.ProposalInput{UnitID: f.x.D2, Year: 2026, Form: commendation.FormGiayKhen,
			Reason: "Giải quyết phản ánh nhanh, người dân cảm ơn", Evidence: []congvu.EvidenceRef{{Kind: congvu.EvidencePetition, ID: thanked}}})
		if err != nil || len(c.Evidence) != 1 || c.CompetentUnitID != f.x.D2 {
			t.Fatalf("%+v %v", c, err)
		}
		_, err = f.svc.Praise(f.headD1, commendation.PraiseInput{UnitID: f.x.D1, Year: 2026, Reason: "Kiểm tra đạt mọi tiêu chí",
			Evidence: []congvu.EvidenceRef{{Kind: congvu.EvidenceInspectionKept, ID: kept + 1}}})
		sqldbtest.Code(t, err, congvu.EINVALID)
	})
}

type disciplinedFake map[int64]bool

func (d disciplinedFake) DisciplinedIn(context.Context, string, int) (map[int64]bool, error) {
	return d, nil
}

// An official disciplined in the year is not suggested for a praise or an
// award, whatever their ratings.
func TestSuggestLeavesOutTheDisciplined(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		if _, err := db.Write.Exec(`INSERT INTO rollup_official_day (official_id, day, total, very_satisfied, satisfied) VALUES ($1, '2026-02-10', 120, 118, 0)`, f.a.ID); err != nil {
			t.Fatal(err)
		}
		sg, err := f.svc.Suggest(f.headP1, f.x.P1, 2026)
		if err != nil || len(sg) != 1 || sg[0].OfficialID != f.a.ID {
			t.Fatalf("before: %v %v", sg, err)
		}
		f.svc.UseDiscipline(disciplinedFake{f.a.ID: true})
		sg, err = f.svc.Suggest(f.headP1, f.x.P1, 2026)
		if err != nil || len(sg) != 0 {
			t.Fatalf("a disciplined official suggested: %v %v", sg, err)
		}
	})
}
