package demo

import (
	"congvu"
	"congvu/calendar"
	"congvu/org"
	"congvu/petition"
	"congvu/services"
	"congvu/violation"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"
)

// The demo's year of violations, in Phường Thái Bình, whose chairman
// (thutruong) is the one unit head among the demo's accounts: the breached
// inspection lines and founded petitions that name an official of the
// ward, as Công vụ suggests them, each opened as a violation two working
// days after it was established (by Sở Nội vụ for an inspection line, by
// the chairman for a petition), most handled three working days later by
// a reminder, a criticism or a correction and acknowledged the next day by
// the official (through their own account); the chairman's own
// observations: canbo late at the counter (a reminder canbo has yet to
// acknowledge: try /violations/mine); a desk officer of the ward's centre
// disciplined under Decree 172/2025 (review, council when the form needs
// one, the decision, its notification, the official's complaint, settled:
// the decision stands); an act of June 2025 at the former one-stop shop of
// Thành phố Thái Bình judged under Decree 112/2020; a case deferred while
// the official is on maternity leave when one fits; and a few founded
// petitions elsewhere in the province, opened by Sở Nội vụ and waiting for
// their unit heads. Each step runs through the real services at its
// moment on the working-day calendar. Loading again adds nothing: the
// suggestions no longer list evidence a violation rests on, observations
// are found by their text, and a finished load is seen in the audit log.

// ViolationsResult says what the demo's violations load did.
type ViolationsResult struct {
	// Created counts the violations opened by this load; Handled those
	// handled below discipline, Acknowledged the handlings acknowledged.
	Created, Handled, Acknowledged int
	// Cases counts the discipline cases opened; Decided those decided,
	// ByRuleSet the decided ones by the title of their rule set;
	// Complaints the complaints filed and settled; Deferred the cases put
	// aside.
	Cases, Decided, Complaints, Deferred int
	ByRuleSet                            map[string]int
	// Commendations is the commendations part.
	Commendations *CommendationsResult
	// Elapsed is how long the violations and commendations took.
	Elapsed time.Duration
}

// Demo observations, found again by their text.
const (
	obsLate = "Biên bản ghi nhận của Chủ tịch UBND phường: đồng chí %s đến muộn 25 phút, quầy tiếp nhận số 2 " +
		"không có người trong khi công dân đã lấy số thứ tự và phải chờ."
	obsAway = "Biên bản ghi nhận của Chủ tịch UBND phường: trong giờ tiếp công dân, đồng chí %s nhiều lần rời quầy, " +
		"yêu cầu công dân bổ sung giấy tờ không có trong thành phần hồ sơ theo quy định, gây phiền hà."
	obsFormer = "Biên bản kiểm tra đột xuất ngày 16/6/2025 của Trưởng Bộ phận Tiếp nhận và Trả kết quả thành phố Thái Bình: " +
		"đồng chí %s tiếp nhận hồ sơ đất đai nhưng không viết giấy tiếp nhận và hẹn trả kết quả, để hồ sơ quá hạn " +
		"không gửi phiếu xin lỗi và hẹn lại."
)

// formerShop is the code of the one-stop shop of Thành phố Thái Bình
// before 01/07/2025 (merged into the ward's centre).
const formerShop = "336.BPMC"

// demoDone are the audit kinds whose presence in the ward says the demo's
// year of violations and commendations is loaded (the praises come last,
// and canbo's never fails).
var demoDone = []string{"commendation.praise"}

// violationsLoaded reports whether the demo's violations and commendations
// were loaded (by the audit log: reading violations would be audited).
func violationsLoaded(ctx context.Context, s services.Set) (bool, error) {
	if s.Violations == nil || s.Discipline == nil || s.Commendations == nil {
		return true, nil
	}
	ward, err := s.Units.FindUnitByCode(ctx, CityWard)
	if err != nil {
		return false, err
	}
	for _, k := range demoDone {
		_, n, err := s.Audit.FindAuditEvents(ctx, congvu.AuditFilter{UnitID: ward.ID, Kind: k, Limit: 1})
		if err != nil || n == 0 {
			return false, err
		}
	}
	return true, nil
}

// vStep is one thing done at its moment.
type vStep struct {
	at   time.Time
	what string
	do   func() error
}

