package citizen

import (
	"congvu/feedback"
	"congvu/privacy"
	"congvu/web"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"time"

	"congvu"
)

// The public rating pages: a citizen scans the QR code on an official's
// badge (/danh-gia/{token}), at a counter (/danh-gia/don-vi/{token}) or on
// the slip of a returned dossier (/danh-gia/ho-so/{token}) and rates the
// encounter. The pages need no account and no JavaScript, make no
// third-party request and use their own small stylesheet (citizen.css), so
// the whole page stays far below 30 KB on a slow phone connection.
//
// Against ballot stuffing the form carries a honeypot field (people leave
// it empty, form-filling robots do not) and the time it was rendered,
// signed with a server secret, so the service learns how long the form took
// to fill (FeedbackInput.FillTime) and a robot cannot claim a slow fill.
// Rate limits per IP address are the service's; the IP is only ever stored
// as a keyed hash.

// Form fields of the rating form that are not service fields.
const (
	stampParam    = "t"       // signed render time
	honeypotParam = "website" // the honeypot: a tempting name for robots
	idemParam     = "k"       // idempotency key: a double submit stores one rating
	answerPrefix  = "a-"      // a-GT-XC: "co" or "khong"
	answerYes     = "co"
	answerNo      = "khong"
)

// maxRatingBodyBytes caps a posted rating form (a 2,000-character comment in
// Vietnamese, percent-encoded, is under 20 KB).
const maxRatingBodyBytes = 64 << 10

// ratingThanksPath is where a submitted rating lands.
const ratingThanksPath = "/danh-gia/cam-on"

// ratingRoutes are the public rating pages (see routeTable).
func (s *Pages) ratingRoutes() []web.Route {
	// Private: a rating is anonymous; the log keeps no address nor user of
	// the rater, and a staff session is not even loaded.
	return []web.Route{
		{Method: "GET", Pattern: "/danh-gia/{token}", Access: web.Public, Handler: s.rateForm(feedback.ChannelBadge), Private: true},
		{Method: "POST", Pattern: "/danh-gia/{token}", Access: web.Public, Handler: s.rateSubmit(feedback.ChannelBadge), Private: true},
		{Method: "GET", Pattern: "/danh-gia/don-vi/{token}", Access: web.Public, Handler: s.rateForm(feedback.ChannelCounter), Private: true},
		{Method: "POST", Pattern: "/danh-gia/don-vi/{token}", Access: web.Public, Handler: s.rateSubmit(feedback.ChannelCounter), Private: true},
		{Method: "GET", Pattern: "/danh-gia/ho-so/{token}", Access: web.Public, Handler: s.rateForm(feedback.ChannelDossier), Private: true},
		{Method: "POST", Pattern: "/danh-gia/ho-so/{token}", Access: web.Public, Handler: s.rateSubmit(feedback.ChannelDossier), Private: true},
		{Method: "GET", Pattern: ratingThanksPath, Access: web.Public, Handler: s.rateThanks, Private: true},
	}
}

// newIdemKey returns a random idempotency key for one rendered form.
func newIdemKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// RatePage is every citizen-facing page: the rating form (badge, counter,
// dossier or kiosk), the thank-you page, the kiosk's picker of officials,
// and the friendly problem pages. It has its own layout (rate.html): no
// navigation, no staff stylesheet.
type RatePage struct {
	web.Base
	// Kind selects the page: "form", "thanks", "problem", "pick".
	Kind string
	// Target is whom the form rates.
	Target *feedback.RatingTarget
	// Form holds what was typed and its errors.
	Form *web.Form
	// Action is where the form posts (its own path).
	Action string
	// Stamp is the signed render time.
	Stamp string
	// Questions are the eight "4 xin, 4 luôn" questions.
	Questions []RateQuestion
	// Levels are the satisfaction choices.
	Levels []RateLevel
	// DossierLocked hides the dossier code field (a dossier's own link).
	DossierLocked bool
	// Status, Heading and Message describe a problem page.
	Status           int
	Heading, Message string
	// Kiosk is set on kiosk pages.
	Kiosk *KioskView
	// ReportHref is the petition form the thank-you page offers after a
	// dissatisfied rating ("" for none).
	ReportHref string
}

