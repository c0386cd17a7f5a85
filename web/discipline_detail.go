package web

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"congvu"
	"congvu/export/disciplinedoc"
	"congvu/violation"
)

func init() {
	FlashMessages["kiem-diem"] = "Đã ghi biên bản kiểm điểm."
	FlashMessages["hoi-dong"] = "Đã ghi kết quả họp Hội đồng kỷ luật."
	FlashMessages["quyet-dinh"] = "Đã ghi quyết định kỷ luật."
	FlashMessages["thong-bao"] = "Đã ghi việc thông báo quyết định."
	FlashMessages["khieu-nai"] = "Đã ghi khiếu nại."
	FlashMessages["giai-quyet"] = "Đã ghi kết quả giải quyết khiếu nại."
	FlashMessages["tam-hoan"] = "Đã tạm chưa xem xét kỷ luật."
	FlashMessages["tiep-tuc"] = "Đã tiếp tục xem xét kỷ luật."
	FlashMessages["khong-ky-luat"] = "Đã kết thúc thủ tục, không kỷ luật."
	FlashMessages["mo-ho-so"] = "Đã mở thủ tục xem xét kỷ luật. Bước tiếp theo: tổ chức kiểm điểm."
}

// DisciplineCasePage is one case: its facts, the timeline of its steps
// with their deadlines, the council, the decision, the complaint, the
// forms of the next steps, its documents and (staff) its history.
type DisciplineCasePage struct {
	Base
	Case    *violation.Case
	RuleSet *violation.RuleSet
	// Concerned: the actor is the official the case is about.
	Concerned bool
	Timeline  []TimelineStep
	Docs      []DocLink
	History   []HistoryEntry
	// HistoryActors: the history names who acted.
	HistoryActors bool
	// The forms of the steps the actor may take now (nil: not shown).
	Review, Council, Decision, Notify, Complaint, Settle, Defer, Drop *Form
	CanResume                                                         bool
	Forms, Deferrals, Outcomes                                        []Option
	// ShowVotes: the council's vote detail, for staff, and for the
	// official once decided.
	ShowVotes bool
}

// TimelineStep is a step of the procedure as the timeline shows it.
type TimelineStep struct {
	violation.CaseStep
	WorkingDays     int
	Overdue, Future bool
}

// DocLink is a document to download.
type DocLink struct {
	Label, Href string
}

// FormLabel names a form code of the case's rule set.
func (p *DisciplineCasePage) FormLabel(code string) string {
	return formLabel(p.RuleSet, code)
}

func formLabel(rs *violation.RuleSet, code string) string {
	if rs == nil {
		return code
	}
	return rs.FormLabel(code)
}

// Choices is opts after a first, empty choice labelled first.
func (p *DisciplineCasePage) Choices(first string, opts []Option) []Option {
	return append([]Option{{"", first}}, opts...)
}

// Outcome names a complaint's outcome.
func (p *DisciplineCasePage) Outcome(o string) string { return complaintOutcomeLabel(o) }

func complaintOutcomeLabel(o string) string {
	switch o {
	case violation.ComplaintUpheld:
		return "Giữ nguyên quyết định"
	case violation.ComplaintChanged:
		return "Thay đổi hình thức kỷ luật"
	case violation.ComplaintAnnulled:
		return "Hủy quyết định"
	}
	return o
}

// caseRuleSet finds the case's rule set among the stored ones.
func (s *Server) caseRuleSet(ctx context.Context, c *violation.Case) *violation.RuleSet {
	sets, err := s.Services.Discipline.RuleSets(ctx)
	if err != nil {
		return nil
	}
	for i := range sets {
		if sets[i].ID == c.RuleSetID {
			return &sets[i]
		}
	}
	return nil
}

// caseForms are the forms of rs for the case's official (category and
// post), lightest first.
func caseForms(rs *violation.RuleSet, c *violation.Case) []Option {
	var out []Option
	if rs == nil {
		return out
	}
	for _, f := range rs.FormsFor(c.Category, c.Leader) {
		out = append(out, Option{f.Code, f.Label})
	}
	return out
}

func (s *Server) disciplineCase(w http.ResponseWriter, r *http.Request) error {
	if err := forbidCases(congvu.ActorFromContext(r.Context())); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.disciplineCasePage(r, id)
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusOK, "discipline_detail.html", p)
}

