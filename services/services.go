// Package services bundles the services of every capability.
package services

import (
	"congvu"
	"congvu/calendar"
	"congvu/commendation"
	"congvu/conduct"
	"congvu/emulation"
	"congvu/evaluation"
	"congvu/feedback"
	"congvu/incident"
	"congvu/inspection"
	"congvu/org"
	"congvu/petition"
	"congvu/publicstats"
	"congvu/standard"
	"congvu/training"
	"congvu/violation"
	"fmt"
	"reflect"
)

// Set holds every capability's service; cmd/congvu fills it from the storage
// packages and hands it to the web and API layers and the demo loader. Every
// service is required: see Check.
type Set struct {
	Units      org.UnitService
	Officials  org.OfficialService
	Users      org.UserService
	Standards  standard.Service
	Audit      congvu.AuditService
	Limiter    congvu.RateLimiter
	Feedback   feedback.Service
	Dashboards feedback.DashboardService
	Petitions  petition.Service
	Outbox     congvu.OutboxService
	Calendar   calendar.Service

	Inspections inspection.Service
	// InspectionPhotos keeps the photos of checklist lines (field work).
	InspectionPhotos inspection.PhotoService
	// InspectionActions keeps the corrective actions of conclusions.
	InspectionActions inspection.ActionService
	// Compliance gives the compliance dashboards of inspections.
	Compliance inspection.DashboardService

	// Violations opens violations from evidence and records their handling
	// below discipline.
	Violations violation.Service
	// Discipline runs discipline procedures under the rule of the act's date.
	Discipline violation.DisciplineService
	// Commendations records praises and proposals of khen thưởng.
	Commendations commendation.Service
	// Conduct gives an official's year of discipline and commendations.
	Conduct conduct.Service
	// Evaluations runs the annual evaluation: task products, the evidence
	// summary, the cycle under the quota.
	Evaluations evaluation.Service
	// EvaluationEvidence compiles officials' years of evidence.
	EvaluationEvidence evaluation.EvidenceService
	// Emulation runs the emulation movements: criteria, registrations,
	// clusters, scores, titles, reviews.
	Emulation emulation.Service
	// ViolationDashboards gives the violation dashboards, from rollups.
	ViolationDashboards violation.DashboardService
	// Public gives the public transparency page's figures (/cong-khai).
	Public publicstats.Service
	// Incidents keeps the office incident log.
	Incidents incident.Service
	// Training keeps training materials, campaigns, sessions, attendance
	// and coverage.
	Training training.Service
	// TrainingQuiz keeps the question bank, the quizzes and the
	// certificates.
	TrainingQuiz training.QuizService
}

// Check reports the first service missing from s: a server is wired with
// every service or does not start.
func (s Set) Check() error {
	v := reflect.ValueOf(s)
	for i := range v.NumField() {
		f := v.Field(i)
		if f.IsNil() || (f.Elem().Kind() == reflect.Pointer && f.Elem().IsNil()) {
			return fmt.Errorf("services: %s is not wired", v.Type().Field(i).Name)
		}
	}
	return nil
}
