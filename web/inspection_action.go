package web

import (
	"io"
	"net/http"
	"net/url"
	"strconv"

	"congvu"
	"congvu/inspection"
	"congvu/org"
)

// The corrective actions of inspections' conclusions: the list of the
// actions the user sees (their units' actions, or those their team set),
// with the overdue and due-soon filters; an action's page with its history
// and evidence, where the owner unit reports and the inspectors verify or
// send back; and the form that sets an action on an issued conclusion.
// The service decides who may do what; the pages only show the forms the
// same domain rules allow.

func init() {
	FlashMessages["giao-bien-phap"] = "Đã giao biện pháp khắc phục; thủ trưởng đơn vị thực hiện được báo qua email."
	FlashMessages["bao-cao-bien-phap"] = "Đã gửi báo cáo kết quả khắc phục; đoàn kiểm tra được báo để xác nhận."
	FlashMessages["xac-nhan-bien-phap"] = "Đã xác nhận biện pháp khắc phục hoàn thành."
	FlashMessages["tra-lai-bien-phap"] = "Đã trả lại báo cáo; đơn vị được báo lý do qua email."
	// The audit log's words for the actions' events and fields.
	for k, v := range map[string]string{
		"inspection.action.create":  "Giao biện pháp khắc phục sau kiểm tra, thanh tra",
		"inspection.action.report":  "Đơn vị báo cáo kết quả khắc phục",
		"inspection.action.verify":  "Xác nhận biện pháp khắc phục hoàn thành",
		"inspection.action.return":  "Trả lại báo cáo kết quả khắc phục",
		"inspection.action.remind":  "Nhắc hạn biện pháp khắc phục",
		"inspection.action.overdue": "Biện pháp khắc phục quá hạn",
		"inspection.close":          "Hoàn thành khắc phục, đóng kết luận kiểm tra",
	} {
		auditKinds[k] = v
	}
	auditEntities["inspection_action"] = "Biện pháp khắc phục"
	for k, v := range map[string]string{"inspection_id": "Cuộc kiểm tra (mã số)", "owner_unit_id": "Đơn vị thực hiện (mã số)",
		"days": "Thời hạn (ngày làm việc)", "files": "Tệp minh chứng"} {
		auditFieldLabels[k] = v
	}
}

// inspectionActionRoutes returns the corrective action pages and forms.
func (s *Server) inspectionActionRoutes() []Route {
	view := Need(congvu.ActInspectionView)
	return []Route{
		{Method: "GET", Pattern: "/inspections/actions", Access: view, Handler: s.inspectionActions},
		{Method: "GET", Pattern: "/inspections/{id}/actions/{action}", Access: view, Handler: s.inspectionAction},
		{Method: "POST", Pattern: "/inspections/{id}/actions/{action}/report", Access: view, Handler: s.reportInspectionAction, Upload: true,
			MaxBody: inspection.MaxActionFiles*inspection.MaxActionFileSize + 1<<20},
		{Method: "POST", Pattern: "/inspections/{id}/actions/{action}/verify", Access: view, Handler: s.verifyInspectionAction},
		{Method: "POST", Pattern: "/inspections/{id}/actions/{action}/return", Access: view, Handler: s.returnInspectionAction},
		{Method: "GET", Pattern: "/inspections/{id}/actions/{action}/files/{file}", Access: view, Handler: s.inspectionActionFile},
		{Method: "GET", Pattern: "/inspections/{id}/actions/new", Access: view, Handler: s.newInspectionActionForm},
		{Method: "POST", Pattern: "/inspections/{id}/actions/new", Access: view, Handler: s.createInspectionAction},
	}
}

// InspectionActionsPage lists actions with their filters.
type InspectionActionsPage struct {
	Base
	Actions []*inspection.CorrectiveAction
	Filter  string // "", "qua-han", "sap-den-han", or a status
	Filters []NavItem
	Pager   Pager
}

// The list's filters, by their query value.
var actionFilters = []struct{ key, label string }{
	{"", "Tất cả"}, {"qua-han", "Quá hạn"}, {"sap-den-han", "Sắp đến hạn (5 ngày làm việc)"},
	{"open", "Đang thực hiện"}, {"reported", "Chờ xác nhận"}, {"verified", "Đã hoàn thành"},
}

const actionPageSize = 50

func (s *Server) inspectionActions(w http.ResponseWriter, r *http.Request) error {
	key := r.URL.Query().Get("loc")
	f := inspection.ActionFilter{Limit: actionPageSize, Offset: PageOffset(r, actionPageSize)}
	switch key {
	case "":
	case "qua-han":
		f.Overdue = true
	case "sap-den-han":
		f.DueSoon = true
	default:
		if !inspection.ActionStatus(key).Valid() {
			key = ""
		}
		f.Status = inspection.ActionStatus(key)
	}
	list, total, err := s.Services.InspectionActions.FindActions(r.Context(), f)
	if err != nil {
		return err
	}
	p := &InspectionActionsPage{Base: Base{Title: "Biện pháp khắc phục sau kiểm tra, thanh tra"}, Actions: list, Filter: key,
		Pager: NewPager(r, total, actionPageSize)}
	for _, x := range actionFilters {
		href := "/inspections/actions"
		if x.key != "" {
			href += "?loc=" + x.key
		}
		p.Filters = append(p.Filters, NavItem{Label: x.label, Href: href, Current: x.key == key})
	}
	return s.Render(w, r, http.StatusOK, "inspection_actions.html", p)
}

