// Package inspectionsql stores inspections (package inspection): plans and
// their targets, inspections with their checklist lines, conclusions and
// templates. Authorization is the domain's (inspection.Allowed,
// inspection.SideOf, ForSide); every write is audited in its transaction.
package inspectionsql

import (
	"congvu"
	"congvu/inspection"
	"congvu/org"
	"congvu/sqldb"
	"congvu/standard"
	"context"
	"database/sql"
	"errors"
	"time"
)

// InspectionService implements inspection.Service.
type InspectionService struct {
	db  *sqldb.DB
	std standard.Service
}

// NewInspectionService returns the service on db; checklists are generated
// from the catalog std serves.
func NewInspectionService(db *sqldb.DB, std standard.Service) *InspectionService {
	return &InspectionService{db: db, std: std}
}

var _ inspection.Service = (*InspectionService)(nil)

func errNoPlan() error {
	return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy kế hoạch kiểm tra.")
}

func errNoInspection() error {
	return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy cuộc kiểm tra.")
}

// owner loads the unit that plans or inspects, as the rules need it;
// EINVALID on field when there is no such active unit.
func (s *InspectionService) owner(ctx context.Context, q sqldb.Querier, id int64, field string) (*org.Unit, error) {
	u, err := sqldb.LoadUnit(ctx, s.db, q, "u.id = $1", id)
	if congvu.ErrorCode(err) == congvu.ENOTFOUND || (err == nil && !u.Active) {
		return nil, congvu.FieldError(field, "Không tìm thấy đơn vị.")
	}
	return u, err
}

func ownerOf(u *org.Unit) inspection.Owner {
	return inspection.Owner{ID: u.ID, Path: u.Path, Kind: u.Kind}
}

// notFound maps sql.ErrNoRows to the given not-found error.
func (s *InspectionService) notFound(err error, nf func() error, op string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return nf()
	}
	return s.db.Internal(op, err)
}

// utcDate is the calendar day d (in Vietnam) as midnight UTC, how DATE
// columns are stored.
func utcDate(d time.Time) time.Time {
	d = congvu.Date(d)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
}
