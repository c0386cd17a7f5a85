package demo

import (
	"congvu"
	"congvu/org"
	"congvu/petition"
	"congvu/training"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// tPlan is what one official does in a campaign.
type tPlan struct {
	official int64
	session  *tSession                 // the class attended, or the online session
	method   training.AttendanceMethod // "" when absent
	at       time.Time                 // when they scanned or studied (marks: the class's end)
	quiz     []bool                    // the attempts' outcomes in order (true: passed)
	cert     bool                      // they download their certificate once complete
}

// offRand is the official's own random source in a campaign, so each
// decision is the same whatever the order of the assignments.
func offRand(officialID int64, salt uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(officialID), salt))
}

// carries reports whether the official scans the class's code with their
// phone: the workers (drivers, guards, guides) sign the sheet instead, and
// the organiser marks them.
func (w *tWork) carries(id int64) bool {
	return w.accounts[id] != nil || w.officials[id].Category != org.CategoryWorker
}

// classOf is the in-person session of the official's unit group.
func classOf(tc *tCampaign, unitCode string) *tSession {
	for _, x := range tc.sessions {
		if x.in.Mode == training.ModeInPerson && slices.Contains(x.units, unitCode) {
			return x
		}
	}
	return nil
}

func onlineOf(tc *tCampaign) *tSession {
	for _, x := range tc.sessions {
		if x.in.Mode == training.ModeOnline {
			return x
		}
	}
	return nil
}

// quizOutcomes draws the attempts of an official who attended: most pass
// at once, some after failing once; a few failed and have not passed.
func quizOutcomes(r *rand.Rand, none, failOnly, exhausted, retried float64) []bool {
	switch x := r.Float64(); {
	case x < none:
		return nil
	case x < none+failOnly:
		return []bool{false}
	case x < none+failOnly+exhausted:
		return []bool{false, false, false}
	case x < none+failOnly+exhausted+retried:
		return []bool{false, true}
	}
	return []bool{true}
}

// decideMain decides the province's campaign: by unit group, most at
// their class (by QR code, or marked when they signed the sheet), some
// online after missing it, a few not at all; then the quiz.
func (w *tWork) decideMain(tc *tCampaign, list []*training.Assignment) {
	special := map[int64]bool{}
	for _, a := range w.p.accounts {
		if o := w.accountOfficial(a.Username); o != nil {
			special[o.ID] = true
		}
	}
	online := onlineOf(tc)
	var plans []*tPlan
	for _, a := range list {
		w.res.Assigned++
		r := offRand(a.OfficialID, 0x6d61696e)
		pl := &tPlan{official: a.OfficialID, session: classOf(tc, w.codeOf[a.UnitID])}
		classAt := tc.c.StartsOn
		if pl.session != nil {
			classAt = pl.session.in.StartsAt
		}
		x := r.Float64()
		switch {
		case special[a.OfficialID]:
			x = 1 // the demo accounts attended their class
		case pl.session == nil:
			x = 0.06
		}
		switch {
		case x < 0.05:
			pl.session = nil
		case x < 0.12:
			// missed their class: self-study online in the weeks after it
			pl.session, pl.method = online, training.AttendOnline
			pl.at = w.at(classAt, 3+r.IntN(30), 30+r.IntN(480))
		case w.carries(a.OfficialID) && r.Float64() < 0.85:
			pl.method = training.AttendQR
			pl.at = pl.session.in.StartsAt.Add(time.Duration(-900+r.IntN(2400)) * time.Second)
		default:
			pl.method = training.AttendMarked
		}
		if pl.method != "" {
			pl.quiz = quizOutcomes(r, 0.035, 0.03, 0.006, 0.045)
			if special[a.OfficialID] {
				pl.quiz = []bool{true}
			}
		}
		pl.cert = special[a.OfficialID] || r.Float64() < 0.3
		plans = append(plans, pl)
	}
	w.queuePlans(tc, plans, tc.c.EndsOn)
}

// decideNewStaff decides the campaign for new staff, half-way through:
// the class, online study, some not yet started.
func (w *tWork) decideNewStaff(tc *tCampaign, list []*training.Assignment) {
	class, online := tc.sessions[0], onlineOf(tc)
	var plans []*tPlan
	for _, a := range list {
		r := offRand(a.OfficialID, 0x6e6577)
		pl := &tPlan{official: a.OfficialID, session: class}
		switch x := r.Float64(); {
		case x < 0.55 && w.carries(a.OfficialID) && r.Float64() < 0.85:
			pl.method = training.AttendQR
			pl.at = class.in.StartsAt.Add(time.Duration(-900+r.IntN(1800)) * time.Second)
		case x < 0.55:
			pl.method = training.AttendMarked
		case x < 0.8:
			pl.session, pl.method = online, training.AttendOnline
			pl.at = w.at(tc.c.StartsOn, 2+r.IntN(12), 30+r.IntN(480))
		default:
			pl.session = nil
		}
		if pl.method != "" {
			pl.quiz = quizOutcomes(r, 0.08, 0.04, 0, 0.08)
		}
		pl.cert = r.Float64() < 0.3
		plans = append(plans, pl)
	}
	w.queuePlans(tc, plans, w.today)
}

