// Package incidentsql stores the office incident log (package incident).
// Authorization and the rules are the domain's; every write is audited in
// its transaction, and the escalation notice is queued in the outbox in
// the same transaction.
package incidentsql

import (
	"congvu"
	"congvu/incident"
	"congvu/sqldb"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
)

// Service implements incident.Service.
type Service struct {
	db    *sqldb.DB
	blobs congvu.BlobStore // the photos
}

// NewService returns the service on db, keeping photos in blobs.
func NewService(db *sqldb.DB, blobs congvu.BlobStore) *Service { return &Service{db: db, blobs: blobs} }

var _ incident.Service = (*Service)(nil)

// The audit log shows an incident's events only to those who read it.
func init() { sqldb.RegisterConcealer("incident", concealClause) }

func concealClause(_ context.Context, _ sqldb.Querier, a *congvu.Actor, idCol string, ar *sqldb.Args) (string, error) {
	if a.IsAnonymous() {
		return "1=1", nil
	}
	var see string
	if sc := a.Scopes(congvu.ActIncidentView); len(sc) > 0 {
		see = `SELECT i.id FROM incidents i JOIN units u ON u.id = i.unit_id WHERE ` + sqldb.ScopeClause("u.path", sc, ar) + ` OR i.recorded_by = ` + ar.Add(a.UserID)
	} else {
		see = `SELECT i.id FROM incidents i WHERE i.recorded_by = ` + ar.Add(a.UserID)
	}
	return "(" + idCol + " IS NULL OR " + idCol + " NOT IN (" + see + "))", nil
}

