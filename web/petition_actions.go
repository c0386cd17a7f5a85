package web

import (
	"congvu"
	"congvu/petition"
	"net/http"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// postedPetition parses the form of a POST on a petition, loads the page
// and refuses actors who may not handle it (before reading any input).
func (s *Server) postedPetition(r *http.Request) (*StaffPetitionPage, *Form, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, err
	}
	if err := r.ParseForm(); err != nil {
		return nil, nil, err
	}
	p, err := s.petitionPage(r, id)
	if err != nil {
		return nil, nil, err
	}
	if !p.CanAct {
		return nil, nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền xử lý phản ánh này.")
	}
	return p, NewForm(r.PostForm), nil
}

// textValue is a multi-line input as typed: NFC, line breaks kept, spaces
// trimmed at both ends.
func textValue(f *Form, name string) string {
	v := strings.ReplaceAll(f.Values.Get(name), "\r\n", "\n")
	return strings.TrimSpace(norm.NFC.String(v))
}

// stepFieldNames maps the service's field names to the step form's.
func stepFieldNames(step petition.Step) map[string]string {
	pre := string(step) + "_"
	return map[string]string{"unit_id": pre + "unit", "unit": pre + "unit", "reason": pre + "reason", "note": pre + "note",
		"conclusion": pre + "conclusion", "text": pre + "text", "items": pre + "items", "step": pre + "step",
		"reporter_summary": pre + "summary", "kind": pre + "kind", "kind_reason": pre + "kind_reason", "refer_to": pre + "refer_to"}
}

func (s *Server) petitionStep(w http.ResponseWriter, r *http.Request) error {
	p, f, err := s.postedPetition(r)
	if err != nil {
		return err
	}
	step := petition.Step(f.Get("step"))
	pre := string(step) + "_"
	in := petition.StepInput{Step: step, Note: textValue(f, pre+"note")}
	switch step {
	case petition.StepVerify, petition.StepClose, petition.StepResume:
	case petition.StepAccept:
		in.Kind, in.KindReason = petition.Kind(f.Get(pre+"kind")), textValue(f, pre+"kind_reason")
	case petition.StepReject, petition.StepSuspend:
		in.Reason = textValue(f, pre+"reason")
	case petition.StepExtend:
		in.Reason, in.VeryComplex = textValue(f, pre+"reason"), f.Get(pre+"very_complex") == "1"
	case petition.StepRefer:
		in.Reason, in.ReferTo = textValue(f, pre+"reason"), petition.Authority(f.Get(pre+"refer_to"))
	case petition.StepAssign, petition.StepTransfer:
		if code := f.Get(pre + "unit_code"); code != "" {
			u, err := s.unitByCode(r, code)
			switch congvu.ErrorCode(err) {
			case "":
				in.UnitID = u.ID
			case congvu.ENOTFOUND:
				f.AddError(pre+"unit_code", congvu.ErrorMessage(err))
			default:
				return err
			}
		} else {
			in.UnitID = f.Int(pre + "unit")
		}
		if step == petition.StepTransfer {
			in.Reason = textValue(f, pre+"reason")
			if in.UnitID == 0 && !f.Failed() {
				f.AddError(pre+"unit", "Xin chọn hoặc nhập mã đơn vị nhận phản ánh.")
			}
		}
	case petition.StepConclude:
		in.Conclusion = petition.Conclusion(f.Get(pre + "conclusion"))
		in.Text = textValue(f, pre+"text")
		in.Items = f.Values[pre+"items"]
		in.ConclusionPublic = f.Get(pre+"public") == "1" // the box "the reporter may read this conclusion"
		in.ReporterSummary = textValue(f, pre+"summary")
	default:
		return &congvu.Error{Code: congvu.EINVALID, Message: "Bước xử lý không hợp lệ."}
	}
	status := http.StatusBadRequest
	if !f.Failed() {
		_, err := s.Services.Petitions.Step(r.Context(), p.P.ID, in)
		if err == nil {
			return s.Redirect(w, r, petitionHref(p.P.ID), petitionStepFlash[step])
		}
		if !f.SetError(congvu.RenameFields(err, stepFieldNames(step))) {
			return err
		}
		status = StatusOf(congvu.ErrorCode(err))
	}
	f.Summarize("Chưa thực hiện được bước “" + step.LabelFor(p.P.Kind) + "”, xin kiểm tra lại các ô được đánh dấu.")
	p.StepForms[step], p.FailedStep = f, step
	if step == petition.StepConclude {
		// Keep the ticked items as posted.
		ticked := f.Values[pre+"items"]
		for _, g := range p.Groups {
			for i := range g.Items {
				g.Items[i].Checked = slices.Contains(ticked, g.Items[i].Code)
			}
		}
	}
	return s.Render(w, r, status, "petition_detail.html", p)
}

