package petitionsql

import "congvu/sqldb"

// A restructuring's preview counts the petitions of each unit: they stay
// with the unit and roll up into its successors.
func init() { sqldb.RegisterUnitRecords("phản ánh", "petitions") }
