// Package vntext handles Vietnamese text: normalisation to NFC, folding for
// search (diacritics and đ removed, lower case), and search keys.
package vntext

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns s in NFC with surrounding space trimmed and inner runs of
// white space collapsed to one space. All user input goes through it before
// it is stored, hashed or compared (Unikey's "tổ hợp" mode sends NFD).
func Normalize(s string) string {
	s = norm.NFC.String(s)
	return strings.Join(strings.Fields(s), " ")
}

// Fold returns the search form of s: lower case, no diacritics, đ as d,
// single spaces. "Nguyễn Văn Ân" and "nguyen van an" fold alike.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // drop leading space
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsSpace(r):
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		default:
			r = unicode.ToLower(r)
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimRight(b.String(), " ")
}

// SearchKey is the folded text kept in a search column for several fields,
// separated by spaces, so one LIKE or FTS match covers them all.
func SearchKey(parts ...string) string {
	var keep []string
	for _, p := range parts {
		if f := Fold(p); f != "" {
			keep = append(keep, f)
		}
	}
	return strings.Join(keep, " ")
}

// LikePattern returns a LIKE pattern (escape character '\') that matches
// folded text containing every word of the folded query, in order.
func LikePattern(query string) string {
	words := strings.Fields(Fold(query))
	if len(words) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteByte('%')
	for _, w := range words {
		for _, r := range w {
			if r == '%' || r == '_' || r == '\\' {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
		b.WriteByte('%')
	}
	return b.String()
}

// Number writes an integer the Vietnamese way, with dots between thousands:
// 1.234.567.
func Number(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Decimal writes x the Vietnamese way, with a decimal comma, rounded to at
// most decimals places and without trailing zeros: 98,5; 92,45; 100.
func Decimal(x float64, decimals int) string {
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return strings.Replace(s, ".", ",", 1)
}
