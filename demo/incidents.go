package demo

import (
	"congvu"
	"congvu/incident"
	"congvu/org"
	"congvu/services"
	"context"
	"fmt"
	"time"
)

// The demo's office incident log: a handful of incidents at Phường Thái
// Bình and its public administration centre over the last weeks — a
// citizen who shouts at the counter, canbo insulted while receiving a
// dossier (abuse suffered by staff), a broken queue screen, and a serious
// one (a man threatening staff with a helmet, the ward police called) that
// the chairman reports to the province, which queues the notice. The people
// involved are described, never named.

// IncidentsResult says what the demo's incident load did.
type IncidentsResult struct {
	Recorded, Reviewed, Escalated int
}

type demoIncident struct {
	who      string // the account recording it
	centre   bool   // at the ward's centre rather than the ward
	daysAgo  int
	hour     int
	in       incident.Input
	review   string // the chairman's note, "" for none
	escalate string // the request to the province, "" for none
}

var demoIncidents = []demoIncident{
	{who: "canbo", centre: true, daysAgo: 26, hour: 9, review: "Đã nhắc bảo vệ túc trực gần quầy đất đai giờ cao điểm.", in: incident.Input{
		Place: "Quầy tiếp nhận hồ sơ đất đai", Kind: incident.KindStaffAbuse, Severity: incident.SeverityModerate,
		Summary: "Người dân không đồng ý phải bổ sung giấy tờ, lớn tiếng xúc phạm cán bộ tiếp nhận trước nhiều người đang chờ.",
		People:  "Nam, khoảng 45 tuổi", Harm: "Không có thiệt hại; cán bộ bị xúc phạm danh dự.", PoliceCalled: false,
		Outcome: "Phó giám đốc trung tâm ra giải thích, người dân bình tĩnh lại và hẹn bổ sung hồ sơ."}},
	{who: "thutruong", centre: true, daysAgo: 19, hour: 14, review: "Đã đề nghị nhà cung cấp thay màn hình; không do người dân cố ý.", in: incident.Input{
		Place: "Khu vực chờ, tầng 1", Kind: incident.KindDamage, Severity: incident.SeverityMinor,
		Summary: "Một người chờ lâu đập tay vào màn hình gọi số, làm vỡ góc màn hình.", People: "Nam, khoảng 30 tuổi",
		Harm: "Màn hình gọi số bị nứt góc.", Outcome: "Người dân xin lỗi; trung tâm lập biên bản sự việc."}},
	{who: "thutruong", daysAgo: 9, hour: 10, escalate: "Đề nghị tỉnh chỉ đạo công an phường tăng cường bảo vệ trụ sở giờ tiếp dân.", in: incident.Input{
		Place: "Phòng tiếp công dân", Kind: incident.KindDisturbance, Severity: incident.SeveritySerious,
		Summary: "Một người đến khiếu nại về bồi thường đất, cầm mũ bảo hiểm đe dọa cán bộ tiếp dân và đập vỡ cửa kính phòng tiếp công dân.",
		People:  "Nam, khoảng 55 tuổi, có biểu hiện say rượu", Harm: "Vỡ một tấm kính cửa; không ai bị thương.", PoliceCalled: true,
		Outcome: "Bảo vệ và công an phường đến mời người này về trụ sở công an làm việc."}},
	{who: "canbo", centre: true, daysAgo: 3, hour: 15, in: incident.Input{
		Place: "Bộ phận một cửa", Kind: incident.KindDisturbance, Severity: incident.SeverityMinor,
		Summary: "Hai người tranh cãi về thứ tự lấy số, làm ồn khu vực chờ khoảng mười phút.", People: "Hai nữ, khoảng 35 và 60 tuổi",
		Outcome: "Cán bộ hướng dẫn lấy lại số thứ tự; hai người tự giải tỏa."}},
}

// loadIncidents records the demo's incidents once.
func loadIncidents(ctx context.Context, s services.Set, p *plan, unitByCode func(string) (*org.Unit, error), now time.Time) (*IncidentsResult, error) {
	res := &IncidentsResult{}
	actors, err := staffCtx(ctx, s, p, unitByCode)
	if err != nil {
		return nil, err
	}
	head := actors["thutruong"]
	ward, err := unitByCode(CityWard)
	if err != nil {
		return nil, err
	}
	centre, err := unitByCode(communeCentre(CityWard))
	if err != nil {
		return nil, err
	}
	if _, total, err := s.Incidents.FindIncidents(head, incident.Filter{UnitID: ward.ID, Limit: 1}); err != nil || total > 0 {
		return res, err
	}
	for _, d := range demoIncidents {
		who := actors[d.who]
		in := d.in
		unit := ward
		if d.centre {
			unit = centre
		}
		in.UnitID = unit.ID
		// An account records at its own unit when the chosen one is not in its scope.
		if a := congvu.ActorFromContext(who); !incident.CanRecord(a, unit.Path) && len(a.Grants) > 0 {
			in.UnitID = a.Grants[0].UnitID
		}
		day := midnight(now).AddDate(0, 0, -d.daysAgo)
		in.OccurredAt = day.Add(time.Duration(d.hour)*time.Hour + 20*time.Minute)
		x, err := s.Incidents.Record(who, in)
		if err != nil {
			return nil, fmt.Errorf("demo: record incident: %w", err)
		}
		res.Recorded++
		if d.review != "" && incident.CanReview(congvu.ActorFromContext(head), x) {
			if _, err := s.Incidents.Review(head, x.ID, incident.ReviewInput{Severity: x.Severity, Note: d.review}); err != nil {
				return nil, fmt.Errorf("demo: review incident: %w", err)
			}
			res.Reviewed++
		}
		if d.escalate != "" {
			if _, err := s.Incidents.Escalate(head, x.ID, d.escalate); err != nil {
				return nil, fmt.Errorf("demo: escalate incident: %w", err)
			}
			res.Escalated++
		}
	}
	return res, nil
}
