package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/org"
	"congvu/training"
)

// The training pages (bồi dưỡng, quán triệt): the campaigns of a scope
// with their coverage (this file), a campaign's detail with its sessions,
// coverage per child unit, who is behind and the quiz results per item
// (training_detail.go), sessions with attendance, the organiser's QR
// screen and the official's scan (training_sessions.go), the official's
// own assignments and the quiz (training_mine.go), materials and question
// banks (training_materials.go), coverage and the dated rules
// (training_coverage.go), and the public check of a certificate
// (training_verify.go). training.Service and training.QuizService check
// every right and audit every write; the pages only hide the forms an
// actor could not use.

// Query parameters of the training pages (the unit code is UnitParam).
const (
	trainYearParam   = "nam"
	trainStatusParam = "trang-thai"
	trainPageSize    = 50
)

func init() {
	FlashMessages["bd-tao-dot"] = "Đã tạo đợt bồi dưỡng (dự thảo). Bước tiếp theo: thêm buổi học, rồi triển khai đợt để giao cho từng cán bộ."
	FlashMessages["bd-trien-khai"] = "Đã triển khai đợt bồi dưỡng: mỗi cán bộ thuộc đối tượng đã được giao và thấy đợt này trong \"Bồi dưỡng của tôi\"."
	FlashMessages["bd-ket-thuc"] = "Đã kết thúc đợt bồi dưỡng; số liệu kết quả được giữ nguyên."
	FlashMessages["bd-tao-buoi"] = "Đã thêm buổi bồi dưỡng."
}

func (s *Server) trainingRoutes() []Route {
	view, manage := Need(congvu.ActTrainingView), Need(congvu.ActTrainingManage)
	return []Route{
		{Method: "GET", Pattern: "/training", Access: view, Handler: s.trainingCampaigns},
		{Method: "GET", Pattern: "/training/campaigns/new", Access: manage, Handler: s.newTrainingCampaignForm},
		{Method: "POST", Pattern: "/training/campaigns/new", Access: manage, Handler: s.createTrainingCampaign},
		{Method: "GET", Pattern: "/training/campaigns/{id}", Access: view, Handler: s.trainingCampaign},
		{Method: "GET", Pattern: "/training/campaigns/{id}/edit", Access: manage, Handler: s.editTrainingCampaignForm},
		{Method: "POST", Pattern: "/training/campaigns/{id}/edit", Access: manage, Handler: s.updateTrainingCampaign},
		{Method: "POST", Pattern: "/training/campaigns/{id}/open", Access: manage, Handler: s.trainingCampaignStep(true)},
		{Method: "POST", Pattern: "/training/campaigns/{id}/close", Access: manage, Handler: s.trainingCampaignStep(false)},
		{Method: "POST", Pattern: "/training/campaigns/{id}/sessions", Access: manage, Handler: s.createTrainingSession},
	}
}

// allTrainingRoutes are every training page.
func (s *Server) allTrainingRoutes() []Route {
	rs := s.trainingRoutes()
	rs = append(rs, s.trainingSessionRoutes()...)
	rs = append(rs, s.trainingMineRoutes()...)
	rs = append(rs, s.trainingMaterialRoutes()...)
	rs = append(rs, s.trainingCoverageRoutes()...)
	rs = append(rs, s.trainingDocRoutes()...)
	return append(rs, s.trainingVerifyRoutes()...)
}

func trainingCampaignHref(id int64) string {
	return "/training/campaigns/" + strconv.FormatInt(id, 10)
}

// trainingToday is today in Vietnam, at midnight.
func trainingToday() time.Time {
	now := time.Now().In(congvu.TimeZone)
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, congvu.TimeZone)
}

// trainPct writes a rate in percent ("87,5%"), "—" without anyone.
func trainPct(done, of int) string {
	r := training.Rate(done, of)
	if r < 0 {
		return "—"
	}
	return strings.Replace(strconv.FormatFloat(float64(int(r*10+0.5))/10, 'f', -1, 64), ".", ",", 1) + "%"
}

// trainMeter is the value of a coverage meter, 0–100.
func trainMeter(done, of int) int {
	if of == 0 {
		return 0
	}
	return int(100*float64(done)/float64(of) + 0.5)
}

