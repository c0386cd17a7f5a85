package petitionsql_test

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"congvu"
	"congvu/org"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/calendarsql"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/petitionsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
)

// pxFix is a unit tree with handlers and a petition service: P1 > D1 > C1
// and P1 > D2; P2 alone. D1's head (email d1@) handles petitions about C1,
// P1's supervisor (email p1@) those about D1 and D2 and is where D1's
// overdue petitions escalate.
type pxFix struct {
	db                 *sqldb.DB
	clock              *sqldbtest.Clock
	ps                 *petitionsql.PetitionService
	cal                *calendarsql.CalendarService
	P1, D1, C1, D2, P2 int64
	P1Path, D1Path     string
	C1Path, D2Path     string
	P2Path             string
	an, binh, chi      *org.Official // an and binh in C1, chi in D2
	d1Head, p1Sup      context.Context
	admin              context.Context // admin of the whole tree
}

func pxSetup(t *testing.T, db *sqldb.DB) *pxFix {
	t.Helper()
	x := &pxFix{db: db, clock: sqldbtest.SetClock(db)}
	x.P1, x.P1Path = sqldbtest.Unit(t, db, "/1/", "P1", "Tỉnh Một")
	x.D1, x.D1Path = sqldbtest.Unit(t, db, x.P1Path, "P1D1", "Huyện Một")
	x.C1, x.C1Path = sqldbtest.Unit(t, db, x.D1Path, "P1D1C1", "Xã Một")
	x.D2, x.D2Path = sqldbtest.Unit(t, db, x.P1Path, "P1D2", "Huyện Hai")
	x.P2, x.P2Path = sqldbtest.Unit(t, db, "/1/", "P2", "Tỉnh Hai")
	offs := orgsql.NewOfficialService(db)
	x.an = sqldbtest.Official(t, offs, x.C1, "AN", "Nguyễn Văn An", org.CategoryCivilServant)
	x.binh = sqldbtest.Official(t, offs, x.C1, "BINH", "Trần Thị Bình", org.CategoryCivilServant)
	x.chi = sqldbtest.Official(t, offs, x.D2, "CHI", "Lê Văn Chí", org.CategoryCivilServant)
	if _, err := standardsql.NewStandardService(db).EnsureCatalog(context.Background()); err != nil {
		t.Fatal(err)
	}
	d1 := pxUser(t, db, "d1head", "d1@example.vn", true, congvu.RoleUnitHead, x.D1)
	pxUser(t, db, "d1quiet", "", true, congvu.RoleUnitHead, x.D1)                // no email
	pxUser(t, db, "d1gone", "gone@example.vn", false, congvu.RoleUnitHead, x.D1) // inactive
	pxUser(t, db, "d1admin", "d1admin@example.vn", true, congvu.RoleAdmin, x.D1) // admins do not handle
	p1 := pxUser(t, db, "p1sup", "p1@example.vn", true, congvu.RoleSupervisor, x.P1)
	x.d1Head = sqldbtest.As(&congvu.Actor{UserID: d1, Username: "d1head", FullName: "Trưởng Huyện Một",
		Grants: []congvu.Grant{{Role: congvu.RoleUnitHead, UnitID: x.D1, UnitPath: x.D1Path}}})
	x.p1Sup = sqldbtest.As(&congvu.Actor{UserID: p1, Username: "p1sup", FullName: "Giám sát Tỉnh Một",
		Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: x.P1, UnitPath: x.P1Path}}})
	x.admin = sqldbtest.As(sqldbtest.Actor(900, congvu.RoleAdmin, 1, congvu.RootUnitPath))
	x.cal = calendarsql.NewCalendarService(db)
	x.ps = petitionsql.NewPetitionService(db, nil, x.cal)
	return x
}

// pxUser inserts an account holding one role on one unit.
func pxUser(t *testing.T, db *sqldb.DB, username, email string, active bool, role congvu.Role, unitID int64) int64 {
	t.Helper()
	now := db.Now().UTC()
	var id int64
	if err := db.Write.QueryRow(`INSERT INTO users (username, full_name, search_name, email, password_hash, active, created_at, updated_at)
		VALUES ($1, $1, $1, $2, 'x', $3, $4, $4) RETURNING id`, username, email, active, now).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Write.Exec(`INSERT INTO user_grants (user_id, role, unit_id) VALUES ($1, $2, $3)`, id, string(role), unitID); err != nil {
		t.Fatal(err)
	}
	return id
}

