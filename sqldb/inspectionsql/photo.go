package inspectionsql

import (
	"congvu"
	"congvu/inspection"
	"congvu/org"
	"congvu/petition"
	"congvu/sqldb"
	"context"
	"database/sql"
	"errors"
	"io"
)

// PhotoService implements inspection.PhotoService: photos of checklist
// lines, cleaned by package attach and kept in the blob store.
type PhotoService struct {
	db    *sqldb.DB
	blobs congvu.BlobStore
}

// NewPhotoService returns the service on db, keeping contents in blobs.
func NewPhotoService(db *sqldb.DB, blobs congvu.BlobStore) *PhotoService {
	return &PhotoService{db: db, blobs: blobs}
}

var _ inspection.PhotoService = (*PhotoService)(nil)

// lineOwner is what authorizing a photo of a line needs.
type lineOwner struct {
	inspectionID int64
	kind         inspection.Kind
	status       inspection.Status
	owner        inspection.Owner
	targetPath   string
	targetID     int64
}

func (s *PhotoService) lineOwner(ctx context.Context, q sqldb.Querier, lineID int64) (*lineOwner, error) {
	var o lineOwner
	var ownerKind string
	err := q.QueryRowContext(ctx, `SELECT i.id, i.kind, i.status, u.id, u.path, u.kind, t.id, t.path
		FROM inspection_lines l JOIN inspections i ON i.id = l.inspection_id
		JOIN units u ON u.id = i.unit_id JOIN units t ON t.id = i.target_unit_id WHERE l.id = $1`, lineID).
		Scan(&o.inspectionID, &o.kind, &o.status, &o.owner.ID, &o.owner.Path, &ownerKind, &o.targetID, &o.targetPath)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy dòng của danh mục kiểm tra.")
	}
	if err != nil {
		return nil, s.db.Internal("photo line", err)
	}
	o.owner.Kind = org.UnitKind(ownerKind)
	return &o, nil
}

// AddPhoto: see inspection.PhotoService. The photo is cleaned and stored
// before the transaction (streaming, as petition attachments); the row,
// its key and the audit event are written together, and a key already
// stored (a resend, or two racing) keeps the first photo and drops the
// new blob.
func (s *PhotoService) AddPhoto(ctx context.Context, lineID int64, clientKey string, r io.Reader) (*inspection.Photo, error) {
	actor := congvu.ActorFromContext(ctx)
	o, err := s.lineOwner(ctx, s.db.Read, lineID)
	if err != nil {
		return nil, err
	}
	if inspection.SideOf(actor, o.owner.Path, o.targetPath) != inspection.SideOwner {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy dòng của danh mục kiểm tra.")
	}
	if err := allowed(ctx, s.db, actor, o.kind, inspection.StepRun, o.owner, s.db.Now()); err != nil {
		return nil, err
	}
	if clientKey != "" {
		if p, err := s.byKey(ctx, s.db.Read, lineID, clientKey); err == nil || congvu.ErrorCode(err) != congvu.ENOTFOUND {
			return p, err
		}
	}
	if !inspection.RecordOpen(o.status) {
		return nil, congvu.Errorf(congvu.ECONFLICT, "Biên bản đã khóa: không thêm ảnh được nữa.")
	}
	key, ct, size, err := s.db.StorePhoto(ctx, s.blobs, r, petition.MaxAttachmentSize)
	if err != nil {
		return nil, err
	}
	p := &inspection.Photo{LineID: lineID, BlobKey: key, ContentType: ct, Size: size}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM inspection_photos WHERE line_id = $1`, lineID).Scan(&n); err != nil {
			return s.db.Internal("count photos", err)
		}
		if n >= inspection.MaxPhotosPerLine {
			return congvu.FieldError("photo", "Mỗi dòng có tối đa 20 ảnh.")
		}
		p.CreatedAt = tx.Now
		if err := tx.QueryRowContext(ctx, `INSERT INTO inspection_photos (line_id, blob_key, content_type, size, created_at, client_key)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, lineID, key, ct, size, tx.Now, sql.NullString{String: clientKey, Valid: clientKey != ""}).Scan(&p.ID); err != nil {
			if sqldb.IsUniqueViolation(err) {
				return errKeyTaken
			}
			return s.db.Internal("insert photo", err)
		}
		return tx.Audit("inspection.photo.add", "inspection", o.inspectionID, o.targetID, nil,
			map[string]any{"line_id": lineID, "photo_id": p.ID, "content_type": ct, "size": size})
	})
	if err != nil {
		s.blobs.Delete(context.WithoutCancel(ctx), key)
		if errors.Is(err, errKeyTaken) {
			return s.byKey(ctx, s.db.Write, lineID, clientKey)
		}
		return nil, err
	}
	return p, nil
}

