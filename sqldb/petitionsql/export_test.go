package petitionsql

import (
	"context"

	"congvu/petition"
)

// StatsRaw is the dashboard counted from the petitions' rows, without the
// rollups: the reference of the rollups' tests and benchmark.
func (s *PetitionService) StatsRaw(ctx context.Context, f petition.StatsFilter) (*petition.Stats, error) {
	return s.statsRaw(ctx, f)
}
