package demo

import (
	"congvu"
	"congvu/commendation"
	"congvu/org"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The demo's commendations of the year, from the evidence Công vụ
// suggests (high satisfaction over a minimum sample, citizens' thanks,
// inspections with every line kept): in Phường Thái Bình the chairman
// praises (biểu dương) the officials and units the evidence points at,
// canbo among them, on the last working day of the previous month, and
// proposes a Giấy khen for the two best, which he decides as chairman of
// the ward five working days later; in the province, Sở Nội vụ proposes a
// Bằng khen of the province's chairman for the best unit elsewhere, which
// waits for his decision.

// CommendationsResult says what the demo's commendations load did.
type CommendationsResult struct {
	// Praises counts the praises issued; Proposed the awards proposed,
	// Approved those decided.
	Praises, Proposed, Approved int
}

// commendations queues the year's commendations.
func (w *vWork) commendations(ctx context.Context, unitByCode func(string) (*org.Unit, error)) (*CommendationsResult, error) {
	res := &CommendationsResult{}
	head, noivu := w.actors["thutruong"], w.actors["noivu"]
	ward, err := unitByCode(CityWard)
	if err != nil {
		return nil, err
	}
	province, err := unitByCode(ProvinceCode)
	if err != nil {
		return nil, err
	}
	year := congvu.Date(w.now).Year()
	have, _, err := w.s.Commendations.FindCommendations(head, commendation.Filter{UnitID: ward.ID, Year: year, Limit: congvu.MaxPageSize})
	if err != nil {
		return nil, fmt.Errorf("demo: find commendations: %w", err)
	}
	sugg, err := w.s.Commendations.Suggest(head, ward.ID, year)
	if err != nil {
		return nil, fmt.Errorf("demo: suggest commendations: %w", err)
	}
	refs := func(sg *commendation.Suggestion) []congvu.EvidenceRef {
		var out []congvu.EvidenceRef
		for _, e := range sg.Evidence {
			out = append(out, e.EvidenceRef)
		}
		return out
	}
	// The moment: the last working day of the previous month (of the
	// year), in the afternoon; early in January, a week ago.
	monthStart := time.Date(year, w.now.In(congvu.TimeZone).Month(), 1, 0, 0, 0, 0, congvu.TimeZone)
	praised := w.at(w.cal.PrevWorkingDay(monthStart), 0, 450)
	if praised.Year() != year || !praised.Before(w.now) {
		praised = w.at(w.now, -5, 450)
	}

	canbo := w.accountOfficial("canbo")
	var canboDone bool
	for _, c := range have {
		canboDone = canboDone || c.OfficialID == canbo.ID
	}
	var awards []*commendation.Suggestion
	for i, sg := range sugg {
		if len(sg.Evidence) == 0 || (w.named[sg.OfficialID] && sg.OfficialID != canbo.ID) {
			continue // not those whose conduct was found wanting this year (canbo's lateness is minor)
		}
		sg := sg
		canboDone = canboDone || sg.OfficialID == canbo.ID
		if sg.OfficialID != 0 && len(awards) < 2 && sg.OfficialID != canbo.ID {
			awards = append(awards, sg)
			continue
		}
		if i >= 8 {
			continue
		}
		w.add(praised.Add(time.Duration(i)*4*time.Minute), "praise", func() error {
			_, err := w.s.Commendations.Praise(head, commendation.PraiseInput{OfficialID: sg.OfficialID, UnitID: sg.UnitID, Year: year,
				Reason: "Biểu dương tại hội nghị giao ban của UBND phường: " + lowerFirst(sg.Reason), Evidence: refs(sg)})
			if err == nil {
				res.Praises++
			}
			return err
		})
	}
	if !canboDone {
		// canbo: citizens rate the counter well over the year.
		centre, err := unitByCode(communeCentre(CityWard))
		if err != nil {
			return nil, err
		}
		w.add(praised.Add(40*time.Minute), "praise canbo", func() error {
			in := commendation.PraiseInput{OfficialID: canbo.ID, UnitID: centre.ID, Year: year,
				Reason:   "Biểu dương tại hội nghị giao ban của UBND phường: tận tình hướng dẫn người dân, nhiều lượt đánh giá hài lòng tại quầy tiếp nhận.",
				Evidence: []congvu.EvidenceRef{{Kind: congvu.EvidenceRatings, OfficialID: canbo.ID, UnitID: centre.ID, Date: midnight(praised)}}}
			_, err := w.s.Commendations.Praise(head, in)
			if congvu.ErrorFields(err)["evidence"] != "" {
				// No ratings loaded: the chairman's own appreciation.
				in.Evidence = nil
				in.Reason = "Biểu dương tại hội nghị giao ban của UBND phường: tận tình hướng dẫn người dân làm thủ tục tại quầy tiếp nhận."
				_, err = w.s.Commendations.Praise(head, in)
			}
			if err == nil {
				res.Praises++
			}
			return err
		})
	}
	for i, sg := range awards {
		sg := sg
		proposed := w.at(praised, 1, 60+i*20)
		var c *commendation.Commendation
		w.add(proposed, "propose Giấy khen", func() (err error) {
			c, err = w.s.Commendations.Propose(head, commendation.ProposalInput{OfficialID: sg.OfficialID, UnitID: sg.UnitID, Year: year,
				Form: commendation.FormGiayKhen, Reason: "Đề nghị tặng Giấy khen: " + lowerFirst(sg.Reason), Evidence: refs(sg)})
			if err == nil {
				res.Proposed++
			}
			return err
		})
		decided := w.at(proposed, 5, 120)
		if !decided.Before(w.now) {
			decided = w.now.Add(-time.Hour)
		}
		w.add(decided, "decide Giấy khen", func() error {
			if c == nil {
				return nil
			}
			_, err := w.s.Commendations.Decide(head, c.ID, commendation.DecisionInput{Approve: true,
				Number: fmt.Sprintf("%d/QĐ-UBND", 210+i), Date: midnight(decided)})
			if err == nil {
				res.Approved++
			}
			return err
		})
	}

	// The province: a Bằng khen proposed for the best unit elsewhere.
	ps, err := w.s.Commendations.Suggest(noivu, province.ID, year)
	if err != nil {
		return nil, fmt.Errorf("demo: suggest commendations in the province: %w", err)
	}
	for _, sg := range ps {
		if sg.OfficialID != 0 || len(sg.Evidence) == 0 || sg.UnitID == ward.ID || slices.ContainsFunc(have, func(c *commendation.Commendation) bool { return c.UnitID == sg.UnitID }) {
			continue
		}
		u, err := w.s.Units.FindUnitByID(noivu, sg.UnitID)
		if err != nil || strings.HasPrefix(u.Path, ward.Path) {
			continue
		}
		sg := sg
		w.add(w.at(praised, 2, 90), "propose Bằng khen", func() error {
			_, err := w.s.Commendations.Propose(noivu, commendation.ProposalInput{UnitID: sg.UnitID, Year: year, Form: commendation.FormBangKhenTinh,
				Reason: "Đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh cho tập thể: " + lowerFirst(sg.Reason), Evidence: refs(sg)})
			if err == nil {
				res.Proposed++
			}
			return err
		})
		break
	}
	return res, nil
}
