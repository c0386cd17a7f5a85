package web

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"time"

	"congvu"
	"congvu/org"
	"congvu/violation"
)

// Query parameters that open the form from a piece of evidence: a founded
// petition, a breached line of an inspection record (with its inspection,
// to find it when no suggestion lists it).
const (
	violationPetitionParam   = "petition"
	violationLineParam       = "line"
	violationInspectionParam = "inspection"
	violationMaxChoices      = 500 // officials listed to choose from
)

// NewViolationPage opens a violation from evidence.
type NewViolationPage struct {
	Base
	Form      *Form
	Unit      *org.Unit
	Groups    []*StaffItemGroup
	Officials []ViolationOfficialChoice
	Evidence  []ViolationEvidenceChoice
	// Preselected is the evidence the page was opened from, when any.
	Preselected *violation.Suggestion
}

// UnitForm is the small form that changes the unit (GET, don-vi), with
// the unit's error of the main form.
func (p *NewViolationPage) UnitForm() *Form {
	f := NewForm(nil)
	f.Set(UnitParam, p.Form.Get("unit"))
	if msg := p.Form.Error("unit"); msg != "" {
		f.AddError(UnitParam, msg)
	}
	return f
}

// ViolationOfficialChoice is an official of the unit to name.
type ViolationOfficialChoice struct {
	ID       int64
	Label    string
	Checked  bool
	Position string
}

// ViolationEvidenceChoice is a piece of evidence to tick.
type ViolationEvidenceChoice struct {
	Value   string
	Label   string
	Reason  string
	Checked bool
}

// violationUnit is the unit of the actor's first grant that may open a
// violation: the default unit of the form and of the suggestions.
func violationUnit(a *congvu.Actor) int64 {
	for _, g := range a.Grants {
		if a.Can(congvu.ActViolationOpen, g.UnitPath) {
			return g.UnitID
		}
	}
	return 0
}

// suggestions lists the evidence of unitID's subtree no violation rests
// on yet (an actor who may not see it gets none).
func (s *Server) violationSuggestions(r *http.Request, unitID int64) ([]*violation.Suggestion, error) {
	if unitID == 0 {
		return nil, nil
	}
	// The period is the service's (violation.SuggestDays).
	list, err := s.Services.Violations.Suggest(r.Context(), unitID, time.Time{})
	if err != nil && congvu.ErrorCode(err) != congvu.EFORBIDDEN && congvu.ErrorCode(err) != congvu.ENOTFOUND {
		return nil, err
	}
	return list, nil
}

// resolveEvidence finds the piece of evidence a form names: among the
// suggestions, else from its source (a petition concluded founded, a
// breached line of an inspection). nil, nil when it is not one.
func (s *Server) resolveEvidence(r *http.Request, ref congvu.EvidenceRef, inspectionID int64, sugg []*violation.Suggestion) (*violation.Suggestion, error) {
	for _, sg := range sugg {
		if sg.Kind == ref.Kind && sg.ID == ref.ID && (ref.OfficialID == 0 || sg.OfficialID == ref.OfficialID) {
			return sg, nil
		}
	}
	ctx := r.Context()
	switch ref.Kind {
	case congvu.EvidencePetition:
		p, err := s.Services.Petitions.FindPetition(ctx, ref.ID)
		if err != nil {
			return nil, err
		}
		if !p.Conclusion.Breached() {
			return nil, congvu.Errorf(congvu.EINVALID, "Phản ánh %s chưa được kết luận là đúng hoặc đúng một phần: chưa thể mở vụ vi phạm từ phản ánh này.", p.TrackingCode)
		}
		day := p.SubmittedAt
		if p.OccurredAt != nil {
			day = *p.OccurredAt
		}
		return &violation.Suggestion{
			Evidence: violation.Evidence{EvidenceRef: congvu.EvidenceRef{Kind: congvu.EvidencePetition, ID: p.ID, ItemCodes: p.BreachedItems,
				OfficialID: p.OfficialID, UnitID: p.UnitID, Date: day},
				Summary: "Phản ánh " + p.TrackingCode + ": " + p.Conclusion.Label()},
			OfficialName: p.OfficialName, UnitName: p.UnitName,
		}, nil
	case congvu.EvidenceInspectionLine:
		ev, err := s.Services.Inspections.EvidenceLine(ctx, ref.ID)
		if err != nil {
			return nil, err
		}
		sg := &violation.Suggestion{Evidence: violation.Evidence{EvidenceRef: ev,
			Summary: "Kiểm tra ngày " + formatDate(ev.Date) + ": không đạt chuẩn mực " + joinCodes(ev.ItemCodes)}}
		if inspectionID != 0 {
			if x, err := s.Services.Inspections.FindInspection(ctx, inspectionID); err == nil {
				sg.UnitName = x.TargetUnitName
				sg.Summary = "Kiểm tra tại " + x.TargetUnitName + " ngày " + formatDate(ev.Date) + ": không đạt chuẩn mực " + joinCodes(ev.ItemCodes)
				for _, l := range x.Lines {
					if l.ID == ev.ID {
						sg.OfficialName = l.OfficialName
						if l.Note != "" {
							sg.Summary += " (" + l.Note + ")"
						}
					}
				}
			}
		}
		return sg, nil
	}
	return nil, nil
}

