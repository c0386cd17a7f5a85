package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/commendation"
)

// NewCommendationPage records a praise or proposes an award, from scratch
// or from a suggestion (its evidence carried as hidden fields, checked
// again by the service).
type NewCommendationPage struct {
	Base
	Form       *Form
	Kinds      []Option
	Forms      []Option
	Suggestion *commendation.Suggestion
	Evidence   []string // the "kind:id" values of the evidence carried
	CanPraise  bool
	RuleTitle  string
}

// ParseEvidenceRef reads an evidence reference as the form carries it
// (congvu.ParseEvidenceValue), of a kind a commendation may rest on (id 0
// for ratings of the year only); ok is false for anything else.
func ParseEvidenceRef(s string) (congvu.EvidenceRef, bool) {
	ref, ok := congvu.ParseEvidenceValue(s)
	if !ok || !commendation.EvidenceKindValid(ref.Kind) || (ref.ID == 0) != (ref.Kind == congvu.EvidenceRatings) {
		return congvu.EvidenceRef{}, false
	}
	return ref, true
}

func (s *Server) commendationFormOptions(r *http.Request, p *NewCommendationPage) {
	p.Kinds = nil
	a := congvu.ActorFromContext(r.Context())
	p.CanPraise = a.Can(congvu.ActCommend, "")
	if p.CanPraise {
		p.Kinds = append(p.Kinds, Option{string(commendation.KindPraise), "Biểu dương (thủ trưởng đơn vị ghi nhận ngay)"})
	}
	p.Kinds = append(p.Kinds, Option{string(commendation.KindAward), "Đề nghị khen thưởng (trình cấp có thẩm quyền quyết định)"})
	p.Forms = []Option{{"", "— Chọn hình thức —"}}
	if sets, err := s.Services.Commendations.RuleSets(r.Context()); err == nil {
		if rs := commendation.RuleSetOn(sets, time.Now()); rs != nil {
			p.RuleTitle = rs.Title
			for _, f := range rs.Forms {
				p.Forms = append(p.Forms, Option{f.Code, f.Label})
			}
		}
	}
}

func (s *Server) renderNewCommendation(w http.ResponseWriter, r *http.Request, status int, p *NewCommendationPage) error {
	p.Base = Base{Title: "Biểu dương, đề nghị khen thưởng", Crumbs: []Link{{"Khen thưởng, biểu dương", "/commendations"}}}
	s.commendationFormOptions(r, p)
	p.Evidence = p.Form.Values["evidence"]
	return s.Render(w, r, status, "commendation_form.html", p)
}

func (s *Server) newCommendationForm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	q := r.URL.Query()
	f := NewForm(nil)
	f.Set("year", strconv.Itoa(thisYear()))
	kind := commendation.Kind(q.Get(commendationKindParam))
	if kind != commendation.KindPraise && kind != commendation.KindAward {
		kind = commendation.KindAward
		if a.Can(congvu.ActCommend, "") {
			kind = commendation.KindPraise
		}
	}
	f.Set("kind", string(kind))
	p := &NewCommendationPage{Form: f}
	if y := commendationYear(NewForm(q), commendationYearParam); y != 0 {
		f.Set("year", strconv.Itoa(y))
	}
	if key := q.Get(commendationSuggestParam); key != "" {
		if g := suggestGrant(a); g != nil {
			year, _ := strconv.Atoi(f.Get("year"))
			list, err := s.Services.Commendations.Suggest(ctx, g.UnitID, year)
			if err != nil && congvu.ErrorCode(err) != congvu.EFORBIDDEN {
				return err
			}
			for _, sg := range list {
				if SuggestionKey(sg) != key {
					continue
				}
				p.Suggestion = sg
				f.Set("reason", sg.Reason)
				if sg.OfficialID != 0 {
					if o, err := s.Services.Officials.FindOfficialByID(ctx, sg.OfficialID); err == nil {
						f.Set("official", o.EmployeeCode)
					}
				} else {
					f.Set("unit", s.unitCode(r)(sg.UnitID))
				}
				for _, e := range sg.Evidence {
					f.Values.Add("evidence", e.EvidenceRef.FormValue())
				}
			}
		}
	}
	return s.renderNewCommendation(w, r, http.StatusOK, p)
}

