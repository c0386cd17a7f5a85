package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/chart"
	"congvu/feedback"
	"congvu/org"
	"congvu/petition"
)

// HomePage is the landing page (anonymous) or the staff home (signed in).
// The staff home shows each role its work first: petitions to handle,
// overdue and due soon; ratings waiting for review; the satisfaction of
// their scope, or an official's own, over the last HomeDays days.
type HomePage struct {
	Base
	Grants        []congvu.Grant
	Units         int  // units in the actor's scope
	Officials     int  // officials in the actor's scope
	ShowUnits     bool // the counts are known
	ShowOfficials bool
	Links         []HomeLink

	Work         []HomeCount // empty for those who see no petitions
	WorkTitle    string
	Satisfaction []HomeSatisfaction
	// SatisfactionLater: some figure counts ratings the actor does not
	// review, which appear from tomorrow on (feedback.VisibleUntil).
	SatisfactionLater bool
}

// HomeLink is a shortcut on the staff home.
type HomeLink struct {
	Label string
	Href  string
	Note  string
}

// HomeCount is a count of work on the staff home, linking to that list.
type HomeCount struct {
	Label string
	N     int
	More  bool   // more than N (counts stop at petition.MaxCount)
	Href  string // the list it counts
	Tone  string // "danger" or "gold" when N > 0, for the border colour
}

// HomeSatisfaction is the satisfaction of a unit subtree or of an official
// over the last HomeDays days.
type HomeSatisfaction struct {
	Title string // what it is about, e.g. "Tỉnh Thái Bình" or "Đánh giá về tôi"
	Href  string // its dashboard
	Tally feedback.Tally
	Index float64
	Spark template.HTML // the weekly index, a small SVG
}

// Pct is the index written the Vietnamese way.
func (h HomeSatisfaction) Pct() string { return chart.Percent(h.Index) }

// HomeDays is the span of the satisfaction figures on the staff home.
const HomeDays = 30

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	a := congvu.ActorFromContext(r.Context())
	if a.IsAnonymous() {
		return s.Render(w, r, http.StatusOK, "home.html", &HomePage{Base: Base{Title: "Văn hóa công vụ"}})
	}
	p := &HomePage{Base: Base{Title: "Trang làm việc"}, Grants: a.Grants}
	ctx := r.Context()
	if err := s.homeWork(ctx, a, p); err != nil {
		return err
	}
	if err := s.homeSatisfaction(ctx, a, p); err != nil {
		return err
	}
	if a.Can(congvu.ActUnitView, "") {
		_, n, err := s.Services.Units.FindUnits(ctx, org.UnitFilter{Limit: 1})
		if err != nil {
			return err
		}
		p.Units, p.ShowUnits = n, true
	}
	if a.Can(congvu.ActOfficialView, "") || a.OfficialID != 0 {
		_, n, err := s.Services.Officials.FindOfficials(ctx, org.OfficialFilter{Limit: 1})
		if err != nil {
			return err
		}
		p.Officials, p.ShowOfficials = n, true
	}
	add := func(method, pattern string, access Access, l HomeLink) {
		if s.hasRoute(method, pattern) && access.Allows(a) {
			p.Links = append(p.Links, l)
		}
	}
	add("GET", "/units", Need(congvu.ActUnitView), HomeLink{"Đơn vị", "/units", "Cây đơn vị trong phạm vi của bạn, sáp nhập, chia tách."})
	add("GET", "/officials", Need(congvu.ActOfficialView), HomeLink{"Cán bộ, công chức, viên chức", "/officials", "Hồ sơ, thẻ đánh giá, nhập từ tệp CSV."})
	add("GET", "/chuan-muc", Public, HomeLink{"Chuẩn mực văn hóa công vụ", "/chuan-muc", "Bộ quy tắc ứng xử đang áp dụng, bản in được."})
	add("GET", "/standards/local", Need(congvu.ActUnitView), HomeLink{"Chuẩn mực riêng của đơn vị", "/standards/local", "Các quy định bổ sung của từng cơ quan, đơn vị."})
	add("GET", "/violations", Need(congvu.ActViolationView), HomeLink{"Vi phạm và xử lý vi phạm", "/violations", "Mở vụ vi phạm từ bằng chứng; nhắc nhở, phê bình, chấn chỉnh."})
	if a.OfficialID != 0 {
		add("GET", "/violations/mine", SignedIn, HomeLink{"Vi phạm của tôi", "/violations/mine", "Việc xử lý về anh/chị, để xác nhận đã biết."})
	}
	add("GET", "/audit", Need(congvu.ActAuditView), HomeLink{"Nhật ký thao tác", "/audit", "Ai đã thay đổi gì, khi nào."})
	add("GET", "/users", Need(congvu.ActUserManage), HomeLink{"Tài khoản người dùng", "/users", "Tạo tài khoản, phân quyền theo đơn vị."})
	add("GET", "/account/tokens", SignedIn, HomeLink{"Khóa truy cập API", "/account/tokens", "Cho phần mềm khác kết nối với Công vụ."})
	return s.Render(w, r, http.StatusOK, "home.html", p)
}

