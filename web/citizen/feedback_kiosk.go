package citizen

import (
	"congvu/feedback"
	"congvu/org"
	"congvu/web"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"congvu"
)

// Kiosk mode: a tablet at a one-stop shop, opened at /kiosk/{key} with the
// secret device key of a kiosk the unit registered. A citizen picks the
// official who served them (or the counter as a whole), rates with big
// touch targets, sees "Xin cảm ơn", and the page returns to the start by
// itself after a few seconds (a meta refresh: no JavaScript needed).
//
// With JavaScript (static/kiosk.js) a rating is first queued in the
// tablet's localStorage with a random idempotency key, then sent as JSON to
// /kiosk/{key}/ratings; it leaves the queue only once the server answered.
// While the network is down ratings wait on the tablet and go out when it
// returns; a rating sent twice (the answer was lost) is stored once, since
// the service keeps the first rating of an idempotency key.

func init() {
	web.FlashMessages["tao-kiosk"] = "Đã tạo máy đánh giá."
	web.FlashMessages["thu-hoi-kiosk"] = "Đã thu hồi máy đánh giá: đường dẫn của máy không còn dùng được."
	web.FlashMessages["cap-ma-don-vi"] = "Đã cấp mã QR của đơn vị. Xin in và dán mã tại quầy."
	web.FlashMessages["cap-lai-ma-don-vi"] = "Đã cấp lại mã QR của đơn vị. Mã cũ không còn dùng được; xin in và dán mã mới."
}

// kioskResetSeconds is how long the thank-you screen stays before the
// kiosk returns to its start.
const kioskResetSeconds = 5

// kioskOfficialsShown caps the officials offered on a kiosk's start screen.
const kioskOfficialsShown = 60

// officialParam is the kiosk form's field for the chosen official.
const officialParam = "can-bo"

// kioskRoutes are the public kiosk pages (see routeTable).
func (s *Pages) kioskRoutes() []web.Route {
	// Private: the kiosk serves citizens; the log keeps no address of the
	// device (its limits key on the kiosk, and the IP only as a pseudonym).
	return []web.Route{
		{Method: "GET", Pattern: "/kiosk/{key}", Access: web.Public, Handler: s.kioskStart, Private: true},
		{Method: "GET", Pattern: "/kiosk/{key}/danh-gia", Access: web.Public, Handler: s.kioskForm, Private: true},
		{Method: "POST", Pattern: "/kiosk/{key}/danh-gia", Access: web.Public, Handler: s.kioskSubmit, Private: true},
		{Method: "GET", Pattern: "/kiosk/{key}/cam-on", Access: web.Public, Handler: s.kioskThanks, Private: true},
		{Method: "POST", Pattern: "/kiosk/{key}/ratings", Access: web.Public, Handler: s.kioskRatingJSON, Private: true},
	}
}

// KioskView is what kiosk pages know of their kiosk.
type KioskView struct {
	Base      string // "/kiosk/{key}"
	UnitName  string
	Name      string
	Officials []*org.Official // the start screen's choices
	ResetURL  string          // where the thank-you screen returns to
	Reset     int             // seconds before it does
	// Inline is the unit's rating form, carried by the start screen for
	// kiosk.js, which runs the whole kiosk in that one page.
	Inline *RatePage
}

// kiosk resolves the device key of the path.
func (s *Pages) kiosk(r *http.Request) (*feedback.Kiosk, *KioskView, error) {
	svc := s.Services.Feedback
	key := r.PathValue("key")
	k, err := svc.KioskByKey(r.Context(), key)
	if err != nil {
		return nil, &KioskView{Base: "/kiosk/" + key}, err
	}
	return k, &KioskView{Base: "/kiosk/" + key, UnitName: k.UnitName, Name: k.Name}, nil
}