// disciplineCasePage reads the case (an audited reading) and fills the
// page with blank forms for the steps the actor may take now.
func (s *Server) disciplineCasePage(r *http.Request, id int64) (*DisciplineCasePage, error) {
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	c, err := s.Services.Discipline.FindCase(ctx, id)
	if err != nil {
		return nil, err
	}
	rs := s.caseRuleSet(ctx, c)
	p := &DisciplineCasePage{Base: Base{Title: "Xem xét kỷ luật: " + c.OfficialName,
		Crumbs: []Link{{"Xem xét kỷ luật", "/discipline"}}}, Case: c, RuleSet: rs, Concerned: disciplinedoc.Concerned(a, c)}
	p.ShowVotes = !p.Concerned || c.Decision != nil
	now := time.Now()
	days := map[violation.Step]int{}
	if rs != nil {
		for _, sr := range rs.Steps {
			days[sr.Step] = sr.WorkingDays
		}
	}
	for _, st := range c.Steps {
		p.Timeline = append(p.Timeline, TimelineStep{CaseStep: *st, WorkingDays: days[st.Step],
			Overdue: stepOverdue(st, now) && caseOverdue(c, now), Future: st.DoneAt == nil && st.DueOn.After(now)})
	}
	for _, d := range disciplinedoc.For(a, c, disciplinedoc.NeedsCouncil(rs, c)) {
		href := disciplineHref(c.ID) + "/docs/" + string(d)
		p.Docs = append(p.Docs, DocLink{d.Label() + " (PDF)", href + ".pdf"}, DocLink{d.Label() + " (Word)", href + ".docx"})
	}
	p.Forms = caseForms(rs, c)
	if rs != nil {
		for _, d := range rs.Deferrals {
			p.Deferrals = append(p.Deferrals, Option{d.Code, d.Label})
		}
	}
	for _, o := range []string{violation.ComplaintUpheld, violation.ComplaintChanged, violation.ComplaintAnnulled} {
		p.Outcomes = append(p.Outcomes, Option{o, complaintOutcomeLabel(o)})
	}
	if p.Concerned {
		// The official files a complaint against the decision about them.
		if c.Status == violation.CaseNotified {
			p.Complaint = NewForm(nil)
		}
		return p, nil
	}
	// Who runs the procedure (over the official's unit or the competent
	// one) and who decides (over the competent unit): the service checks
	// again; the page hides what the actor could not do.
	competent := c.UnitPath
	if c.CompetentUnitID != 0 && c.CompetentUnitID != c.UnitID {
		competent = ""
		if u, err := s.Services.Units.FindUnitByID(ctx, c.CompetentUnitID); err == nil {
			competent = u.Path
		}
	}
	run := a.Can(congvu.ActDisciplineRun, c.UnitPath) || (competent != "" && a.Can(congvu.ActDisciplineRun, competent))
	decide := competent != "" && a.Can(congvu.ActDisciplineDecide, competent)
	blank := func(ok bool) *Form {
		if ok {
			return NewForm(nil)
		}
		return nil
	}
	switch c.Status {
	case violation.CaseReview:
		p.Review = blank(run)
	case violation.CaseCouncil:
		p.Council = blank(run)
	case violation.CaseDecision:
		p.Decision = blank(decide)
		if p.Decision != nil {
			p.Decision.Set("form", c.ProposedForm)
			if c.Council != nil && c.Council.Recommended != "" {
				p.Decision.Set("form", c.Council.Recommended)
			}
		}
	case violation.CaseDecided:
		p.Notify = blank(run)
	case violation.CaseNotified:
		p.Complaint = blank(run)
	case violation.CaseComplaint:
		p.Settle = blank(decide)
	case violation.CaseDeferred:
		p.CanResume = run
	}
	switch c.Status {
	case violation.CaseReview, violation.CaseCouncil, violation.CaseDecision:
		// Putting a case aside, like ending it, is the competent level's
		// call: the official's own head cannot stall a case the level
		// above decides.
		p.Defer, p.Drop = blank(decide && len(p.Deferrals) > 0), blank(decide)
	}
	if a.Can(congvu.ActViolationView, c.UnitPath) {
		p.History = s.disciplineHistory(ctx, c)
		p.HistoryActors = slices.ContainsFunc(p.History, func(h HistoryEntry) bool { return h.Actor != "" })
	}
	return p, nil
}

