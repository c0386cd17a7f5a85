package web

import (
	"bytes"
	"congvu/org"
	"congvu/vntext"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"congvu"
)

func init() {
	FlashMessages["sap-nhap"] = "Đã ghi nhận việc hợp nhất, sáp nhập đơn vị."
	FlashMessages["chia-tach"] = "Đã ghi nhận việc chia tách đơn vị."
	FlashMessages["ke-hoach"] = "Đã áp dụng kế hoạch sắp xếp đơn vị. Các thay đổi được liệt kê dưới đây."
}

// splitPartRows is how many result rows the split form offers.
const splitPartRows = 5

// restructureRecent is how many recent restructurings the page lists.
const restructureRecent = 10

// maxPlanBytes bounds an uploaded restructuring plan.
const maxPlanBytes = 5 << 20

// previewLimit is how many units of each kind a plan's preview lists.
const previewLimit = 100

// SplitPartRow is one result row of the split form.
type SplitPartRow struct {
	N                          int
	Code, Name, Kind, TypeName string
}

// Field names of the row's inputs.
func (r SplitPartRow) field(s string) string { return "split_" + s + "_" + strconv.Itoa(r.N) }

// CodeName is the name of the row's code input.
func (r SplitPartRow) CodeName() string { return r.field("code") }

// NameName is the name of the row's name input.
func (r SplitPartRow) NameName() string { return r.field("name") }

// KindName is the name of the row's kind select.
func (r SplitPartRow) KindName() string { return r.field("kind") }

// TypeNameName is the name of the row's type name input.
func (r SplitPartRow) TypeNameName() string { return r.field("type") }

// ID returns the id of the row's input for name.
func (r SplitPartRow) ID(name string) string { return FieldID(name) }

// RestructurePage holds the merge and split forms, the plan upload and the
// recent restructurings.
type RestructurePage struct {
	Base
	// Only is "merge", "split" or "plan" when a rejected form is shown
	// again on its own; "" shows every form.
	Only       string
	Merge      *Form
	Split      *Form
	Plan       *Form
	Kinds      []Option
	Parts      []SplitPartRow
	ShowRecent bool
	Recent     []RestructuringView
	// Preview is what the uploaded plan would do ("Xem trước"), with its
	// date of effect and the name of its file; nothing was saved.
	Preview          *org.RestructuringPreview
	PreviewEffective time.Time
	PreviewFile      string
}

// PreviewRecords lists the kinds of records of a preview with their
// totals, "đánh giá 12, phản ánh 3".
func (p *RestructurePage) PreviewRecords(m map[string]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, k+" "+vntext.Number(m[k]))
	}
	return strings.Join(parts, ", ")
}

// Show reports whether the form named f is on the page.
func (p *RestructurePage) Show(f string) bool { return p.Only == "" || p.Only == f }

// PartError is the message about a row of the split form, or "".
func (p *RestructurePage) PartError(r SplitPartRow) string {
	if e := p.Split.Error(r.CodeName()); e != "" {
		return e
	}
	return p.Split.Error(r.KindName())
}

// MergeNew reports whether the merge result is a new unit.
func (p *RestructurePage) MergeNew() bool { return p.Merge.Get("merge_mode") == "new" }