func (s *Server) petitionReply(w http.ResponseWriter, r *http.Request) error {
	p, f, err := s.postedPetition(r)
	if err != nil {
		return err
	}
	p.Reply = f
	body := textValue(f, "body")
	f.Set("body", body)
	switch f.Get("action") {
	case "template":
		if body == "" {
			f.Set("body", petition.ReplyDraft(p.P, p.Late))
			f.Message = ""
		} else {
			f.Message = "Ô trả lời đang có nội dung nên thư mẫu chưa được chèn; xóa nội dung đó nếu muốn bắt đầu từ thư mẫu."
		}
		res := petition.CheckReply(p.P, f.Get("body"), p.Now)
		p.Checks = &res
		return s.Render(w, r, http.StatusOK, "petition_detail.html", p)
	case "check":
		if body == "" {
			f.AddError("body", "Xin nhập nội dung trả lời để kiểm tra.")
			return s.Render(w, r, http.StatusBadRequest, "petition_detail.html", p)
		}
		res := petition.CheckReply(p.P, body, p.Now)
		p.Checks = &res
		return s.Render(w, r, http.StatusOK, "petition_detail.html", p)
	}
	res := petition.CheckReply(p.P, body, p.Now)
	if body != "" {
		p.Checks = &res
	}
	if err := petition.GateReply(body, res, f.Checked("force")); err != nil {
		fields := congvu.ErrorFields(err)
		if m := fields[petition.ReplyBodyField]; m != "" {
			f.AddError("body", m)
		}
		if fields[petition.ReplyConfirmField] != "" {
			f.AddError("force", "Thư chưa đủ các mục bắt buộc. Xin bổ sung theo gợi ý, hoặc đánh dấu ô “Vẫn gửi khi chưa đủ các mục” nếu chắc chắn muốn gửi.")
		}
	}
	if !f.Failed() {
		_, err := s.Services.Petitions.Reply(r.Context(), p.P.ID, body)
		if err == nil {
			return s.Redirect(w, r, petitionHref(p.P.ID), "pa-da-tra-loi")
		}
		if !f.SetError(congvu.RenameFields(err, map[string]string{"text": "body", "message": "body"})) {
			return err
		}
	}
	f.Summarize("Chưa gửi trả lời, xin xem lại các mục được đánh dấu.")
	return s.Render(w, r, http.StatusBadRequest, "petition_detail.html", p)
}

func (s *Server) petitionNote(w http.ResponseWriter, r *http.Request) error {
	p, f, err := s.postedPetition(r)
	if err != nil {
		return err
	}
	p.Note = f
	body := textValue(f, "note")
	if body == "" {
		f.AddError("note", "Xin nhập nội dung ghi chú.")
	} else {
		_, err := s.Services.Petitions.AddNote(r.Context(), p.P.ID, body)
		if err == nil {
			return s.Redirect(w, r, petitionHref(p.P.ID), "pa-da-ghi-chu")
		}
		if !f.SetError(congvu.RenameFields(err, map[string]string{"body": "note", "text": "note"})) {
			return err
		}
	}
	f.Summarize("Chưa lưu được ghi chú.")
	return s.Render(w, r, http.StatusBadRequest, "petition_detail.html", p)
}

// petitionReveal shows the reporter's identity on this response only: it
// is never put in a redirect, a flash or a cookie, and the page is not
// cached.
func (s *Server) petitionReveal(w http.ResponseWriter, r *http.Request) error {
	p, f, err := s.postedPetition(r)
	if err != nil {
		return err
	}
	p.Reveal = f
	reason := textValue(f, "reveal_reason")
	if reason == "" {
		f.AddError("reveal_reason", "Xin nêu lý do cần xem thông tin người phản ánh; lý do được ghi lại.")
	} else {
		who, err := s.Services.Petitions.RevealReporter(r.Context(), p.P.ID, reason)
		if err == nil {
			p.Identity = who
			p.Reveal = NewForm(nil)
			if views, err := s.Services.Petitions.IdentityViews(r.Context(), p.P.ID); err == nil {
				p.Views, p.ViewsKnown = views, true
			}
			w.Header().Set("Cache-Control", "no-store")
			return s.Render(w, r, http.StatusOK, "petition_detail.html", p)
		}
		if !f.SetError(congvu.RenameFields(err, map[string]string{"reason": "reveal_reason"})) {
			return err
		}
	}
	f.Summarize("Chưa xem được thông tin người phản ánh.")
	return s.Render(w, r, http.StatusBadRequest, "petition_detail.html", p)
}
