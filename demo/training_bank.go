package demo

import "congvu/training"

// hardItems are the items officials get wrong most often in the demo (the
// weight of a wrong answer falling on their questions; 1 for the others):
// the campaign's results per item show them as the standards people
// misunderstand — the written apology for a late dossier, what counts as
// harassment or delay, the beer at lunch.
var hardItems = map[string]int{"GT-XL": 5, "TT-NHN": 4, "TT-KD": 4, "DD-RB": 4, "TT-TNV": 3, "TT-VV": 2, "GT-XP": 2, "DD-PN": 2, "DD-MXH": 2}

// provinceQuestions are the questions Sở Nội vụ proposes to the national bank
// (training.DefaultQuestions) for the province's campaign: situations its
// inspections and citizens' reports showed at the counters.
var provinceQuestions = []training.QuestionInput{
	{ItemCode: "GT-LS", Text: "Người dân lớn tiếng tại quầy vì phải chờ lâu, làm ồn khu vực chờ. Cán bộ nên:", Answer: 1, Active: true,
		Explanation: "Giữ bình tĩnh, nói nhẹ nhàng, giải thích; nếu người dân gây rối thì báo lãnh đạo, bảo vệ và ghi vào sổ sự việc của cơ quan.",
		Choices: []string{"Đáp lại gay gắt để giữ trật tự", "Giữ bình tĩnh, giải thích lý do và thời gian chờ; báo lãnh đạo hoặc bảo vệ nếu người dân gây rối",
			"Từ chối tiếp nhận hồ sơ của người đó", "Quay video để đăng lên mạng xã hội"}},
	{ItemCode: "TT-NHN", Text: "Cán bộ gợi ý người dân “nhờ người quen” để hồ sơ được giải quyết nhanh hơn. Hành vi này:", Answer: 1, Active: true,
		Explanation: "Đây là gây phiền hà, nhũng nhiễu, có dấu hiệu tiêu cực, dù cán bộ không nhận tiền.",
		Choices: []string{"Được phép nếu không nhận tiền", "Vi phạm chuẩn mực: gây phiền hà, nhũng nhiễu, có dấu hiệu tiêu cực",
			"Là cách hỗ trợ người dân", "Chỉ vi phạm khi có đơn tố cáo"}},
	{ItemCode: "TT-KD", Text: "Hồ sơ đã đủ điều kiện nhưng cán bộ để đến ngày cuối của hạn mới giải quyết, không có lý do. Hành vi này:", Answer: 0, Active: true,
		Explanation: "Giải quyết trong hạn nhưng cố ý để chậm vẫn là kéo dài thời gian, chậm trễ xử lý công việc.",
		Choices: []string{"Vi phạm chuẩn mực không kéo dài thời gian, chậm trễ xử lý công việc", "Vi phạm quy định về trang phục",
			"Vi phạm kỷ luật phát ngôn", "Không vi phạm vì vẫn trong hạn"}},
}
