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
	"congvu/org"
	"congvu/vntext"
)

// Query parameters of the dashboard pages.
const (
	dashFromParam   = "tu"  // first day, dd/mm/yyyy
	dashToParam     = "den" // last day (inclusive), dd/mm/yyyy
	dashPeriodParam = "ky"  // week, month or quarter
	dashQueryParam  = "q"   // comment search
	// dashCommentsShown is the page size of the comment feed.
	dashCommentsShown = 10
	// dashWarnBelow draws compliance under this percentage in the warning
	// colour.
	dashWarnBelow = 80
)

// dashboardRoutes are the satisfaction dashboards (see routeTable).
func (s *Server) dashboardRoutes() []Route {
	view := Need(congvu.ActUnitView)
	return []Route{
		{Method: "GET", Pattern: "/dashboards", Access: SignedIn, Handler: s.dashboardsHome},
		{Method: "GET", Pattern: "/dashboards/units/{id}", Access: view, Handler: s.unitDashboard},
		{Method: "GET", Pattern: "/dashboards/units/{id}/export.xlsx", Access: view, Handler: s.unitDashboardExport("xlsx")},
		{Method: "GET", Pattern: "/dashboards/units/{id}/export.csv", Access: view, Handler: s.unitDashboardExport("csv")},
		// An official opens their own dashboard; viewers of the official's
		// unit open theirs. The service decides.
		{Method: "GET", Pattern: "/dashboards/officials/{id}", Access: SignedIn, Handler: s.officialDashboard},
		{Method: "GET", Pattern: "/dashboards/officials/{id}/export.xlsx", Access: SignedIn, Handler: s.officialDashboardExport("xlsx")},
		{Method: "GET", Pattern: "/dashboards/officials/{id}/export.csv", Access: SignedIn, Handler: s.officialDashboardExport("csv")},
	}
}

// dashboardsHome sends the actor to their dashboard: the root of their
// view scope, or their own as an official.
func (s *Server) dashboardsHome(w http.ResponseWriter, r *http.Request) error {
	a := congvu.ActorFromContext(r.Context())
	q := ""
	if r.URL.RawQuery != "" {
		q = "?" + r.URL.RawQuery
	}
	if roots := scopeRootIDs(a, congvu.ActUnitView); len(roots) > 0 {
		http.Redirect(w, r, "/dashboards/units/"+strconv.FormatInt(roots[0], 10)+q, http.StatusSeeOther)
		return nil
	}
	if a.OfficialID != 0 {
		http.Redirect(w, r, "/dashboards/officials/"+strconv.FormatInt(a.OfficialID, 10)+q, http.StatusSeeOther)
		return nil
	}
	return congvu.Errorf(congvu.ENOTFOUND, "Tài khoản của bạn chưa được giao phạm vi theo dõi mức độ hài lòng. Xin liên hệ người quản trị.")
}

// RankView is a row of a ranking table.
type RankView struct {
	feedback.RankRow
	Place int    // 1-based rank, 0 when not ranked
	Href  string // its own dashboard
}

// DashboardPage is a unit's or an official's satisfaction dashboard.
type DashboardPage struct {
	Base
	D        *feedback.Dashboard
	Unit     *org.Unit     // a unit dashboard
	Official *org.Official // an official's dashboard
	Own      bool          // the actor's own dashboard
	Form     *Form
	Periods  []Option
	LastDay  time.Time // the last day of the range (D.To is exclusive)
	Empty    bool      // no rating at all in the range
	// TodayLater: the actor does not review the ratings shown, so those of
	// today appear from tomorrow on (feedback.VisibleUntil).
	TodayLater bool
	// TodayOnly: the range asked was today alone, which the actor sees
	// counted from tomorrow.
	TodayOnly bool

	TrendSVG, ItemsSVG, LevelsSVG template.HTML

	Children  []RankView
	Officials []RankView

	Comments     []*feedback.Feedback
	CommentTotal int  // counted, at most congvu.MaxCommentCount+1
	CommentMore  bool // more than congvu.MaxCommentCount
	CommentPager Pager
	Query        string

	ExportXLSX, ExportCSV string
	// BadgesHref and SourcesHref lead to the badge sheet and the unit's QR
	// codes and kiosks, for those who manage them (empty otherwise).
	BadgesHref, SourcesHref string
	// Slips counts the apology slips the unit and its subtree issued in
	// the range, listed at SlipsHref.
	Slips     int
	SlipsHref string
	// Filter is the query string of the current filter (no search, no
	// page), for links to other dashboards.
	Filter string
	// Predecessors are the units a unit's dashboard took over in a
	// restructuring during the range ("Trước sắp xếp"), with their figures
	// before that date.
	Predecessors []PredecessorView
}

