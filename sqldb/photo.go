package sqldb

import (
	"congvu"
	"congvu/attach"
	"context"
	"errors"
	"io"
)

// MsgPhotoType is the error on a file that is not a JPEG or PNG photo.
const MsgPhotoType = "Chỉ nhận ảnh JPEG hoặc PNG."

// StorePhoto streams a photo into the blob store, cleaned on the way
// (attach.Clean drops position, camera and any other metadata), refusing
// anything but a JPEG or a PNG of at most maxSize bytes with a Vietnamese
// message on the field "photo". On any error nothing stays in the store.
// The capabilities that keep photos (inspection lines, incidents) call it
// before their own transaction records the key.
func (db *DB) StorePhoto(ctx context.Context, blobs congvu.BlobStore, r io.Reader, maxSize int64) (key, contentType string, size int64, err error) {
	pr, pw := io.Pipe()
	type cleaned struct {
		ct  string
		err error
	}
	done := make(chan cleaned, 1)
	go func() {
		ct, _, err := attach.Clean(pw, r, maxSize)
		pw.CloseWithError(err)
		done <- cleaned{ct, err}
	}()
	key, size, putErr := blobs.Put(ctx, pr)
	pr.CloseWithError(errors.New("blob store stopped reading"))
	c := <-done
	if c.err != nil || putErr != nil {
		if putErr == nil {
			blobs.Delete(context.WithoutCancel(ctx), key)
		}
		if congvu.ErrorCode(c.err) == congvu.EINVALID {
			msg := congvu.ErrorMessage(c.err)
			if msg == attach.ErrType { // a PDF is no photo
				msg = MsgPhotoType
			}
			return "", "", 0, congvu.FieldError("photo", msg)
		}
		if putErr != nil {
			return "", "", 0, db.Internal("store photo", putErr)
		}
		return "", "", 0, db.Internal("clean photo", c.err)
	}
	if c.ct != attach.JPEG && c.ct != attach.PNG {
		blobs.Delete(context.WithoutCancel(ctx), key)
		return "", "", 0, congvu.FieldError("photo", MsgPhotoType)
	}
	return key, c.ct, size, nil
}
