package conduct

import (
	"congvu"
	"congvu/commendation"
	"congvu/org"
	"congvu/violation"
	"context"
	"slices"
	"time"
)

// New returns the Service that compiles an official's year from the
// violation, discipline and commendation services. It decides nothing and
// stores nothing: each service checks the actor and audits its reading, so
// the official reads their own year (through Mine) and the staff the years
// of the officials they may see. The officials service places the
// official: staff need ActViolationView in the subtree of the official's
// unit (the lists of the other services would only come back empty).
func New(v violation.Service, d violation.DisciplineService, c commendation.Service, o org.OfficialService) Service {
	return &service{v: v, d: d, c: c, o: o}
}

type service struct {
	v violation.Service
	d violation.DisciplineService
	c commendation.Service
	o org.OfficialService
}

// lookBack is how many years before the year a violation's act may lie
// and still be handled or decided in the year (the longest time bar).
const lookBack = 5

// pageSize is the page the lists are read by.
const pageSize = 200

// Year implements Service.
func (s *service) Year(ctx context.Context, officialID int64, year int) (*Year, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Vui lòng đăng nhập.")
	}
	if officialID <= 0 {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy cán bộ.")
	}
	if year < 2000 || year > 2200 {
		return nil, congvu.FieldError("year", "Năm không hợp lệ.")
	}
	own := a.OfficialID == officialID
	if !own {
		o, err := s.o.FindOfficialByID(ctx, officialID) // ENOTFOUND outside the actor's sight
		if err != nil {
			return nil, err
		}
		if !a.Can(congvu.ActViolationView, o.UnitPath) {
			return nil, congvu.Errorf(congvu.EFORBIDDEN, "Anh/chị không có quyền xem kỷ luật, khen thưởng của cán bộ này.")
		}
	}
	from := time.Date(year, 1, 1, 0, 0, 0, 0, congvu.TimeZone)
	to := time.Date(year, 12, 31, 0, 0, 0, 0, congvu.TimeZone)
	y := &Year{OfficialID: officialID, Year: year,
		Violations: []*violation.Violation{}, Handlings: []*violation.Handling{},
		Disciplines: []Discipline{}, Commendations: []*commendation.Commendation{}}

	var vs []*violation.Violation // with handlings, acts up to the end of the year
	var cases []*violation.Case   // with decisions
	if own {
		mine, err := s.v.Mine(ctx)
		if err != nil {
			return nil, err
		}
		for _, v := range mine.Violations {
			if !congvu.Date(v.ActDate).After(to) {
				vs = append(vs, v)
			}
		}
		cases = mine.Cases
	} else {
		var err error
		if vs, err = s.staffViolations(ctx, officialID, from, to); err != nil {
			return nil, err
		}
		if cases, err = s.staffCases(ctx, officialID); err != nil {
			return nil, err
		}
	}

	for _, v := range vs {
		if act := congvu.Date(v.ActDate); !act.Before(from) && !act.After(to) {
			y.Violations = append(y.Violations, v)
		}
		for _, h := range v.Handlings {
			if h.OfficialID != officialID {
				continue
			}
			if d := congvu.Date(h.DecidedAt); !d.Before(from) && !d.After(to) {
				y.Handlings = append(y.Handlings, h)
			}
		}
	}
	slices.SortStableFunc(y.Handlings, func(a, b *violation.Handling) int { return a.DecidedAt.Compare(b.DecidedAt) })

	var sets []violation.RuleSet // read once, when a complaint changed a form
	for _, c := range cases {
		dis, ok := discipline(c, officialID, from, to)
		if !ok {
			continue
		}
		if dis.FormLabel == "" {
			if sets == nil {
				var err error
				if sets, err = s.d.RuleSets(ctx); err != nil {
					return nil, err
				}
			}
			dis.FormLabel = formLabel(sets, c.RuleSetID, dis.Form)
		}
		y.Disciplines = append(y.Disciplines, dis)
	}
	slices.SortStableFunc(y.Disciplines, func(a, b Discipline) int { return a.EffectiveOn.Compare(b.EffectiveOn) })

	for off := 0; ; off += pageSize {
		list, total, err := s.c.FindCommendations(ctx, commendation.Filter{OfficialID: officialID, Year: year, Offset: off, Limit: pageSize})
		if err != nil {
			return nil, err
		}
		for _, c := range list {
			if c.OfficialID == officialID && c.Year == year && (c.Status == commendation.StatusIssued || c.Status == commendation.StatusApproved) {
				y.Commendations = append(y.Commendations, c)
			}
		}
		if len(list) == 0 || off+len(list) >= total {
			break
		}
	}
	return y, nil
}

