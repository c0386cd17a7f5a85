package api

import (
	"congvu/inspection"
	"testing"
)

// The corrective action schemas name exactly the fields of the Go types
// behind them, and require only fields always sent.
func TestOpenAPICorrectiveActionSchemasMatchTypes(t *testing.T) {
	schemasMatchTypes(t, map[string]any{
		"CorrectiveAction": inspection.CorrectiveAction{}, "CorrectiveActionEvent": inspection.ActionEvent{},
		"CorrectiveActionFile": inspection.ActionFile{}, "CorrectiveActionInput": inspection.ActionInput{},
		"CorrectiveActionReportInput": actionNoteBody{}, "CorrectiveActionReturnInput": actionReturnBody{},
	})
}
