package inspectionsql

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/inspection"
	"congvu/org"
	"congvu/sqldb"
	"congvu/vntext"
)

// DashboardService implements inspection.DashboardService. Its figures
// come only from the rollup tables (rollup_inspection_unit_day and
// rollup_inspection_item_day, which hold a unit's whole subtree), read by
// their primary keys; RawCompliance counts the same figures from the lines,
// as the reference of tests and benchmarks.
type DashboardService struct{ db *sqldb.DB }

// NewDashboardService returns the compliance dashboard service on db.
func NewDashboardService(db *sqldb.DB) *DashboardService { return &DashboardService{db: db} }

var _ inspection.DashboardService = (*DashboardService)(nil)

// subject loads the unit of f after checking the actor may see its
// compliance, and normalizes f.
func (s *DashboardService) subject(ctx context.Context, f *inspection.ComplianceFilter) (*org.Unit, sqldb.DayRange, error) {
	u, err := sqldb.DashboardUnit(ctx, s.db, f.UnitID, congvu.ActInspectionDashboard, inspection.CanViewCompliance,
		"Tài khoản của bạn không được giao xem kết quả kiểm tra văn hóa công vụ.")
	if err != nil {
		return nil, sqldb.DayRange{}, err
	}
	r, err := s.normalize(f)
	return u, r, err
}

// normalize fills the defaults of f and checks it.
func (s *DashboardService) normalize(f *inspection.ComplianceFilter) (sqldb.DayRange, error) {
	v := congvu.Validation{}
	if f.Period == "" {
		f.Period = feedback.PeriodMonth
	}
	if !f.Period.Valid() {
		v.Add("period", "Kỳ thống kê phải là tuần, tháng hoặc quý.")
		f.Period = feedback.PeriodMonth
	}
	if f.Kind != "" && f.Kind != inspection.KindCheck && f.Kind != inspection.KindInspection {
		v.Add("kind", "Loại phải là kiểm tra công vụ hoặc thanh tra.")
	}
	if f.StaleMonths == 0 {
		f.StaleMonths = inspection.DefaultStaleMonths
	}
	if f.StaleMonths < 1 || f.StaleMonths > inspection.MaxStaleMonths {
		v.Add("stale_months", fmt.Sprintf("Số tháng chưa được kiểm tra phải từ 1 đến %d.", inspection.MaxStaleMonths))
		f.StaleMonths = inspection.DefaultStaleMonths
	}
	r := sqldb.NormalizeDayRange(v, s.db.Now(), f.From, f.To, func(to time.Time) time.Time {
		return to.AddDate(0, -inspection.DefaultDashboardMonths, 0)
	}, inspection.MaxDashboardDays)
	f.From, f.To = r.From, r.To
	return r, v.Err()
}

// kindClause restricts rollup rows (alias r) to f's kind, if any.
func kindClause(k inspection.Kind, a *sqldb.Args) string {
	if k == "" {
		return ""
	}
	return " AND r.kind = " + a.Add(string(k))
}

// Compliance returns the compliance dashboard of a unit subtree, read from
// the rollups. See inspection.DashboardService.
func (s *DashboardService) Compliance(ctx context.Context, f inspection.ComplianceFilter) (*inspection.Compliance, error) {
	u, rng, err := s.subject(ctx, &f)
	if err != nil {
		return nil, err
	}
	from, to := rng.Bounds()
	d := &inspection.Compliance{UnitID: u.ID, Title: u.Name, Kind: f.Kind, From: rng.From, To: rng.To, Period: f.Period,
		MinSample: inspection.MinComplianceSample, StaleMonths: f.StaleMonths}
	// Four reads, one after the other: in parallel, on SQLite, each would
	// take a reader connection whose page cache is cold for it (measured:
	// twice the time). The units not inspected take one probe per unit
	// (some 800 for the country), the items and the ranking a few tens of
	// thousands of rollup rows each.
	if err := s.tally(ctx, d, u.ID, f.Kind, rng); err != nil {
		return nil, err
	}
	if d.Items, d.Weakest, err = s.items(ctx, u.ID, f.Kind, from, to); err != nil {
		return nil, err
	}
	if d.Units, err = s.ranking(ctx, u.ID, f.Kind, from, to); err != nil {
		return nil, err
	}
	stale, err := s.stale(ctx, u, f, rng)
	if err != nil {
		return nil, err
	}
	d.StaleTotal = len(stale)
	d.Stale = stale[:min(len(stale), inspection.StaleShown)]

	// Corrective actions overdue.
	if d.Overdue, d.OverdueTotal, err = s.overdue(ctx, u); err != nil {
		return nil, err
	}
	return d, nil
}

