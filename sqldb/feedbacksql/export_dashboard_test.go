package feedbacksql

// SetSmallSubtree changes the subtree size under which a comment feed is
// read unit by unit, so tests can take both paths; it returns the undo.
func SetSmallSubtree(n int) (restore func()) {
	old := smallSubtree
	smallSubtree = n
	return func() { smallSubtree = old }
}
