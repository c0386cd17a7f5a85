package petitionsql_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// ptMonday is a Monday, 9:00 in Vietnam.
var ptMonday = time.Date(2026, 3, 2, 9, 0, 0, 0, congvu.TimeZone)

// kindStep takes a step as a, failing the test on error.
func (x *ptFix) kindStep(t *testing.T, a *congvu.Actor, id int64, in petition.StepInput) *petition.Petition {
	t.Helper()
	p, err := x.ps.Step(sqldbtest.As(a), id, in)
	if err != nil {
		t.Fatalf("step %s: %v", in.Step, err)
	}
	return p
}

// denunciation submits a tố cáo (asking for money, with the reporter's
// name) about An and returns its receipt.
func (x *ptFix) denunciation(t *testing.T) *petition.Receipt {
	t.Helper()
	in := x.input()
	in.Category = petition.Favours
	in.Description = "Cán bộ đòi 500.000 đồng mới nhận hồ sơ đăng ký kinh doanh của tôi."
	return x.submit(t, in)
}

func TestPetitionKindSuggestedAndConfirmed(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		x.clock.Set(ptMonday)
		// Suggested from the category: asking for money is a tố cáo, unless anonymous.
		den := x.denunciation(t)
		if den.Petition.Kind != petition.KindDenunciation {
			t.Errorf("favours with name: kind %s", den.Petition.Kind)
		}
		// The first stage is the tố cáo's: 7 working days (Mon 2/3 → Wed 11/3).
		if want := time.Date(2026, 3, 11, 23, 59, 59, 0, congvu.TimeZone); !den.Petition.DueAt.Equal(want) {
			t.Errorf("tố cáo initial handling due %v, want %v", den.Petition.DueAt.In(congvu.TimeZone), want)
		}
		rep := x.submit(t, x.input())
		if rep.Petition.Kind != petition.KindReport {
			t.Errorf("harassment: kind %s", rep.Petition.Kind)
		}
		anon := x.input()
		anon.Category, anon.Anonymous = petition.Favours, true
		an := x.submit(t, anon)
		if an.Petition.Kind != petition.KindReport {
			t.Errorf("anonymous favours: kind %s, want report (Art. 25)", an.Petition.Kind)
		}

		// Anonymous: never a tố cáo, and the handler is told why.
		_, err := x.ps.Step(sqldbtest.As(x.headD1), an.Petition.ID, petition.StepInput{Step: petition.StepAccept,
			Kind: petition.KindDenunciation, KindReason: "Có dấu hiệu đòi tiền"})
		sqldbtest.Code(t, err, congvu.EINVALID)
		if m := congvu.ErrorFields(err)["kind"]; !strings.Contains(m, "Điều 25") || !strings.Contains(m, "ẩn danh") {
			t.Errorf("anonymous tố cáo refused with %q", m)
		}

		// A change of kind needs a reason.
		_, err = x.ps.Step(sqldbtest.As(x.headD1), rep.Petition.ID, petition.StepInput{Step: petition.StepAccept, Kind: petition.KindComplaint})
		sqldbtest.Code(t, err, congvu.EINVALID)
		if congvu.ErrorFields(err)["kind_reason"] == "" {
			t.Errorf("kind changed without reason: %v", err)
		}
		p := x.kindStep(t, x.headD1, rep.Petition.ID, petition.StepInput{Step: petition.StepAccept, Kind: petition.KindComplaint,
			KindReason: "Người dân khiếu nại quyết định từ chối cấp phép"})
		if p.Kind != petition.KindComplaint || p.AcceptedAt == nil {
			t.Errorf("after accept: kind %s, accepted %v", p.Kind, p.AcceptedAt)
		}
		events, _, _, err := x.ps.History(sqldbtest.As(x.headD1), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if last := events[len(events)-1]; !strings.Contains(last.Note, "Phản ánh, kiến nghị → Khiếu nại") || !strings.Contains(last.Note, "từ chối cấp phép") {
			t.Errorf("history of the change: %q", last.Note)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'petition.accept' AND entity_id = $1 AND CAST(after_json AS TEXT) LIKE '%"complaint"%' AND CAST(after_json AS TEXT) LIKE '%kind_reason%' AND CAST(before_json AS TEXT) LIKE '%"report"%'`, p.ID); n != 1 {
			t.Errorf("%d audits of the change", n)
		}
		// Confirmed as suggested: no reason needed.
		p = x.kindStep(t, x.headD1, den.Petition.ID, petition.StepInput{Step: petition.StepAccept})
		if p.Kind != petition.KindDenunciation {
			t.Errorf("confirmed kind %s", p.Kind)
		}
	})
}

func TestPetitionDenunciationDeadlines(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		x.clock.Set(ptMonday)
		den := x.denunciation(t)
		id := den.Petition.ID
		x.clock.Add(24 * time.Hour) // accepted Tuesday 3/3
		x.kindStep(t, x.headD1, id, petition.StepInput{Step: petition.StepAccept})
		x.clock.Add(10 * 24 * time.Hour) // assigned ten days later
		p := x.kindStep(t, x.headD1, id, petition.StepInput{Step: petition.StepAssign, UnitID: x.D1})
		// 30 days from the acceptance decision (3/3 → 2/4), not from the assignment.
		want := time.Date(2026, 4, 2, 23, 59, 59, 0, congvu.TimeZone)
		if !p.DueAt.Equal(want) {
			t.Fatalf("settlement due %v, want %v (from acceptance)", p.DueAt.In(congvu.TimeZone), want)
		}
		// A transfer does not restart the legal period.
		x.clock.Add(24 * time.Hour)
		p = x.kindStep(t, x.headD1, id, petition.StepInput{Step: petition.StepTransfer, UnitID: x.D2, Reason: "Đúng thẩm quyền quản lý"})
		if !p.DueAt.Equal(want) {
			t.Errorf("after transfer due %v, want %v", p.DueAt.In(congvu.TimeZone), want)
		}

		// Extension: once by 30 days; a second time only for a very complex case; never a third.
		p = x.kindStep(t, x.headD2, id, petition.StepInput{Step: petition.StepExtend, Reason: "Cần xác minh thêm tại hai đơn vị"})
		want = time.Date(2026, 5, 4, 23, 59, 59, 0, congvu.TimeZone) // 2/4 + 30 = Saturday 2/5, moved to Monday 4/5 (Civil Code Art. 148)
		if !p.DueAt.Equal(want) || p.Extensions != 1 || p.Status != petition.Assigned {
			t.Errorf("after extension: due %v (want %v), %d extensions, %s", p.DueAt.In(congvu.TimeZone), want, p.Extensions, p.Status)
		}
		_, err := x.ps.Step(sqldbtest.As(x.headD2), id, petition.StepInput{Step: petition.StepExtend, Reason: "Còn chờ kết quả giám định"})
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		if !strings.Contains(congvu.ErrorMessage(err), "đặc biệt phức tạp") {
			t.Errorf("second extension refused with %q", congvu.ErrorMessage(err))
		}
		p = x.kindStep(t, x.headD2, id, petition.StepInput{Step: petition.StepExtend, VeryComplex: true, Reason: "Vụ việc đặc biệt phức tạp, liên quan nhiều người"})
		want = want.AddDate(0, 0, 30) // Wednesday 3/6
		if !p.DueAt.Equal(want) || p.Extensions != 2 {
			t.Errorf("after second extension: due %v (want %v), %d", p.DueAt.In(congvu.TimeZone), want, p.Extensions)
		}
		_, err = x.ps.Step(sqldbtest.As(x.headD2), id, petition.StepInput{Step: petition.StepExtend, VeryComplex: true, Reason: "Lần thứ ba"})
		sqldbtest.Code(t, err, congvu.ECONFLICT)

		// Suspension stops the clock; resuming moves the due date by the days suspended.
		x.kindStep(t, x.headD2, id, petition.StepInput{Step: petition.StepVerify})
		p = x.kindStep(t, x.headD2, id, petition.StepInput{Step: petition.StepSuspend, Reason: "Chờ kết quả giải quyết vụ việc liên quan"})
		if p.Status != petition.Suspended || p.IsOverdue(x.clock.Now().AddDate(1, 0, 0)) {
			t.Errorf("suspended: %s, overdue a year later %v", p.Status, p.IsOverdue(x.clock.Now().AddDate(1, 0, 0)))
		}
		x.clock.Add(12 * 24 * time.Hour)
		if res, err := x.ps.Sweep(context.Background(), x.clock.Now().AddDate(1, 0, 0)); err != nil || res.Overdue != 0 {
			t.Errorf("sweep of a suspended petition: %+v %v", res, err)
		}
		p = x.kindStep(t, x.headD2, id, petition.StepInput{Step: petition.StepResume})
		want = want.AddDate(0, 0, 12) // Monday 15/6
		if p.Status != petition.Verifying || !p.DueAt.Equal(want) {
			t.Errorf("resumed: %s due %v, want verifying %v", p.Status, p.DueAt.In(congvu.TimeZone), want)
		}

		// The reporter reads every step, without staff names.
		pub, err := x.ps.Track(ptFrom("198.51.100.9"), den.TrackingCode, den.Secret)
		if err != nil {
			t.Fatal(err)
		}
		var seen []string
		for _, e := range pub.Events {
			if e.ActorName != "" {
				t.Errorf("staff name on the tracking page: %+v", e)
			}
			seen = append(seen, e.Kind+":"+e.Note)
		}
		all := strings.Join(seen, "\n")
		for _, want := range []string{"extend:Gia hạn giải quyết lần 1", "extend:Gia hạn giải quyết lần 2", "Vụ việc đặc biệt phức tạp", "suspend:Tạm đình chỉ",
			"Chờ kết quả giải quyết vụ việc liên quan", "resume:Tiếp tục giải quyết; hạn mới"} {
			if !strings.Contains(all, want) {
				t.Errorf("tracking page lacks %q:\n%s", want, all)
			}
		}
		if pub.Kind != petition.KindDenunciation || !pub.MayWithdraw {
			t.Errorf("public kind %s, may withdraw %v", pub.Kind, pub.MayWithdraw)
		}
		// A phản ánh has no extension.
		rep := x.submit(t, x.input())
		x.kindStep(t, x.headD1, rep.Petition.ID, petition.StepInput{Step: petition.StepAccept})
		x.kindStep(t, x.headD1, rep.Petition.ID, petition.StepInput{Step: petition.StepAssign, UnitID: x.D1})
		_, err = x.ps.Step(sqldbtest.As(x.headD1), rep.Petition.ID, petition.StepInput{Step: petition.StepExtend, Reason: "Cần thêm thời gian"})
		sqldbtest.Code(t, err, congvu.ECONFLICT)
	})
}

func TestPetitionWithdrawAndRefer(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		x.clock.Set(ptMonday)
		den := x.denunciation(t)
		ctx := ptFrom("198.51.100.9")
		if err := x.ps.Withdraw(ctx, den.TrackingCode, "SAI-MAT-KHAU", "Không muốn tiếp tục"); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Errorf("withdraw with a wrong secret: %v", err)
		}
		if err := x.ps.Withdraw(ctx, den.TrackingCode, den.Secret, "Sự việc đã được giải quyết ổn thỏa"); err != nil {
			t.Fatal(err)
		}
		pub, err := x.ps.Track(ctx, den.TrackingCode, den.Secret)
		if err != nil {
			t.Fatal(err)
		}
		last := pub.Events[len(pub.Events)-1]
		if pub.Status != petition.Withdrawn || pub.DueAt != nil || pub.MayWithdraw || last.Kind != "withdraw" || !strings.Contains(last.Note, "giải quyết ổn thỏa") {
			t.Errorf("after withdrawal: %s due %v may %v, last %+v", pub.Status, pub.DueAt, pub.MayWithdraw, last)
		}
		sqldbtest.Code(t, x.ps.Withdraw(ctx, den.TrackingCode, den.Secret, ""), congvu.ECONFLICT)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'petition.withdraw' AND entity_id = $1`, den.Petition.ID); n != 1 {
			t.Errorf("%d withdrawal audits", n)
		}
		if len(ptMailTo(t, db, "thu.truong.d1@example.vn")) < 2 {
			t.Errorf("handlers not told of the withdrawal: %v", ptMail(t, db))
		}

		// Referral to the police on signs of a crime: final, public.
		other := x.denunciation(t)
		_, err = x.ps.Step(sqldbtest.As(x.headD1), other.Petition.ID, petition.StepInput{Step: petition.StepRefer, Reason: "Có dấu hiệu nhận hối lộ"})
		sqldbtest.Code(t, err, congvu.EINVALID)
		p := x.kindStep(t, x.headD1, other.Petition.ID, petition.StepInput{Step: petition.StepRefer, ReferTo: petition.AuthorityPolice,
			Reason: "Có dấu hiệu tội nhận hối lộ"})
		if p.Status != petition.Referred || !p.Status.Final() || p.DueAt != nil {
			t.Errorf("referred: %s due %v", p.Status, p.DueAt)
		}
		pub, err = x.ps.Track(ctx, other.TrackingCode, other.Secret)
		if err != nil {
			t.Fatal(err)
		}
		last = pub.Events[len(pub.Events)-1]
		if last.Kind != "refer" || !strings.Contains(last.Note, "cơ quan công an") || !strings.Contains(last.Note, "nhận hối lộ") {
			t.Errorf("referral on the tracking page: %+v", last)
		}
	})
}

func TestPetitionCompetenceOfHeads(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		// Dũng heads D1: a tố cáo against him goes to the body above (P1),
		// not to D1, nor to P1's other units.
		if _, err := db.Write.Exec(`UPDATE officials SET is_leader = TRUE WHERE id = $1`, x.dung.ID); err != nil {
			t.Fatal(err)
		}
		in := x.input()
		in.BadgeToken, in.Category = x.dung.BadgeToken, petition.Favours
		r := x.submit(t, in)
		if r.Petition.HandlerUnitID != x.P1 || !r.Petition.SubjectLeader {
			t.Errorf("tố cáo against a head: handler %d (want P1 %d), leader %v", r.Petition.HandlerUnitID, x.P1, r.Petition.SubjectLeader)
		}
		if c := petition.CompetenceFor(petition.KindDenunciation, true); c.Levels != 1 || !strings.Contains(c.LegalBasis, "cấp trên") {
			t.Errorf("competence rule %+v", c)
		}
	})
}
