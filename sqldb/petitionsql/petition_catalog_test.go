package petitionsql_test

import (
	"context"
	"testing"

	"congvu/petition"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
)

// TestPetitionCategoriesCiteTheCatalog: every standard item a category
// maps to exists in the national catalog a founded conclusion is checked
// against.
func TestPetitionCategoriesCiteTheCatalog(t *testing.T) {
	db := sqldbtest.SQLite(t)
	std := standardsql.NewStandardService(db)
	if _, err := std.EnsureCatalog(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, c := range petition.Categories {
		for _, code := range c.Items() {
			if _, err := std.FindItemByCode(context.Background(), code); err != nil {
				t.Errorf("%s maps to %s: %v", c, code, err)
			}
		}
	}
}
