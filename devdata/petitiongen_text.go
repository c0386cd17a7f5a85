package devdata

import "congvu/petition"

// ---- what the generated petitions say ----

// petGenPool is what petitions of a category say: an opening sentence,
// then details. Slots: {tt} a procedure, {gt} a paper demanded, {ai} who,
// {noi} where, {dv} the unit's name, {khi} when, {n} times, {ngay} days,
// {tien} money, {gio} an hour.
type petGenPool struct{ open, detail []string }

var petGenText = map[petition.Category]petGenPool{
	petition.Harassment: {
		open: []string{
			"{khi} tôi đến {noi} của {dv} để làm thủ tục {tt} nhưng bị {ai} hạch sách, yêu cầu nộp thêm {gt} dù quy định không đòi hỏi.",
			"Tôi bị {ai} nhũng nhiễu khi làm thủ tục {tt}: mỗi lần đến lại bị đòi thêm một loại giấy tờ mới.",
			"{khi} {ai} của {dv} bắt tôi bổ sung {gt}, nói nếu không có thì hồ sơ {tt} sẽ bị trả lại.",
			"Cán bộ cố tình gây khó dễ, hạch sách từng chữ trong tờ khai khi tôi nộp hồ sơ {tt} tại {noi}.",
			"Khi làm thủ tục {tt} tại {dv}, tôi bị yêu cầu nộp {gt}, là loại giấy tờ không có trong thành phần hồ sơ được niêm yết.",
		},
		detail: []string{
			"Tôi hỏi căn cứ theo quy định nào thì cán bộ không trả lời mà bảo cứ làm theo hướng dẫn.",
			"Cán bộ còn nói nếu muốn nhanh thì phải liên hệ riêng.",
			"Hàng xóm tôi làm cùng thủ tục trước đó không bị yêu cầu những giấy tờ này.",
			"Cán bộ giữ hồ sơ của tôi nhiều ngày mà không viết giấy biên nhận.",
			"Tôi phải xin nghỉ làm nhiều buổi để bổ sung giấy tờ theo yêu cầu.",
		},
	},
	petition.Obstruct: {
		open: []string{
			"Tôi phải đi lại {n} lần mới nộp được hồ sơ {tt} tại {dv} vì mỗi lần {ai} lại hướng dẫn một kiểu.",
			"{khi} {ai} từ chối tiếp nhận hồ sơ {tt} của tôi mà không nêu lý do, cũng không hướng dẫn bằng văn bản.",
			"Hướng dẫn thủ tục {tt} tại {noi} không rõ ràng, cán bộ chỉ nói miệng, tôi ghi không kịp và phải quay lại nhiều lần.",
			"Khi tôi nộp hồ sơ {tt}, {ai} bảo đã hết giờ nhận hồ sơ dù lúc đó mới khoảng {gio} giờ.",
			"Tôi đã nộp hồ sơ {tt} qua Cổng dịch vụ công trực tuyến nhưng {ai} vẫn bắt mang bản giấy đến nộp lại.",
		},
		detail: []string{
			"Mỗi lần đi lại tôi mất gần nửa ngày công.",
			"Khi tôi hỏi lại thì cán bộ tỏ ra khó chịu và bảo tự đọc quy định.",
			"Bảng niêm yết thủ tục tại {noi} đã cũ, không ghi đủ thành phần hồ sơ.",
			"Tôi đề nghị cán bộ ghi các giấy tờ còn thiếu ra giấy nhưng không được đáp ứng.",
			"Số điện thoại đường dây nóng niêm yết tại trụ sở gọi nhiều lần không ai nghe máy.",
		},
	},
	petition.Favours: {
		open: []string{
			"{khi} {ai} của {dv} gợi ý tôi phải “bồi dưỡng” {tien} thì hồ sơ {tt} mới được giải quyết nhanh.",
			"Khi làm thủ tục {tt}, tôi được một người tự xưng quen cán bộ gợi ý nộp {tien} “phí dịch vụ” để khỏi phải chờ.",
			"Cán bộ nói hồ sơ {tt} của tôi còn thiếu sót nhưng có thể “châm chước” nếu tôi “biết điều”.",
			"Tôi phải nộp {tien} cho {ai} mà không được cấp biên lai thu phí, lệ phí.",
			"{khi} tôi thấy {ai} nhận phong bì của người đến trước ngay tại {noi}, sau đó hồ sơ của họ được giải quyết trước.",
		},
		detail: []string{
			"Tôi không đồng ý thì hồ sơ bị để lại đến cuối buổi.",
			"Khoản tiền này không có trong bảng phí, lệ phí được niêm yết.",
			"Nhiều người dân trong thôn cũng gặp trường hợp tương tự.",
			"Tôi có ghi lại thời gian và nội dung trao đổi, sẵn sàng cung cấp khi cơ quan xác minh.",
		},
	},
	petition.Delay: {
		open: []string{
			"Hồ sơ {tt} tôi nộp tại {dv} đã quá hẹn {ngay} ngày nhưng chưa có kết quả.",
			"{khi} tôi đến nhận kết quả {tt} theo giấy hẹn thì {ai} bảo chưa xong, hẹn lại lần thứ {n}.",
			"Tôi nộp hồ sơ {tt} đã hơn {ngay} ngày, hỏi thì cán bộ nói hồ sơ đang trình ký, không rõ khi nào xong.",
			"{khi} tôi chờ ở {noi} hơn hai tiếng vì {ai} bỏ vị trí làm việc mà không có người thay.",
			"Hồ sơ {tt} của gia đình tôi bị thất lạc tại {dv}, tôi phải làm lại từ đầu và chờ thêm {ngay} ngày.",
		},
		detail: []string{
			"Cán bộ không có văn bản xin lỗi và hẹn lại theo quy định khi trả kết quả trễ hạn.",
			"Việc chậm trễ làm gia đình tôi lỡ thời hạn vay vốn ngân hàng.",
			"Tôi gọi điện hỏi tiến độ nhiều lần nhưng không được trả lời rõ ràng.",
			"Trong giờ làm việc nhưng {noi} đóng cửa, không có thông báo.",
			"Trên hệ thống dịch vụ công, hồ sơ vẫn ở trạng thái chờ tiếp nhận.",
		},
	},
	petition.Attitude: {
		open: []string{
			"{khi} {ai} tại {noi} của {dv} quát nạt, nói năng thiếu tôn trọng khi tôi hỏi về thủ tục {tt}.",
			"Cán bộ tiếp dân thờ ơ, vừa làm việc vừa dùng điện thoại, không trả lời câu hỏi của người dân.",
			"Tôi là người cao tuổi, hỏi lại hai lần thì {ai} lớn tiếng và bảo tôi về hỏi con cháu.",
			"{ai} không chào hỏi, ném trả hồ sơ ra quầy và nói “thiếu thì về bổ sung”.",
			"Thái độ của {ai} tại {dv} rất khó chịu, cáu gắt với người dân đến làm thủ tục {tt}.",
		},
		detail: []string{
			"Nhiều người đang chờ ở {noi} đều chứng kiến sự việc.",
			"Khi tôi đề nghị được gặp lãnh đạo thì cán bộ nói lãnh đạo đi vắng.",
			"Cán bộ còn dùng lời lẽ xúc phạm người dân đến trước tôi.",
			"Tôi mong cán bộ có thái độ niềm nở, lịch sự như quy tắc ứng xử đã niêm yết.",
		},
	},
	petition.Dress: {
		open: []string{
			"{khi} {ai} tại {noi} của {dv} không đeo thẻ công chức nên tôi không biết tên để liên hệ.",
			"Cán bộ tiếp dân mặc quần áo không phù hợp, đi dép lê trong giờ làm việc.",
			"Nhiều cán bộ tại {dv} không đeo thẻ, không có biển tên trên bàn làm việc.",
		},
		detail: []string{
			"Khi tôi hỏi tên thì cán bộ không trả lời.",
			"Bàn tiếp dân không có biển ghi họ tên, chức danh theo quy định.",
		},
	},
	petition.Alcohol: {
		open: []string{
			"{khi} sau giờ nghỉ trưa {ai} của {dv} quay lại làm việc, người nồng nặc mùi rượu bia.",
			"Cán bộ hút thuốc lá ngay tại {noi} trong giờ làm việc, dù có biển cấm hút thuốc.",
			"Tôi thấy {ai} đi uống bia tại quán gần trụ sở {dv} trong giờ hành chính.",
		},
		detail: []string{
			"Khi tiếp dân cán bộ nói năng thiếu tỉnh táo, nhầm giấy tờ của tôi với người khác.",
			"Khói thuốc làm người già và trẻ em đang chờ rất khó chịu.",
		},
	},
	petition.Other: {
		open: []string{
			"Cán bộ của {dv} sử dụng xe công vào việc riêng trong ngày làm việc.",
			"Bảng niêm yết thủ tục hành chính tại {noi} của {dv} không đầy đủ, thiếu mức phí, lệ phí.",
			"{ai} tự ý thu tiền photo giấy tờ với giá cao hơn nhiều so với bên ngoài.",
			"Cán bộ để lộ thông tin cá nhân trong hồ sơ {tt} của tôi cho người không liên quan.",
		},
		detail: []string{
			"Tôi đề nghị cơ quan kiểm tra, làm rõ.",
			"Việc này diễn ra nhiều lần, người dân trong xã đều biết.",
		},
	},
}

