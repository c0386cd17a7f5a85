// Package org is the capability of the organisation: the unit tree and its
// restructurings, officials, and the users who sign in with their roles.
// It holds types, the services' interfaces and rules, not SQL or HTTP.
package org

import (
	"congvu"
	"context"
	"io"
	"time"
)

// UnitKind is what sort of node of the hierarchy a unit is.
type UnitKind string

// The unit kinds.
const (
	KindNation      UnitKind = "nation"        // the root: the whole country
	KindProvince    UnitKind = "province"      // tỉnh, thành phố trực thuộc trung ương
	KindDepartment  UnitKind = "department"    // sở, ban, ngành; phòng chuyên môn
	KindDistrict    UnitKind = "district"      // huyện, quận, thị xã, thành phố thuộc tỉnh
	KindCommune     UnitKind = "commune"       // xã, phường, thị trấn, đặc khu
	KindServiceUnit UnitKind = "service_unit"  // đơn vị sự nghiệp công lập
	KindOneStopShop UnitKind = "one_stop_shop" // bộ phận một cửa
	KindOtherAgency UnitKind = "agency"        // any other agency or organisation
)

// UnitKinds lists every kind, in display order.
var UnitKinds = []UnitKind{KindNation, KindProvince, KindDepartment, KindDistrict, KindCommune, KindServiceUnit, KindOneStopShop, KindOtherAgency}

