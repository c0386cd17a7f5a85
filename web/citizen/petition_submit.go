package citizen

import (
	"congvu"
	"congvu/petition"
	"congvu/web"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// bodyWatch notes whether reading the request body hit its size limit,
// whatever the reader above it (the multipart reader, the file cleaner)
// makes of the error.
type bodyWatch struct {
	io.ReadCloser
	tooBig bool
}

func (b *bodyWatch) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var mb *http.MaxBytesError
	if err != nil && errors.As(err, &mb) {
		b.tooBig = true
	}
	return n, err
}

// cutShort makes a file cut off by the body limit look truncated to the
// file cleaner (a refused file, not a failure of the server); the form
// then says the request was too large.
type cutShort struct {
	r     io.Reader
	watch *bodyWatch
}

func (c cutShort) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err != nil && err != io.EOF && c.watch.tooBig {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

// readPetitionForm reads the multipart form of r: text fields into f, each
// file streamed into the service. It returns the stored files, whether
// files were sent at all and whether the form was read to its end (every
// field the citizen typed is in f). Problems the citizen can fix (a refused
// file, too many files, too much data) are recorded in f; other errors are
// returned.
func (s *Pages) readPetitionForm(r *http.Request, svc petition.Service, f *web.Form) (files []*petition.Attachment, sent, complete bool, err error) {
	files, sent, err = s.readPetitionParts(r, svc, f, &complete)
	return files, sent, complete, err
}

// readPetitionParts is readPetitionForm, setting *complete at the form's end.
func (s *Pages) readPetitionParts(r *http.Request, svc petition.Service, f *web.Form, complete *bool) (files []*petition.Attachment, sent bool, err error) {
	watch := &bodyWatch{ReadCloser: r.Body}
	r.Body = watch
	mr, err := r.MultipartReader()
	if err != nil {
		f.Message = "Trình duyệt gửi biểu mẫu không đúng dạng. Xin mở lại trang và gửi lại."
		return nil, false, nil
	}
	tooBig := func() {
		f.AddError(petitionFileField, fmt.Sprintf("Tổng dung lượng tệp gửi kèm vượt quá %s. Xin chọn ít tệp hơn hoặc ảnh nhỏ hơn.", maxFilesTotal()))
	}
	stop := false // a file was refused: the rest is read and dropped
	for parts := 0; ; parts++ {
		part, err := mr.NextPart()
		if err == io.EOF {
			*complete = true
			break
		}
		if err != nil {
			if watch.tooBig {
				tooBig()
				return files, true, nil
			}
			f.Message = "Chưa nhận đủ biểu mẫu (đường truyền bị gián đoạn?). Xin gửi lại."
			return files, sent, nil
		}
		name := part.FormName()
		switch {
		case stop || name == "" || parts >= maxPetitionParts:
			_, err = io.Copy(io.Discard, part)
		case name == petitionFileField:
			if part.FileName() == "" { // the file input with nothing chosen
				_, err = io.Copy(io.Discard, part)
				break
			}
			sent = true
			if len(files) >= petition.MaxAttachments {
				f.AddError(petitionFileField, fmt.Sprintf("Chỉ gửi kèm được tối đa %d tệp.", petition.MaxAttachments))
				stop = true
				break
			}
			if f.Values.Get(honeypotParam) != "" { // a robot: keep nothing of it
				_, err = io.Copy(io.Discard, part)
				break
			}
			var a *petition.Attachment
			a, err = svc.StoreFile(r.Context(), part.FileName(), cutShort{part, watch})
			if watch.tooBig {
				tooBig()
				return files, true, nil
			}
			if err != nil && congvu.ErrorCode(err) == congvu.EINVALID {
				f.AddError(petitionFileField, fmt.Sprintf("Tệp “%s”: %s", part.FileName(), congvu.ErrorMessage(err)))
				stop, err = true, nil
				break
			}
			if err != nil {
				return files, sent, err
			}
			files = append(files, a)
		default:
			var b []byte
			b, err = io.ReadAll(io.LimitReader(part, maxPetitionField+1))
			if len(b) > maxPetitionField {
				f.AddError(name, "Nội dung quá dài.")
				_, err = io.Copy(io.Discard, part)
				break
			}
			f.Values.Add(name, string(b))
		}
		part.Close()
		if err != nil {
			if watch.tooBig {
				tooBig()
				return files, true, nil
			}
			f.Message = "Chưa nhận đủ biểu mẫu (đường truyền bị gián đoạn?). Xin gửi lại."
			return files, sent, nil
		}
	}
	return files, sent, nil
}

// readPetitionInput fills the petition from the form's text fields;
// values the web layer can already tell are wrong are recorded in f.
func readPetitionInput(f *web.Form, sub *PetitionSubject) petition.Input {
	in := petition.Input{
		Channel:     sub.Channel,
		BadgeToken:  sub.BadgeToken,
		UnitToken:   sub.UnitToken,
		UnitID:      sub.UnitID,
		Category:    petition.Category(f.Get("category")),
		Description: strings.TrimSpace(strings.ReplaceAll(f.Values.Get("description"), "\r\n", "\n")),
		Place:       f.Get("place"),
		Honeypot:    f.Values.Get(honeypotParam),
	}
	if sub.BadgeToken == "" {
		in.SubjectText = f.Get("subject_text")
	}
	if v := f.Get("occurred_at"); v != "" {
		t, ok := web.ParseDate(v)
		if ok {
			in.OccurredAt = &t // a date after today is the service's to refuse
		} else {
			f.AddError("occurred_at", "Ngày không hợp lệ; xin ghi theo dạng ngày/tháng/năm, ví dụ 15/03/2026.")
		}
	}
	switch f.Get("anonymous") {
	case petitionAnonYes:
		in.Anonymous = true
	case petitionAnonNo:
		in.Reporter = petition.Reporter{Name: f.Get("name"), Phone: f.Get("phone"), Email: f.Get("email"), Address: f.Get("address")}
		in.Consent = f.Checked("consent")
	case "":
		f.AddError("anonymous", "Xin chọn gửi ẩn danh hoặc để lại thông tin liên hệ.")
	default:
		f.AddError("anonymous", "Lựa chọn không hợp lệ; xin chọn gửi ẩn danh hoặc để lại thông tin liên hệ.")
	}
	return in
}

// petitionFieldNames maps the service's field names to the form's, where
// they differ.
var petitionFieldNames = map[string]string{
	"reporter.name":    "name",
	"reporter.phone":   "phone",
	"reporter.email":   "email",
	"reporter.address": "address",
	"reporter_name":    "name",
	"reporter_phone":   "phone",
	"reporter_email":   "email",
	"reporter_address": "address",
	"reporter":         "name",
	"files":            petitionFileField,
	"attachments":      petitionFileField,
	"official_id":      "subject_text",
	"unit_id":          "subject_text",
	"badge_token":      "subject_text",
	"unit_token":       "subject_text",
}

// petitionSubmit receives the form: the receipt, the form again with its
// errors, or a problem page.
func (s *Pages) petitionSubmit(by petitionEntry) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		svc := s.Services.Petitions
		sub, err := s.petitionSubject(r, by)
		if err != nil {
			// The body is not read (nor waited for) under the server's
			// ReadTimeout: the connection closes after the answer.
			w.Header().Set("Connection", "close")
			return s.petitionProblem(w, r, err, by)
		}
		body := s.allowSlowUpload(w, r)
		f := web.NewForm(nil)
		files, sent, complete, err := s.readPetitionForm(r, svc, f)
		// A refused form leaves none of its files stored (the citizen
		// chooses them again); a petition claims them.
		defer func() { s.discardFiles(r, svc, files) }()
		io.Copy(io.Discard, r.Body)
		if body.tooSlow {
			if !complete || err != nil || f.Failed() {
				return s.petitionTooSlow(w, r)
			}
			// Everything typed arrived, only slowly: it comes back to be
			// sent again (the files to be chosen again, or left out).
			s.discardFiles(r, svc, files)
			files = nil
			w.Header().Set("Connection", "close")
			f.Message = "Biểu mẫu gửi đến quá chậm nên chưa được nhận. Nội dung anh/chị đã nhập vẫn còn dưới đây: xin kiểm tra kết nối mạng, chọn ít tệp hoặc ảnh nhỏ hơn, rồi bấm “Gửi phản ánh” lần nữa."
			p := s.petitionFormPage(r, sub, f)
			p.AttachmentsLost = sent
			return s.Render(noStore{w}, r, http.StatusRequestTimeout, "petition_public.html", p)
		}
		if err != nil {
			return s.petitionProblem(w, r, err, by) // too many files from this network today, or a failure
		}
		in := readPetitionInput(f, sub)
		in.Files = files
		stamp := s.CheckStamp(r.URL.Path, f.Values.Get(stampParam), time.Now())
		// An expired stamp still names its form: the service finds the
		// petition it filed (a receipt reloaded the next day) before it
		// refuses the form for its age.
		in.FillTime, in.FormKey, in.FormExpired = stamp.Fill, stamp.Nonce, stamp.Expired
		if stamp.Fill == web.ForgedFill || stamp.Expired {
			f.Values.Del(stampParam) // should the form come back, it has a good stamp
		}
		if f.Failed() {
			// The form's own problems are known; the service's are shown
			// beside them, nothing saved. Without the anonymous choice,
			// the contact details are not asked for yet.
			check := in
			if f.Errors["anonymous"] != "" {
				check.Anonymous = true
			}
			if err := svc.Validate(r.Context(), check); congvu.ErrorCode(err) == congvu.EINVALID {
				for k, v := range congvu.ErrorFields(congvu.RenameFields(err, petitionFieldNames)) {
					f.AddError(k, v) // the form's own message stays
				}
			} else if err != nil {
				return s.petitionProblem(w, r, err, by)
			}
		} else {
			rec, err := svc.Submit(r.Context(), in)
			if err == nil {
				p := &PetitionPage{Kind: "receipt", Receipt: rec, Subject: sub}
				p.Title = "Đã nhận phản ánh"
				if rec.Repeated { // the form sent again: a reload of the receipt, the back button
					p.Kind, p.Title = "repeated", "Phản ánh này đã được gửi"
					s.discardFiles(r, svc, files) // its files are the first sending's copies
				}
				files = nil // the petition's now, or removed
				return s.Render(noStore{w}, r, http.StatusOK, "petition_public.html", p)
			}
			if congvu.ErrorCode(err) == congvu.ECONFLICT {
				// The form filed a petition with other content: nothing
				// filed, the other petition not named. What the citizen
				// typed comes back in the form under a new stamp (a new
				// form key), to be sent as a new petition.
				s.discardFiles(r, svc, files)
				files = nil
				f.Values.Del(stampParam)
				f.Message = congvu.ErrorMessage(err)
				p := s.petitionFormPage(r, sub, f)
				p.AttachmentsLost = sent
				return s.Render(noStore{w}, r, http.StatusConflict, "petition_public.html", p)
			}
			if congvu.ErrorCode(err) != congvu.EINVALID {
				return s.petitionProblem(w, r, err, by)
			}
			f.SetError(congvu.RenameFields(err, petitionFieldNames))
		}
		f.Summarize("Chưa gửi được phản ánh. Xin xem lại các mục được đánh dấu bên dưới.")
		s.discardFiles(r, svc, files) // before the answer, not after it
		files = nil
		p := s.petitionFormPage(r, sub, f)
		p.AttachmentsLost = sent
		return s.Render(noStore{w}, r, http.StatusBadRequest, "petition_public.html", p)
	}
}

