// Package attach cleans files that citizens attach to petitions before they
// are stored: the type is detected from the bytes (never from the name or
// the browser's claim), the size is limited, and image metadata that could
// identify the reporter (EXIF with GPS position and camera serial, XMP,
// IPTC, comments, embedded thumbnails) is dropped.
//
// Clean streams: it holds two fixed buffers whatever the size of the file,
// so a 10 MB photo costs the same memory as a 10 kB one.
package attach

import (
	"bufio"
	"bytes"
	"congvu/petition"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"strconv"

	"congvu"
)

// Content types Clean returns; they are congvu.AttachmentTypes.
const (
	JPEG = "image/jpeg"
	PNG  = "image/png"
	PDF  = "application/pdf"
)

const bufSize = 32 << 10

var (
	jpegMagic = []byte{0xFF, 0xD8, 0xFF}
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
	pdfMagic  = []byte("%PDF-")
)

// ErrType is the message for a file that is not a JPEG, PNG or PDF.
const ErrType = "Chỉ nhận ảnh JPEG, PNG hoặc tệp PDF."

// ErrCorrupt is the message for an image whose structure is broken.
const ErrCorrupt = "Tệp ảnh bị hỏng hoặc không đúng định dạng, xin chọn tệp khác."

// errTooLarge is what the input reader returns past the limit.
var errTooLarge = errors.New("attach: input over the size limit")

// errCorrupt marks a structural defect found while parsing.
var errCorrupt = errors.New("attach: malformed image")

// Clean copies src to dst, cleaned, and returns the detected content type
// and the number of bytes written to dst. max is the largest input accepted,
// in bytes (congvu.MaxAttachmentSize when max <= 0).
//
//   - JPEG: segments are parsed as they stream by. APP1…APP15 (EXIF with
//     GPS, XMP, ICC profiles, IPTC/Photoshop APP13, maker notes…) and COM
//     comments are dropped; APP0 JFIF is kept without its thumbnail, and an
//     Adobe APP14 is kept as its 12 fixed bytes only (a colour-transform flag
//     decoders need for RGB and CMYK JPEGs; it carries nothing personal).
//     Tables, frame and scan headers and the entropy-coded data are copied
//     verbatim, so the picture decodes to exactly the same pixels. Anything
//     after EOI (phones append extra images there) is dropped. Dropping EXIF
//     also drops its orientation tag: a photo taken sideways may show
//     sideways. That is accepted: keeping part of EXIF is how position data
//     leaks.
//   - PNG: chunks are copied with their CRCs, which are verified. tEXt, zTXt,
//     iTXt, eXIf, tIME and iCCP are dropped, and so is any ancillary chunk
//     not known to affect rendering (private chunks can carry anything).
//     Anything after IEND is dropped.
//   - JPEG and PNG: an image larger than petition.MaxImageSide a side or
//     petition.MaxImagePixels in all (from its frame header or IHDR, before
//     any pixel data) is refused with a Vietnamese message saying its size.
//   - PDF: copied as is. Its metadata (author, producer, XMP) is NOT
//     stripped: rewriting a PDF safely needs a full parser.
//
// Errors: *congvu.Error EINVALID for a type not accepted, a file over max
// or a malformed JPEG/PNG; read errors of src and write errors of dst are
// returned as they are. On error, what was written to dst must be thrown
// away.
func Clean(dst io.Writer, src io.Reader, max int64) (contentType string, n int64, err error) {
	if max <= 0 {
		max = petition.MaxAttachmentSize
	}
	if max > 1<<62 {
		max = 1 << 62
	}
	lr := &limitReader{r: src, max: max}
	br := bufio.NewReaderSize(lr, bufSize)
	cw := &countWriter{w: dst}
	bw := bufio.NewWriterSize(cw, bufSize)

	head, perr := br.Peek(len(pngMagic))
	switch {
	case hasPrefix(head, jpegMagic):
		contentType = JPEG
		err = cleanJPEG(bw, br)
	case hasPrefix(head, pngMagic):
		contentType = PNG
		err = cleanPNG(bw, br)
	case hasPrefix(head, pdfMagic):
		contentType = PDF
		err = copyAll(bw, br)
	default:
		if perr != nil && perr != io.EOF {
			err = perr
		} else {
			err = &congvu.Error{Code: congvu.EINVALID, Message: ErrType}
		}
	}
	if err == nil {
		// Read (and drop) whatever follows the image, so that a file over
		// the limit is refused whatever its inner structure says.
		err = drain(br)
	}
	if err == nil {
		err = bw.Flush()
	}
	switch {
	case lr.over || errors.Is(err, errTooLarge):
		return "", cw.n, &congvu.Error{Code: congvu.EINVALID,
			Message: "Tệp lớn hơn " + FormatSize(max) + ", xin chọn tệp nhỏ hơn (có thể chụp lại ảnh với độ phân giải thấp hơn)."}
	case errors.Is(err, errCorrupt), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "", cw.n, &congvu.Error{Code: congvu.EINVALID, Message: ErrCorrupt}
	case err != nil:
		return "", cw.n, err
	}
	return contentType, cw.n, nil
}

