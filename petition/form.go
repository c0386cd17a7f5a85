package petition

import (
	"strconv"
	"strings"
	"time"

	"congvu"
)

// A public form is filed once: its one-time key (Input.FormKey) names the
// petition it filed, and the key is bound to what the form said. The same
// form sent again with the same content (a reload of the receipt, the back
// button) gets the receipt of that petition back; the same form with other
// content (on a shared terminal, someone else who went back to the page
// and wrote their own report) files nothing and is told nothing of the
// petition filed first, not even its code.

// FormContent is what binds a form's key to the form: the subject, the
// category and every text the reporter wrote, in a fixed order. Files are
// left out (a browser going back may or may not keep them). The storage
// keeps only a hash of it made with the form's key, which is never stored
// (see Input.FormKey), so the hash tells nothing of a sealed identity.
func FormContent(in *Input) string {
	occurred := ""
	if in.OccurredAt != nil {
		occurred = in.OccurredAt.In(congvu.TimeZone).Format(time.DateOnly)
	}
	parts := []string{"v1", string(in.Channel), strings.TrimSpace(in.BadgeToken), strings.TrimSpace(in.UnitToken),
		strconv.FormatInt(in.UnitID, 10), strconv.FormatInt(in.OfficialID, 10), strings.TrimSpace(in.SubjectText),
		string(in.Category), strings.TrimSpace(in.Description), occurred, strings.TrimSpace(in.Place),
		strconv.FormatBool(in.Anonymous)}
	if !in.Anonymous {
		parts = append(parts, strings.TrimSpace(in.Reporter.Name), strings.TrimSpace(in.Reporter.Phone),
			strings.TrimSpace(in.Reporter.Email), strings.TrimSpace(in.Reporter.Address))
	}
	for i, p := range parts {
		parts[i] = strconv.Quote(p)
	}
	return strings.Join(parts, "\x00")
}

// ErrFormExpired refuses a form rendered too long ago that filed nothing
// yet (Input.FormExpired): EINVALID without fields; the form comes back
// with what was typed and a fresh key.
func ErrFormExpired() error {
	return congvu.Errorf(congvu.EINVALID, "Biểu mẫu đã mở quá 24 giờ nên chưa gửi được. Nội dung anh/chị đã nhập vẫn còn nguyên: xin xem lại rồi bấm “Gửi phản ánh” lần nữa.")
}

// ErrFormUsed refuses a form whose key filed a petition with other
// content: ECONFLICT; nothing is filed, and the petition filed first is
// not named. The form comes back with what was typed and a fresh key, to
// be sent as a new petition.
func ErrFormUsed() error {
	return congvu.Errorf(congvu.ECONFLICT, "Biểu mẫu này đã được dùng để gửi một phản ánh khác nên nội dung vừa gửi chưa được nhận. "+
		"Nội dung anh/chị đã nhập vẫn còn nguyên: xin xem lại rồi bấm “Gửi phản ánh” để gửi thành một phản ánh mới.")
}
