package docx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"congvu"
	"congvu/export"
	"congvu/export/docx"
)

func sampleDoc() export.AdminDoc {
	nfd := norm.NFD.String("Nguyễn Thị Thu Hà")
	t := &export.DocTable{Header: []string{"TT", "Chuẩn mực", "Kết quả", "Ghi chú"}, Widths: []float64{8, 60, 22, 50}, Center: []int{0, 2}}
	for i := 1; i <= 12; i++ {
		note := ""
		if i%5 == 0 {
			note = "Công chức " + nfd + " không đeo thẻ.\nCó ảnh kèm theo <2 ảnh> & ghi âm."
		}
		t.Rows = append(t.Rows, []string{fmt.Sprint(i), fmt.Sprintf("GT-%02d Chào hỏi khi tiếp xúc với người dân", i), "Thực hiện", note})
	}
	return export.AdminDoc{
		Heading:  []string{"UBND tỉnh Hưng Yên", "Sở Nội vụ"},
		Number:   "12",
		Symbol:   "KL-SNV",
		Place:    "Hưng Yên",
		Date:     time.Date(2026, 2, 5, 9, 0, 0, 0, congvu.TimeZone),
		Title:    "Kết luận kiểm tra",
		Subtitle: "Việc thực hiện văn hóa công vụ tại Bộ phận Một cửa xã Đông Hợp",
		Body: []export.Block{
			{Text: "Căn cứ Quyết định số 1847/QĐ-TTg ngày 27/12/2018;", Style: export.StyleItalic},
			{Text: "I. KẾT QUẢ KIỂM TRA", Style: export.StyleHeading},
			{Text: "Công chức " + nfd + " vi phạm quy định đeo thẻ.\x00\x1b"},
			{Table: t},
		},
		Recipients: []string{"Bộ phận Một cửa xã Đông Hợp", "Lưu: VT, TTr"},
		Signers:    []export.Signer{{Authority: "TM. Đoàn kiểm tra", Title: "Trưởng đoàn", Name: "Lê Thị Mai"}},
	}
}

// parts opens b as a zip and parses each part as XML; it returns the
// parts' text by name.
func parts(t testing.TB, b []byte) map[string]string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	out := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(bytes.NewReader(body))
		for {
			_, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed XML: %v\n%s", f.Name, err, body)
			}
		}
		out[f.Name] = string(body)
	}
	return out
}

// wordText is the text of a WordprocessingML part: runs joined, one line
// per paragraph.
func wordText(t testing.TB, part string) string {
	t.Helper()
	const w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	dec := xml.NewDecoder(strings.NewReader(part))
	var b strings.Builder
	inT := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return b.String()
		}
		if err != nil {
			t.Fatal(err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			inT = x.Name.Space == w && x.Name.Local == "t"
		case xml.EndElement:
			inT = false
			if x.Name.Space == w && x.Name.Local == "p" {
				b.WriteString("\n")
			}
		case xml.CharData:
			if inT {
				b.Write(x)
			}
		}
	}
}

func write(t testing.TB, doc export.AdminDoc, name string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := docx.Write(&buf, doc); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("CONGVU_TEST_PDF_DIR"); dir != "" && name != "" {
		_ = os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644)
	}
	return buf.Bytes()
}

