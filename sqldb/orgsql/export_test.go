package orgsql

import (
	"context"
	"fmt"
	"time"
)

// Hashes is how many argon2id hashes the process has computed.
func Hashes() int64 { return hashes.Load() }

// OldHash hashes pw with the parameters used before issue 9 (64 MiB).
var OldHash = oldHash

// LastHashParams is the argon2id parameters of the last hash computed, as
// "m=…,t=…,p=…".
func LastHashParams() string { return lastParams.Load().(string) }

// FillHashQueue takes every hashing slot and shortens the wait for one, so
// that sign-ins are refused as busy until the returned func is called.
func FillHashQueue() (free func()) {
	for range cap(hashSlots) {
		hashSlots <- struct{}{}
	}
	old := hashWait
	hashWait = 20 * time.Millisecond
	return func() {
		hashWait = old
		for range cap(hashSlots) {
			<-hashSlots
		}
	}
}

// HashWait is how long a sign-in waits at most for a hashing slot.
var HashWait = hashWait

// DummyParams is the argon2id parameters ("m=…,t=…,p=…") with which a
// sign-in under the unknown name username is hashed.
func DummyParams(ctx context.Context, us *UserService, username string) (string, error) {
	enc, err := us.dummyHash(ctx, username)
	if err != nil {
		return "", err
	}
	h, _ := parsePHC(enc)
	return fmt.Sprintf("m=%d,t=%d,p=%d", h.m, h.t, h.p), nil
}

// OnHash makes fn run as each argon2id hash starts (in its slot), until
// the returned func is called.
func OnHash(fn func()) (restore func()) {
	hashStarted = fn
	return func() { hashStarted = nil }
}
