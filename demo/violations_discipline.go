package demo

import (
	"congvu/org"
	"congvu/violation"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The discipline part of the demo year: the cases run through the real
// procedure (see violations.go for the year's plan).

// lightest is the lightest form of the rule set for the official that
// answers a minor act (khiển trách).
func lightest(rs *violation.RuleSet, o *org.Official) (violation.Form, bool) {
	for _, f := range rs.FormsFor(o.Category, o.IsLeader) {
		if slices.Contains(f.Severities, violation.SeverityMinor) {
			return f, true
		}
	}
	return violation.Form{}, false
}

// discipline queues a case for the official from their violations, run by
// the chairman through to the decision and its notification; with
// complaint, the official complains and the chairman settles (the
// decision stands).
func (w *vWork) discipline(o *org.Official, vs []*opened, complaint bool) {
	head := w.actors["thutruong"]
	last := vs[0]
	for _, op := range vs {
		if op.at.After(last.at) {
			last = op
		}
	}
	opened := w.at(last.at, 3, 60)
	var c *violation.Case
	var form violation.Form
	if !w.add(opened, "open discipline case", func() error {
		latest := vs[0].in.ActDate
		ids := make([]int64, 0, len(vs))
		for _, op := range vs {
			if op.v == nil {
				return nil // opened before: the case too
			}
			ids = append(ids, op.v.ID)
			if op.in.ActDate.After(latest) {
				latest = op.in.ActDate
			}
		}
		rs, err := w.s.Discipline.RuleSetFor(head, o.Category, latest)
		if err != nil {
			return err
		}
		f, ok := lightest(rs, o)
		if !ok {
			return fmt.Errorf("no form for a minor act in %s", rs.Title)
		}
		form = f
		c, err = w.s.Discipline.OpenCase(head, violation.CaseInput{OfficialID: o.ID, ViolationIDs: ids, Severity: violation.SeverityMinor, ProposedForm: f.Code})
		if err == nil {
			w.res.Cases++
		}
		return err
	}) {
		return
	}
	signer := ""
	for _, a := range w.p.accounts {
		if a.Username == "thutruong" {
			signer = a.FullName + ", " + a.Position
		}
	}
	review := w.at(opened, 4, 90)
	council := w.at(review, 3, 60)
	decide := w.at(council, 3, 120)
	notify := w.at(decide, 1, 60)
	step := func(t time.Time, what string, f func() (*violation.Case, error)) bool {
		return w.add(t, what, func() error {
			if c == nil {
				return nil
			}
			x, err := f()
			if err == nil {
				c = x
			}
			return err
		})
	}
	if !step(review, "review", func() (*violation.Case, error) {
		return w.s.Discipline.RecordReview(head, c.ID, fmt.Sprintf("Biên bản họp kiểm điểm: đồng chí %s tự nhận khuyết điểm; tập thể cơ quan thống nhất đề nghị xem xét kỷ luật %s.", o.FullName, strings.ToLower(form.Label)), review)
	}) {
		return
	}
	if !step(council, "council", func() (*violation.Case, error) {
		if !form.Council {
			return c, nil
		}
		return w.s.Discipline.RecordCouncil(head, c.ID, violation.CouncilInput{
			Members:   []violation.CouncilMember{{Name: signer, Role: "Chủ tịch hội đồng"}, {Name: "Phó Giám đốc Trung tâm", Role: "Ủy viên"}, {Name: "Đại diện Công đoàn cơ sở", Role: "Ủy viên"}, {Name: "Công chức Văn phòng HĐND và UBND", Role: "Thư ký"}},
			MeetingOn: council, Minutes: "Hội đồng kỷ luật họp, xem xét hồ sơ, nghe đồng chí " + o.FullName + " trình bày; bỏ phiếu kín.",
			VotesFor: 4, VotesAgainst: 0, Recommended: form.Code})
	}) {
		return
	}
	num := fmt.Sprintf("%d/QĐ-UBND", 140+int(o.ID%60))
	if !step(decide, "decide", func() (*violation.Case, error) {
		f := c.ProposedForm
		if f == "" {
			f = form.Code
		}
		return w.s.Discipline.Decide(head, c.ID, violation.DecisionInput{Number: num, SignedOn: midnight(decide), EffectiveOn: midnight(decide), Form: f, Signer: signer})
	}) {
		return
	}
	w.add(decide.Add(time.Minute), "count decision", func() error {
		if c != nil && c.Decision != nil {
			w.res.Decided++
			w.res.ByRuleSet[c.RuleSetTitle]++
		}
		return nil
	})
	if !step(notify, "notify", func() (*violation.Case, error) {
		return w.s.Discipline.Notify(head, c.ID, "Gửi đồng chí "+o.FullName+"; Trung tâm Phục vụ hành chính công phường; lưu hồ sơ cán bộ.", notify)
	}) || !complaint {
		return
	}
	filed := w.at(notify, 4, 30)
	if !step(filed, "complaint", func() (*violation.Case, error) {
		ctx, err := w.officialCtx(o)
		if err != nil {
			return nil, err
		}
		return w.s.Discipline.FileComplaint(ctx, c.ID, violation.ComplaintInput{FiledOn: midnight(filed),
			Text: "Tôi đề nghị xem xét lại hình thức kỷ luật vì các lần vi phạm xảy ra vào giờ cao điểm, khi quầy thiếu người."})
	}) {
		return
	}
	settled := w.at(filed, 10, 120)
	step(settled, "settle complaint", func() (*violation.Case, error) {
		x, err := w.s.Discipline.SettleComplaint(head, c.ID, violation.ComplaintInput{Outcome: violation.ComplaintUpheld,
			Reply: "Quyết định kỷ luật đúng quy định, giữ nguyên: các hành vi đã được xác minh, có biên bản; việc thiếu người không làm thay đổi tính chất vi phạm."})
		if err == nil {
			w.res.Complaints++
		}
		return x, err
	})
}

// deferCase opens a case for the official and puts it aside (maternity
// leave, when the rule set has such a deferral).
func (w *vWork) deferCase(o *org.Official, vs []*opened) {
	head := w.actors["thutruong"]
	t := w.at(vs[len(vs)-1].at, 3, 150)
	var c *violation.Case
	if !w.add(t, "open deferred case", func() error {
		var ids []int64
		for _, op := range vs {
			if op.v == nil {
				return nil
			}
			ids = append(ids, op.v.ID)
		}
		rs, err := w.s.Discipline.RuleSetFor(head, o.Category, vs[len(vs)-1].in.ActDate)
		if err != nil {
			return err
		}
		f, ok := lightest(rs, o)
		if !ok || len(rs.Deferrals) == 0 {
			return nil
		}
		c, err = w.s.Discipline.OpenCase(head, violation.CaseInput{OfficialID: o.ID, ViolationIDs: ids, Severity: violation.SeverityMinor, ProposedForm: f.Code})
		if err == nil {
			w.res.Cases++
		}
		return err
	}) {
		return
	}
	w.add(w.at(t, 1, 30), "defer case", func() error {
		if c == nil {
			return nil
		}
		rs, err := w.s.Discipline.RuleSetFor(head, o.Category, vs[len(vs)-1].in.ActDate)
		if err != nil {
			return err
		}
		code := rs.Deferrals[0].Code
		for _, d := range rs.Deferrals {
			if strings.Contains(d.Code, "matern") {
				code = d.Code
			}
		}
		if _, err := w.s.Discipline.Defer(head, c.ID, code, "Đồng chí "+o.FullName+" đang nghỉ chế độ thai sản; xem xét kỷ luật khi hết thời gian nghỉ."); err != nil {
			return err
		}
		w.res.Deferred++
		return nil
	})
}
