// Package emulationdoc builds the documents of the emulation movement: the
// ranking of a year as a table (XLSX) and as a report (PDF), the proposal
// to recognise emulation titles (tờ trình đề nghị công nhận danh hiệu thi
// đua, with the list and the checks of each), and the interim or final
// review report (báo cáo sơ kết, tổng kết) with its figures — the
// documents in the layout of Decree 30/2020/NĐ-CP (export.AdminDoc), as
// PDF or DOCX, for the web and API edges. What the actor may read is the
// service's.
package emulationdoc

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/emulation"
	"congvu/export"
	"congvu/export/docx"
	"congvu/export/inspectiondoc"
	"congvu/export/pdf"
	"congvu/org"
	"congvu/services"
	"congvu/vntext"
)

// Format is a file format (inspectiondoc's).
type Format = inspectiondoc.Format

// File is a document ready to send (inspectiondoc's).
type File = inspectiondoc.File

// The formats of the documents.
const (
	PDF  = inspectiondoc.PDF
	DOCX = inspectiondoc.DOCX
	XLSX = Format("xlsx")
)

// ParseFormat reads the extension of a document's address (after the
// last dot): ok is false for anything but the formats in allowed.
func ParseFormat(name string, allowed ...Format) (Format, bool) {
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return "", false
	}
	f := Format(name[i+1:])
	for _, a := range allowed {
		if f == a {
			return f, true
		}
	}
	return "", false
}

// Heading is who issues a document: the unit's heading, its kind (for
// the signer's title) and the place name before the date.
type Heading struct {
	Body  org.Heading
	Kind  org.UnitKind
	Place string
}

// headingOf reads the heading of unit id; the name alone when the unit
// cannot be read.
func headingOf(ctx context.Context, svc services.Set, id int64, name string) Heading {
	var h Heading
	if u, err := svc.Units.FindUnitByID(ctx, id); err == nil {
		h.Body, h.Kind, h.Place = org.GoverningBody(u), u.Kind, inspectiondoc.PlaceName(u)
	}
	if h.Body.Body == "" {
		h.Body.Body = strings.ToUpper(name)
	}
	return h
}

// headTitle is the title of the head who signs for a unit of kind k.
func headTitle(k org.UnitKind) string {
	switch k {
	case org.KindNation:
		return "THỦ TƯỚNG"
	case org.KindProvince, org.KindDistrict, org.KindCommune:
		return "CHỦ TỊCH"
	}
	return "THỦ TRƯỞNG"
}

// pts writes points with a decimal comma, at most two decimals.
func pts(x float64) string { return emulation.Num(x) }

// write writes doc in format f as a File named name.
func write(doc export.AdminDoc, f Format, name string) (*File, error) {
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
	return &File{Name: name + "." + string(f), ContentType: f.ContentType(), Data: buf.Bytes()}, nil
}

// RankingGroup is the ranking of a cluster, of the collectives outside
// clusters, or of the individuals.
type RankingGroup struct {
	Title  string
	Scores []*emulation.Score
}

// subjectName is who a score is of.
func subjectName(sc *emulation.Score) string {
	if sc.OfficialID != 0 {
		return sc.OfficialName
	}
	return sc.UnitName
}

// RankingTables are the ranking of a year as sheets: one per group, a row
// per registration with its points per criterion.
func RankingTables(m *emulation.Movement, year int, groups []RankingGroup) []export.Table {
	var out []export.Table
	for _, g := range groups {
		if len(g.Scores) == 0 {
			continue
		}
		var codes []string
		labels := map[string]string{}
		for _, l := range g.Scores[0].Lines {
			codes = append(codes, l.Code)
			labels[l.Code] = l.Label
		}
		t := export.Table{Name: g.Title, Title: fmt.Sprintf("%s — %s — năm %d", m.Title, g.Title, year),
			Header: []string{"Hạng", "Tập thể, cá nhân", "Đơn vị"}, Widths: []float64{8, 36, 36}}
		for _, c := range codes {
			t.Header = append(t.Header, labels[c])
			t.Widths = append(t.Widths, 16)
		}
		t.Header = append(t.Header, "Tổng điểm", "Điểm tối đa")
		t.Widths = append(t.Widths, 12, 12)
		for _, sc := range g.Scores {
			row := []any{sc.Rank, subjectName(sc), sc.UnitName}
			byCode := map[string]float64{}
			for _, l := range sc.Lines {
				byCode[l.Code] = l.Points
			}
			for _, c := range codes {
				row = append(row, byCode[c])
			}
			row = append(row, sc.Total, sc.Max)
			t.Rows = append(t.Rows, row)
		}
		out = append(out, t)
	}
	return out
}

