package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/export/pdf"
	"congvu/feedback"
	"congvu/org"
)

// The apology slip of a dossier (phiếu xin lỗi và hẹn lại ngày trả kết
// quả): the agency at fault finds the dossier, issues its slip before the
// due date (recorded, once; the rules are feedback.CheckSlip, applied by
// the service), lists its slips and prints them.

func init() {
	FlashMessages["lap-phieu-xin-loi"] = "Đã lập phiếu xin lỗi và hẹn lại ngày trả kết quả. In phiếu ở danh sách dưới đây và gửi người nộp hồ sơ."
}

// slipRoutes are the dossier and apology-slip pages of a unit (see
// routeTable).
func (s *Server) slipRoutes() []Route {
	manage, view := Need(congvu.ActOfficialManage), Need(congvu.ActOfficialView)
	return []Route{
		{Method: "GET", Pattern: "/units/{id}/dossiers", Access: manage, Handler: s.unitDossier},
		{Method: "POST", Pattern: "/units/{id}/dossiers/apology", Access: manage, Handler: s.issueApologySlip},
		{Method: "GET", Pattern: "/units/{id}/apology-slips", Access: view, Handler: s.unitApologySlips},
		{Method: "GET", Pattern: "/units/{id}/apology-slips/print", Access: view, Handler: s.printApologySlip},
	}
}

// Parameters of the dossier page, the slip form and the slip list.
const (
	dossierCodeParam = "code"
	slipParam        = "phieu" // a slip's id, to print it
)

// DossierPage finds a dossier by code (received by the unit, or naming it
// as the agency at fault) and offers its apology slip.
type DossierPage struct {
	Base
	Unit    *org.Unit
	Dossier *feedback.Dossier
	Late    bool
	// Slip is the dossier's slip, once issued.
	Slip *feedback.ApologySlip
	// Refusal says why no slip can be issued now ("" when one can).
	Refusal string
	Form    *Form // the search and the slip's fields
}

