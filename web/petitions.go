package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"congvu"
	"congvu/courtesy"
	"congvu/export"
	"congvu/petition"
)

// The staff petition pages: the list with its filters and export, one
// petition with its history, and its handling (workflow steps, replies to
// the reporter checked for courtesy, internal notes, reading the reporter's
// identity). The service checks every right; the pages only hide the forms
// an actor could not use.

func init() {
	flashMessages["pa-da-thu-ly"] = "Đã thụ lý phản ánh."
	flashMessages["pa-khong-thu-ly"] = "Đã ghi nhận không thụ lý phản ánh; người phản ánh xem được lý do khi tra cứu."
	flashMessages["pa-da-giao"] = "Đã giao phản ánh cho đơn vị xử lý; đơn vị đã được báo qua thư điện tử."
	flashMessages["pa-da-chuyen"] = "Đã chuyển phản ánh sang đơn vị khác; đơn vị đã được báo qua thư điện tử."
	flashMessages["pa-dang-xac-minh"] = "Đã bắt đầu xác minh phản ánh."
	flashMessages["pa-da-ket-luan"] = "Đã ghi kết luận. Xin trả lời người phản ánh trước khi đóng."
	flashMessages["pa-da-dong"] = "Đã đóng phản ánh."
	flashMessages["pa-da-tra-loi"] = "Đã gửi trả lời; người phản ánh xem được khi tra cứu bằng mã phản ánh."
	flashMessages["pa-da-ghi-chu"] = "Đã thêm ghi chú nội bộ."
}

// petitionStepFlash is the confirmation of each step.
var petitionStepFlash = map[petition.Step]string{
	petition.StepAccept: "pa-da-thu-ly", petition.StepReject: "pa-khong-thu-ly", petition.StepAssign: "pa-da-giao",
	petition.StepTransfer: "pa-da-chuyen", petition.StepVerify: "pa-dang-xac-minh", petition.StepConclude: "pa-da-ket-luan",
	petition.StepClose: "pa-da-dong",
}

// Query parameters of the petitions list (the unit code is UnitParam).
const (
	petitionStatusParam    = "trang-thai"
	petitionCategoryParam  = "loai"
	petitionOfficialParam  = "can-bo" // an official's id or employee code
	petitionOverdueParam   = "qua-han"
	petitionEscalatedParam = "vuot-cap"
	petitionSortParam      = "sap-xep" // "han": earliest deadline first
	petitionFromParam      = "tu"
	petitionToParam        = "den"
	petitionsPageSize      = 50
	// petitionExportMax caps the rows of one export file.
	petitionExportMax = 20000
)

func (s *Server) petitionRoutes() []Route {
	view, handle := Need(congvu.ActPetitionView), Need(congvu.ActPetitionHandle)
	return []Route{
		{Method: "GET", Pattern: "/petitions", Access: view, Handler: s.petitions},
		{Method: "GET", Pattern: "/petitions/export", Access: view, Handler: s.exportPetitions},
		{Method: "GET", Pattern: "/petitions/{id}", Access: view, Handler: s.petition},
		{Method: "GET", Pattern: "/petitions/{id}/files/{file}", Access: view, Handler: s.petitionFile},
		{Method: "POST", Pattern: "/petitions/{id}/step", Access: handle, Handler: s.petitionStep},
		{Method: "POST", Pattern: "/petitions/{id}/reply", Access: handle, Handler: s.petitionReply},
		{Method: "POST", Pattern: "/petitions/{id}/notes", Access: handle, Handler: s.petitionNote},
		{Method: "POST", Pattern: "/petitions/{id}/reveal", Access: handle, Handler: s.petitionReveal},
	}
}

func petitionHref(id int64) string { return "/petitions/" + strconv.FormatInt(id, 10) }

// StaffPetitionRow is a petition of the list, with its deadline markers.
type StaffPetitionRow struct {
	*petition.Petition
	Late, DueSoon bool
}

// StaffPetitionsPage is the staff list of petitions.
type StaffPetitionsPage struct {
	Base
	Subnav     []NavItem // list, dashboard, rules, outbox
	Form       *Form
	Statuses   []Option
	Categories []Option
	Sorts      []Option
	Unit       *congvu.Unit     // the unit filter, when set
	Official   *congvu.Official // the official filter, when set
	Rows       []StaffPetitionRow
	Pager      Pager
	Filtered   bool
	Overdue    int    // overdue petitions matching the filter, -1 when not counted
	More       bool   // more than petition.MaxCount match (the pager stops there)
	MoreLate   bool   // more than petition.MaxCount of them overdue
	Export     string // the query of the export links
}

