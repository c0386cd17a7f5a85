package inspectionsql

import (
	"congvu"
	"congvu/attach"
	"congvu/calendar"
	"congvu/inspection"
	"congvu/sqldb"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ActionService keeps the corrective actions of inspections' conclusions
// (inspection.ActionService): deadlines counted in working days on the
// calendar, evidence files in the blob store, notices through the outbox.
type ActionService struct {
	db    *sqldb.DB
	blobs congvu.BlobStore
	cal   calendar.Source
}

// NewActionService returns the corrective action service.
func NewActionService(db *sqldb.DB, blobs congvu.BlobStore, cal calendar.Source) *ActionService {
	return &ActionService{db: db, blobs: blobs, cal: cal}
}

var _ inspection.ActionService = (*ActionService)(nil)

// The audit log names an action by its number and the inspection's.
func init() {
	sqldb.RegisterEntityRef("inspection_action", "SELECT 'Biện pháp khắc phục số ' || CAST(id AS TEXT) FROM inspection_actions WHERE id = %s")
}

const actionSelect = `SELECT a.id, a.inspection_id, i.kind, i.unit_id, iu.name, iu.path, COALESCE(i.lead_user_id, 0),
		a.owner_unit_id, ou.name, ou.path, a.text, a.days, a.due_at, a.status, a.reported_at, COALESCE(a.reported_by, 0),
		a.verified_at, a.created_at, a.updated_at
	FROM inspection_actions a
	JOIN inspections i ON i.id = a.inspection_id
	JOIN units iu ON iu.id = i.unit_id
	JOIN units ou ON ou.id = a.owner_unit_id`

func scanAction(sc sqldb.Scanner) (*inspection.CorrectiveAction, error) {
	a := &inspection.CorrectiveAction{}
	var reported, verified sql.NullTime
	err := sc.Scan(&a.ID, &a.InspectionID, &a.InspectionKind, &a.InspectingUnitID, &a.InspectingUnitName, &a.InspectingUnitPath, &a.LeadUserID,
		&a.OwnerUnitID, &a.OwnerUnitName, &a.OwnerUnitPath, &a.Text, &a.Days, &a.DueAt, &a.Status, &reported, &a.ReportedBy,
		&verified, &a.CreatedAt, &a.UpdatedAt)
	if err != nil {
		return nil, err
	}
	a.DueAt, a.CreatedAt, a.UpdatedAt = sqldb.UTC(a.DueAt), sqldb.UTC(a.CreatedAt), sqldb.UTC(a.UpdatedAt)
	a.ReportedAt, a.VerifiedAt = sqldb.UTCPtr(reported), sqldb.UTCPtr(verified)
	return a, nil
}

func errActionNotFound() error {
	return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy biện pháp khắc phục.")
}

// load reads an action the actor sees; ENOTFOUND otherwise (an action of
// another unit is not confirmed to exist).
func (s *ActionService) load(ctx context.Context, q sqldb.Querier, id int64) (*inspection.CorrectiveAction, error) {
	a, err := scanAction(q.QueryRowContext(ctx, actionSelect+` WHERE a.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errActionNotFound()
	}
	if err != nil {
		return nil, s.db.Internal("load action", err)
	}
	if !inspection.CanViewAction(congvu.ActorFromContext(ctx), a) {
		return nil, errActionNotFound()
	}
	a.Overdue = a.IsOverdue(s.db.Now())
	return a, nil
}

// actionTarget is what CreateAction reads of an inspection.
type actionTarget struct {
	kind                 inspection.Kind
	status               inspection.Status
	unitID, lead         int64
	unitPath, targetPath string
	unitName, targetName string
	conclusion           inspection.ConclusionStatus
	targetID             int64
}

// CreateAction sets an action on an inspection whose conclusion is issued.
// See inspection.ActionService.
func (s *ActionService) CreateAction(ctx context.Context, inspectionID int64, in inspection.ActionInput) (*inspection.CorrectiveAction, error) {
	actor := congvu.ActorFromContext(ctx)
	var t actionTarget
	err := s.db.Read.QueryRowContext(ctx, `SELECT i.kind, i.status, i.conclusion_status, i.unit_id, iu.path, iu.name, i.target_unit_id, tu.path, tu.name, COALESCE(i.lead_user_id, 0)
		FROM inspections i JOIN units iu ON iu.id = i.unit_id JOIN units tu ON tu.id = i.target_unit_id WHERE i.id = $1`, inspectionID).
		Scan(&t.kind, &t.status, &t.conclusion, &t.unitID, &t.unitPath, &t.unitName, &t.targetID, &t.targetPath, &t.targetName, &t.lead)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy cuộc kiểm tra.")
	}
	if err != nil {
		return nil, s.db.Internal("load inspection", err)
	}
	if !inspection.CanVerifyAction(actor, t.kind, t.unitPath, t.lead) {
		if inspection.SideOf(actor, t.unitPath, t.targetPath) == inspection.SideNone {
			return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy cuộc kiểm tra.")
		}
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Chỉ đoàn kiểm tra, thanh tra mới được giao biện pháp khắc phục.")
	}
	switch {
	case t.status == inspection.StatusClosed:
		return nil, congvu.Errorf(congvu.ECONFLICT, "Kết luận đã hoàn thành khắc phục và đã đóng; không giao thêm biện pháp được.")
	case t.status != inspection.StatusConcluded || t.conclusion != inspection.ConclusionIssued:
		return nil, congvu.Errorf(congvu.ECONFLICT, "Chỉ giao biện pháp khắc phục sau khi kết luận đã được ban hành.")
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var ownerPath, ownerName string
	var active bool
	err = s.db.Read.QueryRowContext(ctx, `SELECT path, name, active FROM units WHERE id = $1`, in.OwnerUnitID).Scan(&ownerPath, &ownerName, &active)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (!active || !inspection.Within(ownerPath, t.targetPath))) {
		return nil, congvu.FieldError("owner_unit_id", "Đơn vị thực hiện phải là "+t.targetName+" hoặc một đơn vị trực thuộc đang hoạt động.")
	}
	if err != nil {
		return nil, s.db.Internal("load owner unit", err)
	}
	cal, err := s.cal.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		due := inspection.ActionDue(cal, tx.Now, in.Days)
		err := tx.QueryRowContext(ctx, `INSERT INTO inspection_actions (inspection_id, owner_unit_id, text, days, due_at, status, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			inspectionID, in.OwnerUnitID, in.Text, in.Days, due, string(inspection.ActionOpen), userID(actor), tx.Now).Scan(&id)
		if err != nil {
			return s.db.Internal("insert action", err)
		}
		// The inspection must still be concluded when the action lands.
		var st string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM inspections WHERE id = $1`, inspectionID).Scan(&st); err != nil {
			return s.db.Internal("recheck inspection", err)
		}
		if inspection.Status(st) != inspection.StatusConcluded {
			return congvu.Errorf(congvu.ECONFLICT, "Kết luận vừa thay đổi trạng thái; xin tải lại trang.")
		}
		if err := addActionEvent(tx, id, inspection.EventCreated, inspection.ActionOpen, in.Text); err != nil {
			return err
		}
		type created struct {
			InspectionID int64     `json:"inspection_id"`
			OwnerUnitID  int64     `json:"owner_unit_id"`
			Text         string    `json:"text"`
			Days         int       `json:"days"`
			DueAt        time.Time `json:"due_at"`
		}
		if err := tx.Audit("inspection.action.create", "inspection_action", id, in.OwnerUnitID, nil,
			created{inspectionID, in.OwnerUnitID, in.Text, in.Days, due}); err != nil {
			return err
		}
		to, err := unitHeadEmails(ctx, tx, ownerPath)
		if err != nil {
			return s.db.Internal("owner emails", err)
		}
		body := "Theo kết luận của " + t.unitName + ", " + ownerName + " được giao biện pháp khắc phục:\n\n" + in.Text +
			"\n\nHạn thực hiện: " + formatDue(due) + " (" + strconv.Itoa(in.Days) + " ngày làm việc).\n\nBáo cáo kết quả kèm minh chứng tại: " + actionLink(inspectionID, id) + "\n"
		return enqueue(tx, to, "Giao biện pháp khắc phục sau kiểm tra", body, in.OwnerUnitID)
	})
	if err != nil {
		return nil, err
	}
	return s.load(ctx, s.db.Write, id)
}

// FindActions lists the actions the actor sees, by deadline. See
// inspection.ActionService.
func (s *ActionService) FindActions(ctx context.Context, f inspection.ActionFilter) ([]*inspection.CorrectiveAction, int, error) {
	actor := congvu.ActorFromContext(ctx)
	if actor.IsAnonymous() {
		return nil, 0, congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.")
	}
	var a sqldb.Args
	scopes := actor.Scopes(congvu.ActInspectionView)
	where := []string{"(" + sqldb.ScopeClause("ou.path", scopes, &a) + " OR " + sqldb.ScopeClause("iu.path", scopes, &a) +
		" OR i.lead_user_id = " + a.Add(actor.UserID) + ")"}
	now := s.db.Now().UTC()
	if f.InspectionID != 0 {
		where = append(where, "a.inspection_id = "+a.Add(f.InspectionID))
	}
	if f.UnitID != 0 {
		u, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, f.UnitID)
		if err != nil {
			return nil, 0, err
		}
		where = append(where, sqldb.ScopeClause("ou.path", []string{u.Path}, &a))
	}
	if f.Status != "" {
		if !f.Status.Valid() {
			return nil, 0, congvu.FieldError("status", "Trạng thái không hợp lệ.")
		}
		where = append(where, "a.status = "+a.Add(string(f.Status)))
	}
	if f.Overdue {
		where = append(where, "a.status <> 'verified' AND a.due_at < "+a.Add(now))
	}
	if f.DueSoon {
		cal, err := s.cal.Calendar(ctx)
		if err != nil {
			return nil, 0, err
		}
		where = append(where, "a.status = 'open' AND a.due_at >= "+a.Add(now)+" AND a.due_at <= "+a.Add(inspection.DueSoonUntil(cal, now)))
	}
	cond := " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM inspection_actions a JOIN inspections i ON i.id = a.inspection_id
		JOIN units iu ON iu.id = i.unit_id JOIN units ou ON ou.id = a.owner_unit_id`+cond, a...).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("count actions", err)
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	list, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "find actions", actionSelect+cond+` ORDER BY a.due_at, a.id LIMIT `+
		strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(max(f.Offset, 0)), scanAction, a...)
	for _, x := range list {
		x.Overdue = x.IsOverdue(now)
	}
	return list, total, err
}

// FindActionByID returns an action with its history and evidence files.
// See inspection.ActionService.
func (s *ActionService) FindActionByID(ctx context.Context, id int64) (*inspection.CorrectiveAction, error) {
	a, err := s.load(ctx, s.db.Read, id)
	if err != nil {
		return nil, err
	}
	a.Events, err = sqldb.QueryAll(ctx, s.db, s.db.Read, "action events", `SELECT id, kind, status, note, user_name, created_at
		FROM inspection_action_events WHERE action_id = $1 ORDER BY id`, func(sc sqldb.Scanner) (*inspection.ActionEvent, error) {
		e := &inspection.ActionEvent{}
		err := sc.Scan(&e.ID, &e.Kind, &e.Status, &e.Note, &e.UserName, &e.CreatedAt)
		e.CreatedAt = sqldb.UTC(e.CreatedAt)
		return e, err
	}, id)
	if err != nil {
		return nil, err
	}
	type fileRow struct {
		event int64
		f     *inspection.ActionFile
	}
	files, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "action files", `SELECT event_id, id, file_name, content_type, size, sha256, blob_key, created_at
		FROM inspection_action_files WHERE action_id = $1 ORDER BY id`, func(sc sqldb.Scanner) (fileRow, error) {
		r := fileRow{f: &inspection.ActionFile{}}
		err := sc.Scan(&r.event, &r.f.ID, &r.f.FileName, &r.f.ContentType, &r.f.Size, &r.f.SHA256, &r.f.Key, &r.f.CreatedAt)
		r.f.CreatedAt = sqldb.UTC(r.f.CreatedAt)
		return r, err
	}, id)
	if err != nil {
		return nil, err
	}
	for _, r := range files {
		for _, e := range a.Events {
			if e.ID == r.event {
				e.Files = append(e.Files, r.f)
			}
		}
	}
	return a, nil
}

