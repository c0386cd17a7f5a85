// Package emulationsql stores the emulation movements (package emulation):
// movements and criteria, clusters, registrations, scores computed from the
// evidence with set-based queries per movement and year, hand scores,
// titles proposed and decided by the dated rule, and reviews with their
// frozen figures. Authorization and the rules are the domain's; every
// write is audited in its transaction.
package emulationsql

import (
	"congvu"
	"congvu/commendation"
	"congvu/emulation"
	"congvu/sqldb"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"
)

// EmulationService implements emulation.Service.
type EmulationService struct {
	db *sqldb.DB
	// discipline says who was disciplined in a year, and commendations
	// gives the commendation rule sets (base salary, rounding, minimum
	// sample): the other capabilities' rules through their domain
	// interfaces, never re-derived here (sqlservices wires them).
	discipline    commendation.DisciplineRecord
	commendations commendation.Service
}

var _ emulation.Service = (*EmulationService)(nil)

// NewEmulationService returns the service on db. Until UseDiscipline and
// UseCommendations wire the capabilities it reads, what needs them fails
// (closed: no title without the discipline check).
func NewEmulationService(db *sqldb.DB) *EmulationService {
	return &EmulationService{db: db}
}

// UseDiscipline sets where the year's disciplined officials are read (the
// discipline service).
func (s *EmulationService) UseDiscipline(d commendation.DisciplineRecord) { s.discipline = d }

// UseCommendations sets where the commendation rule sets are read.
func (s *EmulationService) UseCommendations(c commendation.Service) { s.commendations = c }

var errNotWired = errors.New("emulation: discipline or commendation service not wired")

// disciplinedIn is the discipline capability's DisciplinedIn.
func (s *EmulationService) disciplinedIn(ctx context.Context, path string, year int) (map[int64]bool, error) {
	if s.discipline == nil {
		return nil, s.db.Internal("disciplined in", errNotWired)
	}
	return s.discipline.DisciplinedIn(ctx, path, year)
}

// commendationRuleSets are the commendation capability's rule sets.
func (s *EmulationService) commendationRuleSets(ctx context.Context) ([]commendation.RuleSet, error) {
	if s.commendations == nil {
		return nil, s.db.Internal("commendation rule sets", errNotWired)
	}
	return s.commendations.RuleSets(ctx)
}

// MaxPage bounds a list page.
const MaxPage = 200

func errNotFound() error {
	return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy phong trào thi đua.")
}

