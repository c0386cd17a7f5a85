package citizen

import (
	"congvu/attach"
	"congvu/feedback"
	"congvu/org"
	"congvu/petition"
	"congvu/privacy"
	"congvu/web"
	"net/http"
	"net/url"
	"strings"
	"time"

	"congvu"
)

// The public petition pages (phản ánh, kiến nghị): a citizen reports an
// official's misconduct without an account, from the start page (picking
// the unit), from the QR code of an official's badge or from a unit's QR
// code; takes away a tracking code and a secret; and follows the handling
// with them, exchanging messages with the agency.
//
// Like the rating pages they need no JavaScript, make no third-party
// request and use citizen.css (with petition.css), so a cheap phone on a
// slow connection opens them quickly. The form is posted as
// multipart/form-data and read as a stream (text fields first, the files
// last), each file going straight into PetitionService.StoreFile, so a
// photo is never held in memory whole. Pages that show the secret (the
// receipt, the tracking view with its message form) are never cached; the
// secret travels only in request bodies, never in a URL.

// Paths and form fields of the public petition pages.
const (
	petitionStartPath   = "/phan-anh"
	petitionPickPath    = "/phan-anh/gui" // ?don-vi=<unit code>: a unit found on the start page
	petitionTrackPath   = "/tra-cuu"
	petitionMessagePath = "/tra-cuu/tin-nhan"
	// petitionWithdrawPath: the reporter withdraws the petition, with the
	// tracking code and secret.
	petitionWithdrawPath = "/tra-cuu/rut-don"

	petitionUnitParam            = "don-vi"       // unit code, in the query of petitionPickPath
	petitionQueryParam           = "q"            // the start page's unit search
	petitionFileField            = "tep"          // the attachments (last in the form)
	petitionCodeField            = "ma"           // tracking code (also in the query of /tra-cuu)
	petitionSecretField          = "ma-bi-mat"    // the secret (request bodies only)
	petitionBodyField            = "noi-dung"     // a reporter's message
	petitionReopenField          = "xem-xet-lai"  // "co": the message contests a closed petition's result
	petitionWithdrawReasonField  = "ly-do-rut"    // the reason of a withdrawal (optional)
	petitionWithdrawConfirmField = "xac-nhan-rut" // "co": the reporter confirms the withdrawal

	petitionAnonYes = "co"    // anonymous
	petitionAnonNo  = "khong" // with contact details

	// maxPetitionField caps one text field of the multipart form (the
	// description: a few thousand Vietnamese characters, 3 bytes each at
	// most), maxPetitionParts the parts of one form.
	maxPetitionField = 64 << 10
	maxPetitionParts = 40
	// maxPetitionDescription is the textarea's maxlength (characters).
	maxPetitionDescription = 5000
	// maxPetitionUnits caps the units the start page lists for a search.
	maxPetitionUnits = 20
)

// petitionPublicRoutes returns the public petition pages: the reporting form, the receipt and tracking.
func (s *Pages) petitionPublicRoutes() []web.Route {
	// Private: the request log keeps no client address of a reporter.
	return []web.Route{
		{Method: "GET", Pattern: petitionStartPath, Access: web.Public, Handler: s.petitionStart, Private: true},
		{Method: "GET", Pattern: petitionPickPath, Access: web.Public, Handler: s.petitionForm(petitionByCode), Private: true},
		{Method: "POST", Pattern: petitionPickPath, Access: web.Public, Handler: s.petitionSubmit(petitionByCode), MaxBody: web.MaxPetitionBytes, Private: true},
		{Method: "GET", Pattern: "/phan-anh/can-bo/{token}", Access: web.Public, Handler: s.petitionForm(petitionByBadge), Private: true},
		{Method: "POST", Pattern: "/phan-anh/can-bo/{token}", Access: web.Public, Handler: s.petitionSubmit(petitionByBadge), MaxBody: web.MaxPetitionBytes, Private: true},
		{Method: "GET", Pattern: "/phan-anh/don-vi/{token}", Access: web.Public, Handler: s.petitionForm(petitionByUnitToken), Private: true},
		{Method: "POST", Pattern: "/phan-anh/don-vi/{token}", Access: web.Public, Handler: s.petitionSubmit(petitionByUnitToken), MaxBody: web.MaxPetitionBytes, Private: true},
		{Method: "GET", Pattern: petitionTrackPath, Access: web.Public, Handler: s.petitionTrackForm, Private: true},
		{Method: "POST", Pattern: petitionTrackPath, Access: web.Public, Handler: s.petitionTrack, Private: true},
		{Method: "POST", Pattern: petitionMessagePath, Access: web.Public, Handler: s.petitionMessage, Private: true},
		{Method: "POST", Pattern: petitionWithdrawPath, Access: web.Public, Handler: s.petitionWithdraw, Private: true},
	}
}