// staffViolations reads the violations naming the official with an act
// from lookBack years before the year to its end; those in which the
// official was handled below discipline are read in full (their handlings
// may fall in the year).
func (s *service) staffViolations(ctx context.Context, officialID int64, from, to time.Time) ([]*violation.Violation, error) {
	var out []*violation.Violation
	f := violation.Filter{OfficialID: officialID, From: from.AddDate(-lookBack, 0, 0), To: to, Limit: pageSize}
	for {
		list, total, err := s.v.FindViolations(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, v := range list {
			if handledBelow(v, officialID) && len(v.Handlings) == 0 {
				full, err := s.v.FindViolation(ctx, v.ID)
				if err != nil {
					return nil, err
				}
				v = full
			}
			out = append(out, v)
		}
		f.Offset += len(list)
		if len(list) == 0 || f.Offset >= total {
			return out, nil
		}
	}
}

// handledBelow reports whether the violation names the official with a
// handling below discipline (or does not say: a list without officials).
func handledBelow(v *violation.Violation, officialID int64) bool {
	if len(v.Officials) == 0 {
		return true
	}
	for _, n := range v.Officials {
		if n.OfficialID == officialID {
			return n.Outcome == violation.OutcomeHandled
		}
	}
	return false
}

// staffCases reads the official's cases that reached a decision, in full.
func (s *service) staffCases(ctx context.Context, officialID int64) ([]*violation.Case, error) {
	var out []*violation.Case
	f := violation.CaseFilter{OfficialID: officialID, Limit: pageSize}
	for {
		list, total, err := s.d.FindCases(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, c := range list {
			switch c.Status {
			case violation.CaseDecided, violation.CaseNotified, violation.CaseComplaint, violation.CaseClosed:
			default:
				continue
			}
			if c.Decision == nil {
				full, err := s.d.FindCase(ctx, c.ID)
				if err != nil {
					return nil, err
				}
				c = full
			}
			out = append(out, c)
		}
		f.Offset += len(list)
		if len(list) == 0 || f.Offset >= total {
			return out, nil
		}
	}
}

// discipline returns the decision of the case as the year reads it: its
// effective date in the year, not annulled on complaint, with the new form
// when a complaint changed it.
func discipline(c *violation.Case, officialID int64, from, to time.Time) (Discipline, bool) {
	form := c.EffectiveForm() // "" when not decided, annulled or changed to no discipline
	if c.OfficialID != officialID || form == "" {
		return Discipline{}, false
	}
	d := c.Decision
	if eff := congvu.Date(d.EffectiveOn); eff.Before(from) || eff.After(to) {
		return Discipline{}, false
	}
	out := Discipline{CaseID: c.ID, Form: form, FormLabel: d.FormLabel, Number: d.Number,
		SignedOn: d.SignedOn, EffectiveOn: d.EffectiveOn, LastsUntil: d.LastsUntil, RuleSet: c.RuleSetTitle}
	if form != d.Form {
		out.FormLabel = "" // changed on complaint: named from the rule set by the caller
	}
	return out, true
}

// formLabel names a form code by the case's rule set (the label of a form
// changed on complaint is not stored with the complaint).
func formLabel(sets []violation.RuleSet, ruleSetID int64, code string) string {
	for _, rs := range sets {
		if rs.ID != ruleSetID {
			continue
		}
		for _, f := range rs.Forms {
			if f.Code == code {
				return f.Label
			}
		}
	}
	return code
}
