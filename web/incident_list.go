package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/chart"
	"congvu/incident"
	"congvu/org"
	"congvu/petition"
)

// The office incident log (seed 004): the list with its filters and the
// counts per unit of the period with a bar chart (this file), the record
// form (incident_new.go) and one incident with the review and the
// escalation (incident_detail.go). The service checks every right; the
// pages only hide the forms an actor could not use.

// Query parameters of the list.
const (
	incidentKindParam     = "loai"
	incidentSeverityParam = "muc-do"
	incidentStatusParam   = "trang-thai"
	incidentFromParam     = "tu-ngay"
	incidentToParam       = "den-ngay"
	incidentsPageSize     = 50
)

func (s *Server) incidentRoutes() []Route {
	record := Need(congvu.ActIncidentRecord)
	return []Route{
		{Method: "GET", Pattern: "/incidents", Access: SignedIn, Handler: s.incidents},
		{Method: "GET", Pattern: "/incidents/new", Access: record, Handler: s.newIncidentForm},
		{Method: "POST", Pattern: "/incidents/new", Access: record, Handler: s.createIncident},
		{Method: "GET", Pattern: "/incidents/{id}", Access: SignedIn, Handler: s.incident},
		{Method: "POST", Pattern: "/incidents/{id}/review", Access: Need(congvu.ActIncidentReview), Handler: s.reviewIncident},
		{Method: "POST", Pattern: "/incidents/{id}/escalate", Access: Need(congvu.ActIncidentReview), Handler: s.escalateIncident},
		{Method: "POST", Pattern: "/incidents/{id}/photos", Access: record, Handler: s.addIncidentPhoto, MaxBody: petition.MaxAttachmentSize + 64<<10},
		{Method: "GET", Pattern: "/incidents/{id}/photos/{photoID}", Access: SignedIn, Handler: s.incidentPhoto},
	}
}

func init() {
	RegisterPages(func(s *Server) []Route { return s.incidentRoutes() })
	FlashMessages["sv-ghi"] = "Đã ghi sự việc. Thủ trưởng đơn vị sẽ xem xét."
	FlashMessages["sv-xem-xet"] = "Đã ghi ý kiến xem xét."
	FlashMessages["sv-anh"] = "Đã thêm ảnh (đã xóa thông tin vị trí, thiết bị trong ảnh)."
	FlashMessages["sv-bao-cao"] = "Đã báo cáo cấp trên; thủ trưởng đơn vị cấp trên nhận thông báo qua thư."
}

func incidentHref(id int64) string { return "/incidents/" + strconv.FormatInt(id, 10) }

// IncidentsPage is the log with the counts of the period per unit.
type IncidentsPage struct {
	Base
	Form                        *Form
	Kinds, Severities, Statuses []Option
	Unit                        *org.Unit
	Rows                        []*incident.Incident
	Pager                       Pager
	Filtered                    bool
	CanRecord                   bool
	Counts                      []incident.Count
	CountSVG                    template.HTML
	Period                      string
}

func incidentOptions[T interface {
	~string
	Label() string
}](first string, list []T) []Option {
	out := []Option{{"", first}}
	for _, v := range list {
		out = append(out, Option{string(v), v.Label()})
	}
	return out
}

func (s *Server) incidents(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	f := NewForm(r.URL.Query())
	p := &IncidentsPage{Base: Base{Title: "Sự việc tại cơ quan"}, Form: f, Kinds: incidentOptions("Tất cả", incident.Kinds),
		Severities: incidentOptions("Tất cả", incident.Severities), Statuses: incidentOptions("Tất cả", incident.Statuses)}
	p.CanRecord = a.Can(congvu.ActIncidentRecord, "")
	var filter incident.Filter
	if k := incident.Kind(f.Get(incidentKindParam)); k != "" {
		if k.Valid() {
			filter.Kind = k
		} else {
			f.AddError(incidentKindParam, "Xin chọn một loại trong danh sách.")
		}
	}
	if v := incident.Severity(f.Get(incidentSeverityParam)); v != "" {
		if v.Valid() {
			filter.Severity = v
		} else {
			f.AddError(incidentSeverityParam, "Xin chọn một mức độ trong danh sách.")
		}
	}
	if st := incident.Status(f.Get(incidentStatusParam)); st != "" {
		if st.Valid() {
			filter.Status = st
		} else {
			f.AddError(incidentStatusParam, "Xin chọn một trạng thái trong danh sách.")
		}
	}
	filter.From, filter.Until = dashboardDays(f, incidentFromParam, incidentToParam)
	if code := f.Get(UnitParam); code != "" {
		u, err := s.unitByCode(r, code)
		if err != nil {
			if congvu.ErrorCode(err) != congvu.ENOTFOUND {
				return err
			}
			f.AddError(UnitParam, congvu.ErrorMessage(err))
		} else {
			p.Unit, filter.UnitID = u, u.ID
		}
	}
	p.Filtered = anyFilter(r)
	p.Period = incidentPeriod(filter.From, filter.Until)
	if f.Failed() {
		f.Message = "Bộ lọc chưa hợp lệ, xin kiểm tra lại các ô được đánh dấu."
		p.Pager = NewPager(r, 0, incidentsPageSize)
		return s.Render(w, r, http.StatusBadRequest, "incident_list.html", p)
	}
	filter.Limit, filter.Offset = incidentsPageSize, PageOffset(r, incidentsPageSize)
	list, total, err := s.Services.Incidents.FindIncidents(ctx, filter)
	if err != nil {
		return err
	}
	p.Rows, p.Pager = list, NewPager(r, total, incidentsPageSize)
	counts, err := s.Services.Incidents.Counts(ctx, filter)
	if err != nil {
		return err
	}
	p.Counts = counts
	all := 0
	for _, c := range counts {
		all += c.Total
	}
	if all > 0 && len(counts) > 1 {
		var bars []chart.Bar
		var parts []string
		for _, c := range counts {
			bars = append(bars, chart.Bar{Label: c.UnitName, Value: 100 * float64(c.Total) / float64(all), Note: chart.Number(c.Total) + " sự việc"})
			parts = append(parts, fmt.Sprintf("%s: %s", c.UnitName, chart.Number(c.Total)))
		}
		p.CountSVG = template.HTML(chart.Bars("bieu-do-su-viec", "Sự việc theo đơn vị — "+p.Period,
			"Tỷ lệ trong tổng số sự việc: "+strings.Join(parts, "; "), bars, 0))
	}
	return s.Render(w, r, http.StatusOK, "incident_list.html", p)
}

// anyFilter reports whether the list is narrowed by a filter (not only a page).
func anyFilter(r *http.Request) bool {
	for k, v := range r.URL.Query() {
		if k != PageParam && len(v) > 0 && v[0] != "" {
			return true
		}
	}
	return false
}

func incidentPeriod(from, until time.Time) string {
	switch {
	case from.IsZero() && until.IsZero():
		return "mọi thời gian"
	case until.IsZero():
		return "từ " + from.In(congvu.TimeZone).Format("02/01/2006")
	case from.IsZero():
		return "đến " + until.Add(-time.Second).In(congvu.TimeZone).Format("02/01/2006")
	}
	return from.In(congvu.TimeZone).Format("02/01/2006") + " – " + until.Add(-time.Second).In(congvu.TimeZone).Format("02/01/2006")
}
