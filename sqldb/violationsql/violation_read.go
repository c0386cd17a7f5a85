package violationsql

import (
	"congvu"
	"congvu/sqldb"
	"congvu/violation"
	"congvu/vntext"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// FindViolation returns a violation as the actor sees it, auditing the
// reading. See violation.Service.
func (s *ViolationService) FindViolation(ctx context.Context, id int64) (*violation.Violation, error) {
	actor := congvu.ActorFromContext(ctx)
	if actor.IsAnonymous() {
		return nil, errNoViolation()
	}
	var out *violation.Violation
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		v, err := s.load(ctx, tx, id)
		if err != nil {
			return err
		}
		if !violation.Concerns(actor, v) && !violation.CanView(actor, v) {
			return errNoViolation()
		}
		out = violation.SeenBy(actor, v)
		return tx.Audit("violation.read", "violation", id, v.UnitID, nil, nil)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// visibleSet is the query of the ids of the violations the actor reads:
// in scopes by the unit of the act or a named official's unit today, or
// naming official (the actor's own record); "" for none.
func visibleSet(scopes []string, official int64, a *sqldb.Args) string {
	var sets []string
	if len(scopes) > 0 {
		units := `SELECT su.id FROM units su WHERE ` + sqldb.ScopeClause("su.path", scopes, a)
		sets = append(sets, `SELECT vu.id FROM violations vu WHERE vu.unit_id IN (`+units+`)`,
			`SELECT vs.violation_id FROM violation_officials vs JOIN officials so ON so.id = vs.official_id WHERE so.unit_id IN (`+units+`)`)
	}
	if official != 0 {
		sets = append(sets, `SELECT vm.violation_id FROM violation_officials vm WHERE vm.official_id = `+a.Add(official))
	}
	return strings.Join(sets, " UNION ")
}

// scopes are the subtrees where a reads violations as staff.
func scopes(a *congvu.Actor) []string {
	if a.IsSystem() {
		return []string{congvu.RootUnitPath}
	}
	return a.Scopes(congvu.ActViolationView)
}

// FindViolations lists the violations the actor may see, auditing the
// reading; the total counts at most violation.CountBound(f) (more than
// violation.MaxCount means "more than"). See violation.Service.
func (s *ViolationService) FindViolations(ctx context.Context, f violation.Filter) ([]*violation.Violation, int, error) {
	actor := congvu.ActorFromContext(ctx)
	// Outside text: no control characters (PostgreSQL refuses a NUL).
	f.Query, f.ItemCode = vntext.Clean(f.Query), vntext.Clean(f.ItemCode)
	sc := scopes(actor)
	var own int64
	if !actor.IsAnonymous() {
		own = actor.OfficialID
	}
	if len(sc) == 0 && own == 0 {
		return []*violation.Violation{}, 0, nil
	}
	var unitPath string
	if f.UnitID != 0 {
		ref, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, f.UnitID)
		if err != nil {
			return nil, 0, err
		}
		if ref == nil {
			return []*violation.Violation{}, 0, nil
		}
		unitPath = ref.Path
	}
	var a sqldb.Args
	// filters are the conditions of f on the violations aliased al.
	filters := func(al string) string {
		var where []string
		if unitPath != "" {
			where = append(where, al+`.unit_id IN (SELECT fu.id FROM units fu WHERE `+sqldb.ScopeClause("fu.path", []string{unitPath}, &a)+`)`)
		}
		if f.OfficialID != 0 {
			where = append(where, `EXISTS (SELECT 1 FROM violation_officials fo WHERE fo.violation_id = `+al+`.id AND fo.official_id = `+a.Add(f.OfficialID)+`)`)
		}
		if c := sqldb.NormalizeStdCode(f.ItemCode); c != "" {
			where = append(where, `EXISTS (SELECT 1 FROM violation_items fi WHERE fi.violation_id = `+al+`.id AND fi.item_code = `+a.Add(c)+`)`)
		}
		if f.Status != "" {
			where = append(where, al+".status = "+a.Add(string(f.Status)))
		}
		if !f.From.IsZero() {
			where = append(where, al+".act_date >= "+a.Add(utcDate(f.From)))
		}
		if !f.To.IsZero() {
			where = append(where, al+".act_date <= "+a.Add(utcDate(f.To)))
		}
		if p := vntext.LikePattern(f.Query); p != "" {
			where = append(where, al+`.search LIKE `+a.Add(p)+` ESCAPE '\'`)
		}
		if len(where) == 0 {
			return "1=1"
		}
		return strings.Join(where, " AND ")
	}
	// The whole tree lists violations by the act-date index; a subtree or
	// the official's own build the set of (id, act date) they may read,
	// each part from an index with the filters applied, and page through
	// it: a commune's few violations never cost a walk through the
	// country's, a province's never a pass over the whole table.
	var page func(pa *sqldb.Args, limit, offset int) string
	var count string
	if sqldb.HasRootScope(sc) {
		w := ` WHERE ` + filters("v")
		page = func(pa *sqldb.Args, limit, offset int) string {
			return `SELECT ` + violationCols + violationFrom + w + ` ORDER BY v.act_date DESC, v.id DESC LIMIT ` + pa.Add(limit) + ` OFFSET ` + pa.Add(offset)
		}
		count = `SELECT 1 FROM violations v` + w
	} else {
		var parts []string
		if len(sc) > 0 {
			units := `SELECT su.id FROM units su WHERE ` + sqldb.ScopeClause("su.path", sc, &a)
			parts = append(parts, `SELECT vu.id, vu.act_date FROM violations vu WHERE vu.unit_id IN (`+units+`) AND `+filters("vu"),
				`SELECT vo.id, vo.act_date FROM violation_officials vs JOIN officials so ON so.id = vs.official_id
					JOIN violations vo ON vo.id = vs.violation_id WHERE so.unit_id IN (`+units+`) AND `+filters("vo"))
		}
		if own != 0 {
			parts = append(parts, `SELECT vm.id, vm.act_date FROM violation_officials vn JOIN violations vm ON vm.id = vn.violation_id
				WHERE vn.official_id = `+a.Add(own)+` AND `+filters("vm"))
		}
		set := `(` + strings.Join(parts, " UNION ") + `) s`
		page = func(pa *sqldb.Args, limit, offset int) string {
			return `SELECT ` + violationCols + violationFrom + ` WHERE v.id IN (SELECT s.id FROM ` + set + ` ORDER BY s.act_date DESC, s.id DESC LIMIT ` +
				pa.Add(limit) + ` OFFSET ` + pa.Add(offset) + `) ORDER BY v.act_date DESC, v.id DESC`
		}
		count = `SELECT 1 FROM ` + set
	}
	limit := congvu.ClampLimit(f.Limit)
	offset := max(f.Offset, 0)
	var list []*violation.Violation
	var total int
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		pa := append(sqldb.Args{}, a...)
		var err error
		list, err = sqldb.QueryAll(ctx, s.db, tx, "find violations", page(&pa, limit, offset), scanViolation, pa...)
		if err != nil {
			return err
		}
		// A short page is the end: its count needs no query.
		if len(list) < limit && (len(list) > 0 || offset == 0) {
			total = offset + len(list)
		} else if err := tx.QueryRowContext(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM (`+count+` LIMIT %d) c`,
			violation.CountBound(f)), a...).Scan(&total); err != nil {
			return s.db.Internal("count violations", err)
		}
		if err := s.fill(ctx, tx, list); err != nil {
			return err
		}
		ids := make([]int64, len(list))
		for i, v := range list {
			ids[i] = v.ID
			list[i] = violation.SeenBy(actor, v)
			list[i].CreatedBy = 0
		}
		return tx.Audit("violation.read", "violation", 0, f.UnitID, nil, map[string]any{"filter": filterLog(f), "ids": ids, "total": total})
	})
	if err != nil {
		return nil, 0, err
	}
	if list == nil {
		list = []*violation.Violation{}
	}
	return list, total, nil
}

func filterLog(f violation.Filter) map[string]any {
	m := map[string]any{}
	if f.Query != "" {
		m["query"] = f.Query
	}
	if f.UnitID != 0 {
		m["unit_id"] = f.UnitID
	}
	if f.OfficialID != 0 {
		m["official_id"] = f.OfficialID
	}
	if f.ItemCode != "" {
		m["item_code"] = f.ItemCode
	}
	if f.Status != "" {
		m["status"] = f.Status
	}
	if !f.From.IsZero() {
		m["from"] = utcDate(f.From).Format(time.DateOnly)
	}
	if !f.To.IsZero() {
		m["to"] = utcDate(f.To).Format(time.DateOnly)
	}
	return m
}

// History lists the audited events of a violation for staff. See
// violation.Service.
func (s *ViolationService) History(ctx context.Context, id int64) ([]*congvu.AuditEvent, error) {
	actor := congvu.ActorFromContext(ctx)
	if actor.IsAnonymous() {
		return nil, errNoViolation()
	}
	var out []*congvu.AuditEvent
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		v, err := s.load(ctx, tx, id)
		if err != nil {
			return err
		}
		if violation.Concerns(actor, v) || !violation.CanView(actor, v) {
			return errNoViolation()
		}
		out, err = sqldb.QueryAll(ctx, s.db, tx, "violation history", `SELECT e.id, e.at, e.actor_id, e.actor_name, e.actor_key, e.kind
			FROM audit_events e WHERE e.entity_type = 'violation' AND e.entity_id = $1 AND e.at >= $2 ORDER BY e.at, e.id`,
			func(sc sqldb.Scanner) (*congvu.AuditEvent, error) {
				e := &congvu.AuditEvent{EntityType: "violation", EntityID: id}
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
			}, id, v.CreatedAt)
		if err != nil {
			return err
		}
		return tx.Audit("violation.read", "violation", id, v.UnitID, nil, map[string]any{"history": true})
	})
	return out, err
}

// Mine lists the violations naming the actor's own official record. See
// violation.Service.
func (s *ViolationService) Mine(ctx context.Context) (*violation.Own, error) {
	actor := congvu.ActorFromContext(ctx)
	if actor.IsAnonymous() || actor.OfficialID == 0 {
		return &violation.Own{Violations: []*violation.Violation{}}, nil
	}
	own := &violation.Own{}
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		ids, err := sqldb.QueryAll(ctx, s.db, tx, "my violations", `SELECT vo.violation_id FROM violation_officials vo JOIN violations v ON v.id = vo.violation_id
			WHERE vo.official_id = $1 ORDER BY v.act_date DESC, v.id DESC`, func(sc sqldb.Scanner) (int64, error) {
			var id int64
			return id, sc.Scan(&id)
		}, actor.OfficialID)
		if err != nil {
			return err
		}
		if own.Cases, err = s.ownCases(ctx, tx, actor.OfficialID); err != nil {
			return err
		}
		own.Violations = []*violation.Violation{}
		for _, id := range ids {
			v, err := s.load(ctx, tx, id)
			if err != nil {
				return err
			}
			own.Violations = append(own.Violations, violation.ForOfficial(v, actor.OfficialID))
		}
		return tx.Audit("violation.read", "violation", 0, 0, nil, map[string]any{"mine": actor.OfficialID, "ids": ids})
	})
	if err != nil {
		return nil, err
	}
	return own, nil
}
