package sqldb

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// AddExcluded is the SET list of an upsert (ON CONFLICT … DO UPDATE SET)
// that adds the new values of cols to those of table's row.
func AddExcluded(table string, cols ...string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = fmt.Sprintf("%s = %s.%s + excluded.%s", c, table, c, c)
	}
	return strings.Join(parts, ", ")
}

// AncestorMove is an ancestor whose subtree rollups change when a unit
// moves (see UnitMoveHook): Sign is "-" for an old ancestor that loses the
// unit's rows, "+" for a new one that gains them, to prefix the columns.
type AncestorMove struct {
	ID   int64
	Sign string
}

// AncestorMoves lists the ancestors whose rollups change when unit unitID
// moves from under oldAncestors to under newAncestors: each old one that is
// not a new one ("-") and each new one that was not an old one ("+"),
// unitID itself left out, in id order (the order the rollup batchers lock
// rows in).
func AncestorMoves(unitID int64, oldAncestors, newAncestors []int64) []AncestorMove {
	var out []AncestorMove
	for _, id := range oldAncestors {
		if id != unitID && !slices.Contains(newAncestors, id) {
			out = append(out, AncestorMove{id, "-"})
		}
	}
	for _, id := range newAncestors {
		if id != unitID && !slices.Contains(oldAncestors, id) {
			out = append(out, AncestorMove{id, "+"})
		}
	}
	slices.SortFunc(out, func(a, b AncestorMove) int { return cmp.Compare(a.ID, b.ID) })
	return out
}
