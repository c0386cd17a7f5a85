package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"congvu"
	"congvu/evaluation"
	"congvu/org"
)

// The tracking of task products (the 70 points of Decree 335/2025): the
// manager assigns products by month or quarter to the unit's officials,
// each official reports them done (evaluation_mine.go), the manager
// confirms quality and progress; each failure costs the rule set's share
// of the product's points (25%), shown beside the boxes.

func init() {
	FlashMessages["dg-giao-sp"] = "Đã giao sản phẩm. Người được giao thấy sản phẩm ở trang “Đánh giá của tôi”."
	FlashMessages["dg-xac-nhan-sp"] = "Đã xác nhận sản phẩm; điểm kết quả nhiệm vụ được tính lại."
	FlashMessages["dg-huy-sp"] = "Đã hủy sản phẩm; sản phẩm không còn tính vào điểm."
}

const evalPeriodParam = "ky"

// EvaluationProductsPage lists the products of a unit's year and holds the
// forms that assign, confirm and cancel them.
type EvaluationProductsPage struct {
	Base
	Form      *Form
	Unit      *org.Unit
	Year      int
	Years     []Option
	Statuses  []Option
	Rows      []*evaluation.Product
	Total     int
	Officials []Option
	Kinds     []Option
	// Penalty is the share of a product's points a failure costs (0.25).
	Penalty float64
	Assign  *Form
	// The failed per-product form, and its product.
	Confirm, Cancel *Form
	Failed          int64
}

// Period names a product's period.
func (p *EvaluationProductsPage) Period(pr *evaluation.Product) string { return periodLabel(pr) }

// Pts writes points.
func (p *EvaluationProductsPage) Pts(v float64) string { return pts(v) }

// StatusLabel names a product's status.
func (p *EvaluationProductsPage) StatusLabel(st evaluation.ProductStatus) string {
	return ProductStatusLabel(st)
}

// PenaltyText is the cost of one failure in words ("25% số điểm").
func (p *EvaluationProductsPage) PenaltyText() string {
	return pts(100*p.Penalty) + "% số điểm của sản phẩm"
}

// Lost is what a failure costs pr, in points.
func (p *EvaluationProductsPage) Lost(pr *evaluation.Product) string {
	return pts(pr.Points * p.Penalty)
}

// ConfirmForm is the confirm form of a product (the failed one with its
// input); CancelForm the cancel form.
func (p *EvaluationProductsPage) ConfirmForm(pr *evaluation.Product) *Form {
	if p.Confirm != nil && p.Failed == pr.ID {
		return p.Confirm
	}
	return NewForm(nil)
}

// CancelForm is the cancel form of a product.
func (p *EvaluationProductsPage) CancelForm(pr *evaluation.Product) *Form {
	if p.Cancel != nil && p.Failed == pr.ID {
		return p.Cancel
	}
	return NewForm(nil)
}

// FieldOf is "id=" the id of a per-product field: the failed form's keeps
// the plain id its error summary links to.
func (p *EvaluationProductsPage) FieldOf(name string, pr *evaluation.Product) string {
	if (p.Confirm != nil || p.Cancel != nil) && p.Failed == pr.ID {
		return "id=" + FieldID(name)
	}
	return "id=" + FieldID(name) + "-" + strconv.FormatInt(pr.ID, 10)
}

// Is reports whether a product's status is st.
func (p *EvaluationProductsPage) Is(pr *evaluation.Product, st string) bool {
	return string(pr.Status) == st
}

func productStatusOptions() []Option {
	out := []Option{{"", "Tất cả"}}
	for _, st := range []evaluation.ProductStatus{evaluation.ProductAssigned, evaluation.ProductReported, evaluation.ProductConfirmed, evaluation.ProductCancelled} {
		out = append(out, Option{string(st), ProductStatusLabel(st)})
	}
	return out
}

