package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"

	"congvu"
	"congvu/export"
	"congvu/org"
)

// dashboardUnit reads the unit of a dashboard's form field param: the unit
// of that code or, by default, the top of the actor's scope for act. A code
// that cannot be used is reported on f and the default taken; an actor
// without any scope for act gets ENOTFOUND with noScope.
func (s *Server) dashboardUnit(r *http.Request, f *Form, param string, act congvu.Action, noScope string) (*org.Unit, error) {
	if code := f.Get(param); code != "" {
		u, err := s.unitByCode(r, code)
		switch congvu.ErrorCode(err) {
		case "":
			return u, nil
		case congvu.ENOTFOUND, congvu.EINVALID, congvu.EFORBIDDEN:
			f.AddError(param, congvu.ErrorMessage(err))
		default:
			return nil, err
		}
	}
	roots := scopeRootIDs(congvu.ActorFromContext(r.Context()), act)
	if len(roots) == 0 {
		return nil, &congvu.Error{Code: congvu.ENOTFOUND, Message: noScope}
	}
	return s.Services.Units.FindUnitByID(r.Context(), roots[0])
}

// reportRefusedFilter reports on f the fields of a filter the service
// refused (err, EINVALID), named by fields (the service's name → the
// form's); without any such field, the error's message.
func reportRefusedFilter(f *Form, err error, fields map[string]string) {
	for k, msg := range congvu.ErrorFields(err) {
		if name, ok := fields[k]; ok {
			f.AddError(name, msg)
		}
	}
	if !f.Failed() {
		f.Message = congvu.ErrorMessage(err)
	}
}

// exportFormat reads the format of a download, xlsx or csv; any other
// value is reported on f.
func exportFormat(f *Form, param string) string {
	format := f.Get(param)
	if format != "xlsx" && format != "csv" {
		f.AddError(param, "Định dạng tải về phải là xlsx hoặc csv.")
	}
	return format
}

// writeTables writes tables as a download named file, in XLSX when format
// is "xlsx" and CSV otherwise.
func writeTables(w http.ResponseWriter, format, file string, tables []export.Table) error {
	var buf bytes.Buffer
	ctype := "text/csv; charset=utf-8"
	var err error
	if format == "xlsx" {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		err = export.XLSX(&buf, tables)
	} else {
		err = export.CSV(&buf, tables)
	}
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", `attachment; filename="`+file+`"`)
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes()) // an error here means the client went away
	return nil
}

// showFilter puts the filter in force, q, on the form: the defaults where
// nothing was typed, and what was typed where it was wrong.
func showFilter(f *Form, q url.Values) {
	for k, v := range q {
		if f.Values.Get(k) == "" || f.Error(k) == "" {
			f.Values[k] = v
		}
	}
}

// dashboardCrumbs reads unit again by id when it was found (by code)
// without its ancestors, and returns it with a dashboard's crumbs: first,
// then each ancestor whose path can accepts, linked by href of its code.
func (s *Server) dashboardCrumbs(r *http.Request, unit *org.Unit, first Link, can func(path string) bool, href func(code string) string) (*org.Unit, []Link) {
	if len(unit.Ancestors) == 0 && unit.ParentID != 0 {
		if u, err := s.Services.Units.FindUnitByID(r.Context(), unit.ID); err == nil {
			unit = u
		}
	}
	crumbs := []Link{first}
	for _, anc := range unit.Ancestors {
		if can(anc.Path) {
			crumbs = append(crumbs, Link{anc.Name, href(anc.Code)})
		}
	}
	return unit, crumbs
}
