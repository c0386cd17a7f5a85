package emulation

import (
	"congvu"
	"congvu/commendation"
	"congvu/evaluation"
	"congvu/org"
	"strings"
	"testing"
	"time"
)

func TestPointsForIsLinearAndClamped(t *testing.T) {
	idx := Criterion{Weight: 20, Source: SourceIndex, Target: 90, Floor: 70}
	for _, c := range []struct {
		v, want float64
		says    string
	}{
		{95, 20, "đủ 20 điểm"}, {90, 20, "đủ 20 điểm"}, {80, 10, "Giá trị 80%, giữa 70% (0 điểm) và 90% (đủ 20 điểm), tính theo tỷ lệ: 10/20"}, {70, 0, "0/20"}, {50, 0, "0/20"}, {-1, 0, "Chưa có số liệu"},
	} {
		p, why := idx.PointsFor(c.v)
		if p != c.want || !strings.Contains(why, c.says) {
			t.Errorf("index %v: %v %q", c.v, p, why)
		}
	}
	// Fewer is better: 0 violations full, 5 or more none.
	vio := Criterion{Weight: 15, Source: SourceViolations, Target: 0, Floor: 5}
	for _, c := range []struct{ v, want float64 }{{0, 15}, {1, 12}, {5, 0}, {9, 0}} {
		if p, why := vio.PointsFor(c.v); p != c.want || why == "" {
			t.Errorf("violations %v: %v %q", c.v, p, why)
		}
	}
	if _, why := vio.PointsFor(2); !strings.Contains(why, "Giá trị 2, giữa 0 (đủ 15 điểm) và 5 (0 điểm)") {
		t.Errorf("explanation %q", why)
	}
	lv := Criterion{Weight: 25, Source: SourceEvaluation, Target: 4, Floor: 2}
	if p, why := lv.PointsFor(LevelValue(evaluation.LevelGood)); p != 12.5 ||
		why != "Mức “Hoàn thành tốt nhiệm vụ”, giữa “Hoàn thành nhiệm vụ” (0 điểm) và “Hoàn thành xuất sắc nhiệm vụ” (đủ 25 điểm), tính theo tỷ lệ: 12,5/25 điểm." {
		t.Errorf("%v %q", p, why)
	}
	if _, why := idx.PointsFor(93.45); !strings.Contains(why, "93,45") {
		t.Errorf("decimal comma %q", why)
	}
}

func TestCriteriaValidation(t *testing.T) {
	in := MovementInput{UnitID: 1, Title: "Phong trào", FromYear: 2026, ToYear: 2030, InterimYear: 2028, Criteria: OfficeCultureCriteria()}
	if err := in.Validate(time.Now()); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	bad := OfficeCultureCriteria()
	bad[0].Weight = 30                 // collectives sum to 105
	bad[1].Code = bad[0].Code          // duplicate
	bad[2].Source = "nope"             // unknown
	bad[7].Target, bad[7].Floor = 5, 9 // index but fewer-is-better
	in = MovementInput{UnitID: 1, Title: "P", FromYear: 2026, ToYear: 2040, InterimYear: 2041, Criteria: bad}
	err := in.Validate(time.Now())
	e, ok := err.(*congvu.Error)
	if !ok || e.Code != congvu.EINVALID {
		t.Fatalf("%v", err)
	}
	for _, f := range []string{"criteria", "criteria.1.code", "criteria.2.source", "criteria.7.target", "to_year", "interim_year"} {
		if e.Fields[f] == "" {
			t.Errorf("no error on %s: %v", f, e.Fields)
		}
	}
	if !strings.Contains(e.Fields["criteria"], "tập thể phải bằng 100 (hiện là 105)") {
		t.Errorf("%q", e.Fields["criteria"])
	}
}

