package web

import (
	"net/http"
	"strconv"
	"strings"

	"congvu"
	"congvu/evaluation"
)

// The steps of an evaluation posted from its page (evaluation_detail.go):
// each form is read, the step's policy asked first, and a refusal or a
// bad value shows the page again with the input kept.

// readScores reads the points of the rule set's general criteria from f;
// a value that is no number from 0 to the criterion's maximum is reported
// on its field. Unscored sets keep only the notes.
func readScores(f *Form, rs *evaluation.RuleSet) []evaluation.Score {
	if rs == nil {
		return nil
	}
	var out []evaluation.Score
	for _, c := range rs.General {
		sc := evaluation.Score{Code: c.Code, Note: f.Get(noteField(c.Code))}
		if rs.Scored {
			name := generalField(c.Code)
			v := strings.ReplaceAll(strings.TrimSpace(f.Get(name)), ",", ".")
			n, err := strconv.ParseFloat(v, 64)
			switch {
			case v == "":
				f.AddError(name, "Xin cho điểm tiêu chí này (từ 0 đến "+pts(c.Max)+").")
			case err != nil || !(n >= 0 && n <= c.Max): // NaN too
				f.AddError(name, "Điểm phải là số từ 0 đến "+pts(c.Max)+", ví dụ 4,5.")
			default:
				sc.Points = n
			}
		}
		out = append(out, sc)
	}
	return out
}

// Step forms.

type evalStepKind int

const (
	evalSelf evalStepKind = iota
	evalComment
	evalPropose
	evalDecide
	evalNotify
	evalComplain
	evalSettle
)

// evaluationStep handles the POST of one step: a bad value shows the page
// again with the input kept and the message on its field (nothing
// saved); the service's refusal too (ECONFLICT: the quota, in its words).
func (s *Server) evaluationStep(k evalStepKind) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := r.ParseForm(); err != nil {
			return err
		}
		f := NewForm(r.PostForm)
		svc := s.Services.Evaluations
		// The evaluation is read (the service refuses who may not read
		// it) and the step's policy asked before the form is read, so that
		// who may not take the step is told so rather than shown the
		// form's errors. A colleague comments without reading it: the
		// service decides.
		var rs *evaluation.RuleSet
		if k != evalComment {
			e, err := svc.FindEvaluation(ctx, id)
			if err != nil {
				return err
			}
			if err := evalStepPolicy(congvu.ActorFromContext(ctx), e, k); err != nil {
				return err
			}
			rs = s.evaluationRuleSet(ctx, e.RuleSetID)
		}
		level := func() evaluation.Level {
			l := evaluation.Level(f.Get("level"))
			if !l.Valid() {
				f.AddError("level", "Xin chọn một mức xếp loại.")
			}
			return l
		}
		var run func() (*evaluation.Evaluation, error)
		flash := ""
		switch k {
		case evalSelf:
			in := evaluation.SelfInput{General: readScores(f, rs), Level: level(), Text: textField(f, "text")}
			if in.Text == "" {
				f.AddError("text", "Xin tự nhận xét: kết quả công việc, ưu điểm, hạn chế.")
			}
			run, flash = func() (*evaluation.Evaluation, error) { return svc.SelfAssess(ctx, id, in) }, "dg-tu-danh-gia"
		case evalComment:
			in := evaluation.CommentInput{Text: textField(f, "comment"), Meeting: f.Checked("meeting")}
			run, flash = func() (*evaluation.Evaluation, error) { return svc.Comment(ctx, id, in) }, "dg-y-kien"
		case evalPropose:
			in := evaluation.ProposalInput{General: readScores(f, rs), Level: level(), TaskGroup: f.Get("task_group"), Note: textField(f, "note")}
			run, flash = func() (*evaluation.Evaluation, error) { return svc.Propose(ctx, id, in) }, "dg-de-xuat"
		case evalDecide:
			in := evaluation.DecisionInput{Level: level(), Note: textField(f, "note")}
			run, flash = func() (*evaluation.Evaluation, error) { return svc.Decide(ctx, id, in) }, "dg-quyet-dinh"
		case evalNotify:
			run, flash = func() (*evaluation.Evaluation, error) { return svc.Notify(ctx, id) }, "dg-thong-bao"
		case evalComplain:
			text := textField(f, "text")
			if text == "" {
				f.AddError("text", "Xin ghi nội dung khiếu nại: mức xếp loại anh/chị không đồng ý và lý do.")
			}
			run, flash = func() (*evaluation.Evaluation, error) { return svc.Complain(ctx, id, text) }, "dg-khieu-nai"
		case evalSettle:
			in := evaluation.SettleInput{Answer: textField(f, "answer")}
			switch f.Get("outcome") {
			case "keep":
				in.Kept = true
			case "change":
				in.NewLevel = evaluation.Level(f.Get("new_level"))
				if !in.NewLevel.Valid() {
					f.AddError("new_level", "Xin chọn mức xếp loại mới.")
				}
			default:
				f.AddError("outcome", "Xin chọn kết quả giải quyết.")
			}
			if in.Answer == "" {
				f.AddError("answer", "Xin ghi nội dung trả lời người khiếu nại.")
			}
			run, flash = func() (*evaluation.Evaluation, error) { return svc.Settle(ctx, id, in) }, "dg-giai-quyet"
		}
		if !f.Failed() {
			_, err := run()
			if err == nil {
				return s.Redirect(w, r, evaluationHref(id), flash)
			}
			if !f.SetError(err) {
				return err
			}
			moveEvaluationErrors(f, k, rs)
		}
		f.Summarize("Chưa lưu được, xin kiểm tra lại các ô được đánh dấu.")
		p, err := s.evaluationPage(r, id)
		if err != nil {
			return err
		}
		keep := func(blank *Form, kind evalStepKind) *Form {
			if kind == k {
				return f
			}
			return blank
		}
		p.Self, p.Comment, p.Propose, p.Decide = keep(p.Self, evalSelf), keep(p.Comment, evalComment), keep(p.Propose, evalPropose), keep(p.Decide, evalDecide)
		p.Notify, p.Complaint, p.Settle = keep(p.Notify, evalNotify), keep(p.Complaint, evalComplain), keep(p.Settle, evalSettle)
		return s.Render(w, r, http.StatusBadRequest, "evaluation_detail.html", p)
	}
}

// evalStepPolicy is the domain's policy of step k on e for a.
func evalStepPolicy(a *congvu.Actor, e *evaluation.Evaluation, k evalStepKind) error {
	switch k {
	case evalSelf:
		return evaluation.CanSelfAssess(a, e)
	case evalComplain:
		return evaluation.CanComplain(a, e)
	case evalPropose:
		return evaluation.CanPropose(a, e)
	case evalDecide, evalNotify, evalSettle:
		return evaluation.CanDecide(a, e)
	}
	return nil
}

// moveEvaluationErrors moves the service's field names to the form's: the
// texts by step, the general points to their criterion's field (or, named
// otherwise, to the first).
func moveEvaluationErrors(f *Form, k evalStepKind, rs *evaluation.RuleSet) {
	switch k {
	case evalComment:
		f.moveError("text", "comment")
	}
	for key := range f.Errors {
		code, ok := strings.CutPrefix(key, "general.")
		if !ok {
			if key != "general" {
				continue
			}
		}
		target := ""
		if rs != nil {
			for _, c := range rs.General {
				if code == c.Code || (target == "" && !ok) {
					target = generalField(c.Code)
				}
			}
		}
		if target != "" {
			f.moveError(key, target)
		}
	}
}
