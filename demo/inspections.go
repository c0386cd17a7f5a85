package demo

import (
	"congvu"
	"congvu/inspection"
	"congvu/org"
	"congvu/services"
	"context"
	"fmt"
	"sort"
	"strings"
	"sync/atomic"
	"time"
)

// The demo's inspections of public-service culture: the current year's
// annual plans of the provincial inspectorate (thanh tra, by thanhtra), of
// the province's checks of public duty prepared by Sở Nội vụ (kiểm tra
// công vụ, by noivu) and of the chairman of Phường Thái Bình (thutruong),
// drafted in December, approved and published in January; about forty
// visits over the last twelve months, each driven through the real
// inspection service by its owner at believable moments on working days
// of the calendar: the decision, the checklist from the catalog in force,
// the lines recorded on the spot, the record closed, the conclusion
// drafted, reviewed (appraised, for thanh tra) and issued. A few are
// unannounced, a few started from the evidence Công vụ suggests (with its
// reasons), a few still under way. Breaches fall mostly on the items
// citizens complain about in the ratings and petitions (xin lỗi, lắng
// nghe, mỉm cười, lịch sự, giờ giấc, thẻ), and some name the official
// concerned — at the provincial centre, the desk citizens rate worst.
// Loading again finds each inspection (by its plan target, or by the
// first sentence of its reason) and adds nothing.

// InspectionsResult says what the demo's inspections load did.
type InspectionsResult struct {
	// PlansCreated counts the annual plans drafted by this load.
	PlansCreated int
	// Created counts the inspections started by this load; Skipped those
	// found already stored.
	Created, Skipped int
	// ByStatus counts the demo's inspections by status, after the load.
	ByStatus map[inspection.Status]int
	// Breached counts the breached lines recorded by this load, Named
	// those naming an official.
	Breached, Named int
	// Photos counts the photos taken of breaches.
	Photos int
	// Actions counts the corrective actions set by this load; Verified
	// those verified, Overdue those past their deadline after it.
	Actions, Verified, Overdue int
	// Sweeps is the total of the actions' deadline sweeps run.
	Sweeps inspection.ActionSweepResult
	// Elapsed is how long the inspections took.
	Elapsed time.Duration
}

// staffCtx returns the context of each demo account, as it is signed in.
func staffCtx(ctx context.Context, s services.Set, p *plan, unitByCode func(string) (*org.Unit, error)) (map[string]context.Context, error) {
	out := map[string]context.Context{}
	for _, a := range p.accounts {
		u, err := findUser(ctx, s, a.Username)
		if err != nil {
			return nil, err
		}
		unit, err := unitByCode(a.UnitCode)
		if err != nil {
			return nil, err
		}
		out[a.Username] = congvu.NewContextWithActor(ctx, &congvu.Actor{UserID: u.ID, Username: u.Username, FullName: u.FullName,
			OfficialID: u.OfficialID, Grants: []congvu.Grant{{Role: a.Role, UnitID: unit.ID, UnitPath: unit.Path, UnitName: unit.Name}}})
	}
	return out, nil
}

// demoInspections lists the inspections of the demo province (all of them,
// as the operator sees them).
func demoInspections(ctx context.Context, s services.Set, province int64) ([]*inspection.Inspection, error) {
	var out []*inspection.Inspection
	for f := (inspection.Filter{UnitID: province, Limit: congvu.MaxPageSize}); ; {
		list, total, err := s.Inspections.FindInspections(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("demo: find inspections: %w", err)
		}
		out = append(out, list...)
		f.Offset += len(list)
		if len(list) == 0 || f.Offset >= total {
			return out, nil
		}
	}
}

