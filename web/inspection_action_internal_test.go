package web

import (
	"congvu/inspection"
)

func init() {
	reported := sampleTime
	a := &inspection.CorrectiveAction{ID: 4, InspectionID: 9, InspectionKind: inspection.KindInspection, InspectingUnitName: "Thanh tra tỉnh Thái Bình",
		OwnerUnitName: "Sở Nội vụ tỉnh Thái Bình", Text: "Niêm yết công khai thủ tục", Days: 10, DueAt: sampleTime, Status: inspection.ActionReported,
		Overdue: true, ReportedAt: &reported, CreatedAt: sampleTime, Events: []*inspection.ActionEvent{
			{ID: 1, Kind: inspection.EventCreated, Status: inspection.ActionOpen, Note: "Niêm yết", UserName: "Thanh tra", CreatedAt: sampleTime},
			{ID: 2, Kind: inspection.EventReported, Status: inspection.ActionReported, Note: "Đã làm", CreatedAt: sampleTime,
				Files: []*inspection.ActionFile{{ID: 3, FileName: "minh-chung-1a2b3c4d.png", ContentType: "image/png"}}}}}
	pageSamples["inspection_actions.html"] = []Page{
		&InspectionActionsPage{Actions: []*inspection.CorrectiveAction{a}, Filters: []NavItem{{Label: "Tất cả", Href: "/inspections/actions", Current: true}},
			Pager: Pager{Page: 1, Pages: 1, Total: 1, From: 1, To: 1}},
		&InspectionActionsPage{Filter: "qua-han"},
	}
	pageSamples["inspection_action.html"] = []Page{
		&InspectionActionPage{Action: a, CanVerify: true, Form: sampleForm(), Form2: sampleForm(), MaxFiles: 5},
		&InspectionActionPage{Action: &inspection.CorrectiveAction{ID: 5, Status: inspection.ActionOpen}, CanReport: true, Form: sampleForm(), Form2: NewForm(nil), MaxFiles: 5},
	}
	pageSamples["inspection_action_form.html"] = []Page{
		&InspectionActionFormPage{Inspection: &inspection.Inspection{ID: 9, Kind: inspection.KindCheck, UnitName: "Sở Nội vụ", TargetUnitName: "UBND xã Vũ Hội"},
			Form: sampleForm(), Units: []Option{{"", "— Chọn đơn vị —"}, {"7", "UBND xã Vũ Hội"}}},
	}
}
