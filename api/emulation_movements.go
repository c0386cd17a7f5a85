package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/emulation"
)

// The emulation movements through the API: movements with their criteria,
// clusters and reviews, registrations, scores (computed from the evidence
// or by hand with a reason) and their ranking, explained line by line,
// titles suggested by the dated rule, proposed and decided, and the
// titles' rule sets. The service (emulation.Service) decides who may do
// what; this file decodes and encodes. Days are yyyy-mm-dd.

const (
	movementNotFound     = "Không tìm thấy phong trào thi đua."
	registrationNotFound = "Không tìm thấy đăng ký thi đua."
	titleNotFound        = "Không tìm thấy đề nghị danh hiệu thi đua."
	reviewNotFound       = "Không tìm thấy báo cáo sơ kết, tổng kết."
)

// dmy turns a day of a JSON body into the dd/mm/yyyy the emulation inputs
// take ("" when empty).
func dmy(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.Format("02/01/2006")
}

// subjectParam reads an optional subject (collective or individual).
func (q *query) subjectParam(name string) emulation.Subject {
	s := emulation.Subject(q.str(name))
	if s != "" && !s.Valid() {
		q.errs.Add(name, "Đối tượng phải là collective (tập thể) hoặc individual (cá nhân).")
	}
	return s
}

// movementBody creates or edits a movement.
type movementBody struct {
	UnitID      int64                 `json:"unit_id"`
	Title       string                `json:"title"`
	Content     string                `json:"content"`
	FromYear    int                   `json:"from_year"`
	ToYear      int                   `json:"to_year"`
	InterimYear int                   `json:"interim_year"`
	Criteria    []emulation.Criterion `json:"criteria"`
}

func (b movementBody) input() emulation.MovementInput {
	return emulation.MovementInput{UnitID: b.UnitID, Title: b.Title, Content: b.Content, FromYear: b.FromYear, ToYear: b.ToYear,
		InterimYear: b.InterimYear, Criteria: b.Criteria}
}

// movementView answers m with its criteria as an array, never null.
func movementView(m *emulation.Movement) *emulation.Movement {
	if m.Criteria == nil {
		m.Criteria = []emulation.Criterion{}
	}
	return m
}

func (s *Server) listMovements(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := emulation.MovementFilter{UnitID: q.id("unit_id"), Status: emulation.MovementStatus(q.str("status"))}
	switch f.Status {
	case "", emulation.MovementDraft, emulation.MovementOpen, emulation.MovementClosed:
	default:
		q.errs.Add("status", "Trạng thái không hợp lệ: draft, open hoặc closed.")
	}
	if q.str("year") != "" {
		f.Year = q.yearParam("year")
	}
	f.Offset, f.Limit = q.page()
	if err := q.err(); err != nil {
		return err
	}
	list, total, err := s.Services.Emulation.FindMovements(r.Context(), f)
	if err != nil {
		return err
	}
	for _, m := range list {
		movementView(m)
	}
	writeJSON(w, http.StatusOK, newList(list, total, f.Offset, f.Limit))
	return nil
}

func (s *Server) createMovement(w http.ResponseWriter, r *http.Request) error {
	var b movementBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	m, err := s.Services.Emulation.CreateMovement(r.Context(), b.input())
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/emulation/movements/"+strconv.FormatInt(m.ID, 10))
	writeJSON(w, http.StatusCreated, movementView(m))
	return nil
}

func (s *Server) getMovement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, movementNotFound)
	if err != nil {
		return err
	}
	m, err := s.Services.Emulation.FindMovement(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, movementView(m))
	return nil
}

func (s *Server) updateMovement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, movementNotFound)
	if err != nil {
		return err
	}
	var b movementBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	m, err := s.Services.Emulation.UpdateMovement(r.Context(), id, b.input())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, movementView(m))
	return nil
}

func (s *Server) openMovement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, movementNotFound)
	if err != nil {
		return err
	}
	m, err := s.Services.Emulation.OpenMovement(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, movementView(m))
	return nil
}

