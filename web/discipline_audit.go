package web

// The audit page's words for the discipline capability's kinds and
// entities (kept beside its pages, like inspection_audit.go).
func init() {
	for k, v := range map[string]string{
		"discipline.open":      "Mở thủ tục xem xét kỷ luật",
		"discipline.read":      "Xem hồ sơ kỷ luật",
		"discipline.review":    "Ghi biên bản kiểm điểm",
		"discipline.council":   "Ghi kết quả họp Hội đồng kỷ luật",
		"discipline.decide":    "Ghi quyết định kỷ luật",
		"discipline.notify":    "Thông báo quyết định kỷ luật",
		"discipline.complaint": "Ghi khiếu nại quyết định kỷ luật",
		"discipline.settle":    "Giải quyết khiếu nại quyết định kỷ luật",
		"discipline.defer":     "Tạm chưa xem xét kỷ luật",
		"discipline.resume":    "Tiếp tục xem xét kỷ luật",
		"discipline.drop":      "Kết thúc thủ tục, không kỷ luật",
		"discipline.rules":     "Thêm quy định về xử lý kỷ luật",
		"discipline.remind":    "Nhắc hạn bước thủ tục kỷ luật",
		"discipline.overdue":   "Báo quá hạn thủ tục kỷ luật",
		"discipline.close":     "Kết thúc vụ việc khi hết thời hạn khiếu nại",
	} {
		auditKinds[k] = v
	}
	for k, v := range map[string]string{
		"discipline_case":     "Hồ sơ kỷ luật",
		"discipline_rule_set": "Quy định về xử lý kỷ luật",
	} {
		auditEntities[k] = v
	}
}
