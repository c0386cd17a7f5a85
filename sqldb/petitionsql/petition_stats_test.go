package petitionsql_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/org"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
)

func stRows(rows []petition.CountRow) string {
	var s []string
	for _, r := range rows {
		s = append(s, fmt.Sprintf("%s=%d", r.Label, r.Count))
	}
	return strings.Join(s, ", ")
}

func stFounded(rows []petition.FoundedRow) string {
	var s []string
	for _, r := range rows {
		s = append(s, fmt.Sprintf("%s (%s) %d/%d %.1f", r.Name, r.UnitName, r.Founded, r.Concluded, r.Rate))
	}
	return strings.Join(s, "; ")
}

// stFixture files the petitions of the stats tests, every step at a known
// time, and returns the open petitions' deadlines.
//
//	#1 An, harassment: accepted after 12 h, assigned 24 h later, founded (TT-NHN, TT-TNV) 24 h later, closed 24 h later
//	#2 An, favours:    24 h, 24 h, partly founded (TT-VV, TT-TNV) after 24 h
//	#3 An, attitude:   24 h, 24 h, unfounded after 24 h
//	#4 An, delay:      36 h, 24 h, founded (TT-KD) after 31 days: late
//	#5 Bình, attitude: 48 h, 24 h, unfounded after 24 h
//	#6 Chí (D2), dress: rejected after 72 h
//	#7 C1, other: submitted 39 days later, untouched
//	#8 D1 itself, delay: accepted after 6 h
//	#9 P2, harassment: outside P1
//	#10 An, obstruct: 60 days earlier, outside the range
func stFixture(t *testing.T, x *pxFix) (t0 time.Time, open []*petition.Petition) {
	t.Helper()
	t0 = x.clock.Now()
	h := time.Hour
	concluded := func(o *org.Official, cat petition.Category, accept, conclude time.Duration, c petition.Conclusion, items []string, close bool) {
		x.set(t0)
		p := x.submit(t, o, 0, cat)
		x.set(t0.Add(accept))
		x.step(t, x.d1Head, p.ID, petition.StepInput{Step: petition.StepAccept})
		x.set(t0.Add(accept + 24*h))
		x.step(t, x.d1Head, p.ID, petition.StepInput{Step: petition.StepAssign})
		x.step(t, x.d1Head, p.ID, petition.StepInput{Step: petition.StepVerify})
		x.set(t0.Add(accept + 24*h + conclude))
		p = x.step(t, x.d1Head, p.ID, petition.StepInput{Step: petition.StepConclude, Conclusion: c, Text: "Kết quả xác minh.", Items: items, ConclusionPublic: true})
		if close {
			x.set(t0.Add(accept + 48*h + conclude))
			x.step(t, x.d1Head, p.ID, petition.StepInput{Step: petition.StepClose})
		} else {
			open = append(open, p)
		}
	}
	concluded(x.an, petition.Harassment, 12*h, 24*h, petition.ConclusionFounded, []string{"TT-NHN", "TT-TNV"}, true)
	concluded(x.an, petition.Favours, 24*h, 24*h, petition.ConclusionPartly, []string{"TT-VV", "TT-TNV"}, false)
	concluded(x.an, petition.Attitude, 24*h, 24*h, petition.ConclusionUnfounded, nil, false)
	concluded(x.an, petition.Delay, 36*h, 31*24*h, petition.ConclusionFounded, []string{"TT-KD"}, false)
	concluded(x.binh, petition.Attitude, 48*h, 24*h, petition.ConclusionUnfounded, nil, false)
	x.set(t0)
	p6 := x.submit(t, x.chi, 0, petition.Dress)
	x.set(t0.Add(72 * h))
	x.step(t, x.p1Sup, p6.ID, petition.StepInput{Step: petition.StepReject, Reason: "Không đủ thông tin để xác minh."})
	x.set(t0.AddDate(0, 0, 39))
	open = append(open, x.submit(t, nil, x.C1, petition.Other))
	x.set(t0)
	p8 := x.submit(t, nil, x.D1, petition.Delay)
	x.set(t0.Add(6 * h))
	open = append(open, x.step(t, x.p1Sup, p8.ID, petition.StepInput{Step: petition.StepAccept}))
	x.set(t0)
	x.submit(t, nil, x.P2, petition.Harassment)
	x.set(t0.AddDate(0, 0, -60))
	x.submit(t, x.an, 0, petition.Obstruct)
	x.set(t0.AddDate(0, 0, 40))
	return t0, open
}

