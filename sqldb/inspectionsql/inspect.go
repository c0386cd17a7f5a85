package inspectionsql

import (
	"congvu"
	"congvu/inspection"
	"congvu/sqldb"
	"congvu/vntext"
	"context"
	"database/sql"
	"fmt"
	"strings"
)

const inspCols = `i.id, COALESCE(i.plan_id, 0), COALESCE(i.plan_target_id, 0), i.kind, i.unit_id, u.name, u.path,
	i.target_unit_id, tu.name, tu.path, i.origin, i.reason, i.unannounced, i.status, i.scheduled_on, i.visited_at,
	COALESCE(i.lead_user_id, 0), COALESCE(i.catalog_version_id, 0), i.conclusion, i.conclusion_status, i.issued_at, i.created_at, i.updated_at`

const inspFrom = ` FROM inspections i JOIN units u ON u.id = i.unit_id JOIN units tu ON tu.id = i.target_unit_id`

func scanInspection(sc sqldb.Scanner) (*inspection.Inspection, error) {
	x := &inspection.Inspection{}
	var sched, visited, issued sql.NullTime
	if err := sc.Scan(&x.ID, &x.PlanID, &x.PlanTargetID, &x.Kind, &x.UnitID, &x.UnitName, &x.UnitPath,
		&x.TargetUnitID, &x.TargetUnitName, &x.TargetUnitPath, &x.Origin, &x.Reason, &x.Unannounced, &x.Status, &sched, &visited,
		&x.LeadUserID, &x.CatalogVersionID, &x.Conclusion, &x.ConclusionStatus, &issued, &x.CreatedAt, &x.UpdatedAt); err != nil {
		return nil, err
	}
	x.ScheduledOn, x.VisitedAt, x.IssuedAt = sqldb.UTCPtr(sched), sqldb.UTCPtr(visited), sqldb.UTCPtr(issued)
	x.CreatedAt, x.UpdatedAt = sqldb.UTC(x.CreatedAt), sqldb.UTC(x.UpdatedAt)
	return x, nil
}

const lineCols = `l.id, l.inspection_id, l.position, l.item_code, l.item_title, l.group_code, l.method, l.sample, l.result, l.note,
	COALESCE(l.official_id, 0), COALESCE(o.full_name, ''), l.recorded_at, COALESCE(l.client_key, ''), l.updated_at`

const lineFrom = ` FROM inspection_lines l LEFT JOIN officials o ON o.id = l.official_id`

func scanLine(sc sqldb.Scanner) (*inspection.Line, error) {
	l := &inspection.Line{}
	var rec sql.NullTime
	if err := sc.Scan(&l.ID, &l.InspectionID, &l.Position, &l.ItemCode, &l.ItemTitle, &l.GroupCode, &l.Method, &l.Sample, &l.Result, &l.Note,
		&l.OfficialID, &l.OfficialName, &rec, &l.ClientKey, &l.UpdatedAt); err != nil {
		return nil, err
	}
	l.RecordedAt, l.UpdatedAt = sqldb.UTCPtr(rec), sqldb.UTC(l.UpdatedAt)
	return l, nil
}

// loadInspection reads an inspection with its lines, without any
// authorization check.
func (s *InspectionService) loadInspection(ctx context.Context, q sqldb.Querier, id int64) (*inspection.Inspection, error) {
	x, err := scanInspection(q.QueryRowContext(ctx, `SELECT `+inspCols+inspFrom+` WHERE i.id = $1`, id))
	if err != nil {
		return nil, s.notFound(err, errNoInspection, "load inspection")
	}
	x.Lines, err = sqldb.QueryAll(ctx, s.db, q, "load inspection lines", `SELECT `+lineCols+lineFrom+` WHERE l.inspection_id = $1 ORDER BY l.position, l.id`, scanLine, id)
	return x, err
}

// CreateInspection starts an inspection. See inspection.Service.
func (s *InspectionService) CreateInspection(ctx context.Context, in inspection.InspectionInput) (*inspection.Inspection, error) {
	var id int64
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := in.Validate(); err != nil {
			return err
		}
		var planID sql.NullInt64
		if in.Origin == inspection.OriginPlan {
			var status inspection.PlanStatus
			var started int
			err := tx.QueryRowContext(ctx, `SELECT p.id, p.kind, p.unit_id, p.status, t.unit_id, t.unannounced, (SELECT COUNT(*) FROM inspections WHERE plan_target_id = t.id)
				FROM inspection_plan_targets t JOIN inspection_plans p ON p.id = t.plan_id WHERE t.id = $1`, in.PlanTargetID).
				Scan(&planID, &in.Kind, &in.UnitID, &status, &in.TargetUnitID, &in.Unannounced, &started)
			if err == sql.ErrNoRows {
				return congvu.FieldError("plan_target_id", "Không tìm thấy đơn vị này trong kế hoạch.")
			}
			if err != nil {
				return s.db.Internal("load plan target", err)
			}
			if status != inspection.PlanPublished {
				return congvu.FieldError("plan_target_id", "Kế hoạch chưa được ban hành.")
			}
			if started > 0 {
				return congvu.Errorf(congvu.ECONFLICT, "Đơn vị này trong kế hoạch đã có cuộc kiểm tra.")
			}
		}
		u, err := s.owner(ctx, tx, in.UnitID, "unit_id")
		if err != nil {
			return err
		}
		if err := allowed(ctx, s.db, tx.Actor, in.Kind, inspection.StepRun, ownerOf(u), tx.Now); err != nil {
			return err
		}
		tu, err := sqldb.LoadUnitRef(ctx, s.db, tx, in.TargetUnitID)
		if err != nil {
			return err
		}
		if tu == nil || !tu.Active {
			return congvu.FieldError("target_unit_id", "Không tìm thấy đơn vị được kiểm tra.")
		}
		if !inspection.Within(tu.Path, u.Path) {
			return congvu.FieldError("target_unit_id", "Đơn vị được kiểm tra phải thuộc đơn vị tiến hành.")
		}
		var sched any
		if in.ScheduledOn != nil {
			sched = utcDate(*in.ScheduledOn)
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO inspections (plan_id, plan_target_id, kind, unit_id, target_unit_id, origin, reason, unannounced, status,
			scheduled_on, lead_user_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
			planID, sqldb.NullID(in.PlanTargetID), in.Kind, in.UnitID, in.TargetUnitID, in.Origin, in.Reason, in.Unannounced, inspection.StatusPlanned,
			sched, sqldb.NullID(max(tx.Actor.UserID, 0)), tx.Now).Scan(&id)
		if sqldb.IsUniqueViolation(err) {
			return congvu.Errorf(congvu.ECONFLICT, "Đơn vị này trong kế hoạch đã có cuộc kiểm tra.")
		}
		if err != nil {
			return s.db.Internal("insert inspection", err)
		}
		return tx.Audit("inspection.create", "inspection", id, in.UnitID, nil, in)
	})
	if err != nil {
		return nil, err
	}
	return s.loadInspection(ctx, s.db.Read, id)
}