// RateQuestion is one yes/no question of the form.
type RateQuestion struct {
	Code  string // standard item code
	Text  string
	Name  string // form field name
	Value string // "co", "khong" or ""
	Error string
}

// RateLevel is one choice of the satisfaction scale.
type RateLevel struct {
	Value   string
	Label   string
	Checked bool
	First   bool // carries the id the error summary links to
}

// Subject is who is rated, in a phrase for headings.
func (p *RatePage) Subject() string {
	if p.Target == nil {
		return ""
	}
	if p.Target.OfficialName != "" {
		return p.Target.OfficialName
	}
	return p.Target.UnitName
}

// ratePage builds the form page for target t with form f posted to action.
func (s *Pages) ratePage(t *feedback.RatingTarget, f *web.Form, action string) *RatePage {
	p := &RatePage{Kind: "form", Target: t, Form: f, Action: action, Stamp: f.Values.Get(stampParam)}
	p.Title = "Đánh giá sự hài lòng"
	p.Privacy = s.PrivacyNotice(privacy.Rating, t.UnitName)
	if p.Stamp == "" {
		p.Stamp = s.Stamp(action, time.Now())
	}
	if t.Channel == feedback.ChannelDossier {
		p.DossierLocked = true
	}
	for _, code := range feedback.FourXinCodes {
		name := answerPrefix + code
		p.Questions = append(p.Questions, RateQuestion{Code: code, Text: feedback.FourXinQuestions[code], Name: name,
			Value: f.Values.Get(name), Error: f.Error(name)})
	}
	sat := f.Values.Get("satisfaction")
	for i, l := range feedback.Satisfactions {
		p.Levels = append(p.Levels, RateLevel{Value: string(l), Label: l.Label(), Checked: sat == string(l), First: i == 0})
	}
	return p
}

// readRating fills in the citizen's answers from the posted form; answers
// other than yes, no or nothing are recorded in f.
func readRating(f *web.Form) feedback.Input {
	in := feedback.Input{
		Satisfaction: feedback.Satisfaction(f.Get("satisfaction")),
		Answers:      map[string]bool{},
		Comment:      f.Get("comment"),
		DossierCode:  f.Get("dossier_code"),
		Contact:      f.Get("contact"),
		Honeypot:     f.Values.Get(honeypotParam),
	}
	for _, code := range feedback.FourXinCodes {
		switch v := f.Values.Get(answerPrefix + code); v {
		case answerYes:
			in.Answers[code] = true
		case answerNo:
			in.Answers[code] = false
		case "":
		default:
			f.AddError(answerPrefix+code, "Câu trả lời không hợp lệ; xin chọn Có hoặc Không.")
		}
	}
	if k := f.Values.Get(idemParam); k != "" {
		in.IdempotencyKey = "web:" + k
	}
	return in
}

// rateForm shows the rating form of a public token.
func (s *Pages) rateForm(ch feedback.Channel) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		svc := s.Services.Feedback
		t, err := svc.Target(r.Context(), ch, r.PathValue("token"))
		if err != nil {
			return s.rateProblem(w, r, err, nil)
		}
		f := web.NewForm(nil)
		f.Set(idemParam, newIdemKey())
		if t.DossierCode != "" {
			f.Set("dossier_code", t.DossierCode)
		}
		return s.Render(w, r, http.StatusOK, "rate.html", s.ratePage(t, f, r.URL.Path))
	}
}

// rateSubmit stores a rating posted to a public token's form.
func (s *Pages) rateSubmit(ch feedback.Channel) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		svc := s.Services.Feedback
		r.Body = http.MaxBytesReader(w, r.Body, maxRatingBodyBytes)
		if err := r.ParseForm(); err != nil {
			return err
		}
		token := r.PathValue("token")
		f := web.NewForm(r.PostForm)
		in := readRating(f)
		switch ch {
		case feedback.ChannelBadge:
			in.BadgeToken = token
		case feedback.ChannelCounter:
			in.UnitToken = token
		case feedback.ChannelDossier:
			in.DossierToken = token
			in.DossierCode = ""
		}
		in.FillTime = s.FillTime(r.URL.Path, f.Values.Get(stampParam), time.Now())
		page := func() (*RatePage, error) {
			t, err := svc.Target(r.Context(), ch, token)
			if err != nil {
				return nil, err
			}
			return s.ratePage(t, f, r.URL.Path), nil
		}
		return s.submitRating(w, r, svc, in, f, page, ratingThanks(ch, token, in.Satisfaction))
	}
}

