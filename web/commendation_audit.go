package web

// The audit page's words for the commendation capability's kinds and
// entities (kept beside its pages, as each capability does).
func init() {
	for k, v := range map[string]string{
		"commendation.praise":   "Biểu dương cán bộ, đơn vị",
		"commendation.propose":  "Đề nghị khen thưởng",
		"commendation.decide":   "Quyết định về đề nghị khen thưởng",
		"commendation.withdraw": "Rút đề nghị khen thưởng",
		"commendation.rules":    "Thêm bộ quy định khen thưởng",
	} {
		auditKinds[k] = v
	}
	for k, v := range map[string]string{
		"commendation":          "Khen thưởng, biểu dương",
		"commendation_rule_set": "Bộ quy định khen thưởng",
	} {
		auditEntities[k] = v
	}
}
