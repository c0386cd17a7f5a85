package violationsql

import (
	"congvu/sqldb"
	"congvu/violation"
	"context"
)

// ownCases lists the discipline cases about officialID as that official
// sees them (from the review step on, no council vote before the
// decision), for Mine, in Mine's audited transaction q. The discipline
// side owns this file and its body; until its cases are stored there are
// none.
func (s *ViolationService) ownCases(ctx context.Context, q sqldb.Querier, officialID int64) ([]*violation.Case, error) {
	return nil, nil
}
