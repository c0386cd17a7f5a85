package congvu

import (
	"context"
	"strings"
	"time"
)

// Role is what a user may do, always within a unit subtree.
type Role string

// The roles. Each grant scopes one role to a unit and everything below it.
const (
	RoleAdmin      Role = "admin"      // system administrator of a subtree
	RoleSupervisor Role = "supervisor" // home-affairs staff supervising a subtree
	RoleUnitHead   Role = "unit_head"  // head of a unit
	RoleInspector  Role = "inspector"  // inspector of a subtree
	RoleOfficial   Role = "official"   // an official: sees only their own records
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleAdmin, RoleSupervisor, RoleUnitHead, RoleInspector, RoleOfficial}

// Label is the Vietnamese name of the role.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "Quản trị hệ thống"
	case RoleSupervisor:
		return "Cán bộ nội vụ (giám sát)"
	case RoleUnitHead:
		return "Thủ trưởng đơn vị"
	case RoleInspector:
		return "Thanh tra, kiểm tra công vụ"
	case RoleOfficial:
		return "Cán bộ, công chức, viên chức"
	}
	return string(r)
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// Grant is one role over one unit subtree.
type Grant struct {
	Role     Role   `json:"role"`
	UnitID   int64  `json:"unit_id"`
	UnitPath string `json:"-"`
	UnitName string `json:"unit_name"`
}

// Actor is who is acting: a signed-in user (or API token), or nobody for
// public requests. Services read it from the context.
type Actor struct {
	UserID     int64
	Username   string
	FullName   string
	OfficialID int64 // the official record of this user, 0 if none
	Grants     []Grant
	TokenID    int64 // the API token used, 0 for a browser session
}

// Action is something an actor may be allowed to do on a unit subtree.
type Action string

// The actions the policy knows.
const (
	ActUnitView        Action = "unit.view"         // see units and their structure
	ActUnitManage      Action = "unit.manage"       // create, edit, import, restructure units
	ActOfficialView    Action = "official.view"     // see official records of a unit
	ActOfficialManage  Action = "official.manage"   // create, edit, deactivate, import officials
	ActUserManage      Action = "user.manage"       // manage accounts and their grants
	ActAuditView       Action = "audit.view"        // read the audit log
	ActStandardManage  Action = "standard.manage"   // add local standard items for a unit
	ActCatalogPublish  Action = "catalog.publish"   // publish national catalog versions
	ActOfficialViewOwn Action = "official.view_own" // an official's own record
	ActFeedbackReview  Action = "feedback.review"   // review flagged or rejected ratings, see raters' contacts
	ActPetitionView    Action = "petition.view"     // see petitions about or handled in a subtree
	ActPetitionHandle  Action = "petition.handle"   // take workflow steps, reply, read the reporter's identity
	ActPetitionRules   Action = "petition.rules"    // edit the dated deadline rules
	ActCalendarManage  Action = "calendar.manage"   // edit the working-day calendar (holidays, swapped days)

	// Inspections (package inspection): the two kinds are kept apart, each
	// with its own plan, run and conclude actions. The roles here are the
	// coarse grant; which levels of unit may act, from which date and under
	// which text, is the dated rule data stored from inspection.DefaultRules.
	ActInspectionView  Action = "inspection.view"             // see plans, inspections and issued conclusions of a subtree
	ActCheckPlan       Action = "inspection.check.plan"       // kiểm tra công vụ: draft, approve and publish plans
	ActCheckRun        Action = "inspection.check.run"        // kiểm tra công vụ: start, visit and record
	ActCheckConclude   Action = "inspection.check.conclude"   // kiểm tra công vụ: draft, review and issue the conclusion
	ActInspectPlan     Action = "inspection.inspect.plan"     // thanh tra: draft, approve and publish plans
	ActInspectRun      Action = "inspection.inspect.run"      // thanh tra: start, visit and record
	ActInspectConclude Action = "inspection.inspect.conclude" // thanh tra: draft, appraise and issue the conclusion
	// ActInspectionDashboard is seeing the compliance dashboards, which
	// count lines of inspections not concluded yet: not the inspected
	// unit's head.
	ActInspectionDashboard Action = "inspection.dashboard"
	// ActInspectionRules is adding dated rules of who may own an
	// inspection (national administrators: on the whole tree).
	ActInspectionRules Action = "inspection.rules"

	// Violations and discipline are sensitive personal data (Law 91/2025):
	// fewer roles read them than ratings (no system administrator), and
	// every reading is audited by the service.
	ActViolationView   Action = "violation.view"   // see violations, handlings and discipline cases of a subtree
	ActViolationOpen   Action = "violation.open"   // open a violation from evidence
	ActViolationHandle Action = "violation.handle" // record nhắc nhở, phê bình, chấn chỉnh (the unit head)
	// ActDisciplineRun is running a discipline procedure (review, council,
	// drafts, notification); ActDisciplineDecide is signing the decision,
	// checked at the competent unit the rule names.
	ActDisciplineRun    Action = "discipline.run"
	ActDisciplineDecide Action = "discipline.decide"
	ActDisciplineRules  Action = "discipline.rules" // add dated discipline rule sets (national administrators)

	ActCommendationView    Action = "commendation.view"    // see commendations and proposals of a subtree
	ActCommend             Action = "commendation.praise"  // biểu dương by the unit head
	ActCommendationPropose Action = "commendation.propose" // propose khen thưởng to the competent level
	ActCommendationDecide  Action = "commendation.decide"  // decide a proposal, checked at the competent unit
	ActCommendationRules   Action = "commendation.rules"   // add dated commendation rules (national administrators)

	// The annual evaluation: personal data read by the official's managers
	// only (not administrators nor inspectors), every reading audited.
	ActEvaluationView    Action = "evaluation.view"    // see evaluations, products and evidence summaries of a subtree
	ActEvaluationTrack   Action = "evaluation.track"   // assign task products and confirm their quality and progress
	ActEvaluationPropose Action = "evaluation.propose" // propose a classification (the head or the evaluator)
	ActEvaluationDecide  Action = "evaluation.decide"  // decide a classification under the quota; an agency's own
	ActEvaluationRules   Action = "evaluation.rules"   // add dated evaluation rule sets (national administrators)

	// The emulation movement.
	ActEmulationView     Action = "emulation.view"     // see movements, registrations, scores and titles of a subtree
	ActEmulationManage   Action = "emulation.manage"   // launch movements, criteria, clusters, reviews
	ActEmulationRegister Action = "emulation.register" // register units and officials of a subtree
	ActEmulationScore    Action = "emulation.score"    // score manual criteria, compute scores
	ActEmulationPropose  Action = "emulation.propose"  // propose titles
	ActEmulationDecide   Action = "emulation.decide"   // decide titles at the competent unit
	ActEmulationRules    Action = "emulation.rules"    // add dated title rule sets (national administrators)

	// The office incident log.
	ActIncidentRecord Action = "incident.record" // record an incident at one's unit (any official)
	ActIncidentView   Action = "incident.view"   // read the incidents of a subtree
	ActIncidentReview Action = "incident.review" // review and escalate (the unit head)

	// Training on the code of conduct (bồi dưỡng, quán triệt). An official
	// attends, reads and takes quizzes as themselves (their OfficialID), with
	// no grant needed; these actions are the staff's.
	ActTrainingView   Action = "training.view"   // see campaigns, sessions, coverage and who is behind in a subtree
	ActTrainingManage Action = "training.manage" // materials, campaigns, sessions, attendance marks, question banks
	ActTrainingRules  Action = "training.rules"  // add dated training obligation rules (national administrators)
)

