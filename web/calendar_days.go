package web

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"congvu"
	"congvu/calendar"
)

// The working-day calendar's page, under the administrator's settings:
// every signed-in user reads it (it is public law, and every deadline
// depends on it); national administrators add, edit and delete days.

const calendarYearParam = "nam" // the year shown

func init() {
	FlashMessages["them-ngay-lich"] = "Đã thêm ngày vào lịch. Các thời hạn tính từ nay dùng lịch mới; thời hạn đã tính giữ nguyên."
	FlashMessages["sua-ngay-lich"] = "Đã sửa ngày trong lịch. Các thời hạn tính từ nay dùng lịch mới; thời hạn đã tính giữ nguyên."
	FlashMessages["xoa-ngay-lich"] = "Đã xóa ngày khỏi lịch. Các thời hạn tính từ nay dùng lịch mới; thời hạn đã tính giữ nguyên."
}

// calendarRoutes returns the calendar page and its forms.
func (s *Server) calendarRoutes() []Route {
	edit := Need(congvu.ActCalendarManage)
	return []Route{
		{Method: "GET", Pattern: "/settings/calendar", Access: SignedIn, Handler: s.calendarDays},
		{Method: "POST", Pattern: "/settings/calendar", Access: edit, Handler: s.createCalendarDay},
		{Method: "GET", Pattern: "/settings/calendar/{id}", Access: edit, Handler: s.calendarDayForm},
		{Method: "POST", Pattern: "/settings/calendar/{id}", Access: edit, Handler: s.updateCalendarDay},
		{Method: "POST", Pattern: "/settings/calendar/{id}/delete", Access: edit, Handler: s.deleteCalendarDay},
	}
}

// CalendarPage lists a year's exceptions to the Monday–Friday week and,
// for those who may change them, the form that adds one.
type CalendarPage struct {
	Base
	Year int
	// Years links to the years with data, this year and the next.
	Years []NavItem
	Days  []*calendar.Day
	// Covered is false for a year without data: its deadlines count
	// Monday to Friday, with no holiday.
	Covered bool
	CanEdit bool
	Form    *Form
	// Kinds are the choices of the form.
	Kinds []Option
}

// CalendarDayPage edits one day.
type CalendarDayPage struct {
	Base
	Day   *calendar.Day
	Form  *Form
	Kinds []Option
}

func calendarKinds() []Option {
	var out []Option
	for _, k := range calendar.Kinds {
		out = append(out, Option{string(k), k.Label()})
	}
	return out
}

// canEditCalendar: the calendar is national, so only on the whole tree
// (the service checks the same).
func canEditCalendar(r *http.Request) bool {
	return congvu.ActorFromContext(r.Context()).Can(congvu.ActCalendarManage, congvu.RootUnitPath)
}

func errCalendarForbidden() error {
	return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền sửa lịch ngày làm việc.")
}

func (s *Server) calendarPage(r *http.Request, year int, f *Form) (*CalendarPage, error) {
	svc := s.Services.Calendar
	cal, err := svc.Calendar(r.Context())
	if err != nil {
		return nil, err
	}
	days, err := svc.FindDays(r.Context(), year)
	if err != nil {
		return nil, err
	}
	p := &CalendarPage{Base: Base{Title: "Lịch ngày làm việc"}, Year: year, Days: days, Covered: cal.Covers(year),
		CanEdit: canEditCalendar(r), Form: f, Kinds: calendarKinds()}
	this := time.Now().In(congvu.TimeZone).Year()
	years := append(cal.Years(), this, this+1, year)
	slices.Sort(years)
	for _, y := range slices.Compact(years) {
		p.Years = append(p.Years, NavItem{Label: strconv.Itoa(y), Href: "/settings/calendar?" + calendarYearParam + "=" + strconv.Itoa(y), Current: y == year})
	}
	return p, nil
}

// calendarYear is the year asked for, this year when none or unreadable.
func calendarYear(r *http.Request) int {
	if y, err := strconv.Atoi(r.URL.Query().Get(calendarYearParam)); err == nil && y >= 2000 && y <= 9999 {
		return y
	}
	return time.Now().In(congvu.TimeZone).Year()
}

func (s *Server) calendarDays(w http.ResponseWriter, r *http.Request) error {
	p, err := s.calendarPage(r, calendarYear(r), NewForm(nil))
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusOK, "calendar.html", p)
}

