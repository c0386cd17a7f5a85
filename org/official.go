package org

import (
	"context"
	"io"
	"time"

	"congvu"
)

// Category is the legal category of an official; it decides which
// discipline forms and evaluation schemes apply.
type Category string

// The categories.
const (
	CategoryCadre          Category = "cadre"           // cán bộ
	CategoryCivilServant   Category = "civil_servant"   // công chức
	CategoryPublicEmployee Category = "public_employee" // viên chức
	CategoryWorker         Category = "worker"          // người lao động
)

// Categories lists every category.
var Categories = []Category{CategoryCadre, CategoryCivilServant, CategoryPublicEmployee, CategoryWorker}

// Label is the Vietnamese name of the category.
func (c Category) Label() string {
	switch c {
	case CategoryCadre:
		return "Cán bộ"
	case CategoryCivilServant:
		return "Công chức"
	case CategoryPublicEmployee:
		return "Viên chức"
	case CategoryWorker:
		return "Người lao động"
	}
	return string(c)
}

// Valid reports whether c is a known category.
func (c Category) Valid() bool {
	for _, x := range Categories {
		if c == x {
			return true
		}
	}
	return false
}

// ParseCategory accepts the code or the Vietnamese label, with or without
// diacritics, as written in CSV files; fold is the text folding function.
func ParseCategory(s string, fold func(string) string) (Category, bool) {
	f := fold(s)
	for _, c := range Categories {
		if f == string(c) || f == fold(c.Label()) {
			return c, true
		}
	}
	return "", false
}

// Official is a person working in a unit.
type Official struct {
	ID           int64     `json:"id"`
	UnitID       int64     `json:"unit_id"`
	UnitName     string    `json:"unit_name"`
	UnitPath     string    `json:"-"`
	EmployeeCode string    `json:"employee_code"`
	FullName     string    `json:"full_name"`
	Category     Category  `json:"category"`
	Position     string    `json:"position"`
	IsLeader     bool      `json:"is_leader"`
	BadgeToken   string    `json:"-"` // public, unguessable; shown only to staff with manage rights
	Email        string    `json:"email,omitempty"`
	Phone        string    `json:"phone,omitempty"`
	Active       bool      `json:"active"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// OfficialInput creates an official or replaces its editable fields.
type OfficialInput struct {
	UnitID       int64
	EmployeeCode string
	FullName     string
	Category     Category
	Position     string
	IsLeader     bool
	Email        string
	Phone        string
}

// CheckUnitChange is the rule on moving an official's record to the unit
// unitID: nobody moves their own record. Where a person works decides which
// petitions concern them (see petition.Viewer), so a move by the person
// themself would let them out of that rule; another administrator makes it.
// EFORBIDDEN.
func CheckUnitChange(actor *congvu.Actor, o *Official, unitID int64) error {
	if actor != nil && actor.OfficialID != 0 && actor.OfficialID == o.ID && unitID != o.UnitID {
		return &congvu.Error{Code: congvu.EFORBIDDEN, Fields: map[string]string{"unit_id": msgOwnUnit},
			Message: msgOwnUnit + " Xin nhờ một người quản trị khác thực hiện việc chuyển đơn vị."}
	}
	return nil
}

const msgOwnUnit = "Bạn không thể tự chuyển hồ sơ cán bộ của chính mình sang đơn vị khác."

// Membership is one stay of an official's record in a unit, from Started
// until Ended (nil: it is still there). Every change of unit — an edit, an
// import, a restructuring — ends one stay and starts another.
type Membership struct {
	UnitID   int64
	UnitPath string
	Started  time.Time
	Ended    *time.Time
}

// OfficialFilter selects officials.
type OfficialFilter struct {
	Query          string // name or employee code, diacritics ignored
	UnitID         int64  // in this unit's subtree
	DirectOnly     bool   // only the unit itself, not its subtree
	Category       Category
	IncludeRetired bool // include deactivated officials
	Offset         int
	Limit          int
}

// RowError is one rejected row of an imported file.
type RowError struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// CSVImportError lists every bad row of a rejected file; nothing was saved.
type CSVImportError struct {
	Rows []RowError
}

func (e *CSVImportError) Error() string {
	return "tệp có dòng không hợp lệ; không dòng nào được lưu"
}

// OfficialCSVColumns are the columns of an officials CSV file, in order
// (the header row is required; docs/officials-csv.md explains each).
var OfficialCSVColumns = []string{"ma_don_vi", "ma_can_bo", "ho_ten", "loai", "chuc_vu", "lanh_dao", "email", "dien_thoai"}

// OfficialService manages officials.
type OfficialService interface {
	// FindOfficialByID returns an official. ENOTFOUND (also outside scope).
	FindOfficialByID(ctx context.Context, id int64) (*Official, error)
	// FindOfficials lists officials in the actor's scope (an official: only themself).
	FindOfficials(ctx context.Context, f OfficialFilter) ([]*Official, int, error)
	// CreateOfficial creates an official with a fresh badge token.
	// EINVALID, ECONFLICT (employee code taken), EFORBIDDEN.
	CreateOfficial(ctx context.Context, in OfficialInput) (*Official, error)
	// UpdateOfficial edits an official; moving to another unit needs rights
	// on both. EINVALID, ECONFLICT, EFORBIDDEN, ENOTFOUND.
	UpdateOfficial(ctx context.Context, id int64, in OfficialInput) (*Official, error)
	// SetOfficialActive deactivates or reactivates. EFORBIDDEN, ENOTFOUND.
	SetOfficialActive(ctx context.Context, id int64, active bool) (*Official, error)
	// ReissueBadge gives a new badge token; the old one stops working.
	ReissueBadge(ctx context.Context, id int64) (*Official, error)
	// ImportOfficialsCSV creates or updates officials from CSV (keyed by
	// employee code). A *CSVImportError lists every bad row; then nothing is saved.
	ImportOfficialsCSV(ctx context.Context, r io.Reader) (*ImportResult, error)
}
