package evaluation_test

import (
	"congvu"
	"congvu/evaluation"
	"congvu/org"
	"testing"
)

func actor(official int64, role congvu.Role, path string) *congvu.Actor {
	return &congvu.Actor{UserID: 100 + official, OfficialID: official, Grants: []congvu.Grant{{Role: role, UnitPath: path}}}
}

// A member is proposed and decided by the head of their unit; a leader by
// the head of the parent unit; nobody proposes or decides their own; the
// head evaluated reads their own form as the official; administrators
// and inspectors read no evaluation.
func TestPolicy(t *testing.T) {
	member := &evaluation.Evaluation{OfficialID: 1, UnitID: 3, UnitPath: "/1/2/3/"}
	leader := &evaluation.Evaluation{OfficialID: 9, UnitID: 3, UnitPath: "/1/2/3/", Leader: true}
	head := actor(9, congvu.RoleUnitHead, "/1/2/3/")     // the head of unit 3, evaluated in leader
	parent := actor(20, congvu.RoleUnitHead, "/1/2/")    // the head of the parent unit
	colleague := &congvu.Actor{UserID: 5, OfficialID: 5} // an official of unit 3
	supervisor := actor(0, congvu.RoleSupervisor, "/1/2/")

	if err := evaluation.CanDecide(head, member); err != nil {
		t.Errorf("head decides a member: %v", err)
	}
	if err := evaluation.CanDecide(head, leader); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
		t.Errorf("head decided their own: %v", err)
	}
	if err := evaluation.CanPropose(head, leader); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
		t.Errorf("head proposed their own: %v", err)
	}
	deputy := &evaluation.Evaluation{OfficialID: 8, UnitID: 3, UnitPath: "/1/2/3/", Leader: true}
	if err := evaluation.CanDecide(head, deputy); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
		t.Errorf("head decided a deputy of the same unit: %v", err)
	}
	if err := evaluation.CanDecide(parent, leader); err != nil {
		t.Errorf("parent decides the leader: %v", err)
	}
	if err := evaluation.CanPropose(supervisor, leader); err != nil {
		t.Errorf("supervisor proposes: %v", err)
	}
	if err := evaluation.CanDecide(supervisor, member); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
		t.Errorf("supervisor decided: %v", err)
	}
	if !evaluation.CanRead(head, leader) || !evaluation.Own(head, leader.OfficialID) {
		t.Errorf("head does not read their own as the official")
	}
	if err := evaluation.CanSelfAssess(head, leader); err != nil {
		t.Errorf("head self-assesses: %v", err)
	}
	if err := evaluation.CanSelfAssess(head, member); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
		t.Errorf("head self-assessed for a member: %v", err)
	}
	for _, a := range []*congvu.Actor{actor(0, congvu.RoleAdmin, "/1/"), actor(0, congvu.RoleInspector, "/1/"), colleague, nil} {
		if evaluation.CanRead(a, member) {
			t.Errorf("%+v reads the evaluation", a)
		}
	}
	if !evaluation.CanRead(&congvu.Actor{UserID: 1, OfficialID: 1}, member) {
		t.Errorf("the official does not read their own")
	}
	// The collective: a colleague of the unit comments, one of another
	// unit does not; the head records the minutes; nobody on their own.
	if err := evaluation.CanComment(colleague, member, 3, false); err != nil {
		t.Errorf("colleague: %v", err)
	}
	if err := evaluation.CanComment(colleague, member, 4, false); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
		t.Errorf("another unit's official commented: %v", err)
	}
	if err := evaluation.CanComment(colleague, member, 3, true); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
		t.Errorf("colleague recorded the minutes: %v", err)
	}
	if err := evaluation.CanComment(head, member, 3, true); err != nil {
		t.Errorf("head minutes: %v", err)
	}
	if err := evaluation.CanComment(head, leader, 3, false); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
		t.Errorf("commented on their own: %v", err)
	}
	if err := evaluation.CanTrack(head, 9, "/1/2/3/", true); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
		t.Errorf("tracked own products: %v", err)
	}
	if err := evaluation.CanTrack(head, 1, "/1/2/3/", false); err != nil {
		t.Errorf("track a member: %v", err)
	}
	if err := evaluation.CanDecideUnit(head, "/1/2/3/"); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
		t.Errorf("head classified their own agency: %v", err)
	}
	if err := evaluation.CanDecideUnit(parent, "/1/2/3/"); err != nil {
		t.Errorf("parent classifies the agency: %v", err)
	}
	if got := evaluation.ManagerPath("/1/", true); got != "/1/" {
		t.Errorf("root leader: %q", got)
	}
}

