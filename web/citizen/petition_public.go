package citizen

import (
	"cmp"
	"congvu/attach"
	"congvu/feedback"
	"congvu/org"
	"congvu/petition"
	"congvu/privacy"
	"congvu/web"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
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

// bodyWatch notes whether reading the request body hit its size limit,
// whatever the reader above it (the multipart reader, the file cleaner)
// makes of the error.
type bodyWatch struct {
	io.ReadCloser
	tooBig bool
}

func (b *bodyWatch) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var mb *http.MaxBytesError
	if err != nil && errors.As(err, &mb) {
		b.tooBig = true
	}
	return n, err
}

// cutShort makes a file cut off by the body limit look truncated to the
// file cleaner (a refused file, not a failure of the server); the form
// then says the request was too large.
type cutShort struct {
	r     io.Reader
	watch *bodyWatch
}

func (c cutShort) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err != nil && err != io.EOF && c.watch.tooBig {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

// readPetitionForm reads the multipart form of r: text fields into f, each
// file streamed into the service. It returns the stored files, whether
// files were sent at all and whether the form was read to its end (every
// field the citizen typed is in f). Problems the citizen can fix (a refused
// file, too many files, too much data) are recorded in f; other errors are
// returned.
func (s *Pages) readPetitionForm(r *http.Request, svc petition.Service, f *web.Form) (files []*petition.Attachment, sent, complete bool, err error) {
	files, sent, err = s.readPetitionParts(r, svc, f, &complete)
	return files, sent, complete, err
}

// readPetitionParts is readPetitionForm, setting *complete at the form's end.
func (s *Pages) readPetitionParts(r *http.Request, svc petition.Service, f *web.Form, complete *bool) (files []*petition.Attachment, sent bool, err error) {
	watch := &bodyWatch{ReadCloser: r.Body}
	r.Body = watch
	mr, err := r.MultipartReader()
	if err != nil {
		f.Message = "Trình duyệt gửi biểu mẫu không đúng dạng. Xin mở lại trang và gửi lại."
		return nil, false, nil
	}
	tooBig := func() {
		f.AddError(petitionFileField, fmt.Sprintf("Tổng dung lượng tệp gửi kèm vượt quá %s. Xin chọn ít tệp hơn hoặc ảnh nhỏ hơn.", maxFilesTotal()))
	}
	stop := false // a file was refused: the rest is read and dropped
	for parts := 0; ; parts++ {
		part, err := mr.NextPart()
		if err == io.EOF {
			*complete = true
			break
		}
		if err != nil {
			if watch.tooBig {
				tooBig()
				return files, true, nil
			}
			f.Message = "Chưa nhận đủ biểu mẫu (đường truyền bị gián đoạn?). Xin gửi lại."
			return files, sent, nil
		}
		name := part.FormName()
		switch {
		case stop || name == "" || parts >= maxPetitionParts:
			_, err = io.Copy(io.Discard, part)
		case name == petitionFileField:
			if part.FileName() == "" { // the file input with nothing chosen
				_, err = io.Copy(io.Discard, part)
				break
			}
			sent = true
			if len(files) >= petition.MaxAttachments {
				f.AddError(petitionFileField, fmt.Sprintf("Chỉ gửi kèm được tối đa %d tệp.", petition.MaxAttachments))
				stop = true
				break
			}
			if f.Values.Get(honeypotParam) != "" { // a robot: keep nothing of it
				_, err = io.Copy(io.Discard, part)
				break
			}
			var a *petition.Attachment
			a, err = svc.StoreFile(r.Context(), part.FileName(), cutShort{part, watch})
			if watch.tooBig {
				tooBig()
				return files, true, nil
			}
			if err != nil && congvu.ErrorCode(err) == congvu.EINVALID {
				f.AddError(petitionFileField, fmt.Sprintf("Tệp “%s”: %s", part.FileName(), congvu.ErrorMessage(err)))
				stop, err = true, nil
				break
			}
			if err != nil {
				return files, sent, err
			}
			files = append(files, a)
		default:
			var b []byte
			b, err = io.ReadAll(io.LimitReader(part, maxPetitionField+1))
			if len(b) > maxPetitionField {
				f.AddError(name, "Nội dung quá dài.")
				_, err = io.Copy(io.Discard, part)
				break
			}
			f.Values.Add(name, string(b))
		}
		part.Close()
		if err != nil {
			if watch.tooBig {
				tooBig()
				return files, true, nil
			}
			f.Message = "Chưa nhận đủ biểu mẫu (đường truyền bị gián đoạn?). Xin gửi lại."
			return files, sent, nil
		}
	}
	return files, sent, nil
}

// readPetitionInput fills the petition from the form's text fields;
// values the web layer can already tell are wrong are recorded in f.
func readPetitionInput(f *web.Form, sub *PetitionSubject) petition.Input {
	in := petition.Input{
		Channel:     sub.Channel,
		BadgeToken:  sub.BadgeToken,
		UnitToken:   sub.UnitToken,
		UnitID:      sub.UnitID,
		Category:    petition.Category(f.Get("category")),
		Description: strings.TrimSpace(strings.ReplaceAll(f.Values.Get("description"), "\r\n", "\n")),
		Place:       f.Get("place"),
		Honeypot:    f.Values.Get(honeypotParam),
	}
	if sub.BadgeToken == "" {
		in.SubjectText = f.Get("subject_text")
	}
	if v := f.Get("occurred_at"); v != "" {
		t, ok := web.ParseDate(v)
		if ok {
			in.OccurredAt = &t // a date after today is the service's to refuse
		} else {
			f.AddError("occurred_at", "Ngày không hợp lệ; xin ghi theo dạng ngày/tháng/năm, ví dụ 15/03/2026.")
		}
	}
	switch f.Get("anonymous") {
	case petitionAnonYes:
		in.Anonymous = true
	case petitionAnonNo:
		in.Reporter = petition.Reporter{Name: f.Get("name"), Phone: f.Get("phone"), Email: f.Get("email"), Address: f.Get("address")}
		in.Consent = f.Checked("consent")
	case "":
		f.AddError("anonymous", "Xin chọn gửi ẩn danh hoặc để lại thông tin liên hệ.")
	default:
		f.AddError("anonymous", "Lựa chọn không hợp lệ; xin chọn gửi ẩn danh hoặc để lại thông tin liên hệ.")
	}
	return in
}

// petitionFieldNames maps the service's field names to the form's, where
// they differ.
var petitionFieldNames = map[string]string{
	"reporter.name":    "name",
	"reporter.phone":   "phone",
	"reporter.email":   "email",
	"reporter.address": "address",
	"reporter_name":    "name",
	"reporter_phone":   "phone",
	"reporter_email":   "email",
	"reporter_address": "address",
	"reporter":         "name",
	"files":            petitionFileField,
	"attachments":      petitionFileField,
	"official_id":      "subject_text",
	"unit_id":          "subject_text",
	"badge_token":      "subject_text",
	"unit_token":       "subject_text",
}

// petitionSubmit receives the form: the receipt, the form again with its
// errors, or a problem page.
func (s *Pages) petitionSubmit(by petitionEntry) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		svc := s.Services.Petitions
		sub, err := s.petitionSubject(r, by)
		if err != nil {
			// The body is not read (nor waited for) under the server's
			// ReadTimeout: the connection closes after the answer.
			w.Header().Set("Connection", "close")
			return s.petitionProblem(w, r, err, by)
		}
		body := s.allowSlowUpload(w, r)
		f := web.NewForm(nil)
		files, sent, complete, err := s.readPetitionForm(r, svc, f)
		// A refused form leaves none of its files stored (the citizen
		// chooses them again); a petition claims them.
		defer func() { s.discardFiles(r, svc, files) }()
		io.Copy(io.Discard, r.Body)
		if body.tooSlow {
			if !complete || err != nil || f.Failed() {
				return s.petitionTooSlow(w, r)
			}
			// Everything typed arrived, only slowly: it comes back to be
			// sent again (the files to be chosen again, or left out).
			s.discardFiles(r, svc, files)
			files = nil
			w.Header().Set("Connection", "close")
			f.Message = "Biểu mẫu gửi đến quá chậm nên chưa được nhận. Nội dung anh/chị đã nhập vẫn còn dưới đây: xin kiểm tra kết nối mạng, chọn ít tệp hoặc ảnh nhỏ hơn, rồi bấm “Gửi phản ánh” lần nữa."
			p := s.petitionFormPage(r, sub, f)
			p.AttachmentsLost = sent
			return s.Render(noStore{w}, r, http.StatusRequestTimeout, "petition_public.html", p)
		}
		if err != nil {
			return s.petitionProblem(w, r, err, by) // too many files from this network today, or a failure
		}
		in := readPetitionInput(f, sub)
		in.Files = files
		stamp := s.CheckStamp(r.URL.Path, f.Values.Get(stampParam), time.Now())
		// An expired stamp still names its form: the service finds the
		// petition it filed (a receipt reloaded the next day) before it
		// refuses the form for its age.
		in.FillTime, in.FormKey, in.FormExpired = stamp.Fill, stamp.Nonce, stamp.Expired
		if stamp.Fill == web.ForgedFill || stamp.Expired {
			f.Values.Del(stampParam) // should the form come back, it has a good stamp
		}
		if f.Failed() {
			// The form's own problems are known; the service's are shown
			// beside them, nothing saved. Without the anonymous choice,
			// the contact details are not asked for yet.
			check := in
			if f.Errors["anonymous"] != "" {
				check.Anonymous = true
			}
			if err := svc.Validate(r.Context(), check); congvu.ErrorCode(err) == congvu.EINVALID {
				for k, v := range congvu.ErrorFields(congvu.RenameFields(err, petitionFieldNames)) {
					f.AddError(k, v) // the form's own message stays
				}
			} else if err != nil {
				return s.petitionProblem(w, r, err, by)
			}
		} else {
			rec, err := svc.Submit(r.Context(), in)
			if err == nil {
				p := &PetitionPage{Kind: "receipt", Receipt: rec, Subject: sub}
				p.Title = "Đã nhận phản ánh"
				if rec.Repeated { // the form sent again: a reload of the receipt, the back button
					p.Kind, p.Title = "repeated", "Phản ánh này đã được gửi"
					s.discardFiles(r, svc, files) // its files are the first sending's copies
				}
				files = nil // the petition's now, or removed
				return s.Render(noStore{w}, r, http.StatusOK, "petition_public.html", p)
			}
			if congvu.ErrorCode(err) == congvu.ECONFLICT {
				// The form filed a petition with other content: nothing
				// filed, the other petition not named. What the citizen
				// typed comes back in the form under a new stamp (a new
				// form key), to be sent as a new petition.
				s.discardFiles(r, svc, files)
				files = nil
				f.Values.Del(stampParam)
				f.Message = congvu.ErrorMessage(err)
				p := s.petitionFormPage(r, sub, f)
				p.AttachmentsLost = sent
				return s.Render(noStore{w}, r, http.StatusConflict, "petition_public.html", p)
			}
			if congvu.ErrorCode(err) != congvu.EINVALID {
				return s.petitionProblem(w, r, err, by)
			}
			f.SetError(congvu.RenameFields(err, petitionFieldNames))
		}
		f.Summarize("Chưa gửi được phản ánh. Xin xem lại các mục được đánh dấu bên dưới.")
		s.discardFiles(r, svc, files) // before the answer, not after it
		files = nil
		p := s.petitionFormPage(r, sub, f)
		p.AttachmentsLost = sent
		return s.Render(noStore{w}, r, http.StatusBadRequest, "petition_public.html", p)
	}
}

