package web

import (
	"bytes"
	"congvu/conduct"
	"congvu/org"
	"errors"
	"fmt"
	"hash/maphash"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"congvu"
)

func init() {
	FlashMessages["tao-can-bo"] = "Đã thêm cán bộ."
	FlashMessages["luu-can-bo"] = "Đã lưu thay đổi của hồ sơ cán bộ."
	FlashMessages["cap-lai-the"] = "Đã cấp lại thẻ. Mã thẻ cũ không còn dùng được; xin in thẻ mới cho cán bộ."
	FlashMessages["ngung-can-bo"] = "Đã chuyển cán bộ sang trạng thái ngừng công tác."
	FlashMessages["kich-hoat-can-bo"] = "Đã kích hoạt lại hồ sơ cán bộ."
}

// Query parameters of the officials list.
const (
	officialUnitParam     = "unit"    // unit id (links from unit pages)
	officialSubtreeParam  = "gom"     // include sub-units
	officialCategoryParam = "loai"    // category
	officialRetiredParam  = "ca-nghi" // include deactivated officials
	officialsPageSize     = 50
	maxOfficialCSVBytes   = 20 << 20
)

// officialRoutes are the official pages (see routeTable).
func (s *Server) officialRoutes() []Route {
	view, manage := Need(congvu.ActOfficialView), Need(congvu.ActOfficialManage)
	return []Route{
		{Method: "GET", Pattern: "/officials", Access: view, Handler: s.officials},
		{Method: "GET", Pattern: "/officials/new", Access: manage, Handler: s.newOfficialForm},
		{Method: "POST", Pattern: "/officials/new", Access: manage, Handler: s.createOfficial},
		{Method: "GET", Pattern: "/officials/import", Access: manage, Handler: s.officialImportForm},
		{Method: "POST", Pattern: "/officials/import", Access: manage, Handler: s.importOfficials, Upload: true},
		{Method: "GET", Pattern: "/officials/import/template.csv", Access: manage, Handler: s.officialCSVTemplate},
		// An official may open their own record; the service decides.
		{Method: "GET", Pattern: "/officials/{id}", Access: SignedIn, Handler: s.official},
		{Method: "GET", Pattern: "/officials/{id}/edit", Access: manage, Handler: s.editOfficialForm},
		{Method: "POST", Pattern: "/officials/{id}/edit", Access: manage, Handler: s.updateOfficial},
		{Method: "POST", Pattern: "/officials/{id}/badge", Access: manage, Handler: s.reissueBadge},
		{Method: "POST", Pattern: "/officials/{id}/deactivate", Access: manage, Handler: s.deactivateOfficial},
		{Method: "POST", Pattern: "/officials/{id}/activate", Access: manage, Handler: s.activateOfficial},
	}
}

func officialHref(o *org.Official) string { return "/officials/" + strconv.FormatInt(o.ID, 10) }

// categoryOptions lists the categories for a select.
func categoryOptions(first string) []Option {
	out := []Option{{"", first}}
	for _, c := range org.Categories {
		out = append(out, Option{string(c), c.Label()})
	}
	return out
}

// OfficialsPage is the searchable list of officials.
type OfficialsPage struct {
	Base
	Form       *Form
	Categories []Option
	Unit       *org.Unit // the unit filter, when set
	Officials  []*org.Official
	Pager      Pager
	Filtered   bool
	CanManage  bool
}

// Rows is the body of the officials table, written by officialRows.
func (p *OfficialsPage) Rows() template.HTML { return officialRows(p.Officials) }

