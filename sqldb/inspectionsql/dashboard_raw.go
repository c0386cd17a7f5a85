package inspectionsql

import (
	"context"

	"congvu"
	"congvu/inspection"
	"congvu/sqldb"
)

// RawCompliance counts the figures of a dashboard — the tally, the items
// and the sub-unit ranking — from the lines themselves (inspection_lines
// joined to their inspections and target units, the tree as it stood when
// each line was recorded), without the rollups. It is the reference the
// tests and benchmarks compare the rollups with; pages never call it.
// Items are untitled.
func (s *DashboardService) RawCompliance(ctx context.Context, f inspection.ComplianceFilter) (*inspection.Compliance, error) {
	u, rng, err := s.subject(ctx, &f)
	if err != nil {
		return nil, err
	}
	d := &inspection.Compliance{UnitID: u.ID, Title: u.Name, Kind: f.Kind, From: rng.From, To: rng.To, Period: f.Period, MinSample: inspection.MinComplianceSample}
	moved, err := sqldb.MovedSince(ctx, s.db, s.db.Read, rng.From)
	if err != nil {
		return nil, err
	}
	var a sqldb.Args
	path := "t.path"
	if moved {
		path = sqldb.PathAtExpr("t.id", "l.recorded_at", "t.path")
	}
	where := `l.result <> '' AND l.recorded_at >= ` + a.Add(sqldb.DayStart(rng.From)) + ` AND l.recorded_at < ` + a.Add(sqldb.DayStart(rng.To))
	if f.Kind != "" {
		where += ` AND i.kind = ` + a.Add(string(f.Kind))
	}
	if moved {
		where += ` AND ` + path + ` LIKE ` + a.Add("%"+sqldb.UnitSegment(u.ID)+"%")
	} else {
		where += ` AND t.path >= ` + a.Add(u.Path) + ` AND t.path < ` + a.Add(congvu.SubtreeUpper(u.Path))
	}
	type row struct {
		path, code, result string
		n                  int
	}
	rows, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "raw compliance", `SELECT p, item_code, result, COUNT(*) FROM (
		SELECT `+path+` AS p, l.item_code, l.result FROM inspection_lines l JOIN inspections i ON i.id = l.inspection_id
		JOIN units t ON t.id = i.target_unit_id WHERE `+where+`) x GROUP BY p, item_code, result`,
		func(sc sqldb.Scanner) (row, error) {
			var r row
			err := sc.Scan(&r.path, &r.code, &r.result, &r.n)
			return r, err
		}, a...)
	if err != nil {
		return nil, err
	}
	children, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "raw compliance units", `SELECT id, code, name FROM units WHERE parent_id = $1 AND active = TRUE`,
		func(sc sqldb.Scanner) (inspection.UnitCompliance, error) {
			var r inspection.UnitCompliance
			err := sc.Scan(&r.UnitID, &r.Code, &r.Name)
			return r, err
		}, u.ID)
	if err != nil {
		return nil, err
	}
	child := map[int64]int{}
	for i, c := range children {
		child[c.UnitID] = i
	}
	items := map[string]*inspection.ItemCompliance{}
	for _, r := range rows {
		var t inspection.Tally
		switch inspection.LineResult(r.result) {
		case inspection.ResultKept:
			t.Kept = r.n
		case inspection.ResultBreached:
			t.Breached = r.n
		case inspection.ResultNotObserved:
			t.NotObserved = r.n
		}
		d.Tally.Add(t)
		// A sub-unit counts the lines of its subtree as it stood, wherever
		// it stood itself (a commune moved up keeps its past).
		for _, id := range sqldb.PathIDs(r.path) {
			if i, ok := child[id]; ok {
				children[i].Tally.Add(t)
			}
		}
		if t.NotObserved > 0 {
			continue
		}
		it := items[r.code]
		if it == nil {
			it = &inspection.ItemCompliance{Code: r.code, Title: r.code}
			items[r.code] = it
		}
		it.Tally.Add(t)
	}
	d.Rate = inspection.RateOf(d.Tally)
	for _, it := range items {
		it.Rate, it.Ranked = inspection.RateOf(it.Tally), it.Tally.Ranked()
		d.Items = append(d.Items, *it)
	}
	sortItems(d.Items)
	RankUnits(children)
	d.Units = children
	return d, nil
}
