package attach

import (
	"bytes"
	"compress/zlib"
	"congvu/petition"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"congvu"
)

// seg builds a JPEG marker segment.
func seg(marker byte, payload []byte) []byte {
	out := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(out[2:], uint16(len(payload)+2))
	return append(out, payload...)
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func gradient(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 5), uint8(x + y), 255})
		}
	}
	return img
}

func encodeJPEG(t testing.TB, img image.Image, q int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// exifGPS is an APP1 Exif payload as a phone writes it: a big-endian TIFF
// header, IFD0 with Orientation and a GPS IFD pointer, a GPS IFD with the
// latitude reference, then a text with the position.
func exifGPS() []byte {
	var b bytes.Buffer
	b.WriteString("Exif\x00\x00")
	tiff := []byte{'M', 'M', 0, 42, 0, 0, 0, 8}
	// IFD0 at 8: 2 entries.
	ifd0 := []byte{0, 2,
		0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, // Orientation = 6
		0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38, // GPSInfo IFD at 38
		0, 0, 0, 0} // no next IFD
	gps := []byte{0, 1,
		0x00, 0x01, 0, 2, 0, 0, 0, 2, 'N', 0, 0, 0, // GPSLatitudeRef "N"
		0, 0, 0, 0}
	b.Write(tiff)
	b.Write(ifd0)
	b.Write(gps)
	b.WriteString("GPS 20.4463N 106.3366E; Canon EOS serial 0123456789")
	return b.Bytes()
}

func jfif(thumbW, thumbH byte) []byte {
	p := []byte("JFIF\x00\x01\x02\x01\x00\x48\x00\x48")
	p = append(p, thumbW, thumbH)
	return append(p, bytes.Repeat([]byte{0xAB}, 3*int(thumbW)*int(thumbH))...)
}

func wantInvalid(t *testing.T, err error, msg string) {
	t.Helper()
	var e *congvu.Error
	if !errors.As(err, &e) || e.Code != congvu.EINVALID {
		t.Fatalf("err = %v, want EINVALID", err)
	}
	if !strings.Contains(e.Message, msg) {
		t.Fatalf("message %q does not say %q", e.Message, msg)
	}
}

func clean(t *testing.T, in []byte) (string, []byte) {
	t.Helper()
	var out bytes.Buffer
	ct, n, err := Clean(&out, bytes.NewReader(in), petition.MaxAttachmentSize)
	if err != nil {
		t.Fatalf("Clean: %v", err)
	}
	if n != int64(out.Len()) {
		t.Fatalf("n = %d, wrote %d", n, out.Len())
	}
	return ct, out.Bytes()
}

func TestCleanJPEGDropsMetadata(t *testing.T) {
	img := gradient(64, 48)
	orig := encodeJPEG(t, img, 90)
	if !bytes.HasPrefix(orig, []byte{0xFF, 0xD8}) {
		t.Fatal("encoder output does not start with SOI")
	}
	xmp := []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><exif:GPSLatitude>20,26.78N</exif:GPSLatitude></x:xmpmeta>")
	iptc := []byte("Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x10\x1c\x02\x50\x00\x0bNguyen Van A")
	icc := []byte("ICC_PROFILE\x00\x01\x01 device model iPhone 15 GPS")
	in := cat(orig[:2],
		seg(0xE0, jfif(2, 1)),
		seg(0xE1, exifGPS()),
		seg(0xE1, xmp),
		seg(0xE2, icc),
		seg(0xED, iptc),
		seg(0xFE, []byte("Chụp tại nhà ông Nguyễn Văn A, GPS bật")),
		orig[2:],
		[]byte("MPF second image after EOI: Exif GPS"))

	ct, out := clean(t, in)
	if ct != "image/jpeg" {
		t.Fatalf("type = %q", ct)
	}
	want := cat(orig[:2], seg(0xE0, jfif(0, 0)), orig[2:])
	if !bytes.Equal(out, want) {
		t.Fatalf("output (%d bytes) is not SOI + JFIF without thumbnail + the encoded image (%d bytes)", len(out), len(want))
	}
	for _, leak := range []string{"Exif", "GPS", "xmpmeta", "Photoshop", "8BIM", "ICC_PROFILE", "iPhone", "Nguy", "serial"} {
		if bytes.Contains(out, []byte(leak)) {
			t.Errorf("output still contains %q", leak)
		}
	}
	got, err := jpeg.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("cleaned JPEG does not decode: %v", err)
	}
	ref, err := jpeg.Decode(bytes.NewReader(orig))
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds() != image.Rect(0, 0, 64, 48) {
		t.Fatalf("bounds = %v", got.Bounds())
	}
	for y := 0; y < 48; y++ {
		for x := 0; x < 64; x++ {
			if got.At(x, y) != ref.At(x, y) {
				t.Fatalf("pixel %d,%d differs: %v vs %v", x, y, got.At(x, y), ref.At(x, y))
			}
		}
	}
}

