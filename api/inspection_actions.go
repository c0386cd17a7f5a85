package api

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"congvu"
	"congvu/inspection"
)

// Corrective actions of an inspection's conclusion through the API: the
// inspectors set, verify and send back actions; the owner unit reports
// them done. The service checks who may do what; this file decodes and
// checks that the action belongs to the inspection of the path. A report
// carries its evidence files as multipart/form-data.

const actionNotFound = "Không tìm thấy biện pháp khắc phục."

// actionOf reads the {action} of an inspection's path: an action of
// another inspection is not found.
func (s *Server) actionOf(r *http.Request) (*inspection.CorrectiveAction, error) {
	id, err := pathID(r, inspectionNotFound)
	if err != nil {
		return nil, err
	}
	aid, err := strconv.ParseInt(r.PathValue("action"), 10, 64)
	if err != nil || aid <= 0 {
		return nil, congvu.Errorf(congvu.ENOTFOUND, actionNotFound)
	}
	a, err := s.Services.InspectionActions.FindActionByID(r.Context(), aid)
	if err != nil {
		return nil, err
	}
	if a.InspectionID != id {
		return nil, congvu.Errorf(congvu.ENOTFOUND, actionNotFound)
	}
	return a, nil
}

// listActions lists the actions of an inspection the caller sees.
func (s *Server) listActions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, inspectionNotFound)
	if err != nil {
		return err
	}
	if _, err := s.Services.Inspections.FindInspection(r.Context(), id); err != nil {
		return err
	}
	q := newQuery(r)
	f := inspection.ActionFilter{InspectionID: id, Status: inspection.ActionStatus(q.str("status")), Overdue: q.boolean("overdue"), DueSoon: q.boolean("due_soon")}
	if f.Status != "" && !f.Status.Valid() {
		q.errs.Add("status", "Trạng thái phải là open, reported hoặc verified.")
	}
	f.Offset, f.Limit = q.page()
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := s.Services.InspectionActions.FindActions(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(items, total, f.Offset, f.Limit))
	return nil
}

// createAction sets an action on an inspection with an issued conclusion.
func (s *Server) createAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, inspectionNotFound)
	if err != nil {
		return err
	}
	var in inspection.ActionInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	a, err := s.Services.InspectionActions.CreateAction(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

// getAction returns an action with its history.
func (s *Server) getAction(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actionOf(r)
	if err != nil {
		return err
	}
	if a.Events == nil {
		a.Events = []*inspection.ActionEvent{}
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

// actionNoteBody is a report's note, or a verification's remark.
type actionNoteBody struct {
	Note string `json:"note"`
}

// actionReturnBody is why an action is sent back.
type actionReturnBody struct {
	Reason string `json:"reason"`
}

// maxReportBytes bounds a multipart report: its files and a note.
const maxReportBytes = inspection.MaxActionFiles*inspection.MaxActionFileSize + MaxBodyBytes

// reportAction records the owner unit's report: JSON with a note, or
// multipart/form-data with a note field and evidence files (files).
func (s *Server) reportAction(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actionOf(r)
	if err != nil {
		return err
	}
	var in inspection.ReportInput
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		// Who may report is decided before the upload is read.
		if !inspection.CanReportAction(congvu.ActorFromContext(r.Context()), a.OwnerUnitPath) {
			return &congvu.Error{Code: congvu.EFORBIDDEN, Message: "Chỉ thủ trưởng " + a.OwnerUnitName + " mới được báo cáo kết quả thực hiện biện pháp khắc phục này."}
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxReportBytes)
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
				return congvu.Errorf(congvu.ETOOLARGE, "Nội dung báo cáo quá lớn: tối đa 5 tệp, mỗi tệp 10 MB.")
			}
			return congvu.Errorf(congvu.EINVALID, "Không đọc được nội dung multipart/form-data gửi lên.")
		}
		defer r.MultipartForm.RemoveAll()
		if v := r.MultipartForm.Value["note"]; len(v) > 0 {
			in.Note = v[0]
		}
		for _, fh := range r.MultipartForm.File["files"] {
			f, err := fh.Open()
			if err != nil {
				return err
			}
			defer f.Close()
			in.Files = append(in.Files, inspection.Upload{Name: fh.Filename, Body: f})
		}
	} else {
		var b actionNoteBody
		if err := decodeJSON(w, r, &b); err != nil {
			return err
		}
		in.Note = b.Note
	}
	a, err = s.Services.InspectionActions.ReportAction(r.Context(), a.ID, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

// verifyAction confirms a reported action.
func (s *Server) verifyAction(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actionOf(r)
	if err != nil {
		return err
	}
	var b actionNoteBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	a, err = s.Services.InspectionActions.VerifyAction(r.Context(), a.ID, b.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

// returnAction sends a reported action back with a reason.
func (s *Server) returnAction(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actionOf(r)
	if err != nil {
		return err
	}
	var b actionReturnBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	a, err = s.Services.InspectionActions.ReturnAction(r.Context(), a.ID, b.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

// actionFile streams an evidence file of an action.
func (s *Server) actionFile(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actionOf(r)
	if err != nil {
		return err
	}
	fid, err := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err != nil || fid <= 0 {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy tệp minh chứng.")
	}
	f, rc, err := s.Services.InspectionActions.OpenActionFile(r.Context(), a.ID, fid)
	if err != nil {
		return err
	}
	defer rc.Close()
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Length", strconv.FormatInt(f.Size, 10))
	w.Header().Set("Content-Disposition", `attachment; filename="`+f.FileName+`"`)
	_, err = io.Copy(w, rc)
	if err != nil {
		s.Log.Warn("action file copy", "err", err)
	}
	return nil
}
