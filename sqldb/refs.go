package sqldb

import (
	"congvu"
	"congvu/vntext"
	"database/sql"
	"net/mail"
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

func ScanUnit(s Scanner) (*congvu.Unit, error) {
	u := &congvu.Unit{}
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
func CanViewOfficial(actor *congvu.Actor, o *congvu.Official) bool {
	if actor.IsAnonymous() {
		return false
	}
	return actor.Can(congvu.ActOfficialView, o.UnitPath) || (actor.OfficialID != 0 && actor.OfficialID == o.ID)
}

func ErrNoOfficial() error { return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy cán bộ.") }

// emailOK is a plain check of an e-mail address: one address, no name.
func EmailOK(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " <>") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".")
}

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