// set moves the clock to at.
func (x *pxFix) set(at time.Time) {
	x.clock.Set(at)
}

// submit files an anonymous petition about an official (or, with nil, the
// unit).
func (x *pxFix) submit(t *testing.T, o *org.Official, unitID int64, cat petition.Category) *petition.Petition {
	t.Helper()
	in := petition.Input{Category: cat, Anonymous: true,
		Description: "Cán bộ yêu cầu nộp thêm giấy tờ không có trong quy định, hẹn đi hẹn lại nhiều lần."}
	if o != nil {
		in.OfficialID = o.ID
	} else {
		in.UnitID = unitID
	}
	r, err := x.ps.Submit(context.Background(), in)
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	return r.Petition
}

// step takes a workflow step as ctx's actor.
func (x *pxFix) step(t *testing.T, ctx context.Context, id int64, in petition.StepInput) *petition.Petition {
	t.Helper()
	p, err := x.ps.Step(ctx, id, in)
	if err != nil {
		t.Fatalf("step %s on %d: %v", in.Step, id, err)
	}
	return p
}

// mails returns the outbox rows "to|unit" whose subject contains s.
func pxMails(t *testing.T, db *sqldb.DB, s string) []string {
	t.Helper()
	rows, err := db.Read.Query(`SELECT to_addr, COALESCE(unit_id, 0), subject, body FROM outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var to, subject, body string
		var unit int64
		if err := rows.Scan(&to, &unit, &subject, &body); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(subject, s) {
			out = append(out, to+"|"+itoa64(unit))
		}
	}
	return out
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// events returns the kinds of a petition's events, with "!" after the
// private ones.
func pxEvents(t *testing.T, db *sqldb.DB, id int64) string {
	t.Helper()
	rows, err := db.Read.Query(`SELECT kind, public FROM petition_events WHERE petition_id = $1 ORDER BY id`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		var public bool
		if err := rows.Scan(&k, &public); err != nil {
			t.Fatal(err)
		}
		if !public {
			k += "!"
		}
		out = append(out, k)
	}
	return strings.Join(out, ",")
}

func TestPetitionDeadlineRuleValidation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := pxSetup(t, db)
		today := congvu.Date(x.clock.Now())
		good := petition.DeadlineRuleInput{Stage: petition.StageAccept, Days: 7, WorkingDays: true, RemindDays: 2, EscalateDays: 3,
			ValidFrom: today.AddDate(0, 0, 10), LegalBasis: "  Quyết định số 12/2026/QĐ-UBND  "}

		// Who may.
		for name, ctx := range map[string]context.Context{
			"public":            context.Background(),
			"supervisor of P1":  x.p1Sup,
			"admin of P1 only":  sqldbtest.As(sqldbtest.Actor(901, congvu.RoleAdmin, x.P1, x.P1Path)),
			"inspector of root": sqldbtest.As(sqldbtest.Actor(902, congvu.RoleInspector, 1, congvu.RootUnitPath)),
		} {
			if _, err := x.ps.AddDeadlineRule(ctx, good); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
				t.Errorf("%s: %v", name, err)
			}
		}

		// What is checked, field by field.
		_, err := x.ps.AddDeadlineRule(x.admin, petition.DeadlineRuleInput{})
		sqldbtest.Code(t, err, congvu.EINVALID)
		f := congvu.ErrorFields(err)
		for _, k := range []string{"stage", "days", "valid_from"} {
			if f[k] == "" {
				t.Errorf("no message for %s: %v", k, f)
			}
		}
		if f["remind_days"] != "" || f["escalate_days"] != "" || f["legal_basis"] != "" {
			t.Errorf("unexpected messages: %v", f)
		}
		for _, c := range []struct {
			field string
			edit  func(in *petition.DeadlineRuleInput)
		}{
			{"stage", func(in *petition.DeadlineRuleInput) { in.Stage = "verify" }},
			{"days", func(in *petition.DeadlineRuleInput) { in.Days, in.RemindDays = 0, 0 }},
			{"days", func(in *petition.DeadlineRuleInput) { in.Days, in.RemindDays = 366, 1 }},
			{"remind_days", func(in *petition.DeadlineRuleInput) { in.RemindDays = 8 }},
			{"remind_days", func(in *petition.DeadlineRuleInput) { in.RemindDays = -1 }},
			{"escalate_days", func(in *petition.DeadlineRuleInput) { in.EscalateDays = 91 }},
			{"escalate_days", func(in *petition.DeadlineRuleInput) { in.EscalateDays = -1 }},
			{"valid_from", func(in *petition.DeadlineRuleInput) { in.ValidFrom = today.AddDate(0, 0, -1) }},
			{"legal_basis", func(in *petition.DeadlineRuleInput) { in.LegalBasis = strings.Repeat("đ", 501) }},
		} {
			in := good
			c.edit(&in)
			_, err := x.ps.AddDeadlineRule(x.admin, in)
			if congvu.ErrorCode(err) != congvu.EINVALID || len(congvu.ErrorFields(err)) != 1 || congvu.ErrorFields(err)[c.field] == "" {
				t.Errorf("%s: %v", c.field, err)
			}
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM petition_deadline_rules`); n != 0 {
			t.Fatalf("%d rules stored by refused input", n)
		}

		// The limits themselves are allowed; a time of day counts its day.
		edge := good
		edge.Days, edge.RemindDays, edge.EscalateDays, edge.LegalBasis = 365, 365, 90, strings.Repeat("đ", 500)
		edge.ValidFrom = today.Add(15 * time.Hour) // today, afternoon in Vietnam
		r, err := x.ps.AddDeadlineRule(x.admin, edge)
		if err != nil {
			t.Fatal(err)
		}
		if !r.ValidFrom.Equal(today) || r.ID == 0 || r.CreatedAt.IsZero() {
			t.Errorf("stored %+v", r)
		}
		r, err = x.ps.AddDeadlineRule(x.admin, good)
		if err != nil {
			t.Fatal(err)
		}
		if r.LegalBasis != "Quyết định số 12/2026/QĐ-UBND" || !r.ValidFrom.Equal(today.AddDate(0, 0, 10)) || r.Days != 7 || !r.WorkingDays {
			t.Errorf("stored %+v", r)
		}

		// One rule per stage and day: rules are added, never edited.
		dup := good
		dup.Days = 9
		dup.ValidFrom = today.AddDate(0, 0, 10).Add(20 * time.Hour)
		_, err = x.ps.AddDeadlineRule(x.admin, dup)
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		if !strings.Contains(congvu.ErrorMessage(err), "Xem xét, tiếp nhận") || congvu.ErrorFields(err)["valid_from"] == "" {
			t.Errorf("conflict says %q %v", congvu.ErrorMessage(err), congvu.ErrorFields(err))
		}
		other := dup
		other.Stage = petition.StageClose
		if _, err := x.ps.AddDeadlineRule(x.admin, other); err != nil {
			t.Errorf("same day, other stage: %v", err)
		}
		// The operator may date a rule in the past (imports).
		past := good
		past.ValidFrom = today.AddDate(-1, 0, 0)
		if _, err := x.ps.AddDeadlineRule(sqldbtest.Sys(), past); err != nil {
			t.Errorf("system, past date: %v", err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'petition.rule.add'`); n != 4 {
			t.Errorf("%d rule audits, want 4", n)
		}

		// The list: per stage in workflow order, newest first, the default last.
		list, err := x.ps.DeadlineRules(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range list {
			if r.Kind != petition.KindReport {
				continue // the other kinds' defaults: TestPetitionKinds
			}
			s := string(r.Stage) + ":" + itoa64(int64(r.Days))
			if r.ID == 0 {
				s += "(default)"
				if !r.ValidFrom.IsZero() || r.LegalBasis == "" {
					t.Errorf("default %+v", r)
				}
			}
			got = append(got, s)
		}
		want := "accept:7,accept:365,accept:7,accept:10(default),assign:3(default),conclude:30(default),close:9,close:5(default)"
		if strings.Join(got, ",") != want {
			t.Errorf("rules\n got %s\nwant %s", strings.Join(got, ","), want)
		}
	})
}

func TestPetitionDeadlineRulesAreDated(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := pxSetup(t, db)
		// Thursday 5 March 2026: 10 working days end on Thursday 19 March.
		before := x.submit(t, x.an, 0, petition.Delay)
		wantDue := time.Date(2026, 3, 19, 23, 59, 59, 0, congvu.TimeZone)
		if before.DueAt == nil || !before.DueAt.Equal(wantDue) {
			t.Fatalf("default deadline %v, want %v", before.DueAt, wantDue)
		}
		// From 12 March, accepting takes 2 calendar days, reminded 1 day
		// ahead, escalated the day it is late.
		from := time.Date(2026, 3, 12, 0, 0, 0, 0, congvu.TimeZone)
		if _, err := x.ps.AddDeadlineRule(x.admin, petition.DeadlineRuleInput{Stage: petition.StageAccept, Days: 2, RemindDays: 1,
			EscalateDays: 0, ValidFrom: from, LegalBasis: "Quy chế mới"}); err != nil {
			t.Fatal(err)
		}
		x.set(from.Add(-time.Minute)) // 11 March, 23:59: the old rule still
		still := x.submit(t, x.binh, 0, petition.Delay)
		x.set(from.Add(8 * time.Hour))
		after := x.submit(t, x.binh, 0, petition.Attitude)
		if !still.DueAt.Equal(time.Date(2026, 3, 25, 23, 59, 59, 0, congvu.TimeZone)) {
			t.Errorf("the day before the rule: due %v", still.DueAt.In(congvu.TimeZone))
		}
		// Two calendar days from Thursday end on Saturday 14 March, a day
		// off: the deadline moves to Monday 16 March (Civil Code 2015, Art.
		// 148(5)).
		if !after.DueAt.Equal(time.Date(2026, 3, 16, 23, 59, 59, 0, congvu.TimeZone)) {
			t.Errorf("under the new rule: due %v", after.DueAt.In(congvu.TimeZone))
		}
		if got, _ := x.ps.FindPetition(x.d1Head, before.ID); !got.DueAt.Equal(wantDue) {
			t.Errorf("the earlier petition's deadline moved to %v", got.DueAt)
		}

		// The sweep applies to each petition the rule its stage started
		// under. On Sunday 15 March, 1.5 days before the later petition's
		// deadline, it is reminded: its reminder, a calendar day before
		// Monday, fell on Sunday and moved back to Friday. The earlier one
		// (2 working days before Thursday 19: Tuesday 17) is not yet.
		res, err := x.ps.Sweep(context.Background(), after.DueAt.Add(-36*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if res != (petition.SweepResult{Reminded: 1}) {
			t.Errorf("36 hours before the new deadline: %+v", res)
		}
		res, err = x.ps.Sweep(context.Background(), wantDue.Add(-36*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		// By 18 March the later petition (due 16 March, escalation 0 days)
		// is overdue and escalated at once.
		if res != (petition.SweepResult{Reminded: 1, Overdue: 1, Escalated: 1}) {
			t.Errorf("36 hours before the old deadline: %+v", res)
		}
		if e := pxEvents(t, db, before.ID); e != "submit,remind!" {
			t.Errorf("earlier petition: %s", e)
		}
		if e := pxEvents(t, db, after.ID); e != "submit,remind!,overdue!,escalate!" {
			t.Errorf("later petition: %s", e)
		}
		if e := pxEvents(t, db, still.ID); e != "submit" {
			t.Errorf("petition of the day before: %s", e)
		}

		// A later stage started under the new rule's date still takes its
		// own stage's rule: accepting starts the assign stage (default).
		x.set(from.Add(9 * time.Hour))
		p := x.step(t, x.d1Head, after.ID, petition.StepInput{Step: petition.StepAccept})
		if !p.DueAt.Equal(time.Date(2026, 3, 17, 23, 59, 59, 0, congvu.TimeZone)) {
			t.Errorf("assign stage due %v", p.DueAt.In(congvu.TimeZone))
		}
		if p.EscalatedTo != 0 {
			t.Errorf("a new stage keeps the escalation of the old: %d", p.EscalatedTo)
		}
	})
}

func TestPetitionSweep(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := pxSetup(t, db)
		sweep := func(at time.Time) petition.SweepResult {
			t.Helper()
			res, err := x.ps.Sweep(context.Background(), at)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		a := x.submit(t, x.an, 0, petition.Harassment) // handled by D1
		due := *a.DueAt
		rejected := x.submit(t, x.binh, 0, petition.Dress)
		x.step(t, x.d1Head, rejected.ID, petition.StepInput{Step: petition.StepReject, Reason: "Trùng với phản ánh đã giải quyết."})
		mailsBefore := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM outbox`)
		// The default accept rule counts working days: reminders and
		// escalation too.
		wd := petition.DeadlineRule{WorkingDays: true}
		cal, err := x.cal.Calendar(context.Background())
		if err != nil {
			t.Fatal(err)
		}

		// Too early for anything (default accept rule: remind 2 working days
		// ahead).
		if r := sweep(wd.Shift(cal, due, -2).Add(-time.Minute)); r != (petition.SweepResult{}) {
			t.Errorf("early: %+v", r)
		}
		// The reminder, once.
		if r := sweep(wd.Shift(cal, due, -2).Add(time.Minute)); r != (petition.SweepResult{Reminded: 1}) {
			t.Errorf("remind: %+v", r)
		}
		if r := sweep(due.Add(-time.Minute)); r != (petition.SweepResult{}) {
			t.Errorf("second reminder: %+v", r)
		}
		if got := pxMails(t, db, "Sắp đến hạn xử lý phản ánh "+a.TrackingCode); strings.Join(got, " ") != "d1@example.vn|"+itoa64(x.D1) {
			t.Errorf("reminder mails %v", got)
		}
		// Overdue, once; not yet escalated (3 working days).
		if r := sweep(due.Add(time.Minute)); r != (petition.SweepResult{Overdue: 1}) {
			t.Errorf("overdue: %+v", r)
		}
		if r := sweep(wd.Shift(cal, due, 3).Add(-time.Minute)); r != (petition.SweepResult{}) {
			t.Errorf("before escalation: %+v", r)
		}
		if got := pxMails(t, db, "Phản ánh "+a.TrackingCode+" đã quá hạn"); strings.Join(got, " ") != "d1@example.vn|"+itoa64(x.D1) {
			t.Errorf("overdue mails %v", got)
		}
		// Escalated to the handler's supervising unit, once.
		if r := sweep(wd.Shift(cal, due, 3).Add(time.Minute)); r != (petition.SweepResult{Escalated: 1}) {
			t.Errorf("escalate: %+v", r)
		}
		if r := sweep(due.AddDate(0, 0, 30)); r != (petition.SweepResult{}) {
			t.Errorf("after escalation: %+v", r)
		}
		if got := pxMails(t, db, "Đôn đốc xử lý phản ánh "+a.TrackingCode); strings.Join(got, " ") != "p1@example.vn|"+itoa64(x.P1) {
			t.Errorf("escalation mails %v", got)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM outbox`); n != mailsBefore+3 {
			t.Errorf("%d mails from the sweeps, want 3", n-mailsBefore)
		}
		if e := pxEvents(t, db, a.ID); e != "submit,remind!,overdue!,escalate!" {
			t.Errorf("events %s", e)
		}
		if e := pxEvents(t, db, rejected.ID); e != "submit,reject" {
			t.Errorf("a rejected petition is left alone: %s", e)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'petition.escalate' AND entity_id = $1 AND actor_key = 'system'
			AND actor_name = 'Hệ thống nhắc hạn' AND unit_id = $2`, a.ID, x.D1); n != 1 {
			t.Errorf("%d escalation audits", n)
		}
		got, err := x.ps.FindPetition(x.p1Sup, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.EscalatedTo != x.P1 {
			t.Errorf("escalated to %d, want %d", got.EscalatedTo, x.P1)
		}
		var body string
		if err := db.Read.QueryRow(`SELECT body FROM outbox WHERE subject LIKE 'Đôn đốc%'`).Scan(&body); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{a.TrackingCode, "Nhũng nhiễu", "Xã Một", "Huyện Một", "Tỉnh Một", "/petitions/"} {
			if !strings.Contains(body, want) {
				t.Errorf("escalation mail lacks %q:\n%s", want, body)
			}
		}
		if strings.Contains(body, "giấy tờ") {
			t.Errorf("the mail quotes the petition's text:\n%s", body)
		}

		// A new stage starts afresh: accepting clears the marks, and the
		// assign stage is reminded, flagged and escalated in its turn, all
		// at once when the sweep comes late.
		x.set(due.AddDate(0, 0, 30))
		p := x.step(t, x.d1Head, a.ID, petition.StepInput{Step: petition.StepAccept})
		if r := sweep(p.DueAt.AddDate(0, 0, 10)); r != (petition.SweepResult{Overdue: 1, Escalated: 1}) {
			t.Errorf("late sweep of the assign stage: %+v", r)
		}
		if e := pxEvents(t, db, a.ID); e != "submit,remind!,overdue!,escalate!,accept,overdue!,escalate!" {
			t.Errorf("events %s", e)
		}
	})
}

