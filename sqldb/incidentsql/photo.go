package incidentsql

import (
	"congvu"
	"congvu/incident"
	"congvu/petition"
	"congvu/sqldb"
	"context"
	"database/sql"
	"errors"
	"io"
	"strconv"
)

func errNoPhoto() error { return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy ảnh.") }

// AddPhoto cleans the photo with package attach (EXIF, XMP, comments
// dropped) as it streams into the blob store, then writes its row and the
// audit event together; on any failure the blob is deleted. See
// incident.Service.
func (s *Service) AddPhoto(ctx context.Context, id int64, r io.Reader) (*incident.Photo, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	if s.blobs == nil {
		return nil, congvu.Errorf(congvu.ECONFLICT, "Chưa cấu hình nơi lưu ảnh.")
	}
	x, err := s.load(ctx, s.db.Read, id)
	if err != nil {
		return nil, err
	}
	if !a.IsSystem() && !incident.CanView(a, x) {
		return nil, errNotFound()
	}
	if !incident.CanAddPhoto(a, x) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Chỉ người ghi sự việc hoặc thủ trưởng đơn vị thêm ảnh.")
	}
	key, ct, size, err := s.db.StorePhoto(ctx, s.blobs, r, petition.MaxAttachmentSize)
	if err != nil {
		return nil, err
	}
	p := &incident.Photo{IncidentID: id, BlobKey: key, ContentType: ct, Size: size}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM incident_photos WHERE incident_id = $1`, id).Scan(&n); err != nil {
			return s.db.Internal("count incident photos", err)
		}
		if n >= incident.MaxPhotos {
			return congvu.FieldError("photo", "Mỗi sự việc có tối đa "+strconv.Itoa(incident.MaxPhotos)+" ảnh.")
		}
		p.CreatedAt = tx.Now
		if err := tx.QueryRowContext(ctx, `INSERT INTO incident_photos (incident_id, blob_key, content_type, size, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, id, key, ct, size, tx.Now).Scan(&p.ID); err != nil {
			return s.db.Internal("insert incident photo", err)
		}
		return tx.Audit("incident.photo", "incident", id, x.UnitID, nil, map[string]any{"photo_id": p.ID, "content_type": ct, "size": size})
	})
	if err != nil {
		s.blobs.Delete(context.WithoutCancel(ctx), key)
		return nil, err
	}
	return p, nil
}

func scanPhoto(sc sqldb.Scanner) (*incident.Photo, error) {
	p := &incident.Photo{}
	if err := sc.Scan(&p.ID, &p.IncidentID, &p.BlobKey, &p.ContentType, &p.Size, &p.CreatedAt); err != nil {
		return nil, err
	}
	p.CreatedAt = p.CreatedAt.UTC()
	return p, nil
}

// ListPhotos lists an incident's photos to those who read it. See
// incident.Service.
func (s *Service) ListPhotos(ctx context.Context, id int64) ([]*incident.Photo, error) {
	if _, err := s.FindIncident(ctx, id); err != nil {
		return nil, err
	}
	list, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "incident photos", `SELECT id, incident_id, blob_key, content_type, size, created_at
		FROM incident_photos WHERE incident_id = $1 ORDER BY id`, scanPhoto, id)
	if list == nil {
		list = []*incident.Photo{}
	}
	return list, err
}

// OpenPhoto returns a photo to those who read its incident. See
// incident.Service.
func (s *Service) OpenPhoto(ctx context.Context, photoID int64) (*incident.Photo, io.ReadCloser, error) {
	p, err := scanPhoto(s.db.Read.QueryRowContext(ctx, `SELECT id, incident_id, blob_key, content_type, size, created_at
		FROM incident_photos WHERE id = $1`, photoID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, errNoPhoto()
	}
	if err != nil {
		return nil, nil, s.db.Internal("open incident photo", err)
	}
	if _, err := s.FindIncident(ctx, p.IncidentID); err != nil {
		if congvu.ErrorCode(err) == congvu.ENOTFOUND {
			return nil, nil, errNoPhoto()
		}
		return nil, nil, err
	}
	rc, err := s.blobs.Open(ctx, p.BlobKey)
	if err != nil {
		return nil, nil, s.db.Internal("open incident photo blob", err)
	}
	return p, rc, nil
}
