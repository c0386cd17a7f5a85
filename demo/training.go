package demo

import (
	"congvu"
	"congvu/calendar"
	"congvu/org"
	"congvu/services"
	"congvu/training"
	"container/heap"
	"context"
	"fmt"
	"sync/atomic"
	"time"
)

// The demo's training on the code of conduct (bồi dưỡng, quán triệt), run
// through the training services at believable moments on the working-day
// calendar, each step as the one who takes it:
//   - the province's campaign "Quán triệt Đề án văn hóa công vụ năm …"
//     (Sở Nội vụ, noivu), opened for every official of the province over
//     the five months that ended last month: a class per group of units
//     (the provincial agencies in two rounds, the hospital, each staffed
//     commune with its service centre), attendance mostly by scanning the
//     class's QR code, some marked by the organiser from the sign-in sheet,
//     a self-paced online session for those who missed their class, and a
//     quiz (10 questions, 80 %, 3 attempts) most passed, a few after failing
//     once; a few officials are behind (absent, or attended and not passed),
//     so the campaign is overdue; certificates downloaded by some of those
//     complete;
//   - the campaign for staff received since the reform of 01/07/2025,
//     open until later this month;
//   - Sở Nội vụ's remedial training for the officials Công vụ suggests
//     from the evidence whose reports were found founded, named with the
//     suggestion's reasons;
//   - the ward centre's own class on dealing with citizens, whose second
//     session is today, with canbo still to attend it and take the quiz
//     (scan the QR code thutruong shows at /training/sessions/{id}/qr).
//
// Officials act as themselves: through their account when they have one,
// else through the operator on their behalf (see official). Loading again
// finds each campaign by its title and adds nothing.

// TrainingResult says what the demo's training load did.
type TrainingResult struct {
	// Campaigns counts the campaigns created by this load, Questions the
	// questions added to the bank, Sessions the sessions.
	Campaigns, Questions, Sessions int
	// Assigned counts the assignments of the province's campaign.
	Assigned int
	// ByQR, Marked and Online count the attendances by method.
	ByQR, Marked, Online int
	// Attempts counts the quiz attempts submitted, Passed those passed,
	// Retried the officials who passed after failing.
	Attempts, Passed, Retried int
	// Certificates counts the certificates issued.
	Certificates int
	// Named counts the officials named for remedial training.
	Named int
	// Today is the session of today (canbo's class), 0 when none.
	Today   int64
	Elapsed time.Duration
}

// The campaigns' titles, found again by them; %d is the year.
const (
	mainCampaignTitle     = "Quán triệt Đề án văn hóa công vụ năm %d"
	newStaffCampaignTitle = "Bồi dưỡng văn hóa công vụ cho cán bộ, công chức mới tuyển dụng, tiếp nhận năm %d"
	remedialCampaignTitle = "Bồi dưỡng bổ sung về chuẩn mực giao tiếp, ứng xử cho cán bộ có phản ánh có cơ sở năm %d"
	wardCampaignTitle     = "Bồi dưỡng kỹ năng giao tiếp, ứng xử với người dân tại Trung tâm Phục vụ hành chính công phường Thái Bình năm %d"
)

// tStep is a step of the training at its moment.
type tStep struct {
	at   time.Time
	seq  int
	what string
	do   func() error
}

type tQueue []tStep

func (q tQueue) Len() int { return len(q) }
func (q tQueue) Less(a, b int) bool {
	if !q[a].at.Equal(q[b].at) {
		return q[a].at.Before(q[b].at)
	}
	return q[a].seq < q[b].seq
}
func (q tQueue) Swap(a, b int) { q[a], q[b] = q[b], q[a] }
func (q *tQueue) Push(x any)   { *q = append(*q, x.(tStep)) }
func (q *tQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

// tWork holds what the training steps share.
type tWork struct {
	s         services.Set
	p         *plan
	cal       *calendar.Calendar
	now       time.Time // the moment of the load
	today     time.Time // its day, at midnight in Vietnam
	moment    *atomic.Int64
	actors    map[string]context.Context // the demo accounts
	own       map[int64]context.Context  // officials' own contexts, by official id
	accounts  map[int64]*org.User        // officials' accounts, by official id
	officials map[int64]*org.Official    // every official of the province
	codeOf    map[int64]string           // unit id → code, for the staffed units
	units     map[string]*org.Unit       // code → unit
	answers   map[int64]int              // question id → its right answer
	res       *TrainingResult
	// todaySession is the ward centre's class of today.
	todaySession *tSession
	queue        tQueue
	seq          int
	unitByCode   func(string) (*org.Unit, error)
}

// add queues f at t (steps may queue later steps); steps at or after the
// load's moment are dropped (they have not happened yet).
func (w *tWork) add(t time.Time, what string, f func() error) {
	if !t.Before(w.now) {
		return
	}
	w.seq++
	heap.Push(&w.queue, tStep{at: t, seq: w.seq, what: what, do: f})
}

// run takes the steps in time order, each at its moment.
func (w *tWork) run() error {
	for w.queue.Len() > 0 {
		x := heap.Pop(&w.queue).(tStep)
		w.moment.Store(x.at.UnixNano())
		if err := x.do(); err != nil {
			return fmt.Errorf("demo: training: %s: %w", x.what, err)
		}
	}
	return nil
}

// setMoment moves the clock within a step (a quiz submitted minutes after
// it was started).
func (w *tWork) setMoment(t time.Time) { w.moment.Store(t.UnixNano()) }

// at is the moment minute minutes after 7:30 on the working day days
// working days after t (before it when negative).
func (w *tWork) at(t time.Time, days, minute int) time.Time {
	d := midnight(t)
	if !w.cal.IsWorkingDay(d) {
		d = w.cal.NextWorkingDay(d)
	}
	return midnight(w.cal.ShiftWorkingDays(d, days)).Add(7*time.Hour + 30*time.Minute + time.Duration(minute)*time.Minute)
}

// clockAt is the moment h:m on the day of t.
func clockAt(t time.Time, h, m int) time.Time {
	return midnight(t).Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
}

// trainingYear is the year of the province's campaign: that of its last
// day, the end of the month before the load's.
func trainingYear(now time.Time) int { return mainPeriodEnd(now).Year() }

// mainPeriodEnd is the last day of the province's campaign: the last day
// of the month before now's.
func mainPeriodEnd(now time.Time) time.Time {
	d := midnight(now)
	return time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, congvu.TimeZone).AddDate(0, 0, -1)
}

