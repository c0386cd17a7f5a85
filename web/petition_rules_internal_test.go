package web

import (
	"bytes"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/export"
	"congvu/org"
	"congvu/petition"
)

// sampleStats are dashboard figures with every part filled.
func sampleStats() *petition.Stats {
	from := time.Date(2025, 12, 2, 0, 0, 0, 0, congvu.TimeZone)
	return &petition.Stats{UnitID: 34, Title: "Tỉnh Thái Bình", From: from, To: from.AddDate(1, 0, 0), Total: 7, Open: 5, Overdue: 4,
		ByCategory: []petition.CountRow{{Key: "delay", Label: "Chậm trễ, kéo dài thời gian", Count: 5}, {Key: "favours", Label: "Vòi vĩnh, tham nhũng vặt", Count: 2}},
		ByStatus:   []petition.CountRow{{Key: "received", Label: "Mới tiếp nhận", Count: 7}},
		ByUnit:     []petition.CountRow{{Key: "35", Label: "Sở Nội vụ tỉnh Thái Bình", Count: 6}, {Key: "34", Label: "Tỉnh Thái Bình (trực tiếp)", Count: 1}},
		ByItem:     []petition.CountRow{{Key: "TT-KD", Label: "Không kéo dài thời gian", Count: 3}, {Key: "=cmd", Label: "=cmd|' /C calc'!A0", Count: 1}},
		Stages: []petition.StageTiming{{Stage: petition.StageAccept, Completed: 5, OnTime: 4, MedianHours: 24}, {Stage: petition.StageAssign},
			{Stage: petition.StageConclude, Completed: 3, OnTime: 3, MedianHours: 60}, {Stage: petition.StageClose, Completed: 1, OnTime: 1, MedianHours: 0.5}},
		OnTimeRate:  88.9,
		TopOfficial: []petition.FoundedRow{{ID: 1, Name: "Phạm Văn Bình", UnitName: "Sở Nội vụ", Concluded: 3, Founded: 2, Rate: 66.7}, {ID: 2, Name: "Lê Thị Lan", Concluded: 2, Founded: 2, Rate: 100}},
		TopUnits:    []petition.FoundedRow{{ID: 35, Name: "Sở Nội vụ tỉnh Thái Bình", UnitName: "Tỉnh Thái Bình", Concluded: 3, Founded: 2, Rate: 66.7}},
		MinSample:   3,
	}
}

// Sample pages of the deadline rules, outbox and petition dashboard
// templates, for TestEveryTemplateRenders.
func init() {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, congvu.TimeZone)
	rules := []*petition.DeadlineRule{
		{ID: 1, Stage: petition.StageAccept, Days: 7, WorkingDays: true, RemindDays: 1, EscalateDays: 2, ValidFrom: now.AddDate(0, 1, 0), LegalBasis: "Quyết định 99/2026/QĐ-UBND"},
		{ID: 2, Stage: petition.StageAccept, Days: 8, WorkingDays: true, ValidFrom: now.AddDate(0, -1, 0)},
	}
	bad := NewForm(url.Values{"stage": {"accept"}, "days": {"mười"}, "working_days": {"calendar"}, "valid_from": {"32/13/2026"}, "legal_basis": {"Công văn 5"}})
	bad.AddError("days", "Xin nhập một số nguyên, ví dụ 10.")
	bad.Message = "Quy định chưa được lưu, xin kiểm tra lại các ô được đánh dấu."
	stageOpts := []Option{{"accept", "Xem xét, thụ lý"}, {"conclude", "Xác minh, kết luận"}}
	kinds := []Option{{"working", "Ngày làm việc"}, {"calendar", "Ngày theo lịch"}}
	sent := sampleTime.Add(time.Minute)
	st := sampleStats()
	unit := &org.Unit{ID: 34, Code: "34", Name: "Tỉnh Thái Bình"}
	dash := &PetitionDashboardPage{S: st, Unit: unit, Form: NewForm(url.Values{"unit": {"34"}}), LastDay: st.To.AddDate(0, 0, -1),
		Categories: countViews(st.ByCategory, st.Total, func(c petition.CountRow) string { return "/petitions?category=" + c.Key }),
		Statuses:   countViews(st.ByStatus, st.Total, nil), Units: countViews(st.ByUnit, st.Total, nil), Items: countViews(st.ByItem, 4, nil),
		CategorySVG:  countChart("a", "Loại", "phản ánh", countViews(st.ByCategory, st.Total, nil), st.Total),
		TopOfficials: foundedViews(st.TopOfficial, 3, func(petition.FoundedRow) string { return "/petitions?official=1" }),
		TopUnits:     foundedViews(st.TopUnits, 3, func(petition.FoundedRow) string { return "" }),
		MinSample:    3, OnTimeRate: "88,9%", Completed: 9, OnTime: 8, ExportXLSX: "/petitions/dashboard/export?format=xlsx", TotalHref: "/petitions?unit=34", RulesHref: "/petitions/rules",
		Subnav: []NavItem{{Label: "Thống kê phản ánh", Href: "/petitions/dashboard", Current: true}}}
	dash.Stages, _, _ = stageViews(st.Stages)
	pageSamples["petition_rules.html"] = []Page{
		&PetitionRulesPage{Kinds: ruleKinds(rules, now), Form: NewForm(nil)},
		&PetitionRulesPage{Kinds: ruleKinds(nil, now), CanEdit: true, Form: bad, StageOptions: stageOpts, DayKinds: kinds},
	}
	pageSamples["outbox.html"] = []Page{
		&PetitionOutboxPage{MaxAttempts: 5, Messages: []OutboxRow{
			{&congvu.OutboxMessage{ID: 1, To: "xuly@thaibinh.gov.vn", Subject: "Phản ánh mới PA-7KQ3-M9XD", Body: "Dòng 1\nDòng 2", CreatedAt: sampleTime}},
			{&congvu.OutboxMessage{ID: 2, To: "n***@example.com", Subject: "Đã thụ lý", CreatedAt: sampleTime, SentAt: &sent, Attempts: 1}},
			{&congvu.OutboxMessage{ID: 3, To: "a@b.vn", Subject: "<b>x</b>", CreatedAt: sampleTime, Attempts: 5, LastError: "550 <không tồn tại>"}},
		}},
		&PetitionOutboxPage{Delivery: true, MaxAttempts: 5},
	}
	pageSamples["petition_dashboard.html"] = []Page{dash,
		&PetitionDashboardPage{S: &petition.Stats{From: st.From, To: st.To}, Unit: unit, Form: NewForm(nil), Empty: true, OnTimeRate: "—"},
	}
}