// discardFiles removes the files stored for a form that was refused: the
// citizen chooses them again, and none stays on the server meanwhile.
func (s *Pages) discardFiles(r *http.Request, svc petition.Service, files []*petition.Attachment) {
	if len(files) == 0 {
		return
	}
	if err := svc.DiscardFiles(r.Context(), files); err != nil {
		s.Log.Warn("petition form: cannot remove the files of a refused form", "n", len(files), "err", err)
	}
}

// allowSlowUpload lets the petition form's body take up to
// SlowUpload.Total to arrive (a slow phone link must not be cut by the
// server's ReadTimeout) as long as it keeps SlowUpload.MinRate, and gives
// the answer a minute more (the WriteTimeout counts from the request's
// headers: without this the receipt, with its one-time secret, would be
// lost after a long upload). Called once the subject is known, so that a
// request for nothing gets no extra time.
func (s *Pages) allowSlowUpload(w http.ResponseWriter, r *http.Request) *minRateBody {
	lim := SlowUpload
	body := newMinRateBody(w, r.Body, lim)
	r.Body = body
	err := http.NewResponseController(w).SetWriteDeadline(time.Now().Add(lim.Total + time.Minute))
	if err != nil && !errors.Is(err, http.ErrNotSupported) {
		s.Log.Warn("petition form: cannot extend the connection deadlines", "err", err)
	}
	return body
}

