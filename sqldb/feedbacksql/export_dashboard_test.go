package feedbacksql

// SetSmallSubtree changes the subtree size under which a comment feed is
// read unit by unit, so tests can take both paths; it returns the undo.
func SetSmallSubtree(n int) (restore func()) {
	old := smallSubtree
	smallSubtree = n
	return func() { smallSubtree = old }
}

// SetMaxScopeUnits changes the most unit ids a subtree search puts in its
// FTS5 query (0: none, the scope checked row by row as before migration
// 0048); it returns the undo.
func SetMaxScopeUnits(n int) (restore func()) {
	old := maxScopeUnits
	maxScopeUnits = n
	return func() { maxScopeUnits = old }
}
