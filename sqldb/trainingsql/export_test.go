package trainingsql_test

import (
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/trainingsql"
	"congvu/training"
	"context"
)

const trainingsqlAttendLimit = trainingsql.AttendLimit

func trainingsqlYears(db *sqldb.DB, path string) (map[int64]training.OfficialYear, error) {
	return trainingsql.Years(context.Background(), db, path, 2026)
}

func orgsqlOfficials(db *sqldb.DB) *orgsql.OfficialService { return orgsql.NewOfficialService(db) }
