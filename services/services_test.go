package services_test

import (
	"strings"
	"testing"

	"congvu/services"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/sqlservices"
)

// A server is wired with every service or not at all.
func TestCheckNamesTheMissingService(t *testing.T) {
	var s services.Set = sqlservices.ForTest(t, sqldbtest.SQLite(t)).Set
	if err := s.Check(); err != nil {
		t.Fatalf("fully wired: %v", err)
	}
	s.Outbox = nil
	if err := s.Check(); err == nil || !strings.Contains(err.Error(), "Outbox") {
		t.Fatalf("without the outbox: %v", err)
	}
}
