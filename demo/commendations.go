package demo

import (
	"congvu"
	"congvu/commendation"
	"congvu/org"
	"congvu/services"
	"context"
	"fmt"
	"time"
)

// The demo's commendations: the chairman of Phường Thái Bình (thutruong)
// opens the year's suggestions for the ward — officials rated best over
// the minimum sample, those citizens thank in their comments, units whose
// inspections kept every line — praises the first few, proposes a Giấy
// khen for the best of them and decides it himself (the ward is the
// competent level for a Giấy khen of its officials), and proposes the
// collective for a Bằng khen of the Chairman of the province when the
// evidence points at it (left waiting for the province). Everything goes
// through the real service; loading again finds the ward's commendations
// of the year and adds nothing.

// CommendationsResult says what the demo's commendations load did.
type CommendationsResult struct {
	Suggested, Praised, Proposed, Approved int
	Skipped                                bool // found already stored
}

// praisesMax is how many suggested officials the demo praises.
const praisesMax = 3

func loadCommendations(ctx context.Context, s services.Set, p *plan, unitByCode func(string) (*org.Unit, error), now time.Time) (*CommendationsResult, error) {
	res := &CommendationsResult{}
	staff, err := staffCtx(ctx, s, p, unitByCode)
	if err != nil {
		return nil, err
	}
	head := staff["thutruong"]
	if head == nil {
		return res, nil
	}
	ward, err := unitByCode(CityWard)
	if err != nil {
		return nil, err
	}
	year := congvu.Date(now).Year()
	if _, n, err := s.Commendations.FindCommendations(head, commendation.Filter{UnitID: ward.ID, Year: year, Limit: 1}); err != nil || n > 0 {
		res.Skipped = n > 0
		return res, err
	}
	sg, err := s.Commendations.Suggest(head, ward.ID, year)
	if err != nil {
		return nil, fmt.Errorf("demo: commendation suggestions: %w", err)
	}
	res.Suggested = len(sg)
	refs := func(g *commendation.Suggestion) []congvu.EvidenceRef {
		var out []congvu.EvidenceRef
		for _, e := range g.Evidence {
			out = append(out, e.EvidenceRef)
		}
		return out
	}
	proposed := false
	for _, g := range sg {
		switch {
		case g.OfficialID != 0 && !proposed:
			c, err := s.Commendations.Propose(head, commendation.ProposalInput{OfficialID: g.OfficialID, Year: year, Form: commendation.FormGiayKhen,
				Reason: "Hoàn thành xuất sắc nhiệm vụ năm " + fmt.Sprint(year) + ": " + g.Reason, Evidence: refs(g)})
			if err != nil {
				return nil, fmt.Errorf("demo: propose a Giấy khen: %w", err)
			}
			res.Proposed++
			proposed = true
			if _, err := s.Commendations.Decide(head, c.ID, commendation.DecisionInput{Approve: true, Number: fmt.Sprintf("%d/QĐ-UBND", 100+c.ID%800),
				Date: now}); err != nil {
				return nil, fmt.Errorf("demo: decide a Giấy khen: %w", err)
			}
			res.Approved++
		case g.OfficialID != 0 && res.Praised < praisesMax:
			if _, err := s.Commendations.Praise(head, commendation.PraiseInput{OfficialID: g.OfficialID, Year: year, Reason: g.Reason, Evidence: refs(g)}); err != nil {
				return nil, fmt.Errorf("demo: praise: %w", err)
			}
			res.Praised++
		case g.OfficialID == 0 && g.UnitID == ward.ID:
			if _, err := s.Commendations.Propose(head, commendation.ProposalInput{UnitID: ward.ID, Year: year, Form: commendation.FormBangKhenTinh,
				Reason: "Tập thể tiêu biểu trong thực hiện văn hóa công vụ năm " + fmt.Sprint(year) + ": " + g.Reason, Evidence: refs(g)}); err != nil {
				return nil, fmt.Errorf("demo: propose a Bằng khen: %w", err)
			}
			res.Proposed++
		}
	}
	return res, nil
}
