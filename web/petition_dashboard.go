package web

import (
	"congvu"
	"congvu/chart"
	"congvu/export"
	"congvu/org"
	"congvu/petition"
	"congvu/vntext"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ---- Petition dashboard ----

// CountView is one row of a dashboard breakdown.
type CountView struct {
	petition.CountRow
	Share string // of the whole, "37,5%"
	Href  string // the petition list filtered to this row ("" for none)
	// Dash is the dashboard of a child unit ("" for other rows).
	Dash string
}

// StageView is one row of the stage timing table.
type StageView struct {
	petition.StageTiming
	Rate   string // on time among completed, "—" when none completed
	Median string // "36 giờ", "2,5 ngày", "—"
}

// FoundedView is one row of the most-founded tables.
type FoundedView struct {
	petition.FoundedRow
	Place int // 0 when below the minimum sample
	Href  string
}

// PetitionDashboardPage is the petition dashboard of a unit subtree.
type PetitionDashboardPage struct {
	Base
	Subnav  []NavItem
	Form    *Form
	S       *petition.Stats
	Unit    *org.Unit
	LastDay time.Time // the last day of the range (S.To is exclusive)
	Empty   bool

	CategorySVG, StatusSVG, UnitSVG, ItemSVG template.HTML
	Categories, Statuses, Units, Items       []CountView

	Stages            []StageView
	Completed, OnTime int
	OnTimeRate        string // "—" when no stage was completed
	TopOfficials      []FoundedView
	TopUnits          []FoundedView
	MinSample         int
	TotalHref         string
	OverdueHref       string
	ExportXLSX        string
	ExportCSV         string
	DefaultHref       string
	RulesHref         string
}

// MinSampleRule is the sentence that explains who is ranked.
func (p *PetitionDashboardPage) MinSampleRule() string {
	return fmt.Sprintf("Chỉ xếp khi có ít nhất %d phản ánh đã kết luận trong kỳ", p.MinSample)
}

// pdFilter reads the dashboard filter of r: the unit (default: the root of
// the actor's scope) and the period (default: the last twelve months, up
// to today). What cannot be read is reported on f and left to its default.
func (s *Server) pdFilter(r *http.Request, f *Form) (petition.StatsFilter, *org.Unit, error) {
	var sf petition.StatsFilter
	unit, err := s.dashboardUnit(r, f, pdUnitParam, congvu.ActPetitionView,
		"Tài khoản của bạn chưa được giao phạm vi theo dõi phản ánh, kiến nghị. Xin liên hệ người quản trị.")
	if err != nil {
		return sf, nil, err
	}
	sf.UnitID = unit.ID
	now := time.Now().In(congvu.TimeZone)
	tomorrow := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, congvu.TimeZone)
	sf.To = tomorrow
	sf.From = tomorrow.AddDate(0, -pdMonths, 0)
	from, to := dashboardDays(f, pdFromParam, pdToParam)
	switch {
	case !from.IsZero() && !to.IsZero():
		sf.From, sf.To = from, to
	case !from.IsZero():
		sf.From = from
		if !sf.To.After(from) {
			sf.To = from.AddDate(0, pdMonths, 0)
		}
	case !to.IsZero():
		sf.To, sf.From = to, to.AddDate(0, -pdMonths, 0)
	}
	return sf, unit, nil
}

// pdFields maps the service's field names to the form's.
var pdFields = map[string]string{"from": pdFromParam, "to": pdToParam, "unit_id": pdUnitParam, "unit": pdUnitParam}

// loadPetitionStats reads the figures; a filter the service refuses is
// reported on the form and the default period used instead.
func (s *Server) loadPetitionStats(r *http.Request, f *Form, sf petition.StatsFilter) (*petition.Stats, error) {
	svc := s.Services.Petitions
	st, err := svc.Stats(r.Context(), sf)
	if congvu.ErrorCode(err) == congvu.EINVALID {
		reportRefusedFilter(f, err, pdFields)
		now := time.Now().In(congvu.TimeZone)
		sf.To = time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, congvu.TimeZone)
		sf.From = sf.To.AddDate(0, -pdMonths, 0)
		st, err = svc.Stats(r.Context(), sf)
	}
	return st, err
}

// pdQuery is the query string of a dashboard of unit code over st's range.
func pdQuery(code string, st *petition.Stats) url.Values {
	q := url.Values{}
	q.Set(pdUnitParam, code)
	q.Set(pdFromParam, st.From.In(congvu.TimeZone).Format("02/01/2006"))
	q.Set(pdToParam, st.To.AddDate(0, 0, -1).In(congvu.TimeZone).Format("02/01/2006"))
	return q
}

