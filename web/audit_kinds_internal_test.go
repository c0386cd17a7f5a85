package web

import (
	"congvu/petition"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestEveryAuditKindHasALabel reads the audit kinds the storage layer
// writes and checks the audit page names each in Vietnamese.
func TestEveryAuditKindHasALabel(t *testing.T) {
	// The kernel and every capability's storage package.
	var files []string
	for _, pattern := range []string{"../sqldb/*.go", "../sqldb/*/*.go"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no storage sources")
	}
	kinds := map[string]bool{}
	re := regexp.MustCompile(`\.Audit\("([a-z_.]+)"`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllSubmatch(b, -1) {
			kinds[string(m[1])] = true
		}
	}
	for step := range petition.StepTo {
		kinds["petition."+string(step)] = true // written as "petition."+step
	}
	if len(kinds) < 30 {
		t.Fatalf("only %d audit kinds found: %v", len(kinds), kinds)
	}
	for k := range kinds {
		if k == "petition." {
			continue
		}
		if AuditKindLabel(k) == k {
			t.Errorf("audit kind %q has no Vietnamese label", k)
		}
	}
}
