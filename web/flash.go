package web

// FlashMessages are the confirmations a redirect may ask the next page to
// show (?ok=key). Only these fixed texts can appear, so a crafted link
// cannot put words of its own on a page. Other handler files add their keys
// in an init function.
var FlashMessages = map[string]string{
	"dang-xuat":      "Bạn đã đăng xuất.",
	"dang-nhap":      "Đăng nhập thành công.",
	"doi-mat-khau":   "Đã đổi mật khẩu. Mọi phiên đăng nhập khác của tài khoản (trên máy khác, trình duyệt khác) đã kết thúc; máy này vẫn đăng nhập. Khóa API không bị thu hồi: xem lại danh sách dưới đây và thu hồi khóa không còn dùng.",
	"tao-tai-khoan":  "Đã tạo tài khoản.",
	"luu-tai-khoan":  "Đã lưu thay đổi của tài khoản.",
	"thu-hoi-khoa":   "Đã thu hồi khóa API. Các ứng dụng dùng khóa này sẽ không truy cập được nữa.",
	"them-chuan-muc": "Đã thêm chuẩn mực riêng của đơn vị.",
}