// listHref is the staff petition list filtered to unitID, st's range and
// the given parameters (name, value pairs).
func listHref(unitID int64, st *petition.Stats, kv ...string) string {
	q := url.Values{}
	q.Set(plUnitParam, strconv.FormatInt(unitID, 10))
	q.Set(plFromParam, st.From.In(congvu.TimeZone).Format("02/01/2006"))
	q.Set(plToParam, st.To.AddDate(0, 0, -1).In(congvu.TimeZone).Format("02/01/2006"))
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	return "/petitions?" + q.Encode()
}

// share formats part of whole as a percentage, "—" when whole is 0.
func share(part, whole int) string {
	if whole <= 0 {
		return "—"
	}
	return chart.Percent(100 * float64(part) / float64(whole))
}

// formatHours says a duration in hours the Vietnamese way: whole hours
// under two days ("36 giờ"), days with one decimal after ("2,5 ngày").
func formatHours(h float64) string {
	switch {
	case h < 0 || math.IsNaN(h):
		return "—"
	case h < 1:
		return "dưới 1 giờ"
	case h < 48:
		return vntext.Number(int(math.Round(h))) + " giờ"
	}
	tenths := int(math.Round(h / 24 * 10))
	s := vntext.Number(tenths / 10)
	if tenths%10 != 0 {
		s += "," + strconv.Itoa(tenths%10)
	}
	return s + " ngày"
}

// countViews adds shares of whole and list links to rows.
func countViews(rows []petition.CountRow, whole int, href func(petition.CountRow) string) []CountView {
	out := make([]CountView, 0, len(rows))
	for _, r := range rows {
		v := CountView{CountRow: r, Share: share(r.Count, whole)}
		if href != nil {
			v.Href = href(r)
		}
		out = append(out, v)
	}
	return out
}

// countChart draws a breakdown as bars of each row's share of whole, the
// count beside it.
func countChart(id, title, what string, rows []CountView, whole int) template.HTML {
	if len(rows) == 0 {
		return ""
	}
	var bars []chart.Bar
	var parts []string
	for _, r := range rows {
		v := 0.0
		if whole > 0 {
			v = 100 * float64(r.Count) / float64(whole)
		}
		bars = append(bars, chart.Bar{Label: r.Label, Value: v, Note: chart.Number(r.Count) + " " + what})
		parts = append(parts, fmt.Sprintf("%s: %s (%s)", r.Label, chart.Number(r.Count), r.Share))
	}
	desc := "Tỷ lệ trong tổng số " + chart.Number(whole) + " " + what + ": " + strings.Join(parts, "; ") + ". Số liệu chi tiết ở bảng ngay sau biểu đồ."
	return template.HTML(chart.Bars(id, title, desc, bars, 0))
}

