package api

import (
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/courtesy"
	"congvu/petition"
)

// Petitions (phản ánh, kiến nghị) through the API: a citizen app submits
// them (with an integration's token) and the reporter tracks them with the
// tracking code and secret (public); handlers list, read and handle them
// with their own tokens. The service checks scope, conflicts of interest
// and the workflow; this file decodes, maps field names to the JSON
// names, and holds replies back that fail the courtesy check unless the
// caller confirms.

const petitionNotFound = "Không tìm thấy phản ánh."

// reporterBody is the reporter's identity as sent; it is sealed at rest and
// never returned except to a handler who gives a reason.
type reporterBody struct {
	Name    string `json:"name"`
	Phone   string `json:"phone"`
	Email   string `json:"email"`
	Address string `json:"address"`
}

// petitionBody is a petition sent by a citizen app. Exactly one of
// badge_token, unit_token, or official_id / unit_id says whom it is about.
// Attachments are not accepted here (the web form takes them).
type petitionBody struct {
	Category    petition.Category `json:"category"`
	BadgeToken  string            `json:"badge_token"`
	UnitToken   string            `json:"unit_token"`
	UnitID      int64             `json:"unit_id"`
	OfficialID  int64             `json:"official_id"`
	SubjectText string            `json:"subject_text"`
	Description string            `json:"description"`
	OccurredOn  string            `json:"occurred_on"`
	Place       string            `json:"place"`
	Anonymous   bool              `json:"anonymous"`
	Reporter    *reporterBody     `json:"reporter"`
	Consent     bool              `json:"consent"`
	// ClientIP is the citizen's address as the app saw it; the per-IP
	// limits then apply to the citizen instead of the app.
	ClientIP string `json:"client_ip"`
}

// petitionReceipt is the answer to a submission: the secret appears here
// only (the system keeps its hash).
type petitionReceipt struct {
	TrackingCode string          `json:"tracking_code"`
	Secret       string          `json:"secret"`
	Status       petition.Status `json:"status"`
	DueAt        *time.Time      `json:"due_at,omitempty"`
}

// petitionFieldNames maps the service's field names to the JSON body's.
var petitionFieldNames = map[string]string{
	"reporter_name":    "reporter.name",
	"reporter_phone":   "reporter.phone",
	"reporter_email":   "reporter.email",
	"reporter_address": "reporter.address",
	"occurred_at":      "occurred_on",
}

// withClientIP returns the context with the citizen's IP address given by
// an integration (only a request with a valid token may set it: the limits
// per IP would otherwise be trivial to dodge).
func withClientIP(r *http.Request, ip string, v congvu.Validation) *http.Request {
	ip = strings.TrimSpace(ip)
	if ip == "" {
		return r
	}
	switch {
	case congvu.ActorFromContext(r.Context()).IsAnonymous():
		v.Add("client_ip", "Chỉ hệ thống tích hợp có mã truy cập API mới được gửi địa chỉ IP của người dân.")
	case net.ParseIP(ip) == nil:
		v.Add("client_ip", "Địa chỉ IP của người dân không hợp lệ.")
	default:
		meta := congvu.MetaFromContext(r.Context())
		meta.IP = ip
		return r.WithContext(congvu.NewContextWithMeta(r.Context(), meta))
	}
	return r
}

// writeLimited answers a petition limit (ELIMIT) itself, so Retry-After
// says when the limit's window ends (an hour for tracking, a day for
// submissions and messages) rather than the minute of the IP limit. Other
// errors are returned for writeError.
func writeLimited(w http.ResponseWriter, err error, window time.Duration) error {
	if congvu.ErrorCode(err) != congvu.ELIMIT {
		return err
	}
	now := time.Now()
	wait := congvu.LimitWindow(now, window).Add(window).Sub(now)
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	writeJSON(w, http.StatusTooManyRequests, errorBody{Error: errorDetail{Code: congvu.ELIMIT, Message: congvu.ErrorMessage(err)}})
	return nil
}

