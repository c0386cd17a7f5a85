package publicstats

import (
	"context"
	"strconv"
	"sync"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/inspection"
	"congvu/org"
	"congvu/petition"
)

// maxCached bounds the cache: past it, the cache starts over.
const maxCached = 20000

// Reader is the Service over the capabilities' services.
type Reader struct {
	Units       org.UnitService
	Dashboards  feedback.DashboardService
	Feedback    feedback.Service
	Petitions   petition.Service
	Inspections inspection.Service
	Compliance  inspection.DashboardService
	// Now is the clock (the database's, so tests can set it).
	Now func() time.Time
	// TTL is how long a unit's figures are served before they are read
	// again (0: CacheTTL).
	TTL time.Duration

	mu      sync.Mutex
	cache   map[string]cached
	flights map[string]*flight // the reads under way, by code
}

type cached struct {
	v  any
	at time.Time
}

// flight is one read of a value kept, which every request for it waits on
// while it runs.
type flight struct {
	done chan struct{}
	v    any
	err  error
}

// New returns the public figures read through the given services.
func New(units org.UnitService, dash feedback.DashboardService, fb feedback.Service, pet petition.Service,
	insp inspection.Service, comp inspection.DashboardService, now func() time.Time) *Reader {
	return &Reader{Units: units, Dashboards: dash, Feedback: fb, Petitions: pet, Inspections: insp, Compliance: comp, Now: now}
}

// Figures returns a unit's figures. Some figures are counted from raw rows
// and a province's take seconds to read cold (BenchmarkPublicFigures), so
// a unit's figures are read by one request at a time, which the others for
// the same unit wait on; once read they are served from the process for
// TTL, and after it the figures already read are served while one request
// reads them again in the background: only the first request for a unit
// after the start waits for a read. A unit's comparison with its province
// is the province's own figures of the year, kept the same way, so that
// the communes of a province do not each count the province again. See
// Service.
func (s *Reader) Figures(ctx context.Context, code string) (*Figures, error) {
	v, err := s.load(ctx, "unit:"+code, func(ctx context.Context) (any, error) { return s.read(ctx, code) })
	if err != nil {
		return nil, err
	}
	return v.(*Figures), nil
}

// spanKey names the figures of a unit's subtree over [from, to).
func spanKey(unitID int64, from, to time.Time) string {
	return "span:" + strconv.FormatInt(unitID, 10) + ":" + from.Format(time.DateOnly) + ":" + to.Format(time.DateOnly)
}

