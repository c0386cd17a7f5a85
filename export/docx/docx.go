// Package docx writes administrative documents (export.AdminDoc) as Word
// files, for agencies that edit a record or a conclusion before it is
// signed. A .docx is a zip of WordprocessingML parts; this package writes
// the few a word processor needs (content types, relationships, document,
// styles, the page-number header and the core properties) with the
// standard library only.
//
// The layout follows Decree 30/2020/NĐ-CP, Appendix I, as export/pdf does:
// A4, margins top and bottom 20 mm, left 30 mm, right 20 mm; Times New
// Roman 14 pt body text, justified, first line indented 1 cm, 6 pt after
// each paragraph; the heading and the signatures in borderless tables; the
// page number centred in the top margin from the second page.
package docx

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"congvu/export"
)

// ContentType is the media type of a .docx file.
const ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// Page geometry in twentieths of a point (twips; 1 mm ≈ 56.7).
const (
	pageW     = 11906 // 210 mm
	pageH     = 16838 // 297 mm
	marTop    = 1134  // 20 mm
	marBottom = 1134
	marLeft   = 1701 // 30 mm
	marRight  = 1134 // 20 mm
	textW     = pageW - marLeft - marRight
	outdent   = 454 // 8 mm: the heading and signature tables reach into the left margin
	indent    = 567 // 1 cm first-line indent
)

