package violationsql

import (
	"congvu/calendar"
	"congvu/sqldb"
	"congvu/violation"
)

// DisciplineService stores discipline procedures under the rule in force
// on the date of the act. See violation.DisciplineService.
type DisciplineService struct {
	db  *sqldb.DB
	cal calendar.Service
}

var _ violation.DisciplineService = (*DisciplineService)(nil)

// NewDisciplineService returns the discipline service on db; deadlines of
// the steps are counted on the working-day calendar of cal.
func NewDisciplineService(db *sqldb.DB, cal calendar.Service) *DisciplineService {
	return &DisciplineService{db: db, cal: cal}
}
