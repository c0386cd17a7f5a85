package emulationdoc_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"congvu/emulation"
	"congvu/export"
	"congvu/export/docx"
	"congvu/export/emulationdoc"
	"congvu/export/pdf"
	"congvu/org"

	"github.com/xuri/excelize/v2"
)

func bodyText(doc export.AdminDoc) string {
	var all []string
	for _, b := range doc.Body {
		all = append(all, b.Text)
		if b.Table != nil {
			all = append(all, strings.Join(b.Table.Header, " | "))
			for _, r := range b.Table.Rows {
				all = append(all, strings.Join(r, " | "))
			}
		}
	}
	return strings.Join(all, "\n")
}

func writeBoth(t *testing.T, doc export.AdminDoc) {
	t.Helper()
	var b bytes.Buffer
	if err := pdf.WriteAdminDoc(&b, doc); err != nil || !bytes.HasPrefix(b.Bytes(), []byte("%PDF")) {
		t.Fatalf("pdf: %v", err)
	}
	b.Reset()
	if err := docx.Write(&b, doc); err != nil || !bytes.HasPrefix(b.Bytes(), []byte("PK")) {
		t.Fatalf("docx: %v", err)
	}
}

var (
	movement = &emulation.Movement{ID: 3, UnitName: "Tỉnh Hưng Yên", Title: "Phong trào thi đua thực hiện văn hóa công vụ", FromYear: 2026, ToYear: 2030}
	heading  = emulationdoc.Heading{Body: org.Heading{Body: "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN"}, Kind: org.KindProvince, Place: "Hưng Yên"}
	day      = time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC)
)

// The ranking: a sheet per group with each criterion's points, and the
// report in the administrative layout, by both writers.
func TestRanking(t *testing.T) {
	lines := func(a, b float64) []emulation.ScoreLine {
		return []emulation.ScoreLine{{Code: "tt_hai_long", Label: "Chỉ số hài lòng", Points: a, Max: 25}, {Code: "tt_vi_pham", Label: "Không có vi phạm", Points: b, Max: 15}}
	}
	groups := []emulationdoc.RankingGroup{{Title: "Cụm các sở", Scores: []*emulation.Score{
		{RegistrationID: 1, UnitName: "Sở Nội vụ", Total: 38.5, Max: 40, Rank: 1, RankOf: 2, Lines: lines(23.5, 15)},
		{RegistrationID: 2, UnitName: "Sở Tư pháp", Total: 30, Max: 40, Rank: 2, RankOf: 2, Lines: lines(15, 15)},
	}}, {Title: "Cá nhân"}}
	tables := emulationdoc.RankingTables(movement, 2026, groups)
	if len(tables) != 1 || tables[0].Header[3] != "Chỉ số hài lòng" || tables[0].Rows[0][1] != "Sở Nội vụ" || tables[0].Rows[0][3] != 23.5 {
		t.Fatalf("%+v", tables)
	}
	var b bytes.Buffer
	if err := export.XLSX(&b, tables); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := x.GetCellValue("Cụm các sở", "B4"); v != "Sở Nội vụ" {
		t.Errorf("B4 = %q", v)
	}
	doc := emulationdoc.RankingDoc(movement, 2026, groups, heading, day)
	text := bodyText(doc)
	for _, want := range []string{"I. CỤM CÁC SỞ", "1 | Sở Nội vụ | Sở Nội vụ | 38,5 | 40", "2 | Sở Tư pháp"} {
		if !strings.Contains(text, want) {
			t.Errorf("ranking lacks %q:\n%s", want, text)
		}
	}
	if doc.Signers[0].Title != "CHỦ TỊCH" || !strings.Contains(doc.Subtitle, "năm 2026") {
		t.Errorf("%+v", doc)
	}
	writeBoth(t, doc)
}