// TrainingCampaignsPage is the campaigns of a unit's subtree in a year,
// each with its coverage bar and an overdue mark.
type TrainingCampaignsPage struct {
	Base
	Form      *Form
	Unit      *org.Unit
	Year      int
	Years     []Option
	Statuses  []Option
	Rows      []*training.Campaign
	Total     int
	Pager     Pager
	CanManage bool
	Today     time.Time
}

// Pct writes a campaign's coverage rate.
func (p *TrainingCampaignsPage) Pct(done, of int) string { return trainPct(done, of) }

// Meter is a coverage meter's value.
func (p *TrainingCampaignsPage) Meter(done, of int) int { return trainMeter(done, of) }

// Overdue reports whether c is overdue today.
func (p *TrainingCampaignsPage) Overdue(c *training.Campaign) bool { return c.Overdue(p.Today) }

func trainStatusOptions() []Option {
	out := []Option{{"", "Tất cả"}}
	for _, st := range []training.CampaignStatus{training.CampaignDraft, training.CampaignOpen, training.CampaignClosed} {
		out = append(out, Option{string(st), st.Label()})
	}
	return out
}

func (s *Server) trainingCampaigns(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	f := NewForm(r.URL.Query())
	p := &TrainingCampaignsPage{Base: Base{Title: "Bồi dưỡng, quán triệt văn hóa công vụ"}, Form: f, Years: yearOptions(),
		Statuses: trainStatusOptions(), Today: trainingToday()}
	unit, err := s.dashboardUnit(r, f, UnitParam, congvu.ActTrainingView, "Tài khoản của bạn không có quyền xem bồi dưỡng ở đơn vị nào.")
	if err != nil {
		return err
	}
	// Every year unless one is chosen: a campaign counts in the year it
	// ends, which may be next year.
	p.Unit = unit
	if f.Get(trainYearParam) != "" {
		p.Year = evalYear(f, trainYearParam)
	}
	p.Years = append([]Option{{"", "Mọi năm"}}, p.Years...)
	f.Set(UnitParam, unit.Code)
	p.CanManage = a.Can(congvu.ActTrainingManage, "")
	filter := training.Filter{UnitID: unit.ID, Year: p.Year}
	if st := training.CampaignStatus(f.Get(trainStatusParam)); st != "" {
		switch st {
		case training.CampaignDraft, training.CampaignOpen, training.CampaignClosed:
			filter.Status = st
		default:
			f.AddError(trainStatusParam, "Xin chọn một trạng thái trong danh sách.")
		}
	}
	status := http.StatusOK
	if f.Failed() {
		f.Summarize("Bộ lọc chưa hợp lệ, xin kiểm tra lại các ô được đánh dấu.")
		status = http.StatusBadRequest
	} else {
		filter.Limit, filter.Offset = trainPageSize, PageOffset(r, trainPageSize)
		list, total, err := s.Services.Training.FindCampaigns(ctx, filter)
		if err != nil {
			if !f.SetError(err) {
				return err
			}
			status = http.StatusBadRequest
		}
		p.Rows, p.Total, p.Pager = list, total, NewPager(r, total, trainPageSize)
	}
	return s.Render(w, r, status, "training_list.html", p)
}

// NewTrainingCampaignPage is the form of a new campaign: the organising
// unit, the audience (everyone, new staff since a day, or officials named
// from the suggestions, none ticked beforehand), the period and the quiz.
type NewTrainingCampaignPage struct {
	Base
	Form        *Form
	Units       []Option
	Audiences   []Option
	Suggestions []training.Suggestion
	// SuggestUnit is the unit whose suggestions are shown.
	SuggestUnit string
	Named       map[int64]bool
	// Others are the officials a draft names who are not among the
	// suggestions shown (ticked or not as Named says).
	Others []training.NamedOfficial
	// Action is where the form goes: the new campaign, or a draft's edit
	// (Edit is then the draft).
	Action string
	Edit   *training.Campaign
}

// Ticked reports whether the official was ticked in the form sent.
func (p *NewTrainingCampaignPage) Ticked(id int64) bool { return p.Named[id] }

