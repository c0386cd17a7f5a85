package congvu

import (
	"context"
	"time"
)

// LegalBasis cites where a standard comes from.
type LegalBasis struct {
	Document string `json:"document"` // e.g. "Kế hoạch 86/KH-UBND ngày 30/8/2019 (Thái Bình)"
	Section  string `json:"section"`  // e.g. "Mục II.2.a"
}

// StandardGroup is one of the four groups of the code of conduct.
type StandardGroup struct {
	Code  string          `json:"code"` // TT, GT, DD, TP
	Name  string          `json:"name"`
	Items []*StandardItem `json:"items"`
}

// StandardItem is one rule of the code of conduct. Every piece of evidence
// cites an item by its code, which stays the same across versions.
type StandardItem struct {
	ID          int64      `json:"id"`
	VersionID   int64      `json:"version_id"`
	GroupCode   string     `json:"group"`
	Code        string     `json:"code"` // e.g. GT-XC for "xin chào"
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Basis       LegalBasis `json:"legal_basis"`
	Prohibition bool       `json:"prohibition"` // a "must not" rule
	FourXin     bool       `json:"four_xin"`    // one of the eight "4 xin, 4 luôn" behaviours
	UnitID      int64      `json:"unit_id,omitempty"`
	UnitName    string     `json:"unit_name,omitempty"`
	Position    int        `json:"position"`
}

// StandardVersion is a published version of the catalog.
type StandardVersion struct {
	ID          int64            `json:"id"`
	Code        string           `json:"code"`
	Title       string           `json:"title"`
	EffectiveOn time.Time        `json:"effective_on"`
	CreatedAt   time.Time        `json:"created_at"`
	Groups      []*StandardGroup `json:"groups,omitempty"`
}

// StandardItemInput adds a unit's own item to the current version.
type StandardItemInput struct {
	UnitID      int64
	GroupCode   string
	Code        string
	Title       string
	Description string
	Basis       LegalBasis
	Prohibition bool
}

// CatalogSeed is the content of a catalog version, as shipped in
// sqldb/catalog (the national code of conduct).
type CatalogSeed struct {
	Code        string           `json:"code"`
	Title       string           `json:"title"`
	EffectiveOn string           `json:"effective_on"`
	Groups      []*StandardGroup `json:"groups"`
}

// StandardService manages the code-of-conduct catalog. Reading is public.
type StandardService interface {
	// CurrentVersion returns the newest version in effect with its groups and
	// national items, plus the local items of unitID's ancestors when unitID > 0.
	CurrentVersion(ctx context.Context, unitID int64) (*StandardVersion, error)
	// FindVersions lists all versions, newest first.
	FindVersions(ctx context.Context) ([]*StandardVersion, error)
	// FindVersion returns one version with all its national items. ENOTFOUND.
	FindVersion(ctx context.Context, id int64) (*StandardVersion, error)
	// FindItemByCode returns an item of the current version. ENOTFOUND.
	FindItemByCode(ctx context.Context, code string) (*StandardItem, error)
	// PublishVersion stores a new national version. EINVALID, ECONFLICT, EFORBIDDEN.
	PublishVersion(ctx context.Context, seed CatalogSeed) (*StandardVersion, error)
	// AddLocalItem adds a unit's own item. EINVALID, ECONFLICT, EFORBIDDEN.
	AddLocalItem(ctx context.Context, in StandardItemInput) (*StandardItem, error)
	// FindLocalItems lists local items of units in the actor's scope.
	FindLocalItems(ctx context.Context, unitID int64) ([]*StandardItem, error)
}