func (s *Server) petitionDashboard(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.URL.Query())
	sf, unit, err := s.pdFilter(r, f)
	if err != nil {
		return err
	}
	st, err := s.loadPetitionStats(r, f, sf)
	if err != nil {
		return err
	}
	a := congvu.ActorFromContext(r.Context())
	p := &PetitionDashboardPage{Base: Base{Title: "Thống kê phản ánh, kiến nghị — " + unit.Name}, Form: f, S: st, Unit: unit,
		Subnav: s.petitionSubnav(a, "/petitions/dashboard"), LastDay: st.To.AddDate(0, 0, -1), Empty: st.Total == 0,
		MinSample: st.MinSample, DefaultHref: r.URL.Path}
	if p.MinSample <= 0 {
		p.MinSample = petition.MinSample
	}
	if st.Title != "" {
		p.Title = "Thống kê phản ánh, kiến nghị — " + st.Title
	}
	q := pdQuery(unit.Code, st)
	showFilter(f, q)
	p.ExportXLSX = "/petitions/dashboard/export?format=xlsx&" + q.Encode()
	p.ExportCSV = "/petitions/dashboard/export?format=csv&" + q.Encode()
	unit, p.Crumbs = s.dashboardCrumbs(r, unit, Link{"Thống kê phản ánh", "/petitions/dashboard"},
		func(path string) bool { return a.Can(congvu.ActPetitionView, path) },
		func(code string) string { return "/petitions/dashboard?" + pdQuery(code, st).Encode() })
	p.Unit = unit
	hasList := s.hasRoute("GET", "/petitions")
	link := func(kv ...string) string {
		if !hasList {
			return ""
		}
		return listHref(unit.ID, st, kv...)
	}
	p.TotalHref, p.OverdueHref = link(), link(plOverdueParam, "1")

	// Breakdowns, charts beside tables.
	p.Categories = countViews(st.ByCategory, st.Total, func(c petition.CountRow) string { return link(plCategoryParam, c.Key) })
	p.Statuses = countViews(st.ByStatus, st.Total, func(c petition.CountRow) string { return link(plStatusParam, c.Key) })
	p.Units = countViews(st.ByUnit, st.Total, func(c petition.CountRow) string {
		// The unit's own row ("trực tiếp") has no list of its own: the
		// list's unit filter takes the whole subtree.
		if !hasList || c.Key == strconv.FormatInt(unit.ID, 10) {
			return ""
		}
		return listHref(0, st, plUnitParam, c.Key)
	})
	if len(p.Units) > 0 {
		children, _, err := s.Services.Units.FindUnits(r.Context(), org.UnitFilter{ParentID: unit.ID, IncludeClosed: true, Limit: congvu.MaxPageSize})
		if err != nil {
			return err
		}
		codes := map[string]string{}
		for _, c := range children {
			codes[strconv.FormatInt(c.ID, 10)] = c.Code
		}
		for i := range p.Units {
			if code, ok := codes[p.Units[i].Key]; ok {
				p.Units[i].Dash = "/petitions/dashboard?" + pdQuery(code, st).Encode()
			}
		}
	}
	items := 0
	for _, it := range st.ByItem {
		items += it.Count
	}
	p.Items = countViews(st.ByItem, items, nil)
	subject := unit.Name
	if st.Title != "" {
		subject = st.Title
	}
	p.CategorySVG = countChart("bieu-do-loai", "Phản ánh theo loại hành vi — "+subject, "phản ánh", p.Categories, st.Total)
	p.StatusSVG = countChart("bieu-do-trang-thai", "Phản ánh theo tình trạng xử lý — "+subject, "phản ánh", p.Statuses, st.Total)
	p.UnitSVG = countChart("bieu-do-don-vi", "Phản ánh theo đơn vị trực thuộc — "+subject, "phản ánh", p.Units, st.Total)
	p.ItemSVG = countChart("bieu-do-chuan-muc", "Chuẩn mực bị vi phạm theo kết luận — "+subject, "lượt vi phạm", p.Items, items)

	// Stage times.
	p.Stages, p.Completed, p.OnTime = stageViews(st.Stages)
	p.OnTimeRate = "—"
	if p.Completed > 0 {
		p.OnTimeRate = chart.Percent(st.OnTimeRate)
	}

	// Most founded.
	p.TopOfficials = foundedViews(st.TopOfficial, p.MinSample, func(fr petition.FoundedRow) string {
		if !hasList {
			return ""
		}
		return listHref(unit.ID, st, plOfficialParam, strconv.FormatInt(fr.ID, 10))
	})
	p.TopUnits = foundedViews(st.TopUnits, p.MinSample, func(fr petition.FoundedRow) string {
		if !hasList {
			return ""
		}
		return listHref(0, st, plUnitParam, strconv.FormatInt(fr.ID, 10))
	})
	if s.hasRoute("GET", "/petitions/rules") {
		p.RulesHref = "/petitions/rules"
	}
	status := http.StatusOK
	if f.Failed() {
		status = http.StatusBadRequest
	}
	return s.Render(w, r, status, "petition_dashboard.html", p)
}

// RateText is the founded rate, "66,7%".
func (v FoundedView) RateText() string { return chart.Percent(v.Rate) }

// stageViews formats the stage timings, and counts the completed stages
// and those done on time.
func stageViews(stages []petition.StageTiming) (out []StageView, completed, onTime int) {
	for _, t := range stages {
		v := StageView{StageTiming: t, Rate: share(t.OnTime, t.Completed), Median: "—"}
		if t.Completed > 0 {
			v.Median = formatHours(t.MedianHours)
		}
		completed += t.Completed
		onTime += t.OnTime
		out = append(out, v)
	}
	return out, completed, onTime
}

func foundedViews(rows []petition.FoundedRow, minSample int, href func(petition.FoundedRow) string) []FoundedView {
	out := make([]FoundedView, 0, len(rows))
	place := 0
	for _, r := range rows {
		v := FoundedView{FoundedRow: r, Href: href(r)}
		if r.Concluded >= minSample {
			place++
			v.Place = place
		}
		out = append(out, v)
	}
	return out
}

