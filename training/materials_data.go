package training

import (
	"congvu/standard"
	"strings"
)

// Guide is the teaching content of a standard item: its meaning in plain
// words and examples of conduct at a counter (tiếp nhận và trả kết quả)
// that keeps or breaches it.
type Guide struct {
	Meaning string
	Good    []string
	Bad     []string
}

// Guides are the shipped guides, by item code of the national catalog (at
// least the eight "4 xin, 4 luôn" behaviours). Units edit the materials
// built from them.
var Guides = map[string]Guide{
	"GT-XC": {
		Meaning: "Chủ động chào người dân ngay khi họ đến quầy hoặc gọi điện, trước khi hỏi việc: lời chào mở đầu cho sự tôn trọng.",
		Good: []string{
			"Người dân bước tới quầy, cán bộ ngẩng lên, nhìn vào người dân và nói: \"Cháu chào bác, bác cần làm thủ tục gì ạ?\"",
			"Nhấc máy điện thoại, cán bộ chào và xưng tên, bộ phận: \"Xin chào anh/chị, tôi là Lan, bộ phận một cửa xã.\"",
		},
		Bad: []string{
			"Người dân đứng chờ trước quầy, cán bộ vẫn nhìn màn hình và chỉ hỏi trống không: \"Việc gì?\"",
			"Gọi số thứ tự xong, cán bộ đưa tay lấy hồ sơ mà không chào, không nhìn người dân.",
		},
	},
	"GT-XL": {
		Meaning: "Xin lỗi khi để người dân chờ lâu, khi hướng dẫn chưa rõ, khi hồ sơ bị chậm hoặc sai do phía cơ quan: nhận trách nhiệm, không đổ lỗi.",
		Good: []string{
			"\"Cháu xin lỗi đã để bác chờ lâu, hệ thống vừa bị gián đoạn, cháu làm ngay cho bác.\"",
			"Hồ sơ trễ hẹn, cán bộ gọi điện báo trước, xin lỗi và hẹn lại ngày trả bằng phiếu xin lỗi theo quy định.",
		},
		Bad: []string{
			"Người dân phải đi lại lần thứ ba vì lần trước hướng dẫn thiếu giấy tờ, cán bộ nói: \"Tại anh không hỏi kỹ.\"",
			"Trả kết quả trễ hẹn mà không một lời giải thích hay xin lỗi.",
		},
	},
	"GT-XCO": {
		Meaning: "Cảm ơn người dân đã đến, đã chờ, đã góp ý, đã bổ sung giấy tờ: người dân là người được phục vụ, không phải người xin việc.",
		Good: []string{
			"Nhận đủ hồ sơ, cán bộ nói: \"Cảm ơn chị đã chuẩn bị đầy đủ, ngày 15 chị đến nhận kết quả nhé.\"",
			"Khi người dân góp ý về cách sắp xếp ghế chờ, cán bộ cảm ơn và ghi lại để báo lãnh đạo.",
		},
		Bad: []string{
			"Người dân bổ sung giấy tờ theo yêu cầu, cán bộ cầm lấy rồi quay đi, không nói gì.",
			"Người dân góp ý, cán bộ đáp: \"Không thích thì lên huyện mà làm.\"",
		},
	},
	"GT-XP": {
		Meaning: "Xin phép trước khi làm điều gì ảnh hưởng đến người dân: giữ giấy tờ, chụp ảnh giấy tờ, để họ chờ, nghe điện thoại, rời quầy.",
		Good: []string{
			"\"Anh cho phép em giữ bản gốc để đối chiếu trong năm phút rồi em trả lại ngay.\"",
			"Cần rời quầy, cán bộ nói: \"Chị vui lòng cho em xin phép hai phút để lấy mẫu tờ khai.\"",
		},
		Bad: []string{
			"Cán bộ tự ý chụp căn cước của người dân bằng điện thoại riêng mà không hỏi.",
			"Đang tiếp người dân, cán bộ nghe điện thoại việc riêng thật lâu, không một lời xin phép.",
		},
	},
	"GT-MC": {
		Meaning: "Giữ nét mặt thân thiện, mỉm cười khi tiếp người dân, kể cả lúc đông người hay khi phải từ chối một yêu cầu.",
		Good: []string{
			"Dù quầy đông, cán bộ vẫn mỉm cười khi gọi số tiếp theo và mời người dân ngồi.",
			"Phải báo hồ sơ chưa đủ điều kiện, cán bộ vẫn giữ nét mặt thân thiện và giải thích rõ cần bổ sung gì.",
		},
		Bad: []string{
			"Cán bộ cau mày, thở dài khi người dân hỏi lại lần thứ hai.",
			"Nét mặt cáu kỉnh, nói với đồng nghiệp ngay trước mặt người dân: \"Lại thêm một ông nữa.\"",
		},
	},
	"GT-NN": {
		Meaning: "Nói năng nhẹ nhàng, từ tốn, không quát, không ra lệnh; đưa và nhận giấy tờ bằng hai tay, cử chỉ mềm mỏng.",
		Good: []string{
			"Người dân lớn tuổi nghe không rõ, cán bộ nhắc lại chậm rãi, nhẹ nhàng, không to tiếng.",
			"Trả kết quả, cán bộ đưa bằng hai tay và chỉ từng chỗ cần kiểm tra.",
		},
		Bad: []string{
			"Cán bộ quát: \"Đứng xếp hàng đi, ai cho vào đây!\"",
			"Ném tập hồ sơ lên mặt quầy và nói: \"Thiếu, về làm lại.\"",
		},
	},
	"GT-LN": {
		Meaning: "Để người dân nói hết việc của mình, không ngắt lời, hỏi lại cho rõ rồi mới trả lời; ghi nhận cả điều họ chưa hài lòng.",
		Good: []string{
			"Cán bộ để người dân trình bày xong, rồi tóm tắt lại: \"Như vậy bác cần sang tên thửa đất được tặng cho, đúng không ạ?\"",
			"Người dân bức xúc, cán bộ kiên nhẫn nghe hết, ghi lại ý kiến và hẹn thời gian trả lời.",
		},
		Bad: []string{
			"Người dân vừa mở lời, cán bộ cắt ngang: \"Biết rồi, không phải việc ở đây.\"",
			"Vừa nghe người dân trình bày vừa nhắn tin điện thoại, rồi hỏi lại từ đầu.",
		},
	},
	"GT-GD": {
		Meaning: "Chủ động giúp người dân hoàn thành việc của họ: hướng dẫn một lần đầy đủ, giúp điền mẫu, chỉ nơi cần đến, ưu tiên người già, người khuyết tật.",
		Good: []string{
			"Viết sẵn danh sách giấy tờ còn thiếu cho người dân trên một tờ giấy, một lần là đủ.",
			"Người dân không quen nộp trực tuyến, cán bộ hướng dẫn từng bước trên máy tại quầy hỗ trợ.",
		},
		Bad: []string{
			"\"Tự đọc trên bảng niêm yết, tôi không có thời gian.\"",
			"Hướng dẫn mỗi lần thiếu một thứ, để người dân đi lại nhiều lần.",
		},
	},
	"TT-NHN": {
		Meaning: "Không dùng vị trí của mình để làm khó người dân, doanh nghiệp nhằm được lợi, dù là lợi nhỏ hay ngầm.",
		Good: []string{
			"Hồ sơ đủ, cán bộ nhận ngay và hẹn ngày trả theo đúng quy định.",
			"Người dân gửi phong bì \"cảm ơn\", cán bộ từ chối và nhắc rằng thủ tục không mất thêm chi phí nào.",
		},
		Bad: []string{
			"Gợi ý người dân \"nhờ dịch vụ\" quen biết để hồ sơ được nhanh.",
			"Yêu cầu nộp thêm giấy tờ không có trong thủ tục đã niêm yết.",
		},
	},
	"TT-KD": {
		Meaning: "Giải quyết công việc đúng hạn hoặc sớm hơn; khi buộc phải chậm thì báo trước, nói rõ lý do và xin lỗi.",
		Good: []string{
			"Theo dõi hạn của từng hồ sơ, xử lý hồ sơ sắp đến hạn trước.",
			"Biết trước hồ sơ sẽ trễ, cán bộ báo người dân và gửi phiếu xin lỗi, hẹn lại ngày trả.",
		},
		Bad: []string{
			"Để hồ sơ nằm trong ngăn kéo quá hạn mà không báo cho ai.",
			"Hẹn người dân \"tuần sau quay lại\" nhiều lần mà không có lý do.",
		},
	},
	"TP-TH": {
		Meaning: "Đeo thẻ có tên, chức danh khi làm nhiệm vụ để người dân biết mình đang làm việc với ai và có thể đánh giá, phản ánh đúng người.",
		Good: []string{
			"Đeo thẻ ngay ngắn trước ngực suốt giờ làm việc tại quầy.",
			"Đặt biển tên trên quầy, khớp với tên trên thẻ.",
		},
		Bad: []string{
			"Cất thẻ vào túi hoặc lật mặt sau ra ngoài khi tiếp người dân.",
			"Đeo thẻ của đồng nghiệp khi ngồi thay quầy.",
		},
	},
}

// GuideFor is the guide of item: the shipped one, or for other items a
// meaning taken from the item's description, without examples (a unit
// writes them).
func GuideFor(it *standard.Item) Guide {
	if g, ok := Guides[it.Code]; ok {
		return g
	}
	m := strings.TrimSpace(it.Description)
	if m == "" {
		m = it.Title
	}
	return Guide{Meaning: m, Good: []string{}, Bad: []string{}}
}

// LegalSource cites an item's basis in one line.
func LegalSource(it *standard.Item) string {
	switch {
	case it.Basis.Document == "":
		return ""
	case it.Basis.Section == "":
		return it.Basis.Document
	}
	return it.Basis.Document + ", " + it.Basis.Section
}

// ItemMaterial is the material built from a catalog item, before any
// edit; position orders it.
func ItemMaterial(it *standard.Item, versionID int64, position int) *Material {
	g := GuideFor(it)
	return &Material{Kind: MaterialItem, CatalogVersionID: versionID, ItemCode: it.Code, Title: it.Title, Meaning: g.Meaning,
		GoodExamples: append([]string{}, g.Good...), BadExamples: append([]string{}, g.Bad...), LegalSource: LegalSource(it), Position: position}
}
