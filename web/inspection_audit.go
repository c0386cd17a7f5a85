package web

// The audit page's words for the inspection capability's kinds and
// entities (kept here, beside its pages, so that the shared maps of
// audit.go change in one place per capability).
func init() {
	for k, v := range map[string]string{
		"inspection.plan.create":       "Lập dự thảo kế hoạch kiểm tra",
		"inspection.plan.update":       "Sửa kế hoạch kiểm tra",
		"inspection.plan.approve":      "Phê duyệt kế hoạch kiểm tra",
		"inspection.plan.publish":      "Ban hành kế hoạch kiểm tra",
		"inspection.create":            "Tạo đợt kiểm tra, thanh tra",
		"inspection.checklist":         "Chọn danh mục kiểm tra",
		"inspection.template.create":   "Lưu mẫu danh mục kiểm tra",
		"inspection.visit":             "Bắt đầu kiểm tra tại đơn vị",
		"inspection.line.record":       "Ghi kết quả một dòng kiểm tra",
		"inspection.record":            "Lập biên bản kiểm tra",
		"inspection.conclusion.draft":  "Dự thảo kết luận kiểm tra",
		"inspection.conclusion.review": "Rà soát (thẩm định) dự thảo kết luận",
		"inspection.photo.add":         "Thêm ảnh cho một dòng kiểm tra",
		"inspection.conclusion.issue":  "Ban hành kết luận kiểm tra",
		"inspection.rule.add":          "Thêm quy định về thẩm quyền kiểm tra, thanh tra",
	} {
		auditKinds[k] = v
	}
	for k, v := range map[string]string{
		"inspection":          "Đợt kiểm tra",
		"inspection_plan":     "Kế hoạch kiểm tra",
		"inspection_line":     "Dòng kiểm tra",
		"inspection_photo":    "Ảnh kiểm tra",
		"inspection_template": "Mẫu danh mục kiểm tra",
		"inspection_rule":     "Quy định về thẩm quyền kiểm tra, thanh tra",
	} {
		auditEntities[k] = v
	}
}
