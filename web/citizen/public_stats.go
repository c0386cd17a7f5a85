package citizen

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"congvu"
	"congvu/inspection"
	"congvu/publicstats"
	"congvu/web"
)

// The public transparency page (/cong-khai): a unit's figures for
// everybody, with the same figures as open data (CSV, JSON). Like the
// rating page it needs no JavaScript, uses citizen.css only and stays a
// few KB; it is the same for every reader, so it is cached (publicstats
// keeps each unit's figures CacheTTL; browsers and proxies keep the page
// publicMaxAge and revalidate it by its ETag).

// publicMaxAge is how long browsers and proxies may keep a public page.
const publicMaxAge = 300

// publicRoutes are the pages of /cong-khai. Private: reading them loads no
// session and logs no address, so every reader gets the same cached page.
func (s *Pages) publicRoutes() []web.Route {
	return []web.Route{
		{Method: "GET", Pattern: "/cong-khai", Access: web.Public, Handler: s.publicPage, Private: true},
		{Method: "GET", Pattern: "/cong-khai/{code}", Access: web.Public, Handler: s.publicPage, Private: true},
	}
}

// PublicPage is the transparency page of one unit.
type PublicPage struct {
	web.Base
	F          *publicstats.Figures
	InProvince string // "toàn tỉnh Hưng Yên", "" for a province or above
	AsOf       string
	LastYear   int
	MinChecked int
	Tables     []PublicTable
}

// PublicTable is one section's table: rows of figures by column.
type PublicTable struct {
	ID, Heading, Note, Corner string
	Cols                      []string
	Rows                      []PublicRow
	// Says are the comparisons in words.
	Says []string
}

// PublicRow is one line of a table.
type PublicRow struct {
	Label string
	Cells []string
}

// notEnough is what a share over too few cases shows.
const notEnough = "chưa đủ số liệu"

// vnPct writes a percentage the Vietnamese way ("87,5%"), or notEnough.
func vnPct(p *float64) string {
	if p == nil {
		return notEnough
	}
	return vnNum(*p) + "%"
}

// vnInt writes a count with dots between thousands ("12.345").
func vnInt(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

// vnNum writes a figure with one decimal the Vietnamese way ("1,5").
func vnNum(v float64) string {
	return strings.Replace(strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64), ".", ",", 1)
}

// compare says how a share stands against another, in words; "" when
// either is not shown.
func compare(what string, a, b *float64, against string) string {
	if a == nil || b == nil {
		return ""
	}
	switch d := math.Round((*a-*b)*10) / 10; {
	case d > 0:
		return fmt.Sprintf("%s cao hơn %s %s điểm phần trăm.", what, against, vnNum(d))
	case d < 0:
		return fmt.Sprintf("%s thấp hơn %s %s điểm phần trăm.", what, against, vnNum(-d))
	}
	return fmt.Sprintf("%s bằng %s.", what, against)
}