// InspectionActionPage is one action with its history and the forms the
// user may use.
type InspectionActionPage struct {
	Base
	Action    *inspection.CorrectiveAction
	CanReport bool // the owner unit's head, while it is open
	CanVerify bool // the inspectors, while it is reported
	Form      *Form
	Form2     *Form // the send-back form
	MaxFiles  int
}

func (s *Server) renderInspectionAction(w http.ResponseWriter, r *http.Request, status int, a *inspection.CorrectiveAction, report, back *Form) error {
	actor := congvu.ActorFromContext(r.Context())
	p := &InspectionActionPage{Base: Base{Title: "Biện pháp khắc phục số " + strconv.FormatInt(a.ID, 10),
		Crumbs: []Link{{Label: "Biện pháp khắc phục", Href: "/inspections/actions"}}}, Action: a,
		CanReport: a.Status == inspection.ActionOpen && inspection.CanReportAction(actor, a.OwnerUnitPath),
		CanVerify: a.Status == inspection.ActionReported && inspection.CanVerifyAction(actor, a.InspectionKind, a.InspectingUnitPath, a.LeadUserID),
		Form:      report, Form2: back, MaxFiles: inspection.MaxActionFiles}
	return s.Render(w, r, status, "inspection_action.html", p)
}

// inspectionActionOf reads the action of the path, {action} of the
// inspection {id}: an action of another inspection is not found.
func (s *Server) inspectionActionOf(r *http.Request) (*inspection.CorrectiveAction, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	aid, err := strconv.ParseInt(r.PathValue("action"), 10, 64)
	if err != nil || aid <= 0 {
		return nil, errActionNotFound()
	}
	a, err := s.Services.InspectionActions.FindActionByID(r.Context(), aid)
	if err != nil {
		return nil, err
	}
	if a.InspectionID != id {
		return nil, errActionNotFound()
	}
	return a, nil
}

func errActionNotFound() error {
	return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy biện pháp khắc phục.")
}

// actionPath is the path of an action's page.
func actionPath(a *inspection.CorrectiveAction) string {
	return "/inspections/" + strconv.FormatInt(a.InspectionID, 10) + "/actions/" + strconv.FormatInt(a.ID, 10)
}

func (s *Server) inspectionAction(w http.ResponseWriter, r *http.Request) error {
	a, err := s.inspectionActionOf(r)
	if err != nil {
		return err
	}
	return s.renderInspectionAction(w, r, http.StatusOK, a, NewForm(nil), NewForm(nil))
}

// actionNotSaved is the summary of an action form that failed.
const actionNotSaved = "Chưa lưu được, xin kiểm tra lại các ô được đánh dấu."

// stepFailed re-renders the action's page with the form's errors, or
// returns err when it is not about the form's fields.
func (s *Server) stepFailed(w http.ResponseWriter, r *http.Request, id int64, err error, report, back *Form) error {
	f := report
	if back != nil && back.Values.Has("reason") {
		f = back
	}
	if !f.SetError(err) {
		return err
	}
	f.Summarize(actionNotSaved)
	a, lerr := s.Services.InspectionActions.FindActionByID(r.Context(), id)
	if lerr != nil {
		return lerr
	}
	return s.renderInspectionAction(w, r, http.StatusBadRequest, a, report, back)
}

func (s *Server) reportInspectionAction(w http.ResponseWriter, r *http.Request) error {
	a, err := s.inspectionActionOf(r)
	if err != nil {
		return err
	}
	// Who may report is decided before the upload is read.
	if !inspection.CanReportAction(congvu.ActorFromContext(r.Context()), a.OwnerUnitPath) {
		return &congvu.Error{Code: congvu.EFORBIDDEN, Message: "Chỉ thủ trưởng " + a.OwnerUnitName + " mới được báo cáo kết quả thực hiện biện pháp khắc phục này."}
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return congvu.Errorf(congvu.EINVALID, "Không đọc được biểu mẫu gửi lên; xin thử lại.")
	}
	defer r.MultipartForm.RemoveAll()
	f := NewForm(url.Values(r.MultipartForm.Value))
	in := inspection.ReportInput{Note: f.Get("note")}
	for _, fh := range r.MultipartForm.File["tep"] {
		if fh.Filename == "" && fh.Size == 0 {
			continue // the empty file input of a form sent without a file
		}
		file, err := fh.Open()
		if err != nil {
			return err
		}
		defer file.Close()
		in.Files = append(in.Files, inspection.Upload{Name: fh.Filename, Body: file})
	}
	if _, err := s.Services.InspectionActions.ReportAction(r.Context(), a.ID, in); err != nil {
		return s.stepFailed(w, r, a.ID, err, f, NewForm(nil))
	}
	return s.Redirect(w, r, actionPath(a), "bao-cao-bien-phap")
}

