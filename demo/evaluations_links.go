package demo

import (
	"congvu"
	"congvu/emulation"
	"congvu/services"
	"context"
	"fmt"
	"time"
)

// EvaluationLinks lists the demo's pages of the annual evaluation and the
// emulation movements worth opening (sign in first, as the account each
// names). It reads only the movements (the evaluations are personal data,
// every reading of them is audited), so it writes nothing. Nil when the
// demo has no movements.
func EvaluationLinks(ctx context.Context, s services.Set) ([]Link, error) {
	if s.Evaluations == nil || s.Emulation == nil {
		return nil, nil
	}
	if congvu.ActorFromContext(ctx) == nil {
		ctx = congvu.NewContextWithActor(ctx, congvu.SystemActor("Dữ liệu minh họa"))
	}
	first, err := findMovement(ctx, s, firstMovementTitle)
	if err != nil || first == nil {
		return nil, err
	}
	year := EvaluationYear(time.Now())
	out := []Link{
		{Title: fmt.Sprintf("đánh giá năm %d của Trung tâm PVHCC phường Thái Bình theo Nghị định 335/2025: chỉ tiêu xuất sắc đã đủ, một đề xuất chờ; công chức bị kỷ luật không xếp loại hoàn thành nhiệm vụ (thutruong)", year),
			Path: fmt.Sprintf("/evaluations?don-vi=%s&nam=%d", communeCentre(CityWard), year)},
		{Title: "sản phẩm giao hằng tháng: báo cáo, xác nhận chất lượng và tiến độ (thutruong)", Path: "/evaluations/products"},
		{Title: fmt.Sprintf("xếp loại năm %d của phường theo Nghị định 90/2020 đã quyết định, thông báo (thutruong)", ClosedYear),
			Path: fmt.Sprintf("/evaluations?don-vi=%s&nam=%d", CityWard, ClosedYear)},
		{Title: "phiếu đánh giá và sản phẩm của chính mình (canbo)", Path: "/evaluations/mine"},
		{Title: "phong trào thi đua văn hóa công sở 2019 - 2025: cụm, đăng ký, điểm, xếp hạng (noivu)", Path: fmt.Sprintf("/emulation/%d?year=%d", first.ID, ClosedYear)},
	}
	reviews, err := s.Emulation.FindReviews(ctx, first.ID)
	if err != nil {
		return nil, err
	}
	for _, r := range reviews {
		if r.Kind == emulation.ReviewFinal {
			out = append(out, Link{Title: "báo cáo tổng kết phong trào 2019 - 2025 (noivu)", Path: fmt.Sprintf("/emulation/%d/reviews/%d", first.ID, r.ID)})
		}
	}
	out = append(out, Link{Title: fmt.Sprintf("danh hiệu thi đua năm %d: Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Tập thể lao động tiên tiến (noivu, thutruong)", ClosedYear),
		Path: fmt.Sprintf("/emulation/titles?nam=%d", ClosedYear)})
	if next, err := findMovement(ctx, s, nextMovementTitle); err != nil {
		return nil, err
	} else if next != nil {
		out = append(out, Link{Title: fmt.Sprintf("phong trào 2026 - 2030: đăng ký năm %d, xếp hạng đến nay (noivu)", year), Path: fmt.Sprintf("/emulation/%d?year=%d", next.ID, year)})
	}
	return out, nil
}
