package web

import (
	"bytes"
	"encoding/json"
	"strings"

	"congvu"
)

// AuditField is one field of an audit event's before or after state, with
// its Vietnamese label.
type AuditField struct {
	Label string
	Value string
	Block bool // a nested value, shown preformatted
}

// auditFieldLabels names the fields of the states the services record.
var auditFieldLabels = map[string]string{
	"accepted": "Được tính", "active": "Đang hoạt động", "anonymous": "Ẩn danh", "answers": "Câu trả lời",
	"attachments": "Tệp đính kèm", "category": "Loại", "channel": "Kênh", "chars": "Số ký tự",
	"child_count": "Số đơn vị trực thuộc", "code": "Mã", "comments": "Ý kiến", "conclusion": "Kết luận",
	"created": "Đã thêm", "created_at": "Thời điểm tạo", "date": "Ngày", "depth": "Cấp", "description": "Mô tả",
	"document": "Văn bản", "dossiers": "Hồ sơ", "due_at": "Hạn xử lý", "effective_on": "Ngày hiệu lực",
	"email": "Thư điện tử", "employee_code": "Mã cán bộ", "escalated_to": "Đã báo đơn vị cấp trên",
	"expires_at": "Hết hạn", "flagged": "Nghi vấn", "four_xin": "4 xin, 4 luôn", "from_agency": "Cơ quan gửi",
	"full_name": "Họ và tên", "grants": "Vai trò", "group": "Nhóm", "groups": "Các nhóm",
	"handler_unit_id": "Đơn vị xử lý (mã số)", "id": "Mã số", "is_leader": "Lãnh đạo", "items": "Các mục",
	"key": "Khóa", "kind": "Loại", "kiosks": "Máy đánh giá", "legal_basis": "Căn cứ pháp lý",
	"message_id": "Tin nhắn (mã số)", "name": "Tên", "note": "Ghi chú", "note_id": "Ghi chú (mã số)",
	"official_count": "Số cán bộ", "official_id": "Cán bộ (mã số)", "parent_id": "Đơn vị cấp trên (mã số)",
	"path": "Vị trí trong cây đơn vị", "position": "Chức vụ", "prohibition": "Điều cấm", "ratings": "Lượt đánh giá",
	"reason": "Lý do", "rehashed": "Mật khẩu được băm lại theo tham số mới", "rejected": "Bị loại", "role": "Vai trò", "section": "Điều, khoản", "stage": "Bước",
	"status": "Trạng thái", "text": "Nội dung", "title": "Tiêu đề", "total": "Tổng số",
	"tracking_code": "Mã phản ánh", "type_name": "Loại hình", "unchanged": "Không đổi",
	"unit_id": "Đơn vị (mã số)", "unit_name": "Đơn vị", "updated": "Đã sửa", "updated_at": "Thời điểm sửa",
	"username": "Tên đăng nhập", "verified": "Đã xác minh", "version_id": "Phiên bản (mã số)",
	// Apology slips and the dossier's agency at fault.
	"recipient": "Kính gửi", "recipient_address": "Địa chỉ", "new_due_at": "Ngày hẹn trả mới", "number": "Số",
	"issued_at": "Ngày lập", "copies_to": "Nơi nhận khác", "signer": "Người ký", "signer_title": "Chức vụ người ký",
	"dossier_code": "Mã hồ sơ", "delay_unit_id": "Cơ quan để chậm (mã số)", "delay_unit_name": "Cơ quan để chậm", "form": "Mẫu",
}

// AuditFieldLabel is the Vietnamese label of a field of an audit state;
// unknown fields are shown as they are.
func AuditFieldLabel(key string) string {
	if l, ok := auditFieldLabels[key]; ok {
		return l
	}
	return key
}

// auditFields lists the fields of an audit state in their recorded order,
// labelled in Vietnamese; nested values are shown as indented JSON with
// their keys labelled too. A state that is not an object is one field.
func auditFields(raw json.RawMessage) []AuditField {
	if len(raw) == 0 {
		return nil
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return []AuditField{{Label: "Giá trị", Value: auditValue(raw)}}
	}
	var out []AuditField
	for d.More() {
		t, err := d.Token()
		if err != nil {
			break
		}
		key, _ := t.(string)
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			break
		}
		val := auditValue(v)
		out = append(out, AuditField{Label: AuditFieldLabel(key), Value: val, Block: strings.HasPrefix(val, "{") || strings.HasPrefix(val, "[")})
	}
	return out
}

// auditValue writes a value for people: text as it is, yes/no, "—" for
// nothing, nested values as indented JSON with labelled keys.
func auditValue(v json.RawMessage) string {
	var x any
	d := json.NewDecoder(bytes.NewReader(v))
	d.UseNumber()
	if err := d.Decode(&x); err != nil {
		return string(v)
	}
	switch x := x.(type) {
	case nil:
		return "—"
	case string:
		return x
	case bool:
		if x {
			return "Có"
		}
		return "Không"
	case json.Number:
		return x.String()
	}
	b, err := json.MarshalIndent(relabel(x), "", "  ")
	if err != nil {
		return string(v)
	}
	return strings.ReplaceAll(string(b), `\u0026`, "&")
}

// relabel renames the keys of nested objects to their labels.
func relabel(x any) any {
	switch x := x.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, v := range x {
			out[AuditFieldLabel(k)] = relabel(v)
		}
		return out
	case []any:
		for i := range x {
			x[i] = relabel(x[i])
		}
	}
	return x
}

// AuditEntityText names an event's entity: "Phản ánh PA-L2LK-7GQJ" when
// its capability gives a name, else the type and id ("Cán bộ #12").
func AuditEntityText(e *congvu.AuditEvent) string {
	if e.EntityRef != "" {
		l, ok := auditEntities[e.EntityType]
		if !ok {
			l = e.EntityType
		}
		return l + " " + e.EntityRef
	}
	return AuditEntityLabel(e.EntityType, e.EntityID)
}
