package congvu

import "testing"

// One IPv6 host owns a /64: every address in it counts as one client.
func TestClientNet(t *testing.T) {
	for in, want := range map[string]string{
		"203.0.113.7":                 "203.0.113.7",
		"::ffff:203.0.113.7":          "203.0.113.7",
		"2001:db8:1:2:aaaa::1":        "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff:ffff:0:99": "2001:db8:1:2::/64",
		"fe80::1%eth0":                "fe80::/64",
		"unknown":                     "unknown",
	} {
		if got := ClientNet(in); got != want {
			t.Errorf("ClientNet(%q) = %q, want %q", in, got, want)
		}
	}
	if ClientNet("2001:db8:1:2::1") == ClientNet("2001:db8:1:3::1") {
		t.Error("two /64s counted as one")
	}
}