func petitionStatusOptions() []Option {
	out := []Option{{"", "Tất cả"}}
	for _, st := range petition.Statuses {
		out = append(out, Option{string(st), st.Label()})
	}
	return out
}

func petitionCategoryOptions(first string) []Option {
	out := []Option{{"", first}}
	for _, c := range petition.Categories {
		out = append(out, Option{string(c), c.Label()})
	}
	return out
}

// petitionFilter reads the list filters from f; bad values are recorded in
// f. The unit and official named are returned for the page.
func (s *Server) petitionFilter(r *http.Request, f *Form) (petition.Filter, *congvu.Unit, *congvu.Official, error) {
	filter := petition.Filter{Query: f.Get("q"), Overdue: f.Checked(petitionOverdueParam), Escalated: f.Checked(petitionEscalatedParam)}
	if st := petition.Status(f.Get(petitionStatusParam)); st != "" {
		if st.Valid() {
			filter.Status = st
		} else {
			f.AddError(petitionStatusParam, "Xin chọn một trạng thái trong danh sách.")
		}
	}
	if c := petition.Category(f.Get(petitionCategoryParam)); c != "" {
		if c.Valid() {
			filter.Category = c
		} else {
			f.AddError(petitionCategoryParam, "Xin chọn một loại phản ánh trong danh sách.")
		}
	}
	switch f.Get(petitionSortParam) {
	case "":
	case "han":
		filter.Sort = "due"
	default:
		f.AddError(petitionSortParam, "Xin chọn một cách sắp xếp trong danh sách.")
	}
	for _, d := range []struct {
		param string
		to    *time.Time
	}{{petitionFromParam, &filter.From}, {petitionToParam, &filter.To}} {
		if v := f.Get(d.param); v != "" {
			t, ok := parseDate(v)
			if !ok {
				f.AddError(d.param, "Ngày không hợp lệ; xin nhập theo dạng ngày/tháng/năm, ví dụ 15/03/2026.")
				continue
			}
			*d.to = t
		}
	}
	if !filter.To.IsZero() {
		filter.To = filter.To.AddDate(0, 0, 1) // to the end of that day
		if !filter.From.IsZero() && !filter.To.After(filter.From) {
			f.AddError(petitionToParam, "Ngày kết thúc phải từ ngày bắt đầu trở đi.")
		}
	}
	var unit *congvu.Unit
	if code := f.Get(UnitParam); code != "" {
		u, err := s.unitByCode(r, code)
		if err != nil {
			if congvu.ErrorCode(err) != congvu.ENOTFOUND {
				return filter, nil, nil, err
			}
			f.AddError(UnitParam, congvu.ErrorMessage(err))
		} else {
			unit, filter.UnitID = u, u.ID
		}
	}
	var official *congvu.Official
	if v := f.Get(petitionOfficialParam); v != "" {
		o, err := s.officialByIDOrCode(r, v)
		if err != nil {
			if congvu.ErrorCode(err) != congvu.ENOTFOUND {
				return filter, nil, nil, err
			}
			f.AddError(petitionOfficialParam, congvu.ErrorMessage(err))
		} else {
			official, filter.OfficialID = o, o.ID
		}
	}
	return filter, unit, official, nil
}

// officialByIDOrCode finds an official by id (links from an official's
// page) or by employee code (typed).
func (s *Server) officialByIDOrCode(r *http.Request, v string) (*congvu.Official, error) {
	notFound := congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy cán bộ có mã “%s” trong phạm vi của bạn.", v)
	svc := s.Services.Officials
	if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
		o, err := svc.FindOfficialByID(r.Context(), id)
		if err == nil || congvu.ErrorCode(err) != congvu.ENOTFOUND {
			return o, err
		}
	}
	list, _, err := svc.FindOfficials(r.Context(), congvu.OfficialFilter{Query: v, IncludeRetired: true, Limit: 20})
	if err != nil {
		return nil, err
	}
	for _, o := range list {
		if strings.EqualFold(o.EmployeeCode, v) {
			return o, nil
		}
	}
	return nil, notFound
}

