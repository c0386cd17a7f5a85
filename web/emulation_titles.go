package web

import (
	"net/http"
	"sort"
	"strconv"

	"congvu"
	"congvu/emulation"
	"congvu/org"
)

// EmulationTitlesPage is the emulation titles of a year in a subtree: suggestions
// from the evidence (each check a ✓/✗ line) for those who propose, the
// proposals and decisions, and the competent level's queue with the
// decision form.
type EmulationTitlesPage struct {
	Base
	Form        *Form // the filter: unit and year
	Unit        *org.Unit
	Year        int
	Suggestions []*emulation.TitleSuggestion
	Queue       []*emulation.TitleProposal
	Proposals   []*emulation.TitleProposal
	Pager       Pager
	CanPropose  bool
	Propose     *Form
	ProposeKey  string
	Decide      *Form
	DecideID    int64
	DossierPDF  string
	DossierDOCX string
	Statuses    []Option
	// MoreSuggestions is how many suggestions the page leaves out.
	MoreSuggestions int
}

// titlesPageSize is the proposals shown per page; titlesSuggestMax the
// suggestions.
const (
	titlesPageSize   = 100
	titlesSuggestMax = 50
)

// EmulationTitleKey names a suggestion in the proposal form: title, unit and
// official.
func EmulationTitleKey(title string, unitID, officialID int64) string {
	return title + ":" + strconv.FormatInt(unitID, 10) + ":" + strconv.FormatInt(officialID, 10)
}

// SuggestionTitleKey is the key of suggestion g.
func (p *EmulationTitlesPage) SuggestionTitleKey(g *emulation.TitleSuggestion) string {
	return EmulationTitleKey(g.Title, g.UnitID, g.OfficialID)
}

// EmulationSubjectName is who a suggestion or a proposal is for.
func EmulationSubjectName(officialName, unitName string) string {
	if officialName != "" {
		return officialName
	}
	return "Tập thể " + unitName
}

func (s *Server) emulationTitles(w http.ResponseWriter, r *http.Request) error {
	return s.renderTitles(w, r, http.StatusOK, nil, nil, 0, 0)
}

// renderTitles draws the page; after a refused proposal or decision, the
// form shown again and the year of what was refused (year).
func (s *Server) renderTitles(w http.ResponseWriter, r *http.Request, status int, propose, decide *Form, decideID int64, year int) error {
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	f := NewForm(r.URL.Query())
	p := &EmulationTitlesPage{Base: Base{Title: "Danh hiệu thi đua", Crumbs: []Link{{"Phong trào thi đua", "/emulation"}}}, Form: f,
		Propose: orBlank(propose), Decide: orBlank(decide), DecideID: decideID}
	p.Year = thisYear() - 1 // titles are considered after the year ends
	if v := f.Get("nam"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > thisYear() {
			f.AddError("nam", "Năm phải là số từ 2000 đến "+strconv.Itoa(thisYear())+".")
		} else {
			p.Year = y
		}
	}
	if year != 0 {
		p.Year = year
	}
	unit, err := s.dashboardUnit(r, f, UnitParam, congvu.ActEmulationView, "Bạn chưa được giao phạm vi theo dõi thi đua.")
	if err != nil {
		return err
	}
	p.Unit = unit
	q := "nam=" + strconv.Itoa(p.Year) + "&" + UnitParam + "=" + unit.Code
	p.DossierPDF, p.DossierDOCX = "/emulation/titles/to-trinh.pdf?"+q, "/emulation/titles/to-trinh.docx?"+q
	svc := s.Services.Emulation
	p.CanPropose = a.Can(congvu.ActEmulationPropose, unit.Path)
	if p.CanPropose {
		sg, err := svc.SuggestTitles(ctx, unit.ID, p.Year)
		if err != nil && congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			return err
		}
		// The eligible first; a province's are many: the page shows the
		// first titlesSuggestMax, a smaller unit shows the rest.
		sort.SliceStable(sg, func(i, j int) bool { return sg[i].Eligible && !sg[j].Eligible })
		if len(sg) > titlesSuggestMax {
			p.MoreSuggestions, sg = len(sg)-titlesSuggestMax, sg[:titlesSuggestMax]
		}
		p.Suggestions = sg
		if propose != nil {
			p.ProposeKey = EmulationTitleKey(propose.Get("title"), propose.Int("unit_id"), propose.Int("official_id"))
		}
	}
	p.Statuses = []Option{{"", "Tất cả"}, {string(emulation.ProposalProposed), "Chờ quyết định"}, {string(emulation.ProposalApproved), "Đã công nhận"},
		{string(emulation.ProposalRejected), "Không công nhận"}}
	tf := emulation.TitleFilter{UnitID: unit.ID, Year: p.Year, Limit: titlesPageSize, Offset: PageOffset(r, titlesPageSize)}
	switch st := emulation.ProposalStatus(f.Get("trang-thai")); st {
	case "":
	case emulation.ProposalProposed, emulation.ProposalApproved, emulation.ProposalRejected:
		tf.Status = st
	default:
		f.AddError("trang-thai", "Xin chọn một tình trạng trong danh sách.")
	}
	list, total, err := svc.FindTitleProposals(ctx, tf)
	if err != nil {
		return err
	}
	p.Pager = NewPager(r, total, titlesPageSize)
	for _, tp := range list {
		if tp.Status == emulation.ProposalProposed && emulation.MayDecide(a, tp.CompetentUnitID) {
			p.Queue = append(p.Queue, tp)
		}
		p.Proposals = append(p.Proposals, tp)
	}
	if f.Failed() {
		status = http.StatusBadRequest
	}
	return s.Render(w, r, status, "emulation_titles.html", p)
}

