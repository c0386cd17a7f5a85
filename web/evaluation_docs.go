package web

import (
	"net/http"
	"strconv"

	"congvu"
	"congvu/export/evaluationdoc"
)

// The documents of the annual evaluation: each official's form (PDF,
// DOCX) for those who may read the evaluation, and the unit's summary
// table (PDF, DOCX, XLSX) for ActEvaluationView. The service reads and
// audits; evaluationdoc lays out.
func (s *Server) evaluationDocRoutes() []Route {
	var out []Route
	for _, f := range []evaluationdoc.Format{evaluationdoc.PDF, evaluationdoc.DOCX} {
		out = append(out, Route{Method: "GET", Pattern: "/evaluations/{id}/form." + string(f), Access: SignedIn,
			Handler: func(w http.ResponseWriter, r *http.Request) error { return s.evaluationForm(w, r, f) }})
	}
	for _, f := range []evaluationdoc.Format{evaluationdoc.PDF, evaluationdoc.DOCX, evaluationdoc.XLSX} {
		out = append(out, Route{Method: "GET", Pattern: "/evaluations/table." + string(f), Access: Need(congvu.ActEvaluationView),
			Handler: func(w http.ResponseWriter, r *http.Request) error { return s.evaluationTable(w, r, f) }})
	}
	return out
}

func (s *Server) evaluationForm(w http.ResponseWriter, r *http.Request, f evaluationdoc.Format) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	file, err := evaluationdoc.BuildForm(r.Context(), s.Services, id, f)
	if err != nil {
		return err
	}
	return sendEvaluationFile(w, file)
}

// evaluationTable sends the summary table of ?unit= (a unit code, by
// default the top of the actor's sight) and ?year= (by default this year).
func (s *Server) evaluationTable(w http.ResponseWriter, r *http.Request, f evaluationdoc.Format) error {
	form := NewForm(r.URL.Query())
	unit, err := s.dashboardUnit(r, form, "unit", congvu.ActEvaluationView, "Bạn không có quyền xem đánh giá, xếp loại ở đơn vị nào.")
	if err != nil {
		return err
	}
	year := evalYear(form, "year")
	if form.Failed() {
		return &congvu.Error{Code: congvu.EINVALID, Message: "Không tạo được bảng tổng hợp: đơn vị hoặc năm chưa hợp lệ.", Fields: form.Errors}
	}
	file, err := evaluationdoc.BuildTable(r.Context(), s.Services, unit.ID, year, f)
	if err != nil {
		return err
	}
	return sendEvaluationFile(w, file)
}

func sendEvaluationFile(w http.ResponseWriter, file *evaluationdoc.File) error {
	h := w.Header()
	h.Set("Content-Type", file.ContentType)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", `attachment; filename="`+file.Name+`"`)
	h.Set("Content-Length", strconv.Itoa(len(file.Data)))
	w.Write(file.Data) // an error here means the client went away
	return nil
}
