package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"congvu"
	"congvu/chart"
	"congvu/export"
	"congvu/org"
	"congvu/violation"
)

// Query parameters of the violation dashboard.
const (
	vdUnitParam   = "unit"   // the unit's code (default: the root of the actor's scope)
	vdFromParam   = "from"   // first day, dd/mm/yyyy
	vdToParam     = "to"     // last day (inclusive), dd/mm/yyyy
	vdFormatParam = "format" // export: xlsx or csv
)

// violationDashboardRoutes are the violation dashboard and its export (see
// routeTable).
func (s *Server) violationDashboardRoutes() []Route {
	view := Need(congvu.ActViolationView)
	return []Route{
		{Method: "GET", Pattern: "/violations/dashboard", Access: view, Handler: s.violationDashboard},
		{Method: "GET", Pattern: "/violations/dashboard/export", Access: view, Handler: s.violationDashboardExport},
	}
}

// ViolationDashboardPage is the violation dashboard of a unit subtree.
type ViolationDashboardPage struct {
	Base
	Form  *Form
	D     *violation.Dashboard
	Unit  *org.Unit
	Empty bool

	MonthSVG, ItemSVG, UnitSVG, MeasureSVG, FormSVG template.HTML
	ExportXLSX, ExportCSV                           string
	DefaultHref                                     string
	ChildHref                                       map[int64]string
	OverdueMore                                     int
	Per100                                          string // of the whole subtree
	Units                                           []VDUnitRow
	// QuietUnits are the sub-units without any violation in the period.
	QuietUnits  []VDUnitRow
	Median, P90 string
}

// VDUnitRow is a sub-unit's row of the dashboard, formatted.
type VDUnitRow struct {
	violation.UnitRow
	Href, Per100 string
}

// daysText formats a number of days ("12", "8,5").
func daysText(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
}

// vdFilter reads the dashboard filter of r: the unit (default: the root of
// the actor's scope) and the range (default: the twelve months up to
// today). What cannot be read is reported on f and left to its default.
func (s *Server) vdFilter(r *http.Request, f *Form) (violation.DashboardFilter, *org.Unit, error) {
	var df violation.DashboardFilter
	unit, err := s.dashboardUnit(r, f, vdUnitParam, congvu.ActViolationView,
		"Tài khoản của bạn chưa được giao phạm vi theo dõi vi phạm. Xin liên hệ người quản trị.")
	if err != nil {
		return df, nil, err
	}
	df.UnitID = unit.ID
	df.From, df.To = dashboardDays(f, vdFromParam, vdToParam)
	if !df.From.IsZero() && df.To.IsZero() {
		df.To = df.From.AddDate(0, violation.DefaultDashboardMonths, 0)
	}
	return df, unit, nil
}

// vdFields maps the service's field names to the form's.
var vdFields = map[string]string{"from": vdFromParam, "to": vdToParam, "unit_id": vdUnitParam}

// vdQuery is the query string of the dashboard of unit code over d's range.
func vdQuery(code string, d *violation.Dashboard) url.Values {
	q := url.Values{}
	q.Set(vdUnitParam, code)
	q.Set(vdFromParam, d.From.Format("02/01/2006"))
	q.Set(vdToParam, d.To.Format("02/01/2006"))
	return q
}

// vdShare is n's part of total, in percent.
func vdShare(n, total int) float64 {
	if total == 0 {
		return 0
	}
	return 100 * float64(n) / float64(total)
}

// per100Text formats a number of violations per 100 officials.
func per100Text(v float64, officials int) string {
	if officials == 0 {
		return "—"
	}
	return strings.Replace(strconv.FormatFloat(v, 'f', 2, 64), ".", ",", 1)
}