// decideWard decides the ward centre's class: most at the first class,
// canbo and a colleague on duty that day go to today's.
func (w *tWork) decideWard(tc *tCampaign, list []*training.Assignment) {
	first, second := tc.sessions[0], tc.sessions[1]
	canbo := w.accountOfficial("canbo")
	var plans []*tPlan
	slices.SortFunc(list, func(a, b *training.Assignment) int { return int(a.OfficialID - b.OfficialID) })
	others := 0
	for _, a := range list {
		if canbo != nil && a.OfficialID == canbo.ID {
			continue // the visitor's: scan today's code, then take the quiz
		}
		others++
		r := offRand(a.OfficialID, 0x77617264)
		pl := &tPlan{official: a.OfficialID, session: first, method: training.AttendQR, cert: true,
			at: first.in.StartsAt.Add(time.Duration(-600+r.IntN(1200)) * time.Second)}
		switch others % 6 {
		case 2:
			pl.quiz = []bool{false, true}
		case 4:
			pl.quiz = nil // attended, quiz not yet taken
		case 5:
			// on duty at the counter the day of the first class: today's,
			// scanned as it opened (when that was before the load)
			pl.session, pl.at = second, second.in.StartsAt.Add(-10*time.Minute)
			pl.quiz, pl.cert = nil, false
		default:
			pl.quiz = []bool{true}
		}
		plans = append(plans, pl)
	}
	w.queuePlans(tc, plans, tc.c.EndsOn)
}

// remedialCampaign queues Sở Nội vụ's reading of the suggestions for the
// province and the remedial campaign naming the officials they point to
// whose reports citizens made were found founded (the head checks the
// petitions themselves: a violation or a weak index alone is handled
// elsewhere), each with the reasons Công vụ gave.
func (w *tWork) remedialCampaign() {
	noivu := w.actors["noivu"]
	suggestAt := w.at(w.today, -12, 60)
	w.add(suggestAt, "suggest remedial training", func() error {
		province, err := w.unitByCode(ProvinceCode)
		if err != nil {
			return err
		}
		sugg, err := w.s.Training.Suggest(noivu, province.ID)
		if err != nil {
			return err
		}
		founded, err := w.foundedReports(province.ID, suggestAt)
		if err != nil {
			return err
		}
		var ids []int64
		var reasons []string
		size := 0
		for _, sg := range sugg {
			if w.officials[sg.OfficialID] == nil || !founded[sg.OfficialID] {
				continue
			}
			ids = append(ids, sg.OfficialID)
			line := fmt.Sprintf("%s (%s): %s", sg.OfficialName, sg.UnitName, strings.Join(sg.Reasons, "; "))
			if size += utf8.RuneCountInString(line) + 2; size < training.MaxText-600 {
				reasons = append(reasons, line)
			}
		}
		if len(reasons) < len(ids) {
			reasons = append(reasons, fmt.Sprintf("và %d người khác theo danh sách đề xuất", len(ids)-len(reasons)))
		}
		if len(ids) == 0 {
			return nil
		}
		w.res.Named = len(ids)
		start := midnight(suggestAt)
		class := w.sessionAt(w.today, -6, 14, 0)
		tc := &tCampaign{organiser: "noivu", unitCode: ProvinceCode, createAt: suggestAt.Add(25 * time.Minute), openAt: suggestAt.Add(40 * time.Minute),
			in: training.CampaignInput{
				Title: fmt.Sprintf(remedialCampaignTitle, w.today.Year()),
				Purpose: "Bồi dưỡng bổ sung về chuẩn mực giao tiếp, ứng xử với người dân cho cán bộ, công chức, viên chức có phản ánh " +
					"của người dân được kết luận có cơ sở, để khắc phục, không tái phạm.",
				Reason: "Theo đề xuất của Công vụ từ dữ liệu 12 tháng qua, Sở Nội vụ chỉ định những người có phản ánh được kết luận " +
					"có cơ sở: " + strings.Join(reasons, ". ") + ".",
				Audience: training.AudienceNamed, OfficialIDs: ids, StartsOn: start, EndsOn: w.today.AddDate(0, 0, 14), Hours: 4,
				QuizQuestions: 10, PassMark: 80, MaxAttempts: 3},
			sessions: []*tSession{{createAt: suggestAt.Add(60 * time.Minute), in: training.SessionInput{
				Title: "Chuyên đề: xin lỗi, hướng dẫn một lần và không gây phiền hà", Mode: training.ModeInPerson,
				Place:    "Phòng họp tầng 3, Sở Nội vụ tỉnh Hưng Yên",
				Lecturer: w.personAt("33.SNV", "Phó Giám đốc Sở", " Nội vụ"), StartsAt: class, EndsAt: class.Add(3 * time.Hour)}}},
		}
		tc.decide = func(tc *tCampaign, list []*training.Assignment) {
			slices.SortFunc(list, func(a, b *training.Assignment) int { return int(a.OfficialID - b.OfficialID) })
			var plans []*tPlan
			for i, a := range list {
				r := offRand(a.OfficialID, 0x72656d)
				pl := &tPlan{official: a.OfficialID, session: tc.sessions[0], method: training.AttendMarked, quiz: []bool{true}, cert: r.IntN(3) > 0}
				if w.carries(a.OfficialID) {
					pl.method, pl.at = training.AttendQR, tc.sessions[0].in.StartsAt.Add(time.Duration(-20+r.IntN(25))*time.Minute)
				}
				switch i % 5 {
				case 2:
					pl.quiz = []bool{false, true}
				case 4:
					pl.session, pl.method, pl.quiz, pl.cert = nil, "", nil, false // on leave that day: behind
				}
				plans = append(plans, pl)
			}
			w.queuePlans(tc, plans, tc.c.EndsOn)
		}
		return w.schedule(tc)
	})
}

