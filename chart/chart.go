// Package chart draws the charts of Công vụ as SVG on the server: no
// JavaScript, no library, no third-party request, and they print. Every
// chart is an accessible image (role="img" with a <title> and a <desc>);
// pages put a data table beside it for screen readers and print.
//
// The functions return SVG markup in which every text is escaped, ready to
// be embedded in an HTML page.
package chart

import (
	"congvu/vntext"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Colours, chosen to stay apart in greyscale print as well.
const (
	colVolume       = "#9fb7d4"
	colIndex        = "#0b3d6e"
	colGrid         = "#d6dbe1"
	colText         = "#1b1f24"
	colMuted        = "#59636e"
	colBar          = "#1f6f43"
	colBarLow       = "#b3261e"
	colVerySatisfy  = "#14532d"
	colSatisfy      = "#6fbf73"
	colDissatisfied = "#b3261e"
	fontFamily      = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Liberation Sans', Arial, sans-serif"
)

// esc escapes text for SVG (XML) content and attributes.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		default:
			if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
				continue // not allowed in XML 1.0
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// f formats a coordinate.
func f(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }

// Percent formats a percentage the Vietnamese way, with a decimal comma and
// one decimal: "87,5%"; whole numbers lose the decimal: "100%".
func Percent(v float64) string {
	v = math.Round(v*10) / 10
	s := strconv.FormatFloat(v, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", ",", 1) + "%"
}

// Number formats an integer with Vietnamese thousands separators: 1.234.567.
func Number(n int) string { return vntext.Number(n) }

// open writes the opening of an accessible SVG of the given size.
func open(b *strings.Builder, id, title, desc string, w, h int) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="%s" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-title %s-desc" font-family="%s" font-size="13" preserveAspectRatio="xMinYMin meet">`,
		esc(id), w, h, w, h, esc(id), esc(id), esc(fontFamily))
	fmt.Fprintf(b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(id), esc(title), esc(id), esc(desc))
}

// text writes a text element.
func text(b *strings.Builder, x, y float64, anchor, fill, s string, extra ...string) {
	fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="%s" fill="%s"%s>%s</text>`, f(x), f(y), anchor, fill, strings.Join(extra, ""), esc(s))
}

// niceMax rounds n up to a readable axis maximum whose fifths are round
// numbers (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten).
func niceMax(n int) int {
	switch {
	case n <= 5:
		return 5
	case n <= 10:
		return 10
	}
	p := math.Pow(10, math.Floor(math.Log10(float64(n))))
	for _, m := range []float64{1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10} {
		if v := m * p; v >= float64(n) {
			return int(v)
		}
	}
	return int(10 * p)
}

// TrendPoint is one period of a trend chart.
type TrendPoint struct {
	Label  string  // "T10/2026"
	Volume int     // ratings counted in the period
	Index  float64 // satisfaction index in percent; drawn only when Volume > 0
}

// Trend draws the ratings per period as bars (left axis) and the
// satisfaction index as a line (right axis, 0–100%). id must be unique in
// the page.
func Trend(id, title, desc string, pts []TrendPoint) string {
	return TrendOf(id, title, desc, "Số lượt đánh giá", "Chỉ số hài lòng (%)", pts)
}

// TrendOf is Trend with its own axis titles: volumeAxis names what the bars
// count ("Số nội dung đã kiểm tra"), indexAxis what the line shows ("Tỷ lệ
// tuân thủ (%)").
func TrendOf(id, title, desc, volumeAxis, indexAxis string, pts []TrendPoint) string {
	const w, h = 760, 300
	const left, right, top, bottom = 56.0, 52.0, 24.0, 56.0
	pw, ph := w-left-right, h-top-bottom
	var b strings.Builder
	open(&b, id, title, desc, w, h)
	maxVol := 0
	for _, p := range pts {
		maxVol = max(maxVol, p.Volume)
	}
	top5 := niceMax(maxVol)
	// Grid and axes: five steps, volume on the left, index on the right.
	b.WriteString(`<g class="grid">`)
	for i := 0; i <= 5; i++ {
		y := top + ph - ph*float64(i)/5
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`, f(left), f(y), f(left+pw), f(y), colGrid)
		text(&b, left-6, y+4, "end", colMuted, Number(top5*i/5))
		text(&b, left+pw+6, y+4, "start", colMuted, fmt.Sprintf("%d%%", 20*i))
	}
	b.WriteString(`</g>`)
	text(&b, left, 14, "start", colMuted, volumeAxis, ` font-size="12"`)
	text(&b, left+pw, 14, "end", colIndex, indexAxis, ` font-size="12"`)
	n := len(pts)
	if n == 0 {
		text(&b, left+pw/2, top+ph/2, "middle", colMuted, "Không có dữ liệu")
		b.WriteString(`</svg>`)
		return b.String()
	}
	slot := pw / float64(n)
	bw := math.Max(1, math.Min(slot*0.6, 48))
	// Volume bars.
	b.WriteString(`<g class="volume">`)
	for i, p := range pts {
		if p.Volume <= 0 {
			continue
		}
		bh := ph * float64(p.Volume) / float64(top5)
		x := left + slot*float64(i) + (slot-bw)/2
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s: %s lượt</title></rect>`,
			f(x), f(top+ph-bh), f(bw), f(bh), colVolume, esc(p.Label), Number(p.Volume))
	}
	b.WriteString(`</g>`)
	// Index line, broken where a period has no rating.
	b.WriteString(`<g class="index">`)
	var seg []string
	flush := func() {
		if len(seg) > 1 {
			fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5" stroke-linejoin="round"/>`, strings.Join(seg, " "), colIndex)
		}
		seg = seg[:0]
	}
	for i, p := range pts {
		if p.Volume <= 0 {
			flush()
			continue
		}
		x := left + slot*float64(i) + slot/2
		y := top + ph - ph*math.Max(0, math.Min(100, p.Index))/100
		seg = append(seg, f(x)+","+f(y))
	}
	flush()
	for i, p := range pts {
		if p.Volume <= 0 {
			continue
		}
		x := left + slot*float64(i) + slot/2
		y := top + ph - ph*math.Max(0, math.Min(100, p.Index))/100
		fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="3.5" fill="#fff" stroke="%s" stroke-width="2"><title>%s: %s</title></circle>`,
			f(x), f(y), colIndex, esc(p.Label), Percent(p.Index))
	}
	b.WriteString(`</g>`)
	// Period labels, thinned to about twelve.
	step := max(1, (n+11)/12)
	b.WriteString(`<g class="labels">`)
	for i, p := range pts {
		if i%step != 0 {
			continue
		}
		x := left + slot*float64(i) + slot/2
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" fill="%s" font-size="12" transform="rotate(-35 %s %s)">%s</text>`,
			f(x), f(top+ph+16), colText, f(x), f(top+ph+16), esc(p.Label))
	}
	b.WriteString(`</g></svg>`)
	return b.String()
}

