package demo

import (
	"congvu"
	"congvu/conduct"
	"congvu/evaluation"
	"congvu/org"
	"congvu/services"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The demo's annual evaluations, in Phường Thái Bình, whose chairman
// (thutruong) heads the ward: the year 2025 closed under Decree 90/2020 as
// amended (the ward's people's committee and its public administration
// service centre: self-assessments, the meeting's minutes, the proposals
// and decisions in December 2025, most "hoàn thành tốt", a few "xuất
// sắc" within the quota, one "không hoàn thành" who complains and whose
// complaint is settled, every official notified; the leaders of the ward
// by the province's leadership); and the year of the load in progress
// under Decree 335/2025 at the ward's service centre: task products
// assigned every month, reported by the officials through their own
// accounts and confirmed by the chairman (some late or short on quality),
// then in the last days the self-assessments, a colleague's comments and
// the meeting's minutes, the proposals: two excellent where the quota of
// the centre allows one (the second decision refused, the proposal
// waiting), the official disciplined with a khiển trách under Decree
// 172/2025 this year capped at "không hoàn thành nhiệm vụ", canbo's form
// self-assessed and waiting. Every step runs through the real services at
// its moment (emulation.go adds the movements on the same clock).

// ClosedYear is the year the demo's evaluation is closed under the old
// rules (Decree 90/2020 as amended).
const ClosedYear = 2025

// EvaluationsResult says what the demo's evaluations and emulation load
// did.
type EvaluationsResult struct {
	// Closed counts the evaluations of ClosedYear decided and notified;
	// ClosedExcellent and ClosedNotCompleted those levels among them.
	Closed, ClosedExcellent, ClosedNotCompleted int
	// Products counts the task products of the year in progress, Confirmed
	// those confirmed, Failed those with a quality or progress failure.
	Products, Confirmed, Failed int
	// Decided counts the evaluations of the year in progress decided;
	// Proposed those proposed and waiting.
	Decided, Proposed int
	// Capped names the officials capped by a discipline decision of the
	// year; QuotaRefused is the message of the refused excellent.
	Capped       []string
	QuotaRefused string
	// Emulation is the emulation part.
	Emulation *EmulationResult
	// Accounts counts the officials' accounts made for the demo.
	Accounts int
	Elapsed  time.Duration
}

// EvaluationYear is the year the demo's evaluation is in progress on the
// day now: its own year, or in January the year just ended (its cycle
// runs into January).
func EvaluationYear(now time.Time) int {
	d := congvu.Date(now)
	if d.Month() == time.January {
		return d.Year() - 1
	}
	return d.Year()
}

// eWork holds what the evaluation and emulation steps share.
type eWork struct {
	*vWork
	res      *EvaluationsResult
	year     int // the year in progress
	ward     *org.Unit
	centre   *org.Unit
	province *org.Unit
	sets     map[int64]*evaluation.RuleSet
	evals    map[[2]int64]*evaluation.Evaluation // official, year → evaluation
	leader   context.Context                     // the province's leadership (decides the ward's leaders)
}

// evaluationsLoaded reports whether the demo's evaluations and movements
// are loaded: the movement of 2026–2030 has registrations of the year (the
// last steps), read as the operator (reading movements is not audited).
func evaluationsLoaded(ctx context.Context, s services.Set, now time.Time) (bool, error) {
	if s.Evaluations == nil || s.Emulation == nil || EvaluationYear(now) < 2026 {
		return true, nil
	}
	m, err := findMovement(ctx, s, nextMovementTitle)
	if err != nil || m == nil {
		return false, err
	}
	_, n, err := s.Emulation.FindRegistrations(ctx, registrationsOf(m.ID, EvaluationYear(now)))
	return n > 0, err
}

// loadEvaluations runs the demo's evaluations and emulation movements.
func loadEvaluations(ctx context.Context, s services.Set, p *plan, existing map[string]*org.Official,
	unitByCode func(string) (*org.Unit, error), clock *func() time.Time, now time.Time) (*EvaluationsResult, error) {
	start := time.Now()
	res := &EvaluationsResult{}
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	actors, err := staffCtx(ctx, s, p, unitByCode)
	if err != nil {
		return nil, err
	}
	w := &eWork{vWork: &vWork{s: s, p: p, cal: cal, now: now, actors: actors, res: &ViolationsResult{},
		officials: map[int64]*org.Official{}, byCode: existing, named: map[int64]bool{}, accounts: map[int64]context.Context{}},
		res: res, year: EvaluationYear(now), sets: map[int64]*evaluation.RuleSet{}, evals: map[[2]int64]*evaluation.Evaluation{}}
	for _, o := range existing {
		w.officials[o.ID] = o
	}
	if w.ward, err = unitByCode(CityWard); err != nil {
		return nil, err
	}
	if w.centre, err = unitByCode(communeCentre(CityWard)); err != nil {
		return nil, err
	}
	if w.province, err = unitByCode(ProvinceCode); err != nil {
		return nil, err
	}
	sets, err := s.Evaluations.RuleSets(w.actors["thutruong"])
	if err != nil {
		return nil, fmt.Errorf("demo: evaluation rule sets: %w", err)
	}
	for i := range sets {
		w.sets[sets[i].ID] = &sets[i]
	}

	var moment atomic.Int64
	old := *clock
	*clock = func() time.Time { return time.Unix(0, moment.Load()).UTC() }
	defer func() { *clock = old }()

	// What a load before left is kept: each part is skipped when its
	// first writes are there.
	thutruong := w.actors["thutruong"]
	_, closed, err := s.Evaluations.FindEvaluations(thutruong, evaluation.Filter{UnitID: w.ward.ID, Year: ClosedYear, Limit: 1})
	if err != nil {
		return nil, fmt.Errorf("demo: find evaluations: %w", err)
	}
	_, tracked, err := s.Evaluations.FindProducts(thutruong, evaluation.ProductFilter{UnitID: w.centre.ID, Year: w.year, Limit: 1})
	if err != nil {
		return nil, fmt.Errorf("demo: find products: %w", err)
	}
	centre, ward := w.members(communeCentre(CityWard)), w.members(CityWard)
	var who []*org.Official
	if closed == 0 {
		who = append(who, centre...)
		who = append(who, ward...)
	} else if tracked == 0 {
		who = centre
	}
	// The accounts the officials self-assess with, and the province's
	// leadership's, issued before the evaluation of ClosedYear opens.
	moment.Store(w.at(day(ClosedYear, 11, 28), 0, 60).UnixNano())
	if err := w.ensureAccounts(ctx, who); err != nil {
		return nil, err
	}
	if w.leader, err = w.provinceLeader(ctx); err != nil {
		return nil, err
	}
	if closed == 0 {
		w.closeYear(centre, ward)
	}
	if tracked == 0 && w.year > ClosedYear {
		if err := w.track(ctx, centre); err != nil {
			return nil, err
		}
	}
	if res.Emulation, err = w.emulation(ctx, centre); err != nil {
		return nil, err
	}
	sort.SliceStable(w.queue, func(a, b int) bool { return w.queue[a].at.Before(w.queue[b].at) })
	for _, x := range w.queue {
		moment.Store(x.at.UnixNano())
		if err := x.do(); err != nil {
			return nil, fmt.Errorf("demo: %s: %w", x.what, err)
		}
	}
	w.queue = nil
	*clock = old
	res.Elapsed = time.Since(start)
	return res, nil
}

// members lists the active officials working today in the unit of this
// code, by id.
func (w *eWork) members(code string) []*org.Official {
	var out []*org.Official
	for _, pe := range w.p.people {
		if o := w.byCode[pe.EmployeeCode]; o != nil && o.Active && pe.nowCode == code {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b *org.Official) int { return int(a.ID - b.ID) })
	return out
}

// ensureAccounts makes the accounts the officials self-assess and report
// with, two at a time (the password hash takes a while).
func (w *eWork) ensureAccounts(ctx context.Context, list []*org.Official) error {
	var todo []*org.Official
	for _, o := range list {
		if _, ok := w.accounts[o.ID]; !ok {
			todo = append(todo, o)
		}
	}
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	work := make(chan *org.Official)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for o := range work {
				c, made, err := w.account(o)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				} else if err == nil {
					w.accounts[o.ID] = c
					if made {
						w.res.Accounts++
					}
				}
				mu.Unlock()
			}
		}()
	}
	for _, o := range todo {
		work <- o
	}
	close(work)
	wg.Wait()
	return firstErr
}

