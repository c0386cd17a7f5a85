package violationsql

import (
	"congvu"
	"congvu/sqldb"
	"congvu/violation"
	"congvu/vntext"
	"context"
	"database/sql"
	"fmt"
	"slices"
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
			// A subtree's set reads its own rows by unit, never a whole
			// status's by violations_status, which SQLite without
			// statistics would take: "|| ''" keeps that index for the whole
			// tree's list and the walks. (PostgreSQL has statistics, and
			// would misjudge the expression.)
			col := al + ".status"
			if al != "v" && s.db.Engine == sqldb.SQLite {
				col += " || ''"
			}
			where = append(where, col+" = "+a.Add(string(f.Status)))
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
	limit := congvu.ClampLimit(f.Limit)
	offset := max(f.Offset, 0)
	bound := violation.CountBound(f)
	// The whole tree lists violations by the act-date index. A subtree or
	// the official's own read the set of (id, act date) their units and
	// officials give, each part from an index with the filters applied:
	// the page is either walked down the act-date index, each violation
	// checked against that set, when the subtree holds enough of the
	// table for the page to come soon (a province: a few hundred rows,
	// never its tens of thousands), or taken from the whole set, sorted
	// (a commune's few violations, a filter's few matches). The bounded
	// total counts each part up to the bound: their union reaches it iff
	// the whole set does.
	var page func(pa *sqldb.Args, limit, offset int) string
	var count string
	var countArgs *sqldb.Args // the count's own arguments, or a's
	if sqldb.HasRootScope(sc) {
		w := ` WHERE ` + filters("v")
		page = func(pa *sqldb.Args, limit, offset int) string {
			return `SELECT ` + violationCols + violationFrom + w + ` ORDER BY v.act_date DESC, v.id DESC LIMIT ` + pa.Add(limit) + ` OFFSET ` + pa.Add(offset)
		}
		count = `SELECT 1 FROM violations v` + w
	} else {
		walk, walkCount, err := s.walkByAct(ctx, f, sc, unitPath, offset+limit, bound)
		if err != nil {
			return nil, 0, err
		}
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
		// Only the unit, the status and the period filter a walk
		// (walkByAct): a unit inside a scope is read whole, by its own
		// rows; else each violation is checked against the parts'
		// conditions. The unary plus keeps the engines on the act-date (or
		// status) index; the OFFSET keeps PostgreSQL from hashing every
		// official's violation of the scope first (an EXISTS with an
		// offset stays a lookup per row). A walk has arguments of its own.
		walkWhere := func(pa *sqldb.Args) string {
			var where []string
			if unitPath != "" {
				where = append(where, `+w.unit_id IN (SELECT fu.id FROM units fu WHERE `+sqldb.ScopeClause("fu.path", []string{unitPath}, pa)+`)`)
			} else {
				var checks []string
				if len(sc) > 0 {
					units := `SELECT su.id FROM units su WHERE ` + sqldb.ScopeClause("su.path", sc, pa)
					checks = append(checks, `+w.unit_id IN (`+units+`)`, `EXISTS (SELECT 1 FROM violation_officials ws JOIN officials wo ON wo.id = ws.official_id
							WHERE ws.violation_id = w.id AND wo.unit_id IN (`+units+`) LIMIT 1 OFFSET 0)`)
				}
				if own != 0 {
					checks = append(checks, `EXISTS (SELECT 1 FROM violation_officials wn WHERE wn.violation_id = w.id AND wn.official_id = `+pa.Add(own)+`)`)
				}
				where = append(where, `(`+strings.Join(checks, " OR ")+`)`)
			}
			if f.Status != "" {
				where = append(where, "w.status = "+pa.Add(string(f.Status)))
			}
			if !f.From.IsZero() {
				where = append(where, "w.act_date >= "+pa.Add(utcDate(f.From)))
			}
			if !f.To.IsZero() {
				where = append(where, "w.act_date <= "+pa.Add(utcDate(f.To)))
			}
			return strings.Join(where, " AND ")
		}
		if walk {
			page = func(pa *sqldb.Args, limit, offset int) string {
				*pa = nil
				return `SELECT ` + violationCols + violationFrom + ` WHERE v.id IN (SELECT w.id FROM violations w WHERE ` + walkWhere(pa) +
					` ORDER BY w.act_date DESC, w.id DESC LIMIT ` + pa.Add(limit) + ` OFFSET ` + pa.Add(offset) + `) ORDER BY v.act_date DESC, v.id DESC`
			}
		} else {
			set := `(` + strings.Join(parts, " UNION ") + `) s`
			page = func(pa *sqldb.Args, limit, offset int) string {
				return `SELECT ` + violationCols + violationFrom + ` WHERE v.id IN (SELECT s.id FROM ` + set + ` ORDER BY s.act_date DESC, s.id DESC LIMIT ` +
					pa.Add(limit) + ` OFFSET ` + pa.Add(offset) + `) ORDER BY v.act_date DESC, v.id DESC`
			}
		}
		bounded := make([]string, len(parts))
		for i, p := range parts {
			bounded[i] = fmt.Sprintf(`SELECT b%d.id FROM (%s LIMIT %d) b%d`, i, p, bound, i)
		}
		count = strings.Join(bounded, " UNION ")
		if walkCount {
			countArgs = &sqldb.Args{}
			count = `SELECT w.id FROM violations w WHERE ` + walkWhere(countArgs)
		}
	}
	if countArgs == nil {
		countArgs = &a
	}
	var list []*violation.Violation
	var total int
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		pa := append(sqldb.Args{}, a...)
		var err error
		q := page(&pa, limit, offset)
		list, err = sqldb.QueryAll(ctx, s.db, tx, "find violations", q, scanViolation, pa...)
		if err != nil {
			return err
		}
		// A short page is the end: its count needs no query.
		if len(list) < limit && (len(list) > 0 || offset == 0) {
			total = offset + len(list)
		} else if err := tx.QueryRowContext(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM (`+count+` LIMIT %d) c`, bound), *countArgs...).Scan(&total); err != nil {
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

// listPlan forces the plan of a subtree's list in tests where a walk may
// serve: "walk" (the page and the total), "walkpage" (the page; the total
// from the parts) or "set"; "" chooses (walkByAct).
var listPlan string

// walkByAct reports whether the page of a subtree's list (up to row end)
// comes sooner walking down the act-date index (or a status's, by act
// date) than from the subtree's whole set: only without filters but the
// unit (one inside a scope), the status and the period, and when the walk
// is short enough, by the month rollups. A walk passes about end × table /
// subtree violations of the status asked (at most the table's of that
// status); a set reads all the subtree's violations at about twice the
// cost of each walked one (measured on both engines at national scale): a
// province's first page walks a few hundred rows instead of a set of
// 45,000, a district of 2,000 violations reads its set.
func (s *ViolationService) walkByAct(ctx context.Context, f violation.Filter, sc []string, unitPath string, end, bound int) (walk, walkCount bool, err error) {
	// The rollups count each status: a status filter walks that status's
	// violations (violations_status).
	sum := map[violation.Status]string{"": "r.open + r.handled + r.dismissed", violation.StatusOpen: "r.open",
		violation.StatusHandled: "r.handled", violation.StatusDismissed: "r.dismissed"}[f.Status]
	if len(sc) == 0 || sum == "" || f.OfficialID != 0 || sqldb.NormalizeStdCode(f.ItemCode) != "" || vntext.LikePattern(f.Query) != "" {
		return false, false, nil
	}
	paths := sc
	if unitPath != "" {
		if !slices.ContainsFunc(sc, func(p string) bool { return strings.HasPrefix(unitPath, p) }) {
			return false, false, nil
		}
		paths = []string{unitPath}
	}
	if listPlan != "" {
		return listPlan != "set", listPlan == "walk", nil
	}
	var a sqldb.Args
	in := make([]string, 0, len(paths)+1)
	for _, p := range append([]string{congvu.RootUnitPath}, paths...) {
		in = append(in, a.Add(p))
	}
	var all, size, subtree int64
	err = s.db.Read.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN u.path = $1 THEN `+sum+` END), 0),
		COALESCE(SUM(CASE WHEN u.path <> $1 THEN `+sum+` END), 0), COALESCE(SUM(CASE WHEN u.path <> $1 THEN r.open + r.handled + r.dismissed END), 0)
		FROM units u JOIN rollup_violation_unit_month r ON r.unit_id = u.id WHERE u.path IN (`+strings.Join(in, ", ")+`)`, a...).Scan(&all, &size, &subtree)
	if err != nil {
		return false, false, s.db.Internal("list plan", err)
	}
	if size == 0 {
		return false, false, nil
	}
	// The total: a walk passes about bound × table / subtree rows of the
	// status, each checked against the scope; the parts read by unit about
	// bound × subtree (all statuses) / subtree (of the status), cheaper by
	// a row (a factor of 4 measured): a walk counts a rare status only.
	walkRows := func(n int) int64 { return min(int64(n)*all/size, all) }
	walk = walkRows(end) <= 2*subtree
	return walk, walk && 4*walkRows(bound) <= min(int64(bound)*subtree/size, subtree), nil
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