// PetitionPage is every public petition page; its own layout
// (petition_public.html) is the citizen one.
type PetitionPage struct {
	web.Base
	// Kind selects the page: "start", "form", "receipt", "track", "view",
	// "problem".
	Kind string

	// The start page: the unit search and its results.
	Query      string
	Searched   bool
	Units      []*org.Unit
	Categories []PetitionCategoryView

	// The form.
	Subject         *PetitionSubject
	Form            *web.Form
	Action          string
	Stamp           string
	AttachmentsLost bool // files were chosen but not kept: choose them again

	// The receipt.
	Receipt *petition.Receipt

	// The tracking view.
	Petition    *petition.Public
	Steps       []PetitionStepView
	Code        string // the tracking code and secret, for the message form
	Secret      string
	MessageForm *web.Form
	// WithdrawForm is the withdrawal form, with its errors (nil: blank).
	WithdrawForm *web.Form

	// A problem page.
	Status           int
	Heading, Message string
	FreshForm        string // a link to a new form of the same subject
}

// PetitionCategoryView is one category of the form's radio list.
type PetitionCategoryView struct {
	Value, Label, Hint string
	Checked            bool
	First              bool // carries the id the error summary links to
}

// PetitionSubject is whom a petition is about, as the form shows it.
type PetitionSubject struct {
	Channel      petition.Channel
	OfficialName string // set when the badge names the official
	Position     string
	UnitName     string
	// What the service is given (one of them).
	BadgeToken, UnitToken string
	UnitID                int64
}

// PetitionStepView is one step of the tracking view's step indicator.
type PetitionStepView struct {
	Label string
	State string // "done", "current", "todo", "rejected"
}

// Current reports whether this is the step the petition is at.
func (v PetitionStepView) Current() bool { return v.State == "current" || v.State == "rejected" }

// Limits of the attachments, for the page.
func (p *PetitionPage) MaxFiles() int       { return petition.MaxAttachments }
func (p *PetitionPage) MaxFileSize() string { return attach.FormatSize(petition.MaxAttachmentSize) }

// MaxTotalSize is what the files may weigh together: the request limit
// keeps about 1 MB more for the text fields, which the citizen is not told.
func (p *PetitionPage) MaxTotalSize() string { return maxFilesTotal() }

func maxFilesTotal() string {
	return attach.FormatSize(petition.MaxAttachments * petition.MaxAttachmentSize)
}

// MaxDescription is the description's length limit in characters.
func (p *PetitionPage) MaxDescription() int { return maxPetitionDescription }

// Anonymous is the "anonymous" choice of the form: "co", "khong" or "".
func (p *PetitionPage) Anonymous() string {
	if p.Form == nil {
		return ""
	}
	return p.Form.Values.Get("anonymous")
}

// SecretGroups is the receipt's secret in groups of four characters, easier
// to copy by hand (tracking accepts it with or without the spaces).
func (p *PetitionPage) SecretGroups() string {
	if p.Receipt == nil {
		return ""
	}
	return groupsOf(p.Receipt.Secret, 4)
}