func (s *Server) submitPetition(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Petitions
	var b petitionBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	v := congvu.Validation{}
	r = withClientIP(r, b.ClientIP, v)
	in := petition.Input{
		Channel: petition.ViaAPI, BadgeToken: b.BadgeToken, UnitToken: b.UnitToken, UnitID: b.UnitID, OfficialID: b.OfficialID,
		SubjectText: b.SubjectText, Category: b.Category, Description: b.Description, Place: b.Place,
		Anonymous: b.Anonymous, Consent: b.Consent,
	}
	ways := 0
	for _, set := range []bool{strings.TrimSpace(b.BadgeToken) != "", strings.TrimSpace(b.UnitToken) != "", b.UnitID != 0 || b.OfficialID != 0} {
		if set {
			ways++
		}
	}
	if ways > 1 {
		return congvu.Errorf(congvu.EINVALID, "Chỉ ra người, đơn vị bị phản ánh bằng đúng một cách: badge_token, unit_token, hoặc official_id / unit_id.")
	}
	if day := strings.TrimSpace(b.OccurredOn); day != "" {
		d, err := time.ParseInLocation(time.DateOnly, day, congvu.TimeZone)
		if err != nil {
			v.Add("occurred_on", "Ngày xảy ra sự việc phải có dạng năm-tháng-ngày, ví dụ 2026-03-15.")
		} else {
			in.OccurredAt = &d
		}
	}
	if rp := b.Reporter; rp != nil {
		if b.Anonymous && strings.TrimSpace(rp.Name+rp.Phone+rp.Email+rp.Address) != "" {
			// Say so rather than drop it: the app must not believe it
			// stored an identity the system threw away.
			v.Add("reporter", "Phản ánh ẩn danh không kèm thông tin người phản ánh; xin bỏ trường reporter hoặc đặt anonymous là false.")
		}
		in.Reporter = petition.Reporter{Name: rp.Name, Phone: rp.Phone, Email: rp.Email, Address: rp.Address}
	}
	if err := v.Err(); err != nil {
		return err
	}
	rc, err := svc.Submit(r.Context(), in)
	if err != nil {
		names := petitionFieldNames
		if congvu.ErrorFields(err)["subject"] != "" {
			names = map[string]string{"subject": "unit_token"}
			if strings.TrimSpace(b.BadgeToken) != "" {
				names["subject"] = "badge_token"
			}
		}
		return writeLimited(w, congvu.RenameFields(err, names), 24*time.Hour)
	}
	out := petitionReceipt{TrackingCode: rc.TrackingCode, Secret: rc.Secret, Status: petition.Received}
	if rc.Petition != nil {
		out.Status, out.DueAt = rc.Petition.Status, rc.Petition.DueAt
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, out)
	return nil
}

// trackBody is the reporter's tracking code and secret, always in the
// body: a secret in a query string ends up in logs and browser history.
type trackBody struct {
	TrackingCode string `json:"tracking_code"`
	Secret       string `json:"secret"`
	ClientIP     string `json:"client_ip"`
}

// trackMessageBody is a message of the reporter.
type trackMessageBody struct {
	TrackingCode string `json:"tracking_code"`
	Secret       string `json:"secret"`
	Body         string `json:"body"`
	// Reopen: the reporter disagrees with the result or adds information
	// and asks that the closed petition be looked at again (see
	// petition.MessageReopens: once per petition).
	Reopen   bool   `json:"reopen"`
	ClientIP string `json:"client_ip"`
}

// readTrack checks the code and secret for presence and refuses them in
// the query string.
func readTrack(r *http.Request, code, secret string, v congvu.Validation) error {
	q := r.URL.Query()
	if q.Has("secret") || q.Has("tracking_code") {
		return congvu.Errorf(congvu.EINVALID, "Không gửi mã phản ánh và mã bí mật trên đường dẫn; xin gửi trong nội dung JSON của yêu cầu.")
	}
	if strings.TrimSpace(code) == "" {
		v.Add("tracking_code", "Xin nhập mã phản ánh.")
	}
	if strings.TrimSpace(secret) == "" {
		v.Add("secret", "Xin nhập mã bí mật được cấp khi gửi phản ánh.")
	}
	return v.Err()
}

// track answers the reporter's view of a petition; no-store, since it
// is private to whoever holds the secret.
func trackAnswer(w http.ResponseWriter, status int, p *petition.Public) {
	if p.Events == nil {
		p.Events = []*petition.Event{}
	}
	if p.Messages == nil {
		p.Messages = []*petition.Message{}
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, p)
}

