package export

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"congvu"
	"congvu/vntext"
)

// AdminDoc is an administrative document in the layout of Decree
// 30/2020/NĐ-CP (Appendix I): the issuing body's heading beside the
// national name and motto, number and symbol beside place and date, the
// kind of document and its summary, the body, and at the foot the
// recipients ("Nơi nhận") and the signature blocks. Records, conclusions,
// decisions and reports of every capability are built as an AdminDoc and
// written by export/pdf (WriteAdminDoc) and export/docx (Write), so both
// files say the same thing in the same order.
//
// Text fields are plain text; writers normalise them to NFC and drop
// control characters, so user input can go in as it is.
type AdminDoc struct {
	// Heading is the issuing body's block, top first: the governing body
	// (regular) over the issuing body (bold) — org.GoverningBody(u).Lines().
	// Written in capitals.
	Heading []string
	// Number is the document's number ("12"); empty leaves the space the
	// clerk fills at issue (drafts are not numbered). Symbol is the
	// symbol after the slash ("BB-ĐKT", "KL-SNV").
	Number, Symbol string
	// Place is the place name before the date ("Hưng Yên"); Date the
	// document's date. Empty or zero leave dotted blanks to fill by hand.
	Place string
	Date  time.Time
	// Draft marks a document not yet issued: "DỰ THẢO" in a box at the top.
	Draft bool
	// Title is the kind of document ("BIÊN BẢN", "KẾT LUẬN"), written in
	// capitals; Subtitle the summary under it ("Kiểm tra việc thực hiện
	// văn hóa công vụ tại …"), optional.
	Title, Subtitle string
	// Body is the content, top first.
	Body []Block
	// Recipients is the "Nơi nhận" list ("Như trên", "Lưu: VT"); empty:
	// no list (a record is handed to those who sign it).
	Recipients []string
	// Signers are the signature blocks, in reading order: one on the
	// right; two side by side (a record: the inspected unit's
	// representative on the left, the team's on the right); more in rows
	// of two.
	Signers []Signer
	// Footnote is small print at the end (where the document was made),
	// optional.
	Footnote string
}

// Block is one piece of the body: a paragraph, or a table when Table is
// set.
type Block struct {
	// Text is the paragraph; a line break starts a new paragraph of the
	// same style.
	Text  string
	Style Style
	Table *DocTable
}

// Style is how a paragraph of the body is set.
type Style int

// Paragraph styles, after Decree 30's body text.
const (
	// StyleBody is body text: justified, first line indented.
	StyleBody Style = iota
	// StyleHeading is a section heading ("I. KẾT QUẢ KIỂM TRA"): bold,
	// first line indented.
	StyleHeading
	// StyleItalic is the legal basis ("Căn cứ …"): italic, first line
	// indented.
	StyleItalic
	// StyleCenter is a centred line ("Kính gửi: …").
	StyleCenter
)

// DocTable is a table of the body, with borders, its header repeated on
// each page.
type DocTable struct {
	Header []string
	Rows   [][]string
	// Widths are the columns' relative widths (any unit); empty: equal.
	Widths []float64
	// Center lists the columns whose cells are centred (numbers, codes).
	Center []int
}

// Signer is one signature block: the authority line ("TM. ĐOÀN KIỂM
// TRA", "KT. GIÁM ĐỐC"), the position ("TRƯỞNG ĐOÀN"), the hint in
// brackets, space for the signature, and the name.
type Signer struct {
	Authority string
	Title     string
	// Hint is printed in italics under the position; empty: "(Ký, ghi rõ
	// họ tên)".
	Hint string
	Name string
}

// The national name and motto (Quốc hiệu and tiêu ngữ) at the top right of
// every document, and the mark of a draft.
const (
	NationalName = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	Motto        = "Độc lập - Tự do - Hạnh phúc"
	DraftMark    = "DỰ THẢO"
)

// Text rules shared by the writers.

// Clean is the text of a field as the writers draw it: valid UTF-8, NFC,
// single spaces, no control characters (nor the two code points XML
// forbids).
func Clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	return vntext.Normalize(s)
}

