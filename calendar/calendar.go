// Package calendar is the working-day calendar every deadline is counted on:
// Monday to Friday, minus public holidays and the days off the Government
// swaps, plus the Saturdays it declares worked in exchange (Labour Code 2019,
// Art. 112; a yearly notice of the Ministry of Labour or of Home Affairs, on
// the Prime Minister's decision). The exceptions are dated data entered per
// year, with their citation, never computed: Tết and Giỗ Tổ follow the lunar
// calendar. A year with no data falls back to Monday to Friday.
//
// Deadlines follow two rules of the Civil Code 2015: the day of the event is
// not counted (Art. 147(3)); a deadline that ends on a weekly rest day or a
// public holiday ends at the end of the next working day (Art. 148(5)). All
// dates are days in Vietnam (congvu.TimeZone).
package calendar

import (
	"congvu"
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Kind is what an exception does to its day.
type Kind string

// The kinds of exception.
const (
	// Holiday is a public holiday (nghỉ lễ, Tết) of Labour Code 2019,
	// Art. 112.
	Holiday Kind = "holiday"
	// DayOff is a weekday not worked: a day swapped with a worked Saturday,
	// or the compensating day for a holiday falling on a weekend (nghỉ bù).
	DayOff Kind = "day_off"
	// WorkDay is a Saturday or Sunday worked in exchange for a day off
	// (làm bù).
	WorkDay Kind = "work_day"
)

// Kinds lists every kind, in the order forms offer them.
var Kinds = []Kind{Holiday, DayOff, WorkDay}

// Label is the Vietnamese name of the kind.
func (k Kind) Label() string {
	switch k {
	case Holiday:
		return "Nghỉ lễ, Tết"
	case DayOff:
		return "Nghỉ bù, hoán đổi"
	case WorkDay:
		return "Làm việc bù"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Working reports whether a day of this kind is worked.
func (k Kind) Working() bool { return k == WorkDay }

// Day is one exception to the Monday–Friday week.
type Day struct {
	ID         int64     `json:"id"`
	Date       time.Time `json:"date"` // midnight, congvu.TimeZone
	Kind       Kind      `json:"kind"`
	Name       string    `json:"name"`                // "Tết Nguyên đán (mùng 1 Tết)"
	LegalBasis string    `json:"legal_basis"`         // the citation
	UpdatedAt  time.Time `json:"updated_at,omitzero"` // zero for a day shipped with the product
}

// DayInput creates or replaces an exception.
type DayInput struct {
	Date       time.Time // any instant of the day, read in congvu.TimeZone
	Kind       Kind
	Name       string
	LegalBasis string
}

// Text limits, in characters.
const (
	MaxName       = 200
	MaxLegalBasis = 500
)

// Service keeps the calendar. Reading is open to anyone (it is public law);
// writes need congvu.ActCalendarManage on the whole tree (EFORBIDDEN) and are
// audited.
type Service interface {
	Source
	// FindDays lists the exceptions of a year, by date.
	FindDays(ctx context.Context, year int) ([]*Day, error)
	// FindDayByID returns one exception; ENOTFOUND.
	FindDayByID(ctx context.Context, id int64) (*Day, error)
	// CreateDay adds an exception; EINVALID with field messages (see
	// Validate), ECONFLICT when the date already has one.
	CreateDay(ctx context.Context, in DayInput) (*Day, error)
	// UpdateDay replaces an exception; EINVALID, ECONFLICT, ENOTFOUND.
	UpdateDay(ctx context.Context, id int64, in DayInput) (*Day, error)
	// DeleteDay removes an exception; ENOTFOUND.
	DeleteDay(ctx context.Context, id int64) error
}

// Source gives the calendar in force. Every deadline is counted on it.
type Source interface {
	// Calendar returns the calendar with every stored exception.
	Calendar(ctx context.Context) (*Calendar, error)
}

// Calendar is the working-day calendar: the week, and the exceptions by
// date. It is immutable once built. A nil *Calendar knows no exceptions:
// Monday to Friday.
type Calendar struct {
	days  map[civil]*Day
	years map[int]bool
}

// civil is a day of the Gregorian calendar, with no zone.
type civil struct {
	y int
	m time.Month
	d int
}

func civilOf(t time.Time) civil {
	t = t.In(congvu.TimeZone)
	return civil{t.Year(), t.Month(), t.Day()}
}

// New builds a calendar from its exceptions; a later exception of the same
// date replaces an earlier one.
func New(days []*Day) *Calendar {
	c := &Calendar{days: make(map[civil]*Day, len(days)), years: map[int]bool{}}
	for _, d := range days {
		k := civilOf(d.Date)
		c.days[k] = d
		c.years[k.y] = true
	}
	return c
}

// Exception returns the exception of t's day, or nil.
func (c *Calendar) Exception(t time.Time) *Day {
	if c == nil {
		return nil
	}
	return c.days[civilOf(t)]
}

// Covers reports whether the year has data: without it, deadlines in that
// year fall back to Monday to Friday, holidays not known.
func (c *Calendar) Covers(year int) bool { return c != nil && c.years[year] }

// Years lists the years with data, in order.
func (c *Calendar) Years() []int {
	if c == nil {
		return nil
	}
	var ys []int
	for y := range c.years {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	return ys
}

// IsWorkingDay reports whether t's day (in Vietnam) is worked: Monday to
// Friday unless a holiday or a day off, Saturday or Sunday when declared
// worked.
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	if d := c.Exception(t); d != nil {
		return d.Kind.Working()
	}
	wd := t.In(congvu.TimeZone).Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// endOfDay is the last second of t's day in Vietnam: a deadline on a day
// runs to its end.
func endOfDay(t time.Time) time.Time {
	return congvu.Date(t).AddDate(0, 0, 1).Add(-time.Second)
}

// WorkingDaysAfter is the deadline n working days after the event: the end
// of the n-th working day after the event's day (the day of the event is not
// counted, worked or not). n < 1 gives the end of the event's day.
func (c *Calendar) WorkingDaysAfter(event time.Time, n int) time.Time {
	day := congvu.Date(event)
	for n > 0 {
		day = day.AddDate(0, 0, 1)
		if c.IsWorkingDay(day) {
			n--
		}
	}
	return endOfDay(day)
}

// DaysAfter is the deadline n calendar days after the event: the end of the
// n-th day after the event's day, or, when that day is not worked, of the
// next working day. Civil Code 2015, Art. 147(2)–(3) (a period in days, or
// from an event, starts the day after) and Art. 148(1), (5) (it ends at the
// end of its last day; a last day that is a weekly rest day or a public
// holiday gives way to the next working day).
func (c *Calendar) DaysAfter(event time.Time, n int) time.Time {
	return c.NextWorkingDay(endOfDay(congvu.Date(event).AddDate(0, 0, n)))
}

// NextWorkingDay returns t if its day is worked, else the same clock time
// on the first working day after it.
func (c *Calendar) NextWorkingDay(t time.Time) time.Time {
	for !c.IsWorkingDay(t) {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

// PrevWorkingDay returns t if its day is worked, else the same clock time
// on the last working day before it.
func (c *Calendar) PrevWorkingDay(t time.Time) time.Time {
	for !c.IsWorkingDay(t) {
		t = t.AddDate(0, 0, -1)
	}
	return t
}

// ShiftWorkingDays moves t by n working days, keeping its clock time:
// forward, or back when n < 0. Days off on the way are not counted.
func (c *Calendar) ShiftWorkingDays(t time.Time, n int) time.Time {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	t = t.In(congvu.TimeZone)
	for n > 0 {
		t = t.AddDate(0, 0, step)
		if c.IsWorkingDay(t) {
			n--
		}
	}
	return t
}

// Validate trims in and checks it: a date (years 2000 to 9999), a known
// kind, a name and a citation within their limits; a worked day is a
// Saturday or a Sunday, a day off a weekday (a holiday may fall on any
// day). EINVALID with a Vietnamese message per field.
func (in *DayInput) Validate() error {
	in.Name = strings.TrimSpace(in.Name)
	in.LegalBasis = strings.TrimSpace(in.LegalBasis)
	v := congvu.Validation{}
	if in.Date.IsZero() {
		v.Add("date", "Xin nhập ngày.")
	} else if y := in.Date.In(congvu.TimeZone).Year(); y < 2000 || y > 9999 {
		v.Add("date", "Ngày không hợp lệ.")
	} else {
		in.Date = congvu.Date(in.Date)
		weekend := in.Date.Weekday() == time.Saturday || in.Date.Weekday() == time.Sunday
		switch {
		case in.Kind == WorkDay && !weekend:
			v.Add("date", "Ngày làm việc bù phải là thứ Bảy hoặc Chủ nhật.")
		case in.Kind == DayOff && weekend:
			v.Add("date", "Ngày nghỉ hoán đổi, nghỉ bù phải là ngày từ thứ Hai đến thứ Sáu.")
		}
	}
	if !in.Kind.Valid() {
		v.Add("kind", "Xin chọn loại ngày.")
	}
	switch n := utf8.RuneCountInString(in.Name); {
	case n == 0:
		v.Add("name", "Xin nhập tên ngày nghỉ hoặc lý do.")
	case n > MaxName:
		v.Add("name", "Tên không được dài quá 200 ký tự.")
	}
	switch n := utf8.RuneCountInString(in.LegalBasis); {
	case n == 0:
		v.Add("legal_basis", "Xin nhập căn cứ pháp lý (văn bản, điều, khoản).")
	case n > MaxLegalBasis:
		v.Add("legal_basis", "Căn cứ pháp lý không được dài quá 500 ký tự.")
	}
	return v.Err()
}

// Key is the day as stored: YYYY-MM-DD, in Vietnam.
func Key(t time.Time) string { return t.In(congvu.TimeZone).Format(time.DateOnly) }

// ParseKey reads a stored day as midnight in Vietnam.
func ParseKey(s string) (time.Time, error) {
	return time.ParseInLocation(time.DateOnly, s, congvu.TimeZone)
}

// weekdays are the Vietnamese names of the days of the week.
var weekdays = [7]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// Weekday is the Vietnamese name of the day's day of the week ("Thứ Bảy").
func (d *Day) Weekday() string { return weekdays[d.Date.In(congvu.TimeZone).Weekday()] }
