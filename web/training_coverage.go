package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/export/trainingdoc"
	"congvu/org"
	"congvu/training"
)

// Coverage (a unit and its children, in a year or one campaign, with the
// XLSX of the same figures) and the dated rules on training obligations.

const trainCampaignParam = "dot"

func init() {
	FlashMessages["bd-them-quy-dinh"] = "Đã thêm quy định về nghĩa vụ bồi dưỡng; quy định áp dụng từ ngày hiệu lực."
}

func (s *Server) trainingCoverageRoutes() []Route {
	view := Need(congvu.ActTrainingView)
	return []Route{
		{Method: "GET", Pattern: "/training/coverage", Access: view, Handler: s.trainingCoverage},
		{Method: "GET", Pattern: "/training/coverage.xlsx", Access: view, Handler: s.trainingCoverageXLSX},
		{Method: "GET", Pattern: "/settings/training-rules", Access: SignedIn, Handler: s.trainingRules},
		{Method: "POST", Pattern: "/settings/training-rules", Access: Need(congvu.ActTrainingRules), Handler: s.addTrainingRuleSet},
	}
}

// TrainingCoveragePage is the coverage of a unit and of each child.
type TrainingCoveragePage struct {
	Base
	Form     *Form
	Unit     *org.Unit
	Year     int
	Years    []Option
	Campaign *training.Campaign
	Total    *training.Coverage
	Children []training.Coverage
	XLSX     string
}

// Pct writes a coverage rate.
func (p *TrainingCoveragePage) Pct(done, of int) string { return trainPct(done, of) }

// Meter is a coverage meter's value.
func (p *TrainingCoveragePage) Meter(done, of int) int { return trainMeter(done, of) }

// ChildHref is the coverage of a child unit.
func (p *TrainingCoveragePage) ChildHref(c training.Coverage) string {
	q := "/training/coverage?don-vi-id=" + strconv.FormatInt(c.UnitID, 10) + "&" + trainYearParam + "=" + strconv.Itoa(p.Year)
	if p.Campaign != nil {
		q += "&" + trainCampaignParam + "=" + strconv.FormatInt(p.Campaign.ID, 10)
	}
	return q
}

// trainingCoverageOf reads the page's filter and the figures.
func (s *Server) trainingCoverageOf(r *http.Request) (*TrainingCoveragePage, int, error) {
	ctx := r.Context()
	f := NewForm(r.URL.Query())
	p := &TrainingCoveragePage{Base: Base{Title: "Kết quả bồi dưỡng theo đơn vị", Crumbs: []Link{{"Bồi dưỡng", "/training"}}}, Form: f, Years: yearOptions()}
	var unit *org.Unit
	if id := f.Int("don-vi-id"); id > 0 {
		u, err := s.Services.Units.FindUnitByID(ctx, id)
		if err != nil {
			return nil, 0, err
		}
		unit = u
	} else {
		u, err := s.dashboardUnit(r, f, UnitParam, congvu.ActTrainingView, "Tài khoản của bạn không có quyền xem bồi dưỡng ở đơn vị nào.")
		if err != nil {
			return nil, 0, err
		}
		unit = u
	}
	p.Unit, p.Year = unit, evalYear(f, trainYearParam)
	f.Set(UnitParam, unit.Code)
	f.Set(trainYearParam, strconv.Itoa(p.Year))
	cf := training.CoverageFilter{UnitID: unit.ID, Year: p.Year}
	if id := f.Int(trainCampaignParam); id > 0 {
		c, err := s.Services.Training.FindCampaign(ctx, id)
		if err != nil {
			return nil, 0, err
		}
		p.Campaign, cf.CampaignID, cf.Year = c, c.ID, 0
	}
	if f.Failed() {
		f.Summarize("Bộ lọc chưa hợp lệ, xin kiểm tra lại các ô được đánh dấu.")
		return p, http.StatusBadRequest, nil
	}
	total, kids, err := s.Services.Training.Coverage(ctx, cf)
	if err != nil {
		if f.SetError(err) {
			return p, http.StatusBadRequest, nil
		}
		return nil, 0, err
	}
	p.Total, p.Children = total, kids
	p.XLSX = "/training/coverage.xlsx?" + strings.TrimPrefix(p.ChildHref(training.Coverage{UnitID: unit.ID}), "/training/coverage?")
	return p, http.StatusOK, nil
}