// policy lists which roles may perform each action within their subtree.
var policy = map[Action][]Role{
	ActUnitView:       {RoleAdmin, RoleSupervisor, RoleUnitHead, RoleInspector},
	ActUnitManage:     {RoleAdmin},
	ActOfficialView:   {RoleAdmin, RoleSupervisor, RoleUnitHead, RoleInspector},
	ActOfficialManage: {RoleAdmin, RoleSupervisor, RoleUnitHead},
	ActUserManage:     {RoleAdmin},
	ActAuditView:      {RoleAdmin, RoleSupervisor},
	ActStandardManage: {RoleAdmin, RoleSupervisor, RoleUnitHead},
	ActCatalogPublish: {RoleAdmin},
	ActFeedbackReview: {RoleAdmin, RoleSupervisor},
	ActPetitionView:   {RoleAdmin, RoleSupervisor, RoleUnitHead, RoleInspector},
	ActPetitionHandle: {RoleSupervisor, RoleUnitHead, RoleInspector},
	ActPetitionRules:  {RoleAdmin},
	ActCalendarManage: {RoleAdmin},

	// Inspections: kiểm tra công vụ by heads and home-affairs staff (an
	// inspector may join the team), thanh tra by inspectors only.
	ActInspectionView:      {RoleAdmin, RoleSupervisor, RoleUnitHead, RoleInspector},
	ActCheckPlan:           {RoleSupervisor, RoleUnitHead},
	ActCheckRun:            {RoleSupervisor, RoleUnitHead, RoleInspector},
	ActCheckConclude:       {RoleSupervisor, RoleUnitHead},
	ActInspectPlan:         {RoleInspector},
	ActInspectRun:          {RoleInspector},
	ActInspectConclude:     {RoleInspector},
	ActInspectionDashboard: {RoleAdmin, RoleSupervisor, RoleInspector},
	ActInspectionRules:     {RoleAdmin},

	ActViolationView:    {RoleSupervisor, RoleUnitHead, RoleInspector},
	ActViolationOpen:    {RoleSupervisor, RoleUnitHead, RoleInspector},
	ActViolationHandle:  {RoleUnitHead},
	ActDisciplineRun:    {RoleSupervisor, RoleUnitHead},
	ActDisciplineDecide: {RoleUnitHead},
	ActDisciplineRules:  {RoleAdmin},

	ActCommendationView:    {RoleAdmin, RoleSupervisor, RoleUnitHead, RoleInspector},
	ActCommend:             {RoleUnitHead},
	ActCommendationPropose: {RoleSupervisor, RoleUnitHead},
	ActCommendationDecide:  {RoleUnitHead},
	ActCommendationRules:   {RoleAdmin},

	ActEvaluationView:    {RoleSupervisor, RoleUnitHead},
	ActEvaluationTrack:   {RoleUnitHead},
	ActEvaluationPropose: {RoleUnitHead, RoleSupervisor},
	ActEvaluationDecide:  {RoleUnitHead},
	ActEvaluationRules:   {RoleAdmin},

	ActEmulationView:     {RoleAdmin, RoleSupervisor, RoleUnitHead, RoleInspector},
	ActEmulationManage:   {RoleSupervisor},
	ActEmulationRegister: {RoleSupervisor, RoleUnitHead},
	ActEmulationScore:    {RoleSupervisor},
	ActEmulationPropose:  {RoleSupervisor, RoleUnitHead},
	ActEmulationDecide:   {RoleUnitHead},
	ActEmulationRules:    {RoleAdmin},

	ActIncidentRecord: {RoleSupervisor, RoleUnitHead, RoleInspector, RoleOfficial},
	ActIncidentView:   {RoleSupervisor, RoleUnitHead},
	ActIncidentReview: {RoleUnitHead},

	ActTrainingView:   {RoleAdmin, RoleSupervisor, RoleUnitHead, RoleInspector},
	ActTrainingManage: {RoleSupervisor, RoleUnitHead},
	ActTrainingRules:  {RoleAdmin},
}

