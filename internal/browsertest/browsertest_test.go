package browsertest_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"congvu/internal/browsertest"

	"github.com/chromedp/chromedp"
)

func TestBrowserReadsTitle(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html lang="vi"><head><title>Văn hóa công vụ</title></head><body><p id="x">Xin chào</p></body></html>`)
	}))
	defer srv.Close()

	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#x")))
	if err != nil {
		t.Fatal(err)
	}
	if title != "Văn hóa công vụ" {
		t.Errorf("title = %q, want %q", title, "Văn hóa công vụ")
	}
	if text != "Xin chào" {
		t.Errorf("text = %q, want %q", text, "Xin chào")
	}
}
