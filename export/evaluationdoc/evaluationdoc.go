// Package evaluationdoc builds the documents of the annual evaluation —
// each official's evaluation form (phiếu đánh giá, xếp loại chất lượng)
// and a unit's summary table of the year (bảng tổng hợp kết quả đánh giá,
// xếp loại) — in the layout of Decree 30/2020/NĐ-CP (export.AdminDoc),
// written as PDF or DOCX, and the table as XLSX too, for the web and API
// edges. What the actor may read is the service's (FindEvaluation,
// FindEvaluations: audited readings).
package evaluationdoc

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"

	"congvu"
	"congvu/evaluation"
	"congvu/export"
	"congvu/export/docx"
	"congvu/export/inspectiondoc"
	"congvu/export/pdf"
	"congvu/org"
	"congvu/services"
	"congvu/vntext"
)

// Format is a file format.
type Format string

// The formats: the form is PDF or DOCX, the table also XLSX.
const (
	PDF  Format = "pdf"
	DOCX Format = "docx"
	XLSX Format = "xlsx"
)

// ContentType is the media type of a format.
func (f Format) ContentType() string {
	switch f {
	case DOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "application/pdf"
}

// File is a document ready to send.
type File struct {
	Name        string // "phieu-danh-gia-2026-12.pdf"
	ContentType string
	Data        []byte
}

// Info is what the documents need besides the evaluations: the issuing
// body and the place. Both optional (blanks to fill by hand).
type Info struct {
	Heading org.Heading
	Place   string
}

// unitInfo fills the Info of a unit from the services, best effort.
func unitInfo(ctx context.Context, svc services.Set, unitID int64) Info {
	var info Info
	if u, err := svc.Units.FindUnitByID(ctx, unitID); err == nil {
		info.Heading = org.GoverningBody(u)
		info.Place = inspectiondoc.PlaceName(u)
	}
	return info
}

// pts writes points the Vietnamese way: "27,5".
func pts(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return strings.ReplaceAll(s, ".", ",")
}

func levelText(l evaluation.Level) string {
	if l == "" {
		return "……………"
	}
	return l.Label()
}

func scoreOf(scores []evaluation.Score, code string) (evaluation.Score, bool) {
	for _, s := range scores {
		if s.Code == code {
			return s, true
		}
	}
	return evaluation.Score{}, false
}

func sum(scores []evaluation.Score) float64 {
	t := 0.0
	for _, s := range scores {
		t += s.Points
	}
	return t
}

func paragraphs(s string) []export.Block {
	var out []export.Block
	for _, l := range export.Lines(s) {
		out = append(out, export.Block{Text: l})
	}
	if len(out) == 0 {
		out = append(out, export.Block{Text: dotted}, export.Block{Text: dotted})
	}
	return out
}

const dotted = "……………………………………………………………………………………………………………"

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
		out = append(out, export.Block{Text: fmt.Sprintf("- Bồi dưỡng: hoàn thành %d/%d nội dung bắt buộc;", t.Completed, t.Required)})
	}
	for _, a := range sm.Applied {
		out = append(out, export.Block{Text: "- " + strings.TrimRight(export.Clean(a.Text), ".;") + ";"})
	}
	if n := len(out); n > 0 {
		out[n-1].Text = strings.TrimSuffix(out[n-1].Text, ";") + "."
	}
	return out
}

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
	return strings.TrimSuffix(strings.ReplaceAll(strconv.FormatFloat(ev.Index, 'f', 1, 64), ".", ","), ",0") + "%"
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

// BuildForm writes the evaluation form of evaluation id in format f, as
// the actor in ctx may read it (the service's audited reading).
func BuildForm(ctx context.Context, svc services.Set, id int64, f Format) (*File, error) {
	if f != PDF && f != DOCX {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy văn bản.")
	}
	e, err := svc.Evaluations.FindEvaluation(ctx, id)
	if err != nil {
		return nil, err
	}
	if !evaluation.CanRead(congvu.ActorFromContext(ctx), e) {
		// A colleague reads who is evaluated to comment, not the form.
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy văn bản.")
	}
	var rs *evaluation.RuleSet
	if sets, err := svc.Evaluations.RuleSets(ctx); err == nil {
		for i := range sets {
			if sets[i].ID == e.RuleSetID {
				rs = &sets[i]
			}
		}
	}
	sm, err := svc.EvaluationEvidence.Summary(ctx, e.OfficialID, e.Year)
	if err != nil {
		sm = nil // the form leaves the evidence to fill by hand
	}
	doc := Form(e, rs, sm, unitInfo(ctx, svc, e.UnitID))
	return write(doc, f, fmt.Sprintf("phieu-danh-gia-%d-%d", e.Year, e.ID))
}

// MaxTableRows bounds the summary table of one document (a unit's year).
const MaxTableRows = congvu.MaxPageSize

// BuildTable writes the summary table of the unit's subtree for the year
// in format f, as the actor may read it.
func BuildTable(ctx context.Context, svc services.Set, unitID int64, year int, f Format) (*File, error) {
	u, err := svc.Units.FindUnitByID(ctx, unitID)
	if err != nil {
		return nil, err
	}
	list, _, err := svc.Evaluations.FindEvaluations(ctx, evaluation.Filter{UnitID: unitID, Year: year, Limit: MaxTableRows})
	if err != nil {
		return nil, err
	}
	ev := map[int64]*evaluation.SummaryRow{}
	if sums, err := svc.EvaluationEvidence.Summaries(ctx, unitID, year); err == nil {
		for _, s := range sums {
			ev[s.OfficialID] = s
		}
	}
	rows := make([]Row, 0, len(list))
	for _, e := range list {
		rows = append(rows, Row{E: e, Evidence: ev[e.OfficialID]})
	}
	stem := fmt.Sprintf("bang-tong-hop-xep-loai-%d-%s", year, vntext.Fold(u.Code))
	stem = strings.Map(func(r rune) rune {
		if r < 0x80 && (r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z') {
			return r
		}
		return '-'
	}, strings.ToLower(stem))
	if f == XLSX {
		var buf bytes.Buffer
		if err := export.XLSX(&buf, Sheets(u.Name, year, rows)); err != nil {
			return nil, err
		}
		return &File{Name: stem + ".xlsx", ContentType: XLSX.ContentType(), Data: buf.Bytes()}, nil
	}
	return write(Table(u.Name, year, rows, Info{Heading: org.GoverningBody(u), Place: inspectiondoc.PlaceName(u)}), f, stem)
}

func write(doc export.AdminDoc, f Format, stem string) (*File, error) {
	var buf bytes.Buffer
	var err error
	if f == DOCX {
		err = docx.Write(&buf, doc)
	} else {
		f, err = PDF, pdf.WriteAdminDoc(&buf, doc)
	}
	if err != nil {
		return nil, err
	}
	return &File{Name: stem + "." + string(f), ContentType: f.ContentType(), Data: buf.Bytes()}, nil
}
