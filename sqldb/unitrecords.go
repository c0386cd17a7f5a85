package sqldb

import (
	"context"
	"maps"
	"slices"
	"strings"
)

// unitRecords are the tables of records kept against a unit (a column
// unit_id), by the label people read ("đánh giá"), as capabilities
// registered them. Written only from init functions.
var unitRecords = map[string]string{}

// RegisterUnitRecords declares that table keeps records against units in
// its column unit_id, which people call label: a restructuring's preview
// counts, per unit, the records that follow it. Call it from an init
// function.
func RegisterUnitRecords(label, table string) {
	if _, dup := unitRecords[label]; dup {
		panic("sqldb: unit records " + label + " registered twice")
	}
	unitRecords[label] = table
}

// CountUnitRecords counts the registered records of each unit of ids:
// unit id -> label -> count (units without records are absent).
func CountUnitRecords(ctx context.Context, q Querier, ids []int64) (map[int64]map[string]int, error) {
	out := map[int64]map[string]int{}
	for _, label := range slices.Sorted(maps.Keys(unitRecords)) {
		for rest := ids; len(rest) > 0; {
			batch := rest[:min(len(rest), 500)]
			rest = rest[len(batch):]
			var a Args
			ph := make([]string, len(batch))
			for i, id := range batch {
				ph[i] = a.Add(id)
			}
			rows, err := q.QueryContext(ctx, `SELECT unit_id, COUNT(*) FROM `+unitRecords[label]+` WHERE unit_id IN (`+strings.Join(ph, ", ")+`) GROUP BY unit_id`, a...)
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				var id int64
				var n int
				if err := rows.Scan(&id, &n); err != nil {
					rows.Close()
					return nil, err
				}
				if out[id] == nil {
					out[id] = map[string]int{}
				}
				out[id][label] = n
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