func errUnauth() error { return congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.") }

// ---- title rule sets ----

// loadTitleRuleSets reads every stored title rule set, oldest first.
func (s *EmulationService) loadTitleRuleSets(ctx context.Context, q sqldb.Querier) ([]emulation.TitleRuleSet, error) {
	list, err := sqldb.QueryAll(ctx, s.db, q, "title rule sets", `SELECT id, title, from_year, until_year, basis, verified, body,
		COALESCE(created_by, 0), created_at FROM emulation_title_rule_sets ORDER BY id`, func(sc sqldb.Scanner) (emulation.TitleRuleSet, error) {
		var r emulation.TitleRuleSet
		var body string
		var created sql.NullTime
		if err := sc.Scan(&r.ID, &r.Title, &r.FromYear, &r.UntilYear, &r.Basis, &r.Verified, &body, &r.CreatedBy, &created); err != nil {
			return r, err
		}
		if err := json.Unmarshal([]byte(body), &r.Titles); err != nil {
			return r, err
		}
		if created.Valid {
			r.CreatedAt = created.Time.UTC()
		}
		return r, nil
	})
	if list == nil && err == nil {
		list = []emulation.TitleRuleSet{}
	}
	return list, err
}

// TitleRuleSets lists the stored title rule sets, newest first; anyone
// signed in reads them. See emulation.Service.
func (s *EmulationService) TitleRuleSets(ctx context.Context) ([]emulation.TitleRuleSet, error) {
	if congvu.ActorFromContext(ctx).IsAnonymous() {
		return nil, errUnauth()
	}
	list, err := s.loadTitleRuleSets(ctx, s.db.Read)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(list, func(a, b emulation.TitleRuleSet) int {
		if a.FromYear != b.FromYear {
			return b.FromYear - a.FromYear
		}
		return int(b.ID - a.ID)
	})
	return list, nil
}

// AddTitleRuleSet stores a title rule set from a year: only a national
// administrator (ActEmulationRules at the root); from this year or later
// (the operator may import older ones). See emulation.Service.
func (s *EmulationService) AddTitleRuleSet(ctx context.Context, in emulation.TitleRuleSet) (*emulation.TitleRuleSet, error) {
	a := congvu.ActorFromContext(ctx)
	if !a.Can(congvu.ActEmulationRules, congvu.RootUnitPath) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền thay đổi quy định danh hiệu thi đua.")
	}
	year := 0
	if !a.IsSystem() {
		year = congvu.Date(s.db.Now()).Year()
	}
	in.Titles = slices.Clone(in.Titles)
	if err := in.Validate(year); err != nil {
		return nil, err
	}
	body, err := json.Marshal(in.Titles)
	if err != nil {
		return nil, s.db.Internal("title rule set body", err)
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		in.CreatedAt, in.CreatedBy = tx.Now, max(a.UserID, 0)
		if err := tx.QueryRowContext(ctx, `INSERT INTO emulation_title_rule_sets (title, from_year, until_year, basis, verified, body, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, in.Title, in.FromYear, in.UntilYear, in.Basis, in.Verified, string(body),
			sqldb.NullID(in.CreatedBy), in.CreatedAt).Scan(&in.ID); err != nil {
			return s.db.Internal("add title rule set", err)
		}
		return tx.Audit("emulation.rules", "emulation_title_rule_set", in.ID, 0, nil, in)
	})
	if err != nil {
		return nil, err
	}
	return &in, nil
}

// ---- movements ----

const movementCols = `m.id, m.unit_id, u.name, u.path, m.title, m.content, m.from_year, m.to_year, m.interim_year, m.status,
	COALESCE(m.created_by, 0), m.created_at, m.updated_at`

const movementFrom = ` FROM emulation_movements m JOIN units u ON u.id = m.unit_id`

func scanMovement(sc sqldb.Scanner) (*emulation.Movement, error) {
	m := &emulation.Movement{}
	err := sc.Scan(&m.ID, &m.UnitID, &m.UnitName, &m.UnitPath, &m.Title, &m.Content, &m.FromYear, &m.ToYear, &m.InterimYear, &m.Status,
		&m.CreatedBy, &m.CreatedAt, &m.UpdatedAt)
	m.CreatedAt, m.UpdatedAt = m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	return m, err
}

func (s *EmulationService) criteria(ctx context.Context, q sqldb.Querier, movementID int64) ([]emulation.Criterion, error) {
	list, err := sqldb.QueryAll(ctx, s.db, q, "movement criteria", `SELECT id, subject, code, label, weight, source, target, floor, help
		FROM emulation_criteria WHERE movement_id = $1 ORDER BY position, id`, func(sc sqldb.Scanner) (emulation.Criterion, error) {
		var c emulation.Criterion
		err := sc.Scan(&c.ID, &c.Subject, &c.Code, &c.Label, &c.Weight, &c.Source, &c.Target, &c.Floor, &c.Help)
		return c, err
	}, movementID)
	if list == nil && err == nil {
		list = []emulation.Criterion{}
	}
	return list, err
}

// loadMovement reads a movement with its criteria, without any check.
func (s *EmulationService) loadMovement(ctx context.Context, q sqldb.Querier, id int64) (*emulation.Movement, error) {
	m, err := scanMovement(q.QueryRowContext(ctx, `SELECT `+movementCols+movementFrom+` WHERE m.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound()
	}
	if err != nil {
		return nil, s.db.Internal("load movement", err)
	}
	if m.Criteria, err = s.criteria(ctx, q, id); err != nil {
		return nil, err
	}
	return m, nil
}

// canViewMovement: ActEmulationView over the movement's unit, or over a
// unit of its subtree (the units taking part read the movement they are
// in).
func canViewMovement(a *congvu.Actor, m *emulation.Movement) bool {
	if a.Can(congvu.ActEmulationView, m.UnitPath) {
		return true
	}
	for _, p := range a.Scopes(congvu.ActEmulationView) {
		if strings.HasPrefix(p, m.UnitPath) {
			return true
		}
	}
	return false
}

// FindMovement returns a movement the actor reads. See emulation.Service.
func (s *EmulationService) FindMovement(ctx context.Context, id int64) (*emulation.Movement, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errUnauth()
	}
	m, err := s.loadMovement(ctx, s.db.Read, id)
	if err != nil {
		return nil, err
	}
	if !canViewMovement(a, m) {
		return nil, errNotFound()
	}
	return m, nil
}

