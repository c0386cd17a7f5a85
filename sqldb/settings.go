package sqldb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// Secret returns the random secret named key from the settings table,
// creating it (32 bytes) on first use. Every app server on the database
// shares it, and it survives restarts: signatures made by one server verify
// on another.
func (db *DB) Secret(ctx context.Context, key string) ([]byte, error) {
	b := make([]byte, 32)
	rand.Read(b)
	if _, err := db.Write.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, key, hex.EncodeToString(b)); err != nil {
		return nil, db.Internal("create secret", err)
	}
	var v string
	if err := db.Write.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v); err != nil {
		return nil, db.Internal("read secret", err)
	}
	sec, err := hex.DecodeString(v)
	if err != nil || len(sec) < 16 {
		return nil, db.Internal("read secret", fmt.Errorf("setting %s is not a hex secret of 16 bytes or more", key))
	}
	return sec, nil
}
