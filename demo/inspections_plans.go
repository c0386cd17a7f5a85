package demo

import (
	"congvu"
	"congvu/inspection"
	"congvu/org"
	"congvu/services"
	"context"
	"fmt"
	"strings"
)

// The demo inspection plans and the visits each plan schedules.

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
