package web

import (
	"net/http"
	"strconv"

	"congvu"
	"congvu/violation"
)

// ViolationPage is one violation for staff: the officials named and what
// became of each, the items, the evidence, the handlings, the history, and
// the forms of its handling.
type ViolationPage struct {
	Base
	V         *violation.Violation
	History   []HistoryEntry
	Reads     int // audited readings, not listed one by one
	CanOpen   bool
	CanHandle bool
	// Conflicted: the actor's own official record is named; the next
	// level up handles it.
	Conflicted bool
	// CanDismiss: the actor may close the whole violation.
	CanDismiss bool
	// Pending are the officials named still without an outcome.
	Pending []Option
	// EvidenceChoices are the suggestions of the unit's subtree to add.
	EvidenceChoices []ViolationEvidenceChoice
	Kinds           []violation.HandlingKind
	Severities      []Option
	// The forms, the failed one with its input.
	Evidence, Handle, NoAction, Dismiss *Form
	// CanDiscipline: the discipline pages exist and the actor may open a
	// case (the link "Xem xét kỷ luật" per official pending).
	CanDiscipline bool
}

// Open reports whether the violation is still being handled.
func (p *ViolationPage) Open() bool { return p.V.Status == violation.StatusOpen }

// DisciplineHref is where a case is opened for an official named (the
// discipline pages).
func (p *ViolationPage) DisciplineHref(officialID int64) string {
	return "/discipline/new?violation=" + strconv.FormatInt(p.V.ID, 10) + "&official=" + strconv.FormatInt(officialID, 10)
}

// Paragraphs splits a text in paragraphs.
func (p *ViolationPage) Paragraphs(s string) []string { return paragraphs(s) }

func severityOptions() []Option {
	out := []Option{{"", "— Chưa đánh giá —"}}
	for _, sv := range violation.Severities {
		out = append(out, Option{string(sv), sv.Label()})
	}
	return out
}

func (s *Server) violation(w http.ResponseWriter, r *http.Request) error {
	return s.renderViolation(w, r, http.StatusOK, &ViolationPage{})
}

// renderViolation reads the violation of the path and shows it with the
// forms p holds (blank ones for the others).
func (s *Server) renderViolation(w http.ResponseWriter, r *http.Request, status int, p *ViolationPage) error {
	ctx := r.Context()
	id, err := violationID(r)
	if err != nil {
		return err
	}
	v, err := s.Services.Violations.FindViolation(ctx, id)
	if err != nil {
		return err
	}
	a := congvu.ActorFromContext(ctx)
	p.V = v
	p.Base = Base{Title: "Vụ vi phạm tại " + v.UnitName + ", ngày " + formatDate(v.ActDate), Crumbs: []Link{{"Vi phạm", "/violations"}}}
	p.Conflicted = violation.Conflicted(a, v)
	p.CanOpen = a.Can(congvu.ActViolationOpen, v.UnitPath) && !p.Conflicted
	p.CanHandle = violation.CanHandle(a, v, nil)
	p.CanDismiss = p.CanHandle
	p.CanDiscipline = s.hasRoute("GET", "/discipline/new") && a.Can(congvu.ActDisciplineRun, v.UnitPath) && !p.Conflicted
	p.Kinds, p.Severities = violation.HandlingKinds, severityOptions()
	for _, n := range v.Officials {
		if (n.Outcome == violation.OutcomePending || n.Outcome == "") && violation.CanHandle(a, v, n) {
			p.CanHandle = true
			p.Pending = append(p.Pending, Option{strconv.FormatInt(n.OfficialID, 10), n.FullName + " (" + n.EmployeeCode + ")"})
		}
	}
	for _, f := range []**Form{&p.Evidence, &p.Handle, &p.NoAction, &p.Dismiss} {
		if *f == nil {
			*f = NewForm(nil)
		}
	}
	if len(p.Pending) == 1 {
		if p.Handle.Values.Get("official") == "" {
			p.Handle.Set("official", p.Pending[0].Value)
		}
		if p.NoAction.Values.Get("na_official") == "" {
			p.NoAction.Set("na_official", p.Pending[0].Value)
		}
	}
	if p.CanOpen && p.Open() {
		sugg, err := s.violationSuggestions(r, v.UnitID)
		if err != nil {
			return err
		}
		have := map[string]bool{}
		for _, ev := range v.Evidence {
			have[ev.Kind+":"+strconv.FormatInt(ev.ID, 10)] = true
		}
		for _, sg := range sugg {
			if have[sg.Kind+":"+strconv.FormatInt(sg.ID, 10)] && sg.ID != 0 {
				continue
			}
			label := sg.Summary
			if sg.OfficialName != "" {
				label += " — " + sg.OfficialName
			}
			val := evidenceValue(sg.EvidenceRef)
			p.EvidenceChoices = append(p.EvidenceChoices, ViolationEvidenceChoice{Value: val, Label: label, Reason: sg.Reason, Checked: p.Evidence.Values.Get("evidence") == val})
		}
	}
	events, err := s.Services.Violations.History(ctx, id)
	if err != nil && congvu.ErrorCode(err) != congvu.ENOTFOUND && congvu.ErrorCode(err) != congvu.EFORBIDDEN {
		return err
	}
	for _, e := range events {
		if e.Kind == "violation.read" {
			p.Reads++
			continue
		}
		label := auditKinds[e.Kind]
		if label == "" {
			label = e.Kind
		}
		actor := e.ActorName
		if actor == "" {
			actor = "Hệ thống"
		}
		p.History = append(p.History, HistoryEntry{At: e.At, Label: label, Actor: actor})
	}
	return s.Render(w, r, status, "violation_detail.html", p)
}

