package petitionsql

import (
	"congvu/petition"
	"congvu/sqldb"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
)

// The reporter's identity is sealed at rest with AES-256-GCM under the
// persistent secret petitionIdentityKey, with the petition's tracking code
// as associated data: a sealed identity copied onto another petition does
// not open. The stored form is "v1:" + base64(nonce || ciphertext).

const (
	PetitionIdentityKey = "petition_identity_key"
	petitionIPKey       = "petition.ip_hmac_secret"
	sealPrefix          = "v1:"
)

// sealReporter encrypts r for the petition with the given tracking code.
func SealReporter(key []byte, code string, r petition.Reporter) (string, error) {
	gcm, err := identityAEAD(key)
	if err != nil {
		return "", err
	}
	plain, err := json.Marshal(r)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	sealed := gcm.Seal(nonce, nonce, plain, []byte(code))
	return sealPrefix + base64.StdEncoding.EncodeToString(sealed), nil
}

// openReporter decrypts what sealReporter made.
func openReporter(key []byte, code, sealed string) (*petition.Reporter, error) {
	if !strings.HasPrefix(sealed, sealPrefix) {
		return nil, errors.New("sealed identity: unknown format")
	}
	raw, err := base64.StdEncoding.DecodeString(sealed[len(sealPrefix):])
	if err != nil {
		return nil, errors.New("sealed identity: bad encoding")
	}
	gcm, err := identityAEAD(key)
	if err != nil {
		return nil, err
	}
	if len(raw) < gcm.NonceSize() {
		return nil, errors.New("sealed identity: too short")
	}
	plain, err := gcm.Open(nil, raw[:gcm.NonceSize()], raw[gcm.NonceSize():], []byte(code))
	if err != nil {
		return nil, errors.New("sealed identity: does not open")
	}
	r := &petition.Reporter{}
	if err := json.Unmarshal(plain, r); err != nil {
		return nil, errors.New("sealed identity: bad content")
	}
	return r, nil
}

func identityAEAD(key []byte) (cipher.AEAD, error) {
	if len(key) < 32 {
		return nil, errors.New("identity key shorter than 32 bytes")
	}
	block, err := aes.NewCipher(key[:32])
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// newTrackingCode returns a fresh tracking code: "PA-" and 8 upper-case
// base32 characters (40 random bits) in two groups, such as PA-7KQ3-M9XD.
func NewTrackingCode() string {
	s := strings.ToUpper(sqldb.RandomToken(5))
	return "PA-" + s[:4] + "-" + s[4:8]
}

// normalizeTrackingCode returns the canonical form of a tracking code as a
// person may type it (any case, spaces, with or without the hyphens or the
// "PA" prefix), or "" when it cannot be one.
func normalizeTrackingCode(s string) string {
	s = strings.ToUpper(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z', r >= '2' && r <= '7':
			b.WriteRune(r)
		case r == '-' || r == ' ' || r == '\t':
		default:
			return ""
		}
	}
	c := b.String()
	if len(c) == 10 && strings.HasPrefix(c, "PA") {
		c = c[2:]
	}
	if len(c) != 8 {
		return ""
	}
	return "PA-" + c[:4] + "-" + c[4:]
}

// looksLikeTrackingCode reports whether a search is a tracking code.
func looksLikeTrackingCode(q string) bool {
	q = strings.TrimSpace(strings.ToUpper(q))
	return strings.HasPrefix(q, "PA") && normalizeTrackingCode(q) != ""
}

// normalizeSecret is the tracking secret as typed: lower case, without the
// spaces or hyphens a person may add while copying it.
func normalizeSecret(s string) string {
	s = strings.ToLower(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '2' && r <= '7':
			b.WriteRune(r)
		case r == '-' || r == ' ' || r == '\t':
		default:
			return ""
		}
	}
	if b.Len() > 64 {
		return ""
	}
	return b.String()
}

// secretMatches compares a typed secret with the stored SHA-256 hex hash in
// constant time.
func secretMatches(secret, hash string) bool {
	if secret == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(sqldb.HashToken(secret)), []byte(hash)) == 1
}
