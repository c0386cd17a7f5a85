package web_test

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"math"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"congvu"
)

// benchPhotoSize is the size of the photo of the submission benchmark.
const benchPhotoSize = 5 << 20

// benchPhoto returns a real JPEG of about size bytes, as a phone takes it:
// a 4:3 picture of noisy gradients with an EXIF segment (GPS position).
func benchPhoto(tb testing.TB, size int) []byte {
	tb.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	encode := func(w, h int) []byte {
		img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
		for i := range img.Y {
			img.Y[i] = uint8(int(i%w)*200/w + r.IntN(56))
		}
		for i := range img.Cb {
			img.Cb[i], img.Cr[i] = uint8(100+r.IntN(56)), uint8(120+r.IntN(16))
		}
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 92}); err != nil {
			tb.Fatal(err)
		}
		return buf.Bytes()
	}
	w := 1600
	out := encode(w, w*3/4)
	for range 4 { // scale the area to the size wanted
		if d := len(out) - size; d < size/50 && d > -size/50 {
			break
		}
		w = int(float64(w) * math.Sqrt(float64(size)/float64(len(out))))
		w -= w % 16
		out = encode(w, w*3/4)
	}
	exif := append([]byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08"), "GPSLatitude=20.4463N;GPSLongitude=106.3366E;Model=Phone"...)
	seg := append([]byte{0xFF, 0xE1, byte((len(exif) + 2) >> 8), byte(len(exif) + 2)}, exif...)
	return append(append(append([]byte{}, out[:2]...), seg...), out[2:]...)
}

// heapPeak samples the heap every millisecond until stop is called, and
// returns the peak growth over the live heap at the start (after a
// collection), in bytes. The collector runs at GOGC=10 meanwhile, so that
// garbage waiting for a collection counts little: the peak is close to
// what the work holds at once.
func heapPeak() (stop func() uint64) {
	gc := debug.SetGCPercent(10)
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	var peak atomic.Uint64
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				metrics.Read(s)
				if v := s[0].Value.Uint64(); v > peak.Load() {
					peak.Store(v)
				}
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		debug.SetGCPercent(gc)
		if p := peak.Load(); p > base {
			return p - base
		}
		return 0
	}
}

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
	photo := benchPhoto(b, benchPhotoSize)
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
	m := regexp.MustCompile(`name="t" value="([^"]+)"`).FindStringSubmatch(form.Body)
	if m == nil {
		b.Fatalf("the form has no render time:\n%s", form.Body)
	}
	time.Sleep(congvu.MinPetitionFillTime + 200*time.Millisecond) // filled by a person
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range [][2]string{{"t", m[1]}, {"website", ""}, {"category", string(congvu.PetitionFavours)},
		{"description", "Cán bộ gợi ý phải “bồi dưỡng” thì hồ sơ mới được giải quyết nhanh; tôi gửi kèm ảnh chụp giấy hẹn."},
		{"place", "Bộ phận một cửa"}, {"anonymous", "co"}} {
		mw.WriteField(f[0], f[1])
	}
	fw, _ := mw.CreateFormFile("tep", "anh-chup.jpg")
	fw.Write(photo)
	mw.Close()
	payload, ctype := body.Bytes(), mw.FormDataContentType()
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var seq atomic.Int64
	var last string
	b.Run("post", func(b *testing.B) {
		b.SetBytes(int64(len(photo)))
		b.ReportAllocs()
		stop := heapPeak()
		for b.Loop() {
			n := seq.Add(1)
			req, _ := http.NewRequest("POST", e.ts.URL+path, bytes.NewReader(payload))
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
	list, _, err := e.svc.Petitions.FindPetitions(sysCtx(), congvu.PetitionFilter{Query: last})
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
