package web

import (
	"net/http"
	"strconv"

	"congvu"
)

// AuditPage is the filtered, paginated audit log.
type AuditPage struct {
	Base
	Form   *Form // the filter, from the query string
	Kinds  []Option
	Events []*congvu.AuditEvent
	Pager  Pager
}

// auditPageSize is how many events one page shows.
const auditPageSize = 50

func (s *Server) audit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f := NewForm(r.URL.Query())
	p := &AuditPage{Base: Base{Title: "Nhật ký thao tác"}, Form: f}
	kinds, err := s.Services.Audit.AuditKinds(ctx)
	if err != nil {
		return err
	}
	p.Kinds = append(p.Kinds, Option{"", "Tất cả"})
	for _, k := range kinds {
		p.Kinds = append(p.Kinds, Option{k, AuditKindLabel(k)})
	}
	filter := congvu.AuditFilter{Actor: f.Get("nguoi"), Kind: f.Get("loai"), Limit: auditPageSize,
		Offset: PageOffset(r, auditPageSize)}
	if code := f.Get(UnitParam); code != "" {
		u, err := s.unitByCode(r, code)
		if err != nil {
			if congvu.ErrorCode(err) != congvu.ENOTFOUND {
				return err
			}
			f.AddError(UnitParam, congvu.ErrorMessage(err))
		} else {
			filter.UnitID = u.ID
		}
	}
	if v := f.Get("tu-ngay"); v != "" {
		if t, ok := ParseDate(v); ok {
			filter.From = t
		} else {
			f.AddError("tu-ngay", "Ngày không hợp lệ; xin viết theo dạng ngày/tháng/năm, ví dụ 01/07/2025.")
		}
	}
	if v := f.Get("den-ngay"); v != "" {
		if t, ok := ParseDate(v); ok {
			filter.To = t.AddDate(0, 0, 1) // the whole day is included
		} else {
			f.AddError("den-ngay", "Ngày không hợp lệ; xin viết theo dạng ngày/tháng/năm, ví dụ 31/12/2025.")
		}
	}
	if !filter.From.IsZero() && !filter.To.IsZero() && !filter.To.After(filter.From) {
		f.AddError("den-ngay", "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")
	}
	if f.Failed() {
		f.Message = "Bộ lọc chưa hợp lệ, xin kiểm tra lại các ô được đánh dấu."
		p.Pager = NewPager(r, 0, auditPageSize)
		return s.Render(w, r, http.StatusBadRequest, "audit.html", p)
	}
	events, total, err := s.Services.Audit.FindAuditEvents(ctx, filter)
	if err != nil {
		return err
	}
	p.Events = events
	p.Pager = NewPager(r, total, auditPageSize)
	return s.Render(w, r, http.StatusOK, "audit.html", p)
}