// FindInspection returns an inspection as the actor's side sees it. See
// inspection.Service.
func (s *InspectionService) FindInspection(ctx context.Context, id int64) (*inspection.Inspection, error) {
	x, err := s.loadInspection(ctx, s.db.Read, id)
	if err != nil {
		return nil, err
	}
	if x = x.ForSide(inspection.SideOf(congvu.ActorFromContext(ctx), x.UnitPath, x.TargetUnitPath)); x == nil {
		return nil, errNoInspection()
	}
	return x, nil
}

// visibleClause is the SQL form of Inspection.ForSide for lists: the owner
// side sees every inspection of the units in its scopes; the inspected
// side those of its units that are announced or visited
// (Inspection.Hidden).
func visibleClause(scopes []string, a *sqldb.Args) string {
	return `(` + sqldb.ScopeClause("u.path", scopes, a) + ` OR (` + sqldb.ScopeClause("tu.path", scopes, a) +
		` AND (i.unannounced = FALSE OR i.visited_at IS NOT NULL)))`
}

// FindInspections lists the inspections the actor sees. See
// inspection.Service.
func (s *InspectionService) FindInspections(ctx context.Context, f inspection.Filter) ([]*inspection.Inspection, int, error) {
	actor := congvu.ActorFromContext(ctx)
	scopes := actor.Scopes(congvu.ActInspectionView)
	if len(scopes) == 0 {
		return nil, 0, nil
	}
	var a sqldb.Args
	where := []string{visibleClause(scopes, &a)}
	for _, c := range []struct {
		id   int64
		cols []string
	}{{f.UnitID, []string{"u.path", "tu.path"}}, {f.TargetUnitID, []string{"tu.path"}}} {
		if c.id == 0 {
			continue
		}
		ref, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, c.id)
		if err != nil || ref == nil {
			return nil, 0, err
		}
		var or []string
		for _, col := range c.cols {
			or = append(or, sqldb.ScopeClause(col, []string{ref.Path}, &a))
		}
		where = append(where, "("+strings.Join(or, " OR ")+")")
	}
	if p := vntext.LikePattern(f.Query); p != "" {
		ph := a.Add(p)
		where = append(where, `(tu.search_name LIKE `+ph+` ESCAPE '\' OR u.search_name LIKE `+ph+` ESCAPE '\')`)
	}
	if f.PlanID != 0 {
		where = append(where, "i.plan_id = "+a.Add(f.PlanID))
	}
	if f.Kind != "" {
		where = append(where, "i.kind = "+a.Add(f.Kind))
	}
	if f.Status != "" {
		where = append(where, "i.status = "+a.Add(f.Status))
	}
	if !f.From.IsZero() {
		where = append(where, `((i.visited_at IS NOT NULL AND i.visited_at >= `+a.Add(congvu.Date(f.From).UTC())+
			`) OR (i.visited_at IS NULL AND i.scheduled_on >= `+a.Add(utcDate(f.From))+`))`)
	}
	if !f.To.IsZero() {
		where = append(where, `((i.visited_at IS NOT NULL AND i.visited_at < `+a.Add(congvu.Date(f.To).AddDate(0, 0, 1).UTC())+
			`) OR (i.visited_at IS NULL AND i.scheduled_on <= `+a.Add(utcDate(f.To))+`))`)
	}
	w := ` WHERE ` + strings.Join(where, " AND ")
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*)`+inspFrom+w, a...).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("count inspections", err)
	}
	list, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "find inspections", `SELECT `+inspCols+inspFrom+w+
		fmt.Sprintf(` ORDER BY i.created_at DESC, i.id DESC LIMIT %d OFFSET %d`, congvu.ClampLimit(f.Limit), max(f.Offset, 0)), scanInspection, a...)
	if err != nil {
		return nil, 0, err
	}
	out := list[:0]
	for _, x := range list {
		if x = x.ForSide(inspection.SideOf(actor, x.UnitPath, x.TargetUnitPath)); x != nil {
			out = append(out, x)
		}
	}
	return out, total, nil
}