// FindMovements lists the movements the actor reads: launched in their
// sight or by an ancestor of it, newest first. See emulation.Service.
func (s *EmulationService) FindMovements(ctx context.Context, f emulation.MovementFilter) ([]*emulation.Movement, int, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, 0, errUnauth()
	}
	f.Limit, f.Offset = pageBounds(f.Limit, f.Offset)
	scopes := a.Scopes(congvu.ActEmulationView)
	if f.UnitID != 0 {
		u, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, f.UnitID)
		if err != nil {
			return nil, 0, err
		}
		if u == nil || !a.Can(congvu.ActEmulationView, u.Path) {
			return nil, 0, congvu.FieldError("unit_id", "Không tìm thấy đơn vị.")
		}
		scopes = []string{u.Path}
	}
	if len(scopes) == 0 {
		return []*emulation.Movement{}, 0, nil
	}
	var ar sqldb.Args
	// The subtree of a scope, or an ancestor of it.
	var sees []string
	for _, p := range scopes {
		ph := ar.Add(p)
		sees = append(sees, "(u.path LIKE "+ar.Add(likePrefix(p))+` ESCAPE '\' OR `+ph+" LIKE u.path || '%')")
	}
	where := []string{"(" + strings.Join(sees, " OR ") + ")"}
	if f.Status != "" {
		where = append(where, "m.status = "+ar.Add(string(f.Status)))
	}
	if f.Year != 0 {
		y := ar.Add(f.Year)
		where = append(where, "m.from_year <= "+y+" AND m.to_year >= "+y)
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*)`+movementFrom+` WHERE `+cond, ar...).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("count movements", err)
	}
	lim, off := ar.Add(f.Limit), ar.Add(f.Offset)
	list, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "find movements", `SELECT `+movementCols+movementFrom+` WHERE `+cond+
		` ORDER BY m.from_year DESC, m.id DESC LIMIT `+lim+` OFFSET `+off, scanMovement, ar...)
	if err != nil {
		return nil, 0, err
	}
	for _, m := range list {
		if m.Criteria, err = s.criteria(ctx, s.db.Read, m.ID); err != nil {
			return nil, 0, err
		}
	}
	if list == nil {
		list = []*emulation.Movement{}
	}
	return list, total, nil
}

// likePrefix is the LIKE pattern of a path's subtree.
func likePrefix(p string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(p) + "%"
}

func (s *EmulationService) writeCriteria(ctx context.Context, tx *sqldb.Tx, m *emulation.Movement) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM emulation_criteria WHERE movement_id = $1`, m.ID); err != nil {
		return s.db.Internal("delete criteria", err)
	}
	for i := range m.Criteria {
		c := &m.Criteria[i]
		if err := tx.QueryRowContext(ctx, `INSERT INTO emulation_criteria (movement_id, position, subject, code, label, weight, source, target, floor, help)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, m.ID, i, string(c.Subject), c.Code, c.Label, c.Weight, string(c.Source),
			c.Target, c.Floor, c.Help).Scan(&c.ID); err != nil {
			return s.db.Internal("insert criterion", err)
		}
	}
	return nil
}

// CreateMovement launches a draft movement at a unit (ActEmulationManage
// there). See emulation.Service.
func (s *EmulationService) CreateMovement(ctx context.Context, in emulation.MovementInput) (*emulation.Movement, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errUnauth()
	}
	in.Criteria = slices.Clone(in.Criteria)
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
	if !a.Can(congvu.ActEmulationManage, u.Path) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền phát động phong trào thi đua ở đơn vị này.")
	}
	m := &emulation.Movement{UnitID: u.ID, UnitName: u.Name, UnitPath: u.Path, Title: in.Title, Content: in.Content, FromYear: in.FromYear,
		ToYear: in.ToYear, InterimYear: in.InterimYear, Status: emulation.MovementDraft, Criteria: in.Criteria}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		m.CreatedAt, m.UpdatedAt, m.CreatedBy = tx.Now, tx.Now, max(a.UserID, 0)
		if err := tx.QueryRowContext(ctx, `INSERT INTO emulation_movements (unit_id, title, content, from_year, to_year, interim_year, status, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`, m.UnitID, m.Title, m.Content, m.FromYear, m.ToYear, m.InterimYear,
			string(m.Status), sqldb.NullID(m.CreatedBy), m.CreatedAt).Scan(&m.ID); err != nil {
			return s.db.Internal("insert movement", err)
		}
		if err := s.writeCriteria(ctx, tx, m); err != nil {
			return err
		}
		return tx.Audit("emulation.movement.create", "emulation_movement", m.ID, m.UnitID, nil, m)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// manageable loads a movement the actor manages.
func (s *EmulationService) manageable(ctx context.Context, id int64) (*emulation.Movement, error) {
	a := congvu.ActorFromContext(ctx)
	m, err := s.FindMovement(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.Can(congvu.ActEmulationManage, m.UnitPath) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Chỉ đơn vị phát động mới quản lý được phong trào này.")
	}
	return m, nil
}

// UpdateMovement replaces a draft's text and criteria; an open movement
// keeps its criteria and years but its text may change. See
// emulation.Service.
func (s *EmulationService) UpdateMovement(ctx context.Context, id int64, in emulation.MovementInput) (*emulation.Movement, error) {
	m, err := s.manageable(ctx, id)
	if err != nil {
		return nil, err
	}
	if m.Status == emulation.MovementClosed {
		return nil, congvu.Errorf(congvu.ECONFLICT, "Phong trào đã kết thúc, không sửa được.")
	}
	in.UnitID = m.UnitID
	if m.Status == emulation.MovementOpen {
		in.Criteria, in.FromYear, in.ToYear = m.Criteria, m.FromYear, m.ToYear
	}
	in.Criteria = slices.Clone(in.Criteria)
	if err := in.Validate(time.Time{}); err != nil {
		return nil, err
	}
	before := *m
	m.Title, m.Content, m.FromYear, m.ToYear, m.InterimYear = in.Title, in.Content, in.FromYear, in.ToYear, in.InterimYear
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		m.UpdatedAt = tx.Now
		res, err := tx.ExecContext(ctx, `UPDATE emulation_movements SET title = $1, content = $2, from_year = $3, to_year = $4, interim_year = $5, updated_at = $6
			WHERE id = $7 AND status = $8`, m.Title, m.Content, m.FromYear, m.ToYear, m.InterimYear, m.UpdatedAt, m.ID, string(before.Status))
		if err != nil {
			return s.db.Internal("update movement", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return congvu.Errorf(congvu.ECONFLICT, "Phong trào vừa được thay đổi; xin tải lại trang.")
		}
		if before.Status == emulation.MovementDraft {
			m.Criteria = in.Criteria
			if err := s.writeCriteria(ctx, tx, m); err != nil {
				return err
			}
		}
		return tx.Audit("emulation.movement.update", "emulation_movement", m.ID, m.UnitID, &before, m)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

func (s *EmulationService) setStatus(ctx context.Context, m *emulation.Movement, from, to emulation.MovementStatus, kind string) (*emulation.Movement, error) {
	before := *m
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		m.Status, m.UpdatedAt = to, tx.Now
		res, err := tx.ExecContext(ctx, `UPDATE emulation_movements SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4`,
			string(to), m.UpdatedAt, m.ID, string(from))
		if err != nil {
			return s.db.Internal("movement status", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return congvu.Errorf(congvu.ECONFLICT, "Phong trào vừa được thay đổi; xin tải lại trang.")
		}
		return tx.Audit(kind, "emulation_movement", m.ID, m.UnitID, &before, m)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// OpenMovement launches a draft (criteria checked). See emulation.Service.
func (s *EmulationService) OpenMovement(ctx context.Context, id int64) (*emulation.Movement, error) {
	m, err := s.manageable(ctx, id)
	if err != nil {
		return nil, err
	}
	if m.Status != emulation.MovementDraft {
		return nil, congvu.Errorf(congvu.ECONFLICT, "Phong trào đã được phát động.")
	}
	if err := m.ReadyToOpen(); err != nil {
		return nil, err
	}
	return s.setStatus(ctx, m, emulation.MovementDraft, emulation.MovementOpen, "emulation.movement.open")
}

// CloseMovement ends an open movement that has its final review. See
// emulation.Service.
func (s *EmulationService) CloseMovement(ctx context.Context, id int64) (*emulation.Movement, error) {
	m, err := s.manageable(ctx, id)
	if err != nil {
		return nil, err
	}
	if m.Status != emulation.MovementOpen {
		return nil, congvu.Errorf(congvu.ECONFLICT, "Chỉ kết thúc được phong trào đang diễn ra.")
	}
	var finals int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM emulation_reviews WHERE movement_id = $1 AND kind = 'final'`, id).Scan(&finals); err != nil {
		return nil, s.db.Internal("final review", err)
	}
	if finals == 0 {
		return nil, congvu.Errorf(congvu.ECONFLICT, "Xin tổng kết phong trào trước khi kết thúc.")
	}
	return s.setStatus(ctx, m, emulation.MovementOpen, emulation.MovementClosed, "emulation.movement.close")
}

// ---- clusters ----

// FindClusters lists a movement's clusters with their units. See
// emulation.Service.
func (s *EmulationService) FindClusters(ctx context.Context, movementID int64) ([]*emulation.Cluster, error) {
	if _, err := s.FindMovement(ctx, movementID); err != nil {
		return nil, err
	}
	return s.clusters(ctx, s.db.Read, movementID)
}

func (s *EmulationService) clusters(ctx context.Context, q sqldb.Querier, movementID int64) ([]*emulation.Cluster, error) {
	list, err := sqldb.QueryAll(ctx, s.db, q, "clusters", `SELECT id, movement_id, title FROM emulation_clusters WHERE movement_id = $1 ORDER BY id`,
		func(sc sqldb.Scanner) (*emulation.Cluster, error) {
			c := &emulation.Cluster{Units: []emulation.Unit{}, UnitIDs: []int64{}}
			return c, sc.Scan(&c.ID, &c.MovementID, &c.Title)
		}, movementID)
	if err != nil {
		return nil, err
	}
	type row struct {
		cluster int64
		u       emulation.Unit
	}
	rows, err := sqldb.QueryAll(ctx, s.db, q, "cluster units", `SELECT cu.cluster_id, u.id, u.name FROM emulation_cluster_units cu JOIN units u ON u.id = cu.unit_id
		WHERE cu.movement_id = $1 ORDER BY u.name, u.id`, func(sc sqldb.Scanner) (row, error) {
		var r row
		return r, sc.Scan(&r.cluster, &r.u.ID, &r.u.Name)
	}, movementID)
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		for _, r := range rows {
			if r.cluster == c.ID {
				c.Units, c.UnitIDs = append(c.Units, r.u), append(c.UnitIDs, r.u.ID)
			}
		}
	}
	if list == nil {
		list = []*emulation.Cluster{}
	}
	return list, nil
}

