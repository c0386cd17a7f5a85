package evaluationsql_test

import (
	"congvu"
	"congvu/conduct"
	"congvu/evaluation"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// The cycle end to end on 2026 (Decree 335/2025): opened for the unit's
// members, products tracked into the task points, the self-assessment,
// the collective's comments, the proposal, the decision, the notice to
// the official (without the level), the complaint and its settlement;
// every step audited, every reading too.
func TestEvaluationCycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		head, a := sqldbtest.As(w.actH), sqldbtest.As(w.actA)
		official(t, w.offs, w.tree.D1, "LD-W", "Võ Văn Lao", org.CategoryWorker, false, "")
		res, err := w.svc.OpenYear(head, w.tree.D1, 2026)
		if err != nil || res.Opened != 3 || res.Skipped != 1 {
			t.Fatalf("open %+v %v", res, err)
		}
		if res, err = w.svc.OpenYear(head, w.tree.D1, 2026); err != nil || res.Opened != 0 || res.Existing != 3 {
			t.Fatalf("open again %+v %v", res, err)
		}
		if _, err := w.svc.OpenYear(sqldbtest.As(w.actA), w.tree.D1, 2026); err == nil {
			t.Fatal("an official opened the year")
		}

		// Products: 40 points clean, 30 points short on quality (−25%),
		// 10 points cancelled: 70 × (40 + 22.5) / 70 = 62.5.
		var ids []int64
		for _, in := range []evaluation.ProductInput{
			{OfficialID: w.a.ID, Year: 2026, PeriodKind: evaluation.PeriodMonth, Period: 1, Title: "Báo cáo tháng 1", Points: 40},
			{OfficialID: w.a.ID, Year: 2026, PeriodKind: evaluation.PeriodQuarter, Period: 1, Title: "Đề án quý 1", Points: 30, DueOn: "25/03/2026"},
			{OfficialID: w.a.ID, Year: 2026, PeriodKind: evaluation.PeriodMonth, Period: 2, Title: "Việc bỏ", Points: 10},
		} {
			p, err := w.svc.AssignProduct(head, in)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, p.ID)
		}
		if _, err := w.svc.ConfirmProduct(head, ids[0], evaluation.ConfirmInput{}); congvu.ErrorCode(err) != congvu.ECONFLICT {
			t.Fatalf("confirmed before the report: %v", err)
		}
		if _, err := w.svc.ReportProduct(sqldbtest.As(w.actB), ids[0], ""); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("a colleague reported another's product: %v", err)
		}
		for _, id := range ids[:2] {
			if _, err := w.svc.ReportProduct(a, id, "Đã hoàn thành"); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.svc.ConfirmProduct(head, ids[0], evaluation.ConfirmInput{}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.ConfirmProduct(head, ids[1], evaluation.ConfirmInput{QualityFailed: true, Note: "Thiếu số liệu"}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.CancelProduct(head, ids[2], "Không còn cần"); err != nil {
			t.Fatal(err)
		}
		mineP, n, err := w.svc.FindProducts(a, evaluation.ProductFilter{Year: 2026})
		if err != nil || n != 3 || len(mineP) != 3 || mineP[0].DueOn.Format("02/01/2006") != "31/01/2026" {
			t.Fatalf("own products %d %v", n, err)
		}

		e, err := w.svc.Mine(a, 2026)
		if err != nil || e.Status != evaluation.StatusOpen || e.RuleSetCode != "335/2025-cc" {
			t.Fatalf("mine %+v %v", e, err)
		}
		r := rule335()
		if _, err := w.svc.SelfAssess(a, e.ID, evaluation.SelfInput{Level: evaluation.LevelGood}); congvu.ErrorFields(err)["text"] == "" {
			t.Fatalf("empty self-assessment: %v", err)
		}
		if e, err = w.svc.SelfAssess(a, e.ID, evaluation.SelfInput{General: full(r), Level: evaluation.LevelExcellent, Text: "Hoàn thành các nhiệm vụ được giao."}); err != nil || e.Self == nil {
			t.Fatalf("self %v", err)
		}
		if _, err := w.svc.Propose(head, e.ID, evaluation.ProposalInput{}); congvu.ErrorCode(err) != congvu.EINVALID {
			t.Fatalf("empty proposal: %v", err)
		}
		if _, err := w.svc.Comment(sqldbtest.As(w.actB), e.ID, evaluation.CommentInput{Text: "Nhiệt tình, đúng hạn."}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Comment(head, e.ID, evaluation.CommentInput{Text: "Biên bản họp đơn vị: thống nhất.", Meeting: true}); err != nil {
			t.Fatal(err)
		}
		// 30 general + 62.5 task = 92.5: excellent reached by points.
		e, err = w.svc.Propose(head, e.ID, evaluation.ProposalInput{General: full(r), Level: evaluation.LevelExcellent, TaskGroup: "Chuyên viên", Note: "Đề nghị"})
		if err != nil || e.TaskPoints != 62.5 || e.Total != 92.5 || e.Proposed != evaluation.LevelExcellent || e.Status != evaluation.StatusProposed || len(e.Comments) != 2 {
			t.Fatalf("propose %+v %v", e, err)
		}
		if _, err := w.svc.Comment(sqldbtest.As(w.actB), e.ID, evaluation.CommentInput{Text: "Muộn"}); congvu.ErrorCode(err) != congvu.ECONFLICT {
			t.Fatalf("comment after the proposal: %v", err)
		}
		// Alone in the group: 20% of 1 is 0 excellent.
		_, err = w.svc.Decide(head, e.ID, evaluation.DecisionInput{Level: evaluation.LevelExcellent})
		if congvu.ErrorCode(err) != congvu.ECONFLICT || !strings.Contains(congvu.ErrorMessage(err), "tối đa 0/1") {
			t.Fatalf("quota of one: %v", err)
		}
		if e, err = w.svc.Decide(head, e.ID, evaluation.DecisionInput{Level: evaluation.LevelGood, Note: "Theo chỉ tiêu"}); err != nil || e.Level != evaluation.LevelGood {
			t.Fatalf("decide %v", err)
		}
		if _, err := w.svc.Complain(a, e.ID, "Không đồng ý"); congvu.ErrorCode(err) != congvu.ECONFLICT {
			t.Fatalf("complained before the notice: %v", err)
		}
		if e, err = w.svc.Notify(head, e.ID); err != nil || e.NotifiedAt.IsZero() {
			t.Fatalf("notify %v", err)
		}
		var to, body string
		if err := db.Read.QueryRow(`SELECT to_addr, body FROM outbox ORDER BY id DESC LIMIT 1`).Scan(&to, &body); err != nil || to != "an@example.vn" ||
			strings.Contains(body, evaluation.LevelGood.Label()) {
			t.Fatalf("notice to %q: %q %v", to, body, err)
		}
		if e, err = w.svc.Complain(a, e.ID, "Tôi đề nghị xem xét lại mức xếp loại."); err != nil || e.Status != evaluation.StatusComplained {
			t.Fatalf("complain %v", err)
		}
		if _, err := w.svc.Settle(head, e.ID, evaluation.SettleInput{NewLevel: evaluation.LevelExcellent, Answer: "Đổi"}); congvu.ErrorCode(err) != congvu.ECONFLICT {
			t.Fatalf("settled beyond the quota: %v", err)
		}
		if e, err = w.svc.Settle(head, e.ID, evaluation.SettleInput{Kept: true, Answer: "Giữ nguyên do đã đủ chỉ tiêu."}); err != nil || e.FinalLevel() != evaluation.LevelGood || e.Status != evaluation.StatusSettled {
			t.Fatalf("settle %+v %v", e, err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM outbox WHERE to_addr = 'an@example.vn'`); n != 2 {
			t.Errorf("%d notices to the official", n)
		}
		for _, k := range []string{"evaluation.open", "evaluation.product.assign", "evaluation.product.report", "evaluation.product.confirm", "evaluation.product.cancel",
			"evaluation.self", "evaluation.comment", "evaluation.propose", "evaluation.decide", "evaluation.notify", "evaluation.complain", "evaluation.settle", "evaluation.read"} {
			if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = $1`, k); n == 0 {
				t.Errorf("no %s event", k)
			}
		}
		hist, err := w.svc.History(head, e.ID)
		if err != nil || len(hist) < 8 {
			t.Fatalf("history %d %v", len(hist), err)
		}
		if _, err := w.svc.History(a, e.ID); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Errorf("the official read the history: %v", err)
		}
		// Search is folded.
		list, n, err := w.svc.FindEvaluations(head, evaluation.Filter{Year: 2026, Query: "nguyen van an"})
		if err != nil || n != 1 || list[0].ID != e.ID {
			t.Errorf("search %d %v", n, err)
		}
	})
}

