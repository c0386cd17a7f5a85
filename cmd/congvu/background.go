package main

import (
	"congvu/inspection"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/violation"
	"context"
	"sync"
	"time"

	"congvu"
)

// startBackground runs the server's periodic work until ctx ends or the
// returned stop is called (stop waits for the current round): it sweeps
// petition deadlines (reminders, overdue flags, escalations) and corrective
// actions' and discipline cases' deadlines (reminders, overdue notices) and, when send
// is not nil, delivers the email outbox over SMTP. Several servers may run
// it at once: the sweep marks each petition once and deliveries are claimed.
func startBackground(ctx context.Context, o *opened, send func(*congvu.OutboxMessage) error, every time.Duration) (stop func()) {
	ctx, cancel := context.WithCancel(congvu.NewContextWithActor(ctx, congvu.SystemActor("Hệ thống nhắc hạn")))
	var wg sync.WaitGroup
	wg.Add(1)
	o.background.running.Store(true)
	go func() {
		defer wg.Done()
		defer o.background.running.Store(false)
		t := time.NewTicker(every)
		defer t.Stop()
		var forgotten time.Time
		for {
			backgroundRound(ctx, o, send)
			if time.Since(forgotten) >= time.Hour {
				forgetRound(ctx, o, time.Now())
				forgotten = time.Now()
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return func() { cancel(); wg.Wait() }
}

// forgetRound deletes what the server no longer needs to keep about
// people: limiter counters of windows past, the keys of days past their
// retention (their address pseudonyms can no longer be reversed) and the
// reporters' addresses of the outbox that were sent or given up.
func forgetRound(ctx context.Context, o *opened, now time.Time) {
	if _, err := sqldb.NewRateLimiter(o.db).Prune(ctx, now.Add(-25*time.Hour)); err != nil && ctx.Err() == nil {
		o.log.Error("prune rate limits", "err", err)
	}
	if _, err := orgsql.PruneLoginFailures(ctx, o.db, now.Add(-25*time.Hour)); err != nil && ctx.Err() == nil {
		o.log.Error("prune login failures", "err", err)
	}
	if _, err := o.db.PruneDayKeys(ctx, now); err != nil && ctx.Err() == nil {
		o.log.Error("prune day keys", "err", err)
	}
	if n, err := sqldb.NewOutboxService(o.db).PurgeReporterAddresses(ctx, now); err != nil && ctx.Err() == nil {
		o.log.Error("purge outbox addresses", "err", err)
	} else if n > 0 {
		o.log.Info("outbox addresses purged", "count", n)
	}
}

// backgroundRound is one round of startBackground.
func backgroundRound(ctx context.Context, o *opened, send func(*congvu.OutboxMessage) error) {
	res, err := o.services.Petitions.Sweep(ctx, time.Now())
	switch {
	case ctx.Err() != nil:
		return
	case err != nil:
		o.log.Error("petition deadline sweep", "err", err)
	case res != petition.SweepResult{}:
		o.log.Info("petition deadline sweep", "reminded", res.Reminded, "overdue", res.Overdue, "escalated", res.Escalated)
	}
	ares, err := o.services.InspectionActions.SweepActions(ctx, time.Now())
	switch {
	case ctx.Err() != nil:
		return
	case err != nil:
		o.log.Error("corrective action sweep", "err", err)
	case ares != inspection.ActionSweepResult{}:
		o.log.Info("corrective action sweep", "reminded", ares.Reminded, "overdue", ares.Overdue)
	}
	if sw, ok := o.services.Discipline.(violation.CaseSweeper); ok {
		dres, err := sw.SweepCases(ctx, time.Now())
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			o.log.Error("discipline deadline sweep", "err", err)
		case dres != violation.CaseSweepResult{}:
			o.log.Info("discipline deadline sweep", "reminded", dres.Reminded, "overdue", dres.Overdue, "late", dres.Late)
		}
	}
	if send == nil {
		return
	}
	n, err := o.services.Outbox.Deliver(ctx, 100, send)
	if err != nil && ctx.Err() == nil {
		o.log.Error("email delivery", "err", err)
	} else if n > 0 {
		o.log.Info("emails sent", "count", n)
	}
}
