package web

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"congvu"
	"congvu/training"
)

// Sessions: the organiser's page with the attendance list and the form to
// mark officials present, the QR screen shown in the room (the code turns
// every training.QRPeriod; the page reloads itself every 30 seconds, no
// script), and the official's scan: a confirm button, then a clear answer.

// trainQRRefresh is how often the QR screen reloads, in seconds (the code
// of the previous window is still accepted, so a scan never falls between).
const trainQRRefresh = 30

// trainMarkSize bounds the officials a mark form lists at once.
const trainMarkSize = 200

func init() {
	FlashMessages["bd-diem-danh"] = "Đã ghi nhận người có mặt."
	FlashMessages["bd-tu-hoc"] = "Đã ghi nhận anh/chị đã học tài liệu trực tuyến."
}

func (s *Server) trainingSessionRoutes() []Route {
	view, manage := Need(congvu.ActTrainingView), Need(congvu.ActTrainingManage)
	return []Route{
		{Method: "GET", Pattern: "/training/sessions/{id}", Access: view, Handler: s.trainingSession},
		{Method: "POST", Pattern: "/training/sessions/{id}/mark", Access: manage, Handler: s.markTrainingSession},
		{Method: "GET", Pattern: "/training/sessions/{id}/qr", Access: manage, Handler: s.trainingSessionQR},
		// The official's own acts: the service checks they hold an
		// assignment of the session's campaign.
		{Method: "POST", Pattern: "/training/sessions/{id}/study", Access: SignedIn, Handler: s.studyTrainingSession},
		{Method: "GET", Pattern: "/training/attend/{sid}/{code}", Access: SignedIn, Handler: s.trainingAttendForm},
		{Method: "POST", Pattern: "/training/attend/{sid}/{code}", Access: SignedIn, Handler: s.trainingAttend},
	}
}

func trainingSessionHref(id int64) string { return "/training/sessions/" + strconv.FormatInt(id, 10) }

// TrainingSessionPage is a session with who attended and, for the
// organiser, the officials of the campaign not yet present to tick.
type TrainingSessionPage struct {
	Base
	S         *training.Session
	C         *training.Campaign
	Present   []*training.Attendance
	Absent    []*training.Assignment
	Pager     Pager
	CanManage bool
	Mark      *Form
}

// Method names an attendance's method.
func (p *TrainingSessionPage) Method(m training.AttendanceMethod) string { return trainMethodLabel(m) }

func trainMethodLabel(m training.AttendanceMethod) string {
	switch m {
	case training.AttendQR:
		return "Quét mã QR"
	case training.AttendMarked:
		return "Người tổ chức điểm danh"
	case training.AttendOnline:
		return "Học trực tuyến"
	}
	return string(m)
}

// IsInPerson reports whether the session is held in person.
func (p *TrainingSessionPage) IsInPerson() bool { return p.S.Mode == training.ModeInPerson }

func (s *Server) trainingSession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderTrainingSession(w, r, http.StatusOK, id, &TrainingSessionPage{})
}

func (s *Server) renderTrainingSession(w http.ResponseWriter, r *http.Request, status int, id int64, p *TrainingSessionPage) error {
	ctx := r.Context()
	sess, err := s.Services.Training.FindSession(ctx, id)
	if err != nil {
		return err
	}
	c, err := s.Services.Training.FindCampaign(ctx, sess.CampaignID)
	if err != nil {
		return err
	}
	p.S, p.C = sess, c
	p.Base = Base{Title: sess.Title, Crumbs: []Link{{"Bồi dưỡng", "/training"}, {c.Title, trainingCampaignHref(c.ID)}}}
	p.CanManage = training.CanManage(congvu.ActorFromContext(ctx), c.UnitPath)
	if p.Present, err = s.Services.Training.Attendances(ctx, id); err != nil {
		return err
	}
	if p.CanManage && c.Status == training.CampaignOpen && sess.Mode == training.ModeInPerson {
		present := map[int64]bool{}
		for _, at := range p.Present {
			present[at.OfficialID] = true
		}
		off := PageOffset(r, trainMarkSize)
		list, total, err := s.Services.Training.Assignments(ctx, training.Filter{CampaignID: c.ID, Offset: off, Limit: trainMarkSize})
		if err != nil {
			return err
		}
		for _, a := range list {
			if !present[a.OfficialID] {
				p.Absent = append(p.Absent, a)
			}
		}
		p.Pager = NewPager(r, total, trainMarkSize)
	}
	if p.Mark == nil {
		p.Mark = NewForm(nil)
	}
	return s.Render(w, r, status, "training_session.html", p)
}

func (s *Server) markTrainingSession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sess, err := s.Services.Training.FindSession(r.Context(), id)
	if err != nil {
		return err
	}
	if _, err := s.managedCampaign(r, sess.CampaignID); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	var ids []int64
	for _, v := range r.PostForm["official"] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			ids = append(ids, n)
		}
	}
	if len(ids) == 0 {
		f.AddError("official", "Xin đánh dấu ít nhất một người có mặt.")
	} else {
		_, err := s.Services.Training.Mark(r.Context(), id, ids)
		if err == nil {
			return s.Redirect(w, r, trainingSessionHref(id), "bd-diem-danh")
		}
		if !f.SetError(err) {
			return err
		}
	}
	f.Summarize("Chưa điểm danh được, xin kiểm tra lại.")
	return s.renderTrainingSession(w, r, http.StatusBadRequest, id, &TrainingSessionPage{Mark: f})
}