func (s *Server) violationDashboard(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.URL.Query())
	df, unit, err := s.vdFilter(r, f)
	if err != nil {
		return err
	}
	d, err := s.Services.ViolationDashboards.Dashboard(r.Context(), df)
	if congvu.ErrorCode(err) == congvu.EINVALID {
		reportRefusedFilter(f, err, vdFields)
		d, err = s.Services.ViolationDashboards.Dashboard(r.Context(), violation.DashboardFilter{UnitID: df.UnitID})
	}
	if err != nil {
		return err
	}
	p := &ViolationDashboardPage{Base: Base{Title: "Vi phạm và xử lý vi phạm — " + d.UnitName}, Form: f, D: d, Unit: unit,
		Empty:       d.Total+d.Dismissed == 0 && len(d.ByMeasure)+len(d.ByForm) == 0 && d.OverdueTotal == 0,
		DefaultHref: r.URL.Path, ChildHref: map[int64]string{}, OverdueMore: d.OverdueTotal - len(d.Overdue)}
	q := vdQuery(unit.Code, d)
	showFilter(f, q)
	p.ExportXLSX = "/violations/dashboard/export?" + vdFormatParam + "=xlsx&" + q.Encode()
	p.ExportCSV = "/violations/dashboard/export?" + vdFormatParam + "=csv&" + q.Encode()
	a := congvu.ActorFromContext(r.Context())
	unit, p.Crumbs = s.dashboardCrumbs(r, unit, Link{"Vi phạm", "/violations/dashboard"},
		func(path string) bool { return a.Can(congvu.ActViolationView, path) },
		func(code string) string { return "/violations/dashboard?" + vdQuery(code, d).Encode() })
	p.Unit = unit
	codes, err := s.childCodes(r, d)
	if err != nil {
		return err
	}
	for id, code := range codes {
		p.ChildHref[id] = "/violations/dashboard?" + vdQuery(code, d).Encode()
	}
	p.Per100 = per100Text(d.Per100, d.Officials)
	for _, u := range d.ByUnit {
		row := VDUnitRow{UnitRow: u, Href: p.ChildHref[u.UnitID], Per100: per100Text(u.Per100, u.Officials)}
		if u.Count == 0 { // a province has a hundred communes: those without any are listed apart
			p.QuietUnits = append(p.QuietUnits, row)
			continue
		}
		p.Units = append(p.Units, row)
	}
	p.Median, p.P90 = daysText(d.DaysToDecision.Median), daysText(d.DaysToDecision.P90)

	// Charts, each beside its table.
	const more = ". Số liệu chi tiết ở bảng ngay sau biểu đồ."
	var bars []chart.Bar
	var parts []string
	for _, m := range d.ByMonth {
		bars = append(bars, chart.Bar{Label: "Tháng " + m.Label, Value: vdShare(m.Count, d.Total), Note: chart.Number(m.Count) + " vi phạm"})
		parts = append(parts, fmt.Sprintf("tháng %s: %s", m.Label, chart.Number(m.Count)))
	}
	if d.Total > 0 {
		p.MonthSVG = template.HTML(chart.Bars("bieu-do-thang", "Vi phạm theo tháng xảy ra — "+d.UnitName,
			"Tỷ trọng và số vi phạm theo tháng xảy ra hành vi: "+strings.Join(parts, "; ")+more, bars, 0))
	}
	bars, parts = nil, nil
	for _, it := range d.ByItem {
		bars = append(bars, chart.Bar{Label: it.Key + " · " + it.Label, Value: vdShare(it.Count, d.Total), Note: chart.Number(it.Count) + " vi phạm"})
		parts = append(parts, fmt.Sprintf("%s: %s", it.Label, chart.Number(it.Count)))
	}
	if len(bars) > 0 {
		p.ItemSVG = template.HTML(chart.Bars("bieu-do-chuan-muc", "Chuẩn mực bị vi phạm — "+d.UnitName,
			"Tỷ lệ vi phạm có nêu từng chuẩn mực (một vi phạm có thể nêu nhiều chuẩn mực): "+strings.Join(parts, "; ")+more, bars, 0))
	}
	bars, parts = nil, nil
	for _, u := range d.ByUnit {
		if u.Count == 0 {
			continue
		}
		bars = append(bars, chart.Bar{Label: u.UnitName, Value: u.Per100, Note: chart.Number(u.Count) + "/" + chart.Number(u.Officials) + " cán bộ"})
		parts = append(parts, fmt.Sprintf("%s: %s trên 100 cán bộ", u.UnitName, per100Text(u.Per100, u.Officials)))
	}
	if len(bars) > 0 {
		p.UnitSVG = template.HTML(chart.Bars("bieu-do-don-vi", "Vi phạm trên 100 cán bộ theo đơn vị trực thuộc — "+d.UnitName,
			"Số vi phạm trên 100 cán bộ đang công tác: "+strings.Join(parts, "; ")+more, bars, 0))
	}
	var sp []chart.Part
	parts = nil
	for _, m := range d.ByMeasure {
		sp = append(sp, chart.Part{Label: m.Label, Count: m.Count})
		parts = append(parts, fmt.Sprintf("%s: %s", m.Label, chart.Number(m.Count)))
	}
	if len(sp) > 0 {
		p.MeasureSVG = template.HTML(chart.Stacked("bieu-do-bien-phap", "Biện pháp xử lý dưới mức kỷ luật — "+d.UnitName,
			"Số cán bộ được nhắc nhở, phê bình, chấn chỉnh hoặc không áp dụng biện pháp: "+strings.Join(parts, "; ")+more, sp))
	}
	sp, parts = nil, nil
	for _, m := range d.ByForm {
		sp = append(sp, chart.Part{Label: m.Label, Count: m.Count})
		parts = append(parts, fmt.Sprintf("%s: %s", m.Label, chart.Number(m.Count)))
	}
	if len(sp) > 0 {
		p.FormSVG = template.HTML(chart.Stacked("bieu-do-hinh-thuc", "Hình thức kỷ luật đã áp dụng — "+d.UnitName,
			"Số quyết định kỷ luật theo hình thức: "+strings.Join(parts, "; ")+more, sp))
	}
	status := http.StatusOK
	if f.Failed() {
		status = http.StatusBadRequest
	}
	return s.Render(w, r, status, "violation_dashboard.html", p)
}

