package evaluationsql

import (
	"congvu"
	"congvu/commendation"
	"congvu/conduct"
	"congvu/evaluation"
	"congvu/feedback"
	"congvu/sqldb"
	"congvu/sqldb/feedbacksql"
	"congvu/sqldb/trainingsql"
	"congvu/training"
	"context"
	"database/sql"
	"fmt"
	"time"
)

// EvidenceService compiles the evidence of officials' years (see
// evaluation.EvidenceService): the ratings from the feedback rollups (the
// dashboards' own figures), founded petitions and breached inspection
// lines naming the official, the year of conduct (conduct.Service), the
// year of training (trainingsql: the officials' years the progress step
// keeps), the tracked products, and the rules of the year's rule set that
// apply.
type EvidenceService struct {
	db         *sqldb.DB
	conduct    conduct.Service
	dash       *feedbacksql.DashboardService
	rules      *EvaluationService // the stored rule sets, cached
	discipline commendation.DisciplineRecord
}

// NewEvidenceService returns the evidence service on db; conduct gives an
// official's year of violations, discipline and commendations.
func NewEvidenceService(db *sqldb.DB, conduct conduct.Service) *EvidenceService {
	return &EvidenceService{db: db, conduct: conduct, dash: feedbacksql.NewDashboardService(db), rules: NewEvaluationService(db, conduct)}
}

// UseDiscipline gives the bulk summaries who was disciplined in a year
// (the violation capability's one query of it); without it Summaries
// refuses to answer rather than say nobody was.
func (s *EvidenceService) UseDiscipline(d commendation.DisciplineRecord) { s.discipline = d }

var _ evaluation.EvidenceService = (*EvidenceService)(nil)

// The audit log shows the readings of summaries (entity
// "evaluation_summary", the official's id; a table's reading has none and
// names the unit) only to those who may read them as staff:
// ActEvaluationView over the official's unit, never the official whose
// summary it is (as the evaluations' events), a table's only to those who
// see the whole tree.
func init() { sqldb.RegisterConcealer("evaluation_summary", concealSummary) }

func concealSummary(_ context.Context, _ sqldb.Querier, actor *congvu.Actor, idCol string, a *sqldb.Args) (string, error) {
	sc := actor.Scopes(congvu.ActEvaluationView)
	if len(sc) == 0 {
		return "1=1", nil
	}
	own := "1=0"
	if !actor.IsAnonymous() && actor.OfficialID != 0 {
		own = idCol + " = " + a.Add(actor.OfficialID)
	}
	if sqldb.HasRootScope(sc) {
		return "(" + own + ")", nil
	}
	return "(" + idCol + " IS NULL OR " + idCol + " NOT IN (SELECT so.id FROM officials so JOIN units su ON su.id = so.unit_id WHERE " +
		sqldb.ScopeClause("su.path", sc, a) + ") OR " + own + ")", nil
}

// yearSpan is a calendar year in Vietnam days: its first day and the first
// day of the next year (midnight in congvu.TimeZone).
type yearSpan struct{ from, to time.Time }

func spanOf(year int) yearSpan {
	return yearSpan{time.Date(year, 1, 1, 0, 0, 0, 0, congvu.TimeZone), time.Date(year+1, 1, 1, 0, 0, 0, 0, congvu.TimeZone)}
}