// Decided excellent beyond 20% of those rated good or better in the unit
// and task group is refused with the figures, checked in the
// transaction; another task group has its own quota.
func TestEvaluationQuota(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		parentHead := sqldbtest.As(w.parent)
		var ownActs []*congvu.Actor
		var offs []*org.Official
		for i := range 10 {
			o := official(t, w.offs, w.tree.D2, "Q"+string(rune('A'+i)), "Cán bộ "+string(rune('A'+i)), org.CategoryCivilServant, false, "")
			offs = append(offs, o)
			ownActs = append(ownActs, account(t, db, "q"+string(rune('a'+i)), o.ID, "", 0, ""))
		}
		if _, err := w.svc.OpenYear(parentHead, w.tree.D2, 2026); err != nil {
			t.Fatal(err)
		}
		var evs []*evaluation.Evaluation
		for i, o := range offs {
			e := w.ready(t, w.parent, ownActs[i], o)
			e, err := w.svc.Propose(parentHead, e.ID, evaluation.ProposalInput{General: full(rule335()), Level: evaluation.LevelExcellent})
			if err != nil {
				t.Fatal(err)
			}
			evs = append(evs, e)
		}
		q, err := w.svc.Quota(parentHead, w.tree.D2, 2026, "")
		if err != nil || q.Base != 10 || q.Allowed != 2 || q.Excellent != 0 || q.Remaining != 2 || q.RuleSetCode != "335/2025-cc" {
			t.Fatalf("quota %+v %v", q, err)
		}
		for _, e := range evs[:2] {
			if _, err := w.svc.Decide(parentHead, e.ID, evaluation.DecisionInput{Level: evaluation.LevelExcellent}); err != nil {
				t.Fatal(err)
			}
		}
		_, err = w.svc.Decide(parentHead, evs[2].ID, evaluation.DecisionInput{Level: evaluation.LevelExcellent})
		if congvu.ErrorCode(err) != congvu.ECONFLICT || !strings.Contains(congvu.ErrorMessage(err), "Đơn vị đã đủ chỉ tiêu") || !strings.Contains(congvu.ErrorMessage(err), "tối đa 2/10") {
			t.Fatalf("third excellent: %v", err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM evaluations WHERE final_level = 'excellent'`); n != 2 {
			t.Fatalf("%d excellent saved", n)
		}
		if q, _ = w.svc.Quota(parentHead, w.tree.D2, 2026, ""); q.Excellent != 2 || q.Remaining != 0 {
			t.Errorf("quota after %+v", q)
		}
		// Nor is the quota passed by deciding the others below good once
		// the excellent are decided: 2 of 9 rated good or better is more
		// than 20%.
		_, err = w.svc.Decide(parentHead, evs[2].ID, evaluation.DecisionInput{Level: evaluation.LevelCompleted})
		if congvu.ErrorCode(err) != congvu.ECONFLICT || !strings.Contains(congvu.ErrorMessage(err), "tối đa 1/9") {
			t.Fatalf("the base shrunk under the excellent decided: %v", err)
		}
		// Nor by proposing them again in another task group, or below
		// good, before deciding them.
		_, err = w.svc.Propose(parentHead, evs[3].ID, evaluation.ProposalInput{General: full(rule335()), Level: evaluation.LevelExcellent, TaskGroup: "Nhóm mới"})
		if congvu.ErrorCode(err) != congvu.ECONFLICT || !strings.Contains(congvu.ErrorMessage(err), "tối đa 1/9") {
			t.Fatalf("moved to a fresh task group under the excellent decided: %v", err)
		}
		_, err = w.svc.Propose(parentHead, evs[3].ID, evaluation.ProposalInput{General: full(rule335()), Level: evaluation.LevelCompleted})
		if congvu.ErrorCode(err) != congvu.ECONFLICT {
			t.Fatalf("proposed below good under the excellent decided: %v", err)
		}
		if _, err := w.svc.Decide(parentHead, evs[2].ID, evaluation.DecisionInput{Level: evaluation.LevelGood}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Quota(sqldbtest.As(w.admin), w.tree.D2, 2026, ""); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Errorf("an administrator read the quota: %v", err)
		}
	})
}

// Disciplined in the year (a decision in the official's year of conduct)
// caps the level at not completed: a proposal or a decision above it is
// refused naming the decision, whatever the points.
func TestEvaluationDisciplineCap(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		head := sqldbtest.As(w.actH)
		if _, err := w.svc.OpenYear(head, w.tree.D1, 2026); err != nil {
			t.Fatal(err)
		}
		e := w.ready(t, w.actH, w.actA, w.a)
		w.cond.years[w.a.ID] = &conduct.Year{OfficialID: w.a.ID, Year: 2026, Disciplines: []conduct.Discipline{{CaseID: 1, Form: "reprimand", FormLabel: "Khiển trách",
			Number: "15/QĐ-UBND", SignedOn: time.Date(2026, 2, 10, 0, 0, 0, 0, congvu.TimeZone), EffectiveOn: time.Date(2026, 2, 12, 0, 0, 0, 0, congvu.TimeZone)}}}
		_, err := w.svc.Propose(head, e.ID, evaluation.ProposalInput{General: full(rule335()), Level: evaluation.LevelGood})
		msg := congvu.ErrorFields(err)["level"]
		if congvu.ErrorCode(err) != congvu.EINVALID || !strings.Contains(msg, "Bị kỷ luật khiển trách ngày 12/02/2026 (Quyết định số 15/QĐ-UBND) → không xếp loại hoàn thành nhiệm vụ trở lên") {
			t.Fatalf("proposal above the cap: %v", err)
		}
		e, err = w.svc.Propose(head, e.ID, evaluation.ProposalInput{General: full(rule335()), Level: evaluation.LevelNotCompleted})
		if err != nil || e.Cap != evaluation.LevelNotCompleted || !strings.Contains(e.CapReason, "15/QĐ-UBND") {
			t.Fatalf("proposal at the cap %+v %v", e, err)
		}
		if _, err := w.svc.Decide(head, e.ID, evaluation.DecisionInput{Level: evaluation.LevelCompleted}); congvu.ErrorCode(err) != congvu.EINVALID {
			t.Fatalf("decision above the cap: %v", err)
		}
		if e, err = w.svc.Decide(head, e.ID, evaluation.DecisionInput{Level: evaluation.LevelNotCompleted}); err != nil || e.FinalLevel() != evaluation.LevelNotCompleted {
			t.Fatalf("decide %v", err)
		}
		// The complaint is within the rule set's 15 days of the notice.
		if _, err := w.svc.Notify(head, e.ID); err != nil {
			t.Fatal(err)
		}
		clock := sqldbtest.SetClock(db)
		clock.Add(16 * 24 * time.Hour)
		if _, err := w.svc.Complain(sqldbtest.As(w.actA), e.ID, "Quá hạn"); congvu.ErrorFields(err)["text"] == "" {
			t.Fatalf("complaint after 16 days: %v", err)
		}
		// The cap never depends on what the reader may see: the system
		// reads the year of conduct for the head, named in the audit.
		if last := w.cond.actors[len(w.cond.actors)-1]; !last.IsSystem() || !strings.Contains(last.FullName, w.actH.FullName) {
			t.Errorf("conduct read as %+v", last)
		}
	})
}

// Insiders: the head evaluated reads their own form as the official and
// may neither propose nor decide it (the parent unit's head does); a
// colleague of another unit may not comment; administrators and
// inspectors read no evaluation, nor its events in the audit log; an
// official reads their own evaluation and no other.
func TestEvaluationInsiders(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		head := sqldbtest.As(w.actH)
		if _, err := w.svc.OpenYear(head, w.tree.D1, 2026); err != nil {
			t.Fatal(err)
		}
		own := w.ready(t, w.parent, w.actH, w.h) // the head's own evaluation; products by the parent
		if _, err := w.svc.AssignProduct(head, evaluation.ProductInput{OfficialID: w.h.ID, Year: 2026, PeriodKind: evaluation.PeriodMonth, Period: 4, Title: "Tự giao", Points: 5}); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("the head assigned their own product: %v", err)
		}
		got, err := w.svc.FindEvaluation(head, own.ID)
		if err != nil || got.Self == nil {
			t.Fatalf("the head reads their own: %v", err)
		}
		if _, err := w.svc.Propose(head, own.ID, evaluation.ProposalInput{General: full(rule335()), Level: evaluation.LevelGood}); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("the head proposed their own: %v", err)
		}
		if _, err := w.svc.Comment(head, own.ID, evaluation.CommentInput{Text: "Tự khen", Meeting: true}); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("the head recorded minutes on their own: %v", err)
		}
		if _, err := w.svc.History(head, own.ID); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("the head read their own history: %v", err)
		}
		parent := sqldbtest.As(w.parent)
		if _, err := w.svc.Propose(parent, own.ID, evaluation.ProposalInput{General: full(rule335()), Level: evaluation.LevelGood}); err != nil {
			t.Fatalf("the parent head proposes: %v", err)
		}
		if _, err := w.svc.Decide(head, own.ID, evaluation.DecisionInput{Level: evaluation.LevelGood}); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("the head decided their own: %v", err)
		}
		if _, err := w.svc.Decide(parent, own.ID, evaluation.DecisionInput{Level: evaluation.LevelGood}); err != nil {
			t.Fatalf("the parent head decides: %v", err)
		}

		ea := w.evalOf(t, w.actH, w.a.ID)
		if _, err := w.svc.Comment(sqldbtest.As(w.actC), ea.ID, evaluation.CommentInput{Text: "Tôi ở đơn vị khác"}); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("a colleague of another unit commented: %v", err)
		}
		// A colleague of the unit sees only who and where, to comment.
		seen, err := w.svc.FindEvaluation(sqldbtest.As(w.actB), ea.ID)
		if err != nil || seen.OfficialName != w.a.FullName || seen.Self != nil {
			t.Fatalf("colleague sees %+v %v", seen, err)
		}
		for name, x := range map[string]*congvu.Actor{"admin": w.admin, "inspector": w.insp, "other unit": w.actC} {
			if _, err := w.svc.FindEvaluation(sqldbtest.As(x), ea.ID); congvu.ErrorCode(err) != congvu.ENOTFOUND {
				t.Errorf("%s read the evaluation: %v", name, err)
			}
			if list, _, _ := w.svc.FindEvaluations(sqldbtest.As(x), evaluation.Filter{Year: 2026}); len(list) > 1 || len(list) == 1 && list[0].OfficialID != x.OfficialID {
				t.Errorf("%s listed %d evaluations", name, len(list))
			}
		}
		if _, err := w.svc.FindEvaluation(sqldbtest.As(w.actA), ea.ID); err != nil {
			t.Errorf("the official reads their own: %v", err)
		}
		// Another's form: a colleague of the unit sees none of it (the
		// self-assessment made), an official of another unit not even that.
		eb := w.ready(t, w.actH, w.actB, w.b)
		if got, err := w.svc.FindEvaluation(sqldbtest.As(w.actA), eb.ID); err != nil || got.Self != nil || len(got.General) != 0 || got.TaskPoints != 0 {
			t.Errorf("an official read a colleague's form: %+v %v", got, err)
		}
		if _, err := w.svc.FindEvaluation(sqldbtest.As(w.actC), eb.ID); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Errorf("an official of another unit read it: %v", err)
		}
		if list, _, _ := w.svc.FindProducts(sqldbtest.As(w.actB), evaluation.ProductFilter{OfficialID: w.h.ID}); len(list) != 0 {
			t.Errorf("a colleague listed the head's products")
		}

		// The audit log: an administrator (who reads the log) sees no
		// evaluation event; the supervisor of the province does.
		audit := sqldb.NewAuditService(db)
		count := func(a *congvu.Actor) int {
			evs, _, err := audit.FindAuditEvents(sqldbtest.As(a), congvu.AuditFilter{Kind: "evaluation.", Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, e := range evs {
				if e.EntityType == "evaluation" || e.EntityType == "evaluation_product" {
					n++
				}
			}
			return n
		}
		if n := count(w.admin); n != 0 {
			t.Errorf("an administrator saw %d evaluation events", n)
		}
		if n := count(w.sup); n == 0 {
			t.Errorf("the supervisor saw no evaluation event")
		}
		// A supervisor whose own record is evaluated sees none of their own.
		supA := *w.sup
		supA.OfficialID = w.a.ID
		evs, _, err := audit.FindAuditEvents(sqldbtest.As(&supA), congvu.AuditFilter{Kind: "evaluation.", Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			if e.EntityType == "evaluation" && e.EntityID == ea.ID {
				t.Fatalf("the supervisor evaluated saw %s on their own evaluation", e.Kind)
			}
		}
	})
}

// Storage holds exactly evaluation.DefaultRuleSets (migration 0036); a
// national administrator adds a set from this year on (audited); nobody
// else may; a bad set saves nothing.
func TestEvaluationRuleSets(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		sets, err := w.svc.RuleSets(sqldbtest.As(w.actA))
		if err != nil {
			t.Fatal(err)
		}
		asJSON := func(r evaluation.RuleSet) string {
			r.ID, r.CreatedBy, r.CreatedAt = 0, 0, time.Time{}
			b, _ := json.Marshal(r)
			return string(b)
		}
		defaults := evaluation.DefaultRuleSets()
		if len(sets) != len(defaults) {
			t.Fatalf("stored %d sets, want %d", len(sets), len(defaults))
		}
		for _, d := range defaults {
			found := false
			for _, r := range sets {
				found = found || asJSON(r) == asJSON(d)
			}
			if !found {
				t.Errorf("default set %s not stored as in Go", d.Code)
			}
		}
		in := *rule335()
		in.Code, in.FromYear, in.Title = "99/2027-cc", 2027, "Nghị định giả định — công chức"
		if _, err := w.svc.AddRuleSet(sqldbtest.As(sqldbtest.Actor(w.admin.UserID, congvu.RoleAdmin, w.tree.P1, w.tree.P1Path)), in); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("a provincial admin added a set: %v", err)
		}
		bad := in
		bad.FromYear, bad.QuotaPct = 2025, 0
		if fs := congvu.ErrorFields(must(w.svc.AddRuleSet(sqldbtest.As(w.admin), bad))); fs["from_year"] == "" || fs["quota_pct"] == "" {
			t.Fatalf("bad set: %v", fs)
		}
		r, err := w.svc.AddRuleSet(sqldbtest.As(w.admin), in)
		if err != nil {
			t.Fatal(err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'evaluation.rules' AND entity_id = $1`, r.ID); n != 1 {
			t.Fatalf("audited %d", n)
		}
		sets, _ = w.svc.RuleSets(sqldbtest.As(w.actA))
		if sets[0].Code != "99/2027-cc" || evaluation.RuleSetFor(sets, org.CategoryCivilServant, 2027).Code != "99/2027-cc" ||
			evaluation.RuleSetFor(sets, org.CategoryCivilServant, 2026).Code != "335/2025-cc" {
			t.Errorf("after adding: %s", sets[0].Code)
		}
	})
}

