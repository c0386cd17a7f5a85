package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/evaluation"
)

// The annual evaluation through the API: the year's evaluations of a
// unit, each one's cycle (self-assessment, the collective's comments, the
// head's proposal and decision under the quota, notification, complaint),
// the tracked task products, the evidence summary of an official's year,
// the quota, the agencies' own classification and the dated rule sets.
// The services (evaluation.Service, evaluation.EvidenceService) decide who
// may read and do what, and audit every reading; this file decodes and
// encodes.

const (
	evaluationNotFound = "Không tìm thấy phiếu đánh giá, xếp loại."
	productNotFound    = "Không tìm thấy sản phẩm công việc."
)

// yearParam reads an optional year (2000–2200); the current year of
// Vietnam when absent.
func (q *query) yearParam(name string) int {
	s := q.str(name)
	if s == "" {
		return time.Now().In(congvu.TimeZone).Year()
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 2000 || y > 2200 {
		q.errs.Add(name, "Năm phải là số từ 2000 đến 2200.")
		return 0
	}
	return y
}

// pathYear reads the {year} path value.
func pathYear(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < 2000 || y > 2200 {
		return 0, congvu.FieldError("year", "Năm phải là số từ 2000 đến 2200.")
	}
	return y, nil
}

// requireUnit reads the unit of a request that needs one.
func (q *query) requireUnit(name string) int64 {
	id := q.id(name)
	if id == 0 && q.str(name) == "" {
		q.errs.Add(name, "Xin chỉ ra đơn vị ("+name+").")
	}
	return id
}

// openYearBody opens the evaluations of a unit's members for a year.
type openYearBody struct {
	UnitID int64 `json:"unit_id"`
	Year   int   `json:"year"`
}

// selfAssessmentBody is the official's self-assessment.
type selfAssessmentBody struct {
	General []evaluation.Score `json:"general"`
	Level   evaluation.Level   `json:"level"`
	Text    string             `json:"text"`
}

// evaluationCommentBody is a comment of the collective; meeting: the
// minutes of the unit's meeting, recorded by the head.
type evaluationCommentBody struct {
	Text    string `json:"text"`
	Meeting bool   `json:"meeting"`
}

// evaluationProposalBody is the head's proposal.
type evaluationProposalBody struct {
	General   []evaluation.Score `json:"general"`
	Level     evaluation.Level   `json:"level"`
	TaskGroup string             `json:"task_group"`
	Note      string             `json:"note"`
}

// evaluationDecisionBody is the decision.
type evaluationDecisionBody struct {
	Level evaluation.Level `json:"level"`
	Note  string           `json:"note"`
}

// evaluationComplaintBody is the official's complaint.
type evaluationComplaintBody struct {
	Text string `json:"text"`
}

// evaluationSettleBody settles the complaint: kept, or a new level.
type evaluationSettleBody struct {
	Kept     bool             `json:"kept"`
	NewLevel evaluation.Level `json:"new_level"`
	Answer   string           `json:"answer"`
}

// forbidEvaluations refuses those who may read no evaluation nor product
// (evaluation.MayReadAny): administrators and inspectors.
func forbidEvaluations(r *http.Request) error {
	if evaluation.MayReadAny(congvu.ActorFromContext(r.Context())) {
		return nil
	}
	return congvu.Errorf(congvu.EFORBIDDEN, "Anh/chị không có quyền xem đánh giá, xếp loại cán bộ.")
}

func (s *Server) listEvaluations(w http.ResponseWriter, r *http.Request) error {
	if err := forbidEvaluations(r); err != nil {
		return err
	}
	q := newQuery(r)
	f := evaluation.Filter{UnitID: q.id("unit_id"), Year: q.yearParam("year"), Status: evaluation.Status(q.str("status")),
		Level: evaluation.Level(q.str("level")), TaskGroup: q.str("task_group"), Query: q.str("q")}
	if f.Status != "" && !f.Status.Valid() {
		q.errs.Add("status", "Trạng thái không hợp lệ: open, self_assessed, proposed, decided, notified, complained hoặc settled.")
	}
	if f.Level != "" && !f.Level.Valid() {
		q.errs.Add("level", "Mức xếp loại không hợp lệ: excellent, good, completed hoặc not_completed.")
	}
	f.Offset, f.Limit = q.page()
	if err := q.err(); err != nil {
		return err
	}
	list, total, err := s.Services.Evaluations.FindEvaluations(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, total, f.Offset, f.Limit))
	return nil
}