func TestRuleStages(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, congvu.TimeZone)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, congvu.TimeZone) }
	rules := []*petition.DeadlineRule{
		{ID: 3, Stage: petition.StageAccept, Days: 5, ValidFrom: day(2027, 1, 1)},
		{ID: 2, Stage: petition.StageAccept, Days: 8, ValidFrom: day(2026, 12, 1)}, // from today: in force
		{ID: 1, Stage: petition.StageAccept, Days: 9, ValidFrom: day(2026, 6, 1)},
		{Stage: petition.StageAccept, Days: 10}, // the default, as the service lists it
		{ID: 4, Stage: petition.StageClose, Days: 4, ValidFrom: day(2027, 3, 1)},
	}
	got := ruleStages(petition.KindReport, rules, now)
	if len(got) != len(petition.DeadlineStages) {
		t.Fatalf("%d stages", len(got))
	}
	state := func(g StageRules) string {
		var b []string
		for _, r := range g.Rules {
			s := "cũ"
			switch {
			case r.InForce:
				s = "đang"
			case r.Future:
				s = "sẽ"
			}
			if r.Default {
				s += "(mặc định)"
			}
			b = append(b, s)
		}
		return strings.Join(b, " ")
	}
	for i, want := range []string{
		"sẽ đang cũ cũ(mặc định)", // accept: the default listed once
		"đang(mặc định)",          // assign: the built-in default added
		"đang(mặc định)",
		"sẽ đang(mặc định)", // close: a coming rule, the default in force until then
	} {
		if s := state(got[i]); s != want {
			t.Errorf("stage %s: %s, want %s", got[i].Stage, s, want)
		}
	}
	if got[0].Rules[1].Days != 8 || got[1].Rules[0].Days != 3 || got[1].Rules[0].LegalBasis == "" {
		t.Errorf("rules %+v / %+v", got[0].Rules[1], got[1].Rules[0])
	}
	if d := got[0].Rules[0].Duration(); d != "5 ngày" {
		t.Errorf("duration %q", d)
	}
	if d := got[1].Rules[0].Duration(); d != "3 ngày làm việc" {
		t.Errorf("duration %q", d)
	}
}

