package petition_test

import (
	"strings"
	"testing"

	"congvu/petition"
)

func TestTrackingCodeNormalization(t *testing.T) {
	for in, want := range map[string]string{
		"PA-7KQ3-M2XD":      "PA-7KQ3-M2XD",
		" pa-7kq3-m2xd ":    "PA-7KQ3-M2XD",
		"pa 7kq3 m2xd":      "PA-7KQ3-M2XD",
		"PA7KQ3M2XD":        "PA-7KQ3-M2XD",
		"7KQ3-M2XD":         "PA-7KQ3-M2XD",
		"PA-7KQ3-M2X0":      "PA-7KQ3-M2XO", // a zero can only be an O
		"PA-7KQ3-M21D":      "PA-7KQ3-M2LD", // a one is an I or an L: one character
		"PA-7KQ3-M2ID":      "PA-7KQ3-M2LD",
		"pa-7kq3-m2ld":      "PA-7KQ3-M2LD",
		"PA-7KQ3-M2lD":      "PA-7KQ3-M2LD",
		"xyz":               "",
		"PA-7KQ3-M9XD":      "", // 9 is not base32
		"PA-7KQ3-M2XD-A":    "",
		"PA-7KQ3-M2XĐ":      "",
		"":                  "",
		"PA–7KQ3–M2XD":      "PA-7KQ3-M2XD", // en dashes
		"PA-7KQ3\u00a0M2XD": "PA-7KQ3-M2XD", // a non-breaking space
		"PA_7KQ3_M2XD":      "PA-7KQ3-M2XD",
		"pa/7kq3/m2xd":      "PA-7KQ3-M2XD",
		"PA-7KQ3-M2XD,":     "PA-7KQ3-M2XD", // punctuation pasted along
	} {
		if got := petition.NormalizeTrackingCode(in); got != want {
			t.Errorf("code %q → %q, want %q", in, got, want)
		}
	}
	if !petition.LooksLikeTrackingCode("pa-7kq3-m2xd") || !petition.LooksLikeTrackingCode("PA7KQ3M2XD") || petition.LooksLikeTrackingCode("7KQ3M2XD") ||
		petition.LooksLikeTrackingCode("phản ánh") || petition.LooksLikeTrackingCode("PA 2018 01") {
		t.Error("LooksLikeTrackingCode")
	}
	for in, want := range map[string]string{
		"abcd efgh ijkl mnop": "abcdefghijklmnop",
		"ABCD-EFGH":           "abcdefgh",
		"o0l1b8":              "oollbb",
		"abcd!efgh":           "",
		"mật khẩu":            "",
	} {
		if got := petition.NormalizeSecret(in); got != want {
			t.Errorf("secret %q → %q, want %q", in, got, want)
		}
	}
}

// What the system issues reads back as itself, however it is typed.
func TestIssuedCodesReadBack(t *testing.T) {
	for range 200 {
		code, secret := petition.NewTrackingCode(), petition.NewSecret()
		if strings.Contains(code, "I") {
			t.Fatalf("code %s holds an I, which reads as 1 or L", code)
		}
		if petition.NormalizeTrackingCode(code) != code || petition.NormalizeTrackingCode(" "+code[3:7]+" "+code[8:]) != code {
			t.Fatalf("code %s does not read back", code)
		}
		if len(secret) != 16 || petition.NormalizeSecret(secret[:8]+" "+secret[8:]) != secret {
			t.Fatalf("secret %s does not read back", secret)
		}
	}
}

// Whatever is typed, a normalised code is canonical and normalising it
// again changes nothing.
func FuzzNormalizeTrackingCode(f *testing.F) {
	for _, s := range []string{"PA-7KQ3-M2XD", "pa 7kq3 m2xd", "", "xyz", "PA-0000-1111", "Đ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := petition.NormalizeTrackingCode(s)
		if c == "" {
			return
		}
		if len(c) != 12 || c[:3] != "PA-" || c[7] != '-' || petition.NormalizeTrackingCode(c) != c {
			t.Fatalf("%q → %q", s, c)
		}
		if sec := petition.NormalizeSecret(s); len(sec) > 64 {
			t.Fatalf("secret of %d characters", len(sec))
		}
	})
}