// PredecessorView is a row of "Trước sắp xếp".
type PredecessorView struct {
	feedback.PredecessorRow
	LastDay time.Time // the last day counted (To is exclusive)
	Href    string    // its dashboard over that part of the range
}

// Pct formats a percentage the Vietnamese way ("87,5%").
func (p *DashboardPage) Pct(v float64) string { return chart.Percent(v) }

// Share formats part of whole as a percentage, "—" when whole is 0.
func (p *DashboardPage) Share(part, whole int) string {
	if whole <= 0 {
		return "—"
	}
	return chart.Percent(100 * float64(part) / float64(whole))
}

// RankNote is what an unranked row shows.
func (p *DashboardPage) RankNote() string { return export.RankNote(p.D.MinSample) }

// PeriodNoun is "tuần", "tháng" or "quý".
func (p *DashboardPage) PeriodNoun() string { return p.D.Period.Noun() }

// CommentMax is how many comments a feed's pages reach.
func (p *DashboardPage) CommentMax() int { return feedback.MaxCommentCount }

// CommentShown says which comments the page shows, of how many.
func (p *DashboardPage) CommentShown() string {
	pg := p.CommentPager
	if pg.From == 0 {
		return ""
	}
	total := chart.Number(min(p.CommentTotal, feedback.MaxCommentCount))
	if p.CommentMore {
		total = "hơn " + total
	}
	return fmt.Sprintf("Ý kiến %s–%s trong %s", chart.Number(pg.From), chart.Number(pg.To), total)
}

// dashFilter reads the filter form of a dashboard page: f gets field
// errors for what cannot be read, which is then left to its default.
func dashFilter(r *http.Request, f *Form) feedback.DashboardFilter {
	var df feedback.DashboardFilter
	if v := f.Get(dashFromParam); v != "" {
		if t, ok := ParseDate(v); ok {
			df.From = t
		} else {
			f.AddError(dashFromParam, "Ngày bắt đầu phải có dạng ngày/tháng/năm, ví dụ 01/07/2026.")
		}
	}
	if v := f.Get(dashToParam); v != "" {
		if t, ok := ParseDate(v); ok {
			df.To = t.AddDate(0, 0, 1) // the form's last day is inclusive
		} else {
			f.AddError(dashToParam, "Ngày kết thúc phải có dạng ngày/tháng/năm, ví dụ 30/09/2026.")
		}
	}
	if v := f.Get(dashPeriodParam); v != "" {
		df.Period = feedback.Period(v)
		if !df.Period.Valid() {
			f.AddError(dashPeriodParam, "Xin chọn kỳ thống kê: tuần, tháng hoặc quý.")
			df.Period = ""
		}
	}
	return df
}

// dashFields maps the service's field names to the form's.
var dashFields = map[string]string{"from": dashFromParam, "to": dashToParam, "period": dashPeriodParam}

// loadDashboard reads the dashboard for the filter of r. A filter the
// service refuses is reported on the form and replaced by the defaults.
func (s *Server) loadDashboard(r *http.Request, f *Form, df feedback.DashboardFilter) (*feedback.Dashboard, error) {
	svc := s.Services.Dashboards
	d, err := svc.Dashboard(r.Context(), df)
	if congvu.ErrorCode(err) == congvu.EINVALID && len(congvu.ErrorFields(err)) > 0 {
		for k, msg := range congvu.ErrorFields(err) {
			if name, ok := dashFields[k]; ok {
				f.AddError(name, msg)
			} else {
				f.Message = msg
			}
		}
		df.From, df.To, df.Period = time.Time{}, time.Time{}, ""
		d, err = svc.Dashboard(r.Context(), df)
	}
	return d, err
}

