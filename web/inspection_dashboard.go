package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/chart"
	"congvu/export"
	"congvu/feedback"
	"congvu/inspection"
	"congvu/org"
)

// Query parameters of the compliance dashboard.
const (
	idUnitParam   = "unit"   // the unit's code (default: the root of the actor's scope)
	idFromParam   = "from"   // first day, dd/mm/yyyy
	idToParam     = "to"     // last day (inclusive), dd/mm/yyyy
	idKindParam   = "kind"   // check, inspection or "" for both
	idPeriodParam = "period" // week, month or quarter
	idStaleParam  = "months" // N of "not inspected in N months"
	idFormatParam = "format" // export: xlsx or csv
)

// inspectionDashboardRoutes are the compliance dashboard and its export
// (see routeTable).
func (s *Server) inspectionDashboardRoutes() []Route {
	view := Need(congvu.ActInspectionDashboard)
	return []Route{
		{Method: "GET", Pattern: "/inspections/dashboard", Access: view, Handler: s.inspectionDashboard},
		{Method: "GET", Pattern: "/inspections/dashboard/export", Access: view, Handler: s.inspectionDashboardExport},
	}
}

// ComplianceDashboardPage is the compliance dashboard of a unit subtree.
type ComplianceDashboardPage struct {
	Base
	Form    *Form
	C       *inspection.Compliance
	Unit    *org.Unit
	LastDay time.Time // the last day of the range (C.To is exclusive)
	Empty   bool

	RateText                   string // "87,5%", "—" when nothing was checked
	TrendSVG, ItemSVG, UnitSVG template.HTML
	Kinds                      []Option
	Periods                    []Option
	ExportXLSX, ExportCSV      string
	DefaultHref                string
	StaleMore                  int // units not inspected beyond those listed
	ChildHref                  map[int64]string
}

// Pct formats a rate of a tally, "—" when nothing was checked.
func Pct(t inspection.Tally) string {
	if r, ok := t.Rate(); ok {
		return chart.Percent(r)
	}
	return "—"
}

// idFilter reads the dashboard filter of r: the unit (default: the root of
// the actor's scope), the range (default: the twelve months up to today),
// kind, period and N. What cannot be read is reported on f and left to
// its default.
func (s *Server) idFilter(r *http.Request, f *Form) (inspection.ComplianceFilter, *org.Unit, error) {
	var cf inspection.ComplianceFilter
	unit, err := s.dashboardUnit(r, f, idUnitParam, congvu.ActInspectionDashboard,
		"Tài khoản của bạn chưa được giao phạm vi theo dõi kết quả kiểm tra. Xin liên hệ người quản trị.")
	if err != nil {
		return cf, nil, err
	}
	cf.UnitID = unit.ID
	cf.From, cf.To = dashboardDays(f, idFromParam, idToParam)
	if !cf.From.IsZero() && cf.To.IsZero() {
		cf.To = cf.From.AddDate(0, inspection.DefaultDashboardMonths, 0)
	}
	switch k := inspection.Kind(f.Get(idKindParam)); k {
	case "", inspection.KindCheck, inspection.KindInspection:
		cf.Kind = k
	default:
		f.AddError(idKindParam, "Loại phải là kiểm tra công vụ hoặc thanh tra.")
	}
	switch p := feedback.Period(f.Get(idPeriodParam)); {
	case p == "":
	case p.Valid():
		cf.Period = p
	default:
		f.AddError(idPeriodParam, "Kỳ thống kê phải là tuần, tháng hoặc quý.")
	}
	if v := f.Get(idStaleParam); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > inspection.MaxStaleMonths {
			f.AddError(idStaleParam, fmt.Sprintf("Số tháng phải là số nguyên từ 1 đến %d.", inspection.MaxStaleMonths))
		} else {
			cf.StaleMonths = n
		}
	}
	return cf, unit, nil
}

