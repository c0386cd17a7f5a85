package web

import (
	"net/http"
	"strconv"

	"congvu"
	"congvu/export/trainingdoc"
	"congvu/org"
	"congvu/training"
)

// The training documents (export/trainingdoc): the official's own
// certificate (PDF, issued once when the assignment is complete, with the
// number anyone checks at /training/certificates/{number}), the coverage
// workbook and a campaign's report.

// trainDocBehind bounds who is behind in a workbook or a report.
const trainDocBehind = 2000

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

// trainingDocInfo is the heading of the organising unit and the site's
// address.
func (s *Server) trainingDocInfo(r *http.Request, unitID int64) trainingdoc.Info {
	info := trainingdoc.Info{BaseURL: s.publicBase(r)}
	if unitID != 0 {
		if u, err := s.Services.Units.FindUnitByID(r.Context(), unitID); err == nil {
			info.Heading = org.GoverningBody(u)
		}
	}
	return info
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
	c, err := s.Services.TrainingQuiz.Certificate(r.Context(), id, a.OfficialID)
	if err != nil {
		return err
	}
	info := trainingdoc.Info{BaseURL: s.publicBase(r)}
	if camp, err := s.Services.Training.FindCampaign(r.Context(), id); err == nil {
		info = s.trainingDocInfo(r, camp.UnitID)
	}
	f, err := trainingdoc.CertificatePDF(c, info)
	if err != nil {
		return err
	}
	return writeTrainingFile(w, f)
}

// trainingCoverageDoc is the coverage of the page p with who is behind.
func (s *Server) trainingCoverageDoc(r *http.Request, p *TrainingCoveragePage) (trainingdoc.Coverage, error) {
	cv := trainingdoc.Coverage{Title: "Năm " + strconv.Itoa(p.Year), Total: p.Total, Children: p.Children, Today: trainingToday()}
	f := training.Filter{UnitID: p.Unit.ID, Year: p.Year, Behind: true, Limit: trainDocBehind}
	if p.Campaign != nil {
		cv.Title, f.CampaignID, f.Year = p.Campaign.Title, p.Campaign.ID, 0
	}
	list, total, err := s.Services.Training.Assignments(r.Context(), f)
	if err != nil {
		return cv, err
	}
	cv.Behind, cv.BehindCount = list, total
	return cv, nil
}

func (s *Server) trainingCampaignReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	c, err := s.Services.Training.FindCampaign(ctx, id)
	if err != nil {
		return err
	}
	rep := trainingdoc.Report{Campaign: c, Coverage: trainingdoc.Coverage{Title: c.Title, Today: trainingToday()}}
	if c.Status != training.CampaignDraft {
		total, kids, err := s.Services.Training.Coverage(ctx, training.CoverageFilter{UnitID: c.UnitID, CampaignID: c.ID})
		if err != nil {
			return err
		}
		rep.Coverage.Total, rep.Coverage.Children = total, kids
		list, n, err := s.Services.Training.Assignments(ctx, training.Filter{CampaignID: c.ID, Behind: true, Limit: 200})
		if err != nil {
			return err
		}
		rep.Coverage.Behind, rep.Coverage.BehindCount = list, n
		if c.QuizQuestions > 0 {
			if rep.Items, err = s.Services.TrainingQuiz.ItemResults(ctx, c.ID, 0); err != nil {
				return err
			}
		}
	}
	f, err := trainingdoc.CampaignReportPDF(rep, s.trainingDocInfo(r, c.UnitID))
	if err != nil {
		return err
	}
	return writeTrainingFile(w, f)
}
