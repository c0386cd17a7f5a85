package congvu

import "time"

// EvidenceRef points at one piece of evidence another capability produced,
// for the capability that handles violations: what it is (Kind, ID), which
// standard items it cites (by code, stable across catalog versions), the
// official concerned (0 when the finding is about the unit), the unit, and
// the date it was established.
type EvidenceRef struct {
	Kind       string    `json:"kind"` // e.g. EvidenceInspectionLine
	ID         int64     `json:"id"`
	ItemCodes  []string  `json:"item_codes"`
	OfficialID int64     `json:"official_id,omitempty"`
	UnitID     int64     `json:"unit_id"`
	Date       time.Time `json:"date"`
}

// EvidenceInspectionLine is the kind of an EvidenceRef to a breached line
// of an inspection record.
const EvidenceInspectionLine = "inspection_line"
