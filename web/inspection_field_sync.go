package web

import (
	"congvu/inspection"
	"congvu/petition"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"congvu"
)

// The sync payload of field work: what field.js sends from the phone's
// queue to POST /inspections/{id}/field/sync. It is outside input (a phone
// may send a batch queued days ago, or anything at all), so it is parsed
// here once, strictly, and fuzzed (FuzzParseFieldSync).

// Limits of a sync batch.
const (
	// MaxFieldSyncLines is the most lines one batch may carry; field.js
	// sends at most this many at a time.
	MaxFieldSyncLines = 200
	// MaxFieldNote is the longest note of a line, in characters.
	MaxFieldNote = 4000
	// maxFieldSyncBytes bounds the JSON body of a batch.
	maxFieldSyncBytes = 1 << 20
)

// FieldSyncLine is one answer recorded on the phone.
type FieldSyncLine struct {
	// ClientKey is random per answer, made on the phone; the storage keeps
	// one answer per key, so a batch sent again doubles nothing.
	ClientKey string `json:"client_key"`
	// LineID is the checklist line answered.
	LineID int64 `json:"line_id"`
	// Result is kept, breached or not_observed.
	Result string `json:"result"`
	Note   string `json:"note,omitempty"`
	// OfficialID is the official concerned, chosen from the search.
	OfficialID int64 `json:"official_id,omitempty"`
	// Badge is a scanned badge QR (its URL) or the token typed from it;
	// BadgeToken returns the token.
	Badge string `json:"badge,omitempty"`
	// RecordedAt is when the inspector answered, by the phone's clock.
	RecordedAt time.Time `json:"recorded_at,omitzero"`
}

// FieldSync is a batch of answers.
type FieldSync struct {
	Lines []FieldSyncLine `json:"lines"`
}

var errFieldSync = congvu.Errorf(congvu.EINVALID, "Dữ liệu gửi từ điện thoại không đọc được.")

// ParseFieldSync reads a sync batch. A body that is not one JSON object of
// the expected shape, or holds more than MaxFieldSyncLines lines, is
// refused whole (EINVALID); the lines are then checked one by one by
// CheckFieldLine, so that one bad line does not hold back the others.
func ParseFieldSync(r io.Reader) (*FieldSync, error) {
	dec := json.NewDecoder(io.LimitReader(r, maxFieldSyncBytes+1))
	dec.DisallowUnknownFields()
	var in FieldSync
	if err := dec.Decode(&in); err != nil {
		return nil, errFieldSync
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errFieldSync
	}
	if len(in.Lines) > MaxFieldSyncLines {
		return nil, congvu.Errorf(congvu.EINVALID, "Mỗi lần gửi tối đa %d dòng.", MaxFieldSyncLines)
	}
	for i := range in.Lines {
		l := &in.Lines[i]
		l.ClientKey = strings.TrimSpace(l.ClientKey)
		l.Note = strings.TrimSpace(l.Note)
		l.Badge = strings.TrimSpace(l.Badge)
	}
	return &in, nil
}

// CheckFieldLine validates one answer's shape (the service checks the
// rest: that the line belongs to the inspection, the official to the
// inspected unit). The error carries a Vietnamese message per field.
func CheckFieldLine(l *FieldSyncLine) error {
	v := congvu.Validation{}
	if !ValidClientKey(l.ClientKey) {
		v.Add("client_key", "Thiếu hoặc sai khóa chống gửi trùng.")
	}
	if l.LineID <= 0 {
		v.Add("line_id", "Thiếu dòng của danh mục kiểm tra.")
	}
	switch l.Result {
	case "kept", "breached", "not_observed":
	default:
		v.Add("result", "Xin chọn: thực hiện đúng, vi phạm hoặc chưa quan sát được.")
	}
	if !utf8.ValidString(l.Note) || utf8.RuneCountInString(l.Note) > MaxFieldNote {
		v.Add("note", fmt.Sprintf("Ghi chú dài quá %d ký tự.", MaxFieldNote))
	}
	if l.OfficialID < 0 {
		v.Add("official_id", "Cán bộ không hợp lệ.")
	}
	if l.Badge != "" && BadgeToken(l.Badge) == "" {
		v.Add("badge", "Mã thẻ không đọc được: xin quét lại mã QR trên thẻ.")
	}
	return v.Err()
}

// ValidClientKey reports whether k looks like a key field.js makes: 8 to 64
// letters, digits, '-' or '_'.
func ValidClientKey(k string) bool {
	if len(k) < 8 || len(k) > 64 {
		return false
	}
	for _, c := range k {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// BadgeToken returns the badge token in s: a scanned badge URL
// (https://…/danh-gia/{token}) or the token itself; "" when s holds none.
func BadgeToken(s string) string {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		u, err := url.Parse(s)
		if err != nil {
			return ""
		}
		p := strings.TrimSuffix(u.Path, "/")
		rest, ok := strings.CutPrefix(p[strings.LastIndex(p, "/danh-gia/")+1:], "danh-gia/")
		if !ok || strings.Contains(rest, "/") {
			return ""
		}
		s = rest
	}
	if len(s) < 8 || len(s) > 128 {
		return ""
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return ""
		}
	}
	return s
}

// maxFieldPhotoBytes is the largest photo accepted (as petition
// attachments; field.js scales larger photos down first).
const maxFieldPhotoBytes = petition.MaxAttachmentSize