// discardFiles removes the files stored for a form that was refused: the
// citizen chooses them again, and none stays on the server meanwhile.
func (s *Pages) discardFiles(r *http.Request, svc petition.Service, files []*petition.Attachment) {
	if len(files) == 0 {
		return
	}
	if err := svc.DiscardFiles(r.Context(), files); err != nil {
		s.Log.Warn("petition form: cannot remove the files of a refused form", "n", len(files), "err", err)
	}
}

// allowSlowUpload lets the petition form's body take up to
// SlowUpload.Total to arrive (a slow phone link must not be cut by the
// server's ReadTimeout) as long as it keeps SlowUpload.MinRate, and gives
// the answer a minute more (the WriteTimeout counts from the request's
// headers: without this the receipt, with its one-time secret, would be
// lost after a long upload). Called once the subject is known, so that a
// request for nothing gets no extra time.
func (s *Pages) allowSlowUpload(w http.ResponseWriter, r *http.Request) *minRateBody {
	lim := SlowUpload
	body := newMinRateBody(w, r.Body, lim)
	r.Body = body
	err := http.NewResponseController(w).SetWriteDeadline(time.Now().Add(lim.Total + time.Minute))
	if err != nil && !errors.Is(err, http.ErrNotSupported) {
		s.Log.Warn("petition form: cannot extend the connection deadlines", "err", err)
	}
	return body
}