var (
	petGenProcedures = []string{"đăng ký khai sinh cho con", "đăng ký kết hôn", "cấp giấy chứng nhận quyền sử dụng đất",
		"chuyển nhượng quyền sử dụng đất", "tách thửa đất", "chứng thực bản sao giấy tờ", "chứng thực chữ ký",
		"xác nhận tình trạng hôn nhân", "đăng ký thường trú", "đăng ký tạm trú", "cấp giấy phép xây dựng nhà ở",
		"đăng ký hộ kinh doanh", "trích lục giấy khai sinh", "đăng ký khai tử", "hưởng trợ cấp xã hội cho người cao tuổi",
		"hưởng chế độ người có công", "xác nhận hộ nghèo", "cấp đổi giấy chứng nhận quyền sử dụng đất",
		"đăng ký biến động đất đai", "hỗ trợ người khuyết tật", "đăng ký nhận cha, mẹ, con", "xác nhận thông tin cư trú",
		"đăng ký giám hộ", "cấp bản sao trích lục hộ tịch"}
	petGenPapers = []string{"bản sao sổ hộ khẩu có chứng thực", "giấy xác nhận của trưởng thôn", "bản photo căn cước có công chứng",
		"giấy xác nhận cư trú", "giấy khám sức khỏe", "đơn viết tay có xác nhận của tổ dân phố", "bản vẽ sơ đồ thửa đất",
		"giấy cam kết không tranh chấp có chữ ký của các hộ liền kề", "biên lai nộp thuế của các năm trước", "ảnh chân dung 4x6",
		"giấy ủy quyền có công chứng", "bản sao giấy khai sinh của cả bố và mẹ"}
	petGenWho = []string{"cán bộ tiếp nhận hồ sơ", "cán bộ địa chính", "công chức tư pháp - hộ tịch", "công chức văn phòng - thống kê",
		"cán bộ ngồi quầy số 2", "cán bộ trực bộ phận một cửa", "cán bộ phụ trách lĩnh vực đất đai", "công chức văn hóa - xã hội",
		"cán bộ thu phí, lệ phí", "cán bộ lĩnh vực lao động - thương binh và xã hội"}
	petGenWhere = []string{"bộ phận một cửa", "phòng tiếp công dân", "quầy tiếp nhận hồ sơ", "phòng làm việc của cán bộ địa chính",
		"hội trường ủy ban", "bộ phận tiếp nhận và trả kết quả"}
	petGenMoney    = []string{"200.000 đồng", "300.000 đồng", "500.000 đồng", "một triệu đồng", "hai triệu đồng", "vài trăm nghìn đồng"}
	petGenWhen     = []string{"Vào {thu}, ngày {d}/{m},", "Sáng ngày {d}/{m},", "Chiều {thu} ngày {d}/{m},", "Khoảng 9 giờ sáng ngày {d}/{m},", "Hôm {d}/{m},", "Đầu giờ chiều ngày {d}/{m},"}
	petGenWeekdays = [7]string{"Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"}
	// petGenCommonDetails fit any category.
	petGenCommonDetails = []string{
		"Sự việc diễn ra khi có nhiều người dân đang chờ làm thủ tục.",
		"Tôi còn giữ giấy biên nhận hồ sơ và ảnh chụp bảng niêm yết thủ tục.",
		"Đây không phải lần đầu tôi gặp tình trạng này tại {dv}.",
		"Gia đình tôi ở xa, mỗi lần lên trụ sở mất hơn một giờ đi lại.",
	}
	// petGenRare are in about one petition in five thousand: the rare
	// word of the search benchmark ("khuất tất").
	petGenRare = []string{
		"Tôi thấy việc xét duyệt hồ sơ {tt} có nhiều điểm khuất tất, đề nghị công khai danh sách.",
		"Người dân trong thôn cho rằng việc thu tiền có dấu hiệu khuất tất.",
	}
	petGenRequests = []string{
		"Đề nghị cơ quan có thẩm quyền xem xét, xử lý nghiêm.",
		"Kính đề nghị lãnh đạo quan tâm, chấn chỉnh.",
		"Tôi mong hồ sơ được giải quyết sớm để người dân không phải đi lại nhiều lần.",
		"Đề nghị nhắc nhở cán bộ thực hiện đúng quy tắc ứng xử.",
		"Xin cảm ơn và mong nhận được phản hồi.",
		"Rất mong cơ quan xác minh và trả lời cho tôi được biết.",
	}
	petGenSubjects = []string{"Anh cán bộ ngồi quầy số 2", "Chị cán bộ tư pháp - hộ tịch", "Cán bộ địa chính (không rõ tên)",
		"Người trực bộ phận một cửa buổi sáng", "Một cán bộ nam khoảng 40 tuổi, đeo kính", "Chị cán bộ thu phí, lệ phí",
		"Cán bộ tiếp nhận hồ sơ đất đai", "Anh cán bộ văn phòng ủy ban"}
	petGenPlaces = []string{"Bộ phận một cửa, {dv}", "Trụ sở {dv}", "Phòng tiếp công dân, {dv}", "Nhà văn hóa thôn",
		"Bộ phận tiếp nhận và trả kết quả, {dv}"}
	petGenVillages = []string{"Đông", "Thượng", "Hạ", "Trung", "An Lạc", "Phú Mỹ", "Tân Lập", "Đồng Tâm", "Hòa Bình", "Bắc Sơn",
		"Nam Tiến", "Thái Hòa"}
	petGenRejections = []string{
		"Nội dung phản ánh không rõ ràng, không đủ thông tin để xác minh.",
		"Phản ánh trùng với phản ánh đã được xem xét, giải quyết trước đó.",
		"Nội dung không thuộc phạm vi quy tắc ứng xử của cán bộ, công chức; đã hướng dẫn gửi đến cơ quan có thẩm quyền.",
		"Sự việc đang được giải quyết theo thủ tục khiếu nại nên không thụ lý theo kênh phản ánh.",
	}
	petGenConclusions = map[petition.Conclusion][]string{
		petition.ConclusionFounded: {
			"Qua xác minh, nội dung phản ánh là đúng. Đơn vị đã tổ chức kiểm điểm, nhắc nhở công chức liên quan và chấn chỉnh việc tiếp nhận hồ sơ.",
			"Phản ánh đúng. Công chức đã nhận khuyết điểm, xin lỗi người dân; đơn vị xem xét xử lý theo quy định.",
		},
		petition.ConclusionPartly: {
			"Qua xác minh, phản ánh đúng một phần: việc trả kết quả trễ hạn là có, nhưng không có việc đòi thêm giấy tờ ngoài quy định.",
			"Phản ánh đúng một phần; đã nhắc nhở công chức về thái độ giao tiếp và hướng dẫn lại thủ tục cho người dân.",
		},
		petition.ConclusionUnfounded: {
			"Qua xác minh, làm việc với công chức và người làm chứng, chưa có cơ sở kết luận nội dung phản ánh.",
			"Nội dung phản ánh không đúng: hồ sơ được trả đúng hẹn theo giấy biên nhận.",
		},
	}
	petGenReplies = map[petition.Conclusion][]string{
		petition.ConclusionFounded: {
			"Kính gửi Ông/Bà,\n\nCơ quan trân trọng cảm ơn Ông/Bà đã gửi phản ánh mã {ma}. Qua xác minh, nội dung phản ánh là đúng; chúng tôi thành thật xin lỗi Ông/Bà vì sự việc đã xảy ra. Đơn vị đã kiểm điểm công chức liên quan và chấn chỉnh việc tiếp nhận hồ sơ. Nếu còn vướng mắc, Ông/Bà vui lòng liên hệ bộ phận một cửa để được hỗ trợ.\n\nTrân trọng.",
		},
		petition.ConclusionPartly: {
			"Kính gửi Ông/Bà,\n\nCơ quan trân trọng cảm ơn Ông/Bà đã gửi phản ánh mã {ma}. Qua xác minh, nội dung phản ánh đúng một phần; chúng tôi xin lỗi Ông/Bà về phần thiếu sót và đã nhắc nhở công chức liên quan. Ông/Bà có thể tiếp tục gửi ý kiến qua trang tra cứu phản ánh.\n\nTrân trọng.",
		},
		petition.ConclusionUnfounded: {
			"Kính gửi Ông/Bà,\n\nCơ quan trân trọng cảm ơn Ông/Bà đã gửi phản ánh mã {ma}. Qua xác minh, chưa có cơ sở kết luận nội dung phản ánh. Cơ quan luôn sẵn sàng tiếp nhận thêm thông tin để xem xét lại.\n\nTrân trọng.",
		},
	}
)
