package blob

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"congvu"
)

func newDir(t *testing.T) *Dir {
	t.Helper()
	d, err := NewDir(filepath.Join(t.TempDir(), "blobs", "petitions"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// entries lists the names in the store's directory.
func entries(t *testing.T, d *Dir) []string {
	t.Helper()
	es, err := os.ReadDir(d.Path())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestNewDirCreatesPrivateDir(t *testing.T) {
	d := newDir(t)
	st, err := os.Stat(d.Path())
	if err != nil {
		t.Fatal(err)
	}
	if !st.IsDir() || st.Mode().Perm() != 0o700 {
		t.Fatalf("mode = %v", st.Mode())
	}
	// Opening an existing directory again works and keeps its blobs.
	key, _, err := d.Put(context.Background(), strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	d2, err := NewDir(d.Path())
	if err != nil {
		t.Fatal(err)
	}
	if f, err := d2.Open(context.Background(), key); err != nil {
		t.Fatal(err)
	} else {
		f.Close()
	}
	if _, err := NewDir(""); err == nil {
		t.Fatal("empty directory accepted")
	}
	// A path under a regular file cannot be a store.
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o600)
	if _, err := NewDir(filepath.Join(file, "sub")); err == nil {
		t.Fatal("directory under a file accepted")
	}
}

func TestPutOpenDelete(t *testing.T) {
	ctx := context.Background()
	d := newDir(t)
	content := bytes.Repeat([]byte("Ảnh chụp biên nhận hồ sơ. "), 10000)
	key, size, err := d.Put(ctx, bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	if size != int64(len(content)) {
		t.Fatalf("size = %d, want %d", size, len(content))
	}
	if !ValidKey(key) {
		t.Fatalf("key %q is not 32 hex characters", key)
	}
	if names := entries(t, d); len(names) != 1 || names[0] != key {
		t.Fatalf("directory holds %v, want only %s", names, key)
	}
	st, err := os.Stat(filepath.Join(d.Path(), key))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("blob mode = %v", st.Mode())
	}

	rc, err := d.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := rc.(*os.File); !ok {
		t.Errorf("Open returned %T, want *os.File", rc)
	}
	got, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || !bytes.Equal(got, content) {
		t.Fatalf("read back %d bytes, err %v", len(got), err)
	}

	key2, size2, err := d.Put(ctx, strings.NewReader(""))
	if err != nil || size2 != 0 || key2 == key {
		t.Fatalf("empty blob: %q %d %v", key2, size2, err)
	}

	if err := d.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Open(ctx, key); congvu.ErrorCode(err) != congvu.ENOTFOUND {
		t.Fatalf("Open after Delete: %v", err)
	}
	if err := d.Delete(ctx, key); err != nil {
		t.Fatalf("deleting a missing blob: %v", err)
	}
	if names := entries(t, d); len(names) != 1 || names[0] != key2 {
		t.Fatalf("directory holds %v", names)
	}
}

func TestOpenMissing(t *testing.T) {
	d := newDir(t)
	_, err := d.Open(context.Background(), strings.Repeat("ab", 16))
	var e *congvu.Error
	if !errors.As(err, &e) || e.Code != congvu.ENOTFOUND || e.Message == "" {
		t.Fatalf("err = %v", err)
	}
}

func TestKeysArePlainHex(t *testing.T) {
	ctx := context.Background()
	parent := t.TempDir()
	d, err := NewDir(filepath.Join(parent, "store"))
	if err != nil {
		t.Fatal(err)
	}
	// A file outside the store that a traversing key would reach.
	secret := filepath.Join(parent, "0123456789abcdef0123456789abcdef")
	os.WriteFile(secret, []byte("secret"), 0o600)
	for _, key := range []string{
		"", "..", "../0123456789abcdef0123456789abcdef", "/etc/passwd",
		"0123456789ABCDEF0123456789ABCDEF",  // upper case
		"0123456789abcdef0123456789abcde",   // 31
		"0123456789abcdef0123456789abcdef0", // 33
		"0123456789abcdef0123456789abcdeg",
		"0123456789abcdef/123456789abcdef",
		".put-0123456789abcdef0123456789ab",
		"0123456789abcdef0123456789abcd\x00f",
	} {
		if _, err := d.Open(ctx, key); congvu.ErrorCode(err) != congvu.EINVALID {
			t.Errorf("Open(%q): %v", key, err)
		}
		if err := d.Delete(ctx, key); congvu.ErrorCode(err) != congvu.EINVALID {
			t.Errorf("Delete(%q): %v", key, err)
		}
	}
	if _, err := os.Stat(secret); err != nil {
		t.Fatalf("file outside the store is gone: %v", err)
	}
}

type failReader struct {
	n   int
	err error
}

func (f *failReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, f.err
	}
	n := min(len(p), f.n)
	clear(p[:n])
	f.n -= n
	return n, nil
}

func TestPutFailureLeavesNothing(t *testing.T) {
	d := newDir(t)
	invalid := &congvu.Error{Code: congvu.EINVALID, Message: "Chỉ nhận ảnh JPEG, PNG hoặc tệp PDF."}
	_, _, err := d.Put(context.Background(), &failReader{n: 100 << 10, err: invalid})
	var e *congvu.Error
	if !errors.As(err, &e) || e != invalid {
		t.Fatalf("reader's *congvu.Error not passed through: %v", err)
	}
	if names := entries(t, d); len(names) != 0 {
		t.Fatalf("left behind %v", names)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := d.Put(ctx, strings.NewReader("x")); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled context: %v", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	r := &cancelAfter{n: 3, cancel: cancel}
	if _, _, err := d.Put(ctx, r); !errors.Is(err, context.Canceled) {
		t.Fatalf("context cancelled during the copy: %v", err)
	}
	if names := entries(t, d); len(names) != 0 {
		t.Fatalf("left behind %v", names)
	}
}

// cancelAfter cancels its context after n reads of 1 KB.
type cancelAfter struct {
	n      int
	cancel func()
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	c.n--
	if c.n == 0 {
		c.cancel()
	}
	return min(len(p), 1024), nil
}

func TestPutConcurrent(t *testing.T) {
	d := newDir(t)
	const n = 20
	keys := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			k, _, err := d.Put(context.Background(), strings.NewReader(strings.Repeat("x", i)))
			if err != nil {
				t.Error(err)
			}
			keys[i] = k
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for i, k := range keys {
		if seen[k] {
			t.Fatalf("key %s given twice", k)
		}
		seen[k] = true
		st, err := os.Stat(filepath.Join(d.Path(), k))
		if err != nil || st.Size() != int64(i) {
			t.Fatalf("blob %d: %v %v", i, st, err)
		}
	}
	if len(entries(t, d)) != n {
		t.Fatalf("directory holds %d entries", len(entries(t, d)))
	}
}