// petitionTooSlow answers a form whose body came too slowly (408), and
// closes the connection.
func (s *Pages) petitionTooSlow(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Connection", "close")
	p := &PetitionPage{Kind: "problem", Status: http.StatusRequestTimeout, Heading: "Đường truyền quá chậm",
		Message: "Biểu mẫu gửi đến quá chậm nên chưa được nhận. Xin kiểm tra kết nối mạng, chọn ít tệp hoặc ảnh nhỏ hơn, rồi gửi lại."}
	p.Title = p.Heading
	return s.Render(w, r, p.Status, "petition_public.html", p)
}

// retryAfter says in the Retry-After header to try again after wait.
func retryAfter(w http.ResponseWriter, wait time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
}

// untilTomorrow is the time from now until midnight in Vietnam, when the
// daily limits (petitions and files per network, messages per petition)
// start again.
func untilTomorrow(now time.Time) time.Duration {
	d := now.In(congvu.TimeZone)
	return time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, congvu.TimeZone).Sub(now)
}

// petitionProblem shows a friendly page for what stops a citizen: an
// unknown or replaced QR code, an unknown unit, too many petitions.
func (s *Pages) petitionProblem(w http.ResponseWriter, r *http.Request, err error, by petitionEntry) error {
	p := &PetitionPage{Kind: "problem"}
	switch congvu.ErrorCode(err) {
	case congvu.ENOTFOUND:
		p.Status = http.StatusNotFound
		if by == petitionByCode {
			p.Heading = "Không tìm thấy đơn vị"
			p.Message = "Không tìm thấy đơn vị anh/chị chọn, hoặc đơn vị đã giải thể, sáp nhập. Xin tìm lại đơn vị trên trang phản ánh."
		} else {
			p.Heading = "Mã QR không còn hiệu lực"
			p.Message = "Mã QR không còn hiệu lực hoặc đường dẫn chưa đúng: thẻ của cán bộ có thể đã được thay, hoặc mã đã được cấp lại. " +
				"Anh/chị vẫn có thể gửi phản ánh bằng cách tìm đơn vị trên trang phản ánh."
		}
	case congvu.ELIMIT:
		p.Status = http.StatusTooManyRequests
		p.Heading = "Xin vui lòng thử lại sau"
		p.Message = congvu.ErrorMessage(err)
		retryAfter(w, untilTomorrow(time.Now())) // the daily limit of petitions or files of a network
	default:
		return err
	}
	p.Title = p.Heading
	return s.Render(w, r, p.Status, "petition_public.html", p)
}
