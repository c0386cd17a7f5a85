package demo

import (
	"congvu"
	"congvu/inspection"
	"congvu/services"
	"context"
	"fmt"
	"strings"
	"time"
)

// Links to the demo inspections and the corrective actions that follow a conclusion.

// InspectionLinks lists the demo's inspection pages worth opening (sign in
// first, as the account each names): the list, the inspectorate's plan, a
// thanh tra with its conclusion issued, the one whose draft is appraised,
// and the field page of a visit under way, to open on a phone. Nil when
// there are no inspections.
func InspectionLinks(ctx context.Context, s services.Set) ([]Link, error) {
	if s.Inspections == nil {
		return nil, nil
	}
	if congvu.ActorFromContext(ctx) == nil {
		ctx = congvu.NewContextWithActor(ctx, congvu.SystemActor("Dữ liệu minh họa"))
	}
	province, err := s.Units.FindUnitByCode(ctx, ProvinceCode)
	if err != nil {
		return nil, fmt.Errorf("demo: unit %s: %w", ProvinceCode, err)
	}
	all, err := demoInspections(ctx, s, province.ID)
	if err != nil || len(all) == 0 {
		return nil, err
	}
	path := func(id int64) string { return fmt.Sprintf("/inspections/%d", id) }
	out := []Link{{Title: "kế hoạch, cuộc kiểm tra công vụ và thanh tra (thanhtra, noivu, thutruong)", Path: "/inspections"}}
	plans, err := demoPlans(ctx, s, congvu.Date(time.Now()).Year())
	if err != nil {
		return nil, err
	}
	if pl := plans[0]; pl != nil {
		out = append(out, Link{Title: pl.Title + " (thanhtra)", Path: fmt.Sprintf("/inspection-plans/%d", pl.ID)})
	}
	var issued, appraised, field *inspection.Inspection
	for _, x := range all { // newest first
		switch {
		case x.Kind == inspection.KindInspection && x.Status == inspection.StatusConcluded && issued == nil:
			issued = x
		case x.Kind == inspection.KindInspection && x.ConclusionStatus == inspection.ConclusionReviewed && appraised == nil:
			appraised = x
		case x.Kind == inspection.KindCheck && x.Status == inspection.StatusInProgress && x.UnitID == province.ID && field == nil:
			field = x
		}
	}
	if issued != nil {
		out = append(out, Link{Title: "thanh tra " + issued.TargetUnitName + ", kết luận đã ban hành, biên bản và kết luận PDF/DOCX (thanhtra)", Path: path(issued.ID)})
	}
	if appraised != nil {
		out = append(out, Link{Title: "thanh tra " + appraised.TargetUnitName + ", dự thảo kết luận đã thẩm định, chờ ban hành (thanhtra)", Path: path(appraised.ID)})
	}
	if field != nil {
		out = append(out, Link{Title: "ghi nhận tại hiện trường, mở trên điện thoại: kiểm tra " + field.TargetUnitName + " đang tiến hành (noivu)", Path: path(field.ID) + "/field"})
	}
	return out, nil
}

// inWard reports whether the unit with code lies in Phường Thái Bình, whose
// chairman (thutruong) reports on its corrective actions: the only unit
// head among the demo's accounts.
func inWard(p *plan, code string) bool { return code == CityWard || code == communeCentre(CityWard) }

// actionDays is the time given to carry out the actions of a conclusion:
// 20 working days after a check, 30 after a thanh tra.
func (w *inspWork) actionDays() int {
	if w.sp.kind == inspection.KindInspection {
		return 30
	}
	return 20
}

// actionSteps are the corrective actions of a conclusion issued at issued:
// set by the inspectors 40 minutes later; in Phường Thái Bình reported by
// its chairman three working days before the deadline and verified the
// next day (the last verified closes the inspection); elsewhere the deadline sweeps remind
// the unit and notify it when overdue.
func (w *inspWork) actionSteps(cal interface {
	ShiftWorkingDays(time.Time, int) time.Time
	WorkingDaysAfter(time.Time, int) time.Time
}, issued, now time.Time) []inspStep {
	set := issued.Add(40 * time.Minute)
	out := []inspStep{{at: set, spec: w.idx, do: w.setActions}}
	due := cal.WorkingDaysAfter(set, w.actionDays())
	if inWard(w.p, w.sp.target) {
		report := midnight(cal.ShiftWorkingDays(due, -3)).Add(9*time.Hour + 10*time.Minute)
		verify := midnight(cal.ShiftWorkingDays(due, -2)).Add(14*time.Hour + 20*time.Minute)
		if report.Before(now) {
			out = append(out, inspStep{at: report, spec: w.idx, do: w.reportActions})
		}
		if verify.Before(now) {
			out = append(out, inspStep{at: verify, spec: w.idx, do: w.verifyActions})
		}
		return out
	}
	remind := midnight(cal.ShiftWorkingDays(due, -inspection.RemindDays)).Add(7 * time.Hour)
	overdue := midnight(due).AddDate(0, 0, 1).Add(7 * time.Hour)
	for _, t := range []time.Time{remind, overdue} {
		if t.Before(now) {
			out = append(out, inspStep{at: t, spec: -1, do: func() error {
				r, err := w.s.InspectionActions.SweepActions(context.Background(), t)
				w.res.Sweeps.Reminded += r.Reminded
				w.res.Sweeps.Overdue += r.Overdue
				return err
			}})
		}
	}
	return out
}

