package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/chart"
	"congvu/evaluation"
	"congvu/org"
)

// The annual evaluation pages (đánh giá, xếp loại chất lượng): a unit's
// year with the quota of each task group (this file), one evaluation with
// the evidence beside the form and the steps of the cycle
// (evaluation_detail.go), the official's own (evaluation_mine.go), the
// tracking of task products (evaluation_products.go), the agencies' own
// classification and the dated rule sets (evaluation_units.go,
// evaluation_rules.go), and the documents (evaluation_docs.go). The
// service (evaluation.Service) checks every right and audits every
// reading; the pages only hide the forms an actor could not use.

// Query parameters of the evaluation pages (the unit code is UnitParam).
const (
	evalYearParam   = "nam"
	evalStatusParam = "trang-thai"
	evalLevelParam  = "xep-loai"
	evalGroupParam  = "nhom"
	// evalPageSize: a unit's year fits one page (a unit rarely has more).
	evalPageSize = congvu.MaxPageSize
	// evalQuotaMax bounds the quota panels of a page (unit × task group).
	evalQuotaMax = 12
)

func init() {
	FlashMessages["dg-mo-nam"] = "Đã mở đánh giá năm cho các cán bộ, công chức, viên chức của đơn vị. Bước tiếp theo: mỗi người tự đánh giá."
}

func (s *Server) evaluationRoutes() []Route {
	view, track := Need(congvu.ActEvaluationView), Need(congvu.ActEvaluationTrack)
	propose, decide := Need(congvu.ActEvaluationPropose), Need(congvu.ActEvaluationDecide)
	rs := []Route{
		{Method: "GET", Pattern: "/evaluations", Access: view, Handler: s.evaluations},
		{Method: "POST", Pattern: "/evaluations/open", Access: propose, Handler: s.openEvaluationYear},
		// The official reads their own evaluation; a colleague comments:
		// the service decides who reads and who writes.
		{Method: "GET", Pattern: "/evaluations/mine", Access: SignedIn, Handler: s.myEvaluation},
		{Method: "GET", Pattern: "/evaluations/{id}", Access: SignedIn, Handler: s.evaluation},
		{Method: "POST", Pattern: "/evaluations/{id}/self", Access: SignedIn, Handler: s.evaluationStep(evalSelf)},
		{Method: "POST", Pattern: "/evaluations/{id}/comment", Access: SignedIn, Handler: s.evaluationStep(evalComment)},
		{Method: "POST", Pattern: "/evaluations/{id}/propose", Access: propose, Handler: s.evaluationStep(evalPropose)},
		{Method: "POST", Pattern: "/evaluations/{id}/decide", Access: decide, Handler: s.evaluationStep(evalDecide)},
		{Method: "POST", Pattern: "/evaluations/{id}/notify", Access: decide, Handler: s.evaluationStep(evalNotify)},
		{Method: "POST", Pattern: "/evaluations/{id}/complaint", Access: SignedIn, Handler: s.evaluationStep(evalComplain)},
		{Method: "POST", Pattern: "/evaluations/{id}/settle", Access: decide, Handler: s.evaluationStep(evalSettle)},
		{Method: "GET", Pattern: "/evaluations/products", Access: track, Handler: s.evaluationProducts},
		{Method: "POST", Pattern: "/evaluations/products", Access: track, Handler: s.assignEvaluationProduct},
		{Method: "POST", Pattern: "/evaluations/products/{id}/confirm", Access: track, Handler: s.confirmEvaluationProduct},
		{Method: "POST", Pattern: "/evaluations/products/{id}/cancel", Access: track, Handler: s.cancelEvaluationProduct},
		{Method: "POST", Pattern: "/evaluations/products/{id}/report", Access: SignedIn, Handler: s.reportEvaluationProduct},
		{Method: "GET", Pattern: "/evaluations/units", Access: view, Handler: s.unitEvaluations},
		{Method: "POST", Pattern: "/evaluations/units", Access: decide, Handler: s.decideUnitEvaluation},
		{Method: "GET", Pattern: "/settings/evaluation-rules", Access: SignedIn, Handler: s.evaluationRules},
		{Method: "POST", Pattern: "/settings/evaluation-rules", Access: Need(congvu.ActEvaluationRules), Handler: s.addEvaluationRuleSet},
	}
	return append(rs, s.evaluationDocRoutes()...)
}

func evaluationHref(id int64) string { return "/evaluations/" + strconv.FormatInt(id, 10) }

