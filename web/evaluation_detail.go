package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"congvu"
	"congvu/evaluation"
	"congvu/vntext"
)

func init() {
	FlashMessages["dg-tu-danh-gia"] = "Đã ghi bản tự đánh giá. Anh/chị có thể sửa lại cho đến khi người đứng đầu đề xuất xếp loại."
	FlashMessages["dg-y-kien"] = "Đã ghi ý kiến của tập thể."
	FlashMessages["dg-de-xuat"] = "Đã ghi đề xuất xếp loại. Bước tiếp theo: quyết định xếp loại."
	FlashMessages["dg-quyet-dinh"] = "Đã quyết định xếp loại. Bước tiếp theo: thông báo cho người được đánh giá."
	FlashMessages["dg-thong-bao"] = "Đã thông báo kết quả xếp loại cho người được đánh giá."
	FlashMessages["dg-khieu-nai"] = "Đã gửi khiếu nại về kết quả xếp loại."
	FlashMessages["dg-giai-quyet"] = "Đã ghi kết quả giải quyết khiếu nại."
}

// EvaluationPage is one evaluation: the evidence of the official's year
// beside the points form, the rules that apply in words and the cap, the
// steps of the cycle the actor may take now, its documents and (staff)
// its history.
type EvaluationPage struct {
	Base
	E       *evaluation.Evaluation
	RuleSet *evaluation.RuleSet
	// Summary is the evidence of the year (nil when it could not be
	// compiled: SummaryNote says why).
	Summary     *evaluation.Summary
	SummaryNote string
	Quota       *evaluation.Quota
	// Concerned: the actor is the official evaluated (who reads it as the
	// official does, even when they are also staff). Colleague: a
	// colleague of the unit who may not read it (the service gives who,
	// where and the status, evaluation.ForColleague): the comment form
	// only.
	Concerned, Colleague bool
	History              []HistoryEntry
	// HistoryActors: the history names who acted.
	HistoryActors bool
	// The forms of the steps the actor may take now (nil: not shown).
	Self, Comment, Propose, Decide, Notify, Complaint, Settle *Form
	// Meeting: the comment form may record the minutes of the meeting.
	Meeting bool
	Levels  []Option
	// Outcomes are the settlements of a complaint.
	Outcomes []Option
	Docs     []DocLink
}

// TaskNow is the task points as they stand: frozen by the proposal, else
// from the products confirmed so far (the evidence summary).
func (p *EvaluationPage) TaskNow() float64 {
	if p.E.Proposed == "" && p.Summary != nil {
		return p.Summary.TaskPoints
	}
	return p.E.TaskPoints
}

// Paragraphs splits a text in paragraphs.
func (p *EvaluationPage) Paragraphs(s string) []string { return paragraphs(s) }

// GeneralMax is the points of a rule set's general criteria.
func (p *EvaluationPage) GeneralMax(rs *evaluation.RuleSet) string {
	t := 0.0
	for _, c := range rs.General {
		t += c.Max
	}
	return pts(t)
}

// ComplaintHint is the hint of the complaint's text: the rule's days.
func (p *EvaluationPage) ComplaintHint() string {
	if p.RuleSet != nil && p.RuleSet.ComplaintDays > 0 {
		return "hint=Trong " + strconv.Itoa(p.RuleSet.ComplaintDays) + " ngày kể từ ngày được thông báo: mức xếp loại anh/chị không đồng ý và lý do."
	}
	return "hint=Mức xếp loại anh/chị không đồng ý và lý do."
}

// GeneralField is the name of the points field of a general criterion.
func (p *EvaluationPage) GeneralField(code string) string { return generalField(code) }

// NoteField is the name of the note field of a general criterion.
func (p *EvaluationPage) NoteField(code string) string { return noteField(code) }

func generalField(code string) string { return "g_" + code }
func noteField(code string) string    { return "n_" + code }

