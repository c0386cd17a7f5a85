package violationsql_test

import (
	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/calendarsql"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
	"congvu/sqldb/violationsql"
	"congvu/violation"
	"context"
	"strings"
	"testing"
	"time"
)

// discFixture is a province P1 with districts D1 and D2: at D1 a công
// chức (staff), a leader and the head (whose own official record is H);
// heads of D1, D2 and P1 as users with addresses.
type discFixture struct {
	db                      *sqldb.DB
	svc                     *violationsql.DisciplineService
	x                       sqldbtest.Tree
	clock                   *sqldbtest.Clock
	staff, leader, headRec  *org.Official
	headD1, headD2, headP1  context.Context
	headD1ID                int64
	asStaff, asLeader       context.Context
	supervisorP1, inspector context.Context
}

func newDiscFixture(t *testing.T, db *sqldb.DB) *discFixture {
	t.Helper()
	f := &discFixture{db: db, svc: violationsql.NewDisciplineService(db, calendarsql.NewCalendarService(db))}
	f.clock = sqldbtest.SetClock(db) // Thursday 05/03/2026, 09:30 in Vietnam
	f.x = sqldbtest.MakeTree(t, db)
	offs := orgsql.NewOfficialService(db)
	official := func(code, name string, leader bool) *org.Official {
		o, err := offs.CreateOfficial(sqldbtest.Sys(), org.OfficialInput{UnitID: f.x.D1, EmployeeCode: code, FullName: name,
			Category: org.CategoryCivilServant, IsLeader: leader, Position: map[bool]string{true: "Phó Chủ tịch", false: "Chuyên viên"}[leader]})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	f.staff = official("CV01", "Nguyễn Văn An", false)
	f.leader = official("LD01", "Trần Thị Bình", true)
	f.headRec = official("TT01", "Lê Văn Chủ", true)
	us := orgsql.NewUserService(db)
	user := func(name string, role congvu.Role, unit int64, path string, officialID int64) (context.Context, int64) {
		u, err := us.CreateUser(sqldbtest.Sys(), org.UserInput{Username: name, FullName: "Người dùng " + name, Email: name + "@congvu.test",
			Password: sqldbtest.Password, Active: true, OfficialID: officialID, Grants: []congvu.Grant{{Role: role, UnitID: unit}}})
		if err != nil {
			t.Fatal(err)
		}
		return sqldbtest.As(&congvu.Actor{UserID: u.ID, Username: name, FullName: u.FullName, OfficialID: officialID,
			Grants: []congvu.Grant{{Role: role, UnitID: unit, UnitPath: path}}}), u.ID
	}
	f.headD1, f.headD1ID = user("headd1", congvu.RoleUnitHead, f.x.D1, f.x.D1Path, f.headRec.ID)
	f.headD2, _ = user("headd2", congvu.RoleUnitHead, f.x.D2, f.x.D2Path, 0)
	f.headP1, _ = user("headp1", congvu.RoleUnitHead, f.x.P1, f.x.P1Path, 0)
	f.supervisorP1, _ = user("supp1", congvu.RoleSupervisor, f.x.P1, f.x.P1Path, 0)
	f.inspector, _ = user("inspp1", congvu.RoleInspector, f.x.P1, f.x.P1Path, 0)
	f.asStaff, _ = user("anvan", congvu.RoleOfficial, f.x.D1, f.x.D1Path, f.staff.ID)
	f.asLeader, _ = user("binh", congvu.RoleOfficial, f.x.D1, f.x.D1Path, f.leader.ID)
	return f
}

// violation inserts an open violation at D1 on the act's day naming
// officials, as the violations service would have (pending outcomes).
func (f *discFixture) violation(t *testing.T, act string, officials ...*org.Official) int64 {
	t.Helper()
	now := f.db.Now().UTC()
	var id int64
	err := f.db.Write.QueryRow(`INSERT INTO violations (unit_id, act_date, description, evidence_at, created_at, updated_at)
		VALUES ($1, $2, 'Hách dịch với người dân tại bộ phận một cửa', $3, $3, $3) RETURNING id`, f.x.D1, act, now).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range officials {
		if _, err := f.db.Write.Exec(`INSERT INTO violation_officials (violation_id, official_id, unit_id) VALUES ($1, $2, $3)`, id, o.ID, o.UnitID); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

func vnDay(s string) time.Time {
	d, err := time.ParseInLocation(time.DateOnly, s, congvu.TimeZone)
	if err != nil {
		panic(err)
	}
	return d
}

func (f *discFixture) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	return sqldbtest.Count(t, f.db, q, args...)
}

// An act of 15/06/2025 is judged under 112/2020 though the case opens in
// 2026 (hạ bậc lương still exists for it); an act of 2026 is not.
func TestDisciplineRuleOfTheActDate(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newDiscFixture(t, db)
		old := f.violation(t, "2025-06-15", f.staff)
		c, err := f.svc.OpenCase(f.headD1, violation.CaseInput{OfficialID: f.staff.ID, ViolationIDs: []int64{old},
			Severity: violation.SeveritySerious, ProposedForm: violation.FormSalaryCut})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(c.RuleSetTitle, "112/2020") || c.ProposedForm != violation.FormSalaryCut {
			t.Fatalf("act of 15/06/2025 judged under %q with %s", c.RuleSetTitle, c.ProposedForm)
		}
		if !c.OpenedAt.Equal(f.db.Now().UTC()) || c.OpenedAt.Year() != 2026 {
			t.Fatalf("opened %v", c.OpenedAt)
		}
		recent := f.violation(t, "2026-01-10", f.staff)
		_, err = f.svc.OpenCase(f.headD1, violation.CaseInput{OfficialID: f.staff.ID, ViolationIDs: []int64{recent},
			Severity: violation.SeveritySerious, ProposedForm: violation.FormSalaryCut})
		if fs := congvu.ErrorFields(err); !strings.Contains(fs["proposed_form"], "172/2025") {
			t.Fatalf("hạ bậc lương under 172/2025: %v %v", err, fs)
		}
	})
}

