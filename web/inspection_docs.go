package web

import (
	"io"
	"net/http"
	"strconv"

	"congvu"
	"congvu/export/inspectiondoc"
)

// The documents of an inspection (the visit record and the conclusion, PDF
// and DOCX) and its photos. What the actor's side may read is decided by
// the service and the domain rules (inspection.RecordFor, ConclusionFor).
func (s *Server) inspectionDocRoutes() []Route {
	view := Need(congvu.ActInspectionView)
	doc := func(d inspectiondoc.Doc, f inspectiondoc.Format) HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) error { return s.inspectionDoc(w, r, d, f) }
	}
	return []Route{
		{Method: "GET", Pattern: "/inspections/{id}/bien-ban.pdf", Access: view, Handler: doc(inspectiondoc.Record, inspectiondoc.PDF)},
		{Method: "GET", Pattern: "/inspections/{id}/bien-ban.docx", Access: view, Handler: doc(inspectiondoc.Record, inspectiondoc.DOCX)},
		{Method: "GET", Pattern: "/inspections/{id}/ket-luan.pdf", Access: view, Handler: doc(inspectiondoc.Conclusion, inspectiondoc.PDF)},
		{Method: "GET", Pattern: "/inspections/{id}/ket-luan.docx", Access: view, Handler: doc(inspectiondoc.Conclusion, inspectiondoc.DOCX)},
		{Method: "GET", Pattern: "/inspections/{id}/photos/{photoID}", Access: view, Handler: s.inspectionPhoto},
	}
}

func (s *Server) inspectionDoc(w http.ResponseWriter, r *http.Request, d inspectiondoc.Doc, f inspectiondoc.Format) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	file, err := inspectiondoc.Build(r.Context(), s.Services, id, d, f)
	if err != nil {
		return err
	}
	writeFile(w, file)
	return nil
}

// writeFile sends a document as a download.
func writeFile(w http.ResponseWriter, f *inspectiondoc.File) {
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", `attachment; filename="`+f.Name+`"`)
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	w.Write(f.Data)
}

// inspectionPhotoHref is the address of a photo of an inspection's line.
func inspectionPhotoHref(inspectionID, photoID int64) string {
	return inspectionHref(inspectionID) + "/photos/" + strconv.FormatInt(photoID, 10)
}

// inspectionPhoto shows one photo of a line, to those who may read the
// line (the service decides).
func (s *Server) inspectionPhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	photoID, err := strconv.ParseInt(r.PathValue("photoID"), 10, 64)
	if err != nil || photoID <= 0 {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy ảnh.")
	}
	p, rc, err := s.Services.InspectionPhotos.OpenPhoto(r.Context(), photoID)
	if err != nil {
		return err
	}
	defer rc.Close()
	if p.InspectionID != id {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy ảnh.")
	}
	h := w.Header()
	h.Set("Content-Type", p.ContentType)
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Content-Length", strconv.FormatInt(p.Size, 10))
	io.Copy(w, rc)
	return nil
}
