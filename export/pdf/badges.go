package pdf

import (
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// Badge is one official's rating badge.
type Badge struct {
	Name     string // full name
	Position string // may be empty
	Unit     string // the unit's name
	URL      string // the public rating URL the QR code leads to
}

// BadgeSheet is the printed sheet of a unit's badges.
type BadgeSheet struct {
	Unit    string // the unit, for the title and the page footer
	Badges  []Badge
	Created time.Time // printed in the footer; zero: now
}

// The badge grid: 2 columns × 5 rows of 90 × 54 mm cards (about a bank
// card) on A4, centred, with dashed cut lines running to the page edges.
const (
	pageW, pageH  = 210.0, 297.0
	badgeW        = 90.0
	badgeH        = 54.0
	badgeCols     = 2
	badgeRows     = 5
	badgesPerPage = badgeCols * badgeRows
	badgeQR       = 26.0 // mm: scans from a phone at arm's length
	badgePad      = 3.5
)

// BadgesPerPage is how many badges fit on one A4 page.
const BadgesPerPage = badgesPerPage

// WriteBadges writes the badge sheet as a PDF: as many A4 pages as the
// badges need (BadgesPerPage each). A sheet without badges is an error.
func WriteBadges(w io.Writer, s BadgeSheet) error {
	if len(s.Badges) == 0 {
		return fmt.Errorf("pdf: no badges to print")
	}
	d, err := newDoc("Thẻ đánh giá cán bộ — "+s.Unit, s.Created, sans)
	if err != nil {
		return err
	}
	d.SetSubject(nfc("Thẻ có mã QR để người dân đánh giá cán bộ; cắt theo đường nét đứt"), true)
	created := s.Created
	if created.IsZero() {
		created = time.Now()
	}
	pages := (len(s.Badges) + badgesPerPage - 1) / badgesPerPage
	x0 := (pageW - badgeCols*badgeW) / 2
	y0 := (pageH - badgeRows*badgeH) / 2
	for p := 0; p < pages; p++ {
		d.AddPage()
		cutLines(d, x0, y0)
		for i := 0; i < badgesPerPage; i++ {
			k := p*badgesPerPage + i
			if k >= len(s.Badges) {
				break
			}
			x := x0 + float64(i%badgeCols)*badgeW
			y := y0 + float64(i/badgeCols)*badgeH
			if err := drawBadge(d, x, y, s.Badges[k]); err != nil {
				return err
			}
		}
		// Footer in the bottom margin.
		d.SetFont(sans, "", 7)
		d.SetTextColor(90, 90, 90)
		foot := fmt.Sprintf("Thẻ đánh giá — %s — in ngày %s — trang %d/%d — cắt theo đường nét đứt", nfc(s.Unit), shortDate(created), p+1, pages)
		lines, _ := fitLines(d, sans, "", 7, 5, pageW-20, 1, foot)
		d.SetXY(10, pageH-y0+4)
		d.CellFormat(pageW-20, 3, lines[0], "", 0, "C", false, 0, "")
	}
	return finish(d, w)
}

// cutLines draws dashed grey lines along every edge of the grid, from page
// edge to page edge, so the sheet can be cut with a guillotine or scissors.
func cutLines(d *fpdf.Fpdf, x0, y0 float64) {
	d.SetDrawColor(150, 150, 150)
	d.SetLineWidth(0.2)
	d.SetDashPattern([]float64{2, 1.5}, 0)
	for c := 0; c <= badgeCols; c++ {
		x := x0 + float64(c)*badgeW
		d.Line(x, 0, x, pageH)
	}
	for r := 0; r <= badgeRows; r++ {
		y := y0 + float64(r)*badgeH
		d.Line(0, y, pageW, y)
	}
	d.SetDashPattern(nil, 0)
}

// drawBadge draws one card with its top-left corner at (x, y).
func drawBadge(d *fpdf.Fpdf, x, y float64, b Badge) error {
	// Header band: the unit.
	const band = 10.5
	d.SetFillColor(brand[0], brand[1], brand[2])
	d.Rect(x, y, badgeW, band, "F")
	d.SetTextColor(255, 255, 255)
	unit := strings.ToUpper(nfc(b.Unit))
	lines, sz := fitLines(d, sans, "B", 8, 5.5, badgeW-2*badgePad, 2, unit)
	lh := ptToMM(sz) * 1.15
	ty := y + (band-lh*float64(len(lines)))/2
	for i, l := range lines {
		d.SetXY(x+badgePad, ty+float64(i)*lh)
		d.CellFormat(badgeW-2*badgePad, lh, l, "", 0, "C", false, 0, "")
	}

	// The QR code on the right, with its caption.
	qx := x + badgeW - badgePad - badgeQR
	qy := y + band + 3
	if err := drawQR(d, b.URL, qx, qy, badgeQR); err != nil {
		return err
	}
	d.SetTextColor(brand[0], brand[1], brand[2])
	d.SetFont(sans, "B", 6.5)
	d.SetXY(qx-2, qy+badgeQR+0.6)
	d.CellFormat(badgeQR+4, 3, "Quét mã để đánh giá", "", 0, "C", false, 0, "")

	// Name and position on the left.
	tw := qx - x - badgePad - 3
	d.SetTextColor(20, 20, 20)
	names, nsz := fitLines(d, sans, "B", 13, 9, tw, 2, b.Name)
	nlh := ptToMM(nsz) * 1.2
	cy := y + band + 4
	for _, l := range names {
		d.SetXY(x+badgePad, cy)
		d.CellFormat(tw, nlh, l, "", 0, "L", false, 0, "")
		cy += nlh
	}
	if strings.TrimSpace(b.Position) != "" {
		cy += 1
		d.SetTextColor(60, 60, 60)
		pos, psz := fitLines(d, sans, "", 9, 7, tw, 2, b.Position)
		plh := ptToMM(psz) * 1.2
		for _, l := range pos {
			d.SetXY(x+badgePad, cy)
			d.CellFormat(tw, plh, l, "", 0, "L", false, 0, "")
			cy += plh
		}
	}

	// The "4 xin, 4 luôn" line at the foot, one half per line.
	d.SetDrawColor(brand[0], brand[1], brand[2])
	d.SetLineWidth(0.3)
	fy := y + badgeH - 9.8
	d.Line(x+badgePad, fy, x+badgeW-badgePad, fy)
	d.SetTextColor(brand[0], brand[1], brand[2])
	halves := strings.SplitN(FourXinLine, " · ", 2)
	fw := badgeW - 2*badgePad
	ly := fy + 1.2
	for _, h := range halves {
		l, hsz := fitLines(d, sans, "", 6.6, 5, fw, 1, h)
		hlh := ptToMM(hsz) * 1.25
		// "4 xin:" and "4 luôn:" in bold, the rest regular.
		head, rest, _ := strings.Cut(l[0], ":")
		d.SetFont(sans, "B", hsz)
		hw := d.GetStringWidth(head + ":")
		d.SetFont(sans, "", hsz)
		rw := d.GetStringWidth(rest)
		lx := x + badgePad + (fw-hw-rw)/2
		d.SetFont(sans, "B", hsz)
		d.SetXY(lx, ly)
		d.CellFormat(hw, hlh, head+":", "", 0, "L", false, 0, "")
		d.SetFont(sans, "", hsz)
		d.SetXY(lx+hw, ly)
		d.CellFormat(rw, hlh, rest, "", 0, "L", false, 0, "")
		ly += hlh
	}
	return nil
}

// Poster is the counter poster: a unit's QR code, large, with how to use it.
type Poster struct {
	Unit    string // the unit or counter
	URL     string // the public rating URL
	Created time.Time
}

// WritePoster writes a one-page A4 poster for a counter.
func WritePoster(w io.Writer, p Poster) error {
	d, err := newDoc("Mã QR đánh giá — "+p.Unit, p.Created, sans)
	if err != nil {
		return err
	}
	d.AddPage()
	const margin = 18.0
	cw := pageW - 2*margin
	// Top band.
	d.SetFillColor(brand[0], brand[1], brand[2])
	d.Rect(0, 0, pageW, 14, "F")
	d.SetTextColor(255, 255, 255)
	d.SetFont(sans, "B", 11)
	d.SetXY(margin, 4.5)
	d.CellFormat(cw, 5, "VĂN HÓA CÔNG VỤ — 4 XIN, 4 LUÔN", "", 0, "C", false, 0, "")

	y := 28.0
	d.SetTextColor(brand[0], brand[1], brand[2])
	d.SetFont(sans, "B", 30)
	d.SetXY(margin, y)
	d.CellFormat(cw, 13, "Ý KIẾN CỦA ANH/CHỊ", "", 0, "C", false, 0, "")
	y += 14
	d.SetFont(sans, "B", 20)
	d.SetXY(margin, y)
	d.CellFormat(cw, 9, "giúp chúng tôi phục vụ tốt hơn", "", 0, "C", false, 0, "")
	y += 15
	d.SetTextColor(20, 20, 20)
	lines, sz := fitLines(d, sans, "B", 18, 11, cw, 3, p.Unit)
	lh := ptToMM(sz) * 1.25
	for _, l := range lines {
		d.SetXY(margin, y)
		d.CellFormat(cw, lh, l, "", 0, "C", false, 0, "")
		y += lh
	}
	y += 8
	const qr = 118.0
	qx := (pageW - qr) / 2
	if err := drawQR(d, p.URL, qx, y, qr); err != nil {
		return err
	}
	y += qr + 8
	d.SetFont(sans, "B", 15)
	d.SetXY(margin, y)
	d.CellFormat(cw, 7, "Quét mã bằng máy ảnh điện thoại để đánh giá", "", 0, "C", false, 0, "")
	y += 9
	d.SetFont(sans, "", 11)
	d.SetTextColor(60, 60, 60)
	for _, l := range []string{
		"Không cần đăng nhập, không cần cài ứng dụng, chỉ mất khoảng một phút.",
		"Họ tên, số điện thoại của anh/chị là không bắt buộc.",
	} {
		d.SetXY(margin, y)
		d.CellFormat(cw, 5.5, l, "", 0, "C", false, 0, "")
		y += 6
	}
	y += 2
	d.SetFont(sans, "", 9)
	ul, _ := fitLines(d, sans, "", 9, 6, cw, 1, p.URL)
	d.SetXY(margin, y)
	d.CellFormat(cw, 5, ul[0], "", 0, "C", false, 0, "")

	// The eight behaviours at the foot.
	fy := pageH - 24.0
	d.SetDrawColor(brand[0], brand[1], brand[2])
	d.SetLineWidth(0.4)
	d.Line(margin, fy, pageW-margin, fy)
	d.SetTextColor(brand[0], brand[1], brand[2])
	fy += 3
	for _, h := range strings.SplitN(FourXinLine, " · ", 2) {
		l, hsz := fitLines(d, sans, "B", 12, 8, cw, 1, h)
		d.SetFont(sans, "B", hsz)
		d.SetXY(margin, fy)
		d.CellFormat(cw, 6, l[0], "", 0, "C", false, 0, "")
		fy += 7
	}
	return finish(d, w)
}
