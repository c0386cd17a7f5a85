package chart

import (
	"fmt"
	"math"
	"strings"
)

// Spark draws a word-sized line of the satisfaction index (0–100%) over
// the periods of pts, for a card beside the figure it explains: no axes, a
// faint 80% line, a dot on the last period with ratings. Periods without
// ratings are skipped; with none at all it draws only the guide line. id
// must be unique in the page.
func Spark(id, title, desc string, pts []TrendPoint) string {
	const w, h, pad = 120, 36, 4.0
	var b strings.Builder
	open(&b, id, title, desc, w, h)
	y := func(v float64) float64 { return pad + (h-2*pad)*(1-math.Max(0, math.Min(100, v))/100) }
	fmt.Fprintf(&b, `<line x1="0" y1="%s" x2="%d" y2="%s" stroke="%s" stroke-width="1" stroke-dasharray="3 3"/>`, f(y(80)), w, f(y(80)), colGrid)
	step := 0.0
	if len(pts) > 1 {
		step = (w - 2*pad) / float64(len(pts)-1)
	}
	var line []string
	lx, ly := -1.0, 0.0
	for i, p := range pts {
		if p.Volume <= 0 {
			continue
		}
		lx, ly = pad+step*float64(i), y(p.Index)
		if len(pts) == 1 {
			lx = w / 2
		}
		line = append(line, f(lx)+","+f(ly))
	}
	if len(line) > 1 {
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>`, strings.Join(line, " "), colIndex)
	}
	if lx >= 0 {
		fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="3" fill="%s"/>`, f(lx), f(ly), colIndex)
	}
	b.WriteString(`</svg>`)
	return b.String()
}
