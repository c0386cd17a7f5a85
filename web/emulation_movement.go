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
	"congvu/emulation"
	"congvu/org"
)

// EmulationMovementPage is one movement: its period and criteria, its clusters,
// the registrations of the year, and the ranking per cluster with its
// chart, each row linking to the score explained.
type EmulationMovementPage struct {
	Base
	emuFmt
	M                  *emulation.Movement
	Year               int
	Years              []int
	Collective         []emulation.Criterion
	Individual         []emulation.Criterion
	Clusters           []*emulation.Cluster
	ClusterName        map[int64]string
	Registrations      []*emulation.Registration
	Pager              Pager // of the registrations
	Rankings           []EmulationRankingGroup
	Reviews            []*emulation.Review
	TitleOptions       []Option
	TitleLabels        map[string]string // title code → name
	CanManage, CanEdit bool
	CanRegister        bool
	CanScore           bool
	Step, Cluster, Reg *Form
	Review, Withdrawal *Form
	WithdrawID         int64
	ReviewKinds        []Option
	SubjectOptions     []Option
	// UnitChoices are the units a cluster may be made of: the children
	// of the movement's unit and those already in a cluster; Checked
	// those of the cluster being edited.
	UnitChoices []emulation.Unit
	Checked     map[int64]bool
}

// EmulationRankingGroup is the ranking of a cluster (or of all collectives outside
// clusters, or of the individuals) with its chart.
type EmulationRankingGroup struct {
	ID     string
	Title  string
	Scores []*emulation.Score
	SVG    template.HTML
}

// movementForms are the forms of the movement page shown again after a
// refusal.
type movementForms struct {
	step, cluster, reg, review, withdrawal *Form
	withdrawID                             int64
}

func (s *Server) emulationMovement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderMovement(w, r, http.StatusOK, id, nil)
}

