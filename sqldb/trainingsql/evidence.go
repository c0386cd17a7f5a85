package trainingsql

import (
	"context"

	"congvu/sqldb"
	"congvu/training"
)

// YearOf is one official's training year, without authorization (the
// evaluation's summary calls it after its own checks, and audits its
// reading); ok is false when nothing was required of them that year.
func YearOf(ctx context.Context, db *sqldb.DB, officialID int64, year int) (y training.OfficialYear, ok bool, err error) {
	s := &Service{db: db}
	ys, err := s.years(ctx, db.Read, "y.official_id = $1", []any{officialID}, year)
	if err != nil {
		return y, false, err
	}
	y, ok = ys[officialID]
	return y, ok && y.Required > 0, nil
}
