package trainingdoc

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"congvu/export"
	"congvu/export/pdf"
	"congvu/training"
	"congvu/vntext"
)

// Report is what a campaign's report shows: the campaign, its coverage
// (the organising unit's subtree and each child) and the quiz results per
// standard item, at a date.
type Report struct {
	Campaign *training.Campaign
	Coverage Coverage
	Items    []training.ItemResult
}

// CampaignReport is the report of a campaign (báo cáo kết quả bồi dưỡng,
// quán triệt) from its organising unit: the campaign's facts, the figures,
// the coverage per child unit, who is behind (the first of them) and the
// items whose questions were answered worst.
func CampaignReport(r Report, info Info) export.AdminDoc {
	c := r.Campaign
	doc := export.AdminDoc{
		Heading:  info.Heading.Lines(),
		Symbol:   "BC",
		Place:    info.Place,
		Date:     r.Coverage.Today,
		Title:    "Báo cáo",
		Subtitle: "Kết quả bồi dưỡng, quán triệt chuẩn mực văn hóa công vụ: " + c.Title,
	}
	if info.Heading.Body == "" {
		doc.Heading = []string{c.UnitName}
	}
	facts := fmt.Sprintf("Đơn vị tổ chức: %s. Đối tượng: %s. Thời gian: từ %s đến %s. Tình trạng: %s.",
		c.UnitName, c.Audience.Label(), c.StartsOn.Format("02/01/2006"), c.EndsOn.Format("02/01/2006"), c.Status.Label())
	if c.Hours > 0 {
		facts += " Thời lượng: " + vntext.Decimal(c.Hours, 1) + " giờ."
	}
	if c.QuizQuestions > 0 {
		facts += fmt.Sprintf(" Kiểm tra: %d câu hỏi mỗi lần, điểm đạt %d/100, tối đa %d lần làm bài.", c.QuizQuestions, c.PassMark, c.MaxAttempts)
	}
	doc.Body = append(doc.Body,
		export.Block{Text: "I. THÔNG TIN CHUNG", Style: export.StyleHeading},
		export.Block{Text: facts})
	if c.Purpose != "" {
		doc.Body = append(doc.Body, export.Block{Text: "Mục đích, yêu cầu: " + c.Purpose})
	}

	doc.Body = append(doc.Body, export.Block{Text: "II. KẾT QUẢ", Style: export.StyleHeading})
	if t := r.Coverage.Total; t != nil {
		line := fmt.Sprintf("Số cán bộ, công chức, viên chức phải bồi dưỡng: %s; đã hoàn thành: %s (%s)",
			vntext.Number(t.Assigned), vntext.Number(t.Completed), percent(training.Rate(t.Completed, t.Assigned)))
		if c.QuizQuestions > 0 {
			line += fmt.Sprintf("; đạt bài kiểm tra: %s", vntext.Number(t.Passed))
		}
		line += fmt.Sprintf("; chưa hoàn thành: %s.", vntext.Number(t.Assigned-t.Completed))
		if t.Overdue > 0 {
			line += fmt.Sprintf(" Quá hạn: %s cán bộ.", vntext.Number(t.Overdue))
		}
		doc.Body = append(doc.Body, export.Block{Text: line})
	}
	if len(r.Coverage.Children) > 0 {
		t := &export.DocTable{Header: []string{"TT", "Đơn vị", "Phải bồi dưỡng", "Hoàn thành", "Đạt kiểm tra", "Tỷ lệ"},
			Widths: []float64{9, 63, 24, 22, 22, 20}, Center: []int{0, 2, 3, 4, 5}}
		for i, u := range r.Coverage.Children {
			t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), u.UnitName, vntext.Number(u.Assigned),
				vntext.Number(u.Completed), vntext.Number(u.Passed), percent(training.Rate(u.Completed, u.Assigned))})
		}
		doc.Body = append(doc.Body, export.Block{Text: "Kết quả theo đơn vị trực thuộc:"}, export.Block{Table: t})
	}

	if c.QuizQuestions > 0 {
		doc.Body = append(doc.Body, export.Block{Text: "III. KẾT QUẢ KIỂM TRA THEO CHUẨN MỰC", Style: export.StyleHeading})
		if len(r.Items) == 0 {
			doc.Body = append(doc.Body, export.Block{Text: "Chưa có bài kiểm tra nào được nộp."})
		} else {
			doc.Body = append(doc.Body, export.Block{Text: "Tỷ lệ trả lời đúng theo từng chuẩn mực, thấp nhất trước: các chuẩn mực cần bồi dưỡng thêm."})
			t := &export.DocTable{Header: []string{"TT", "Chuẩn mực", "Lượt trả lời", "Trả lời đúng", "Tỷ lệ đúng"},
				Widths: []float64{9, 85, 22, 22, 22}, Center: []int{0, 2, 3, 4}}
			for i, it := range worstFirst(r.Items) {
				t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), it.ItemCode + " — " + it.ItemTitle,
					vntext.Number(it.Answered), vntext.Number(it.Correct), percent(it.Rate)})
			}
			doc.Body = append(doc.Body, export.Block{Table: t})
		}
	}

	if n := len(r.Coverage.Behind); n > 0 {
		total := max(r.Coverage.BehindCount, n)
		doc.Body = append(doc.Body, export.Block{Text: "IV. CÁN BỘ CHƯA HOÀN THÀNH", Style: export.StyleHeading})
		if total > n {
			doc.Body = append(doc.Body, export.Block{Text: fmt.Sprintf("%s cán bộ chưa hoàn thành; danh sách %s người đầu tiên (danh sách đầy đủ trong tệp Excel):", vntext.Number(total), vntext.Number(n))})
		}
		t := &export.DocTable{Header: []string{"TT", "Họ và tên", "Đơn vị", "Đã tham dự", "Điểm cao nhất"},
			Widths: []float64{9, 50, 61, 20, 20}, Center: []int{0, 3, 4}}
		for i, a := range r.Coverage.Behind {
			attended, best := "Chưa", "—"
			if a.AttendedAt != nil {
				attended = "Rồi"
			}
			if a.BestScore >= 0 {
				best = strconv.Itoa(a.BestScore)
			}
			t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), a.OfficialName, a.UnitName, attended, best})
		}
		doc.Body = append(doc.Body, export.Block{Table: t})
	}
	doc.Recipients = []string{"Lãnh đạo đơn vị", "Lưu: VT"}
	doc.Signers = []export.Signer{{Authority: "TM. " + export.Upper(c.UnitName), Title: "THỦ TRƯỞNG"}}
	return doc
}

// worstFirst orders item results by their rate, lowest first (items never
// answered last).
func worstFirst(items []training.ItemResult) []training.ItemResult {
	out := append([]training.ItemResult(nil), items...)
	key := func(r training.ItemResult) float64 {
		if r.Rate < 0 {
			return 1000
		}
		return r.Rate
	}
	slices.SortStableFunc(out, func(a, b training.ItemResult) int { return cmp.Compare(key(a), key(b)) })
	return out
}

// CampaignReportPDF writes the campaign's report as a PDF file.
func CampaignReportPDF(r Report, info Info) (*File, error) {
	var buf bytes.Buffer
	if err := pdf.WriteAdminDoc(&buf, CampaignReport(r, info)); err != nil {
		return nil, err
	}
	return &File{Name: "bao-cao-boi-duong-" + strconv.FormatInt(r.Campaign.ID, 10) + ".pdf", ContentType: ContentPDF, Data: buf.Bytes()}, nil
}
