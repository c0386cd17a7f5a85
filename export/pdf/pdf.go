// Package pdf writes the printed documents of citizen feedback: the A4 sheet
// of officials' rating badges, the counter poster with a unit's QR code, and
// the apology slip for a late dossier ("Phiếu xin lỗi và hẹn lại ngày trả
// kết quả").
//
// Text is typeset in the Liberation fonts (metric-compatible with Arial and
// Times New Roman, full Vietnamese coverage), embedded in the binary from
// fonts/ (SIL Open Font License, see fonts/OFL.txt) and subset into each PDF,
// so documents print the same everywhere. All text is normalised to NFC
// before drawing. QR codes are drawn as vector squares, sharp at any size.
package pdf

import (
	"bytes"
	"embed"
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"

	"congvu"
	"congvu/vntext"
)

//go:embed fonts/*.ttf
var fontFS embed.FS

// Font families registered in every document.
const (
	sans  = "LiberationSans"
	serif = "LiberationSerif"
)

// fontFiles maps family and style to the embedded file.
var fontFiles = []struct{ family, style, file string }{
	{sans, "", "fonts/LiberationSans-Regular.ttf"},
	{sans, "B", "fonts/LiberationSans-Bold.ttf"},
	{serif, "", "fonts/LiberationSerif-Regular.ttf"},
	{serif, "B", "fonts/LiberationSerif-Bold.ttf"},
	{serif, "I", "fonts/LiberationSerif-Italic.ttf"},
}

// FourXinLine is the reminder printed on every badge.
const FourXinLine = "4 xin: xin chào, xin lỗi, xin cảm ơn, xin phép · 4 luôn: luôn mỉm cười, luôn nhẹ nhàng, luôn lắng nghe, luôn giúp đỡ"

// The programme's blue (the web interface's --brand).
var brand = [3]int{11, 79, 138}

// newDoc returns an A4 portrait document in millimetres with the fonts of
// family registered (each registered font is embedded, used or not) and the
// metadata set.
func newDoc(title string, created time.Time, family string) (*fpdf.Fpdf, error) {
	d := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	for _, f := range fontFiles {
		if f.family != family {
			continue
		}
		b, err := fontFS.ReadFile(f.file)
		if err != nil {
			return nil, err
		}
		d.AddUTF8FontFromBytes(f.family, f.style, b)
	}
	if d.Err() {
		return nil, fmt.Errorf("pdf: load fonts: %w", d.Error())
	}
	d.SetTitle(nfc(title), true)
	d.SetCreator("Công vụ", true)
	d.SetProducer("Công vụ", true)
	d.SetLang("vi-VN")
	if created.IsZero() {
		created = time.Now()
	}
	d.SetCreationDate(created)
	d.SetModificationDate(created)
	d.SetAutoPageBreak(false, 0)
	d.SetCellMargin(0)
	return d, nil
}

// finish writes the document to w, or returns its error.
func finish(d *fpdf.Fpdf, w io.Writer) error {
	if d.Err() {
		return fmt.Errorf("pdf: %w", d.Error())
	}
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// nfc normalises text for drawing: NFC, single spaces, no control
// characters.
func nfc(s string) string {
	return vntext.Normalize(strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return bmp(r)
	}, s))
}

// bmp replaces a character beyond the Basic Multilingual Plane (an emoji
// typed on a phone) by U+FFFD: fpdf's Unicode fonts map 16-bit codes only
// and panic on more.
func bmp(r rune) rune {
	if r > 0xFFFF {
		return '\uFFFD'
	}
	return r
}

// fitLines wraps s into at most maxLines lines of width w, shrinking the
// font from size down to minSize until it fits; the last line is cut with
// an ellipsis if even minSize does not fit. It leaves the font at the size
// chosen and returns the lines and that size.
func fitLines(d *fpdf.Fpdf, family, style string, size, minSize, w float64, maxLines int, s string) ([]string, float64) {
	s = nfc(s)
	for sz := size; ; sz -= 0.5 {
		if sz < minSize {
			sz = minSize
		}
		d.SetFont(family, style, sz)
		lines := d.SplitText(s, w)
		if len(lines) <= maxLines || sz == minSize {
			if len(lines) > maxLines {
				lines = lines[:maxLines]
				last := lines[maxLines-1]
				for last != "" && d.GetStringWidth(last+"…") > w {
					r := []rune(last)
					last = strings.TrimSpace(string(r[:len(r)-1]))
				}
				lines[maxLines-1] = last + "…"
			}
			for i := range lines {
				lines[i] = strings.TrimSpace(lines[i])
			}
			if len(lines) == 2 && !strings.HasSuffix(lines[1], "…") {
				lines = balance(d, s, w, lines)
			}
			return lines, sz
		}
	}
}

// balance splits s into two lines of about the same width (a title reads
// better as "ỦY BAN NHÂN DÂN / HUYỆN ĐÔNG HƯNG" than with one word left on
// the second line); greedy is returned when no split fits.
func balance(d *fpdf.Fpdf, s string, w float64, greedy []string) []string {
	words := strings.Fields(s)
	best, bestW := greedy, w+1
	for i := 1; i < len(words); i++ {
		a, b := strings.Join(words[:i], " "), strings.Join(words[i:], " ")
		wa, wb := d.GetStringWidth(a), d.GetStringWidth(b)
		if wa > w || wb > w {
			continue
		}
		if m := max(wa, wb); m < bestW {
			best, bestW = []string{a, b}, m
		}
	}
	return best
}

// ptToMM converts a font size in points to millimetres.
func ptToMM(pt float64) float64 { return pt * 25.4 / 72 }

// drawQR draws the QR code of content as black squares in a size×size box
// at (x, y), without a quiet zone (leave white space around it).
func drawQR(d *fpdf.Fpdf, content string, x, y, size float64) error {
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return fmt.Errorf("pdf: QR code: %w", err)
	}
	q.DisableBorder = true
	bm := q.Bitmap()
	n := float64(len(bm))
	m := size / n
	d.SetFillColor(0, 0, 0)
	for row, line := range bm {
		for col := 0; col < len(line); {
			if !line[col] {
				col++
				continue
			}
			start := col
			for col < len(line) && line[col] {
				col++
			}
			// A hair of overlap hides the seams some viewers draw between
			// adjacent squares.
			d.Rect(x+float64(start)*m, y+float64(row)*m, float64(col-start)*m+0.01, m+0.01, "F")
		}
	}
	return nil
}

// vnDate writes a date the way administrative documents do (Nghị định
// 30/2020/NĐ-CP): "ngày 05 tháng 3 năm 2026", "ngày 15 tháng 02 năm 2026" —
// a zero before days under 10 and before months 1 and 2.
func vnDate(t time.Time) string {
	t = t.In(congvu.TimeZone)
	month := fmt.Sprint(int(t.Month()))
	if t.Month() < 3 {
		month = "0" + month
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", t.Day(), month, t.Year())
}

// shortDate writes dd/mm/yyyy.
func shortDate(t time.Time) string { return t.In(congvu.TimeZone).Format("02/01/2006") }