func groupsOf(s string, n int) string {
	var b strings.Builder
	for i, r := range []rune(s) {
		if i > 0 && i%n == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// AnonymityNotice is what the form says before the citizen chooses to
// stay anonymous: an anonymous tố cáo is not handled as one.
func (p *PetitionPage) AnonymityNotice() string { return petition.AnonymityNotice }

// StatusLabel is the tracked petition's status in the words of its kind.
func (p *PetitionPage) StatusLabel() string { return p.Petition.Status.LabelFor(p.Petition.Kind) }

// EventLabel says what a history event was, for the reporter.
func (p *PetitionPage) EventLabel(ev *petition.Event) string {
	switch ev.Kind {
	case string(petition.StepExtend):
		return "Gia hạn giải quyết"
	case string(petition.StepSuspend):
		return "Tạm đình chỉ giải quyết"
	case string(petition.StepResume):
		return "Tiếp tục giải quyết"
	case string(petition.StepRefer):
		return "Chuyển cơ quan công an, viện kiểm sát"
	case string(petition.StepWithdraw):
		return "Anh/chị đã rút đơn"
	case "submit":
		return "Đã gửi phản ánh"
	case "overdue":
		return "Quá hạn xử lý"
	case "escalate":
		return "Quá hạn, đã báo cáo cơ quan cấp trên"
	case "remind":
		return "Nhắc hạn xử lý"
	case "reopen":
		return "Mở lại để trả lời ý kiến mới của anh/chị"
	}
	if st := petition.Step(ev.Kind); st.Label() != ev.Kind {
		switch st {
		case petition.StepAssign:
			return "Đã giao đơn vị xử lý"
		case petition.StepTransfer:
			return "Đã chuyển đơn vị xử lý"
		case petition.StepVerify:
			return "Bắt đầu xác minh"
		case petition.StepConclude:
			return "Đã có kết luận"
		case petition.StepClose:
			return "Đã đóng phản ánh"
		}
		if ev.Status != "" && p.Petition != nil {
			return ev.Status.LabelFor(p.Petition.Kind)
		}
		if ev.Status != "" {
			return ev.Status.Label()
		}
		return st.Label()
	}
	if ev.Status != "" {
		return ev.Status.Label()
	}
	return "Cập nhật"
}

// petitionCategories lists the categories for the form, checked as in f.
func petitionCategories(f *web.Form) []PetitionCategoryView {
	chosen := f.Values.Get("category")
	var out []PetitionCategoryView
	for i, c := range petition.Categories {
		out = append(out, PetitionCategoryView{Value: string(c), Label: c.Label(), Hint: c.Hint(), Checked: chosen == string(c), First: i == 0})
	}
	return out
}

// petitionSteps is the step indicator of status st.
func petitionSteps(st petition.Status, k petition.Kind) []PetitionStepView {
	switch st {
	case petition.Rejected, petition.Withdrawn, petition.Referred:
		return []PetitionStepView{{Label: petition.Received.Label(), State: "done"}, {Label: st.LabelFor(k), State: "rejected"}}
	case petition.Suspended:
		return []PetitionStepView{{Label: petition.Received.Label(), State: "done"}, {Label: st.LabelFor(k), State: "current"}}
	}
	order := []petition.Status{petition.Received, petition.Accepted, petition.Assigned,
		petition.Verifying, petition.Concluded, petition.Closed}
	at := -1
	for i, x := range order {
		if x == st {
			at = i
		}
	}
	out := make([]PetitionStepView, len(order))
	for i, x := range order {
		out[i] = PetitionStepView{Label: x.LabelFor(k), State: "todo"}
		switch {
		case i < at || (i == at && st.Final()):
			out[i].State = "done"
		case i == at:
			out[i].State = "current"
		}
	}
	return out
}

// noStore keeps a page that shows a tracking secret out of every cache
// (render marks anonymous pages no-cache, which still stores them).
type noStore struct{ http.ResponseWriter }

func (w noStore) WriteHeader(code int) {
	w.Header().Set("Cache-Control", "no-store")
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the real writer.
func (w noStore) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// petitionStart is the start page: what a petition is, the categories,
// how the reporter is protected, and the search for the unit concerned.
func (s *Pages) petitionStart(w http.ResponseWriter, r *http.Request) error {
	p := &PetitionPage{Kind: "start", Categories: petitionCategories(web.NewForm(nil))}
	p.Title = "Phản ánh hành vi của cán bộ, công chức"
	p.Query = strings.TrimSpace(r.URL.Query().Get(petitionQueryParam))
	if len([]rune(p.Query)) > 100 {
		p.Query = string([]rune(p.Query)[:100])
	}
	if p.Query == "" {
		return s.Render(w, r, http.StatusOK, "petition_public.html", p)
	}
	p.Searched = true
	list, err := s.Services.Units.FindPublicUnits(r.Context(), p.Query, maxPetitionUnits)
	if err != nil {
		return err
	}
	p.Units = list
	return s.Render(w, r, http.StatusOK, "petition_public.html", p)
}

// petitionEntry is how a form names the subject: a unit code from the start
// page, a badge token or a unit's QR token.
type petitionEntry int

const (
	petitionByCode petitionEntry = iota
	petitionByBadge
	petitionByUnitToken
)

// petitionSubject resolves the subject of the form at r.
func (s *Pages) petitionSubject(r *http.Request, by petitionEntry) (*PetitionSubject, error) {
	ctx := r.Context()
	switch by {
	case petitionByBadge, petitionByUnitToken:
		svc := s.Services.Feedback
		token := r.PathValue("token")
		ch := feedback.ChannelBadge
		if by == petitionByUnitToken {
			ch = feedback.ChannelCounter
		}
		t, err := svc.Target(ctx, ch, token)
		if err != nil {
			return nil, err
		}
		sub := &PetitionSubject{UnitName: t.UnitName}
		if by == petitionByBadge {
			sub.Channel, sub.BadgeToken = petition.ViaBadge, token
			sub.OfficialName, sub.Position = t.OfficialName, t.Position
		} else {
			sub.Channel, sub.UnitToken = petition.ViaUnit, token
		}
		return sub, nil
	}
	code := strings.TrimSpace(r.URL.Query().Get(petitionUnitParam))
	if code == "" {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Chưa chọn đơn vị.")
	}
	u, err := s.Services.Units.FindPublicUnitByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	return &PetitionSubject{Channel: petition.ViaWeb, UnitName: u.Name, UnitID: u.ID}, nil
}

// petitionFormPage builds the form page for sub with form f.
func (s *Pages) petitionFormPage(r *http.Request, sub *PetitionSubject, f *web.Form) *PetitionPage {
	action := r.URL.Path
	if q := r.URL.Query().Get(petitionUnitParam); q != "" && r.URL.Path == petitionPickPath {
		action += "?" + petitionUnitParam + "=" + url.QueryEscape(q)
	}
	p := &PetitionPage{Kind: "form", Subject: sub, Form: f, Action: action, Stamp: f.Values.Get(stampParam),
		Categories: petitionCategories(f)}
	p.Title = "Gửi phản ánh"
	p.Privacy = s.PrivacyNotice(privacy.Petition, "Cơ quan cấp trên trực tiếp của "+sub.UnitName)
	if p.Stamp == "" {
		p.Stamp = s.Stamp(r.URL.Path, time.Now())
	}
	return p
}

// petitionForm shows the reporting form of a subject.
func (s *Pages) petitionForm(by petitionEntry) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		sub, err := s.petitionSubject(r, by)
		if err != nil {
			return s.petitionProblem(w, r, err, by)
		}
		// Never kept for back and forward: the page going back to a form
		// sent shows a new form, with a new key.
		return s.Render(noStore{w}, r, http.StatusOK, "petition_public.html", s.petitionFormPage(r, sub, web.NewForm(nil)))
	}
}