// kioskOfficials lists the active officials working directly in the
// kiosk's unit, for its start screen. The device key is the authority here
// (a kiosk shows names and positions of its own unit's officials, as the
// name plates at the counters do), so the list is read as the system.
func (s *Pages) kioskOfficials(r *http.Request, k *feedback.Kiosk) ([]*org.Official, error) {
	svc := s.Services.Officials
	ctx := congvu.NewContextWithActor(r.Context(), congvu.SystemActor("Máy đánh giá "+k.Name))
	list, _, err := svc.FindOfficials(ctx, org.OfficialFilter{UnitID: k.UnitID, DirectOnly: true, Limit: kioskOfficialsShown})
	for _, o := range list {
		o.BadgeToken, o.Email, o.Phone = "", "", ""
	}
	return list, err
}

func (s *Pages) kioskStart(w http.ResponseWriter, r *http.Request) error {
	k, kv, err := s.kiosk(r)
	if err != nil {
		return s.rateProblem(w, r, err, kv)
	}
	if kv.Officials, err = s.kioskOfficials(r, k); err != nil {
		return err
	}
	kv.ResetURL, kv.Reset = kv.Base, kioskResetSeconds
	f := web.NewForm(nil)
	f.Set(idemParam, newIdemKey())
	kv.Inline = s.ratePage(&feedback.RatingTarget{UnitID: k.UnitID, UnitName: k.UnitName, Channel: feedback.ChannelKiosk}, f, kv.Base+"/danh-gia")
	kv.Inline.Kiosk = kv
	p := &RatePage{Kind: "pick", Kiosk: kv}
	p.Title = "Đánh giá sự hài lòng — " + k.UnitName
	return s.Render(w, r, http.StatusOK, "rate.html", p)
}

// kioskTarget is whom a kiosk form rates: the official chosen (who must be
// on the start screen's list) or the unit.
func (s *Pages) kioskTarget(r *http.Request, k *feedback.Kiosk, officialID int64) (*feedback.RatingTarget, error) {
	t := &feedback.RatingTarget{UnitID: k.UnitID, UnitName: k.UnitName, Channel: feedback.ChannelKiosk}
	if officialID == 0 {
		return t, nil
	}
	list, err := s.kioskOfficials(r, k)
	if err != nil {
		return nil, err
	}
	for _, o := range list {
		if o.ID == officialID && o.Active {
			t.OfficialID, t.OfficialName, t.Position = o.ID, o.FullName, o.Position
			return t, nil
		}
	}
	return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy cán bộ này tại đơn vị.")
}

func (s *Pages) kioskForm(w http.ResponseWriter, r *http.Request) error {
	k, kv, err := s.kiosk(r)
	if err != nil {
		return s.rateProblem(w, r, err, kv)
	}
	oid, _ := strconv.ParseInt(r.URL.Query().Get(officialParam), 10, 64)
	t, err := s.kioskTarget(r, k, oid)
	if err != nil {
		return s.rateProblem(w, r, err, kv)
	}
	f := web.NewForm(nil)
	f.Set(idemParam, newIdemKey())
	if oid != 0 {
		f.Set(officialParam, strconv.FormatInt(oid, 10))
	}
	kv.ResetURL, kv.Reset = kv.Base, kioskResetSeconds
	p := s.ratePage(t, f, r.URL.Path)
	p.Kiosk = kv
	return s.Render(w, r, http.StatusOK, "rate.html", p)
}

func (s *Pages) kioskSubmit(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxRatingBodyBytes)
	if err := r.ParseForm(); err != nil {
		return err
	}
	k, kv, err := s.kiosk(r)
	if err != nil {
		return s.rateProblem(w, r, err, kv)
	}
	f := web.NewForm(r.PostForm)
	oid := f.Int(officialParam)
	t, err := s.kioskTarget(r, k, oid)
	if err != nil {
		return s.rateProblem(w, r, err, kv)
	}
	in := readRating(f)
	in.KioskKey = r.PathValue("key")
	in.OfficialID = oid
	in.FillTime = s.FillTime(r.URL.Path, f.Values.Get(stampParam), time.Now())
	page := func() (*RatePage, error) {
		p := s.ratePage(t, f, r.URL.Path)
		p.Kiosk = kv
		return p, nil
	}
	return s.submitRating(w, r, s.Services.Feedback, in, f, page, kv.Base+"/cam-on")
}

