package web

import (
	"net/http"

	"congvu"
	"congvu/commendation"
	"congvu/export/commendationdoc"
)

// CommendationPage is one commendation: who, why, its evidence, where it
// stands, its documents, the decision and withdrawal forms for those who
// may use them, and its history (staff only).
type CommendationPage struct {
	Base
	C           *commendation.Commendation
	History     []HistoryEntry
	CanDecide   bool
	CanWithdraw bool
	Decision    *Form
	Withdrawal  *Form
	Docs        []Link
}

// EvidenceLabel is the Vietnamese name of an evidence kind, for templates.
func (p *CommendationPage) EvidenceLabel(kind string) string {
	return commendation.EvidenceKindLabel(kind)
}

func (s *Server) commendation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.Services.Commendations.FindCommendation(r.Context(), id)
	if err != nil {
		return err
	}
	return s.renderCommendation(w, r, http.StatusOK, c, nil, nil)
}

func (s *Server) renderCommendation(w http.ResponseWriter, r *http.Request, status int, c *commendation.Commendation, decision, withdrawal *Form) error {
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	title := c.Kind.Label() + ": " + c.Subject()
	p := &CommendationPage{Base: Base{Title: title, Crumbs: []Link{{"Khen thưởng, biểu dương", "/commendations"}}}, C: c,
		Decision: decision, Withdrawal: withdrawal}
	if p.Decision == nil {
		p.Decision = NewForm(nil)
	}
	if p.Withdrawal == nil {
		p.Withdrawal = NewForm(nil)
	}
	p.CanDecide = c.Open() && commendation.MayDecide(a, c.CompetentUnitID)
	p.CanWithdraw = c.Open() && a.Can(congvu.ActCommendationPropose, c.UnitPath)
	if c.Kind == commendation.KindAward {
		base := commendationHref(c.ID) + "/docs/"
		p.Docs = []Link{{"Tờ trình đề nghị khen thưởng (PDF)", base + "to-trinh.pdf"}, {"Tờ trình (Word)", base + "to-trinh.docx"}}
		if c.Status == commendation.StatusApproved {
			p.Docs = append(p.Docs, Link{"Quyết định khen thưởng (PDF)", base + "quyet-dinh.pdf"}, Link{"Quyết định (Word)", base + "quyet-dinh.docx"})
		}
	}
	if a.Can(congvu.ActCommendationView, c.UnitPath) {
		events, err := s.Services.Commendations.History(ctx, c.ID)
		if err != nil && congvu.ErrorCode(err) != congvu.ENOTFOUND {
			return err
		}
		p.History = inspectionHistory(events)
	}
	return s.Render(w, r, status, "commendation_detail.html", p)
}

func (s *Server) decideCommendation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := commendation.DecisionInput{Approve: f.Get("decision") == "approve", Number: f.Get("number"), Reason: f.Get("reason")}
	if in.Approve {
		if v := f.Get("date"); v != "" {
			d, ok := ParseDate(v)
			if !ok {
				f.AddError("date", "Ngày không hợp lệ; xin nhập theo dạng ngày/tháng/năm, ví dụ 15/03/2026.")
			}
			in.Date = d
		}
	}
	svc := s.Services.Commendations
	if !f.Failed() {
		c, err := svc.Decide(r.Context(), id, in)
		if err == nil {
			return s.Redirect(w, r, commendationHref(c.ID), "kt-quyet-dinh")
		}
		if !f.SetError(err) {
			return err
		}
	}
	f.Summarize("Chưa ghi được quyết định, xin kiểm tra lại các ô được đánh dấu.")
	c, err := svc.FindCommendation(r.Context(), id)
	if err != nil {
		return err
	}
	return s.renderCommendation(w, r, http.StatusBadRequest, c, f, nil)
}

func (s *Server) withdrawCommendation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	svc := s.Services.Commendations
	c, err := svc.Withdraw(r.Context(), id, f.Get("withdraw_reason"))
	if err == nil {
		return s.Redirect(w, r, commendationHref(c.ID), "kt-rut")
	}
	if !f.SetError(err) {
		return err
	}
	f.moveError("reason", "withdraw_reason")
	f.Summarize("Chưa rút được đề nghị.")
	c, err = svc.FindCommendation(r.Context(), id)
	if err != nil {
		return err
	}
	return s.renderCommendation(w, r, http.StatusBadRequest, c, nil, f)
}

// commendationDoc sends the proposal or the decision as PDF or DOCX.
func (s *Server) commendationDoc(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, format, ok := commendationdoc.ParseName(r.PathValue("file"))
	if !ok {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy văn bản.")
	}
	file, err := commendationdoc.Build(r.Context(), s.Services, id, d, format)
	if err != nil {
		return err
	}
	writeFile(w, file)
	return nil
}
