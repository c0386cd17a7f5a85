package web

import (
	"congvu"
	"net/http"
	"sync"
	"time"
)

// DefaultBodiesInFlight is how many large bodies (petition forms with
// their attachments, uploads) the server receives at once from all clients
// together. The cap per client network (MaxConnsPerIP) does not stop slow
// bodies from many networks, each within the minimum rate, from holding
// every connection and the memory and disk they fill; past this cap a form
// is answered at once instead.
const DefaultBodiesInFlight = 256

// DefaultBodiesPerNet is how many of those slots one client network
// (congvu.ClientNet: an IPv4 address, an IPv6 /64) may hold while the
// slots are under pressure (more than half taken), so that a few networks
// sending slowly cannot take every slot and turn all citizens away. While
// most slots are free, a network takes as many as it needs: a one-stop
// centre's Wi-Fi or a carrier's shared address has many citizens behind it,
// several of them sending photos at the same moment.
const DefaultBodiesPerNet = 4

// bodyRetry is the wait a form refused for the cap is told.
const bodyRetry = 30 * time.Second

// netBodies counts the large bodies in flight per client network.
type netBodies struct {
	max int
	mu  sync.Mutex
	n   map[string]int
}

// take takes a slot of network net; when share is set, false if the
// network already holds its share.
func (b *netBodies) take(net string, share bool) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if share && b.n[net] >= b.max {
		return false
	}
	b.n[net]++
	return true
}

func (b *netBodies) release(net string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.n[net]--; b.n[net] <= 0 {
		delete(b.n, net)
	}
}

// takeBody takes a slot for a large body before any of it is read: one of
// all, and, under pressure, one within the client network's share. Without one it answers 503
// with Retry-After and a Vietnamese page (closing the connection, the body
// unread) and returns ok false. The page tells the citizen to reload:
// the petition form is served no-store, so going back shows a new, empty
// form, while a reload sends the same form again (and a form sent again
// never files twice).
func (s *Server) takeBody(w http.ResponseWriter, r *http.Request) (release func(), ok bool) {
	net := congvu.ClientNet(s.clientIP(r))
	select {
	case s.bodies <- struct{}{}:
		pressed := 2*len(s.bodies) > cap(s.bodies)
		if s.netBodies.take(net, pressed) {
			return func() { <-s.bodies; s.netBodies.release(net) }, true
		}
		<-s.bodies
	default:
	}
	w.Header().Set("Connection", "close")
	setRetryAfter(w, bodyRetry)
	p := &ErrorPage{Status: http.StatusServiceUnavailable, Heading: "Hệ thống đang bận",
		Message: "Hệ thống đang nhận rất nhiều biểu mẫu cùng lúc nên chưa nhận được biểu mẫu của anh/chị. " +
			"Xin anh/chị chờ khoảng 30 giây rồi tải lại trang này (nút Tải lại của trình duyệt) và xác nhận gửi lại biểu mẫu: " +
			"nội dung đã nhập được gửi lại nguyên vẹn, và một biểu mẫu gửi lại không bao giờ tạo thêm phản ánh thứ hai."}
	p.Title = p.Heading
	s.renderErrorPage(w, r, p)
	return nil, false
}
