package congvu_test

import (
	"testing"

	"congvu"
)

// A form value reads back to the reference it was written from, and
// anything else is refused rather than read loosely.
func TestParseEvidenceValue(t *testing.T) {
	for _, ok := range []string{"petition:12", "ratings:0:7", "inspection_line:3:4"} {
		ref, good := congvu.ParseEvidenceValue(ok)
		if !good || ref.FormValue() != ok {
			t.Errorf("%q: %+v %v", ok, ref, good)
		}
	}
	for _, bad := range []string{"", "petition", "petition:", "petition:-1", "petition:012", "petition:+1",
		"petition:1:0", "petition:1:2:3", "unknown:1", "PETITION:1", "petition: 1", "ratings:0:x"} {
		if ref, good := congvu.ParseEvidenceValue(bad); good {
			t.Errorf("%q read as %+v", bad, ref)
		}
	}
}

func FuzzParseEvidenceValue(f *testing.F) {
	for _, s := range []string{"petition:12", "ratings:0:7", "thanks:99", "x:1:2:3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ref, ok := congvu.ParseEvidenceValue(s)
		if ok && ref.FormValue() != s {
			t.Fatalf("%q read as %+v, written back as %q", s, ref, ref.FormValue())
		}
	})
}