func (s *Server) closeMovement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, movementNotFound)
	if err != nil {
		return err
	}
	m, err := s.Services.Emulation.CloseMovement(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, movementView(m))
	return nil
}

// clusterBody creates a cluster of the movement (no id) or replaces one.
type clusterBody struct {
	ID      int64   `json:"id,omitempty"`
	Title   string  `json:"title"`
	UnitIDs []int64 `json:"unit_ids"`
}

func (s *Server) listClusters(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, movementNotFound)
	if err != nil {
		return err
	}
	list, err := s.Services.Emulation.FindClusters(r.Context(), id)
	if err != nil {
		return err
	}
	for _, c := range list {
		clusterView(c)
	}
	writeJSON(w, http.StatusOK, newList(list, len(list), 0, len(list)))
	return nil
}

func clusterView(c *emulation.Cluster) *emulation.Cluster {
	if c.Units == nil {
		c.Units = []emulation.Unit{}
	}
	return c
}

func (s *Server) saveCluster(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, movementNotFound)
	if err != nil {
		return err
	}
	var b clusterBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	c, err := s.Services.Emulation.SaveCluster(r.Context(), emulation.ClusterInput{ID: b.ID, MovementID: id, Title: b.Title, UnitIDs: b.UnitIDs})
	if err != nil {
		return err
	}
	status := http.StatusOK
	if b.ID == 0 {
		status = http.StatusCreated
	}
	writeJSON(w, status, clusterView(c))
	return nil
}

// emulationReviewBody makes an interim or final review.
type emulationReviewBody struct {
	Kind   emulation.ReviewKind `json:"kind"`
	Year   int                  `json:"year"`
	HeldOn day                  `json:"held_on"`
	Text   string               `json:"text"`
}

func (s *Server) listReviews(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, movementNotFound)
	if err != nil {
		return err
	}
	list, err := s.Services.Emulation.FindReviews(r.Context(), id)
	if err != nil {
		return err
	}
	for _, rv := range list {
		reviewView(rv)
	}
	writeJSON(w, http.StatusOK, newList(list, len(list), 0, len(list)))
	return nil
}

func reviewView(rv *emulation.Review) *emulation.Review {
	if rv.Figures.Years == nil {
		rv.Figures.Years = []emulation.YearFigures{}
	}
	for i := range rv.Figures.Years {
		y := &rv.Figures.Years[i]
		if y.Titles == nil {
			y.Titles = map[string]int{}
		}
		if y.Top == nil {
			y.Top = []emulation.Score{}
		}
	}
	return rv
}

func (s *Server) createReview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, movementNotFound)
	if err != nil {
		return err
	}
	var b emulationReviewBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	v := congvu.Validation{}
	held := b.HeldOn.read(v, "held_on", false)
	if err := v.Err(); err != nil {
		return err
	}
	rv, err := s.Services.Emulation.CreateReview(r.Context(), emulation.ReviewInput{MovementID: id, Kind: b.Kind, Year: b.Year,
		HeldOn: dmy(held), Text: b.Text})
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/emulation/movements/"+strconv.FormatInt(id, 10)+"/reviews/"+strconv.FormatInt(rv.ID, 10))
	writeJSON(w, http.StatusCreated, reviewView(rv))
	return nil
}

func (s *Server) getReview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, movementNotFound)
	if err != nil {
		return err
	}
	rid, err := strconv.ParseInt(r.PathValue("review"), 10, 64)
	if err != nil || rid <= 0 {
		return congvu.Errorf(congvu.ENOTFOUND, reviewNotFound)
	}
	rv, err := s.Services.Emulation.FindReview(r.Context(), rid)
	if err != nil {
		return err
	}
	if rv.MovementID != id {
		return congvu.Errorf(congvu.ENOTFOUND, reviewNotFound)
	}
	writeJSON(w, http.StatusOK, reviewView(rv))
	return nil
}

// Registrations and scores.

// registrationBody registers a unit (collective) or an official.
type registrationBody struct {
	MovementID int64             `json:"movement_id"`
	Year       int               `json:"year"`
	Subject    emulation.Subject `json:"subject"`
	UnitID     int64             `json:"unit_id"`
	OfficialID int64             `json:"official_id,omitempty"`
	Title      string            `json:"title"`
	Pledge     string            `json:"pledge"`
	Initiative string            `json:"initiative,omitempty"`
}