// A hand-built progressive-style stream: two scans with a table between
// them, stuffed bytes, restart markers, fill bytes before markers, and an
// Adobe segment that must be kept as its 12 fixed bytes.
func TestCleanJPEGScans(t *testing.T) {
	adobe := []byte("Adobe\x00\x64\x00\x00\x00\x00\x01")
	sof := seg(0xC2, []byte{8, 0, 1, 0, 1, 1, 1, 0x11, 0})
	dht := seg(0xC4, []byte{0x00, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x05})
	sos := seg(0xDA, []byte{1, 1, 0, 0, 63, 0})
	scan1 := []byte{0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0x00}
	scan2 := []byte{0xFF, 0x00, 0x9A, 0xFF, 0xD7, 0xBC}
	in := cat([]byte{0xFF, 0xD8},
		seg(0xEE, append(append([]byte{}, adobe...), "extra Photoshop bytes"...)),
		seg(0xDB, bytes.Repeat([]byte{1}, 65)),
		sof, dht, sos, scan1,
		[]byte{0xFF, 0xFF}, // fill bytes before the next marker
		dht, sos, scan2,
		[]byte{0xFF, 0xFF, 0xFF, 0xD9})
	want := cat([]byte{0xFF, 0xD8}, seg(0xEE, adobe), seg(0xDB, bytes.Repeat([]byte{1}, 65)),
		sof, dht, sos, scan1, dht, sos, scan2, []byte{0xFF, 0xD9})
	_, out := clean(t, in)
	if !bytes.Equal(out, want) {
		t.Fatalf("got  % x\nwant % x", out, want)
	}
}

func TestCleanJPEGMalformed(t *testing.T) {
	orig := encodeJPEG(t, gradient(16, 16), 80)
	sos := bytes.Index(orig, []byte{0xFF, 0xDA})
	for name, in := range map[string][]byte{
		"only SOI":            {0xFF, 0xD8, 0xFF},
		"truncated header":    orig[:sos/2],
		"truncated scan":      orig[:len(orig)-10],
		"no EOI":              orig[:len(orig)-2],
		"segment length < 2":  cat(orig[:2], []byte{0xFF, 0xDB, 0x00, 0x01}, orig[2:]),
		"garbage in headers":  cat(orig[:2], seg(0xE0, jfif(0, 0)), []byte{0x00, 0x11}, orig[2:]),
		"EOI before any scan": cat(orig[:2], seg(0xFE, []byte("x")), []byte{0xFF, 0xD9}),
		"SOI twice":           cat(orig[:2], orig),
		"length past the end": cat(orig[:2], []byte{0xFF, 0xE1, 0xFF, 0xFF}, []byte("Exif")),
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := Clean(io.Discard, bytes.NewReader(in), petition.MaxAttachmentSize)
			wantInvalid(t, err, "Tệp ảnh bị hỏng")
		})
	}
}

func chunk(typ string, data []byte) []byte {
	out := make([]byte, 8, 12+len(data))
	binary.BigEndian.PutUint32(out, uint32(len(data)))
	copy(out[4:], typ)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[4:]))
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestCleanPNGDropsText(t *testing.T) {
	img := gradient(40, 30)
	orig := encodePNG(t, img)
	ihdrEnd := 8 + 8 + 13 + 4
	if string(orig[12:16]) != "IHDR" {
		t.Fatal("encoder output does not start with IHDR")
	}
	iend := len(orig) - 12
	in := cat(orig[:ihdrEnd],
		chunk("tEXt", []byte("Author\x00Nguyen Van A")),
		chunk("zTXt", []byte("Comment\x00\x00x\x9c")),
		chunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00<x:xmpmeta>GPS</x:xmpmeta>")),
		chunk("eXIf", exifGPS()[6:]),
		chunk("tIME", []byte{0x07, 0xEA, 4, 1, 8, 30, 0}),
		chunk("iCCP", []byte("Display P3\x00\x00x\x9c")),
		chunk("prVt", []byte("private: GPS")),
		chunk("pHYs", []byte{0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1}),
		orig[ihdrEnd:iend],
		chunk("tEXt", []byte("Software\x00camera app")),
		orig[iend:],
		[]byte("trailer after IEND: GPS"))
	want := cat(orig[:ihdrEnd], chunk("pHYs", []byte{0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1}), orig[ihdrEnd:])

	ct, out := clean(t, in)
	if ct != "image/png" {
		t.Fatalf("type = %q", ct)
	}
	if !bytes.Equal(out, want) {
		t.Fatalf("output (%d bytes) is not the encoded image with pHYs (%d bytes)", len(out), len(want))
	}
	for _, leak := range []string{"tEXt", "zTXt", "iTXt", "eXIf", "tIME", "iCCP", "prVt", "GPS", "Nguyen", "Exif"} {
		if bytes.Contains(out, []byte(leak)) {
			t.Errorf("output still contains %q", leak)
		}
	}
	got, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("cleaned PNG does not decode: %v", err)
	}
	if got.Bounds() != img.Bounds() {
		t.Fatalf("bounds = %v", got.Bounds())
	}
	for y := 0; y < 30; y++ {
		for x := 0; x < 40; x++ {
			r1, g1, b1, a1 := got.At(x, y).RGBA()
			r2, g2, b2, a2 := img.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				t.Fatalf("pixel %d,%d differs", x, y)
			}
		}
	}
}