func (s *Server) renderMovement(w http.ResponseWriter, r *http.Request, status int, id int64, forms *movementForms) error {
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	svc := s.Services.Emulation
	m, err := svc.FindMovement(ctx, id)
	if err != nil {
		return err
	}
	if forms == nil {
		forms = &movementForms{}
	}
	p := &EmulationMovementPage{Base: Base{Title: m.Title, Crumbs: []Link{{"Phong trào thi đua", "/emulation"}}}, M: m, Year: emulationYear(r, m),
		ClusterName: map[int64]string{}, Checked: map[int64]bool{}}
	for y := m.FromYear; y <= m.ToYear; y++ {
		p.Years = append(p.Years, y)
	}
	for _, c := range m.Criteria {
		if c.Subject == emulation.Individual {
			p.Individual = append(p.Individual, c)
		} else {
			p.Collective = append(p.Collective, c)
		}
	}
	p.CanManage = a.Can(congvu.ActEmulationManage, m.UnitPath)
	p.CanEdit = p.CanManage && m.Status == emulation.MovementDraft
	p.CanRegister = m.Status == emulation.MovementOpen && a.Can(congvu.ActEmulationRegister, "")
	p.CanScore = m.Status != emulation.MovementDraft && a.Can(congvu.ActEmulationScore, "")
	p.Step, p.Cluster, p.Reg, p.Review, p.Withdrawal, p.WithdrawID = orBlank(forms.step), orBlank(forms.cluster), orBlank(forms.reg),
		orBlank(forms.review), orBlank(forms.withdrawal), forms.withdrawID
	if forms.reg == nil {
		p.Reg.Set("subject", string(emulation.Collective))
	}
	if forms.review == nil {
		p.Review.Set("kind", string(emulation.ReviewInterim))
		if p.Year >= m.ToYear {
			p.Review.Set("kind", string(emulation.ReviewFinal))
		}
		p.Review.Set("review_year", strconv.Itoa(p.Year))
		p.Review.Set("held_on", time.Now().In(congvu.TimeZone).Format("02/01/2006"))
	}
	p.SubjectOptions = []Option{{string(emulation.Collective), "Tập thể (đơn vị)"}, {string(emulation.Individual), "Cá nhân (cán bộ)"}}
	p.ReviewKinds = []Option{{string(emulation.ReviewInterim), "Sơ kết (giữa kỳ)"}, {string(emulation.ReviewFinal), "Tổng kết (cuối kỳ)"}}

	if p.Clusters, err = svc.FindClusters(ctx, m.ID); err != nil {
		return err
	}
	editID, _ := strconv.ParseInt(r.URL.Query().Get("cum"), 10, 64)
	for _, c := range p.Clusters {
		p.ClusterName[c.ID] = c.Title
		if forms.cluster == nil && c.ID == editID {
			p.Cluster.Set("cluster_id", strconv.FormatInt(c.ID, 10))
			p.Cluster.Set("cluster_title", c.Title)
			for _, u := range c.Units {
				p.Cluster.Values.Add("units", strconv.FormatInt(u.ID, 10))
			}
		}
	}
	if p.CanManage {
		kids, _, err := s.Services.Units.FindUnits(ctx, org.UnitFilter{ParentID: m.UnitID, Limit: 200})
		if err != nil && congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			return err
		}
		seen := map[int64]bool{}
		for _, u := range kids {
			p.UnitChoices, seen[u.ID] = append(p.UnitChoices, emulation.Unit{ID: u.ID, Name: u.Name}), true
		}
		for _, c := range p.Clusters {
			for _, u := range c.Units {
				if !seen[u.ID] {
					p.UnitChoices, seen[u.ID] = append(p.UnitChoices, u), true
				}
			}
		}
		for _, v := range p.Cluster.Values["units"] {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				p.Checked[n] = true
			}
		}
	}
	regs, total, err := svc.FindRegistrations(ctx, emulation.RegistrationFilter{MovementID: m.ID, Year: p.Year, Limit: registrationsPageSize,
		Offset: PageOffset(r, registrationsPageSize)})
	if err != nil {
		return err
	}
	p.Registrations, p.Pager = regs, NewPager(r, total, registrationsPageSize)
	p.TitleLabels = map[string]string{}
	if sets, err := svc.TitleRuleSets(ctx); err == nil {
		for _, rs := range sets {
			for _, t := range rs.Titles {
				p.TitleLabels[t.Code] = t.Label
			}
		}
		if p.CanRegister {
			if rs := emulation.TitleRuleSetFor(sets, p.Year); rs != nil {
				p.TitleOptions = []Option{{"", "— Chọn danh hiệu đăng ký —"}}
				for _, t := range rs.Titles {
					p.TitleOptions = append(p.TitleOptions, Option{t.Code, t.Label + " (" + strings.ToLower(t.Subject.Label()) + ")"})
				}
			}
		}
	}
	if p.Rankings, err = s.movementRankings(r, m, p.Year, p.Clusters, rankingShown); err != nil {
		return err
	}
	if p.Reviews, err = svc.FindReviews(ctx, m.ID); err != nil {
		return err
	}
	return s.Render(w, r, status, "emulation_detail.html", p)
}

// registrationsPageSize is the registrations shown per page; rankingShown
// the rows of each ranking shown on the page (the spreadsheet has them all).
const (
	registrationsPageSize = 100
	rankingShown          = 100
)

func orBlank(f *Form) *Form {
	if f == nil {
		return NewForm(nil)
	}
	return f
}

