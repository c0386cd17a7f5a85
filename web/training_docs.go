package web

import (
	"net/http"
	"strconv"

	"congvu"
	"congvu/export/trainingdoc"
)

// The training documents, built by export/trainingdoc (one home: the
// heading and place, who is behind read page by page): the official's own
// certificate (PDF, issued once when the assignment is complete, with the
// number anyone checks at /training/certificates/{number}), the coverage
// workbook and a campaign's report.

func (s *Server) trainingDocRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/training/campaigns/{id}/report.pdf", Access: Need(congvu.ActTrainingView), Handler: s.trainingCampaignReport},
	}
}

// writeTrainingFile sends a document as a download.
func writeTrainingFile(w http.ResponseWriter, f *trainingdoc.File) error {
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Disposition", `attachment; filename="`+f.Name+`"`)
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	w.Write(f.Data) // an error here means the client went away
	return nil
}

func (s *Server) myTrainingCertificate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := congvu.ActorFromContext(r.Context())
	if a.OfficialID == 0 {
		return congvu.Errorf(congvu.ENOTFOUND, "Tài khoản của anh/chị chưa được gắn với hồ sơ cán bộ nào.")
	}
	f, err := trainingdoc.BuildCertificate(r.Context(), s.Services, id, a.OfficialID, s.publicBase(r))
	if err != nil {
		return err
	}
	return writeTrainingFile(w, f)
}

func (s *Server) trainingCampaignReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, err := trainingdoc.BuildCampaignReport(r.Context(), s.Services, id, 0)
	if err != nil {
		return err
	}
	return writeTrainingFile(w, f)
}
