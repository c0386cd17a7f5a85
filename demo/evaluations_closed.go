package demo

import (
	"congvu"
	"congvu/evaluation"
	"congvu/org"
	"fmt"
	"time"
)

// closing is one official's plan for ClosedYear.
type closing struct {
	o     *org.Official
	level evaluation.Level
	note  string
}

var closedTexts = map[evaluation.Level]string{
	evaluation.LevelExcellent: "Hoàn thành vượt mức các nhiệm vụ được giao, có sáng kiến cải tiến quy trình tiếp nhận hồ sơ; luôn thực hiện \"4 xin, 4 luôn\" với người dân, không để hồ sơ trễ hẹn.",
	evaluation.LevelGood:      "Hoàn thành đầy đủ các nhiệm vụ được giao, đúng tiến độ; chấp hành tốt kỷ cương, kỷ luật hành chính và văn hóa công sở.",
	evaluation.LevelCompleted: "Hoàn thành các nhiệm vụ được giao; còn một số hồ sơ chậm tiến độ, cần chủ động hơn trong phối hợp.",
	evaluation.LevelNotCompleted: "Không hoàn thành 4/9 nhiệm vụ được giao trong năm; nhiều hồ sơ đất đai giải quyết quá hạn không có văn bản xin lỗi, " +
		"đã được nhắc nhở nhưng chưa khắc phục.",
}