// registrationWithdrawBody withdraws a registration.
type registrationWithdrawBody struct {
	Reason string `json:"reason"`
}

func (s *Server) listRegistrations(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := emulation.RegistrationFilter{MovementID: q.id("movement_id"), Subject: q.subjectParam("subject"), UnitID: q.id("unit_id"),
		ClusterID: q.id("cluster_id")}
	if q.str("year") != "" {
		f.Year = q.yearParam("year")
	}
	f.Offset, f.Limit = q.page()
	if err := q.err(); err != nil {
		return err
	}
	list, total, err := s.Services.Emulation.FindRegistrations(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, total, f.Offset, f.Limit))
	return nil
}

func (s *Server) register(w http.ResponseWriter, r *http.Request) error {
	var b registrationBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	reg, err := s.Services.Emulation.Register(r.Context(), emulation.RegistrationInput{MovementID: b.MovementID, Year: b.Year,
		Subject: b.Subject, UnitID: b.UnitID, OfficialID: b.OfficialID, Title: strings.TrimSpace(b.Title), Pledge: b.Pledge, Initiative: b.Initiative})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, reg)
	return nil
}

func (s *Server) withdrawRegistration(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, registrationNotFound)
	if err != nil {
		return err
	}
	var b registrationWithdrawBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	reg, err := s.Services.Emulation.Withdraw(r.Context(), id, b.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, reg)
	return nil
}

// computeBody computes the scores of a movement's year.
type computeBody struct {
	MovementID int64 `json:"movement_id"`
	Year       int   `json:"year"`
}

// handScoreBody scores a manual criterion, with a reason.
type handScoreBody struct {
	RegistrationID int64   `json:"registration_id"`
	Year           int     `json:"year"`
	CriterionID    int64   `json:"criterion_id"`
	Points         float64 `json:"points"`
	Reason         string  `json:"reason"`
}

func (s *Server) computeScores(w http.ResponseWriter, r *http.Request) error {
	var b computeBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	res, err := s.Services.Emulation.ComputeScores(r.Context(), b.MovementID, b.Year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

func (s *Server) scoreByHand(w http.ResponseWriter, r *http.Request) error {
	var b handScoreBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	sc, err := s.Services.Emulation.ScoreByHand(r.Context(), emulation.HandScoreInput{RegistrationID: b.RegistrationID, Year: b.Year,
		CriterionID: b.CriterionID, Points: b.Points, Reason: b.Reason})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, scoreView(sc))
	return nil
}

func scoreView(sc *emulation.Score) *emulation.Score {
	if sc.Lines == nil {
		sc.Lines = []emulation.ScoreLine{}
	}
	return sc
}

func (s *Server) ranking(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := emulation.RankingFilter{MovementID: q.id("movement_id"), Year: q.yearParam("year"), Subject: q.subjectParam("subject"),
		ClusterID: q.id("cluster_id")}
	if f.MovementID == 0 && q.str("movement_id") == "" {
		q.errs.Add("movement_id", "Xin chỉ ra phong trào thi đua (movement_id).")
	}
	_, f.Limit = q.page()
	if err := q.err(); err != nil {
		return err
	}
	list, err := s.Services.Emulation.Ranking(r.Context(), f)
	if err != nil {
		return err
	}
	for _, sc := range list {
		scoreView(sc)
	}
	writeJSON(w, http.StatusOK, newList(list, len(list), 0, f.Limit))
	return nil
}

func (s *Server) explainScore(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, registrationNotFound)
	if err != nil {
		return err
	}
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	sc, err := s.Services.Emulation.Explain(r.Context(), id, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, scoreView(sc))
	return nil
}

// Titles.

