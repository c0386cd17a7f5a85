package evaluationdoc

import (
	"fmt"
	"strconv"
	"strings"

	"congvu"
	"congvu/evaluation"
	"congvu/export"
	"congvu/org"
	"congvu/vntext"
)

// Form is the evaluation form of an official's year: who, the
// self-assessment, the collective's comments, the evaluator's points
// beside the self-assessed ones, the task points, the evidence the rules
// apply to (sum may be nil), and the classification; a draft until
// decided.
func Form(e *evaluation.Evaluation, rs *evaluation.RuleSet, sm *evaluation.Summary, info Info) export.AdminDoc {
	doc := export.AdminDoc{
		Heading:  info.Heading.Lines(),
		Place:    info.Place,
		Draft:    e.Level == "",
		Title:    "Phiếu đánh giá, xếp loại chất lượng",
		Subtitle: fmt.Sprintf("%s năm %d", strings.ToLower(categoryText(e.Category)), e.Year),
	}
	if len(doc.Heading) == 0 {
		doc.Heading = []string{export.Upper(e.UnitName)}
	}
	if !e.DecidedAt.IsZero() {
		doc.Date = e.DecidedAt
	}
	if rs != nil {
		doc.Body = append(doc.Body, export.Block{Text: "Căn cứ " + strings.TrimPrefix(export.Clean(rs.Title), "Căn cứ ") + ";", Style: export.StyleItalic})
	}
	doc.Body = append(doc.Body,
		export.Block{Text: "I. THÔNG TIN NGƯỜI ĐƯỢC ĐÁNH GIÁ", Style: export.StyleHeading},
		export.Block{Text: "Họ và tên: " + export.Clean(e.OfficialName) + codeText(e.EmployeeCode)},
		export.Block{Text: "Chức vụ, chức danh: " + orDots(export.Clean(e.Position))},
		export.Block{Text: "Cơ quan, đơn vị công tác: " + orDots(export.Clean(e.UnitName))})
	doc.Body = append(doc.Body, export.Block{Text: "II. TỰ ĐÁNH GIÁ", Style: export.StyleHeading})
	if e.Self != nil {
		doc.Body = append(doc.Body, paragraphs(e.Self.Text)...)
		doc.Body = append(doc.Body, export.Block{Text: "Tự xếp loại: " + levelText(e.Self.Level) + "."})
	} else {
		doc.Body = append(doc.Body, paragraphs("")...)
		doc.Body = append(doc.Body, export.Block{Text: "Tự xếp loại: ……………"})
	}
	if rs != nil && len(rs.General) > 0 {
		t := &export.DocTable{Header: []string{"TT", "Tiêu chí"}, Widths: []float64{1, 9}, Center: []int{0}}
		if rs.Scored {
			t.Header = append(t.Header, "Điểm tối đa", "Tự chấm", "Người đánh giá chấm")
			t.Widths = []float64{1, 9, 2, 2, 2.5}
			t.Center = []int{0, 2, 3, 4}
		} else {
			t.Header = append(t.Header, "Nhận xét của người đánh giá")
			t.Widths = []float64{1, 7, 7}
		}
		for i, c := range rs.General {
			row := []string{strconv.Itoa(i + 1), export.Clean(c.Label)}
			if rs.Scored {
				self, ev := "", ""
				if e.Self != nil {
					if s, ok := scoreOf(e.Self.General, c.Code); ok {
						self = pts(s.Points)
					}
				}
				if s, ok := scoreOf(e.General, c.Code); ok {
					ev = pts(s.Points)
				}
				row = append(row, pts(c.Max), self, ev)
			} else {
				s, _ := scoreOf(e.General, c.Code)
				row = append(row, export.Clean(s.Note))
			}
			t.Rows = append(t.Rows, row)
		}
		if rs.Scored {
			self := ""
			if e.Self != nil {
				self = pts(sum(e.Self.General))
			}
			ev := ""
			if len(e.General) > 0 {
				ev = pts(sum(e.General))
			}
			t.Rows = append(t.Rows, []string{"", "Cộng tiêu chí chung", pts(generalMax(rs)), self, ev},
				[]string{"", "Kết quả thực hiện nhiệm vụ (theo sản phẩm được giao)", pts(rs.TaskMax), "", pts(e.TaskPoints)},
				[]string{"", "Tổng điểm", "100", "", pts(e.Total)})
		}
		doc.Body = append(doc.Body, export.Block{Text: "III. ĐIỂM THEO TIÊU CHÍ", Style: export.StyleHeading}, export.Block{Table: t})
	}
	doc.Body = append(doc.Body, export.Block{Text: "IV. Ý KIẾN CỦA TẬP THỂ", Style: export.StyleHeading})
	if len(e.Comments) == 0 {
		doc.Body = append(doc.Body, paragraphs("")...)
	}
	for _, c := range e.Comments {
		who := export.Clean(c.AuthorName)
		if c.Meeting {
			who = "Biên bản họp đơn vị"
		}
		doc.Body = append(doc.Body, export.Block{Text: "- " + who + " (" + c.At.In(congvu.TimeZone).Format("02/01/2006") + "): " + strings.Join(export.Lines(c.Text), " ")})
	}
	doc.Body = append(doc.Body, export.Block{Text: "V. MINH CHỨNG TRONG NĂM", Style: export.StyleHeading})
	doc.Body = append(doc.Body, evidenceBlocks(sm)...)
	doc.Body = append(doc.Body, export.Block{Text: "VI. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI", Style: export.StyleHeading})
	if e.Proposed != "" {
		doc.Body = append(doc.Body, export.Block{Text: "Người đánh giá đề xuất: " + e.Proposed.Label() + "." + noteText(e.ProposalNote)})
	}
	doc.Body = append(doc.Body, export.Block{Text: "Xếp loại chất lượng: " + levelText(e.FinalLevel()) + "." + noteText(e.DecisionNote)})
	if c := e.Complaint; c != nil && !c.SettledAt.IsZero() {
		res := "giữ nguyên kết quả xếp loại"
		if !c.Kept {
			res = "đổi thành " + strings.ToLower(levelText(c.NewLevel))
		}
		doc.Body = append(doc.Body, export.Block{Text: "Giải quyết khiếu nại: " + res + "."})
	}
	doc.Signers = []export.Signer{{Authority: "Người tự đánh giá", Name: export.Clean(e.OfficialName)}, {Title: "Thủ trưởng đơn vị", Hint: "(Ký, ghi rõ họ tên và đóng dấu)"}}
	return doc
}

