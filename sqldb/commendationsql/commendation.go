// Package commendationsql stores commendations (package commendation):
// praises, proposals of khen thưởng and their decisions, the evidence they
// rest on and the dated rule sets. Authorization and the rules are the
// domain's; every write is audited in its transaction.
package commendationsql

import (
	"congvu"
	"congvu/commendation"
	"congvu/sqldb"
	"congvu/vntext"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"
)

// CommendationService implements commendation.Service.
type CommendationService struct {
	db *sqldb.DB
	// discipline, when set, tells the suggestions whom to leave out.
	discipline commendation.DisciplineRecord
}

// UseDiscipline lets the suggestions leave out the officials d says were
// disciplined in the year (sqlservices wires the violation capability).
func (s *CommendationService) UseDiscipline(d commendation.DisciplineRecord) { s.discipline = d }

// NewCommendationService returns the service on db.
func NewCommendationService(db *sqldb.DB) *CommendationService {
	return &CommendationService{db: db}
}

var _ commendation.Service = (*CommendationService)(nil)

func errNotFound() error {
	return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy khen thưởng, biểu dương.")
}

// ruleBody is what the body column of commendation_rule_sets holds.
type ruleBody struct {
	Forms      []commendation.Form   `json:"forms"`
	BaseSalary []commendation.Salary `json:"base_salary"`
	RoundTo    int64                 `json:"round_to"`
	MinSample  int                   `json:"min_sample"`
	MinIndex   float64               `json:"min_index"`
}

func bodyOf(rs *commendation.RuleSet) (string, error) {
	b, err := json.Marshal(ruleBody{Forms: rs.Forms, BaseSalary: rs.BaseSalary, RoundTo: rs.RoundTo, MinSample: rs.MinSample, MinIndex: rs.MinIndex})
	return string(b), err
}

// loadRuleSets reads every stored rule set, oldest first.
func (s *CommendationService) loadRuleSets(ctx context.Context, q sqldb.Querier) ([]commendation.RuleSet, error) {
	list, err := sqldb.QueryAll(ctx, s.db, q, "commendation rule sets", `SELECT id, title, valid_from, valid_until, basis, verified, body,
			COALESCE(created_by, 0), created_at FROM commendation_rule_sets ORDER BY id`, func(sc sqldb.Scanner) (commendation.RuleSet, error) {
		var r commendation.RuleSet
		var from, until, created sql.NullTime
		var body string
		if err := sc.Scan(&r.ID, &r.Title, &from, &until, &r.Basis, &r.Verified, &body, &r.CreatedBy, &created); err != nil {
			return r, err
		}
		var b ruleBody
		if err := json.Unmarshal([]byte(body), &b); err != nil {
			return r, err
		}
		r.Forms, r.BaseSalary, r.RoundTo, r.MinSample, r.MinIndex = b.Forms, b.BaseSalary, b.RoundTo, b.MinSample, b.MinIndex
		r.From, r.Until = sqldb.NullDate(from), sqldb.NullDate(until)
		if created.Valid {
			r.CreatedAt = created.Time.UTC()
		}
		return r, nil
	})
	if list == nil && err == nil {
		list = []commendation.RuleSet{}
	}
	return list, err
}

// RuleSets lists the stored rule sets, newest start first. Anyone signed
// in may read them. See commendation.Service.
func (s *CommendationService) RuleSets(ctx context.Context) ([]commendation.RuleSet, error) {
	if congvu.ActorFromContext(ctx).IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.")
	}
	list, err := s.loadRuleSets(ctx, s.db.Read)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(list, func(a, b commendation.RuleSet) int {
		if c := b.From.Compare(a.From); c != 0 {
			return c
		}
		return int(b.ID - a.ID)
	})
	return list, nil
}

