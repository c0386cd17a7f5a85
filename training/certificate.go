package training

import (
	"congvu"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Certificate numbers are printed on the certificate and typed by whoever
// checks it at /training/certificates/{number}: "BD-", the year, and 8
// upper-case base32 characters (40 random bits) in two groups, such as
// BD-2026-7F3K-9QX2 (base32 has no 0, 1, 8 nor 9: the digits a reader
// misreads are mapped back). Unguessable: the verification page tells a
// name, so numbers must not be enumerable.

// CertificatePrefix starts every certificate number.
const CertificatePrefix = "BD-"

// NewCertificateNumber returns a fresh certificate number of the year.
func NewCertificateNumber(year int) string {
	s := strings.ToUpper(congvu.RandomToken(5))
	return CertificatePrefix + strconv.Itoa(year) + "-" + s[:4] + "-" + s[4:8]
}

// NormalizeCertificateNumber returns a typed number in its canonical form
// (upper case, the groups joined by hyphens, 0/1/8 read as O/L/B), and
// false when it cannot be a certificate number.
func NormalizeCertificateNumber(s string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) || r == '_' || r == '.':
			continue
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			return "", false
		}
	}
	c := b.String()
	// "BD", four digits of the year, eight base32 characters.
	if len(c) != 14 || !strings.HasPrefix(c, "BD") {
		return "", false
	}
	year, rest := c[2:6], []byte(c[6:])
	if _, err := strconv.Atoi(year); err != nil || year < "2000" {
		return "", false
	}
	for i, r := range rest {
		switch {
		case r == '0':
			rest[i] = 'O'
		case r == '1':
			rest[i] = 'L'
		case r == '8':
			rest[i] = 'B'
		case r == '9':
			return "", false
		}
	}
	return CertificatePrefix + year + "-" + string(rest[:4]) + "-" + string(rest[4:]), true
}

// CertificatePath is the address where anyone checks a certificate.
func CertificatePath(number string) string { return "/training/certificates/" + number }

// Public is what the public verification shows of a certificate: the
// official's name, the campaign, the organising unit and the date; not the
// score, the hours nor the official's record.
func (c *Certificate) Public() *Certificate {
	return &Certificate{Number: c.Number, CampaignTitle: c.CampaignTitle, UnitName: c.UnitName,
		OfficialName: c.OfficialName, IssuedAt: c.IssuedAt}
}

// CertificateCheck is the public check of a certificate as sent to anyone
// (the JSON of /api/v1/training/certificates/{number}): only what the
// printed certificate's reader needs to match it.
type CertificateCheck struct {
	Number        string    `json:"number"`
	OfficialName  string    `json:"official_name"`
	CampaignTitle string    `json:"campaign_title"`
	UnitName      string    `json:"unit_name"`
	IssuedAt      time.Time `json:"issued_at"`
}

// Check is c's public check.
func (c *Certificate) Check() CertificateCheck {
	return CertificateCheck{Number: c.Number, OfficialName: c.OfficialName, CampaignTitle: c.CampaignTitle, UnitName: c.UnitName, IssuedAt: c.IssuedAt}
}