func (s *Server) restructurePage(r *http.Request, only string, merge, split, plan *Form) (*RestructurePage, error) {
	p := &RestructurePage{Base: Base{Title: "Sắp xếp đơn vị", Crumbs: []Link{{"Đơn vị", "/units"}}}, Only: only,
		Merge: merge, Split: split, Plan: plan, Kinds: kindOptions("— Chọn loại —", false)}
	for _, f := range []**Form{&p.Merge, &p.Split, &p.Plan} {
		if *f == nil {
			*f = NewForm(nil)
		}
	}
	if p.Merge.Get("merge_mode") == "" {
		p.Merge.Set("merge_mode", "existing")
	}
	for i := 1; i <= splitPartRows; i++ {
		row := SplitPartRow{N: i}
		row.Code, row.Name = p.Split.Get(row.CodeName()), p.Split.Get(row.NameName())
		row.Kind, row.TypeName = p.Split.Get(row.KindName()), p.Split.Get(row.TypeNameName())
		p.Parts = append(p.Parts, row)
	}
	if only == "" {
		if err := s.recentRestructurings(r.Context(), p); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// recentRestructurings fills the list of recent restructurings from the
// audit log, when the actor may read it.
func (s *Server) recentRestructurings(ctx context.Context, p *RestructurePage) error {
	a := congvu.ActorFromContext(ctx)
	if !a.Can(congvu.ActAuditView, "") {
		return nil
	}
	events, _, err := s.Services.Audit.FindAuditEvents(ctx, congvu.AuditFilter{Kind: "unit.restructure", Limit: restructureRecent})
	if err != nil {
		return err
	}
	p.ShowRecent = true
	known := map[int64]*org.Unit{}
	for _, ev := range events {
		var x org.Restructuring
		if err := json.Unmarshal(ev.After, &x); err != nil || x.ID == 0 {
			continue
		}
		x.CreatedAt = ev.At
		v, err := s.restructuringView(ctx, &x, known)
		if err != nil {
			return err
		}
		p.Recent = append(p.Recent, v)
	}
	return nil
}

func (s *Server) restructureForm(w http.ResponseWriter, r *http.Request) error {
	merge := NewForm(nil)
	if code := r.URL.Query().Get(UnitParam); code != "" {
		// Coming from a unit page: start the forms with that unit.
		merge.Set("merge_from", code)
		split := NewForm(nil)
		split.Set("split_from", code)
		p, err := s.restructurePage(r, "", merge, split, nil)
		if err != nil {
			return err
		}
		return s.Render(w, r, http.StatusOK, "restructure.html", p)
	}
	p, err := s.restructurePage(r, "", merge, nil, nil)
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusOK, "restructure.html", p)
}

// splitCodes splits a list of unit codes written with commas, semicolons,
// spaces or line breaks.
func splitCodes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) })
}

// requireDecision records the missing date or decision of form prefix.
func requireDecision(f *Form, prefix string) {
	if f.Get(prefix+"_effective") == "" {
		f.AddError(prefix+"_effective", "Xin nhập ngày có hiệu lực, ví dụ 01/07/2025.")
	}
	if f.Get(prefix+"_decision") == "" {
		f.AddError(prefix+"_decision", "Xin ghi số, ngày của văn bản quyết định việc sắp xếp.")
	}
}

// isoDate turns a typed date into YYYY-MM-DD for a plan; a date it cannot
// read is passed on as typed, for the service to reject with its message.
func isoDate(s string) string {
	if t, ok := ParseDate(s); ok {
		return t.Format("2006-01-02")
	}
	return s
}

// singleOpMessage shortens the service's "Thao tác 1 (…): message" when the
// plan has a single operation, which the form already names.
func singleOpMessage(err error) error {
	var e *congvu.Error
	if !errors.As(err, &e) || !strings.HasPrefix(e.Message, "Thao tác 1 (") {
		return err
	}
	_, rest, ok := strings.Cut(e.Message, "): ")
	if !ok || rest == "" {
		return err
	}
	r, n := utf8.DecodeRuneInString(rest)
	c := *e
	c.Message = string(unicode.ToUpper(r)) + rest[n:]
	return &c
}

// applyPlan runs a plan built by a form; on a rejection it records the
// errors in f (with fields renamed) and returns nil restructurings.
func (s *Server) applyPlan(r *http.Request, f *Form, plan org.RestructuringPlan, names map[string]string) ([]*org.Restructuring, error) {
	rs, err := s.Services.Units.Restructure(r.Context(), plan)
	if err == nil {
		return rs, nil
	}
	return s.planError(f, err, plan, names)
}

// planError records a rejected plan's errors in f (fields renamed by
// names); it returns err itself when it is not the user's to correct.
func (s *Server) planError(f *Form, err error, plan org.RestructuringPlan, names ...map[string]string) ([]*org.Restructuring, error) {
	if len(names) == 0 {
		names = []map[string]string{{"effective": "plan_file", "decision": "plan_file"}}
	}
	if len(plan.Operations) == 1 {
		err = singleOpMessage(err)
	}
	if congvu.ErrorCode(err) == congvu.EFORBIDDEN {
		// Outside the actor's rights on a unit of the plan: say which, on the form.
		f.Message = congvu.ErrorMessage(err)
		return nil, nil
	}
	if !f.SetError(congvu.RenameFields(err, names[0])) {
		return nil, err
	}
	if msg := congvu.ErrorMessage(err); len(congvu.ErrorFields(err)) > 0 && msg != f.Message {
		f.SetMessage(msg) // which operation failed: kept by Summarize
	}
	return nil, nil
}

