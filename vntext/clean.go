package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clean makes outside text safe to store: valid UTF-8, no control
// characters, NFC, single spaces.
func Clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	return Normalize(s)
}

// CleanParagraphs is Clean for letters (descriptions, replies, notes,
// conclusions): each line is cleaned, and the paragraphs are kept, with at
// most one empty line between two.
func CleanParagraphs(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		l = Clean(l)
		if l == "" && (len(out) == 0 || out[len(out)-1] == "") {
			continue
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// maxSearchWords bounds the words of a comment search.
const maxSearchWords = 8

// SearchWords splits a search into folded words (letters and digits).
func SearchWords(q string) []string {
	words := strings.FieldsFunc(Fold(Normalize(q)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
	if len(words) > maxSearchWords {
		words = words[:maxSearchWords]
	}
	return words
}