// AddRuleSet stores a dated rule set: only a national administrator may
// (ActCommendationRules at the root); it starts today or later (the
// operator may date it in the past, for imports). Audited in its
// transaction. See commendation.Service.
func (s *CommendationService) AddRuleSet(ctx context.Context, rs commendation.RuleSet) (*commendation.RuleSet, error) {
	actor := congvu.ActorFromContext(ctx)
	if !actor.Can(congvu.ActCommendationRules, congvu.RootUnitPath) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền thay đổi quy định khen thưởng.")
	}
	today := s.db.Now()
	if actor.IsSystem() {
		today = time.Time{}
	}
	rs.Forms, rs.BaseSalary = slices.Clone(rs.Forms), slices.Clone(rs.BaseSalary)
	if err := rs.Validate(today); err != nil {
		return nil, err
	}
	body, err := bodyOf(&rs)
	if err != nil {
		return nil, s.db.Internal("rule set body", err)
	}
	var until any
	if !rs.Until.IsZero() {
		until = rs.Until
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		rs.CreatedAt, rs.CreatedBy = tx.Now, 0
		var createdBy any
		if actor.UserID > 0 {
			createdBy, rs.CreatedBy = actor.UserID, actor.UserID
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO commendation_rule_sets (title, valid_from, valid_until, basis, verified, body, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, rs.Title, rs.From, until, rs.Basis, rs.Verified, body, createdBy, rs.CreatedAt).Scan(&rs.ID); err != nil {
			return s.db.Internal("add commendation rule set", err)
		}
		return tx.Audit("commendation.rules", "commendation_rule_set", rs.ID, 0, nil, rs)
	})
	if err != nil {
		return nil, err
	}
	return &rs, nil
}

const commendationCols = `c.id, c.kind, COALESCE(c.official_id, 0), COALESCE(o.full_name, ''), c.unit_id, u.name, u.path, c.year, c.reason, c.status,
	c.form, c.form_label, COALESCE(c.rule_set_id, 0), COALESCE(c.proposing_unit_id, 0), COALESCE(pu.name, ''),
	COALESCE(c.competent_unit_id, 0), COALESCE(cu.name, ''), c.decision_number, c.decision_date, c.amount, c.reject_reason,
	COALESCE(c.created_by, 0), c.created_at, c.updated_at`

const commendationFrom = ` FROM commendations c JOIN units u ON u.id = c.unit_id
	LEFT JOIN officials o ON o.id = c.official_id
	LEFT JOIN units pu ON pu.id = c.proposing_unit_id
	LEFT JOIN units cu ON cu.id = c.competent_unit_id`

