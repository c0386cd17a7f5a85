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

func orgsqlUnits(db *sqldb.DB) *orgsql.UnitService { return orgsql.NewUnitService(db) }

func trainingsqlUnitYears(db *sqldb.DB, ids []int64) (map[int64]training.Coverage, error) {
	return trainingsql.UnitYears(context.Background(), db, ids, 2026)
}
