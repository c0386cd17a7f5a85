package backup

import "testing"

// pg_dump and pg_restore get the URL without its password (handed over in
// PGPASSWORD, off the command line others may list) and without pgx's
// search_path, which names the schema to dump instead.
func TestPGConn(t *testing.T) {
	conn, pw, schema, err := pgConn("postgres://congvu:b%C3%AD-m%E1%BA%ADt@db.internal:5432/congvu?sslmode=verify-full&search_path=t_1")
	if err != nil {
		t.Fatal(err)
	}
	if conn != "postgres://congvu@db.internal:5432/congvu?sslmode=verify-full" || pw != "bí-mật" || schema != "t_1" {
		t.Errorf("pgConn = %q, %q, %q", conn, pw, schema)
	}
	conn, pw, schema, _ = pgConn("postgresql://db.internal/congvu")
	if conn != "postgresql://db.internal/congvu" || pw != "" || schema != "" {
		t.Errorf("pgConn = %q, %q, %q", conn, pw, schema)
	}
}