func (s *Server) restructureMerge(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	from := splitCodes(f.Get("merge_from"))
	into := &org.NewUnitSpec{Code: f.Get("merge_into_code")}
	if len(from) == 0 {
		f.AddError("merge_from", "Xin nhập mã các đơn vị được hợp nhất, sáp nhập.")
	}
	if into.Code == "" {
		f.AddError("merge_into_code", "Xin nhập mã đơn vị sau sắp xếp.")
	}
	if f.Get("merge_mode") == "new" {
		into.Name, into.Kind, into.TypeName, into.ParentCode = f.Get("merge_into_name"), org.UnitKind(f.Get("merge_into_kind")), f.Get("merge_into_type"), f.Get("merge_into_parent")
		if into.Name == "" {
			f.AddError("merge_into_name", "Xin nhập tên đơn vị mới.")
		}
		if into.Kind == "" {
			f.AddError("merge_into_kind", "Xin chọn loại của đơn vị mới.")
		}
	} else {
		f.Set("merge_mode", "existing")
	}
	requireDecision(f, "merge")
	if !f.Failed() {
		plan := org.RestructuringPlan{Effective: isoDate(f.Get("merge_effective")), Decision: f.Get("merge_decision"), Note: f.Get("merge_note"),
			Operations: []org.RestructuringOp{{Op: org.RestructMerge, From: from, Into: into}}}
		rs, err := s.applyPlan(r, f, plan, map[string]string{"effective": "merge_effective", "decision": "merge_decision", "code": "merge_into_code"})
		if err != nil {
			return err
		}
		if len(rs) > 0 && len(rs[0].ToIDs) > 0 {
			return s.Redirect(w, r, "/units/"+strconv.FormatInt(rs[0].ToIDs[0], 10), "sap-nhap")
		}
	}
	if f.Message == "" {
		f.Message = "Chưa ghi nhận được việc sáp nhập, xin kiểm tra lại các ô được đánh dấu."
	}
	p, err := s.restructurePage(r, "merge", f, nil, nil)
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusBadRequest, "restructure.html", p)
}

func (s *Server) restructureSplit(w http.ResponseWriter, r *http.Request) error {
	us := s.Services.Units
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	src := f.Get("split_from")
	if src == "" {
		f.AddError("split_from", "Xin nhập mã đơn vị bị chia tách.")
	}
	var parts []org.NewUnitSpec
	for i := 1; i <= splitPartRows; i++ {
		row := SplitPartRow{N: i}
		spec := org.NewUnitSpec{Code: f.Get(row.CodeName()), Name: f.Get(row.NameName()),
			Kind: org.UnitKind(f.Get(row.KindName())), TypeName: f.Get(row.TypeNameName())}
		switch {
		case spec.Code == "" && spec.Name == "" && spec.TypeName == "":
			continue
		case spec.Code == "":
			f.AddError(row.CodeName(), fmt.Sprintf("Dòng %d: xin nhập mã đơn vị.", i))
		case spec.Name != "" && spec.Kind == "":
			f.AddError(row.KindName(), fmt.Sprintf("Dòng %d: xin chọn loại của đơn vị mới.", i))
		}
		if spec.Name == "" {
			spec.Kind, spec.TypeName = "", ""
		}
		parts = append(parts, spec)
	}
	if len(parts) < 2 {
		f.AddError("split_code_1", "Chia tách cần ít nhất hai đơn vị sau sắp xếp.")
	}
	requireDecision(f, "split")
	officials := map[string]string{}
	for i, line := range strings.Split(f.Values.Get("split_officials"), "\n") {
		words := strings.FieldsFunc(line, func(r rune) bool {
			return r == ',' || r == ';' || r == '=' || r == ':' || r == '→' || unicode.IsSpace(r)
		})
		switch len(words) {
		case 0:
			continue
		case 2:
			officials[words[0]] = words[1]
		default:
			f.AddError("split_officials", fmt.Sprintf("Dòng %d: cần đúng hai mã, mã cán bộ rồi mã đơn vị chuyển đến.", i+1))
		}
	}
	if !f.Failed() {
		op := org.RestructuringOp{Op: org.RestructSplit, From: []string{src}, Parts: parts}
		if len(officials) > 0 {
			op.Officials = officials
		}
		plan := org.RestructuringPlan{Effective: isoDate(f.Get("split_effective")), Decision: f.Get("split_decision"), Note: f.Get("split_note"),
			Operations: []org.RestructuringOp{op}}
		rs, err := s.applyPlan(r, f, plan, map[string]string{"effective": "split_effective", "decision": "split_decision", "code": "split_code_1"})
		if err != nil {
			return err
		}
		if len(rs) > 0 {
			// The split unit's page names every unit it became.
			if u, err := us.FindUnitByCode(r.Context(), src); err == nil {
				return s.Redirect(w, r, unitHref(u), "chia-tach")
			}
			return s.Redirect(w, r, "/units/"+strconv.FormatInt(rs[0].ToIDs[0], 10), "chia-tach")
		}
	}
	if f.Message == "" {
		f.Message = "Chưa ghi nhận được việc chia tách, xin kiểm tra lại các ô được đánh dấu."
	}
	p, err := s.restructurePage(r, "split", nil, f, nil)
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusBadRequest, "restructure.html", p)
}

