package web

import (
	"net/http"
	"net/url"
	"strconv"

	"congvu"
	"congvu/evaluation"
)

func init() {
	FlashMessages["dg-bao-cao-sp"] = "Đã báo cáo hoàn thành sản phẩm. Người quản lý sẽ xác nhận chất lượng và tiến độ."
}

// MyEvaluationPage is what an official sees of their own year: their
// evaluation with its status and the link to their form, and the task
// products assigned to them, each to report done.
type MyEvaluationPage struct {
	Base
	Form  *Form
	Year  int
	Years []Option
	// NoRecord: the account is linked to no official record.
	NoRecord bool
	E        *evaluation.Evaluation
	RuleSet  *evaluation.RuleSet
	Products []*evaluation.Product
	// Colleagues are the evaluations of the unit still open to the
	// collective's comments.
	Colleagues []*evaluation.Evaluation
	// Report is the failed report form, with its product.
	Report       *Form
	ReportFailed int64
}

// ReportForm is the report form of a product (the failed one with its
// input).
func (p *MyEvaluationPage) ReportForm(pr *evaluation.Product) *Form {
	if p.Report != nil && p.ReportFailed == pr.ID {
		return p.Report
	}
	return NewForm(nil)
}

// ReportID is the id of the note box of pr's form: the failed form's is
// the one its error summary links to.
func (p *MyEvaluationPage) ReportID(pr *evaluation.Product) string {
	if p.Report != nil && p.ReportFailed == pr.ID {
		return "id=" + FieldID("report_note")
	}
	return "id=" + FieldID("report_note") + "-" + strconv.FormatInt(pr.ID, 10)
}

// Period names a product's period ("Tháng 3", "Quý 2").
func (p *MyEvaluationPage) Period(pr *evaluation.Product) string { return periodLabel(pr) }

// Pts writes points.
func (p *MyEvaluationPage) Pts(v float64) string { return pts(v) }

func periodLabel(pr *evaluation.Product) string {
	return evaluation.PeriodLabel(pr.PeriodKind, pr.Period)
}

// ProductStatusLabel names a product's status.
func ProductStatusLabel(st evaluation.ProductStatus) string {
	switch st {
	case evaluation.ProductAssigned:
		return "Đã giao"
	case evaluation.ProductReported:
		return "Đã báo cáo hoàn thành"
	case evaluation.ProductConfirmed:
		return "Đã xác nhận"
	case evaluation.ProductCancelled:
		return "Đã hủy"
	}
	return string(st)
}

// StatusLabel names a product's status.
func (p *MyEvaluationPage) StatusLabel(st evaluation.ProductStatus) string {
	return ProductStatusLabel(st)
}

func (s *Server) myEvaluation(w http.ResponseWriter, r *http.Request) error {
	return s.renderMyEvaluation(w, r, http.StatusOK, r.URL.Query(), &MyEvaluationPage{})
}

func (s *Server) renderMyEvaluation(w http.ResponseWriter, r *http.Request, status int, q url.Values, p *MyEvaluationPage) error {
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	p.Base = Base{Title: "Đánh giá, xếp loại của tôi"}
	p.Form, p.Years = NewForm(q), yearOptions()
	p.Year = evalYear(p.Form, evalYearParam)
	p.Form.Set(evalYearParam, strconv.Itoa(p.Year))
	if a.OfficialID == 0 {
		p.NoRecord = true
		return s.Render(w, r, status, "evaluation_mine.html", p)
	}
	e, err := s.Services.Evaluations.Mine(ctx, p.Year)
	switch congvu.ErrorCode(err) {
	case "":
		p.E, p.RuleSet = e, s.evaluationRuleSet(ctx, e.RuleSetID)
	case congvu.ENOTFOUND:
	default:
		return err
	}
	list, _, err := s.Services.Evaluations.FindProducts(ctx, evaluation.ProductFilter{OfficialID: a.OfficialID, Year: p.Year, Limit: congvu.MaxPageSize})
	if err != nil {
		return err
	}
	p.Products = list
	if p.Colleagues, err = s.Services.Evaluations.Colleagues(ctx, p.Year); err != nil {
		return err
	}
	return s.Render(w, r, status, "evaluation_mine.html", p)
}

// reportEvaluationProduct is the official reporting a product done.
func (s *Server) reportEvaluationProduct(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	note := textField(f, "report_note")
	year := f.Get(evalYearParam)
	if !f.Failed() {
		pr, err := s.Services.Evaluations.ReportProduct(r.Context(), id, note)
		if err == nil {
			return s.Redirect(w, r, "/evaluations/mine?"+evalYearParam+"="+strconv.Itoa(pr.Year), "dg-bao-cao-sp")
		}
		if !f.SetError(err) {
			return err
		}
		f.moveError("note", "report_note")
	}
	f.Summarize("Chưa báo cáo được, xin kiểm tra lại.")
	return s.renderMyEvaluation(w, r, http.StatusBadRequest, url.Values{evalYearParam: {year}}, &MyEvaluationPage{Report: f, ReportFailed: id})
}