func TestPetitionStatsFigures(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := pxSetup(t, db)
		t0, open := stFixture(t, x)
		inspector := sqldbtest.As(sqldbtest.Actor(910, congvu.RoleInspector, x.P1, x.P1Path))
		f := petition.StatsFilter{UnitID: x.P1, From: t0.AddDate(0, 0, -10), To: t0.AddDate(0, 0, 40)}
		st, err := x.ps.Stats(inspector, f)
		if err != nil {
			t.Fatal(err)
		}
		overdue := 0
		for _, p := range open {
			if p.DueAt.Before(x.clock.Now()) {
				overdue++
			}
		}
		if overdue < 2 || overdue == len(open) {
			t.Fatalf("the fixture should leave some open petitions overdue and some not: %d of %d", overdue, len(open))
		}
		if st.UnitID != x.P1 || st.Title != "Tỉnh Một" || st.Total != 8 || st.Open != 6 || st.Overdue != overdue || st.MinSample != petition.MinSample {
			t.Errorf("totals: unit %d %q, total %d, open %d, overdue %d (want 8, 6, %d)", st.UnitID, st.Title, st.Total, st.Open, st.Overdue, overdue)
		}
		if !st.From.Equal(congvu.Date(f.From)) || !st.To.Equal(congvu.Date(f.To).AddDate(0, 0, 1)) {
			t.Errorf("range %v – %v", st.From, st.To)
		}
		if got, want := stRows(st.ByCategory), "Nhũng nhiễu=1, Gây khó khăn, phiền hà=0, Vòi vĩnh, tham nhũng vặt=1, Chậm trễ, kéo dài thời gian=2, "+
			"Thái độ, lời nói thiếu tôn trọng=2, Trang phục, không đeo thẻ=1, Uống rượu bia, hút thuốc trong giờ làm việc=0, Vấn đề khác=1"; got != want {
			t.Errorf("by category\n got %s\nwant %s", got, want)
		}
		if st.ByCategory[0].Key != "harassment" {
			t.Errorf("category key %q", st.ByCategory[0].Key)
		}
		if got, want := stRows(st.ByStatus), "Mới tiếp nhận=1, Đã thụ lý hoặc tiếp nhận xử lý=1, Không thụ lý hoặc không xử lý=1, Đã giao xử lý=0, Đang xác minh=0, Đã kết luận=4, Đã đóng=1, "+
			"Tạm đình chỉ giải quyết=0, Người gửi đã rút đơn=0, Đã chuyển cơ quan tiến hành tố tụng=0"; got != want {
			t.Errorf("by status\n got %s\nwant %s", got, want)
		}
		if got, want := stRows(st.ByUnit), "Huyện Một=7, Huyện Hai=1"; got != want {
			t.Errorf("by unit: %s, want %s", got, want)
		}
		if st.ByUnit[0].Key != fmt.Sprint(x.D1) {
			t.Errorf("unit key %q", st.ByUnit[0].Key)
		}
		seed, _ := standardsql.EmbeddedCatalog()
		title := map[string]string{}
		for _, g := range seed.Groups {
			for _, it := range g.Items {
				title[it.Code] = it.Title
			}
		}
		var items []string
		for _, r := range st.ByItem {
			items = append(items, fmt.Sprintf("%s=%d", r.Key, r.Count))
			if r.Label != title[r.Key] || r.Label == "" {
				t.Errorf("item %s labelled %q", r.Key, r.Label)
			}
		}
		if got := strings.Join(items, ", "); got != "TT-TNV=2, TT-KD=1, TT-NHN=1, TT-VV=1" {
			t.Errorf("by item: %s", got)
		}
		wantStages := []petition.StageTiming{
			{Stage: petition.StageAccept, Completed: 7, OnTime: 7, MedianHours: 24}, // 6, 12, 24, 24, 36, 48, 72
			{Stage: petition.StageAssign, Completed: 5, OnTime: 5, MedianHours: 24},
			{Stage: petition.StageConclude, Completed: 5, OnTime: 4, MedianHours: 24}, // one of 31 days
			{Stage: petition.StageClose, Completed: 1, OnTime: 1, MedianHours: 24},
		}
		if fmt.Sprint(st.Stages) != fmt.Sprint(wantStages) {
			t.Errorf("stages\n got %v\nwant %v", st.Stages, wantStages)
		}
		if st.OnTimeRate != 94.4 { // 17 of 18
			t.Errorf("on-time rate %v", st.OnTimeRate)
		}
		// Bình has one concluded petition: too few to be listed.
		if got := stFounded(st.TopOfficial); got != "Nguyễn Văn An (Xã Một) 3/4 75.0" {
			t.Errorf("top officials: %s", got)
		}
		if got := stFounded(st.TopUnits); got != "Xã Một (Huyện Một) 3/5 60.0" {
			t.Errorf("top units: %s", got)
		}
		if st.TopOfficial[0].ID != x.an.ID || st.TopUnits[0].ID != x.C1 {
			t.Errorf("ids %d %d", st.TopOfficial[0].ID, st.TopUnits[0].ID)
		}

		// One level down: the district's commune, and the petition about the
		// district itself.
		st, err = x.ps.Stats(x.d1Head, petition.StatsFilter{From: f.From, To: f.To})
		if err != nil {
			t.Fatal(err)
		}
		if st.UnitID != x.D1 || st.Total != 7 || stRows(st.ByUnit) != "Xã Một=6, Huyện Một (trực tiếp)=1" {
			t.Errorf("D1: unit %d, total %d, by unit %s", st.UnitID, st.Total, stRows(st.ByUnit))
		}
		// A narrower range.
		st, err = x.ps.Stats(inspector, petition.StatsFilter{UnitID: x.P1, From: t0.AddDate(0, 0, 1), To: f.To})
		if err != nil {
			t.Fatal(err)
		}
		if st.Total != 1 || st.Open != 1 || st.Overdue != 0 || st.OnTimeRate != 0 || st.TopOfficial != nil || len(st.ByItem) != 0 {
			t.Errorf("from day 1: %+v", st)
		}
		for _, s := range st.Stages {
			if s.Completed != 0 || s.MedianHours != 0 {
				t.Errorf("stage %+v", s)
			}
		}
	})
}

