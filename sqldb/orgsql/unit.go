package orgsql

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/vntext"
)

// UnitService implements congvu.UnitService.
type UnitService struct{ db *sqldb.DB }

// NewUnitService returns the unit service on db.
func NewUnitService(db *sqldb.DB) *UnitService { return &UnitService{db: db} }

var _ org.UnitService = (*UnitService)(nil)

// unitBy loads one unit without any authorization check.
func (s *UnitService) unitBy(ctx context.Context, q sqldb.Querier, where string, arg any) (*org.Unit, error) {
	return sqldb.LoadUnit(ctx, s.db, q, where, arg)
}

// visible returns the unit if the actor may view it, else ENOTFOUND.
func (s *UnitService) visible(ctx context.Context, u *org.Unit) error {
	a := congvu.ActorFromContext(ctx)
	if a.Can(congvu.ActUnitView, u.Path) {
		return nil
	}
	return sqldb.NotFoundUnit()
}

// FindUnitByID returns a unit with ancestors, predecessors and successors.
func (s *UnitService) FindUnitByID(ctx context.Context, id int64) (*org.Unit, error) {
	u, err := s.unitBy(ctx, s.db.Read, "u.id = $1", id)
	if err != nil {
		return nil, err
	}
	return u, s.complete(ctx, u)
}

// codeInForce selects the unit a code names: codes are unique among units
// in force only (a new unit may take the code of a dissolved one), so the
// unit in force with the code, else the one dissolved last.
const codeInForce = "u.id = (SELECT x.id FROM units x WHERE x.code = $1 ORDER BY x.active DESC, x.id DESC LIMIT 1)"

// FindUnitByCode returns a unit by its code: the unit in force with it,
// else the last dissolved one.
func (s *UnitService) FindUnitByCode(ctx context.Context, code string) (*org.Unit, error) {
	u, err := s.unitBy(ctx, s.db.Read, codeInForce, strings.TrimSpace(code))
	if err != nil {
		return nil, err
	}
	return u, s.complete(ctx, u)
}

// FindPublicUnitByCode returns the public facts of an active unit.
func (s *UnitService) FindPublicUnitByCode(ctx context.Context, code string) (*org.Unit, error) {
	u, err := s.unitBy(ctx, s.db.Read, "u.code = $1 AND u.active = TRUE", strings.TrimSpace(code))
	if err != nil {
		return nil, err
	}
	return &org.Unit{ID: u.ID, Code: u.Code, Name: u.Name, Kind: u.Kind, TypeName: u.TypeName, Active: u.Active}, nil
}

// FindPublicUnits finds active units for citizens. See congvu.UnitService.
func (s *UnitService) FindPublicUnits(ctx context.Context, query string, limit int) ([]*org.Unit, error) {
	pat := vntext.LikePattern(query)
	if pat == "" {
		return nil, nil
	}
	limit = min(max(limit, 1), 50)
	return sqldb.QueryAll(ctx, s.db, s.db.Read, "find public units", `SELECT u.id, u.code, u.name, u.kind, u.type_name, COALESCE(p.id, 0), COALESCE(p.name, '')
		FROM units u LEFT JOIN units p ON p.id = u.parent_id
		WHERE u.active = TRUE AND (u.search_name LIKE $1 ESCAPE '\' OR u.code = $2)
		ORDER BY u.depth, u.search_name, u.id LIMIT `+strconv.Itoa(limit), func(sc sqldb.Scanner) (*org.Unit, error) {
		u := &org.Unit{Active: true}
		var kind string
		var parentID int64
		var parentName string
		if err := sc.Scan(&u.ID, &u.Code, &u.Name, &kind, &u.TypeName, &parentID, &parentName); err != nil {
			return nil, err
		}
		u.Kind = org.UnitKind(kind)
		if parentID != 0 {
			u.Ancestors = []*org.Unit{{ID: parentID, Name: parentName}}
		}
		return u, nil
	}, pat, strings.TrimSpace(query))
}