// officialRows writes the rows of the officials table, the markup that the
// template's range loop wrote, every value escaped as html/template escapes
// text (TestOfficialRowsMatchTemplate compares them byte for byte). Ten
// reflective template calls per row were two thirds of the page's
// rendering.
func officialRows(list []*org.Official) template.HTML {
	var b strings.Builder
	b.Grow(len(list) * 560)
	for _, o := range list {
		b.WriteString("<tr")
		if !o.Active {
			b.WriteString(` class="row-muted"`)
		}
		b.WriteString(">\n    <td><a href=\"/officials/")
		b.WriteString(strconv.FormatInt(o.ID, 10))
		b.WriteString(`">`)
		htmlText.WriteString(&b, o.FullName)
		b.WriteString("</a></td>\n    <td><span class=\"code\">")
		htmlText.WriteString(&b, o.EmployeeCode)
		b.WriteString("</span></td>\n    <td class=\"opt\">")
		htmlText.WriteString(&b, o.Category.Label())
		b.WriteString("</td>\n    <td>")
		htmlText.WriteString(&b, o.Position)
		b.WriteString("</td>\n    <td>")
		if o.IsLeader {
			b.WriteString(`<span class="tag tag-gold">Lãnh đạo</span>`)
		} else {
			b.WriteString(`<span class="visually-hidden">Không</span>`)
		}
		b.WriteString("</td>\n    <td><a href=\"/units/")
		b.WriteString(strconv.FormatInt(o.UnitID, 10))
		b.WriteString(`">`)
		htmlText.WriteString(&b, o.UnitName)
		b.WriteString("</a></td>\n    <td>")
		if o.Active {
			b.WriteString(`<span class="tag tag-ok">Đang công tác</span>`)
		} else {
			b.WriteString(`<span class="tag tag-muted">Đã nghỉ</span>`)
		}
		b.WriteString("</td>\n  </tr>")
	}
	return template.HTML(b.String())
}

// htmlText escapes text as html/template does in text and quoted
// attributes (its htmlEscaper: NUL, quotes, &, +, < and >).
var htmlText = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

func (s *Server) officials(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Officials
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	f := NewForm(r.URL.Query())
	p := &OfficialsPage{Base: Base{Title: "Cán bộ, công chức, viên chức"}, Form: f, Categories: categoryOptions("Tất cả"),
		CanManage: a.Can(congvu.ActOfficialManage, "")}
	filter := org.OfficialFilter{Query: f.Get("q"), IncludeRetired: f.Checked(officialRetiredParam),
		Limit: officialsPageSize, Offset: PageOffset(r, officialsPageSize)}
	if c := org.Category(f.Get(officialCategoryParam)); c != "" {
		if c.Valid() {
			filter.Category = c
		} else {
			f.AddError(officialCategoryParam, "Loại cán bộ không hợp lệ.")
		}
	}
	switch {
	case f.Get(UnitParam) != "":
		u, err := s.unitByCode(r, f.Get(UnitParam))
		if err != nil {
			if congvu.ErrorCode(err) != congvu.ENOTFOUND {
				return err
			}
			f.AddError(UnitParam, congvu.ErrorMessage(err))
		} else {
			p.Unit = u
		}
	case f.Get(officialUnitParam) != "":
		id := f.Int(officialUnitParam)
		if id <= 0 {
			return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy đơn vị.")
		}
		u, err := s.Services.Units.FindUnitByID(ctx, id)
		if err != nil {
			return err
		}
		p.Unit = u
		f.Set(UnitParam, u.Code)
	}
	if p.Unit != nil {
		filter.UnitID = p.Unit.ID
		filter.DirectOnly = !f.Checked(officialSubtreeParam)
		p.Title = "Cán bộ của " + p.Unit.Name
		p.Crumbs = []Link{{"Cán bộ", "/officials"}}
	}
	p.Filtered = filter.Query != "" || filter.Category != "" || p.Unit != nil || filter.IncludeRetired
	if f.Failed() {
		f.Message = "Bộ lọc chưa hợp lệ, xin kiểm tra lại các ô được đánh dấu."
		p.Pager = NewPager(r, 0, officialsPageSize)
		return s.Render(w, r, http.StatusBadRequest, "official_list.html", p)
	}
	list, total, err := svc.FindOfficials(ctx, filter)
	if err != nil {
		return err
	}
	p.Officials = list
	p.Pager = NewPager(r, total, officialsPageSize)
	key := officialsPageKey(a, r, p.Unit, list, total)
	body, ok := s.officialPages.get(key)
	if !ok {
		if body, err = s.renderPage(r, "official_list.html", p); err != nil {
			return err
		}
		s.officialPages.put(key, body)
	}
	s.writePage(w, r, http.StatusOK, body)
	return nil
}

