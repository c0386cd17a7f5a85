package sqldb

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// The keys that seal reporters' identities live outside the database: a
// copy of the database (a backup, a dump handed to a contractor, a stolen
// disk) then holds only ciphertext. They come from the environment
// (SealKeyEnv, the key that seals) and from a key file beside the database
// (mode 0600; the older keys, or all of them), see LoadSealKeys and the
// README's "Sealing keys" for backup and rotation.

// SealKeyEnv is the environment variable that may hold the sealing key
// (32 bytes, standard base64).
const SealKeyEnv = "CONGVU_SEAL_KEY"

// legacySealSetting is where versions before the key file kept the key, in
// the database it protected.
const legacySealSetting = "petition_identity_key"

// SealKeys is a key ring: the newest key seals, every key opens what it
// sealed (AES-GCM tells which one did).
type SealKeys struct {
	keys [][]byte

	mu      sync.Mutex
	checked time.Time // when the recorded check last matched the sealing key (DB.SealingKey)
}

// sealCheckTTL is how long DB.SealingKey trusts a match of the recorded
// key check before reading it again.
const sealCheckTTL = time.Minute

// SealingKey returns the key that seals new data, once the database's
// recorded key check (read again at most every sealCheckTTL) still names
// it: after another app server started with a newer key, this one refuses
// to seal (an internal error, logged) instead of sealing with a key the
// others may not hold. No recorded check (test fixtures) lets it seal.
func (db *DB) SealingKey(ctx context.Context) ([]byte, error) {
	k := db.Seal
	if k == nil {
		return nil, db.Internal("seal keys", errors.New("no sealing keys loaded (sqldb.LoadSealKeys)"))
	}
	key := k.Sealing()
	now := db.Now()
	k.mu.Lock()
	fresh := !k.checked.IsZero() && now.Sub(k.checked) < sealCheckTTL && !now.Before(k.checked)
	k.mu.Unlock()
	if fresh {
		return key, nil
	}
	recorded, err := readSealCheck(ctx, db)
	if err != nil {
		return nil, err
	}
	if check := SealKeyCheck(key); recorded != "" && recorded != check {
		return nil, db.Internal("seal", fmt.Errorf("the database now records sealing key %s, not this server's %s: another app server started with another key; refusing to seal until every server has the same key file and this one is restarted",
			keyID(recorded), keyID(check)))
	}
	k.mu.Lock()
	k.checked = now
	k.mu.Unlock()
	return key, nil
}

// NewSealKeys returns the ring of keys, oldest first; each has 32 bytes.
func NewSealKeys(keys ...[]byte) *SealKeys {
	return &SealKeys{keys: append([][]byte(nil), keys...)}
}

// Sealing returns the key that seals new data.
func (k *SealKeys) Sealing() []byte { return k.keys[len(k.keys)-1] }

// All returns every key, newest first: the order to try them in.
func (k *SealKeys) All() [][]byte {
	out := make([][]byte, 0, len(k.keys))
	for i := len(k.keys) - 1; i >= 0; i-- {
		out = append(out, k.keys[i])
	}
	return out
}

// NewSealKey returns a fresh random key.
func NewSealKey() []byte {
	b := make([]byte, 32)
	rand.Read(b)
	return b
}

// sealCheckSetting holds SealKeyCheck of the key that sealed last: every
// app server must hold that key (or a newer one beside it) to start.
const sealCheckSetting = "seal_key_check"

// SealKeyCheck identifies a key without revealing it: the hex HMAC-SHA256
// of a fixed label under the key. Its first 12 characters name the key in
// messages.
func SealKeyCheck(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("congvu seal key check v1"))
	return hex.EncodeToString(m.Sum(nil))
}

// keyID is the short name of a key check in messages.
func keyID(check string) string { return check[:min(12, len(check))] }

