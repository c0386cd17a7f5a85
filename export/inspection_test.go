package export_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"congvu"
	"congvu/export"
	"congvu/export/docx"
	"congvu/export/pdf"
	"congvu/inspection"
	"congvu/org"
)

func sampleInspection() (*inspection.Inspection, export.InspectionDocInfo) {
	visited := time.Date(2026, 3, 3, 8, 30, 0, 0, congvu.TimeZone)
	i := &inspection.Inspection{ID: 7, Kind: inspection.KindCheck, UnitName: "Sở Nội vụ", TargetUnitName: "Bộ phận Một cửa xã Đông Hợp",
		Origin: inspection.OriginEvidence, Reason: "Chỉ số hài lòng 61% trên 240 lượt đánh giá", Unannounced: true,
		Status: inspection.StatusInProgress, VisitedAt: &visited, ConclusionStatus: inspection.ConclusionDraft,
		Conclusion: "Đơn vị cơ bản thực hiện tốt quy tắc ứng xử.\nCần chấn chỉnh ngay việc đeo thẻ công chức."}
	specs := []struct {
		group, code, title string
		m                  inspection.Method
		r                  inspection.LineResult
		note, official     string
	}{
		{"TP", "TP-THE", "Đeo thẻ công chức khi thi hành công vụ", inspection.MethodBadge, inspection.ResultBreached, "Không đeo thẻ tại quầy số 3", norm.NFD.String("Nguyễn Thị Thu Hà")},
		{"GT", "GT-XC", "Chào hỏi khi tiếp xúc với người dân", inspection.MethodObserve, inspection.ResultKept, "", ""},
		{"GT", "GT-LN", "Lắng nghe ý kiến người dân", inspection.MethodAsk, inspection.ResultNotObserved, "Không có người dân chờ", ""},
		{"TP", "TP-TP", "Trang phục gọn gàng, lịch sự", inspection.MethodBadge, inspection.ResultKept, "", ""},
		{"DD", "DD-NN", "Không gây phiền hà, sách nhiễu", inspection.MethodRecords, inspection.ResultBreached, "Hồ sơ trả chậm 4 ngày, không có phiếu xin lỗi", ""},
		{"DD", "DD-HS", "Giải quyết hồ sơ đúng hạn", inspection.MethodRecords, inspection.ResultNone, "", ""},
	}
	for k, s := range specs {
		i.Lines = append(i.Lines, &inspection.Line{ID: int64(100 + k), Position: len(specs) - k, GroupCode: s.group, ItemCode: s.code, ItemTitle: s.title,
			Method: s.m, Sample: 5, Result: s.r, Note: s.note, OfficialName: s.official})
	}
	info := export.InspectionDocInfo{
		Heading:         org.Heading{Superior: "UBND TỈNH HƯNG YÊN", Body: "SỞ NỘI VỤ"},
		Place:           "Hưng Yên",
		Team:            []export.Member{{Name: "Lê Thị Mai", Role: "Phó Giám đốc Sở Nội vụ, Trưởng đoàn"}, {Name: "Trần Văn Minh", Role: "Chuyên viên, thành viên"}},
		Representatives: []export.Member{{Name: "Phạm Văn Đức", Role: "Phó Chủ tịch UBND xã Đông Hợp"}},
		Groups:          map[string]string{"GT": "Giao tiếp, ứng xử", "TP": "Trang phục, thẻ", "DD": "Đạo đức công vụ"},
		Basis:           []string{"Quyết định số 1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng Chính phủ"},
		Actions:         []export.CorrectiveAction{{Text: "Nhắc nhở công chức đeo thẻ khi thi hành công vụ", OwnerUnit: "UBND xã Đông Hợp", Deadline: time.Date(2026, 3, 20, 0, 0, 0, 0, congvu.TimeZone)}},
		Signer:          export.Signer{Authority: "KT. Giám đốc", Title: "Phó Giám đốc", Name: "Lê Thị Mai"},
	}
	return i, info
}

// docText is an AdminDoc's text in reading order, tables row by row.
func docText(d export.AdminDoc) string {
	var b strings.Builder
	b.WriteString(d.Title + "\n" + d.Subtitle + "\n" + d.NumberLine() + "\n" + d.PlaceDate() + "\n")
	for _, blk := range d.Body {
		if t := blk.Table; t != nil {
			b.WriteString(strings.Join(t.Header, " | ") + "\n")
			for _, r := range t.Rows {
				b.WriteString(strings.Join(r, " | ") + "\n")
			}
			continue
		}
		b.WriteString(blk.Text + "\n")
	}
	for _, r := range d.RecipientLines() {
		b.WriteString(r + "\n")
	}
	for _, s := range d.Signers {
		fmt.Fprintf(&b, "[%s / %s / %s]\n", s.Authority, s.Title, s.Name)
	}
	return export.Clean(strings.ReplaceAll(b.String(), "\n", " ¶ "))
}

