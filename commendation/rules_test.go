package commendation_test

import (
	"congvu"
	"congvu/commendation"
	"congvu/org"
	"testing"
	"time"
)

func vn(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 0, 0, 0, congvu.TimeZone) }

func TestRuleSetOnPicksTheSetOfTheDay(t *testing.T) {
	sets := commendation.DefaultRuleSets()
	if commendation.RuleSetOn(sets, vn(2023, 12, 31)) != nil {
		t.Fatal("a set before the law was in force")
	}
	rs := commendation.RuleSetOn(sets, vn(2024, 1, 1))
	if rs == nil || rs.Verified {
		t.Fatalf("default set on 01/01/2024: %+v (it must say it is unverified)", rs)
	}
	later := commendation.RuleSet{ID: 9, Title: "Mới", From: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), Forms: rs.Forms}
	sets = append(sets, later)
	if got := commendation.RuleSetOn(sets, vn(2026, 12, 31)); got.ID == 9 {
		t.Fatal("the new set applied before its day")
	}
	if got := commendation.RuleSetOn(sets, vn(2027, 1, 1)); got.ID != 9 {
		t.Fatalf("the new set from its day: %+v", got)
	}
}

func TestCompetentIsTheNearestAllowedAncestor(t *testing.T) {
	rs := commendation.DefaultRuleSets()[0]
	chain := []commendation.UnitNode{{ID: 40, Kind: org.KindOneStopShop}, {ID: 30, Kind: org.KindCommune}, {ID: 2, Kind: org.KindProvince}, {ID: 1, Kind: org.KindNation}}
	gk, _ := rs.FormByCode(commendation.FormGiayKhen)
	if u, ok := gk.Competent(chain); !ok || u.ID != 30 {
		t.Fatalf("Giấy khen for a one-stop shop's official: %v %v, want the commune", u, ok)
	}
	bk, _ := rs.FormByCode(commendation.FormBangKhenTinh)
	if u, ok := bk.Competent(chain); !ok || u.ID != 2 {
		t.Fatalf("Bằng khen of the province: %v %v", u, ok)
	}
	tt, _ := rs.FormByCode(commendation.FormBangKhenThuTuong)
	if u, ok := tt.Competent(chain[:3]); ok {
		t.Fatalf("no nation in the chain, got %v", u)
	}
	if _, ok := rs.FormByCode("huan_chuong"); ok {
		t.Fatal("unknown form found")
	}
}

func TestAmountFromTheBaseSalaryOfTheDecisionDate(t *testing.T) {
	rs := commendation.DefaultRuleSets()[0]
	gk, _ := rs.FormByCode(commendation.FormGiayKhen)
	bk, _ := rs.FormByCode(commendation.FormBangKhenTinh)
	cases := []struct {
		f          commendation.Form
		collective bool
		d          time.Time
		want       int64
	}{
		{gk, false, vn(2024, 6, 30), 540000}, // 0,3 × 1.800.000
		{gk, false, vn(2024, 7, 1), 710000},  // 0,3 × 2.340.000 = 702.000, lên hàng chục nghìn
		{gk, true, vn(2025, 3, 1), 1410000},  // 0,6 × 2.340.000 = 1.404.000
		{bk, false, vn(2026, 3, 5), 2340000}, // 1,0 ×
		{bk, true, vn(2026, 3, 5), 4680000},  // 2,0 ×
		{bk, false, vn(2023, 6, 30), 0},      // no base salary in the set
	}
	for _, c := range cases {
		got, _, ok := rs.Amount(c.f, c.collective, c.d)
		if got != c.want || ok != (c.want != 0) {
			t.Errorf("%s collective=%v on %s: %d %v, want %d", c.f.Code, c.collective, c.d.Format("02/01/2006"), got, ok, c.want)
		}
	}
	if commendation.RoundUp(702000, 10000) != 710000 || commendation.RoundUp(700000, 10000) != 700000 || commendation.RoundUp(5, 0) != 5 {
		t.Fatal("RoundUp")
	}
}

func TestValidateRuleSet(t *testing.T) {
	today := vn(2026, 3, 5)
	good := commendation.DefaultRuleSets()[0]
	good.From = vn(2026, 4, 1)
	if err := good.Validate(today); err != nil {
		t.Fatalf("default set dated later: %v", err)
	}
	bad := commendation.RuleSet{From: vn(2026, 1, 1), MinIndex: 120,
		Forms: []commendation.Form{{Code: "Giấy Khen", DeciderLevels: []org.UnitKind{"moon"}}, {Code: "x", Label: "X", DeciderLevels: []org.UnitKind{org.KindProvince}, Individual: true}, {Code: "x", Label: "Y", DeciderLevels: []org.UnitKind{org.KindProvince}, Collective: true}}}
	f := congvu.ErrorFields(bad.Validate(today))
	for _, k := range []string{"title", "basis", "valid_from", "forms.0.code", "forms.0.label", "forms.0.decider_levels", "forms.0.individual", "forms.2.code", "base_salary", "min_sample", "min_index"} {
		if f[k] == "" {
			t.Errorf("no message for %s: %v", k, f)
		}
	}
	// The operator may import a past set.
	past := commendation.DefaultRuleSets()[0]
	if err := past.Validate(time.Time{}); err != nil {
		t.Fatal(err)
	}
}

func TestValidateInputs(t *testing.T) {
	today := vn(2026, 3, 5)
	rs := &commendation.DefaultRuleSets()[0]
	p := commendation.ProposalInput{UnitID: 3, OfficialID: 5, Year: 2026, Form: commendation.FormGiayKhen, Reason: "  Hoàn thành xuất sắc nhiệm vụ tiếp dân  "}
	if err := p.Validate(rs, today); err != nil || p.Reason != "Hoàn thành xuất sắc nhiệm vụ tiếp dân" {
		t.Fatalf("%v %q", err, p.Reason)
	}
	bad := commendation.ProposalInput{Year: 2030, Form: "huan_chuong", Reason: "tốt"}
	f := congvu.ErrorFields(bad.Validate(rs, today))
	for _, k := range []string{"unit_id", "year", "reason", "form"} {
		if f[k] == "" {
			t.Errorf("no message for %s: %v", k, f)
		}
	}
	if f := congvu.ErrorFields((&commendation.ProposalInput{UnitID: 1, Year: 2026, Reason: "Tập thể tiêu biểu năm 2026", Form: "x"}).Validate(nil, today)); f["form"] == "" {
		t.Fatal("no rule set in force must be said")
	}
	pr := commendation.PraiseInput{UnitID: 1, Year: 2026, Reason: "Được người dân cảm ơn", Evidence: []congvu.EvidenceRef{{Kind: "bogus"}}}
	if f := congvu.ErrorFields(pr.Validate(today)); f["evidence"] == "" {
		t.Fatalf("bad evidence kind accepted: %v", f)
	}
	d := commendation.DecisionInput{Approve: true, Date: vn(2026, 3, 6)}
	if f := congvu.ErrorFields(d.Validate(vn(2026, 3, 1), today)); f["number"] == "" || f["date"] == "" {
		t.Fatalf("decision: %v", f)
	}
	d = commendation.DecisionInput{Approve: true, Number: " 12/QĐ-UBND ", Date: vn(2026, 3, 5)}
	if err := d.Validate(vn(2026, 3, 1), today); err != nil || d.Number != "12/QĐ-UBND" {
		t.Fatalf("%v %q", err, d.Number)
	}
	if f := congvu.ErrorFields((&commendation.DecisionInput{}).Validate(vn(2026, 3, 1), today)); f["reason"] == "" {
		t.Fatal("a rejection needs its reason")
	}
}
