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
// sealing key (sqldb.SealKeys, kept outside the database), with the
// petition's tracking code as associated data: a sealed identity copied
// onto another petition does not open. The stored form is "v1:" +
// base64(nonce || ciphertext); it opens with whichever key of the ring
// sealed it.

const sealPrefix = "v1:"

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

// openReporter decrypts what SealReporter made, with the key of the ring
// that sealed it.
func openReporter(keys *sqldb.SealKeys, code, sealed string) (*petition.Reporter, error) {
	if !strings.HasPrefix(sealed, sealPrefix) {
		return nil, errors.New("sealed identity: unknown format")
	}
	raw, err := base64.StdEncoding.DecodeString(sealed[len(sealPrefix):])
	if err != nil {
		return nil, errors.New("sealed identity: bad encoding")
	}
	var plain []byte
	for _, key := range keys.All() {
		gcm, err := identityAEAD(key)
		if err != nil {
			return nil, err
		}
		if len(raw) < gcm.NonceSize() {
			return nil, errors.New("sealed identity: too short")
		}
		if plain, err = gcm.Open(nil, raw[:gcm.NonceSize()], raw[gcm.NonceSize():], []byte(code)); err == nil {
			break
		}
	}
	if plain == nil {
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

// secretMatches compares a typed secret with the stored SHA-256 hex hash in
// constant time.
func secretMatches(secret, hash string) bool {
	if secret == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(sqldb.HashToken(secret)), []byte(hash)) == 1
}