func TestWrite(t *testing.T) {
	ps := parts(t, write(t, sampleDoc(), "admindoc.docx"))
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels", "word/header1.xml", "docProps/core.xml"} {
		if _, ok := ps[name]; !ok {
			t.Fatalf("no part %s", name)
		}
	}
	for _, part := range []string{"/word/document.xml", "/word/styles.xml", "/word/header1.xml", "/docProps/core.xml"} {
		if !strings.Contains(ps["[Content_Types].xml"], `PartName="`+part+`"`) {
			t.Errorf("content types lack %s", part)
		}
	}
	doc := ps["word/document.xml"]
	txt := wordText(t, doc)
	for _, want := range []string{"UBND TỈNH HƯNG YÊN\nSỞ NỘI VỤ\n", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n",
		"Số: 12/KL-SNV", "Hưng Yên, ngày 05 tháng 02 năm 2026", "KẾT LUẬN KIỂM TRA\nViệc thực hiện văn hóa công vụ tại Bộ phận Một cửa xã Đông Hợp\n",
		"Căn cứ Quyết định số 1847/QĐ-TTg", "Công chức Nguyễn Thị Thu Hà vi phạm quy định đeo thẻ.\n",
		"Công chức Nguyễn Thị Thu Hà không đeo thẻ.\nCó ảnh kèm theo <2 ảnh> & ghi âm.\n",
		"Nơi nhận:\n- Bộ phận Một cửa xã Đông Hợp;\n- Lưu: VT, TTr.\n", "TM. ĐOÀN KIỂM TRA\nTRƯỞNG ĐOÀN\n(Ký, ghi rõ họ tên)\n", "Lê Thị Mai"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the document lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(txt)
	}
	if !norm.NFC.IsNormalString(txt) || strings.ContainsFunc(txt, func(r rune) bool { return unicode.Is(unicode.Mn, r) }) {
		t.Error("the text holds combining marks: NFD input was written as typed")
	}
	// Decree 30's page: A4, margins top and bottom 20 mm, left 30, right
	// 20; Times New Roman 14 pt; the page number from the second page.
	for _, want := range []string{`<w:pgSz w:w="11906" w:h="16838"/>`, `<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701"`, "<w:titlePg/>",
		`<w:tblHeader/>`, `<w:jc w:val="both"/>`} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if !strings.Contains(ps["word/styles.xml"], `w:ascii="Times New Roman"`) || !strings.Contains(ps["word/styles.xml"], `<w:sz w:val="28"/>`) {
		t.Error("the default font is not Times New Roman 14 pt")
	}
	if !strings.Contains(ps["word/header1.xml"], "PAGE") {
		t.Error("no page number")
	}
	if !strings.Contains(ps["docProps/core.xml"], "<dc:title>Kết luận kiểm tra — Việc thực hiện") {
		t.Error("the file's title is not set")
	}
	if strings.Contains(txt, export.DraftMark) {
		t.Error("an issued document is marked as a draft")
	}
}

// Several signers sign side by side (a record), the recipients under
// them; a draft is marked and not numbered.
func TestWriteRecord(t *testing.T) {
	doc := sampleDoc()
	doc.Title, doc.Symbol, doc.Number, doc.Draft = "Biên bản kiểm tra", "BB-ĐKT", "", true
	doc.Signers = []export.Signer{{Authority: "Đại diện đơn vị được kiểm tra", Name: "Phạm Văn Đức"}, {Authority: "Trưởng đoàn", Name: "Lê Thị Mai"}, {Authority: "Thư ký", Name: "Trần Văn Minh"}}
	txt := wordText(t, parts(t, write(t, doc, "record.docx"))["word/document.xml"])
	for _, want := range []string{"DỰ THẢO", "BIÊN BẢN KIỂM TRA", "/BB-ĐKT", "ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA", "Phạm Văn Đức", "TRƯỞNG ĐOÀN", "THƯ KÝ", "Trần Văn Minh", "Nơi nhận:"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the record lacks %q", want)
		}
	}
	if strings.Contains(txt, "12/BB") {
		t.Error("a draft carries a number")
	}
	if strings.Index(txt, "Trần Văn Minh") > strings.Index(txt, "Nơi nhận:") {
		t.Error("the recipients come before the last signer")
	}
}

func TestWriteInvalid(t *testing.T) {
	if err := docx.Write(&bytes.Buffer{}, export.AdminDoc{Heading: []string{"Sở Nội vụ"}, Title: " \x00 "}); err == nil {
		t.Fatal("a document without a title was written")
	}
}

// FuzzWrite writes documents of any text: every part stays well-formed
// XML and the text comes out cleaned (NFC, no control characters).
func FuzzWrite(f *testing.F) {
	f.Add("Biên bản", "Sở Nội vụ", "Nguye\u0302\u0303n <a> & \"b\"", "ghi chú\nhai dòng")
	f.Add("x", "\xff\xfe", "\x00\x01\ufffe\uffff]]>", "")
	f.Fuzz(func(t *testing.T, title, heading, text, cell string) {
		doc := export.AdminDoc{Heading: []string{heading}, Title: title, Subtitle: text, Place: heading, Number: cell, Symbol: text,
			Body:       []export.Block{{Text: text}, {Table: &export.DocTable{Header: []string{text, cell}, Rows: [][]string{{cell, text}, {cell}}}}},
			Recipients: []string{text, cell}, Signers: []export.Signer{{Authority: text, Title: cell, Hint: cell, Name: text}, {Name: cell}}, Footnote: text}
		var buf bytes.Buffer
		if err := docx.Write(&buf, doc); err != nil {
			if export.Clean(title) == "" {
				return
			}
			t.Fatal(err)
		}
		txt := wordText(t, parts(t, buf.Bytes())["word/document.xml"])
		if !strings.Contains(txt, export.Upper(title)) {
			t.Fatalf("title %q missing", title)
		}
		if !norm.NFC.IsNormalString(txt) {
			t.Fatal("text not NFC")
		}
	})
}