func must(_ any, err error) error { return err }

// An agency's own classification is decided by the head of the unit
// above, never by its own head; its readers list it.
func TestEvaluationUnits(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		in := evaluation.UnitDecisionInput{UnitID: w.tree.D1, Year: 2026, Level: evaluation.LevelGood, Basis: "Hoàn thành 95% chỉ tiêu."}
		if _, err := w.svc.DecideUnit(sqldbtest.As(w.actH), in); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("the head classified their own agency: %v", err)
		}
		if _, err := w.svc.DecideUnit(sqldbtest.As(w.parent), evaluation.UnitDecisionInput{UnitID: w.tree.D1, Year: 2026}); congvu.ErrorFields(err)["basis"] == "" || congvu.ErrorFields(err)["level"] == "" {
			t.Fatalf("empty decision: %v", err)
		}
		if _, err := w.svc.DecideUnit(sqldbtest.As(w.parent), in); err != nil {
			t.Fatal(err)
		}
		in.Level = evaluation.LevelExcellent
		if _, err := w.svc.DecideUnit(sqldbtest.As(w.parent), in); err != nil {
			t.Fatal(err)
		}
		list, err := w.svc.FindUnitEvaluations(sqldbtest.As(w.sup), w.tree.P1, 2026)
		if err != nil || len(list) != 1 || list[0].Level != evaluation.LevelExcellent || list[0].UnitName != "Huyện Một" {
			t.Fatalf("list %+v %v", list, err)
		}
		if list, _ := w.svc.FindUnitEvaluations(sqldbtest.As(w.admin), w.tree.P1, 2026); len(list) != 0 {
			t.Errorf("an administrator listed %d", len(list))
		}
	})
}

