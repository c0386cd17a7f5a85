package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"congvu"
	"congvu/chart"
	"congvu/training"
)

// trainBehindSize is how many of those behind a page lists.
const trainBehindSize = 25

// TrainingCampaignPage is one campaign: its facts, its sessions (and the
// form of a new one), its coverage per child unit, who is behind (paged),
// the quiz results per standard item, and opening or closing it.
type TrainingCampaignPage struct {
	Base
	C         *training.Campaign
	Sessions  []*training.Session
	Unit      *training.Coverage
	Children  []training.Coverage
	Behind    []*training.Assignment
	Pager     Pager
	Items     []training.ItemResult
	ItemsSVG  template.HTML
	CanManage bool
	Today     time.Time
	// Step is the failed open or close form; Session the failed new
	// session form.
	Step    *Form
	Session *Form
	Modes   []Option
}

// Pct writes a coverage rate.
func (p *TrainingCampaignPage) Pct(done, of int) string { return trainPct(done, of) }

// Meter is a coverage meter's value.
func (p *TrainingCampaignPage) Meter(done, of int) int { return trainMeter(done, of) }

// Overdue reports whether the campaign is overdue.
func (p *TrainingCampaignPage) Overdue() bool { return p.C.Overdue(p.Today) }

// IsDraft, IsOpen: where the campaign stands.
func (p *TrainingCampaignPage) IsDraft() bool { return p.C.Status == training.CampaignDraft }

// IsOpen reports whether the campaign is open.
func (p *TrainingCampaignPage) IsOpen() bool { return p.C.Status == training.CampaignOpen }

// Hours writes hours ("2,5").
func (p *TrainingCampaignPage) Hours(h float64) string { return trainHours(h) }

func trainHours(h float64) string {
	return strings.Replace(fmt.Sprintf("%g", h), ".", ",", 1)
}

func (s *Server) trainingCampaign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderTrainingCampaign(w, r, http.StatusOK, id, &TrainingCampaignPage{}, r.URL.Query())
}

func (s *Server) renderTrainingCampaign(w http.ResponseWriter, r *http.Request, status int, id int64, p *TrainingCampaignPage, q url.Values) error {
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	c, err := s.Services.Training.FindCampaign(ctx, id)
	if err != nil {
		return err
	}
	p.C, p.Today = c, trainingToday()
	p.Base = Base{Title: c.Title, Crumbs: []Link{{"Bồi dưỡng", "/training"}}}
	p.CanManage = training.CanManage(a, c.UnitPath)
	if p.Sessions, err = s.Services.Training.Sessions(ctx, id); err != nil {
		return err
	}
	p.Modes = []Option{{string(training.ModeInPerson), training.ModeInPerson.Label()}, {string(training.ModeOnline), training.ModeOnline.Label()}}
	if p.Session == nil {
		f := NewForm(nil)
		day := c.StartsOn
		if day.Before(p.Today) {
			day = p.Today
		}
		f.Set("mode", string(training.ModeInPerson))
		f.Set("date", day.Format("02/01/2006"))
		f.Set("from", "08:00")
		f.Set("to", "11:00")
		p.Session = f
	}
	if c.Status != training.CampaignDraft {
		unit, kids, err := s.Services.Training.Coverage(ctx, training.CoverageFilter{UnitID: c.UnitID, CampaignID: c.ID})
		if err != nil {
			return err
		}
		p.Unit, p.Children = unit, kids
		rr := r
		if q != nil && r.URL.RawQuery != q.Encode() {
			rr = r.Clone(ctx)
			rr.URL.RawQuery = q.Encode()
		}
		off := PageOffset(rr, trainBehindSize)
		list, total, err := s.Services.Training.Assignments(ctx, training.Filter{CampaignID: c.ID, Behind: true, Offset: off, Limit: trainBehindSize})
		if err != nil {
			return err
		}
		p.Behind, p.Pager = list, NewPager(rr, total, trainBehindSize)
		if c.QuizQuestions > 0 {
			items, err := s.Services.TrainingQuiz.ItemResults(ctx, c.ID, 0)
			if err != nil {
				return err
			}
			p.Items = items
			p.ItemsSVG = trainItemsChart(c, items)
		}
	}
	return s.Render(w, r, status, "training_campaign.html", p)
}

// trainItemsChart draws the share of right answers per standard item: the
// standards people misunderstand show short, in the warning colour.
func trainItemsChart(c *training.Campaign, items []training.ItemResult) template.HTML {
	var bars []chart.Bar
	var parts []string
	for _, it := range items {
		label := it.ItemCode + ". " + it.ItemTitle
		if it.Answered == 0 {
			bars = append(bars, chart.Bar{Label: label, Empty: true})
			continue
		}
		bars = append(bars, chart.Bar{Label: label, Value: it.Rate, Note: chart.Number(it.Correct) + "/" + chart.Number(it.Answered) + " câu"})
		parts = append(parts, fmt.Sprintf("%s: %s đúng", it.ItemCode, chart.Percent(it.Rate)))
	}
	if len(bars) == 0 {
		return ""
	}
	return template.HTML(chart.Bars("bieu-do-cau-hoi", "Tỷ lệ trả lời đúng theo chuẩn mực — "+c.Title,
		"Tỷ lệ câu trả lời đúng theo từng chuẩn mực: "+strings.Join(parts, "; ")+". Số liệu chi tiết ở bảng ngay sau biểu đồ.", bars, float64(max(c.PassMark, 50))))
}

// sessionInput reads the form of a new session: the day and the hours.
func sessionInput(f *Form, campaignID int64) training.SessionInput {
	in := training.SessionInput{CampaignID: campaignID, Title: f.Get("title"), Mode: training.SessionMode(f.Get("mode")),
		Place: f.Get("place"), Lecturer: f.Get("lecturer")}
	if in.Mode == training.ModeOnline {
		// Self-paced: open over the whole campaign unless days are given.
		from := trainDate(f, "date", "ngày mở", false)
		to := trainDate(f, "to_date", "ngày cuối", false)
		if !from.IsZero() {
			if to.IsZero() {
				to = from
			}
			in.StartsAt, in.EndsAt = from, to.Add(24*time.Hour-time.Second)
		}
		return in
	}
	day := trainDate(f, "date", "ngày học", true)
	clock := func(name, what string) time.Duration {
		t, err := time.Parse("15:04", strings.TrimSpace(f.Get(name)))
		if err != nil {
			f.AddError(name, what+" phải có dạng giờ:phút, ví dụ 08:00.")
			return 0
		}
		return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute
	}
	from, to := clock("from", "Giờ bắt đầu"), clock("to", "Giờ kết thúc")
	if !day.IsZero() {
		in.StartsAt, in.EndsAt = day.Add(from), day.Add(to)
	}
	return in
}

func (s *Server) createTrainingSession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.managedCampaign(r, id); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := sessionInput(f, id)
	if !f.Failed() {
		sess, err := s.Services.Training.CreateSession(r.Context(), in)
		if err == nil {
			return s.Redirect(w, r, trainingSessionHref(sess.ID), "bd-tao-buoi")
		}
		if !f.SetError(err) {
			return err
		}
		f.moveError("starts_at", "from")
		f.moveError("ends_at", "to")
	}
	f.Summarize("Chưa thêm được buổi bồi dưỡng, xin kiểm tra lại các ô được đánh dấu.")
	return s.renderTrainingCampaign(w, r, http.StatusBadRequest, id, &TrainingCampaignPage{Session: f}, url.Values{})
}