// Label is the Vietnamese name of the kind.
func (k UnitKind) Label() string {
	switch k {
	case KindNation:
		return "Cả nước"
	case KindProvince:
		return "Tỉnh, thành phố"
	case KindDepartment:
		return "Sở, ban, ngành, phòng"
	case KindDistrict:
		return "Huyện, quận, thị xã"
	case KindCommune:
		return "Xã, phường, thị trấn"
	case KindServiceUnit:
		return "Đơn vị sự nghiệp công lập"
	case KindOneStopShop:
		return "Bộ phận một cửa"
	case KindOtherAgency:
		return "Cơ quan, tổ chức khác"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k UnitKind) Valid() bool {
	for _, x := range UnitKinds {
		if k == x {
			return true
		}
	}
	return false
}

// Unit is a node of the hierarchy. Path is the materialized path of ids from
// the root, "/1/52/781/", so a subtree is one index range scan.
type Unit struct {
	ID           int64      `json:"id"`
	Code         string     `json:"code"`
	Name         string     `json:"name"`
	Kind         UnitKind   `json:"kind"`
	TypeName     string     `json:"type_name,omitempty"` // e.g. "Phường", "Thành phố Trung ương"
	ParentID     int64      `json:"parent_id,omitempty"`
	Path         string     `json:"path"`
	Depth        int        `json:"depth"`
	Active       bool       `json:"active"`
	DissolvedOn  *time.Time `json:"dissolved_on,omitempty"`
	ChildCount   int        `json:"child_count"`
	OfficialsN   int        `json:"official_count"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	Ancestors    []*Unit    `json:"-"` // filled by FindUnitByID, root first
	Successors   []*Unit    `json:"successors,omitempty"`
	Predecessors []*Unit    `json:"predecessors,omitempty"`
}

// UnitInput creates a unit or replaces its editable fields.
type UnitInput struct {
	Code     string
	Name     string
	Kind     UnitKind
	TypeName string
	ParentID int64
}

// UnitFilter selects units. Results are always limited to the actor's scope.
type UnitFilter struct {
	Query         string // name or code, diacritics ignored
	ParentID      int64  // direct children of this unit
	UnderID       int64  // anywhere in this unit's subtree (inclusive)
	Kind          UnitKind
	IncludeClosed bool // include dissolved units
	Offset        int
	Limit         int
}

// ImportResult counts what an import did.
type ImportResult struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Total     int `json:"total"`
}

// RestructuringKind is merge or split (or the helpers that 2025 needed).
type RestructuringKind string

// The restructuring operations.
const (
	RestructMerge   RestructuringKind = "merge"   // several units become one (new or existing)
	RestructSplit   RestructuringKind = "split"   // one unit becomes several
	RestructAbolish RestructuringKind = "abolish" // a level disappears: children move up
	RestructMove    RestructuringKind = "move"    // a unit gets a new parent
	RestructRename  RestructuringKind = "rename"  // a unit gets a new name or kind
)

// Restructuring is a dated change of the unit tree; it is recorded so that
// history can be followed from old units to their successors.
type Restructuring struct {
	ID        int64             `json:"id"`
	Kind      RestructuringKind `json:"kind"`
	Effective time.Time         `json:"effective"`
	Decision  string            `json:"decision"`
	Note      string            `json:"note,omitempty"`
	FromIDs   []int64           `json:"from_ids"`
	ToIDs     []int64           `json:"to_ids"`
	CreatedAt time.Time         `json:"created_at"`
}

// NewUnitSpec describes a unit a restructuring creates, or (when only Code
// is given and the code exists) an existing unit it uses.
type NewUnitSpec struct {
	Code       string   `json:"code"`
	Name       string   `json:"name,omitempty"`
	Kind       UnitKind `json:"kind,omitempty"`
	TypeName   string   `json:"type_name,omitempty"`
	ParentCode string   `json:"parent,omitempty"`
}

// RestructuringOp is one operation of a restructuring plan (the JSON format
// of `congvu import restructuring`, documented in docs/restructuring.md).
type RestructuringOp struct {
	Op        RestructuringKind `json:"op"`
	From      []string          `json:"from,omitempty"`      // merge: the units merged; split/abolish/move/rename: one code
	Partly    []string          `json:"partly,omitempty"`    // merge: units of which the result takes a part (dissolved by another operation)
	Into      *NewUnitSpec      `json:"into,omitempty"`      // merge: the resulting unit
	Parts     []NewUnitSpec     `json:"parts,omitempty"`     // split: the resulting units, the first takes officials by default
	Officials map[string]string `json:"officials,omitempty"` // split: employee code -> part code
	Parent    string            `json:"parent,omitempty"`    // move: the new parent code; abolish by kind: the unit whose subtree
	Name      string            `json:"name,omitempty"`      // rename
	Kind      UnitKind          `json:"kind,omitempty"`      // rename; abolish without from: every unit of this kind under parent
	TypeName  string            `json:"type_name,omitempty"` // rename
	Decision  string            `json:"decision,omitempty"`  // the legal basis of this operation, when not the plan's
}

// RestructuringPlan is a set of operations under one legal decision, all
// effective on one date; it is applied in one transaction, in order.
type RestructuringPlan struct {
	Effective  string            `json:"effective"` // YYYY-MM-DD
	Decision   string            `json:"decision"`
	Note       string            `json:"note,omitempty"`
	Operations []RestructuringOp `json:"operations"`
}

// UnitService manages the unit tree.
type UnitService interface {
	// FindUnitByID returns a unit with its ancestors, predecessors and
	// successors. ENOTFOUND (also outside the actor's scope).
	FindUnitByID(ctx context.Context, id int64) (*Unit, error)
	// FindUnitByCode returns a unit by its code. ENOTFOUND.
	FindUnitByCode(ctx context.Context, code string) (*Unit, error)
	// FindPublicUnitByCode returns what the public may know of an active
	// unit (code, name, kind, type, whether it is active), for citizen
	// pages; no actor is needed. ENOTFOUND.
	FindPublicUnitByCode(ctx context.Context, code string) (*Unit, error)
	// FindPublicUnits finds active units by name or exact code for
	// citizens (diacritics ignored, the words in order), shallowest first,
	// at most limit (1..50). Each carries only public facts, with its parent
	// as its only ancestor so that people tell "Phường Kỳ Bá" of one
	// province from another.
	FindPublicUnits(ctx context.Context, query string, limit int) ([]*Unit, error)
	// FindUnits lists units in the actor's scope, ordered by path.
	FindUnits(ctx context.Context, f UnitFilter) ([]*Unit, int, error)
	// CountSubtree counts the units in a subtree (inclusive). ENOTFOUND.
	CountSubtree(ctx context.Context, id int64) (int, error)
	// CreateUnit creates a unit under a parent. EINVALID, ECONFLICT, EFORBIDDEN.
	CreateUnit(ctx context.Context, in UnitInput) (*Unit, error)
	// UpdateUnit edits code, name, kind (not the parent). EINVALID, ECONFLICT, EFORBIDDEN, ENOTFOUND.
	UpdateUnit(ctx context.Context, id int64, in UnitInput) (*Unit, error)
	// ImportUnits imports a national unit file (the dvhcvn JSON format)
	// under the root; importing the same file again changes nothing.
	// EINVALID with the position of bad data, EFORBIDDEN.
	ImportUnits(ctx context.Context, r io.Reader, progress congvu.Progress) (*ImportResult, error)
	// Restructure applies a plan in one transaction. EINVALID names the
	// operation that failed; nothing is saved then.
	Restructure(ctx context.Context, plan RestructuringPlan) ([]*Restructuring, error)
	// FindRestructurings lists restructurings touching the actor's scope.
	FindRestructurings(ctx context.Context, unitID int64) ([]*Restructuring, error)
}