// The proposal lists those proposed and each one's checks, passed or not,
// in words the PDF's fonts can draw.
func TestProposalDossier(t *testing.T) {
	list := []*emulation.TitleProposal{
		{ID: 2, Title: "lao_dong_tien_tien", TitleLabel: "Lao động tiên tiến", OfficialID: 9, OfficialName: "Nguyễn Thị Lan", UnitName: "Sở Nội vụ",
			Checks: []emulation.Check{{Text: "Xếp loại Hoàn thành tốt nhiệm vụ trở lên: Hoàn thành xuất sắc nhiệm vụ", OK: true}, {Text: "Không bị kỷ luật trong năm", OK: true}},
			Reason: "Tận tụy với người dân", Status: emulation.ProposalProposed},
		{ID: 1, Title: "tap_the_lao_dong_tien_tien", TitleLabel: "Tập thể lao động tiên tiến", UnitName: "Sở Tư pháp", Status: emulation.ProposalApproved, DecisionNumber: "5/QĐ-UBND"},
	}
	doc := emulationdoc.ProposalDossier(list, 2026, heading, day)
	text := bodyText(doc)
	for _, want := range []string{"Luật Thi đua, khen thưởng số 06/2022/QH15", "1 | Nguyễn Thị Lan | Sở Nội vụ | Lao động tiên tiến | Đề nghị",
		"2 | Tập thể Sở Tư pháp | Sở Tư pháp | Tập thể lao động tiên tiến | Đã công nhận (QĐ số 5/QĐ-UBND)",
		"[Đạt] Xếp loại Hoàn thành tốt nhiệm vụ trở lên", "Thành tích: Tận tụy với người dân."} {
		if !strings.Contains(text, want) {
			t.Errorf("dossier lacks %q:\n%s", want, text)
		}
	}
	if doc.Title != "Tờ trình" || !strings.Contains(doc.Subtitle, "công nhận danh hiệu thi đua năm 2026") || !strings.HasPrefix(doc.Symbol, "TTr-") {
		t.Errorf("%+v", doc)
	}
	writeBoth(t, doc)
}

// The review report carries the assessment and the frozen figures of each
// year, the titles by name.
func TestReviewReport(t *testing.T) {
	v := &emulation.Review{ID: 4, Kind: emulation.ReviewFinal, Year: 2030, HeldOn: day, CreatedAt: day, Text: "Phong trào đạt kết quả tốt.\nCòn hạn chế ở cấp xã.",
		Figures: emulation.ReviewFigures{Years: []emulation.YearFigures{
			{Year: 2026, Collectives: 12, Individuals: 340, Index: 91.25, Ratings: 5000, Violations: 7, Disciplined: 1, InspectionCompliance: 88, Titles: map[string]int{"lao_dong_tien_tien": 120}},
			{Year: 2027, Collectives: 14, Individuals: 360, Index: -1, InspectionCompliance: -1},
		}}}
	doc := emulationdoc.ReviewReport(movement, v, map[string]string{"lao_dong_tien_tien": "Lao động tiên tiến"}, heading)
	text := bodyText(doc)
	for _, want := range []string{"Phong trào đạt kết quả tốt.", "2026 | 12 | 340 | 91,25% | 7 | 1 | 88%", "2027 | 14 | 360 | — | 0 | 0 | —",
		"Năm | Lao động tiên tiến", "2026 | 120"} {
		if !strings.Contains(text, want) {
			t.Errorf("review lacks %q:\n%s", want, text)
		}
	}
	if !strings.HasPrefix(doc.Subtitle, "Tổng kết") {
		t.Errorf("subtitle %q", doc.Subtitle)
	}
	writeBoth(t, doc)
}

// ParseFormat accepts only the formats asked for.
func FuzzParseFormat(f *testing.F) {
	for _, s := range []string{"/emulation/1/ranking.xlsx", "to-trinh.pdf", "x.docx", "x", ".", "a.PDF"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := emulationdoc.ParseFormat(s, emulationdoc.PDF, emulationdoc.DOCX)
		if ok && (got != emulationdoc.PDF && got != emulationdoc.DOCX || !strings.HasSuffix(s, "."+string(got))) {
			t.Fatalf("%q read as %q", s, got)
		}
	})
}
