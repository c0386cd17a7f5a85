package pdf

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"

	"congvu/export"
)

// Administrative document layout (mm, pt), after Decree 30/2020/NĐ-CP,
// Appendix I: A4, margins top and bottom 20, left 30, right 20; body text
// 14 pt, justified, first line indented 1 cm, 6 pt between paragraphs;
// the page number from the second page, centred in the top margin.
const (
	admLeft   = 30.0
	admRight  = 20.0
	admTop    = 20.0
	admBottom = 20.0
	admWidth  = pageW - admLeft - admRight
	admFoot   = pageH - admBottom
	admIndent = 10.0
	admBody   = 14.0 // pt
	admTable  = 12.0 // pt, table cells
	admPad    = 1.5  // mm, inside table cells
)

// lead is the line height of text of size pt (about 1.2 lines).
func lead(pt float64) float64 { return ptToMM(pt) * 1.25 }

// WriteAdminDoc writes doc as a PDF in the layout of Decree 30/2020:
// Times-metric serif type (Liberation Serif, embedded), pages as long as
// the body needs, each table's header repeated on the pages it runs on.
func WriteAdminDoc(w io.Writer, doc export.AdminDoc) error {
	if err := doc.Validate(); err != nil {
		return err
	}
	doc = bmpDoc(doc)
	title := export.Clean(doc.Title)
	if s := export.Clean(doc.Subtitle); s != "" {
		title += " — " + s
	}
	d, err := newDoc(title, doc.Date, serif)
	if err != nil {
		return err
	}
	bi, err := fontFS.ReadFile("fonts/LiberationSerif-BoldItalic.ttf")
	if err != nil {
		return err
	}
	d.AddUTF8FontFromBytes(serif, "BI", bi)
	a := &adm{d: d}
	d.SetHeaderFunc(func() {
		if n := d.PageNo(); n > 1 {
			d.SetFont(serif, "", 13)
			d.SetXY(admLeft, 10)
			d.CellFormat(admWidth, 6, fmt.Sprint(n), "", 0, "C", false, 0, "")
		}
	})
	d.AddPage()
	d.SetTextColor(0, 0, 0)
	d.SetDrawColor(0, 0, 0)
	d.SetLineWidth(0.3)
	a.y = admTop
	a.header(doc)
	for _, b := range doc.Body {
		if b.Table != nil {
			a.table(b.Table)
			continue
		}
		for _, p := range export.Lines(b.Text) {
			a.para(p, b.Style)
		}
	}
	a.foot(doc)
	return finish(d, w)
}

// adm draws an administrative document top to bottom; y is where the next
// line goes.
type adm struct {
	d *fpdf.Fpdf
	y float64
}

// ensure starts a new page unless h more millimetres fit above the bottom
// margin; it reports whether it did.
func (a *adm) ensure(h float64) bool {
	if a.y+h <= admFoot {
		return false
	}
	a.d.AddPage()
	a.y = admTop
	return true
}

