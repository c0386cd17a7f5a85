package services_test

import (
	"strings"
	"testing"

	"congvu/services"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/sqlservices/sqlservicestest"
)

// A server is wired with every service or not at all.
func TestCheckNamesTheMissingService(t *testing.T) {
	var s services.Set = sqlservicestest.Wire(t, sqldbtest.SQLite(t)).Set
	if err := s.Check(); err != nil {
		t.Fatalf("fully wired: %v", err)
	}
	full := s
	s.Outbox = nil
	if err := s.Check(); err == nil || !strings.Contains(err.Error(), "Outbox") {
		t.Fatalf("without the outbox: %v", err)
	}
	s = full
	var none *sqldb.AuditService
	s.Audit = none // a typed nil is missing too
	if err := s.Check(); err == nil || !strings.Contains(err.Error(), "Audit") {
		t.Fatalf("with a nil audit service: %v", err)
	}
}
