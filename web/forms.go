package web

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"congvu"
	"congvu/vntext"
)

// Form holds the values a user submitted and what was wrong with them, so a
// rejected form is shown again as it was typed. Field names are the keys of
// congvu.Error.Fields (snake_case, as services use them).
type Form struct {
	Values  url.Values
	Errors  map[string]string
	Message string // about the whole form, shown above it
	generic bool   // Message is the generic summary SetError wrote (see Summarize)
}

// NewForm returns a form holding values (r.PostForm, or nil for a blank
// form).
func NewForm(values url.Values) *Form {
	if values == nil {
		values = url.Values{}
	}
	return &Form{Values: values, Errors: map[string]string{}}
}

// Get returns the submitted value of name, normalised (NFC, single spaces).
func (f *Form) Get(name string) string {
	if f == nil {
		return ""
	}
	return vntext.Normalize(f.Values.Get(name))
}

// Set sets the value of name (to prefill a form).
func (f *Form) Set(name, value string) { f.Values.Set(name, value) }

// Checked reports whether checkbox name was ticked.
func (f *Form) Checked(name string) bool {
	if f == nil {
		return false
	}
	switch f.Values.Get(name) {
	case "on", "1", "true", "yes":
		return true
	}
	return false
}

// Int returns the value of name as an int64, 0 when empty or not a number.
func (f *Form) Int(name string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(f.Values.Get(name)), 10, 64)
	return n
}

// Error returns the message for field name, or "".
func (f *Form) Error(name string) string {
	if f == nil {
		return ""
	}
	return f.Errors[name]
}

// AddError records a message for field name unless it already has one.
func (f *Form) AddError(name, msg string) {
	if _, ok := f.Errors[name]; !ok {
		f.Errors[name] = msg
	}
}

// moveError moves the message of field from to field to (a service names
// a field differently from the form).
func (f *Form) moveError(from, to string) {
	if m, ok := f.Errors[from]; ok {
		delete(f.Errors, from)
		f.AddError(to, m)
	}
}

// Failed reports whether the form carries any error.
func (f *Form) Failed() bool { return f != nil && (f.Message != "" || len(f.Errors) > 0) }

// SetError takes a service error into the form: EINVALID, ECONFLICT and
// ELIMIT errors give their message and per-field messages, and SetError
// returns true (show the form again); any other error returns false (let
// the error mapper handle it).
func (f *Form) SetError(err error) bool {
	switch congvu.ErrorCode(err) {
	case congvu.EINVALID, congvu.ECONFLICT, congvu.ELIMIT:
	default:
		return false
	}
	fields := congvu.ErrorFields(err)
	for k, v := range fields {
		f.AddError(k, v)
	}
	if len(fields) == 0 || congvu.ErrorCode(err) != congvu.EINVALID {
		f.Message = congvu.ErrorMessage(err)
	} else if f.Message == "" {
		f.Message, f.generic = invalidFormMessage, true
	}
	return true
}

// invalidFormMessage is the summary of a form whose fields hold the errors.
const invalidFormMessage = "Thông tin nhập chưa hợp lệ, xin kiểm tra lại các ô được đánh dấu."

// SetMessage sets the summary of the form to a specific message (a
// service's), which Summarize keeps.
func (f *Form) SetMessage(msg string) { f.Message, f.generic = msg, false }

// Summarize sets the summary of a failed form to msg, a page's own words
// ("Chưa lưu được, …"), unless it already says something more specific
// than the generic summary: a service's message (a conflict, a limit).
func (f *Form) Summarize(msg string) {
	if f.Message == "" || f.generic {
		f.Message, f.generic = msg, false
	}
}

// FieldError is one entry of a form's error summary.
type FieldError struct {
	ID      string // the input's id, for the link
	Message string
}

// ErrorList is the error summary: every field message, linked to its input.
func (f *Form) ErrorList() []FieldError {
	if f == nil {
		return nil
	}
	keys := make([]string, 0, len(f.Errors))
	for k := range f.Errors {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]FieldError, 0, len(keys))
	for _, k := range keys {
		out = append(out, FieldError{ID: FieldID(k), Message: f.Errors[k]})
	}
	return out
}

// FieldID is the id of the input for field name.
func FieldID(name string) string {
	return "f-" + strings.NewReplacer(".", "-", "[", "-", "]", "", "_", "-").Replace(name)
}

// Option is a choice of a select.
type Option struct {
	Value string
	Label string
}

