// Package violationsql stores violations (package violation): violations
// opened from evidence, the officials they name, their evidence and the
// measures short of discipline; discipline cases and the dashboards. The
// rules are the domain's (violation.CanView, Conflicted, ForOfficial,
// SeenBy); every write and every reading is audited in its transaction.
package violationsql

import (
	"congvu"
	"congvu/inspection"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/standardsql"
	"congvu/violation"
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// ViolationService implements violation.Service.
type ViolationService struct {
	db   *sqldb.DB
	std  *standardsql.StandardService
	pet  petition.Service
	insp inspection.Service
}

// NewViolationService returns the service on db: items are checked
// against the catalog std serves, petitions and inspection lines used as
// evidence are read through pet and insp as the actor.
func NewViolationService(db *sqldb.DB, std *standardsql.StandardService, pet petition.Service, insp inspection.Service) *ViolationService {
	return &ViolationService{db: db, std: std, pet: pet, insp: insp}
}

var _ violation.Service = (*ViolationService)(nil)

func errNoViolation() error {
	return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy vụ việc vi phạm.")
}

func errForbidden() error {
	return congvu.Errorf(congvu.EFORBIDDEN, "Anh/chị không có quyền thực hiện việc này đối với vụ việc vi phạm.")
}

// utcDate is the calendar day d (in Vietnam) as midnight UTC, how DATE
// columns are stored.
func utcDate(d time.Time) time.Time {
	d = congvu.Date(d)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
}

func day(t time.Time) string { return t.In(congvu.TimeZone).Format("02/01/2006") }

const violationCols = `v.id, v.unit_id, u.name, u.path, v.act_date, COALESCE(v.catalog_version_id, 0), v.description, v.severity, v.status,
	v.dismiss_reason, v.evidence_at, COALESCE(v.created_by, 0), v.created_at, v.updated_at, v.closed_at`

const violationFrom = ` FROM violations v JOIN units u ON u.id = v.unit_id`

func scanViolation(sc sqldb.Scanner) (*violation.Violation, error) {
	v := &violation.Violation{}
	var act any
	var closed sql.NullTime
	if err := sc.Scan(&v.ID, &v.UnitID, &v.UnitName, &v.UnitPath, &act, &v.CatalogVersionID, &v.Description, &v.Severity, &v.Status,
		&v.DismissReason, &v.EvidenceAt, &v.CreatedBy, &v.CreatedAt, &v.UpdatedAt, &closed); err != nil {
		return nil, err
	}
	d, err := sqldb.DateOf(act)
	if err != nil {
		return nil, err
	}
	v.ActDate, v.EvidenceAt, v.CreatedAt, v.UpdatedAt, v.ClosedAt = d, sqldb.UTC(v.EvidenceAt), sqldb.UTC(v.CreatedAt), sqldb.UTC(v.UpdatedAt), sqldb.UTCPtr(closed)
	return v, nil
}

// load reads violation id with its items, officials, evidence and
// handlings, without any authorization check. ENOTFOUND.
func (s *ViolationService) load(ctx context.Context, q sqldb.Querier, id int64) (*violation.Violation, error) {
	v, err := scanViolation(q.QueryRowContext(ctx, `SELECT `+violationCols+violationFrom+` WHERE v.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoViolation()
	}
	if err != nil {
		return nil, s.db.Internal("load violation", err)
	}
	list := []*violation.Violation{v}
	if err := s.fill(ctx, q, list); err != nil {
		return nil, err
	}
	if v.Evidence, err = s.loadEvidence(ctx, q, id); err != nil {
		return nil, err
	}
	if v.Handlings, err = s.loadHandlings(ctx, q, "h.violation_id = $1", id); err != nil {
		return nil, err
	}
	return v, nil
}

// fill reads the items and officials of list.
func (s *ViolationService) fill(ctx context.Context, q sqldb.Querier, list []*violation.Violation) error {
	if len(list) == 0 {
		return nil
	}
	byID := map[int64]*violation.Violation{}
	var a sqldb.Args
	var ph []string
	for _, v := range list {
		byID[v.ID] = v
		v.ItemCodes, v.ItemTitles, v.Officials = []string{}, []string{}, []*violation.Named{}
		ph = append(ph, a.Add(v.ID))
	}
	in := `(` + strings.Join(ph, ", ") + `)`
	rows, err := q.QueryContext(ctx, `SELECT violation_id, item_code, item_title FROM violation_items WHERE violation_id IN `+in+` ORDER BY violation_id, item_code`, a...)
	if err != nil {
		return s.db.Internal("load violation items", err)
	}
	for rows.Next() {
		var id int64
		var code, title string
		if err := rows.Scan(&id, &code, &title); err != nil {
			rows.Close()
			return s.db.Internal("load violation items", err)
		}
		v := byID[id]
		v.ItemCodes, v.ItemTitles = append(v.ItemCodes, code), append(v.ItemTitles, title)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return s.db.Internal("load violation items", err)
	}
	named, err := sqldb.QueryAll(ctx, s.db, q, "load violation officials", `SELECT vo.violation_id, vo.official_id, o.full_name, o.employee_code,
		vo.unit_id, au.name, cu.path, vo.outcome, vo.reason, COALESCE(vo.case_id, 0)
		FROM violation_officials vo JOIN officials o ON o.id = vo.official_id JOIN units au ON au.id = vo.unit_id JOIN units cu ON cu.id = o.unit_id
		WHERE vo.violation_id IN `+in+` ORDER BY vo.violation_id, o.full_name, o.id`,
		func(sc sqldb.Scanner) (namedRow, error) {
			var r namedRow
			r.n = &violation.Named{}
			err := sc.Scan(&r.vid, &r.n.OfficialID, &r.n.FullName, &r.n.EmployeeCode, &r.n.UnitID, &r.n.UnitName, &r.n.NowUnitPath,
				&r.n.Outcome, &r.n.Reason, &r.n.CaseID)
			return r, err
		}, a...)
	if err != nil {
		return err
	}
	for _, r := range named {
		byID[r.vid].Officials = append(byID[r.vid].Officials, r.n)
	}
	return nil
}

type namedRow struct {
	vid int64
	n   *violation.Named
}

func (s *ViolationService) loadEvidence(ctx context.Context, q sqldb.Querier, id int64) ([]*violation.Evidence, error) {
	return sqldb.QueryAll(ctx, s.db, q, "load violation evidence", `SELECT kind, ref_id, COALESCE(official_id, 0), unit_id, item_codes,
		evidence_date, summary, official_summary, note FROM violation_evidence WHERE violation_id = $1 ORDER BY id`,
		func(sc sqldb.Scanner) (*violation.Evidence, error) {
			e := &violation.Evidence{}
			var codes string
			if err := sc.Scan(&e.Kind, &e.ID, &e.OfficialID, &e.UnitID, &codes, &e.Date, &e.Summary, &e.Official, &e.Note); err != nil {
				return nil, err
			}
			e.Date, e.ItemCodes = sqldb.UTC(e.Date), splitCodes(codes)
			return e, nil
		}, id)
}

const handlingCols = `h.id, h.violation_id, h.official_id, o.full_name, h.kind, h.note, COALESCE(h.decided_by, 0), h.decider_name, h.decided_at,
	h.acknowledged_at, h.ack_note`

const handlingFrom = ` FROM violation_handlings h JOIN officials o ON o.id = h.official_id`

func scanHandling(sc sqldb.Scanner) (*violation.Handling, error) {
	h := &violation.Handling{}
	var ack sql.NullTime
	if err := sc.Scan(&h.ID, &h.ViolationID, &h.OfficialID, &h.OfficialName, &h.Kind, &h.Note, &h.DecidedBy, &h.DeciderName, &h.DecidedAt,
		&ack, &h.AckNote); err != nil {
		return nil, err
	}
	h.DecidedAt, h.AcknowledgedAt = sqldb.UTC(h.DecidedAt), sqldb.UTCPtr(ack)
	return h, nil
}

func (s *ViolationService) loadHandlings(ctx context.Context, q sqldb.Querier, where string, args ...any) ([]*violation.Handling, error) {
	return sqldb.QueryAll(ctx, s.db, q, "load handlings", `SELECT `+handlingCols+handlingFrom+` WHERE `+where+` ORDER BY h.decided_at, h.id`,
		scanHandling, args...)
}

func splitCodes(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}