// calendarDayInput reads the day form; what cannot be read is reported on
// f (the service checks the rest).
func calendarDayInput(f *Form) calendar.DayInput {
	in := calendar.DayInput{Kind: calendar.Kind(f.Get("kind")), Name: f.Get("name"), LegalBasis: f.Get("legal_basis")}
	if v := f.Get("date"); v == "" {
		f.AddError("date", "Xin nhập ngày.")
	} else if t, ok := congvu.ParseDate(v, congvu.TimeZone); ok {
		in.Date = t
	} else {
		f.AddError("date", "Ngày phải có dạng ngày/tháng/năm, ví dụ 10/02/2027.")
	}
	return in
}

// calendarNotSaved is the summary of a day form that failed.
const calendarNotSaved = "Ngày chưa được lưu, xin kiểm tra lại các ô được đánh dấu."

func (s *Server) createCalendarDay(w http.ResponseWriter, r *http.Request) error {
	if !canEditCalendar(r) {
		return errCalendarForbidden()
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := calendarDayInput(f)
	year := calendarYear(r)
	if !f.Failed() {
		d, err := s.Services.Calendar.CreateDay(r.Context(), in)
		if err == nil {
			return s.Redirect(w, r, "/settings/calendar?"+calendarYearParam+"="+strconv.Itoa(d.Date.Year()), "them-ngay-lich")
		}
		if !f.SetError(err) {
			return err
		}
	}
	f.Summarize(calendarNotSaved)
	if !in.Date.IsZero() {
		year = in.Date.In(congvu.TimeZone).Year()
	}
	p, err := s.calendarPage(r, year, f)
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusBadRequest, "calendar.html", p)
}

// calendarDay loads the day of the path, for its editors only.
func (s *Server) calendarDay(r *http.Request) (*calendar.Day, error) {
	if !canEditCalendar(r) {
		return nil, errCalendarForbidden()
	}
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.Services.Calendar.FindDayByID(r.Context(), id)
}

func (s *Server) renderCalendarDay(w http.ResponseWriter, r *http.Request, status int, d *calendar.Day, f *Form) error {
	p := &CalendarDayPage{Base: Base{Title: "Sửa ngày " + d.Date.In(congvu.TimeZone).Format("02/01/2006"),
		Crumbs: []Link{{Label: "Lịch ngày làm việc", Href: "/settings/calendar?" + calendarYearParam + "=" + strconv.Itoa(d.Date.Year())}}},
		Day: d, Form: f, Kinds: calendarKinds()}
	return s.Render(w, r, status, "calendar_day.html", p)
}

func (s *Server) calendarDayForm(w http.ResponseWriter, r *http.Request) error {
	d, err := s.calendarDay(r)
	if err != nil {
		return err
	}
	f := NewForm(nil)
	f.Set("date", d.Date.In(congvu.TimeZone).Format("02/01/2006"))
	f.Set("kind", string(d.Kind))
	f.Set("name", d.Name)
	f.Set("legal_basis", d.LegalBasis)
	return s.renderCalendarDay(w, r, http.StatusOK, d, f)
}

func (s *Server) updateCalendarDay(w http.ResponseWriter, r *http.Request) error {
	d, err := s.calendarDay(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := calendarDayInput(f)
	if !f.Failed() {
		saved, err := s.Services.Calendar.UpdateDay(r.Context(), d.ID, in)
		if err == nil {
			return s.Redirect(w, r, "/settings/calendar?"+calendarYearParam+"="+strconv.Itoa(saved.Date.Year()), "sua-ngay-lich")
		}
		if !f.SetError(err) {
			return err
		}
	}
	f.Summarize(calendarNotSaved)
	return s.renderCalendarDay(w, r, http.StatusBadRequest, d, f)
}

func (s *Server) deleteCalendarDay(w http.ResponseWriter, r *http.Request) error {
	d, err := s.calendarDay(r)
	if err != nil {
		return err
	}
	if err := s.Services.Calendar.DeleteDay(r.Context(), d.ID); err != nil {
		return err
	}
	return s.Redirect(w, r, "/settings/calendar?"+calendarYearParam+"="+strconv.Itoa(d.Date.Year()), "xoa-ngay-lich")
}
