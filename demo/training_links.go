package demo

import (
	"congvu"
	"congvu/services"
	"congvu/training"
	"context"
	"fmt"
	"time"
)

// TrainingLinks lists the demo's training pages worth opening (sign in
// first, as the account each names): the province's campaign with its
// coverage and who is behind, the remedial campaign, the QR code of the
// ward centre's class of today on the organiser's screen, and canbo's own
// training. It reads only campaigns and sessions, so it writes nothing.
// Nil when the demo has no training.
func TrainingLinks(ctx context.Context, s services.Set) ([]Link, error) {
	if s.Training == nil {
		return nil, nil
	}
	if congvu.ActorFromContext(ctx) == nil {
		ctx = congvu.NewContextWithActor(ctx, congvu.SystemActor("Dữ liệu minh họa"))
	}
	now := time.Now()
	main, err := findCampaign(ctx, s, 0, fmt.Sprintf(mainCampaignTitle, trainingYear(now)))
	if err != nil || main == nil {
		return nil, err
	}
	out := []Link{
		{Title: "đợt bồi dưỡng, quán triệt của tỉnh với tỷ lệ hoàn thành (noivu)", Path: "/training"},
		{Title: fmt.Sprintf("quán triệt Đề án văn hóa công vụ năm %d: các lớp, tỷ lệ theo đơn vị, người chưa hoàn thành, quá hạn, kết quả kiểm tra theo chuẩn mực (noivu)", main.EndsOn.Year()),
			Path: fmt.Sprintf("/training/campaigns/%d", main.ID)},
	}
	if c, err := findCampaign(ctx, s, 0, fmt.Sprintf(remedialCampaignTitle, midnight(now).Year())); err != nil {
		return nil, err
	} else if c != nil {
		out = append(out, Link{Title: "bồi dưỡng bổ sung cho cán bộ có phản ánh có cơ sở, theo đề xuất từ dữ liệu (noivu)", Path: fmt.Sprintf("/training/campaigns/%d", c.ID)})
	}
	ward, err := findCampaign(ctx, s, 0, fmt.Sprintf(wardCampaignTitle, midnight(now).Year()))
	if err != nil || ward == nil {
		return out, err
	}
	sessions, err := s.Training.Sessions(ctx, ward.ID)
	if err != nil {
		return nil, err
	}
	for _, x := range sessions {
		if x.Mode == training.ModeInPerson && training.AttendWindow(x, now) == nil {
			out = append(out, Link{Title: "mã QR điểm danh của lớp hôm nay trên màn hình người tổ chức (thutruong); quét bằng điện thoại đã đăng nhập canbo",
				Path: fmt.Sprintf("/training/sessions/%d/qr", x.ID)})
		}
	}
	out = append(out,
		Link{Title: "việc bồi dưỡng của mình: lớp hôm nay, bài kiểm tra, giấy chứng nhận (canbo)", Path: "/training/mine"},
		Link{Title: "tỷ lệ cán bộ đã bồi dưỡng theo đơn vị trong năm, tải XLSX (noivu, thutruong)", Path: "/training/coverage"})
	return out, nil
}