func (s *Pages) kioskThanks(w http.ResponseWriter, r *http.Request) error {
	_, kv, err := s.kiosk(r)
	if err != nil {
		return s.rateProblem(w, r, err, kv)
	}
	kv.ResetURL, kv.Reset = kv.Base, kioskResetSeconds
	p := &RatePage{Kind: "thanks", Kiosk: kv}
	p.Title = "Xin cảm ơn"
	return s.Render(w, r, http.StatusOK, "rate.html", p)
}

// KioskRating is a rating sent by a kiosk's queue (kiosk.js) as JSON.
type KioskRating struct {
	// IdempotencyKey is random per rating, made on the tablet; required.
	IdempotencyKey string          `json:"idempotency_key"`
	OfficialID     int64           `json:"official_id,omitempty"`
	Satisfaction   string          `json:"satisfaction"`
	Answers        map[string]bool `json:"answers,omitempty"`
	Comment        string          `json:"comment,omitempty"`
	DossierCode    string          `json:"dossier_code,omitempty"`
	Contact        string          `json:"contact,omitempty"`
	// Website is the honeypot field of the form.
	Website string `json:"website,omitempty"`
	// FillMS is how long the form was open on the tablet, in milliseconds.
	FillMS int64 `json:"fill_ms,omitempty"`
}

// kioskAnswer is the JSON answer of /kiosk/{key}/ratings.
type kioskAnswer struct {
	OK     bool            `json:"ok"`
	ID     int64           `json:"id,omitempty"`
	Status feedback.Status `json:"status,omitempty"`
	Error  *kioskError     `json:"error,omitempty"`
}

type kioskError struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// kioskRatingJSON stores a queued kiosk rating. 200 with the rating (also
// for a key already stored: the first rating); 400 for a rating that can
// never be stored (the queue drops it); 404 for a revoked kiosk; 429 when
// a limit refuses it (the refusal is recorded); 5xx: try again later.
func (s *Pages) kioskRatingJSON(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Feedback
	var in KioskRating
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxRatingBodyBytes))
	if err := dec.Decode(&in); err != nil {
		return s.writeKioskJSON(w, r, congvu.Errorf(congvu.EINVALID, "Dữ liệu đánh giá không đọc được."), nil)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return s.writeKioskJSON(w, r, congvu.Errorf(congvu.EINVALID, "Dữ liệu đánh giá không đọc được."), nil)
	}
	if in.IdempotencyKey == "" {
		return s.writeKioskJSON(w, r, congvu.FieldError("idempotency_key", "Thiếu khóa chống gửi trùng."), nil)
	}
	fill := time.Duration(in.FillMS) * time.Millisecond
	if in.FillMS <= 0 || fill > 24*time.Hour {
		fill = 0 // unknown
	}
	fb, err := svc.Submit(r.Context(), feedback.Input{
		KioskKey:       r.PathValue("key"),
		OfficialID:     in.OfficialID,
		Satisfaction:   feedback.Satisfaction(in.Satisfaction),
		Answers:        in.Answers,
		Comment:        in.Comment,
		DossierCode:    in.DossierCode,
		Contact:        in.Contact,
		Honeypot:       in.Website,
		FillTime:       fill,
		IdempotencyKey: "kiosk:" + in.IdempotencyKey,
	})
	return s.writeKioskJSON(w, r, err, fb)
}

// writeKioskJSON writes the answer to a kiosk: the stored rating's id and
// status, or the error with its status code. Internal errors are logged,
// not detailed.
func (s *Pages) writeKioskJSON(w http.ResponseWriter, r *http.Request, err error, fb *feedback.Feedback) error {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	var out kioskAnswer
	status := http.StatusOK
	if err != nil {
		code := congvu.ErrorCode(err)
		status = web.StatusOf(code)
		msg := congvu.ErrorMessage(err)
		if status >= 500 {
			code = congvu.EINTERNAL
			s.Log.Error("internal error", "method", r.Method, "path", "/kiosk/…/ratings", "err", err)
		}
		out.Error = &kioskError{Code: code, Message: msg, Fields: congvu.ErrorFields(err)}
	} else {
		out.OK, out.ID, out.Status = true, fb.ID, fb.Status
	}
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(out)
}
