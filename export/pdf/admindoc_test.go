package pdf_test

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf16"

	"golang.org/x/text/unicode/norm"

	"congvu"
	"congvu/export"
	"congvu/export/pdf"
)

// sampleDoc is a conclusion long enough to run over pages: a heading with
// its governing body, a table of 60 lines, an official's name typed in NFD
// (Unikey's "tổ hợp" mode), recipients and two signers.
func sampleDoc() export.AdminDoc {
	nfd := norm.NFD.String("Nguyễn Thị Thu Hà")
	t := &export.DocTable{Header: []string{"TT", "Chuẩn mực", "Kết quả", "Ghi chú"}, Widths: []float64{8, 60, 22, 50}, Center: []int{0, 2}}
	for i := 1; i <= 60; i++ {
		note := ""
		if i%7 == 0 {
			note = "Công chức " + nfd + " không đeo thẻ khi tiếp công dân tại quầy số 3; đã nhắc nhở tại chỗ.\nCó ảnh kèm theo."
		}
		t.Rows = append(t.Rows, []string{fmt.Sprint(i), fmt.Sprintf("GT-%02d Chào hỏi, giới thiệu tên, chức danh khi tiếp xúc với người dân", i), "Thực hiện", note})
	}
	return export.AdminDoc{
		Heading:  []string{"UBND tỉnh Hưng Yên", "Sở Nội vụ"},
		Number:   "12",
		Symbol:   "KL-SNV",
		Place:    "Hưng Yên",
		Date:     time.Date(2026, 3, 5, 9, 0, 0, 0, congvu.TimeZone),
		Title:    "Kết luận kiểm tra",
		Subtitle: "Việc thực hiện văn hóa công vụ tại Bộ phận Một cửa xã Đông Hợp",
		Body: []export.Block{
			{Text: "Căn cứ Quyết định số 1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng Chính phủ phê duyệt Đề án văn hóa công vụ;", Style: export.StyleItalic},
			{Text: "I. KẾT QUẢ KIỂM TRA", Style: export.StyleHeading},
			{Text: "Ngày 03/3/2026, Đoàn kiểm tra đã kiểm tra việc thực hiện văn hóa công vụ tại Bộ phận Một cửa xã Đông Hợp. " +
				"Đoàn đã quan sát quầy tiếp nhận, kiểm tra thẻ công chức và trang phục, đọc sổ theo dõi và hỏi ý kiến người dân đang chờ.\n" +
				"Công chức " + nfd + " vi phạm quy định đeo thẻ."},
			{Table: t},
			{Text: "II. KẾT LUẬN", Style: export.StyleHeading},
			{Text: "Đơn vị cơ bản thực hiện tốt; cần chấn chỉnh việc đeo thẻ công chức./."},
		},
		Recipients: []string{"Bộ phận Một cửa xã Đông Hợp", "Chủ tịch UBND xã Đông Hợp", "Lưu: VT, TTr"},
		Signers: []export.Signer{
			{Authority: "Đại diện đơn vị được kiểm tra", Name: "Phạm Văn Đức"},
			{Authority: "TM. Đoàn kiểm tra", Title: "Trưởng đoàn", Name: "Lê Thị Mai"},
		},
		Footnote: "Lập trên hệ thống Công vụ.",
	}
}

// contentText is the text drawn in a PDF by fpdf, read from its content
// streams: fpdf writes Unicode fonts' text as UTF-16BE strings, one per
// Tj, or word by word in a TJ array for justified lines.
func contentText(t *testing.T, b []byte) string {
	t.Helper()
	var out []string
	for rest := b; ; {
		i := bytes.Index(rest, []byte("stream\n"))
		if i < 0 {
			break
		}
		rest = rest[i+len("stream\n"):]
		j := bytes.Index(rest, []byte("endstream"))
		if j < 0 {
			break
		}
		zr, err := zlib.NewReader(bytes.NewReader(rest[:j]))
		rest = rest[j+len("endstream"):]
		if err != nil {
			continue
		}
		s, err := io.ReadAll(zr)
		if err != nil || !bytes.Contains(s, []byte("BT ")) {
			continue
		}
		out = append(out, pdfStrings(s)...)
	}
	return strings.Join(strings.Fields(strings.Join(out, " ")), " ")
}

// pdfStrings decodes the literal strings of a content stream, those of a
// TJ array joined.
func pdfStrings(s []byte) []string {
	var out []string
	var arr []string
	inArr := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			inArr, arr = true, nil
		case ']':
			inArr = false
			out = append(out, strings.Join(arr, ""))
		case '(':
			var raw []byte
			depth := 1
			for i++; i < len(s); i++ {
				c := s[i]
				if c == '\\' && i+1 < len(s) {
					i++
					switch s[i] {
					case 'n':
						raw = append(raw, '\n')
					case 'r':
						raw = append(raw, '\r')
					case 't':
						raw = append(raw, '\t')
					default:
						raw = append(raw, s[i])
					}
					continue
				}
				if c == '(' {
					depth++
				} else if c == ')' {
					if depth--; depth == 0 {
						break
					}
				}
				raw = append(raw, c)
			}
			u := make([]uint16, len(raw)/2)
			for k := range u {
				u[k] = uint16(raw[2*k])<<8 | uint16(raw[2*k+1])
			}
			str := string(utf16.Decode(u))
			if inArr {
				arr = append(arr, str)
			} else {
				out = append(out, str)
			}
		}
	}
	return out
}