// tally reads the tally and the trend of d from one rollup row per day
// (and kind).
func (s *DashboardService) tally(ctx context.Context, d *inspection.Compliance, unitID int64, kind inspection.Kind, rng sqldb.DayRange) error {
	from, to := rng.Bounds()
	d.Trend = trendPoints(d.Period, rng)
	var a sqldb.Args
	q := `SELECT r.day, r.kept, r.breached, r.not_observed FROM rollup_inspection_unit_day r
		WHERE r.unit_id = ` + a.Add(unitID) + ` AND r.day >= ` + a.Add(from) + ` AND r.day < ` + a.Add(to) + kindClause(kind, &a)
	rows, err := s.db.Read.QueryContext(ctx, q, a...)
	if err != nil {
		return s.db.Internal("compliance days", err)
	}
	defer rows.Close()
	for rows.Next() {
		var day any
		var t inspection.Tally
		if err := rows.Scan(&day, &t.Kept, &t.Breached, &t.NotObserved); err != nil {
			return s.db.Internal("scan compliance day", err)
		}
		dd, err := sqldb.DateOf(day)
		if err != nil {
			return s.db.Internal("compliance day", err)
		}
		d.Tally.Add(t)
		if i := trendIndex(d.Trend, dd); i >= 0 {
			d.Trend[i].Tally.Add(t)
		}
	}
	if err := rows.Err(); err != nil {
		return s.db.Internal("compliance days", err)
	}
	d.Rate = inspection.RateOf(d.Tally)
	for i := range d.Trend {
		d.Trend[i].Rate = inspection.RateOf(d.Trend[i].Tally)
	}
	return nil
}

// items reads the compliance per standard item, titled, and the weakest.
func (s *DashboardService) items(ctx context.Context, unitID int64, kind inspection.Kind, from, to string) (items, weakest []inspection.ItemCompliance, err error) {
	var a sqldb.Args
	sums, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "compliance items", `SELECT r.item_code, SUM(r.kept), SUM(r.breached) FROM rollup_inspection_item_day r
		WHERE r.unit_id = `+a.Add(unitID)+` AND r.day >= `+a.Add(from)+` AND r.day < `+a.Add(to)+kindClause(kind, &a)+`
		GROUP BY r.item_code HAVING SUM(r.kept) <> 0 OR SUM(r.breached) <> 0`,
		func(sc sqldb.Scanner) (inspection.ItemCompliance, error) {
			var it inspection.ItemCompliance
			err := sc.Scan(&it.Code, &it.Kept, &it.Breached)
			return it, err
		}, a...)
	if err != nil {
		return nil, nil, err
	}
	if items, err = s.titled(ctx, sums); err != nil {
		return nil, nil, err
	}
	return items, Weakest(items), nil
}

// ranking reads the active sub-units of unitID with their figures, ranked.
func (s *DashboardService) ranking(ctx context.Context, unitID int64, kind inspection.Kind, from, to string) ([]inspection.UnitCompliance, error) {
	var a sqldb.Args
	q := `SELECT u.id, u.code, u.name, COALESCE(SUM(r.kept), 0), COALESCE(SUM(r.breached), 0), COALESCE(SUM(r.not_observed), 0)
		FROM units u LEFT JOIN rollup_inspection_unit_day r ON r.unit_id = u.id AND r.day >= ` + a.Add(from) + ` AND r.day < ` + a.Add(to) + kindClause(kind, &a) + `
		WHERE u.parent_id = ` + a.Add(unitID) + ` AND u.active = TRUE GROUP BY u.id, u.code, u.name`
	units, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "compliance ranking", q, func(sc sqldb.Scanner) (inspection.UnitCompliance, error) {
		var r inspection.UnitCompliance
		err := sc.Scan(&r.UnitID, &r.Code, &r.Name, &r.Kept, &r.Breached, &r.NotObserved)
		return r, err
	}, a...)
	if err != nil {
		return nil, err
	}
	RankUnits(units)
	return units, nil
}

// AllStale lists every unit not inspected of f's dashboard. See
// inspection.DashboardService.
func (s *DashboardService) AllStale(ctx context.Context, f inspection.ComplianceFilter) ([]inspection.StaleUnit, error) {
	u, rng, err := s.subject(ctx, &f)
	if err != nil {
		return nil, err
	}
	return s.stale(ctx, u, f, rng)
}

