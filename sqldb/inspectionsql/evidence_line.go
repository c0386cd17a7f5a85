package inspectionsql

import (
	"congvu"
	"congvu/inspection"
	"context"
	"database/sql"
	"errors"
)

func errNoLine() error {
	return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy nội dung kiểm tra không đạt.")
}

// EvidenceLine returns the evidence reference of one breached line. See
// inspection.Service.
func (s *InspectionService) EvidenceLine(ctx context.Context, lineID int64) (congvu.EvidenceRef, error) {
	var id int64
	err := s.db.Read.QueryRowContext(ctx, `SELECT inspection_id FROM inspection_lines WHERE id = $1`, lineID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return congvu.EvidenceRef{}, errNoLine()
	}
	if err != nil {
		return congvu.EvidenceRef{}, s.db.Internal("load line", err)
	}
	x, err := s.loadInspection(ctx, s.db.Read, id)
	if err != nil {
		return congvu.EvidenceRef{}, err
	}
	seen := x.ForSide(inspection.SideOf(congvu.ActorFromContext(ctx), x.UnitPath, x.TargetUnitPath))
	if seen == nil || seen.Status == inspection.StatusPlanned || seen.Status == inspection.StatusInProgress {
		return congvu.EvidenceRef{}, errNoLine()
	}
	for _, l := range seen.Lines {
		if l.ID != lineID || l.Result != inspection.ResultBreached {
			continue
		}
		at := seen.UpdatedAt
		if l.RecordedAt != nil {
			at = *l.RecordedAt
		}
		return congvu.EvidenceRef{Kind: congvu.EvidenceInspectionLine, ID: l.ID, ItemCodes: []string{l.ItemCode},
			OfficialID: l.OfficialID, UnitID: seen.TargetUnitID, Date: congvu.Date(at)}, nil
	}
	return congvu.EvidenceRef{}, errNoLine()
}