// caseHistorian is the optional history of a case (its audited events,
// oldest first), when the service keeps one.
type caseHistorian interface {
	CaseHistory(ctx context.Context, id int64) ([]*congvu.AuditEvent, error)
}

// disciplineHistory is the case's history: its audited events when the
// service gives them, else its steps' dates.
func (s *Server) disciplineHistory(ctx context.Context, c *violation.Case) []HistoryEntry {
	if h, ok := s.Services.Discipline.(caseHistorian); ok {
		if events, err := h.CaseHistory(ctx, c.ID); err == nil && len(events) > 0 {
			var out []HistoryEntry
			for _, e := range events {
				if e.Kind == "discipline.read" {
					continue
				}
				out = append(out, HistoryEntry{At: e.At, Label: AuditKindLabel(e.Kind), Actor: e.ActorName})
			}
			return out
		}
	}
	out := []HistoryEntry{{At: c.OpenedAt, Label: AuditKindLabel("discipline.open")}}
	for _, st := range c.Steps {
		if st.DoneAt != nil {
			out = append(out, HistoryEntry{At: *st.DoneAt, Label: st.Step.Label()})
		}
	}
	slices.SortStableFunc(out, func(a, b HistoryEntry) int { return a.At.Compare(b.At) })
	return out
}

// Step forms.

type disciplineStepKind int

const (
	stepReview disciplineStepKind = iota
	stepCouncil
	stepDecision
	stepNotify
	stepComplaint
	stepSettle
	stepDefer
	stepResume
	stepDrop
)

