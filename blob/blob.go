// Package blob keeps file contents (petition attachments) on the local
// filesystem: one file per blob, named by a random key, in one directory.
package blob

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"congvu"
)

// Dir is a congvu.BlobStore in a directory. Blobs are written to a
// temporary file in the same directory, synced to disk and renamed into
// place, so a blob either exists whole or not at all; a crash leaves at most
// a ".put-*" temporary file behind.
type Dir struct {
	dir string
}

var _ congvu.BlobStore = (*Dir)(nil)

// keyBytes is how many random bytes name a blob (hex: twice as many
// characters).
const keyBytes = 16

// NewDir returns the store in dir, creating it (mode 0700) when needed.
func NewDir(dir string) (*Dir, error) {
	if dir == "" {
		return nil, errors.New("blob: no directory given")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	return &Dir{dir: abs}, nil
}

// Path is the directory the blobs are in.
func (d *Dir) Path() string { return d.dir }

// Put streams r into a new blob and returns its key (32 hex characters) and
// size. Errors of r are returned as they are (wrapped), so a *congvu.Error
// from a cleaning reader still reaches the caller; nothing is left behind.
func (d *Dir) Put(ctx context.Context, r io.Reader) (key string, size int64, err error) {
	if err := ctx.Err(); err != nil {
		return "", 0, err
	}
	f, err := os.CreateTemp(d.dir, ".put-*")
	if err != nil {
		return "", 0, fmt.Errorf("blob: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	size, err = io.Copy(f, ctxReader{ctx, r})
	if err != nil {
		return "", 0, fmt.Errorf("blob: writing: %w", err)
	}
	if err = f.Sync(); err != nil {
		return "", 0, fmt.Errorf("blob: %w", err)
	}
	if err = f.Close(); err != nil {
		return "", 0, fmt.Errorf("blob: %w", err)
	}
	var b [keyBytes]byte
	rand.Read(b[:])
	key = hex.EncodeToString(b[:])
	if err = os.Rename(tmp, filepath.Join(d.dir, key)); err != nil {
		return "", 0, fmt.Errorf("blob: %w", err)
	}
	// Make the rename itself durable.
	if dirf, derr := os.Open(d.dir); derr == nil {
		derr = dirf.Sync()
		dirf.Close()
		if derr != nil {
			os.Remove(filepath.Join(d.dir, key))
			err = fmt.Errorf("blob: %w", derr)
			return "", 0, err
		}
	}
	return key, size, nil
}

// Open returns the blob's content as an *os.File; the caller closes it.
// ENOTFOUND when there is no such blob; EINVALID for a key that is not 32
// lower-case hex characters (it could name a path outside the store).
func (d *Dir) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	f, err := os.Open(filepath.Join(d.dir, key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &congvu.Error{Code: congvu.ENOTFOUND, Message: "Không tìm thấy tệp đính kèm."}
	}
	if err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	return f, nil
}

// Delete removes a blob; a missing blob is not an error. EINVALID for a key
// that is not 32 lower-case hex characters.
func (d *Dir) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	err := os.Remove(filepath.Join(d.dir, key))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("blob: %w", err)
	}
	return nil
}

// ValidKey reports whether key has the form Put gives keys.
func ValidKey(key string) bool {
	if len(key) != 2*keyBytes {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func checkKey(key string) error {
	if !ValidKey(key) {
		return &congvu.Error{Code: congvu.EINVALID, Message: "Mã tệp đính kèm không hợp lệ."}
	}
	return nil
}

// ctxReader stops a copy when the context ends (a client that went away).
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