func generalMax(rs *evaluation.RuleSet) float64 {
	t := 0.0
	for _, c := range rs.General {
		t += c.Max
	}
	return t
}

func noteText(s string) string {
	if s = strings.Join(export.Lines(s), " "); s != "" {
		return " " + s
	}
	return ""
}

func codeText(code string) string {
	if code = export.Clean(code); code != "" {
		return " (mã " + code + ")"
	}
	return ""
}

func orDots(s string) string {
	if s == "" {
		return "……………"
	}
	return s
}

func categoryText(c org.Category) string {
	switch c {
	case org.CategoryCadre, org.CategoryCivilServant, org.CategoryPublicEmployee:
		return c.Label()
	}
	return "Cán bộ, công chức, viên chức"
}

// evidenceBlocks say the evidence of the year in a few lines, and the
// rules that apply to it in words.
func evidenceBlocks(sm *evaluation.Summary) []export.Block {
	if sm == nil {
		return paragraphs("")
	}
	var out []export.Block
	r := sm.Ratings
	idx := "chưa có"
	if r.Index >= 0 && r.Count > 0 {
		idx = pts(r.Index) + "%"
	}
	unit := "chưa có"
	if r.UnitIndex >= 0 && r.UnitCount > 0 {
		unit = pts(r.UnitIndex) + "%"
	}
	out = append(out, export.Block{Text: fmt.Sprintf("- Đánh giá của người dân: %s lượt, chỉ số hài lòng %s (đơn vị: %s);", vntext.Number(r.Count), idx, unit)},
		export.Block{Text: fmt.Sprintf("- Phản ánh có cơ sở: %d; phát hiện qua kiểm tra công vụ: %d;", len(sm.FoundedPetitions), len(sm.InspectionFindings))})
	if y := sm.Conduct; y != nil {
		out = append(out, export.Block{Text: fmt.Sprintf("- Vi phạm: %d; nhắc nhở, phê bình, chấn chỉnh: %d; khen thưởng, biểu dương: %d;", len(y.Violations), len(y.Handlings), len(y.Commendations))})
		for _, d := range y.Disciplines {
			out = append(out, export.Block{Text: fmt.Sprintf("- Kỷ luật %s, Quyết định số %s ngày %s;", strings.ToLower(export.Clean(d.FormLabel)), export.Clean(d.Number), d.SignedOn.In(congvu.TimeZone).Format("02/01/2006"))})
		}
	}
	if t := sm.Training; t != nil {
		text := fmt.Sprintf("- Bồi dưỡng: hoàn thành %d/%d đợt bồi dưỡng bắt buộc", t.Completed, t.Required)
		if t.Hours > 0 || t.MinHours > 0 {
			text += ", " + vntext.Decimal(t.Hours, 1) + " giờ được tính"
		}
		if t.MinHours > 0 {
			text += " (tối thiểu " + vntext.Decimal(t.MinHours, 1) + " giờ/năm)"
		}
		out = append(out, export.Block{Text: text + ";"})
	}
	for _, a := range sm.Applied {
		out = append(out, export.Block{Text: "- " + strings.TrimRight(export.Clean(a.Text), ".;") + ";"})
	}
	if n := len(out); n > 0 {
		out[n-1].Text = strings.TrimSuffix(out[n-1].Text, ";") + "."
	}
	return out
}
