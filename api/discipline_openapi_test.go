package api

import (
	"reflect"
	"testing"

	"congvu/violation"
)

// The discipline schemas name exactly the fields of the Go types behind
// them, and mark as required only fields that are always sent.
func TestOpenAPIDisciplineSchemasMatchTypes(t *testing.T) {
	doc := loadOpenAPI(t)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for name, v := range map[string]any{
		"DisciplineCase": violation.Case{}, "DisciplineCaseStep": violation.CaseStep{}, "DisciplineCouncil": violation.Council{},
		"CouncilMember": violation.CouncilMember{}, "DisciplineDecision": violation.Decision{}, "DisciplineComplaint": violation.Complaint{},
		"DisciplineCaseInput": caseBody{}, "DisciplineReviewInput": caseReviewBody{}, "DisciplineCouncilInput": councilBody{},
		"DisciplineDecisionInput": disciplineDecisionBody{}, "DisciplineNotifyInput": notifyBody{}, "DisciplineComplaintInput": complaintBody{},
		"DisciplineSettleInput": settleBody{}, "DisciplineDeferInput": deferBody{}, "DisciplineDropInput": dropBody{},
		"DisciplineRuleSet": violation.RuleSet{}, "DisciplineForm": violation.Form{}, "DisciplineDeferral": violation.Deferral{},
		"DisciplineTimeBar": violation.TimeBar{}, "DisciplineStepRule": violation.StepRule{}, "DisciplineCompetence": violation.Competence{},
		"DisciplineRuleSetInput": ruleSetBody{},
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
		for r := range required {
			if _, ok := fields[r]; !ok {
				t.Errorf("%s: requires %s, which the type lacks", name, r)
			}
		}
	}
}