// Khiển trách under 172/2025 through every step: no council; working-day
// deadlines; the violation handled; a sibling unit's head cannot decide;
// the official reads their case and complains within the time allowed;
// the competent head settles; every reading audited.
func TestDisciplineReprimandEveryStep(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newDiscFixture(t, db)
		vid := f.violation(t, "2026-01-10", f.staff)
		c, err := f.svc.OpenCase(f.headD1, violation.CaseInput{OfficialID: f.staff.ID, ViolationIDs: []int64{vid},
			Severity: violation.SeverityMinor, ProposedForm: violation.FormReprimand})
		if err != nil {
			t.Fatal(err)
		}
		cal, _ := calendarsql.NewCalendarService(db).Calendar(context.Background())
		wantReview := congvu.Date(cal.WorkingDaysAfter(f.db.Now(), 10))
		if !strings.Contains(c.RuleSetTitle, "172/2025") || c.Status != violation.CaseReview || c.CompetentUnitID != f.x.D1 ||
			len(c.Steps) != 3 || c.Steps[0].Step != violation.StepReview || !c.Steps[0].DueOn.Equal(wantReview) || c.Steps[1].Step != violation.StepDecision {
			t.Fatalf("opened %+v steps %+v", c, c.Steps)
		}
		if wantReview.Format(time.DateOnly) != "2026-03-19" {
			t.Logf("review due %s (calendar has days off in March)", wantReview.Format(time.DateOnly))
		}
		if !c.DueAt.After(f.db.Now().AddDate(0, 0, 89)) {
			t.Fatalf("handling limit %v", c.DueAt)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM violation_officials WHERE violation_id = $1 AND outcome = 'discipline' AND case_id = $2`, vid, c.ID); n != 1 {
			t.Fatal("outcome not set")
		}
		if n := f.count(t, `SELECT COUNT(*) FROM violations WHERE id = $1 AND status = 'handled' AND severity = 'minor'`, vid); n != 1 {
			t.Fatal("violation not handled")
		}
		if _, err := f.svc.RecordCouncil(f.headD1, c.ID, violation.CouncilInput{}); congvu.ErrorCode(err) != congvu.ECONFLICT {
			t.Fatalf("council for khiển trách: %v", err)
		}
		if _, err := f.svc.Decide(f.headD1, c.ID, violation.DecisionInput{Number: "1/QĐ-UBND", SignedOn: vnDay("2026-03-05"),
			EffectiveOn: vnDay("2026-03-05"), Form: violation.FormReprimand, Signer: "Lê Văn Chủ"}); congvu.ErrorCode(err) != congvu.ECONFLICT {
			t.Fatalf("decided before the review: %v", err)
		}
		if _, err := f.svc.RecordReview(f.headD1, c.ID, "  ", vnDay("2026-03-05")); congvu.ErrorFields(err)["minutes"] == "" {
			t.Fatalf("review without minutes: %v", err)
		}
		f.clock.Add(24 * time.Hour) // Friday 06/03
		c, err = f.svc.RecordReview(f.headD1, c.ID, "Họp kiểm điểm: anh An nhận khuyết điểm.", vnDay("2026-03-06"))
		if err != nil || c.Status != violation.CaseDecision {
			t.Fatalf("review: %v %v", c, err)
		}
		if d := c.Steps[1]; !d.DueOn.Equal(congvu.Date(cal.WorkingDaysAfter(f.db.Now(), 5))) {
			t.Fatalf("decision due %v", d.DueOn)
		}
		in := violation.DecisionInput{Number: "15/QĐ-UBND", SignedOn: vnDay("2026-03-06"), EffectiveOn: vnDay("2026-03-06"),
			Form: violation.FormReprimand, Signer: "Lê Văn Chủ — Chủ tịch"}
		for name, ctx := range map[string]context.Context{"sibling head": f.headD2, "supervisor": f.supervisorP1, "the official": f.asStaff} {
			_, err := f.svc.Decide(ctx, c.ID, in)
			if code := congvu.ErrorCode(err); code != congvu.EFORBIDDEN && code != congvu.ENOTFOUND {
				t.Errorf("%s decided: %v", name, err)
			}
		}
		bad := in
		bad.Form = violation.FormSalaryCut
		if _, err := f.svc.Decide(f.headD1, c.ID, bad); congvu.ErrorFields(err)["form"] == "" {
			t.Fatalf("hạ bậc lương decided under 172: %v", err)
		}
		bad.Form = violation.FormWarning
		if _, err := f.svc.Decide(f.headD1, c.ID, bad); !strings.Contains(congvu.ErrorFields(err)["form"], "Hội đồng kỷ luật") {
			t.Fatalf("cảnh cáo decided without a council: %v", err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM discipline_cases WHERE id = $1 AND status = 'decision' AND decision_number = ''`, c.ID); n != 1 {
			t.Fatal("a refused decision saved something")
		}
		c, err = f.svc.Decide(f.headD1, c.ID, in)
		if err != nil || c.Status != violation.CaseDecided || c.Decision.FormLabel != "Khiển trách" ||
			c.Decision.LastsUntil.Format(time.DateOnly) != "2027-03-05" {
			t.Fatalf("decide: %+v %v", c, err)
		}
		if _, err := f.svc.FileComplaint(f.asStaff, c.ID, violation.ComplaintInput{FiledOn: vnDay("2026-03-06"), Text: "Tôi không đồng ý"}); congvu.ErrorCode(err) != congvu.ECONFLICT {
			t.Fatalf("complaint before notification: %v", err)
		}
		c, err = f.svc.Notify(f.supervisorP1, c.ID, "Anh Nguyễn Văn An; Phòng Nội vụ", vnDay("2026-03-06"))
		if err != nil || c.Status != violation.CaseNotified {
			t.Fatalf("notify: %v %v", c, err)
		}
		// The official reads their case and complains; too late is refused.
		own, err := f.svc.FindCase(f.asStaff, c.ID)
		if err != nil || own.Decision == nil || own.Decision.Number != "15/QĐ-UBND" {
			t.Fatalf("official reads own case: %v %v", own, err)
		}
		if _, err := f.svc.FindCase(f.asLeader, c.ID); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("a colleague read the case: %v", err)
		}
		f.clock.Add(20 * 24 * time.Hour)
		if _, err := f.svc.FileComplaint(f.asStaff, c.ID, violation.ComplaintInput{FiledOn: vnDay("2026-03-26"), Text: "Tôi không đồng ý"}); !strings.Contains(congvu.ErrorFields(err)["filed_on"], "15 ngày") {
			t.Fatalf("late complaint: %v", err)
		}
		c, err = f.svc.FileComplaint(f.asStaff, c.ID, violation.ComplaintInput{FiledOn: vnDay("2026-03-18"), Text: "Tôi không đồng ý với hình thức kỷ luật"})
		if err != nil || c.Status != violation.CaseComplaint || c.Complaint == nil {
			t.Fatalf("complaint: %v %v", c, err)
		}
		if _, err := f.svc.SettleComplaint(f.headD1, c.ID, violation.ComplaintInput{Outcome: "maybe", Reply: "x"}); congvu.ErrorFields(err)["outcome"] == "" {
			t.Fatalf("bad outcome: %v", err)
		}
		c, err = f.svc.SettleComplaint(f.headD1, c.ID, violation.ComplaintInput{Outcome: violation.ComplaintUpheld, Reply: "Giữ nguyên quyết định."})
		if err != nil || c.Status != violation.CaseClosed || c.Complaint.SettledOn == nil || c.EffectiveForm() != violation.FormReprimand {
			t.Fatalf("settle: %+v %v", c, err)
		}
		for _, k := range []string{"discipline.open", "discipline.review", "discipline.decide", "discipline.notify", "discipline.complaint", "discipline.settle"} {
			if n := f.count(t, `SELECT COUNT(*) FROM audit_events WHERE kind = $1 AND entity_id = $2`, k, c.ID); n != 1 {
				t.Errorf("%s audited %d times", k, n)
			}
		}
		// Every reading is audited: a case, a list, the official's own.
		before := f.count(t, `SELECT COUNT(*) FROM audit_events WHERE kind = 'discipline.read'`)
		if _, err := f.svc.FindCase(f.inspector, c.ID); err != nil {
			t.Fatal(err)
		}
		list, total, err := f.svc.FindCases(f.headP1, violation.CaseFilter{Query: "nguyen van an"})
		if err != nil || total != 1 || len(list) != 1 || list[0].ID != c.ID {
			t.Fatalf("list: %v %d %v", list, total, err)
		}
		mine, _, err := f.svc.FindCases(f.asStaff, violation.CaseFilter{})
		if err != nil || len(mine) != 1 {
			t.Fatalf("own list: %v %v", mine, err)
		}
		if others, _, _ := f.svc.FindCases(f.headD2, violation.CaseFilter{}); len(others) != 0 {
			t.Fatalf("sibling head lists %d cases", len(others))
		}
		if n := f.count(t, `SELECT COUNT(*) FROM audit_events WHERE kind = 'discipline.read'`); n != before+4 {
			t.Fatalf("readings audited %d times, want 4", n-before)
		}
	})
}

