package api

import (
	"congvu/commendation"
	"testing"
)

// The commendation schemas name exactly the fields of the Go types behind
// them, and mark as required only fields that are always sent.
func TestOpenAPICommendationSchemasMatchTypes(t *testing.T) {
	schemasMatchTypes(t, map[string]any{
		"Commendation": commendation.Commendation{}, "CommendationEvidence": commendation.Evidence{}, "CommendationInput": commendationBody{},
		"CommendationDecisionInput": commendationDecisionBody{}, "CommendationWithdrawInput": withdrawBody{}, "CommendationSuggestion": commendation.Suggestion{},
		"CommendationForm": commendation.Form{}, "CommendationSalary": commendation.Salary{}, "CommendationRuleSet": commendation.RuleSet{},
	})
}
