package violationsql

import (
	"congvu"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/violation"
	"congvu/vntext"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// CreateViolation opens a violation from evidence. See violation.Service.
func (s *ViolationService) CreateViolation(ctx context.Context, in violation.Input) (*violation.Violation, error) {
	actor := congvu.ActorFromContext(ctx)
	if actor.IsAnonymous() {
		return nil, errForbidden()
	}
	if in.Notes != nil { // Validate cleans the notes in place: never the caller's map
		notes := make(map[int]string, len(in.Notes))
		for k, n := range in.Notes {
			notes[k] = n
		}
		in.Notes = notes
	}
	if err := in.Validate(s.db.Now()); err != nil {
		return nil, err
	}
	unit, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, in.UnitID)
	if err != nil {
		return nil, err
	}
	if unit == nil || (!unit.Active && !violation.Allowed(actor, congvu.ActViolationView, unit.Path)) {
		return nil, congvu.FieldError("unit_id", "Không tìm thấy đơn vị.")
	}
	if !violation.Allowed(actor, congvu.ActViolationOpen, unit.Path) {
		return nil, errForbidden()
	}
	v := congvu.Validation{}
	items, version, err := s.itemsOn(ctx, unit.Path, in.ActDate, in.ItemCodes, v)
	if err != nil {
		return nil, err
	}
	officials, err := s.officialsOn(ctx, unit.ID, in.ActDate, in.OfficialIDs, v)
	if err != nil {
		return nil, err
	}
	var evidence []*violation.Evidence
	seen := map[string]bool{}
	for i, ref := range in.Evidence {
		field := fmt.Sprintf("evidence.%d", i)
		e, err := s.resolve(ctx, ref, in.Notes[i], unit.ID, in.ItemCodes, field, v)
		if err != nil {
			return nil, err
		}
		if e == nil {
			continue
		}
		if violation.EvidenceConcerns(actor, e.EvidenceRef) {
			return nil, congvu.Errorf(congvu.EFORBIDDEN, "Căn cứ này liên quan đến chính bạn: cấp trên trực tiếp của bạn mở và xử lý vụ việc.")
		}
		if ok, err := s.relevant(ctx, e, unit.Path, in.OfficialIDs); err != nil {
			return nil, err
		} else if !ok {
			v.Add(field, errIrrelevant)
			continue
		}
		if key := fmt.Sprintf("%s/%d", e.Kind, e.ID); e.ID != 0 && seen[key] {
			v.Add(field, "Căn cứ này đã được nêu.")
		} else {
			seen[key] = true
		}
		evidence = append(evidence, e)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *violation.Violation
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		id, err := s.insertViolation(ctx, tx, unit, in, items, version, officials, evidence)
		if err != nil {
			return err
		}
		out, err = s.load(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return violation.SeenBy(actor, out), nil
}

// stay is a named official's unit on the date of the act.
type stay struct {
	id         int64
	unitID     int64
	name, code string
}

// insertViolation writes a new violation and its audit event in tx: the
// one write path of a new violation.
func (s *ViolationService) insertViolation(ctx context.Context, tx *sqldb.Tx, unit *sqldb.UnitRef, in violation.Input, items []item,
	version int64, officials []stay, evidence []*violation.Evidence) (int64, error) {
	evAt := tx.Now
	for _, e := range evidence {
		if e.Date.Before(evAt) {
			evAt = e.Date
		}
	}
	words := []string{unit.Name, in.Description}
	for _, o := range officials {
		words = append(words, o.name, o.code)
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO violations (unit_id, act_date, catalog_version_id, description, status, evidence_at, search,
		created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $8, $8) RETURNING id`,
		unit.ID, utcDate(in.ActDate), sqldb.NullID(version), in.Description, evAt.UTC(), vntext.Fold(strings.Join(words, " ")),
		sqldb.NullID(max(tx.Actor.UserID, 0)), tx.Now).Scan(&id); err != nil {
		return 0, s.db.Internal("insert violation", err)
	}
	for _, it := range items {
		if _, err := tx.ExecContext(ctx, `INSERT INTO violation_items (violation_id, item_code, item_title) VALUES ($1, $2, $3)`, id, it.code, it.title); err != nil {
			return 0, s.db.Internal("insert violation item", err)
		}
	}
	for _, o := range officials {
		if _, err := tx.ExecContext(ctx, `INSERT INTO violation_officials (violation_id, official_id, unit_id) VALUES ($1, $2, $3)`, id, o.id, o.unitID); err != nil {
			return 0, s.db.Internal("insert violation official", err)
		}
	}
	for _, e := range evidence {
		if err := s.insertEvidence(ctx, tx, id, e); err != nil {
			return 0, err
		}
	}
	if err := AddViolationRollup(ctx, tx, id); err != nil {
		return 0, err
	}
	ids := make([]int64, len(officials))
	for i, o := range officials {
		ids[i] = o.id
	}
	return id, tx.Audit("violation.create", "violation", id, unit.ID, nil, map[string]any{
		"act_date": utcDate(in.ActDate).Format(time.DateOnly), "items": in.ItemCodes, "officials": ids, "evidence": evidenceKeys(evidence)})
}

func (s *ViolationService) insertEvidence(ctx context.Context, tx *sqldb.Tx, violationID int64, e *violation.Evidence) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO violation_evidence (violation_id, kind, ref_id, official_id, unit_id, item_codes, evidence_date,
		summary, official_summary, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		violationID, e.Kind, e.ID, sqldb.NullID(e.OfficialID), e.UnitID, strings.Join(e.ItemCodes, ","), e.Date.UTC(), e.Summary, e.Official, e.Note, tx.Now)
	if sqldb.IsUniqueViolation(err) {
		return congvu.FieldError("evidence", "Căn cứ này đã có trong vụ việc.")
	}
	return s.db.Internal("insert violation evidence", err)
}

func evidenceKeys(list []*violation.Evidence) []string {
	out := []string{}
	for _, e := range list {
		out = append(out, fmt.Sprintf("%s:%d", e.Kind, e.ID))
	}
	return out
}

type item struct{ code, title string }

// itemsOn checks codes against the catalog in force on the act date for
// the unit (the national version in force then, or local items in force
// then of the unit's ancestors), and returns them with their titles and
// the national version.
func (s *ViolationService) itemsOn(ctx context.Context, unitPath string, act time.Time, codes []string, v congvu.Validation) ([]item, int64, error) {
	d := utcDate(act)
	var version int64
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM standard_versions WHERE effective_on = (SELECT MAX(effective_on)
		FROM standard_versions WHERE effective_on <= $1)`, d).Scan(&version); err != nil {
		return nil, 0, s.db.Internal("catalog version", err)
	}
	var a sqldb.Args
	var codePH, unitPH []string
	for _, c := range codes {
		codePH = append(codePH, a.Add(c))
	}
	for _, id := range sqldb.PathIDs(unitPath) {
		unitPH = append(unitPH, a.Add(id))
	}
	dayPH, verPH := a.Add(d), a.Add(version)
	found, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "check standard items", `SELECT i.code, MIN(i.title) FROM standard_items i
		LEFT JOIN standard_local_versions l ON l.id = i.local_version_id
		WHERE i.code IN (`+strings.Join(codePH, ", ")+`) AND ((i.unit_id IS NULL AND i.version_id = `+verPH+`)
			OR (l.effective_on <= `+dayPH+` AND i.unit_id IN (`+strings.Join(unitPH, ", ")+`)))
		GROUP BY i.code`,
		func(sc sqldb.Scanner) (item, error) {
			var it item
			return it, sc.Scan(&it.code, &it.title)
		}, a...)
	if err != nil {
		return nil, 0, err
	}
	byCode := map[string]item{}
	for _, it := range found {
		byCode[it.code] = it
	}
	var out []item
	var bad []string
	for _, c := range codes {
		if it, ok := byCode[c]; ok {
			out = append(out, it)
		} else {
			bad = append(bad, c)
		}
	}
	if len(bad) > 0 {
		v.Add("item_codes", "Không có trong bộ chuẩn mực áp dụng vào ngày xảy ra hành vi ("+day(congvu.Date(act))+"): "+strings.Join(bad, ", ")+".")
	}
	return out, version, nil
}

// officialsOn checks that each official was in the subtree of the unit
// (unitID) on the act date, both as the tree stood then (official_units
// keeps the stays, unit_paths_before the paths before a restructuring),
// and returns their unit then.
func (s *ViolationService) officialsOn(ctx context.Context, unitID int64, act time.Time, ids []int64, v congvu.Validation) ([]stay, error) {
	start := sqldb.DayStart(congvu.Date(act))
	end := start.Add(24 * time.Hour)
	var unitPath string
	if err := s.db.Read.QueryRowContext(ctx, `SELECT `+sqldb.PathAtExpr("u.id", "$1", "u.path")+` FROM units u WHERE u.id = $2`,
		start, unitID).Scan(&unitPath); err != nil {
		return nil, s.db.Internal("unit path at act", err)
	}
	var out []stay
	var missing []string
	for _, id := range ids {
		type row struct {
			stay
			path string
		}
		st, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "official stays", `SELECT o.id, ou.unit_id, o.full_name, o.employee_code,
			`+sqldb.PathAtExpr("u.id", "$2", "u.path")+`
			FROM official_units ou JOIN officials o ON o.id = ou.official_id JOIN units u ON u.id = ou.unit_id
			WHERE ou.official_id = $1 AND ou.started_at < $3 AND (ou.ended_at IS NULL OR ou.ended_at > $2)
			ORDER BY ou.started_at DESC, ou.id DESC`,
			func(sc sqldb.Scanner) (row, error) {
				var x row
				return x, sc.Scan(&x.id, &x.unitID, &x.name, &x.code, &x.path)
			}, id, start, end)
		if err != nil {
			return nil, err
		}
		found := false
		for _, r := range st {
			if strings.HasPrefix(r.path, unitPath) {
				out, found = append(out, r.stay), true
				break
			}
		}
		if !found {
			var name string
			if err := s.db.Read.QueryRowContext(ctx, `SELECT full_name FROM officials WHERE id = $1`, id).Scan(&name); err != nil {
				name = fmt.Sprintf("mã hồ sơ %d", id) // no such official
			}
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		v.Add("official_ids", "Cán bộ không công tác tại đơn vị này (hoặc đơn vị trực thuộc) vào ngày xảy ra hành vi: "+strings.Join(missing, ", ")+".")
	}
	return out, nil
}

// resolve reads a piece of evidence as the actor and writes its summaries;
// nil with a message in v when it does not hold.
func (s *ViolationService) resolve(ctx context.Context, ref congvu.EvidenceRef, note string, unitID int64, codes []string, field string,
	v congvu.Validation) (*violation.Evidence, error) {
	today := congvu.Date(s.db.Now())
	switch ref.Kind {
	case congvu.EvidencePetition:
		p, err := s.pet.FindPetition(ctx, ref.ID)
		switch congvu.ErrorCode(err) {
		case "":
		case congvu.ENOTFOUND, congvu.EFORBIDDEN:
			v.Add(field, "Không tìm thấy phản ánh.")
			return nil, nil
		default:
			return nil, err
		}
		if (p.Status != petition.Concluded && p.Status != petition.Closed) || !p.Conclusion.Breached() {
			v.Add(field, "Phản ánh chưa được kết luận là đúng hoặc đúng một phần: chưa thể làm căn cứ.")
			return nil, nil
		}
		at := congvu.Date(p.UpdatedAt)
		if p.ClosedAt != nil {
			at = congvu.Date(*p.ClosedAt)
		}
		concl := strings.ToLower(p.Conclusion.Label())
		return &violation.Evidence{
			EvidenceRef: congvu.EvidenceRef{Kind: ref.Kind, ID: p.ID, ItemCodes: nonNil(p.BreachedItems), OfficialID: p.OfficialID, UnitID: p.UnitID, Date: at},
			Summary:     fmt.Sprintf("Phản ánh %s, kết luận: %s (%s).", p.TrackingCode, concl, day(at)),
			Official:    fmt.Sprintf("Phản ánh của người dân, kết luận: %s (%s).", concl, day(at)),
		}, nil
	case congvu.EvidenceInspectionLine:
		r, err := s.insp.EvidenceLine(ctx, ref.ID)
		switch congvu.ErrorCode(err) {
		case "":
		case congvu.ENOTFOUND, congvu.EFORBIDDEN:
			v.Add(field, "Không tìm thấy nội dung kiểm tra không đạt.")
			return nil, nil
		default:
			return nil, err
		}
		items := strings.Join(r.ItemCodes, ", ")
		return &violation.Evidence{EvidenceRef: r,
			Summary:  fmt.Sprintf("Kiểm tra ngày %s: không đạt chuẩn mực %s (dòng kiểm tra số %d).", day(r.Date), items, r.ID),
			Official: fmt.Sprintf("Kết quả kiểm tra ngày %s: không đạt chuẩn mực %s.", day(r.Date), items),
		}, nil
	case congvu.EvidenceObservation:
		return &violation.Evidence{
			EvidenceRef: congvu.EvidenceRef{Kind: ref.Kind, ItemCodes: codes, OfficialID: ref.OfficialID, UnitID: unitID, Date: today},
			Summary:     fmt.Sprintf("Ghi nhận của thủ trưởng đơn vị ngày %s.", day(today)),
			Official:    fmt.Sprintf("Ghi nhận của thủ trưởng đơn vị ngày %s.", day(today)),
			Note:        note,
		}, nil
	case congvu.EvidenceRatings:
		return &violation.Evidence{
			EvidenceRef: congvu.EvidenceRef{Kind: ref.Kind, ItemCodes: codes, OfficialID: ref.OfficialID, UnitID: unitID, Date: today},
			Summary:     fmt.Sprintf("Kết quả đánh giá của người dân (xem xét ngày %s).", day(today)),
			Official:    fmt.Sprintf("Kết quả đánh giá mức độ hài lòng của người dân (xem xét ngày %s).", day(today)),
			Note:        note,
		}, nil
	}
	v.Add(field, "Loại căn cứ không hợp lệ.")
	return nil, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

const errIrrelevant = "Căn cứ này không liên quan đến đơn vị hoặc cán bộ của vụ việc."

// relevant reports whether evidence e bears on a violation at the unit
// with unitPath naming officials: its unit lies in that subtree, or it
// names one of the officials.
func (s *ViolationService) relevant(ctx context.Context, e *violation.Evidence, unitPath string, officials []int64) (bool, error) {
	if e.Kind == congvu.EvidenceObservation || e.Kind == congvu.EvidenceRatings {
		// The unit's own record: about the violation's unit, and about
		// an official it names when it names one.
		return e.OfficialID == 0 || slices.Contains(officials, e.OfficialID), nil
	}
	if e.OfficialID != 0 && slices.Contains(officials, e.OfficialID) {
		return true, nil
	}
	u, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, e.UnitID)
	if err != nil || u == nil {
		return false, err
	}
	return strings.HasPrefix(u.Path, unitPath), nil
}