func (s *Server) createCommendation(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	p := &NewCommendationPage{Form: f}
	ctx := r.Context()
	kind := commendation.Kind(f.Get("kind"))
	if kind != commendation.KindPraise && kind != commendation.KindAward {
		f.AddError("kind", "Xin chọn biểu dương hoặc đề nghị khen thưởng.")
	}
	var officialID, unitID int64
	if code := strings.TrimSpace(f.Get("official")); code != "" {
		id, err := s.officialByCode(r, code)
		if err != nil {
			if congvu.ErrorCode(err) != congvu.ENOTFOUND {
				return err
			}
			f.AddError("official", congvu.ErrorMessage(err))
		} else {
			officialID = id
		}
	} else if code := strings.TrimSpace(f.Get("unit")); code != "" {
		u, err := s.unitByCode(r, code)
		if err != nil {
			if congvu.ErrorCode(err) != congvu.ENOTFOUND {
				return err
			}
			f.AddError("unit", congvu.ErrorMessage(err))
		} else {
			unitID = u.ID
		}
	} else {
		f.AddError("official", "Xin nhập mã cán bộ được khen, hoặc mã đơn vị nếu khen tập thể.")
	}
	year, err := strconv.Atoi(strings.TrimSpace(f.Get("year")))
	if err != nil {
		f.AddError("year", "Năm thành tích phải là một số, ví dụ "+strconv.Itoa(thisYear())+".")
	}
	var refs []congvu.EvidenceRef
	for _, v := range f.Values["evidence"] {
		e, ok := ParseEvidenceRef(v)
		if !ok {
			f.AddError("reason", "Căn cứ kèm theo không hợp lệ; xin mở lại gợi ý và thử lại.")
			break
		}
		refs = append(refs, e)
	}
	if f.Failed() {
		// Say at once what else the domain requires, without saving: the
		// fields the form could not read keep their own message.
		var err error
		if kind == commendation.KindAward {
			var rs *commendation.RuleSet
			if sets, e := s.Services.Commendations.RuleSets(ctx); e == nil {
				rs = commendation.RuleSetOn(sets, time.Now())
			}
			in := commendation.ProposalInput{OfficialID: officialID, UnitID: unitID, Year: year, Form: f.Get("form"), Reason: f.Get("reason"), Evidence: refs}
			err = in.Validate(rs, time.Now())
		} else {
			in := commendation.PraiseInput{OfficialID: officialID, UnitID: unitID, Year: year, Reason: f.Get("reason"), Evidence: refs}
			err = in.Validate(time.Now())
		}
		for field, msg := range congvu.ErrorFields(err) {
			switch field {
			case "official_id", "unit_id", "subject": // the code typed is what failed
			case "year":
				if f.Error("year") == "" && year != 0 {
					f.AddError("year", msg)
				}
			case "evidence":
				f.AddError("reason", msg)
			case "form":
				if officialID != 0 || unitID != 0 { // whether it fits needs the subject
					f.AddError("form", msg)
				}
			default:
				f.AddError(field, msg)
			}
		}
	} else {
		var c *commendation.Commendation
		var err error
		flash := "kt-bieu-duong"
		if kind == commendation.KindPraise {
			c, err = s.Services.Commendations.Praise(ctx, commendation.PraiseInput{OfficialID: officialID, UnitID: unitID, Year: year, Reason: f.Get("reason"), Evidence: refs})
		} else {
			flash = "kt-de-nghi"
			c, err = s.Services.Commendations.Propose(ctx, commendation.ProposalInput{OfficialID: officialID, UnitID: unitID, Year: year, Form: f.Get("form"), Reason: f.Get("reason"), Evidence: refs})
		}
		if err == nil {
			return s.Redirect(w, r, commendationHref(c.ID), flash)
		}
		if !f.SetError(err) {
			return err
		}
		f.moveError("official_id", "official")
		f.moveError("unit_id", "unit")
		f.moveError("evidence", "reason")
	}
	f.Summarize("Chưa lưu được, xin kiểm tra lại các ô được đánh dấu.")
	return s.renderNewCommendation(w, r, http.StatusBadRequest, p)
}