func formatFieldSize(n int64) string { return strconv.FormatInt(n>>20, 10) + " MB" }

// FieldSyncResult is the answer for one line of a batch.
type FieldSyncResult struct {
	ClientKey string `json:"client_key"`
	OK        bool   `json:"ok"`
	// OfficialName names the official the line now cites (a badge
	// resolved), for the phone to show.
	OfficialName string         `json:"official_name,omitempty"`
	Error        *fieldSyncFail `json:"error,omitempty"`
}

type fieldSyncFail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// FieldSyncAnswer is the answer to a batch: one result per line, in order.
type FieldSyncAnswer struct {
	OK      bool              `json:"ok"`
	Results []FieldSyncResult `json:"results,omitempty"`
	Error   *fieldSyncFail    `json:"error,omitempty"`
}

// fieldSync records a batch of answers from a phone's queue. 200 with a
// result per line: ok (stored now, or already stored under the same
// client key), or the line's error (the phone keeps it and shows why);
// 400 for a body that is not a batch; 401/403/404 for the whole batch.
// 5xx: the phone sends again later. Lines are recorded one by one, each in
// its own transaction, so that a batch cut short leaves what was recorded
// and the resend skips nothing and doubles nothing.
func (s *Server) fieldSync(w http.ResponseWriter, r *http.Request) error {
	in, err := s.fieldInspection(r)
	if err != nil {
		return s.writeFieldJSON(w, r, err, nil)
	}
	batch, err := ParseFieldSync(r.Body)
	if err != nil {
		return s.writeFieldJSON(w, r, err, nil)
	}
	out := make([]FieldSyncResult, 0, len(batch.Lines))
	for i := range batch.Lines {
		l := &batch.Lines[i]
		res := FieldSyncResult{ClientKey: l.ClientKey}
		err := CheckFieldLine(l)
		var line *inspection.Line
		if err == nil {
			line, err = s.recordFieldLine(r, in, l)
		}
		switch code := congvu.ErrorCode(err); {
		case err == nil:
			res.OK, res.OfficialName = true, line.OfficialName
		case code == congvu.EINVALID || code == congvu.ENOTFOUND || code == congvu.ECONFLICT || code == congvu.EFORBIDDEN:
			res.Error = &fieldSyncFail{Code: code, Message: congvu.ErrorMessage(err), Fields: congvu.ErrorFields(err)}
		default:
			return s.writeFieldJSON(w, r, err, nil) // try the batch again later
		}
		out = append(out, res)
	}
	return s.writeFieldJSON(w, r, nil, &FieldSyncAnswer{OK: true, Results: out})
}

// fieldPhoto stores one photo of a line sent from a phone's queue, cleaned
// of its metadata; its photo_key (random, made on the phone) makes a resend
// store nothing more.
func (s *Server) fieldPhoto(w http.ResponseWriter, r *http.Request) error {
	in, err := s.fieldInspection(r)
	if err != nil {
		return s.writeFieldJSON(w, r, err, nil)
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return s.writeFieldJSON(w, r, errFieldSync, nil)
	}
	var lineID int64
	var key string
	for {
		part, err := mr.NextPart()
		if err != nil {
			return s.writeFieldJSON(w, r, congvu.FieldError("photo", "Thiếu ảnh."), nil)
		}
		switch part.FormName() {
		case "line_id", "photo_key":
			b, _ := io.ReadAll(io.LimitReader(part, 128))
			if part.FormName() == "line_id" {
				lineID, _ = strconv.ParseInt(string(b), 10, 64)
			} else {
				key = string(b)
			}
			continue
		case "photo":
		default:
			continue
		}
		if lineID <= 0 || !ValidClientKey(key) {
			return s.writeFieldJSON(w, r, congvu.Errorf(congvu.EINVALID, "Thiếu dòng hoặc khóa của ảnh."), nil)
		}
		if !s.fieldLineOf(in, lineID) {
			return s.writeFieldJSON(w, r, congvu.Errorf(congvu.ENOTFOUND, "Dòng này không thuộc cuộc kiểm tra."), nil)
		}
		_, err = s.Services.InspectionPhotos.AddPhoto(r.Context(), lineID, key, part)
		return s.writeFieldJSON(w, r, err, &FieldSyncAnswer{OK: true})
	}
}

func (s *Server) fieldLineOf(in *inspection.Inspection, lineID int64) bool {
	for _, l := range in.Lines {
		if l.ID == lineID {
			return true
		}
	}
	return false
}

// writeFieldJSON writes the answer to field.js: a, or the error with its
// status code. Internal errors are logged, not detailed.
func (s *Server) writeFieldJSON(w http.ResponseWriter, r *http.Request, err error, a *FieldSyncAnswer) error {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	status := http.StatusOK
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			err = congvu.Errorf(congvu.EINVALID, "Dữ liệu gửi quá lớn.")
		}
		code := congvu.ErrorCode(err)
		status = StatusOf(code)
		if status >= 500 {
			code = congvu.EINTERNAL
			s.Log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		}
		a = &FieldSyncAnswer{Error: &fieldSyncFail{Code: code, Message: congvu.ErrorMessage(err), Fields: congvu.ErrorFields(err)}}
	}
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(a)
}
