package api

import (
	"testing"

	"congvu/violation"
)

// The discipline schemas name exactly the fields of the Go types behind
// them, and mark as required only fields that are always sent.
func TestOpenAPIDisciplineSchemasMatchTypes(t *testing.T) {
	schemasMatchTypes(t, map[string]any{
		"DisciplineCase": violation.Case{}, "DisciplineCaseStep": violation.CaseStep{}, "DisciplineCouncil": violation.Council{},
		"CouncilMember": violation.CouncilMember{}, "DisciplineDecision": violation.Decision{}, "DisciplineComplaint": violation.Complaint{},
		"DisciplineCaseInput": caseBody{}, "DisciplineReviewInput": caseReviewBody{}, "DisciplineCouncilInput": councilBody{},
		"DisciplineDecisionInput": disciplineDecisionBody{}, "DisciplineNotifyInput": notifyBody{}, "DisciplineComplaintInput": complaintBody{},
		"DisciplineSettleInput": settleBody{}, "DisciplineDeferInput": deferBody{}, "DisciplineDropInput": dropBody{},
		"DisciplineRuleSet": violation.RuleSet{}, "DisciplineForm": violation.Form{}, "DisciplineDeferral": violation.Deferral{},
		"DisciplineTimeBar": violation.TimeBar{}, "DisciplineStepRule": violation.StepRule{}, "DisciplineCompetence": violation.Competence{},
		"DisciplineRuleSetInput": ruleSetBody{},
	})
}