func (s *UnitService) complete(ctx context.Context, u *org.Unit) error {
	if err := s.visible(ctx, u); err != nil {
		return err
	}
	ids := sqldb.PathIDs(u.Path)
	if len(ids) > 1 {
		var a sqldb.Args
		ph := make([]string, 0, len(ids)-1)
		for _, id := range ids[:len(ids)-1] {
			ph = append(ph, a.Add(id))
		}
		list, err := s.queryUnits(ctx, `SELECT `+sqldb.UnitCols+` FROM units u WHERE u.id IN (`+strings.Join(ph, ",")+`) ORDER BY u.depth`, a...)
		if err != nil {
			return err
		}
		u.Ancestors = list
	}
	var err error
	u.Successors, err = s.queryUnits(ctx, `SELECT `+sqldb.UnitCols+` FROM units u JOIN unit_successions s ON s.to_unit_id = u.id WHERE s.from_unit_id = $1 AND s.to_unit_id <> s.from_unit_id ORDER BY u.id`, u.ID)
	if err != nil {
		return err
	}
	u.Predecessors, err = s.queryUnits(ctx, `SELECT `+sqldb.UnitCols+` FROM units u JOIN unit_successions s ON s.from_unit_id = u.id WHERE s.to_unit_id = $1 AND s.to_unit_id <> s.from_unit_id ORDER BY u.id`, u.ID)
	if err != nil {
		return err
	}
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM units WHERE parent_id = $1 AND active = TRUE`, u.ID).Scan(&u.ChildCount); err != nil {
		return s.db.Internal("count children", err)
	}
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM officials WHERE unit_id = $1 AND active = TRUE`, u.ID).Scan(&u.OfficialsN); err != nil {
		return s.db.Internal("count officials", err)
	}
	return nil
}

func (s *UnitService) queryUnits(ctx context.Context, q string, a ...any) ([]*org.Unit, error) {
	return sqldb.QueryAll(ctx, s.db, s.db.Read, "query units", q, sqldb.ScanUnit, a...)
}

// FindUnits lists units in the actor's scope.
func (s *UnitService) FindUnits(ctx context.Context, f org.UnitFilter) ([]*org.Unit, int, error) {
	a := congvu.ActorFromContext(ctx)
	var q sqldb.Args
	var where []string
	// A visible unit's subtree lies inside the actor's scope, so its own
	// range (or parent id) is the whole condition: the narrowest index wins.
	switch {
	case f.UnderID != 0:
		under, err := s.unitBy(ctx, s.db.Read, "u.id = $1", f.UnderID)
		if err != nil {
			return nil, 0, err
		}
		if err := s.visible(ctx, under); err != nil {
			return nil, 0, err
		}
		where = append(where, sqldb.ScopeClause("u.path", []string{under.Path}, &q))
		if f.ParentID != 0 {
			where = append(where, "u.parent_id = "+q.Add(f.ParentID))
		}
	case f.ParentID != 0:
		parent, err := s.unitBy(ctx, s.db.Read, "u.id = $1", f.ParentID)
		if err != nil {
			return nil, 0, err
		}
		if err := s.visible(ctx, parent); err != nil {
			return nil, 0, err
		}
		where = append(where, "u.parent_id = "+q.Add(f.ParentID))
	default:
		where = append(where, sqldb.ScopeClause("u.path", a.Scopes(congvu.ActUnitView), &q))
	}
	if f.Kind != "" {
		where = append(where, "u.kind = "+q.Add(string(f.Kind)))
	}
	if !f.IncludeClosed {
		where = append(where, "u.active = TRUE")
	}
	if pat := vntext.LikePattern(f.Query); pat != "" {
		where = append(where, "(u.search_name LIKE "+q.Add(pat)+` ESCAPE '\' OR u.code = `+q.Add(strings.TrimSpace(f.Query))+")")
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM units u WHERE `+cond, q...).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("count units", err)
	}
	limit := congvu.ClampLimit(f.Limit)
	list, err := s.queryUnits(ctx, `SELECT `+sqldb.UnitCols+` FROM units u WHERE `+cond+
		fmt.Sprintf(` ORDER BY u.depth, u.search_name, u.id LIMIT %d OFFSET %d`, limit, max(f.Offset, 0)), q...)
	if err != nil {
		return nil, 0, err
	}
	if err := s.fillCounts(ctx, list); err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// fillCounts sets ChildCount and OfficialsN on a page of units with two queries.
func (s *UnitService) fillCounts(ctx context.Context, list []*org.Unit) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[int64]*org.Unit, len(list))
	var q sqldb.Args
	ph := make([]string, 0, len(list))
	for _, u := range list {
		byID[u.ID] = u
		ph = append(ph, q.Add(u.ID))
	}
	in := strings.Join(ph, ",")
	for _, c := range []struct {
		sql string
		set func(*org.Unit, int)
	}{
		{`SELECT parent_id, COUNT(*) FROM units WHERE active = TRUE AND parent_id IN (` + in + `) GROUP BY parent_id`, func(u *org.Unit, n int) { u.ChildCount = n }},
		{`SELECT unit_id, COUNT(*) FROM officials WHERE active = TRUE AND unit_id IN (` + in + `) GROUP BY unit_id`, func(u *org.Unit, n int) { u.OfficialsN = n }},
	} {
		rows, err := s.db.Read.QueryContext(ctx, c.sql, q...)
		if err != nil {
			return s.db.Internal("unit counts", err)
		}
		for rows.Next() {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				rows.Close()
				return s.db.Internal("unit counts", err)
			}
			c.set(byID[id], n)
		}
		rows.Close()
	}
	return nil
}

// CountSubtree counts the units of a subtree, the unit included.
func (s *UnitService) CountSubtree(ctx context.Context, id int64) (int, error) {
	u, err := s.unitBy(ctx, s.db.Read, "u.id = $1", id)
	if err != nil {
		return 0, err
	}
	if err := s.visible(ctx, u); err != nil {
		return 0, err
	}
	var n int
	err = s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM units WHERE path >= $1 AND path < $2`, u.Path, congvu.SubtreeUpper(u.Path)).Scan(&n)
	return n, s.db.Internal("count subtree", err)
}

var unitCodeRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)

// validateUnit normalises and checks input.
func validateUnit(in *org.UnitInput) error {
	in.Code = strings.TrimSpace(in.Code)
	in.Name = vntext.Normalize(in.Name)
	in.TypeName = vntext.Normalize(in.TypeName)
	v := congvu.Validation{}
	if !unitCodeRe.MatchString(in.Code) {
		v.Add("code", "Mã đơn vị bắt buộc, gồm chữ cái không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới (tối đa 40 ký tự).")
	}
	if in.Name == "" {
		v.Add("name", "Tên đơn vị không được để trống.")
	} else if utf8.RuneCountInString(in.Name) > 200 {
		v.Add("name", "Tên đơn vị dài quá 200 ký tự.")
	}
	if !in.Kind.Valid() || in.Kind == org.KindNation {
		v.Add("kind", "Xin chọn loại đơn vị.")
	}
	if utf8.RuneCountInString(in.TypeName) > 80 {
		v.Add("type_name", "Tên loại hình dài quá 80 ký tự.")
	}
	return v.Err()
}

// CreateUnit creates a unit under a parent.
func (s *UnitService) CreateUnit(ctx context.Context, in org.UnitInput) (*org.Unit, error) {
	if err := validateUnit(&in); err != nil {
		return nil, err
	}
	a := congvu.ActorFromContext(ctx)
	var id int64
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		parent, err := s.unitBy(ctx, tx, "u.id = $1", in.ParentID)
		if err != nil || !a.Can(congvu.ActUnitView, parent.Path) {
			return congvu.FieldError("parent_id", "Không tìm thấy đơn vị cấp trên.")
		}
		if !a.Can(congvu.ActUnitManage, parent.Path) {
			return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền thêm đơn vị vào %s.", parent.Name)
		}
		if !parent.Active {
			return congvu.FieldError("parent_id", "Đơn vị cấp trên đã giải thể hoặc sáp nhập.")
		}
		id, err = s.insertUnit(ctx, tx, in, parent)
		if err != nil {
			return err
		}
		u, err := s.unitBy(ctx, tx, "u.id = $1", id)
		if err != nil {
			return err
		}
		return tx.Audit("unit.create", "unit", id, id, nil, u)
	})
	if err != nil {
		return nil, err
	}
	return s.FindUnitByID(ctx, id)
}

// insertUnit inserts one unit under parent and sets its path.
func (s *UnitService) insertUnit(ctx context.Context, tx *sqldb.Tx, in org.UnitInput, parent *org.Unit) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO units (code, name, search_name, kind, type_name, parent_id, path, depth, active, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, '', $7, TRUE, $8, $8) RETURNING id`,
		in.Code, in.Name, vntext.SearchKey(in.Name), string(in.Kind), in.TypeName, parent.ID, parent.Depth+1, tx.Now).Scan(&id)
	if sqldb.IsUniqueViolation(err) {
		return 0, &congvu.Error{Code: congvu.ECONFLICT, Message: "Mã đơn vị đã được dùng.", Fields: map[string]string{"code": fmt.Sprintf("Mã %q đã được dùng cho đơn vị khác.", in.Code)}}
	}
	if err != nil {
		return 0, s.db.Internal("insert unit", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE units SET path = $1 WHERE id = $2`, congvu.PathOf(parent.Path, id), id); err != nil {
		return 0, s.db.Internal("set unit path", err)
	}
	return id, nil
}

