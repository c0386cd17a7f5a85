package inspection

import (
	"congvu"
	"context"
)

// Service plans and runs inspections. Every method checks the actor in ctx
// (Allowed for writes, SideOf for reads: a unit outside both the owner's
// and the target's subtree sees nothing, ENOTFOUND), audits each write in
// its transaction, and saves nothing on an error.
type Service interface {
	// CreatePlan drafts a plan. EINVALID, EFORBIDDEN.
	CreatePlan(ctx context.Context, in PlanInput) (*Plan, error)
	// UpdatePlan replaces a draft plan's content. ECONFLICT once approved.
	UpdatePlan(ctx context.Context, id int64, in PlanInput) (*Plan, error)
	// ApprovePlan approves a draft plan. ECONFLICT.
	ApprovePlan(ctx context.Context, id int64) (*Plan, error)
	// PublishPlan publishes an approved plan to the units concerned (the
	// announced targets). ECONFLICT.
	PublishPlan(ctx context.Context, id int64) (*Plan, error)
	// FindPlan returns a plan as the actor's side sees it. ENOTFOUND.
	FindPlan(ctx context.Context, id int64) (*Plan, error)
	// FindPlans lists the plans the actor may see, newest year first.
	FindPlans(ctx context.Context, f PlanFilter) ([]*Plan, int, error)

	// CreateInspection starts an inspection from a plan target, ad hoc or
	// from evidence. EINVALID, EFORBIDDEN, ECONFLICT (target already started).
	CreateInspection(ctx context.Context, in InspectionInput) (*Inspection, error)
	// FindInspection returns an inspection with its lines, as the actor's
	// side sees it (Inspection.ForSide). ENOTFOUND.
	FindInspection(ctx context.Context, id int64) (*Inspection, error)
	// FindInspections lists the inspections the actor may see, without lines.
	FindInspections(ctx context.Context, f Filter) ([]*Inspection, int, error)
	// History lists the audited events of an inspection, oldest first,
	// each with who acted. Only the owner side may read it (the inspected
	// unit never sees who of the inspecting side did what). ENOTFOUND.
	History(ctx context.Context, id int64) ([]*congvu.AuditEvent, error)
	// SuggestTargets ranks the units of f.UnitID's subtree by evidence,
	// each with its reasons in Vietnamese. EFORBIDDEN.
	SuggestTargets(ctx context.Context, f SuggestFilter) ([]*Suggestion, error)

	// GenerateChecklist replaces the checklist of an inspection with
	// nothing recorded yet by lines from the catalog in force for the
	// target unit. EINVALID (unknown group or item), ECONFLICT.
	GenerateChecklist(ctx context.Context, id int64, in ChecklistInput) (*Inspection, error)
	// SaveTemplate saves a checklist for a unit to reuse. EINVALID.
	SaveTemplate(ctx context.Context, in TemplateInput) (*Template, error)
	// FindTemplates lists the templates usable by a unit (its own and its
	// ancestors').
	FindTemplates(ctx context.Context, unitID int64) ([]*Template, error)

	// StartVisit records the visit's start: planned → in_progress.
	StartVisit(ctx context.Context, id int64) (*Inspection, error)
	// RecordLine records one line (starting the visit if needed);
	// idempotent by ClientKey. EINVALID (result, official outside the
	// target unit), ECONFLICT once the record is closed.
	RecordLine(ctx context.Context, id int64, in LineInput) (*Line, error)
	// CloseRecord closes the record (biên bản) once every line has a
	// result: in_progress → recorded. EINVALID lists the open lines.
	CloseRecord(ctx context.Context, id int64) (*Inspection, error)

	// DraftConclusion writes (or rewrites) the draft conclusion of a
	// recorded inspection; a reviewed draft rewritten goes back to draft.
	DraftConclusion(ctx context.Context, id int64, text string) (*Inspection, error)
	// ReviewConclusion marks the draft reviewed (thanh tra: appraised).
	ReviewConclusion(ctx context.Context, id int64) (*Inspection, error)
	// IssueConclusion issues a reviewed conclusion: recorded → concluded;
	// the inspected unit sees it from now on.
	IssueConclusion(ctx context.Context, id int64) (*Inspection, error)

	// EvidenceFor returns one evidence reference per breached line that
	// names an official, for the violations capability. Only the owner
	// side may read it. ENOTFOUND.
	EvidenceFor(ctx context.Context, id int64) ([]congvu.EvidenceRef, error)
	// EvidenceLine returns the evidence reference of one breached line
	// (lineID) of a closed record, as the actor may see it: the owner side,
	// or the inspected unit once the record is closed. ENOTFOUND for a
	// line the actor may not see or one that was not found breached.
	EvidenceLine(ctx context.Context, lineID int64) (congvu.EvidenceRef, error)

	// Rules lists the stored dated rules of who may own an inspection (the
	// seeded DefaultRules and those added since), by kind then newest
	// first. Anyone signed in may read them: they are public law.
	Rules(ctx context.Context) ([]Rule, error)
	// AddRule stores a dated rule; only a national administrator
	// (ActInspectionRules on the whole tree) may. Audited. EFORBIDDEN,
	// EINVALID with field messages.
	AddRule(ctx context.Context, in RuleInput) (*Rule, error)
}
