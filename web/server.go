// Package web is the server-rendered Vietnamese web interface of Công vụ.
//
// Every route is listed once in routes.go (see Server.Routes) with the access
// it needs; handlers are methods returning an error that the one error
// mapper turns into a Vietnamese page. Templates (templates/*.html) are
// parsed once at start-up from the embedded file system and rendered to a
// buffer before anything is written; static files (static/) are served
// under content-hashed names. Pages need no JavaScript. The citizens'
// pages live in web/citizen, built on this core and added to the route
// table through RegisterPages.
//
// Handler files are named <capability>_<resource>.go (org_units.go,
// petition_list.go, ...); their conventions:
//   - a handler is func(w http.ResponseWriter, r *http.Request) error;
//     return service errors as they are, the mapper chooses the status;
//   - EINVALID on a form: re-render the form with s.render and a Form whose
//     errors come from Form.SetError(err), status 400;
//   - after a successful POST, s.redirect(w, r, path, flashKey) (see flash.go);
//   - lists use PageOffset before and NewPager after the query;
//   - long work runs in s.Jobs.Start and redirects to /jobs/{id}.
package web

import (
	"cmp"
	"congvu/petition"
	"congvu/privacy"
	"congvu/services"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"congvu"
)

// Body size limits.
const (
	MaxFormBytes   = 1 << 20  // ordinary forms
	MaxUploadBytes = 20 << 20 // routes marked Upload: file imports
	// MaxPetitionBytes bounds the public petition form (its route's
	// MaxBody): a petition's five attachments of 10 MB each and its text.
	MaxPetitionBytes = petition.MaxAttachments*petition.MaxAttachmentSize + 1<<20
)

// Server is the web interface. Fill the exported fields, then call New.
type Server struct {
	// Services are the domain services, every one of them (New checks).
	Services services.Set
	// API, when not nil, is mounted under /api/v1/; it authenticates
	// requests itself (bearer tokens).
	API http.Handler
	// Log receives the request log and internal errors.
	Log *slog.Logger
	// Demo shows a banner saying that the data are made up.
	Demo bool
	// TrustProxy makes the client address come from X-Forwarded-For (the
	// address the proxy appended) and the scheme from X-Forwarded-Proto.
	// Only set it behind a reverse proxy that sets these headers.
	TrustProxy bool
	// Ping checks the database for /healthz; nil means always healthy.
	Ping func(ctx context.Context) error
	// Jobs runs long work in the background with progress pages.
	Jobs *Jobs
	// PublicURL is the address citizens reach the server at
	// ("https://congvu.example.gov.vn"), used in QR codes and printed
	// badges; empty: the scheme and Host of the request.
	PublicURL string
	// MailDelivery says that a sender delivers the email outbox over SMTP;
	// false (demo mode) means emails stay in the outbox, where the outbox
	// page shows them.
	MailDelivery bool
	// Privacy names the data controller and the contact the privacy
	// notices give (CONGVU_PRIVACY_CONTROLLER, CONGVU_PRIVACY_CONTACT).
	Privacy privacy.Config

	formKey []byte // signs the render time of public forms (see feedback_rating.go)
	routes  []Route
	tmpl    *templates
	static  *staticFiles
	metrics *metrics
	cop     *http.CrossOriginProtection
	// bodies holds a slot per large body being received (see takeBody).
	bodies chan struct{}
	// netBodies counts the large bodies in flight per client network.
	netBodies netBodies
	handler   http.Handler

	// metricsToken is the bearer token of /metrics ("": served to nobody).
	metricsToken string
	// ready are the checks of /readyz (Options.Ready).
	ready []ReadyCheck
	// officialPages are rendered officials lists (org_officials.go).
	officialPages pageMemo
}

