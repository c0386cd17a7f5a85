package inspection

import (
	"context"
	"io"
)

// MaxPhotosPerLine bounds the photos of one checklist line.
const MaxPhotosPerLine = 20

// PhotoService keeps the photos taken for checklist lines (field work on a
// phone). A photo is cleaned by package attach as petition attachments
// are (type from the bytes, EXIF/GPS, XMP and comments dropped) before it
// is stored.
type PhotoService interface {
	// AddPhoto stores a photo for a line of an inspection the actor may
	// run. ClientKey (random, made on the phone) makes it idempotent: a
	// photo sent again with the same key returns the first, storing
	// nothing. EINVALID (not a JPEG/PNG, too large, too many photos),
	// ENOTFOUND, EFORBIDDEN, ECONFLICT once the record is closed.
	AddPhoto(ctx context.Context, lineID int64, clientKey string, r io.Reader) (*Photo, error)
	// PhotoCounts returns the number of photos per line of an inspection
	// whose record the actor may read (inspection.RecordFor).
	PhotoCounts(ctx context.Context, inspectionID int64) (map[int64]int, error)
	// ListPhotos returns the photos of an inspection's lines the actor
	// may read (inspection.RecordFor), by line and in the order taken.
	// ENOTFOUND.
	ListPhotos(ctx context.Context, inspectionID int64) ([]*Photo, error)
	// OpenPhoto returns a photo of a line whose record the actor may read
	// (inspection.RecordFor: never a unit outside both sides, the inspected
	// unit once the record is closed), and its content; the caller closes
	// it. ENOTFOUND.
	OpenPhoto(ctx context.Context, photoID int64) (*Photo, io.ReadCloser, error)
}

// RecordOpen reports whether lines (and their photos) may still be
// recorded in an inspection of status s: until the record is closed.
func RecordOpen(s Status) bool { return s == StatusPlanned || s == StatusInProgress }