// disciplineStep handles the POST of one step: the form is read, a bad
// value shows the page again with the input kept and the message on the
// field (nothing saved); the service's refusal too.
func (s *Server) disciplineStep(k disciplineStepKind) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		if err := forbidCases(congvu.ActorFromContext(ctx)); err != nil {
			return err
		}
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := r.ParseForm(); err != nil {
			return err
		}
		f := NewForm(r.PostForm)
		svc := s.Services.Discipline
		var run func() (*violation.Case, error)
		flash := ""
		switch k {
		case stepReview:
			minutes := f.Get("minutes")
			if strings.TrimSpace(minutes) == "" {
				f.AddError("minutes", "Xin ghi nội dung cuộc họp kiểm điểm: ý kiến của người được kiểm điểm và của tập thể.")
			}
			on := dayField(f, "on", true, "ngày họp kiểm điểm")
			run, flash = func() (*violation.Case, error) { return svc.RecordReview(ctx, id, minutes, on) }, "kiem-diem"
		case stepCouncil:
			in := violation.CouncilInput{Minutes: f.Get("minutes"), Recommended: f.Get("recommended")}
			var msg string
			if in.Members, msg = parseCouncilMembers(f.Values.Get("members")); msg != "" {
				f.AddError("members", msg)
			}
			in.MeetingOn = dayField(f, "meeting_on", true, "ngày họp Hội đồng")
			if in.VotesFor, msg = parseVotes(f.Get("votes_for")); msg != "" {
				f.AddError("votes_for", msg)
			}
			if in.VotesAgainst, msg = parseVotes(f.Get("votes_against")); msg != "" {
				f.AddError("votes_against", msg)
			}
			run, flash = func() (*violation.Case, error) { return svc.RecordCouncil(ctx, id, in) }, "hoi-dong"
		case stepDecision:
			in := violation.DecisionInput{Form: f.Get("form"), Signer: f.Get("signer")}
			var msg string
			if in.Number, msg = parseDecisionNumber(f.Get("number")); msg != "" {
				f.AddError("number", msg)
			}
			in.SignedOn = dayField(f, "signed_on", true, "ngày ký")
			in.EffectiveOn = dayField(f, "effective_on", true, "ngày có hiệu lực")
			if in.Form == "" {
				f.AddError("form", "Xin chọn hình thức kỷ luật.")
			}
			if in.Signer == "" {
				f.AddError("signer", "Xin ghi họ tên, chức vụ người ký quyết định.")
			}
			run, flash = func() (*violation.Case, error) { return svc.Decide(ctx, id, in) }, "quyet-dinh"
		case stepNotify:
			note := f.Get("note")
			if strings.TrimSpace(f.Values.Get("note")) == "" {
				f.AddError("note", "Xin ghi nơi nhận thông báo: người bị kỷ luật và các đơn vị liên quan.")
			} else {
				note = strings.Join(linesOf(f.Values.Get("note")), "\n")
			}
			on := dayField(f, "on", true, "ngày thông báo")
			run, flash = func() (*violation.Case, error) { return svc.Notify(ctx, id, note, on) }, "thong-bao"
		case stepComplaint:
			in := violation.ComplaintInput{Text: strings.Join(linesOf(f.Values.Get("text")), "\n")}
			in.FiledOn = dayField(f, "filed_on", true, "ngày nộp đơn khiếu nại")
			if in.Text == "" {
				f.AddError("text", "Xin ghi nội dung khiếu nại.")
			}
			run, flash = func() (*violation.Case, error) { return svc.FileComplaint(ctx, id, in) }, "khieu-nai"
		case stepSettle:
			in := violation.ComplaintInput{Outcome: f.Get("outcome"), NewForm: f.Get("new_form"), Reply: strings.Join(linesOf(f.Values.Get("reply")), "\n")}
			switch in.Outcome {
			case violation.ComplaintUpheld, violation.ComplaintAnnulled:
				in.NewForm = ""
			case violation.ComplaintChanged:
				if in.NewForm == "" {
					f.AddError("new_form", "Xin chọn hình thức kỷ luật mới.")
				}
			default:
				f.AddError("outcome", "Xin chọn kết quả giải quyết trong danh sách.")
			}
			if in.Reply == "" {
				f.AddError("reply", "Xin ghi nội dung trả lời người khiếu nại.")
			}
			run, flash = func() (*violation.Case, error) { return svc.SettleComplaint(ctx, id, in) }, "giai-quyet"
		case stepDefer:
			code, reason := f.Get("code"), f.Get("defer_reason")
			if code == "" {
				f.AddError("code", "Xin chọn trường hợp chưa xem xét kỷ luật.")
			}
			if reason == "" {
				f.AddError("defer_reason", "Xin ghi căn cứ (giấy tờ chứng minh) và thời gian dự kiến.")
			}
			run, flash = func() (*violation.Case, error) { return svc.Defer(ctx, id, code, reason) }, "tam-hoan"
		case stepResume:
			run, flash = func() (*violation.Case, error) { return svc.Resume(ctx, id) }, "tiep-tuc"
		case stepDrop:
			reason := f.Get("drop_reason")
			if reason == "" {
				f.AddError("drop_reason", "Xin ghi lý do không kỷ luật, ví dụ đã hết thời hiệu hoặc Hội đồng kiến nghị không kỷ luật.")
			}
			run, flash = func() (*violation.Case, error) { return svc.Drop(ctx, id, reason) }, "khong-ky-luat"
		}
		if !f.Failed() {
			_, err := run()
			if err == nil {
				return s.Redirect(w, r, disciplineHref(id), flash)
			}
			if !f.SetError(err) {
				return err
			}
			moveDisciplineErrors(f, k)
		}
		f.Summarize("Chưa lưu được, xin kiểm tra lại các ô được đánh dấu.")
		p, err := s.disciplineCasePage(r, id)
		if err != nil {
			return err
		}
		p.Review, p.Council, p.Decision, p.Notify, p.Complaint, p.Settle, p.Defer, p.Drop = keepForm(p.Review, stepReview == k, f), keepForm(p.Council, stepCouncil == k, f),
			keepForm(p.Decision, stepDecision == k, f), keepForm(p.Notify, stepNotify == k, f), keepForm(p.Complaint, stepComplaint == k, f),
			keepForm(p.Settle, stepSettle == k, f), keepForm(p.Defer, stepDefer == k, f), keepForm(p.Drop, stepDrop == k, f)
		if k == stepResume {
			p.Flash = f.Message
		}
		return s.Render(w, r, http.StatusBadRequest, "discipline_detail.html", p)
	}
}

// keepForm shows the posted form f in place of the blank one when it is
// the step posted (even when the page would not offer it now: the error
// says why).
func keepForm(blank *Form, posted bool, f *Form) *Form {
	if posted {
		return f
	}
	return blank
}

// moveDisciplineErrors moves the service's field names to the form's.
func moveDisciplineErrors(f *Form, k disciplineStepKind) {
	f.moveError("deferral_code", "code")
	f.moveError("votes", "votes_for")
	switch k {
	case stepDefer:
		f.moveError("reason", "defer_reason")
	case stepDrop:
		f.moveError("reason", "drop_reason")
	}
}

// linesOf is a multi-line field's non-empty lines, normalised.
func linesOf(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