func TestCleanPNGMalformed(t *testing.T) {
	orig := encodePNG(t, gradient(8, 8))
	ihdrEnd := 8 + 8 + 13 + 4
	badCRC := append([]byte{}, orig...)
	badCRC[ihdrEnd+10] ^= 0x40 // a byte inside the first IDAT
	badType := cat(orig[:ihdrEnd], chunk("tE1t", []byte("x")), orig[ihdrEnd:])
	for name, in := range map[string][]byte{
		"signature only":          orig[:8],
		"no IEND":                 orig[:len(orig)-12],
		"truncated IDAT":          orig[:ihdrEnd+12],
		"bad CRC":                 badCRC,
		"first chunk not IHDR":    cat(orig[:8], chunk("IDAT", []byte{1}), orig[8:]),
		"chunk type not letters":  badType,
		"unknown critical chunk":  cat(orig[:ihdrEnd], chunk("ABCD", []byte("x")), orig[ihdrEnd:]),
		"length over 2^31-1":      cat(orig[:ihdrEnd], []byte{0x80, 0, 0, 0}, []byte("tEXt")),
		"dropped chunk truncated": cat(orig[:ihdrEnd], chunk("tEXt", []byte("Author\x00x"))[:10]),
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := Clean(io.Discard, bytes.NewReader(in), petition.MaxAttachmentSize)
			wantInvalid(t, err, "Tệp ảnh bị hỏng")
		})
	}
}

func TestCleanPDFAsIs(t *testing.T) {
	in := []byte("%PDF-1.7\n1 0 obj << /Author (Nguyen Van A) >> endobj\n%%EOF\n")
	ct, out := clean(t, in)
	if ct != "application/pdf" || !bytes.Equal(out, in) {
		t.Fatalf("type %q, out %q", ct, out)
	}
}

func TestCleanRefusesOtherTypes(t *testing.T) {
	for name, in := range map[string][]byte{
		"text":     []byte("Xin chào, đây là một tệp văn bản."),
		"empty":    nil,
		"html":     []byte("<html><body>%PDF-</body></html>"),
		"gif":      []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
		"zip":      []byte("PK\x03\x04\x14\x00\x00\x00"),
		"webp":     []byte("RIFF\x24\x00\x00\x00WEBPVP8 "),
		"short ff": {0xFF, 0xD8},
		"exe":      []byte("MZ\x90\x00\x03\x00\x00\x00"),
	} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			ct, _, err := Clean(&out, bytes.NewReader(in), petition.MaxAttachmentSize)
			wantInvalid(t, err, "Chỉ nhận ảnh JPEG, PNG hoặc tệp PDF.")
			if ct != "" {
				t.Errorf("type %q returned with an error", ct)
			}
		})
	}
}

