package web

import (
	"hash/maphash"
	"sync"
)

// pageKey names a rendered page: the user it was rendered for, the other
// facts about them it shows, its address, and a hash of its data.
type pageKey struct {
	user  int64
	actor string
	url   string
	data  uint64
}

// pageSeed seeds the hashes of pageKey.
var pageSeed = maphash.MakeSeed()

// pageMemo keeps rendered pages of a handler that names each by all its
// inputs (see officialsPageKey), so that a request finding its page skips
// the template. At most pageMemoSize pages are kept; reaching that empties
// it. The zero value is ready to use.
type pageMemo struct {
	mu    sync.Mutex
	pages map[pageKey][]byte
}

// pageMemoSize bounds a pageMemo: about 30 KB a page.
const pageMemoSize = 128

func (m *pageMemo) get(k pageKey) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.pages[k]
	return b, ok
}

func (m *pageMemo) put(k pageKey, b []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.pages == nil || len(m.pages) >= pageMemoSize {
		m.pages = map[pageKey][]byte{}
	}
	m.pages[k] = b
}
