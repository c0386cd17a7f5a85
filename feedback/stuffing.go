package feedback

import (
	"fmt"
	"strings"
	"time"
)

// Signals are what the rules against ballot stuffing weigh for one rating.
// Counts include the rating itself; a zero count was not counted (a kiosk
// or an integration is not counted per address).
type Signals struct {
	Honeypot bool          // the hidden field was filled
	FillTime time.Duration // from form render to submit (0: unknown)
	// Address counts ratings from the rater's address pseudonym in the
	// current hour; AddressTarget those of them about the same official
	// (or, for a rating of a unit as a whole, the same unit).
	Address, AddressTarget int
	UnitLevel              bool // the rating is about a unit, no official
	// Device counts ratings from the rater's device in the current hour;
	// Kiosk says the device is a registered kiosk.
	Device int
	Kiosk  bool
	// Burst counts ratings of the official, from anywhere, in the current
	// BurstWindow.
	Burst int
}

// Judge applies the rules against ballot stuffing to a rating's signals and
// returns its status and the reason (Vietnamese, for reviewers). refused
// is true when a hard cap (MaxPerAddressPerHour, a kiosk's
// MaxPerDevicePerHour) rejected it: the rater is then told to try later.
// A filled honeypot rejects quietly; everything else that looks odd is
// flagged: kept, out of the indices until a reviewer decides.
func Judge(s Signals) (status Status, reason string, refused bool) {
	var reject, flag []string
	if s.Honeypot {
		reject = append(reject, "điền vào ô ẩn dành cho máy gửi tự động")
	}
	if s.Address > MaxPerAddressPerHour {
		reject = append(reject, fmt.Sprintf("quá %d đánh giá trong một giờ từ một địa chỉ mạng", MaxPerAddressPerHour))
		refused = true
	}
	if s.Kiosk && s.Device > MaxPerDevicePerHour {
		reject = append(reject, fmt.Sprintf("quá %d đánh giá trong một giờ từ một máy đánh giá", MaxPerDevicePerHour))
		refused = true
	}
	if len(reject) > 0 {
		return Rejected, strings.Join(reject, "; "), refused
	}
	if s.FillTime > 0 && s.FillTime < MinFillTime {
		flag = append(flag, fmt.Sprintf("gửi quá nhanh (%.1f giây sau khi mở trang)", s.FillTime.Seconds()))
	}
	if !s.Kiosk && s.Device > MaxPerBrowserPerHour {
		flag = append(flag, fmt.Sprintf("hơn %d đánh giá trong một giờ từ một trình duyệt", MaxPerBrowserPerHour))
	}
	switch {
	case s.UnitLevel && s.AddressTarget > MaxPerAddressUnitPerHour:
		flag = append(flag, fmt.Sprintf("hơn %d đánh giá cùng một đơn vị từ một địa chỉ mạng trong một giờ", MaxPerAddressUnitPerHour))
	case !s.UnitLevel && s.AddressTarget > MaxPerAddressOfficialPerHour:
		flag = append(flag, fmt.Sprintf("hơn %d đánh giá cùng một cán bộ từ một địa chỉ mạng trong một giờ", MaxPerAddressOfficialPerHour))
	}
	if s.Burst > BurstPerOfficial {
		flag = append(flag, fmt.Sprintf("đánh giá dồn dập: hơn %d đánh giá một cán bộ trong %d phút", BurstPerOfficial, int(BurstWindow/time.Minute)))
	}
	if len(flag) > 0 {
		return Flagged, strings.Join(flag, "; "), false
	}
	return Accepted, "", false
}
