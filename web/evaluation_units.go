package web

import (
	"net/http"
	"net/url"
	"strconv"

	"congvu"
	"congvu/evaluation"
	"congvu/org"
)

// The agencies' own classification of a year (Decree 335/2025 for
// agencies and units): the head of the unit above records it with the
// results it rests on.

func init() {
	FlashMessages["dg-xep-loai-don-vi"] = "Đã ghi kết quả xếp loại của cơ quan, đơn vị."
}

// UnitEvaluationsPage lists the classifications of a subtree's units for
// a year, with the form that records one.
type UnitEvaluationsPage struct {
	Base
	Form   *Form
	Unit   *org.Unit
	Year   int
	Years  []Option
	Levels []Option
	Rows   []*evaluation.UnitEvaluation
	Decide *Form
}

func (s *Server) unitEvaluations(w http.ResponseWriter, r *http.Request) error {
	p, status, err := s.unitEvaluationsPage(r, r.URL.Query())
	if err != nil {
		return err
	}
	return s.Render(w, r, status, "evaluation_units.html", p)
}

func (s *Server) unitEvaluationsPage(r *http.Request, q url.Values) (*UnitEvaluationsPage, int, error) {
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	f := NewForm(q)
	p := &UnitEvaluationsPage{Base: Base{Title: "Xếp loại chất lượng cơ quan, đơn vị", Crumbs: []Link{{"Đánh giá, xếp loại", "/evaluations"}}},
		Form: f, Years: yearOptions(), Levels: levelOptions("— Chọn —")}
	unit, err := s.dashboardUnit(r, f, UnitParam, congvu.ActEvaluationView, "Bạn không có quyền xem đánh giá, xếp loại ở đơn vị nào.")
	if err != nil {
		return nil, 0, err
	}
	p.Unit, p.Year = unit, evalYear(f, evalYearParam)
	f.Set(UnitParam, unit.Code)
	f.Set(evalYearParam, strconv.Itoa(p.Year))
	if a.Can(congvu.ActEvaluationDecide, unit.Path) {
		p.Decide = NewForm(url.Values{evalYearParam: {strconv.Itoa(p.Year)}, "back": {unit.Code}})
	}
	if f.Failed() {
		f.Summarize("Bộ lọc chưa hợp lệ, xin kiểm tra lại các ô được đánh dấu.")
		return p, http.StatusBadRequest, nil
	}
	rows, err := s.Services.Evaluations.FindUnitEvaluations(ctx, unit.ID, p.Year)
	if err != nil {
		return nil, 0, err
	}
	p.Rows = rows
	return p, http.StatusOK, nil
}

func (s *Server) decideUnitEvaluation(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := evaluation.UnitDecisionInput{Level: evaluation.Level(f.Get("level")), Basis: textField(f, "basis")}
	in.Year = evalYear(f, evalYearParam)
	if !in.Level.Valid() {
		f.AddError("level", "Xin chọn một mức xếp loại.")
	}
	if in.Basis == "" {
		f.AddError("basis", "Xin ghi kết quả và số liệu làm căn cứ xếp loại.")
	}
	code := f.Get("unit_code")
	if code == "" {
		f.AddError("unit_code", "Xin nhập mã cơ quan, đơn vị được xếp loại.")
	} else if u, err := s.unitByCode(r, code); err != nil {
		if congvu.ErrorCode(err) != congvu.ENOTFOUND {
			return err
		}
		f.AddError("unit_code", congvu.ErrorMessage(err))
	} else {
		in.UnitID = u.ID
	}
	if !f.Failed() {
		_, err := s.Services.Evaluations.DecideUnit(r.Context(), in)
		if err == nil {
			return s.Redirect(w, r, "/evaluations/units?"+url.Values{UnitParam: {f.Get("back")}, evalYearParam: {strconv.Itoa(in.Year)}}.Encode(), "dg-xep-loai-don-vi")
		}
		if !f.SetError(err) {
			return err
		}
		f.moveError("unit_id", "unit_code")
	}
	f.Summarize("Chưa ghi được, xin kiểm tra lại các ô được đánh dấu.")
	p, _, err := s.unitEvaluationsPage(r, url.Values{UnitParam: {f.Get("back")}, evalYearParam: {strconv.Itoa(in.Year)}})
	if err != nil {
		return err
	}
	p.Decide = f
	return s.Render(w, r, http.StatusBadRequest, "evaluation_units.html", p)
}
