package pdf

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// ApologySlip is the apology slip (phiếu xin lỗi và hẹn lại ngày trả kết
// quả) given to a person whose dossier will not be returned by its due
// date, in the layout of an administrative document (Nghị định
// 30/2020/NĐ-CP): the issuing body's heading and the national motto side by
// side, number, place and date, title, body, "Nơi nhận" and signature
// block, and at the foot the form and its legal basis.
type ApologySlip struct {
	// Heading is the issuing body's heading, top first (the governing
	// body over the agency: "UBND TỈNH HƯNG YÊN", "SỞ NỘI VỤ"); the last
	// line is bold. Empty: the issuer's name.
	Heading []string
	// Issuer is the agency at fault, which apologises (named in the text).
	Issuer string
	// Title is the form's title; empty: "Phiếu xin lỗi và hẹn lại ngày
	// trả kết quả".
	Title string
	// Basis cites the form and its decree, printed at the foot; optional.
	Basis string
	// Number is the slip's number ("12/PXL"); empty leaves a blank to fill.
	Number string
	// Place is the place name before the date ("Hưng Yên"); empty leaves
	// a blank.
	Place string
	// Date is the slip's date; zero: today.
	Date time.Time
	// Recipient is the person or organisation who filed the dossier, and
	// RecipientAddress their address; empty leaves a dotted line.
	Recipient, RecipientAddress string
	// DossierCode is the dossier's code (mã hồ sơ).
	DossierCode string
	// Procedure is the administrative procedure; optional.
	Procedure string
	// ReceivedAt and DueAt are when the dossier was received and is due.
	ReceivedAt, DueAt time.Time
	// Reason is why it is late; empty leaves dotted lines.
	Reason string
	// NewDueAt is the new date of return; zero leaves a blank.
	NewDueAt time.Time
	// Official is the official who handled the dossier, printed only when
	// set (only where the form names them).
	Official string
	// Distribution is the "Nơi nhận" list; empty: "Như trên", "Lưu: VT".
	Distribution []string
	// SignerTitle is the title above the signature ("GIÁM ĐỐC"); empty:
	// "THỦ TRƯỞNG CƠ QUAN".
	SignerTitle string
	// Signer is the name under the signature; optional.
	Signer string
}

// Slip layout (mm): margins as Nghị định 30/2020 recommends (top 20–25,
// bottom 20–25, left 30–35, right 15–20).
const (
	slipLeft  = 30.0
	slipRight = 20.0
	slipTop   = 20.0
	slipWidth = pageW - slipLeft - slipRight
	slipSize  = 13.0 // pt, body text, down to slipMin for a long slip
	slipMin   = 11.0
	slipLeadK = 0.508 // mm of line height per pt of body text (about 1.4 lines)
)

// dots is a dotted blank to fill in by hand.
const dots = "………………………"

// WriteApologySlip writes the apology slip as a one-page PDF.
// The body text shrinks (13 pt down to 11 pt) until the slip fits.
func WriteApologySlip(w io.Writer, s ApologySlip) error {
	var err error
	for size := slipSize; size >= slipMin; size-- {
		var d *fpdf.Fpdf
		if d, err = drawApologySlip(s, size, size-1 < slipMin); err == nil {
			return finish(d, w)
		}
		if !errors.Is(err, errSlipTooLong) {
			return err
		}
	}
	return err
}

var errSlipTooLong = errors.New("pdf: the apology slip does not fit on one page; shorten the reason")

