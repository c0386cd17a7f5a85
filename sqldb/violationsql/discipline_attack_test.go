package violationsql_test

import (
	"congvu"
	"congvu/sqldb"
	"congvu/sqldb/calendarsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/violationsql"
	"congvu/violation"
	"context"
	"strings"
	"testing"
)

// A script posting oversized text to the steps of a case (the API takes a
// body of up to 1 MB) gets a Vietnamese message on the field and nothing
// saved: the minutes, the council's members, the signer, the
// notification's recipients, the complaint and its reply, the reasons.
func TestDisciplineOversizedInputSavesNothing(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newDiscFixture(t, db)
		huge := strings.Repeat("Đ", 100_000)
		want := func(name, field string, err error) {
			t.Helper()
			if congvu.ErrorCode(err) != congvu.EINVALID || congvu.ErrorFields(err)[field] == "" {
				t.Fatalf("%s: %v %v, want a message on %s", name, err, congvu.ErrorFields(err), field)
			}
		}
		steps := func() int {
			return f.count(t, `SELECT COUNT(*) FROM audit_events WHERE kind LIKE 'discipline.%' AND kind NOT IN ('discipline.open', 'discipline.read')`)
		}
		// A leader's case: review, council (cảnh cáo), decision at P1.
		vid := f.violation(t, "2026-02-10", f.leader)
		c, err := f.svc.OpenCase(f.headD1, violation.CaseInput{OfficialID: f.leader.ID, ViolationIDs: []int64{vid},
			Severity: violation.SeveritySerious, ProposedForm: violation.FormWarning})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.RecordReview(f.headD1, c.ID, huge, vnDay("2026-03-05"))
		want("review minutes", "minutes", err)
		_, err = f.svc.Drop(f.headP1, c.ID, huge)
		want("drop reason", "reason", err)
		_, err = f.svc.Defer(f.headP1, c.ID, "", huge)
		want("defer reason", "reason", err)
		if n := steps(); n != 0 {
			t.Fatalf("%d steps saved from oversized input", n)
		}
		if _, err := f.svc.RecordReview(f.headD1, c.ID, "Biên bản kiểm điểm", vnDay("2026-03-05")); err != nil {
			t.Fatal(err)
		}
		members := []violation.CouncilMember{{Name: "Nguyễn Văn A", Role: "Chủ tịch hội đồng"}, {Name: "Trần Văn B", Role: "Ủy viên"}, {Name: "Lê Thị C", Role: "Thư ký"}}
		co := violation.CouncilInput{Members: members, MeetingOn: vnDay("2026-03-05"), Minutes: huge, VotesFor: 3, Recommended: violation.FormWarning}
		_, err = f.svc.RecordCouncil(f.headD1, c.ID, co)
		want("council minutes", "minutes", err)
		co.Minutes = "Hội đồng họp, bỏ phiếu kín"
		co.Members = append([]violation.CouncilMember{{Name: huge, Role: "Ủy viên"}}, members...)
		_, err = f.svc.RecordCouncil(f.headD1, c.ID, co)
		want("member's name", "members", err)
		co.Members = nil
		for range 5000 {
			co.Members = append(co.Members, violation.CouncilMember{Name: "Nguyễn Văn A", Role: "Ủy viên"})
		}
		_, err = f.svc.RecordCouncil(f.headD1, c.ID, co)
		want("5000 members", "members", err)
		co.Members = members
		if _, err := f.svc.RecordCouncil(f.headD1, c.ID, co); err != nil {
			t.Fatal(err)
		}
		in := violation.DecisionInput{Number: "7/QĐ-UBND", SignedOn: vnDay("2026-03-05"), EffectiveOn: vnDay("2026-03-05"), Form: violation.FormWarning, Signer: huge}
		_, err = f.svc.Decide(f.headP1, c.ID, in)
		want("signer", "signer", err)
		in.Signer = "Chủ tịch UBND tỉnh"
		if _, err := f.svc.Decide(f.headP1, c.ID, in); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Notify(f.headD1, c.ID, huge, vnDay("2026-03-05"))
		want("notification", "note", err)
		if _, err := f.svc.Notify(f.headD1, c.ID, "Ông/bà Trần Thị Bình; UBND huyện", vnDay("2026-03-05")); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.FileComplaint(f.asLeader, c.ID, violation.ComplaintInput{FiledOn: vnDay("2026-03-05"), Text: huge})
		want("complaint", "text", err)
		if _, err := f.svc.FileComplaint(f.asLeader, c.ID, violation.ComplaintInput{FiledOn: vnDay("2026-03-05"), Text: "Tôi không đồng ý với hình thức cảnh cáo."}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.SettleComplaint(f.headP1, c.ID, violation.ComplaintInput{Outcome: violation.ComplaintUpheld, Reply: huge})
		want("reply", "reply", err)
		if n := f.count(t, `SELECT COUNT(*) FROM discipline_cases WHERE id = $1 AND status = 'complaint'`, c.ID); n != 1 {
			t.Fatal("the refused settlement moved the case")
		}
		if n := f.count(t, `SELECT COUNT(*) FROM discipline_case_steps WHERE LENGTH(COALESCE(note, '')) > 50000`) +
			f.count(t, `SELECT COUNT(*) FROM discipline_cases WHERE LENGTH(COALESCE(complaint_text, '')) > 50000 OR LENGTH(COALESCE(council, '')) > 50000`); n != 0 {
			t.Fatalf("%d oversized texts saved", n)
		}
	})
}