// vWork holds what the steps share.
type vWork struct {
	s         services.Set
	p         *plan
	cal       *calendar.Calendar
	now       time.Time
	actors    map[string]context.Context
	officials map[int64]*org.Official
	byCode    map[string]*org.Official
	accounts  map[int64]context.Context // officials' own accounts
	res       *ViolationsResult
	queue     []vStep
	elsewhere []*violation.Suggestion // founded petitions outside the ward
	named     map[int64]bool          // officials named in the year's violations
}

// at is the moment minute minutes after 7:30 on the working day days
// working days after t (before it when negative).
func (w *vWork) at(t time.Time, days, minute int) time.Time {
	d := midnight(t)
	if !w.cal.IsWorkingDay(d) {
		d = w.cal.NextWorkingDay(d)
	}
	return midnight(w.cal.ShiftWorkingDays(d, days)).Add(7*time.Hour + 30*time.Minute + time.Duration(minute)*time.Minute)
}

func (w *vWork) add(t time.Time, what string, f func() error) bool {
	if !t.Before(w.now) {
		return false
	}
	w.queue = append(w.queue, vStep{at: t, what: what, do: f})
	return true
}

// loadViolations runs the demo's year of violations and commendations.
func loadViolations(ctx context.Context, s services.Set, p *plan, existing map[string]*org.Official,
	unitByCode func(string) (*org.Unit, error), clock *func() time.Time, now time.Time) (*ViolationsResult, error) {
	start := time.Now()
	res := &ViolationsResult{ByRuleSet: map[string]int{}}
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	actors, err := staffCtx(ctx, s, p, unitByCode)
	if err != nil {
		return nil, err
	}
	w := &vWork{s: s, p: p, cal: cal, now: now, actors: actors, res: res,
		officials: map[int64]*org.Official{}, byCode: existing, named: map[int64]bool{}, accounts: map[int64]context.Context{}}
	for _, o := range existing {
		w.officials[o.ID] = o
	}
	var moment atomic.Int64
	old := *clock
	*clock = func() time.Time { return time.Unix(0, moment.Load()).UTC() }
	defer func() { *clock = old }()
	run := func() error {
		sort.SliceStable(w.queue, func(a, b int) bool { return w.queue[a].at.Before(w.queue[b].at) })
		q := w.queue
		w.queue = nil
		for _, x := range q {
			moment.Store(x.at.UnixNano())
			if err := x.do(); err != nil {
				return fmt.Errorf("demo: %s: %w", x.what, err)
			}
		}
		return nil
	}
	if err := w.plan(ctx, unitByCode); err != nil {
		return nil, err
	}
	if err := run(); err != nil {
		return nil, err
	}
	if res.Commendations, err = w.commendations(ctx, unitByCode); err != nil {
		return nil, err
	}
	if err := run(); err != nil {
		return nil, err
	}
	*clock = old
	res.Elapsed = time.Since(start)
	return res, nil
}

// opened is a violation the plan opens, with what follows it.
type opened struct {
	in     violation.Input
	opener string // account
	at     time.Time
	v      *violation.Violation
	h      *violation.Handling // its handling, once recorded
}