// TrainingQRPage is the organiser's screen in the room: the session's
// code of the moment as a big QR code, its address in words, how many
// attended; it reloads every trainQRRefresh seconds.
type TrainingQRPage struct {
	Base
	S       *training.Session
	URL     string
	Code    string
	QR      template.URL // data: URL of the PNG (ours: safe)
	Refresh int
	Period  int
	// Stopped: the reader stopped the reloading (?dung=1).
	Stopped bool
}

func (s *Server) trainingSessionQR(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	sess, err := s.Services.Training.FindSession(ctx, id)
	if err != nil {
		return err
	}
	code, err := s.Services.Training.SessionCode(ctx, id)
	if err != nil {
		return err
	}
	link := s.publicBase(r) + "/training/attend/" + strconv.FormatInt(id, 10) + "/" + code
	png, err := qrPNG(link, 640)
	if err != nil {
		return err
	}
	p := &TrainingQRPage{Base: Base{Title: "Điểm danh: " + sess.Title}, S: sess, URL: link, Code: code,
		QR: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png)), Refresh: trainQRRefresh, Period: int(training.QRPeriod / time.Second),
		Stopped: r.URL.Query().Get("dung") == "1"}
	return s.Render(w, r, http.StatusOK, "training_qr.html", p)
}

// TrainingAttendPage is the official's scan: the session, a confirm
// button, and after it the answer.
type TrainingAttendPage struct {
	Base
	S      *training.Session
	Action string
	// Done is the attendance recorded; Problem what stopped it.
	Done    *training.Attendance
	Problem string
	// NoRecord: the account is linked to no official.
	NoRecord bool
}

func (s *Server) attendParams(r *http.Request) (int64, string, error) {
	sid, err := strconv.ParseInt(r.PathValue("sid"), 10, 64)
	code := r.PathValue("code")
	if err != nil || sid <= 0 || len(code) > 32 {
		return 0, "", congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy trang bạn yêu cầu.")
	}
	return sid, code, nil
}

func (s *Server) trainingAttendForm(w http.ResponseWriter, r *http.Request) error {
	sid, code, err := s.attendParams(r)
	if err != nil {
		return err
	}
	a := congvu.ActorFromContext(r.Context())
	p := &TrainingAttendPage{Base: Base{Title: "Điểm danh buổi bồi dưỡng"}, Action: r.URL.Path, NoRecord: a.OfficialID == 0}
	_ = code
	if sess, err := s.Services.Training.FindSession(r.Context(), sid); err == nil {
		p.S = sess
	}
	return s.Render(w, r, http.StatusOK, "training_attend.html", p)
}

func (s *Server) trainingAttend(w http.ResponseWriter, r *http.Request) error {
	sid, code, err := s.attendParams(r)
	if err != nil {
		return err
	}
	a := congvu.ActorFromContext(r.Context())
	p := &TrainingAttendPage{Base: Base{Title: "Điểm danh buổi bồi dưỡng"}, Action: r.URL.Path, NoRecord: a.OfficialID == 0}
	if p.NoRecord {
		return s.Render(w, r, http.StatusForbidden, "training_attend.html", p)
	}
	at, err := s.Services.Training.Attend(r.Context(), sid, code)
	if sess, ferr := s.Services.Training.FindSession(r.Context(), sid); ferr == nil {
		p.S = sess
	}
	if err == nil {
		p.Done = at
		p.Title = "Đã điểm danh"
		return s.Render(w, r, http.StatusOK, "training_attend.html", p)
	}
	switch c := congvu.ErrorCode(err); c {
	case congvu.EINVALID, congvu.ECONFLICT, congvu.EFORBIDDEN, congvu.ELIMIT, congvu.ENOTFOUND:
		p.Problem = congvu.ErrorMessage(err)
		if c == congvu.ENOTFOUND {
			p.Problem = "Mã điểm danh không đúng hoặc đã hết hạn. Xin quét lại mã đang hiển thị."
		}
		p.Title = "Chưa điểm danh được"
		return s.Render(w, r, StatusOf(c), "training_attend.html", p)
	}
	return err
}

func (s *Server) studyTrainingSession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.Services.Training.FindSession(r.Context(), id); err != nil {
		return err // a session of a campaign the official does not hold: not found
	}
	if _, err := s.Services.Training.StudyOnline(r.Context(), id); err != nil {
		if c := congvu.ErrorCode(err); c == congvu.ECONFLICT || c == congvu.EINVALID {
			return s.renderMyTraining(w, r, StatusOf(c), congvu.ErrorMessage(err))
		}
		return err
	}
	return s.Redirect(w, r, "/training/mine", "bd-tu-hoc")
}