// IsAnonymous reports whether nobody is signed in.
func (a *Actor) IsAnonymous() bool { return a == nil || a.UserID == 0 }

// HasRole reports whether the actor holds role anywhere.
func (a *Actor) HasRole(r Role) bool {
	if a == nil {
		return false
	}
	for _, g := range a.Grants {
		if g.Role == r {
			return true
		}
	}
	return false
}

// Can reports whether the actor may perform act on the unit with the given
// materialized path (see Unit.Path). An empty path means "somewhere": the
// actor holds a role allowed to act anywhere.
func (a *Actor) Can(act Action, unitPath string) bool {
	if a.IsAnonymous() {
		return false
	}
	for _, g := range a.Grants {
		if !roleIn(g.Role, policy[act]) {
			continue
		}
		if unitPath == "" || strings.HasPrefix(unitPath, g.UnitPath) {
			return true
		}
	}
	return false
}

// Scopes returns the unit paths under which the actor may perform act; list
// queries are restricted to these subtrees. Nil means nowhere.
func (a *Actor) Scopes(act Action) []string {
	if a.IsAnonymous() {
		return nil
	}
	var out []string
	for _, g := range a.Grants {
		if roleIn(g.Role, policy[act]) {
			out = append(out, g.UnitPath)
		}
	}
	return reduceScopes(out)
}

// reduceScopes drops paths that lie inside another path of the list.
func reduceScopes(paths []string) []string {
	var out []string
	for i, p := range paths {
		inside := false
		for j, q := range paths {
			if i != j && strings.HasPrefix(p, q) && (p != q || j < i) {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, p)
		}
	}
	return out
}

func roleIn(r Role, rs []Role) bool {
	for _, x := range rs {
		if r == x {
			return true
		}
	}
	return false
}

type actorKey struct{}

// NewContextWithActor returns ctx carrying the actor.
func NewContextWithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFromContext returns the actor of ctx, or nil for a public request.
func ActorFromContext(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}

// RequestMeta is what the web layer knows about the request, for the audit
// log and rate limits.
type RequestMeta struct {
	IP        string
	UserAgent string
}

type metaKey struct{}

// NewContextWithMeta returns ctx carrying the request metadata.
func NewContextWithMeta(ctx context.Context, m RequestMeta) context.Context {
	return context.WithValue(ctx, metaKey{}, m)
}

// MetaFromContext returns the request metadata of ctx.
func MetaFromContext(ctx context.Context) RequestMeta {
	m, _ := ctx.Value(metaKey{}).(RequestMeta)
	return m
}

// Login limits, shared by the service and its tests.
const (
	SessionLifetime = 12 * time.Hour
	MinPasswordLen  = 10
)

// SystemActor is the operator at the command line (migrate, import, demo,
// user): an administrator of the whole tree, recorded in the audit log as
// "system" with the given name.
func SystemActor(name string) *Actor {
	return &Actor{UserID: -1, Username: "system", FullName: name,
		Grants: []Grant{{Role: RoleAdmin, UnitID: 1, UnitPath: RootUnitPath, UnitName: "Cả nước"}}}
}

// IsSystem reports whether a is the command-line operator.
func (a *Actor) IsSystem() bool { return a != nil && a.UserID < 0 }
