package demo

import (
	"congvu"
	"congvu/conduct"
	"congvu/evaluation"
	"congvu/org"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// product is a task product of the year in progress the demo assigns.
type productPlan struct {
	title           string
	points          float64
	quality, late   bool // the manager finds it short on quality, late
	quarter         bool // tracked by quarter (the month is the quarter's last)
	cancelledReason string
}

// track queues the year in progress at the centre: the products of every
// month so far, then the cycle of the last days.
func (w *eWork) track(ctx context.Context, centre []*org.Official) error {
	head := w.actors["thutruong"]
	canbo := w.accountOfficial("canbo")
	// Who is who this year: the disciplined (their year says so), the
	// others by how clean their year is.
	var capped []*org.Official
	var clean, rest []*org.Official
	for _, o := range centre {
		if o.ID == canbo.ID || o.IsLeader {
			continue
		}
		y, err := w.s.Conduct.Year(w.actors["noivu"], o.ID, w.year)
		if err != nil {
			return fmt.Errorf("demo: year of %s: %w", o.FullName, err)
		}
		switch {
		case disciplined(y):
			capped = append(capped, o)
		case len(y.Violations) == 0 && len(y.Handlings) == 0:
			clean = append(clean, o)
		default:
			rest = append(rest, o)
		}
	}
	others := append(clean, rest...) // the excellent first, from the clean
	var leader *org.Official
	for _, o := range centre {
		if o.IsLeader {
			leader = o
		}
	}
	// The cast: A decided excellent, B proposed excellent (the quota
	// refuses her decision), the good ones decided, the disciplined of
	// 172/2025 capped, the other disciplined and canbo self-assessed, the
	// leader not yet.
	var a, b *org.Official
	var good []*org.Official
	for i, o := range others {
		switch i {
		case 0:
			a = o
		case 1:
			b = o
		default:
			good = append(good, o)
		}
	}

	month := 12
	if d := congvu.Date(w.now); d.Year() == w.year {
		month = int(d.Month())
	}
	openAt := w.at(time.Date(w.year, 1, 2, 0, 0, 0, 0, congvu.TimeZone), 0, 40)
	w.add(openAt, "open the evaluations of the year", func() error {
		// The ward's own officials too: their forms wait for the
		// self-assessments of December (the chairman's own among them).
		if _, err := w.s.Evaluations.OpenYear(head, w.ward.ID, w.year); err != nil {
			return err
		}
		if _, err := w.s.Evaluations.OpenYear(head, w.centre.ID, w.year); err != nil {
			return err
		}
		return w.opened(head, w.centre.ID, w.year)
	})
	cycle := w.at(w.now, -4, 0)
	propose := w.at(cycle, 2, 240)
	// The products, month by month.
	inCycle := map[int64]bool{}
	for _, o := range append([]*org.Official{a, b}, good...) {
		if o != nil {
			inCycle[o.ID] = true
		}
	}
	for _, o := range capped {
		inCycle[o.ID] = true
	}
	for i, o := range centre {
		for m := 1; m <= month; m++ {
			for k, pp := range w.products(o, m, month, canbo, capped, a, b) {
				var finish time.Time // those in the cycle finish before the proposals what they were given
				if inCycle[o.ID] {
					finish = propose
				}
				w.product(o, m, i*3+k, pp, finish)
			}
		}
	}

	// The cycle.
	selfAt := func(i int) time.Time { return cycle.Add(time.Duration(30+i*9) * time.Minute) }
	selfies := append(append(append([]*org.Official{a, b}, good...), capped...), canbo)
	for i, o := range selfies {
		if o == nil {
			continue
		}
		w.add(selfAt(i), "self-assessment", func() error {
			e := w.eval(o, w.year)
			if e == nil {
				return nil
			}
			lv := evaluation.LevelGood
			share := 0.9
			if o == a || o == b {
				lv, share = evaluation.LevelExcellent, 0.95
			}
			return w.keep(w.s.Evaluations.SelfAssess(w.accounts[o.ID], e.ID, evaluation.SelfInput{Level: lv, General: general(w.set(e), share, ""),
				Text: "Tự nhận xét: hoàn thành các sản phẩm được giao hằng tháng tại quầy tiếp nhận; luôn thực hiện chuẩn mực giao tiếp với người dân."}))
		})
	}
	comments := cycle.Add(4 * time.Hour)
	if a != nil {
		w.add(comments, "a colleague's comment", func() error {
			e := w.eval(a, w.year)
			if e == nil {
				return nil
			}
			return w.keep(w.s.Evaluations.Comment(w.accounts[canbo.ID], e.ID, evaluation.CommentInput{
				Text: "Đồng chí " + a.FullName + " luôn hỗ trợ đồng nghiệp ở quầy, hướng dẫn người dân tận tình; tôi đồng ý với mức tự đánh giá."}))
		})
	}
	if b != nil {
		w.add(comments.Add(5*time.Minute), "a colleague's comment", func() error {
			e := w.eval(canbo, w.year)
			if e == nil {
				return nil
			}
			return w.keep(w.s.Evaluations.Comment(w.accounts[b.ID], e.ID, evaluation.CommentInput{
				Text: "Đồng chí " + canbo.FullName + " nhiệt tình; đề nghị chú ý giờ giấc làm việc, có buổi đến muộn khi công dân đã chờ."}))
		})
	}
	meeting := w.at(cycle, 1, 60)
	decide := w.at(cycle, 3, 60)
	type step struct {
		o      *org.Official
		level  evaluation.Level
		decide bool
		note   string
	}
	var steps []step
	if a != nil {
		steps = append(steps, step{a, evaluation.LevelExcellent, true, "Hoàn thành 100% sản phẩm đúng tiến độ, bảo đảm chất lượng; chỉ số hài lòng cao."})
	}
	for _, o := range good {
		steps = append(steps, step{o, evaluation.LevelGood, true, "Hoàn thành các sản phẩm được giao; một số sản phẩm chậm tiến độ hoặc chưa bảo đảm chất lượng."})
	}
	if b != nil {
		steps = append(steps, step{b, evaluation.LevelExcellent, false, "Hoàn thành 100% sản phẩm đúng tiến độ, bảo đảm chất lượng; đề nghị xếp loại xuất sắc."})
	}
	for _, o := range capped {
		steps = append(steps, step{o, evaluation.LevelNotCompleted, true, "Bị xử lý kỷ luật trong năm vì vi phạm trong thi hành công vụ."})
	}
	for i, st := range steps {
		st := st
		w.add(meeting.Add(time.Duration(i)*3*time.Minute), "meeting", func() error {
			e := w.eval(st.o, w.year)
			if e == nil {
				return nil
			}
			return w.keep(w.s.Evaluations.Comment(head, e.ID, evaluation.CommentInput{Meeting: true,
				Text: "Biên bản họp đánh giá của Trung tâm ngày " + meeting.Format("02/01/2006") + ": tập thể thống nhất đề nghị mức \"" + st.level.Label() + "\"."}))
		})
		w.add(propose.Add(time.Duration(i)*4*time.Minute), "proposal", func() error {
			e := w.eval(st.o, w.year)
			if e == nil {
				return nil
			}
			share := 0.9
			if st.level == evaluation.LevelExcellent {
				share = 0.95
			} else if st.level == evaluation.LevelNotCompleted {
				share = 0.6
			}
			note := st.note
			if e.CapReason != "" {
				note = e.CapReason
			}
			return w.keep(w.propose(head, e, evaluation.ProposalInput{Level: st.level, General: general(w.set(e), share, ""), Note: note}))
		})
		if !st.decide {
			// The quota of the centre is full: the decision is refused
			// and the proposal waits.
			w.add(decide.Add(time.Duration(i)*4*time.Minute), "refused decision", func() error {
				e := w.eval(st.o, w.year)
				if e == nil {
					return nil
				}
				if e.Proposed != evaluation.LevelExcellent {
					return nil // early in the year the points did not reach it
				}
				_, err := w.s.Evaluations.Decide(head, e.ID, evaluation.DecisionInput{Level: evaluation.LevelExcellent})
				switch congvu.ErrorCode(err) {
				case congvu.ECONFLICT:
					w.res.QuotaRefused = congvu.ErrorMessage(err)
					w.res.Proposed++
					return nil
				case congvu.EINVALID:
					return nil // the points no longer reach it: the proposal waits
				}
				return fmt.Errorf("the quota did not refuse a second excellent: %v", err)
			})
			continue
		}
		w.add(decide.Add(time.Duration(i)*4*time.Minute), "decision", func() error {
			e := w.eval(st.o, w.year)
			if e == nil {
				return nil
			}
			if err := w.keep(w.s.Evaluations.Decide(head, e.ID, evaluation.DecisionInput{Level: e.Proposed,
				Note: fmt.Sprintf("Quyết định xếp loại chất lượng năm %d.", w.year)})); err != nil {
				return err
			}
			w.res.Decided++
			if e := w.eval(st.o, w.year); e.Cap != "" && e.Level == e.Cap {
				w.res.Capped = append(w.res.Capped, st.o.FullName)
			}
			return nil
		})
		if st.o == a || st.level == evaluation.LevelNotCompleted {
			w.add(decide.Add(time.Duration(i)*4*time.Minute+time.Hour), "notification", func() error {
				e := w.eval(st.o, w.year)
				if e == nil {
					return nil
				}
				return w.keep(w.s.Evaluations.Notify(head, e.ID))
			})
		}
	}
	_ = leader
	return nil
}

// propose is the head's proposal; a level above the cap the evidence sets
// (a discipline decision of the year the plan did not foresee: the
// violations' demo is dated from the day of the load) is refused, and the
// head proposes the cap instead, as the evidence summary beside the form
// says.
func (w *eWork) propose(ctx context.Context, e *evaluation.Evaluation, in evaluation.ProposalInput) (*evaluation.Evaluation, error) {
	x, err := w.s.Evaluations.Propose(ctx, e.ID, in)
	if congvu.ErrorFields(err)["level"] == "" || w.s.EvaluationEvidence == nil {
		return x, err
	}
	sum, serr := w.s.EvaluationEvidence.Summary(ctx, e.OfficialID, e.Year)
	if serr != nil {
		return x, err
	}
	if sum.Cap != "" && in.Level.Rank() > sum.Cap.Rank() {
		in.Level, in.Note = sum.Cap, ""
		for _, a := range sum.Applied {
			if a.Cap != "" {
				in.Note = a.Text
			}
		}
		x, err = w.s.Evaluations.Propose(ctx, e.ID, in)
	}
	// Early in the year the products confirmed so far do not reach the
	// level planned: the level the points reach.
	if rs := w.set(e); congvu.ErrorFields(err)["level"] != "" && rs != nil && rs.Scored {
		if lv := rs.Classify(evaluation.GeneralPoints(in.General) + sum.TaskPoints); lv.Rank() < in.Level.Rank() {
			in.Level = lv
			return w.s.Evaluations.Propose(ctx, e.ID, in)
		}
	}
	return x, err
}

// disciplined reports whether the year holds a discipline decision.
func disciplined(y *conduct.Year) bool {
	_, ok := y.Disciplined()
	return ok
}

// products plans an official's products of month m: the counter's work of
// the month, and at the end of a quarter its report; failures where the
// official's year had them.
func (w *eWork) products(o *org.Official, m, month int, canbo *org.Official, capped []*org.Official, a, b *org.Official) []productPlan {
	main := productPlan{title: fmt.Sprintf("Tiếp nhận, hướng dẫn và trả kết quả hồ sơ thủ tục hành chính tại quầy, tháng %d/%d", m, w.year), points: 10}
	if o.IsLeader {
		main.title = fmt.Sprintf("Điều hành bộ phận tiếp nhận, đôn đốc hồ sơ đến hạn, tháng %d/%d", m, w.year)
	}
	out := []productPlan{main}
	if m%3 == 0 {
		out = append(out, productPlan{title: fmt.Sprintf("Báo cáo kết quả giải quyết thủ tục hành chính quý %d/%d", m/3, w.year), points: 5, quarter: true})
	}
	// The failures, by who.
	h := int(o.ID)
	switch {
	case o == a || o == b:
	case slices.Contains(capped, o):
		if m%2 == 0 {
			out[0].quality = true
		}
		if m%3 == 1 {
			out[0].late = true
		}
	case o.ID == canbo.ID:
		if m == month-1 || m == 4 {
			out[0].late = true
		}
		if m == 7 {
			out[0].quality = true
		}
	default:
		if (m+h)%5 == 0 {
			out[0].late = true
		}
		if (m+h)%7 == 0 && len(out) > 1 {
			out[1].quality = true
		}
	}
	if !o.IsLeader && m == 6 && h%3 == 0 && o != a && o != b {
		out = append(out, productPlan{title: fmt.Sprintf("Số hóa hồ sơ lưu trữ lĩnh vực hộ tịch tháng %d/%d", m, w.year), points: 5,
			cancelledReason: "Nhiệm vụ số hóa chuyển cho Văn phòng HĐND và UBND phường thực hiện."})
	}
	return out
}

// product queues a product's assignment at the start of month m, its
// report at the end (by the official), its confirmation early the next
// month (the steps after the load's moment are left out: those of the
// current month are assigned only); an official in the cycle reports what
// was assigned before finish (the proposals) and has it confirmed by then.
func (w *eWork) product(o *org.Official, m, k int, pp productPlan, finish time.Time) {
	head := w.actors["thutruong"]
	first := time.Date(w.year, time.Month(m), 1, 0, 0, 0, 0, congvu.TimeZone)
	assign := w.at(first, 0, 20+k)
	last := w.cal.PrevWorkingDay(first.AddDate(0, 1, -1))
	report := w.at(last, 0, 400+k)
	confirm := w.at(last, 2, 90+k)
	if pp.late {
		report = w.at(last, 2, 30+k)
		confirm = w.at(last, 4, 90+k)
	}
	if !finish.IsZero() && assign.Before(finish) && confirm.After(finish.Add(-10*time.Minute)) {
		start := assign
		if t := finish.Add(-3 * time.Hour); t.After(start) {
			start = t
		}
		report = start.Add(time.Duration(5+k) * time.Minute)
		confirm = report.Add(10 * time.Minute)
	}
	var pr *evaluation.Product
	if !w.add(assign, "assign a product", func() (err error) {
		in := evaluation.ProductInput{OfficialID: o.ID, Year: w.year, PeriodKind: evaluation.PeriodMonth, Period: m, Title: pp.title, Points: pp.points}
		if pp.quarter {
			in.PeriodKind, in.Period = evaluation.PeriodQuarter, (m+2)/3
		}
		pr, err = w.s.Evaluations.AssignProduct(head, in)
		if err == nil {
			w.res.Products++
		}
		return err
	}) {
		return
	}
	if pp.cancelledReason != "" {
		w.add(w.at(assign, 6, 60), "cancel a product", func() (err error) {
			if pr != nil {
				pr, err = w.s.Evaluations.CancelProduct(head, pr.ID, pp.cancelledReason)
			}
			return err
		})
		return
	}
	if !w.add(report, "report a product", func() (err error) {
		if pr != nil {
			note := "Đã hoàn thành; số liệu theo báo cáo của hệ thống một cửa."
			if pp.late {
				note = "Hoàn thành chậm do hồ sơ tồn của tháng trước."
			}
			pr, err = w.s.Evaluations.ReportProduct(w.accounts[o.ID], pr.ID, note)
		}
		return err
	}) {
		return
	}
	w.add(confirm, "confirm a product", func() (err error) {
		if pr == nil {
			return nil
		}
		in := evaluation.ConfirmInput{QualityFailed: pp.quality, ProgressFailed: pp.late, Note: "Xác nhận hoàn thành."}
		switch {
		case pp.quality && pp.late:
			in.Note = "Chậm tiến độ và chưa bảo đảm chất lượng: hồ sơ trả lại vì thiếu thành phần."
		case pp.quality:
			in.Note = "Chưa bảo đảm chất lượng: một số hồ sơ tiếp nhận thiếu thành phần, phải bổ sung."
		case pp.late:
			in.Note = "Chậm tiến độ so với thời hạn được giao."
		}
		pr, err = w.s.Evaluations.ConfirmProduct(head, pr.ID, in)
		if err == nil {
			w.res.Confirmed++
			if pp.quality || pp.late {
				w.res.Failed++
			}
		}
		return err
	})
}

// officialUsername is the username of the account made for an official.
func officialUsername(o *org.Official) string {
	return "cb." + strings.ToLower(strings.ReplaceAll(o.EmployeeCode, "-", ""))
}
