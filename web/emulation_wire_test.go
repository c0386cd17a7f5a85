package web_test

import (
	"congvu/evaluation"
	"congvu/services"
)

// wireMissing fills, for the web tests, the services of issue 13 whose
// storage is not on this branch yet (the evaluation's): a call panics, so
// a page that needs one fails its test rather than passing silently.
func wireMissing(s *services.Set) {
	if s.Evaluations == nil {
		s.Evaluations = struct{ evaluation.Service }{}
	}
	if s.EvaluationEvidence == nil {
		s.EvaluationEvidence = struct{ evaluation.EvidenceService }{}
	}
}