// dates are the year's bounds as DATE columns compare them.
func (y yearSpan) dates() (time.Time, time.Time) {
	return time.Date(y.from.Year(), 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y.to.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
}

// ratingDays is the year's range of rating days the actor may see of the
// units paths: up to yesterday for those who do not review them
// (feedback.VisibleUntil).
func (s *EvidenceService) ratingDays(actor *congvu.Actor, paths []string, y yearSpan) sqldb.DayRange {
	r := sqldb.DayRange{From: y.from, To: y.to}
	if end := feedback.VisibleUntil(actor, paths, s.db.Now()); !end.IsZero() && end.Before(r.To) {
		r.To = end
	}
	if r.To.Before(r.From) {
		r.To = r.From
	}
	return r
}

func checkYear(year int) error {
	if year < 2000 || year > 2200 {
		return congvu.FieldError("year", "Năm không hợp lệ.")
	}
	return nil
}

func errUnauth() error { return congvu.Errorf(congvu.EUNAUTH, "Vui lòng đăng nhập.") }

func errForbiddenSummary() error {
	return congvu.Errorf(congvu.EFORBIDDEN, "Anh/chị không có quyền xem kết quả đánh giá của cán bộ này.")
}

func day(t time.Time) string { return t.In(congvu.TimeZone).Format("02/01/2006") }

// index is a satisfaction index or a rate, -1 when nobody answered.
func index(n int, v float64) float64 {
	if n == 0 {
		return -1
	}
	return v
}

// Summary compiles the evidence of an official's year. See
// evaluation.EvidenceService.
func (s *EvidenceService) Summary(ctx context.Context, officialID int64, year int) (*evaluation.Summary, error) {
	actor := congvu.ActorFromContext(ctx)
	if actor.IsAnonymous() {
		return nil, errUnauth()
	}
	if err := checkYear(year); err != nil {
		return nil, err
	}
	o, err := sqldb.LoadOfficial(ctx, s.db, s.db.Read, officialID)
	if err != nil {
		return nil, err
	}
	own := evaluation.Own(actor, o.ID) // reads as the official, whatever grants they hold
	if !evaluation.CanRead(actor, &evaluation.Evaluation{OfficialID: o.ID, UnitPath: o.UnitPath}) {
		if sqldb.CanViewOfficial(actor, o) {
			return nil, errForbiddenSummary()
		}
		return nil, sqldb.ErrNoOfficial()
	}
	y := spanOf(year)
	cy, err := s.conduct.Year(ctx, o.ID, year) // checks and audits its own reading
	if err != nil {
		return nil, err
	}
	sum := &evaluation.Summary{OfficialID: o.ID, OfficialName: o.FullName, UnitID: o.UnitID, UnitName: o.UnitName, Year: year,
		Conduct: cy, FoundedPetitions: []evaluation.EvidenceItem{}, InspectionFindings: []evaluation.EvidenceItem{},
		TaskLines: []evaluation.TaskLine{}, Applied: []evaluation.Applied{}}

	days := s.ratingDays(actor, []string{o.UnitPath}, y)
	mine, items, err := s.dash.Figures(ctx, o.ID, 0, days)
	if err != nil {
		return nil, err
	}
	unit, unitItems, err := s.dash.Figures(ctx, 0, o.UnitID, days)
	if err != nil {
		return nil, err
	}
	rt := evaluation.Ratings{Count: mine.Total, Index: index(mine.Total, mine.Index()), UnitCount: unit.Total,
		UnitIndex: index(unit.Total, unit.Index()), MinSample: feedback.MinRankingSample}
	for i, it := range items {
		b := evaluation.Behaviour{Code: it.Code, Label: it.Title, Index: index(it.Asked, it.Rate), UnitIndex: -1}
		if i < len(unitItems) && unitItems[i].Code == it.Code {
			b.UnitIndex = index(unitItems[i].Asked, unitItems[i].Rate)
		}
		rt.Behaviours = append(rt.Behaviours, b)
	}

	ty, ok, err := trainingsql.YearOf(ctx, s.db, o.ID, year)
	if err != nil {
		return nil, err
	}
	if ok {
		sum.Training = trainingOf(ty)
	}

	var products []*evaluation.Product
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var err error
		if sum.FoundedPetitions, err = s.petitions(ctx, tx, actor, o.ID, own, y); err != nil {
			return err
		}
		if sum.InspectionFindings, err = s.findings(ctx, tx, o.ID, y); err != nil {
			return err
		}
		if products, err = s.products(ctx, tx, o.ID, year); err != nil {
			return err
		}
		sets, err := s.rules.ruleSets(ctx)
		if err != nil {
			return err
		}
		if rs := evaluation.RuleSetFor(sets, o.Category, year); rs != nil {
			sum.RuleSetCode = rs.Code
			if rs.MinRatings > 0 {
				rt.MinSample = rs.MinRatings
			}
			sum.TaskPoints, sum.TaskLines = rs.TaskScore(products)
			sum.Applied, sum.Cap = rs.Apply(cy)
		}
		return tx.Audit("evaluation.read", "evaluation_summary", o.ID, o.UnitID, nil, map[string]any{"year": year, "summary": true})
	})
	if err != nil {
		return nil, err
	}
	rt.Enough = rt.Count >= rt.MinSample
	sum.Ratings = rt
	if sum.TaskLines == nil {
		sum.TaskLines = []evaluation.TaskLine{}
	}
	if sum.Applied == nil {
		sum.Applied = []evaluation.Applied{}
	}
	return sum, nil
}

// trainingOf is an official's training year as the evaluation shows it.
func trainingOf(y training.OfficialYear) *evaluation.Training {
	return &evaluation.Training{Required: y.Required, Completed: y.Completed, Passed: y.Passed, Hours: y.Hours, MinHours: y.MinHours}
}

// petitionDate is the day a petition counts in: when the act happened,
// else when it was submitted.
const petitionDate = "COALESCE(p.occurred_at, p.submitted_at)"

// founded selects the concluded petitions found right, in full or in part.
const founded = "p.conclusion IN ('founded', 'partly') AND p.status IN ('concluded', 'closed')"