// childCodes maps the sub-units of d to their codes, for links.
func (s *Server) childCodes(r *http.Request, d *violation.Dashboard) (map[int64]string, error) {
	out := map[int64]string{}
	for _, u := range d.ByUnit {
		x, err := s.Services.Units.FindUnitByID(r.Context(), u.UnitID)
		if err != nil {
			if congvu.ErrorCode(err) == congvu.ENOTFOUND {
				continue
			}
			return nil, err
		}
		out[u.UnitID] = x.Code
	}
	return out, nil
}

// violationTables are the tables of the dashboard: the summary, the
// months, the items, the sub-units, the measures, the forms and the cases
// past their limit.
func violationTables(d *violation.Dashboard) []export.Table {
	title := "Vi phạm và xử lý vi phạm — " + d.UnitName
	summary := export.Table{Name: "Tổng hợp", Title: title, Header: []string{"Chỉ tiêu", "Giá trị"}, Widths: []float64{52, 30},
		Rows: [][]any{
			{"Đơn vị", d.UnitName},
			{"Từ ngày", d.From.Format("02/01/2006")},
			{"Đến ngày", d.To.Format("02/01/2006")},
			{"Số vi phạm (theo ngày xảy ra)", d.Total},
			{"Đã xử lý", d.Handled},
			{"Đang xử lý", d.Pending},
			{"Không xử lý do không đủ căn cứ", d.Dismissed},
			{"Cán bộ đang công tác", d.Officials},
			{"Vi phạm trên 100 cán bộ", d.Per100},
			{"Số quyết định (theo ngày quyết định)", d.DaysToDecision.Count},
			{"Số ngày từ chứng cứ đến quyết định: trung vị", d.DaysToDecision.Median},
			{"Số ngày từ chứng cứ đến quyết định: 90% trong vòng", d.DaysToDecision.P90},
			{"Vụ việc kỷ luật quá hạn", d.OverdueTotal},
		}}
	months := export.Table{Name: "Theo tháng", Title: title, Header: []string{"Tháng", "Số vi phạm"}, Widths: []float64{16, 14}}
	for _, m := range d.ByMonth {
		months.Rows = append(months.Rows, []any{m.Label, m.Count})
	}
	items := export.Table{Name: "Theo chuẩn mực", Title: title, Header: []string{"Mã", "Chuẩn mực", "Số vi phạm"}, Widths: []float64{12, 60, 14}}
	for _, it := range d.ByItem {
		items.Rows = append(items.Rows, []any{it.Key, it.Label, it.Count})
	}
	units := export.Table{Name: "Theo đơn vị trực thuộc", Title: title, Header: []string{"Đơn vị", "Số vi phạm", "Cán bộ đang công tác", "Vi phạm trên 100 cán bộ"},
		Widths: []float64{44, 14, 20, 22}}
	for _, u := range d.ByUnit {
		units.Rows = append(units.Rows, []any{u.UnitName, u.Count, u.Officials, u.Per100})
	}
	measures := export.Table{Name: "Biện pháp xử lý", Title: title, Header: []string{"Biện pháp", "Số cán bộ"}, Widths: []float64{44, 14}}
	for _, m := range d.ByMeasure {
		measures.Rows = append(measures.Rows, []any{m.Label, m.Count})
	}
	forms := export.Table{Name: "Hình thức kỷ luật", Title: title, Header: []string{"Hình thức", "Số quyết định"}, Widths: []float64{44, 14}}
	for _, m := range d.ByForm {
		forms.Rows = append(forms.Rows, []any{m.Label, m.Count})
	}
	overdue := export.Table{Name: "Kỷ luật quá hạn", Title: title, Header: []string{"Vụ việc số", "Đơn vị", "Đang ở bước", "Hạn xử lý"}, Widths: []float64{30, 36, 30, 14}}
	for _, c := range d.Overdue {
		overdue.Rows = append(overdue.Rows, []any{c.ID, c.UnitName, c.Status.Label(), c.DueAt.In(congvu.TimeZone).Format("02/01/2006")})
	}
	return []export.Table{summary, months, items, units, measures, forms, overdue}
}

func (s *Server) violationDashboardExport(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.URL.Query())
	format := exportFormat(f, vdFormatParam)
	df, _, err := s.vdFilter(r, f)
	if err != nil {
		return err
	}
	if f.Failed() {
		return &congvu.Error{Code: congvu.EINVALID, Message: "Đơn vị, khoảng thời gian hoặc định dạng tải về không hợp lệ.", Fields: f.Errors}
	}
	d, err := s.Services.ViolationDashboards.Dashboard(r.Context(), df)
	if err != nil {
		return err
	}
	file := fmt.Sprintf("vi-pham-%s-%s-%s.%s", fileSlug(d.UnitName), d.From.Format("20060102"), d.To.Format("20060102"), format)
	return writeTables(w, format, file, violationTables(d))
}