// drawApologySlip draws the slip with body text of slipSize points;
// errSlipTooLong when it does not fit on a page, unless pages is set: then
// the text runs on to a second page.
func drawApologySlip(s ApologySlip, slipSize float64, pages bool) (*fpdf.Fpdf, error) {
	slipLead := slipSize * slipLeadK
	if strings.TrimSpace(s.Issuer) == "" || strings.TrimSpace(s.DossierCode) == "" {
		return nil, fmt.Errorf("pdf: apology slip needs the issuer and the dossier code")
	}
	d, err := newDoc("Phiếu xin lỗi và hẹn lại ngày trả kết quả — hồ sơ "+s.DossierCode, s.Date, serif)
	if err != nil {
		return nil, err
	}
	if s.Date.IsZero() {
		s.Date = time.Now()
	}
	d.AddPage()
	d.SetTextColor(0, 0, 0)
	d.SetDrawColor(0, 0, 0)
	d.SetLineWidth(0.3)

	// Header: issuer on the left, national motto on the right; the two
	// blocks reach a little into the side margins, as printed forms do.
	const lx, lw = slipLeft - 8, 72.0
	const rx = lx + lw
	const rw = pageW - 12 - rx
	y := slipTop
	ly := y
	heading := s.Heading
	if len(heading) == 0 {
		heading = []string{s.Issuer}
	}
	for i, h := range heading {
		style := ""
		if i == len(heading)-1 {
			style = "B"
		}
		lines, sz := fitLines(d, serif, style, 12, 10, lw, 3, strings.ToUpper(nfc(h)))
		for _, l := range lines {
			d.SetXY(lx, ly)
			d.CellFormat(lw, ptToMM(sz)*1.25, l, "", 0, "C", false, 0, "")
			ly += ptToMM(sz) * 1.25
		}
	}
	ly += 1
	d.Line(lx+lw/2-12, ly, lx+lw/2+12, ly)

	d.SetFont(serif, "B", 12.5)
	d.SetXY(rx, y)
	d.CellFormat(rw, ptToMM(12.5)*1.25, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "", 0, "C", false, 0, "")
	d.SetFont(serif, "B", 13.5)
	motto := "Độc lập - Tự do - Hạnh phúc"
	d.SetXY(rx, y+ptToMM(12.5)*1.25)
	d.CellFormat(rw, ptToMM(13.5)*1.25, motto, "", 0, "C", false, 0, "")
	mw := d.GetStringWidth(motto)
	my := y + ptToMM(12.5)*1.25 + ptToMM(13.5)*1.25 + 0.6
	d.Line(rx+(rw-mw)/2, my, rx+(rw+mw)/2, my)

	// Number on the left, place and date on the right (italic).
	y = max(ly, my) + 4
	d.SetFont(serif, "", 13)
	num := nfc(s.Number)
	if num == "" {
		num = "……/PXL"
	}
	d.SetXY(lx, y)
	d.CellFormat(lw, 6, "Số: "+num, "", 0, "C", false, 0, "")
	d.SetFont(serif, "I", 13)
	place := nfc(s.Place)
	if place == "" {
		place = "……………"
	}
	d.SetXY(rx, y)
	d.CellFormat(rw, 6, place+", "+vnDate(s.Date), "", 0, "C", false, 0, "")

	// Title.
	y += 16
	d.SetFont(serif, "B", 14)
	d.SetXY(slipLeft, y)
	title := nfc(s.Title)
	if title == "" {
		title = "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
	}
	tlines, tsz := fitLines(d, serif, "B", 14, 12, slipWidth, 2, strings.ToUpper(title))
	for _, l := range tlines {
		d.SetXY(slipLeft, y)
		d.CellFormat(slipWidth, ptToMM(tsz)*1.3, l, "", 0, "C", false, 0, "")
		y += ptToMM(tsz) * 1.3
	}
	y += 5

	// Addressee.
	d.SetFont(serif, "", slipSize)
	recipient := nfc(s.Recipient)
	if recipient == "" {
		recipient = dots + dots
	}
	d.SetXY(slipLeft, y)
	d.CellFormat(slipWidth, slipLead, "Kính gửi: "+recipient, "", 0, "C", false, 0, "")
	y += slipLead
	address := nfc(s.RecipientAddress)
	if address == "" {
		address = dots + dots
	}
	for _, l := range d.SplitText("Địa chỉ: "+address, slipWidth) {
		d.SetXY(slipLeft, y)
		d.CellFormat(slipWidth, slipLead, strings.TrimRight(l, " "), "", 0, "C", false, 0, "")
		y += slipLead
	}
	y += slipLead * 0.8

	issuer := nfc(s.Issuer)
	// newPage continues on another page when pages is set and h more
	// millimetres would run into the small print of the foot.
	newPage := func(h float64) {
		if pages && y+h > pageH-27 {
			noteSlip(d, nfc(s.Basis))
			d.AddPage()
			y = slipTop
		}
	}
	para := func(text string) {
		d.SetFont(serif, "", slipSize)
		d.SetXY(slipLeft, y)
		// A first-line indent of 1 cm, as administrative documents use.
		text = "\u2003\u2003" + nfc(text)
		for _, l := range d.SplitText(text, slipWidth) {
			newPage(slipLead)
			d.SetXY(slipLeft, y)
			d.CellFormat(slipWidth, slipLead, strings.TrimRight(l, " "), "", 0, "L", false, 0, "")
			y += slipLead
		}
		y += 1.5
	}
	procedure := nfc(s.Procedure)
	if procedure == "" {
		procedure = dots + dots
	}
	received := dots
	if !s.ReceivedAt.IsZero() {
		received = vnDate(s.ReceivedAt)
	} else {
		received = "ngày " + received
	}
	para(fmt.Sprintf("%s, %s tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính: %s của Ông/Bà/Tổ chức.",
		capitalise(received), issuer, procedure))
	para("Mã hồ sơ: " + nfc(s.DossierCode) + ".")
	if !s.DueAt.IsZero() {
		para("Thời hạn trả kết quả giải quyết hồ sơ theo quy định là " + vnDate(s.DueAt) + ".")
	}
	para("Tuy nhiên, " + issuer + " không trả được kết quả giải quyết hồ sơ của Ông/Bà/Tổ chức đúng thời hạn trên.")
	reason := nfc(s.Reason)
	if reason == "" {
		reason = strings.Repeat(dots, 5)
	}
	para("Lý do chậm trả kết quả: " + strings.TrimSuffix(reason, ".") + ".")
	newDue := "ngày …… tháng …… năm ………"
	if !s.NewDueAt.IsZero() {
		newDue = vnDate(s.NewDueAt)
	}
	para("Sự chậm trễ này đã gây phiền hà cho Ông/Bà/Tổ chức. " + issuer +
		" trân trọng xin lỗi Ông/Bà/Tổ chức và hẹn trả kết quả giải quyết hồ sơ vào " + newDue + ".")
	if o := nfc(s.Official); o != "" {
		para("Cán bộ, công chức tiếp nhận, giải quyết hồ sơ: " + o + ".")
	}
	para("Mong nhận được sự thông cảm của Ông/Bà/Tổ chức vì sự chậm trễ này. Trân trọng cảm ơn./.")

	// "Nơi nhận" on the left, the signature block on the right.
	y += 6
	newPage(60)
	top := y
	dist := s.Distribution
	if len(dist) == 0 {
		dist = []string{"Như trên", "Lưu: VT"}
	}
	dw := slipWidth/2 - 4
	d.SetFont(serif, "B", 12) // bold italic in Decree 30; no bold italic face is embedded
	d.SetXY(slipLeft-8, top)
	d.CellFormat(dw, 5.5, "Nơi nhận:", "", 0, "L", false, 0, "")
	dy := top + 5.5
	d.SetFont(serif, "", 11)
	for i, item := range dist {
		end := ";"
		if i == len(dist)-1 {
			end = "."
		}
		for j, l := range d.SplitText("- "+nfc(item)+end, dw) {
			if j > 0 {
				l = "  " + l
			}
			d.SetXY(slipLeft-8, dy)
			d.CellFormat(dw, 4.8, strings.TrimRight(l, " "), "", 0, "L", false, 0, "")
			dy += 4.8
		}
	}
	title = nfc(s.SignerTitle)
	if title == "" {
		title = "THỦ TRƯỞNG CƠ QUAN"
	}
	sx := slipLeft + slipWidth/2
	sw := slipWidth / 2
	sl, ssz := fitLines(d, serif, "B", 13, 10, sw, 2, strings.ToUpper(title))
	for _, l := range sl {
		d.SetXY(sx, y)
		d.CellFormat(sw, ptToMM(ssz)*1.3, l, "", 0, "C", false, 0, "")
		y += ptToMM(ssz) * 1.3
	}
	d.SetFont(serif, "I", 13)
	d.SetXY(sx, y)
	d.CellFormat(sw, 6, "(Ký, ghi rõ họ tên và đóng dấu)", "", 0, "C", false, 0, "")
	y += 28
	if sg := nfc(s.Signer); sg != "" {
		d.SetFont(serif, "B", 13)
		d.SetXY(sx, y)
		d.CellFormat(sw, 6, sg, "", 0, "C", false, 0, "")
	}
	y = max(y, dy)
	if y > pageH-27 { // above the small print of the foot
		return nil, errSlipTooLong
	}
	noteSlip(d, nfc(s.Basis))
	return d, nil
}

// noteSlip writes the small print at the page foot: the form's legal basis
// and where the slip was made.
func noteSlip(d *fpdf.Fpdf, basis string) {
	d.SetFont(serif, "I", 9)
	d.SetTextColor(80, 80, 80)
	y := pageH - 14.0
	if basis != "" {
		lines := d.SplitText("Căn cứ: "+basis+".", slipWidth)
		y -= 4 * float64(len(lines))
		for _, l := range lines {
			d.SetXY(slipLeft, y)
			d.CellFormat(slipWidth, 4, strings.TrimRight(l, " "), "", 0, "L", false, 0, "")
			y += 4
		}
	}
	d.SetXY(slipLeft, y)
	d.CellFormat(slipWidth, 4, "Phiếu lập trên hệ thống Công vụ; giao cho người nộp hồ sơ và lưu một bản tại đơn vị.", "", 0, "L", false, 0, "")
}

// capitalise upper-cases the first letter.
func capitalise(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
