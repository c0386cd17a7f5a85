package api

import (
	"net/http"
	"strconv"

	"congvu/export/inspectiondoc"
)

// The documents of an inspection: the visit record (biên bản) and the
// conclusion (kết luận), PDF or DOCX. The inspected unit gets 404 for the
// record until it is closed and for the conclusion until it is issued;
// drafts are printed "DỰ THẢO" for the inspecting side.

func (s *Server) inspectionRecordPDF(w http.ResponseWriter, r *http.Request) error {
	return s.inspectionDoc(w, r, inspectiondoc.Record, inspectiondoc.PDF)
}

func (s *Server) inspectionRecordDOCX(w http.ResponseWriter, r *http.Request) error {
	return s.inspectionDoc(w, r, inspectiondoc.Record, inspectiondoc.DOCX)
}

func (s *Server) inspectionConclusionPDF(w http.ResponseWriter, r *http.Request) error {
	return s.inspectionDoc(w, r, inspectiondoc.Conclusion, inspectiondoc.PDF)
}

func (s *Server) inspectionConclusionDOCX(w http.ResponseWriter, r *http.Request) error {
	return s.inspectionDoc(w, r, inspectiondoc.Conclusion, inspectiondoc.DOCX)
}

func (s *Server) inspectionDoc(w http.ResponseWriter, r *http.Request, d inspectiondoc.Doc, f inspectiondoc.Format) error {
	id, err := pathID(r, inspectionNotFound)
	if err != nil {
		return err
	}
	file, err := inspectiondoc.Build(r.Context(), s.Services, id, d, f)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", file.ContentType)
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Disposition", `attachment; filename="`+file.Name+`"`)
	h.Set("Content-Length", strconv.Itoa(len(file.Data)))
	w.WriteHeader(http.StatusOK)
	w.Write(file.Data)
	return nil
}
