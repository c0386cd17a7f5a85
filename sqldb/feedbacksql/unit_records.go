package feedbacksql

import "congvu/sqldb"

// A restructuring's preview counts the ratings and dossiers of each unit:
// they stay with the unit and roll up into its successors.
func init() {
	sqldb.RegisterUnitRecords("đánh giá", "feedback")
	sqldb.RegisterUnitRecords("hồ sơ", "dossiers")
}
