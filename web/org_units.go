package web

import (
	"bytes"
	"congvu/org"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"congvu"
)

func init() {
	FlashMessages["tao-don-vi"] = "Đã tạo đơn vị."
	FlashMessages["luu-don-vi"] = "Đã lưu thay đổi của đơn vị."
}

// Query parameters of the unit pages.
const (
	unitParentParam = "parent"      // browse the children of this unit id
	unitKindParam   = "loai"        // kind filter
	unitClosedParam = "ca-giai-the" // include dissolved units
	unitsPageSize   = 50
	// unitChildrenShown is how many sub-units the unit page lists before
	// linking to the tree browser.
	unitChildrenShown = 30
	// unitOfficialsShown is how many officials the unit page lists.
	unitOfficialsShown = 20
)

// unitRoutes are the unit pages (see routeTable).
func (s *Server) unitRoutes() []Route {
	view, manage := Need(congvu.ActUnitView), Need(congvu.ActUnitManage)
	return []Route{
		{Method: "GET", Pattern: "/units", Access: view, Handler: s.units},
		{Method: "GET", Pattern: "/units/new", Access: manage, Handler: s.newUnitForm},
		{Method: "POST", Pattern: "/units/new", Access: manage, Handler: s.createUnit},
		{Method: "GET", Pattern: "/units/import", Access: manage, Handler: s.unitImportForm},
		{Method: "POST", Pattern: "/units/import", Access: manage, Handler: s.importUnits, Upload: true},
		{Method: "GET", Pattern: "/units/restructure", Access: manage, Handler: s.restructureForm},
		{Method: "POST", Pattern: "/units/restructure/merge", Access: manage, Handler: s.restructureMerge},
		{Method: "POST", Pattern: "/units/restructure/split", Access: manage, Handler: s.restructureSplit},
		{Method: "POST", Pattern: "/units/restructure/plan", Access: manage, Handler: s.restructurePlan, Upload: true},
		{Method: "GET", Pattern: "/units/{id}", Access: view, Handler: s.unit},
		{Method: "GET", Pattern: "/units/{id}/edit", Access: manage, Handler: s.editUnitForm},
		{Method: "POST", Pattern: "/units/{id}/edit", Access: manage, Handler: s.updateUnit},
	}
}

// kindOptions lists the unit kinds for a select; first is the label of the
// empty choice ("" for none), nation is left out of forms.
func kindOptions(first string, withNation bool) []Option {
	var out []Option
	if first != "" {
		out = append(out, Option{"", first})
	}
	for _, k := range org.UnitKinds {
		if k == org.KindNation && !withNation {
			continue
		}
		out = append(out, Option{string(k), k.Label()})
	}
	return out
}

// UnitRow is a unit in a list, with where it lies (search results only).
type UnitRow struct {
	*org.Unit
	Location string // "Quận Ba Đình, Thành phố Hà Nội"
}

// UnitsPage is the tree browser and unit search.
type UnitsPage struct {
	Base
	Form      *Form
	Kinds     []Option
	Current   *org.Unit // the unit whose children (or subtree, when searching) are shown
	Roots     bool      // listing the roots of the actor's scopes
	Searching bool      // a name, code or kind filter is applied
	Rows      []UnitRow
	Pager     Pager
	CanManage bool // may add units under Current, import, restructure
	CanImport bool // may import the national file (national administrator)
}

// ParentValue is the parent id kept in the search form.
func (p *UnitsPage) ParentValue() string {
	if p.Current == nil || !p.Form.Values.Has(unitParentParam) {
		return ""
	}
	return strconv.FormatInt(p.Current.ID, 10)
}

// SearchLabel is the label of the search box.
func (p *UnitsPage) SearchLabel() string {
	if p.Current != nil && p.Current.Kind != org.KindNation {
		return "Tìm theo tên hoặc mã, trong " + p.Current.Name
	}
	return "Tìm theo tên hoặc mã đơn vị"
}

