package web

import (
	"net/http"
	"strconv"
	"strings"

	"congvu"
	"congvu/inspection"
	"congvu/standard"
)

// ChecklistPage chooses the lines of an inspection from the catalog in
// force for the target unit: by group or by item, each with its method and
// sample; a saved template can start it, and the choice can be saved as
// one.
type ChecklistPage struct {
	Base
	ID        int64
	Form      *Form
	Version   *standard.Version
	Groups    []ChecklistGroup
	Methods   []Option
	Templates []*inspection.Template
}

// ChecklistGroup is a group of the catalog with its items to choose.
type ChecklistGroup struct {
	Code, Name string
	Checked    bool
	Items      []ChecklistItem
}

// ChecklistItem is one item to choose, as the form holds it.
type ChecklistItem struct {
	Code, Title    string
	Local, Checked bool
	Method, Sample string
	Error          string
}

func methodOptions() []Option {
	var out []Option
	for _, m := range inspection.Methods {
		out = append(out, Option{string(m), m.Label()})
	}
	return out
}

// checklistForm fills the form from the inspection's lines (or blank).
func checklistForm(i *inspection.Inspection) *Form {
	f := NewForm(nil)
	for _, l := range i.Lines {
		f.Values.Add("item", l.ItemCode)
		f.Set("method_"+l.ItemCode, string(l.Method))
		f.Set("sample_"+l.ItemCode, strconv.Itoa(l.Sample))
	}
	return f
}

func (s *Server) renderChecklist(w http.ResponseWriter, r *http.Request, status int, i *inspection.Inspection, f *Form) error {
	v, err := s.Services.Standards.CurrentVersion(r.Context(), i.TargetUnitID)
	if err != nil {
		return err
	}
	tpl, err := s.Services.Inspections.FindTemplates(r.Context(), i.UnitID)
	if err != nil {
		return err
	}
	p := &ChecklistPage{Base: Base{Title: "Danh mục kiểm tra: " + i.TargetUnitName,
		Crumbs: []Link{{"Kiểm tra, thanh tra", "/inspections"}, {i.TargetUnitName, inspectionHref(i.ID)}}},
		ID: i.ID, Form: f, Version: v, Methods: methodOptions(), Templates: tpl}
	items, groups := map[string]bool{}, map[string]bool{}
	for _, c := range f.Values["item"] {
		items[c] = true
	}
	for _, c := range f.Values["group"] {
		groups[c] = true
	}
	for _, g := range v.Groups {
		cg := ChecklistGroup{Code: g.Code, Name: g.Name, Checked: groups[g.Code]}
		for _, it := range g.Items {
			ci := ChecklistItem{Code: it.Code, Title: it.Title, Local: it.UnitID != 0, Checked: items[it.Code],
				Method: f.Get("method_" + it.Code), Sample: f.Get("sample_" + it.Code), Error: f.Error("item_" + it.Code)}
			if ci.Method == "" {
				ci.Method = string(inspection.DefaultMethod(g.Code, it.Code))
			}
			if ci.Sample == "" {
				ci.Sample = strconv.Itoa(inspection.DefaultSample(inspection.Method(ci.Method)))
			}
			cg.Items = append(cg.Items, ci)
		}
		p.Groups = append(p.Groups, cg)
	}
	return s.Render(w, r, status, "inspection_checklist.html", p)
}

// runnable loads the inspection of the path for its inspecting side with
// the right to run it.
func (s *Server) runnable(r *http.Request) (*inspection.Inspection, error) {
	i, err := s.inspectionByPath(r)
	if err != nil {
		return nil, err
	}
	a := congvu.ActorFromContext(r.Context())
	if !ownerSide(a, i) {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy đợt kiểm tra.")
	}
	if !a.Can(inspection.Action(i.Kind, inspection.StepRun), i.UnitPath) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền tiến hành đợt kiểm tra này.")
	}
	return i, nil
}

