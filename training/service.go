package training

import (
	"context"
	"io"
	"time"
)

// Service keeps materials, campaigns, sessions, attendance and coverage.
// Staff act with ActTrainingManage (ActTrainingView to read) on the
// campaign's unit; an official acts on their own assignments as
// themselves (the actor's OfficialID), with no grant. Every write is
// audited in its transaction and keeps the coverage rollups.
type Service interface {
	// Materials: the catalog version's items with their meaning and
	// examples (built on first use, editable), and uploaded documents.
	Materials(ctx context.Context, catalogVersionID int64) ([]*Material, error)
	UpdateMaterial(ctx context.Context, id int64, in MaterialInput) (*Material, error)
	UploadDocument(ctx context.Context, in MaterialInput, r io.Reader) (*Material, error)
	OpenDocument(ctx context.Context, id int64) (*Material, io.ReadCloser, error)

	CreateCampaign(ctx context.Context, in CampaignInput) (*Campaign, error)
	UpdateCampaign(ctx context.Context, id int64, in CampaignInput) (*Campaign, error) // drafts only
	// OpenCampaign assigns the audience (the officials active in the
	// subtree on that day) and starts the campaign.
	OpenCampaign(ctx context.Context, id int64) (*Campaign, error)
	CloseCampaign(ctx context.Context, id int64) (*Campaign, error)
	FindCampaign(ctx context.Context, id int64) (*Campaign, error)
	FindCampaigns(ctx context.Context, f Filter) ([]*Campaign, int, error)
	// Suggest lists officials of a unit's subtree a head may name for
	// remedial training, from the evidence of the last twelve months.
	Suggest(ctx context.Context, unitID int64) ([]Suggestion, error)

	CreateSession(ctx context.Context, in SessionInput) (*Session, error)
	FindSession(ctx context.Context, id int64) (*Session, error)
	Sessions(ctx context.Context, campaignID int64) ([]*Session, error)
	// SessionCode is the session's QR code of the moment, for the
	// organiser's screen (ActTrainingManage).
	SessionCode(ctx context.Context, sessionID int64) (string, error)
	// Attend records the signed-in official at a session from the code
	// they scanned, within the session's window; once per official.
	Attend(ctx context.Context, sessionID int64, code string) (*Attendance, error)
	// Mark records officials present, by the organiser.
	Mark(ctx context.Context, sessionID int64, officialIDs []int64) (int, error)
	// StudyOnline records the signed-in official's reading of an online
	// session's materials.
	StudyOnline(ctx context.Context, sessionID int64) (*Attendance, error)
	Attendances(ctx context.Context, sessionID int64) ([]*Attendance, error)

	// Assignments lists assignments (f.Behind: who has not trained).
	Assignments(ctx context.Context, f Filter) ([]*Assignment, int, error)
	// Mine lists the signed-in official's assignments.
	Mine(ctx context.Context) ([]*Assignment, error)
	// Coverage is f's unit and each of its children, from the rollups.
	Coverage(ctx context.Context, f CoverageFilter) (*Coverage, []Coverage, error)
	// OfficialYear is an official's training in a year (the official, or
	// staff reading the evaluation of that official).
	OfficialYear(ctx context.Context, officialID int64, year int) (*OfficialYear, error)

	RuleSets(ctx context.Context) ([]RuleSet, error)
	AddRuleSet(ctx context.Context, rs RuleSet) error
}

// QuizService keeps the question banks and the quizzes.
type QuizService interface {
	Questions(ctx context.Context, itemCode string) ([]*Question, error)
	CreateQuestion(ctx context.Context, in QuestionInput) (*Question, error)
	UpdateQuestion(ctx context.Context, id int64, in QuestionInput) (*Question, error)
	// StartAttempt draws the campaign's questions at random across the
	// items for the signed-in official, within the attempts allowed; an
	// attempt started and not submitted is returned again.
	StartAttempt(ctx context.Context, campaignID int64) (*Attempt, error)
	// SubmitAttempt grades the answers; passing completes the assignment
	// when attended.
	SubmitAttempt(ctx context.Context, attemptID int64, answers []int) (*Attempt, error)
	FindAttempt(ctx context.Context, id int64) (*Attempt, error)
	// ItemResults are the per-item results of a campaign's attempts in a
	// unit's subtree (0: the actor's widest scope).
	ItemResults(ctx context.Context, campaignID, unitID int64) ([]ItemResult, error)
	// Certificate issues (once) or returns the certificate of the signed-in
	// official's complete assignment; staff read anyone's in their scope.
	Certificate(ctx context.Context, campaignID, officialID int64) (*Certificate, error)
	// VerifyCertificate checks a certificate's number (public: the name and
	// the campaign only).
	VerifyCertificate(ctx context.Context, number string) (*Certificate, error)
}

// QRPeriod is how long a session's QR code lasts: a code photographed and
// sent to someone absent stops working soon.
const QRPeriod = 60 * time.Second
