package evaluationdoc

import (
	"fmt"
	"strconv"

	"congvu/evaluation"
	"congvu/export"
	"congvu/vntext"
)

// Row is one official of the summary table: the evaluation and, when the
// evidence was compiled, its counts.
type Row struct {
	E        *evaluation.Evaluation
	Evidence *evaluation.SummaryRow
}

// tableHeader are the columns of the summary table (XLSX).
var tableHeader = []string{"TT", "Họ và tên", "Chức vụ", "Đơn vị", "Tổng điểm", "Tự xếp loại", "Đề xuất", "Xếp loại", "Chỉ số hài lòng", "Vi phạm", "Kỷ luật"}

// docHeader are the columns of the printed table: the position under
// the name, the levels in their short words (legend below the table).
var docHeader = []string{"TT", "Họ và tên, chức vụ", "Đơn vị", "Điểm", "Tự xếp loại", "Đề xuất", "Xếp loại", "Hài lòng", "Vi phạm", "Kỷ luật"}

// short is a level's short word in the printed table.
func short(l evaluation.Level) string {
	switch l {
	case evaluation.LevelExcellent:
		return "Xuất sắc"
	case evaluation.LevelGood:
		return "Tốt"
	case evaluation.LevelCompleted:
		return "Hoàn thành"
	case evaluation.LevelNotCompleted:
		return "Không hoàn thành"
	}
	return ""
}

func rowCells(i int, r Row, label func(evaluation.Level) string) []string {
	e := r.E
	self := ""
	if e.Self != nil {
		self = label(e.Self.Level)
	}
	total := ""
	if e.Total > 0 {
		total = pts(e.Total)
	}
	idx, viol, disc := "", "", ""
	if ev := r.Evidence; ev != nil {
		if ev.Index >= 0 && ev.Ratings > 0 {
			idx = pts(ev.Index) + "%"
		}
		viol = strconv.Itoa(ev.Violations)
		disc = "Không"
		if ev.Disciplined {
			disc = "Có"
		}
	}
	return []string{strconv.Itoa(i + 1), export.Clean(e.OfficialName), export.Clean(e.Position), export.Clean(e.UnitName), total, self, label(e.Proposed), label(e.FinalLevel()), idx, viol, disc}
}

// pct1 is the satisfaction index with one decimal ("81,3%", "100%"), "" without
// ratings.
func pct1(ev *evaluation.SummaryRow) string {
	if ev.Index < 0 || ev.Ratings == 0 {
		return ""
	}
	return vntext.Decimal(ev.Index, 1) + "%"
}

func fullLabel(l evaluation.Level) string {
	if l == "" {
		return ""
	}
	return l.Label()
}

// Counts are how many of the rows hold each final level, best first, and
// how many are not decided yet.
func Counts(rows []Row) (map[evaluation.Level]int, int) {
	out := map[evaluation.Level]int{}
	undecided := 0
	for _, r := range rows {
		if l := r.E.FinalLevel(); l != "" {
			out[l]++
		} else {
			undecided++
		}
	}
	return out, undecided
}

// Table is the summary table of a unit's year: one line per official,
// then the count of each level.
func Table(unitName string, year int, rows []Row, info Info) export.AdminDoc {
	doc := export.AdminDoc{
		Heading:  info.Heading.Lines(),
		Place:    info.Place,
		Title:    "Bảng tổng hợp",
		Subtitle: fmt.Sprintf("Kết quả đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức năm %d — %s", year, export.Clean(unitName)),
	}
	if len(doc.Heading) == 0 {
		doc.Heading = []string{export.Upper(unitName)}
	}
	// The unit's column only when the rows span several units (a
	// subtree); the name carries the position.
	several := false
	for _, r := range rows {
		several = several || r.E.UnitID != rows[0].E.UnitID
	}
	t := &export.DocTable{Header: docHeader, Widths: []float64{1.5, 5, 3.4, 2.3, 2.6, 2.4, 2.4, 2.3, 2, 2}, Center: []int{0, 3, 7, 8, 9}}
	if !several {
		t.Header = append(append([]string{}, docHeader[:2]...), docHeader[3:]...)
		t.Widths, t.Center = []float64{1.5, 6.4, 2.3, 2.6, 2.4, 2.4, 2.3, 2, 2}, []int{0, 2, 6, 7, 8}
	}
	for i, r := range rows {
		c := rowCells(i, r, short)
		name := c[1]
		if c[2] != "" {
			name += ", " + c[2]
		}
		if r.Evidence != nil {
			c[8] = pct1(r.Evidence)
			if c[10] == "Không" {
				c[10] = "—"
			}
		}
		row := []string{c[0], name}
		if several {
			row = append(row, c[3])
		}
		t.Rows = append(t.Rows, append(row, c[4:]...))
	}
	if len(rows) == 0 {
		t.Rows = append(t.Rows, append([]string{"", "Chưa có phiếu đánh giá nào"}, make([]string, len(t.Header)-2)...))
	}
	doc.Body = append(doc.Body, export.Block{Table: t},
		export.Block{Text: "Mức xếp loại: Xuất sắc — hoàn thành xuất sắc nhiệm vụ; Tốt — hoàn thành tốt nhiệm vụ; Hoàn thành — hoàn thành nhiệm vụ; Không hoàn thành — không hoàn thành nhiệm vụ. Hài lòng: chỉ số hài lòng của người dân trong năm."},
		export.Block{Text: "Tổng hợp theo mức xếp loại:", Style: export.StyleHeading})
	counts, undecided := Counts(rows)
	for _, l := range evaluation.Levels {
		doc.Body = append(doc.Body, export.Block{Text: fmt.Sprintf("- %s: %d người;", l.Label(), counts[l])})
	}
	doc.Body = append(doc.Body, export.Block{Text: fmt.Sprintf("- Chưa quyết định xếp loại: %d người.", undecided)})
	doc.Signers = []export.Signer{{Authority: "Người lập biểu"}, {Title: "Thủ trưởng đơn vị", Hint: "(Ký, ghi rõ họ tên và đóng dấu)"}}
	return doc
}

// Sheets is the summary table as XLSX sheets: the list, and the counts.
func Sheets(unitName string, year int, rows []Row) []export.Table {
	title := fmt.Sprintf("Kết quả đánh giá, xếp loại chất lượng năm %d — %s", year, export.Clean(unitName))
	list := export.Table{Name: "Danh sách", Title: title, Header: tableHeader, Widths: []float64{5, 28, 22, 28, 10, 26, 26, 26, 14, 9, 9}}
	for i, r := range rows {
		c := rowCells(i, r, fullLabel)
		row := make([]any, len(c))
		for j, v := range c {
			row[j] = v
		}
		row[0] = i + 1
		if r.E.Total > 0 {
			row[4] = r.E.Total
		}
		if ev := r.Evidence; ev != nil {
			if ev.Index >= 0 && ev.Ratings > 0 {
				row[8] = export.Percent(ev.Index)
			}
			row[9] = ev.Violations
		}
		list.Rows = append(list.Rows, row)
	}
	counts, undecided := Counts(rows)
	tally := export.Table{Name: "Tổng hợp", Title: title, Header: []string{"Mức xếp loại", "Số người"}, Widths: []float64{36, 12}}
	for _, l := range evaluation.Levels {
		tally.Rows = append(tally.Rows, []any{l.Label(), counts[l]})
	}
	tally.Rows = append(tally.Rows, []any{"Chưa quyết định", undecided})
	return []export.Table{list, tally}
}
