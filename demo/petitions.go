package demo

import (
	"sync"
	"time"

	"congvu/petition"
)

// The demo's petitions (phản ánh, kiến nghị): about a hundred citizens'
// reports over the last six months, about officials of the staffed units
// (or only a unit), in every status of handling, each driven through the
// real PetitionService by the demo's handlers (noivu, thanhtra, thutruong)
// at believable moments: the services' clock (Options.Clock) is moved to
// each moment in turn, and the deadline sweep runs every morning of the
// simulated months, then once at the real time. Some open petitions are
// past their deadline, a few escalated. The plan is drawn from Seed alone;
// only the moments depend on the day of the load. Loading again skips the
// petitions whose description is already stored.

// reporterEmailDomain is a reserved domain (RFC 2606), like the staff's:
// demo mail can never reach a real mailbox.
const reporterEmailDomain = "hopthu.example"

// PetitionsResult says what the demo's petitions load did.
type PetitionsResult struct {
	// Created counts the petitions submitted by this load; Skipped those
	// found already stored.
	Created, Skipped int
	// ByStatus counts every petition in the database by status, after the
	// load.
	ByStatus map[petition.Status]int
	// Overdue and Escalated count open petitions past their deadline, and
	// those escalated to a supervising unit.
	Overdue, Escalated int
	// Sweeps is the total of the deadline sweeps run.
	Sweeps petition.SweepResult
	// Elapsed is how long the petitions took.
	Elapsed time.Duration
}

// timing is where an open petition stands against the deadline of its
// current stage when the demo is loaded.
type timing int

const (
	onTime    timing = iota // well before the deadline
	nearDue                 // within the reminder period
	late                    // past the deadline, not yet escalated
	escalated               // past the deadline and the escalation delay
)

// actKind is what happens to a petition.
type actKind int

const (
	actSubmit actKind = iota
	actAccept
	actReject
	actAssign
	actTransfer
	actVerify
	actConclude
	actReply
	actClose
	actNote
	actMessage // from the reporter, through the tracking page
	actReveal
)

// petitionAction is one thing done to a petition, timed relative to the
// previous one.
type petitionAction struct {
	kind  actKind
	actor string // username of the staff account; "" for the reporter
	// days are working days after the previous action (hours for the
	// reporter's messages); minute is the minute of the working day.
	days, minute int
	// frac places actions after the current stage started, in an open
	// petition: a share of the time from the stage's start to the load.
	frac       float64
	unit       string // assign, transfer: unit code ("" for the default handler)
	text       string // reason, note, reply, message; {code} is the tracking code of petition dupOf
	conclusion petition.Conclusion
	items      []string
}

// stage reports the deadline stage an action starts, if any.
func (a petitionAction) stage() petition.DeadlineStage {
	switch a.kind {
	case actSubmit:
		return petition.StageAccept
	case actAccept:
		return petition.StageAssign
	case actAssign, actTransfer:
		return petition.StageConclude
	case actConclude:
		return petition.StageClose
	}
	return ""
}

// petitionSpec is one demo petition.
type petitionSpec struct {
	story        string // key of the story, or "R<n>" for a rejection
	official     string // employee code of the subject; "" for a unit
	unit         string // code of the subject's unit
	kind         subjectKind
	badge        bool // made through the QR code on the official's badge
	subjectText  string
	category     petition.Category
	description  string
	place        string
	occurredDays int // days before the submission it happened
	anonymous    bool
	reporter     petition.Reporter
	photo        photoKind
	target       petition.Status
	timing       timing  // open petitions
	pick         float64 // open petitions: where in the window of the timing
	ageDays      int     // closed and rejected: days from the submission to the load (before fitting)
	hour, minute int     // of the submission
	dupOf        int     // index+1 of the petition this one repeats; 0 for none
	dupDays      int     // days after the first petition
	actions      []petitionAction
}

var (
	petitionPlanOnce sync.Once
	petitionPlanList []*petitionSpec
	petitionPlanErr  error
)

func getPetitionPlan(p *plan) ([]*petitionSpec, error) {
	petitionPlanOnce.Do(func() { petitionPlanList, petitionPlanErr = buildPetitionPlan(p) })
	return petitionPlanList, petitionPlanErr
}

// PetitionCount is how many petitions the demo holds.
func PetitionCount() int {
	p, err := getPlan()
	if err != nil {
		return 0
	}
	specs, err := getPetitionPlan(p)
	if err != nil {
		return 0
	}
	return len(specs)
}
