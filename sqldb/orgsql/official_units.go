package orgsql

import (
	"fmt"
	"strings"

	"congvu/sqldb"
)

// syncStays keeps the history of the officials' units (official_units, see
// org.Membership) in step with officials.unit_id for the officials matching
// cond, a condition on officials o whose parameters are args ($1…): an open
// stay in another unit than the present one ends at tx.Now, and a stay in
// the present unit starts at the record's updated_at (tx.Now for every
// writer of unit_id). Every change of an official's unit calls it in its
// transaction, after the change: an edit, an import, a restructuring.
func syncStays(tx *sqldb.Tx, cond string, args ...any) error {
	end := append(append([]any{}, args...), tx.Now)
	// The officials are found first (the subquery is not correlated, so
	// both engines probe the stays' index with its ids), then each open
	// stay is compared with its official's present unit.
	_, err := tx.ExecContext(tx.Ctx, fmt.Sprintf(`UPDATE official_units SET ended_at = $%d WHERE ended_at IS NULL
		AND official_id IN (SELECT o.id FROM officials o WHERE %s)
		AND unit_id <> (SELECT x.unit_id FROM officials x WHERE x.id = official_units.official_id)`, len(end), cond), end...)
	if err != nil {
		return fmt.Errorf("end stays: %w", err)
	}
	_, err = tx.ExecContext(tx.Ctx, `INSERT INTO official_units (official_id, unit_id, started_at)
		SELECT o.id, o.unit_id, o.updated_at FROM officials o WHERE `+cond+`
		AND NOT EXISTS (SELECT 1 FROM official_units m WHERE m.official_id = o.id AND m.ended_at IS NULL)`, args...)
	if err != nil {
		return fmt.Errorf("start stays: %w", err)
	}
	return nil
}

// startStays opens the first stay of officials just created (ids, as
// placeholders of args): in their unit, from their creation.
func startStays(tx *sqldb.Tx, ids []string, args ...any) error {
	_, err := tx.ExecContext(tx.Ctx, `INSERT INTO official_units (official_id, unit_id, started_at)
		SELECT id, unit_id, created_at FROM officials WHERE id IN (`+strings.Join(ids, ", ")+`)`, args...)
	if err != nil {
		return fmt.Errorf("start stays: %w", err)
	}
	return nil
}
