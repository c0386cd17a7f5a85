package violationsql

import (
	"congvu/sqldb"
	"congvu/violation"
	"context"
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
