package inspectionsql_test

import (
	"congvu"
	"congvu/inspection"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/standard"
	"context"
	"strings"
	"testing"
	"time"
)

// adhoc starts an ad hoc check of D1 by P1's head.
func (f *fixture) adhoc(t *testing.T, unannounced bool) *inspection.Inspection {
	t.Helper()
	x, err := f.svc.CreateInspection(f.headP1, inspection.InspectionInput{Origin: inspection.OriginAdhoc, Kind: inspection.KindCheck,
		UnitID: f.x.P1, TargetUnitID: f.x.D1, Reason: "Người dân phản ánh thái độ tại bộ phận một cửa", Unannounced: unannounced})
	if err != nil {
		t.Fatalf("create inspection: %v", err)
	}
	return x
}

func TestUnannouncedHiddenUntilVisited(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		p := f.plan(t, f.headP1, inspection.KindCheck, inspection.PlanTargetInput{UnitID: f.x.D1, Month: 4, Unannounced: true})
		f.svc.ApprovePlan(f.headP1, p.ID)
		if _, err := f.svc.PublishPlan(f.headP1, p.ID); err != nil {
			t.Fatal(err)
		}
		x, err := f.svc.CreateInspection(f.headP1, inspection.InspectionInput{Origin: inspection.OriginPlan, PlanTargetID: p.Targets[0].ID})
		if err != nil || !x.Unannounced || x.TargetUnitID != f.x.D1 || x.PlanID != p.ID {
			t.Fatalf("from plan: %+v %v", x, err)
		}
		_, err = f.svc.CreateInspection(f.headP1, inspection.InspectionInput{Origin: inspection.OriginPlan, PlanTargetID: p.Targets[0].ID})
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		// Before the visit the inspected unit finds it neither by plan, by
		// id nor by list.
		if _, err := f.svc.FindPlan(f.headD1, p.ID); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("plan: %v", err)
		}
		if _, err := f.svc.FindInspection(f.headD1, x.ID); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("by id: %v", err)
		}
		if list, n, err := f.svc.FindInspections(f.headD1, inspection.Filter{}); err != nil || len(list) != 0 || n != 0 {
			t.Fatalf("list: %d (%d) %v", len(list), n, err)
		}
		if list, _, _ := f.svc.FindInspections(f.headP1, inspection.Filter{TargetUnitID: f.x.D1}); len(list) != 1 {
			t.Fatalf("owner lists %d", len(list))
		}
		if list, _, _ := f.svc.FindInspections(f.headP1, inspection.Filter{Query: "huyen mot"}); len(list) != 1 {
			t.Fatalf("search without diacritics finds %d", len(list))
		}
		if list, _, _ := f.svc.FindInspections(f.headP1, inspection.Filter{Query: "Huyện Hai"}); len(list) != 0 {
			t.Fatalf("search for another unit finds %d", len(list))
		}
		if _, err := f.svc.StartVisit(f.headP1, x.ID); err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.FindInspection(f.headD1, x.ID)
		if err != nil || got.VisitedAt == nil {
			t.Fatalf("after the visit: %+v %v", got, err)
		}
		if list, n, _ := f.svc.FindInspections(f.headD1, inspection.Filter{}); len(list) != 1 || n != 1 {
			t.Fatalf("after the visit D1 lists %d", len(list))
		}
		// The sibling district never sees it.
		if _, err := f.svc.FindInspection(f.headD2, x.ID); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("sibling: %v", err)
		}
		if list, _, _ := f.svc.FindInspections(f.headD2, inspection.Filter{}); len(list) != 0 {
			t.Fatalf("sibling lists %d", len(list))
		}
	})
}

