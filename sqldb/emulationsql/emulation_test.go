package emulationsql_test

import (
	"congvu"
	"congvu/emulation"
	"congvu/evaluation"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/calendarsql"
	"congvu/sqldb/commendationsql"
	"congvu/sqldb/emulationsql"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/violationsql"
	"context"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fixture: province P1 with communes D1 and D2 (one cluster) and an
// agency D3 (no cluster); officials A, B (D1), C (D2), E (D3); a
// supervisor of P1 whose own record is A's; heads of P1, D1, D2.
type fixture struct {
	db                     *sqldb.DB
	clock                  *sqldbtest.Clock
	svc                    *emulationsql.EmulationService
	x                      sqldbtest.Tree
	d3                     int64
	a, b, c, e             *org.Official
	sup, supA              context.Context
	headP1, headD1, headD2 context.Context
	admin                  context.Context
	m                      *emulation.Movement
	regs                   map[string]*emulation.Registration
	violation              int64
}

func newFixture(t *testing.T, db *sqldb.DB) *fixture {
	t.Helper()
	f := &fixture{db: db, svc: emulationsql.NewEmulationService(db), regs: map[string]*emulation.Registration{}}
	f.svc.UseDiscipline(violationsql.NewDisciplineService(db, calendarsql.NewCalendarService(db)))
	f.svc.UseCommendations(commendationsql.NewCommendationService(db))
	f.clock = sqldbtest.SetClock(db)
	f.x = sqldbtest.MakeTree(t, db)
	f.d3, _ = sqldbtest.Unit(t, db, f.x.P1Path, "P1D3", "Ban Ba")
	f.exec(t, `UPDATE units SET kind = 'province' WHERE id = $1`, f.x.P1)
	f.exec(t, `UPDATE units SET kind = 'commune' WHERE id IN ($1, $2)`, f.x.D1, f.x.D2)
	offs := orgsql.NewOfficialService(db)
	f.a = sqldbtest.Official(t, offs, f.x.D1, "A1", "Nguyễn Thị Ánh", org.CategoryCivilServant)
	f.b = sqldbtest.Official(t, offs, f.x.D1, "B1", "Trần Văn Bình", org.CategoryCivilServant)
	f.c = sqldbtest.Official(t, offs, f.x.D2, "C1", "Lê Văn Cường", org.CategoryCivilServant)
	f.e = sqldbtest.Official(t, offs, f.d3, "E1", "Phạm Thị Em", org.CategoryCivilServant)
	us := orgsql.NewUserService(db)
	as := func(name string, role congvu.Role, unit int64, path string) context.Context {
		u := sqldbtest.User(t, us, name, role, unit)
		return sqldbtest.As(sqldbtest.Actor(u.ID, role, unit, path))
	}
	f.sup = as("sup", congvu.RoleSupervisor, f.x.P1, f.x.P1Path)
	f.headP1 = as("headp1", congvu.RoleUnitHead, f.x.P1, f.x.P1Path)
	f.headD1 = as("headd1", congvu.RoleUnitHead, f.x.D1, f.x.D1Path)
	f.headD2 = as("headd2", congvu.RoleUnitHead, f.x.D2, f.x.D2Path)
	f.admin = as("admin1", congvu.RoleAdmin, 1, congvu.RootUnitPath)
	// A supervisor of the province whose own official record is A (in D1).
	ua := sqldbtest.User(t, us, "supa", congvu.RoleSupervisor, f.x.P1)
	actor := sqldbtest.Actor(ua.ID, congvu.RoleSupervisor, f.x.P1, f.x.P1Path)
	actor.OfficialID = f.a.ID
	f.supA = sqldbtest.As(actor)
	return f
}

func (f *fixture) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	if _, err := f.db.Write.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// movement launches the office-culture movement 2026–2030 at P1 with a
// cluster of D1 and D2, and registers D1, D2, D3, A and B for 2026.
func (f *fixture) movement(t *testing.T) {
	t.Helper()
	m, err := f.svc.CreateMovement(f.sup, emulation.MovementInput{UnitID: f.x.P1, Title: "Văn hóa công vụ 2026–2030", FromYear: 2026, ToYear: 2030,
		InterimYear: 2028, Criteria: emulation.OfficeCultureCriteria()})
	if err != nil {
		t.Fatal(err)
	}
	if f.m, err = f.svc.OpenMovement(f.sup, m.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SaveCluster(f.sup, emulation.ClusterInput{MovementID: m.ID, Title: "Cụm xã", UnitIDs: []int64{f.x.D1, f.x.D2}}); err != nil {
		t.Fatal(err)
	}
	reg := func(name string, in emulation.RegistrationInput) {
		in.MovementID, in.Year = m.ID, 2026
		r, err := f.svc.Register(f.sup, in)
		if err != nil {
			t.Fatalf("register %s: %v", name, err)
		}
		f.regs[name] = r
	}
	reg("D1", emulation.RegistrationInput{Subject: emulation.Collective, UnitID: f.x.D1, Title: emulation.TitleTapTheLaoDongTienTien})
	reg("D2", emulation.RegistrationInput{Subject: emulation.Collective, UnitID: f.x.D2})
	reg("D3", emulation.RegistrationInput{Subject: emulation.Collective, UnitID: f.d3})
	reg("A", emulation.RegistrationInput{Subject: emulation.Individual, OfficialID: f.a.ID, Title: emulation.TitleChienSiThiDuaCoSo, Initiative: "Số hóa hồ sơ một cửa"})
	reg("B", emulation.RegistrationInput{Subject: emulation.Individual, OfficialID: f.b.ID, Title: emulation.TitleLaoDongTienTien})
}

// evidence writes the year's evidence: ratings (A 120 at 91,67%; B 50;
// D1 95%; D2 70%), a violation in D2 naming C, the classifications (A
// excellent, B and C good; D2 good) and B disciplined in 2026.
func (f *fixture) evidence(t *testing.T) {
	t.Helper()
	f.exec(t, `INSERT INTO rollup_official_day (official_id, day, total, very_satisfied, satisfied, dissatisfied) VALUES ($1, '2026-02-10', 120, 80, 30, 10)`, f.a.ID)
	f.exec(t, `INSERT INTO rollup_official_day (official_id, day, total, very_satisfied, satisfied, dissatisfied) VALUES ($1, '2026-02-10', 50, 50, 0, 0)`, f.b.ID)
	f.exec(t, `INSERT INTO rollup_official_day (official_id, day, total, very_satisfied, satisfied, dissatisfied) VALUES ($1, '2025-12-31', 500, 500, 0, 0)`, f.b.ID)
	f.exec(t, `INSERT INTO rollup_unit_day (unit_id, day, total, very_satisfied, satisfied, dissatisfied) VALUES ($1, '2026-02-10', 200, 150, 40, 10)`, f.x.D1)
	f.exec(t, `INSERT INTO rollup_unit_day (unit_id, day, total, very_satisfied, satisfied, dissatisfied) VALUES ($1, '2026-02-10', 200, 100, 40, 60)`, f.x.D2)
	now := f.db.Now().UTC()
	if err := f.db.Write.QueryRow(`INSERT INTO violations (unit_id, act_date, description, evidence_at, created_at, updated_at)
		VALUES ($1, '2026-02-01', 'Hách dịch với người dân', $2, $2, $2) RETURNING id`, f.x.D2, now).Scan(&f.violation); err != nil {
		t.Fatal(err)
	}
	f.exec(t, `INSERT INTO violation_officials (violation_id, official_id, unit_id) VALUES ($1, $2, $3)`, f.violation, f.c.ID, f.x.D2)
	var rs int64
	if err := f.db.Write.QueryRow(`INSERT INTO evaluation_rule_sets (code, title, categories, basis, body) VALUES ('t', 't', 'civil_servant', 't', '{}') RETURNING id`).Scan(&rs); err != nil {
		t.Fatal(err)
	}
	for _, e := range []struct {
		o     *org.Official
		level string
	}{{f.a, "excellent"}, {f.b, "good"}, {f.c, "good"}} {
		f.exec(t, `INSERT INTO evaluations (official_id, unit_id, year, category, rule_set_id, status, level, final_level, created_at, updated_at)
			VALUES ($1, $2, 2026, 'civil_servant', $3, 'decided', $4, $4, $5, $5)`, e.o.ID, e.o.UnitID, rs, e.level, now)
	}
	f.exec(t, `INSERT INTO unit_evaluations (unit_id, year, level, basis, decided_at) VALUES ($1, 2026, 'good', 'Quyết định 1', $2)`, f.x.D2, now)
	f.exec(t, `INSERT INTO unit_evaluations (unit_id, year, level, basis, decided_at) VALUES ($1, 2026, 'good', 'Quyết định 2', $2)`, f.x.D1, now)
	var drs int64
	if err := f.db.Write.QueryRow(`SELECT MIN(id) FROM discipline_rule_sets`).Scan(&drs); err != nil {
		t.Fatal(err)
	}
	f.exec(t, `INSERT INTO discipline_cases (official_id, category, unit_id, competent_unit_id, rule_set_id, severity, proposed_form, status,
		opened_at, due_at, decision_number, decision_signed_on, decision_effective_on, decision_form, created_at, updated_at)
		VALUES ($1, 'civil_servant', $2, $2, $3, 'minor', 'reprimand', 'decided', $4, $4, '12/QĐ-UBND', '2026-02-20', '2026-02-20', 'reprimand', $4, $4)`,
		f.b.ID, f.x.D1, drs, now)
}

func line(t *testing.T, s *emulation.Score, code string) emulation.ScoreLine {
	t.Helper()
	for _, l := range s.Lines {
		if l.Code == code {
			return l
		}
	}
	t.Fatalf("no line %s in %+v", code, s.Lines)
	return emulation.ScoreLine{}
}

func criterion(t *testing.T, m *emulation.Movement, code string) emulation.Criterion {
	t.Helper()
	for _, c := range m.Criteria {
		if c.Code == code {
			return c
		}
	}
	t.Fatalf("no criterion %s", code)
	return emulation.Criterion{}
}

func TestSeededTitleRuleSetIsTheDefault(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		sets, err := f.svc.TitleRuleSets(f.headD1)
		if err != nil || len(sets) != 1 {
			t.Fatalf("%v %d", err, len(sets))
		}
		got, want := sets[0], emulation.DefaultTitleRuleSets()[0]
		got.ID, got.CreatedAt = 0, time.Time{}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("migration 0038 and DefaultTitleRuleSets differ:\n%+v\n%+v", got, want)
		}
	})
}

