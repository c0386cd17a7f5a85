package api

import (
	"congvu"
	"congvu/inspection"
	"testing"
)

// The inspection schemas name exactly the fields of the Go types behind
// them, and mark as required only fields that are always sent.
func TestOpenAPIInspectionSchemasMatchTypes(t *testing.T) {
	schemasMatchTypes(t, map[string]any{
		"Plan": inspection.Plan{}, "PlanTarget": inspection.PlanTarget{}, "PlanInput": inspection.PlanInput{},
		"Inspection": inspection.Inspection{}, "InspectionLine": inspection.Line{}, "InspectionInput": inspection.InspectionInput{},
		"ChecklistInput": inspection.ChecklistInput{}, "LineInput": inspection.LineInput{}, "ConclusionInput": conclusionBody{},
		"EvidenceRef": congvu.EvidenceRef{}, "Suggestion": inspection.Suggestion{}, "Template": inspection.Template{},
		"TemplateInput": templateBody{},
	})
}
