package pdf

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"congvu/export"
)

// TrainingCertificate is the certificate of an official who completed a
// training campaign (giấy chứng nhận hoàn thành bồi dưỡng), printed on A4
// landscape: the organising unit beside the national name and motto, the
// official, the campaign, the hours and the quiz score, and the number
// with the address and QR code where anyone checks it.
type TrainingCertificate struct {
	// Heading is the organising unit's heading, top first
	// (org.GoverningBody(u).Lines()).
	Heading       []string
	UnitName      string // the organising unit, in the text
	Place         string // before the date; empty: no place
	OfficialName  string
	Position      string // may be empty
	OfficialUnit  string // the official's unit, may be empty
	CampaignTitle string
	StartsOn      time.Time // the campaign's period; zero: not printed
	EndsOn        time.Time
	Hours         float64
	Score         int // percent; -1 without a quiz
	Number        string
	VerifyURL     string // the absolute address of the verification page
	IssuedAt      time.Time
}

// The landscape page.
const landW, landH = pageH, pageW

// WriteTrainingCertificate writes the certificate as a one-page PDF.
func WriteTrainingCertificate(w io.Writer, c TrainingCertificate) error {
	if c.Number == "" || c.OfficialName == "" {
		return fmt.Errorf("pdf: a certificate needs its number and the official")
	}
	d, err := newDoc("Giấy chứng nhận "+c.Number, c.IssuedAt, serif)
	if err != nil {
		return err
	}
	d.SetSubject(nfc("Giấy chứng nhận hoàn thành bồi dưỡng: "+c.CampaignTitle), true)
	d.AddPageFormat("L", fpdf.SizeType{Wd: pageW, Ht: pageH})

	// A double frame in the programme's blue.
	d.SetDrawColor(brand[0], brand[1], brand[2])
	d.SetLineWidth(1.2)
	d.Rect(8, 8, landW-16, landH-16, "D")
	d.SetLineWidth(0.3)
	d.Rect(11, 11, landW-22, landH-22, "D")
	d.SetDrawColor(0, 0, 0)

	certHeader(d, c)

	y := 62.0
	d.SetTextColor(brand[0], brand[1], brand[2])
	centre(d, y, serif, "B", 30, "GIẤY CHỨNG NHẬN")
	y += 13
	d.SetTextColor(0, 0, 0)
	centre(d, y, serif, "B", 15, "HOÀN THÀNH BỒI DƯỠNG, QUÁN TRIỆT CHUẨN MỰC VĂN HÓA CÔNG VỤ")
	y += 13
	centre(d, y, serif, "", 14, export.Clean(c.UnitName)+" chứng nhận:")
	y += 9
	d.SetTextColor(brand[0], brand[1], brand[2])
	centre(d, y, serif, "B", 22, c.OfficialName)
	d.SetTextColor(0, 0, 0)
	y += 10
	if who := strings.Trim(export.Clean(c.Position)+", "+export.Clean(c.OfficialUnit), ", "); who != "" {
		centre(d, y, serif, "I", 13, who)
		y += 8
	}
	centre(d, y, serif, "", 14, "Đã hoàn thành đợt bồi dưỡng:")
	y += 8
	lines, sz := fitLines(d, serif, "B", 16, 12, landW-70, 2, "“"+export.Clean(c.CampaignTitle)+"”")
	for _, l := range lines {
		d.SetXY(35, y)
		d.CellFormat(landW-70, lead(sz), l, "", 0, "C", false, 0, "")
		y += lead(sz)
	}
	y += 3
	var facts []string
	if !c.StartsOn.IsZero() && !c.EndsOn.IsZero() {
		facts = append(facts, "Thời gian: từ "+shortDate(c.StartsOn)+" đến "+shortDate(c.EndsOn))
	}
	facts = append(facts, "Thời lượng: "+hours(c.Hours)+" giờ")
	if c.Score >= 0 {
		facts = append(facts, "Kết quả kiểm tra: "+strconv.Itoa(c.Score)+"/100 điểm")
	}
	centre(d, y, serif, "", 13, strings.Join(facts, "   ·   "))

	certFoot(d, c)
	return finish(d, w)
}