func TestDefaultTitleRules(t *testing.T) {
	sets := DefaultTitleRuleSets()
	if TitleRuleSetFor(sets, 2023) != nil || TitleRuleSetFor(sets, 2026) == nil {
		t.Fatal("the 2022 law applies from 2024")
	}
	rs := TitleRuleSetFor(sets, 2026)
	ldtt, _ := rs.TitleByCode(TitleLaoDongTienTien)
	if ldtt.Coefficient != 0.3 || ldtt.Subject != Individual || ldtt.MinLevel != evaluation.LevelGood {
		t.Fatalf("%+v", ldtt)
	}
	// Good and not disciplined: eligible; disciplined: refused, saying why.
	ok := ldtt.Check(TitleEvidence{Level: evaluation.LevelGood})
	if _, pass := Passed(ok); !pass {
		t.Fatalf("%+v", ok)
	}
	no := ldtt.Check(TitleEvidence{Level: evaluation.LevelExcellent, Disciplined: true, DisciplineText: "Quyết định số 12/QĐ-UBND ngày 05/03/2026"})
	failed, pass := Passed(no)
	if pass || !strings.Contains(failed.Text, "bị kỷ luật (Quyết định số 12/QĐ-UBND") {
		t.Fatalf("%+v", no)
	}
	// Completed only: refused on the level.
	if f, pass := Passed(ldtt.Check(TitleEvidence{Level: evaluation.LevelCompleted})); pass || !strings.Contains(f.Text, "Hoàn thành tốt nhiệm vụ trở lên: Hoàn thành nhiệm vụ") {
		t.Fatalf("%+v", f)
	}
	cs, _ := rs.TitleByCode(TitleChienSiThiDuaCoSo)
	if f, pass := Passed(cs.Check(TitleEvidence{Level: evaluation.LevelExcellent, Held: []string{TitleLaoDongTienTien}})); pass || !strings.Contains(f.Text, "sáng kiến") {
		t.Fatalf("needs an initiative: %+v", f)
	}
	if _, pass := Passed(cs.Check(TitleEvidence{Level: evaluation.LevelExcellent, Held: []string{TitleLaoDongTienTien}, Initiative: "Số hóa hồ sơ"})); !pass {
		t.Fatal("eligible")
	}
	tt, _ := rs.TitleByCode(TitleTapTheLaoDongTienTien)
	if f, pass := Passed(tt.Check(TitleEvidence{Level: evaluation.LevelGood, Members: 10, Good: 4})); pass || !strings.Contains(f.Text, "4/10 (40%)") {
		t.Fatalf("%+v", f)
	}
	if f, pass := Passed(tt.Check(TitleEvidence{Level: evaluation.LevelGood, Members: 10, Good: 6, MembersDisciplined: 1})); pass || !strings.Contains(f.Text, "1 cá nhân bị kỷ luật") {
		t.Fatalf("%+v", f)
	}
	for _, r := range rs.Titles {
		if r.Subject == Collective && r.Verified {
			t.Errorf("%s: law.md says verify", r.Code)
		}
	}
}

func TestCompetentAndAmount(t *testing.T) {
	rs := TitleRuleSetFor(DefaultTitleRuleSets(), 2026)
	chain := []commendation.UnitNode{{ID: 3, Kind: org.KindCommune}, {ID: 2, Kind: org.KindProvince}, {ID: 1, Kind: org.KindNation}}
	ldtt, _ := rs.TitleByCode(TitleLaoDongTienTien)
	if u, ok := ldtt.Competent(chain); !ok || u.ID != 3 {
		t.Fatalf("LĐTT of a commune's official: the commune, got %+v", u)
	}
	tt, _ := rs.TitleByCode(TitleTapTheLaoDongTienTien)
	if u, ok := tt.Competent(chain); !ok || u.ID != 2 {
		t.Fatalf("a commune does not award itself: the province, got %+v", u)
	}
	xs, _ := rs.TitleByCode(TitleTapTheLaoDongXuatSac)
	if u, ok := xs.Competent(chain); !ok || u.ID != 2 {
		t.Fatalf("TTLĐXS: the province, got %+v", u)
	}
	cs := &commendation.DefaultRuleSets()[0]
	// 0.3 × 2.340.000 = 702.000, rounded up to 710.000 like commendations.
	if a, _, ok := ldtt.Amount(cs, time.Date(2026, 3, 5, 0, 0, 0, 0, congvu.TimeZone)); !ok || a != 710000 {
		t.Fatalf("%v %v", a, ok)
	}
	if a, _, _ := xs.Amount(cs, time.Date(2026, 3, 5, 0, 0, 0, 0, congvu.TimeZone)); a != 3510000 {
		t.Fatalf("1,5 × 2.340.000: %v", a)
	}
}