// Write writes doc as a .docx file to w.
func Write(w io.Writer, doc export.AdminDoc) error {
	if err := doc.Validate(); err != nil {
		return err
	}
	z := zip.NewWriter(w)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"word/_rels/document.xml.rels", documentRels},
		{"word/document.xml", document(doc)},
		{"word/styles.xml", styles},
		{"word/header1.xml", header},
		{"docProps/core.xml", core(doc)},
	}
	for _, p := range parts {
		f, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate})
		if err != nil {
			return fmt.Errorf("docx: %w", err)
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return fmt.Errorf("docx: %w", err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	return nil
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const contentTypes = xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`</Types>`

const rootRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

const documentRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
	`</Relationships>`

const nsW = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

// styles sets Times New Roman 14 pt in Vietnamese as the default, single
// spacing, and no cell margins beyond 1.5 mm.
const styles = xmlHeader + `<w:styles ` + nsW + `>` +
	`<w:docDefaults><w:rPrDefault><w:rPr>` +
	`<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>` +
	`<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>` +
	`</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>` +
	`<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>` +
	`<w:bottom w:w="0" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`</w:styles>`

// header is the page number, centred, 13 pt; the section's title page has
// none.
const header = xmlHeader + `<w:hdr ` + nsW + `><w:p><w:pPr><w:jc w:val="center"/></w:pPr>` +
	`<w:fldSimple w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:t>2</w:t></w:r></w:fldSimple></w:p></w:hdr>`

// core holds the title and the date in the file's properties.
func core(doc export.AdminDoc) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	title := export.Clean(doc.Title)
	if s := export.Clean(doc.Subtitle); s != "" {
		title += " — " + s
	}
	b.WriteString("<dc:title>")
	esc(&b, title)
	b.WriteString("</dc:title><dc:creator>Công vụ</dc:creator><dc:language>vi-VN</dc:language>")
	if !doc.Date.IsZero() {
		fmt.Fprintf(&b, `<dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created>`, doc.Date.UTC().Format(time.RFC3339))
	}
	b.WriteString("</cp:coreProperties>")
	return b.String()
}

// esc writes s as XML character data.
func esc(b *strings.Builder, s string) {
	_ = xml.EscapeText(b, []byte(s))
}

// run is a piece of text with its character properties.
type run struct {
	text           string
	bold, italic   bool
	underline, box bool
	size           float64 // pt; 0: the default 14
	gray           bool
}

func (r run) write(b *strings.Builder) {
	b.WriteString("<w:r>")
	var p strings.Builder
	if r.bold {
		p.WriteString("<w:b/><w:bCs/>")
	}
	if r.italic {
		p.WriteString("<w:i/><w:iCs/>")
	}
	if r.box {
		p.WriteString(`<w:bdr w:val="single" w:sz="8" w:space="1" w:color="000000"/>`)
	}
	if r.gray {
		p.WriteString(`<w:color w:val="505050"/>`)
	}
	if r.size > 0 {
		fmt.Fprintf(&p, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, int(r.size*2), int(r.size*2))
	}
	if r.underline {
		p.WriteString(`<w:u w:val="single"/>`)
	}
	if p.Len() > 0 {
		b.WriteString("<w:rPr>" + p.String() + "</w:rPr>")
	}
	b.WriteString(`<w:t xml:space="preserve">`)
	esc(b, r.text)
	b.WriteString("</w:t></w:r>")
}

// para is a paragraph's properties.
type para struct {
	jc          string // left, center, right, both
	firstLine   int    // twips
	hanging     int
	indL, indR  int
	before      int // twips
	after       int
	line        int // 240ths of a line; 0: single
	keepNext    bool
	rule        bool // a bottom border: the short line under a heading
	ruleSizePts float64
}

func (p para) write(b *strings.Builder, runs ...run) {
	b.WriteString("<w:p><w:pPr>")
	if p.keepNext {
		b.WriteString("<w:keepNext/>")
	}
	if p.rule {
		b.WriteString(`<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>`)
	}
	fmt.Fprintf(b, `<w:spacing w:before="%d" w:after="%d"`, p.before, p.after)
	if p.line > 0 {
		fmt.Fprintf(b, ` w:line="%d" w:lineRule="auto"`, p.line)
	}
	b.WriteString("/>")
	if p.firstLine > 0 || p.hanging > 0 || p.indL != 0 || p.indR != 0 {
		fmt.Fprintf(b, `<w:ind w:left="%d" w:right="%d"`, p.indL, p.indR)
		if p.firstLine > 0 {
			fmt.Fprintf(b, ` w:firstLine="%d"`, p.firstLine)
		}
		if p.hanging > 0 {
			fmt.Fprintf(b, ` w:hanging="%d"`, p.hanging)
		}
		b.WriteString("/>")
	}
	if p.jc != "" {
		fmt.Fprintf(b, `<w:jc w:val="%s"/>`, p.jc)
	}
	if p.rule {
		sz := p.ruleSizePts
		if sz == 0 {
			sz = 2
		}
		fmt.Fprintf(b, `<w:rPr><w:sz w:val="%d"/></w:rPr>`, int(sz*2))
	}
	b.WriteString("</w:pPr>")
	for _, r := range runs {
		r.write(b)
	}
	b.WriteString("</w:p>")
}

// shortRule is a centred line of about width twips inside a box of
// boxWidth twips, drawn as the bottom border of an empty paragraph.
func shortRule(b *strings.Builder, width, boxWidth int) {
	width = min(max(width, 850), boxWidth)
	side := (boxWidth - width) / 2
	para{rule: true, indL: side, indR: side}.write(b)
}

// textWidth estimates the width in twips of s set in capitals at pt
// points (Times: about 0.62 em a letter in bold capitals).
func textWidth(s string, pt float64) int {
	return int(float64(utf8.RuneCountInString(s)) * pt * 20 * 0.62)
}

// table opens a borderless layout table with the given column widths,
// reaching outdent twips into the left margin.
func layoutTable(b *strings.Builder, widths ...int) {
	total := 0
	for _, w := range widths {
		total += w
	}
	fmt.Fprintf(b, `<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:tblInd w:w="%d" w:type="dxa"/>`, total, -outdent)
	b.WriteString(`<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/>` +
		`<w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders><w:tblLayout w:type="fixed"/>` +
		`<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString("</w:tblGrid>")
}

// cell writes one table cell whose content fill writes (at least one
// paragraph: an empty one is added when fill writes none).
func cell(b *strings.Builder, width int, fill func(*strings.Builder)) {
	fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>`, width)
	var c strings.Builder
	fill(&c)
	if !strings.Contains(c.String(), "<w:p>") {
		c.WriteString("<w:p/>")
	}
	b.WriteString(c.String())
	b.WriteString("</w:tc>")
}