func (s *Server) evaluationProducts(w http.ResponseWriter, r *http.Request) error {
	p, status, err := s.evaluationProductsPage(r, r.URL.Query())
	if err != nil {
		return err
	}
	return s.Render(w, r, status, "evaluation_products.html", p)
}

// penaltyOf is the failure penalty of the scored rule set of the year
// for civil servants (0.25 when the year's set is not scored).
func (s *Server) penaltyOf(r *http.Request, year int) float64 {
	sets, err := s.Services.Evaluations.RuleSets(r.Context())
	if err == nil {
		if rs := evaluation.RuleSetFor(sets, org.CategoryCivilServant, year); rs != nil && rs.Scored {
			return rs.FailurePenalty
		}
	}
	return 0.25
}

func (s *Server) evaluationProductsPage(r *http.Request, q url.Values) (*EvaluationProductsPage, int, error) {
	ctx := r.Context()
	f := NewForm(q)
	p := &EvaluationProductsPage{Base: Base{Title: "Theo dõi sản phẩm công việc", Crumbs: []Link{{"Đánh giá, xếp loại", "/evaluations"}}},
		Form: f, Years: yearOptions(), Statuses: productStatusOptions(),
		Kinds: []Option{{string(evaluation.PeriodMonth), "Tháng"}, {string(evaluation.PeriodQuarter), "Quý"}}}
	unit, err := s.dashboardUnit(r, f, UnitParam, congvu.ActEvaluationTrack, "Bạn không có quyền giao sản phẩm ở đơn vị nào.")
	if err != nil {
		return nil, 0, err
	}
	p.Unit, p.Year = unit, evalYear(f, evalYearParam)
	p.Penalty = s.penaltyOf(r, p.Year)
	f.Set(UnitParam, unit.Code)
	f.Set(evalYearParam, strconv.Itoa(p.Year))
	filter := evaluation.ProductFilter{UnitID: unit.ID, Year: p.Year, Limit: congvu.MaxPageSize}
	if v := f.Get(evalPeriodParam); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 12 {
			f.AddError(evalPeriodParam, "Kỳ phải là số tháng (1–12) hoặc số quý (1–4).")
		}
		filter.Period = n
	}
	if st := evaluation.ProductStatus(f.Get(evalStatusParam)); st != "" {
		filter.Status = st
	}
	p.Assign = NewForm(url.Values{"period_kind": {string(evaluation.PeriodMonth)}, evalYearParam: {strconv.Itoa(p.Year)}, UnitParam: {unit.Code}})
	if offs, _, err := s.Services.Officials.FindOfficials(ctx, org.OfficialFilter{UnitID: unit.ID, Limit: congvu.MaxPageSize}); err == nil {
		p.Officials = append(p.Officials, Option{"", "— Chọn —"})
		for _, o := range offs {
			label := o.FullName
			if o.UnitID != unit.ID {
				label += " — " + o.UnitName
			}
			p.Officials = append(p.Officials, Option{strconv.FormatInt(o.ID, 10), label})
		}
	}
	if f.Failed() {
		f.Summarize("Bộ lọc chưa hợp lệ, xin kiểm tra lại các ô được đánh dấu.")
		return p, http.StatusBadRequest, nil
	}
	list, total, err := s.Services.Evaluations.FindProducts(ctx, filter)
	if err != nil {
		if f.SetError(err) {
			return p, http.StatusBadRequest, nil
		}
		return nil, 0, err
	}
	p.Rows, p.Total = list, total
	return p, http.StatusOK, nil
}

// productsBack is the products page of the posted unit and year.
func productsBack(f *Form) url.Values {
	return url.Values{UnitParam: {f.Get(UnitParam)}, evalYearParam: {f.Get(evalYearParam)}}
}

func productsHref(f *Form) string { return "/evaluations/products?" + productsBack(f).Encode() }