func wantAll(t *testing.T, what, txt string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(txt, w) {
			t.Errorf("the %s lacks %q", what, w)
		}
	}
	if t.Failed() {
		t.Log(txt)
	}
}

func TestInspectionRecord(t *testing.T) {
	i, info := sampleInspection()
	d := export.InspectionRecord(i, info)
	if !d.Draft {
		t.Error("a record still open is not marked as a draft")
	}
	txt := docText(d)
	wantAll(t, "record", txt, "Biên bản kiểm tra", "Việc thực hiện văn hóa công vụ tại Bộ phận Một cửa xã Đông Hợp", "/BB-ĐKT",
		"Hưng Yên, ngày 03 tháng 3 năm 2026",
		"Vào hồi 08 giờ 30, ngày 03 tháng 3 năm 2026, tại Bộ phận Một cửa xã Đông Hợp, Đoàn kiểm tra của Sở Nội vụ tiến hành kiểm tra việc thực hiện văn hóa công vụ đột xuất theo dấu hiệu, không báo trước.",
		"Lý do: Chỉ số hài lòng 61% trên 240 lượt đánh giá.",
		"- Lê Thị Mai, Phó Giám đốc Sở Nội vụ, Trưởng đoàn;", "- Trần Văn Minh, Chuyên viên, thành viên.", "- Phạm Văn Đức, Phó Chủ tịch UBND xã Đông Hợp.",
		// Lines in checklist order (by position), with method, sample, result, note and official.
		"1 | DD-HS Giải quyết hồ sơ đúng hạn | Đọc hồ sơ, sổ sách | 5 | Chưa ghi nhận |",
		"6 | TP-THE Đeo thẻ công chức khi thi hành công vụ | Kiểm tra thẻ, trang phục | 5 | Vi phạm | Không đeo thẻ tại quầy số 3 ¶ Người liên quan: Nguyễn Thị Thu Hà",
		"| Không quan sát được | Không có người dân chờ",
		"Tổng hợp: 2 nội dung thực hiện đúng, 2 nội dung vi phạm, 1 nội dung không quan sát được, 1 nội dung chưa ghi nhận.",
		"III. Ý KIẾN CỦA BỘ PHẬN MỘT CỬA XÃ ĐÔNG HỢP",
		"[Đại diện Bộ phận Một cửa xã Đông Hợp / / Phạm Văn Đức]", "[TM. Đoàn kiểm tra / Trưởng đoàn / Lê Thị Mai]")
	i.Status = inspection.StatusRecorded
	i.Kind = inspection.KindInspection
	d = export.InspectionRecord(i, info)
	if d.Draft {
		t.Error("a closed record is still a draft")
	}
	wantAll(t, "thanh tra record", docText(d), "Biên bản thanh tra", "/BB-ĐTT", "Đoàn thanh tra của Sở Nội vụ tiến hành thanh tra", "II. NỘI DUNG VÀ KẾT QUẢ THANH TRA")
}

