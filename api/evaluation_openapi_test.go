package api

import (
	"congvu/emulation"
	"congvu/evaluation"
	"testing"
)

// The evaluation and emulation schemas name exactly the fields of the Go
// types behind them, and mark as required only fields that are always
// sent.
func TestOpenAPIEvaluationSchemasMatchTypes(t *testing.T) {
	schemasMatchTypes(t, map[string]any{
		"Evaluation": evaluation.Evaluation{}, "EvaluationAssessment": evaluation.Assessment{}, "EvaluationComment": evaluation.Comment{},
		"EvaluationComplaint": evaluation.Complaint{}, "EvaluationScore": evaluation.Score{},
		"EvaluationOpenInput": openYearBody{}, "EvaluationOpenResult": evaluation.OpenResult{},
		"EvaluationSelfInput": selfAssessmentBody{}, "EvaluationCommentInput": evaluationCommentBody{}, "EvaluationProposalInput": evaluationProposalBody{},
		"EvaluationDecisionInput": evaluationDecisionBody{}, "EvaluationComplaintInput": evaluationComplaintBody{}, "EvaluationSettleInput": evaluationSettleBody{},
		"HistoryEvent": historyEvent{}, "EvaluationProduct": evaluation.Product{}, "EvaluationProductInput": productBody{},
		"EvaluationProductReportInput": productReportBody{}, "EvaluationProductConfirmInput": productConfirmBody{}, "EvaluationProductCancelInput": productCancelBody{},
		"EvidenceSummary": evaluation.Summary{}, "EvidenceItem": evaluation.EvidenceItem{}, "EvidenceRatings": evaluation.Ratings{},
		"EvidenceBehaviour": evaluation.Behaviour{}, "EvidenceTraining": evaluation.Training{}, "EvaluationApplied": evaluation.Applied{},
		"EvaluationTaskLine": evaluation.TaskLine{}, "EvaluationQuota": evaluation.Quota{}, "UnitEvaluation": evaluation.UnitEvaluation{},
		"UnitEvaluationInput": unitEvaluationBody{}, "EvaluationRuleSet": evaluation.RuleSet{}, "EvaluationRuleSetInput": evaluation.RuleSet{}, "EmulationTitleRuleSetInput": emulation.TitleRuleSet{}, "EvaluationCriterion": evaluation.Criterion{},
		"EmulationMovement": emulation.Movement{}, "EmulationCriterion": emulation.Criterion{}, "EmulationMovementInput": movementBody{},
		"EmulationCluster": emulation.Cluster{}, "EmulationClusterUnit": emulation.Unit{}, "EmulationClusterInput": clusterBody{},
		"EmulationReview": emulation.Review{}, "EmulationReviewFigures": emulation.ReviewFigures{}, "EmulationYearFigures": emulation.YearFigures{},
		"EmulationReviewInput": emulationReviewBody{}, "EmulationRegistration": emulation.Registration{}, "EmulationRegistrationInput": registrationBody{},
		"EmulationWithdrawInput": registrationWithdrawBody{}, "EmulationComputeInput": computeBody{}, "EmulationComputeResult": emulation.ComputeResult{},
		"EmulationHandScoreInput": handScoreBody{}, "EmulationScore": emulation.Score{}, "EmulationScoreLine": emulation.ScoreLine{},
		"EmulationTitleProposal": emulation.TitleProposal{}, "EmulationCheck": emulation.Check{}, "EmulationTitleProposalInput": titleProposalBody{},
		"EmulationTitleDecisionInput": titleDecisionBody{}, "EmulationTitleSuggestion": emulation.TitleSuggestion{},
		"EmulationTitleRuleSet": emulation.TitleRuleSet{}, "EmulationTitleRule": emulation.TitleRule{},
	})
}
