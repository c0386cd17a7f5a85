package orgsql

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

func TestPasswordHashFormatAndVerify(t *testing.T) {
	pw := "Mật khẩu rất dài 123"
	start := time.Now()
	h := hashPassword(pw)
	took := time.Since(start)
	t.Logf("one argon2id hash took %v", took)
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=2,p=2$") || strings.Count(h, "$") != 5 {
		t.Fatalf("not a PHC argon2id string: %q", h)
	}
	if !verifyPassword(h, pw) {
		t.Fatal("the right password does not verify")
	}
	// Unikey "tổ hợp" (NFD) input is the same password.
	if !verifyPassword(h, norm.NFD.String(pw)) {
		t.Fatal("NFD form of the password does not verify")
	}
	for _, wrong := range []string{"", "mật khẩu rất dài 123", "Mat khau rat dai 123", pw + " "} {
		if verifyPassword(h, wrong) {
			t.Errorf("wrong password %q verifies", wrong)
		}
	}
	if h2 := hashPassword(pw); h2 == h {
		t.Error("two hashes of one password are equal: salt not random")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=65536,t=2,p=2$c2FsdHNhbHQ$aGFzaA", strings.Replace(h, "v=19", "v=16", 1),
		strings.Replace(h, "m=65536", "m=999999999", 1), h[:len(h)-4]} {
		if verifyPassword(bad, pw) {
			t.Errorf("malformed hash %q verifies", bad)
		}
	}
}

func TestSecretHashIsSHA256Hex(t *testing.T) {
	if got := secretHash("abc"); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Fatalf("secretHash(abc) = %s", got)
	}
}

func TestCommonAncestor(t *testing.T) {
	for _, c := range []struct {
		paths []string
		want  int64
	}{
		{nil, 0},
		{[]string{"/1/5/7/"}, 7},
		{[]string{"/1/5/7/", "/1/5/8/"}, 5},
		{[]string{"/1/5/7/", "/1/50/"}, 1},
		{[]string{"/1/5/", "/1/5/7/9/"}, 5},
	} {
		if got := commonAncestor(c.paths); got != c.want {
			t.Errorf("commonAncestor(%v) = %d, want %d", c.paths, got, c.want)
		}
	}
}
