package web

import (
	"bytes"
	"congvu/org"
	"congvu/vntext"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/privacy"
)

//go:embed templates
var templateFS embed.FS

// Base is embedded in every page struct; render fills it.
type Base struct {
	// Title is the page title, before " — Công vụ".
	Title string
	// Actor is the signed-in user, or nil.
	Actor *congvu.Actor
	// Nav is the main navigation for the actor.
	Nav []NavItem
	// Crumbs are the breadcrumbs above the heading (optional).
	Crumbs []Link
	// Flash is a one-time confirmation, from the ?ok= key of a redirect.
	Flash string
	// Demo shows the demonstration banner.
	Demo bool
	// Path is the path of the request.
	Path string
	// Privacy is the privacy notice of a page collecting personal data
	// (Server.PrivacyNotice), shown by the "privacy-notice" partial.
	Privacy *privacy.Notice
}

func (b *Base) base() *Base { return b }

// SignedIn reports whether a user is signed in.
func (b *Base) SignedIn() bool { return !b.Actor.IsAnonymous() }

// Page is any page struct (it embeds Base).
type Page interface{ base() *Base }

// NavItem is a link of the main navigation.
type NavItem struct {
	Label   string
	Href    string
	Current bool
}

// Link is a labelled URL.
type Link struct {
	Label string
	Href  string
}

// templates are the parsed pages, one template set per page file, each
// holding the layout and the partials.
type templates struct {
	pages map[string]*template.Template
}

// layoutFiles are parsed into every page.
var layoutFiles = []string{"templates/layout.html", "templates/partials.html"}

