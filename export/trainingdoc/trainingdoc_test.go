package trainingdoc_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/export/trainingdoc"
	"congvu/org"
	"congvu/training"

	"github.com/xuri/excelize/v2"
)

// pdfText is the PDF's text by pdftotext, one space between words; the
// test is skipped without the tool.
func pdfText(t *testing.T, b []byte, args ...string) string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("not a PDF: %q", b[:min(8, len(b))])
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext missing")
	}
	p := filepath.Join(t.TempDir(), "f.pdf")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, append(args, p, "-")...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

var day = time.Date(2026, 11, 20, 9, 30, 0, 0, congvu.TimeZone)

func info() trainingdoc.Info {
	return trainingdoc.Info{Heading: org.Heading{Superior: "UBND TỈNH HƯNG YÊN", Body: "SỞ NỘI VỤ"}, Place: "Hưng Yên", BaseURL: "https://congvu.example.vn/"}
}

// The certificate opens as a one-page A4 landscape PDF and says who, what,
// how long, the score, the number and where to check it, under the
// national name and motto and the organising unit.
func TestCertificatePDF(t *testing.T) {
	c := &training.Certificate{Number: "BD-2026-7F3K-MQX2", CampaignTitle: "Quán triệt Đề án văn hóa công vụ năm 2026",
		UnitName: "Sở Nội vụ", OfficialName: "Nguyễn Thị Lan", OfficialUnit: "Phòng Công chức, viên chức", Hours: 4.5, Score: 90,
		IssuedAt: day, StartsOn: time.Date(2026, 3, 1, 0, 0, 0, 0, congvu.TimeZone), EndsOn: time.Date(2026, 11, 30, 0, 0, 0, 0, congvu.TimeZone)}
	f, err := trainingdoc.CertificatePDF(c, info())
	if err != nil {
		t.Fatal(err)
	}
	if p := os.Getenv("TRAININGDOC_OUT"); p != "" {
		os.WriteFile(p, f.Data, 0o644)
	}
	if f.Name != "giay-chung-nhan-BD-2026-7F3K-MQX2.pdf" || f.ContentType != "application/pdf" {
		t.Fatalf("file %s %s", f.Name, f.ContentType)
	}
	txt := pdfText(t, f.Data)
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "UBND TỈNH HƯNG YÊN", "SỞ NỘI VỤ",
		"GIẤY CHỨNG NHẬN", "HOÀN THÀNH BỒI DƯỠNG, QUÁN TRIỆT CHUẨN MỰC VĂN HÓA CÔNG VỤ", "Sở Nội vụ chứng nhận:", "Nguyễn Thị Lan",
		"Phòng Công chức, viên chức", "“Quán triệt Đề án văn hóa công vụ năm 2026”", "Thời gian: từ 01/03/2026 đến 30/11/2026",
		"Thời lượng: 4,5 giờ", "Kết quả kiểm tra: 90/100 điểm", "Số: BD-2026-7F3K-MQX2",
		"https://congvu.example.vn/training/certificates/BD-2026-7F3K-MQX2", "Hưng Yên, ngày 20 tháng 11 năm 2026"} {
		if !strings.Contains(txt, want) {
			t.Errorf("certificate lacks %q:\n%s", want, txt)
		}
	}
	if bin, err := exec.LookPath("pdfinfo"); err == nil {
		p := filepath.Join(t.TempDir(), "c.pdf")
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(bin, p).CombinedOutput()
		flat := strings.Join(strings.Fields(string(out)), " ")
		if err != nil || !strings.Contains(flat, "Pages: 1 ") || !strings.Contains(flat, "841.89 x 595.28") {
			t.Errorf("not one A4 landscape page: %v\n%s", err, out)
		}
	}
	// Without a quiz, no score.
	c.Score = -1
	f, err = trainingdoc.CertificatePDF(c, trainingdoc.Info{})
	if err != nil {
		t.Fatal(err)
	}
	if txt := pdfText(t, f.Data); strings.Contains(txt, "Kết quả kiểm tra") || !strings.Contains(txt, "Ngày 20 tháng 11 năm 2026") {
		t.Errorf("certificate without a quiz:\n%s", txt)
	}
}

func coverage() trainingdoc.Coverage {
	attended := day.Add(-48 * time.Hour)
	ends := time.Date(2026, 10, 31, 0, 0, 0, 0, congvu.TimeZone)
	return trainingdoc.Coverage{Title: "Quán triệt Đề án văn hóa công vụ năm 2026", Today: day,
		Total: &training.Coverage{UnitName: "Sở Nội vụ", Assigned: 40, Completed: 35, Passed: 36, Overdue: 5},
		Children: []training.Coverage{
			{UnitName: "Phòng Công chức, viên chức", Assigned: 12, Completed: 12, Passed: 12},
			{UnitName: "Ban Thi đua - Khen thưởng", Assigned: 28, Completed: 23, Passed: 24, Overdue: 5},
			{UnitName: "Phòng chưa có ai", Assigned: 0},
		},
		Behind: []*training.Assignment{
			{OfficialName: "Trần Văn Bình", UnitName: "Ban Thi đua - Khen thưởng", CampaignTitle: "Quán triệt Đề án văn hóa công vụ năm 2026", EndsOn: ends, AttendedAt: &attended, Attempts: 2, BestScore: 60},
			{OfficialName: "Lê Thị Hoa", UnitName: "Ban Thi đua - Khen thưởng", CampaignTitle: "Quán triệt Đề án văn hóa công vụ năm 2026", EndsOn: ends, BestScore: -1},
		},
		BehindCount: 5}
}