// FormatSize writes a byte count the way the limit messages say it:
// "10 MB", "1,5 MB", "200 KB", "900 byte".
func FormatSize(n int64) string {
	unit := func(n, u int64, name string) string {
		s := strconv.FormatInt(n/u, 10)
		if tenth := n % u * 10 / u; tenth != 0 {
			s += "," + strconv.FormatInt(tenth, 10)
		}
		return s + " " + name
	}
	switch {
	case n >= 1<<20:
		return unit(n, 1<<20, "MB")
	case n >= 1<<10:
		return unit(n, 1<<10, "KB")
	}
	return strconv.FormatInt(n, 10) + " byte"
}

func hasPrefix(b, prefix []byte) bool {
	return len(b) >= len(prefix) && string(b[:len(prefix)]) == string(prefix)
}

// limitReader reads at most max+1 bytes; the byte past max sets over.
type limitReader struct {
	r    io.Reader
	max  int64
	read int64
	over bool
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.over {
		return 0, errTooLarge
	}
	if left := l.max + 1 - l.read; int64(len(p)) > left {
		p = p[:left]
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	if l.read > l.max {
		l.over = true
		return n, errTooLarge
	}
	return n, err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// fill makes sure r has at least one buffered byte and returns how many.
func fill(r *bufio.Reader) (int, error) {
	if k := r.Buffered(); k > 0 {
		return k, nil
	}
	if _, err := r.Peek(1); err != nil {
		return 0, err
	}
	return r.Buffered(), nil
}

// copyN copies exactly n bytes through the reader's own buffer, updating
// crc when it is not nil.
func copyN(w *bufio.Writer, r *bufio.Reader, n int64, crc *uint32) error {
	for n > 0 {
		k, err := fill(r)
		if err != nil {
			return err
		}
		if int64(k) > n {
			k = int(n)
		}
		b, _ := r.Peek(k)
		if crc != nil {
			*crc = crc32.Update(*crc, crc32.IEEETable, b)
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
		r.Discard(k)
		n -= int64(k)
	}
	return nil
}

// skipN drops exactly n bytes.
func skipN(r *bufio.Reader, n int64) error {
	for n > 0 {
		k := bufSize
		if int64(k) > n {
			k = int(n)
		}
		d, err := r.Discard(k)
		n -= int64(d)
		if err != nil {
			return err
		}
	}
	return nil
}

func copyAll(w *bufio.Writer, r *bufio.Reader) error {
	for {
		k, err := fill(r)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		b, _ := r.Peek(k)
		if _, err := w.Write(b); err != nil {
			return err
		}
		r.Discard(k)
	}
}

func drain(r *bufio.Reader) error {
	for {
		if _, err := r.Discard(bufSize); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

// --- JPEG ---

// JPEG markers.
const (
	mSOI   = 0xD8
	mEOI   = 0xD9
	mSOS   = 0xDA
	mAPP0  = 0xE0
	mAPP14 = 0xEE
	mAPP15 = 0xEF
	mCOM   = 0xFE
	mTEM   = 0x01
)

func isRST(m byte) bool { return m >= 0xD0 && m <= 0xD7 }

// isSOF reports whether m starts a frame (SOF0…SOF15 but DHT, JPG, DAC).
func isSOF(m byte) bool { return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC }

// imageSize refuses an image whose declared dimensions are out of bounds
// (petition.ImageSizeProblem). A JPEG height of 0 (defined later by a DNL
// marker) is refused too: the size must be known before it is accepted.
func imageSize(w, h int64) error {
	if msg := petition.ImageSizeProblem(w, h); msg != "" {
		return &congvu.Error{Code: congvu.EINVALID, Message: msg}
	}
	return nil
}

func cleanJPEG(w *bufio.Writer, r *bufio.Reader) error {
	if err := expect(r, 0xFF, mSOI); err != nil {
		return err
	}
	w.Write([]byte{0xFF, mSOI})
	scans := 0
	m, err := nextMarker(r)
	for ; err == nil; m, err = nextMarker(r) {
		switch {
		case m == mEOI:
			if scans == 0 {
				return errCorrupt
			}
			_, err := w.Write([]byte{0xFF, mEOI})
			return err
		case m == mSOI || m == 0x00:
			return errCorrupt
		case m == mTEM || isRST(m):
			// Markers without a length; harmless outside a scan.
			if _, err := w.Write([]byte{0xFF, m}); err != nil {
				return err
			}
			continue
		}
		length, err := read16(r)
		if err != nil {
			return err
		}
		if length < 2 {
			return errCorrupt
		}
		payload := int64(length) - 2
		switch {
		case m == mAPP0:
			err = keepJFIF(w, r, payload)
		case m == mAPP14:
			err = keepAdobe(w, r, payload)
		case m > mAPP0 && m <= mAPP15 || m == mCOM:
			err = skipN(r, payload)
		default:
			if isSOF(m) {
				// The frame header: precision, height, width.
				if payload < 5 {
					return errCorrupt
				}
				d, err := r.Peek(5)
				if err != nil {
					return err
				}
				if err := imageSize(int64(binary.BigEndian.Uint16(d[3:])), int64(binary.BigEndian.Uint16(d[1:]))); err != nil {
					return err
				}
			}
			w.Write([]byte{0xFF, m, byte(length >> 8), byte(length)})
			err = copyN(w, r, payload, nil)
		}
		if err != nil {
			return err
		}
		if m == mSOS {
			scans++
			if err := copyScan(w, r); err != nil {
				return err
			}
		}
	}
	return err
}

func expect(r *bufio.Reader, want ...byte) error {
	for _, want := range want {
		b, err := r.ReadByte()
		if err != nil {
			return err
		}
		if b != want {
			return errCorrupt
		}
	}
	return nil
}

func read16(r *bufio.Reader) (uint16, error) {
	hi, err := r.ReadByte()
	if err != nil {
		return 0, err
	}
	lo, err := r.ReadByte()
	if err != nil {
		return 0, err
	}
	return uint16(hi)<<8 | uint16(lo), nil
}

// nextMarker reads a marker between segments: 0xFF, any fill 0xFF bytes,
// then the marker code.
func nextMarker(r *bufio.Reader) (byte, error) {
	b, err := r.ReadByte()
	if err != nil {
		return 0, err
	}
	if b != 0xFF {
		return 0, errCorrupt
	}
	for b == 0xFF {
		if b, err = r.ReadByte(); err != nil {
			return 0, err
		}
	}
	return b, nil
}

// copyScan copies entropy-coded data (with its stuffed 0xFF00 bytes and
// restart markers) up to the next real marker, left unread with its 0xFF.
func copyScan(w *bufio.Writer, r *bufio.Reader) error {
	for {
		k, err := fill(r)
		if err != nil {
			return err
		}
		b, _ := r.Peek(k)
		i := bytes.IndexByte(b, 0xFF)
		if i < 0 {
			i = k
		}
		if _, err := w.Write(b[:i]); err != nil {
			return err
		}
		r.Discard(i)
		if i == k {
			continue
		}
		// At 0xFF: look at the byte after it (and after any fill bytes).
		b, err = r.Peek(2)
		if err != nil {
			return err
		}
		switch {
		case b[1] == 0x00 || isRST(b[1]):
			if _, err := w.Write(b); err != nil {
				return err
			}
			r.Discard(2)
		case b[1] == 0xFF:
			r.Discard(1) // fill byte
		default:
			return nil // a marker: nextMarker reads it
		}
	}
}

// keepJFIF keeps an APP0 JFIF segment without its thumbnail; other APP0
// segments (JFXX thumbnails) are dropped.
func keepJFIF(w *bufio.Writer, r *bufio.Reader, payload int64) error {
	const fixed = 14 // "JFIF\0", version 2, units 1, density 4, thumbnail size 2
	if payload >= fixed {
		b, err := r.Peek(fixed)
		if err != nil {
			return err
		}
		if string(b[:5]) == "JFIF\x00" {
			var seg [4 + fixed]byte
			seg[0], seg[1], seg[2], seg[3] = 0xFF, mAPP0, 0, 2+fixed
			copy(seg[4:], b)
			seg[4+12], seg[4+13] = 0, 0 // no thumbnail
			if _, err := w.Write(seg[:]); err != nil {
				return err
			}
		}
	}
	return skipN(r, payload)
}

// keepAdobe keeps the 12 fixed bytes of an Adobe APP14 segment (version,
// flags, colour transform); other APP14 segments are dropped.
func keepAdobe(w *bufio.Writer, r *bufio.Reader, payload int64) error {
	const fixed = 12 // "Adobe", version 2, flags0 2, flags1 2, transform 1
	if payload >= fixed {
		b, err := r.Peek(fixed)
		if err != nil {
			return err
		}
		if string(b[:5]) == "Adobe" {
			var seg [4 + fixed]byte
			seg[0], seg[1], seg[2], seg[3] = 0xFF, mAPP14, 0, 2+fixed
			copy(seg[4:], b)
			if _, err := w.Write(seg[:]); err != nil {
				return err
			}
		}
	}
	return skipN(r, payload)
}

// --- PNG ---

// pngKeep lists the chunks copied: the critical ones and the ancillary ones
// that change how the picture renders. Every other chunk is dropped.
var pngKeep = map[string]bool{
	"IHDR": true, "PLTE": true, "IDAT": true, "IEND": true,
	"tRNS": true, "gAMA": true, "cHRM": true, "sRGB": true, "sBIT": true,
	"bKGD": true, "pHYs": true, "hIST": true, "sPLT": true,
	"cICP": true, "mDCv": true, "cLLi": true,
	"acTL": true, "fcTL": true, "fdAT": true, // animated PNG
}

func cleanPNG(w *bufio.Writer, r *bufio.Reader) error {
	if err := skipN(r, int64(len(pngMagic))); err != nil {
		return err
	}
	w.Write(pngMagic)
	for first := true; ; first = false {
		h, err := r.Peek(8)
		if err != nil {
			return err
		}
		length := uint32(h[0])<<24 | uint32(h[1])<<16 | uint32(h[2])<<8 | uint32(h[3])
		var hdr [8]byte
		copy(hdr[:], h)
		typ := string(hdr[4:8]) // allocation-free: the compiler interns map keys
		if length > 1<<31-1 || !chunkType(hdr[4:8]) {
			return errCorrupt
		}
		if first && (typ != "IHDR" || length != 13) {
			return errCorrupt
		}
		if first {
			// Bound the decoded size before accepting a byte of it (what
			// image.DecodeConfig would read: IHDR's width and height).
			d, err := r.Peek(8 + 8)
			if err != nil {
				return err
			}
			if err := imageSize(int64(binary.BigEndian.Uint32(d[8:])), int64(binary.BigEndian.Uint32(d[12:]))); err != nil {
				return err
			}
		}
		r.Discard(8)
		if !pngKeep[typ] {
			if typ[0] >= 'A' && typ[0] <= 'Z' {
				// An unknown critical chunk: no decoder could show the image.
				return errCorrupt
			}
			if err := skipN(r, int64(length)+4); err != nil {
				return err
			}
			continue
		}
		if _, err := w.Write(hdr[:]); err != nil {
			return err
		}
		crc := crc32.Update(0, crc32.IEEETable, hdr[4:8])
		if err := copyN(w, r, int64(length), &crc); err != nil {
			return err
		}
		c, err := r.Peek(4)
		if err != nil {
			return err
		}
		if uint32(c[0])<<24|uint32(c[1])<<16|uint32(c[2])<<8|uint32(c[3]) != crc {
			return errCorrupt
		}
		if _, err := w.Write(c); err != nil {
			return err
		}
		r.Discard(4)
		if typ == "IEND" {
			return nil
		}
	}
}

func chunkType(b []byte) bool {
	for _, c := range b {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}
