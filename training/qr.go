package training

import (
	"congvu"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"strconv"
	"strings"
	"time"
)

// qrEncoding writes codes in base32 without padding, upper case: easy to
// read aloud when a phone cannot scan.
var qrEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// QRCodeLen is the length of a code.
const QRCodeLen = 10

// qrWindow is the number of the QRPeriod window holding at.
func qrWindow(at time.Time) int64 { return at.Unix() / int64(QRPeriod/time.Second) }

func qrCode(secret []byte, sessionID, window int64) string {
	m := hmac.New(sha256.New, secret)
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(sessionID))
	binary.BigEndian.PutUint64(b[8:], uint64(window))
	m.Write(b[:])
	return qrEncoding.EncodeToString(m.Sum(nil))[:QRCodeLen]
}

// QRCode is the session's attendance code at instant at: an HMAC-SHA256 of
// the session and the QRPeriod window under the session's secret, 10
// base32 characters. It changes every QRPeriod, so a code photographed and
// sent to someone absent soon stops working.
func QRCode(secret []byte, sessionID int64, at time.Time) string {
	return qrCode(secret, sessionID, qrWindow(at))
}

// CheckQRCode reports whether code is the session's code of now's window
// or of the previous one (a scan made just before the code turned), in
// constant time. Case and spaces do not matter (a code typed by hand).
func CheckQRCode(secret []byte, sessionID int64, code string, now time.Time) bool {
	code = strings.ToUpper(strings.Join(strings.Fields(code), ""))
	if len(secret) == 0 || len(code) != QRCodeLen {
		return false
	}
	w := qrWindow(now)
	cur := hmac.Equal([]byte(code), []byte(qrCode(secret, sessionID, w)))
	prev := hmac.Equal([]byte(code), []byte(qrCode(secret, sessionID, w-1)))
	return cur || prev
}

// AttendSlack is how long before a session starts and after it ends its
// attendance is taken.
const AttendSlack = 30 * time.Minute

// AttendWindow is nil when attendance at s may be taken at now: from
// AttendSlack before it starts to AttendSlack after it ends; ECONFLICT
// otherwise, in Vietnamese.
func AttendWindow(s *Session, now time.Time) error {
	if now.Before(s.StartsAt.Add(-AttendSlack)) {
		return congvu.Errorf(congvu.ECONFLICT, "Buổi bồi dưỡng chưa bắt đầu: điểm danh mở từ %s.",
			s.StartsAt.Add(-AttendSlack).In(congvu.TimeZone).Format("15:04 ngày 02/01/2006"))
	}
	if now.After(s.EndsAt.Add(AttendSlack)) {
		return congvu.Errorf(congvu.ECONFLICT, "Buổi bồi dưỡng đã kết thúc, không còn điểm danh được.")
	}
	return nil
}

// ErrBadCode is the one answer to a wrong and to an expired code: the
// scanner learns nothing about which.
func ErrBadCode() error {
	return congvu.Errorf(congvu.EINVALID, "Mã điểm danh không đúng hoặc đã hết hạn. Xin quét lại mã đang hiển thị.")
}

// AttendPath is the path the session's QR code opens on the official's
// phone (web: a confirm button for the signed-in official).
func AttendPath(sessionID int64, code string) string {
	return "/training/attend/" + strconv.FormatInt(sessionID, 10) + "/" + code
}
