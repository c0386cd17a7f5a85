package congvu

import (
	"net/mail"
	"regexp"
	"strings"
)

// EmailOK is a plain check of an e-mail address: one address, no name.
func EmailOK(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " <>") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".")
}

var phoneRe = regexp.MustCompile(`^\+?[0-9 ]{6,20}$`)

// PhoneOK is a plain check of a telephone number: digits, spaces and a
// leading +, 6 to 20 characters.
func PhoneOK(s string) bool { return phoneRe.MatchString(s) }
