package inspectionsql

import (
	"congvu"
	"congvu/inspection"
	"congvu/sqldb"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
)

const planCols = `p.id, p.unit_id, u.name, u.path, p.kind, p.year, p.title, p.scope, p.team, p.status,
	COALESCE(p.created_by, 0), p.created_at, p.updated_at, p.approved_at, p.published_at`

const planFrom = ` FROM inspection_plans p JOIN units u ON u.id = p.unit_id`

func scanPlan(sc sqldb.Scanner) (*inspection.Plan, error) {
	p := &inspection.Plan{}
	var team string
	var approved, published sql.NullTime
	if err := sc.Scan(&p.ID, &p.UnitID, &p.UnitName, &p.UnitPath, &p.Kind, &p.Year, &p.Title, &p.Scope, &team, &p.Status,
		&p.CreatedBy, &p.CreatedAt, &p.UpdatedAt, &approved, &published); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(team), &p.Team); err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt = sqldb.UTC(p.CreatedAt), sqldb.UTC(p.UpdatedAt)
	p.ApprovedAt, p.PublishedAt = sqldb.UTCPtr(approved), sqldb.UTCPtr(published)
	return p, nil
}

func scanTarget(sc sqldb.Scanner) (*inspection.PlanTarget, error) {
	t := &inspection.PlanTarget{}
	err := sc.Scan(&t.ID, &t.PlanID, &t.UnitID, &t.UnitName, &t.UnitPath, &t.Month, &t.Unannounced, &t.InspectionID)
	return t, err
}

// loadPlan reads a plan with its targets, without any authorization check.
func (s *InspectionService) loadPlan(ctx context.Context, q sqldb.Querier, id int64) (*inspection.Plan, error) {
	p, err := scanPlan(q.QueryRowContext(ctx, `SELECT `+planCols+planFrom+` WHERE p.id = $1`, id))
	if err != nil {
		return nil, s.notFound(err, errNoPlan, "load inspection plan")
	}
	p.Targets, err = sqldb.QueryAll(ctx, s.db, q, "load plan targets", `SELECT t.id, t.plan_id, t.unit_id, u.name, u.path, t.month, t.unannounced, COALESCE(i.id, 0)
		FROM inspection_plan_targets t JOIN units u ON u.id = t.unit_id LEFT JOIN inspections i ON i.plan_target_id = t.id
		WHERE t.plan_id = $1 ORDER BY t.month, u.name, t.id`, scanTarget, id)
	return p, err
}

// checkPlanInput validates in and loads its owner; each target must lie in
// the owner's subtree.
func (s *InspectionService) checkPlanInput(ctx context.Context, tx *sqldb.Tx, in *inspection.PlanInput) (inspection.Owner, error) {
	if err := in.Validate(); err != nil {
		return inspection.Owner{}, err
	}
	u, err := s.owner(ctx, tx, in.UnitID, "unit_id")
	if err != nil {
		return inspection.Owner{}, err
	}
	o := ownerOf(u)
	if err := allowed(ctx, s.db, tx.Actor, in.Kind, inspection.StepPlan, o, tx.Now); err != nil {
		return o, err
	}
	v := congvu.Validation{}
	seen := map[int64]bool{}
	for i, t := range in.Targets {
		field := fmt.Sprintf("targets.%d.unit_id", i)
		tu, err := sqldb.LoadUnitRef(ctx, s.db, tx, t.UnitID)
		if err != nil {
			return o, err
		}
		switch {
		case tu == nil || !tu.Active:
			v.Add(field, "Không tìm thấy đơn vị.")
		case !inspection.Within(tu.Path, o.Path):
			v.Add(field, "Đơn vị được kiểm tra phải thuộc đơn vị lập kế hoạch.")
		case seen[t.UnitID]:
			v.Add(field, "Đơn vị này đã có trong kế hoạch.")
		}
		seen[t.UnitID] = true
	}
	return o, v.Err()
}

