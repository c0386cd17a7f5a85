package main

import (
	"context"
	"errors"
	"sync/atomic"

	"congvu/web"
)

// backgroundState says whether the background work (startBackground: the
// deadline sweeps and the email outbox) runs.
type backgroundState struct {
	running atomic.Bool
}

// readyChecks are the conditions of /readyz for a server on o: its
// database answers, its migrations are this binary's (none pending, none
// from a newer version), and its background work runs. A slow round of
// that work (an SMTP relay that hangs) does not make the server unready:
// every server shares the relay, and a load balancer would take them all
// out at once for mail that can wait.
func readyChecks(o *opened) []web.ReadyCheck {
	return []web.ReadyCheck{
		{Name: "database", Check: func(ctx context.Context) error { return o.db.Read.PingContext(ctx) }},
		{Name: "migrations", Check: o.db.MigrationsCurrent},
		{Name: "background", Check: func(context.Context) error {
			if !o.background.running.Load() {
				return errors.New("the background work (deadline sweeps, email outbox) is not running")
			}
			return nil
		}},
	}
}
