package orgsql

// Hashes is how many argon2id hashes the process has computed.
func Hashes() int64 { return hashes.Load() }

// OldHash hashes pw with the parameters used before issue 9 (64 MiB).
var OldHash = oldHash

// LastHashParams is the argon2id parameters of the last hash computed, as
// "m=…,t=…,p=…".
func LastHashParams() string { return lastParams.Load().(string) }
