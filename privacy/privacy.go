// Package privacy holds the facts every page that collects personal data
// tells the person it is about, under the Law on Personal Data Protection
// (Law 91/2025/QH15, in force from 01/01/2026): who controls the data, for
// what, how long each piece is kept — the periods the product actually
// applies, which storage reads from here — and whom to contact. Pages call
// NoticeFor; nothing else words these facts.
package privacy

import (
	"fmt"
	"time"
)

// Law is the law the notice is given under.
const Law = "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 (có hiệu lực từ ngày 01/01/2026)"

// AddressKeyRetention is how long the key of a day that pseudonymises
// client addresses (and the names typed at sign-in) is kept; after it that
// day's pseudonyms can no longer be reversed. sqldb.DayKeyRetention is this
// value: the longest limit window (a day) and the day before.
const AddressKeyRetention = 2 * 24 * time.Hour

// OutboxAddressRetention is how long a reporter's email address waits in
// the outbox for a delivery that keeps failing before it is masked; a sent
// message's address is masked as it is sent. sqldb.ReporterAddressRetention
// is this value.
const OutboxAddressRetention = 7 * 24 * time.Hour

// Kind is what a page collects the data for.
type Kind string

// The pages that collect personal data.
const (
	Petition Kind = "petition" // the citizen's report of misconduct (/phan-anh)
	Tracking Kind = "tracking" // following a report and writing to the handlers (/tra-cuu)
	Rating   Kind = "rating"   // a satisfaction rating with an optional contact
	Account  Kind = "account"  // a staff account (/users)
)

// Config is what the operator sets (see the README's configuration): the
// body that controls the data when no receiving unit is known, and the
// contact for requests about personal data.
type Config struct {
	Controller string // e.g. "Văn phòng UBND tỉnh Hưng Yên"
	Contact    string // e.g. "dulieucanhan@hungyen.gov.vn, 0221 3 123 456"
}

// Notice is the short notice a collecting page shows, and the full page
// /quyen-rieng-tu repeats for every kind.
type Notice struct {
	Kind       Kind
	Controller string   // who controls the data
	Purpose    string   // what it is used for
	Kept       []string // what is kept, and until when, as the product applies it
	Contact    string   // whom to write to
	Law        string
	Page       string // the full notice
}

// PagePath is the full privacy notice.
const PagePath = "/quyen-rieng-tu"

// days writes a duration in whole days.
func days(d time.Duration) int { return int(d / (24 * time.Hour)) }

// NoticeFor builds the notice of a page collecting data of kind k, received
// by the body named receiver (the governing body of the unit concerned;
// empty when the page does not know it: the configured controller is named
// instead).
func NoticeFor(k Kind, receiver string, cfg Config) Notice {
	n := Notice{Kind: k, Law: Law, Page: PagePath}
	switch {
	case receiver != "" && cfg.Controller != "":
		n.Controller = receiver + " (cơ quan tiếp nhận); hệ thống do " + cfg.Controller + " vận hành"
	case receiver != "":
		n.Controller = receiver + " (cơ quan tiếp nhận)"
	case cfg.Controller != "":
		n.Controller = cfg.Controller
	default:
		n.Controller = "Cơ quan vận hành hệ thống Công vụ này (chưa khai báo tên trong cấu hình)"
	}
	n.Contact = cfg.Contact
	if n.Contact == "" {
		n.Contact = "Chưa khai báo trong cấu hình: xin liên hệ trực tiếp cơ quan tiếp nhận."
	}
	addr := fmt.Sprintf("Địa chỉ mạng (IP) không lưu nguyên dạng: chỉ giữ một mã băm theo khóa của từng ngày để chống gửi hàng loạt; khóa bị xóa sau %d ngày, sau đó không ai khôi phục được địa chỉ.", days(AddressKeyRetention))
	switch k {
	case Petition:
		n.Purpose = "Tiếp nhận, xác minh, xử lý phản ánh, kiến nghị về hành vi của cán bộ, công chức; liên hệ làm rõ và báo kết quả cho người phản ánh. Không dùng vào việc khác, không chuyển cho bên thứ ba."
		n.Kept = []string{
			"Họ tên, số điện thoại, thư điện tử, địa chỉ (nếu không gửi ẩn danh): được mã hóa, lưu cùng hồ sơ phản ánh; hệ thống không tự xóa, chỉ cơ quan xử lý hủy cùng hồ sơ theo thời hạn lưu trữ hồ sơ của cơ quan. Mỗi lần cán bộ mở xem phải ghi lý do và được lưu vết; cán bộ bị phản ánh và đơn vị của họ không được xem.",
			"Nội dung phản ánh, ảnh và tệp đính kèm: lưu cùng hồ sơ phản ánh, như trên; thông tin vị trí (GPS) trong ảnh bị xóa khi nhận.",
			fmt.Sprintf("Thư điện tử trong hàng thư gửi đi: bị che ngay khi thư đã gửi, hoặc sau %d ngày nếu không gửi được.", days(OutboxAddressRetention)),
			addr,
		}
	case Tracking:
		n.Purpose = "Cho người phản ánh theo dõi kết quả và trao đổi với cơ quan xử lý."
		n.Kept = []string{
			"Mã bí mật: không lưu, chỉ lưu mã băm để kiểm tra.",
			"Tin nhắn anh/chị gửi: lưu cùng hồ sơ phản ánh; hệ thống không tự xóa, chỉ cơ quan xử lý hủy cùng hồ sơ theo thời hạn lưu trữ hồ sơ của cơ quan.",
			addr,
		}
	case Rating:
		n.Purpose = "Đánh giá và cải thiện thái độ phục vụ của cán bộ, công chức; liên hệ lại khi cần làm rõ ý kiến (chỉ khi anh/chị để lại số điện thoại hoặc thư điện tử)."
		n.Kept = []string{
			"Câu trả lời, ý kiến, mã hồ sơ (nếu có), số điện thoại hoặc thư điện tử (nếu anh/chị tự ghi): lưu cùng đánh giá; hệ thống không tự xóa. Thông tin liên hệ và mã hồ sơ không công khai, chỉ cán bộ được giao xét đánh giá xem được; cán bộ được đánh giá không xem được.",
			addr,
		}
	case Account:
		n.Purpose = "Cấp và quản lý tài khoản đăng nhập của cán bộ, phân quyền theo đơn vị, ghi nhật ký thao tác."
		n.Kept = []string{
			"Tên đăng nhập, họ tên, thư điện tử, mã cán bộ liên kết: lưu trong suốt thời gian hệ thống hoạt động; hệ thống không tự xóa và không có chức năng xóa tài khoản (khóa tài khoản chỉ chặn đăng nhập). Tên người thao tác được giữ trong nhật ký thao tác.",
			fmt.Sprintf("Địa chỉ mạng và tên đăng nhập gõ sai khi đăng nhập: chỉ giữ mã băm theo khóa của từng ngày; khóa bị xóa sau %d ngày.", days(AddressKeyRetention)),
		}
	}
	return n
}

// Kinds lists every kind, in the order of the full notice.
var Kinds = []Kind{Petition, Tracking, Rating, Account}

// Title names a kind on the full notice.
func (k Kind) Title() string {
	switch k {
	case Petition:
		return "Gửi phản ánh, kiến nghị"
	case Tracking:
		return "Tra cứu phản ánh, trao đổi với cơ quan xử lý"
	case Rating:
		return "Đánh giá sự hài lòng"
	case Account:
		return "Tài khoản cán bộ"
	}
	return string(k)
}
