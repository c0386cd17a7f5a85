package violation

import (
	"congvu/org"
	"time"
)

// day is a date of rule data: midnight UTC, as RuleSetOn compares them.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// The form codes of the default rule sets.
const (
	FormReprimand = "reprimand"  // khiển trách
	FormWarning   = "warning"    // cảnh cáo
	FormSalaryCut = "salary_cut" // hạ bậc lương (112/2020, công chức not holding a post)
	FormDemotion  = "demotion"   // giáng chức (112/2020, công chức holding a post)
	FormRemoval   = "removal"    // cách chức
	FormDismissal = "dismissal"  // buộc thôi việc
	FormRecall    = "recall"     // bãi nhiệm (cán bộ)
)

// The deferral codes of the default rule sets.
const (
	DeferIllness     = "illness"     // bệnh hiểm nghèo, mất khả năng nhận thức, ốm nặng điều trị nội trú
	DeferMaternity   = "maternity"   // mang thai, nghỉ thai sản, nuôi con dưới 12 tháng tuổi
	DeferProsecution = "prosecution" // khởi tố, tạm giữ, tạm giam
	DeferLeave       = "leave"       // nghỉ hằng năm, nghỉ theo chế độ, nghỉ việc riêng (112/2020 only)
)

// Shared parts of the default rule sets. Marks follow design/law.md:
// "[cần đối chiếu]" in a citation is its [verify].
var (
	defaultDeferrals172 = []Deferral{
		{Code: DeferIllness, Label: "Đang điều trị bệnh hiểm nghèo hoặc mất khả năng nhận thức; ốm nặng đang điều trị nội trú có xác nhận của cơ quan y tế"},
		{Code: DeferMaternity, Label: "Đang mang thai, nghỉ thai sản, nuôi con dưới 12 tháng tuổi (trừ khi người vi phạm có văn bản đề nghị xem xét kỷ luật)"},
		{Code: DeferProsecution, Label: "Đang bị khởi tố, tạm giữ, tạm giam chờ kết luận của cơ quan có thẩm quyền"},
	}
	defaultTimeBars = []TimeBar{
		{Severities: []Severity{SeverityMinor}, Years: 2},
		{Severities: []Severity{SeveritySerious, SeverityGrave}, Years: 5},
	}
	complaintBasis = "Luật Khiếu nại 2011, Điều 48: thời hiệu khiếu nại quyết định kỷ luật là 15 ngày kể từ ngày nhận quyết định [cần đối chiếu]"
)

// defaultSteps are the steps of the procedure with their time limits,
// which both decrees state alike where they state them.
func defaultSteps(decree string) []StepRule {
	return []StepRule{
		{Step: StepReview, WorkingDays: 10, Basis: decree + ": họp kiểm điểm người có hành vi vi phạm (thời hạn do hệ thống đặt trong thời hạn xử lý kỷ luật)"},
		{Step: StepCouncil, WorkingDays: 15, Basis: decree + ": Hội đồng kỷ luật họp, bỏ phiếu kín và báo cáo người có thẩm quyền [cần đối chiếu]"},
		{Step: StepDecision, WorkingDays: 5, Basis: decree + ": ra quyết định kỷ luật trong 05 ngày làm việc kể từ ngày nhận báo cáo của Hội đồng kỷ luật hoặc biên bản kiểm điểm [cần đối chiếu]"},
		{Step: StepNotify, WorkingDays: 3, Basis: decree + ": gửi quyết định kỷ luật cho người bị kỷ luật và cơ quan, đơn vị liên quan (thời hạn do hệ thống đặt)"},
		{Step: StepComplaint, WorkingDays: 30, CalendarDays: true, Basis: "Luật Khiếu nại 2011: giải quyết khiếu nại quyết định kỷ luật lần đầu không quá 30 ngày kể từ ngày thụ lý [cần đối chiếu]"},
	}
}

