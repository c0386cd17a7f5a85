package api

import (
	"congvu/training"
	"testing"
)

// The training schemas name exactly the fields of the Go types behind
// them, and mark as required only fields that are always sent.
func TestOpenAPITrainingSchemasMatchTypes(t *testing.T) {
	schemasMatchTypes(t, map[string]any{
		"TrainingCampaign": training.Campaign{}, "TrainingCampaignInput": campaignBody{}, "TrainingSession": training.Session{},
		"TrainingSessionInput": sessionBody{}, "TrainingAttendance": training.Attendance{}, "TrainingAttendInput": attendBody{},
		"TrainingMarksInput": marksBody{}, "TrainingMarksResult": marksResult{}, "TrainingAssignment": training.Assignment{},
		"TrainingCoverage": training.Coverage{}, "TrainingCoverageResult": coverageResult{}, "TrainingOfficialYear": training.OfficialYear{},
		"TrainingSuggestion": training.Suggestion{}, "TrainingMaterial": training.Material{}, "TrainingRuleSet": training.RuleSet{},
		"TrainingRuleSetInput": trainingRuleSetBody{}, "TrainingQuestion": questionView{}, "TrainingQuestionInput": questionBody{},
		"TrainingDrawnQuestion": training.Question{}, "TrainingAttempt": training.Attempt{}, "TrainingAttemptStartInput": attemptStartBody{},
		"TrainingAttemptSubmitInput": attemptSubmitBody{}, "TrainingItemResult": training.ItemResult{}, "TrainingCertificate": training.Certificate{}, "TrainingCertificateCheck": training.CertificateCheck{},
	})
}