func (s *Server) newViolationForm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	q := r.URL.Query()
	f := NewForm(nil)
	p := &NewViolationPage{}
	unitID := violationUnit(a)
	var from congvu.EvidenceRef
	switch {
	case q.Get(violationPetitionParam) != "":
		from.Kind = congvu.EvidencePetition
		from.ID, _ = strconv.ParseInt(q.Get(violationPetitionParam), 10, 64)
	case q.Get(violationLineParam) != "":
		from.Kind = congvu.EvidenceInspectionLine
		from.ID, _ = strconv.ParseInt(q.Get(violationLineParam), 10, 64)
		f.Set("inspection", q.Get(violationInspectionParam))
	}
	if from.Kind != "" {
		if from.ID <= 0 {
			return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy bằng chứng này.")
		}
		sugg, err := s.violationSuggestions(r, unitID)
		if err != nil {
			return err
		}
		sg, err := s.resolveEvidence(r, from, f.Int("inspection"), sugg)
		if err != nil {
			return err
		}
		if sg == nil {
			return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy bằng chứng này trong phạm vi của bạn.")
		}
		p.Preselected = sg
		unitID = sg.UnitID
		f.Values.Add("evidence", evidenceValue(sg.EvidenceRef))
		for _, c := range sg.ItemCodes {
			f.Values.Add("item", c)
		}
		if sg.OfficialID != 0 {
			f.Values.Add("official", strconv.FormatInt(sg.OfficialID, 10))
			// The official's unit on the day is where the act happened.
			if o, err := s.Services.Officials.FindOfficialByID(ctx, sg.OfficialID); err == nil {
				unitID = o.UnitID
			}
		}
		// The act's day: when the petition says it happened (else when it
		// was made); a line's, when it was found.
		day := sg.Date
		if sg.Kind == congvu.EvidencePetition {
			if pt, err := s.Services.Petitions.FindPetition(ctx, sg.ID); err == nil {
				day = pt.SubmittedAt
				if pt.OccurredAt != nil {
					day = *pt.OccurredAt
				}
			}
		}
		if !day.IsZero() {
			f.Set("act_date", formatDate(day))
		}
	}
	if unitID != 0 {
		f.Set("unit", s.unitCode(r)(unitID))
	}
	status := http.StatusOK
	if code := q.Get(UnitParam); code != "" {
		// renderNewViolation finds it, or says it is not found.
		f.Set("unit", code)
		if _, err := s.unitByCode(r, code); congvu.ErrorCode(err) == congvu.ENOTFOUND {
			status = http.StatusNotFound
		}
	}
	return s.renderNewViolation(w, r, status, p, f)
}

