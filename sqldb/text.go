package sqldb

import (
	"congvu/vntext"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cleanText makes outside text safe to store: valid UTF-8, no control
// characters, NFC, single spaces.
func CleanText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	return vntext.Normalize(s)
}

// cleanParagraphs is cleanText for letters (descriptions, replies, notes,
// conclusions): each line is cleaned, and the paragraphs are kept, with at
// most one empty line between two.
func CleanParagraphs(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		l = CleanText(l)
		if l == "" && (len(out) == 0 || out[len(out)-1] == "") {
			continue
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

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

// searchWords splits a search into folded words (letters and digits).
func SearchWords(q string) []string {
	words := strings.FieldsFunc(vntext.Fold(vntext.Normalize(q)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
	if len(words) > MaxSearchWords {
		words = words[:MaxSearchWords]
	}
	return words
}

// maxSearchWords bounds the words of a comment search.
const MaxSearchWords = 8

// MaxTokenLen is the longest token (dossier link, kiosk key) worth looking
// up; longer input matches nothing.
const MaxTokenLen = 200
