package docx

import (
	"fmt"
	"strings"

	"congvu/export"
)

// Widths of the heading table: the issuing body on the left (72 mm, from
// 8 mm inside the left margin), the national name on the right (104 mm).
const (
	headLeft  = 4082
	headRight = 5897
	// The signature table: recipients or the first signer on the left,
	// the signer on the right, half the text width each.
	footRight = textW / 2
	footLeft  = textW - footRight + outdent
)

// document is word/document.xml.
func document(doc export.AdminDoc) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:document ` + nsW + `><w:body>`)
	heading(&b, doc)
	for _, blk := range doc.Body {
		if blk.Table != nil {
			table(&b, blk.Table)
			continue
		}
		for _, p := range export.Lines(blk.Text) {
			paragraph(&b, p, blk.Style)
		}
	}
	foot(&b, doc)
	fmt.Fprintf(&b, `<w:sectPr><w:headerReference w:type="default" r:id="rId2"/>`+
		`<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="567" w:footer="567" w:gutter="0"/>`+
		`<w:titlePg/></w:sectPr>`, pageW, pageH, marTop, marRight, marBottom, marLeft)
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

// heading writes the draft mark, the heading table (issuing body and
// number on the left; national name, motto, place and date on the right)
// and the title with its summary.
func heading(b *strings.Builder, doc export.AdminDoc) {
	if doc.Draft {
		para{jc: "right", after: 120}.write(b, run{text: " " + export.DraftMark + " ", bold: true, box: true, size: 12})
	}
	layoutTable(b, headLeft, headRight)
	b.WriteString("<w:tr>")
	cell(b, headLeft, func(c *strings.Builder) {
		last := ""
		for i, h := range doc.Heading {
			h = export.Upper(h)
			bold := i == len(doc.Heading)-1
			if bold {
				last = h
			}
			para{jc: "center"}.write(c, run{text: h, bold: bold, size: 13})
		}
		shortRule(c, textWidth(last, 13)*2/5, headLeft-170)
	})
	cell(b, headRight, func(c *strings.Builder) {
		para{jc: "center"}.write(c, run{text: export.NationalName, bold: true, size: 13})
		para{jc: "center"}.write(c, run{text: export.Motto, bold: true, underline: true, size: 14})
	})
	b.WriteString("</w:tr><w:tr>")
	cell(b, headLeft, func(c *strings.Builder) {
		para{jc: "center", before: 120}.write(c, run{text: doc.NumberLine(), size: 13})
	})
	cell(b, headRight, func(c *strings.Builder) {
		para{jc: "center", before: 120}.write(c, run{text: doc.PlaceDate(), italic: true, size: 14})
	})
	b.WriteString("</w:tr></w:tbl>")

	para{jc: "center", before: 360, keepNext: true}.write(b, run{text: export.Upper(doc.Title), bold: true})
	if s := export.Clean(doc.Subtitle); s != "" {
		para{jc: "center", keepNext: true, indL: 567, indR: 567}.write(b, run{text: s, bold: true})
		shortRule(b, min(textWidth(s, 14)/3, textW/3), textW)
	}
	para{after: 120}.write(b)
}

// paragraph writes one paragraph of the body.
func paragraph(b *strings.Builder, text string, st export.Style) {
	p := para{jc: "both", firstLine: indent, after: 120, line: 276}
	r := run{text: text}
	switch st {
	case export.StyleHeading:
		r.bold = true
		p.keepNext = true
	case export.StyleItalic:
		r.italic = true
	case export.StyleCenter:
		p.jc, p.firstLine = "center", 0
	}
	p.write(b, r)
}

// table writes a body table with single borders, 12 pt, its header row
// repeated on each page.
func table(b *strings.Builder, t *export.DocTable) {
	fw := t.ColumnWidths(float64(textW))
	ws := make([]int, len(fw))
	for i, w := range fw {
		ws[i] = int(w)
	}
	fmt.Fprintf(b, `<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/>`, textW)
	b.WriteString(`<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
		`<w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
		`<w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
		`<w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders><w:tblLayout w:type="fixed"/>` +
		`<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="85" w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>` +
		`<w:tblLook w:val="0020" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	for _, w := range ws {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString("</w:tblGrid>")
	row := func(cells []string, header bool) {
		b.WriteString("<w:tr>")
		if header {
			b.WriteString("<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>")
		}
		for c, w := range ws {
			text := ""
			if c < len(cells) {
				text = cells[c]
			}
			jc := "left"
			if header || t.Centered(c) {
				jc = "center"
			}
			cell(b, w, func(cb *strings.Builder) {
				for _, l := range export.Lines(text) {
					para{jc: jc}.write(cb, run{text: l, bold: header, size: 12})
				}
			})
		}
		b.WriteString("</w:tr>")
	}
	row(t.Header, true)
	for _, r := range t.Rows {
		row(r, false)
	}
	b.WriteString("</w:tbl>")
	para{after: 120}.write(b)
}

// foot writes the recipients and the signature blocks: one signer on the
// right beside the recipients; two or more side by side in rows of two,
// the recipients under them.
func foot(b *strings.Builder, doc export.AdminDoc) {
	rec := doc.RecipientLines()
	recipients := func(c *strings.Builder) {
		if len(rec) == 0 {
			return
		}
		para{keepNext: true}.write(c, run{text: "Nơi nhận:", bold: true, italic: true, size: 12})
		for _, r := range rec {
			para{keepNext: true, indL: 142, hanging: 142}.write(c, run{text: r, size: 11})
		}
	}
	signers := doc.Signers
	switch len(signers) {
	case 0:
		recipients(b)
	case 1:
		layoutTable(b, footLeft, footRight)
		b.WriteString("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
		cell(b, footLeft, recipients)
		cell(b, footRight, func(c *strings.Builder) { signerTitles(c, signers[0]); signerName(c, signers[0]) })
		b.WriteString("</w:tr></w:tbl>")
	default:
		// Two rows for each pair, titles then names, so that the names
		// line up whatever the length of the titles.
		layoutTable(b, footLeft, footRight)
		for i := 0; i < len(signers); i += 2 {
			pair := []export.Signer{{}, signers[i]}
			if i+1 < len(signers) {
				pair = signers[i : i+2]
			}
			for _, part := range []func(*strings.Builder, export.Signer){signerTitles, signerName} {
				b.WriteString("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
				for k, w := range []int{footLeft, footRight} {
					s := pair[k]
					cell(b, w, func(c *strings.Builder) {
						if s != (export.Signer{}) {
							part(c, s)
						}
					})
				}
				b.WriteString("</w:tr>")
			}
		}
		b.WriteString("</w:tbl>")
		if len(rec) > 0 {
			para{after: 120}.write(b)
			recipients(b)
		}
	}
	if f := export.Lines(doc.Footnote); len(f) > 0 {
		para{after: 120}.write(b)
		for _, l := range f {
			para{}.write(b, run{text: l, italic: true, size: 9, gray: true})
		}
	}
	// A section ends with a paragraph after a table.
	para{}.write(b)
}

// signerTitles writes the top of a signature block: authority and
// position in bold capitals, the hint in italics, and room to sign.
func signerTitles(c *strings.Builder, s export.Signer) {
	for _, t := range []string{s.Authority, s.Title} {
		if t = export.Upper(t); t != "" {
			para{jc: "center", keepNext: true}.write(c, run{text: t, bold: true})
		}
	}
	hint := export.Clean(s.Hint)
	if hint == "" {
		hint = export.DefaultHint
	}
	para{jc: "center", keepNext: true}.write(c, run{text: hint, italic: true, size: 13})
	for range 4 {
		para{keepNext: true}.write(c)
	}
}

// signerName writes the signer's name in bold.
func signerName(c *strings.Builder, s export.Signer) {
	para{jc: "center", after: 240}.write(c, run{text: export.Clean(s.Name), bold: true})
}