var errKeyTaken = errors.New("photo key taken")

func (s *PhotoService) byKey(ctx context.Context, q sqldb.Querier, lineID int64, key string) (*inspection.Photo, error) {
	p := &inspection.Photo{}
	err := q.QueryRowContext(ctx, `SELECT id, line_id, blob_key, content_type, size, created_at FROM inspection_photos WHERE line_id = $1 AND client_key = $2`,
		lineID, key).Scan(&p.ID, &p.LineID, &p.BlobKey, &p.ContentType, &p.Size, &p.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy ảnh.")
	}
	if err != nil {
		return nil, s.db.Internal("photo by key", err)
	}
	p.CreatedAt = p.CreatedAt.UTC()
	return p, nil
}

// PhotoCounts: see inspection.PhotoService.
func (s *PhotoService) PhotoCounts(ctx context.Context, inspectionID int64) (map[int64]int, error) {
	if err := s.canSee(ctx, inspectionID); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT p.line_id, COUNT(*) FROM inspection_photos p JOIN inspection_lines l ON l.id = p.line_id
		WHERE l.inspection_id = $1 GROUP BY p.line_id`, inspectionID)
	if err != nil {
		return nil, s.db.Internal("photo counts", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, s.db.Internal("photo counts", err)
		}
		out[id] = n
	}
	return out, s.db.Internal("photo counts", rows.Err())
}

// canSee checks that the actor may read the record of the inspection
// (inspection.RecordFor): the owner side always, the inspected unit once
// the record is closed.
func (s *PhotoService) canSee(ctx context.Context, inspectionID int64) error {
	var ownerPath, targetPath string
	var i inspection.Inspection
	var visited sql.NullTime
	err := s.db.Read.QueryRowContext(ctx, `SELECT u.path, t.path, i.status, i.unannounced, i.visited_at FROM inspections i JOIN units u ON u.id = i.unit_id
		JOIN units t ON t.id = i.target_unit_id WHERE i.id = $1`, inspectionID).Scan(&ownerPath, &targetPath, &i.Status, &i.Unannounced, &visited)
	i.VisitedAt = sqldb.UTCPtr(visited)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !i.RecordFor(inspection.SideOf(congvu.ActorFromContext(ctx), ownerPath, targetPath))) {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy cuộc kiểm tra.")
	}
	return s.db.Internal("inspection side", err)
}

// ListPhotos: see inspection.PhotoService.
func (s *PhotoService) ListPhotos(ctx context.Context, inspectionID int64) ([]*inspection.Photo, error) {
	if err := s.canSee(ctx, inspectionID); err != nil {
		return nil, err
	}
	return sqldb.QueryAll(ctx, s.db, s.db.Read, "list photos", `SELECT p.id, p.line_id, l.inspection_id, p.content_type, p.size, p.created_at
		FROM inspection_photos p JOIN inspection_lines l ON l.id = p.line_id
		WHERE l.inspection_id = $1 ORDER BY l.position, p.line_id, p.id`, func(sc sqldb.Scanner) (*inspection.Photo, error) {
		p := &inspection.Photo{}
		if err := sc.Scan(&p.ID, &p.LineID, &p.InspectionID, &p.ContentType, &p.Size, &p.CreatedAt); err != nil {
			return nil, err
		}
		p.CreatedAt = p.CreatedAt.UTC()
		return p, nil
	}, inspectionID)
}

// OpenPhoto: see inspection.PhotoService.
func (s *PhotoService) OpenPhoto(ctx context.Context, photoID int64) (*inspection.Photo, io.ReadCloser, error) {
	p := &inspection.Photo{}
	err := s.db.Read.QueryRowContext(ctx, `SELECT p.id, p.line_id, p.blob_key, p.content_type, p.size, p.created_at, l.inspection_id
		FROM inspection_photos p JOIN inspection_lines l ON l.id = p.line_id WHERE p.id = $1`, photoID).
		Scan(&p.ID, &p.LineID, &p.BlobKey, &p.ContentType, &p.Size, &p.CreatedAt, &p.InspectionID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy ảnh.")
	}
	if err != nil {
		return nil, nil, s.db.Internal("open photo", err)
	}
	if err := s.canSee(ctx, p.InspectionID); err != nil {
		return nil, nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy ảnh.")
	}
	rc, err := s.blobs.Open(ctx, p.BlobKey)
	if err != nil {
		return nil, nil, s.db.Internal("open photo blob", err)
	}
	return p, rc, nil
}
