package sqldb

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"congvu"
)

// The registry is how capabilities hook into each other without importing
// each other's storage: a capability registers its hooks (in its package's
// init, so that linking it in is enough), and the kernel or another
// capability calls whatever is registered.

// Concealer returns an SQL condition, true when the entity whose id is in
// the column idCol must be hidden from the actor (a petition from the staff
// it concerns). Arguments are added to ar; "1=0" hides nothing.
type Concealer func(ctx context.Context, q Querier, actor *congvu.Actor, idCol string, ar *Args) (string, error)

// UnitMoveHook runs in the transaction that moves unit unitID from under
// oldAncestors to under newAncestors (ids, root first), to keep what a
// capability rolls up along the tree right. Figures are those of the tree
// as it stood: what the unit's subtree recorded before from (a calendar
// date, the restructuring's effective date) stays with the old ancestors;
// from that day on it goes to the new ones.
type UnitMoveHook func(ctx context.Context, tx *Tx, unitID int64, oldAncestors, newAncestors []int64, from time.Time) error

// The hooks, by entity type and by capability. They are written only by
// the Register functions, from package init functions, before anything
// reads them, so they need no lock.
var (
	concealers = map[string]Concealer{}
	unitMoves  = map[string]UnitMoveHook{}
)

// RegisterConcealer declares who must not see the entities of a type
// (audit_events.entity_type). The audit log and the outbox apply it. Call
// it from an init function.
func RegisterConcealer(entityType string, c Concealer) {
	if _, dup := concealers[entityType]; dup {
		panic("sqldb: concealer for " + entityType + " registered twice")
	}
	concealers[entityType] = c
}

// RegisterUnitMove adds a hook run when a unit moves in the tree; name
// identifies the capability (hooks run in name order). Call it from an init
// function.
func RegisterUnitMove(name string, h UnitMoveHook) {
	if _, dup := unitMoves[name]; dup {
		panic("sqldb: unit move hook " + name + " registered twice")
	}
	unitMoves[name] = h
}

// ConcealClause returns an SQL condition, true when the entity whose type
// is in typeCol and id in idCol must be hidden from the actor by the
// concealer of its type.
func ConcealClause(ctx context.Context, q Querier, actor *congvu.Actor, typeCol, idCol string, ar *Args) (string, error) {
	out := "1=0"
	for _, t := range slices.Sorted(maps.Keys(concealers)) {
		c, err := concealers[t](ctx, q, actor, idCol, ar)
		if err != nil {
			return "", err
		}
		out += fmt.Sprintf(" OR (%s = %s AND %s)", typeCol, ar.Add(t), c)
	}
	return "(" + out + ")", nil
}

// ConcealClauseOf is the condition of one entity type's concealer on idCol.
// A type that registered none is hidden whole ("1=1"): a binary that left
// the capability out shows none of its rows rather than all of them.
func ConcealClauseOf(ctx context.Context, q Querier, actor *congvu.Actor, entityType, idCol string, ar *Args) (string, error) {
	c := concealers[entityType]
	if c == nil {
		return "1=1", nil
	}
	return c(ctx, q, actor, idCol, ar)
}

// UnitMoved runs every registered unit move hook in tx; from is the first
// day whose figures go to the new ancestors (see UnitMoveHook).
func UnitMoved(ctx context.Context, tx *Tx, unitID int64, oldAncestors, newAncestors []int64, from time.Time) error {
	for _, n := range slices.Sorted(maps.Keys(unitMoves)) {
		if err := unitMoves[n](ctx, tx, unitID, oldAncestors, newAncestors, from); err != nil {
			return err
		}
	}
	return nil
}

// entityRefs are the SQL expressions naming an entity for people, by entity
// type (see RegisterEntityRef). Written only from init functions.
var entityRefs = map[string]string{}

// RegisterEntityRef declares how people name an entity of a type, as a
// scalar subquery of one column in which %s stands for the entity's id
// column, e.g. "SELECT tracking_code FROM petitions WHERE id = %s": the
// audit log then shows "PA-L2LK-7GQJ" rather than "#96". Call it from an
// init function.
func RegisterEntityRef(entityType, query string) {
	if _, dup := entityRefs[entityType]; dup {
		panic("sqldb: entity reference for " + entityType + " registered twice")
	}
	entityRefs[entityType] = query
}

// EntityRefExpr is an SQL expression giving the name people use for the
// entity whose type is in typeCol and id in idCol (empty when its type
// registered none). The types, written in the code, are inlined.
func EntityRefExpr(typeCol, idCol string) string {
	if len(entityRefs) == 0 {
		return "''"
	}
	out := "CASE"
	for _, t := range slices.Sorted(maps.Keys(entityRefs)) {
		if strings.ContainsAny(t, `'\`) {
			panic("sqldb: entity type " + t + " is not a plain word")
		}
		out += fmt.Sprintf(" WHEN %s = '%s' THEN ("+entityRefs[t]+")", typeCol, t, idCol)
	}
	return out + " ELSE '' END"
}
