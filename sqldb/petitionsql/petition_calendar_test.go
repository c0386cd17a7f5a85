package petitionsql_test

import (
	"context"
	"testing"
	"time"

	"congvu"
	"congvu/calendar"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// endOfDay is the last second of a day in Vietnam: when a deadline ends.
func endOfDay(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 23, 59, 59, 0, congvu.TimeZone)
}

// A petition received the Friday before Tết 2027 is due when the law says,
// counted on the shipped calendar.
func TestPetitionDeadlinesSkipTet2027(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := pxSetup(t, db)

		// Received on Friday 5/2/2027 at 10:00, the last day of the lunar
		// year (mùng 1 Tết Đinh Mùi is Saturday 6/2). The stage "xem xét,
		// thụ lý" lasts 10 working days (Law on Citizen Reception 2013,
		// Art. 28), counted from the next day (Civil Code 2015, Art.
		// 147(3)): Saturday 6 and Sunday 7 are the weekly rest; Monday 8,
		// Tuesday 9 and Wednesday 10/2 are Tết days off (the shipped 2027
		// plan); so Thursday 11/2 is the first working day and the tenth is
		// Wednesday 24/2/2027 (11, 12, 15, 16, 17, 18, 19, 22, 23, 24).
		// Counting Monday to Friday alone would give Friday 19/2.
		x.set(time.Date(2027, 2, 5, 10, 0, 0, 0, congvu.TimeZone))
		p := x.submit(t, x.an, 0, petition.Delay)
		if want := endOfDay(2027, 2, 24); p.DueAt == nil || !p.DueAt.Equal(want) {
			t.Fatalf("received on 5/2/2027: due %v, want %v", p.DueAt.In(congvu.TimeZone), want)
		}

		// The stage "xác minh, kết luận" counts 30 calendar days: assigned
		// on Tuesday 5/1/2027 it would end on Thursday 4/2/2027, a Tết day
		// off, so it ends on the next working day, Thursday 11/2/2027
		// (Civil Code 2015, Art. 148(5)).
		x.set(time.Date(2027, 1, 5, 9, 0, 0, 0, congvu.TimeZone))
		q := x.submit(t, x.an, 0, petition.Delay)
		x.step(t, x.d1Head, q.ID, petition.StepInput{Step: petition.StepAccept})
		q = x.step(t, x.d1Head, q.ID, petition.StepInput{Step: petition.StepAssign})
		if want := endOfDay(2027, 2, 11); q.DueAt == nil || !q.DueAt.Equal(want) {
			t.Errorf("assigned on 5/1/2027: due %v, want %v", q.DueAt.In(congvu.TimeZone), want)
		}

		// The reminder (2 working days before Wednesday 24/2: Monday 22/2)
		// is not sent before it.
		if res, err := x.ps.Sweep(context.Background(), time.Date(2027, 2, 19, 12, 0, 0, 0, congvu.TimeZone)); err != nil || res.Reminded != 0 {
			t.Errorf("sweep on Friday 19/2: %+v, %v", res, err)
		}
		if res, err := x.ps.Sweep(context.Background(), endOfDay(2027, 2, 22).Add(time.Minute)); err != nil || res.Reminded != 1 {
			t.Errorf("sweep on Tuesday 23/2: %+v, %v", res, err)
		}
	})
}

// An administrator's edit of the calendar changes the next deadline
// counted, at once, and leaves those already set.
func TestPetitionDeadlinesFollowCalendarEdits(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := pxSetup(t, db)
		received := time.Date(2027, 2, 5, 10, 0, 0, 0, congvu.TimeZone)
		x.set(received)
		first := x.submit(t, x.an, 0, petition.Delay)
		if !first.DueAt.Equal(endOfDay(2027, 2, 24)) {
			t.Fatalf("due %v", first.DueAt.In(congvu.TimeZone))
		}
		// Suppose the Government's decision for Tết 2027 has a Saturday
		// worked, 20/2: entered, the next petition is due a day earlier.
		if _, err := x.cal.CreateDay(x.admin, calendar.DayInput{Date: time.Date(2027, 2, 20, 0, 0, 0, 0, congvu.TimeZone),
			Kind: calendar.WorkDay, Name: "Làm việc bù", LegalBasis: "Văn bản giả định của kiểm thử"}); err != nil {
			t.Fatal(err)
		}
		x.set(received.Add(time.Hour))
		second := x.submit(t, x.binh, 0, petition.Delay)
		if want := endOfDay(2027, 2, 23); !second.DueAt.Equal(want) {
			t.Errorf("after the edit: due %v, want %v", second.DueAt.In(congvu.TimeZone), want)
		}
		if got, err := x.ps.FindPetition(x.d1Head, first.ID); err != nil || !got.DueAt.Equal(endOfDay(2027, 2, 24)) {
			t.Errorf("the earlier deadline moved: %v, %v", got.DueAt, err)
		}
	})
}