func (s *Server) openEvaluationYear(w http.ResponseWriter, r *http.Request) error {
	var b openYearBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	v := congvu.Validation{}
	if b.UnitID <= 0 {
		v.Add("unit_id", "Xin chỉ ra đơn vị.")
	}
	if b.Year < 2000 || b.Year > 2200 {
		v.Add("year", "Năm phải là số từ 2000 đến 2200.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	res, err := s.Services.Evaluations.OpenYear(r.Context(), b.UnitID, b.Year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

func (s *Server) getEvaluation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, evaluationNotFound)
	if err != nil {
		return err
	}
	e, err := s.Services.Evaluations.FindEvaluation(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, evaluationView(e))
	return nil
}

// evaluationView answers e with its lists as arrays, never null.
func evaluationView(e *evaluation.Evaluation) *evaluation.Evaluation {
	if e.Comments == nil {
		e.Comments = []evaluation.Comment{}
	}
	if e.General == nil {
		e.General = []evaluation.Score{}
	}
	return e
}

func (s *Server) myEvaluation(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	e, err := s.Services.Evaluations.Mine(r.Context(), year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, evaluationView(e))
	return nil
}

// colleagueEvaluations lists the evaluations of the caller's colleagues
// still open to the collective's comments (who and where, no points).
func (s *Server) colleagueEvaluations(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	list, err := s.Services.Evaluations.Colleagues(r.Context(), year)
	if err != nil {
		return err
	}
	for _, e := range list {
		evaluationView(e)
	}
	writeJSON(w, http.StatusOK, newList(list, len(list), 0, len(list)))
	return nil
}

func (s *Server) evaluationHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, evaluationNotFound)
	if err != nil {
		return err
	}
	events, err := s.Services.Evaluations.History(r.Context(), id)
	if err != nil {
		return err
	}
	out := make([]historyEvent, 0, len(events))
	for _, e := range events {
		out = append(out, historyEvent{At: e.At, Kind: e.Kind, ActorName: e.ActorName})
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
	return nil
}

// historyEvent is one audited event of a record's history, as its
// readers may see it: when, what (the audit kind), by whom (empty when the
// service hides who acted).
type historyEvent struct {
	At        time.Time `json:"at"`
	Kind      string    `json:"kind"`
	ActorName string    `json:"actor_name"`
}

// evaluationStep decodes body into dst (nil: no body) and runs the step,
// answering the evaluation.
func (s *Server) evaluationStep(w http.ResponseWriter, r *http.Request, dst any, step func(id int64) (*evaluation.Evaluation, error)) error {
	id, err := pathID(r, evaluationNotFound)
	if err != nil {
		return err
	}
	if dst != nil {
		if err := decodeJSON(w, r, dst); err != nil {
			return err
		}
	}
	e, err := step(id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, evaluationView(e))
	return nil
}

func (s *Server) selfAssessEvaluation(w http.ResponseWriter, r *http.Request) error {
	var b selfAssessmentBody
	return s.evaluationStep(w, r, &b, func(id int64) (*evaluation.Evaluation, error) {
		return s.Services.Evaluations.SelfAssess(r.Context(), id, evaluation.SelfInput{General: b.General, Level: b.Level, Text: b.Text})
	})
}

func (s *Server) commentEvaluation(w http.ResponseWriter, r *http.Request) error {
	var b evaluationCommentBody
	return s.evaluationStep(w, r, &b, func(id int64) (*evaluation.Evaluation, error) {
		return s.Services.Evaluations.Comment(r.Context(), id, evaluation.CommentInput{Text: b.Text, Meeting: b.Meeting})
	})
}

func (s *Server) proposeEvaluation(w http.ResponseWriter, r *http.Request) error {
	var b evaluationProposalBody
	return s.evaluationStep(w, r, &b, func(id int64) (*evaluation.Evaluation, error) {
		return s.Services.Evaluations.Propose(r.Context(), id, evaluation.ProposalInput{General: b.General, Level: b.Level,
			TaskGroup: strings.TrimSpace(b.TaskGroup), Note: b.Note})
	})
}

