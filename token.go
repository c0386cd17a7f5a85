package congvu

import (
	"crypto/rand"
	"encoding/base32"
	"strings"
)

// RandomToken returns n random bytes as lower-case base32 without padding:
// unguessable, URL-safe and easy to read aloud.
func RandomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}
