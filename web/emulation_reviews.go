package web

import (
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"congvu"
	"congvu/chart"
	"congvu/emulation"
	"congvu/export/emulationdoc"
)

// EmulationReviewPage is an interim or final review (sơ kết, tổng kết) of a
// movement: the assessment and the figures frozen the day it was made, a
// table per year and a chart.
type EmulationReviewPage struct {
	Base
	emuFmt
	M          *emulation.Movement
	V          *emulation.Review
	Titles     []EmulationTitleCount
	IndexSVG   template.HTML
	TitleCodes []string
	TitleLabel map[string]string
	DocPDF     string
	DocDOCX    string
}

// EmulationTitleCount is how many of a title were approved in a year.
type EmulationTitleCount struct {
	Year   int
	Counts []int // in the order of EmulationReviewPage.TitleCodes
}

// ReviewKindLabel is the Vietnamese name of a review.
func ReviewKindLabel(k emulation.ReviewKind) string {
	if k == emulation.ReviewFinal {
		return "Tổng kết"
	}
	return "Sơ kết"
}

// Kind is the review's name, for the template.
func (p *EmulationReviewPage) Kind() string { return ReviewKindLabel(p.V.Kind) }

// Pct writes a percentage figure, "chưa có" for none (-1).
func (emuFmt) Pct(x float64) string {
	if x < 0 {
		return "chưa có"
	}
	return EmulationPoints(x) + "%"
}

func (s *Server) emulationReview(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	m, err := s.movementByPath(r)
	if err != nil {
		return err
	}
	rid, err := strconv.ParseInt(r.PathValue("rid"), 10, 64)
	if err != nil || rid <= 0 {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy báo cáo.")
	}
	v, err := s.Services.Emulation.FindReview(ctx, rid)
	if err != nil {
		return err
	}
	if v.MovementID != m.ID {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy báo cáo.")
	}
	p := &EmulationReviewPage{M: m, V: v, TitleLabel: map[string]string{}}
	p.Base = Base{Title: ReviewKindLabel(v.Kind) + " " + lowerFirstWord(m.Title),
		Crumbs: []Link{{"Phong trào thi đua", "/emulation"}, {m.Title, movementHref(m.ID)}}}
	base := fmt.Sprintf("%s/reviews/%d/bao-cao", movementHref(m.ID), v.ID)
	p.DocPDF, p.DocDOCX = base+".pdf", base+".docx"
	codes := map[string]bool{}
	for _, y := range v.Figures.Years {
		for c := range y.Titles {
			codes[c] = true
		}
	}
	for c := range codes {
		p.TitleCodes = append(p.TitleCodes, c)
	}
	sort.Strings(p.TitleCodes)
	if sets, err := s.Services.Emulation.TitleRuleSets(ctx); err == nil {
		for _, rs := range sets {
			for _, t := range rs.Titles {
				p.TitleLabel[t.Code] = t.Label
			}
		}
	}
	for _, y := range v.Figures.Years {
		tc := EmulationTitleCount{Year: y.Year}
		for _, c := range p.TitleCodes {
			tc.Counts = append(tc.Counts, y.Titles[c])
		}
		p.Titles = append(p.Titles, tc)
	}
	p.IndexSVG = reviewIndexChart(m, v)
	return s.Render(w, r, http.StatusOK, "emulation_review.html", p)
}

// reviewIndexChart draws the satisfaction index of each year of a review.
func reviewIndexChart(m *emulation.Movement, v *emulation.Review) template.HTML {
	var bars []chart.Bar
	var parts []string
	for _, y := range v.Figures.Years {
		label := "Năm " + strconv.Itoa(y.Year)
		if y.Index < 0 {
			bars = append(bars, chart.Bar{Label: label, Empty: true})
			parts = append(parts, label+": chưa có số liệu")
			continue
		}
		bars = append(bars, chart.Bar{Label: label, Value: y.Index, Note: chart.Number(y.Ratings) + " lượt đánh giá"})
		parts = append(parts, fmt.Sprintf("%s: %s%% trên %s lượt đánh giá", label, EmulationPoints(y.Index), chart.Number(y.Ratings)))
	}
	if len(bars) == 0 {
		return ""
	}
	desc := "Chỉ số hài lòng của người dân với " + m.UnitName + " và các đơn vị trực thuộc, từng năm: " + strings.Join(parts, "; ") +
		". Số liệu chi tiết ở bảng ngay sau biểu đồ."
	return template.HTML(chart.Bars("bieu-do-chi-so", "Chỉ số hài lòng từng năm — "+m.UnitName, desc, bars, 0))
}

// createReview makes an interim or final review, its figures frozen.
func (s *Server) createReview(w http.ResponseWriter, r *http.Request) error {
	id, err := s.movementID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := emulation.ReviewInput{MovementID: id, Kind: emulation.ReviewKind(f.Get("kind")), HeldOn: f.Get("held_on"), Text: f.Get("text")}
	y, err := strconv.Atoi(f.Get("review_year"))
	if err != nil {
		f.AddError("review_year", "Năm phải là một số, ví dụ "+strconv.Itoa(thisYear())+".")
	}
	in.Year = y
	if !f.Failed() {
		v, err := s.Services.Emulation.CreateReview(r.Context(), in)
		if err == nil {
			return s.Redirect(w, r, fmt.Sprintf("%s/reviews/%d", movementHref(id), v.ID), "td-so-ket")
		}
		if !f.SetError(err) {
			return err
		}
		f.moveError("year", "review_year")
	}
	f.Summarize("Chưa lập được báo cáo, xin kiểm tra lại các ô được đánh dấu.")
	return s.renderMovement(w, r, http.StatusBadRequest, id, &movementForms{review: f})
}

// Period names the years the review covers.
func (p *EmulationReviewPage) Period() string { return emulationdoc.Period(p.M.FromYear, p.V.Year) }

// Paragraphs are the assessment's paragraphs.
func (p *EmulationReviewPage) Paragraphs() []string {
	var out []string
	for _, l := range strings.Split(p.V.Text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// lowerFirstWord lowers the first letter of a title that goes after a
// word ("Sơ kết phong trào …").
func lowerFirstWord(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}