// UpdateUnit edits code, name, kind and type name.
func (s *UnitService) UpdateUnit(ctx context.Context, id int64, in org.UnitInput) (*org.Unit, error) {
	if err := validateUnit(&in); err != nil {
		return nil, err
	}
	a := congvu.ActorFromContext(ctx)
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		before, err := s.unitBy(ctx, tx, "u.id = $1", id)
		if err != nil || !a.Can(congvu.ActUnitView, before.Path) {
			return sqldb.NotFoundUnit()
		}
		if !a.Can(congvu.ActUnitManage, before.Path) {
			return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền sửa đơn vị này.")
		}
		if before.Kind == org.KindNation {
			in.Kind = org.KindNation
		}
		_, err = tx.ExecContext(ctx, `UPDATE units SET code = $1, name = $2, search_name = $3, kind = $4, type_name = $5, updated_at = $6 WHERE id = $7`,
			in.Code, in.Name, vntext.SearchKey(in.Name), string(in.Kind), in.TypeName, tx.Now, id)
		if sqldb.IsUniqueViolation(err) {
			return &congvu.Error{Code: congvu.ECONFLICT, Message: "Mã đơn vị đã được dùng.", Fields: map[string]string{"code": fmt.Sprintf("Mã %q đã được dùng cho đơn vị khác.", in.Code)}}
		}
		if err != nil {
			return s.db.Internal("update unit", err)
		}
		after, err := s.unitBy(ctx, tx, "u.id = $1", id)
		if err != nil {
			return err
		}
		return tx.Audit("unit.update", "unit", id, id, before, after)
	})
	if err != nil {
		return nil, err
	}
	return s.FindUnitByID(ctx, id)
}

// nationalFile is the dvhcvn JSON format: provinces, districts, communes.
type nationalFile struct {
	Data []struct {
		ID      string `json:"level1_id"`
		Name    string `json:"name"`
		Type    string `json:"type"`
		Level2s []struct {
			ID      string `json:"level2_id"`
			Name    string `json:"name"`
			Type    string `json:"type"`
			Level3s []struct {
				ID   string `json:"level3_id"`
				Name string `json:"name"`
				Type string `json:"type"`
			} `json:"level3s"`
		} `json:"level2s"`
	} `json:"data"`
}

// importRow is one unit of a national file, flattened.
type importRow struct {
	code, name, typeName, parentCode string
	kind                             org.UnitKind
	depth                            int
}

// parseNationalFile reads and checks a dvhcvn file, parents before children.
func parseNationalFile(r io.Reader) ([]importRow, error) {
	var f nationalFile
	dec := json.NewDecoder(r)
	if err := dec.Decode(&f); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, congvu.Errorf(congvu.EINVALID, "Tệp không phải JSON hợp lệ (lỗi ở byte %d).", se.Offset)
		}
		return nil, congvu.Errorf(congvu.EINVALID, "Tệp không đúng định dạng danh mục đơn vị hành chính (dvhcvn): %v.", err)
	}
	if len(f.Data) == 0 {
		return nil, congvu.Errorf(congvu.EINVALID, "Tệp không có tỉnh, thành phố nào (thiếu mục \"data\").")
	}
	var rows []importRow
	seen := map[string]string{}
	check := func(code, name, where string) error {
		if !unitCodeRe.MatchString(code) {
			return congvu.Errorf(congvu.EINVALID, "%s: mã đơn vị %q không hợp lệ.", where, code)
		}
		if vntext.Normalize(name) == "" {
			return congvu.Errorf(congvu.EINVALID, "%s (mã %s): thiếu tên.", where, code)
		}
		if prev, dup := seen[code]; dup {
			return congvu.Errorf(congvu.EINVALID, "%s: mã %s trùng với %s.", where, code, prev)
		}
		seen[code] = name
		return nil
	}
	var districts, communes []importRow
	for i, p := range f.Data {
		where := fmt.Sprintf("Tỉnh thứ %d", i+1)
		if err := check(p.ID, p.Name, where); err != nil {
			return nil, err
		}
		rows = append(rows, importRow{p.ID, vntext.Normalize(p.Name), vntext.Normalize(p.Type), congvu.RootUnitCode, org.KindProvince, 1})
		for j, d := range p.Level2s {
			where := fmt.Sprintf("%s, huyện thứ %d", p.Name, j+1)
			if err := check(d.ID, d.Name, where); err != nil {
				return nil, err
			}
			districts = append(districts, importRow{d.ID, vntext.Normalize(d.Name), vntext.Normalize(d.Type), p.ID, org.KindDistrict, 2})
			for k, c := range d.Level3s {
				where := fmt.Sprintf("%s, %s, xã thứ %d", p.Name, d.Name, k+1)
				if err := check(c.ID, c.Name, where); err != nil {
					return nil, err
				}
				communes = append(communes, importRow{c.ID, vntext.Normalize(c.Name), vntext.Normalize(c.Type), d.ID, org.KindCommune, 3})
			}
		}
	}
	rows = append(rows, districts...)
	return append(rows, communes...), nil
}