func (s *Server) trackPetition(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Petitions
	var b trackBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	v := congvu.Validation{}
	r = withClientIP(r, b.ClientIP, v)
	if err := readTrack(r, b.TrackingCode, b.Secret, v); err != nil {
		return err
	}
	p, err := svc.Track(r.Context(), b.TrackingCode, b.Secret)
	if err != nil {
		return writeLimited(w, err, petition.TrackFailureWindow)
	}
	trackAnswer(w, http.StatusOK, p)
	return nil
}

func (s *Server) postTrackMessage(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Petitions
	var b trackMessageBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	v := congvu.Validation{}
	r = withClientIP(r, b.ClientIP, v)
	if err := readTrack(r, b.TrackingCode, b.Secret, v); err != nil {
		return err
	}
	// The code and secret first, so that a refusal says how long to wait:
	// an hour after too many failed lookups, a day after too many messages.
	ctx := r.Context()
	if _, err := svc.Track(ctx, b.TrackingCode, b.Secret); err != nil {
		return writeLimited(w, err, petition.TrackFailureWindow)
	}
	if err := svc.PostReporterMessage(ctx, b.TrackingCode, b.Secret, b.Body, b.Reopen); err != nil {
		return writeLimited(w, err, 24*time.Hour)
	}
	// The thread as it now stands.
	p, err := svc.Track(ctx, b.TrackingCode, b.Secret)
	if err != nil {
		return err
	}
	trackAnswer(w, http.StatusCreated, p)
	return nil
}

// trackWithdrawBody is the reporter's withdrawal.
type trackWithdrawBody struct {
	TrackingCode string `json:"tracking_code"`
	Secret       string `json:"secret"`
	Reason       string `json:"reason"`
	ClientIP     string `json:"client_ip"`
}

// withdrawPetition records the reporter's withdrawal and answers the view
// as it now stands.
func (s *Server) withdrawPetition(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Petitions
	var b trackWithdrawBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	v := congvu.Validation{}
	r = withClientIP(r, b.ClientIP, v)
	if err := readTrack(r, b.TrackingCode, b.Secret, v); err != nil {
		return err
	}
	ctx := r.Context()
	if err := svc.Withdraw(ctx, b.TrackingCode, b.Secret, b.Reason); err != nil {
		return writeLimited(w, err, petition.TrackFailureWindow)
	}
	p, err := svc.Track(ctx, b.TrackingCode, b.Secret)
	if err != nil {
		return err
	}
	trackAnswer(w, http.StatusOK, p)
	return nil
}

func (s *Server) listPetitions(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Petitions
	q := newQuery(r)
	f := petition.Filter{
		Query:      q.str("q"),
		Status:     petition.Status(q.str("status")),
		Category:   petition.Category(q.str("category")),
		UnitID:     q.id("unit_id"),
		OfficialID: q.id("official_id"),
		Overdue:    q.boolean("overdue"),
		Escalated:  q.boolean("escalated"),
		From:       q.timeParam("from", false),
		To:         q.timeParam("to", true),
	}
	if f.Status != "" && !f.Status.Valid() {
		q.errs.Add("status", "Trạng thái phải là received, accepted, rejected, assigned, verifying, concluded hoặc closed.")
	}
	if f.Category != "" && !f.Category.Valid() {
		q.errs.Add("category", "Loại hành vi không hợp lệ.")
	}
	switch sort := q.str("sort"); sort {
	case "", "newest":
	case "due":
		f.Sort = "due"
	default:
		q.errs.Add("sort", "Cách sắp xếp phải là newest (mới nhất trước) hoặc due (hạn gần nhất trước).")
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		q.errs.Add("to", "Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.")
	}
	f.Offset, f.Limit = q.page()
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := svc.FindPetitions(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, petitionList{list: newList(items, total, f.Offset, f.Limit), HasMore: total > f.Offset+len(items)})
	return nil
}

// petitionList is a page of petitions. The total is counted only up to
// petition.CountBound (past petition.MaxCount it means "more than"), so a
// client pages on while HasMore says a next page holds petitions.
type petitionList struct {
	list[*petition.Petition]
	HasMore bool `json:"has_more"`
}

