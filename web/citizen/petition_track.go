package citizen

import (
	"cmp"
	"congvu"
	"congvu/petition"
	"congvu/privacy"
	"congvu/web"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// petitionTrackForm asks for the tracking code and the secret.
func (s *Pages) petitionTrackForm(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(nil)
	if c := r.URL.Query().Get(petitionCodeField); c != "" {
		f.Set(petitionCodeField, cmp.Or(petition.NormalizeTrackingCode(c), c))
	}
	return s.renderTrackForm(w, r, http.StatusOK, f)
}

func (s *Pages) renderTrackForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	p := &PetitionPage{Kind: "track", Form: f}
	p.Title = "Tra cứu phản ánh"
	p.Privacy = s.PrivacyNotice(privacy.Tracking, "")
	return s.Render(noStore{w}, r, status, "petition_public.html", p)
}

// trackFailure turns a failed lookup into the tracking form again: the same
// words whether the code or the secret was wrong.
func (s *Pages) trackFailure(w http.ResponseWriter, r *http.Request, f *web.Form, err error) error {
	f.Values.Del(petitionSecretField)
	switch congvu.ErrorCode(err) {
	case congvu.ENOTFOUND, congvu.EINVALID:
		f.Message = "Mã phản ánh hoặc mã bí mật không đúng. Xin kiểm tra lại giấy ghi mã và nhập lại."
		return s.renderTrackForm(w, r, http.StatusNotFound, f)
	case congvu.ELIMIT:
		f.Message = "Anh/chị đã nhập sai quá nhiều lần. Xin vui lòng thử lại sau một giờ."
		retryAfter(w, petition.TrackFailureWindow)
		return s.renderTrackForm(w, r, http.StatusTooManyRequests, f)
	}
	return err
}

// petitionTrack shows the reporter's view of a petition.
func (s *Pages) petitionTrack(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Petitions
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := web.NewForm(r.PostForm)
	typedCode, typedSecret := strings.TrimSpace(f.Values.Get(petitionCodeField)), strings.TrimSpace(f.Values.Get(petitionSecretField))
	code, secret := petition.NormalizeTrackingCode(typedCode), petition.NormalizeSecret(typedSecret)
	switch {
	case typedCode == "":
		f.AddError(petitionCodeField, "Xin nhập mã phản ánh.")
	case code == "":
		f.AddError(petitionCodeField, "Mã phản ánh có dạng PA-XXXX-XXXX, gồm chữ cái không dấu và chữ số từ 2 đến 7, như trên phiếu nhận.")
	default:
		f.Set(petitionCodeField, code)
	}
	switch {
	case typedSecret == "":
		f.AddError(petitionSecretField, "Xin nhập mã bí mật.")
	case secret == "":
		f.AddError(petitionSecretField, "Mã bí mật gồm chữ cái không dấu và chữ số, như trên phiếu nhận; xin gõ lại đúng như phiếu.")
	}
	if f.Failed() {
		f.Message = "Chưa tra cứu được."
		return s.renderTrackForm(w, r, http.StatusBadRequest, f)
	}
	pp, err := svc.Track(r.Context(), code, secret)
	if err != nil {
		return s.trackFailure(w, r, f, err)
	}
	return s.renderPetitionView(w, r, http.StatusOK, pp, code, secret, web.NewForm(nil), "")
}

// Withdrawal returns the withdrawal form: the posted one when it failed.
func (p *PetitionPage) Withdrawal() *web.Form {
	if p.WithdrawForm != nil {
		return p.WithdrawForm
	}
	return web.NewForm(nil)
}

// renderPetitionView renders the reporter's view of pp; mf is the message
// form (with its errors), flash a confirmation.
func (s *Pages) renderPetitionView(w http.ResponseWriter, r *http.Request, status int, pp *petition.Public, code, secret string, mf *web.Form, flash string) error {
	p := &PetitionPage{Kind: "view", Petition: pp, Steps: petitionSteps(pp.Status, pp.Kind), Code: code, Secret: secret, MessageForm: mf}
	p.Title = "Phản ánh " + pp.TrackingCode
	p.Flash = flash
	p.Privacy = s.PrivacyNotice(privacy.Tracking, "")
	return s.Render(noStore{w}, r, status, "petition_public.html", p)
}