// foundedReports are the officials of the unit's subtree with a report
// citizens made in the twelve months before t concluded founded (in whole
// or in part; its handling concluded), as Sở Nội vụ reads the petitions.
func (w *tWork) foundedReports(unitID int64, t time.Time) (map[int64]bool, error) {
	out := map[int64]bool{}
	for f := (petition.Filter{UnitID: unitID, From: t.AddDate(-1, 0, 0), Limit: congvu.MaxPageSize}); ; {
		list, total, err := w.s.Petitions.FindPetitions(w.actors["noivu"], f)
		if err != nil {
			return nil, err
		}
		for _, p := range list {
			concluded := p.Status == petition.Concluded || p.Status == petition.Closed
			if p.OfficialID != 0 && concluded && p.Conclusion.Breached() {
				out[p.OfficialID] = true
			}
		}
		f.Offset += len(list)
		if len(list) == 0 || f.Offset >= total {
			return out, nil
		}
	}
}

// queuePlans queues the officials' attendance, marks, quizzes and
// certificates (before the day after last, and before the load).
func (w *tWork) queuePlans(tc *tCampaign, plans []*tPlan, last time.Time) {
	org := w.actors[tc.organiser]
	marks := map[*tSession][]int64{}
	for _, pl := range plans {
		id := pl.official
		var done time.Time
		switch pl.method {
		case training.AttendQR:
			x := pl.session
			done = pl.at
			at := pl.at
			w.add(at, "scan the class's code", func() error {
				// The code on the organiser's screen at that moment
				// (SessionCode computes the same).
				code := training.QRCode(x.s.Secret, x.s.ID, at)
				if _, err := w.s.Training.Attend(w.official(id), x.s.ID, code); err != nil {
					return err
				}
				w.res.ByQR++
				return nil
			})
		case training.AttendMarked:
			marks[pl.session] = append(marks[pl.session], id)
			done = pl.session.in.EndsAt.Add(-15 * time.Minute)
		case training.AttendOnline:
			x := pl.session
			done = pl.at
			w.add(pl.at, "study online", func() error {
				if _, err := w.s.Training.StudyOnline(w.official(id), x.s.ID); err != nil {
					return err
				}
				w.res.Online++
				return nil
			})
		default:
			continue
		}
		w.queueQuiz(tc, pl, done, last)
	}
	for x, ids := range marks {
		w.add(x.in.EndsAt.Add(-15*time.Minute), "mark the class's sheet", func() error {
			n, err := w.s.Training.Mark(org, x.s.ID, ids)
			w.res.Marked += n
			return err
		})
	}
}

