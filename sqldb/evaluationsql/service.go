// Package evaluationsql stores the annual evaluation (package evaluation):
// rule sets, task products, evaluations and their cycle, agencies' own
// classifications. Evaluation data is personal: every reading is audited,
// and the audit log hides its events from those who may not read them.
package evaluationsql

import (
	"congvu"
	"congvu/conduct"
	"congvu/evaluation"
	"congvu/org"
	"congvu/sqldb"
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// EvaluationService implements evaluation.Service on a database; it reads
// officials' years of conduct (the discipline cap) through conduct.
type EvaluationService struct {
	db      *sqldb.DB
	conduct conduct.Service
}

// NewEvaluationService returns the evaluation service of db.
func NewEvaluationService(db *sqldb.DB, c conduct.Service) *EvaluationService {
	return &EvaluationService{db: db, conduct: c}
}

var _ evaluation.Service = (*EvaluationService)(nil)

// evalRules keeps the stored rule sets of each database, dropped by every
// write through this process (other servers see a new set within a minute).
var evalRules = sqldb.TTLCache[[]evaluation.RuleSet]{TTL: time.Minute}

// ruleSets returns the stored rule sets, oldest first. The caller must not
// change them.
func (s *EvaluationService) ruleSets(ctx context.Context) ([]evaluation.RuleSet, error) {
	return evalRules.Get(s.db, func() ([]evaluation.RuleSet, error) { return s.loadRuleSets(ctx) })
}

func (s *EvaluationService) loadRuleSets(ctx context.Context) ([]evaluation.RuleSet, error) {
	list, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "evaluation rule sets", `SELECT id, code, title, categories, from_year, until_year,
			basis, verified, body, COALESCE(created_by, 0), created_at FROM evaluation_rule_sets ORDER BY id`,
		func(sc sqldb.Scanner) (evaluation.RuleSet, error) {
			var r evaluation.RuleSet
			var cats, body string
			var created sql.NullTime
			if err := sc.Scan(&r.ID, &r.Code, &r.Title, &cats, &r.FromYear, &r.UntilYear, &r.Basis, &r.Verified, &body, &r.CreatedBy, &created); err != nil {
				return r, err
			}
			var b evaluation.RuleSetBody
			if err := json.Unmarshal([]byte(body), &b); err != nil {
				return r, err
			}
			r.SetBody(b)
			r.Categories = sqldb.CommaList[org.Category](cats)
			if created.Valid {
				r.CreatedAt = created.Time.UTC()
			}
			return r, nil
		})
	if list == nil {
		list = []evaluation.RuleSet{}
	}
	return list, err
}

// ruleSetByID returns the stored rule set id (an evaluation's).
func (s *EvaluationService) ruleSetByID(ctx context.Context, id int64) (*evaluation.RuleSet, error) {
	for range 2 {
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
		evalRules.Drop(s.db) // added by another server since loaded
	}
	return nil, s.db.Internal("evaluation rule set", congvu.Errorf(congvu.EINTERNAL, "rule set %d missing", id))
}

// RuleSets lists the stored rule sets, newest first (by first year, then
// by addition). Anyone signed in reads them. See evaluation.Service.
func (s *EvaluationService) RuleSets(ctx context.Context) ([]evaluation.RuleSet, error) {
	if congvu.ActorFromContext(ctx).IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.")
	}
	sets, err := s.ruleSets(ctx)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(sets)
	slices.SortStableFunc(out, func(a, b evaluation.RuleSet) int {
		if a.FromYear != b.FromYear {
			return b.FromYear - a.FromYear
		}
		return int(b.ID - a.ID)
	})
	return out, nil
}

// AddRuleSet stores a new rule set from a year: only who holds
// ActEvaluationRules on the whole tree; from this year or later (the
// command-line operator: any year); never a change to one in force.
// Audited in its transaction. See evaluation.Service.
func (s *EvaluationService) AddRuleSet(ctx context.Context, in evaluation.RuleSet) (*evaluation.RuleSet, error) {
	actor := congvu.ActorFromContext(ctx)
	if !actor.Can(congvu.ActEvaluationRules, congvu.RootUnitPath) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Anh/chị không có quyền thay đổi quy định đánh giá, xếp loại.")
	}
	thisYear := congvu.Date(s.db.Now()).Year()
	if actor.IsSystem() {
		thisYear = 0
	}
	r := in
	r.Categories, r.General, r.Periods = slices.Clone(in.Categories), slices.Clone(in.General), slices.Clone(in.Periods)
	r.ID, r.CreatedBy, r.CreatedAt = 0, 0, time.Time{}
	if err := r.Validate(thisYear); err != nil {
		return nil, err
	}
	sets, err := s.ruleSets(ctx)
	if err != nil {
		return nil, err
	}
	if slices.ContainsFunc(sets, func(x evaluation.RuleSet) bool { return x.Code == r.Code }) {
		return nil, congvu.FieldError("code", "Mã bộ quy định đã có; xin chọn mã khác.")
	}
	cats := make([]string, len(r.Categories))
	for i, c := range r.Categories {
		cats[i] = string(c)
	}
	body, err := json.Marshal(r.Body())
	if err != nil {
		return nil, s.db.Internal("evaluation rule body", err)
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		r.CreatedAt = tx.Now
		var by any
		if actor.UserID > 0 {
			by, r.CreatedBy = actor.UserID, actor.UserID
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO evaluation_rule_sets (code, title, categories, from_year, until_year, basis, verified, body, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			r.Code, r.Title, strings.Join(cats, ","), r.FromYear, r.UntilYear, r.Basis, r.Verified, string(body), by, r.CreatedAt).Scan(&r.ID); err != nil {
			return s.db.Internal("add evaluation rule set", err)
		}
		return tx.Audit("evaluation.rules", "evaluation_rule_set", r.ID, 0, nil, r)
	})
	evalRules.Drop(s.db)
	if err != nil {
		return nil, err
	}
	return &r, nil
}