// petitionStatsTables are the tables of the petition dashboard: the
// summary and one table per breakdown.
func petitionStatsTables(st *petition.Stats, unitName string) []export.Table {
	title := "Phản ánh, kiến nghị — " + unitName
	minSample := st.MinSample
	if minSample <= 0 {
		minSample = petition.MinSample
	}
	completed, onTime := 0, 0
	for _, t := range st.Stages {
		completed += t.Completed
		onTime += t.OnTime
	}
	var rate any = ""
	if completed > 0 {
		rate = export.Percent(st.OnTimeRate)
	}
	summary := export.Table{Name: "Tổng hợp", Title: title, Header: []string{"Chỉ tiêu", "Giá trị"}, Widths: []float64{46, 30},
		Rows: [][]any{
			{"Đơn vị", unitName},
			{"Từ ngày", st.From.In(congvu.TimeZone).Format("02/01/2006")},
			{"Đến ngày", st.To.AddDate(0, 0, -1).In(congvu.TimeZone).Format("02/01/2006")},
			{"Tổng số phản ánh", st.Total},
			{"Đang xử lý", st.Open},
			{"Quá hạn", st.Overdue},
			{"Số bước xử lý đã hoàn thành", completed},
			{"Số bước hoàn thành đúng hạn", onTime},
			{"Tỷ lệ đúng hạn", rate},
			{"Số phản ánh đã kết luận tối thiểu để xếp", minSample},
		}}
	breakdown := func(name, what string, rows []petition.CountRow, whole int) export.Table {
		t := export.Table{Name: name, Title: title, Header: []string{what, "Số phản ánh", "Tỷ lệ"}, Widths: []float64{48, 16, 12}}
		for _, r := range rows {
			var pct any = ""
			if whole > 0 {
				pct = export.Percent(100 * float64(r.Count) / float64(whole))
			}
			t.Rows = append(t.Rows, []any{r.Label, r.Count, pct})
		}
		return t
	}
	items := export.Table{Name: "Theo chuẩn mực", Title: title, Header: []string{"Mã", "Chuẩn mực bị vi phạm", "Số lượt vi phạm theo kết luận"}, Widths: []float64{12, 48, 18}}
	for _, r := range st.ByItem {
		items.Rows = append(items.Rows, []any{r.Key, r.Label, r.Count})
	}
	stages := export.Table{Name: "Thời gian xử lý", Title: title, Header: []string{"Bước xử lý", "Đã hoàn thành", "Đúng hạn", "Tỷ lệ đúng hạn", "Thời gian trung vị (giờ)"},
		Widths: []float64{36, 16, 12, 16, 20}}
	for _, t := range st.Stages {
		var pct, median any = "", ""
		if t.Completed > 0 {
			pct = export.Percent(100 * float64(t.OnTime) / float64(t.Completed))
			median = math.Round(t.MedianHours*10) / 10
		}
		stages.Rows = append(stages.Rows, []any{t.Stage.Label(), t.Completed, t.OnTime, pct, median})
	}
	founded := func(name, who string, rows []petition.FoundedRow, withUnit bool) export.Table {
		head := []string{"Thứ hạng", who}
		widths := []float64{22, 36}
		if withUnit {
			head, widths = append(head, "Đơn vị"), append(widths, 36)
		}
		head = append(head, "Đã kết luận", "Đúng, đúng một phần", "Tỷ lệ")
		widths = append(widths, 14, 18, 12)
		t := export.Table{Name: name, Title: title, Header: head, Widths: widths}
		for _, v := range foundedViews(rows, minSample, func(petition.FoundedRow) string { return "" }) {
			var place any = fmt.Sprintf("Chưa đủ mẫu (dưới %d phản ánh đã kết luận)", minSample)
			if v.Place > 0 {
				place = v.Place
			}
			row := []any{place, v.Name}
			if withUnit {
				row = append(row, v.UnitName)
			}
			t.Rows = append(t.Rows, append(row, v.Concluded, v.Founded, export.Percent(v.Rate)))
		}
		return t
	}
	return []export.Table{summary,
		breakdown("Theo loại", "Loại hành vi", st.ByCategory, st.Total),
		breakdown("Theo tình trạng", "Tình trạng xử lý", st.ByStatus, st.Total),
		breakdown("Theo đơn vị trực thuộc", "Đơn vị", st.ByUnit, st.Total),
		items, stages,
		founded("Cán bộ có phản ánh đúng", "Cán bộ", st.TopOfficial, true),
		founded("Đơn vị có phản ánh đúng", "Đơn vị", st.TopUnits, false),
	}
}

func (s *Server) petitionDashboardExport(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.URL.Query())
	format := exportFormat(f, pdFormatParam)
	sf, unit, err := s.pdFilter(r, f)
	if err != nil {
		return err
	}
	if f.Failed() {
		return &congvu.Error{Code: congvu.EINVALID, Message: "Đơn vị, khoảng thời gian hoặc định dạng tải về không hợp lệ.", Fields: f.Errors}
	}
	svc := s.Services.Petitions
	st, err := svc.Stats(r.Context(), sf)
	if err != nil {
		return err
	}
	name := unit.Name
	if st.Title != "" {
		name = st.Title
	}
	file := fmt.Sprintf("phan-anh-%s-%s-%s.%s", fileSlug(name), st.From.In(congvu.TimeZone).Format("20060102"),
		st.To.AddDate(0, 0, -1).In(congvu.TimeZone).Format("20060102"), format)
	return writeTables(w, format, file, petitionStatsTables(st, name))
}
