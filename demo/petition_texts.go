package demo

import (
	"congvu/petition"
)

// The words of the demo's petitions: what citizens report, in their own
// words, and what the verification finds. Each story is a situation that
// really happens at one-stop shops, communes, departments and hospitals;
// {slots} are filled per petition (see petitionFill):
//
//	{who} {Who}  the person reported, as the reporter names them
//	{place}      where it happened
//	{unit}       the subject's unit, as people call it
//	{proc}       the administrative procedure
//	{amount}     a sum of money
//	{n}          how many times the reporter came back
//	{counter}    a counter number
//
// Findings (found, partly, unfound) complete "Qua xác minh, …:" in the
// reply to the reporter, who is addressed as "Ông/Bà"; remedy is what the
// agency did after a founded conclusion.

// subjectKind is the kind of place a story happens at, which decides whom
// it can be about.
type subjectKind int

const (
	kindCentre      subjectKind = iota // the provincial public service centre
	kindOneStop                        // the public administration service centre of a commune
	kindCommune                        // the people's committee of a commune or ward
	kindCommuneLand                    // the same, land matters (the land officer)
	kindHospital                       // the provincial general hospital
	kindLand                           // the Department of Natural Resources and Environment
	kindBusiness                       // the Department of Planning and Investment
	kindDistrict                       // the office of a commune people's committee (Văn phòng HĐND và UBND)
	kindHomeAffairs                    // the Department of Home Affairs
)

// photoKind is the picture a reporter attaches.
type photoKind int

const (
	photoNone    photoKind = iota
	photoReceipt           // the dossier's receipt, photographed on a table
	photoCounter           // an empty counter
)

// story is one situation a citizen reports.
type story struct {
	key      string
	cat      petition.Category
	kinds    []subjectKind
	unitOnly bool     // the reporter cannot name the person
	subject  string   // unit only: who, in the reporter's words ("" for nobody in particular)
	procs    []string // overrides the procedures of the kind
	ward     string   // hospital: where in the hospital
	text     string
	topic    string // "về {topic}" in the reply
	found    string
	partly   string
	unfound  string
	remedy   string
	items    []string // breached standard items when founded
	partlyIt []string // when partly founded (default: the first of items)
	photo    photoKind
	noBadge  bool // the badge could not be read (hidden, not worn)
}

