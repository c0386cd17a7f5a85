package web

import (
	"congvu/internal/httpstatus"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"

	"congvu"
)

// StatusOf maps an error code to its HTTP status (the table shared with the
// API, see httpstatus).
func StatusOf(code string) int {
	s, _ := httpstatus.Of(code)
	return s
}

// ErrorPage is the page shown for an error status.
type ErrorPage struct {
	Base
	Status  int
	Heading string
	Message string
	Details []string // per-field messages of a rejected form
}

// renderError shows err as a page: EUNAUTH redirects to the login form,
// internal errors are logged and shown only as a generic message.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	code := congvu.ErrorCode(err)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) || code == congvu.ETOOLARGE {
		p := &ErrorPage{Status: StatusOf(congvu.ETOOLARGE), Heading: "Nội dung gửi lên quá lớn",
			Message: congvu.ErrorMessage(err)}
		if tooBig != nil {
			p.Message = fmt.Sprintf("Dữ liệu gửi lên vượt quá giới hạn %d MB. Xin chia nhỏ tệp và gửi lại.", tooBig.Limit>>20)
		}
		if tooBig != nil && tooBig.Limit < 1<<20 {
			p.Message = "Dữ liệu gửi lên vượt quá giới hạn cho phép."
		}
		p.Title = p.Heading
		s.renderErrorPage(w, r, p)
		return
	}
	if code == congvu.EUNAUTH && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if code == congvu.EUNAUTH {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	status := StatusOf(code)
	p := &ErrorPage{Status: status}
	switch status {
	case http.StatusBadRequest:
		p.Heading = "Yêu cầu chưa hợp lệ"
		for _, m := range congvu.ErrorFields(err) {
			p.Details = append(p.Details, m)
		}
		sort.Strings(p.Details)
	case http.StatusNotFound:
		p.Heading = "Không tìm thấy trang"
	case http.StatusForbidden:
		p.Heading = "Không có quyền truy cập"
	case http.StatusTooManyRequests:
		p.Heading = "Quá nhiều yêu cầu"
	case http.StatusConflict:
		p.Heading = "Thao tác không thực hiện được"
	default:
		p.Heading = "Đã có lỗi xảy ra"
		s.Log.Error("internal error", "method", r.Method, "path", logPath(r, r.Pattern), "err", err)
	}
	p.Title = p.Heading
	p.Message = congvu.ErrorMessage(err)
	s.renderErrorPage(w, r, p)
}

// fallbackErrorPage is written when even the error template fails.
const fallbackErrorPage = `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Lỗi hệ thống — Công vụ</title>` +
	`<h1>Đã có lỗi xảy ra</h1><p>Đã có lỗi xảy ra trong hệ thống. Xin vui lòng thử lại sau.</p><p><a href="/">Về trang chủ</a></p></html>`

func (s *Server) renderErrorPage(w http.ResponseWriter, r *http.Request, p *ErrorPage) {
	if err := s.Render(w, r, p.Status, "error.html", p); err != nil {
		s.Log.Error("render error page", "err", err)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, fallbackErrorPage)
	}
}
