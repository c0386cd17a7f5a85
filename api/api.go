// Package api serves the JSON API of Công vụ under /api/v1, on the same
// services as the web pages. Authorization lives in the services: the API
// only resolves the bearer token to an actor, decodes input, and maps
// errors to HTTP statuses. Every route is listed in one table (routes.go)
// and documented in the embedded OpenAPI document (openapi.json).
package api

import (
	"congvu/internal/httpstatus"
	"congvu/services"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"congvu"
)

// Prefix is the path under which the API is served.
const Prefix = "/api/v1"

// MaxBodyBytes bounds a JSON request body.
const MaxBodyBytes = 1 << 20

// Default limits for requests that carry no valid token, per client IP.
const (
	DefaultAnonLimit  = 300
	DefaultAnonWindow = time.Minute
)

//go:embed openapi.json
var openAPIDocument []byte

// OpenAPI returns the embedded OpenAPI 3.1 document.
func OpenAPI() []byte { return append([]byte(nil), openAPIDocument...) }

// Server is the API handler. Build it with NewServer; the fields may be
// changed before it serves its first request.
type Server struct {
	// Services are the domain services the API calls.
	Services services.Set
	// Log receives internal errors and panics.
	Log *slog.Logger
	// AnonLimit is how many requests without a valid token one IP may make
	// per AnonWindow; 0 disables the limit.
	AnonLimit  int
	AnonWindow time.Duration
	// PublicURL is the address citizens reach the server at, used in the
	// links the API hands out (a dossier's rating link); empty: the scheme
	// and host of each request.
	PublicURL string

	mux     *http.ServeMux
	private map[string]bool // mux patterns of the private routes
}

// New returns the API handler. It expects the full request path
// (/api/v1/...), so mount it at "/api/v1/" without stripping the prefix.
func New(s services.Set, log *slog.Logger) http.Handler {
	return NewServer(s, log)
}

// NewServer returns the API server with default limits.
func NewServer(s services.Set, log *slog.Logger) *Server {
	if log == nil {
		log = slog.Default()
	}
	srv := &Server{Services: s, Log: log, AnonLimit: DefaultAnonLimit, AnonWindow: DefaultAnonWindow,
		mux: http.NewServeMux(), private: map[string]bool{}}
	for _, rt := range routes {
		pattern := rt.Method + " " + Prefix + rt.Path
		srv.mux.Handle(pattern, srv.endpoint(rt))
		srv.private[pattern] = rt.Access == private
	}
	return srv
}

// ServeHTTP dispatches a request; unknown paths and methods get JSON errors.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.Log.Error("api panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v))
			s.writeError(w, r, fmt.Errorf("panic: %v", v))
		}
	}()
	if _, pattern := s.mux.Handler(r); pattern != "" {
		s.mux.ServeHTTP(w, r)
		return
	}
	if allow := s.allowedMethods(r); len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeJSON(w, http.StatusMethodNotAllowed, errorBody{Error: errorDetail{
			Code: congvu.EINVALID, Message: "Phương thức " + r.Method + " không được hỗ trợ tại địa chỉ này."}})
		return
	}
	s.writeError(w, r, congvu.Errorf(congvu.ENOTFOUND, "Không có địa chỉ API này."))
}

// Private reports whether r is for a private route (a reporter's
// tracking): the server logging requests then keeps neither the client
// address nor a user. The web layer asks it for every API request.
func (s *Server) Private(r *http.Request) bool {
	_, pattern := s.mux.Handler(r)
	return s.private[pattern]
}

// allowedMethods lists the methods that have a route at r's path.
func (s *Server) allowedMethods(r *http.Request) []string {
	var out []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		r2 := r.Clone(r.Context())
		r2.Method = m
		if _, p := s.mux.Handler(r2); p != "" {
			out = append(out, m)
		}
	}
	return out
}

// handlerFunc is an endpoint: it writes a success response itself and
// returns an error for writeError to report.
type handlerFunc func(s *Server, w http.ResponseWriter, r *http.Request) error

