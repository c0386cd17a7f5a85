package training

import (
	"congvu"
	"time"
)

// DefaultRuleSets are the rule sets the product ships (migration 0041
// seeds exactly these; a test checks it). Nothing here is verified against
// the official text: Verified stays false and Note says what to check.
func DefaultRuleSets() []RuleSet {
	return []RuleSet{{
		Code: "101/2017",
		Basis: "Nghị định số 101/2017/NĐ-CP ngày 01/9/2017 của Chính phủ về đào tạo, bồi dưỡng cán bộ, công chức, viên chức, " +
			"sửa đổi, bổ sung bởi Nghị định số 89/2021/NĐ-CP: cán bộ, công chức, viên chức có nghĩa vụ tham gia chương trình " +
			"bồi dưỡng bắt buộc tối thiểu hằng năm.",
		From:     time.Date(2017, 10, 15, 0, 0, 0, 0, congvu.TimeZone),
		MinHours: 40,
		Note: "Mức tối thiểu ghi ở đây là 01 tuần/năm, tính 40 tiết (mỗi tiết được tính như một giờ), cho kiến thức, kỹ năng " +
			"chuyên ngành bắt buộc hằng năm — cần xác minh: con số, cách quy đổi tiết ra giờ, điều khoản, ngày hiệu lực " +
			"của Nghị định 101/2017 và của Nghị định 89/2021, và việc các nghị định này đã được thay thế từ năm 2025 hay chưa " +
			"(nếu đã thay thế, quản trị viên thêm quy định mới kèm ngày áp dụng).",
		Verified: false,
	}}
}
