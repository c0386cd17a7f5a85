package api

import (
	"congvu"
	"congvu/incident"
	"congvu/petition"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
)

// The photos of an incident through the API, as the staff page keeps them:
// a JPEG or PNG of at most 10 MB, stripped of its metadata by the service
// (sqldb.StorePhoto), at most incident.MaxPhotos an incident. A phone app
// sends one photo as the raw body (Content-Type image/jpeg or image/png)
// or as the part "photo" of multipart/form-data.

const photoNotFound = "Không tìm thấy ảnh."

// maxPhotoBody bounds a photo upload: the photo and, for multipart, its
// headers. The photo itself is bounded by the service, which answers a
// larger one with a message on the field "photo".
const maxPhotoBody = petition.MaxAttachmentSize + 64<<10

// errPhotoTooLarge is the answer to a body past maxPhotoBody.
func errPhotoTooLarge() error {
	return congvu.Errorf(congvu.ETOOLARGE, "Ảnh quá lớn (tối đa 10 MB).")
}

// addIncidentPhoto stores one photo of an incident. Who may add one is
// decided before the upload is read, so that an outsider learns nothing
// and sends nothing.
func (s *Server) addIncidentPhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, incidentNotFound)
	if err != nil {
		return err
	}
	x, err := s.Services.Incidents.FindIncident(r.Context(), id)
	if err != nil {
		return err
	}
	if !incident.CanAddPhoto(congvu.ActorFromContext(r.Context()), x) {
		return congvu.Errorf(congvu.EFORBIDDEN, "Chỉ người ghi sự việc hoặc thủ trưởng đơn vị thêm ảnh.")
	}
	if r.ContentLength > maxPhotoBody {
		return errPhotoTooLarge()
	}
	body := http.MaxBytesReader(w, r.Body, maxPhotoBody)
	var photo io.Reader
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "image/jpeg", "image/png":
		photo = body
	case "multipart/form-data":
		r.Body = body
		mr, err := r.MultipartReader()
		if err != nil {
			return congvu.Errorf(congvu.EINVALID, "Không đọc được nội dung multipart/form-data gửi lên.")
		}
		for photo == nil {
			part, err := mr.NextPart()
			if err == io.EOF {
				return congvu.FieldError("photo", "Xin gửi một ảnh JPEG hoặc PNG trong trường photo.")
			}
			if err != nil {
				if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
					return errPhotoTooLarge()
				}
				return congvu.Errorf(congvu.EINVALID, "Không đọc được nội dung multipart/form-data gửi lên.")
			}
			if part.FormName() == "photo" {
				photo = part
			}
		}
	default:
		return congvu.Errorf(congvu.EINVALID, "Gửi ảnh với Content-Type image/jpeg, image/png hoặc multipart/form-data (trường photo).")
	}
	p, err := s.Services.Incidents.AddPhoto(r.Context(), id, photo)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/incidents/"+strconv.FormatInt(id, 10)+"/photos/"+strconv.FormatInt(p.ID, 10))
	writeJSON(w, http.StatusCreated, p)
	return nil
}

// listIncidentPhotos lists an incident's photos to those who read it.
func (s *Server) listIncidentPhotos(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, incidentNotFound)
	if err != nil {
		return err
	}
	list, err := s.Services.Incidents.ListPhotos(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": list})
	return nil
}

// incidentPhoto streams one photo to those who read its incident; a photo
// is read under its own incident only.
func (s *Server) incidentPhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, incidentNotFound)
	if err != nil {
		return err
	}
	photoID, err := strconv.ParseInt(r.PathValue("photo"), 10, 64)
	if err != nil || photoID <= 0 {
		return congvu.Errorf(congvu.ENOTFOUND, photoNotFound)
	}
	p, rc, err := s.Services.Incidents.OpenPhoto(r.Context(), photoID)
	if err != nil {
		return err
	}
	defer rc.Close()
	if p.IncidentID != id {
		return congvu.Errorf(congvu.ENOTFOUND, photoNotFound)
	}
	h := w.Header()
	h.Set("Content-Type", p.ContentType)
	h.Set("Content-Length", strconv.FormatInt(p.Size, 10))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	if _, err := io.Copy(w, rc); err != nil {
		s.Log.Warn("incident photo copy", "err", err)
	}
	return nil
}