func (s *Server) trainingCoverage(w http.ResponseWriter, r *http.Request) error {
	p, status, err := s.trainingCoverageOf(r)
	if err != nil {
		return err
	}
	return s.Render(w, r, status, "training_coverage.html", p)
}

func (s *Server) trainingCoverageXLSX(w http.ResponseWriter, r *http.Request) error {
	p, status, err := s.trainingCoverageOf(r)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return s.Render(w, r, status, "training_coverage.html", p)
	}
	f := training.CoverageFilter{UnitID: p.Unit.ID, Year: p.Year}
	if p.Campaign != nil {
		f.CampaignID, f.Year = p.Campaign.ID, 0
	}
	doc, err := trainingdoc.BuildCoverage(r.Context(), s.Services, f)
	if err != nil {
		return err
	}
	return writeTrainingFile(w, doc)
}

// TrainingRulesPage lists the dated rules on training obligations and,
// for national administrators, the form that adds one.
type TrainingRulesPage struct {
	Base
	Sets    []training.RuleSet
	InForce string
	CanEdit bool
	Form    *Form
}

// Hours writes hours.
func (p *TrainingRulesPage) Hours(h float64) string { return trainHours(h) }

func (s *Server) trainingRules(w http.ResponseWriter, r *http.Request) error {
	return s.renderTrainingRules(w, r, http.StatusOK, NewForm(nil))
}

func (s *Server) renderTrainingRules(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	sets, err := s.Services.Training.RuleSets(r.Context())
	if err != nil {
		return err
	}
	p := &TrainingRulesPage{Base: Base{Title: "Quy định về nghĩa vụ bồi dưỡng"}, Sets: sets, Form: f,
		CanEdit: congvu.ActorFromContext(r.Context()).Can(congvu.ActTrainingRules, congvu.RootUnitPath)}
	if rs := training.RuleSetFor(sets, trainingToday()); rs != nil {
		p.InForce = rs.Code
	}
	return s.Render(w, r, status, "training_rules.html", p)
}

func (s *Server) addTrainingRuleSet(w http.ResponseWriter, r *http.Request) error {
	if !congvu.ActorFromContext(r.Context()).Can(congvu.ActTrainingRules, congvu.RootUnitPath) {
		return congvu.Errorf(congvu.EFORBIDDEN, "Chỉ quản trị hệ thống cấp quốc gia thêm được quy định về nghĩa vụ bồi dưỡng.")
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	rs := training.RuleSet{Code: f.Get("code"), Basis: f.Get("basis"), Note: f.Get("note"), Verified: f.Checked("verified")}
	rs.From = trainDate(f, "from", "ngày hiệu lực", true)
	if to := trainDate(f, "to", "ngày hết hiệu lực", false); !to.IsZero() {
		rs.To = &to
	}
	if v := strings.Replace(strings.TrimSpace(f.Get("min_hours")), ",", ".", 1); v != "" {
		h, err := strconv.ParseFloat(v, 64)
		if err != nil || h < 0 || h > 1000 {
			f.AddError("min_hours", "Số giờ tối thiểu phải là một số từ 0 đến 1000.")
		}
		rs.MinHours = h
	}
	if !f.Failed() {
		rs.CreatedAt = time.Now()
		err := s.Services.Training.AddRuleSet(r.Context(), rs)
		if err == nil {
			return s.Redirect(w, r, "/settings/training-rules", "bd-them-quy-dinh")
		}
		if !f.SetError(err) {
			return err
		}
		f.moveError("valid_from", "from")
		f.moveError("valid_to", "to")
	}
	f.Summarize("Chưa thêm được quy định, xin kiểm tra lại các ô được đánh dấu.")
	return s.renderTrainingRules(w, r, http.StatusBadRequest, f)
}
