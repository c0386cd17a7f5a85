package api

import (
	"congvu/inspection"
	"reflect"
	"testing"
)

// The corrective action schemas name exactly the fields of the Go types
// behind them, and require only fields always sent.
func TestOpenAPICorrectiveActionSchemasMatchTypes(t *testing.T) {
	doc := loadOpenAPI(t)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for name, v := range map[string]any{
		"CorrectiveAction": inspection.CorrectiveAction{}, "CorrectiveActionEvent": inspection.ActionEvent{},
		"CorrectiveActionFile": inspection.ActionFile{}, "CorrectiveActionInput": inspection.ActionInput{},
		"CorrectiveActionReportInput": actionNoteBody{}, "CorrectiveActionReturnInput": actionReturnBody{},
	} {
		sch := schemas[name].(map[string]any)
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
		for r := range required {
			if _, ok := fields[r]; !ok {
				t.Errorf("%s: requires %s, which the type lacks", name, r)
			}
		}
	}
}