var stories = []story{
	// ---- nhũng nhiễu ----
	{key: "H1", cat: petition.Harassment, kinds: []subjectKind{kindCommune, kindOneStop, kindCentre},
		text:    "Tôi đến {place} nộp hồ sơ {proc}. {Who} yêu cầu tôi nộp thêm bản sao sổ hộ khẩu, trong khi sổ hộ khẩu đã hết giá trị sử dụng từ ngày 01/01/2023 và thành phần hồ sơ niêm yết không có giấy tờ này. Tôi hỏi căn cứ thì cán bộ nói: \"Không có thì về, bao giờ đủ thì nộp.\" Tôi phải về xin giấy xác nhận thông tin cư trú ở công an, mất thêm một buổi nghỉ làm.",
		topic:   "việc bị yêu cầu nộp bản sao sổ hộ khẩu khi làm thủ tục {proc}",
		found:   "công chức tiếp nhận đã yêu cầu nộp giấy tờ không có trong thành phần hồ sơ của thủ tục {proc}, trái với quy định",
		partly:  "việc yêu cầu nộp giấy tờ không có trong thành phần hồ sơ là có thật; riêng lời nói thiếu tôn trọng mà Ông/Bà nêu thì chưa đủ căn cứ xác định vì camera tại quầy không ghi âm",
		unfound: "theo sổ theo dõi và trích xuất camera, công chức chỉ đề nghị Ông/Bà xuất trình căn cước để đối chiếu thông tin cư trú trên ứng dụng VNeID, không yêu cầu nộp bản sao sổ hộ khẩu",
		remedy:  "Chúng tôi đã yêu cầu công chức liên quan kiểm điểm, rút kinh nghiệm và niêm yết lại thành phần hồ sơ của thủ tục tại quầy. Hồ sơ của Ông/Bà đã được tiếp nhận mà không cần bổ sung giấy tờ nói trên.",
		items:   []string{"TT-NHN", "GT-LS"}},
	{key: "H2", cat: petition.Harassment, kinds: []subjectKind{kindCommune, kindOneStop, kindCommuneLand},
		text:    "Hồ sơ {proc} của gia đình tôi đã nộp đủ theo danh mục niêm yết, nhưng {who} liên tục yêu cầu bổ sung, mỗi lần một loại giấy tờ khác nhau: lần đầu là giấy xác nhận của trưởng thôn, lần sau là bản sao công chứng căn cước của tất cả thành viên trong hộ. Tôi đã đi lại {n} mà không lần nào được ghi phiếu yêu cầu bổ sung hồ sơ.",
		topic:   "việc hồ sơ {proc} bị yêu cầu bổ sung nhiều lần",
		found:   "hồ sơ của Ông/Bà đã đủ thành phần từ lần nộp đầu tiên; công chức yêu cầu bổ sung nhiều lần bằng lời nói, không lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ theo quy định",
		partly:  "hồ sơ ban đầu thiếu một giấy tờ nên việc yêu cầu bổ sung lần đầu là đúng; nhưng các lần yêu cầu sau là không cần thiết và đều không được ghi phiếu hướng dẫn",
		unfound: "hồ sơ ban đầu còn thiếu tờ khai có chữ ký của các thành viên liên quan và công chức đã lập phiếu hướng dẫn bổ sung một lần, có chữ ký nhận của người nộp",
		remedy:  "Chúng tôi đã yêu cầu công chức kiểm điểm; từ nay mọi yêu cầu bổ sung phải ghi phiếu hướng dẫn một lần, đầy đủ. Hồ sơ của Ông/Bà đã được chuyển giải quyết ngay và sẽ trả kết quả đúng hẹn ghi trên giấy biên nhận mới.",
		items:   []string{"TT-NHN", "TT-KK"}},
	{key: "H3", cat: petition.Harassment, kinds: []subjectKind{kindCommune, kindCentre, kindOneStop},
		text:    "Khi tôi làm thủ tục {proc}, {who} bắt tôi viết lại tờ khai ba lần vì \"chữ xấu\", \"gạch xóa\", dù nội dung không sai. Trong lúc đó, mấy người đến sau có vẻ quen biết cán bộ thì được làm trước, không phải xếp hàng.",
		topic:   "việc bị yêu cầu viết lại tờ khai nhiều lần và việc ưu tiên người quen khi làm thủ tục {proc}",
		found:   "công chức đã yêu cầu viết lại tờ khai không cần thiết và cho người quen làm trước, không theo số thứ tự",
		partly:  "công chức có yêu cầu viết lại tờ khai không cần thiết; việc cho người quen làm trước thì chưa có căn cứ, vì những người đó thuộc diện ưu tiên (người cao tuổi, phụ nữ mang thai)",
		unfound: "tờ khai ban đầu ghi sai số định danh cá nhân nên phải viết lại; những người được làm trước thuộc diện ưu tiên theo nội quy (người cao tuổi, người khuyết tật)",
		remedy:  "Chúng tôi đã yêu cầu công chức kiểm điểm, rút kinh nghiệm; bộ phận một cửa đã bố trí máy lấy số thứ tự và tờ khai mẫu có hướng dẫn cách ghi để người dân không phải viết lại.",
		items:   []string{"TT-NHN", "GT-TD"}},
	{key: "H4", cat: petition.Harassment, kinds: []subjectKind{kindHospital}, ward: "Khoa Nội tổng hợp",
		text:    "Mẹ tôi nằm điều trị tại {place}. {Who} yêu cầu gia đình tự ra hiệu thuốc bên ngoài mua bơm kim tiêm và dây truyền dịch, trong khi những vật tư này khoa có sẵn và được bảo hiểm y tế chi trả. Khi tôi hỏi lại thì được trả lời: \"Muốn nhanh thì đi mua, không thì chờ.\"",
		topic:   "việc người nhà bệnh nhân bị yêu cầu tự mua vật tư y tế bên ngoài",
		found:   "việc yêu cầu người nhà tự mua vật tư y tế thuộc danh mục bảo hiểm y tế chi trả là có thật và sai quy định",
		partly:  "vào thời điểm đó khoa tạm hết một loại dây truyền dịch nên có hướng dẫn người nhà mua, nhưng việc không giải thích rõ lý do và lời nói thiếu tế nhị của nhân viên là có thật",
		unfound: "theo sổ xuất vật tư của khoa, các vật tư dùng cho người bệnh đều được cấp đủ; đơn mua ngoài là thuốc bổ do gia đình tự nguyện mua theo tư vấn, không phải vật tư bắt buộc",
		remedy:  "Bệnh viện đã yêu cầu nhân viên liên quan kiểm điểm; khoản tiền gia đình đã tự mua vật tư sẽ được hoàn trả, Ông/Bà vui lòng liên hệ phòng Công tác xã hội của Bệnh viện để nhận lại. Bệnh viện đã chấn chỉnh việc cấp phát vật tư tại các khoa.",
		items:   []string{"TT-NHN", "TT-TNV"}, partlyIt: []string{"GT-LS"}},

	// ---- gây khó khăn, phiền hà ----
	{key: "O1", cat: petition.Obstruct, kinds: []subjectKind{kindCentre, kindOneStop, kindBusiness, kindLand},
		text:    "Tôi nộp hồ sơ {proc} trên Cổng dịch vụ công, hồ sơ bị trả lại với lý do \"thiếu giấy tờ\" nhưng không ghi rõ thiếu gì. Tôi gọi số điện thoại niêm yết của {unit} nhiều lần không ai nghe máy; đến trực tiếp thì {who} chỉ nói \"cứ nộp lại\", không hướng dẫn cụ thể.",
		topic:   "việc hồ sơ {proc} nộp trực tuyến bị trả lại mà không được hướng dẫn cụ thể",
		found:   "hồ sơ bị trả lại không ghi rõ lý do, không có hướng dẫn bổ sung trên hệ thống; đường dây điện thoại niêm yết không có người trực trong giờ làm việc",
		partly:  "hồ sơ thiếu bản quét giấy tờ tùy thân nên bị trả lại là đúng quy định, nhưng việc không ghi rõ lý do và không hướng dẫn khi Ông/Bà đến trực tiếp là thiếu sót",
		unfound: "hồ sơ được trả lại kèm thông báo ghi rõ thiếu văn bản ủy quyền có chứng thực; nhật ký hệ thống cho thấy thông báo đã được gửi tới tài khoản của Ông/Bà",
		remedy:  "Chúng tôi đã yêu cầu công chức kiểm điểm; mọi hồ sơ trả lại trên Cổng dịch vụ công từ nay phải ghi rõ giấy tờ cần bổ sung. Số điện thoại hướng dẫn đã được bố trí người trực trong giờ hành chính, và công chức đã liên hệ để hướng dẫn Ông/Bà nộp lại hồ sơ.",
		items:   []string{"TT-KK", "GT-GD"}},
	{key: "O2", cat: petition.Obstruct, kinds: []subjectKind{kindCentre, kindOneStop, kindCommune},
		text:    "{Who} từ chối tiếp nhận hồ sơ {proc} của tôi vì \"hết giờ\", trong khi lúc đó mới 16 giờ 10 phút, chưa hết giờ làm việc theo lịch niêm yết tại {place}. Tôi xin được nộp thì cán bộ bảo mai quay lại. Nhà tôi ở xa, tôi phải xin nghỉ làm thêm một ngày.",
		topic:   "việc bị từ chối tiếp nhận hồ sơ {proc} trước giờ kết thúc làm việc",
		found:   "công chức đã từ chối tiếp nhận hồ sơ khi chưa hết giờ làm việc theo lịch niêm yết",
		partly:  "đồng hồ tại quầy chạy nhanh hơn khoảng mười phút nên công chức hiểu nhầm là đã hết giờ tiếp nhận; tuy vậy, việc từ chối mà không hẹn hay hướng dẫn cách khác là thiếu sót",
		unfound: "theo hệ thống lấy số, Ông/Bà đến quầy lúc 17 giờ 05 phút, sau giờ tiếp nhận; công chức đã hướng dẫn Ông/Bà nộp hồ sơ trực tuyến hoặc quay lại vào sáng hôm sau",
		remedy:  "Chúng tôi đã yêu cầu công chức kiểm điểm và quán triệt việc tiếp nhận hồ sơ đến hết giờ làm việc; người dân đã lấy số trước giờ kết thúc đều được tiếp nhận trong ngày.",
		items:   []string{"TT-KK", "TT-KL"}},
	{key: "O3", cat: petition.Obstruct, kinds: []subjectKind{kindCommune},
		text:    "Tôi cần {proc}. {Who} nói việc này chỉ làm vào sáng thứ Ba và thứ Năm, lúc có lãnh đạo ký, nhưng lịch này không được niêm yết ở đâu. Tôi đã đến {n} vào các ngày khác đều không được giải quyết, cũng không được nhận hồ sơ để hẹn trả sau.",
		topic:   "việc thủ tục {proc} chỉ được giải quyết vào một số buổi trong tuần",
		found:   "bộ phận một cửa tự đặt lịch tiếp nhận thủ tục vào hai buổi trong tuần, không niêm yết, trái với quy định tiếp nhận hồ sơ trong giờ hành chính các ngày làm việc",
		partly:  "do lãnh đạo đi công tác nên một số ngày chưa ký được, nhưng việc không nhận hồ sơ để hẹn trả là chưa đúng",
		unfound: "sổ theo dõi cho thấy thủ tục này được tiếp nhận tất cả các ngày làm việc; những lần Ông/Bà đến trùng với ngày mất điện toàn xã, đã có thông báo trên loa truyền thanh",
		remedy:  "Chúng tôi đã yêu cầu bỏ ngay lịch tiếp nhận tự đặt; thủ tục được tiếp nhận tất cả các ngày làm việc và trả kết quả đúng thời hạn. Công chức liên quan đã kiểm điểm, rút kinh nghiệm.",
		items:   []string{"TT-KK", "TT-KD"}},
	{key: "O4", cat: petition.Obstruct, kinds: []subjectKind{kindCentre, kindOneStop, kindCommune, kindBusiness},
		text:    "Tôi đến {place} để hỏi thủ tục {proc}. Cán bộ chỉ đưa một tờ danh mục phô tô đã mờ và nói \"tự đọc\", không giải thích. Khi tôi hỏi lại thì {who} bảo đang bận, trong khi lúc đó không có người dân nào khác đang chờ.",
		topic:   "việc không được hướng dẫn khi hỏi thủ tục {proc}",
		found:   "công chức không hướng dẫn cụ thể, tận tình khi Ông/Bà hỏi thủ tục",
		partly:  "công chức có đưa danh mục và hướng dẫn ngắn, nhưng chưa giải thích đầy đủ những giấy tờ Ông/Bà hỏi",
		unfound: "trích xuất camera cho thấy công chức đã hướng dẫn Ông/Bà khoảng mười phút, có đánh dấu các giấy tờ cần chuẩn bị trên tờ danh mục",
		remedy:  "Chúng tôi đã nhắc nhở công chức và thay toàn bộ tờ hướng dẫn thủ tục bằng bản in rõ ràng. Khi cần, Ông/Bà có thể gọi số điện thoại hỗ trợ niêm yết tại quầy để được hướng dẫn trước khi đến.",
		items:   []string{"GT-GD", "GT-TD"}},

	// ---- vòi vĩnh, tham nhũng vặt ----
	{key: "F1", cat: petition.Favours, kinds: []subjectKind{kindCommuneLand, kindOneStop, kindLand},
		text:    "Khi tôi làm thủ tục {proc} tại {place}, {who} nói hồ sơ phải chờ khoảng một tháng, nhưng \"nếu gửi {amount} bồi dưỡng anh em làm ngoài giờ thì tuần sau có\". Tôi không đồng ý thì cán bộ bảo cứ về chờ. Tôi có ghi âm cuộc nói chuyện.",
		topic:   "việc cán bộ gợi ý khoản tiền \"bồi dưỡng\" để giải quyết nhanh hồ sơ {proc}",
		found:   "qua nội dung ghi âm Ông/Bà cung cấp và giải trình của cán bộ, việc gợi ý khoản tiền \"bồi dưỡng\" để giải quyết nhanh hồ sơ là có thật",
		partly:  "cán bộ có nói về việc làm ngoài giờ để giải quyết nhanh, lời nói dễ gây hiểu nhầm là đòi tiền; chưa có căn cứ xác định cán bộ đã đưa ra số tiền cụ thể",
		unfound: "đoạn ghi âm không có nội dung đề cập đến tiền; cán bộ chỉ giải thích thời hạn giải quyết hồ sơ theo quy định",
		remedy:  "Chúng tôi đã tạm dừng việc tiếp nhận hồ sơ của cán bộ này, tổ chức kiểm điểm và xem xét xử lý kỷ luật theo quy định. Hồ sơ của Ông/Bà được giải quyết đúng thời hạn, không phải nộp bất kỳ khoản tiền nào ngoài phí, lệ phí niêm yết.",
		items:   []string{"TT-VV", "TT-TNV"}, partlyIt: []string{"GT-LS"}},
	{key: "F2", cat: petition.Favours, kinds: []subjectKind{kindCommuneLand},
		text:    "Sau khi đo đạc lại thửa đất để làm thủ tục {proc}, {who} gợi ý gia đình tôi \"có chút gì cho anh em đi đo\" và nói mỗi lần ra thực địa là {amount}, không có biên lai. Gia đình tôi đã phải đưa vì sợ hồ sơ bị chậm.",
		topic:   "việc cán bộ nhận tiền của gia đình khi đo đạc thửa đất",
		found:   "cán bộ đã nhận của gia đình Ông/Bà khoản tiền {amount} không có trong quy định về phí, lệ phí và không có biên lai",
		partly:  "khoản tiền là chi phí đo đạc do đơn vị dịch vụ đo đạc thu theo hợp đồng, nhưng cán bộ đã không giải thích rõ và có lời nói gây hiểu nhầm",
		unfound: "khoản tiền gia đình đã nộp là chi phí trích đo địa chính theo hợp đồng với đơn vị đo đạc, có hóa đơn; cán bộ xã không nhận tiền",
		remedy:  "Chúng tôi đã yêu cầu cán bộ hoàn trả toàn bộ số tiền {amount} cho gia đình Ông/Bà, tổ chức kiểm điểm và đề nghị xử lý kỷ luật theo quy định. Lịch đo đạc và chi phí đo đạc đã được niêm yết công khai tại trụ sở.",
		items:   []string{"TT-VV", "TT-TNV"}, partlyIt: []string{"GT-GD"}},
	{key: "F3", cat: petition.Favours, kinds: []subjectKind{kindHospital}, ward: "Khoa Phụ sản",
		text:    "Vợ tôi sinh con tại {place}. {Who} nói bóng gió với gia đình là \"các nhà khác đều có phong bì cho các chị trực đêm\", sau đó thái độ chăm sóc khác hẳn khi gia đình không đưa. Tôi thấy việc này không đúng quy định.",
		topic:   "việc nhân viên y tế nói bóng gió về \"phong bì\" khi chăm sóc sản phụ",
		found:   "nhân viên đã có lời nói gợi ý gia đình đưa tiền, vi phạm quy tắc ứng xử của viên chức ngành y tế",
		partly:  "nhân viên có lời nói thiếu tế nhị, dễ gây hiểu nhầm; chưa có căn cứ xác định việc chăm sóc sản phụ bị ảnh hưởng",
		unfound: "qua làm việc với kíp trực và các sản phụ cùng phòng, không có ai nghe thấy lời nói như Ông/Bà phản ánh; hồ sơ chăm sóc cho thấy sản phụ được theo dõi đúng quy trình",
		remedy:  "Bệnh viện đã tổ chức kiểm điểm nhân viên liên quan, thay đổi vị trí công tác và quán triệt toàn khoa về quy tắc ứng xử. Bệnh viện sẽ lấy ý kiến sản phụ khi ra viện để kịp thời phát hiện, chấn chỉnh.",
		items:   []string{"TT-VV", "GT-LS"}, partlyIt: []string{"GT-LS"}},
	{key: "F4", cat: petition.Favours, kinds: []subjectKind{kindCommune, kindOneStop, kindCentre},
		text:    "{Who} nhận hồ sơ {proc} và yêu cầu nộp {amount} \"lệ phí làm nhanh\", khoản này không có trong bảng phí, lệ phí niêm yết và không có biên lai. Tôi đã nộp vì cần gấp, sau đó hỏi lại thì cán bộ nói đó là \"chi phí phô tô, đánh máy\".",
		topic:   "việc thu khoản \"lệ phí làm nhanh\" khi tiếp nhận hồ sơ {proc}",
		found:   "cán bộ đã thu khoản tiền {amount} ngoài quy định, không có biên lai",
		partly:  "khoản thu có một phần là phí sao y theo quy định nhưng không lập biên lai; phần còn lại là thu ngoài quy định",
		unfound: "khoản tiền Ông/Bà nộp là lệ phí của thủ tục theo quy định, đã có biên lai điện tử gửi qua số điện thoại của Ông/Bà",
		remedy:  "Cán bộ đã hoàn trả khoản tiền thu sai cho Ông/Bà, bị kiểm điểm và xem xét xử lý kỷ luật. Chúng tôi đã niêm yết lại bảng phí, lệ phí và số điện thoại đường dây nóng tại quầy.",
		items:   []string{"TT-TNV", "TT-VV"}},

	// ---- chậm trễ ----
	{key: "D1", cat: petition.Delay, kinds: []subjectKind{kindCommuneLand, kindOneStop, kindLand, kindCentre}, photo: photoReceipt,
		text:    "Tôi nộp hồ sơ {proc} tại {place} đã gần ba tháng, giấy biên nhận hẹn trả kết quả sau 15 ngày làm việc. Đến nay đã quá hẹn lâu, tôi đến hỏi {n} chỉ được trả lời \"đang trình ký\", không có phiếu xin lỗi và hẹn lại ngày trả kết quả.",
		topic:   "việc hồ sơ {proc} quá hạn trả kết quả mà không có phiếu xin lỗi, hẹn lại",
		found:   "hồ sơ của Ông/Bà quá hạn giải quyết nhiều ngày do công chức thụ lý chậm chuyển trình; đơn vị không lập phiếu xin lỗi và hẹn lại theo quy định",
		partly:  "hồ sơ quá hạn vì phải chờ ý kiến của cơ quan thuế về nghĩa vụ tài chính, nhưng đơn vị đã không lập phiếu xin lỗi và hẹn lại là thiếu sót",
		unfound: "hồ sơ đã được giải quyết và có kết quả trước ngày hẹn; tin nhắn báo trả kết quả đã được gửi nhưng không tới được vì số điện thoại trên hồ sơ bị ghi nhầm một chữ số",
		remedy:  "Hồ sơ của Ông/Bà đã có kết quả, Ông/Bà có thể đến nhận hoặc đăng ký nhận qua dịch vụ bưu chính công ích. Chúng tôi đã yêu cầu công chức thụ lý kiểm điểm và rà soát toàn bộ hồ sơ quá hạn để gửi phiếu xin lỗi, hẹn lại cho người dân.",
		items:   []string{"TT-KD", "TT-KL"}},
	{key: "D2", cat: petition.Delay, kinds: []subjectKind{kindOneStop, kindCentre, kindCommune}, photo: photoReceipt,
		text:    "Hồ sơ {proc} của tôi đã quá hẹn trả kết quả mười ngày. Khi tôi đến nhận theo giấy hẹn, {who} không có mặt ở quầy, các cán bộ khác nói không biết hồ sơ để ở đâu. Tôi chờ gần hai tiếng rồi phải về.",
		topic:   "việc hồ sơ {proc} quá hẹn và không được trả khi Ông/Bà đến nhận",
		found:   "hồ sơ quá hạn do công chức thụ lý nghỉ phép mà không bàn giao; không có người được phân công trả kết quả thay",
		partly:  "hồ sơ quá hạn ba ngày do chờ xác minh thông tin, không phải mười ngày; nhưng việc không có người trả lời, để Ông/Bà chờ lâu là thiếu sót",
		unfound: "hồ sơ đã có kết quả từ trước ngày hẹn và được lưu tại tủ trả kết quả; hôm đó hệ thống tra cứu bị lỗi mạng nên công chức chưa tìm được ngay",
		remedy:  "Hồ sơ của Ông/Bà đã có kết quả và được chuyển trả tận nhà qua bưu điện, không thu phí. Chúng tôi đã quy định việc bàn giao hồ sơ khi công chức nghỉ phép và yêu cầu công chức liên quan kiểm điểm.",
		items:   []string{"TT-KD", "TT-KL"}},
	{key: "D3", cat: petition.Delay, kinds: []subjectKind{kindCommune, kindOneStop, kindCentre}, unitOnly: true, photo: photoCounter,
		text:    "Tôi đến {place} từ 8 giờ sáng để làm thủ tục {proc}. Quầy tiếp nhận không có người ngồi đến gần 9 giờ 30; hỏi thì được biết cán bộ đi họp, không ai được phân công thay. Hơn mười người dân phải ngồi chờ.",
		topic:   "việc quầy tiếp nhận hồ sơ không có người làm việc trong giờ hành chính",
		found:   "công chức tiếp nhận đi họp mà đơn vị không phân công người thay, để người dân chờ hơn một giờ",
		partly:  "công chức đi họp theo triệu tập đột xuất và đơn vị có phân công người thay, nhưng người thay đến muộn khoảng bốn mươi phút",
		unfound: "theo lịch trực và camera, quầy có công chức làm việc từ 7 giờ 30; quầy Ông/Bà nêu là quầy của thủ tục khác, tạm đóng theo thông báo niêm yết từ trước",
		remedy:  "Chúng tôi đã yêu cầu bố trí công chức thay thế bất cứ khi nào người trực quầy vắng mặt và niêm yết thông báo khi quầy tạm nghỉ. Lãnh đạo bộ phận đã kiểm điểm trách nhiệm trong việc phân công.",
		items:   []string{"TT-KL", "TT-KD"}},
	{key: "D4", cat: petition.Delay, kinds: []subjectKind{kindDistrict, kindBusiness, kindLand, kindHomeAffairs},
		text:    "Tôi gửi đơn đề nghị {proc} đã hơn một tháng, quá thời hạn giải quyết theo quy định, nhưng chưa nhận được văn bản trả lời hay thông báo nào của {unit}. Gọi điện hỏi thì {who} hẹn \"tuần sau\" đã ba lần.",
		topic:   "việc đơn đề nghị {proc} quá thời hạn chưa được trả lời",
		found:   "đơn của Ông/Bà được giao cho chuyên viên thụ lý nhưng không được theo dõi, đã quá hạn trả lời",
		partly:  "đơn cần lấy ý kiến của các cơ quan liên quan nên kéo dài, nhưng đơn vị không thông báo gia hạn cho Ông/Bà là thiếu sót",
		unfound: "văn bản trả lời đã được gửi qua bưu điện theo địa chỉ trên đơn trong thời hạn quy định, nhưng bị trả lại do địa chỉ chưa ghi số nhà",
		remedy:  "Văn bản trả lời đơn của Ông/Bà đã được ban hành và gửi qua đường bưu điện. Chuyên viên thụ lý đã kiểm điểm; đơn vị đã rà soát toàn bộ đơn thư đang giải quyết để không để quá hạn.",
		items:   []string{"TT-KD", "TT-KL"}},

	// ---- thái độ ----
	{key: "A1", cat: petition.Attitude, kinds: []subjectKind{kindCentre, kindOneStop, kindCommune},
		text:    "{Who} quát tôi trước mặt nhiều người khi tôi hỏi lại lần thứ hai cách điền tờ khai {proc}: \"Nói mãi không hiểu à, tự đọc đi!\". Tôi đã gần 70 tuổi, mắt kém nên mới phải hỏi lại. Thái độ như vậy là không đúng mực với người dân.",
		topic:   "thái độ của cán bộ khi Ông/Bà hỏi cách điền tờ khai {proc}",
		found:   "công chức đã có lời nói to tiếng, thiếu tôn trọng khi Ông/Bà hỏi lại",
		partly:  "công chức có nói to do khu vực chờ đông và ồn, nhưng cách trả lời chưa nhẹ nhàng, chưa kiên nhẫn với người cao tuổi",
		unfound: "trích xuất camera và ý kiến của hai công dân ngồi cạnh cho thấy công chức đã hướng dẫn Ông/Bà điền từng mục của tờ khai, không có lời nói như phản ánh",
		remedy:  "Công chức đã kiểm điểm, nhận khuyết điểm và gửi lời xin lỗi tới Ông/Bà. Đơn vị đã bố trí nhân viên hỗ trợ điền tờ khai cho người cao tuổi tại khu vực chờ.",
		items:   []string{"GT-LS", "GT-NN"}},
	{key: "A2", cat: petition.Attitude, kinds: []subjectKind{kindCentre, kindOneStop, kindCommune, kindBusiness},
		text:    "Trong suốt lúc tiếp tôi, {who} vừa làm vừa nói chuyện điện thoại riêng, không nhìn người dân, trả giấy tờ bằng cách đẩy mạnh ra mép bàn. Khi tôi góp ý thì cán bộ nói \"không thích thì sang chỗ khác mà làm\".",
		topic:   "thái độ, cử chỉ của cán bộ khi tiếp Ông/Bà",
		found:   "công chức sử dụng điện thoại vào việc riêng khi đang tiếp người dân và có lời nói thiếu tôn trọng khi Ông/Bà góp ý",
		partly:  "công chức có nghe điện thoại trong lúc tiếp Ông/Bà (cuộc gọi công việc của lãnh đạo), nhưng cử chỉ, lời nói khi Ông/Bà góp ý là chưa đúng mực",
		unfound: "qua camera, công chức không sử dụng điện thoại trong thời gian tiếp Ông/Bà; lời nói như phản ánh không được những người có mặt xác nhận",
		remedy:  "Công chức đã kiểm điểm và được điều chuyển sang vị trí không trực tiếp tiếp dân trong ba tháng. Đơn vị đã quán triệt việc không sử dụng điện thoại vào việc riêng khi tiếp người dân.",
		items:   []string{"GT-LS", "GT-TD"}},
	{key: "A3", cat: petition.Attitude, kinds: []subjectKind{kindHospital}, ward: "Khoa Nhi",
		text:    "Con tôi sốt cao, gia đình đưa vào {place} lúc gần nửa đêm. {Who} nói năng cộc lốc, gắt gỏng; khi tôi hỏi về tình trạng của cháu thì bảo \"hỏi nhiều thế, ra ngoài mà chờ\". Gia đình rất lo lắng mà không được giải thích gì.",
		topic:   "thái độ của nhân viên y tế khi tiếp nhận cháu bé vào khoa",
		found:   "nhân viên đã trả lời thiếu tôn trọng, không giải thích tình trạng người bệnh cho gia đình",
		partly:  "đêm đó khoa tiếp nhận nhiều ca cấp cứu cùng lúc nên nhân viên chưa giải thích kịp; tuy vậy, lời nói của nhân viên là chưa đúng mực",
		unfound: "kíp trực và camera hành lang cho thấy bác sĩ đã giải thích tình trạng của cháu cho gia đình ngay sau khi thăm khám; không có lời nói như phản ánh",
		remedy:  "Bệnh viện đã yêu cầu nhân viên kiểm điểm và xin lỗi gia đình; khoa đã bố trí người hướng dẫn, giải thích cho người nhà bệnh nhân vào ban đêm.",
		items:   []string{"GT-LS", "GT-TD"}},
	{key: "A4", cat: petition.Attitude, kinds: []subjectKind{kindOneStop, kindCentre, kindCommune, kindLand},
		text:    "Tôi gọi số đường dây nóng niêm yết tại {place} để hỏi tiến độ hồ sơ {proc}. Người nghe máy, sau này tôi biết là {who}, trả lời \"không biết, tự lên mà hỏi\" rồi cúp máy. Tôi gọi lại thì không ai nghe.",
		topic:   "cách trả lời điện thoại khi Ông/Bà hỏi tiến độ hồ sơ {proc}",
		found:   "công chức trực điện thoại đã trả lời thiếu lịch sự và không hướng dẫn Ông/Bà cách tra cứu tiến độ hồ sơ",
		partly:  "cuộc gọi bị ngắt do sự cố tổng đài; tuy vậy, câu trả lời của công chức là chưa đúng mực",
		unfound: "nhật ký tổng đài không có cuộc gọi nào tới số niêm yết vào thời điểm Ông/Bà nêu; có thể Ông/Bà đã gọi nhầm số của đơn vị khác",
		remedy:  "Công chức đã kiểm điểm; đơn vị đã ban hành quy định trả lời điện thoại (chào, xưng tên, hướng dẫn cách tra cứu hồ sơ). Chúng tôi đã tra cứu hồ sơ của Ông/Bà: hồ sơ sẽ có kết quả đúng hẹn.",
		items:   []string{"GT-LS", "GT-XC"}},
	{key: "A5", cat: petition.Attitude, kinds: []subjectKind{kindCommune},
		procs: []string{"đăng ký hưởng trợ cấp xã hội cho người khuyết tật", "xác nhận mức độ khuyết tật", "chứng thực giấy ủy quyền"},
		text:  "Bố tôi là người khuyết tật, đi lại rất khó khăn. Khi gia đình đến làm thủ tục {proc}, {who} không cho làm hộ mà bắt đưa bố tôi đến tận nơi ký, nói \"quy định là thế, ai làm hộ được\", trong khi có thể xác minh tại nhà.",
		topic: "việc người khuyết tật bị yêu cầu đến tận nơi khi làm thủ tục {proc}",
		found: "công chức không hướng dẫn các cách thức thay thế (ủy quyền, xác minh tại nhà) mà quy định cho phép đối với người khuyết tật",
		partly: "một số giấy tờ của thủ tục cần người đề nghị ký trực tiếp nên yêu cầu là có căn cứ, nhưng công chức đã không hướng dẫn việc có thể ký tại nhà " +
			"và chưa thể hiện sự cảm thông",
		unfound: "thủ tục này cần người đề nghị trực tiếp ký trước mặt người chứng thực; công chức đã đề nghị đến nhà để chứng thực nhưng gia đình chưa thống nhất được lịch",
		remedy:  "Công chức đã đến tận nhà để hoàn thiện hồ sơ cho bố của Ông/Bà. Đơn vị đã yêu cầu công chức kiểm điểm và quán triệt việc hỗ trợ người khuyết tật, người cao tuổi khi làm thủ tục.",
		items:   []string{"TT-VC", "GT-TD"}},

	// ---- trang phục, thẻ ----
	{key: "W1", cat: petition.Dress, kinds: []subjectKind{kindCentre, kindOneStop, kindCommune}, unitOnly: true, photo: photoCounter,
		subject: "Cán bộ ngồi quầy số {counter}, không rõ họ tên",
		text:    "Cán bộ ngồi quầy số {counter} tại {place} không đeo thẻ công chức, mặc áo phông và quần soóc. Tôi hỏi tên để tiện liên hệ lại thì cán bộ không nói.",
		topic:   "trang phục và việc không đeo thẻ của cán bộ tại quầy số {counter}",
		found:   "công chức ngồi quầy hôm đó mặc trang phục không đúng quy định và không đeo thẻ công chức",
		partly:  "công chức không đeo thẻ là đúng; về trang phục, công chức mặc áo phông in biểu trưng của đơn vị theo đợt ra quân ngày Chủ nhật xanh",
		unfound: "theo camera, công chức ngồi quầy hôm đó mặc đồng phục và đeo thẻ; người Ông/Bà thấy là nhân viên kỹ thuật đang sửa máy tính tại quầy",
		remedy:  "Đơn vị đã nhắc nhở công chức, quán triệt việc mặc trang phục lịch sự và đeo thẻ trong giờ làm việc; mỗi quầy đã có biển tên công chức để người dân tiện liên hệ.",
		items:   []string{"TP-GG", "TP-TH"}, partlyIt: []string{"TP-TH"}},
	{key: "W2", cat: petition.Dress, kinds: []subjectKind{kindCentre, kindOneStop, kindCommune}, unitOnly: true,
		text:    "Nhiều cán bộ tại {place} không đeo thẻ, trên bàn không có biển tên nên người dân không biết ai đang tiếp nhận hồ sơ của mình. Khi cần hỏi lại thì không biết hỏi ai.",
		topic:   "việc cán bộ tại {place} không đeo thẻ, không có biển tên",
		found:   "buổi kiểm tra đột xuất cho thấy ba công chức không đeo thẻ và hai quầy không có biển tên",
		partly:  "một số công chức có đeo thẻ nhưng để trong túi áo, không nhìn thấy được; các quầy đều có biển tên",
		unfound: "qua kiểm tra đột xuất và camera các ngày gần đây, công chức đều đeo thẻ và các quầy đều có biển tên",
		remedy:  "Đơn vị đã kiểm điểm các công chức không đeo thẻ, bổ sung biển tên cho tất cả các quầy và giao tổ trưởng kiểm tra hằng ngày.",
		items:   []string{"TP-TH"}},
	{key: "W3", cat: petition.Dress, kinds: []subjectKind{kindOneStop, kindCommune, kindCentre}, noBadge: true,
		text:    "{Who} đi dép lê, mặc áo khoác ngoài che kín thẻ công chức khi tiếp dân, trông không giống cán bộ đang làm nhiệm vụ. Tôi nghĩ cần nhắc nhở để giữ hình ảnh của cơ quan.",
		topic:   "trang phục của cán bộ khi tiếp dân",
		found:   "công chức đi dép lê và mặc áo khoác che thẻ trong giờ làm việc",
		partly:  "công chức mặc áo khoác do phòng lạnh nên thẻ bị che; việc đi dép lê thì không có",
		unfound: "qua camera ngày Ông/Bà nêu, công chức đi giày và đeo thẻ bên ngoài áo khoác",
		remedy:  "Đơn vị đã nhắc nhở công chức và quán triệt toàn bộ phận về trang phục, việc đeo thẻ khi thực hiện nhiệm vụ.",
		items:   []string{"TP-GD", "TP-TH"}, partlyIt: []string{"TP-TH"}},

	// ---- rượu bia, thuốc lá ----
	{key: "L1", cat: petition.Alcohol, kinds: []subjectKind{kindCommune, kindDistrict, kindOneStop},
		text:    "Khoảng 13 giờ 30, tôi thấy {who} cùng hai người nữa uống bia ở quán đối diện {unit}, sau đó quay lại làm việc, người có mùi rượu bia, mặt đỏ. Khi tiếp tôi, cán bộ nói năng không rõ ràng, tôi phải hỏi lại nhiều lần.",
		topic:   "việc cán bộ uống bia vào giờ nghỉ trưa rồi quay lại làm việc",
		found:   "công chức đã uống bia trong giờ nghỉ trưa và trở lại làm việc khi còn hơi men",
		partly:  "công chức có ăn trưa tại quán và uống một cốc bia; chưa có căn cứ cho thấy việc tiếp dân buổi chiều bị ảnh hưởng",
		unfound: "qua xác minh với chủ quán và đồng nghiệp, trưa hôm đó công chức ăn cơm tại bếp ăn tập thể của cơ quan; người Ông/Bà thấy không phải công chức của đơn vị",
		remedy:  "Công chức đã bị kiểm điểm và đang được xem xét hình thức kỷ luật theo quy định. Đơn vị đã quán triệt lại quy định không sử dụng đồ uống có cồn trong giờ làm việc và giờ nghỉ trưa.",
		items:   []string{"DD-RB"}},
	{key: "L2", cat: petition.Alcohol, kinds: []subjectKind{kindCommune, kindOneStop},
		text:    "Buổi chiều tôi đến {place} để nộp hồ sơ {proc} thì {who} có biểu hiện say rượu, nói to, tiếp dân không tập trung, ghi sai tên tôi trên giấy biên nhận. Tôi được biết trưa hôm đó cơ quan có liên hoan.",
		topic:   "việc cán bộ có biểu hiện say rượu khi tiếp nhận hồ sơ {proc}",
		found:   "trưa hôm đó công chức có uống rượu tại buổi liên hoan và đã ghi sai thông tin trên giấy biên nhận của Ông/Bà",
		partly:  "công chức có uống rượu trong bữa trưa; việc ghi sai tên trên giấy biên nhận là do lỗi phần mềm, không phải do công chức",
		unfound: "buổi liên hoan tổ chức vào cuối giờ chiều, sau giờ làm việc; trưa hôm đó công chức không uống rượu bia, việc ghi sai tên là do phần mềm lỗi phông chữ",
		remedy:  "Công chức đã bị kiểm điểm; lãnh đạo đơn vị đã nhận trách nhiệm về việc tổ chức liên hoan trong giờ nghỉ trưa và cam kết không tái diễn. Giấy biên nhận của Ông/Bà đã được cấp lại đúng thông tin.",
		items:   []string{"DD-RB", "GT-LS"}},
	{key: "L3", cat: petition.Alcohol, kinds: []subjectKind{kindCommune, kindDistrict, kindLand, kindBusiness},
		text:    "{Who} thường xuyên hút thuốc lá ngay trong phòng làm việc khi người dân đang chờ, dù có biển không hút thuốc. Tôi đề nghị thì cán bộ vẫn tiếp tục hút, khói thuốc ảnh hưởng đến cả trẻ em đi cùng người dân.",
		topic:   "việc cán bộ hút thuốc lá trong phòng làm việc",
		found:   "công chức hút thuốc lá trong phòng làm việc, không đúng nơi quy định",
		partly:  "công chức có hút thuốc tại hành lang gần phòng làm việc, không phải trong phòng; đây vẫn là nơi không được hút thuốc",
		unfound: "qua kiểm tra nhiều lần và ý kiến của người dân đến làm việc, không phát hiện công chức hút thuốc trong phòng làm việc",
		remedy:  "Công chức đã bị nhắc nhở, kiểm điểm; đơn vị đã bố trí khu vực hút thuốc riêng bên ngoài trụ sở và giao người kiểm tra việc thực hiện.",
		items:   []string{"DD-TL"}},

	// ---- khác ----
	{key: "X1", cat: petition.Other, kinds: []subjectKind{kindOneStop, kindCentre, kindCommune},
		text:    "Khi tôi và một người dân khác tranh luận về hồ sơ tại quầy, {who} dùng điện thoại quay video chúng tôi và nói sẽ \"đưa lên mạng cho mọi người biết\". Tôi thấy việc này xâm phạm quyền riêng tư của người dân.",
		topic:   "việc cán bộ quay video người dân tại quầy và nói sẽ đưa lên mạng",
		found:   "công chức đã quay video người dân bằng điện thoại cá nhân và có lời nói về việc đưa lên mạng xã hội",
		partly:  "công chức có dùng điện thoại ghi hình để báo cáo lãnh đạo sự việc tranh cãi, nhưng lời nói về việc đưa lên mạng là không đúng mực",
		unfound: "camera tại quầy cho thấy công chức không dùng điện thoại; người quay video là một người dân khác đang chờ làm thủ tục",
		remedy:  "Công chức đã xóa đoạn video trước sự chứng kiến của lãnh đạo đơn vị, bị kiểm điểm và nhận hình thức khiển trách. Đơn vị đã quán triệt việc không tự ý ghi hình người dân bằng thiết bị cá nhân.",
		items:   []string{"DD-MXH", "GT-LS"}, partlyIt: []string{"GT-LS"}},
	{key: "X2", cat: petition.Other, kinds: []subjectKind{kindCommune, kindOneStop}, unitOnly: true,
		text:    "Tại {place}, tôi thấy một người không phải cán bộ (nghe nói là người nhà của cán bộ) ngồi vào máy tính nhập hồ sơ của người dân. Tôi lo thông tin cá nhân của mình bị lộ.",
		topic:   "việc người không phải cán bộ nhập hồ sơ của người dân tại {place}",
		found:   "công chức đã để người nhà sử dụng tài khoản của mình nhập hồ sơ, vi phạm quy định bảo vệ dữ liệu cá nhân",
		partly:  "người Ông/Bà thấy là sinh viên thực tập có giấy giới thiệu, nhưng việc để thực tập sinh nhập hồ sơ bằng tài khoản của công chức là không đúng quy định",
		unfound: "người Ông/Bà thấy là viên chức của Trung tâm Chuyển đổi số được cử đến hỗ trợ, có quyết định phân công và tài khoản riêng",
		remedy:  "Đơn vị đã thu hồi và cấp lại mật khẩu tài khoản, yêu cầu công chức kiểm điểm và quán triệt quy định về bảo vệ dữ liệu cá nhân. Hồ sơ của Ông/Bà đã được rà soát, không có thông tin bị chỉnh sửa.",
		items:   []string{"TT-KL", "TT-QL"}},
	{key: "X3", cat: petition.Other, kinds: []subjectKind{kindOneStop, kindCentre, kindCommuneLand},
		text:    "{Who} giới thiệu tôi sang một cửa hàng dịch vụ bên ngoài để \"làm hồ sơ {proc} cho nhanh\". Cửa hàng đó thu {amount} cho một bộ hồ sơ; hồ sơ làm qua cửa hàng thì được nhận ngay, còn tôi tự nộp thì bị hẹn lại nhiều lần.",
		topic:   "việc cán bộ giới thiệu người dân sang dịch vụ bên ngoài để làm hồ sơ {proc}",
		found:   "công chức đã giới thiệu người dân sang cửa hàng dịch vụ và ưu tiên tiếp nhận hồ sơ làm qua cửa hàng này",
		partly:  "công chức có giới thiệu cửa hàng phô tô gần trụ sở để sao giấy tờ; chưa có căn cứ cho thấy hồ sơ làm qua cửa hàng được ưu tiên",
		unfound: "công chức chỉ hướng dẫn Ông/Bà nơi sao chụp giấy tờ khi máy phô tô của bộ phận bị hỏng; sổ theo dõi không cho thấy hồ sơ nào được ưu tiên",
		remedy:  "Công chức đã bị kiểm điểm và đang được xem xét xử lý kỷ luật; đơn vị đã phối hợp với cơ quan chức năng kiểm tra hoạt động của cửa hàng dịch vụ và niêm yết công khai rằng người dân không phải qua bất kỳ dịch vụ trung gian nào.",
		items:   []string{"TT-TNV", "TT-KK"}, partlyIt: []string{"TT-KK"}},
}

