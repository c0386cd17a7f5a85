package violationsql

import (
	"congvu/sqldb"
	"congvu/violation"
	"context"
	"time"
)

// ownCases lists the discipline cases about officialID as that official
// sees them (from the review step on, no council vote before the
// decision), newest first, for Mine, in Mine's audited transaction q.
func (s *ViolationService) ownCases(ctx context.Context, q sqldb.Querier, officialID int64) ([]*violation.Case, error) {
	d := &DisciplineService{db: s.db}
	rows, err := sqldb.QueryAll(ctx, s.db, q, "own discipline cases", `SELECT `+discCaseColumns+discCaseFrom+`
		WHERE c.official_id = $1 ORDER BY c.opened_at DESC, c.id DESC`, scanDiscCase, officialID)
	if err != nil {
		return nil, err
	}
	if err := d.fillCases(ctx, q, rows); err != nil {
		return nil, err
	}
	out := make([]*violation.Case, len(rows))
	for i, r := range rows {
		out[i] = r.ForOfficial()
	}
	return out, nil
}

// DisciplinedIn returns the officials of the subtree at unitPath (their
// unit when the case opened) with a decision of any form effective in
// year, not annulled on complaint. It is a system read for the
// commendation suggestions, which show no case: see
// commendation.DisciplineRecord.
func (s *DisciplineService) DisciplinedIn(ctx context.Context, unitPath string, year int) (map[int64]bool, error) {
	var ar sqldb.Args
	scope := sqldb.ScopeClause("u.path", []string{unitPath}, &ar)
	from, to := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	ids, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "disciplined in a year", `SELECT DISTINCT c.official_id FROM discipline_cases c
		JOIN units u ON u.id = c.unit_id WHERE `+scope+` AND c.decision_form <> '' AND c.complaint_outcome <> 'annulled'
		AND c.decision_effective_on >= `+ar.Add(from.Format(time.DateOnly))+` AND c.decision_effective_on < `+ar.Add(to.Format(time.DateOnly)),
		func(sc sqldb.Scanner) (int64, error) {
			var id int64
			return id, sc.Scan(&id)
		}, ar...)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}
