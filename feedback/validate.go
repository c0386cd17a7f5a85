package feedback

import (
	"congvu"
	"congvu/vntext"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits of a rating's text fields, in characters.
const (
	maxCommentLen     = 2000
	maxContactLen     = 200
	maxDossierCodeLen = 64
	maxIdemKeyLen     = 100
)

// ValidateInput normalises the text of in and checks it: EINVALID with
// field messages.
func ValidateInput(in *Input) error {
	in.Comment = vntext.Clean(in.Comment)
	in.Contact = vntext.Clean(in.Contact)
	in.DossierCode = vntext.Clean(in.DossierCode)
	in.IdempotencyKey = strings.TrimSpace(in.IdempotencyKey)
	v := congvu.Validation{}
	if !in.Satisfaction.Valid() {
		v.Add("satisfaction", "Xin chọn mức độ hài lòng: rất hài lòng, hài lòng hoặc không hài lòng.")
	}
	for code := range in.Answers {
		if !isFourXin(code) {
			v.Add("answers", "Có câu trả lời không thuộc bộ câu hỏi “4 xin, 4 luôn”.")
		}
	}
	if n := utf8.RuneCountInString(in.Comment); n > maxCommentLen {
		v.Add("comment", fmt.Sprintf("Ý kiến dài quá %d ký tự (hiện có %d ký tự), xin viết ngắn lại.", maxCommentLen, n))
	}
	if utf8.RuneCountInString(in.Contact) > maxContactLen {
		v.Add("contact", fmt.Sprintf("Thông tin liên hệ dài quá %d ký tự.", maxContactLen))
	}
	if utf8.RuneCountInString(in.DossierCode) > maxDossierCodeLen {
		v.Add("dossier_code", fmt.Sprintf("Mã hồ sơ dài quá %d ký tự.", maxDossierCodeLen))
	}
	if len(in.IdempotencyKey) > maxIdemKeyLen || !utf8.ValidString(in.IdempotencyKey) || strings.ContainsFunc(in.IdempotencyKey, unicode.IsControl) {
		v.Add("idempotency_key", "Khóa chống gửi trùng không hợp lệ.")
	}
	return v.Err()
}

func isFourXin(code string) bool {
	for _, c := range FourXinCodes {
		if c == code {
			return true
		}
	}
	return false
}

// ValidateDossier normalises and checks in (all but the unit and official).
func ValidateDossier(in *DossierInput, now time.Time) congvu.Validation {
	in.Code = vntext.Clean(in.Code)
	in.UnitCode = vntext.Clean(in.UnitCode)
	in.OfficialCode = vntext.Clean(in.OfficialCode)
	in.ProcedureName = vntext.Clean(in.ProcedureName)
	in.DelayReason = vntext.Clean(in.DelayReason)
	in.DelayUnitCode = vntext.Clean(in.DelayUnitCode)
	v := congvu.Validation{}
	switch {
	case in.Code == "":
		v.Add("code", "Xin nhập mã hồ sơ.")
	case utf8.RuneCountInString(in.Code) > maxDossierCodeLen:
		v.Add("code", fmt.Sprintf("Mã hồ sơ dài quá %d ký tự.", maxDossierCodeLen))
	}
	if in.UnitCode == "" {
		v.Add("unit_code", "Xin nhập mã đơn vị tiếp nhận hồ sơ.")
	}
	if utf8.RuneCountInString(in.ProcedureName) > 500 {
		v.Add("procedure_name", "Tên thủ tục dài quá 500 ký tự.")
	}
	if utf8.RuneCountInString(in.DelayReason) > 2000 {
		v.Add("delay_reason", "Lý do trễ hẹn dài quá 2000 ký tự.")
	}
	earliest := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	future := now.Add(48 * time.Hour)
	switch {
	case in.ReceivedAt.IsZero():
		v.Add("received_at", "Xin nhập thời điểm tiếp nhận hồ sơ.")
	case in.ReceivedAt.Before(earliest) || in.ReceivedAt.After(future):
		v.Add("received_at", "Thời điểm tiếp nhận không hợp lệ (trước năm 2000 hoặc ở tương lai).")
	}
	switch {
	case in.DueAt.IsZero():
		v.Add("due_at", "Xin nhập thời điểm hẹn trả kết quả.")
	case !in.ReceivedAt.IsZero() && in.DueAt.Before(in.ReceivedAt):
		v.Add("due_at", "Thời điểm hẹn trả không được trước thời điểm tiếp nhận.")
	case in.DueAt.Year() > 2200:
		v.Add("due_at", "Thời điểm hẹn trả không hợp lệ.")
	}
	if r := in.ReturnedAt; r != nil {
		switch {
		case r.IsZero():
			in.ReturnedAt = nil
		case !in.ReceivedAt.IsZero() && r.Before(in.ReceivedAt):
			v.Add("returned_at", "Thời điểm trả kết quả không được trước thời điểm tiếp nhận.")
		case r.After(future):
			v.Add("returned_at", "Thời điểm trả kết quả không được ở tương lai.")
		}
	}
	if n := in.NewDueAt; n != nil {
		switch {
		case n.IsZero():
			in.NewDueAt = nil
		case !in.DueAt.IsZero() && n.Before(in.DueAt):
			v.Add("new_due_at", "Ngày hẹn lại không được trước ngày hẹn trả ban đầu.")
		case n.Year() > 2200:
			v.Add("new_due_at", "Ngày hẹn lại không hợp lệ.")
		}
	}
	return v
}