// submitRating submits in and answers: a redirect to thanks, the form
// again with its errors, or a problem page.
//
// page builds the form page; it is only called when the form is shown
// again, so a rating that goes through costs no lookup beyond Submit's own.
func (s *Pages) submitRating(w http.ResponseWriter, r *http.Request, svc feedback.Service, in feedback.Input, f *web.Form, page func() (*RatePage, error), thanks string) error {
	var err error
	if !f.Failed() {
		_, err = svc.Submit(r.Context(), in)
		if err == nil {
			return s.Redirect(w, r, thanks, "")
		}
	}
	p, perr := page()
	if congvu.ErrorCode(err) == congvu.ELIMIT && perr == nil {
		// Too many from this network: the form comes back with what was
		// typed, to send again later. A new idempotency key, so that the
		// later try is a rating of its own, not the refused one replayed.
		f.Set(idemParam, newIdemKey())
		f.Message = congvu.ErrorMessage(err)
		w.Header().Set("Retry-After", "3600")
		return s.Render(w, r, http.StatusTooManyRequests, "rate.html", p)
	}
	if err != nil && congvu.ErrorCode(err) != congvu.EINVALID {
		var k *KioskView
		if perr == nil {
			k = p.Kiosk
		}
		return s.rateProblem(w, r, err, k)
	}
	if perr != nil {
		return s.rateProblem(w, r, perr, nil)
	}
	if err != nil {
		f.SetError(congvu.RenameFields(err, map[string]string{"official_id": "can-bo"}))
	}
	f.Message = "Chưa gửi được đánh giá. Xin xem lại các mục được đánh dấu bên dưới."
	return s.Render(w, r, http.StatusBadRequest, "rate.html", p)
}

// rateThanks is the page after a rating.
func (s *Pages) rateThanks(w http.ResponseWriter, r *http.Request) error {
	p := &RatePage{Kind: "thanks", ReportHref: reportHref(r)}
	p.Title = "Xin cảm ơn"
	return s.Render(w, r, http.StatusOK, "rate.html", p)
}

// rateProblem shows a friendly page for what stops a citizen: an unknown
// or replaced QR code, a dossier already rated, too many ratings. Other
// errors go to the error mapper.
func (s *Pages) rateProblem(w http.ResponseWriter, r *http.Request, err error, k *KioskView) error {
	p := &RatePage{Kind: "problem", Kiosk: k}
	switch congvu.ErrorCode(err) {
	case congvu.ENOTFOUND:
		p.Status = http.StatusNotFound
		p.Heading = "Mã QR không còn hiệu lực"
		p.Message = "Mã QR không còn hiệu lực hoặc đường dẫn chưa đúng: thẻ của cán bộ có thể đã được thay, hoặc mã đã được cấp lại. " +
			"Xin quét mã mới tại quầy, hoặc góp ý trực tiếp với bộ phận tiếp nhận và trả kết quả."
		if k != nil {
			p.Heading = "Máy đánh giá chưa sẵn sàng"
			p.Message = congvu.ErrorMessage(err) + " Xin báo cán bộ tại quầy."
		}
	case congvu.ECONFLICT:
		p.Status = http.StatusConflict
		p.Heading = "Hồ sơ này đã được đánh giá"
		p.Message = "Mỗi hồ sơ chỉ được đánh giá một lần qua đường dẫn riêng của hồ sơ. Xin cảm ơn anh/chị đã dành thời gian góp ý."
	case congvu.ELIMIT:
		p.Status = http.StatusTooManyRequests
		p.Heading = "Xin vui lòng thử lại sau"
		p.Message = congvu.ErrorMessage(err)
		w.Header().Set("Retry-After", "3600")
	default:
		return err
	}
	p.Title = p.Heading
	return s.Render(w, r, p.Status, "rate.html", p)
}