func TestChecklistFromCatalogWithLocalItems(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		if _, err := f.std.AddLocalItem(sqldbtest.Sys(), standard.ItemInput{UnitID: f.x.P1, GroupCode: "TP", Code: "TP-L1",
			Title: "Đeo bảng tên tại quầy", Basis: standard.LegalBasis{Document: "Quy định của UBND tỉnh"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.std.AddLocalItem(sqldbtest.Sys(), standard.ItemInput{UnitID: f.x.P2, GroupCode: "TP", Code: "TP-L2",
			Title: "Của tỉnh khác", Basis: standard.LegalBasis{Document: "Quy định tỉnh Hai"}}); err != nil {
			t.Fatal(err)
		}
		x := f.adhoc(t, false)
		x, err := f.svc.GenerateChecklist(f.headP1, x.ID, inspection.ChecklistInput{Groups: []string{"TP"},
			Items: []inspection.LineSpec{{ItemCode: "gt-xc", Sample: 12}, {ItemCode: "TP-TH"}}})
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, l := range x.Lines {
			codes = append(codes, l.ItemCode)
		}
		if got := strings.Join(codes, ","); got != "TP-GG,TP-GD,TP-PH,TP-NG,TP-TH,TP-L1,GT-XC" {
			t.Fatalf("lines %s", got)
		}
		last := x.Lines[len(x.Lines)-1]
		if last.Method != inspection.MethodObserve || last.Sample != 12 || x.Lines[0].Method != inspection.MethodBadge || x.Lines[0].Sample != 5 || x.CatalogVersionID == 0 {
			t.Fatalf("line %+v, first %+v", last, x.Lines[0])
		}
		// Another province's local item is not in force for D1.
		_, err = f.svc.GenerateChecklist(f.headP1, x.ID, inspection.ChecklistInput{Items: []inspection.LineSpec{{ItemCode: "TP-L2"}}})
		if congvu.ErrorCode(err) != congvu.EINVALID || congvu.ErrorFields(err)["items.0.item_code"] == "" {
			t.Fatalf("other province's item: %v", err)
		}
		// A template saved by P1 is reused for another check.
		tpl, err := f.svc.SaveTemplate(f.headP1, inspection.TemplateInput{UnitID: f.x.P1, Name: "Một cửa", Lines: []inspection.LineSpec{{ItemCode: "GT-XC"}, {ItemCode: "TP-L1", Method: inspection.MethodBadge, Sample: 3}}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.SaveTemplate(f.headP1, inspection.TemplateInput{UnitID: f.x.P1, Name: "Sai", Lines: []inspection.LineSpec{{ItemCode: "XX-1"}}})
		if congvu.ErrorFields(err)["lines.0.item_code"] == "" {
			t.Fatalf("bad template: %v", err)
		}
		if ts, err := f.svc.FindTemplates(f.headP1, f.x.D1); err != nil || len(ts) != 1 {
			t.Fatalf("templates %d %v", len(ts), err)
		}
		y := f.adhoc(t, false)
		y, err = f.svc.GenerateChecklist(f.headP1, y.ID, inspection.ChecklistInput{TemplateID: tpl.ID})
		if err != nil || len(y.Lines) != 2 || y.Lines[1].Sample != 3 {
			t.Fatalf("from template: %+v %v", y, err)
		}
		// The sibling district's head cannot touch it.
		_, err = f.svc.GenerateChecklist(f.headD2, y.ID, inspection.ChecklistInput{Groups: []string{"GT"}})
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
	})
}

func TestRecordLineIdempotent(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		inD1 := sqldbtest.Official(t, f.offs, f.x.D1, "CB1", "Lê Văn Cán", org.CategoryCivilServant)
		inD2 := sqldbtest.Official(t, f.offs, f.x.D2, "CB2", "Phạm Thị Hai", org.CategoryCivilServant)
		x := f.adhoc(t, false)
		x, err := f.svc.GenerateChecklist(f.headP1, x.ID, inspection.ChecklistInput{Groups: []string{"GT"}})
		if err != nil {
			t.Fatal(err)
		}
		n := len(x.Lines)
		in := inspection.LineInput{LineID: x.Lines[0].ID, Result: inspection.ResultBreached, Note: "Không chào", OfficialID: inD1.ID, ClientKey: "phone-1/line-1"}
		for range 2 {
			if _, err := f.svc.RecordLine(f.headP1, x.ID, in); err != nil {
				t.Fatal(err)
			}
		}
		extra := inspection.LineInput{ItemCode: "TP-TH", Result: inspection.ResultBreached, Note: "Không đeo thẻ", ClientKey: "phone-1/extra-1"}
		for range 2 {
			if _, err := f.svc.RecordLine(f.headP1, x.ID, extra); err != nil {
				t.Fatal(err)
			}
		}
		if got := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM inspection_lines WHERE inspection_id = $1`, x.ID); got != n+1 {
			t.Fatalf("%d lines, want %d", got, n+1)
		}
		// An older record synced late does not overwrite a newer one.
		old := db.Now().Add(-time.Hour)
		l, err := f.svc.RecordLine(f.headP1, x.ID, inspection.LineInput{LineID: x.Lines[0].ID, Result: inspection.ResultKept, RecordedAt: &old, ClientKey: "phone-2/line-1"})
		if err != nil || l.Result != inspection.ResultBreached {
			t.Fatalf("stale record: %+v %v", l, err)
		}
		// The official must belong to the inspected unit.
		_, err = f.svc.RecordLine(f.headP1, x.ID, inspection.LineInput{LineID: x.Lines[1].ID, Result: inspection.ResultBreached, OfficialID: inD2.ID})
		if congvu.ErrorFields(err)["official_id"] == "" {
			t.Fatalf("official of a sibling unit: %v", err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM inspection_lines WHERE id = $1 AND result = ''`, x.Lines[1].ID); n != 1 {
			t.Fatal("a refused record saved something")
		}
		_, err = f.svc.RecordLine(f.headP1, x.ID, inspection.LineInput{LineID: x.Lines[1].ID, Result: "maybe"})
		if congvu.ErrorFields(err)["result"] == "" {
			t.Fatalf("bad result: %v", err)
		}
		got, _ := f.svc.FindInspection(f.headP1, x.ID)
		if got.Status != inspection.StatusInProgress || got.VisitedAt == nil {
			t.Fatalf("recording did not start the visit: %s", got.Status)
		}
		// Closing the record needs every line.
		_, err = f.svc.CloseRecord(f.headP1, x.ID)
		if congvu.ErrorFields(err)["lines"] == "" {
			t.Fatalf("close with open lines: %v", err)
		}
	})
}