// certHeader draws the organising unit beside the national name and motto.
func certHeader(d *fpdf.Fpdf, c TrainingCertificate) {
	const lx, lw, rx, rw, y = 18.0, 105.0, 150.0, 130.0, 18.0
	ly, lastW := y, 0.0
	for i, h := range c.Heading {
		style := ""
		if i == len(c.Heading)-1 {
			style = "B"
		}
		lines, sz := fitLines(d, serif, style, 13, 10, lw, 2, export.Upper(h))
		for _, l := range lines {
			d.SetXY(lx, ly)
			d.CellFormat(lw, lead(sz), l, "", 0, "C", false, 0, "")
			ly += lead(sz)
			if style == "B" {
				lastW = max(lastW, d.GetStringWidth(l))
			}
		}
	}
	if len(c.Heading) > 0 {
		uw := max(lastW*0.4, 15)
		d.Line(lx+(lw-uw)/2, ly+0.8, lx+(lw+uw)/2, ly+0.8)
	}
	d.SetFont(serif, "B", 13)
	d.SetXY(rx, y)
	d.CellFormat(rw, lead(13), export.NationalName, "", 0, "C", false, 0, "")
	d.SetFont(serif, "B", 14)
	d.SetXY(rx, y+lead(13))
	d.CellFormat(rw, lead(14), export.Motto, "", 0, "C", false, 0, "")
	mw := d.GetStringWidth(export.Motto)
	my := y + lead(13) + lead(14) + 0.4
	d.Line(rx+(rw-mw)/2, my, rx+(rw+mw)/2, my)
}

// certFoot draws the QR code, the number and the address of the check at
// the bottom left, and the place and date at the bottom right.
func certFoot(d *fpdf.Fpdf, c TrainingCertificate) {
	const qr, x0 = 28.0, 20.0
	y0 := landH - 20 - qr
	if c.VerifyURL != "" {
		if err := drawQR(d, c.VerifyURL, x0, y0, qr); err != nil {
			d.SetError(err)
			return
		}
	}
	tx := x0 + qr + 5
	d.SetFont(serif, "B", 12)
	d.SetXY(tx, y0+2)
	d.CellFormat(110, 6, "Số: "+nfc(c.Number), "", 0, "L", false, 0, "")
	d.SetFont(serif, "I", 10)
	d.SetXY(tx, y0+9)
	d.CellFormat(110, 5, "Kiểm tra giấy chứng nhận tại:", "", 0, "L", false, 0, "")
	lines, sz := fitLines(d, serif, "", 10, 7, 110, 2, c.VerifyURL)
	yy := y0 + 14
	for _, l := range lines {
		d.SetXY(tx, yy)
		d.CellFormat(110, lead(sz), l, "", 0, "L", false, 0, "")
		yy += lead(sz)
	}

	const rx, rw = 170.0, 110.0
	date := vnDate(c.IssuedAt)
	if p := export.Clean(c.Place); p != "" {
		date = p + ", " + date
	} else {
		date = strings.ToUpper(date[:1]) + date[1:]
	}
	pl, psz := fitLines(d, serif, "I", 13, 10, rw, 1, date)
	d.SetFont(serif, "I", psz)
	d.SetXY(rx, y0+2)
	d.CellFormat(rw, 6, pl[0], "", 0, "C", false, 0, "")
	tl, tsz := fitLines(d, serif, "B", 13, 10, rw, 2, export.Upper(c.UnitName))
	yy = y0 + 10
	for _, l := range tl {
		d.SetXY(rx, yy)
		d.CellFormat(rw, lead(tsz), l, "", 0, "C", false, 0, "")
		yy += lead(tsz)
	}
	d.SetFont(serif, "I", 10)
	d.SetXY(rx, yy+1)
	d.CellFormat(rw, 5, nfc("Giấy chứng nhận điện tử, xác thực bằng số hiệu"), "", 0, "C", false, 0, "")
}

// centre draws one line of s centred on the landscape page at y, shrunk
// to fit the frame.
func centre(d *fpdf.Fpdf, y float64, family, style string, size float64, s string) {
	lines, sz := fitLines(d, family, style, size, size*0.6, landW-50, 1, s)
	d.SetXY(25, y)
	d.CellFormat(landW-50, lead(sz), lines[0], "", 0, "C", false, 0, "")
}

// hours writes 4, 4,5 (a decimal comma).
func hours(h float64) string {
	return strings.ReplaceAll(strconv.FormatFloat(h, 'f', -1, 64), ".", ",")
}
