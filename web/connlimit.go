package web

import (
	"net"
	"sync"
)

// MaxConnsPerIP is how many connections one client address may hold open
// at once (ListenAndServe applies it unless TrustProxy, where every
// connection comes from the proxy). Browsers open about six per site; a
// one-stop centre's Wi-Fi or a carrier's shared address has a few dozen
// people behind it. 200 slow uploads from one address held the server's
// connections before.
const MaxConnsPerIP = 64

// LimitConnsPerIP returns l accepting at most max connections at once from
// one remote IP address; a connection beyond that is closed as soon as it
// is accepted (the client sees a reset and may retry).
func LimitConnsPerIP(l net.Listener, max int) net.Listener {
	return &ipLimitListener{Listener: l, max: max, open: map[string]int{}}
}

type ipLimitListener struct {
	net.Listener
	max  int
	mu   sync.Mutex
	open map[string]int
}

func (l *ipLimitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		ip := remoteIP(c)
		l.mu.Lock()
		if l.open[ip] >= l.max {
			l.mu.Unlock()
			c.Close()
			continue
		}
		l.open[ip]++
		l.mu.Unlock()
		return &ipLimitConn{Conn: c, l: l, ip: ip}, nil
	}
}

func (l *ipLimitListener) release(ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[ip]--; l.open[ip] <= 0 {
		delete(l.open, ip)
	}
}

func remoteIP(c net.Conn) string {
	host, _, err := net.SplitHostPort(c.RemoteAddr().String())
	if err != nil {
		return c.RemoteAddr().String()
	}
	return host
}

// ipLimitConn gives its place back when closed (once).
type ipLimitConn struct {
	net.Conn
	l    *ipLimitListener
	ip   string
	once sync.Once
}

func (c *ipLimitConn) Close() error {
	c.once.Do(func() { c.l.release(c.ip) })
	return c.Conn.Close()
}
