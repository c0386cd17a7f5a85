package api

// route is one endpoint of the API.
type route struct {
	Method string
	// Path is under Prefix, in ServeMux and OpenAPI syntax alike
	// ("/units/{id}"); openapi.json must document exactly these.
	Path string
	// Access says whether the route needs a token and what the log keeps.
	Access access
	Handle handlerFunc
}

// access is what a route requires and what the request log may keep of it.
type access int

const (
	// token routes need a valid bearer token.
	token access = iota
	// public routes need no token (a token, when sent, must still be valid).
	public
	// private routes are public and are a reporter's anonymous acts: no
	// token is read (the Authorization header is ignored), and the request
	// log keeps neither the client address nor a user (see Server.Private).
	private
)

// needsToken reports whether a request without a valid token is refused.
func (a access) needsToken() bool { return a == token }

// routes is every route of the API, in one table: the OpenAPI test checks
// it against openapi.json in both directions.
var routes = []route{
	{"GET", "/openapi.json", public, (*Server).openAPI},

	{"GET", "/units", token, (*Server).listUnits},
	{"POST", "/units", token, (*Server).createUnit},
	{"GET", "/units/by-code/{code}", token, (*Server).unitByCode},
	{"GET", "/units/{id}", token, (*Server).getUnit},
	{"PUT", "/units/{id}", token, (*Server).updateUnit},

	{"GET", "/officials", token, (*Server).listOfficials},
	{"POST", "/officials", token, (*Server).createOfficial},
	{"GET", "/officials/{id}", token, (*Server).getOfficial},
	{"PUT", "/officials/{id}", token, (*Server).updateOfficial},
	{"POST", "/officials/{id}/deactivate", token, (*Server).deactivateOfficial},
	{"POST", "/officials/{id}/activate", token, (*Server).activateOfficial},

	{"GET", "/tokens", token, (*Server).listTokens},
	{"POST", "/tokens/{id}/revoke", token, (*Server).revokeToken},

	{"GET", "/standards/current", public, (*Server).currentStandards},
	{"GET", "/standards/versions", public, (*Server).standardVersions},
	{"GET", "/standards/items/{code}", public, (*Server).standardItem},

	{"POST", "/feedback", token, (*Server).submitFeedback},
	{"GET", "/feedback", token, (*Server).listFeedback},
	{"POST", "/feedback/{id}/review", token, (*Server).reviewFeedback},

	{"POST", "/dossiers", token, (*Server).registerDossier},
	{"GET", "/dossiers/by-code", token, (*Server).dossierByCode},

	{"GET", "/dashboards/units/{id}", token, (*Server).unitDashboard},
	{"GET", "/dashboards/units/{id}/comments", token, (*Server).unitComments},
	{"GET", "/dashboards/officials/{id}", token, (*Server).officialDashboard},

	{"GET", "/officials/{id}/conduct/{year}", token, (*Server).officialConduct},

	{"POST", "/petitions", token, (*Server).submitPetition},
	{"POST", "/petitions/track", private, (*Server).trackPetition},
	{"POST", "/petitions/track/messages", private, (*Server).postTrackMessage},
	{"POST", "/petitions/track/withdraw", private, (*Server).withdrawPetition},
	{"GET", "/petitions", token, (*Server).listPetitions},
	{"GET", "/petitions/stats", token, (*Server).petitionStats},
	{"GET", "/petitions/{id}", token, (*Server).getPetition},
	{"POST", "/petitions/{id}/steps", token, (*Server).petitionStep},
	{"POST", "/petitions/{id}/notes", token, (*Server).petitionNote},
	{"POST", "/petitions/{id}/replies", token, (*Server).petitionReply},
	{"POST", "/petitions/{id}/reveal", token, (*Server).revealReporter},

	{"GET", "/inspections", token, (*Server).listInspections},
	{"POST", "/inspections", token, (*Server).createInspection},
	{"GET", "/inspections/{id}", token, (*Server).getInspection},
	{"POST", "/inspections/{id}/checklist", token, (*Server).generateChecklist},
	{"POST", "/inspections/{id}/visit", token, (*Server).startVisit},
	{"POST", "/inspections/{id}/lines", token, (*Server).recordLine},
	{"POST", "/inspections/{id}/record", token, (*Server).closeRecord},
	{"PUT", "/inspections/{id}/conclusion", token, (*Server).draftConclusion},
	{"POST", "/inspections/{id}/conclusion/review", token, (*Server).reviewConclusion},
	{"POST", "/inspections/{id}/conclusion/issue", token, (*Server).issueConclusion},
	{"GET", "/inspections/{id}/evidence", token, (*Server).inspectionEvidence},
	{"GET", "/inspections/{id}/record.pdf", token, (*Server).inspectionRecordPDF},
	{"GET", "/inspections/{id}/record.docx", token, (*Server).inspectionRecordDOCX},
	{"GET", "/inspections/{id}/conclusion.pdf", token, (*Server).inspectionConclusionPDF},
	{"GET", "/inspections/{id}/conclusion.docx", token, (*Server).inspectionConclusionDOCX},
	{"GET", "/inspection-plans", token, (*Server).listPlans},
	{"POST", "/inspection-plans", token, (*Server).createPlan},
	{"GET", "/inspection-plans/{id}", token, (*Server).getPlan},
	{"PUT", "/inspection-plans/{id}", token, (*Server).updatePlan},
	{"POST", "/inspection-plans/{id}/approve", token, (*Server).approvePlan},
	{"POST", "/inspection-plans/{id}/publish", token, (*Server).publishPlan},
	{"GET", "/inspection-units/{id}/suggestions", token, (*Server).suggestTargets},
	{"GET", "/inspection-units/{id}/templates", token, (*Server).listTemplates},
	{"POST", "/inspection-units/{id}/templates", token, (*Server).saveTemplate},

	{"GET", "/inspections/{id}/actions", token, (*Server).listActions},
	{"POST", "/inspections/{id}/actions", token, (*Server).createAction},
	{"GET", "/inspections/{id}/actions/{action}", token, (*Server).getAction},
	{"POST", "/inspections/{id}/actions/{action}/report", token, (*Server).reportAction},
	{"POST", "/inspections/{id}/actions/{action}/verify", token, (*Server).verifyAction},
	{"POST", "/inspections/{id}/actions/{action}/return", token, (*Server).returnAction},
	{"GET", "/inspections/{id}/actions/{action}/files/{file}", token, (*Server).actionFile},
	{"GET", "/inspections/dashboard", token, (*Server).complianceDashboard},

	{"GET", "/commendations", token, (*Server).listCommendations},
	{"POST", "/commendations", token, (*Server).createCommendation},
	{"GET", "/commendations/{id}", token, (*Server).getCommendation},
	{"POST", "/commendations/{id}/decision", token, (*Server).decideCommendation},
	{"POST", "/commendations/{id}/withdraw", token, (*Server).withdrawCommendation},
	{"GET", "/commendation-suggestions", token, (*Server).commendationSuggestions},
	{"GET", "/commendation-rule-sets", token, (*Server).listCommendationRuleSets},
	{"POST", "/commendation-rule-sets", token, (*Server).addCommendationRuleSet},
	{"GET", "/incidents", token, (*Server).listIncidents},
	{"POST", "/incidents", token, (*Server).createIncident},
	{"GET", "/incidents/counts", token, (*Server).incidentCounts},
	{"GET", "/incidents/{id}", token, (*Server).getIncident},
	{"POST", "/incidents/{id}/review", token, (*Server).reviewIncident},
	{"POST", "/incidents/{id}/escalate", token, (*Server).escalateIncident},
	{"GET", "/incidents/{id}/photos", token, (*Server).listIncidentPhotos},
	{"POST", "/incidents/{id}/photos", token, (*Server).addIncidentPhoto},
	{"GET", "/incidents/{id}/photos/{photo}", token, (*Server).incidentPhoto},
	{"GET", "/violations", token, (*Server).listViolations},
	{"POST", "/violations", token, (*Server).createViolation},
	{"GET", "/violations/mine", token, (*Server).myViolations},
	{"GET", "/violations/{id}", token, (*Server).getViolation},
	{"POST", "/violations/{id}/evidence", token, (*Server).addViolationEvidence},
	{"POST", "/violations/{id}/handlings", token, (*Server).handleViolation},
	{"POST", "/violations/{id}/no-action", token, (*Server).violationNoAction},
	{"POST", "/violations/{id}/dismiss", token, (*Server).dismissViolation},
	{"POST", "/violation-handlings/{id}/acknowledge", token, (*Server).acknowledgeHandling},
	{"GET", "/violation-suggestions", token, (*Server).violationSuggestions},
	{"GET", "/discipline-cases", token, (*Server).listDisciplineCases},
	{"POST", "/discipline-cases", token, (*Server).openDisciplineCase},
	{"GET", "/discipline-cases/{id}", token, (*Server).getDisciplineCase},
	{"POST", "/discipline-cases/{id}/review", token, (*Server).reviewDisciplineCase},
	{"POST", "/discipline-cases/{id}/council", token, (*Server).councilDisciplineCase},
	{"POST", "/discipline-cases/{id}/decision", token, (*Server).decideDisciplineCase},
	{"POST", "/discipline-cases/{id}/notify", token, (*Server).notifyDisciplineCase},
	{"POST", "/discipline-cases/{id}/complaint", token, (*Server).complainDisciplineCase},
	{"POST", "/discipline-cases/{id}/settle", token, (*Server).settleDisciplineCase},
	{"POST", "/discipline-cases/{id}/defer", token, (*Server).deferDisciplineCase},
	{"POST", "/discipline-cases/{id}/resume", token, (*Server).resumeDisciplineCase},
	{"POST", "/discipline-cases/{id}/drop", token, (*Server).dropDisciplineCase},
	{"GET", "/discipline-rule-sets", token, (*Server).listDisciplineRuleSets},
	{"POST", "/discipline-rule-sets", token, (*Server).addDisciplineRuleSet},
	{"GET", "/discipline-rule-sets/on", token, (*Server).disciplineRuleSetOn},
	{"GET", "/violation-dashboard", token, (*Server).violationDashboard},

	{"GET", "/evaluations", token, (*Server).listEvaluations},
	{"POST", "/evaluations", token, (*Server).openEvaluationYear},
	{"GET", "/evaluations/mine/{year}", token, (*Server).myEvaluation},
	{"GET", "/evaluations/colleagues/{year}", token, (*Server).colleagueEvaluations},
	// The history sits beside mine/{year}: under /evaluations/{id}/ a GET
	// would overlap it (ServeMux refuses the pair).
	{"GET", "/evaluations/history/{id}", token, (*Server).evaluationHistory},
	{"GET", "/evaluations/{id}", token, (*Server).getEvaluation},
	{"POST", "/evaluations/{id}/self-assessment", token, (*Server).selfAssessEvaluation},
	{"POST", "/evaluations/{id}/comments", token, (*Server).commentEvaluation},
	{"POST", "/evaluations/{id}/proposal", token, (*Server).proposeEvaluation},
	{"POST", "/evaluations/{id}/decision", token, (*Server).decideEvaluation},
	{"POST", "/evaluations/{id}/notify", token, (*Server).notifyEvaluation},
	{"POST", "/evaluations/{id}/complaint", token, (*Server).complainEvaluation},
	{"POST", "/evaluations/{id}/settle", token, (*Server).settleEvaluation},
	{"GET", "/evaluation-products", token, (*Server).listProducts},
	{"POST", "/evaluation-products", token, (*Server).assignProduct},
	{"POST", "/evaluation-products/{id}/report", token, (*Server).reportProduct},
	{"POST", "/evaluation-products/{id}/confirm", token, (*Server).confirmProduct},
	{"POST", "/evaluation-products/{id}/cancel", token, (*Server).cancelProduct},
	{"GET", "/officials/{id}/evidence/{year}", token, (*Server).officialEvidence},
	{"GET", "/evaluation-quota", token, (*Server).evaluationQuota},
	{"GET", "/unit-evaluations", token, (*Server).listUnitEvaluations},
	{"POST", "/unit-evaluations", token, (*Server).decideUnitEvaluation},
	{"GET", "/evaluation-rule-sets", token, (*Server).listEvaluationRuleSets},
	{"POST", "/evaluation-rule-sets", token, (*Server).addEvaluationRuleSet},

	{"GET", "/training/campaigns", token, (*Server).listTrainingCampaigns},
	{"POST", "/training/campaigns", token, (*Server).createTrainingCampaign},
	{"GET", "/training/campaigns/{id}", token, (*Server).getTrainingCampaign},
	{"PUT", "/training/campaigns/{id}", token, (*Server).updateTrainingCampaign},
	{"POST", "/training/campaigns/{id}/open", token, (*Server).openTrainingCampaign},
	{"POST", "/training/campaigns/{id}/close", token, (*Server).closeTrainingCampaign},
	{"GET", "/training/campaigns/{id}/sessions", token, (*Server).listTrainingSessions},
	{"POST", "/training/campaigns/{id}/sessions", token, (*Server).createTrainingSession},
	{"GET", "/training/campaigns/{id}/assignments", token, (*Server).listTrainingAssignments},
	{"GET", "/training/campaigns/{id}/item-results", token, (*Server).trainingItemResults},
	{"GET", "/training/campaigns/{id}/certificate", token, (*Server).trainingCertificate},
	{"GET", "/training/suggestions", token, (*Server).trainingSuggestions},
	{"GET", "/training/sessions/{id}", token, (*Server).getTrainingSession},
	{"GET", "/training/sessions/{id}/attendances", token, (*Server).listTrainingAttendances},
	{"POST", "/training/sessions/{id}/attend", token, (*Server).attendTrainingSession},
	{"POST", "/training/sessions/{id}/marks", token, (*Server).markTrainingSession},
	{"POST", "/training/sessions/{id}/study", token, (*Server).studyTrainingSession},
	{"GET", "/training/mine", token, (*Server).myTraining},
	{"GET", "/training/coverage", token, (*Server).trainingCoverage},
	{"GET", "/training/officials/{id}/years/{year}", token, (*Server).officialTrainingYear},
	{"GET", "/training/materials", token, (*Server).listTrainingMaterials},
	{"GET", "/training/questions", token, (*Server).listTrainingQuestions},
	{"POST", "/training/questions", token, (*Server).createTrainingQuestion},
	{"PUT", "/training/questions/{id}", token, (*Server).updateTrainingQuestion},
	{"POST", "/training/attempts", token, (*Server).startTrainingAttempt},
	{"GET", "/training/attempts/{id}", token, (*Server).getTrainingAttempt},
	{"POST", "/training/attempts/{id}/submit", token, (*Server).submitTrainingAttempt},
	{"GET", "/training/certificates/{number}", public, (*Server).verifyTrainingCertificate},
	{"GET", "/training/rule-sets", token, (*Server).listTrainingRuleSets},
	{"POST", "/training/rule-sets", token, (*Server).addTrainingRuleSet},

	{"GET", "/emulation/movements", token, (*Server).listMovements},
	{"POST", "/emulation/movements", token, (*Server).createMovement},
	{"GET", "/emulation/movements/{id}", token, (*Server).getMovement},
	{"PUT", "/emulation/movements/{id}", token, (*Server).updateMovement},
	{"POST", "/emulation/movements/{id}/open", token, (*Server).openMovement},
	{"POST", "/emulation/movements/{id}/close", token, (*Server).closeMovement},
	{"GET", "/emulation/movements/{id}/clusters", token, (*Server).listClusters},
	{"POST", "/emulation/movements/{id}/clusters", token, (*Server).saveCluster},
	{"GET", "/emulation/movements/{id}/reviews", token, (*Server).listReviews},
	{"POST", "/emulation/movements/{id}/reviews", token, (*Server).createReview},
	{"GET", "/emulation/movements/{id}/reviews/{review}", token, (*Server).getReview},
	{"GET", "/emulation/registrations", token, (*Server).listRegistrations},
	{"POST", "/emulation/registrations", token, (*Server).register},
	{"POST", "/emulation/registrations/{id}/withdraw", token, (*Server).withdrawRegistration},
	{"GET", "/emulation/registrations/{id}/score/{year}", token, (*Server).explainScore},
	{"POST", "/emulation/scores", token, (*Server).scoreByHand},
	{"POST", "/emulation/scores/compute", token, (*Server).computeScores},
	{"GET", "/emulation/ranking", token, (*Server).ranking},
	{"GET", "/emulation/titles", token, (*Server).listTitleProposals},
	{"POST", "/emulation/titles", token, (*Server).proposeTitle},
	{"GET", "/emulation/titles/suggestions", token, (*Server).titleSuggestions},
	{"GET", "/emulation/titles/{id}", token, (*Server).getTitleProposal},
	{"POST", "/emulation/titles/{id}/decision", token, (*Server).decideTitle},
	{"GET", "/emulation/title-rule-sets", token, (*Server).listTitleRuleSets},
	{"POST", "/emulation/title-rule-sets", token, (*Server).addTitleRuleSet},
}