// SaveCluster creates or replaces a cluster of units of the movement's
// subtree (ActEmulationManage at the movement's unit); a unit is in at most
// one cluster of a movement. See emulation.Service.
func (s *EmulationService) SaveCluster(ctx context.Context, in emulation.ClusterInput) (*emulation.Cluster, error) {
	m, err := s.manageable(ctx, in.MovementID)
	if err != nil {
		return nil, err
	}
	if m.Status == emulation.MovementClosed {
		return nil, congvu.Errorf(congvu.ECONFLICT, "Phong trào đã kết thúc.")
	}
	v := congvu.Validation{}
	in.Title = strings.TrimSpace(in.Title)
	if n := len([]rune(in.Title)); n == 0 || n > 200 {
		v.Add("title", "Xin nhập tên cụm, khối thi đua (tối đa 200 ký tự).")
	}
	ids := slices.Compact(slices.Sorted(slices.Values(in.UnitIDs)))
	if len(ids) == 0 || len(ids) > emulation.MaxClusterSize {
		v.Add("unit_ids", "Xin chọn từ 1 đến 500 đơn vị của cụm, khối.")
	}
	c := &emulation.Cluster{ID: in.ID, MovementID: m.ID, Title: in.Title, Units: []emulation.Unit{}, UnitIDs: ids}
	for _, id := range ids {
		u, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, id)
		if err != nil {
			return nil, err
		}
		if u == nil || !u.Active || !strings.HasPrefix(u.Path, m.UnitPath) || u.ID == m.UnitID {
			v.Add("unit_ids", "Đơn vị của cụm phải là đơn vị trực thuộc đơn vị phát động phong trào.")
			break
		}
		c.Units = append(c.Units, emulation.Unit{ID: u.ID, Name: u.Name})
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var before *emulation.Cluster
	if in.ID != 0 {
		old, err := s.clusters(ctx, s.db.Read, m.ID)
		if err != nil {
			return nil, err
		}
		for _, o := range old {
			if o.ID == in.ID {
				before = o
			}
		}
		if before == nil {
			return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy cụm, khối thi đua.")
		}
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if c.ID == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO emulation_clusters (movement_id, title) VALUES ($1, $2) RETURNING id`, m.ID, c.Title).Scan(&c.ID); err != nil {
				return s.db.Internal("insert cluster", err)
			}
		} else {
			if _, err := tx.ExecContext(ctx, `UPDATE emulation_clusters SET title = $1 WHERE id = $2 AND movement_id = $3`, c.Title, c.ID, m.ID); err != nil {
				return s.db.Internal("update cluster", err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM emulation_cluster_units WHERE cluster_id = $1`, c.ID); err != nil {
				return s.db.Internal("clear cluster", err)
			}
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `INSERT INTO emulation_cluster_units (cluster_id, movement_id, unit_id) VALUES ($1, $2, $3)`, c.ID, m.ID, id); err != nil {
				if sqldb.IsUniqueViolation(err) {
					return congvu.FieldError("unit_ids", "Một đơn vị chỉ thuộc một cụm, khối thi đua của phong trào.")
				}
				return s.db.Internal("insert cluster unit", err)
			}
		}
		return tx.Audit("emulation.cluster", "emulation_cluster", c.ID, m.UnitID, before, c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}
