package api

import (
	"congvu/violation"
	"testing"
)

// The violation schemas name exactly the fields of the Go types behind
// them, and mark as required only fields that are always sent.
func TestOpenAPIViolationSchemasMatchTypes(t *testing.T) {
	schemasMatchTypes(t, map[string]any{
		"Violation": violation.Violation{}, "ViolationOfficial": violation.Named{}, "ViolationEvidence": violation.Evidence{},
		"ViolationHandling": violation.Handling{}, "ViolationSuggestion": violation.Suggestion{}, "ViolationOwn": violation.Own{},
		"ViolationInput": violationBody{}, "ViolationEvidenceInput": evidenceBody{}, "ViolationHandlingInput": handlingBody{},
		"ViolationAckInput": ackBody{}, "ViolationList": violationList{}, "ViolationNoActionInput": noActionBody{}, "ViolationDismissInput": reasonBody{},
	})
}