// titleProposalBody proposes a title (official_id 0: the unit as a
// collective).
type titleProposalBody struct {
	MovementID int64  `json:"movement_id,omitempty"`
	Year       int    `json:"year"`
	Title      string `json:"title"`
	UnitID     int64  `json:"unit_id"`
	OfficialID int64  `json:"official_id,omitempty"`
	Reason     string `json:"reason"`
}

// titleDecisionBody decides a proposal: approved with the decision's
// number and date (yyyy-mm-dd), or rejected with a reason.
type titleDecisionBody struct {
	Approve      bool   `json:"approve"`
	Number       string `json:"number,omitempty"`
	Date         day    `json:"date,omitempty"`
	RejectReason string `json:"reject_reason,omitempty"`
}

func titleView(p *emulation.TitleProposal) *emulation.TitleProposal {
	if p.Checks == nil {
		p.Checks = []emulation.Check{}
	}
	return p
}

func (s *Server) listTitleProposals(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := emulation.TitleFilter{UnitID: q.id("unit_id"), Title: q.str("title"), Status: emulation.ProposalStatus(q.str("status"))}
	switch f.Status {
	case "", emulation.ProposalProposed, emulation.ProposalApproved, emulation.ProposalRejected:
	default:
		q.errs.Add("status", "Trạng thái không hợp lệ: proposed, approved hoặc rejected.")
	}
	if q.str("year") != "" {
		f.Year = q.yearParam("year")
	}
	f.Offset, f.Limit = q.page()
	if err := q.err(); err != nil {
		return err
	}
	list, total, err := s.Services.Emulation.FindTitleProposals(r.Context(), f)
	if err != nil {
		return err
	}
	for _, p := range list {
		titleView(p)
	}
	writeJSON(w, http.StatusOK, newList(list, total, f.Offset, f.Limit))
	return nil
}

func (s *Server) proposeTitle(w http.ResponseWriter, r *http.Request) error {
	var b titleProposalBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	p, err := s.Services.Emulation.ProposeTitle(r.Context(), emulation.TitleProposalInput{MovementID: b.MovementID, Year: b.Year,
		Title: strings.TrimSpace(b.Title), UnitID: b.UnitID, OfficialID: b.OfficialID, Reason: b.Reason})
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/emulation/titles/"+strconv.FormatInt(p.ID, 10))
	writeJSON(w, http.StatusCreated, titleView(p))
	return nil
}

func (s *Server) getTitleProposal(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, titleNotFound)
	if err != nil {
		return err
	}
	p, err := s.Services.Emulation.FindTitleProposal(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, titleView(p))
	return nil
}

func (s *Server) decideTitle(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, titleNotFound)
	if err != nil {
		return err
	}
	var b titleDecisionBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	v := congvu.Validation{}
	date := b.Date.read(v, "date", false)
	if err := v.Err(); err != nil {
		return err
	}
	p, err := s.Services.Emulation.DecideTitle(r.Context(), id, emulation.TitleDecisionInput{Approve: b.Approve, Number: strings.TrimSpace(b.Number),
		Date: dmy(date), RejectReason: b.RejectReason})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, titleView(p))
	return nil
}

func (s *Server) titleSuggestions(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	unitID := q.requireUnit("unit_id")
	year := q.yearParam("year")
	if err := q.err(); err != nil {
		return err
	}
	list, err := s.Services.Emulation.SuggestTitles(r.Context(), unitID, year)
	if err != nil {
		return err
	}
	for _, sg := range list {
		if sg.Checks == nil {
			sg.Checks = []emulation.Check{}
		}
	}
	writeJSON(w, http.StatusOK, newList(list, len(list), 0, len(list)))
	return nil
}

func (s *Server) listTitleRuleSets(w http.ResponseWriter, r *http.Request) error {
	sets, err := s.Services.Emulation.TitleRuleSets(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(sets, len(sets), 0, len(sets)))
	return nil
}

func (s *Server) addTitleRuleSet(w http.ResponseWriter, r *http.Request) error {
	var b emulation.TitleRuleSet
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	b.ID, b.CreatedBy, b.CreatedAt = 0, 0, time.Time{}
	rs, err := s.Services.Emulation.AddTitleRuleSet(r.Context(), b)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, rs)
	return nil
}