// queueQuiz queues the official's attempts after their attendance at t,
// and their certificate once passed.
func (w *tWork) queueQuiz(tc *tCampaign, pl *tPlan, t, last time.Time) {
	r := offRand(pl.official, uint64(t.Unix()))
	id := pl.official
	for i, pass := range pl.quiz {
		if i == 0 {
			t = t.Add(time.Duration(40+r.IntN(180)) * time.Minute)
			if r.IntN(3) == 0 || !inOffice(t) {
				t = w.at(t, 1+r.IntN(3), 15+r.IntN(500))
			}
		} else {
			t = w.at(t, 1+r.IntN(3), 15+r.IntN(500))
		}
		if !t.Before(last.AddDate(0, 0, 1)) {
			return
		}
		at, retry := t, i > 0 && pass
		w.add(at, "take the quiz", func() error { return w.attempt(tc, id, pass, retry, at, r) })
	}
	if len(pl.quiz) > 0 && pl.quiz[len(pl.quiz)-1] && pl.cert {
		at := t.Add(time.Duration(20+r.IntN(60)) * time.Minute)
		w.add(at, "download the certificate", func() error {
			if _, err := w.s.TrainingQuiz.Certificate(w.official(id), tc.c.ID, id); err != nil {
				return err
			}
			w.res.Certificates++
			return nil
		})
	}
}

// attempt starts and submits an attempt of the official, answering so as
// to pass or fail: the wrong answers fall mostly on the hard questions.
func (w *tWork) attempt(tc *tCampaign, id int64, pass, retry bool, at time.Time, r *rand.Rand) error {
	ctx := w.official(id)
	a, err := w.s.TrainingQuiz.StartAttempt(ctx, tc.c.ID)
	if err != nil {
		return err
	}
	n := len(a.Questions)
	wrongs := 0
	if pass {
		wrongs = []int{0, 0, 1, 1, 1, 2}[r.IntN(6)]
		for wrongs > 0 && 100*(n-wrongs) < tc.c.PassMark*n {
			wrongs--
		}
	} else {
		wrongs = 3 + r.IntN(3)
		for wrongs < n && 100*(n-wrongs) >= tc.c.PassMark*n {
			wrongs++
		}
	}
	wrong := map[int]bool{}
	for len(wrong) < min(wrongs, n) {
		total := 0
		for i, q := range a.Questions {
			if !wrong[i] {
				total += hardness(q)
			}
		}
		k := r.IntN(total)
		for i, q := range a.Questions {
			if wrong[i] {
				continue
			}
			if k -= hardness(q); k < 0 {
				wrong[i] = true
				break
			}
		}
	}
	answers := make([]int, n)
	for i, q := range a.Questions {
		if answers[i], err = w.answerOf(q); err != nil {
			return err
		}
		if wrong[i] {
			answers[i] = (answers[i] + 1 + r.IntN(max(1, len(q.Choices)-1))) % max(1, len(q.Choices))
		}
	}
	w.setMoment(at.Add(time.Duration(6+r.IntN(14)) * time.Minute))
	a, err = w.s.TrainingQuiz.SubmitAttempt(ctx, a.ID, answers)
	if err != nil {
		return err
	}
	w.res.Attempts++
	if a.Passed {
		w.res.Passed++
		if retry {
			w.res.Retried++
		}
	}
	return nil
}

// hardness is the weight of a wrong answer falling on the question.
func hardness(q training.Question) int {
	if h := hardItems[q.ItemCode]; h > 0 {
		return h
	}
	return 1
}

// answerOf is the right answer of a question of the bank, read from the
// bank of its item as Sở Nội vụ sees it (once per item).
func (w *tWork) answerOf(q training.Question) (int, error) {
	if a, ok := w.answers[q.ID]; ok {
		return a, nil
	}
	list, err := w.s.TrainingQuiz.Questions(w.actors["noivu"], q.ItemCode)
	if err != nil {
		return 0, err
	}
	for _, x := range list {
		w.answers[x.ID] = x.Answer
	}
	a, ok := w.answers[q.ID]
	if !ok {
		return 0, fmt.Errorf("question %d not in the bank of %s", q.ID, q.ItemCode)
	}
	return a, nil
}

// ensureBank adds the province's questions to the bank unless there. The
// bank is national (training.CanEditBank): Sở Nội vụ (noivu) proposed
// them and reads them; the ministry's managers add them (the operator
// here).
func (w *tWork) ensureBank() error {
	noivu := w.actors["noivu"]
	nation := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("Dữ liệu minh họa: ngân hàng câu hỏi quốc gia"))
	for _, in := range provinceQuestions {
		have, err := w.s.TrainingQuiz.Questions(noivu, in.ItemCode)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(have, func(q *training.Question) bool { return q.Text == in.Text }) {
			continue
		}
		if _, err := w.s.TrainingQuiz.CreateQuestion(nation, in); err != nil {
			return err
		}
		w.res.Questions++
	}
	return nil
}
