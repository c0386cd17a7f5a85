package api

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"congvu"
)

// decodeJSON reads the JSON object of r's body into dst. The body must be
// declared application/json, stay within MaxBodyBytes, hold exactly one
// value, and name only fields dst knows.
func decodeJSON(w http.ResponseWriter, r *http.Request, dst any) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return congvu.Errorf(congvu.EINVALID, "Nội dung yêu cầu phải là JSON (Content-Type: application/json).")
	}
	if r.ContentLength > MaxBodyBytes && strings.EqualFold(r.Header.Get("Expect"), "100-continue") {
		// Refused before reading: a client waiting for "100 Continue"
		// gets this answer instead of 100 and a reset (one that sends
		// without asking is read up to the limit, so it sees the answer).
		return jsonError(&http.MaxBytesError{Limit: MaxBodyBytes})
	}
	body := http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return jsonError(err)
		}
		return congvu.Errorf(congvu.EINVALID, "Nội dung yêu cầu chỉ được chứa một đối tượng JSON.")
	}
	return nil
}

// jsonError turns a decoding error into a Vietnamese EINVALID error
// (ETOOLARGE for a body past MaxBodyBytes).
func jsonError(err error) error {
	var (
		mbe *http.MaxBytesError
		se  *json.SyntaxError
		te  *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &mbe):
		return congvu.Errorf(congvu.ETOOLARGE, "Nội dung yêu cầu quá lớn (tối đa 1 MiB).")
	case errors.Is(err, io.EOF):
		return congvu.Errorf(congvu.EINVALID, "Thiếu nội dung JSON.")
	case errors.As(err, &se), errors.Is(err, io.ErrUnexpectedEOF):
		return congvu.Errorf(congvu.EINVALID, "Nội dung JSON không đúng cú pháp.")
	case errors.As(err, &te):
		if te.Field == "" {
			return congvu.Errorf(congvu.EINVALID, "Nội dung JSON phải là một đối tượng.")
		}
		return congvu.FieldError(te.Field, "Giá trị không đúng kiểu dữ liệu ("+jsonTypeName(te.Type.Kind().String())+").")
	}
	// encoding/json reports unknown fields only in the message text.
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if uq, err := strconv.Unquote(f); err == nil { // the name is %q-quoted
			f = uq
		}
		if f == "" || utf8.RuneCountInString(f) > 64 {
			return congvu.Errorf(congvu.EINVALID, "Nội dung JSON có trường không được hỗ trợ.")
		}
		return congvu.FieldError(f, "Trường \""+f+"\" không được hỗ trợ.")
	}
	return congvu.Errorf(congvu.EINVALID, "Nội dung JSON không hợp lệ.")
}

// jsonTypeName names the expected JSON type in Vietnamese.
func jsonTypeName(goKind string) string {
	switch {
	case goKind == "string":
		return "cần một chuỗi"
	case goKind == "bool":
		return "cần true hoặc false"
	case strings.HasPrefix(goKind, "int"), strings.HasPrefix(goKind, "uint"), strings.HasPrefix(goKind, "float"):
		return "cần một số"
	case goKind == "slice":
		return "cần một mảng"
	}
	return "cần một đối tượng"
}

// query reads query parameters, collecting Vietnamese errors per parameter.
type query struct {
	v    url.Values
	errs congvu.Validation
}

func newQuery(r *http.Request) *query {
	return &query{v: r.URL.Query(), errs: congvu.Validation{}}
}

func (q *query) str(name string) string { return strings.TrimSpace(q.v.Get(name)) }

// id reads an optional positive id; 0 when absent.
func (q *query) id(name string) int64 {
	s := q.str(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		q.errs.Add(name, "Mã số phải là số nguyên dương.")
		return 0
	}
	return n
}

// boolean reads an optional true/false; false when absent.
func (q *query) boolean(name string) bool {
	s := q.str(name)
	if s == "" {
		return false
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		q.errs.Add(name, "Giá trị phải là true hoặc false.")
	}
	return b
}

// maxOffset bounds the offset of a page: far past any list, and small
// enough that offset plus a page never overflows (has_more adds them).
const maxOffset = 1_000_000_000

// page reads offset and limit; the limit is clamped to the service bounds.
// A negative offset or limit, or an offset past maxOffset, is refused
// (EINVALID): the storage would read it as 0, and has_more would not.
func (q *query) page() (offset, limit int) {
	if s := q.str("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			q.errs.Add("offset", "Vị trí bắt đầu phải là số nguyên không âm.")
		} else if n > maxOffset {
			q.errs.Add("offset", "Vị trí bắt đầu quá lớn: tối đa 1.000.000.000.")
		} else {
			offset = n
		}
	}
	if s := q.str("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			q.errs.Add("limit", "Số dòng mỗi trang phải là số nguyên dương.")
		} else {
			limit = n
		}
	}
	return offset, congvu.ClampLimit(limit)
}

func (q *query) err() error { return q.errs.Err() }

// pathID reads the {id} path value; a malformed id is simply not found.
func pathID(r *http.Request, notFound string) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || n <= 0 {
		return 0, congvu.Errorf(congvu.ENOTFOUND, "%s", notFound)
	}
	return n, nil
}

// list is the JSON shape of a page of results.
type list[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

func newList[T any](items []T, total, offset, limit int) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, Total: total, Offset: offset, Limit: limit}
}