func errNotFound() error { return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy sự việc.") }

func errSignIn() error { return congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.") }

const cols = `i.id, i.unit_id, u.name, u.path, i.occurred_at, i.place, i.kind, i.severity, i.summary, i.people, i.harm, i.police_called,
	i.outcome, i.status, i.review_note, i.reviewed_at, COALESCE(i.escalated_to, 0), COALESCE(eu.name, ''), i.escalated_at,
	COALESCE(i.recorded_by, 0), i.recorder_name, i.created_at, i.updated_at`

const from = ` FROM incidents i JOIN units u ON u.id = i.unit_id LEFT JOIN units eu ON eu.id = i.escalated_to`

func scan(sc sqldb.Scanner) (*incident.Incident, error) {
	x := &incident.Incident{}
	var reviewed, escalated sql.NullTime
	if err := sc.Scan(&x.ID, &x.UnitID, &x.UnitName, &x.UnitPath, &x.OccurredAt, &x.Place, &x.Kind, &x.Severity, &x.Summary, &x.People,
		&x.Harm, &x.PoliceCalled, &x.Outcome, &x.Status, &x.ReviewNote, &reviewed, &x.EscalatedToID, &x.EscalatedToName, &escalated,
		&x.RecordedBy, &x.RecorderName, &x.CreatedAt, &x.UpdatedAt); err != nil {
		return nil, err
	}
	x.ReviewedAt, x.EscalatedAt = sqldb.UTCPtr(reviewed), sqldb.UTCPtr(escalated)
	x.OccurredAt, x.CreatedAt, x.UpdatedAt = x.OccurredAt.UTC(), x.CreatedAt.UTC(), x.UpdatedAt.UTC()
	return x, nil
}

func (s *Service) load(ctx context.Context, q sqldb.Querier, id int64) (*incident.Incident, error) {
	x, err := scan(q.QueryRowContext(ctx, `SELECT `+cols+from+` WHERE i.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound()
	}
	if err != nil {
		return nil, s.db.Internal("load incident", err)
	}
	return x, nil
}

// Record stores an incident at a unit where the actor may record
// (ActIncidentRecord). See incident.Service.
func (s *Service) Record(ctx context.Context, in incident.Input) (*incident.Incident, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	if err := in.Validate(s.db.Now()); err != nil {
		return nil, err
	}
	u, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, in.UnitID)
	if err != nil {
		return nil, err
	}
	if u == nil || !u.Active {
		return nil, congvu.FieldError("unit_id", "Không tìm thấy đơn vị.")
	}
	if !incident.CanRecord(a, u.Path) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn chỉ ghi sự việc tại đơn vị của mình.")
	}
	x := &incident.Incident{UnitID: u.ID, UnitName: u.Name, UnitPath: u.Path, OccurredAt: in.OccurredAt.UTC(), Place: in.Place,
		Kind: in.Kind, Severity: in.Severity, Summary: in.Summary, People: in.People, Harm: in.Harm, PoliceCalled: in.PoliceCalled,
		Outcome: in.Outcome, Status: incident.StatusRecorded, RecorderName: a.FullName}
	if a.UserID > 0 {
		x.RecordedBy = a.UserID
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		x.CreatedAt, x.UpdatedAt = tx.Now, tx.Now
		if err := tx.QueryRowContext(ctx, `INSERT INTO incidents (unit_id, occurred_at, place, kind, severity, summary, people, harm, police_called,
			outcome, status, recorded_by, recorder_name, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
			x.UnitID, x.OccurredAt, x.Place, string(x.Kind), string(x.Severity), x.Summary, x.People, x.Harm, x.PoliceCalled,
			x.Outcome, string(x.Status), sqldb.NullID(x.RecordedBy), x.RecorderName, x.CreatedAt).Scan(&x.ID); err != nil {
			return s.db.Internal("insert incident", err)
		}
		return tx.Audit("incident.record", "incident", x.ID, x.UnitID, nil, x)
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

// FindIncident returns an incident the actor reads (incident.CanView);
// ENOTFOUND otherwise, so that an outsider learns nothing. See
// incident.Service.
func (s *Service) FindIncident(ctx context.Context, id int64) (*incident.Incident, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	x, err := s.load(ctx, s.db.Read, id)
	if err != nil {
		return nil, err
	}
	if !incident.CanView(a, x) {
		return nil, errNotFound()
	}
	return x, nil
}

// MaxPage bounds a list page.
const MaxPage = 200

// where builds the condition of f in the actor's view.
func (s *Service) where(ctx context.Context, a *congvu.Actor, f incident.Filter, ar *sqldb.Args) (string, error) {
	see := sqldb.ScopeClause("u.path", a.Scopes(congvu.ActIncidentView), ar)
	if a.UserID > 0 {
		see = "(" + see + " OR i.recorded_by = " + ar.Add(a.UserID) + ")"
	}
	w := []string{see}
	if f.UnitID != 0 {
		u, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, f.UnitID)
		if err != nil {
			return "", err
		}
		if u == nil {
			return "", congvu.FieldError("unit_id", "Không tìm thấy đơn vị.")
		}
		w = append(w, sqldb.ScopeClause("u.path", []string{u.Path}, ar))
	}
	if f.Kind != "" {
		if !f.Kind.Valid() {
			return "", congvu.FieldError("kind", "Xin chọn loại sự việc trong danh sách.")
		}
		w = append(w, "i.kind = "+ar.Add(string(f.Kind)))
	}
	if f.Severity != "" {
		if !f.Severity.Valid() {
			return "", congvu.FieldError("severity", "Xin chọn mức độ trong danh sách.")
		}
		w = append(w, "i.severity = "+ar.Add(string(f.Severity)))
	}
	if f.Status != "" {
		if !f.Status.Valid() {
			return "", congvu.FieldError("status", "Xin chọn trạng thái trong danh sách.")
		}
		w = append(w, "i.status = "+ar.Add(string(f.Status)))
	}
	if !f.From.IsZero() {
		w = append(w, "i.occurred_at >= "+ar.Add(f.From.UTC()))
	}
	if !f.Until.IsZero() {
		w = append(w, "i.occurred_at < "+ar.Add(f.Until.UTC()))
	}
	return strings.Join(w, " AND "), nil
}

// FindIncidents lists what the actor reads, latest first. See
// incident.Service.
func (s *Service) FindIncidents(ctx context.Context, f incident.Filter) ([]*incident.Incident, int, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, 0, errSignIn()
	}
	if f.Limit <= 0 || f.Limit > MaxPage {
		f.Limit = 50
	}
	f.Offset = max(f.Offset, 0)
	var ar sqldb.Args
	cond, err := s.where(ctx, a, f, &ar)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM incidents i JOIN units u ON u.id = i.unit_id WHERE `+cond, ar...).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("count incidents", err)
	}
	lim, off := ar.Add(f.Limit), ar.Add(f.Offset)
	list, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "find incidents", `SELECT `+cols+from+` WHERE `+cond+
		` ORDER BY i.occurred_at DESC, i.id DESC LIMIT `+lim+` OFFSET `+off, scan, ar...)
	if list == nil {
		list = []*incident.Incident{}
	}
	return list, total, err
}

// Counts folds the incidents the actor reads in f's period into the child
// units of f.UnitID (or, when 0, of the actor's scope: the units of their
// grants), biggest first. See incident.Service.
func (s *Service) Counts(ctx context.Context, f incident.Filter) ([]incident.Count, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	var root string
	if f.UnitID != 0 {
		u, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, f.UnitID)
		if err != nil {
			return nil, err
		}
		if u == nil {
			return nil, congvu.FieldError("unit_id", "Không tìm thấy đơn vị.")
		}
		root = u.Path
	}
	var ar sqldb.Args
	cond, err := s.where(ctx, a, f, &ar)
	if err != nil {
		return nil, err
	}
	type row struct {
		path                  string
		total, serious, abuse int
	}
	rows, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "incident counts", `SELECT u.path, COUNT(*),
		SUM(CASE WHEN i.severity = 'serious' THEN 1 ELSE 0 END), SUM(CASE WHEN i.kind = 'staff_abuse' THEN 1 ELSE 0 END)
		FROM incidents i JOIN units u ON u.id = i.unit_id WHERE `+cond+` GROUP BY u.path`, func(sc sqldb.Scanner) (row, error) {
		var r row
		return r, sc.Scan(&r.path, &r.total, &r.serious, &r.abuse)
	}, ar...)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*incident.Count{}
	for _, r := range rows {
		id := bucket(r.path, root)
		c := byID[id]
		if c == nil {
			c = &incident.Count{UnitID: id}
			byID[id] = c
		}
		c.Total += r.total
		c.Serious += r.serious
		c.Abuse += r.abuse
	}
	out := make([]incident.Count, 0, len(byID))
	for id, c := range byID {
		u, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, id)
		if err != nil {
			return nil, err
		}
		if u != nil {
			c.UnitName = u.Name
		}
		out = append(out, *c)
	}
	slices.SortFunc(out, func(x, y incident.Count) int {
		if x.Total != y.Total {
			return y.Total - x.Total
		}
		return strings.Compare(x.UnitName, y.UnitName)
	})
	return out, nil
}

// bucket is the unit a path counts under: the child of root on the way to
// it (the unit itself when it is root or root is empty and it is a grant's
// own unit: then the unit of the incident).
func bucket(path, root string) int64 {
	ids := sqldb.PathIDs(path)
	if root == "" {
		return ids[len(ids)-1]
	}
	n := len(sqldb.PathIDs(root))
	if len(ids) > n {
		return ids[n]
	}
	return ids[len(ids)-1]
}

// Review records the unit head's review (ActIncidentReview over the
// unit). See incident.Service.
func (s *Service) Review(ctx context.Context, id int64, in incident.ReviewInput) (*incident.Incident, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	var out *incident.Incident
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		x, err := s.load(ctx, tx, id)
		if err != nil {
			return err
		}
		if !incident.CanView(a, x) {
			return errNotFound()
		}
		if !incident.CanReview(a, x) {
			return congvu.Errorf(congvu.EFORBIDDEN, "Chỉ thủ trưởng đơn vị xem xét sự việc.")
		}
		if err := in.Validate(); err != nil { // after the checks: an outsider learns nothing
			return err
		}
		before := *x
		x.Severity, x.ReviewNote, x.UpdatedAt = in.Severity, in.Note, tx.Now
		now := tx.Now
		x.ReviewedAt = &now
		if x.Status == incident.StatusRecorded {
			x.Status = incident.StatusReviewed
		}
		if _, err := tx.ExecContext(ctx, `UPDATE incidents SET severity = $1, review_note = $2, reviewed_at = $3, status = $4, updated_at = $3
			WHERE id = $5`, string(x.Severity), x.ReviewNote, tx.Now, string(x.Status), x.ID); err != nil {
			return s.db.Internal("review incident", err)
		}
		out = x
		return tx.Audit("incident.review", "incident", x.ID, x.UnitID, before, x)
	})
	return out, err
}

// Escalate reports a serious incident to the parent unit and queues a
// notice to its heads, once: the status changes under a condition, so two
// clicks (or two heads) send one. See incident.Service.
func (s *Service) Escalate(ctx context.Context, id int64, note string) (*incident.Incident, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	in := incident.ReviewInput{Severity: incident.SeveritySerious, Note: note}
	var out *incident.Incident
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		x, err := s.load(ctx, tx, id)
		if err != nil {
			return err
		}
		if !incident.CanView(a, x) {
			return errNotFound()
		}
		if !incident.CanReview(a, x) {
			return congvu.Errorf(congvu.EFORBIDDEN, "Chỉ thủ trưởng đơn vị báo cáo sự việc lên cấp trên.")
		}
		if err := in.Validate(); err != nil {
			return err
		}
		if err := incident.EscalateError(x); err != nil {
			return err
		}
		ids := sqldb.PathIDs(x.UnitPath)
		parent, err := sqldb.LoadUnitRef(ctx, s.db, tx, ids[len(ids)-2])
		if err != nil {
			return err
		}
		if parent == nil {
			return congvu.Errorf(congvu.ECONFLICT, "Đơn vị không có cấp trên để báo cáo.")
		}
		before := *x
		now := tx.Now
		x.Status, x.EscalatedToID, x.EscalatedToName, x.EscalatedAt, x.UpdatedAt = incident.StatusEscalated, parent.ID, parent.Name, &now, now
		if in.Note != "" {
			x.ReviewNote = in.Note
		}
		if x.ReviewedAt == nil {
			x.ReviewedAt = &now
		}
		res, err := tx.ExecContext(ctx, `UPDATE incidents SET status = 'escalated', escalated_to = $1, escalated_at = $2, updated_at = $2,
			review_note = $3, reviewed_at = $4 WHERE id = $5 AND status <> 'escalated'`, parent.ID, now, x.ReviewNote, *x.ReviewedAt, x.ID)
		if err != nil {
			return s.db.Internal("escalate incident", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return congvu.Errorf(congvu.ECONFLICT, "Sự việc đã được báo cáo cấp trên.")
		}
		if err := tx.Audit("incident.escalate", "incident", x.ID, x.UnitID, before, x); err != nil {
			return err
		}
		out = x
		return s.notify(ctx, tx, x, parent)
	})
	return out, err
}

// notify queues the notice to the parent unit's active heads (when it has
// none with an address, its home-affairs supervisors; else the nearest
// ancestor's). The notice names the unit, the kind and the time, never the
// people involved.
func (s *Service) notify(ctx context.Context, tx *sqldb.Tx, x *incident.Incident, parent *sqldb.UnitRef) error {
	ids := sqldb.PathIDs(parent.Path)
	var to []string
	for i := len(ids) - 1; i >= 0 && len(to) == 0; i-- {
		for _, role := range []congvu.Role{congvu.RoleUnitHead, congvu.RoleSupervisor} {
			var err error
			if to, err = sqldb.QueryAll(ctx, s.db, tx, "incident notice emails", `SELECT DISTINCT u.email FROM users u JOIN user_grants g ON g.user_id = u.id
				WHERE u.active AND u.email <> '' AND g.unit_id = $1 AND g.role = $2 ORDER BY u.email`, func(sc sqldb.Scanner) (string, error) {
				var e string
				return e, sc.Scan(&e)
			}, ids[i], string(role)); err != nil {
				return err
			}
			if len(to) > 0 {
				break
			}
		}
	}
	subject := "Báo cáo sự việc nghiêm trọng tại " + x.UnitName
	body := "Đơn vị " + x.UnitName + " báo cáo một sự việc nghiêm trọng tại trụ sở.\nLoại: " + x.Kind.Label() +
		"\nThời điểm: " + x.OccurredAt.In(congvu.TimeZone).Format("15:04 02/01/2006") +
		"\nCông an được báo: " + map[bool]string{true: "có", false: "không"}[x.PoliceCalled] +
		"\n\nXem tại: /incidents/" + strconv.FormatInt(x.ID, 10) + "\n"
	for _, addr := range to {
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (to_addr, subject, body, unit_id, created_at) VALUES ($1, $2, $3, $4, $5)`,
			addr, subject, body, parent.ID, tx.Now); err != nil {
			return s.db.Internal("enqueue incident notice", err)
		}
	}
	return nil
}