// petitions lists the founded petitions naming the official in the year:
// to staff with their tracking code and id, those that concern the reader
// left out (petition.Viewer.Conflicted, through the petitions' concealer);
// to the official without either.
func (s *EvidenceService) petitions(ctx context.Context, tx *sqldb.Tx, actor *congvu.Actor, officialID int64, own bool, y yearSpan) ([]evaluation.EvidenceItem, error) {
	var a sqldb.Args
	q := `SELECT p.id, p.tracking_code, p.conclusion, p.updated_at, p.closed_at FROM petitions p
		WHERE p.official_id = ` + a.Add(officialID) + ` AND ` + founded + ` AND ` + petitionDate + ` >= ` + a.Add(y.from.UTC()) +
		` AND ` + petitionDate + ` < ` + a.Add(y.to.UTC())
	if !own {
		hide, err := sqldb.ConcealClauseOf(ctx, tx, actor, "petition", "p.id", &a)
		if err != nil {
			return nil, s.db.Internal("conceal petitions", err)
		}
		q += ` AND NOT ` + hide
	}
	out, err := sqldb.QueryAll(ctx, s.db, tx, "summary petitions", q+` ORDER BY p.submitted_at, p.id`, func(sc sqldb.Scanner) (evaluation.EvidenceItem, error) {
		var it evaluation.EvidenceItem
		var code, concl string
		var updated time.Time
		var closed sql.NullTime
		if err := sc.Scan(&it.RefID, &code, &concl, &updated, &closed); err != nil {
			return it, err
		}
		it.Kind, it.Date = congvu.EvidencePetition, congvu.Date(updated)
		if closed.Valid {
			it.Date = congvu.Date(closed.Time)
		}
		what := "phản ánh đúng"
		if concl == "partly" {
			what = "phản ánh đúng một phần"
		}
		if own {
			it.RefID = 0
			it.Summary = fmt.Sprintf("Phản ánh của người dân, kết luận: %s (%s).", what, day(it.Date))
		} else {
			it.Summary = fmt.Sprintf("Phản ánh %s, kết luận: %s (%s).", code, what, day(it.Date))
		}
		return it, nil
	}, a...)
	if out == nil {
		out = []evaluation.EvidenceItem{}
	}
	return out, err
}

// breached selects the breached lines of recorded inspections.
const breached = "l.result = 'breached' AND i.status IN ('recorded', 'concluded', 'closed')"

// findings lists the breached inspection lines naming the official,
// recorded in the year.
func (s *EvidenceService) findings(ctx context.Context, tx *sqldb.Tx, officialID int64, y yearSpan) ([]evaluation.EvidenceItem, error) {
	out, err := sqldb.QueryAll(ctx, s.db, tx, "summary findings", `SELECT l.id, l.item_code, l.item_title, l.recorded_at
		FROM inspection_lines l JOIN inspections i ON i.id = l.inspection_id
		WHERE l.official_id = $1 AND `+breached+` AND l.recorded_at >= $2 AND l.recorded_at < $3 ORDER BY l.recorded_at, l.id`,
		func(sc sqldb.Scanner) (evaluation.EvidenceItem, error) {
			var it evaluation.EvidenceItem
			var code, title string
			var at time.Time
			if err := sc.Scan(&it.RefID, &code, &title, &at); err != nil {
				return it, err
			}
			it.Kind, it.Date = congvu.EvidenceInspectionLine, congvu.Date(at)
			it.Summary = fmt.Sprintf("Kiểm tra ngày %s: không đạt chuẩn mực %s — %s.", day(it.Date), code, title)
			return it, nil
		}, officialID, y.from.UTC(), y.to.UTC())
	if out == nil {
		out = []evaluation.EvidenceItem{}
	}
	return out, err
}

// products reads the official's task products of the year.
func (s *EvidenceService) products(ctx context.Context, tx *sqldb.Tx, officialID int64, year int) ([]*evaluation.Product, error) {
	return sqldb.QueryAll(ctx, s.db, tx, "summary products", `SELECT id, official_id, unit_id, year, period_kind, period, title, points, status,
		quality_failed, progress_failed FROM evaluation_products WHERE official_id = $1 AND year = $2 ORDER BY period_kind, period, id`,
		func(sc sqldb.Scanner) (*evaluation.Product, error) {
			p := &evaluation.Product{}
			return p, sc.Scan(&p.ID, &p.OfficialID, &p.UnitID, &p.Year, &p.PeriodKind, &p.Period, &p.Title, &p.Points, &p.Status,
				&p.QualityFailed, &p.ProgressFailed)
		}, officialID, year)
}
