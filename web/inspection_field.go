package web

import (
	"errors"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/inspection"
	"congvu/org"
)

// Field work on a phone: /inspections/{id}/field lists the checklist of an
// inspection, one small form per line (kept / breached / not observed, a
// note, the official concerned, photos). Without JavaScript each form posts
// its line here (fieldSubmit). With static/field.js the answers are queued
// on the phone, also offline, and synced to /field/sync in batches and
// /field/photos one by one (inspection_field_sync.go); a client key per
// answer and per photo makes a resend double nothing.

func init() {
	FlashMessages["dong-kiem-tra"] = "Đã lưu kết quả của dòng."
}

// maxFieldOfficials caps the officials the page offers to pick from.
const maxFieldOfficials = 1000

func (s *Server) inspectionFieldRoutes() []Route {
	view := Need(congvu.ActInspectionView) // the service checks the right to run this kind
	return []Route{
		{Method: "GET", Pattern: "/inspections/{id}/field", Access: view, Handler: s.fieldPage},
		{Method: "POST", Pattern: "/inspections/{id}/field", Access: view, Handler: s.fieldSubmit, MaxBody: maxFieldPhotoBytes * 5},
		{Method: "GET", Pattern: "/inspections/{id}/field/sw.js", Access: view, Handler: s.fieldWorker},
		{Method: "POST", Pattern: "/inspections/{id}/field/sync", Access: view, Handler: s.fieldSync, MaxBody: maxFieldSyncBytes},
		{Method: "POST", Pattern: "/inspections/{id}/field/photos", Access: view, Handler: s.fieldPhoto, MaxBody: maxFieldPhotoBytes + 64<<10},
	}
}

func fieldHref(id int64) string { return "/inspections/" + strconv.FormatInt(id, 10) + "/field" }

// FieldPage is the phone page of an inspection's checklist.
type FieldPage struct {
	Base
	Inspection *inspection.Inspection
	Lines      []*FieldRow
	Officials  []*org.Official // the inspected unit's, for the name search
	Results    []inspection.LineResult
	Action     string
	Recorded   int  // lines with a result
	Editable   bool // results may still be recorded
	Form       *Form
}

// FieldRow is one line with its form's values.
type FieldRow struct {
	Line      *inspection.Line
	Photos    int
	ClientKey string
	Result    inspection.LineResult
	Note      string
	Official  string
	Badge     string
	Errors    map[string]string
}

func (s *Server) fieldInspection(r *http.Request) (*inspection.Inspection, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, errNotFoundField
	}
	in, err := s.Services.Inspections.FindInspection(r.Context(), id)
	if err != nil {
		return nil, err
	}
	// Field work is the inspecting side's: the inspected unit sees the
	// record once issued, not the checklist being filled.
	a := congvu.ActorFromContext(r.Context())
	if inspection.SideOf(a, in.UnitPath, in.TargetUnitPath) != inspection.SideOwner {
		return nil, errNotFoundField
	}
	if !a.Can(inspection.Action(in.Kind, inspection.StepRun), in.UnitPath) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền ghi nhận kết quả của cuộc %s này.", strings.ToLower(in.Kind.Label()))
	}
	return in, nil
}

// fieldOfficials lists the active officials of the inspected unit's
// subtree, for the name search (also offline, in the page's datalist).
func (s *Server) fieldOfficials(r *http.Request, in *inspection.Inspection) ([]*org.Official, error) {
	list, _, err := s.Services.Officials.FindOfficials(r.Context(), org.OfficialFilter{UnitID: in.TargetUnitID, Limit: maxFieldOfficials})
	if congvu.ErrorCode(err) == congvu.EFORBIDDEN {
		return nil, nil // no right to see them: the badge field still works
	}
	for _, o := range list {
		o.BadgeToken, o.Email, o.Phone = "", "", ""
	}
	return list, err
}

func (s *Server) fieldPageOf(r *http.Request, in *inspection.Inspection, failed *FieldRow, f *Form) (*FieldPage, error) {
	offs, err := s.fieldOfficials(r, in)
	if err != nil {
		return nil, err
	}
	photos, err := s.Services.InspectionPhotos.PhotoCounts(r.Context(), in.ID)
	if err != nil {
		return nil, err
	}
	p := &FieldPage{Inspection: in, Officials: offs, Action: fieldHref(in.ID), Form: f,
		Results:  []inspection.LineResult{inspection.ResultKept, inspection.ResultBreached, inspection.ResultNotObserved},
		Editable: inspection.RecordOpen(in.Status)}
	p.Title = "Ghi nhận tại đơn vị: " + in.TargetUnitName
	p.Crumbs = []Link{{Label: "Kiểm tra, thanh tra", Href: "/inspections"}, {Label: "Cuộc kiểm tra", Href: "/inspections/" + strconv.FormatInt(in.ID, 10)}}
	for _, l := range in.Lines {
		row := &FieldRow{Line: l, Photos: photos[l.ID], ClientKey: congvu.RandomToken(16), Result: l.Result, Note: l.Note}
		if l.OfficialName != "" {
			row.Official = l.OfficialName
		}
		if failed != nil && failed.Line.ID == l.ID {
			failed.Line, failed.Photos, failed.ClientKey = l, row.Photos, row.ClientKey
			row = failed
		}
		if l.Result != "" {
			p.Recorded++
		}
		p.Lines = append(p.Lines, row)
	}
	return p, nil
}

func (s *Server) fieldPage(w http.ResponseWriter, r *http.Request) error {
	in, err := s.fieldInspection(r)
	if err != nil {
		return err
	}
	p, err := s.fieldPageOf(r, in, nil, nil)
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusOK, "inspection_field.html", p)
}

