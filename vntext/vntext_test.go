package vntext

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Nguyễn Văn Ân":             "nguyen van an",
		"  ĐẶNG   thị  Đào ":        "dang thi dao",
		"nhũng nhiễu, gây phiền hà": "nhung nhieu, gay phien ha",
		"Thành phố Hồ Chí Minh":     "thanh pho ho chi minh",
		"Ủy ban nhân dân":           "uy ban nhan dan",
		"":                          "",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	// NFD input (Unikey "tổ hợp") folds like NFC input.
	nfd := norm.NFD.String("Phường Phúc Xá")
	if Fold(nfd) != Fold("Phường Phúc Xá") {
		t.Errorf("NFD and NFC fold differently: %q", Fold(nfd))
	}
}

func TestNormalize(t *testing.T) {
	nfd := norm.NFD.String(" Trần   Thị  Hạnh ")
	got := Normalize(nfd)
	if got != "Trần Thị Hạnh" || !norm.NFC.IsNormalString(got) {
		t.Errorf("Normalize = %q", got)
	}
}

func TestLikePattern(t *testing.T) {
	if got := LikePattern("Nguyễn  An"); got != "%nguyen%an%" {
		t.Errorf("LikePattern = %q", got)
	}
	if got := LikePattern("50%_x"); got != `%50\%\_x%` {
		t.Errorf("LikePattern escapes = %q", got)
	}
	if LikePattern("   ") != "" {
		t.Error("blank query gives a pattern")
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Nguyễn Văn Ân", "Đ", "a\u0301", "  ", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if Fold(got) != got {
			t.Errorf("Fold not idempotent on %q: %q -> %q", s, got, Fold(got))
		}
		if strings.ContainsAny(got, "đĐ") || got != strings.TrimSpace(got) || strings.Contains(got, "  ") {
			t.Errorf("Fold(%q) = %q keeps đ or extra space", s, got)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Errorf("Fold(%q) produced invalid UTF-8", s)
		}
	})
}

func TestNumber(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1.000", 1234567: "1.234.567", -12345: "-12.345"} {
		if got := Number(n); got != want {
			t.Errorf("Number(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestDecimal(t *testing.T) {
	for _, c := range []struct {
		x    float64
		d    int
		want string
	}{{98.5, 2, "98,5"}, {100, 2, "100"}, {92.449, 2, "92,45"}, {0.004, 2, "0"}, {-0.001, 2, "0"}, {1234.5, 1, "1234,5"}, {86.66, 1, "86,7"}} {
		if got := Decimal(c.x, c.d); got != c.want {
			t.Errorf("Decimal(%v, %d) = %q, want %q", c.x, c.d, got, c.want)
		}
	}
}
