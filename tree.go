package congvu

import (
	"strconv"
	"strings"
	"time"
)

// The unit tree as the kernel knows it: materialized paths ("/1/52/781/")
// that scopes, visibility and rollups work on, and the calendar day in
// Vietnam.

// PathOf returns the path of a child with id under the parent path.
func PathOf(parentPath string, id int64) string {
	if parentPath == "" {
		parentPath = "/"
	}
	return parentPath + strconv.FormatInt(id, 10) + "/"
}

// SubtreeUpper returns the exclusive upper bound of the subtree range of
// path: every descendant path p satisfies path <= p < SubtreeUpper(path)
// under byte order, because '/' sorts just before '0'.
func SubtreeUpper(path string) string {
	return strings.TrimSuffix(path, "/") + "0"
}

// Progress receives (done, total) while long work runs; it may be nil.
type Progress func(done, total int)

// Date returns the calendar day of t in Vietnam as midnight in TimeZone.
func Date(t time.Time) time.Time {
	t = t.In(TimeZone)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, TimeZone)
}

// The root of the unit tree: the whole country.
const (
	RootUnitCode = "VN"
	RootUnitPath = "/1/"
)