// A leader is disciplined at the appointing level (the parent unit): the
// head of their own unit cannot decide, the province's head does; the
// council is recorded for cảnh cáo and its vote is hidden from the
// official until the decision.
func TestDisciplineLeaderAtParent(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newDiscFixture(t, db)
		vid := f.violation(t, "2026-02-10", f.leader)
		c, err := f.svc.OpenCase(f.headD1, violation.CaseInput{OfficialID: f.leader.ID, ViolationIDs: []int64{vid},
			Severity: violation.SeveritySerious, ProposedForm: violation.FormWarning})
		if err != nil {
			t.Fatal(err)
		}
		if c.CompetentUnitID != f.x.P1 || len(c.Steps) != 4 || c.Steps[1].Step != violation.StepCouncil {
			t.Fatalf("leader's case: competent %d steps %+v", c.CompetentUnitID, c.Steps)
		}
		if _, err := f.svc.RecordReview(f.headD1, c.ID, "Biên bản kiểm điểm", vnDay("2026-03-05")); err != nil {
			t.Fatal(err)
		}
		members := []violation.CouncilMember{{Name: "A", Role: "Chủ tịch hội đồng"}, {Name: "B", Role: "Ủy viên"}, {Name: "C", Role: "Thư ký"}}
		if _, err := f.svc.RecordCouncil(f.headD1, c.ID, violation.CouncilInput{Members: members[:2], MeetingOn: vnDay("2026-03-05"), Minutes: "x"}); congvu.ErrorFields(err)["members"] == "" {
			t.Fatalf("council of two: %v", err)
		}
		c, err = f.svc.RecordCouncil(f.supervisorP1, c.ID, violation.CouncilInput{Members: members, MeetingOn: vnDay("2026-03-05"),
			Minutes: "Hội đồng họp, bỏ phiếu kín", VotesFor: 3, Recommended: violation.FormWarning})
		if err != nil || c.Status != violation.CaseDecision {
			t.Fatalf("council: %v %v", c, err)
		}
		own, err := f.svc.FindCase(f.asLeader, c.ID)
		if err != nil || own.Council == nil || len(own.Council.Members) != 3 || own.Council.VotesFor != 0 || own.Council.Recommended != "" {
			t.Fatalf("the official sees the vote before the decision: %+v %v", own.Council, err)
		}
		// The official's own record (violation.Service.Mine) lists the case the same way.
		vs := violationsql.NewViolationService(db, standardsql.NewStandardService(db), nil, nil)
		mine, err := vs.Mine(f.asLeader)
		if err != nil || len(mine.Cases) != 1 || mine.Cases[0].ID != c.ID || mine.Cases[0].Council == nil || mine.Cases[0].Council.VotesFor != 0 {
			t.Fatalf("Mine: %+v %v", mine, err)
		}
		in := violation.DecisionInput{Number: "7/QĐ-UBND", SignedOn: vnDay("2026-03-05"), EffectiveOn: vnDay("2026-03-05"), Form: violation.FormWarning, Signer: "Chủ tịch UBND tỉnh"}
		if _, err := f.svc.Decide(f.headD1, c.ID, in); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("the district head decided for a leader: %v", err)
		}
		c, err = f.svc.Decide(f.headP1, c.ID, in)
		if err != nil || c.Decision == nil || c.Decision.Form != violation.FormWarning {
			t.Fatalf("province head decides: %v %v", c, err)
		}
		own, _ = f.svc.FindCase(f.asLeader, c.ID)
		if own.Council.VotesFor != 3 {
			t.Fatal("the official does not see the vote after the decision")
		}
	})
}