// renderNewViolation fills the choices of the unit the form names (its
// catalog in force, its officials, the suggestions of its subtree) and
// shows the form.
func (s *Server) renderNewViolation(w http.ResponseWriter, r *http.Request, status int, p *NewViolationPage, f *Form) error {
	ctx := r.Context()
	p.Base = Base{Title: "Mở vụ vi phạm", Crumbs: []Link{{"Vi phạm", "/violations"}}}
	p.Form = f
	if code := f.Get("unit"); code != "" && p.Unit == nil {
		if u, err := s.unitByCode(r, code); err == nil {
			p.Unit = u
		} else if congvu.ErrorCode(err) != congvu.ENOTFOUND {
			return err
		} else {
			f.AddError("unit", congvu.ErrorMessage(err))
		}
	}
	if p.Unit == nil {
		return s.Render(w, r, status, "violation_form.html", p)
	}
	codes, _ := parseItemCodes(append(append([]string(nil), f.Values["item"]...), f.Values.Get("items")))
	if v, err := s.Services.Standards.CurrentVersion(ctx, p.Unit.ID); err == nil {
		for _, g := range v.Groups {
			sg := &StaffItemGroup{Code: g.Code, Name: g.Name}
			for _, it := range g.Items {
				sg.Items = append(sg.Items, StaffItemChoice{Code: it.Code, Title: it.Title, Checked: slices.Contains(codes, it.Code)})
			}
			p.Groups = append(p.Groups, sg)
		}
	} else if congvu.ErrorCode(err) != congvu.ENOTFOUND {
		return err
	}
	// Codes typed or checked that the catalog does not list stay in the
	// typed box, so that nothing the user entered is lost.
	var extra []string
	for _, c := range codes {
		found := false
		for _, g := range p.Groups {
			for _, it := range g.Items {
				found = found || it.Code == c
			}
		}
		if !found {
			extra = append(extra, c)
		}
	}
	if f.Error("items") == "" {
		f.Set("items", joinCodes(extra))
	}
	ids, _ := parseIDs(f.Values["official"])
	offs, _, err := s.Services.Officials.FindOfficials(ctx, org.OfficialFilter{UnitID: p.Unit.ID, DirectOnly: true, Limit: violationMaxChoices})
	if err != nil && congvu.ErrorCode(err) != congvu.EFORBIDDEN {
		return err
	}
	listed := map[int64]bool{}
	for _, o := range offs {
		listed[o.ID] = true
		p.Officials = append(p.Officials, ViolationOfficialChoice{ID: o.ID, Label: o.FullName + " (" + o.EmployeeCode + ")", Position: o.Position, Checked: slices.Contains(ids, o.ID)})
	}
	for _, id := range ids { // named by the evidence, since moved or retired
		if listed[id] {
			continue
		}
		if o, err := s.Services.Officials.FindOfficialByID(ctx, id); err == nil {
			p.Officials = append(p.Officials, ViolationOfficialChoice{ID: o.ID, Label: o.FullName + " (" + o.EmployeeCode + ")", Position: o.Position, Checked: true})
		}
	}
	sugg, err := s.violationSuggestions(r, p.Unit.ID)
	if err != nil {
		return err
	}
	chosen := f.Values["evidence"]
	shown := map[string]bool{}
	add := func(sg *violation.Suggestion) {
		v := evidenceValue(sg.EvidenceRef)
		if shown[v] {
			return
		}
		shown[v] = true
		label := sg.Summary
		if sg.OfficialName != "" {
			label += " — " + sg.OfficialName
		}
		p.Evidence = append(p.Evidence, ViolationEvidenceChoice{Value: v, Label: label, Reason: sg.Reason, Checked: slices.Contains(chosen, v)})
	}
	if p.Preselected != nil {
		add(p.Preselected)
	}
	for _, v := range chosen { // ticked before a failed submission
		ref, ok := parseEvidenceValue(v)
		if !ok {
			continue
		}
		if sg, err := s.resolveEvidence(r, ref, f.Int("inspection"), sugg); err == nil && sg != nil {
			add(sg)
		}
	}
	for _, sg := range sugg {
		add(sg)
	}
	return s.Render(w, r, status, "violation_form.html", p)
}

func (s *Server) createViolation(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	p := &NewViolationPage{}
	in, code := parseViolationForm(f)
	if code != "" && f.Error("unit") == "" {
		u, err := s.unitByCode(r, code)
		if err != nil {
			if congvu.ErrorCode(err) != congvu.ENOTFOUND {
				return err
			}
			f.AddError("unit", congvu.ErrorMessage(err))
		} else {
			p.Unit, in.UnitID = u, u.ID
		}
	}
	if !f.Failed() && in.UnitID != 0 {
		// A pattern in ratings is accepted with the suggestion's reason as
		// its note, unless the unit head wrote one.
		sugg, err := s.violationSuggestions(r, in.UnitID)
		if err != nil {
			return err
		}
		for i, ev := range in.Evidence {
			if ev.Kind != congvu.EvidenceRatings || in.Notes[i] != "" {
				continue
			}
			for _, sg := range sugg {
				if sg.Kind == ev.Kind && sg.OfficialID == ev.OfficialID {
					if in.Notes == nil {
						in.Notes = map[int]string{}
					}
					in.Notes[i] = sg.Reason
				}
			}
		}
	}
	if f.Failed() {
		// Say at once what else the domain requires, without saving.
		check := in
		if check.Notes != nil {
			check.Notes = maps.Clone(in.Notes)
		}
		if err := check.Validate(time.Now()); err != nil {
			violationInputErrors(f, in, err)
		}
	} else {
		v, err := s.Services.Violations.CreateViolation(r.Context(), in)
		if err == nil {
			return s.Redirect(w, r, violationHref(v.ID), "vp-da-mo")
		}
		if !violationInputErrors(f, in, err) {
			return err
		}
	}
	f.Summarize("Chưa mở được vụ vi phạm, xin kiểm tra lại các ô được đánh dấu.")
	return s.renderNewViolation(w, r, http.StatusBadRequest, p, f)
}
