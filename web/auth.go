package web

import (
	"congvu/org"
	"net/http"
	"strconv"
	"time"

	"congvu"

	"golang.org/x/text/unicode/norm"
)

// Login limits per client address, on top of the back-off per account name
// and address that the user service applies.
const (
	LoginLimitPerIP  = 20
	LoginLimitWindow = 10 * time.Minute
)

// LoginPage is the sign-in form.
type LoginPage struct {
	Base
	Form *Form
	Next string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	next := safeNext(r.URL.Query().Get("next"))
	if !congvu.ActorFromContext(r.Context()).IsAnonymous() {
		return s.Redirect(w, r, next, "")
	}
	return s.Render(w, r, http.StatusOK, "login.html", &LoginPage{Base: Base{Title: "Đăng nhập"}, Form: NewForm(nil), Next: next})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	next := safeNext(r.PostForm.Get("next"))
	page := &LoginPage{Base: Base{Title: "Đăng nhập"}, Form: f, Next: next}
	username := f.Get("username")
	password := norm.NFC.String(r.PostForm.Get("password"))
	if username == "" {
		f.AddError("username", "Xin nhập tên đăng nhập.")
	}
	if password == "" {
		f.AddError("password", "Xin nhập mật khẩu.")
	}
	if f.Failed() {
		f.Message = "Xin nhập đủ tên đăng nhập và mật khẩu."
		return s.Render(w, r, http.StatusBadRequest, "login.html", page)
	}
	if s.Services.Limiter != nil {
		// Counted per client network: an IPv6 host owns a whole /64.
		ip := congvu.ClientNet(congvu.MetaFromContext(r.Context()).IP)
		ok, err := s.Services.Limiter.Allow(r.Context(), "web.login:"+ip, LoginLimitPerIP, LoginLimitWindow)
		if err != nil {
			return err
		}
		if !ok {
			f.Message = "Có quá nhiều lần đăng nhập từ địa chỉ mạng của bạn. Xin chờ khoảng 10 phút rồi thử lại."
			return s.Render(w, r, http.StatusTooManyRequests, "login.html", page)
		}
	}
	sess, err := s.Services.Users.Authenticate(r.Context(), username, password)
	if err != nil {
		switch congvu.ErrorCode(err) {
		case congvu.EUNAUTH:
			f.Message = "Tên đăng nhập hoặc mật khẩu không đúng."
			return s.Render(w, r, http.StatusUnauthorized, "login.html", page)
		case congvu.ELIMIT, congvu.EINVALID:
			if wait, ok := org.RetryAfter(err); ok {
				setRetryAfter(w, wait)
			}
			f.Message = congvu.ErrorMessage(err)
			return s.Render(w, r, StatusOf(congvu.ErrorCode(err)), "login.html", page)
		}
		return err
	}
	s.setSessionCookie(w, r, sess.Token, sess.ExpiresAt)
	return s.Redirect(w, r, next, "")
}

// setRetryAfter says in the Retry-After header to try again after wait
// (whole seconds, at least one).
func setRetryAfter(w http.ResponseWriter, wait time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(max(1, int((wait+time.Second-1)/time.Second))))
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		if err := s.Services.Users.Logout(r.Context(), c.Value); err != nil && congvu.ErrorCode(err) != congvu.EUNAUTH {
			return err
		}
	}
	s.clearSessionCookie(w, r)
	return s.Redirect(w, r, "/", "dang-xuat")
}

// PasswordPage is the form to change one's own password.
type PasswordPage struct {
	Base
	Form *Form
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) error {
	return s.Render(w, r, http.StatusOK, "password.html", &PasswordPage{Base: Base{Title: "Đổi mật khẩu"}, Form: NewForm(nil)})
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	page := &PasswordPage{Base: Base{Title: "Đổi mật khẩu"}, Form: f}
	current := norm.NFC.String(r.PostForm.Get("old_password"))
	next := norm.NFC.String(r.PostForm.Get("new_password"))
	confirm := norm.NFC.String(r.PostForm.Get("confirm_password"))
	if current == "" {
		f.AddError("old_password", "Xin nhập mật khẩu hiện tại.")
	}
	if next != confirm {
		f.AddError("confirm_password", "Mật khẩu nhập lại không khớp với mật khẩu mới.")
	}
	if f.Failed() {
		f.Message = "Chưa đổi được mật khẩu, xin kiểm tra lại các ô được đánh dấu."
		return s.Render(w, r, http.StatusBadRequest, "password.html", page)
	}
	sess, err := s.Services.Users.ChangePassword(r.Context(), current, next)
	if err != nil {
		if f.SetError(err) {
			return s.Render(w, r, http.StatusBadRequest, "password.html", page)
		}
		return err
	}
	// Every session of the account ended, this one included: the browser
	// that changed the password carries on with a new one.
	s.setSessionCookie(w, r, sess.Token, sess.ExpiresAt)
	return s.Redirect(w, r, "/account/tokens", "doi-mat-khau")
}

// TokensPage lists the user's API tokens; NewToken is set once, right
// after one is created, to show its secret.
type TokensPage struct {
	Base
	Tokens   []*org.APIToken
	NewToken *org.APIToken
	Form     *Form
}

func (s *Server) tokens(w http.ResponseWriter, r *http.Request) error {
	return s.renderTokens(w, r, http.StatusOK, &TokensPage{Form: NewForm(nil)})
}

func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, status int, p *TokensPage) error {
	toks, err := s.Services.Users.FindAPITokens(r.Context())
	if err != nil {
		return err
	}
	p.Title = "Khóa truy cập API"
	p.Tokens = toks
	return s.Render(w, r, status, "tokens.html", p)
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	name := f.Get("name")
	if name == "" {
		f.AddError("name", "Xin đặt tên cho khóa, ví dụ tên ứng dụng sẽ dùng nó.")
		return s.renderTokens(w, r, http.StatusBadRequest, &TokensPage{Form: f})
	}
	tok, err := s.Services.Users.CreateAPIToken(r.Context(), name)
	if err != nil {
		if f.SetError(err) {
			return s.renderTokens(w, r, http.StatusBadRequest, &TokensPage{Form: f})
		}
		return err
	}
	// The secret is shown in this response only: no redirect, no cache.
	return s.renderTokens(w, r, http.StatusOK, &TokensPage{Form: NewForm(nil), NewToken: tok})
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.Services.Users.RevokeAPIToken(r.Context(), id); err != nil {
		return err
	}
	return s.Redirect(w, r, "/account/tokens", "thu-hoi-khoa")
}

// pathID reads the {id} wildcard; a malformed id is ENOTFOUND.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy trang bạn yêu cầu.")
	}
	return id, nil
}