// OpenActionFile returns an evidence file of an action the actor sees.
// See inspection.ActionService.
func (s *ActionService) OpenActionFile(ctx context.Context, actionID, fileID int64) (*inspection.ActionFile, io.ReadCloser, error) {
	if _, err := s.load(ctx, s.db.Read, actionID); err != nil {
		return nil, nil, err
	}
	f := &inspection.ActionFile{}
	err := s.db.Read.QueryRowContext(ctx, `SELECT id, file_name, content_type, size, sha256, blob_key, created_at FROM inspection_action_files
		WHERE id = $1 AND action_id = $2`, fileID, actionID).Scan(&f.ID, &f.FileName, &f.ContentType, &f.Size, &f.SHA256, &f.Key, &f.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy tệp minh chứng.")
	}
	if err != nil {
		return nil, nil, s.db.Internal("load action file", err)
	}
	rc, err := s.blobs.Open(ctx, f.Key)
	if err != nil {
		return nil, nil, s.db.Internal("open action file", err)
	}
	return f, rc, nil
}

// storedFile is an evidence file in the blob store, not yet recorded.
type storedFile struct {
	name, contentType, sha, key string
	size                        int64
}

// storeFile cleans an upload (attach.Clean: type from the bytes, image
// metadata stripped, size limit) and streams it to the blob store.
func (s *ActionService) storeFile(ctx context.Context, r io.Reader) (*storedFile, error) {
	type cleaned struct {
		contentType string
		err         error
	}
	pr, pw := io.Pipe()
	h := sha256.New()
	done := make(chan cleaned, 1)
	go func() {
		ct, _, err := attach.Clean(io.MultiWriter(pw, h), r, inspection.MaxActionFileSize)
		pw.CloseWithError(err)
		done <- cleaned{ct, err}
	}()
	key, size, putErr := s.blobs.Put(ctx, pr)
	pr.CloseWithError(errors.New("blob store stopped reading"))
	c := <-done
	if c.err != nil || putErr != nil {
		if putErr == nil {
			s.blobs.Delete(context.WithoutCancel(ctx), key)
		}
		if congvu.ErrorCode(c.err) == congvu.EINVALID {
			return nil, congvu.FieldError("files", congvu.ErrorMessage(c.err))
		}
		if putErr != nil {
			return nil, s.db.Internal("store action file", putErr)
		}
		return nil, s.db.Internal("clean action file", c.err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	ext := map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}[c.contentType]
	return &storedFile{name: "minh-chung-" + sum[:8] + ext, contentType: c.contentType, sha: sum, key: key, size: size}, nil
}

// ReportAction records the owner unit's report with its evidence; the
// files are stored first and deleted again if the report is not saved.
// See inspection.ActionService.
func (s *ActionService) ReportAction(ctx context.Context, id int64, in inspection.ReportInput) (*inspection.CorrectiveAction, error) {
	actor := congvu.ActorFromContext(ctx)
	a, err := s.load(ctx, s.db.Read, id)
	if err != nil {
		return nil, err
	}
	if !inspection.CanReportAction(actor, a.OwnerUnitPath) {
		return nil, &congvu.Error{Code: congvu.EFORBIDDEN, Message: "Chỉ thủ trưởng " + a.OwnerUnitName + " mới được báo cáo kết quả thực hiện biện pháp khắc phục này."}
	}
	if _, err := inspection.NextActionStatus(a.Status, inspection.ActionStepReport); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var stored []*storedFile
	drop := func() {
		for _, f := range stored {
			s.blobs.Delete(context.WithoutCancel(ctx), f.key)
		}
	}
	for _, u := range in.Files {
		f, err := s.storeFile(ctx, u.Body)
		if err != nil {
			drop()
			return nil, err
		}
		stored = append(stored, f)
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := s.move(tx, a, inspection.ActionStepReport, "reported_at = $4, reported_by = $5", tx.Now, userID(actor)); err != nil {
			return err
		}
		eventID, err := addActionEventID(tx, id, inspection.EventReported, inspection.ActionReported, in.Note)
		if err != nil {
			return err
		}
		var names []string
		for _, f := range stored {
			if _, err := tx.ExecContext(ctx, `INSERT INTO inspection_action_files (action_id, event_id, file_name, content_type, size, sha256, blob_key, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, eventID, f.name, f.contentType, f.size, f.sha, f.key, tx.Now); err != nil {
				return s.db.Internal("insert action file", err)
			}
			names = append(names, f.name)
		}
		type report struct {
			Status inspection.ActionStatus `json:"status"`
			Note   string                  `json:"note,omitempty"`
			Files  []string                `json:"files,omitempty"`
		}
		if err := tx.Audit("inspection.action.report", "inspection_action", id, a.OwnerUnitID, report{Status: a.Status},
			report{inspection.ActionReported, in.Note, names}); err != nil {
			return err
		}
		to, err := verifierEmails(ctx, tx, a)
		if err != nil {
			return s.db.Internal("verifier emails", err)
		}
		body := a.OwnerUnitName + " đã báo cáo kết quả thực hiện biện pháp khắc phục:\n\n" + a.Text + "\n\nBáo cáo: " + in.Note +
			"\nSố tệp minh chứng: " + strconv.Itoa(len(stored)) + "\n\nXin xem và xác nhận tại: " + actionLink(a.InspectionID, id) + "\n"
		return enqueue(tx, to, "Đơn vị báo cáo kết quả khắc phục", body, a.InspectingUnitID)
	})
	if err != nil {
		drop()
		return nil, err
	}
	return s.load(ctx, s.db.Write, id)
}

// VerifyAction confirms a reported action and, when every action of the
// inspection is then verified, closes the inspection. See
// inspection.ActionService.
func (s *ActionService) VerifyAction(ctx context.Context, id int64, note string) (*inspection.CorrectiveAction, error) {
	a, err := s.loadForVerifier(ctx, id, inspection.ActionStepVerify)
	if err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if len([]rune(note)) > inspection.MaxActionNote {
		return nil, congvu.FieldError("note", "Nhận xét không được dài quá 4000 ký tự.")
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := s.move(tx, a, inspection.ActionStepVerify, "verified_at = $4", tx.Now); err != nil {
			return err
		}
		if err := addActionEvent(tx, id, inspection.EventVerified, inspection.ActionVerified, note); err != nil {
			return err
		}
		type verify struct {
			Status inspection.ActionStatus `json:"status"`
			Note   string                  `json:"note,omitempty"`
		}
		if err := tx.Audit("inspection.action.verify", "inspection_action", id, a.OwnerUnitID, verify{Status: a.Status}, verify{inspection.ActionVerified, note}); err != nil {
			return err
		}
		return s.closeIfDone(tx, a.InspectionID, a.InspectingUnitID)
	})
	if err != nil {
		return nil, err
	}
	return s.load(ctx, s.db.Write, id)
}

// ReturnAction sends a reported action back to its unit with a reason. See
// inspection.ActionService.
func (s *ActionService) ReturnAction(ctx context.Context, id int64, reason string) (*inspection.CorrectiveAction, error) {
	a, err := s.loadForVerifier(ctx, id, inspection.ActionStepReturn)
	if err != nil {
		return nil, err
	}
	reason, err = inspection.ValidateReturnReason(reason)
	if err != nil {
		return nil, err
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := s.move(tx, a, inspection.ActionStepReturn, "reported_at = NULL, reported_by = NULL"); err != nil {
			return err
		}
		if err := addActionEvent(tx, id, inspection.EventReturned, inspection.ActionOpen, reason); err != nil {
			return err
		}
		type ret struct {
			Status inspection.ActionStatus `json:"status"`
			Reason string                  `json:"reason,omitempty"`
		}
		if err := tx.Audit("inspection.action.return", "inspection_action", id, a.OwnerUnitID, ret{Status: a.Status}, ret{inspection.ActionOpen, reason}); err != nil {
			return err
		}
		to, err := unitHeadEmails(ctx, tx, a.OwnerUnitPath)
		if err != nil {
			return s.db.Internal("owner emails", err)
		}
		body := a.InspectingUnitName + " chưa xác nhận hoàn thành biện pháp khắc phục:\n\n" + a.Text + "\n\nLý do: " + reason +
			"\n\nHạn thực hiện: " + formatDue(a.DueAt) + ".\nXin thực hiện tiếp và báo cáo lại tại: " + actionLink(a.InspectionID, id) + "\n"
		return enqueue(tx, to, "Biện pháp khắc phục bị trả lại", body, a.OwnerUnitID)
	})
	if err != nil {
		return nil, err
	}
	return s.load(ctx, s.db.Write, id)
}

// loadForVerifier reads an action for a verifier's step: EFORBIDDEN for
// someone who only sees it, or who reported it (no one confirms their own
// report), ECONFLICT when the step does not apply.
func (s *ActionService) loadForVerifier(ctx context.Context, id int64, step inspection.ActionStep) (*inspection.CorrectiveAction, error) {
	actor := congvu.ActorFromContext(ctx)
	a, err := s.load(ctx, s.db.Read, id)
	if err != nil {
		return nil, err
	}
	if !inspection.CanVerifyAction(actor, a.InspectionKind, a.InspectingUnitPath, a.LeadUserID) {
		return nil, &congvu.Error{Code: congvu.EFORBIDDEN, Message: "Chỉ đoàn kiểm tra, thanh tra của " + a.InspectingUnitName + " mới được xác nhận hoặc trả lại biện pháp khắc phục."}
	}
	if _, err := inspection.NextActionStatus(a.Status, step); err != nil {
		return nil, err
	}
	if a.ReportedBy != 0 && a.ReportedBy == actor.UserID {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Người báo cáo không được tự xác nhận kết quả của mình.")
	}
	return a, nil
}

// move changes an action's status by step, only from the status read (a
// concurrent step gets ECONFLICT); set are further assignments whose
// arguments start at $4.
func (s *ActionService) move(tx *sqldb.Tx, a *inspection.CorrectiveAction, step inspection.ActionStep, set string, args ...any) error {
	to, err := inspection.NextActionStatus(a.Status, step)
	if err != nil {
		return err
	}
	q := `UPDATE inspection_actions SET status = $1, updated_at = $2`
	if set != "" {
		q += ", " + set
	}
	r, err := tx.ExecContext(tx.Ctx, q+` WHERE id = $3 AND status = '`+string(a.Status)+`'`, append([]any{string(to), tx.Now, a.ID}, args...)...)
	if err != nil {
		return s.db.Internal("move action", err)
	}
	if n, err := r.RowsAffected(); err != nil || n != 1 {
		if err != nil {
			return s.db.Internal("move action", err)
		}
		return congvu.Errorf(congvu.ECONFLICT, "Biện pháp khắc phục vừa được người khác cập nhật; xin tải lại trang.")
	}
	return nil
}

// closeIfDone closes a concluded inspection whose actions are all verified
// (inspection.AllVerified), auditing it.
func (s *ActionService) closeIfDone(tx *sqldb.Tx, inspectionID, unitID int64) error {
	statuses, err := sqldb.QueryAll(tx.Ctx, s.db, tx, "action statuses", `SELECT status FROM inspection_actions WHERE inspection_id = $1`,
		func(sc sqldb.Scanner) (inspection.ActionStatus, error) {
			var st inspection.ActionStatus
			return st, sc.Scan(&st)
		}, inspectionID)
	if err != nil || !inspection.AllVerified(statuses) {
		return err
	}
	r, err := tx.ExecContext(tx.Ctx, `UPDATE inspections SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4`,
		string(inspection.StatusClosed), tx.Now, inspectionID, string(inspection.StatusConcluded))
	if err != nil {
		return s.db.Internal("close inspection", err)
	}
	if n, _ := r.RowsAffected(); n != 1 {
		return nil
	}
	type st struct {
		Status inspection.Status `json:"status"`
	}
	return tx.Audit("inspection.close", "inspection", inspectionID, unitID, st{inspection.StatusConcluded}, st{inspection.StatusClosed})
}

// addActionEvent adds an entry to an action's history, by the actor.
func addActionEvent(tx *sqldb.Tx, actionID int64, kind inspection.ActionEventKind, status inspection.ActionStatus, note string) error {
	_, err := addActionEventID(tx, actionID, kind, status, note)
	return err
}

func addActionEventID(tx *sqldb.Tx, actionID int64, kind inspection.ActionEventKind, status inspection.ActionStatus, note string) (int64, error) {
	name := "Hệ thống"
	if tx.Actor != nil && tx.Actor.FullName != "" {
		name = tx.Actor.FullName
	}
	var id int64
	err := tx.QueryRowContext(tx.Ctx, `INSERT INTO inspection_action_events (action_id, kind, status, note, user_id, user_name, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, actionID, string(kind), string(status), note, userID(tx.Actor), name, tx.Now).Scan(&id)
	return id, tx.DB.Internal("action event", err)
}

// userID is the actor's user id for a reference column, NULL for the
// system.
func userID(a *congvu.Actor) sql.NullInt64 {
	if a == nil || a.UserID <= 0 {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: a.UserID, Valid: true}
}

// enqueue queues one email per address in the transaction.
func enqueue(tx *sqldb.Tx, to []string, subject, body string, unitID int64) error {
	for _, addr := range to {
		if _, err := tx.ExecContext(tx.Ctx, `INSERT INTO outbox (to_addr, subject, body, unit_id, created_at) VALUES ($1, $2, $3, $4, $5)`,
			addr, subject, body, sqldb.NullID(unitID), tx.Now); err != nil {
			return tx.DB.Internal("enqueue mail", err)
		}
	}
	return nil
}

// unitHeadEmails are the addresses of the heads of the unit at path or,
// when it has none with an address, of its nearest ancestor that has.
func unitHeadEmails(ctx context.Context, q sqldb.Querier, path string) ([]string, error) {
	ids := sqldb.PathIDs(path)
	for i := len(ids) - 1; i >= 0; i-- {
		out, err := emailsAt(ctx, q, ids[i], []congvu.Role{congvu.RoleUnitHead}, 0)
		if err != nil || len(out) > 0 {
			return out, err
		}
	}
	return nil, nil
}

// verifierEmails are the addresses of the lead of an action's inspection
// and of those who run its kind at the inspecting unit.
func verifierEmails(ctx context.Context, q sqldb.Querier, a *inspection.CorrectiveAction) ([]string, error) {
	var roles []congvu.Role
	for _, r := range congvu.Roles {
		probe := congvu.Actor{UserID: 1, Grants: []congvu.Grant{{Role: r, UnitPath: congvu.RootUnitPath}}}
		if probe.Can(inspection.Action(a.InspectionKind, inspection.StepRun), "") {
			roles = append(roles, r)
		}
	}
	return emailsAt(ctx, q, a.InspectingUnitID, roles, a.LeadUserID)
}

// emailsAt lists the addresses of active users holding one of roles at
// the unit, and of the user lead (0: none).
func emailsAt(ctx context.Context, q sqldb.Querier, unitID int64, roles []congvu.Role, lead int64) ([]string, error) {
	var a sqldb.Args
	var ph []string
	for _, r := range roles {
		ph = append(ph, a.Add(string(r)))
	}
	cond := "u.id = " + a.Add(lead)
	if len(ph) > 0 {
		cond += " OR (g.unit_id = " + a.Add(unitID) + " AND g.role IN (" + strings.Join(ph, ", ") + "))"
	}
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT u.email FROM users u LEFT JOIN user_grants g ON g.user_id = u.id
		WHERE u.active AND u.email <> '' AND (`+cond+`) ORDER BY u.email`, a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, err
		}
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out, rows.Err()
}

func formatDue(t time.Time) string { return t.In(congvu.TimeZone).Format("ngày 02/01/2006") }

// actionLink is the path of an action's page.
func actionLink(inspectionID, id int64) string {
	return "/inspections/" + strconv.FormatInt(inspectionID, 10) + "/actions/" + strconv.FormatInt(id, 10)
}
