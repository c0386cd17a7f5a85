package sqldb

import (
	"congvu/vntext"
	"testing"
)

func TestCleanParagraphsKeepsParagraphs(t *testing.T) {
	for in, want := range map[string]string{
		"Kính gửi Ông,\r\n\r\n\r\nCảm ơn  Ông đã phản ánh.\nTrân trọng.  ": "Kính gửi Ông,\n\nCảm ơn Ông đã phản ánh.\nTrân trọng.",
		"\n\n  một dòng \t": "một dòng",
		"a\x00b\n\x07\nc":   "ab\n\nc",
		"":                  "",
	} {
		if got := vntext.CleanParagraphs(in); got != want {
			t.Errorf("cleanParagraphs(%q) = %q, want %q", in, got, want)
		}
	}
}
