package pdf_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/export/pdf"
)

// keep writes the document to $CONGVU_TEST_PDF_DIR when set, to look at.
func keep(t *testing.T, name string, b []byte) string {
	t.Helper()
	dir := os.Getenv("CONGVU_TEST_PDF_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

var pageObj = regexp.MustCompile(`/Type /Page\b[^s]`)

// checkPDF asserts the basics every document must have: the header, the
// page count, the Liberation fonts embedded as subsets (FontFile2), and no
// reference to a font that is not embedded. With poppler-utils installed it
// also asks pdfinfo and pdffonts.
func checkPDF(t *testing.T, path string, b []byte, pages int, fonts ...string) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-1.")) {
		t.Fatalf("not a PDF: %q", b[:min(len(b), 16)])
	}
	if !bytes.Contains(b[max(0, len(b)-64):], []byte("%%EOF")) {
		t.Fatal("PDF does not end with the end-of-file marker")
	}
	if n := len(pageObj.FindAll(b, -1)); n != pages {
		t.Fatalf("%d pages, want %d", n, pages)
	}
	if n := bytes.Count(b, []byte("/FontFile2")); n != len(fonts) {
		t.Fatalf("%d embedded TrueType fonts, want %d", n, len(fonts))
	}
	for _, f := range fonts {
		if !regexp.MustCompile(`/BaseFont /utf8` + f + `\s`).Match(b) {
			t.Fatalf("font %s is not embedded", f)
		}
	}
	if bytes.Contains(b, []byte("/Helvetica")) || bytes.Contains(b, []byte("/Times-Roman")) {
		t.Fatal("the PDF uses a base-14 font that is not embedded")
	}
	if info, err := exec.LookPath("pdfinfo"); err == nil {
		out, err := exec.Command(info, path).CombinedOutput()
		if err != nil {
			t.Fatalf("pdfinfo: %v\n%s", err, out)
		}
		if !regexp.MustCompile(fmt.Sprintf(`(?m)^Pages:\s+%d$`, pages)).Match(out) {
			t.Fatalf("pdfinfo disagrees on the page count:\n%s", out)
		}
		if !strings.Contains(string(out), "210 x 297 mm") && !strings.Contains(string(out), "595.28 x 841.89") {
			t.Fatalf("not A4:\n%s", out)
		}
	}
	if pf, err := exec.LookPath("pdffonts"); err == nil {
		out, err := exec.Command(pf, path).CombinedOutput()
		if err != nil {
			t.Fatalf("pdffonts: %v\n%s", err, out)
		}
		for _, line := range strings.Split(string(out), "\n")[2:] {
			if strings.TrimSpace(line) == "" {
				continue
			}
			// name type encoding emb sub uni object ID
			f := strings.Fields(line)
			if len(f) < 7 || f[len(f)-5] != "yes" || f[len(f)-3] != "yes" {
				t.Fatalf("pdffonts: a font is not embedded or has no Unicode map:\n%s", out)
			}
		}
	}
}

// text extracts the text with pdftotext when it is installed ("" else).
func text(t *testing.T, path string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return ""
	}
	out, err := exec.Command(bin, path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	// One space between words, lines joined: wrapping does not matter.
	return strings.Join(strings.Fields(string(out)), " ")
}

func badges(n int) []pdf.Badge {
	names := []string{"Nguyễn Thị Thu Hà", "Trần Văn Minh", "Lê Hoàng Phương Thảo", "Phạm Quốc Dũng", "Đặng Thị Ngọc Ánh",
		"Tôn Nữ Thị Huyền Trang Khánh Linh Nguyễn Phước", "Vũ Đức Thắng", "Hoàng Thị Yến", "Bùi Xuân Trường", "Ngô Thị Hường", "Đỗ Văn Lực"}
	pos := []string{"Chuyên viên", "Phó Chánh Văn phòng", "", "Cán bộ tiếp nhận và trả kết quả hồ sơ thủ tục hành chính cấp xã", "Công chức Tư pháp - Hộ tịch"}
	var out []pdf.Badge
	for i := 0; i < n; i++ {
		out = append(out, pdf.Badge{
			Name:     names[i%len(names)],
			Position: pos[i%len(pos)],
			Unit:     "Bộ phận Tiếp nhận và Trả kết quả UBND xã Đông Hưng",
			URL:      fmt.Sprintf("https://congvu.thaibinh.gov.vn/danh-gia/abcdefghijklmnopqrstuvwxyz%06d", i),
		})
	}
	return out
}

