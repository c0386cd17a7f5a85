package web

import (
	"congvu"
	"congvu/courtesy"
	"congvu/org"
	"congvu/petition"
	"congvu/standard"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// StaffPetitionPage is one petition for staff, with the forms of its handling.
type StaffPetitionPage struct {
	Base
	P              *petition.Petition
	Late, DueSoon  bool
	Stage          petition.DeadlineStage
	CategoryItems  []*standard.Item // what the category breaches
	Breached       []*standard.Item // what the conclusion found breached
	Events         []*petition.Event
	Messages       []*petition.Message
	Notes          []*petition.Note
	Views          []*petition.IdentityView
	ViewsKnown     bool               // the actor may read the identity views
	Identity       *petition.Reporter // shown once, after a reveal
	CanAct         bool
	Handler        *org.Unit // the current handler, or the default one before assignment
	Steps          []petition.Step
	StepForms      map[petition.Step]*Form
	FailedStep     petition.Step
	UnitChoices    []Option // assign, transfer: the handler and its units
	Conclusions    []petition.Conclusion
	Groups         []*StaffItemGroup
	Reply          *Form
	Checks         *courtesy.Result // the courtesy review of the draft, when shown
	Now            time.Time        // when the page was read: what the reply checks count lateness at
	Note           *Form
	Reveal         *Form
	DefaultHandler *org.Unit // where the petition goes by default
	// Competence is who is competent to settle the petition, by its kind.
	Competence petition.Competence
	// KindOptions and ReferOptions are the choices of the accept and
	// refer forms; MaxExtensions how often the settlement may be extended.
	KindOptions, ReferOptions []Option
}

// AnonymityKindNote says why an anonymous petition cannot be a tố cáo.
func (p *StaffPetitionPage) AnonymityKindNote() string {
	return congvu.ErrorFields(petition.ErrAnonymousDenunciation())["kind"]
}

// StatusLabel is the petition's status in the words of its kind.
func (p *StaffPetitionPage) StatusLabel(s petition.Status) string { return s.LabelFor(p.P.Kind) }

// StepLabel is a step in the words of the petition's kind.
func (p *StaffPetitionPage) StepLabel(s string) string { return petition.Step(s).LabelFor(p.P.Kind) }

// ExtensionsLeft says how often the settlement may still be extended:
// ordinary and very complex cases.
func (p *StaffPetitionPage) ExtensionsLeft() (ordinary, veryComplex int) {
	return max(p.P.Kind.MaxExtensions(false)-p.P.Extensions, 0), max(p.P.Kind.MaxExtensions(true)-p.P.Extensions, 0)
}

// CanExtend reports whether the extension form is worth showing.
func (p *StaffPetitionPage) CanExtend() bool {
	_, v := p.ExtensionsLeft()
	return p.HasStep(string(petition.StepExtend)) && v > 0
}

// StaffItemGroup is a group of the catalog for the conclusion's
// checkboxes.
type StaffItemGroup struct {
	Code, Name string
	Items      []StaffItemChoice
}

// StaffItemChoice is one standard item of a conclusion.
type StaffItemChoice struct {
	Code, Title string
	Checked     bool
	Suggested   bool // the petition's category maps to it
}

// StepForm returns the form of a step: the posted one when it failed, else
// a blank one.
func (p *StaffPetitionPage) StepForm(step string) *Form {
	if f := p.StepForms[petition.Step(step)]; f != nil {
		return f
	}
	f := NewForm(nil)
	if petition.Step(step) == petition.StepAccept {
		f.Set("accept_kind", string(p.P.Kind))
	}
	if petition.Step(step) == petition.StepAssign && p.DefaultHandler != nil {
		f.Set("assign_unit", strconv.FormatInt(p.DefaultHandler.ID, 10))
	}
	return f
}

// TransferChoices are the units of the handler's select for a transfer:
// not the current handler itself.
func (p *StaffPetitionPage) TransferChoices() []Option {
	out := []Option{{"", "— Chọn đơn vị —"}}
	for _, o := range p.UnitChoices {
		if o.Value != strconv.FormatInt(p.P.HandlerUnitID, 10) {
			out = append(out, o)
		}
	}
	return out
}

// HasStep reports whether step may be taken now.
func (p *StaffPetitionPage) HasStep(step string) bool {
	return slices.Contains(p.Steps, petition.Step(step))
}

// Paragraphs splits text at its line breaks, for showing it as paragraphs.
func (p *StaffPetitionPage) Paragraphs(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// FileSize writes a file's size for people: "850 KB", "2,4 MB".
func (p *StaffPetitionPage) FileSize(n int64) string {
	if n < 1<<20 {
		return formatNumber(int((n+1023)/1024)) + " KB"
	}
	return strings.Replace(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".", ",", 1) + " MB"
}

// EventLabel names a history event.
func (p *StaffPetitionPage) EventLabel(kind string) string {
	if st := petition.Step(kind); st.Label() != kind {
		if st == petition.StepWithdraw {
			return "Người gửi rút đơn"
		}
		return st.LabelFor(p.P.Kind)
	}
	switch kind {
	case "submit":
		return "Người dân gửi phản ánh"
	case "remind":
		return "Nhắc sắp đến hạn"
	case "overdue":
		return "Quá hạn xử lý"
	case "escalate":
		return "Báo cáo đơn vị cấp trên (quá hạn)"
	case "reveal":
		return "Xem thông tin người phản ánh"
	case "reply":
		return "Trả lời người phản ánh"
	case "message":
		return "Người phản ánh gửi thêm ý kiến"
	case "reopen":
		return "Mở lại: người phản ánh gửi ý kiến sau khi đóng"
	case "note":
		return "Ghi chú nội bộ"
	}
	return kind
}

// SubjectLabel names who the petition is about.
func (p *StaffPetitionPage) SubjectLabel() string { return staffPetitionSubject(p.P) }

func staffPetitionSubject(p *petition.Petition) string {
	switch {
	case p.OfficialName != "":
		return p.OfficialName
	case p.SubjectText != "":
		return p.SubjectText + " (theo lời người phản ánh)"
	}
	return "Cả đơn vị"
}

// petitionHandling is what the handling forms need to know besides the
// petition: the handler unit, the default one, and whether the actor may
// act (the service decides again on every action).
func (s *Server) petitionHandling(r *http.Request, p *petition.Petition) (handler, def *org.Unit, canAct bool, err error) {
	ctx := r.Context()
	if u, err := s.Services.Petitions.DefaultHandler(ctx, p.UnitID); err == nil {
		def, handler = u, u
	} else if c := congvu.ErrorCode(err); c != congvu.ENOTFOUND && c != congvu.EFORBIDDEN && c != congvu.EINVALID {
		return nil, nil, false, err
	}
	if p.HandlerUnitID != 0 {
		handler = nil
		if s.Services.Units != nil {
			u, err := s.Services.Units.FindUnitByID(ctx, p.HandlerUnitID)
			switch congvu.ErrorCode(err) {
			case "":
				handler = u
			case congvu.ENOTFOUND, congvu.EFORBIDDEN:
			default:
				return nil, nil, false, err
			}
		}
	}
	// The service decided who may act (the petition policy): never anyone
	// the petition concerns.
	return handler, def, p.CanHandle && handler != nil, nil
}

// petitionPage loads a petition and everything its page shows.
func (s *Server) petitionPage(r *http.Request, id int64) (*StaffPetitionPage, error) {
	svc := s.Services.Petitions
	ctx := r.Context()
	pt, err := svc.FindPetition(ctx, id)
	if err != nil {
		return nil, err
	}
	p := &StaffPetitionPage{Base: Base{Title: "Phản ánh " + pt.TrackingCode, Crumbs: []Link{{"Phản ánh", "/petitions"}}}, P: pt,
		StepForms: map[petition.Step]*Form{}, Conclusions: petition.Conclusions,
		Reply: NewForm(nil), Note: NewForm(nil), Reveal: NewForm(nil)}
	now := time.Now()
	p.Late, p.DueSoon = pt.IsOverdue(now), pt.IsDueSoon(now)
	p.Stage = petition.StageOf(pt.Status)
	p.Competence = petition.CompetenceFor(pt.Kind, pt.SubjectLeader)
	for _, k := range petition.Kinds {
		if k == petition.KindDenunciation && pt.Anonymous {
			continue // never while anonymous (AnonymityKindNote)
		}
		p.KindOptions = append(p.KindOptions, Option{string(k), k.Label()})
	}
	p.ReferOptions = []Option{{"", "— Chọn cơ quan —"}, {string(petition.AuthorityPolice), "Cơ quan công an (cơ quan điều tra)"},
		{string(petition.AuthorityProcuracy), "Viện kiểm sát nhân dân"}}
	if p.Events, p.Messages, p.Notes, err = svc.History(ctx, id); err != nil {
		return nil, err
	}
	switch views, err := svc.IdentityViews(ctx, id); congvu.ErrorCode(err) {
	case "":
		p.Views, p.ViewsKnown = views, true
	case congvu.EFORBIDDEN, congvu.ENOTFOUND:
	default:
		return nil, err
	}
	if p.Handler, p.DefaultHandler, p.CanAct, err = s.petitionHandling(r, pt); err != nil {
		return nil, err
	}
	if p.CanAct {
		p.Steps = petition.StepsFrom(pt.Status)
	} else {
		// Those who see but may not handle (the subject's unit, admins, the
		// conflicted) get neither the handlers' notes nor who read the
		// reporter's identity and why: staff may have written the
		// reporter's name there.
		p.Notes, p.Views, p.ViewsKnown = nil, nil, false
		for _, ev := range p.Events {
			if ev.Kind == "reveal" {
				ev.Note = ""
			}
		}
	}
	p.Now = now

	// The standard items: the category's mapping, the conclusion's, and
	// the catalog for concluding.
	items := map[string]*standard.Item{}
	var groups []*standard.Group
	if s.Services.Standards != nil {
		v, err := s.Services.Standards.CurrentVersion(ctx, pt.UnitID)
		if err != nil && congvu.ErrorCode(err) != congvu.ENOTFOUND {
			return nil, err
		}
		if v != nil {
			groups = v.Groups
			for _, g := range v.Groups {
				for _, it := range g.Items {
					items[it.Code] = it
				}
			}
		}
	}
	item := func(code string) *standard.Item {
		if it := items[code]; it != nil {
			return it
		}
		return &standard.Item{Code: code, Title: code}
	}
	for _, c := range pt.Category.Items() {
		p.CategoryItems = append(p.CategoryItems, item(c))
	}
	for _, c := range pt.BreachedItems {
		p.Breached = append(p.Breached, item(c))
	}
	if p.HasStep(string(petition.StepConclude)) {
		suggested := pt.Category.Items()
		for _, g := range groups {
			pg := &StaffItemGroup{Code: g.Code, Name: g.Name}
			for _, it := range g.Items {
				pg.Items = append(pg.Items, StaffItemChoice{Code: it.Code, Title: it.Title,
					Checked: slices.Contains(suggested, it.Code), Suggested: slices.Contains(suggested, it.Code)})
			}
			if len(pg.Items) > 0 {
				p.Groups = append(p.Groups, pg)
			}
		}
	}
	if p.HasStep(string(petition.StepAssign)) || p.HasStep(string(petition.StepTransfer)) {
		if p.UnitChoices, err = s.petitionUnitChoices(r, pt, p.DefaultHandler, p.Handler); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// petitionUnitChoices lists the units of the select for assigning or
// transferring a petition: the default handler, the current one and their
// direct units; never the subject's unit or a unit inside it.
func (s *Server) petitionUnitChoices(r *http.Request, pt *petition.Petition, bases ...*org.Unit) ([]Option, error) {
	var out []Option
	seen := map[int64]bool{}
	add := func(u *org.Unit) {
		if !seen[u.ID] && pt.MayBeHandledBy(u.Path) && u.Active {
			seen[u.ID] = true
			out = append(out, Option{strconv.FormatInt(u.ID, 10), u.Name + " (" + u.Code + ")"})
		}
	}
	for _, base := range bases {
		if base == nil || seen[base.ID] {
			continue
		}
		add(base)
		children, _, err := s.Services.Units.FindUnits(r.Context(), org.UnitFilter{ParentID: base.ID, Limit: congvu.MaxPageSize})
		switch congvu.ErrorCode(err) {
		case "":
		case congvu.ENOTFOUND, congvu.EFORBIDDEN:
			continue
		default:
			return nil, err
		}
		for _, u := range children {
			add(u)
		}
	}
	return out, nil
}

func (s *Server) petition(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.petitionPage(r, id)
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusOK, "petition_detail.html", p)
}

// petitionFile streams an attachment as a download, never shown inline.
func (s *Server) petitionFile(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Petitions
	id, err := pathID(r)
	if err != nil {
		return err
	}
	fid, err := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err != nil || fid <= 0 {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy tệp đính kèm.")
	}
	att, rc, err := svc.OpenFile(r.Context(), id, fid)
	if err != nil {
		return err
	}
	defer rc.Close()
	ctype := "application/octet-stream"
	if slices.Contains(petition.AttachmentTypes, att.ContentType) {
		ctype = att.ContentType
	}
	name := att.FileName
	if name == "" {
		name = "tep-dinh-kem-" + strconv.FormatInt(att.ID, 10)
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", contentDisposition(name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	if att.Size > 0 {
		h.Set("Content-Length", strconv.FormatInt(att.Size, 10))
	}
	io.Copy(w, rc) // an error here means the client went away, or a short blob
	return nil
}

// contentDisposition is an attachment header for a file name of any
// script: an ASCII fallback and the UTF-8 name (RFC 6266, RFC 8187).
func contentDisposition(name string) string {
	var ascii, ext strings.Builder
	for _, r := range name {
		switch {
		case r < 0x20 || r == 0x7f || r == '"' || r == '\\' || r == '/' || r >= 0x80:
			ascii.WriteByte('_')
		default:
			ascii.WriteRune(r)
		}
	}
	for _, b := range []byte(name) {
		switch {
		case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b >= '0' && b <= '9', strings.IndexByte("!#$&+-.^_`|~", b) >= 0:
			ext.WriteByte(b)
		default:
			fmt.Fprintf(&ext, "%%%02X", b)
		}
	}
	return `attachment; filename="` + ascii.String() + `"; filename*=UTF-8''` + ext.String()
}
