package web

import (
	"net/http"
	"strconv"

	"congvu"
	"congvu/inspection"
)

// RecordPage is the desktop form recording every line of an inspection
// (the phone page /inspections/{id}/field records them one by one, also
// offline).
type RecordPage struct {
	Base
	I       *inspection.Inspection
	Form    *Form
	Groups  []RecordGroup
	Results []Option
}

// RecordGroup is the rows of one group of the catalog.
type RecordGroup struct {
	Name string
	Rows []RecordRow
}

// RecordRow is one line as the form holds it.
type RecordRow struct {
	ID                     int64
	ItemCode, ItemTitle    string
	MethodLabel            string
	Sample                 int
	Result, Note, Official string
	Error                  string
}

func resultOptions() []Option {
	var out []Option
	for _, r := range []inspection.LineResult{inspection.ResultKept, inspection.ResultBreached, inspection.ResultNotObserved} {
		out = append(out, Option{string(r), r.Label()})
	}
	return out
}

func lineField(id int64, name string) string { return name + "_" + strconv.FormatInt(id, 10) }

// recordForm fills the form from the lines.
func (s *Server) recordForm(r *http.Request, i *inspection.Inspection) *Form {
	f := NewForm(nil)
	codes := map[int64]string{}
	for _, l := range i.Lines {
		f.Set(lineField(l.ID, "result"), string(l.Result))
		f.Set(lineField(l.ID, "note"), l.Note)
		if l.OfficialID != 0 {
			if _, ok := codes[l.OfficialID]; !ok {
				if o, err := s.Services.Officials.FindOfficialByID(r.Context(), l.OfficialID); err == nil {
					codes[l.OfficialID] = o.EmployeeCode
				}
			}
			f.Set(lineField(l.ID, "official"), codes[l.OfficialID])
		}
	}
	return f
}

func (s *Server) renderRecord(w http.ResponseWriter, r *http.Request, status int, i *inspection.Inspection, f *Form) error {
	p := &RecordPage{Base: Base{Title: "Ghi kết quả kiểm tra: " + i.TargetUnitName,
		Crumbs: []Link{{"Kiểm tra, thanh tra", "/inspections"}, {i.TargetUnitName, inspectionHref(i.ID)}}},
		I: i, Form: f, Results: resultOptions()}
	groups, _ := groupLines(i.Lines, s.groupNames(r, i.TargetUnitID))
	for _, g := range groups {
		rg := RecordGroup{Name: g.Name}
		for _, l := range g.Lines {
			rg.Rows = append(rg.Rows, RecordRow{ID: l.ID, ItemCode: l.ItemCode, ItemTitle: l.ItemTitle, MethodLabel: l.Method.Label(), Sample: l.Sample,
				Result: f.Get(lineField(l.ID, "result")), Note: f.Values.Get(lineField(l.ID, "note")), Official: f.Get(lineField(l.ID, "official")),
				Error: f.Error(lineField(l.ID, "line"))})
		}
		p.Groups = append(p.Groups, rg)
	}
	return s.Render(w, r, status, "inspection_record.html", p)
}

func (s *Server) inspectionRecordForm(w http.ResponseWriter, r *http.Request) error {
	i, err := s.runnable(r)
	if err != nil {
		return err
	}
	return s.renderRecord(w, r, http.StatusOK, i, s.recordForm(r, i))
}

// inspectionRecord saves the lines whose result, note or official changed.
// Every line is checked first (its rule is LineInput.Validate), so a bad
// line saves nothing; "close" then closes the record.
func (s *Server) inspectionRecord(w http.ResponseWriter, r *http.Request) error {
	i, err := s.runnable(r)
	if err != nil {
		return err
	}
	ctx, svc := r.Context(), s.Services.Inspections
	f, err := inspectionForm(r)
	if err != nil {
		return err
	}
	var todo []inspection.LineInput
	for _, l := range i.Lines {
		field := lineField(l.ID, "line")
		in := inspection.LineInput{LineID: l.ID, Result: inspection.LineResult(f.Get(lineField(l.ID, "result"))),
			Note: f.Get(lineField(l.ID, "note"))}
		if code := f.Get(lineField(l.ID, "official")); code != "" {
			o, err := s.officialByIDOrCode(r, code)
			if err != nil {
				if congvu.ErrorCode(err) != congvu.ENOTFOUND {
					return err
				}
				f.AddError(field, congvu.ErrorMessage(err))
				continue
			}
			in.OfficialID = o.ID
		}
		if in.Result == l.Result && in.Note == l.Note && in.OfficialID == l.OfficialID {
			continue
		}
		if in.Result == inspection.ResultNone && in.Note == "" && in.OfficialID == 0 {
			continue
		}
		if err := in.Validate(); err != nil {
			for _, m := range congvu.ErrorFields(err) {
				f.AddError(field, m)
			}
			if len(congvu.ErrorFields(err)) == 0 {
				f.AddError(field, congvu.ErrorMessage(err))
			}
			continue
		}
		todo = append(todo, in)
	}
	if !f.Failed() {
		for _, in := range todo {
			if _, err := svc.RecordLine(ctx, i.ID, in); err != nil {
				if !f.SetError(err) {
					return err
				}
				for k, m := range f.Errors {
					if k != lineField(in.LineID, "line") {
						delete(f.Errors, k)
						f.AddError(lineField(in.LineID, "line"), m)
					}
				}
				break
			}
		}
	}
	flash := "kt-da-ghi"
	if !f.Failed() && f.Get("close") != "" {
		if _, err := svc.CloseRecord(ctx, i.ID); err != nil {
			if !f.SetError(err) {
				return err
			}
		} else {
			flash = "kt-da-lap-bien-ban"
		}
	}
	if !f.Failed() {
		return s.Redirect(w, r, inspectionHref(i.ID), flash)
	}
	f.Summarize("Chưa lưu được kết quả, xin kiểm tra lại các dòng được đánh dấu.")
	if now, err := svc.FindInspection(ctx, i.ID); err == nil {
		i = now
	}
	return s.renderRecord(w, r, http.StatusBadRequest, i, f)
}