// petitionDetail is a petition with its whole history, for staff.
type petitionDetail struct {
	*petition.Petition
	Events   []*petition.Event   `json:"events"`
	Messages []*petition.Message `json:"messages"`
	Notes    []*petition.Note    `json:"notes"`
	// IdentityViews lists who read the reporter's identity, and why.
	IdentityViews []*petition.IdentityView `json:"identity_views"`
	// NextSteps are the steps the status allows; whether the caller may
	// take them is checked when they do.
	NextSteps []petition.Step `json:"next_steps"`
}

func (s *Server) getPetition(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Petitions
	id, err := pathID(r, petitionNotFound)
	if err != nil {
		return err
	}
	ctx := r.Context()
	p, err := svc.FindPetition(ctx, id)
	if err != nil {
		return err
	}
	d := petitionDetail{Petition: p, NextSteps: petition.StepsFrom(p.Status)}
	if d.Events, d.Messages, d.Notes, err = svc.History(ctx, id); err != nil {
		return err
	}
	if d.IdentityViews, err = svc.IdentityViews(ctx, id); err != nil {
		return err
	}
	if d.Events == nil {
		d.Events = []*petition.Event{}
	}
	if d.Messages == nil {
		d.Messages = []*petition.Message{}
	}
	if d.Notes == nil {
		d.Notes = []*petition.Note{}
	}
	if d.IdentityViews == nil {
		d.IdentityViews = []*petition.IdentityView{}
	}
	if d.NextSteps == nil {
		d.NextSteps = []petition.Step{}
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// stepBody is a workflow step.
type stepBody struct {
	Step       petition.Step       `json:"step"`
	UnitID     int64               `json:"unit_id"`
	Reason     string              `json:"reason"`
	Note       string              `json:"note"`
	Conclusion petition.Conclusion `json:"conclusion"`
	Text       string              `json:"text"`
	Items      []string            `json:"items"`
	// ConclusionPublic (conclude): the text is written for the reporter,
	// who reads it when tracking and in the reply made at closing.
	ConclusionPublic bool `json:"conclusion_public"`
	// ReporterSummary (conclude): what the reporter reads instead, required
	// when the text is not public.
	ReporterSummary string `json:"reporter_summary"`
	// Kind and KindReason (accept): the legal kind confirmed, or changed
	// with a reason.
	Kind       petition.Kind `json:"kind"`
	KindReason string        `json:"kind_reason"`
	// VeryComplex (extend): a very complex case (a tố cáo's second
	// extension).
	VeryComplex bool `json:"very_complex"`
	// ReferTo (refer): police or procuracy.
	ReferTo petition.Authority `json:"refer_to"`
}

func (s *Server) petitionStep(w http.ResponseWriter, r *http.Request) error {
	svc, id, b, err := petitionRequest[stepBody](s, w, r)
	if err != nil {
		return err
	}
	if _, known := petition.StepTo[b.Step]; !known {
		return congvu.FieldError("step", "Bước xử lý phải là accept, reject, assign, transfer, verify, conclude, close, extend, suspend, resume hoặc refer.")
	}
	p, err := svc.Step(r.Context(), id, petition.StepInput{Step: b.Step, UnitID: b.UnitID, Reason: b.Reason, Note: b.Note,
		Conclusion: b.Conclusion, Text: b.Text, Items: b.Items, ConclusionPublic: b.ConclusionPublic,
		ReporterSummary: b.ReporterSummary, Kind: b.Kind, KindReason: b.KindReason, VeryComplex: b.VeryComplex, ReferTo: b.ReferTo})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// noteBody is an internal note.
type noteBody struct {
	Body string `json:"body"`
}

func (s *Server) petitionNote(w http.ResponseWriter, r *http.Request) error {
	svc, id, b, err := petitionRequest[noteBody](s, w, r)
	if err != nil {
		return err
	}
	n, err := svc.AddNote(r.Context(), id, b.Body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, n)
	return nil
}

// replyBody is a reply to the reporter; Confirm sends it even when the
// courtesy check finds required parts missing.
type replyBody struct {
	Body    string `json:"body"`
	Confirm bool   `json:"confirm"`
}

// courtesyCheck is one point of the courtesy review of a reply.
type courtesyCheck struct {
	Code       string `json:"code"`
	Label      string `json:"label"`
	OK         bool   `json:"ok"`
	Required   bool   `json:"required"`
	Suggestion string `json:"suggestion,omitempty"`
}

// courtesyView is the courtesy review of a reply.
type courtesyView struct {
	Ready  bool            `json:"ready"`
	Score  int             `json:"score"`
	Total  int             `json:"total"`
	Checks []courtesyCheck `json:"checks"`
}

func viewCourtesy(res courtesy.Result) courtesyView {
	v := courtesyView{Ready: res.Ready(), Score: res.Score, Total: res.Total, Checks: []courtesyCheck{}}
	for _, c := range res.Checks {
		v.Checks = append(v.Checks, courtesyCheck{Code: c.Code, Label: c.Label, OK: c.OK, Required: c.Required, Suggestion: c.Suggestion})
	}
	return v
}

// replyView is a sent reply with its courtesy review.
type replyView struct {
	Message  *petition.Message `json:"message"`
	Courtesy courtesyView      `json:"courtesy"`
}

// replyHeld is the answer when a reply is held back: the error, and the
// review that says what is missing.
type replyHeld struct {
	Error    errorDetail  `json:"error"`
	Courtesy courtesyView `json:"courtesy"`
}

func (s *Server) petitionReply(w http.ResponseWriter, r *http.Request) error {
	svc, id, b, err := petitionRequest[replyBody](s, w, r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	p, err := svc.FindPetition(ctx, id)
	if err != nil {
		return err
	}
	res := petition.CheckReply(p, b.Body, time.Now())
	cv := viewCourtesy(res)
	if err := petition.GateReply(b.Body, res, b.Confirm); err != nil {
		if fields := congvu.ErrorFields(err); fields[petition.ReplyConfirmField] != "" && fields[petition.ReplyBodyField] == "" {
			// Held back: the review says what is missing.
			msg := "Thư trả lời chưa đủ các mục bắt buộc: " + strings.Join(petition.MissingChecks(res), "; ") +
				". Xin bổ sung theo gợi ý, hoặc gửi lại với \"confirm\": true nếu chắc chắn muốn gửi."
			writeJSON(w, http.StatusUnprocessableEntity, replyHeld{
				Error:    errorDetail{Code: congvu.EINVALID, Message: msg, Fields: map[string]string{"body": msg}},
				Courtesy: cv})
			return nil
		}
		return err
	}
	m, err := svc.Reply(ctx, id, b.Body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, replyView{Message: m, Courtesy: cv})
	return nil
}

// revealBody is why a handler needs the reporter's identity.
type revealBody struct {
	Reason string `json:"reason"`
}

func (s *Server) revealReporter(w http.ResponseWriter, r *http.Request) error {
	svc, id, b, err := petitionRequest[revealBody](s, w, r)
	if err != nil {
		return err
	}
	rep, err := svc.RevealReporter(r.Context(), id, b.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *Server) petitionStats(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Petitions
	q := newQuery(r)
	f := petition.StatsFilter{UnitID: q.id("unit_id"), From: q.timeParam("from", false), To: q.timeParam("to", true)}
	if err := q.err(); err != nil {
		return err
	}
	st, err := svc.Stats(r.Context(), f)
	if err != nil {
		return err
	}
	// Lists are lists, even when empty.
	for _, l := range []*[]petition.CountRow{&st.ByCategory, &st.ByStatus, &st.ByUnit, &st.ByItem} {
		if *l == nil {
			*l = []petition.CountRow{}
		}
	}
	if st.Stages == nil {
		st.Stages = []petition.StageTiming{}
	}
	for _, l := range []*[]petition.FoundedRow{&st.TopOfficial, &st.TopUnits} {
		if *l == nil {
			*l = []petition.FoundedRow{}
		}
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

// petitionRequest reads what a staff action on one petition needs: the
// service, the petition id of the path and the JSON body.
func petitionRequest[B any](s *Server, w http.ResponseWriter, r *http.Request) (petition.Service, int64, B, error) {
	var b B
	svc := s.Services.Petitions
	id, err := pathID(r, petitionNotFound)
	if err != nil {
		return nil, 0, b, err
	}
	if err := decodeJSON(w, r, &b); err != nil {
		return nil, 0, b, err
	}
	return svc, id, b, nil
}