// DefaultRuleSets are the discipline rules the product ships with (a
// migration seeds them; a test checks they agree): Decree 112/2020 as
// amended by 71/2023 for acts of cán bộ and công chức until 30/06/2025,
// Decree 172/2025 from 01/07/2025, and viên chức by a set of its own
// whose governing text is to verify (design/law.md, Discipline).
var DefaultRuleSets = []RuleSet{
	{
		Code:       "112/2020-cbcc",
		Title:      "Nghị định 112/2020/NĐ-CP (sửa đổi bởi Nghị định 71/2023/NĐ-CP) — cán bộ, công chức",
		Categories: []org.Category{org.CategoryCadre, org.CategoryCivilServant},
		Until:      day(2025, 6, 30),
		Basis: "Nghị định 112/2020/NĐ-CP ngày 18/09/2020 về xử lý kỷ luật cán bộ, công chức, viên chức (hiệu lực 20/11/2020 [cần đối chiếu]), " +
			"sửa đổi bởi Nghị định 71/2023/NĐ-CP ngày 20/09/2023; Điều 7 (cán bộ), Điều 8 (công chức); hết hiệu lực 01/07/2025, thay bằng Nghị định 172/2025/NĐ-CP. " +
			"Hành vi trước 01/07/2025 xử lý theo quy định tại thời điểm vi phạm, trừ khi quy định mới có lợi hơn [cần đối chiếu điều khoản chuyển tiếp].",
		Verified: false,
		Forms: []Form{
			{Code: FormReprimand, Label: "Khiển trách", Categories: []org.Category{org.CategoryCadre, org.CategoryCivilServant},
				Severities: []Severity{SeverityMinor}, Council: true, LastsMonths: 12,
				Basis: "Điều 7, 8; hậu quả 12 tháng theo Luật Cán bộ, công chức 2008 sửa đổi 2019, Điều 82 [cần đối chiếu]"},
			{Code: FormWarning, Label: "Cảnh cáo", Categories: []org.Category{org.CategoryCadre, org.CategoryCivilServant},
				Severities: []Severity{SeverityMinor, SeveritySerious}, Council: true, LastsMonths: 12,
				Basis: "Điều 7, 8; hậu quả 12 tháng [cần đối chiếu]"},
			{Code: FormSalaryCut, Label: "Hạ bậc lương", Categories: []org.Category{org.CategoryCivilServant}, NotLeader: true,
				Severities: []Severity{SeveritySerious, SeverityGrave}, Council: true, LastsMonths: 12,
				Basis: "Điều 8: công chức không giữ chức vụ lãnh đạo, quản lý; hậu quả 12 tháng [cần đối chiếu]"},
			{Code: FormDemotion, Label: "Giáng chức", Categories: []org.Category{org.CategoryCivilServant}, LeaderOnly: true,
				Severities: []Severity{SeveritySerious, SeverityGrave}, Council: true, LastsMonths: 24,
				Basis: "Điều 8: công chức giữ chức vụ lãnh đạo, quản lý; hậu quả 24 tháng [cần đối chiếu]"},
			{Code: FormRemoval, Label: "Cách chức", Categories: []org.Category{org.CategoryCadre, org.CategoryCivilServant}, LeaderOnly: true,
				Severities: []Severity{SeveritySerious, SeverityGrave}, Council: true, LastsMonths: 24,
				Basis: "Điều 7, 8: người được phê chuẩn, bổ nhiệm, chỉ định giữ chức vụ; hậu quả 24 tháng [cần đối chiếu]"},
			{Code: FormDismissal, Label: "Buộc thôi việc", Categories: []org.Category{org.CategoryCivilServant},
				Severities: []Severity{SeverityGrave}, Council: true, Terminal: true,
				Basis: "Điều 8 [cần đối chiếu]"},
			{Code: FormRecall, Label: "Bãi nhiệm", Categories: []org.Category{org.CategoryCadre},
				Severities: []Severity{SeverityGrave}, Terminal: true,
				Basis: "Điều 7: cán bộ do bầu cử [cần đối chiếu]"},
		},
		SeveralActsHeaviest: true,
		RepeatOneHeavier:    true,
		NoCouncil:           []org.Category{org.CategoryCadre},
		Deferrals: []Deferral{
			{Code: DeferLeave, Label: "Đang nghỉ hằng năm, nghỉ theo chế độ, nghỉ việc riêng được cấp có thẩm quyền cho phép"},
			{Code: DeferIllness, Label: "Đang điều trị bệnh hiểm nghèo hoặc mất khả năng nhận thức; ốm nặng đang điều trị nội trú có xác nhận của cơ quan y tế"},
			{Code: DeferMaternity, Label: "Đang mang thai, nghỉ thai sản, nuôi con dưới 12 tháng tuổi (trừ khi người vi phạm có văn bản đề nghị xem xét kỷ luật)"},
			{Code: DeferProsecution, Label: "Đang bị khởi tố, tạm giữ, tạm giam chờ kết luận của cơ quan có thẩm quyền"},
		},
		TimeBars:        defaultTimeBars,
		HandlingDays:    90,
		HandlingDaysMax: 150,
		Steps:           defaultSteps("Nghị định 112/2020/NĐ-CP"),
		Competence: []Competence{
			{Category: org.CategoryCadre, Leader: false, Level: LevelAppointing, Label: "Cơ quan, tổ chức có thẩm quyền phê chuẩn, bổ nhiệm, chỉ định cán bộ"},
			{Category: org.CategoryCadre, Leader: true, Level: LevelAppointing, Label: "Cơ quan, tổ chức có thẩm quyền phê chuẩn, bổ nhiệm, chỉ định cán bộ"},
			{Category: org.CategoryCivilServant, Leader: false, Level: LevelManaging, Label: "Người đứng đầu cơ quan quản lý công chức"},
			{Category: org.CategoryCivilServant, Leader: true, Level: LevelAppointing, Label: "Người đứng đầu cơ quan có thẩm quyền bổ nhiệm"},
		},
		ComplaintDays:  15,
		ComplaintBasis: complaintBasis,
	},
	{
		Code:       "172/2025-cbcc",
		Title:      "Nghị định 172/2025/NĐ-CP — cán bộ, công chức",
		Categories: []org.Category{org.CategoryCadre, org.CategoryCivilServant},
		From:       day(2025, 7, 1),
		Basis: "Nghị định 172/2025/NĐ-CP ngày 30/06/2025 quy định về xử lý kỷ luật cán bộ, công chức (hiệu lực 01/07/2025), thay thế Nghị định 112/2020/NĐ-CP " +
			"và Nghị định 71/2023/NĐ-CP; căn cứ Luật Cán bộ, công chức 2025. Hình thức, mức độ hậu quả, nguyên tắc kết hợp và ba trường hợp chưa xem xét kỷ luật: đã đối chiếu " +
			"(Điều 2: nhiều hành vi — một hình thức cao nhất; vi phạm mới khi đang thi hành kỷ luật — nặng hơn một mức so với hình thức đang thi hành nếu hình thức của vi phạm mới nhẹ hơn hoặc bằng, " +
			"nặng hơn một mức so với hình thức của vi phạm mới nếu nặng hơn [cần đối chiếu vế sau]); " +
			"thời hiệu (2 và 5 năm), thời hạn xử lý (90, tối đa 150 ngày, kể từ khi phát hiện đến khi quyết định), hội đồng kỷ luật và thời gian hậu quả: [cần đối chiếu].",
		Verified: true,
		Forms: []Form{
			{Code: FormReprimand, Label: "Khiển trách", Categories: []org.Category{org.CategoryCadre, org.CategoryCivilServant},
				Severities: []Severity{SeverityMinor}, LastsMonths: 12,
				Basis: "Vi phạm lần đầu, gây hậu quả ít nghiêm trọng (kể cả vi phạm đạo đức công vụ, văn hóa giao tiếp ở công sở và với Nhân dân); không thành lập hội đồng kỷ luật, hậu quả 12 tháng [cần đối chiếu]"},
			{Code: FormWarning, Label: "Cảnh cáo", Categories: []org.Category{org.CategoryCadre, org.CategoryCivilServant},
				Severities: []Severity{SeverityMinor, SeveritySerious}, Council: true, LastsMonths: 12,
				Basis: "Đã bị khiển trách mà tái phạm, hoặc vi phạm gây hậu quả nghiêm trọng; hội đồng kỷ luật, hậu quả 12 tháng [cần đối chiếu]"},
			{Code: FormRemoval, Label: "Cách chức", Categories: []org.Category{org.CategoryCadre, org.CategoryCivilServant}, LeaderOnly: true,
				Severities: []Severity{SeveritySerious, SeverityGrave}, Council: true, LastsMonths: 24,
				Basis: "Cán bộ được phê chuẩn, bổ nhiệm, chỉ định giữ chức vụ; công chức lãnh đạo, quản lý; hậu quả 24 tháng [cần đối chiếu]"},
			{Code: FormDismissal, Label: "Buộc thôi việc", Categories: []org.Category{org.CategoryCivilServant},
				Severities: []Severity{SeverityGrave}, Council: true, Terminal: true,
				Basis: "Công chức, vi phạm gây hậu quả rất nghiêm trọng"},
			{Code: FormRecall, Label: "Bãi nhiệm", Categories: []org.Category{org.CategoryCadre},
				Severities: []Severity{SeverityGrave}, Terminal: true,
				Basis: "Cán bộ, vi phạm gây hậu quả rất nghiêm trọng; do cơ quan đã bầu biểu quyết [cần đối chiếu]"},
		},
		SeveralActsHeaviest:  true,
		RepeatOneHeavier:     true,
		RepeatHeavierOneMore: true,
		NoCouncil:            []org.Category{org.CategoryCadre},
		Deferrals:            defaultDeferrals172,
		TimeBars:             defaultTimeBars,
		HandlingDays:         90,
		HandlingDaysMax:      150,
		Steps:                defaultSteps("Nghị định 172/2025/NĐ-CP"),
		Competence: []Competence{
			{Category: org.CategoryCadre, Leader: false, Level: LevelAppointing, Label: "Cơ quan, tổ chức có thẩm quyền phê chuẩn, bổ nhiệm, chỉ định cán bộ"},
			{Category: org.CategoryCadre, Leader: true, Level: LevelAppointing, Label: "Cơ quan, tổ chức có thẩm quyền phê chuẩn, bổ nhiệm, chỉ định cán bộ"},
			{Category: org.CategoryCivilServant, Leader: false, Level: LevelManaging, Label: "Người đứng đầu cơ quan quản lý công chức"},
			{Category: org.CategoryCivilServant, Leader: true, Level: LevelAppointing, Label: "Người đứng đầu cơ quan có thẩm quyền bổ nhiệm"},
		},
		ComplaintDays:  15,
		ComplaintBasis: complaintBasis,
	},
	{
		Code:       "vc",
		Title:      "Viên chức — quy định về xử lý kỷ luật viên chức (cần đối chiếu văn bản)",
		Categories: []org.Category{org.CategoryPublicEmployee},
		Basis: "Nghị định 172/2025/NĐ-CP chỉ điều chỉnh cán bộ, công chức. Văn bản đang điều chỉnh kỷ luật viên chức cần đối chiếu [cần đối chiếu]: " +
			"bộ quy định này lấy theo Luật Viên chức 2010 (sửa đổi 2019) và Nghị định 112/2020/NĐ-CP, Điều 9 (khiển trách, cảnh cáo, cách chức đối với viên chức quản lý, buộc thôi việc).",
		Verified: false,
		Forms: []Form{
			{Code: FormReprimand, Label: "Khiển trách", Categories: []org.Category{org.CategoryPublicEmployee},
				Severities: []Severity{SeverityMinor}, Council: true, LastsMonths: 12, Basis: "Nghị định 112/2020/NĐ-CP, Điều 9 [cần đối chiếu]"},
			{Code: FormWarning, Label: "Cảnh cáo", Categories: []org.Category{org.CategoryPublicEmployee},
				Severities: []Severity{SeverityMinor, SeveritySerious}, Council: true, LastsMonths: 12, Basis: "Nghị định 112/2020/NĐ-CP, Điều 9 [cần đối chiếu]"},
			{Code: FormRemoval, Label: "Cách chức", Categories: []org.Category{org.CategoryPublicEmployee}, LeaderOnly: true,
				Severities: []Severity{SeveritySerious, SeverityGrave}, Council: true, LastsMonths: 24, Basis: "Viên chức quản lý [cần đối chiếu]"},
			{Code: FormDismissal, Label: "Buộc thôi việc", Categories: []org.Category{org.CategoryPublicEmployee},
				Severities: []Severity{SeverityGrave}, Council: true, Terminal: true, Basis: "Nghị định 112/2020/NĐ-CP, Điều 9 [cần đối chiếu]"},
		},
		SeveralActsHeaviest: true,
		RepeatOneHeavier:    true,
		Deferrals:           defaultDeferrals172,
		TimeBars:            defaultTimeBars,
		HandlingDays:        90,
		HandlingDaysMax:     150,
		Steps:               defaultSteps("Quy định về kỷ luật viên chức"),
		Competence: []Competence{
			{Category: org.CategoryPublicEmployee, Leader: false, Level: LevelManaging, Label: "Người đứng đầu đơn vị sự nghiệp công lập sử dụng viên chức"},
			{Category: org.CategoryPublicEmployee, Leader: true, Level: LevelAppointing, Label: "Người đứng đầu cơ quan có thẩm quyền bổ nhiệm viên chức quản lý"},
		},
		ComplaintDays:  15,
		ComplaintBasis: complaintBasis,
	},
}