// proposeTitle proposes a title from a suggestion (the checks are the
// service's to hold).
func (s *Server) proposeTitle(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := emulation.TitleProposalInput{MovementID: f.Int("movement_id"), Title: f.Get("title"), UnitID: f.Int("unit_id"),
		OfficialID: f.Int("official_id"), Reason: f.Get("reason")}
	y, err := strconv.Atoi(f.Get("year"))
	if err != nil {
		return congvu.Errorf(congvu.EINVALID, "Năm đề nghị không hợp lệ; xin tải lại trang.")
	}
	in.Year = y
	tp, err := s.Services.Emulation.ProposeTitle(r.Context(), in)
	if err == nil {
		return s.Redirect(w, r, "/emulation/titles?nam="+strconv.Itoa(tp.Year), "td-de-nghi")
	}
	if !f.SetError(err) {
		return err
	}
	f.Summarize("Chưa đề nghị được danh hiệu.")
	return s.renderTitles(w, r, http.StatusBadRequest, f, nil, 0, in.Year)
}

// decideTitle approves (number, date) or rejects (reason) a proposal at
// the competent level.
func (s *Server) decideTitle(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	id := f.Int("proposal")
	if id <= 0 {
		f.SetMessage("Xin chọn đề nghị cần quyết định trong danh sách chờ.")
		return s.renderTitles(w, r, http.StatusBadRequest, nil, f, 0, 0)
	}
	in := emulation.TitleDecisionInput{Approve: f.Get("decision") == "approve", Number: f.Get("number"), Date: f.Get("date"),
		RejectReason: f.Get("reject_reason")}
	tp, err := s.Services.Emulation.DecideTitle(r.Context(), id, in)
	if err == nil {
		return s.Redirect(w, r, "/emulation/titles?nam="+strconv.Itoa(tp.Year), "td-quyet-dinh")
	}
	if !f.SetError(err) {
		return err
	}
	f.moveError("decision_number", "number")
	f.moveError("decision_date", "date")
	f.Summarize("Chưa ghi được quyết định, xin kiểm tra lại các ô được đánh dấu.")
	year := 0
	if tp, err := s.Services.Emulation.FindTitleProposal(r.Context(), id); err == nil {
		year = tp.Year
	}
	return s.renderTitles(w, r, http.StatusBadRequest, nil, f, id, year)
}
