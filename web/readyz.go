package web

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"
)

// ReadyCheck is one condition of /readyz: Check returns nil when it holds.
type ReadyCheck struct {
	Name  string // in the JSON answer: "database", "migrations"…
	Check func(ctx context.Context) error
}

// readyTimeout bounds each check of /readyz: a load balancer probing it
// must get an answer well within its own timeout.
const readyTimeout = 2 * time.Second

// readyz tells a load balancer whether to send this server requests: 200
// {"status":"ready","checks":{...:"ok"}} when every check (Options.Ready)
// holds within two seconds, else 503 {"status":"unavailable","checks":
// {"migrations":"fail",...}}. The reasons are logged, not shown. /healthz
// says only that the process and its database answer.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	checks := make(map[string]string, len(s.ready))
	var mu sync.Mutex
	var wg sync.WaitGroup
	ready := true
	for _, c := range s.ready {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
			defer cancel()
			err := c.Check(ctx)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				s.Log.Warn("not ready", "check", c.Name, "err", err)
				checks[c.Name], ready = "fail", false
				return
			}
			checks[c.Name] = "ok"
		}()
	}
	wg.Wait()
	status, word := http.StatusOK, "ready"
	if !ready {
		status, word = http.StatusServiceUnavailable, "unavailable"
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(struct {
		Status string            `json:"status"`
		Checks map[string]string `json:"checks"`
	}{word, checks})
}
