package api

import (
	"congvu/feedback"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"congvu"
)

// Citizen feedback through an integration (the national public service
// portal, a one-stop-shop system): ratings, their review, served dossiers
// with their one-time rating links, and the satisfaction dashboards.

// feedbackBody is a rating sent by an integration. Exactly one of the
// tokens, or an official or unit id, says whom it is about.
type feedbackBody struct {
	BadgeToken     string                `json:"badge_token"`
	UnitToken      string                `json:"unit_token"`
	DossierToken   string                `json:"dossier_token"`
	OfficialID     int64                 `json:"official_id"`
	UnitID         int64                 `json:"unit_id"`
	Satisfaction   feedback.Satisfaction `json:"satisfaction"`
	Answers        map[string]bool       `json:"answers"`
	Comment        string                `json:"comment"`
	DossierCode    string                `json:"dossier_code"`
	Contact        string                `json:"contact"`
	IdempotencyKey string                `json:"idempotency_key"`
	// ClientIP is the citizen's address as the integration saw it; the
	// per-IP limits then apply to the citizen instead of the integration.
	ClientIP string `json:"client_ip"`
}

// maxAPIIdemKey bounds an integration's idempotency key; the stored key is
// prefixed with the account, so two integrations never share one.
const maxAPIIdemKey = 64

const feedbackNotFound = "Không tìm thấy đánh giá."

func (s *Server) submitFeedback(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Feedback
	var b feedbackBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	v := congvu.Validation{}
	key := strings.TrimSpace(b.IdempotencyKey)
	switch {
	case utf8.RuneCountInString(key) > maxAPIIdemKey:
		v.Add("idempotency_key", "Khóa chống gửi trùng dài quá 64 ký tự.")
	case key != "":
		key = "api:" + strconv.FormatInt(congvu.ActorFromContext(r.Context()).UserID, 10) + ":" + key
	}
	ctx := r.Context()
	if ip := strings.TrimSpace(b.ClientIP); ip != "" {
		if net.ParseIP(ip) == nil {
			v.Add("client_ip", "Địa chỉ IP của người đánh giá không hợp lệ.")
		} else {
			meta := congvu.MetaFromContext(ctx)
			meta.IP = ip
			ctx = congvu.NewContextWithMeta(ctx, meta)
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	fb, err := svc.Submit(ctx, feedback.Input{
		BadgeToken: b.BadgeToken, UnitToken: b.UnitToken, DossierToken: b.DossierToken,
		OfficialID: b.OfficialID, UnitID: b.UnitID,
		Satisfaction: b.Satisfaction, Answers: b.Answers, Comment: b.Comment,
		DossierCode: b.DossierCode, Contact: b.Contact, IdempotencyKey: key,
	})
	if err != nil {
		return err
	}
	withAnswers([]*feedback.Feedback{fb})
	writeJSON(w, http.StatusCreated, fb)
	return nil
}

// withAnswers makes every rating's answers a JSON object, even when none
// was given.
func withAnswers(fs []*feedback.Feedback) {
	for _, f := range fs {
		if f.Answers == nil {
			f.Answers = map[string]bool{}
		}
	}
}

// timeParam reads an optional time: a Vietnam date (yyyy-mm-dd; as the
// end of a range it includes that whole day) or an RFC 3339 time.
func (q *query) timeParam(name string, end bool) time.Time {
	s := q.str(name)
	if s == "" {
		return time.Time{}
	}
	if d, err := time.ParseInLocation(time.DateOnly, s, congvu.TimeZone); err == nil {
		if end {
			d = d.AddDate(0, 0, 1)
		}
		return d
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		q.errs.Add(name, "Ngày phải có dạng năm-tháng-ngày (ví dụ 2026-07-01) hoặc thời điểm RFC 3339.")
	}
	return t
}

func (s *Server) listFeedback(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Feedback
	q := newQuery(r)
	f := feedback.Filter{
		UnitID:     q.id("unit_id"),
		OfficialID: q.id("official_id"),
		Status:     feedback.Status(q.str("status")),
		Query:      q.str("q"),
		From:       q.timeParam("from", false),
		To:         q.timeParam("to", true),
	}
	switch f.Status {
	case "", feedback.Accepted, feedback.Flagged, feedback.Rejected:
	default:
		q.errs.Add("status", "Trạng thái phải là accepted, flagged hoặc rejected.")
	}
	f.Offset, f.Limit = q.page()
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := svc.FindFeedback(r.Context(), f)
	if err != nil {
		return err
	}
	withAnswers(items)
	writeJSON(w, http.StatusOK, newList(items, total, f.Offset, f.Limit))
	return nil
}

// reviewBody restores or rejects a rating.
type reviewBody struct {
	Status feedback.Status `json:"status"`
	Note   string          `json:"note"`
}

func (s *Server) reviewFeedback(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Feedback
	id, err := pathID(r, feedbackNotFound)
	if err != nil {
		return err
	}
	var b reviewBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	fb, err := svc.ReviewFeedback(r.Context(), id, b.Status, b.Note)
	if err != nil {
		return err
	}
	withAnswers([]*feedback.Feedback{fb})
	writeJSON(w, http.StatusOK, fb)
	return nil
}

// dossierBody registers or updates a served dossier; times are RFC 3339.
type dossierBody struct {
	Code          string `json:"code"`
	UnitCode      string `json:"unit_code"`
	OfficialCode  string `json:"official_code"`
	ProcedureName string `json:"procedure_name"`
	ReceivedAt    string `json:"received_at"`
	DueAt         string `json:"due_at"`
	ReturnedAt    string `json:"returned_at"`
	DelayReason   string `json:"delay_reason"`
	NewDueAt      string `json:"new_due_at"`
	DelayUnitCode string `json:"delay_unit_code"`
}

// dossierView is a dossier as the API shows it, with the links a
// one-stop-shop system hands on: the one-time rating link (only in the
// answer that created the token) and, while it is not returned, the page
// where the agency at fault issues its apology slip.
type dossierView struct {
	*feedback.Dossier
	Late bool `json:"late"`
	// RatingURL is the public one-time rating page of the dossier.
	RatingURL string `json:"rating_url,omitempty"`
	// DossierURL is the staff page of the dossier at the agency at fault,
	// where its apology slip is issued (staff sign-in).
	DossierURL string `json:"dossier_url,omitempty"`
}

// rfc3339 parses a required or optional RFC 3339 time of field name.
func rfc3339(v congvu.Validation, name, s string) *time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		v.Add(name, "Thời điểm phải theo dạng RFC 3339, ví dụ 2026-07-01T08:30:00+07:00.")
		return nil
	}
	return &t
}

