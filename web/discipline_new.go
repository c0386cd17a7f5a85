package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/org"
	"congvu/violation"
)

// Opening a discipline case for one official from the violations naming
// them (/discipline/new?violation=…&official=…): the page shows the rule
// set in force on the date of the (latest) act for the official's category
// and post, the forms it allows, the form proposed after combination and
// repetition with the rule's explanation, and a warning when the time bar
// has passed. The service applies the same rules again when the case is
// opened (violation.DisciplineService.OpenCase).

// NewDisciplineCasePage is the form that opens a case.
type NewDisciplineCasePage struct {
	Base
	Form       *Form
	Official   *org.Official
	Violations []*violation.Violation
	ActDate    time.Time
	RuleSet    *violation.RuleSet
	NoRule     string // why no rule set judges the act
	Forms      []violation.Form
	FormOpts   []Option
	Severities []Option
	// Proposed is the form after combination and repetition, Why the
	// rule's explanation; Running the form of a sanction still running.
	Proposed, Why, Running string
	// Barred: the time bar has passed (Bar says which).
	Barred     bool
	Bar        violation.TimeBar
	Competence violation.Competence
	Council    bool
	// Missing: no violation or official chosen; the page says where to
	// start.
	Missing bool
}

// ProposedLabel names the proposed form.
func (p *NewDisciplineCasePage) ProposedLabel() string { return formLabel(p.RuleSet, p.Proposed) }

// newCaseIDs reads the violations and the official of the form.
func newCaseIDs(f *Form) (ids []int64, official int64) {
	for _, v := range f.Values["violation"] {
		if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && n > 0 && !slices.Contains(ids, n) && len(ids) < 20 {
			ids = append(ids, n)
		}
	}
	return ids, f.Int("official")
}

// newDisciplineCasePage loads what the form shows; a violation or an
// official the actor may not read is not found.
func (s *Server) newDisciplineCasePage(r *http.Request, f *Form) (*NewDisciplineCasePage, error) {
	ctx := r.Context()
	ids, officialID := newCaseIDs(f)
	p := &NewDisciplineCasePage{Base: Base{Title: "Mở thủ tục xem xét kỷ luật", Crumbs: []Link{{"Xem xét kỷ luật", "/discipline"}}}, Form: f}
	if len(ids) == 0 || officialID <= 0 {
		p.Missing = true
		return p, nil
	}
	named := false
	for _, id := range ids {
		v, err := s.Services.Violations.FindViolation(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, n := range v.Officials {
			named = named || n.OfficialID == officialID
		}
		p.Violations = append(p.Violations, v)
		if v.ActDate.After(p.ActDate) {
			p.ActDate = v.ActDate
		}
	}
	if !named {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Vi phạm không nêu tên cán bộ này.")
	}
	o, err := s.Services.Officials.FindOfficialByID(ctx, officialID)
	if err != nil {
		return nil, err
	}
	p.Official = o
	for _, sv := range violation.Severities {
		p.Severities = append(p.Severities, Option{string(sv), sv.Label()})
	}
	if f.Get("severity") == "" {
		for _, v := range p.Violations {
			if v.Severity != "" {
				f.Set("severity", string(v.Severity))
			}
		}
		if f.Get("severity") == "" {
			f.Set("severity", string(violation.SeverityMinor))
		}
	}
	rs, err := s.Services.Discipline.RuleSetFor(ctx, o.Category, p.ActDate)
	if err != nil {
		if congvu.ErrorCode(err) != congvu.ENOTFOUND {
			return nil, err
		}
		p.NoRule = congvu.ErrorMessage(err)
		return p, nil
	}
	p.RuleSet = rs
	p.Forms = rs.FormsFor(o.Category, o.IsLeader)
	p.Competence = rs.CompetenceFor(o.Category, o.IsLeader)
	sev := violation.Severity(f.Get("severity"))
	chosen := f.Get("proposed_form")
	if chosen == "" {
		// The lightest form answering the severity.
		for _, fm := range p.Forms {
			if slices.Contains(fm.Severities, sev) {
				chosen = fm.Code
				break
			}
		}
		f.Set("proposed_form", chosen)
	}
	for _, fm := range p.Forms {
		p.FormOpts = append(p.FormOpts, Option{fm.Code, fm.Label})
	}
	// The service's own reading of repetition, on the act's day: the
	// preview proposes what OpenCase will.
	if p.Running, err = s.Services.Discipline.RunningForm(ctx, o.ID, p.ActDate); err != nil {
		return nil, err
	}
	if chosen != "" {
		acts := make([]string, len(p.Violations))
		for i := range acts {
			acts[i] = chosen
		}
		p.Proposed, p.Why = rs.For(o.Category, o.IsLeader).Propose(acts, p.Running)
		p.Council = rs.NeedsCouncil(o.Category, p.Proposed)
	}
	if sev.Valid() {
		p.Barred, p.Bar = rs.Barred(sev, p.ActDate, time.Now())
	}
	return p, nil
}

func (s *Server) newDisciplineCaseForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.newDisciplineCasePage(r, NewForm(r.URL.Query()))
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusOK, "discipline_new.html", p)
}

func (s *Server) openDisciplineCase(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	ids, officialID := newCaseIDs(f)
	if len(ids) == 0 || officialID <= 0 {
		f.SetMessage("Xin mở thủ tục kỷ luật từ trang của một vi phạm, chọn cán bộ liên quan.")
	}
	in := violation.CaseInput{OfficialID: officialID, ViolationIDs: ids, Severity: violation.Severity(f.Get("severity")), ProposedForm: f.Get("proposed_form")}
	if !in.Severity.Valid() {
		f.AddError("severity", "Xin chọn mức độ hậu quả trong danh sách.")
	}
	if in.ProposedForm == "" {
		f.AddError("proposed_form", "Xin chọn hình thức kỷ luật đề xuất.")
	}
	if !f.Failed() {
		c, err := s.Services.Discipline.OpenCase(r.Context(), in)
		if err == nil {
			return s.Redirect(w, r, disciplineHref(c.ID), "mo-ho-so")
		}
		if !f.SetError(err) {
			return err
		}
		f.moveError("violation_ids", "proposed_form")
		f.moveError("form", "proposed_form")
	}
	f.Summarize("Chưa mở được thủ tục, xin kiểm tra lại các ô được đánh dấu.")
	p, err := s.newDisciplineCasePage(r, f)
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusBadRequest, "discipline_new.html", p)
}
