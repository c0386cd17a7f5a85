package congvu

import (
	"context"
	"encoding/json"
	"strings"
	"time"
)

// AuditEvent records one write: who, when, what, before and after.
type AuditEvent struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	ActorID    int64     `json:"actor_id,omitempty"`
	ActorName  string    `json:"actor_name"`
	UnitID     int64     `json:"unit_id,omitempty"`
	UnitName   string    `json:"unit_name,omitempty"`
	Kind       string    `json:"kind"` // e.g. "official.update"
	EntityType string    `json:"entity_type"`
	EntityID   int64     `json:"entity_id,omitempty"`
	// EntityRef is the name people use for the entity, when its
	// capability gives one (a petition's tracking code).
	EntityRef string          `json:"entity_ref,omitempty"`
	Before    json.RawMessage `json:"before,omitempty"`
	After     json.RawMessage `json:"after,omitempty"`
	IP        string          `json:"ip,omitempty"`
}

// AuditFilter selects audit events.
type AuditFilter struct {
	ActorID int64
	Actor   string // username or name, diacritics ignored
	UnitID  int64  // in this unit's subtree
	Kind    string // exact kind, or a prefix ending in "." such as "official."
	From    time.Time
	To      time.Time // exclusive
	Offset  int
	Limit   int
}

// AuditService reads the audit log (writes happen inside each service's
// own transaction).
type AuditService interface {
	// FindAuditEvents lists events in the actor's scope, newest first. EFORBIDDEN.
	FindAuditEvents(ctx context.Context, f AuditFilter) ([]*AuditEvent, int, error)
	// AuditKinds lists the kinds recorded so far.
	AuditKinds(ctx context.Context) ([]string, error)
}

// Page bounds for list queries.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// ClampLimit returns a usable page size.
func ClampLimit(n int) int {
	if n <= 0 {
		return DefaultPageSize
	}
	if n > MaxPageSize {
		return MaxPageSize
	}
	return n
}

// TimeZone is the zone dates are shown in (Asia/Ho_Chi_Minh, UTC+7, no DST).
var TimeZone = time.FixedZone("ICT", 7*3600)

// DateLayouts are the ways people type a date: dd/mm/yyyy (also d/m/yyyy,
// dd-mm-yyyy) and yyyy-mm-dd (what a date input sends).
var DateLayouts = []string{"2006-01-02", "02/01/2006", "2/1/2006", "02-01-2006", "2-1-2006"}

// ParseDate reads a typed date as midnight in loc: TimeZone for instants
// (a filter's "from 01/07/2025"), time.UTC for calendar dates stored as
// DATE (a restructuring's effective date).
func ParseDate(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range DateLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