// header draws the issuing body beside the national name and motto, the
// number beside place and date, and the title with its summary.
func (a *adm) header(doc export.AdminDoc) {
	d := a.d
	// The two blocks reach a little into the side margins, as the printed
	// forms do, so that the national name fits on one line.
	const lx, lw = admLeft - 8, 72.0
	const rx = lx + lw
	const rw = pageW - 12 - rx
	y := a.y
	if doc.Draft {
		d.SetFont(serif, "B", 12)
		bw := d.GetStringWidth(export.DraftMark) + 6
		d.SetXY(pageW-admRight-bw, 8)
		d.CellFormat(bw, 7, export.DraftMark, "1", 0, "C", false, 0, "")
	}
	ly := y
	lastW := 0.0
	for i, h := range doc.Heading {
		style := ""
		if i == len(doc.Heading)-1 {
			style = "B"
		}
		lines, sz := fitLines(d, serif, style, 13, 10, lw, 3, export.Upper(h))
		for _, l := range lines {
			d.SetXY(lx, ly)
			d.CellFormat(lw, lead(sz), l, "", 0, "C", false, 0, "")
			ly += lead(sz)
			if style == "B" {
				lastW = max(lastW, d.GetStringWidth(l))
			}
		}
	}
	ly += 0.8
	// A line under the issuing body, a third to half its length.
	uw := max(lastW*0.4, 15)
	d.Line(lx+(lw-uw)/2, ly, lx+(lw+uw)/2, ly)

	d.SetFont(serif, "B", 13)
	d.SetXY(rx, y)
	d.CellFormat(rw, lead(13), export.NationalName, "", 0, "C", false, 0, "")
	d.SetFont(serif, "B", 14)
	d.SetXY(rx, y+lead(13))
	d.CellFormat(rw, lead(14), export.Motto, "", 0, "C", false, 0, "")
	mw := d.GetStringWidth(export.Motto)
	my := y + lead(13) + lead(14) + 0.4
	d.Line(rx+(rw-mw)/2, my, rx+(rw+mw)/2, my)

	y = max(ly, my) + 3
	d.SetFont(serif, "", 13)
	d.SetXY(lx, y)
	d.CellFormat(lw, 6, doc.NumberLine(), "", 0, "C", false, 0, "")
	pl, psz := fitLines(d, serif, "I", 14, 11, rw, 1, doc.PlaceDate())
	d.SetFont(serif, "I", psz)
	d.SetXY(rx, y)
	d.CellFormat(rw, 6, pl[0], "", 0, "C", false, 0, "")

	a.y = y + 14
	var lines []string
	d.SetFont(serif, "B", 14)
	lines = append(lines, a.wrap(export.Upper(doc.Title), admWidth, admWidth)...)
	last := 0.0
	if s := export.Clean(doc.Subtitle); s != "" {
		lines = append(lines, a.wrap(s, admWidth-20, admWidth-20)...)
	}
	for _, l := range lines {
		a.ensure(lead(14))
		d.SetXY(admLeft, a.y)
		d.CellFormat(admWidth, lead(14), l, "", 0, "C", false, 0, "")
		a.y += lead(14)
		last = d.GetStringWidth(l)
	}
	if export.Clean(doc.Subtitle) != "" {
		uw := max(last/3, 20)
		d.Line(admLeft+(admWidth-uw)/2, a.y+1.2, admLeft+(admWidth+uw)/2, a.y+1.2)
	}
	a.y += 6
}