// dossierPage looks up the dossier named in f (if any) for unit u.
func (s *Server) dossierPage(r *http.Request, u *org.Unit, f *Form) (*DossierPage, error) {
	p := &DossierPage{Unit: u, Form: f}
	p.Title = "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
	p.Crumbs = []Link{{"Đơn vị", "/units"}, {u.Name, unitHref(u)}, {"Phiếu xin lỗi, hẹn lại", unitHref(u) + "/apology-slips"}}
	code := f.Get(dossierCodeParam)
	if code == "" {
		return p, nil
	}
	svc := s.Services.Feedback
	d, err := svc.FindDossier(r.Context(), u.ID, code)
	if congvu.ErrorCode(err) == congvu.ENOTFOUND {
		f.AddError(dossierCodeParam, fmt.Sprintf("%s không có hồ sơ mã %q.", u.Name, code))
		return p, nil
	}
	if err != nil {
		return nil, err
	}
	p.Dossier = d
	now := time.Now()
	p.Late = d.Late(now)
	slips, _, err := svc.FindApologySlips(r.Context(), feedback.SlipFilter{DossierID: d.ID, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(slips) > 0 {
		p.Slip = slips[0]
	}
	// Whether a slip can be issued now is the domain's rule: ask it with an
	// empty form; a conflict is the refusal, missing fields are not.
	atFault := u.Name
	if d.AtFault() != u.ID {
		atFault = d.DelayUnitName
	}
	err = feedback.CheckSlip(d, p.Slip, u.Name, atFault, &feedback.SlipInput{UnitID: u.ID}, now)
	if congvu.ErrorCode(err) == congvu.ECONFLICT {
		p.Refusal = congvu.ErrorMessage(err)
	}
	return p, nil
}

func (s *Server) unitDossier(w http.ResponseWriter, r *http.Request) error {
	u, err := s.manageableUnit(r)
	if err != nil {
		return err
	}
	f := NewForm(r.URL.Query())
	p, err := s.dossierPage(r, u, f)
	if err != nil {
		return err
	}
	if d := p.Dossier; d != nil && f.Get("reason") == "" {
		// Prefill the slip from what the one-stop-shop system registered.
		f.Set("reason", d.DelayReason)
		if d.NewDueAt != nil {
			f.Set("new_due_at", d.NewDueAt.In(congvu.TimeZone).Format("2006-01-02"))
		}
	}
	status := http.StatusOK
	if f.Failed() {
		status = http.StatusNotFound
	}
	return s.Render(w, r, status, "dossier.html", p)
}

// issueApologySlip records the slip of the dossier named in the form, by
// the page's unit, and sends staff to the unit's slips to print it.
func (s *Server) issueApologySlip(w http.ResponseWriter, r *http.Request) error {
	u, err := s.manageableUnit(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	if f.Get(dossierCodeParam) == "" {
		return congvu.FieldError(dossierCodeParam, "Xin nhập mã hồ sơ.")
	}
	p, err := s.dossierPage(r, u, f)
	if err != nil {
		return err
	}
	d := p.Dossier
	if d == nil {
		return s.Render(w, r, http.StatusNotFound, "dossier.html", p)
	}
	in := feedback.SlipInput{DossierID: d.ID, UnitID: u.ID, Number: f.Get("number"), Recipient: f.Get("recipient"),
		RecipientAddress: f.Get("recipient_address"), Reason: f.Get("reason"), CopiesTo: f.Get("copies_to"),
		SignerTitle: f.Get("signer_title"), Signer: f.Get("signer")}
	if v := f.Get("new_due_at"); v != "" {
		t, ok := ParseDate(v)
		if !ok {
			f.AddError("new_due_at", "Ngày hẹn trả mới không đúng dạng ngày/tháng/năm.")
		}
		in.NewDueAt = t
	}
	// The service checks the rest (a bad date reaches it as none; the
	// form keeps the first message of a field).
	_, err = s.Services.Feedback.IssueApologySlip(r.Context(), in)
	if err == nil && !f.Failed() {
		http.Redirect(w, r, unitHref(u)+"/apology-slips?ok=lap-phieu-xin-loi", http.StatusSeeOther)
		return nil
	}
	if err != nil && !f.SetError(err) {
		return err
	}
	f.Summarize("Chưa lập được phiếu, xin xem lại các ô được đánh dấu.")
	return s.Render(w, r, http.StatusBadRequest, "dossier.html", p)
}

// ApologySlipsPage lists the slips issued by a unit and the units under it.
type ApologySlipsPage struct {
	Base
	Unit  *org.Unit
	Slips []*feedback.ApologySlip
	Pager Pager
	// CanIssue shows the search of a dossier to apologise for.
	CanIssue bool
}

// slipsShown is the page size of the slip list.
const slipsShown = 50

func (s *Server) unitApologySlips(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, err := s.Services.Units.FindUnitByID(r.Context(), id)
	if err != nil {
		return err
	}
	slips, total, err := s.Services.Feedback.FindApologySlips(r.Context(), feedback.SlipFilter{UnitID: u.ID, Offset: PageOffset(r, slipsShown), Limit: slipsShown})
	if err != nil {
		return err
	}
	p := &ApologySlipsPage{Unit: u, Slips: slips, Pager: NewPager(r, total, slipsShown),
		CanIssue: congvu.ActorFromContext(r.Context()).Can(congvu.ActOfficialManage, u.Path)}
	p.Title = "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
	p.Crumbs = []Link{{"Đơn vị", "/units"}, {u.Name, unitHref(u)}}
	return s.Render(w, r, http.StatusOK, "apology_slips.html", p)
}

// printApologySlip prints a recorded slip (PDF), headed by the issuing
// agency's governing body, on the form it was issued on.
func (s *Server) printApologySlip(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	page, err := s.Services.Units.FindUnitByID(ctx, id)
	if err != nil {
		return err
	}
	slipID, err := strconv.ParseInt(r.URL.Query().Get(slipParam), 10, 64)
	if err != nil || slipID <= 0 {
		return congvu.FieldError(slipParam, "Xin chọn phiếu cần in.")
	}
	sl, err := s.Services.Feedback.FindApologySlipByID(ctx, slipID)
	if err != nil {
		return err
	}
	u, err := s.Services.Units.FindUnitByID(ctx, sl.UnitID)
	if err != nil {
		return err
	}
	if !strings.HasPrefix(u.Path, page.Path) {
		// A slip of another unit's page: print it from its own.
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy phiếu xin lỗi.")
	}
	form, _ := feedback.SlipFormByKey(sl.Form)
	doc := pdf.ApologySlip{
		Heading: org.GoverningBody(u).Lines(), Issuer: u.Name, Title: form.Title, Basis: form.Basis,
		Number: sl.Number, Place: placeName(u), Date: sl.IssuedAt,
		Recipient: sl.Recipient, RecipientAddress: sl.RecipientAddress,
		DossierCode: sl.DossierCode, Procedure: sl.ProcedureName, ReceivedAt: sl.ReceivedAt, DueAt: sl.DueAt,
		Reason: sl.Reason, NewDueAt: sl.NewDueAt, Distribution: sl.Distribution(),
		SignerTitle: sl.SignerTitle, Signer: sl.Signer,
	}
	if form.NamesOfficial {
		// Only a form that names the handling official gets the name.
		if d, err := s.Services.Feedback.FindDossier(ctx, sl.UnitID, sl.DossierCode); err == nil && d.OfficialID != 0 {
			if o, err := s.Services.Officials.FindOfficialByID(ctx, d.OfficialID); err == nil {
				doc.Official = o.FullName
			}
		}
	}
	var buf bytes.Buffer
	if err := pdf.WriteApologySlip(&buf, doc); err != nil {
		return err
	}
	return writePDF(w, buf.Bytes(), "phieu-xin-loi-"+printSlug(sl.DossierCode)+".pdf")
}

// placeName is the place name of a slip's date line: the province of the
// unit ("Hưng Yên" of "Tỉnh Hưng Yên").
func placeName(u *org.Unit) string {
	for _, a := range append(append([]*org.Unit(nil), u.Ancestors...), u) {
		if a.Kind == org.KindProvince {
			n := a.Name
			for _, p := range []string{"Tỉnh ", "Thành phố ", "tỉnh ", "thành phố "} {
				n = strings.TrimPrefix(n, p)
			}
			return n
		}
	}
	return ""
}
