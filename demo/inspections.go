package demo

import (
	"bytes"
	"congvu"
	"congvu/inspection"
	"congvu/org"
	"congvu/services"
	"context"
	"fmt"
	"math/rand/v2"
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

// inspStop is how far an inspection goes, at most (time may stop it
// earlier: no step is taken at or after the load).
type inspStop int

const (
	stopIssued   inspStop = iota // the conclusion issued
	stopPlanned                  // decided and its checklist drawn up
	stopVisit                    // part of the lines recorded on the spot
	stopRecord                   // the record closed
	stopDraft                    // the conclusion drafted
	stopReviewed                 // the draft reviewed (appraised)
)

// inspSpec is one demo inspection.
type inspSpec struct {
	owner       string // the account that plans, runs and concludes it
	kind        inspection.Kind
	target      string // unit code; "" to take the top suggestion (origin evidence)
	origin      inspection.Origin
	lead        string // ad hoc and evidence: the first sentence of the reason, its key
	unannounced bool
	ago         int // working days from the visit to the day of the load (< 0: ahead)
	stop        inspStop
}

// demoPlan is one of the current year's annual plans.
type demoPlan struct {
	owner string
	kind  inspection.Kind
	title string
	scope string
	team  []string
	// later are targets in the months after the load's, with no
	// inspection yet.
	later []string
}

func (dp demoPlan) ownerCode(p *plan) string { return accountOf(p, dp.owner).UnitCode }

func accountOf(p *plan, username string) Account {
	for _, a := range p.accounts {
		if a.Username == username {
			return a
		}
	}
	panic("demo: no account " + username)
}

// inspectionPlans are the current year's plans, their titles with {year}.
func inspectionPlans() []demoPlan {
	return []demoPlan{
		{owner: "thanhtra", kind: inspection.KindInspection, title: "Kế hoạch thanh tra năm {year} của Thanh tra tỉnh: trách nhiệm thực hiện văn hóa công vụ",
			scope: "Thanh tra trách nhiệm của người đứng đầu và việc chấp hành quy tắc ứng xử, văn hóa công vụ (Quyết định 1847/QĐ-TTg) tại các sở, " +
				"bệnh viện và bộ phận tiếp nhận, trả kết quả; thời kỳ thanh tra từ 01/7/2025.",
			team:  []string{"Phó Chánh Thanh tra tỉnh (Trưởng đoàn)", "Thanh tra viên chính", "Thanh tra viên"},
			later: []string{"33.SGDDT"}},
		{owner: "noivu", kind: inspection.KindCheck, title: "Kế hoạch kiểm tra công vụ năm {year} (Sở Nội vụ tham mưu UBND tỉnh)",
			scope: "Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính, giờ giấc làm việc, thái độ, tác phong, trang phục và việc đeo thẻ " +
				"của cán bộ, công chức tại các sở, UBND và Trung tâm Phục vụ hành chính công các xã, phường.",
			team:  []string{"Trưởng phòng Công chức, viên chức (Trưởng đoàn)", "Chuyên viên chính", "Chuyên viên"},
			later: []string{"33.SCT", "33.SVHTTDL"}},
		{owner: "thutruong", kind: inspection.KindCheck, title: "Kế hoạch kiểm tra công vụ năm {year} của UBND phường Thái Bình",
			scope: "Kiểm tra việc thực hiện văn hóa công vụ tại bộ phận một cửa và các phòng chuyên môn của UBND phường.",
			team:  []string{"Chủ tịch UBND phường (Trưởng đoàn)", "Chánh Văn phòng HĐND và UBND"}},
	}
}

// inspectionSpecs are the demo's inspections, oldest visit first within
// each owner; p.communes[5] is the commune with poor service.
func inspectionSpecs(p *plan) []inspSpec {
	c, cc := p.communes, func(i int) string { return communeCentre(p.communes[i]) }
	plan := func(owner string, kind inspection.Kind, target string, ago int) inspSpec {
		return inspSpec{owner: owner, kind: kind, target: target, origin: inspection.OriginPlan, ago: ago}
	}
	check := func(target string, ago int) inspSpec { return plan("noivu", inspection.KindCheck, target, ago) }
	inspect := func(target string, ago int) inspSpec {
		return plan("thanhtra", inspection.KindInspection, target, ago)
	}
	unannounced := func(s inspSpec) inspSpec { s.unannounced = true; return s }
	stop := func(s inspSpec, st inspStop) inspSpec { s.stop = st; return s }
	return []inspSpec{
		// Sở Nội vụ's checks, month after month.
		check(cc(1), 232), check(c[2], 222), check("33.STC", 212), check(c[5], 200), check(cc(2), 186),
		check("33.SXD", 172), check(cc(0), 160), check(c[3], 146), check("33.SNNMT", 132), check(cc(3), 118),
		check(centreCode, 104), check(c[4], 90), check("33.SGDDT", 76), unannounced(check(cc(5), 61)), check(c[1], 46),
		check(cc(4), 31), check("33.STP", 18), stop(check(cc(6), 6), stopDraft), stop(check(c[6], 1), stopVisit),
		stop(check("33.SKHCN", -4), stopPlanned),
		// The provincial inspectorate's thanh tra.
		inspect(hospitalCode, 214), inspect("33.SYT", 180), unannounced(inspect(centreCode, 150)), inspect(c[5], 122),
		inspect("33.SNNMT", 108), inspect("33.VP", 96), unannounced(inspect(cc(1), 70)), inspect(cc(3), 54), stop(inspect(c[0], 22), stopReviewed), stop(inspect(c[2], 9), stopDraft),
		// The chairman of Phường Thái Bình.
		plan("thutruong", inspection.KindCheck, cc(0), 190), plan("thutruong", inspection.KindCheck, c[0], 64),
		{owner: "thutruong", kind: inspection.KindCheck, target: cc(0), origin: inspection.OriginAdhoc, unannounced: true, ago: 110,
			lead: "Kiểm tra đột xuất bộ phận một cửa sau phản ánh của người dân về thái độ phục vụ và việc trả hồ sơ trễ hẹn."},
		// Ad hoc, and started from evidence.
		{owner: "noivu", kind: inspection.KindCheck, target: hospitalCode, origin: inspection.OriginAdhoc, unannounced: true, ago: 244,
			lead: "Kiểm tra đột xuất việc chấp hành giờ giấc làm việc, thái độ phục vụ người bệnh dịp cuối năm."},
		{owner: "thanhtra", kind: inspection.KindInspection, origin: inspection.OriginEvidence, unannounced: true, ago: 138,
			lead: "Thanh tra đột xuất theo dấu hiệu Công vụ gợi ý từ đánh giá và phản ánh của người dân."},
		{owner: "noivu", kind: inspection.KindCheck, origin: inspection.OriginEvidence, ago: 164,
			lead: "Kiểm tra đột xuất theo dấu hiệu: nhiều đánh giá chưa hài lòng của người dân."},
		{owner: "noivu", kind: inspection.KindCheck, origin: inspection.OriginEvidence, ago: 82,
			lead: "Kiểm tra đột xuất theo dấu hiệu từ đánh giá và phản ánh của người dân."},
		{owner: "thanhtra", kind: inspection.KindInspection, origin: inspection.OriginEvidence, unannounced: true, ago: 38,
			lead: "Thanh tra đột xuất theo dấu hiệu: chỉ số hài lòng thấp, phản ánh có cơ sở."},
		{owner: "noivu", kind: inspection.KindCheck, origin: inspection.OriginEvidence, ago: 2, stop: stopVisit,
			lead: "Kiểm tra đột xuất theo dấu hiệu Công vụ gợi ý trong tháng."},
		{owner: "thanhtra", kind: inspection.KindInspection, target: cc(0), origin: inspection.OriginAdhoc, unannounced: true, ago: -6, stop: stopPlanned,
			lead: "Thanh tra đột xuất việc chấp hành kỷ luật, kỷ cương hành chính tại bộ phận một cửa của phường."},
	}
}

// InspectionCount is how many inspections the demo holds.
func InspectionCount() int {
	p, err := getPlan()
	if err != nil {
		return 0
	}
	return len(inspectionSpecs(p))
}

// The checklists: a one-stop shop is checked on the template the
// province saves; other units on the lists below, thanh tra adding the
// petty-corruption items asked of citizens.
const templateName = "Phiếu kiểm tra văn hóa công vụ tại bộ phận một cửa"

var (
	deskItems   = []string{"GT-XC", "GT-XL", "GT-XCO", "GT-MC", "GT-NN", "GT-LN", "GT-GD", "GT-LS", "GT-TD", "TT-KL", "TT-KD", "TT-KK", "TT-NHN", "TP-TH", "TP-GG", "DD-TL"}
	officeItems = []string{"GT-LS", "GT-TD", "GT-XL", "GT-LN", "TT-KL", "TT-QL", "TT-KD", "TT-KK", "TT-NHN", "TT-VC", "TP-TH", "TP-GG", "DD-RB", "DD-TL", "DD-PN"}
	thanhItems  = []string{"TT-VV", "TT-TNV"}
)

// breachOdds is the chance of a breach per item: the items citizens rate
// worst (xin lỗi, lắng nghe, mỉm cười) and those their petitions name
// most (lịch sự, giờ giấc, thẻ, chậm trễ) far above the rest.
var breachOdds = map[string]float64{
	"GT-XL": 0.38, "GT-LN": 0.36, "GT-MC": 0.3, "GT-LS": 0.26, "TP-TH": 0.24, "TT-KL": 0.22, "TT-KD": 0.2,
	"GT-TD": 0.1, "TT-KK": 0.07, "GT-NN": 0.06, "GT-XC": 0.05, "TT-NHN": 0.04, "TP-GG": 0.04,
}

// findingNotes are what an inspector writes of a breach, by item.
var findingNotes = map[string][]string{
	"GT-XL":  {"Để người dân chờ quá giờ hẹn nhưng không xin lỗi.", "Ghi sai thông tin trên giấy biên nhận, không xin lỗi người nộp hồ sơ.", "Trả hồ sơ trễ hẹn, không có lời xin lỗi."},
	"GT-LN":  {"Ngắt lời người dân khi đang trình bày, trả lời cắt ngang.", "Vừa tiếp dân vừa dùng điện thoại, không lắng nghe hết ý kiến.", "Người dân hỏi lại lần hai thì trả lời gắt."},
	"GT-MC":  {"Thái độ cau có, không niềm nở khi tiếp người dân.", "Tiếp dân với nét mặt căng thẳng, nói trống không."},
	"GT-LS":  {"Nói trống không với người lớn tuổi.", "Lớn tiếng với người dân tại quầy."},
	"TP-TH":  {"Không đeo thẻ công chức khi làm việc tại quầy.", "Đeo thẻ úp mặt, người dân không đọc được tên."},
	"TT-KL":  {"Có mặt tại quầy muộn 25 phút so với giờ làm việc.", "Rời vị trí làm việc trong giờ hành chính không có lý do.", "Quầy không có người trực từ 10 giờ 15 đến 10 giờ 50."},
	"TT-KD":  {"3/10 hồ sơ kiểm tra quá hạn giải quyết, không có phiếu xin lỗi và hẹn lại.", "Hồ sơ chuyển phòng chuyên môn chậm 2 ngày so với quy trình."},
	"GT-TD":  {"Hướng dẫn bổ sung hồ sơ không đầy đủ, người dân phải đi lại nhiều lần.", "Không hướng dẫn người dân cách nộp hồ sơ trực tuyến khi được hỏi."},
	"TT-KK":  {"Yêu cầu nộp thêm giấy tờ ngoài danh mục thủ tục đã công khai.", "Yêu cầu bản sao có chứng thực giấy tờ đã có trong cơ sở dữ liệu."},
	"GT-NN":  {"Nói to, gắt gỏng với người dân khi đông người chờ."},
	"GT-XC":  {"Không chào hỏi người dân khi đến quầy."},
	"TT-NHN": {"Người dân phản ánh phải quay lại nhiều lần mới được tiếp nhận hồ sơ."},
	"TP-GG":  {"Mặc trang phục không phù hợp (áo phông) khi tiếp dân."},
	"TT-VV":  {"Một người dân cho biết được gợi ý 'cảm ơn' để hồ sơ được giải quyết sớm; đã ghi nhận, chuyển xác minh."},
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

// demoPlans finds the current year's demo plans, by title; nil for one not
// yet drafted.
func demoPlans(ctx context.Context, s services.Set, year int) ([]*inspection.Plan, error) {
	dps := inspectionPlans()
	out := make([]*inspection.Plan, len(dps))
	for i, dp := range dps {
		list, _, err := s.Inspections.FindPlans(ctx, inspection.PlanFilter{Kind: dp.kind, Year: year, Limit: congvu.MaxPageSize})
		if err != nil {
			return nil, fmt.Errorf("demo: find plans: %w", err)
		}
		for _, pl := range list {
			if pl.Title == planTitle(dp, year) {
				out[i] = pl
			}
		}
	}
	return out, nil
}

func planTitle(dp demoPlan, year int) string {
	return strings.ReplaceAll(dp.title, "{year}", fmt.Sprint(year))
}

// matchSpec finds the stored inspection of spec i: through its plan target,
// or by kind, origin, target and the first sentence of its reason.
func matchSpec(sp inspSpec, target *org.Unit, planTarget *inspection.PlanTarget, have []*inspection.Inspection) *inspection.Inspection {
	for _, x := range have {
		switch {
		case planTarget != nil:
			if x.PlanTargetID == planTarget.ID {
				return x
			}
		case x.Kind == sp.kind && x.Origin == sp.origin && strings.HasPrefix(x.Reason, sp.lead) && (target == nil || x.TargetUnitID == target.ID):
			return x
		}
	}
	return nil
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

// demoTemplate finds or saves the one-stop shops' checklist template.
func demoTemplate(ctx context.Context, s services.Set, noivu context.Context, province *org.Unit, run func(time.Time, func() error) error, t time.Time) (*inspection.Template, error) {
	list, err := s.Inspections.FindTemplates(noivu, province.ID)
	if err != nil {
		return nil, fmt.Errorf("demo: templates: %w", err)
	}
	for _, x := range list {
		if x.Name == templateName && x.UnitID == province.ID {
			return x, nil
		}
	}
	in := inspection.TemplateInput{UnitID: province.ID, Name: templateName}
	for _, code := range deskItems {
		in.Lines = append(in.Lines, inspection.LineSpec{ItemCode: code})
	}
	var out *inspection.Template
	err = run(t, func() (err error) { out, err = s.Inspections.SaveTemplate(noivu, in); return err })
	if err != nil {
		return nil, fmt.Errorf("demo: save template: %w", err)
	}
	return out, nil
}

// inspWork carries one inspection through its steps.
type inspWork struct {
	s          services.Set
	ctx        context.Context
	sp         inspSpec
	idx        int
	target     *org.Unit
	planTarget *inspection.PlanTarget
	tmpl       *inspection.Template
	officials  map[string]*org.Official
	heads      map[string]context.Context // the demo accounts
	p          *plan
	res        *InspectionsResult
	chosen     map[int64]bool

	visit   time.Time
	x       *inspection.Inspection
	actions []*inspection.CorrectiveAction
	r       *rand.Rand
	staff   []*org.Official // of the target unit, front desk first
}

func (w *inspWork) create() error {
	in := inspection.InspectionInput{Origin: w.sp.origin, Kind: w.sp.kind, Unannounced: w.sp.unannounced}
	day := congvu.Date(w.visit)
	in.ScheduledOn = &day
	owner, err := w.s.Units.FindUnitByCode(w.ctx, accountOf(w.p, w.sp.owner).UnitCode)
	if err != nil {
		return err
	}
	if w.planTarget != nil {
		in.PlanTargetID = w.planTarget.ID
	} else {
		in.UnitID = owner.ID
		in.Reason = w.sp.lead
		if w.sp.origin == inspection.OriginEvidence {
			sug, err := w.s.Inspections.SuggestTargets(w.ctx, inspection.SuggestFilter{UnitID: owner.ID, Kind: w.sp.kind, Limit: 20})
			if err != nil {
				return err
			}
			for _, g := range sug {
				if w.chosen[g.UnitID] {
					continue
				}
				u, err := w.s.Units.FindUnitByID(w.ctx, g.UnitID)
				if err != nil {
					return err
				}
				if u.Code == "33.TTT" || u.Code == "33.SNV" {
					continue // not the inspectors' own units
				}
				w.target = u
				in.Reason += " " + strings.Join(g.Reasons, " ")
				break
			}
			if w.target == nil {
				return fmt.Errorf("no suggestion left")
			}
			w.chosen[w.target.ID] = true
		}
		in.TargetUnitID = w.target.ID
	}
	x, err := w.s.Inspections.CreateInspection(w.ctx, in)
	if err != nil {
		return err
	}
	w.x = x
	w.res.Created++
	return nil
}

// checklist draws up the checklist from the catalog in force.
func (w *inspWork) checklist() error {
	in := inspection.ChecklistInput{}
	switch {
	case w.sp.kind == inspection.KindInspection && w.target.Kind == org.KindOneStopShop:
		in.Items = specsOf(withThanh(deskItems))
	case w.sp.kind == inspection.KindInspection:
		in.Items = specsOf(withThanh(officeItems))
	case w.target.Kind == org.KindOneStopShop && w.tmpl != nil:
		in.TemplateID = w.tmpl.ID // (the centre's local item is added on the day of the load: not in force before)
	case w.target.Kind == org.KindOneStopShop:
		in.Items = specsOf(deskItems)
	default:
		in.Items = specsOf(officeItems)
	}
	x, err := w.s.Inspections.GenerateChecklist(w.ctx, w.x.ID, in)
	if err != nil {
		return err
	}
	w.x = x
	return nil
}

// withThanh adds the items a thanh tra asks of citizens after the last
// item of their group (TT).
func withThanh(codes []string) []string {
	last := 0
	for i, c := range codes {
		if strings.HasPrefix(c, "TT-") {
			last = i
		}
	}
	out := append(append([]string{}, codes[:last+1]...), thanhItems...)
	return append(out, codes[last+1:]...)
}

func specsOf(codes []string) []inspection.LineSpec {
	out := make([]inspection.LineSpec, len(codes))
	for i, c := range codes {
		out[i] = inspection.LineSpec{ItemCode: c}
	}
	return out
}

func (w *inspWork) start() error {
	x, err := w.s.Inspections.StartVisit(w.ctx, w.x.ID)
	if err != nil {
		return err
	}
	w.x = x
	w.r = rand.New(rand.NewPCG(Seed+uint64(w.idx), 0x74686e68))
	// The officials of the inspected unit, the front desk first; at the
	// provincial centre the desk citizens rate worst leads.
	var desk, rest []*org.Official
	for _, pe := range w.p.people {
		o := w.officials[pe.EmployeeCode]
		if o == nil || !o.Active || pe.nowCode != w.target.Code {
			continue
		}
		if pe.EmployeeCode == w.p.feedback.staff.worst || pe.EmployeeCode == w.p.feedback.staff.cityWorst {
			desk = append([]*org.Official{o}, desk...)
		} else if !pe.IsLeader {
			desk = append(desk, o)
		} else {
			rest = append(rest, o)
		}
	}
	w.staff = append(desk, rest...)
	return nil
}

// factor weighs the odds of a breach by how the target serves in the
// demo's ratings.
func (w *inspWork) factor() float64 {
	switch w.target.Code {
	case w.p.feedback.staff.poorCommune, communeCentre(w.p.feedback.staff.poorCommune):
		return 1.7
	case w.p.feedback.staff.excellentCommune, communeCentre(w.p.feedback.staff.excellentCommune):
		return 0.4
	case centreCode, communeCentre(CityWard):
		return 1.2
	}
	return 1
}

func (w *inspWork) record(l int, t time.Time) error {
	if l >= len(w.x.Lines) {
		return nil
	}
	line := w.x.Lines[l]
	if w.sp.stop == stopVisit && l >= len(w.x.Lines)*3/5 {
		return nil // the visit goes on: the rest is still to record
	}
	in := inspection.LineInput{LineID: line.ID, Result: inspection.ResultKept, RecordedAt: &t}
	odds := breachOdds[line.ItemCode]
	if odds == 0 {
		odds = 0.02
	}
	switch x := w.r.Float64(); {
	case line.Method == inspection.MethodAsk && x > 0.9:
		in.Result, in.Note = inspection.ResultNotObserved, "Không có người dân đang chờ để hỏi trong thời gian kiểm tra."
	case x < odds*w.factor():
		notes := findingNotes[line.ItemCode]
		in.Result = inspection.ResultBreached
		if len(notes) == 0 {
			in.Note = "Chưa thực hiện đúng chuẩn mực: " + line.ItemTitle + "."
		} else {
			in.Note = notes[w.r.IntN(len(notes))]
		}
		if len(w.staff) > 0 && line.GroupCode != "DD" && w.r.IntN(10) < 7 {
			n := min(len(w.staff), 3)
			in.OfficialID = w.staff[w.r.IntN(n)].ID
			w.res.Named++
		}
		w.res.Breached++
	}
	if _, err := w.s.Inspections.RecordLine(w.ctx, w.x.ID, in); err != nil {
		return err
	}
	// A photo of the empty counter, or of a late dossier's receipt.
	kind := map[string]photoKind{"TT-KL": photoCounter, "TT-KD": photoReceipt}[line.ItemCode]
	if in.Result != inspection.ResultBreached || kind == photoNone || w.s.InspectionPhotos == nil {
		return nil
	}
	_, err := w.s.InspectionPhotos.AddPhoto(w.ctx, line.ID, fmt.Sprintf("demo-%d", line.ID), bytes.NewReader(demoPhoto(kind, uint64(line.ID)*7919+Seed)))
	if err == nil {
		w.res.Photos++
	}
	return err
}

func (w *inspWork) close() error {
	x, err := w.s.Inspections.CloseRecord(w.ctx, w.x.ID)
	if err != nil {
		return err
	}
	w.x = x
	return nil
}

func (w *inspWork) draft() error {
	x, err := w.s.Inspections.DraftConclusion(w.ctx, w.x.ID, conclusionText(w.x))
	if err != nil {
		return err
	}
	w.x = x
	return nil
}

func (w *inspWork) review() error {
	_, err := w.s.Inspections.ReviewConclusion(w.ctx, w.x.ID)
	return err
}

func (w *inspWork) issue() error {
	_, err := w.s.Inspections.IssueConclusion(w.ctx, w.x.ID)
	return err
}

// conclusionText drafts the conclusion from the record: what is kept, what
// is breached and by whom, and what the unit must do.
func conclusionText(x *inspection.Inspection) string {
	var kept, breached, unseen int
	var faults []string
	for _, l := range x.Lines {
		switch l.Result {
		case inspection.ResultKept:
			kept++
		case inspection.ResultBreached:
			breached++
			who := ""
			if l.OfficialName != "" {
				who = " (" + l.OfficialName + ")"
			}
			faults = append(faults, fmt.Sprintf("- %s (%s): %s%s", l.ItemTitle, l.ItemCode, strings.TrimSuffix(l.Note, "."), who))
		case inspection.ResultNotObserved:
			unseen++
		}
	}
	verb := "kiểm tra"
	if x.Kind == inspection.KindInspection {
		verb = "thanh tra"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Qua %s việc thực hiện văn hóa công vụ tại %s ngày %s, trên %d nội dung của phiếu %s:\n\n",
		verb, x.TargetUnitName, x.VisitedAt.In(congvu.TimeZone).Format("02/01/2006"), len(x.Lines), verb)
	fmt.Fprintf(&b, "1. Ưu điểm: %d nội dung thực hiện đúng quy định; cán bộ, công chức cơ bản chấp hành giờ giấc, trang phục, quy tắc ứng xử.\n", kept)
	if unseen > 0 {
		fmt.Fprintf(&b, "   %d nội dung không quan sát được trong thời gian %s.\n", unseen, verb)
	}
	if breached == 0 {
		b.WriteString("\n2. Tồn tại, hạn chế: không phát hiện vi phạm.\n\n3. Kiến nghị: tiếp tục duy trì, nhân rộng cách làm tốt.")
		return b.String()
	}
	fmt.Fprintf(&b, "\n2. Tồn tại, hạn chế (%d nội dung):\n%s\n", breached, strings.Join(faults, "\n"))
	b.WriteString("\n3. Kiến nghị: người đứng đầu đơn vị chấn chỉnh, tổ chức kiểm điểm trách nhiệm cá nhân có vi phạm; " +
		"khắc phục các tồn tại nêu trên và báo cáo kết quả bằng văn bản trong thời hạn 30 ngày làm việc.")
	return b.String()
}

// InspectionLinks lists the demo's inspection pages worth opening (sign in
// first, as the account each names): the list, the inspectorate's plan, a
// thanh tra with its conclusion issued, the one whose draft is appraised,
// and the field page of a visit under way, to open on a phone. Nil when
// there are no inspections.
func InspectionLinks(ctx context.Context, s services.Set) ([]Link, error) {
	if s.Inspections == nil {
		return nil, nil
	}
	if congvu.ActorFromContext(ctx) == nil {
		ctx = congvu.NewContextWithActor(ctx, congvu.SystemActor("Dữ liệu minh họa"))
	}
	province, err := s.Units.FindUnitByCode(ctx, ProvinceCode)
	if err != nil {
		return nil, fmt.Errorf("demo: unit %s: %w", ProvinceCode, err)
	}
	all, err := demoInspections(ctx, s, province.ID)
	if err != nil || len(all) == 0 {
		return nil, err
	}
	path := func(id int64) string { return fmt.Sprintf("/inspections/%d", id) }
	out := []Link{{Title: "kế hoạch, cuộc kiểm tra công vụ và thanh tra (thanhtra, noivu, thutruong)", Path: "/inspections"}}
	plans, err := demoPlans(ctx, s, congvu.Date(time.Now()).Year())
	if err != nil {
		return nil, err
	}
	if pl := plans[0]; pl != nil {
		out = append(out, Link{Title: pl.Title + " (thanhtra)", Path: fmt.Sprintf("/inspection-plans/%d", pl.ID)})
	}
	var issued, appraised, field *inspection.Inspection
	for _, x := range all { // newest first
		switch {
		case x.Kind == inspection.KindInspection && x.Status == inspection.StatusConcluded && issued == nil:
			issued = x
		case x.Kind == inspection.KindInspection && x.ConclusionStatus == inspection.ConclusionReviewed && appraised == nil:
			appraised = x
		case x.Kind == inspection.KindCheck && x.Status == inspection.StatusInProgress && x.UnitID == province.ID && field == nil:
			field = x
		}
	}
	if issued != nil {
		out = append(out, Link{Title: "thanh tra " + issued.TargetUnitName + ", kết luận đã ban hành, biên bản và kết luận PDF/DOCX (thanhtra)", Path: path(issued.ID)})
	}
	if appraised != nil {
		out = append(out, Link{Title: "thanh tra " + appraised.TargetUnitName + ", dự thảo kết luận đã thẩm định, chờ ban hành (thanhtra)", Path: path(appraised.ID)})
	}
	if field != nil {
		out = append(out, Link{Title: "ghi nhận tại hiện trường, mở trên điện thoại: kiểm tra " + field.TargetUnitName + " đang tiến hành (noivu)", Path: path(field.ID) + "/field"})
	}
	return out, nil
}

// inWard reports whether the unit with code lies in Phường Thái Bình, whose
// chairman (thutruong) reports on its corrective actions: the only unit
// head among the demo's accounts.
func inWard(p *plan, code string) bool { return code == CityWard || code == communeCentre(CityWard) }

// actionDays is the time given to carry out the actions of a conclusion:
// 20 working days after a check, 30 after a thanh tra.
func (w *inspWork) actionDays() int {
	if w.sp.kind == inspection.KindInspection {
		return 30
	}
	return 20
}

// actionSteps are the corrective actions of a conclusion issued at issued:
// set by the inspectors 40 minutes later; in Phường Thái Bình reported by
// its chairman three working days before the deadline and verified the
// next day (the last verified closes the inspection); elsewhere the deadline sweeps remind
// the unit and notify it when overdue.
func (w *inspWork) actionSteps(cal interface {
	ShiftWorkingDays(time.Time, int) time.Time
	WorkingDaysAfter(time.Time, int) time.Time
}, issued, now time.Time) []inspStep {
	set := issued.Add(40 * time.Minute)
	out := []inspStep{{at: set, spec: w.idx, do: w.setActions}}
	due := cal.WorkingDaysAfter(set, w.actionDays())
	if inWard(w.p, w.sp.target) {
		report := midnight(cal.ShiftWorkingDays(due, -3)).Add(9*time.Hour + 10*time.Minute)
		verify := midnight(cal.ShiftWorkingDays(due, -2)).Add(14*time.Hour + 20*time.Minute)
		if report.Before(now) {
			out = append(out, inspStep{at: report, spec: w.idx, do: w.reportActions})
		}
		if verify.Before(now) {
			out = append(out, inspStep{at: verify, spec: w.idx, do: w.verifyActions})
		}
		return out
	}
	remind := midnight(cal.ShiftWorkingDays(due, -inspection.RemindDays)).Add(7 * time.Hour)
	overdue := midnight(due).AddDate(0, 0, 1).Add(7 * time.Hour)
	for _, t := range []time.Time{remind, overdue} {
		if t.Before(now) {
			out = append(out, inspStep{at: t, spec: -1, do: func() error {
				r, err := w.s.InspectionActions.SweepActions(context.Background(), t)
				w.res.Sweeps.Reminded += r.Reminded
				w.res.Sweeps.Overdue += r.Overdue
				return err
			}})
		}
	}
	return out
}

// actionTexts are the corrective actions for the breaches of a group.
var actionTexts = map[string]string{
	"GT": "Tổ chức quán triệt lại quy tắc ứng xử \"4 xin, 4 luôn\" cho toàn bộ công chức tiếp dân; bố trí lãnh đạo trực, theo dõi việc giao tiếp tại quầy và công khai kết quả đánh giá hằng tháng.",
	"TT": "Chấn chỉnh kỷ luật, kỷ cương hành chính và giờ giấc làm việc; rà soát toàn bộ hồ sơ trễ hẹn, gửi phiếu xin lỗi và hẹn lại theo quy định.",
	"TP": "Bảo đảm mọi cán bộ, công chức đeo thẻ và mặc trang phục đúng quy định khi thực hiện nhiệm vụ; người đứng đầu kiểm tra hằng tuần.",
	"DD": "Quán triệt và xử lý nghiêm việc hút thuốc, uống rượu bia trong giờ làm việc; niêm yết quy định tại trụ sở.",
}

// setActions sets one action per group of breached items, and one to
// review the officials named, on the issued conclusion.
func (w *inspWork) setActions() error {
	x, err := w.s.Inspections.FindInspection(w.ctx, w.x.ID)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	var texts, named []string
	for _, l := range x.Lines {
		if l.Result != inspection.ResultBreached {
			continue
		}
		if t, ok := actionTexts[l.GroupCode]; ok && !seen[l.GroupCode] {
			seen[l.GroupCode] = true
			texts = append(texts, t)
		}
		if l.OfficialName != "" && !seen[l.OfficialName] {
			seen[l.OfficialName] = true
			named = append(named, l.OfficialName)
		}
	}
	if len(named) > 0 {
		texts = append(texts, "Tổ chức kiểm điểm, làm rõ trách nhiệm cá nhân đối với các vi phạm đã nêu trong kết luận ("+strings.Join(named, ", ")+"); báo cáo hình thức xử lý.")
	}
	for _, t := range texts {
		a, err := w.s.InspectionActions.CreateAction(w.ctx, w.x.ID, inspection.ActionInput{OwnerUnitID: x.TargetUnitID, Text: t, Days: w.actionDays()})
		if err != nil {
			return err
		}
		w.actions = append(w.actions, a)
		w.res.Actions++
	}
	return nil
}

// reportActions: the chairman of the ward reports each action done.
func (w *inspWork) reportActions() error {
	head := w.heads["thutruong"]
	for _, a := range w.actions {
		note := "Đơn vị đã tổ chức họp quán triệt, phân công lãnh đạo theo dõi hằng ngày; các nội dung tồn tại đã được khắc phục (biên bản họp kèm theo)."
		if strings.HasPrefix(a.Text, "Tổ chức kiểm điểm") {
			note = "Đã tổ chức kiểm điểm các cá nhân có vi phạm; hình thức: nhắc nhở, phê bình trước tập thể (biên bản kiểm điểm kèm theo)."
		}
		if _, err := w.s.InspectionActions.ReportAction(head, a.ID, inspection.ReportInput{Note: note}); err != nil {
			return err
		}
	}
	return nil
}

// verifyActions: the inspectors confirm each reported action; the last
// closes the inspection. The chairman who reported does not confirm his
// own report: on his ward's own checks, Sở Nội vụ does.
func (w *inspWork) verifyActions() error {
	by := w.ctx
	if w.sp.owner == "thutruong" {
		by = w.heads["noivu"]
	}
	for _, a := range w.actions {
		if _, err := w.s.InspectionActions.VerifyAction(by, a.ID, "Đã kiểm tra lại tại đơn vị: đã khắc phục."); err != nil {
			return err
		}
		w.res.Verified++
	}
	return nil
}