// actionTexts are the corrective actions for the breaches of a group.
var actionTexts = map[string]string{
	"GT": "Tổ chức quán triệt lại quy tắc ứng xử \"4 xin, 4 luôn\" cho toàn bộ công chức tiếp dân; bố trí lãnh đạo trực, theo dõi việc giao tiếp tại quầy và công khai kết quả đánh giá hằng tháng.",
	"TT": "Chấn chỉnh kỷ luật, kỷ cương hành chính và giờ giấc làm việc; rà soát toàn bộ hồ sơ trễ hẹn, gửi phiếu xin lỗi và hẹn lại theo quy định.",
	"TP": "Bảo đảm mọi cán bộ, công chức đeo thẻ và mặc trang phục đúng quy định khi thực hiện nhiệm vụ; người đứng đầu kiểm tra hằng tuần.",
	"DD": "Quán triệt và xử lý nghiêm việc hút thuốc, uống rượu bia trong giờ làm việc; niêm yết quy định tại trụ sở.",
}

// setActions sets one action per group of breached items, and one to
// review the officials named, on the issued conclusion.
func (w *inspWork) setActions() error {
	x, err := w.s.Inspections.FindInspection(w.ctx, w.x.ID)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	var texts, named []string
	for _, l := range x.Lines {
		if l.Result != inspection.ResultBreached {
			continue
		}
		if t, ok := actionTexts[l.GroupCode]; ok && !seen[l.GroupCode] {
			seen[l.GroupCode] = true
			texts = append(texts, t)
		}
		if l.OfficialName != "" && !seen[l.OfficialName] {
			seen[l.OfficialName] = true
			named = append(named, l.OfficialName)
		}
	}
	if len(named) > 0 {
		texts = append(texts, "Tổ chức kiểm điểm, làm rõ trách nhiệm cá nhân đối với các vi phạm đã nêu trong kết luận ("+strings.Join(named, ", ")+"); báo cáo hình thức xử lý.")
	}
	for _, t := range texts {
		a, err := w.s.InspectionActions.CreateAction(w.ctx, w.x.ID, inspection.ActionInput{OwnerUnitID: x.TargetUnitID, Text: t, Days: w.actionDays()})
		if err != nil {
			return err
		}
		w.actions = append(w.actions, a)
		w.res.Actions++
	}
	return nil
}

// reportActions: the chairman of the ward reports each action done.
func (w *inspWork) reportActions() error {
	head := w.heads["thutruong"]
	for _, a := range w.actions {
		note := "Đơn vị đã tổ chức họp quán triệt, phân công lãnh đạo theo dõi hằng ngày; các nội dung tồn tại đã được khắc phục (biên bản họp kèm theo)."
		if strings.HasPrefix(a.Text, "Tổ chức kiểm điểm") {
			note = "Đã tổ chức kiểm điểm các cá nhân có vi phạm; hình thức: nhắc nhở, phê bình trước tập thể (biên bản kiểm điểm kèm theo)."
		}
		if _, err := w.s.InspectionActions.ReportAction(head, a.ID, inspection.ReportInput{Note: note}); err != nil {
			return err
		}
	}
	return nil
}

// verifyActions: the inspectors confirm each reported action; the last
// closes the inspection. The chairman who reported does not confirm his
// own report: on his ward's own checks, Sở Nội vụ does.
func (w *inspWork) verifyActions() error {
	by := w.ctx
	if w.sp.owner == "thutruong" {
		by = w.heads["noivu"]
	}
	for _, a := range w.actions {
		if _, err := w.s.InspectionActions.VerifyAction(by, a.ID, "Đã kiểm tra lại tại đơn vị: đã khắc phục."); err != nil {
			return err
		}
		w.res.Verified++
	}
	return nil
}
