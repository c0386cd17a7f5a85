package petitionsql

import (
	"congvu"
	"congvu/petition"
	"congvu/sqldb"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strconv"
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
	r, _, err := openReporterWith(keys, code, sealed)
	return r, err
}

// openReporterWith is openReporter that also tells whether the sealing key
// opened it (false: an older key of the ring did).
func openReporterWith(keys *sqldb.SealKeys, code, sealed string) (*petition.Reporter, bool, error) {
	if !strings.HasPrefix(sealed, sealPrefix) {
		return nil, false, errors.New("sealed identity: unknown format")
	}
	raw, err := base64.StdEncoding.DecodeString(sealed[len(sealPrefix):])
	if err != nil {
		return nil, false, errors.New("sealed identity: bad encoding")
	}
	var plain []byte
	current := false
	for i, key := range keys.All() {
		gcm, err := identityAEAD(key)
		if err != nil {
			return nil, false, err
		}
		if len(raw) < gcm.NonceSize() {
			return nil, false, errors.New("sealed identity: too short")
		}
		if plain, err = gcm.Open(nil, raw[:gcm.NonceSize()], raw[gcm.NonceSize():], []byte(code)); err == nil {
			current = i == 0
			break
		}
	}
	if plain == nil {
		return nil, false, errors.New("sealed identity: does not open")
	}
	r := &petition.Reporter{}
	if err := json.Unmarshal(plain, r); err != nil {
		return nil, false, errors.New("sealed identity: bad content")
	}
	return r, current, nil
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

// Reseal seals again, under the sealing key, every reporter's identity
// sealed under an older key of the ring, and returns how many it resealed:
// after it the older keys may leave the key file. Only the operator at the
// command line may run it; it is audited as one event.
func (s *PetitionService) Reseal(ctx context.Context) (int, error) {
	if !congvu.ActorFromContext(ctx).IsSystem() {
		return 0, congvu.Errorf(congvu.EFORBIDDEN, "Chỉ người vận hành (dòng lệnh) được niêm phong lại danh tính người phản ánh.")
	}
	keys, err := s.sealKeys()
	if err != nil {
		return 0, err
	}
	sealKey, err := s.db.SealingKey(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		type sealedRow struct {
			id           int64
			code, sealed string
		}
		rows, err := sqldb.QueryAll(tx.Ctx, s.db, tx, "sealed identities", `SELECT id, tracking_code, reporter_sealed FROM petitions WHERE reporter_sealed <> '' ORDER BY id`,
			func(sc sqldb.Scanner) (sealedRow, error) {
				var r sealedRow
				return r, sc.Scan(&r.id, &r.code, &r.sealed)
			})
		if err != nil {
			return err
		}
		for _, r := range rows {
			rep, current, err := openReporterWith(keys, r.code, r.sealed)
			if err != nil {
				return s.db.Internal("reseal petition "+strconv.FormatInt(r.id, 10), err)
			}
			if current {
				continue
			}
			sealed, err := SealReporter(sealKey, r.code, *rep)
			if err != nil {
				return s.db.Internal("reseal", err)
			}
			if _, err := tx.ExecContext(tx.Ctx, `UPDATE petitions SET reporter_sealed = $1 WHERE id = $2`, sealed, r.id); err != nil {
				return s.db.Internal("reseal", err)
			}
			n++
		}
		return tx.Audit("petition.reseal", "petition", 0, 0, nil, map[string]any{"resealed": n})
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// secretMatches compares a typed secret with the stored SHA-256 hex hash in
// constant time.
func secretMatches(secret, hash string) bool {
	if secret == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(sqldb.HashToken(secret)), []byte(hash)) == 1
}