// evalYear reads the year of a form field: the current year when empty; a
// year out of range is reported on f and the current year taken.
func evalYear(f *Form, param string) int {
	now := time.Now().In(congvu.TimeZone).Year()
	v := strings.TrimSpace(f.Get(param))
	if v == "" {
		return now
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 2000 || y > now+1 {
		f.AddError(param, fmt.Sprintf("Năm đánh giá phải là một năm từ 2000 đến %d.", now+1))
		return now
	}
	return y
}

// yearOptions are the years a picker offers, newest first.
func yearOptions() []Option {
	now := time.Now().In(congvu.TimeZone).Year()
	var out []Option
	for y := now + 1; y >= now-5; y-- {
		out = append(out, Option{strconv.Itoa(y), strconv.Itoa(y)})
	}
	return out
}

// levelOptions are the levels, best first, after a first empty choice.
func levelOptions(first string) []Option {
	out := []Option{{"", first}}
	for _, l := range evaluation.Levels {
		out = append(out, Option{string(l), l.Label()})
	}
	return out
}

func evalStatusOptions() []Option {
	out := []Option{{"", "Tất cả"}}
	for _, st := range evaluation.Statuses {
		out = append(out, Option{string(st), st.Label()})
	}
	return out
}

// EvaluationsPage is a unit's year: the evaluations of its subtree with
// their status and level, the quota of each unit and task group, the
// levels in a chart, and opening the year.
type EvaluationsPage struct {
	Base
	Form     *Form
	Unit     *org.Unit
	Year     int
	Years    []Option
	Statuses []Option
	Levels   []Option
	Children []*org.Unit
	Rows     []*evaluation.Evaluation
	Total    int
	Pager    Pager
	Filtered bool
	Quotas   []*evaluation.Quota
	// LevelCounts: decided levels (best first) and those not yet decided.
	LevelCounts []LevelCount
	Undecided   int
	ChartSVG    template.HTML
	// CanOpen: the actor may open the year of the unit; CanTrack: assign
	// products.
	CanOpen, CanTrack bool
	Open              *Form
	Docs              []DocLink
}

// LevelCount is how many of the year hold a level.
type LevelCount struct {
	Level evaluation.Level
	Count int
}

// QuotaText says a quota in words for its panel.
func (p *EvaluationsPage) QuotaText(q *evaluation.Quota) string { return quotaText(q) }

func quotaText(q *evaluation.Quota) string {
	return fmt.Sprintf("Tối đa %d trong %d người được đề xuất hoặc xếp loại hoàn thành tốt nhiệm vụ trở lên; đã quyết định %d.",
		q.Allowed, q.Base, q.Excellent)
}

// QuotaRules are the distinct rules of the quota panels, in words.
func (p *EvaluationsPage) QuotaRules() []string {
	var out []string
	for _, q := range p.Quotas {
		if q.Rule != "" && !slices.Contains(out, q.Rule) {
			out = append(out, q.Rule)
		}
	}
	return out
}

// GroupLabel names a task group ("" is the whole unit).
func GroupLabel(g string) string {
	if g == "" {
		return "Cả đơn vị"
	}
	return g
}

// GroupLabel of the page.
func (p *EvaluationsPage) GroupLabel(g string) string { return GroupLabel(g) }

func (s *Server) evaluations(w http.ResponseWriter, r *http.Request) error {
	p, status, err := s.evaluationsPage(r, r.URL.Query())
	if err != nil {
		return err
	}
	return s.Render(w, r, status, "evaluation_list.html", p)
}

// evaluationsPage reads the list of the filter q (an audited reading),
// with the status to render it with.
func (s *Server) evaluationsPage(r *http.Request, q url.Values) (*EvaluationsPage, int, error) {
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	f := NewForm(q)
	p := &EvaluationsPage{Base: Base{Title: "Đánh giá, xếp loại chất lượng"}, Form: f, Years: yearOptions(),
		Statuses: evalStatusOptions(), Levels: levelOptions("Tất cả")}
	unit, err := s.dashboardUnit(r, f, UnitParam, congvu.ActEvaluationView, "Bạn không có quyền xem đánh giá, xếp loại ở đơn vị nào.")
	if err != nil {
		return nil, 0, err
	}
	p.Unit, p.Year = unit, evalYear(f, evalYearParam)
	filter := evaluation.Filter{UnitID: unit.ID, Year: p.Year, Query: f.Get("q"), TaskGroup: f.Get(evalGroupParam)}
	if st := evaluation.Status(f.Get(evalStatusParam)); st != "" {
		if st.Valid() {
			filter.Status = st
		} else {
			f.AddError(evalStatusParam, "Xin chọn một trạng thái trong danh sách.")
		}
	}
	if l := evaluation.Level(f.Get(evalLevelParam)); l != "" {
		if l.Valid() {
			filter.Level = l
		} else {
			f.AddError(evalLevelParam, "Xin chọn một mức xếp loại trong danh sách.")
		}
	}
	p.Filtered = filter.Query != "" || filter.Status != "" || filter.Level != "" || filter.TaskGroup != ""
	if p.Unit, p.Base.Crumbs = s.dashboardCrumbs(r, unit, Link{"Đánh giá, xếp loại", "/evaluations"},
		func(path string) bool { return a.Can(congvu.ActEvaluationView, path) },
		func(code string) string { return evalListHref(code, p.Year) }); len(p.Base.Crumbs) == 1 {
		p.Base.Crumbs = nil
	}
	f.Set(UnitParam, p.Unit.Code)
	f.Set(evalYearParam, strconv.Itoa(p.Year))
	p.CanOpen = evaluation.CanOpen(a, p.Unit.Path) == nil
	p.CanTrack = a.Can(congvu.ActEvaluationTrack, p.Unit.Path)
	if p.CanOpen {
		p.Open = NewForm(url.Values{UnitParam: {p.Unit.Code}, evalYearParam: {strconv.Itoa(p.Year)}})
	}
	if kids, _, err := s.Services.Units.FindUnits(ctx, org.UnitFilter{ParentID: p.Unit.ID, Limit: 100}); err == nil {
		p.Children = kids
	}
	for _, ext := range []string{"pdf", "docx", "xlsx"} {
		p.Docs = append(p.Docs, DocLink{"Bảng tổng hợp (" + docFormatName(ext) + ")",
			"/evaluations/table." + ext + "?unit=" + url.QueryEscape(p.Unit.Code) + "&year=" + strconv.Itoa(p.Year)})
	}
	if f.Failed() {
		f.Summarize("Bộ lọc chưa hợp lệ, xin kiểm tra lại các ô được đánh dấu.")
		return p, http.StatusBadRequest, nil
	}
	filter.Limit, filter.Offset = evalPageSize, PageOffset(r, evalPageSize)
	list, total, err := s.Services.Evaluations.FindEvaluations(ctx, filter)
	if err != nil {
		if f.SetError(err) {
			return p, http.StatusBadRequest, nil
		}
		return nil, 0, err
	}
	p.Rows, p.Total = list, total
	p.Pager = NewPager(r, total, evalPageSize)
	s.evaluationsSummary(r, p)
	return p, http.StatusOK, nil
}

// evaluationsSummary fills the quota panels (each unit and task group of
// the rows) and the chart of levels.
func (s *Server) evaluationsSummary(r *http.Request, p *EvaluationsPage) {
	type key struct {
		unit  int64
		group string
	}
	var keys []key
	counts := map[evaluation.Level]int{}
	for _, e := range p.Rows {
		k := key{e.UnitID, e.TaskGroup}
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
		if l := e.FinalLevel(); l != "" {
			counts[l]++
		} else {
			p.Undecided++
		}
	}
	for _, k := range keys {
		if len(p.Quotas) == evalQuotaMax {
			break
		}
		q, err := s.Services.Evaluations.Quota(r.Context(), k.unit, p.Year, k.group)
		if err == nil && q != nil {
			p.Quotas = append(p.Quotas, q)
		}
	}
	var bars []chart.Bar
	var parts []string
	n := len(p.Rows)
	for _, l := range evaluation.Levels {
		p.LevelCounts = append(p.LevelCounts, LevelCount{l, counts[l]})
		share := 0.0
		if n > 0 {
			share = 100 * float64(counts[l]) / float64(n)
		}
		bars = append(bars, chart.Bar{Label: l.Label(), Value: share, Note: chart.Number(counts[l]) + " người"})
		parts = append(parts, fmt.Sprintf("%s: %s", l.Label(), chart.Number(counts[l])))
	}
	if n > 0 {
		bars = append(bars, chart.Bar{Label: "Chưa quyết định xếp loại", Value: 100 * float64(p.Undecided) / float64(n), Note: chart.Number(p.Undecided) + " người"})
		parts = append(parts, "chưa quyết định: "+chart.Number(p.Undecided))
		p.ChartSVG = template.HTML(chart.Bars("bieu-do-xep-loai", fmt.Sprintf("Kết quả xếp loại năm %d — %s", p.Year, p.Unit.Name),
			"Tỷ lệ và số người theo mức xếp loại: "+strings.Join(parts, "; ")+". Số liệu chi tiết ở bảng ngay sau biểu đồ.", bars, 0))
	}
}

func evalListHref(code string, year int) string {
	return "/evaluations?" + UnitParam + "=" + code + "&" + evalYearParam + "=" + strconv.Itoa(year)
}

func docFormatName(ext string) string {
	switch ext {
	case "pdf":
		return "PDF"
	case "docx":
		return "Word"
	case "xlsx":
		return "Excel"
	}
	return ext
}

// openEvaluationYear opens the year for the unit's own officials.
func (s *Server) openEvaluationYear(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	year := evalYear(f, evalYearParam)
	code := f.Get(UnitParam)
	if code == "" {
		f.AddError(UnitParam, "Xin chọn đơn vị.")
	}
	var unit *org.Unit
	if !f.Failed() {
		u, err := s.unitByCode(r, code)
		if err != nil {
			if congvu.ErrorCode(err) != congvu.ENOTFOUND {
				return err
			}
			f.AddError(UnitParam, congvu.ErrorMessage(err))
		}
		unit = u
	}
	if !f.Failed() {
		_, err := s.Services.Evaluations.OpenYear(r.Context(), unit.ID, year)
		if err == nil {
			return s.Redirect(w, r, evalListHref(unit.Code, year), "dg-mo-nam")
		}
		if !f.SetError(err) {
			return err
		}
	}
	f.Summarize("Chưa mở được đánh giá năm, xin kiểm tra lại.")
	p, _, err := s.evaluationsPage(r, url.Values{UnitParam: {code}, evalYearParam: {strconv.Itoa(year)}})
	if err != nil {
		return err
	}
	p.Open = f
	return s.Render(w, r, http.StatusBadRequest, "evaluation_list.html", p)
}
