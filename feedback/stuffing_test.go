package feedback

import (
	"strings"
	"testing"
	"time"
)

func TestJudge(t *testing.T) {
	for _, c := range []struct {
		name    string
		s       Signals
		status  Status
		refused bool
		reason  string
	}{
		{"a shared address, another official each time", Signals{Address: 900, AddressTarget: 1, Burst: 1}, Accepted, false, ""},
		{"one official again from one address", Signals{Address: 7, AddressTarget: MaxPerAddressOfficialPerHour + 1}, Flagged, false, "cùng một cán bộ"},
		{"one unit's counter code from a centre's Wi-Fi", Signals{Address: 50, AddressTarget: 50, UnitLevel: true}, Accepted, false, ""},
		{"one unit again and again", Signals{Address: 61, AddressTarget: MaxPerAddressUnitPerHour + 1, UnitLevel: true}, Flagged, false, "cùng một đơn vị"},
		{"a flood from one address", Signals{Address: MaxPerAddressPerHour + 1, AddressTarget: 1}, Rejected, true, "địa chỉ mạng"},
		{"a kiosk past its cap", Signals{Kiosk: true, Device: MaxPerDevicePerHour + 1}, Rejected, true, "máy đánh giá"},
		{"a browser rating much", Signals{Device: MaxPerBrowserPerHour + 1, Address: 21, AddressTarget: 1}, Flagged, false, "trình duyệt"},
		{"the honeypot", Signals{Honeypot: true, Address: 1, AddressTarget: 1}, Rejected, false, "ô ẩn"},
		{"too fast", Signals{FillTime: time.Second, Address: 1, AddressTarget: 1}, Flagged, false, "nhanh"},
		{"a burst on an official", Signals{Burst: BurstPerOfficial + 1, Address: 1, AddressTarget: 1}, Flagged, false, "dồn dập"},
	} {
		st, reason, refused := Judge(c.s)
		if st != c.status || refused != c.refused || !strings.Contains(reason, c.reason) || (c.reason == "") != (reason == "") {
			t.Errorf("%s: %s %q refused %v", c.name, st, reason, refused)
		}
	}
}
