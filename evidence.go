package congvu

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

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

// FormValue is how a form or a link carries the reference: "kind:id", or
// "kind:id:official" when it names an official (a pattern in ratings has
// no id of its own). ParseEvidenceValue reads it back.
func (e EvidenceRef) FormValue() string {
	v := e.Kind + ":" + strconv.FormatInt(e.ID, 10)
	if e.OfficialID != 0 {
		v += ":" + strconv.FormatInt(e.OfficialID, 10)
	}
	return v
}

// evidenceKinds are the kinds of evidence the product knows.
var evidenceKinds = []string{EvidenceInspectionLine, EvidencePetition, EvidenceObservation,
	EvidenceRatings, EvidenceInspectionKept, EvidenceThanks}

// ParseEvidenceValue reads a value written by FormValue: a known kind, an
// id and an optional official, in canonical decimal; ok is false for
// anything else. Which kinds a capability accepts is its own rule.
func ParseEvidenceValue(s string) (EvidenceRef, bool) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 || !slices.Contains(evidenceKinds, parts[0]) {
		return EvidenceRef{}, false
	}
	num := func(s string) (int64, bool) {
		n, err := strconv.ParseInt(s, 10, 64)
		return n, err == nil && n >= 0 && strconv.FormatInt(n, 10) == s
	}
	ref := EvidenceRef{Kind: parts[0]}
	var ok bool
	if ref.ID, ok = num(parts[1]); !ok {
		return EvidenceRef{}, false
	}
	if len(parts) == 3 {
		if ref.OfficialID, ok = num(parts[2]); !ok || ref.OfficialID == 0 {
			return EvidenceRef{}, false
		}
	}
	return ref, true
}