// account returns the context of the official's account (a demo account,
// or one made as officialCtx does), and whether it was made now.
func (w *eWork) account(o *org.Official) (context.Context, bool, error) {
	for _, ctx := range w.actors {
		if a := congvu.ActorFromContext(ctx); a.OfficialID == o.ID {
			return ctx, false, nil
		}
	}
	base := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("Dữ liệu minh họa"))
	u, err := findUser(base, w.s, officialUsername(o))
	made := false
	if congvu.ErrorCode(err) == congvu.ENOTFOUND {
		u, err = w.s.Users.CreateUser(base, org.UserInput{Username: officialUsername(o), FullName: o.FullName, Email: o.Email, OfficialID: o.ID, Active: true,
			Password: congvu.RandomToken(18), Grants: []congvu.Grant{{Role: congvu.RoleOfficial, UnitID: o.UnitID}}})
		made = err == nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("demo: account of %s: %w", o.FullName, err)
	}
	return congvu.NewContextWithActor(context.Background(), &congvu.Actor{UserID: u.ID, Username: u.Username, FullName: u.FullName, OfficialID: o.ID,
		Grants: []congvu.Grant{{Role: congvu.RoleOfficial, UnitID: o.UnitID, UnitPath: o.UnitPath, UnitName: o.UnitName}}}), made, nil
}