// petitionTooSlow answers a form whose body came too slowly (408), and
// closes the connection.
func (s *Pages) petitionTooSlow(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Connection", "close")
	p := &PetitionPage{Kind: "problem", Status: http.StatusRequestTimeout, Heading: "Đường truyền quá chậm",
		Message: "Biểu mẫu gửi đến quá chậm nên chưa được nhận. Xin kiểm tra kết nối mạng, chọn ít tệp hoặc ảnh nhỏ hơn, rồi gửi lại."}
	p.Title = p.Heading
	return s.Render(w, r, p.Status, "petition_public.html", p)
}

// retryAfter says in the Retry-After header to try again after wait.
func retryAfter(w http.ResponseWriter, wait time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
}

// untilTomorrow is the time from now until midnight in Vietnam, when the
// daily limits (petitions and files per network, messages per petition)
// start again.
func untilTomorrow(now time.Time) time.Duration {
	d := now.In(congvu.TimeZone)
	return time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, congvu.TimeZone).Sub(now)
}

// petitionProblem shows a friendly page for what stops a citizen: an
// unknown or replaced QR code, an unknown unit, too many petitions.
func (s *Pages) petitionProblem(w http.ResponseWriter, r *http.Request, err error, by petitionEntry) error {
	p := &PetitionPage{Kind: "problem"}
	switch congvu.ErrorCode(err) {
	case congvu.ENOTFOUND:
		p.Status = http.StatusNotFound
		if by == petitionByCode {
			p.Heading = "Không tìm thấy đơn vị"
			p.Message = "Không tìm thấy đơn vị anh/chị chọn, hoặc đơn vị đã giải thể, sáp nhập. Xin tìm lại đơn vị trên trang phản ánh."
		} else {
			p.Heading = "Mã QR không còn hiệu lực"
			p.Message = "Mã QR không còn hiệu lực hoặc đường dẫn chưa đúng: thẻ của cán bộ có thể đã được thay, hoặc mã đã được cấp lại. " +
				"Anh/chị vẫn có thể gửi phản ánh bằng cách tìm đơn vị trên trang phản ánh."
		}
	case congvu.ELIMIT:
		p.Status = http.StatusTooManyRequests
		p.Heading = "Xin vui lòng thử lại sau"
		p.Message = congvu.ErrorMessage(err)
		retryAfter(w, untilTomorrow(time.Now())) // the daily limit of petitions or files of a network
	default:
		return err
	}
	p.Title = p.Heading
	return s.Render(w, r, p.Status, "petition_public.html", p)
}

