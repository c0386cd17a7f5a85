// Package trainingdoc builds the documents of training on the code of
// conduct for the web and API edges: an official's certificate (A4
// landscape PDF with its number and the address where anyone checks it),
// the coverage workbook of a unit and its children (XLSX, with a sheet of
// who is behind) and a campaign's report (PDF in the layout of Decree
// 30/2020/NĐ-CP: figures, coverage per child unit, quiz results per
// standard item). What the actor may read is the services'.
package trainingdoc

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"congvu"
	"congvu/export"
	"congvu/export/pdf"
	"congvu/org"
	"congvu/training"
	"congvu/vntext"
)

// The media types of the files.
const (
	ContentPDF  = "application/pdf"
	ContentXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// File is a document ready to send.
type File struct {
	Name        string // "giay-chung-nhan-BD-2026-7F3K-9QX2.pdf"
	ContentType string
	Data        []byte
}

// Info is what the documents need besides the training data: the
// organising unit's heading and place, and the site's address for the
// certificate's check (BaseURL, such as "https://congvu.gov.vn"). All
// optional.
type Info struct {
	Heading org.Heading
	Place   string
	BaseURL string
}

// VerifyURL is the absolute address where anyone checks certificate
// number (BaseURL + training.CertificatePath).
func (i Info) VerifyURL(number string) string {
	return strings.TrimRight(i.BaseURL, "/") + training.CertificatePath(number)
}

// CertificateSheet is the printed form of c.
func CertificateSheet(c *training.Certificate, info Info) pdf.TrainingCertificate {
	heading := info.Heading.Lines()
	if info.Heading.Body == "" {
		heading = []string{c.UnitName}
	}
	return pdf.TrainingCertificate{Heading: heading, UnitName: c.UnitName, Place: info.Place,
		OfficialName: c.OfficialName, OfficialUnit: c.OfficialUnit, CampaignTitle: c.CampaignTitle,
		StartsOn: c.StartsOn, EndsOn: c.EndsOn, Hours: c.Hours, Score: c.Score,
		Number: c.Number, VerifyURL: info.VerifyURL(c.Number), IssuedAt: c.IssuedAt}
}

// CertificatePDF writes c as a PDF file.
func CertificatePDF(c *training.Certificate, info Info) (*File, error) {
	var buf bytes.Buffer
	if err := pdf.WriteTrainingCertificate(&buf, CertificateSheet(c, info)); err != nil {
		return nil, err
	}
	return &File{Name: "giay-chung-nhan-" + c.Number + ".pdf", ContentType: ContentPDF, Data: buf.Bytes()}, nil
}

// Coverage is what the coverage workbook and the campaign report show: a
// unit's subtree (Total) and each child's, in a year or a campaign, and
// the assignments not complete (who is behind; may be a first page of
// them, Behind then counts them all).
type Coverage struct {
	Title    string // "Năm 2026" or the campaign's title
	Total    *training.Coverage
	Children []training.Coverage
	Behind   []*training.Assignment
	// BehindCount is the number of assignments not complete, when Behind
	// holds only the first of them; 0: len(Behind).
	BehindCount int
	// Today is the Vietnam day of the figures (overdue assignments).
	Today time.Time
}

// rate is a coverage rate for the sheets: a Percent, or "" without any
// assignment.
func rate(c training.Coverage) any {
	r := training.Rate(c.Completed, c.Assigned)
	if r < 0 {
		return ""
	}
	return export.Percent(r)
}

// CoverageSheets are the workbook's sheets: the coverage per unit (the
// subtree first, then each child), and who is behind.
func CoverageSheets(cv Coverage) []export.Table {
	units := export.Table{Name: "Độ bao phủ", Title: "Kết quả bồi dưỡng, quán triệt văn hóa công vụ — " + cv.Title,
		Header: []string{"Đơn vị", "Phải bồi dưỡng", "Đã hoàn thành", "Đạt kiểm tra", "Tỷ lệ hoàn thành", "Quá hạn"},
		Widths: []float64{48, 16, 16, 16, 18, 12}}
	row := func(name string, c training.Coverage) []any {
		return []any{name, c.Assigned, c.Completed, c.Passed, rate(c), c.Overdue}
	}
	if cv.Total != nil {
		units.Rows = append(units.Rows, row(cv.Total.UnitName+" (toàn đơn vị)", *cv.Total))
	}
	for _, c := range cv.Children {
		units.Rows = append(units.Rows, row(c.UnitName, c))
	}
	behind := export.Table{Name: "Chưa hoàn thành", Title: "Cán bộ chưa hoàn thành — " + cv.Title,
		Header: []string{"Họ và tên", "Đơn vị", "Đợt bồi dưỡng", "Hạn", "Đã tham dự", "Số lần kiểm tra", "Điểm cao nhất", "Quá hạn"},
		Widths: []float64{28, 32, 40, 12, 12, 14, 14, 10}}
	for _, a := range cv.Behind {
		best := any("")
		if a.BestScore >= 0 {
			best = a.BestScore
		}
		behind.Rows = append(behind.Rows, []any{a.OfficialName, a.UnitName, a.CampaignTitle, a.EndsOn,
			a.AttendedAt != nil, a.Attempts, best, overdue(a, cv.Today)})
	}
	if n := cv.BehindCount; n > len(cv.Behind) {
		behind.Rows = append(behind.Rows, []any{fmt.Sprintf("… và %s cán bộ khác", vntext.Number(n-len(cv.Behind)))})
	}
	return []export.Table{units, behind}
}

// overdue reports whether a's campaign ended before today.
func overdue(a *training.Assignment, today time.Time) bool {
	return !today.IsZero() && a.CompletedAt == nil && congvu.Date(today).After(a.EndsOn)
}

// CoverageXLSX writes the coverage workbook.
func CoverageXLSX(cv Coverage) (*File, error) {
	var buf bytes.Buffer
	if err := export.XLSX(&buf, CoverageSheets(cv)); err != nil {
		return nil, err
	}
	return &File{Name: "bao-phu-boi-duong-" + fileSlug(cv.Title) + ".xlsx", ContentType: ContentXLSX, Data: buf.Bytes()}, nil
}

// fileSlug is s in ASCII for a file name: "Năm 2026" → "nam-2026".
func fileSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range vntext.SearchKey(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "bao-cao"
	}
	return out
}

// percent writes a rate as "87,5%", "—" without any assignment.
func percent(r float64) string {
	if r < 0 {
		return "—"
	}
	return vntext.Decimal(r, 1) + "%"
}