// TestRuleKindsTellTheTruth: each kind lists its own rules with their
// citation, and a default taken by analogy is not "Mặc định theo luật".
func TestRuleKindsTellTheTruth(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, congvu.TimeZone)
	kinds := ruleKinds([]*petition.DeadlineRule{{ID: 1, Kind: petition.KindDenunciation, Stage: petition.StageAccept, Days: 5, ValidFrom: now.AddDate(0, -1, 0)}}, now)
	if len(kinds) != 3 {
		t.Fatalf("%d kinds", len(kinds))
	}
	byKind := map[petition.Kind]KindRules{}
	for _, k := range kinds {
		byKind[k.Kind] = k
	}
	conclude := func(k petition.Kind) RuleRow {
		for _, st := range byKind[k].Stages {
			if st.Stage == petition.StageConclude {
				return st.Rules[len(st.Rules)-1]
			}
		}
		t.Fatalf("no conclude stage for %s", k)
		return RuleRow{}
	}
	if r := conclude(petition.KindReport); r.DefaultLabel() == "Mặc định theo luật" || !strings.Contains(r.DefaultLabel(), "tương tự") {
		t.Errorf("phản ánh by analogy labelled %q", r.DefaultLabel())
	}
	if r := conclude(petition.KindDenunciation); r.DefaultLabel() != "Mặc định theo luật" || r.Days != 30 || r.ExtendDays != 30 || !strings.Contains(r.LegalBasis, "Điều 30") {
		t.Errorf("tố cáo settlement %+v %q", r.DeadlineRule, r.DefaultLabel())
	}
	if r := conclude(petition.KindComplaint); !strings.Contains(r.LegalBasis, "Luật Khiếu nại 2011") || r.DefaultLabel() == "Mặc định theo luật" {
		t.Errorf("khiếu nại settlement %+v %q", r.DeadlineRule, r.DefaultLabel())
	}
	acc := byKind[petition.KindDenunciation].Stages[0]
	if acc.Label() != "Xem xét, thụ lý" || acc.Rules[0].Days != 5 || acc.Rules[1].Days != 7 || !acc.Rules[1].WorkingDays {
		t.Errorf("tố cáo initial handling %s %+v", acc.Label(), acc.Rules)
	}
	if l := byKind[petition.KindReport].Stages[0].Label(); l != "Xem xét, tiếp nhận" {
		t.Errorf("phản ánh first stage %q: thụ lý belongs to tố cáo and khiếu nại", l)
	}
	if len(byKind[petition.KindReport].Stages[0].Rules) != 1 {
		t.Errorf("a tố cáo rule listed under phản ánh: %+v", byKind[petition.KindReport].Stages[0].Rules)
	}
}

func TestFormatHours(t *testing.T) {
	for h, want := range map[float64]string{0.4: "dưới 1 giờ", 1: "1 giờ", 23.6: "24 giờ", 47.4: "47 giờ", 48: "2 ngày", 60: "2,5 ngày",
		72.1: "3 ngày", 24 * 1234.5: "1.234,5 ngày", -1: "—"} {
		if got := formatHours(h); got != want {
			t.Errorf("formatHours(%v) = %q, want %q", h, got, want)
		}
	}
}

func TestOutboxState(t *testing.T) {
	sent := time.Now()
	for _, c := range []struct {
		m    congvu.OutboxMessage
		want string
	}{
		{congvu.OutboxMessage{}, "Chờ gửi"},
		{congvu.OutboxMessage{Attempts: 4, LastError: "x"}, "Chờ gửi"},
		{congvu.OutboxMessage{Attempts: 5, LastError: "x"}, "Không gửi được"},
		{congvu.OutboxMessage{Attempts: 2, SentAt: &sent}, "Đã gửi"},
	} {
		if got := (OutboxRow{&c.m}).StateLabel(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.m, got, c.want)
		}
	}
}

func TestPetitionStatsTables(t *testing.T) {
	tables := petitionStatsTables(sampleStats(), "Tỉnh Thái Bình")
	var buf bytes.Buffer
	if err := export.CSV(&buf, tables); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	for _, want := range []string{"\uFEFFChỉ tiêu,Giá trị\r\nĐơn vị,Tỉnh Thái Bình\r\n", "Từ ngày,02/12/2025", "Đến ngày,01/12/2026",
		`Tỷ lệ đúng hạn,"88,9"`, `"Chậm trễ, kéo dài thời gian",5,"71,4"`, "TT-KD,Không kéo dài thời gian,3",
		"'=cmd,'=cmd|' /C calc'!A0,1", // no formula from a label
		`"Xem xét, thụ lý hoặc tiếp nhận",5,4,"80,0",24`, "Giao đơn vị xử lý,0,0,,", `"Xác minh, kết luận",3,3,"100,0",60`,
		`1,Phạm Văn Bình,Sở Nội vụ,3,2,"66,7"`, `Chưa đủ mẫu (dưới 3 phản ánh đã kết luận),Lê Thị Lan,,2,2,"100,0"`,
		`1,Sở Nội vụ tỉnh Thái Bình,3,2,"66,7"`} {
		if !strings.Contains(s, want) {
			t.Errorf("CSV lacks %q\n%s", want, s)
		}
	}
	buf.Reset()
	if err := export.XLSX(&buf, tables); err != nil {
		t.Fatalf("sheet names or values refused: %v", err)
	}
}

func TestPetitionDashboardPrintable(t *testing.T) {
	s := testServer(t)
	r := httptest.NewRequest("GET", "/petitions/dashboard", nil)
	w := httptest.NewRecorder()
	if err := s.Render(w, r, 200, "petition_dashboard.html", pageSamples["petition_dashboard.html"][0]); err != nil {
		t.Fatal(err)
	}
	body := w.Body.String()
	// The dashboard stylesheet (print rules hide the filters and export
	// buttons), the counts linked, the unranked official marked.
	for _, want := range []string{"/static/dashboard.", `class="page-actions dash-export"`, `class="filters filters-grid dash-filters"`,
		`href="/petitions?category=delay">5<`, "Chưa đủ mẫu (dưới 3)", "Chỉ xếp khi có ít nhất 3 phản ánh đã kết luận", "dưới 1 giờ", "2,5 ngày", "(8/9)"} {
		if !strings.Contains(body, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
}