func parseTemplates(st *staticFiles) (*templates, error) {
	base, err := template.New("").Funcs(templateFuncs(st)).ParseFS(templateFS, layoutFiles...)
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	ts := &templates{pages: map[string]*template.Template{}}
	for _, f := range files {
		if f == layoutFiles[0] || f == layoutFiles[1] {
			continue
		}
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(templateFS, f); err != nil {
			return nil, fmt.Errorf("parse %s: %w", f, err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("template %s defines no \"content\"", f)
		}
		ts.pages[path.Base(f)] = t
	}
	return ts, nil
}

// Pages lists the names of the page templates (for tests).
func (s *Server) Pages() []string {
	var out []string
	for n := range s.tmpl.pages {
		out = append(out, n)
	}
	return out
}

// Render executes the page template name with p into a buffer, then writes
// it with the given status. Pages of signed-in users are never cached.
func (s *Server) Render(w http.ResponseWriter, r *http.Request, status int, name string, p Page) error {
	body, err := s.renderPage(r, name, p)
	if err != nil {
		return err
	}
	s.writePage(w, r, status, body)
	return nil
}

// renderPage fills the page's Base and executes its template.
func (s *Server) renderPage(r *http.Request, name string, p Page) ([]byte, error) {
	b := p.base()
	b.Actor = congvu.ActorFromContext(r.Context())
	b.Nav = s.nav(b.Actor, r.URL.Path)
	b.Demo = s.Demo
	b.Path = r.URL.Path
	if b.Flash == "" {
		b.Flash = FlashMessages[r.URL.Query().Get("ok")]
	}
	t := s.tmpl.pages[name]
	if t == nil {
		return nil, fmt.Errorf("web: no template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return nil, fmt.Errorf("web: render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// writePage writes a rendered page with the given status.
func (s *Server) writePage(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	if congvu.ActorFromContext(r.Context()).IsAnonymous() {
		h.Set("Cache-Control", "no-cache")
	} else {
		h.Set("Cache-Control", "no-store")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body) // an error here means the client went away
}

// Redirect sends the browser to target after a successful POST; flash is a
// key of flashMessages ("" for none), shown once on the next page.
func (s *Server) Redirect(w http.ResponseWriter, r *http.Request, target, flash string) error {
	if flash != "" {
		sep := "?"
		if strings.Contains(target, "?") {
			sep = "&"
		}
		target += sep + "ok=" + flash
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// nav is the main navigation for the actor: only what they may open, and
// only pages that exist in the route table.
func (s *Server) nav(a *congvu.Actor, current string) []NavItem {
	type entry struct {
		label, href string
		access      Access
	}
	entries := []entry{
		{"Trang chủ", "/", Public},
		{"Chuẩn mực", "/chuan-muc", Public},
		{"Đơn vị", "/units", Need(congvu.ActUnitView)},
		{"Cán bộ", "/officials", Need(congvu.ActOfficialView)},
		{"Hài lòng", "/dashboards", SignedIn},
		{"Xét đánh giá", "/feedback/review", Need(congvu.ActFeedbackReview)},
		{"Phản ánh", "/petitions", Need(congvu.ActPetitionView)},
		{"Kiểm tra", "/inspections", Need(congvu.ActInspectionView)},
		{"Khen thưởng", "/commendations", Need(congvu.ActCommendationView)},
		{"Thi đua", "/emulation", Need(congvu.ActEmulationView)},
		{"Vi phạm", "/violations", Need(congvu.ActViolationView)},
		{"Kỷ luật", "/discipline", Need(congvu.ActViolationView)},
		{"Đánh giá, xếp loại", "/evaluations", Need(congvu.ActEvaluationView)},
		{"Sự việc", "/incidents", Need(congvu.ActIncidentRecord)},
		{"Bồi dưỡng", "/training", Need(congvu.ActTrainingView)},
		{"Chuẩn mực riêng", "/standards/local", Need(congvu.ActUnitView)},
		{"Nhật ký", "/audit", Need(congvu.ActAuditView)},
		{"Tài khoản", "/users", Need(congvu.ActUserManage)},
		{"Lịch làm việc", "/settings/calendar", Need(congvu.ActCalendarManage)},
	}
	var out []NavItem
	for _, e := range entries {
		if a.IsAnonymous() && e.href != "/" && e.href != "/chuan-muc" {
			continue
		}
		pattern := e.href
		if pattern == "/" {
			pattern = "/{$}"
		}
		if !s.hasRoute("GET", pattern) || !e.access.Allows(a) {
			continue
		}
		cur := current == e.href || (e.href != "/" && strings.HasPrefix(current, e.href+"/") && current != "/violations/mine" && current != "/evaluations/mine" && current != "/training/mine")
		out = append(out, NavItem{Label: e.label, Href: e.href, Current: cur})
	}
	// An official who may not browse officials still has their own record.
	if !a.IsAnonymous() && a.OfficialID != 0 && !a.Can(congvu.ActOfficialView, "") && s.hasRoute("GET", "/officials/{id}") {
		href := "/officials/" + strconv.FormatInt(a.OfficialID, 10)
		out = append(out, NavItem{Label: "Hồ sơ của tôi", Href: href, Current: current == href})
	}
	// An official's own violations and the handlings to acknowledge; staff
	// who are officials too find them in their user menu (MineHref), so
	// the menu of a head still fits one row.
	if !a.IsAnonymous() && a.OfficialID != 0 && !a.Can(congvu.ActOfficialView, "") && s.hasRoute("GET", "/violations/mine") {
		out = append(out, NavItem{Label: "Vi phạm của tôi", Href: "/violations/mine", Current: current == "/violations/mine"})
	}
	// An official's own training, likewise (staff find it in the user menu).
	if !a.IsAnonymous() && a.OfficialID != 0 && !a.Can(congvu.ActTrainingView, "") && s.hasRoute("GET", "/training/mine") {
		out = append(out, NavItem{Label: "Bồi dưỡng của tôi", Href: "/training/mine", Current: current == "/training/mine"})
	}
	return out
}

// templateFuncs are the functions every template may call.
func templateFuncs(st *staticFiles) template.FuncMap {
	return template.FuncMap{
		"asset":    st.url,
		"inline":   st.inline,
		"date":     formatDate,
		"datetime": formatDateTime,
		"num":      formatNumber,
		"dec":      func(x float64) string { return vntext.Decimal(x, 2) },
		"field":    newField,
		// The rules as org states them, for the forms that explain them.
		"passwordRule": org.PasswordRule,
		"loginRule":    org.LoginRule,
		"dict":         dict,
		"add":          func(a, b int) int { return a + b },
		"pct":          Pct, // the compliance rate of an inspection.Tally
		"prettyJSON": func(raw json.RawMessage) string {
			if len(raw) == 0 {
				return ""
			}
			var buf bytes.Buffer
			if err := json.Indent(&buf, raw, "", "  "); err != nil {
				return string(raw)
			}
			return buf.String()
		},
		"suggestionKey": SuggestionKey,
		"levelsLabel":   LevelsLabel,
		"coef":          Coef,
		"num64":         func(n int64) string { return vntext.Number(int(n)) },
		"auditKind":     AuditKindLabel,
		"auditEntity":   AuditEntityText,
		"auditFields":   auditFields,
	}
}

// formatDate shows a time as dd/mm/yyyy in congvu.TimeZone; it accepts
// time.Time and *time.Time (nil or zero gives "").
func formatDate(v any) string { return formatTime(v, "02/01/2006") }

// formatDateTime shows a time as dd/mm/yyyy hh:mm in congvu.TimeZone.
func formatDateTime(v any) string { return formatTime(v, "02/01/2006 15:04") }

func formatTime(v any, layout string) string {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	case *time.Time:
		if x == nil {
			return ""
		}
		t = *x
	default:
		return ""
	}
	if t.IsZero() {
		return ""
	}
	return t.In(congvu.TimeZone).Format(layout)
}

// formatNumber writes an integer with Vietnamese thousands separators
// (1.234.567).
func formatNumber(n int) string { return vntext.Number(n) }

// dict builds a map from key, value pairs, for passing several values to a
// partial template.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// ParseDate reads a typed date at midnight in congvu.TimeZone.
func ParseDate(s string) (time.Time, bool) { return congvu.ParseDate(s, congvu.TimeZone) }

// dashboardDays reads the range fields of a dashboard's form, the first
// and the last day (dd/mm/yyyy, both included), as [from, to); an empty
// field is zero. What cannot be read is reported on f and left zero; a
// last day before the first is reported on the last and both are zero.
func dashboardDays(f *Form, fromParam, toParam string) (from, to time.Time) {
	if v := f.Get(fromParam); v != "" {
		if t, ok := ParseDate(v); ok {
			from = t
		} else {
			f.AddError(fromParam, "Ngày bắt đầu phải có dạng ngày/tháng/năm, ví dụ 01/07/2026.")
		}
	}
	if v := f.Get(toParam); v != "" {
		if t, ok := ParseDate(v); ok {
			to = t.AddDate(0, 0, 1)
		} else {
			f.AddError(toParam, "Ngày kết thúc phải có dạng ngày/tháng/năm, ví dụ 30/06/2027.")
		}
	}
	if !from.IsZero() && !to.IsZero() && !to.After(from) {
		f.AddError(toParam, "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")
		return time.Time{}, time.Time{}
	}
	return from, to
}
