package api

import (
	"net/http"

	"congvu/violation"
)

// violationDashboard is GET /violation-dashboard: the violation dashboard
// of a unit subtree, as the page shows it.
func (s *Server) violationDashboard(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := violation.DashboardFilter{UnitID: q.id("unit_id"), From: q.timeParam("from", false), To: q.timeParam("to", true)}
	if err := q.err(); err != nil {
		return err
	}
	d, err := s.Services.ViolationDashboards.Dashboard(r.Context(), f)
	if err != nil {
		return err
	}
	// Lists are lists, even when empty.
	for _, l := range []*[]violation.CountRow{&d.ByItem, &d.ByMonth, &d.ByForm, &d.ByMeasure} {
		if *l == nil {
			*l = []violation.CountRow{}
		}
	}
	if d.ByUnit == nil {
		d.ByUnit = []violation.UnitRow{}
	}
	if d.Overdue == nil {
		d.Overdue = []*violation.Case{}
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}
