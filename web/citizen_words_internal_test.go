package web

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestCitizenWords: what citizens read addresses them as "anh/chị" (never
// "bạn", as staff pages do), tells no phone to press Ctrl+P, and uses only
// autocomplete tokens valid on a one-line <input> (street-address is for a
// <textarea>).
func TestCitizenWords(t *testing.T) {
	// The citizens' templates and the domain messages shown on their forms.
	files := []string{"templates/petition_public.html", "templates/rate.html", "../petition/validate.go", "../feedback/validate.go"}
	ban := regexp.MustCompile(`(?i)(^|[^\p{L}])bạn([^\p{L}]|$)`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "//") {
				continue
			}
			if ban.MatchString(line) {
				t.Errorf("%s:%d addresses the citizen as “bạn”: %s", f, i+1, strings.TrimSpace(line))
			}
			if strings.Contains(line, "Ctrl+P") {
				t.Errorf("%s:%d tells a phone to press Ctrl+P", f, i+1)
			}
			if strings.Contains(line, "autocomplete=street-address") {
				t.Errorf("%s:%d puts autocomplete=street-address on a one-line input", f, i+1)
			}
		}
	}
}