// closeYear queues ClosedYear in the ward and its centre: opened on the
// first working day of December, self-assessed the next week, the meeting,
// the proposals and decisions before Christmas, the notifications; the one
// not completed complains in January and the chairman keeps the decision.
func (w *eWork) closeYear(centre, ward []*org.Official) {
	head := w.actors["thutruong"]
	dec := time.Date(ClosedYear, 12, 1, 0, 0, 0, 0, congvu.TimeZone)
	openAt := w.at(dec, 0, 30)
	w.add(openAt, "open the evaluations of "+fmt.Sprint(ClosedYear), func() error {
		for _, u := range []*org.Unit{w.centre, w.ward} {
			if _, err := w.s.Evaluations.OpenYear(head, u.ID, ClosedYear); err != nil {
				return err
			}
			if err := w.opened(head, u.ID, ClosedYear); err != nil {
				return err
			}
		}
		return nil
	})
	// The plan: in the centre one excellent (its quota of 20%), in the
	// ward two; one official of the ward's former communes not completed,
	// two completed; everyone else good.
	var plan []closing
	for i, o := range centre {
		c := closing{o: o, level: evaluation.LevelGood}
		if i == len(centre)-2 {
			c.level = evaluation.LevelExcellent
		}
		plan = append(plan, c)
	}
	desk := 0
	for _, o := range ward {
		c := closing{o: o, level: evaluation.LevelGood}
		if !o.IsLeader && o.Category == org.CategoryCivilServant {
			switch desk {
			case 2, 11:
				c.level = evaluation.LevelExcellent
			case 5:
				c.level = evaluation.LevelNotCompleted
			case 8, 16:
				c.level = evaluation.LevelCompleted
			}
			desk++
		}
		plan = append(plan, c)
	}
	for i := range plan {
		plan[i].note = closedTexts[plan[i].level]
	}
	for i, c := range plan {
		o := c.o
		self := c.level
		if self == evaluation.LevelNotCompleted {
			self = evaluation.LevelCompleted // the official thought better of their year
		}
		w.add(w.at(openAt, 1+i%5, 30+(i/5)*11), "self-assessment", func() error {
			e := w.eval(o, ClosedYear)
			if e == nil {
				return nil
			}
			return w.keep(w.s.Evaluations.SelfAssess(w.accounts[o.ID], e.ID, evaluation.SelfInput{Level: self,
				General: general(w.set(e), 0.9, ""),
				Text:    "Tự nhận xét: chấp hành nghiêm chủ trương, chính sách, pháp luật; thực hiện nhiệm vụ được giao tại " + o.UnitName + "; " + lowerFirst(closedTexts[self])}))
		})
	}
	meeting := w.at(openAt, 7, 60)
	propose := w.at(openAt, 9, 90)
	decide := w.at(openAt, 13, 120)
	notify := w.at(decide, 1, 60)
	for i, c := range plan {
		c := c
		o := c.o
		// The leaders of the ward are evaluated by the province's
		// leadership; the others (and the centre's) by the chairman.
		evaluator := head
		if o.UnitID == w.ward.ID && o.IsLeader {
			evaluator = w.leader
		}
		w.add(meeting.Add(time.Duration(i)*2*time.Minute), "meeting", func() error {
			e := w.eval(o, ClosedYear)
			if e == nil || (o.UnitID == w.ward.ID && o.IsLeader) {
				return nil
			}
			return w.keep(w.s.Evaluations.Comment(head, e.ID, evaluation.CommentInput{Meeting: true,
				Text: "Biên bản họp đánh giá ngày " + meeting.Format("02/01/2006") + ": tập thể thống nhất đề nghị mức \"" + c.level.Label() + "\". " + c.note}))
		})
		w.add(propose.Add(time.Duration(i)*3*time.Minute), "proposal", func() error {
			e := w.eval(o, ClosedYear)
			if e == nil {
				return nil
			}
			return w.keep(w.propose(evaluator, e, evaluation.ProposalInput{Level: c.level, General: general(w.set(e), 0.9, ""), Note: c.note}))
		})
		w.add(decide.Add(time.Duration(i)*3*time.Minute), "decision", func() error {
			e := w.eval(o, ClosedYear)
			if e == nil {
				return nil
			}
			return w.keep(w.s.Evaluations.Decide(evaluator, e.ID, evaluation.DecisionInput{Level: e.Proposed,
				Note: fmt.Sprintf("Quyết định xếp loại chất lượng năm %d số %d/QĐ-UBND.", ClosedYear, 300+i/10)}))
		})
		w.add(notify.Add(time.Duration(i)*time.Minute), "notification", func() error {
			e := w.eval(o, ClosedYear)
			if e == nil {
				return nil
			}
			if err := w.keep(w.s.Evaluations.Notify(evaluator, e.ID)); err != nil {
				return err
			}
			w.res.Closed++
			switch w.eval(o, ClosedYear).FinalLevel() {
			case evaluation.LevelExcellent:
				w.res.ClosedExcellent++
			case evaluation.LevelNotCompleted:
				w.res.ClosedNotCompleted++
			}
			return nil
		})
		if c.level != evaluation.LevelNotCompleted {
			continue
		}
		filed := w.at(notify, 3, 90)
		w.add(filed, "complaint", func() error {
			e := w.eval(o, ClosedYear)
			if e == nil {
				return nil
			}
			return w.keep(w.s.Evaluations.Complain(w.accounts[o.ID], e.ID,
				"Tôi đề nghị xem xét lại: các hồ sơ quá hạn do phần mềm một cửa của tỉnh gián đoạn sau sắp xếp, không do lỗi của tôi."))
		})
		w.add(w.at(filed, 8, 120), "settle complaint", func() error {
			e := w.eval(o, ClosedYear)
			if e == nil {
				return nil
			}
			return w.keep(w.s.Evaluations.Settle(evaluator, e.ID, evaluation.SettleInput{Kept: true,
				Answer: "Giữ nguyên mức xếp loại: các hồ sơ quá hạn phát sinh cả trước và sau thời gian gián đoạn của phần mềm; biên bản kiểm tra đã xác định rõ."}))
		})
	}
	// The centre's own classification, which its collective title rests on.
	w.add(w.at(decide, 2, 240), "the centre's classification", func() error {
		_, err := w.s.Evaluations.DecideUnit(head, evaluation.UnitDecisionInput{UnitID: w.centre.ID, Year: ClosedYear, Level: evaluation.LevelGood,
			Basis: fmt.Sprintf("Năm %d Trung tâm tiếp nhận, giải quyết hồ sơ đúng hạn trên 98%%; chỉ số hài lòng của người dân đạt trên 90%%; không có cá nhân bị kỷ luật.", ClosedYear)})
		return err
	})
}
