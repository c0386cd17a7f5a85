package publicstats

import (
	"context"
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

	mu    sync.Mutex
	cache map[string]cached
}

type cached struct {
	f  *Figures
	at time.Time
}

// New returns the public figures read through the given services.
func New(units org.UnitService, dash feedback.DashboardService, fb feedback.Service, pet petition.Service,
	insp inspection.Service, comp inspection.DashboardService, now func() time.Time) *Reader {
	return &Reader{Units: units, Dashboards: dash, Feedback: fb, Petitions: pet, Inspections: insp, Compliance: comp, Now: now}
}

// Figures returns a unit's figures, from the cache when read less than
// CacheTTL ago. See Service.
func (s *Reader) Figures(ctx context.Context, code string) (*Figures, error) {
	now := time.Now()
	s.mu.Lock()
	if c, ok := s.cache[code]; ok && now.Sub(c.at) < CacheTTL {
		s.mu.Unlock()
		return c.f, nil
	}
	s.mu.Unlock()
	f, err := s.read(congvu.NewContextWithActor(ctx, congvu.SystemActor("Trang công khai")), code)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.cache == nil || len(s.cache) >= maxCached {
		s.cache = map[string]cached{}
	}
	s.cache[code] = cached{f, now}
	s.mu.Unlock()
	return f, nil
}

// Drop empties the cache (tests).
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
	d, err := s.span(ctx, &f.This, u.ID, from, to)
	if err != nil {
		return nil, err
	}
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
		f.InProvince = &Span{}
		if _, err := s.span(ctx, f.InProvince, u.Ancestors[1].ID, from, to); err != nil {
			return nil, err
		}
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