func (s *Server) assignEvaluationProduct(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := evaluation.ProductInput{OfficialID: f.Int("official"), PeriodKind: evaluation.PeriodKind(f.Get("period_kind")),
		Title: f.Get("title"), DueOn: f.Get("due_on")}
	in.Year = evalYear(f, evalYearParam)
	if in.OfficialID <= 0 {
		f.AddError("official", "Xin chọn người được giao.")
	}
	switch in.PeriodKind {
	case evaluation.PeriodMonth, evaluation.PeriodQuarter:
	default:
		f.AddError("period_kind", "Xin chọn theo tháng hoặc theo quý.")
	}
	n, err := strconv.Atoi(strings.TrimSpace(f.Get("period")))
	switch {
	case err != nil || n < 1:
		f.AddError("period", "Xin nhập kỳ: số tháng (1–12) hoặc số quý (1–4).")
	case in.PeriodKind == evaluation.PeriodQuarter && n > 4:
		f.AddError("period", "Một năm có 4 quý.")
	case n > 12:
		f.AddError("period", "Một năm có 12 tháng.")
	}
	in.Period = n
	if in.Title == "" {
		f.AddError("title", "Xin ghi tên sản phẩm, ví dụ: Báo cáo tổng hợp hồ sơ tháng 3.")
	}
	v := strings.ReplaceAll(strings.TrimSpace(f.Get("points")), ",", ".")
	pts, err := strconv.ParseFloat(v, 64)
	if err != nil || !(pts > 0 && pts <= 100) { // NaN too
		f.AddError("points", "Trọng số phải là số lớn hơn 0, ví dụ 10.")
	}
	in.Points = pts
	if !f.Failed() {
		_, err := s.Services.Evaluations.AssignProduct(r.Context(), in)
		if err == nil {
			return s.Redirect(w, r, productsHref(f), "dg-giao-sp")
		}
		if !f.SetError(err) {
			return err
		}
		f.moveError("official_id", "official")
	}
	f.Summarize("Chưa giao được sản phẩm, xin kiểm tra lại các ô được đánh dấu.")
	p, _, err := s.evaluationProductsPage(r, productsBack(f))
	if err != nil {
		return err
	}
	p.Assign = f
	return s.Render(w, r, http.StatusBadRequest, "evaluation_products.html", p)
}

func (s *Server) confirmEvaluationProduct(w http.ResponseWriter, r *http.Request) error {
	return s.productStep(w, r, true)
}

func (s *Server) cancelEvaluationProduct(w http.ResponseWriter, r *http.Request) error {
	return s.productStep(w, r, false)
}

// productStep confirms (or cancels) a product.
func (s *Server) productStep(w http.ResponseWriter, r *http.Request, confirm bool) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	svc := s.Services.Evaluations
	if confirm {
		in := evaluation.ConfirmInput{QualityFailed: f.Checked("quality_failed"), ProgressFailed: f.Checked("progress_failed"), Note: textField(f, "confirm_note")}
		if !f.Failed() {
			if _, err = svc.ConfirmProduct(r.Context(), id, in); err == nil {
				return s.Redirect(w, r, productsHref(f), "dg-xac-nhan-sp")
			}
		}
	} else {
		// The service checks the right before the reason (CheckCancel),
		// so that who may not cancel is told so.
		reason := textField(f, "cancel_reason")
		if !f.Failed() {
			if _, err = svc.CancelProduct(r.Context(), id, reason); err == nil {
				return s.Redirect(w, r, productsHref(f), "dg-huy-sp")
			}
		}
	}
	if err != nil {
		if !f.SetError(err) {
			return err
		}
		f.moveError("note", "confirm_note")
		f.moveError("reason", "cancel_reason")
	}
	f.Summarize("Chưa lưu được, xin kiểm tra lại.")
	p, _, err := s.evaluationProductsPage(r, productsBack(f))
	if err != nil {
		return err
	}
	p.Failed = id
	if confirm {
		p.Confirm = f
	} else {
		p.Cancel = f
	}
	return s.Render(w, r, http.StatusBadRequest, "evaluation_products.html", p)
}
