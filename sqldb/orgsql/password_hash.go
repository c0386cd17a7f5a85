package orgsql

import (
	"cmp"
	"congvu/org"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"runtime"
	"slices"
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
	// hashStarted, if set (by tests), runs as each hash starts.
	hashStarted func()
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
	if hashStarted != nil {
		hashStarted()
	}
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

// dummyRefresh is how often the shares of the parameter sets among the
// stored hashes are looked up again.
const dummyRefresh = 10 * time.Minute

// dummySecret names the setting that keys the choice of an unknown name's
// parameters.
const dummySecret = "org.login.dummy"

// paramSet is the parameters of an argon2id hash (what its time depends on).
type paramSet struct {
	m, t   uint32
	p      uint8
	keyLen int
}

// paramShare is a parameter set and the share of accounts whose
// hash has it or one of the sets before it (a cumulative share in (0, 1]).
type paramShare struct {
	paramSet
	upTo float64
}

// dummyParams keeps the shares of the parameter sets among the hashes of
// all accounts (an inactive account's sign-in is verified against its hash
// too), so that an unknown name costs what a real account costs:
// while some accounts still have a hash of older, costlier parameters (not
// signed in since the change), about that share of unknown names is hashed
// with those parameters, always the same names. A fixed dummy with the
// current parameters would answer every unknown name faster than those
// accounts; one with the costliest would answer every unknown name slower
// than every current account. Either tells names apart.
type dummyParams struct {
	mu     sync.Mutex
	secret []byte
	shares []paramShare // the current parameters first
	loaded time.Time
}

// loadShares counts the parameter sets of the hashes of all accounts. A
// malformed hash is verified with the current parameters (verifyPassword),
// so counts as current.
func (s *UserService) loadShares(ctx context.Context) ([]paramShare, error) {
	cur := paramSet{m: argonMemory, t: argonTime, p: argonThreads, keyLen: argonKeyLen}
	counts := map[paramSet]int{cur: 0}
	total := 0
	rows, err := s.db.Read.QueryContext(ctx, `SELECT password_hash FROM users`)
	if err != nil {
		return nil, s.db.Internal("dummy hash", err)
	}
	defer rows.Close()
	for rows.Next() {
		var enc string
		if err := rows.Scan(&enc); err != nil {
			return nil, s.db.Internal("dummy hash", err)
		}
		set := cur
		if h, ok := parsePHC(enc); ok {
			set = paramSet{m: h.m, t: h.t, p: h.p, keyLen: len(h.key)}
		}
		counts[set]++
		total++
	}
	if err := rows.Err(); err != nil {
		return nil, s.db.Internal("dummy hash", err)
	}
	// The current set first, the others in a fixed order: as old hashes are
	// replaced, names move from an old set to the current one, never back.
	var others []paramSet
	for set := range counts {
		if set != cur {
			others = append(others, set)
		}
	}
	slices.SortFunc(others, func(a, b paramSet) int {
		return cmp.Or(cmp.Compare(a.m, b.m), cmp.Compare(a.t, b.t), cmp.Compare(a.p, b.p), cmp.Compare(a.keyLen, b.keyLen))
	})
	if total == 0 {
		return []paramShare{{cur, 1}}, nil
	}
	shares := []paramShare{}
	seen := 0
	for _, set := range append([]paramSet{cur}, others...) {
		seen += counts[set]
		shares = append(shares, paramShare{set, float64(seen) / float64(total)})
	}
	return shares, nil
}

// dummyHash returns the PHC string that the password typed under the
// unknown name username is verified against: random salt and key (nothing
// can match) with parameters chosen by a keyed hash of the name in the
// shares the sets have among accounts (looked up at the first
// sign-in and again every dummyRefresh). The key is a secret in settings,
// so which names cost more cannot be worked out, and every server agrees.
func (s *UserService) dummyHash(ctx context.Context, username string) (string, error) {
	d := s.dummy
	d.mu.Lock()
	if d.secret == nil {
		sec, err := s.db.Secret(ctx, dummySecret)
		if err != nil {
			d.mu.Unlock()
			return "", err
		}
		d.secret = sec
	}
	if d.loaded.IsZero() || time.Since(d.loaded) > dummyRefresh {
		shares, err := s.loadShares(ctx)
		if err != nil {
			d.mu.Unlock()
			return "", err
		}
		d.shares, d.loaded = shares, time.Now()
	}
	secret, shares := d.secret, d.shares
	d.mu.Unlock()

	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(username))
	u := float64(binary.BigEndian.Uint64(mac.Sum(nil))>>11) / (1 << 53) // in [0, 1)
	set := shares[len(shares)-1].paramSet
	for _, sh := range shares {
		if u < sh.upTo {
			set = sh.paramSet
			break
		}
	}
	salt, key := make([]byte, argonSaltLen), make([]byte, set.keyLen)
	rand.Read(salt)
	rand.Read(key)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, set.m, set.t, set.p,
		enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}