// RankingDoc is the ranking of a year as a report of the movement's unit.
func RankingDoc(m *emulation.Movement, year int, groups []RankingGroup, h Heading, now time.Time) export.AdminDoc {
	doc := export.AdminDoc{Heading: h.Body.Lines(), Symbol: "BC-" + export.Initials(h.Body.Body), Place: h.Place, Date: now,
		Title: "Báo cáo", Subtitle: fmt.Sprintf("Kết quả chấm điểm, xếp hạng thi đua năm %d — %s", year, m.Title)}
	doc.Body = append(doc.Body, export.Block{Text: fmt.Sprintf("Căn cứ tiêu chí thi đua của %s (giai đoạn %d–%d), điểm được tính từ dữ liệu "+
		"đánh giá của người dân, vi phạm, kết quả kiểm tra công vụ và điểm chấm trực tiếp có nêu lý do; kết quả như sau:", m.Title, m.FromYear, m.ToYear)})
	n := 0
	for _, g := range groups {
		if len(g.Scores) == 0 {
			continue
		}
		n++
		doc.Body = append(doc.Body, export.Block{Text: fmt.Sprintf("%s. %s", roman(n), strings.ToUpper(g.Title)), Style: export.StyleHeading})
		t := &export.DocTable{Header: []string{"Hạng", "Tập thể, cá nhân", "Đơn vị", "Điểm", "Tối đa"}, Widths: []float64{12, 55, 55, 19, 19}, Center: []int{0, 3, 4}}
		for _, sc := range g.Scores {
			t.Rows = append(t.Rows, []string{strconv.Itoa(sc.Rank), subjectName(sc), sc.UnitName, pts(sc.Total), pts(sc.Max)})
		}
		doc.Body = append(doc.Body, export.Block{Table: t})
	}
	if n == 0 {
		doc.Body = append(doc.Body, export.Block{Text: "Chưa có điểm: chưa tính điểm cho năm này."})
	}
	doc.Recipients = []string{"Các đơn vị tham gia phong trào", "Lưu: VT"}
	doc.Signers = []export.Signer{{Title: headTitle(h.Kind)}}
	return doc
}

func roman(n int) string {
	r := []string{"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}
	if n < len(r) {
		return r[n]
	}
	return strconv.Itoa(n)
}

// ProposalDossier is the proposal (tờ trình) of the unit issuing h to
// recognise the titles of year: the list of those proposed, then each
// one's checks against the rule and its achievement.
func ProposalDossier(list []*emulation.TitleProposal, year int, h Heading, now time.Time) export.AdminDoc {
	doc := export.AdminDoc{Heading: h.Body.Lines(), Symbol: "TTr-" + export.Initials(h.Body.Body), Place: h.Place, Date: now,
		Title: "Tờ trình", Subtitle: fmt.Sprintf("Về việc đề nghị công nhận danh hiệu thi đua năm %d", year)}
	doc.Body = append(doc.Body,
		export.Block{Text: "Kính gửi: Hội đồng Thi đua - Khen thưởng và thủ trưởng cấp có thẩm quyền", Style: export.StyleCenter},
		export.Block{Text: "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;", Style: export.StyleItalic},
		export.Block{Text: "Căn cứ Nghị định quy định chi tiết Luật Thi đua, khen thưởng đang có hiệu lực;", Style: export.StyleItalic},
		export.Block{Text: fmt.Sprintf("Căn cứ kết quả đánh giá, xếp loại chất lượng và kết quả thi đua năm %d, %s kính trình xem xét, công nhận danh hiệu thi đua cho %d tập thể, cá nhân sau:",
			year, h.Body.Body, len(list))},
		export.Block{Text: "I. DANH SÁCH ĐỀ NGHỊ", Style: export.StyleHeading})
	t := &export.DocTable{Header: []string{"TT", "Tập thể, cá nhân", "Đơn vị", "Danh hiệu", "Tình trạng"}, Widths: []float64{9, 45, 45, 35, 26}, Center: []int{0}}
	sorted := append([]*emulation.TitleProposal(nil), list...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Title != sorted[j].Title {
			return sorted[i].Title < sorted[j].Title
		}
		return sorted[i].ID < sorted[j].ID
	})
	for i, tp := range sorted {
		t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), who(tp), tp.UnitName, tp.TitleLabel, status(tp)})
	}
	if len(sorted) == 0 {
		t.Rows = append(t.Rows, []string{"", "Chưa có đề nghị", "", "", ""})
	}
	doc.Body = append(doc.Body, export.Block{Table: t}, export.Block{Text: "II. ĐIỀU KIỆN VÀ THÀNH TÍCH", Style: export.StyleHeading})
	for i, tp := range sorted {
		var lines []string
		for _, c := range tp.Checks {
			// The fonts of the PDF have no check mark: the words say it.
			mark := "[Đạt]"
			if !c.OK {
				mark = "[Chưa đạt]"
			}
			lines = append(lines, mark+" "+c.Text)
		}
		text := fmt.Sprintf("%d. %s (%s) — %s.", i+1, who(tp), tp.UnitName, tp.TitleLabel)
		if tp.Reason != "" {
			text += " Thành tích: " + strings.TrimRight(tp.Reason, ".") + "."
		}
		doc.Body = append(doc.Body, export.Block{Text: text})
		if len(lines) > 0 {
			doc.Body = append(doc.Body, export.Block{Text: strings.Join(lines, "\n")})
		}
	}
	doc.Body = append(doc.Body, export.Block{Text: "Kính trình cấp có thẩm quyền xem xét, quyết định./."})
	doc.Recipients = []string{"Như trên", "Lưu: VT"}
	doc.Signers = []export.Signer{{Title: headTitle(h.Kind)}}
	return doc
}