// petitionProcs lists the administrative procedures people do at each kind of
// place.
var petitionProcs = map[subjectKind][]string{
	kindCentre: {"cấp đổi giấy phép lái xe", "cấp phiếu lý lịch tư pháp", "đăng ký thành lập doanh nghiệp",
		"cấp giấy phép kinh doanh vận tải", "đăng ký biến động đất đai"},
	kindOneStop: {"cấp giấy chứng nhận quyền sử dụng đất lần đầu", "đăng ký hộ kinh doanh", "cấp giấy phép xây dựng nhà ở riêng lẻ",
		"tách thửa đất", "đăng ký biến động đất đai do thừa kế"},
	kindCommune: {"đăng ký khai sinh cho con", "chứng thực bản sao giấy tờ", "chứng thực hợp đồng tặng cho quyền sử dụng đất",
		"xác nhận tình trạng hôn nhân", "đăng ký kết hôn", "đăng ký hưởng trợ cấp xã hội cho người cao tuổi"},
	kindCommuneLand: {"xác nhận nguồn gốc đất", "đăng ký biến động đất đai do chuyển nhượng", "tách thửa đất",
		"cấp đổi giấy chứng nhận quyền sử dụng đất"},
	kindLand: {"đăng ký biến động đất đai do chuyển nhượng", "cấp đổi giấy chứng nhận quyền sử dụng đất",
		"đính chính thông tin trên giấy chứng nhận quyền sử dụng đất"},
	kindBusiness: {"đăng ký thay đổi nội dung đăng ký doanh nghiệp", "đăng ký thành lập doanh nghiệp",
		"cấp lại giấy chứng nhận đăng ký doanh nghiệp"},
	kindDistrict: {"xác nhận thời gian công tác để hưởng chế độ", "hỗ trợ sửa chữa nhà bị hư hỏng do bão",
		"cấp bản sao quyết định giao đất"},
	kindHomeAffairs: {"phúc khảo kết quả thi tuyển viên chức"},
	kindHospital:    {""},
}