// Options configure New.
type Options struct {
	Services   services.Set
	API        http.Handler
	Log        *slog.Logger
	Demo       bool
	TrustProxy bool
	// MaxBodiesInFlight caps the large bodies (petition forms, uploads)
	// being received at once, from all clients together; 0 means
	// DefaultBodiesInFlight.
	MaxBodiesInFlight int
	// MaxBodiesPerNet caps the large bodies being received at once from
	// one client network (congvu.ClientNet); 0 means DefaultBodiesPerNet.
	MaxBodiesPerNet int
	Ping            func(ctx context.Context) error
	// Ready are the checks /readyz makes (readyz.go); none: it answers
	// ready whenever the process serves.
	Ready []ReadyCheck
	// PublicURL: see Server.PublicURL.
	PublicURL string
	// MailDelivery: see Server.MailDelivery.
	MailDelivery bool
	// MetricsToken is the bearer token /metrics requires; empty: /metrics
	// is served to nobody (401).
	MetricsToken string
	// FormSecret signs the render time of public rating forms (at least 16
	// bytes; servers behind one load balancer must share it). Empty: a
	// random secret per process, so a form rendered before a restart
	// counts as filled too fast (flagged for review, not lost).
	FormSecret []byte
	// Privacy: see Server.Privacy.
	Privacy privacy.Config
}

// New parses the templates, hashes the static files, builds the route table
// and returns a ready server. An error means a missing service or a broken
// template or asset.
func New(o Options) (*Server, error) {
	if err := o.Services.Check(); err != nil {
		return nil, err
	}
	s := &Server{
		Services:     o.Services,
		API:          o.API,
		Log:          o.Log,
		Demo:         o.Demo,
		TrustProxy:   o.TrustProxy,
		Ping:         o.Ping,
		Jobs:         NewJobs(),
		PublicURL:    strings.TrimRight(o.PublicURL, "/"),
		MailDelivery: o.MailDelivery,
		Privacy:      o.Privacy,
		formKey:      formKey(o.FormSecret),
		metricsToken: o.MetricsToken,
		ready:        o.Ready,
		bodies:       make(chan struct{}, cmp.Or(o.MaxBodiesInFlight, DefaultBodiesInFlight)),
		netBodies:    netBodies{max: cmp.Or(o.MaxBodiesPerNet, DefaultBodiesPerNet), n: map[string]int{}},
	}
	if s.Log == nil {
		s.Log = slog.Default()
	}
	s.Jobs.log = s.Log
	var err error
	if s.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if s.tmpl, err = parseTemplates(s.static); err != nil {
		return nil, err
	}
	s.metrics = newMetrics()
	s.cop = http.NewCrossOriginProtection()
	s.routes = s.routeTable()
	mux := http.NewServeMux()
	for _, rt := range s.routes {
		if rt.Private && rt.Access != Public {
			return nil, errors.New("web: route " + rt.Key() + " is private but not public")
		}
		mux.Handle(rt.Key(), s.wrap(rt))
	}
	// Anything else: a Vietnamese 404 page (also for unknown methods).
	mux.Handle("/", s.wrap(Route{Pattern: "/", Access: Public, Handler: func(w http.ResponseWriter, r *http.Request) error {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy trang bạn yêu cầu.")
	}}))
	s.handler = s.observe(s.securityHeaders(s.recoverPanics(mux)))
	return s, nil
}

// Handler returns the whole web interface as one handler.
func (s *Server) Handler() http.Handler { return s.handler }

// ListenAndServe serves on addr until ctx is done, then shuts down
// gracefully, giving requests in flight up to 15 seconds.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	srv := &http.Server{
		Addr:              addr,
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // imports of up to MaxUploadBytes on slow links; the petition form extends its own
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.Log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	if !s.TrustProxy {
		lim := LimitConnsPerIP(l, MaxConnsPerIP)
		srv.ConnState = lim.ConnState
		l = lim
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.Log.Info("shutting down web server")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	err = srv.Shutdown(sctx)
	if e := <-errc; e != nil && !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}