// A settlement is a classification made anew: a discipline decided in the
// year after the decision (during the complaint's days) caps the level
// the complaint may be settled to, as it caps a decision.
func TestEvaluationSettleUnderNewCap(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		head := sqldbtest.As(w.actH)
		if _, err := w.svc.OpenYear(head, w.tree.D1, 2026); err != nil {
			t.Fatal(err)
		}
		e := w.ready(t, w.actH, w.actA, w.a)
		e, err := w.svc.Propose(head, e.ID, evaluation.ProposalInput{General: full(rule335()), Level: evaluation.LevelGood})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Decide(head, e.ID, evaluation.DecisionInput{Level: evaluation.LevelCompleted}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Notify(head, e.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Complain(sqldbtest.As(w.actA), e.ID, "Tôi đề nghị xếp loại hoàn thành tốt nhiệm vụ."); err != nil {
			t.Fatal(err)
		}
		w.cond.years[w.a.ID] = &conduct.Year{OfficialID: w.a.ID, Year: 2026, Disciplines: []conduct.Discipline{{CaseID: 1, Form: "reprimand", FormLabel: "Khiển trách",
			Number: "21/QĐ-UBND", SignedOn: time.Date(2026, 3, 5, 0, 0, 0, 0, congvu.TimeZone), EffectiveOn: time.Date(2026, 3, 5, 0, 0, 0, 0, congvu.TimeZone)}}}
		_, err = w.svc.Settle(head, e.ID, evaluation.SettleInput{NewLevel: evaluation.LevelGood, Answer: "Chấp nhận khiếu nại."})
		if congvu.ErrorCode(err) != congvu.EINVALID || !strings.Contains(congvu.ErrorFields(err)["new_level"], "21/QĐ-UBND") {
			t.Fatalf("settled above the cap of a discipline decided since: %v", err)
		}
		if e, err = w.svc.Settle(head, e.ID, evaluation.SettleInput{Kept: true, Answer: "Giữ nguyên."}); err != nil || e.FinalLevel() != evaluation.LevelCompleted {
			t.Fatalf("settle %v", err)
		}
	})
}

// An official who becomes a leader of the unit during the year (after the
// opening) is proposed and decided by the parent unit's head, as their
// products already are: never by the unit's heads, now their peers or
// subordinates.
func TestEvaluationLeaderSinceTheOpening(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		head := sqldbtest.As(w.actH)
		if _, err := w.svc.OpenYear(head, w.tree.D1, 2026); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Write.Exec(`UPDATE officials SET is_leader = TRUE WHERE id = $1`, w.b.ID); err != nil {
			t.Fatal(err)
		}
		e := w.ready(t, w.parent, w.actB, w.b)
		_, err := w.svc.Propose(head, e.ID, evaluation.ProposalInput{General: full(rule335()), Level: evaluation.LevelGood})
		if congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("the unit's head proposed for a leader: %v", err)
		}
		if _, err := w.svc.Propose(sqldbtest.As(w.parent), e.ID, evaluation.ProposalInput{General: full(rule335()), Level: evaluation.LevelGood}); err != nil {
			t.Fatalf("the parent's head: %v", err)
		}
	})
}