// filterQuery is the query string of d's range and period.
func filterQuery(d *feedback.Dashboard) url.Values {
	q := url.Values{}
	q.Set(dashFromParam, d.From.In(congvu.TimeZone).Format("02/01/2006"))
	q.Set(dashToParam, d.LastDay().In(congvu.TimeZone).Format("02/01/2006"))
	q.Set(dashPeriodParam, string(d.Period))
	return q
}

func (s *Server) unitDashboard(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := NewForm(r.URL.Query())
	df := dashFilter(r, f)
	df.UnitID = id
	d, err := s.loadDashboard(r, f, df)
	if err != nil {
		return err
	}
	us := s.Services.Units
	u, err := us.FindUnitByID(r.Context(), id)
	if err != nil {
		return err
	}
	a := congvu.ActorFromContext(r.Context())
	p := &DashboardPage{Base: Base{Title: "Mức độ hài lòng — " + u.Name}, D: d, Unit: u, Form: f}
	preds, err := s.Services.Dashboards.Predecessors(r.Context(), feedback.DashboardFilter{UnitID: id, From: d.From, To: d.To})
	if err != nil {
		return err
	}
	for _, pr := range preds {
		v := PredecessorView{PredecessorRow: pr, LastDay: pr.To.AddDate(0, 0, -1)}
		if v.LastDay.Before(pr.From) {
			v.LastDay = pr.From
		}
		q := url.Values{}
		q.Set(dashFromParam, pr.From.In(congvu.TimeZone).Format("02/01/2006"))
		q.Set(dashToParam, v.LastDay.In(congvu.TimeZone).Format("02/01/2006"))
		q.Set(dashPeriodParam, string(d.Period))
		v.Href = "/dashboards/units/" + strconv.FormatInt(pr.UnitID, 10) + "?" + q.Encode()
		p.Predecessors = append(p.Predecessors, v)
	}
	p.Crumbs = []Link{{"Hài lòng", "/dashboards"}}
	for _, anc := range u.Ancestors {
		if a.Can(congvu.ActUnitView, anc.Path) {
			p.Crumbs = append(p.Crumbs, Link{anc.Name, "/dashboards/units/" + strconv.FormatInt(anc.ID, 10) + "?" + filterQuery(d).Encode()})
		}
	}
	if a.Can(congvu.ActOfficialManage, u.Path) {
		if s.hasRoute("GET", "/units/{id}/badges.pdf") {
			p.BadgesHref = "/units/" + strconv.FormatInt(u.ID, 10) + "/badges.pdf"
		}
		if s.hasRoute("GET", "/units/{id}/kiosks") {
			p.SourcesHref = "/units/" + strconv.FormatInt(u.ID, 10) + "/kiosks"
		}
	}
	if a.Can(congvu.ActOfficialView, u.Path) || a.Can(congvu.ActOfficialManage, u.Path) {
		_, n, err := s.Services.Feedback.FindApologySlips(r.Context(), feedback.SlipFilter{UnitID: u.ID, From: d.From, To: d.LastDay().AddDate(0, 0, 1), Limit: -1})
		if err != nil {
			return err
		}
		p.Slips, p.SlipsHref = n, "/units/"+strconv.FormatInt(u.ID, 10)+"/apology-slips"
	}
	return s.renderDashboard(w, r, p, feedback.Filter{UnitID: id})
}

func (s *Server) officialDashboard(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := NewForm(r.URL.Query())
	df := dashFilter(r, f)
	df.OfficialID = id
	d, err := s.loadDashboard(r, f, df)
	if err != nil {
		return err
	}
	offs := s.Services.Officials
	o, err := offs.FindOfficialByID(r.Context(), id)
	if err != nil {
		return err
	}
	a := congvu.ActorFromContext(r.Context())
	p := &DashboardPage{Base: Base{Title: "Mức độ hài lòng — " + o.FullName}, D: d, Official: o, Form: f, Own: a.OfficialID == o.ID}
	if p.Own {
		p.Title = "Mức độ hài lòng của người dân với tôi"
	}
	p.Crumbs = []Link{{"Hài lòng", "/dashboards"}}
	if a.Can(congvu.ActUnitView, o.UnitPath) {
		p.Crumbs = append(p.Crumbs, Link{o.UnitName, "/dashboards/units/" + strconv.FormatInt(o.UnitID, 10) + "?" + filterQuery(d).Encode()})
	}
	return s.renderDashboard(w, r, p, feedback.Filter{OfficialID: id})
}