// trainingUnits are the units where the actor may organise: the units of
// their grants with ActTrainingManage and the children of each.
func (s *Server) trainingUnits(r *http.Request) []Option {
	a := congvu.ActorFromContext(r.Context())
	var out []Option
	seen := map[int64]bool{}
	for _, g := range a.Grants {
		one := congvu.Actor{UserID: a.UserID, Grants: []congvu.Grant{g}}
		if seen[g.UnitID] || !one.Can(congvu.ActTrainingManage, g.UnitPath) {
			continue
		}
		seen[g.UnitID] = true
		out = append(out, Option{strconv.FormatInt(g.UnitID, 10), g.UnitName})
		kids, _, err := s.Services.Units.FindUnits(r.Context(), org.UnitFilter{ParentID: g.UnitID, Limit: 100})
		if err != nil {
			continue
		}
		for _, k := range kids {
			if !seen[k.ID] {
				seen[k.ID] = true
				out = append(out, Option{strconv.FormatInt(k.ID, 10), "— " + k.Name})
			}
		}
	}
	return out
}

func (s *Server) renderNewTrainingCampaign(w http.ResponseWriter, r *http.Request, status int, p *NewTrainingCampaignPage) error {
	p.Base = Base{Title: "Đợt bồi dưỡng mới", Crumbs: []Link{{"Bồi dưỡng", "/training"}}}
	p.Action = "/training/campaigns/new"
	if p.Edit != nil {
		p.Base = Base{Title: "Sửa dự thảo: " + p.Edit.Title, Crumbs: []Link{{"Bồi dưỡng", "/training"}, {p.Edit.Title, trainingCampaignHref(p.Edit.ID)}}}
		p.Action = trainingCampaignHref(p.Edit.ID) + "/edit"
	}
	p.Units = s.trainingUnits(r)
	for _, au := range training.Audiences {
		p.Audiences = append(p.Audiences, Option{string(au), au.Label()})
	}
	// The suggestions of the unit chosen (or the first): names a head may
	// pick for remedial training, with the evidence; never ticked for them.
	unitID := p.Form.Int("unit")
	if unitID == 0 && len(p.Units) > 0 {
		unitID, _ = strconv.ParseInt(p.Units[0].Value, 10, 64)
	}
	if unitID != 0 {
		for _, o := range p.Units {
			if o.Value == strconv.FormatInt(unitID, 10) {
				p.SuggestUnit = strings.TrimPrefix(o.Label, "— ")
			}
		}
		if list, err := s.Services.Training.Suggest(r.Context(), unitID); err == nil {
			p.Suggestions = list
		}
	}
	if p.Named == nil {
		p.Named = map[int64]bool{}
	}
	if p.Edit != nil {
		suggested := map[int64]bool{}
		for _, sg := range p.Suggestions {
			suggested[sg.OfficialID] = true
		}
		for _, n := range p.Edit.Named {
			if !suggested[n.OfficialID] {
				p.Others = append(p.Others, n)
			}
		}
	}
	return s.Render(w, r, status, "training_new.html", p)
}

func (s *Server) newTrainingCampaignForm(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if q.Has("goi-y") {
		// "Xem gợi ý": the form sent back by GET to show the suggestions of
		// the unit chosen, keeping what was typed; nothing is saved.
		q.Del("goi-y")
		return s.renderNewTrainingCampaign(w, r, http.StatusOK, &NewTrainingCampaignPage{Form: NewForm(q), Named: tickedOfficials(q["official"])})
	}
	f := NewForm(nil)
	today := trainingToday()
	f.Set("unit", q.Get("unit"))
	f.Set("audience", string(training.AudienceAll))
	f.Set("starts_on", today.Format("02/01/2006"))
	f.Set("ends_on", today.AddDate(0, 1, 0).Format("02/01/2006"))
	f.Set("hours", "4")
	f.Set("quiz_questions", "10")
	f.Set("pass_mark", "70")
	f.Set("max_attempts", "3")
	return s.renderNewTrainingCampaign(w, r, http.StatusOK, &NewTrainingCampaignPage{Form: f})
}

// trainInt reads a whole number of at most max; what cannot be read is
// reported on f.
func trainInt(f *Form, name, what string, max int) int {
	v := strings.TrimSpace(f.Get(name))
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > max {
		f.AddError(name, fmt.Sprintf("%s phải là một số nguyên từ 0 đến %d.", what, max))
		return 0
	}
	return n
}

