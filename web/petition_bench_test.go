package web_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"congvu/internal/benchkit"
	"congvu/petition"
)

// benchPhotoSize is the size of the photo in the submission benchmarks.
const benchPhotoSize = 5 << 20

var benchReceiptCode = regexp.MustCompile(`PA-[A-Z2-7]{4}-[A-Z2-7]{4}`)

// BenchmarkPetitionPhotoPost reports a citizen's petition with a 5 MB photo
// posted through the public form (multipart, as a browser sends it: text
// fields, then the file), end to end: the form read as a stream, the photo
// cleaned of its EXIF, hashed and written to the blob store, the petition
// stored, the receipt page rendered. ms/op, MB/s of photo, bytes allocated
// per op (server and client, in this process) and the peak growth of the
// live heap show that the server streams: far less than the photo is ever
// held in memory. Beside it, the limit of the disk: the same 5 MB written
// to a file in the same file system and synced.
//
//	go test ./web -run '^$' -bench PetitionPhotoPost -benchtime 20x
func BenchmarkPetitionPhotoPost(b *testing.B) {
	photo := benchkit.Photo(b, benchPhotoSize)
	e := newEnv(b)
	// Behind a proxy: each post from its own address, so the per-IP daily
	// limits are not what is measured.
	e.srv.TrustProxy = true
	unit := e.units["34.SNV"]
	path := "/phan-anh/gui?don-vi=" + unit.Code
	form := e.client().get(path)
	if form.StatusCode != http.StatusOK {
		b.Fatalf("form: status %d\n%s", form.StatusCode, form.Body)
	}
	// Each post is a form of its own (a form sent again files nothing
	// new): its stamp, signed by the server a minute ago, goes first; the
	// rest of the body is the same for every post.
	const boundary = "bench-petition-photo-post"
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.SetBoundary(boundary)
	for _, f := range [][2]string{{"website", ""}, {"category", string(petition.Favours)},
		{"description", "Cán bộ gợi ý phải “bồi dưỡng” thì hồ sơ mới được giải quyết nhanh; tôi gửi kèm ảnh chụp giấy hẹn."},
		{"place", "Bộ phận một cửa"}, {"anonymous", "co"}} {
		mw.WriteField(f[0], f[1])
	}
	fw, _ := mw.CreateFormFile("tep", "anh-chup.jpg")
	fw.Write(photo)
	mw.Close()
	payload, ctype := body.Bytes(), mw.FormDataContentType()
	stamped := func() io.Reader {
		head := "--" + boundary + "\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n" +
			e.srv.Stamp("/phan-anh/gui", time.Now().Add(-time.Minute)) + "\r\n"
		return io.MultiReader(strings.NewReader(head), bytes.NewReader(payload))
	}
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var seq atomic.Int64
	var last string
	b.Run("post", func(b *testing.B) {
		b.SetBytes(int64(len(photo)))
		b.ReportAllocs()
		stop := benchkit.HeapPeak()
		for b.Loop() {
			n := seq.Add(1)
			req, _ := http.NewRequest("POST", e.ts.URL+path, stamped())
			req.Header.Set("Content-Type", ctype)
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.8.%d.%d", n>>8&255, n&255))
			res, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			var page strings.Builder
			io.Copy(&page, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK || !strings.Contains(page.String(), "Đã nhận phản ánh") {
				b.Fatalf("status %d\n%s", res.StatusCode, page.String())
			}
			last = benchReceiptCode.FindString(page.String())
		}
		b.ReportMetric(float64(stop())/(1<<20), "peak-heap-MB")
	})
	// The photo was stored cleaned: the EXIF segment is gone.
	list, _, err := e.svc.Petitions.FindPetitions(sysCtx(), petition.Filter{Query: last})
	if err != nil || len(list) != 1 {
		b.Fatalf("petition %s: %v", last, err)
	}
	var files int
	var size int64
	if err := e.db.Read.QueryRow(`SELECT COUNT(*), COALESCE(MAX(size), 0) FROM petition_attachments WHERE petition_id = $1`, list[0].ID).Scan(&files, &size); err != nil {
		b.Fatal(err)
	}
	if files != 1 || size < int64(len(photo))-4096 || size >= int64(len(photo)) {
		b.Fatalf("petition %s: %d attachments, %d bytes (photo %d bytes)", last, files, size, len(photo))
	}
	b.Logf("photo %d bytes, stored %d bytes (EXIF dropped)", len(photo), size)
	dir := b.TempDir()
	b.Run("disk-limit", func(b *testing.B) {
		b.SetBytes(int64(len(photo)))
		b.ReportAllocs()
		for b.Loop() {
			f, err := os.Create(filepath.Join(dir, "limit.bin"))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := io.Copy(f, bytes.NewReader(photo)); err != nil {
				b.Fatal(err)
			}
			if err := f.Sync(); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
	})
}