func TestPetitionSweepRunsOnceAtATime(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := pxSetup(t, db)
		var ids []int64
		for i := 0; i < 6; i++ {
			ids = append(ids, x.submit(t, x.an, 0, petition.Obstruct).ID)
		}
		mailsBefore := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM outbox`)
		at := x.clock.Now().AddDate(0, 0, 40)
		// Two services, as two servers would run them.
		other := petitionsql.NewPetitionService(db, nil, calendarsql.NewCalendarService(db))
		var wg sync.WaitGroup
		results := make([]petition.SweepResult, 4)
		errs := make([]error, 4)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s := x.ps
				if i%2 == 1 {
					s = other
				}
				results[i], errs[i] = s.Sweep(context.Background(), at)
			}()
		}
		wg.Wait()
		var sum petition.SweepResult
		for i, r := range results {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			sum.Reminded += r.Reminded
			sum.Overdue += r.Overdue
			sum.Escalated += r.Escalated
		}
		if sum != (petition.SweepResult{Overdue: 6, Escalated: 6}) {
			t.Errorf("four sweeps at once did %+v", sum)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM outbox`) - mailsBefore; n != 12 {
			t.Errorf("%d mails, want 12 (overdue and escalation for each)", n)
		}
		for _, id := range ids {
			if e := pxEvents(t, db, id); e != "submit,overdue!,escalate!" {
				t.Errorf("petition %d: %s", id, e)
			}
		}
	})
}