// plan queues the violations, their handling and the cases.
func (w *vWork) plan(ctx context.Context, unitByCode func(string) (*org.Unit, error)) error {
	head := w.actors["thutruong"]
	ward, err := unitByCode(CityWard)
	if err != nil {
		return err
	}
	wardCentre, err := unitByCode(communeCentre(CityWard))
	if err != nil {
		return err
	}
	province, err := unitByCode(ProvinceCode)
	if err != nil {
		return err
	}
	canbo := w.accountOfficial("canbo")

	// The evidence in the ward no violation rests on yet, by official,
	// oldest first.
	sugg, err := w.evidence(ctx, ward, province)
	if err != nil {
		return err
	}
	byOfficial := map[int64][]*violation.Suggestion{}
	var order []int64
	for _, sg := range sugg {
		ev := sg.EvidenceRef
		if ev.OfficialID == 0 || (ev.Kind != congvu.EvidenceInspectionLine && ev.Kind != congvu.EvidencePetition) || w.officials[ev.OfficialID] == nil {
			continue
		}
		if _, ok := byOfficial[ev.OfficialID]; !ok {
			order = append(order, ev.OfficialID)
		}
		byOfficial[ev.OfficialID] = append(byOfficial[ev.OfficialID], sg)
	}
	slices.Sort(order)
	for _, id := range order {
		l := byOfficial[id]
		sort.SliceStable(l, func(a, b int) bool { return l[a].Date.Before(l[b].Date) })
		if len(l) > 3 {
			byOfficial[id] = l[:3]
		}
	}

	// The official disciplined under 172/2025: the one of the ward's
	// centre with the most evidence old enough (a desk officer otherwise).
	old := w.at(w.now, -45, 0)
	var disciplined *org.Official
	best := 0
	for _, id := range order {
		o := w.officials[id]
		n := 0
		for _, sg := range byOfficial[id] {
			if sg.Date.Before(old) {
				n++
			}
		}
		if o.UnitID == wardCentre.ID && !o.IsLeader && o.ID != canbo.ID && n > best {
			disciplined, best = o, n
		}
	}
	if disciplined == nil {
		disciplined = w.deskOfficer(communeCentre(CityWard), canbo.ID)
	}
	if disciplined == nil {
		return fmt.Errorf("demo: no desk officer at %s", wardCentre.Name)
	}
	// The case deferred: a woman with evidence, on maternity leave.
	var deferred *org.Official
	for _, id := range order {
		o := w.officials[id]
		if id != disciplined.ID && strings.Contains(o.FullName, " Thị ") && byOfficial[id][0].Date.Before(w.at(w.now, -25, 0)) {
			deferred = o
			break
		}
	}

	var handled []*opened
	var discV, deferV []*opened
	recent := w.at(w.now, -70, 0).AddDate(0, 0, -75)
	for _, id := range order {
		for i, sg := range byOfficial[id] {
			op, err := w.fromSuggestion(ctx, sg, i)
			if err != nil {
				return err
			} else if op == nil {
				continue
			}
			switch {
			case id == disciplined.ID && sg.Date.Before(old) && sg.Date.After(recent):
				// the breaches of the last months, after reminders for
				// the earlier ones, go to discipline: the case opens well
				// within its limit from the first of them
				discV = append(discV, op)
			case deferred != nil && id == deferred.ID:
				deferV = append(deferV, op)
			default:
				handled = append(handled, op)
			}
		}
	}

	// The chairman's observations.
	obs := func(o *org.Official, unit *org.Unit, act time.Time, text string, items []string) (*opened, error) {
		note := fmt.Sprintf(text, o.FullName)
		if v, err := w.findObservation(head, o.ID, note); err != nil || v != nil {
			return nil, err
		}
		return &opened{opener: "thutruong", at: w.at(act, 1, 60), in: violation.Input{UnitID: unit.ID, ActDate: midnight(act), ItemCodes: items,
			Description: "Vi phạm do Chủ tịch UBND phường trực tiếp ghi nhận: " + strings.TrimPrefix(note, "Biên bản ghi nhận của Chủ tịch UBND phường: "),
			OfficialIDs: []int64{o.ID},
			Evidence:    []congvu.EvidenceRef{{Kind: congvu.EvidenceObservation, ItemCodes: items, OfficialID: o.ID, UnitID: unit.ID, Date: midnight(act)}},
			Notes:       map[int]string{0: note}}}, nil
	}
	late, err := obs(canbo, wardCentre, w.at(w.now, -22, 0), obsLate, []string{"TT-KL"})
	if err != nil {
		return err
	}
	away, err := obs(disciplined, wardCentre, w.at(w.now, -70, 0), obsAway, []string{"TT-KK", "TT-KL"})
	if err != nil {
		return err
	}
	if away != nil {
		discV = append(discV, away)
	}
	var former *opened
	if shop, err := unitByCode(formerShop); err == nil {
		if e := w.formerOfficer(canbo.ID, disciplined.ID); e != nil {
			act := time.Date(2025, 6, 16, 0, 0, 0, 0, congvu.TimeZone)
			if former, err = obs(e, shop, act, obsFormer, []string{"TT-KD", "GT-XL"}); err != nil {
				return err
			}
			if former != nil {
				// Found in the shop's records when the ward's centre
				// reviewed them; judged by the rule of the day of the act.
				former.at = w.at(earliest(w.now.AddDate(0, -7, 0), time.Date(2026, 5, 4, 0, 0, 0, 0, congvu.TimeZone)), 0, 60)
				former.in.Description = "Vi phạm trước ngày 01/07/2025 tại Bộ phận Tiếp nhận và Trả kết quả thành phố Thái Bình (nay thuộc Trung tâm Phục vụ hành chính công phường Thái Bình): " +
					"không viết giấy tiếp nhận, hẹn trả kết quả; hồ sơ quá hạn không có phiếu xin lỗi và hẹn lại."
			}
		}
	} else if congvu.ErrorCode(err) != congvu.ENOTFOUND {
		return err
	}

	// Elsewhere in the province: founded petitions Sở Nội vụ opens, for
	// the unit heads there.
	var elsewhere []*opened
	for _, sg := range w.elsewhere {
		if len(elsewhere) == 4 {
			break
		}
		op, err := w.fromSuggestion(ctx, sg, len(elsewhere))
		if err != nil {
			return err
		} else if op == nil {
			continue
		}
		op.opener = "noivu"
		elsewhere = append(elsewhere, op)
	}

	// Open, handle, acknowledge.
	nth := map[int64]int{} // handlings of each official so far
	for i, op := range handled {
		w.open(op)
		handleAt := w.at(op.at, 3, 390+i*7)
		id := op.in.OfficialIDs[0]
		kind := violation.HandlingKinds[min(nth[id], 2)] // a reminder first, then heavier
		nth[id]++
		if !w.handle(op, handleAt, kind) {
			continue
		}
		w.acknowledge(op, w.at(handleAt, 1, 70), "")
	}
	if late != nil {
		w.open(late)
		w.handle(late, w.at(late.at, 2, 420), violation.HandlingReminder) // canbo acknowledges in the demo
	}
	for _, op := range elsewhere {
		w.open(op)
	}
	for _, op := range discV {
		w.open(op)
	}
	for _, op := range deferV {
		w.open(op)
	}
	if len(discV) > 0 {
		w.discipline(disciplined, discV, true)
	}
	if former != nil {
		w.open(former)
		w.discipline(w.officials[former.in.OfficialIDs[0]], []*opened{former}, false)
	}
	if len(deferV) > 0 {
		w.deferCase(deferred, deferV)
	}
	return nil
}

