package inspectionsql

import (
	"congvu"
	"congvu/inspection"
	"congvu/sqldb"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// setStatus moves an inspection to status, auditing kind.
func (s *InspectionService) setStatus(ctx context.Context, tx *sqldb.Tx, x *inspection.Inspection, to inspection.Status, kind string, extra string, args ...any) error {
	a := sqldb.Args{to, tx.Now, x.ID}
	a = append(a, args...)
	if _, err := tx.ExecContext(ctx, `UPDATE inspections SET status = $1, updated_at = $2`+extra+` WHERE id = $3`, a...); err != nil {
		return s.db.Internal("set inspection status", err)
	}
	return tx.Audit(kind, "inspection", x.ID, x.UnitID, map[string]any{"status": x.Status}, map[string]any{"status": to})
}

// StartVisit records the start of the visit. See inspection.Service.
func (s *InspectionService) StartVisit(ctx context.Context, id int64) (*inspection.Inspection, error) {
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		x, err := s.inspForWrite(ctx, tx, id, inspection.StepRun)
		if err != nil {
			return err
		}
		if x.Status != inspection.StatusPlanned {
			return congvu.Errorf(congvu.ECONFLICT, "Cuộc kiểm tra đã bắt đầu.")
		}
		return s.setStatus(ctx, tx, x, inspection.StatusInProgress, "inspection.visit", `, visited_at = $4`, tx.Now)
	})
	if err != nil {
		return nil, err
	}
	return s.loadInspection(ctx, s.db.Read, id)
}

// errRaced is what insertFinding returns when another transaction inserted
// the line with the same client key first (two syncs of one phone at once).
var errRaced = errors.New("line inserted concurrently")

// RecordLine records one line, idempotent by client key. See
// inspection.Service.
func (s *InspectionService) RecordLine(ctx context.Context, id int64, in inspection.LineInput) (*inspection.Line, error) {
	l, err := s.recordLine(ctx, id, in)
	if errors.Is(err, errRaced) {
		// The other sync committed the line: this one now updates it.
		l, err = s.recordLine(ctx, id, in)
	}
	if errors.Is(err, errRaced) {
		return nil, congvu.Errorf(congvu.ECONFLICT, "Dòng này đang được đồng bộ, xin thử lại.")
	}
	return l, err
}

func (s *InspectionService) recordLine(ctx context.Context, id int64, in inspection.LineInput) (*inspection.Line, error) {
	var lineID int64
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		x, err := s.inspForWrite(ctx, tx, id, inspection.StepRun)
		if err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		if !inspection.RecordOpen(x.Status) {
			return congvu.Errorf(congvu.ECONFLICT, "Biên bản đã khóa, không ghi nhận thêm được.")
		}
		at := tx.Now
		if in.RecordedAt != nil && in.RecordedAt.Before(at) {
			at = in.RecordedAt.UTC()
		}
		if in.OfficialID != 0 {
			o, err := sqldb.LoadOfficial(ctx, s.db, tx, in.OfficialID)
			if congvu.ErrorCode(err) == congvu.ENOTFOUND || (err == nil && !inspection.Within(o.UnitPath, x.TargetUnitPath)) {
				return congvu.FieldError("official_id", "Cán bộ này không thuộc đơn vị được kiểm tra.")
			}
			if err != nil {
				return err
			}
		}
		var line *inspection.Line
		if in.ClientKey != "" {
			for _, l := range x.Lines {
				if l.ClientKey == in.ClientKey {
					line = l
				}
			}
			if line != nil && in.LineID != 0 && line.ID != in.LineID {
				return congvu.FieldError("client_key", "Mã đồng bộ này đã dùng cho một dòng khác.")
			}
		}
		if line == nil && in.LineID != 0 {
			for _, l := range x.Lines {
				if l.ID == in.LineID {
					line = l
				}
			}
			if line == nil {
				return congvu.FieldError("line_id", "Không có dòng này trong phiếu kiểm tra.")
			}
		}
		if x.Status == inspection.StatusPlanned {
			// A record made on the spot is the visit's start.
			if err := s.setStatus(ctx, tx, x, inspection.StatusInProgress, "inspection.visit", `, visited_at = $4`, at); err != nil {
				return err
			}
		}
		if line == nil {
			lineID, err = s.insertFinding(ctx, tx, x, in, at)
			return err
		}
		lineID = line.ID
		if in.ClientKey != "" && line.ClientKey == in.ClientKey && line.Result == in.Result && line.Note == in.Note && line.OfficialID == in.OfficialID {
			return nil // the same answer sent again (its reply was lost): nothing to write or audit
		}
		if line.RecordedAt != nil && at.Before(*line.RecordedAt) {
			return nil // an older record synced late: the newer one stays
		}
		key := sql.NullString{String: in.ClientKey, Valid: in.ClientKey != ""}
		if !key.Valid && line.ClientKey != "" {
			key = sql.NullString{String: line.ClientKey, Valid: true}
		}
		// What the line counts in the rollups now, its row locked until the
		// update (another device may have recorded it since x was read).
		before, err := lockedLineFact(ctx, tx, x, line.ID)
		if err != nil {
			return err
		}
		// The condition on recorded_at keeps the newest record also when two
		// devices sync the line at once.
		res, err := tx.ExecContext(ctx, `UPDATE inspection_lines SET result = $1, note = $2, official_id = $3, recorded_at = $4, client_key = $5, updated_at = $6
			WHERE id = $7 AND (recorded_at IS NULL OR recorded_at <= $4)`,
			in.Result, in.Note, sqldb.NullID(in.OfficialID), at, key, tx.Now, line.ID)
		if sqldb.IsUniqueViolation(err) {
			return congvu.FieldError("client_key", "Mã đồng bộ này đã dùng cho một dòng khác.")
		}
		if err != nil {
			return s.db.Internal("record line", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return s.db.Internal("record line", err)
		}
		if n == 0 {
			return nil // a newer record of the line committed meanwhile
		}
		if err := AddLineRollup(ctx, tx, before, lineFact(x, line.ItemCode, in.Result, &at)); err != nil {
			return s.db.Internal("line rollups", err)
		}
		return tx.Audit("inspection.line.record", "inspection", x.ID, x.UnitID, lineAudit(line.ItemCode, line.Result, line.Note, line.OfficialID), lineAudit(line.ItemCode, in.Result, in.Note, in.OfficialID))
	})
	if err != nil {
		return nil, err
	}
	return scanLine(s.db.Read.QueryRowContext(ctx, `SELECT `+lineCols+lineFrom+` WHERE l.id = $1`, lineID))
}

