package evaluation

import "congvu/org"

// The general criteria codes of the default rule sets.
const (
	CritPolitics   = "politics"   // phẩm chất chính trị
	CritEthics     = "ethics"     // đạo đức, lối sống
	CritCulture    = "culture"    // văn hóa công vụ (tác phong, lề lối làm việc, văn hóa giao tiếp)
	CritDiscipline = "discipline" // ý thức tổ chức kỷ luật
	CritService    = "service"    // tinh thần, thái độ phục vụ Nhân dân, doanh nghiệp
	CritInnovation = "innovation" // tinh thần đổi mới, sáng tạo, dám nghĩ, dám làm
)

// Citations shared by the default rule sets. Marks follow design/law.md:
// "[cần đối chiếu]" in a citation is its [verify].
const (
	basis335 = "Nghị định 335/2025/NĐ-CP ngày 21/12/2025 về đánh giá, xếp loại chất lượng công chức (áp dụng từ năm đánh giá 2026): " +
		"100 điểm gồm 30 điểm tiêu chí chung (phẩm chất chính trị, đạo đức, văn hóa công vụ, ý thức kỷ luật, " +
		"thái độ phục vụ Nhân dân và doanh nghiệp, tinh thần đổi mới) và 70 điểm kết quả thực hiện nhiệm vụ theo sản phẩm " +
		"được giao, theo dõi theo tháng hoặc quý (mỗi lần không bảo đảm chất lượng hoặc tiến độ trừ 25% số điểm của sản phẩm); " +
		"hoàn thành xuất sắc từ 90 điểm, hoàn thành tốt từ 70, hoàn thành từ 50, không hoàn thành dưới 50 hoặc bị kỷ luật trong năm. " +
		"Việc chia 30 điểm tiêu chí chung cho từng tiêu chí (mỗi tiêu chí 5 điểm) là của hệ thống [cần đối chiếu]; " +
		"thời hạn khiếu nại 15 ngày kể từ ngày được thông báo [cần đối chiếu]."
	quotaBasis335 = "Nghị định 335/2025/NĐ-CP: số được xếp loại hoàn thành xuất sắc nhiệm vụ không quá 20% số được xếp loại " +
		"hoàn thành tốt nhiệm vụ trở lên trong cùng cơ quan, đơn vị và nhóm công chức có nhiệm vụ tương đồng " +
		"(trừ trường hợp cơ quan, đơn vị có thành tích nổi trội)"
	disciplineBasis335 = "Nghị định 335/2025/NĐ-CP: công chức bị kỷ luật (từ khiển trách trở lên) trong năm đánh giá do vi phạm " +
		"trong thực thi công vụ thì xếp loại không hoàn thành nhiệm vụ"

	basis90 = "Nghị định 90/2020/NĐ-CP ngày 13/8/2020 về đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức, " +
		"sửa đổi, bổ sung bởi Nghị định 48/2023/NĐ-CP ngày 17/7/2023 [cần đối chiếu]: bốn mức xếp loại theo tiêu chí, " +
		"không chấm điểm; các tiêu chí chung để nhận xét; thời hạn khiếu nại 15 ngày kể từ ngày được thông báo [cần đối chiếu]."
	quotaBasis90 = "Nghị định 90/2020/NĐ-CP (sửa đổi bởi Nghị định 48/2023/NĐ-CP): số được xếp loại hoàn thành xuất sắc nhiệm vụ " +
		"không quá 20% số được xếp loại hoàn thành tốt nhiệm vụ trở lên theo từng nhóm đối tượng có nhiệm vụ tương đồng [cần đối chiếu]"
	disciplineBasis90 = "Nghị định 90/2020/NĐ-CP (sửa đổi bởi Nghị định 48/2023/NĐ-CP): bị kỷ luật trong năm đánh giá thì xếp loại " +
		"không hoàn thành nhiệm vụ [cần đối chiếu điều khoản và trường hợp hành vi vi phạm thuộc năm trước]"
)