// petitionQuery is the list's query with "unit" (a unit id, as links from
// unit pages and the petition dashboard give it, and the officials list
// takes it) turned into the unit code.
func (s *Server) petitionQuery(r *http.Request) (url.Values, error) {
	q := r.URL.Query()
	if v := q.Get(officialUnitParam); v != "" {
		q.Del(officialUnitParam)
		if q.Get(UnitParam) == "" {
			id, _ := strconv.ParseInt(v, 10, 64)
			if id <= 0 {
				return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy đơn vị.")
			}
			u, err := s.Services.Units.FindUnitByID(r.Context(), id)
			if err != nil {
				return nil, err
			}
			q.Set(UnitParam, u.Code)
		}
	}
	return q, nil
}

// petitionFilterQuery is the list's query without the page, flash and
// format parameters and empty values: what the export links keep.
func petitionFilterQuery(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		switch k {
		case PageParam, "ok", "format":
			continue
		}
		if len(v) == 1 && v[0] == "" {
			continue
		}
		out[k] = v
	}
	return out
}

func (s *Server) petitions(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Petitions
	ctx := r.Context()
	q, err := s.petitionQuery(r)
	if err != nil {
		return err
	}
	f := NewForm(q)
	p := &StaffPetitionsPage{Base: Base{Title: "Phản ánh, kiến nghị"}, Subnav: s.petitionSubnav(congvu.ActorFromContext(ctx), "/petitions"), Form: f, Statuses: petitionStatusOptions(),
		Categories: petitionCategoryOptions("Tất cả"), Sorts: []Option{{"", "Mới gửi trước"}, {"han", "Hạn xử lý gần nhất trước"}}, Overdue: -1}
	filter, unit, official, err := s.petitionFilter(r, f)
	if err != nil {
		return err
	}
	p.Unit, p.Official = unit, official
	p.Export = petitionFilterQuery(q).Encode()
	p.Filtered = p.Export != ""
	if f.Failed() {
		f.Message = "Bộ lọc chưa hợp lệ, xin kiểm tra lại các ô được đánh dấu."
		p.Pager = NewPager(r, 0, petitionsPageSize)
		return s.render(w, r, http.StatusBadRequest, "petition_list.html", p)
	}
	filter.Limit, filter.Offset = petitionsPageSize, PageOffset(r, petitionsPageSize)
	list, total, err := svc.FindPetitions(ctx, filter)
	if err != nil {
		return err
	}
	now := time.Now()
	for _, pt := range list {
		late, soon := pt.IsOverdue(now), pt.IsDueSoon(now)
		p.Rows = append(p.Rows, StaffPetitionRow{Petition: pt, Late: late, DueSoon: soon})
	}
	p.More = total > petition.MaxCount
	p.Pager = NewPager(r, min(total, petition.MaxCount), petitionsPageSize)
	if filter.Overdue {
		p.Overdue = total
	} else if total > 0 {
		of := filter
		of.Overdue, of.Offset, of.Limit = true, 0, 1
		if _, n, err := svc.FindPetitions(ctx, of); err == nil {
			p.Overdue = n
		} else {
			return err
		}
	}
	p.MoreLate = p.Overdue > petition.MaxCount
	p.Overdue = min(p.Overdue, petition.MaxCount)
	return s.render(w, r, http.StatusOK, "petition_list.html", p)
}

// petitionExportHeader names the columns of the export: no reporter
// identity, and not the reporter's own words, which may name them.
var petitionExportHeader = []string{"Mã phản ánh", "Ngày gửi", "Loại phản ánh", "Cán bộ bị phản ánh", "Đơn vị bị phản ánh",
	"Đơn vị xử lý", "Trạng thái", "Hạn xử lý", "Quá hạn", "Đã báo cấp trên", "Kết luận", "Hạng mục vi phạm", "Ngày đóng"}

func petitionExportRow(p *petition.Petition, now time.Time) []any {
	late := p.IsOverdue(now)
	official := p.OfficialName
	if official == "" {
		official = p.SubjectText
	}
	var due, closed any = "", ""
	if p.DueAt != nil && !p.Status.Final() {
		due = formatDateTime(p.DueAt)
	}
	if p.ClosedAt != nil {
		closed = p.ClosedAt.In(congvu.TimeZone)
	}
	conclusion := ""
	if p.Conclusion != "" {
		conclusion = p.Conclusion.Label()
	}
	return []any{p.TrackingCode, p.SubmittedAt.In(congvu.TimeZone), p.Category.Label(), official, p.UnitName,
		p.HandlerName, p.Status.Label(), due, late, p.EscalatedTo != 0, conclusion, strings.Join(p.BreachedItems, ", "), closed}
}