// LoadSealKeys returns the sealing keys of db from envKey (the value of
// SealKeyEnv, "" when unset) and the key file at path: one key a line in
// standard base64, oldest first, "#" comments allowed. The sealing key is
// envKey when set, else the file's last key.
//
// The file must be readable by its owner only (mode 0600 or tighter):
// LoadSealKeys refuses a wider mode. The settings table holds the check
// (SealKeyCheck) of the key that seals: LoadSealKeys refuses keys that do
// not include it — a second app server with its own key, a wrong or an
// outdated key file — and records the new sealing key after a rotation
// (the one recorded is still in the ring). When neither the file nor
// envKey exists it creates the file with a new key, unless the database
// already holds sealed identities (the key was lost: a new one would seal
// new data and never open the old) or, on PostgreSQL, a check is recorded
// (another server created the key: copy its file). A key an earlier
// version kept in the settings table is moved to the file, ahead of the
// others, and deleted from the table once the file is read back with it —
// or at once when envKey is that key.
func LoadSealKeys(ctx context.Context, db *DB, path, envKey string) (*SealKeys, error) {
	var env []byte
	if envKey = strings.TrimSpace(envKey); envKey != "" {
		k, err := base64.StdEncoding.DecodeString(envKey)
		if err != nil || len(k) != 32 {
			return nil, fmt.Errorf("%s must be 32 bytes in base64 (openssl rand -base64 32)", SealKeyEnv)
		}
		env = k
	}
	keys, err := readSealKeyFile(path)
	exists := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	var legacy []byte
	var hexKey string
	switch err := db.Write.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, legacySealSetting).Scan(&hexKey); {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, db.Internal("read the legacy sealing key", err)
	default:
		if legacy, err = hex.DecodeString(hexKey); err != nil || len(legacy) < 32 {
			return nil, fmt.Errorf("setting %s is not a key of 32 bytes", legacySealSetting)
		}
		legacy = legacy[:32]
	}
	recorded, err := readSealCheck(ctx, db)
	if err != nil {
		return nil, err
	}
	write, created := false, false
	if legacy != nil && !containsKey(keys, legacy) && !bytes.Equal(legacy, env) {
		keys, write = append([][]byte{legacy}, keys...), true
	}
	if len(keys) == 0 && env == nil {
		var sealed int
		if err := db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM petitions WHERE reporter_sealed <> ''`).Scan(&sealed); err != nil {
			return nil, db.Internal("count sealed identities", err)
		}
		if sealed > 0 {
			return nil, fmt.Errorf("no sealing key: neither %s nor the key file %s exists, and the database holds %d sealed identities; restore the key file from its backup", SealKeyEnv, path, sealed)
		}
		if recorded != "" && db.Engine == Postgres {
			return nil, fmt.Errorf("no sealing key file %s: another app server created the key sealing this database's identities (key %s); copy its key file here (mode 0600, same path) or set %s to the same key, then start again — do not create a new one",
				path, keyID(recorded), SealKeyEnv)
		}
		keys, write, created = [][]byte{NewSealKey()}, true, true
	}
	ring := keys
	if env != nil { // the environment's key seals, even if the file holds it
		ring = append(removeKey(keys, env), env)
	}
	check := SealKeyCheck(ring[len(ring)-1])
	if recorded != "" && recorded != check && !created && !ringHolds(ring, recorded) {
		var have []string
		for _, k := range ring {
			have = append(have, keyID(SealKeyCheck(k)))
		}
		return nil, fmt.Errorf("wrong sealing keys: this database's identities are sealed with key %s, which neither the key file %s nor %s holds (they hold %s); copy the key file from the app server that has it, or restore it from its backup, then start again",
			keyID(recorded), path, SealKeyEnv, strings.Join(have, ", "))
	}
	if write {
		if err := writeSealKeyFile(path, keys, exists); err != nil {
			return nil, err
		}
	}
	if err := recordSealCheck(ctx, db, recorded, check); err != nil {
		if !created {
			return nil, err
		}
		os.Remove(path)
		return nil, fmt.Errorf("%w; the key file %s just created was removed: copy the key file of the other app server here, then start again", err, path)
	}
	if legacy != nil {
		// Deleted once the environment holds it, or once the file is read
		// back with the key in it.
		inEnv := bytes.Equal(legacy, env)
		if !inEnv {
			back, err := readSealKeyFile(path)
			if err != nil || !containsKey(back, legacy) {
				return nil, fmt.Errorf("the sealing key kept in the database could not be moved to %s (read back: %v); it stays in the settings table", path, err)
			}
		}
		if _, err := db.Write.ExecContext(ctx, `DELETE FROM settings WHERE key = $1`, legacySealSetting); err != nil {
			return nil, db.Internal("delete the legacy sealing key", err)
		}
		switch {
		case db.Log == nil:
		case inEnv:
			db.Log.Warn("the sealing key kept in the database was deleted from it: " + SealKeyEnv + " holds it; back that key up now, apart from the database backups (without it sealed identities cannot be opened)")
		default:
			db.Log.Warn("the sealing key was moved from the database to the key file: back the file up now, apart from the database backups (without it sealed identities cannot be opened)",
				"file", path)
		}
	} else if created && db.Log != nil {
		db.Log.Warn("a new sealing key file was created: back it up apart from the database backups, and copy it to every other app server", "file", path)
	}
	return NewSealKeys(ring...), nil
}

// ringHolds reports whether one of keys has the check.
func ringHolds(keys [][]byte, check string) bool {
	for _, k := range keys {
		if hmac.Equal([]byte(SealKeyCheck(k)), []byte(check)) {
			return true
		}
	}
	return false
}

// readSealCheck returns the recorded check, "" when none.
func readSealCheck(ctx context.Context, db *DB) (string, error) {
	var v string
	err := db.Write.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, sealCheckSetting).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", db.Internal("read the sealing key check", err)
	}
	return v, nil
}

// recordSealCheck records check where recorded was read: created if none
// was, replaced after a rotation only if still recorded; refused when
// another server recorded another one meanwhile.
func recordSealCheck(ctx context.Context, db *DB, recorded, check string) error {
	if recorded == check {
		return nil
	}
	if recorded != "" {
		// Compare and swap: of two servers rotated apart and started
		// together, the second finds the value changed and stops.
		res, err := db.Write.ExecContext(ctx, `UPDATE settings SET value = $2 WHERE key = $1 AND value = $3`, sealCheckSetting, check, recorded)
		if err != nil {
			return db.Internal("record the sealing key check", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return db.Internal("record the sealing key check", err)
		}
		if n == 1 {
			return nil
		}
		now, err := readSealCheck(ctx, db)
		if err != nil {
			return err
		}
		if now != check {
			return fmt.Errorf("another app server recorded sealing key %s while this one was starting with key %s (key %s was recorded before): the servers hold different sealing keys; give every app server the same key file, then start again",
				keyID(now), keyID(check), keyID(recorded))
		}
		return nil
	}
	if _, err := db.Write.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, sealCheckSetting, check); err != nil {
		return db.Internal("record the sealing key check", err)
	}
	now, err := readSealCheck(ctx, db)
	if err != nil {
		return err
	}
	if now != check {
		return fmt.Errorf("another app server created the sealing key (key %s) at the same time", keyID(now))
	}
	return nil
}

func containsKey(keys [][]byte, k []byte) bool {
	for _, x := range keys {
		if bytes.Equal(x, k) {
			return true
		}
	}
	return false
}

func removeKey(keys [][]byte, k []byte) [][]byte {
	var out [][]byte
	for _, x := range keys {
		if !bytes.Equal(x, k) {
			out = append(out, x)
		}
	}
	return out
}

// readSealKeyFile reads the key file, refusing one others may read.
func readSealKeyFile(path string) ([][]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("the sealing key file %s has mode %04o: others may read it; refusing to start (chmod 600 %s)", path, st.Mode().Perm(), path)
	}
	var keys [][]byte
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, err := base64.StdEncoding.DecodeString(line)
		if err != nil || len(k) != 32 {
			return nil, fmt.Errorf("%s line %d: not a key of 32 bytes in base64", path, n)
		}
		keys = append(keys, k)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return keys, nil
}

// writeSealKeyFile writes the keys (mode 0600) through a temporary file and
// a rename, so a crash leaves the old file or the new one.
func writeSealKeyFile(path string, keys [][]byte, replace bool) error {
	var b strings.Builder
	b.WriteString("# Công vụ sealing keys, oldest first; the last one seals new identities.\n")
	b.WriteString("# Back this file up apart from the database: without it sealed identities cannot be opened.\n")
	for _, k := range keys {
		b.WriteString(base64.StdEncoding.EncodeToString(k) + "\n")
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".seal-key-*")
	if err != nil {
		return fmt.Errorf("write the sealing key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.WriteString(b.String()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if !replace {
		if _, err := os.Stat(path); err == nil {
			return fmt.Errorf("the sealing key file %s appeared meanwhile; start again", path)
		}
	}
	return os.Rename(tmp.Name(), path)
}

// AddSealKey appends a new sealing key to the key file at path (creating
// it), for rotation: the new key seals from the next start on, the older
// ones still open what they sealed.
func AddSealKey(path string) error {
	keys, err := readSealKeyFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return writeSealKeyFile(path, append(keys, NewSealKey()), err == nil)
}
