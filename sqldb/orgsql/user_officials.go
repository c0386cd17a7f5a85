package orgsql

import (
	"congvu/sqldb"
)

// syncLink keeps the history of the account's official links
// (user_officials, see migration 0014) after users.official_id of userID
// changed from oldOfficial to newOfficial (either 0: none): it ends the open
// link and opens the new one, at the transaction's time. The petition
// conflict rule reads it (petition.Viewer.Former).
func syncLink(tx *sqldb.Tx, userID, oldOfficial, newOfficial int64) error {
	if oldOfficial == newOfficial {
		return nil
	}
	if _, err := tx.ExecContext(tx.Ctx, `UPDATE user_officials SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL`, userID, tx.Now); err != nil {
		return err
	}
	if newOfficial == 0 {
		return nil
	}
	_, err := tx.ExecContext(tx.Ctx, `INSERT INTO user_officials (user_id, official_id, started_at) VALUES ($1, $2, $3)`, userID, newOfficial, tx.Now)
	return err
}