// idFields maps the service's field names to the form's.
var idFields = map[string]string{"from": idFromParam, "to": idToParam, "unit_id": idUnitParam, "kind": idKindParam,
	"period": idPeriodParam, "stale_months": idStaleParam}

// loadCompliance reads the figures; a filter the service refuses is
// reported on the form and the defaults used instead.
func (s *Server) loadCompliance(r *http.Request, f *Form, cf inspection.ComplianceFilter) (*inspection.Compliance, error) {
	c, err := s.Services.Compliance.Compliance(r.Context(), cf)
	if congvu.ErrorCode(err) == congvu.EINVALID {
		reportRefusedFilter(f, err, idFields)
		c, err = s.Services.Compliance.Compliance(r.Context(), inspection.ComplianceFilter{UnitID: cf.UnitID})
	}
	return c, err
}

// idQuery is the query string of the dashboard of unit code with c's
// filter.
func idQuery(code string, c *inspection.Compliance) url.Values {
	q := url.Values{}
	q.Set(idUnitParam, code)
	q.Set(idFromParam, c.From.In(congvu.TimeZone).Format("02/01/2006"))
	q.Set(idToParam, c.To.AddDate(0, 0, -1).In(congvu.TimeZone).Format("02/01/2006"))
	if c.Kind != "" {
		q.Set(idKindParam, string(c.Kind))
	}
	q.Set(idPeriodParam, string(c.Period))
	q.Set(idStaleParam, strconv.Itoa(c.StaleMonths))
	return q
}

// kindLabel names a kind filter.
func kindLabel(k inspection.Kind) string {
	switch k {
	case inspection.KindCheck:
		return "kiểm tra công vụ"
	case inspection.KindInspection:
		return "thanh tra"
	}
	return "kiểm tra công vụ và thanh tra"
}