func TestAdminDoc(t *testing.T) {
	var buf bytes.Buffer
	if err := pdf.WriteAdminDoc(&buf, sampleDoc()); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	p := keep(t, "admindoc.pdf", b)
	pages := len(pageObj.FindAll(b, -1))
	if pages < 3 {
		t.Fatalf("%d pages: the 60-line table should run over three pages", pages)
	}
	checkPDF(t, p, b, pages, "liberationserifB", "liberationserifI", "liberationserifBI", "liberationserif")
	txt := contentText(t, b)
	for _, want := range []string{"UBND TỈNH HƯNG YÊN", "SỞ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
		"Số: 12/KL-SNV", "Hưng Yên, ngày 05 tháng 3 năm 2026", "KẾT LUẬN KIỂM TRA", "Việc thực hiện văn hóa công vụ tại Bộ phận Một cửa xã Đông Hợp",
		"Căn cứ Quyết định số 1847/QĐ-TTg", "Công chức Nguyễn Thị Thu Hà vi phạm quy định đeo thẻ.", "Nguyễn Thị Thu Hà không đeo thẻ",
		"Nơi nhận:", "- Bộ phận Một cửa xã Đông Hợp;", "- Lưu: VT, TTr.", "ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA", "TM. ĐOÀN KIỂM TRA", "TRƯỞNG ĐOÀN",
		"(Ký, ghi rõ họ tên)", "Phạm Văn Đức", "Lê Thị Mai", "Lập trên hệ thống Công vụ."} {
		if !strings.Contains(txt, want) {
			t.Errorf("the document lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(txt)
	}
	if !norm.NFC.IsNormalString(txt) || strings.ContainsFunc(txt, func(r rune) bool { return unicode.Is(unicode.Mn, r) }) {
		t.Error("the text layer holds combining marks: NFD input was drawn as typed")
	}
	// The table's header is repeated on each page it runs on, and pages
	// after the first are numbered.
	if n := strings.Count(txt, "TT Chuẩn mực Kết quả Ghi chú"); n < pages-1 {
		t.Errorf("the table header is drawn %d times over %d pages", n, pages)
	}
	if strings.Contains(txt, export.DraftMark) {
		t.Error("an issued document is marked as a draft")
	}
}

// A draft is marked, and leaves number and date to the clerk.
func TestAdminDocDraft(t *testing.T) {
	doc := sampleDoc()
	doc.Draft, doc.Number, doc.Date = true, "", time.Time{}
	doc.Body = doc.Body[:3]
	doc.Signers = doc.Signers[1:]
	var buf bytes.Buffer
	if err := pdf.WriteAdminDoc(&buf, doc); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	p := keep(t, "admindoc-draft.pdf", b)
	checkPDF(t, p, b, 1, "liberationserifB", "liberationserifI", "liberationserifBI", "liberationserif")
	txt := contentText(t, b)
	for _, want := range []string{"DỰ THẢO", "/KL-SNV", "Hưng Yên, ngày …… tháng …… năm ………", "TM. ĐOÀN KIỂM TRA", "Nơi nhận:"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the draft lacks %q", want)
		}
	}
	if strings.Contains(txt, "12/KL-SNV") {
		t.Error("a draft carries a number")
	}
}

func TestAdminDocInvalid(t *testing.T) {
	for name, doc := range map[string]export.AdminDoc{
		"no title":   {Heading: []string{"Sở Nội vụ"}},
		"no heading": {Title: "Biên bản"},
		"widths":     {Heading: []string{"Sở Nội vụ"}, Title: "Biên bản", Body: []export.Block{{Table: &export.DocTable{Header: []string{"a", "b"}, Widths: []float64{1}}}}},
	} {
		if err := pdf.WriteAdminDoc(&bytes.Buffer{}, doc); err == nil {
			t.Errorf("%s: written", name)
		}
	}
}

// BenchmarkAdminDoc writes the three-page conclusion.
func BenchmarkAdminDoc(b *testing.B) {
	doc := sampleDoc()
	for b.Loop() {
		var buf bytes.Buffer
		if err := pdf.WriteAdminDoc(&buf, doc); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(buf.Len()))
	}
}

// FuzzAdminDoc writes documents of any text, long words and glyphs the
// fonts lack included: no error, no panic, and the title drawn.
func FuzzAdminDoc(f *testing.F) {
	f.Add("Biên bản", "Nguye\u0302\u0303n 😀 漢字 <a>", strings.Repeat("x", 300))
	f.Add("x", "\x00\xff\ufffe", "")
	f.Fuzz(func(t *testing.T, title, text, cell string) {
		doc := export.AdminDoc{Heading: []string{text}, Title: title, Subtitle: text, Place: text, Number: cell, Symbol: text,
			Body:       []export.Block{{Text: text}, {Text: cell, Style: export.StyleCenter}, {Table: &export.DocTable{Header: []string{text, cell, "TT"}, Rows: [][]string{{cell, text}, {text, text, cell}}}}},
			Recipients: []string{text, cell}, Signers: []export.Signer{{Authority: text, Title: cell, Name: text}, {Name: cell}, {Title: text}}, Footnote: cell}
		var buf bytes.Buffer
		if err := pdf.WriteAdminDoc(&buf, doc); err != nil {
			if export.Clean(title) == "" {
				return
			}
			t.Fatal(err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
			t.Fatal("not a PDF")
		}
	})
}

// A reason typed on a phone with an emoji prints (fpdf panicked on
// characters beyond 16 bits).
func TestApologySlipEmoji(t *testing.T) {
	var buf bytes.Buffer
	if err := pdf.WriteApologySlip(&buf, pdf.ApologySlip{Issuer: "Sở Tư pháp", DossierCode: "X-1", Reason: "Chờ xác minh 🙏"}); err != nil {
		t.Fatal(err)
	}
	if txt := contentText(t, buf.Bytes()); !strings.Contains(txt, "Chờ xác minh \uFFFD") {
		t.Fatalf("the reason is not drawn:\n%s", txt)
	}
}