// ImportUnits imports a national unit file under the root, idempotently.
func (s *UnitService) ImportUnits(ctx context.Context, r io.Reader, progress congvu.Progress) (*org.ImportResult, error) {
	a := congvu.ActorFromContext(ctx)
	if !a.Can(congvu.ActUnitManage, congvu.RootUnitPath) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Chỉ quản trị hệ thống cấp toàn quốc được nhập danh mục đơn vị hành chính.")
	}
	rows, err := parseNationalFile(r)
	if err != nil {
		return nil, err
	}
	if progress == nil {
		progress = func(int, int) {}
	}
	res := &org.ImportResult{Total: len(rows)}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		type existing struct {
			id, parentID   int64
			name, typeName string
			kind           org.UnitKind
			active         bool
			restructured   bool // took part in a restructuring: the plans manage it
		}
		have := map[string]existing{}
		list, err := tx.QueryContext(ctx, `SELECT id, code, COALESCE(parent_id, 0), name, type_name, kind, active FROM units`)
		if err != nil {
			return s.db.Internal("load units", err)
		}
		for list.Next() {
			var e existing
			var code string
			if err := list.Scan(&e.id, &code, &e.parentID, &e.name, &e.typeName, &e.kind, &e.active); err != nil {
				list.Close()
				return s.db.Internal("load units", err)
			}
			if prev, ok := have[code]; !ok || e.active && !prev.active || e.active == prev.active && e.id > prev.id {
				have[code] = e // codes are reused: the unit in force with the code
			}
		}
		list.Close()
		if err := list.Err(); err != nil {
			return s.db.Internal("load units", err)
		}
		// A unit that a restructuring created, continued or renamed is not
		// the unit of the same code in an older national file.
		ids, err := tx.QueryContext(ctx, `SELECT from_unit_id FROM unit_successions UNION SELECT to_unit_id FROM unit_successions`)
		if err != nil {
			return s.db.Internal("load successions", err)
		}
		restructured := map[int64]bool{}
		for ids.Next() {
			var id int64
			if err := ids.Scan(&id); err != nil {
				ids.Close()
				return s.db.Internal("load successions", err)
			}
			restructured[id] = true
		}
		ids.Close()
		if err := ids.Err(); err != nil {
			return s.db.Internal("load successions", err)
		}
		for code, e := range have {
			if restructured[e.id] {
				e.restructured = true
				have[code] = e
			}
		}
		// New units are inserted in batches with an empty path, level by
		// level so their parents exist; paths are then set per level in one
		// statement each.
		const batch = 400
		var pending []importRow
		flush := func() error {
			if len(pending) == 0 {
				return nil
			}
			var q sqldb.Args
			vals := make([]string, 0, len(pending))
			for _, row := range pending {
				parent, ok := have[row.parentCode]
				if !ok {
					return congvu.Errorf(congvu.EINVALID, "Không tìm thấy đơn vị cấp trên mã %s của %s.", row.parentCode, row.name)
				}
				vals = append(vals, fmt.Sprintf("(%s, %s, %s, %s, %s, %s, '', %s, TRUE, %s, %s)",
					q.Add(row.code), q.Add(row.name), q.Add(vntext.SearchKey(row.name)), q.Add(string(row.kind)), q.Add(row.typeName),
					q.Add(parent.id), q.Add(row.depth), q.Add(tx.Now), q.Add(tx.Now)))
			}
			ins, err := tx.QueryContext(ctx, `INSERT INTO units (code, name, search_name, kind, type_name, parent_id, path, depth, active, created_at, updated_at) VALUES `+
				strings.Join(vals, ", ")+` RETURNING id, code`, q...)
			if err != nil {
				return s.db.Internal("insert units", err)
			}
			for ins.Next() {
				var id int64
				var code string
				if err := ins.Scan(&id, &code); err != nil {
					ins.Close()
					return s.db.Internal("insert units", err)
				}
				have[code] = existing{id: id, active: true}
			}
			ins.Close()
			if err := ins.Err(); err != nil {
				return s.db.Internal("insert units", err)
			}
			res.Created += len(pending)
			pending = pending[:0]
			return nil
		}
		setPaths := func(depth int) error {
			_, err := tx.ExecContext(ctx, `UPDATE units SET path = (SELECT p.path FROM units p WHERE p.id = units.parent_id) || CAST(id AS TEXT) || '/'
				WHERE path = '' AND depth = $1`, depth)
			return s.db.Internal("set unit paths", err)
		}
		depth := 1
		for i, row := range rows {
			if row.depth != depth {
				if err := flush(); err != nil {
					return err
				}
				if err := setPaths(depth); err != nil {
					return err
				}
				depth = row.depth
			}
			e, ok := have[row.code]
			switch {
			case !ok:
				pending = append(pending, row)
				if len(pending) == batch {
					if err := flush(); err != nil {
						return err
					}
				}
			case !e.active || e.restructured || (e.name == row.name && e.typeName == row.typeName && e.kind == row.kind):
				// Unchanged, or dissolved or changed by a restructuring: history stays as it is.
				res.Unchanged++
			default:
				if _, err := tx.ExecContext(ctx, `UPDATE units SET name = $1, search_name = $2, type_name = $3, kind = $4, updated_at = $5 WHERE id = $6`,
					row.name, vntext.SearchKey(row.name), row.typeName, string(row.kind), tx.Now, e.id); err != nil {
					return s.db.Internal("update unit", err)
				}
				res.Updated++
			}
			if i%500 == 0 {
				progress(i, len(rows))
			}
		}
		if err := flush(); err != nil {
			return err
		}
		if err := setPaths(depth); err != nil {
			return err
		}
		progress(len(rows), len(rows))
		if res.Created+res.Updated == 0 {
			return nil // nothing written, nothing to audit
		}
		return tx.Audit("unit.import", "unit", 1, 1, nil, res)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// FindRestructurings lists the restructurings a unit took part in.
