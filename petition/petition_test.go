package petition_test

import (
	"congvu/calendar"
	"congvu/petition"
	"strings"
	"testing"
	"time"

	"congvu"
)

func TestDeadlineRuleDays(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, congvu.TimeZone)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	working := petition.DeadlineRule{Days: 3, WorkingDays: true}
	days := petition.DeadlineRule{Days: 3}
	var week *calendar.Calendar // no holidays: Monday to Friday
	// Received on Thursday 3/12/2026: three working days end on Tuesday.
	if got, want := working.AddDays(week, at("2026-12-03 10:00")), at("2026-12-08 23:59").Add(59*time.Second); !got.Equal(want) {
		t.Errorf("working deadline %v, want %v", got, want)
	}
	// Three calendar days end on Sunday 6/12, a day off: the deadline
	// moves to Monday (Civil Code 2015, Art. 148(5)).
	if got, want := days.AddDays(week, at("2026-12-03 10:00")), at("2026-12-07 23:59").Add(59*time.Second); !got.Equal(want) {
		t.Errorf("calendar deadline %v, want %v", got, want)
	}
	// A deadline on Friday: reminded a working day before (Thursday),
	// escalated two working days after (Tuesday), not on Sunday.
	due := at("2026-12-04 23:59")
	if got, want := working.Shift(week, due, -1), at("2026-12-03 23:59"); !got.Equal(want) {
		t.Errorf("reminder %v, want %v", got, want)
	}
	if got, want := working.Shift(week, due, 2), at("2026-12-08 23:59"); !got.Equal(want) {
		t.Errorf("escalation %v, want %v", got, want)
	}
	// Two calendar days after Friday is Sunday: escalated on Monday.
	if got, want := days.Shift(week, due, 2), at("2026-12-07 23:59"); !got.Equal(want) {
		t.Errorf("calendar escalation %v, want %v", got, want)
	}
	// Two calendar days before Monday 7/12 is Saturday: reminded on Friday.
	if got, want := days.Shift(week, at("2026-12-07 23:59"), -2), at("2026-12-04 23:59"); !got.Equal(want) {
		t.Errorf("calendar reminder %v, want %v", got, want)
	}
	if working.DayWord() != "ngày làm việc" || days.DayWord() != "ngày" {
		t.Error("day words")
	}
}

func TestPetitionStepsFollowTheWorkflow(t *testing.T) {
	for _, c := range []struct {
		from petition.Status
		want []petition.Step
	}{
		{petition.Received, []petition.Step{petition.StepAccept, petition.StepReject, petition.StepRefer}},
		{petition.Accepted, []petition.Step{petition.StepAssign, petition.StepSuspend, petition.StepRefer}},
		{petition.Assigned, []petition.Step{petition.StepVerify, petition.StepTransfer, petition.StepExtend, petition.StepSuspend, petition.StepRefer}},
		{petition.Verifying, []petition.Step{petition.StepTransfer, petition.StepConclude, petition.StepExtend, petition.StepSuspend, petition.StepRefer}},
		{petition.Suspended, []petition.Step{petition.StepResume, petition.StepRefer}},
		{petition.Withdrawn, nil},
		{petition.Referred, nil},
		{petition.Concluded, []petition.Step{petition.StepClose}},
		{petition.Closed, nil},
		{petition.Rejected, nil},
	} {
		got := petition.StepsFrom(c.from)
		if len(got) != len(c.want) {
			t.Errorf("from %s: %v, want %v", c.from, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("from %s: %v, want %v", c.from, got, c.want)
			}
		}
		if stage := petition.StageOf(c.from); (stage == "") != c.from.ClockStopped() {
			t.Errorf("%s: stage %q", c.from, stage)
		}
	}
	for _, c := range petition.Categories {
		if c != petition.Other && len(c.Items()) == 0 {
			t.Errorf("%s breaches no standard item", c)
		}
	}
}

func TestLimitWindowIsAlignedInVietnam(t *testing.T) {
	at := time.Date(2026, 12, 1, 6, 30, 0, 0, congvu.TimeZone) // 23:30 UTC the day before
	if got, want := congvu.LimitWindow(at, 24*time.Hour), time.Date(2026, 12, 1, 0, 0, 0, 0, congvu.TimeZone); !got.Equal(want) {
		t.Errorf("daily window starts %v, want %v", got, want)
	}
	if got, want := congvu.LimitWindow(at, time.Hour), time.Date(2026, 12, 1, 6, 0, 0, 0, congvu.TimeZone); !got.Equal(want) {
		t.Errorf("hourly window starts %v, want %v", got, want)
	}
}

// A form sent faster than a person fills it is refused with words that say
// what to do; an unmeasured fill (the API) is not.
func TestCheckFillTime(t *testing.T) {
	for _, fill := range []time.Duration{time.Millisecond, petition.MinFillTime - time.Millisecond} {
		err := petition.CheckFillTime(fill)
		if congvu.ErrorCode(err) != congvu.EINVALID || len(congvu.ErrorFields(err)) != 0 || !strings.Contains(congvu.ErrorMessage(err), "xin đợi vài giây") {
			t.Errorf("fill %v: %v", fill, err)
		}
	}
	for _, fill := range []time.Duration{0, petition.MinFillTime, time.Hour} {
		if err := petition.CheckFillTime(fill); err != nil {
			t.Errorf("fill %v refused: %v", fill, err)
		}
	}
}
