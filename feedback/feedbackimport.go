package feedback

import (
	"context"
	"time"
)

// Import is a body of past ratings, with the kiosks and dossiers
// they came through, written at once: the demo's months of ratings, or
// ratings carried over from an older system. Kiosks keep the device keys
// given and dossiers the rating tokens given (an importer that hands them
// on knows them); both are stored hashed, as usual.
type Import struct {
	// Key names the import: importing a key a second time writes nothing.
	Key      string
	Kiosks   []KioskRecord
	Dossiers []DossierRecord
	Ratings  []Record
}

// KioskRecord is a kiosk with a known device key.
type KioskRecord struct {
	UnitID    int64
	Name      string
	DeviceKey string
	CreatedAt time.Time
}

// DossierRecord is a served dossier. A returned one with a RatingToken can
// be rated once with that token (unless a rating of the import uses it).
type DossierRecord struct {
	Code          string
	UnitID        int64
	OfficialID    int64 // 0: none
	ProcedureName string
	ReceivedAt    time.Time
	DueAt         time.Time
	ReturnedAt    *time.Time
	DelayReason   string
	NewDueAt      *time.Time
	RatingToken   string
}

// Record is one past rating. Whom it is about follows the channel,
// as in Submit: a badge, API or counter rating of an official counts in the
// official's unit; a counter or API rating without official names UnitID; a
// kiosk rating names the kiosk by KioskKey (and may name an official of its
// unit); a dossier rating names its dossier by UnitID and DossierCode and
// takes its official from the dossier (verified; a dossier is rated once).
type Record struct {
	Channel      Channel
	UnitID       int64
	OfficialID   int64
	KioskKey     string
	DossierCode  string
	Satisfaction Satisfaction
	Answers      map[string]bool
	Comment      string
	Contact      string
	// IP and DeviceID are the rater's address and device, stored only as
	// pseudonyms; with FillTime they feed the rules against ballot
	// stuffing.
	IP       string
	DeviceID string
	FillTime time.Duration
	// Status "" lets the rules against ballot stuffing decide, exactly as
	// Submit would have at SubmittedAt (ratings are taken in time order);
	// a status given is kept, with FlagReason.
	Status      Status
	FlagReason  string
	SubmittedAt time.Time
}

// ImportResult says what an import wrote.
type ImportResult struct {
	// AlreadyImported is true when the key was imported before and nothing
	// was written.
	AlreadyImported bool `json:"already_imported,omitempty"`
	Ratings         int  `json:"ratings"`
	Answers         int  `json:"answers"`
	Comments        int  `json:"comments"`
	Accepted        int  `json:"accepted"`
	Flagged         int  `json:"flagged"`
	Rejected        int  `json:"rejected"`
	Verified        int  `json:"verified"`
	Kiosks          int  `json:"kiosks"`
	Dossiers        int  `json:"dossiers"`
}

// Importer is implemented by feedback services that can write past
// ratings in bulk, with the rows and rollups Submit would have written.
type Importer interface {
	// ImportFeedback writes the import in one transaction, audited as one
	// event. Only the command-line operator (a system actor) may: the
	// ratings bypass the public pages. EFORBIDDEN otherwise; EINVALID for a
	// record that names no known unit, official, kiosk or dossier, or
	// breaks the rules of Submit's input.
	ImportFeedback(ctx context.Context, in Import) (*ImportResult, error)
	// FeedbackImported reports whether the import named key was written.
	FeedbackImported(ctx context.Context, key string) (bool, error)
}
