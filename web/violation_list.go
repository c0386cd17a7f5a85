package web

import (
	"net/http"
	"strconv"
	"strings"

	"congvu"
	"congvu/org"
	"congvu/violation"
)

// The staff violation pages: the list with its filters (this file),
// opening a violation from evidence (violation_new.go), one violation with
// the forms of its handling (violation_detail.go), and the official's own
// page (violation_mine.go). The service checks every right, audits every
// reading and decides what the official concerned sees; the pages only
// hide the forms an actor could not use.

// Query parameters of the violations list (the unit code is UnitParam).
const (
	violationStatusParam   = "trang-thai"
	violationItemParam     = "chuan-muc"
	violationOfficialParam = "can-bo" // an employee code
	violationFromParam     = "tu"
	violationToParam       = "den"
	violationsPageSize     = 50
)

func init() {
	FlashMessages["vp-da-mo"] = "Đã mở vụ vi phạm. Bước tiếp theo: xử lý từng cán bộ (nhắc nhở, phê bình, chấn chỉnh) hoặc đề nghị xem xét kỷ luật."
	FlashMessages["vp-da-them-bang-chung"] = "Đã thêm bằng chứng."
	FlashMessages["vp-da-xu-ly"] = "Đã ghi nhận việc xử lý; cán bộ sẽ thấy và xác nhận trên trang “Vi phạm của tôi”."
	FlashMessages["vp-khong-ap-dung"] = "Đã ghi nhận không áp dụng biện pháp với cán bộ này."
	FlashMessages["vp-da-dong"] = "Đã đóng vụ việc: không đủ căn cứ xử lý."
	FlashMessages["vp-da-xac-nhan"] = "Đã ghi nhận anh/chị đã biết việc xử lý."
}

func (s *Server) violationRoutes() []Route {
	view, open, handle := Need(congvu.ActViolationView), Need(congvu.ActViolationOpen), Need(congvu.ActViolationHandle)
	return []Route{
		{Method: "GET", Pattern: "/violations", Access: view, Handler: s.violations},
		{Method: "GET", Pattern: "/violations/new", Access: open, Handler: s.newViolationForm},
		{Method: "POST", Pattern: "/violations/new", Access: open, Handler: s.createViolation},
		{Method: "GET", Pattern: "/violations/mine", Access: SignedIn, Handler: s.myViolations},
		{Method: "POST", Pattern: "/violations/mine/acknowledge", Access: SignedIn, Handler: s.acknowledgeHandling},
		{Method: "GET", Pattern: "/violations/{id}", Access: view, Handler: s.violation},
		{Method: "POST", Pattern: "/violations/{id}/evidence", Access: open, Handler: s.addViolationEvidence},
		{Method: "POST", Pattern: "/violations/{id}/handlings", Access: handle, Handler: s.handleViolation},
		{Method: "POST", Pattern: "/violations/{id}/no-action", Access: handle, Handler: s.violationNoAction},
		{Method: "POST", Pattern: "/violations/{id}/dismiss", Access: handle, Handler: s.dismissViolation},
	}
}

func violationHref(id int64) string { return "/violations/" + strconv.FormatInt(id, 10) }

// ViolationsPage is the list of violations.
type ViolationsPage struct {
	Base
	Form     *Form
	Statuses []Option
	Unit     *org.Unit
	Official *org.Official
	Rows     []*violation.Violation
	Pager    Pager
	Filtered bool
	CanOpen  bool
}

func violationStatusOptions() []Option {
	out := []Option{{"", "Tất cả"}}
	for _, st := range violation.Statuses {
		out = append(out, Option{string(st), st.Label()})
	}
	return out
}

// violationFilter reads the list filters; bad values are recorded in f.
func (s *Server) violationFilter(r *http.Request, f *Form) (violation.Filter, *org.Unit, *org.Official, error) {
	filter := violation.Filter{Query: f.Get("q")}
	if st := violation.Status(f.Get(violationStatusParam)); st != "" {
		if st.Valid() {
			filter.Status = st
		} else {
			f.AddError(violationStatusParam, "Xin chọn một trạng thái trong danh sách.")
		}
	}
	if v := f.Get(violationItemParam); v != "" {
		codes, bad := parseItemCodes([]string{v})
		if bad != "" || len(codes) != 1 {
			f.AddError(violationItemParam, "Xin nhập một mã chuẩn mực, ví dụ GT-XC.")
		} else {
			filter.ItemCode = codes[0]
		}
	}
	from, to := dashboardDays(f, violationFromParam, violationToParam)
	filter.From = from
	if !to.IsZero() {
		filter.To = to.AddDate(0, 0, -1) // both days included
	}
	unit, err := s.filterUnit(r, f, UnitParam)
	if err != nil {
		return filter, nil, nil, err
	}
	if unit != nil {
		filter.UnitID = unit.ID
	}
	var official *org.Official
	if code := f.Get(violationOfficialParam); code != "" {
		list, _, err := s.Services.Officials.FindOfficials(r.Context(), org.OfficialFilter{Query: code, IncludeRetired: true, Limit: 5})
		if err != nil && congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			return filter, nil, nil, err
		}
		for _, o := range list {
			if o.EmployeeCode == code {
				official = o
			}
		}
		if official == nil {
			f.AddError(violationOfficialParam, "Không tìm thấy cán bộ có mã “"+truncateRunes(code, 32)+"” trong phạm vi của bạn.")
		} else {
			filter.OfficialID = official.ID
		}
	}
	return filter, unit, official, nil
}

func (s *Server) violations(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	f := NewForm(r.URL.Query())
	p := &ViolationsPage{Base: Base{Title: "Vi phạm và xử lý vi phạm"}, Form: f, Statuses: violationStatusOptions(),
		CanOpen: a.Can(congvu.ActViolationOpen, "")}
	filter, unit, official, err := s.violationFilter(r, f)
	if err != nil {
		return err
	}
	p.Unit, p.Official = unit, official
	p.Filtered = len(petitionFilterQuery(r.URL.Query())) > 0
	if f.Failed() {
		f.Message = "Bộ lọc chưa hợp lệ, xin kiểm tra lại các ô được đánh dấu."
		p.Pager = NewPager(r, 0, violationsPageSize)
		return s.Render(w, r, http.StatusBadRequest, "violation_list.html", p)
	}
	filter.Limit, filter.Offset = violationsPageSize, PageOffset(r, violationsPageSize)
	list, total, err := s.Services.Violations.FindViolations(ctx, filter)
	if err != nil {
		return err
	}
	p.Rows = list
	// The total is exact below violation.CountBound; at the bound it only
	// says "more than" what was counted, and the pages go on.
	if bound := violation.CountBound(filter); total < bound {
		p.Pager = NewPager(r, total, violationsPageSize)
	} else {
		p.Pager = NewPager(r, bound, violationsPageSize)
		p.Pager.Total, p.Pager.More = bound-1, true
	}
	return s.Render(w, r, http.StatusOK, "violation_list.html", p)
}

// ItemsText lists the codes of a violation's items.
func (p *ViolationsPage) ItemsText(v *violation.Violation) string { return joinCodes(v.ItemCodes) }

func joinCodes(codes []string) string { return strings.Join(codes, ", ") }

// violationID reads the {id} of the path (ENOTFOUND when not a number).
func violationID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy vụ vi phạm.")
	}
	return id, nil
}
