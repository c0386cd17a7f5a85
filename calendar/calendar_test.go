package calendar_test

import (
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/calendar"
)

func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := calendar.ParseKey(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// endOf is the last second of a day in Vietnam, when deadlines end.
func endOf(t *testing.T, s string) time.Time {
	return day(t, s).AddDate(0, 0, 1).Add(-time.Second)
}

// The 2026 National Day swap (Monday 31/8 off, Saturday 22/8 worked; 1/9
// and 2/9 holidays) and Giỗ Tổ on a Sunday with its day off the Monday.
func sample(t *testing.T) *calendar.Calendar {
	return calendar.New([]*calendar.Day{
		{Date: day(t, "2026-04-26"), Kind: calendar.Holiday, Name: "Giỗ Tổ Hùng Vương"},
		{Date: day(t, "2026-04-27"), Kind: calendar.DayOff, Name: "Nghỉ bù Giỗ Tổ"},
		{Date: day(t, "2026-04-30"), Kind: calendar.Holiday, Name: "30/4"},
		{Date: day(t, "2026-05-01"), Kind: calendar.Holiday, Name: "1/5"},
		{Date: day(t, "2026-08-22"), Kind: calendar.WorkDay, Name: "Làm bù"},
		{Date: day(t, "2026-08-31"), Kind: calendar.DayOff, Name: "Nghỉ hoán đổi"},
		{Date: day(t, "2026-09-01"), Kind: calendar.Holiday, Name: "Quốc khánh"},
		{Date: day(t, "2026-09-02"), Kind: calendar.Holiday, Name: "Quốc khánh"},
	})
}

func TestIsWorkingDay(t *testing.T) {
	c := sample(t)
	for s, want := range map[string]bool{
		"2026-04-24": true,  // Friday
		"2026-04-25": false, // Saturday
		"2026-04-26": false, // holiday on a Sunday
		"2026-04-27": false, // its day off
		"2026-04-28": true,  // Tuesday
		"2026-04-30": false, // holiday
		"2026-08-22": true,  // Saturday worked
		"2026-08-29": false, // an ordinary Saturday
		"2026-08-31": false, // Monday swapped
		"2026-09-03": true,
	} {
		if got := c.IsWorkingDay(day(t, s)); got != want {
			t.Errorf("%s working %v, want %v", s, got, want)
		}
	}
	// The day is the day in Vietnam: 17:30 UTC on Friday 28/8 is already
	// Saturday 29/8 there.
	if c.IsWorkingDay(time.Date(2026, 8, 28, 17, 30, 0, 0, time.UTC)) {
		t.Error("Saturday in Vietnam counted as Friday")
	}
	// No calendar: Monday to Friday.
	var none *calendar.Calendar
	if !none.IsWorkingDay(day(t, "2026-09-02")) || none.IsWorkingDay(day(t, "2026-08-22")) || none.Covers(2026) {
		t.Error("a nil calendar is not Monday to Friday")
	}
	if !c.Covers(2026) || c.Covers(2027) || len(c.Years()) != 1 {
		t.Errorf("years %v", c.Years())
	}
}

func TestWorkingDaysAfter(t *testing.T) {
	c := sample(t)
	for _, x := range []struct {
		event string
		n     int
		want  string
	}{
		// Friday 21/8, 17:00: the day itself is not counted; Saturday 22/8
		// is worked (1), Monday 24 to Friday 28 (2–6).
		{"2026-08-21 17:00", 6, "2026-08-28"},
		// Friday 28/8: Monday 31/8, 1/9 and 2/9 are off; Thursday 3/9 is the first.
		{"2026-08-28 09:00", 1, "2026-09-03"},
		{"2026-08-28 09:00", 3, "2026-09-07"},
		// An event on a holiday: counting starts the next day.
		{"2026-09-01 10:00", 1, "2026-09-03"},
		// Friday 24/4: the weekend, Giỗ Tổ's day off; 28, 29, then 30/4
		// and 1/5 off, Monday 4/5.
		{"2026-04-24 08:00", 3, "2026-05-04"},
	} {
		ev, _ := time.ParseInLocation("2006-01-02 15:04", x.event, congvu.TimeZone)
		if got := c.WorkingDaysAfter(ev, x.n); !got.Equal(endOf(t, x.want)) {
			t.Errorf("%d working days after %s: %v, want end of %s", x.n, x.event, got, x.want)
		}
	}
}

func TestDaysAfter(t *testing.T) {
	c := sample(t)
	for _, x := range []struct {
		event string
		n     int
		want  string
	}{
		{"2026-08-20", 1, "2026-08-21"}, // a Friday: stays
		{"2026-08-20", 2, "2026-08-22"}, // the Saturday worked: stays
		{"2026-08-20", 8, "2026-08-28"}, // Friday 28/8: stays
		{"2026-08-21", 8, "2026-09-03"}, // Saturday 29/8 → past 31/8, 1/9, 2/9 → Thursday 3/9
		{"2026-08-22", 10, "2026-09-03"},
		{"2026-04-16", 10, "2026-04-28"}, // Sunday 26/4 (Giỗ Tổ), 27/4 off → Tuesday 28/4
	} {
		if got := c.DaysAfter(day(t, x.event).Add(15*time.Hour), x.n); !got.Equal(endOf(t, x.want)) {
			t.Errorf("%d days after %s: %v, want end of %s", x.n, x.event, got.In(congvu.TimeZone), x.want)
		}
	}
}

func TestShiftWorkingDays(t *testing.T) {
	c := sample(t)
	due := endOf(t, "2026-09-03") // Thursday after the National Day
	if got := c.ShiftWorkingDays(due, -1); !got.Equal(endOf(t, "2026-08-28")) {
		t.Errorf("a working day before: %v", got)
	}
	if got := c.ShiftWorkingDays(endOf(t, "2026-08-24"), -1); !got.Equal(endOf(t, "2026-08-22")) {
		t.Errorf("a working day before Monday 24/8 is the Saturday worked: %v", got)
	}
	if got := c.ShiftWorkingDays(endOf(t, "2026-08-28"), 2); !got.Equal(endOf(t, "2026-09-04")) {
		t.Errorf("two working days after: %v", got)
	}
	if got := c.NextWorkingDay(endOf(t, "2026-08-29")); !got.Equal(endOf(t, "2026-09-03")) {
		t.Errorf("next working day %v", got)
	}
	if got := c.PrevWorkingDay(endOf(t, "2026-09-02")); !got.Equal(endOf(t, "2026-08-28")) {
		t.Errorf("previous working day %v", got)
	}
}

func TestDayInputValidate(t *testing.T) {
	good := calendar.DayInput{Date: day(t, "2026-08-22").Add(10 * time.Hour), Kind: calendar.WorkDay,
		Name: "  Làm bù  ", LegalBasis: "Văn bản của Văn phòng Chính phủ"}
	in := good
	if err := in.Validate(); err != nil {
		t.Fatal(err)
	}
	if in.Name != "Làm bù" || !in.Date.Equal(day(t, "2026-08-22")) {
		t.Errorf("not normalised: %+v", in)
	}
	for field, edit := range map[string]func(*calendar.DayInput){
		"date":        func(in *calendar.DayInput) { in.Date = time.Time{} },
		"kind":        func(in *calendar.DayInput) { in.Kind = "weekend" },
		"name":        func(in *calendar.DayInput) { in.Name = " " },
		"legal_basis": func(in *calendar.DayInput) { in.LegalBasis = strings.Repeat("đ", 501) },
	} {
		in := good
		edit(&in)
		if err := in.Validate(); congvu.ErrorCode(err) != congvu.EINVALID || congvu.ErrorFields(err)[field] == "" {
			t.Errorf("%s: %v", field, err)
		}
	}
	// A worked day is a weekend day; a day off a weekday.
	in = good
	in.Date = day(t, "2026-08-21")
	if err := in.Validate(); congvu.ErrorFields(err)["date"] == "" {
		t.Errorf("a Friday worked in exchange: %v", err)
	}
	in = good
	in.Kind = calendar.DayOff
	if err := in.Validate(); congvu.ErrorFields(err)["date"] == "" {
		t.Errorf("a Saturday as a day off: %v", err)
	}
	in = good
	in.Kind = calendar.Holiday // a holiday may fall on a Saturday
	if err := in.Validate(); err != nil {
		t.Errorf("a holiday on a Saturday: %v", err)
	}
}
