package emulation

import (
	"context"
)

// Service runs the emulation movements. Every method checks the actor in
// ctx in the service layer: ActEmulationView to read a subtree,
// ActEmulationManage for movements, criteria, clusters and reviews (at the
// movement's unit), ActEmulationRegister to register units and officials
// of a subtree, ActEmulationScore to score by hand (never one's own unit
// or oneself), ActEmulationPropose and ActEmulationDecide for titles
// (decided at the competent unit), ActEmulationRules. Every write is
// audited in its transaction; an error saves nothing.
type Service interface {
	CreateMovement(ctx context.Context, in MovementInput) (*Movement, error)
	// UpdateMovement replaces the text and the criteria of a draft
	// movement (criteria of an open one are fixed).
	UpdateMovement(ctx context.Context, id int64, in MovementInput) (*Movement, error)
	// OpenMovement launches a draft movement (criteria weights checked);
	// CloseMovement ends it (needs its final review).
	OpenMovement(ctx context.Context, id int64) (*Movement, error)
	CloseMovement(ctx context.Context, id int64) (*Movement, error)
	FindMovement(ctx context.Context, id int64) (*Movement, error)
	FindMovements(ctx context.Context, f MovementFilter) ([]*Movement, int, error)

	// SaveCluster creates (ID 0) or replaces a cluster of units of the
	// movement's subtree; a unit is in at most one cluster per movement.
	SaveCluster(ctx context.Context, in ClusterInput) (*Cluster, error)
	FindClusters(ctx context.Context, movementID int64) ([]*Cluster, error)

	// Register registers a unit (collective) or an official of the
	// subtree for a year of an open movement; ECONFLICT when already
	// registered.
	Register(ctx context.Context, in RegistrationInput) (*Registration, error)
	// Withdraw withdraws a registration, with a reason.
	Withdraw(ctx context.Context, id int64, reason string) (*Registration, error)
	FindRegistrations(ctx context.Context, f RegistrationFilter) ([]*Registration, int, error)

	// ComputeScores computes the evidence-fed lines of every registration
	// of the movement and year (hand-scored lines are kept) and ranks them
	// within their cluster; idempotent.
	ComputeScores(ctx context.Context, movementID int64, year int) (*ComputeResult, error)
	// ScoreByHand sets a manual criterion's points for a registration,
	// with a reason (EINVALID above the weight or without a reason).
	ScoreByHand(ctx context.Context, in HandScoreInput) (*Score, error)
	// Ranking lists the scores of a movement, year, subject and cluster
	// (0: all), best first.
	Ranking(ctx context.Context, f RankingFilter) ([]*Score, error)
	// Explain returns one registration's score line by line.
	Explain(ctx context.Context, registrationID int64, year int) (*Score, error)

	// SuggestTitles lists the titles the rule allows for the units and
	// officials of a subtree for a year, with the checks.
	SuggestTitles(ctx context.Context, unitID int64, year int) ([]*TitleSuggestion, error)
	// ProposeTitle proposes a title (the checks must hold: EINVALID says
	// which fails); DecideTitle approves (number, date, amount from the
	// coefficient and the base salary in force) or rejects.
	ProposeTitle(ctx context.Context, in TitleProposalInput) (*TitleProposal, error)
	DecideTitle(ctx context.Context, id int64, in TitleDecisionInput) (*TitleProposal, error)
	FindTitleProposal(ctx context.Context, id int64) (*TitleProposal, error)
	FindTitleProposals(ctx context.Context, f TitleFilter) ([]*TitleProposal, int, error)

	// CreateReview makes an interim or final review of a movement, its
	// figures computed and frozen.
	CreateReview(ctx context.Context, in ReviewInput) (*Review, error)
	FindReviews(ctx context.Context, movementID int64) ([]*Review, error)
	FindReview(ctx context.Context, id int64) (*Review, error)

	// TitleRuleSets lists the titles' rule sets; AddTitleRuleSet adds one
	// from a year (ActEmulationRules).
	TitleRuleSets(ctx context.Context) ([]TitleRuleSet, error)
	AddTitleRuleSet(ctx context.Context, in TitleRuleSet) (*TitleRuleSet, error)
}

// MovementInput creates or edits a movement.
type MovementInput struct {
	UnitID      int64
	Title       string
	Content     string
	FromYear    int
	ToYear      int
	InterimYear int
	Criteria    []Criterion
}

// MovementFilter selects movements.
type MovementFilter struct {
	UnitID int64 // the subtree and its ancestors' movements it takes part in; 0: the actor's sight
	Status MovementStatus
	Year   int // movements covering the year
	Limit  int
	Offset int
}

// ClusterInput creates or replaces a cluster.
type ClusterInput struct {
	ID         int64
	MovementID int64
	Title      string
	UnitIDs    []int64
}

// RegistrationInput registers a subject.
type RegistrationInput struct {
	MovementID int64
	Year       int
	Subject    Subject
	UnitID     int64
	OfficialID int64
	Title      string
	Pledge     string
	Initiative string
}

// RegistrationFilter selects registrations.
type RegistrationFilter struct {
	MovementID int64
	Year       int
	Subject    Subject
	UnitID     int64 // subtree
	ClusterID  int64
	Limit      int
	Offset     int
}

// ComputeResult says what ComputeScores did.
type ComputeResult struct {
	Scored  int `json:"scored"`
	Skipped int `json:"skipped"` // registrations withdrawn
}

// HandScoreInput scores a manual criterion.
type HandScoreInput struct {
	RegistrationID int64
	Year           int
	CriterionID    int64
	Points         float64
	Reason         string
}

// RankingFilter selects a ranking.
type RankingFilter struct {
	MovementID int64
	Year       int
	Subject    Subject
	ClusterID  int64
	Limit      int
}

// TitleProposalInput proposes a title.
type TitleProposalInput struct {
	MovementID int64
	Year       int
	Title      string
	UnitID     int64
	OfficialID int64 // 0: the unit as a collective
	Reason     string
}

// TitleDecisionInput decides a title proposal.
type TitleDecisionInput struct {
	Approve      bool
	Number       string
	Date         string // dd/mm/yyyy
	RejectReason string
}

// TitleFilter selects title proposals.
type TitleFilter struct {
	UnitID int64 // subtree
	Year   int
	Title  string
	Status ProposalStatus
	Limit  int
	Offset int
}

// ReviewInput makes a review.
type ReviewInput struct {
	MovementID int64
	Kind       ReviewKind
	Year       int
	HeldOn     string // dd/mm/yyyy
	Text       string
}
