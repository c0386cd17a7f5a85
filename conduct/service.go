package conduct

import (
	"congvu"
	"congvu/commendation"
	"congvu/violation"
	"context"
	"slices"
	"time"
)

// New returns the Service that compiles an official's year from the
// violation, discipline and commendation services: each applies its own
// scope and audits its own readings, so the year holds only what the
// actor may read.
func New(v violation.Service, d violation.DisciplineService, c commendation.Service) Service {
	return &service{v: v, d: d, c: c}
}

type service struct {
	v violation.Service
	d violation.DisciplineService
	c commendation.Service
}

// maxRows bounds each list read for one official's year.
const maxRows = 200

// Year compiles an official's year. The official reads their own (through
// Mine); staff need ActViolationView somewhere (the services restrict to
// their subtrees); anyone else gets EFORBIDDEN.
func (s *service) Year(ctx context.Context, officialID int64, year int) (*Year, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.")
	}
	if year < 2000 || year > 9999 {
		return nil, congvu.FieldError("year", "Năm không hợp lệ.")
	}
	if officialID <= 0 {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy cán bộ.")
	}
	self := a.OfficialID == officialID
	if !self && !a.Can(congvu.ActViolationView, "") {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền xem kết quả rèn luyện của cán bộ này.")
	}
	start, end := commendation.YearBounds(year)
	inYear := func(t time.Time) bool { return !t.IsZero() && !t.Before(start) && t.Before(end) }
	y := &Year{OfficialID: officialID, Year: year, Violations: []*violation.Violation{}, Handlings: []*violation.Handling{},
		Disciplines: []Discipline{}, Commendations: []*commendation.Commendation{}}

	var violations []*violation.Violation
	var cases []*violation.Case
	if self {
		own, err := s.v.Mine(ctx)
		if err != nil {
			return nil, err
		}
		violations, cases = own.Violations, own.Cases
	} else {
		list, _, err := s.v.FindViolations(ctx, violation.Filter{OfficialID: officialID, To: end.Add(-time.Nanosecond), Limit: maxRows})
		if err != nil {
			return nil, err
		}
		for _, x := range list {
			full, err := s.v.FindViolation(ctx, x.ID)
			if err != nil {
				return nil, err
			}
			violations = append(violations, full)
		}
		cases, _, err = s.d.FindCases(ctx, violation.CaseFilter{OfficialID: officialID, Limit: maxRows})
		if err != nil {
			return nil, err
		}
	}
	for _, x := range violations {
		if !slices.ContainsFunc(x.Officials, func(n *violation.Named) bool { return n.OfficialID == officialID }) {
			continue
		}
		if inYear(x.ActDate) {
			y.Violations = append(y.Violations, x)
		}
		for _, h := range x.Handlings {
			if h.OfficialID == officialID && inYear(h.DecidedAt) {
				y.Handlings = append(y.Handlings, h)
			}
		}
	}
	for _, c := range cases {
		if d, ok := Decided(c); ok && c.OfficialID == officialID && inYear(d.EffectiveOn) {
			y.Disciplines = append(y.Disciplines, d)
		}
	}
	slices.SortFunc(y.Disciplines, func(a, b Discipline) int { return a.EffectiveOn.Compare(b.EffectiveOn) })

	list, _, err := s.c.FindCommendations(ctx, commendation.Filter{OfficialID: officialID, Year: year, Limit: maxRows})
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		if c.Visible() {
			y.Commendations = append(y.Commendations, c)
		}
	}
	return y, nil
}

// Decided is the discipline a case's decision stands for: none without a
// decision or when a complaint annulled it; the new form when a complaint
// changed it.
func Decided(c *violation.Case) (Discipline, bool) {
	if c == nil || c.Decision == nil {
		return Discipline{}, false
	}
	d := Discipline{CaseID: c.ID, Form: c.Decision.Form, FormLabel: c.Decision.FormLabel, Number: c.Decision.Number,
		SignedOn: c.Decision.SignedOn, EffectiveOn: c.Decision.EffectiveOn, LastsUntil: c.Decision.LastsUntil, RuleSet: c.RuleSetTitle}
	if x := c.Complaint; x != nil && x.SettledOn != nil {
		switch x.Outcome {
		case violation.ComplaintAnnulled:
			return Discipline{}, false
		case violation.ComplaintChanged:
			if x.NewForm != "" {
				d.Form, d.FormLabel = x.NewForm, x.NewForm
			}
		}
	}
	if d.EffectiveOn.IsZero() {
		d.EffectiveOn = d.SignedOn
	}
	return d, true
}
