package violationsql

import (
	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/violation"
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// discRules keeps the stored rule sets of each database, dropped by every
// write through this process, so that other servers see a new set within
// a minute.
var discRules = sqldb.TTLCache[[]violation.RuleSet]{TTL: time.Minute}

// ruleSets returns the stored rule sets of db, newest first (undated
// last), from the cache when loaded. The caller must not change them.
func (s *DisciplineService) ruleSets(ctx context.Context) ([]violation.RuleSet, error) {
	return discRules.Get(s.db, func() ([]violation.RuleSet, error) { return s.loadRuleSets(ctx) })
}

// loadRuleSets reads the stored rule sets of db, newest first (undated
// last).
func (s *DisciplineService) loadRuleSets(ctx context.Context) ([]violation.RuleSet, error) {
	list, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "discipline rule sets", `SELECT id, code, title, categories, valid_from, valid_until,
			basis, verified, body, COALESCE(created_by, 0), created_at
		FROM discipline_rule_sets ORDER BY id`, func(sc sqldb.Scanner) (violation.RuleSet, error) {
		var r violation.RuleSet
		var cats, body string
		var from, until, created sql.NullTime
		if err := sc.Scan(&r.ID, &r.Code, &r.Title, &cats, &from, &until, &r.Basis, &r.Verified, &body, &r.CreatedBy, &created); err != nil {
			return r, err
		}
		var b violation.RuleSetBody
		if err := json.Unmarshal([]byte(body), &b); err != nil {
			return r, err
		}
		r.SetBody(b)
		r.Categories = sqldb.CommaList[org.Category](cats)
		r.From, r.Until = sqldb.NullDate(from), sqldb.NullDate(until)
		if created.Valid {
			r.CreatedAt = created.Time.UTC()
		}
		return r, nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(list, func(a, b violation.RuleSet) int {
		if c := b.From.Compare(a.From); c != 0 {
			return c
		}
		return int(b.ID - a.ID)
	})
	if list == nil {
		list = []violation.RuleSet{}
	}
	return list, nil
}

// RuleSets lists the stored rule sets, newest first. Anyone signed in may
// read them. See violation.DisciplineService.
func (s *DisciplineService) RuleSets(ctx context.Context) ([]violation.RuleSet, error) {
	if congvu.ActorFromContext(ctx).IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.")
	}
	sets, err := s.ruleSets(ctx)
	return slices.Clone(sets), err
}

// RuleSetFor returns the stored rule set that judges an act of date act
// by an official of category c. ENOTFOUND when none does.
func (s *DisciplineService) RuleSetFor(ctx context.Context, c org.Category, act time.Time) (*violation.RuleSet, error) {
	if congvu.ActorFromContext(ctx).IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.")
	}
	return s.ruleSetFor(ctx, c, act)
}

func (s *DisciplineService) ruleSetFor(ctx context.Context, c org.Category, act time.Time) (*violation.RuleSet, error) {
	sets, err := s.ruleSets(ctx)
	if err != nil {
		return nil, err
	}
	r := violation.RuleSetOn(sets, c, act)
	if r == nil {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không có quy định xử lý kỷ luật áp dụng cho %s vào ngày %s.",
			strings.ToLower(c.Label()), congvu.Date(act).Format("02/01/2006"))
	}
	cp := *r
	return &cp, nil
}

// ruleSetByID returns the stored rule set id (a case's).
func (s *DisciplineService) ruleSetByID(ctx context.Context, id int64) (*violation.RuleSet, error) {
	sets, err := s.ruleSets(ctx)
	if err != nil {
		return nil, err
	}
	for i := range sets {
		if sets[i].ID == id {
			cp := sets[i]
			return &cp, nil
		}
	}
	// Added by another server since the cache was loaded.
	discRules.Drop(s.db)
	if sets, err = s.ruleSets(ctx); err != nil {
		return nil, err
	}
	for i := range sets {
		if sets[i].ID == id {
			cp := sets[i]
			return &cp, nil
		}
	}
	return nil, s.db.Internal("discipline rule set", congvu.Errorf(congvu.EINTERNAL, "rule set %d missing", id))
}

// AddRuleSet stores a new dated rule set: only who holds
// ActDisciplineRules on the whole tree; it starts today or later (the
// command-line operator may date it in the past). Audited in its
// transaction. See violation.DisciplineService.
func (s *DisciplineService) AddRuleSet(ctx context.Context, rs violation.RuleSet) (*violation.RuleSet, error) {
	actor := congvu.ActorFromContext(ctx)
	if !actor.Can(congvu.ActDisciplineRules, congvu.RootUnitPath) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền thay đổi quy định về xử lý kỷ luật.")
	}
	today := s.db.Now()
	if actor.IsSystem() {
		today = time.Time{}
	}
	r := rs
	r.Categories, r.Forms = slices.Clone(rs.Categories), slices.Clone(rs.Forms)
	r.ID, r.CreatedBy, r.CreatedAt = 0, 0, time.Time{}
	if err := r.Validate(today); err != nil {
		return nil, err
	}
	sets, err := s.ruleSets(ctx)
	if err != nil {
		return nil, err
	}
	if slices.ContainsFunc(sets, func(x violation.RuleSet) bool { return x.Code == r.Code }) {
		return nil, congvu.FieldError("code", "Mã bộ quy định đã có; xin chọn mã khác.")
	}
	cats := make([]string, len(r.Categories))
	for i, c := range r.Categories {
		cats[i] = string(c)
	}
	body, err := json.Marshal(r.Body())
	if err != nil {
		return nil, s.db.Internal("discipline rule body", err)
	}
	var until any
	if !r.Until.IsZero() {
		until = r.Until
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		r.CreatedAt = tx.Now
		var createdBy any
		if actor.UserID > 0 {
			createdBy, r.CreatedBy = actor.UserID, actor.UserID
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO discipline_rule_sets (code, title, categories, valid_from, valid_until, basis, verified, body, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			r.Code, r.Title, strings.Join(cats, ","), r.From, until, r.Basis, r.Verified, string(body), createdBy, r.CreatedAt).Scan(&r.ID)
		if err != nil {
			return s.db.Internal("add discipline rule set", err)
		}
		return tx.Audit("discipline.rules", "discipline_rule_set", r.ID, 0, nil, r)
	})
	discRules.Drop(s.db)
	if err != nil {
		return nil, err
	}
	return &r, nil
}