func TestBadgeSheet(t *testing.T) {
	for _, tc := range []struct{ n, pages int }{{1, 1}, {pdf.BadgesPerPage, 1}, {pdf.BadgesPerPage + 1, 2}, {23, 3}} {
		t.Run(fmt.Sprint(tc.n), func(t *testing.T) {
			var buf bytes.Buffer
			err := pdf.WriteBadges(&buf, pdf.BadgeSheet{Unit: "Bộ phận Tiếp nhận và Trả kết quả UBND xã Đông Hưng", Badges: badges(tc.n),
				Created: time.Date(2026, 3, 5, 9, 0, 0, 0, congvu.TimeZone)})
			if err != nil {
				t.Fatal(err)
			}
			p := keep(t, fmt.Sprintf("badges-%d.pdf", tc.n), buf.Bytes())
			checkPDF(t, p, buf.Bytes(), tc.pages, "liberationsansB", "liberationsans")
			if txt := text(t, p); txt != "" {
				for _, want := range []string{"Nguyễn Thị Thu Hà", "Quét mã để đánh giá", "xin chào, xin lỗi, xin cảm ơn, xin phép",
					"luôn mỉm cười, luôn nhẹ nhàng, luôn lắng nghe, luôn giúp đỡ", fmt.Sprintf("trang %d/%d", tc.pages, tc.pages)} {
					if !strings.Contains(txt, want) {
						t.Errorf("the text lacks %q:\n%s", want, txt)
					}
				}
			}
		})
	}
	if err := pdf.WriteBadges(&bytes.Buffer{}, pdf.BadgeSheet{Unit: "x"}); err == nil {
		t.Fatal("an empty sheet was written")
	}
}

// NFD input (Unikey's "tổ hợp" mode) is drawn as NFC: the text layer holds
// precomposed letters.
func TestBadgeNFD(t *testing.T) {
	var buf bytes.Buffer
	nfd := "Nguye\u0302\u0303n Thi\u0323 Ha\u0300"
	if err := pdf.WriteBadges(&buf, pdf.BadgeSheet{Unit: "Xa\u0303 A", Badges: []pdf.Badge{{Name: nfd, Unit: "Xa\u0303 A", URL: "https://x.test/danh-gia/a"}}}); err != nil {
		t.Fatal(err)
	}
	p := keep(t, "badge-nfd.pdf", buf.Bytes())
	if txt := text(t, p); txt != "" && !strings.Contains(txt, "Nguyễn Thị Hà") {
		t.Fatalf("NFD name not drawn as NFC:\n%s", txt)
	}
}

func TestPoster(t *testing.T) {
	var buf bytes.Buffer
	if err := pdf.WritePoster(&buf, pdf.Poster{Unit: "Bộ phận Một cửa — Sở Tư pháp tỉnh Thái Bình", URL: "https://congvu.thaibinh.gov.vn/danh-gia/don-vi/q7x2m4k9p3w8r5t6y1u0"}); err != nil {
		t.Fatal(err)
	}
	p := keep(t, "poster.pdf", buf.Bytes())
	checkPDF(t, p, buf.Bytes(), 1, "liberationsansB", "liberationsans")
	if txt := text(t, p); txt != "" && !strings.Contains(txt, "Sở Tư pháp tỉnh Thái Bình") {
		t.Fatalf("poster text:\n%s", txt)
	}
}

