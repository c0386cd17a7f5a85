package api

import (
	"testing"

	"congvu/inspection"
)

// The compliance schemas name exactly the fields of the Go types behind
// them (embedded tallies flattened), and mark as required only fields that
// are always sent.
func TestOpenAPIComplianceSchemasMatchTypes(t *testing.T) {
	schemasMatchTypes(t, map[string]any{
		"Compliance": inspection.Compliance{}, "ComplianceTrendPoint": inspection.TrendPoint{}, "ItemCompliance": inspection.ItemCompliance{},
		"UnitCompliance": inspection.UnitCompliance{}, "StaleUnit": inspection.StaleUnit{}, "OverdueAction": inspection.OverdueAction{},
	})
}
