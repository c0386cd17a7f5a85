package web

// The audit page's words for the violation capability's kinds and
// entities (kept here, beside its pages).
func init() {
	for k, v := range map[string]string{
		"violation.create":      "Mở vụ vi phạm",
		"violation.read":        "Xem hồ sơ vi phạm",
		"violation.evidence":    "Thêm bằng chứng cho vụ vi phạm",
		"violation.handle":      "Nhắc nhở, phê bình, chấn chỉnh cán bộ vi phạm",
		"violation.acknowledge": "Cán bộ xác nhận đã biết việc xử lý",
		"violation.no_action":   "Không áp dụng biện pháp với cán bộ vi phạm",
		"violation.dismiss":     "Đóng vụ vi phạm: không đủ căn cứ",
	} {
		auditKinds[k] = v
	}
	for k, v := range map[string]string{
		"violation":          "Vụ vi phạm",
		"violation_handling": "Việc xử lý vi phạm",
	} {
		auditEntities[k] = v
	}
}