func scanCommendation(sc sqldb.Scanner) (*commendation.Commendation, error) {
	c := &commendation.Commendation{}
	var decided sql.NullTime
	if err := sc.Scan(&c.ID, &c.Kind, &c.OfficialID, &c.OfficialName, &c.UnitID, &c.UnitName, &c.UnitPath, &c.Year, &c.Reason, &c.Status,
		&c.Form, &c.FormLabel, &c.RuleSetID, &c.ProposingUnitID, &c.ProposingUnitName, &c.CompetentUnitID, &c.CompetentUnitName,
		&c.DecisionNumber, &decided, &c.Amount, &c.RejectReason, &c.CreatedBy, &c.CreatedAt, &c.UpdatedAt); err != nil {
		return nil, err
	}
	if decided.Valid {
		d := sqldb.NullDate(decided)
		c.DecisionDate = &d
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, nil
}

// load reads a commendation with its evidence, without any check.
func (s *CommendationService) load(ctx context.Context, q sqldb.Querier, id int64) (*commendation.Commendation, error) {
	c, err := scanCommendation(q.QueryRowContext(ctx, `SELECT `+commendationCols+commendationFrom+` WHERE c.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound()
	}
	if err != nil {
		return nil, s.db.Internal("load commendation", err)
	}
	c.Evidence, err = sqldb.QueryAll(ctx, s.db, q, "commendation evidence", `SELECT kind, ref_id, COALESCE(official_id, 0), unit_id, evidence_date, summary
		FROM commendation_evidence WHERE commendation_id = $1 ORDER BY id`, func(sc sqldb.Scanner) (*commendation.Evidence, error) {
		e := &commendation.Evidence{EvidenceRef: congvu.EvidenceRef{ItemCodes: []string{}}}
		if err := sc.Scan(&e.Kind, &e.ID, &e.OfficialID, &e.UnitID, &e.Date, &e.Summary); err != nil {
			return nil, err
		}
		e.Date = e.Date.UTC()
		return e, nil
	}, id)
	if c.Evidence == nil {
		c.Evidence = []*commendation.Evidence{}
	}
	return c, err
}

// canView reports whether the actor reads c: ActCommendationView in the
// subtree of the subject's unit, or the official concerned once it is
// issued or decided.
func canView(a *congvu.Actor, c *commendation.Commendation) bool {
	if a.Can(congvu.ActCommendationView, c.UnitPath) {
		return true
	}
	return a != nil && a.OfficialID != 0 && c.OfficialID == a.OfficialID && c.Visible()
}

// FindCommendation returns one commendation the actor may read. See
// commendation.Service.
func (s *CommendationService) FindCommendation(ctx context.Context, id int64) (*commendation.Commendation, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.")
	}
	c, err := s.load(ctx, s.db.Read, id)
	if err != nil {
		return nil, err
	}
	if !canView(a, c) {
		return nil, errNotFound()
	}
	if !a.Can(congvu.ActCommendationView, c.UnitPath) {
		return c.ForOfficial(), nil // the official commended
	}
	return c, nil
}

// MaxPage bounds a list page.
const MaxPage = 200

// FindCommendations lists what the actor may read, newest first. See
// commendation.Service.
func (s *CommendationService) FindCommendations(ctx context.Context, f commendation.Filter) ([]*commendation.Commendation, int, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, 0, congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.")
	}
	if f.Limit <= 0 || f.Limit > MaxPage {
		f.Limit = 50
	}
	f.Offset = max(f.Offset, 0)
	f.Query = vntext.Clean(f.Query) // outside text: PostgreSQL refuses a NUL
	var ar sqldb.Args
	see := sqldb.ScopeClause("u.path", a.Scopes(congvu.ActCommendationView), &ar)
	if a.OfficialID != 0 {
		see = "(" + see + " OR (c.official_id = " + ar.Add(a.OfficialID) + " AND c.status IN ('issued', 'approved')))"
	}
	where := []string{see}
	if f.UnitID != 0 {
		var path string
		if err := s.db.Read.QueryRowContext(ctx, `SELECT path FROM units WHERE id = $1`, f.UnitID).Scan(&path); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return nil, 0, congvu.FieldError("unit_id", "Không tìm thấy đơn vị.")
			}
			return nil, 0, s.db.Internal("commendation unit", err)
		}
		where = append(where, sqldb.ScopeClause("u.path", []string{path}, &ar))
	}
	if f.OfficialID != 0 {
		where = append(where, "c.official_id = "+ar.Add(f.OfficialID))
	}
	if f.Kind != "" {
		if f.Kind != commendation.KindPraise && f.Kind != commendation.KindAward {
			return nil, 0, congvu.FieldError("kind", "Xin chọn loại: biểu dương hoặc khen thưởng.")
		}
		where = append(where, "c.kind = "+ar.Add(string(f.Kind)))
	}
	if f.Status != "" {
		if !f.Status.Valid() {
			return nil, 0, congvu.FieldError("status", "Xin chọn một trạng thái trong danh sách.")
		}
		where = append(where, "c.status = "+ar.Add(string(f.Status)))
	}
	if f.Year != 0 {
		where = append(where, "c.year = "+ar.Add(f.Year))
	}
	if p := vntext.LikePattern(f.Query); p != "" {
		where = append(where, `c.search LIKE `+ar.Add(p)+` ESCAPE '\'`)
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM commendations c JOIN units u ON u.id = c.unit_id WHERE `+cond, ar...).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("count commendations", err)
	}
	lim, off := ar.Add(f.Limit), ar.Add(f.Offset)
	list, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "find commendations", `SELECT `+commendationCols+commendationFrom+` WHERE `+cond+
		` ORDER BY c.created_at DESC, c.id DESC LIMIT `+lim+` OFFSET `+off, scanCommendation, ar...)
	if list == nil {
		list = []*commendation.Commendation{}
	}
	return list, total, err
}

// History lists the audit events of a commendation for those who read it
// as staff (the official concerned does not see who proposed). See
// commendation.Service.
func (s *CommendationService) History(ctx context.Context, id int64) ([]*congvu.AuditEvent, error) {
	a := congvu.ActorFromContext(ctx)
	c, err := s.load(ctx, s.db.Read, id)
	if err != nil {
		return nil, err
	}
	if !a.Can(congvu.ActCommendationView, c.UnitPath) {
		return nil, errNotFound()
	}
	return sqldb.QueryAll(ctx, s.db, s.db.Read, "commendation history", `SELECT e.id, e.at, e.actor_id, e.actor_name, e.actor_key, e.kind
		FROM audit_events e WHERE e.unit_id = $2 AND e.at >= $3 AND e.entity_type = 'commendation' AND e.entity_id = $1
		ORDER BY e.at, e.id`, func(sc sqldb.Scanner) (*congvu.AuditEvent, error) {
		e := &congvu.AuditEvent{EntityType: "commendation", EntityID: id}
		var actorID sql.NullInt64
		var key string
		if err := sc.Scan(&e.ID, &e.At, &actorID, &e.ActorName, &key, &e.Kind); err != nil {
			return nil, err
		}
		e.At, e.ActorID = sqldb.UTC(e.At), actorID.Int64
		if strings.HasSuffix(key, " (API)") {
			e.ActorName += " (API)"
		}
		return e, nil
	}, id, c.UnitID, c.CreatedAt)
}