// provinceLeaderUser is the account of the province's leadership, who
// evaluates the ward's leaders and decides the titles of the province.
const provinceLeaderUser = "lanhdao.ubndtinh"

// provinceLeader signs in as the province's leadership (an account made
// for it: the demo has no official record of the province's chairman).
func (w *eWork) provinceLeader(ctx context.Context) (context.Context, error) {
	u, err := findUser(ctx, w.s, provinceLeaderUser)
	if congvu.ErrorCode(err) == congvu.ENOTFOUND {
		u, err = w.s.Users.CreateUser(ctx, org.UserInput{Username: provinceLeaderUser, FullName: "Lãnh đạo UBND tỉnh", Active: true,
			Password: congvu.RandomToken(18), Grants: []congvu.Grant{{Role: congvu.RoleUnitHead, UnitID: w.province.ID}}})
	}
	if err != nil {
		return nil, fmt.Errorf("demo: account of the province's leadership: %w", err)
	}
	return congvu.NewContextWithActor(context.Background(), &congvu.Actor{UserID: u.ID, Username: u.Username, FullName: u.FullName,
		Grants: []congvu.Grant{{Role: congvu.RoleUnitHead, UnitID: w.province.ID, UnitPath: w.province.Path, UnitName: w.province.Name}}}), nil
}

// general is the evaluator's (or the official's) points on the general
// criteria of the rule set: share of each maximum (scored sets); nil for
// sets classified by criteria.
func general(rs *evaluation.RuleSet, share float64, note string) []evaluation.Score {
	if rs == nil || !rs.Scored {
		return nil
	}
	var out []evaluation.Score
	for i, c := range rs.General {
		pts := float64(int(c.Max*share*2+0.5)) / 2 // half points
		if i%2 == 1 {
			pts -= 0.5 // not every criterion alike
		}
		out = append(out, evaluation.Score{Code: c.Code, Points: max(0, min(pts, c.Max)), Note: note})
	}
	return out
}

// opened finds the evaluation of the official and year opened by OpenYear
// (kept in w.evals).
func (w *eWork) opened(ctx context.Context, unitID int64, year int) error {
	for f := (evaluation.Filter{UnitID: unitID, Year: year, Limit: congvu.MaxPageSize}); ; {
		list, total, err := w.s.Evaluations.FindEvaluations(ctx, f)
		if err != nil {
			return err
		}
		for _, e := range list {
			w.evals[[2]int64{e.OfficialID, int64(year)}] = e
		}
		f.Offset += len(list)
		if len(list) == 0 || f.Offset >= total {
			return nil
		}
	}
}

// eval returns the evaluation of the official and year, refreshed by the
// step that last changed it; nil when it was not opened.
func (w *eWork) eval(o *org.Official, year int) *evaluation.Evaluation {
	return w.evals[[2]int64{o.ID, int64(year)}]
}

// keep stores a step's result.
func (w *eWork) keep(e *evaluation.Evaluation, err error) error {
	if err == nil && e != nil {
		w.evals[[2]int64{e.OfficialID, int64(e.Year)}] = e
	}
	return err
}

// set is the rule set of an evaluation.
func (w *eWork) set(e *evaluation.Evaluation) *evaluation.RuleSet {
	if e == nil {
		return nil
	}
	return w.sets[e.RuleSetID]
}

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