// officialsPageKey names a rendered officials list by everything it is
// made of: the reader (the layout shows their name and the menu their
// grants allow; the page, whether they may manage), the address (filters,
// page, flash) and a hash of the officials, their number and the unit
// filtered on, as FindOfficials gave them to this reader. The same key
// renders the same bytes, so a kept page is neither stale (but for a
// 64-bit hash collision between two states of one reader's page) nor
// another user's.
func officialsPageKey(a *congvu.Actor, r *http.Request, u *org.Unit, list []*org.Official, total int) pageKey {
	k := pageKey{url: r.URL.RequestURI()}
	var b strings.Builder
	if !a.IsAnonymous() {
		k.user = a.UserID
		fmt.Fprintf(&b, "%s\x00%s\x00%d", a.Username, a.FullName, a.OfficialID)
		for _, g := range a.Grants {
			fmt.Fprintf(&b, "\x00%s@%s", g.Role, g.UnitPath)
		}
	}
	k.actor = b.String()
	var h maphash.Hash
	h.SetSeed(pageSeed)
	num := func(n int64) { maphash.WriteComparable(&h, n) }
	str := func(s string) { h.WriteString(s); h.WriteByte(0) }
	num(int64(total))
	if u != nil {
		num(u.ID)
		str(u.Name)
		str(u.Code)
	}
	for _, o := range list {
		num(o.ID)
		num(o.UnitID)
		str(o.UnitName)
		str(o.EmployeeCode)
		str(o.FullName)
		str(string(o.Category))
		str(o.Position)
		maphash.WriteComparable(&h, [2]bool{o.IsLeader, o.Active})
	}
	k.data = h.Sum64()
	return k
}

// OfficialPage is an official's record.
type OfficialPage struct {
	Base
	Official  *org.Official
	Unit      *org.Unit // nil when the actor may not open the unit
	CanManage bool
	Form      *Form // the badge confirmation
	// Conduct is the official's year of discipline and commendations, for
	// the official themself and the staff who may read their violations;
	// nil for anyone else.
	Conduct *conduct.Year
	// ConductOwn: the reader is the official (links to their own record);
	// ConductYears are the other years offered.
	ConductOwn   bool
	ConductYears []int
}

func (s *Server) officialPage(r *http.Request, id int64, f *Form) (*OfficialPage, error) {
	svc := s.Services.Officials
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	o, err := svc.FindOfficialByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if f == nil {
		f = NewForm(nil)
	}
	p := &OfficialPage{Base: Base{Title: o.FullName}, Official: o, Form: f, CanManage: a.Can(congvu.ActOfficialManage, o.UnitPath)}
	if !p.CanManage {
		o.BadgeToken = "" // for printing badges: staff who manage only
	}
	if a.Can(congvu.ActOfficialView, "") {
		p.Crumbs = append(p.Crumbs, Link{"Cán bộ", "/officials"})
	}
	if a.Can(congvu.ActUnitView, o.UnitPath) {
		if u, err := s.Services.Units.FindUnitByID(ctx, o.UnitID); err == nil {
			p.Unit = u
			if a.Can(congvu.ActOfficialView, u.Path) {
				p.Crumbs = append(p.Crumbs, Link{u.Name, "/officials?" + officialUnitParam + "=" + strconv.FormatInt(u.ID, 10)})
			}
		} else if congvu.ErrorCode(err) != congvu.ENOTFOUND {
			return nil, err
		}
	}
	if a.OfficialID == o.ID || a.Can(congvu.ActViolationView, o.UnitPath) {
		year := time.Now().In(congvu.TimeZone).Year()
		if n, err := strconv.Atoi(r.URL.Query().Get("nam")); err == nil && n >= 2000 && n <= year {
			year = n
		}
		if p.Conduct, err = s.Services.Conduct.Year(ctx, o.ID, year); err != nil {
			return nil, err
		}
		p.ConductOwn = a.OfficialID == o.ID
		for y := time.Now().In(congvu.TimeZone).Year(); y >= 2025 && len(p.ConductYears) < 3; y-- {
			if y != year {
				p.ConductYears = append(p.ConductYears, y)
			}
		}
	}
	return p, nil
}