// Ending a case without discipline is a decision: only the head of the
// competent unit takes it. The head of a leader's own unit, who runs the
// review, cannot drop the case the province is to decide, nor can a
// supervisor who helps run it; nothing changes until the competent head
// does.
func TestDisciplineDropOnlyByCompetentHead(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newDiscFixture(t, db)
		vid := f.violation(t, "2026-02-10", f.leader)
		c, err := f.svc.OpenCase(f.headD1, violation.CaseInput{OfficialID: f.leader.ID, ViolationIDs: []int64{vid},
			Severity: violation.SeveritySerious, ProposedForm: violation.FormWarning})
		if err != nil || c.CompetentUnitID != f.x.P1 {
			t.Fatalf("case %+v %v", c, err)
		}
		for name, ctx := range map[string]context.Context{"head of the leader's unit": f.headD1, "supervisor": f.supervisorP1} {
			_, err := f.svc.Drop(ctx, c.ID, "Không đủ căn cứ xử lý kỷ luật.")
			if congvu.ErrorCode(err) != congvu.EFORBIDDEN {
				t.Errorf("%s dropped the case: %v", name, err)
			}
			// nor stall it: putting it aside is the competent level's call too
			_, err = f.svc.Defer(ctx, c.ID, violation.DeferMaternity, "Đang nghỉ thai sản (giấy xác nhận số 12)")
			if congvu.ErrorCode(err) != congvu.EFORBIDDEN {
				t.Errorf("%s deferred the case: %v", name, err)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM discipline_cases WHERE id = $1 AND status = 'review'`, c.ID); n != 1 {
			t.Fatal("a refused drop changed the case")
		}
		if got, err := f.svc.Drop(f.headP1, c.ID, "Không đủ căn cứ xử lý kỷ luật."); err != nil || got.Status != violation.CaseDropped {
			t.Fatalf("the competent head's drop: %+v %v", got, err)
		}
	})
}

// A NUL or other control character in the text of a step (JSON "\u0000"
// from a script) is cleaned away, not passed to PostgreSQL, which refuses
// it (a 500 before).
func TestDisciplineControlCharactersCleaned(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newDiscFixture(t, db)
		vid := f.violation(t, "2026-02-10", f.leader)
		c, err := f.svc.OpenCase(f.headD1, violation.CaseInput{OfficialID: f.leader.ID, ViolationIDs: []int64{vid},
			Severity: violation.SeveritySerious, ProposedForm: violation.FormWarning})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.RecordReview(f.headD1, c.ID, "Biên bản\x00 kiểm điểm\x1b", vnDay("2026-03-05")); err != nil {
			t.Fatalf("review: %v", err)
		}
		members := []violation.CouncilMember{{Name: "Nguyễn Văn A\x00", Role: "Chủ tịch hội đồng"}, {Name: "Trần Văn B", Role: "Ủy viên\x00"}, {Name: "Lê Thị C", Role: "Thư ký"}}
		if _, err := f.svc.RecordCouncil(f.headD1, c.ID, violation.CouncilInput{Members: members, MeetingOn: vnDay("2026-03-05"),
			Minutes: "Hội đồng họp\x00", VotesFor: 3, Recommended: violation.FormWarning}); err != nil {
			t.Fatalf("council: %v", err)
		}
		if _, err := f.svc.Decide(f.headP1, c.ID, violation.DecisionInput{Number: "7/QĐ-UBND\x00", SignedOn: vnDay("2026-03-05"),
			EffectiveOn: vnDay("2026-03-05"), Form: violation.FormWarning, Signer: "Chủ tịch\x00 UBND tỉnh"}); err != nil {
			t.Fatalf("decide: %v", err)
		}
		if _, err := f.svc.Notify(f.headD1, c.ID, "Bà Bình\x00", vnDay("2026-03-05")); err != nil {
			t.Fatalf("notify: %v", err)
		}
		if _, err := f.svc.FileComplaint(f.asLeader, c.ID, violation.ComplaintInput{FiledOn: vnDay("2026-03-05"), Text: "Tôi không đồng ý\x00"}); err != nil {
			t.Fatalf("complaint: %v", err)
		}
		got, err := f.svc.SettleComplaint(f.headP1, c.ID, violation.ComplaintInput{Outcome: violation.ComplaintUpheld, Reply: "Giữ nguyên\x00 quyết định"})
		if err != nil {
			t.Fatalf("settle: %v", err)
		}
		if got.Decision.Number != "7/QĐ-UBND" || got.Decision.Signer != "Chủ tịch UBND tỉnh" || got.Council.Members[0].Name != "Nguyễn Văn A" ||
			got.Complaint.Text != "Tôi không đồng ý" || got.Complaint.Reply != "Giữ nguyên quyết định" {
			t.Fatalf("stored %+v %+v %+v", got.Decision, got.Council, got.Complaint)
		}
	})
}

// A NUL in an item code, a search or a filter (from "%00" in a query
// string) is a bad value or no match, never an internal error: PostgreSQL
// refuses NUL bytes in parameters.
func TestViolationSearchAndItemWithNul(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := setup(t, db)
		in := x.input(x.an.ID)
		in.ItemCodes = []string{"TT\x00TT"}
		if _, err := x.vs.CreateViolation(sqldbtest.As(x.headD1), in); congvu.ErrorCode(err) != congvu.EINVALID {
			t.Errorf("item code with NUL: %v", err)
		}
		if _, _, err := x.vs.FindViolations(sqldbtest.As(x.headD1), violation.Filter{Query: "a\x00b", ItemCode: "X\x00"}); err != nil {
			t.Errorf("violations search with NUL: %v", err)
		}
		ds := violationsql.NewDisciplineService(db, calendarsql.NewCalendarService(db))
		if _, _, err := ds.FindCases(sqldbtest.As(x.headD1), violation.CaseFilter{Query: "a\x00b"}); err != nil {
			t.Errorf("cases search with NUL: %v", err)
		}
	})
}

// The form decided must fit the severity the case was opened with (and
// its time bar checked against): an act of three years ago, barred when
// minor (2 years), opened as serious (5 years) cannot then be closed with
// a khiển trách, a form for minor acts only.
func TestDisciplineDecisionFitsSeverity(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newDiscFixture(t, db)
		vid := f.violation(t, "2023-01-10", f.staff)
		_, err := f.svc.OpenCase(f.headD1, violation.CaseInput{OfficialID: f.staff.ID, ViolationIDs: []int64{vid},
			Severity: violation.SeverityMinor, ProposedForm: violation.FormReprimand})
		if fs := congvu.ErrorFields(err); fs["violation_ids"] == "" {
			t.Fatalf("a minor act of 2023 not time-barred: %v %v", err, fs)
		}
		c, err := f.svc.OpenCase(f.headD1, violation.CaseInput{OfficialID: f.staff.ID, ViolationIDs: []int64{vid},
			Severity: violation.SeveritySerious, ProposedForm: violation.FormWarning})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.RecordReview(f.headD1, c.ID, "Biên bản kiểm điểm", vnDay("2026-03-05")); err != nil {
			t.Fatal(err)
		}
		members := []violation.CouncilMember{{Name: "Nguyễn Văn A", Role: "Chủ tịch hội đồng"}, {Name: "Trần Văn B", Role: "Ủy viên"}, {Name: "Lê Thị C", Role: "Thư ký"}}
		if _, err := f.svc.RecordCouncil(f.headD1, c.ID, violation.CouncilInput{Members: members, MeetingOn: vnDay("2026-03-05"),
			Minutes: "Hội đồng họp", VotesFor: 3, Recommended: violation.FormWarning}); err != nil {
			t.Fatal(err)
		}
		in := violation.DecisionInput{Number: "9/QĐ-UBND", SignedOn: vnDay("2026-03-05"), EffectiveOn: vnDay("2026-03-05"), Form: violation.FormReprimand, Signer: "Chủ tịch UBND huyện"}
		_, err = f.svc.Decide(f.headD1, c.ID, in)
		if congvu.ErrorCode(err) != congvu.EINVALID || congvu.ErrorFields(err)["form"] == "" {
			t.Fatalf("khiển trách decided for a case opened as serious: %v", err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM discipline_cases WHERE id = $1 AND status = 'decision'`, c.ID); n != 1 {
			t.Fatal("the refused decision changed the case")
		}
		in.Form = violation.FormWarning
		if _, err := f.svc.Decide(f.headD1, c.ID, in); err != nil {
			t.Fatal(err)
		}
	})
}