func (s *Server) inspectionDashboard(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.URL.Query())
	cf, unit, err := s.idFilter(r, f)
	if err != nil {
		return err
	}
	c, err := s.loadCompliance(r, f, cf)
	if err != nil {
		return err
	}
	p := &ComplianceDashboardPage{Base: Base{Title: "Kết quả kiểm tra văn hóa công vụ — " + c.Title}, Form: f, C: c, Unit: unit,
		LastDay: c.To.AddDate(0, 0, -1), Empty: c.Checked()+c.NotObserved == 0, RateText: Pct(c.Tally), DefaultHref: r.URL.Path,
		StaleMore: c.StaleTotal - len(c.Stale), ChildHref: map[int64]string{}}
	q := idQuery(unit.Code, c)
	showFilter(f, q)
	p.ExportXLSX = "/inspections/dashboard/export?" + idFormatParam + "=xlsx&" + q.Encode()
	p.ExportCSV = "/inspections/dashboard/export?" + idFormatParam + "=csv&" + q.Encode()
	for _, k := range []inspection.Kind{"", inspection.KindCheck, inspection.KindInspection} {
		label := "Cả hai loại"
		if k != "" {
			label = strings.ToUpper(kindLabel(k)[:1]) + kindLabel(k)[1:]
		}
		p.Kinds = append(p.Kinds, Option{string(k), label})
	}
	for _, per := range feedback.Periods {
		p.Periods = append(p.Periods, Option{string(per), per.Label()})
	}
	a := congvu.ActorFromContext(r.Context())
	unit, p.Crumbs = s.dashboardCrumbs(r, unit, Link{"Kết quả kiểm tra", "/inspections/dashboard"},
		func(path string) bool { return inspection.CanViewCompliance(a, path) },
		func(code string) string { return "/inspections/dashboard?" + idQuery(code, c).Encode() })
	p.Unit = unit
	for _, u := range c.Units {
		p.ChildHref[u.UnitID] = "/inspections/dashboard?" + idQuery(u.Code, c).Encode()
	}

	// Charts, each beside its table.
	subject := c.Title + " (" + kindLabel(c.Kind) + ")"
	var pts []chart.TrendPoint
	var parts []string
	for _, t := range c.Trend {
		pts = append(pts, chart.TrendPoint{Label: t.Label, Volume: t.Checked(), Index: t.Rate})
		if t.Checked() > 0 {
			parts = append(parts, fmt.Sprintf("%s: %s (%s nội dung)", t.Label, chart.Percent(t.Rate), chart.Number(t.Checked())))
		}
	}
	p.TrendSVG = template.HTML(chart.TrendOf("bieu-do-xu-huong", "Tỷ lệ tuân thủ theo "+c.Period.Noun()+" — "+subject,
		"Số nội dung đã kiểm tra (cột) và tỷ lệ tuân thủ (đường) theo "+c.Period.Noun()+": "+strings.Join(parts, "; ")+". Số liệu chi tiết ở bảng ngay sau biểu đồ.",
		"Số nội dung đã kiểm tra", "Tỷ lệ tuân thủ (%)", pts))
	var bars []chart.Bar
	parts = parts[:0]
	for _, it := range c.Items {
		bars = append(bars, chart.Bar{Label: it.Code + " · " + it.Title, Value: it.Rate, Note: chart.Number(it.Kept) + "/" + chart.Number(it.Checked()), Empty: it.Checked() == 0})
		parts = append(parts, fmt.Sprintf("%s: %s", it.Title, Pct(it.Tally)))
	}
	if len(bars) > 0 {
		p.ItemSVG = template.HTML(chart.Bars("bieu-do-chuan-muc", "Tỷ lệ tuân thủ từng chuẩn mực — "+subject,
			"Tỷ lệ nội dung đạt trong số đã kiểm tra: "+strings.Join(parts, "; ")+". Số liệu chi tiết ở bảng ngay sau biểu đồ.", bars, dashWarnBelow))
	}
	bars, parts = nil, parts[:0]
	for _, u := range c.Units {
		if u.Checked() == 0 {
			continue
		}
		bars = append(bars, chart.Bar{Label: u.Name, Value: u.Rate, Note: chart.Number(u.Kept) + "/" + chart.Number(u.Checked())})
		parts = append(parts, fmt.Sprintf("%s: %s", u.Name, Pct(u.Tally)))
	}
	if len(bars) > 0 {
		p.UnitSVG = template.HTML(chart.Bars("bieu-do-don-vi", "Tỷ lệ tuân thủ theo đơn vị trực thuộc — "+subject,
			"Tỷ lệ nội dung đạt trong số đã kiểm tra: "+strings.Join(parts, "; ")+". Số liệu chi tiết ở bảng ngay sau biểu đồ.", bars, dashWarnBelow))
	}
	status := http.StatusOK
	if f.Failed() {
		status = http.StatusBadRequest
	}
	return s.Render(w, r, status, "inspection_dashboard.html", p)
}