// nobody are the words of reporters who cannot name the person, by kind.
var nobody = map[subjectKind][]string{
	kindCentre:      {"nữ cán bộ ngồi quầy số {counter}", "cán bộ nam ở quầy số {counter}"},
	kindOneStop:     {"nữ cán bộ ngồi quầy số {counter}", "cán bộ nam ở quầy số {counter}", "một cán bộ trẻ ở quầy tiếp nhận hồ sơ đất đai"},
	kindCommune:     {"cán bộ tiếp nhận hồ sơ ở bộ phận một cửa", "một nữ cán bộ ở bộ phận một cửa"},
	kindCommuneLand: {"cán bộ địa chính", "một cán bộ phụ trách đất đai"},
	kindHospital:    {"một điều dưỡng trực đêm", "một nhân viên y tế của khoa"},
	kindLand:        {"chuyên viên tiếp nhận hồ sơ", "một chuyên viên của văn phòng"},
	kindBusiness:    {"chuyên viên tiếp nhận hồ sơ", "một chuyên viên của phòng"},
	kindDistrict:    {"một chuyên viên của văn phòng", "cán bộ trực phòng tiếp công dân"},
	kindHomeAffairs: {"chuyên viên phụ trách thi tuyển"},
}

var (
	amounts = []string{"200.000 đồng", "300.000 đồng", "500.000 đồng", "1 triệu đồng", "2 triệu đồng"}
	visits  = []string{"ba lần", "bốn lần", "năm lần"}
)

