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
// the campaign, the organising unit and the date; rate-limited per client
// network so the numbers cannot be tried in bulk. And the official's own
// certificate as a PDF.

// Verification limits per client network.
const (
	VerifyLimitPerIP  = 30
	VerifyLimitWindow = 10 * time.Minute
)

func (s *Server) trainingVerifyRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/training/certificates/{number}", Access: Public, Handler: s.verifyTrainingCertificate},
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
	if s.Services.Limiter != nil {
		ip := congvu.ClientNet(congvu.MetaFromContext(r.Context()).IP)
		ok, err := s.Services.Limiter.Allow(r.Context(), "web.certificate:"+ip, VerifyLimitPerIP, VerifyLimitWindow)
		if err != nil {
			return err
		}
		if !ok {
			setRetryAfter(w, VerifyLimitWindow)
			p.Problem = "Có quá nhiều lần kiểm tra từ địa chỉ mạng của anh/chị. Xin chờ khoảng 10 phút rồi thử lại."
			return s.Render(w, r, http.StatusTooManyRequests, "training_verify.html", p)
		}
	}
	c, err := s.Services.TrainingQuiz.VerifyCertificate(r.Context(), p.Number)
	switch congvu.ErrorCode(err) {
	case "":
		p.C = c
		return s.Render(w, r, http.StatusOK, "training_verify.html", p)
	case congvu.ENOTFOUND, congvu.EINVALID:
		p.Problem = "Không có giấy chứng nhận nào mang số này. Xin kiểm tra lại số in trên giấy chứng nhận."
		return s.Render(w, r, http.StatusNotFound, "training_verify.html", p)
	}
	return err
}
