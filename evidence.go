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

// The other kinds of evidence a violation or a commendation may rest on.
const (
	// EvidencePetition is a concluded petition: founded or partly founded
	// for a violation; for a commendation, one whose reporter thanked the
	// unit.
	EvidencePetition = "petition"
	// EvidenceObservation is a unit head's own observation, with its record
	// (biên bản, ghi nhận) in the text and optional attachment.
	EvidenceObservation = "observation"
	// EvidenceRatings is a pattern in ratings of an official or a unit over
	// a period (ID 0; the period in Date and the violation's text): a
	// suggestion a person accepts, never automatic.
	EvidenceRatings = "ratings"
	// EvidenceInspectionKept is an inspection whose lines were all kept
	// (ID: the inspection), for a commendation.
	EvidenceInspectionKept = "inspection_kept"
	// EvidenceThanks is a rating whose comment thanks the official (ID:
	// the rating), for a commendation.
	EvidenceThanks = "thanks"
)
