package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// Public forms carry the signed time they were rendered, so a form filled
// faster than a person could is told apart (see FillTime): the rating and
// petition forms use it.

// ForgedFill is the fill time given for a form whose render time is
// missing or forged: faster than any person, so the rating is flagged.
const ForgedFill = time.Millisecond

// formKey returns the secret that signs form render times: a copy of
// secret, or 32 random bytes when it is too short.
func formKey(secret []byte) []byte {
	if len(secret) >= 16 {
		return append([]byte(nil), secret...)
	}
	b := make([]byte, 32)
	rand.Read(b)
	return b
}

// MaxFormAge is how long a form's stamp stays good: a form kept open
// longer is sent back with its input and a fresh stamp (see CheckStamp),
// and a robot cannot keep one stamp to claim slow fills for ever.
const MaxFormAge = 24 * time.Hour

// Stamp returns the signed render time of a form that posts to scope (its
// path), with a random one-time key of that rendering (its nonce):
// "<unix ms, base 36>.<nonce>.<MAC>".
func (s *Server) Stamp(scope string, now time.Time) string {
	ms := strconv.FormatInt(now.UnixMilli(), 36)
	b := make([]byte, 12)
	rand.Read(b)
	nonce := base64.RawURLEncoding.EncodeToString(b)
	return ms + "." + nonce + "." + s.stampMAC(scope, ms, nonce)
}

func (s *Server) stampMAC(scope, ms, nonce string) string {
	m := hmac.New(sha256.New, s.formKey)
	m.Write([]byte("rating-form\x00" + scope + "\x00" + ms))
	if nonce != "" {
		m.Write([]byte("\x00" + nonce))
	}
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// StampCheck is what the stamp of a posted form says.
type StampCheck struct {
	// Fill is how long ago the form was rendered; ForgedFill when the
	// stamp is missing, forged, made for another page or from the future.
	Fill time.Duration
	// Nonce is the one-time key of the form's rendering: the same for every
	// sending of one filled form (a reload, the back button), different for
	// each rendering. "" when the stamp is forged or carries none.
	Nonce string
	// Expired: the form was rendered more than MaxFormAge ago.
	Expired bool
}

// CheckStamp reads the stamp of a form posted to scope at now.
func (s *Server) CheckStamp(scope, stamp string, now time.Time) StampCheck {
	forged := StampCheck{Fill: ForgedFill}
	parts := strings.Split(stamp, ".")
	var ms, nonce, mac string
	switch len(parts) {
	case 2: // rendered before stamps carried a nonce
		ms, mac = parts[0], parts[1]
	case 3:
		ms, nonce, mac = parts[0], parts[1], parts[2]
		if nonce == "" || len(nonce) > 32 {
			return forged
		}
	default:
		return forged
	}
	if len(ms) > 16 || !hmac.Equal([]byte(mac), []byte(s.stampMAC(scope, ms, nonce))) {
		return forged
	}
	n, err := strconv.ParseInt(ms, 36, 64)
	if err != nil {
		return forged
	}
	d := now.Sub(time.UnixMilli(n))
	if d <= 0 {
		return forged
	}
	return StampCheck{Fill: d, Nonce: nonce, Expired: d > MaxFormAge}
}

// FillTime is how long ago the form posted to scope was rendered, read
// from its signed stamp; ForgedFill when the stamp is missing, forged,
// made for another page, from the future or older than MaxFormAge (a
// form that old is no measure of a person's filling).
func (s *Server) FillTime(scope, stamp string, now time.Time) time.Duration {
	c := s.CheckStamp(scope, stamp, now)
	if c.Expired {
		return ForgedFill
	}
	return c.Fill
}
