package inspectionsql

import (
	"congvu"
	"congvu/inspection"
	"congvu/sqldb"
	"context"
	"database/sql"
	"strings"
)

// History lists the audit events of an inspection for its owner side. See
// inspection.Service.
func (s *InspectionService) History(ctx context.Context, id int64) ([]*congvu.AuditEvent, error) {
	x, err := s.loadInspection(ctx, s.db.Read, id)
	if err != nil {
		return nil, err
	}
	if inspection.SideOf(congvu.ActorFromContext(ctx), x.UnitPath, x.TargetUnitPath) != inspection.SideOwner {
		return nil, errNoInspection()
	}
	// The events of an inspection are recorded under its owner or its
	// target unit, from its creation: the (unit_id, at) index finds them.
	return sqldb.QueryAll(ctx, s.db, s.db.Read, "inspection history", `SELECT e.id, e.at, e.actor_id, e.actor_name, e.actor_key, e.kind
		FROM audit_events e WHERE e.unit_id IN ($2, $3) AND e.at >= $4 AND e.entity_type = 'inspection' AND e.entity_id = $1
		ORDER BY e.at, e.id`, func(sc sqldb.Scanner) (*congvu.AuditEvent, error) {
		e := &congvu.AuditEvent{EntityType: "inspection", EntityID: id}
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
	}, id, x.UnitID, x.TargetUnitID, x.CreatedAt)
}
