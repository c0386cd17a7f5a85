package feedbacksql

import (
	"context"

	"congvu/feedback"
	"congvu/sqldb"
)

// Figures returns the tally and the eight behaviours of an official
// (officialID ≠ 0) or of a unit's subtree over the days of r, read from the
// rollups exactly as Dashboard reads them (the index is Tally.Index, each
// behaviour's rate is the dashboard's). It checks no actor: the caller
// (e.g. the evaluation's evidence summary) has checked who reads, and cut
// r to what the reader may see (feedback.VisibleUntil).
func (s *DashboardService) Figures(ctx context.Context, officialID, unitID int64, r sqldb.DayRange) (feedback.Tally, []feedback.ItemRate, error) {
	dayTable, key, id := "rollup_unit_day", "unit_id", unitID
	if officialID != 0 {
		dayTable, key, id = "rollup_official_day", "official_id", officialID
	}
	from, to := r.Bounds()
	var t feedback.Tally
	var sums itemSums
	dst := append([]any{&t.Total, &t.VerySatisfied, &t.Satisfied, &t.Dissatisfied, &t.Flagged, &t.Rejected}, sums.dest()...)
	if err := s.db.Read.QueryRowContext(ctx, `SELECT `+sumCols+`, `+itemSumCols()+` FROM `+dayTable+` r WHERE r.`+key+` = $1 AND r.day >= $2 AND r.day < $3`, id, from, to).
		Scan(dst...); err != nil {
		return t, nil, s.db.Internal("figures", err)
	}
	items, err := s.items(ctx, &sums)
	return t, items, err
}
