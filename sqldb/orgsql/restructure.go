package orgsql

import (
	"context"
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
// into another is moved under its successor, so that every subtree query of
// the successor (dashboards, reports) also covers the old unit's history.
func (s *UnitService) Restructure(ctx context.Context, plan org.RestructuringPlan) ([]*org.Restructuring, error) {
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
		r := &restructurer{s: s, tx: tx, ctx: ctx, actor: congvu.ActorFromContext(ctx), eff: eff}
		if err := r.snapshotPartly(plan.Operations); err != nil {
			return err
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
		return nil
	})
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
	for _, from := range rs.FromIDs {
		for _, to := range rs.ToIDs {
			if (from == to) != self {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO unit_successions (restructuring_id, from_unit_id, to_unit_id) VALUES ($1, $2, $3)`, rs.ID, from, to); err != nil {
				return s.db.Internal("insert succession", err)
			}
		}
		if self || slices.Contains(rs.ToIDs, from) || r.partly[from] {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE units SET active = FALSE, dissolved_on = $1, updated_at = $2 WHERE id = $3`, eff, tx.Now, from); err != nil {
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
	// atStart are the units in force when the plan began, by code, that
	// operations name in "partly"; partly marks those of the operation
	// being applied.
	atStart map[string]*sqldb.UnitRef
	partly  map[int64]bool
	eff     time.Time
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
	parentID := defaultParent
	if spec.ParentCode != "" {
		p, err := r.unit(spec.ParentCode)
		if err != nil {
			return nil, false, err
		}
		parentID = p.ID
	}
	parent, err := r.s.unitBy(r.ctx, r.tx, "u.id = $1", parentID)
	if err != nil {
		return nil, false, err
	}
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
	u, err := r.s.unitBy(r.ctx, r.tx, "u.id = $1", id)
	return u, true, err
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
	_, err := r.tx.ExecContext(r.ctx, `UPDATE units SET path = $1 || substr(path, $2), depth = depth + $3, updated_at = $4 WHERE path >= $5 AND path < $6`,
		newPath, len(u.Path)+1, delta, r.tx.Now, u.Path, congvu.SubtreeUpper(u.Path))
	if err != nil {
		return r.s.db.Internal("move subtree", err)
	}
	_, err = r.tx.ExecContext(r.ctx, `UPDATE units SET parent_id = $1 WHERE id = $2`, parent.ID, u.ID)
	if err != nil {
		return r.s.db.Internal("move unit", err)
	}
	if err := sqldb.UnitMoved(r.ctx, r.tx, u.ID, sqldb.PathIDs(u.Path), sqldb.PathIDs(newPath)); err != nil {
		return err
	}
	u.Path, u.Depth, u.ParentID = newPath, u.Depth+delta, parent.ID
	return nil
}

// adopt moves the active children and the active officials of from to to.
func (r *restructurer) adopt(from, to *org.Unit) error {
	children, err := r.childrenOf(from.ID)
	if err != nil {
		return err
	}
	for _, c := range children {
		if c.ID == to.ID {
			continue
		}
		if err := r.move(c, to); err != nil {
			return err
		}
	}
	_, err = r.tx.ExecContext(r.ctx, `UPDATE officials SET unit_id = $1, updated_at = $2 WHERE unit_id = $3 AND active = TRUE`, to.ID, r.tx.Now, from.ID)
	if err != nil {
		return r.s.db.Internal("move officials", err)
	}
	return r.s.db.Internal("move officials", syncStays(r.tx, "o.unit_id = $1", to.ID))
}

func (r *restructurer) childrenOf(id int64) ([]*org.Unit, error) {
	return sqldb.QueryAll(r.ctx, r.s.db, r.tx, "children", `SELECT `+sqldb.UnitCols+` FROM units u WHERE u.parent_id = $1 AND u.active = TRUE ORDER BY u.id`, sqldb.ScanUnit, id)
}

// apply performs one operation and returns its record (without id).
func (r *restructurer) apply(op org.RestructuringOp) (*org.Restructuring, error) {
	r.before, r.partly = nil, map[int64]bool{}
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
		var froms []*org.Unit
		seen := map[string]bool{}
		for _, code := range op.From {
			if seen[code] {
				return nil, congvu.Errorf(congvu.EINVALID, "mã %s ghi hai lần.", code)
			}
			seen[code] = true
			u, err := r.unit(code)
			if err != nil {
				return nil, err
			}
			froms = append(froms, u)
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
			rs.FromIDs = append(rs.FromIDs, f.ID)
			if f.ID == into.ID {
				continue
			}
			if strings.HasPrefix(into.Path, f.Path) {
				return nil, congvu.Errorf(congvu.EINVALID, "không thể sáp nhập %s vào đơn vị cấp dưới của nó.", f.Name)
			}
			if err := r.adopt(f, into); err != nil {
				return nil, err
			}
			if err := r.move(f, into); err != nil {
				return nil, err
			}
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