// movementRankings reads the ranking of each cluster, of the collectives
// outside any cluster, and of the individuals, for year.
func (s *Server) movementRankings(r *http.Request, m *emulation.Movement, year int, clusters []*emulation.Cluster, limit int) ([]EmulationRankingGroup, error) {
	ctx := r.Context()
	var out []EmulationRankingGroup
	add := func(id, title string, f emulation.RankingFilter, keep func(*emulation.Score) bool) error {
		f.MovementID, f.Year, f.Limit = m.ID, year, limit
		list, err := s.Services.Emulation.Ranking(ctx, f)
		if err != nil {
			return err
		}
		var scores []*emulation.Score
		for _, sc := range list {
			if keep == nil || keep(sc) {
				scores = append(scores, sc)
			}
		}
		if len(scores) == 0 {
			return nil
		}
		out = append(out, EmulationRankingGroup{ID: id, Title: title, Scores: scores, SVG: rankingChart(id+"-bieu-do", title+" — năm "+strconv.Itoa(year), m.ID, scores)})
		return nil
	}
	for _, c := range clusters {
		if err := add("cum-"+strconv.FormatInt(c.ID, 10), c.Title, emulation.RankingFilter{Subject: emulation.Collective, ClusterID: c.ID}, nil); err != nil {
			return nil, err
		}
	}
	title := "Tập thể"
	if len(clusters) > 0 {
		title = "Tập thể ngoài các cụm"
	}
	if err := add("tap-the", title, emulation.RankingFilter{Subject: emulation.Collective},
		func(sc *emulation.Score) bool { return len(clusters) == 0 || sc.ClusterID == 0 }); err != nil {
		return nil, err
	}
	if err := add("ca-nhan", "Cá nhân", emulation.RankingFilter{Subject: emulation.Individual}, nil); err != nil {
		return nil, err
	}
	return out, nil
}

// EmulationScoreName is who a score is of.
func EmulationScoreName(sc *emulation.Score) string {
	if sc.OfficialID != 0 {
		return sc.OfficialName
	}
	return sc.UnitName
}

// rankingChart draws a ranking as bars of each score's share of its
// maximum, best first.
func rankingChart(id, title string, movementID int64, scores []*emulation.Score) template.HTML {
	var bars []chart.Bar
	var parts []string
	for _, sc := range scores {
		v := 0.0
		if sc.Max > 0 {
			v = 100 * sc.Total / sc.Max
		}
		bars = append(bars, chart.Bar{Label: fmt.Sprintf("%d. %s", sc.Rank, EmulationScoreName(sc)), Value: v,
			Note: EmulationPoints(sc.Total) + "/" + EmulationPoints(sc.Max) + " điểm"})
		parts = append(parts, fmt.Sprintf("%s: %s/%s điểm", EmulationScoreName(sc), EmulationPoints(sc.Total), EmulationPoints(sc.Max)))
	}
	desc := "Tỷ lệ điểm đạt trên điểm tối đa, cao nhất trước: " + strings.Join(parts, "; ") + ". Số liệu chi tiết ở bảng ngay sau biểu đồ."
	return template.HTML(chart.Bars(id, title, desc, bars, 0))
}

// ScoreHref is where a score is explained line by line.
func (p *EmulationMovementPage) ScoreHref(sc *emulation.Score) string {
	return fmt.Sprintf("/emulation/%d/scores/%d?year=%d", p.M.ID, sc.RegistrationID, p.Year)
}

// CanWithdraw reports whether the actor may withdraw registration g.
func (p *EmulationMovementPage) CanWithdraw(g *emulation.Registration) bool {
	return p.CanRegister && !g.Withdrawn && p.Actor.Can(congvu.ActEmulationRegister, g.UnitPath)
}

// YearHref is the page for another year.
func (p *EmulationMovementPage) YearHref(y int) string {
	return fmt.Sprintf("%s?year=%d", movementHref(p.M.ID), y)
}

// ReviewHref is where review v is shown.
func (p *EmulationMovementPage) ReviewHref(v *emulation.Review) string {
	return fmt.Sprintf("%s/reviews/%d", movementHref(p.M.ID), v.ID)
}

// RankingShown is how many rows of each ranking the page shows.
func (p *EmulationMovementPage) RankingShown() int { return rankingShown }