// recorded makes an inspection of kind with every line recorded, one
// breached naming an official of D1.
func (f *fixture) recorded(t *testing.T, ctx context.Context, kind inspection.Kind) (*inspection.Inspection, *org.Official) {
	t.Helper()
	o := sqldbtest.Official(t, f.offs, f.x.D1, "CB9", "Đỗ Văn Chín", org.CategoryCivilServant)
	x, err := f.svc.CreateInspection(ctx, inspection.InspectionInput{Origin: inspection.OriginEvidence, Kind: kind,
		UnitID: f.x.P1, TargetUnitID: f.x.D1, Reason: "Chỉ số hài lòng thấp"})
	if err != nil {
		t.Fatal(err)
	}
	x, err = f.svc.GenerateChecklist(ctx, x.ID, inspection.ChecklistInput{Items: []inspection.LineSpec{{ItemCode: "GT-XC"}, {ItemCode: "TP-TH"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RecordLine(ctx, x.ID, inspection.LineInput{LineID: x.Lines[0].ID, Result: inspection.ResultBreached, Note: "Không chào", OfficialID: o.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RecordLine(ctx, x.ID, inspection.LineInput{LineID: x.Lines[1].ID, Result: inspection.ResultKept}); err != nil {
		t.Fatal(err)
	}
	if x, err = f.svc.CloseRecord(ctx, x.ID); err != nil || x.Status != inspection.StatusRecorded {
		t.Fatalf("close record: %v", err)
	}
	return x, o
}

func TestConclusionWorkflowAndVisibility(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		x, o := f.recorded(t, f.inspP1, inspection.KindInspection)
		_, err := f.svc.IssueConclusion(f.inspP1, x.ID)
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		_, err = f.svc.DraftConclusion(f.inspP1, x.ID, "  ")
		if congvu.ErrorFields(err)["conclusion"] == "" {
			t.Fatalf("empty draft: %v", err)
		}
		if _, err := f.svc.DraftConclusion(f.inspP1, x.ID, "Dự thảo: cán bộ không chào hỏi."); err != nil {
			t.Fatal(err)
		}
		// The inspected unit sees the record, not the draft.
		seen, err := f.svc.FindInspection(f.headD1, x.ID)
		if err != nil || seen.Conclusion != "" || seen.ConclusionStatus != "" || len(seen.Lines) != 2 {
			t.Fatalf("D1 sees %+v %v", seen, err)
		}
		// The inspected unit may not act on it; a unit head of P1 may not
		// conclude a thanh tra.
		_, err = f.svc.ReviewConclusion(f.headD1, x.ID)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, err = f.svc.ReviewConclusion(f.headP1, x.ID)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		if x, err = f.svc.ReviewConclusion(f.inspP1, x.ID); err != nil || x.ConclusionStatus != inspection.ConclusionReviewed {
			t.Fatalf("appraise: %v", err)
		}
		if l := x.ConclusionStatus.Label(x.Kind); l != "Đã thẩm định dự thảo kết luận" {
			t.Fatalf("label %q", l)
		}
		if seen, _ = f.svc.FindInspection(f.headD1, x.ID); seen.Conclusion != "" {
			t.Fatal("D1 sees the appraised draft")
		}
		if x, err = f.svc.IssueConclusion(f.inspP1, x.ID); err != nil || x.Status != inspection.StatusConcluded || x.IssuedAt == nil {
			t.Fatalf("issue: %+v %v", x, err)
		}
		if seen, _ = f.svc.FindInspection(f.headD1, x.ID); seen.Conclusion != "Dự thảo: cán bộ không chào hỏi." || seen.ConclusionStatus != inspection.ConclusionIssued {
			t.Fatalf("D1 after issue: %+v", seen)
		}
		_, err = f.svc.DraftConclusion(f.inspP1, x.ID, "Sửa sau khi ban hành")
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		// Evidence: the breached line naming the official.
		refs, err := f.svc.EvidenceFor(f.inspP1, x.ID)
		if err != nil || len(refs) != 1 || refs[0].Kind != congvu.EvidenceInspectionLine || refs[0].OfficialID != o.ID ||
			refs[0].UnitID != f.x.D1 || len(refs[0].ItemCodes) != 1 || refs[0].ItemCodes[0] != "GT-XC" || refs[0].ID != x.Lines[0].ID {
			t.Fatalf("evidence %+v %v", refs, err)
		}
		_, err = f.svc.EvidenceFor(f.headD2, x.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE entity_type = 'inspection' AND entity_id = $1`, x.ID); n < 9 {
			t.Fatalf("%d audit events", n)
		}
	})
}

func TestKindsKeptApartByRule(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		// A unit head plans checks, not thanh tra.
		_, err := f.svc.CreatePlan(f.headP1, inspection.PlanInput{UnitID: f.x.P1, Kind: inspection.KindInspection, Year: 2026, Title: "TT",
			Targets: []inspection.PlanTargetInput{{UnitID: f.x.D1, Month: 1}}})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		// Since 01/07/2025 a district does not own a thanh tra (two tiers).
		inspD1 := sqldbtest.As(sqldbtest.Actor(21, congvu.RoleInspector, f.x.D1, f.x.D1Path))
		_, err = f.svc.CreateInspection(inspD1, inspection.InspectionInput{Origin: inspection.OriginAdhoc, Kind: inspection.KindInspection,
			UnitID: f.x.D1, TargetUnitID: f.x.D1, Reason: "Thử"})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		// A target outside the owner's subtree; another province's supervisor.
		_, err = f.svc.CreatePlan(f.headP1, inspection.PlanInput{UnitID: f.x.P1, Kind: inspection.KindCheck, Year: 2026, Title: "KT",
			Targets: []inspection.PlanTargetInput{{UnitID: f.x.P2, Month: 13}}})
		if fs := congvu.ErrorFields(err); fs["targets.0.month"] == "" {
			t.Fatalf("bad plan: %v", err)
		}
		_, err = f.svc.CreatePlan(f.headP1, inspection.PlanInput{UnitID: f.x.P1, Kind: inspection.KindCheck, Year: 2026, Title: "KT",
			Targets: []inspection.PlanTargetInput{{UnitID: f.x.P2, Month: 2}}})
		if fs := congvu.ErrorFields(err); fs["targets.0.unit_id"] == "" {
			t.Fatalf("target outside: %v", err)
		}
		_, err = f.svc.CreatePlan(f.supP2, inspection.PlanInput{UnitID: f.x.P1, Kind: inspection.KindCheck, Year: 2026, Title: "KT",
			Targets: []inspection.PlanTargetInput{{UnitID: f.x.D1, Month: 2}}})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM inspection_plans`); n != 0 {
			t.Fatalf("%d plans saved", n)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM inspections`); n != 0 {
			t.Fatalf("%d inspections saved", n)
		}
	})
}

func TestSuggestTargets(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		// D1: 40 ratings, 20 satisfied → index 50%. D2: 10 ratings, all bad, under the minimum sample.
		if _, err := db.Write.Exec(`INSERT INTO rollup_unit_day (unit_id, day, total, very_satisfied, satisfied, dissatisfied) VALUES ($1, $2, 40, 10, 10, 20), ($3, $2, 10, 0, 0, 10)`,
			f.x.D1, day, f.x.D2); err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.SuggestTargets(f.headP1, inspection.SuggestFilter{UnitID: f.x.P1, Kind: inspection.KindCheck})
		if err != nil || len(got) != 2 {
			t.Fatalf("suggestions %+v %v", got, err)
		}
		if got[0].UnitID != f.x.D1 || got[0].Ratings != 40 || !strings.Contains(got[0].Reasons[0], "Chỉ số hài lòng 50,0%") {
			t.Fatalf("first %+v", got[0])
		}
		if got[1].UnitID != f.x.D2 || len(got[1].Reasons) != 1 || got[1].Reasons[0] != "Chưa được kiểm tra lần nào." {
			t.Fatalf("second %+v", got[1])
		}
		_, err = f.svc.SuggestTargets(f.headD2, inspection.SuggestFilter{UnitID: f.x.P1, Kind: inspection.KindCheck})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
	})
}

func TestScheduledDateKept(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		on := time.Date(2026, 4, 9, 23, 30, 0, 0, time.UTC) // 10 April in Vietnam
		x, err := f.svc.CreateInspection(f.headP1, inspection.InspectionInput{Origin: inspection.OriginAdhoc, Kind: inspection.KindCheck,
			UnitID: f.x.P1, TargetUnitID: f.x.D1, Reason: "Đột xuất", ScheduledOn: &on})
		if err != nil {
			t.Fatal(err)
		}
		if x.ScheduledOn == nil || x.ScheduledOn.Format("2006-01-02") != "2026-04-10" {
			t.Fatalf("scheduled on %v", x.ScheduledOn)
		}
		_, err = f.svc.CreateInspection(f.headP1, inspection.InspectionInput{Origin: inspection.OriginAdhoc, Kind: inspection.KindCheck, UnitID: f.x.P1, TargetUnitID: f.x.D1})
		if congvu.ErrorFields(err)["reason"] == "" {
			t.Fatalf("ad hoc without a reason: %v", err)
		}
	})
}

// Eight syncs of the same new finding at once make one line.
func TestRecordLineConcurrentSyncs(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		x := f.adhoc(t, false)
		in := inspection.LineInput{ItemCode: "TP-TH", Result: inspection.ResultBreached, Note: "Không đeo thẻ", ClientKey: "phone-9/extra"}
		errs := make(chan error, 8)
		for range 8 {
			go func() { _, err := f.svc.RecordLine(f.headP1, x.ID, in); errs <- err }()
		}
		for range 8 {
			if err := <-errs; err != nil {
				t.Error(err)
			}
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM inspection_lines WHERE inspection_id = $1`, x.ID); n != 1 {
			t.Fatalf("%d lines", n)
		}
	})
}
