package violationsql

// SetListPlan forces the plan of a subtree's violation list ("walk",
// "walkpage" or "set"; "" chooses) until the returned function restores it.
func SetListPlan(p string) (restore func()) {
	old := listPlan
	listPlan = p
	return func() { listPlan = old }
}