// petitionTrackForm asks for the tracking code and the secret.
func (s *Pages) petitionTrackForm(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(nil)
	if c := r.URL.Query().Get(petitionCodeField); c != "" {
		f.Set(petitionCodeField, cmp.Or(petition.NormalizeTrackingCode(c), c))
	}
	return s.renderTrackForm(w, r, http.StatusOK, f)
}

func (s *Pages) renderTrackForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	p := &PetitionPage{Kind: "track", Form: f}
	p.Title = "Tra cứu phản ánh"
	p.Privacy = s.PrivacyNotice(privacy.Tracking, "")
	return s.Render(noStore{w}, r, status, "petition_public.html", p)
}

// trackFailure turns a failed lookup into the tracking form again: the same
// words whether the code or the secret was wrong.
func (s *Pages) trackFailure(w http.ResponseWriter, r *http.Request, f *web.Form, err error) error {
	f.Values.Del(petitionSecretField)
	switch congvu.ErrorCode(err) {
	case congvu.ENOTFOUND, congvu.EINVALID:
		f.Message = "Mã phản ánh hoặc mã bí mật không đúng. Xin kiểm tra lại giấy ghi mã và nhập lại."
		return s.renderTrackForm(w, r, http.StatusNotFound, f)
	case congvu.ELIMIT:
		f.Message = "Anh/chị đã nhập sai quá nhiều lần. Xin vui lòng thử lại sau một giờ."
		retryAfter(w, petition.TrackFailureWindow)
		return s.renderTrackForm(w, r, http.StatusTooManyRequests, f)
	}
	return err
}