func TestInspectionConclusion(t *testing.T) {
	i, info := sampleInspection()
	i.Status = inspection.StatusRecorded
	d := export.InspectionConclusion(i, info)
	if !d.Draft {
		t.Error("a draft conclusion is not marked as a draft")
	}
	txt := docText(d)
	wantAll(t, "conclusion", txt, "Kết luận kiểm tra", "Số:", "/KL-SNV", "Hưng Yên, ngày …… tháng …… năm ………",
		"Căn cứ Quyết định số 1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng Chính phủ;",
		"Xét biên bản kiểm tra ngày 03 tháng 3 năm 2026 tại Bộ phận Một cửa xã Đông Hợp,", "Sở Nội vụ kết luận như sau:",
		// Per group in the order of the checklist, then the total.
		"Đạo đức công vụ | 2 | 0 | 1 | 0 ¶ Trang phục, thẻ | 2 | 1 | 1 | 0 ¶ Giao tiếp, ứng xử | 2 | 1 | 0 | 1 ¶ Tổng cộng | 6 | 2 | 2 | 1",
		"1 | DD-NN Không gây phiền hà, sách nhiễu | | Hồ sơ trả chậm 4 ngày, không có phiếu xin lỗi",
		"2 | TP-THE Đeo thẻ công chức khi thi hành công vụ | Nguyễn Thị Thu Hà | Không đeo thẻ tại quầy số 3",
		"II. KẾT LUẬN ¶ Đơn vị cơ bản thực hiện tốt quy tắc ứng xử. ¶ Cần chấn chỉnh ngay việc đeo thẻ công chức.",
		"III. YÊU CẦU KHẮC PHỤC", "1 | Nhắc nhở công chức đeo thẻ khi thi hành công vụ | UBND xã Đông Hợp | 20/03/2026",
		"- Bộ phận Một cửa xã Đông Hợp; ¶ - Đoàn kiểm tra; ¶ - Lưu: VT, hồ sơ kiểm tra.", "[KT. Giám đốc / Phó Giám đốc / Lê Thị Mai]")
	if strings.Contains(txt, "GT-XC") {
		t.Error("a kept line is listed among the breaches")
	}

	// Issued: dated, numbered by the clerk, no longer a draft; without
	// breaches nor actions it says so and has no section for them.
	issued := time.Date(2026, 3, 10, 15, 0, 0, 0, congvu.TimeZone)
	i.ConclusionStatus, i.IssuedAt, i.Status = inspection.ConclusionIssued, &issued, inspection.StatusConcluded
	for _, l := range i.Lines {
		if l.Result == inspection.ResultBreached {
			l.Result = inspection.ResultKept
		}
	}
	info.Actions, info.Number = nil, "05"
	d = export.InspectionConclusion(i, info)
	if d.Draft {
		t.Error("an issued conclusion is marked as a draft")
	}
	txt = docText(d)
	wantAll(t, "issued conclusion", txt, "Số: 05/KL-SNV", "Hưng Yên, ngày 10 tháng 3 năm 2026", "Không phát hiện vi phạm.")
	if strings.Contains(txt, "KHẮC PHỤC") {
		t.Error("a conclusion without actions has a corrective-action section")
	}
}

// The documents go through both writers: the PDF and the DOCX say the
// same thing, the official's name typed in NFD comes out in NFC.
func TestInspectionDocsWritten(t *testing.T) {
	i, info := sampleInspection()
	for name, d := range map[string]export.AdminDoc{"record": export.InspectionRecord(i, info), "conclusion": export.InspectionConclusion(i, info)} {
		var p, w bytes.Buffer
		if err := pdf.WriteAdminDoc(&p, d); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := docx.Write(&w, d); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.HasPrefix(p.Bytes(), []byte("%PDF-")) || !bytes.HasPrefix(w.Bytes(), []byte("PK")) {
			t.Fatalf("%s: not a PDF and a zip", name)
		}
		if !bytes.Contains(w.Bytes(), []byte("word/document.xml")) {
			t.Fatalf("%s: no document part", name)
		}
		if dir := os.Getenv("CONGVU_TEST_PDF_DIR"); dir != "" { // to look at
			_ = os.WriteFile(filepath.Join(dir, "inspection-"+name+".pdf"), p.Bytes(), 0o644)
			_ = os.WriteFile(filepath.Join(dir, "inspection-"+name+".docx"), w.Bytes(), 0o644)
		}
	}
	if txt := docText(export.InspectionConclusion(i, info)); !strings.Contains(txt, "Nguyễn Thị Thu Hà") || !norm.NFC.IsNormalString(txt) {
		t.Error("the official's name is not in NFC")
	}
}

func TestAdminDocFileName(t *testing.T) {
	for _, tc := range []struct {
		d    export.AdminDoc
		want string
	}{
		{export.AdminDoc{Title: "Kết luận kiểm tra", Number: "05", Symbol: "KL-SNV"}, "ket-luan-kiem-tra-05-kl-snv.pdf"},
		{export.AdminDoc{Title: "Biên bản thanh tra", Symbol: "BB-ĐTT", Draft: true}, "du-thao-bien-ban-thanh-tra-bb-dtt.pdf"},
		{export.AdminDoc{Title: "\"/../\x00"}, "van-ban.pdf"},
	} {
		if got := tc.d.FileName("pdf"); got != tc.want {
			t.Errorf("FileName(%q) = %q, want %q", tc.d.Title, got, tc.want)
		}
	}
}