func (s *Server) official(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.officialPage(r, id, nil)
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusOK, "official_detail.html", p)
}

func (s *Server) reissueBadge(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	if !f.Checked("confirm") {
		f.AddError("confirm", "Xin đánh dấu ô xác nhận trước khi cấp lại thẻ.")
		f.Message = "Chưa cấp lại thẻ."
		p, err := s.officialPage(r, id, f)
		if err != nil {
			return err
		}
		return s.Render(w, r, http.StatusBadRequest, "official_detail.html", p)
	}
	if _, err := s.Services.Officials.ReissueBadge(r.Context(), id); err != nil {
		return err
	}
	return s.Redirect(w, r, "/officials/"+strconv.FormatInt(id, 10), "cap-lai-the")
}

func (s *Server) deactivateOfficial(w http.ResponseWriter, r *http.Request) error {
	return s.setOfficialActive(w, r, false)
}

func (s *Server) activateOfficial(w http.ResponseWriter, r *http.Request) error {
	return s.setOfficialActive(w, r, true)
}

func (s *Server) setOfficialActive(w http.ResponseWriter, r *http.Request, active bool) error {
	svc := s.Services.Officials
	id, err := pathID(r)
	if err != nil {
		return err
	}
	o, err := svc.SetOfficialActive(r.Context(), id, active)
	if err != nil {
		return err
	}
	flash := "ngung-can-bo"
	if active {
		flash = "kich-hoat-can-bo"
	}
	return s.Redirect(w, r, officialHref(o), flash)
}

// OfficialFormPage creates or edits an official.
type OfficialFormPage struct {
	Base
	IsNew      bool
	Official   *org.Official
	Unit       *org.Unit // the unit named in the form, when found
	Form       *Form
	Categories []Option
}

func (s *Server) officialFormPage(o *org.Official, f *Form) *OfficialFormPage {
	p := &OfficialFormPage{IsNew: o == nil, Official: o, Form: f, Categories: categoryOptions("— Chọn loại —")}
	p.Crumbs = []Link{{"Cán bộ", "/officials"}}
	if o == nil {
		p.Title = "Thêm cán bộ"
	} else {
		p.Title = "Sửa hồ sơ " + o.FullName
		p.Crumbs = append(p.Crumbs, Link{o.FullName, officialHref(o)})
	}
	return p
}

func (s *Server) newOfficialForm(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(nil)
	f.Set("category", string(org.CategoryCivilServant))
	if id, _ := strconv.ParseInt(r.URL.Query().Get(officialUnitParam), 10, 64); id > 0 {
		u, err := s.Services.Units.FindUnitByID(r.Context(), id)
		if err != nil {
			return err
		}
		f.Set("unit_code", u.Code)
	}
	return s.Render(w, r, http.StatusOK, "official_form.html", s.officialFormPage(nil, f))
}

// officialFieldNames maps service field names to the form's.
var officialFieldNames = map[string]string{"unit_id": "unit_code"}

// readOfficialForm turns the posted form into an OfficialInput, resolving
// the unit code; a unit that cannot be found is recorded in f.
func (s *Server) readOfficialForm(r *http.Request, f *Form) (org.OfficialInput, *org.Unit, error) {
	in := org.OfficialInput{
		EmployeeCode: f.Get("employee_code"),
		FullName:     f.Get("full_name"),
		Category:     org.Category(f.Get("category")),
		Position:     f.Get("position"),
		IsLeader:     f.Checked("is_leader"),
		Email:        f.Get("email"),
		Phone:        f.Get("phone"),
	}
	code := f.Get("unit_code")
	if code == "" {
		f.AddError("unit_code", "Xin nhập mã đơn vị công tác.")
		return in, nil, nil
	}
	u, err := s.unitByCode(r, code)
	if err != nil {
		if congvu.ErrorCode(err) != congvu.ENOTFOUND {
			return in, nil, err
		}
		f.AddError("unit_code", congvu.ErrorMessage(err))
		return in, nil, nil
	}
	in.UnitID = u.ID
	return in, u, nil
}

