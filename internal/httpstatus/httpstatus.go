// Package httpstatus is the one table from error codes (congvu.Error) to
// HTTP statuses, shared by the web pages and the JSON API.
package httpstatus

import (
	"net/http"

	"congvu"
)

var table = map[string]int{
	"":                http.StatusOK,
	congvu.EINVALID:   http.StatusBadRequest,
	congvu.EUNAUTH:    http.StatusUnauthorized,
	congvu.EFORBIDDEN: http.StatusForbidden,
	congvu.ENOTFOUND:  http.StatusNotFound,
	congvu.ECONFLICT:  http.StatusConflict,
	congvu.ELIMIT:     http.StatusTooManyRequests,
	congvu.ETOOLARGE:  http.StatusRequestEntityTooLarge,
}

// Of returns the HTTP status of an error code, and whether the code is one
// a user may be told about; any other code (EINTERNAL, unknown) is a 500
// whose detail stays in the log.
func Of(code string) (status int, known bool) {
	if s, ok := table[code]; ok {
		return s, true
	}
	return http.StatusInternalServerError, false
}
