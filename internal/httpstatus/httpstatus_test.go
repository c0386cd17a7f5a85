package httpstatus_test

import (
	"net/http"
	"testing"

	"congvu"
	"congvu/internal/httpstatus"
)

func TestEveryCodeHasItsStatus(t *testing.T) {
	for code, want := range map[string]int{"": 200, congvu.EINVALID: 400, congvu.EUNAUTH: 401, congvu.EFORBIDDEN: 403,
		congvu.ENOTFOUND: 404, congvu.ECONFLICT: 409, congvu.ELIMIT: 429, congvu.ETOOLARGE: 413} {
		if got, known := httpstatus.Of(code); got != want || !known {
			t.Errorf("%q: %d %v, want %d", code, got, known, want)
		}
	}
	for _, code := range []string{congvu.EINTERNAL, "khác"} {
		if got, known := httpstatus.Of(code); got != http.StatusInternalServerError || known {
			t.Errorf("%q: %d %v", code, got, known)
		}
	}
}