// saveOfficial creates (id 0) or updates an official from the posted form.
func (s *Server) saveOfficial(w http.ResponseWriter, r *http.Request, old *org.Official) error {
	svc := s.Services.Officials
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in, unit, err := s.readOfficialForm(r, f)
	if err != nil {
		return err
	}
	if in.UnitID != 0 {
		var o *org.Official
		if old == nil {
			o, err = svc.CreateOfficial(r.Context(), in)
		} else {
			o, err = svc.UpdateOfficial(r.Context(), old.ID, in)
		}
		switch {
		case err == nil:
			flash := "luu-can-bo"
			if old == nil {
				flash = "tao-can-bo"
			}
			return s.Redirect(w, r, officialHref(o), flash)
		case congvu.ErrorCode(err) == congvu.EFORBIDDEN && unit != nil:
			f.AddError("unit_code", fmt.Sprintf("Bạn không có quyền quản lý cán bộ của %s.", unit.Name))
		case !f.SetError(congvu.RenameFields(err, officialFieldNames)):
			return err
		}
	}
	p := s.officialFormPage(old, f)
	p.Unit = unit
	f.Summarize("Chưa lưu được, xin kiểm tra lại các ô được đánh dấu.")
	return s.Render(w, r, http.StatusBadRequest, "official_form.html", p)
}

func (s *Server) createOfficial(w http.ResponseWriter, r *http.Request) error {
	return s.saveOfficial(w, r, nil)
}

func (s *Server) editOfficialForm(w http.ResponseWriter, r *http.Request) error {
	o, err := s.manageableOfficial(r)
	if err != nil {
		return err
	}
	f := NewForm(nil)
	f.Set("employee_code", o.EmployeeCode)
	f.Set("full_name", o.FullName)
	f.Set("category", string(o.Category))
	f.Set("position", o.Position)
	if o.IsLeader {
		f.Set("is_leader", "on")
	}
	f.Set("email", o.Email)
	f.Set("phone", o.Phone)
	if s.Services.Units != nil {
		if u, err := s.Services.Units.FindUnitByID(r.Context(), o.UnitID); err == nil {
			f.Set("unit_code", u.Code)
		}
	}
	return s.Render(w, r, http.StatusOK, "official_form.html", s.officialFormPage(o, f))
}

// manageableOfficial loads the official of the path and checks the actor
// may manage them.
func (s *Server) manageableOfficial(r *http.Request) (*org.Official, error) {
	svc := s.Services.Officials
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	o, err := svc.FindOfficialByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !congvu.ActorFromContext(r.Context()).Can(congvu.ActOfficialManage, o.UnitPath) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền sửa hồ sơ của cán bộ này.")
	}
	return o, nil
}

func (s *Server) updateOfficial(w http.ResponseWriter, r *http.Request) error {
	o, err := s.manageableOfficial(r)
	if err != nil {
		return err
	}
	return s.saveOfficial(w, r, o)
}

// CSVColumn explains one column of the officials CSV file.
type CSVColumn struct {
	Name     string
	Required bool
	Meaning  string
	Example  string
}

// officialCSVHelp explains congvu.OfficialCSVColumns, in their order.
var officialCSVHelp = map[string]CSVColumn{
	"ma_don_vi":  {Required: true, Meaning: "Mã đơn vị nơi cán bộ công tác (đơn vị phải đang hoạt động và thuộc phạm vi của bạn).", Example: "34.SNV"},
	"ma_can_bo":  {Required: true, Meaning: "Mã cán bộ, duy nhất trên toàn quốc. Mã đã có thì hồ sơ đó được cập nhật.", Example: "TB-000123"},
	"ho_ten":     {Required: true, Meaning: "Họ và tên, viết có dấu.", Example: "Nguyễn Thị Thu Hà"},
	"loai":       {Required: true, Meaning: "Cán bộ, Công chức, Viên chức hoặc Người lao động (có dấu hay không dấu đều được).", Example: "Công chức"},
	"chuc_vu":    {Meaning: "Chức vụ, chức danh.", Example: "Chuyên viên chính"},
	"lanh_dao":   {Meaning: "Giữ chức vụ lãnh đạo: có hoặc không (cũng nhận 1/0, x, để trống là không).", Example: "không"},
	"email":      {Meaning: "Thư điện tử công vụ.", Example: "ha.ntt@thaibinh.gov.vn"},
	"dien_thoai": {Meaning: "Số điện thoại: chữ số, khoảng trắng, dấu + ở đầu.", Example: "0227 3831 234"},
}

