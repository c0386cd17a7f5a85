package api

import (
	"congvu/incident"
	"testing"
)

// The incident schemas name exactly the fields of the Go types behind
// them, and mark as required only fields that are always sent.
func TestOpenAPIIncidentSchemasMatchTypes(t *testing.T) {
	schemasMatchTypes(t, map[string]any{
		"Incident": incident.Incident{}, "IncidentInput": incidentBody{}, "IncidentReviewInput": incidentReviewBody{},
		"IncidentEscalateInput": incidentEscalateBody{}, "IncidentCount": incident.Count{}, "IncidentPhoto": incident.Photo{},
	})
}