// The cycle in order; a step out of order is ECONFLICT.
func TestNext(t *testing.T) {
	s := evaluation.StatusOpen
	for _, st := range []struct {
		step evaluation.Step
		want evaluation.Status
	}{
		{evaluation.StepComment, evaluation.StatusOpen},
		{evaluation.StepSelf, evaluation.StatusSelfAssessed},
		{evaluation.StepSelf, evaluation.StatusSelfAssessed},
		{evaluation.StepComment, evaluation.StatusSelfAssessed},
		{evaluation.StepPropose, evaluation.StatusProposed},
		{evaluation.StepPropose, evaluation.StatusProposed},
		{evaluation.StepDecide, evaluation.StatusDecided},
		{evaluation.StepNotify, evaluation.StatusNotified},
		{evaluation.StepComplain, evaluation.StatusComplained},
		{evaluation.StepSettle, evaluation.StatusSettled},
	} {
		next, err := evaluation.Next(s, st.step)
		if err != nil || next != st.want {
			t.Fatalf("%s from %s: %s %v", st.step, s, next, err)
		}
		s = next
	}
	for _, bad := range []struct {
		from evaluation.Status
		step evaluation.Step
	}{
		{evaluation.StatusOpen, evaluation.StepPropose},
		{evaluation.StatusSelfAssessed, evaluation.StepDecide},
		{evaluation.StatusProposed, evaluation.StepSelf},
		{evaluation.StatusProposed, evaluation.StepComment},
		{evaluation.StatusDecided, evaluation.StepComplain},
		{evaluation.StatusDecided, evaluation.StepDecide},
		{evaluation.StatusComplained, evaluation.StepComplain},
		{evaluation.StatusSettled, evaluation.StepSettle},
	} {
		if _, err := evaluation.Next(bad.from, bad.step); congvu.ErrorCode(err) != congvu.ECONFLICT {
			t.Errorf("%s from %s: %v", bad.step, bad.from, err)
		}
	}
	if _, err := evaluation.NextProduct(evaluation.ProductAssigned, evaluation.ProductStepConfirm); congvu.ErrorCode(err) != congvu.ECONFLICT {
		t.Errorf("confirmed before the report: %v", err)
	}
	if _, err := evaluation.NextProduct(evaluation.ProductConfirmed, evaluation.ProductStepCancel); congvu.ErrorCode(err) != congvu.ECONFLICT {
		t.Errorf("cancelled a confirmed product: %v", err)
	}
}

// Inputs are checked field by field in Vietnamese, every problem at once.
func TestValidation(t *testing.T) {
	r := evaluation.RuleSetFor(evaluation.DefaultRuleSets(), org.CategoryCivilServant, 2026)
	_, err := r.CheckSelf(evaluation.SelfInput{General: []evaluation.Score{{Code: evaluation.CritEthics, Points: 6}}})
	fs := congvu.ErrorFields(err)
	if fs["general.ethics"] == "" || fs["general.politics"] == "" || fs["level"] == "" || fs["text"] == "" {
		t.Errorf("self: %v", fs)
	}
	var full []evaluation.Score
	for _, c := range r.General {
		full = append(full, evaluation.Score{Code: c.Code, Points: c.Max})
	}
	in, err := r.CheckSelf(evaluation.SelfInput{General: full, Level: evaluation.LevelGood, Text: "  Hoàn thành  "})
	if err != nil || in.Text != "Hoàn thành" || evaluation.GeneralPoints(in.General) != 30 {
		t.Errorf("good self: %+v %v", in, err)
	}
	old := evaluation.RuleSetFor(evaluation.DefaultRuleSets(), org.CategoryCadre, 2026)
	if _, err := old.CheckProposal(evaluation.ProposalInput{General: []evaluation.Score{{Code: evaluation.CritCulture, Points: 3}}, Level: evaluation.LevelGood}); congvu.ErrorFields(err)["general.culture"] == "" {
		t.Errorf("points on an unscored set: %v", err)
	}
	if _, err := old.CheckProposal(evaluation.ProposalInput{General: []evaluation.Score{{Code: "nope"}}, Level: evaluation.LevelGood}); congvu.ErrorFields(err)["general"] == "" {
		t.Errorf("unknown criterion: %v", err)
	}
	_, _, err = r.CheckProduct(evaluation.ProductInput{OfficialID: 1, Year: 2026, PeriodKind: evaluation.PeriodMonth, Period: 13, Points: 0, DueOn: "31/02/2026"})
	fs = congvu.ErrorFields(err)
	if fs["period"] == "" || fs["title"] == "" || fs["points"] == "" || fs["due_on"] == "" {
		t.Errorf("product: %v", fs)
	}
	_, due, err := r.CheckProduct(evaluation.ProductInput{OfficialID: 1, Year: 2026, PeriodKind: evaluation.PeriodQuarter, Period: 1, Title: "Báo cáo quý", Points: 10})
	if err != nil || due.Format("02/01/2006") != "31/03/2026" {
		t.Errorf("due %v %v", due, err)
	}
	if _, err := evaluation.CheckSettle(evaluation.SettleInput{NewLevel: evaluation.LevelGood}, evaluation.LevelGood); congvu.ErrorFields(err)["new_level"] == "" || congvu.ErrorFields(err)["answer"] == "" {
		t.Errorf("settle: %v", err)
	}
	bad := *r
	bad.Code, bad.FromYear, bad.TaskMax, bad.Good = "", 2025, 60, 95
	fs = congvu.ErrorFields(bad.Validate(2026))
	if fs["code"] == "" || fs["from_year"] == "" || fs["task_max"] == "" || fs["excellent"] == "" {
		t.Errorf("rule set: %v", fs)
	}
}

// A colleague reads who is evaluated while the collective comments, and
// nothing once the head proposed (not even that the official complained).
func TestColleagueWhileTheCollectiveComments(t *testing.T) {
	colleague := &congvu.Actor{UserID: 5, OfficialID: 5}
	for _, st := range []evaluation.Status{evaluation.StatusOpen, evaluation.StatusSelfAssessed, evaluation.StatusProposed, evaluation.StatusComplained} {
		e := &evaluation.Evaluation{OfficialID: 1, UnitID: 3, UnitPath: "/1/2/3/", Status: st}
		want := st == evaluation.StatusOpen || st == evaluation.StatusSelfAssessed
		if got := evaluation.IsColleague(colleague, e, 3); got != want {
			t.Errorf("%s: colleague %v", st, got)
		}
	}
}