func lineAudit(code string, r inspection.LineResult, note string, official int64) map[string]any {
	return map[string]any{"item_code": code, "result": r, "note": note, "official_id": official}
}

// insertFinding adds a line on an item outside the checklist, recorded on
// the spot; the unique client key makes a second sync update it instead.
func (s *InspectionService) insertFinding(ctx context.Context, tx *sqldb.Tx, x *inspection.Inspection, in inspection.LineInput, at time.Time) (int64, error) {
	v, err := s.std.CurrentVersion(ctx, x.TargetUnitID)
	if err != nil {
		return 0, err
	}
	items, _ := catalogItems(v)
	it, ok := items[in.ItemCode]
	if !ok {
		return 0, congvu.FieldError("item_code", fmt.Sprintf("Không có chuẩn mực %q trong bộ chuẩn mực đang có hiệu lực cho đơn vị.", in.ItemCode))
	}
	m := inspection.DefaultMethod(it.GroupCode, it.Code)
	pos := len(x.Lines) + 1
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO inspection_lines (inspection_id, position, item_code, item_title, group_code, method, sample, result, note, official_id, recorded_at, client_key, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		x.ID, pos, it.Code, it.Title, it.GroupCode, m, 0, in.Result, in.Note, sqldb.NullID(in.OfficialID), at, in.ClientKey, tx.Now).Scan(&id)
	if sqldb.IsUniqueViolation(err) {
		return 0, errRaced
	}
	if err != nil {
		return 0, s.db.Internal("insert finding", err)
	}
	if err := AddLineRollup(ctx, tx, LineFact{}, lineFact(x, it.Code, in.Result, &at)); err != nil {
		return 0, s.db.Internal("line rollups", err)
	}
	return id, tx.Audit("inspection.line.record", "inspection", x.ID, x.UnitID, nil, lineAudit(it.Code, in.Result, in.Note, in.OfficialID))
}

// CloseRecord closes the record once every line has a result. See
// inspection.Service.
func (s *InspectionService) CloseRecord(ctx context.Context, id int64) (*inspection.Inspection, error) {
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		x, err := s.inspForWrite(ctx, tx, id, inspection.StepRun)
		if err != nil {
			return err
		}
		if x.Status != inspection.StatusInProgress {
			return congvu.Errorf(congvu.ECONFLICT, "Chỉ lập biên bản được khi đang kiểm tra tại đơn vị.")
		}
		if len(x.Lines) == 0 {
			return congvu.FieldError("lines", "Phiếu kiểm tra chưa có dòng nào.")
		}
		var open []string
		for _, l := range x.Lines {
			if l.Result == inspection.ResultNone {
				open = append(open, l.ItemCode)
			}
		}
		if len(open) > 0 {
			return congvu.FieldError("lines", fmt.Sprintf("Còn %d dòng chưa ghi nhận kết quả: %s.", len(open), strings.Join(open, ", ")))
		}
		return s.setStatus(ctx, tx, x, inspection.StatusRecorded, "inspection.record", "")
	})
	if err != nil {
		return nil, err
	}
	return s.loadInspection(ctx, s.db.Read, id)
}