// A head whose own record is named in the violation neither opens nor
// decides the case of their staff: the next level up does.
func TestDisciplineHeadConflicted(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newDiscFixture(t, db)
		vid := f.violation(t, "2026-02-10", f.staff, f.headRec)
		in := violation.CaseInput{OfficialID: f.staff.ID, ViolationIDs: []int64{vid}, Severity: violation.SeverityMinor, ProposedForm: violation.FormReprimand}
		if _, err := f.svc.OpenCase(f.headD1, in); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("a head named in the violation opened the case: %v", err)
		}
		c, err := f.svc.OpenCase(f.headP1, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.RecordReview(f.headD1, c.ID, "x", vnDay("2026-03-05")); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("conflicted head ran the review: %v", err)
		}
		if _, err := f.svc.RecordReview(f.headP1, c.ID, "Biên bản", vnDay("2026-03-05")); err != nil {
			t.Fatal(err)
		}
		in2 := violation.DecisionInput{Number: "2/QĐ", SignedOn: vnDay("2026-03-05"), EffectiveOn: vnDay("2026-03-05"), Form: violation.FormReprimand, Signer: "X"}
		if _, err := f.svc.Decide(f.headD1, c.ID, in2); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("conflicted head decided: %v", err)
		}
		if _, err := f.svc.Decide(f.headP1, c.ID, in2); err != nil {
			t.Fatalf("the level above decides: %v", err)
		}
		// The head's own case: never by themself.
		own := f.violation(t, "2026-02-11", f.headRec)
		if _, err := f.svc.OpenCase(f.headD1, violation.CaseInput{OfficialID: f.headRec.ID, ViolationIDs: []int64{own},
			Severity: violation.SeverityMinor, ProposedForm: violation.FormReprimand}); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("a head opened their own case: %v", err)
		}
	})
}

