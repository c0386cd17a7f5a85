package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/export"
	"congvu/org"
	"congvu/petition"
)

// The staff petition pages: the list with its filters and export, one
// petition with its history, and its handling (workflow steps, replies to
// the reporter checked for courtesy, internal notes, reading the reporter's
// identity). The service checks every right; the pages only hide the forms
// an actor could not use.

func init() {
	FlashMessages["pa-da-thu-ly"] = "Đã ghi nhận quyết định thụ lý (tố cáo, khiếu nại) hoặc tiếp nhận xử lý (phản ánh), với loại đơn đã xác nhận."
	FlashMessages["pa-da-gia-han"] = "Đã gia hạn giải quyết; người gửi đơn xem được quyết định gia hạn và hạn mới khi tra cứu."
	FlashMessages["pa-da-tam-dinh-chi"] = "Đã tạm đình chỉ giải quyết; thời hạn ngừng tính cho đến khi tiếp tục."
	FlashMessages["pa-da-tiep-tuc"] = "Đã tiếp tục giải quyết; hạn mới đã cộng thời gian tạm đình chỉ."
	FlashMessages["pa-da-chuyen-to-tung"] = "Đã chuyển đơn đến cơ quan tiến hành tố tụng có thẩm quyền."
	FlashMessages["pa-khong-thu-ly"] = "Đã ghi nhận không thụ lý phản ánh; người phản ánh xem được lý do khi tra cứu."
	FlashMessages["pa-da-giao"] = "Đã giao phản ánh cho đơn vị xử lý; đơn vị đã được báo qua thư điện tử."
	FlashMessages["pa-da-chuyen"] = "Đã chuyển phản ánh sang đơn vị khác; đơn vị đã được báo qua thư điện tử."
	FlashMessages["pa-dang-xac-minh"] = "Đã bắt đầu xác minh phản ánh."
	FlashMessages["pa-da-ket-luan"] = "Đã ghi kết luận. Xin trả lời người phản ánh trước khi đóng."
	FlashMessages["pa-da-dong"] = "Đã đóng phản ánh."
	FlashMessages["pa-da-tra-loi"] = "Đã gửi trả lời; người phản ánh xem được khi tra cứu bằng mã phản ánh."
	FlashMessages["pa-da-ghi-chu"] = "Đã thêm ghi chú nội bộ."
}

// petitionStepFlash is the confirmation of each step.
var petitionStepFlash = map[petition.Step]string{
	petition.StepAccept: "pa-da-thu-ly", petition.StepReject: "pa-khong-thu-ly", petition.StepAssign: "pa-da-giao",
	petition.StepTransfer: "pa-da-chuyen", petition.StepVerify: "pa-dang-xac-minh", petition.StepConclude: "pa-da-ket-luan",
	petition.StepClose: "pa-da-dong", petition.StepExtend: "pa-da-gia-han", petition.StepSuspend: "pa-da-tam-dinh-chi",
	petition.StepResume: "pa-da-tiep-tuc", petition.StepRefer: "pa-da-chuyen-to-tung",
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

// Query parameters of the work filters, which the staff home links to.
const (
	petitionOpenParam     = "dang-xu-ly"  // neither closed nor rejected
	petitionDueSoonParam  = "sap-den-han" // due within petition.DueSoonWithin
	petitionHandlingParam = "cua-toi"     // the actor may act on them
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
	Unit       *org.Unit     // the unit filter, when set
	Official   *org.Official // the official filter, when set
	Rows       []StaffPetitionRow
	Pager      Pager
	Filtered   bool
	Overdue    int    // overdue petitions matching the filter, -1 when not counted
	More       bool   // more than Pager.Total match
	MoreLate   bool   // more than petition.MaxCount of them overdue
	Export     string // the query of the export links
	CanHandle  bool   // the actor handles petitions (the "to handle" filter)
}

func petitionStatusOptions() []Option {
	out := []Option{{"", "Tất cả"}}
	for _, st := range petition.Statuses {
		out = append(out, Option{string(st), st.AnyKindLabel()})
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
func (s *Server) petitionFilter(r *http.Request, f *Form) (petition.Filter, *org.Unit, *org.Official, error) {
	filter := petition.Filter{Query: f.Get("q"), Overdue: f.Checked(petitionOverdueParam), Escalated: f.Checked(petitionEscalatedParam)}
	filter.Open, filter.DueSoon, filter.Handling = f.Checked(petitionOpenParam), f.Checked(petitionDueSoonParam), f.Checked(petitionHandlingParam)
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
			t, ok := ParseDate(v)
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
	unit, err := s.filterUnit(r, f, UnitParam)
	if err != nil {
		return filter, nil, nil, err
	}
	if unit != nil {
		filter.UnitID = unit.ID
	}
	var official *org.Official
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
func (s *Server) officialByIDOrCode(r *http.Request, v string) (*org.Official, error) {
	notFound := congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy cán bộ có mã “%s” trong phạm vi của bạn.", v)
	svc := s.Services.Officials
	if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
		o, err := svc.FindOfficialByID(r.Context(), id)
		if err == nil || congvu.ErrorCode(err) != congvu.ENOTFOUND {
			return o, err
		}
	}
	list, _, err := svc.FindOfficials(r.Context(), org.OfficialFilter{Query: v, IncludeRetired: true, Limit: 20})
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
	p.CanHandle = congvu.ActorFromContext(ctx).Can(congvu.ActPetitionHandle, "")
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
		return s.Render(w, r, http.StatusBadRequest, "petition_list.html", p)
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
	// The total is exact below petition.CountBound; at the bound it
	// only says "more than" what was counted, and the pages go on.
	if bound := petition.CountBound(filter); total < bound {
		p.Pager = NewPager(r, total, petitionsPageSize)
	} else {
		p.Pager = NewPager(r, bound, petitionsPageSize)
		p.Pager.Total, p.Pager.More, p.More = bound-1, true, true
	}
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
	return s.Render(w, r, http.StatusOK, "petition_list.html", p)
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
		p.HandlerName, p.Status.LabelFor(p.Kind), due, late, p.EscalatedTo != 0, conclusion, strings.Join(p.BreachedItems, ", "), closed}
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
	return writeTables(w, format, "phan-anh-"+now.In(congvu.TimeZone).Format("20060102-1504")+"."+format, []export.Table{t})
}