// endpoint wraps a route with request metadata, authentication, rate
// limiting and error reporting.
func (s *Server) endpoint(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		ctx := r.Context()
		meta := congvu.MetaFromContext(ctx)
		if meta.IP == "" {
			meta.IP = clientIP(r)
		}
		if meta.UserAgent == "" {
			meta.UserAgent = r.UserAgent()
		}
		ctx = congvu.NewContextWithMeta(ctx, meta)
		r = r.WithContext(ctx)

		if rt.Access == private {
			// A reporter's anonymous act: no token is read, so none
			// resolves to a member of staff nor marks its last use at the
			// moment of the act; only the anonymous limit applies.
			if err := s.limit(ctx, meta.IP); err != nil {
				s.writeError(w, r, err)
				return
			}
			if err := rt.Handle(s, w, r); err != nil {
				s.writeError(w, r, err)
			}
			return
		}
		actor, err := s.authenticate(r, meta.IP)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if actor == nil && rt.Access.needsToken() {
			s.writeError(w, r, congvu.Errorf(congvu.EUNAUTH, "Cần mã truy cập API (Authorization: Bearer ...)."))
			return
		}
		if actor != nil {
			w.Header().Set("Cache-Control", "no-store")
			r = r.WithContext(congvu.NewContextWithActor(ctx, actor))
		}
		if err := rt.Handle(s, w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// authenticate resolves the bearer token of r. It returns a nil actor for a
// request without Authorization header (after counting it against the IP
// limit), and an error for a malformed, unknown or revoked token.
func (s *Server) authenticate(r *http.Request, ip string) (*congvu.Actor, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return nil, s.limit(r.Context(), ip)
	}
	scheme, token, _ := strings.Cut(strings.TrimSpace(h), " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		if err := s.limit(r.Context(), ip); err != nil {
			return nil, err
		}
		return nil, congvu.Errorf(congvu.EUNAUTH, "Tiêu đề Authorization phải có dạng \"Bearer <mã truy cập>\".")
	}
	actor, err := s.Services.Users.ActorByAPIToken(r.Context(), token)
	if err != nil {
		if congvu.ErrorCode(err) == congvu.EUNAUTH {
			// A failed token counts against the IP, so guessing is slow.
			if lerr := s.limit(r.Context(), ip); lerr != nil {
				return nil, lerr
			}
			return nil, congvu.Errorf(congvu.EUNAUTH, "Mã truy cập API không hợp lệ hoặc đã bị thu hồi.")
		}
		return nil, err
	}
	if actor == nil || actor.IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Mã truy cập API không hợp lệ hoặc đã bị thu hồi.")
	}
	return actor, nil
}

// limit counts a request without a valid token against the IP's budget.
// A limiter failure is logged and the request let through: the limit
// protects capacity, and refusing everyone when it breaks would not.
func (s *Server) limit(ctx context.Context, ip string) error {
	if s.AnonLimit <= 0 {
		return nil
	}
	ok, err := s.Services.Limiter.Allow(ctx, "api:ip:"+congvu.ClientNet(ip), s.AnonLimit, s.AnonWindow) // an IPv6 host owns a /64
	if err != nil {
		s.Log.Error("api rate limiter", "err", err)
		return nil
	}
	if !ok {
		return congvu.Errorf(congvu.ELIMIT, "Quá nhiều yêu cầu từ địa chỉ này. Xin vui lòng thử lại sau ít phút.")
	}
	return nil
}

// clientIP is the host part of the peer address. A reverse proxy setup puts
// the real client address into RequestMeta before the API sees the request.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// errorBody is the JSON shape of every error response.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// writeError reports err as JSON. Internal errors are logged and shown only
// as the generic message.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := congvu.ErrorCode(err)
	status, known := httpstatus.Of(code)
	body := errorDetail{Code: code, Message: congvu.ErrorMessage(err)}
	if known {
		body.Fields = congvu.ErrorFields(err)
	} else {
		status, body.Code = http.StatusInternalServerError, congvu.EINTERNAL
		if !errors.Is(err, context.Canceled) {
			s.Log.Error("api internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		}
	}
	switch code {
	case congvu.EUNAUTH:
		w.Header().Set("WWW-Authenticate", `Bearer realm="congvu"`)
	case congvu.ELIMIT:
		secs := int(s.AnonWindow / time.Second)
		if secs <= 0 {
			secs = 60
		}
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
	writeJSON(w, status, errorBody{Error: body})
}

// writeJSON writes v as the response body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b, _ = json.Marshal(errorBody{Error: errorDetail{Code: congvu.EINTERNAL, Message: congvu.ErrorMessage(err)}})
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte("\n"))
}