// violationPost parses a posted form of the detail page.
func violationPost(r *http.Request) (*Form, int64, error) {
	id, err := violationID(r)
	if err != nil {
		return nil, 0, err
	}
	if err := r.ParseForm(); err != nil {
		return nil, 0, err
	}
	return NewForm(r.PostForm), id, nil
}

// violationFormFailed shows the detail page again with the failed form,
// or passes err on when it is not about the input.
func (s *Server) violationFormFailed(w http.ResponseWriter, r *http.Request, f *Form, err error, msg string, set func(*ViolationPage)) error {
	if err != nil && !f.SetError(err) {
		return err
	}
	f.Summarize(msg)
	p := &ViolationPage{}
	set(p)
	return s.renderViolation(w, r, http.StatusBadRequest, p)
}

func (s *Server) addViolationEvidence(w http.ResponseWriter, r *http.Request) error {
	f, id, err := violationPost(r)
	if err != nil {
		return err
	}
	set := func(p *ViolationPage) { p.Evidence = f }
	const msg = "Chưa thêm được bằng chứng."
	note := textField(f, "observation")
	var ref congvu.EvidenceRef
	switch v := f.Values.Get("evidence"); {
	case v != "" && note != "":
		f.AddError("evidence", "Xin chọn một gợi ý hoặc ghi nhận trực tiếp, không cả hai một lúc.")
	case v != "":
		var ok bool
		if ref, ok = parseEvidenceValue(v); !ok {
			f.AddError("evidence", "Bằng chứng đã chọn không hợp lệ; xin chọn lại trong danh sách.")
		}
	case note != "":
		ref = congvu.EvidenceRef{Kind: congvu.EvidenceObservation}
	default:
		if f.Error("observation") == "" {
			f.AddError("evidence", "Xin chọn một gợi ý, hoặc ghi nhận xét của anh/chị.")
		}
	}
	if f.Failed() {
		return s.violationFormFailed(w, r, f, nil, msg, set)
	}
	if ref.Kind != congvu.EvidenceObservation {
		x, err := s.Services.Violations.FindViolation(r.Context(), id)
		if err != nil {
			return err
		}
		sugg, err := s.violationSuggestions(r, x.UnitID)
		if err != nil {
			return err
		}
		sg, err := s.resolveEvidence(r, ref, 0, sugg)
		if err != nil {
			if congvu.ErrorCode(err) == congvu.ENOTFOUND || congvu.ErrorCode(err) == congvu.EFORBIDDEN {
				f.AddError("evidence", "Không tìm thấy căn cứ này trong phạm vi của bạn.")
				err = nil
			}
			return s.violationFormFailed(w, r, f, err, msg, set)
		}
		if sg != nil {
			ref = sg.EvidenceRef
			if ref.Kind == congvu.EvidenceRatings && note == "" {
				note = sg.Reason
			}
		}
	}
	if _, err := s.Services.Violations.AddEvidence(r.Context(), id, ref, note); err != nil {
		return s.violationFormFailed(w, r, f, err, msg, set)
	}
	return s.Redirect(w, r, violationHref(id), "vp-da-them-bang-chung")
}

func (s *Server) handleViolation(w http.ResponseWriter, r *http.Request) error {
	f, id, err := violationPost(r)
	if err != nil {
		return err
	}
	set := func(p *ViolationPage) { p.Handle = f }
	const msg = "Chưa ghi nhận được việc xử lý, xin kiểm tra lại các ô được đánh dấu."
	in := parseHandlingForm(f)
	if f.Failed() {
		return s.violationFormFailed(w, r, f, nil, msg, set)
	}
	if _, err := s.Services.Violations.Handle(r.Context(), id, in); err != nil {
		return s.violationFormFailed(w, r, f, err, msg, func(p *ViolationPage) {
			f.moveError("official_id", "official")
			p.Handle = f
		})
	}
	return s.Redirect(w, r, violationHref(id), "vp-da-xu-ly")
}

func (s *Server) violationNoAction(w http.ResponseWriter, r *http.Request) error {
	f, id, err := violationPost(r)
	if err != nil {
		return err
	}
	set := func(p *ViolationPage) {
		f.moveError("official_id", "na_official")
		f.moveError("reason", "na_reason")
		p.NoAction = f
	}
	const msg = "Chưa ghi nhận được, xin kiểm tra lại các ô được đánh dấu."
	ids, ok := parseIDs([]string{f.Values.Get("na_official")})
	if !ok || len(ids) != 1 {
		f.AddError("na_official", "Xin chọn cán bộ trong danh sách.")
	}
	reason := textField(f, "na_reason")
	if f.Failed() {
		return s.violationFormFailed(w, r, f, nil, msg, set)
	}
	if _, err := s.Services.Violations.NoAction(r.Context(), id, ids[0], reason); err != nil {
		return s.violationFormFailed(w, r, f, err, msg, set)
	}
	return s.Redirect(w, r, violationHref(id), "vp-khong-ap-dung")
}

func (s *Server) dismissViolation(w http.ResponseWriter, r *http.Request) error {
	f, id, err := violationPost(r)
	if err != nil {
		return err
	}
	set := func(p *ViolationPage) {
		f.moveError("reason", "dismiss_reason")
		p.Dismiss = f
	}
	const msg = "Chưa đóng được vụ việc."
	reason := textField(f, "dismiss_reason")
	if f.Failed() {
		return s.violationFormFailed(w, r, f, nil, msg, set)
	}
	if _, err := s.Services.Violations.Dismiss(r.Context(), id, reason); err != nil {
		return s.violationFormFailed(w, r, f, err, msg, set)
	}
	return s.Redirect(w, r, violationHref(id), "vp-da-dong")
}