// general335 are the general criteria of Decree 335/2025: 30 points,
// split evenly by the product (the split is to be verified).
func general335() []Criterion {
	return []Criterion{
		{Code: CritPolitics, Label: "Phẩm chất chính trị", Max: 5},
		{Code: CritEthics, Label: "Đạo đức, lối sống", Max: 5},
		{Code: CritCulture, Label: "Văn hóa công vụ (tác phong, lề lối làm việc, văn hóa giao tiếp)", Max: 5, Conduct: true},
		{Code: CritDiscipline, Label: "Ý thức tổ chức kỷ luật", Max: 5},
		{Code: CritService, Label: "Tinh thần, thái độ phục vụ Nhân dân, doanh nghiệp", Max: 5, Conduct: true},
		{Code: CritInnovation, Label: "Tinh thần đổi mới, sáng tạo, dám nghĩ, dám làm", Max: 5},
	}
}

// general90 are the general criteria of Decree 90/2020 to comment on
// (not scored).
func general90() []Criterion {
	c := general335()
	for i := range c {
		c[i].Max = 0
	}
	c[2].Label = "Văn hóa công vụ, tác phong, lề lối làm việc, văn hóa giao tiếp"
	c[4].Label = "Thái độ phục vụ Nhân dân, doanh nghiệp"
	return c
}

// DefaultRuleSets are the evaluation rules the product ships with (a
// migration seeds them; a test checks they agree): Decree 335/2025 for
// công chức from the evaluation year 2026 (scored), Decree 90/2020 as
// amended by Decree 48/2023 for công chức until 2025, and for cán bộ and
// viên chức in every year until a rule of their own is added (four levels
// by criteria). A new slice each call: callers may change it.
func DefaultRuleSets() []RuleSet {
	return []RuleSet{
		{
			Code:       "90/2020-cc",
			Title:      "Nghị định 90/2020/NĐ-CP (sửa đổi bởi Nghị định 48/2023/NĐ-CP) — công chức, đến năm 2025",
			Categories: []org.Category{org.CategoryCivilServant},
			FromYear:   2020, UntilYear: 2025,
			Basis: basis90, Verified: false,
			Scored: false, General: general90(),
			Periods:  []PeriodKind{PeriodMonth, PeriodQuarter},
			QuotaPct: 20, QuotaBasis: quotaBasis90,
			DisciplineCap: LevelNotCompleted, DisciplineBasis: disciplineBasis90,
			ComplaintDays: 15, MinRatings: 30,
		},
		{
			Code:       "90/2020-cbvc",
			Title:      "Nghị định 90/2020/NĐ-CP (sửa đổi bởi Nghị định 48/2023/NĐ-CP) — cán bộ, viên chức",
			Categories: []org.Category{org.CategoryCadre, org.CategoryPublicEmployee},
			FromYear:   2020,
			Basis:      basis90, Verified: false,
			Scored: false, General: general90(),
			Periods:  []PeriodKind{PeriodMonth, PeriodQuarter},
			QuotaPct: 20, QuotaBasis: quotaBasis90,
			DisciplineCap: LevelNotCompleted, DisciplineBasis: disciplineBasis90,
			ComplaintDays: 15, MinRatings: 30,
		},
		{
			Code:       "335/2025-cc",
			Title:      "Nghị định 335/2025/NĐ-CP — công chức",
			Categories: []org.Category{org.CategoryCivilServant},
			FromYear:   2026,
			Basis:      basis335, Verified: true,
			Scored: true, General: general335(), TaskMax: 70,
			Excellent: 90, Good: 70, Completed: 50,
			FailurePenalty: 0.25,
			Periods:        []PeriodKind{PeriodMonth, PeriodQuarter},
			QuotaPct:       20, QuotaBasis: quotaBasis335,
			DisciplineCap: LevelNotCompleted, DisciplineBasis: disciplineBasis335,
			ComplaintDays: 15, MinRatings: 30,
		},
	}
}