func (s *Server) exportPetitions(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Petitions
	format := r.URL.Query().Get("format")
	switch format {
	case "":
		format = "csv"
	case "csv", "xlsx":
	default:
		return &congvu.Error{Code: congvu.EINVALID, Message: "Định dạng tệp không hợp lệ; chọn CSV hoặc XLSX."}
	}
	q, err := s.petitionQuery(r)
	if err != nil {
		return err
	}
	f := NewForm(q)
	filter, _, _, err := s.petitionFilter(r, f)
	if err != nil {
		return err
	}
	if f.Failed() {
		return &congvu.Error{Code: congvu.EINVALID, Message: "Bộ lọc chưa hợp lệ.", Fields: f.Errors}
	}
	now := time.Now()
	t := export.Table{Name: "Phản ánh", Title: "Phản ánh, kiến nghị xuất ngày " + now.In(congvu.TimeZone).Format("02/01/2006 15:04"),
		Header: petitionExportHeader, Widths: []float64{16, 12, 28, 26, 30, 30, 16, 17, 9, 12, 22, 20, 12}}
	for {
		filter.Offset, filter.Limit = len(t.Rows), congvu.MaxPageSize
		list, total, err := svc.FindPetitions(r.Context(), filter)
		if err != nil {
			return err
		}
		for _, p := range list {
			t.Rows = append(t.Rows, petitionExportRow(p, now))
		}
		// The total is counted only up to petition.MaxCount+1:
		// pages go on while they come back full.
		if len(list) < filter.Limit || len(t.Rows) >= petitionExportMax {
			if len(list) == filter.Limit {
				t.Title += fmt.Sprintf(" (%s dòng đầu)", formatNumber(len(t.Rows)))
			} else if total > len(t.Rows) && total <= petition.MaxCount {
				t.Title += fmt.Sprintf(" (%s dòng đầu trong %s)", formatNumber(len(t.Rows)), formatNumber(total))
			}
			break
		}
	}
	var buf bytes.Buffer
	ctype := "text/csv; charset=utf-8"
	if format == "xlsx" {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		err = export.XLSX(&buf, []export.Table{t})
	} else {
		err = export.CSV(&buf, []export.Table{t})
	}
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", `attachment; filename="phan-anh-`+now.In(congvu.TimeZone).Format("20060102-1504")+"."+format+`"`)
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes()) // an error here means the client went away
	return nil
}