// homeWork counts the petitions of the actor's work through the list's own
// query (so its visibility rule, conflicts of interest included): for a
// handler, those they may act on; for those who only oversee, all in their
// scope. Then the ratings waiting for a reviewer.
func (s *Server) homeWork(ctx context.Context, a *congvu.Actor, p *HomePage) error {
	if a.Can(congvu.ActPetitionView, "") && s.hasRoute("GET", "/petitions") {
		handling := a.Can(congvu.ActPetitionHandle, "")
		p.WorkTitle = "Phản ánh trong phạm vi của bạn"
		base := url.Values{}
		if handling {
			p.WorkTitle = "Phản ánh bạn cần xử lý"
			base.Set(petitionHandlingParam, "on")
		}
		for _, c := range []struct {
			label, tone string
			edit        func(f *petition.Filter, q url.Values)
		}{
			{"đang chờ xử lý", "", func(f *petition.Filter, q url.Values) { f.Open = true; q.Set(petitionOpenParam, "on") }},
			{"quá hạn", "danger", func(f *petition.Filter, q url.Values) { f.Overdue = true; q.Set(petitionOverdueParam, "on") }},
			{"sắp đến hạn trong 48 giờ", "gold", func(f *petition.Filter, q url.Values) { f.DueSoon = true; q.Set(petitionDueSoonParam, "on") }},
		} {
			f, q := petition.Filter{Handling: handling, Limit: 1}, url.Values{}
			for k, v := range base {
				q[k] = v
			}
			c.edit(&f, q)
			q.Set(petitionSortParam, "han")
			_, n, err := s.Services.Petitions.FindPetitions(ctx, f)
			if err != nil {
				return err
			}
			hc := HomeCount{Label: c.label, N: min(n, petition.MaxCount), More: n > petition.MaxCount, Href: "/petitions?" + q.Encode()}
			if n > 0 {
				hc.Tone = c.tone
			}
			p.Work = append(p.Work, hc)
		}
	}
	if a.Can(congvu.ActFeedbackReview, "") && s.hasRoute("GET", "/feedback/review") {
		_, n, err := s.Services.Feedback.FindFeedback(ctx, feedback.Filter{Status: feedback.Flagged, Limit: 1})
		if err != nil {
			return err
		}
		hc := HomeCount{Label: "đánh giá nghi vấn chờ xét", N: n, Href: "/feedback/review"}
		if n > 0 {
			hc.Tone = "gold"
		}
		p.Work = append(p.Work, hc)
	}
	return nil
}

// homeSatisfaction reads the satisfaction of the last HomeDays days: of the
// root of the actor's view scope, and an official's own.
func (s *Server) homeSatisfaction(ctx context.Context, a *congvu.Actor, p *HomePage) error {
	to := congvu.Date(time.Now()).AddDate(0, 0, 1)
	df := feedback.DashboardFilter{From: to.AddDate(0, 0, -HomeDays), To: to, Period: feedback.PeriodWeek}
	q := url.Values{}
	q.Set(dashFromParam, df.From.Format("02/01/2006"))
	q.Set(dashToParam, to.AddDate(0, 0, -1).Format("02/01/2006"))
	q.Set(dashPeriodParam, string(feedback.PeriodWeek))
	var subjects []feedback.DashboardFilter
	if roots := scopeRootIDs(a, congvu.ActUnitView); len(roots) > 0 && s.hasRoute("GET", "/dashboards/units/{id}") {
		f := df
		f.UnitID = roots[0]
		subjects = append(subjects, f)
	}
	if a.OfficialID != 0 && s.hasRoute("GET", "/dashboards/officials/{id}") {
		f := df
		f.OfficialID = a.OfficialID
		subjects = append(subjects, f)
	}
	for i, f := range subjects {
		d, err := s.Services.Dashboards.Dashboard(ctx, f)
		if err != nil {
			if congvu.ErrorCode(err) == congvu.ENOTFOUND {
				continue
			}
			return err
		}
		if d.TodayHeld {
			p.SatisfactionLater = true // the figures stop at yesterday
		}
		h := HomeSatisfaction{Title: d.Title, Tally: d.Tally, Index: d.Index,
			Href: "/dashboards/units/" + strconv.FormatInt(f.UnitID, 10) + "?" + q.Encode()}
		if f.OfficialID != 0 {
			h.Title = "Đánh giá của người dân về tôi"
			h.Href = "/dashboards/officials/" + strconv.FormatInt(f.OfficialID, 10) + "?" + q.Encode()
		}
		var pts []chart.TrendPoint
		var desc []string
		for _, t := range d.Trend {
			pts = append(pts, chart.TrendPoint{Label: t.Label, Volume: t.Tally.Total, Index: t.Index})
			if t.Tally.Total > 0 {
				desc = append(desc, fmt.Sprintf("%s: %s (%s lượt)", t.Label, chart.Percent(t.Index), chart.Number(t.Tally.Total)))
			} else {
				desc = append(desc, t.Label+": chưa có đánh giá")
			}
		}
		h.Spark = template.HTML(chart.Spark("hai-long-"+strconv.Itoa(i), "Chỉ số hài lòng theo tuần — "+h.Title, strings.Join(desc, "; "), pts))
		p.Satisfaction = append(p.Satisfaction, h)
	}
	return nil
}
