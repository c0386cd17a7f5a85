package web

import (
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/inspection"
	"congvu/org"
)

func init() {
	unit := &org.Unit{ID: 2, Code: "34", Name: "Tỉnh Thái Bình", Path: "/1/2/"}
	day := time.Date(2026, 5, 1, 0, 0, 0, 0, congvu.TimeZone)
	c := &inspection.Compliance{UnitID: 2, Title: unit.Name, From: day, To: day.AddDate(0, 2, 0), Period: feedback.PeriodMonth,
		Tally: inspection.Tally{Kept: 30, Breached: 6, NotObserved: 2}, Rate: 83.3, MinSample: 20, StaleMonths: 12,
		Trend: []inspection.TrendPoint{{Start: day, Label: "T5/2026", Tally: inspection.Tally{Kept: 30, Breached: 6}, Rate: 83.3}, {Start: day.AddDate(0, 1, 0), Label: "T6/2026"}},
		Items: []inspection.ItemCompliance{{Code: "GT-XC", Title: "Xin chào", Tally: inspection.Tally{Kept: 20, Breached: 5}, Rate: 80, Ranked: true}},
		Units: []inspection.UnitCompliance{{UnitID: 3, Code: "34.SNV", Name: "Sở Nội vụ", Tally: inspection.Tally{Kept: 30, Breached: 6}, Rate: 83.3, Ranked: true, Place: 1},
			{UnitID: 4, Code: "34.STP", Name: "Sở Tư pháp"}},
		Stale:      []inspection.StaleUnit{{UnitID: 4, Code: "34.STP", Name: "Sở Tư pháp"}, {UnitID: 5, Code: "34.SYT", Name: "Sở Y tế", LastDay: day.AddDate(-2, 0, 0)}},
		StaleTotal: 3,
		Overdue:    []inspection.OverdueAction{{ID: 1, UnitName: "Sở Tư pháp", Title: "Niêm yết quy tắc ứng xử", DueOn: day, DaysLate: 12}}, OverdueTotal: 1}
	c.Weakest = c.Items
	pageSamples["inspection_dashboard.html"] = []Page{
		&ComplianceDashboardPage{Form: NewForm(nil), C: c, Unit: unit, LastDay: c.To.AddDate(0, 0, -1), RateText: "83,3%", StaleMore: 1,
			ChildHref: map[int64]string{3: "/inspections/dashboard?unit=34.SNV", 4: "/inspections/dashboard?unit=34.STP"}},
		&ComplianceDashboardPage{Form: NewForm(nil), C: &inspection.Compliance{Title: unit.Name, From: day, To: day.AddDate(0, 1, 0), Period: feedback.PeriodMonth, StaleMonths: 12},
			Unit: unit, LastDay: day, Empty: true, RateText: "—"},
	}
}
