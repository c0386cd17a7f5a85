package trainingsql

import (
	"context"
	"strconv"
	"strings"

	"congvu/sqldb"
	"congvu/training"
)

// pageUnits narrows a page of the assignments of the subtree at path (the
// list's order is the unit's path first) to the units that hold its rows,
// counted from the rollups: a unit's own count is its subtree's row less
// its children's. It returns the total (f.Behind: not complete), the
// units of the page in order (none when the page is past the end) and the
// page's offset within their rows. Without it a province's first page of
// who is behind counted and sorted every assignment of the province (the
// national coverage benchmark: hundreds of ms); with it the page reads
// the rows of one or two units. The rollups count assignments by the
// unit they were assigned in, as the list scopes them.
func (s *Service) pageUnits(ctx context.Context, unitID int64, path string, f training.Filter) (total int, units []int64, offset int, err error) {
	var args sqldb.Args
	on := []string{"r.unit_id = u.id", "r.campaign_id > 0"}
	if f.Year > 0 {
		on = append(on, "r.year = "+args.Add(f.Year))
	}
	if f.CampaignID > 0 {
		on = append(on, "r.campaign_id = "+args.Add(f.CampaignID))
	}
	count := "r.assigned"
	if f.Behind {
		count = "r.assigned - r.completed"
	}
	type row struct {
		id, parent int64
		n          int
	}
	rows, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "training assignment units", `SELECT u.id, COALESCE(u.parent_id, 0), COALESCE(SUM(`+count+`), 0)
		FROM units u LEFT JOIN training_rollups r ON `+strings.Join(on, " AND ")+`
		WHERE `+sqldb.ScopeClause("u.path", []string{path}, &args)+` GROUP BY u.id, u.parent_id, u.path ORDER BY u.path`,
		func(sc sqldb.Scanner) (row, error) {
			var r row
			return r, sc.Scan(&r.id, &r.parent, &r.n)
		}, args...)
	if err != nil {
		return 0, nil, 0, err
	}
	own := make(map[int64]int, len(rows)+1)
	for _, r := range rows {
		own[r.id] += r.n
		own[r.parent] -= r.n
		if r.id == unitID {
			total = r.n
		}
	}
	before, got, limit := 0, 0, page(f.Limit)
	for _, r := range rows {
		n := own[r.id]
		if n <= 0 {
			continue
		}
		if len(units) == 0 && before+n <= f.Offset {
			before += n
			continue
		}
		units = append(units, r.id)
		if got += n; before+got >= f.Offset+limit {
			break
		}
	}
	return total, units, max(f.Offset-before, 0), nil
}

// within reports whether path is in one of the subtrees.
func within(path string, scopes []string) bool {
	for _, sc := range scopes {
		if strings.HasPrefix(path, sc) {
			return true
		}
	}
	return false
}

// idList is ids as an SQL list (numbers, no user text).
func idList(ids []int64) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return b.String()
}