// inspectionsLoaded reports whether the demo's plans are published and its
// inspections stored (those of the plans, and those whose reason begins
// with the first sentence of a demo inspection's).
func inspectionsLoaded(ctx context.Context, s services.Set, p *plan, now time.Time) (bool, error) {
	if s.Inspections == nil {
		return true, nil
	}
	province, err := s.Units.FindUnitByCode(ctx, ProvinceCode)
	if err != nil {
		return false, err
	}
	plans, err := demoPlans(ctx, s, congvu.Date(now).Year())
	if err != nil {
		return false, err
	}
	ids := map[int64]bool{}
	for _, pl := range plans {
		if pl == nil || pl.Status != inspection.PlanPublished {
			return false, nil
		}
		ids[pl.ID] = true
	}
	have, err := demoInspections(ctx, s, province.ID)
	if err != nil {
		return false, err
	}
	leads := []string{fallbackLead(inspection.KindCheck), fallbackLead(inspection.KindInspection)}
	for _, sp := range inspectionSpecs(p) {
		if sp.lead != "" {
			leads = append(leads, sp.lead)
		}
	}
	found := 0
	for _, x := range have {
		for _, l := range leads {
			if ids[x.PlanID] || strings.HasPrefix(x.Reason, l) {
				found++
				break
			}
		}
	}
	return found >= len(inspectionSpecs(p)), nil
}

// fallbackLead is the reason of a plan visit that falls before this year's
// plan: a visit of last year's programme.
func fallbackLead(k inspection.Kind) string {
	if k == inspection.KindInspection {
		return "Thanh tra việc thực hiện văn hóa công vụ theo chương trình công tác."
	}
	return "Kiểm tra việc thực hiện văn hóa công vụ theo chương trình công tác."
}

// inspStep is one thing done to an inspection (or a plan), at its moment.
type inspStep struct {
	at   time.Time
	spec int // -1 for the plans
	do   func() error
}