// pxBlobs is a BlobStore in memory that records deletions.
type pxBlobs struct {
	mu      sync.Mutex
	deleted []string
}

func (b *pxBlobs) Put(ctx context.Context, r io.Reader) (string, int64, error) {
	return "", 0, errors.New("not used")
}

func (b *pxBlobs) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	return nil, congvu.Errorf(congvu.ENOTFOUND, "không có")
}

func (b *pxBlobs) Delete(ctx context.Context, key string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.deleted = append(b.deleted, key)
	return nil
}

func TestPetitionSweepDeletesOrphanUploads(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := pxSetup(t, db)
		blobs := &pxBlobs{}
		ps := petitionsql.NewPetitionService(db, blobs, calendarsql.NewCalendarService(db))
		p := x.submit(t, x.an, 0, petition.Other)
		now := x.clock.Now()
		add := func(key string, petition int64, age time.Duration) {
			t.Helper()
			var pid any
			if petition != 0 {
				pid = petition
			}
			if _, err := db.Write.Exec(`INSERT INTO petition_attachments (petition_id, file_name, content_type, size, sha256, blob_key, created_at)
				VALUES ($1, 'anh.jpg', 'image/jpeg', 10, 'ab', $2, $3)`, pid, key, now.Add(-age).UTC()); err != nil {
				t.Fatal(err)
			}
		}
		add("old-orphan", 0, 25*time.Hour)
		add("fresh-orphan", 0, 23*time.Hour)
		add("old-attached", p.ID, 48*time.Hour)
		for i := 0; i < 2; i++ {
			if _, err := ps.Sweep(context.Background(), now); err != nil {
				t.Fatal(err)
			}
		}
		if strings.Join(blobs.deleted, ",") != "old-orphan" {
			t.Errorf("deleted blobs %v", blobs.deleted)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM petition_attachments WHERE blob_key IN ('fresh-orphan', 'old-attached')`); n != 2 {
			t.Errorf("%d of the kept uploads remain", n)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM petition_attachments`); n != 2 {
			t.Errorf("%d uploads remain, want 2", n)
		}
	})
}