// inWhole names a unit after "toàn" in a sentence: its type word in
// lower case ("toàn tỉnh Hưng Yên").
func inWhole(name string) string {
	r, n := utf8.DecodeRuneInString(name)
	return "toàn " + string(unicode.ToLower(r)) + name[n:]
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// publicTables lays the figures out as the page's tables.
func publicTables(f *publicstats.Figures) []PublicTable {
	cols := []string{fmt.Sprintf("Năm %d", f.Year), fmt.Sprintf("Cùng kỳ %d", f.Year-1)}
	spans := []publicstats.Span{f.This, f.Last}
	if f.InProvince != nil {
		w := inWhole(f.Province.Name)
		cols = append(cols, strings.ToUpper(w[:1])+w[1:])
		spans = append(spans, *f.InProvince)
	}
	row := func(label string, cell func(publicstats.Span) string) PublicRow {
		r := PublicRow{Label: label}
		for _, sp := range spans {
			r.Cells = append(r.Cells, cell(sp))
		}
		return r
	}
	sat := PublicTable{ID: "hai-long", Heading: "Mức độ hài lòng của người dân", Corner: "Chỉ tiêu", Cols: cols,
		Note: "Chỉ số hài lòng: tỉ lệ lượt đánh giá “hài lòng” hoặc “rất hài lòng” trên tổng số lượt đánh giá hợp lệ.",
		Rows: []PublicRow{
			row("Chỉ số hài lòng", func(s publicstats.Span) string { return vnPct(s.Index) }),
			row("Số lượt đánh giá", func(s publicstats.Span) string { return vnInt(s.Ratings) }),
		}}
	sat.Says = nonEmpty(compare("Chỉ số hài lòng năm nay", f.This.Index, f.Last.Index, "cùng kỳ năm trước"))
	if f.InProvince != nil {
		sat.Says = append(sat.Says, nonEmpty(compare("Chỉ số hài lòng của "+f.Name, f.This.Index, f.InProvince.Index, inWhole(f.Province.Name)))...)
	}
	trend := PublicTable{ID: "theo-thang", Heading: "Chỉ số hài lòng theo tháng", Corner: "Tháng", Cols: []string{"Chỉ số hài lòng", "Số lượt đánh giá"}}
	for _, m := range f.Trend {
		trend.Rows = append(trend.Rows, PublicRow{Label: m.Label, Cells: []string{vnPct(m.Index), vnInt(m.Ratings)}})
	}
	beh := PublicTable{ID: "hanh-vi", Heading: "Tám hành vi giao tiếp (“4 xin, 4 luôn”)", Corner: "Hành vi", Cols: []string{"Tỉ lệ người dân ghi nhận", "Số câu trả lời"},
		Note: fmt.Sprintf("Năm %d: tỉ lệ câu trả lời “có” trên số câu trả lời về từng hành vi.", f.Year)}
	for _, b := range f.Behaviours {
		beh.Rows = append(beh.Rows, PublicRow{Label: b.Title, Cells: []string{vnPct(b.Rate), vnInt(b.Asked)}})
	}
	pet := PublicTable{ID: "phan-anh", Heading: "Phản ánh, kiến nghị về cán bộ", Corner: "Chỉ tiêu", Cols: cols,
		Note: "Phản ánh nhận trong kỳ; tỉ lệ đúng hạn tính trên các bước xử lý đã xong.",
		Rows: []PublicRow{
			row("Số phản ánh đã nhận", func(s publicstats.Span) string { return vnInt(s.Petitions) }),
			row("Đã có kết luận", func(s publicstats.Span) string { return vnInt(s.Concluded) }),
			row("Kết luận đúng hoặc đúng một phần", func(s publicstats.Span) string { return vnInt(s.Founded) }),
			row("Tỉ lệ xử lý đúng hạn", func(s publicstats.Span) string { return vnPct(s.OnTime) }),
		}}
	insp := PublicTable{ID: "kiem-tra", Heading: "Kiểm tra việc thực hiện chuẩn mực", Corner: "Chỉ tiêu", Cols: cols,
		Rows: []PublicRow{
			row("Số cuộc kiểm tra đã kết luận", func(s publicstats.Span) string { return vnInt(s.Inspections) }),
			row("Số nội dung được kiểm tra", func(s publicstats.Span) string { return vnInt(s.Checked) }),
			row("Tỉ lệ tuân thủ", func(s publicstats.Span) string { return vnPct(s.Compliance) }),
		}}
	insp.Says = nonEmpty(compare("Tỉ lệ tuân thủ năm nay", f.This.Compliance, f.Last.Compliance, "cùng kỳ năm trước"))
	slips := PublicTable{ID: "xin-loi", Heading: "Phiếu xin lỗi và hẹn lại ngày trả kết quả", Corner: "Chỉ tiêu", Cols: cols,
		Note: "Phiếu cơ quan gửi người dân khi hồ sơ thủ tục hành chính bị trễ hạn.",
		Rows: []PublicRow{row("Số phiếu đã phát hành", func(s publicstats.Span) string { return vnInt(s.ApologySlips) })}}
	return []PublicTable{sat, trend, beh, pet, insp, slips}
}

// publicPage serves /cong-khai, /cong-khai/{code} and its .csv and .json.
func (s *Pages) publicPage(w http.ResponseWriter, r *http.Request) error {
	code, kind := r.PathValue("code"), "html"
	for _, ext := range []string{"csv", "json"} {
		if c, ok := strings.CutSuffix(code, "."+ext); ok {
			code, kind = c, ext
		}
	}
	f, err := s.Services.Public.Figures(r.Context(), code)
	if err != nil {
		if congvu.ErrorCode(err) != congvu.ENOTFOUND {
			return err
		}
		p := &RatePage{Kind: "problem", Status: http.StatusNotFound, Heading: "Không tìm thấy đơn vị",
			Message: "Đường dẫn chưa đúng hoặc đơn vị không còn hoạt động. Xin xem danh sách các tỉnh, thành phố tại trang công khai."}
		p.Title = p.Heading
		return s.Render(w, r, p.Status, "rate.html", p)
	}
	var body bytes.Buffer
	var ctype string
	switch kind {
	case "json":
		ctype = "application/json; charset=utf-8"
		enc := json.NewEncoder(&body)
		enc.SetIndent("", " ")
		if err := enc.Encode(f); err != nil {
			return err
		}
	case "csv":
		ctype = "text/csv; charset=utf-8"
		if err := writePublicCSV(&body, f); err != nil {
			return err
		}
	default:
		p := &PublicPage{F: f, AsOf: f.AsOf.Format("02/01/2006"), LastYear: f.Year - 1, MinChecked: inspection.MinComplianceSample, Tables: publicTables(f)}
		p.Title = "Công khai: " + f.Name
		if f.Province != nil {
			p.InProvince = inWhole(f.Province.Name)
		}
		rec := &bufferWriter{h: http.Header{}}
		if err := s.Render(rec, r, http.StatusOK, "public_stats.html", p); err != nil {
			return err
		}
		body, ctype = rec.b, rec.h.Get("Content-Type")
	}
	sum := sha256.Sum256(body.Bytes())
	etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
	h := w.Header()
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(publicMaxAge))
	h.Set("ETag", etag)
	h.Set("Vary", "Accept-Encoding")
	if kind != "html" {
		h.Set("Access-Control-Allow-Origin", "*") // open data
		if kind == "csv" {
			h.Set("Content-Disposition", `inline; filename="cong-khai-`+f.Code+`.csv"`)
		}
	}
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(body.Len()))
	w.WriteHeader(http.StatusOK)
	w.Write(body.Bytes())
	return nil
}

