package violationsql

import "congvu/sqldb"

// A restructuring's preview counts the violations that follow each unit.
func init() { sqldb.RegisterUnitRecords("vụ vi phạm", "violations") }
