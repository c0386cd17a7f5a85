package sqldb

import (
	"congvu"
	"congvu/org"
	"congvu/vntext"
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
)

// pathIDs returns the ids of a materialized path, root first.
func PathIDs(path string) []int64 {
	var ids []int64
	for _, p := range strings.Split(strings.Trim(path, "/"), "/") {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

func NotFoundUnit() error { return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy đơn vị.") }

const UnitCols = `u.id, u.code, u.name, u.kind, u.type_name, COALESCE(u.parent_id, 0), u.path, u.depth, u.active, u.dissolved_on, u.created_at, u.updated_at`

func ScanUnit(s Scanner) (*org.Unit, error) {
	u := &org.Unit{}
	var dissolved sql.NullTime
	if err := s.Scan(&u.ID, &u.Code, &u.Name, &u.Kind, &u.TypeName, &u.ParentID, &u.Path, &u.Depth, &u.Active, &dissolved, &u.CreatedAt, &u.UpdatedAt); err != nil {
		return nil, err
	}
	u.DissolvedOn = UTCPtr(dissolved)
	u.CreatedAt, u.UpdatedAt = UTC(u.CreatedAt), UTC(u.UpdatedAt)
	return u, nil
}

// hasRootScope reports whether one of the paths is the whole tree.
func HasRootScope(paths []string) bool {
	for _, p := range paths {
		if p == congvu.RootUnitPath {
			return true
		}
	}
	return false
}

// canViewOfficial reports whether the actor may see o: within their view
// scope, or their own record.
func CanViewOfficial(actor *congvu.Actor, o *org.Official) bool {
	if actor.IsAnonymous() {
		return false
	}
	return actor.Can(congvu.ActOfficialView, o.UnitPath) || (actor.OfficialID != 0 && actor.OfficialID == o.ID)
}

func ErrNoOfficial() error { return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy cán bộ.") }

// normalizeStdCode trims and upper-cases a code typed by a person.
func NormalizeStdCode(s string) string { return strings.ToUpper(vntext.Normalize(s)) }

// UnitRef is what a capability needs to know of a unit it refers to.
type UnitRef struct {
	ID     int64
	Code   string
	Name   string
	Path   string
	Active bool
}

// LoadUnit loads the unit matching where (a condition on "u", with one
// argument) without any authorization check; ENOTFOUND when none does.
func LoadUnit(ctx context.Context, db *DB, q Querier, where string, arg any) (*org.Unit, error) {
	u, err := ScanUnit(q.QueryRowContext(ctx, `SELECT `+UnitCols+` FROM units u WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, NotFoundUnit()
	}
	if err != nil {
		return nil, db.Internal("load unit", err)
	}
	return u, nil
}

const OfficialCols = `o.id, o.unit_id, u.name, u.path, o.employee_code, o.full_name, o.category, o.position, o.is_leader, o.badge_token, o.email, o.phone, o.active, o.created_at, o.updated_at`

const OfficialFrom = ` FROM officials o JOIN units u ON u.id = o.unit_id`

func ScanOfficial(sc Scanner) (*org.Official, error) {
	o := &org.Official{}
	if err := sc.Scan(&o.ID, &o.UnitID, &o.UnitName, &o.UnitPath, &o.EmployeeCode, &o.FullName, &o.Category, &o.Position,
		&o.IsLeader, &o.BadgeToken, &o.Email, &o.Phone, &o.Active, &o.CreatedAt, &o.UpdatedAt); err != nil {
		return nil, err
	}
	o.CreatedAt, o.UpdatedAt = UTC(o.CreatedAt), UTC(o.UpdatedAt)
	return o, nil
}

// LoadOfficial loads an official by id without any authorization check;
// ENOTFOUND when there is none.
func LoadOfficial(ctx context.Context, db *DB, q Querier, id int64) (*org.Official, error) {
	o, err := ScanOfficial(q.QueryRowContext(ctx, `SELECT `+OfficialCols+OfficialFrom+` WHERE o.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNoOfficial()
	}
	if err != nil {
		return nil, db.Internal("find official", err)
	}
	return o, nil
}

// LoadUnitRef reads what a capability needs of the unit with id, without
// any authorization check; nil when there is none.
func LoadUnitRef(ctx context.Context, db *DB, q Querier, id int64) (*UnitRef, error) {
	u := &UnitRef{}
	err := q.QueryRowContext(ctx, `SELECT id, code, name, path, active FROM units WHERE id = $1`, id).Scan(&u.ID, &u.Code, &u.Name, &u.Path, &u.Active)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, db.Internal("load unit", err)
	}
	return u, nil
}