// renderDashboard fills the charts, rankings and comment feed of p and
// renders it.
func (s *Server) renderDashboard(w http.ResponseWriter, r *http.Request, p *DashboardPage, cf feedback.Filter) error {
	d := p.D
	p.LastDay = d.LastDay()
	p.TodayLater = d.Delayed
	p.TodayOnly = d.TodayHeld && !d.To.After(d.From)
	p.Empty = d.Tally.Received() == 0
	for _, per := range feedback.Periods {
		p.Periods = append(p.Periods, Option{string(per), per.Label()})
	}
	fq := filterQuery(d)
	p.Filter = fq.Encode()
	// The form shows the range in force (the defaults when none was typed,
	// what was typed when it was wrong).
	for k, v := range fq {
		if p.Form.Values.Get(k) == "" || p.Form.Error(k) == "" {
			p.Form.Values[k] = v
		}
	}
	self := r.URL.Path
	p.ExportXLSX = self + "/export.xlsx?" + p.Filter
	p.ExportCSV = self + "/export.csv?" + p.Filter

	// Charts.
	subject := d.Title
	var pts []chart.TrendPoint
	for _, t := range d.Trend {
		pts = append(pts, chart.TrendPoint{Label: t.Label, Volume: t.Tally.Total, Index: t.Index})
	}
	p.TrendSVG = template.HTML(chart.Trend("bieu-do-xu-huong", "Xu hướng theo "+d.Period.Noun()+": chỉ số hài lòng và số lượt đánh giá — "+subject,
		trendDesc(d), pts))
	var bars []chart.Bar
	for _, it := range d.Items {
		bars = append(bars, chart.Bar{Label: it.Title, Value: it.Rate, Note: chart.Number(it.Yes) + "/" + chart.Number(it.Asked), Empty: it.Asked == 0})
	}
	p.ItemsSVG = template.HTML(chart.Bars("bieu-do-hanh-vi", "Tỷ lệ thực hiện “4 xin, 4 luôn” — "+subject, itemsDesc(d), bars, dashWarnBelow))
	p.LevelsSVG = template.HTML(chart.Stacked("bieu-do-muc-do", "Cơ cấu mức độ hài lòng — "+subject, levelsDesc(d), []chart.Part{
		{Label: feedback.VerySatisfied.Label(), Count: d.Tally.VerySatisfied},
		{Label: feedback.Satisfied.Label(), Count: d.Tally.Satisfied},
		{Label: feedback.Dissatisfied.Label(), Count: d.Tally.Dissatisfied},
	}))

	// Rankings.
	p.Children = rankViews(d.Children, func(r feedback.RankRow) string {
		return "/dashboards/units/" + strconv.FormatInt(r.UnitID, 10) + "?" + p.Filter
	})
	p.Officials = rankViews(d.Officials, func(r feedback.RankRow) string {
		return "/dashboards/officials/" + strconv.FormatInt(r.OfficialID, 10) + "?" + p.Filter
	})

	// Comments of the range, newest first.
	svc := s.Services.Dashboards
	p.Query = p.Form.Get(dashQueryParam)
	cf.Query, cf.From, cf.To = p.Query, d.From, d.To
	cf.Limit, cf.Offset = dashCommentsShown, PageOffset(r, dashCommentsShown)
	var err error
	p.Comments, p.CommentTotal, err = svc.Comments(r.Context(), cf)
	if err != nil {
		return err
	}
	p.CommentMore = p.CommentTotal > feedback.MaxCommentCount
	p.CommentPager = NewPager(r, min(p.CommentTotal, feedback.MaxCommentCount), dashCommentsShown)

	status := http.StatusOK
	if p.Form.Failed() {
		status = http.StatusBadRequest
	}
	return s.Render(w, r, status, "dashboard.html", p)
}