// officialCSVExample is the example file: the header and two rows.
func officialCSVExample() string {
	return strings.Join(org.OfficialCSVColumns, ",") + "\n" +
		"34.SNV,TB-000123,Nguyễn Thị Thu Hà,Công chức,Chuyên viên chính,không,ha.ntt@thaibinh.gov.vn,0227 3831 234\n" +
		"34.SNV,TB-000124,Trần Văn Minh,Công chức,Giám đốc,có,,\n"
}

// OfficialImportPage uploads an officials CSV file.
type OfficialImportPage struct {
	Base
	Form     *Form
	Columns  []CSVColumn
	Example  string
	FileName string
	Rejected []org.RowError    // every bad row of a rejected file
	Result   *org.ImportResult // counts of a saved file
}

func (s *Server) officialImportPage(f *Form) *OfficialImportPage {
	p := &OfficialImportPage{Base: Base{Title: "Nhập danh sách cán bộ từ tệp CSV", Crumbs: []Link{{"Cán bộ", "/officials"}}},
		Form: f, Example: officialCSVExample()}
	for _, c := range org.OfficialCSVColumns {
		col := officialCSVHelp[c]
		col.Name = c
		p.Columns = append(p.Columns, col)
	}
	return p
}

func (s *Server) officialImportForm(w http.ResponseWriter, r *http.Request) error {
	return s.Render(w, r, http.StatusOK, "official_import.html", s.officialImportPage(NewForm(nil)))
}

func (s *Server) importOfficials(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Officials
	up, err := readUpload(r, maxOfficialCSVBytes)
	if err != nil {
		return err
	}
	f := NewForm(up.Values)
	p := s.officialImportPage(f)
	data := up.Files["file"]
	p.FileName = up.Names["file"]
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		f.AddError("file", "Xin chọn tệp CSV danh sách cán bộ để nhập.")
	case up.TooBig["file"]:
		f.AddError("file", fmt.Sprintf("Tệp quá lớn (tối đa %d MB). Xin chia thành nhiều tệp nhỏ hơn.", maxOfficialCSVBytes>>20))
	}
	if !f.Failed() {
		res, err := svc.ImportOfficialsCSV(r.Context(), bytes.NewReader(data))
		var rowsErr *org.CSVImportError
		switch {
		case err == nil:
			p.Result = res
			return s.Render(w, r, http.StatusOK, "official_import.html", p)
		case errors.As(err, &rowsErr):
			p.Rejected = rowsErr.Rows
			f.Message = congvu.ErrorMessage(err)
			if congvu.ErrorCode(err) == congvu.EINTERNAL {
				f.Message = fmt.Sprintf("Tệp có %d dòng không hợp lệ; chưa dòng nào được lưu.", len(rowsErr.Rows))
			}
		case !f.SetError(congvu.RenameFields(err, map[string]string{"file": "file"})):
			return err
		}
	}
	if f.Message == "" {
		f.Message = "Chưa nhập được; không có dòng nào được lưu."
	}
	return s.Render(w, r, http.StatusBadRequest, "official_import.html", p)
}

func (s *Server) officialCSVTemplate(w http.ResponseWriter, r *http.Request) error {
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="mau-danh-sach-can-bo.csv"`)
	h.Set("Cache-Control", "no-store")
	// The byte order mark makes Excel read the file as UTF-8.
	_, err := w.Write([]byte("\xEF\xBB\xBF" + officialCSVExample()))
	if err != nil {
		return nil // the client went away
	}
	return nil
}
