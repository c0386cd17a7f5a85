package api

import (
	"net/http"
	"strconv"

	"congvu/feedback"
	"congvu/inspection"
)

// complianceDashboard is GET /inspections/dashboard: the compliance
// dashboard of a unit subtree, as the page shows it.
func (s *Server) complianceDashboard(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := inspection.ComplianceFilter{UnitID: q.id("unit_id"), From: q.timeParam("from", false), To: q.timeParam("to", true),
		Kind: inspection.Kind(q.str("kind")), Period: feedback.Period(q.str("period"))}
	if v := q.str("months"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			q.errs.Add("months", "Số tháng phải là số nguyên dương.")
		}
		f.StaleMonths = n
	}
	if err := q.err(); err != nil {
		return err
	}
	d, err := s.Services.Compliance.Compliance(r.Context(), f)
	if err != nil {
		return err
	}
	// Lists are lists, even when empty.
	if d.Trend == nil {
		d.Trend = []inspection.TrendPoint{}
	}
	for _, l := range []*[]inspection.ItemCompliance{&d.Items, &d.Weakest} {
		if *l == nil {
			*l = []inspection.ItemCompliance{}
		}
	}
	if d.Units == nil {
		d.Units = []inspection.UnitCompliance{}
	}
	if d.Stale == nil {
		d.Stale = []inspection.StaleUnit{}
	}
	if d.Overdue == nil {
		d.Overdue = []inspection.OverdueAction{}
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}