// conclusionStep checks the inspection is recorded and the actor may
// conclude it.
func (s *InspectionService) conclusionStep(ctx context.Context, tx *sqldb.Tx, id int64) (*inspection.Inspection, error) {
	x, err := s.inspForWrite(ctx, tx, id, inspection.StepConclude)
	if err != nil {
		return nil, err
	}
	if x.Status != inspection.StatusRecorded {
		if x.ConclusionStatus == inspection.ConclusionIssued {
			return nil, congvu.Errorf(congvu.ECONFLICT, "Kết luận đã được ban hành.")
		}
		return nil, congvu.Errorf(congvu.ECONFLICT, "Chưa lập biên bản kiểm tra, chưa kết luận được.")
	}
	return x, nil
}

// DraftConclusion writes the draft conclusion. See inspection.Service.
func (s *InspectionService) DraftConclusion(ctx context.Context, id int64, text string) (*inspection.Inspection, error) {
	text = strings.TrimSpace(text)
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		x, err := s.conclusionStep(ctx, tx, id)
		if err != nil {
			return err
		}
		if text == "" {
			return congvu.FieldError("conclusion", "Xin nhập nội dung dự thảo kết luận.")
		}
		if len([]rune(text)) > inspection.MaxConclusion {
			return congvu.FieldError("conclusion", fmt.Sprintf("Dự thảo kết luận dài quá %d ký tự.", inspection.MaxConclusion))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE inspections SET conclusion = $1, conclusion_status = $2, updated_at = $3 WHERE id = $4`,
			text, inspection.ConclusionDraft, tx.Now, id); err != nil {
			return s.db.Internal("draft conclusion", err)
		}
		return tx.Audit("inspection.conclusion.draft", "inspection", id, x.UnitID,
			map[string]any{"conclusion_status": x.ConclusionStatus, "conclusion": x.Conclusion},
			map[string]any{"conclusion_status": inspection.ConclusionDraft, "conclusion": text})
	})
	if err != nil {
		return nil, err
	}
	return s.loadInspection(ctx, s.db.Read, id)
}

// ReviewConclusion marks the draft reviewed (appraised). See
// inspection.Service.
func (s *InspectionService) ReviewConclusion(ctx context.Context, id int64) (*inspection.Inspection, error) {
	return s.conclusionNext(ctx, id, inspection.ConclusionDraft, "inspection.conclusion.review")
}

// IssueConclusion issues a reviewed conclusion. See inspection.Service.
func (s *InspectionService) IssueConclusion(ctx context.Context, id int64) (*inspection.Inspection, error) {
	return s.conclusionNext(ctx, id, inspection.ConclusionReviewed, "inspection.conclusion.issue")
}

// conclusionNext moves the conclusion one step along
// inspection.ConclusionNext from status from; issuing concludes the
// inspection.
func (s *InspectionService) conclusionNext(ctx context.Context, id int64, from inspection.ConclusionStatus, kind string) (*inspection.Inspection, error) {
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		x, err := s.conclusionStep(ctx, tx, id)
		if err != nil {
			return err
		}
		if x.ConclusionStatus != from {
			if from == inspection.ConclusionDraft {
				return congvu.Errorf(congvu.ECONFLICT, "Chưa có dự thảo kết luận để %s.", strings.ToLower(strings.TrimPrefix(inspection.ConclusionReviewed.Label(x.Kind), "Đã ")))
			}
			return congvu.Errorf(congvu.ECONFLICT, "Dự thảo kết luận chưa được %s, chưa ban hành được.", strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(inspection.ConclusionReviewed.Label(x.Kind), "Đã "), " dự thảo kết luận")))
		}
		to := inspection.ConclusionNext[from]
		q := `UPDATE inspections SET conclusion_status = $1, updated_at = $2`
		if to == inspection.ConclusionIssued {
			q += `, issued_at = $2, status = '` + string(inspection.StatusConcluded) + `'`
		}
		if _, err := tx.ExecContext(ctx, q+` WHERE id = $3`, to, tx.Now, id); err != nil {
			return s.db.Internal("conclusion step", err)
		}
		return tx.Audit(kind, "inspection", id, x.UnitID, map[string]any{"conclusion_status": from}, map[string]any{"conclusion_status": to})
	})
	if err != nil {
		return nil, err
	}
	return s.loadInspection(ctx, s.db.Read, id)
}

// EvidenceFor returns the evidence references of the breached lines that
// name an official, once the record is closed. See inspection.Service.
func (s *InspectionService) EvidenceFor(ctx context.Context, id int64) ([]congvu.EvidenceRef, error) {
	x, err := s.loadInspection(ctx, s.db.Read, id)
	if err != nil {
		return nil, err
	}
	if inspection.SideOf(congvu.ActorFromContext(ctx), x.UnitPath, x.TargetUnitPath) != inspection.SideOwner {
		return nil, errNoInspection()
	}
	return inspection.Evidence(x), nil
}
