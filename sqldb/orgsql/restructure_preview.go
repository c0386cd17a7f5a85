package orgsql

import (
	"cmp"
	"slices"
	"strings"

	"congvu/org"
	"congvu/sqldb"
)

// treeState is what a preview compares before and after a plan: each
// unit, and the unit of each official in office.
type treeState struct {
	units     map[int64]*stateUnit
	officials map[int64]int64 // official id -> unit id
}

type stateUnit struct {
	id, parentID int64
	code, name   string
	active       bool
}

func (r *restructurer) state() (*treeState, error) {
	st := &treeState{units: map[int64]*stateUnit{}, officials: map[int64]int64{}}
	rows, err := r.tx.QueryContext(r.ctx, `SELECT id, COALESCE(parent_id, 0), code, name, active FROM units`)
	if err != nil {
		return nil, r.s.db.Internal("preview: units", err)
	}
	for rows.Next() {
		u := &stateUnit{}
		if err := rows.Scan(&u.id, &u.parentID, &u.code, &u.name, &u.active); err != nil {
			rows.Close()
			return nil, r.s.db.Internal("preview: units", err)
		}
		st.units[u.id] = u
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, r.s.db.Internal("preview: units", err)
	}
	rows, err = r.tx.QueryContext(r.ctx, `SELECT id, unit_id FROM officials WHERE active = TRUE`)
	if err != nil {
		return nil, r.s.db.Internal("preview: officials", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, unit int64
		if err := rows.Scan(&id, &unit); err != nil {
			return nil, r.s.db.Internal("preview: officials", err)
		}
		st.officials[id] = unit
	}
	return st, r.s.db.Internal("preview: officials", rows.Err())
}

// fillPreview compares the tree after the plan with before.
func (r *restructurer) fillPreview(p *org.RestructuringPreview, before *treeState, done []*org.Restructuring) error {
	after, err := r.state()
	if err != nil {
		return err
	}
	p.Restructurings = len(done)
	p.Kinds = map[string]int{}
	for _, rs := range done {
		p.Kinds[string(rs.Kind)]++
		if !slices.Contains(p.Decisions, rs.Decision) {
			p.Decisions = append(p.Decisions, rs.Decision)
		}
	}
	name := func(id int64) string {
		if u := after.units[id]; u != nil {
			return u.name
		}
		return ""
	}
	add := func(list *[]org.PreviewUnit, n *int, u org.PreviewUnit) {
		*n++
		if p.Limit == 0 || len(*list) < p.Limit {
			*list = append(*list, u)
		}
	}
	ids := slices.Sorted(func(yield func(int64) bool) {
		for id := range after.units {
			if !yield(id) {
				return
			}
		}
	})
	var dissolved, followed []int64
	for _, id := range ids {
		a, b := after.units[id], before.units[id]
		switch {
		case b == nil:
			add(&p.Created, &p.Totals.Created, org.PreviewUnit{ID: id, Code: a.code, Name: a.name, To: name(a.parentID)})
		case b.active && !a.active:
			dissolved = append(dissolved, id)
			followed = append(followed, id)
		case a.active && a.parentID != b.parentID:
			add(&p.Moved, &p.Totals.Moved, org.PreviewUnit{ID: id, Code: a.code, Name: a.name, From: before.units[b.parentID].name, To: name(a.parentID)})
			followed = append(followed, id)
		}
		if b != nil && a.active && a.name != b.name {
			add(&p.Renamed, &p.Totals.Renamed, org.PreviewUnit{ID: id, Code: a.code, Name: a.name, From: b.name})
		}
	}
	// Dissolved units with their successors.
	succ := map[int64][]string{}
	for rest := dissolved; len(rest) > 0; {
		batch := rest[:min(len(rest), 500)]
		rest = rest[len(batch):]
		var a sqldb.Args
		ph := make([]string, len(batch))
		for i, id := range batch {
			ph[i] = a.Add(id)
		}
		rows, err := r.tx.QueryContext(r.ctx, `SELECT from_unit_id, to_unit_id FROM unit_successions WHERE from_unit_id IN (`+strings.Join(ph, ", ")+`) ORDER BY from_unit_id, to_unit_id`, a...)
		if err != nil {
			return r.s.db.Internal("preview: successions", err)
		}
		for rows.Next() {
			var from, to int64
			if err := rows.Scan(&from, &to); err != nil {
				rows.Close()
				return r.s.db.Internal("preview: successions", err)
			}
			succ[from] = append(succ[from], name(to))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return r.s.db.Internal("preview: successions", err)
		}
	}
	for _, id := range dissolved {
		a := after.units[id]
		add(&p.Dissolved, &p.Totals.Dissolved, org.PreviewUnit{ID: id, Code: a.code, Name: a.name, To: strings.Join(succ[id], ", ")})
	}
	// Officials, per unit they leave and unit they join.
	type move struct{ from, to int64 }
	moves := map[move]int{}
	for id, to := range after.officials {
		if from, ok := before.officials[id]; ok && from != to {
			moves[move{from, to}]++
			p.Totals.Officials++
		}
	}
	keys := slices.SortedFunc(func(yield func(move) bool) {
		for k := range moves {
			if !yield(k) {
				return
			}
		}
	}, func(x, y move) int { return cmp.Or(cmp.Compare(x.from, y.from), cmp.Compare(x.to, y.to)) })
	for _, k := range keys {
		u := before.units[k.from]
		add(&p.Officials, &p.Totals.OfficialUnits, org.PreviewUnit{ID: k.from, Code: u.code, Name: u.name, To: name(k.to), Count: moves[k]})
	}
	// Records of the units that leave office or move: they stay with their
	// unit and roll up into its successors or new parent.
	counts, err := sqldb.CountUnitRecords(r.ctx, r.tx, followed)
	if err != nil {
		return r.s.db.Internal("preview: records", err)
	}
	for _, id := range followed {
		c := counts[id]
		if len(c) == 0 {
			continue
		}
		if p.RecordTotals == nil {
			p.RecordTotals = map[string]int{}
		}
		for k, n := range c {
			p.RecordTotals[k] += n
		}
		a := after.units[id]
		add(&p.Records, &p.Totals.RecordUnits, org.PreviewUnit{ID: id, Code: a.code, Name: a.name, To: name(a.parentID), Records: c})
	}
	return nil
}