func (s *UnitService) FindRestructurings(ctx context.Context, unitID int64) ([]*org.Restructuring, error) {
	u, err := s.unitBy(ctx, s.db.Read, "u.id = $1", unitID)
	if err != nil {
		return nil, err
	}
	if err := s.visible(ctx, u); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT r.id, r.kind, r.effective_on, r.decision, r.note, r.created_at, s.from_unit_id, s.to_unit_id
		FROM restructurings r JOIN unit_successions s ON s.restructuring_id = r.id
		WHERE r.id IN (SELECT restructuring_id FROM unit_successions WHERE from_unit_id = $1 OR to_unit_id = $1)
		ORDER BY r.effective_on DESC, r.id DESC`, unitID)
	if err != nil {
		return nil, s.db.Internal("restructurings", err)
	}
	defer rows.Close()
	var out []*org.Restructuring
	byID := map[int64]*org.Restructuring{}
	for rows.Next() {
		var r org.Restructuring
		var from, to int64
		if err := rows.Scan(&r.ID, &r.Kind, &r.Effective, &r.Decision, &r.Note, &r.CreatedAt, &from, &to); err != nil {
			return nil, s.db.Internal("restructurings", err)
		}
		x := byID[r.ID]
		if x == nil {
			r.Effective, r.CreatedAt = sqldb.UTC(r.Effective), sqldb.UTC(r.CreatedAt)
			x = &r
			byID[r.ID] = x
			out = append(out, x)
		}
		x.FromIDs = appendUnique(x.FromIDs, from)
		x.ToIDs = appendUnique(x.ToIDs, to)
	}
	return out, s.db.Internal("restructurings", rows.Err())
}

func appendUnique(ids []int64, id int64) []int64 {
	for _, x := range ids {
		if x == id {
			return ids
		}
	}
	return append(ids, id)
}