// CreatePlan drafts a plan. See inspection.Service.
func (s *InspectionService) CreatePlan(ctx context.Context, in inspection.PlanInput) (*inspection.Plan, error) {
	var id int64
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := s.checkPlanInput(ctx, tx, &in); err != nil {
			return err
		}
		team, _ := json.Marshal(nonNil(in.Team))
		err := tx.QueryRowContext(ctx, `INSERT INTO inspection_plans (unit_id, kind, year, title, scope, status, team, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			in.UnitID, in.Kind, in.Year, in.Title, in.Scope, inspection.PlanDraft, string(team), sqldb.NullID(max(tx.Actor.UserID, 0)), tx.Now).Scan(&id)
		if err != nil {
			return s.db.Internal("insert inspection plan", err)
		}
		if err := s.insertTargets(ctx, tx, id, in.Targets); err != nil {
			return err
		}
		return tx.Audit("inspection.plan.create", "inspection_plan", id, in.UnitID, nil, in)
	})
	if err != nil {
		return nil, err
	}
	return s.loadPlan(ctx, s.db.Read, id)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (s *InspectionService) insertTargets(ctx context.Context, tx *sqldb.Tx, planID int64, ts []inspection.PlanTargetInput) error {
	for _, t := range ts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO inspection_plan_targets (plan_id, unit_id, month, unannounced) VALUES ($1, $2, $3, $4)`,
			planID, t.UnitID, t.Month, t.Unannounced); err != nil {
			return s.db.Internal("insert plan target", err)
		}
	}
	return nil
}

