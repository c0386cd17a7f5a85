package api_test

import (
	"net/http"
	"strconv"
	"testing"

	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// Issue 9, item 8: a token's owner lists their tokens and revokes one
// through the API; nobody else can.
func TestAPITokensListAndRevoke(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		r := f.do("GET", "/api/v1/tokens", f.headA, nil)
		wantStatus(t, r, http.StatusOK, "list tokens")
		var list struct {
			Items []org.APIToken `json:"items"`
			Total int            `json:"total"`
		}
		r.decode(t, &list)
		if list.Total != 2 || len(list.Items) != 2 {
			t.Fatalf("tokens: %s", r.Body)
		}
		var live *org.APIToken
		for i, tok := range list.Items {
			if tok.Secret != "" {
				t.Fatalf("a listed token carries its secret: %s", r.Body)
			}
			if tok.RevokedAt == nil {
				live = &list.Items[i]
			}
		}
		if live == nil || live.Name != "tích hợp" {
			t.Fatalf("no live token listed: %s", r.Body)
		}
		path := "/api/v1/tokens/" + strconv.FormatInt(live.ID, 10) + "/revoke"
		// Another user's token is not found.
		wantStatus(t, f.do("POST", path, f.admin, nil), http.StatusNotFound, "revoke someone else's token")
		if r := f.do("GET", "/api/v1/tokens", f.headA, nil); r.Status != http.StatusOK {
			t.Fatalf("token still works: %d", r.Status)
		}
		// The owner revokes the very token they call with: it stops working.
		if r := f.do("POST", path, f.headA, nil); r.Status != http.StatusNoContent {
			t.Fatalf("revoke: %d %s", r.Status, r.Body)
		}
		wantStatus(t, f.do("GET", "/api/v1/tokens", f.headA, nil), http.StatusUnauthorized, "revoked token")
		wantStatus(t, f.do("GET", "/api/v1/tokens", "", nil), http.StatusUnauthorized, "no token")
	})
}
