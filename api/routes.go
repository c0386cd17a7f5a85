package api

// route is one endpoint of the API.
type route struct {
	Method string
	// Path is under Prefix, in ServeMux and OpenAPI syntax alike
	// ("/units/{id}"); openapi.json must document exactly these.
	Path string
	// Public routes need no token (a token, when sent, must still be valid).
	Public bool
	Handle handlerFunc
}

// routes is every route of the API, in one table: the OpenAPI test checks
// it against openapi.json in both directions.
var routes = []route{
	{"GET", "/openapi.json", true, (*Server).openAPI},

	{"GET", "/units", false, (*Server).listUnits},
	{"POST", "/units", false, (*Server).createUnit},
	{"GET", "/units/by-code/{code}", false, (*Server).unitByCode},
	{"GET", "/units/{id}", false, (*Server).getUnit},
	{"PUT", "/units/{id}", false, (*Server).updateUnit},

	{"GET", "/officials", false, (*Server).listOfficials},
	{"POST", "/officials", false, (*Server).createOfficial},
	{"GET", "/officials/{id}", false, (*Server).getOfficial},
	{"PUT", "/officials/{id}", false, (*Server).updateOfficial},
	{"POST", "/officials/{id}/deactivate", false, (*Server).deactivateOfficial},
	{"POST", "/officials/{id}/activate", false, (*Server).activateOfficial},

	{"GET", "/tokens", false, (*Server).listTokens},
	{"POST", "/tokens/{id}/revoke", false, (*Server).revokeToken},

	{"GET", "/standards/current", true, (*Server).currentStandards},
	{"GET", "/standards/versions", true, (*Server).standardVersions},
	{"GET", "/standards/items/{code}", true, (*Server).standardItem},

	{"POST", "/feedback", false, (*Server).submitFeedback},
	{"GET", "/feedback", false, (*Server).listFeedback},
	{"POST", "/feedback/{id}/review", false, (*Server).reviewFeedback},

	{"POST", "/dossiers", false, (*Server).registerDossier},
	{"GET", "/dossiers/by-code", false, (*Server).dossierByCode},

	{"GET", "/dashboards/units/{id}", false, (*Server).unitDashboard},
	{"GET", "/dashboards/units/{id}/comments", false, (*Server).unitComments},
	{"GET", "/dashboards/officials/{id}", false, (*Server).officialDashboard},

	{"POST", "/petitions", false, (*Server).submitPetition},
	{"POST", "/petitions/track", true, (*Server).trackPetition},
	{"POST", "/petitions/track/messages", true, (*Server).postTrackMessage},
	{"GET", "/petitions", false, (*Server).listPetitions},
	{"GET", "/petitions/stats", false, (*Server).petitionStats},
	{"GET", "/petitions/{id}", false, (*Server).getPetition},
	{"POST", "/petitions/{id}/steps", false, (*Server).petitionStep},
	{"POST", "/petitions/{id}/notes", false, (*Server).petitionNote},
	{"POST", "/petitions/{id}/replies", false, (*Server).petitionReply},
	{"POST", "/petitions/{id}/reveal", false, (*Server).revealReporter},
}