// A decision's effective date is checked against a sensible range: a
// script's 31/12/9999 (whose consequences would last into year 10000) is
// a Vietnamese message on the field, not a database error.
func TestDisciplineEffectiveDateBounded(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newDiscFixture(t, db)
		vid := f.violation(t, "2026-01-10", f.staff)
		c, err := f.svc.OpenCase(f.headD1, violation.CaseInput{OfficialID: f.staff.ID, ViolationIDs: []int64{vid},
			Severity: violation.SeverityMinor, ProposedForm: violation.FormReprimand})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.RecordReview(f.headD1, c.ID, "Biên bản kiểm điểm", vnDay("2026-03-05")); err != nil {
			t.Fatal(err)
		}
		in := violation.DecisionInput{Number: "9/QĐ-UBND", SignedOn: vnDay("2026-03-05"), EffectiveOn: vnDay("9999-12-31"), Form: violation.FormReprimand, Signer: "Chủ tịch UBND huyện"}
		_, err = f.svc.Decide(f.headD1, c.ID, in)
		if congvu.ErrorCode(err) != congvu.EINVALID || congvu.ErrorFields(err)["effective_on"] == "" {
			t.Fatalf("effective 31/12/9999: %v", err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM discipline_cases WHERE id = $1 AND status = 'decision'`, c.ID); n != 1 {
			t.Fatal("the refused decision changed the case")
		}
	})
}