// Field is what the "field" partial needs to draw one labelled input with
// its hint and error (linked by aria-describedby). Build it in a template
// with the field function:
//
//	{{template "field" (field .Form "username" "Tên đăng nhập" "text" "required" "autocomplete=username")}}
//
// Options after the type: "required", "autofocus", "readonly", and
// "key=value" for autocomplete, hint, inputmode, placeholder, value, id,
// rows, maxlength; a []Option gives the choices of a select.
type Field struct {
	Name, Label, Type, ID string
	Value                 string
	Error, Hint           string
	Required, Autofocus   bool
	Readonly, Checked     bool
	Autocomplete          string
	Inputmode             string
	Placeholder           string
	Maxlength             int
	Rows                  int
	Options               []Option
}

// DescribedBy lists the ids of the hint and the error, for aria-describedby.
func (fl Field) DescribedBy() string {
	var ids []string
	if fl.Hint != "" {
		ids = append(ids, fl.ID+"-hint")
	}
	if fl.Error != "" {
		ids = append(ids, fl.ID+"-error")
	}
	return strings.Join(ids, " ")
}

func newField(f *Form, name, label, typ string, opts ...any) (Field, error) {
	fl := Field{Name: name, Label: label, Type: typ, ID: FieldID(name)}
	if f != nil {
		fl.Value = f.Values.Get(name)
		fl.Error = f.Error(name)
		fl.Checked = f.Checked(name)
	}
	for _, o := range opts {
		switch v := o.(type) {
		case []Option:
			fl.Options = v
		case string:
			k, val, _ := strings.Cut(v, "=")
			switch k {
			case "required":
				fl.Required = true
			case "autofocus":
				fl.Autofocus = true
			case "readonly":
				fl.Readonly = true
			case "autocomplete":
				fl.Autocomplete = val
			case "hint":
				fl.Hint = val
			case "inputmode":
				fl.Inputmode = val
			case "placeholder":
				fl.Placeholder = val
			case "value":
				fl.Value = val
			case "id":
				fl.ID = val
			case "rows":
				fl.Rows, _ = strconv.Atoi(val)
			case "maxlength":
				fl.Maxlength, _ = strconv.Atoi(val)
			default:
				return fl, fmt.Errorf("field %s: unknown option %q", name, v)
			}
		case nil:
		default:
			return fl, fmt.Errorf("field %s: option of type %T", name, o)
		}
	}
	if typ == "password" {
		fl.Value = "" // never echo a password back
	}
	return fl, nil
}

// PageParam is the query parameter holding the page number (1-based).
const PageParam = "trang"

// PageOffset returns the offset of the requested page for lists of size
// items per page (clamped like congvu.ClampLimit).
func PageOffset(r *http.Request, size int) int {
	size = congvu.ClampLimit(size)
	p, _ := strconv.Atoi(r.URL.Query().Get(PageParam))
	if p < 1 {
		p = 1
	}
	if p > 1_000_000 {
		p = 1_000_000
	}
	return (p - 1) * size
}

// Pager describes one page of a list, for the "pager" partial.
type Pager struct {
	Page, Pages int  // current page and page count, 1-based
	Size        int  // items per page
	Total       int  // items in all pages
	More        bool // Total only counts some: there are more than Total
	From, To    int  // 1-based positions shown on this page (0, 0 when empty)
	Prev, Next  string
	Links       []PageLink
}

// PageLink is a numbered page link; Gap marks an ellipsis.
type PageLink struct {
	Page    int
	Href    string
	Current bool
	Gap     bool
}

// NewPager builds the pager for a list of total items shown size per page,
// keeping the other query parameters of r in its links.
func NewPager(r *http.Request, total, size int) Pager {
	size = congvu.ClampLimit(size)
	p := Pager{Size: size, Total: total}
	p.Page = PageOffset(r, size)/size + 1
	p.Pages = (total + size - 1) / size
	if p.Pages < 1 {
		p.Pages = 1
	}
	if total > 0 {
		p.From = (p.Page-1)*size + 1
		p.To = min(p.Page*size, total)
		if p.From > total {
			p.From, p.To = 0, 0
		}
	}
	link := func(n int) string {
		q := r.URL.Query()
		q.Del("ok")
		if n <= 1 {
			q.Del(PageParam)
		} else {
			q.Set(PageParam, strconv.Itoa(n))
		}
		if len(q) == 0 {
			return r.URL.Path
		}
		return r.URL.Path + "?" + q.Encode()
	}
	if p.Page > 1 {
		p.Prev = link(min(p.Page-1, p.Pages))
	}
	if p.Page < p.Pages {
		p.Next = link(p.Page + 1)
	}
	if p.Pages > 1 {
		last := 0
		for n := 1; n <= p.Pages; n++ {
			if n == 1 || n == p.Pages || (n >= p.Page-2 && n <= p.Page+2) {
				if last != 0 && n > last+1 {
					p.Links = append(p.Links, PageLink{Gap: true})
				}
				p.Links = append(p.Links, PageLink{Page: n, Href: link(n), Current: n == p.Page})
				last = n
			}
		}
	}
	return p
}