// rejection is a petition that is not accepted, with the reason recorded
// and the courteous explanation sent to the reporter.
type rejection struct {
	cat    petition.Category
	kind   subjectKind
	text   string
	reason string
	reply  string // the body between the thanks and the closing; "" for no reply
}

var rejections = []rejection{
	{cat: petition.Other, kind: kindCommune,
		text:   "Cán bộ ở đây làm việc rất kém, người dân ai cũng bức xúc, đề nghị cấp trên về kiểm tra và xử lý nghiêm.",
		reason: "Nội dung phản ánh chưa nêu rõ thời gian, sự việc cụ thể và cán bộ liên quan nên chưa đủ cơ sở để xem xét, xác minh.",
		reply:  "Qua kiểm tra, nội dung phản ánh chưa nêu rõ thời gian, sự việc cụ thể và cán bộ liên quan nên chưa đủ cơ sở để xác minh. Đề nghị Ông/Bà gửi lại phản ánh, nêu cụ thể sự việc Ông/Bà đã gặp (ngày, giờ, quầy, thủ tục), chúng tôi sẽ xem xét ngay."},
	{cat: petition.Attitude, kind: kindOneStop,
		text:   "Thái độ phục vụ không tốt, chờ đợi lâu, đề nghị xem xét.",
		reason: "Nội dung phản ánh quá chung, không nêu sự việc, thời gian và người liên quan; không đủ cơ sở để xác minh.",
		reply:  "Qua kiểm tra, phản ánh chưa nêu sự việc, thời gian và người liên quan nên chưa thể xác minh. Xin Ông/Bà vui lòng gửi lại phản ánh với thông tin cụ thể hơn, chúng tôi sẽ xem xét ngay; Ông/Bà cũng có thể đánh giá ngay tại quầy bằng mã QR trên thẻ của cán bộ."},
	{cat: petition.Other, kind: kindCommuneLand,
		text:   "Đề nghị xem xét lại giá bồi thường đất nông nghiệp của gia đình tôi khi thu hồi để mở rộng đường, mức bồi thường thấp hơn nhiều so với các hộ bên cạnh.",
		reason: "Nội dung là khiếu nại quyết định hành chính về bồi thường, hỗ trợ khi Nhà nước thu hồi đất, được giải quyết theo Luật Khiếu nại, không thuộc phạm vi phản ánh về hành vi của cán bộ, công chức.",
		reply:  "Qua kiểm tra, nội dung Ông/Bà nêu là khiếu nại về mức bồi thường khi Nhà nước thu hồi đất, được giải quyết theo trình tự của Luật Khiếu nại. Đề nghị Ông/Bà gửi đơn khiếu nại đến Chủ tịch Ủy ban nhân dân xã, phường nơi có đất; nếu cần, Ông/Bà có thể liên hệ Ban Tiếp công dân để được hướng dẫn viết đơn."},
	{cat: petition.Other, kind: kindCommune,
		text:   "Một hộ kinh doanh karaoke gần trụ sở ủy ban hát to đến 23 giờ đêm nhiều ngày liền, đề nghị chính quyền xử lý.",
		reason: "Nội dung phản ánh về tiếng ồn của hộ kinh doanh, không liên quan đến hành vi của cán bộ, công chức; thuộc thẩm quyền xử lý của Công an cấp xã.",
		reply:  "Qua kiểm tra, nội dung Ông/Bà phản ánh là tiếng ồn của hộ kinh doanh karaoke, không liên quan đến hành vi của cán bộ, công chức. Chúng tôi đã chuyển thông tin tới Công an phường để kiểm tra, xử lý theo quy định; Ông/Bà cũng có thể báo trực tiếp qua số điện thoại của Công an phường khi sự việc xảy ra."},
	{cat: petition.Other, kind: kindCommuneLand,
		text:   "Nhà hàng xóm xây tường lấn sang đất nhà tôi khoảng 30 cm, tôi đã báo thôn nhưng chưa được giải quyết, đề nghị cơ quan xử lý.",
		reason: "Nội dung là tranh chấp ranh giới đất giữa hai hộ gia đình, thuộc thẩm quyền hòa giải ở cơ sở và giải quyết tranh chấp đất đai; không phải phản ánh về hành vi của cán bộ, công chức.",
		reply:  "Qua kiểm tra, nội dung Ông/Bà nêu là tranh chấp ranh giới đất giữa hai hộ gia đình. Đề nghị Ông/Bà gửi đơn đề nghị hòa giải tranh chấp đất đai đến Ủy ban nhân dân xã, phường nơi có đất; cán bộ địa chính sẽ hướng dẫn Ông/Bà các bước tiếp theo."},
	{cat: petition.Favours, kind: kindOneStop,
		text:   "Nghe nói muốn làm sổ đỏ nhanh thì phải có tiền, đề nghị các cơ quan kiểm tra.",
		reason: "Phản ánh dựa trên thông tin nghe nói, không nêu sự việc cụ thể người phản ánh trực tiếp gặp; không đủ cơ sở để xác minh.",
		reply:  ""},
	{cat: petition.Other, kind: kindCommune,
		text:   "Đề nghị tăng mức trợ cấp hằng tháng cho người cao tuổi vì mức hiện nay quá thấp so với giá cả.",
		reason: "Nội dung là kiến nghị về chính sách trợ cấp xã hội, không phải phản ánh về hành vi của cán bộ, công chức; đã ghi nhận để tổng hợp kiến nghị gửi cơ quan có thẩm quyền.",
		reply:  "Qua kiểm tra, nội dung Ông/Bà gửi là kiến nghị về mức trợ cấp xã hội, do Chính phủ quy định. Chúng tôi đã ghi nhận và sẽ tổng hợp vào báo cáo kiến nghị gửi cơ quan có thẩm quyền."},
	{cat: petition.Other, kind: kindHospital,
		text:   "Bệnh viện thu tiền gửi xe máy 5.000 đồng một lượt là quá cao, đề nghị giảm cho người nhà bệnh nhân.",
		reason: "Nội dung là kiến nghị về giá dịch vụ trông giữ xe do đơn vị dịch vụ thực hiện, không phải hành vi của viên chức; đã chuyển Bệnh viện xem xét.",
		reply:  "Qua kiểm tra, nội dung Ông/Bà nêu là giá dịch vụ trông giữ xe, không phải hành vi của viên chức nên không được xem xét theo quy trình phản ánh về văn hóa công vụ. Chúng tôi đã chuyển kiến nghị tới Bệnh viện để xem xét; kết quả sẽ được Bệnh viện niêm yết tại khu vực gửi xe."},
}