// A second act while a sanction runs is proposed one level heavier, with
// the reason; a time-barred act is refused naming the bar; bad input
// saves nothing.
func TestDisciplineRepetitionTimeBarBadInput(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newDiscFixture(t, db)
		first := f.violation(t, "2025-12-01", f.staff)
		c, err := f.svc.OpenCase(f.headD1, violation.CaseInput{OfficialID: f.staff.ID, ViolationIDs: []int64{first}, Severity: violation.SeverityMinor, ProposedForm: violation.FormReprimand})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.RecordReview(f.headD1, c.ID, "Biên bản", vnDay("2026-03-05")); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Decide(f.headD1, c.ID, violation.DecisionInput{Number: "3/QĐ", SignedOn: vnDay("2026-03-05"), EffectiveOn: vnDay("2026-01-05"),
			Form: violation.FormReprimand, Signer: "X"}); congvu.ErrorFields(err)["effective_on"] == "" {
			t.Fatalf("effective before signed: %v", err)
		}
		if _, err := f.svc.Decide(f.headD1, c.ID, violation.DecisionInput{Number: "3/QĐ", SignedOn: vnDay("2026-03-05"), EffectiveOn: vnDay("2026-03-05"),
			Form: violation.FormReprimand, Signer: "X"}); err != nil {
			t.Fatal(err)
		}
		f.clock.Add(30 * 24 * time.Hour)
		second := f.violation(t, "2026-03-20", f.staff)
		// The page that opens the case reads the same running sanction the
		// service applies; a sibling head may not ask.
		if run, err := f.svc.RunningForm(f.headD1, f.staff.ID, vnDay("2026-03-20")); err != nil || run != violation.FormReprimand {
			t.Fatalf("running on 20/03: %q %v", run, err)
		}
		if run, err := f.svc.RunningForm(f.headD1, f.staff.ID, vnDay("2026-03-04")); err != nil || run != "" {
			t.Fatalf("running before the decision: %q %v", run, err)
		}
		if _, err := f.svc.RunningForm(f.headD2, f.staff.ID, vnDay("2026-03-20")); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("sibling head read the running sanction: %v", err)
		}
		c2, err := f.svc.OpenCase(f.headD1, violation.CaseInput{OfficialID: f.staff.ID, ViolationIDs: []int64{second}, Severity: violation.SeverityMinor, ProposedForm: violation.FormReprimand})
		if err != nil {
			t.Fatal(err)
		}
		if c2.ProposedForm != violation.FormWarning || !strings.Contains(c2.ProposalNote, "nặng hơn một mức") {
			t.Fatalf("second act while khiển trách runs: %s (%s)", c2.ProposedForm, c2.ProposalNote)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM discipline_case_steps WHERE case_id = $1 AND step = 'council'`, c2.ID); n != 1 {
			t.Fatal("cảnh cáo without a council step")
		}

		cases := f.count(t, `SELECT COUNT(*) FROM discipline_cases`)
		barred := f.violation(t, "2024-01-10", f.leader)
		_, err = f.svc.OpenCase(f.headP1, violation.CaseInput{OfficialID: f.leader.ID, ViolationIDs: []int64{barred}, Severity: violation.SeverityMinor, ProposedForm: violation.FormReprimand})
		if msg := congvu.ErrorFields(err)["violation_ids"]; congvu.ErrorCode(err) != congvu.EINVALID || !strings.Contains(msg, "thời hiệu 2 năm") || !strings.Contains(msg, "10/01/2024") {
			t.Fatalf("time-barred act: %v %q", err, msg)
		}
		for name, in := range map[string]violation.CaseInput{
			"no severity":       {OfficialID: f.leader.ID, ViolationIDs: []int64{barred}, ProposedForm: violation.FormReprimand},
			"not named":         {OfficialID: f.leader.ID, ViolationIDs: []int64{first}, Severity: violation.SeverityMinor, ProposedForm: violation.FormReprimand},
			"no such violation": {OfficialID: f.leader.ID, ViolationIDs: []int64{99999}, Severity: violation.SeverityMinor, ProposedForm: violation.FormReprimand},
			"form not his":      {OfficialID: f.staff.ID, ViolationIDs: []int64{f.violation(t, "2026-03-01", f.staff)}, Severity: violation.SeveritySerious, ProposedForm: violation.FormRemoval},
			"severity mismatch": {OfficialID: f.staff.ID, ViolationIDs: []int64{f.violation(t, "2026-03-01", f.staff)}, Severity: violation.SeverityGrave, ProposedForm: violation.FormReprimand},
		} {
			if _, err := f.svc.OpenCase(f.headP1, in); congvu.ErrorCode(err) != congvu.EINVALID {
				t.Errorf("%s: %v", name, err)
			}
		}
		if _, err := f.svc.OpenCase(f.headD2, violation.CaseInput{OfficialID: f.staff.ID, ViolationIDs: []int64{f.violation(t, "2026-03-01", f.staff)},
			Severity: violation.SeverityMinor, ProposedForm: violation.FormReprimand}); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Errorf("sibling head opened a case: %v", err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM discipline_cases`); n != cases {
			t.Fatalf("refused cases saved: %d", n-cases)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM violation_officials WHERE outcome = 'pending' AND violation_id = $1`, barred); n != 1 {
			t.Fatal("a refused case changed the outcome")
		}
	})
}

// Defer, resume and drop follow the rule set; reminders go once before a
// step's deadline and once past it, to the heads of the unit.
func TestDisciplineDeferAndSweep(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newDiscFixture(t, db)
		c, err := f.svc.OpenCase(f.headD1, violation.CaseInput{OfficialID: f.staff.ID, ViolationIDs: []int64{f.violation(t, "2026-02-01", f.staff)},
			Severity: violation.SeverityMinor, ProposedForm: violation.FormReprimand})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Defer(f.headD1, c.ID, violation.DeferLeave, "Nghỉ phép"); congvu.ErrorFields(err)["code"] == "" {
			t.Fatalf("a 112/2020 deferral under 172/2025: %v", err)
		}
		d, err := f.svc.Defer(f.headD1, c.ID, violation.DeferMaternity, "Đang nghỉ thai sản (giấy xác nhận số 12)")
		if err != nil || d.Status != violation.CaseDeferred {
			t.Fatalf("defer: %v %v", d, err)
		}
		if _, err := f.svc.RecordReview(f.headD1, c.ID, "x", vnDay("2026-03-05")); congvu.ErrorCode(err) != congvu.ECONFLICT {
			t.Fatalf("review while deferred: %v", err)
		}
		// Deferred: no reminder.
		f.clock.Add(12 * 24 * time.Hour)
		res, err := f.svc.SweepCases(context.Background(), f.db.Now())
		if err != nil || res != (violation.CaseSweepResult{}) {
			t.Fatalf("swept a deferred case: %+v %v", res, err)
		}
		r, err := f.svc.Resume(f.headD1, c.ID)
		if err != nil || r.Status != violation.CaseReview || !r.DueAt.After(c.DueAt) || !r.Steps[0].DueOn.After(c.Steps[0].DueOn) {
			t.Fatalf("resume: %+v %v", r, err)
		}
		// Near the review's deadline: reminded once.
		f.clock.Set(r.Steps[0].DueOn.Add(-24 * time.Hour).Add(9 * time.Hour))
		res, err = f.svc.SweepCases(context.Background(), f.db.Now())
		if err != nil || res.Reminded != 1 || res.Overdue != 0 {
			t.Fatalf("reminder: %+v %v", res, err)
		}
		if res, _ = f.svc.SweepCases(context.Background(), f.db.Now()); res != (violation.CaseSweepResult{}) {
			t.Fatalf("reminded twice: %+v", res)
		}
		f.clock.Set(r.Steps[0].DueOn.Add(48 * time.Hour))
		if res, _ = f.svc.SweepCases(context.Background(), f.db.Now()); res.Overdue != 1 {
			t.Fatalf("overdue: %+v", res)
		}
		if res, _ = f.svc.SweepCases(context.Background(), f.db.Now()); res != (violation.CaseSweepResult{}) {
			t.Fatalf("overdue twice: %+v", res)
		}
		// The head of D1 is the official concerned's head: mailed; nobody else.
		if n := f.count(t, `SELECT COUNT(*) FROM outbox WHERE to_addr = 'headd1@congvu.test'`); n != 2 {
			t.Fatalf("head mailed %d times", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM outbox WHERE to_addr <> 'headd1@congvu.test'`); n != 0 {
			t.Fatalf("others mailed: %d", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM outbox WHERE body LIKE '%Nguyễn Văn An%'`); n != 0 {
			t.Fatal("the mail names the official (administrators read the outbox)")
		}
		if list, _, _ := f.svc.FindCases(f.headD1, violation.CaseFilter{Overdue: true}); len(list) != 1 {
			t.Fatalf("overdue filter: %d", len(list))
		}
		if _, err := f.svc.Drop(f.headD1, c.ID, " "); congvu.ErrorFields(err)["reason"] == "" {
			t.Fatalf("drop without reason: %v", err)
		}
		dr, err := f.svc.Drop(f.headD1, c.ID, "Hội đồng kết luận không đủ căn cứ")
		if err != nil || dr.Status != violation.CaseDropped {
			t.Fatalf("drop: %v %v", dr, err)
		}
		if _, err := f.svc.Resume(f.headD1, c.ID); congvu.ErrorCode(err) != congvu.ECONFLICT {
			t.Fatalf("resume a dropped case: %v", err)
		}
	})
}

// The handling limit (90 days under 172/2025) runs from the detection of
// the act, the earliest evidence, until the decision: a case opened late
// is past it at once, notified once, and no longer listed as overdue once
// decided.
func TestDisciplineHandlingLimitFromDetection(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newDiscFixture(t, db)
		vid := f.violation(t, "2025-11-20", f.staff)
		detected := f.db.Now().AddDate(0, 0, -100).UTC()
		if _, err := db.Write.Exec(`UPDATE violations SET evidence_at = $1 WHERE id = $2`, detected, vid); err != nil {
			t.Fatal(err)
		}
		c, err := f.svc.OpenCase(f.headD1, violation.CaseInput{OfficialID: f.staff.ID, ViolationIDs: []int64{vid},
			Severity: violation.SeverityMinor, ProposedForm: violation.FormReprimand})
		if err != nil {
			t.Fatal(err)
		}
		if !c.DueAt.Before(f.db.Now()) || c.DueAt.Before(detected.AddDate(0, 0, 90)) {
			t.Fatalf("due %v, detected %v", c.DueAt, detected)
		}
		res, err := f.svc.SweepCases(context.Background(), f.db.Now())
		if err != nil || res.Late != 1 {
			t.Fatalf("late: %+v %v", res, err)
		}
		if res, _ = f.svc.SweepCases(context.Background(), f.db.Now()); res.Late != 0 {
			t.Fatalf("late twice: %+v", res)
		}
		if list, _, _ := f.svc.FindCases(f.headD1, violation.CaseFilter{Overdue: true}); len(list) != 1 {
			t.Fatalf("overdue list: %d", len(list))
		}
		if _, err := f.svc.RecordReview(f.headD1, c.ID, "Biên bản", vnDay("2026-03-05")); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Decide(f.headD1, c.ID, violation.DecisionInput{Number: "9/QĐ", SignedOn: vnDay("2026-03-05"), EffectiveOn: vnDay("2026-03-05"),
			Form: violation.FormReprimand, Signer: "X"}); err != nil {
			t.Fatal(err)
		}
		if list, _, _ := f.svc.FindCases(f.headD1, violation.CaseFilter{Overdue: true}); len(list) != 0 {
			t.Fatalf("a decided case listed as past its handling limit")
		}
	})
}

// The audit log shows a case's events only to those who read the case as
// staff, never to a system administrator nor to a supervisor elsewhere;
// list readings only to those who read the whole tree.
func TestDisciplineAuditConcealed(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newDiscFixture(t, db)
		c, err := f.svc.OpenCase(f.headD1, violation.CaseInput{OfficialID: f.staff.ID, ViolationIDs: []int64{f.violation(t, "2026-02-01", f.staff)},
			Severity: violation.SeverityMinor, ProposedForm: violation.FormReprimand})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.FindCase(f.headD1, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.FindCases(f.headD1, violation.CaseFilter{}); err != nil {
			t.Fatal(err)
		}
		audit := sqldb.NewAuditService(db)
		seen := func(a *congvu.Actor) int {
			t.Helper()
			_, n, err := audit.FindAuditEvents(sqldbtest.As(a), congvu.AuditFilter{Kind: "discipline."})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := seen(sqldbtest.Actor(901, congvu.RoleSupervisor, f.x.P1, f.x.P1Path)); n != 2 {
			t.Errorf("supervisor of the province sees %d events, want the case's 2", n)
		}
		if n := seen(sqldbtest.Actor(902, congvu.RoleSupervisor, 1, congvu.RootUnitPath)); n != 3 {
			t.Errorf("national supervisor sees %d events, want 3 (with the list reading)", n)
		}
		for name, a := range map[string]*congvu.Actor{
			"national admin": sqldbtest.Actor(903, congvu.RoleAdmin, 1, congvu.RootUnitPath),
			"other province": sqldbtest.Actor(904, congvu.RoleSupervisor, f.x.P2, f.x.P2Path),
		} {
			if n := seen(a); n != 0 {
				t.Errorf("%s sees %d discipline events", name, n)
			}
		}
		// A national supervisor whose own record the case is about sees
		// the list reading only, none of their case's events.
		ownCase := &congvu.Actor{UserID: 905, OfficialID: f.staff.ID, Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: 1, UnitPath: congvu.RootUnitPath}}}
		if n := seen(ownCase); n != 1 {
			t.Errorf("supervisor whose case it is sees %d events, want 1", n)
		}
	})
}

// A notified decision with no complaint by the end of its window becomes
// final: the sweep closes the case once, and never mails the heads that a
// complaint (the official's right, nobody's task) is "overdue".
func TestDisciplineFinalWhenNoComplaint(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newDiscFixture(t, db)
		c, err := f.svc.OpenCase(f.headD1, violation.CaseInput{OfficialID: f.staff.ID, ViolationIDs: []int64{f.violation(t, "2026-01-10", f.staff)},
			Severity: violation.SeverityMinor, ProposedForm: violation.FormReprimand})
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Add(24 * time.Hour) // Friday 06/03
		if _, err := f.svc.RecordReview(f.headD1, c.ID, "Họp kiểm điểm: anh An nhận khuyết điểm.", vnDay("2026-03-06")); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Decide(f.headD1, c.ID, violation.DecisionInput{Number: "15/QĐ-UBND", SignedOn: vnDay("2026-03-06"),
			EffectiveOn: vnDay("2026-03-06"), Form: violation.FormReprimand, Signer: "Lê Văn Chủ — Chủ tịch"}); err != nil {
			t.Fatal(err)
		}
		c, err = f.svc.Notify(f.headD1, c.ID, "Gửi anh An; lưu hồ sơ.", vnDay("2026-03-06"))
		if err != nil || c.Status != violation.CaseNotified {
			t.Fatalf("notify: %v %v", c, err)
		}
		// The commendation suggestions learn of the year's discipline.
		if d, err := f.svc.DisciplinedIn(context.Background(), f.x.P1Path, 2026); err != nil || !d[f.staff.ID] || len(d) != 1 {
			t.Fatalf("disciplined in 2026: %v %v", d, err)
		}
		if d, err := f.svc.DisciplinedIn(context.Background(), f.x.P1Path, 2025); err != nil || len(d) != 0 {
			t.Fatalf("disciplined in 2025: %v %v", d, err)
		}
		if d, err := f.svc.DisciplinedIn(context.Background(), f.x.D2Path, 2026); err != nil || len(d) != 0 {
			t.Fatalf("disciplined in a sibling subtree: %v %v", d, err)
		}
		rs, err := f.svc.RuleSetFor(f.headD1, f.staff.Category, vnDay("2026-01-10"))
		if err != nil {
			t.Fatal(err)
		}
		window := rs.ComplaintUntil(f.db.Now()) // notified today
		f.clock.Set(window.Add(9 * time.Hour))  // the last day: still open to a complaint
		if res, err := f.svc.SweepCases(context.Background(), f.db.Now()); err != nil || res != (violation.CaseSweepResult{}) {
			t.Fatalf("last day of the window: %+v %v", res, err)
		}
		f.clock.Set(window.Add(33 * time.Hour))
		res, err := f.svc.SweepCases(context.Background(), f.db.Now())
		if err != nil || res != (violation.CaseSweepResult{Closed: 1}) {
			t.Fatalf("after the window: %+v %v", res, err)
		}
		if res, _ := f.svc.SweepCases(context.Background(), f.db.Now()); res != (violation.CaseSweepResult{}) {
			t.Fatalf("closed twice: %+v", res)
		}
		got, err := f.svc.FindCase(f.headD1, c.ID)
		if err != nil || got.Status != violation.CaseClosed {
			t.Fatalf("case: %v %v", got, err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM outbox WHERE subject LIKE '%quá hạn%'`); n != 0 {
			t.Fatalf("%d overdue mails about a complaint nobody owed", n)
		}
		if _, err := f.svc.FileComplaint(f.asStaff, c.ID, violation.ComplaintInput{FiledOn: congvu.Date(f.db.Now()), Text: "Tôi xin khiếu nại quyết định."}); congvu.ErrorCode(err) == "" {
			t.Fatal("a complaint filed on a final decision")
		}
	})
}
