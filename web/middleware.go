package web

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"congvu"
)

// SessionCookie is the name of the browser session cookie.
const SessionCookie = "congvu_session"

// reqInfo is filled while a request runs, for the log and the metrics.
type reqInfo struct {
	pattern string
	userID  int64
	private bool // the route's client address stays out of the log
}

type reqInfoKey struct{}

func infoFrom(ctx context.Context) *reqInfo {
	if ri, ok := ctx.Value(reqInfoKey{}).(*reqInfo); ok {
		return ri
	}
	return &reqInfo{}
}

// statusWriter remembers the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// recoverPanics turns a panic into the 500 page (when nothing was written
// yet) and logs it with its stack.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.Log.Error("panic", "method", r.Method, "path", logPath(r, r.Pattern), "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if sw.status == 0 {
				s.renderError(sw, r, congvu.Errorf(congvu.EINTERNAL, "panic"))
			}
		}()
		next.ServeHTTP(sw, r)
	})
}

// observe logs every request and records it in the metrics, labelled by the
// route pattern and status code. The client address and the user are
// logged except for Private routes.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ri := &reqInfo{}
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			d := time.Since(start)
			pattern := ri.pattern
			if pattern == "" {
				pattern = "none"
			}
			code := strconv.Itoa(status)
			s.metrics.requests.WithLabelValues(pattern, code).Inc()
			s.metrics.latency.WithLabelValues(pattern, code).Observe(d.Seconds())
			attrs := []slog.Attr{
				slog.String("method", r.Method),
				slog.String("path", logPath(r, ri.pattern)),
				slog.String("pattern", pattern),
				slog.Int("status", status),
				slog.Int64("bytes", sw.bytes),
				slog.Duration("duration", d),
			}
			if !ri.private {
				attrs = append(attrs, slog.String("ip", s.clientIP(r)), slog.Int64("user", ri.userID))
			}
			s.Log.LogAttrs(r.Context(), levelFor(status), "request", attrs...)
		}()
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), reqInfoKey{}, ri)))
	})
}

// levelFor logs server errors as warnings, everything else as info.
func levelFor(status int) slog.Level {
	if status >= 500 {
		return slog.LevelWarn
	}
	return slog.LevelInfo
}

// securityHeaders sets the headers every response carries.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' "+s.static.styleHashes+"; img-src 'self' data:; "+
			"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		if s.isTLS(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// wrap applies the per-route steps: metric label, request metadata, body
// limit, cross-origin check, session, access check, error mapping.
func (s *Server) wrap(rt Route) http.Handler {
	key := rt.Key()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := infoFrom(r.Context())
		ri.pattern = key
		ri.private = rt.Private
		if rt.Raw {
			if err := rt.Handler(w, r); err != nil {
				s.renderError(w, r, err)
			}
			return
		}
		ctx := congvu.NewContextWithMeta(r.Context(), congvu.RequestMeta{IP: s.clientIP(r), UserAgent: r.UserAgent()})
		r = r.WithContext(ctx)
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if r.ContentLength > rt.BodyLimit() && strings.EqualFold(r.Header.Get("Expect"), "100-continue") {
				// Announced too large to a client that waits for "100
				// Continue": 413 before reading, rather than 100 and a
				// reset. A browser sends its body without asking; it is
				// read up to the limit, so that it sees the answer (the
				// petition form then keeps the text typed).
				s.renderError(w, r, &http.MaxBytesError{Limit: rt.BodyLimit()})
				return
			}
			// Only a body announced larger than a plain form (files), or
			// of unknown length, takes a slot: a form of text does not
			// wait behind others' photos.
			if rt.BodyLimit() > MaxFormBytes && (r.ContentLength > MaxFormBytes || r.ContentLength < 0) {
				release, ok := s.takeBody(w, r)
				if !ok {
					return
				}
				defer release()
			}
			r.Body = http.MaxBytesReader(w, r.Body, rt.BodyLimit())
			if err := s.cop.Check(r); err != nil {
				s.Log.Info("cross-origin request rejected", "path", logPath(r, r.Pattern), "origin", r.Header.Get("Origin"), "sec_fetch_site", r.Header.Get("Sec-Fetch-Site"))
				s.renderError(w, r, congvu.Errorf(congvu.EFORBIDDEN, "Yêu cầu bị từ chối vì được gửi từ một trang web khác. Xin mở lại trang và gửi lại."))
				return
			}
		}
		var actor *congvu.Actor
		if !rt.Private { // a Private route never learns who is signed in
			var err error
			if actor, err = s.loadSession(w, r); err != nil {
				s.renderError(w, r, err)
				return
			}
		}
		if actor != nil {
			ri.userID = actor.UserID
			r = r.WithContext(congvu.NewContextWithActor(r.Context(), actor))
		}
		if !rt.Access.Allows(actor) {
			var err error
			if actor.IsAnonymous() {
				err = congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập để tiếp tục.")
			} else {
				err = congvu.Errorf(congvu.EFORBIDDEN, "Tài khoản của bạn không có quyền truy cập trang này.")
			}
			s.renderError(w, r, err)
			return
		}
		if err := rt.Handler(w, r); err != nil {
			s.renderError(w, r, err)
		}
	})
}

// loadSession resolves the session cookie to an actor; nil when there is
// none or it has expired (the stale cookie is then removed).
func (s *Server) loadSession(w http.ResponseWriter, r *http.Request) (*congvu.Actor, error) {
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return nil, nil
	}
	actor, err := s.Services.Users.ActorBySession(r.Context(), c.Value)
	switch congvu.ErrorCode(err) {
	case "":
		return actor, nil
	case congvu.EUNAUTH, congvu.ENOTFOUND:
		s.clearSessionCookie(w, r)
		return nil, nil
	}
	return nil, err
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string, expires time.Time) {
	http.SetCookie(w, &http.Cookie{
		Name:     SessionCookie,
		Value:    token,
		Path:     "/",
		Expires:  expires,
		MaxAge:   int(time.Until(expires).Seconds()),
		HttpOnly: true,
		Secure:   s.isTLS(r),
		SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name:     SessionCookie,
		Value:    "",
		Path:     "/",
		MaxAge:   -1,
		HttpOnly: true,
		Secure:   s.isTLS(r),
		SameSite: http.SameSiteLaxMode,
	})
}

// isTLS reports whether the client reached us over HTTPS.
func (s *Server) isTLS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	return s.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// clientIP is the address of the client: the connection's peer, or with
// TrustProxy the last address in X-Forwarded-For (the one our own proxy
// appended; earlier entries are whatever the client sent).
func (s *Server) clientIP(r *http.Request) string {
	if s.TrustProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			parts := strings.Split(xff[len(xff)-1], ",")
			if ip := strings.TrimSpace(parts[len(parts)-1]); net.ParseIP(ip) != nil {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// safeNext returns next if it is a local path ("/..." but not "//..." nor
// "/\..."), else "/". It keeps open redirects out of the login form.
func safeNext(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	if strings.ContainsAny(next, "\r\n\t\\") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.IsAbs() || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}

// logPath is the request path as logs may keep it: a path that carries a
// secret (a kiosk's device key, a rating or dossier token) is logged as its
// route pattern, so that logs never hold a usable key.
func logPath(r *http.Request, pattern string) string {
	if p := pattern; strings.Contains(p, "{key}") || strings.Contains(p, "{token}") {
		if _, path, ok := strings.Cut(p, " "); ok {
			return path
		}
		return p
	}
	return r.URL.Path
}
