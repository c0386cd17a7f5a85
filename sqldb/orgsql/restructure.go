package orgsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/vntext"
)

// Restructure applies a restructuring plan in one transaction. Units that
// cease to exist are kept, inactive, with the date they were dissolved:
// everything recorded against them stays attributed to them. A unit merged
// into another is moved under its successor. Figures for a period are those
// of the tree as it stood then (sqldb.UnitMoved): the rollups of days before
// the effective date stay with the old ancestors, from it they go to the new
// ones.
func (s *UnitService) Restructure(ctx context.Context, plan org.RestructuringPlan) ([]*org.Restructuring, error) {
	return s.restructure(ctx, plan, nil)
}

// errPreview rolls back the transaction of a preview.
var errPreview = errors.New("preview: roll back")

// PreviewRestructure applies the plan in a transaction that it rolls back,
// and reports what changed. See org.UnitService.
func (s *UnitService) PreviewRestructure(ctx context.Context, plan org.RestructuringPlan, limit int) (*org.RestructuringPreview, error) {
	p := &org.RestructuringPreview{Operations: len(plan.Operations), Limit: max(limit, 0)}
	_, err := s.restructure(ctx, plan, p)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// restructure applies the plan; with a preview it fills it and rolls back.
func (s *UnitService) restructure(ctx context.Context, plan org.RestructuringPlan, preview *org.RestructuringPreview) ([]*org.Restructuring, error) {
	eff, ok := congvu.ParseDate(plan.Effective, time.UTC) // a calendar date, stored as DATE
	if !ok {
		return nil, congvu.FieldError("effective", "Ngày hiệu lực phải có dạng dd/mm/yyyy hoặc yyyy-mm-dd.")
	}
	plan.Decision = vntext.Normalize(plan.Decision)
	if plan.Decision == "" {
		return nil, congvu.FieldError("decision", "Xin ghi số, ngày của văn bản quyết định việc sắp xếp.")
	}
	if len(plan.Operations) == 0 {
		return nil, congvu.Errorf(congvu.EINVALID, "Kế hoạch sắp xếp không có thao tác nào.")
	}
	var out []*org.Restructuring
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		r := &restructurer{s: s, tx: tx, ctx: ctx, actor: congvu.ActorFromContext(ctx), eff: eff, from: sqldb.FiguresFrom(eff, tx.Now),
			busy: map[int64]bool{}, staffed: map[int64]bool{}, dissolved: map[int64]bool{}}
		if err := r.snapshotPartly(plan.Operations); err != nil {
			return err
		}
		var before *treeState
		if preview != nil {
			var err error
			if before, err = r.state(); err != nil {
				return err
			}
		}
		for i, op := range plan.Operations {
			fail := func(err error) error {
				if congvu.ErrorCode(err) == congvu.EINTERNAL {
					return err
				}
				return &congvu.Error{Code: congvu.ErrorCode(err), Message: fmt.Sprintf("Thao tác %d (%s): %s", i+1, opLabel(op.Op), congvu.ErrorMessage(err)), Fields: congvu.ErrorFields(err)}
			}
			ops := []org.RestructuringOp{op}
			if op.Op == org.RestructAbolish && len(op.From) == 0 && op.Kind != "" {
				// A whole level under a unit: each of its units in force, in turn.
				codes, err := r.levelUnder(op.Kind, op.Parent)
				if err != nil {
					return fail(err)
				}
				ops = ops[:0]
				for _, c := range codes {
					ops = append(ops, org.RestructuringOp{Op: org.RestructAbolish, From: []string{c}, Decision: op.Decision})
				}
			}
			for _, op := range ops {
				if err := r.record(op, plan, eff, &out); err != nil {
					return fail(err)
				}
			}
		}
		if preview != nil {
			if err := r.fillPreview(preview, before, out); err != nil {
				return err
			}
			return errPreview
		}
		return nil
	})
	if err == errPreview {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// record applies one operation and records it, its successions and the
// units it dissolves.
func (r *restructurer) record(op org.RestructuringOp, plan org.RestructuringPlan, eff time.Time, out *[]*org.Restructuring) error {
	s, tx, ctx := r.s, r.tx, r.ctx
	rs, err := r.apply(op)
	if err != nil {
		return err
	}
	decision := vntext.Normalize(op.Decision)
	if decision == "" {
		decision = plan.Decision
	}
	rs.Kind, rs.Effective, rs.Decision, rs.Note = op.Op, eff, decision, vntext.Normalize(plan.Note)
	if err := tx.QueryRowContext(ctx, `INSERT INTO restructurings (kind, effective_on, decision, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		string(rs.Kind), eff, rs.Decision, rs.Note, sqldb.NullID(max(r.actor.UserID, 0)), tx.Now).Scan(&rs.ID); err != nil {
		return s.db.Internal("insert restructuring", err)
	}
	self := op.Op == org.RestructMove || op.Op == org.RestructRename
	var succ, gone sqldb.Args
	var pairs, dissolve []string
	for _, from := range rs.FromIDs {
		for _, to := range rs.ToIDs {
			if (from == to) != self {
				continue
			}
			pairs = append(pairs, "("+succ.Add(rs.ID)+", "+succ.Add(from)+", "+succ.Add(to)+")")
		}
		if self || slices.Contains(rs.ToIDs, from) || r.partly[from] || r.dissolved[from] {
			continue
		}
		dissolve = append(dissolve, gone.Add(from))
	}
	if len(pairs) > 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO unit_successions (restructuring_id, from_unit_id, to_unit_id) VALUES `+strings.Join(pairs, ", "), succ...); err != nil {
			return s.db.Internal("insert succession", err)
		}
	}
	if len(dissolve) > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE units SET active = FALSE, dissolved_on = `+gone.Add(eff)+`, updated_at = `+gone.Add(tx.Now)+` WHERE id IN (`+strings.Join(dissolve, ", ")+`)`, gone...); err != nil {
			return s.db.Internal("dissolve unit", err)
		}
	}
	rs.CreatedAt = tx.Now
	if err := tx.Audit("unit.restructure", "restructuring", rs.ID, firstID(rs.ToIDs, rs.FromIDs), r.before, rs); err != nil {
		return err
	}
	*out = append(*out, rs)
	return nil
}

func firstID(lists ...[]int64) int64 {
	for _, l := range lists {
		if len(l) > 0 {
			return l[0]
		}
	}
	return 0
}

func opLabel(k org.RestructuringKind) string {
	switch k {
	case org.RestructMerge:
		return "hợp nhất, sáp nhập"
	case org.RestructSplit:
		return "chia tách"
	case org.RestructAbolish:
		return "giải thể cấp"
	case org.RestructMove:
		return "chuyển cấp trên"
	case org.RestructRename:
		return "đổi tên"
	}
	return string(k)
}

// restructurer applies operations inside one transaction.
type restructurer struct {
	s      *UnitService
	tx     *sqldb.Tx
	ctx    context.Context
	actor  *congvu.Actor
	before []*org.Unit
	from   time.Time // sqldb.FiguresFrom the plan's effective date
	// atStart are the units in force when the plan began, by code, that
	// operations name in "partly"; partly marks those of the operation
	// being applied.
	atStart map[string]*sqldb.UnitRef
	partly  map[int64]bool
	eff     time.Time
	// What units loads tells, per unit id: whether it has active
	// sub-units, whether it has officials in office; dissolved marks the
	// units an operation already dissolved.
	busy, staffed, dissolved map[int64]bool
}

// rowScanner scans a unit's columns followed by extra ones.
type rowScanner struct {
	rows  *sql.Rows
	extra []any
}

func (s rowScanner) Scan(dest ...any) error { return s.rows.Scan(append(dest, s.extra...)...) }

// units loads the units in force with codes, in one query, for an
// operation's "from": as unit does, each must exist, be visible and
// manageable, and appear once.
func (r *restructurer) units(codes []string) ([]*org.Unit, error) {
	seen := map[string]bool{}
	var a sqldb.Args
	ph := make([]string, 0, len(codes))
	for _, c := range codes {
		c = strings.TrimSpace(c)
		if seen[c] {
			return nil, congvu.Errorf(congvu.EINVALID, "mã %s ghi hai lần.", c)
		}
		seen[c] = true
		ph = append(ph, a.Add(c))
	}
	if len(ph) == 0 {
		return nil, nil
	}
	rows, err := r.tx.QueryContext(r.ctx, `SELECT `+sqldb.UnitCols+`,
		EXISTS (SELECT 1 FROM units c WHERE c.parent_id = u.id),
		EXISTS (SELECT 1 FROM officials o WHERE o.unit_id = u.id AND o.active = TRUE)
		FROM units u WHERE u.active = TRUE AND u.code IN (`+strings.Join(ph, ", ")+`)`, a...)
	if err != nil {
		return nil, r.s.db.Internal("restructure: units", err)
	}
	byCode := map[string]*org.Unit{}
	for rows.Next() {
		var busy, staffed bool
		u, err := sqldb.ScanUnit(rowScanner{rows, []any{&busy, &staffed}})
		if err != nil {
			rows.Close()
			return nil, r.s.db.Internal("restructure: units", err)
		}
		byCode[u.Code] = u
		r.busy[u.ID], r.staffed[u.ID] = busy, staffed
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, r.s.db.Internal("restructure: units", err)
	}
	out := make([]*org.Unit, 0, len(codes))
	for _, c := range codes {
		c = strings.TrimSpace(c)
		u := byCode[c]
		if u == nil || !r.actor.Can(congvu.ActUnitManage, u.Path) {
			_, err := r.unit(c) // says why
			if err == nil {
				err = r.s.db.Internal("restructure: units", fmt.Errorf("unit %s found once only", c))
			}
			return nil, err
		}
		r.before = append(r.before, u)
		out = append(out, u)
	}
	return out, nil
}

// snapshotPartly loads the units named in "partly" as they were when the
// plan began: a code there names the old unit even after a new unit of the
// plan took its code.
func (r *restructurer) snapshotPartly(ops []org.RestructuringOp) error {
	r.atStart = map[string]*sqldb.UnitRef{}
	var codes []string
	for _, op := range ops {
		for _, c := range op.Partly {
			c = strings.TrimSpace(c)
			if _, ok := r.atStart[c]; !ok {
				r.atStart[c] = nil
				codes = append(codes, c)
			}
		}
	}
	return forBatches(codes, func(batch []string) error {
		var a sqldb.Args
		q, err := r.tx.QueryContext(r.ctx, `SELECT id, code, name, path, active FROM units WHERE active = TRUE AND code IN (`+argList(&a, batch)+`)`, a...)
		if err != nil {
			return r.s.db.Internal("restructure: partly", err)
		}
		defer q.Close()
		for q.Next() {
			u := &sqldb.UnitRef{}
			if err := q.Scan(&u.ID, &u.Code, &u.Name, &u.Path, &u.Active); err != nil {
				return r.s.db.Internal("restructure: partly", err)
			}
			r.atStart[u.Code] = u
		}
		return r.s.db.Internal("restructure: partly", q.Err())
	})
}

// levelUnder lists the codes of the units of a kind in force in the
// subtree of the unit with code parent, by path.
func (r *restructurer) levelUnder(kind org.UnitKind, parent string) ([]string, error) {
	if !kind.Valid() || kind == org.KindNation {
		return nil, congvu.Errorf(congvu.EINVALID, "loại đơn vị %q không có.", kind)
	}
	p, err := r.unit(parent)
	if err != nil {
		return nil, err
	}
	rows, err := r.tx.QueryContext(r.ctx, `SELECT code FROM units WHERE active = TRUE AND kind = $1 AND path > $2 AND path < $3 ORDER BY path`,
		string(kind), p.Path, congvu.SubtreeUpper(p.Path))
	if err != nil {
		return nil, r.s.db.Internal("restructure: level", err)
	}
	defer rows.Close()
	var codes []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, r.s.db.Internal("restructure: level", err)
		}
		codes = append(codes, c)
	}
	return codes, r.s.db.Internal("restructure: level", rows.Err())
}

// unit loads the unit in force with code that the actor may manage. A code
// names the unit in force with it at that point of the plan: the old unit
// until an operation dissolves it, then the new unit that takes its code.
func (r *restructurer) unit(code string) (*org.Unit, error) {
	code = strings.TrimSpace(code)
	u, err := r.s.unitBy(r.ctx, r.tx, "u.code = $1 AND u.active = TRUE", code)
	if congvu.ErrorCode(err) == congvu.ENOTFOUND {
		u, err = r.s.unitBy(r.ctx, r.tx, codeInForce, code)
	}
	if err != nil || !r.actor.Can(congvu.ActUnitView, u.Path) {
		return nil, congvu.Errorf(congvu.EINVALID, "không tìm thấy đơn vị mã %q.", code)
	}
	if !r.actor.Can(congvu.ActUnitManage, u.Path) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "bạn không có quyền sắp xếp %s.", u.Name)
	}
	if !u.Active {
		return nil, congvu.Errorf(congvu.EINVALID, "%s (mã %s) đã giải thể hoặc sáp nhập trước đó.", u.Name, u.Code)
	}
	r.before = append(r.before, u)
	return u, nil
}

// target returns the unit a spec names: an existing code, or a new unit
// created under the spec's parent (defaultParent when none is given).
func (r *restructurer) target(spec org.NewUnitSpec, defaultParent int64) (*org.Unit, bool, error) {
	if spec.Name == "" {
		u, err := r.unit(spec.Code)
		return u, false, err
	}
	var parent *org.Unit
	var err error
	if spec.ParentCode != "" {
		parent, err = r.unit(spec.ParentCode)
	} else {
		parent, err = r.s.unitBy(r.ctx, r.tx, "u.id = $1", defaultParent)
	}
	if err != nil {
		return nil, false, err
	}
	parentID := parent.ID
	if !r.actor.Can(congvu.ActUnitManage, parent.Path) {
		return nil, false, congvu.Errorf(congvu.EFORBIDDEN, "bạn không có quyền thêm đơn vị vào %s.", parent.Name)
	}
	in := org.UnitInput{Code: spec.Code, Name: spec.Name, Kind: spec.Kind, TypeName: spec.TypeName, ParentID: parentID}
	if err := validateUnit(&in); err != nil {
		return nil, false, congvu.Errorf(congvu.EINVALID, "đơn vị mới %q: %s", spec.Code, firstFieldMessage(err))
	}
	id, err := r.s.insertUnit(r.ctx, r.tx, in, parent)
	if err != nil {
		return nil, false, err
	}
	return &org.Unit{ID: id, Code: in.Code, Name: in.Name, Kind: in.Kind, TypeName: in.TypeName, ParentID: parentID,
		Path: congvu.PathOf(parent.Path, id), Depth: parent.Depth + 1, Active: true, CreatedAt: r.tx.Now, UpdatedAt: r.tx.Now}, true, nil
}

func firstFieldMessage(err error) string {
	for _, m := range congvu.ErrorFields(err) {
		return m
	}
	return congvu.ErrorMessage(err)
}

// move re-parents unit u (and its whole subtree) under parent.
func (r *restructurer) move(u, parent *org.Unit) error {
	if strings.HasPrefix(parent.Path, u.Path) {
		return congvu.Errorf(congvu.EINVALID, "không thể đặt %s vào bên trong chính nó.", u.Name)
	}
	newPath := congvu.PathOf(parent.Path, u.ID)
	delta := parent.Depth + 1 - u.Depth
	if err := sqldb.RecordPathsBefore(r.ctx, r.tx, u.Path, r.from); err != nil {
		return err
	}
	_, err := r.tx.ExecContext(r.ctx, `UPDATE units SET path = $1 || substr(path, $2), depth = depth + $3, updated_at = $4,
		parent_id = CASE WHEN id = $7 THEN $8 ELSE parent_id END WHERE path >= $5 AND path < $6`,
		newPath, len(u.Path)+1, delta, r.tx.Now, u.Path, congvu.SubtreeUpper(u.Path), u.ID, parent.ID)
	if err != nil {
		return r.s.db.Internal("move subtree", err)
	}
	if err := sqldb.UnitMoved(r.ctx, r.tx, u.ID, sqldb.PathIDs(u.Path), sqldb.PathIDs(newPath), r.from); err != nil {
		return err
	}
	u.Path, u.Depth, u.ParentID = newPath, u.Depth+delta, parent.ID
	return nil
}

// dissolveInto moves units without sub-units under into and dissolves
// them, in one statement.
func (r *restructurer) dissolveInto(leaves []*org.Unit, into *org.Unit) error {
	if len(leaves) == 0 {
		return nil
	}
	var a sqldb.Args
	set := `UPDATE units SET path = ` + a.Add(into.Path) + ` || CAST(id AS TEXT) || '/', depth = ` + a.Add(into.Depth+1) +
		`, parent_id = ` + a.Add(into.ID) + `, active = FALSE, dissolved_on = ` + a.Add(r.eff) + `, updated_at = ` + a.Add(r.tx.Now)
	ph := make([]string, len(leaves))
	for i, f := range leaves {
		ph[i] = a.Add(f.ID)
	}
	ids := make([]int64, len(leaves))
	for i, f := range leaves {
		ids[i] = f.ID
	}
	if err := sqldb.RecordUnitPathsBefore(r.ctx, r.tx, ids, r.from); err != nil {
		return err
	}
	if _, err := r.tx.ExecContext(r.ctx, set+` WHERE id IN (`+strings.Join(ph, ", ")+`)`, a...); err != nil {
		return r.s.db.Internal("move and dissolve units", err)
	}
	for _, f := range leaves {
		newPath := congvu.PathOf(into.Path, f.ID)
		if err := sqldb.UnitMoved(r.ctx, r.tx, f.ID, sqldb.PathIDs(f.Path), sqldb.PathIDs(newPath), r.from); err != nil {
			return err
		}
		f.Path, f.Depth, f.ParentID, f.Active = newPath, into.Depth+1, into.ID, false
		r.dissolved[f.ID] = true
	}
	return nil
}

// adopt moves the active children and the active officials of from to to.
func (r *restructurer) adopt(from, to *org.Unit) error { return r.adoptAll([]*org.Unit{from}, to) }

// adoptAll moves the active children and the active officials of the units
// froms to to, each kind in one statement.
func (r *restructurer) adoptAll(froms []*org.Unit, to *org.Unit) error {
	var a sqldb.Args
	var ph []string
	busy, staffed := false, false
	for _, f := range froms {
		if f.ID != to.ID {
			ph = append(ph, a.Add(f.ID))
			b, known := r.busy[f.ID]
			busy = busy || b || !known
			s, known := r.staffed[f.ID]
			staffed = staffed || s || !known
		}
	}
	if len(ph) == 0 || !busy && !staffed {
		return nil
	}
	in := strings.Join(ph, ", ")
	var children []*org.Unit
	if busy {
		var err error
		children, err = sqldb.QueryAll(r.ctx, r.s.db, r.tx, "children", `SELECT `+sqldb.UnitCols+` FROM units u WHERE u.parent_id IN (`+in+`) AND u.active = TRUE ORDER BY u.id`, sqldb.ScanUnit, a...)
		if err != nil {
			return err
		}
	}
	for _, c := range children {
		if c.ID == to.ID {
			continue
		}
		if err := r.move(c, to); err != nil {
			return err
		}
	}
	if !staffed {
		return nil
	}
	res, err := r.tx.ExecContext(r.ctx, `UPDATE officials SET unit_id = `+a.Add(to.ID)+`, updated_at = `+a.Add(r.tx.Now)+` WHERE unit_id IN (`+in+`) AND active = TRUE`, a...)
	if err != nil {
		return r.s.db.Internal("move officials", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	return r.s.db.Internal("move officials", syncStays(r.tx, "o.unit_id = $1", to.ID))
}

// apply performs one operation and returns its record (without id).
func (r *restructurer) apply(op org.RestructuringOp) (*org.Restructuring, error) {
	// What units learns holds for this operation only.
	r.before, r.partly, r.busy, r.staffed = nil, map[int64]bool{}, map[int64]bool{}, map[int64]bool{}
	rs := &org.Restructuring{}
	one := func() (*org.Unit, error) {
		if len(op.From) != 1 {
			return nil, congvu.Errorf(congvu.EINVALID, "cần đúng một mã đơn vị trong \"from\".")
		}
		return r.unit(op.From[0])
	}
	switch op.Op {
	case org.RestructMerge:
		if len(op.From)+len(op.Partly) == 0 || op.Into == nil || op.Into.Code == "" {
			return nil, congvu.Errorf(congvu.EINVALID, "cần danh sách đơn vị \"from\" và đơn vị kết quả \"into\".")
		}
		froms, err := r.units(op.From)
		if err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		for _, f := range froms {
			seen[f.Code] = true
		}
		var parts []int64
		for _, code := range op.Partly {
			code = strings.TrimSpace(code)
			if seen[code] {
				return nil, congvu.Errorf(congvu.EINVALID, "mã %s ghi hai lần.", code)
			}
			seen[code] = true
			u := r.atStart[code]
			if u == nil || !r.actor.Can(congvu.ActUnitView, u.Path) {
				return nil, congvu.Errorf(congvu.EINVALID, "không tìm thấy đơn vị mã %q đang hoạt động khi bắt đầu phương án (mục \"partly\").", code)
			}
			if !r.actor.Can(congvu.ActUnitManage, u.Path) {
				return nil, congvu.Errorf(congvu.EFORBIDDEN, "bạn không có quyền sắp xếp %s.", u.Name)
			}
			parts = append(parts, u.ID)
			r.partly[u.ID] = true
		}
		defaultParent := int64(0)
		if len(froms) > 0 {
			defaultParent = froms[0].ParentID
		} else if op.Into.ParentCode == "" && op.Into.Name != "" {
			return nil, congvu.Errorf(congvu.EINVALID, "đơn vị mới %q cần mã đơn vị cấp trên (\"parent\").", op.Into.Code)
		}
		if op.Into.Name != "" {
			// A new unit may take the code of a unit it merges: that unit
			// leaves office first (codes are unique among units in force).
			for _, f := range froms {
				if f.Code == strings.TrimSpace(op.Into.Code) {
					if _, err := r.tx.ExecContext(r.ctx, `UPDATE units SET active = FALSE, dissolved_on = $1, updated_at = $2 WHERE id = $3`, r.eff, r.tx.Now, f.ID); err != nil {
						return nil, r.s.db.Internal("dissolve unit", err)
					}
					f.Active = false
				}
			}
		}
		into, _, err := r.target(*op.Into, defaultParent)
		if err != nil {
			return nil, err
		}
		others := len(parts)
		for _, f := range froms {
			if f.ID != into.ID {
				others++
			}
		}
		if others == 0 || len(froms) == 1 && len(parts) == 0 && froms[0].ID == into.ID {
			return nil, congvu.Errorf(congvu.EINVALID, "hợp nhất cần ít nhất hai đơn vị, hoặc một đơn vị sáp nhập vào đơn vị khác.")
		}
		if slices.Contains(parts, into.ID) {
			return nil, congvu.Errorf(congvu.EINVALID, "%s không thể nhận một phần của chính nó.", into.Name)
		}
		for _, f := range froms {
			if f.ID != into.ID && strings.HasPrefix(into.Path, f.Path) {
				return nil, congvu.Errorf(congvu.EINVALID, "không thể sáp nhập %s vào đơn vị cấp dưới của nó.", f.Name)
			}
		}
		if err := r.adoptAll(froms, into); err != nil {
			return nil, err
		}
		var leaves []*org.Unit
		for _, f := range froms {
			rs.FromIDs = append(rs.FromIDs, f.ID)
			switch {
			case f.ID == into.ID:
			case !r.busy[f.ID]:
				leaves = append(leaves, f)
			default:
				if err := r.move(f, into); err != nil {
					return nil, err
				}
			}
		}
		if err := r.dissolveInto(leaves, into); err != nil {
			return nil, err
		}
		rs.FromIDs = append(rs.FromIDs, parts...)
		rs.ToIDs = []int64{into.ID}
	case org.RestructSplit:
		src, err := one()
		if err != nil {
			return nil, err
		}
		if len(op.Parts) < 2 {
			return nil, congvu.Errorf(congvu.EINVALID, "chia tách cần ít nhất hai đơn vị kết quả trong \"parts\".")
		}
		byCode := map[string]*org.Unit{}
		var parts []*org.Unit
		for _, p := range op.Parts {
			u, _, err := r.target(p, src.ParentID)
			if err != nil {
				return nil, err
			}
			if u.ID == src.ID || strings.HasPrefix(u.Path, src.Path) {
				return nil, congvu.Errorf(congvu.EINVALID, "đơn vị kết quả %s không được nằm trong đơn vị bị chia tách.", u.Name)
			}
			byCode[u.Code] = u
			parts = append(parts, u)
			rs.ToIDs = append(rs.ToIDs, u.ID)
		}
		for emp, code := range op.Officials {
			to := byCode[code]
			if to == nil {
				return nil, congvu.Errorf(congvu.EINVALID, "cán bộ %s được chuyển tới %q, không phải một đơn vị kết quả.", emp, code)
			}
			res, err := r.tx.ExecContext(r.ctx, `UPDATE officials SET unit_id = $1, updated_at = $2 WHERE employee_code = $3 AND unit_id = $4`, to.ID, r.tx.Now, emp, src.ID)
			if err != nil {
				return nil, r.s.db.Internal("move official", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil, congvu.Errorf(congvu.EINVALID, "không có cán bộ mã %s thuộc %s.", emp, src.Name)
			}
			if err := syncStays(r.tx, "o.employee_code = $1", emp); err != nil {
				return nil, r.s.db.Internal("move official", err)
			}
		}
		if err := r.adopt(src, parts[0]); err != nil {
			return nil, err
		}
		rs.FromIDs = []int64{src.ID}
	case org.RestructAbolish:
		u, err := one()
		if err != nil {
			return nil, err
		}
		parent, err := r.s.unitBy(r.ctx, r.tx, "u.id = $1", u.ParentID)
		if err != nil {
			return nil, congvu.Errorf(congvu.EINVALID, "không thể giải thể đơn vị gốc.")
		}
		if !r.actor.Can(congvu.ActUnitManage, parent.Path) {
			return nil, congvu.Errorf(congvu.EFORBIDDEN, "bạn không có quyền chuyển đơn vị cấp dưới lên %s.", parent.Name)
		}
		if err := r.adopt(u, parent); err != nil {
			return nil, err
		}
		rs.FromIDs, rs.ToIDs = []int64{u.ID}, []int64{parent.ID}
	case org.RestructMove:
		u, err := one()
		if err != nil {
			return nil, err
		}
		parent, err := r.unit(op.Parent)
		if err != nil {
			return nil, err
		}
		if err := r.move(u, parent); err != nil {
			return nil, err
		}
		rs.FromIDs, rs.ToIDs = []int64{u.ID}, []int64{u.ID}
	case org.RestructRename:
		u, err := one()
		if err != nil {
			return nil, err
		}
		in := org.UnitInput{Code: u.Code, Name: op.Name, Kind: op.Kind, TypeName: op.TypeName}
		if in.Kind == "" {
			in.Kind = u.Kind
		}
		if in.TypeName == "" {
			in.TypeName = u.TypeName
		}
		if err := validateUnit(&in); err != nil {
			return nil, congvu.Errorf(congvu.EINVALID, "%s", firstFieldMessage(err))
		}
		if _, err := r.tx.ExecContext(r.ctx, `UPDATE units SET name = $1, search_name = $2, kind = $3, type_name = $4, updated_at = $5 WHERE id = $6`,
			in.Name, vntext.SearchKey(in.Name), string(in.Kind), in.TypeName, r.tx.Now, u.ID); err != nil {
			return nil, r.s.db.Internal("rename unit", err)
		}
		rs.FromIDs, rs.ToIDs = []int64{u.ID}, []int64{u.ID}
	default:
		return nil, congvu.Errorf(congvu.EINVALID, "thao tác %q không có; dùng merge, split, abolish, move hoặc rename.", op.Op)
	}
	return rs, nil
}
