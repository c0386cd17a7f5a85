package web

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the Prometheus metrics of one server, in a registry of its
// own (so that several servers can live in one process, as in tests).
type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	handler  http.Handler
}

func newMetrics() *metrics {
	reg := prometheus.NewRegistry()
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "congvu_http_requests_total",
			Help: "HTTP requests served, by route pattern and status code.",
		}, []string{"pattern", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "congvu_http_request_duration_seconds",
			Help:    "Time to serve HTTP requests, by route pattern and status code.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"pattern", "code"}),
	}
	reg.MustRegister(m.requests, m.latency,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg})
	return m
}

// serveMetrics serves the metrics to a scraper holding the bearer token
// (Options.MetricsToken); without a configured token, to nobody. Route
// patterns, status counts and process figures are not for the public:
// they show who uses which page when.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) error {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if s.metricsToken == "" || !strings.EqualFold(scheme, "Bearer") ||
		subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), []byte(s.metricsToken)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
		http.Error(w, "Cần mã truy cập số liệu vận hành (Authorization: Bearer ...).", http.StatusUnauthorized)
		return nil
	}
	s.metrics.handler.ServeHTTP(w, r)
	return nil
}

// healthz answers {"status":"ok"} when the database answers a ping within
// two seconds, else 503 {"status":"unavailable"}.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	status, body := http.StatusOK, "ok"
	if s.Ping != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.Ping(ctx); err != nil {
			s.Log.Error("health check failed", "err", err)
			status, body = http.StatusServiceUnavailable, "unavailable"
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(map[string]string{"status": body})
}
