package orgsql

import (
	"congvu/org"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// Password hashing parameters: argon2id with m=19 MiB, t=2, p=1, the first
// of the configurations the OWASP Password Storage Cheat Sheet lists for
// argon2id (2025). They replace m=64 MiB, t=2, p=2, with which 100
// concurrent sign-ins took the server from 244 to 653 MB. The parameters
// are stored in each hash, so old hashes still verify and are rehashed
// with these at the next successful sign-in (see needsRehash).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024 // KiB
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// The hashing queue. Each hash holds argonMemory while it runs, so at most
// about one runs per core; the others wait in line, each at most hashWait.
// A waiting sign-in holds no argon2id memory, so the line is bounded by the
// wait, not by a count (hashQueue only guards against a flood beyond any
// honest burst; the limits per client network apply before the queue).
// Past the wait the sign-in is refused with ELIMIT and Retry-After
// hashRetry: the total rate of sign-ins is what the cores can hash in
// time, and memory stays bounded whatever arrives.
var (
	hashSlots = make(chan struct{}, runtime.NumCPU())
	hashQueue = int64(4096)
	hashWait  = 5 * time.Second
	hashRetry = 5 * time.Second
	waiting   atomic.Int64
	// hashes counts the argon2id computations, for tests that check that
	// unknown names cost the same work as known ones.
	hashes atomic.Int64
	// lastParams is the parameters of the last hash, for tests.
	lastParams atomic.Value
)

// argonKey runs argon2id in a slot of the hashing queue, or returns
// org.ErrLoginBusy when none frees up in time.
func argonKey(ctx context.Context, password string, salt []byte, t, m uint32, p uint8, keyLen uint32) ([]byte, error) {
	select {
	case hashSlots <- struct{}{}:
	default:
		if waiting.Add(1) > hashQueue {
			waiting.Add(-1)
			return nil, org.ErrLoginBusy(hashRetry)
		}
		timer := time.NewTimer(hashWait)
		select {
		case hashSlots <- struct{}{}:
			waiting.Add(-1)
			timer.Stop()
		case <-timer.C:
			waiting.Add(-1)
			return nil, org.ErrLoginBusy(hashRetry)
		case <-ctx.Done():
			waiting.Add(-1)
			timer.Stop()
			return nil, ctx.Err()
		}
	}
	defer func() { <-hashSlots }()
	hashes.Add(1)
	lastParams.Store(fmt.Sprintf("m=%d,t=%d,p=%d", m, t, p))
	return argon2.IDKey([]byte(norm.NFC.String(password)), salt, t, m, p, keyLen), nil
}

// hashPassword returns the PHC string of the argon2id hash of password (NFC).
func hashPassword(ctx context.Context, password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		panic(err)
	}
	key, err := argonKey(ctx, password, salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	if err != nil {
		return "", err
	}
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// phc is a parsed argon2id PHC string.
type phc struct {
	m, t      uint32
	p         uint8
	salt, key []byte
}

// parsePHC parses an argon2id PHC string; ok is false for a malformed one
// or parameters out of bounds.
func parsePHC(encoded string) (h phc, ok bool) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return h, false
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return h, false
	}
	if n, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &h.m, &h.t, &h.p); err != nil || n != 3 {
		return h, false
	}
	if h.m < 8 || h.m > 1<<20 || h.t < 1 || h.t > 16 || h.p < 1 {
		return h, false
	}
	enc := base64.RawStdEncoding
	var err error
	if h.salt, err = enc.DecodeString(parts[4]); err != nil || len(h.salt) < 8 {
		return h, false
	}
	if h.key, err = enc.DecodeString(parts[5]); err != nil || len(h.key) < 16 || len(h.key) > 64 {
		return h, false
	}
	return h, true
}

// verifyPassword reports whether password matches the PHC string encoded,
// comparing in constant time. A malformed hash never matches (and costs a
// hash all the same). The error is ErrLoginBusy or the context's.
func verifyPassword(ctx context.Context, encoded, password string) (bool, error) {
	h, ok := parsePHC(encoded)
	if !ok {
		h = phc{m: argonMemory, t: argonTime, p: argonThreads, salt: make([]byte, argonSaltLen), key: make([]byte, argonKeyLen)}
	}
	got, err := argonKey(ctx, password, h.salt, h.t, h.m, h.p, uint32(len(h.key)))
	if err != nil {
		return false, err
	}
	return ok && subtle.ConstantTimeCompare(got, h.key) == 1, nil
}

// needsRehash reports whether encoded was made with other parameters than
// the current ones.
func needsRehash(encoded string) bool {
	h, ok := parsePHC(encoded)
	return !ok || h.m != argonMemory || h.t != argonTime || h.p != argonThreads || len(h.key) != argonKeyLen
}

// dummyRefresh is how often the parameters of the dummy hash are looked up
// again among the stored hashes.
const dummyRefresh = 10 * time.Minute

// dummyParams keeps the parameters of the costliest hash stored (by memory
// times passes), so that an unknown name costs the same as the costliest
// known one: while some accounts still have a hash of older, costlier
// parameters (not signed in since the change), a dummy with the current
// ones would answer an unknown name three times faster.
type dummyParams struct {
	mu     sync.Mutex
	h      phc
	loaded time.Time
}

// dummyHash returns the PHC string that an unknown name's password is
// verified against: random salt and key (nothing can match) with the
// parameters of the costliest stored hash, looked up at the first sign-in
// and again every dummyRefresh.
func (s *UserService) dummyHash(ctx context.Context) (string, error) {
	d := s.dummy
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.loaded.IsZero() || time.Since(d.loaded) > dummyRefresh {
		h := phc{m: argonMemory, t: argonTime, p: argonThreads}
		keyLen := argonKeyLen
		rows, err := s.db.Read.QueryContext(ctx, `SELECT DISTINCT password_hash FROM users WHERE password_hash NOT LIKE $1`,
			fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%%", argon2.Version, argonMemory, argonTime, argonThreads))
		if err != nil {
			return "", s.db.Internal("dummy hash", err)
		}
		for rows.Next() {
			var enc string
			if err := rows.Scan(&enc); err != nil {
				rows.Close()
				return "", s.db.Internal("dummy hash", err)
			}
			if o, ok := parsePHC(enc); ok && uint64(o.m)*uint64(o.t) > uint64(h.m)*uint64(h.t) {
				h, keyLen = o, len(o.key)
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return "", s.db.Internal("dummy hash", err)
		}
		d.h, d.loaded = phc{m: h.m, t: h.t, p: h.p, salt: make([]byte, argonSaltLen), key: make([]byte, keyLen)}, time.Now()
		rand.Read(d.h.salt)
		rand.Read(d.h.key)
	}
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, d.h.m, d.h.t, d.h.p,
		enc.EncodeToString(d.h.salt), enc.EncodeToString(d.h.key)), nil
}