// wrap breaks s into lines at most w wide (the first at most first wide)
// in the current font; a word longer than a line is broken between
// letters.
func (a *adm) wrap(s string, first, w float64) []string {
	var lines []string
	cur, width := "", first
	for _, word := range strings.Fields(s) {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if a.d.GetStringWidth(try) <= width {
			cur = try
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
			width = w
		}
		cur = ""
		// A single letter wider than the line (no cell is that narrow
		// for text) overflows rather than loop.
		for utf8.RuneCountInString(word) > 1 && a.d.GetStringWidth(word) > width {
			r := []rune(word)
			n := len(r) - 1
			for n > 1 && a.d.GetStringWidth(string(r[:n])) > width {
				n--
			}
			lines = append(lines, string(r[:n]))
			width = w
			word = string(r[n:])
		}
		cur = word
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

// para draws one paragraph of the body.
func (a *adm) para(text string, st export.Style) {
	d := a.d
	style, indent, align := "", admIndent, "J"
	switch st {
	case export.StyleHeading:
		style = "B"
	case export.StyleItalic:
		style = "I"
	case export.StyleCenter:
		indent, align = 0, "C"
	}
	d.SetFont(serif, style, admBody)
	lines := a.wrap(text, admWidth-indent, admWidth)
	h := lead(admBody)
	for i, l := range lines {
		a.ensure(h)
		x, w, al := admLeft, admWidth, align
		if i == 0 {
			x, w = admLeft+indent, admWidth-indent
		}
		if i == len(lines)-1 && al == "J" {
			al = "L"
		}
		d.SetXY(x, a.y)
		d.CellFormat(w, h, l, "", 0, al, false, 0, "")
		a.y += h
	}
	a.y += ptToMM(6)
}

// table draws t with borders; a row that does not fit goes on, with the
// header again, on the next page.
func (a *adm) table(t *export.DocTable) {
	d := a.d
	ws := t.ColumnWidths(admWidth)
	h := lead(admTable)
	cells := func(row []string, style string) [][]string {
		d.SetFont(serif, style, admTable)
		out := make([][]string, len(ws))
		for c := range ws {
			var ls []string
			if c < len(row) {
				for _, p := range export.Lines(row[c]) {
					ls = append(ls, a.wrap(p, ws[c]-2*admPad, ws[c]-2*admPad)...)
				}
			}
			out[c] = ls
		}
		return out
	}
	height := func(cs [][]string) int {
		n := 1
		for _, c := range cs {
			n = max(n, len(c))
		}
		return n
	}
	head := cells(t.Header, "B")
	// A header is a few words; one that is not keeps four lines a cell, so
	// that it leaves room on the page for the rows.
	for c := range head {
		if len(head[c]) > 4 {
			head[c] = append(head[c][:3:3], head[c][3]+"…")
		}
	}
	headH := float64(height(head))*h + 2*admPad
	// draw draws lines [from, to) of each cell as one band of the table.
	draw := func(cs [][]string, from, to int, style string, center func(int) bool) {
		d.SetFont(serif, style, admTable)
		bh := float64(to-from)*h + 2*admPad
		x := admLeft
		for c, w := range ws {
			d.Rect(x, a.y, w, bh, "D")
			al := "L"
			if center(c) {
				al = "C"
			}
			for i := from; i < to && i < len(cs[c]); i++ {
				d.SetXY(x+admPad, a.y+admPad+float64(i-from)*h)
				d.CellFormat(w-2*admPad, h, cs[c][i], "", 0, al, false, 0, "")
			}
			x += w
		}
		a.y += bh
	}
	all := func(int) bool { return true }
	a.ensure(headH + h + 2*admPad)
	draw(head, 0, height(head), "B", all)
	for r := range t.Rows {
		cs := cells(t.Rows[r], "")
		n, from, fresh := height(cs), 0, false
		for from < n {
			room := int((admFoot - a.y - 2*admPad) / h)
			if room < min(n-from, 2) && !fresh { // no widowed single line at a page foot
				a.d.AddPage()
				a.y = admTop
				draw(head, 0, height(head), "B", all)
				fresh = true
				continue
			}
			to := min(n, from+max(room, 1))
			fresh = false
			draw(cs, from, to, "", t.Centered)
			from = to
		}
	}
	a.y += ptToMM(6)
}

// foot draws "Nơi nhận" and the signature blocks, kept together on a page.
func (a *adm) foot(doc export.AdminDoc) {
	d := a.d
	rec := doc.RecipientLines()
	signers := doc.Signers
	half := admWidth / 2
	a.y += 2
	// Room for the first row of signatures (and the recipients beside a
	// single signer) so that no block is cut.
	need := 52.0
	if len(signers) <= 1 {
		need = max(need, 6+float64(len(rec))*4.8)
	}
	a.ensure(need)
	top := a.y
	recipients := func(y float64) float64 {
		if len(rec) == 0 {
			return y
		}
		x, w := admLeft-8, half+4
		d.SetFont(serif, "BI", 12)
		d.SetXY(x, y)
		d.CellFormat(w, 5.5, "Nơi nhận:", "", 0, "L", false, 0, "")
		y += 5.5
		d.SetFont(serif, "", 11)
		for _, item := range rec {
			for j, l := range a.wrap(item, w, w-2.5) {
				if y+4.8 > admFoot {
					d.AddPage()
					y = admTop
				}
				lx := x
				if j > 0 {
					lx += 2.5
				}
				d.SetXY(lx, y)
				d.CellFormat(w, 4.8, l, "", 0, "L", false, 0, "")
				y += 4.8
			}
		}
		return y
	}
	// titles draws a block's authority, position and hint, and returns
	// where they end; name draws the name at y.
	titles := func(s export.Signer, x, w, y float64) float64 {
		for _, t := range []string{s.Authority, s.Title} {
			if t = export.Upper(t); t == "" {
				continue
			}
			ls, sz := fitLines(d, serif, "B", 14, 11, w, 2, t)
			for _, l := range ls {
				d.SetXY(x, y)
				d.CellFormat(w, lead(sz), l, "", 0, "C", false, 0, "")
				y += lead(sz)
			}
		}
		hint := export.Clean(s.Hint)
		if hint == "" {
			hint = export.DefaultHint
		}
		d.SetFont(serif, "I", 13)
		d.SetXY(x, y)
		d.CellFormat(w, 6, hint, "", 0, "C", false, 0, "")
		return y + 6
	}
	name := func(s export.Signer, x, w, y float64) float64 {
		if n := export.Clean(s.Name); n != "" {
			ls, sz := fitLines(d, serif, "B", 14, 11, w, 2, n)
			for _, l := range ls {
				d.SetXY(x, y)
				d.CellFormat(w, lead(sz), l, "", 0, "C", false, 0, "")
				y += lead(sz)
			}
		}
		return y
	}
	const sigSpace = 24.0 // mm left to sign in
	switch len(signers) {
	case 0:
		a.y = recipients(top)
	case 1:
		ry := recipients(top)
		sx := admLeft + half
		sy := name(signers[0], sx, half, titles(signers[0], sx, half, top)+sigSpace)
		a.y = max(ry, sy)
	default:
		// Side by side in pairs, the names on one line whatever the length
		// of the titles above them.
		for i := 0; i < len(signers); i += 2 {
			if i > 0 {
				a.ensure(52)
			}
			y0 := a.y
			if i+1 < len(signers) {
				lx, lw := admLeft-8, half+4
				ny := max(titles(signers[i], lx, lw, y0), titles(signers[i+1], admLeft+half, half, y0)) + sigSpace
				a.y = max(name(signers[i], lx, lw, ny), name(signers[i+1], admLeft+half, half, ny)) + 6
			} else {
				a.y = name(signers[i], admLeft+half, half, titles(signers[i], admLeft+half, half, y0)+sigSpace) + 6
			}
		}
		if len(rec) > 0 {
			a.ensure(6 + 4.8*2)
			a.y = recipients(a.y)
		}
	}
	if f := export.Lines(doc.Footnote); len(f) > 0 {
		a.y += 6
		d.SetFont(serif, "I", 9)
		d.SetTextColor(80, 80, 80)
		for _, p := range f {
			for _, l := range a.wrap(p, admWidth, admWidth) {
				a.ensure(4)
				d.SetXY(admLeft, a.y)
				d.CellFormat(admWidth, 4, l, "", 0, "L", false, 0, "")
				a.y += 4
			}
		}
	}
}

// bmpDoc is a copy of doc whose text holds no character beyond the Basic
// Multilingual Plane (see bmp).
func bmpDoc(doc export.AdminDoc) export.AdminDoc {
	m := func(s string) string { return strings.Map(bmp, s) }
	ms := func(ss []string) []string {
		out := make([]string, len(ss))
		for i, s := range ss {
			out[i] = m(s)
		}
		return out
	}
	doc.Heading, doc.Recipients = ms(doc.Heading), ms(doc.Recipients)
	doc.Number, doc.Symbol, doc.Place, doc.Title, doc.Subtitle, doc.Footnote = m(doc.Number), m(doc.Symbol), m(doc.Place), m(doc.Title), m(doc.Subtitle), m(doc.Footnote)
	body := make([]export.Block, len(doc.Body))
	for i, b := range doc.Body {
		b.Text = m(b.Text)
		if t := b.Table; t != nil {
			c := *t
			c.Header = ms(t.Header)
			c.Rows = make([][]string, len(t.Rows))
			for r, row := range t.Rows {
				c.Rows[r] = ms(row)
			}
			b.Table = &c
		}
		body[i] = b
	}
	doc.Body = body
	signers := make([]export.Signer, len(doc.Signers))
	for i, s := range doc.Signers {
		signers[i] = export.Signer{Authority: m(s.Authority), Title: m(s.Title), Hint: m(s.Hint), Name: m(s.Name)}
	}
	doc.Signers = signers
	return doc
}
