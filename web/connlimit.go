package web

import (
	"congvu"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
)

// MaxConnsPerIP is how many connections one client address (an IPv6 /64)
// may hold open at once (ListenAndServe applies it unless TrustProxy, where every
// connection comes from the proxy). Browsers open about six per site and
// keep them open when idle; a one-stop centre's Wi-Fi or a carrier's shared
// address has dozens of people behind it. So an address at the cap loses
// one of its idle connections to a new one (its browser reconnects) and
// only connections busy with a request count against it: 200 slow uploads
// from one address held the server's connections before.
const MaxConnsPerIP = 64

// ConnLimiter is a listener accepting at most max busy connections at once
// from one remote IP address. Its ConnState must be the http.Server's
// ConnState, so that it knows which connections are idle.
type ConnLimiter struct {
	net.Listener
	max  int
	mu   sync.Mutex
	open map[string]map[*limitedConn]struct{}
}

// LimitConnsPerIP returns l accepting at most max connections at once from
// one address: a new connection from an address at the cap closes one of
// its idle connections, or, when all are busy with a request, is closed as
// soon as it is accepted (the client sees a reset and may retry).
func LimitConnsPerIP(l net.Listener, max int) *ConnLimiter {
	return &ConnLimiter{Listener: l, max: max, open: map[string]map[*limitedConn]struct{}{}}
}

// Accept accepts the next connection within the address's cap.
func (l *ConnLimiter) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		ip := remoteIP(c)
		lc := &limitedConn{Conn: c, l: l, ip: ip}
		l.mu.Lock()
		conns := l.open[ip]
		var idle *limitedConn
		if len(conns) >= l.max {
			for o := range conns {
				if o.idle.Load() {
					idle = o
					break
				}
			}
			if idle == nil {
				l.mu.Unlock()
				c.Close()
				continue
			}
			delete(conns, idle) // its place is the new connection's now
		}
		if conns == nil {
			conns = map[*limitedConn]struct{}{}
			l.open[ip] = conns
		}
		conns[lc] = struct{}{}
		l.mu.Unlock()
		if idle != nil {
			idle.Conn.Close() // the server sees the read fail and forgets it
		}
		return lc, nil
	}
}

// ConnState records which connections are idle (between requests); set it
// as the http.Server's ConnState.
func (l *ConnLimiter) ConnState(c net.Conn, s http.ConnState) {
	if lc, ok := c.(*limitedConn); ok {
		lc.idle.Store(s == http.StateIdle)
	}
}

func (l *ConnLimiter) release(c *limitedConn) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if conns := l.open[c.ip]; conns != nil {
		delete(conns, c)
		if len(conns) == 0 {
			delete(l.open, c.ip)
		}
	}
}

// remoteIP is the client network of c the cap counts by (congvu.ClientNet:
// the IPv4 address, or the IPv6 /64 that one host owns).
func remoteIP(c net.Conn) string {
	host, _, err := net.SplitHostPort(c.RemoteAddr().String())
	if err != nil {
		return c.RemoteAddr().String()
	}
	return congvu.ClientNet(host)
}

// limitedConn gives its place back when closed (once).
type limitedConn struct {
	net.Conn
	l    *ConnLimiter
	ip   string
	idle atomic.Bool
	once sync.Once
}

func (c *limitedConn) Close() error {
	c.once.Do(func() { c.l.release(c) })
	return c.Conn.Close()
}
