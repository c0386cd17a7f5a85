package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"congvu"
)

//go:embed static
var staticFS embed.FS

// asset is one embedded static file.
type asset struct {
	data  []byte
	ctype string
	etag  string
}

// staticFiles are the embedded assets, each served under a name carrying a
// hash of its content (app.css → app.3f2a1c9b0d.css) so that it can be
// cached for a year and still change with every release.
type staticFiles struct {
	hashed map[string]string // plain name → hashed name
	assets map[string]*asset // hashed name → content
	// styleHashes are the CSP sources of the stylesheets citizen pages
	// inline ('sha256-…'), so that the first response renders alone.
	styleHashes string
}

// inlineStyles are the stylesheets small enough to inline in citizen
// pages: a phone on a slow network renders the page from its first
// response instead of waiting a second round trip for the stylesheet.
var inlineStyles = []string{"citizen.css", "petition.css"}

func loadStatic() (*staticFiles, error) {
	st := &staticFiles{hashed: map[string]string{}, assets: map[string]*asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(data)
		h := hex.EncodeToString(sum[:])[:10]
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + h + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = http.DetectContentType(data)
		}
		st.hashed[name] = hashed
		st.assets[hashed] = &asset{data: data, ctype: ctype, etag: `"` + h + `"`}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load static files: %w", err)
	}
	var hashes []string
	for _, name := range inlineStyles {
		a := st.assets[st.hashed[name]]
		if a == nil {
			return nil, fmt.Errorf("load static files: no %s to inline", name)
		}
		sum := sha256.Sum256(a.data)
		hashes = append(hashes, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	st.styleHashes = strings.Join(hashes, " ")
	return st, nil
}

// inline returns the content of a stylesheet of inlineStyles for a
// <style> element, exactly as hashed in the Content-Security-Policy;
// templates call it as <style>{{inline "citizen.css"}}</style>.
func (st *staticFiles) inline(name string) (template.CSS, error) {
	if !slices.Contains(inlineStyles, name) {
		return "", fmt.Errorf("%q is not an inlined stylesheet", name)
	}
	return template.CSS(st.assets[st.hashed[name]].data), nil
}

// url returns the hashed URL of a static file; templates call it as
// {{asset "app.css"}}. An unknown name is an error, so a typo fails the
// page render (and its test) instead of producing a broken link.
func (st *staticFiles) url(name string) (string, error) {
	h, ok := st.hashed[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return "/static/" + h, nil
}

// serveStatic serves a hashed static file with a one-year immutable cache.
// Only hashed names are served: a plain name would be cached stale.
func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) error {
	a := s.static.assets[r.PathValue("file")]
	if a == nil {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy tệp.")
	}
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", a.etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.data))
	return nil
}