func who(tp *emulation.TitleProposal) string {
	if tp.OfficialID != 0 {
		return tp.OfficialName
	}
	return "Tập thể " + tp.UnitName
}

func status(tp *emulation.TitleProposal) string {
	switch tp.Status {
	case emulation.ProposalApproved:
		s := "Đã công nhận"
		if tp.DecisionNumber != "" {
			s += " (QĐ số " + tp.DecisionNumber + ")"
		}
		return s
	case emulation.ProposalRejected:
		return "Không công nhận"
	}
	return "Đề nghị"
}

// ReviewReport is the interim or final review of a movement as a report
// of its unit: the assessment, then the figures of each year frozen the
// day it was made. titleLabels names the titles by code.
func ReviewReport(m *emulation.Movement, v *emulation.Review, titleLabels map[string]string, h Heading) export.AdminDoc {
	kind := "sơ kết"
	if v.Kind == emulation.ReviewFinal {
		kind = "tổng kết"
	}
	doc := export.AdminDoc{Heading: h.Body.Lines(), Symbol: "BC-" + export.Initials(h.Body.Body), Place: h.Place, Date: v.HeldOn,
		Title: "Báo cáo", Subtitle: capitalise(kind) + " " + lowerFirst(m.Title) + ", " + Period(m.FromYear, v.Year)}
	doc.Body = append(doc.Body, export.Block{Text: "I. ĐÁNH GIÁ KẾT QUẢ", Style: export.StyleHeading})
	if strings.TrimSpace(v.Text) != "" {
		doc.Body = append(doc.Body, export.Block{Text: v.Text})
	}
	doc.Body = append(doc.Body, export.Block{Text: "II. SỐ LIỆU", Style: export.StyleHeading},
		export.Block{Text: fmt.Sprintf("Số liệu được chốt ngày %s, tính cho %s và các đơn vị trực thuộc.", congvu.Date(v.CreatedAt).Format("02/01/2006"), m.UnitName)})
	t := &export.DocTable{Header: []string{"Năm", "Tập thể đăng ký", "Cá nhân đăng ký", "Chỉ số hài lòng", "Vi phạm", "Bị kỷ luật", "Tuân thủ khi kiểm tra"},
		Widths: []float64{14, 22, 22, 26, 18, 20, 28}, Center: []int{0, 1, 2, 3, 4, 5, 6}}
	codes := map[string]bool{}
	for _, y := range v.Figures.Years {
		t.Rows = append(t.Rows, []string{strconv.Itoa(y.Year), vntext.Number(y.Collectives), vntext.Number(y.Individuals), pct(y.Index),
			vntext.Number(y.Violations), vntext.Number(y.Disciplined), pct(y.InspectionCompliance)})
		for c := range y.Titles {
			codes[c] = true
		}
	}
	doc.Body = append(doc.Body, export.Block{Table: t})
	if len(codes) > 0 {
		var list []string
		for c := range codes {
			list = append(list, c)
		}
		sort.Strings(list)
		tt := &export.DocTable{Header: []string{"Năm"}, Center: []int{0}}
		for i, c := range list {
			label := titleLabels[c]
			if label == "" {
				label = c
			}
			tt.Header = append(tt.Header, label)
			tt.Center = append(tt.Center, i+1)
		}
		for _, y := range v.Figures.Years {
			row := []string{strconv.Itoa(y.Year)}
			for _, c := range list {
				row = append(row, vntext.Number(y.Titles[c]))
			}
			tt.Rows = append(tt.Rows, row)
		}
		doc.Body = append(doc.Body, export.Block{Text: "Danh hiệu thi đua đã được công nhận:"}, export.Block{Table: tt})
	}
	doc.Recipients = []string{"Cấp trên trực tiếp", "Các đơn vị tham gia phong trào", "Lưu: VT"}
	doc.Signers = []export.Signer{{Title: headTitle(h.Kind)}}
	return doc
}

