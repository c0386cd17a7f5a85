package orgsql

import (
	"congvu"
	"congvu/org"
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

func TestPasswordHashFormatAndVerify(t *testing.T) {
	ctx := context.Background()
	verify := func(h, pw string) bool {
		ok, err := verifyPassword(ctx, h, pw)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	pw := "Mật khẩu rất dài 123"
	start := time.Now()
	h, err := hashPassword(ctx, pw)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	t.Logf("one argon2id hash took %v", took)
	// OWASP's first argon2id configuration: m=19 MiB, t=2, p=1.
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Count(h, "$") != 5 {
		t.Fatalf("not a PHC argon2id string with OWASP parameters: %q", h)
	}
	if needsRehash(h) {
		t.Fatal("a fresh hash needs rehashing")
	}
	if !verify(h, pw) {
		t.Fatal("the right password does not verify")
	}
	// Unikey "tổ hợp" (NFD) input is the same password.
	if !verify(h, norm.NFD.String(pw)) {
		t.Fatal("NFD form of the password does not verify")
	}
	for _, wrong := range []string{"", "mật khẩu rất dài 123", "Mat khau rat dai 123", pw + " "} {
		if verify(h, wrong) {
			t.Errorf("wrong password %q verifies", wrong)
		}
	}
	if h2, _ := hashPassword(ctx, pw); h2 == h {
		t.Error("two hashes of one password are equal: salt not random")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=65536,t=2,p=2$c2FsdHNhbHQ$aGFzaA", strings.Replace(h, "v=19", "v=16", 1),
		strings.Replace(h, "m=19456", "m=999999999", 1), h[:len(h)-4]} {
		if verify(bad, pw) {
			t.Errorf("malformed hash %q verifies", bad)
		}
	}
	// A hash of the old parameters (m=64 MiB, t=2, p=2) still verifies
	// and is due for rehashing.
	old := oldHash(pw)
	if !verify(old, pw) || !needsRehash(old) {
		t.Fatal("old-parameter hash: does not verify, or is not due for rehashing")
	}
}

// oldHash hashes pw with the parameters used before issue 9.
func oldHash(pw string) string {
	salt := []byte("0123456789abcdef")
	key := argon2.IDKey([]byte(pw), salt, 2, 64*1024, 2, 32)
	enc := base64.RawStdEncoding
	return "$argon2id$v=19$m=65536,t=2,p=2$" + enc.EncodeToString(salt) + "$" + enc.EncodeToString(key)
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

// When every hashing slot stays busy past hashWait, a sign-in is refused
// at once with ELIMIT and a Retry-After, not queued without end.
func TestHashQueueRefusesWhenFull(t *testing.T) {
	for range cap(hashSlots) {
		hashSlots <- struct{}{}
	}
	defer func() {
		for range cap(hashSlots) {
			<-hashSlots
		}
	}()
	old := hashWait
	hashWait = 50 * time.Millisecond
	defer func() { hashWait = old }()
	start := time.Now()
	_, err := verifyPassword(context.Background(), oldHash("x"), "bất kỳ mật khẩu nào")
	if congvu.ErrorCode(err) != congvu.ELIMIT || !strings.Contains(congvu.ErrorMessage(err), "bận") {
		t.Fatalf("full queue: %v", err)
	}
	if wait, ok := org.RetryAfter(err); !ok || wait != hashRetry {
		t.Fatalf("Retry-After %v %v", wait, ok)
	}
	if took := time.Since(start); took > time.Second {
		t.Fatalf("refused after %v", took)
	}
}
