package web

// The audit page's words for the training kinds and entities.
func init() {
	for k, v := range map[string]string{
		"training.material.update": "Sửa tài liệu bồi dưỡng",
		"training.material.upload": "Tải lên tài liệu bồi dưỡng",
		"training.campaign.create": "Lập đợt bồi dưỡng",
		"training.campaign.update": "Sửa đợt bồi dưỡng",
		"training.campaign.open":   "Triển khai đợt bồi dưỡng",
		"training.campaign.close":  "Kết thúc đợt bồi dưỡng",
		"training.session.create":  "Thêm buổi bồi dưỡng",
		"training.attend":          "Điểm danh buổi bồi dưỡng",
		"training.mark":            "Điểm danh thay buổi bồi dưỡng",
		"training.question.create": "Thêm câu hỏi kiểm tra",
		"training.question.update": "Sửa câu hỏi kiểm tra",
		"training.attempt.start":   "Bắt đầu làm bài kiểm tra",
		"training.attempt.submit":  "Nộp bài kiểm tra",
		"training.certificate":     "Cấp giấy chứng nhận bồi dưỡng",
		"training.rules":           "Thêm quy định về nghĩa vụ bồi dưỡng",
		"training.read":            "Xem kết quả bồi dưỡng của cán bộ",
	} {
		auditKinds[k] = v
	}
	for k, v := range map[string]string{
		"training_campaign": "Đợt bồi dưỡng",
		"training_session":  "Buổi bồi dưỡng",
		"training_material": "Tài liệu bồi dưỡng",
		"training_question": "Câu hỏi kiểm tra",
		"training_attempt":  "Bài kiểm tra",
		"training_rule_set": "Quy định về nghĩa vụ bồi dưỡng",
	} {
		auditEntities[k] = v
	}
}
