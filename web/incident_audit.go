package web

// The audit page's words for the incident log's kinds and entities.
func init() {
	for k, v := range map[string]string{
		"incident.record":   "Ghi sự việc tại cơ quan",
		"incident.review":   "Xem xét sự việc tại cơ quan",
		"incident.escalate": "Báo cáo cấp trên sự việc nghiêm trọng",
		"incident.photo":    "Thêm ảnh sự việc tại cơ quan",
	} {
		auditKinds[k] = v
	}
	auditEntities["incident"] = "Sự việc tại cơ quan"
}
