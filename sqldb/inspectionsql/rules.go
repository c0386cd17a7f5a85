package inspectionsql

import (
	"congvu"
	"congvu/inspection"
	"congvu/org"
	"congvu/sqldb"
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"
)

// ruleCache keeps the stored rules of each database, shared by the
// services on it and dropped by every write of a rule through this
// process, so that other servers see a new rule within a minute.
var ruleCache = sqldb.TTLCache[[]inspection.Rule]{TTL: time.Minute}

// loadRules returns the stored rules of db, from the cache when loaded.
// The caller must not change them.
func loadRules(ctx context.Context, db *sqldb.DB) ([]inspection.Rule, error) {
	return ruleCache.Get(db, func() ([]inspection.Rule, error) { return readRules(ctx, db) })
}

// readRules reads the stored rules of db, by kind then newest first
// (undated last).
func readRules(ctx context.Context, db *sqldb.DB) ([]inspection.Rule, error) {
	list, err := sqldb.QueryAll(ctx, db, db.Read, "inspection rules", `SELECT id, kind, levels, valid_from, valid_until, basis, verified,
			COALESCE(created_by, 0), created_at
		FROM inspection_rules ORDER BY kind, valid_from DESC, id DESC`, func(sc sqldb.Scanner) (inspection.Rule, error) {
		var r inspection.Rule
		var levels string
		var from, until, created sql.NullTime
		if err := sc.Scan(&r.ID, &r.Kind, &levels, &from, &until, &r.Basis, &r.Verified, &r.CreatedBy, &created); err != nil {
			return r, err
		}
		r.Levels = sqldb.CommaList[org.UnitKind](levels)
		r.From, r.Until = sqldb.NullDate(from), sqldb.NullDate(until)
		if created.Valid {
			r.CreatedAt = created.Time.UTC()
		}
		return r, nil
	})
	if err != nil {
		return nil, err
	}
	// Undated rules sort last on PostgreSQL and first on SQLite: put them
	// last on both (a kind's rules, newest first).
	slices.SortStableFunc(list, func(a, b inspection.Rule) int {
		if c := strings.Compare(string(a.Kind), string(b.Kind)); c != 0 {
			return c
		}
		if c := b.From.Compare(a.From); c != 0 {
			return c
		}
		return int(b.ID - a.ID)
	})
	if list == nil {
		list = []inspection.Rule{}
	}
	return list, nil
}

// allowed is inspection.Allowed on the stored rules of db: every check of
// who may own an inspection goes through here.
func allowed(ctx context.Context, db *sqldb.DB, a *congvu.Actor, k inspection.Kind, s inspection.Step, o inspection.Owner, t time.Time) error {
	rules, err := loadRules(ctx, db)
	if err != nil {
		return err
	}
	return inspection.Allowed(a, rules, k, s, o, t)
}

// Rules lists the stored dated rules, by kind then newest first (undated
// last). Anyone signed in may read them. See inspection.Service.
func (s *InspectionService) Rules(ctx context.Context) ([]inspection.Rule, error) {
	if congvu.ActorFromContext(ctx).IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.")
	}
	rules, err := loadRules(ctx, s.db)
	return slices.Clone(rules), err
}

// AddRule stores a dated rule: only a national administrator may; it
// starts today or later (the command-line operator may date it in the
// past, for imports). Audited in its transaction; the cache is dropped
// after. See inspection.Service.
func (s *InspectionService) AddRule(ctx context.Context, in inspection.RuleInput) (*inspection.Rule, error) {
	actor := congvu.ActorFromContext(ctx)
	if !actor.Can(congvu.ActInspectionRules, congvu.RootUnitPath) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền thay đổi quy định về thẩm quyền kiểm tra, thanh tra.")
	}
	today := s.db.Now()
	if actor.IsSystem() {
		today = time.Time{}
	}
	if err := in.Validate(today); err != nil {
		return nil, err
	}
	r := &inspection.Rule{Kind: in.Kind, Levels: slices.Clone(in.Levels), From: in.From, Until: in.Until, Basis: in.Basis, Verified: in.Verified}
	levels := make([]string, len(r.Levels))
	for i, l := range r.Levels {
		levels[i] = string(l)
	}
	var until any
	if !r.Until.IsZero() {
		until = r.Until
	}
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		r.CreatedAt = tx.Now
		var createdBy any
		if actor.UserID > 0 {
			createdBy, r.CreatedBy = actor.UserID, actor.UserID
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO inspection_rules (kind, levels, valid_from, valid_until, basis, verified, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			string(r.Kind), strings.Join(levels, ","), r.From, until, r.Basis, r.Verified, createdBy, r.CreatedAt).Scan(&r.ID)
		if err != nil {
			return s.db.Internal("add inspection rule", err)
		}
		return tx.Audit("inspection.rule.add", "inspection_rule", r.ID, 0, nil, r)
	})
	// Dropped even on failure: a commit whose answer was lost still shows.
	ruleCache.Drop(s.db)
	if err != nil {
		return nil, err
	}
	return r, nil
}