// fieldSubmit records one line posted by its form (no JavaScript), with
// its photos; a form posted twice (the answer lost) records it once.
func (s *Server) fieldSubmit(w http.ResponseWriter, r *http.Request) error {
	in, err := s.fieldInspection(r)
	if err != nil {
		return err
	}
	if err := r.ParseMultipartForm(maxFieldPhotoBytes); errors.Is(err, http.ErrNotMultipart) {
		if err := r.ParseForm(); err != nil {
			return congvu.Errorf(congvu.EINVALID, "Dữ liệu gửi lên không đọc được.")
		}
	} else if err != nil {
		return congvu.Errorf(congvu.EINVALID, "Ảnh gửi kèm quá lớn: mỗi lần gửi tối đa 5 ảnh, mỗi ảnh tối đa %s.", formatFieldSize(maxFieldPhotoBytes))
	} else {
		defer r.MultipartForm.RemoveAll()
	}
	f := NewForm(r.PostForm)
	line := &FieldSyncLine{ClientKey: f.Get("client_key"), LineID: f.Int("line_id"), Result: f.Get("result"),
		Note: strings.TrimSpace(f.Get("note")), Badge: strings.TrimSpace(f.Get("badge")), RecordedAt: time.Now()}
	row := &FieldRow{Line: &inspection.Line{ID: line.LineID}, Result: inspection.LineResult(line.Result), Note: line.Note,
		Official: strings.TrimSpace(f.Get("official")), Badge: line.Badge}
	fail := func(err error) error {
		if congvu.ErrorCode(err) != congvu.EINVALID {
			return err
		}
		row.Errors = congvu.ErrorFields(err)
		if len(row.Errors) == 0 {
			row.Errors = map[string]string{"result": congvu.ErrorMessage(err)}
		}
		f.SetMessage("Dòng chưa được lưu: " + congvu.ErrorMessage(err))
		p, perr := s.fieldPageOf(r, in, row, f)
		if perr != nil {
			return perr
		}
		return s.Render(w, r, http.StatusBadRequest, "inspection_field.html", p)
	}
	if err := CheckFieldLine(line); err != nil {
		return fail(err)
	}
	if line.OfficialID, err = s.fieldOfficialByName(r, in, row.Official); err != nil {
		return fail(err)
	}
	if _, err := s.recordFieldLine(r, in, line); err != nil {
		return fail(err)
	}
	var files []*multipart.FileHeader
	if r.MultipartForm != nil {
		files = r.MultipartForm.File["photos"]
	}
	if len(files) > 5 {
		return fail(congvu.FieldError("photos", "Mỗi lần gửi tối đa 5 ảnh."))
	}
	for i, fh := range files {
		if fh.Size == 0 {
			continue
		}
		src, err := fh.Open()
		if err != nil {
			return err
		}
		_, err = s.Services.InspectionPhotos.AddPhoto(r.Context(), line.LineID, line.ClientKey+"-"+strconv.Itoa(i), src)
		src.Close()
		if err != nil {
			return fail(congvu.RenameFields(err, map[string]string{"": "photos", "file": "photos"}))
		}
	}
	http.Redirect(w, r, fieldHref(in.ID)+"?ok=dong-kiem-tra#line-"+strconv.FormatInt(line.LineID, 10), http.StatusSeeOther)
	return nil
}

// fieldOfficialByName resolves the "official" field of a line form: the
// label the search offers ("Full Name (CODE)") or a name that matches one
// active official of the inspected unit only. 0 for an empty field.
func (s *Server) fieldOfficialByName(r *http.Request, in *inspection.Inspection, text string) (int64, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return 0, nil
	}
	q := text
	if i := strings.LastIndexByte(text, '('); i > 0 && strings.HasSuffix(text, ")") {
		q = strings.TrimSpace(text[i+1 : len(text)-1]) // the employee code
	}
	list, _, err := s.Services.Officials.FindOfficials(r.Context(), org.OfficialFilter{UnitID: in.TargetUnitID, Query: q, Limit: 5})
	if err != nil {
		return 0, err
	}
	if len(list) == 1 {
		return list[0].ID, nil
	}
	if len(list) == 0 {
		return 0, congvu.FieldError("official", "Không tìm thấy cán bộ “"+text+"” trong "+in.TargetUnitName+".")
	}
	return 0, congvu.FieldError("official", "Có nhiều cán bộ khớp với “"+text+"”: xin chọn trong danh sách gợi ý (có mã cán bộ).")
}

// recordFieldLine records a checked line: the badge scanned, if any, names
// the official (who must work in the inspected unit: the service checks).
func (s *Server) recordFieldLine(r *http.Request, in *inspection.Inspection, l *FieldSyncLine) (*inspection.Line, error) {
	oid := l.OfficialID
	if l.Badge != "" {
		t, err := s.Services.Feedback.Target(r.Context(), feedback.ChannelBadge, BadgeToken(l.Badge))
		if congvu.ErrorCode(err) == congvu.ENOTFOUND {
			return nil, congvu.FieldError("badge", "Mã thẻ này không thuộc cán bộ nào đang làm việc (thẻ đã thu hồi hoặc quét sai).")
		}
		if err != nil {
			return nil, err
		}
		oid = t.OfficialID
	}
	var at *time.Time
	if !l.RecordedAt.IsZero() {
		t := l.RecordedAt
		at = &t
	}
	return s.Services.Inspections.RecordLine(r.Context(), in.ID, inspection.LineInput{
		LineID: l.LineID, Result: inspection.LineResult(l.Result), Note: l.Note, OfficialID: oid, ClientKey: l.ClientKey, RecordedAt: at,
	})
}

var errNotFoundField = congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy cuộc kiểm tra.")
