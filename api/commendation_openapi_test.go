package api

import (
	"congvu/commendation"
	"reflect"
	"testing"
)

// The commendation schemas name exactly the fields of the Go types behind
// them, and mark as required only fields that are always sent.
func TestOpenAPICommendationSchemasMatchTypes(t *testing.T) {
	doc := loadOpenAPI(t)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for name, v := range map[string]any{
		"Commendation": commendation.Commendation{}, "CommendationEvidence": commendation.Evidence{}, "CommendationInput": commendationBody{},
		"CommendationDecisionInput": commendationDecisionBody{}, "CommendationWithdrawInput": withdrawBody{}, "CommendationSuggestion": commendation.Suggestion{},
		"CommendationForm": commendation.Form{}, "CommendationSalary": commendation.Salary{}, "CommendationRuleSet": commendation.RuleSet{},
	} {
		sch, _ := schemas[name].(map[string]any)
		if sch == nil {
			t.Errorf("schema %s missing", name)
			continue
		}
		props, _ := sch["properties"].(map[string]any)
		required := map[string]bool{}
		req, _ := sch["required"].([]any)
		for _, r := range req {
			required[r.(string)] = true
		}
		fields := jsonFields(reflect.TypeOf(v))
		for f, omit := range fields {
			if props[f] == nil {
				t.Errorf("%s: field %s not documented", name, f)
			}
			if required[f] && omit {
				t.Errorf("%s: %s is required but omitted when empty", name, f)
			}
		}
		for p := range props {
			if _, ok := fields[p]; !ok {
				t.Errorf("%s: documents %s, which the type lacks", name, p)
			}
		}
	}
}