// sized returns a reader of a PDF of exactly n bytes without holding it.
func sized(n int64) io.Reader {
	head := "%PDF-1.4\n"
	return io.MultiReader(strings.NewReader(head), io.LimitReader(zeros{}, n-int64(len(head))))
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func TestCleanSizeLimit(t *testing.T) {
	const max = petition.MaxAttachmentSize
	ct, n, err := Clean(io.Discard, sized(max), max)
	if err != nil || ct != "application/pdf" || n != max {
		t.Fatalf("exactly the limit: %q %d %v", ct, n, err)
	}
	_, _, err = Clean(io.Discard, sized(max+1), max)
	wantInvalid(t, err, "Tệp lớn hơn 10 MB")

	// A small JPEG followed by a large trailer is over the limit too: the
	// limit is on what was sent, not on what is kept.
	img := encodeJPEG(t, gradient(16, 16), 80)
	_, _, err = Clean(io.Discard, io.MultiReader(bytes.NewReader(img), io.LimitReader(zeros{}, 3000)), 3000)
	wantInvalid(t, err, "Tệp lớn hơn 2,9 KB")

	// A limit smaller than the sniffed head.
	_, _, err = Clean(io.Discard, strings.NewReader("%PDF-1.4 abc"), 4)
	wantInvalid(t, err, "Tệp lớn hơn 4 byte")

	// max <= 0 means the attachment limit.
	_, _, err = Clean(io.Discard, sized(max+1), 0)
	wantInvalid(t, err, "Tệp lớn hơn 10 MB")
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{
		10 << 20: "10 MB", 3 << 19: "1,5 MB", 200 << 10: "200 KB", 1536: "1,5 KB", 900: "900 byte",
	} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

type failReader struct {
	data []byte
	err  error
}

func (f *failReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

type failWriter struct{ err error }

func (f failWriter) Write(p []byte) (int, error) { return 0, f.err }

func TestCleanPassesIOErrors(t *testing.T) {
	boom := errors.New("connection reset")
	img := encodeJPEG(t, gradient(16, 16), 80)
	_, _, err := Clean(io.Discard, &failReader{data: img[:100], err: boom}, petition.MaxAttachmentSize)
	if !errors.Is(err, boom) || congvu.ErrorCode(err) != congvu.EINTERNAL {
		t.Fatalf("read error: %v", err)
	}
	_, _, err = Clean(io.Discard, &failReader{err: boom}, petition.MaxAttachmentSize)
	if !errors.Is(err, boom) {
		t.Fatalf("read error before the head: %v", err)
	}
	disk := errors.New("disk full")
	_, _, err = Clean(failWriter{disk}, bytes.NewReader(img), petition.MaxAttachmentSize)
	if !errors.Is(err, disk) {
		t.Fatalf("write error: %v", err)
	}
}

// syntheticJPEG is a structurally valid JPEG of about size bytes whose scan
// is random (stuffed) bytes: Clean does not decode, so this is as good as a
// photo for measuring it, and cheap to build.
func syntheticJPEG(t testing.TB, size int) []byte {
	hdr := encodeJPEG(t, gradient(8, 8), 80)
	sos := bytes.Index(hdr, []byte{0xFF, 0xDA})
	sosLen := int(binary.BigEndian.Uint16(hdr[sos+2:]))
	out := make([]byte, 0, size+size/128+64)
	out = append(out, hdr[:sos+2+sosLen]...)
	r := rand.New(rand.NewPCG(1, 2))
	for len(out) < size {
		b := byte(r.Uint32())
		out = append(out, b)
		if b == 0xFF {
			out = append(out, 0)
		}
		if len(out)%4096 == 0 {
			out = append(out, 0xFF, 0xD0+byte(len(out)/4096%8))
		}
	}
	return append(out, 0xFF, 0xD9)
}

func TestCleanMemoryDoesNotGrow(t *testing.T) {
	for _, size := range []int{1 << 20, 8 << 20} {
		in := syntheticJPEG(t, size)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		ct, n, err := Clean(io.Discard, bytes.NewReader(in), petition.MaxAttachmentSize)
		runtime.ReadMemStats(&after)
		if err != nil || ct != "image/jpeg" || n != int64(len(in)) {
			t.Fatalf("%d bytes: %q %d %v", size, ct, n, err)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 256<<10 {
			t.Errorf("cleaning %d bytes allocated %d bytes", size, alloc)
		}
	}
}

func FuzzClean(f *testing.F) {
	f.Add(encodeJPEG(f, gradient(8, 8), 50))
	f.Add(encodePNG(f, gradient(4, 4)))
	f.Add([]byte("%PDF-1.4"))
	f.Add(cat([]byte{0xFF, 0xD8}, seg(0xE1, exifGPS()), seg(0xE0, jfif(1, 1))))
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		ct, n, err := Clean(&out, bytes.NewReader(in), 1<<20)
		if n != int64(out.Len()) {
			t.Fatalf("n = %d, wrote %d", n, out.Len())
		}
		if err != nil {
			if congvu.ErrorCode(err) != congvu.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		if ct == "application/pdf" {
			if !bytes.Equal(out.Bytes(), in) {
				t.Fatal("PDF changed")
			}
			return
		}
		if out.Len() > len(in) {
			t.Fatalf("%s grew from %d to %d bytes", ct, len(in), out.Len())
		}
		// Cleaning is idempotent.
		var again bytes.Buffer
		if ct2, _, err := Clean(&again, bytes.NewReader(out.Bytes()), 1<<20); err != nil || ct2 != ct || !bytes.Equal(again.Bytes(), out.Bytes()) {
			t.Fatalf("second clean: %q %v, same=%v", ct2, err, bytes.Equal(again.Bytes(), out.Bytes()))
		}
	})
}

var noisy = map[int][]byte{}

// noisyJPEG encodes a photo-like noisy image of about size bytes (once).
func noisyJPEG(b *testing.B, size int) []byte {
	if j, ok := noisy[size]; ok {
		return j
	}
	// Noise at quality 95 with 4:2:0 costs about 1.5 bytes a pixel.
	side := 0
	for side*side*3/2 < size {
		side += 16
	}
	img := image.NewYCbCr(image.Rect(0, 0, side, side), image.YCbCrSubsampleRatio420)
	r := rand.New(rand.NewPCG(3, 4))
	for i := range img.Y {
		img.Y[i] = byte(r.Uint32())
	}
	for i := range img.Cb {
		img.Cb[i], img.Cr[i] = byte(r.Uint32()), byte(r.Uint32())
	}
	j := cat([]byte{0xFF, 0xD8}, seg(0xE1, exifGPS()), encodeJPEG(b, img, 95)[2:])
	noisy[size] = j
	return j
}

func benchClean(b *testing.B, size int) {
	in := noisyJPEG(b, size)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := Clean(io.Discard, bytes.NewReader(in), petition.MaxAttachmentSize); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(in))/(1<<20), "MB/file")
}

// BenchmarkClean5MBJPEG cleans a noisy 5 MB photo; compare B/op with
// BenchmarkClean1MBJPEG: memory does not grow with the file.
func BenchmarkClean5MBJPEG(b *testing.B) { benchClean(b, 5<<20) }

func BenchmarkClean1MBJPEG(b *testing.B) { benchClean(b, 1<<20) }

// hugePNG is a real, decodable 1-bit greyscale PNG of w×h white pixels:
// a few hundred kilobytes that decode to w×h pixels (a decompression bomb
// for whoever opens it).
func hugePNG(t testing.TB, w, h int) []byte {
	t.Helper()
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 1, 0 // bit depth 1, greyscale
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	row := make([]byte, 1+(w+7)/8) // filter byte 0, then the row
	for i := 1; i < len(row); i++ {
		row[i] = 0xFF
	}
	for range h {
		zw.Write(row)
	}
	zw.Close()
	return cat(pngMagic, chunk("IHDR", ihdr), chunk("IDAT", z.Bytes()), chunk("IEND", nil))
}

func TestCleanRefusesHugeImages(t *testing.T) {
	big := hugePNG(t, 30000, 30000)
	if cfg, err := png.DecodeConfig(bytes.NewReader(big)); err != nil || cfg.Width != 30000 {
		t.Fatalf("test PNG: %v %+v", err, cfg)
	}
	if len(big) > petition.MaxAttachmentSize {
		t.Fatalf("test PNG of %d bytes is over the size limit: it would not test the dimensions", len(big))
	}
	var out bytes.Buffer
	_, _, err := Clean(&out, bytes.NewReader(big), petition.MaxAttachmentSize)
	wantInvalid(t, err, "30000 × 30000 điểm ảnh")
	wantInvalid(t, err, "xin thu nhỏ ảnh")

	// One side too long, however few pixels in all.
	_, _, err = Clean(io.Discard, bytes.NewReader(hugePNG(t, petition.MaxImageSide+1, 2)), 0)
	wantInvalid(t, err, "điểm ảnh")

	// A JPEG whose frame header claims 30000×30000.
	j := encodeJPEG(t, gradient(16, 16), 80)
	i := bytes.Index(j, []byte{0xFF, 0xC0})
	if i < 0 {
		t.Fatal("no SOF0 in the test JPEG")
	}
	binary.BigEndian.PutUint16(j[i+5:], 30000)
	binary.BigEndian.PutUint16(j[i+7:], 30000)
	_, _, err = Clean(io.Discard, bytes.NewReader(j), 0)
	wantInvalid(t, err, "30000 × 30000 điểm ảnh")

	// A phone photo of 8160×6120 (50 megapixels) passes.
	ok := hugePNG(t, 8160, 6120)
	if ct, _, err := Clean(io.Discard, bytes.NewReader(ok), 0); err != nil || ct != PNG {
		t.Fatalf("50 megapixels: %q %v", ct, err)
	}
}