// Pts writes points the Vietnamese way (a decimal comma): "27,5".
func (p *EvaluationPage) Pts(v float64) string { return pts(v) }

func pts(v float64) string { return vntext.Decimal(v, 2) }

// Index writes a satisfaction index (0–100) or "chưa có" (-1).
func (p *EvaluationPage) Index(v float64) string { return indexText(v) }

func indexText(v float64) string {
	if v < 0 {
		return "chưa có"
	}
	return pts(v) + "%"
}

// Score is the points given to a criterion in a list of scores.
func (p *EvaluationPage) Score(scores []evaluation.Score, code string) string {
	for _, s := range scores {
		if s.Code == code {
			return pts(s.Points)
		}
	}
	return ""
}

// ScoreNote is the note given to a criterion in a list of scores.
func (p *EvaluationPage) ScoreNote(scores []evaluation.Score, code string) string {
	for _, s := range scores {
		if s.Code == code {
			return s.Note
		}
	}
	return ""
}

// GeneralTotal sums scores.
func (p *EvaluationPage) GeneralTotal(scores []evaluation.Score) string {
	t := 0.0
	for _, s := range scores {
		t += s.Points
	}
	return pts(t)
}

// QuotaText says the quota in words.
func (p *EvaluationPage) QuotaText(q *evaluation.Quota) string { return quotaText(q) }

// GroupLabel names a task group.
func (p *EvaluationPage) GroupLabel(g string) string { return GroupLabel(g) }

// Choices is opts after a first, empty choice labelled first.
func (p *EvaluationPage) Choices(first string, opts []Option) []Option {
	return append([]Option{{"", first}}, opts...)
}

// evaluationRuleSet finds the rule set id among the stored ones.
func (s *Server) evaluationRuleSet(ctx context.Context, id int64) *evaluation.RuleSet {
	sets, err := s.Services.Evaluations.RuleSets(ctx)
	if err != nil {
		return nil
	}
	for i := range sets {
		if sets[i].ID == id {
			return &sets[i]
		}
	}
	return nil
}

func (s *Server) evaluation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.evaluationPage(r, id)
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusOK, "evaluation_detail.html", p)
}