func TestScoresExplainedLineByLine(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		f.movement(t)
		f.evidence(t)
		// Only those who score may compute.
		_, err := f.svc.ComputeScores(f.headD1, f.m.ID, 2026)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		res, err := f.svc.ComputeScores(f.sup, f.m.ID, 2026)
		if err != nil || res.Scored != 5 {
			t.Fatalf("%+v %v", res, err)
		}
		a, err := f.svc.Explain(f.headD1, f.regs["A"].ID, 2026)
		if err != nil {
			t.Fatal(err)
		}
		idx := line(t, a, "cn_hai_long")
		// 110 of 120 satisfied: 91,67%, between 70 (0) and 95 (25 points).
		if !strings.Contains(idx.Explanation, "Chỉ số hài lòng 91,67% trên 120 lượt đánh giá năm 2026") || idx.Points != 21.67 ||
			!slices.Contains(idx.Evidence, "ratings:0:"+itoa(f.a.ID)) {
			t.Fatalf("index line %+v", idx)
		}
		if l := line(t, a, "cn_xep_loai"); l.Points != 25 || !strings.Contains(l.Explanation, "Xếp loại Hoàn thành xuất sắc nhiệm vụ") {
			t.Fatalf("evaluation line %+v", l)
		}
		if l := line(t, a, "cn_boi_duong"); l.Points != 0 || l.Value != emulation.NoFigure || !strings.Contains(l.Explanation, "Không có đợt bồi dưỡng bắt buộc trong năm 2026") {
			t.Fatalf("training line %+v", l)
		}
		if l := line(t, a, "cn_cham_truc_tiep"); !l.Manual || l.Points != 0 || !strings.Contains(l.Explanation, "Chưa chấm trực tiếp") {
			t.Fatalf("manual line %+v", l)
		}
		// B: 50 ratings in 2026 (the 500 of 2025 do not count): no index.
		b, _ := f.svc.Explain(f.sup, f.regs["B"].ID, 2026)
		if l := line(t, b, "cn_hai_long"); l.Points != 0 || !strings.Contains(l.Explanation, "Mới có 50 lượt đánh giá trong năm, chưa đủ 100") {
			t.Fatalf("B index %+v", l)
		}
		// B disciplined: the violations line counts it.
		if l := line(t, b, "cn_vi_pham"); l.Value != 1 || !strings.Contains(l.Explanation, "bị kỷ luật trong năm") {
			t.Fatalf("B violations %+v", l)
		}
		// D2: a violation, linked.
		d2, _ := f.svc.Explain(f.sup, f.regs["D2"].ID, 2026)
		if l := line(t, d2, "tt_vi_pham"); l.Value != 1 || l.Points != 12 || !slices.Contains(l.Evidence, "violation:"+itoa(f.violation)) {
			t.Fatalf("D2 violations %+v", l)
		}
		if d2.Max != 100 || d2.Total <= 0 {
			t.Fatalf("D2 %+v", d2)
		}
		// An administrator reads the score, not the classification nor the
		// discipline it rests on (personal data of other capabilities).
		adm, err := f.svc.Explain(f.admin, f.regs["B"].ID, 2026)
		if err != nil || adm.Total != b.Total {
			t.Fatalf("%+v %v", adm, err)
		}
		for _, code := range []string{"cn_xep_loai", "cn_vi_pham"} {
			if l := line(t, adm, code); strings.Contains(l.Explanation, "Xếp loại Hoàn thành") || strings.Contains(l.Explanation, "kỷ luật trong năm") || len(l.Evidence) != 0 {
				t.Fatalf("admin reads %+v", l)
			}
		}
		// A sibling's head does not read D1's scores.
		_, err = f.svc.Explain(f.headD2, f.regs["A"].ID, 2026)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'emulation.compute'`); n != 1 {
			t.Fatalf("audited %d", n)
		}
	})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func TestHandScoreRefusals(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		f.movement(t)
		f.evidence(t)
		if _, err := f.svc.ComputeScores(f.sup, f.m.ID, 2026); err != nil {
			t.Fatal(err)
		}
		manual := criterion(t, f.m, "tt_cham_truc_tiep")
		in := emulation.HandScoreInput{RegistrationID: f.regs["D2"].ID, CriterionID: manual.ID, Points: 8, Reason: "Mô hình một cửa thân thiện"}
		// No reason; above the weight; an evidence-fed criterion.
		bad := in
		bad.Reason = " "
		_, err := f.svc.ScoreByHand(f.sup, bad)
		sqldbtest.Code(t, err, congvu.EINVALID)
		bad = in
		bad.Points = 11
		_, err = f.svc.ScoreByHand(f.sup, bad)
		sqldbtest.Code(t, err, congvu.EINVALID)
		bad = in
		bad.CriterionID = criterion(t, f.m, "tt_hai_long").ID
		_, err = f.svc.ScoreByHand(f.sup, bad)
		sqldbtest.Code(t, err, congvu.EINVALID)
		// A unit head may not score; a supervisor never scores themself
		// nor their own unit.
		_, err = f.svc.ScoreByHand(f.headP1, in)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		own := emulation.HandScoreInput{RegistrationID: f.regs["A"].ID, CriterionID: criterion(t, f.m, "cn_cham_truc_tiep").ID, Points: 10, Reason: "Tận tụy với người dân"}
		_, err = f.svc.ScoreByHand(f.supA, own)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		ownUnit := in
		ownUnit.RegistrationID = f.regs["D1"].ID
		_, err = f.svc.ScoreByHand(f.supA, ownUnit)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM emulation_score_lines WHERE manual = TRUE`); n != 0 {
			t.Fatalf("refusals saved %d lines", n)
		}
		// The same supervisor scores another unit; the reason is kept and the
		// line survives a recompute.
		before, _ := f.svc.Explain(f.sup, f.regs["D2"].ID, 2026)
		got, err := f.svc.ScoreByHand(f.supA, in)
		if err != nil {
			t.Fatal(err)
		}
		if l := line(t, got, "tt_cham_truc_tiep"); l.Points != 8 || l.Reason != "Mô hình một cửa thân thiện" || !l.Manual {
			t.Fatalf("%+v", l)
		}
		if got.Total != before.Total+8 {
			t.Fatalf("total %v, was %v", got.Total, before.Total)
		}
		if _, err := f.svc.ComputeScores(f.sup, f.m.ID, 2026); err != nil {
			t.Fatal(err)
		}
		again, _ := f.svc.Explain(f.sup, f.regs["D2"].ID, 2026)
		if l := line(t, again, "tt_cham_truc_tiep"); l.Points != 8 || again.Total != got.Total {
			t.Fatalf("hand score lost on recompute: %+v %v", l, again.Total)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'emulation.score'`); n != 1 {
			t.Fatalf("audited %d", n)
		}
	})
}

func TestRankingWithinCluster(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		f.movement(t)
		f.evidence(t)
		if _, err := f.svc.ComputeScores(f.sup, f.m.ID, 2026); err != nil {
			t.Fatal(err)
		}
		list, err := f.svc.Ranking(f.sup, emulation.RankingFilter{MovementID: f.m.ID, Year: 2026, Subject: emulation.Collective})
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]*emulation.Score{}
		for _, s := range list {
			got[s.UnitID] = s
		}
		d1, d2, d3 := got[f.x.D1], got[f.x.D2], got[f.d3]
		if d1 == nil || d2 == nil || d3 == nil {
			t.Fatalf("%+v", list)
		}
		// D1 (95%, no violation) above D2 (70%, a violation) in their
		// cluster; D3, outside any cluster, is ranked alone.
		if d1.Rank != 1 || d1.RankOf != 2 || d2.Rank != 2 || d2.RankOf != 2 || d1.ClusterID == 0 || d1.ClusterID != d2.ClusterID {
			t.Fatalf("cluster ranks D1 %+v D2 %+v", d1, d2)
		}
		if d3.Rank != 1 || d3.RankOf != 1 || d3.ClusterID != 0 {
			t.Fatalf("D3 %+v", d3)
		}
		if d1.Total <= d2.Total {
			t.Fatalf("totals %v %v", d1.Total, d2.Total)
		}
		// The cluster filter; a sibling head sees only their own unit.
		only, _ := f.svc.Ranking(f.sup, emulation.RankingFilter{MovementID: f.m.ID, Year: 2026, Subject: emulation.Collective, ClusterID: d1.ClusterID})
		if len(only) != 2 {
			t.Fatalf("%d", len(only))
		}
		mine, err := f.svc.Ranking(f.headD2, emulation.RankingFilter{MovementID: f.m.ID, Year: 2026})
		if err != nil || len(mine) != 1 || mine[0].UnitID != f.x.D2 || mine[0].Rank != 2 {
			t.Fatalf("%+v %v", mine, err)
		}
		// A withdrawn registration leaves the ranking.
		if _, err := f.svc.Withdraw(f.sup, f.regs["D1"].ID, "Đơn vị xin rút đăng ký"); err != nil {
			t.Fatal(err)
		}
		list, _ = f.svc.Ranking(f.sup, emulation.RankingFilter{MovementID: f.m.ID, Year: 2026, Subject: emulation.Collective, ClusterID: d1.ClusterID})
		if len(list) != 1 || list[0].UnitID != f.x.D2 || list[0].Rank != 1 || list[0].RankOf != 1 {
			t.Fatalf("%+v", list)
		}
	})
}

func TestTitles(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		f.movement(t)
		f.evidence(t)
		// B, good but disciplined in 2026: refused Lao động tiên tiến,
		// saying why.
		_, err := f.svc.ProposeTitle(f.headD1, emulation.TitleProposalInput{Year: 2026, Title: emulation.TitleLaoDongTienTien, OfficialID: f.b.ID})
		sqldbtest.Code(t, err, congvu.EINVALID)
		if e, _ := err.(*congvu.Error); e == nil || !strings.Contains(e.Fields["title"], "Không bị kỷ luật trong năm: bị kỷ luật") {
			t.Fatalf("%v", err)
		}
		// The suggestions say the same, and propose A.
		sug, err := f.svc.SuggestTitles(f.headD1, f.x.D1, 2026)
		if err != nil {
			t.Fatal(err)
		}
		var forA, forB *emulation.TitleSuggestion
		for _, s := range sug {
			if s.OfficialID == f.a.ID && s.Title == emulation.TitleLaoDongTienTien {
				forA = s
			}
			if s.OfficialID == f.b.ID && s.Title == emulation.TitleLaoDongTienTien {
				forB = s
			}
		}
		if forA == nil || !forA.Eligible || forB == nil || forB.Eligible {
			t.Fatalf("suggestions %+v", sug)
		}
		// A: proposed by D1's head, decided by D1 (a commune decides its
		// officials' Lao động tiên tiến): 0,3 × 2.340.000 rounded up.
		p, err := f.svc.ProposeTitle(f.headD1, emulation.TitleProposalInput{MovementID: f.m.ID, Year: 2026, Title: emulation.TitleLaoDongTienTien, OfficialID: f.a.ID, Reason: "Hoàn thành xuất sắc"})
		if err != nil || p.CompetentUnitID != f.x.D1 {
			t.Fatalf("%+v %v", p, err)
		}
		_, err = f.svc.ProposeTitle(f.headD1, emulation.TitleProposalInput{Year: 2026, Title: emulation.TitleLaoDongTienTien, OfficialID: f.a.ID})
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		// An administrator reads the proposal of an official, not the
		// classification nor the discipline its checks state (evaluation
		// is personal); the supervisor does.
		excellent := evaluation.LevelExcellent.Label()
		states := func(tp *emulation.TitleProposal) bool {
			for _, c := range tp.Checks {
				if strings.Contains(c.Text, ": "+excellent) || strings.Contains(c.Text, "kỷ luật trong năm: không") {
					return true
				}
			}
			return false
		}
		if tp, err := f.svc.FindTitleProposal(f.sup, p.ID); err != nil || !states(tp) {
			t.Fatalf("the supervisor reads %+v %v", tp, err)
		}
		if tp, err := f.svc.FindTitleProposal(f.admin, p.ID); err != nil || states(tp) || len(tp.Checks) != len(p.Checks) {
			t.Fatalf("an administrator reads %+v %v", tp, err)
		}
		if list, _, err := f.svc.FindTitleProposals(f.admin, emulation.TitleFilter{Year: 2026}); err != nil || len(list) != 1 || states(list[0]) {
			t.Fatalf("an administrator lists %+v %v", list, err)
		}
		_, err = f.svc.DecideTitle(f.headP1, p.ID, emulation.TitleDecisionInput{Approve: true, Number: "5/QĐ-UBND", Date: "05/03/2026"})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN) // the province is not the competent level
		got, err := f.svc.DecideTitle(f.headD1, p.ID, emulation.TitleDecisionInput{Approve: true, Number: "5/QĐ-UBND", Date: "05/03/2026"})
		if err != nil || got.Status != emulation.ProposalApproved || got.Amount != 710000 || got.DecisionDate.Format("2006-01-02") != "2026-03-05" {
			t.Fatalf("%+v %v", got, err)
		}
		// Chiến sĩ thi đua cơ sở: A holds Lao động tiên tiến, is excellent and
		// registered an initiative.
		cs, err := f.svc.ProposeTitle(f.headD1, emulation.TitleProposalInput{Year: 2026, Title: emulation.TitleChienSiThiDuaCoSo, OfficialID: f.a.ID})
		if err != nil {
			t.Fatal(err)
		}
		got, err = f.svc.DecideTitle(f.headD1, cs.ID, emulation.TitleDecisionInput{Approve: true, Number: "6/QĐ-UBND", Date: "05/03/2026"})
		if err != nil || got.Amount != 2340000 {
			t.Fatalf("%+v %v", got, err)
		}

		// D2's collective: its own head may neither propose nor decide it;
		// the province decides.
		_, err = f.svc.ProposeTitle(f.headD2, emulation.TitleProposalInput{Year: 2026, Title: emulation.TitleTapTheLaoDongTienTien, UnitID: f.x.D2})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		tt, err := f.svc.ProposeTitle(f.sup, emulation.TitleProposalInput{Year: 2026, Title: emulation.TitleTapTheLaoDongTienTien, UnitID: f.x.D2})
		if err != nil || tt.CompetentUnitID != f.x.P1 {
			t.Fatalf("%+v %v", tt, err)
		}
		_, err = f.svc.DecideTitle(f.headD2, tt.ID, emulation.TitleDecisionInput{Approve: true, Number: "7/QĐ-UBND", Date: "05/03/2026"})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM emulation_title_proposals WHERE id = $1 AND status = 'proposed'`, tt.ID); n != 1 {
			t.Fatal("the refusal changed the proposal")
		}
		// 0,8 × 2.340.000 = 1.872.000, rounded up to 1.880.000.
		got, err = f.svc.DecideTitle(f.headP1, tt.ID, emulation.TitleDecisionInput{Approve: true, Number: "7/QĐ-UBND", Date: "05/03/2026"})
		if err != nil || got.Amount != 1880000 {
			t.Fatalf("%+v %v", got, err)
		}
		// A discipline decided after the proposal stops the decision.
		pc, err := f.svc.ProposeTitle(f.headD2, emulation.TitleProposalInput{Year: 2026, Title: emulation.TitleLaoDongTienTien, OfficialID: f.c.ID})
		if err != nil {
			t.Fatal(err)
		}
		f.exec(t, `UPDATE discipline_cases SET official_id = $1`, f.c.ID)
		_, err = f.svc.DecideTitle(f.headD2, pc.ID, emulation.TitleDecisionInput{Approve: true, Number: "8/QĐ-UBND", Date: "05/03/2026"})
		sqldbtest.Code(t, err, congvu.EINVALID)
		f.exec(t, `UPDATE discipline_cases SET official_id = $1`, f.b.ID)
		// D1's collective: B, a member, was disciplined.
		_, err = f.svc.ProposeTitle(f.sup, emulation.TitleProposalInput{Year: 2026, Title: emulation.TitleTapTheLaoDongTienTien, UnitID: f.x.D1})
		sqldbtest.Code(t, err, congvu.EINVALID)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind IN ('emulation.title.propose', 'emulation.title.decide')`); n != 7 {
			t.Fatalf("audited %d", n)
		}
		// The audit log shows an administrator the collective's proposal, not
		// the officials' (their checks state classification and discipline).
		audit := sqldb.NewAuditService(db)
		evs, _, err := audit.FindAuditEvents(f.admin, congvu.AuditFilter{Kind: "emulation.title."})
		if err != nil || len(evs) != 2 {
			t.Fatalf("admin reads %d events %v", len(evs), err)
		}
		for _, e := range evs {
			if e.EntityID != tt.ID {
				t.Fatalf("admin reads %+v", e)
			}
		}
		if evs, _, err = audit.FindAuditEvents(f.sup, congvu.AuditFilter{Kind: "emulation.title."}); err != nil || len(evs) != 7 {
			t.Fatalf("supervisor reads %d events %v", len(evs), err)
		}
	})
}

func TestAmountFromTheBaseSalaryInForce(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		f.movement(t)
		f.evidence(t)
		f.exec(t, `INSERT INTO rollup_official_day (official_id, day, total, very_satisfied, satisfied, dissatisfied) VALUES ($1, '2024-02-10', 1, 1, 0, 0)`, f.c.ID)
		f.exec(t, `UPDATE evaluations SET year = 2024 WHERE official_id = $1`, f.c.ID)
		f.clock.Set(time.Date(2024, 6, 25, 3, 0, 0, 0, time.UTC))
		p, err := f.svc.ProposeTitle(f.headD2, emulation.TitleProposalInput{Year: 2024, Title: emulation.TitleLaoDongTienTien, OfficialID: f.c.ID})
		if err != nil {
			t.Fatal(err)
		}
		// Not signed before the proposal, nor after today.
		for _, d := range []string{"20/06/2024", "26/06/2024"} {
			_, err = f.svc.DecideTitle(f.headD2, p.ID, emulation.TitleDecisionInput{Approve: true, Number: "1/QĐ", Date: d})
			sqldbtest.Code(t, err, congvu.EINVALID)
		}
		f.clock.Set(time.Date(2024, 6, 30, 3, 0, 0, 0, time.UTC))
		// Signed 28/6/2024: the base salary 1.800.000 → 540.000 (2.340.000
		// only from 1/7/2024).
		got, err := f.svc.DecideTitle(f.headD2, p.ID, emulation.TitleDecisionInput{Approve: true, Number: "1/QĐ", Date: "28/06/2024"})
		if err != nil || got.Amount != 540000 {
			t.Fatalf("%+v %v", got, err)
		}
	})
}
