package chart

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// wellFormed parses svg with encoding/xml and returns the text of its
// title and desc elements.
func wellFormed(t *testing.T, svg string) (title, desc string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	var stack []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, svg)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 && (x.Name.Local != "svg" || x.Name.Space != "http://www.w3.org/2000/svg") {
				t.Fatalf("root is %v", x.Name)
			}
			stack = append(stack, x.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 2 && stack[1] == "title" {
				title += string(x)
			}
			if len(stack) == 2 && stack[1] == "desc" {
				desc += string(x)
			}
		}
	}
	if !strings.Contains(svg, `role="img"`) || !strings.Contains(svg, `aria-labelledby="`) {
		t.Fatalf("not an accessible image: %s", svg[:200])
	}
	return title, desc
}

func TestTrend(t *testing.T) {
	pts := []TrendPoint{{"T8/2026", 120, 91.5}, {"T9/2026", 0, 0}, {"T10/2026", 340, 78.25}, {"Q<&>", 5, 100}}
	svg := Trend("xu-huong", "Xu hướng <chỉ số> & lượt", "Mô tả \"đầy đủ\"", pts)
	title, desc := wellFormed(t, svg)
	if title != "Xu hướng <chỉ số> & lượt" || desc != `Mô tả "đầy đủ"` {
		t.Fatalf("title %q desc %q", title, desc)
	}
	for _, want := range []string{"T8/2026", "T10/2026", "91,5%", "78,3%", "Q&lt;&amp;&gt;", "Chỉ số hài lòng (%)"} {
		if !strings.Contains(svg, want) {
			t.Errorf("trend lacks %q", want)
		}
	}
	// The empty period breaks the line: two polylines would need two
	// points each; here only one segment has two points.
	if n := strings.Count(svg, "<polyline"); n != 1 {
		t.Errorf("%d polylines, want 1 (line broken at the empty period)", n)
	}
	if n := strings.Count(svg, "<circle"); n != 3 {
		t.Errorf("%d points, want 3", n)
	}
	wellFormed(t, Trend("rong", "Trống", "Không có kỳ nào", nil))
	// Many periods: labels are thinned.
	var many []TrendPoint
	for i := 0; i < 60; i++ {
		many = append(many, TrendPoint{Label: "Tuần " + Number(i+1) + "/2026", Volume: i, Index: float64(i)})
	}
	svg = Trend("nhieu", "Nhiều", "Sáu mươi tuần", many)
	wellFormed(t, svg)
	if n := strings.Count(svg, "rotate(-35"); n > 13 {
		t.Errorf("%d labels for 60 periods, want about 12", n)
	}
}

func TestBarsAndStacked(t *testing.T) {
	svg := Bars("hanh-vi", "Tỷ lệ thực hiện", "Tám hành vi", []Bar{
		{Label: "Xin chào", Value: 96.04, Note: "97/101"},
		{Label: "Xin lỗi", Value: 40},
		{Label: "Luôn lắng nghe", Empty: true},
	}, 80)
	wellFormed(t, svg)
	for _, want := range []string{"Xin chào", "96% (97/101)", "40%", "chưa có số liệu", colBarLow} {
		if !strings.Contains(svg, want) {
			t.Errorf("bars lack %q", want)
		}
	}
	svg = Stacked("muc-do", "Mức độ hài lòng", "Ba mức", []Part{{Label: "Rất hài lòng", Count: 50}, {Label: "Hài lòng", Count: 30}, {Label: "Không hài lòng", Count: 20}})
	wellFormed(t, svg)
	for _, want := range []string{"Rất hài lòng: 50 (50%)", "Không hài lòng: 20 (20%)"} {
		if !strings.Contains(svg, want) {
			t.Errorf("stacked lacks %q", want)
		}
	}
	wellFormed(t, Stacked("trong", "Trống", "Chưa có", []Part{{Label: "A"}}))
}

func TestFormat(t *testing.T) {
	for v, want := range map[float64]string{87.5: "87,5%", 100: "100%", 0: "0%", 66.666: "66,7%", 99.96: "100%"} {
		if got := Percent(v); got != want {
			t.Errorf("Percent(%v) = %q, want %q", v, got, want)
		}
	}
	if got := Number(1234567); got != "1.234.567" {
		t.Errorf("Number = %q", got)
	}
	if got := Number(-1000); got != "-1.000" {
		t.Errorf("Number = %q", got)
	}
}

func TestNiceMax(t *testing.T) {
	for n, want := range map[int]int{0: 5, 3: 5, 7: 10, 11: 15, 11683: 15000, 20001: 25000, 31000: 40000, 99: 100, 100: 100} {
		if got := niceMax(n); got != want {
			t.Errorf("niceMax(%d) = %d, want %d", n, got, want)
		}
	}
}

func TestSpark(t *testing.T) {
	svg := Spark("hai-long", "Chỉ số <hài lòng>", "Tuần 1: 90%", []TrendPoint{{"T1", 10, 90}, {"T2", 0, 0}, {"T3", 4, 50}})
	title, desc := wellFormed(t, svg)
	if title != "Chỉ số <hài lòng>" || desc != "Tuần 1: 90%" {
		t.Errorf("title %q desc %q", title, desc)
	}
	// Two periods with ratings: one line through both, a dot on the last
	// (50% is lower on the image than 90%).
	if strings.Count(svg, "<polyline") != 1 || strings.Count(svg, "<circle") != 1 || !strings.Contains(svg, `points="4,6.8 116,18"`) {
		t.Errorf("spark: %s", svg)
	}
	empty := Spark("x", "t", "d", []TrendPoint{{"T1", 0, 0}})
	wellFormed(t, empty)
	if strings.Contains(empty, "<polyline") || strings.Contains(empty, "<circle") {
		t.Errorf("no ratings, yet a line: %s", empty)
	}
}