// The coverage workbook opens in excelize with a sheet per unit (assigned,
// completed, passed, rate, overdue) and a sheet of who is behind.
func TestCoverageXLSX(t *testing.T) {
	f, err := trainingdoc.CoverageXLSX(coverage())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(f.Name, ".xlsx") || !strings.HasPrefix(f.Name, "bao-phu-boi-duong-quan-triet-de-an-van-hoa-cong-vu") {
		t.Errorf("file name %q", f.Name)
	}
	x, err := excelize.OpenReader(bytes.NewReader(f.Data))
	if err != nil {
		t.Fatalf("the XLSX does not open: %v", err)
	}
	defer x.Close()
	rows, err := x.GetRows("Độ bao phủ")
	if err != nil {
		t.Fatal(err)
	}
	flat := ""
	for _, r := range rows {
		flat += strings.Join(r, "|") + "\n"
	}
	for _, want := range []string{"Đơn vị|Phải bồi dưỡng|Đã hoàn thành|Đạt kiểm tra|Tỷ lệ hoàn thành|Quá hạn",
		"Sở Nội vụ (toàn đơn vị)|40|35|36|87.5%|5", "Phòng Công chức, viên chức|12|12|12|100.0%|0",
		"Ban Thi đua - Khen thưởng|28|23|24|82.1%|5", "Phòng chưa có ai|0|0|0||0"} {
		if !strings.Contains(flat, want) {
			t.Errorf("coverage sheet lacks %q:\n%s", want, flat)
		}
	}
	rows, err = x.GetRows("Chưa hoàn thành")
	if err != nil {
		t.Fatal(err)
	}
	flat = ""
	for _, r := range rows {
		flat += strings.Join(r, "|") + "\n"
	}
	for _, want := range []string{"Họ và tên|Đơn vị|Đợt bồi dưỡng|Hạn|Đã tham dự|Số lần kiểm tra|Điểm cao nhất|Quá hạn",
		"Trần Văn Bình|Ban Thi đua - Khen thưởng|Quán triệt Đề án văn hóa công vụ năm 2026|", "|Có|2|60|Có",
		"Lê Thị Hoa|", "|Không|0||Có", "… và 3 cán bộ khác"} {
		if !strings.Contains(flat, want) {
			t.Errorf("behind sheet lacks %q:\n%s", want, flat)
		}
	}
}

// The campaign's report opens as a PDF in the administrative layout with
// the campaign, the figures, the children, the items worst first and who
// is behind.
func TestCampaignReportPDF(t *testing.T) {
	c := &training.Campaign{ID: 7, UnitName: "Sở Nội vụ", Title: "Quán triệt Đề án văn hóa công vụ năm 2026", Audience: training.AudienceAll,
		StartsOn: time.Date(2026, 3, 1, 0, 0, 0, 0, congvu.TimeZone), EndsOn: time.Date(2026, 10, 31, 0, 0, 0, 0, congvu.TimeZone),
		Status: training.CampaignOpen, Hours: 4, QuizQuestions: 10, PassMark: 80, MaxAttempts: 3}
	r := trainingdoc.Report{Campaign: c, Coverage: coverage(), Items: []training.ItemResult{
		{ItemCode: "GT-XC", ItemTitle: "Xin chào", Answered: 40, Correct: 38, Rate: 95},
		{ItemCode: "TT-NHN", ItemTitle: "Không nhũng nhiễu người dân, doanh nghiệp", Answered: 40, Correct: 22, Rate: 55},
		{ItemCode: "TP-TH", ItemTitle: "Đeo thẻ", Answered: 0, Rate: -1},
	}}
	f, err := trainingdoc.CampaignReportPDF(r, info())
	if err != nil {
		t.Fatal(err)
	}
	if p := os.Getenv("TRAININGDOC_REPORT"); p != "" {
		os.WriteFile(p, f.Data, 0o644)
	}
	if f.Name != "bao-cao-boi-duong-7.pdf" {
		t.Errorf("file name %q", f.Name)
	}
	txt := pdfText(t, f.Data)
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SỞ NỘI VỤ", "BÁO CÁO", "Quán triệt Đề án văn hóa công vụ năm 2026",
		"Đối tượng: Toàn thể cán bộ, công chức, viên chức", "từ 01/03/2026 đến 31/10/2026", "điểm đạt 80/100",
		"phải bồi dưỡng: 40; đã hoàn thành: 35 (87,5%); đạt bài kiểm tra: 36; chưa hoàn thành: 5.", "Quá hạn: 5 cán bộ.",
		"Phòng Công chức, viên chức", "100%", "82,1%", "TT-NHN — Không nhũng nhiễu người dân, doanh nghiệp", "55%",
		"5 cán bộ chưa hoàn thành; danh sách 2 người đầu tiên", "Trần Văn Bình", "Lê Thị Hoa", "Hưng Yên, ngày 20 tháng 11 năm 2026"} {
		if !strings.Contains(txt, want) {
			t.Errorf("report lacks %q:\n%s", want, txt)
		}
	}
	if strings.Index(txt, "TT-NHN") > strings.Index(txt, "GT-XC") || strings.Index(txt, "GT-XC") > strings.Index(txt, "TP-TH") {
		t.Error("items not worst first")
	}
}