// evidence gathers the evidence no violation rests on yet: the breached
// lines naming an official of the inspections of the ward (as their owner
// reads them), and the founded petitions naming an official, in the ward
// (returned) and elsewhere in the province (kept in w.elsewhere).
func (w *vWork) evidence(ctx context.Context, ward, province *org.Unit) ([]*violation.Suggestion, error) {
	noivu := w.actors["noivu"]
	used := map[string]bool{}
	key := func(kind string, id int64) string { return fmt.Sprint(kind, id) }
	for f := (violation.Filter{UnitID: province.ID, Limit: congvu.MaxPageSize}); ; {
		list, total, err := w.s.Violations.FindViolations(noivu, f)
		if err != nil {
			return nil, fmt.Errorf("demo: find violations: %w", err)
		}
		for _, v := range list {
			full, err := w.s.Violations.FindViolation(noivu, v.ID)
			if err != nil {
				return nil, fmt.Errorf("demo: find violation: %w", err)
			}
			for _, e := range full.Evidence {
				used[key(e.Kind, e.ID)] = true
			}
			for _, n := range full.Officials {
				w.named[n.OfficialID] = true
			}
		}
		f.Offset += len(list)
		if len(list) == 0 || f.Offset >= total {
			break
		}
	}
	since := w.now.AddDate(-1, 0, 0)
	var out []*violation.Suggestion
	xs, err := demoInspections(ctx, w.s, ward.ID)
	if err != nil {
		return nil, err
	}
	for _, x := range xs {
		var refs []congvu.EvidenceRef
		for _, who := range []string{"noivu", "thutruong", "thanhtra"} {
			refs, err = w.s.Inspections.EvidenceFor(w.actors[who], x.ID)
			if err == nil {
				break
			} else if c := congvu.ErrorCode(err); c != congvu.ENOTFOUND && c != congvu.EFORBIDDEN {
				return nil, fmt.Errorf("demo: evidence of inspection %d: %w", x.ID, err)
			}
		}
		for _, r := range refs {
			if !used[key(r.Kind, r.ID)] && r.Date.After(since) {
				out = append(out, &violation.Suggestion{Evidence: violation.Evidence{EvidenceRef: r}})
			}
		}
	}
	for f := (petition.Filter{UnitID: province.ID, Limit: congvu.MaxPageSize}); ; {
		list, total, err := w.s.Petitions.FindPetitions(noivu, f)
		if err != nil {
			return nil, fmt.Errorf("demo: find petitions: %w", err)
		}
		for _, pt := range list {
			if (pt.Status != petition.Concluded && pt.Status != petition.Closed) || !pt.Conclusion.Breached() || pt.OfficialID == 0 || used[key(congvu.EvidencePetition, pt.ID)] {
				continue
			}
			o := w.officials[pt.OfficialID]
			if o == nil || !o.Active {
				continue
			}
			at := pt.UpdatedAt
			if pt.ClosedAt != nil {
				at = *pt.ClosedAt
			}
			sg := &violation.Suggestion{Evidence: violation.Evidence{EvidenceRef: congvu.EvidenceRef{Kind: congvu.EvidencePetition, ID: pt.ID,
				ItemCodes: pt.BreachedItems, OfficialID: pt.OfficialID, UnitID: pt.UnitID, Date: congvu.Date(at)}}}
			if strings.HasPrefix(o.UnitPath, ward.Path) {
				out = append(out, sg)
			} else {
				w.elsewhere = append(w.elsewhere, sg)
			}
		}
		f.Offset += len(list)
		if len(list) == 0 || f.Offset >= total {
			break
		}
	}
	return out, nil
}

