package sqldb

import (
	"congvu"
)

// PetitionService implements congvu.PetitionService.
type PetitionService struct {
	db    *DB
	blobs congvu.BlobStore
}

// NewPetitionService returns the petition service; attachments are kept in
// blobs.
func NewPetitionService(db *DB, blobs congvu.BlobStore) *PetitionService {
	return &PetitionService{db: db, blobs: blobs}
}
