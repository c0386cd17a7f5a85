package sqldb

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cleanToken normalises a public token as typed or scanned.
func CleanToken(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) > MaxTokenLen || !utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsControl) {
		return "" // matches nothing
	}
	return s
}

// hashToken is how secret tokens (dossier links, kiosk keys) are stored.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// pseudonym is the stored form of an IP address or device id.
func Pseudonym(secret []byte, kind, v string) string {
	if v == "" {
		return ""
	}
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(kind + "\x00" + v))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// MaxTokenLen is the longest token (dossier link, kiosk key) worth looking
// up; longer input matches nothing.
const MaxTokenLen = 200

// CommaList reads a column that stores a list of codes joined by commas
// (categories, unit kinds), blanks dropped.
func CommaList[T ~string](s string) []T {
	var out []T
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, T(x))
		}
	}
	return out
}