// publicBase is the address the server is reached at: PublicURL, or the
// scheme and host of the request.
func (s *Server) publicBase(r *http.Request) string {
	if s.PublicURL != "" {
		return strings.TrimRight(s.PublicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Server) viewDossier(r *http.Request, d *feedback.Dossier) dossierView {
	v := dossierView{Dossier: d, Late: d.Late(time.Now())}
	base := s.publicBase(r)
	if d.RatingToken != "" {
		v.RatingURL = base + "/danh-gia/ho-so/" + url.PathEscape(d.RatingToken)
	}
	if d.ReturnedAt == nil {
		v.DossierURL = base + "/units/" + strconv.FormatInt(d.AtFault(), 10) + "/dossiers?" + url.Values{"code": {d.Code}}.Encode()
	}
	return v
}

func (s *Server) registerDossier(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Feedback
	var b dossierBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	v := congvu.Validation{}
	in := feedback.DossierInput{Code: b.Code, UnitCode: b.UnitCode, OfficialCode: b.OfficialCode, ProcedureName: b.ProcedureName,
		DelayReason: b.DelayReason, DelayUnitCode: b.DelayUnitCode, ReturnedAt: rfc3339(v, "returned_at", b.ReturnedAt), NewDueAt: rfc3339(v, "new_due_at", b.NewDueAt)}
	if t := rfc3339(v, "received_at", b.ReceivedAt); t != nil {
		in.ReceivedAt = *t
	}
	if t := rfc3339(v, "due_at", b.DueAt); t != nil {
		in.DueAt = *t
	}
	if len(v) > 0 {
		// A malformed time: say so, with the other missing essentials,
		// without registering anything.
		if strings.TrimSpace(b.Code) == "" {
			v.Add("code", "Xin nhập mã hồ sơ.")
		}
		if strings.TrimSpace(b.UnitCode) == "" {
			v.Add("unit_code", "Xin nhập mã đơn vị tiếp nhận hồ sơ.")
		}
		return v.Err()
	}
	d, err := svc.RegisterDossier(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.viewDossier(r, d))
	return nil
}

func (s *Server) dossierByCode(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Feedback
	q := newQuery(r)
	unitID, code := q.id("unit_id"), q.str("code")
	if unitID == 0 && q.errs["unit_id"] == "" {
		q.errs.Add("unit_id", "Xin cho biết mã số đơn vị.")
	}
	if code == "" {
		q.errs.Add("code", "Xin cho biết mã hồ sơ.")
	}
	if err := q.err(); err != nil {
		return err
	}
	d, err := svc.FindDossier(r.Context(), unitID, code)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.viewDossier(r, d))
	return nil
}

// dashboardFilter reads from, to (dates, to inclusive) and period.
func dashboardFilter(q *query) feedback.DashboardFilter {
	f := feedback.DashboardFilter{From: q.timeParam("from", false), To: q.timeParam("to", true), Period: feedback.Period(q.str("period"))}
	if f.Period != "" && !f.Period.Valid() {
		q.errs.Add("period", "Kỳ thống kê phải là week, month hoặc quarter.")
	}
	return f
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, official bool) error {
	svc := s.Services.Dashboards
	notFound := unitNotFound
	if official {
		notFound = officialNotFound
	}
	id, err := pathID(r, notFound)
	if err != nil {
		return err
	}
	q := newQuery(r)
	f := dashboardFilter(q)
	if err := q.err(); err != nil {
		return err
	}
	if official {
		f.OfficialID = id
	} else {
		f.UnitID = id
	}
	d, err := svc.Dashboard(r.Context(), f)
	if err != nil {
		return err
	}
	// Lists are lists, even when empty.
	for _, l := range []*[]feedback.ItemRate{&d.Items, &d.Weakest} {
		if *l == nil {
			*l = []feedback.ItemRate{}
		}
	}
	if d.Trend == nil {
		d.Trend = []feedback.TrendPoint{}
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) unitDashboard(w http.ResponseWriter, r *http.Request) error {
	return s.dashboard(w, r, false)
}

func (s *Server) officialDashboard(w http.ResponseWriter, r *http.Request) error {
	return s.dashboard(w, r, true)
}

func (s *Server) unitComments(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Dashboards
	id, err := pathID(r, unitNotFound)
	if err != nil {
		return err
	}
	q := newQuery(r)
	f := feedback.Filter{UnitID: id, Query: q.str("q"), From: q.timeParam("from", false), To: q.timeParam("to", true)}
	f.Offset, f.Limit = q.page()
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := svc.Comments(r.Context(), f)
	if err != nil {
		return err
	}
	withAnswers(items)
	writeJSON(w, http.StatusOK, newList(items, total, f.Offset, f.Limit))
	return nil
}