func TestApologySlip(t *testing.T) {
	tz := congvu.TimeZone
	slip := pdf.ApologySlip{
		Heading:          []string{"UBND tỉnh Hưng Yên", "Sở Nội vụ"},
		Issuer:           "Sở Nội vụ tỉnh Hưng Yên",
		Title:            "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
		Basis:            "Mẫu số 04 Phụ lục I ban hành kèm theo Thông tư số 03/2025/TT-VPCP ngày 15/9/2025; Nghị định số 118/2025/NĐ-CP ngày 9/6/2025",
		Place:            "Hưng Yên",
		Distribution:     []string{"Như trên", "Bộ phận Một cửa xã Đông Hợp (nơi tiếp nhận hồ sơ)", "Lưu: VT"},
		RecipientAddress: "Thôn Đông, xã Đông Hợp, tỉnh Hưng Yên",
		Date:             time.Date(2026, 2, 5, 10, 0, 0, 0, tz),
		Recipient:        "Ông Nguyễn Văn Hùng",
		DossierCode:      "000.00.34.H57-260120-0012",
		Procedure:        "Đăng ký khai sinh kết hợp đăng ký thường trú",
		ReceivedAt:       time.Date(2026, 1, 20, 8, 0, 0, 0, tz),
		DueAt:            time.Date(2026, 2, 3, 17, 0, 0, 0, tz),
		Reason:           "Hồ sơ cần xác minh thêm thông tin nơi cư trú với Công an xã; kết quả xác minh về chậm",
		NewDueAt:         time.Date(2026, 2, 10, 0, 0, 0, 0, tz),
		Official:         "Lê Thị Mai, công chức Tư pháp - Hộ tịch",
		SignerTitle:      "Chủ tịch",
		Signer:           "Phạm Văn Đức",
	}
	var buf bytes.Buffer
	if err := pdf.WriteApologySlip(&buf, slip); err != nil {
		t.Fatal(err)
	}
	p := keep(t, "apology.pdf", buf.Bytes())
	checkPDF(t, p, buf.Bytes(), 1, "liberationserifB", "liberationserifI", "liberationserif")
	if txt := text(t, p); txt != "" {
		for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN",
			"UBND TỈNH HƯNG YÊN", "SỞ NỘI VỤ", "000.00.34.H57-260120-0012", "Ông Nguyễn Văn Hùng", "ngày 10 tháng 02 năm 2026", "ngày 03 tháng 02 năm 2026",
			"Hưng Yên, ngày 05 tháng 02 năm 2026", "Địa chỉ: Thôn Đông", "Nơi nhận:", "- Như trên;", "- Lưu: VT.", "03/2025/TT-VPCP", "CHỦ TỊCH", "Phạm Văn Đức", "Lý do chậm trả kết quả: Hồ sơ cần xác minh"} {
			if !strings.Contains(txt, want) {
				t.Errorf("the slip lacks %q:\n%s", want, txt)
			}
		}
	}
	// The minimum: issuer and code; everything else is left blank to fill.
	buf.Reset()
	if err := pdf.WriteApologySlip(&buf, pdf.ApologySlip{Issuer: "Sở Tư pháp", DossierCode: "X-1"}); err != nil {
		t.Fatal(err)
	}
	p = keep(t, "apology-blank.pdf", buf.Bytes())
	checkPDF(t, p, buf.Bytes(), 1, "liberationserifB", "liberationserifI", "liberationserif")
	if err := pdf.WriteApologySlip(&bytes.Buffer{}, pdf.ApologySlip{Issuer: "Sở Tư pháp"}); err == nil {
		t.Fatal("a slip without a dossier code was written")
	}
}

// BenchmarkBadgeSheet writes a 50-badge sheet (5 pages): the cost of one
// print request, font parsing and subsetting included.
func BenchmarkBadgeSheet(b *testing.B) {
	bs := badges(50)
	for b.Loop() {
		var buf bytes.Buffer
		if err := pdf.WriteBadges(&buf, pdf.BadgeSheet{Unit: "Sở Nội vụ", Badges: bs}); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(buf.Len()))
	}
}

// BenchmarkApologySlip writes one apology slip.
func BenchmarkApologySlip(b *testing.B) {
	for b.Loop() {
		var buf bytes.Buffer
		if err := pdf.WriteApologySlip(&buf, pdf.ApologySlip{Issuer: "Ủy ban nhân dân xã Đông Hợp", DossierCode: "H57-1", Reason: "Chờ xác minh"}); err != nil {
			b.Fatal(err)
		}
	}
}
