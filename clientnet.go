package congvu

import "net/netip"

// ClientNet returns the network a client address stands for, the unit every
// limit and back-off per address counts by: an IPv4 address itself (also
// when written as IPv4-mapped IPv6), and for IPv6 its /64, since a single
// host or home is given a whole /64 and can send from any address in it.
// Something that is not an address is returned as it is.
func ClientNet(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, err := a.WithZone("").Prefix(64)
	if err != nil {
		return ip
	}
	return p.String()
}
