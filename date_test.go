package congvu

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, in := range []string{"01/07/2025", "1/7/2025", " 2025-07-01 ", "01-07-2025"} {
		got, ok := ParseDate(in, TimeZone)
		if !ok || got.Format("2006-01-02 15:04 -0700") != "2025-07-01 00:00 +0700" {
			t.Errorf("ParseDate(%q, TimeZone) = %v, %v", in, got, ok)
		}
		if u, _ := ParseDate(in, time.UTC); !u.Equal(time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("ParseDate(%q, UTC) = %v", in, u)
		}
	}
	for _, in := range []string{"", "31/02/2025", "2025/07/01", "hôm qua"} {
		if _, ok := ParseDate(in, TimeZone); ok {
			t.Errorf("ParseDate(%q) accepted", in)
		}
	}
}