// load returns the value kept under key, reading it with get (as the
// system) when there is none: one read at a time per key, the value served
// for TTL, then served while one read renews it in the background.
func (s *Reader) load(ctx context.Context, key string, get func(context.Context) (any, error)) (any, error) {
	ttl := s.TTL
	if ttl <= 0 {
		ttl = CacheTTL
	}
	s.mu.Lock()
	c, ok := s.cache[key]
	if ok && time.Since(c.at) < ttl {
		s.mu.Unlock()
		return c.v, nil
	}
	fl := s.flights[key]
	if fl == nil {
		fl = &flight{done: make(chan struct{})}
		if s.flights == nil {
			s.flights = map[string]*flight{}
		}
		s.flights[key] = fl
		// The read is shared: a request that goes away does not end it.
		go s.fill(context.WithoutCancel(ctx), key, get, fl)
	}
	s.mu.Unlock()
	if ok {
		return c.v, nil // stale by less than a read
	}
	select {
	case <-fl.done:
		return fl.v, fl.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// fill reads a value for fl and keeps it (not an error: the next request
// tries again, and a value already kept stays served).
func (s *Reader) fill(ctx context.Context, key string, get func(context.Context) (any, error), fl *flight) {
	at := time.Now()
	fl.v, fl.err = get(congvu.NewContextWithActor(ctx, congvu.SystemActor("Trang công khai")))
	if fl.err == nil {
		s.keep(key, fl.v, at)
	}
	s.mu.Lock()
	delete(s.flights, key)
	s.mu.Unlock()
	close(fl.done)
}

// keep keeps v under key as read at at.
func (s *Reader) keep(key string, v any, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cache == nil || len(s.cache) >= maxCached {
		s.cache = map[string]cached{}
	}
	s.cache[key] = cached{v, at}
}

// Drop empties the cache (tests); a read under way still keeps what it
// reads.
func (s *Reader) Drop() { s.mu.Lock(); s.cache = nil; s.mu.Unlock() }

func (s *Reader) read(ctx context.Context, code string) (*Figures, error) {
	var u *org.Unit
	var err error
	if code == "" {
		u, err = s.Units.FindUnitByID(ctx, 1)
	} else if u, err = s.Units.FindUnitByCode(ctx, code); err == nil {
		u, err = s.Units.FindUnitByID(ctx, u.ID)
	}
	if err == nil && !u.Active {
		err = congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy đơn vị.")
	}
	if err != nil {
		return nil, err
	}
	asOf := congvu.Date(s.Now()).AddDate(0, 0, -1)
	from := time.Date(asOf.Year(), 1, 1, 0, 0, 0, 0, congvu.TimeZone)
	to := asOf.AddDate(0, 0, 1)
	f := &Figures{Code: u.Code, Name: u.Name, TypeName: u.TypeName, Year: asOf.Year(), AsOf: asOf, MinSample: feedback.MinRankingSample}
	if n := len(u.Ancestors); n > 0 {
		p := u.Ancestors[n-1]
		f.Parent = &Ref{Code: p.Code, Name: p.Name}
		if n >= 2 {
			p := u.Ancestors[1]
			f.Province = &Ref{Code: p.Code, Name: p.Name}
		}
	}
	kids, _, err := s.Units.FindUnits(ctx, org.UnitFilter{ParentID: u.ID, Limit: 1000})
	if err != nil {
		return nil, err
	}
	for _, k := range kids {
		if k.Active {
			f.Children = append(f.Children, Ref{Code: k.Code, Name: k.Name})
		}
	}
	at := time.Now()
	d, err := s.span(ctx, &f.This, u.ID, from, to)
	if err != nil {
		return nil, err
	}
	s.keep(spanKey(u.ID, from, to), f.This, at) // the province of its communes
	for _, p := range d.Trend {
		f.Trend = append(f.Trend, Month{Label: p.Label, Ratings: p.Tally.Total, Index: Pct(p.Index, p.Tally.Total, f.MinSample)})
	}
	for _, it := range d.Items {
		f.Behaviours = append(f.Behaviours, Behaviour{Code: it.Code, Title: it.Title, Asked: it.Asked, Rate: Pct(it.Rate, it.Asked, f.MinSample)})
	}
	if _, err := s.span(ctx, &f.Last, u.ID, from.AddDate(-1, 0, 0), to.AddDate(-1, 0, 0)); err != nil {
		return nil, err
	}
	if f.Province != nil {
		pid := u.Ancestors[1].ID
		v, err := s.load(ctx, spanKey(pid, from, to), func(ctx context.Context) (any, error) {
			var sp Span
			_, err := s.span(ctx, &sp, pid, from, to)
			return sp, err
		})
		if err != nil {
			return nil, err
		}
		sp := v.(Span)
		f.InProvince = &sp
	}
	return f, nil
}

// span fills sp with the figures of the subtree of unitID over [from, to)
// and returns the ratings dashboard read for them.
func (s *Reader) span(ctx context.Context, sp *Span, unitID int64, from, to time.Time) (*feedback.Dashboard, error) {
	sp.From, sp.To = from, to
	d, err := s.Dashboards.Dashboard(ctx, feedback.DashboardFilter{UnitID: unitID, From: from, To: to, Period: feedback.PeriodMonth})
	if err != nil {
		return nil, err
	}
	sp.Ratings, sp.Index = d.Tally.Total, Pct(d.Index, d.Tally.Total, feedback.MinRankingSample)
	st, err := s.Petitions.Stats(ctx, petition.StatsFilter{UnitID: unitID, From: from, To: to})
	if err != nil {
		return nil, err
	}
	sp.Petitions, sp.Concluded, sp.Founded = st.Total, st.Concluded, st.Founded
	for _, t := range st.Stages {
		sp.StagesDone += t.Completed
	}
	sp.OnTime = Pct(st.OnTimeRate, sp.StagesDone, 1)
	c, err := s.Compliance.Compliance(ctx, inspection.ComplianceFilter{UnitID: unitID, From: from, To: to, Period: feedback.PeriodMonth})
	if err != nil {
		return nil, err
	}
	sp.Checked, sp.Compliance = c.Checked(), Pct(c.Rate, c.Checked(), inspection.MinComplianceSample)
	last := to.AddDate(0, 0, -1) // the inspection filter's To is a day included
	for _, st := range []inspection.Status{inspection.StatusConcluded, inspection.StatusClosed} {
		_, n, err := s.Inspections.FindInspections(ctx, inspection.Filter{TargetUnitID: unitID, Status: st, From: from, To: last, Limit: 1})
		if err != nil {
			return nil, err
		}
		sp.Inspections += n
	}
	_, n, err := s.Feedback.FindApologySlips(ctx, feedback.SlipFilter{UnitID: unitID, From: from, To: to, Limit: 1})
	if err != nil {
		return nil, err
	}
	sp.ApologySlips = n
	return d, nil
}
