package web

import (
	"net/http"
	"strings"
	"time"

	"congvu"
	"congvu/training"
)

// The public check of a certificate (/training/certificates/{number}):
// anyone holding a printed certificate checks it is genuine. A small page
// in the citizens' style (citizen.css, no script) showing only the name,
// the campaign, the organising unit and the date; the service limits the
// checks per client network so the numbers cannot be tried in bulk.

func (s *Server) trainingVerifyRoutes() []Route {
	return []Route{
		// Private: a citizen's check loads no session and logs no address.
		{Method: "GET", Pattern: "/training/certificates/{number}", Access: Public, Handler: s.verifyTrainingCertificate, Private: true},
	}
}

// TrainingVerifyPage is the answer of the check.
type TrainingVerifyPage struct {
	Base
	Number string
	C      *training.Certificate
	// Problem: not found, or too many checks.
	Problem string
}

func (s *Server) verifyTrainingCertificate(w http.ResponseWriter, r *http.Request) error {
	number := strings.ToUpper(strings.TrimSpace(r.PathValue("number")))
	p := &TrainingVerifyPage{Base: Base{Title: "Kiểm tra giấy chứng nhận bồi dưỡng"}, Number: number}
	if len(number) > 40 {
		p.Number = number[:40]
	}
	c, err := s.Services.TrainingQuiz.VerifyCertificate(r.Context(), p.Number)
	switch congvu.ErrorCode(err) {
	case "":
		p.C = c
		return s.Render(w, r, http.StatusOK, "training_verify.html", p)
	case congvu.ELIMIT: // per client network, in the service
		setRetryAfter(w, 10*time.Minute)
		p.Problem = congvu.ErrorMessage(err)
		return s.Render(w, r, http.StatusTooManyRequests, "training_verify.html", p)
	case congvu.ENOTFOUND, congvu.EINVALID:
		p.Problem = "Không có giấy chứng nhận nào mang số này. Xin kiểm tra lại số in trên giấy chứng nhận."
		return s.Render(w, r, http.StatusNotFound, "training_verify.html", p)
	}
	return err
}