// auditKinds names the kinds the services record.
var auditKinds = map[string]string{
	"api_token.create":       "Tạo khóa API",
	"api_token.revoke":       "Thu hồi khóa API",
	"apology_slip.issue":     "Lập phiếu xin lỗi và hẹn lại ngày trả kết quả",
	"calendar.day.add":       "Thêm ngày vào lịch ngày làm việc",
	"calendar.day.delete":    "Xóa ngày khỏi lịch ngày làm việc",
	"calendar.day.update":    "Sửa ngày trong lịch ngày làm việc",
	"dossier.register":       "Đăng ký hồ sơ đã tiếp nhận",
	"dossier.update":         "Cập nhật hồ sơ",
	"feedback.generate":      "Sinh dữ liệu đánh giá (đo hiệu năng)",
	"feedback.import":        "Nhập đánh giá đã có",
	"feedback.review":        "Xét lại đánh giá nghi vấn",
	"kiosk.create":           "Đăng ký máy đánh giá",
	"kiosk.revoke":           "Thu hồi máy đánh giá",
	"official.activate":      "Cán bộ làm việc trở lại",
	"official.badge_reissue": "Cấp lại thẻ đánh giá của cán bộ",
	"official.create":        "Thêm cán bộ",
	"official.generate":      "Sinh dữ liệu cán bộ (đo hiệu năng)",
	"official.deactivate":    "Cán bộ thôi làm việc",
	"official.import":        "Nhập danh sách cán bộ từ tệp",
	"official.update":        "Sửa hồ sơ cán bộ",
	"petition.submit":        "Người dân gửi phản ánh",
	"petition.message":       "Người phản ánh gửi tin nhắn",
	"petition.accept":        "Thụ lý hoặc tiếp nhận xử lý đơn (xác nhận loại đơn)",
	"petition.reject":        "Không thụ lý hoặc không xử lý đơn",
	"petition.extend":        "Gia hạn giải quyết đơn",
	"petition.suspend":       "Tạm đình chỉ giải quyết đơn",
	"petition.resume":        "Tiếp tục giải quyết đơn",
	"petition.refer":         "Chuyển đơn đến cơ quan công an, viện kiểm sát",
	"petition.withdraw":      "Người gửi rút đơn",
	"petition.assign":        "Giao xử lý phản ánh",
	"petition.transfer":      "Chuyển phản ánh sang đơn vị khác",
	"petition.verify":        "Bắt đầu xác minh phản ánh",
	"petition.conclude":      "Kết luận phản ánh",
	"petition.close":         "Đóng phản ánh",
	"petition.note":          "Ghi chú nội bộ về phản ánh",
	"petition.reply":         "Trả lời người phản ánh",
	"petition.reveal":        "Xem thông tin người phản ánh",
	"petition.reseal":        "Niêm phong lại thông tin người phản ánh bằng khóa mới",
	"petition.file_open":     "Mở tệp đính kèm của phản ánh",
	"petition.escalate":      "Báo cáo cấp trên phản ánh quá hạn",
	"petition.reopen":        "Mở lại phản ánh theo ý kiến mới của người phản ánh",
	"petition.generate":      "Sinh dữ liệu phản ánh (đo hiệu năng)",
	"violation.generate":     "Sinh dữ liệu vi phạm (đo hiệu năng)",
	"petition.rule.add":      "Thêm quy định thời hạn xử lý phản ánh",
	"standard.local_add":     "Thêm chuẩn mực riêng",
	"standard.local_version": "Ban hành bộ chuẩn mực riêng của đơn vị",
	"standard.publish":       "Ban hành bộ chuẩn mực",
	"unit.create":            "Thêm đơn vị",
	"unit.import":            "Nhập danh mục đơn vị",
	"unit.restructure":       "Sắp xếp đơn vị (sáp nhập, chia tách)",
	"unit.update":            "Sửa đơn vị",
	"unit_token.create":      "Tạo mã QR của đơn vị",
	"unit_token.reissue":     "Cấp lại mã QR của đơn vị",
	"user.create":            "Tạo tài khoản",
	"user.locked":            "Tài khoản bị tạm khóa do đăng nhập sai",
	"user.login":             "Đăng nhập",
	"user.login_failed":      "Đăng nhập sai",
	"user.logout":            "Đăng xuất",
	"user.password_change":   "Đổi mật khẩu",
	"user.update":            "Sửa tài khoản",
}

// auditEntities names the entity types of audit events.
var auditEntities = map[string]string{
	"api_token":              "Khóa API",
	"apology_slip":           "Phiếu xin lỗi, hẹn lại",
	"calendar_day":           "Ngày trong lịch ngày làm việc",
	"dossier":                "Hồ sơ",
	"feedback":               "Đánh giá",
	"kiosk":                  "Máy đánh giá",
	"official":               "Cán bộ",
	"petition":               "Phản ánh",
	"petition_deadline_rule": "Thời hạn xử lý phản ánh",
	"restructuring":          "Phương án sắp xếp",
	"standard_item":          "Chuẩn mực",
	"standard_version":       "Bộ chuẩn mực",
	"unit":                   "Đơn vị",
	"user":                   "Tài khoản",
}

// AuditKindLabel is the Vietnamese label of an audit kind such as
// "official.update" ("Sửa hồ sơ cán bộ"); unknown kinds are shown as they
// are.
func AuditKindLabel(kind string) string {
	if l, ok := auditKinds[kind]; ok {
		return l
	}
	return kind
}

// AuditEntityLabel is the Vietnamese name of an entity type with its id,
// e.g. "Cán bộ #12".
func AuditEntityLabel(entityType string, id int64) string {
	l, ok := auditEntities[entityType]
	if !ok {
		l = entityType
	}
	if id != 0 {
		l += " #" + strconv.FormatInt(id, 10)
	}
	return l
}