// accountOfficial returns the official record of a demo account.
func (w *vWork) accountOfficial(username string) *org.Official {
	for _, a := range w.p.accounts {
		if a.Username == username {
			return w.byCode[a.EmployeeCode]
		}
	}
	return nil
}

// deskOfficer returns an active desk officer (not a leader) of the unit
// today, but not the one excluded.
func (w *vWork) deskOfficer(code string, not int64) *org.Official {
	for _, pe := range w.p.people {
		o := w.byCode[pe.EmployeeCode]
		if o != nil && o.Active && pe.nowCode == code && !pe.IsLeader && o.ID != not {
			return o
		}
	}
	return nil
}

// formerOfficer returns an official of the former shop of Thành phố Thái
// Bình, now at the ward's centre, other than those excluded.
func (w *vWork) formerOfficer(not ...int64) *org.Official {
	for _, pe := range w.p.people {
		o := w.byCode[pe.EmployeeCode]
		if o != nil && o.Active && pe.unitCode == formerShop && pe.era == before && !pe.IsLeader && !slices.Contains(not, o.ID) {
			return o
		}
	}
	return nil
}

// findObservation returns the violation of the official resting on an
// observation with this text, or nil.
func (w *vWork) findObservation(ctx context.Context, officialID int64, note string) (*violation.Violation, error) {
	list, _, err := w.s.Violations.FindViolations(ctx, violation.Filter{OfficialID: officialID, Limit: congvu.MaxPageSize})
	if err != nil {
		return nil, fmt.Errorf("demo: find violations: %w", err)
	}
	want := strings.TrimPrefix(note, "Biên bản ghi nhận của Chủ tịch UBND phường: ")
	for _, v := range list {
		if strings.Contains(v.Description, want) || strings.Contains(v.Description, "Bộ phận Tiếp nhận và Trả kết quả thành phố Thái Bình") {
			return v, nil
		}
	}
	return nil, nil
}

// fromSuggestion is the violation opened from a suggested piece of
// evidence: the act on the day of the breached line, or on the day the
// petition says it happened.
func (w *vWork) fromSuggestion(ctx context.Context, sg *violation.Suggestion, i int) (*opened, error) {
	ev := sg.EvidenceRef
	act := midnight(ev.Date)
	opener := "noivu"
	on := ev.Date.In(congvu.TimeZone).Format("02/01/2006")
	kind := "ghi nhận khi kiểm tra công vụ ngày"
	if ev.Kind == congvu.EvidencePetition {
		kind = "theo phản ánh của người dân, kết luận ngày"
		pt, err := w.s.Petitions.FindPetition(w.actors["noivu"], ev.ID)
		if err != nil {
			return nil, fmt.Errorf("demo: petition %d: %w", ev.ID, err)
		}
		if pt.OccurredAt != nil && !pt.OccurredAt.After(ev.Date) {
			act = midnight(*pt.OccurredAt)
		}
		ev.ItemCodes = pt.BreachedItems
	}
	if len(ev.ItemCodes) == 0 {
		return nil, nil // nothing named: not a violation the demo opens
	}
	desc := fmt.Sprintf("Không thực hiện đúng chuẩn mực %s, %s %s", strings.Join(ev.ItemCodes, ", "), kind, on)
	return &opened{opener: opener, at: earliest(w.at(ev.Date, 2, 45+i*9), w.now.Add(-3*time.Hour)),
		in: violation.Input{UnitID: ev.UnitID, ActDate: act, ItemCodes: ev.ItemCodes, Description: desc + ".",
			OfficialIDs: []int64{ev.OfficialID}, Evidence: []congvu.EvidenceRef{ev}}}, nil
}

