package evaluationdoc_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/conduct"
	"congvu/evaluation"
	"congvu/export"
	"congvu/export/docx"
	"congvu/export/evaluationdoc"
	"congvu/export/pdf"
	"congvu/org"

	"github.com/xuri/excelize/v2"
)

// decided is a civil servant's 2026 under Decree 335/2025, scored,
// proposed and decided "good", disciplined in the year.
func decided(t *testing.T) (*evaluation.Evaluation, *evaluation.RuleSet, *evaluation.Summary) {
	t.Helper()
	rs := evaluation.RuleSetFor(evaluation.DefaultRuleSets(), org.CategoryCivilServant, 2026)
	if rs == nil || !rs.Scored {
		t.Fatal("no scored rule set for a civil servant in 2026")
	}
	var self, ev []evaluation.Score
	for _, c := range rs.General {
		self = append(self, evaluation.Score{Code: c.Code, Points: c.Max})
		ev = append(ev, evaluation.Score{Code: c.Code, Points: c.Max - 1})
	}
	day := time.Date(2026, 12, 20, 9, 0, 0, 0, congvu.TimeZone)
	e := &evaluation.Evaluation{ID: 12, OfficialID: 5, OfficialName: "Nguyễn Thị Lan", EmployeeCode: "SNV-015", Position: "Chuyên viên",
		UnitID: 3, UnitName: "Sở Nội vụ", Year: 2026, Category: org.CategoryCivilServant, RuleSetID: rs.ID, RuleSetCode: rs.Code,
		Status: evaluation.StatusDecided, Self: &evaluation.Assessment{General: self, Level: evaluation.LevelExcellent, Text: "Hoàn thành đúng hạn 48/50 hồ sơ.", At: day},
		Comments: []evaluation.Comment{{AuthorName: "Trần Văn An", Meeting: true, Text: "Tập thể thống nhất mức hoàn thành tốt.", At: day}},
		General:  ev, TaskPoints: 61.25, Total: 61.25 + evaluation.GeneralPoints(ev),
		Proposed: evaluation.LevelGood, Level: evaluation.LevelGood, DecidedAt: day, DecisionNote: "Theo đề xuất.",
		CreatedAt: day, UpdatedAt: day}
	sm := &evaluation.Summary{OfficialID: 5, Year: 2026, Ratings: evaluation.Ratings{Count: 142, Index: 87.5, UnitCount: 900, UnitIndex: 91.2},
		Conduct:  &conduct.Year{Disciplines: []conduct.Discipline{{FormLabel: "Khiển trách", Number: "15/QĐ-SNV", SignedOn: time.Date(2026, 3, 12, 0, 0, 0, 0, congvu.TimeZone)}}},
		Training: &evaluation.Training{Required: 3, Completed: 2, Passed: 1, Hours: 12.5, MinHours: 40},
		Applied:  []evaluation.Applied{{Code: "discipline", Text: "Bị kỷ luật khiển trách ngày 12/03/2026 (Quyết định số 15/QĐ-SNV) → không xếp loại hoàn thành nhiệm vụ trở lên", Cap: evaluation.LevelNotCompleted}}}
	return e, rs, sm
}

func docxText(t *testing.T, b []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a DOCX (zip): %v", err)
	}
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			body, _ := io.ReadAll(rc)
			return string(body)
		}
	}
	t.Fatal("a DOCX without word/document.xml")
	return ""
}

// pdfText is the PDF's text by pdftotext, one space between words; ""
// when the tool is missing.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return ""
	}
	p := filepath.Join(t.TempDir(), "f.pdf")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, p, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func write(t *testing.T, doc export.AdminDoc) (pdfTxt, docxTxt string) {
	t.Helper()
	if err := doc.Validate(); err != nil {
		t.Fatal(err)
	}
	var p, w bytes.Buffer
	if err := pdf.WriteAdminDoc(&p, doc); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(p.Bytes(), []byte("%PDF")) {
		t.Fatalf("PDF starts %q", p.Bytes()[:8])
	}
	if err := docx.Write(&w, doc); err != nil {
		t.Fatal(err)
	}
	return pdfText(t, p.Bytes()), docxText(t, w.Bytes())
}