func (s *Server) restructurePlan(w http.ResponseWriter, r *http.Request) error {
	up, err := readUpload(r, maxPlanBytes)
	if err != nil {
		return err
	}
	f := NewForm(up.Values)
	data := up.Files["plan_file"]
	var plan org.RestructuringPlan
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		f.AddError("plan_file", "Xin chọn tệp kế hoạch sắp xếp (JSON) để áp dụng.")
	case up.TooBig["plan_file"]:
		f.AddError("plan_file", fmt.Sprintf("Tệp quá lớn (tối đa %d MB).", maxPlanBytes>>20))
	default:
		if msg := decodePlan(data, &plan); msg != "" {
			f.AddError("plan_file", msg)
		}
	}
	if !f.Failed() && f.Get("xem_truoc") != "" {
		// A dry run: the plan applied in a transaction rolled back.
		pv, err := s.Services.Units.PreviewRestructure(r.Context(), plan, previewLimit)
		if err == nil {
			p, err := s.restructurePage(r, "plan", nil, nil, NewForm(nil))
			if err != nil {
				return err
			}
			p.Preview, p.PreviewFile = pv, up.Names["plan_file"]
			if t, ok := congvu.ParseDate(plan.Effective, time.UTC); ok {
				p.PreviewEffective = t
			}
			return s.Render(w, r, http.StatusOK, "restructure.html", p)
		}
		if _, err := s.planError(f, err, plan); err != nil {
			return err
		}
	}
	if !f.Failed() && f.Get("xem_truoc") == "" {
		rs, err := s.applyPlan(r, f, plan, map[string]string{"effective": "plan_file", "decision": "plan_file"})
		if err != nil {
			return err
		}
		if len(rs) == 1 && len(rs[0].ToIDs) > 0 {
			return s.Redirect(w, r, "/units/"+strconv.FormatInt(rs[0].ToIDs[0], 10), "ke-hoach")
		}
		if len(rs) > 0 {
			return s.Redirect(w, r, "/units/restructure#gan-day", "ke-hoach")
		}
	}
	f.Summarize("Chưa áp dụng kế hoạch; không có thay đổi nào được lưu.")
	p, err := s.restructurePage(r, "plan", nil, nil, f)
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusBadRequest, "restructure.html", p)
}

// decodePlan reads a plan file in either format org.ParseRestructuringFile
// knows (docs/restructuring.md); it returns a Vietnamese message for a file
// that is not a plan.
func decodePlan(data []byte, plan *org.RestructuringPlan) string {
	p, err := org.ParseRestructuringFile(data)
	if err != nil {
		return congvu.ErrorMessage(err)
	}
	*plan = p
	return ""
}