// petitionTrack shows the reporter's view of a petition.
func (s *Pages) petitionTrack(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Petitions
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := web.NewForm(r.PostForm)
	typedCode, typedSecret := strings.TrimSpace(f.Values.Get(petitionCodeField)), strings.TrimSpace(f.Values.Get(petitionSecretField))
	code, secret := petition.NormalizeTrackingCode(typedCode), petition.NormalizeSecret(typedSecret)
	switch {
	case typedCode == "":
		f.AddError(petitionCodeField, "Xin nhập mã phản ánh.")
	case code == "":
		f.AddError(petitionCodeField, "Mã phản ánh có dạng PA-XXXX-XXXX, gồm chữ cái không dấu và chữ số từ 2 đến 7, như trên phiếu nhận.")
	default:
		f.Set(petitionCodeField, code)
	}
	switch {
	case typedSecret == "":
		f.AddError(petitionSecretField, "Xin nhập mã bí mật.")
	case secret == "":
		f.AddError(petitionSecretField, "Mã bí mật gồm chữ cái không dấu và chữ số, như trên phiếu nhận; xin gõ lại đúng như phiếu.")
	}
	if f.Failed() {
		f.Message = "Chưa tra cứu được."
		return s.renderTrackForm(w, r, http.StatusBadRequest, f)
	}
	pp, err := svc.Track(r.Context(), code, secret)
	if err != nil {
		return s.trackFailure(w, r, f, err)
	}
	return s.renderPetitionView(w, r, http.StatusOK, pp, code, secret, web.NewForm(nil), "")
}

// Withdrawal returns the withdrawal form: the posted one when it failed.
func (p *PetitionPage) Withdrawal() *web.Form {
	if p.WithdrawForm != nil {
		return p.WithdrawForm
	}
	return web.NewForm(nil)
}

// renderPetitionView renders the reporter's view of pp; mf is the message
// form (with its errors), flash a confirmation.
func (s *Pages) renderPetitionView(w http.ResponseWriter, r *http.Request, status int, pp *petition.Public, code, secret string, mf *web.Form, flash string) error {
	p := &PetitionPage{Kind: "view", Petition: pp, Steps: petitionSteps(pp.Status, pp.Kind), Code: code, Secret: secret, MessageForm: mf}
	p.Title = "Phản ánh " + pp.TrackingCode
	p.Flash = flash
	p.Privacy = s.PrivacyNotice(privacy.Tracking, "")
	return s.Render(noStore{w}, r, status, "petition_public.html", p)
}

