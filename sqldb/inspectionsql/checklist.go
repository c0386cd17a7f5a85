package inspectionsql

import (
	"congvu"
	"congvu/inspection"
	"congvu/sqldb"
	"congvu/standard"
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// inspForWrite loads an inspection in tx and checks the actor may take
// step on it: an actor outside the owner's side gets ENOTFOUND (the
// inspected unit never acts on its own inspection).
func (s *InspectionService) inspForWrite(ctx context.Context, tx *sqldb.Tx, id int64, step inspection.Step) (*inspection.Inspection, error) {
	x, err := s.loadInspection(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	side := inspection.SideOf(tx.Actor, x.UnitPath, x.TargetUnitPath)
	if side != inspection.SideOwner {
		if x.ForSide(side) != nil {
			return nil, congvu.Errorf(congvu.EFORBIDDEN, "Đơn vị được kiểm tra không sửa được cuộc kiểm tra.")
		}
		return nil, errNoInspection()
	}
	u, err := s.owner(ctx, tx, x.UnitID, "unit_id")
	if err != nil {
		return nil, err
	}
	return x, allowed(ctx, s.db, tx.Actor, x.Kind, step, ownerOf(u), tx.Now)
}

// catalogItems indexes the items in force for a unit (national and the
// local items of the unit and its ancestors) by code, and lists the groups.
func catalogItems(v *standard.Version) (map[string]*standard.Item, map[string][]*standard.Item) {
	items := map[string]*standard.Item{}
	groups := map[string][]*standard.Item{}
	for _, g := range v.Groups {
		groups[g.Code] = g.Items
		for _, it := range g.Items {
			items[it.Code] = it
		}
	}
	return items, groups
}

// GenerateChecklist replaces the checklist of an inspection with nothing
// recorded yet. See inspection.Service.
func (s *InspectionService) GenerateChecklist(ctx context.Context, id int64, in inspection.ChecklistInput) (*inspection.Inspection, error) {
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		x, err := s.inspForWrite(ctx, tx, id, inspection.StepRun)
		if err != nil {
			return err
		}
		if x.Status != inspection.StatusPlanned && x.Status != inspection.StatusInProgress {
			return congvu.Errorf(congvu.ECONFLICT, "Biên bản đã khóa, không lập lại phiếu kiểm tra được.")
		}
		for _, l := range x.Lines {
			if l.Result != inspection.ResultNone {
				return congvu.Errorf(congvu.ECONFLICT, "Phiếu kiểm tra đã có kết quả ghi nhận, không lập lại được.")
			}
		}
		v, err := s.std.CurrentVersion(ctx, x.TargetUnitID)
		if err != nil {
			return err
		}
		specs := in.Items
		if in.TemplateID != 0 {
			t, err := s.loadTemplate(ctx, tx, in.TemplateID)
			if err != nil || t == nil || !inspection.Within(x.UnitPath, t.path) {
				if err == nil {
					err = congvu.FieldError("template_id", "Không tìm thấy mẫu phiếu.")
				}
				return err
			}
			specs = append(append([]inspection.LineSpec{}, t.Lines...), specs...)
		}
		lines, err := chooseLines(v, in.Groups, specs)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM inspection_lines WHERE inspection_id = $1`, id); err != nil {
			return s.db.Internal("replace checklist", err)
		}
		for i, l := range lines {
			if _, err := tx.ExecContext(ctx, `INSERT INTO inspection_lines (inspection_id, position, item_code, item_title, group_code, method, sample, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, i+1, l.ItemCode, l.ItemTitle, l.GroupCode, l.Method, l.Sample, tx.Now); err != nil {
				return s.db.Internal("insert checklist line", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE inspections SET catalog_version_id = $1, updated_at = $2 WHERE id = $3`, v.ID, tx.Now, id); err != nil {
			return s.db.Internal("set catalog version", err)
		}
		codes := make([]string, len(lines))
		for i, l := range lines {
			codes[i] = l.ItemCode
		}
		return tx.Audit("inspection.checklist", "inspection", id, x.UnitID, nil, map[string]any{"catalog_version_id": v.ID, "items": codes})
	})
	if err != nil {
		return nil, err
	}
	return s.loadInspection(ctx, s.db.Read, id)
}

// chooseLines builds the lines of whole groups then single items, each
// item once, from the catalog in force v. EINVALID names the unknown group
// or item.
func chooseLines(v *standard.Version, groups []string, specs []inspection.LineSpec) ([]*inspection.Line, error) {
	items, byGroup := catalogItems(v)
	val := congvu.Validation{}
	seen := map[string]bool{}
	var out []*inspection.Line
	add := func(it *standard.Item, m inspection.Method, sample int) {
		if seen[it.Code] {
			return
		}
		seen[it.Code] = true
		if m == "" {
			m = inspection.DefaultMethod(it.GroupCode, it.Code)
		}
		if sample == 0 {
			sample = inspection.DefaultSample(m)
		}
		out = append(out, &inspection.Line{ItemCode: it.Code, ItemTitle: it.Title, GroupCode: it.GroupCode, Method: m, Sample: sample})
	}
	for _, g := range groups {
		list, ok := byGroup[strings.ToUpper(strings.TrimSpace(g))]
		if !ok {
			val.Add("groups", fmt.Sprintf("Không có nhóm chuẩn mực %q trong bộ chuẩn mực đang có hiệu lực.", g))
			continue
		}
		for _, it := range list {
			add(it, "", 0)
		}
	}
	for i, sp := range specs {
		prefix := fmt.Sprintf("items.%d.", i)
		inspection.ValidateSpec(val, prefix, &sp)
		it, ok := items[strings.ToUpper(strings.TrimSpace(sp.ItemCode))]
		if !ok {
			val.Add(prefix+"item_code", fmt.Sprintf("Không có chuẩn mực %q trong bộ chuẩn mực đang có hiệu lực cho đơn vị.", sp.ItemCode))
			continue
		}
		add(it, sp.Method, sp.Sample)
	}
	if len(out) == 0 {
		val.Add("groups", "Xin chọn ít nhất một nhóm hoặc một chuẩn mực.")
	}
	if len(out) > inspection.MaxLines {
		val.Add("groups", fmt.Sprintf("Phiếu kiểm tra có nhiều hơn %d dòng.", inspection.MaxLines))
	}
	return out, val.Err()
}

type storedTemplate struct {
	*inspection.Template
	path string
}

func (s *InspectionService) loadTemplate(ctx context.Context, q sqldb.Querier, id int64) (*storedTemplate, error) {
	t := &storedTemplate{Template: &inspection.Template{}}
	var lines string
	err := q.QueryRowContext(ctx, `SELECT t.id, t.unit_id, t.name, t.lines, t.created_at, u.path FROM inspection_templates t JOIN units u ON u.id = t.unit_id WHERE t.id = $1`, id).
		Scan(&t.ID, &t.UnitID, &t.Name, &lines, &t.CreatedAt, &t.path)
	if err != nil {
		return nil, s.notFound(err, func() error { return nil }, "load template")
	}
	t.CreatedAt = sqldb.UTC(t.CreatedAt)
	return t, json.Unmarshal([]byte(lines), &t.Lines)
}

// canRunAt reports whether the actor may run checks or inspections of
// either kind at path.
func canRunAt(a *congvu.Actor, path string) bool {
	return a.Can(congvu.ActCheckRun, path) || a.Can(congvu.ActInspectRun, path)
}

// SaveTemplate saves a checklist for a unit to reuse. See inspection.Service.
func (s *InspectionService) SaveTemplate(ctx context.Context, in inspection.TemplateInput) (*inspection.Template, error) {
	var id int64
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := in.Validate(); err != nil {
			return err
		}
		u, err := s.owner(ctx, tx, in.UnitID, "unit_id")
		if err != nil {
			return err
		}
		if !canRunAt(tx.Actor, u.Path) {
			return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền lưu mẫu phiếu kiểm tra của đơn vị này.")
		}
		v, err := s.std.CurrentVersion(ctx, in.UnitID)
		if err != nil {
			return err
		}
		if _, err := chooseLines(v, nil, in.Lines); err != nil {
			return congvu.RenameFields(err, itemsToLines(len(in.Lines)))
		}
		b, _ := json.Marshal(in.Lines)
		if err := tx.QueryRowContext(ctx, `INSERT INTO inspection_templates (unit_id, name, lines, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			in.UnitID, in.Name, string(b), tx.Now).Scan(&id); err != nil {
			return s.db.Internal("insert template", err)
		}
		return tx.Audit("inspection.template.create", "inspection_template", id, in.UnitID, nil, in)
	})
	if err != nil {
		return nil, err
	}
	t, err := s.loadTemplate(ctx, s.db.Read, id)
	if err != nil {
		return nil, err
	}
	return t.Template, nil
}

// itemsToLines renames chooseLines' items.N.* fields to a template's lines.N.*.
func itemsToLines(n int) map[string]string {
	m := map[string]string{"groups": "lines"}
	for i := range n {
		for _, f := range []string{"item_code", "method", "sample"} {
			m[fmt.Sprintf("items.%d.%s", i, f)] = fmt.Sprintf("lines.%d.%s", i, f)
		}
	}
	return m
}

// FindTemplates lists the templates of a unit and its ancestors, for an
// actor who may run checks there. See inspection.Service.
func (s *InspectionService) FindTemplates(ctx context.Context, unitID int64) ([]*inspection.Template, error) {
	u, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, unitID)
	if err != nil {
		return nil, err
	}
	if u == nil || !canRunAt(congvu.ActorFromContext(ctx), u.Path) {
		return nil, sqldb.NotFoundUnit()
	}
	var a sqldb.Args
	var in []string
	for _, id := range sqldb.PathIDs(u.Path) {
		in = append(in, a.Add(id))
	}
	return sqldb.QueryAll(ctx, s.db, s.db.Read, "find templates", `SELECT id, unit_id, name, lines, created_at FROM inspection_templates
		WHERE unit_id IN (`+strings.Join(in, ", ")+`) ORDER BY name, id`, func(sc sqldb.Scanner) (*inspection.Template, error) {
		t := &inspection.Template{}
		var lines string
		if err := sc.Scan(&t.ID, &t.UnitID, &t.Name, &lines, &t.CreatedAt); err != nil {
			return nil, err
		}
		t.CreatedAt = sqldb.UTC(t.CreatedAt)
		return t, json.Unmarshal([]byte(lines), &t.Lines)
	}, a...)
}