func (s *Server) decideEvaluation(w http.ResponseWriter, r *http.Request) error {
	var b evaluationDecisionBody
	return s.evaluationStep(w, r, &b, func(id int64) (*evaluation.Evaluation, error) {
		return s.Services.Evaluations.Decide(r.Context(), id, evaluation.DecisionInput{Level: b.Level, Note: b.Note})
	})
}

func (s *Server) notifyEvaluation(w http.ResponseWriter, r *http.Request) error {
	return s.evaluationStep(w, r, nil, func(id int64) (*evaluation.Evaluation, error) {
		return s.Services.Evaluations.Notify(r.Context(), id)
	})
}

func (s *Server) complainEvaluation(w http.ResponseWriter, r *http.Request) error {
	var b evaluationComplaintBody
	return s.evaluationStep(w, r, &b, func(id int64) (*evaluation.Evaluation, error) {
		return s.Services.Evaluations.Complain(r.Context(), id, b.Text)
	})
}

func (s *Server) settleEvaluation(w http.ResponseWriter, r *http.Request) error {
	var b evaluationSettleBody
	return s.evaluationStep(w, r, &b, func(id int64) (*evaluation.Evaluation, error) {
		return s.Services.Evaluations.Settle(r.Context(), id, evaluation.SettleInput{Kept: b.Kept, NewLevel: b.NewLevel, Answer: b.Answer})
	})
}

// Task products.

// productBody assigns a task product; due_on is yyyy-mm-dd ("" : the end
// of the period).
type productBody struct {
	OfficialID int64                 `json:"official_id"`
	Year       int                   `json:"year"`
	PeriodKind evaluation.PeriodKind `json:"period_kind"`
	Period     int                   `json:"period"`
	Title      string                `json:"title"`
	Points     float64               `json:"points"`
	DueOn      day                   `json:"due_on"`
}

// productReportBody is the official reporting a product done.
type productReportBody struct {
	Note string `json:"note"`
}

// productConfirmBody is the manager's confirmation.
type productConfirmBody struct {
	QualityFailed  bool   `json:"quality_failed"`
	ProgressFailed bool   `json:"progress_failed"`
	Note           string `json:"note"`
}

// productCancelBody withdraws a product.
type productCancelBody struct {
	Reason string `json:"reason"`
}

func (s *Server) listProducts(w http.ResponseWriter, r *http.Request) error {
	if err := forbidEvaluations(r); err != nil {
		return err
	}
	q := newQuery(r)
	f := evaluation.ProductFilter{UnitID: q.id("unit_id"), OfficialID: q.id("official_id"), Year: q.yearParam("year"),
		Status: evaluation.ProductStatus(q.str("status"))}
	switch f.Status {
	case "", evaluation.ProductAssigned, evaluation.ProductReported, evaluation.ProductConfirmed, evaluation.ProductCancelled:
	default:
		q.errs.Add("status", "Trạng thái không hợp lệ: assigned, reported, confirmed hoặc cancelled.")
	}
	if p := q.str("period"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 12 {
			q.errs.Add("period", "Kỳ phải là tháng (1–12) hoặc quý (1–4).")
		}
		f.Period = n
	}
	f.Offset, f.Limit = q.page()
	if err := q.err(); err != nil {
		return err
	}
	list, total, err := s.Services.Evaluations.FindProducts(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, total, f.Offset, f.Limit))
	return nil
}

func (s *Server) assignProduct(w http.ResponseWriter, r *http.Request) error {
	var b productBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	v := congvu.Validation{}
	in := evaluation.ProductInput{OfficialID: b.OfficialID, Year: b.Year, PeriodKind: b.PeriodKind, Period: b.Period,
		Title: b.Title, Points: b.Points}
	if d := b.DueOn.read(v, "due_on", false); !d.IsZero() {
		in.DueOn = d.Format(time.DateOnly)
	}
	if err := v.Err(); err != nil {
		return err
	}
	p, err := s.Services.Evaluations.AssignProduct(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, p)
	return nil
}