// scopeRootIDs returns the unit ids at the top of the actor's scopes for act.
func scopeRootIDs(a *congvu.Actor, act congvu.Action) []int64 {
	var ids []int64
	for _, p := range a.Scopes(act) {
		segs := strings.Split(strings.Trim(p, "/"), "/")
		if id, err := strconv.ParseInt(segs[len(segs)-1], 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// unitCrumbs are the breadcrumbs to u inside the actor's view scope; each
// ancestor links to hrefOf(ancestor).
func unitCrumbs(a *congvu.Actor, u *org.Unit, hrefOf func(*org.Unit) string) []Link {
	crumbs := []Link{{"Đơn vị", "/units"}}
	for _, anc := range u.Ancestors {
		if a.Can(congvu.ActUnitView, anc.Path) {
			crumbs = append(crumbs, Link{anc.Name, hrefOf(anc)})
		}
	}
	return crumbs
}

func unitHref(u *org.Unit) string { return "/units/" + strconv.FormatInt(u.ID, 10) }

func unitBrowseHref(u *org.Unit) string {
	return "/units?" + unitParentParam + "=" + strconv.FormatInt(u.ID, 10)
}

func (s *Server) units(w http.ResponseWriter, r *http.Request) error {
	us := s.Services.Units
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	f := NewForm(r.URL.Query())
	p := &UnitsPage{Base: Base{Title: "Đơn vị"}, Form: f, Kinds: kindOptions("Tất cả các loại", true),
		CanImport: a.Can(congvu.ActUnitManage, congvu.RootUnitPath)}
	q := f.Get("q")
	kind := org.UnitKind(f.Get(unitKindParam))
	if kind != "" && !kind.Valid() {
		f.AddError(unitKindParam, "Loại đơn vị không hợp lệ.")
		kind = ""
	}
	p.Searching = q != "" || kind != ""
	closed := f.Checked(unitClosedParam)

	if f.Values.Has(unitParentParam) {
		id := f.Int(unitParentParam)
		if id <= 0 {
			return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy đơn vị.")
		}
		var err error
		if p.Current, err = us.FindUnitByID(ctx, id); err != nil {
			return err
		}
		p.Title = p.Current.Name
		p.Crumbs = unitCrumbs(a, p.Current, unitBrowseHref)
	} else if roots := scopeRootIDs(a, congvu.ActUnitView); len(roots) == 1 {
		var err error
		if p.Current, err = us.FindUnitByID(ctx, roots[0]); err != nil {
			return err
		}
	} else if !p.Searching {
		// Several scopes: list their roots.
		p.Roots = true
		for _, id := range roots {
			u, err := us.FindUnitByID(ctx, id)
			if congvu.ErrorCode(err) == congvu.ENOTFOUND {
				continue
			}
			if err != nil {
				return err
			}
			if u.Active || closed {
				p.Rows = append(p.Rows, UnitRow{Unit: u})
			}
		}
		p.Pager = NewPager(r, len(p.Rows), unitsPageSize)
		p.CanManage = a.Can(congvu.ActUnitManage, "")
		return s.Render(w, r, http.StatusOK, "unit_list.html", p)
	}
	if p.Current != nil {
		p.CanManage = a.Can(congvu.ActUnitManage, p.Current.Path)
	} else {
		p.CanManage = a.Can(congvu.ActUnitManage, "")
	}

	filter := org.UnitFilter{Query: q, Kind: kind, IncludeClosed: closed,
		Limit: unitsPageSize, Offset: PageOffset(r, unitsPageSize)}
	switch {
	case p.Searching && p.Current != nil:
		filter.UnderID = p.Current.ID
	case !p.Searching:
		filter.ParentID = p.Current.ID
	}
	list, total, err := us.FindUnits(ctx, filter)
	if err != nil {
		return err
	}
	p.Pager = NewPager(r, total, unitsPageSize)
	locations := map[int64]string{}
	for _, u := range list {
		row := UnitRow{Unit: u}
		if p.Searching && u.ParentID != 0 && (p.Current == nil || u.ParentID != p.Current.ID) {
			row.Location, err = s.unitLocation(ctx, u.ParentID, locations)
			if err != nil {
				return err
			}
		}
		p.Rows = append(p.Rows, row)
	}
	status := http.StatusOK
	if f.Failed() {
		status = http.StatusBadRequest
	}
	return s.Render(w, r, status, "unit_list.html", p)
}

// unitLocation describes where the unit with id lies, "Quận Ba Đình,
// Thành phố Hà Nội", leaving out the root; cache keeps answers per request.
func (s *Server) unitLocation(ctx context.Context, id int64, cache map[int64]string) (string, error) {
	if loc, ok := cache[id]; ok {
		return loc, nil
	}
	u, err := s.Services.Units.FindUnitByID(ctx, id)
	if congvu.ErrorCode(err) == congvu.ENOTFOUND {
		cache[id] = ""
		return "", nil
	}
	if err != nil {
		return "", err
	}
	var parts []string
	if u.Kind != org.KindNation {
		parts = append(parts, u.Name)
	}
	for i := len(u.Ancestors) - 1; i >= 0; i-- {
		if u.Ancestors[i].Kind != org.KindNation {
			parts = append(parts, u.Ancestors[i].Name)
		}
	}
	cache[id] = strings.Join(parts, ", ")
	return cache[id], nil
}

// RestructuringView is a restructuring with its units resolved.
type RestructuringView struct {
	*org.Restructuring
	From []*org.Unit
	To   []*org.Unit
}

// KindLabel is the Vietnamese name of the operation.
func (v RestructuringView) KindLabel() string { return restructKindLabel(v.Kind) }

func restructKindLabel(k org.RestructuringKind) string {
	switch k {
	case org.RestructMerge:
		return "Hợp nhất, sáp nhập"
	case org.RestructSplit:
		return "Chia tách"
	case org.RestructAbolish:
		return "Giải thể cấp"
	case org.RestructMove:
		return "Chuyển đơn vị cấp trên"
	case org.RestructRename:
		return "Đổi tên"
	}
	return string(k)
}

// DissolvedNotice says what became of a dissolved unit: "Đã sáp nhập vào
// … từ 01/07/2025".
type DissolvedNotice struct {
	Verb     string // "Đã sáp nhập vào", "Đã chia tách thành", ...
	Units    []*org.Unit
	Tail     string // words after the units, if any
	Decision string
	View     *RestructuringView
}

// UnitPage is the detail page of a unit.
type UnitPage struct {
	Base
	Unit                 *org.Unit
	Parent               *org.Unit // nil for the root or outside scope
	Children             []*org.Unit
	ChildrenTotal        int
	ShowOfficials        bool
	Officials            []*org.Official
	OfficialsTotal       int
	History              []RestructuringView
	Dissolved            *DissolvedNotice
	CanManage            bool
	CanManageOfficials   bool
	CanEdit              bool
	OfficialsSubtreeHref string
}

func (s *Server) unit(w http.ResponseWriter, r *http.Request) error {
	us := s.Services.Units
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	u, err := us.FindUnitByID(ctx, id)
	if err != nil {
		return err
	}
	p := &UnitPage{Base: Base{Title: u.Name}, Unit: u}
	p.Crumbs = unitCrumbs(a, u, unitHref)
	if n := len(u.Ancestors); n > 0 && a.Can(congvu.ActUnitView, u.Ancestors[n-1].Path) {
		p.Parent = u.Ancestors[n-1]
	}
	p.CanManage = a.Can(congvu.ActUnitManage, u.Path)
	p.CanEdit = p.CanManage && u.Kind != org.KindNation
	p.CanManageOfficials = a.Can(congvu.ActOfficialManage, u.Path)
	p.Children, p.ChildrenTotal, err = us.FindUnits(ctx, org.UnitFilter{ParentID: u.ID, Limit: unitChildrenShown})
	if err != nil {
		return err
	}
	if a.Can(congvu.ActOfficialView, u.Path) {
		p.ShowOfficials = true
		p.Officials, p.OfficialsTotal, err = s.Services.Officials.FindOfficials(ctx, org.OfficialFilter{UnitID: u.ID, DirectOnly: true, Limit: unitOfficialsShown})
		if err != nil {
			return err
		}
	}
	rs, err := us.FindRestructurings(ctx, u.ID)
	if err != nil {
		return err
	}
	known := map[int64]*org.Unit{u.ID: u}
	for _, x := range append(append([]*org.Unit{}, u.Successors...), u.Predecessors...) {
		known[x.ID] = x
	}
	for _, x := range rs {
		v, err := s.restructuringView(ctx, x, known)
		if err != nil {
			return err
		}
		p.History = append(p.History, v)
	}
	if !u.Active {
		p.Dissolved = dissolvedNotice(u, p.History)
	}
	return s.Render(w, r, http.StatusOK, "unit_detail.html", p)
}

// restructuringView resolves the units of a restructuring; units the actor
// may not see are shown by a placeholder.
func (s *Server) restructuringView(ctx context.Context, x *org.Restructuring, known map[int64]*org.Unit) (RestructuringView, error) {
	v := RestructuringView{Restructuring: x}
	get := func(id int64) (*org.Unit, error) {
		if u, ok := known[id]; ok {
			return u, nil
		}
		u, err := s.Services.Units.FindUnitByID(ctx, id)
		if congvu.ErrorCode(err) == congvu.ENOTFOUND {
			u, err = &org.Unit{Name: "(đơn vị ngoài phạm vi của bạn)"}, nil
		}
		if err != nil {
			return nil, err
		}
		known[id] = u
		return u, nil
	}
	for _, id := range x.FromIDs {
		u, err := get(id)
		if err != nil {
			return v, err
		}
		v.From = append(v.From, u)
	}
	for _, id := range x.ToIDs {
		u, err := get(id)
		if err != nil {
			return v, err
		}
		v.To = append(v.To, u)
	}
	return v, nil
}

// dissolvedNotice explains what became of the dissolved unit u, from the
// restructuring that dissolved it.
func dissolvedNotice(u *org.Unit, history []RestructuringView) *DissolvedNotice {
	for i := range history {
		h := &history[i]
		from, to := false, false
		for _, x := range h.FromIDs {
			from = from || x == u.ID
		}
		for _, x := range h.ToIDs {
			to = to || x == u.ID
		}
		if !from || to {
			continue
		}
		n := &DissolvedNotice{Units: h.To, Decision: h.Decision, View: h}
		switch h.Kind {
		case org.RestructMerge:
			n.Verb = "Đã sáp nhập vào"
		case org.RestructSplit:
			n.Verb = "Đã chia tách thành"
		case org.RestructAbolish:
			n.Verb = "Đã giải thể; các đơn vị trực thuộc và cán bộ chuyển về"
		default:
			n.Verb = "Đã ngừng hoạt động; đơn vị kế thừa:"
		}
		return n
	}
	return &DissolvedNotice{Verb: "Đã ngừng hoạt động"}
}

// EffectiveDate is the date the notice takes effect from.
func (n *DissolvedNotice) EffectiveDate(u *org.Unit) string {
	if n.View != nil {
		return formatDate(n.View.Effective)
	}
	return formatDate(u.DissolvedOn)
}

// UnitFormPage creates or edits a unit.
type UnitFormPage struct {
	Base
	IsNew  bool
	Unit   *org.Unit // the unit edited; nil when new
	Parent *org.Unit // its parent, when editing
	Form   *Form
	Kinds  []Option
}

func (s *Server) unitFormPage(u *org.Unit, f *Form) *UnitFormPage {
	p := &UnitFormPage{IsNew: u == nil, Unit: u, Form: f, Kinds: kindOptions("— Chọn loại đơn vị —", false)}
	if u == nil {
		p.Title = "Thêm đơn vị"
		p.Crumbs = []Link{{"Đơn vị", "/units"}}
	} else {
		p.Title = "Sửa đơn vị " + u.Name
		if n := len(u.Ancestors); n > 0 {
			p.Parent = u.Ancestors[n-1]
		}
		p.Crumbs = []Link{{"Đơn vị", "/units"}, {u.Name, unitHref(u)}}
	}
	return p
}

func (s *Server) newUnitForm(w http.ResponseWriter, r *http.Request) error {
	us := s.Services.Units
	f := NewForm(nil)
	if id, _ := strconv.ParseInt(r.URL.Query().Get(unitParentParam), 10, 64); id > 0 {
		parent, err := us.FindUnitByID(r.Context(), id)
		if err != nil {
			return err
		}
		f.Set("parent_code", parent.Code)
		if k := childKind(parent.Kind); k != "" {
			f.Set("kind", string(k))
		}
	}
	return s.Render(w, r, http.StatusOK, "unit_form.html", s.unitFormPage(nil, f))
}

// childKind guesses the kind of a new sub-unit from its parent's kind.
func childKind(k org.UnitKind) org.UnitKind {
	switch k {
	case org.KindNation:
		return org.KindProvince
	case org.KindDistrict:
		return org.KindCommune
	}
	return ""
}

// unitFieldNames maps service field names to the form's.
var unitFieldNames = map[string]string{"parent_id": "parent_code"}

func (s *Server) createUnit(w http.ResponseWriter, r *http.Request) error {
	us := s.Services.Units
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := org.UnitInput{Code: f.Get("code"), Name: f.Get("name"), Kind: org.UnitKind(f.Get("kind")), TypeName: f.Get("type_name")}
	if code := f.Get("parent_code"); code == "" {
		f.AddError("parent_code", "Xin nhập mã đơn vị cấp trên.")
	} else if parent, err := s.unitByCode(r, code); err != nil {
		if congvu.ErrorCode(err) != congvu.ENOTFOUND {
			return err
		}
		f.AddError("parent_code", congvu.ErrorMessage(err))
	} else {
		in.ParentID = parent.ID
	}
	if in.ParentID != 0 {
		u, err := us.CreateUnit(r.Context(), in)
		if err == nil {
			return s.Redirect(w, r, unitHref(u), "tao-don-vi")
		}
		if !f.SetError(congvu.RenameFields(err, unitFieldNames)) {
			return err
		}
	}
	f.Message = "Chưa tạo được đơn vị, xin kiểm tra lại các ô được đánh dấu."
	return s.Render(w, r, http.StatusBadRequest, "unit_form.html", s.unitFormPage(nil, f))
}

func (s *Server) editUnitForm(w http.ResponseWriter, r *http.Request) error {
	u, err := s.editableUnit(r)
	if err != nil {
		return err
	}
	f := NewForm(nil)
	f.Set("code", u.Code)
	f.Set("name", u.Name)
	f.Set("kind", string(u.Kind))
	f.Set("type_name", u.TypeName)
	return s.Render(w, r, http.StatusOK, "unit_form.html", s.unitFormPage(u, f))
}

// editableUnit loads the unit of the path for editing.
func (s *Server) editableUnit(r *http.Request) (*org.Unit, error) {
	us := s.Services.Units
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	u, err := us.FindUnitByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	a := congvu.ActorFromContext(r.Context())
	if !a.Can(congvu.ActUnitManage, u.Path) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền sửa đơn vị này.")
	}
	if u.Kind == org.KindNation {
		return nil, congvu.Errorf(congvu.ECONFLICT, "Đơn vị gốc “%s” không sửa được.", u.Name)
	}
	return u, nil
}

func (s *Server) updateUnit(w http.ResponseWriter, r *http.Request) error {
	u, err := s.editableUnit(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := org.UnitInput{Code: f.Get("code"), Name: f.Get("name"), Kind: org.UnitKind(f.Get("kind")), TypeName: f.Get("type_name"), ParentID: u.ParentID}
	_, err = s.Services.Units.UpdateUnit(r.Context(), u.ID, in)
	if err == nil {
		return s.Redirect(w, r, unitHref(u), "luu-don-vi")
	}
	if !f.SetError(congvu.RenameFields(err, unitFieldNames)) {
		return err
	}
	f.Message = "Chưa lưu được, xin kiểm tra lại các ô được đánh dấu."
	return s.Render(w, r, http.StatusBadRequest, "unit_form.html", s.unitFormPage(u, f))
}

// UnitImportPage uploads a national unit file.
type UnitImportPage struct {
	Base
	Form      *Form
	CanImport bool
}

func (s *Server) unitImportPage(f *Form) *UnitImportPage {
	return &UnitImportPage{Base: Base{Title: "Nhập danh mục đơn vị hành chính", Crumbs: []Link{{"Đơn vị", "/units"}}}, Form: f}
}

func (s *Server) unitImportForm(w http.ResponseWriter, r *http.Request) error {
	p := s.unitImportPage(NewForm(nil))
	p.CanImport = congvu.ActorFromContext(r.Context()).Can(congvu.ActUnitManage, congvu.RootUnitPath)
	return s.Render(w, r, http.StatusOK, "unit_import.html", p)
}

// maxUnitFileBytes bounds a national unit file read into memory.
const maxUnitFileBytes = 20 << 20

func (s *Server) importUnits(w http.ResponseWriter, r *http.Request) error {
	us := s.Services.Units
	up, err := readUpload(r, maxUnitFileBytes)
	if err != nil {
		return err
	}
	f := NewForm(up.Values)
	p := s.unitImportPage(f)
	a := congvu.ActorFromContext(r.Context())
	p.CanImport = a.Can(congvu.ActUnitManage, congvu.RootUnitPath)
	data, name := up.Files["file"], up.Names["file"]
	switch {
	case !p.CanImport:
		return congvu.Errorf(congvu.EFORBIDDEN, "Chỉ quản trị hệ thống cấp toàn quốc được nhập danh mục đơn vị hành chính.")
	case len(bytes.TrimSpace(data)) == 0:
		f.AddError("file", "Xin chọn tệp danh mục đơn vị (JSON) để nhập.")
	case up.TooBig["file"]:
		f.AddError("file", fmt.Sprintf("Tệp quá lớn (tối đa %d MB).", maxUnitFileBytes>>20))
	case bytes.TrimSpace(data)[0] != '{':
		f.AddError("file", "Tệp không phải JSON danh mục đơn vị hành chính (dvhcvn).")
	}
	if f.Failed() {
		f.Message = "Chưa nhập được, xin kiểm tra lại tệp."
		return s.Render(w, r, http.StatusBadRequest, "unit_import.html", p)
	}
	var details []string
	if name != "" {
		details = []string{fmt.Sprintf("Tệp: %s (%s KB).", name, formatNumber((len(data)+1023)/1024))}
	}
	job := s.Jobs.Start(r.Context(), "Nhập danh mục đơn vị hành chính", func(ctx context.Context, progress congvu.Progress) (JobResult, error) {
		res, err := us.ImportUnits(ctx, bytes.NewReader(data), progress)
		if err != nil {
			return JobResult{Details: details, Link: Link{"Quay lại trang nhập danh mục", "/units/import"}}, err
		}
		return JobResult{
			Message: fmt.Sprintf("Đã xử lý %s đơn vị: %s tạo mới, %s cập nhật, %s không đổi.",
				formatNumber(res.Total), formatNumber(res.Created), formatNumber(res.Updated), formatNumber(res.Unchanged)),
			Details: details,
			Link:    Link{"Xem cây đơn vị", "/units"},
		}, nil
	})
	return s.Redirect(w, r, "/jobs/"+job.ID, "")
}

// upload is a multipart form read fully into memory.
type upload struct {
	Values url.Values
	Files  map[string][]byte
	Names  map[string]string // file names as sent
	TooBig map[string]bool   // files cut at the limit
}

// readUpload reads a multipart form: text fields (at most 64 KiB each) and
// files of at most limit bytes each. A request that is not multipart gives
// an empty upload (the form then says that a file is missing).
func readUpload(r *http.Request, limit int64) (*upload, error) {
	up := &upload{Values: url.Values{}, Files: map[string][]byte{}, Names: map[string]string{}, TooBig: map[string]bool{}}
	mr, err := r.MultipartReader()
	if err != nil {
		if errors.Is(err, http.ErrNotMultipart) {
			if err := r.ParseForm(); err != nil {
				return nil, err
			}
			up.Values = r.PostForm
			return up, nil
		}
		return nil, congvu.Errorf(congvu.EINVALID, "Không đọc được dữ liệu gửi lên.")
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, uploadError(err)
		}
		name := part.FormName()
		if name == "" {
			part.Close()
			continue
		}
		if part.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(part, 64<<10))
			if err != nil {
				return nil, uploadError(err)
			}
			up.Values.Add(name, string(b))
			part.Close()
			continue
		}
		data, err := readPart(part, limit)
		if err != nil {
			return nil, uploadError(err)
		}
		if int64(len(data)) > limit {
			up.TooBig[name] = true
			data = data[:limit]
		}
		up.Files[name] = data
		up.Names[name] = part.FileName()
		part.Close()
	}
	return up, nil
}

func readPart(p *multipart.Part, limit int64) ([]byte, error) {
	return io.ReadAll(io.LimitReader(p, limit+1))
}

// uploadError keeps the body-size error (shown as "too large"), anything
// else is a broken request.
func uploadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return err
	}
	return congvu.Errorf(congvu.EINVALID, "Không đọc được tệp gửi lên; xin thử gửi lại.")
}