func (w *vWork) open(op *opened) {
	for _, id := range op.in.OfficialIDs {
		w.named[id] = true
	}
	w.add(op.at, "open violation "+op.in.Description, func() (err error) {
		if op.in.UnitID == 0 {
			return nil
		}
		op.v, err = w.s.Violations.CreateViolation(w.actors[op.opener], op.in)
		if congvu.ErrorFields(err)["official_ids"] != "" {
			// A demo first loaded without the services' clock: its
			// officials' history starts that day, after the act; the
			// violation (and what follows it) is left out.
			return nil
		}
		if err == nil {
			w.res.Created++
		}
		return err
	})
}

// handle queues the chairman's handling of the violation's official.
func (w *vWork) handle(op *opened, t time.Time, kind violation.HandlingKind) bool {
	notes := map[violation.HandlingKind]string{
		violation.HandlingReminder:   "Nhắc nhở tại cuộc họp giao ban của cơ quan; yêu cầu thực hiện đúng chuẩn mực đã cam kết.",
		violation.HandlingCriticism:  "Phê bình trước tập thể cơ quan; yêu cầu kiểm điểm, rút kinh nghiệm và báo cáo kết quả khắc phục.",
		violation.HandlingCorrection: "Chấn chỉnh lề lối làm việc; bố trí lại vị trí tiếp nhận và theo dõi trong 3 tháng.",
	}
	return w.add(t, "handle violation", func() (err error) {
		if op.v == nil {
			return nil
		}
		op.h, err = w.s.Violations.Handle(w.actors["thutruong"], op.v.ID, violation.HandlingInput{OfficialID: op.in.OfficialIDs[0], Kind: kind, Severity: violation.SeverityMinor, Note: notes[kind]})
		if err == nil {
			w.res.Handled++
		}
		return err
	})
}

// acknowledge queues the official's acknowledgement, through their own
// account (created for it: officials sign in to read their record).
func (w *vWork) acknowledge(op *opened, t time.Time, note string) {
	official := w.officials[op.in.OfficialIDs[0]]
	w.add(t, "acknowledge handling", func() error {
		if op.h == nil {
			return nil
		}
		ctx, err := w.officialCtx(official)
		if err != nil {
			return err
		}
		if note == "" {
			note = "Tôi đã nhận thức được khuyết điểm, xin tiếp thu và cam kết khắc phục."
		}
		if _, err := w.s.Violations.Acknowledge(ctx, op.h.ID, note); err != nil {
			return err
		}
		w.res.Acknowledged++
		return nil
	})
}

// officialCtx signs in as the official: the demo account linked to them,
// or an account of the official role made for them.
func (w *vWork) officialCtx(o *org.Official) (context.Context, error) {
	if ctx, ok := w.accounts[o.ID]; ok {
		return ctx, nil
	}
	for _, ctx := range w.actors {
		if a := congvu.ActorFromContext(ctx); a.OfficialID == o.ID {
			w.accounts[o.ID] = ctx
			return ctx, nil
		}
	}
	base := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("Dữ liệu minh họa"))
	username := "cb." + strings.ToLower(strings.ReplaceAll(o.EmployeeCode, "-", ""))
	u, err := findUser(base, w.s, username)
	if congvu.ErrorCode(err) == congvu.ENOTFOUND {
		u, err = w.s.Users.CreateUser(base, org.UserInput{Username: username, FullName: o.FullName, Email: o.Email, OfficialID: o.ID, Active: true,
			Password: congvu.RandomToken(18), Grants: []congvu.Grant{{Role: congvu.RoleOfficial, UnitID: o.UnitID}}})
	}
	if err != nil {
		return nil, fmt.Errorf("demo: account of %s: %w", o.FullName, err)
	}
	ctx := congvu.NewContextWithActor(context.Background(), &congvu.Actor{UserID: u.ID, Username: u.Username, FullName: u.FullName, OfficialID: o.ID,
		Grants: []congvu.Grant{{Role: congvu.RoleOfficial, UnitID: o.UnitID, UnitPath: o.UnitPath, UnitName: o.UnitName}}})
	w.accounts[o.ID] = ctx
	return ctx, nil
}