func (s *Server) verifyInspectionAction(w http.ResponseWriter, r *http.Request) error {
	a, err := s.inspectionActionOf(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	if _, err := s.Services.InspectionActions.VerifyAction(r.Context(), a.ID, f.Get("note")); err != nil {
		return s.stepFailed(w, r, a.ID, err, f, NewForm(nil))
	}
	return s.Redirect(w, r, actionPath(a), "xac-nhan-bien-phap")
}

func (s *Server) returnInspectionAction(w http.ResponseWriter, r *http.Request) error {
	a, err := s.inspectionActionOf(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	if _, err := s.Services.InspectionActions.ReturnAction(r.Context(), a.ID, f.Get("reason")); err != nil {
		return s.stepFailed(w, r, a.ID, err, NewForm(nil), f)
	}
	return s.Redirect(w, r, actionPath(a), "tra-lai-bien-phap")
}

func (s *Server) inspectionActionFile(w http.ResponseWriter, r *http.Request) error {
	a, err := s.inspectionActionOf(r)
	if err != nil {
		return err
	}
	fid, err := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err != nil || fid <= 0 {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy tệp minh chứng.")
	}
	f, rc, err := s.Services.InspectionActions.OpenActionFile(r.Context(), a.ID, fid)
	if err != nil {
		return err
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Length", strconv.FormatInt(f.Size, 10))
	h.Set("Content-Disposition", `attachment; filename="`+f.FileName+`"`)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	io.Copy(w, rc) // an error here means the client went away
	return nil
}

// InspectionActionFormPage sets an action on an inspection.
type InspectionActionFormPage struct {
	Base
	Inspection *inspection.Inspection
	Form       *Form
	Units      []Option // the inspected unit and its subtree
}

func (s *Server) renderActionForm(w http.ResponseWriter, r *http.Request, status int, x *inspection.Inspection, f *Form) error {
	units, _, err := s.Services.Units.FindUnits(r.Context(), org.UnitFilter{UnderID: x.TargetUnitID, Limit: 500})
	if err != nil {
		return err
	}
	opts := []Option{{"", "— Chọn đơn vị —"}}
	for _, u := range units {
		opts = append(opts, Option{strconv.FormatInt(u.ID, 10), u.Name})
	}
	if len(units) == 0 { // the user may not list the target's subtree: the target itself
		opts = append(opts, Option{strconv.FormatInt(x.TargetUnitID, 10), x.TargetUnitName})
	}
	p := &InspectionActionFormPage{Base: Base{Title: "Giao biện pháp khắc phục",
		Crumbs: []Link{{Label: "Biện pháp khắc phục", Href: "/inspections/actions"}}}, Inspection: x, Form: f, Units: opts}
	return s.Render(w, r, status, "inspection_action_form.html", p)
}

// actionInspection loads the inspection of the path for those who set its
// actions (inspection.CanVerifyAction); EFORBIDDEN for others who see it.
func (s *Server) actionInspection(r *http.Request) (*inspection.Inspection, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	x, err := s.Services.Inspections.FindInspection(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !inspection.CanVerifyAction(congvu.ActorFromContext(r.Context()), x.Kind, x.UnitPath, x.LeadUserID) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Chỉ đoàn kiểm tra, thanh tra mới được giao biện pháp khắc phục.")
	}
	return x, nil
}

func (s *Server) newInspectionActionForm(w http.ResponseWriter, r *http.Request) error {
	x, err := s.actionInspection(r)
	if err != nil {
		return err
	}
	f := NewForm(nil)
	f.Set("owner_unit_id", strconv.FormatInt(x.TargetUnitID, 10))
	f.Set("days", "10")
	return s.renderActionForm(w, r, http.StatusOK, x, f)
}

func (s *Server) createInspectionAction(w http.ResponseWriter, r *http.Request) error {
	x, err := s.actionInspection(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := inspection.ActionInput{Text: f.Get("text"), OwnerUnitID: f.Int("owner_unit_id")}
	if d, err := strconv.Atoi(f.Get("days")); err == nil {
		in.Days = d
	} else {
		f.AddError("days", "Thời hạn phải là số ngày làm việc, ví dụ 10.")
	}
	if !f.Failed() {
		a, err := s.Services.InspectionActions.CreateAction(r.Context(), x.ID, in)
		if err == nil {
			return s.Redirect(w, r, actionPath(a), "giao-bien-phap")
		}
		if !f.SetError(err) {
			return err
		}
	}
	f.Summarize("Biện pháp chưa được giao, xin kiểm tra lại các ô được đánh dấu.")
	return s.renderActionForm(w, r, http.StatusBadRequest, x, f)
}