// The form of a decided evaluation opens as PDF and DOCX and carries the
// official, the points (self and evaluator's, tasks, total), the
// collective's minutes, the evidence with the rule that applies in words,
// and the level; it is no draft. An undecided one is a draft.
func TestFormRenders(t *testing.T) {
	e, rs, sm := decided(t)
	info := evaluationdoc.Info{Heading: org.Heading{Superior: "UBND TỈNH HƯNG YÊN", Body: "SỞ NỘI VỤ"}, Place: "Hưng Yên"}
	p, x := write(t, evaluationdoc.Form(e, rs, sm, info))
	total := strings.ReplaceAll(strconv.FormatFloat(e.Total, 'f', -1, 64), ".", ",")
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SỞ NỘI VỤ", "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG", "Nguyễn Thị Lan", "SNV-015",
		"Hoàn thành đúng hạn 48/50 hồ sơ.", "Tập thể thống nhất mức hoàn thành tốt.", "61,25", total, "142 lượt", "87,5%",
		"Bị kỷ luật khiển trách ngày 12/03/2026", "Bồi dưỡng: hoàn thành 2/3 đợt bồi dưỡng bắt buộc, 12,5 giờ được tính (tối thiểu 40 giờ/năm)", "Xếp loại chất lượng: Hoàn thành tốt nhiệm vụ.", "Hưng Yên, ngày 20 tháng 12 năm 2026"} {
		if !strings.Contains(x, want) {
			t.Errorf("DOCX lacks %q", want)
		}
		if p != "" && !strings.Contains(p, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	if strings.Contains(x, export.DraftMark) {
		t.Error("a decided form printed as a draft")
	}
	e.Level, e.Status = "", evaluation.StatusProposed
	if _, x := write(t, evaluationdoc.Form(e, rs, nil, info)); !strings.Contains(x, export.DraftMark) {
		t.Error("an undecided form is not a draft")
	}
}

// The unit's table opens as PDF, DOCX and XLSX with a line per official
// (name, total, levels, evidence counts) and the count of each level.
func TestTableRenders(t *testing.T) {
	e, _, _ := decided(t)
	other := &evaluation.Evaluation{ID: 13, OfficialID: 6, OfficialName: "Lê Văn Bình", UnitName: "Sở Nội vụ", Year: 2026, Status: evaluation.StatusOpen}
	rows := []evaluationdoc.Row{
		{E: e, Evidence: &evaluation.SummaryRow{OfficialID: 5, Ratings: 142, Index: 87.5, Violations: 1, Disciplined: true}},
		{E: other},
	}
	p, x := write(t, evaluationdoc.Table("Sở Nội vụ", 2026, rows, evaluationdoc.Info{Heading: org.Heading{Body: "SỞ NỘI VỤ"}}))
	for _, want := range []string{"BẢNG TỔNG HỢP", "năm 2026", "Lê Văn Bình", "87,5%", "Hoàn thành tốt nhiệm vụ: 1 người", "Chưa quyết định xếp loại: 1 người"} {
		if !strings.Contains(x, want) {
			t.Errorf("DOCX lacks %q", want)
		}
		if p != "" && !strings.Contains(p, want) {
			t.Errorf("PDF lacks %q:\n%s", want, p)
		}
	}
	if !strings.Contains(x, "Nguyễn Thị Lan, Chuyên viên") {
		t.Error("DOCX table lacks the official with their position")
	}
	var buf bytes.Buffer
	if err := export.XLSX(&buf, evaluationdoc.Sheets("Sở Nội vụ", 2026, rows)); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("the XLSX does not open: %v", err)
	}
	defer f.Close()
	got, err := f.GetRows("Danh sách")
	if err != nil {
		t.Fatal(err)
	}
	flat := ""
	for _, r := range got {
		flat += strings.Join(r, "|") + "\n"
	}
	for _, want := range []string{"Nguyễn Thị Lan", "Hoàn thành tốt nhiệm vụ", "Lê Văn Bình", "Kỷ luật"} {
		if !strings.Contains(flat, want) {
			t.Errorf("sheet lacks %q:\n%s", want, flat)
		}
	}
	tally, _ := f.GetRows("Tổng hợp")
	if len(tally) < 8 || strings.Join(tally[4], "|") != "Hoàn thành tốt nhiệm vụ|1" {
		t.Errorf("tally sheet: %v", tally)
	}
}