// Reporters' follow-ups and the handlers' internal notes.
var (
	notesGeneric = []string{
		"Đã đề nghị {unit} cung cấp trích xuất camera khu vực tiếp nhận và sổ theo dõi hồ sơ có liên quan.",
		"Đã làm việc trực tiếp với cán bộ bị phản ánh; cán bộ có báo cáo giải trình bằng văn bản.",
		"Lãnh đạo {unit} cho biết đã nhắc nhở cán bộ này một lần về việc tương tự trong năm.",
		"Đã lấy ý kiến của hai công dân làm thủ tục cùng thời điểm.",
		"Chờ {unit} gửi báo cáo giải trình; đã nhắc qua điện thoại.",
		"Camera khu vực một cửa chỉ lưu 30 ngày; đã kịp trích xuất đoạn ghi hình liên quan.",
	}
	notesHospital = []string{
		"Đã đề nghị Bệnh viện cung cấp lịch trực, sổ cấp phát vật tư và báo cáo của khoa.",
		"Đã làm việc với trưởng khoa và điều dưỡng trưởng; khoa có báo cáo giải trình.",
		"Đã lấy ý kiến hai người nhà bệnh nhân nằm cùng phòng.",
	}
	notesWaiting = []string{
		"Nội dung liên quan đến nhiều đơn vị, cần xác định đơn vị có thẩm quyền trước khi giao.",
		"Đã báo cáo lãnh đạo; chờ ý kiến chỉ đạo về đơn vị giao xác minh.",
	}
	messagesMore = []string{
		"Tôi xin bổ sung: hôm đó còn có hai người khác gặp trường hợp tương tự, nếu cơ quan cần tôi có thể cung cấp số điện thoại của họ.",
		"Tôi có ghi âm cuộc nói chuyện hôm đó, nếu cơ quan cần tôi sẵn sàng cung cấp.",
		"Tôi có thể đến làm việc vào buổi sáng các ngày trong tuần nếu cơ quan cần.",
	}
	messagesLate = []string{
		"Đã hơn hai tuần kể từ khi gửi phản ánh nhưng tôi chưa thấy cơ quan phản hồi. Xin cho biết phản ánh đã được xem xét đến đâu.",
		"Xin hỏi phản ánh của tôi đã được xử lý chưa? Đến nay tôi vẫn chưa nhận được thông tin gì từ cơ quan.",
	}
	messagesThanks = []string{
		"Cảm ơn cơ quan đã xem xét và trả lời. Tôi đồng ý với kết quả giải quyết.",
		"Tôi đã nhận được kết quả hồ sơ. Cảm ơn cơ quan.",
		"Cảm ơn cơ quan đã trả lời. Mong cán bộ rút kinh nghiệm để người dân đỡ vất vả.",
	}
	revealReasons = []string{
		"Cần liên hệ người phản ánh để xác định chính xác thời điểm và quầy tiếp nhận, phục vụ trích xuất camera.",
		"Cần mời người phản ánh cung cấp giấy biên nhận hồ sơ để đối chiếu với sổ theo dõi.",
		"Người phản ánh đề nghị được gặp trực tiếp; cần số điện thoại để hẹn lịch làm việc.",
	}
	evidence = []string{
		"Căn cứ: biên bản làm việc với cán bộ bị phản ánh, trích xuất camera tại quầy và sổ theo dõi hồ sơ.",
		"Căn cứ: báo cáo giải trình của cán bộ, ý kiến của lãnh đạo đơn vị và của hai công dân có mặt.",
		"Căn cứ: biên bản làm việc với người phản ánh, tài liệu người phản ánh cung cấp và giải trình của cán bộ.",
	}
	evidenceHospital = "Căn cứ: biên bản làm việc với kíp trực, hồ sơ bệnh án, sổ cấp phát vật tư và báo cáo của khoa."
)

// Parts of the replies to reporters.
var (
	replyThanks = []string{
		"Chúng tôi trân trọng cảm ơn Ông/Bà đã phản ánh về {topic}.",
		"Cảm ơn Ông/Bà đã dành thời gian phản ánh về {topic}; ý kiến của Ông/Bà giúp chúng tôi chấn chỉnh lề lối làm việc.",
	}
	replyClosing = []string{"Trân trọng.", "Trân trọng cảm ơn Ông/Bà.", "Kính chúc Ông/Bà sức khỏe. Trân trọng."}
)
