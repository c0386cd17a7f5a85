package web

// The audit page's words for the emulation capability's kinds and
// entities (kept beside its pages, as each capability does).
func init() {
	for k, v := range map[string]string{
		"emulation.movement.create": "Lập phong trào thi đua",
		"emulation.movement.update": "Sửa phong trào thi đua",
		"emulation.movement.open":   "Phát động phong trào thi đua",
		"emulation.movement.close":  "Kết thúc phong trào thi đua",
		"emulation.cluster":         "Lập, sửa cụm thi đua",
		"emulation.register":        "Đăng ký thi đua",
		"emulation.withdraw":        "Rút đăng ký thi đua",
		"emulation.compute":         "Tính điểm, xếp hạng thi đua",
		"emulation.score":           "Chấm trực tiếp tiêu chí thi đua",
		"emulation.title.propose":   "Đề nghị công nhận danh hiệu thi đua",
		"emulation.title.decide":    "Quyết định về danh hiệu thi đua",
		"emulation.review":          "Sơ kết, tổng kết phong trào thi đua",
		"emulation.rules":           "Thêm bộ quy định danh hiệu thi đua",
	} {
		auditKinds[k] = v
	}
	for k, v := range map[string]string{
		"emulation_movement":       "Phong trào thi đua",
		"emulation_cluster":        "Cụm thi đua",
		"emulation_registration":   "Đăng ký thi đua",
		"emulation_review":         "Sơ kết, tổng kết thi đua",
		"emulation_title_proposal": "Đề nghị danh hiệu thi đua",
		"emulation_title_rule_set": "Bộ quy định danh hiệu thi đua",
	} {
		auditEntities[k] = v
	}
}
