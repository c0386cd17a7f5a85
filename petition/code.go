package petition

import (
	"congvu"
	"regexp"
	"strings"
	"unicode"
)

// Tracking codes and secrets are what a reporter holds instead of an
// account. Both are base32 (A–Z and 2–7), so the digits 0, 1 and 8 can only
// be a misread O, L and B; people copy them by hand, in any case, with the
// spaces or hyphens of their printed groups or without. In a code, I, L
// and 1 are one character: a printed I is easily typed as 1 or l. The
// canonical form writes it L, codes are issued in it (never with an I), and
// codes issued before with an I are found by their canonical form (the
// storage compares tracking codes with I read as L, see TrackingKeySQL).
// This file is the one place that reads them: the web form, the API and
// the storage all call it.

// maxSecretLen bounds a typed secret (issued ones have 16 characters).
const maxSecretLen = 64

// NewTrackingCode returns a fresh tracking code: "PA-" and 8 upper-case
// base32 characters (40 random bits) in two groups, such as PA-7KQ3-M2XD.
func NewTrackingCode() string {
	s := strings.ReplaceAll(strings.ToUpper(congvu.RandomToken(5)), "I", "L")
	return "PA-" + s[:4] + "-" + s[4:8]
}

// NewSecret returns a fresh tracking secret: 16 lower-case base32
// characters (80 random bits).
func NewSecret() string { return congvu.RandomToken(10) }

// base32Rune maps a typed rune to the base32 alphabet of lower, or reports
// that it is a separator (skip) or cannot be part of a code (bad).
func base32Rune(r rune) (out rune, skip, bad bool) {
	switch {
	case r >= 'a' && r <= 'z', r >= '2' && r <= '7':
		return r, false, false
	case r >= 'A' && r <= 'Z':
		return r - 'A' + 'a', false, false
	case r == '0':
		return 'o', false, false
	case r == '1':
		return 'l', false, false
	case r == '8':
		return 'b', false, false
	case unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) || unicode.Is(unicode.Pc, r) || strings.ContainsRune(".,;:/", r):
		// Spaces (a non-breaking one too), dashes of every kind, '_' and
		// the punctuation a copy and paste drags along.
		return 0, true, false
	}
	return 0, false, true
}

// compact returns the base32 characters of s in lower case, or "" when s
// holds anything else than them and separators.
func compact(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		c, skip, bad := base32Rune(r)
		if bad {
			return ""
		}
		if !skip {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// NormalizeTrackingCode returns the canonical form of a tracking code as a
// person may type it (any case, spaces, with or without the hyphens or the
// "PA" prefix, 0 for O, 1 or I for L), or "" when it cannot be one.
func NormalizeTrackingCode(s string) string {
	c := strings.ReplaceAll(strings.ToUpper(compact(s)), "I", "L")
	if len(c) == 10 && strings.HasPrefix(c, "PA") {
		c = c[2:]
	}
	if len(c) != 8 {
		return ""
	}
	return "PA-" + c[:4] + "-" + c[4:]
}

// TrackingKeySQL is the SQL expression of the canonical form of a stored
// tracking code col: the codes issued before I was read as L may hold an I.
// Compare it with NormalizeTrackingCode's result (an index on it exists
// for petitions.tracking_code written as in TrackingKeySQL("tracking_code")).
func TrackingKeySQL(col string) string { return "REPLACE(" + col + ", 'I', 'L')" }

// codeLike is a search typed as a tracking code: PA, then two groups of
// four base32 characters (or 0, 1, 8 for O, L, B), hyphens or spaces between them or not.
var codeLike = regexp.MustCompile(`^PA[- ]?[A-Z0-8]{4}[- ]?[A-Z0-8]{4}$`)

// LooksLikeTrackingCode reports whether a staff search is a tracking code,
// typed as one: stricter than NormalizeTrackingCode, so that a search such
// as "PA 2018 01" stays a search of the text.
func LooksLikeTrackingCode(q string) bool {
	return codeLike.MatchString(strings.TrimSpace(strings.ToUpper(q)))
}

// NormalizeSecret returns a tracking secret as typed in its issued form
// (lower case, no separators), or "" when it cannot be one.
func NormalizeSecret(s string) string {
	c := compact(s)
	if len(c) > maxSecretLen {
		return ""
	}
	return c
}