// bufferWriter keeps a rendered page, to send it with the page's own
// caching headers.
type bufferWriter struct {
	h http.Header
	b bytes.Buffer
}

func (w *bufferWriter) Header() http.Header         { return w.h }
func (w *bufferWriter) Write(p []byte) (int, error) { return w.b.Write(p) }
func (w *bufferWriter) WriteHeader(int)             {}

// csvNum writes a share for machines: a dot, one decimal, empty when not
// shown.
func csvNum(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(math.Round(*p*10)/10, 'f', 1, 64)
}

// writePublicCSV writes the figures one per line: unit, date of the data,
// figure, period, value (empty: not enough data).
func writePublicCSV(b *bytes.Buffer, f *publicstats.Figures) error {
	b.WriteString("\uFEFF") // spreadsheets read UTF-8 by the mark
	cw := csv.NewWriter(b)
	cw.Write([]string{"ma_don_vi", "ten_don_vi", "ngay_so_lieu", "chi_tieu", "ky", "gia_tri"})
	day := f.AsOf.Format("2006-01-02")
	put := func(metric, period, v string) { cw.Write([]string{f.Code, f.Name, day, metric, period, v}) }
	spans := []struct {
		name string
		s    *publicstats.Span
	}{{fmt.Sprintf("nam_%d", f.Year), &f.This}, {fmt.Sprintf("cung_ky_%d", f.Year-1), &f.Last}, {"toan_tinh", f.InProvince}}
	for _, sp := range spans {
		if sp.s == nil {
			continue
		}
		s := sp.s
		put("so_danh_gia", sp.name, strconv.Itoa(s.Ratings))
		put("chi_so_hai_long", sp.name, csvNum(s.Index))
		put("phan_anh_da_nhan", sp.name, strconv.Itoa(s.Petitions))
		put("phan_anh_da_ket_luan", sp.name, strconv.Itoa(s.Concluded))
		put("phan_anh_dung", sp.name, strconv.Itoa(s.Founded))
		put("ti_le_dung_han", sp.name, csvNum(s.OnTime))
		put("kiem_tra_da_ket_luan", sp.name, strconv.Itoa(s.Inspections))
		put("noi_dung_duoc_kiem_tra", sp.name, strconv.Itoa(s.Checked))
		put("ti_le_tuan_thu", sp.name, csvNum(s.Compliance))
		put("phieu_xin_loi", sp.name, strconv.Itoa(s.ApologySlips))
	}
	for _, m := range f.Trend {
		put("so_danh_gia", m.Label, strconv.Itoa(m.Ratings))
		put("chi_so_hai_long", m.Label, csvNum(m.Index))
	}
	for _, h := range f.Behaviours {
		put("hanh_vi_"+h.Code, fmt.Sprintf("nam_%d", f.Year), csvNum(h.Rate))
	}
	cw.Flush()
	return cw.Error()
}