// stale lists the active units at most inspection.StaleLevels levels under
// u with no line recorded in their subtree in the f.StaleMonths months
// before the range ends: one probe of the rollups' primary key per unit
// (the last day before the end).
func (s *DashboardService) stale(ctx context.Context, u *org.Unit, f inspection.ComplianceFilter, rng sqldb.DayRange) ([]inspection.StaleUnit, error) {
	_, to := rng.Bounds()
	cutoff := rng.To.AddDate(0, -f.StaleMonths, 0).Format(time.DateOnly)
	var a sqldb.Args
	last := `(SELECT MAX(r.day) FROM rollup_inspection_unit_day r WHERE r.unit_id = u.id AND r.day < ` + a.Add(to) + kindClause(f.Kind, &a) + `)`
	out, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "units not inspected", `SELECT id, code, name, last FROM (
		SELECT u.id, u.code, u.name, `+last+` AS last FROM units u
		WHERE u.path > `+a.Add(u.Path)+` AND u.path < `+a.Add(congvu.SubtreeUpper(u.Path))+` AND u.depth <= `+a.Add(u.Depth+inspection.StaleLevels)+`
		AND u.active = TRUE) s
		WHERE last IS NULL OR last < `+a.Add(cutoff), func(sc sqldb.Scanner) (inspection.StaleUnit, error) {
		var x inspection.StaleUnit
		var last any
		if err := sc.Scan(&x.UnitID, &x.Code, &x.Name, &last); err != nil {
			return x, err
		}
		if last != nil {
			d, err := sqldb.DateOf(last)
			if err != nil {
				return x, err
			}
			x.LastDay = d
		}
		return x, nil
	}, a...)
	if err != nil {
		return nil, err
	}
	// Never (zero) first, then the longest ago, then by name.
	type keyed struct {
		inspection.StaleUnit
		key string
	}
	ks := make([]keyed, len(out))
	for i, x := range out {
		ks[i] = keyed{x, vntext.Fold(x.Name)}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if c := a.LastDay.Compare(b.LastDay); c != 0 {
			return c
		}
		return strings.Compare(a.key, b.key)
	})
	for i := range ks {
		out[i] = ks[i].StaleUnit
	}
	return out, nil
}

// titled gives items their titles from the catalog (the latest version
// that has each code, local items included), ordered by code.
func (s *DashboardService) titled(ctx context.Context, items []inspection.ItemCompliance) ([]inspection.ItemCompliance, error) {
	if len(items) == 0 {
		return nil, nil
	}
	codes := make([]string, len(items))
	for i, it := range items {
		codes[i] = it.Code
	}
	byCode, err := sqldb.ItemTitles(ctx, s.db, codes)
	if err != nil {
		return nil, err
	}
	for i := range items {
		it := &items[i]
		if it.Title = byCode[it.Code]; it.Title == "" {
			it.Title = it.Code
		}
		it.Rate, it.Ranked = inspection.RateOf(it.Tally), it.Tally.Ranked()
	}
	sortItems(items)
	return items, nil
}

// sortItems orders items by code.
func sortItems(items []inspection.ItemCompliance) {
	slices.SortFunc(items, func(a, b inspection.ItemCompliance) int { return strings.Compare(a.Code, b.Code) })
}

// Weakest returns the ranked items of lowest compliance, at most
// inspection.WeakestShown, weakest first (more checked lines first on a tie).
func Weakest(items []inspection.ItemCompliance) []inspection.ItemCompliance {
	var out []inspection.ItemCompliance
	for _, it := range items {
		if it.Ranked && it.Breached > 0 {
			out = append(out, it)
		}
	}
	slices.SortStableFunc(out, func(a, b inspection.ItemCompliance) int {
		switch {
		case a.Rate != b.Rate:
			if a.Rate < b.Rate {
				return -1
			}
			return 1
		}
		return b.Checked() - a.Checked()
	})
	return out[:min(len(out), inspection.WeakestShown)]
}

// RankUnits fills rates and places and orders a ranking: ranked rows
// (enough checked lines) first, best rate first, then more lines, then by
// name; the others after, most checked first, then by name.
func RankUnits(rs []inspection.UnitCompliance) {
	for i := range rs {
		rs[i].Rate, rs[i].Ranked = inspection.RateOf(rs[i].Tally), rs[i].Tally.Ranked()
	}
	slices.SortStableFunc(rs, func(a, b inspection.UnitCompliance) int {
		switch {
		case a.Ranked != b.Ranked:
			if a.Ranked {
				return -1
			}
			return 1
		case a.Ranked && a.Rate != b.Rate:
			if a.Rate > b.Rate {
				return -1
			}
			return 1
		case a.Checked() != b.Checked():
			return b.Checked() - a.Checked()
		}
		return strings.Compare(vntext.Fold(a.Name), vntext.Fold(b.Name))
	})
	place := 0
	for i := range rs {
		if rs[i].Ranked {
			place++
			rs[i].Place = place
		}
	}
}

// trendPoints returns the empty periods covering the range.
func trendPoints(p feedback.Period, r sqldb.DayRange) []inspection.TrendPoint {
	var out []inspection.TrendPoint
	for st := feedback.PeriodStart(p, r.From); st.Before(r.To); st = feedback.NextPeriod(p, st) {
		out = append(out, inspection.TrendPoint{Start: st, Label: feedback.PeriodLabel(p, st)})
	}
	return out
}

// trendIndex returns the index of the point whose period holds day, or -1.
func trendIndex(ps []inspection.TrendPoint, day time.Time) int {
	i, found := slices.BinarySearchFunc(ps, day, func(p inspection.TrendPoint, d time.Time) int { return p.Start.Compare(d) })
	if found {
		return i
	}
	return i - 1
}