func TestPetitionStatsScope(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := pxSetup(t, db)
		t0, _ := stFixture(t, x)
		f := petition.StatsFilter{UnitID: x.P1, From: t0.AddDate(0, 0, -10), To: t0.AddDate(0, 0, 40)}

		_, err := x.ps.Stats(context.Background(), f)
		sqldbtest.Code(t, err, congvu.EUNAUTH)
		_, err = x.ps.Stats(sqldbtest.As(sqldbtest.Actor(911, congvu.RoleInspector, x.D2, x.D2Path)), f)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = x.ps.Stats(sqldbtest.As(sqldbtest.Actor(912, congvu.RoleInspector, x.P2, x.P2Path)), petition.StatsFilter{UnitID: 999999})
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = x.ps.Stats(sqldbtest.As(&congvu.Actor{UserID: 913, Username: "nogrant"}), petition.StatsFilter{})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		bad := f
		bad.From, bad.To = f.To, f.From
		_, err = x.ps.Stats(x.p1Sup, bad)
		sqldbtest.Code(t, err, congvu.EINVALID)

		// The default scope and range: the actor's first scope, the last
		// year to today.
		st, err := x.ps.Stats(sqldbtest.As(sqldbtest.Actor(914, congvu.RoleInspector, x.D2, x.D2Path)), petition.StatsFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if st.UnitID != x.D2 || st.Total != 1 || !st.To.Equal(congvu.Date(x.clock.Now()).AddDate(0, 0, 1)) || !st.From.Equal(st.To.AddDate(0, 0, -365)) {
			t.Errorf("default: unit %d, total %d, %v – %v", st.UnitID, st.Total, st.From, st.To)
		}
		if _, err := x.ps.Stats(sqldbtest.As(sqldbtest.Actor(915, congvu.RoleAdmin, 1, congvu.RootUnitPath)), petition.StatsFilter{}); err != nil {
			t.Errorf("root admin: %v", err)
		}

		// An, head of the commune and working there, never counts the
		// petitions about himself nor those about his commune (he cannot
		// open them): the figures hold what his list holds, nothing.
		anHead := &congvu.Actor{UserID: 916, Username: "an", FullName: "Nguyễn Văn An", OfficialID: x.an.ID,
			Grants: []congvu.Grant{{Role: congvu.RoleUnitHead, UnitID: x.C1, UnitPath: x.C1Path}}}
		st, err = x.ps.Stats(sqldbtest.As(anHead), petition.StatsFilter{From: f.From, To: f.To})
		if err != nil {
			t.Fatal(err)
		}
		list, n, err := x.ps.FindPetitions(sqldbtest.As(anHead), petition.Filter{UnitID: x.C1, From: f.From, To: f.To})
		if err != nil {
			t.Fatal(err)
		}
		if st.UnitID != x.C1 || st.Total != n || n != len(list) || st.Total != 0 || st.TopOfficial != nil || st.TopUnits != nil || len(st.ByItem) != 0 {
			t.Errorf("An sees: total %d (list %d), officials %s, units %s, items %v", st.Total, n, stFounded(st.TopOfficial), stFounded(st.TopUnits), st.ByItem)
		}
		if got := stRows(st.ByUnit); got != "" {
			t.Errorf("An's commune by unit: %s", got)
		}
		// A head of the commune who does not work there counts both, as
		// his list holds them.
		outside := sqldbtest.Actor(917, congvu.RoleUnitHead, x.C1, x.C1Path)
		st, err = x.ps.Stats(sqldbtest.As(outside), petition.StatsFilter{From: f.From, To: f.To})
		if err != nil {
			t.Fatal(err)
		}
		if _, n, err = x.ps.FindPetitions(sqldbtest.As(outside), petition.Filter{UnitID: x.C1, From: f.From, To: f.To}); err != nil || st.Total != n || n == 0 {
			t.Errorf("outside head: total %d, list %d (%v)", st.Total, n, err)
		}
	})
}