// trainDate reads a day (dd/mm/yyyy); what cannot be read is reported on f.
func trainDate(f *Form, name, what string, required bool) time.Time {
	v := f.Get(name)
	if v == "" {
		if required {
			f.AddError(name, "Xin nhập "+what+".")
		}
		return time.Time{}
	}
	d, ok := ParseDate(v)
	if !ok {
		f.AddError(name, strings.ToUpper(what[:1])+what[1:]+" phải có dạng ngày/tháng/năm, ví dụ 15/03/2026.")
	}
	return d
}

// campaignInput reads the form of a campaign.
func campaignInput(f *Form) training.CampaignInput {
	in := training.CampaignInput{UnitID: f.Int("unit"), Title: f.Get("title"), Purpose: f.Get("purpose"),
		Audience: training.Audience(f.Get("audience")), Reason: f.Get("reason")}
	in.StartsOn = trainDate(f, "starts_on", "ngày bắt đầu", true)
	in.EndsOn = trainDate(f, "ends_on", "ngày kết thúc", true)
	if in.Audience == training.AudienceNew {
		if d := trainDate(f, "new_since", "ngày tuyển dụng, tiếp nhận từ", true); !d.IsZero() {
			in.NewSince = &d
		}
	}
	if v := strings.Replace(strings.TrimSpace(f.Get("hours")), ",", ".", 1); v != "" {
		h, err := strconv.ParseFloat(v, 64)
		if err != nil || h < 0 || h > 200 {
			f.AddError("hours", "Số giờ phải là một số từ 0 đến 200, ví dụ 4 hoặc 2,5.")
		}
		in.Hours = h
	}
	in.QuizQuestions = trainInt(f, "quiz_questions", "Số câu hỏi mỗi lượt", 100)
	in.PassMark = trainInt(f, "pass_mark", "Điểm đạt", 100)
	in.MaxAttempts = trainInt(f, "max_attempts", "Số lượt làm bài", 20)
	if in.Audience == training.AudienceNamed {
		for _, v := range f.Values["official"] {
			if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
				in.OfficialIDs = append(in.OfficialIDs, id)
			}
		}
	}
	return in
}

func (s *Server) createTrainingCampaign(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := campaignInput(f)
	if !f.Failed() {
		c, err := s.Services.Training.CreateCampaign(r.Context(), in)
		if err == nil {
			return s.Redirect(w, r, trainingCampaignHref(c.ID), "bd-tao-dot")
		}
		if !f.SetError(err) {
			return err
		}
		f.moveError("unit_id", "unit")
		f.moveError("official_ids", "official")
	}
	f.Summarize("Chưa tạo được đợt bồi dưỡng, xin kiểm tra lại các ô được đánh dấu.")
	named := map[int64]bool{}
	for _, id := range in.OfficialIDs {
		named[id] = true
	}
	return s.renderNewTrainingCampaign(w, r, http.StatusBadRequest, &NewTrainingCampaignPage{Form: f, Named: named})
}

// trainingCampaignStep opens (open) or closes a campaign, once the
// manager ticked the confirmation.
func (s *Server) trainingCampaignStep(open bool) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
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
		if !f.Checked("confirm") {
			f.AddError("confirm", "Xin đánh dấu ô xác nhận trước khi thực hiện.")
		} else {
			var err error
			flash := "bd-trien-khai"
			if open {
				_, err = s.Services.Training.OpenCampaign(r.Context(), id)
			} else {
				_, err = s.Services.Training.CloseCampaign(r.Context(), id)
				flash = "bd-ket-thuc"
			}
			if err == nil {
				return s.Redirect(w, r, trainingCampaignHref(id), flash)
			}
			if !f.SetError(err) {
				return err
			}
		}
		f.Summarize("Chưa thực hiện được, xin kiểm tra lại.")
		return s.renderTrainingCampaign(w, r, http.StatusBadRequest, id, &TrainingCampaignPage{Step: f}, url.Values{})
	}
}

// managedCampaign reads a campaign the actor manages: ENOTFOUND when they
// do not see it, EFORBIDDEN when they only read it. Forms check it before
// reading what was sent, so a refused actor learns nothing from the form.
func (s *Server) managedCampaign(r *http.Request, id int64) (*training.Campaign, error) {
	c, err := s.Services.Training.FindCampaign(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !training.CanManage(congvu.ActorFromContext(r.Context()), c.UnitPath) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Tài khoản của bạn không được quản lý đợt bồi dưỡng này.")
	}
	return c, nil
}
