// Package sqlservices wires every capability's storage on one database. It
// is the one list of them: cmd/congvu, the demo and the tests of the edges
// all build their services here, so a new capability is a line here and
// nowhere else.
package sqlservices

import (
	"congvu"
	"congvu/conduct"
	"congvu/publicstats"
	"congvu/services"
	"congvu/sqldb"
	"congvu/sqldb/calendarsql"
	"congvu/sqldb/commendationsql"
	"congvu/sqldb/emulationsql"
	"congvu/sqldb/evaluationsql"
	"congvu/sqldb/feedbacksql"
	"congvu/sqldb/incidentsql"
	"congvu/sqldb/inspectionsql"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/petitionsql"
	"congvu/sqldb/standardsql"
	"congvu/sqldb/trainingsql"
	"congvu/sqldb/violationsql"
	"time"
)

// Wired is every service on one database, with the concrete services that
// their owner drives beyond the interfaces.
type Wired struct {
	services.Set
	// Standards seeds the national catalog (EnsureCatalog).
	Standards *standardsql.StandardService
	// Feedback batches ratings: Close it before the database, so the last
	// queued ratings are written.
	Feedback *feedbacksql.FeedbackService
}

// New builds every service on db; petition attachments are kept in blobs.
func New(db *sqldb.DB, blobs congvu.BlobStore) *Wired {
	std := standardsql.NewStandardService(db)
	fb := feedbacksql.NewFeedbackService(db)
	cal := calendarsql.NewCalendarService(db)
	pet := petitionsql.NewPetitionService(db, blobs, cal)
	insp := inspectionsql.NewInspectionService(db, std)
	disc := violationsql.NewDisciplineService(db, cal)
	comm := commendationsql.NewCommendationService(db)
	comm.UseDiscipline(disc) // suggestions leave out the year's disciplined
	train := trainingsql.NewService(db, blobs)
	w := &Wired{Standards: std, Feedback: fb, Set: services.Set{
		Units:      orgsql.NewUnitService(db),
		Officials:  orgsql.NewOfficialService(db),
		Users:      orgsql.NewUserService(db),
		Standards:  std,
		Audit:      sqldb.NewAuditService(db),
		Limiter:    sqldb.NewRateLimiter(db),
		Feedback:   fb,
		Dashboards: feedbacksql.NewDashboardService(db),
		Petitions:  pet,
		Outbox:     sqldb.NewOutboxService(db),
		Calendar:   cal,

		Inspections:       insp,
		InspectionPhotos:  inspectionsql.NewPhotoService(db, blobs),
		InspectionActions: inspectionsql.NewActionService(db, blobs, cal),
		Compliance:        inspectionsql.NewDashboardService(db),

		Violations:          violationsql.NewViolationService(db, std, pet, insp),
		Discipline:          disc,
		Commendations:       comm,
		ViolationDashboards: violationsql.NewDashboardService(db),
		Incidents:           incidentsql.NewService(db, blobs),
		Training:            train,
		TrainingQuiz:        trainingsql.NewQuizService(db, train),
	}}
	emu := emulationsql.NewEmulationService(db)
	emu.UseDiscipline(disc)
	emu.UseCommendations(comm)
	w.Emulation = emu
	w.Conduct = conduct.New(w.Violations, w.Discipline, w.Commendations, w.Officials)
	w.Evaluations = evaluationsql.NewEvaluationService(db, w.Conduct)
	evidence := evaluationsql.NewEvidenceService(db, w.Conduct)
	evidence.UseDiscipline(disc) // the tables' "disciplined in the year"
	w.EvaluationEvidence = evidence
	w.Public = publicstats.New(w.Units, w.Dashboards, w.Feedback, w.Petitions, w.Inspections, w.Compliance,
		func() time.Time { return db.Now() })
	return w
}
