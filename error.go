// Package congvu holds the domain of Công vụ: the types, the service
// interfaces, the error type, the authorization policy and pure rules. It
// imports only the standard library; storage, web and API live in
// subpackages that implement or use these interfaces.
package congvu

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one HTTP status in the web and API layers.
const (
	EINVALID   = "invalid"   // bad input; Message and Fields say what, in Vietnamese
	ENOTFOUND  = "not_found" // no such thing, or the actor may not know it exists
	EFORBIDDEN = "forbidden" // the actor may not do this
	ECONFLICT  = "conflict"  // a unique value is taken, or the state forbids it
	EUNAUTH    = "unauthenticated"
	ELIMIT     = "rate_limited"
	ETOOLARGE  = "too_large" // the request's body is larger than the server accepts
	EINTERNAL  = "internal"
)

// Error is the one error type services return. Message is safe to show to a
// user (Vietnamese); Fields maps a form field to its Vietnamese message.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string {
	if len(e.Fields) > 0 {
		return fmt.Sprintf("congvu %s: %s %v", e.Code, e.Message, e.Fields)
	}
	return fmt.Sprintf("congvu %s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an EINVALID error about one form field.
func FieldError(field, msg string) *Error {
	return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}

// ErrorCode returns the code of err, or EINTERNAL for an error that is not an
// *Error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err. Internal errors get a
// generic Vietnamese message: their text is for the log only.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "Đã có lỗi xảy ra trong hệ thống. Xin vui lòng thử lại sau."
}

// ErrorFields returns the per-field messages of err, or nil.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Validation collects field errors while checking input.
type Validation map[string]string

// Add records msg for field unless the field already has a message.
func (v Validation) Add(field, msg string) {
	if _, ok := v[field]; !ok {
		v[field] = msg
	}
}

// Err returns nil when nothing was recorded, else an EINVALID *Error.
func (v Validation) Err() error {
	if len(v) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Thông tin nhập chưa hợp lệ, xin kiểm tra lại các ô được đánh dấu.", Fields: map[string]string(v)}
}

// RenameFields returns err with its field names mapped through names (a
// service's names to a form's or a JSON body's); other errors are returned
// as they are.
func RenameFields(err error, names map[string]string) error {
	var e *Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	c := *e
	c.Fields = make(map[string]string, len(e.Fields))
	for k, v := range e.Fields {
		if n, ok := names[k]; ok {
			k = n
		}
		c.Fields[k] = v
	}
	return &c
}
