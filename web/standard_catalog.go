package web

import (
	"congvu/org"
	"congvu/standard"
	"net/http"
	"net/url"
	"strings"
	"time"

	"congvu"
)

// StandardsPage is the public code of conduct, optionally with the local
// items of one unit.
type StandardsPage struct {
	Base
	Version   *standard.Version
	FourXin   []*standard.Item // the "4 xin, 4 luôn" items, highlighted
	UnitCode  string           // the ?don-vi= asked for
	Unit      *org.Unit        // the unit found, or nil
	UnitError string           // why the unit's items are not shown
}

// UnitParam is the query parameter naming a unit by its code.
const UnitParam = "don-vi"

func (s *Server) standardsPublic(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := &StandardsPage{Base: Base{Title: "Chuẩn mực văn hóa công vụ"}}
	p.UnitCode = strings.TrimSpace(r.URL.Query().Get(UnitParam))
	var unitID int64
	if p.UnitCode != "" {
		u, err := s.Services.Units.FindPublicUnitByCode(ctx, p.UnitCode)
		switch congvu.ErrorCode(err) {
		case "":
			p.Unit, unitID = u, u.ID
		case congvu.ENOTFOUND, congvu.EINVALID:
			p.UnitError = "Không tìm thấy đơn vị có mã “" + p.UnitCode + "”. Dưới đây là các chuẩn mực chung."
		default:
			return err
		}
	}
	v, err := s.Services.Standards.CurrentVersion(ctx, unitID)
	if congvu.ErrorCode(err) == congvu.ENOTFOUND {
		return s.Render(w, r, http.StatusOK, "standards.html", p)
	}
	if err != nil {
		return err
	}
	p.Version = v
	for _, g := range v.Groups {
		for _, it := range g.Items {
			if it.FourXin {
				p.FourXin = append(p.FourXin, it)
			}
		}
	}
	if p.Unit != nil {
		p.Title = "Chuẩn mực văn hóa công vụ — " + p.Unit.Name
	}
	return s.Render(w, r, http.StatusOK, "standards.html", p)
}

// LocalStandardsPage lists the local items of units in the actor's scope.
type LocalStandardsPage struct {
	Base
	Items    []*standard.Item
	Groups   map[string]string // group code → name
	UnitCode string
	Unit     *org.Unit
	CanAdd   bool
	Form     *Form
}

func (s *Server) localStandards(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	p := &LocalStandardsPage{Base: Base{Title: "Chuẩn mực riêng của đơn vị"}, Form: NewForm(r.URL.Query()),
		CanAdd: a.Can(congvu.ActStandardManage, "")}
	p.UnitCode = p.Form.Get(UnitParam)
	var unitID int64
	if p.UnitCode != "" {
		u, err := s.unitByCode(r, p.UnitCode)
		if err != nil {
			if congvu.ErrorCode(err) != congvu.ENOTFOUND {
				return err
			}
			p.Form.AddError(UnitParam, congvu.ErrorMessage(err))
			return s.Render(w, r, http.StatusOK, "standards_local.html", p)
		}
		p.Unit, unitID = u, u.ID
	}
	items, err := s.Services.Standards.FindLocalItems(ctx, unitID)
	if err != nil {
		return err
	}
	p.Items = items
	p.Groups = map[string]string{}
	if v, err := s.Services.Standards.CurrentVersion(ctx, 0); err == nil {
		for _, g := range v.Groups {
			p.Groups[g.Code] = g.Name
		}
	}
	return s.Render(w, r, http.StatusOK, "standards_local.html", p)
}

// LocalStandardFormPage adds a local item for a unit.
type LocalStandardFormPage struct {
	Base
	Form      *Form
	Groups    []Option
	AppliesTo []Option
}

func (s *Server) localStandardPage(r *http.Request, f *Form) (*LocalStandardFormPage, error) {
	p := &LocalStandardFormPage{Base: Base{Title: "Thêm chuẩn mực riêng của đơn vị",
		Crumbs: []Link{{"Chuẩn mực riêng", "/standards/local"}}}, Form: f}
	v, err := s.Services.Standards.CurrentVersion(r.Context(), 0)
	if err != nil {
		return nil, err
	}
	p.Groups = append(p.Groups, Option{"", "— Chọn nhóm —"})
	for _, g := range v.Groups {
		p.Groups = append(p.Groups, Option{g.Code, g.Code + " — " + g.Name})
	}
	for _, a := range []standard.AppliesTo{standard.AppliesAll, standard.AppliesLeaders} {
		p.AppliesTo = append(p.AppliesTo, Option{string(a), a.Label()})
	}
	return p, nil
}

func (s *Server) localStandardForm(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(nil)
	f.Set("unit_code", r.URL.Query().Get(UnitParam))
	p, err := s.localStandardPage(r, f)
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusOK, "standard_local_form.html", p)
}

func (s *Server) createLocalStandard(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	p, err := s.localStandardPage(r, f)
	if err != nil {
		return err
	}
	in := standard.ItemInput{
		GroupCode:   f.Get("group"),
		Code:        strings.ToUpper(f.Get("code")),
		Title:       f.Get("title"),
		Description: f.Get("description"),
		Basis:       standard.LegalBasis{Document: f.Get("basis_document"), Section: f.Get("basis_section")},
		Prohibition: f.Checked("prohibition"),
		AppliesTo:   standard.AppliesTo(f.Get("applies_to")),
	}
	if d := f.Get("effective_on"); d != "" {
		eff, err := time.Parse(time.DateOnly, d)
		if err != nil {
			f.AddError("effective_on", "Ngày có hiệu lực không hợp lệ.")
		}
		in.EffectiveOn = eff
	}
	code := f.Get("unit_code")
	if code == "" {
		f.AddError("unit_code", "Xin nhập mã đơn vị ban hành chuẩn mực này.")
	} else if u, err := s.unitByCode(r, code); err != nil {
		if congvu.ErrorCode(err) != congvu.ENOTFOUND {
			return err
		}
		f.AddError("unit_code", congvu.ErrorMessage(err))
	} else {
		in.UnitID = u.ID
	}
	if !f.Failed() {
		_, err := s.Services.Standards.AddLocalItem(r.Context(), in)
		if err == nil {
			return s.Redirect(w, r, "/standards/local?"+UnitParam+"="+url.QueryEscape(code), "them-chuan-muc")
		}
		if !f.SetError(err) {
			return err
		}
	}
	if f.Message == "" {
		f.Message = "Chưa lưu được, xin kiểm tra lại các ô được đánh dấu."
	}
	return s.Render(w, r, http.StatusBadRequest, "standard_local_form.html", p)
}

// unitByCode finds a unit by its code for a form field; a unit that does
// not exist (or lies outside the actor's scope) is ENOTFOUND with a message
// naming the code.
func (s *Server) unitByCode(r *http.Request, code string) (*org.Unit, error) {
	u, err := s.Services.Units.FindUnitByCode(r.Context(), code)
	if congvu.ErrorCode(err) == congvu.ENOTFOUND {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy đơn vị có mã “%s” trong phạm vi của bạn.", code)
	}
	return u, err
}

// filterUnit reads the unit of a list filter, field param, by its code: nil
// when the field is empty or names no unit the actor may see (then
// reported on f).
func (s *Server) filterUnit(r *http.Request, f *Form, param string) (*org.Unit, error) {
	code := f.Get(param)
	if code == "" {
		return nil, nil
	}
	u, err := s.unitByCode(r, code)
	if congvu.ErrorCode(err) == congvu.ENOTFOUND {
		f.AddError(param, congvu.ErrorMessage(err))
		return nil, nil
	}
	return u, err
}