// StaffPetitionPage is one petition for staff, with the forms of its handling.
type StaffPetitionPage struct {
	Base
	P              *petition.Petition
	Late, DueSoon  bool
	Stage          petition.DeadlineStage
	CategoryItems  []*congvu.StandardItem // what the category breaches
	Breached       []*congvu.StandardItem // what the conclusion found breached
	Events         []*petition.Event
	Messages       []*petition.Message
	Notes          []*petition.Note
	Views          []*petition.IdentityView
	ViewsKnown     bool               // the actor may read the identity views
	Identity       *petition.Reporter // shown once, after a reveal
	CanAct         bool
	Handler        *congvu.Unit // the current handler, or the default one before assignment
	Steps          []petition.Step
	StepForms      map[petition.Step]*Form
	FailedStep     petition.Step
	UnitChoices    []Option // assign, transfer: the handler and its units
	Conclusions    []petition.Conclusion
	Groups         []*StaffItemGroup
	Reply          *Form
	Checks         *courtesy.Result // the courtesy review of the draft, when shown
	CheckContext   courtesy.Context
	Note           *Form
	Reveal         *Form
	DefaultHandler *congvu.Unit // where the petition goes by default
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
		return st.Label()
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
func (s *Server) petitionHandling(r *http.Request, p *petition.Petition) (handler, def *congvu.Unit, canAct bool, err error) {
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
	p.CheckContext = petition.ReplyContext(pt, now)

	// The standard items: the category's mapping, the conclusion's, and
	// the catalog for concluding.
	items := map[string]*congvu.StandardItem{}
	var groups []*congvu.StandardGroup
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
	item := func(code string) *congvu.StandardItem {
		if it := items[code]; it != nil {
			return it
		}
		return &congvu.StandardItem{Code: code, Title: code}
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
func (s *Server) petitionUnitChoices(r *http.Request, pt *petition.Petition, bases ...*congvu.Unit) ([]Option, error) {
	var out []Option
	seen := map[int64]bool{}
	add := func(u *congvu.Unit) {
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
		children, _, err := s.Services.Units.FindUnits(r.Context(), congvu.UnitFilter{ParentID: base.ID, Limit: congvu.MaxPageSize})
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
	return s.render(w, r, http.StatusOK, "petition_detail.html", p)
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

// postedPetition parses the form of a POST on a petition, loads the page
// and refuses actors who may not handle it (before reading any input).
func (s *Server) postedPetition(r *http.Request) (*StaffPetitionPage, *Form, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, err
	}
	if err := r.ParseForm(); err != nil {
		return nil, nil, err
	}
	p, err := s.petitionPage(r, id)
	if err != nil {
		return nil, nil, err
	}
	if !p.CanAct {
		return nil, nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền xử lý phản ánh này.")
	}
	return p, NewForm(r.PostForm), nil
}

// textValue is a multi-line input as typed: NFC, line breaks kept, spaces
// trimmed at both ends.
func textValue(f *Form, name string) string {
	v := strings.ReplaceAll(f.Values.Get(name), "\r\n", "\n")
	return strings.TrimSpace(norm.NFC.String(v))
}

// stepFieldNames maps the service's field names to the step form's.
func stepFieldNames(step petition.Step) map[string]string {
	pre := string(step) + "_"
	return map[string]string{"unit_id": pre + "unit", "unit": pre + "unit", "reason": pre + "reason", "note": pre + "note",
		"conclusion": pre + "conclusion", "text": pre + "text", "items": pre + "items", "step": pre + "step"}
}

func (s *Server) petitionStep(w http.ResponseWriter, r *http.Request) error {
	p, f, err := s.postedPetition(r)
	if err != nil {
		return err
	}
	step := petition.Step(f.Get("step"))
	pre := string(step) + "_"
	in := petition.StepInput{Step: step, Note: textValue(f, pre+"note")}
	switch step {
	case petition.StepAccept, petition.StepVerify, petition.StepClose:
	case petition.StepReject:
		in.Reason = textValue(f, pre+"reason")
	case petition.StepAssign, petition.StepTransfer:
		if code := f.Get(pre + "unit_code"); code != "" {
			u, err := s.unitByCode(r, code)
			switch congvu.ErrorCode(err) {
			case "":
				in.UnitID = u.ID
			case congvu.ENOTFOUND:
				f.AddError(pre+"unit_code", congvu.ErrorMessage(err))
			default:
				return err
			}
		} else {
			in.UnitID = f.Int(pre + "unit")
		}
		if step == petition.StepTransfer {
			in.Reason = textValue(f, pre+"reason")
			if in.UnitID == 0 && !f.Failed() {
				f.AddError(pre+"unit", "Xin chọn hoặc nhập mã đơn vị nhận phản ánh.")
			}
		}
	case petition.StepConclude:
		in.Conclusion = petition.Conclusion(f.Get(pre + "conclusion"))
		in.Text = textValue(f, pre+"text")
		in.Items = f.Values[pre+"items"]
	default:
		return &congvu.Error{Code: congvu.EINVALID, Message: "Bước xử lý không hợp lệ."}
	}
	status := http.StatusBadRequest
	if !f.Failed() {
		_, err := s.Services.Petitions.Step(r.Context(), p.P.ID, in)
		if err == nil {
			return s.redirect(w, r, petitionHref(p.P.ID), petitionStepFlash[step])
		}
		if !f.SetError(congvu.RenameFields(err, stepFieldNames(step))) {
			return err
		}
		status = StatusOf(congvu.ErrorCode(err))
	}
	f.Summarize("Chưa thực hiện được bước “" + step.Label() + "”, xin kiểm tra lại các ô được đánh dấu.")
	p.StepForms[step], p.FailedStep = f, step
	if step == petition.StepConclude {
		// Keep the ticked items as posted.
		ticked := f.Values[pre+"items"]
		for _, g := range p.Groups {
			for i := range g.Items {
				g.Items[i].Checked = slices.Contains(ticked, g.Items[i].Code)
			}
		}
	}
	return s.render(w, r, status, "petition_detail.html", p)
}

func (s *Server) petitionReply(w http.ResponseWriter, r *http.Request) error {
	p, f, err := s.postedPetition(r)
	if err != nil {
		return err
	}
	p.Reply = f
	body := textValue(f, "body")
	f.Set("body", body)
	switch f.Get("action") {
	case "template":
		if body == "" {
			f.Set("body", petition.ReplyDraft(p.P, p.Late))
			f.Message = ""
		} else {
			f.Message = "Ô trả lời đang có nội dung nên thư mẫu chưa được chèn; xóa nội dung đó nếu muốn bắt đầu từ thư mẫu."
		}
		res := courtesy.CheckWith(f.Get("body"), p.CheckContext)
		p.Checks = &res
		return s.render(w, r, http.StatusOK, "petition_detail.html", p)
	case "check":
		if body == "" {
			f.AddError("body", "Xin nhập nội dung trả lời để kiểm tra.")
			return s.render(w, r, http.StatusBadRequest, "petition_detail.html", p)
		}
		res := courtesy.CheckWith(body, p.CheckContext)
		p.Checks = &res
		return s.render(w, r, http.StatusOK, "petition_detail.html", p)
	}
	res := courtesy.CheckWith(body, p.CheckContext)
	if body != "" {
		p.Checks = &res
	}
	if err := petition.GateReply(body, res, f.Checked("force")); err != nil {
		fields := congvu.ErrorFields(err)
		if m := fields[petition.ReplyBodyField]; m != "" {
			f.AddError("body", m)
		}
		if fields[petition.ReplyConfirmField] != "" {
			f.AddError("force", "Thư chưa đủ các mục bắt buộc. Xin bổ sung theo gợi ý, hoặc đánh dấu ô “Vẫn gửi khi chưa đủ các mục” nếu chắc chắn muốn gửi.")
		}
	}
	if !f.Failed() {
		_, err := s.Services.Petitions.Reply(r.Context(), p.P.ID, body)
		if err == nil {
			return s.redirect(w, r, petitionHref(p.P.ID), "pa-da-tra-loi")
		}
		if !f.SetError(congvu.RenameFields(err, map[string]string{"text": "body", "message": "body"})) {
			return err
		}
	}
	f.Summarize("Chưa gửi trả lời, xin xem lại các mục được đánh dấu.")
	return s.render(w, r, http.StatusBadRequest, "petition_detail.html", p)
}

func (s *Server) petitionNote(w http.ResponseWriter, r *http.Request) error {
	p, f, err := s.postedPetition(r)
	if err != nil {
		return err
	}
	p.Note = f
	body := textValue(f, "note")
	if body == "" {
		f.AddError("note", "Xin nhập nội dung ghi chú.")
	} else {
		_, err := s.Services.Petitions.AddNote(r.Context(), p.P.ID, body)
		if err == nil {
			return s.redirect(w, r, petitionHref(p.P.ID), "pa-da-ghi-chu")
		}
		if !f.SetError(congvu.RenameFields(err, map[string]string{"body": "note", "text": "note"})) {
			return err
		}
	}
	f.Summarize("Chưa lưu được ghi chú.")
	return s.render(w, r, http.StatusBadRequest, "petition_detail.html", p)
}

// petitionReveal shows the reporter's identity on this response only: it
// is never put in a redirect, a flash or a cookie, and the page is not
// cached.
func (s *Server) petitionReveal(w http.ResponseWriter, r *http.Request) error {
	p, f, err := s.postedPetition(r)
	if err != nil {
		return err
	}
	p.Reveal = f
	reason := textValue(f, "reveal_reason")
	if reason == "" {
		f.AddError("reveal_reason", "Xin nêu lý do cần xem thông tin người phản ánh; lý do được ghi lại.")
	} else {
		who, err := s.Services.Petitions.RevealReporter(r.Context(), p.P.ID, reason)
		if err == nil {
			p.Identity = who
			p.Reveal = NewForm(nil)
			if views, err := s.Services.Petitions.IdentityViews(r.Context(), p.P.ID); err == nil {
				p.Views, p.ViewsKnown = views, true
			}
			w.Header().Set("Cache-Control", "no-store")
			return s.render(w, r, http.StatusOK, "petition_detail.html", p)
		}
		if !f.SetError(congvu.RenameFields(err, map[string]string{"reason": "reveal_reason"})) {
			return err
		}
	}
	f.Summarize("Chưa xem được thông tin người phản ánh.")
	return s.render(w, r, http.StatusBadRequest, "petition_detail.html", p)
}