// evaluationPage reads the evaluation (an audited reading) and its
// evidence, and fills the page with blank forms for the steps the actor
// may take now.
func (s *Server) evaluationPage(r *http.Request, id int64) (*EvaluationPage, error) {
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	e, err := s.Services.Evaluations.FindEvaluation(ctx, id)
	if err != nil {
		return nil, err
	}
	p := &EvaluationPage{E: e, RuleSet: s.evaluationRuleSet(ctx, e.RuleSetID), Levels: levelOptions("— Chọn —")[1:],
		Outcomes:  []Option{{"keep", "Giữ nguyên kết quả xếp loại"}, {"change", "Đổi mức xếp loại"}},
		Concerned: a.OfficialID != 0 && a.OfficialID == e.OfficialID}
	p.Title = "Đánh giá năm " + strconv.Itoa(e.Year) + ": " + e.OfficialName
	if !p.Concerned {
		p.Crumbs = []Link{{"Đánh giá, xếp loại", evalListHref(unitCodeOf(ctx, s, e.UnitID), e.Year)}}
	} else {
		p.Crumbs = []Link{{"Đánh giá của tôi", "/evaluations/mine?nam=" + strconv.Itoa(e.Year)}}
	}
	// The state machine allows the step now.
	can := func(step evaluation.Step) bool { _, err := evaluation.Next(e.Status, step); return err == nil }
	if !p.Concerned && !evaluation.CanRead(a, e) {
		p.Colleague, p.Crumbs = true, []Link{{"Đánh giá của tôi", "/evaluations/mine"}}
		p.Title = "Góp ý đánh giá năm " + strconv.Itoa(e.Year) + ": " + e.OfficialName
		if can(evaluation.StepComment) {
			p.Comment = NewForm(nil)
		}
		return p, nil
	}
	if sum, err := s.Services.EvaluationEvidence.Summary(ctx, e.OfficialID, e.Year); err == nil {
		p.Summary = sum
	} else if code := congvu.ErrorCode(err); code == congvu.EINTERNAL || code == "" {
		return nil, err
	} else {
		p.SummaryNote = congvu.ErrorMessage(err)
	}
	for _, ext := range []string{"pdf", "docx"} {
		p.Docs = append(p.Docs, DocLink{"Phiếu đánh giá, xếp loại (" + docFormatName(ext) + ")", evaluationHref(e.ID) + "/form." + ext})
	}
	// The forms of the steps the state machine allows now, for those the
	// policy lets take them (the service checks both again).
	if p.Concerned {
		if can(evaluation.StepSelf) && evaluation.CanSelfAssess(a, e) == nil {
			p.Self = NewForm(nil)
			fillScores(p.Self, e.Self)
		}
		if can(evaluation.StepComplain) && evaluation.CanComplain(a, e) == nil {
			p.Complaint = NewForm(nil)
		}
		return p, nil
	}
	propose, decide := evaluation.CanPropose(a, e) == nil, evaluation.CanDecide(a, e) == nil
	if q, err := s.Services.Evaluations.Quota(ctx, e.UnitID, e.Year, e.TaskGroup); err == nil {
		p.Quota = q
	}
	if can(evaluation.StepComment) {
		// The head records the meeting's minutes; a colleague (an account
		// of the same unit) comments: the service says who may.
		p.Meeting = evaluation.CanComment(a, e, 0, true) == nil
		if p.Meeting || a.OfficialID != 0 {
			p.Comment = NewForm(nil)
		}
	}
	if can(evaluation.StepPropose) && propose {
		p.Propose = NewForm(nil)
		p.Propose.Set("task_group", e.TaskGroup)
		p.Propose.Set("level", string(e.Proposed))
		p.Propose.Set("note", e.ProposalNote)
		switch {
		case len(e.General) > 0:
			setScores(p.Propose, e.General)
		case e.Self != nil:
			setScores(p.Propose, e.Self.General)
		}
	}
	if can(evaluation.StepDecide) && decide {
		p.Decide = NewForm(nil)
		p.Decide.Set("level", string(e.Proposed))
	}
	if can(evaluation.StepNotify) && decide {
		p.Notify = NewForm(nil)
	}
	if can(evaluation.StepSettle) && decide {
		p.Settle = NewForm(nil)
	}
	p.History = s.evaluationHistory(ctx, e.ID)
	p.HistoryActors = slices.ContainsFunc(p.History, func(h HistoryEntry) bool { return h.Actor != "" })
	return p, nil
}

// unitCodeOf is the code of a unit, "" when it cannot be read.
func unitCodeOf(ctx context.Context, s *Server, id int64) string {
	if u, err := s.Services.Units.FindUnitByID(ctx, id); err == nil {
		return u.Code
	}
	return ""
}

// evaluationHistory is the evaluation's audited events but the readings.
func (s *Server) evaluationHistory(ctx context.Context, id int64) []HistoryEntry {
	events, err := s.Services.Evaluations.History(ctx, id)
	if err != nil {
		return nil
	}
	var out []HistoryEntry
	for _, e := range events {
		if e.Kind == "evaluation.read" {
			continue
		}
		out = append(out, HistoryEntry{At: e.At, Label: AuditKindLabel(e.Kind), Actor: e.ActorName})
	}
	return out
}

// fillScores prefills a form with an assessment's points.
func fillScores(f *Form, a *evaluation.Assessment) {
	if a == nil {
		return
	}
	setScores(f, a.General)
	f.Set("level", string(a.Level))
	f.Set("text", a.Text)
}

func setScores(f *Form, scores []evaluation.Score) {
	for _, sc := range scores {
		f.Set(generalField(sc.Code), pts(sc.Points))
		f.Set(noteField(sc.Code), sc.Note)
	}
}
