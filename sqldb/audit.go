package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"congvu"
	"congvu/vntext"
)

// AuditService implements congvu.AuditService: it reads the audit log that
// every service writes inside its own transactions (see Tx.Audit).
type AuditService struct{ db *DB }

// NewAuditService returns the audit service of db.
func NewAuditService(db *DB) *AuditService { return &AuditService{db: db} }

var _ congvu.AuditService = (*AuditService)(nil)

func errAuditForbidden() error {
	return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền xem nhật ký hệ thống.")
}

// FindAuditEvents lists events in the actor's scope, newest first. Events
// filed under a unit are visible to auditors of a subtree holding it; events
// without a unit (sign-ins, API tokens) only to auditors of the whole tree.
// See congvu.AuditService.
func (s *AuditService) FindAuditEvents(ctx context.Context, f congvu.AuditFilter) ([]*congvu.AuditEvent, int, error) {
	actor := congvu.ActorFromContext(ctx)
	if !actor.Can(congvu.ActAuditView, "") {
		return nil, 0, errAuditForbidden()
	}
	var a Args
	where := []string{"1=1"}
	if scopes := actor.Scopes(congvu.ActAuditView); !HasRootScope(scopes) {
		where = append(where, ScopeClause("u.path", scopes, &a))
	}
	// An entity's events are hidden from those its capability hides it
	// from (a petition's from its subject and anyone working in the
	// subject's unit subtree).
	concerns, err := ConcealClause(ctx, s.db.Read, actor, "e.entity_type", "e.entity_id", &a)
	if err != nil {
		return nil, 0, s.db.Internal("find audit events", err)
	}
	where = append(where, "NOT "+concerns)
	if f.ActorID != 0 {
		where = append(where, "e.actor_id = "+a.Add(f.ActorID))
	}
	if p := vntext.LikePattern(f.Actor); p != "" {
		// actor_key is the username (ASCII); names are matched folded through
		// the users' search column.
		ph := a.Add(p)
		where = append(where, `(e.actor_key LIKE `+ph+` ESCAPE '\' OR e.actor_id IN (SELECT id FROM users WHERE search_name LIKE `+ph+` ESCAPE '\'))`)
	}
	if f.UnitID != 0 {
		var path string
		err := s.db.Read.QueryRowContext(ctx, `SELECT path FROM units WHERE id = $1`, f.UnitID).Scan(&path)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, 0, nil
		}
		if err != nil {
			return nil, 0, s.db.Internal("find audit events", err)
		}
		where = append(where, ScopeClause("u.path", []string{path}, &a))
	}
	if k := strings.TrimSpace(f.Kind); k != "" {
		if strings.HasSuffix(k, ".") {
			where = append(where, fmt.Sprintf("SUBSTR(e.kind, 1, %d) = %s", len(k), a.Add(k)))
		} else {
			where = append(where, "e.kind = "+a.Add(k))
		}
	}
	if !f.From.IsZero() {
		where = append(where, "e.at >= "+a.Add(f.From.UTC()))
	}
	if !f.To.IsZero() {
		where = append(where, "e.at < "+a.Add(f.To.UTC()))
	}
	from := ` FROM audit_events e LEFT JOIN units u ON u.id = e.unit_id WHERE ` + strings.Join(where, " AND ")
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*)`+from, a...).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("count audit events", err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	ref := EntityRefExpr("e.entity_type", "e.entity_id")
	rows, err := s.db.Read.QueryContext(ctx, `SELECT e.id, e.at, e.actor_id, e.actor_name, e.actor_key, e.unit_id, u.name, e.kind, e.entity_type, e.entity_id,
		e.before_json, e.after_json, e.ip, COALESCE(`+ref+`, '')`+from+
		fmt.Sprintf(` ORDER BY e.at DESC, e.id DESC LIMIT %d OFFSET %d`, congvu.ClampLimit(f.Limit), max(f.Offset, 0)), a...)
	if err != nil {
		return nil, 0, s.db.Internal("find audit events", err)
	}
	defer rows.Close()
	var out []*congvu.AuditEvent
	for rows.Next() {
		e := &congvu.AuditEvent{}
		var actorID, unitID, entityID sql.NullInt64
		var unitName, before, after sql.NullString
		var key string
		if err := rows.Scan(&e.ID, &e.At, &actorID, &e.ActorName, &key, &unitID, &unitName, &e.Kind, &e.EntityType, &entityID,
			&before, &after, &e.IP, &e.EntityRef); err != nil {
			return nil, 0, s.db.Internal("scan audit event", err)
		}
		e.At = UTC(e.At)
		e.ActorID, e.UnitID, e.EntityID = actorID.Int64, unitID.Int64, entityID.Int64
		e.UnitName = unitName.String
		if strings.HasSuffix(key, " (API)") {
			e.ActorName += " (API)"
		}
		if before.Valid {
			e.Before = json.RawMessage(before.String)
		}
		if after.Valid {
			e.After = json.RawMessage(after.String)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, s.db.Internal("find audit events", err)
	}
	return out, total, nil
}

// AuditKinds lists the distinct kinds recorded so far, sorted. EFORBIDDEN
// for actors who may not read the log.
func (s *AuditService) AuditKinds(ctx context.Context) ([]string, error) {
	if !congvu.ActorFromContext(ctx).Can(congvu.ActAuditView, "") {
		return nil, errAuditForbidden()
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT DISTINCT kind FROM audit_events ORDER BY kind`)
	if err != nil {
		return nil, s.db.Internal("audit kinds", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, s.db.Internal("audit kinds", err)
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, s.db.Internal("audit kinds", err)
	}
	return out, nil
}
