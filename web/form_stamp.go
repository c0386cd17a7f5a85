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

// Stamp returns the signed render time of a form that posts to scope (its
// path): "<unix ms, base 36>.<MAC>".
func (s *Server) Stamp(scope string, now time.Time) string {
	ms := strconv.FormatInt(now.UnixMilli(), 36)
	return ms + "." + s.stampMAC(scope, ms)
}

func (s *Server) stampMAC(scope, ms string) string {
	m := hmac.New(sha256.New, s.formKey)
	m.Write([]byte("rating-form\x00" + scope + "\x00" + ms))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// FillTime is how long ago the form posted to scope was rendered, read
// from its signed stamp; ForgedFill when the stamp is missing, forged,
// made for another page or from the future.
func (s *Server) FillTime(scope, stamp string, now time.Time) time.Duration {
	ms, mac, ok := strings.Cut(stamp, ".")
	if !ok || len(ms) > 16 || !hmac.Equal([]byte(mac), []byte(s.stampMAC(scope, ms))) {
		return ForgedFill
	}
	n, err := strconv.ParseInt(ms, 36, 64)
	if err != nil {
		return ForgedFill
	}
	d := now.Sub(time.UnixMilli(n))
	if d <= 0 {
		return ForgedFill
	}
	return d
}