func (s *Server) inspectionChecklistForm(w http.ResponseWriter, r *http.Request) error {
	i, err := s.runnable(r)
	if err != nil {
		return err
	}
	return s.renderChecklist(w, r, http.StatusOK, i, checklistForm(i))
}

// checklistInput reads the chosen groups and items; a sample that is not
// a number is recorded in f.
func checklistInput(f *Form) inspection.ChecklistInput {
	in := inspection.ChecklistInput{Groups: f.Values["group"]}
	for _, code := range f.Values["item"] {
		spec := inspection.LineSpec{ItemCode: code, Method: inspection.Method(f.Get("method_" + code))}
		if v := f.Get("sample_" + code); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				f.AddError("item_"+code, "Cỡ mẫu phải là một số nguyên, ví dụ 5.")
			}
			spec.Sample = n
		}
		in.Items = append(in.Items, spec)
	}
	return in
}

func (s *Server) inspectionChecklist(w http.ResponseWriter, r *http.Request) error {
	i, err := s.runnable(r)
	if err != nil {
		return err
	}
	ctx, svc := r.Context(), s.Services.Inspections
	f, err := inspectionForm(r)
	if err != nil {
		return err
	}
	in := checklistInput(f)
	if len(in.Groups) == 0 && len(in.Items) == 0 {
		f.SetMessage("Xin chọn ít nhất một nhóm hoặc một chuẩn mực để kiểm tra.")
	}
	if !f.Failed() {
		name := f.Get("template_name")
		var done *inspection.Inspection
		done, err = svc.GenerateChecklist(ctx, i.ID, in)
		if err == nil && name != "" {
			var specs []inspection.LineSpec
			for _, l := range done.Lines {
				specs = append(specs, inspection.LineSpec{ItemCode: l.ItemCode, Method: l.Method, Sample: l.Sample})
			}
			if _, err = svc.SaveTemplate(ctx, inspection.TemplateInput{UnitID: i.UnitID, Name: name, Lines: specs}); err != nil {
				f.moveError("name", "template_name")
			}
		}
		if err == nil {
			return s.Redirect(w, r, inspectionHref(i.ID), "kt-da-chon")
		}
		if !f.SetError(err) {
			return err
		}
		f.moveError("name", "template_name")
		for k := range f.Errors { // items[3].sample → the item's row
			if idx, ok := indexedField(k, "items"); ok && idx < len(in.Items) {
				msg := f.Errors[k]
				delete(f.Errors, k)
				f.AddError("item_"+in.Items[idx].ItemCode, msg)
			}
		}
	}
	f.Summarize("Chưa lưu được danh mục kiểm tra.")
	return s.renderChecklist(w, r, http.StatusBadRequest, i, f)
}

func (s *Server) inspectionFromTemplate(w http.ResponseWriter, r *http.Request) error {
	i, err := s.runnable(r)
	if err != nil {
		return err
	}
	f, err := inspectionForm(r)
	if err != nil {
		return err
	}
	id := f.Int("template")
	if _, err := s.Services.Inspections.GenerateChecklist(r.Context(), i.ID, inspection.ChecklistInput{TemplateID: id}); err != nil {
		if !f.SetError(err) {
			return err
		}
		return s.renderChecklist(w, r, http.StatusBadRequest, i, f)
	}
	return s.Redirect(w, r, inspectionHref(i.ID)+"/checklist", "kt-da-chon")
}

// indexedField reads the index of a service's field name for an element
// of a list ("items[3].sample" or "items.3.sample").
func indexedField(name, list string) (int, bool) {
	rest, ok := strings.CutPrefix(name, list)
	if !ok {
		return 0, false
	}
	rest = strings.TrimLeft(rest, "[.")
	end := strings.IndexAny(rest, "].")
	if end < 0 {
		end = len(rest)
	}
	n, err := strconv.Atoi(rest[:end])
	return n, err == nil && n >= 0
}