func pct(x float64) string {
	if x < 0 {
		return "—"
	}
	return pts(x) + "%"
}

// Period names the years a review covers: "năm 2026", "giai đoạn
// 2026–2028".
func Period(from, to int) string {
	if from >= to {
		return "năm " + strconv.Itoa(to)
	}
	return fmt.Sprintf("giai đoạn %d–%d", from, to)
}

func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}

func capitalise(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// BuildRanking writes the ranking of movement id for year: XLSX sheets,
// or the report as PDF.
func BuildRanking(ctx context.Context, svc services.Set, m *emulation.Movement, year int, groups []RankingGroup, f Format) (*File, error) {
	name := fmt.Sprintf("xep-hang-thi-dua-%d-%d", m.ID, year)
	if f == XLSX {
		var buf bytes.Buffer
		if err := export.XLSX(&buf, RankingTables(m, year, groups)); err != nil {
			return nil, err
		}
		return &File{Name: name + ".xlsx", ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: buf.Bytes()}, nil
	}
	return write(RankingDoc(m, year, groups, headingOf(ctx, svc, m.UnitID, m.UnitName), time.Now()), f, name)
}

// A dossier's proposals are read dossierPage at a time (the service's
// largest page), at most dossierMax.
const (
	dossierPage = 200
	dossierMax  = 20000
)

// BuildDossier writes the proposal of the titles of year proposed (and not
// rejected) in the subtree of unit u, as the actor in ctx may read them.
func BuildDossier(ctx context.Context, svc services.Set, u *org.Unit, year int, f Format) (*File, error) {
	var list []*emulation.TitleProposal // the rejected are not proposed any more
	tf := emulation.TitleFilter{UnitID: u.ID, Year: year, Limit: dossierPage}
	for {
		page, total, err := svc.Emulation.FindTitleProposals(ctx, tf)
		if err != nil {
			return nil, err
		}
		for _, tp := range page {
			if tp.Status != emulation.ProposalRejected {
				list = append(list, tp)
			}
		}
		tf.Offset += len(page)
		if len(page) < tf.Limit || tf.Offset >= total || tf.Offset >= dossierMax {
			break
		}
	}
	doc := ProposalDossier(list, year, headingOf(ctx, svc, u.ID, u.Name), time.Now())
	return write(doc, f, fmt.Sprintf("to-trinh-danh-hieu-%s-%d", strings.ReplaceAll(u.Code, ".", "-"), year))
}

// BuildReview writes review rid of movement m.
func BuildReview(ctx context.Context, svc services.Set, m *emulation.Movement, rid int64, f Format) (*File, error) {
	v, err := svc.Emulation.FindReview(ctx, rid)
	if err != nil {
		return nil, err
	}
	if v.MovementID != m.ID {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy báo cáo.")
	}
	labels := map[string]string{}
	if sets, err := svc.Emulation.TitleRuleSets(ctx); err == nil {
		for _, rs := range sets {
			for _, t := range rs.Titles {
				labels[t.Code] = t.Label
			}
		}
	}
	kind := "so-ket"
	if v.Kind == emulation.ReviewFinal {
		kind = "tong-ket"
	}
	return write(ReviewReport(m, v, labels, headingOf(ctx, svc, m.UnitID, m.UnitName)), f, fmt.Sprintf("bao-cao-%s-%d", kind, v.ID))
}
