package web

import (
	"net"
	"testing"
)

// fakeListener hands out pipe connections that seem to come from addrs.
type fakeListener struct {
	addrs []string
}

type fakeConn struct {
	net.Conn
	remote net.Addr
}

func (c fakeConn) RemoteAddr() net.Addr { return c.remote }

func (l *fakeListener) Accept() (net.Conn, error) {
	if len(l.addrs) == 0 {
		return nil, net.ErrClosed
	}
	a, _ := net.Pipe()
	ap, err := net.ResolveTCPAddr("tcp", l.addrs[0])
	l.addrs = l.addrs[1:]
	if err != nil {
		return nil, err
	}
	return fakeConn{Conn: a, remote: ap}, nil
}
func (l *fakeListener) Close() error   { return nil }
func (l *fakeListener) Addr() net.Addr { return &net.TCPAddr{} }

// One IPv6 host owns a /64: the connection cap counts its addresses
// together, so a host cannot pass the cap by changing the address.
func TestConnLimitCountsIPv6By64(t *testing.T) {
	l := LimitConnsPerIP(&fakeListener{addrs: []string{
		"[2001:db8:1:2::1]:4001", "[2001:db8:1:2::2]:4002", "[2001:db8:1:2:ffff::3]:4003", "[2001:db8:1:3::1]:4004",
	}}, 2)
	var got []string
	for {
		c, err := l.Accept()
		if err != nil {
			break
		}
		got = append(got, c.RemoteAddr().String())
	}
	if len(got) != 3 || got[2] != "[2001:db8:1:3::1]:4004" {
		t.Fatalf("accepted %v; want two from 2001:db8:1:2::/64 (both busy) and the one from another /64", got)
	}
}
