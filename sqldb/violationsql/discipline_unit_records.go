package violationsql

import "congvu/sqldb"

// A restructuring's preview counts the discipline cases that follow each
// unit (the official's unit when the case opened).
func init() { sqldb.RegisterUnitRecords("hồ sơ kỷ luật", "discipline_cases") }
