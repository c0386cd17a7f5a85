package web

import (
	"net/http"
	"time"
)

// DefaultBodiesInFlight is how many large bodies (petition forms with
// their attachments, uploads) the server receives at once from all clients
// together. The cap per client network (MaxConnsPerIP) does not stop slow
// bodies from many networks, each within the minimum rate, from holding
// every connection and the memory and disk they fill; past this cap a form
// is answered at once instead.
const DefaultBodiesInFlight = 256

// bodyRetry is the wait a form refused for the cap is told.
const bodyRetry = 30 * time.Second

// takeBody takes a slot for a large body before any of it is read. Without
// one it answers 503 with Retry-After and a Vietnamese page (closing the
// connection, the body unread) and returns ok false.
func (s *Server) takeBody(w http.ResponseWriter, r *http.Request) (release func(), ok bool) {
	select {
	case s.bodies <- struct{}{}:
		return func() { <-s.bodies }, true
	default:
	}
	w.Header().Set("Connection", "close")
	setRetryAfter(w, bodyRetry)
	p := &ErrorPage{Status: http.StatusServiceUnavailable, Heading: "Hệ thống đang bận",
		Message: "Hệ thống đang nhận rất nhiều biểu mẫu cùng lúc nên chưa nhận được biểu mẫu của anh/chị. " +
			"Xin anh/chị chờ khoảng 30 giây rồi gửi lại (bấm nút Quay lại của trình duyệt để giữ nội dung đã nhập)."}
	p.Title = p.Heading
	s.renderErrorPage(w, r, p)
	return nil, false
}