func rankViews(rows []feedback.RankRow, href func(feedback.RankRow) string) []RankView {
	out := make([]RankView, 0, len(rows))
	place := 0
	for _, r := range rows {
		v := RankView{RankRow: r, Href: href(r)}
		if r.Ranked {
			place++
			v.Place = place
		}
		out = append(out, v)
	}
	return out
}

// trendDesc says in words what the trend chart shows.
func trendDesc(d *feedback.Dashboard) string {
	var first, last *feedback.TrendPoint
	for i := range d.Trend {
		if d.Trend[i].Tally.Total > 0 {
			if first == nil {
				first = &d.Trend[i]
			}
			last = &d.Trend[i]
		}
	}
	if first == nil {
		return "Chưa có đánh giá nào trong khoảng thời gian này."
	}
	s := fmt.Sprintf("Cột: số lượt đánh giá được tính mỗi %s; đường: chỉ số hài lòng. %d kỳ, từ %s đến %s. ",
		d.Period.Noun(), len(d.Trend), d.Trend[0].Label, d.Trend[len(d.Trend)-1].Label)
	if first != last {
		s += fmt.Sprintf("Chỉ số %s kỳ %s, %s kỳ %s. ", chart.Percent(first.Index), first.Label, chart.Percent(last.Index), last.Label)
	} else {
		s += fmt.Sprintf("Chỉ có số liệu kỳ %s: %s. ", first.Label, chart.Percent(first.Index))
	}
	return s + "Số liệu chi tiết ở bảng ngay sau biểu đồ."
}

// itemsDesc says in words what the behaviour chart shows.
func itemsDesc(d *feedback.Dashboard) string {
	var parts []string
	for _, it := range d.Items {
		if it.Asked > 0 {
			parts = append(parts, it.Title+" "+chart.Percent(it.Rate))
		} else {
			parts = append(parts, it.Title+" chưa có số liệu")
		}
	}
	return "Tỷ lệ người dân trả lời “Có” cho từng hành vi: " + strings.Join(parts, "; ") + "."
}

// levelsDesc says in words what the satisfaction bar shows.
func levelsDesc(d *feedback.Dashboard) string {
	t := d.Tally
	if t.Total == 0 {
		return "Chưa có đánh giá được tính."
	}
	pct := func(n int) string { return chart.Percent(100 * float64(n) / float64(t.Total)) }
	return fmt.Sprintf("Trong %s lượt được tính: rất hài lòng %s, hài lòng %s, không hài lòng %s.",
		chart.Number(t.Total), pct(t.VerySatisfied), pct(t.Satisfied), pct(t.Dissatisfied))
}

func (s *Server) unitDashboardExport(format string) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		return s.exportDashboard(w, r, format, feedback.DashboardFilter{UnitID: id})
	}
}

func (s *Server) officialDashboardExport(format string) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		return s.exportDashboard(w, r, format, feedback.DashboardFilter{OfficialID: id})
	}
}

// exportDashboard writes the tables of a dashboard as XLSX or CSV.
func (s *Server) exportDashboard(w http.ResponseWriter, r *http.Request, format string, base feedback.DashboardFilter) error {
	f := NewForm(r.URL.Query())
	df := dashFilter(r, f)
	if f.Failed() {
		return &congvu.Error{Code: congvu.EINVALID, Message: "Khoảng thời gian không hợp lệ.", Fields: f.Errors}
	}
	df.UnitID, df.OfficialID = base.UnitID, base.OfficialID
	svc := s.Services.Dashboards
	d, err := svc.Dashboard(r.Context(), df)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("hai-long-%s-%s-%s.%s", fileSlug(d.Title), d.From.In(congvu.TimeZone).Format("20060102"),
		d.LastDay().In(congvu.TimeZone).Format("20060102"), format)
	return writeTables(w, format, name, export.DashboardTables(d))
}

// fileSlug makes an ASCII file-name part of a Vietnamese title.
func fileSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range vntext.Fold(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}