// petitionMessage adds the reporter's message, then shows the view again.
func (s *Pages) petitionMessage(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Petitions
	if err := r.ParseForm(); err != nil {
		return err
	}
	code, secret := petition.NormalizeTrackingCode(r.PostForm.Get(petitionCodeField)), petition.NormalizeSecret(r.PostForm.Get(petitionSecretField))
	mf := web.NewForm(url.Values{petitionBodyField: {r.PostForm.Get(petitionBodyField)}, petitionReopenField: {r.PostForm.Get(petitionReopenField)}})
	contest := mf.Values.Get(petitionReopenField) == "co"
	body := strings.TrimSpace(strings.ReplaceAll(mf.Values.Get(petitionBodyField), "\r\n", "\n"))
	dailyLimit := false // too many messages today
	lookupFailed := func(err error) error {
		return s.trackFailure(w, r, web.NewForm(url.Values{petitionCodeField: {code}}), err)
	}
	if body == "" {
		mf.AddError(petitionBodyField, "Xin nhập nội dung tin nhắn.")
	} else if err := svc.PostReporterMessage(r.Context(), code, secret, body, contest); err != nil {
		switch congvu.ErrorCode(err) {
		case congvu.EINVALID:
			mf.SetError(congvu.RenameFields(err, map[string]string{"body": petitionBodyField}))
			if mf.Error(petitionBodyField) == "" {
				mf.AddError(petitionBodyField, congvu.ErrorMessage(err))
			}
		case congvu.ECONFLICT:
			mf.Message = congvu.ErrorMessage(err) // closed meanwhile
		case congvu.ELIMIT:
			// Too many failed lookups (Track below says so again) or too
			// many messages today (Track succeeds: say that).
			mf.Message = congvu.ErrorMessage(err)
			dailyLimit = true
		case congvu.ENOTFOUND:
			return lookupFailed(err)
		default:
			return err
		}
	}
	pp, err := svc.Track(r.Context(), code, secret)
	if err != nil {
		return lookupFailed(err)
	}
	if dailyLimit {
		retryAfter(w, untilTomorrow(time.Now()))
		return s.renderPetitionView(w, r, http.StatusTooManyRequests, pp, code, secret, mf, "")
	}
	if mf.Failed() {
		if mf.Message == "" {
			mf.Message = "Chưa gửi được tin nhắn."
		}
		return s.renderPetitionView(w, r, http.StatusBadRequest, pp, code, secret, mf, "")
	}
	return s.renderPetitionView(w, r, http.StatusOK, pp, code, secret, web.NewForm(nil), "Đã gửi tin nhắn của anh/chị. Cơ quan xử lý sẽ trả lời tại trang này.")
}

// petitionWithdraw records the reporter's withdrawal (the tracking code
// and secret prove who asks), then shows the view again.
func (s *Pages) petitionWithdraw(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Petitions
	if err := r.ParseForm(); err != nil {
		return err
	}
	code, secret := petition.NormalizeTrackingCode(r.PostForm.Get(petitionCodeField)), petition.NormalizeSecret(r.PostForm.Get(petitionSecretField))
	wf := web.NewForm(url.Values{petitionWithdrawReasonField: {r.PostForm.Get(petitionWithdrawReasonField)}})
	reason := strings.TrimSpace(strings.ReplaceAll(wf.Values.Get(petitionWithdrawReasonField), "\r\n", "\n"))
	lookupFailed := func(err error) error {
		return s.trackFailure(w, r, web.NewForm(url.Values{petitionCodeField: {code}}), err)
	}
	if r.PostForm.Get(petitionWithdrawConfirmField) != "co" {
		wf.AddError(petitionWithdrawConfirmField, "Xin đánh dấu ô xác nhận nếu anh/chị thật sự muốn rút đơn.")
	} else if err := svc.Withdraw(r.Context(), code, secret, reason); err != nil {
		switch congvu.ErrorCode(err) {
		case congvu.EINVALID:
			wf.SetError(congvu.RenameFields(err, map[string]string{"reason": petitionWithdrawReasonField}))
		case congvu.ECONFLICT, congvu.ELIMIT:
			wf.Message = congvu.ErrorMessage(err)
		case congvu.ENOTFOUND:
			return lookupFailed(err)
		default:
			return err
		}
	}
	pp, err := svc.Track(r.Context(), code, secret)
	if err != nil {
		return lookupFailed(err)
	}
	if wf.Failed() || wf.Message != "" {
		if wf.Message == "" {
			wf.Message = "Chưa rút được đơn."
		}
		p := &PetitionPage{Kind: "view", Petition: pp, Steps: petitionSteps(pp.Status, pp.Kind), Code: code, Secret: secret,
			MessageForm: web.NewForm(nil), WithdrawForm: wf}
		p.Title = "Phản ánh " + pp.TrackingCode
		return s.Render(noStore{w}, r, http.StatusBadRequest, "petition_public.html", p)
	}
	return s.renderPetitionView(w, r, http.StatusOK, pp, code, secret, web.NewForm(nil), "Đã ghi nhận việc anh/chị rút đơn. Cơ quan xử lý được thông báo; đơn kết thúc xử lý.")
}