// planForWrite loads a plan in tx and checks the actor may plan for its
// unit; a plan the actor may not even see is ENOTFOUND.
func (s *InspectionService) planForWrite(ctx context.Context, tx *sqldb.Tx, id int64) (*inspection.Plan, error) {
	p, err := s.loadPlan(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if inspection.SideOf(tx.Actor, p.UnitPath, "") != inspection.SideOwner {
		return nil, errNoPlan()
	}
	u, err := s.owner(ctx, tx, p.UnitID, "unit_id")
	if err != nil {
		return nil, err
	}
	return p, allowed(ctx, s.db, tx.Actor, p.Kind, inspection.StepPlan, ownerOf(u), tx.Now)
}

// UpdatePlan replaces a draft's content. See inspection.Service.
func (s *InspectionService) UpdatePlan(ctx context.Context, id int64, in inspection.PlanInput) (*inspection.Plan, error) {
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		p, err := s.planForWrite(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.Status != inspection.PlanDraft {
			return congvu.Errorf(congvu.ECONFLICT, "Kế hoạch đã được phê duyệt, không sửa được nữa.")
		}
		in.UnitID, in.Kind = p.UnitID, p.Kind // the owner and kind stay
		if _, err := s.checkPlanInput(ctx, tx, &in); err != nil {
			return err
		}
		team, _ := json.Marshal(nonNil(in.Team))
		if _, err := tx.ExecContext(ctx, `UPDATE inspection_plans SET year = $1, title = $2, scope = $3, team = $4, updated_at = $5 WHERE id = $6`,
			in.Year, in.Title, in.Scope, string(team), tx.Now, id); err != nil {
			return s.db.Internal("update inspection plan", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM inspection_plan_targets WHERE plan_id = $1`, id); err != nil {
			return s.db.Internal("replace plan targets", err)
		}
		if err := s.insertTargets(ctx, tx, id, in.Targets); err != nil {
			return err
		}
		return tx.Audit("inspection.plan.update", "inspection_plan", id, p.UnitID, p, in)
	})
	if err != nil {
		return nil, err
	}
	return s.loadPlan(ctx, s.db.Read, id)
}

// ApprovePlan approves a draft. See inspection.Service.
func (s *InspectionService) ApprovePlan(ctx context.Context, id int64) (*inspection.Plan, error) {
	return s.planStep(ctx, id, inspection.PlanDraft, inspection.PlanApproved, "approved_at", "inspection.plan.approve",
		"Chỉ phê duyệt được kế hoạch đang là dự thảo.")
}

// PublishPlan publishes an approved plan. See inspection.Service.
func (s *InspectionService) PublishPlan(ctx context.Context, id int64) (*inspection.Plan, error) {
	return s.planStep(ctx, id, inspection.PlanApproved, inspection.PlanPublished, "published_at", "inspection.plan.publish",
		"Chỉ ban hành được kế hoạch đã phê duyệt.")
}

func (s *InspectionService) planStep(ctx context.Context, id int64, from, to inspection.PlanStatus, col, kind, msg string) (*inspection.Plan, error) {
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		p, err := s.planForWrite(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.Status != from {
			return congvu.Errorf(congvu.ECONFLICT, "%s", msg)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE inspection_plans SET status = $1, `+col+` = $2, updated_at = $2 WHERE id = $3`, to, tx.Now, id); err != nil {
			return s.db.Internal("plan step", err)
		}
		return tx.Audit(kind, "inspection_plan", id, p.UnitID, map[string]any{"status": from}, map[string]any{"status": to})
	})
	if err != nil {
		return nil, err
	}
	return s.loadPlan(ctx, s.db.Read, id)
}

// planSide returns the actor's side of p: the owner's, the target's (when
// the published plan names an announced target the actor sees), or none.
func planSide(a *congvu.Actor, p *inspection.Plan) *inspection.Plan {
	if inspection.SideOf(a, p.UnitPath, "") == inspection.SideOwner {
		return p
	}
	return p.ForSide(inspection.SideTarget, a.Scopes(congvu.ActInspectionView))
}

// FindPlan returns a plan as the actor's side sees it. See inspection.Service.
func (s *InspectionService) FindPlan(ctx context.Context, id int64) (*inspection.Plan, error) {
	p, err := s.loadPlan(ctx, s.db.Read, id)
	if err != nil {
		return nil, err
	}
	if p = planSide(congvu.ActorFromContext(ctx), p); p == nil {
		return nil, errNoPlan()
	}
	return p, nil
}

// FindPlans lists the plans the actor sees: those of units in its subtrees,
// and the published plans with an announced target in them (the SQL form
// of Plan.ForSide; each row then goes through it).
func (s *InspectionService) FindPlans(ctx context.Context, f inspection.PlanFilter) ([]*inspection.Plan, int, error) {
	actor := congvu.ActorFromContext(ctx)
	scopes := actor.Scopes(congvu.ActInspectionView)
	if len(scopes) == 0 {
		return nil, 0, nil
	}
	var a sqldb.Args
	where := []string{`(` + sqldb.ScopeClause("u.path", scopes, &a) + ` OR (p.status = ` + a.Add(inspection.PlanPublished) + ` AND EXISTS (SELECT 1
		FROM inspection_plan_targets t JOIN units tu ON tu.id = t.unit_id WHERE t.plan_id = p.id AND t.unannounced = FALSE AND ` + sqldb.ScopeClause("tu.path", scopes, &a) + `)))`}
	if f.UnitID != 0 {
		ref, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, f.UnitID)
		if err != nil || ref == nil {
			return nil, 0, err
		}
		where = append(where, `(`+sqldb.ScopeClause("u.path", []string{ref.Path}, &a)+` OR EXISTS (SELECT 1 FROM inspection_plan_targets t2 JOIN units tu2 ON tu2.id = t2.unit_id
			WHERE t2.plan_id = p.id AND `+sqldb.ScopeClause("tu2.path", []string{ref.Path}, &a)+`))`)
	}
	if f.Kind != "" {
		where = append(where, "p.kind = "+a.Add(f.Kind))
	}
	if f.Year != 0 {
		where = append(where, "p.year = "+a.Add(f.Year))
	}
	if f.Status != "" {
		where = append(where, "p.status = "+a.Add(f.Status))
	}
	w := ` WHERE ` + strings.Join(where, " AND ")
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*)`+planFrom+w, a...).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("count inspection plans", err)
	}
	ids, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "find inspection plans", `SELECT p.id`+planFrom+w+
		fmt.Sprintf(` ORDER BY p.year DESC, p.id DESC LIMIT %d OFFSET %d`, congvu.ClampLimit(f.Limit), max(f.Offset, 0)),
		func(sc sqldb.Scanner) (int64, error) { var id int64; return id, sc.Scan(&id) }, a...)
	if err != nil {
		return nil, 0, err
	}
	var out []*inspection.Plan
	for _, id := range ids {
		p, err := s.loadPlan(ctx, s.db.Read, id)
		if err != nil {
			return nil, 0, err
		}
		if p = planSide(actor, p); p != nil {
			out = append(out, p)
		}
	}
	return out, total, nil
}