// petitionMessage adds the reporter's message, then shows the view again.
func (s *Pages) petitionMessage(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Petitions
	if err := r.ParseForm(); err != nil {
		return err
	}
	code, secret := petition.NormalizeTrackingCode(r.PostForm.Get(petitionCodeField)), petition.NormalizeSecret(r.PostForm.Get(petitionSecretField))
	mf := web.NewForm(url.Values{petitionBodyField: {r.PostForm.Get(petitionBodyField)}, petitionReopenField: {r.PostForm.Get(petitionReopenField)}})
	contest := mf.Values.Get(petitionReopenField) == "co"
	body := strings.TrimSpace(strings.ReplaceAll(mf.Values.Get(petitionBodyField), "\r\n", "\n"))
	dailyLimit := false // too many messages today
	lookupFailed := func(err error) error {
		return s.trackFailure(w, r, web.NewForm(url.Values{petitionCodeField: {code}}), err)
	}
	if body == "" {
		mf.AddError(petitionBodyField, "Xin nhập nội dung tin nhắn.")
	} else if err := svc.PostReporterMessage(r.Context(), code, secret, body, contest); err != nil {
		switch congvu.ErrorCode(err) {
		case congvu.EINVALID:
			mf.SetError(congvu.RenameFields(err, map[string]string{"body": petitionBodyField}))
			if mf.Error(petitionBodyField) == "" {
				mf.AddError(petitionBodyField, congvu.ErrorMessage(err))
			}
		case congvu.ECONFLICT:
			mf.Message = congvu.ErrorMessage(err) // closed meanwhile
		case congvu.ELIMIT:
			// Too many failed lookups (Track below says so again) or too
			// many messages today (Track succeeds: say that).
			mf.Message = congvu.ErrorMessage(err)
			dailyLimit = true
		case congvu.ENOTFOUND:
			return lookupFailed(err)
		default:
			return err
		}
	}
	pp, err := svc.Track(r.Context(), code, secret)
	if err != nil {
		return lookupFailed(err)
	}
	if dailyLimit {
		retryAfter(w, untilTomorrow(time.Now()))
		return s.renderPetitionView(w, r, http.StatusTooManyRequests, pp, code, secret, mf, "")
	}
	if mf.Failed() {
		if mf.Message == "" {
			mf.Message = "Chưa gửi được tin nhắn."
		}
		return s.renderPetitionView(w, r, http.StatusBadRequest, pp, code, secret, mf, "")
	}
	return s.renderPetitionView(w, r, http.StatusOK, pp, code, secret, web.NewForm(nil), "Đã gửi tin nhắn của anh/chị. Cơ quan xử lý sẽ trả lời tại trang này.")
}

// petitionWithdraw records the reporter's withdrawal (the tracking code
// and secret prove who asks), then shows the view again.
func (s *Pages) petitionWithdraw(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Petitions
	if err := r.ParseForm(); err != nil {
		return err
	}
	code, secret := petition.NormalizeTrackingCode(r.PostForm.Get(petitionCodeField)), petition.NormalizeSecret(r.PostForm.Get(petitionSecretField))
	wf := web.NewForm(url.Values{petitionWithdrawReasonField: {r.PostForm.Get(petitionWithdrawReasonField)}})
	reason := strings.TrimSpace(strings.ReplaceAll(wf.Values.Get(petitionWithdrawReasonField), "\r\n", "\n"))
	lookupFailed := func(err error) error {
		return s.trackFailure(w, r, web.NewForm(url.Values{petitionCodeField: {code}}), err)
	}
	if r.PostForm.Get(petitionWithdrawConfirmField) != "co" {
		wf.AddError(petitionWithdrawConfirmField, "Xin đánh dấu ô xác nhận nếu anh/chị thật sự muốn rút đơn.")
	} else if err := svc.Withdraw(r.Context(), code, secret, reason); err != nil {
		switch congvu.ErrorCode(err) {
		case congvu.EINVALID:
			wf.SetError(congvu.RenameFields(err, map[string]string{"reason": petitionWithdrawReasonField}))
		case congvu.ECONFLICT, congvu.ELIMIT:
			wf.Message = congvu.ErrorMessage(err)
		case congvu.ENOTFOUND:
			return lookupFailed(err)
		default:
			return err
		}
	}
	pp, err := svc.Track(r.Context(), code, secret)
	if err != nil {
		return lookupFailed(err)
	}
	if wf.Failed() || wf.Message != "" {
		if wf.Message == "" {
			wf.Message = "Chưa rút được đơn."
		}
		p := &PetitionPage{Kind: "view", Petition: pp, Steps: petitionSteps(pp.Status, pp.Kind), Code: code, Secret: secret,
			MessageForm: web.NewForm(nil), WithdrawForm: wf}
		p.Title = "Phản ánh " + pp.TrackingCode
		return s.Render(noStore{w}, r, http.StatusBadRequest, "petition_public.html", p)
	}
	return s.renderPetitionView(w, r, http.StatusOK, pp, code, secret, web.NewForm(nil), "Đã ghi nhận việc anh/chị rút đơn. Cơ quan xử lý được thông báo; đơn kết thúc xử lý.")
}