// Bar is one horizontal bar: a percentage with its label.
type Bar struct {
	Label string
	Value float64 // percent, 0–100
	Note  string  // shown after the value, e.g. "412/460"
	Empty bool    // no data: drawn as a dashed outline, value "chưa có"
}

// Bars draws labelled horizontal bars of percentages, each label on its own
// line above its bar so long Vietnamese titles are never cut. Bars below
// warnBelow are drawn in the warning colour.
func Bars(id, title, desc string, bars []Bar, warnBelow float64) string {
	const w = 760
	const left, barW, rowH = 8.0, 560.0, 46.0
	h := int(rowH*float64(len(bars))) + 28
	var b strings.Builder
	open(&b, id, title, desc, w, h)
	for i := 0; i <= 4; i++ {
		x := left + barW*float64(i)/4
		fmt.Fprintf(&b, `<line x1="%s" y1="8" x2="%s" y2="%d" stroke="%s" stroke-width="1"/>`, f(x), f(x), h-18, colGrid)
		text(&b, x, float64(h-4), "middle", colMuted, fmt.Sprintf("%d%%", 25*i), ` font-size="11"`)
	}
	for i, bar := range bars {
		y := 8 + rowH*float64(i)
		text(&b, left, y+14, "start", colText, bar.Label)
		by := y + 20
		if bar.Empty {
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="16" fill="none" stroke="%s" stroke-dasharray="4 3"/>`, f(left), f(by), f(barW), colMuted)
			text(&b, left+barW+10, by+13, "start", colMuted, "chưa có số liệu")
			continue
		}
		v := math.Max(0, math.Min(100, bar.Value))
		col := colBar
		if v < warnBelow {
			col = colBarLow
		}
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="16" fill="#eef1f4"/>`, f(left), f(by), f(barW))
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="16" fill="%s"/>`, f(left), f(by), f(barW*v/100), col)
		label := Percent(bar.Value)
		if bar.Note != "" {
			label += " (" + bar.Note + ")"
		}
		text(&b, left+barW+10, by+13, "start", colText, label, ` font-weight="600"`)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// Part is one segment of a stacked bar.
type Part struct {
	Label string
	Count int
	Color string // "" picks the satisfaction colours in order
}

// Stacked draws one bar split into parts in proportion to their counts,
// with a legend giving each part's count and share.
func Stacked(id, title, desc string, parts []Part) string {
	const w, h = 760, 112
	const left, barW = 8.0, 744.0
	defaults := []string{colVerySatisfy, colSatisfy, colDissatisfied, colMuted}
	var b strings.Builder
	open(&b, id, title, desc, w, h)
	total := 0
	for _, p := range parts {
		total += max(p.Count, 0)
	}
	if total == 0 {
		fmt.Fprintf(&b, `<rect x="%s" y="8" width="%s" height="32" fill="none" stroke="%s" stroke-dasharray="4 3"/>`, f(left), f(barW), colMuted)
		text(&b, left+barW/2, 29, "middle", colMuted, "Chưa có đánh giá")
		b.WriteString(`</svg>`)
		return b.String()
	}
	x := left
	for i, p := range parts {
		col := p.Color
		if col == "" {
			col = defaults[min(i, len(defaults)-1)]
		}
		if p.Count > 0 {
			pw := barW * float64(p.Count) / float64(total)
			fmt.Fprintf(&b, `<rect x="%s" y="8" width="%s" height="32" fill="%s" stroke="#fff" stroke-width="1"><title>%s: %s</title></rect>`,
				f(x), f(pw), col, esc(p.Label), Percent(100*float64(p.Count)/float64(total)))
			if pw > 44 {
				fg := "#fff"
				if col == colSatisfy {
					fg = colText
				}
				text(&b, x+pw/2, 29, "middle", fg, Percent(100*float64(p.Count)/float64(total)), ` font-weight="600"`)
			}
			x += pw
		}
		// Legend: a swatch and "Label: count (share)".
		lx := left + float64(i%3)*250
		ly := 62 + float64(i/3)*26
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="14" height="14" fill="%s"/>`, f(lx), f(ly), col)
		text(&b, lx+20, ly+12, "start", colText, fmt.Sprintf("%s: %s (%s)", p.Label, Number(p.Count), Percent(100*float64(p.Count)/float64(total))))
	}
	b.WriteString(`</svg>`)
	return b.String()
}