// productStep decodes the body into dst and runs the step, answering the
// product.
func (s *Server) productStep(w http.ResponseWriter, r *http.Request, dst any, step func(id int64) (*evaluation.Product, error)) error {
	id, err := pathID(r, productNotFound)
	if err != nil {
		return err
	}
	if err := decodeJSON(w, r, dst); err != nil {
		return err
	}
	p, err := step(id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) reportProduct(w http.ResponseWriter, r *http.Request) error {
	var b productReportBody
	return s.productStep(w, r, &b, func(id int64) (*evaluation.Product, error) {
		return s.Services.Evaluations.ReportProduct(r.Context(), id, b.Note)
	})
}

func (s *Server) confirmProduct(w http.ResponseWriter, r *http.Request) error {
	var b productConfirmBody
	return s.productStep(w, r, &b, func(id int64) (*evaluation.Product, error) {
		return s.Services.Evaluations.ConfirmProduct(r.Context(), id, evaluation.ConfirmInput{QualityFailed: b.QualityFailed,
			ProgressFailed: b.ProgressFailed, Note: b.Note})
	})
}

func (s *Server) cancelProduct(w http.ResponseWriter, r *http.Request) error {
	var b productCancelBody
	return s.productStep(w, r, &b, func(id int64) (*evaluation.Product, error) {
		return s.Services.Evaluations.CancelProduct(r.Context(), id, b.Reason)
	})
}

// The evidence, the quota, agencies, rule sets.

// officialEvidence is the evidence summary of an official's year.
func (s *Server) officialEvidence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, officialNotFound)
	if err != nil {
		return err
	}
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	sum, err := s.Services.EvaluationEvidence.Summary(r.Context(), id, year)
	if err != nil {
		return err
	}
	if sum.FoundedPetitions == nil {
		sum.FoundedPetitions = []evaluation.EvidenceItem{}
	}
	if sum.InspectionFindings == nil {
		sum.InspectionFindings = []evaluation.EvidenceItem{}
	}
	if sum.TaskLines == nil {
		sum.TaskLines = []evaluation.TaskLine{}
	}
	if sum.Applied == nil {
		sum.Applied = []evaluation.Applied{}
	}
	if sum.Ratings.Behaviours == nil {
		sum.Ratings.Behaviours = []evaluation.Behaviour{}
	}
	writeJSON(w, http.StatusOK, sum)
	return nil
}

// evaluationQuota is the quota of excellent in a unit and task group.
func (s *Server) evaluationQuota(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	unitID := q.requireUnit("unit")
	year := q.yearParam("year")
	group := q.str("group")
	if err := q.err(); err != nil {
		return err
	}
	quota, err := s.Services.Evaluations.Quota(r.Context(), unitID, year, group)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, quota)
	return nil
}

// unitEvaluationBody records an agency's own classification.
type unitEvaluationBody struct {
	UnitID int64            `json:"unit_id"`
	Year   int              `json:"year"`
	Level  evaluation.Level `json:"level"`
	Basis  string           `json:"basis"`
}

func (s *Server) listUnitEvaluations(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	unitID := q.requireUnit("unit_id")
	year := q.yearParam("year")
	if err := q.err(); err != nil {
		return err
	}
	list, err := s.Services.Evaluations.FindUnitEvaluations(r.Context(), unitID, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, len(list), 0, len(list)))
	return nil
}

func (s *Server) decideUnitEvaluation(w http.ResponseWriter, r *http.Request) error {
	var b unitEvaluationBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	u, err := s.Services.Evaluations.DecideUnit(r.Context(), evaluation.UnitDecisionInput{UnitID: b.UnitID, Year: b.Year, Level: b.Level, Basis: b.Basis})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, u)
	return nil
}

func (s *Server) listEvaluationRuleSets(w http.ResponseWriter, r *http.Request) error {
	sets, err := s.Services.Evaluations.RuleSets(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(sets, len(sets), 0, len(sets)))
	return nil
}

func (s *Server) addEvaluationRuleSet(w http.ResponseWriter, r *http.Request) error {
	var b evaluation.RuleSet
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	b.ID, b.CreatedBy, b.CreatedAt = 0, 0, time.Time{}
	rs, err := s.Services.Evaluations.AddRuleSet(r.Context(), b)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, rs)
	return nil
}