// trainingLoaded reports whether the demo's training is loaded: the ward
// centre's campaign, created last, exists.
func trainingLoaded(ctx context.Context, s services.Set, now time.Time) (bool, error) {
	if s.Training == nil || s.TrainingQuiz == nil {
		return true, nil
	}
	c, err := findCampaign(ctx, s, 0, fmt.Sprintf(wardCampaignTitle, midnight(now).Year()))
	return c != nil, err
}

// findCampaign finds the campaign with this title among those of a unit's
// subtree (0: the actor's scope), nil when there is none.
func findCampaign(ctx context.Context, s services.Set, unitID int64, title string) (*training.Campaign, error) {
	for f := (training.Filter{UnitID: unitID, Limit: congvu.MaxPageSize}); ; {
		list, total, err := s.Training.FindCampaigns(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("demo: find campaign: %w", err)
		}
		for _, c := range list {
			if c.Title == title {
				return c, nil
			}
		}
		f.Offset += len(list)
		if len(list) == 0 || f.Offset >= total {
			return nil, nil
		}
	}
}

// loadTraining runs the demo's training.
func loadTraining(ctx context.Context, s services.Set, p *plan, existing map[string]*org.Official,
	unitByCode func(string) (*org.Unit, error), clock *func() time.Time, now time.Time) (*TrainingResult, error) {
	start := time.Now()
	res := &TrainingResult{}
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	actors, err := staffCtx(ctx, s, p, unitByCode)
	if err != nil {
		return nil, err
	}
	var moment atomic.Int64
	moment.Store(now.UnixNano())
	w := &tWork{s: s, p: p, cal: cal, now: now, today: midnight(now), moment: &moment, actors: actors,
		own: map[int64]context.Context{}, accounts: map[int64]*org.User{}, officials: map[int64]*org.Official{},
		codeOf: map[int64]string{}, units: map[string]*org.Unit{}, answers: map[int64]int{}, res: res, unitByCode: unitByCode}
	for _, o := range existing {
		w.officials[o.ID] = o
	}
	for _, pe := range p.people {
		if _, ok := w.units[pe.nowCode]; ok {
			continue
		}
		u, err := unitByCode(pe.nowCode)
		if err != nil {
			return nil, err
		}
		w.units[pe.nowCode], w.codeOf[u.ID] = u, pe.nowCode
	}
	if w.units[ProvinceCode], err = unitByCode(ProvinceCode); err != nil {
		return nil, err
	}
	if err := w.loadAccounts(ctx); err != nil {
		return nil, err
	}
	old := *clock
	*clock = func() time.Time { return time.Unix(0, moment.Load()).UTC() }
	defer func() { *clock = old }()

	if err := w.plan(); err != nil {
		return nil, err
	}
	if err := w.run(); err != nil {
		return nil, err
	}
	if x := w.todaySession; x != nil && x.s != nil {
		res.Today = x.s.ID
	}
	*clock = old
	res.Elapsed = time.Since(start)
	return res, nil
}

// loadAccounts finds the officials' accounts (the demo's and those made
// for the evaluation and the violations).
func (w *tWork) loadAccounts(ctx context.Context) error {
	for f := (org.UserFilter{Limit: congvu.MaxPageSize}); ; {
		list, total, err := w.s.Users.FindUsers(ctx, f)
		if err != nil {
			return fmt.Errorf("demo: list accounts: %w", err)
		}
		for _, u := range list {
			if u.OfficialID != 0 && u.Active {
				w.accounts[u.OfficialID] = u
			}
		}
		f.Offset += len(list)
		if len(list) == 0 || f.Offset >= total {
			return nil
		}
	}
}

// official is the context of the official acting as themselves: signed
// in to their account when they have one; otherwise the operator loading
// the demo records the official's own step on their behalf (an actor of
// the operator carrying the official's record: the audit log shows the
// operator). Making an account for each of the province's hundreds of
// officials would cost an argon2id hash each, seconds per load.
func (w *tWork) official(id int64) context.Context {
	if c, ok := w.own[id]; ok {
		return c
	}
	o := w.officials[id]
	a := congvu.SystemActor("Dữ liệu minh họa")
	// A key of its own for each official (the limits count per user).
	a.UserID, a.OfficialID = -id, id
	if u := w.accounts[id]; u != nil {
		a = &congvu.Actor{UserID: u.ID, Username: u.Username, FullName: u.FullName, OfficialID: id,
			Grants: []congvu.Grant{{Role: congvu.RoleOfficial, UnitID: o.UnitID, UnitPath: o.UnitPath, UnitName: o.UnitName}}}
	}
	c := congvu.NewContextWithActor(context.Background(), a)
	w.own[id] = c
	return c
}

// accountOfficial is the official record of a demo account.
func (w *tWork) accountOfficial(username string) *org.Official {
	return w.officials[congvu.ActorFromContext(w.actors[username]).OfficialID]
}
