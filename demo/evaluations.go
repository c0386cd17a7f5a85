package demo

import (
	"congvu"
	"congvu/evaluation"
	"congvu/org"
	"congvu/services"
	"context"
	"fmt"
	"slices"
	"sort"
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
