package calendarsql_test

import (
	"context"
	"testing"
	"time"

	"congvu"
	"congvu/calendar"
	"congvu/sqldb"
	"congvu/sqldb/calendarsql"
	"congvu/sqldb/sqldbtest"
)

func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := calendar.ParseKey(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The product ships 2025, 2026 and 2027, each day with its citation, on
// both engines.
func TestCalendarShipsThreeYears(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := calendarsql.NewCalendarService(db)
		c, err := s.Calendar(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if ys := c.Years(); len(ys) != 3 || ys[0] != 2025 || ys[2] != 2027 {
			t.Fatalf("years %v", ys)
		}
		for d, want := range map[string]bool{
			"2025-01-29": false, // mùng 1 Tết Ất Tỵ
			"2025-04-26": true,  // Saturday worked for Friday 2/5
			"2025-05-02": false,
			"2026-01-02": false, // swapped with Saturday 10/1
			"2026-01-10": true,
			"2026-02-16": false, // Tết Bính Ngọ, 16 to 20/2
			"2026-02-20": false,
			"2026-02-23": true,
			"2026-04-27": false, // Giỗ Tổ fell on Sunday 26/4
			"2026-08-22": true,  // worked for Monday 31/8
			"2026-08-31": false,
			"2027-02-05": false, // Tết Đinh Mùi
			"2027-02-11": true,
			"2027-04-16": false, // Giỗ Tổ
			"2027-05-03": false, // 1/5 fell on Saturday
		} {
			if got := c.IsWorkingDay(day(t, d)); got != want {
				t.Errorf("%s working %v, want %v", d, got, want)
			}
		}
		for _, y := range []int{2025, 2026, 2027} {
			days, err := s.FindDays(context.Background(), y)
			if err != nil {
				t.Fatal(err)
			}
			holidays := 0
			for _, d := range days {
				if d.Date.Year() != y || d.Name == "" || d.LegalBasis == "" {
					t.Errorf("%d: %+v", y, d)
				}
				if d.Kind == calendar.Holiday {
					holidays++
				}
			}
			// Labour Code 2019, Art. 112: 11 days a year.
			if holidays != 11 {
				t.Errorf("%d: %d holidays, want 11", y, holidays)
			}
		}
	})
}

func TestCalendarEdits(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := calendarsql.NewCalendarService(db)
		admin := sqldbtest.As(sqldbtest.Actor(900, congvu.RoleAdmin, 1, congvu.RootUnitPath))
		ctx := context.Background()
		// 1/1/2028 is a Saturday: its day off falls on Monday 3/1. Only an
		// administrator of the whole country may add it.
		in := calendar.DayInput{Date: day(t, "2028-01-03"), Kind: calendar.DayOff, Name: "Nghỉ bù Tết Dương lịch",
			LegalBasis: "Bộ luật Lao động 2019, Điều 111 khoản 3"}
		for _, who := range []context.Context{ctx, sqldbtest.As(sqldbtest.Actor(901, congvu.RoleSupervisor, 1, congvu.RootUnitPath)),
			sqldbtest.As(sqldbtest.Actor(902, congvu.RoleAdmin, 2, "/1/2/"))} {
			_, err := s.CreateDay(who, in)
			sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		}
		before, err := s.Calendar(ctx) // cached from here on
		if err != nil {
			t.Fatal(err)
		}
		if before.Covers(2028) {
			t.Fatal("2028 has data")
		}
		d, err := s.CreateDay(admin, in)
		if err != nil {
			t.Fatal(err)
		}
		after, err := s.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !after.Covers(2028) || after.IsWorkingDay(day(t, "2028-01-03")) {
			t.Error("the cache kept the calendar before the write")
		}
		_, err = s.CreateDay(admin, in)
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		bad := in
		bad.Name = ""
		_, err = s.CreateDay(admin, bad)
		sqldbtest.Code(t, err, congvu.EINVALID)

		// Edit: the day moves to Tuesday 4/1.
		in.Date = day(t, "2028-01-04")
		if _, err := s.UpdateDay(admin, d.ID, in); err != nil {
			t.Fatal(err)
		}
		c, _ := s.Calendar(ctx)
		if !c.IsWorkingDay(day(t, "2028-01-03")) || c.IsWorkingDay(day(t, "2028-01-04")) {
			t.Error("the edit is not seen")
		}
		got, err := s.FindDayByID(ctx, d.ID)
		if err != nil || got.Name != in.Name || !got.Date.Equal(day(t, "2028-01-04")) || got.UpdatedAt.IsZero() {
			t.Errorf("stored %+v, %v", got, err)
		}
		// Moving it onto a day that has one already.
		in.Date = day(t, "2027-05-03")
		_, err = s.UpdateDay(admin, d.ID, in)
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		_, err = s.UpdateDay(ctx, d.ID, in)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)

		// Delete.
		sqldbtest.Code(t, s.DeleteDay(ctx, d.ID), congvu.EFORBIDDEN)
		if err := s.DeleteDay(admin, d.ID); err != nil {
			t.Fatal(err)
		}
		sqldbtest.Code(t, s.DeleteDay(admin, d.ID), congvu.ENOTFOUND)
		if c, _ := s.Calendar(ctx); c.Covers(2028) {
			t.Error("the deleted day is still in the calendar")
		}
		_, err = s.FindDayByID(ctx, d.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)

		// Every write is audited, with what the day was.
		for kind, want := range map[string]int{"calendar.day.add": 1, "calendar.day.update": 1, "calendar.day.delete": 1} {
			if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = $1 AND entity_type = 'calendar_day' AND entity_id = $2`, kind, d.ID); n != want {
				t.Errorf("%s: %d audit events", kind, n)
			}
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'calendar.day.delete' AND CAST(before_json AS TEXT) LIKE '%2028-01-04%'`); n != 1 {
			t.Error("the deletion does not record the day")
		}
	})
}
