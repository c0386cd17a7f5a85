package web

// The audit page's words for the evaluation capability's kinds and
// entities (kept beside its pages, like discipline_audit.go).
func init() {
	for k, v := range map[string]string{
		"evaluation.product.assign":  "Giao sản phẩm công việc",
		"evaluation.product.report":  "Báo cáo hoàn thành sản phẩm",
		"evaluation.product.confirm": "Xác nhận chất lượng, tiến độ sản phẩm",
		"evaluation.product.cancel":  "Hủy sản phẩm công việc",
		"evaluation.open":            "Mở đánh giá năm",
		"evaluation.read":            "Xem đánh giá, xếp loại",
		"evaluation.self":            "Tự đánh giá",
		"evaluation.comment":         "Ghi ý kiến của tập thể",
		"evaluation.propose":         "Đề xuất xếp loại",
		"evaluation.decide":          "Quyết định xếp loại",
		"evaluation.notify":          "Thông báo kết quả xếp loại",
		"evaluation.complain":        "Khiếu nại kết quả xếp loại",
		"evaluation.settle":          "Giải quyết khiếu nại kết quả xếp loại",
		"evaluation.unit":            "Xếp loại cơ quan, đơn vị",
		"evaluation.rules":           "Thêm quy định đánh giá, xếp loại",
	} {
		auditKinds[k] = v
	}
	for k, v := range map[string]string{
		"evaluation":          "Phiếu đánh giá, xếp loại",
		"evaluation_product":  "Sản phẩm công việc",
		"unit_evaluation":     "Xếp loại cơ quan, đơn vị",
		"evaluation_rule_set": "Quy định đánh giá, xếp loại",
	} {
		auditEntities[k] = v
	}
}