// complianceTables are the tables of the compliance dashboard: the
// summary, the trend, the items, the sub-units, every unit not inspected
// and the actions overdue.
func complianceTables(c *inspection.Compliance, stale []inspection.StaleUnit) []export.Table {
	title := "Kết quả kiểm tra văn hóa công vụ — " + c.Title
	rate := func(t inspection.Tally) any {
		if r, ok := t.Rate(); ok {
			return export.Percent(r)
		}
		return ""
	}
	summary := export.Table{Name: "Tổng hợp", Title: title, Header: []string{"Chỉ tiêu", "Giá trị"}, Widths: []float64{46, 30},
		Rows: [][]any{
			{"Đơn vị", c.Title},
			{"Loại", kindLabel(c.Kind)},
			{"Từ ngày", c.From.In(congvu.TimeZone).Format("02/01/2006")},
			{"Đến ngày", c.To.AddDate(0, 0, -1).In(congvu.TimeZone).Format("02/01/2006")},
			{"Nội dung đạt", c.Kept},
			{"Nội dung vi phạm", c.Breached},
			{"Nội dung không quan sát được", c.NotObserved},
			{"Tỷ lệ tuân thủ (đạt / đã kiểm tra)", rate(c.Tally)},
			{"Số nội dung đã kiểm tra tối thiểu để xếp hạng", c.MinSample},
			{fmt.Sprintf("Đơn vị chưa được kiểm tra trong %d tháng", c.StaleMonths), c.StaleTotal},
			{"Biện pháp khắc phục quá hạn", c.OverdueTotal},
		}}
	trend := export.Table{Name: "Theo " + c.Period.Noun(), Title: title, Header: []string{"Kỳ", "Đạt", "Vi phạm", "Không quan sát được", "Tỷ lệ tuân thủ"}, Widths: []float64{16, 12, 12, 20, 16}}
	for _, t := range c.Trend {
		trend.Rows = append(trend.Rows, []any{t.Label, t.Kept, t.Breached, t.NotObserved, rate(t.Tally)})
	}
	items := export.Table{Name: "Theo chuẩn mực", Title: title, Header: []string{"Mã", "Chuẩn mực", "Đạt", "Vi phạm", "Tỷ lệ tuân thủ"}, Widths: []float64{12, 56, 10, 10, 16}}
	for _, it := range c.Items {
		items.Rows = append(items.Rows, []any{it.Code, it.Title, it.Kept, it.Breached, rate(it.Tally)})
	}
	units := export.Table{Name: "Theo đơn vị trực thuộc", Title: title, Header: []string{"Thứ hạng", "Mã", "Đơn vị", "Đạt", "Vi phạm", "Không quan sát được", "Tỷ lệ tuân thủ"},
		Widths: []float64{24, 12, 40, 10, 10, 20, 16}}
	for _, u := range c.Units {
		var place any = fmt.Sprintf("Chưa đủ mẫu (dưới %d nội dung)", c.MinSample)
		if u.Place > 0 {
			place = u.Place
		}
		units.Rows = append(units.Rows, []any{place, u.Code, u.Name, u.Kept, u.Breached, u.NotObserved, rate(u.Tally)})
	}
	st := export.Table{Name: "Chưa được kiểm tra", Title: title, Header: []string{"Mã", "Đơn vị", "Lần kiểm tra gần nhất"}, Widths: []float64{12, 48, 22}}
	for _, u := range stale {
		last := "Chưa từng"
		if !u.LastDay.IsZero() {
			last = u.LastDay.Format("02/01/2006")
		}
		st.Rows = append(st.Rows, []any{u.Code, u.Name, last})
	}
	overdue := export.Table{Name: "Khắc phục quá hạn", Title: title, Header: []string{"Đơn vị thực hiện", "Biện pháp", "Hạn", "Số ngày quá hạn"}, Widths: []float64{36, 48, 14, 16}}
	for _, a := range c.Overdue {
		overdue.Rows = append(overdue.Rows, []any{a.UnitName, a.Title, a.DueOn.Format("02/01/2006"), a.DaysLate})
	}
	return []export.Table{summary, trend, items, units, st, overdue}
}

func (s *Server) inspectionDashboardExport(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.URL.Query())
	format := exportFormat(f, idFormatParam)
	cf, _, err := s.idFilter(r, f)
	if err != nil {
		return err
	}
	if f.Failed() {
		return &congvu.Error{Code: congvu.EINVALID, Message: "Đơn vị, khoảng thời gian, loại, kỳ hoặc định dạng tải về không hợp lệ.", Fields: f.Errors}
	}
	c, err := s.Services.Compliance.Compliance(r.Context(), cf)
	if err != nil {
		return err
	}
	stale, err := s.Services.Compliance.AllStale(r.Context(), cf)
	if err != nil {
		return err
	}
	file := fmt.Sprintf("ket-qua-kiem-tra-%s-%s-%s.%s", fileSlug(c.Title), c.From.In(congvu.TimeZone).Format("20060102"),
		c.To.AddDate(0, 0, -1).In(congvu.TimeZone).Format("20060102"), format)
	return writeTables(w, format, file, complianceTables(c, stale))
}
