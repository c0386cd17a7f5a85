// Package standard is the code of conduct catalog: versioned sets of
// standard items (1847/QĐ-TTg and local rules) that all evidence cites by
// code.
package standard

import (
	"context"
	"time"
)

// LegalBasis cites where a standard comes from.
type LegalBasis struct {
	Document string `json:"document"` // e.g. "Kế hoạch 86/KH-UBND ngày 30/8/2019 (Thái Bình)"
	Section  string `json:"section"`  // e.g. "Mục II.2.a"
}

// Group is one of the four groups of the code of conduct.
type Group struct {
	Code  string  `json:"code"` // TT, GT, DD, TP
	Name  string  `json:"name"`
	Items []*Item `json:"items"`
}

// Item is one rule of the code of conduct. Every piece of evidence
// cites an item by its code, which stays the same across versions.
type Item struct {
	ID          int64      `json:"id"`
	VersionID   int64      `json:"version_id"`
	GroupCode   string     `json:"group"`
	Code        string     `json:"code"` // e.g. GT-XC for "xin chào"
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Basis       LegalBasis `json:"legal_basis"`
	Prohibition bool       `json:"prohibition"` // a "must not" rule
	FourXin     bool       `json:"four_xin"`    // one of the eight "4 xin, 4 luôn" behaviours
	AppliesTo   AppliesTo  `json:"applies_to"`  // everyone, or leaders and managers only
	UnitID      int64      `json:"unit_id,omitempty"`
	UnitName    string     `json:"unit_name,omitempty"`
	Position    int        `json:"position"`
	// A local item belongs to a local version: the item set a unit issued
	// for its subtree by a decision, in force from a date, whatever the
	// national version (a new one leaves it in force).
	LocalVersionID int64      `json:"local_version_id,omitempty"`
	Decision       string     `json:"decision,omitempty"`     // the issuing decision, e.g. "Kế hoạch số 86/KH-UBND ngày 30/8/2019 của UBND tỉnh Thái Bình"
	EffectiveOn    *time.Time `json:"effective_on,omitempty"` // its date of effect
}

// AppliesTo says whom an item binds.
type AppliesTo string

// Whom an item binds: every official, or only those holding a leading or
// managing post (chức vụ lãnh đạo, quản lý), such as "không được duy ý
// chí, áp đặt" (Decision 1847/QĐ-TTg).
const (
	AppliesAll     AppliesTo = "all"
	AppliesLeaders AppliesTo = "leaders"
)

// Valid reports whether a is a known audience.
func (a AppliesTo) Valid() bool { return a == AppliesAll || a == AppliesLeaders }

// Label is the audience in Vietnamese, as the catalog pages show it.
func (a AppliesTo) Label() string {
	if a == AppliesLeaders {
		return "Người giữ chức vụ lãnh đạo, quản lý"
	}
	return "Mọi cán bộ, công chức, viên chức"
}

// Binds reports whether the item binds an official who holds (leader) or
// does not hold a leading post.
func (a AppliesTo) Binds(leader bool) bool { return a != AppliesLeaders || leader }

// Version is a published version of the catalog.
type Version struct {
	ID          int64     `json:"id"`
	Code        string    `json:"code"`
	Title       string    `json:"title"`
	EffectiveOn time.Time `json:"effective_on"`
	CreatedAt   time.Time `json:"created_at"`
	Groups      []*Group  `json:"groups,omitempty"`
}

// ItemInput adds a unit's own item. The item joins the unit's local version
// issued by Basis.Document (created when the unit has none by that
// decision), in force from EffectiveOn (today when zero).
type ItemInput struct {
	UnitID      int64
	GroupCode   string
	Code        string
	Title       string
	Description string
	Basis       LegalBasis
	Prohibition bool
	AppliesTo   AppliesTo // AppliesAll when empty
	EffectiveOn time.Time
}

// LocalVersion is an item set a unit issued (a provincial plan, an agency's
// rules) for its subtree: its issuing decision and date of effect. Its
// items stay in force across national versions.
type LocalVersion struct {
	ID          int64     `json:"id"`
	UnitID      int64     `json:"unit_id"`
	UnitName    string    `json:"unit_name"`
	Decision    string    `json:"decision"`
	EffectiveOn time.Time `json:"effective_on"`
	Items       []*Item   `json:"items"`
}

// LocalSeed is a local version as shipped in sqldb/standardsql/catalog/local:
// the issuing unit by its official code, the decision, the date of effect
// and the items (each with its group).
type LocalSeed struct {
	UnitCode    string  `json:"unit_code"`
	UnitName    string  `json:"unit_name"` // the unit's name, checked against the unit found
	Decision    string  `json:"decision"`
	EffectiveOn string  `json:"effective_on"`
	Items       []*Item `json:"items"`
}

// CatalogSeed is the content of a catalog version, as shipped in
// sqldb/catalog (the national code of conduct).
type CatalogSeed struct {
	Code        string   `json:"code"`
	Title       string   `json:"title"`
	EffectiveOn string   `json:"effective_on"`
	Groups      []*Group `json:"groups"`
}

// Service manages the code-of-conduct catalog. Reading is public.
type Service interface {
	// CurrentVersion returns the newest version in effect with its groups and
	// national items, plus the local items of unitID's ancestors when unitID > 0.
	CurrentVersion(ctx context.Context, unitID int64) (*Version, error)
	// FindVersions lists all versions, newest first.
	FindVersions(ctx context.Context) ([]*Version, error)
	// FindVersion returns one version with all its national items. ENOTFOUND.
	FindVersion(ctx context.Context, id int64) (*Version, error)
	// FindItemByCode returns an item of the current version. ENOTFOUND.
	FindItemByCode(ctx context.Context, code string) (*Item, error)
	// PublishVersion stores a new national version. EINVALID, ECONFLICT, EFORBIDDEN.
	PublishVersion(ctx context.Context, seed CatalogSeed) (*Version, error)
	// AddLocalItem adds a unit's own item. EINVALID, ECONFLICT, EFORBIDDEN.
	AddLocalItem(ctx context.Context, in ItemInput) (*Item, error)
	// FindLocalItems lists local items of units in the actor's scope.
	FindLocalItems(ctx context.Context, unitID int64) ([]*Item, error)
	// PublishLocalVersion stores a unit's local version with its items.
	// EINVALID, ECONFLICT, EFORBIDDEN, ENOTFOUND.
	PublishLocalVersion(ctx context.Context, unitID int64, seed LocalSeed) (*LocalVersion, error)
}