// Lines is a multi-line field as its cleaned, non-empty lines.
func Lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = Clean(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Upper is s cleaned, in capitals.
func Upper(s string) string { return strings.ToUpper(Clean(s)) }

// DefaultHint is printed under a signer's position when Hint is empty.
const DefaultHint = "(Ký, ghi rõ họ tên)"

// NumberLine is "Số: 12/KL-SNV"; without a number it leaves the space the
// clerk fills at issue ("Số:      /KL-SNV").
func (d AdminDoc) NumberLine() string {
	n, sym := Clean(d.Number), Clean(d.Symbol)
	if n == "" {
		n = "\u2002\u2002\u2002\u2002\u2002"
	}
	if sym == "" {
		return "Số: " + n
	}
	return "Số: " + n + "/" + sym
}

// PlaceDate is "Hưng Yên, ngày 05 tháng 3 năm 2026", blanks where the
// place or the date is missing.
func (d AdminDoc) PlaceDate() string {
	place := Clean(d.Place)
	if place == "" {
		place = "……………"
	}
	if d.Date.IsZero() {
		return place + ", ngày …… tháng …… năm ………"
	}
	return place + ", " + VNDate(d.Date)
}

// VNDate writes a date as administrative documents do (Decree 30/2020):
// "ngày 05 tháng 3 năm 2026", "ngày 15 tháng 02 năm 2026" — a zero before
// days under 10 and before months 1 and 2.
func VNDate(t time.Time) string {
	t = t.In(congvu.TimeZone)
	month := fmt.Sprint(int(t.Month()))
	if t.Month() < 3 {
		month = "0" + month
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", t.Day(), month, t.Year())
}

// RecipientLines are the "Nơi nhận" items as printed: "- Như trên;", the
// last one ending with a full stop.
func (d AdminDoc) RecipientLines() []string {
	var out []string
	for _, r := range d.Recipients {
		if r = strings.TrimRight(Clean(r), ";."); r != "" {
			out = append(out, "- "+r+";")
		}
	}
	if n := len(out); n > 0 {
		out[n-1] = strings.TrimSuffix(out[n-1], ";") + "."
	}
	return out
}

// Validate reports what a writer cannot do without: a title and something
// to say.
func (d AdminDoc) Validate() error {
	if Clean(d.Title) == "" {
		return fmt.Errorf("export: administrative document without a title")
	}
	if len(d.Heading) == 0 {
		return fmt.Errorf("export: administrative document %q without an issuing body", d.Title)
	}
	for i, b := range d.Body {
		if t := b.Table; t != nil {
			if len(t.Header) == 0 {
				return fmt.Errorf("export: table %d of %q without a header", i, d.Title)
			}
			if len(t.Widths) != 0 && len(t.Widths) != len(t.Header) {
				return fmt.Errorf("export: table %d of %q: %d widths for %d columns", i, d.Title, len(t.Widths), len(t.Header))
			}
		}
	}
	return nil
}

// ColumnWidths are t's column widths scaled to total.
func (t *DocTable) ColumnWidths(total float64) []float64 {
	n := len(t.Header)
	out := make([]float64, n)
	sum := 0.0
	for i := range n {
		w := 1.0
		if i < len(t.Widths) && t.Widths[i] > 0 {
			w = t.Widths[i]
		}
		out[i] = w
		sum += w
	}
	for i := range out {
		out[i] = out[i] / sum * total
	}
	return out
}

// Centered reports whether column c is centred.
func (t *DocTable) Centered(c int) bool {
	for _, x := range t.Center {
		if x == c {
			return true
		}
	}
	return false
}

// Cell is row r's cell c, "" past the row's end.
func (t *DocTable) Cell(r, c int) string {
	if c < len(t.Rows[r]) {
		return t.Rows[r][c]
	}
	return ""
}

// FileName is a file name for the document, ASCII so that every browser
// and mail client keeps it: "ket-luan-kiem-tra-05-kl-snv.pdf" from the
// title, number and symbol; ext is the extension without its dot.
func (d AdminDoc) FileName(ext string) string {
	s := vntext.Fold(Clean(d.Title) + " " + Clean(d.Number) + " " + Clean(d.Symbol))
	if d.Draft {
		s = "du-thao " + s
	}
	var b strings.Builder
	dash := false
	for _, r := range s {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	name := strings.TrimSuffix(b.String(), "-")
	if len(name) > 80 {
		name = strings.TrimSuffix(name[:80], "-")
	}
	if name == "" {
		name = "van-ban"
	}
	return name + "." + ext
}