// loadInspections plans, runs and concludes the demo's inspections through
// s.Inspections, moving *clock to each moment.
func loadInspections(ctx context.Context, s services.Set, p *plan, officials map[string]*org.Official,
	unitByCode func(string) (*org.Unit, error), clock *func() time.Time, now time.Time) (*InspectionsResult, error) {
	start := time.Now()
	res := &InspectionsResult{ByStatus: map[inspection.Status]int{}}
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	actors, err := staffCtx(ctx, s, p, unitByCode)
	if err != nil {
		return nil, err
	}
	province, err := unitByCode(ProvinceCode)
	if err != nil {
		return nil, err
	}
	year := congvu.Date(now).Year()
	today := midnight(now)
	// at is the moment minute minutes after 7:30 on the working day days
	// working days from today (back when days > 0), never after now.
	at := func(days, minute int) time.Time {
		d := cal.ShiftWorkingDays(cal.PrevWorkingDay(today), -days)
		return midnight(d).Add(7*time.Hour + 30*time.Minute + time.Duration(minute)*time.Minute)
	}
	past := func(t time.Time) bool { return t.Before(now) }
	specs := inspectionSpecs(p)
	dps := inspectionPlans()

	var moment atomic.Int64
	old := *clock
	*clock = func() time.Time { return time.Unix(0, moment.Load()).UTC() }
	defer func() { *clock = old }()
	run := func(t time.Time, f func() error) error {
		moment.Store(t.UnixNano())
		return f()
	}

	// The plans: drafted in mid-December, approved before the year, and
	// published on its first working days; a plan holds the plan visits
	// of this year (and those of the months ahead), the earlier ones being
	// of last year's programme.
	plans, err := demoPlans(ctx, s, year)
	if err != nil {
		return nil, err
	}
	jan := time.Date(year, 1, 1, 0, 0, 0, 0, congvu.TimeZone)
	published := cal.NextWorkingDay(jan.AddDate(0, 0, 4)).Add(9 * time.Hour)
	inYear := func(sp inspSpec) bool {
		v := at(sp.ago, 30)
		return sp.origin == inspection.OriginPlan && v.Year() == year && v.After(published.AddDate(0, 0, 7))
	}
	for i, dp := range dps {
		if plans[i] != nil {
			continue
		}
		owner, err := unitByCode(dp.ownerCode(p))
		if err != nil {
			return nil, err
		}
		in := inspection.PlanInput{UnitID: owner.ID, Kind: dp.kind, Year: year, Title: planTitle(dp, year), Scope: dp.scope, Team: dp.team}
		for _, sp := range specs {
			if sp.owner != dp.owner || sp.kind != dp.kind || !inYear(sp) {
				continue
			}
			u, err := unitByCode(sp.target)
			if err != nil {
				return nil, err
			}
			in.Targets = append(in.Targets, inspection.PlanTargetInput{UnitID: u.ID, Month: int(at(sp.ago, 30).Month()), Unannounced: sp.unannounced})
		}
		for j, code := range dp.later {
			m := int(now.Month()) + 1 + j
			if m > 12 {
				break
			}
			u, err := unitByCode(code)
			if err != nil {
				return nil, err
			}
			in.Targets = append(in.Targets, inspection.PlanTargetInput{UnitID: u.ID, Month: m})
		}
		if len(in.Targets) == 0 {
			continue // early in January: nothing planned yet that the demo shows
		}
		ac := actors[dp.owner]
		drafted := earliest(cal.PrevWorkingDay(jan.AddDate(0, 0, -20)).Add(9*time.Hour+time.Duration(i)*40*time.Minute), now.Add(-3*time.Hour))
		approved := earliest(cal.PrevWorkingDay(jan.AddDate(0, 0, -9)).Add(15*time.Hour), now.Add(-2*time.Hour))
		pub := earliest(published.Add(time.Duration(i)*25*time.Minute), now.Add(-time.Hour))
		var pl *inspection.Plan
		if err := run(drafted, func() (err error) { pl, err = s.Inspections.CreatePlan(ac, in); return err }); err != nil {
			return nil, fmt.Errorf("demo: plan %q: %w", in.Title, err)
		}
		if err := run(approved, func() error { _, err := s.Inspections.ApprovePlan(ac, pl.ID); return err }); err != nil {
			return nil, fmt.Errorf("demo: approve plan %q: %w", in.Title, err)
		}
		if err := run(pub, func() (err error) { pl, err = s.Inspections.PublishPlan(ac, pl.ID); return err }); err != nil {
			return nil, fmt.Errorf("demo: publish plan %q: %w", in.Title, err)
		}
		plans[i] = pl
		res.PlansCreated++
	}
	planOf := func(sp inspSpec) *inspection.Plan {
		for i, dp := range dps {
			if dp.owner == sp.owner && dp.kind == sp.kind {
				return plans[i]
			}
		}
		return nil
	}

	// The template of the one-stop shops, saved by Sở Nội vụ in January.
	tmpl, err := demoTemplate(ctx, s, actors["noivu"], province, run, earliest(published.AddDate(0, 0, 2), now.Add(-time.Hour)))
	if err != nil {
		return nil, err
	}

	have, err := demoInspections(ctx, s, province.ID)
	if err != nil {
		return nil, err
	}
	var queue []inspStep
	chosen := map[int64]bool{} // units taken by evidence inspections
	for i, sp := range specs {
		i, sp := i, sp
		var target *org.Unit
		if sp.target != "" {
			if target, err = unitByCode(sp.target); err != nil {
				return nil, err
			}
		}
		var pt *inspection.PlanTarget
		if pl := planOf(sp); sp.origin == inspection.OriginPlan && pl != nil {
			for _, t := range pl.Targets {
				if t.UnitID == target.ID {
					pt = t
				}
			}
		}
		if sp.origin == inspection.OriginPlan && pt == nil {
			// Last year's programme, or a plan drafted before: an ad hoc
			// visit of the same unit.
			sp.origin = inspection.OriginAdhoc
			sp.lead = fallbackLead(sp.kind)
		}
		if x := matchSpec(sp, target, pt, have); x != nil {
			res.Skipped++
			if sp.origin == inspection.OriginEvidence {
				chosen[x.TargetUnitID] = true
			}
			continue
		}
		visit := at(sp.ago, 30)
		w := &inspWork{s: s, ctx: actors[sp.owner], sp: sp, idx: i, target: target, planTarget: pt, tmpl: tmpl, officials: officials, heads: actors, p: p, res: res, chosen: chosen, visit: visit}
		decided := cal.ShiftWorkingDays(visit, -8).Add(-30 * time.Minute)
		if sp.unannounced || sp.origin != inspection.OriginPlan {
			decided = cal.ShiftWorkingDays(visit, -2).Add(6 * time.Hour)
		}
		if pt != nil && decided.Before(published) {
			decided = published.Add(2 * time.Hour)
		}
		if !decided.Before(now) {
			decided = now.Add(-time.Hour)
		}
		queue = append(queue, inspStep{at: decided, spec: i, do: w.create})
		queue = append(queue, inspStep{at: decided.Add(50 * time.Minute), spec: i, do: w.checklist})
		if sp.stop == stopPlanned {
			continue
		}
		queue = append(queue, inspStep{at: visit, spec: i, do: w.start})
		nLines := len(deskItems) + len(thanhItems) // at most
		for l := 0; l < nLines; l++ {
			t := visit.Add(time.Duration(15+l*11) * time.Minute)
			if !past(t) {
				break
			}
			l := l
			queue = append(queue, inspStep{at: t, spec: i, do: func() error { return w.record(l, t) }})
		}
		if sp.stop == stopVisit {
			continue
		}
		long := 0
		if sp.kind == inspection.KindInspection {
			long = 4 // a thanh tra's conclusion takes longer, and is appraised
		}
		steps := []struct {
			st   inspStop
			days int
			min  int
			f    func() error
		}{
			{stopRecord, 1, 60, w.close},
			{stopDraft, 4 + long, 90, w.draft},
			{stopReviewed, 7 + 2*long, 120, w.review},
			{stopIssued, 9 + 3*long, 60, w.issue},
		}
		for _, x := range steps {
			t := cal.ShiftWorkingDays(midnight(visit), x.days).Add(7*time.Hour + 30*time.Minute + time.Duration(x.min)*time.Minute)
			if !past(t) {
				break
			}
			queue = append(queue, inspStep{at: t, spec: i, do: x.f})
			if x.st == stopIssued && s.InspectionActions != nil && (sp.ago < 70 || inWard(p, sp.target)) {
				queue = append(queue, w.actionSteps(cal, t, now)...)
			}
			if x.st == sp.stop {
				break
			}
		}
	}
	sort.SliceStable(queue, func(a, b int) bool { return queue[a].at.Before(queue[b].at) })
	for _, q := range queue {
		if err := run(q.at, q.do); err != nil {
			if q.spec < 0 {
				return nil, fmt.Errorf("demo: actions' deadline sweep: %w", err)
			}
			sp := specs[q.spec]
			return nil, fmt.Errorf("demo: inspection %d (%s, %s): %w", q.spec+1, sp.kind, sp.target, err)
		}
	}
	*clock = old
	if s.InspectionActions != nil {
		r, err := s.InspectionActions.SweepActions(ctx, now)
		if err != nil {
			return nil, fmt.Errorf("demo: actions' deadline sweep: %w", err)
		}
		res.Sweeps.Reminded += r.Reminded
		res.Sweeps.Overdue += r.Overdue
		if _, res.Overdue, err = s.InspectionActions.FindActions(ctx, inspection.ActionFilter{UnitID: province.ID, Overdue: true, Limit: 1}); err != nil {
			return nil, fmt.Errorf("demo: count actions: %w", err)
		}
	}

	all, err := demoInspections(ctx, s, province.ID)
	if err != nil {
		return nil, err
	}
	for _, x := range all {
		res.ByStatus[x.Status]++
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// earliest returns the earlier of a and b.
func earliest(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
